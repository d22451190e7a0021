/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What a USN value reveals: one class per value, a MAC and vendor only where they are real. */
#ifndef SSDPMAC_USN_H
#define SSDPMAC_USN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "oui.h"
#include "ssdpmac.h"

/* How believable a version-1 time is. */
enum usn_time_note {
	TIME_PLAUSIBLE,	  /* 1990 .. tomorrow */
	TIME_NO_CLOCK,	  /* within a year of 1970: a device that never set its clock */
	TIME_PLACEHOLDER, /* out of range and patterned: a fixed vendor prefix before a real MAC */
	TIME_RANDOM,	  /* out of range and random-looking: maybe hash-derived, not a real v1 */
};

/* How sure a named vendor is (none when no vendor is named). */
enum usn_confidence {
	USN_CONF_NONE,
	USN_CONF_HIGH,	       /* version 1 UUID: the node is the MAC */
	USN_CONF_MEDIUM,       /* a convention of the table (user/core/conventions.tsv) */
	USN_CONF_CORROBORATED, /* trailing digits whose vendor the message itself names */
	USN_CONF_N
};

struct usn_info {
	enum usn_class cls;
	bool has_uuid;
	uint8_t uuid[16];
	int version;
	int variant; /* enum uuid_variant */
	bool has_time;
	uint64_t time100;
	unsigned clock_seq;
	enum usn_time_note time_note;
	bool has_mac;
	uint8_t mac[6];
	const struct oui_entry *vendor; /* set for v1-mac and embedded-mac with a known prefix */
	enum usn_confidence conf;
	const char *rule; /* the table row that matched (embedded / shared constant), or word */
	char word[64];	  /* the corroborating word (rule points here then) */
	const char *why;  /* one sentence: why this class */
};

const char *usn_class_name(enum usn_class c);
const char *usn_time_note_name(enum usn_time_note n);
/* Classify a USN header value (or a bare UUID). now: wall-clock seconds, for the time range. */
void usn_classify(const char *val, size_t len, const struct oui_db *db, int64_t now,
		  struct usn_info *out);
/* The same, with the message's other text (SERVER, ST, LOCATION) to corroborate trailing digits. */
void usn_classify_hint(const char *val, size_t len, const char *hint, size_t hint_len,
		       const struct oui_db *db, int64_t now, struct usn_info *out);
const char *usn_confidence_name(enum usn_confidence c);
/* The same, from a kernel event that already holds the 16 parsed UUID bytes. */
void usn_classify_uuid(const uint8_t uuid[16], const struct oui_db *db, int64_t now,
		       struct usn_info *out);
/* What a kernel event's USN reveals: its UUID bytes when the kernel parsed one, else its text. */
void usn_classify_event(const struct ssdp_event *ev, const struct oui_db *db, int64_t now,
			struct usn_info *out);
/* Does text name the registered vendor (corroboration's test: a significant word of its name, or
 * an alias or ODM word of the table)? The word, copied into word (64 bytes), or NULL. */
const char *usn_names_vendor(const char *vendor, const char *text, char word[64]);
void mac_format(const uint8_t mac[6], char out[18]);

#endif
