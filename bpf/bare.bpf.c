// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The yardstick for `make bench`: what the test-run harness costs per packet. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_bare(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
