// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The report by network: which scanners the report takes (--country, --asn, --since, --until),
 * infected devices by vendor x AS x country, and a CSV per AS for the abuse desks that serve
 * them. AS names come from database files: hostile text, escaped like everything else.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "clock.h"
#include "escape.h"
#include "log.h"
#include "record.h"
#include "report.h"

static int take_country(void *field, const char *arg)
{
	if (strlen(arg) != 2 || !isalpha((unsigned char)arg[0]) ||
	    !isalpha((unsigned char)arg[1])) {
		pr_warn("--country %s: a two-letter ISO 3166 code (JP, US, DE)\n", arg);
		return -EINVAL;
	}
	*(const char **)field = arg;
	return 0;
}

static int take_asn(void *field, const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg + (!strncasecmp(arg, "AS", 2) ? 2 : 0), &end, 10);

	if (*end || !v || v > UINT32_MAX || !isdigit((unsigned char)arg[strlen(arg) - 1])) {
		pr_warn("--asn %s: an AS number (64500 or AS64500)\n", arg);
		return -EINVAL;
	}
	*(uint32_t *)field = (uint32_t)v;
	return 0;
}

/* --since and --until: the field is the whole filter (a window opened by --since alone runs to
 * the end of time). */
static int take_time(struct rfilter *f, int64_t *t, const char *opt, const char *arg)
{
	if (time_parse_iso(arg, t)) {
		pr_warn("%s %s: an ISO 8601 date or time (2017-06-01, 2017-06-01T12:00:00Z)\n", opt,
			arg);
		return -EINVAL;
	}
	if (!f->window && t == &f->since)
		f->until = INT64_MAX;
	f->window = true;
	return 0;
}

static int take_since(void *field, const char *arg)
{
	struct rfilter *f = field;

	return take_time(f, &f->since, "--since", arg);
}

static int take_until(void *field, const char *arg)
{
	struct rfilter *f = field;

	return take_time(f, &f->until, "--until", arg);
}

static const struct opt_value by_values[] = {{"day", 1}, {"week", 7}, {}};

#define WHOLE .off = 0, .size = sizeof(struct rfilter)
const struct opt report_net_rows[] = {
	OPT_ROW("country", 0, OPT_FUNC, struct rfilter, country, "CC",
		"only scanners in this country (ISO 3166 alpha-2)", .fn = take_country,
		.example = "JP"),
	OPT_ROW("asn", 0, OPT_FUNC, struct rfilter, asn, "N", "only scanners in this AS",
		.fn = take_asn, OPT_GIVEN(struct rfilter, by_asn), .example = "AS64500"),
	OPT_ROW("handoff-dir", 0, OPT_STR, struct rfilter, handoff_dir, "D",
		"one CSV per AS in D (AS64500.csv, AS-unknown.csv)", .example = "/tmp"),
	{.name = "since",
	 .type = OPT_FUNC,
	 WHOLE,
	 .fn = take_since,
	 .metavar = "T",
	 .help = "only scanners seen from T on (ISO 8601: 2017-06-01, 2017-06-01T12:00:00Z)",
	 .example = "2017-06-01"},
	{.name = "until",
	 .type = OPT_FUNC,
	 WHOLE,
	 .fn = take_until,
	 .metavar = "T",
	 .help = "only scanners seen before T",
	 .example = "2017-06-01T12:00:00Z"},
	OPT_ROW("by", 0, OPT_ENUM, struct rfilter, by_days, "day|week",
		"new infected devices per vendor per period (table; --chart)", .values = by_values,
		.example = "week"),
	{},
};
#undef WHOLE

int report_net_open(struct report *r)
{
	struct rfilter *f = &r->filter;

	if (f->window && f->until <= f->since) {
		pr_warn("--since/--until: the window is empty\n");
		return -EINVAL;
	}
	if ((f->country || f->by_asn || f->handoff_dir) && !f->files.asn_db &&
	    !f->files.country_db && !f->files.pfx2as) {
		pr_warn("--country, --asn and --handoff-dir need --asn-db, --country-db or "
			"--pfx2as\n");
		return -EINVAL;
	}
	if (f->country && !f->files.country_db && !f->files.asn_db) {
		pr_warn("--country needs --country-db (or an --asn-db that holds countries)\n");
		return -EINVAL;
	}
	return netfiles_open(&f->files, &f->db, &f->net);
}

void report_net_device_json(const struct report *r, const struct rdevice *d, json_object *e)
{
	char buf[64];

	if (r->filter.net && d->net)
		netdb_add_json(e, &r->scanners[d->net - 1].ni);
	if (!r->filter.net && !r->filter.window && !r->filter.by_days)
		return;
	record_iso_ns(d->first_ns, buf, sizeof(buf));
	json_object_object_add(e, "first_seen", d->first_ns ? json_object_new_string(buf) : NULL);
	record_iso_ns(d->last_ns, buf, sizeof(buf));
	json_object_object_add(e, "last_seen", d->last_ns ? json_object_new_string(buf) : NULL);
}

bool report_keep(struct report *r, struct rscanner *s)
{
	const struct rfilter *f = &r->filter;

	if (f->window) {
		if (!s->first_ns) {
			r->no_time++;
			return false;
		}
		if (s->last_ns < f->since || s->first_ns >= f->until) {
			r->filtered++;
			return false;
		}
	}
	if (!f->net)
		return true;
	netdb_lookup(f->net, s->addr, &s->ni);
	if ((f->country && strcasecmp(s->ni.country, f->country)) ||
	    (f->by_asn && s->ni.asn != f->asn)) {
		r->filtered++;
		return false;
	}
	return true;
}

static int by_count(const void *a, const void *b)
{
	const struct rnet *x = a, *y = b;

	if (x->devices != y->devices)
		return x->devices < y->devices ? 1 : -1;
	if (x->key.asn != y->key.asn) /* unknown (0) last */
		return x->key.asn - 1 < y->key.asn - 1 ? -1 : 1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

int report_networks(struct report *r)
{
	struct htab idx;
	size_t i, cap = 0;
	int err = 0;

	if (!r->filter.net)
		return 0;
	htab_init(&idx, sizeof(struct rnet_key));
	for (i = 0; i < r->ndevs && !err; i++) {
		const struct rdevice *d = &r->devs[i];
		const struct netinfo *ni;
		struct rnet_key k = {};
		uint32_t *at;

		if (!d->infected || !d->net)
			continue;
		ni = &r->scanners[d->net - 1].ni;
		snprintf(k.vendor, sizeof(k.vendor), "%s", d->vendor ? d->vendor : "");
		k.asn = ni->asn;
		memcpy(k.country, ni->country, sizeof(ni->country));
		if ((at = htab_find(&idx, &k))) {
			r->nets[*at].devices++;
			continue;
		}
		if (r->nnets == cap) {
			struct rnet *n = realloc(r->nets, (cap = cap ? cap * 2 : 64) * sizeof(*n));

			if (!n) {
				err = -ENOMEM;
				break;
			}
			r->nets = n;
		}
		r->nets[r->nnets] = (struct rnet){.key = k, .devices = 1};
		memcpy(r->nets[r->nnets].as_name, ni->as_name, sizeof(ni->as_name));
		err = htab_insert(&idx, &k, (uint32_t)r->nnets++);
	}
	htab_free(&idx);
	if (r->nnets)
		qsort(r->nets, r->nnets, sizeof(*r->nets), by_count);
	return err;
}

static void as_text(uint32_t asn, char *buf, size_t len)
{
	if (asn)
		snprintf(buf, len, "AS%u", asn);
	else
		snprintf(buf, len, "unknown");
}

void report_net_text(const struct report *r, FILE *f, bool md)
{
	const struct netdb *n = r->filter.net;
	char as[16], e[3][64];
	size_t i;

	if (r->filter.window || n)
		fprintf(f, "%sscanners left out by --country/--asn/--since/--until: %llu%s",
			md ? "- " : "  ", (unsigned long long)r->filtered,
			r->filter.window ? "" : "\n");
	if (r->filter.window)
		fprintf(f, "; without a time: %llu\n", (unsigned long long)r->no_time);
	if (!n)
		return;
	if (md)
		fputs("\n### Infected devices by vendor, network and country\n\n"
		      "| Devices | Vendor | AS | AS name | Country |\n|---:|---|---|---|---|\n",
		      f);
	else
		fprintf(f,
			"\nInfected devices by vendor, network and country:\n%8s  %-34s %-12s "
			"%-40s %s\n",
			"DEVICES", "VENDOR", "AS", "AS NAME", "COUNTRY");
	for (i = 0; i < r->nnets; i++) {
		const struct rnet *x = &r->nets[i];
		const char *vendor = x->key.vendor[0] ? x->key.vendor : "-";
		const char *name = x->as_name[0] ? x->as_name : "-";
		const char *cc = x->key.country[0] ? x->key.country : "-";

		as_text(x->key.asn, as, sizeof(as));
		if (md) {
			fprintf(f, "| %llu ", (unsigned long long)x->devices);
			esc_md(f, vendor);
			esc_md(f, as);
			esc_md(f, name);
			esc_md(f, cc);
			fputs("|\n", f);
		} else {
			fprintf(f, "%8llu  %-34s %-12s %-40s %s\n", (unsigned long long)x->devices,
				esc_term(e[0], 35, vendor), as, esc_term(e[1], 41, name),
				esc_term(e[2], sizeof(e[2]), cc));
		}
	}
	fprintf(f,
		"\n%saddresses no file placed in an AS: %llu, in a country: %llu (of %llu looked "
		"up)\n",
		md ? "- " : "  ", (unsigned long long)n->unknown_asn,
		(unsigned long long)n->unknown_country, (unsigned long long)n->lookups);
	if (n->errors)
		fprintf(f, "%slookups a damaged database failed (counted as unknown): %llu\n",
			md ? "- " : "  ", (unsigned long long)n->errors);
}

void report_net_json(const struct report *r, json_object *o)
{
	json_object *a, *s;
	size_t i;

	if (!json_object_object_get_ex(o, "summary", &s))
		return;
	if (r->filter.window || r->filter.net) {
		json_object_object_add(s, "left_out_by_filter",
				       json_object_new_int64((int64_t)r->filtered));
		if (r->filter.window)
			json_object_object_add(s, "left_out_no_time",
					       json_object_new_int64((int64_t)r->no_time));
	}
	if (!r->filter.net)
		return;
	json_object_object_add(s, "unknown_asn",
			       json_object_new_int64((int64_t)r->filter.net->unknown_asn));
	json_object_object_add(s, "unknown_country",
			       json_object_new_int64((int64_t)r->filter.net->unknown_country));
	json_object_object_add(s, "lookup_errors",
			       json_object_new_int64((int64_t)r->filter.net->errors));
	a = json_object_new_array();
	for (i = 0; i < r->nnets; i++) {
		const struct rnet *x = &r->nets[i];
		json_object *e = json_object_new_object();

		json_object_object_add(e, "vendor",
				       x->key.vendor[0] ? json_object_new_string(x->key.vendor)
							: NULL);
		json_object_object_add(e, "asn",
				       x->key.asn ? json_object_new_int64(x->key.asn) : NULL);
		json_object_object_add(e, "as_name",
				       x->as_name[0] ? json_object_new_string(x->as_name) : NULL);
		json_object_object_add(e, "country",
				       x->key.country[0] ? json_object_new_string(x->key.country)
							 : NULL);
		json_object_object_add(e, "devices", json_object_new_int64((int64_t)x->devices));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "networks", a);
}

/* The joined scanners of infected devices, by AS, then address. */
static const struct report *sort_r;
static int by_as(const void *a, const void *b)
{
	const struct rscanner *x = &sort_r->scanners[*(const size_t *)a];
	const struct rscanner *y = &sort_r->scanners[*(const size_t *)b];

	if (x->ni.asn != y->ni.asn)
		return x->ni.asn < y->ni.asn ? -1 : 1;
	return strcmp(x->addr, y->addr);
}

static void handoff_row(FILE *f, const struct rscanner *s, const struct rdevice *d)
{
	char buf[64];

	esc_csv(f, s->addr, false);
	snprintf(buf, sizeof(buf), "%u", s->ni.asn);
	esc_csv(f, s->ni.asn ? buf : "", false);
	esc_csv(f, s->ni.as_name, false);
	esc_csv(f, s->ni.country, false);
	esc_csv(f, d->vendor, false);
	esc_csv(f, d->mac, false);
	esc_csv(f, d->model, false);
	esc_csv(f, d->server, false);
	esc_csv(f, s->first, false);
	esc_csv(f, s->last, false);
	esc_csv(f, d->conf, false);
	esc_csv(f, d->desc.manufacturer, false);
	esc_csv(f, d->desc.serial, false);
	esc_csv(f, d->desc.firmware, true);
}

int report_handoff(const struct report *r, const char *dir)
{
	size_t *rows = malloc((r->nscanners + 1) * sizeof(*rows)), n = 0, i;
	char path[4096];
	FILE *f = NULL;
	int err = 0;

	if (!rows)
		return -ENOMEM;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		err = -errno;
		pr_warn("--handoff-dir %s: %s\n", dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < r->nscanners; i++)
		if (r->scanners[i].dev && r->devs[r->scanners[i].dev - 1].infected)
			rows[n++] = i;
	sort_r = r;
	qsort(rows, n, sizeof(*rows), by_as);
	for (i = 0; i < n; i++) {
		const struct rscanner *s = &r->scanners[rows[i]];

		if (!i || s->ni.asn != r->scanners[rows[i - 1]].ni.asn) {
			if (f) {
				int c = fclose(f);

				f = NULL;
				if (c)
					break;
			}
			if (s->ni.asn)
				snprintf(path, sizeof(path), "%s/AS%u.csv", dir, s->ni.asn);
			else
				snprintf(path, sizeof(path), "%s/AS-unknown.csv", dir);
			if (!(f = fopen(path, "w")))
				break;
			fputs("addr,asn,as_name,country,vendor,mac,model,server,first_seen,last_"
			      "seen,confidence,manufacturer,serial,firmware\n",
			      f);
		}
		handoff_row(f, s, &r->devs[s->dev - 1]);
	}
	if (i < n || (f && (fflush(f) || ferror(f)))) {
		err = -errno;
		pr_warn("--handoff-dir: %s: %s\n", path, strerror(errno));
	}
	if (f)
		fclose(f);
out:
	free(rows);
	return err;
}
