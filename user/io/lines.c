// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE /* fmemopen */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lines.h"
#include "textin.h"
#include "log.h"

#define REC_MAX (1 << 20) /* a quoted record longer than this is a quote that never closed */

static int quotes_open(const char *s, size_t n)
{
	size_t i, q = 0;

	for (i = 0; i < n; i++)
		q += s[i] == '"';
	return q & 1;
}

int lines_outcome(struct lines *l, int ret, uint64_t start, const char *unit)
{
	if (ret == -EINVAL && start > 1 && l->keep_going) {
		if (!l->bad++)
			l->first_bad = start;
		pr_debug("%s:%llu: %s\n", l->path, (unsigned long long)start, l->why);
		return 0;
	}
	if (ret == -EINVAL)
		pr_warn("%s:%s%llu: %s%s\n", l->path, unit, (unsigned long long)start,
			l->why ? l->why : "not a record of this format",
			start > 1 ? " (--keep-going skips such lines and counts them)" : "");
	else if (ret)
		pr_warn("%s:%s%llu: %s\n", l->path, unit, (unsigned long long)start,
			strerror(-ret));
	return ret;
}

static int run_stream(struct lines *l, FILE *f, int depth);

/* A quote that never closed swallowed the lines after it (to the end, or REC_MAX): the line is
 * bad, and with keep_going the lines it swallowed are read again, as lines of their own. */
static int unclosed(struct lines *l, int depth)
{
	char *nl = memchr(l->rec, '\n', l->rec_len), *rest;
	size_t len = nl ? l->rec_len - (size_t)(nl + 1 - l->rec) : 0;
	FILE *f;
	int ret;

	l->why = "a quoted field opens here and does not close";
	ret = lines_outcome(l, -EINVAL, l->rec_start, "");
	l->rec_len = 0;
	if (ret || !len)
		return ret;
	if (depth) /* the rest had balanced quotes: cannot happen twice */
		return lines_outcome(l, -EINVAL, l->rec_start, "");
	rest = malloc(len);
	if (!rest)
		return -ENOMEM;
	memcpy(rest, nl + 1, len);
	l->line = l->rec_start;
	f = fmemopen(rest, len, "r");
	ret = f ? run_stream(l, f, depth + 1) : -errno;
	if (f)
		fclose(f);
	free(rest);
	return ret;
}

static int one_line(struct lines *l, char *line, size_t n, int depth)
{
	int ret;

	l->line++;
	if (!l->csv_quotes || (!l->rec_len && !quotes_open(line, n)))
		return n ? lines_outcome(l, l->record(l, line, l->line), l->line, "") : 0;
	if (!l->rec_len)
		l->rec_start = l->line;
	if (l->rec_len + n + 2 > l->rec_cap) {
		size_t c = (l->rec_len + n + 2) * 2;
		char *r = realloc(l->rec, c);

		if (!r)
			return -ENOMEM;
		l->rec = r;
		l->rec_cap = c;
	}
	memcpy(l->rec + l->rec_len, line, n);
	l->rec_len += n;
	l->rec[l->rec_len++] = '\n';
	l->rec[l->rec_len] = '\0';
	if (quotes_open(l->rec, l->rec_len))
		return l->rec_len >= REC_MAX ? unclosed(l, depth) : 0;
	ret = lines_outcome(l, l->record(l, l->rec, l->rec_start), l->rec_start, "");
	l->rec_len = 0;
	return ret;
}

static int run_stream(struct lines *l, FILE *f, int depth)
{
	char *line = NULL, *p, *cr;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	while (!ret && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		/* a CR alone ends a line too (old Mac files) */
		for (p = line; !ret && (cr = memchr(p, '\r', (size_t)(line + n - p)));) {
			*cr = '\0';
			ret = one_line(l, p, (size_t)(cr - p), depth);
			p = cr + 1;
		}
		if (!ret)
			ret = one_line(l, p, (size_t)(line + n - p), depth);
		if (!ret && !(l->line & 0xffff) && l->every_64k)
			ret = l->every_64k(l);
	}
	if (!ret && ferror(f)) {
		pr_warn("reading %s: %s\n", l->path,
			errno ? strerror(errno)
			      : "a read error, or a gzip stream damaged or cut short");
		ret = -EIO;
	}
	if (!ret && l->rec_len)
		ret = unclosed(l, depth);
	free(line);
	return ret;
}

int lines_run(struct lines *l)
{
	FILE *f = textin_open(l->path); /* gzip or plain; "-": stdin */
	int ret;

	if (!f) {
		pr_warn("%s: %s\n", l->path, strerror(errno));
		return -errno;
	}
	ret = run_stream(l, f, 0);
	fclose(f);
	return ret;
}

void lines_free(struct lines *l)
{
	free(l->rec);
	l->rec = NULL;
	l->rec_len = l->rec_cap = 0;
}
