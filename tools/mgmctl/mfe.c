// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl mfe: the multicast forwarding entries, with their counters, and
 * the changes an operator may make to one (mfe set).
 * JSON field names follow "ip -j -s mroute" where there is an equivalent.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mgmctl.h"

struct mfe_filter {
	bool have_src, have_grp;
	union mgm_addr src, grp;
	uint32_t iif;		/* 0: any */
};

struct mfe_list {
	struct mgm_mfe_info *v;
	size_t n, cap;
	const struct mfe_filter *filter;
};

static bool same_addr4(const union mgm_addr *a, const union mgm_addr *b)
{
	return a->v4.s_addr == b->v4.s_addr;
}

static bool wanted(const struct mfe_filter *f, const struct mgm_mfe_info *m)
{
	return (!f->have_src || same_addr4(&m->sg.src, &f->src)) &&
	       (!f->have_grp || same_addr4(&m->sg.grp, &f->grp)) &&
	       (!f->iif || m->iif.ifindex == f->iif);
}

static void free_mfes(struct mfe_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].oifs);
	l->n = 0;
}

static int collect(const struct mgm_mfe_info *info, void *arg)
{
	struct mfe_list *l = arg;
	struct mgm_mfe_info *m, *v;

	if (!wanted(l->filter, info))
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
	}
	l->n++;
	return 0;
}

static void print_text(const struct mgmctl *ctl, const struct mgm_mfe_info *m)
{
	const char *pname = mgmctl_proto_name(m->iif_proto_id);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	const struct mgm_mfe_stats *st = &m->stats;
	uint8_t fam = m->sg.family;
	char name[IF_NAMESIZE];
	unsigned int i;

	printf("(%s, %s)", mgmctl_addr(fam, &m->sg.src, a),
	       mgmctl_addr(fam, &m->sg.grp, b));
	mgmctl_ifname(NULL, m->iif.ifindex, name);
	printf(" iif %s", name);
	if (!mgmctl_addr_is_zero(&m->iif.nexthop))
		printf(" nexthop %s", mgmctl_addr(fam, &m->iif.nexthop, a));
	printf(" proto %u", m->iif_proto_id);
	if (pname)
		printf(" (%s)", pname);
	if (!mgmctl_addr_is_zero(&m->upstream))
		printf(" upstream %s", mgmctl_addr(fam, &m->upstream, a));
	if (m->route.dst_len || m->route.ifindex) {
		printf(" route %s/%u", mgmctl_addr(fam, &m->route.dst, a),
		       m->route.dst_len);
		if (!mgmctl_addr_is_zero(&m->route.gateway))
			printf(" via %s", mgmctl_addr(fam, &m->route.gateway, a));
	}
	printf(" oifs");
	if (!m->n_oifs)
		printf(" (none: negative)");
	for (i = 0; i < m->n_oifs; i++) {
		mgmctl_ifname(m->oifs[i].ifname, m->oifs[i].ifc.ifindex, name);
		printf("%s %s", i ? "," : "", name);
		if (!mgmctl_addr_is_zero(&m->oifs[i].ifc.nexthop))
			printf(" nexthop %s",
			       mgmctl_addr(fam, &m->oifs[i].ifc.nexthop, a));
	}
	printf(" uptime %llus", (unsigned long long)(m->uptime_ms / 1000));
	if (m->timeout)
		printf(" expires %llus timeout %us",
		       (unsigned long long)((m->expires_ms + 999) / 1000),
		       m->timeout);
	else
		printf(" expires never");
	if (m->last_use_ms >= 0)
		printf(" lastuse %llus",
		       (unsigned long long)(m->last_use_ms / 1000));
	putchar('\n');
	if (!ctl->stats)
		return;

	printf("    packets %llu bytes %llu wrong_if %llu queue_overflow %llu",
	       (unsigned long long)st->in_packets,
	       (unsigned long long)st->in_bytes,
	       (unsigned long long)st->different_if,
	       (unsigned long long)st->queue_overflow);
	printf(" uninit %llu negative %llu in_discards %llu hdr_errors %llu out_packets %llu\n",
	       (unsigned long long)st->uninit,
	       (unsigned long long)st->negative,
	       (unsigned long long)st->in_discards,
	       (unsigned long long)st->hdr_errors,
	       (unsigned long long)st->out_packets);
	for (i = 0; i < m->n_oifs; i++) {
		mgmctl_ifname(m->oifs[i].ifname, m->oifs[i].ifc.ifindex, name);
		printf("    oif %s packets %llu discards %llu ttl_too_low %llu frag_needed %llu\n",
		       name, (unsigned long long)m->oifs[i].packets,
		       (unsigned long long)m->oifs[i].discards,
		       (unsigned long long)m->oifs[i].ttl_too_low,
		       (unsigned long long)m->oifs[i].frag_needed);
	}
}

static void print_json(const struct mgmctl *ctl, struct json_writer *jw,
		       const struct mgm_mfe_info *m)
{
	const char *pname = mgmctl_proto_name(m->iif_proto_id);
	const struct mgm_mfe_stats *st = &m->stats;
	const struct mgm_mfe_oif *o;
	uint8_t fam = m->sg.family;
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	jw_start_object(jw);
	jw_string(jw, "src", mgmctl_addr(fam, &m->sg.src, a));
	jw_string(jw, "grp", mgmctl_addr(fam, &m->sg.grp, a));
	mgmctl_jw_if(jw, "iif", "iif_index", NULL, m->iif.ifindex);
	if (!mgmctl_addr_is_zero(&m->iif.nexthop))
		jw_string(jw, "iif_nexthop",
			  mgmctl_addr(fam, &m->iif.nexthop, a));
	jw_uint(jw, "iif_proto", m->iif_proto_id);
	if (pname)
		jw_string(jw, "iif_proto_name", pname);
	jw_string(jw, "upstream", mgmctl_addr(fam, &m->upstream, a));
	if (m->route.dst_len || m->route.ifindex)
		mgmctl_jw_route(jw, fam, &m->route);
	jw_start_array_member(jw, "oifs");
	for (i = 0; i < m->n_oifs; i++) {
		o = &m->oifs[i];
		jw_start_object(jw);
		mgmctl_jw_if(jw, "ifname", "ifindex", o->ifname, o->ifc.ifindex);
		if (!mgmctl_addr_is_zero(&o->ifc.nexthop))
			jw_string(jw, "nexthop",
				  mgmctl_addr(fam, &o->ifc.nexthop, a));
		if (ctl->stats) {
			jw_uint(jw, "packets", o->packets);
			jw_uint(jw, "discards", o->discards);
			jw_uint(jw, "ttl_too_low", o->ttl_too_low);
			jw_uint(jw, "frag_needed", o->frag_needed);
		}
		jw_end_object(jw);
	}
	jw_end_array(jw);
	jw_string(jw, "state", m->n_oifs ? "forwarding" : "negative");
	jw_msecs(jw, "uptime", m->uptime_ms);
	if (m->timeout)
		jw_msecs(jw, "expires", m->expires_ms);
	jw_uint(jw, "timeout", m->timeout);
	if (m->last_use_ms >= 0)
		jw_msecs(jw, "last_use", (uint64_t)m->last_use_ms);
	if (ctl->stats) {
		jw_uint(jw, "packets", st->in_packets);
		jw_uint(jw, "bytes", st->in_bytes);
		jw_uint(jw, "wrong_if", st->different_if);
		jw_uint(jw, "queue_overflow", st->queue_overflow);
		jw_uint(jw, "uninit", st->uninit);
		jw_uint(jw, "negative", st->negative);
		jw_uint(jw, "in_discards", st->in_discards);
		jw_uint(jw, "hdr_errors", st->hdr_errors);
		jw_uint(jw, "out_packets", st->out_packets);
	}
	jw_end_object(jw);
}

static int print_list(struct mgmctl *ctl, const struct mgm_mfe_info *v,
		      size_t n, bool array)
{
	struct json_writer *jw;
	size_t i;

	if (!ctl->json) {
		for (i = 0; i < n; i++)
			print_text(ctl, &v[i]);
		return EXIT_OK;
	}
	jw = mgmctl_json(ctl);
	if (!jw)
		return EXIT_ERROR;
	if (array)
		jw_start_array(jw);
	for (i = 0; i < n; i++)
		print_json(ctl, jw, &v[i]);
	if (array)
		jw_end_array(jw);
	jw_destroy(jw);
	return EXIT_OK;
}

static int mfe_show(struct mgmctl *ctl, int argc, char **argv)
{
	struct mfe_filter f = { };
	struct mfe_list l = { .filter = &f };
	bool have_iif = false;
	int tries = 0;
	int ret;

	while (argc > 0) {
		/* An unknown keyword is one, with or without a value after it. */
		if (!matches(argv[0], "group") && !matches(argv[0], "source") &&
		    !matches(argv[0], "iif"))
			return mgmctl_usage_error("mfe show: unexpected argument \"%s\"",
						  argv[0]);
		if (argc < 2)
			return mgmctl_usage_error("mfe show: \"%s\" needs a value",
						  argv[0]);
		if (matches(argv[0], "group")) {
			if (mgmctl_twice(&f.have_grp, "mfe show", "group"))
				return EXIT_USAGE;
			if (!mgmctl_parse_addr(argv[1], &f.grp))
				return mgmctl_usage_error("mfe show: bad group address \"%s\"",
							  argv[1]);
		} else if (matches(argv[0], "source")) {
			if (mgmctl_twice(&f.have_src, "mfe show", "source"))
				return EXIT_USAGE;
			if (!mgmctl_parse_addr(argv[1], &f.src))
				return mgmctl_usage_error("mfe show: bad source address \"%s\"",
							  argv[1]);
		} else {
			if (mgmctl_twice(&have_iif, "mfe show", "iif"))
				return EXIT_USAGE;
			if (!mgmctl_parse_if(argv[1], &f.iif))
				return mgmctl_usage_error("cannot find device \"%s\"",
							  argv[1]);
		}
		argc -= 2;
		argv += 2;
	}
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	do {
		free_mfes(&l);
		ret = mgm_mfe_dump(ctl->sess, NULL, collect, &l);
	} while (ret == -EAGAIN && ++tries < MGMCTL_DUMP_TRIES);
	if (ret) {
		mgmctl_error(ctl, "cannot list forwarding entries", ret);
		ret = EXIT_ERROR;
	} else {
		ret = print_list(ctl, l.v, l.n, true);
	}
	free_mfes(&l);
	free(l.v);
	return ret;
}

static int mfe_get(struct mgmctl *ctl, int argc, char **argv)
{
	struct mgm_mfe_info *info;
	union mgm_addr src, grp;
	struct mgm_sg sg;
	int ret;

	if (argc != 2)
		return mgmctl_usage_error("mfe get: expected SOURCE GROUP");
	if (!mgmctl_parse_addr(argv[0], &src))
		return mgmctl_usage_error("mfe get: bad source address \"%s\"",
					  argv[0]);
	if (!mgmctl_parse_addr(argv[1], &grp))
		return mgmctl_usage_error("mfe get: bad group address \"%s\"",
					  argv[1]);
	sg = mgm_sg4(src.v4.s_addr, 32, grp.v4.s_addr, 32);
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	ret = mgm_mfe_get(ctl->sess, &sg, &info);
	if (ret) {
		mgmctl_error(ctl, "cannot get the forwarding entry", ret);
		return EXIT_ERROR;
	}
	ret = print_list(ctl, info, 1, false);
	mgm_mfe_free(info);
	return ret;
}

/*
 * The protocol instance mgmctl registers for the duration of an mfe-set
 * request: the kernel takes mfe-set only with the handle of a protocol
 * registered on the requesting socket.  Protocol id 0 is no routing
 * protocol of routprot.h; the component id is the process id, the next
 * ones if that pair is taken.  It owns nothing and wants no events, so
 * its coming and going changes nothing but the handle counter.
 */
#define MGMCTL_PROTO_ID		0
#define MGMCTL_REGISTER_TRIES	8

static int mfe_set(struct mgmctl *ctl, int argc, char **argv)
{
	static const char *what = "cannot change the forwarding entry";
	bool have_up = false, have_timeout = false;
	union mgm_addr src, grp, up;
	char kmsg[256] = "";
	mgm_handle_t handle;
	struct mgm_sg sg;
	uint32_t timeout;
	const char *k;
	int ret, i;

	if (argc < 2)
		return mgmctl_usage_error("mfe set: expected SOURCE GROUP [timeout SECS] [upstream ADDRESS]");
	if (!mgmctl_parse_addr(argv[0], &src))
		return mgmctl_usage_error("mfe set: bad source address \"%s\"",
					  argv[0]);
	if (!mgmctl_parse_addr(argv[1], &grp))
		return mgmctl_usage_error("mfe set: bad group address \"%s\"",
					  argv[1]);
	for (argc -= 2, argv += 2; argc > 0; argc -= 2, argv += 2) {
		if (matches(argv[0], "timeout")) {
			if (argc < 2)
				return mgmctl_usage_error("mfe set: \"%s\" needs a value",
							  argv[0]);
			if (mgmctl_twice(&have_timeout, "mfe set", "timeout"))
				return EXIT_USAGE;
			if (!mgmctl_parse_u32(argv[1], &timeout))
				return mgmctl_usage_error("mfe set: bad timeout \"%s\"",
							  argv[1]);
		} else if (matches(argv[0], "upstream")) {
			if (argc < 2)
				return mgmctl_usage_error("mfe set: \"%s\" needs a value",
							  argv[0]);
			if (mgmctl_twice(&have_up, "mfe set", "upstream"))
				return EXIT_USAGE;
			if (!mgmctl_parse_addr(argv[1], &up))
				return mgmctl_usage_error("mfe set: bad upstream address \"%s\"",
							  argv[1]);
		} else {
			return mgmctl_usage_error("mfe set: unexpected argument \"%s\"",
						  argv[0]);
		}
	}
	if (!have_up && !have_timeout)
		return mgmctl_usage_error("mfe set: nothing to change (timeout SECS, upstream ADDRESS)");
	sg = mgm_sg4(src.v4.s_addr, 32, grp.v4.s_addr, 32);
	if (mgmctl_session(ctl))
		return EXIT_ERROR;

	for (i = 0; i < MGMCTL_REGISTER_TRIES; i++) {
		ret = mgm_protocol_register(ctl->sess, MGMCTL_PROTO_ID,
					    (uint32_t)getpid() + i, &handle);
		if (ret != -EEXIST)
			break;
	}
	if (ret) {
		mgmctl_error(ctl, what, ret);
		return EXIT_ERROR;
	}
	ret = mgm_mfe_set(ctl->sess, handle, &sg, have_up ? &up : NULL,
			  have_timeout ? &timeout : NULL);
	/* The deregistration's answer replaces the message: keep it. */
	k = mgm_last_error(ctl->sess);
	if (k)
		snprintf(kmsg, sizeof(kmsg), "%s", k);
	/* If this fails, closing the session deregisters it. */
	mgm_protocol_deregister(ctl->sess, handle);
	if (ret) {
		mgmctl_error_msg(what, ret, *kmsg ? kmsg : NULL);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int do_mfe(struct mgmctl *ctl, int argc, char **argv)
{
	if (argc < 1 || matches(argv[0], "show") || matches(argv[0], "list"))
		return mfe_show(ctl, argc ? argc - 1 : 0, argv + 1);
	if (matches(argv[0], "get"))
		return mfe_get(ctl, argc - 1, argv + 1);
	if (matches(argv[0], "set"))
		return mfe_set(ctl, argc - 1, argv + 1);
	if (matches(argv[0], "help")) {
		printf("Usage: mgmctl [-s] mfe show [group GROUP] [source SOURCE] [iif IF]\n"
		       "       mgmctl [-s] mfe get SOURCE GROUP\n"
		       "       mgmctl mfe set SOURCE GROUP [timeout SECS] [upstream ADDRESS]\n"
		       "IF := interface name or index\n"
		       "SECS := lifetime in seconds, restarted now (0: never ages)\n");
		return EXIT_OK;
	}
	return mgmctl_usage_error("mfe: unknown command \"%s\"", argv[0]);
}
