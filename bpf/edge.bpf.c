// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The lab's internet edge, on the internet's end of the scanner link (inet-scan). In the real
 * internet an M-SEARCH to an address where nothing answers SSDP dies far from the scanner; in
 * the lab every address is local to one simulator process, so without this program each of a
 * line-rate scan's probes would climb the whole receive stack to be ignored there. The simulator
 * marks the addresses that answer in `hosts` (one bit per address of 198.18.0.0/15); UDP to port
 * 1900 of any other lab address is dropped here, counted, and everything else passes. It also
 * makes the veth end receive frames that XDP sends into it (probe --tx xdp), which the kernel
 * only delivers where the peer has an XDP program.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "net_parse.h"

#define LAB_NET	  0xc6120000 /* 198.18.0.0/15 */
#define LAB_WORDS (1 << 17) / 64

enum {
	EDGE_PASSED,
	EDGE_DROPPED,
	EDGE_N
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, LAB_WORDS);
	__type(key, __u32);
	__type(value, __u64);
} hosts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EDGE_N);
	__type(key, __u32);
	__type(value, __u64);
} edge_stats SEC(".maps");

static __always_inline int count(__u32 what, int action)
{
	__u64 *n = bpf_map_lookup_elem(&edge_stats, &what);

	if (n)
		(*n)++;
	return action;
}

SEC("xdp")
int lab_edge(struct xdp_md *ctx)
{
	const __u8 *data = (const __u8 *)(long)ctx->data, *end = (const __u8 *)(long)ctx->data_end;
	const __u8 *ip, *udp;
	struct net_l3 n = {};
	__u32 dst, off;
	__u64 *word;

	if (net_parse(data, end, &n) != NET_OK || n.v6 || n.proto != IPPROTO_UDP_)
		return XDP_PASS;
	ip = data + (n.l3 & 0xff);
	udp = data + (n.l4 & 0x3ff);
	if (ip + 20 > end || udp + 4 > end || ssdp_be16(udp + 2) != 1900)
		return XDP_PASS;
	dst = (__u32)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
	if ((dst & 0xfffe0000) != LAB_NET)
		return XDP_PASS;
	off = (dst - LAB_NET) >> 6;
	word = bpf_map_lookup_elem(&hosts, &off);
	if (word && (*word >> (dst & 63) & 1))
		return count(EDGE_PASSED, XDP_PASS);
	return count(EDGE_DROPPED, XDP_DROP);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
