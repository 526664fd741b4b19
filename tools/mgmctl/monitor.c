// SPDX-License-Identifier: GPL-2.0
/*
 * mgmctl monitor: the events of the network namespace as they happen,
 * from the family's read-only "monitor" multicast group.  One line per
 * event, in generation order; with -j one JSON object per line.
 */

#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mgm.h>

#include "mgmctl.h"

/* The event names, as in the netlink spec, by MGM_CMD_*. */
static const char *const event_names[MGM_CMD_MAX + 1] = {
	[MGM_CMD_RPF_REQ]	= "rpf-req",
	[MGM_CMD_CREATION_REQ]	= "creation-req",
	[MGM_CMD_JOIN_ALERT]	= "join-alert",
	[MGM_CMD_PRUNE_ALERT]	= "prune-alert",
	[MGM_CMD_LOCAL_JOIN]	= "local-join",
	[MGM_CMD_LOCAL_LEAVE]	= "local-leave",
	[MGM_CMD_WRONG_IF]	= "wrong-if",
	[MGM_CMD_DISABLE_IGMP]	= "disable-igmp",
	[MGM_CMD_ENABLE_IGMP]	= "enable-igmp",
	[MGM_CMD_IF_GONE]	= "if-gone",
	[MGM_CMD_OVERFLOW]	= "overflow",
};

/* An interface name last seen for an index: gone devices keep theirs. */
struct if_seen {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
};

struct monitor {
	struct mgmctl *ctl;
	uint64_t types;		/* bit per MGM_CMD_* wanted; 0: all */
	unsigned long count;	/* stop after this many; 0: never */
	unsigned long shown;
	struct if_seen *seen;
	size_t n_seen, cap_seen;
	int err;		/* output failed */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void remember_if(struct monitor *m, uint32_t ifindex, const char *name)
{
	struct if_seen *v;
	size_t i;

	for (i = 0; i < m->n_seen; i++) {
		if (m->seen[i].ifindex == ifindex) {
			snprintf(m->seen[i].name, IF_NAMESIZE, "%s", name);
			return;
		}
	}
	v = mgmctl_grow(m->seen, &m->cap_seen, m->n_seen, sizeof(*v));
	if (!v)
		return;		/* only a name less to show */
	m->seen = v;
	m->seen[m->n_seen].ifindex = ifindex;
	snprintf(m->seen[m->n_seen].name, IF_NAMESIZE, "%s", name);
	m->n_seen++;
}

/* Every interface of the namespace now, so that if-gone can name its own. */
static void remember_all(struct monitor *m)
{
	struct if_nameindex *ifs, *p;

	ifs = if_nameindex();
	if (!ifs)
		return;
	for (p = ifs; p->if_index; p++)
		remember_if(m, p->if_index, p->if_name);
	if_freenameindex(ifs);
}

/*
 * The name of @ifindex: the current one, else the last one seen (a device
 * that went away), else NULL.
 */
static const char *if_name(struct monitor *m, uint32_t ifindex,
			   char buf[IF_NAMESIZE])
{
	size_t i;

	if (!ifindex)
		return NULL;
	if (if_indextoname(ifindex, buf)) {
		remember_if(m, ifindex, buf);
		return buf;
	}
	for (i = 0; i < m->n_seen; i++) {
		if (m->seen[i].ifindex == ifindex) {
			snprintf(buf, IF_NAMESIZE, "%s", m->seen[i].name);
			return buf;
		}
	}
	return NULL;
}

/* " KEY NAME" or " KEY INDEX", then " nexthop A" when there is one. */
static void text_if(struct monitor *m, const char *key, uint8_t fam,
		    const struct mgm_if *ifc)
{
	char name[IF_NAMESIZE], a[INET6_ADDRSTRLEN];

	if (if_name(m, ifc->ifindex, name))
		printf(" %s %s", key, name);
	else
		printf(" %s %u", key, ifc->ifindex);
	if (!mgmctl_addr_is_zero(&ifc->nexthop))
		printf(" nexthop %s", mgmctl_addr(fam, &ifc->nexthop, a));
}

static void text_sg(const struct mgm_sg *sg)
{
	char src[INET6_ADDRSTRLEN], grp[INET6_ADDRSTRLEN];

	printf(" (%s, %s)",
	       sg->src_len ? mgmctl_addr(sg->family, &sg->src, src) : "*",
	       sg->grp_len ? mgmctl_addr(sg->family, &sg->grp, grp) : "*");
}

static void text_route(struct monitor *m, uint8_t fam,
		       const struct mgm_route *rt)
{
	char a[INET6_ADDRSTRLEN], name[IF_NAMESIZE];

	printf(" route %s/%u", mgmctl_addr(fam, &rt->dst, a), rt->dst_len);
	if (!mgmctl_addr_is_zero(&rt->gateway))
		printf(" via %s", mgmctl_addr(fam, &rt->gateway, a));
	if (if_name(m, rt->ifindex, name))
		printf(" dev %s", name);
	else
		printf(" dev %u", rt->ifindex);
	printf(" proto %u table %u metric %u", rt->proto_id, rt->table,
	       rt->metric);
}

static bool has_route(const struct mgm_route *rt)
{
	return rt->dst_len || rt->ifindex;
}

static void print_text(struct monitor *m, const struct mgm_event *ev)
{
	char a[INET6_ADDRSTRLEN], name[IF_NAMESIZE];
	uint8_t fam = ev->sg.family;
	struct mgm_if arrival = { .ifindex = ev->arrival_ifindex };
	unsigned int i;

	printf("%s seq %llu handle %llu", event_names[ev->type],
	       (unsigned long long)ev->seq, (unsigned long long)ev->handle);
	if (ev->req_id)
		printf(" req %llu", (unsigned long long)ev->req_id);

	switch (ev->type) {
	case MGM_CMD_RPF_REQ:
		text_sg(&ev->sg);
		text_if(m, "arrival", fam, &arrival);
		text_if(m, "iif", fam, &ev->iif);
		if (!mgmctl_addr_is_zero(&ev->upstream))
			printf(" upstream %s",
			       mgmctl_addr(fam, &ev->upstream, a));
		if (has_route(&ev->route))
			text_route(m, fam, &ev->route);
		break;
	case MGM_CMD_CREATION_REQ:
		text_sg(&ev->sg);
		text_if(m, "iif", fam, &ev->iif);
		printf(" oifs");
		for (i = 0; i < ev->n_oifs; i++) {
			if (i)
				putchar(',');
			if (if_name(m, ev->oifs[i].ifc.ifindex, name))
				printf(" %s", name);
			else
				printf(" %u", ev->oifs[i].ifc.ifindex);
			if (!mgmctl_addr_is_zero(&ev->oifs[i].ifc.nexthop))
				printf(" nexthop %s",
				       mgmctl_addr(fam, &ev->oifs[i].ifc.nexthop,
						   a));
			if (ev->oifs[i].igmp)
				printf(" igmp");
		}
		break;
	case MGM_CMD_JOIN_ALERT:
		text_sg(&ev->sg);
		printf(" member-update %d", ev->member_update);
		break;
	case MGM_CMD_PRUNE_ALERT:
		text_sg(&ev->sg);
		if (ev->ifc.ifindex)
			text_if(m, "dev", fam, &ev->ifc);
		printf(" member-update %d timeout %u", ev->member_update,
		       ev->timeout);
		break;
	case MGM_CMD_LOCAL_JOIN:
	case MGM_CMD_LOCAL_LEAVE:
	case MGM_CMD_WRONG_IF:
		text_sg(&ev->sg);
		text_if(m, "dev", fam, &ev->ifc);
		break;
	case MGM_CMD_DISABLE_IGMP:
	case MGM_CMD_ENABLE_IGMP:
	case MGM_CMD_IF_GONE:
		text_if(m, "dev", fam, &ev->ifc);
		break;
	case MGM_CMD_OVERFLOW:
		printf(" dropped %u", ev->dropped);
		break;
	}
	if (ev->hdr_len)
		printf(" header-len %zu", ev->hdr_len);
	putchar('\n');
}

/* "ifname" (when known) and "ifindex", then "nexthop" when non-zero. */
static void json_if(struct monitor *m, struct json_writer *jw,
		    const char *name_key, const char *index_key,
		    const char *nh_key, uint8_t fam, const struct mgm_if *ifc)
{
	char name[IF_NAMESIZE], a[INET6_ADDRSTRLEN];

	if (if_name(m, ifc->ifindex, name))
		jw_string(jw, name_key, name);
	jw_uint(jw, index_key, ifc->ifindex);
	if (!mgmctl_addr_is_zero(&ifc->nexthop))
		jw_string(jw, nh_key, mgmctl_addr(fam, &ifc->nexthop, a));
}

static void json_sg(struct json_writer *jw, const struct mgm_sg *sg)
{
	char a[INET6_ADDRSTRLEN];

	jw_string(jw, "src", mgmctl_addr(sg->family, &sg->src, a));
	jw_uint(jw, "src_len", sg->src_len);
	jw_string(jw, "grp", mgmctl_addr(sg->family, &sg->grp, a));
	jw_uint(jw, "grp_len", sg->grp_len);
}

/* Bytes as a string of hex digits. */
static void json_hex(struct json_writer *jw, const char *key,
		     const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		return;
	for (i = 0; i < len; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * len] = '\0';
	jw_string(jw, key, s);
	free(s);
}

static void print_json(struct monitor *m, struct json_writer *jw,
		       const struct mgm_event *ev)
{
	struct mgm_if arrival = { .ifindex = ev->arrival_ifindex };
	const struct mgm_creation_oif *o;
	uint8_t fam = ev->sg.family;
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	jw_start_object(jw);
	jw_string(jw, "event", event_names[ev->type]);
	jw_uint(jw, "seq", ev->seq);
	jw_uint(jw, "handle", ev->handle);
	if (ev->req_id)
		jw_uint(jw, "req_id", ev->req_id);

	switch (ev->type) {
	case MGM_CMD_RPF_REQ:
		json_sg(jw, &ev->sg);
		json_if(m, jw, "arrival", "arrival_index", "arrival_nexthop",
			fam, &arrival);
		json_if(m, jw, "iif", "iif_index", "iif_nexthop", fam,
			&ev->iif);
		jw_string(jw, "upstream", mgmctl_addr(fam, &ev->upstream, a));
		if (has_route(&ev->route))
			mgmctl_jw_route(jw, fam, &ev->route);
		break;
	case MGM_CMD_CREATION_REQ:
		json_sg(jw, &ev->sg);
		json_if(m, jw, "iif", "iif_index", "iif_nexthop", fam,
			&ev->iif);
		jw_start_array_member(jw, "oifs");
		for (i = 0; i < ev->n_oifs; i++) {
			o = &ev->oifs[i];
			jw_start_object(jw);
			json_if(m, jw, "ifname", "ifindex", "nexthop", fam,
				&o->ifc);
			jw_bool(jw, "igmp", o->igmp);
			jw_end_object(jw);
		}
		jw_end_array(jw);
		break;
	case MGM_CMD_JOIN_ALERT:
		json_sg(jw, &ev->sg);
		jw_bool(jw, "member_update", ev->member_update);
		break;
	case MGM_CMD_PRUNE_ALERT:
		json_sg(jw, &ev->sg);
		if (ev->ifc.ifindex)
			json_if(m, jw, "ifname", "ifindex", "nexthop", fam,
				&ev->ifc);
		jw_bool(jw, "member_update", ev->member_update);
		jw_uint(jw, "timeout", ev->timeout);
		break;
	case MGM_CMD_LOCAL_JOIN:
	case MGM_CMD_LOCAL_LEAVE:
	case MGM_CMD_WRONG_IF:
		json_sg(jw, &ev->sg);
		json_if(m, jw, "ifname", "ifindex", "nexthop", fam, &ev->ifc);
		break;
	case MGM_CMD_DISABLE_IGMP:
	case MGM_CMD_ENABLE_IGMP:
	case MGM_CMD_IF_GONE:
		json_if(m, jw, "ifname", "ifindex", "nexthop", fam, &ev->ifc);
		break;
	case MGM_CMD_OVERFLOW:
		jw_uint(jw, "dropped", ev->dropped);
		break;
	}
	if (ev->hdr_len)
		json_hex(jw, "header", ev->hdr, ev->hdr_len);
	jw_end_object(jw);
}

/* The monitor's own socket overran: copies were lost. */
static void print_overrun(struct monitor *m)
{
	if (m->ctl->json)
		printf("{\"event\":\"overrun\"}\n");
	else
		printf("overrun: events were lost (the monitor socket was full)\n");
}

static int on_event(const struct mgm_event *ev, void *arg)
{
	struct monitor *m = arg;
	struct json_writer *jw;

	if (ev->type == MGM_CMD_OVERFLOW && !ev->handle) {
		print_overrun(m);
	} else {
		if (ev->type > MGM_CMD_MAX || !event_names[ev->type])
			return 0;	/* from a newer module */
		if (m->types && !(m->types & (1ull << ev->type)))
			return 0;
		if (m->ctl->json) {
			jw = mgmctl_json(m->ctl);
			if (!jw) {
				m->err = -ENOMEM;
				return 1;
			}
			print_json(m, jw, ev);
			jw_destroy(jw);
		} else {
			print_text(m, ev);
		}
		m->shown++;
	}
	/* Whoever reads the other end sees each event when it happens. */
	if (fflush(stdout) || ferror(stdout)) {
		m->err = -errno;
		return 1;
	}
	return m->count && m->shown >= m->count;
}

static int parse_args(struct monitor *m, int argc, char **argv)
{
	bool have_count = false, all = false;
	unsigned int t;
	uint32_t n;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "--count") || !strcmp(argv[0], "count")) {
			if (argc < 2)
				return mgmctl_usage_error("monitor: %s needs a number",
							  argv[0]);
			if (mgmctl_twice(&have_count, "monitor", "count"))
				return EXIT_USAGE;
			if (!mgmctl_parse_u32(argv[1], &n) || !n)
				return mgmctl_usage_error("monitor: bad count \"%s\"",
							  argv[1]);
			m->count = n;
			argc--;
			argv++;
			continue;
		}
		if (!strcmp(argv[0], "all")) {
			all = true;
			continue;
		}
		for (t = 0; t <= MGM_CMD_MAX; t++)
			if (event_names[t] && !strcmp(argv[0], event_names[t]))
				break;
		if (t > MGM_CMD_MAX)
			return mgmctl_usage_error("monitor: unknown event \"%s\"",
						  argv[0]);
		m->types |= 1ull << t;
	}
	/* "all" wins wherever it stands; no event named means all too. */
	if (all)
		m->types = 0;
	return 0;
}

/*
 * Signals are blocked but while waiting, so one that arrives between two
 * events ends the wait at once and none is missed.
 */
static int monitor_loop(struct monitor *m, const sigset_t *unblocked)
{
	struct mgmctl *ctl = m->ctl;
	struct pollfd pfd;
	int ret;

	pfd.fd = mgm_monitor_fd(ctl->sess);
	pfd.events = POLLIN;
	while (!stop) {
		ret = ppoll(&pfd, 1, NULL, unblocked);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			mgmctl_error(ctl, "monitor", -errno);
			return EXIT_ERROR;
		}
		ret = mgm_monitor_read(ctl->sess, 0, on_event, m);
		if (m->err) {
			mgmctl_error_msg("monitor: cannot write", m->err, NULL);
			return EXIT_ERROR;
		}
		if (ret < 0) {
			mgmctl_error(ctl, "monitor", ret);
			return EXIT_ERROR;
		}
		if (m->count && m->shown >= m->count)
			break;
	}
	return EXIT_OK;
}

int do_monitor(struct mgmctl *ctl, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct monitor m = { .ctl = ctl };
	sigset_t block, old;
	int ret;

	if (argc > 0 && matches(argv[0], "help")) {
		printf("Usage: mgmctl [-j [-p]] monitor [EVENT]... [--count N]\n"
		       "EVENT := { all | rpf-req | creation-req | join-alert | prune-alert |\n"
		       "           local-join | local-leave | wrong-if | disable-igmp |\n"
		       "           enable-igmp | if-gone | overflow }\n"
		       "Runs until SIGINT or SIGTERM, or until N events were shown.\n");
		return EXIT_OK;
	}
	ret = parse_args(&m, argc, argv);
	if (ret)
		return ret;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (mgmctl_session(ctl))
		return EXIT_ERROR;
	ret = mgm_monitor_start(ctl->sess);
	if (ret) {
		mgmctl_error(ctl, "cannot join the monitor group", ret);
		return EXIT_ERROR;
	}
	remember_all(&m);
	ret = monitor_loop(&m, &old);
	free(m.seen);
	return ret;
}
