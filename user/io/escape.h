/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Text from the network (SERVER, USN, ST, vendor names, file names) escaped for where it goes.
 * Every output calls these; none writes such text raw. Escaped forms:
 *  - terminal: printable ASCII and valid UTF-8 pass; control bytes, ESC, CR/LF, DEL, C1
 *    controls, bidi overrides and invalid UTF-8 become \xNN; a backslash becomes \\.
 *  - CSV: RFC 4180 quoting; a field starting with = + - @ TAB or CR gets a leading ' (OWASP).
 *  - Markdown table cell: the terminal's escapes, then < > & as entities, \ ` * _ [ ] ~ | with
 *    a backslash, and "://", "@", "www." broken so that nothing becomes a link or image.
 *  - JSON: json-c's text with every invalid UTF-8 byte replaced by U+FFFD.
 *  - gnuplot: commands get single-quoted strings ('' for ', no `command` substitution as in
 *    double quotes); data lines double-quoted strings (" as ', \ doubled); control bytes and
 *    invalid UTF-8 as '?' in both.
 */
#ifndef SSDPMAC_ESCAPE_H
#define SSDPMAC_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The length of the valid UTF-8 sequence at s (1..4), 0 when s[0] starts none. */
size_t utf8_seq(const unsigned char *s, size_t n);

/* s for a terminal, into dst (cap bytes, NUL included), cut at a whole escape; returns dst. */
char *esc_term(char *dst, size_t cap, const char *s);
/* The same, written to f whole. */
void esc_term_put(FILE *f, const char *s);
/* One CSV field, then ',' or (last) '\n'. */
void esc_csv(FILE *f, const char *s, bool last);
/* Markdown text; esc_md(): one table cell, "| " and the text. */
void esc_md_text(FILE *f, const char *s);
void esc_md(FILE *f, const char *s);
/* A gnuplot string: for a command, or (data) for a line of a data block. */
void esc_gnuplot(FILE *f, const char *s, bool data);
/* JSON text (json-c's output) to f, invalid UTF-8 replaced; a negative errno on failure. */
int esc_json_put(FILE *f, const char *json);

#endif
