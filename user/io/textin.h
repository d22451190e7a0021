/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Text inputs of import: files plain or gzip-compressed, and Shodan's JSON banners. */
#ifndef SSDPMAC_TEXTIN_H
#define SSDPMAC_TEXTIN_H

#include <stddef.h>
#include <stdio.h>
#include <json-c/json.h>

/* Open path ("-": stdin) for reading, gunzipping it on the way when it is gzip data (a plain
 * file reads as it is). NULL with errno set when it cannot be opened. */
FILE *textin_open(const char *path);

/* One line of a `shodan download` file (a JSON banner): the address, the service's reply and
 * the time Shodan saw it. Fills the pointers (valid while *hold lives; json_object_put() it) and
 * returns 1, 0 for a banner that is no UDP reply (skipped), or -EINVAL for a line that is no
 * banner (not JSON, no ip_str, no data). */
int shodan_banner(const char *line, json_object **hold, const char **addr, const char **data,
		  size_t *len, const char **ts);

#endif
