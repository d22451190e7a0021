// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac describe: device records in, the same records with their descriptions out. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "describe.h"
#include "log.h"
#include "record.h"

static volatile int stop;

static void on_signal(int sig)
{
	stop = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ssdpmac describe -d DEVICES.jsonl [-o OUT.jsonl] [OPTIONS]\n"
		"Fetch each device's description (its LOCATION, at the address the reply came "
		"from)\n"
		"  -d, --devices FILE      device records (classify, scan, read, import; '-': "
		"stdin)\n"
		"  -o, --output FILE       the records with \"description\" (default stdout)\n"
		"  -r, --rate N            requests started a second (default 1000; 0: no limit)\n"
		"      --concurrency N     requests in flight (default 256)\n"
		"      --connect-timeout S (default 3)   --timeout S  whole request (default 10)\n"
		"      --max-body BYTES    abort a body past this (default 65536)\n"
		"      --allow-reserved P  lift the reserved range P (the lab: 198.18.0.0/15)\n");
}

/* Every line of path as a JSON object with an "addr"; an error names the line. */
static int read_records(const char *path, json_object ***recs, size_t *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 0, no = 0, lcap = 0;
	char *line = NULL;
	ssize_t len;
	int err = 0;

	if (!f) {
		pr_warn("%s: %s\n", path, strerror(errno));
		return -errno;
	}
	while ((len = getline(&line, &lcap, f)) > 0) {
		json_object *o, *a;

		no++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		o = json_tokener_parse(line);
		if (!o || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "addr", &a)) {
			pr_warn("%s:%zu: not a device record (a JSON object with \"addr\")\n", path,
				no);
			json_object_put(o);
			err = -EINVAL;
			break;
		}
		if (*n == cap) {
			json_object **r = realloc(*recs, (cap = cap ? cap * 2 : 1024) * sizeof(*r));

			if (!r) {
				json_object_put(o);
				err = -ENOMEM;
				break;
			}
			*recs = r;
		}
		(*recs)[(*n)++] = o;
	}
	if (!err && ferror(f)) {
		pr_warn("reading %s: %s\n", path, strerror(errno));
		err = -EIO;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}

int cmd_describe(int argc, char **argv)
{
	static const struct option lo[] = {
		{"devices", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"rate", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		DESCRIBE_LONGOPTS,
		{},
	};
	const char *in = NULL, *output = NULL;
	json_object **recs = NULL;
	struct describe d;
	size_t n = 0, i;
	FILE *out = stdout;
	int c, ret = 1, t;

	if (describe_init(&d)) {
		pr_warn("describe: out of memory\n");
		return 1;
	}
	while ((c = getopt_long(argc, argv, "d:o:r:h", lo, NULL)) != -1) {
		if (c == 'd' || c == 'o') {
			*(c == 'd' ? &in : &output) = optarg;
		} else if (c == 'h') {
			usage(stdout);
			ret = 0;
			goto out;
		} else if ((t = describe_opt(&d, c, optarg)) != 1) {
			if (!t)
				usage(stderr);
			ret = 2;
			goto out;
		}
	}
	if (!in || optind != argc) {
		usage(stderr);
		ret = 2;
		goto out;
	}
	if (read_records(in, &recs, &n))
		goto out;
	if (output && !(out = fopen(output, "w"))) {
		pr_warn("-o %s: %s\n", output, strerror(errno));
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (describe_objects(&d, recs, n, &stop)) {
		pr_warn("describe: out of memory\n");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (record_print(out, recs[i], false)) {
			pr_warn("writing %s: %s\n", output ? output : "stdout", strerror(errno));
			goto out;
		}
	if (fflush(out)) {
		pr_warn("writing %s: %s\n", output ? output : "stdout", strerror(errno));
		goto out;
	}
	describe_summary(&d, n);
	ret = stop ? 1 : 0;
out:
	if (out && out != stdout)
		fclose(out);
	for (i = 0; i < n; i++)
		json_object_put(recs[i]);
	free(recs);
	describe_free(&d);
	return ret;
}
