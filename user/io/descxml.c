// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "descxml.h"

#define NAME_(e, n, a) [DESC_##e] = n,
static const char *const names[] = {DESC_FIELDS(NAME_)};
#undef NAME_
#define ALT_(e, n, a) [DESC_##e] = a,
static const char *const alts[] = {DESC_FIELDS(ALT_)};
#undef ALT_

const char *desc_field_name(enum desc_field f)
{
	return f < DESC_NFIELDS ? names[f] : "?";
}

/* Any DOCTYPE: remember it and stop (no entity is ever declared, let alone expanded). */
static void refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr c = ctx;

	c->_private = (void *)1;
	xmlStopParser(c);
}

static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
			  const xmlChar *sys, xmlChar *content)
{
	refuse_dtd(ctx, name, pub, sys);
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* A value trimmed of blanks, at most DESC_VAL_MAX bytes cut where a UTF-8 character starts. */
static char *value_of(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	size_t len, start = 0;
	char *v = NULL;

	if (!c)
		return NULL;
	len = strlen((char *)c);
	while (start < len && strchr(" \t\r\n", c[start]))
		start++;
	while (len > start && strchr(" \t\r\n", c[len - 1]))
		len--;
	if (len - start > DESC_VAL_MAX) {
		len = start + DESC_VAL_MAX;
		while (len > start && (c[len] & 0xc0) == 0x80)
			len--;
	}
	if (len > start && (v = malloc(len - start + 1))) {
		memcpy(v, c + start, len - start);
		v[len - start] = '\0';
	}
	xmlFree(c);
	return v;
}

static void walk_device(xmlNode *dev, int depth, struct desc *d)
{
	struct desc_device *out = NULL;
	xmlNode *n, *m;
	int i;

	d->ndevices++;
	if (d->ndev < DESC_MAX_DEVICES) {
		out = &d->dev[d->ndev++];
		out->depth = depth;
	}
	for (n = dev->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "deviceList") && depth + 1 < DESC_MAX_DEPTH) {
			for (m = n->children; m; m = m->next)
				if (is(m, "device"))
					walk_device(m, depth + 1, d);
			continue;
		}
		for (i = 0; out && i < DESC_NFIELDS; i++) {
			if (!out->f[i] && (is(n, names[i]) || (alts[i] && is(n, alts[i])))) {
				out->f[i] = value_of(n);
				break;
			}
		}
	}
}

/* AVM's firmware version, beside the device: <systemVersion><Display>154.07.10</Display> */
static void system_version(xmlNode *sv, struct desc *d)
{
	xmlNode *n;

	for (n = sv->children; n && !d->sysver; n = n->next)
		if (is(n, "Display"))
			d->sysver = value_of(n);
}

enum desc_result desc_parse(const char *buf, size_t len, struct desc *d)
{
	xmlParserCtxtPtr c;
	enum desc_result r;
	xmlNode *root, *n;

	memset(d, 0, sizeof(*d));
	if (len > 1 << 24)
		return DESC_R_NOT_XML;
	c = xmlCreateMemoryParserCtxt(buf, (int)len);
	if (!c)
		return DESC_R_NOT_XML;
	/* no network, no entity substitution (no NOENT), no DTD loading (no DTDLOAD/DTDATTR),
	 * libxml2's own limits (no HUGE); errors are outcomes, not messages */
	xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				     XML_PARSE_NOCDATA);
	c->sax->internalSubset = refuse_dtd;
	c->sax->externalSubset = refuse_dtd;
	c->sax->entityDecl = refuse_entity;
	c->_private = NULL;
	xmlParseDocument(c);
	if (c->_private)
		r = DESC_R_HOSTILE;
	else if (!c->wellFormed || !c->myDoc)
		r = DESC_R_NOT_XML;
	else
		r = DESC_R_NOT_UPNP;
	if (r == DESC_R_NOT_UPNP && (root = xmlDocGetRootElement(c->myDoc)) && is(root, "root")) {
		for (n = root->children; n; n = n->next) {
			if (is(n, "device") && r != DESC_R_OK) {
				walk_device(n, 0, d);
				r = DESC_R_OK;
			} else if (is(n, "systemVersion")) {
				system_version(n, d);
			}
		}
		if (r == DESC_R_OK && !d->dev[0].f[DESC_SYSTEM_VERSION])
			d->dev[0].f[DESC_SYSTEM_VERSION] = d->sysver, d->sysver = NULL;
		free(d->sysver);
		d->sysver = NULL;
	}
	if (c->myDoc)
		xmlFreeDoc(c->myDoc);
	xmlFreeParserCtxt(c);
	return r;
}

void desc_free(struct desc *d)
{
	int i, j;

	for (i = 0; i < d->ndev; i++)
		for (j = 0; j < DESC_NFIELDS; j++)
			free(d->dev[i].f[j]);
	free(d->sysver);
	memset(d, 0, sizeof(*d));
}

/* "uuid:ABC::urn:..." or "ABC" to "ABC": the identity part of a USN or UDN. */
static size_t id_part(const char *s, const char **start)
{
	const char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncasecmp(s, "uuid:", 5))
		s += 5;
	e = strstr(s, "::");
	*start = s;
	return e ? (size_t)(e - s) : strcspn(s, " \t\r\n");
}

/* Does any device of the description carry the record's USN identity as its UDN? */
int desc_udn_match(const struct desc *ds, const char *usn)
{
	const char *a, *b;
	size_t la, lb;
	int i;

	la = id_part(usn, &a);
	for (i = 0; i < ds->ndev; i++) {
		if (!ds->dev[i].f[DESC_UDN])
			continue;
		lb = id_part(ds->dev[i].f[DESC_UDN], &b);
		if (la && la == lb && !strncasecmp(a, b, la))
			return 1;
	}
	return 0;
}

/* The MAC's 12 hex digits inside a value's hex digits (separators and case aside)? */
static bool holds_mac(const char *v, const char *mac12)
{
	char hex[DESC_VAL_MAX + 1];
	size_t n = 0;

	for (; v && *v && n < DESC_VAL_MAX; v++)
		if (isxdigit((unsigned char)*v))
			hex[n++] = (char)tolower((unsigned char)*v);
	hex[n] = '\0';
	return n >= 12 && strstr(hex, mac12);
}

/* Which field of the description names the record's MAC: evidence for its identification. */
const char *desc_mac_evidence(const struct desc *ds, const char *mac)
{
	char m[13];
	size_t n = 0;
	int i;

	for (; mac && *mac && n < 12; mac++)
		if (isxdigit((unsigned char)*mac))
			m[n++] = (char)tolower((unsigned char)*mac);
	m[n] = '\0';
	if (n != 12)
		return NULL;
	for (i = 0; i < ds->ndev; i++) {
		if (holds_mac(ds->dev[i].f[DESC_MAC_ADDRESS], m))
			return "macAddress";
		if (holds_mac(ds->dev[i].f[DESC_SERIAL_NUMBER], m))
			return "serialNumber";
	}
	return NULL;
}
