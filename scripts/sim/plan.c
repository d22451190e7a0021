// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"

#define PLAN_MAX 256

static struct {
	uint32_t net, mask, asn;
	int len;
	char cc[3], name[128];
} plan[PLAN_MAX];
static int nplan;

int plan_load(const char *path)
{
	char line[512], *f[4], *save;
	FILE *in = fopen(path, "r");
	int no = 0, i;

	if (!in) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), in)) {
		struct in_addr a;
		char *slash;

		no++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		save = line;
		for (i = 0; i < 4; i++)
			f[i] = strsep(&save, "\t");
		slash = f[0] ? strchr(f[0], '/') : NULL;
		if (nplan == PLAN_MAX || !f[2] || !slash || (*slash = '\0', !inet_aton(f[0], &a))) {
			fprintf(stderr, "%s:%d: PREFIX<TAB>AS<TAB>COUNTRY<TAB>NAME\n", path, no);
			fclose(in);
			return -1;
		}
		plan[nplan].len = atoi(slash + 1);
		plan[nplan].mask = plan[nplan].len ? ~0u << (32 - plan[nplan].len) : 0;
		plan[nplan].net = ntohl(a.s_addr) & plan[nplan].mask;
		plan[nplan].asn = (uint32_t)strtoul(f[1], NULL, 10); /* "-": 0; "A_B": A */
		snprintf(plan[nplan].cc, sizeof(plan[nplan].cc), "%s",
			 strcmp(f[2], "-") ? f[2] : "");
		snprintf(plan[nplan].name, sizeof(plan[nplan].name), "%s", f[3] ? f[3] : "");
		nplan++;
	}
	fclose(in);
	return 0;
}

void plan_add_json(uint32_t addr, json_object *o)
{
	int i, best = -1;

	for (i = 0; i < nplan; i++)
		if ((addr & plan[i].mask) == plan[i].net &&
		    (best < 0 || plan[i].len > plan[best].len))
			best = i;
	json_object_object_add(o, "asn",
			       best >= 0 && plan[best].asn ? json_object_new_int64(plan[best].asn)
							   : NULL);
	json_object_object_add(o, "as_name",
			       best >= 0 && plan[best].asn && plan[best].name[0]
				       ? json_object_new_string(plan[best].name)
				       : NULL);
	json_object_object_add(o, "country",
			       best >= 0 && plan[best].cc[0] ? json_object_new_string(plan[best].cc)
							     : NULL);
}
