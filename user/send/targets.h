/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What probe sends to: targets (IPv4 addresses and prefixes, an IPv6 list; the blocklist is
 * blocklist.h), and the order: a random permutation of the target space from a cyclic
 * multiplicative group, as ZMap walks it, with no per-target memory, split into shards.
 */
#ifndef SSDPMAC_TARGETS_H
#define SSDPMAC_TARGETS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "blocklist.h"

struct range4 {
	uint32_t start;
	uint64_t count;
	uint64_t before; /* targets in the ranges before this one */
};

struct targets {
	struct range4 *r;
	size_t n, cap;
	uint64_t total4;
	struct in6_addr *v6;
	size_t n6, cap6;
};

/* One target: "192.0.2.1", "192.0.2.0/24" or an IPv6 address. where names it in errors. */
int targets_add(struct targets *t, const char *text, const char *where);
/* One target per line ('#' comments, blank lines, and anything after the first blank or comma
 * ignored, so a scanner list or a CSV's first column reads as it is). "-" is stdin. */
int targets_read(struct targets *t, const char *path);
/* The line reader behind targets_read(), for any list of that format: fn gets each item and
 * "FILE:LINE"; its non-zero stops the walk. what names the list in errors. */
typedef int (*list_item_fn)(void *ctx, const char *item, const char *where);
int list_read(const char *path, const char *what, list_item_fn fn, void *ctx);
/* Sort and merge overlaps. */
int targets_finish(struct targets *t);
uint64_t targets_total(const struct targets *t);
/* The i-th target: 4 (IPv4 in *v4, host order) or 6 (*v6). */
int targets_at(const struct targets *t, uint64_t i, uint32_t *v4, struct in6_addr *v6);
void targets_free(struct targets *t);

/* The walk: the multiplicative group of integers modulo a prime p > n. */
struct cyclic {
	uint64_t n, p, g, step, cur, left;
};

int cyclic_init(struct cyclic *c, uint64_t n, uint64_t seed, unsigned shards, unsigned shard);
/* The next index in [0, n); false when the shard's part of the cycle is done. */
bool cyclic_next(struct cyclic *c, uint64_t *index);

int parse_cidr4(const char *s, uint32_t *net, unsigned *bits);
/* "ADDR[/n]" of family af (AF_INET, AF_INET6): the address into addr, n (or the full length). */
int prefix_split(const char *s, int af, void *addr, unsigned *bits);

#endif
