// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv4 M-SEARCH every send path starts from: the payload, the headers, the checksum sums
 * probe_frame_fill() completes per target, and for the frame paths (--tx packet, --tx xdp) the
 * Ethernet header to the next hop, found in the routing and neighbour tables or given with -G.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <linux/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "log.h"
#include "probe.h"
#include "ssdpmac.h"

size_t msearch_payload(char *buf, size_t cap, const char *st)
{
	/* HOST names the multicast group, as ZMap's upnp probe does: one payload for all */
	return (size_t)snprintf(buf, cap,
				"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
				"MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: %s\r\n\r\n",
				st);
}

/* The NIC's own MAC, asked of the kernel (sysfs may show another namespace's devices). */
static int if_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (fd >= 0)
		close(fd);
	if (err)
		pr_warn("%s: its MAC address: %s\n", ifname, strerror(-err));
	return err;
}

/* The next hop toward dst on ifname: the gateway of the best route, or dst itself. */
static uint32_t next_hop(const char *ifname, uint32_t dst)
{
	char line[256], ifn[32];
	unsigned long d, g, m;
	uint32_t best = dst;
	int best_len = -1;
	FILE *f = fopen("/proc/net/route", "r");

	while (f && fgets(line, sizeof(line), f)) {
		unsigned flags;

		if (sscanf(line, "%31s %lx %lx %x %*d %*d %*d %lx", ifn, &d, &g, &flags, &m) != 5 ||
		    strcmp(ifn, ifname))
			continue;
		if ((htonl(dst) & m) != d || __builtin_popcountl(m) <= best_len)
			continue;
		best_len = __builtin_popcountl(m);
		best = g ? ntohl((uint32_t)g) : dst;
	}
	if (f)
		fclose(f);
	return best;
}

/* The MAC of hop from the neighbour table; one datagram to the discard port asks for it. */
static int hop_mac(uint32_t hop, uint8_t mac[6])
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(hop)};
	char want[32], line[256], ip[64], hw[64];
	int tries, fd;

	inet_ntop(AF_INET, &sa.sin_addr, want, sizeof(want));
	for (tries = 0; tries < 20; tries++) {
		FILE *f = fopen("/proc/net/arp", "r");
		unsigned m[6];

		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%63s %*s %*s %63s", ip, hw) == 2 && !strcmp(ip, want) &&
			    sscanf(hw, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
				   &m[5]) == 6 &&
			    (m[0] | m[1] | m[2] | m[3] | m[4] | m[5])) {
				for (int i = 0; i < 6; i++)
					mac[i] = (uint8_t)m[i];
				fclose(f);
				return 0;
			}
		}
		if (f)
			fclose(f);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd >= 0) {
			sendto(fd, "", 0, 0, (struct sockaddr *)&sa, sizeof(sa));
			close(fd);
		}
		usleep(50000);
	}
	pr_warn("no neighbour entry for %s: is it on the link?\n", want);
	return -EHOSTUNREACH;
}

/* The address the route to dst would use. */
static int route_source4(uint32_t dst, uint32_t *src)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET, .sin_port = htons(SSDP_PORT), .sin_addr.s_addr = htonl(dst)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err = 0;

	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		err = -errno;
	else
		*src = ntohl(sa.sin_addr.s_addr);
	if (fd >= 0)
		close(fd);
	return err;
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)(p[len - 1] << 8);
	return s;
}

int tx_template_build(const struct probe_opts *o, struct tx_template *t, bool ether)
{
	uint8_t *ip = t->frame + 14, *udp = t->frame + 34, hop_hw[6];
	uint32_t src = o->source, psum;
	size_t plen;
	int err;

	memset(t, 0, sizeof(*t));
	if (ether && o->targets.n6) {
		pr_warn("--tx xdp and --tx packet send IPv4 only; IPv6 targets take --tx socket\n");
		return -EINVAL;
	}
	if (!src && (err = route_source4(o->targets.r[0].start, &src))) {
		pr_warn("no route to the targets: %s\n", strerror(-err));
		return err;
	}
	if (ether) {
		t->ifindex = o->ifname ? (int)if_nametoindex(o->ifname) : 0;
		if (!t->ifindex) {
			pr_warn("--tx xdp and --tx packet need -i IFACE, the NIC to send from\n");
			return -ENODEV;
		}
		if (if_mac(o->ifname, t->frame + 6))
			return -ENODEV;
		if (o->gw_set)
			memcpy(hop_hw, o->gw_mac, 6);
		else if (hop_mac(next_hop(o->ifname, o->targets.r[0].start), hop_hw))
			return -EHOSTUNREACH;
		memcpy(t->frame, hop_hw, 6);
		t->frame[12] = 0x08;
	}
	plen = msearch_payload((char *)udp + 8, sizeof(t->frame) - 42, o->st);
	t->flen = 42 + plen;
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + 8 + plen) >> 8), ip[3] = (uint8_t)(20 + 8 + plen);
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = src >> 24, ip[13] = src >> 16, ip[14] = src >> 8, ip[15] = (uint8_t)src;
	udp[2] = o->port >> 8, udp[3] = o->port & 0xff;
	udp[4] = (uint8_t)((8 + plen) >> 8), udp[5] = (uint8_t)(8 + plen);
	psum = sum16(ip + 12, 4, 17 + (uint32_t)(8 + plen)); /* pseudo header, daddr 0 */
	t->ip_sum = sum16(ip, 20, 0);
	t->udp_sum = sum16(udp, 8 + plen, psum);
	return 0;
}
