// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <string.h>
#include <strings.h>
#include <stdio.h>
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

/*
 * UUIDs copied into many products from SDK samples and specs: they identify no device, and the
 * MAC some of them carry belongs to the sample's author. Extend freely.
 */
static const struct {
	const char *uuid;
	const char *rule;
} shared_constants[] = {
	{"00000000-0000-0000-0000-000000000000", "nil UUID"},
	{"ffffffff-ffff-ffff-ffff-ffffffffffff", "max UUID"},
	{"fc4ec57e-b051-11db-88f8-0060085db3f6", "miniupnpd sample configuration (a 3Com node)"},
	{"2fac1234-31f8-11b4-a222-08002b34c003", "UPnP Device Architecture example (a DEC node)"},
	{"75802409-bccb-40e7-8e6c-fa095ecce13e", "Intel UPnP SDK constant"},
};

/*
 * Identifiers that are no version-1 UUID yet end in the device MAC by a stack's own convention.
 * prefix: what the identifier (after "uuid:") starts with, any case; the MAC follows it at once
 * (mac_at_end = 0), or is the identifier's last 12 characters after a '-' (mac_at_end = 1).
 */
static const struct {
	const char *prefix;
	bool mac_at_end;
	const char *rule;
} embedded_rules[] = {
	/* libupnp-based router firmware (Linux IGD, Broadcom and Realtek SDKs):
	 * uuid:upnp-InternetGatewayDevice-1_0-<mac>, upnp-WANDevice-1_0-<mac>, ... */
	{"upnp-", true, "upnp-<device>-1_0-<MAC> (libupnp router firmware)"},
	/* Realtek SDK routers: a fixed "version 2" prefix, then the MAC */
	{"63041253-1019-2006-1228-", false, "63041253-1019-2006-1228-<MAC> (Realtek SDK)"},
	/* Sonos players: RINCON_<MAC><port> */
	{"RINCON_", false, "RINCON_<MAC> (Sonos)"},
};

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

static bool match_embedded(const char *id, size_t len, struct usn_info *o)
{
	size_t i;

	for (i = 0; i < sizeof(embedded_rules) / sizeof(embedded_rules[0]); i++) {
		size_t pl = strlen(embedded_rules[i].prefix);

		if (len < pl + 12 || strncasecmp(id, embedded_rules[i].prefix, pl))
			continue;
		if (embedded_rules[i].mac_at_end) {
			if (id[len - 13] != '-' || !hex12(id + len - 12, o->mac))
				continue;
		} else if (!hex12(id + pl, o->mac)) {
			continue;
		}
		o->has_mac = true;
		o->rule = embedded_rules[i].rule;
		return true;
	}
	return false;
}

#define N_CONSTANTS (sizeof(shared_constants) / sizeof(shared_constants[0]))

static const char *match_constant(const uint8_t u[16])
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
		if (!memcmp(u, bin[i], 16))
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

static void classify_mac(const struct oui_db *db, struct usn_info *o, enum usn_class ok)
{
	if (o->mac[0] & 0x01) {
		o->cls = USN_V1_RANDOM;
		o->why = "multicast bit set: a random node, not a MAC (RFC 4122 section 4.5)";
		return;
	}
	if (o->mac[0] & 0x02) {
		o->cls = USN_V1_LOCAL;
		o->why = "locally administered address: no vendor can be named";
		return;
	}
	o->vendor = db ? oui_lookup(db, o->mac) : NULL;
	if (!o->vendor) {
		o->cls = USN_V1_UNASSIGNED;
		o->why = "no IEEE registry holds this prefix";
		return;
	}
	o->cls = ok;
	o->why = ok == USN_V1_MAC
			 ? "version 1 UUID: the node is the device MAC"
			 : "the identifier ends in the device MAC by this stack's convention";
}

void usn_classify_uuid(const uint8_t uuid[16], const struct oui_db *db, int64_t now,
		       struct usn_info *o)
{
	char text[37];

	memset(o, 0, sizeof(*o));
	o->has_uuid = true;
	memcpy(o->uuid, uuid, 16);
	o->version = uuid_version(uuid);
	o->variant = uuid_variant(uuid);
	if ((o->rule = match_constant(uuid))) {
		o->cls = USN_SHARED_CONSTANT;
		o->why = "a constant copied into many products: it identifies no device";
		return;
	}
	if (o->version == 1 && o->variant == UUID_VAR_RFC) {
		o->has_time = true;
		o->time100 = uuid_v1_time(uuid);
		o->clock_seq = uuid_v1_clock_seq(uuid);
		o->time_note = time_note(uuid, o->time100, now);
		o->has_mac = true;
		memcpy(o->mac, uuid + 10, 6);
		classify_mac(db, o, USN_V1_MAC);
		return;
	}
	uuid_format(uuid, text);
	if (match_embedded(text, 36, o)) {
		o->cls = USN_EMBEDDED_MAC;
		o->vendor = db ? oui_lookup(db, o->mac) : NULL;
		o->why = o->vendor ? "not version 1, but this stack puts the device MAC at its end"
				   : "this stack puts a MAC at the end, but no registry holds its "
				     "prefix";
		return;
	}
	o->cls = USN_NO_MAC;
	o->why = o->variant != UUID_VAR_RFC ? "not an RFC 4122 variant UUID: no MAC in it"
					    : "not version 1: no MAC in it";
}

void usn_classify(const char *val, size_t len, const struct oui_db *db, int64_t now,
		  struct usn_info *o)
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
		usn_classify_uuid(u, db, now, o);
		return;
	}
	memset(o, 0, sizeof(*o));
	if (match_embedded(val, n, o)) {
		o->cls = USN_EMBEDDED_MAC;
		o->vendor = db ? oui_lookup(db, o->mac) : NULL;
		o->why = o->vendor ? "not a UUID, but this stack puts the device MAC at its end"
				   : "this stack puts a MAC at the end, but no registry holds its "
				     "prefix";
		return;
	}
	o->cls = USN_NOT_UUID;
	o->why = why;
}

void usn_classify_event(const struct ssdp_event *ev, const struct oui_db *db, int64_t now,
			struct usn_info *o)
{
	if (ev->flags & SSDP_EV_UUID)
		usn_classify_uuid(ev->uuid, db, now, o);
	else
		usn_classify(ev->usn, ev->usn_len, db, now, o);
}
