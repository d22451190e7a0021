// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A Sonar-style UDP SSDP CSV for `make bench`: ROWS replies from DEVICES devices (v1 UUIDs with
 * real Intel and Realtek prefixes), payloads hex-encoded as the dataset stores them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static const char hex[] = "0123456789abcdef";
	unsigned long rows, devices, i;
	char msg[256], line[1024];
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: mksonar ROWS DEVICES OUT.csv\n");
		return 2;
	}
	rows = strtoul(argv[1], NULL, 10);
	devices = strtoul(argv[2], NULL, 10);
	f = fopen(argv[3], "w");
	if (!f || !devices)
		return 1;
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	fputs("timestamp_ts,saddr,sport,daddr,dport,ipid,ttl,data\n", f);
	for (i = 0; i < rows; i++) {
		unsigned long d = (i * 2654435761UL) % devices;
		int n = snprintf(
			msg, sizeof(msg),
			"HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nUSN: uuid:f81d4fae-7dec-"
			"11d0-a765-%s%06lx::upnp:rootdevice\r\n\r\n",
			d & 1 ? "00e04c" : "00a0c9", d & 0xffffff);
		int o = snprintf(
			line, sizeof(line), "%lu,198.%lu.%lu.%lu,1900,198.19.254.1,40000,1,64,",
			1795000000UL + i / 1000, 18 + (d >> 16 & 1), d >> 8 & 0xff, d & 0xff);

		for (int k = 0; k < n; k++) {
			line[o++] = hex[(unsigned char)msg[k] >> 4];
			line[o++] = hex[(unsigned char)msg[k] & 0xf];
		}
		line[o++] = '\n';
		fwrite(line, 1, (size_t)o, f);
	}
	return fclose(f) ? 1 : 0;
}
