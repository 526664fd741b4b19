// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl group: the membership table, by entry (all-sources) or by group
 * (any-source).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mgm.h>

#include "mgmctl.h"

struct member_list {
	struct mgm_member_info *v;
	size_t n, cap;
	bool have_grp;		/* only entries of this group */
	union mgm_addr grp;
};

static void free_members(struct member_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].oifs);
	l->n = 0;
}

/* Interfaces in (ifindex, next hop) order, as forwarding entries list them. */
static int oif_cmp(const void *a, const void *b)
{
	const struct mgm_member_oif *x = a, *y = b;

	if (x->ifc.ifindex != y->ifc.ifindex)
		return x->ifc.ifindex < y->ifc.ifindex ? -1 : 1;
	return memcmp(&x->ifc.nexthop, &y->ifc.nexthop, sizeof(x->ifc.nexthop));
}

static int collect(const struct mgm_member_info *info, void *arg)
{
	struct member_list *l = arg;
	struct mgm_member_info *m, *v;

	if (l->have_grp &&
	    (info->sg.grp_len != 32 ||
	     memcmp(&info->sg.grp.v4, &l->grp.v4, sizeof(l->grp.v4))))
		return 0;
	v = mgmctl_grow(l->v, &l->cap, l->n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	m = &l->v[l->n];
	*m = *info;
	m->oifs = NULL;
	if (info->n_oifs) {
		m->oifs = calloc(info->n_oifs, sizeof(*m->oifs));
		if (!m->oifs)
			return -ENOMEM;
		memcpy(m->oifs, info->oifs, info->n_oifs * sizeof(*m->oifs));
		qsort(m->oifs, info->n_oifs, sizeof(*m->oifs), oif_cmp);
	}
	l->n++;
	return 0;
}

/* The protocol ids of the components, from the protocol table. */
struct proto_map {
	struct mgm_protocol_info *v;
	size_t n, cap;
};

static int collect_proto(const struct mgm_protocol_info *info, void *arg)
{
	struct proto_map *pm = arg;
	struct mgm_protocol_info *v;

	v = mgmctl_grow(pm->v, &pm->cap, pm->n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	pm->v = v;
	pm->v[pm->n++] = *info;
	return 0;
}

static const struct mgm_protocol_info *
find_proto(const struct proto_map *pm, mgm_handle_t handle)
{
	size_t i;

	for (i = 0; i < pm->n; i++)
		if (pm->v[i].handle == handle)
			return &pm->v[i];
	return NULL;
}

static void print_sg_text(const struct mgm_sg *sg)
{
	char src[INET6_ADDRSTRLEN], grp[INET6_ADDRSTRLEN];

	printf("(%s, %s)",
	       sg->src_len ? mgmctl_addr(sg->family, &sg->src, src) : "*",
	       sg->grp_len ? mgmctl_addr(sg->family, &sg->grp, grp) : "*");
}

static void print_text(const struct mgm_member_info *m,
		       const struct proto_map *pm, bool any_source)
{
	const struct mgm_protocol_info *p;
	char name[IF_NAMESIZE], addr[INET6_ADDRSTRLEN];
	const struct mgm_member_oif *o;
	const char *pname;
	unsigned int i;

	print_sg_text(&m->sg);
	if (any_source) {
		putchar('\n');
		return;
	}
	printf(" oifs");
	for (i = 0; i < m->n_oifs; i++) {
		o = &m->oifs[i];
		mgmctl_ifname(o->ifname, o->ifc.ifindex, name);
		printf("%s %s", i ? "," : "", name);
		if (!mgmctl_addr_is_zero(&o->ifc.nexthop))
			printf(" nexthop %s",
			       mgmctl_addr(m->sg.family, &o->ifc.nexthop, addr));
		printf(" (component %llu", (unsigned long long)o->component);
		p = find_proto(pm, o->component);
		if (p) {
			printf(" proto %u", p->proto_id);
			pname = mgmctl_proto_name(p->proto_id);
			if (pname)
				printf(" (%s)", pname);
		}
		printf(" by %s%s%s)",
		       o->by & MGM_OIF_BY_OWNER ? "owner" : "",
		       (o->by & MGM_OIF_BY_OWNER) && (o->by & MGM_OIF_BY_IGMP) ?
		       "+" : "",
		       o->by & MGM_OIF_BY_IGMP ? "igmp" : "");
	}
	putchar('\n');
}

static void print_json(struct json_writer *jw, const struct mgm_member_info *m,
		       const struct proto_map *pm, bool any_source)
{
	char addr[INET6_ADDRSTRLEN];
	const struct mgm_protocol_info *p;
	const struct mgm_member_oif *o;
	unsigned int i;

	jw_start_object(jw);
	jw_string(jw, "src", mgmctl_addr(m->sg.family, &m->sg.src, addr));
	jw_uint(jw, "src_len", m->sg.src_len);
	jw_string(jw, "grp", mgmctl_addr(m->sg.family, &m->sg.grp, addr));
	jw_uint(jw, "grp_len", m->sg.grp_len);
	if (any_source) {
		jw_end_object(jw);
		return;
	}
	jw_start_array_member(jw, "oifs");
	for (i = 0; i < m->n_oifs; i++) {
		o = &m->oifs[i];
		jw_start_object(jw);
		mgmctl_jw_if(jw, "ifname", "ifindex", o->ifname, o->ifc.ifindex);
		if (!mgmctl_addr_is_zero(&o->ifc.nexthop))
			jw_string(jw, "nexthop",
				  mgmctl_addr(m->sg.family, &o->ifc.nexthop,
					      addr));
		jw_uint(jw, "component", o->component);
		p = find_proto(pm, o->component);
		if (p)
			jw_uint(jw, "proto", p->proto_id);
		jw_start_array_member(jw, "by");
		if (o->by & MGM_OIF_BY_OWNER)
			jw_string(jw, NULL, "owner");
		if (o->by & MGM_OIF_BY_IGMP)
			jw_string(jw, NULL, "igmp");
		jw_end_array(jw);
		jw_end_object(jw);
	}
	jw_end_array(jw);
	jw_end_object(jw);
}

static int group_show(struct mgmctl *ctl, int argc, char **argv)
{
	int type = MGM_ENUM_TYPE_ALL_SOURCES;
	struct member_list l = { };
	struct proto_map pm = { };
	bool have_type = false;
	struct json_writer *jw;
	bool any_source;
	int tries = 0;
	size_t i;
	int ret;

	while (argc > 0) {
		if (matches(argv[0], "any-source") &&
		    matches(argv[0], "all-sources")) {
			return mgmctl_usage_error("group show: \"%s\" is ambiguous",
						  argv[0]);
		} else if (matches(argv[0], "any-source") ||
			   matches(argv[0], "all-sources")) {
			if (mgmctl_twice(&have_type, "group show",
					 "all-sources or any-source"))
				return EXIT_USAGE;
			type = matches(argv[0], "any-source") ?
			       MGM_ENUM_TYPE_ANY_SOURCE : MGM_ENUM_TYPE_ALL_SOURCES;
		} else if (matches(argv[0], "group")) {
			if (argc < 2)
				return mgmctl_usage_error("group show: group needs an address");
			if (mgmctl_twice(&l.have_grp, "group show", "group"))
				return EXIT_USAGE;
			if (!mgmctl_parse_addr(argv[1], &l.grp))
				return mgmctl_usage_error("group show: bad group address \"%s\"",
							  argv[1]);
			argc--;
			argv++;
		} else {
			return mgmctl_usage_error("group show: unexpected argument \"%s\"",
						  argv[0]);
		}
		argc--;
		argv++;
	}
	any_source = type == MGM_ENUM_TYPE_ANY_SOURCE;
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	do {
		free_members(&l);
		ret = mgm_member_dump(ctl->sess, type, NULL, collect, &l);
	} while (ret == -EAGAIN && ++tries < MGMCTL_DUMP_TRIES);
	if (ret) {
		mgmctl_error(ctl, "cannot list memberships", ret);
		goto out;
	}
	/* Optional: without it the components show without protocol ids. */
	if (!any_source && l.n) {
		tries = 0;
		do {
			pm.n = 0;
			ret = mgm_protocol_dump(ctl->sess, collect_proto, &pm);
		} while (ret == -EAGAIN && ++tries < MGMCTL_DUMP_TRIES);
		if (ret)
			pm.n = 0;
	}

	ret = 0;
	if (ctl->json) {
		jw = mgmctl_json(ctl);
		if (!jw) {
			ret = -ENOMEM;
			goto out;
		}
		jw_start_array(jw);
		for (i = 0; i < l.n; i++)
			print_json(jw, &l.v[i], &pm, any_source);
		jw_end_array(jw);
		jw_destroy(jw);
	} else {
		for (i = 0; i < l.n; i++)
			print_text(&l.v[i], &pm, any_source);
	}
out:
	free_members(&l);
	free(l.v);
	free(pm.v);
	return ret ? EXIT_ERROR : EXIT_OK;
}

int do_group(struct mgmctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return group_show(ctl, argc ? argc - 1 : 0, argv + 1);
	if (matches(argv[0], "help")) {
		printf("Usage: mgmctl group show [all-sources | any-source] [group GROUP]\n");
		return EXIT_OK;
	}
	return mgmctl_usage_error("group: unknown command \"%s\"", argv[0]);
}
