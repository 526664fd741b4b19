// SPDX-License-Identifier: GPL-2.0
/*
 * ipmr_ctl: the kernel's own multicast router (ipmr), driven the way a
 * minimal routing daemon drives it, for the benchmark's comparison runs.
 * No library: only the MRT_* socket options of <linux/mroute.h>.
 *
 *   ipmr_ctl --iif IF [--oif IF]... [--join G@IF]... [--mfc S,G]...
 *            [--fill N] [--daemon]
 *
 * In the caller's network namespace it opens a raw IGMP socket, MRT_INIT
 * (which also turns mc_forwarding on), adds VIF 0 for --iif and VIFs 1..n
 * for the --oif interfaces in order (at most 31: ipmr has 32 VIFs), then:
 *   --mfc S,G   adds the forwarding entry (S,G) arriving on VIF 0 and going
 *               out on the VIFs that joined G (--join), TTL threshold 1;
 *   --fill N    adds N more entries with no outgoing VIF, keys
 *               (10.64.0.0 + i, 239.3.0.1), i = 0..N-1: the same keys as
 *               "mgm_fill inject", to compare lookups in a full table;
 *   --daemon    answers the kernel's IGMPMSG_NOCACHE upcalls (the first
 *               packet of an unknown (S,G)) by adding (S,G) from the VIF the
 *               packet came in on to the VIFs that joined G, or to none:
 *               what mgm does for a protocol that applies the defaults.
 * It prints "ready" once set up, then waits for SIGTERM or SIGINT and
 * ends with MRT_DONE (closing the socket would too), printing how many
 * upcalls it answered and how many entries it added.
 *
 * Exit status: 0; 1 when a socket operation fails (the message names it);
 * 2 for bad arguments.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/mroute.h>

#define MAX_JOINS	256

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ipmr_ctl --iif IF [--oif IF]... [--join G@IF]... [--mfc S,G]...\n"
		"                [--fill N] [--daemon]\n");
	exit(2);
}

static int sock = -1;
static unsigned int n_vifs;
static unsigned int vif_ifindex[MAXVIFS];
static struct {
	struct in_addr grp;
	unsigned int vif;
} joins[MAX_JOINS];
static unsigned int n_joins;
static unsigned long long n_added, n_upcalls, n_add_errors;

static void die(const char *what)
{
	fprintf(stderr, "ipmr_ctl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned int ifindex_of(const char *name)
{
	unsigned int ifindex = if_nametoindex(name);

	if (!ifindex) {
		fprintf(stderr, "ipmr_ctl: no interface \"%s\"\n", name);
		exit(2);
	}
	return ifindex;
}

static struct in_addr addr_of(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "ipmr_ctl: bad address \"%s\"\n", s);
		exit(2);
	}
	return a;
}

static void add_vif(unsigned int ifindex)
{
	struct vifctl vc = {};

	if (n_vifs == MAXVIFS) {
		fprintf(stderr, "ipmr_ctl: ipmr has at most %d VIFs\n", MAXVIFS);
		exit(2);
	}
	vc.vifc_vifi = n_vifs;
	vc.vifc_flags = VIFF_USE_IFINDEX;
	vc.vifc_threshold = 1;
	vc.vifc_lcl_ifindex = ifindex;
	if (setsockopt(sock, IPPROTO_IP, MRT_ADD_VIF, &vc, sizeof(vc)))
		die("MRT_ADD_VIF");
	vif_ifindex[n_vifs++] = ifindex;
}

static unsigned int vif_of(unsigned int ifindex)
{
	unsigned int i;

	for (i = 0; i < n_vifs; i++)
		if (vif_ifindex[i] == ifindex)
			return i;
	fprintf(stderr, "ipmr_ctl: interface %u is not a VIF (give --oif first)\n",
		ifindex);
	exit(2);
}

/* Add (S,G) arriving on VIF @parent, out on the VIFs that joined G. */
static int add_mfc(struct in_addr src, struct in_addr grp, unsigned int parent)
{
	struct mfcctl mc = {};
	unsigned int i;

	mc.mfcc_origin = src;
	mc.mfcc_mcastgrp = grp;
	mc.mfcc_parent = parent;
	for (i = 0; i < n_joins; i++)
		if (joins[i].grp.s_addr == grp.s_addr && joins[i].vif != parent)
			mc.mfcc_ttls[joins[i].vif] = 1;
	if (setsockopt(sock, IPPROTO_IP, MRT_ADD_MFC, &mc, sizeof(mc))) {
		n_add_errors++;
		return -errno;
	}
	n_added++;
	return 0;
}

static void parse_sg(const char *arg, struct in_addr *src, struct in_addr *grp)
{
	char buf[64], *comma;

	snprintf(buf, sizeof(buf), "%s", arg);
	comma = strchr(buf, ',');
	if (!comma)
		usage();
	*comma = '\0';
	*src = addr_of(buf);
	*grp = addr_of(comma + 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Answer the upcalls queued on the socket; returns when none is left. */
static void serve_upcalls(void)
{
	union {
		char buf[2048];
		struct igmpmsg msg;
	} u;
	ssize_t n;

	for (;;) {
		n = recv(sock, u.buf, sizeof(u.buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			die("recv");
		}
		/* An upcall is the packet's IP header with the protocol
		 * byte (im_mbz) zeroed; IGMP from the network has 2 there.
		 */
		if ((size_t)n < sizeof(u.msg) || u.msg.im_mbz ||
		    u.msg.im_msgtype != IGMPMSG_NOCACHE)
			continue;
		n_upcalls++;
		add_mfc(u.msg.im_src, u.msg.im_dst, u.msg.im_vif);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *mfcs[64];
	unsigned int n_mfcs = 0, i;
	unsigned long fill = 0;
	int daemon_mode = 0, one = 1;
	int ai;

	sock = socket(AF_INET, SOCK_RAW, IPPROTO_IGMP);
	if (sock < 0)
		die("socket(AF_INET, SOCK_RAW, IPPROTO_IGMP)");
	if (setsockopt(sock, IPPROTO_IP, MRT_INIT, &one, sizeof(one)))
		die("MRT_INIT");

	/* VIFs first, in the order given: --iif is VIF 0. */
	for (ai = 1; ai < argc; ai++) {
		if (!strcmp(argv[ai], "--iif") && ai + 1 < argc) {
			if (n_vifs)
				usage();
			add_vif(ifindex_of(argv[++ai]));
		} else if (!strcmp(argv[ai], "--oif") && ai + 1 < argc) {
			if (!n_vifs)
				usage();
			add_vif(ifindex_of(argv[++ai]));
		} else if (!strcmp(argv[ai], "--join") && ai + 1 < argc) {
			char buf[64], *at;

			snprintf(buf, sizeof(buf), "%s", argv[++ai]);
			at = strchr(buf, '@');
			if (!at || n_joins == MAX_JOINS)
				usage();
			*at = '\0';
			joins[n_joins].grp = addr_of(buf);
			joins[n_joins].vif = vif_of(ifindex_of(at + 1));
			n_joins++;
		} else if (!strcmp(argv[ai], "--mfc") && ai + 1 < argc) {
			if (n_mfcs == sizeof(mfcs) / sizeof(mfcs[0]))
				usage();
			mfcs[n_mfcs++] = argv[++ai];
		} else if (!strcmp(argv[ai], "--fill") && ai + 1 < argc) {
			char *end;

			fill = strtoul(argv[++ai], &end, 0);
			if (*end || fill > (1ul << 22))
				usage();
		} else if (!strcmp(argv[ai], "--daemon")) {
			daemon_mode = 1;
		} else {
			usage();
		}
	}
	if (!n_vifs)
		usage();

	for (i = 0; i < n_mfcs; i++) {
		struct in_addr src, grp;
		int ret;

		parse_sg(mfcs[i], &src, &grp);
		ret = add_mfc(src, grp, 0);
		if (ret) {
			errno = -ret;
			die("MRT_ADD_MFC");
		}
	}
	if (fill) {
		struct in_addr grp = addr_of("239.3.0.1");
		double t0 = now();
		unsigned long k;

		for (k = 0; k < fill; k++) {
			struct in_addr src;
			int ret;

			src.s_addr = htonl(0x0a400000u + k);
			ret = add_mfc(src, grp, 0);
			if (ret) {
				errno = -ret;
				die("MRT_ADD_MFC (fill)");
			}
		}
		printf("filled %lu in %.3f s\n", fill, now() - t0);
	}

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("ready vifs=%u\n", n_vifs);
	fflush(stdout);

	while (!stop) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };

		if (!daemon_mode) {
			pause();
			continue;
		}
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		serve_upcalls();
	}

	if (setsockopt(sock, IPPROTO_IP, MRT_DONE, NULL, 0))
		die("MRT_DONE");
	close(sock);
	printf("upcalls=%llu added=%llu add_errors=%llu\n", n_upcalls, n_added,
	       n_add_errors);
	return 0;
}
