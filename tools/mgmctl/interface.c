// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl interface: the owned interfaces and their owners.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmctl.h"

struct if_list {
	struct mgm_if_info *v;
	size_t n, cap;
	uint32_t ifindex;	/* only this interface; 0: all */
};

static int collect(const struct mgm_if_info *info, void *arg)
{
	struct if_list *l = arg;
	struct mgm_if_info *v;

	if (l->ifindex && info->ifc.ifindex != l->ifindex)
		return 0;
	v = mgmctl_grow(l->v, &l->cap, l->n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->v[l->n++] = *info;
	return 0;
}

/* The effective owner: the routing protocol, else IGMP alone. */
static mgm_handle_t owner_handle(const struct mgm_if_info *i)
{
	return i->owner ? i->owner : i->igmp;
}

static void print_text(const void *rec)
{
	const struct mgm_if_info *i = rec;
	const char *pname = mgmctl_proto_name(i->proto_id);
	char name[IF_NAMESIZE], addr[INET6_ADDRSTRLEN];

	mgmctl_ifname(i->ifname, i->ifc.ifindex, name);
	printf("%s ifindex %u", name, i->ifc.ifindex);
	if (!mgmctl_addr_is_zero(&i->ifc.nexthop))
		printf(" nexthop %s", mgmctl_addr(AF_INET, &i->ifc.nexthop, addr));
	printf(" owner %llu proto %u", (unsigned long long)owner_handle(i),
	       i->proto_id);
	if (pname)
		printf(" (%s)", pname);
	printf(" component %u", i->component_id);
	if (i->igmp)
		printf(" igmp %llu", (unsigned long long)i->igmp);
	putchar('\n');
}

static void print_json(struct json_writer *jw, const void *rec)
{
	const struct mgm_if_info *i = rec;
	const char *pname = mgmctl_proto_name(i->proto_id);
	char addr[INET6_ADDRSTRLEN];

	jw_start_object(jw);
	mgmctl_jw_if(jw, "ifname", "ifindex", i->ifname, i->ifc.ifindex);
	if (!mgmctl_addr_is_zero(&i->ifc.nexthop))
		jw_string(jw, "nexthop",
			  mgmctl_addr(AF_INET, &i->ifc.nexthop, addr));
	jw_start_object_member(jw, "owner");
	jw_uint(jw, "handle", owner_handle(i));
	jw_uint(jw, "proto", i->proto_id);
	if (pname)
		jw_string(jw, "proto_name", pname);
	jw_uint(jw, "component", i->component_id);
	jw_end_object(jw);
	if (i->igmp)
		jw_uint(jw, "igmp", i->igmp);
	jw_end_object(jw);
}

static const struct mgmctl_printer printer = {
	.json = print_json,
	.text = print_text,
};

static int interface_show(struct mgmctl *ctl, int argc, char **argv)
{
	struct if_list l = { };
	bool have_dev = false;
	int tries = 0;
	int ret;

	/* "dev" is not abbreviated: "d" may be an interface's name. */
	while (argc > 0) {
		if (!strcmp(argv[0], "dev")) {
			if (argc < 2)
				return mgmctl_usage_error("interface show: dev needs an interface");
			if (mgmctl_twice(&have_dev, "interface show", "dev"))
				return EXIT_USAGE;
			argc--;
			argv++;
		} else if (have_dev) {
			return mgmctl_usage_error("interface show: unexpected argument \"%s\"",
						  argv[0]);
		} else {
			have_dev = true;
		}
		if (!mgmctl_parse_if(argv[0], &l.ifindex))
			return mgmctl_usage_error("cannot find device \"%s\"",
						  argv[0]);
		argc--;
		argv++;
	}
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	do {
		l.n = 0;
		ret = mgm_if_dump(ctl->sess, collect, &l);
	} while (ret == -EAGAIN && ++tries < MGMCTL_DUMP_TRIES);
	if (ret) {
		mgmctl_error(ctl, "cannot list interfaces", ret);
		free(l.v);
		return EXIT_ERROR;
	}

	ret = mgmctl_print_list(ctl, l.v, l.n, sizeof(*l.v), &printer);
	free(l.v);
	return ret;
}

int do_interface(struct mgmctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return interface_show(ctl, argc ? argc - 1 : 0, argv + 1);
	if (matches(argv[0], "help")) {
		printf("Usage: mgmctl interface show [dev IF]\n"
		       "IF := interface name or index\n");
		return EXIT_OK;
	}
	return mgmctl_usage_error("interface: unknown command \"%s\"", argv[0]);
}
