// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The line-rate sender: run with BPF_PROG_RUN and BPF_F_TEST_XDP_LIVE_FRAMES (as xdp-trafficgen
 * does), each run of the program turns the M-SEARCH template into the probe for the next target
 * of the batch userspace wrote, and XDP_TX sends it out of the scanner's NIC. Per frame: the
 * destination address, the keyed source port, two checksums updated from precomputed sums.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "probe_frame.h"

const volatile __u64 port_key = 0;
const volatile __u32 ip_off = 14; /* IPv4 header offset in the template */
const volatile __u32 ip_sum = 0;  /* one's-complement sum of the template IP header, daddr 0 */
const volatile __u32 udp_sum = 0; /* of the UDP pseudo header, header and payload, daddr and
				     source port 0 */

/* A live-frames run does not migrate, so its CPU names its sender thread's cursor. */
struct tx_cursor cursors[TX_CPUS];

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1); /* userspace sizes it: a slice per thread */
	__type(key, __u32);
	__type(value, __u64); /* IPv4 in network order in the low half: array elements are 8-byte
				 aligned, and userspace writes them through mmap */
} tx_targets SEC(".maps");

SEC("xdp")
int probe_tx(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data, *end = (__u8 *)(long)ctx->data_end;
	__u32 cpu = bpf_get_smp_processor_id(), i;
	struct tx_cursor *c;
	__u64 *dst;
	__u8 *ip;

	if (cpu >= TX_CPUS)
		return XDP_DROP;
	c = &cursors[cpu];
	i = c->next;
	if (i >= c->end)
		return XDP_DROP;
	c->next = i + 1;
	dst = bpf_map_lookup_elem(&tx_targets, &i);
	if (!dst)
		return XDP_DROP;
	ip = data + (ip_off & 0x3f);
	if (ip + 28 > end)
		return XDP_DROP;
	probe_frame_fill(ip, (__u32)*dst, probe_port4(port_key, (__u32)*dst), ip_sum, udp_sum);
	return XDP_TX;
}

/* Many drivers only set up their XDP transmit rings while an XDP program is attached: probe puts
 * this one on a NIC that has none for as long as it sends. */
SEC("xdp")
int probe_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
