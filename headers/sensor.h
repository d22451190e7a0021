/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the darknet sensor (bpf/sensor.bpf.c) and userspace share. */
#ifndef SSDPMAC_SENSOR_H
#define SSDPMAC_SENSOR_H

#ifndef __BPF__
#include <linux/types.h>
#endif

/* Every packet in exactly one: X(enum, label, help). */
#define SENSOR_OUTCOMES(X)                                                                         \
	X(NOT_IP, "not_ip", "neither IPv4 nor IPv6")                                               \
	X(NOT_TCP, "not_tcp", "IP but not TCP")                                                    \
	X(FRAGMENT, "fragment", "non-first IP fragment")                                           \
	X(TRUNCATED, "truncated", "a header (Ethernet, VLAN, IP, TCP) cut short")                  \
	X(IP6_EXT_LIMIT, "ip6_ext_limit", "more IPv6 extension headers than the parser follows")   \
	X(NOT_SYN, "not_syn", "TCP without SYN, or with ACK (replies, resets, data)")              \
	X(OTHER_PORT, "other_port", "a SYN to a port not watched")                                 \
	X(SYN, "syn", "a SYN to a watched port, without the Mirai fingerprint")                    \
	X(SYN_MIRAI, "syn_mirai",                                                                  \
	  "a SYN to a watched port whose sequence number is its destination")

#define SENSOR_ENUM_(e, l, h) SENSOR_OUT_##e,
enum sensor_outcome {
	SENSOR_OUTCOMES(SENSOR_ENUM_) SENSOR_OUT_MAX
};
#undef SENSOR_ENUM_

#define SENSOR_MAX_PORTS 16

/* A source that sent SYNs to watched ports: the `scanners` LRU, keyed by the address
 * (IPv4 as ::ffff:a.b.c.d). */
struct sensor_scanner {
	__u64 first_ns; /* coarse monotonic clock; a capture's packet time (Unix) under --read */
	__u64 last_ns;
	__u64 syns;
	__u64 mirai_syns; /* sequence number == destination address */
	__u32 ports;	  /* bit i: watched port i was hit */
	__u32 pad;
};

/* Per watched port: SYNs and fingerprinted SYNs. */
struct sensor_port_count {
	__u64 syns;
	__u64 mirai_syns;
};

/* The per-CPU counters, in one map value so that a packet costs one lookup for all of them. */
struct sensor_stats {
	__u64 outcomes[SENSOR_OUT_MAX];
	struct sensor_port_count ports[SENSOR_MAX_PORTS];
	__u64 inserts; /* new sources put in `scanners`; evictions: inserts minus entries */
	/* this CPU's clock: bpf_ktime_get_coarse_ns() read once per jiffy (the coarse clock moves
	 * only at a tick), not once per SYN */
	__u64 clock_jiffies, clock_ns;
};

/* Ringbuf event on a new scanner (when events are on). */
struct sensor_event {
	__u64 ts_ns;
	__u8 addr[16];
	__u16 port;
	__u8 mirai;
	__u8 pad[5];
};

#endif
