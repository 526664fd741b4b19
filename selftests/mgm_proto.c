// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_proto: a minimal protocol process for the selftests.  It registers
 * one protocol instance through libmgm and keeps it until it is told to
 * stop, so tests can watch registrations appear and disappear with the
 * processes that own them.
 *
 *   mgm_proto PROTO COMP [ACTION...]
 *                                 register, do the actions in order, print
 *                                 the handle, wait for SIGTERM/SIGINT,
 *                                 release the interfaces it took,
 *                                 deregister, exit 0
 *   mgm_proto --once PROTO COMP [ACTION...]
 *                                 the same without waiting
 *   mgm_proto --deregister HANDLE try to deregister HANDLE from a new
 *                                 session (it is someone else's)
 *
 * ACTION (IF is an interface name or index; S and G addresses or "*"):
 *   --take IF                     take ownership of IF
 *   --join S,G@IF                 add the membership (join flag)
 *   --inject S,G@IF               feed one fake packet of (S,G) arriving
 *                                 on IF (100 bytes, TTL 64; modules built
 *                                 with MGM_TEST=1)
 *
 * The protocol registers without callbacks: the kernel applies the
 * defaults of its requests at once and sends it no events.
 *
 * Errors print "mgm_proto: OP: strerror (kernel: message)" on stderr and
 * exit 1; bad arguments exit 2.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <mgm/mgm.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int fail(struct mgm_session *sess, const char *op, int err)
{
	const char *kmsg = mgm_last_error(sess);

	fprintf(stderr, "mgm_proto: %s: %s", op, strerror(-err));
	if (kmsg)
		fprintf(stderr, " (kernel: %s)", kmsg);
	fputc('\n', stderr);
	mgm_close(sess);
	return 1;
}

static unsigned long long number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "mgm_proto: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mgm_proto [--once] PROTO COMP [--take IF | --join S,G@IF | --inject S,G@IF]...\n"
		"       mgm_proto --deregister HANDLE\n");
	exit(2);
}

static struct mgm_if parse_if(const char *s)
{
	unsigned int ifindex = if_nametoindex(s);

	if (!ifindex)
		ifindex = number(s);
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
		fprintf(stderr, "mgm_proto: bad address \"%s\"\n", s);
		exit(2);
	}
	*addr = a.s_addr;
	*len = 32;
}

/* "S,G@IF" */
static void parse_sg_if(const char *arg, struct mgm_sg *sg,
			struct mgm_if *ifc)
{
	char buf[128], *comma, *at;
	uint8_t src_len, grp_len;
	uint32_t src, grp;

	snprintf(buf, sizeof(buf), "%s", arg);
	comma = strchr(buf, ',');
	at = strrchr(buf, '@');
	if (!comma || !at || at < comma) {
		fprintf(stderr, "mgm_proto: expected S,G@IF, not \"%s\"\n", arg);
		exit(2);
	}
	*comma = '\0';
	*at = '\0';
	parse_addr(buf, &src, &src_len);
	parse_addr(comma + 1, &grp, &grp_len);
	*sg = mgm_sg4(src, src_len, grp, grp_len);
	*ifc = parse_if(at + 1);
}

/* Interfaces taken, released in reverse order before deregistering. */
static struct mgm_if taken[64];
static unsigned int n_taken;

static int do_action(struct mgm_session *sess, mgm_handle_t handle,
		     const char *opt, const char *arg)
{
	struct mgm_sg sg;
	struct mgm_if ifc;
	int ret;

	if (!strcmp(opt, "--take")) {
		ifc = parse_if(arg);
		if (n_taken == sizeof(taken) / sizeof(taken[0]))
			usage();
		ret = mgm_if_take(sess, handle, &ifc);
		if (ret)
			return fail(sess, "take", ret);
		taken[n_taken++] = ifc;
	} else if (!strcmp(opt, "--join")) {
		parse_sg_if(arg, &sg, &ifc);
		ret = mgm_member_add(sess, handle, &sg, &ifc, MGM_JOIN);
		if (ret)
			return fail(sess, "join", ret);
	} else if (!strcmp(opt, "--inject")) {
		parse_sg_if(arg, &sg, &ifc);
		ret = mgm_inject(sess, &sg, &ifc, 100, 64, NULL, 0);
		if (ret)
			return fail(sess, "inject", ret);
	} else {
		usage();
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct mgm_session *sess = NULL;
	sigset_t block, old;
	mgm_handle_t handle;
	int once = 0;
	int ret, i;

	if (argc == 3 && !strcmp(argv[1], "--deregister")) {
		ret = mgm_open(&sess);
		if (ret)
			return fail(sess, "open", ret);
		ret = mgm_protocol_deregister(sess, number(argv[2]));
		if (ret)
			return fail(sess, "deregister", ret);
		printf("deregistered handle=%s\n", argv[2]);
		mgm_close(sess);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--once")) {
		once = 1;
		argv++;
		argc--;
	}
	/* PROTO COMP, then option-argument pairs. */
	if (argc < 3 || (argc - 3) % 2 || argv[1][0] == '-')
		usage();

	/* Signals wait blocked until sigsuspend(), so none is missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	ret = mgm_open(&sess);
	if (ret)
		return fail(sess, "open", ret);
	ret = mgm_protocol_register(sess, number(argv[1]), number(argv[2]),
				    &handle);
	if (ret)
		return fail(sess, "register", ret);
	for (i = 3; i < argc; i += 2) {
		ret = do_action(sess, handle, argv[i], argv[i + 1]);
		if (ret)
			return ret;
	}
	printf("registered handle=%llu\n", (unsigned long long)handle);
	fflush(stdout);

	while (!once && !stop)
		sigsuspend(&old);

	while (n_taken > 0) {
		ret = mgm_if_release(sess, handle, &taken[--n_taken]);
		if (ret)
			return fail(sess, "release", ret);
	}
	ret = mgm_protocol_deregister(sess, handle);
	if (ret)
		return fail(sess, "deregister", ret);
	printf("deregistered handle=%llu\n", (unsigned long long)handle);
	mgm_close(sess);
	return 0;
}
