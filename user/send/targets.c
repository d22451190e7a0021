// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "targets.h"

int prefix_split(const char *s, int af, void *addr, unsigned *bits)
{
	unsigned long max = af == AF_INET ? 32 : 128, b = max;
	char buf[64], *slash, *end;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		b = strtoul(slash + 1, &end, 10);
		if (*end || slash[1] == '\0' || b > max)
			return -EINVAL;
	}
	if (inet_pton(af, buf, addr) != 1)
		return -EINVAL;
	*bits = (unsigned)b;
	return 0;
}

int parse_cidr4(const char *s, uint32_t *net, unsigned *bits)
{
	struct in_addr a;

	if (prefix_split(s, AF_INET, &a, bits))
		return -EINVAL;
	*net = ntohl(a.s_addr) & (*bits ? 0xffffffffu << (32 - *bits) : 0);
	return 0;
}

int targets_add(struct targets *t, const char *text, const char *where)
{
	struct in6_addr a6;
	uint32_t net;
	unsigned bits;

	if (!parse_cidr4(text, &net, &bits)) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 64;
			struct range4 *r = realloc(t->r, cap * sizeof(*r));

			if (!r)
				return -ENOMEM;
			t->r = r;
			t->cap = cap;
		}
		t->r[t->n].start = net;
		t->r[t->n++].count = 1ULL << (32 - bits);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1 && IN6_IS_ADDR_V4MAPPED(&a6)) {
		char v4[INET_ADDRSTRLEN]; /* ::ffff:a.b.c.d is a.b.c.d, judged and sent as IPv4 */

		inet_ntop(AF_INET, &a6.s6_addr[12], v4, sizeof(v4));
		return targets_add(t, v4, where);
	}
	if (inet_pton(AF_INET6, text, &a6) == 1) {
		if (t->n6 == t->cap6) {
			size_t cap = t->cap6 ? t->cap6 * 2 : 64;
			struct in6_addr *v = realloc(t->v6, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			t->v6 = v;
			t->cap6 = cap;
		}
		t->v6[t->n6++] = a6;
		return 0;
	}
	pr_warn("%s: '%s' is no IPv4 address, IPv4 prefix (a.b.c.d/n) or IPv6 address\n", where,
		text);
	return -EINVAL;
}

int list_read(const char *path, const char *what, list_item_fn fn, void *ctx)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char line[512], where[600];
	size_t no = 0;
	int err = 0;

	if (!f) {
		pr_warn("%s file %s: %s\n", what, path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *e;

		no++;
		while (isspace((unsigned char)*p))
			p++;
		for (e = p; *e && !isspace((unsigned char)*e) && *e != ',' && *e != '#'; e++)
			;
		*e = '\0';
		if (!*p || *p == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%zu", path, no);
		if ((err = fn(ctx, p, where)))
			break;
	}
	if (!err && ferror(f)) {
		pr_warn("reading %s: %s\n", path, strerror(errno));
		err = -EIO;
	}
	if (f != stdin)
		fclose(f);
	return err;
}

static int add_one(void *ctx, const char *item, const char *where)
{
	return targets_add(ctx, item, where);
}

int targets_read(struct targets *t, const char *path)
{
	return list_read(path, "target", add_one, t);
}

static int by_start(const void *a, const void *b)
{
	const struct range4 *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int by_addr6(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct in6_addr));
}

int targets_finish(struct targets *t)
{
	size_t i, o = 0;

	if (t->n) /* qsort(NULL, 0) is undefined */
		qsort(t->r, t->n, sizeof(*t->r), by_start);
	for (i = 0; i < t->n; i++) {
		uint64_t end = (uint64_t)t->r[i].start + t->r[i].count;

		if (o && (uint64_t)t->r[o - 1].start + t->r[o - 1].count >= t->r[i].start) {
			uint64_t pend = (uint64_t)t->r[o - 1].start + t->r[o - 1].count;

			if (end > pend)
				t->r[o - 1].count = end - t->r[o - 1].start;
			continue;
		}
		t->r[o++] = t->r[i];
	}
	t->n = o;
	t->total4 = 0;
	for (i = 0; i < t->n; i++) {
		t->r[i].before = t->total4;
		t->total4 += t->r[i].count;
	}
	if (t->n6)
		qsort(t->v6, t->n6, sizeof(*t->v6), by_addr6);
	for (i = 0, o = 0; i < t->n6; i++)
		if (!o || memcmp(&t->v6[o - 1], &t->v6[i], sizeof(*t->v6)))
			t->v6[o++] = t->v6[i];
	t->n6 = o;
	return 0;
}

uint64_t targets_total(const struct targets *t)
{
	return t->total4 + t->n6;
}

int targets_at(const struct targets *t, uint64_t i, uint32_t *v4, struct in6_addr *v6)
{
	size_t lo = 0, hi = t->n;

	if (i >= t->total4) {
		*v6 = t->v6[i - t->total4];
		return 6;
	}
	while (hi - lo > 1) { /* the last range starting at or before i */
		size_t mid = (lo + hi) / 2;

		if (t->r[mid].before <= i)
			lo = mid;
		else
			hi = mid;
	}
	*v4 = t->r[lo].start + (uint32_t)(i - t->r[lo].before);
	return 4;
}

void targets_free(struct targets *t)
{
	free(t->r);
	free(t->v6);
	memset(t, 0, sizeof(*t));
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	return (uint64_t)((unsigned __int128)a * b % m);
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
	uint64_t r = 1 % m;

	for (b %= m; e; e >>= 1, b = mulmod(b, b, m))
		if (e & 1)
			r = mulmod(r, b, m);
	return r;
}

static bool is_prime(uint64_t n)
{
	uint64_t d;

	if (n < 2)
		return false;
	for (d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ x >> 31;
}

/* g generates the whole group iff g^((p-1)/q) != 1 for every prime q dividing p-1. */
static bool primitive(uint64_t g, uint64_t p)
{
	uint64_t m = p - 1, q;

	for (q = 2; q * q <= m; q++) {
		if (m % q)
			continue;
		if (powmod(g, (p - 1) / q, p) == 1)
			return false;
		while (m % q == 0)
			m /= q;
	}
	return m == 1 || powmod(g, (p - 1) / m, p) != 1;
}

int cyclic_init(struct cyclic *c, uint64_t n, uint64_t seed, unsigned shards, unsigned shard)
{
	uint64_t order, x0;

	if (!n || !shards || shard >= shards)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->n = n;
	for (c->p = n + 1; !is_prime(c->p); c->p++)
		;
	order = c->p - 1;
	if (c->p <= 3) {
		c->g = c->p - 1;
	} else {
		c->g = 2 + mix64(seed) % (c->p - 3);
		while (!primitive(c->g, c->p))
			c->g = 2 + (c->g - 1) % (c->p - 3);
	}
	x0 = 1 + mix64(seed ^ 0x5bd1e995) % order;
	/* shard i walks elements i, i + shards, ... of the cycle */
	c->cur = mulmod(x0, powmod(c->g, shard, c->p), c->p);
	c->step = powmod(c->g, shards, c->p);
	c->left = order > shard ? (order - shard + shards - 1) / shards : 0;
	return 0;
}

bool cyclic_next(struct cyclic *c, uint64_t *index)
{
	while (c->left) {
		uint64_t v = c->cur;

		c->left--;
		c->cur = mulmod(c->cur, c->step, c->p);
		if (v - 1 < c->n) {
			*index = v - 1;
			return true;
		}
	}
	return false;
}
