// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ssdpmac import: scan results other tools produced, turned into ssdpmac device records (JSON
 * Lines, decoded exactly as classify decodes them). Input streams record by record, so memory
 * grows with the devices found, not with the file.
 */
#define _GNU_SOURCE /* strptime */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "cmd.h"
#include "csv.h"
#include "devices.h"
#include "lines.h"
#include "log.h"
#include "parse.h"
#include "pcapio.h"
#include "textin.h"

enum fmt {
	F_ZMAP,
	F_MASSCAN,
	F_SONAR,
	F_SHADOWSERVER,
	F_PCAP,
	F_SHODAN
};

#define IMPORT_BATCH 256

struct importer {
	enum fmt fmt;
	const char *path;
	struct devtab t;
	bool keep_going;
	uint64_t records, no_usn;
	struct lines lines; /* text formats; pcap counts its bad packets here too */
	const char *why;    /* what is wrong with the line a parser refused */
	char whybuf[160];
	int64_t now;
	int col_addr, col_usn, col_server, col_st, col_loc, col_data,
		col_ts; /* CSV columns, -1: none */
	struct ssdp_event batch[IMPORT_BATCH];
	size_t nbatch;
	struct csv csv; /* its buffer is kept from line to line */
	struct ssdp_cfg cfg;
};

/* Events go to the consumer in batches, as classify's do (devtab_events() overlaps misses). */
static int run_batch(struct importer *im)
{
	int ret = im->nbatch ? devtab_events(&im->t, im->batch, im->nbatch) : 0;

	im->nbatch = 0;
	return ret;
}

/* One event to the consumer, at the source's time (Unix ns; 0: unknown). */
static int push(struct importer *im, struct ssdp_event *ev, int64_t ts)
{
	ev->ts_ns = (__u64)(ts > 0 ? ts : 0);
	im->records++;
	im->batch[im->nbatch++] = *ev;
	return im->nbatch == IMPORT_BATCH ? run_batch(im) : 0;
}

static int set_addr(struct ssdp_event *ev, const char *addr)
{
	if (inet_pton(AF_INET, addr, ev->saddr) == 1)
		return 0;
	if (inet_pton(AF_INET6, addr, ev->saddr) != 1)
		return -EINVAL;
	ev->flags |= SSDP_EV_IPV6;
	return 0;
}

/* A header value into an event's text field: at most max bytes, cut flagged. */
static __u8 set_text(char *dst, const char *s, size_t max, __u8 *flags, __u8 cut)
{
	return host_snip_text(dst, s, s ? strlen(s) : 0, max, flags, cut);
}

/* An address and the header values of src (usn, server, st, location) to an event for the
 * consumer. */
static int feed(struct importer *im, const char *addr, const struct ssdp_event *src, int64_t ts)
{
	struct ssdp_event ev = {};
	size_t skip = 0;

	if (set_addr(&ev, addr)) {
		im->why = "the address is neither IPv4 nor IPv6";
		return -EINVAL;
	}
	while (skip < src->usn_len && (src->usn[skip] == ' ' || src->usn[skip] == '\t'))
		skip++;
	if (skip == src->usn_len) {
		im->no_usn++; /* an SSDP answer that names nothing: counted, as the kernel does */
		return 0;
	}
	ev.usn_len = src->usn_len - skip;
	memcpy(ev.usn, src->usn + skip, ev.usn_len);
	ev.server_len = src->server_len;
	memcpy(ev.server, src->server, sizeof(ev.server));
	ev.st_len = src->st_len;
	memcpy(ev.st, src->st, sizeof(ev.st));
	ev.loc_len = src->loc_len;
	memcpy(ev.location, src->location, sizeof(ev.location));
	ev.flags |=
		src->flags & (SSDP_EV_USN_CUT | SSDP_EV_SRV_CUT | SSDP_EV_ST_CUT | SSDP_EV_LOC_CUT);
	ev.kind = SSDP_KIND_REPLY;
	ev.sport = SSDP_PORT;
	return push(im, &ev, ts);
}

/* A whole SSDP message (a banner, a payload): the host build of the classifier's parser. */
static int feed_message(struct importer *im, const char *addr, const uint8_t *msg, size_t len,
			int64_t ts)
{
	struct ssdp_event ev;
	int out = host_parse_message(msg, len, &ev);

	if (!ssdp_carries_event(out)) {
		im->why = "the banner is not an SSDP reply or NOTIFY";
		if (out == SSDP_OUT_NOT_REPLY)
			return -EINVAL;
		im->no_usn++;
		return 0;
	}
	if (set_addr(&ev, addr)) {
		im->why = "the address is neither IPv4 nor IPv6";
		return -EINVAL;
	}
	ev.sport = SSDP_PORT; /* a banner is the payload alone: the port it came from */
	return push(im, &ev, ts);
}

static int unhex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Payload as hex (Sonar's "data") or base64; into buf. Returns the length or -1. */
static ssize_t decode_payload(const char *s, uint8_t *buf, size_t cap)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	uint32_t acc = 0;
	int bits = 0;

	if (n % 2 == 0 && n && strspn(s, "0123456789abcdefABCDEF") == n) {
		for (i = 0; i + 1 < n && o < cap; i += 2)
			buf[o++] = (uint8_t)(unhex(s[i]) << 4 | unhex(s[i + 1]));
		return (ssize_t)o;
	}
	for (i = 0; i < n && o < cap; i++) {
		const char *p = s[i] ? strchr(b64, s[i]) : NULL;

		if (s[i] == '=')
			break;
		if (!p)
			return -1;
		acc = acc << 6 | (uint32_t)(p - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (uint8_t)(acc >> bits);
		}
	}
	return (ssize_t)o;
}

/* masscan -oL escapes bytes as \xNN. */
static size_t unescape(char *s)
{
	size_t i = 0, o = 0;

	while (s[i]) {
		if (s[i] == '\\' && s[i + 1] == 'x' && unhex(s[i + 2]) >= 0 &&
		    unhex(s[i + 3]) >= 0) {
			s[o++] = (char)(unhex(s[i + 2]) << 4 | unhex(s[i + 3]));
			i += 4;
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = '\0';
	return o;
}

/* A record's time: none (0), or within range (see time_parse()); else the line is bad. */
static int line_ts(struct importer *im, const char *s, int64_t *ns)
{
	*ns = 0;
	return s && *s && time_parse(s, im->now, ns, &im->why) ? -EINVAL : 0;
}

static int column(struct csv *c, const char *const *names)
{
	size_t i;

	for (; *names; names++)
		for (i = 0; i < c->nfields; i++)
			if (!strcasecmp(c->fields[i], *names))
				return (int)i;
	return -1;
}

/* The header of a CSV format: which column holds what. */
static int csv_header(struct importer *im, struct csv *c)
{
	static const char *const addr[] = {"saddr", "ip", "src", NULL};
	static const char *const usn[] = {"usn", "unique_service_name", NULL};
	static const char *const srv[] = {"server", NULL};
	static const char *const st[] = {"st", "search_target", NULL};
	static const char *const loc[] = {"location", NULL};
	static const char *const data[] = {"data", "payload", NULL};
	static const char *const ts[] = {"timestamp_ts", "timestamp", "ts", NULL};
	static const char *const want[] = {[F_ZMAP] = "ZMap's upnp CSV (-O csv, header line "
						      "with saddr and usn)",
					   [F_SONAR] = "a Sonar UDP SSDP CSV (saddr and data)",
					   [F_SHADOWSERVER] = "a Shadowserver SSDP CSV (ip and "
							      "unique_service_name)"};

	im->col_addr = column(c, addr);
	im->col_usn = column(c, usn);
	im->col_server = column(c, srv);
	im->col_st = column(c, st);
	im->col_loc = column(c, loc);
	im->col_data = column(c, data);
	im->col_ts = column(c, ts);
	if (im->col_addr < 0 || (im->fmt == F_SONAR ? im->col_data < 0 : im->col_usn < 0)) {
		snprintf(im->whybuf, sizeof(im->whybuf),
			 "this is not %s; its first line has no such columns", want[im->fmt]);
		im->why = im->whybuf;
		return -EINVAL;
	}
	return 0;
}

static const char *field(struct csv *c, int i)
{
	return i >= 0 && (size_t)i < c->nfields ? c->fields[i] : NULL;
}

static int csv_record(struct importer *im, struct csv *c)
{
	const char *addr = field(c, im->col_addr), *ts = field(c, im->col_ts);
	int64_t ns;

	im->why = "the line has fewer fields than the header";
	if (!addr || line_ts(im, ts, &ns))
		return -EINVAL;
	if (im->fmt == F_SONAR) {
		static uint8_t buf[65536];
		const char *d = field(c, im->col_data);
		ssize_t n = d ? decode_payload(d, buf, sizeof(buf)) : -1;

		im->why = "the payload is neither hex nor base64";
		if (n < 0)
			return -EINVAL;
		return feed_message(im, addr, buf, (size_t)n, ns);
	}
	{
		struct ssdp_event ev = {};

		ev.usn_len = set_text(ev.usn, field(c, im->col_usn), SSDP_SNIP_LEN, &ev.flags,
				      SSDP_EV_USN_CUT);
		ev.server_len = set_text(ev.server, field(c, im->col_server), SSDP_SNIP_LEN,
					 &ev.flags, SSDP_EV_SRV_CUT);
		ev.st_len = set_text(ev.st, field(c, im->col_st), SSDP_SNIP_LEN, &ev.flags,
				     SSDP_EV_ST_CUT);
		ev.loc_len = set_text(ev.location, field(c, im->col_loc), SSDP_LOC_LEN, &ev.flags,
				      SSDP_EV_LOC_CUT);
		return feed(im, addr, &ev, ns);
	}
}

/* o's member k: absent (*v = NULL) or of type t; any other type, null too, makes the line bad. */
static int member(struct importer *im, json_object *o, const char *k, json_type t, json_object **v)
{
	if (!json_object_object_get_ex(o, k, v) || json_object_is_type(*v, t))
		return 0;
	snprintf(im->whybuf, sizeof(im->whybuf), "\"%s\" is %s, not %s", k,
		 json_type_to_name(json_object_get_type(*v)), json_type_to_name(t));
	im->why = im->whybuf;
	return -EINVAL;
}

/* One port of a masscan -oJ host: its banner, if it has one, to the consumer. */
static int masscan_port(struct importer *im, json_object *p, const char *ip, int64_t ns)
{
	json_object *svc = NULL, *b = NULL;

	im->why = "a member of \"ports\" is not an object";
	if (!json_object_is_type(p, json_type_object) ||
	    member(im, p, "service", json_type_object, &svc) ||
	    (svc && member(im, svc, "banner", json_type_string, &b)))
		return -EINVAL;
	if (!b)
		return 0; /* an open port without a banner */
	return feed_message(im, ip, (const uint8_t *)json_object_get_string(b),
			    (size_t)json_object_get_string_len(b), ns);
}

static int masscan_json(struct importer *im, char *line)
{
	json_object *o, *ports = NULL, *ip = NULL, *tsj = NULL;
	int64_t ns = 0;
	size_t i;
	int ret = -EINVAL;

	while (*line == ' ' || *line == ',' || *line == '[')
		line++;
	if (!*line || *line == ']')
		return 0;
	o = json_tokener_parse(line);
	im->why = "not a JSON object";
	if (!o || !json_object_is_type(o, json_type_object))
		goto out;
	if (member(im, o, "ip", json_type_string, &ip) || (!ip && (im->why = "no \"ip\"")))
		goto out;
	/* masscan writes its Unix seconds as a string; a number is taken too */
	if (json_object_object_get_ex(o, "timestamp", &tsj) &&
	    !json_object_is_type(tsj, json_type_int) &&
	    member(im, o, "timestamp", json_type_string, &tsj))
		goto out;
	if ((tsj && line_ts(im, json_object_get_string(tsj), &ns)) ||
	    member(im, o, "ports", json_type_array, &ports))
		goto out;
	ret = 0;
	for (i = 0; ports && i < json_object_array_length(ports) && !ret; i++)
		ret = masscan_port(im, json_object_array_get_idx(ports, i),
				   json_object_get_string(ip), ns);
out:
	json_object_put(o);
	return ret;
}

/* masscan -oL: "banner udp 1900 ADDR TIME SERVICE BANNER"; open/closed lines carry none. */
static int masscan_list(struct importer *im, char *line)
{
	char *tok[6], *save = NULL, *rest;
	int64_t ns;
	int i;

	if (line[0] == '#' || !strncmp(line, "open ", 5) || !strncmp(line, "closed ", 7))
		return 0;
	im->why = "not a masscan -oL line (banner PROTO PORT ADDR TIME SERVICE BANNER)";
	for (i = 0; i < 6; i++) {
		tok[i] = strtok_r(i ? NULL : line, " ", &save);
		if (!tok[i])
			return -EINVAL;
	}
	rest = save;
	if (strcmp(tok[0], "banner") || !rest || line_ts(im, tok[4], &ns))
		return -EINVAL;
	return feed_message(im, tok[3], (const uint8_t *)rest, unescape(rest), ns);
}

/* `shodan download` (gzip or plain JSON Lines): a banner's data is the device's whole reply. */
static int shodan_line(struct importer *im, const char *line)
{
	const char *addr, *data, *ts;
	json_object *hold;
	int64_t ns;
	size_t len;
	int ret = shodan_banner(line, &hold, &addr, &data, &len, &ts);

	if (ret < 0)
		im->why = "not a Shodan banner (a JSON object with ip_str and data)";
	else if (ret == 1)
		ret = line_ts(im, ts, &ns) ? -EINVAL
					   : feed_message(im, addr, (const uint8_t *)data, len, ns);
	json_object_put(hold);
	return ret;
}

static int one_line(struct importer *im, char *line, uint64_t start)
{
	int ret;

	if (im->fmt == F_SHODAN)
		return shodan_line(im, line);
	if (im->fmt == F_MASSCAN)
		return line[0] == '{' || line[0] == ',' || line[0] == '[' || line[0] == ']' ||
				       line[0] == ' '
			       ? masscan_json(im, line)
			       : masscan_list(im, line);
	csv_reset(&im->csv, line, strlen(line));
	ret = csv_next(&im->csv);
	if (ret == -EINVAL)
		im->why = "a quoted field opens here and does not close";
	if (ret == -E2BIG) {
		snprintf(im->whybuf, sizeof(im->whybuf), "more than %d fields", CSV_MAX_FIELDS);
		im->why = im->whybuf;
		ret = -EINVAL;
	}
	if (ret == 1)
		ret = start == 1 ? csv_header(im, &im->csv) : csv_record(im, &im->csv);
	return ret;
}

static int import_record(struct lines *l, char *text, uint64_t start)
{
	struct importer *im = l->ctx;
	int ret;

	im->why = NULL;
	ret = one_line(im, text, start);
	l->why = im->why;
	return ret;
}

static int import_flush(struct lines *l)
{
	struct importer *im = l->ctx;

	return devtab_flush(&im->t) && im->t.err ? im->t.err : 0;
}

static int run_text(struct importer *im)
{
	im->lines = (struct lines){.path = im->path,
				   .keep_going = im->keep_going,
				   .csv_quotes = im->fmt != F_MASSCAN && im->fmt != F_SHODAN,
				   .record = import_record,
				   .every_64k = import_flush,
				   .ctx = im};
	return lines_run(&im->lines);
}

/* A captured frame: the event the classifier would make of it, as it is. */
static int pcap_frame(void *ctx, uint64_t no, int64_t ts_ns, const uint8_t *frame, size_t len)
{
	struct importer *im = ctx;
	struct ssdp_event ev;

	if (!frame)
		return 0;
	if (time_check(ts_ns, im->now, &im->why)) {
		if (!im->keep_going) {
			pr_warn("%s: packet %llu: %s (--keep-going skips such packets and counts "
				"them)\n",
				im->path, (unsigned long long)no, im->why);
			return -EINVAL;
		}
		if (!im->lines.bad++)
			im->lines.first_bad = no;
		return 0;
	}
	if (!ssdp_carries_event(host_parse_frame(frame, len, &im->cfg, &ev)))
		return 0;
	return push(im, &ev, ts_ns);
}

int import_file(int fmt, const char *path, const struct oui_db *db, bool keep_going, FILE *out,
		struct netdb *net)
{
	struct importer *im = calloc(1, sizeof(*im));
	int err;

	if (!im)
		return -ENOMEM;
	im->fmt = (enum fmt)fmt;
	im->path = path;
	im->keep_going = keep_going;
	im->cfg.any_port = 1; /* a capture: replies and NOTIFYs from any port */
	im->now = now_unix();
	devtab_init(&im->t, db, (size_t)-1);
	im->t.net = net;
	im->t.mono_to_real = 0; /* event times are Unix times already */
	err = im->fmt == F_PCAP ? pcap_each(im->path, pcap_frame, im) : run_text(im);
	if (!err)
		err = run_batch(im);
	/* records at the end, when each device's sightings and first/last times are whole */
	im->t.out = out;
	if (!err)
		err = devtab_write_all(&im->t);
	if (!err && devtab_flush(&im->t) && im->t.err)
		err = im->t.err;
	if (!err && !im->records && !im->no_usn && !im->lines.bad)
		pr_warn("%s: no records in it\n", im->path);
	if (!err) {
		pr_info("import: %llu records, %zu devices, %zu vendors; %llu without a USN",
			(unsigned long long)im->records, im->t.ndevs, im->t.nvendors,
			(unsigned long long)im->no_usn);
		if (im->lines.bad)
			pr_info("; %llu %s skipped (the first: %s %llu)",
				(unsigned long long)im->lines.bad,
				im->fmt == F_PCAP ? "packets" : "lines",
				im->fmt == F_PCAP ? "packet" : "line",
				(unsigned long long)im->lines.first_bad);
		pr_info("\n");
	}
	lines_free(&im->lines);
	csv_free(&im->csv);
	devtab_free(&im->t);
	free(im);
	return err;
}

struct import_opts {
	int fmt; /* enum fmt; -1: not given */
	bool keep_going;
	const char *output, *ieee_dir;
	struct netfiles net;
};

static const struct opt_value fmt_values[] = {
	{"zmap-upnp", F_ZMAP},
	{"masscan", F_MASSCAN},
	{"sonar", F_SONAR},
	{"shadowserver", F_SHADOWSERVER},
	{"pcap", F_PCAP},
	{"shodan", F_SHODAN},
	{},
};

static const struct opt import_rows[] = {
	OPT_ROW("format", 'f', OPT_ENUM, struct import_opts, fmt, "F",
		"zmap-upnp (ZMap -M upnp -O csv), masscan (-oJ or -oL with banners),\n"
		"sonar (Rapid7 Sonar UDP SSDP CSV, payload in hex or base64),\n"
		"shadowserver (SSDP report CSV), pcap, shodan (`shodan download` JSON\n"
		"banners); text may be gzip-compressed",
		.values = fmt_values, .example = "sonar"),
	OPT_ROW("keep-going", 'k', OPT_BOOL, struct import_opts, keep_going, NULL,
		"skip and count lines that are no record, instead of stopping"),
	OPT_ROW("output", 'o', OPT_STR, struct import_opts, output, "FILE",
		"device records as JSON Lines (default stdout)", .example = "-"),
	{},
};

const struct opt_cmd import_cmd = {
	.name = "import",
	.synopsis = "--format F [OPTIONS] FILE ('-': stdin)",
	.min_args = 1,
	.max_args = 1,
	.tables = {{import_rows}, {ieee_rows}, {net_rows, "Networks in the records"}},
};

int cmd_import(int argc, char **argv)
{
	struct import_opts o = {.fmt = -1};
	void *const cfgs[] = {&o, &o.ieee_dir, &o.net};
	struct oui_db db = {};
	struct netdb ndb, *net = NULL;
	FILE *out = NULL;
	int ret, first;

	if ((ret = opt_parse(&import_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		return ret;
	if (o.fmt < 0) {
		pr_warn("import: --format F, the tool that wrote the file (--help lists them)\n");
		return 2;
	}
	ret = 1;
	if (oui_load(&db, o.ieee_dir))
		return 1;
	if (netfiles_open(&o.net, &ndb, &net))
		goto out;
	out = o.output ? fopen(o.output, "w") : stdout;
	if (!out) {
		pr_warn("-o %s: %s\n", o.output, strerror(errno));
		goto out;
	}
	ret = import_file(o.fmt, argv[first], &db, o.keep_going, out, net) ? 1 : 0;
out:
	if (out && out != stdout && fclose(out) && !ret) {
		pr_warn("-o %s: %s\n", o.output, strerror(errno));
		ret = 1;
	}
	if (net)
		netdb_close(net);
	oui_free(&db);
	return ret;
}
