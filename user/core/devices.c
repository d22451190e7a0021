// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "devices.h"
#include "clock.h"
#include "log.h"
#include "parse.h"
#include "record.h"

int devtab_init(struct devtab *t, const struct oui_db *db, size_t max_devices)
{
	memset(t, 0, sizeof(*t));
	t->db = db;
	t->max_devices = max_devices;
	t->vendors_fd = t->classes_fd = t->versions_fd = t->devices_fd = -1;
	htab_init(&t->dev_index, sizeof(struct ssdp_device_key));
	htab_init(&t->vendor_index, sizeof(struct ssdp_vendor_key));
	t->vendor_by_slot =
		db ? calloc((db->mask + 1) * USN_CONF_N, sizeof(*t->vendor_by_slot)) : NULL;
	if (db && !t->vendor_by_slot)
		return -ENOMEM;
	t->mono_to_real = mono_to_real_ns();
	t->now = now_unix();
	return 0;
}

void devtab_free(struct devtab *t)
{
	htab_free(&t->dev_index);
	htab_free(&t->vendor_index);
	free(t->devs);
	free(t->vendors);
	free(t->vendor_by_slot);
	free(t->pend_keys);
	free(t->pend_vals);
	memset(t, 0, sizeof(*t));
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 1024;
	void *q;

	if (n < *cap)
		return 0;
	q = realloc(*p, c * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = c;
	return 0;
}

void device_key_of(const struct usn_info *u, const struct ssdp_event *ev,
		   struct ssdp_device_key *key)
{
	memset(key, 0, sizeof(*key));
	if (u->has_mac && u->cls != USN_V1_RANDOM) {
		key->kind = DEV_BY_MAC;
		memcpy(key->id, u->mac, 6);
	} else if (u->cls == USN_SHARED_CONSTANT) {
		/* a shared UUID names no device: one per address */
		char buf[SSDP_SNIP_LEN] = {};

		memcpy(buf, u->uuid, 16);
		memcpy(buf + 16, ev->saddr, 16);
		key->kind = DEV_BY_TEXT;
		ssdp_raw_id(buf, key->id);
	} else if (u->has_uuid) {
		key->kind = DEV_BY_UUID;
		memcpy(key->id, u->uuid, 16);
	} else {
		key->kind = DEV_BY_TEXT;
		ssdp_raw_id(ev->usn, key->id);
	}
}

/* The counters of a vendor at one confidence (a vendor named two ways is two rows). */
static struct vendor_count *vendor_of(struct devtab *t, const struct oui_entry *e,
				      enum usn_confidence conf)
{
	size_t slot = (size_t)(e - t->db->slots) * USN_CONF_N + conf;
	struct ssdp_vendor_key key = {};
	struct vendor_count *v;
	uint32_t *idx;

	if (t->vendor_by_slot[slot]) /* the fast way: no formatting, no hashing */
		return &t->vendors[t->vendor_by_slot[slot] - 1];
	oui_prefix_str(e, key.prefix, sizeof(key.prefix));
	snprintf(key.confidence, sizeof(key.confidence), "%s", usn_confidence_name(conf));
	idx = htab_find(&t->vendor_index, &key);
	if (idx) {
		t->vendor_by_slot[slot] = *idx + 1;
		return &t->vendors[*idx];
	}
	if (grow((void **)&t->vendors, &t->vcap, t->nvendors, sizeof(*t->vendors)) ||
	    htab_insert(&t->vendor_index, &key, (uint32_t)t->nvendors))
		return NULL;
	t->vendor_by_slot[slot] = (uint32_t)t->nvendors + 1;
	v = &t->vendors[t->nvendors++];
	memset(v, 0, sizeof(*v));
	v->key = key;
	snprintf(v->val.name, sizeof(v->val.name), "%s", oui_name(t->db, e));
	snprintf(v->val.registry, sizeof(v->val.registry), "%s", oui_registry_name(e->registry));
	return v;
}

static void copy_snip(char *dst, const char *src, unsigned len, unsigned max)
{
	if (len > max)
		len = max;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static bool same_addr(const uint8_t *a, const uint8_t *b)
{
	uint64_t a0, a1, b0, b1;

	/* two words, not memcmp: this runs for every event of a known device */
	memcpy(&a0, a, 8), memcpy(&a1, a + 8, 8);
	memcpy(&b0, b, 8), memcpy(&b1, b + 8, 8);
	return a0 == b0 && a1 == b1;
}

static void add_addr(struct device *d, const struct ssdp_event *ev)
{
	uint32_t i, n = d->naddrs < DEV_MAX_ADDRS ? d->naddrs : DEV_MAX_ADDRS;

	for (i = 0; i < n; i++)
		if (same_addr(d->addrs[i], ev->saddr))
			return;
	if (n < DEV_MAX_ADDRS) {
		memcpy(d->addrs[n], ev->saddr, 16);
		d->addr_v6[n] = !!(ev->flags & SSDP_EV_IPV6);
	}
	d->naddrs++;
}

json_object *device_record(const struct devtab *t, const struct device *d)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	struct ssdp_event fake = {};
	char buf[64];
	uint32_t i;

	for (i = 0; i < d->naddrs && i < DEV_MAX_ADDRS; i++) {
		fake.flags = d->addr_v6[i] ? SSDP_EV_IPV6 : 0;
		record_addr(&fake, d->addrs[i], buf, sizeof(buf));
		json_object_array_add(a, json_object_new_string(buf));
	}
	json_object_object_add(o, "addr", json_object_get(json_object_array_get_idx(a, 0)));
	json_object_object_add(o, "addrs", a);
	json_object_object_add(o, "naddrs", json_object_new_int64(d->naddrs));
	/* 0: an imported record whose source gives no time (ZMap's CSV without timestamp_ts) */
	record_iso_ns(d->first_ns, buf, sizeof(buf));
	json_object_object_add(o, "first_seen", d->first_ns ? json_object_new_string(buf) : NULL);
	record_iso_ns(d->last_ns, buf, sizeof(buf));
	json_object_object_add(o, "last_seen", d->last_ns ? json_object_new_string(buf) : NULL);
	json_object_object_add(o, "sightings", json_object_new_int64((int64_t)d->sightings));
	json_object_object_add(o, "usn", json_object_new_string(d->usn));
	if (d->server[0])
		json_object_object_add(o, "server", json_object_new_string(d->server));
	if (d->st[0])
		json_object_object_add(o, d->st_is_nt ? "nt" : "st", json_object_new_string(d->st));
	if (d->location[0])
		json_object_object_add(o, "location", json_object_new_string(d->location));
	record_add_usn(o, &d->info, t->db);
	if (t->net) { /* who serves it: the first address's network */
		struct netinfo ni;

		netdb_lookup(t->net, json_object_get_string(json_object_array_get_idx(a, 0)), &ni);
		netdb_add_json(o, &ni);
	}
	return o;
}

static int write_device(struct devtab *t, const struct device *d)
{
	json_object *o = device_record(t, d);
	int ret = record_print(t->out, o, false);

	json_object_put(o);
	if (ret && !t->err) {
		t->err = ret;
		pr_warn("writing device records: %s\n", strerror(-ret));
	}
	return ret;
}

static int pend_device(struct devtab *t, const struct device *d)
{
	struct ssdp_device_val *v;

	if (t->devices_fd < 0)
		return 0;
	if (t->npend >= t->pcap) {
		size_t cap = t->pcap ? t->pcap * 2 : 1024;
		void *k = realloc(t->pend_keys, cap * sizeof(*t->pend_keys));

		if (!k)
			return -ENOMEM;
		t->pend_keys = k;
		k = realloc(t->pend_vals, cap * sizeof(*t->pend_vals));
		if (!k)
			return -ENOMEM;
		t->pend_vals = k;
		t->pcap = cap;
	}
	t->pend_keys[t->npend] = d->key;
	v = &t->pend_vals[t->npend++];
	memset(v, 0, sizeof(*v));
	if (d->info.vendor)
		oui_prefix_str(d->info.vendor, v->prefix, sizeof(v->prefix));
	v->cls = d->info.cls;
	v->first_seen = (uint64_t)d->first_ns;
	return 0;
}

static void count(struct devtab *t, const struct usn_info *u, struct vendor_count *v, int new_dev)
{
	int ver = u->has_uuid ? u->version : SSDP_VERSIONS - 1;

	t->classes[u->cls].sightings++;
	t->classes[u->cls].devices += new_dev;
	t->versions[ver].sightings++;
	t->versions[ver].devices += new_dev;
	t->counts_dirty = true;
	if (v) {
		v->val.sightings++;
		v->val.devices += new_dev;
		v->dirty = true;
	}
}

static void decode(const struct devtab *t, const struct ssdp_event *ev, struct usn_info *u,
		   struct ssdp_device_key *key)
{
	usn_classify_event(ev, t->db, t->now, u);
	device_key_of(u, ev, key);
}

/* The event, decoded (u) and keyed (key): find or make its device, count. */
static int account(struct devtab *t, const struct ssdp_event *ev, const struct usn_info *u,
		   const struct ssdp_device_key *key, size_t hv)
{
	struct vendor_count *v = NULL;
	struct device *d;
	uint32_t *idx;
	int64_t ts = (int64_t)ev->ts_ns + t->mono_to_real;
	uint32_t before;
	bool known;

	t->events++;
	if (u->vendor && !(v = vendor_of(t, u->vendor, u->conf)))
		return -ENOMEM;
	idx = htab_find_h(&t->dev_index, key, hv);
	/* known from the pinned map (an earlier run): counted there already, but this run's
	 * records must hold it too, so it is written once more when this run first sees it */
	known = idx && *idx == UINT32_MAX;
	if (idx && !known) {
		d = &t->devs[*idx];
		/* captures and imports need not be in time order */
		if (ts && (ts < d->first_ns || !d->first_ns))
			d->first_ns = ts;
		if (ts > d->last_ns)
			d->last_ns = ts;
		d->sightings++;
		before = d->naddrs;
		add_addr(d, ev);
		count(t, u, v, 0);
		/* a new address: write the record again, the later line supersedes */
		if (d->naddrs != before && t->out)
			write_device(t, d);
		return 0;
	}
	count(t, u, v, !known);
	if (t->ndevs >= t->max_devices) {
		t->dropped++;
		return !known;
	}
	if (grow((void **)&t->devs, &t->cap, t->ndevs, sizeof(*t->devs)))
		return -ENOMEM;
	if (known) {
		*idx = (uint32_t)t->ndevs;
		t->restored--;
	} else if (htab_insert(&t->dev_index, key, (uint32_t)t->ndevs)) {
		return -ENOMEM;
	}
	d = &t->devs[t->ndevs++];
	memset(d, 0, sizeof(*d));
	d->key = *key;
	d->info = *u;
	d->first_ns = d->last_ns = ts;
	d->sightings = 1;
	add_addr(d, ev);
	copy_snip(d->usn, ev->usn, ev->usn_len, SSDP_SNIP_LEN);
	copy_snip(d->server, ev->server, ev->server_len, SSDP_SNIP_LEN);
	copy_snip(d->st, ev->st, ev->st_len, SSDP_SNIP_LEN);
	copy_snip(d->location, ev->location, ev->loc_len, SSDP_LOC_LEN);
	d->st_is_nt = !!(ev->flags & SSDP_EV_NOTIFY_NT);
	if (!known && pend_device(t, d))
		return -ENOMEM;
	if (t->out)
		write_device(t, d);
	return !known;
}

int devtab_event(struct devtab *t, const struct ssdp_event *ev)
{
	struct ssdp_device_key key;
	struct usn_info u;

	decode(t, ev, &u, &key);
	return account(t, ev, &u, &key, htab_hash(&t->dev_index, &key));
}

#define BATCH 32

int devtab_events(struct devtab *t, const struct ssdp_event *evs, size_t n)
{
	struct ssdp_device_key keys[BATCH];
	struct usn_info us[BATCH];
	size_t hvs[BATCH];
	size_t i, j, m;
	int ret;

	for (i = 0; i < n; i += m) {
		m = n - i < BATCH ? n - i : BATCH;
		for (j = 0; j < m; j++)
			if (t->db && evs[i + j].flags & SSDP_EV_UUID)
				oui_prefetch(t->db, evs[i + j].uuid + 10);
		for (j = 0; j < m; j++) {
			decode(t, &evs[i + j], &us[j], &keys[j]);
			hvs[j] = htab_hash(&t->dev_index, &keys[j]);
			htab_prefetch(&t->dev_index, hvs[j]);
		}
		for (j = 0; j < m; j++) {
			uint32_t *idx = htab_find_h(&t->dev_index, &keys[j], hvs[j]);

			if (idx && *idx < t->ndevs) {
				const char *d = (const char *)&t->devs[*idx];

				__builtin_prefetch(d);
				__builtin_prefetch(d + 64);
				__builtin_prefetch(d + 128);
			}
		}
		for (j = 0; j < m; j++)
			if ((ret = account(t, &evs[i + j], &us[j], &keys[j], hvs[j])) < 0)
				return ret;
	}
	/* records out with their batch: a kill -9 then takes only the events in hand */
	if (t->out && fflush(t->out) && !t->err) {
		t->err = -errno;
		pr_warn("writing device records: %s\n", strerror(errno));
	}
	return t->err;
}

int devtab_write_all(struct devtab *t)
{
	size_t i;

	for (i = 0; i < t->ndevs && !t->err; i++)
		write_device(t, &t->devs[i]);
	return t->err;
}

int devtab_flush(struct devtab *t)
{
	size_t i;
	int err = 0;

	if (t->vendors_fd >= 0) {
		for (i = 0; i < t->nvendors; i++) {
			if (!t->vendors[i].dirty)
				continue;
			if (bpf_map_update_elem(t->vendors_fd, &t->vendors[i].key,
						&t->vendors[i].val, BPF_ANY))
				err = -errno;
			t->vendors[i].dirty = false;
		}
	}
	if (t->counts_dirty && t->classes_fd >= 0 && t->versions_fd >= 0) {
		for (i = 0; i < USN_CLASS_N; i++) {
			__u32 k = (__u32)i;

			if (bpf_map_update_elem(t->classes_fd, &k, &t->classes[i], BPF_ANY))
				err = -errno;
		}
		for (i = 0; i < SSDP_VERSIONS; i++) {
			__u32 k = (__u32)i;

			if (bpf_map_update_elem(t->versions_fd, &k, &t->versions[i], BPF_ANY))
				err = -errno;
		}
		t->counts_dirty = false;
	}
	for (i = 0; i < t->npend; i++) {
		/* a full map is counted in dropped; the counters above stay right */
		if (bpf_map_update_elem(t->devices_fd, &t->pend_keys[i], &t->pend_vals[i],
					BPF_NOEXIST) &&
		    errno != EEXIST)
			t->dropped += errno == E2BIG || errno == ENOMEM;
	}
	t->npend = 0;
	if (t->out && fflush(t->out) && !t->err) {
		t->err = -errno;
		pr_warn("writing device records: %s\n", strerror(errno));
	}
	if (err)
		pr_warn("updating counter maps: %s\n", strerror(-err));
	return err ? err : t->err;
}

long devtab_restore(struct devtab *t)
{
	struct ssdp_vendor_key vk, *prev = NULL;
	struct ssdp_device_key dk, *dprev = NULL;
	struct ssdp_vendor_val vv;
	long n = 0;
	size_t i;

	for (i = 0; t->classes_fd >= 0 && i < USN_CLASS_N; i++) {
		__u32 k = (__u32)i;

		bpf_map_lookup_elem(t->classes_fd, &k, &t->classes[i]);
	}
	for (i = 0; t->versions_fd >= 0 && i < SSDP_VERSIONS; i++) {
		__u32 k = (__u32)i;

		bpf_map_lookup_elem(t->versions_fd, &k, &t->versions[i]);
	}
	while (t->vendors_fd >= 0 && !bpf_map_get_next_key(t->vendors_fd, prev, &vk)) {
		struct vendor_count *v;

		prev = &vk;
		if (bpf_map_lookup_elem(t->vendors_fd, &vk, &vv))
			continue;
		if (grow((void **)&t->vendors, &t->vcap, t->nvendors, sizeof(*t->vendors)) ||
		    htab_insert(&t->vendor_index, &vk, (uint32_t)t->nvendors))
			return -ENOMEM;
		v = &t->vendors[t->nvendors++];
		v->key = vk;
		v->val = vv;
		v->dirty = false;
	}
	while (t->devices_fd >= 0 && !bpf_map_get_next_key(t->devices_fd, dprev, &dk)) {
		dprev = &dk;
		if (htab_insert(&t->dev_index, &dk, UINT32_MAX))
			return -ENOMEM;
		n++;
	}
	t->restored = (size_t)n;
	return n;
}
