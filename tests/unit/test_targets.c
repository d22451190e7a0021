// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Probe's targets: the permutation, shards, the blocklist, the keyed source port. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "ssdpmac.h"
#include "targets.h"

static void permutation_visits_every_target_once(void **state)
{
	static const uint64_t sizes[] = {1, 2, 3, 10, 255, 256, 1000, 65536, 100003};
	static const uint64_t seeds[] = {0, 1, 42, 0xdeadbeef};
	size_t s, k;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
			uint8_t *seen = calloc(sizes[s], 1);
			struct cyclic c;
			uint64_t i, n = 0;

			assert_int_equal(cyclic_init(&c, sizes[s], seeds[k], 1, 0), 0);
			while (cyclic_next(&c, &i)) {
				assert_true(i < sizes[s]);
				assert_int_equal(seen[i], 0);
				seen[i] = 1;
				n++;
			}
			assert_int_equal(n, sizes[s]);
			free(seen);
		}
	}
}

static void same_seed_same_order_other_seed_other_order(void **state)
{
	struct cyclic a, b, c;
	uint64_t x, y, z;
	int same = 1, i;

	cyclic_init(&a, 1000, 7, 1, 0);
	cyclic_init(&b, 1000, 7, 1, 0);
	cyclic_init(&c, 1000, 8, 1, 0);
	for (i = 0; i < 1000; i++) {
		cyclic_next(&a, &x);
		cyclic_next(&b, &y);
		cyclic_next(&c, &z);
		assert_int_equal(x, y);
		same &= x == z;
	}
	assert_false(same);
}

/* Every host with the same seed and targets and its own shard: together every target once,
 * none twice, also where there are more shards than targets (a shard may be empty). */
static void shards_partition_the_space(void **state)
{
	static const unsigned nshards[] = {2, 3, 7, 64};
	static const uint64_t sizes[] = {1, 2, 3, 4096, 5000};
	static const uint64_t seeds[] = {0, 99, 0xdeadbeef};
	const uint64_t n = 5000;
	size_t s, z, k;

	for (s = 0; s < sizeof(nshards) / sizeof(nshards[0]); s++)
		for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
			for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
				uint8_t *seen = calloc(sizes[z], 1);
				uint64_t i, total = 0;
				unsigned sh;

				for (sh = 0; sh < nshards[s]; sh++) {
					struct cyclic c;

					assert_int_equal(
						cyclic_init(&c, sizes[z], seeds[k], nshards[s], sh),
						0);
					while (cyclic_next(&c, &i)) {
						assert_true(i < sizes[z]);
						assert_int_equal(seen[i], 0);
						seen[i] = 1;
						total++;
					}
				}
				assert_int_equal(total, sizes[z]);
				free(seen);
			}
	{
		struct cyclic c;

		assert_int_not_equal(cyclic_init(&c, n, 1, 3, 3), 0);
		assert_int_not_equal(cyclic_init(&c, 0, 1, 1, 0), 0);
	}
}

static uint32_t ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

static void blocklist_refuses_every_special_range(void **state)
{
	static const char *const blocked[] = {
		"0.0.0.0",	"0.255.255.255",   "10.0.0.0",	 "10.255.255.255",
		"100.64.0.0",	"100.127.255.255", "127.0.0.1",	 "169.254.1.1",
		"172.16.0.0",	"172.31.255.255",  "192.0.0.8",	 "192.0.2.1",
		"192.88.99.1",	"192.168.1.1",	   "198.18.0.1", "198.19.255.255",
		"198.51.100.7", "203.0.113.9",	   "224.0.0.1",	 "239.255.255.250",
		"240.0.0.1",	"255.255.255.255",
	};
	static const char *const open[] = {"1.1.1.1",	     "100.63.255.255", "100.128.0.0",
					   "172.15.255.255", "172.32.0.0",     "198.17.255.255",
					   "198.20.0.0",     "223.255.255.255"};
	struct blocklist b = {};
	size_t i;

	assert_int_equal(blocklist_default(&b), 0);
	for (i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		if (!blocklist_why(&b, ip(blocked[i])))
			fail_msg("%s is not blocked", blocked[i]);
	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		if (blocklist_why(&b, ip(open[i])))
			fail_msg("%s is blocked", open[i]);
	/* the lab lifts its own range, and nothing else */
	assert_int_equal(blocklist_allow(&b, "198.18.0.0/15"), 0);
	assert_null(blocklist_why(&b, ip("198.18.3.4")));
	assert_non_null(blocklist_why(&b, ip("10.1.2.3")));
	assert_int_equal(blocklist_add(&b, "1.1.1.0/24", "mine"), 0);
	assert_string_equal(blocklist_why(&b, ip("1.1.1.1")), "mine");
	assert_int_not_equal(blocklist_add(&b, "1.1.1.0/33", "bad"), 0);
	blocklist_free(&b);
}

static const char *why6(const struct blocklist *b, const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		fail_msg("%s is no IPv6 address", s);
	return blocklist_why6(b, &a);
}

static void ipv6_blocklist_refuses_every_special_range(void **state)
{
	static const char *const blocked[] = {"::",
					      "::1",
					      "::ffff:127.0.0.1",
					      "::ffff:10.1.2.3",
					      "64:ff9b::7f00:1",
					      "64:ff9b:1::1",
					      "100::1",
					      "100:0:0:1::1",
					      "2001::1",
					      "2001:1::1",
					      "2001:2::1",
					      "2001:1ff:ffff::1",
					      "2001:db8::1",
					      "2002:7f00:1::",
					      "2002:c0a8:101:1::1",
					      "2620:4f:8000::1",
					      "3fff::1",
					      "3fff:fff::1",
					      "5f00::1",
					      "fc00::1",
					      "fdff::1",
					      "fe80::1",
					      "febf::1",
					      "ff02::c",
					      "ff05::c"};
	static const char *const open[] = {"2001:200::1",      "2001:4860::8888", "2002:808:808::1",
					   "64:ff9b::808:808", "::ffff:8.8.8.8",  "3fff:1000::1",
					   "2620:4f:8001::1",  "fec0::1",	  "2a00:1450::1"};
	struct blocklist b = {};
	size_t i;

	assert_int_equal(blocklist_default(&b), 0);
	for (i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		if (!why6(&b, blocked[i]))
			fail_msg("%s is not blocked", blocked[i]);
	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		if (why6(&b, open[i]))
			fail_msg("%s is blocked: %s", open[i], why6(&b, open[i]));
	/* the narrowest reason */
	assert_string_equal(why6(&b, "2001:2::1"), "benchmarking (RFC 5180)");
	assert_string_equal(why6(&b, "::ffff:127.0.0.1"), "loopback (RFC 1122)");
	blocklist_free(&b);
}

static void allow_reserved_lifts_one_range_never_the_users(void **state)
{
	struct blocklist b = {};

	assert_int_equal(blocklist_default(&b), 0);
	/* wider than one entry, or outside them all: refused */
	assert_int_equal(blocklist_allow(&b, "0.0.0.0/0"), -EINVAL);
	assert_int_equal(blocklist_allow(&b, "198.16.0.0/13"), -EINVAL);
	assert_int_equal(blocklist_allow(&b, "::/0"), -EINVAL);
	assert_int_equal(blocklist_allow(&b, "2001::/22"), -EINVAL);
	assert_int_equal(blocklist_allow(&b, "8.8.8.0/24"), -EINVAL);
	assert_non_null(blocklist_why(&b, ip("10.1.2.3")));
	/* one entry, or a part of one */
	assert_int_equal(blocklist_allow(&b, "198.18.0.0/16"), 0);
	assert_int_equal(blocklist_allow(&b, "2001:2::/48"), 0);
	assert_null(blocklist_why(&b, ip("198.18.3.4")));
	assert_non_null(blocklist_why(&b, ip("198.19.3.4")));
	assert_null(why6(&b, "2001:2::1"));
	assert_non_null(why6(&b, "2001:3::1"));
	/* the user's list wins, in both families and through NAT64 */
	assert_int_equal(blocklist_add(&b, "198.18.3.0/24", "mine"), 0);
	assert_int_equal(blocklist_add(&b, "2001:2::/64", "mine6"), 0);
	assert_int_equal(blocklist_add(&b, "2a00:1450::/32", "theirs"), 0);
	assert_string_equal(blocklist_why(&b, ip("198.18.3.4")), "mine");
	assert_string_equal(why6(&b, "64:ff9b::c612:304"), "mine");
	assert_string_equal(why6(&b, "2001:2::1"), "mine6");
	assert_null(why6(&b, "2001:2:0:1::1"));
	assert_string_equal(why6(&b, "2a00:1450::1"), "theirs");
	blocklist_free(&b);
}

static void targets_merge_and_index(void **state)
{
	struct targets t = {};
	struct in6_addr a6;
	uint32_t v4;

	assert_int_equal(targets_add(&t, "198.18.0.0/30", "t"), 0);
	assert_int_equal(targets_add(&t, "198.18.0.2/31", "t"), 0); /* inside: merged */
	assert_int_equal(targets_add(&t, "198.18.1.1", "t"), 0);
	assert_int_equal(targets_add(&t, "2001:db8::1", "t"), 0);
	assert_int_equal(targets_add(&t, "2001:db8::1", "t"), 0); /* twice: once */
	assert_int_not_equal(targets_add(&t, "198.18.0.0/40", "t"), 0);
	assert_int_not_equal(targets_add(&t, "example.com", "t"), 0);
	targets_finish(&t);
	assert_int_equal(targets_total(&t), 6);
	assert_int_equal(targets_at(&t, 0, &v4, &a6), 4);
	assert_int_equal(v4, ip("198.18.0.0"));
	assert_int_equal(targets_at(&t, 4, &v4, &a6), 4);
	assert_int_equal(v4, ip("198.18.1.1"));
	assert_int_equal(targets_at(&t, 5, &v4, &a6), 6);
	targets_free(&t);
}

static void keyed_port_validates_and_rejects(void **state)
{
	uint8_t a[16] = {198, 18, 0, 1}, b[16] = {198, 18, 0, 2};
	uint16_t pa = ssdp_probe_port(0x1234, a);
	int i, differ = 0;

	assert_int_equal(pa, ssdp_probe_port(0x1234, a));
	assert_true(pa >= SSDP_PROBE_PORT_BASE &&
		    pa < SSDP_PROBE_PORT_BASE + SSDP_PROBE_PORT_RANGE);
	for (i = 0; i < 256; i++) {
		b[3] = (uint8_t)i;
		differ += ssdp_probe_port(0x1234, b) != pa;
	}
	assert_true(differ >= 250); /* another address: another port, nearly always */
	assert_int_not_equal(ssdp_probe_port(0x1235, a), pa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(permutation_visits_every_target_once),
		cmocka_unit_test(same_seed_same_order_other_seed_other_order),
		cmocka_unit_test(shards_partition_the_space),
		cmocka_unit_test(blocklist_refuses_every_special_range),
		cmocka_unit_test(ipv6_blocklist_refuses_every_special_range),
		cmocka_unit_test(allow_reserved_lifts_one_range_never_the_users),
		cmocka_unit_test(targets_merge_and_index),
		cmocka_unit_test(keyed_port_validates_and_rejects),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("targets", tests, NULL, NULL);
}
