/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What probe sends to: targets (IPv4 addresses and prefixes, an IPv6 list), the blocklist of
 * reserved ranges, and the order: a random permutation of the target space from a cyclic
 * multiplicative group, as ZMap walks it, with no per-target memory, split into shards.
 */
#ifndef SSDPMAC_TARGETS_H
#define SSDPMAC_TARGETS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

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
/* Sort and merge overlaps. */
int targets_finish(struct targets *t);
uint64_t targets_total(const struct targets *t);
/* The i-th target: 4 (IPv4 in *v4, host order) or 6 (*v6). */
int targets_at(const struct targets *t, uint64_t i, uint32_t *v4, struct in6_addr *v6);
void targets_free(struct targets *t);

struct span {
	uint32_t lo, hi; /* inclusive, host order */
	const char *why;
};

struct blocklist {
	struct span *block, *allow;
	size_t nblock, nallow, capb, capa;
};

/* The IANA special-purpose ranges that no scan of ours ever probes. */
int blocklist_default(struct blocklist *b);
int blocklist_add(struct blocklist *b, const char *cidr, const char *why);
/* --allow-reserved: lift a reserved range (the lab lifts 198.18.0.0/15). */
int blocklist_allow(struct blocklist *b, const char *cidr);
int blocklist_read(struct blocklist *b, const char *path);
/* The reason a is blocked, or NULL. */
const char *blocklist_why(const struct blocklist *b, uint32_t a);
void blocklist_free(struct blocklist *b);

/* The walk: the multiplicative group of integers modulo a prime p > n. */
struct cyclic {
	uint64_t n, p, g, step, cur, left;
};

int cyclic_init(struct cyclic *c, uint64_t n, uint64_t seed, unsigned shards, unsigned shard);
/* The next index in [0, n); false when the shard's part of the cycle is done. */
bool cyclic_next(struct cyclic *c, uint64_t *index);

int parse_cidr4(const char *s, uint32_t *net, unsigned *bits);

#endif
