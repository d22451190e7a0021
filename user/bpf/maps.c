// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "maps.h"
#include "ssdp_parse.h"
#include "ssdp.skel.h"

int percpu_sum(int map_fd, __u32 key, void *sum, size_t value_size)
{
	int ncpu = libbpf_num_possible_cpus(), c;
	size_t words = value_size / 8, w;
	__u64 *vals, *out = sum;

	if (ncpu < 0)
		return ncpu;
	/* the kernel hands out each CPU's value rounded up to 8 bytes */
	vals = calloc((size_t)ncpu, words * 8);
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &key, vals)) {
		int err = -errno;

		free(vals);
		return err;
	}
	memset(sum, 0, value_size);
	for (c = 0; c < ncpu; c++)
		for (w = 0; w < words; w++)
			out[w] += vals[(size_t)c * words + w];
	free(vals);
	return 0;
}

int outcomes_read(int map_fd, unsigned long long *sum)
{
	__u64 v;
	int i, err;

	for (i = 0; i < SSDP_OUT_MAX; i++) {
		if ((err = percpu_sum(map_fd, (__u32)i, &v, sizeof(v))))
			return err;
		sum[i] = v;
	}
	return 0;
}

void ssdp_tunables(struct ssdp *skel, const struct ssdp_cfg *cfg, bool dedup, __u32 reply_action)
{
	skel->rodata->reply_action = reply_action;
	skel->rodata->dedup = dedup;
	skel->rodata->cfg = *cfg;
}
