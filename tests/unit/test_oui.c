// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* CSV reading and the IEEE registries: longest prefix wins, bad files are clear errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "csv.h"
#include "oui.h"

static void csv_handles_quotes_commas_crlf_and_line_breaks(void **state)
{
	const char *in = "a,b,c\r\n"
			 "MA-L,001EFC,\"JSC \"\"MASSA-K\"\"\",\"15, A, Pirogovskaya\"\r\n"
			 "x,\"two\nlines\",y\n"
			 "last,,\r\n";
	struct csv c;

	csv_init(&c, in, strlen(in));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[2], "c");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 4);
	assert_string_equal(c.fields[2], "JSC \"MASSA-K\"");
	assert_string_equal(c.fields[3], "15, A, Pirogovskaya");
	assert_int_equal(c.line, 2);
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[1], "two\nlines");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 5);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[1], "");
	assert_int_equal(csv_next(&c), 0);
	csv_free(&c);
}

static void csv_unterminated_quote_is_an_error(void **state)
{
	const char *in = "MA-L,001EFC,\"never closed\r\nMA-L,002272,x\r\n";
	struct csv c;

	csv_init(&c, in, strlen(in));
	assert_int_equal(csv_next(&c), -EINVAL);
	assert_int_equal(c.line, 1);
	csv_free(&c);
}

static void csv_too_many_fields_is_an_error(void **state)
{
	char in[CSV_MAX_FIELDS * 2 + 8];
	struct csv c;
	int i;

	for (i = 0; i < CSV_MAX_FIELDS + 1; i++) {
		in[2 * i] = 'x';
		in[2 * i + 1] = ',';
	}
	in[2 * i] = '\0';
	csv_init(&c, in, strlen(in));
	assert_int_equal(csv_next(&c), -E2BIG);
	csv_free(&c);
}

static const uint8_t *mac(const char *hex)
{
	static uint8_t m[6];
	unsigned v[6];

	sscanf(hex, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
	for (int i = 0; i < 6; i++)
		m[i] = (uint8_t)v[i];
	return m;
}

static void rows_with_quotes_and_bad_rows(void **state)
{
	const char *in = "Registry,Assignment,Organization Name,Organization Address\r\n"
			 "MA-L,001EFC,\"JSC \"\"MASSA-K\"\"\",\"15, A, Pirogovskaya nab.\"\r\n"
			 "MA-L,00ZZ00,Bad Hex,x\r\n"
			 "MA-L,0011,Too Short,x\r\n"
			 "XX-L,001122,Unknown Registry,x\r\n"
			 "MA-L,001122,,empty name\r\n"
			 "MA-M,001EFC1,\"Sub, Block\",x\r\n";
	struct oui_db db;

	assert_int_equal(oui_init(&db, 16), 0);
	assert_int_equal(oui_load_buf(&db, "t.csv", in, strlen(in)), 0);
	assert_int_equal(db.count[REG_MA_L], 1);
	assert_int_equal(db.count[REG_MA_M], 1);
	assert_int_equal(db.skipped, 4);
	assert_string_equal(oui_name(&db, oui_lookup(&db, mac("00:1e:fc:00:00:01"))),
			    "JSC \"MASSA-K\"");
	assert_string_equal(oui_name(&db, oui_lookup(&db, mac("00:1e:fc:10:00:01"))), "Sub, Block");
	assert_null(oui_lookup(&db, mac("00:11:22:33:44:55")));
	oui_free(&db);
}

static void empty_file_is_an_error(void **state)
{
	struct oui_db db;

	assert_int_equal(oui_init(&db, 16), 0);
	assert_int_equal(oui_load_buf(&db, "empty.csv", "", 0), -ENODATA);
	assert_int_equal(
		oui_load_buf(&db, "hdr.csv", "Registry,Assignment,Organization Name\r\n", 39),
		-ENODATA);
	oui_free(&db);
}

static void missing_directory_is_an_error(void **state)
{
	struct oui_db db;

	assert_int_equal(oui_load(&db, "/nonexistent/ieee"), -ENOENT);
}

/* Against Debian's ieee-data: the longest prefix wins. */
static void debian_registry_longest_prefix_wins(void **state)
{
	static const struct {
		const char *mac, *vendor, *prefix;
		int reg;
	} cases[] = {
		{"00:a0:c9:1e:6b:f6", "Intel Corporation", "00A0C9", REG_MA_L},
		{"70:b3:d5:f2:f0:01", "TELEPLATFORMS", "70B3D5F2F", REG_MA_S},
		{"70:b3:d5:00:00:00", "IEEE Registration Authority", "70B3D5", REG_MA_L},
		{"00:e0:4c:12:34:56", "REALTEK SEMICONDUCTOR CORP.", "00E04C", REG_MA_L},
		{"00:50:c2:7d:50:00", "DEUTA-WERKE GmbH", "0050C27D5", REG_IAB},
	};
	const struct oui_entry *e;
	struct oui_db db;
	char pfx[16];
	size_t i;

	assert_int_equal(oui_load(&db, NULL), 0);
	assert_true(db.count[REG_MA_L] > 30000);
	assert_true(db.count[REG_MA_M] > 1000);
	assert_true(db.count[REG_MA_S] > 1000);
	assert_true(db.count[REG_IAB] > 1000);
	e = oui_lookup(&db, mac("70:b3:d5:ff:ff:ff"));
	assert_non_null(e);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = oui_lookup(&db, mac(cases[i].mac));
		assert_non_null(e);
		assert_string_equal(oui_name(&db, e), cases[i].vendor);
		assert_int_equal(e->registry, cases[i].reg);
		oui_prefix_str(e, pfx, sizeof(pfx));
		assert_string_equal(pfx, cases[i].prefix);
	}
	/* the neighbouring MA-S block has its own owner */
	e = oui_lookup(&db, mac("70:b3:d5:f2:e0:00"));
	assert_int_equal(e->bits, 36);
	assert_string_not_equal(oui_name(&db, e), "TELEPLATFORMS");
	oui_free(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_handles_quotes_commas_crlf_and_line_breaks),
		cmocka_unit_test(csv_unterminated_quote_is_an_error),
		cmocka_unit_test(csv_too_many_fields_is_an_error),
		cmocka_unit_test(rows_with_quotes_and_bad_rows),
		cmocka_unit_test(empty_file_is_an_error),
		cmocka_unit_test(missing_directory_is_an_error),
		cmocka_unit_test(debian_registry_longest_prefix_wins),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("oui", tests, NULL, NULL);
}
