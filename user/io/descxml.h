/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A UPnP device description (the XML document behind an SSDP reply's LOCATION) to its fields.
 * The document is hostile: libxml2 parses it with no network, no entity substitution and no DTD
 * loading, and any DOCTYPE stops the parse (a description has no use for one; billion-laughs and
 * external entities need one).
 */
#ifndef SSDPMAC_DESCXML_H
#define SSDPMAC_DESCXML_H

#include <stddef.h>

/* The fields kept, per device: X(enum, element name, another spelling seen in the field (Sonos:
 * serialNum, MACAddress)). Firmware hints last. */
#define DESC_FIELDS(X)                                                                             \
	X(DEVICE_TYPE, "deviceType", NULL)                                                         \
	X(FRIENDLY_NAME, "friendlyName", NULL)                                                     \
	X(MANUFACTURER, "manufacturer", NULL)                                                      \
	X(MANUFACTURER_URL, "manufacturerURL", NULL)                                               \
	X(MODEL_NAME, "modelName", NULL)                                                           \
	X(MODEL_NUMBER, "modelNumber", NULL)                                                       \
	X(MODEL_DESCRIPTION, "modelDescription", NULL)                                             \
	X(SERIAL_NUMBER, "serialNumber", "serialNum")                                              \
	X(UDN, "UDN", NULL)                                                                        \
	X(PRESENTATION_URL, "presentationURL", NULL)                                               \
	X(MAC_ADDRESS, "macAddress", "MACAddress")                                                 \
	X(FIRMWARE, "firmwareVersion", NULL)                                                       \
	X(SOFTWARE, "softwareVersion", NULL)                                                       \
	X(HARDWARE, "hardwareVersion", NULL)                                                       \
	X(SYSTEM_VERSION, "systemVersion", NULL) /* AVM: <root><systemVersion><Display> */

#define DESC_ENUM_(e, n, a) DESC_##e,
enum desc_field {
	DESC_FIELDS(DESC_ENUM_) DESC_NFIELDS
};
#undef DESC_ENUM_

#define DESC_MAX_DEVICES 16  /* the root device and the first embedded ones */
#define DESC_MAX_DEPTH	 8   /* deviceList nesting followed */
#define DESC_VAL_MAX	 256 /* bytes kept of a value, cut on a UTF-8 boundary */

struct desc_device {
	char *f[DESC_NFIELDS]; /* NULL: absent or empty */
	int depth;	       /* 0: the root device */
};

struct desc {
	struct desc_device dev[DESC_MAX_DEVICES];
	int ndev;     /* kept; dev[0] is the root device */
	int ndevices; /* seen, embedded ones included */
	char *sysver; /* while parsing */
};

enum desc_result {
	DESC_R_OK,
	DESC_R_NOT_XML, /* not well-formed XML */
	DESC_R_HOSTILE, /* a DOCTYPE: a DTD, entities */
	DESC_R_NOT_UPNP /* XML, but no <root><device> */
};

/* Parse len bytes of a description into d (zeroed first). d holds what was found even when the
 * result is not DESC_R_OK (nothing, mostly); desc_free() either way. */
enum desc_result desc_parse(const char *buf, size_t len, struct desc *d);
void desc_free(struct desc *d);
const char *desc_field_name(enum desc_field f);
/* Does any device of d carry the identity of a USN ("uuid:X::urn:..." or "uuid:X") as its UDN
 * ("uuid:X", any case)? */
int desc_udn_match(const struct desc *d, const char *usn);
/* The field of d whose hex digits hold the MAC ("aa:bb:cc:dd:ee:ff"): "macAddress" or
 * "serialNumber", evidence for the MAC; NULL if none. */
const char *desc_mac_evidence(const struct desc *d, const char *mac);

#endif
