// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The lab's HTTP side: every device's description on its LOCATION's port, for every address of the
 * device prefix at once (the prefix is local to the simulator's namespace, so one listening
 * socket per port accepts for all), and the hostile servers. One thread, epoll, non-blocking.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "log.h"
#include "simdesc.h"

#define MAX_FD	   65536
#define STREAM_MAX (100ULL << 20) /* the 100 MB body */

enum cstate {
	C_READ,	  /* the request, up to its blank line */
	C_WRITE,  /* out[] to go, then close */
	C_STREAM, /* filler until STREAM_MAX or the peer leaves */
	C_SLOW,	  /* a byte a second */
	C_SILENT, /* never answers */
};

struct conn {
	enum cstate st;
	uint32_t local;
	uint16_t lport;
	int hostile; /* enum sim_hostile, or -1 */
	char req[2048];
	size_t rlen;
	char *out;
	size_t olen, ooff;
	uint64_t streamed;
	double next;
};

struct sim_http {
	int ep, lfd[SIM_MAX_PORTS], nl;
	uint16_t lport[SIM_MAX_PORTS];
	pthread_t th;
	volatile int stop;
	int (*lookup)(uint32_t addr, struct sim_dev *d);
	uint32_t hostile_base;
	struct conn *c[MAX_FD];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void drop(struct sim_http *h, int fd)
{
	if (fd < 0 || fd >= MAX_FD || !h->c[fd])
		return;
	free(h->c[fd]->out);
	free(h->c[fd]);
	h->c[fd] = NULL;
	close(fd);
}

/* Queue a response; the connection closes once it is out. */
static void reply(struct sim_http *h, int fd, const char *head, const char *body, size_t blen)
{
	struct conn *c = h->c[fd];
	size_t hl = strlen(head);

	c->out = malloc(hl + blen);
	if (!c->out)
		return drop(h, fd);
	memcpy(c->out, head, hl);
	memcpy(c->out + hl, body, blen);
	c->olen = hl + blen;
	c->ooff = 0;
	c->st = C_WRITE;
	epoll_ctl(h->ep, EPOLL_CTL_MOD, fd,
		  &(struct epoll_event){.events = EPOLLOUT | EPOLLRDHUP, .data.fd = fd});
}

static void status(struct sim_http *h, int fd, int code, const char *type, const char *body)
{
	char head[256];
	size_t n = body ? strlen(body) : 0;

	snprintf(head, sizeof(head),
		 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: "
		 "close\r\n\r\n",
		 code,
		 code == 200   ? "OK"
		 : code == 404 ? "Not Found"
		 : code == 400 ? "Bad Request"
			       : "Internal Server Error",
		 type, n);
	reply(h, fd, head, body ? body : "", n);
}

static void serve_device(struct sim_http *h, int fd, const char *path)
{
	struct conn *c = h->c[fd];
	struct sim_model m;
	struct sim_dev d;
	char xml[4096];

	if (!h->lookup(c->local, &d) || d.port != c->lport || strcmp(d.path, path))
		return status(h, fd, 404, "text/html", "<html><body>404</body></html>");
	sim_model_of(&d, &m);
	if (!m.served)
		return status(h, fd, 404, "text/html", "<html><body>404</body></html>");
	sim_desc_xml(&d, &m, xml, sizeof(xml));
	status(h, fd, 200, "text/xml; charset=\"utf-8\"", xml);
}

static const char laughs[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
	"<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	"<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	"<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	"<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	"<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	"<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	"<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	"<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n]>\n"
	"<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><friendlyName>&lol9;"
	"</friendlyName></device></root>\n";
static const char xxe[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE root [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	"<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><friendlyName>&x;</friendlyName>"
	"</device></root>\n";

static void serve_hostile(struct sim_http *h, int fd, const char *path)
{
	struct conn *c = h->c[fd];
	char head[256], addr[16];
	struct in_addr a = {htonl(h->hostile_base + 1)};

	switch (c->hostile) {
	case SIM_H_SILENT:
		c->st = C_SILENT;
		return;
	case SIM_H_SLOW:
		reply(h, fd,
		      "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n",
		      "", 0);
		c->st = C_SLOW;
		c->next = now_s() + 1;
		return;
	case SIM_H_HUGE:
	case SIM_H_HUGE_STREAM:
		snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n%s\r\n",
			 c->hostile == SIM_H_HUGE ? "Content-Length: 104857600\r\n"
						  : "Connection: close\r\n");
		reply(h, fd, head, "", 0);
		c->st = C_STREAM;
		return;
	case SIM_H_LAUGHS:
		return status(h, fd, 200, "text/xml", laughs);
	case SIM_H_XXE:
		return status(h, fd, 200, "text/xml", xxe);
	case SIM_H_MALFORMED:
		return status(h, fd, 200, "text/xml",
			      "<?xml version=\"1.0\"?><root><device><manufacturer>Broken</device>");
	case SIM_H_REDIRECT_OFF:
	case SIM_H_REDIRECT_SAME:
		if (c->hostile == SIM_H_REDIRECT_SAME && !strcmp(path, "/real.xml")) {
			struct sim_dev d = {.addr = c->local};
			struct sim_model m;
			char xml[4096];

			/* the UDN of the record hostile.jsonl lists for it */
			snprintf(d.usn_id, sizeof(d.usn_id), "sim-hostile-%d", c->hostile);
			sim_model_of(&d, &m);
			m.served = 1;
			snprintf(m.udn, sizeof(m.udn), "uuid:%s", d.usn_id);
			sim_desc_xml(&d, &m, xml, sizeof(xml));
			return status(h, fd, 200, "text/xml", xml);
		}
		a.s_addr =
			htonl(c->hostile == SIM_H_REDIRECT_OFF ? (h->hostile_base & 0xffff0000) | 1
							       : c->local);
		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		snprintf(head, sizeof(head),
			 "HTTP/1.1 302 Found\r\nLocation: http://%s/real.xml\r\nContent-Length: "
			 "0\r\nConnection: close\r\n\r\n",
			 addr);
		return reply(h, fd, head, "", 0);
	case SIM_H_SERVER_ERROR:
		return status(h, fd, 500, "text/html", "<html><body>500</body></html>");
	case SIM_H_HTML:
		return status(
			h, fd, 200, "text/html",
			"<html><head><title>Login</title></head><body>Router login</body></html>");
	default:
		return drop(h, fd);
	}
}

static void on_request(struct sim_http *h, int fd)
{
	struct conn *c = h->c[fd];
	char path[256] = "";

	if (!strstr(c->req, "\r\n\r\n") && !strstr(c->req, "\n\n")) {
		if (c->rlen >= sizeof(c->req) - 1)
			drop(h, fd);
		return;
	}
	if (sscanf(c->req, "GET %255s HTTP/1.", path) != 1)
		return status(h, fd, 400, "text/html", "");
	if (c->hostile >= 0)
		serve_hostile(h, fd, path);
	else
		serve_device(h, fd, path);
}

static void on_accept(struct sim_http *h, int lfd, uint16_t port)
{
	for (int k = 0; k < 256; k++) {
		struct sockaddr_in la;
		socklen_t ll = sizeof(la);
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct conn *c;
		uint32_t local, idx;

		if (fd < 0)
			return;
		if (fd >= MAX_FD || getsockname(fd, (struct sockaddr *)&la, &ll) ||
		    !(c = calloc(1, sizeof(*c)))) {
			close(fd);
			continue;
		}
		local = ntohl(la.sin_addr.s_addr);
		idx = local - h->hostile_base - 1;
		c->local = local;
		c->lport = port;
		c->hostile = (local & ~255u) == h->hostile_base && idx < SIM_H_N ? (int)idx : -1;
		h->c[fd] = c;
		epoll_ctl(h->ep, EPOLL_CTL_ADD, fd,
			  &(struct epoll_event){.events = EPOLLIN | EPOLLRDHUP, .data.fd = fd});
		if (c->hostile == SIM_H_NOT_HTTP) { /* a service that speaks first, not HTTP */
			reply(h, fd, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "", 0);
			c->st = C_SILENT; /* then waits for the client's banner */
		}
	}
}

static void on_readable(struct sim_http *h, int fd)
{
	struct conn *c = h->c[fd];
	char sink[4096];
	ssize_t n;

	if (c->st != C_READ) { /* anything more from the client is read and ignored */
		n = read(fd, sink, sizeof(sink));
		if (n == 0 || (n < 0 && errno != EAGAIN))
			drop(h, fd);
		return;
	}
	n = read(fd, c->req + c->rlen, sizeof(c->req) - 1 - c->rlen);
	if (n <= 0) {
		if (n == 0 || errno != EAGAIN)
			drop(h, fd);
		return;
	}
	c->rlen += (size_t)n;
	c->req[c->rlen] = '\0';
	on_request(h, fd);
}

static void on_writable(struct sim_http *h, int fd)
{
	static char filler[65536];
	struct conn *c = h->c[fd];
	ssize_t n;

	while (c->ooff < c->olen) {
		n = send(fd, c->out + c->ooff, c->olen - c->ooff, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno != EAGAIN)
				drop(h, fd);
			return;
		}
		c->ooff += (size_t)n;
	}
	if (c->st == C_STREAM) {
		if (!filler[0])
			memset(filler, 'x', sizeof(filler));
		while (c->streamed < STREAM_MAX) {
			n = send(fd, filler, sizeof(filler), MSG_NOSIGNAL);
			if (n < 0) {
				if (errno != EAGAIN)
					drop(h, fd);
				return;
			}
			c->streamed += (uint64_t)n;
		}
	}
	if (c->st == C_WRITE || c->st == C_STREAM)
		return drop(h, fd);
	/* slow and silent ones wait: only a hang-up wakes them */
	epoll_ctl(h->ep, EPOLL_CTL_MOD, fd,
		  &(struct epoll_event){.events = EPOLLIN | EPOLLRDHUP, .data.fd = fd});
}

/* The slow server's next byte, for every connection due. */
static void tick(struct sim_http *h)
{
	double now = now_s();
	int fd;

	for (fd = 0; fd < MAX_FD; fd++) {
		struct conn *c = h->c[fd];

		if (!c || c->st != C_SLOW || c->next > now)
			continue;
		if (send(fd, "x", 1, MSG_NOSIGNAL) != 1 || ++c->streamed >= 1000) {
			drop(h, fd);
			continue;
		}
		c->next = now + 1;
	}
}

static void *run(void *arg)
{
	struct sim_http *h = arg;
	struct epoll_event ev[256];
	double last = 0;

	while (!h->stop) {
		int n = epoll_wait(h->ep, ev, 256, 100), i, j;

		for (i = 0; i < n; i++) {
			int fd = ev[i].data.fd;

			for (j = 0; j < h->nl; j++)
				if (fd == h->lfd[j])
					break;
			if (j < h->nl) {
				on_accept(h, fd, h->lport[j]);
				continue;
			}
			if (!h->c[fd])
				continue;
			if (ev[i].events & EPOLLOUT)
				on_writable(h, fd);
			if (h->c[fd] &&
			    (ev[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
				on_readable(h, fd);
		}
		if (now_s() - last >= 0.25) {
			tick(h);
			last = now_s();
		}
	}
	return NULL;
}

struct sim_http *sim_http_start(int (*lookup)(uint32_t addr, struct sim_dev *d),
				uint32_t hostile_base, const uint16_t *ports, int nports)
{
	struct sim_http *h = calloc(1, sizeof(*h));
	int i, one = 1;

	if (!h || (h->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		goto fail;
	h->lookup = lookup;
	h->hostile_base = hostile_base;
	h->lport[h->nl++] = SIM_HOSTILE_PORT;
	for (i = 0; i < nports && h->nl < SIM_MAX_PORTS; i++)
		if (ports[i] != SIM_HOSTILE_PORT && ports[i] != SIM_CLOSED_PORT)
			h->lport[h->nl++] = ports[i];
	for (i = 0; i < h->nl; i++) {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(h->lport[i])};

		h->lfd[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (h->lfd[i] < 0 ||
		    setsockopt(h->lfd[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(h->lfd[i], (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(h->lfd[i], 4096) ||
		    epoll_ctl(h->ep, EPOLL_CTL_ADD, h->lfd[i],
			      &(struct epoll_event){.events = EPOLLIN, .data.fd = h->lfd[i]})) {
			pr_warn("http: port %u: %s\n", h->lport[i], strerror(errno));
			goto fail;
		}
	}
	if (pthread_create(&h->th, NULL, run, h))
		goto fail;
	return h;
fail:
	free(h); /* the process exits on this path */
	return NULL;
}

void sim_http_stop(struct sim_http *h)
{
	int fd;

	if (!h)
		return;
	h->stop = 1;
	pthread_join(h->th, NULL);
	for (fd = 0; fd < MAX_FD; fd++)
		drop(h, fd);
	for (fd = 0; fd < h->nl; fd++)
		close(h->lfd[fd]);
	close(h->ep);
	free(h);
}
