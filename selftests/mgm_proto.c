// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_proto: a minimal protocol process for the selftests.  It registers
 * one protocol instance through libmgm and keeps it until it is told to
 * stop, so tests can watch registrations appear and disappear with the
 * processes that own them.
 *
 *   mgm_proto PROTO COMP          register, print the handle, wait for
 *                                 SIGTERM/SIGINT, deregister, exit 0
 *   mgm_proto --once PROTO COMP   register, print the handle, deregister
 *   mgm_proto --deregister HANDLE try to deregister HANDLE from a new
 *                                 session (it is someone else's)
 *
 * Errors print "mgm_proto: OP: strerror (kernel: message)" on stderr and
 * exit 1.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct mgm_session *sess = NULL;
	sigset_t block, old;
	mgm_handle_t handle;
	int once = 0;
	int ret;

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
	if (argc == 4 && !strcmp(argv[1], "--once")) {
		once = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr,
			"usage: mgm_proto [--once] PROTO COMP | --deregister HANDLE\n");
		return 2;
	}

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
	printf("registered handle=%llu\n", (unsigned long long)handle);
	fflush(stdout);

	while (!once && !stop)
		sigsuspend(&old);

	ret = mgm_protocol_deregister(sess, handle);
	if (ret)
		return fail(sess, "deregister", ret);
	printf("deregistered handle=%llu\n", (unsigned long long)handle);
	mgm_close(sess);
	return 0;
}
