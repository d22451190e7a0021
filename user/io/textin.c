// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "textin.h"

static ssize_t gz_read(void *cookie, char *buf, size_t n)
{
	int r = gzread(cookie, buf, n > INT_MAX ? INT_MAX : (unsigned)n), err = Z_OK;

	if (r == 0)
		gzerror(cookie, &err); /* a gzip stream cut short ends with Z_BUF_ERROR */
	if (r < 0 || (err != Z_OK && err != Z_STREAM_END)) {
		errno = EIO;
		return -1; /* ferror() on the FILE: import says "reading FILE" */
	}
	return r;
}

static int gz_close(void *cookie)
{
	return gzclose(cookie) == Z_OK ? 0 : EOF;
}

FILE *textin_open(const char *path)
{
	cookie_io_functions_t io = {.read = gz_read, .close = gz_close};
	int fd = strcmp(path, "-") ? -1 : dup(STDIN_FILENO);
	gzFile g = fd >= 0 ? gzdopen(fd, "rb") : strcmp(path, "-") ? gzopen(path, "rb") : NULL;
	FILE *f;

	if (!g) {
		if (fd >= 0)
			close(fd);
		if (!errno)
			errno = ENOMEM;
		return NULL;
	}
	f = fopencookie(g, "r", io);
	if (!f)
		gzclose(g);
	return f;
}

static const char *str_of(json_object *o, const char *key, size_t *len)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	if (len)
		*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

int shodan_banner(const char *line, json_object **hold, const char **addr, const char **data,
		  size_t *len, const char **ts)
{
	json_object *o = json_tokener_parse(line);
	const char *transport;

	*hold = o;
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !(*addr = str_of(o, "ip_str", NULL)) || !(*data = str_of(o, "data", len)))
		return -EINVAL;
	*ts = str_of(o, "timestamp", NULL);
	transport = str_of(o, "transport", NULL);
	return !transport || !strcmp(transport, "udp"); /* an SSDP reply is a UDP datagram */
}
