// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac probe: the options (which scan takes too) and the command over the senders
 * (send/sender.c for sockets, send/txdp.c for XDP live frames).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "cmd.h"
#include "log.h"
#include "probe.h"
#include "ssdpmac.h"

static int parse_rate(void *field, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (*end == 'k' || *end == 'K')
		v *= 1e3, end++;
	else if (*end == 'M')
		v *= 1e6, end++;
	else if (*end == 'G')
		v *= 1e9, end++;
	if (*end || !(v > 0)) {
		pr_warn("--bandwidth %s: bits a second, e.g. 10M or 1G\n", s);
		return -EINVAL;
	}
	*(double *)field = v;
	return 0;
}

static int take_st(void *field, const char *s)
{
	if (strpbrk(s, "\r\n") || strlen(s) > 200) {
		pr_warn("--st: one line of at most 200 characters\n");
		return -EINVAL;
	}
	*(const char **)field = s;
	return 0;
}

static int take_allowlist(void *field, const char *s)
{
	return targets_read(field, s);
}

static int take_blocklist(void *field, const char *s)
{
	return blocklist_read(field, s);
}

static int take_reserved(void *field, const char *s)
{
	return blocklist_allow(field, s);
}

enum {
	TX_SOCKET,
	TX_PACKET,
	TX_XDP
};
static const struct opt_value tx_values[] = {
	{"socket", TX_SOCKET}, {"packet", TX_PACKET}, {"xdp", TX_XDP}, {}};

const struct opt probe_rows[] = {
	OPT_ROW("allowlist", 'w', OPT_FUNC, struct probe_opts, targets, "FILE",
		"targets from a file, one per line ('-': stdin); a scanner\n"
		"list from `ssdpmac sensor --targets` reads as it is",
		.fn = take_allowlist, .example = "/dev/null"),
	OPT_ROW("blocklist", 'b', OPT_FUNC, struct probe_opts, block, "FILE",
		"more prefixes never to probe (reserved ranges always are)", .fn = take_blocklist,
		.example = "/dev/null"),
	OPT_ROW("allow-reserved", 0, OPT_FUNC, struct probe_opts, block, "P",
		"lift the reserved range P (the lab: 198.18.0.0/15)", .fn = take_reserved,
		.example = "198.18.0.0/15"),
	OPT_ROW("rate", 'r', OPT_REAL, struct probe_opts, rate, "PPS",
		"probes a second (default 10000)", .strict = true, .example = "1000"),
	OPT_ROW("bandwidth", 'B', OPT_FUNC, struct probe_opts, bps, "BPS", "or a bit rate: 10M, 1G",
		.fn = parse_rate, .example = "10M"),
	OPT_ROW("probes", 'P', OPT_UINT, struct probe_opts, per_target, "N",
		"probes per target (default 1)", .min = 1, .max = 16, .example = "2"),
	OPT_ROW("port", 'p', OPT_UINT, struct probe_opts, port, "PORT",
		"the targets' SSDP port (default 1900; replies must come from it)", .min = 1,
		.max = 65535, .example = "1900"),
	OPT_ROW("st", 0, OPT_FUNC, struct probe_opts, st, "ST",
		"search target (default upnp:rootdevice; ssdp:all: more replies)", .fn = take_st,
		.example = "ssdp:all"),
	OPT_ROW("seed", 0, OPT_UINT, struct probe_opts, seed, "N",
		"the order (default: random); same seed, same order",
		OPT_GIVEN(struct probe_opts, seeded), .example = "3"),
	OPT_ROW("key", 0, OPT_HEX, struct probe_opts, key, "HEX",
		"source-port key (default: random; classify --probe-key)",
		OPT_GIVEN(struct probe_opts, keyed), .example = "5eed"),
	OPT_ROW("shards", 0, OPT_UINT, struct probe_opts, shards, "N",
		"a scan shared by N hosts (with --shard)", .min = 1, .max = 65536, .example = "2"),
	OPT_ROW("shard", 0, OPT_UINT, struct probe_opts, shard, "I",
		"this host's part of it, from 0", .max = 65535, .example = "0"),
	OPT_ROW("source-ip", 'S', OPT_IPV4, struct probe_opts, source, "A",
		"the IPv4 source (default: the route's)", .example = "198.18.0.1"),
	OPT_ROW("dryrun", 0, OPT_BOOL, struct probe_opts, dryrun, NULL,
		"print target and source port instead of sending"),
	OPT_ROW("tx", 0, OPT_ENUM, struct probe_opts, tx, "HOW",
		"socket: raw IP sockets with sendmmsg, any route (default);\n"
		"packet: prebuilt frames on a packet socket out of -i IFACE;\n"
		"xdp: the line-rate path, XDP live frames out of -i IFACE",
		.values = tx_values, .example = "packet"),
	OPT_ROW("sender-threads", 'T', OPT_UINT, struct probe_opts, threads, "N",
		"--tx xdp: N senders, one to a CPU (default 1)", .min = 1, .max = 256,
		.example = "1"),
	OPT_ROW("gateway-mac", 'G', OPT_MAC, struct probe_opts, gw_mac, "MAC",
		"--tx xdp/packet: the next hop's MAC (default: the\n"
		"neighbour table's, for the route to the first target)",
		OPT_GIVEN(struct probe_opts, gw_set), .example = "02:00:00:00:00:01"),
	OPT_ROW("interface", 'i', OPT_STR, struct probe_opts, ifname, "IFACE",
		"--tx xdp/packet: the NIC to send from (scan: where replies arrive)",
		.example = "lo"),
	{},
};

const struct opt_cmd probe_cmd = {
	.name = "probe",
	.synopsis = "[OPTIONS] TARGET... (addresses, prefixes a.b.c.d/n, IPv6 addresses)",
	.min_args = 0,
	.max_args = -1,
	.tables = {{probe_rows}},
};

int probe_defaults(struct probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rate = 10000;
	o->per_target = 1;
	o->threads = 1;
	o->port = SSDP_PORT;
	o->shards = 1;
	o->st = "upnp:rootdevice";
	return blocklist_default(&o->block) ? 2 : OPT_GO;
}

int probe_check(struct probe_opts *o, const char *cmd, int argc, char **argv)
{
	for (; argc > 0; argc--, argv++)
		if (targets_add(&o->targets, *argv, "argument"))
			return 2;
	o->tx_xdp = o->tx == TX_XDP;
	o->tx_packet = o->tx == TX_PACKET;
	if (o->threads > 1 && !o->tx_xdp) {
		pr_warn("-T %u: several sender threads are for --tx xdp\n", o->threads);
		return 2;
	}
	if (o->shard >= o->shards) {
		pr_warn("--shard %u: must be below --shards %u\n", o->shard, o->shards);
		return 2;
	}
	if (o->shards > 1 && !o->seeded) { /* as ZMap: each host would draw its own order */
		pr_warn("--shards %u: give the same --seed on every host (a random one each would "
			"make the shards overlap and miss targets)\n",
			o->shards);
		return 2;
	}
	targets_finish(&o->targets);
	if (!targets_total(&o->targets)) {
		pr_warn("%s: no targets: give addresses, prefixes or -w FILE (there is no default, "
			"and never the whole internet)\n",
			cmd);
		return 2;
	}
	if (o->bps) /* an M-SEARCH frame on the wire: preamble, headers, payload, FCS, gap */
		o->rate = o->bps /
			  ((8 + 14 + 20 + 8 + msearch_payload(NULL, 0, o->st) + 4 + 12) * 8.0);
	if (!o->seeded && getrandom(&o->seed, sizeof(o->seed), 0) != sizeof(o->seed))
		o->seed = (uint64_t)time(NULL);
	if (!o->keyed && getrandom(&o->key, sizeof(o->key), 0) != sizeof(o->key))
		o->key = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	return OPT_GO;
}

int cmd_probe(int argc, char **argv)
{
	struct probe_opts o;
	void *const cfgs[] = {&o};
	struct probe_stats st;
	volatile int stop = 0;
	int err, first;

	if ((err = probe_defaults(&o)) == OPT_GO &&
	    (err = opt_parse(&probe_cmd, cfgs, argc, argv, &first)) == OPT_GO)
		err = probe_check(&o, "probe", argc - first, argv + first);
	if (err != OPT_GO) {
		probe_free(&o);
		return err;
	}
	pr_info("probe: %llu targets, shard %u/%u, %.0f probes/s, key %016llx\n",
		(unsigned long long)targets_total(&o.targets), o.shard, o.shards, o.rate,
		(unsigned long long)o.key);
	err = o.tx_xdp && !o.dryrun ? probe_run_xdp(&o, &st, &stop) : probe_run(&o, &st, &stop);
	if (!err && o.dryrun)
		pr_info("probe: dry run, %llu blocked\n", (unsigned long long)st.blocked);
	else if (!err)
		pr_info("probe: %llu sent, %llu blocked, %llu errors in %.2f s (%.0f/s)\n",
			(unsigned long long)st.sent, (unsigned long long)st.blocked,
			(unsigned long long)st.errors, st.end - st.start,
			st.sent / (st.end - st.start + 1e-9));
	probe_free(&o);
	return err ? 1 : 0;
}
