/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The lab's population, drawn from the real corpus (tests/data/real): each simulated device
 * speaks as one corpus message does (its SERVER, header order and case, USN form), with a MAC
 * redrawn under another prefix registered to the same vendor, or fresh random values where the
 * message carries no MAC. What the device must be classified as follows from its message.
 * corpus.c reads the corpus into shapes; shapes.c draws and renders a device of a shape.
 */
#ifndef SSDPSIM_SHAPES_H
#define SSDPSIM_SHAPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "oui.h"

struct shape;

/* One simulated device's identity: its shape and the values drawn for it. */
struct sim_ident {
	const struct shape *sh;
	char id[128]; /* the USN's identifier: after "uuid:" (if the form has it), before "::" */
	uint8_t mac[6];
	int has_mac;		       /* the message carries mac (the truth names it) */
	const struct oui_entry *block; /* the registered block of mac, when a vendor is named */
};

/* What decode must say of the device's messages: the corpus index's row for its shape. */
struct sim_expect {
	const char *cls, *confidence; /* confidence: NULL when no vendor is named */
	const struct oui_entry *vendor;
	const char *file; /* the corpus message, tests/data/real/<file> */
};

/* Read dir/index.tsv and every message it lists; keep the shapes this simulator reproduces
 * exactly (each is checked through the decoder once; the others are left out, with the reason
 * on why_out unless NULL). 0, or -1 after naming the file and line. */
int shapes_load(const char *dir, const struct oui_db *db, uint64_t seed, FILE *why_out);
/* The device whose random bits are r0, r1 (independent) and whose number is uniq (no two devices
 * with different numbers share a MAC under one block while it has room). */
void shapes_draw(uint64_t r0, uint64_t r1, uint64_t uniq, struct sim_ident *d);
void shapes_expect(const struct sim_ident *d, struct sim_expect *e);
/* How many search types the device answers ssdp:all with (type 0: upnp:rootdevice). */
int shapes_ntypes(const struct sim_ident *d);
/* Type i as the device writes it in ST/NT, into out. */
void shapes_type(const struct sim_ident *d, int i, char *out, size_t cap);
/* The device's reply to a search for type i (notify: its NOTIFY for type i instead), from addr
 * (host order). Returns the length, or 0 when it does not fit. */
size_t shapes_render(const struct sim_ident *d, uint32_t addr, int i, int notify, char *out,
		     size_t cap);
/* Its LOCATION header's value (empty when its form has none), and where the simulator serves its
 * description: port and path (port 0: nowhere, the LOCATION is no http URL). */
void shapes_location(const struct sim_ident *d, uint32_t addr, char *loc, size_t cap,
		     uint16_t *port, char *path, size_t path_cap);
/* The brand and model the corpus names for the device's family ("D-Link", "DCS-935L camera"). */
void shapes_model(const struct sim_ident *d, const char **brand, const char **model);
/* The TCP ports descriptions are served on (at most max), and how many. */
int shapes_ports(uint16_t *ports, int max);
/* The shapes as a table on f: file, weight, class, vendor, prefixes to draw from. */
void shapes_dump(FILE *f);

static inline uint64_t sim_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ x >> 33;
}

#endif
