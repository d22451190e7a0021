// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "log.h"
#include "netinfo.h"

struct pfx_key {
	uint8_t v6, len, addr[16];
};

static void mask(uint8_t *a, unsigned len)
{
	unsigned i;

	for (i = len / 8; i < 16; i++)
		a[i] &= i == len / 8 ? (uint8_t)(0xff00 >> (len % 8)) : 0;
}

/* "64500", "64500_64501" or "64500,64502": the first number, or 0 when a token is no AS. */
static uint32_t first_asn(const char *s)
{
	unsigned long long v = 0, first = 0;
	int digits = 0, tokens = 0;

	for (;; s++) {
		if (isdigit((unsigned char)*s)) {
			v = v * 10 + (unsigned long long)(*s - '0');
			if (++digits > 10 || v > UINT32_MAX)
				return 0;
			continue;
		}
		if (!digits || !v || (*s && *s != '_' && *s != ','))
			return 0;
		if (!tokens++)
			first = v;
		if (!*s)
			return (uint32_t)first;
		v = 0;
		digits = 0;
	}
}

static int pfx_add(struct pfx2as *p, const struct pfx_key *k, uint32_t asn, const char *as)
{
	if (htab_find(&p->index, k))
		return 0; /* the first line for a prefix holds */
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		uint32_t *a = realloc(p->asn, cap * sizeof(*a));
		char **o;

		if (!a)
			return -ENOMEM;
		p->asn = a;
		o = realloc(p->origins, cap * sizeof(*o));
		if (!o)
			return -ENOMEM;
		p->origins = o;
		p->cap = cap;
	}
	p->asn[p->n] = asn;
	p->origins[p->n] = strpbrk(as, "_,") ? strdup(as) : NULL;
	if (strpbrk(as, "_,") && !p->origins[p->n])
		return -ENOMEM;
	p->lens[k->v6][k->len] = 1;
	return htab_insert(&p->index, k, (uint32_t)p->n++);
}

/* One line: PREFIX LENGTH AS (tabs as CAIDA writes them; spaces taken too). */
static int pfx_line(struct pfx2as *p, char *line)
{
	char *f[4], *save = NULL, *end;
	struct pfx_key k = {};
	unsigned long len;
	uint32_t asn;
	int i;

	for (i = 0; i < 4; i++)
		f[i] = strtok_r(i ? NULL : line, " \t\r\n", &save);
	if (!f[0] || !f[2] || f[3])
		return -EINVAL;
	if (inet_pton(AF_INET, f[0], k.addr) != 1) {
		if (inet_pton(AF_INET6, f[0], k.addr) != 1)
			return -EINVAL;
		k.v6 = 1;
	}
	len = strtoul(f[1], &end, 10);
	if (*end || !isdigit((unsigned char)f[1][0]) || len > (k.v6 ? 128u : 32u))
		return -EINVAL;
	asn = first_asn(f[2]);
	if (!asn)
		return -EINVAL;
	k.len = (uint8_t)len;
	mask(k.addr, k.len);
	return pfx_add(p, &k, asn, f[2]);
}

static int pfx_load(struct pfx2as *p, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, no = 0;
	int err = 0;

	htab_init(&p->index, sizeof(struct pfx_key));
	if (!f) {
		err = -errno;
		pr_warn("--pfx2as %s: %s\n", path, strerror(errno));
		return err;
	}
	while (getline(&line, &cap, f) > 0) {
		no++;
		if (line[strspn(line, " \t\r\n")] == '\0' || line[0] == '#')
			continue;
		if ((err = pfx_line(p, line))) {
			if (err == -EINVAL)
				pr_warn("--pfx2as %s:%zu: not a prefix2as line "
					"(PREFIX<TAB>LENGTH<TAB>AS, "
					"AS as 64500, 64500_64501 or 64500,64502)\n",
					path, no);
			break;
		}
	}
	if (!err && ferror(f)) {
		err = -EIO;
		pr_warn("--pfx2as %s: read error\n", path);
	}
	if (!err && !p->n) {
		err = -EINVAL;
		pr_warn("--pfx2as %s: no prefixes in it\n", path);
	}
	free(line);
	fclose(f);
	return err;
}

static bool pfx_find(const struct pfx2as *p, const uint8_t *addr, bool v6, struct netinfo *ni)
{
	struct pfx_key k = {.v6 = v6};
	int len;

	for (len = v6 ? 128 : 32; len >= 0; len--) {
		uint32_t *idx;

		if (!p->lens[v6][len])
			continue;
		memcpy(k.addr, addr, 16);
		k.len = (uint8_t)len;
		mask(k.addr, (unsigned)len);
		if ((idx = htab_find(&p->index, &k))) {
			ni->asn = p->asn[*idx];
			if (p->origins[*idx])
				snprintf(ni->origins, sizeof(ni->origins), "%s", p->origins[*idx]);
			return true;
		}
	}
	return false;
}

static int mmdb_open(const char *opt, const char *path, MMDB_s *db)
{
	int st;

	if (access(path, R_OK)) { /* libmaxminddb would only say it could not open it */
		st = -errno;
		pr_warn("%s %s: %s\n", opt, path, strerror(errno));
		return st;
	}
	st = MMDB_open(path, MMDB_MODE_MMAP, db);
	if (st == MMDB_SUCCESS)
		return 0;
	pr_warn("%s %s: %s (not a readable MaxMind DB file)\n", opt, path, MMDB_strerror(st));
	return -EINVAL;
}

int netdb_open(struct netdb *n, const char *asn_db, const char *country_db, const char *pfx2as)
{
	int err;

	memset(n, 0, sizeof(*n));
	n->asn_path = asn_db;
	n->country_path = country_db;
	n->pfx_path = pfx2as;
	if (asn_db && (err = mmdb_open("--asn-db", asn_db, &n->asn_db)))
		return err;
	n->has_asn_db = asn_db;
	if (country_db && (err = mmdb_open("--country-db", country_db, &n->country_db)))
		return err;
	n->has_country_db = country_db;
	if (pfx2as && (err = pfx_load(&n->pfx, pfx2as)))
		return err;
	n->has_pfx = pfx2as;
	return 0;
}

int netfiles_open(const struct netfiles *f, struct netdb *n, struct netdb **net)
{
	int err;

	*net = NULL;
	memset(n, 0, sizeof(*n));
	if (!f->asn_db && !f->country_db && !f->pfx2as)
		return 0;
	if ((err = netdb_open(n, f->asn_db, f->country_db, f->pfx2as))) {
		netdb_close(n);
		return err;
	}
	*net = n;
	return 0;
}

void netdb_close(struct netdb *n)
{
	size_t i;

	if (n->has_asn_db)
		MMDB_close(&n->asn_db);
	if (n->has_country_db)
		MMDB_close(&n->country_db);
	for (i = 0; i < n->pfx.n; i++)
		free(n->pfx.origins[i]);
	free(n->pfx.origins);
	free(n->pfx.asn);
	htab_free(&n->pfx.index);
	memset(n, 0, sizeof(*n));
}

bool netdb_any(const struct netdb *n)
{
	return n->has_asn_db || n->has_country_db || n->has_pfx;
}

/* The entry for addr in db, or false (not found, or an error named once per file). */
static bool mmdb_entry(struct netdb *n, MMDB_s *db, const char *path, const char *addr,
		       MMDB_entry_s *e)
{
	int gai = 0, st = MMDB_SUCCESS;
	MMDB_lookup_result_s r = MMDB_lookup_string(db, addr, &gai, &st);

	if (gai || (st != MMDB_SUCCESS && st != MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)) {
		if (!n->errors++)
			pr_warn("%s: looking up %s: %s (counted as unknown)\n", path, addr,
				gai ? gai_strerror(gai) : MMDB_strerror(st));
		return false;
	}
	*e = r.entry;
	return st == MMDB_SUCCESS && r.found_entry;
}

/* A string value at a path, copied (at most cap - 1 bytes), or false. */
static bool mmdb_str(MMDB_entry_s *e, char *buf, size_t cap, const char *const *path)
{
	MMDB_entry_data_s d;
	size_t len;

	if (MMDB_aget_value(e, &d, path) != MMDB_SUCCESS || !d.has_data ||
	    d.type != MMDB_DATA_TYPE_UTF8_STRING)
		return false;
	len = d.data_size < cap - 1 ? d.data_size : cap - 1;
	memcpy(buf, d.utf8_string, len);
	buf[len] = '\0';
	return true;
}

static uint32_t mmdb_asn(MMDB_entry_s *e)
{
	static const char *const geolite[] = {"autonomous_system_number", NULL};
	static const char *const ipinfo[] = {"asn", NULL};
	MMDB_entry_data_s d;
	char buf[16];

	if (MMDB_aget_value(e, &d, geolite) == MMDB_SUCCESS && d.has_data) {
		if (d.type == MMDB_DATA_TYPE_UINT32)
			return d.uint32;
		if (d.type == MMDB_DATA_TYPE_UINT16)
			return d.uint16;
		if (d.type == MMDB_DATA_TYPE_UINT64 && d.uint64 <= UINT32_MAX)
			return (uint32_t)d.uint64;
	}
	if (mmdb_str(e, buf, sizeof(buf), ipinfo)) /* "AS64500" */
		return first_asn(buf + (!strncasecmp(buf, "AS", 2) ? 2 : 0));
	return 0;
}

static void mmdb_as_name(MMDB_entry_s *e, char *buf, size_t cap)
{
	static const char *const geolite[] = {"autonomous_system_organization", NULL};
	static const char *const ipinfo[] = {"as_name", NULL};

	if (!mmdb_str(e, buf, cap, geolite) && !mmdb_str(e, buf, cap, ipinfo))
		buf[0] = '\0';
}

static void mmdb_country(MMDB_entry_s *e, char cc[3])
{
	static const char *const paths[][3] = {
		{"country", "iso_code", NULL},		  /* GeoLite2, DB-IP */
		{"registered_country", "iso_code", NULL}, /* GeoLite2 where no country is known */
		{"country_code", NULL},			  /* IPinfo lite */
		{"country", NULL},			  /* IPinfo's older country_asn */
	};
	char buf[8];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (mmdb_str(e, buf, sizeof(buf), paths[i]) && strlen(buf) == 2 &&
		    isalpha((unsigned char)buf[0]) && isalpha((unsigned char)buf[1])) {
			cc[0] = (char)toupper((unsigned char)buf[0]);
			cc[1] = (char)toupper((unsigned char)buf[1]);
			cc[2] = '\0';
			return;
		}
	}
	cc[0] = '\0';
}

void netdb_lookup(struct netdb *n, const char *addr, struct netinfo *ni)
{
	uint8_t a[16] = {};
	MMDB_entry_s e;
	uint32_t db_asn = 0;
	char name[sizeof(ni->as_name)] = "";
	bool v6 = false;

	memset(ni, 0, sizeof(*ni));
	n->lookups++;
	if (n->has_asn_db && mmdb_entry(n, &n->asn_db, n->asn_path, addr, &e)) {
		db_asn = mmdb_asn(&e);
		mmdb_as_name(&e, name, sizeof(name));
		mmdb_country(&e, ni->country); /* IPinfo lite: one file holds both */
	}
	/* prefix2as first when given: it is the routing table of the day the user chose; the name
	 * comes from the AS database when that names the same AS */
	if (n->has_pfx &&
	    (inet_pton(AF_INET, addr, a) == 1 || (v6 = inet_pton(AF_INET6, addr, a) == 1)))
		pfx_find(&n->pfx, a, v6, ni);
	if (!ni->asn)
		ni->asn = db_asn;
	if (ni->asn && ni->asn == db_asn)
		memcpy(ni->as_name, name, sizeof(name));
	if (n->has_country_db && mmdb_entry(n, &n->country_db, n->country_path, addr, &e)) {
		mmdb_country(&e, ni->country);
		if (!ni->asn && (ni->asn = mmdb_asn(&e)))
			mmdb_as_name(&e, ni->as_name, sizeof(ni->as_name));
	}
	n->unknown_asn += !ni->asn;
	n->unknown_country += !ni->country[0];
}

void netdb_add_json(json_object *o, const struct netinfo *ni)
{
	json_object_object_add(o, "asn", ni->asn ? json_object_new_int64(ni->asn) : NULL);
	json_object_object_add(o, "as_name",
			       ni->as_name[0] ? json_object_new_string(ni->as_name) : NULL);
	if (ni->origins[0])
		json_object_object_add(o, "as_origins", json_object_new_string(ni->origins));
	json_object_object_add(o, "country",
			       ni->country[0] ? json_object_new_string(ni->country) : NULL);
}
