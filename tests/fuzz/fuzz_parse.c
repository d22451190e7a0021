// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer: the host build of the parser on any frame (held to the scan by its definition) and
 * any message, then the decoder. */
#include <stdint.h>
#include <string.h>
#include "frame.h"
#include "parse.h"
#include "scan_reference.h"
#include "usn.h"

static int same_as_reference(const uint8_t *f, size_t len)
{
	const struct ssdp_cfg cfg = {};
	const struct ssdp_pkt pkt = {.data = f, .end = f + len, .len = (__u32)len};
	struct ssdp_parsed got = {}, want;
	struct ssdp_scan scratch;

	return ssdp_parse(&pkt, &cfg, &got, &scratch) == reference_parse(f, len, &want) &&
	       !memcmp(got.val_off, want.val_off, sizeof(want.val_off)) &&
	       !memcmp(got.val_len, want.val_len, sizeof(want.val_len)) && got.flags == want.flags;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssdp_cfg cfg = {};
	struct ssdp_event ev;
	struct usn_info u;
	int out;

	out = host_parse_frame(data, size, &cfg, &ev);
	if (out < 0 || out >= SSDP_OUT_MAX)
		__builtin_trap();
	/* the word-wise scan agrees with the scan by its definition, on the input as a frame and
	 * on the input as the message of a UDP datagram from port 1900 */
	if (size <= SSDP_OFF_MASK - 8 && !same_as_reference(data, size))
		__builtin_trap();
	if (size <= 6000) {
		static uint8_t frame[8192];

		if (!same_as_reference(frame, frame_build(frame, sizeof(frame), data, size,
							  &(struct frame_opts){})))
			__builtin_trap();
	}
	out = host_parse_message(data, size, &ev);
	if (out < 0 || out >= SSDP_OUT_MAX)
		__builtin_trap();
	usn_classify((const char *)data, size, NULL, 1795000000, &u);
	if (u.cls >= USN_CLASS_N || (u.vendor && !u.has_mac))
		__builtin_trap();
	return 0;
}
