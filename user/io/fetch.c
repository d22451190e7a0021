// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "fetch.h"
#include "log.h"

#define MAX_HOPS 3

#define NAME_(e, l, h) [DESC_OUT_##e] = l,
static const char *const out_names[] = {DESC_OUTCOMES(NAME_)};
#undef NAME_
#define HELP_(e, l, h) [DESC_OUT_##e] = h,
static const char *const out_help[] = {DESC_OUTCOMES(HELP_)};
#undef HELP_

const char *desc_outcome_name(int o)
{
	return o >= 0 && o < DESC_OUT_MAX ? out_names[o] : "?";
}

const char *desc_outcome_help(int o)
{
	return o >= 0 && o < DESC_OUT_MAX ? out_help[o] : "?";
}

/* "198.18.0.1", "[2001:db8::1]" or "2001:db8::1" to 16 bytes and a family. */
static int addr_bytes(const char *s, unsigned char out[16])
{
	char buf[64];
	size_t n = strlen(s);

	memset(out, 0, 16);
	if (n >= sizeof(buf))
		return -1;
	if (s[0] == '[' && n > 2 && s[n - 1] == ']') {
		memcpy(buf, s + 1, n - 2);
		buf[n - 2] = '\0';
		s = buf;
	}
	if (inet_pton(AF_INET, s, out) == 1)
		return AF_INET;
	return inet_pton(AF_INET6, s, out) == 1 ? AF_INET6 : -1;
}

char *fetch_url_at(const char *location, const char *addr)
{
	char *scheme = NULL, *url = NULL, host[64];
	unsigned char b[16];
	CURLU *u = curl_url();
	int fam = addr_bytes(addr, b);

	if (!u || fam < 0)
		goto out;
	if (curl_url_set(u, CURLUPART_URL, location, CURLU_NON_SUPPORT_SCHEME) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")))
		goto out;
	snprintf(host, sizeof(host), fam == AF_INET6 ? "[%s]" : "%s", addr);
	if (curl_url_set(u, CURLUPART_HOST, host, 0) || curl_url_set(u, CURLUPART_USER, NULL, 0) ||
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) || curl_url_get(u, CURLUPART_URL, &url, 0))
		url = NULL;
out:
	curl_free(scheme);
	curl_url_cleanup(u);
	if (url) { /* curl's allocation to ours */
		char *s = strdup(url);

		curl_free(url);
		return s;
	}
	return NULL;
}

/* Does a redirect stay on the address the job went to, over http(s)? */
static bool same_host(const struct fetch_job *j, const char *to)
{
	char *scheme = NULL, *host = NULL;
	unsigned char a[16], b[16];
	CURLU *u = curl_url();
	bool ok = false;
	int fa;

	if (u && !curl_url_set(u, CURLUPART_URL, to, 0) &&
	    !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0))
		ok = (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https")) &&
		     (fa = addr_bytes(host, a)) > 0 && addr_bytes(j->host, b) == fa &&
		     !memcmp(a, b, 16);
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_job *j = arg;
	size_t len = size * n;

	if (j->len + len > j->max) {
		j->over = true;
		return 0; /* aborts the transfer (CURLE_WRITE_ERROR) */
	}
	if (j->len + len + 1 > j->cap) {
		size_t c = j->cap ? j->cap : 4096;
		char *b;

		while (c < j->len + len + 1)
			c *= 2;
		if (!(b = realloc(j->body, c)))
			return 0;
		j->body = b;
		j->cap = c;
	}
	memcpy(j->body + j->len, p, len);
	j->len += len;
	j->body[j->len] = '\0';
	return len;
}

/* The options every transfer takes, set once per handle. */
static CURL *new_handle(const struct fetch_opts *o)
{
	CURL *h = curl_easy_init();

	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->total_ms);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* redirects are checked, below */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_PROXY, ""); /* never through a proxy from the environment */
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L); /* one request per device address */
	/* URLs name addresses, each once: libcurl would still cache each as a "DNS" entry and walk
	 * the whole cache at every connect (quadratic: a third of the CPU at 5000 devices) */
	curl_easy_setopt(h, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	/* devices serve self-signed certificates for their own addresses: nothing to verify */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "ssdpmac-describe/1 (UPnP device description)");
	return h;
}

static int start(CURLM *m, CURL *h, struct fetch_job *j)
{
	curl_easy_setopt(h, CURLOPT_URL, j->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, j);
	j->len = 0;
	j->over = false;
	return curl_multi_add_handle(m, h) ? -ENOMEM : 0;
}

/* A finished transfer to an outcome; 1 when a redirect on the same address is to follow. */
static int outcome(CURL *h, struct fetch_job *j, CURLcode rc)
{
	long os_err = 0;
	char *to = NULL;

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &j->status);
	if (rc == CURLE_OK) {
		if (j->status >= 200 && j->status < 300)
			return j->outcome = DESC_OUT_OK, 0;
		if (j->status >= 300 && j->status < 400 &&
		    !curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &to) && to) {
			if (j->hops < MAX_HOPS && same_host(j, to)) {
				char *u = strdup(to);

				if (u) {
					free(j->url);
					j->url = u;
					j->hops++;
					return 1;
				}
			}
			return j->outcome = DESC_OUT_REDIRECT, 0;
		}
		return j->outcome = DESC_OUT_HTTP_ERROR, 0;
	}
	switch (rc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		j->outcome = j->over || rc == CURLE_FILESIZE_EXCEEDED ? DESC_OUT_TOO_LARGE
								      : DESC_OUT_ERROR;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		j->outcome = DESC_OUT_TIMEOUT;
		break;
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_err);
		j->outcome = os_err == ECONNREFUSED ? DESC_OUT_REFUSED : DESC_OUT_UNREACHABLE;
		break;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL: /* an HTTP/0.9 answer: no status line at all */
	case CURLE_GOT_NOTHING:
		j->outcome = DESC_OUT_NOT_HTTP;
		break;
	default:
		j->outcome = DESC_OUT_ERROR;
	}
	return 0;
}

static void finish(struct fetch_job *j, fetch_done_fn done, void *ctx)
{
	j->secs = j->start > 0 ? mono_now() - j->start : 0;
	done(j, ctx);
	free(j->body);
	free(j->url);
	memset(j, 0, sizeof(*j));
}

int fetch_run(const struct fetch_opts *o, fetch_next_fn next, fetch_done_fn done, void *ctx,
	      volatile int *stop)
{
	unsigned conc = o->concurrency ? o->concurrency : 1, nfree = 0, i;
	CURL **all = calloc(conc, sizeof(*all));
	struct fetch_job *jobs = calloc(conc, sizeof(*jobs)), *j;
	unsigned *freel = calloc(conc, sizeof(*freel));
	size_t started = 0, inflight = 0;
	double t0 = mono_now();
	CURLM *m = curl_multi_init();
	int running, err = 0, more = 1;

	if (!all || !jobs || !freel || !m) {
		err = -ENOMEM;
		goto out;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conc);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)conc);
	for (i = 0; i < conc; i++) {
		if (!(all[i] = new_handle(o))) {
			err = -ENOMEM;
			goto out;
		}
		freel[nfree++] = conc - 1 - i;
	}
	while ((more || inflight) && !*stop) {
		double now = mono_now();
		size_t allowed = o->rate > 0 ? (size_t)(o->rate * (now - t0)) + 1 : SIZE_MAX;
		struct CURLMsg *msg;
		int left, wait_ms = 100;

		while (nfree && more && started < allowed) {
			j = &jobs[freel[nfree - 1]];
			if ((more = next(j, ctx)) <= 0) {
				err = more;
				more = 0;
				if (err)
					goto out;
				break;
			}
			j->slot = (int)freel[--nfree];
			j->max = o->max_body;
			j->start = now;
			started++;
			inflight++;
			if (start(m, all[j->slot], j)) {
				err = -ENOMEM;
				goto out;
			}
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left))) {
			CURL *h = msg->easy_handle;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&j);
			curl_multi_remove_handle(m, h);
			if (outcome(h, j, msg->data.result) == 1 && !start(m, h, j))
				continue; /* the same handle, on to the redirect */
			i = (unsigned)j->slot;
			finish(j, done, ctx);
			freel[nfree++] = i;
			inflight--;
		}
		if (nfree && more && started < allowed)
			continue; /* slots just freed: fill them now, not after the next event */
		if (o->rate > 0 && more && started >= allowed && nfree)
			wait_ms = (int)((double)(started + 1 - allowed) * 1000 / o->rate) + 1;
		if (wait_ms > 100)
			wait_ms = 100;
		if (inflight || more)
			curl_multi_poll(m, NULL, 0, wait_ms, NULL);
	}
out:
	/* nothing is left without an outcome: transfers in flight and jobs not started (an
	 * interrupt, or an error above) are done as stopped */
	for (i = 0; jobs && i < conc; i++) {
		if (!jobs[i].url)
			continue;
		if (all[i])
			curl_multi_remove_handle(m, all[i]);
		jobs[i].outcome = DESC_OUT_STOPPED;
		finish(&jobs[i], done, ctx);
	}
	while (jobs && more > 0 && (more = next(&jobs[0], ctx)) > 0) {
		jobs[0].outcome = DESC_OUT_STOPPED;
		finish(&jobs[0], done, ctx);
	}
	if (more < 0 && !err)
		err = more;
	for (i = 0; all && i < conc; i++)
		if (all[i])
			curl_easy_cleanup(all[i]);
	if (m)
		curl_multi_cleanup(m);
	free(all);
	free(jobs);
	free(freel);
	return err;
}
