/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Logging in the xdp-tools manner: warnings always, info unless -q, debug with -v. */
#ifndef SSDPMAC_LOG_H
#define SSDPMAC_LOG_H

#include <stdio.h>

extern int log_level; /* 0 quiet, 1 info (default), 2 debug */
/* While set, libbpf/libxdp warnings go here instead of stderr (see attach_xdp()). */
extern FILE *lib_log_capture;

#define pr_warn(fmt, ...) fprintf(stderr, "ssdpmac: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)                                                                          \
	do {                                                                                       \
		if (log_level >= 1)                                                                \
			fprintf(stderr, fmt, ##__VA_ARGS__);                                       \
	} while (0)
#define pr_debug(fmt, ...)                                                                         \
	do {                                                                                       \
		if (log_level >= 2)                                                                \
			fprintf(stderr, fmt, ##__VA_ARGS__);                                       \
	} while (0)

#endif
