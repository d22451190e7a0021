// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* One class per USN value; a vendor only where the MAC is real. A table, read as a spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "log.h"
#include "usn.h"

static struct oui_db db;
#define NOW 1795000000 /* 2026-11-18 */

static const struct {
	const char *usn;
	enum usn_class cls;
	const char *mac;    /* NULL: no MAC shown */
	const char *vendor; /* NULL: no vendor named */
	enum usn_time_note note;
} cases[] = {
	{"uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:rootdevice", USN_V1_MAC,
	 "00:a0:c9:1e:6b:f6", "Intel Corporation", TIME_PLAUSIBLE},
	{"UUID:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6", USN_V1_MAC, "00:a0:c9:1e:6b:f6",
	 "Intel Corporation", TIME_PLAUSIBLE},
	/* MA-S block inside the MA-L block 70:B3:D5 */
	{"uuid:f81d4fae-7dec-11d0-a765-70b3d5f2f001", USN_V1_MAC, "70:b3:d5:f2:f0:01",
	 "TELEPLATFORMS", TIME_PLAUSIBLE},
	/* multicast bit: random node */
	{"uuid:f81d4fae-7dec-11d0-a765-01a0c91e6bf6", USN_V1_RANDOM, "01:a0:c9:1e:6b:f6", NULL},
	/* a random node as RFC 4122 4.5 asks for it, with a 1970 time */
	{"uuid:1d6a6b3c-1dd2-11b2-a0f8-c3e1f5a7d9b2", USN_V1_RANDOM, "c3:e1:f5:a7:d9:b2", NULL,
	 TIME_NO_CLOCK},
	/* locally administered */
	{"uuid:f81d4fae-7dec-11d0-a765-02a0c91e6bf6", USN_V1_LOCAL, "02:a0:c9:1e:6b:f6", NULL},
	/* a prefix no registry holds */
	{"uuid:f81d4fae-7dec-11d0-a765-dcffff000001", USN_V1_UNASSIGNED, "dc:ff:ff:00:00:01", NULL},
	/* a device with no clock: 1970 */
	{"uuid:2b1e8f2a-1dd1-11b2-8f3c-00a0c9aabbcc", USN_V1_MAC, "00:a0:c9:aa:bb:cc",
	 "Intel Corporation", TIME_NO_CLOCK},
	/* MiniDLNA: "MiniDLNA" in ASCII as a fixed v1-shaped prefix before the real MAC */
	{"uuid:4d696e69-444c-164e-9d41-00a0c91e6bf6", USN_V1_MAC, "00:a0:c9:1e:6b:f6",
	 "Intel Corporation", TIME_PLACEHOLDER},
	/* a time far out of range with random digits: looks hash-derived, still shown */
	{"uuid:9f3ac2b7-e1d4-1a6f-8c5b-00a0c91e6bf6", USN_V1_MAC, "00:a0:c9:1e:6b:f6",
	 "Intel Corporation", TIME_RANDOM},
	{"uuid:12345678-1234-1234-9234-00a0c91e6bf6", USN_V1_MAC, "00:a0:c9:1e:6b:f6",
	 "Intel Corporation", TIME_PLACEHOLDER},
	/* embedded MACs in non-v1 identifiers */
	{"uuid:63041253-1019-2006-1228-00e04c123456::upnp:rootdevice", USN_EMBEDDED_MAC,
	 "00:e0:4c:12:34:56", "REALTEK SEMICONDUCTOR CORP."},
	{"uuid:upnp-InternetGatewayDevice-1_0-0014bfaabbcc::upnp:rootdevice", USN_EMBEDDED_MAC,
	 "00:14:bf:aa:bb:cc", "Cisco-Linksys, LLC"},
	{"uuid:upnp-WANDevice-1_0-0014BFAABBCC", USN_EMBEDDED_MAC, "00:14:bf:aa:bb:cc",
	 "Cisco-Linksys, LLC"},
	{"uuid:RINCON_000E58A1B2C301400::urn:schemas-upnp-org:device:ZonePlayer:1",
	 USN_EMBEDDED_MAC, "00:0e:58:a1:b2:c3", "Sonos, Inc."},
	/* shared constants identify no device */
	{"uuid:00000000-0000-0000-0000-000000000000", USN_SHARED_CONSTANT},
	{"uuid:fc4ec57e-b051-11db-88f8-0060085db3f6::upnp:rootdevice", USN_SHARED_CONSTANT},
	{"uuid:2fac1234-31f8-11b4-a222-08002b34c003", USN_SHARED_CONSTANT},
	{"uuid:75802409-bccb-40e7-8e6c-fa095ecce13e", USN_SHARED_CONSTANT},
	/* other versions */
	{"uuid:3f1e2d4c-5b6a-4978-8a9b-0c1d2e3f4a5b::upnp:rootdevice", USN_NO_MAC},
	/* v1 nibble, MS variant: trailing digits under Intel's prefix, nothing names Intel */
	{"uuid:3f1e2d4c-5b6a-1978-ca9b-00a0c91e6bf6", USN_MAC_CANDIDATE},
	/* conventions of user/core/conventions.tsv, as real devices send them */
	{"uuid:76802409-bccb-40e7-8e6b-2C91ABD34194", USN_EMBEDDED_MAC, "2c:91:ab:d3:41:94",
	 "AVM Audiovisuelles Marketing und Computersysteme GmbH"},
	{"uuid:54776f6e-6b79-4d65-641e-0001db085e2f", USN_EMBEDDED_MAC, "00:01:db:08:5e:2f",
	 "Freecom Technologies GmbH"},
	{"uuid:b0c554255b0e-0::upnp:rootdevice", USN_EMBEDDED_MAC, "b0:c5:54:25:5b:0e",
	 "D-Link International"},
	{"uuid:ManageableDevice-08_EB_74_86_88_0D::upnp:rootdevice", USN_EMBEDDED_MAC,
	 "08:eb:74:86:88:0d", "HUMAX Co., Ltd."},
	{"uuid:upnp-InternetGatewayDevice-08:eb:74:86:88:0d", USN_EMBEDDED_MAC, "08:eb:74:86:88:0d",
	 "HUMAX Co., Ltd."},
	{"uuid:GatewayWithWiFi-1_0-185933f4491f", USN_EMBEDDED_MAC, "18:59:33:f4:49:1f",
	 "Cisco SPVTG"},
	/* look-alikes of the conventions */
	{"uuid:Bridge-1_0-231447B010097E", USN_NOT_UUID}, /* 14 digits: a serial */
	{"uuid:upnp-InternetGatewayDevice-yy:yy:yy:yy:yy:890", USN_NOT_UUID}, /* masked */
	{"uuid:ManageableDevice-08_EB_74_86_88", USN_NOT_UUID},
	/* not UUIDs */
	{"uuid:roku:ecp:YH00AB123456", USN_NOT_UUID},
	{"uuid:", USN_NOT_UUID},
	{"", USN_NOT_UUID},
	{"uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bfZ", USN_NOT_UUID},
	{"uuid:upnp-InternetGatewayDevice-1_0-0014bfaabbc", USN_NOT_UUID},
};

static int setup(void **state)
{
	return oui_load(&db, NULL);
}

static int teardown(void **state)
{
	oui_free(&db);
	return 0;
}

static void every_value_gets_its_one_class(void **state)
{
	struct usn_info u;
	char m[18];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		usn_classify(cases[i].usn, strlen(cases[i].usn), &db, NOW, &u);
		if (u.cls != cases[i].cls)
			fail_msg("%s: class %s, want %s", cases[i].usn, usn_class_name(u.cls),
				 usn_class_name(cases[i].cls));
		assert_non_null(u.why);
		if (cases[i].mac) {
			assert_true(u.has_mac);
			mac_format(u.mac, m);
			assert_string_equal(m, cases[i].mac);
		}
		if (cases[i].vendor) {
			assert_non_null(u.vendor);
			assert_string_equal(oui_name(&db, u.vendor), cases[i].vendor);
		} else {
			/* never a vendor where the MAC is not real */
			assert_null(u.vendor);
		}
		if (cases[i].cls <= USN_V1_UNASSIGNED && cases[i].cls != USN_V1_RANDOM &&
		    cases[i].note != TIME_PLAUSIBLE) {
			if (u.time_note != cases[i].note)
				fail_msg("%s: time note %s, want %s", cases[i].usn,
					 usn_time_note_name(u.time_note),
					 usn_time_note_name(cases[i].note));
		}
	}
}

static void embedded_nul_and_overlong_values_are_not_uuids(void **state)
{
	char big[8192];
	struct usn_info u;

	usn_classify("uuid:f81d4fae-7dec-11d0-a765-00a0c9\0e6bf6", 41, &db, NOW, &u);
	assert_int_equal(u.cls, USN_NOT_UUID);
	memset(big, 'a', sizeof(big));
	usn_classify(big, sizeof(big), &db, NOW, &u);
	assert_int_equal(u.cls, USN_NOT_UUID);
}

/* Trailing digits of a UUID are named only when the message's own words name their vendor. */
static void trailing_digits_need_the_message_to_name_the_vendor(void **state)
{
	static const struct {
		const char *usn, *hint;
		enum usn_class cls;
		enum usn_confidence conf;
		const char *vendor;
	} t[] = {
		{"uuid:ae67e622-7a66-465e-bab0-b0c5541c7185", "Cellvision UPnP/1.0",
		 USN_EMBEDDED_MAC, USN_CONF_CORROBORATED, "D-Link International"}, /* an ODM row */
		{"uuid:3ddcd1d3-2380-45f5-b069-3497f66cbb20",
		 "AsusWRT/386.1 UPnP/1.1 MiniUPnPd/2.2.0", USN_EMBEDDED_MAC, USN_CONF_CORROBORATED,
		 "ASUSTek COMPUTER INC."}, /* an alias row */
		{"uuid:ae67e622-7a66-465e-bab0-b0c5541c7185", "Linux/4.1 UPnP/1.0 D-Link/2.0",
		 USN_EMBEDDED_MAC, USN_CONF_CORROBORATED, "D-Link International"}, /* its name */
		{"uuid:ae67e622-7a66-465e-bab0-b0c5541c7185", "Linksys/1.0 UPnP/1.0",
		 USN_MAC_CANDIDATE, USN_CONF_NONE, NULL},
		{"uuid:ae67e622-7a66-465e-bab0-b0c5541c7185", "", USN_MAC_CANDIDATE, USN_CONF_NONE,
		 NULL},
		/* "International" names no vendor */
		{"uuid:ae67e622-7a66-465e-bab0-b0c5541c7185", "International UPnP/1.0",
		 USN_MAC_CANDIDATE, USN_CONF_NONE, NULL},
		/* a random tail (multicast bit) is no candidate at all */
		{"uuid:f5bd487e-816d-5ea6-bef9-0d89f9950a72", "D-Link UPnP/1.0", USN_NO_MAC,
		 USN_CONF_NONE, NULL},
		/* v1 keeps its class and confidence whatever the words */
		{"uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "Sonos", USN_V1_MAC, USN_CONF_HIGH,
		 "Intel Corporation"},
	};
	struct usn_info u;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		usn_classify_hint(t[i].usn, strlen(t[i].usn), t[i].hint, strlen(t[i].hint), &db,
				  NOW, &u);
		if (u.cls != t[i].cls || u.conf != t[i].conf)
			fail_msg("%s with '%s': %s/%s, want %s/%s", t[i].usn, t[i].hint,
				 usn_class_name(u.cls), usn_confidence_name(u.conf),
				 usn_class_name(t[i].cls), usn_confidence_name(t[i].conf));
		if (!t[i].vendor) {
			assert_null(u.vendor);
			assert_false(u.has_mac);
		} else {
			assert_string_equal(oui_name(&db, u.vendor), t[i].vendor);
		}
	}
}

/*
 * Traps stay traps wherever a MAC comes from: a version 1 node, every form of the conventions
 * table (a UUID's last group, after a product constant, separated pairs), and a UUID's trailing
 * digits under a word that would corroborate them. One check serves them all, so each trap gets
 * the same class everywhere, and no vendor.
 */
static void every_mac_source_falls_into_the_same_traps(void **state)
{
	static const struct {
		const char *fmt; /* the MAC's place: %s */
		char sep;	 /* between its pairs, or none */
		enum usn_class ok;
		enum usn_confidence conf;
	} forms[] = {
		{"uuid:f81d4fae-7dec-11d0-a765-%s", 0, USN_V1_MAC, USN_CONF_HIGH},
		{"uuid:upnp-InternetGatewayDevice-1_0-%s::upnp:rootdevice", 0, USN_EMBEDDED_MAC,
		 USN_CONF_MEDIUM},
		{"uuid:63041253-1019-2006-1228-%s", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:RINCON_%s01400", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:76802409-bccb-40e7-8e6b-%s", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:fa095ecc-e13e-40e7-8e6a-%s", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:54776f6e-6b79-4d65-641e-%s", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:%s-0::upnp:rootdevice", 0, USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:ManageableDevice-%s", '_', USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		{"uuid:upnp-InternetGatewayDevice-%s", ':', USN_EMBEDDED_MAC, USN_CONF_MEDIUM},
		/* trailing digits: "Intel" in the message would corroborate a real one */
		{"uuid:3f1e2d4c-5b6a-4978-8a9b-%s", 0, USN_EMBEDDED_MAC, USN_CONF_CORROBORATED},
	};
	static const struct {
		const char *mac;
		enum usn_class cls; /* as any MAC; trailing digits: no-mac */
		bool shown;	    /* the MAC is in the record */
	} traps[] = {
		{"01005e000001", USN_V1_RANDOM, true},	      /* multicast */
		{"ffffffffffff", USN_V1_RANDOM, true},	      /* broadcast */
		{"02a0c91e6bf6", USN_V1_LOCAL, true},	      /* locally administered */
		{"000000000000", USN_V1_UNASSIGNED, false},   /* all zero: no MAC at all */
		{"dcffff000001", USN_V1_UNASSIGNED, true},    /* no registry holds dc:ff:ff */
		{"0060085db3f6", USN_SHARED_CONSTANT, false}, /* miniupnpd's sample node */
		{"00a0c91e6bf6", USN_CLASS_N, true},	      /* a real MAC: the form's own class */
	};
	char usn[128], mac[18];
	struct usn_info u;
	size_t f, t, i, o;

	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		for (t = 0; t < sizeof(traps) / sizeof(traps[0]); t++) {
			enum usn_class want = traps[t].cls == USN_CLASS_N ? forms[f].ok
					      : forms[f].conf == USN_CONF_CORROBORATED
						      ? USN_NO_MAC
						      : traps[t].cls;
			bool real = traps[t].cls == USN_CLASS_N;

			for (i = o = 0; i < 12; i++) {
				if (forms[f].sep && i && !(i & 1))
					mac[o++] = forms[f].sep;
				mac[o++] = traps[t].mac[i];
			}
			mac[o] = '\0';
			snprintf(usn, sizeof(usn), forms[f].fmt, mac);
			usn_classify_hint(usn, strlen(usn), "Intel UPnP/1.0", 14, &db, NOW, &u);
			if (u.cls != want)
				fail_msg("%s: class %s, want %s", usn, usn_class_name(u.cls),
					 usn_class_name(want));
			assert_non_null(u.why);
			if (!real) {
				assert_null(u.vendor);
				assert_int_equal(u.conf, USN_CONF_NONE);
			} else {
				assert_string_equal(oui_name(&db, u.vendor), "Intel Corporation");
				assert_int_equal(u.conf, forms[f].conf);
			}
			if (want == USN_NO_MAC)
				assert_false(u.has_mac);
			else if (u.has_mac != traps[t].shown)
				fail_msg("%s: MAC %s, want it %s", usn,
					 u.has_mac ? "shown" : "hidden",
					 traps[t].shown ? "shown" : "hidden");
		}
	}
}

static void no_registry_names_no_vendor(void **state)
{
	struct usn_info u;

	usn_classify("uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 41, NULL, NOW, &u);
	assert_int_equal(u.cls, USN_V1_UNASSIGNED);
	assert_null(u.vendor);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_value_gets_its_one_class),
		cmocka_unit_test(embedded_nul_and_overlong_values_are_not_uuids),
		cmocka_unit_test(no_registry_names_no_vendor),
		cmocka_unit_test(trailing_digits_need_the_message_to_name_the_vendor),
		cmocka_unit_test(every_mac_source_falls_into_the_same_traps),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("usn", tests, setup, teardown);
}
