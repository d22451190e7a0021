/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The header scan by its definition, for tests/unit/test_parse.c and the fuzzer. */
#ifndef SCAN_REFERENCE_H
#define SCAN_REFERENCE_H

#include <string.h>
#include "ssdp_parse.h"

/*
 * The scan by its definition, a byte at a time: every newline of the scanned part in order, the
 * values still open closed there; the next line, if its first byte may matter
 * (ssdp_line_may_matter()), is read: counted, and handed to ssdp_line() until it says stop. Past
 * SSDP_MAX_LINES lines read the scan stops, limited (SCAN_LIMIT when no USN was seen). The
 * word-wise scan (windows, lines stepped over, the slow path near the end) must agree on every
 * message.
 */
static inline int reference_parse(const uint8_t *f, size_t len, struct ssdp_parsed *r)
{
	const struct ssdp_pkt pkt = {.data = f, .end = f + len, .len = (__u32)len};
	const struct ssdp_cfg cfg = {};
	struct ssdp_scan s = {};
	__u32 pay, stop, full, nl;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = ssdp_parse_udp(&pkt, &cfg, r, &pay, &stop, &full);
	if (ret >= 0)
		return ret;
	if (stop > pay + SSDP_SCAN_MAX)
		stop = pay + SSDP_SCAN_MAX;
	if (ssdp_start_line(&pkt, pay, stop, r))
		return SSDP_OUT_NOT_REPLY;
	s.off = pay;
	s.stop = stop;
	for (nl = pay; nl < stop; nl++) {
		if (f[nl] != '\n')
			continue;
		ssdp_close_lines(&s, nl);
		if (nl + 1 >= stop)
			break;
		if (!ssdp_line_may_matter(f[nl + 1]))
			continue;
		if (++s.lines > SSDP_MAX_LINES) {
			s.limited = 1;
			break;
		}
		if (ssdp_line(&pkt, &s, nl + 1))
			break;
	}
	if (s.open)
		ssdp_close_lines(&s, stop);
	s.more = full > stop;
	ssdp_other_values(&pkt, &s, r);
	return ssdp_scan_result(&pkt, &s, r);
}

#endif
