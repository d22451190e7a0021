// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report's join on edge inputs, under UBSan (the unit tests are built with it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "report.h"

static void report_with_no_vendor_is_defined(void **state)
{
	struct report r;

	report_init(&r);
	assert_int_equal(report_add_scanner(&r, "198.18.0.1", true, NULL, NULL), 0);
	assert_int_equal(report_join(&r), 0); /* no vendor: qsort(NULL, 0) was undefined */
	assert_int_equal(r.nvendors, 0);
	assert_int_equal(r.no_ssdp, 1);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_with_no_vendor_is_defined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
