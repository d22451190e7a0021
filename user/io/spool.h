/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Temporary files for what is too big to hold in memory and is read back later (describe's
 * descriptions, a piped input read twice): unlinked from the start, gone when closed. */
#ifndef SSDPMAC_SPOOL_H
#define SSDPMAC_SPOOL_H

#include <stdio.h>

/* Where they go: $TMPDIR, or /tmp. */
const char *spool_dir(void);
/* A new one, open for reading and writing. NULL with errno set. */
FILE *spool_open(void);

#endif
