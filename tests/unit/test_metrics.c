// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The /metrics server under a bounded load on loopback (#18 item 21): idle connections and
 * slowloris clients never keep a scrape out, and slow clients are cut off. Port 19577.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "metrics.h"

#define ADDR "127.0.0.1:19577"
#define PORT 19577
#define MARK "ssdpmac_test_up 1\n"

static int writer(FILE *f, void *ctx)
{
	fputs(MARK, f);
	return 0;
}

static int dial(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(PORT)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* A scrape as Prometheus makes it, within seconds: 1 when the exposition came back. */
static int scrape(double seconds)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	double end = mono_now() + seconds;
	char buf[4096];
	size_t got = 0;
	int fd = dial();

	if (fd < 0 || write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1)
		goto out;
	while (got < sizeof(buf) - 1 && mono_now() < end) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
out:
	if (fd >= 0)
		close(fd);
	return strstr(buf, " 200 ") && strstr(buf, MARK);
}

/* Has the server closed fd? (EOF or reset, without blocking) */
static int closed_by_server(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static void a_scrape_gets_in_past_500_idle_connections(void **state)
{
	struct metrics_server *m = metrics_start(ADDR, writer, NULL);
	int fds[500], i, n = 0;

	assert_non_null(m);
	for (i = 0; i < 500; i++)
		if ((fds[i] = dial()) >= 0)
			n++;
	assert_int_equal(n, 500);
	usleep(300 * 1000);
	if (!scrape(3))
		fail_msg("500 idle connections kept the scrape out");
	for (i = 0; i < 500; i++)
		close(fds[i]);
	metrics_stop(m);
}

struct loris {
	int fds[16];
	double until;
};

/* A byte a second on every connection, a request that never ends. */
static void *slowloris(void *arg)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nX-a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	struct loris *l = arg;
	size_t k;
	int i;

	for (k = 0; k < sizeof(req) - 1 && mono_now() < l->until; k++) {
		for (i = 0; i < 16; i++)
			send(l->fds[i], req + k, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		sleep(1);
	}
	return NULL;
}

static void a_scrape_gets_in_past_16_slowloris_clients_who_are_cut_off(void **state)
{
	struct metrics_server *m = metrics_start(ADDR, writer, NULL);
	struct loris l = {.until = mono_now() + 8};
	pthread_t t;
	int i, cut = 0;

	assert_non_null(m);
	for (i = 0; i < 16; i++)
		assert_true((l.fds[i] = dial()) >= 0);
	assert_int_equal(pthread_create(&t, NULL, slowloris, &l), 0);
	usleep(1500 * 1000);
	if (!scrape(3))
		fail_msg("16 slowloris clients kept the scrape out");
	/* slow_clients_are_cut_off: a request not delivered in 5 s is cut, bytes or not */
	usleep(5500 * 1000);
	for (i = 0; i < 16; i++)
		cut += closed_by_server(l.fds[i]);
	pthread_join(t, NULL);
	for (i = 0; i < 16; i++)
		close(l.fds[i]);
	metrics_stop(m);
	if (cut != 16)
		fail_msg("%d of 16 slowloris clients still connected after 7 s", 16 - cut);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_scrape_gets_in_past_500_idle_connections),
		cmocka_unit_test(a_scrape_gets_in_past_16_slowloris_clients_who_are_cut_off),
	};

	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
