// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <time.h>
#include "escape.h"
#include "record.h"
#include "uuid.h"

static void add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void add_strn(json_object *o, const char *k, const char *v, size_t n)
{
	json_object_object_add(o, k, json_object_new_string_len(v, (int)n));
}

void record_add_usn(json_object *o, const struct usn_info *u, const struct oui_db *db)
{
	char buf[64];

	add_str(o, "class", usn_class_name(u->cls));
	if (u->has_uuid) {
		uuid_format(u->uuid, buf);
		add_str(o, "uuid", buf);
		json_object_object_add(o, "version", json_object_new_int(u->version));
		add_str(o, "variant", uuid_variant_name(u->variant));
	}
	if (u->has_time) {
		uuid_time_iso(u->time100, buf);
		add_str(o, "time", buf);
		add_str(o, "time_note", usn_time_note_name(u->time_note));
		json_object_object_add(o, "clock_seq", json_object_new_int((int)u->clock_seq));
	}
	if (u->has_mac) {
		mac_format(u->mac, buf);
		add_str(o, "mac", buf);
	}
	if (u->vendor) {
		oui_prefix_str(u->vendor, buf, sizeof(buf));
		add_str(o, "vendor", oui_name(db, u->vendor));
		add_str(o, "oui", buf);
		add_str(o, "registry", oui_registry_name(u->vendor->registry));
		add_str(o, "confidence", usn_confidence_name(u->conf));
	}
	/* a corroborating word lives in the info itself (rule points at it): read it there, as a
	 * copy's rule (devices.c keeps copies in a growing table) points at the original's */
	if (u->rule)
		add_str(o, "rule", u->conf == USN_CONF_CORROBORATED ? u->word : u->rule);
	add_str(o, "why", u->why);
}

void record_addr(const struct ssdp_event *ev, const __u8 *addr, char *buf, size_t len)
{
	inet_ntop(ev->flags & SSDP_EV_IPV6 ? AF_INET6 : AF_INET, addr, buf, len);
}

void record_iso_ns(int64_t ns, char *buf, size_t len)
{
	time_t s = (time_t)(ns / 1000000000);
	struct tm tm;
	size_t n;

	gmtime_r(&s, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06lldZ", (long long)(ns % 1000000000) / 1000);
}

void record_add_event(json_object *o, const struct ssdp_event *ev)
{
	char buf[INET6_ADDRSTRLEN];

	record_addr(ev, ev->saddr, buf, sizeof(buf));
	add_str(o, "addr", buf);
	json_object_object_add(o, "sport", json_object_new_int(ev->sport));
	record_addr(ev, ev->daddr, buf, sizeof(buf));
	add_str(o, "daddr", buf);
	json_object_object_add(o, "dport", json_object_new_int(ev->dport));
	add_str(o, "kind", ev->kind == SSDP_KIND_NOTIFY ? "notify" : "reply");
	add_strn(o, "usn", ev->usn, ev->usn_len < SSDP_SNIP_LEN ? ev->usn_len : SSDP_SNIP_LEN);
	if (ev->server_len)
		add_strn(o, "server", ev->server,
			 ev->server_len < SSDP_SNIP_LEN ? ev->server_len : SSDP_SNIP_LEN);
	if (ev->st_len)
		add_strn(o, ev->flags & SSDP_EV_NOTIFY_NT ? "nt" : "st", ev->st,
			 ev->st_len < SSDP_SNIP_LEN ? ev->st_len : SSDP_SNIP_LEN);
	if (ev->loc_len)
		add_strn(o, "location", ev->location,
			 ev->loc_len < SSDP_LOC_LEN ? ev->loc_len : SSDP_LOC_LEN);
	if (ev->flags & (SSDP_EV_USN_CUT | SSDP_EV_SRV_CUT | SSDP_EV_ST_CUT | SSDP_EV_LOC_CUT))
		json_object_object_add(o, "cut", json_object_new_boolean(1));
}

int record_print(FILE *f, json_object *obj, bool text)
{
	if (!text) {
		esc_json_put(f,
			     json_object_to_json_string_ext(
				     obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		fputc('\n', f);
	} else {
		/* network text for a terminal: no control bytes, no forged lines */
		json_object_object_foreach (obj, key, val) {
			fprintf(f, "%-10s ", key);
			esc_term_put(f, json_object_get_string(val));
			fputc('\n', f);
		}
	}
	if (ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
