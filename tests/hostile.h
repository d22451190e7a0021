/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hostile frames for the classifier: the shapes that make a header scan work hardest (tiny
 * lines, bare CR or LF runs, many lines of each header the parser looks at, names split across
 * its word and window boundaries, NUL bytes, a USN at the last possible offset) in every frame
 * shape (VLAN, QinQ, IPv4 options, IPv6 and its extension headers), at the largest size a 1500-byte
 * MTU lets through. tests/bpf/test_bpf.c replays each through the kernel and the host parser
 * (same outcome, same event, the outcome named here); tests/bench/bench.c times each and searches
 * for a worse frame.
 */
#ifndef SSDPMAC_TEST_HOSTILE_H
#define SSDPMAC_TEST_HOSTILE_H

#include "frame.h"
#include "ssdpmac.h"

#define HOSTILE_MTU  1500 /* the largest IP packet built here */
#define REPLY_LINE   "HTTP/1.1 200 OK\r\n"
#define NOTIFY_LINE  "NOTIFY * HTTP/1.1\r\n"
#define HOSTILE_KEY  0x5eed5eed12345678ULL /* the scan key of the test and the bench */
#define HOSTILE_UUID "uuid:2f402f80-da50-11e1-9b23-001788aabbcc"

/*
 * One hostile message: start, then head, then unit repeated (its head cut, if need be, to fill
 * the datagram exactly), then tail at the last possible offset. shift: bytes of a junk line put
 * before unit's run, to move it across the scan's words and windows.
 */
struct hostile {
	const char *name;
	const char *start; /* NULL: the reply line */
	const char *head;
	const char *unit;
	size_t ulen;
	const char *tail; /* no NUL bytes */
	int outcome;
	struct frame_opts fo; /* dport 0: the port a scan keyed for the source */
};

/* A USN at the very end of the datagram: the last possible offset. */
#define LAST_USN "USN: " HOSTILE_UUID "\r\n\r\n"

/* name, start line (NULL: a reply), head, unit (a literal: NUL bytes count), tail, outcome,
 * frame options */
#define H(nm, st, hd, un, tl, out, ...)                                                            \
	{                                                                                          \
		.name = nm, .start = st, .head = hd, .unit = un, .ulen = sizeof(un) - 1,           \
		.tail = tl, .outcome = SSDP_OUT_##out,                                             \
		.fo = { __VA_ARGS__ }                                                              \
	}

#define R5(x)  x x x x x
#define R15(x) R5(x) R5(x) R5(x)

static const struct hostile hostile_table[] = {
	/* tiny lines: a newline every 2 or 3 bytes */
	H("3-byte lines a\\r\\n", NULL, "", "a\r\n", "", NO_USN),
	H("2-byte lines a\\n", NULL, "", "a\n", "", NO_USN),
	H("3-byte lines s\\r\\n (may matter)", NULL, "", "s\r\n", "", SCAN_LIMIT),
	H("3-byte lines u\\r\\n", NULL, "", "u\r\n", "", SCAN_LIMIT),
	H("2-byte lines n\\n", NULL, "", "n\n", "", SCAN_LIMIT),
	H("3-byte lines, USN last", NULL, "", "a\r\n", LAST_USN, EVENT),
	H("3-byte lines s\\r\\n, USN last", NULL, "", "s\r\n", LAST_USN, SCAN_LIMIT),
	H("9-byte lines Server:\\r\\n", NULL, "", "Server:\r\n", "", SCAN_LIMIT),
	H("10-byte lines usnusnus\\r\\n", NULL, "", "usnusnus\r\n", "", SCAN_LIMIT),
	/* CR and LF runs */
	H("bare CR run", NULL, "", "\r", "", NO_USN),
	H("bare LF run", NULL, "", "\n", "", NO_USN),
	H("CR run in one header line", NULL, "X:", "\r", "", NO_USN),
	H("CR run, USN last", NULL, "X:", "\r", "\n" LAST_USN, EVENT),
	H("x\\r\\r lines", NULL, "", "x\r\r", "", NO_USN),
	/* many lines of each header the parser looks at */
	H("repeated USN: uuid:x", NULL, "", "USN: uuid:x\r\n", "", EVENT_UUID_TEXT),
	H("repeated USN: <uuid>", NULL, "", "USN: " HOSTILE_UUID "\r\n", "", EVENT),
	H("repeated usn:x", NULL, "", "usn:x\r\n", "", EVENT_TEXT),
	H("repeated SERVER", NULL, "", "SERVER: Linux/3.14 UPnP/1.0 x/1\r\n", "", SCAN_LIMIT),
	H("repeated SERVER: x, USN last", NULL, "", "SERVER: x\r\n", LAST_USN, SCAN_LIMIT),
	H("repeated ST", NULL, "", "ST: upnp:rootdevice\r\n", "", SCAN_LIMIT),
	H("repeated ST:, USN last", NULL, "", "ST:\r\n", LAST_USN, SCAN_LIMIT),
	H("repeated NT (NOTIFY)", NOTIFY_LINE, "", "NT: upnp:rootdevice\r\n", "", SCAN_LIMIT),
	H("repeated NTS (NOTIFY)", NOTIFY_LINE, "", "NTS: ssdp:alive\r\n", "", SCAN_LIMIT),
	H("repeated LOCATION", NULL, "", "LOCATION: http://198.18.0.1:1/d.xml\r\n", "", SCAN_LIMIT),
	H("SERVER/ST/NT/USN mix, no USN value", NULL, "", "SERVER: a\r\nST: b\r\nNT: c\r\nUSN\r\n",
	  "", SCAN_LIMIT),
	H("lookalikes USNX: SERVERS: STX:", NULL, "", "USNX: a\r\nSERVERS: b\r\nSTX: c\r\n", "",
	  SCAN_LIMIT),
	H("names without a colon", NULL, "", "USN x\r\nST x\r\nSERVER x\r\n", "", SCAN_LIMIT),
	H("15 names without a colon, USN last", NULL, R15("USN x\r\n"), "X: y\r\n", LAST_USN,
	  EVENT),
	H("16 names without a colon, USN last", NULL, R15("USN x\r\n") "USN x\r\n", "X: y\r\n",
	  LAST_USN, SCAN_LIMIT),
	H("blanks before the colon", NULL, "", "USN    \t:x\r\n", "", SCAN_LIMIT),
	/* the window scan decides a name's blanks and colon in registers (ssdp_line_fast()) */
	H("4 blanks before the colon (the most)", NULL, "", "USN  \t :x\r\n", "", EVENT_TEXT),
	H("5 blanks before the colon (no header)", NULL, "", "USN \t \t :x\r\n", "", SCAN_LIMIT),
	H("LOCATION, blanks before its colon", NULL, "", "Location \t:http://198.18.0.1/\r\n", "",
	  SCAN_LIMIT),
	H("EXT:, then a header in the same word", NULL, "", "EXT:\r\nST:x\r\n", "", SCAN_LIMIT),
	/* NUL bytes */
	H("NUL run", NULL, "", "\0", "", NO_USN),
	H("NUL lines", NULL, "", "\0\r\n", "", NO_USN),
	H("NUL in names U\\0N:", NULL, "", "U\0N: uuid:x\r\nS\0: x\r\n", "", SCAN_LIMIT),
	H("NUL run, USN last", NULL, "X:", "\0", "\r\n" LAST_USN, EVENT),
	/* long lines, the USN at the last possible offset */
	H("one long line", NULL, "X:", "A", "", NO_USN),
	H("one long line, USN last", NULL, "X:", "A", "\r\n" LAST_USN, EVENT),
	H("64-byte lines, USN last", NULL, "",
	  "X-PAD: 0000000000000000000000000000000000000000000000000000000\r\n", LAST_USN, EVENT),
	H("USN value to the datagram's end", NULL, "", "X: y\r\n", "USN: " HOSTILE_UUID, EVENT),
	H("USN value cut by the datagram's end", NULL, "", "X: y\r\n", "USN: uuid:2f402f80-da5",
	  EVENT_UUID_TEXT),
	H("USN line cut after its name", NULL, "", "X: y\r\n", "\r\nUSN", NO_USN),
	/* the same in other frame shapes */
	H("3-byte lines, VLAN", NULL, "", "a\r\n", "", NO_USN, .vlans = 1),
	H("3-byte lines, QinQ", NULL, "", "a\r\n", "", NO_USN, .vlans = 2),
	H("3-byte lines, IPv4 options", NULL, "", "a\r\n", "", NO_USN, .ip_opts = 10),
	H("3-byte lines, IPv6", NULL, "", "a\r\n", "", NO_USN, .ipv6 = 1),
	H("3-byte lines, IPv6 3 ext headers", NULL, "", "a\r\n", "", NO_USN, .ipv6 = 1,
	  .ip6_ext = 3),
	H("USN: uuid:x, QinQ IPv6", NULL, "", "USN: uuid:x\r\n", "", EVENT_UUID_TEXT, .vlans = 2,
	  .ipv6 = 1),
	H("3-byte lines, USN last, QinQ IPv6", NULL, "", "a\r\n", LAST_USN, EVENT, .vlans = 2,
	  .ipv6 = 1),
	/* what is rejected before the payload is read */
	H("max-size non-SSDP (port 53 to 80)", NULL, "", "a\r\n", "", NOT_SSDP, .sport = 53,
	  .dport = 80),
	H("max-size to a port not probed", NULL, "", "a\r\n", "", UNSOLICITED, .dport = 80),
	H("max-size non-first fragment", NULL, "", "a\r\n", "", FRAGMENT, .frag = 0x0010),
	H("max-size TCP", NULL, "", "a\r\n", "", NOT_UDP, .proto = 6),
	H("max-size M-SEARCH", "M-SEARCH * HTTP/1.1\r\n", "", "a\r\n", "", NOT_REPLY),
};
#undef H
#undef R5
#undef R15

#define HOSTILE_N (sizeof(hostile_table) / sizeof(hostile_table[0]))

/*
 * A whole reply of 40 to 300-odd bytes whose lines move across the scan's window edges with pad:
 * the datagram (not a cut of it) ends at every offset around 128 and 256 bytes of frame, so the
 * 128- and 256-byte windows, the window ending at the stop and the word-at-a-time path all meet
 * LOCATION (colon in the lookahead word), ST and USN at every alignment. v picks one of four
 * forms: colon right after the name or after blanks, CRLF or LF, the blank line or none. Returns
 * its length and the outcome it must have.
 */
#define EDGE_PADS 240
static inline size_t edge_message(char *m, size_t cap, int pad, int v, int *outcome)
{
	const char *sep = v & 1 ? " \t:" : ":", *nl = v & 2 ? "\n" : "\r\n";
	int n;

	n = snprintf(m, cap,
		     "HTTP/1.1 200 OK%sX: %.*s%sLOCATION%shttp://198.18.0.1/d%sST%sx%s"
		     "USN%s " HOSTILE_UUID "%s%s",
		     nl, pad,
		     "....................................................................."
		     "....................................................................."
		     "....................................................................."
		     "..............................",
		     nl, sep, nl, sep, nl, sep, nl, v & 2 ? nl : "");
	*outcome = SSDP_OUT_EVENT;
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* The bytes of an IP header in frame shape o, UDP header excluded. */
static inline size_t hostile_ip_hlen(const struct frame_opts *o)
{
	return o->ipv6 ? 40 + 8 * (size_t)o->ip6_ext : 20 + 4 * (size_t)o->ip_opts;
}

/*
 * The message of h into pay (cap bytes), filling an IP packet of HOSTILE_MTU bytes with whole
 * units (blanks after head make up the rest: a line starting with a blank matters to no one);
 * shift > 0 puts a junk line of shift + 4 bytes before head, to move the run across the scan's
 * words and windows. Returns its length.
 */
static inline size_t hostile_message(const struct hostile *h, int shift, char *pay, size_t cap)
{
	size_t tlen = strlen(h->tail), n, room;
	size_t want = HOSTILE_MTU - hostile_ip_hlen(&h->fo) - 8;

	if (want > cap)
		want = cap;
	n = (size_t)snprintf(pay, cap, "%s", h->start ? h->start : REPLY_LINE);
	if (shift > 0)
		n += (size_t)snprintf(pay + n, cap - n, "X:%*s\r\n", shift, "");
	n += (size_t)snprintf(pay + n, cap - n, "%s", h->head);
	room = want - tlen - n;
	memset(pay + n, ' ', room % h->ulen);
	n += room % h->ulen;
	for (; n + tlen < want; n += h->ulen)
		memcpy(pay + n, h->unit, h->ulen);
	memcpy(pay + n, h->tail, tlen);
	return n + tlen;
}

/* The source address frame_build() writes for o, as the parser reports it. */
static inline void hostile_saddr(const struct frame_opts *o, uint8_t a[16])
{
	memset(a, 0, 16);
	if (o->ipv6) {
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8;
		a[15] = o->src_last ? o->src_last : 10;
	} else {
		a[0] = 198, a[1] = 18, a[2] = 0, a[3] = o->src_last ? o->src_last : 10;
	}
}

/* The shifts every shape is tried at: each of the scan's first 16 word positions, then across
 * the end of its first 256-byte window. */
#define HOSTILE_SHIFT_END 264
static inline int hostile_next_shift(int shift)
{
	return shift == 15 ? 233 : shift + 1;
}

/* The frame of h (shifted as above) into out; dport 0 in h->fo: the port the scan keyed by key
 * for the source. Returns its length. */
static inline size_t hostile_frame(const struct hostile *h, int shift, __u64 key, uint8_t *out,
				   size_t cap)
{
	static char pay[4096];
	struct frame_opts fo = h->fo;
	size_t n = hostile_message(h, shift, pay, sizeof(pay));
	uint8_t a[16];

	if (!fo.dport) {
		hostile_saddr(&fo, a);
		fo.dport = ssdp_probe_port(key, a);
	}
	return frame_build(out, cap, pay, n, &fo);
}

#endif
