// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* UUID text form, version, variant and version-1 fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "log.h"
#include "uuid.h"

static void rfc_example_is_v1_with_time_and_clock_seq(void **state)
{
	uint8_t u[16];
	const char *why;
	char t[40];

	assert_int_equal(uuid_parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 36, u, &why), 0);
	assert_int_equal(uuid_version(u), 1);
	assert_int_equal(uuid_variant(u), UUID_VAR_RFC);
	uuid_time_iso(uuid_v1_time(u), t);
	assert_string_equal(t, "1997-02-03T17:43:12.2168750Z");
	assert_int_equal(uuid_v1_clock_seq(u), 10085);
	assert_memory_equal(u + 10, "\x00\xa0\xc9\x1e\x6b\xf6", 6);
}

static void any_case_and_braces_parse_alike(void **state)
{
	static const char *forms[] = {
		"F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
		"f81D4fae-7dEc-11d0-A765-00a0C91e6BF6",
		"{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}",
	};
	uint8_t ref[16], u[16];
	const char *why;
	size_t i;

	assert_int_equal(uuid_parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 36, ref, &why), 0);
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_int_equal(uuid_parse(forms[i], strlen(forms[i]), u, &why), 0);
		assert_memory_equal(u, ref, 16);
	}
}

static void bad_text_is_rejected_with_a_reason(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		const char *why;
	} bad[] = {
		{"", 0, "too short"},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6bf", 35, "too short"},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6bf66", 37, "too long"},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6bfg", 36, "not a hex digit"},
		{"f81d4fae_7dec-11d0-a765-00a0c91e6bf6", 36, "dashes"},
		{"f81d4fae7-dec-11d0-a765-00a0c91e6bf6", 36, "dashes"},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6b\0f", 36, "not a hex digit"},
		{"f81d4fae-7dec-11d0-a765-00a0c91e6bf\xff", 36, "not a hex digit"},
		{"{f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 37, "too long"},
		{" f81d4fae-7dec-11d0-a765-00a0c91e6bf", 36, "dashes"},
		{" f81d4fa-7dec-11d0-a765-00a0c91e6bf6", 36, "not a hex digit"},
	};
	const char *why;
	uint8_t u[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(uuid_parse(bad[i].s, bad[i].len, u, &why), -1);
		assert_non_null(strstr(why, bad[i].why));
	}
}

static void every_hex_digit_decodes(void **state)
{
	const char *s = "01234567-89ab-cdef-ABCD-EF0123456789";
	static const uint8_t want[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
					 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89};
	const char *why;
	uint8_t u[16];
	char back[37];

	assert_int_equal(uuid_parse(s, 36, u, &why), 0);
	assert_memory_equal(u, want, 16);
	uuid_format(u, back);
	assert_string_equal(back, "01234567-89ab-cdef-abcd-ef0123456789");
}

static void times_before_1970_and_epoch_format(void **state)
{
	char t[40];

	uuid_time_iso(0, t);
	assert_string_equal(t, "1582-10-15T00:00:00.0000000Z");
	uuid_time_iso(UUID_EPOCH_OFFSET, t);
	assert_string_equal(t, "1970-01-01T00:00:00.0000000Z");
	uuid_time_iso(UUID_EPOCH_OFFSET - 1, t);
	assert_string_equal(t, "1969-12-31T23:59:59.9999999Z");
	assert_int_equal(uuid_time_unix(UUID_EPOCH_OFFSET - 1), -1);
}

static void variants_follow_octet_8(void **state)
{
	uint8_t u[16] = {};

	u[8] = 0x00;
	assert_int_equal(uuid_variant(u), UUID_VAR_NCS);
	u[8] = 0xbf;
	assert_int_equal(uuid_variant(u), UUID_VAR_RFC);
	u[8] = 0xc0;
	assert_int_equal(uuid_variant(u), UUID_VAR_MICROSOFT);
	u[8] = 0xe0;
	assert_int_equal(uuid_variant(u), UUID_VAR_FUTURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc_example_is_v1_with_time_and_clock_seq),
		cmocka_unit_test(any_case_and_braces_parse_alike),
		cmocka_unit_test(bad_text_is_rejected_with_a_reason),
		cmocka_unit_test(every_hex_digit_decodes),
		cmocka_unit_test(times_before_1970_and_epoch_format),
		cmocka_unit_test(variants_follow_octet_8),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("uuid", tests, NULL, NULL);
}
