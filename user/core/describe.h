/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Device records to device descriptions: each record's LOCATION fetched at the address the reply
 * came from (one request per distinct URL), parsed, checked against the record (UDN vs the USN's
 * UUID, serialNumber/macAddress vs the MAC), and added to the record as "description".
 */
#ifndef SSDPMAC_DESCRIBE_H
#define SSDPMAC_DESCRIBE_H

#include <json-c/json.h>
#include <stdio.h>
#include "fetch.h"
#include "blocklist.h"
#include "opts.h"

struct describe {
	struct fetch_opts f;
	struct blocklist own;	       /* probe's reserved ranges, less --allow-reserved */
	const struct blocklist *block; /* &own, or the scan's */
	/* outcomes per device record and per request; read by /metrics from another thread */
	volatile uint64_t devices[DESC_OUT_MAX], requests[DESC_OUT_MAX];
	double secs; /* the fetching, start to end */
};

/* Defaults: 256 in flight, 1000 requests/s, 3 s / 10 s, 64 KiB, the reserved ranges. */
int describe_init(struct describe *d);
void describe_free(struct describe *d);
/* Device records, read in order, again after rewind(). */
struct describe_src {
	/* The next record (a new reference): 1, 0 at the end, or -errno (said on stderr). */
	int (*next)(void *ctx, json_object **rec);
	/* Back to the first record: 0 or -errno (said on stderr). */
	int (*rewind)(void *ctx);
	void *ctx;
};

/* Describing src's records takes two reads of it: the first plans the requests, keeping only
 * which one each record needs; the second, after the last request, writes each record with its
 * URL's description, waiting in a temporary file (spool.h) meanwhile. */
struct describe_run;
/* The first read; *run to describe_run_free() in any case. 0 or -errno (said on stderr). */
int describe_plan(struct describe *d, const struct describe_src *src, struct describe_run **run);
/* The records read. */
size_t describe_records(const struct describe_run *run);
/* The requests, then every record of src to out (out_name in messages), in src's order, with
 * "description" (its "outcome" at least). 0 or -errno (said on stderr). */
int describe_write(struct describe_run *run, FILE *out, const char *out_name, volatile int *stop);
void describe_run_free(struct describe_run *run);
/* "describe: N devices, M requests in S s (R/s): ok A, timeout B, ..." to stderr. */
void describe_summary(const struct describe *d, size_t ndevices);
/* Its counters in the Prometheus exposition (ctx: struct describe; metrics_src.extra). */
void describe_metrics(FILE *f, const void *ctx);

/* describe's options, bound to a struct describe (scan can take them too). */
extern const struct opt describe_rows[];

#endif
