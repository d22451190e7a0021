// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer: `ssdpmac report` on any records. The input is both the scanners file and the
 * devices file (so its addresses join), then every output format is written: errors naming the
 * line, or a report, never a crash, a leak or undefined behaviour.
 */
#include "fuzz_file.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *devnull;
	const char *path = fuzz_file(data, size, &devnull);
	struct report r;
	int f;

	report_init(&r);
	r.mirai_only = size & 1;
	if (!report_read_scanners(&r, path) && !report_read_devices(&r, path) && !report_join(&r))
		for (f = FMT_TABLE; f <= FMT_MARKDOWN; f++)
			report_write(&r, (enum report_format)f, devnull);
	report_free(&r);
	return 0;
}
