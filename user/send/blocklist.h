/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Where probe never sends: the IANA special-purpose ranges (IPv4 and IPv6), less what
 * --allow-reserved lifts (one registry entry or a part of one), plus the user's own -b list,
 * which nothing lifts. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged
 * by that address as well.
 */
#ifndef SSDPMAC_BLOCKLIST_H
#define SSDPMAC_BLOCKLIST_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned __int128 addr128; /* an IPv6 address as a number; IPv4 as ::ffff:a.b.c.d */

struct span {
	addr128 lo, hi; /* inclusive */
	const char *why;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* Index 0: IPv4 (as mapped addresses), 1: IPv6; an IPv4 check walks only its own. */
struct blocklist {
	struct spans reserved[2], allow[2], user[2];
};

/* The IANA special-purpose ranges that no scan of ours probes unless lifted. */
int blocklist_default(struct blocklist *b);
/* A prefix of the user's (IPv4 or IPv6): blocked whatever --allow-reserved says. */
int blocklist_add(struct blocklist *b, const char *cidr, const char *why);
/* --allow-reserved: lift a reserved range or part of one (the lab: 198.18.0.0/15). A prefix that
 * is wider than one registry entry, or in none, is refused (-EINVAL, after saying why). */
int blocklist_allow(struct blocklist *b, const char *cidr);
/* The user's -b file: IPv4 and IPv6 prefixes or addresses, one a line, as a target file. */
int blocklist_read(struct blocklist *b, const char *path);
/* The reason an address is blocked, or NULL. a in host order. */
const char *blocklist_why(const struct blocklist *b, uint32_t a);
const char *blocklist_why6(const struct blocklist *b, const struct in6_addr *a);
void blocklist_free(struct blocklist *b);

/* "a.b.c.d[/n]" or an IPv6 "x::y[/n]": family 4 or 6, the network as addr128 (IPv4 mapped)
 * and the prefix length counted in the 128-bit space (IPv4 /n is /96+n). */
int parse_prefix(const char *s, addr128 *net, unsigned *bits, int *fam);

#endif
