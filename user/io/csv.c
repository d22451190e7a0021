// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"

void csv_init(struct csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + len;
	c->next_line = 1;
}

void csv_reset(struct csv *c, const char *data, size_t len)
{
	char *buf = c->buf;
	size_t cap = c->cap;

	csv_init(c, data, len);
	c->buf = buf;
	c->cap = cap;
}

void csv_free(struct csv *c)
{
	free(c->buf);
	c->buf = NULL;
	c->cap = 0;
}

/* Room for the rest of the input: no field can be longer, so put() needs no check. */
static int reserve(struct csv *c)
{
	size_t need = (size_t)(c->end - c->p) + 2;
	char *b;

	if (need <= c->cap)
		return 0;
	b = realloc(c->buf, need);
	if (!b)
		return -ENOMEM;
	c->buf = b;
	c->cap = need;
	return 0;
}

static inline int put(struct csv *c, size_t *n, char ch)
{
	c->buf[(*n)++] = ch;
	return 0;
}

int csv_next(struct csv *c)
{
	size_t n = 0, starts[CSV_MAX_FIELDS], i;
	int quoted = 0, err;

	c->nfields = 0;
	if (c->p >= c->end)
		return 0;
	if ((err = reserve(c)))
		return err;
	c->line = c->next_line;
	starts[c->nfields++] = 0;
	while (c->p < c->end) {
		char ch;

		if (!quoted) {
			/* plain characters up to the next one that means something: one copy */
			const char *q = c->p;

			while (q < c->end && *q != ',' && *q != '"' && *q != '\n' && *q != '\r')
				q++;
			memcpy(c->buf + n, c->p, (size_t)(q - c->p));
			n += (size_t)(q - c->p);
			c->p = q;
			if (c->p == c->end)
				break;
		}
		ch = *c->p++;
		if (quoted) {
			if (ch == '"') {
				if (c->p < c->end && *c->p == '"') {
					c->p++;
				} else {
					quoted = 0;
					continue;
				}
			} else if (ch == '\n') {
				c->next_line++;
			}
			if ((err = put(c, &n, ch)))
				return err;
			continue;
		}
		if (ch == '"') {
			quoted = 1;
		} else if (ch == ',') {
			if ((err = put(c, &n, '\0')))
				return err;
			if (c->nfields == CSV_MAX_FIELDS)
				return -E2BIG;
			starts[c->nfields++] = n;
		} else if (ch == '\n') {
			c->next_line++;
			break;
		} else if (ch == '\r' && (c->p == c->end || *c->p == '\n')) {
			continue; /* CRLF (or a lone CR at the very end) */
		} else if ((err = put(c, &n, ch))) {
			return err;
		}
	}
	if (quoted)
		return -EINVAL;
	if ((err = put(c, &n, '\0')))
		return err;
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = c->buf + starts[i];
	return 1;
}
