/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* IEEE registries (MA-L, MA-M, MA-S, IAB): MAC address to the vendor, longest prefix first. */
#ifndef SSDPMAC_OUI_H
#define SSDPMAC_OUI_H

#include <stddef.h>
#include <stdint.h>

#define OUI_DEFAULT_DIR "/usr/share/ieee-data"

enum oui_registry {
	REG_MA_L,
	REG_MA_M,
	REG_MA_S,
	REG_IAB,
	REG_N
};

struct oui_entry {
	uint64_t key;	  /* (bits << 56) | prefix */
	uint32_t name;	  /* offset in the name arena */
	uint8_t bits;	  /* 24, 28 or 36 */
	uint8_t registry; /* enum oui_registry */
};

struct oui_db {
	struct oui_entry *slots; /* open addressing; key 0 is empty */
	size_t mask;
	size_t count[REG_N];
	size_t skipped; /* malformed rows, counted and left out */
	char *names;
	size_t names_len, names_cap;
	uint8_t *has_sub; /* bitmap over 24-bit prefixes holding MA-M/MA-S/IAB blocks */
};

/* Load the four registry files from dir (NULL: OUI_DEFAULT_DIR). Returns 0 or -errno after
 * saying which file failed and why. */
int oui_load(struct oui_db *db, const char *dir);
void oui_free(struct oui_db *db);
/* The most specific block holding mac, or NULL when no registry has it. */
const struct oui_entry *oui_lookup(const struct oui_db *db, const uint8_t mac[6]);
/* Start loading what oui_lookup(db, mac) will read (batch consumers overlap the misses). */
void oui_prefetch(const struct oui_db *db, const uint8_t mac[6]);
const char *oui_name(const struct oui_db *db, const struct oui_entry *e);
const char *oui_registry_name(int registry);
/* "00A0C9" or "70B3D5F2F": the block's prefix in hex as the registry writes it. */
void oui_prefix_str(const struct oui_entry *e, char *buf, size_t len);

/* Parse one registry file already in memory (exposed for tests). */
int oui_load_buf(struct oui_db *db, const char *path, const char *data, size_t len);
int oui_init(struct oui_db *db, size_t expected);

#endif
