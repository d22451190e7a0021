/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What corpus.c (a corpus message into a shape) and shapes.c (a device of a shape) share. */
#ifndef SSDPSIM_SHAPE_INT_H
#define SSDPSIM_SHAPE_INT_H

#include <stdint.h>
#include "shapes.h"

/* Template markers (corpus messages hold no such bytes: those are refused). */
enum {
	M_ID = 1,	       /* the identifier */
	M_TYPE = 2,	       /* the search type (ST or NT value) */
	M_HOST = 3,	       /* the device's address */
	M_SUFFIX = 4,	       /* "::" and the type, unless the type is the device's own uuid: */
	M_RHEX = 5,	       /* (identifier patterns) a random hex digit, lower case */
	M_RHEX_UP = 6,	       /* the same, upper case */
	M_RDEC = 7,	       /* a random decimal digit */
	M_RHEX_LETTER = 8,     /* a random letter a-f */
	M_RHEX_LETTER_UP = 11, /* A-F (9, 10: tab and line feed) */
	M_MAC = 0x10,	       /* | 8: upper case, | 0..3: separator none : - _ */
};
static const char mac_seps[] = {0, ':', '-', '_'}; /* by marker & 3 */

/* How a device's MAC is drawn: the message's MAC tells. */
enum mac_kind {
	K_NONE,	      /* no MAC in the message */
	K_VENDOR,     /* under a prefix registered to the same vendor */
	K_MULTICAST,  /* random, multicast bit set */
	K_LOCAL,      /* random, locally administered */
	K_UNASSIGNED, /* random under a prefix no registry holds */
	K_CONSTANT,   /* the message's own */
};

#define MAX_TYPES 6
#define TPL_MAX	  4096

struct shape {
	char *file, *family, *device, *cls, *conf; /* the index row */
	char *reply, *notify, *loc, *path;	   /* templates */
	char *idpat;				   /* the identifier's recipe */
	char *types[MAX_TYPES];
	int ntypes;
	char *cid;	 /* the identifier as the corpus wrote it */
	int prefix_len;	 /* of "uuid:" before it, or 0 */
	const char *bad; /* why it is left out of the lab, or NULL */
	uint16_t port;
	enum mac_kind kind;
	uint8_t mac[6]; /* the corpus MAC */
	int uuid_tail;	/* the identifier is an 8-4-4-4-12 UUID (its tail must stay unregistered) */
	const struct oui_entry **blocks; /* K_VENDOR: the vendor's prefixes */
	size_t nblocks;
	char brand[32];
};

/* The shapes kept (the ones left out behind them), families as runs of them; corpus.c fills
 * them, shapes.c draws from them. */
struct family {
	size_t first, n;
};
extern struct shape *shapes;
extern size_t nshapes, nfams;
extern struct family *fams;
extern const struct oui_db *shape_db;
extern uint64_t shape_seed;

static inline int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* A device of shape sh from random bits r and its number uniq (corpus.c checks samples). */
void draw_shape(const struct shape *sh, uint64_t r, uint64_t uniq, struct sim_ident *d);

#endif
