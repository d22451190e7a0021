/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A growable open-addressing hash table: fixed-size byte keys to 32-bit values. Each entry
 * (used flag, value, key) sits in one run of bytes, so a probe costs one cache miss. */
#ifndef SSDPMAC_HTAB_H
#define SSDPMAC_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct htab {
	uint8_t *slots; /* cap entries of entry_size bytes: u32 used, u32 value, key */
	size_t key_size, entry_size, n, cap;
};

void htab_init(struct htab *h, size_t key_size);
void htab_free(struct htab *h);
/* The value stored for key, or NULL. */
uint32_t *htab_find(const struct htab *h, const void *key);
/* The hash of key, for the _h variants: a batch computes it once per key. */
size_t htab_hash(const struct htab *h, const void *key);
/* Start loading the slot a key with hash hv will probe: call it for a batch of keys before
 * looking them up, so that their cache misses overlap. */
void htab_prefetch(const struct htab *h, size_t hv);
uint32_t *htab_find_h(const struct htab *h, const void *key, size_t hv);
/* Add key (not present yet) with val. 0 or -ENOMEM. */
int htab_insert(struct htab *h, const void *key, uint32_t val);
/* Every value v becomes to[v] (after the things the values index were reordered). */
void htab_remap(struct htab *h, const uint32_t *to);

#endif
