// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Device descriptions: real documents (tests/data/descriptions, see PROVENANCE.md) to their
 * fields; hostile documents to their outcomes; the UDN and MAC checks; LOCATION at an address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "descxml.h"
#include "fetch.h"

static char *slurp(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *buf = malloc(1 << 20);

	snprintf(path, sizeof(path), "tests/data/descriptions/%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static const struct {
	const char *file, *manufacturer, *model, *number, *serial, *udn, *firmware;
	int ndevices;
	const char *embedded_type; /* dev[1] */
} real[] = {
	{"avm_fritzbox7590_igddesc.xml", "AVM Berlin", "FRITZ!Box 7590", "avm", NULL,
	 "uuid:75802409-bccb-just-a-test-udn", NULL, 3, "urn:schemas-upnp-org:device:WANDevice:1"},
	{"avm_fritzbox7590_tr64desc.xml", "AVM", "FRITZ!Box 7590", "- avm", NULL,
	 "uuid:739f2409-bccb-40e7-8e6c-989BCB2B93B0", "154.07.10", 4,
	 "urn:dslforum-org:device:LANDevice:1"},
	{"linksys_wag200g_desc.xml", "LINKSYS", "Wireless-G ADSL Home Gateway", "WAG200G",
	 "123456789", "uuid:8ca2eb37-1dd2-11b2-86f1-001a709b5aa8", NULL, 4,
	 "urn:schemas-upnp-org:device:WANDevice:1"},
	{"sagemcom_livebox_desc.xml", "Sagemcom", "Residential Livebox,(DSL,WAN Ethernet)", "3",
	 "LK14129DP441489", "uuid:87895a19-50f9-3736-a87f-115c230155f8", NULL, 3,
	 "urn:schemas-upnp-org:device:WANDevice:2"},
	{"async_upnp_client_igd_device.xml", "Steven", "DummyRouter v1", NULL, NULL,
	 "uuid:00000000-0000-0000-0000-000000000000", NULL, 3,
	 "urn:schemas-upnp-org:device:WANDevice:1"},
};

static void str_or_null(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
}

static void real_documents_give_their_model_serial_and_udn(void **state)
{
	size_t i, len;

	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		char *buf = slurp(real[i].file, &len);
		struct desc d;

		assert_int_equal(desc_parse(buf, len, &d), DESC_R_OK);
		assert_int_equal(d.ndevices, real[i].ndevices);
		assert_int_equal(d.ndev, real[i].ndevices);
		assert_int_equal(d.dev[0].depth, 0);
		assert_string_equal(d.dev[0].f[DESC_MANUFACTURER], real[i].manufacturer);
		assert_string_equal(d.dev[0].f[DESC_MODEL_NAME], real[i].model);
		str_or_null(d.dev[0].f[DESC_MODEL_NUMBER], real[i].number);
		str_or_null(d.dev[0].f[DESC_SERIAL_NUMBER], real[i].serial);
		assert_string_equal(d.dev[0].f[DESC_UDN], real[i].udn);
		str_or_null(d.dev[0].f[DESC_SYSTEM_VERSION], real[i].firmware);
		assert_string_equal(d.dev[1].f[DESC_DEVICE_TYPE], real[i].embedded_type);
		assert_int_equal(d.dev[1].depth, 1);
		desc_free(&d);
		free(buf);
	}
}

static void the_linksys_udn_matches_its_usn_and_another_does_not(void **state)
{
	size_t len;
	char *buf = slurp("linksys_wag200g_desc.xml", &len);
	struct desc d;

	assert_int_equal(desc_parse(buf, len, &d), DESC_R_OK);
	assert_true(
		desc_udn_match(&d, "uuid:8CA2EB37-1DD2-11B2-86F1-001A709B5AA8::upnp:rootdevice"));
	assert_true(desc_udn_match(&d, "uuid:8ca2eb37-1dd2-11b2-86f1-001a709b5aa8"));
	assert_false(
		desc_udn_match(&d, "uuid:8ca2eb37-1dd2-11b2-86f1-001a709b5aa9::upnp:rootdevice"));
	assert_false(desc_udn_match(&d, "uuid:::upnp:rootdevice"));
	/* the serial is no MAC; the UDN's node is, but a UDN is not evidence of its own */
	assert_null(desc_mac_evidence(&d, "00:1a:70:9b:5a:a8"));
	desc_free(&d);
	free(buf);
}

/* Documents written here to be hostile (no device made them). */
static const struct {
	const char *name, *doc;
	enum desc_result want;
} hostile[] = {
	{"billion laughs",
	 "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	 "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	 "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]>"
	 "<root><device><friendlyName>&lol2;</friendlyName></device></root>",
	 DESC_R_HOSTILE},
	{"external entity",
	 "<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	 "<root><device><friendlyName>&x;</friendlyName></device></root>",
	 DESC_R_HOSTILE},
	{"external DTD", "<!DOCTYPE root SYSTEM \"http://198.18.0.1/x.dtd\"><root><device/></root>",
	 DESC_R_HOSTILE},
	{"undeclared entity", "<root><device><friendlyName>&x;</friendlyName></device></root>",
	 DESC_R_NOT_XML},
	{"malformed", "<root><device><friendlyName>a</device></root>", DESC_R_NOT_XML},
	{"HTML", "<html><body>Not Found</body></html>", DESC_R_NOT_UPNP},
	{"text", "SSH-2.0-OpenSSH_9.2\r\n", DESC_R_NOT_XML},
	{"empty", "", DESC_R_NOT_XML},
	{"no device", "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion/></root>",
	 DESC_R_NOT_UPNP},
	{"bad UTF-8", "<root><device><friendlyName>\xff\xfe</friendlyName></device></root>",
	 DESC_R_NOT_XML},
};

static void hostile_documents_land_in_their_outcome(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct desc d;

		print_message("%s\n", hostile[i].name);
		assert_int_equal(desc_parse(hostile[i].doc, strlen(hostile[i].doc), &d),
				 hostile[i].want);
		assert_int_equal(d.ndev, hostile[i].want == DESC_R_OK);
		desc_free(&d);
	}
}

static void values_are_trimmed_and_cut_on_a_character(void **state)
{
	char doc[2048], name[600];
	struct desc d;
	size_t i;

	/* 255 ASCII bytes then a 2-byte character: the cut at 256 falls inside it */
	for (i = 0; i < 255; i++)
		name[i] = 'a';
	strcpy(name + 255, "\xc3\xa9tail");
	snprintf(doc, sizeof(doc),
		 "<root><device><friendlyName> \n %s </friendlyName><modelName>\tM&amp;N "
		 "</modelName><serialNum>00-0E-58-01-02-03:7</serialNum>"
		 "<MACAddress>00:0E:58:01:02:03</MACAddress></device></root>",
		 name);
	assert_int_equal(desc_parse(doc, strlen(doc), &d), DESC_R_OK);
	assert_int_equal(strlen(d.dev[0].f[DESC_FRIENDLY_NAME]), 255);
	assert_string_equal(d.dev[0].f[DESC_MODEL_NAME], "M&N");
	assert_string_equal(d.dev[0].f[DESC_SERIAL_NUMBER], "00-0E-58-01-02-03:7");
	assert_string_equal(desc_mac_evidence(&d, "00:0e:58:01:02:03"), "macAddress");
	assert_null(desc_mac_evidence(&d, "00:0e:58:01:02:04"));
	desc_free(&d);
	snprintf(doc, sizeof(doc),
		 "<root><device><serialNumber>SN000E58010203</serialNumber></device></root>");
	assert_int_equal(desc_parse(doc, strlen(doc), &d), DESC_R_OK);
	assert_string_equal(desc_mac_evidence(&d, "00:0e:58:01:02:03"), "serialNumber");
	desc_free(&d);
}

static void embedded_devices_are_kept_up_to_a_bound(void **state)
{
	char doc[8192];
	size_t o = 0;
	struct desc d;
	int i;

	o += (size_t)snprintf(doc + o, sizeof(doc) - o, "<root><device><deviceList>");
	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(doc + o, sizeof(doc) - o,
				      "<device><modelName>e%d</modelName></device>", i);
	snprintf(doc + o, sizeof(doc) - o, "</deviceList></device></root>");
	assert_int_equal(desc_parse(doc, strlen(doc), &d), DESC_R_OK);
	assert_int_equal(d.ndevices, 41);
	assert_int_equal(d.ndev, DESC_MAX_DEVICES);
	assert_string_equal(d.dev[1].f[DESC_MODEL_NAME], "e0");
	desc_free(&d);
	/* nesting beyond DESC_MAX_DEPTH is not followed */
	o = 0;
	for (i = 0; i < 20; i++)
		o += (size_t)snprintf(doc + o, sizeof(doc) - o, "%s<device>",
				      i ? "<deviceList>" : "<root>");
	for (i = 0; i < 20; i++)
		o += (size_t)snprintf(doc + o, sizeof(doc) - o, "</device>%s",
				      i < 19 ? "</deviceList>" : "</root>");
	assert_int_equal(desc_parse(doc, strlen(doc), &d), DESC_R_OK);
	assert_int_equal(d.ndevices, DESC_MAX_DEPTH);
	desc_free(&d);
}

static void location_is_fetched_at_the_reply_address(void **state)
{
	static const struct {
		const char *loc, *addr, *want;
	} t[] = {
		{"http://192.168.1.1:5000/rootDesc.xml", "198.18.0.7",
		 "http://198.18.0.7:5000/rootDesc.xml"},
		{"HTTP://user:pw@10.0.0.1/a/b.xml?x=1#frag", "198.18.0.7",
		 "http://198.18.0.7/a/b.xml?x=1"},
		{"https://[fe80::1]:8443/d.xml", "2001:db8::5", "https://[2001:db8::5]:8443/d.xml"},
		{"http://device.local:49152/description.xml", "198.18.0.9",
		 "http://198.18.0.9:49152/description.xml"},
		{"ftp://10.0.0.1/x.xml", "198.18.0.7", NULL},
		{"file:///etc/passwd", "198.18.0.7", NULL},
		{"not a url", "198.18.0.7", NULL},
		{"http://10.0.0.1/x.xml", "not-an-address", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *u = fetch_url_at(t[i].loc, t[i].addr);

		print_message("%s at %s\n", t[i].loc, t[i].addr);
		str_or_null(u, t[i].want);
		free(u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_documents_give_their_model_serial_and_udn),
		cmocka_unit_test(the_linksys_udn_matches_its_usn_and_another_does_not),
		cmocka_unit_test(hostile_documents_land_in_their_outcome),
		cmocka_unit_test(values_are_trimmed_and_cut_on_a_character),
		cmocka_unit_test(embedded_devices_are_kept_up_to_a_bound),
		cmocka_unit_test(location_is_fetched_at_the_reply_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
