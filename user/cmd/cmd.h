/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Subcommands of the ssdpmac program, one per file. */
#ifndef SSDPMAC_CMD_H
#define SSDPMAC_CMD_H

#include <stdint.h>
#include "clock.h"

int cmd_decode(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_sensor(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_describe(int argc, char **argv);

struct ssdp_cfg;
/* "A" or "A-B" to the destination port filter; -EINVAL after saying why. */
int parse_ports(const char *s, struct ssdp_cfg *cfg);

/* Sum the kernel's per-CPU outcome counters into sum[SSDP_OUT_MAX]. */
int outcomes_read(int map_fd, unsigned long long *sum);

#endif
