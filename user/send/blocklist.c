// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blocklist.h"
#include "log.h"
#include "targets.h"

#define MAPPED_V4 ((addr128)0xffff << 32) /* ::ffff:0:0 */

static const struct reserved {
	const char *cidr, *why;
} reserved[] = {
	/* The IANA IPv4 special-purpose registry (RFC 6890), as ZMap's default blocklist. */
	{"0.0.0.0/8", "this network (RFC 791)"},
	{"10.0.0.0/8", "private use (RFC 1918)"},
	{"100.64.0.0/10", "shared address space (RFC 6598)"},
	{"127.0.0.0/8", "loopback (RFC 1122)"},
	{"169.254.0.0/16", "link local (RFC 3927)"},
	{"172.16.0.0/12", "private use (RFC 1918)"},
	{"192.0.0.0/24", "IETF protocol assignments (RFC 6890)"},
	{"192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"},
	{"192.88.99.0/24", "6to4 relay anycast (RFC 3068)"},
	{"192.168.0.0/16", "private use (RFC 1918)"},
	{"198.18.0.0/15", "benchmarking (RFC 2544)"},
	{"198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"},
	{"203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"},
	{"224.0.0.0/4", "multicast (RFC 5771)"},
	{"240.0.0.0/4", "reserved (RFC 1112)"},
	/*
	 * The IANA IPv6 Special-Purpose Address Registry
	 * (https://www.iana.org/assignments/iana-ipv6-special-registry/, RFC 6890 and the RFC of
	 * each row; rows after its 2013 form from the RFCs that added them: RFC 8215, 9374, 9602,
	 * 9637, 9665, 9780), and ff00::/8 from the IPv6 address space registry (RFC 4291).
	 * Sub-entries of 2001::/23 come first, so that the reason given is the narrowest.
	 * Three rows carry an IPv4 address and are judged by it instead (blocklist_why6()):
	 * ::ffff:0:0/96 IPv4-mapped (RFC 4291), 64:ff9b::/96 NAT64 well-known prefix (RFC 6052,
	 * globally reachable), 2002::/16 6to4 (RFC 3056).
	 */
	{"::/128", "unspecified address (RFC 4291)"},
	{"::1/128", "loopback (RFC 4291)"},
	{"64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"},
	{"100::/64", "discard-only (RFC 6666)"},
	{"100:0:0:1::/64", "dummy IPv6 prefix (RFC 9780)"},
	{"2001::/32", "Teredo (RFC 4380)"},
	{"2001:1::1/128", "PCP anycast (RFC 7723)"},
	{"2001:1::2/128", "TURN anycast (RFC 8155)"},
	{"2001:1::3/128", "DNS-SD SRP anycast (RFC 9665)"},
	{"2001:2::/48", "benchmarking (RFC 5180)"},
	{"2001:3::/32", "AMT (RFC 7450)"},
	{"2001:4:112::/48", "AS112-v6 (RFC 7535)"},
	{"2001:10::/28", "deprecated ORCHID (RFC 4843)"},
	{"2001:20::/28", "ORCHIDv2 (RFC 7343)"},
	{"2001:30::/28", "drone remote ID DETs (RFC 9374)"},
	{"2001::/23", "IETF protocol assignments (RFC 2928)"},
	{"2001:db8::/32", "documentation (RFC 3849)"},
	{"2620:4f:8000::/48", "AS112 direct delegation (RFC 7534)"},
	{"3fff::/20", "documentation (RFC 9637)"},
	{"5f00::/16", "SRv6 SIDs (RFC 9602)"},
	{"fc00::/7", "unique local (RFC 4193)"},
	{"fe80::/10", "link-local unicast (RFC 4291)"},
	{"ff00::/8", "multicast (RFC 4291)"},
};

static addr128 from_in6(const struct in6_addr *a)
{
	addr128 v = 0;
	int i;

	for (i = 0; i < 16; i++)
		v = v << 8 | a->s6_addr[i];
	return v;
}

static addr128 host_mask(unsigned bits)
{
	return bits >= 128 ? 0 : bits ? ~(addr128)0 >> bits : ~(addr128)0;
}

int parse_prefix(const char *s, addr128 *net, unsigned *bits, int *fam)
{
	struct in6_addr a6;
	uint32_t v4;
	unsigned b4;

	if (!parse_cidr4(s, &v4, &b4)) {
		*fam = 4;
		*net = MAPPED_V4 | v4;
		*bits = 96 + b4;
		return 0;
	}
	if (prefix_split(s, AF_INET6, &a6, bits))
		return -EINVAL;
	*fam = 6;
	*net = from_in6(&a6) & ~host_mask(*bits);
	return 0;
}

static int add_span(struct blocklist *b, struct spans *set, const char *cidr, const char *why)
{
	struct spans *s;
	addr128 net;
	unsigned bits;
	int fam;

	if (parse_prefix(cidr, &net, &bits, &fam))
		return -EINVAL;
	s = &set[fam == 6];
	if (s->n == s->cap) {
		size_t c = s->cap ? s->cap * 2 : 32;
		struct span *v = realloc(s->v, c * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = c;
	}
	s->v[s->n++] = (struct span){net, net | host_mask(bits), why};
	return 0;
}

int blocklist_default(struct blocklist *b)
{
	size_t i;
	int err;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if ((err = add_span(b, b->reserved, reserved[i].cidr, reserved[i].why)))
			return err;
	return 0;
}

int blocklist_add(struct blocklist *b, const char *cidr, const char *why)
{
	int err = add_span(b, b->user, cidr, why);

	if (err == -EINVAL)
		pr_warn("blocklist: '%s' is no IPv4 or IPv6 address or prefix\n", cidr);
	return err;
}

int blocklist_allow(struct blocklist *b, const char *cidr)
{
	const struct spans *r;
	addr128 net, hi;
	unsigned bits;
	size_t i;
	int fam;

	if (parse_prefix(cidr, &net, &bits, &fam)) {
		pr_warn("--allow-reserved '%s': give a prefix, e.g. 198.18.0.0/15\n", cidr);
		return -EINVAL;
	}
	hi = net | host_mask(bits);
	r = &b->reserved[fam == 6];
	for (i = 0; i < r->n; i++) /* inside one entry: lift it */
		if (net >= r->v[i].lo && hi <= r->v[i].hi)
			return add_span(b, b->allow, cidr, "allowed");
	for (i = 0; i < r->n; i++) {
		if (net <= r->v[i].hi && hi >= r->v[i].lo) {
			pr_warn("--allow-reserved %s: wider than one reserved range (it reaches "
				"into %s and beyond): name that range, or a part of it\n",
				cidr, r->v[i].why);
			return -EINVAL;
		}
	}
	pr_warn("--allow-reserved %s: in no reserved range, nothing to lift\n", cidr);
	return -EINVAL;
}

static int read_one(void *ctx, const char *item, const char *where)
{
	int err = add_span(ctx, ((struct blocklist *)ctx)->user, item, "in the -b blocklist");

	if (err == -EINVAL)
		pr_warn("%s: '%s' is no IPv4 or IPv6 address or prefix\n", where, item);
	return err;
}

int blocklist_read(struct blocklist *b, const char *path)
{
	return list_read(path, "blocklist", read_one, b);
}

static const char *find(const struct spans *s, addr128 a)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (a >= s->v[i].lo && a <= s->v[i].hi)
			return s->v[i].why;
	return NULL;
}

/* Family f's verdict: the user's list wins, then the reserved ranges not lifted. */
static const char *judge(const struct blocklist *b, int f, addr128 a)
{
	const char *why = find(&b->user[f], a);

	if (why)
		return why;
	why = find(&b->reserved[f], a);
	return why && !find(&b->allow[f], a) ? why : NULL;
}

const char *blocklist_why(const struct blocklist *b, uint32_t a)
{
	return judge(b, 0, MAPPED_V4 | a);
}

const char *blocklist_why6(const struct blocklist *b, const struct in6_addr *a)
{
	addr128 v = from_in6(a);
	const char *why;

	if (v >> 32 == 0xffff) /* ::ffff:a.b.c.d is a.b.c.d */
		return blocklist_why(b, (uint32_t)v);
	if (v >> 32 == (addr128)0x0064ff9b << 64) /* NAT64 64:ff9b::a.b.c.d reaches a.b.c.d */
		if ((why = blocklist_why(b, (uint32_t)v)))
			return why;
	if (v >> 112 == 0x2002) /* 6to4 2002:AABB:CCDD::/48 tunnels to AA.BB.CC.DD */
		if ((why = blocklist_why(b, (uint32_t)(v >> 80))))
			return why;
	return judge(b, 1, v);
}

void blocklist_free(struct blocklist *b)
{
	int f;

	for (f = 0; f < 2; f++) {
		free(b->reserved[f].v);
		free(b->allow[f].v);
		free(b->user[f].v);
	}
	memset(b, 0, sizeof(*b));
}
