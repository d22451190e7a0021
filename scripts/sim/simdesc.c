// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The lab's device descriptions and hostile documents (see simdesc.h). */
#include <stdio.h>
#include <string.h>
#include "simdesc.h"

#define NAME_(e, n, o) [SIM_H_##e] = n,
const char *const sim_hostile_names[SIM_H_N] = {SIM_HOSTILE(NAME_)};
#undef NAME_
#define OUT_(e, n, o) [SIM_H_##e] = o,
const char *const sim_hostile_outcomes[SIM_H_N] = {SIM_HOSTILE(OUT_)};
#undef OUT_

/* The name on the box: the corpus' brand for the device, or (as many stacks print it) the MAC
 * block's registered owner; the model as the corpus names the device. */
void sim_model_of(const struct sim_dev *d, struct sim_model *m)
{
	const char *brand = d->brand ? d->brand : "Unknown", *model = d->model ? d->model : "";
	uint64_t r = d->seed;
	size_t n;

	memset(m, 0, sizeof(*m));
	m->served = r % 100 >= 4; /* a few LOCATIONs lead nowhere */
	snprintf(m->manufacturer, sizeof(m->manufacturer), "%s",
		 d->vendor && (r >> 16) % 100 < 40 ? d->vendor : brand);
	/* as a stack would print it: registry names come with trailing blanks */
	for (n = strlen(m->manufacturer); n && m->manufacturer[n - 1] == ' ';)
		m->manufacturer[--n] = '\0';
	/* "D-Link DCS-935L camera (...)": up to the first parenthesis or comma */
	n = strcspn(model, "(,");
	while (n && model[n - 1] == ' ')
		n--;
	snprintf(m->model_name, sizeof(m->model_name), "%.*s", (int)n, model);
	snprintf(m->model_number, sizeof(m->model_number), "V%u.%u.%u", (unsigned)(r >> 24) % 4 + 1,
		 (unsigned)(r >> 28) % 10, (unsigned)(r >> 32) % 100);
	if (d->has_mac && (r >> 40) % 100 < 30) /* the MAC as the serial, as many stacks do */
		snprintf(m->serial, sizeof(m->serial), "%02X%02X%02X%02X%02X%02X", d->mac[0],
			 d->mac[1], d->mac[2], d->mac[3], d->mac[4], d->mac[5]);
	else
		snprintf(m->serial, sizeof(m->serial), "SN%010llu",
			 (unsigned long long)((r >> 20) % 10000000000ULL));
	if ((r >> 48) % 100 < 5) /* a stack whose UDN is not its USN's UUID */
		snprintf(m->udn, sizeof(m->udn), "uuid:%08x-0000-1000-8000-%012llx",
			 (unsigned)(r >> 32), (unsigned long long)(r & 0xffffffffffffULL));
	else
		snprintf(m->udn, sizeof(m->udn), "uuid:%s", d->usn_id);
}

/* s escaped for XML text into out. */
static const char *esc(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 7 < cap; s++) {
		const char *e = *s == '&'   ? "&amp;"
				: *s == '<' ? "&lt;"
				: *s == '>' ? "&gt;"
					    : NULL;

		if (e)
			o += (size_t)snprintf(out + o, cap - o, "%s", e);
		else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

size_t sim_desc_xml(const struct sim_dev *d, const struct sim_model *m, char *buf, size_t cap)
{
	char man[256], name[128], udn[400];
	int n, sub = (d->seed >> 56) % 2; /* a root device with an embedded one */

	esc(m->manufacturer, man, sizeof(man));
	esc(m->model_name, name, sizeof(name));
	esc(m->udn, udn, sizeof(udn));
	n = snprintf(
		buf, cap,
		"<?xml version=\"1.0\"?>\r\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
		"<specVersion><major>1</major><minor>0</minor></specVersion><device>"
		"<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
		"<friendlyName>%s %s</friendlyName><manufacturer>%s</manufacturer>"
		"<modelDescription>%s %s</modelDescription><modelName>%s</modelName>"
		"<modelNumber>%s</modelNumber><serialNumber>%s</serialNumber><UDN>%s</UDN>"
		"<serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1"
		"</serviceType><serviceId>urn:upnp-org:serviceId:L3Forwarding1</serviceId>"
		"<controlURL>/ctl/L3F</controlURL><eventSubURL>/evt/L3F</eventSubURL>"
		"<SCPDURL>/L3F.xml</SCPDURL></service></serviceList>"
		"%s%s%s%s%s%s%s"
		"<presentationURL>http://%u.%u.%u.%u/</presentationURL></device></root>\r\n",
		man, name, man, man, name, name, m->model_number, m->serial, udn,
		sub ? "<deviceList><device><deviceType>urn:schemas-upnp-org:device:"
		      "WANDevice:1</deviceType><friendlyName>WANDevice</friendlyName>"
		      "<manufacturer>"
		    : "",
		sub ? man : "", sub ? "</manufacturer><modelName>" : "", sub ? name : "",
		sub ? "</modelName><UDN>" : "", sub ? udn : "",
		sub ? "-1</UDN></device></deviceList>" : "", d->addr >> 24, d->addr >> 16 & 255,
		d->addr >> 8 & 255, d->addr & 255);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}
