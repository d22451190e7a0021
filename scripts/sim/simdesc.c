// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The lab's device descriptions and hostile documents (see simdesc.h). */
#include <stdio.h>
#include <string.h>
#include "simdesc.h"

const struct sim_loc sim_locs[4] = {
	{5000, "/rootDesc.xml"},	      /* miniupnpd */
	{49152, "/description.xml"},	      /* libupnp */
	{80, "/igd.xml"},		      /* an embedded server */
	{1780, "/InternetGatewayDevice.xml"}, /* a vendor stack */
};

#define NAME_(e, n, o) [SIM_H_##e] = n,
const char *const sim_hostile_names[SIM_H_N] = {SIM_HOSTILE(NAME_)};
#undef NAME_
#define OUT_(e, n, o) [SIM_H_##e] = o,
const char *const sim_hostile_outcomes[SIM_H_N] = {SIM_HOSTILE(OUT_)};
#undef OUT_

/* Brands on the box; the MAC's prefix often names the ODM or the chipset maker instead. */
static const struct {
	const char *manufacturer, *models[4];
} brands[] = {
	{"NETGEAR, Inc.", {"R7000", "R6400", "WNR2000v5", "Nighthawk R8000"}},
	{"TP-LINK", {"Archer C7", "TL-WR841N", "Archer C9", "TL-WR940N"}},
	{"D-Link Corporation", {"DIR-615", "DIR-825", "DIR-868L", "DCS-930L"}},
	{"ASUSTeK Computer Inc.", {"RT-AC68U", "RT-N12", "RT-AC1200G+", "RT-AX58U"}},
	{"Hikvision", {"DS-2CD2032-I", "DS-7608NI-K2", "DS-2CD2142FWD-I", "DS-7104NI-Q1"}},
	{"Dahua", {"IPC-HFW1320S", "NVR4104-P", "IPC-HDW4431C-A", "XVR5108HS"}},
	{"ZTE", {"ZXHN H108N", "ZXHN F660", "ZXHN H298A", "MF283+"}},
	{"Huawei Technologies Co., Ltd.", {"HG8245H", "HG532e", "B315s-22", "EchoLife HG8010H"}},
	{"Sagemcom", {"F@ST 3686", "Livebox 3", "F@ST 5370e", "F@ST 2704N"}},
	{"AT&T", {"Pace 5268AC", "BGW210-700", "NVG589", "2Wire 3600HGV"}},
	{"Xiongmai", {"IPC 720P", "NBD80X16S", "AHB7804R", "IPG-53H20PL"}},
};
#define NBRANDS (sizeof(brands) / sizeof(brands[0]))

void sim_model_of(const struct sim_dev *d, struct sim_model *m)
{
	uint64_t r = d->seed;
	size_t b = (size_t)((r >> 8) % NBRANDS), n;

	memset(m, 0, sizeof(*m));
	m->served = r % 100 >= 4; /* a few LOCATIONs lead nowhere */
	snprintf(m->manufacturer, sizeof(m->manufacturer), "%s",
		 d->vendor && (r >> 16) % 100 < 40 ? d->vendor : brands[b].manufacturer);
	/* as a stack would print it: registry names come with trailing blanks */
	for (n = strlen(m->manufacturer); n && m->manufacturer[n - 1] == ' ';)
		m->manufacturer[--n] = '\0';
	snprintf(m->model_name, sizeof(m->model_name), "%s", brands[b].models[(r >> 20) % 4]);
	snprintf(m->model_number, sizeof(m->model_number), "V%u.%u.%u", (unsigned)(r >> 24) % 4 + 1,
		 (unsigned)(r >> 28) % 10, (unsigned)(r >> 32) % 100);
	if ((r >> 40) % 100 < 30) /* the MAC as the serial, as many stacks do */
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
	char man[256], name[128], udn[192];
	int n;

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
		d->stack == 0 ? "<deviceList><device><deviceType>urn:schemas-upnp-org:device:"
				"WANDevice:1</deviceType><friendlyName>WANDevice</friendlyName>"
				"<manufacturer>"
			      : "",
		d->stack == 0 ? man : "", d->stack == 0 ? "</manufacturer><modelName>" : "",
		d->stack == 0 ? name : "", d->stack == 0 ? "</modelName><UDN>" : "",
		d->stack == 0 ? udn : "", d->stack == 0 ? "-1</UDN></device></deviceList>" : "",
		d->addr >> 24, d->addr >> 16 & 255, d->addr >> 8 & 255, d->addr & 255);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}
