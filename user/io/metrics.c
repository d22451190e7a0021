// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "httpguard.h"
#include "log.h"
#include "maps.h"
#include "metrics.h"
#include "parse.h"
#include "ssdpmac.h"
#include "usn.h"

#ifndef SSDPMAC_VERSION
#define SSDPMAC_VERSION "0.1.0"
#endif

/*
 * Connections: GUARD_SLOTS that may wait for a request, at most GUARD_PER_CLIENT of them from
 * one address, each for at most GUARD_DEADLINE_S, and one slot always free (httpguard.h); the
 * server's own limit is above the guard's, so the guard cuts before the server refuses.
 */
#define GUARD_SLOTS	 64
#define GUARD_PER_CLIENT 8
#define GUARD_DEADLINE_S 5.0
#define SERVER_LIMIT	 (GUARD_SLOTS + 16)

struct metrics_server {
	struct MHD_Daemon *d;
	struct guard *g;
	metrics_writer fn;
	void *ctx;
};

/* Label values: backslash, double quote and line feed escaped, as the format asks. */
void metrics_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f), fputc(*s, f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

void metrics_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

struct vrow {
	struct ssdp_vendor_key k;
	struct ssdp_vendor_val v;
};

static int by_devices(const void *a, const void *b)
{
	const struct vrow *x = a, *y = b;

	if (x->v.devices != y->v.devices)
		return x->v.devices < y->v.devices ? 1 : -1;
	return strcmp(x->k.prefix, y->k.prefix);
}

static int write_vendors(FILE *f, const struct metrics_src *src)
{
	struct ssdp_vendor_key k, *prev = NULL;
	struct vrow *rows = NULL, other = {};
	size_t n = 0, cap = 0, i;
	const char *which[2] = {"devices", "sightings"};
	int w;

	while (!bpf_map_get_next_key(src->vendors_fd, prev, &k)) {
		prev = &k;
		if (n == cap) {
			struct vrow *r = realloc(rows, (cap = cap ? cap * 2 : 256) * sizeof(*rows));

			if (!r) {
				free(rows);
				return -ENOMEM;
			}
			rows = r;
		}
		rows[n].k = k;
		if (!bpf_map_lookup_elem(src->vendors_fd, &k, &rows[n].v))
			n++;
	}
	if (n) /* qsort(NULL, 0) is undefined */
		qsort(rows, n, sizeof(*rows), by_devices);
	for (i = src->top; i < n; i++) {
		other.v.devices += rows[i].v.devices;
		other.v.sightings += rows[i].v.sightings;
	}
	for (w = 0; w < 2; w++) {
		char name[64];

		snprintf(name, sizeof(name), "ssdpmac_vendor_%s_total", which[w]);
		metrics_head(
			f, name, "counter",
			w ? "Replies that reached userspace (first per address and USN), by vendor."
			  : "Unique devices (by MAC) whose vendor the IEEE registry names.");
		for (i = 0; i < n && i < src->top; i++) {
			fprintf(f, "%s{vendor=\"", name);
			metrics_label(f, rows[i].v.name);
			fprintf(f, "\",oui=\"%s\",registry=\"%s\",confidence=\"%s\"} %llu\n",
				rows[i].k.prefix, rows[i].v.registry, rows[i].k.confidence,
				(unsigned long long)(w ? rows[i].v.sightings : rows[i].v.devices));
		}
		fprintf(f, "%s{vendor=\"other\",oui=\"\",registry=\"\",confidence=\"\"} %llu\n",
			name, (unsigned long long)(w ? other.v.sightings : other.v.devices));
	}
	free(rows);
	return 0;
}

/* Label values of the `versions` map: the version, or "none" in the last slot. */
static const char *version_label(unsigned i)
{
	static char buf[16];

	if (i == SSDP_VERSIONS - 1)
		return "none";
	snprintf(buf, sizeof(buf), "%u", i);
	return buf;
}

static const char *class_label(unsigned i)
{
	return usn_class_name((enum usn_class)i);
}

/* A {devices, sightings} array map as two counters, a label value per index. */
static void write_counts(FILE *f, int fd, unsigned n, const char *what, const char *lbl,
			 const char *(*label_of)(unsigned), const char *help_dev,
			 const char *help_sig)
{
	struct ssdp_count c[32] = {};
	unsigned i;
	int w;

	for (i = 0; i < n && i < 32; i++)
		bpf_map_lookup_elem(fd, &i, &c[i]);
	for (w = 0; w < 2; w++) {
		char name[64];

		snprintf(name, sizeof(name), "ssdpmac_%s_%s_total", what,
			 w ? "sightings" : "devices");
		metrics_head(f, name, "counter", w ? help_sig : help_dev);
		for (i = 0; i < n && i < 32; i++) {
			fprintf(f, "%s{%s=\"%s\"} %llu\n", name, lbl, label_of(i),
				(unsigned long long)(w ? c[i].sightings : c[i].devices));
		}
	}
}

int metrics_write(FILE *f, void *ctx)
{
	const struct metrics_src *src = ctx;
	unsigned long long out[SSDP_OUT_MAX];
	int i, err;

	err = outcomes_read(src->outcomes_fd, out);
	if (err)
		return err;
	metrics_head(f, "ssdpmac_packets_total", "counter",
		     "Packets the XDP classifier saw, each in exactly one outcome.");
	for (i = 0; i < SSDP_OUT_MAX; i++)
		fprintf(f, "ssdpmac_packets_total{outcome=\"%s\"} %llu\n", outcome_name(i), out[i]);
	metrics_head(f, "ssdpmac_events_lost_total", "counter",
		     "Replies whose event was lost because the ringbuf was full.");
	fprintf(f, "ssdpmac_events_lost_total %llu\n", out[SSDP_OUT_RINGBUF_FULL]);
	metrics_head(f, "ssdpmac_devices_dropped_total", "counter",
		     "Devices not kept because --max-devices was reached (still counted).");
	fprintf(f, "ssdpmac_devices_dropped_total %llu\n",
		(unsigned long long)(src->dropped ? *src->dropped : 0));
	if (src->sent) {
		metrics_head(f, "ssdpmac_probes_sent_total", "counter",
			     "M-SEARCH probes this scan sent (replies: ssdpmac_packets_total).");
		fprintf(f, "ssdpmac_probes_sent_total %llu\n", (unsigned long long)*src->sent);
	}
	err = write_vendors(f, src);
	if (err)
		return err;
	write_counts(f, src->classes_fd, USN_CLASS_N, "class", "class", class_label,
		     "Unique devices by what their USN reveals.",
		     "Replies that reached userspace, by what their USN reveals.");
	write_counts(f, src->versions_fd, SSDP_VERSIONS, "uuid_version", "version", version_label,
		     "Unique devices by UUID version (none: no UUID).",
		     "Replies that reached userspace, by UUID version (none: no UUID).");
	if (src->extra)
		src->extra(f, src->extra_ctx);
	metrics_head(f, "ssdpmac_build_info", "gauge", "The running ssdpmac build.");
	fprintf(f, "ssdpmac_build_info{version=\"%s\",libbpf=\"%s\"} 1\n", SSDPMAC_VERSION,
		libbpf_version_string());
	return ferror(f) ? -EIO : 0;
}

/* The server's own messages (a connection cut, a client gone) are for -v: under a flood of
 * connections a line each would flood the log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	if (log_level < 2)
		return;
	fputs("ssdpmac: metrics: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static struct guard_conn *conn_guard(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return i ? i->socket_context : NULL;
}

static void on_conn(void *cls, struct MHD_Connection *c, void **socket_ctx,
		    enum MHD_ConnectionNotificationCode what)
{
	struct metrics_server *m = cls;
	const union MHD_ConnectionInfo *fd, *sa;

	if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_close(m->g, *socket_ctx);
		*socket_ctx = NULL;
		return;
	}
	fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	sa = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!fd)
		return;
	*socket_ctx = guard_open(m->g, fd->connect_fd, sa ? sa->client_addr : NULL);
	if (!*socket_ctx) /* every slot taken by connections being cut: this one goes too */
		shutdown(fd->connect_fd, SHUT_RDWR);
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_ctx,
		    enum MHD_RequestTerminationCode why)
{
	struct metrics_server *m = cls;

	guard_busy(m->g, conn_guard(c), false);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **state)
{
	struct metrics_server *m = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_NO;
	guard_busy(m->g, conn_guard(c), true);
	if (strcmp(url, "/metrics")) {
		static const char nf[] = "ssdpmac: try /metrics\n";

		r = MHD_create_response_from_buffer(sizeof(nf) - 1, (void *)nf,
						    MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_response(c, MHD_HTTP_NOT_FOUND, r);
		MHD_destroy_response(r);
		return ret;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return MHD_NO;
	err = m->fn(f, m->ctx);
	fclose(f);
	if (err) {
		free(buf);
		return MHD_NO;
	}
	r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

struct metrics_server *metrics_start(const char *addr, metrics_writer fn, void *ctx)
{
	struct sockaddr_storage ss = {};
	struct metrics_server *m;
	char host[128];
	const char *colon;
	unsigned long port;
	char *end;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;

	colon = strrchr(addr, ':');
	if (!colon || (size_t)(colon - addr) >= sizeof(host))
		goto bad;
	memcpy(host, addr, colon - addr);
	host[colon - addr] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (*end || !port || port > 65535)
		goto bad;
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		host[strlen(host) - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			goto bad;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			goto bad;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->fn = fn;
	m->ctx = ctx;
	m->g = guard_new(GUARD_SLOTS, GUARD_PER_CLIENT, GUARD_DEADLINE_S);
	if (m->g)
		m->d = MHD_start_daemon(
			flags, (uint16_t)port, NULL, NULL, handle, m, MHD_OPTION_SOCK_ADDR,
			(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_LIMIT,
			MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_NOTIFY_CONNECTION, on_conn,
			m, MHD_OPTION_NOTIFY_COMPLETED, on_done, m, MHD_OPTION_EXTERNAL_LOGGER,
			mhd_log, NULL, MHD_OPTION_END);
	if (!m->d) {
		guard_free(m->g);
		pr_warn("--metrics %s: cannot listen there (in use? not an address of this "
			"host?)\n",
			addr);
		free(m);
		return NULL;
	}
	return m;
bad:
	pr_warn("--metrics %s: give ADDR:PORT, e.g. 127.0.0.1:9477 or [::1]:9477, or off\n", addr);
	return NULL;
}

void metrics_stop(struct metrics_server *m)
{
	if (!m)
		return;
	MHD_stop_daemon(m->d);
	guard_free(m->g);
	free(m);
}
