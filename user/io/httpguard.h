/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Keeps a slot free for a scrape on the /metrics server: connections that have not delivered a
 * request are bounded per client and in total (the oldest such one is cut when a new one
 * arrives over a bound) and cut after a deadline (slowloris), by shutdown(2) on their socket,
 * which the server then sees and closes itself.
 */
#ifndef SSDPMAC_HTTPGUARD_H
#define SSDPMAC_HTTPGUARD_H

#include <stdbool.h>
#include <sys/socket.h>

struct guard_conn;
struct guard;

/* slots: connections the server takes (its own limit must be higher, so the guard cuts before
 * the server refuses); per_client: waiting connections one address may hold; deadline_s: how
 * long a connection may wait to deliver a request. NULL on ENOMEM. */
struct guard *guard_new(unsigned slots, unsigned per_client, double deadline_s);
void guard_free(struct guard *g);
/* A connection was accepted: its entry (NULL when none is free: cut it). */
struct guard_conn *guard_open(struct guard *g, int fd, const struct sockaddr *sa);
/* In the handler (busy) and when its response is done (the deadline starts again). */
void guard_busy(struct guard *g, struct guard_conn *c, bool busy);
/* The server closes it (before it closes the socket). */
void guard_close(struct guard *g, struct guard_conn *c);

#endif
