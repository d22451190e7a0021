// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The real corpus into the lab's shapes (see shapes.h): each message's text as a template, with
 * markers where a device puts its own values (the USN identifier, the search type, its address
 * in LOCATION, the MAC wherever the message wrote it), and a recipe for those values. Every
 * shape is checked through the decoder before the lab uses it.
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

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p) {
		pr_warn("shapes: out of memory\n");
		exit(1);
	}
	return p;
}

/* ---- building templates */

struct buf {
	char s[TPL_MAX];
	size_t n;
	int over;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n >= sizeof(b->s)) {
		b->over = 1;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

/* Is the shape's MAC at s[0..n), in one of its written forms? Its marker, and the length. */
static int mac_at(const struct shape *sh, const char *s, size_t n, size_t *len)
{
	int f, i, upper = -1;

	if (sh->kind == K_NONE)
		return 0;
	for (f = 0; f < 4; f++) {
		size_t l = f ? 17 : 12, k = 0;

		if (n < l)
			continue;
		for (i = 0; i < 6; i++) {
			int hi, lo;

			if (f && i && s[k++] != mac_seps[f])
				break;
			hi = hexval(s[k]), lo = hexval(s[k + 1]);
			if (hi < 0 || lo < 0 || (hi << 4 | lo) != sh->mac[i])
				break;
			for (int j = 0; j < 2; j++)
				if (isalpha((unsigned char)s[k + j]))
					upper = isupper((unsigned char)s[k + j]);
			k += 2;
		}
		if (i == 6) {
			*len = l;
			return M_MAC | (upper > 0 ? 8 : 0) | f;
		}
	}
	return 0;
}

/* s[0..n) into b, the corpus identifier and MAC replaced by their markers. */
static void put_value(struct buf *b, const struct shape *sh, const char *id, const char *s,
		      size_t n)
{
	size_t idl = strlen(id), l;
	int m;

	while (n) {
		if (idl >= 4 && n >= idl && !strncmp(s, id, idl)) {
			putc_(b, M_ID);
			s += idl, n -= idl;
		} else if ((m = mac_at(sh, s, n, &l))) {
			putc_(b, (char)m);
			s += l, n -= l;
		} else {
			putc_(b, *s++);
			n--;
		}
	}
}

struct line {
	const char *name, *val, *eol; /* name (with its colon and blanks), value, line end */
	size_t nlen, vlen, elen;
};

#define MAX_LINES 48

/* The message's lines: start line (name only), then headers; 0 or -1 (not SSDP-shaped). */
static int split(const char *msg, struct line *ln, int *n)
{
	const char *p = msg;

	*n = 0;
	while (*p && *n < MAX_LINES) {
		struct line *l = &ln[(*n)++];
		size_t len = strcspn(p, "\r\n"), c;

		l->eol = p + len;
		l->elen = p[len] == '\r' && p[len + 1] == '\n' ? 2 : p[len] ? 1 : 0;
		if (!len) { /* the blank line ends the block */
			(*n)--;
			return *n >= 2 ? 0 : -1;
		}
		l->name = p;
		c = *n == 1 ? len : strcspn(p, ":");
		if (c >= len && *n > 1)
			return -1;
		for (c = *n == 1 ? len : c + 1; c < len && (p[c] == ' ' || p[c] == '\t'); c++)
			;
		l->nlen = c;
		l->val = p + c;
		l->vlen = len - c;
		p += len + l->elen;
	}
	return -1;
}

static int is(const struct line *l, const char *name)
{
	size_t n = strlen(name);

	return l->nlen > n && !strncasecmp(l->name, name, n) &&
	       (l->name[n] == ':' || l->name[n] == ' ' || l->name[n] == '\t');
}

/* LOCATION's value as a template, and where its description is served. */
static void location_tpl(struct shape *sh, const char *id, const struct line *l, struct buf *b)
{
	const char *v = l->val, *e = l->val + l->vlen, *h, *pe;
	struct buf path = {0};

	h = strstr(v, "://");
	if (!h || h > e) { /* no URL: the host alone, as the message wrote it */
		putc_(b, M_HOST);
		return;
	}
	put(b, "http://", 7); /* the lab serves no TLS: an https LOCATION becomes http */
	putc_(b, M_HOST);
	for (h += 3; h < e && *h != ':' && *h != '/' && *h != '?'; h++)
		;
	sh->port = 80;
	if (h < e && *h == ':') {
		sh->port = (uint16_t)strtoul(h + 1, NULL, 10);
		for (pe = h + 1; pe < e && isdigit((unsigned char)*pe); pe++)
			;
		put(b, h, (size_t)(pe - h));
		h = pe;
	}
	put_value(b, sh, id, h, (size_t)(e - h));
	if (h == e)
		putc_(&path, '/');
	put_value(&path, sh, id, h, (size_t)(e - h));
	if (!sh->path) /* the reply and NOTIFY forms say the same */
		sh->path = xstrdup(path.s);
}

/* The message as a template, in the reply form or the NOTIFY form. */
static int message_tpl(struct shape *sh, const char *id, const char *prefix, int bare,
		       const struct line *ln, int n, int notify, char **out)
{
	int was_notify = !strncmp(ln[0].name, "NOTIFY ", 7), i;
	const char *eol = ln[0].elen == 2 ? "\r\n" : "\n";
	struct buf b = {0};

	put(&b, notify ? "NOTIFY * HTTP/1.1" : "HTTP/1.1 200 OK", notify ? 17 : 15);
	put(&b, eol, strlen(eol));
	if (notify && !was_notify) {
		put(&b, "HOST: 239.255.255.250:1900", 26);
		put(&b, eol, strlen(eol));
	}
	for (i = 1; i < n; i++) {
		const struct line *l = &ln[i];
		int st = is(l, "ST") || is(l, "NT");

		if (!notify && (is(l, "HOST") || is(l, "NTS")))
			continue;
		if (st) { /* ST in a reply, NT in a NOTIFY, in the message's case */
			putc_(&b, (char)((notify ? 'N' : 'S') | (l->name[0] & 0x20)));
			put(&b, l->name + 1, l->nlen - 1);
			putc_(&b, M_TYPE);
		} else if (is(l, "USN")) {
			put(&b, l->name, l->nlen);
			put(&b, prefix, strlen(prefix));
			putc_(&b, M_ID);
			if (!bare)
				putc_(&b, M_SUFFIX);
		} else if (is(l, "LOCATION")) {
			struct buf loc = {0};

			put(&b, l->name, l->nlen);
			location_tpl(sh, id, l, &loc);
			put(&b, loc.s, loc.n);
			if (!notify)
				sh->loc = xstrdup(loc.s);
		} else {
			put(&b, l->name, l->nlen);
			put_value(&b, sh, id, l->val, l->vlen);
		}
		put(&b, l->eol, l->elen);
		if (st && notify && !was_notify) {
			put(&b, "NTS: ssdp:alive", 15);
			put(&b, eol, strlen(eol));
		}
	}
	put(&b, eol, strlen(eol));
	*out = xstrdup(b.s);
	return b.over ? -1 : 0;
}

/* ---- the identifier's recipe */

static int uuid_layout(const char *s)
{
	int i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' : hexval(s[i]) < 0)
			return 0;
	return 1;
}

static void id_recipe(struct shape *sh, const char *id)
{
	struct buf b = {0};
	size_t i, n = strlen(id);
	int fresh = !strcmp(sh->cls, "no-mac") || !strcmp(sh->cls, "mac-candidate");

	sh->uuid_tail = uuid_layout(id);
	if (sh->kind != K_NONE) {
		put_value(&b, sh, "", id, n); /* the MAC's place, the rest as it is */
		sh->uuid_tail = 0;
	} else if (fresh && sh->uuid_tail) {
		/* a fresh UUID of the same version and variant; a candidate keeps its prefix */
		int keep = !strcmp(sh->cls, "mac-candidate") ? 30 : 24;

		for (i = 0; i < n; i++)
			putc_(&b, i == 14 || i == 19 || (i >= 24 && i < (size_t)keep) ||
						  hexval(id[i]) < 0
					  ? id[i]
				  : isupper((unsigned char)id[i]) ? M_RHEX_UP
								  : M_RHEX);
		sh->uuid_tail = keep == 24;
	} else if (!strcmp(sh->cls, "not-uuid")) {
		/* the serial after the stack's constant part ("Socket-1_0-<serial>"): its digits */
		size_t from = n;

		while (from && !strchr("-_.", id[from - 1]))
			from--;
		for (i = 0; i < n; i++)
			putc_(&b, i < from			  ? id[i]
				  : isdigit((unsigned char)id[i]) ? M_RDEC
				  : hexval(id[i]) < 0		  ? id[i]
				  : isupper((unsigned char)id[i]) ? M_RHEX_LETTER_UP
								  : M_RHEX_LETTER);
		sh->uuid_tail = 0;
	} else {
		put(&b, id, n);
		sh->uuid_tail = 0;
	}
	sh->idpat = xstrdup(b.s);
}

/* ---- loading the corpus */

static char *slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (!f)
		return NULL;
	s = malloc(max + 1);
	n = s ? fread(s, 1, max + 1, f) : 0;
	fclose(f);
	if (!s || n > max) {
		free(s);
		errno = EFBIG;
		return NULL;
	}
	s[n] = '\0';
	return s;
}

/* Every prefix registered under the name of mac's block (unicast, globally administered). */
static void vendor_blocks(struct shape *sh, size_t upto)
{
	const struct oui_entry *own = oui_lookup(shape_db, sh->mac);
	const char *name = oui_name(shape_db, own);
	size_t i, cap = 16;

	for (i = 0; i < upto; i++) /* a vendor already seen */
		if (shapes[i].kind == K_VENDOR && shapes[i].nblocks &&
		    !strcmp(oui_name(shape_db, shapes[i].blocks[0]), name)) {
			sh->blocks = shapes[i].blocks;
			sh->nblocks = shapes[i].nblocks;
			return;
		}
	sh->blocks = malloc(cap * sizeof(*sh->blocks));
	for (i = 0; sh->blocks && i <= shape_db->mask; i++) {
		const struct oui_entry *e = &shape_db->slots[i];
		uint64_t p = e->key & ((1ULL << 56) - 1);

		if (!e->key || e->bits < 24 || ((p >> (e->bits - 8)) & 3) ||
		    strcmp(oui_name(shape_db, e), name))
			continue;
		if (sh->nblocks == cap)
			sh->blocks = realloc(sh->blocks, (cap *= 2) * sizeof(*sh->blocks));
		if (sh->blocks)
			sh->blocks[sh->nblocks++] = e;
	}
	if (!sh->blocks) {
		pr_warn("shapes: out of memory\n");
		exit(1);
	}
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned b[6];
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static enum mac_kind mac_kind(const char *vendor, const uint8_t m[6])
{
	static const uint8_t zero[6], ones[6] = {255, 255, 255, 255, 255, 255};

	if (*vendor)
		return oui_lookup(shape_db, m) ? K_VENDOR : K_CONSTANT;
	if (!memcmp(m, zero, 6) || !memcmp(m, ones, 6))
		return K_CONSTANT;
	if (m[0] & 1)
		return K_MULTICAST;
	if (m[0] & 2)
		return K_LOCAL;
	return oui_lookup(shape_db, m) ? K_CONSTANT : K_UNASSIGNED;
}

/* The corpus identifier of a USN value, its "uuid:" as written, and whether a suffix follows. */
static void usn_parts(const struct line *l, char *id, size_t cap, char *prefix, int *suffixed,
		      const char **suffix)
{
	const char *v = l->val;
	size_t n = l->vlen, k;

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	prefix[0] = '\0';
	if (n >= 5 && !strncasecmp(v, "uuid:", 5)) {
		memcpy(prefix, v, 5);
		prefix[5] = '\0';
		v += 5, n -= 5;
	}
	for (k = 0; k + 1 < n && !(v[k] == ':' && v[k + 1] == ':'); k++)
		;
	if (k + 1 >= n)
		k = n;
	*suffixed = k < n;
	*suffix = k < n ? v + k + 2 : "";
	snprintf(id, cap, "%.*s", (int)k, v);
}

/* Field i of a tab-separated row (the row is cut in place). */
static int fields(char *row, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = row;
		row = strchr(row, '\t');
		if (!row)
			break;
		*row++ = '\0';
	}
	return n;
}

/* Does the shape's MAC appear in s, in a form mac_at() knows? */
static int mac_in(const struct shape *sh, const char *s)
{
	size_t n = strlen(s), l;

	for (; n; s++, n--)
		if (mac_at(sh, s, n, &l))
			return 1;
	return 0;
}

/* One index row (file, source, device, family, known, reconstructed, class, mac, vendor,
 * confidence, ...) into a shape; NULL, or the reason to leave it out. */
static const char *make_shape(struct shape *sh, const char *dir, char **f, size_t idx)
{
	char path[512], id[192], prefix[8], *msg;
	const char *why = NULL, *type;
	size_t ntype;
	struct line ln[MAX_LINES];
	int n, i, suffixed, bare, usn = -1, st = -1;
	const unsigned char *p;
	struct buf t = {0};

	snprintf(path, sizeof(path), "%s/%s", dir, f[0]);
	if (!(msg = slurp(path, TPL_MAX / 2)))
		return strerror(errno);
	for (p = (const unsigned char *)msg; *p && !why; p++)
		if (*p < 0x20 && *p != '\r' && *p != '\n' && *p != '\t')
			why = "a control byte in the message";
	if (!why && split(msg, ln, &n))
		why = "not a start line and headers";
	for (i = 1; !why && i < n; i++) {
		if (is(&ln[i], "USN"))
			usn = i;
		if (is(&ln[i], "ST") || is(&ln[i], "NT"))
			st = i;
	}
	if (!why && usn < 0)
		why = "no USN";
	if (why)
		goto out;
	usn_parts(&ln[usn], id, sizeof(id), prefix, &suffixed, &type);
	if (st >= 0)
		type = ln[st].val, ntype = ln[st].vlen;
	else /* a reply without ST: its USN's suffix says the type */
		ntype = strcspn(type, "\r\n");
	/* "uuid:X" alone with a type of its own: the form UDA gives, "::type" for the others */
	bare = !suffixed && strncasecmp(type, "uuid:", 5);
	sh->file = xstrdup(f[0]);
	sh->device = xstrdup(f[2]);
	sh->family = xstrdup(f[3]);
	sh->cls = xstrdup(f[6]);
	sh->conf = xstrdup(f[9]);
	sh->cid = xstrdup(id);
	sh->prefix_len = (int)strlen(prefix);
	if (f[7][0]) {
		if (parse_mac(f[7], sh->mac)) {
			why = "the index's MAC does not parse";
			goto out;
		}
		sh->kind = mac_kind(f[8], sh->mac);
		if (sh->kind == K_VENDOR)
			vendor_blocks(sh, idx);
		if (!mac_in(sh, id)) {
			why = "the index's MAC is not in the identifier";
			goto out;
		}
	}
	if (sscanf(f[3], "%31s", sh->brand) != 1 || !isupper((unsigned char)sh->brand[0]))
		snprintf(sh->brand, sizeof(sh->brand), "Unknown");
	id_recipe(sh, id);
	if (message_tpl(sh, id, prefix, bare, ln, n, 0, &sh->reply) ||
	    message_tpl(sh, id, prefix, bare, ln, n, 1, &sh->notify)) {
		why = "too long";
		goto out;
	}
	put_value(&t, sh, id, type, ntype);
	sh->types[sh->ntypes++] = xstrdup("upnp:rootdevice");
	if (strcmp(t.s, "upnp:rootdevice"))
		sh->types[sh->ntypes++] = xstrdup(t.s);
out:
	free(msg);
	return why;
}

/* A family's messages with the same identifier are one device's: each answers with all their
 * types. */
static void merge_types(void)
{
	size_t i, j;
	int k, m;

	for (i = 0; i < nshapes; i++)
		for (j = 0; j < nshapes; j++) {
			struct shape *a = &shapes[i], *b = &shapes[j];

			if (i == j || a->bad || b->bad || strcmp(a->family, b->family) ||
			    strcmp(a->cid, b->cid))
				continue;
			for (k = 0; k < b->ntypes && a->ntypes < MAX_TYPES; k++) {
				for (m = 0; m < a->ntypes && strcmp(a->types[m], b->types[k]); m++)
					;
				if (m == a->ntypes)
					a->types[a->ntypes++] = xstrdup(b->types[k]);
			}
		}
}

/* A header's value in a rendered message, at most max bytes (as the kernel's event keeps it). */
static size_t header(const char *msg, const char *name, size_t max, const char **v)
{
	struct line ln[MAX_LINES];
	int n, i;

	*v = "";
	if (split(msg, ln, &n))
		return 0;
	for (i = 1; i < n; i++)
		if (is(&ln[i], name)) {
			*v = ln[i].val;
			return ln[i].vlen < max ? ln[i].vlen : max;
		}
	return 0;
}

/*
 * Bits of the identifier that differ from device to device within the first SSDP_SNIP_LEN bytes
 * of the USN: what the classifier keeps of a USN, and a device is its USN. A MAC of a vendor's
 * block counts whole (drawn one to one from the device's number).
 */
static double usn_bits(const struct shape *sh)
{
	double bits = 0;
	int pos = sh->prefix_len;
	const char *p;

	for (p = sh->idpat; *p && pos < SSDP_SNIP_LEN; p++, pos++) {
		unsigned char c = (unsigned char)*p;

		if (c == M_RDEC)
			bits += 3.32;
		else if (c == M_RHEX || c == M_RHEX_UP)
			bits += 4;
		else if (c == M_RHEX_LETTER || c == M_RHEX_LETTER_UP)
			bits += 2.58;
		else if (c >= M_MAC && c < M_MAC + 16) {
			bits += sh->kind == K_CONSTANT ? 0 : 48;
			pos += (c & 3) ? 16 : 11;
		}
	}
	return bits;
}

/* Does the decoder say of a device of this shape what the index says? NULL, or what differs. */
static const char *check(const struct shape *sh, char *why, size_t cap)
{
	static char msg[TPL_MAX], hint[512];
	const char *srv, *st, *loc, *usn;
	size_t ns, nt, nl, nu;
	struct sim_ident d;
	struct usn_info u;
	struct sim_expect e;
	int s, i;

	if (usn_bits(sh) < 30) {
		snprintf(why, cap,
			 "its USN's first %d bytes (what a record keeps) vary by %.0f bits from "
			 "device to device: too few to tell devices apart",
			 SSDP_SNIP_LEN, usn_bits(sh));
		return why;
	}
	for (s = 0; s < 4; s++) {
		draw_shape(sh, sim_mix(0x5ee0 + (uint64_t)s), (uint64_t)s, &d);
		shapes_expect(&d, &e);
		for (i = 0; i < sh->ntypes; i++) {
			if (!shapes_render(&d, 0xc6120001, i, 0, msg, sizeof(msg)))
				return "too long";
			ns = header(msg, "SERVER", SSDP_SNIP_LEN, &srv);
			nt = header(msg, "ST", SSDP_SNIP_LEN, &st);
			nl = header(msg, "LOCATION", SSDP_LOC_LEN, &loc);
			nu = header(msg, "USN", SSDP_SNIP_LEN, &usn);
			snprintf(hint, sizeof(hint), "%.*s %.*s %.*s %.*s", (int)ns, srv, (int)nt,
				 st, (int)nl, loc, (int)nu, usn);
			usn_classify_hint(usn, nu, hint, strlen(hint), shape_db, 1800000000, &u);
			if (strcmp(usn_class_name(u.cls), e.cls) || u.vendor != e.vendor ||
			    (e.vendor && strcmp(usn_confidence_name(u.conf), e.confidence)) ||
			    u.has_mac != d.has_mac || (d.has_mac && memcmp(u.mac, d.mac, 6))) {
				snprintf(why, cap, "as %.*s decode says %s%s%s, the index %s",
					 (int)nu, usn, usn_class_name(u.cls), u.vendor ? " " : "",
					 u.vendor ? oui_name(shape_db, u.vendor) : "", e.cls);
				return why;
			}
		}
	}
	return NULL;
}

static int by_family(const void *a, const void *b)
{
	const struct shape *x = a, *y = b;
	int c = strcmp(x->family, y->family);

	return c ? c : strcmp(x->file, y->file);
}

int shapes_load(const char *dir, const struct oui_db *db, uint64_t seed, FILE *why_out)
{
	char path[512], row[4096], why[256], *f[12];
	FILE *in;
	size_t i, cap = 0, kept;
	int no = 0;

	shape_db = db;
	shape_seed = seed;
	snprintf(path, sizeof(path), "%s/index.tsv", dir);
	if (!(in = fopen(path, "r"))) {
		pr_warn("--corpus %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(row, sizeof(row), in)) {
		const char *bad;

		no++;
		row[strcspn(row, "\r\n")] = '\0';
		if (row[0] == '#' || !row[0] || !strncmp(row, "file\t", 5))
			continue;
		if (fields(row, f, 12) < 11) {
			pr_warn("%s:%d: fewer than 11 tab-separated fields\n", path, no);
			fclose(in);
			return -1;
		}
		if (nshapes == cap) {
			cap = cap ? 2 * cap : 256;
			shapes = realloc(shapes, cap * sizeof(*shapes));
			if (!shapes) {
				pr_warn("shapes: out of memory\n");
				exit(1);
			}
		}
		memset(&shapes[nshapes], 0, sizeof(*shapes));
		if ((bad = make_shape(&shapes[nshapes], dir, f, nshapes))) {
			shapes[nshapes].bad = bad;
			if (why_out)
				fprintf(why_out, "# left out: %s:%d: %s: %s\n", path, no, f[0],
					bad);
		}
		nshapes++;
	}
	fclose(in);
	merge_types();
	/* the shapes kept first; the others stay behind them (their memory still held) */
	for (i = kept = 0; i < nshapes; i++) {
		const char *bad =
			shapes[i].bad ? shapes[i].bad : check(&shapes[i], why, sizeof(why));

		if (bad && !shapes[i].bad && why_out)
			fprintf(why_out, "# left out: %s: %s\n", shapes[i].file, bad);
		if (!bad) {
			struct shape t = shapes[kept];

			shapes[kept++] = shapes[i];
			shapes[i] = t;
		}
	}
	nshapes = kept;
	/* families: runs of the shapes sorted by family */
	qsort(shapes, nshapes, sizeof(*shapes), by_family);
	fams = calloc(nshapes + 1, sizeof(*fams));
	for (i = 0; fams && i < nshapes; i++) {
		if (!i || strcmp(shapes[i].family, shapes[i - 1].family))
			fams[nfams++].first = i;
		fams[nfams - 1].n++;
	}
	if (!nfams) {
		pr_warn("--corpus %s: no message the lab can reproduce\n", dir);
		return -1;
	}
	return 0;
}

void shapes_dump(FILE *f)
{
	size_t i;

	fprintf(f, "# family\tfile\tweight\tclass\tvendor\tprefixes\n");
	for (i = 0; i < nfams; i++)
		for (size_t j = fams[i].first; j < fams[i].first + fams[i].n; j++) {
			const struct shape *sh = &shapes[j];

			fprintf(f, "%s\t%s\t%.4f\t%s\t%s\t%zu\n", sh->family, sh->file,
				1.0 / (double)nfams / (double)fams[i].n, sh->cls,
				sh->kind == K_VENDOR ? oui_name(shape_db, sh->blocks[0]) : "-",
				sh->kind == K_VENDOR ? sh->nblocks : 0);
		}
}
