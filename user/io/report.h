/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The join behind `ssdpmac report`: scanners (from the darknet) x devices (from SSDP). */
#ifndef SSDPMAC_REPORT_H
#define SSDPMAC_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "htab.h"

#define REPORT_MAX_LIST 16

struct rcount {
	char what[96];
	uint64_t n;
};

struct rvendor {
	char name[96];
	uint64_t devices, embedded, addrs;
	char first[40], last[40];
	struct rcount servers[REPORT_MAX_LIST], prefixes[REPORT_MAX_LIST];
	size_t nservers, nprefixes;
};

struct rdevice {
	char *mac, *vendor, *oui, *cls, *uuid, *time, *server, *st, *addr;
	bool infected;
};

struct rscanner {
	char addr[48];
	char first[40], last[40];
	int64_t dev; /* index + 1 of the device at this address; 0: no SSDP */
};

struct report {
	bool mirai_only;
	struct rdevice *devs;
	size_t ndevs, cap;
	struct htab by_key, by_addr; /* device identity / address -> index */
	struct rscanner *scanners;
	size_t nscanners, scap;
	struct htab scanner_addr;
	struct rvendor *vendors;
	size_t nvendors;
	struct htab vendor_index;
	struct rcount no_mac[REPORT_MAX_LIST]; /* infected with SSDP but no vendor, by class */
	size_t nno_mac;
	uint64_t infected, named, no_ssdp, not_scanning, skipped_plain;
};

void report_init(struct report *r);
void report_free(struct report *r);
int report_read_devices(struct report *r, const char *path);
int report_read_scanners(struct report *r, const char *path);
int report_add_scanner(struct report *r, const char *addr, bool mirai, const char *first,
		       const char *last);
int report_join(struct report *r);

enum report_format {
	FMT_TABLE,
	FMT_CSV,
	FMT_JSON,
	FMT_MARKDOWN
};
int report_write(const struct report *r, enum report_format fmt, FILE *f);
/* A bar chart of infected devices by vendor (top 20 and the rest) with gnuplot. */
int report_chart(const struct report *r, const char *path);

#endif
