// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac describe: device records in, the same records with their descriptions out. */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cmd.h"
#include "describe.h"
#include "log.h"
#include "record.h"

static volatile int stop;

static void on_signal(int sig)
{
	stop = sig;
}

static int take_seconds_ms(void *field, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || !(v > 0) || v > 86400) {
		pr_warn("%s: seconds above 0, e.g. 3 or 0.5\n", arg);
		return -EINVAL;
	}
	*(long *)field = (long)(v * 1000 + 0.5);
	return 0;
}

static int take_reserved(void *field, const char *arg)
{
	return blocklist_allow(field, arg);
}

const struct opt describe_rows[] = {
	OPT_ROW("rate", 'r', OPT_REAL, struct describe, f.rate, "N",
		"requests started a second (default 1000; 0: no limit)", .example = "100"),
	OPT_ROW("concurrency", 0, OPT_UINT, struct describe, f.concurrency, "N",
		"requests in flight (default 256)", .min = 1, .max = 65536, .example = "16"),
	OPT_ROW("connect-timeout", 0, OPT_FUNC, struct describe, f.connect_ms, "S",
		"seconds to connect (default 3)", .fn = take_seconds_ms, .example = "1.5"),
	OPT_ROW("timeout", 0, OPT_FUNC, struct describe, f.total_ms, "S",
		"seconds for the whole request (default 10)", .fn = take_seconds_ms,
		.example = "5"),
	OPT_ROW("max-body", 0, OPT_UINT, struct describe, f.max_body, "BYTES",
		"abort a body past this (default 65536)", .min = 512, .max = 16 << 20,
		.example = "4096"),
	OPT_ROW("allow-reserved", 0, OPT_FUNC, struct describe, own, "P",
		"lift the reserved range P (the lab: 198.18.0.0/15)", .fn = take_reserved,
		.example = "198.18.0.0/15"),
	{},
};

struct describe_io {
	const char *in, *output;
};

static const struct opt describe_io_rows[] = {
	OPT_ROW("devices", 0, OPT_STR, struct describe_io, in, "FILE",
		"device records (classify, scan, read, import; '-': stdin)", .old = 'd',
		.example = "devices.jsonl"),
	OPT_ROW("output", 'o', OPT_STR, struct describe_io, output, "FILE",
		"the records with \"description\" (default stdout)", .example = "-"),
	{},
};

const struct opt_cmd describe_cmd = {
	.name = "describe",
	.synopsis = "--devices DEVICES.jsonl [-o OUT.jsonl] [OPTIONS]",
	.operands = "Fetch each device's description (its LOCATION, at the address the reply came "
		    "from)\n",
	.tables = {{describe_io_rows}, {describe_rows}},
};

/* Every record is held as a JSON object until the end (~9 KB each): grow the heap in one step
 * and ask for huge pages on it (glibc.malloc.hugetlb=1, without the environment). In the lab,
 * 5314 records took 16,500 page faults on 4 KB pages and a quarter more time; 1,400 so. Advice
 * only: where it is refused nothing changes. */
static void heap_in_huge_pages(void)
{
	const uintptr_t huge = 2 << 20;
	uintptr_t a, b;
	void *p;

	/* a block the heap must grow for (not an mmap), and 64 MB more with it */
	mallopt(M_TOP_PAD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	a = (uintptr_t)sbrk(0);
	p = malloc(2 << 20);
	b = (uintptr_t)sbrk(0) & ~(huge - 1);
	a = (a + huge - 1) & ~(huge - 1);
	if (p && b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
	free(p);
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
	struct describe_io io = {};
	json_object **recs = NULL;
	struct describe d;
	size_t n = 0, i;
	FILE *out = stdout;
	void *const cfgs[] = {&io, &d};
	const char *output;
	int ret = 1, first;

	if (describe_init(&d)) {
		pr_warn("describe: out of memory\n");
		return 1;
	}
	if ((ret = opt_parse(&describe_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		goto out;
	ret = 1;
	output = io.output;
	if (!io.in) {
		pr_warn("describe: --devices FILE, the device records to describe\n");
		ret = 2;
		goto out;
	}
	heap_in_huge_pages();
	if (read_records(io.in, &recs, &n))
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
