/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* BPF map plumbing in one place: per-CPU sums, the outcome counters, the classifier's tunables. */
#ifndef SSDPMAC_MAPS_H
#define SSDPMAC_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* A per-CPU map's value at key, summed over every possible CPU as 64-bit counters: sum gets
 * value_size bytes (a multiple of 8: structs of __u64 counters). 0 or -errno. */
int percpu_sum(int map_fd, __u32 key, void *sum, size_t value_size);

/* The classifier's per-CPU outcome counters, summed into sum[SSDP_OUT_MAX]. 0 or -errno. */
int outcomes_read(int map_fd, unsigned long long *sum);

/* The classifier's tunables (its rodata), set between open and load: the parser's settings,
 * whether to keep one event per source and USN, and the verdict for a recognised reply.
 * classify, scan, read and the BPF tests all set them here. */
struct ssdp;
struct ssdp_cfg;
void ssdp_tunables(struct ssdp *skel, const struct ssdp_cfg *cfg, bool dedup, __u32 reply_action);

#endif
