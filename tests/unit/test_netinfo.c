// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Networks from CAIDA's prefix2as (longest prefix, multi-origin, AS sets, IPv6, bad lines) and
 * ISO 8601 times, as tables of inputs and what they must give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "log.h"
#include "netinfo.h"

static char path[] = "/tmp/ssdpmac-test-netinfo-XXXXXX";

static int write_file(const char *text)
{
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	return close(fd);
}

static void longest_prefix_and_origins(void **state)
{
	static const char plan[] = "# prefix2as\n"
				   "198.18.0.0\t15\t64500\n"
				   "198.18.0.0\t16\t64501\n"
				   "198.18.4.0\t22\t64502_64510\n"
				   "198.18.4.128\t25\t64503,64504\n"
				   "198.18.4.200\t32\t64505\n"
				   "\n"
				   "2001:db8::\t32\t64506\n"
				   "2001:db8:1::\t48\t64507\n";
	static const struct {
		const char *addr;
		uint32_t asn;
		const char *origins;
	} t[] = {
		{"198.18.9.9", 64501, ""},
		{"198.19.0.1", 64500, ""},
		{"198.18.4.1", 64502, "64502_64510"},
		{"198.18.4.129", 64503, "64503,64504"},
		{"198.18.4.200", 64505, ""},
		{"198.18.4.201", 64503, "64503,64504"},
		{"2001:db8:2::1", 64506, ""},
		{"2001:db8:1:ffff::1", 64507, ""},
		{"203.0.113.1", 0, ""},
		{"2001:db9::1", 0, ""},
	};
	struct netdb n;
	struct netinfo ni;
	size_t i;

	assert_int_equal(write_file(plan), 0);
	assert_int_equal(netdb_open(&n, NULL, NULL, path), 0);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		netdb_lookup(&n, t[i].addr, &ni);
		assert_int_equal(ni.asn, t[i].asn);
		assert_string_equal(ni.origins, t[i].origins);
		assert_string_equal(ni.country, "");
	}
	assert_int_equal(n.unknown_asn, 2);
	assert_int_equal(n.lookups, sizeof(t) / sizeof(t[0]));
	netdb_close(&n);
	unlink(path);
}

static void a_bad_line_is_an_error(void **state)
{
	static const char *const bad[] = {
		"198.18.0.0\t16\n",		/* no AS */
		"198.18.0.0\t33\t64500\n",	/* too long for IPv4 */
		"2001:db8::\t129\t64500\n",	/* too long for IPv6 */
		"198.18.0.0\t16\tAS64500\n",	/* CAIDA writes numbers */
		"198.18.0.0\t16\t64500_\n",	/* an empty origin */
		"198.18.0.0\t16\t0\n",		/* AS 0 is no AS */
		"198.18.0.0\t16\t4294967296\n", /* past 32 bits */
		"198.18.0\t16\t64500\n",	/* no address */
		"198.18.0.0\t-1\t64500\n",	/* no length */
		"198.18.0.0\t16\t64500\textra\n",
		"", /* no prefixes at all */
	};
	struct netdb n;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(path, "/tmp/ssdpmac-test-netinfo-XXXXXX");
		assert_int_equal(write_file(bad[i]), 0);
		assert_int_not_equal(netdb_open(&n, NULL, NULL, path), 0);
		netdb_close(&n);
		unlink(path);
	}
}

static void iso_times(void **state)
{
	static const struct {
		const char *s;
		int ok;
		int64_t ns;
	} t[] = {
		{"2017-06-01", 1, 1496275200000000000LL},
		{"2017-06-01T12:00", 1, 1496318400000000000LL},
		{"2017-06-01T12:00:00Z", 1, 1496318400000000000LL},
		{"2017-06-01 12:00:00.123456789Z", 1, 1496318400123456789LL},
		{"2017-06-01T12:00:00.5", 1, 1496318400500000000LL},
		{"2017-06-01T21:00:00+09:00", 1, 1496318400000000000LL},
		{"2017-06-01T07:30:00-04:30", 1, 1496318400000000000LL},
		{"2017-02-30", 0, 0},
		{"2017-13-01", 0, 0},
		{"2017-06-01T24:00", 0, 0},
		{"2017-06-01T12", 0, 0},
		{"2017-06-01Z junk", 0, 0},
		{"17-06-01", 0, 0},
		{"", 0, 0},
	};
	int64_t ns;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r = time_parse_iso(t[i].s, &ns);

		if (r != (t[i].ok ? 0 : -1))
			fail_msg("%s: %d", t[i].s, r);
		if (t[i].ok && ns != t[i].ns)
			fail_msg("%s: %lld, want %lld", t[i].s, (long long)ns, (long long)t[i].ns);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(longest_prefix_and_origins),
		cmocka_unit_test(a_bad_line_is_an_error),
		cmocka_unit_test(iso_times),
	};

	log_level = 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
