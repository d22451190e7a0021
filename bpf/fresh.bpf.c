// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * For `make bench`: a first sighting in every test run. A test run repeats one frame, which the
 * classifier's dedup holds back after the first; this program gives each run the next source
 * address (198.18.0.0/15, in place: a test run's repeats share the frame) and tail-calls the
 * classifier the bench put in `next`. A tail call costs ~2 ns here (the bench times it).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} next SEC(".maps");

const volatile __u32 step = 1; /* 0: the same source each run (the tail call's cost) */

SEC("xdp")
int xdp_fresh(struct xdp_md *ctx)
{
	__u8 *d = (__u8 *)(long)ctx->data, *end = (__u8 *)(long)ctx->data_end;
	__u16 v;

	if (d + 34 > end) /* an untagged IPv4 frame: the source address at bytes 26-29 */
		return XDP_ABORTED;
	v = (__u16)((d[28] << 8 | d[29]) + step);
	d[28] = v >> 8;
	d[29] = v;
	if (step && !v)
		d[27] ^= 1; /* 198.18 <-> 198.19 */
	bpf_tail_call(ctx, &next, 0);
	return XDP_ABORTED;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
