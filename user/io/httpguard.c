// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "httpguard.h"

struct guard_conn {
	int fd;
	bool used, busy, cut;
	double since;		 /* accepted, or its last response done */
	struct sockaddr_in6 who; /* the client's address, port zeroed (IPv4 as family AF_INET) */
};

struct guard {
	pthread_mutex_t lock;
	pthread_t reaper;
	bool stop, reaping;
	unsigned slots, per_client;
	double deadline;
	struct guard_conn c[];
};

static void cut(struct guard_conn *c)
{
	/* the server's next poll sees the socket end and closes it; the fd stays the server's */
	shutdown(c->fd, SHUT_RDWR);
	c->cut = true;
}

static void *reap(void *arg)
{
	struct guard *g = arg;
	struct timespec nap = {0, 100 * 1000 * 1000};
	unsigned i;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		double now = mono_now();

		for (i = 0; i < g->slots; i++)
			if (g->c[i].used && !g->c[i].busy && !g->c[i].cut &&
			    now - g->c[i].since > g->deadline)
				cut(&g->c[i]);
		pthread_mutex_unlock(&g->lock);
		nanosleep(&nap, NULL);
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_new(unsigned slots, unsigned per_client, double deadline_s)
{
	struct guard *g = calloc(1, sizeof(*g) + slots * sizeof(g->c[0]));

	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	g->slots = slots;
	g->per_client = per_client;
	g->deadline = deadline_s;
	g->reaping = !pthread_create(&g->reaper, NULL, reap, g);
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_mutex_unlock(&g->lock);
	if (g->reaping)
		pthread_join(g->reaper, NULL);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

static void client_of(const struct sockaddr *sa, struct sockaddr_in6 *who)
{
	memset(who, 0, sizeof(*who));
	if (sa && sa->sa_family == AF_INET6) {
		who->sin6_family = AF_INET6;
		who->sin6_addr = ((const struct sockaddr_in6 *)sa)->sin6_addr;
	} else if (sa && sa->sa_family == AF_INET) {
		who->sin6_family = AF_INET;
		memcpy(&who->sin6_addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	}
}

/* The oldest waiting connection (of who, when given) and how many wait. */
static struct guard_conn *oldest(struct guard *g, const struct sockaddr_in6 *who, unsigned *n)
{
	struct guard_conn *o = NULL;
	unsigned i;

	*n = 0;
	for (i = 0; i < g->slots; i++) {
		struct guard_conn *c = &g->c[i];

		if (!c->used || c->busy || c->cut || (who && memcmp(&c->who, who, sizeof(*who))))
			continue;
		++*n;
		if (!o || c->since < o->since)
			o = c;
	}
	return o;
}

struct guard_conn *guard_open(struct guard *g, int fd, const struct sockaddr *sa)
{
	struct guard_conn *c = NULL, *o;
	unsigned i, n, used = 0;

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->slots; i++) {
		used += g->c[i].used;
		if (!g->c[i].used && !c)
			c = &g->c[i];
	}
	if (c) {
		memset(c, 0, sizeof(*c));
		c->used = true;
		c->fd = fd;
		c->since = mono_now();
		client_of(sa, &c->who);
		used++;
		/* this client's oldest waiting one makes room for its newest */
		if ((o = oldest(g, &c->who, &n)) && n > g->per_client)
			cut(o);
		/* and a free slot is kept for whoever comes next, a scrape most likely */
		if (used + 1 >= g->slots && (o = oldest(g, NULL, &n)) && o != c)
			cut(o);
	}
	pthread_mutex_unlock(&g->lock);
	return c;
}

void guard_busy(struct guard *g, struct guard_conn *c, bool busy)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->busy = busy;
	c->since = mono_now();
	pthread_mutex_unlock(&g->lock);
}

void guard_close(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->used = false;
	pthread_mutex_unlock(&g->lock);
}
