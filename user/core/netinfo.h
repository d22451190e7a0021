/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Who serves an address: its network (AS number and name) and country, from files the user
 * supplies. MaxMind DB files through libmaxminddb, in either layout the free databases use:
 * GeoLite2-ASN / DB-IP ASN lite (autonomous_system_number, autonomous_system_organization),
 * GeoLite2-Country / DB-IP country lite (country.iso_code, else registered_country.iso_code),
 * IPinfo lite (asn "AS64500", as_name, country_code); and CAIDA's Routeviews prefix2as text
 * (PREFIX<TAB>LENGTH<TAB>AS, multi-origin AS1_AS2, AS sets AS1,AS2), longest prefix first.
 * An address no file knows is unknown (AS 0, country ""), never an error.
 */
#ifndef SSDPMAC_NETINFO_H
#define SSDPMAC_NETINFO_H

#include <json-c/json.h>
#include <maxminddb.h>
#include <stdbool.h>
#include <stdint.h>
#include "htab.h"

struct pfx2as {
	struct htab index; /* struct pfx_key -> entry */
	uint32_t *asn;	   /* per entry: the first origin (CAIDA lists the most seen first) */
	char **origins;	   /* per entry: the AS field as written, when it names more than one */
	size_t n, cap;
	uint8_t lens[2][129]; /* [v6][length]: some prefix of that length is present */
};

struct netdb {
	const char *asn_path, *country_path, *pfx_path;
	MMDB_s asn_db, country_db;
	bool has_asn_db, has_country_db, has_pfx;
	struct pfx2as pfx;
	uint64_t lookups, unknown_asn, unknown_country, errors;
};

struct netinfo {
	uint32_t asn;	   /* 0: no file knows it */
	char as_name[128]; /* from an AS database, "" when none names it */
	char origins[64];  /* prefix2as's AS field when it names several ("64500_64501") */
	char country[3];   /* ISO 3166-1 alpha-2, "" unknown */
};

/* Open the files given (any may be NULL). 0, or -errno after naming the file (and line). */
int netdb_open(struct netdb *n, const char *asn_db, const char *country_db, const char *pfx2as);

/* The files as the commands take them: --asn-db, --country-db, --pfx2as. */
struct netfiles {
	const char *asn_db, *country_db, *pfx2as;
};
/* Open them into n: *net = n, or NULL when none is given. 0 or -errno (named). */
int netfiles_open(const struct netfiles *f, struct netdb *n, struct netdb **net);
void netdb_close(struct netdb *n);
/* Whether any file was given. */
bool netdb_any(const struct netdb *n);
/* What the files say about addr (text, IPv4 or IPv6); unknowns are counted. */
void netdb_lookup(struct netdb *n, const char *addr, struct netinfo *ni);
/* asn, as_name, as_origins, country into a record (null where unknown). */
void netdb_add_json(json_object *o, const struct netinfo *ni);

#endif
