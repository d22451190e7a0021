// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include "spool.h"

const char *spool_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

FILE *spool_open(void)
{
	char path[PATH_MAX];
	int fd = open(spool_dir(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	FILE *f;

	if (fd < 0) { /* a file system without O_TMPFILE: named for a moment */
		if (snprintf(path, sizeof(path), "%s/ssdpmac-XXXXXX", spool_dir()) >=
		    (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		if ((fd = mkstemp(path)) < 0)
			return NULL;
		unlink(path);
	}
	if (!(f = fdopen(fd, "w+"))) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}
