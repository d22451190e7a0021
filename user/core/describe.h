/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Device records to device descriptions: each record's LOCATION fetched at the address the reply
 * came from (one request per distinct URL), parsed, checked against the record (UDN vs the USN's
 * UUID, serialNumber/macAddress vs the MAC), and added to the record as "description".
 */
#ifndef SSDPMAC_DESCRIBE_H
#define SSDPMAC_DESCRIBE_H

#include <json-c/json.h>
#include "fetch.h"
#include "blocklist.h"

struct describe {
	struct fetch_opts f;
	struct blocklist block; /* probe's reserved ranges, less --allow-reserved */
	/* outcomes per device record and per request; read by /metrics from another thread */
	volatile uint64_t devices[DESC_OUT_MAX], requests[DESC_OUT_MAX];
	double secs; /* the fetching, start to end */
};

/* Defaults: 256 in flight, 1000 requests/s, 3 s / 10 s, 64 KiB, the reserved ranges. */
int describe_init(struct describe *d);
void describe_free(struct describe *d);
/* One of describe's options (getopt's c and optarg): 1 taken, 0 not one, -1 a bad value. */
int describe_opt(struct describe *d, int c, const char *arg);
/* Every record gets "description" (its "outcome" at least). 0 or -errno. */
int describe_objects(struct describe *d, json_object **recs, size_t n, volatile int *stop);
/* "describe: N devices, M requests in S s (R/s): ok A, timeout B, ..." to stderr. */
void describe_summary(const struct describe *d, size_t ndevices);

/* describe's long options, shared by scan --describe (c values from 0x2000) */
enum {
	OPT_DESC_CONC = 0x2000,
	OPT_DESC_CONNECT,
	OPT_DESC_TIMEOUT,
	OPT_DESC_MAX_BODY,
	OPT_DESC_ALLOW
};
#define DESCRIBE_LONGOPTS                                                                          \
	{"concurrency", required_argument, NULL, OPT_DESC_CONC},                                   \
		{"connect-timeout", required_argument, NULL, OPT_DESC_CONNECT},                    \
		{"timeout", required_argument, NULL, OPT_DESC_TIMEOUT},                            \
		{"max-body", required_argument, NULL, OPT_DESC_MAX_BODY},                          \
	{                                                                                          \
		"allow-reserved", required_argument, NULL, OPT_DESC_ALLOW                          \
	}

#endif
