/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The lab's rate test sender: bpf/blast.bpf.c and tests/tools/blast.c. */
#ifndef SSDPMAC_BLAST_H
#define SSDPMAC_BLAST_H

#define BLAST_CPUS	8
#define BLAST_TEMPLATES 256
#define BLAST_FRAME_MAX 1536

struct blast_template {
	__u32 len;
	__u32 pad;
	__u8 bytes[BLAST_FRAME_MAX];
};

#endif
