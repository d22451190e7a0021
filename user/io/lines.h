/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Text input line by line, with line numbers for every error: LF, CRLF and CR alone all end a
 * line; with csv_quotes, a line break inside double quotes continues the record (RFC 4180), and
 * a quote that never closes is an error at the line where it opened, not a swallowed file.
 */
#ifndef SSDPMAC_LINES_H
#define SSDPMAC_LINES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct lines {
	const char *path; /* for messages; "-" is stdin */
	bool keep_going;  /* bad lines (-EINVAL) are counted, not fatal */
	bool csv_quotes;  /* join lines while a double quote is open */
	/* One record (NUL-terminated, no line end) starting at line start: 0, -EINVAL with
	 * why set (a bad line), or another -errno (fatal). */
	int (*record)(struct lines *l, char *text, uint64_t start);
	int (*every_64k)(struct lines *l); /* now and then, for flushing; may be NULL */
	void *ctx;
	const char *why;
	uint64_t line, bad, first_bad;
	/* internal */
	uint64_t rec_start;
	char *rec;
	size_t rec_len, rec_cap;
};

/* Every line of l->path. 0 or -errno, after naming file and line on stderr. */
int lines_run(struct lines *l);
/* What a record's parser said, at line start: counted (keep_going), or named and returned. */
int lines_outcome(struct lines *l, int ret, uint64_t start, const char *unit);
void lines_free(struct lines *l);

#endif
