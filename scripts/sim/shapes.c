// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The lab's population from the real corpus (see shapes.h): a device of a shape (corpus.c makes
 * the shapes). Its values follow the shape's recipe: a MAC under another prefix of the same
 * registered vendor, a fresh random identifier, or the message's constant; its messages are the
 * shape's templates with those values where the markers are. Every family of the corpus weighs
 * the same; within a family each message does.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "log.h"
#include "shape_int.h"
#include "ssdpmac.h"
#include "usn.h"

struct shape *shapes;
size_t nshapes, nfams;
struct family *fams;
const struct oui_db *shape_db;
uint64_t shape_seed;

/* ---- drawing a device */

static void write_mac(char *o, int m, const uint8_t mac[6])
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	const char *d = m & 8 ? up : lo;
	int i, k = 0;

	for (i = 0; i < 6; i++) {
		if (i && mac_seps[m & 3])
			o[k++] = mac_seps[m & 3];
		o[k++] = d[mac[i] >> 4];
		o[k++] = d[mac[i] & 15];
	}
	o[k] = '\0';
}

static void random_mac(uint64_t r, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(r >> (8 * i));
}

static void draw_mac(const struct shape *sh, uint64_t r, uint64_t uniq, struct sim_ident *d)
{
	uint64_t low;
	int t;

	memcpy(d->mac, sh->mac, 6);
	d->block = NULL;
	for (t = 0; t < 16; t++, r = sim_mix(r)) {
		const struct oui_entry *e;
		uint64_t p;
		int i;

		switch (sh->kind) {
		case K_VENDOR:
			/* the low bits a bijection of the device's number: no two devices of a
			 * block share a MAC while it has room */
			e = sh->blocks[r % sh->nblocks];
			p = e->key & ((1ULL << 56) - 1);
			low = uniq * 0x9e3779b97f4a7c15ULL + sim_mix(shape_seed ^ e->key);
			p = p << (48 - e->bits) | (low & ((1ULL << (48 - e->bits)) - 1));
			for (i = 0; i < 6; i++)
				d->mac[i] = (uint8_t)(p >> (40 - 8 * i));
			if (oui_lookup(shape_db, d->mac) == e) { /* no smaller block inside it */
				d->block = e;
				return;
			}
			break;
		case K_MULTICAST:
			random_mac(r, d->mac);
			d->mac[0] |= 1;
			return;
		case K_LOCAL:
			random_mac(r, d->mac);
			d->mac[0] = (uint8_t)((d->mac[0] & ~1) | 2);
			return;
		case K_UNASSIGNED:
			random_mac(r, d->mac);
			d->mac[0] &= (uint8_t)~3;
			if (!oui_lookup(shape_db, d->mac))
				return;
			break;
		default:
			return;
		}
	}
	memcpy(d->mac, sh->mac, 6); /* what the corpus shows, checked at load */
	d->block = sh->kind == K_VENDOR ? oui_lookup(shape_db, sh->mac) : NULL;
}

static void draw_id(const struct shape *sh, uint64_t r, struct sim_ident *d)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	size_t k = 0;
	const char *p;

	for (p = sh->idpat; *p && k + 18 < sizeof(d->id); p++) {
		unsigned char c = (unsigned char)*p;

		if (c == M_RHEX || c == M_RHEX_UP || c == M_RDEC || c == M_RHEX_LETTER ||
		    c == M_RHEX_LETTER_UP) {
			r = sim_mix(r + 0x9e3779b97f4a7c15ULL);
			d->id[k++] = c == M_RDEC	  ? (char)('0' + r % 10)
				     : c == M_RHEX	  ? lo[r & 15]
				     : c == M_RHEX_UP	  ? up[r & 15]
				     : c == M_RHEX_LETTER ? lo[10 + r % 6]
							  : up[10 + r % 6];
		} else if (c >= M_MAC && c < M_MAC + 16) {
			write_mac(d->id + k, c, d->mac);
			k += strlen(d->id + k);
		} else {
			d->id[k++] = (char)c;
		}
	}
	d->id[k] = '\0';
}

/* A fresh UUID's tail under a registered prefix would be a candidate: never, for a no-mac. */
static int tail_registered(const char *id)
{
	uint8_t m[6];
	int i;

	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)(hexval(id[24 + 2 * i]) << 4 | hexval(id[25 + 2 * i]));
	return !(m[0] & 3) && oui_lookup(shape_db, m);
}

void draw_shape(const struct shape *sh, uint64_t r, uint64_t uniq, struct sim_ident *d)
{
	int t;

	d->sh = sh;
	d->has_mac = sh->kind != K_NONE;
	draw_mac(sh, sim_mix(r ^ 0x5bd1e995), uniq, d);
	for (t = 0; t < 16; t++) {
		draw_id(sh, sim_mix(r + (uint64_t)t), d);
		if (!sh->uuid_tail || !tail_registered(d->id))
			return;
	}
	/* locally administered: no registry can hold it */
	t = hexval(d->id[25]) | 2;
	d->id[25] =
		isupper((unsigned char)d->id[25]) ? "0123456789ABCDEF"[t] : "0123456789abcdef"[t];
}

void shapes_draw(uint64_t r0, uint64_t r1, uint64_t uniq, struct sim_ident *d)
{
	size_t f = (size_t)(r0 % nfams);

	draw_shape(&shapes[fams[f].first + (size_t)((r0 >> 32) % fams[f].n)], r1, uniq, d);
}

void shapes_expect(const struct sim_ident *d, struct sim_expect *e)
{
	e->cls = d->sh->cls;
	e->vendor = d->block;
	e->confidence = d->block && d->sh->conf[0] ? d->sh->conf : NULL;
	e->file = d->sh->file;
}

int shapes_ntypes(const struct sim_ident *d)
{
	return d->sh->ntypes;
}

/* Template t expanded for device d at addr (type: the search type, already expanded). */
static size_t expand(const char *t, const struct sim_ident *d, uint32_t addr, const char *type,
		     char *out, size_t cap)
{
	size_t k = 0;
	char tmp[256];

	for (; *t; t++) {
		unsigned char c = (unsigned char)*t;
		const char *s = tmp;

		if (c == M_ID)
			s = d->id;
		else if (c == M_TYPE)
			s = type;
		else if (c == M_HOST)
			snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", addr >> 24, addr >> 16 & 255,
				 addr >> 8 & 255, addr & 255);
		else if (c == M_SUFFIX)
			snprintf(tmp, sizeof(tmp), "%s%s",
				 strncasecmp(type, "uuid:", 5) ? "::" : "",
				 strncasecmp(type, "uuid:", 5) ? type : "");
		else if (c >= M_MAC && c < M_MAC + 16)
			write_mac(tmp, c, d->mac);
		else
			tmp[0] = (char)c, tmp[1] = '\0';
		for (; *s; s++) {
			if (k + 1 >= cap)
				return 0;
			out[k++] = *s;
		}
	}
	if (cap)
		out[k] = '\0';
	return k;
}

void shapes_type(const struct sim_ident *d, int i, char *out, size_t cap)
{
	if (!expand(d->sh->types[i % d->sh->ntypes], d, 0, "", out, cap) && cap)
		out[0] = '\0';
}

size_t shapes_render(const struct sim_ident *d, uint32_t addr, int i, int notify, char *out,
		     size_t cap)
{
	char type[256];

	shapes_type(d, i, type, sizeof(type));
	return expand(notify ? d->sh->notify : d->sh->reply, d, addr, type, out, cap);
}

void shapes_location(const struct sim_ident *d, uint32_t addr, char *loc, size_t cap,
		     uint16_t *port, char *path, size_t path_cap)
{
	*port = 0;
	loc[0] = path[0] = '\0';
	if (!d->sh->loc)
		return;
	expand(d->sh->loc, d, addr, "", loc, cap);
	if (d->sh->path && expand(d->sh->path, d, addr, "", path, path_cap))
		*port = d->sh->port;
}

void shapes_model(const struct sim_ident *d, const char **brand, const char **model)
{
	*brand = d->sh->brand;
	*model = d->sh->family;
}

int shapes_ports(uint16_t *ports, int max)
{
	int n = 0, j;

	for (size_t i = 0; i < nshapes; i++) {
		if (!shapes[i].path)
			continue;
		for (j = 0; j < n && ports[j] != shapes[i].port; j++)
			;
		if (j == n && n < max)
			ports[n++] = shapes[i].port;
	}
	return n;
}
