// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The line-rate sender: run with BPF_PROG_RUN and BPF_F_TEST_XDP_LIVE_FRAMES (as xdp-trafficgen
 * does), each run of the program turns the M-SEARCH template into the probe for the next target
 * of the batch userspace wrote, and XDP_TX sends it out of the scanner's NIC. Per frame: the
 * destination address, the keyed source port, two checksums updated from precomputed sums.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ssdpmac.h"

#define TX_BATCH 65536

const volatile __u64 port_key = 0;
const volatile __u32 ip_off = 14; /* IPv4 header offset in the template */
const volatile __u32 ip_sum = 0;  /* one's-complement sum of the template IP header, daddr 0 */
const volatile __u32 udp_sum = 0; /* of the UDP pseudo header, header and payload, daddr and
				     source port 0 */

__u32 next_target = 0; /* reset by userspace for each batch */
__u32 ntargets = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, TX_BATCH);
	__type(key, __u32);
	__type(value, __u64); /* IPv4 in network order in the low half: array elements are 8-byte
				 aligned, and userspace writes them through mmap */
} tx_targets SEC(".maps");

static __always_inline __u16 fold(__u64 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

SEC("xdp")
int probe_tx(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data, *end = (__u8 *)(long)ctx->data_end;
	__u8 key_addr[16] = {};
	__u32 i, d, hi, lo;
	__u64 *dst;
	__u16 sport, csum;
	__u8 *ip;

	i = __sync_fetch_and_add(&next_target, 1);
	if (i >= ntargets)
		return XDP_DROP;
	dst = bpf_map_lookup_elem(&tx_targets, &i);
	if (!dst)
		return XDP_DROP;
	ip = data + (ip_off & 0x3f);
	if (ip + 28 > end)
		return XDP_DROP;
	d = (__u32)*dst;
	__builtin_memcpy(ip + 16, &d, 4);
	__builtin_memcpy(key_addr, &d, 4);
	sport = ssdp_probe_port(port_key, key_addr);
	/* the address as two 16-bit words in network order, for the sums */
	hi = ((d & 0xff) << 8) | ((d >> 8) & 0xff);
	lo = (((d >> 16) & 0xff) << 8) | ((d >> 24) & 0xff);
	csum = fold((__u64)ip_sum + hi + lo);
	ip[10] = csum >> 8;
	ip[11] = csum & 0xff;
	ip[20] = sport >> 8;
	ip[21] = sport & 0xff;
	csum = fold((__u64)udp_sum + hi + lo + sport);
	if (!csum)
		csum = 0xffff; /* 0 means "no checksum" in UDP */
	ip[26] = csum >> 8;
	ip[27] = csum & 0xff;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
