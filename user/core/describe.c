// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "clock.h"
#include "describe.h"
#include "descxml.h"
#include "htab.h"
#include "log.h"
#include "metrics.h"
#include "opts.h"

/* One distinct URL: its request and what came of it. */
struct dres {
	int outcome;
	struct desc *desc;  /* parsed, for the per-record checks */
	json_object *json;  /* the description as records carry it */
	size_t users, used; /* records sharing it; handed out so far */
};

struct run {
	struct describe *d;
	struct fetch_job *jobs;
	struct dres *res; /* res[i] is what came of jobs[i] */
	size_t n, next;
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

/* A finished request: its body parsed, the description made once for every record using it. */
static void on_done(struct fetch_job *j, void *ctx)
{
	struct run *r = ctx;
	struct dres *res = &r->res[j->id];
	json_object *o = json_object_new_object(), *emb;
	int i;

	res->outcome = j->outcome;
	if (j->outcome == DESC_OUT_OK) {
		res->desc = calloc(1, sizeof(*res->desc));
		if (!res->desc) {
			res->outcome = DESC_OUT_ERROR;
		} else {
			enum desc_result p = desc_parse(j->body, j->len, res->desc);

			res->outcome = p == DESC_R_OK	      ? DESC_OUT_OK
				       : p == DESC_R_HOSTILE  ? DESC_OUT_HOSTILE_XML
				       : p == DESC_R_NOT_UPNP ? DESC_OUT_NOT_UPNP
							      : DESC_OUT_NOT_XML;
		}
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
		json_object *root = device_json(&res->desc->dev[0]);

		json_object_object_foreach (root, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_put(root);
		emb = json_object_new_array();
		for (i = 1; i < res->desc->ndev; i++)
			json_object_array_add(emb, device_json(&res->desc->dev[i]));
		json_object_object_add(o, "embedded", emb);
		if (res->desc->ndevices > res->desc->ndev)
			json_object_object_add(o, "embedded_cut", json_object_new_boolean(1));
	}
	res->json = o;
}

/* A record's description: the shared one (a copy after the first), its checks, its outcome. */
static void finish_record(struct describe *d, json_object *rec, struct dres *res, int outcome)
{
	json_object *o = NULL;
	const char *usn = jstr(rec, "usn"), *ev;

	if (res) {
		/* the last record sharing it takes the original, the others a copy */
		if (++res->used == res->users)
			o = res->json;
		else if (json_object_deep_copy(res->json, &o, NULL))
			o = NULL;
		outcome = res->outcome;
		if (res->users > 1)
			json_object_object_add(o, "shared",
					       json_object_new_int64((int64_t)res->users));
	}
	if (!o)
		o = json_object_new_object();
	if (outcome == DESC_OUT_OK && usn) {
		int m = desc_udn_match(res->desc, usn);

		json_object_object_add(o, "udn_match", json_object_new_boolean(m));
		if (!m)
			outcome = DESC_OUT_UDN_MISMATCH;
	}
	if (res && res->desc && (ev = desc_mac_evidence(res->desc, jstr(rec, "mac"))))
		json_object_object_add(o, "mac_evidence", json_object_new_string(ev));
	json_object_object_add(o, "outcome", json_object_new_string(desc_outcome_name(outcome)));
	json_object_object_add(rec, "description", o);
	d->devices[outcome]++;
}

/* Which request a record needs: its index in res, or -1 with *outcome set. */
static long plan(struct describe *d, json_object *rec, struct htab *urls, struct fetch_job *jobs,
		 struct dres *res, size_t *nres, int *outcome)
{
	const char *addr = jstr(rec, "addr"), *loc = jstr(rec, "location");
	uint8_t key[16];
	uint32_t *idx;
	char *url;

	if (!loc || !*loc)
		return *outcome = DESC_OUT_NO_LOCATION, -1;
	if (!addr)
		return *outcome = DESC_OUT_BAD_LOCATION, -1;
	if (blocked(d, addr))
		return *outcome = DESC_OUT_BLOCKED, -1;
	if (!(url = fetch_url_at(loc, addr)))
		return *outcome = DESC_OUT_BAD_LOCATION, -1;
	url_key(url, key);
	if ((idx = htab_find(urls, key))) {
		free(url);
		res[*idx].users++;
		return *idx;
	}
	if (htab_insert(urls, key, (uint32_t)*nres)) {
		free(url);
		return *outcome = DESC_OUT_ERROR, -1;
	}
	jobs[*nres].url = url;
	snprintf(jobs[*nres].host, sizeof(jobs[*nres].host), "%s", addr);
	res[*nres].users = 1;
	return (long)(*nres)++;
}

/* fetch_run()'s jobs, in order; the engine takes their URLs. */
static int next_job(struct fetch_job *j, void *ctx)
{
	struct run *r = ctx;

	if (r->next == r->n)
		return 0;
	*j = r->jobs[r->next];
	r->jobs[r->next].url = NULL;
	j->id = r->next++;
	return 1;
}

int describe_objects(struct describe *d, json_object **recs, size_t n, volatile int *stop)
{
	struct fetch_job *jobs = calloc(n + 1, sizeof(*jobs));
	struct dres *res = calloc(n + 1, sizeof(*res));
	long *which = calloc(n + 1, sizeof(*which));
	int *pre = calloc(n + 1, sizeof(*pre));
	struct run r = {.d = d};
	struct htab urls;
	size_t nres = 0, i;
	double t0;
	int err = 0;

	htab_init(&urls, 16);
	if (!jobs || !res || !which || !pre) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		which[i] = plan(d, recs[i], &urls, jobs, res, &nres, &pre[i]);
	r.jobs = jobs;
	r.res = res;
	r.n = nres;
	t0 = mono_now();
	err = fetch_run(&d->f, next_job, on_done, &r, stop);
	d->secs += mono_now() - t0;
	for (i = 0; i < n; i++)
		finish_record(d, recs[i], which[i] >= 0 ? &res[which[i]] : NULL, pre[i]);
out:
	for (i = 0; res && i < nres; i++) {
		free(jobs[i].url);
		if (res[i].desc)
			desc_free(res[i].desc);
		free(res[i].desc);
		if (res[i].used < res[i].users)
			json_object_put(res[i].json);
	}
	htab_free(&urls);
	free(jobs);
	free(res);
	free(which);
	free(pre);
	return err;
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
