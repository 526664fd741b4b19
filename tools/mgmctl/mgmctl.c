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
#include <net/if.h>

#include "mgmctl.h"

#ifndef MGM_VERSION
#define MGM_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mgmctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       mgmctl help\n"
		"OBJECT := { protocol | interface | group | mfe | config (alias limits) |\n"
		"            monitor }\n"
		"OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -V[ersion] | -h[elp] }\n"
		"\n"
		"  mgmctl protocol show                the registered routing protocols\n"
		"  mgmctl interface show [dev IF]      owned interfaces and their owners\n"
		"  mgmctl group show [all-sources | any-source] [group GROUP]\n"
		"                                      the membership table\n"
		"  mgmctl mfe show [group GROUP] [source SOURCE] [iif IF]\n"
		"                                      forwarding entries (-s: counters)\n"
		"  mgmctl mfe get SOURCE GROUP         one forwarding entry\n"
		"  mgmctl mfe set SOURCE GROUP [timeout SECS] [upstream ADDRESS]\n"
		"                                      change its lifetime, upstream neighbour\n"
		"  mgmctl config show                  limits, timers and usage\n"
		"  mgmctl config set NAME VALUE [NAME VALUE]...\n"
		"  mgmctl monitor [EVENT]... [--count N]\n"
		"                                      events as they happen\n"
		"\n"
		"IF := interface name or index\n"
		"NAME := { max-protocols | max-interfaces | max-memberships | max-mfes |\n"
		"          max-pending | max-backlog | mfe-timeout | callback-timeout }\n"
		"EVENT := { all | rpf-req | creation-req | join-alert | prune-alert |\n"
		"           local-join | local-leave | wrong-if | disable-igmp |\n"
		"           enable-igmp | if-gone | overflow }\n");
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

bool mgmctl_twice(bool *seen, const char *cmd, const char *key)
{
	if (*seen) {
		mgmctl_usage_error("%s: %s given twice", cmd, key);
		return true;
	}
	*seen = true;
	return false;
}

void mgmctl_error(const struct mgmctl *ctl, const char *what, int err)
{
	mgmctl_error_msg(what, err, ctl->sess ? mgm_last_error(ctl->sess) : NULL);
}

void mgmctl_error_msg(const char *what, int err, const char *kmsg)
{
	fprintf(stderr, "mgmctl: %s: %s", what, strerror(-err));
	if (kmsg)
		fprintf(stderr, " (kernel: %s)", kmsg);
	else if (err == -EPERM)
		fputs(" (CAP_NET_ADMIN over the network namespace is needed)",
		      stderr);
	fputc('\n', stderr);
}

void *mgmctl_grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? 2 * *cap : 16;
	v = realloc(v, ncap * size);
	if (v)
		*cap = ncap;
	return v;
}

struct json_writer *mgmctl_json(const struct mgmctl *ctl)
{
	struct json_writer *jw = jw_new(stdout, ctl->pretty);

	if (!jw)
		fprintf(stderr, "mgmctl: %s\n", strerror(ENOMEM));
	return jw;
}

int mgmctl_print_list(const struct mgmctl *ctl, const void *v, size_t n,
		      size_t size, const struct mgmctl_printer *p)
{
	struct json_writer *jw;
	size_t i;

	if (!ctl->json) {
		for (i = 0; i < n; i++)
			p->text((const char *)v + i * size);
		return EXIT_OK;
	}
	jw = mgmctl_json(ctl);
	if (!jw)
		return EXIT_ERROR;
	jw_start_array(jw);
	for (i = 0; i < n; i++)
		p->json(jw, (const char *)v + i * size);
	jw_end_array(jw);
	jw_destroy(jw);
	return EXIT_OK;
}

/* Names of the multicast protocol ids of routprot.h. */
const char *mgmctl_proto_name(uint32_t id)
{
	switch (id) {
	case 9:
		return "msdp";
	case MGM_PROTO_IGMP:
		return "igmp";
	case 11:
		return "bgmp";
	default:
		return NULL;
	}
}

bool mgmctl_parse_if(const char *arg, uint32_t *ifindex)
{
	unsigned long v;
	char *end;

	*ifindex = if_nametoindex(arg);
	if (*ifindex)
		return true;
	if (*arg < '0' || *arg > '9')
		return false;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v == 0 || v > UINT32_MAX)
		return false;
	*ifindex = v;
	return true;
}

bool mgmctl_parse_u32(const char *arg, uint32_t *v)
{
	unsigned long n;
	char *end;

	if (*arg < '0' || *arg > '9')
		return false;
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || *end || n > UINT32_MAX)
		return false;
	*v = n;
	return true;
}

bool mgmctl_parse_addr(const char *arg, union mgm_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	return inet_pton(AF_INET, arg, &addr->v4) == 1;
}

const char *mgmctl_addr(uint8_t family, const union mgm_addr *addr,
			char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, addr, buf,
		       INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
	return buf;
}

bool mgmctl_addr_is_zero(const union mgm_addr *addr)
{
	static const union mgm_addr zero;

	return !memcmp(addr, &zero, sizeof(zero));
}

bool mgmctl_ifname(const char *kname, uint32_t ifindex,
		   char buf[IF_NAMESIZE])
{
	if (kname && *kname) {
		snprintf(buf, IF_NAMESIZE, "%s", kname);
		return true;
	}
	if (ifindex && if_indextoname(ifindex, buf))
		return true;
	snprintf(buf, IF_NAMESIZE, "%u", ifindex);
	return false;
}

void mgmctl_jw_if(struct json_writer *jw, const char *name_key,
		  const char *index_key, const char *kname, uint32_t ifindex)
{
	char name[IF_NAMESIZE];

	if (mgmctl_ifname(kname, ifindex, name))
		jw_string(jw, name_key, name);
	jw_uint(jw, index_key, ifindex);
}

void mgmctl_jw_route(struct json_writer *jw, uint8_t family,
		     const struct mgm_route *rt)
{
	char a[INET6_ADDRSTRLEN];

	jw_start_object_member(jw, "route");
	jw_string(jw, "dst", mgmctl_addr(family, &rt->dst, a));
	jw_uint(jw, "dst_len", rt->dst_len);
	if (!mgmctl_addr_is_zero(&rt->gateway))
		jw_string(jw, "gateway", mgmctl_addr(family, &rt->gateway, a));
	mgmctl_jw_if(jw, "dev", "ifindex", NULL, rt->ifindex);
	jw_uint(jw, "proto", rt->proto_id);
	jw_uint(jw, "table", rt->table);
	jw_uint(jw, "metric", rt->metric);
	jw_end_object(jw);
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
	/* In this order: the first match wins for an abbreviation. */
	{ "protocol", do_protocol },
	{ "interface", do_interface },
	{ "group", do_group },
	{ "mfe", do_mfe },
	{ "config", do_config },
	/* config by another name; the only object that starts with l. */
	{ "limits", do_config },
	{ "monitor", do_monitor },
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
