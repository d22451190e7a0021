// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The model view: infected devices by vendor (IEEE, from the MAC) -> manufacturer and model (from
 * the descriptions `describe` adds to device records), and those no description names, counted
 * by why. A prefix often names the ODM or chipset maker, not the brand on the box: a row whose
 * manufacturer does not name the vendor says so. Description text comes from the devices' own
 * HTTP servers: every output escapes it (escape.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "descxml.h"
#include "escape.h"
#include "log.h"
#include "report.h"
#include "usn.h"

/* The description fields a report reads ("outcome" first), each a string or null of at most
 * what describe keeps (DESC_VAL_MAX): anything else is an error naming file and line. */
static const int desc_keys[] = {-1,
				DESC_MANUFACTURER,
				DESC_MODEL_NAME,
				DESC_MODEL_NUMBER,
				DESC_SERIAL_NUMBER,
				DESC_FIRMWARE,
				DESC_SOFTWARE,
				DESC_HARDWARE,
				DESC_SYSTEM_VERSION};
#define N_KEYS (sizeof(desc_keys) / sizeof(desc_keys[0]))

static const char *key_name(int k)
{
	return k < 0 ? "outcome" : desc_field_name((enum desc_field)k);
}

int report_desc_check(json_object *o, const char *path, size_t no)
{
	json_object *d, *v;
	size_t i;

	if (!json_object_object_get_ex(o, "description", &d) || !d)
		return 0;
	if (!json_object_is_type(d, json_type_object)) {
		pr_warn("%s:%zu: \"description\" is %s, not object\n", path, no,
			json_type_to_name(json_object_get_type(d)));
		return -EINVAL;
	}
	for (i = 0; i < N_KEYS; i++) {
		if (!json_object_object_get_ex(d, key_name(desc_keys[i]), &v) || !v)
			continue;
		if (!json_object_is_type(v, json_type_string)) {
			pr_warn("%s:%zu: \"description.%s\" is %s, not string\n", path, no,
				key_name(desc_keys[i]), json_type_to_name(json_object_get_type(v)));
			return -EINVAL;
		}
		if (json_object_get_string_len(v) > DESC_VAL_MAX) {
			pr_warn("%s:%zu: \"description.%s\" is longer than %d bytes (describe "
				"keeps "
				"at most that)\n",
				path, no, key_name(desc_keys[i]), DESC_VAL_MAX);
			return -EINVAL;
		}
	}
	return 0;
}

bool report_described(const struct rdevice *d)
{
	const char *o = d->desc.outcome;

	return o && (!strcmp(o, "ok") || !strcmp(o, "udn-mismatch"));
}

static char *text_or_null(json_object *d, enum desc_field f)
{
	const char *s = report_jstr(d, desc_field_name(f));

	return s && *s ? strdup(s) : NULL;
}

/* The firmware hints a description has: "fw 1.2, sw 3.4, hw A, sys 154.07.10". */
static char *firmware_of(json_object *d)
{
	static const struct {
		enum desc_field f;
		const char *label;
	} hint[] = {
		{DESC_FIRMWARE, "fw"},
		{DESC_SOFTWARE, "sw"},
		{DESC_HARDWARE, "hw"},
		{DESC_SYSTEM_VERSION, "sys"},
	};
	char buf[4 * (DESC_VAL_MAX + 8)];
	size_t i, o = 0;

	for (i = 0; i < sizeof(hint) / sizeof(hint[0]); i++) {
		const char *v = report_jstr(d, desc_field_name(hint[i].f));

		if (v && *v)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s %s", o ? ", " : "",
					      hint[i].label, v);
	}
	return o ? strdup(buf) : NULL;
}

/* "modelName modelNumber" (the number left out when the name holds it). */
static char *model_of(const struct rdesc *d)
{
	char buf[2 * DESC_VAL_MAX + 2];

	if (!d->name && !d->number)
		return NULL;
	snprintf(buf, sizeof(buf), "%s%s%s", d->name ? d->name : "",
		 d->name && d->number && !strstr(d->name, d->number) ? " " : "",
		 d->number && (!d->name || !strstr(d->name, d->number)) ? d->number : "");
	return strdup(buf);
}

void report_desc_free(struct rdevice *dev)
{
	free(dev->desc.outcome);
	free(dev->desc.manufacturer);
	free(dev->desc.name);
	free(dev->desc.number);
	free(dev->desc.serial);
	free(dev->desc.firmware);
	free(dev->model);
	memset(&dev->desc, 0, sizeof(dev->desc));
	dev->model = NULL;
}

/* NULL as "" (description fields are never "": text_or_null()) */
static int cmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* n replaces the description a device has (it is seen in several files): a parsed one beats a
 * failed one, else the one whose fields sort first, whatever the order of the files. */
static bool desc_wins(const struct rdevice *n, const struct rdevice *dev)
{
	const struct rdesc *x = &n->desc, *y = &dev->desc;
	int c;

	if (!y->outcome)
		return true;
	if (report_described(n) != report_described(dev))
		return report_described(n);
	if ((c = cmp0(x->outcome, y->outcome)) || (c = cmp0(x->manufacturer, y->manufacturer)) ||
	    (c = cmp0(x->name, y->name)) || (c = cmp0(x->number, y->number)) ||
	    (c = cmp0(x->serial, y->serial)))
		return c < 0;
	return cmp0(x->firmware, y->firmware) < 0;
}

int report_desc_take(json_object *o, struct rdevice *dev)
{
	struct rdevice n = {};
	const char *outcome;
	json_object *d;

	if (!json_object_object_get_ex(o, "description", &d) ||
	    !json_object_is_type(d, json_type_object))
		return 0;
	outcome = report_jstr(d, "outcome");
	n.desc.outcome = strdup(outcome ? outcome : "unknown");
	n.desc.manufacturer = text_or_null(d, DESC_MANUFACTURER);
	n.desc.name = text_or_null(d, DESC_MODEL_NAME);
	n.desc.number = text_or_null(d, DESC_MODEL_NUMBER);
	n.desc.serial = text_or_null(d, DESC_SERIAL_NUMBER);
	n.desc.firmware = firmware_of(d);
	n.model = model_of(&n.desc);
	if (!n.desc.outcome) {
		report_desc_free(&n);
		return -ENOMEM;
	}
	if (!desc_wins(&n, dev)) {
		report_desc_free(&n);
		return 0;
	}
	report_desc_free(dev);
	dev->desc = n.desc;
	dev->model = n.model;
	return 0;
}

/* The next word of *s, lower case, letters and digits (any other byte ends it); 0: no more. */
static size_t next_word(const char **s, char out[64])
{
	size_t o = 0;

	for (; **s && !isalnum((unsigned char)**s); (*s)++)
		;
	for (; **s && isalnum((unsigned char)**s); (*s)++)
		if (o < 63)
			out[o++] = (char)tolower((unsigned char)**s);
	out[o] = '\0';
	return o;
}

/* Is the first word of a a word of b (the first, for a word of two letters: "HP Inc.")? */
static bool first_word_in(const char *a, const char *b)
{
	char w[64], x[64];
	size_t n = next_word(&a, w), i;

	for (i = 0; n >= 2 && next_word(&b, x); i++)
		if ((n >= 3 || !i) && !strcmp(w, x))
			return true;
	return false;
}

/* Does the manufacturer name the MAC's registered vendor? A significant word of one in the
 * other, or an alias the conventions table knows (usn.c's corroboration, both ways), or the
 * first word of one a word of the other: "AVM Berlin" and "AVM Audiovisuelles Marketing und
 * Computersysteme GmbH", "LINKSYS" and "Cisco-Linksys, LLC", "HP" and "HP Inc." (corroboration
 * wants four letters and takes "Cisco-Linksys" for one word). */
static bool same_maker(const char *vendor, const char *maker)
{
	size_t nv = strlen(vendor), nm = strlen(maker);
	char w[64];

	while (nv && vendor[nv - 1] == ' ') /* the registry's names end in blanks */
		nv--;
	while (nm && maker[nm - 1] == ' ')
		nm--;
	/* the name itself, whatever its words ("D&M Holdings Inc." has none significant) */
	if (nv == nm && !strncasecmp(vendor, maker, nv))
		return true;
	return usn_names_vendor(vendor, maker, w) || usn_names_vendor(maker, vendor, w) ||
	       first_word_in(maker, vendor) || first_word_in(vendor, maker);
}

/* The vendor view's order, described rows first, then the most devices. */
static int by_rank(const void *a, const void *b)
{
	const struct rmodel *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->described != y->described)
		return x->described ? -1 : 1;
	if (x->devices != y->devices)
		return x->devices < y->devices ? 1 : -1;
	if ((c = cmp0(x->vendor, y->vendor)) || (c = cmp0(x->manufacturer, y->manufacturer)) ||
	    (c = cmp0(x->name, y->name)))
		return c;
	return cmp0(x->outcome, y->outcome);
}

static int by_n(const void *a, const void *b)
{
	const struct rnumber *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->what, y->what);
}

static void add_number(struct rmodel *m, const char *what)
{
	size_t i;

	for (i = 0; what && i < m->nnumbers; i++)
		if (!strcmp(m->numbers[i].what, what)) {
			m->numbers[i].n++;
			return;
		}
	if (what && m->nnumbers < REPORT_MODEL_NUMBERS)
		m->numbers[m->nnumbers++] = (struct rnumber){what, 1};
}

/* The row of device d: vendor x (manufacturer x model, or why there is no description). */
static struct rmodel *model_row(struct report *r, struct htab *idx, const struct rdevice *d,
				size_t *cap)
{
	const struct rvendor *v = d->vendor ? report_vendor(r, d->vendor) : NULL;
	bool described = report_described(d);
	uint64_t key[2];
	struct rmodel *m;
	uint32_t *i;

	key[0] = report_hash(report_hash(0xcbf29ce484222325ULL, d->vendor), described ? "d" : "n");
	key[0] = described ? report_hash(report_hash(key[0], d->desc.manufacturer), d->desc.name)
			   : report_hash(key[0], d->desc.outcome);
	key[1] = report_hash(0x84222325cbf29ce4ULL, described ? d->desc.name : d->desc.outcome);
	key[1] = report_hash(report_hash(key[1], d->desc.manufacturer), d->vendor);
	if ((i = htab_find(idx, key)))
		return &r->models[*i];
	if (r->nmodels == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct rmodel *n = realloc(r->models, c * sizeof(*n));

		if (!n)
			return NULL;
		r->models = n;
		*cap = c;
	}
	if (htab_insert(idx, key, (uint32_t)r->nmodels))
		return NULL;
	m = &r->models[r->nmodels++];
	memset(m, 0, sizeof(*m));
	m->vendor = d->vendor;
	m->described = described;
	m->rank = v ? (size_t)(v - r->vendors) : r->nvendors;
	if (described) {
		m->manufacturer = d->desc.manufacturer;
		m->name = d->desc.name;
		m->differs = d->differs;
	} else {
		m->outcome = d->desc.outcome;
	}
	return m;
}

int report_models(struct report *r)
{
	struct htab idx;
	size_t i, cap = 0;
	int err = 0;

	htab_init(&idx, 16);
	for (i = 0; i < r->ndevs; i++) {
		struct rdevice *d = &r->devs[i];
		struct rmodel *m;

		if (!d->infected)
			continue;
		r->any_desc += d->desc.outcome != NULL;
		if (report_described(d)) {
			r->described++;
			d->differs = d->vendor && d->desc.manufacturer &&
				     !same_maker(d->vendor, d->desc.manufacturer);
		} else {
			report_bump(r->undescribed, &r->nundescribed, REPORT_MAX_LIST,
				    d->desc.outcome ? d->desc.outcome : "not described");
		}
		if (!(m = model_row(r, &idx, d, &cap))) {
			err = -ENOMEM;
			break;
		}
		m->devices++;
		m->udn_mismatch += d->desc.outcome && !strcmp(d->desc.outcome, "udn-mismatch");
		add_number(m, d->desc.number);
	}
	htab_free(&idx);
	if (r->nmodels)
		qsort(r->models, r->nmodels, sizeof(*r->models), by_rank);
	for (i = 0; i < r->nmodels; i++)
		qsort(r->models[i].numbers, r->models[i].nnumbers, sizeof(struct rnumber), by_n);
	return err;
}

/* The most common model numbers: "V1.2 (3); V2.0 (1); ..." */
static void numbers(const struct rmodel *m, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < m->nnumbers && i < 3; i++)
		o = report_list_add(buf, len, o, i, m->numbers[i].what, m->numbers[i].n);
	if (m->nnumbers > 3 && o < len)
		snprintf(buf + o, len - o, "; ...");
}

/* "(no description: timeout)", "(not described)" */
static const char *why_not(const struct rmodel *m, char *buf, size_t len)
{
	if (!m->outcome)
		return "(not described)";
	snprintf(buf, len, "(no description: %s)", m->outcome);
	return buf;
}

static void model_head(const struct report *r, FILE *f, bool md)
{
	size_t i;

	fprintf(f, "%llu of %llu infected devices with SSDP described",
		(unsigned long long)r->described, (unsigned long long)r->infected);
	for (i = 0; i < r->nundescribed; i++) {
		fputs(i ? ", " : "; no description: ", f);
		(md ? esc_md_text : esc_term_put)(f, r->undescribed[i].what);
		fprintf(f, " %llu", (unsigned long long)r->undescribed[i].n);
	}
	fputs(md ? ". A manufacturer that differs names another maker than the MAC's registered "
		   "vendor (an ODM's or chipset maker's prefix, or a rebadged device).\n\n"
		 : "\n\n",
	      f);
}

void report_model_text(const struct report *r, FILE *f, bool md)
{
	char e[4][96], nb[512], why[200];
	size_t i;

	fputs(md ? "\n### Infected devices by vendor and model\n\n"
		 : "\nInfected devices by vendor and model (descriptions from `describe`): ",
	      f);
	if (!r->any_desc) {
		fprintf(f,
			"%co device record has a description (give `ssdpmac describe`'s output as "
			"a devices file)\n",
			md ? 'N' : 'n');
		return;
	}
	model_head(r, f, md);
	if (md)
		fputs("| Devices | Vendor | Manufacturer | Model | Differs | UDN mismatch | "
		      "Model numbers |\n|---:|---|---|---|---|---:|---|\n",
		      f);
	else
		fprintf(f, "%8s  %-34s %-34s %-30s %-7s %8s  %s\n", "DEVICES", "VENDOR (MAC)",
			"MANUFACTURER (description)", "MODEL", "DIFFERS", "UDN!=USN",
			"MODEL NUMBERS");
	for (i = 0; i < r->nmodels; i++) {
		const struct rmodel *m = &r->models[i];
		const char *maker = m->described ? m->manufacturer : why_not(m, why, sizeof(why));

		numbers(m, nb, sizeof(nb));
		if (md) {
			fprintf(f, "| %llu ", (unsigned long long)m->devices);
			esc_md(f, m->vendor);
			esc_md(f, maker);
			esc_md(f, m->name);
			esc_md(f, m->differs ? "yes" : "");
			fprintf(f, "| %llu ", (unsigned long long)m->udn_mismatch);
			esc_md(f, nb);
			fputs("|\n", f);
			continue;
		}
		fprintf(f, "%8llu  %-34s %-34s %-30s %-7s %8llu%s", (unsigned long long)m->devices,
			esc_term(e[0], 35, m->vendor ? m->vendor : "-"),
			esc_term(e[1], 35, maker ? maker : "-"),
			esc_term(e[2], 31, m->name ? m->name : "-"), m->differs ? "yes" : "",
			(unsigned long long)m->udn_mismatch, nb[0] ? "  " : "");
		esc_term_put(f, nb);
		fputc('\n', f);
	}
	if (!md)
		fputs("DIFFERS: the description's manufacturer is not the MAC's registered vendor "
		      "(an "
		      "ODM's or chipset maker's prefix, or a rebadged device)\n",
		      f);
}

void report_model_json(const struct report *r, json_object *o)
{
	json_object *s, *a = json_object_new_array(), *u = json_object_new_object();
	size_t i, j;

	if (json_object_object_get_ex(o, "summary", &s)) {
		json_object_object_add(s, "described",
				       json_object_new_int64((int64_t)r->described));
		for (i = 0; i < r->nundescribed; i++)
			json_object_object_add(u, r->undescribed[i].what,
					       json_object_new_int64((int64_t)r->undescribed[i].n));
		json_object_object_add(s, "no_description_by_outcome", u);
	} else {
		json_object_put(u);
	}
	for (i = 0; i < r->nmodels; i++) {
		const struct rmodel *m = &r->models[i];
		json_object *e = json_object_new_object(), *nb = json_object_new_array();

		json_object_object_add(e, "vendor", report_json_str(m->vendor));
		json_object_object_add(e, "described", json_object_new_boolean(m->described));
		json_object_object_add(e, "manufacturer", report_json_str(m->manufacturer));
		json_object_object_add(e, "model", report_json_str(m->name));
		json_object_object_add(e, "outcome",
				       report_json_str(m->described ? NULL
						       : m->outcome ? m->outcome
								    : "not described"));
		json_object_object_add(e, "differs", json_object_new_boolean(m->differs));
		json_object_object_add(e, "devices", json_object_new_int64((int64_t)m->devices));
		json_object_object_add(e, "udn_mismatch",
				       json_object_new_int64((int64_t)m->udn_mismatch));
		for (j = 0; j < m->nnumbers; j++)
			json_object_array_add(nb,
					      report_json_count("model_number", m->numbers[j].what,
								m->numbers[j].n));
		json_object_object_add(e, "model_numbers", nb);
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "models", a);
}

void report_model_device_json(const struct rdevice *d, json_object *e)
{
	json_object *o;

	if (!d->desc.outcome) {
		json_object_object_add(e, "description", NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "outcome", json_object_new_string(d->desc.outcome));
	json_object_object_add(o, "manufacturer", report_json_str(d->desc.manufacturer));
	json_object_object_add(o, "modelName", report_json_str(d->desc.name));
	json_object_object_add(o, "modelNumber", report_json_str(d->desc.number));
	json_object_object_add(o, "serialNumber", report_json_str(d->desc.serial));
	json_object_object_add(o, "firmware", report_json_str(d->desc.firmware));
	json_object_object_add(o, "differs",
			       report_described(d) ? json_object_new_boolean(d->differs) : NULL);
	json_object_object_add(e, "description", o);
}
