// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The darknet sensor through BPF_PROG_TEST_RUN (root): a table of TCP packets and the outcome
 * each must land in, the scanners map they leave, and the counters adding up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "log.h"
#include "sensor.h"
#include "sensor.skel.h"

struct syn {
	const char *name;
	int v6, vlans, opts; /* IPv6, VLAN tags, TCP option words */
	uint8_t flags;	     /* TCP flags */
	uint16_t dport;
	int fingerprint; /* seq = destination address */
	uint8_t proto;	 /* 0: TCP */
	int cut;	 /* bytes cut off the end */
	uint8_t src;	 /* last octet of the source */
	int outcome;
};

static const struct syn table[] = {
	{"Mirai SYN to 23", .flags = 0x02, .dport = 23, .fingerprint = 1, .src = 1,
	 .outcome = SENSOR_OUT_SYN_MIRAI},
	{"Mirai SYN to 2323", .flags = 0x02, .dport = 2323, .fingerprint = 1, .src = 1,
	 .outcome = SENSOR_OUT_SYN_MIRAI},
	{"plain SYN to 23", .flags = 0x02, .dport = 23, .src = 2, .outcome = SENSOR_OUT_SYN},
	{"SYN with options", .flags = 0x02, .dport = 23, .opts = 5, .fingerprint = 1, .src = 3,
	 .outcome = SENSOR_OUT_SYN_MIRAI},
	{"SYN, two VLAN tags", .flags = 0x02, .dport = 23, .vlans = 2, .fingerprint = 1, .src = 4,
	 .outcome = SENSOR_OUT_SYN_MIRAI},
	{"IPv6 SYN (no fingerprint there)", .v6 = 1, .flags = 0x02, .dport = 23, .src = 5,
	 .outcome = SENSOR_OUT_SYN},
	{"SYN-ACK", .flags = 0x12, .dport = 23, .src = 6, .outcome = SENSOR_OUT_NOT_SYN},
	{"RST", .flags = 0x04, .dport = 23, .src = 6, .outcome = SENSOR_OUT_NOT_SYN},
	{"SYN to 80", .flags = 0x02, .dport = 80, .src = 6, .outcome = SENSOR_OUT_OTHER_PORT},
	{"UDP to 23", .flags = 0x02, .dport = 23, .proto = 17, .src = 6,
	 .outcome = SENSOR_OUT_NOT_TCP},
	{"TCP header cut", .flags = 0x02, .dport = 23, .cut = 8, .src = 6,
	 .outcome = SENSOR_OUT_TRUNCATED},
};

static size_t build(const struct syn *t, uint8_t *f)
{
	size_t off = 12, l3, l4, i;
	uint32_t dst = 0xc6130a0bu; /* 198.19.10.11 */

	memset(f, 0, 200);
	for (i = 0; i < (size_t)t->vlans; i++) {
		f[off] = 0x81;
		off += 4;
	}
	f[off] = t->v6 ? 0x86 : 0x08;
	f[off + 1] = t->v6 ? 0xdd : 0x00;
	l3 = off + 2;
	if (t->v6) {
		f[l3] = 0x60;
		f[l3 + 6] = t->proto ? t->proto : 6;
		f[l3 + 8] = 0x20, f[l3 + 9] = 0x01, f[l3 + 23] = t->src;
		l4 = l3 + 40;
	} else {
		f[l3] = 0x45;
		f[l3 + 9] = t->proto ? t->proto : 6;
		f[l3 + 12] = 198, f[l3 + 13] = 18, f[l3 + 15] = t->src;
		memcpy(f + l3 + 16, &(uint32_t){htonl(dst)}, 4);
		l4 = l3 + 20;
	}
	f[l4 + 2] = t->dport >> 8;
	f[l4 + 3] = t->dport & 0xff;
	memcpy(f + l4 + 4, &(uint32_t){htonl(t->fingerprint ? dst : 12345)}, 4);
	f[l4 + 12] = (uint8_t)((5 + t->opts) << 4);
	f[l4 + 13] = t->flags;
	return l4 + 20 + 4 * t->opts - t->cut;
}

static void each_packet_lands_in_its_outcome(void **state)
{
	struct sensor *skel = *state;
	int ncpu = libbpf_num_possible_cpus(), fd = bpf_map__fd(skel->maps.sensor_stats);
	unsigned long long total = 0;
	static struct sensor_stats vals[256];
	__u32 zero = 0;
	size_t i;
	int o, c;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		unsigned long long before[SENSOR_OUT_MAX], after;
		uint8_t f[256];
		size_t len = build(&table[i], f);
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f, .data_size_in = (__u32)len,
			    .repeat = 1);

		bpf_map_lookup_elem(fd, &zero, vals);
		for (o = 0; o < SENSOR_OUT_MAX; o++)
			for (before[o] = 0, c = 0; c < ncpu; c++)
				before[o] += vals[c].outcomes[o];
		assert_int_equal(
			bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sensor_syn), &opts), 0);
		assert_int_equal(opts.retval, XDP_PASS);
		bpf_map_lookup_elem(fd, &zero, vals);
		for (o = 0; o < SENSOR_OUT_MAX; o++) {
			for (after = 0, c = 0; c < ncpu; c++)
				after += vals[c].outcomes[o];
			if (after - before[o] != (o == table[i].outcome))
				fail_msg("%s: outcome %d moved by %llu", table[i].name, o,
					 after - before[o]);
			total += after - before[o];
		}
	}
	assert_int_equal(total, sizeof(table) / sizeof(table[0]));
}

static void scanners_map_holds_what_was_seen(void **state)
{
	struct sensor *skel = *state;
	int fd = bpf_map__fd(skel->maps.scanners);
	struct sensor_scanner s;
	struct in6_addr a = {};

	a.s6_addr[10] = a.s6_addr[11] = 0xff;
	a.s6_addr[12] = 198, a.s6_addr[13] = 18, a.s6_addr[15] = 1;
	assert_int_equal(bpf_map_lookup_elem(fd, &a, &s), 0);
	assert_int_equal(s.syns, 2);
	assert_int_equal(s.mirai_syns, 2);
	assert_int_equal(s.ports, 0x3); /* 23 and 2323 */
	a.s6_addr[15] = 2;
	assert_int_equal(bpf_map_lookup_elem(fd, &a, &s), 0);
	assert_int_equal(s.mirai_syns, 0);
	a.s6_addr[15] = 6; /* only what is no SYN to a watched port came from .6 */
	assert_int_not_equal(bpf_map_lookup_elem(fd, &a, &s), 0);
}

static uint64_t coarse_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* First and last seen are the coarse monotonic clock (what userspace turns into wall time),
 * read by the program once a tick: a source seen again 50 ms later has moved on by that much. */
static void first_and_last_seen_follow_the_clock(void **state)
{
	struct sensor *skel = *state;
	const struct syn t = {"time", .flags = 0x02, .dport = 23, .src = 9};
	struct sensor_scanner sc;
	struct in6_addr a = {};
	uint8_t f[200];
	size_t len = build(&t, f);
	uint64_t t0, t1, t2;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f, .data_size_in = (__u32)len, .repeat = 1);

	a.s6_addr[10] = a.s6_addr[11] = 0xff;
	a.s6_addr[12] = 198, a.s6_addr[13] = 18, a.s6_addr[15] = 9;
	t0 = coarse_ns();
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sensor_syn), &opts), 0);
	t1 = coarse_ns();
	usleep(50000);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sensor_syn), &opts), 0);
	t2 = coarse_ns();
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(skel->maps.scanners), &a, &sc), 0);
	assert_int_equal(sc.syns, 2);
	/* one tick of slack either way (HZ >= 100) */
	assert_true(sc.first_ns + 10000000 >= t0 && sc.first_ns <= t1 + 10000000);
	assert_true(sc.last_ns >= sc.first_ns + 40000000 && sc.last_ns <= t2 + 10000000);
}

static int setup(void **state)
{
	struct sensor *skel = sensor__open_and_load();

	assert_non_null(skel);
	*state = skel;
	return 0;
}

static int teardown(void **state)
{
	sensor__destroy(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_packet_lands_in_its_outcome),
		cmocka_unit_test(scanners_map_holds_what_was_seen),
		cmocka_unit_test(first_and_last_seen_follow_the_clock),
	};

	log_level = 0;
	if (geteuid()) {
		fprintf(stderr, "test_sensor: BPF_PROG_TEST_RUN needs root\n");
		return 1;
	}
	return cmocka_run_group_tests_name("sensor", tests, setup, teardown);
}
