/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The join behind `ssdpmac report`: scanners (from the darknet) x devices (from SSDP). */
#ifndef SSDPMAC_REPORT_H
#define SSDPMAC_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>
#include "htab.h"
#include "opts.h"
#include "netinfo.h"

#define REPORT_MAX_LIST 16
/* The longest text a report keeps whole (IEEE names reach 108 bytes); a record with a longer
 * field is refused, never cut (cut names would merge). */
#define REPORT_TEXT_MAX 159

struct rcount {
	char what[REPORT_TEXT_MAX + 1];
	uint64_t n;
};

struct rvendor {
	char name[REPORT_TEXT_MAX + 1];
	uint64_t devices, embedded, addrs;
	uint64_t by_conf[3]; /* devices named with confidence high, medium, corroborated */
	char first[40], last[40];
	struct rcount servers[REPORT_MAX_LIST], prefixes[REPORT_MAX_LIST];
	size_t nservers, nprefixes;
};

/* The confidences a named vendor has (user/core/usn.c), as rvendor.by_conf counts them. */
extern const char *const report_conf_names[3];

/* What `describe` found for a device (its record's "description"): the root device's fields,
 * NULL where absent. */
struct rdesc {
	char *outcome; /* describe's outcome; NULL: the record was never described */
	char *manufacturer, *name, *number, *serial;
	char *firmware; /* firmwareVersion, softwareVersion, hardwareVersion, systemVersion */
};

struct rdevice {
	char *mac, *vendor, *oui, *cls, *uuid, *time, *server, *st, *addr;
	char *conf;  /* the record's confidence: high, medium, corroborated */
	char *model; /* `describe`'s modelName and modelNumber, when it found them */
	struct rdesc desc;
	bool differs;		 /* the description's manufacturer does not name the MAC's vendor */
	bool infected, left_out; /* left_out: it scanned, outside --country/--asn/--since/--until */
	char key[64];		 /* its identity (report.c's device_key): the last tie-break */
	size_t net; /* index + 1 of the joined scanner at the lowest address: its network */
	int64_t first_ns, last_ns; /* scanning, over its joined scanners (0: no times) */
};

struct rscanner {
	char addr[48];
	char first[40], last[40];
	int64_t dev;		   /* index + 1 of the device at this address; 0: no SSDP */
	int64_t first_ns, last_ns; /* 0: none given */
	struct netinfo ni;	   /* when network files are given */
};

/* Infected devices per vendor x manufacturer x model (the model view), or per vendor x outcome
 * for those with no description. Strings point into the first device's record. */
#define REPORT_MODEL_NUMBERS 16
struct rmodel {
	const char *vendor;		 /* NULL: no vendor (no MAC, or not named) */
	const char *manufacturer, *name; /* described: the description's (NULL: absent) */
	const char *outcome;		 /* not described: why (NULL: never described) */
	bool described, differs;
	size_t rank; /* the vendor's place in the vendor view */
	uint64_t devices, udn_mismatch;
	struct rnumber {
		const char *what;
		uint64_t n;
	} numbers[REPORT_MODEL_NUMBERS]; /* modelNumber, the most common first */
	size_t nnumbers;
};

/* Infected devices per vendor x AS x country. */
struct rnet {
	struct rnet_key {
		char vendor[96];
		uint32_t asn;
		char country[4];
	} key;
	char as_name[128];
	uint64_t devices;
};

/* Which scanners the report takes: networks and a time window (a scanner seen in it). */
struct rfilter {
	struct netdb *net; /* NULL: no network files; else &db */
	struct netdb db;
	struct netfiles files;
	const char *handoff_dir;
	const char *country;
	uint32_t asn;
	bool by_asn, window;
	int64_t since, until; /* [since, until) */
	int by_days;	      /* --by: 1 day, 7 week; 0 the vendor report */
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
	struct rfilter filter;
	uint64_t filtered, no_time; /* left out by --country/--asn, by the window; no time */
	struct rnet *nets;
	size_t nnets;
	struct rmodel *models;
	size_t nmodels;
	uint64_t described, any_desc;		    /* infected: described; with a description */
	struct rcount undescribed[REPORT_MAX_LIST]; /* infected, no description, by outcome */
	size_t nundescribed;
};

void report_init(struct report *r);
void report_free(struct report *r);
int report_read_devices(struct report *r, const char *path);
int report_read_scanners(struct report *r, const char *path);
int report_add_scanner(struct report *r, const char *addr, bool mirai, const char *first,
		       const char *last);
int report_join(struct report *r);

/* The vendor of that name (the vendor view's order after report_join), or NULL. */
struct rvendor *report_vendor(const struct report *r, const char *name);
/* o's string member k, or NULL. */
const char *report_jstr(json_object *o, const char *k);
/* FNV-1a of s after h, with a separator ("ab"+"c" is not "a"+"bc"). */
uint64_t report_hash(uint64_t h, const char *s);
/* Find or add a count in a small list (model hints, classes): linear, lists are short. */
void report_bump(struct rcount *c, size_t *n, size_t max, const char *what);

enum report_format {
	FMT_TABLE,
	FMT_CSV,
	FMT_JSON,
	FMT_MARKDOWN
};
int report_write(const struct report *r, enum report_format fmt, FILE *f);
/* Item i of a "what (n); what (n)" list, at buf + o (len bytes in all); the new o. */
size_t report_list_add(char *buf, size_t len, size_t o, size_t i, const char *what, uint64_t n);
/* JSON helpers of the formats: a string or null; {key: what, "devices": n}. */
json_object *report_json_str(const char *s);
json_object *report_json_count(const char *key, const char *what, uint64_t n);
/* A bar chart of infected devices by vendor (top 20 and the rest) with gnuplot. */
int report_chart(const struct report *r, const char *path);
/* A gnuplot script for a chart at path (.png or .svg: *term), and its run (closes f). */
FILE *report_chart_open(const char *path, char script[26], const char **term);
int report_chart_run(FILE *f, const char *script, const char *path);

/* report_net.c: the scanners the filter keeps (networks looked up), the vendor x AS x country
 * counts after the join, their table/Markdown/JSON, and the per-AS hand-off CSVs. */
/* Its options, bound to a struct rfilter (report's r.filter). */
extern const struct opt report_net_rows[];
/* Open the network files given. 0 or -errno (named). */
int report_net_open(struct report *r);
bool report_keep(struct report *r, struct rscanner *s);
int report_networks(struct report *r);
void report_net_text(const struct report *r, FILE *f, bool markdown);
void report_net_json(const struct report *r, json_object *o);
/* A device's network and scanning times into its JSON object. */
void report_net_device_json(const struct report *r, const struct rdevice *d, json_object *e);
int report_handoff(const struct report *r, const char *dir);

/* report_model.c: infected devices by vendor -> manufacturer and model, from the descriptions
 * `describe` adds to device records; its table, Markdown and JSON, and the per-device fields. */
/* A record's "description" checked (an object; its fields strings or null, bounded): 0 or
 * -EINVAL, named. */
int report_desc_check(json_object *o, const char *path, size_t no);
/* A record's description into a device (a device seen in several files: a parsed description
 * beats a failed one, else the one whose fields sort first). 0 or -ENOMEM. */
int report_desc_take(json_object *o, struct rdevice *dev);
void report_desc_free(struct rdevice *dev);
/* Parsed: outcome ok or udn-mismatch (the description at the reply's address, another UDN). */
bool report_described(const struct rdevice *d);
int report_models(struct report *r);
void report_model_text(const struct report *r, FILE *f, bool markdown);
void report_model_json(const struct report *r, json_object *o);
/* A device's description fields into its JSON object. */
void report_model_device_json(const struct rdevice *d, json_object *e);

/* report_time.c (--by): new infected devices per vendor per period, and its chart. */
int report_time_write(const struct report *r, enum report_format fmt, FILE *f);
int report_time_chart(const struct report *r, const char *path);

#endif
