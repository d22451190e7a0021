// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The report as a table, CSV, JSON, Markdown and a chart (the command: user/cmd/report.c). */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "escape.h"
#include "log.h"
#include "report.h"

static double share(const struct report *r, uint64_t n)
{
	return r->named ? 100.0 * (double)n / (double)r->named : 0;
}

size_t report_list_add(char *buf, size_t len, size_t o, size_t i, const char *what, uint64_t n)
{
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "%s%s (%llu)", i ? "; " : "", what,
				      (unsigned long long)n);
	return o;
}

static void hints(const struct rvendor *v, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nservers && i < 3; i++)
		o = report_list_add(buf, len, o, i, v->servers[i].what, v->servers[i].n);
}

static void prefixes(const struct rvendor *v, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nprefixes && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "", v->prefixes[i].what);
}

/* A vendor's devices by confidence: "high/medium/corroborated" counts. */
static const char *conf_counts(const struct rvendor *v, char buf[72])
{
	snprintf(buf, 72, "%llu/%llu/%llu", (unsigned long long)v->by_conf[0],
		 (unsigned long long)v->by_conf[1], (unsigned long long)v->by_conf[2]);
	return buf;
}

/* Named devices by confidence over all vendors; [3]: records that gave none (older files). */
static void conf_totals(const struct report *r, uint64_t n[4])
{
	size_t i, j;

	memset(n, 0, 4 * sizeof(*n));
	for (i = 0; i < r->nvendors; i++)
		for (j = 0; j < 3; j++)
			n[j] += r->vendors[i].by_conf[j];
	n[3] = r->named - n[0] - n[1] - n[2];
}

static void summary_text(const struct report *r, FILE *f, const char *pre, bool md)
{
	uint64_t c[4];
	size_t i;

	fprintf(f, "%sinfected devices named by vendor: %llu\n", pre, (unsigned long long)r->named);
	conf_totals(r, c);
	fprintf(f, "%sby confidence: high %llu, medium %llu, corroborated %llu",
		md ? "  - " : "    ", (unsigned long long)c[0], (unsigned long long)c[1],
		(unsigned long long)c[2]);
	if (c[3])
		fprintf(f, ", none given %llu", (unsigned long long)c[3]);
	fputc('\n', f);
	fprintf(f, "%sinfected hosts with SSDP but no vendor: %llu", pre,
		(unsigned long long)(r->infected - r->named));
	for (i = 0; i < r->nno_mac; i++) {
		fputs(i ? ", " : " (", f);
		(md ? esc_md_text : esc_term_put)(f, r->no_mac[i].what);
		fprintf(f, " %llu", (unsigned long long)r->no_mac[i].n);
	}
	fprintf(f, "%s\n", r->nno_mac ? ")" : "");
	fprintf(f, "%sinfected hosts with no SSDP reply: %llu\n", pre,
		(unsigned long long)r->no_ssdp);
	fprintf(f, "%sSSDP devices not seen scanning: %llu\n", pre,
		(unsigned long long)r->not_scanning);
	if (r->skipped_plain)
		fprintf(f, "%sscanners without the Mirai fingerprint, left out: %llu\n", pre,
			(unsigned long long)r->skipped_plain);
}

/* A device's model, or why it has none: "(timeout)"; none: never described. */
static const char *model_cell(const struct rdevice *d, char *buf, size_t len, const char *none)
{
	if (d->model)
		return d->model;
	if (!d->desc.outcome || report_described(d))
		return none;
	snprintf(buf, len, "(%s)", d->desc.outcome);
	return buf;
}

static void write_table(const struct report *r, FILE *f)
{
	char h[512], p[256], name[35], e[5][96], c[72], m[5][96];
	size_t i;

	/* new fixed-width columns go before the last, free-width one (SERVER): nothing after it
	 * could line up; CSV, JSON and Markdown append theirs */
	fprintf(f, "Infected devices by vendor: %zu scanners joined with %zu SSDP devices\n\n",
		r->nscanners, r->ndevs);
	fprintf(f, "%8s %6s %6s  %-34s %-22s %-24s %-24s %-14s %s\n", "DEVICES", "SHARE", "ADDRS",
		"VENDOR", "PREFIXES", "FIRST SEEN", "LAST SEEN", "CONF H/M/C",
		"SERVER (model hints)");
	for (i = 0; i < r->nvendors; i++) {
		const struct rvendor *v = &r->vendors[i];

		hints(v, h, sizeof(h));
		prefixes(v, p, sizeof(p));
		fprintf(f, "%8llu %5.1f%% %6llu  %-34s %-22.22s %-24s %-24s %-14s ",
			(unsigned long long)v->devices, share(r, v->devices),
			(unsigned long long)v->addrs, esc_term(name, sizeof(name), v->name),
			esc_term(e[0], 23, p),
			esc_term(e[1], sizeof(e[1]), v->first[0] ? v->first : "-"),
			esc_term(e[2], sizeof(e[2]), v->last[0] ? v->last : "-"),
			conf_counts(v, c));
		esc_term_put(f, h);
		fputc('\n', f);
	}
	fputs("\nThe rest, counted:\n", f);
	summary_text(r, f, "  ", false);
	report_net_text(r, f, false);
	report_model_text(r, f, false);
	fputs("\nInfected devices, for the vendor hand-off:\n", f);
	fprintf(f, "%-16s %-17s %-34s %-36s %-30s %-12s %-24s %-30s %-18s %-24s %s\n", "ADDRESS",
		"MAC", "VENDOR", "UUID", "V1 TIME", "CONFIDENCE", "MANUFACTURER", "MODEL", "SERIAL",
		"FIRMWARE", "SERVER");
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];

		if (!d->infected)
			continue;
		fprintf(f, "%-16s %-17s %-34s %-36s %-30s %-12s %-24s %-30s %-18s %-24s ",
			esc_term(e[0], sizeof(e[0]), d->addr ? d->addr : "-"),
			esc_term(e[1], sizeof(e[1]), d->mac ? d->mac : "-"),
			esc_term(name, sizeof(name), d->vendor ? d->vendor : "-"),
			esc_term(e[2], sizeof(e[2]), d->uuid ? d->uuid : "-"),
			esc_term(e[3], sizeof(e[3]), d->time ? d->time : "-"),
			esc_term(e[4], 13, d->conf ? d->conf : "-"),
			esc_term(m[0], 25, d->desc.manufacturer ? d->desc.manufacturer : "-"),
			esc_term(m[1], 31, model_cell(d, m[4], sizeof(m[4]), "-")),
			esc_term(m[2], 19, d->desc.serial ? d->desc.serial : "-"),
			esc_term(m[3], 25, d->desc.firmware ? d->desc.firmware : "-"));
		esc_term_put(f, d->server ? d->server : "-");
		fputc('\n', f);
	}
}

static void write_csv(const struct report *r, FILE *f)
{
	size_t i;

	fputs("addr,mac,vendor,oui,class,uuid,v1_time,server,st,confidence,description,"
	      "manufacturer,model_name,model_number,serial,firmware,differs\n",
	      f);
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];

		if (!d->infected)
			continue;
		esc_csv(f, d->addr, false);
		esc_csv(f, d->mac, false);
		esc_csv(f, d->vendor, false);
		esc_csv(f, d->oui, false);
		esc_csv(f, d->cls, false);
		esc_csv(f, d->uuid, false);
		esc_csv(f, d->time, false);
		esc_csv(f, d->server, false);
		esc_csv(f, d->st, false);
		esc_csv(f, d->conf, false);
		esc_csv(f, d->desc.outcome, false);
		esc_csv(f, d->desc.manufacturer, false);
		esc_csv(f, d->desc.name, false);
		esc_csv(f, d->desc.number, false);
		esc_csv(f, d->desc.serial, false);
		esc_csv(f, d->desc.firmware, false);
		esc_csv(f, report_described(d) ? (d->differs ? "yes" : "no") : NULL, true);
	}
}

json_object *report_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *report_json_count(const char *key, const char *what, uint64_t n)
{
	json_object *e = json_object_new_object();

	json_object_object_add(e, key, json_object_new_string(what));
	json_object_object_add(e, "devices", json_object_new_int64((int64_t)n));
	return e;
}

static void write_json(const struct report *r, FILE *f)
{
	json_object *o = json_object_new_object(), *s = json_object_new_object();
	json_object *vs = json_object_new_array(), *ds = json_object_new_array();
	json_object *nm = json_object_new_object(), *cf;
	uint64_t c[4];
	size_t i, j;

	json_object_object_add(s, "scanners", json_object_new_int64((int64_t)r->nscanners));
	json_object_object_add(s, "ssdp_devices", json_object_new_int64((int64_t)r->ndevs));
	json_object_object_add(s, "infected_named", json_object_new_int64((int64_t)r->named));
	json_object_object_add(s, "infected_no_vendor",
			       json_object_new_int64((int64_t)(r->infected - r->named)));
	json_object_object_add(s, "infected_no_ssdp", json_object_new_int64((int64_t)r->no_ssdp));
	json_object_object_add(s, "ssdp_not_scanning",
			       json_object_new_int64((int64_t)r->not_scanning));
	for (i = 0; i < r->nno_mac; i++)
		json_object_object_add(nm, r->no_mac[i].what,
				       json_object_new_int64((int64_t)r->no_mac[i].n));
	json_object_object_add(s, "no_vendor_by_class", nm);
	conf_totals(r, c);
	cf = json_object_new_object();
	for (j = 0; j < 4; j++)
		json_object_object_add(cf, j < 3 ? report_conf_names[j] : "none_given",
				       json_object_new_int64((int64_t)c[j]));
	json_object_object_add(s, "named_by_confidence", cf);
	for (i = 0; i < r->nvendors; i++) {
		const struct rvendor *v = &r->vendors[i];
		json_object *vo = json_object_new_object(), *sv = json_object_new_array();
		json_object *px = json_object_new_array();

		json_object_object_add(vo, "vendor", json_object_new_string(v->name));
		json_object_object_add(vo, "devices", json_object_new_int64((int64_t)v->devices));
		json_object_object_add(vo, "share", json_object_new_double(share(r, v->devices)));
		json_object_object_add(vo, "embedded", json_object_new_int64((int64_t)v->embedded));
		cf = json_object_new_object();
		for (j = 0; j < 3; j++)
			json_object_object_add(cf, report_conf_names[j],
					       json_object_new_int64((int64_t)v->by_conf[j]));
		json_object_object_add(vo, "confidence", cf);
		json_object_object_add(vo, "addrs", json_object_new_int64((int64_t)v->addrs));
		json_object_object_add(vo, "first_seen",
				       v->first[0] ? json_object_new_string(v->first) : NULL);
		json_object_object_add(vo, "last_seen",
				       v->last[0] ? json_object_new_string(v->last) : NULL);
		for (j = 0; j < v->nprefixes; j++)
			json_object_array_add(px, json_object_new_string(v->prefixes[j].what));
		json_object_object_add(vo, "prefixes", px);
		for (j = 0; j < v->nservers && j < 3; j++)
			json_object_array_add(sv, report_json_count("server", v->servers[j].what,
								    v->servers[j].n));
		json_object_object_add(vo, "servers", sv);
		json_object_array_add(vs, vo);
	}
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];
		json_object *e;

		if (!d->infected)
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "addr", report_json_str(d->addr));
		json_object_object_add(e, "mac", report_json_str(d->mac));
		json_object_object_add(e, "vendor", report_json_str(d->vendor));
		json_object_object_add(e, "oui", report_json_str(d->oui));
		json_object_object_add(e, "class", report_json_str(d->cls));
		json_object_object_add(e, "confidence", report_json_str(d->conf));
		json_object_object_add(e, "uuid", report_json_str(d->uuid));
		json_object_object_add(e, "time", report_json_str(d->time));
		json_object_object_add(e, "server", report_json_str(d->server));
		json_object_object_add(e, "st", report_json_str(d->st));
		report_net_device_json(r, d, e);
		report_model_device_json(d, e);
		json_object_array_add(ds, e);
	}
	json_object_object_add(o, "summary", s);
	json_object_object_add(o, "vendors", vs);
	json_object_object_add(o, "devices", ds);
	report_net_json(r, o);
	report_model_json(r, o);
	esc_json_put(f, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	fputc('\n', f);
	json_object_put(o);
}

static void write_markdown(const struct report *r, FILE *f)
{
	char h[512], p[256], c[72], m[300];
	size_t i;

	fprintf(f,
		"## Infected devices by vendor\n\n%zu scanners joined with %zu SSDP devices.\n\n",
		r->nscanners, r->ndevs);
	fputs("| Devices | Share | Addresses | Vendor | Prefixes | First seen | Last seen | "
	      "SERVER (model hints) | Confidence high/medium/corroborated |\n"
	      "|---:|---:|---:|---|---|---|---|---|---:|\n",
	      f);
	for (i = 0; i < r->nvendors; i++) {
		const struct rvendor *v = &r->vendors[i];

		hints(v, h, sizeof(h));
		prefixes(v, p, sizeof(p));
		fprintf(f, "| %llu | %.1f%% | %llu ", (unsigned long long)v->devices,
			share(r, v->devices), (unsigned long long)v->addrs);
		esc_md(f, v->name);
		esc_md(f, p);
		esc_md(f, v->first);
		esc_md(f, v->last);
		esc_md(f, h);
		esc_md(f, conf_counts(v, c));
		fputs("|\n", f);
	}
	fputs("\n### The rest, counted\n\n", f);
	summary_text(r, f, "- ", true);
	report_net_text(r, f, true);
	report_model_text(r, f, true);
	fputs("\n### Infected devices\n\n| Address | MAC | Vendor | UUID | v1 time | SERVER | "
	      "Confidence | Manufacturer | Model | Serial | Firmware |\n"
	      "|---|---|---|---|---|---|---|---|---|---|---|\n",
	      f);
	for (i = 0; i < r->ndevs; i++) {
		const struct rdevice *d = &r->devs[i];

		if (!d->infected)
			continue;
		esc_md(f, d->addr);
		esc_md(f, d->mac);
		esc_md(f, d->vendor);
		esc_md(f, d->uuid);
		esc_md(f, d->time);
		esc_md(f, d->server);
		esc_md(f, d->conf);
		esc_md(f, d->desc.manufacturer);
		esc_md(f, model_cell(d, m, sizeof(m), NULL));
		esc_md(f, d->desc.serial);
		esc_md(f, d->desc.firmware);
		fputs("|\n", f);
	}
}

int report_write(const struct report *r, enum report_format fmt, FILE *f)
{
	if (fmt == FMT_CSV)
		write_csv(r, f);
	else if (fmt == FMT_JSON)
		write_json(r, f);
	else if (fmt == FMT_MARKDOWN)
		write_markdown(r, f);
	else
		write_table(r, f);
	return fflush(f) || ferror(f) ? -EIO : 0;
}

FILE *report_chart_open(const char *path, char script[26], const char **term)
{
	const char *dot = strrchr(path, '.');
	FILE *f;
	int fd;

	if (!dot || (strcmp(dot, ".png") && strcmp(dot, ".svg"))) {
		pr_warn("--chart %s: name a .png or .svg file\n", path);
		return NULL;
	}
	strcpy(script, "/tmp/ssdpmac-chart-XXXXXX");
	fd = mkstemp(script);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		pr_warn("--chart: %s\n", strerror(errno));
		if (fd >= 0)
			close(fd), unlink(script);
		return NULL;
	}
	*term = strcmp(dot, ".png") ? "svg" : "png";
	return f;
}

int report_chart_run(FILE *f, const char *script, const char *path)
{
	int status = -1;
	pid_t pid;

	fclose(f);
	pid = fork();
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	unlink(script);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		pr_warn("--chart %s: gnuplot %s (install gnuplot-nox)\n", path,
			pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "is missing"
										   : "failed");
		return -EIO;
	}
	return 0;
}

int report_chart(const struct report *r, const char *path)
{
	char script[26];
	const char *term;
	size_t i, n = r->nvendors < 20 ? r->nvendors : 20;
	uint64_t other = 0;
	FILE *f = report_chart_open(path, script, &term);

	if (!f)
		return -EINVAL;
	for (i = n; i < r->nvendors; i++)
		other += r->vendors[i].devices;
	fprintf(f, "set terminal %s size 1100,%zu font \",11\"\nset output ", term,
		140 + 28 * (n + 1));
	esc_gnuplot(f, path, false);
	fprintf(f,
		"\nset title \"Infected devices by vendor (%llu named)\"\n"
		"set style fill solid 0.8\nunset key\nset xlabel \"devices\"\n"
		"set yrange [%zu.6:-0.6]\nset xrange [0:*]\nset grid xtics\n"
		"set ytics noenhanced\nset lmargin 44\n$d << EOD\n",
		(unsigned long long)r->named, n);
	for (i = 0; i < n; i++) {
		char name[44];

		/* names as the registry spells them, cut to fit the margin */
		size_t len = strlen(r->vendors[i].name);

		if (len >= sizeof(name)) {
			memcpy(name, r->vendors[i].name, sizeof(name) - 4);
			memcpy(name + sizeof(name) - 4, "...", 4);
		} else {
			memcpy(name, r->vendors[i].name, len + 1);
		}
		esc_gnuplot(f, name, true);
		fprintf(f, " %llu\n", (unsigned long long)r->vendors[i].devices);
	}
	fprintf(f, "\"other\" %llu\nEOD\n", (unsigned long long)other);
	fputs("plot $d using 2:0:(0):2:($0-0.38):($0+0.38):ytic(1) with boxxyerror lc rgb "
	      "\"#3b6ea8\"\n",
	      f);
	return report_chart_run(f, script, path);
}
