// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pcap/bpf.h (classic BPF) clashes with linux/bpf.h: keep libpcap in this file alone */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <errno.h>
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <string.h>
#include "log.h"
#include "pcapio.h"

/* Frames from other link types get an Ethernet header, as a NIC would hand them to XDP. */
static const uint8_t *to_ether(int dlt, const uint8_t *p, size_t *len, uint8_t *buf, size_t cap)
{
	uint16_t proto;

	if (dlt == DLT_EN10MB)
		return p;
	if (dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6) {
		if (!*len)
			return NULL;
		proto = (p[0] >> 4) == 6 ? 0x86dd : 0x0800;
	} else if (dlt == DLT_LINUX_SLL) {
		if (*len < 16)
			return NULL;
		proto = (uint16_t)(p[14] << 8 | p[15]);
		p += 16;
		*len -= 16;
	} else {
		return NULL;
	}
	if (*len + 14 > cap)
		*len = cap - 14;
	memset(buf, 0, 12);
	buf[12] = proto >> 8;
	buf[13] = proto & 0xff;
	memcpy(buf + 14, p, *len);
	*len += 14;
	return buf;
}

int pcap_each(const char *path, pcap_frame_fn fn, void *ctx)
{
	static uint8_t ebuf[65536 + 14];
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *p;
	uint64_t no = 0;
	pcap_t *pc;
	int r, dlt, ret = 0;

	/* nanoseconds whatever the file holds: libpcap scales microsecond captures up */
	pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		pr_warn("%s: %s\n", path, errbuf);
		return -EINVAL;
	}
	dlt = pcap_datalink(pc);
	if (dlt != DLT_EN10MB && dlt != DLT_RAW && dlt != DLT_IPV4 && dlt != DLT_IPV6 &&
	    dlt != DLT_LINUX_SLL) {
		pr_warn("%s: link type %s is not supported (Ethernet, raw IP or Linux cooked)\n",
			path, pcap_datalink_val_to_name(dlt));
		ret = -EINVAL;
		goto out;
	}
	while ((r = pcap_next_ex(pc, &h, &p)) == 1) {
		size_t len = h->caplen;
		const uint8_t *frame = to_ether(dlt, p, &len, ebuf, sizeof(ebuf));

		/* at nanosecond precision, tv_usec holds nanoseconds */
		int64_t ts = h->ts.tv_sec >= 0 && h->ts.tv_sec < (1LL << 32) /* no overflow: -1 */
				     ? (int64_t)h->ts.tv_sec * 1000000000LL + h->ts.tv_usec
				     : -1;

		if ((ret = fn(ctx, ++no, ts, frame, frame ? len : 0)))
			goto out;
	}
	if (r == PCAP_ERROR) {
		pr_warn("%s: packet %llu: %s (the capture is damaged)\n", path,
			(unsigned long long)no + 1, pcap_geterr(pc));
		ret = -EIO;
	}
out:
	pcap_close(pc);
	return ret;
}
