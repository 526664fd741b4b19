// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl config (alias limits): the limits and timers of the network
 * namespace, and their current usage.
 */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmctl.h"

/* The settable fields: command-line name, JSON name, mask bit. */
static const struct {
	const char *name;
	const char *json;
	size_t off;
	uint32_t bit;
} fields[] = {
	{ "max-protocols", "max_protocols",
	  offsetof(struct mgm_config, max_protocols), MGM_CONFIG_MAX_PROTOCOLS },
	{ "max-interfaces", "max_interfaces",
	  offsetof(struct mgm_config, max_interfaces), MGM_CONFIG_MAX_INTERFACES },
	{ "max-memberships", "max_memberships",
	  offsetof(struct mgm_config, max_memberships), MGM_CONFIG_MAX_MEMBERSHIPS },
	{ "max-mfes", "max_mfes",
	  offsetof(struct mgm_config, max_mfes), MGM_CONFIG_MAX_MFES },
	{ "max-pending", "max_pending",
	  offsetof(struct mgm_config, max_pending), MGM_CONFIG_MAX_PENDING },
	{ "max-backlog", "max_backlog",
	  offsetof(struct mgm_config, max_backlog), MGM_CONFIG_MAX_BACKLOG },
	{ "mfe-timeout", "mfe_timeout",
	  offsetof(struct mgm_config, mfe_timeout), MGM_CONFIG_MFE_TIMEOUT },
	{ "callback-timeout", "callback_timeout",
	  offsetof(struct mgm_config, callback_timeout), MGM_CONFIG_CALLBACK_TIMEOUT },
};

#define N_FIELDS	(sizeof(fields) / sizeof(fields[0]))

static uint32_t *field(struct mgm_config *cfg, size_t i)
{
	return (uint32_t *)((char *)cfg + fields[i].off);
}

static void print_text(const struct mgm_config *c)
{
	printf("protocols %u of %u\n", c->protocols, c->max_protocols);
	printf("interfaces %u of %u\n", c->interfaces, c->max_interfaces);
	printf("memberships %u of %u\n", c->memberships, c->max_memberships);
	printf("mfes %u of %u\n", c->mfes, c->max_mfes);
	printf("pending %u of %u (dropped %u)\n", c->pending, c->max_pending,
	       c->pending_drops);
	printf("max-backlog %u\n", c->max_backlog);
	printf("mfe-timeout %us%s\n", c->mfe_timeout,
	       c->mfe_timeout ? "" : " (never)");
	printf("callback-timeout %ums\n", c->callback_timeout);
}

static void print_json(struct json_writer *jw, struct mgm_config *c)
{
	size_t i;

	jw_start_object(jw);
	for (i = 0; i < N_FIELDS; i++)
		jw_uint(jw, fields[i].json, *field(c, i));
	jw_uint(jw, "protocols", c->protocols);
	jw_uint(jw, "interfaces", c->interfaces);
	jw_uint(jw, "memberships", c->memberships);
	jw_uint(jw, "mfes", c->mfes);
	jw_uint(jw, "pending", c->pending);
	jw_uint(jw, "pending_drops", c->pending_drops);
	jw_end_object(jw);
}

static int config_show(struct mgmctl *ctl, int argc, char **argv)
{
	struct json_writer *jw;
	struct mgm_config cfg;
	int ret;

	if (argc > 0)
		return mgmctl_usage_error("config show: unexpected argument \"%s\"",
					  argv[0]);
	if (mgmctl_session(ctl))
		return EXIT_ERROR;
	ret = mgm_config_get(ctl->sess, &cfg);
	if (ret) {
		mgmctl_error(ctl, "cannot get the configuration", ret);
		return EXIT_ERROR;
	}
	if (!ctl->json) {
		print_text(&cfg);
		return EXIT_OK;
	}
	jw = mgmctl_json(ctl);
	if (!jw)
		return EXIT_ERROR;
	print_json(jw, &cfg);
	jw_destroy(jw);
	return EXIT_OK;
}

static int config_set(struct mgmctl *ctl, int argc, char **argv)
{
	struct mgm_config cfg = { };
	bool seen[N_FIELDS] = { };
	uint32_t mask = 0;
	size_t i;
	int ret;

	if (argc < 1)
		return mgmctl_usage_error("config set: expected NAME VALUE [NAME VALUE]...");
	for (; argc > 0; argc -= 2, argv += 2) {
		for (i = 0; i < N_FIELDS; i++)
			if (!strcmp(argv[0], fields[i].name))
				break;
		if (i == N_FIELDS)
			return mgmctl_usage_error("config set: unknown name \"%s\"",
						  argv[0]);
		if (argc < 2)
			return mgmctl_usage_error("config set: %s needs a value",
						  argv[0]);
		if (mgmctl_twice(&seen[i], "config set", fields[i].name))
			return EXIT_USAGE;
		/*
		 * Digits only: strtoul alone takes " -18446744073709551615"
		 * (leading blanks, then a sign) for 1.
		 */
		if (!mgmctl_parse_u32(argv[1], field(&cfg, i)))
			return mgmctl_usage_error("config set: bad value \"%s\" for %s",
						  argv[1], argv[0]);
		mask |= fields[i].bit;
	}
	if (mgmctl_session(ctl))
		return EXIT_ERROR;
	ret = mgm_config_set(ctl->sess, &cfg, mask);
	if (ret) {
		mgmctl_error(ctl, "cannot change the configuration", ret);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int do_config(struct mgmctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return config_show(ctl, argc ? argc - 1 : 0, argv + 1);
	if (matches(argv[0], "set"))
		return config_set(ctl, argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		printf("Usage: mgmctl config show\n"
		       "       mgmctl config set NAME VALUE [NAME VALUE]...\n"
		       "limits is an alias of config.\n"
		       "NAME := { max-protocols | max-interfaces | max-memberships | max-mfes |\n"
		       "          max-pending | max-backlog | mfe-timeout | callback-timeout }\n"
		       "mfe-timeout is in seconds (0: entries never age), callback-timeout in ms.\n");
		return EXIT_OK;
	}
	return mgmctl_usage_error("config: unknown command \"%s\"", argv[0]);
}
