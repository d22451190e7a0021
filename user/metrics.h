/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * /metrics in the Prometheus text format, served by libmicrohttpd on its own thread. Every value
 * is read from the BPF maps (a map is a metric), so a scrape never waits on the ringbuf consumer.
 */
#ifndef SSDPMAC_METRICS_H
#define SSDPMAC_METRICS_H

#include <stdint.h>
#include <stdio.h>

struct metrics_src {
	int outcomes_fd, vendors_fd, classes_fd, versions_fd;
	unsigned top;			   /* vendors with their own label; the rest is "other" */
	const volatile uint64_t *dropped; /* devices beyond --max-devices */
};

struct metrics_server;

/* "127.0.0.1:9477" or "[::1]:9477". Returns NULL after saying why. */
struct metrics_server *metrics_start(const char *addr, const struct metrics_src *src);
void metrics_stop(struct metrics_server *m);
/* The whole exposition, to f (used by the server and by tests). 0 or -errno. */
int metrics_write(FILE *f, const struct metrics_src *src);

#endif
