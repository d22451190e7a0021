/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The lab's device descriptions: what each simulated device serves at its LOCATION (a realistic
 * mix: many brands are not the vendor the MAC's prefix is registered to), and the hostile HTTP
 * servers at the top of the device prefix. Served by scripts/sim/simhttp.c.
 */
#ifndef SSDPSIM_DESC_H
#define SSDPSIM_DESC_H

#include <stddef.h>
#include <stdint.h>

/* What a device's description follows from. */
struct sim_dev {
	uint32_t addr; /* host order */
	uint64_t seed; /* the device's own random bits */
	uint16_t port; /* where its LOCATION points: port and path */
	char path[256];
	int has_mac;
	uint8_t mac[6];
	char usn_id[192];	   /* its USN's identifier (after "uuid:", before "::") */
	const char *vendor;	   /* the MAC block's registered owner, or NULL */
	const char *brand, *model; /* the corpus' words for the device: "Philips", "Hue bridge" */
};

/* The model a device's description names: the lab's truth. */
struct sim_model {
	int served; /* 0: the LOCATION answers 404 */
	char manufacturer[128], model_name[64], model_number[32], serial[32], udn[200];
};

void sim_model_of(const struct sim_dev *d, struct sim_model *m);
/* The description document into buf (XML, every value escaped). Returns its length. */
size_t sim_desc_xml(const struct sim_dev *d, const struct sim_model *m, char *buf, size_t cap);

/* Hostile servers: X(enum, name, the outcome describe must give), at --hostile-net's .1 on,
 * port 80 (REFUSED: a port where nothing listens). */
#define SIM_HOSTILE(X)                                                                             \
	X(SILENT, "never-answers", "timeout")                                                      \
	X(SLOW, "a-byte-a-second", "timeout")                                                      \
	X(HUGE, "100MB-with-length", "too-large")                                                  \
	X(HUGE_STREAM, "100MB-streamed", "too-large")                                              \
	X(LAUGHS, "billion-laughs", "hostile-xml")                                                 \
	X(XXE, "external-entity", "hostile-xml")                                                   \
	X(MALFORMED, "malformed-xml", "not-xml")                                                   \
	X(REDIRECT_OFF, "redirect-elsewhere", "redirect")                                          \
	X(REDIRECT_SAME, "redirect-same-address", "ok")                                            \
	X(NOT_HTTP, "not-http", "not-http")                                                        \
	X(SERVER_ERROR, "http-500", "http-error")                                                  \
	X(HTML, "html-page", "not-upnp")                                                           \
	X(REFUSED, "closed-port", "refused")

#define SIM_H_ENUM_(e, n, o) SIM_H_##e,
enum sim_hostile {
	SIM_HOSTILE(SIM_H_ENUM_) SIM_H_N
};
#undef SIM_H_ENUM_

extern const char *const sim_hostile_names[SIM_H_N], *const sim_hostile_outcomes[SIM_H_N];
#define SIM_HOSTILE_PORT 80
#define SIM_CLOSED_PORT	 8 /* nothing listens there */

#define SIM_MAX_PORTS 128

struct sim_http;
/* Serve descriptions on ports (and SIM_HOSTILE_PORT) for every address of the lab's device
 * prefix, from a thread: lookup() says whether an address is a device with a description (and
 * fills d); hostile servers at hostile_base + 1 + enum. Stops with sim_http_stop(). NULL after
 * saying why. */
struct sim_http *sim_http_start(int (*lookup)(uint32_t addr, struct sim_dev *d),
				uint32_t hostile_base, const uint16_t *ports, int nports);
void sim_http_stop(struct sim_http *h);

#endif
