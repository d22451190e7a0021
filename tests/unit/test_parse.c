// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The host build of the parsing core, on the corpus of SSDP messages in tests/data/ssdp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "log.h"
#include "frame.h"
#include "parse.h"
#include "scan_reference.h"
#include "hostile.h"

static const struct {
	const char *file;
	int outcome;
	const char *usn;    /* expected USN value (prefix), NULL: none */
	const char *server; /* expected SERVER value (prefix), NULL: none */
	const char *st;	    /* expected ST/NT value, NULL: none */
} corpus[] = {
	{"reply_usn_last.txt", SSDP_OUT_EVENT,
	 "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:rootdevice",
	 "Linux/3.10 UPnP/1.0 Portable SDK for UPnP devices/1.6.19", "upnp:rootdevice"},
	{"reply_usn_first.txt", SSDP_OUT_EVENT, "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
	 "Linux UPnP/1.0 miniupnpd/2.1", "upnp:rootdevice"},
	{"reply_mixed_case_upper_uuid.txt", SSDP_OUT_EVENT, "uuid:F81D4FAE-7DEC",
	 "RomPager/4.07 UPnP/1.0", "urn:schemas-upnp-org:device:InternetGatewayDevice:1"},
	{"reply_lf_only_odd_spacing.txt", SSDP_OUT_EVENT,
	 "uuid:2b1e8f2a-1dd1-11b2-8f3c-001788aabbcc::upnp:rootdevice",
	 "Linux/2.6 UPnP/1.0 IpBridge/1.16", "upnp:rootdevice"},
	{"notify_sonos.txt", SSDP_OUT_EVENT_UUID_TEXT, "uuid:RINCON_000E58A1B2C301400::urn",
	 "Linux/4.9 UPnP/1.0 Sonos/70.3", "urn:schemas-upnp-org:device:MediaRenderer:1"},
	{"reply_usn_without_uuid.txt", SSDP_OUT_EVENT_TEXT, "upnp-InternetGatewayDevice-1_0-",
	 "Linux/2.4 UPnP/1.0 BRCM400/1.0", "upnp:rootdevice"},
	{"reply_embedded_igd.txt", SSDP_OUT_EVENT_UUID_TEXT, "uuid:upnp-InternetGatewayDevice",
	 NULL, "upnp:rootdevice"},
	{"reply_long_server.txt", SSDP_OUT_EVENT, "uuid:63041253-1019-2006-1228-00e04c123456",
	 "XXXXXXXX", "upnp:rootdevice"},
	{"reply_no_usn.txt", SSDP_OUT_NO_USN},
	{"reply_truncated.txt", SSDP_OUT_EVENT_UUID_TEXT, "uuid:f81d4fae-7dec-11d0-a765-00a0c9",
	 NULL, "upnp:rootdevice"},
	{"reply_bad_hex.txt", SSDP_OUT_EVENT_UUID_TEXT, "uuid:f81d4fae", NULL, "upnp:rootdevice"},
	/* 01-NLS carries a v1 UUID too, but only USN identifies the device */
	{"reply_01nls_v4_usn.txt", SSDP_OUT_EVENT, "uuid:3f1e2d4c-5b6a-4978",
	 "Linux/3.14 UPnP/1.0 IpBridge/1.26.0", "upnp:rootdevice"},
	{"msearch.txt", SSDP_OUT_NOT_REPLY},
	{"reply_usn_lookalikes.txt", SSDP_OUT_NO_USN},
	{"reply_http10_shared_constant.txt", SSDP_OUT_EVENT, "uuid:fc4ec57e-b051-11db", NULL,
	 "upnp:rootdevice"},
};

static void check(const char *name, int out, const struct ssdp_event *ev, int i)
{
	if (out != corpus[i].outcome)
		fail_msg("%s: outcome %s, want %s", name, outcome_name(out),
			 outcome_name(corpus[i].outcome));
	if (corpus[i].usn) {
		assert_true(ev->usn_len >= strlen(corpus[i].usn));
		assert_memory_equal(ev->usn, corpus[i].usn, strlen(corpus[i].usn));
	}
	if (corpus[i].server) {
		assert_true(ev->server_len >= strlen(corpus[i].server));
		assert_memory_equal(ev->server, corpus[i].server, strlen(corpus[i].server));
	} else if (out == SSDP_OUT_EVENT) {
		assert_int_equal(ev->server_len, 0);
	}
	if (corpus[i].st) {
		assert_int_equal(ev->st_len, strlen(corpus[i].st) > 64 ? 64 : strlen(corpus[i].st));
		assert_memory_equal(ev->st, corpus[i].st, ev->st_len);
	}
}

static void corpus_messages_give_their_outcomes(void **state)
{
	struct ssdp_event ev;
	char path[256];
	size_t i, len;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		uint8_t *msg;

		snprintf(path, sizeof(path), "tests/data/ssdp/%s", corpus[i].file);
		msg = slurp(path, &len);
		check(corpus[i].file, host_parse_message(msg, len, &ev), &ev, i);
		free(msg);
	}
}

static void corpus_in_every_frame_shape_gives_the_same(void **state)
{
	static const struct frame_opts shapes[] = {
		{},
		{.vlans = 1},
		{.vlans = 2},
		{.ip_opts = 10},
		{.ipv6 = 1},
		{.ipv6 = 1, .ip6_ext = 3},
		{.ipv6 = 1, .vlans = 2, .ip6_ext = 1},
	};
	struct ssdp_cfg cfg = {};
	struct ssdp_event ev;
	uint8_t frame[8192];
	char path[256];
	size_t i, s, len, flen;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		uint8_t *msg;

		snprintf(path, sizeof(path), "tests/data/ssdp/%s", corpus[i].file);
		msg = slurp(path, &len);
		for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
			flen = frame_build(frame, sizeof(frame), msg, len, &shapes[s]);
			check(corpus[i].file, host_parse_frame(frame, flen, &cfg, &ev), &ev, i);
			assert_int_equal(!!(ev.flags & SSDP_EV_IPV6) && ev.usn_len,
					 shapes[s].ipv6 && ev.usn_len);
		}
		free(msg);
	}
}

static void uuid_bytes_reach_the_event(void **state)
{
	static const uint8_t want[16] = {0xf8, 0x1d, 0x4f, 0xae, 0x7d, 0xec, 0x11, 0xd0,
					 0xa7, 0x65, 0x00, 0xa0, 0xc9, 0x1e, 0x6b, 0xf6};
	struct ssdp_event ev;
	uint8_t *msg;
	size_t len;

	msg = slurp("tests/data/ssdp/reply_mixed_case_upper_uuid.txt", &len);
	assert_int_equal(host_parse_message(msg, len, &ev), SSDP_OUT_EVENT);
	assert_true(ev.flags & SSDP_EV_UUID);
	assert_memory_equal(ev.uuid, want, 16);
	assert_int_equal(ev.kind, SSDP_KIND_REPLY);
	free(msg);
}

/* LOCATION in any case and spacing, the first one; cut at SSDP_LOC_LEN with a flag. */
static void location_reaches_the_event(void **state)
{
	static const struct {
		const char *msg, *want;
		int cut;
	} t[] = {
		{"HTTP/1.1 200 OK\r\nLOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n"
		 "USN: uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\n\r\n",
		 "http://192.168.1.1:5000/rootDesc.xml", 0},
		{"HTTP/1.1 200 OK\nusn:uuid:x\nlocation :\thttp://10.0.0.1/igd.xml\n"
		 "Location: http://10.0.0.2/second.xml\n\n",
		 "http://10.0.0.1/igd.xml", 0},
		{"NOTIFY * HTTP/1.1\r\nLocations: http://x/\r\nUSN: uuid:y\r\n\r\n", "", 0},
		{"HTTP/1.1 200 OK\r\nUSN: uuid:z\r\nLOCATION: http://10.0.0.1:2869/upnphost/"
		 "udhisapi.dll?content=uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6&padding="
		 "aaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
		 /* its first SSDP_LOC_LEN (128) bytes */
		 "http://10.0.0.1:2869/upnphost/udhisapi.dll?content=uuid:f81d4fae-7dec-11d0-a765-"
		 "00a0c91e6bf6&padding=aaaaaaaaaaaaaaaaaaaaaaaaaaa",
		 1},
	};
	struct ssdp_event ev;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_true(ssdp_carries_event(
			host_parse_message((const uint8_t *)t[i].msg, strlen(t[i].msg), &ev)));
		assert_int_equal(ev.loc_len, strlen(t[i].want));
		assert_memory_equal(ev.location, t[i].want, ev.loc_len);
		assert_int_equal(!!(ev.flags & SSDP_EV_LOC_CUT), t[i].cut);
	}
}

static void layers_give_their_outcomes(void **state)
{
	static const char pay[] = "HTTP/1.1 200 OK\r\nUSN: uuid:f81d4fae-7dec-11d0-a765-"
				  "00a0c91e6bf6\r\n\r\n";
	static const struct {
		struct frame_opts o;
		size_t cut; /* bytes removed from the end */
		int outcome;
	} t[] = {
		{{}, 0, SSDP_OUT_EVENT},
		{{.sport = 1901}, 0, SSDP_OUT_NOT_SSDP},
		{{.proto = 6}, 0, SSDP_OUT_NOT_UDP},
		{{.frag = 0x0010}, 0, SSDP_OUT_FRAGMENT},
		{{.frag = 0x2000}, 0, SSDP_OUT_EVENT}, /* first fragment: MF set, offset 0 */
		{{.ipv6 = 1, .ip6_ext = 5}, 0, SSDP_OUT_IP6_EXT_LIMIT},
		{{.vlans = 3}, 0, SSDP_OUT_NOT_IP},
		{{}, sizeof(pay) - 1 + 8 + 10, SSDP_OUT_TRUNCATED},
		{{.dport = 50000}, 0, SSDP_OUT_UNSOLICITED},
	};
	struct ssdp_cfg cfg = {.dport_min = 30000, .dport_max = 40000};
	struct ssdp_event ev;
	uint8_t frame[512];
	size_t i, flen;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int out;

		flen = frame_build(frame, sizeof(frame), pay, sizeof(pay) - 1, &t[i].o);
		out = host_parse_frame(frame, flen - t[i].cut, &cfg, &ev);
		if (out != t[i].outcome)
			fail_msg("case %zu: %s, want %s", i, outcome_name(out),
				 outcome_name(t[i].outcome));
	}
	/* ARP, and a frame shorter than Ethernet */
	memset(frame, 0, 64);
	frame[12] = 0x08, frame[13] = 0x06;
	assert_int_equal(host_parse_frame(frame, 64, &cfg, &ev), SSDP_OUT_NOT_IP);
	assert_int_equal(host_parse_frame(frame, 13, &cfg, &ev), SSDP_OUT_TRUNCATED);
}

static void long_payloads_past_the_scan_are_counted(void **state)
{
	static char pay[6000];
	struct ssdp_cfg cfg = {};
	struct ssdp_event ev;
	static uint8_t frame[8192];
	size_t n, flen;

	n = (size_t)snprintf(pay, sizeof(pay), "HTTP/1.1 200 OK\r\n");
	while (n < 5000)
		n += (size_t)snprintf(pay + n, sizeof(pay) - n, "X-PAD: %060d\r\n", 0);
	n += (size_t)snprintf(pay + n, sizeof(pay) - n,
			      "USN: uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\n\r\n");
	flen = frame_build(frame, sizeof(frame), pay, n, &(struct frame_opts){});
	assert_int_equal(host_parse_frame(frame, flen, &cfg, &ev), SSDP_OUT_SCAN_LIMIT);
	/* a 1500-byte frame with no USN at all is simply NO_USN */
	flen = frame_build(frame, sizeof(frame), pay, 1400, &(struct frame_opts){});
	memcpy(frame + flen - 4, "\r\n\r\n", 4);
	assert_int_equal(host_parse_frame(frame, flen, &cfg, &ev), SSDP_OUT_NO_USN);
}

static uint32_t rnd_state = 1;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

/* A message of random header lines: the names that matter in every case and spacing, their
 * lookalikes, others of every length, CRLF and bare LF, short and empty lines, UUIDs good and
 * bad, the blank line early, late or missing. */
static size_t random_message(char *m, size_t cap)
{
	static const char *const names[] = {
		"USN",	    "usn",  "Usn",   "SERVER",	 "server",   "Server",
		"ST",	    "st",   "NT",    "nt",	 "USNX",     "SERVERS",
		"STX",	    "US",   "S",     "N",	 "U",	     "CACHE-CONTROL",
		"LOCATION", "EXT",  "X",     "01-NLS",	 "OPT",	     "DATE",
		"NTS",	    " USN", "\tST",  "Location", "location", "LOCATIONX",
		"LOCATIO",  "nT",   "sErVeR"};
	static const char *const seps[] = {
		":", ": ", ":  ", " :", "\t:\t", "", " ", "     : ", ":\t\t\t\t\t\t\t\t\t"};
	static const char *const ends[] = {"\r\n", "\r\n", "\r\n", "\n", "\r\r\n", "\r"};
	static const char chars[] = "abcdefXYZ0123456789 :-/.;\t";
	size_t n = 0, target = 16 + rnd(rnd(8) ? 700 : 4600);
	int lines = 0;

	n += (size_t)snprintf(m + n, cap - n, "%s\r\n",
			      rnd(10)  ? "HTTP/1.1 200 OK"
			      : rnd(2) ? "NOTIFY * HTTP/1.1"
				       : "HTTP/1.0 200");
	while (n + 200 < cap && n < target) {
		unsigned kind = rnd(20);

		if (kind == 0) { /* a short or empty line */
			n += (size_t)snprintf(m + n, cap - n, "%.*s%s", (int)rnd(3), "ab",
					      ends[rnd(6)]);
			continue;
		}
		if (kind == 1 && lines > 2) /* the blank line, often not last */
			n += (size_t)snprintf(m + n, cap - n, "%s", ends[rnd(4)]);
		n += (size_t)snprintf(m + n, cap - n, "%s%s",
				      names[rnd(sizeof(names) / sizeof(names[0]))], seps[rnd(9)]);
		if (rnd(3) == 0)
			n += (size_t)snprintf(m + n, cap - n, "uuid:%08x-%04x-%s-9b23-%012llx%s",
					      rnd(1u << 31), rnd(65536), rnd(4) ? "11e1" : "1g-1",
					      (unsigned long long)rnd(1u << 31) << 16,
					      rnd(4)   ? "::upnp:rootdevice"
					      : rnd(2) ? ""
						       : "-zz");
		for (unsigned k = rnd(rnd(4) ? 40 : 120); k; k--)
			m[n++] = chars[rnd(sizeof(chars) - 1)];
		n += (size_t)snprintf(m + n, cap - n, "%s", ends[rnd(6)]);
		lines++;
	}
	if (rnd(4))
		n += (size_t)snprintf(m + n, cap - n, "\r\n");
	return n;
}

/* The word-wise scan gives what the scan by its definition gives; returns the outcome. */
static int as_defined(const uint8_t *frame, size_t flen, const char *what)
{
	const struct ssdp_cfg cfg = {};
	struct ssdp_pkt pkt = {.data = frame, .end = frame + flen, .len = (__u32)flen};
	struct ssdp_parsed got = {}, want;
	struct ssdp_scan scratch;
	int g, w;

	g = ssdp_parse(&pkt, &cfg, &got, &scratch);
	w = reference_parse(frame, flen, &want);
	if (g != w || memcmp(got.val_off, want.val_off, sizeof(want.val_off)) ||
	    memcmp(got.val_len, want.val_len, sizeof(want.val_len)) || got.flags != want.flags ||
	    got.kind != want.kind || (w == SSDP_OUT_EVENT && memcmp(got.uuid, want.uuid, 16)))
		fail_msg("%s (%zu bytes): %s, by the definition %s; USN/SERVER/ST at %u+%u %u+%u "
			 "%u+%u, by the definition %u+%u %u+%u %u+%u",
			 what, flen, outcome_name(g), outcome_name(w), got.val_off[0],
			 got.val_len[0], got.val_off[1], got.val_len[1], got.val_off[2],
			 got.val_len[2], want.val_off[0], want.val_len[0], want.val_off[1],
			 want.val_len[1], want.val_off[2], want.val_len[2]);
	return w;
}

static void word_scan_equals_the_byte_scan(void **state)
{
	static char msg[6000];
	static uint8_t frame[8192];
	const struct frame_opts shapes[] = {{0}, {.vlans = 1}, {.ipv6 = 1}, {.ip_opts = 3}};
	int i, per[SSDP_OUT_MAX] = {0};
	char what[32];

	for (i = 0; i < 30000; i++) {
		size_t mlen = random_message(msg, sizeof(msg));
		size_t flen = frame_build(frame, sizeof(frame), msg, mlen, &shapes[i & 3]);

		if (rnd(5) == 0) /* a capture or first XDP buffer cut short */
			flen -= rnd((uint32_t)(flen - 40));
		snprintf(what, sizeof(what), "message %d", i);
		per[as_defined(frame, flen, what)]++;
	}
	/* the generator reaches the outcomes that matter */
	assert_true(per[SSDP_OUT_EVENT] > 1000 && per[SSDP_OUT_NO_USN] > 1000 &&
		    per[SSDP_OUT_EVENT_UUID_TEXT] > 100 && per[SSDP_OUT_EVENT_TEXT] > 100 &&
		    per[SSDP_OUT_SCAN_LIMIT] > 10);
}

/* Whole replies ending at every offset across the windows' edges (hostile.h, edge_message()), in
 * every frame shape: the word-wise scan gives what the definition gives, and the event it is. */
static void window_edges_as_defined(void **state)
{
	const struct frame_opts shapes[] = {{0}, {.vlans = 1}, {.ipv6 = 1}, {.ip_opts = 3}};
	static uint8_t frame[2048];
	static char msg[1024];
	char what[64];
	int pad, v, want, out;
	size_t len, s;

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (v = 0; v < 4; v++)
			for (pad = 0; pad < EDGE_PADS; pad++) {
				len = edge_message(msg, sizeof(msg), pad, v, &want);
				assert_true(len > 0);
				len = frame_build(frame, sizeof(frame), msg, len, &shapes[s]);
				snprintf(what, sizeof(what), "edge message %zu/%d/%d", s, v, pad);
				out = as_defined(frame, len, what);
				if (out != want)
					fail_msg("%s: %s, want %s", what, outcome_name(out),
						 outcome_name(want));
			}
}

/* Every hostile shape (tests/hostile.h), moved across the scan's words and first window: its
 * outcome as a scan loads the parser, and the scan by its definition agrees. */
static void hostile_frames_as_defined(void **state)
{
	const struct ssdp_cfg scan = {.port_check = 1, .port_key = HOSTILE_KEY};
	static uint8_t frame[2048];
	struct ssdp_event ev;
	char what[128];
	size_t i, len;
	int shift, out;

	for (i = 0; i < HOSTILE_N; i++) {
		const struct hostile *h = &hostile_table[i];

		for (shift = 0; shift < HOSTILE_SHIFT_END; shift = hostile_next_shift(shift)) {
			len = hostile_frame(h, shift, HOSTILE_KEY, frame, sizeof(frame));
			snprintf(what, sizeof(what), "%s, shift %d", h->name, shift);
			out = host_parse_frame(frame, len, &scan, &ev);
			if (out != h->outcome)
				fail_msg("%s: %s, want %s", what, outcome_name(out),
					 outcome_name(h->outcome));
			as_defined(frame, len, what);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_messages_give_their_outcomes),
		cmocka_unit_test(corpus_in_every_frame_shape_gives_the_same),
		cmocka_unit_test(uuid_bytes_reach_the_event),
		cmocka_unit_test(location_reaches_the_event),
		cmocka_unit_test(layers_give_their_outcomes),
		cmocka_unit_test(long_payloads_past_the_scan_are_counted),
		cmocka_unit_test(word_scan_equals_the_byte_scan),
		cmocka_unit_test(window_edges_as_defined),
		cmocka_unit_test(hostile_frames_as_defined),
	};

	log_level = 0;
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
