// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Network text escaped per destination: tables of hostile inputs and what each output shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"

/* What fn writes for s, as a string. */
static char *out_of(void (*fn)(FILE *, const char *), const char *s)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	fn(f, s);
	fclose(f);
	return buf;
}

static void csv_last(FILE *f, const char *s)
{
	esc_csv(f, s, true);
}

static void gp_cmd(FILE *f, const char *s)
{
	esc_gnuplot(f, s, false);
}

static void gp_data(FILE *f, const char *s)
{
	esc_gnuplot(f, s, true);
}

static void terminal_shows_control_bytes_and_bad_utf8_escaped(void **state)
{
	static const char *const t[][2] = {
		{"plain UPnP/1.0", "plain UPnP/1.0"},
		{"a\x1b[2Jb", "a\\x1b[2Jb"},
		{"row\r\nFORGED", "row\\x0d\\x0aFORGED"},
		{"\xff\xfe", "\\xff\\xfe"},
		{"caf\xc3\xa9", "caf\xc3\xa9"}, /* valid UTF-8 passes */
		{"\xc2\x9b"
		 "31m",
		 "\\xc2\\x9b31m"}, /* C1 CSI */
		{"a\xe2\x80\xae"
		 "b",
		 "a\\xe2\\x80\\xaeb"},		     /* RIGHT-TO-LEFT OVERRIDE */
		{"\xc0\xaf", "\\xc0\\xaf"},	     /* overlong '/' */
		{"\xed\xa0\x80", "\\xed\\xa0\\x80"}, /* a UTF-16 surrogate */
		{"back\\slash", "back\\\\slash"},
		{"\x7f", "\\x7f"},
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(esc_term(buf, sizeof(buf), t[i][0]), t[i][1]);
		assert_string_equal(out_of(esc_term_put, t[i][0]), t[i][1]);
	}
	/* cut at a whole escape, never inside one */
	assert_string_equal(esc_term(buf, 6, "ab\x1b"), "ab");
	assert_string_equal(esc_term(buf, 7, "ab\x1b"), "ab\\x1b");
}

static void csv_neutralises_formulas(void **state)
{
	static const char *const t[][2] = {
		{"Intel", "Intel\n"},
		{"=1+1", "\"'=1+1\"\n"},
		{"+1", "\"'+1\"\n"},
		{"-1", "\"'-1\"\n"},
		{"@SUM(A1)", "\"'@SUM(A1)\"\n"},
		{"\tx", "\"'\tx\"\n"},
		{"a,\"b\"", "\"a,\"\"b\"\"\"\n"},
		{"x=1", "x=1\n"},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(out_of(csv_last, t[i][0]), t[i][1]);
}

static void markdown_shows_markup_as_text(void **state)
{
	static const char *const t[][2] = {
		{"<script>", "&lt;script&gt;"},
		{"![i](http://e/x.png)", "!\\[i\\](http&#58;//e/x.png)"},
		{"a|b", "a\\|b"},
		{"x@y.example", "x`@`y.example"},
		{"www.e.example", "www&#46;e.example"},
		{"*_`~", "\\*\\_\\`\\~"},
		{"10:00:00 & UPnP/1.0", "10:00:00 &amp; UPnP/1.0"},
		{"a\nb", "a\\\\x0ab"}, /* \x0a, its backslash escaped for Markdown */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(out_of(esc_md_text, t[i][0]), t[i][1]);
}

static void gnuplot_strings_are_quoted(void **state)
{
	assert_string_equal(out_of(gp_cmd, "it's `cmd`"), "'it''s `cmd`'");
	assert_string_equal(out_of(gp_cmd, "a\nb\xff"), "'a?b?'");
	assert_string_equal(out_of(gp_data, "a \"q\" \\"), "\"a 'q' \\\\\"");
	assert_string_equal(out_of(gp_data, "x\rEOD"), "\"x?EOD\"");
}

static void json_text_is_valid_utf8(void **state)
{
	char buf[64] = {};
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_int_equal(esc_json_put(f, "{\"s\":\"a\xff\xc3\xa9\xe2\x82\"}"), 0);
	fclose(f);
	assert_string_equal(buf, "{\"s\":\"a\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\"}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(terminal_shows_control_bytes_and_bad_utf8_escaped),
		cmocka_unit_test(csv_neutralises_formulas),
		cmocka_unit_test(markdown_shows_markup_as_text),
		cmocka_unit_test(gnuplot_strings_are_quoted),
		cmocka_unit_test(json_text_is_valid_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
