/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What mgm's two acceptance-scenario programs (mgm_scenarios, mgm_win32)
 * share besides ktap.h: a result made of several checks (fail_() explains
 * and counts a failed check, result() reports them as one KTAP line),
 * time, child processes that report results, and dump callbacks that
 * count records.
 */
#ifndef _MGM_TEST_COMMON_H
#define _MGM_TEST_COMMON_H

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <mgm/mgm.h>

#include "ktap.h"

static int st_fail;			/* failures in the current result */

static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static inline void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline void __attribute__((format(printf, 1, 2)))
fail_(const char *fmt, ...)
{
	va_list ap;

	st_fail++;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline void __attribute__((format(printf, 1, 2)))
result(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktap_check(!st_fail, "%s", buf);
	st_fail = 0;
}

#define EXPECT(cond, ...) do { if (!(cond)) fail_(__VA_ARGS__); } while (0)

/* Results of a child process: CHILD_RES ints. */
#define CHILD_RES 16
typedef void (*child_fn)(int *res);

/*
 * Run fn in a child process; its results come back through a pipe.  With
 * @linger the child waits to be killed after reporting; *pidp gets it.
 */
static inline int child_run(child_fn fn, int *res, int linger, pid_t *pidp)
{
	struct pollfd p;
	int fd[2], k, status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	for (k = 0; k < CHILD_RES; k++)
		res[k] = INT_MIN;
	if (pipe(fd))
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		close(fd[0]);
		fn(res);
		if (write(fd[1], res, CHILD_RES * sizeof(int)) < 0)
			_exit(1);
		if (linger)
			for (;;)
				pause();
		_exit(0);
	}
	close(fd[1]);
	p.fd = fd[0];
	p.events = POLLIN;
	while (got < CHILD_RES * sizeof(int) && poll(&p, 1, 10000) > 0) {
		n = read(fd[0], (char *)res + got, CHILD_RES * sizeof(int) - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd[0]);
	if (linger) {
		*pidp = pid;
	} else {
		if (got < CHILD_RES * sizeof(int))
			kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	return got == CHILD_RES * sizeof(int) ? 0 : -EIO;
}

/* Dump callbacks: count the records in *(int *)arg. */
static inline int count_proto(const struct mgm_protocol_info *info, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static inline int count_if(const struct mgm_if_info *info, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static inline int count_member(const struct mgm_member_info *info, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static inline int count_mfe(const struct mgm_mfe_info *info, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

#endif /* _MGM_TEST_COMMON_H */
