// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csv.h"
#include "log.h"
#include "oui.h"

static const struct {
	const char *file;
	const char *tag;
	uint8_t bits;
} registries[REG_N] = {
	[REG_MA_L] = {"oui.csv", "MA-L", 24},
	[REG_MA_M] = {"mam.csv", "MA-M", 28},
	[REG_MA_S] = {"oui36.csv", "MA-S", 36},
	[REG_IAB] = {"iab.csv", "IAB", 36},
};

const char *oui_registry_name(int registry)
{
	return registry >= 0 && registry < REG_N ? registries[registry].tag : "?";
}

static inline uint64_t mkkey(uint64_t prefix, unsigned bits)
{
	return (uint64_t)bits << 56 | prefix;
}

static inline size_t slot_of(const struct oui_db *db, uint64_t key)
{
	key ^= key >> 29;
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & db->mask;
}

int oui_init(struct oui_db *db, size_t expected)
{
	size_t n = 1024;

	memset(db, 0, sizeof(*db));
	while (n < expected * 2)
		n <<= 1;
	db->slots = calloc(n, sizeof(*db->slots));
	db->has_sub = calloc(1, (1 << 24) / 8);
	if (!db->slots || !db->has_sub) {
		oui_free(db);
		return -ENOMEM;
	}
	db->mask = n - 1;
	return 0;
}

void oui_free(struct oui_db *db)
{
	free(db->slots);
	free(db->names);
	free(db->has_sub);
	memset(db, 0, sizeof(*db));
}

static int grow(struct oui_db *db)
{
	struct oui_entry *old = db->slots;
	size_t i, n = (db->mask + 1) * 2;

	db->slots = calloc(n, sizeof(*db->slots));
	if (!db->slots) {
		db->slots = old;
		return -ENOMEM;
	}
	db->mask = n - 1;
	for (i = 0; i < n / 2; i++) {
		size_t s;

		if (!old[i].key)
			continue;
		for (s = slot_of(db, old[i].key); db->slots[s].key; s = (s + 1) & db->mask)
			;
		db->slots[s] = old[i];
	}
	free(old);
	return 0;
}

static int add_name(struct oui_db *db, const char *name, uint32_t *off)
{
	size_t len = strlen(name) + 1;

	if (db->names_len + len > db->names_cap) {
		size_t cap = db->names_cap ? db->names_cap * 2 : 1 << 20;
		char *p;

		while (cap < db->names_len + len)
			cap *= 2;
		p = realloc(db->names, cap);
		if (!p)
			return -ENOMEM;
		db->names = p;
		db->names_cap = cap;
	}
	memcpy(db->names + db->names_len, name, len);
	*off = db->names_len;
	db->names_len += len;
	return 0;
}

/* Insert unless the block is there already (the first row wins). */
static int insert(struct oui_db *db, uint64_t prefix, int reg, const char *name)
{
	uint8_t bits = registries[reg].bits;
	uint64_t key = mkkey(prefix, bits);
	size_t s, used = 0;
	int i, err;

	for (i = 0; i < REG_N; i++)
		used += db->count[i];
	if ((used + 1) * 2 > db->mask + 1 && (err = grow(db)))
		return err;
	for (s = slot_of(db, key); db->slots[s].key; s = (s + 1) & db->mask)
		if (db->slots[s].key == key)
			return 0;
	if ((err = add_name(db, name, &db->slots[s].name)))
		return err;
	db->slots[s].key = key;
	db->slots[s].bits = bits;
	db->slots[s].registry = reg;
	db->count[reg]++;
	if (bits > 24) {
		uint32_t p24 = prefix >> (bits - 24);

		db->has_sub[p24 >> 3] |= 1 << (p24 & 7);
	}
	return 0;
}

static int registry_of(const char *tag)
{
	int i;

	for (i = 0; i < REG_N; i++)
		if (!strcmp(tag, registries[i].tag))
			return i;
	return -1;
}

/* "002272" -> value; -1 unless exactly the digits the registry's block size asks for. */
static int64_t parse_prefix(const char *s, unsigned bits)
{
	size_t i, n = strlen(s);
	int64_t v = 0;

	if (n != bits / 4)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

int oui_load_buf(struct oui_db *db, const char *path, const char *data, size_t len)
{
	size_t rows = 0, bad = 0, first_bad = 0;
	struct csv c;
	int ret;

	csv_init(&c, data, len);
	while ((ret = csv_next(&c)) == 1) {
		int64_t prefix;
		int reg;

		if (c.nfields == 1 && !c.fields[0][0])
			continue; /* blank line */
		if (c.line == 1 && !strcasecmp(c.fields[0], "Registry"))
			continue; /* header */
		reg = c.nfields >= 3 ? registry_of(c.fields[0]) : -1;
		prefix = reg >= 0 ? parse_prefix(c.fields[1], registries[reg].bits) : -1;
		if (prefix < 0 || !c.fields[2][0]) {
			if (!bad++)
				first_bad = c.line;
			continue;
		}
		if ((ret = insert(db, prefix, reg, c.fields[2])))
			goto out;
		rows++;
	}
	if (ret == -EINVAL) {
		pr_warn("%s:%zu: unterminated quoted field\n", path, c.line);
		goto out;
	}
	if (ret < 0) {
		pr_warn("%s:%zu: %s\n", path, c.line, strerror(-ret));
		goto out;
	}
	if (bad) {
		db->skipped += bad;
		pr_debug("%s: %zu malformed rows left out (first at line %zu)\n", path, bad,
			 first_bad);
	}
	ret = 0;
	if (!rows) {
		pr_warn("%s: no registry entries in this file; is it an IEEE registry CSV?\n",
			path);
		ret = -ENODATA;
	}
out:
	csv_free(&c);
	return ret;
}

static int load_file(struct oui_db *db, const char *path)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		pr_warn("cannot read IEEE registry %s: %s (install ieee-data, or give "
			"--ieee-dir)\n",
			path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (256 << 20)) {
		ret = -EINVAL;
		pr_warn("IEEE registry %s is not a regular file of sane size\n", path);
		goto out;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n ? -errno : -EIO;
			pr_warn("reading IEEE registry %s: %s\n", path,
				n ? strerror(errno) : "short read");
			goto out;
		}
		got += n;
	}
	ret = oui_load_buf(db, path, buf, got);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

int oui_load(struct oui_db *db, const char *dir)
{
	char path[4096];
	int i, ret;

	if (!dir)
		dir = OUI_DEFAULT_DIR;
	if ((ret = oui_init(db, 48 * 1024)))
		return ret;
	for (i = 0; i < REG_N; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, registries[i].file);
		if ((ret = load_file(db, path))) {
			oui_free(db);
			return ret;
		}
	}
	return 0;
}

static const struct oui_entry *find(const struct oui_db *db, uint64_t key)
{
	size_t s;

	for (s = slot_of(db, key); db->slots[s].key; s = (s + 1) & db->mask)
		if (db->slots[s].key == key)
			return &db->slots[s];
	return NULL;
}

const struct oui_entry *oui_lookup(const struct oui_db *db, const uint8_t mac[6])
{
	uint64_t m48 = (uint64_t)mac[0] << 40 | (uint64_t)mac[1] << 32 | (uint64_t)mac[2] << 24 |
		       (uint64_t)mac[3] << 16 | (uint64_t)mac[4] << 8 | mac[5];
	uint32_t p24 = m48 >> 24;
	const struct oui_entry *e;

	if (db->has_sub[p24 >> 3] & (1 << (p24 & 7))) {
		if ((e = find(db, mkkey(m48 >> 12, 36))))
			return e;
		if ((e = find(db, mkkey(m48 >> 20, 28))))
			return e;
	}
	return find(db, mkkey(p24, 24));
}

void oui_prefetch(const struct oui_db *db, const uint8_t mac[6])
{
	uint32_t p24 = (uint32_t)mac[0] << 16 | mac[1] << 8 | mac[2];

	__builtin_prefetch(&db->has_sub[p24 >> 3]);
	__builtin_prefetch(&db->slots[slot_of(db, mkkey(p24, 24))]);
}

const char *oui_name(const struct oui_db *db, const struct oui_entry *e)
{
	return db->names + e->name;
}

void oui_prefix_str(const struct oui_entry *e, char *buf, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	uint64_t prefix = e->key & ((1ULL << 56) - 1);
	size_t i, n = e->bits / 4;

	if (len < n + 1) {
		if (len)
			buf[0] = '\0';
		return;
	}
	for (i = 0; i < n; i++)
		buf[i] = hex[(prefix >> (4 * (n - 1 - i))) & 0xf];
	buf[n] = '\0';
}
