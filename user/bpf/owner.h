/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Who holds a BPF program, and what a program left behind holds (for a restart after kill -9). */
#ifndef SSDPMAC_OWNER_H
#define SSDPMAC_OWNER_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

/* A live process other than this one with an fd to program id: its pid (its command line in
 * cmd), or 0 when none. A program on an interface that no process holds was left by a run that
 * died (libxdp's dispatcher holds it through bpffs, not a process). */
pid_t prog_owner(__u32 prog_id, char *cmd, size_t len);
/* An fd to the map named name that program prog_fd uses, or -errno. */
int prog_map_fd(int prog_fd, const char *name);

#endif
