// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report --by day|week: when the infected devices first scanned, per vendor and period, so
 * that an outbreak's growth shows as the seed's team saw it over weeks. A device counts once,
 * in the period of its first scan (its earliest joined scanner); periods run UTC, weeks from
 * Monday (ISO 8601).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "escape.h"
#include "log.h"
#include "report.h"

#define TIME_VENDORS 8 /* columns: the 8 vendors with most devices, then other, no vendor */
#define MAX_PERIODS  100000
#define DAY_NS	     86400000000000LL

struct tview {
	int64_t first;	 /* the first period's start, in days since 1970 */
	size_t nperiods; /* rows */
	size_t ncols;	 /* named vendors shown, + other + no vendor */
	const char *col[TIME_VENDORS + 2];
	uint64_t *n; /* nperiods x ncols */
	uint64_t before, no_time, total;
};

static int64_t period_of(const struct report *r, int64_t ns)
{
	int64_t day = ns / DAY_NS - (ns < 0 && ns % DAY_NS);

	/* 1970-01-01 was a Thursday: Monday-based weeks start 3 days before */
	return r->filter.by_days == 7 ? day - (((day + 3) % 7) + 7) % 7 : day;
}

static int col_of(const struct tview *t, const struct rdevice *d)
{
	size_t i;

	if (!d->vendor)
		return (int)t->ncols - 1;
	for (i = 0; i + 2 < t->ncols; i++)
		if (!strcmp(t->col[i], d->vendor))
			return (int)i;
	return (int)t->ncols - 2;
}

static bool counted(const struct report *r, const struct rdevice *d)
{
	return d->infected && d->first_ns && (!r->filter.window || d->first_ns >= r->filter.since);
}

static int tview_build(const struct report *r, struct tview *t)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN, p;
	size_t i;

	memset(t, 0, sizeof(*t));
	/* vendors come sorted by devices: the first ones are the columns */
	for (i = 0; i < r->nvendors && i < TIME_VENDORS; i++)
		t->col[t->ncols++] = r->vendors[i].name;
	t->col[t->ncols++] = "other";
	t->col[t->ncols++] = "no vendor";
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];

		if (!d->infected)
			continue;
		if (!d->first_ns) {
			t->no_time++;
		} else if (!counted(r, d)) {
			t->before++;
		} else {
			p = period_of(r, d->first_ns);
			lo = p < lo ? p : lo;
			hi = p > hi ? p : hi;
		}
	}
	if (lo > hi)
		return 0;
	t->first = lo;
	t->nperiods = (size_t)((hi - lo) / r->filter.by_days + 1);
	if (t->nperiods > MAX_PERIODS) {
		pr_warn("--by %s: %zu periods; narrow it with --since/--until\n",
			r->filter.by_days == 7 ? "week" : "day", t->nperiods);
		return -E2BIG;
	}
	t->n = calloc(t->nperiods * t->ncols, sizeof(*t->n));
	if (!t->n)
		return -ENOMEM;
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];

		if (!counted(r, d))
			continue;
		p = (period_of(r, d->first_ns) - lo) / r->filter.by_days;
		t->n[(size_t)p * t->ncols + (size_t)col_of(t, d)]++;
		t->total++;
	}
	return 0;
}

static void period_name(const struct report *r, const struct tview *t, size_t row, char *buf,
			size_t len)
{
	time_t s = (time_t)((t->first + (int64_t)row * r->filter.by_days) * 86400);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(buf, len, r->filter.by_days == 7 ? "%G-W%V" : "%Y-%m-%d", &tm);
}

static uint64_t row_total(const struct tview *t, size_t row)
{
	uint64_t sum = 0;
	size_t c;

	for (c = 0; c < t->ncols; c++)
		sum += t->n[row * t->ncols + c];
	return sum;
}

static void write_rows(const struct report *r, const struct tview *t, enum report_format fmt,
		       FILE *f)
{
	char name[32], cut[21];
	size_t row, c;

	if (fmt == FMT_CSV) {
		fputs("period,new,", f);
		for (c = 0; c < t->ncols; c++)
			esc_csv(f, t->col[c], c + 1 == t->ncols);
	} else if (fmt == FMT_MARKDOWN) {
		fputs("| Period | New ", f);
		for (c = 0; c < t->ncols; c++)
			esc_md(f, t->col[c]);
		fputs("|\n|---|---:", f);
		for (c = 0; c < t->ncols; c++)
			fputs("|---:", f);
		fputs("|\n", f);
	} else {
		fputs("PERIOD       NEW", f);
		for (c = 0; c < t->ncols; c++)
			fprintf(f, " %20s", esc_term(cut, sizeof(cut), t->col[c]));
		fputc('\n', f);
	}
	for (row = 0; row < t->nperiods; row++) {
		period_name(r, t, row, name, sizeof(name));
		fprintf(f,
			fmt == FMT_CSV	      ? "%s,%llu"
			: fmt == FMT_MARKDOWN ? "| %s | %llu"
					      : "%-10s %5llu",
			name, (unsigned long long)row_total(t, row));
		for (c = 0; c < t->ncols; c++)
			fprintf(f,
				fmt == FMT_CSV	      ? ",%llu"
				: fmt == FMT_MARKDOWN ? " | %llu"
						      : " %20llu",
				(unsigned long long)t->n[row * t->ncols + c]);
		fputs(fmt == FMT_MARKDOWN ? " |\n" : "\n", f);
	}
}

static void write_json(const struct report *r, const struct tview *t, FILE *f)
{
	json_object *o = json_object_new_object(), *ps = json_object_new_array();
	char name[32];
	size_t row, c;

	json_object_object_add(o, "by",
			       json_object_new_string(r->filter.by_days == 7 ? "week" : "day"));
	for (row = 0; row < t->nperiods; row++) {
		json_object *p = json_object_new_object(), *v = json_object_new_object();

		period_name(r, t, row, name, sizeof(name));
		json_object_object_add(p, "period", json_object_new_string(name));
		json_object_object_add(p, "new", json_object_new_int64((int64_t)row_total(t, row)));
		for (c = 0; c < t->ncols; c++)
			json_object_object_add(
				v, t->col[c],
				json_object_new_int64((int64_t)t->n[row * t->ncols + c]));
		json_object_object_add(p, "vendors", v);
		json_object_array_add(ps, p);
	}
	json_object_object_add(o, "periods", ps);
	json_object_object_add(o, "new", json_object_new_int64((int64_t)t->total));
	json_object_object_add(o, "first_seen_before_window",
			       json_object_new_int64((int64_t)t->before));
	json_object_object_add(o, "no_time", json_object_new_int64((int64_t)t->no_time));
	esc_json_put(f, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	fputc('\n', f);
	json_object_put(o);
}

int report_time_write(const struct report *r, enum report_format fmt, FILE *f)
{
	struct tview t;
	int err = tview_build(r, &t);

	if (err)
		return err;
	if (fmt == FMT_JSON) {
		write_json(r, &t, f);
	} else {
		if (fmt != FMT_CSV)
			fprintf(f, "%sNew infected devices per %s, by vendor\n\n",
				fmt == FMT_MARKDOWN ? "## " : "",
				r->filter.by_days == 7 ? "week" : "day");
		write_rows(r, &t, fmt, f);
		if (fmt != FMT_CSV)
			fprintf(f,
				"\n%snew: %llu; first seen before the window: %llu; no time: "
				"%llu\n",
				fmt == FMT_MARKDOWN ? "- " : "", (unsigned long long)t.total,
				(unsigned long long)t.before, (unsigned long long)t.no_time);
	}
	free(t.n);
	return fflush(f) || ferror(f) ? -EIO : 0;
}

int report_time_chart(const struct report *r, const char *path)
{
	char script[26], name[32];
	const char *term;
	struct tview t;
	size_t row, c;
	FILE *f;
	int err = tview_build(r, &t);

	if (err || !(f = report_chart_open(path, script, &term))) {
		free(t.n);
		return err ? err : -EINVAL;
	}
	fprintf(f, "set terminal %s size 1100,600 font \",11\"\nset output ", term);
	esc_gnuplot(f, path, false);
	fprintf(f,
		"\nset title \"New infected devices per %s, by vendor\"\n"
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid 0.8\nset key outside right noenhanced\n"
		"set xtics rotate by -45 noenhanced\nset ylabel \"new devices\"\n"
		"set yrange [0:*]\n$d << EOD\n\"period\"",
		r->filter.by_days == 7 ? "week" : "day");
	for (c = 0; c < t.ncols; c++) {
		fputc(' ', f);
		esc_gnuplot(f, t.col[c], true);
	}
	fputc('\n', f);
	for (row = 0; row < t.nperiods; row++) {
		period_name(r, &t, row, name, sizeof(name));
		fprintf(f, "\"%s\"", name);
		for (c = 0; c < t.ncols; c++)
			fprintf(f, " %llu", (unsigned long long)t.n[row * t.ncols + c]);
		fputc('\n', f);
	}
	fprintf(f, "EOD\nplot for [i=2:%zu] $d using i:xtic(1) title columnheader(i)\n",
		t.ncols + 1);
	free(t.n);
	return report_chart_run(f, script, path);
}
