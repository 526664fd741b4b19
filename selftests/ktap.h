/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal KTAP output for mgm's C tests: one result line per check, a
 * plan at the end, and an exit status that reflects any failure.
 */
#ifndef _MGM_KTAP_H
#define _MGM_KTAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int ktap_n, ktap_failed, ktap_skipped;

static inline void ktap_header(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n");
}

static inline void __attribute__((format(printf, 2, 3)))
ktap_check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++ktap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		ktap_failed++;
}

static inline void __attribute__((format(printf, 2, 3)))
ktap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d ", ++ktap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	ktap_skipped++;
}

/* "# ..." diagnostic lines explain a failure without counting as results. */
#define ktap_diag(...) do { printf("# "); printf(__VA_ARGS__); putchar('\n'); } while (0)

static inline int ktap_finish(void)
{
	printf("1..%d\n", ktap_n);
	printf("# Totals: pass:%d fail:%d skip:%d\n",
	       ktap_n - ktap_failed - ktap_skipped, ktap_failed, ktap_skipped);
	return ktap_failed ? 1 : 0;
}

#endif /* _MGM_KTAP_H */
