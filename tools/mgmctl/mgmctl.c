// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl: inspect and administer the Multicast Group Manager.
 *
 * iproute2 conventions: mgmctl [OPTIONS] OBJECT COMMAND [ARGS], objects
 * and commands may be abbreviated, -j prints JSON, -p pretty-prints it.
 */

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmctl.h"

#ifndef MGM_VERSION
#define MGM_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mgmctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       mgmctl help\n"
		"OBJECT := { protocol }\n"
		"OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -V[ersion] | -h[elp] }\n"
		"\n"
		"  mgmctl protocol show      list the registered routing protocols\n");
}

bool matches(const char *arg, const char *word)
{
	size_t len = strlen(arg);

	return len > 0 && strncmp(arg, word, len) == 0;
}

int mgmctl_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mgmctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"mgmctl help\".\n", stderr);
	return EXIT_USAGE;
}

void mgmctl_error(const struct mgmctl *ctl, const char *what, int err)
{
	const char *kmsg = ctl->sess ? mgm_last_error(ctl->sess) : NULL;

	fprintf(stderr, "mgmctl: %s: %s", what, strerror(-err));
	if (kmsg)
		fprintf(stderr, " (kernel: %s)", kmsg);
	fputc('\n', stderr);
}

int mgmctl_session(struct mgmctl *ctl)
{
	int ret;

	if (ctl->sess)
		return 0;
	ret = mgm_open(&ctl->sess);
	if (ret == -ENOENT) {
		fprintf(stderr,
			"mgmctl: the mgm generic netlink family is not available: is the mgm module loaded?\n");
		return ret;
	}
	if (ret)
		mgmctl_error(ctl, "cannot open a session", ret);
	return ret;
}

static const struct option long_opts[] = {
	{ "json",	no_argument, NULL, 'j' },
	{ "pretty",	no_argument, NULL, 'p' },
	{ "statistics",	no_argument, NULL, 's' },
	{ "stats",	no_argument, NULL, 's' },
	{ "version",	no_argument, NULL, 'V' },
	{ "help",	no_argument, NULL, 'h' },
	{ }
};

static const struct {
	const char *name;
	int (*fn)(struct mgmctl *ctl, int argc, char **argv);
} objects[] = {
	{ "protocol", do_protocol },
};

int main(int argc, char **argv)
{
	struct mgmctl ctl = { };
	size_t i;
	int opt;
	int ret;

	while ((opt = getopt_long(argc, argv, "+jpsVh", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctl.json = true;
			break;
		case 'p':
			ctl.pretty = true;
			break;
		case 's':
			ctl.stats = true;
			break;
		case 'V':
			printf("mgmctl %s\n", MGM_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (matches(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		if (!matches(argv[0], objects[i].name))
			continue;
		ret = objects[i].fn(&ctl, argc - 1, argv + 1);
		mgm_close(ctl.sess);
		return ret;
	}
	return mgmctl_usage_error("unknown object \"%s\"", argv[0]);
}
