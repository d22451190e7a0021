// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report's join on edge inputs, under UBSan (the unit tests are built with it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

/* A report of device records (JSON Lines), every address a Mirai scanner but 198.18.9.9. */
static void report_of(struct report *r, const char *records)
{
	char path[] = "/tmp/test_report-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	const char *p;

	assert_non_null(f);
	fputs(records, f);
	fclose(f);
	report_init(r);
	r->mirai_only = true;
	for (p = strstr(records, "\"addr\":\""); p; p = strstr(p + 1, "\"addr\":\"")) {
		char addr[48];

		sscanf(p + 8, "%47[^\"]", addr);
		if (strcmp(addr, "198.18.9.9"))
			assert_int_equal(report_add_scanner(r, addr, true, NULL, NULL), 0);
	}
	assert_int_equal(report_read_devices(r, path), 0);
	unlink(path);
	assert_int_equal(report_join(r), 0);
}

#define DEV(n, mac, vendor, desc)                                                                  \
	"{\"addr\":\"198.18.9." #n "\",\"class\":\"v1-mac\",\"mac\":\"" mac                        \
	"\",\"vendor\":\"" vendor "\",\"description\":" desc "}\n"
#define OK(maker, name, number)                                                                    \
	"{\"outcome\":\"ok\",\"manufacturer\":\"" maker "\",\"modelName\":\"" name                 \
	"\",\"modelNumber\":\"" number "\"}"

static const char *const HON_HAI = "Hon Hai Precision Ind. Co.,Ltd.";

/* Rows: vendors in the vendor view's order (most devices first), described rows first, then
 * the most devices; model numbers counted in a row, the most common first; a description
 * that failed, or none, counted by why; devices that did not scan left out. */
static void model_rows_count_and_order(void **state)
{
	struct report r;
	const struct rmodel *m;

	report_of(&r,
		  DEV(1, "00:01:02:00:00:01", "Hon Hai Precision Ind. Co.,Ltd.",
		      OK("NETGEAR, Inc.", "R7000",
			 "V1.0")) DEV(2, "00:01:02:00:00:02", "Hon Hai Precision Ind. Co.,Ltd.",
				      OK("NETGEAR, Inc.", "R7000", "V1.1"))
			  DEV(3, "00:01:02:00:00:03", "Hon Hai Precision Ind. Co.,Ltd.",
			      "{\"outcome\":\"udn-mismatch\",\"manufacturer\":\"NETGEAR, "
			      "Inc.\",\"modelName\":\"R7000\",\"modelNumber\":\"V1.1\"}")
				  DEV(4, "00:01:02:00:00:04", "Hon Hai Precision Ind. Co.,Ltd.",
				      "{\"outcome\":\"timeout\"}")
					  DEV(5, "00:01:02:00:00:05",
					      "Hon Hai Precision Ind. Co.,Ltd.",
					      OK("Hon Hai", "WNR2000", "v5"))
						  DEV(6, "00:a0:c9:00:00:06", "Intel Corporation",
						      "null") DEV(9, "00:a0:c9:00:00:09",
								  "Intel Corporation",
								  OK("Intel", "NUC", "1")));
	assert_int_equal(r.infected, 6);
	assert_int_equal(r.described, 4);
	assert_int_equal(r.nmodels, 4);
	m = &r.models[0];
	assert_string_equal(m->vendor, HON_HAI);
	assert_string_equal(m->manufacturer, "NETGEAR, Inc.");
	assert_string_equal(m->name, "R7000");
	assert_true(m->described && m->differs);
	assert_int_equal(m->devices, 3);
	assert_int_equal(m->udn_mismatch, 1);
	assert_int_equal(m->nnumbers, 2);
	assert_string_equal(m->numbers[0].what, "V1.1");
	assert_int_equal(m->numbers[0].n, 2);
	m = &r.models[1];
	assert_string_equal(m->manufacturer, "Hon Hai");
	assert_false(m->differs);
	m = &r.models[2];
	assert_false(m->described);
	assert_string_equal(m->outcome, "timeout");
	assert_int_equal(m->devices, 1);
	m = &r.models[3];
	assert_string_equal(m->vendor, "Intel Corporation");
	assert_false(m->described);
	assert_null(m->outcome); /* never described */
	assert_int_equal(r.nundescribed, 2);
	report_free(&r);
}

/* The description's manufacturer against the MAC's vendor: the same maker spelled as stacks
 * spell it, or another (ODM, chipset maker, rebadged). */
static void manufacturer_differs_only_for_another_maker(void **state)
{
	static const struct {
		const char *vendor, *maker;
		bool differs;
	} t[] = {
		{"AVM Audiovisuelles Marketing und Computersysteme GmbH", "AVM Berlin", false},
		{"AVM Audiovisuelles Marketing und Computersysteme GmbH", "AVM", false},
		{"Cisco-Linksys, LLC", "LINKSYS", false},
		{"HP Inc.", "HP", false},
		{"TP-LINK TECHNOLOGIES CO.,LTD.", "TP-LINK", false},
		{"Hangzhou Hikvision Digital Technology Co.,Ltd.", "Hikvision", false},
		{"NETGEAR", "NETGEAR, Inc.", false},
		{"Hon Hai Precision Ind. Co.,Ltd.", "NETGEAR, Inc.", true},
		{"Sagemcom Broadband SAS", "Orange", true},
		{"Intel Corporate", "Dahua", true},
		{"HP Inc.", "Shenzhen HP-like Co.", true},
	};
	char rec[1024];
	struct report r;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(rec, sizeof(rec),
			 "{\"addr\":\"198.18.9.1\",\"class\":\"v1-mac\",\"mac\":\"00:01:02:00:00:"
			 "01\","
			 "\"vendor\":\"%s\",\"description\":{\"outcome\":\"ok\",\"manufacturer\":"
			 "\"%s\"}}\n",
			 t[i].vendor, t[i].maker);
		report_of(&r, rec);
		assert_int_equal(r.nmodels, 1);
		if (r.models[0].differs != t[i].differs)
			fail_msg("%s / %s: differs %d", t[i].vendor, t[i].maker,
				 r.models[0].differs);
		report_free(&r);
	}
}

/* A device in two files: a parsed description stays whatever comes after it, and replaces a
 * failed one. */
static void a_parsed_description_wins_the_merge(void **state)
{
	struct report r;

	report_of(&r, DEV(1, "00:01:02:00:00:01", "X", "{\"outcome\":\"refused\"}")
			      DEV(1, "00:01:02:00:00:01", "X", OK("X", "A", "1"))
				      DEV(1, "00:01:02:00:00:01", "X", "{\"outcome\":\"timeout\"}")
					      DEV(1, "00:01:02:00:00:01", "X", OK("X", "B", "2")));
	assert_int_equal(r.ndevs, 1);
	assert_string_equal(r.devs[0].desc.outcome, "ok");
	assert_string_equal(r.devs[0].desc.name, "A");
	assert_string_equal(r.devs[0].model, "A 1");
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_with_no_vendor_is_defined),
		cmocka_unit_test(model_rows_count_and_order),
		cmocka_unit_test(manufacturer_differs_only_for_another_maker),
		cmocka_unit_test(a_parsed_description_wins_the_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
