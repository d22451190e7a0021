// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Write the SSDP corpus (files named on the command line) as a pcap of Ethernet frames from
 * 198.18.0.x to 198.18.255.1, each message once plus one repeat, for `read` tests and the demo. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include "frame.h"

int main(int argc, char **argv)
{
	static uint8_t frame[70000];
	struct pcap_pkthdr h = {};
	pcap_dumper_t *d;
	pcap_t *p;
	int i, rep;

	if (argc < 3) {
		fprintf(stderr, "usage: mkpcap OUT.pcap MESSAGE...\n");
		return 2;
	}
	p = pcap_open_dead(DLT_EN10MB, 65535);
	d = pcap_dump_open(p, argv[1]);
	if (!d) {
		fprintf(stderr, "%s: %s\n", argv[1], pcap_geterr(p));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		size_t len, flen;
		uint8_t *msg = slurp(argv[i], &len);
		struct frame_opts o = { .src_last = (uint8_t)(10 + i) };

		flen = frame_build(frame, sizeof(frame), msg, len, &o);
		for (rep = 0; rep < 2; rep++) {
			h.ts.tv_sec = 1795000000 + i;
			h.ts.tv_usec = rep;
			h.caplen = h.len = (bpf_u_int32)flen;
			pcap_dump((u_char *)d, &h, frame);
		}
		free(msg);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}
