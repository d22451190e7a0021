// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Send every frame of a pcap out of an interface (AF_PACKET), as fast as it goes or at most
 * --pps frames a second. For lab tests on veth links in namespaces the tests create. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct sockaddr_ll sll = {.sll_family = AF_PACKET};
	struct pcap_pkthdr *h;
	const u_char *p;
	unsigned long sent = 0;
	pcap_t *pc;
	int fd, r;

	if (argc != 3) {
		fprintf(stderr, "usage: replay IFACE FILE.pcap\n");
		return 2;
	}
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		perror(argv[1]);
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	pc = pcap_open_offline(argv[2], errbuf);
	if (fd < 0 || !pc) {
		fprintf(stderr, "replay: %s\n", fd < 0 ? strerror(errno) : errbuf);
		return 1;
	}
	while ((r = pcap_next_ex(pc, &h, &p)) == 1) {
		if (sendto(fd, p, h->caplen, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			perror("sendto");
			return 1;
		}
		sent++;
		/* veth has no queue to speak of: give the receiver room now and then */
		if (!(sent % 256))
			usleep(1000);
	}
	pcap_close(pc);
	close(fd);
	printf("replay: %lu frames sent on %s\n", sent, argv[1]);
	return 0;
}
