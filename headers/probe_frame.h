/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * One M-SEARCH frame template, rewritten per target: the destination address, the keyed source
 * port, and both checksums from sums precomputed over the template (destination and source
 * port zero). Written once for the XDP sender (bpf/probe.bpf.c) and the packet-socket sender.
 */
#ifndef SSDPMAC_PROBE_FRAME_H
#define SSDPMAC_PROBE_FRAME_H

#include "ssdpmac.h"

static inline __u16 probe_fold(__u64 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

/* The keyed source port for an IPv4 target (network order), as the classifier checks it. */
static inline __u16 probe_port4(__u64 key, __u32 daddr)
{
	__u8 key_addr[16] = {};

	__builtin_memcpy(key_addr, &daddr, 4);
	return ssdp_probe_port(key, key_addr);
}

/* ip: the IPv4 header, followed by UDP (28 bytes at least, the caller checked). daddr: the
 * target, in network order; sport: probe_port4() of it. */
static inline void probe_frame_fill(__u8 *ip, __u32 daddr, __u16 sport, __u32 ip_sum, __u32 udp_sum)
{
	__u32 hi, lo;
	__u16 csum;

	__builtin_memcpy(ip + 16, &daddr, 4);
	/* the address as two 16-bit words, for the sums */
	hi = ((daddr & 0xff) << 8) | ((daddr >> 8) & 0xff);
	lo = (((daddr >> 16) & 0xff) << 8) | ((daddr >> 24) & 0xff);
	csum = probe_fold((__u64)ip_sum + hi + lo);
	ip[10] = csum >> 8;
	ip[11] = csum & 0xff;
	ip[20] = sport >> 8;
	ip[21] = sport & 0xff;
	csum = probe_fold((__u64)udp_sum + hi + lo + sport);
	if (!csum)
		csum = 0xffff; /* 0 means "no checksum" in UDP */
	ip[26] = csum >> 8;
	ip[27] = csum & 0xff;
}

/* The XDP sender (bpf/probe.bpf.c): sender threads are pinned, one to a CPU, and each run of
 * the program takes the indexes [next, end) of tx_targets from its CPU's cursor, which the
 * thread sets before the run. */
#define TX_CPUS 256
struct tx_cursor {
	__u32 next, end;
};

#endif
