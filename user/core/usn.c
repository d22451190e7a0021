// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE /* strcasestr */
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <ctype.h>
#include "usn.h"
#include "uuid.h"

#define USN_NAME_(e, s) [USN_##e] = s,
static const char *const class_names[] = {USN_CLASSES(USN_NAME_)};
#undef USN_NAME_

const char *usn_class_name(enum usn_class c)
{
	return c < USN_CLASS_N ? class_names[c] : "?";
}

const char *usn_time_note_name(enum usn_time_note n)
{
	static const char *const names[] = {"plausible", "no-clock", "placeholder", "random"};

	return names[n & 3];
}

void mac_format(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The tables of user/core/conventions.tsv (build/conventions.h, made by scripts/conventions.awk).
 */
struct convention {
	const char *
		pattern; /* over the identifier: literals, {mac} {mac:} {mac_} {mac-} {hex} {any} */
	const char *name;
	const char *evidence;
};
struct vendor_token {
	const char *vendor; /* part of the registry's name */
	const char *word;   /* a message word starting with it names that vendor */
	const char *evidence;
};
struct shared_constant {
	const char *uuid;
	const char *rule;
	const char *evidence;
};
#include "conventions.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bool hex12(const char *s, uint8_t mac[6])
{
	int i;

	for (i = 0; i < 12; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return false;
		if (i & 1)
			mac[i / 2] |= d;
		else
			mac[i / 2] = d << 4;
	}
	return true;
}

/* The identifier: from after "uuid:" to the first "::" (USN suffix) or the end. */
static size_t id_len(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == ':' && s[i + 1] == ':')
			return i;
	return len;
}

/* Six hex pairs with sep between them (17 characters). */
static bool hex_pairs(const char *s, char sep, uint8_t mac[6])
{
	char flat[12];
	int i;

	for (i = 0; i < 6; i++) {
		if (i && s[3 * i - 1] != sep)
			return false;
		flat[2 * i] = s[3 * i];
		flat[2 * i + 1] = s[3 * i + 1];
	}
	return hex12(flat, mac);
}

/* Does pattern p match all of s[0..n), any case? A {mac...} token's digits go to mac. */
static bool conv_match(const char *p, const char *s, size_t n, uint8_t mac[6])
{
	size_t i;

	while (*p) {
		if (*p != '{') {
			if (!n || tolower((unsigned char)*p) != tolower((unsigned char)*s))
				return false;
			p++, s++, n--;
		} else if (!strncmp(p, "{any}", 5)) {
			for (i = 0; i <= n; i++)
				if (conv_match(p + 5, s + i, n - i, mac))
					return true;
			return false;
		} else if (!strncmp(p, "{hex}", 5)) {
			if (!n || !isxdigit((unsigned char)*s))
				return false;
			p += 5, s++, n--;
		} else if (!strncmp(p, "{mac}", 5)) {
			if (n < 12 || !hex12(s, mac))
				return false;
			p += 5, s += 12, n -= 12;
		} else { /* {mac:} {mac_} {mac-}: the build admits no other token */
			if (n < 17 || !hex_pairs(s, p[4], mac))
				return false;
			p += 6, s += 17, n -= 17;
		}
	}
	return n == 0;
}

static bool match_embedded(const char *id, size_t len, struct usn_info *o)
{
	size_t i;

	for (i = 0; i < N_OF(conventions); i++) {
		if (!conv_match(conventions[i].pattern, id, len, o->mac))
			continue;
		o->rule = conventions[i].name;
		return true;
	}
	return false;
}

#define N_CONSTANTS N_OF(shared_constants)

/* The table's constant whose bytes off .. off+len are u's (NULL: none): a whole UUID, or its
 * node (an SDK sample's MAC). */
static const char *match_constant(const uint8_t *u, size_t off, size_t len)
{
	static uint8_t bin[N_CONSTANTS][16];
	static bool ready;
	const char *why;
	size_t i;

	if (!ready) { /* the table in bytes, once (the consumer is single-threaded) */
		for (i = 0; i < N_CONSTANTS; i++)
			uuid_parse(shared_constants[i].uuid, 36, bin[i], &why);
		ready = true;
	}
	for (i = 0; i < N_CONSTANTS; i++)
		if (!memcmp(u, bin[i] + off, len))
			return shared_constants[i].rule;
	return NULL;
}

/* Few distinct digits in the time fields: a value someone typed, not a clock or a hash. */
static bool patterned(const uint8_t u[16])
{
	unsigned seen = 0, n = 0;
	int i;

	for (i = 0; i < 8; i++) {
		seen |= 1u << (u[i] >> 4);
		seen |= 1u << (u[i] & 0xf);
	}
	for (; seen; seen &= seen - 1)
		n++;
	return n <= 8; /* 16 random hex digits show about 10 distinct ones */
}

static enum usn_time_note time_note(const uint8_t u[16], uint64_t t100, int64_t now)
{
	int64_t t = uuid_time_unix(t100);

	if (t > -366 * 86400 && t < 366 * 86400)
		return TIME_NO_CLOCK;
	if (t >= 631152000 /* 1990-01-01 */ && t <= now + 86400)
		return TIME_PLAUSIBLE;
	return patterned(u) ? TIME_PLACEHOLDER : TIME_RANDOM;
}

static bool mac_zero(const uint8_t mac[6])
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/*
 * The one check every MAC a USN yields goes through: a version 1 node, a table convention's MAC
 * and a UUID's trailing digits alike. A trap is all zero (a placeholder: no MAC at all), the
 * multicast bit (a random v1 node, RFC 4122 section 4.5; all ones is broadcast), the locally
 * administered bit, the node of a sample UUID of the constant table (an SDK's MAC copied into
 * products) or a prefix no registry holds: its class, why, and for an SDK node the constant's
 * name in *rule. USN_CLASS_N when the MAC is real; *vendor is then its registered vendor.
 */
static enum usn_class mac_trap(const struct oui_db *db, const uint8_t mac[6],
			       const struct oui_entry **vendor, const char **why, const char **rule)
{
	const char *sdk;

	*vendor = NULL;
	if (mac_zero(mac)) {
		*why = "all zero: a placeholder, no device's MAC";
		return USN_V1_UNASSIGNED;
	}
	if (mac[0] & 0x01) {
		*why = "multicast bit set: no device's MAC (a random node, RFC 4122 section 4.5; "
		       "all ones is broadcast)";
		return USN_V1_RANDOM;
	}
	if (mac[0] & 0x02) {
		*why = "locally administered address: no vendor can be named";
		return USN_V1_LOCAL;
	}
	if ((sdk = match_constant(mac, 10, 6))) {
		*rule = sdk;
		*why = "an SDK sample UUID's node, copied into many products: it identifies no "
		       "device";
		return USN_SHARED_CONSTANT;
	}
	*vendor = db ? oui_lookup(db, mac) : NULL;
	if (!*vendor) {
		*why = "no IEEE registry holds this prefix";
		return USN_V1_UNASSIGNED;
	}
	return USN_CLASS_N;
}

/* o->mac, found as cls says (v1 node or convention): the trap it falls into, or cls with its
 * vendor at confidence conf, named: why. */
static void classify_mac(const struct oui_db *db, struct usn_info *o, enum usn_class cls,
			 enum usn_confidence conf, const char *named)
{
	o->cls = mac_trap(db, o->mac, &o->vendor, &o->why, &o->rule);
	/* a placeholder (all zero, an SDK's node) is no device's MAC: shown, it would be taken for
	 * one and join unrelated devices into one record */
	o->has_mac = !mac_zero(o->mac) && o->cls != USN_SHARED_CONSTANT;
	if (o->cls != USN_CLASS_N)
		return;
	o->cls = cls;
	o->conf = conf;
	o->why = named;
}

/*
 * Corroboration: a word of the message's own text (SERVER, ST/NT, LOCATION, USN) that names the
 * registered vendor of the trailing digits' prefix: a significant word of the registry's name,
 * or a table word for an alias or ODM (conventions.tsv "token" rows). Words compare lower-case,
 * hyphens dropped ("D-Link" is "dlink"), a message word matching when it starts with the word.
 */
static const char *const generic_words[] = {
	"technology",	  "technologies", "electronics",   "electronic",    "communication",
	"communications", "corporation",  "company",	   "international", "industrial",
	"industries",	  "industry",	  "limited",	   "systems",	    "system",
	"network",	  "networks",	  "computer",	   "digital",	    "science",
	"group",	  "holdings",	  "products",	   "solutions",	    "global",
	"trading",	  "devices",	  "device",	   "services",	    "broadband",
	"wireless",	  "mobile",	  "media",	   "multimedia",    "video",
	"audio",	  "home",	  "smart",	   "shenzhen",	    "hangzhou",
	"guangzhou",	  "beijing",	  "shanghai",	   "dongguan",	    "zhejiang",
	"xiamen",	  "suzhou",	  "ningbo",	   "fujian",	    "jiangsu",
	"huizhou",	  "chongqing",	  "taiwan",	   "china",	    "japan",
	"korea",	  "gmbh",	  "corp",	   "intl",	    "telecom",
	"semiconductor",  "precision",	  "manufacturing", "enterprise",    "enterprises",
};

/* s lower-cased, '-' dropped, anything else not a letter or digit a blank; at most cap-1. */
static size_t norm_words(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '-')
			continue;
		out[o++] = isalnum(c) ? (char)tolower(c) : ' ';
	}
	out[o] = '\0';
	return o;
}

/* Does a word of text (normalised) start with w (w_len bytes)? A word of hex digits alone (a
 * UUID group, an address) never does: "cafe" is no vendor in "cafe1234". */
static bool has_word(const char *text, const char *w, size_t w_len)
{
	const char *p;
	size_t n;

	for (p = text; *p; p += n) {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n >= w_len && !strncmp(p, w, w_len) && strspn(p, "0123456789abcdef") < n)
			return true;
		if (!n)
			break;
	}
	return false;
}

static bool generic(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < N_OF(generic_words); i++)
		if (strlen(generic_words[i]) == n && !strncmp(generic_words[i], w, n))
			return true;
	return false;
}

/* The word of hint that names vendor (NULL: none). word: where to put it (at least 64 bytes). */
static const char *corroborate(const char *vendor, const char *hint, size_t hint_len, char *word)
{
	char text[512], name[128], tok[64];
	size_t i, n, start;

	norm_words(hint, hint_len, text, sizeof(text));
	for (i = 0; i < N_OF(vendor_tokens); i++) {
		if (!strcasestr(vendor, vendor_tokens[i].vendor))
			continue;
		n = norm_words(vendor_tokens[i].word, strlen(vendor_tokens[i].word), tok,
			       sizeof(tok));
		if (n && has_word(text, tok, n)) {
			snprintf(word, 64, "%s", vendor_tokens[i].word);
			return word;
		}
	}
	n = norm_words(vendor, strlen(vendor), name, sizeof(name));
	for (i = 0; i < n; i = start + 1) {
		while (i < n && name[i] == ' ')
			i++;
		for (start = i; start < n && name[start] != ' '; start++)
			;
		if (start - i >= 4 && !generic(name + i, start - i) &&
		    has_word(text, name + i, start - i)) {
			snprintf(word, 64, "%.*s", (int)(start - i), name + i);
			return word;
		}
	}
	return NULL;
}

const char *usn_names_vendor(const char *vendor, const char *text, char word[64])
{
	return vendor && text ? corroborate(vendor, text, strlen(text), word) : NULL;
}

/* A UUID that is no v1 and matches no convention, whose last 12 digits fall under a registered
 * prefix: named only when the message itself names that vendor. */
static void trailing_mac(const uint8_t uuid[16], const struct oui_db *db, const char *hint,
			 size_t hint_len, struct usn_info *o)
{
	const struct oui_entry *v;
	const char *why, *rule = NULL;

	/* the same traps as any MAC; trailing digits that fall into one were never a MAC */
	if (mac_trap(db, uuid + 10, &v, &why, &rule) != USN_CLASS_N)
		return;
	if (hint && corroborate(oui_name(db, v), hint, hint_len, o->word)) {
		o->cls = USN_EMBEDDED_MAC;
		o->conf = USN_CONF_CORROBORATED;
		o->has_mac = true;
		memcpy(o->mac, uuid + 10, 6);
		o->vendor = v;
		o->rule = o->word;
		o->why = "the UUID ends in a MAC whose registered vendor the message itself names";
		return;
	}
	o->cls = USN_MAC_CANDIDATE;
	o->why = "the UUID ends in 12 digits under a registered prefix, but nothing in the message "
		 "names that vendor: not named";
}

static void classify_uuid(const uint8_t uuid[16], const char *hint, size_t hint_len,
			  const struct oui_db *db, int64_t now, struct usn_info *o)
{
	char text[37];

	memset(o, 0, sizeof(*o));
	o->has_uuid = true;
	memcpy(o->uuid, uuid, 16);
	o->version = uuid_version(uuid);
	o->variant = uuid_variant(uuid);
	if ((o->rule = match_constant(uuid, 0, 16))) {
		o->cls = USN_SHARED_CONSTANT;
		o->why = "a constant copied into many products: it identifies no device";
		return;
	}
	if (o->version == 1 && o->variant == UUID_VAR_RFC) {
		o->has_time = true;
		o->time100 = uuid_v1_time(uuid);
		o->clock_seq = uuid_v1_clock_seq(uuid);
		o->time_note = time_note(uuid, o->time100, now);
		memcpy(o->mac, uuid + 10, 6);
		classify_mac(db, o, USN_V1_MAC, USN_CONF_HIGH,
			     "version 1 UUID: the node is the device MAC");
		return;
	}
	uuid_format(uuid, text);
	if (match_embedded(text, 36, o)) {
		classify_mac(db, o, USN_EMBEDDED_MAC, USN_CONF_MEDIUM,
			     "not version 1, but this stack puts the device MAC at its end");
		return;
	}
	o->cls = USN_NO_MAC;
	o->why = o->variant != UUID_VAR_RFC ? "not an RFC 4122 variant UUID: no MAC in it"
					    : "not version 1: no MAC in it";
	trailing_mac(uuid, db, hint, hint_len, o);
}

void usn_classify_uuid(const uint8_t uuid[16], const struct oui_db *db, int64_t now,
		       struct usn_info *o)
{
	classify_uuid(uuid, NULL, 0, db, now, o);
}

void usn_classify_hint(const char *val, size_t len, const char *hint, size_t hint_len,
		       const struct oui_db *db, int64_t now, struct usn_info *o)
{
	const char *why;
	uint8_t u[16];
	size_t n;

	while (len && (*val == ' ' || *val == '\t')) {
		val++;
		len--;
	}
	while (len && (val[len - 1] == ' ' || val[len - 1] == '\t' || val[len - 1] == '\r'))
		len--;
	if (len >= 5 && !strncasecmp(val, "uuid:", 5)) {
		val += 5;
		len -= 5;
	}
	n = id_len(val, len);
	if (!uuid_parse(val, n, u, &why)) {
		classify_uuid(u, hint, hint_len, db, now, o);
		return;
	}
	memset(o, 0, sizeof(*o));
	if (match_embedded(val, n, o)) {
		classify_mac(db, o, USN_EMBEDDED_MAC, USN_CONF_MEDIUM,
			     "not a UUID, but this stack puts the device MAC at its end");
		return;
	}
	o->cls = USN_NOT_UUID;
	o->why = why;
}

void usn_classify(const char *val, size_t len, const struct oui_db *db, int64_t now,
		  struct usn_info *o)
{
	usn_classify_hint(val, len, NULL, 0, db, now, o);
}

/* The event's own words: SERVER, ST/NT, LOCATION and the USN, blank-separated. */
static size_t event_hint(const struct ssdp_event *ev, char *out, size_t cap)
{
	return (size_t)snprintf(out, cap, "%.*s %.*s %.*s %.*s",
				ev->server_len < SSDP_SNIP_LEN ? ev->server_len : SSDP_SNIP_LEN,
				ev->server, ev->st_len < SSDP_SNIP_LEN ? ev->st_len : SSDP_SNIP_LEN,
				ev->st, ev->loc_len < SSDP_LOC_LEN ? ev->loc_len : SSDP_LOC_LEN,
				ev->location,
				ev->usn_len < SSDP_SNIP_LEN ? ev->usn_len : SSDP_SNIP_LEN, ev->usn);
}

void usn_classify_event(const struct ssdp_event *ev, const struct oui_db *db, int64_t now,
			struct usn_info *o)
{
	char hint[4 * SSDP_SNIP_LEN + SSDP_LOC_LEN];
	size_t n = event_hint(ev, hint, sizeof(hint));

	if (n >= sizeof(hint))
		n = sizeof(hint) - 1;
	if (ev->flags & SSDP_EV_UUID)
		classify_uuid(ev->uuid, hint, n, db, now, o);
	else
		usn_classify_hint(ev->usn, ev->usn_len, hint, n, db, now, o);
}

const char *usn_confidence_name(enum usn_confidence c)
{
	static const char *const names[] = {"", "high", "medium", "corroborated"};

	return c < N_OF(names) ? names[c] : "";
}
