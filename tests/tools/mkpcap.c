// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Test captures. `mkpcap OUT.pcap MESSAGE...`: each SSDP message file as an Ethernet frame from
 * 198.18.0.x to 198.18.255.1, twice. `mkpcap OUT.pcap --spec FILE`: one reply per line of FILE,
 * "SOURCE-IPv4 USN [SERVER...]", frames sent as written (a repeated line is a repeated reply).
 * `mkpcap OUT.pcap --odd MESSAGE`: frames of odd sizes, for "every frame lands in one outcome":
 * a plain SYN to 23, a Mirai SYN to 2323, a 4054-byte Mirai SYN to 23 (payload after the header,
 * as Mirai's big SYNs carry), a 3-byte and a 13-byte frame, and MESSAGE as an SSDP reply.
 */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include "frame.h"

static uint8_t frame[70000];

static void dump(pcap_dumper_t *d, size_t flen, int n)
{
	struct pcap_pkthdr h = {};

	h.ts.tv_sec = 1795000000 + n;
	h.caplen = h.len = (bpf_u_int32)flen;
	pcap_dump((u_char *)d, &h, frame);
}

static int spec(pcap_dumper_t *d, const char *path)
{
	char line[2048], usn[1024], src[64], msg[4096];
	FILE *f = fopen(path, "r");
	int n = 0, off;

	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct frame_opts o = {};
		struct in_addr a;
		const char *server;
		size_t len;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%63s %1023s %n", src, usn, &off) < 2 || !inet_aton(src, &a)) {
			fprintf(stderr, "%s: bad line: %s\n", path, line);
			return 1;
		}
		server = strlen(line) > (size_t)off ? line + off : "Linux/3.10 UPnP/1.0 test/1.0";
		len = (size_t)snprintf(msg, sizeof(msg),
				       "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
				       "LOCATION: http://%s:49152/rootDesc.xml\r\nSERVER: %s\r\n"
				       "ST: upnp:rootdevice\r\nUSN: %s\r\n\r\n",
				       src, server, usn);
		o.src4 = ntohl(a.s_addr);
		dump(d, frame_build(frame, sizeof(frame), msg, len, &o), n++);
	}
	fclose(f);
	return 0;
}

/* An IPv4 TCP SYN from 198.18.0.SRC to 198.19.10.11:DPORT, frame padded to FLEN bytes. */
static size_t syn(uint8_t src, uint16_t dport, int mirai, size_t flen)
{
	static const uint8_t dst[4] = {198, 19, 10, 11};
	uint8_t *ip = frame + 14, *tcp = ip + 20;
	size_t iplen = flen - 14;

	memset(frame, 0, flen);
	frame[0] = frame[6] = 0x02;
	frame[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = iplen >> 8;
	ip[3] = iplen & 0xff;
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 198, ip[13] = 18, ip[15] = src;
	memcpy(ip + 16, dst, 4);
	tcp[0] = 0xc3, tcp[1] = 0x50;
	tcp[2] = dport >> 8, tcp[3] = dport & 0xff;
	if (mirai) /* the fingerprint: sequence number == destination address */
		memcpy(tcp + 4, dst, 4);
	else
		tcp[7] = 1;
	tcp[12] = 5 << 4;
	tcp[13] = 0x02;
	return flen;
}

static void odd(pcap_dumper_t *d, const char *msg_path)
{
	struct frame_opts o = {.src_last = 9};
	size_t len;
	uint8_t *msg = slurp(msg_path, &len);

	dump(d, syn(1, 23, 0, 60), 0);
	dump(d, syn(2, 2323, 1, 60), 1);
	dump(d, syn(3, 23, 1, 4054), 2);
	dump(d, 3, 3);
	dump(d, 13, 4);
	dump(d, frame_build(frame, sizeof(frame), msg, len, &o), 5);
	free(msg);
}

int main(int argc, char **argv)
{
	pcap_dumper_t *d;
	pcap_t *p;
	int i, rep, ret = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mkpcap OUT.pcap MESSAGE... | mkpcap OUT.pcap --spec FILE | "
				"mkpcap OUT.pcap --odd MESSAGE\n");
		return 2;
	}
	p = pcap_open_dead(DLT_EN10MB, 65535);
	d = pcap_dump_open(p, argv[1]);
	if (!d) {
		fprintf(stderr, "%s: %s\n", argv[1], pcap_geterr(p));
		return 1;
	}
	if (!strcmp(argv[2], "--spec") && argc == 4) {
		ret = spec(d, argv[3]);
	} else if (!strcmp(argv[2], "--odd") && argc == 4) {
		odd(d, argv[3]);
	} else {
		for (i = 2; i < argc; i++) {
			size_t len;
			uint8_t *msg = slurp(argv[i], &len);
			struct frame_opts o = {.src_last = (uint8_t)(10 + i)};
			size_t flen = frame_build(frame, sizeof(frame), msg, len, &o);

			for (rep = 0; rep < 2; rep++)
				dump(d, flen, i);
			free(msg);
		}
	}
	pcap_dump_close(d);
	pcap_close(p);
	return ret;
}
