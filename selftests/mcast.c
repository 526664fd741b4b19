// SPDX-License-Identifier: GPL-2.0
/*
 * mcast: IPv4 multicast traffic for the forwarding selftests
 * (selftests/mgm_forward.sh).  No libnl, no libmgm: plain sockets, so it
 * starts fast in the emulated test VM.
 *
 *   mcast [--netns NS] send --group G [--dev IF] [--count N] [--size BYTES]
 *         [--ttl T] [--df | --no-df] [--interval-ms MS] [--port P]
 *         [--source A [--nsources K]] [--seq-start Q] [--pause-after N]...
 *
 *	Sends N rounds (default 10) of UDP datagrams to G:P (default port
 *	5000) out of IF, IP datagrams of BYTES bytes (default 100: 20 of IP
 *	header, 8 of UDP header, the rest payload), TTL T (default 64), DF
 *	clear unless --df, MS milliseconds between rounds (default 50).
 *	The payload starts with a magic number and the sequence number of the
 *	round (Q, Q+1, ...; Q is 0 by default).  --source sends from address
 *	A although it is not local (IP_TRANSPARENT); --nsources K sends one
 *	datagram per round from each of A, A+1, ..., A+K-1.  A size above
 *	the link's MTU is fragmented without --df and refused with it.
 *	--pause-after N stops the process
 *	(SIGSTOP) after its N-th round, until SIGCONT: tests change the state
 *	at an exact point of a stream.  Prints "sent N" (datagrams).
 *
 *   mcast [--netns NS] recv --group G[,G...] --dev IF [--expect N]
 *         [--timeout-s S] [--linger-ms MS] [--port P] [--ready FILE]
 *
 *	Joins every G on IF (IP_ADD_MEMBERSHIP with IF's index), receives
 *	on port P, creates FILE once joined, and stops when N datagrams
 *	arrived and no other came for MS milliseconds (default 300), when S
 *	seconds passed (default 30), or on SIGTERM/SIGINT.  Prints
 *	   received N in_order B bytes X ttl T sources K first F last L seqs S
 *	N datagrams of mcast send; in_order 1 when each (source, group)
 *	stream's sequence numbers strictly increased; X the largest IP
 *	datagram (payload + 28); T the TTL of the last one; K the number of
 *	(source, group) streams; F and L the first and last sequence number
 *	seen (-1 if none); S the first 32 sequence numbers in the order they
 *	came ("-" if none), to diagnose.  Datagrams without the magic are
 *	not counted.
 *
 *   mcast [--netns NS] ipmr --dev IF [--ready FILE]
 *
 *	Starts the kernel's multicast routing (MRT_INIT) on a raw IGMP
 *	socket, adds IF as VIF 0, prints "mc_forwarding V" (IF's
 *	/proc/sys/net/ipv4/conf/IF/mc_forwarding), creates FILE and holds
 *	the socket until SIGTERM/SIGINT.  Exits 4 when the kernel has no
 *	multicast routing (ENOPROTOOPT).
 *
 * --netns NS runs in the network namespace NS (a name under /run/netns or
 * a path), saving the exec of "ip netns exec".
 *
 * Errors print "mcast: ..." on stderr and exit 1; bad arguments exit 2.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/mroute.h>

#define MAGIC		0x6d676d66u	/* "mgmf" */
#define HDRS		28		/* IPv4 header without options + UDP */
#define MAX_SIZE	65507
#define MAX_GROUPS	16
#define MAX_STREAMS	64
#define MAX_PAUSES	8
#define MAX_SEQS	32

struct payload {
	uint32_t magic;
	uint32_t seq;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: mcast [--netns NS] send --group G [--dev IF] [--count N] [--size BYTES]\n"
		"             [--ttl T] [--df | --no-df] [--interval-ms MS] [--port P]\n"
		"             [--source A [--nsources K]] [--seq-start Q] [--pause-after N]...\n"
		"       mcast [--netns NS] recv --group G[,G...] --dev IF [--expect N]\n"
		"             [--timeout-s S] [--linger-ms MS] [--port P] [--ready FILE]\n"
		"       mcast [--netns NS] ipmr --dev IF [--ready FILE]\n");
	exit(2);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mcast: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned long number(const char *opt, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || *s == '-' || v > max) {
		fprintf(stderr, "mcast: bad value \"%s\" for %s\n", s, opt);
		exit(2);
	}
	return v;
}

static struct in_addr address(const char *opt, const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "mcast: bad address \"%s\" for %s\n", s, opt);
		exit(2);
	}
	return a;
}

static unsigned int ifindex(const char *name)
{
	unsigned int i = if_nametoindex(name);

	if (!i)
		die("no interface \"%s\": %s", name, strerror(errno));
	return i;
}

static void enter_netns(const char *ns)
{
	char path[256];
	int fd;

	if (strchr(ns, '/'))
		snprintf(path, sizeof(path), "%s", ns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	if (setns(fd, CLONE_NEWNET))
		die("setns %s: %s", path, strerror(errno));
	close(fd);
}

static void set_int(int fd, int level, int opt, int val, const char *name)
{
	if (setsockopt(fd, level, opt, &val, sizeof(val)))
		die("setsockopt %s: %s", name, strerror(errno));
}

static void ready(const char *file)
{
	int fd;

	if (!file)
		return;
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("create %s: %s", file, strerror(errno));
	close(fd);
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: a signal ends the blocking call. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ */

static int do_send(int argc, char **argv)
{
	unsigned long count = 10, size = 100, ttl = 64, interval = 50;
	unsigned long nsources = 1, port = 5000, sent = 0, seq0 = 0;
	unsigned long pauses[MAX_PAUSES];
	unsigned int npauses = 0, oif = 0, p;
	struct in_addr group = { 0 }, source = { 0 };
	int have_group = 0, have_source = 0, df = 0;
	struct sockaddr_in dst = { .sin_family = AF_INET };
	char buf[MAX_SIZE];
	struct payload pl;
	unsigned long r, s;
	int fd, i;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--df")) {
			df = 1;
			continue;
		}
		if (!strcmp(o, "--no-df")) {
			df = 0;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(o, "--group")) {
			group = address(o, argv[++i]);
			have_group = 1;
		} else if (!strcmp(o, "--dev")) {
			oif = ifindex(argv[++i]);
		} else if (!strcmp(o, "--count")) {
			count = number(o, argv[++i], 1000000);
		} else if (!strcmp(o, "--size")) {
			size = number(o, argv[++i], MAX_SIZE + HDRS);
		} else if (!strcmp(o, "--ttl")) {
			ttl = number(o, argv[++i], 255);
		} else if (!strcmp(o, "--interval-ms")) {
			interval = number(o, argv[++i], 60000);
		} else if (!strcmp(o, "--port")) {
			port = number(o, argv[++i], 65535);
		} else if (!strcmp(o, "--source")) {
			source = address(o, argv[++i]);
			have_source = 1;
		} else if (!strcmp(o, "--nsources")) {
			nsources = number(o, argv[++i], 65536);
		} else if (!strcmp(o, "--seq-start")) {
			seq0 = number(o, argv[++i], 1000000);
		} else if (!strcmp(o, "--pause-after")) {
			if (npauses == MAX_PAUSES)
				usage();
			pauses[npauses++] = number(o, argv[++i], 1000000);
		} else {
			usage();
		}
	}
	if (!have_group || size < HDRS + sizeof(pl) || !nsources ||
	    (nsources > 1 && !have_source))
		usage();

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (oif) {
		struct ip_mreqn mr = { .imr_ifindex = oif };

		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)))
			die("setsockopt IP_MULTICAST_IF: %s", strerror(errno));
	}
	set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
	set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
	set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER,
		df ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT, "IP_MTU_DISCOVER");
	if (have_source)
		set_int(fd, IPPROTO_IP, IP_TRANSPARENT, 1, "IP_TRANSPARENT");

	dst.sin_addr = group;
	dst.sin_port = htons(port);
	memset(buf, 0, sizeof(buf));

	for (r = 0; r < count; r++) {
		if (r && interval) {
			struct timespec ts = {
				.tv_sec = interval / 1000,
				.tv_nsec = (interval % 1000) * 1000000,
			};

			while (nanosleep(&ts, &ts) && errno == EINTR)
				;
		}
		pl.magic = htonl(MAGIC);
		pl.seq = htonl(seq0 + r);
		memcpy(buf, &pl, sizeof(pl));
		for (s = 0; s < nsources; s++) {
			union {
				char b[CMSG_SPACE(sizeof(struct in_pktinfo))];
				struct cmsghdr align;
			} cbuf;
			struct iovec iov = { .iov_base = buf,
					     .iov_len = size - HDRS };
			struct msghdr msg = {
				.msg_name = &dst, .msg_namelen = sizeof(dst),
				.msg_iov = &iov, .msg_iovlen = 1,
			};

			if (have_source) {
				struct in_pktinfo pi = { .ipi_ifindex = oif };
				struct cmsghdr *cm;

				pi.ipi_spec_dst.s_addr =
					htonl(ntohl(source.s_addr) + s);
				memset(&cbuf, 0, sizeof(cbuf));
				msg.msg_control = cbuf.b;
				msg.msg_controllen = sizeof(cbuf.b);
				cm = CMSG_FIRSTHDR(&msg);
				cm->cmsg_level = IPPROTO_IP;
				cm->cmsg_type = IP_PKTINFO;
				cm->cmsg_len = CMSG_LEN(sizeof(pi));
				memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
			}
			if (sendmsg(fd, &msg, 0) < 0)
				die("send (after %lu datagrams): %s", sent,
				    strerror(errno));
			sent++;
		}
		for (p = 0; p < npauses; p++)
			if (pauses[p] == r + 1)
				raise(SIGSTOP);
	}
	close(fd);
	printf("sent %lu\n", sent);
	return 0;
}

/* ------------------------------------------------------------------ */

struct stream {
	struct in_addr src, grp;
	uint32_t last;
};

static int do_recv(int argc, char **argv)
{
	unsigned long expect = 0, timeout_s = 30, linger = 300, port = 5000;
	unsigned long received = 0, maxbytes = 0;
	struct in_addr groups[MAX_GROUPS];
	struct stream streams[MAX_STREAMS];
	unsigned int ngroups = 0, nstreams = 0, dev = 0, g;
	const char *ready_file = NULL;
	int in_order = 1, ttl = 0, have_expect = 0;
	long first = -1, last = -1;
	char seqs[MAX_SEQS * 8 + 2] = "";
	size_t seqs_len = 0;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint64_t deadline, quiet_until = 0;
	char buf[MAX_SIZE];
	int fd, i;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (i + 1 >= argc)
			usage();
		if (!strcmp(o, "--group")) {
			char list[256], *tok, *save;

			snprintf(list, sizeof(list), "%s", argv[++i]);
			for (tok = strtok_r(list, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (ngroups == MAX_GROUPS)
					usage();
				groups[ngroups++] = address(o, tok);
			}
		} else if (!strcmp(o, "--dev")) {
			dev = ifindex(argv[++i]);
		} else if (!strcmp(o, "--expect")) {
			expect = number(o, argv[++i], 1000000);
			have_expect = 1;
		} else if (!strcmp(o, "--timeout-s")) {
			timeout_s = number(o, argv[++i], 3600);
		} else if (!strcmp(o, "--linger-ms")) {
			linger = number(o, argv[++i], 60000);
		} else if (!strcmp(o, "--port")) {
			port = number(o, argv[++i], 65535);
		} else if (!strcmp(o, "--ready")) {
			ready_file = argv[++i];
		} else {
			usage();
		}
	}
	if (!ngroups || !dev)
		usage();

	catch_signals();
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
	/* Only the groups this socket joined, not every group of the host. */
	set_int(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
	set_int(fd, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
	set_int(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind port %lu: %s", port, strerror(errno));
	for (g = 0; g < ngroups; g++) {
		struct ip_mreqn mr = { .imr_multiaddr = groups[g],
				       .imr_ifindex = dev };

		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			       sizeof(mr)))
			die("join %s: %s", inet_ntoa(groups[g]),
			    strerror(errno));
	}
	ready(ready_file);

	deadline = now_ms() + timeout_s * 1000;
	while (!stop) {
		union {
			char b[CMSG_SPACE(sizeof(int)) +
			       CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct cmsghdr align;
		} cbuf;
		struct sockaddr_in from;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
		};
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct in_addr dst = { 0 };
		struct cmsghdr *cm;
		struct payload pl;
		uint64_t now = now_ms(), until = deadline;
		unsigned int k;
		int pttl = -1;
		ssize_t n;

		if (have_expect && received >= expect) {
			if (!quiet_until)
				quiet_until = now + linger;
			if (quiet_until < until)
				until = quiet_until;
		}
		if (now >= until)
			break;
		if (poll(&pfd, 1, until - now) <= 0)
			continue;	/* timeout, or a signal sets stop */
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n < 0)
			continue;
		if ((size_t)n < sizeof(pl))
			continue;
		memcpy(&pl, buf, sizeof(pl));
		if (ntohl(pl.magic) != MAGIC)
			continue;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			if (cm->cmsg_level != IPPROTO_IP)
				continue;
			if (cm->cmsg_type == IP_TTL)
				memcpy(&pttl, CMSG_DATA(cm), sizeof(pttl));
			if (cm->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;

				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				dst = pi.ipi_addr;
			}
		}
		received++;
		if ((unsigned long)n + HDRS > maxbytes)
			maxbytes = n + HDRS;
		ttl = pttl;
		if (first < 0)
			first = ntohl(pl.seq);
		last = ntohl(pl.seq);
		if (received <= MAX_SEQS)
			seqs_len += snprintf(seqs + seqs_len,
					     sizeof(seqs) - seqs_len, "%s%u",
					     seqs_len ? "," : "",
					     (unsigned int)ntohl(pl.seq));
		for (k = 0; k < nstreams; k++)
			if (streams[k].src.s_addr == from.sin_addr.s_addr &&
			    streams[k].grp.s_addr == dst.s_addr)
				break;
		if (k < nstreams) {
			if (ntohl(pl.seq) <= streams[k].last)
				in_order = 0;
			streams[k].last = ntohl(pl.seq);
		} else if (nstreams < MAX_STREAMS) {
			streams[nstreams].src = from.sin_addr;
			streams[nstreams].grp = dst;
			streams[nstreams].last = ntohl(pl.seq);
			nstreams++;
		}
		if (have_expect && received >= expect)
			quiet_until = now_ms() + linger;
	}
	close(fd);
	printf("received %lu in_order %d bytes %lu ttl %d sources %u first %ld last %ld seqs %s\n",
	       received, in_order, maxbytes, ttl, nstreams, first, last,
	       seqs_len ? seqs : "-");
	return 0;
}

/* ------------------------------------------------------------------ */

static int do_ipmr(int argc, char **argv)
{
	const char *ready_file = NULL, *name = NULL;
	struct vifctl vc = { .vifc_flags = VIFF_USE_IFINDEX,
			     .vifc_threshold = 1 };
	char path[128], val[16] = "?";
	sigset_t block, old;
	ssize_t n;
	int fd, pf, i;

	for (i = 0; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--dev"))
			name = argv[++i];
		else if (!strcmp(argv[i], "--ready"))
			ready_file = argv[++i];
		else
			usage();
	}
	if (!name)
		usage();
	vc.vifc_lcl_ifindex = ifindex(name);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	catch_signals();

	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_IGMP);
	if (fd < 0)
		die("socket(IGMP): %s", strerror(errno));
	i = 1;
	if (setsockopt(fd, IPPROTO_IP, MRT_INIT, &i, sizeof(i))) {
		if (errno == ENOPROTOOPT) {
			fprintf(stderr, "mcast: MRT_INIT: %s (no multicast routing in this kernel)\n",
				strerror(errno));
			exit(4);
		}
		die("MRT_INIT: %s", strerror(errno));
	}
	if (setsockopt(fd, IPPROTO_IP, MRT_ADD_VIF, &vc, sizeof(vc)))
		die("MRT_ADD_VIF %s: %s", name, strerror(errno));

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/mc_forwarding",
		 name);
	pf = open(path, O_RDONLY | O_CLOEXEC);
	if (pf >= 0) {
		n = read(pf, val, sizeof(val) - 1);
		val[n > 0 ? n : 0] = '\0';
		val[strcspn(val, "\n")] = '\0';
		close(pf);
	}
	printf("mc_forwarding %s\n", val);
	fflush(stdout);
	ready(ready_file);

	while (!stop)
		sigsuspend(&old);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (i + 1 < argc && !strcmp(argv[i], "--netns")) {
		enter_netns(argv[i + 1]);
		i += 2;
	}
	if (i >= argc)
		usage();
	if (!strcmp(argv[i], "send"))
		return do_send(argc - i - 1, argv + i + 1);
	if (!strcmp(argv[i], "recv"))
		return do_recv(argc - i - 1, argv + i + 1);
	if (!strcmp(argv[i], "ipmr"))
		return do_ipmr(argc - i - 1, argv + i + 1);
	usage();
}
