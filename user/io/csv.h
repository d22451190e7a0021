/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* RFC 4180 CSV records from a buffer: quoted fields with commas, doubled quotes, line breaks. */
#ifndef SSDPMAC_CSV_H
#define SSDPMAC_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 64

struct csv {
	const char *p;
	const char *end;
	size_t line;	  /* line where the current record starts (1-based) */
	size_t next_line; /* line of the next record */
	char *buf;	  /* unescaped fields, NUL-terminated, pointed to by fields[] */
	size_t cap;
	char *fields[CSV_MAX_FIELDS];
	size_t nfields;
};

void csv_init(struct csv *c, const char *data, size_t len);
/* The same, keeping the buffer of an earlier use (no allocation per record). */
void csv_reset(struct csv *c, const char *data, size_t len);
/* 1: a record is in c->fields; 0: end of input; -EINVAL: unterminated quote (c->line says where),
 * -E2BIG: more than CSV_MAX_FIELDS fields, -ENOMEM. */
int csv_next(struct csv *c);
void csv_free(struct csv *c);

#endif
