// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "htab.h"

void htab_init(struct htab *h, size_t key_size)
{
	memset(h, 0, sizeof(*h));
	h->key_size = key_size;
}

void htab_free(struct htab *h)
{
	free(h->keys);
	free(h->vals);
	free(h->used);
	h->keys = NULL;
	h->vals = NULL;
	h->used = NULL;
	h->n = h->cap = 0;
}

static size_t hash(const struct htab *h, const void *key)
{
	const uint8_t *p = key;
	uint64_t x = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < h->key_size; i++)
		x = (x ^ p[i]) * 0x100000001b3ULL;
	return (size_t)(x ^ x >> 32);
}

static size_t slot(const struct htab *h, const void *key, int *found)
{
	size_t i = hash(h, key) & (h->cap - 1);

	for (; h->used[i]; i = (i + 1) & (h->cap - 1)) {
		if (!memcmp(h->keys + i * h->key_size, key, h->key_size)) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return i;
}

uint32_t *htab_find(const struct htab *h, const void *key)
{
	int found;
	size_t i;

	if (!h->cap)
		return NULL;
	i = slot(h, key, &found);
	return found ? &h->vals[i] : NULL;
}

static int grow(struct htab *h)
{
	struct htab g = { .key_size = h->key_size, .cap = h->cap ? h->cap * 2 : 1024 };
	size_t i;

	g.keys = malloc(g.cap * g.key_size);
	g.vals = malloc(g.cap * sizeof(*g.vals));
	g.used = calloc(g.cap, 1);
	if (!g.keys || !g.vals || !g.used) {
		htab_free(&g);
		return -ENOMEM;
	}
	for (i = 0; i < h->cap; i++) {
		int found;
		size_t s;

		if (!h->used[i])
			continue;
		s = slot(&g, h->keys + i * h->key_size, &found);
		memcpy(g.keys + s * g.key_size, h->keys + i * h->key_size, g.key_size);
		g.vals[s] = h->vals[i];
		g.used[s] = 1;
	}
	g.n = h->n;
	htab_free(h);
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
	memcpy(h->keys + i * h->key_size, key, h->key_size);
	h->vals[i] = val;
	h->used[i] = 1;
	h->n += !found;
	return 0;
}
