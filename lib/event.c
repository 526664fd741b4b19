// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: events.  The kernel unicasts each protocol's events to the
 * event socket of the session that registered it; mgm_dispatch() reads
 * them, calls the protocol's callbacks and answers request events (rpf,
 * creation, prune with a request id) with cb-reply on the request socket.
 *
 * Re-entrancy: nothing of a dispatch lives in the session.  Each datagram
 * is read into a buffer of its own, the protocol's callbacks and argument
 * are copied before the call, and replies go through mgm_request() on the
 * request socket, so a callback may make any request on the session,
 * including registering and deregistering protocols.  It must not call
 * mgm_dispatch() or mgm_close() on it.
 *
 * The monitor (mgm_monitor_*()) reads the copies of every event of the
 * namespace from the "monitor" multicast group on a socket of its own.
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/socket.h>

#include "internal.h"

typedef void (*mgm_event_fn)(void *arg, const struct mgm_event *ev);

/* An event being dispatched, with what its decoding allocated. */
struct mgm_ev_ctx {
	struct mgm_event ev;
	struct mgm_creation_oif *offer;	/* creation: the kernel's offer */
	int has_route;			/* the event carried a route */
};

int mgm_event_fd(const struct mgm_session *sess)
{
	if (!sess)
		return -EINVAL;
	return nl_socket_get_fd(sess->ev_sk);
}

/* The interfaces offered by a creation request (MGM_A_OIF nests). */
static int mgm_ev_get_oifs(struct mgm_ev_ctx *c, struct nlmsghdr *nlh)
{
	struct nlattr *otb[MGM_A_OIF_MAX + 1];
	struct mgm_event *ev = &c->ev;
	struct mgm_creation_oif *oif;
	struct nlattr *pos;
	unsigned int n;
	int rem;

	n = mgm_count_attrs(nlh, MGM_A_OIF);
	if (!n)
		return 0;
	/* One array for the callback, one to keep the keys for the reply. */
	ev->oifs = calloc(2 * n, sizeof(*ev->oifs));
	if (!ev->oifs)
		return -ENOMEM;
	c->offer = ev->oifs + n;
	mgm_for_each_attr(pos, nlh, rem) {
		if (nla_type(pos) != MGM_A_OIF)
			continue;
		oif = &c->offer[ev->n_oifs];
		if (mgm_parse_oif(pos, otb) ||
		    mgm_get_if(otb, ev->sg.family, MGM_A_OIF_IFINDEX,
			       MGM_A_OIF_NEXTHOP, &oif->ifc))
			return -EPROTO;
		if (otb[MGM_A_OIF_IGMP])
			oif->igmp = !!nla_get_u8(otb[MGM_A_OIF_IGMP]);
		oif->enabled = otb[MGM_A_OIF_ENABLED] ?
			       !!nla_get_u8(otb[MGM_A_OIF_ENABLED]) : 1;
		ev->n_oifs++;
	}
	memcpy(ev->oifs, c->offer, ev->n_oifs * sizeof(*ev->oifs));
	return 0;
}

/**
 * mgm_ev_decode() - fill @c from one event message
 *
 * Return: 0; -EPROTO; -ENOMEM.  The caller frees @c->ev.oifs either way.
 */
static int mgm_ev_decode(struct nlattr **tb, struct nlmsghdr *nlh,
			 struct mgm_ev_ctx *c)
{
	struct mgm_event *ev = &c->ev;
	uint8_t family;

	memset(c, 0, sizeof(*c));
	ev->type = genlmsg_hdr(nlh)->cmd;
	ev->handle = nla_get_u64(tb[MGM_A_HANDLE]);
	if (tb[MGM_A_SEQ])
		ev->seq = nla_get_u64(tb[MGM_A_SEQ]);
	if (tb[MGM_A_REQ_ID])
		ev->req_id = nla_get_u64(tb[MGM_A_REQ_ID]);
	if (mgm_get_sg(tb, &ev->sg))
		return -EPROTO;
	family = ev->sg.family;

	/* In an RPF request the interface is the one the packet came in on. */
	if (ev->type == MGM_CMD_RPF_REQ) {
		if (tb[MGM_A_IFINDEX])
			ev->arrival_ifindex = nla_get_u32(tb[MGM_A_IFINDEX]);
	} else if (mgm_get_if(tb, family, MGM_A_IFINDEX, MGM_A_NEXTHOP,
			      &ev->ifc)) {
		return -EPROTO;
	}
	if (mgm_get_if(tb, family, MGM_A_IIF_IFINDEX, MGM_A_IIF_NEXTHOP,
		       &ev->iif) ||
	    mgm_get_addr(tb[MGM_A_UPSTREAM], family, &ev->upstream) ||
	    mgm_get_route(tb[MGM_A_ROUTE], family, &ev->route))
		return -EPROTO;
	c->has_route = !!tb[MGM_A_ROUTE];

	if (tb[MGM_A_MEMBER_UPDATE])
		ev->member_update = !!nla_get_u8(tb[MGM_A_MEMBER_UPDATE]);
	if (tb[MGM_A_TIMEOUT])
		ev->timeout = nla_get_u32(tb[MGM_A_TIMEOUT]);
	else if (ev->type == MGM_CMD_PRUNE_ALERT)
		ev->timeout = MGM_MFE_TIMEOUT_DEFAULT;
	if (tb[MGM_A_DROPPED])
		ev->dropped = nla_get_u32(tb[MGM_A_DROPPED]);
	if (tb[MGM_A_HEADER]) {
		ev->hdr = nla_data(tb[MGM_A_HEADER]);
		ev->hdr_len = nla_len(tb[MGM_A_HEADER]);
	}
	if (ev->type == MGM_CMD_CREATION_REQ)
		return mgm_ev_get_oifs(c, nlh);
	return 0;
}

/* A cb-reply to @ev, with HANDLE and REQ_ID; @size 0 for the default. */
static struct nl_msg *mgm_reply_new(struct mgm_session *sess,
				    const struct mgm_event *ev, size_t size)
{
	struct nl_msg *msg;

	msg = mgm_msg_new_size(sess, MGM_CMD_CB_REPLY, 0, size);
	if (!msg)
		return NULL;
	if (nla_put_u64(msg, MGM_A_HANDLE, ev->handle) ||
	    nla_put_u64(msg, MGM_A_REQ_ID, ev->req_id) ||
	    nla_put_u8(msg, MGM_A_FAMILY, ev->sg.family)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Send a reply.  Its failure does not stop dispatching: the kernel applies
 * its default when no valid reply comes in time, and -ENOENT just means
 * that has happened already (or the protocol deregistered meanwhile).
 */
static void mgm_reply_send(struct mgm_session *sess, struct nl_msg *msg)
{
	if (msg)
		mgm_request(sess, msg, NULL, NULL);
}

static int mgm_route_is_zero(const struct mgm_route *rt)
{
	static const union mgm_addr zero;

	return !memcmp(&rt->dst, &zero, sizeof(zero)) && !rt->dst_len &&
	       !memcmp(&rt->gateway, &zero, sizeof(zero)) && !rt->ifindex &&
	       !rt->proto_id && !rt->table && !rt->metric;
}

static void mgm_ev_rpf(struct mgm_session *sess,
		       const struct mgm_callbacks *cbs, void *arg,
		       const struct mgm_ev_ctx *c)
{
	const struct mgm_event *ev = &c->ev;
	struct mgm_rpf_answer answer;
	uint8_t family = ev->sg.family;
	struct nl_msg *msg;

	/* The proposal: a callback that changes nothing echoes it. */
	memset(&answer, 0, sizeof(answer));
	answer.iif = ev->iif;
	answer.upstream = ev->upstream;
	answer.route = ev->route;
	if (cbs->rpf)
		cbs->rpf(arg, ev, &answer);
	if (!ev->req_id)
		return;

	msg = mgm_reply_new(sess, ev, 0);
	if (!msg)
		return;
	if (mgm_put_if(msg, family, &answer.iif, MGM_A_IIF_IFINDEX,
		       MGM_A_IIF_NEXTHOP, 0) ||
	    mgm_put_addr(msg, MGM_A_UPSTREAM, family, &answer.upstream) ||
	    ((c->has_route || !mgm_route_is_zero(&answer.route)) &&
	     mgm_put_route(msg, family, &answer.route))) {
		nlmsg_free(msg);
		return;
	}
	mgm_reply_send(sess, msg);
}

static void mgm_ev_creation(struct mgm_session *sess,
			    const struct mgm_callbacks *cbs, void *arg,
			    const struct mgm_ev_ctx *c)
{
	const struct mgm_event *ev = &c->ev;
	uint8_t family = ev->sg.family;
	struct nlattr *nest;
	struct nl_msg *msg;
	unsigned int i;

	if (cbs->creation_alert)
		cbs->creation_alert(arg, ev, ev->oifs, ev->n_oifs);
	if (!ev->req_id)
		return;

	/* The offer's keys, with the callback's decisions. */
	msg = mgm_reply_new(sess, ev, 256 + 64 * (size_t)ev->n_oifs);
	if (!msg)
		return;
	for (i = 0; i < ev->n_oifs; i++) {
		nest = nla_nest_start(msg, MGM_A_OIF);
		if (!nest ||
		    mgm_put_if(msg, family, &c->offer[i].ifc,
			       MGM_A_OIF_IFINDEX, MGM_A_OIF_NEXTHOP, 0) ||
		    nla_put_u8(msg, MGM_A_OIF_ENABLED, !!ev->oifs[i].enabled)) {
			nlmsg_free(msg);
			return;
		}
		nla_nest_end(msg, nest);
	}
	mgm_reply_send(sess, msg);
}

static void mgm_ev_prune(struct mgm_session *sess,
			 const struct mgm_callbacks *cbs, void *arg,
			 const struct mgm_ev_ctx *c)
{
	const struct mgm_event *ev = &c->ev;
	uint32_t timeout = ev->timeout;
	struct nl_msg *msg;

	if (cbs->prune_alert)
		cbs->prune_alert(arg, ev, &timeout);
	if (!ev->req_id)
		return;
	msg = mgm_reply_new(sess, ev, 0);
	if (!msg)
		return;
	if (nla_put_u32(msg, MGM_A_TIMEOUT, timeout)) {
		nlmsg_free(msg);
		return;
	}
	mgm_reply_send(sess, msg);
}

/* The callback of a notification (an event that wants no reply). */
static mgm_event_fn mgm_ev_notify_fn(const struct mgm_callbacks *cbs,
				     uint8_t type, int *known)
{
	*known = 1;
	switch (type) {
	case MGM_CMD_JOIN_ALERT:
		return cbs->join_alert;
	case MGM_CMD_WRONG_IF:
		return cbs->wrong_if;
	case MGM_CMD_LOCAL_JOIN:
		return cbs->local_join;
	case MGM_CMD_LOCAL_LEAVE:
		return cbs->local_leave;
	case MGM_CMD_DISABLE_IGMP:
		return cbs->disable_igmp;
	case MGM_CMD_ENABLE_IGMP:
		return cbs->enable_igmp;
	case MGM_CMD_IF_GONE:
		return cbs->if_gone;
	case MGM_CMD_OVERFLOW:
		return cbs->overflow;
	default:
		*known = 0;
		return NULL;
	}
}

/*
 * Dispatch one message of the event socket.  Return: 1 if it was an event
 * for one of the session's protocols, else 0 (ignored).
 */
static int mgm_ev_handle(struct mgm_session *sess, struct nlmsghdr *nlh)
{
	struct nlattr *tb[MGM_A_MAX + 1];
	const struct mgm_proto_ent *ent;
	struct mgm_callbacks cbs;
	struct mgm_ev_ctx c;
	mgm_event_fn fn;
	int known = 1;
	void *arg;

	if (nlh->nlmsg_type != sess->family ||
	    genlmsg_parse(nlh, 0, tb, MGM_A_MAX, mgm_reply_policy) < 0 ||
	    !tb[MGM_A_HANDLE])
		return 0;
	ent = mgm_proto_find(sess, nla_get_u64(tb[MGM_A_HANDLE]));
	if (!ent)
		return 0;
	/* Copies: a callback may (de)register and move the table. */
	cbs = ent->cbs;
	arg = ent->arg;

	if (mgm_ev_decode(tb, nlh, &c)) {
		/* Unreadable: a request gets the kernel's default. */
		free(c.ev.oifs);
		return 0;
	}
	switch (c.ev.type) {
	case MGM_CMD_RPF_REQ:
		mgm_ev_rpf(sess, &cbs, arg, &c);
		break;
	case MGM_CMD_CREATION_REQ:
		mgm_ev_creation(sess, &cbs, arg, &c);
		break;
	case MGM_CMD_PRUNE_ALERT:
		mgm_ev_prune(sess, &cbs, arg, &c);
		break;
	default:
		fn = mgm_ev_notify_fn(&cbs, c.ev.type, &known);
		if (fn)
			fn(arg, &c.ev);
		break;
	}
	free(c.ev.oifs);
	return known;
}

/*
 * The event socket overran: events were lost for any of the session's
 * protocols, so each of them gets an overflow callback (dropped = 0).
 * Handles are taken first, as the callbacks may change the table.
 */
static int mgm_ev_overrun(struct mgm_session *sess)
{
	const struct mgm_proto_ent *ent;
	mgm_handle_t *handles;
	struct mgm_event ev;
	unsigned int i, n;
	mgm_event_fn fn;

	n = sess->n_protos;
	if (!n)
		return 0;
	handles = malloc(n * sizeof(*handles));
	if (!handles)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		handles[i] = sess->protos[i].handle;
	for (i = 0; i < n; i++) {
		ent = mgm_proto_find(sess, handles[i]);
		if (!ent || !ent->cbs.overflow)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.type = MGM_CMD_OVERFLOW;
		ev.handle = handles[i];
		ev.sg.family = AF_INET;
		fn = ent->cbs.overflow;
		fn(ent->arg, &ev);
	}
	free(handles);
	return 0;
}

/*
 * Read one datagram off an event or monitor socket, without waiting, into
 * a buffer of its own size (each call its own, so nothing is shared with
 * a re-entrant call).
 *
 * Return: its length, *bufp to free; -EAGAIN when nothing is queued;
 * -ENOBUFS when the socket overran; another negative errno.
 */
static ssize_t mgm_ev_recv(struct nl_sock *sk, void **bufp)
{
	int fd = nl_socket_get_fd(sk);
	struct sockaddr_nl addr;
	socklen_t alen;
	ssize_t len, got;
	void *buf;
	int err;

	for (;;) {
		len = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		buf = malloc(len ? len : 1);
		if (!buf)
			return -ENOMEM;
		alen = sizeof(addr);
		got = recvfrom(fd, buf, len, MSG_DONTWAIT,
			       (struct sockaddr *)&addr, &alen);
		if (got < 0) {
			err = errno;
			free(buf);
			if (err == EINTR)
				continue;
			return err == EWOULDBLOCK ? -EAGAIN : -err;
		}
		/* Only the kernel sends events. */
		if (alen < sizeof(addr) || addr.nl_family != AF_NETLINK ||
		    addr.nl_pid) {
			free(buf);
			continue;
		}
		*bufp = buf;
		return got;
	}
}

int mgm_dispatch(struct mgm_session *sess, int timeout_ms)
{
	struct nlmsghdr *nlh;
	struct pollfd pfd;
	void *buf = NULL;
	int n = 0, rem;
	ssize_t len;

	if (!sess)
		return -EINVAL;
	pfd.fd = nl_socket_get_fd(sess->ev_sk);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, timeout_ms) < 0)
		return -errno;

	/* Everything queued, in order, until the socket is empty. */
	for (;;) {
		len = mgm_ev_recv(sess->ev_sk, &buf);
		if (len == -EAGAIN)
			break;
		if (len == -ENOBUFS) {
			if (mgm_ev_overrun(sess) < 0)
				return n ? n : -ENOMEM;
			n++;
			continue;
		}
		if (len < 0)
			return n ? n : (int)len;
		nlh = buf;
		rem = len;
		for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem))
			n += mgm_ev_handle(sess, nlh);
		free(buf);
	}
	return n;
}

/*
 * The monitor: a third socket, subscribed to the family's read-only
 * "monitor" group, receives a copy of every event the kernel generates in
 * the namespace, whoever it is for.  Nothing is answered from here.
 */

/* Room for bursts: copies that do not fit are lost (an overrun). */
#define MGM_MONITOR_RCVBUF	(1 << 20)

int mgm_monitor_start(struct mgm_session *sess)
{
	struct nl_sock *sk;
	int grp, ret;

	if (!sess)
		return -EINVAL;
	if (sess->mon_sk)
		return 0;
	grp = genl_ctrl_resolve_grp(sess->sk, MGM_FAMILY_NAME,
				    MGM_MCGRP_MONITOR);
	if (grp < 0)
		return mgm_nlerr(grp);
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	nl_socket_disable_seq_check(sk);
	ret = nl_connect(sk, NETLINK_GENERIC);
	if (!ret)
		ret = nl_socket_set_nonblocking(sk);
	if (!ret)
		ret = nl_socket_add_membership(sk, grp);
	if (ret < 0) {
		nl_socket_free(sk);
		return mgm_nlerr(ret);
	}
	/* Best effort: the default stays if the limit is lower. */
	nl_socket_set_buffer_size(sk, MGM_MONITOR_RCVBUF, 0);
	sess->mon_sk = sk;
	return 0;
}

int mgm_monitor_fd(const struct mgm_session *sess)
{
	if (!sess || !sess->mon_sk)
		return -EINVAL;
	return nl_socket_get_fd(sess->mon_sk);
}

/*
 * Decode one monitor message and pass it to @cb.  Return: 1 if it was an
 * event (*@stop takes the callback's value), else 0.
 */
static int mgm_monitor_msg(struct mgm_session *sess, struct nlmsghdr *nlh,
			   mgm_monitor_cb cb, void *arg, int *stop)
{
	struct nlattr *tb[MGM_A_MAX + 1];
	struct mgm_ev_ctx c;

	if (nlh->nlmsg_type != sess->family ||
	    genlmsg_parse(nlh, 0, tb, MGM_A_MAX, mgm_reply_policy) < 0 ||
	    !tb[MGM_A_HANDLE])
		return 0;
	if (mgm_ev_decode(tb, nlh, &c)) {
		free(c.ev.oifs);
		return 0;
	}
	*stop = cb(&c.ev, arg);
	free(c.ev.oifs);
	return 1;
}

int mgm_monitor_read(struct mgm_session *sess, int timeout_ms,
		     mgm_monitor_cb cb, void *arg)
{
	struct mgm_event overrun;
	struct nlmsghdr *nlh;
	struct pollfd pfd;
	void *buf = NULL;
	int n = 0, rem, stop = 0;
	ssize_t len;

	if (!sess || !sess->mon_sk || !cb)
		return -EINVAL;
	pfd.fd = nl_socket_get_fd(sess->mon_sk);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, timeout_ms) < 0)
		return -errno;

	while (!stop) {
		len = mgm_ev_recv(sess->mon_sk, &buf);
		if (len == -EAGAIN)
			break;
		if (len == -ENOBUFS) {
			/* Copies were lost: say so in order, as an event. */
			memset(&overrun, 0, sizeof(overrun));
			overrun.type = MGM_CMD_OVERFLOW;
			overrun.sg.family = AF_INET;
			stop = cb(&overrun, arg);
			n++;
			continue;
		}
		if (len < 0)
			return n ? n : (int)len;
		nlh = buf;
		rem = len;
		for (; !stop && nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem))
			n += mgm_monitor_msg(sess, nlh, cb, arg, &stop);
		free(buf);
	}
	return n;
}
