// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_fill: the benchmark's mgm protocol process and table filler, on
 * libmgm.
 *
 *   mgm_fill hold [--proto P] [--comp C] [--take IF]... [--join S,G@IF]...
 *       Register a protocol without callbacks (the kernel applies the
 *       default answers at once), take the interfaces, add the memberships
 *       (S or G may be "*"), print "ready handle=H" and wait for SIGTERM or
 *       SIGINT; the protocol and all it made go with the process.  Unlike
 *       selftests/mgm_proto it takes any number of interfaces (fan-out 128).
 *
 *   mgm_fill inject --if IF --count N [--start I] [--max-seconds T]
 *       Hand the forwarding code N fake first packets (mgm_inject(), test
 *       builds only) of the keys (10.64.0.0 + i, 239.3.0.1),
 *       i = I..I+N-1, arriving on IF: with IF owned, the route towards
 *       10.64.0.0/10 through it and nobody joined to 239.3.0.1, each makes
 *       one negative forwarding entry.  Stops early after T seconds.
 *       Prints "injected=N seconds=X per_second=Y".
 *
 * Raise max-mfes first (mgmctl config set max-mfes N).  Exit status: 0;
 * 1 when libmgm fails (inject: after printing how many were done);
 * 2 for bad arguments.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <mgm/mgm.h>

#define FILL_SRC	0x0a400000u	/* 10.64.0.0 */
#define FILL_GRP	0xef030001u	/* 239.3.0.1 */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mgm_fill hold [--proto P] [--comp C] [--take IF]... [--join S,G@IF]...\n"
		"       mgm_fill inject --if IF --count N [--start I] [--max-seconds T]\n");
	exit(2);
}

static int fail(struct mgm_session *sess, const char *op, int err)
{
	const char *kmsg = mgm_last_error(sess);

	fprintf(stderr, "mgm_fill: %s: %s", op, strerror(-err));
	if (kmsg)
		fprintf(stderr, " (kernel: %s)", kmsg);
	fputc('\n', stderr);
	return 1;
}

static unsigned long long number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "mgm_fill: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

static struct mgm_if parse_if(const char *s)
{
	unsigned int ifindex = if_nametoindex(s);

	if (!ifindex) {
		fprintf(stderr, "mgm_fill: no interface \"%s\"\n", s);
		exit(2);
	}
	return mgm_if4(ifindex, 0);
}

static void parse_addr(const char *s, uint32_t *addr, uint8_t *len)
{
	struct in_addr a;

	if (!strcmp(s, "*")) {
		*addr = 0;
		*len = 0;
		return;
	}
	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "mgm_fill: bad address \"%s\"\n", s);
		exit(2);
	}
	*addr = a.s_addr;
	*len = 32;
}

/* "S,G@IF" */
static void parse_sg_if(const char *arg, struct mgm_sg *sg, struct mgm_if *ifc)
{
	char buf[128], *comma, *at;
	uint8_t src_len, grp_len;
	uint32_t src, grp;

	snprintf(buf, sizeof(buf), "%s", arg);
	comma = strchr(buf, ',');
	at = strrchr(buf, '@');
	if (!comma || !at || at < comma) {
		fprintf(stderr, "mgm_fill: expected S,G@IF, not \"%s\"\n", arg);
		exit(2);
	}
	*comma = '\0';
	*at = '\0';
	parse_addr(buf, &src, &src_len);
	parse_addr(comma + 1, &grp, &grp_len);
	*sg = mgm_sg4(src, src_len, grp, grp_len);
	*ifc = parse_if(at + 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int hold(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long long proto = 0x4242, comp = 1;
	struct mgm_session *sess = NULL;
	mgm_handle_t handle;
	sigset_t block, old;
	unsigned int n_take = 0, n_join = 0;
	int ret, i;

	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--proto"))
			proto = number(argv[i + 1]);
		else if (!strcmp(argv[i], "--comp"))
			comp = number(argv[i + 1]);
		else if (strcmp(argv[i], "--take") && strcmp(argv[i], "--join"))
			usage();
	}
	if (i != argc)
		usage();

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	ret = mgm_open(&sess);
	if (ret)
		return fail(sess, "open", ret);
	ret = mgm_protocol_register(sess, proto, comp, &handle);
	if (ret)
		return fail(sess, "register", ret);
	/* Every interface first, then the memberships on them. */
	for (i = 0; i < argc; i += 2) {
		struct mgm_if ifc;

		if (strcmp(argv[i], "--take"))
			continue;
		ifc = parse_if(argv[i + 1]);
		ret = mgm_if_take(sess, handle, &ifc);
		if (ret)
			return fail(sess, "take", ret);
		n_take++;
	}
	for (i = 0; i < argc; i += 2) {
		struct mgm_sg sg;
		struct mgm_if ifc;

		if (strcmp(argv[i], "--join"))
			continue;
		parse_sg_if(argv[i + 1], &sg, &ifc);
		ret = mgm_member_add(sess, handle, &sg, &ifc, MGM_JOIN);
		if (ret)
			return fail(sess, "join", ret);
		n_join++;
	}
	printf("ready handle=%llu interfaces=%u memberships=%u\n",
	       (unsigned long long)handle, n_take, n_join);
	fflush(stdout);

	while (!stop)
		sigsuspend(&old);
	/* Closing the session deregisters the protocol and releases all. */
	mgm_close(sess);
	return 0;
}

static int inject(int argc, char **argv)
{
	unsigned long long count = 0, start = 0, i;
	double max_seconds = 0, t0, t;
	struct mgm_session *sess = NULL;
	struct mgm_if ifc = {};
	int have_if = 0, ret = 0, ai;

	for (ai = 0; ai + 1 < argc; ai += 2) {
		if (!strcmp(argv[ai], "--if")) {
			ifc = parse_if(argv[ai + 1]);
			have_if = 1;
		} else if (!strcmp(argv[ai], "--count")) {
			count = number(argv[ai + 1]);
		} else if (!strcmp(argv[ai], "--start")) {
			start = number(argv[ai + 1]);
		} else if (!strcmp(argv[ai], "--max-seconds")) {
			max_seconds = number(argv[ai + 1]);
		} else {
			usage();
		}
	}
	if (ai != argc || !have_if || start + count > (1ull << 22))
		usage();

	ret = mgm_open(&sess);
	if (ret)
		return fail(sess, "open", ret);
	t0 = now();
	for (i = 0; i < count; i++) {
		struct mgm_sg sg = mgm_sg4(htonl(FILL_SRC + start + i), 32,
					   htonl(FILL_GRP), 32);

		ret = mgm_inject(sess, &sg, &ifc, 64, 64, NULL, 0);
		if (ret)
			break;
		if (max_seconds && !(i & 1023) && now() - t0 > max_seconds) {
			i++;
			break;
		}
	}
	t = now() - t0;
	printf("injected=%llu seconds=%.3f per_second=%.0f\n", i, t,
	       t > 0 ? i / t : 0);
	fflush(stdout);
	if (ret) {
		fail(sess, "inject", ret);
		mgm_close(sess);
		return 1;
	}
	mgm_close(sess);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "hold"))
		return hold(argc - 2, argv + 2);
	if (!strcmp(argv[1], "inject"))
		return inject(argc - 2, argv + 2);
	usage();
	return 2;
}
