/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Records as JSON (json-c, so hostile header text is escaped right) and as readable text. */
#ifndef SSDPMAC_RECORD_H
#define SSDPMAC_RECORD_H

#include <json-c/json.h>
#include <stdio.h>
#include "ssdpmac.h"
#include "usn.h"

/* Add what a USN reveals to obj: class, uuid, version, time, mac, vendor, why. */
void record_add_usn(json_object *obj, const struct usn_info *u, const struct oui_db *db);
/* Add what the kernel event carries: addresses, ports, kind, usn, server, st. */
void record_add_event(json_object *obj, const struct ssdp_event *ev);
/* One object as a line (JSON Lines) or, with text, as "key: value" lines. Returns 0 or -errno. */
int record_print(FILE *f, json_object *obj, bool text);
/* Unix time in ns as ISO 8601 UTC with microseconds: 2026-11-27T10:00:00.123456Z */
void record_iso_ns(int64_t ns, char *buf, size_t len);
/* Address of an event side as text. */
void record_addr(const struct ssdp_event *ev, const __u8 *addr, char *buf, size_t len);

#endif
