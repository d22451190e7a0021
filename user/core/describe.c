// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "clock.h"
#include "describe.h"
#include "descxml.h"
#include "htab.h"
#include "log.h"
#include "metrics.h"
#include "opts.h"
#include "record.h"
#include "spool.h"

/* One distinct URL: what came of its request. Its description waits in the spool, not in memory:
 * only this much is held per URL. */
struct dres {
	uint64_t off;	     /* the description (JSON text) in the spool */
	uint32_t len, users; /* its length; the records sharing it */
	int outcome;
};

/* A run over a record source: per record, only which request it needs. */
struct describe_run {
	struct describe *d;
	const struct describe_src *src;
	int32_t *which;	  /* per record: its URL (an index in res), or -1 - its outcome */
	struct dres *res; /* per distinct URL, in the order of their first records */
	size_t n, ncap, nres, rcap, started;
	FILE *urls;  /* each distinct URL and its address, "URL\0ADDR\0", in res's order */
	FILE *spool; /* the descriptions, end to end */
	uint64_t spool_end;
	char *buf; /* reading either back */
	size_t bcap;
	int err; /* the first spool error */
};

int describe_init(struct describe *d)
{
	memset(d, 0, sizeof(*d));
	d->f.concurrency = 256;
	d->f.rate = 1000;
	d->f.connect_ms = 3000;
	d->f.total_ms = 10000;
	d->f.max_body = 64 << 10;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return -ENOMEM;
	d->block = &d->own;
	return blocklist_default(&d->own);
}

void describe_free(struct describe *d)
{
	blocklist_free(&d->own);
	curl_global_cleanup();
}

static const char *jstr(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

/* Reserved ranges as probe has them, IPv4 and IPv6 (mapped, NAT64 and 6to4 forms judged by their
 * IPv4 address), less --allow-reserved. */
static bool blocked(const struct describe *d, const char *addr)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return blocklist_why(d->block, ntohl(a4.s_addr)) != NULL;
	return inet_pton(AF_INET6, addr, &a6) != 1 || blocklist_why6(d->block, &a6) != NULL;
}

static void url_key(const char *s, uint8_t key[16])
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;

	for (; *s; s++) {
		a = (a ^ (uint8_t)*s) * 0x100000001b3ULL;
		b = (b ^ (uint8_t)*s) * 0x9e3779b97f4a7c15ULL;
		b ^= b >> 29;
	}
	memcpy(key, &a, 8);
	memcpy(key + 8, &b, 8);
}

static json_object *device_json(const struct desc_device *dv)
{
	json_object *o = json_object_new_object();
	int i;

	for (i = 0; i < DESC_NFIELDS; i++)
		if (dv->f[i])
			json_object_object_add(o, desc_field_name(i),
					       json_object_new_string(dv->f[i]));
	return o;
}

static int spool_error(struct describe_run *r, const char *what)
{
	int err = errno ? -errno : -EIO;

	if (!r->err) {
		pr_warn("describe: %s a temporary file in %s: %s\n", what, spool_dir(),
			strerror(-err));
		r->err = err;
	}
	return err;
}

/* A finished request: its body parsed, the description made once for every record using it and
 * put in the spool. */
static void on_done(struct fetch_job *j, void *ctx)
{
	struct describe_run *r = ctx;
	struct dres *res = &r->res[j->id];
	json_object *o = json_object_new_object(), *emb;
	struct desc ds = {};
	const char *text;
	size_t len;
	int i;

	res->outcome = j->outcome;
	if (j->outcome == DESC_OUT_OK) {
		enum desc_result p = desc_parse(j->body, j->len, &ds);

		res->outcome = p == DESC_R_OK	      ? DESC_OUT_OK
			       : p == DESC_R_HOSTILE  ? DESC_OUT_HOSTILE_XML
			       : p == DESC_R_NOT_UPNP ? DESC_OUT_NOT_UPNP
						      : DESC_OUT_NOT_XML;
	}
	r->d->requests[res->outcome]++;
	json_object_object_add(o, "url", json_object_new_string(j->url));
	if (j->status)
		json_object_object_add(o, "status", json_object_new_int((int)j->status));
	if (j->len)
		json_object_object_add(o, "bytes", json_object_new_int64((int64_t)j->len));
	if (j->hops)
		json_object_object_add(o, "redirects", json_object_new_int(j->hops));
	json_object_object_add(o, "ms", json_object_new_int((int)(j->secs * 1000 + 0.5)));
	if (res->outcome == DESC_OUT_OK) {
		json_object *root = device_json(&ds.dev[0]);

		json_object_object_foreach (root, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_put(root);
		emb = json_object_new_array();
		for (i = 1; i < ds.ndev; i++)
			json_object_array_add(emb, device_json(&ds.dev[i]));
		json_object_object_add(o, "embedded", emb);
		if (ds.ndevices > ds.ndev)
			json_object_object_add(o, "embedded_cut", json_object_new_boolean(1));
	}
	desc_free(&ds);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							 JSON_C_TO_STRING_NOSLASHESCAPE);
	len = text ? strlen(text) : 0;
	res->off = r->spool_end;
	res->len = (uint32_t)len;
	if (!text || len > UINT32_MAX || fwrite(text, 1, len, r->spool) != len)
		spool_error(r, "writing");
	r->spool_end += len;
	json_object_put(o);
}

/* A device of a description as desc_udn_match() and desc_mac_evidence() read it: its fields,
 * pointing into o. */
static void device_view(json_object *o, struct desc_device *dv)
{
	int i;

	for (i = 0; i < DESC_NFIELDS; i++)
		dv->f[i] = (char *)jstr(o, desc_field_name(i));
}

/* The parsed description back from its JSON (as on_done() made it: the root device's fields in
 * o, the others in "embedded"), for the per-record checks. */
static void desc_view(json_object *o, struct desc *ds)
{
	json_object *emb;
	size_t i;

	memset(ds, 0, sizeof(*ds));
	device_view(o, &ds->dev[ds->ndev++]);
	if (!json_object_object_get_ex(o, "embedded", &emb) ||
	    !json_object_is_type(emb, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(emb) && ds->ndev < DESC_MAX_DEVICES; i++)
		device_view(json_object_array_get_idx(emb, i), &ds->dev[ds->ndev++]);
}

/* A URL's description from the spool: a new object. */
static json_object *spooled(struct describe_run *r, const struct dres *res)
{
	json_object *o;

	if (res->len + 1 > r->bcap) {
		char *b = realloc(r->buf, res->len + 1);

		if (!b) {
			pr_warn("describe: out of memory\n");
			return NULL;
		}
		r->buf = b;
		r->bcap = res->len + 1;
	}
	if (pread(fileno(r->spool), r->buf, res->len, (off_t)res->off) != (ssize_t)res->len) {
		spool_error(r, "reading");
		return NULL;
	}
	r->buf[res->len] = '\0';
	if (!(o = json_tokener_parse(r->buf)))
		errno = EIO, spool_error(r, "reading");
	return o;
}

/* A record's description (o: its URL's, from the spool, or NULL), its checks, its outcome. */
static void finish_record(struct describe *d, json_object *rec, const struct dres *res,
			  json_object *o, int outcome)
{
	const char *usn = jstr(rec, "usn"), *ev;
	struct desc ds;
	bool parsed = false;

	if (!o)
		o = json_object_new_object();
	if (res) {
		outcome = res->outcome;
		if (res->users > 1)
			json_object_object_add(o, "shared",
					       json_object_new_int64((int64_t)res->users));
		if ((parsed = outcome == DESC_OUT_OK))
			desc_view(o, &ds);
	}
	if (outcome == DESC_OUT_OK && usn) {
		int m = desc_udn_match(&ds, usn);

		json_object_object_add(o, "udn_match", json_object_new_boolean(m));
		if (!m)
			outcome = DESC_OUT_UDN_MISMATCH;
	}
	if (parsed && (ev = desc_mac_evidence(&ds, jstr(rec, "mac"))))
		json_object_object_add(o, "mac_evidence", json_object_new_string(ev));
	json_object_object_add(o, "outcome", json_object_new_string(desc_outcome_name(outcome)));
	json_object_object_add(rec, "description", o);
	d->devices[outcome]++;
}

/* Which request a record needs: a URL's index in res (a new URL to r->urls), or -1 - its
 * outcome. */
static int32_t plan(struct describe_run *r, json_object *rec, struct htab *urls)
{
	const char *addr = jstr(rec, "addr"), *loc = jstr(rec, "location");
	uint8_t key[16];
	uint32_t *idx;
	char *url;

	if (!loc || !*loc)
		return -1 - DESC_OUT_NO_LOCATION;
	if (!addr)
		return -1 - DESC_OUT_BAD_LOCATION;
	if (blocked(r->d, addr))
		return -1 - DESC_OUT_BLOCKED;
	if (!(url = fetch_url_at(loc, addr)))
		return -1 - DESC_OUT_BAD_LOCATION;
	url_key(url, key);
	if ((idx = htab_find(urls, key))) {
		free(url);
		r->res[*idx].users++;
		return (int32_t)*idx;
	}
	if (r->nres == r->rcap) {
		size_t c = r->rcap ? r->rcap * 2 : 1024;
		struct dres *g = c < INT32_MAX ? realloc(r->res, c * sizeof(*g)) : NULL;

		if (g)
			r->res = g, r->rcap = c;
	}
	if (r->nres == r->rcap || htab_insert(urls, key, (uint32_t)r->nres)) {
		free(url);
		return -1 - DESC_OUT_ERROR;
	}
	if (fprintf(r->urls, "%s%c%s%c", url, 0, addr, 0) < 0)
		spool_error(r, "writing");
	free(url);
	r->res[r->nres] = (struct dres){.users = 1};
	return (int32_t)r->nres++;
}

/* The first read: every record planned, only its request kept. */
static int plan_all(struct describe_run *r)
{
	struct htab urls;
	json_object *rec;
	int got;

	htab_init(&urls, 16);
	while ((got = r->src->next(r->src->ctx, &rec)) > 0) {
		if (r->n == r->ncap) {
			size_t c = r->ncap ? r->ncap * 2 : 4096;
			int32_t *w = c < INT32_MAX ? realloc(r->which, c * sizeof(*w)) : NULL;

			if (!w) {
				json_object_put(rec);
				pr_warn("describe: out of memory\n");
				got = -ENOMEM;
				break;
			}
			r->which = w;
			r->ncap = c;
		}
		r->which[r->n++] = plan(r, rec, &urls);
		json_object_put(rec);
	}
	htab_free(&urls);
	if (!got && fflush(r->urls))
		spool_error(r, "writing");
	return got ? got : r->err;
}

/* fetch_run()'s jobs: the distinct URLs, read back in order. */
static int next_job(struct fetch_job *j, void *ctx)
{
	struct describe_run *r = ctx;

	if (r->started == r->nres)
		return 0;
	if (getdelim(&r->buf, &r->bcap, '\0', r->urls) <= 0 || !(j->url = strdup(r->buf)) ||
	    getdelim(&r->buf, &r->bcap, '\0', r->urls) <= 0) {
		free(j->url);
		j->url = NULL;
		return spool_error(r, "reading");
	}
	snprintf(j->host, sizeof(j->host), "%s", r->buf);
	j->id = r->started++;
	return 1;
}

/* The second read: every record with its description, to out. */
static int write_all(struct describe_run *r, FILE *out, const char *out_name)
{
	json_object *rec, *o;
	size_t i;
	int err;

	for (i = 0; i < r->n; i++) {
		int32_t w = r->which[i];

		if ((err = r->src->next(r->src->ctx, &rec)) <= 0) {
			if (!err)
				pr_warn("describe: %zu records the first time, %zu now: the input "
					"changed while it was described\n",
					r->n, i);
			return err ? err : -ESTALE;
		}
		if (w >= 0 && !(o = spooled(r, &r->res[w]))) {
			json_object_put(rec);
			return r->err ? r->err : -ENOMEM;
		}
		finish_record(r->d, rec, w >= 0 ? &r->res[w] : NULL, w >= 0 ? o : NULL, -1 - w);
		err = record_print(out, rec, false);
		json_object_put(rec);
		if (err) {
			pr_warn("writing %s: %s\n", out_name, strerror(-err));
			return err;
		}
	}
	return 0;
}

int describe_plan(struct describe *d, const struct describe_src *src, struct describe_run **run)
{
	struct describe_run *r = calloc(1, sizeof(*r));
	int err;

	if (!(*run = r)) {
		pr_warn("describe: out of memory\n");
		return -ENOMEM;
	}
	r->d = d;
	r->src = src;
	if (!(r->urls = spool_open()) || !(r->spool = spool_open()))
		return spool_error(r, "opening");
	if ((err = plan_all(r)))
		return err;
	if (fseeko(r->urls, 0, SEEK_SET))
		return spool_error(r, "reading");
	return 0;
}

size_t describe_records(const struct describe_run *r)
{
	return r ? r->n : 0;
}

int describe_write(struct describe_run *r, FILE *out, const char *out_name, volatile int *stop)
{
	double t0 = mono_now();
	int err = fetch_run(&r->d->f, next_job, on_done, r, stop);

	r->d->secs += mono_now() - t0;
	if (err == -ENOMEM)
		pr_warn("describe: out of memory\n");
	if (!err && fflush(r->spool))
		spool_error(r, "writing");
	if (err || (err = r->err) || (err = r->src->rewind(r->src->ctx)))
		return err;
	return write_all(r, out, out_name);
}

void describe_run_free(struct describe_run *r)
{
	if (!r)
		return;
	if (r->urls)
		fclose(r->urls);
	if (r->spool)
		fclose(r->spool);
	free(r->which);
	free(r->res);
	free(r->buf);
	free(r);
}

void describe_summary(const struct describe *d, size_t ndevices)
{
	uint64_t req = 0;
	int i, first = 1;

	for (i = 0; i < DESC_OUT_MAX; i++)
		req += d->requests[i];
	pr_info("describe: %zu devices, %llu requests in %.2f s (%.0f/s):", ndevices,
		(unsigned long long)req, d->secs, d->secs > 0 ? (double)req / d->secs : 0);
	for (i = 0; i < DESC_OUT_MAX; i++) {
		if (!d->devices[i])
			continue;
		pr_info("%s %s %llu", first ? "" : ",", desc_outcome_name(i),
			(unsigned long long)d->devices[i]);
		first = 0;
	}
	pr_info("\n");
}

void describe_metrics(FILE *f, const void *ctx)
{
	const struct describe *d = ctx;
	int i;

	metrics_head(f, "ssdpmac_describe_devices_total", "counter",
		     "device records by the outcome of their description (describe)");
	for (i = 0; i < DESC_OUT_MAX; i++)
		fprintf(f, "ssdpmac_describe_devices_total{outcome=\"%s\"} %llu\n",
			desc_outcome_name(i), (unsigned long long)d->devices[i]);
	metrics_head(f, "ssdpmac_describe_requests_total", "counter",
		     "description requests (one per distinct URL) by outcome");
	for (i = 0; i < DESC_OUT_MAX; i++)
		fprintf(f, "ssdpmac_describe_requests_total{outcome=\"%s\"} %llu\n",
			desc_outcome_name(i), (unsigned long long)d->requests[i]);
}
