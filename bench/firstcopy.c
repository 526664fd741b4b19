// SPDX-License-Identifier: GPL-2.0
/*
 * firstcopy: time from the first packet of a new (S,G) to its first
 * forwarded copy.  No library.
 *
 *   firstcopy --tx-ns NETNS --tx-if IF --rx-ns NETNS --rx-if IF
 *             --group G --src S [--trials N] [--resend-ms MS]
 *             [--timeout-ms MS] [--gap-ms MS]
 *
 * NETNS is a network namespace file (/run/netns/NAME, /proc/1/ns/net).
 * A packet socket on --rx-if (in --rx-ns: the router's outgoing interface)
 * sees the router's copies as they are transmitted, stamped by the kernel
 * (SO_TIMESTAMPNS); a packet socket on --tx-if (in --tx-ns: the
 * generator's end of the upstream link) sends 64-byte UDP frames to G.
 * Trial i uses the source S + i, never seen before: its first packet is
 * stamped just before it is sent; if no copy shows up within --resend-ms
 * (default 1) it sends the next packet of the same (S,G), and so on until
 * --timeout-ms (default 3000).  Each packet carries its sequence number, so
 * the report says whether the first copy was of the first packet (the
 * router queued it while it resolved the entry) or of a later one.
 *
 * Output: one line per trial, then
 *   summary trials=N ok=N median_us=X min_us=X max_us=X first_is_first=N
 * Exit status 0 if at least one trial saw a copy, 1 otherwise, 2 for bad
 * arguments.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAGIC		0x4d474d42u	/* "MGMB" */
#define FRAME_LEN	60		/* 64 bytes on the wire with the FCS */
#define MAX_TRIALS	1000

struct payload {
	uint32_t magic;
	uint32_t trial;
	uint32_t seq;
} __attribute__((packed));

static void die(const char *what)
{
	fprintf(stderr, "firstcopy: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: firstcopy --tx-ns NETNS --tx-if IF --rx-ns NETNS --rx-if IF\n"
		"                 --group G --src S [--trials N] [--resend-ms MS]\n"
		"                 [--timeout-ms MS] [--gap-ms MS]\n");
	exit(2);
}

static void enter_netns(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(path);
	if (setns(fd, CLONE_NEWNET))
		die("setns");
	close(fd);
}

static double ts_us(const struct timespec *ts)
{
	return ts->tv_sec * 1e6 + ts->tv_nsec / 1e3;
}

static uint16_t ip_csum(const void *data, size_t len)
{
	const uint16_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static size_t build_frame(uint8_t *f, const uint8_t *src_mac,
			  struct in_addr src, struct in_addr grp,
			  uint32_t trial, uint32_t seq)
{
	struct ether_header *eh = (struct ether_header *)f;
	struct iphdr *ip = (struct iphdr *)(f + sizeof(*eh));
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	struct payload pl = { htonl(MAGIC), htonl(trial), htonl(seq) };
	uint32_t g = ntohl(grp.s_addr);

	memset(f, 0, FRAME_LEN);
	eh->ether_dhost[0] = 0x01;
	eh->ether_dhost[1] = 0x00;
	eh->ether_dhost[2] = 0x5e;
	eh->ether_dhost[3] = (g >> 16) & 0x7f;
	eh->ether_dhost[4] = (g >> 8) & 0xff;
	eh->ether_dhost[5] = g & 0xff;
	memcpy(eh->ether_shost, src_mac, ETH_ALEN);
	eh->ether_type = htons(ETHERTYPE_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(FRAME_LEN - sizeof(*eh));
	ip->id = htons(seq);
	ip->ttl = 32;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = src.s_addr;
	ip->daddr = grp.s_addr;
	ip->check = ip_csum(ip, sizeof(*ip));
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(FRAME_LEN - sizeof(*eh) - sizeof(*ip));
	memcpy(udp + 1, &pl, sizeof(pl));
	return FRAME_LEN;
}

/*
 * Read one frame from the receive socket: -1 if there is none, 1 (with its
 * kernel time stamp and sequence number) if it is a copy of trial @trial
 * from @src, 0 for any other frame.
 */
static int read_copy(int rx, struct in_addr src, uint32_t trial,
		     double *t_us, uint32_t *seq)
{
	uint8_t buf[2048];
	char ctrl[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl, .msg_controllen = sizeof(ctrl),
	};
	struct cmsghdr *c;
	struct timespec now;
	const struct iphdr *ip;
	const struct payload *pl;
	ssize_t n;
	size_t off = 0;

	n = recvmsg(rx, &mh, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return -1;
		die("recvmsg");
	}
	clock_gettime(CLOCK_REALTIME, &now);
	*t_us = ts_us(&now);
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			*t_us = ts_us(&ts);
		}
	/* With or without a link-layer header, whatever the device has. */
	if (n >= 14 && buf[12] == 0x08 && buf[13] == 0x00)
		off = 14;
	if ((size_t)n < off + sizeof(*ip) + sizeof(struct udphdr) + sizeof(*pl))
		return 0;
	ip = (const struct iphdr *)(buf + off);
	if (ip->version != 4 || ip->protocol != IPPROTO_UDP ||
	    ip->saddr != src.s_addr)
		return 0;
	pl = (const struct payload *)(buf + off + ip->ihl * 4 +
				      sizeof(struct udphdr));
	if ((size_t)((const uint8_t *)(pl + 1) - buf) > (size_t)n ||
	    ntohl(pl->magic) != MAGIC || ntohl(pl->trial) != trial)
		return 0;
	*seq = ntohl(pl->seq);
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *tx_ns = NULL, *tx_if = NULL, *rx_ns = NULL, *rx_if = NULL;
	const char *group = NULL, *src0 = NULL;
	unsigned int trials = 20, resend_ms = 1, timeout_ms = 3000, gap_ms = 50;
	static double lat[MAX_TRIALS];
	unsigned int ok = 0, first_is_first = 0, i;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct in_addr grp, src;
	uint8_t mac[ETH_ALEN], frame[FRAME_LEN];
	struct ifreq ifr = {};
	int rx, tx, on = 1, ai;

	for (ai = 1; ai + 1 < argc; ai += 2) {
		const char *o = argv[ai], *v = argv[ai + 1];

		if (!strcmp(o, "--tx-ns"))
			tx_ns = v;
		else if (!strcmp(o, "--tx-if"))
			tx_if = v;
		else if (!strcmp(o, "--rx-ns"))
			rx_ns = v;
		else if (!strcmp(o, "--rx-if"))
			rx_if = v;
		else if (!strcmp(o, "--group"))
			group = v;
		else if (!strcmp(o, "--src"))
			src0 = v;
		else if (!strcmp(o, "--trials"))
			trials = strtoul(v, NULL, 0);
		else if (!strcmp(o, "--resend-ms"))
			resend_ms = strtoul(v, NULL, 0);
		else if (!strcmp(o, "--timeout-ms"))
			timeout_ms = strtoul(v, NULL, 0);
		else if (!strcmp(o, "--gap-ms"))
			gap_ms = strtoul(v, NULL, 0);
		else
			usage();
	}
	if (ai != argc || !tx_ns || !tx_if || !rx_ns || !rx_if || !group ||
	    !src0 || !trials || trials > MAX_TRIALS || !resend_ms)
		usage();
	if (inet_pton(AF_INET, group, &grp) != 1 ||
	    inet_pton(AF_INET, src0, &src) != 1)
		usage();

	/* The receiving socket lives in the router's namespace. */
	enter_netns(rx_ns);
	rx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (rx < 0)
		die("socket(AF_PACKET) for receiving");
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(rx_if);
	if (!sll.sll_ifindex)
		die(rx_if);
	if (bind(rx, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind (receiving)");
	if (setsockopt(rx, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)))
		die("SO_TIMESTAMPNS");

	/* The sending one in the generator's. */
	enter_netns(tx_ns);
	tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (tx < 0)
		die("socket(AF_PACKET) for sending");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", tx_if);
	if (ioctl(tx, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(tx_if);
	if (!sll.sll_ifindex)
		die(tx_if);
	sll.sll_halen = ETH_ALEN;

	for (i = 0; i < trials; i++) {
		struct in_addr s = { htonl(ntohl(src.s_addr) + i) };
		struct timespec t0, t;
		double t0_us, got_us = 0, next_send_us;
		uint32_t seq = 0, got_seq = 0;
		int got = 0;
		char sbuf[INET_ADDRSTRLEN];

		/* Drain what an earlier trial left. */
		while (recv(rx, frame, sizeof(frame), MSG_DONTWAIT) >= 0)
			;
		build_frame(frame, mac, s, grp, i, seq);
		memcpy(sll.sll_addr, frame, ETH_ALEN);
		clock_gettime(CLOCK_REALTIME, &t0);
		if (sendto(tx, frame, FRAME_LEN, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0)
			die("sendto");
		t0_us = ts_us(&t0);
		next_send_us = t0_us + resend_ms * 1000.0;
		while (!got) {
			struct pollfd pfd = { .fd = rx, .events = POLLIN };
			double now_us;
			int wait_ms;

			clock_gettime(CLOCK_REALTIME, &t);
			now_us = ts_us(&t);
			if (now_us - t0_us >= timeout_ms * 1000.0)
				break;
			if (now_us >= next_send_us) {
				build_frame(frame, mac, s, grp, i, ++seq);
				if (sendto(tx, frame, FRAME_LEN, 0,
					   (struct sockaddr *)&sll, sizeof(sll)) < 0)
					die("sendto");
				next_send_us += resend_ms * 1000.0;
				if (next_send_us < now_us)
					next_send_us = now_us + resend_ms * 1000.0;
			}
			wait_ms = (int)((next_send_us - now_us) / 1000.0) + 1;
			if (wait_ms < 0)
				wait_ms = 0;
			if (poll(&pfd, 1, wait_ms) < 0 && errno != EINTR)
				die("poll");
			for (;;) {
				int r = read_copy(rx, s, i, &got_us, &got_seq);

				if (r < 0)
					break;
				if (r > 0) {
					got = 1;
					break;
				}
			}
		}
		inet_ntop(AF_INET, &s, sbuf, sizeof(sbuf));
		if (got) {
			lat[ok++] = got_us - t0_us;
			if (got_seq == 0)
				first_is_first++;
			printf("trial=%u src=%s latency_us=%.1f first_copy_seq=%u sent=%u\n",
			       i, sbuf, got_us - t0_us, got_seq, seq + 1);
		} else {
			printf("trial=%u src=%s timeout sent=%u\n", i, sbuf, seq + 1);
		}
		fflush(stdout);
		usleep(gap_ms * 1000);
	}

	if (!ok) {
		printf("summary trials=%u ok=0\n", trials);
		return 1;
	}
	qsort(lat, ok, sizeof(lat[0]), cmp_double);
	printf("summary trials=%u ok=%u median_us=%.1f min_us=%.1f max_us=%.1f first_is_first=%u\n",
	       trials, ok, ok % 2 ? lat[ok / 2] : (lat[ok / 2 - 1] + lat[ok / 2]) / 2,
	       lat[0], lat[ok - 1], first_is_first);
	return 0;
}
