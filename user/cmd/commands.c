// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The commands, in the order `ssdpmac --help` lists them, and the man pages' option lists. */
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "log.h"

#define CMD(n, f, o, h)                                                                            \
	{                                                                                          \
		.name = n, .fn = f, .opts = o, .help = h                                           \
	}
const struct command commands[] = {
	CMD("decode", cmd_decode, &decode_cmd,
	    "one UUID, USN or SSDP message: class, time, MAC, vendor"),
	CMD("scan", cmd_scan, &scan_cmd, "probe and classify in one process, with a progress line"),
	CMD("classify", cmd_classify, &classify_cmd,
	    "attach the XDP classifier to a NIC: devices, vendors, /metrics"),
	CMD("sensor", cmd_sensor, &sensor_cmd,
	    "the darknet sensor: Mirai scanners by their SYNs, as a target list"),
	CMD("probe", cmd_probe, &probe_cmd,
	    "M-SEARCH to targets in a random order, at a bounded rate"),
	CMD("report", cmd_report, &report_cmd,
	    "infected devices by vendor: scanners joined with SSDP devices"),
	CMD("import", cmd_import, &import_cmd,
	    "ZMap, masscan, Sonar, Shadowserver or pcap results as device records"),
	CMD("read", cmd_read, &read_cmd, "classify the SSDP replies in a pcap/pcapng file"),
	CMD("describe", cmd_describe, &describe_cmd,
	    "fetch each device's description (LOCATION): manufacturer, model, serial"),
	{.name = "__man-options",
	 .fn = cmd_man_options,
	 .hidden = true,
	 .help = "a command's OPTIONS as troff, for its man page"},
	{},
};

const struct command *command_find(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* ssdpmac __man-options COMMAND: the rows of its option tables as .TP paragraphs. */
int cmd_man_options(int argc, char **argv)
{
	const struct command *c = argc == 2 ? command_find(argv[1]) : NULL;

	if (!c || !c->opts) {
		pr_warn("Usage: ssdpmac __man-options COMMAND (one of the commands)\n");
		return 2;
	}
	opt_man(c->opts, stdout);
	return fflush(stdout) ? 1 : 0;
}
