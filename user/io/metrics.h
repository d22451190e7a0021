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
	unsigned top;			  /* vendors with their own label; the rest is "other" */
	const volatile uint64_t *dropped; /* devices beyond --max-devices */
	const volatile uint64_t *sent;	  /* scan: probes sent (NULL: classify, no metric) */
	/* more of the exposition, e.g. scan --describe's outcomes; set while the server runs */
	void (*volatile extra)(FILE *f, const void *ctx);
	const void *volatile extra_ctx;
};

struct metrics_server;
/* Writes the whole exposition to f. 0 or -errno. Runs on the server's thread. */
typedef int (*metrics_writer)(FILE *f, void *ctx);

/* Serve /metrics on "127.0.0.1:9477" or "[::1]:9477" with what fn writes. NULL after saying
 * why. ctx must outlive the server. */
struct metrics_server *metrics_start(const char *addr, metrics_writer fn, void *ctx);
void metrics_stop(struct metrics_server *m);
/* The classifier's exposition (ctx: struct metrics_src). */
int metrics_write(FILE *f, void *ctx);
/* For writers: "# HELP/# TYPE" lines, and a label value escaped as the format asks. */
void metrics_head(FILE *f, const char *name, const char *type, const char *help);
void metrics_label(FILE *f, const char *s);

#endif
