// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac decode: one UUID, USN or SSDP message in, what it reveals out. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd.h"
#include "clock.h"
#include "log.h"
#include "parse.h"
#include "record.h"

#define MSG_MAX 65536

static void usage(FILE *f)
{
	fprintf(f, "Usage: ssdpmac decode [--text] [--ieee-dir DIR] UUID|USN|-\n"
		   "  UUID|USN        e.g. f81d4fae-7dec-11d0-a765-00a0c91e6bf6 or\n"
		   "                  uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:rootdevice\n"
		   "  -               read one SSDP message (reply or NOTIFY) on stdin, decode its "
		   "USN\n"
		   "  -t, --text      key: value lines instead of one JSON object\n"
		   "  -d, --ieee-dir  IEEE registry CSVs (default " OUI_DEFAULT_DIR ")\n");
}

static int read_stdin(uint8_t *buf, size_t cap, size_t *len)
{
	size_t n = 0;

	while (n < cap) {
		ssize_t r = read(STDIN_FILENO, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pr_warn("reading stdin: %s\n", strerror(errno));
			return -errno;
		}
		if (!r)
			break;
		n += r;
	}
	if (n == cap) {
		pr_warn("stdin: an SSDP message is at most %d bytes; this one is longer\n",
			MSG_MAX - 1);
		return -E2BIG;
	}
	*len = n;
	return 0;
}

int cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{"text", no_argument, NULL, 't'},
		{"ieee-dir", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	const char *dir = NULL, *val;
	struct oui_db db = {};
	struct ssdp_event ev;
	struct usn_info u;
	json_object *obj = NULL;
	uint8_t *msg = NULL;
	bool text = false;
	size_t len = 0, vlen;
	int c, ret = 1, out;

	while ((c = getopt_long(argc, argv, "td:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			text = true;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	val = argv[optind];
	vlen = strlen(val);
	obj = json_object_new_object();
	if (!strcmp(val, "-")) {
		msg = malloc(MSG_MAX);
		if (!msg || read_stdin(msg, MSG_MAX, &len))
			goto out;
		out = host_parse_message(msg, len, &ev);
		if (out == SSDP_OUT_NOT_REPLY) {
			pr_warn("stdin: not an SSDP reply or NOTIFY (the first line must be "
				"'HTTP/1.1 200 OK' or 'NOTIFY * HTTP/1.1')\n");
			goto out;
		}
		if (out == SSDP_OUT_NO_USN || out == SSDP_OUT_SCAN_LIMIT) {
			pr_warn("stdin: the message has no USN header%s\n",
				out == SSDP_OUT_SCAN_LIMIT
					? " where the scan looks (its first 4096 bytes, 16 lines "
					  "starting with S, U, N, L)"
					: "");
			goto out;
		}
		record_add_event(obj, &ev);
		json_object_object_del(obj, "addr");
		json_object_object_del(obj, "daddr");
		json_object_object_del(obj, "sport");
		json_object_object_del(obj, "dport");
		val = ev.usn;
		vlen = ev.usn_len;
	} else {
		json_object_object_add(obj, "input", json_object_new_string(val));
	}
	if (oui_load(&db, dir))
		goto out;
	usn_classify(val, vlen, &db, now_unix(), &u);
	record_add_usn(obj, &u, &db);
	if (record_print(stdout, obj, text) || fflush(stdout)) {
		pr_warn("writing stdout: %s\n", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	json_object_put(obj);
	oui_free(&db);
	free(msg);
	return ret;
}
