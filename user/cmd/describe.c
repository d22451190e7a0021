// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac describe: device records in, the same records with their descriptions out. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd.h"
#include "describe.h"
#include "log.h"
#include "spool.h"

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

/* The device records of a file, one JSON object a line, read twice (describe_src). A pipe (or
 * stdin from one) cannot be read again: it is copied to a temporary file the first time. */
struct line_src {
	const char *path;
	FILE *f, *copy; /* copy: while reading a pipe the first time */
	off_t start;	/* where the records begin (stdin may be read already) */
	struct stat st; /* the file as it was at first: it must not change */
	bool spooled;	/* f is the copy */
	char *line;
	size_t cap, no;
};

static int src_next(void *ctx, json_object **rec)
{
	struct line_src *s = ctx;
	json_object *o, *a;
	ssize_t len;

	while ((len = getline(&s->line, &s->cap, s->f)) > 0) {
		s->no++;
		if (s->copy && fwrite(s->line, 1, (size_t)len, s->copy) != (size_t)len) {
			pr_warn("%s: copying to a temporary file in %s: %s\n", s->path, spool_dir(),
				strerror(errno));
			return -EIO;
		}
		if (strspn(s->line, " \t\r\n") == (size_t)len)
			continue;
		o = json_tokener_parse(s->line);
		if (!o || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "addr", &a)) {
			pr_warn("%s:%zu: not a device record (a JSON object with \"addr\")\n",
				s->path, s->no);
			json_object_put(o);
			return -EINVAL;
		}
		*rec = o;
		return 1;
	}
	if (ferror(s->f)) {
		pr_warn("reading %s: %s\n", s->path, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* Is the file still as it was at first (size, time, inode)? Said on stderr when not. */
static int src_same(struct line_src *s)
{
	struct stat st;

	if (s->spooled ||
	    (!fstat(fileno(s->f), &st) && st.st_dev == s->st.st_dev && st.st_ino == s->st.st_ino &&
	     st.st_size == s->st.st_size && st.st_mtim.tv_sec == s->st.st_mtim.tv_sec &&
	     st.st_mtim.tv_nsec == s->st.st_mtim.tv_nsec))
		return 0;
	pr_warn("%s: changed while it was described (it is read twice): describe a copy\n",
		s->path);
	return -ESTALE;
}

static int src_rewind(void *ctx)
{
	struct line_src *s = ctx;
	int err;

	if (s->copy) {
		if (fflush(s->copy)) {
			pr_warn("%s: copying to a temporary file in %s: %s\n", s->path, spool_dir(),
				strerror(errno));
			return -EIO;
		}
		if (s->f != stdin)
			fclose(s->f);
		s->f = s->copy;
		s->copy = NULL;
		s->spooled = true;
		s->start = 0;
	}
	if ((err = src_same(s)))
		return err;
	if (fseeko(s->f, s->start, SEEK_SET)) {
		pr_warn("reading %s again: %s\n", s->path, strerror(errno));
		return -errno;
	}
	s->no = 0;
	return 0;
}

static int src_open(struct line_src *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->path = path;
	if (!(s->f = strcmp(path, "-") ? fopen(path, "r") : stdin) || fstat(fileno(s->f), &s->st)) {
		pr_warn("%s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(s->st.st_mode) || (s->start = ftello(s->f)) < 0) {
		s->start = 0;
		if (!(s->copy = spool_open())) {
			pr_warn("%s: a temporary file in %s for a copy: %s\n", path, spool_dir(),
				strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static void src_close(struct line_src *s)
{
	if (s->copy)
		fclose(s->copy);
	if (s->f && s->f != stdin)
		fclose(s->f);
	free(s->line);
}

int cmd_describe(int argc, char **argv)
{
	struct describe_io io = {};
	struct line_src in = {};
	const struct describe_src src = {src_next, src_rewind, &in};
	struct describe_run *run = NULL;
	struct describe d;
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
	if (src_open(&in, io.in) || describe_plan(&d, &src, &run))
		goto out;
	if (output && !(out = fopen(output, "w"))) {
		pr_warn("-o %s: %s\n", output, strerror(errno));
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (describe_write(run, out, output ? output : "stdout", &stop) || src_same(&in))
		goto out;
	if (fflush(out)) {
		pr_warn("writing %s: %s\n", output ? output : "stdout", strerror(errno));
		goto out;
	}
	describe_summary(&d, describe_records(run));
	ret = stop ? 1 : 0;
out:
	if (out && out != stdout)
		fclose(out);
	describe_run_free(run);
	src_close(&in);
	describe_free(&d);
	return ret;
}
