/* SPDX-License-Identifier: GPL-2.0 */
/* mgmctl: shared state of the command-line tool. */
#ifndef _MGMCTL_H
#define _MGMCTL_H

#include <stdbool.h>

#include <mgm/mgm.h>

#include "json.h"

/* Exit statuses: as iproute2 and most tools. */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_USAGE	2

struct mgmctl {
	bool json;
	bool pretty;
	bool stats;
	struct mgm_session *sess;
};

/* Open the session on first use; prints why on failure. */
int mgmctl_session(struct mgmctl *ctl);
/* Print "mgmctl: what: strerror (kernel: message)" to stderr. */
void mgmctl_error(const struct mgmctl *ctl, const char *what, int err);
/* Print a usage error to stderr and return EXIT_USAGE. */
int mgmctl_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
bool matches(const char *arg, const char *word);

int do_protocol(struct mgmctl *ctl, int argc, char **argv);

#endif /* _MGMCTL_H */
