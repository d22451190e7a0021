/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Many HTTP GETs at once with libcurl's multi interface: a bounded number in flight, a rate, a
 * connect and a total timeout, a body cap, http and https only, no proxy, no redirect followed
 * off the address the request went to. Each finished transfer goes to a callback with its
 * outcome (enum desc_outcome) and, for a 2xx, its body.
 */
#ifndef SSDPMAC_FETCH_H
#define SSDPMAC_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What became of one device's description, in the order a request goes: X(enum, label, help).
 * One list drives the enum, the record's "outcome", the summary and the metric labels.
 */
#define DESC_OUTCOMES(X)                                                                           \
	X(OK, "ok", "description fetched and parsed; its UDN agrees with the USN (or no UUID)")    \
	X(UDN_MISMATCH, "udn-mismatch", "description parsed, but no UDN in it is the USN's UUID")  \
	X(NO_LOCATION, "no-location", "the record carries no LOCATION")                            \
	X(BAD_LOCATION, "bad-location", "LOCATION is no http(s) URL, or the address is unusable")  \
	X(BLOCKED, "blocked", "the address is in a reserved range (--allow-reserved lifts one)")   \
	X(REFUSED, "refused", "connection refused")                                                \
	X(UNREACHABLE, "unreachable", "no route to the address, or another connect failure")       \
	X(TIMEOUT, "timeout", "connect or total timeout")                                          \
	X(NOT_HTTP, "not-http", "the port answered, but not in HTTP")                              \
	X(HTTP_ERROR, "http-error", "an HTTP status other than 2xx (and no redirect)")             \
	X(REDIRECT, "redirect", "a redirect off the device's address, or too many; not followed")  \
	X(TOO_LARGE, "too-large", "the body passed the cap (--max-body); aborted")                 \
	X(NOT_XML, "not-xml", "the body is not well-formed XML")                                   \
	X(HOSTILE_XML, "hostile-xml", "the document has a DOCTYPE (DTD, entities); not parsed")    \
	X(NOT_UPNP, "not-upnp", "XML, but no <root><device>")                                      \
	X(ERROR, "error", "another transfer error (reset, TLS, ...)")                              \
	X(STOPPED, "stopped", "not fetched: interrupted")

#define DESC_ENUM_(e, l, h) DESC_OUT_##e,
enum desc_outcome {
	DESC_OUTCOMES(DESC_ENUM_) DESC_OUT_MAX
};
#undef DESC_ENUM_

const char *desc_outcome_name(int outcome);
const char *desc_outcome_help(int outcome);

struct fetch_job {
	size_t id; /* the caller's */
	char *url; /* the request (malloc'd, freed by the engine; a followed redirect replaces it)
		    */
	char host[48]; /* the address the request must stay on, as text */
	/* results */
	int outcome; /* DESC_OUT_OK: a 2xx, the body in body/len */
	long status; /* the last HTTP status, 0: none */
	char *body;
	size_t len;
	double secs; /* from the first request to the end */
	int hops;    /* redirects followed (on the same address) */
	bool over;   /* the body passed the cap */
	/* the engine's */
	size_t cap, max;
	double start;
	int slot;
};

struct fetch_opts {
	unsigned concurrency; /* transfers in flight */
	double rate;	      /* transfers started a second; 0: no limit */
	long connect_ms, total_ms;
	size_t max_body;
};

/* The next job, in a zeroed j: its id, url (malloc'd) and host. 1, 0 when there are no more, or
 * -errno (the run ends). Asked for as slots free up, so only the jobs in flight are held. */
typedef int (*fetch_next_fn)(struct fetch_job *j, void *ctx);
/* Called once per job when it is done; its body and url are freed after it returns. */
typedef void (*fetch_done_fn)(struct fetch_job *j, void *ctx);

/* Run every job next() gives. Jobs in flight or not started when *stop is set are done with
 * DESC_OUT_STOPPED. 0 or -errno. */
int fetch_run(const struct fetch_opts *o, fetch_next_fn next, fetch_done_fn done, void *ctx,
	      volatile int *stop);

/* LOCATION with its host replaced by addr (port, path and query kept; user, password and
 * fragment dropped), into a malloc'd string. NULL if LOCATION is no http(s) URL. */
char *fetch_url_at(const char *location, const char *addr);

#endif
