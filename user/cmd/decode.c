// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ssdpmac decode: one UUID, USN or SSDP message in, what it reveals out. */
#include <errno.h>
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

struct decode_opts {
	bool text;
	const char *ieee_dir;
};

static const struct opt decode_rows[] = {
	OPT_ROW("text", 't', OPT_BOOL, struct decode_opts, text, NULL,
		"key: value lines instead of one JSON object"),
	{},
};

const struct opt_cmd decode_cmd = {
	.name = "decode",
	.synopsis = "[OPTIONS] UUID|USN|-",
	.operands =
		"  UUID|USN                   e.g. f81d4fae-7dec-11d0-a765-00a0c91e6bf6 or\n"
		"                             uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6::upnp:"
		"rootdevice\n"
		"  -                          read one SSDP message (reply or NOTIFY) on stdin,\n"
		"                             decode its USN\n",
	.min_args = 1,
	.max_args = 1,
	.tables = {{decode_rows}, {ieee_rows}},
};

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
	struct decode_opts o = {};
	void *const cfgs[] = {&o, &o.ieee_dir};
	const char *val;
	struct oui_db db = {};
	struct ssdp_event ev;
	struct usn_info u;
	json_object *obj = NULL;
	uint8_t *msg = NULL;
	size_t len = 0, vlen;
	int ret, out, first;

	if ((ret = opt_parse(&decode_cmd, cfgs, argc, argv, &first)) != OPT_GO)
		return ret;
	ret = 1;
	val = argv[first];
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
	if (oui_load(&db, o.ieee_dir))
		goto out;
	if (msg)
		usn_classify_event(&ev, &db, now_unix(), &u); /* SERVER, ST, LOCATION corroborate */
	else
		usn_classify(val, vlen, &db, now_unix(), &u);
	record_add_usn(obj, &u, &db);
	if (record_print(stdout, obj, o.text) || fflush(stdout)) {
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
