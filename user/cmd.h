/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Subcommands of the ssdpmac program, one per file. */
#ifndef SSDPMAC_CMD_H
#define SSDPMAC_CMD_H

#include <stdint.h>

int cmd_decode(int argc, char **argv);
int cmd_read(int argc, char **argv);

/* Sum the kernel's per-CPU outcome counters into sum[SSDP_OUT_MAX]. */
int outcomes_read(int map_fd, unsigned long long *sum);

/* Wall-clock seconds now (what "tomorrow" is measured from). */
int64_t now_unix(void);

#endif
