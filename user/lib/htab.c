// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "htab.h"

#define USED(h, i) (*(uint32_t *)((h)->slots + (i) * (h)->entry_size))
#define VAL(h, i)  ((uint32_t *)((h)->slots + (i) * (h)->entry_size + 4))
#define KEY(h, i)  ((h)->slots + (i) * (h)->entry_size + 8)

void htab_init(struct htab *h, size_t key_size)
{
	memset(h, 0, sizeof(*h));
	h->key_size = key_size;
	h->entry_size = (8 + key_size + 7) & ~(size_t)7;
}

void htab_free(struct htab *h)
{
	free(h->slots);
	h->slots = NULL;
	h->n = h->cap = 0;
}

/* Eight bytes at a time, multiply and fold: keys are short and this is on the per-event path. */
size_t htab_hash(const struct htab *h, const void *key)
{
	const uint8_t *p = key;
	uint64_t x = 0x9e3779b97f4a7c15ULL, w;
	size_t i = 0;

	for (; i + 8 <= h->key_size; i += 8) {
		memcpy(&w, p + i, 8);
		x = (x ^ w) * 0xff51afd7ed558ccdULL;
		x ^= x >> 32;
	}
	if (i < h->key_size) {
		w = 0;
		memcpy(&w, p + i, h->key_size - i);
		x = (x ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	return (size_t)(x ^ x >> 29);
}

static size_t slot_h(const struct htab *h, const void *key, size_t hv, int *found)
{
	size_t i = hv & (h->cap - 1);

	uint64_t k0 = 0, s0;

	memcpy(&k0, key, h->key_size < 8 ? h->key_size : 8);
	for (; USED(h, i); i = (i + 1) & (h->cap - 1)) {
		/* the first word decides most probes without a call to memcmp */
		s0 = 0;
		memcpy(&s0, KEY(h, i), h->key_size < 8 ? h->key_size : 8);
		if (s0 == k0 && !memcmp(KEY(h, i), key, h->key_size)) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return i;
}

static size_t slot(const struct htab *h, const void *key, int *found)
{
	return slot_h(h, key, htab_hash(h, key), found);
}

uint32_t *htab_find_h(const struct htab *h, const void *key, size_t hv)
{
	int found;
	size_t i;

	if (!h->cap)
		return NULL;
	i = slot_h(h, key, hv, &found);
	return found ? VAL(h, i) : NULL;
}

uint32_t *htab_find(const struct htab *h, const void *key)
{
	return htab_find_h(h, key, htab_hash(h, key));
}

void htab_prefetch(const struct htab *h, size_t hv)
{
	if (h->cap)
		__builtin_prefetch(h->slots + (hv & (h->cap - 1)) * h->entry_size);
}

static int grow(struct htab *h)
{
	struct htab g = *h;
	size_t i;

	g.cap = h->cap ? h->cap * 2 : 1024;
	g.slots = calloc(g.cap, g.entry_size);
	if (!g.slots)
		return -ENOMEM;
	for (i = 0; i < h->cap; i++) {
		int found;
		size_t s;

		if (!USED(h, i))
			continue;
		s = slot(&g, KEY(h, i), &found);
		memcpy(g.slots + s * g.entry_size, h->slots + i * h->entry_size, h->entry_size);
	}
	free(h->slots);
	*h = g;
	return 0;
}

int htab_insert(struct htab *h, const void *key, uint32_t val)
{
	int found, err;
	size_t i;

	if ((h->n + 1) * 2 > h->cap && (err = grow(h)))
		return err;
	i = slot(h, key, &found);
	memcpy(KEY(h, i), key, h->key_size);
	*VAL(h, i) = val;
	USED(h, i) = 1;
	h->n += !found;
	return 0;
}

void htab_remap(struct htab *h, const uint32_t *to)
{
	size_t i;

	for (i = 0; i < h->cap; i++)
		if (USED(h, i))
			*VAL(h, i) = to[*VAL(h, i)];
}
