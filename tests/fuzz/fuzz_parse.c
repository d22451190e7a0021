// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer: the host build of the parser on any frame and any message, then the decoder. */
#include <stdint.h>
#include <string.h>
#include "parse.h"
#include "usn.h"

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
	if (ev.usn_len > SSDP_SNIP_LEN || ev.server_len > SSDP_SNIP_LEN ||
	    ev.st_len > SSDP_SNIP_LEN)
		__builtin_trap();
	out = host_parse_message(data, size, &ev);
	if (out < 0 || out >= SSDP_OUT_MAX)
		__builtin_trap();
	usn_classify((const char *)data, size, NULL, 1795000000, &u);
	if (u.cls >= USN_CLASS_N || (u.vendor && !u.has_mac))
		__builtin_trap();
	return 0;
}
