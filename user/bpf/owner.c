// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <bpf/bpf.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "owner.h"

/* Does /proc/PID hold an fd to program id? fdinfo says "prog_id:" for BPF program fds. */
static int holds(const char *pid, __u32 id)
{
	char path[300], link[64], line[128];
	struct dirent *e;
	int found = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		ssize_t n;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, e->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strcmp(link, "anon_inode:bpf-prog"))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned long v;

			if (sscanf(line, "prog_id: %lu", &v) == 1) {
				found = v == id;
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

static void cmdline(const char *pid, char *cmd, size_t len)
{
	char path[300];
	size_t n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	f = fopen(path, "r");
	if (f) {
		n = fread(cmd, 1, len - 1, f);
		fclose(f);
	}
	for (i = 0; i < n; i++) /* arguments are NUL-separated; shown printable */
		if (!cmd[i] || !isprint((unsigned char)cmd[i]))
			cmd[i] = ' ';
	while (n && cmd[n - 1] == ' ')
		n--;
	cmd[n] = '\0';
}

pid_t prog_owner(__u32 prog_id, char *cmd, size_t len)
{
	pid_t self = getpid(), pid = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");

	if (!d)
		return 0;
	while (!pid && (e = readdir(d))) {
		char *end;
		long p = strtol(e->d_name, &end, 10);

		if (*end || p <= 0 || p == self || !holds(e->d_name, prog_id))
			continue;
		pid = (pid_t)p;
		cmdline(e->d_name, cmd, len);
	}
	closedir(d);
	return pid;
}

int prog_map_fd(int prog_fd, const char *name)
{
	struct bpf_prog_info pi = {};
	__u32 ids[64], n, i, len = sizeof(pi);
	int fd;

	pi.nr_map_ids = 64;
	pi.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len))
		return -errno;
	n = pi.nr_map_ids < 64 ? pi.nr_map_ids : 64;
	for (i = 0; i < n; i++) {
		struct bpf_map_info mi = {};
		__u32 mlen = sizeof(mi);

		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen) && !strcmp(mi.name, name))
			return fd;
		close(fd);
	}
	return -ENOENT;
}
