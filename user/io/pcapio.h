/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Captures (pcap and pcapng, through libpcap) as Ethernet frames, the way XDP sees packets. */
#ifndef SSDPMAC_PCAPIO_H
#define SSDPMAC_PCAPIO_H

#include <stddef.h>
#include <stdint.h>

/* XDP test runs (BPF_PROG_TEST_RUN) take a linear buffer of about a page: frames up to this. */
#define TEST_RUN_MAX 3500

/* Called per frame with its capture time (Unix ns: pcap and pcapng, microsecond or nanosecond
 * resolution alike); a non-zero return stops the walk and is returned. A frame that cannot be
 * made Ethernet (a cut cooked header) comes with frame == NULL. */
typedef int (*pcap_frame_fn)(void *ctx, uint64_t no, int64_t ts_ns, const uint8_t *frame,
			     size_t len);

/* Every frame of path. 0, the callback's non-zero, or -errno after naming the file and the
 * packet that is damaged. */
int pcap_each(const char *path, pcap_frame_fn fn, void *ctx);

#endif
