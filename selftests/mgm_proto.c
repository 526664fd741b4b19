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
 *   mgm_proto --stdin PROTO COMP [ACTION...]
 *                                 the same as the first form, and while it
 *                                 waits it reads commands from stdin, one
 *                                 a line: "take IF", "release IF",
 *                                 "join S,G@IF", "leave S,G@IF",
 *                                 "inject S,G@IF"; it answers each with a
 *                                 line on stdout, "ok" or "error OP:
 *                                 strerror (kernel: message)"
 *   mgm_proto --events [--once | --stdin] PROTO COMP [ACTION...]
 *                                 the same, registered with a callback for
 *                                 every event, so the kernel sends it every
 *                                 event (and a copy to the monitor group);
 *                                 while it waits it dispatches them, and
 *                                 answers requests with the kernel's
 *                                 proposal
 *   mgm_proto --deregister HANDLE try to deregister HANDLE from a new
 *                                 session (it is someone else's)
 *
 * ACTION (IF is an interface name or index; S and G addresses or "*"):
 *   --take IF                     take ownership of IF
 *   --join S,G@IF                 add the membership (join flag)
 *   --leave S,G@IF                delete the membership (join flag)
 *   --inject S,G@IF               feed one fake packet of (S,G) arriving
 *                                 on IF (100 bytes, TTL 64; modules built
 *                                 with MGM_TEST=1)
 *
 * Without --events the protocol registers without callbacks: the kernel
 * applies the defaults of its requests at once and sends it no events.
 *
 * Errors print "mgm_proto: OP: strerror (kernel: message)" on stderr and
 * exit 1; bad arguments exit 2.
 */

#include <errno.h>
#include <poll.h>
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

/* --events: every callback, each doing nothing (requests: the proposal). */
static void ev_notify(void *arg, const struct mgm_event *ev)
{
	(void)arg;
	(void)ev;
}

static void ev_rpf(void *arg, const struct mgm_event *ev,
		   struct mgm_rpf_answer *answer)
{
	(void)arg;
	(void)ev;
	(void)answer;
}

static void ev_creation(void *arg, const struct mgm_event *ev,
			struct mgm_creation_oif *oifs, unsigned int n_oifs)
{
	(void)arg;
	(void)ev;
	(void)oifs;
	(void)n_oifs;
}

static void ev_prune(void *arg, const struct mgm_event *ev, uint32_t *timeout)
{
	(void)arg;
	(void)ev;
	(void)timeout;
}

static const struct mgm_callbacks all_events = {
	.rpf = ev_rpf,
	.creation_alert = ev_creation,
	.prune_alert = ev_prune,
	.join_alert = ev_notify,
	.wrong_if = ev_notify,
	.local_join = ev_notify,
	.local_leave = ev_notify,
	.disable_igmp = ev_notify,
	.enable_igmp = ev_notify,
	.if_gone = ev_notify,
	.overflow = ev_notify,
};

static void report(struct mgm_session *sess, FILE *f, const char *prefix,
		   const char *op, int err)
{
	const char *kmsg = mgm_last_error(sess);

	fprintf(f, "%s%s: %s", prefix, op, strerror(-err));
	if (kmsg)
		fprintf(f, " (kernel: %s)", kmsg);
	fputc('\n', f);
	fflush(f);
}

static int fail(struct mgm_session *sess, const char *op, int err)
{
	report(sess, stderr, "mgm_proto: ", op, err);
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
		"usage: mgm_proto [--events] [--once | --stdin] PROTO COMP\n"
		"                 [--take IF | --join S,G@IF | --leave S,G@IF | --inject S,G@IF]...\n"
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
static struct mgm_if taken[512];
static unsigned int n_taken;

/* Do one action; 0 or a negative errno, with the operation's name in *op. */
static int do_action(struct mgm_session *sess, mgm_handle_t handle,
		     const char *opt, const char *arg, const char **op)
{
	struct mgm_sg sg;
	struct mgm_if ifc;
	unsigned int i;
	int ret;

	/* Commands read from stdin are the options without "--". */
	if (opt[0] == '-' && opt[1] == '-')
		opt += 2;
	*op = opt;
	if (!strcmp(opt, "take")) {
		ifc = parse_if(arg);
		if (n_taken == sizeof(taken) / sizeof(taken[0]))
			return -ENOSPC;
		ret = mgm_if_take(sess, handle, &ifc);
		if (!ret)
			taken[n_taken++] = ifc;
	} else if (!strcmp(opt, "release")) {
		ifc = parse_if(arg);
		ret = mgm_if_release(sess, handle, &ifc);
		for (i = 0; !ret && i < n_taken; i++) {
			if (taken[i].ifindex != ifc.ifindex)
				continue;
			memmove(&taken[i], &taken[i + 1],
				(n_taken - i - 1) * sizeof(taken[0]));
			n_taken--;
			break;
		}
	} else if (!strcmp(opt, "join")) {
		parse_sg_if(arg, &sg, &ifc);
		ret = mgm_member_add(sess, handle, &sg, &ifc, MGM_JOIN);
	} else if (!strcmp(opt, "leave")) {
		parse_sg_if(arg, &sg, &ifc);
		ret = mgm_member_del(sess, handle, &sg, &ifc, MGM_JOIN);
	} else if (!strcmp(opt, "inject")) {
		parse_sg_if(arg, &sg, &ifc);
		ret = mgm_inject(sess, &sg, &ifc, 100, 64, NULL, 0);
	} else {
		usage();
	}
	return ret;
}

/*
 * Run the commands of one line of stdin ("OP ARG"), answering on stdout.
 * Bad arguments end the process like bad options (exit 2).
 */
static void do_command(struct mgm_session *sess, mgm_handle_t handle,
		       char *line)
{
	char *arg = strchr(line, ' ');
	const char *op;
	int ret;

	if (!*line)
		return;
	if (!arg) {
		fprintf(stderr, "mgm_proto: bad command \"%s\"\n", line);
		exit(2);
	}
	*arg++ = '\0';
	ret = do_action(sess, handle, line, arg, &op);
	if (ret)
		report(sess, stdout, "error ", op, ret);
	else
		printf("ok\n");
	fflush(stdout);
}

/*
 * Wait for SIGTERM or SIGINT (blocked outside this function); with
 * @commands, run the lines that arrive on stdin meanwhile; with @events,
 * dispatch the events that arrive.
 */
static void wait_for_signal(struct mgm_session *sess, mgm_handle_t handle,
			    int commands, int events, const sigset_t *unblocked)
{
	static char buf[8192];
	struct pollfd pfd[2] = {
		{ .fd = 0, .events = POLLIN },
		{ .fd = events ? mgm_event_fd(sess) : -1, .events = POLLIN },
	};
	size_t len = 0;
	char *nl;
	ssize_t n;

	while (!stop) {
		if (!commands && !events) {
			sigsuspend(unblocked);
			continue;
		}
		pfd[0].fd = commands ? 0 : -1;	/* negative: ignored */
		if (ppoll(pfd, 2, NULL, unblocked) <= 0)
			continue;
		if (pfd[1].revents)
			mgm_dispatch(sess, 0);
		if (!pfd[0].revents)
			continue;
		n = read(0, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0) {
			commands = 0;	/* EOF: only signals now */
			continue;
		}
		len += n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			do_command(sess, handle, buf);
			len -= nl + 1 - buf;
			memmove(buf, nl + 1, len + 1);
		}
		if (len == sizeof(buf) - 1) {
			fprintf(stderr, "mgm_proto: command line too long\n");
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct mgm_session *sess = NULL;
	sigset_t block, old;
	mgm_handle_t handle;
	int once = 0, commands = 0, events = 0;
	const char *op;
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
	if (argc >= 2 && !strcmp(argv[1], "--events")) {
		events = 1;
		argv++;
		argc--;
	}
	if (argc >= 2 && !strcmp(argv[1], "--once")) {
		once = 1;
		argv++;
		argc--;
	} else if (argc >= 2 && !strcmp(argv[1], "--stdin")) {
		commands = 1;
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
	ret = mgm_protocol_register_cb(sess, number(argv[1]), number(argv[2]),
				       events ? &all_events : NULL, NULL,
				       &handle);
	if (ret)
		return fail(sess, "register", ret);
	for (i = 3; i < argc; i += 2) {
		if (strncmp(argv[i], "--", 2))
			usage();
		ret = do_action(sess, handle, argv[i], argv[i + 1], &op);
		if (ret)
			return fail(sess, op, ret);
	}
	printf("registered handle=%llu\n", (unsigned long long)handle);
	fflush(stdout);

	if (!once)
		wait_for_signal(sess, handle, commands, events, &old);

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
