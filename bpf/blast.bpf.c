// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The lab's rate test sender (tests/tools/blast.c): run with BPF_PROG_RUN and
 * BPF_F_TEST_XDP_LIVE_FRAMES, as the prober's XDP path is, each run of the program turns the
 * frame into the next of a mix of templates (realistic replies, hostile frames) and sends it with
 * XDP_TX. Counts what it sent, per CPU and template, so a test can hold the receiver's counters to
 * it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "blast.h"

const volatile __u32 ntemplates = 1;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BLAST_TEMPLATES);
	__type(key, __u32);
	__type(value, struct blast_template);
} templates SEC(".maps");

/* A live-frames run does not migrate: its CPU indexes these. */
__u64 next[BLAST_CPUS];
__u64 sent[BLAST_CPUS][BLAST_TEMPLATES];

SEC("xdp")
int blast_tx(struct xdp_md *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id(), k, len;
	struct blast_template *t;
	int delta;

	if (cpu >= BLAST_CPUS || !ntemplates)
		return XDP_DROP;
	k = next[cpu]++ % ntemplates;
	t = bpf_map_lookup_elem(&templates, &k);
	if (!t)
		return XDP_DROP;
	len = t->len;
	if (len < 60 || len > BLAST_FRAME_MAX)
		return XDP_DROP;
	delta = (int)len - (int)(ctx->data_end - ctx->data);
	if (delta && bpf_xdp_adjust_tail(ctx, delta))
		return XDP_DROP;
	if (bpf_xdp_store_bytes(ctx, 0, t->bytes, len))
		return XDP_DROP;
	sent[cpu][k % BLAST_TEMPLATES]++;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
