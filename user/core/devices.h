/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The consumer path: each ringbuf event decoded (UUID, MAC, vendor), its device found or made,
 * counters kept per vendor, class and UUID version. Counters and the device set are mirrored
 * into pinned BPF maps in batches (devtab_flush), never a syscall per event.
 */
#ifndef SSDPMAC_DEVICES_H
#define SSDPMAC_DEVICES_H

#include <stdbool.h>
#include <json-c/json.h>
#include <stdio.h>
#include "htab.h"
#include "netinfo.h"
#include "ssdpmac.h"
#include "usn.h"

#define DEV_MAX_ADDRS 8

struct device {
	struct ssdp_device_key key;
	struct usn_info info;
	uint8_t addrs[DEV_MAX_ADDRS][16];
	uint8_t addr_v6[DEV_MAX_ADDRS];
	uint32_t naddrs;	   /* all addresses seen; the first DEV_MAX_ADDRS are kept */
	int64_t first_ns, last_ns; /* Unix time */
	uint64_t sightings;
	char usn[SSDP_SNIP_LEN + 1], server[SSDP_SNIP_LEN + 1], st[SSDP_SNIP_LEN + 1];
	char location[SSDP_LOC_LEN + 1]; /* of the first reply: where its description is */
	bool st_is_nt;
};

struct vendor_count {
	struct ssdp_vendor_key key;
	struct ssdp_vendor_val val;
	bool dirty;
};

struct devtab {
	const struct oui_db *db;
	int64_t now;	      /* for the v1 time range */
	int64_t mono_to_real; /* add to a bpf_ktime_get_ns() stamp for Unix time, ns */
	size_t max_devices;
	/* devices */
	struct htab dev_index; /* ssdp_device_key -> index in devs */
	struct device *devs;
	size_t ndevs, cap;
	size_t restored; /* known from the pinned map, not yet seen (and written) by this run */
	/* counters, mirrored to the maps */
	struct htab vendor_index; /* ssdp_vendor_key -> index in vendors */
	uint32_t *vendor_by_slot; /* registry slot (oui_entry - db->slots) -> index + 1 */
	struct vendor_count *vendors;
	size_t nvendors, vcap;
	struct ssdp_count classes[USN_CLASS_N], versions[SSDP_VERSIONS];
	bool counts_dirty;
	/* new devices not yet in the BPF map */
	struct ssdp_device_key *pend_keys;
	struct ssdp_device_val *pend_vals;
	size_t npend, pcap;
	/* map fds (-1: none) */
	int vendors_fd, classes_fd, versions_fd, devices_fd;
	/* output */
	FILE *out;		  /* JSON Lines of devices; NULL: none */
	struct netdb *net;	  /* AS and country in each record; NULL: none */
	uint64_t events, dropped; /* dropped: devices beyond max_devices (still counted) */
	int err;		  /* first output error */
};

int devtab_init(struct devtab *t, const struct oui_db *db, size_t max_devices);
void devtab_free(struct devtab *t);
/* Take counters and the device set from pinned maps (a restart). Returns devices restored. */
long devtab_restore(struct devtab *t);
/* One ringbuf event. Returns 1 for a new device, 0 for a known one, -errno on error. */
int devtab_event(struct devtab *t, const struct ssdp_event *ev);
/* Many events: decoded first, their table probes prefetched together, then counted, so the
 * cache misses of a batch overlap. 0 or -errno. */
int devtab_events(struct devtab *t, const struct ssdp_event *evs, size_t n);
/* Write dirty counters and pending devices to the maps, flush the output. 0 or -errno. */
int devtab_flush(struct devtab *t);
/* Every device's record to t->out (import writes them once, at the end); t->err after. */
int devtab_write_all(struct devtab *t);
/* A device's record (its JSON Lines object; the caller puts it). */
json_object *device_record(const struct devtab *t, const struct device *d);
/* The device key an event belongs to (exposed for tests). */
void device_key_of(const struct usn_info *u, const struct ssdp_event *ev,
		   struct ssdp_device_key *key);

#endif
