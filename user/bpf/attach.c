// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <limits.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "attach.h"
#include "log.h"
#include "owner.h"

int attach_parse_mode(const char *s, enum xdp_attach_mode *mode)
{
	if (!strcmp(s, "native"))
		*mode = XDP_MODE_NATIVE;
	else if (!strcmp(s, "skb"))
		*mode = XDP_MODE_SKB;
	else if (!strcmp(s, "auto"))
		*mode = XDP_MODE_UNSPEC;
	else
		return -EINVAL;
	return 0;
}

const char *attach_mode_name(enum xdp_attach_mode mode)
{
	return mode == XDP_MODE_NATIVE ? "native" : mode == XDP_MODE_SKB ? "skb" : "auto";
}

#ifndef CAP_BPF
#define CAP_PERFMON 38
#define CAP_BPF	    39
#endif

static int cap_effective(int cap)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &h, d))
		return 0;
	return !!(d[cap / 32].effective & (1u << (cap % 32)));
}

/*
 * Loading XDP takes CAP_BPF and CAP_NET_ADMIN (a networking program type), and CAP_PERFMON: without
 * it the verifier refuses pointer comparisons and packet pointer arithmetic ("prohibited for
 * !root"). Kernels before 5.8 ask for CAP_SYS_ADMIN instead.
 */
int xdp_capable(const char *what)
{
	if (cap_effective(CAP_SYS_ADMIN) ||
	    (cap_effective(CAP_BPF) && cap_effective(CAP_NET_ADMIN) && cap_effective(CAP_PERFMON)))
		return 0;
	pr_warn("%s: run it as root, or with CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON (ssdpmac(8), "
		"CAPABILITIES)\n",
		what);
	return -EPERM;
}

static int is_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

int pin_dir_prepare(const char *dir)
{
	char parent[PATH_MAX], *slash;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent) {
		pr_warn("--pin-dir %s: give a folder inside a bpffs mount, like %s\n", dir,
			PIN_DIR_DEFAULT);
		return -EINVAL;
	}
	*slash = '\0';
	if (!is_bpffs(parent)) {
		if (mkdir(parent, 0700) && errno != EEXIST) {
			pr_warn("creating %s: %s\n", parent, strerror(errno));
			return -errno;
		}
		if (mount("bpf", parent, "bpf", 0, "mode=0700")) {
			pr_warn("mounting bpffs at %s: %s\n", parent, strerror(errno));
			return -errno;
		}
		pr_info("mounted bpffs at %s\n", parent);
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		pr_warn("creating %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	return 0;
}

int pin_maps(struct bpf_object *obj, const char *dir, const char *const *names)
{
	char path[PATH_MAX];
	struct bpf_map *map;
	int err;

	for (; *names; names++) {
		map = bpf_object__find_map_by_name(obj, *names);
		if (!map)
			return -ENOENT;
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		err = bpf_map__set_pin_path(map, path);
		if (err)
			return err;
	}
	return 0;
}

static int try_attach(struct attach *a, enum xdp_attach_mode mode)
{
	char buf[256];
	int err;

	err = xdp_program__attach(a->prog, a->ifindex, mode, 0);
	if (err) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_debug("attach to %s in %s mode: %s\n", a->ifname, attach_mode_name(mode), buf);
		return err;
	}
	a->mode = mode;
	return 0;
}

/* Is this program of ours held by a live process? Then the interface is taken: say by whom. */
static int live_owner(struct attach *a, __u32 id, const char *prog_name)
{
	char cmd[256] = "";
	pid_t pid = prog_owner(id, cmd, sizeof(cmd));

	if (!pid)
		return 0;
	pr_warn("%s: %s is attached and held by a running process (pid %d: %s); a second one would "
		"blind it: stop that one first, or use another interface\n",
		a->ifname, prog_name, (int)pid, cmd);
	return -EBUSY;
}

static void said_removed(struct attach *a, const char *prog_name)
{
	pr_info("%s: removed %s left attached by an earlier run\n", a->ifname, prog_name);
}

/* Under libxdp's dispatcher: each program of ours in it. */
static int detach_stale_multi(struct attach *a, const char *prog_name)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(a->ifindex);
	enum xdp_attach_mode mode;
	struct xdp_program *p;
	int err = 0;

	if (libxdp_get_error(mp))
		return 0;
	mode = xdp_multiprog__attach_mode(mp);
	for (p = xdp_multiprog__next_prog(NULL, mp); p && !err;
	     p = xdp_multiprog__next_prog(p, mp)) {
		if (strcmp(xdp_program__name(p), prog_name))
			continue;
		if (!(err = live_owner(a, xdp_program__id(p), prog_name)) &&
		    !xdp_program__detach(p, a->ifindex, mode, 0))
			said_removed(a, prog_name);
	}
	xdp_multiprog__close(mp);
	return err;
}

/*
 * Without CAP_SYS_ADMIN the kernel gives no fd for a program id (BPF_PROG_GET_FD_BY_ID), nor for a
 * map's: the program we attach is pinned beside the maps (with the map `keep`), and the one on
 * the interface is ours when its id is the pinned one's.
 */
static int pinned_prog(struct attach *a, __u32 id)
{
	struct bpf_prog_info pi = {};
	__u32 len = sizeof(pi);
	int fd = a->pin[0] ? bpf_obj_get(a->pin) : -1;

	if (fd >= 0 && (bpf_obj_get_info_by_fd(fd, &pi, &len) || pi.id != id)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Pin the attached program (and its map keep) where pinned_prog() finds it. */
static void pin_prog(struct attach *a, struct bpf_object *obj, const char *keep)
{
	struct bpf_map *m = keep ? bpf_object__find_map_by_name(obj, keep) : NULL;

	if (!a->pin[0])
		return;
	unlink(a->pin);
	unlink(a->pin_keep);
	if (bpf_obj_pin(xdp_program__fd(a->prog), a->pin) ||
	    (m && bpf_obj_pin(bpf_map__fd(m), a->pin_keep)))
		pr_warn("pinning %s: %s (a restart after a crash may not find it)\n", a->pin,
			strerror(errno));
}

/*
 * A program of ours on the interface that no live process holds was left by a run that died
 * (kill -9): it would keep marking devices seen while sending its events nowhere. It is removed,
 * after its map `keep` is opened (a->stale_fd) so that the events it holds can be read; one a live
 * process holds is another instance's, and refused. A plain attachment is read with libbpf, not
 * libxdp, whose lookup (1.3.1) keeps an fd to the program after closing, and with it the program
 * and its ringbuf.
 */
static int detach_stale(struct attach *a, const char *prog_name, const char *keep)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	LIBBPF_OPTS(bpf_xdp_attach_opts, ao);
	struct bpf_prog_info pi = {};
	__u32 len = sizeof(pi), id, flags;
	int fd, err = 0;

	if (bpf_xdp_query(a->ifindex, 0, &q) || q.attach_mode == XDP_ATTACHED_NONE)
		return 0;
	if (q.attach_mode != XDP_ATTACHED_DRV && q.attach_mode != XDP_ATTACHED_SKB)
		return detach_stale_multi(a, prog_name);
	id = q.attach_mode == XDP_ATTACHED_DRV ? q.drv_prog_id : q.skb_prog_id;
	flags = q.attach_mode == XDP_ATTACHED_DRV ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	fd = a->sys_admin ? bpf_prog_get_fd_by_id(id) : pinned_prog(a, id);
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &pi, &len))
		goto out;
	if (!strcmp(pi.name, "xdp_dispatcher")) {
		err = detach_stale_multi(a, prog_name);
		goto out;
	}
	if (strcmp(pi.name, prog_name) || (err = live_owner(a, id, prog_name)))
		goto out;
	if (keep && a->stale_fd < 0) {
		int m = a->sys_admin ? prog_map_fd(fd, keep) : bpf_obj_get(a->pin_keep);

		a->stale_fd = m < 0 ? -1 : m;
	}
	ao.old_prog_fd = fd; /* only if it is still the one there */
	if (!bpf_xdp_detach(a->ifindex, flags, &ao))
		said_removed(a, prog_name);
out:
	if (fd >= 0)
		close(fd);
	return err;
}

bool attach_gone(struct attach *a)
{
	char name[IF_NAMESIZE];

	if (!a->prog || a->gone)
		return a->gone;
	/* gone, or another interface now has its index (deleted, a new one made) */
	a->gone = !if_indextoname((unsigned)a->ifindex, name) || strcmp(name, a->ifname);
	return a->gone;
}

int attach_xdp(struct attach *a, struct bpf_object *obj, const char *prog_name, const char *ifname,
	       enum xdp_attach_mode mode, const char *keep, const char *pin_dir)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, opts, .obj = obj, .prog_name = prog_name);
	struct xdp_multiprog *mp;
	char buf[256], *log = NULL;
	size_t log_len = 0;
	int err;

	memset(a, 0, sizeof(*a));
	a->stale_fd = -1;
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	a->ifindex = (int)if_nametoindex(ifname);
	if (!a->ifindex) {
		pr_warn("interface %s: %s\n", ifname, strerror(errno));
		return -ENODEV;
	}
	a->sys_admin = cap_effective(CAP_SYS_ADMIN);
	if (pin_dir) {
		snprintf(a->pin, sizeof(a->pin), "%s/xdp_%s", pin_dir, prog_name);
		snprintf(a->pin_keep, sizeof(a->pin_keep), "%s/xdp_%s_%s", pin_dir, prog_name,
			 keep ? keep : "");
	}
	if ((err = detach_stale(a, prog_name, keep)))
		return err;
	/* libxdp probes for its dispatcher and says so loudly when it falls back: keep what the
	 * libraries say, and show it only if the attach fails */
	lib_log_capture = open_memstream(&log, &log_len);
	a->prog = xdp_program__create(&opts);
	err = libxdp_get_error(a->prog);
	if (err) {
		a->prog = NULL;
	} else if (mode != XDP_MODE_UNSPEC) {
		err = try_attach(a, mode);
	} else {
		err = try_attach(a, XDP_MODE_NATIVE);
		if (err) {
			pr_info("%s: native XDP not available, using skb mode\n", ifname);
			err = try_attach(a, XDP_MODE_SKB);
		}
	}
	if (lib_log_capture) {
		fclose(lib_log_capture);
		lib_log_capture = NULL;
	}
	if (err && log)
		fputs(log, stderr);
	free(log);
	if (err && !a->prog) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_warn("preparing the XDP program: %s\n", buf);
		return err;
	}
	if (err) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_warn("attaching XDP to %s (%s mode): %s%s\n", ifname, attach_mode_name(mode),
			buf,
			err == -EEXIST || err == -EBUSY
				? " (another XDP program holds the interface in a way libxdp "
				  "cannot share; see `xdp-loader status`)"
				: "");
		xdp_program__close(a->prog);
		a->prog = NULL;
		return err;
	}
	pin_prog(a, obj, keep);
	if (!a->sys_admin) {
		pr_info("%s: attached without the libxdp dispatcher (it needs CAP_SYS_ADMIN)\n",
			ifname);
		return 0;
	}
	mp = xdp_multiprog__get_from_ifindex(a->ifindex);
	if (!libxdp_get_error(mp)) {
		if (xdp_multiprog__is_legacy(mp))
			pr_info("%s: attached without the libxdp dispatcher (this kernel refused "
				"it), "
				"so no other XDP program can share the interface\n",
				ifname);
		xdp_multiprog__close(mp);
	}
	return 0;
}

void detach_xdp(struct attach *a)
{
	char buf[256];
	int err;

	if (a->stale_fd > 0) /* 0: a struct attach never attached */
		close(a->stale_fd);
	a->stale_fd = -1;
	if (!a->prog)
		return;
	/* an interface that is gone took the program with it; without CAP_SYS_ADMIN libxdp cannot
	 * look at the interface (see pinned_prog()) */
	if (a->gone)
		err = 0;
	else if (a->sys_admin)
		err = xdp_program__detach(a->prog, a->ifindex, a->mode, 0);
	else
		err = bpf_xdp_detach(
			a->ifindex,
			a->mode == XDP_MODE_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE,
			&(struct bpf_xdp_attach_opts){.sz = sizeof(struct bpf_xdp_attach_opts),
						      .old_prog_fd = xdp_program__fd(a->prog)});
	if (err) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_warn("detaching XDP from %s: %s\n", a->ifname, buf);
	} else if (a->pin[0]) {
		unlink(a->pin);
		unlink(a->pin_keep);
	}
	xdp_program__close(a->prog);
	a->prog = NULL;
}
