// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "escape.h"

size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t len, i;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/* C1 controls and the bidi overrides/isolates that reorder what a terminal shows. */
static bool harmful_char(const unsigned char *s, size_t len)
{
	uint32_t c;

	if (len == 2)
		return s[0] == 0xc2 && s[1] < 0xa0;
	if (len != 3 || s[0] != 0xe2)
		return false;
	c = (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	return (c >= 0x02a && c <= 0x02e) || (c >= 0x066 && c <= 0x069); /* U+202A-E, U+2066-9 */
}

/* The next character of s (n bytes left) for a terminal: into out, its length returned;
 * *used: how many input bytes it stands for. */
static size_t term_piece(const unsigned char *s, size_t n, char out[16], size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = utf8_seq(s, n), i, o = 0;

	if (len == 1 && s[0] >= 0x20 && s[0] < 0x7f) {
		*used = 1;
		if (s[0] == '\\')
			out[o++] = '\\';
		out[o++] = (char)s[0];
		return o;
	}
	if (len > 1 && !harmful_char(s, len)) {
		memcpy(out, s, len);
		*used = len;
		return len;
	}
	if (!len || len == 1)
		len = 1;
	for (i = 0; i < len; i++) {
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[s[i] >> 4];
		out[o++] = hex[s[i] & 15];
	}
	*used = len;
	return o;
}

char *esc_term(char *dst, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), o = 0, used, k;
	char piece[16];

	if (!cap)
		return dst;
	while (n) {
		k = term_piece(p, n, piece, &used);
		if (o + k >= cap)
			break;
		memcpy(dst + o, piece, k);
		o += k;
		p += used;
		n -= used;
	}
	dst[o] = '\0';
	return dst;
}

void esc_term_put(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), used, k;
	char piece[16];

	while (n) {
		k = term_piece(p, n, piece, &used);
		fwrite(piece, 1, k, f);
		p += used;
		n -= used;
	}
}

void esc_csv(FILE *f, const char *s, bool last)
{
	bool lead = s && strchr("=+-@\t\r", s[0]) && s[0];

	if (!s)
		s = "";
	if (lead || strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		if (lead)
			fputc('\'', f); /* OWASP: the spreadsheet takes the cell as text */
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

/* What would make Markdown text a link, an image, HTML or formatting ([..](..) and <..> need
 * their brackets, so only bare autolinks need more). */
static void md_char(FILE *f, const char *s, const char *start)
{
	switch (*s) {
	case '<':
		fputs("&lt;", f);
		return;
	case '>':
		fputs("&gt;", f);
		return;
	case '&':
		fputs("&amp;", f);
		return;
	case '@': /* e-mail autolinks: GFM finds them across escapes and entities, not code */
		fputs("`@`", f);
		return;
	case ':': /* autolinks (http://, ftp://); times and "UPnP/1.0" stay readable */
		if (!strncmp(s, "://", 3)) {
			fputs("&#58;", f);
			return;
		}
		break;
	case '.': /* www. autolinks */
		if (s - start >= 3 && !strncasecmp(s - 3, "www", 3)) {
			fputs("&#46;", f);
			return;
		}
		break;
	case '\\':
	case '`':
	case '*':
	case '_':
	case '[':
	case ']':
	case '~':
	case '|':
		fputc('\\', f);
		break;
	}
	fputc(*s, f);
}

void esc_md_text(FILE *f, const char *s)
{
	char buf[1024];
	const char *p;

	/* control bytes and invalid UTF-8 as \xNN first (a line break would end the row) */
	esc_term(buf, sizeof(buf), s);
	for (p = buf; *p; p++)
		md_char(f, p, buf);
}

void esc_md(FILE *f, const char *s)
{
	fputs("| ", f);
	esc_md_text(f, s);
	fputc(' ', f);
}

void esc_gnuplot(FILE *f, const char *s, bool data)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), len;
	char q = data ? '"' : '\'';

	fputc(q, f);
	while (n) {
		len = utf8_seq(p, n);
		if (!len || (len == 1 && (*p < 0x20 || *p == 0x7f)) || harmful_char(p, len)) {
			fputc('?', f);
			len = len ? len : 1;
		} else if (*p == '\'' && !data) {
			fputs("''", f);
		} else if (*p == '"' && data) {
			fputc('\'', f); /* a data string ends at any double quote */
		} else if (*p == '\\' && data) {
			fputs("\\\\", f);
		} else {
			fwrite(p, 1, len, f);
		}
		p += len;
		n -= len;
	}
	fputc(q, f);
}

int esc_json_put(FILE *f, const char *json)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t n = strlen(json), run = 0, len;

	while (run < n) {
		len = utf8_seq(p + run, n - run);
		if (len) {
			run += len;
			continue;
		}
		fwrite(p, 1, run, f);
		fputs("\xef\xbf\xbd", f); /* U+FFFD: the byte is not text */
		p += run + 1;
		n -= run + 1;
		run = 0;
	}
	fwrite(p, 1, run, f);
	return ferror(f) ? -EIO : 0;
}
