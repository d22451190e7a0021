// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac: find the device vendor behind SSDP replies. Subcommands in the manner of bpftool. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "cmd.h"
#include "log.h"

/* libbpf and libxdp speak through here: warnings always, the rest with -v. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (log_level >= 2)
		return vfprintf(stderr, fmt, ap);
	if (level == LIBBPF_WARN)
		return vfprintf(lib_log_capture ? lib_log_capture : stderr, fmt, ap);
	return 0;
}

static int print_libxdp(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	return print_libbpf(level == LIBXDP_WARN ? LIBBPF_WARN : LIBBPF_DEBUG, fmt, ap);
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{"decode", cmd_decode, "one UUID, USN or SSDP message: class, time, MAC, vendor"},
	{"scan", cmd_scan, "probe and classify in one process, with a progress line"},
	{"classify", cmd_classify,
	 "attach the XDP classifier to a NIC: devices, vendors, /metrics"},
	{"sensor", cmd_sensor,
	 "the darknet sensor: Mirai scanners by their SYNs, as a target list"},
	{"probe", cmd_probe, "M-SEARCH to targets in a random order, at a bounded rate"},
	{"report", cmd_report, "infected devices by vendor: scanners joined with SSDP devices"},
	{"import", cmd_import,
	 "ZMap, masscan, Sonar, Shadowserver or pcap results as device records"},
	{"read", cmd_read, "classify the SSDP replies in a pcap/pcapng file"},
	{"describe", cmd_describe,
	 "fetch each device's description (LOCATION): manufacturer, model, serial"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: ssdpmac [-v|-q] COMMAND [OPTIONS]\n\nCommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'ssdpmac COMMAND --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-q"))) {
		log_level = argv[1][1] == 'v' ? 2 : 0;
		argv++;
		argc--;
	}
	libbpf_set_print(print_libbpf);
	libxdp_set_print(print_libxdp);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ssdpmac: no command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
