// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac report: scanners joined with device records, by vendor (and by network, over time). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "log.h"
#include "report.h"

/* far more than shards or hosts need; more is a clear error, never a silent cut */
#define REPORT_MAX_FILES 4096
struct report_opts {
	const char *scanners, *chart, *output;
	struct report_files {
		const char *path[REPORT_MAX_FILES];
		size_t n;
	} devices;
	int fmt; /* enum report_format */
	bool all_scanners;
};

static int add_devices(void *field, const char *arg)
{
	struct report_files *d = field;

	if (d->n == REPORT_MAX_FILES) {
		pr_warn("at most %d device files\n", REPORT_MAX_FILES);
		return -E2BIG;
	}
	d->path[d->n++] = arg;
	return 0;
}

static const struct opt_value format_values[] = {
	{"table", FMT_TABLE}, {"csv", FMT_CSV}, {"json", FMT_JSON}, {"markdown", FMT_MARKDOWN}, {},
};

static const struct opt report_rows[] = {
	OPT_ROW("scanners", 's', OPT_STR, struct report_opts, scanners, "FILE",
		"scanners: `sensor -o` JSON Lines or an address list", .example = "scanners.jsonl"),
	OPT_ROW("devices", 0, OPT_FUNC, struct report_opts, devices, "FILE",
		"devices: `classify -o`, `import` or `describe -o` JSON Lines (or give them\n"
		"as operands; describe's output adds the model view);\n"
		"repeat it for several hosts or shards (merged, deduplicated by MAC)",
		.old = 'd', .fn = add_devices, .example = "devices.jsonl"),
	OPT_ROW("format", 'f', OPT_ENUM, struct report_opts, fmt, "F",
		"table (default), csv (per-device rows), json, markdown", .values = format_values,
		.example = "json"),
	OPT_ROW("all-scanners", 0, OPT_BOOL, struct report_opts, all_scanners, NULL,
		"also scanners without Mirai's fingerprint"),
	OPT_ROW("chart", 0, OPT_STR, struct report_opts, chart, "FILE",
		"a bar chart, FILE.png or FILE.svg (gnuplot)", .example = "c.svg"),
	OPT_ROW("output", 'o', OPT_STR, struct report_opts, output, "FILE",
		"the report (default stdout)", .example = "-"),
	{},
};

const struct opt_cmd report_cmd = {
	.name = "report",
	.synopsis = "--scanners FILE [OPTIONS] DEVICES.jsonl...",
	.min_args = 0,
	.max_args = -1,
	.tables = {{report_rows},
		   {net_rows, "Networks and countries"},
		   {report_net_rows, "By network and over time"}},
};

int cmd_report(int argc, char **argv)
{
	struct report_opts o = {.fmt = FMT_TABLE};
	struct report r;
	void *const cfgs[] = {&o, &r.filter.files, &r.filter};
	enum report_format fmt;
	FILE *out = stdout;
	int ret, first;
	size_t i;

	report_init(&r);
	if ((ret = opt_parse(&report_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		goto out;
	r.mirai_only = !o.all_scanners;
	fmt = (enum report_format)o.fmt;
	for (ret = 2; first < argc; first++)
		if (add_devices(&o.devices, argv[first]))
			goto out;
	if (!o.scanners || !o.devices.n) {
		pr_warn("report: --scanners FILE and at least one devices file\n");
		ret = 2;
		goto out;
	}
	ret = 1;
	if (report_net_open(&r) || report_read_scanners(&r, o.scanners))
		goto out;
	for (i = 0; i < o.devices.n; i++)
		if (report_read_devices(&r, o.devices.path[i]))
			goto out;
	if (report_join(&r)) {
		pr_warn("report: out of memory\n");
		goto out;
	}
	if (o.output && !(out = fopen(o.output, "w"))) {
		pr_warn("-o %s: %s\n", o.output, strerror(errno));
		goto out;
	}
	if (r.filter.by_days ? report_time_write(&r, fmt, out) : report_write(&r, fmt, out)) {
		pr_warn("writing the report: %s\n", strerror(errno));
		goto out;
	}
	if (o.chart &&
	    (r.filter.by_days ? report_time_chart(&r, o.chart) : report_chart(&r, o.chart)))
		goto out;
	if (r.filter.handoff_dir && report_handoff(&r, r.filter.handoff_dir))
		goto out;
	ret = 0;
out:
	if (out && out != stdout)
		fclose(out);
	report_free(&r);
	return ret;
}
