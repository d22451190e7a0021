// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "attach.h"
#include "log.h"

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

/*
 * A program of ours still on the interface is left by a run that did not detach (kill -9): it
 * would keep marking devices seen into the shared maps while sending its events nowhere.
 */
static void detach_stale(struct attach *a, const char *prog_name)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(a->ifindex);
	struct xdp_program *p;
	enum xdp_attach_mode mode;

	if (libxdp_get_error(mp))
		return;
	mode = xdp_multiprog__attach_mode(mp);
	if (xdp_multiprog__is_legacy(mp)) {
		p = xdp_multiprog__main_prog(mp);
		if (p && !strcmp(xdp_program__name(p), prog_name) && !xdp_multiprog__detach(mp))
			pr_info("%s: removed %s left attached by an earlier run\n", a->ifname,
				prog_name);
		xdp_multiprog__close(mp);
		return;
	}
	for (p = xdp_multiprog__next_prog(NULL, mp); p; p = xdp_multiprog__next_prog(p, mp)) {
		if (strcmp(xdp_program__name(p), prog_name))
			continue;
		if (!xdp_program__detach(p, a->ifindex, mode, 0))
			pr_info("%s: removed %s left attached by an earlier run\n", a->ifname,
				prog_name);
	}
	xdp_multiprog__close(mp);
}

int attach_xdp(struct attach *a, struct bpf_object *obj, const char *prog_name, const char *ifname,
	       enum xdp_attach_mode mode)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, opts, .obj = obj, .prog_name = prog_name);
	struct xdp_multiprog *mp;
	char buf[256], *log = NULL;
	size_t log_len = 0;
	int err;

	memset(a, 0, sizeof(*a));
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	a->ifindex = (int)if_nametoindex(ifname);
	if (!a->ifindex) {
		pr_warn("interface %s: %s\n", ifname, strerror(errno));
		return -ENODEV;
	}
	detach_stale(a, prog_name);
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

	if (!a->prog)
		return;
	err = xdp_program__detach(a->prog, a->ifindex, a->mode, 0);
	if (err) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_warn("detaching XDP from %s: %s\n", a->ifname, buf);
	}
	xdp_program__close(a->prog);
	a->prog = NULL;
}
