/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Putting an XDP program on a NIC (libxdp, shared through its dispatcher) and pinning maps. */
#ifndef SSDPMAC_ATTACH_H
#define SSDPMAC_ATTACH_H

#include <stdbool.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#define PIN_DIR_DEFAULT "/sys/fs/bpf/ssdpmac"

struct attach {
	struct xdp_program *prog;
	int ifindex;
	enum xdp_attach_mode mode;
	char ifname[32];
	int stale_fd; /* the `keep` map of a program a dead run left (-1: none) */
	bool gone;    /* the interface was deleted under us */
	bool sys_admin;
	char pin[256], pin_keep[300]; /* the attached program and its map keep, pinned */
};

/* "native", "skb" or "auto" to a mode (auto: XDP_MODE_UNSPEC). -EINVAL for anything else. */
int attach_parse_mode(const char *s, enum xdp_attach_mode *mode);
/* 0 when this process may load and attach XDP programs; else -EPERM after saying what it needs. */
int xdp_capable(const char *what);
/* Make sure bpffs is mounted at (a parent of) dir and that dir exists. */
int pin_dir_prepare(const char *dir);
/* Pin every map named in names[] under dir, reusing what is pinned there. Before load. */
int pin_maps(struct bpf_object *obj, const char *dir, const char *const *names);
/*
 * Load obj and attach its program prog_name to ifname. auto mode tries native, then skb. The same
 * program already there and held by a live process is refused (-EBUSY, after saying whose); one
 * a dead run left is removed, after opening its map named keep (unless NULL) into a->stale_fd.
 * The program (and keep) are pinned under pin_dir (unless NULL) as xdp_PROG_NAME while attached:
 * without CAP_SYS_ADMIN, that is how a restart finds them.
 */
int attach_xdp(struct attach *a, struct bpf_object *obj, const char *prog_name, const char *ifname,
	       enum xdp_attach_mode mode, const char *keep, const char *pin_dir);
/* Has the interface been deleted (or its index taken by another)? Checked on demand. */
bool attach_gone(struct attach *a);
void detach_xdp(struct attach *a);
const char *attach_mode_name(enum xdp_attach_mode mode);

#endif
