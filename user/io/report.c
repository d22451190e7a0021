// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac report: join the scanners a darknet saw with what SSDP revealed about the same
 * addresses, and name the infected devices by vendor. Inputs stream line by line; memory grows
 * with the devices and scanners kept, not with the input.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "htab.h"
#include "log.h"
#include "report.h"

const char *report_jstr(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

#define jstr report_jstr

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* An address as a 16-byte key (IPv4 in the first four bytes, as ssdpmac does elsewhere). */
static int addr_key(const char *s, uint8_t key[17])
{
	memset(key, 0, 17);
	if (inet_pton(AF_INET, s, key) == 1)
		return 0;
	if (inet_pton(AF_INET6, s, key) == 1) {
		key[16] = 6;
		return 0;
	}
	return -EINVAL;
}

const char *const report_conf_names[3] = {"high", "medium", "corroborated"};

/* What a device's record says (its description apart: report_desc_take() merges those). */
static void record_free(struct rdevice *d)
{
	free(d->mac);
	free(d->vendor);
	free(d->oui);
	free(d->cls);
	free(d->conf);
	free(d->uuid);
	free(d->time);
	free(d->server);
	free(d->st);
	free(d->addr);
}

static void device_free(struct rdevice *d)
{
	record_free(d);
	report_desc_free(d);
}

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	htab_init(&r->by_key, 64);
	htab_init(&r->by_addr, 17);
	htab_init(&r->scanner_addr, 17);
	htab_init(&r->vendor_index, sizeof(((struct rvendor *)0)->name));
}

void report_free(struct report *r)
{
	size_t i;

	free(r->models);
	for (i = 0; i < r->ndevs; i++)
		device_free(&r->devs[i]);
	free(r->devs);
	free(r->scanners);
	htab_free(&r->by_key);
	htab_free(&r->by_addr);
	htab_free(&r->scanner_addr);
	htab_free(&r->vendor_index);
	free(r->vendors);
	free(r->nets);
	if (r->filter.net)
		netdb_close(r->filter.net);
}

uint64_t report_hash(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL; /* a separator: "ab"+"c" is not "a"+"bc" */
}

/* The identity of a device record: its MAC where it has a real one, else its UUID, else its
 * USN and address, hashed whole (several device files, from shards or hosts, merge on this;
 * check_fields() has bounded the MAC and UUID, so nothing is cut). */
static void device_key(json_object *o, char key[64])
{
	const char *mac = jstr(o, "mac"), *cls = jstr(o, "class"), *uuid = jstr(o, "uuid");
	const char *usn = jstr(o, "usn"), *addr = jstr(o, "addr");
	uint64_t h[2];

	memset(key, 0, 64);
	if (mac && cls && strcmp(cls, "v1-random")) {
		snprintf(key, 64, "m%s", mac);
	} else if (uuid && cls && strcmp(cls, "shared-constant")) {
		snprintf(key, 64, "u%s", uuid);
	} else {
		h[0] = report_hash(report_hash(0xcbf29ce484222325ULL, usn), addr);
		h[1] = report_hash(report_hash(0x84222325cbf29ce4ULL, addr), usn);
		key[0] = 't';
		memcpy(key + 1, h, sizeof(h));
	}
}

/* Every field a record may carry, its JSON type and longest text: a field of another type or
 * longer is an error naming it, never taken as something else or cut. null is "absent" for the
 * optional text fields (jq writes absent fields so), an error where absent has a meaning. */
static int check_fields(json_object *o, const char *path, size_t no)
{
	static const struct {
		const char *k;
		json_type t;
		size_t max;
		bool no_null;
	} f[] = {
		{"addr", json_type_string, 45, true},
		{"mac", json_type_string, 17, false},
		{"uuid", json_type_string, 36, false},
		{"vendor", json_type_string, REPORT_TEXT_MAX, false},
		{"oui", json_type_string, REPORT_TEXT_MAX, false},
		{"class", json_type_string, REPORT_TEXT_MAX, false},
		{"confidence", json_type_string, REPORT_TEXT_MAX, false},
		{"server", json_type_string, REPORT_TEXT_MAX, false},
		{"st", json_type_string, SIZE_MAX, false},
		{"nt", json_type_string, SIZE_MAX, false},
		{"usn", json_type_string, SIZE_MAX, false},
		{"time", json_type_string, SIZE_MAX, false},
		{"first_seen", json_type_string, sizeof(((struct rscanner *)0)->first) - 1, false},
		{"last_seen", json_type_string, sizeof(((struct rscanner *)0)->last) - 1, false},
		{"addrs", json_type_array, SIZE_MAX, true},
		{"mirai", json_type_boolean, SIZE_MAX, true},
	};
	json_object *v;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!json_object_object_get_ex(o, f[i].k, &v) || (!v && !f[i].no_null))
			continue;
		if (!json_object_is_type(v, f[i].t)) {
			pr_warn("%s:%zu: \"%s\" is %s, not %s\n", path, no, f[i].k,
				json_type_to_name(json_object_get_type(v)),
				json_type_to_name(f[i].t));
			return -EINVAL;
		}
		if (f[i].t == json_type_string &&
		    (size_t)json_object_get_string_len(v) > f[i].max) {
			pr_warn("%s:%zu: \"%s\" is longer than %zu bytes\n", path, no, f[i].k,
				f[i].max);
			return -EINVAL;
		}
	}
	return 0;
}

/* An address of two different devices (two hosts' scans, a reused address) goes to the one
 * whose identity sorts first: the same whatever the order of the files and of their lines. */
static int index_addr(struct report *r, const char *addr, uint32_t idx)
{
	uint8_t k[17];
	uint32_t *at;

	if (!addr || addr_key(addr, k))
		return 0;
	if (!(at = htab_find(&r->by_addr, k)))
		return htab_insert(&r->by_addr, k, idx);
	if (memcmp(r->devs[idx].key, r->devs[*at].key, sizeof(r->devs[idx].key)) < 0)
		*at = idx;
	return 0;
}

static void record_fill(struct rdevice *d, json_object *o)
{
	d->mac = dup_or_null(jstr(o, "mac"));
	d->vendor = dup_or_null(jstr(o, "vendor"));
	d->oui = dup_or_null(jstr(o, "oui"));
	d->cls = dup_or_null(jstr(o, "class"));
	d->conf = dup_or_null(jstr(o, "confidence"));
	d->uuid = dup_or_null(jstr(o, "uuid"));
	d->time = dup_or_null(jstr(o, "time"));
	d->server = dup_or_null(jstr(o, "server"));
	d->st = dup_or_null(jstr(o, jstr(o, "st") ? "st" : "nt"));
	d->addr = dup_or_null(jstr(o, "addr"));
}

/* Two addresses (as addr_key() reads them) in order: IPv4 before IPv6, then by value. */
static int key_cmp(const uint8_t x[17], const uint8_t y[17])
{
	return x[16] != y[16] ? (x[16] < y[16] ? -1 : 1) : memcmp(x, y, 16);
}

/* a sorts before b: by key_cmp(); an address before none */
static bool addr_before(const char *a, const char *b)
{
	uint8_t x[17], y[17];

	if (!a || addr_key(a, x))
		return false;
	if (!b || addr_key(b, y))
		return true;
	return key_cmp(x, y) < 0;
}

static int cmp_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) : (a != NULL) - (b != NULL);
}

/* Two records in a total order of what they say, their addresses apart. */
static int record_cmp(const struct rdevice *p, const struct rdevice *q)
{
	int c;

	if ((c = cmp_text(p->mac, q->mac)) || (c = cmp_text(p->uuid, q->uuid)) ||
	    (c = cmp_text(p->st, q->st)) || (c = cmp_text(p->server, q->server)) ||
	    (c = cmp_text(p->cls, q->cls)) || (c = cmp_text(p->vendor, q->vendor)) ||
	    (c = cmp_text(p->time, q->time)) || (c = cmp_text(p->oui, q->oui)) ||
	    (c = cmp_text(p->conf, q->conf)))
		return c;
	return cmp_text(p->addr, q->addr);
}

/* A device in several records (hosts, shards, runs, addresses) is described by its record at
 * its lowest address, of those the record that sorts first (record_cmp): the same whatever the
 * order of the files and of their lines. */
static int add_device(struct report *r, json_object *o)
{
	json_object *addrs, *a;
	struct rdevice *d, n;
	char key[64];
	uint32_t *idx;
	size_t i;
	int err;

	device_key(o, key);
	idx = htab_find(&r->by_key, key);
	if (idx) {
		d = &r->devs[*idx];
		n = *d;
		record_fill(&n, o);
		if (addr_before(n.addr, d->addr) ||
		    (!addr_before(d->addr, n.addr) && record_cmp(&n, d) < 0)) {
			record_free(d);
			*d = n;
		} else {
			record_free(&n);
		}
	} else {
		if (r->ndevs == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 1024;
			struct rdevice *n = realloc(r->devs, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			r->devs = n;
			r->cap = cap;
		}
		d = &r->devs[r->ndevs];
		memset(d, 0, sizeof(*d));
		memcpy(d->key, key, sizeof(d->key));
		record_fill(d, o);
		if ((err = htab_insert(&r->by_key, key, (uint32_t)r->ndevs)))
			return err;
		r->ndevs++;
	}
	if ((err = report_desc_take(o, d)) ||
	    (err = index_addr(r, jstr(o, "addr"), (uint32_t)(d - r->devs))))
		return err;
	if (json_object_object_get_ex(o, "addrs", &addrs) &&
	    json_object_is_type(addrs, json_type_array)) {
		for (i = 0; i < json_object_array_length(addrs); i++) {
			a = json_object_array_get_idx(addrs, i);
			if (json_object_is_type(a, json_type_string) &&
			    (err = index_addr(r, json_object_get_string(a),
					      (uint32_t)(d - r->devs))))
				return err;
		}
	}
	return 0;
}

/* Lines of path: JSON objects (or, for scanners, plain addresses). fn gets each one. */
static int each_line(const char *path, struct report *r, bool scanners)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0, no = 0;
	ssize_t n;
	int err = 0;

	if (!f) {
		pr_warn("%s: %s\n", path, strerror(errno));
		return -errno;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		json_object *o = NULL;
		const char *addr;
		char *p = line;

		no++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if (*p != '{') {
			uint8_t k[17];

			if (!scanners || addr_key(p, k)) {
				pr_warn("%s:%zu: neither a JSON object nor an address%s\n", path,
					no,
					scanners ? ""
						 : " (device files are classify's JSON Lines)");
				err = -EINVAL;
				break;
			}
			err = report_add_scanner(r, p, true, NULL, NULL);
		} else {
			o = json_tokener_parse(p);
			if (!o || !json_object_is_type(o, json_type_object) ||
			    (err = check_fields(o, path, no)) ||
			    (err = report_desc_check(o, path, no)) || !(addr = jstr(o, "addr"))) {
				if (!err)
					pr_warn("%s:%zu: not a JSON object with an \"addr\"\n",
						path, no);
				json_object_put(o);
				err = -EINVAL;
				break;
			}
			if (scanners) {
				json_object *m;
				bool mirai = !json_object_object_get_ex(o, "mirai", &m) ||
					     json_object_get_boolean(m); /* a boolean: checked */

				err = report_add_scanner(r, addr, mirai, jstr(o, "first_seen"),
							 jstr(o, "last_seen"));
			} else {
				err = add_device(r, o);
			}
			json_object_put(o);
		}
		if (err)
			break;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}

static void scanner_times(struct rscanner *s, const char *first, const char *last)
{
	snprintf(s->first, sizeof(s->first), "%s", first ? first : "");
	snprintf(s->last, sizeof(s->last), "%s", last ? last : "");
	if (first && time_parse_iso(first, &s->first_ns))
		s->first_ns = 0;
	if (last && time_parse_iso(last, &s->last_ns))
		s->last_ns = 0;
	if (!s->last_ns)
		s->last_ns = s->first_ns;
	if (!s->first_ns)
		s->first_ns = s->last_ns;
}

/* n's time replaces s's: a time beats none, then the earlier (sign 1) or the later (-1), then
 * the text (a total order: whatever line came first) */
static bool time_wins(int64_t n_ns, const char *n, int64_t s_ns, const char *s, int sign)
{
	if (!n_ns != !s_ns)
		return n_ns != 0;
	if (n_ns != s_ns)
		return sign > 0 ? n_ns < s_ns : n_ns > s_ns;
	return sign * strcmp(n, s) < 0;
}

/* A scanner in several lines (two sensors' files merged): its earliest first and latest last
 * seen, whatever the order of the lines. */
static void scanner_merge(struct rscanner *s, const char *first, const char *last)
{
	struct rscanner n = {};

	scanner_times(&n, first, last);
	if (time_wins(n.first_ns, n.first, s->first_ns, s->first, 1)) {
		memcpy(s->first, n.first, sizeof(s->first));
		s->first_ns = n.first_ns;
	}
	if (time_wins(n.last_ns, n.last, s->last_ns, s->last, -1)) {
		memcpy(s->last, n.last, sizeof(s->last));
		s->last_ns = n.last_ns;
	}
}

int report_add_scanner(struct report *r, const char *addr, bool mirai, const char *first,
		       const char *last)
{
	struct rscanner *s;
	uint8_t k[17];
	uint32_t *idx;

	if (addr_key(addr, k))
		return -EINVAL;
	if (!mirai && r->mirai_only) {
		r->skipped_plain++;
		return 0;
	}
	if ((idx = htab_find(&r->scanner_addr, k))) {
		scanner_merge(&r->scanners[*idx], first, last);
		return 0;
	}
	if (r->nscanners == r->scap) {
		size_t cap = r->scap ? r->scap * 2 : 1024;
		struct rscanner *n = realloc(r->scanners, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->scanners = n;
		r->scap = cap;
	}
	s = &r->scanners[r->nscanners];
	memset(s, 0, sizeof(*s));
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	scanner_times(s, first, last);
	return htab_insert(&r->scanner_addr, k, (uint32_t)r->nscanners++);
}

int report_read_devices(struct report *r, const char *path)
{
	return each_line(path, r, false);
}

int report_read_scanners(struct report *r, const char *path)
{
	return each_line(path, r, true);
}

struct rvendor *report_vendor(const struct report *r, const char *name)
{
	char key[sizeof(((struct rvendor *)0)->name)] = {};
	uint32_t *idx;

	snprintf(key, sizeof(key), "%s", name);
	idx = htab_find(&r->vendor_index, key);
	return idx ? &r->vendors[*idx] : NULL;
}

static int by_devices(const void *a, const void *b)
{
	const struct rvendor *x = a, *y = b;

	if (x->devices != y->devices)
		return x->devices < y->devices ? 1 : -1;
	return strcmp(x->name, y->name);
}

void report_bump(struct rcount *c, size_t *n, size_t max, const char *what)
{
	size_t i;

	if (!what)
		return;
	for (i = 0; i < *n; i++) {
		if (!strcmp(c[i].what, what)) {
			c[i].n++;
			return;
		}
	}
	if (*n < max) {
		snprintf(c[*n].what, sizeof(c[*n].what), "%s", what);
		c[(*n)++].n = 1;
	}
}

static int by_count(const void *a, const void *b)
{
	const struct rcount *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->what, y->what);
}

/* A device's place in the canonical order: its address, then what its record says. */
struct devpos {
	const struct rdevice *d;
	uint8_t k[17];
	bool addr;
};

/* Two devices never tie: different devices have different identities (device_key()). */
static int by_place(const void *a, const void *b)
{
	const struct devpos *x = a, *y = b;
	int c;

	if (x->addr != y->addr)
		return x->addr ? -1 : 1; /* devices without an address last */
	if ((c = key_cmp(x->k, y->k)) || (c = record_cmp(x->d, y->d)))
		return c;
	return memcmp(x->d->key, y->d->key, sizeof(x->d->key));
}

/*
 * The devices in one order, whatever the order of the device files and of the records in them
 * (which host or shard saw a device, when its reply came): the same devices make the same
 * report. The indexes by key and by address follow.
 */
static int devs_sort(struct report *r)
{
	struct devpos *pos = calloc(r->ndevs + 1, sizeof(*pos));
	struct rdevice *devs = calloc(r->ndevs + 1, sizeof(*devs));
	uint32_t *to = calloc(r->ndevs + 1, sizeof(*to));
	size_t i;

	if (!pos || !devs || !to) {
		free(pos);
		free(devs);
		free(to);
		return -ENOMEM;
	}
	for (i = 0; i < r->ndevs; i++) {
		pos[i].d = &r->devs[i];
		pos[i].addr = r->devs[i].addr && !addr_key(r->devs[i].addr, pos[i].k);
	}
	if (r->ndevs)
		qsort(pos, r->ndevs, sizeof(*pos), by_place);
	for (i = 0; i < r->ndevs; i++) {
		devs[i] = *pos[i].d;
		to[pos[i].d - r->devs] = (uint32_t)i;
	}
	htab_remap(&r->by_key, to);
	htab_remap(&r->by_addr, to);
	free(r->devs);
	r->devs = devs;
	r->cap = r->ndevs + 1;
	free(pos);
	free(to);
	return 0;
}

int report_join(struct report *r)
{
	size_t i, j;
	uint8_t *infected;

	if (devs_sort(r))
		return -ENOMEM;
	infected = calloc(r->ndevs + 1, 1);
	if (!infected)
		return -ENOMEM;
	for (i = 0; i < r->nscanners; i++) {
		struct rscanner *s = &r->scanners[i];
		struct rdevice *d;
		uint8_t k[17];
		uint32_t *idx;

		addr_key(s->addr, k);
		idx = htab_find(&r->by_addr, k);
		if (!report_keep(r, s)) {
			if (idx) /* a scanner all the same: not "not seen scanning" */
				r->devs[*idx].left_out = true;
			continue;
		}
		if (!idx) {
			r->no_ssdp++;
			continue;
		}
		s->dev = (int64_t)*idx + 1;
		d = &r->devs[*idx];
		if (s->first_ns && (!d->first_ns || s->first_ns < d->first_ns))
			d->first_ns = s->first_ns;
		if (s->last_ns > d->last_ns)
			d->last_ns = s->last_ns;
		if (infected[*idx]++) { /* the same device from another address: the lowest */
			if (addr_before(s->addr, r->scanners[d->net - 1].addr))
				d->net = i + 1;
			continue;
		}
		d->net = i + 1;
		r->infected++;
	}
	for (i = 0; i < r->ndevs; i++) {
		struct rdevice *d = &r->devs[i];
		struct rvendor *v = NULL;

		if (!infected[i]) {
			r->not_scanning += !d->left_out;
			continue;
		}
		d->infected = true;
		if (!d->vendor) {
			report_bump(r->no_mac, &r->nno_mac, REPORT_MAX_LIST, d->cls ? d->cls : "?");
			continue;
		}
		v = report_vendor(r, d->vendor);
		if (!v) {
			struct rvendor *n = realloc(r->vendors, (r->nvendors + 1) * sizeof(*n));

			if (!n) {
				free(infected);
				return -ENOMEM;
			}
			r->vendors = n;
			v = &r->vendors[r->nvendors];
			memset(v, 0, sizeof(*v));
			snprintf(v->name, sizeof(v->name), "%s", d->vendor);
			if (htab_insert(&r->vendor_index, v->name, (uint32_t)r->nvendors++)) {
				free(infected);
				return -ENOMEM;
			}
		}
		v->devices++;
		r->named++;
		report_bump(v->servers, &v->nservers, REPORT_MAX_LIST, d->server);
		report_bump(v->prefixes, &v->nprefixes, REPORT_MAX_LIST, d->oui);
		if (d->cls && !strcmp(d->cls, "embedded-mac"))
			v->embedded++;
		for (j = 0; d->conf && j < 3; j++)
			v->by_conf[j] += !strcmp(d->conf, report_conf_names[j]);
	}
	/* addresses and activity per vendor, from the scanners joined to its devices */
	for (i = 0; i < r->nscanners; i++) {
		struct rscanner *s = &r->scanners[i];
		struct rdevice *d;

		if (!s->dev)
			continue;
		d = &r->devs[s->dev - 1];
		{
			struct rvendor *v = d->vendor ? report_vendor(r, d->vendor) : NULL;

			if (!v)
				continue;
			v->addrs++;
			if (s->first[0] && (!v->first[0] || strcmp(s->first, v->first) < 0))
				snprintf(v->first, sizeof(v->first), "%s", s->first);
			if (s->last[0] && strcmp(s->last, v->last) > 0)
				snprintf(v->last, sizeof(v->last), "%s", s->last);
		}
	}
	if (r->nvendors) /* qsort(NULL, 0) is undefined */
		qsort(r->vendors, r->nvendors, sizeof(*r->vendors), by_devices);
	for (j = 0; j < r->nvendors; j++) {
		qsort(r->vendors[j].servers, r->vendors[j].nservers, sizeof(struct rcount),
		      by_count);
		qsort(r->vendors[j].prefixes, r->vendors[j].nprefixes, sizeof(struct rcount),
		      by_count);
	}
	qsort(r->no_mac, r->nno_mac, sizeof(struct rcount), by_count);
	free(infected);
	/* the index again, in the sorted order (report_vendor() after the join) */
	htab_free(&r->vendor_index);
	htab_init(&r->vendor_index, sizeof(r->vendors[0].name));
	for (j = 0; j < r->nvendors; j++)
		if (htab_insert(&r->vendor_index, r->vendors[j].name, (uint32_t)j))
			return -ENOMEM;
	return report_models(r) ?: report_networks(r);
}
