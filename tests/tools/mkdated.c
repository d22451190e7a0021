// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Captures with chosen packet times, in each file format a capture tool writes:
 * `mkdated OUT FORMAT SPEC`, FORMAT pcap (microseconds), pcap-ns, pcapng (nanoseconds,
 * if_tsresol 9) or pcapng-us (no if_tsresol: microseconds). One packet per SPEC line:
 *   SECONDS.FRACTION syn SRC-IPv4       a Mirai SYN to 23 (sequence number = destination)
 *   SECONDS.FRACTION reply SRC-IPv4 USN an SSDP reply
 * Written by hand, not through libpcap, so that the reader is tested against the formats as
 * specified (pcap: draft-ietf-opsawg-pcap; pcapng: draft-ietf-opsawg-pcapng).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "frame.h"

enum {
	PCAP_US,
	PCAP_NS,
	PCAPNG_NS,
	PCAPNG_US
};

static void u32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f); /* host order: the magic numbers tell the reader which */
}

static void u16(FILE *f, uint16_t v)
{
	fwrite(&v, 2, 1, f);
}

static void header(FILE *f, int fmt)
{
	if (fmt == PCAP_US || fmt == PCAP_NS) {
		u32(f, fmt == PCAP_NS ? 0xa1b23c4d : 0xa1b2c3d4);
		u16(f, 2), u16(f, 4), u32(f, 0), u32(f, 0), u32(f, 65535), u32(f, 1);
		return;
	}
	/* section header block, then one Ethernet interface */
	u32(f, 0x0a0d0d0a), u32(f, 28), u32(f, 0x1a2b3c4d), u16(f, 1), u16(f, 0);
	u32(f, 0xffffffff), u32(f, 0xffffffff), u32(f, 28);
	if (fmt == PCAPNG_NS) {
		u32(f, 1), u32(f, 32), u16(f, 1), u16(f, 0), u32(f, 65535);
		u16(f, 9), u16(f, 1), u32(f, 9); /* if_tsresol 10^-9, padded */
		u32(f, 0), u32(f, 32);		 /* opt_endofopt */
	} else {
		u32(f, 1), u32(f, 20), u16(f, 1), u16(f, 0), u32(f, 65535), u32(f, 20);
	}
}

static void packet(FILE *f, int fmt, uint64_t sec, uint64_t ns, const uint8_t *p, uint32_t len)
{
	static const uint8_t pad[4];
	uint32_t padded = (len + 3) & ~3u;
	uint64_t t;

	if (fmt == PCAP_US || fmt == PCAP_NS) {
		u32(f, (uint32_t)sec), u32(f, (uint32_t)(fmt == PCAP_NS ? ns : ns / 1000));
		u32(f, len), u32(f, len);
		fwrite(p, 1, len, f);
		return;
	}
	t = fmt == PCAPNG_NS ? sec * 1000000000ULL + ns : sec * 1000000ULL + ns / 1000;
	u32(f, 6), u32(f, 32 + padded), u32(f, 0);
	u32(f, (uint32_t)(t >> 32)), u32(f, (uint32_t)t), u32(f, len), u32(f, len);
	fwrite(p, 1, len, f);
	fwrite(pad, 1, padded - len, f);
	u32(f, 32 + padded);
}

/* Ethernet, IPv4 src -> 198.19.0.7, TCP SYN to 23 with the sequence number = destination. */
static uint32_t syn(uint8_t *b, uint32_t src)
{
	static const uint8_t dst[4] = {198, 19, 0, 7};

	memset(b, 0, 54);
	b[0] = 0x02, b[6] = 0x02, b[11] = 1, b[12] = 0x08;
	b[14] = 0x45, b[17] = 40, b[22] = 64, b[23] = 6;
	b[26] = src >> 24, b[27] = src >> 16, b[28] = src >> 8, b[29] = src;
	memcpy(b + 30, dst, 4);
	b[34] = 0xc0, b[35] = 0x01, b[37] = 23;
	memcpy(b + 38, dst, 4);
	b[46] = 0x50, b[47] = 0x02, b[48] = 0x72;
	return 54;
}

int main(int argc, char **argv)
{
	static const char *const fmts[] = {"pcap", "pcap-ns", "pcapng", "pcapng-us"};
	static uint8_t buf[4096];
	char line[1024], kind[16], src[64], usn[512], msg[1024], frac[16];
	unsigned long long sec;
	int fmt, no = 0;
	FILE *in, *out;

	if (argc != 4) {
		fprintf(stderr, "usage: mkdated OUT pcap|pcap-ns|pcapng|pcapng-us SPEC\n");
		return 2;
	}
	for (fmt = 0; fmt < 4 && strcmp(argv[2], fmts[fmt]); fmt++)
		;
	in = fopen(argv[3], "r");
	out = fopen(argv[1], "wb");
	if (fmt == 4 || !in || !out) {
		fprintf(stderr, "mkdated: bad format, or cannot open %s or %s\n", argv[3], argv[1]);
		return 1;
	}
	header(out, fmt);
	while (fgets(line, sizeof(line), in)) {
		struct frame_opts o = {};
		struct in_addr a;
		uint64_t ns = 0;
		uint32_t len;
		size_t i;
		int n;

		no++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		usn[0] = '\0';
		n = sscanf(line, "%llu.%15[0-9] %15s %63s %511s", &sec, frac, kind, src, usn);
		if (n < 4 || !inet_aton(src, &a) || (strcmp(kind, "syn") && !usn[0])) {
			fprintf(stderr, "%s:%d: SECONDS.FRACTION syn|reply ADDR [USN]\n", argv[3],
				no);
			return 1;
		}
		for (i = 0; i < 9; i++) /* the fraction as nanoseconds */
			ns = ns * 10 + (i < strlen(frac) ? (uint64_t)(frac[i] - '0') : 0);
		if (!strcmp(kind, "syn")) {
			len = syn(buf, ntohl(a.s_addr));
		} else {
			n = snprintf(msg, sizeof(msg),
				     "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
				     "SERVER: Linux/3.10 UPnP/1.0 test/1.0\r\n"
				     "ST: upnp:rootdevice\r\nUSN: %s\r\n\r\n",
				     usn);
			o.src4 = ntohl(a.s_addr);
			len = (uint32_t)frame_build(buf, sizeof(buf), msg, (size_t)n, &o);
		}
		packet(out, fmt, sec, ns, buf, len);
	}
	fclose(in);
	return fclose(out) ? 1 : 0;
}
