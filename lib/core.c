// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: sessions, the request/response loop and extended-ACK decoding.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * What the kernel may put in a reply or an event; libnl checks types and
 * lengths.  Nests are parsed with their own policies where they are used.
 */
struct nla_policy mgm_reply_policy[MGM_A_MAX + 1] = {
	[MGM_A_HANDLE]		= { .type = NLA_U64 },
	[MGM_A_PROTO_ID]	= { .type = NLA_U32 },
	[MGM_A_COMPONENT_ID]	= { .type = NLA_U32 },
	[MGM_A_PORTID]		= { .type = NLA_U32 },
	[MGM_A_PID]		= { .type = NLA_U32 },
	[MGM_A_COMM]		= { .type = NLA_STRING },
	[MGM_A_CB_MASK]		= { .type = NLA_U32 },
	[MGM_A_EVENT_PORTID]	= { .type = NLA_U32 },
	[MGM_A_FAMILY]		= { .type = NLA_U8 },
	[MGM_A_IFINDEX]		= { .type = NLA_U32 },
	[MGM_A_NEXTHOP]		= MGM_ADDR_POLICY,
	[MGM_A_IFNAME]		= { .type = NLA_STRING },
	[MGM_A_IGMP_HANDLE]	= { .type = NLA_U64 },
	[MGM_A_SRC]		= MGM_ADDR_POLICY,
	[MGM_A_SRC_LEN]		= { .type = NLA_U8 },
	[MGM_A_GRP]		= MGM_ADDR_POLICY,
	[MGM_A_GRP_LEN]		= { .type = NLA_U8 },
	[MGM_A_FLAGS]		= { .type = NLA_U32 },
	[MGM_A_ENUM_TYPE]	= { .type = NLA_U32 },
	[MGM_A_OIF]		= { .type = NLA_NESTED },
	[MGM_A_IIF_IFINDEX]	= { .type = NLA_U32 },
	[MGM_A_IIF_NEXTHOP]	= MGM_ADDR_POLICY,
	[MGM_A_IIF_PROTO_ID]	= { .type = NLA_U32 },
	[MGM_A_UPSTREAM]	= MGM_ADDR_POLICY,
	[MGM_A_ROUTE]		= { .type = NLA_NESTED },
	[MGM_A_UPTIME]		= { .type = NLA_U64 },
	[MGM_A_EXPIRES]		= { .type = NLA_U64 },
	[MGM_A_TIMEOUT]		= { .type = NLA_U32 },
	[MGM_A_STATS]		= { .type = NLA_NESTED },
	[MGM_A_REQ_ID]		= { .type = NLA_U64 },
	[MGM_A_SEQ]		= { .type = NLA_U64 },
	[MGM_A_MEMBER_UPDATE]	= { .type = NLA_U8 },
	[MGM_A_HEADER]		= { .type = NLA_BINARY },
	[MGM_A_DROPPED]		= { .type = NLA_U32 },
	[MGM_A_CONFIG]		= { .type = NLA_NESTED },
	[MGM_A_PKT_LEN]		= { .type = NLA_U32 },
	[MGM_A_OIF_FROM]	= { .type = NLA_U32 },
	[MGM_A_OIF_TOTAL]	= { .type = NLA_U32 },
	[MGM_A_TTL]		= { .type = NLA_U8 },
};

struct mgm_req {
	struct mgm_session *sess;
	mgm_parse_fn parse;
	void *arg;
	int status;	/* 1 while waiting, then 0 or -errno */
	int stopped;	/* the parse callback's non-zero value */
};

/* Map libnl's error space onto errno for the few codes that reach us. */
int mgm_nlerr(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_DUMP_INTR:
		return -EAGAIN;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
		return -EINTR;
	default:
		return -EIO;
	}
}

/*
 * An error (or an acknowledgement with a warning) carries the kernel's
 * extended-ACK attributes behind the echoed header: keep the message.
 */
static int mgm_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *err,
			void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct mgm_req *req = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len, ack_len;

	(void)nla;
	req->status = err->error < 0 ? err->error : -EPROTO;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;

	ack_len = sizeof(*nlh) + sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += err->msg.nlmsg_len - sizeof(*nlh);
	len = (int)nlh->nlmsg_len - ack_len;
	if (len <= 0)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + ack_len), len, NULL))
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(req->sess->errmsg, tb[NLMSGERR_ATTR_MSG],
			    sizeof(req->sess->errmsg));
	return NL_STOP;
}

/* The acknowledgement of a request, or the end of a dump. */
static int mgm_done_cb(struct nl_msg *msg, void *arg)
{
	struct mgm_req *req = arg;

	(void)msg;
	if (req->status > 0)
		req->status = 0;
	return NL_STOP;
}

static int mgm_valid_cb(struct nl_msg *msg, void *arg)
{
	struct mgm_req *req = arg;
	struct nlattr *tb[MGM_A_MAX + 1];
	int ret;

	if (!req->parse || req->stopped)
		return NL_OK;
	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, MGM_A_MAX,
			    mgm_reply_policy);
	if (ret < 0) {
		req->stopped = -EPROTO;
		return NL_OK;
	}
	req->stopped = req->parse(tb, nlmsg_hdr(msg), req->arg);
	return NL_OK;
}

/**
 * mgm_msg_new_size() - start a request message for the mgm family
 * @cmd: MGM_CMD_*
 * @flags: extra netlink flags (NLM_F_DUMP); NLM_F_ACK is always set
 * @size: room for the whole message, 0 for libnl's default (a page)
 */
struct nl_msg *mgm_msg_new_size(struct mgm_session *sess, uint8_t cmd,
				int flags, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, sess->family, 0,
			 flags | NLM_F_ACK, cmd, MGM_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* mgm_msg_new() - mgm_msg_new_size() with the default size */
struct nl_msg *mgm_msg_new(struct mgm_session *sess, uint8_t cmd, int flags)
{
	return mgm_msg_new_size(sess, cmd, flags, 0);
}

/**
 * mgm_request() - send a request, feed each reply to @parse, wait for the
 * acknowledgement or the end of the dump
 *
 * Takes ownership of @msg.  A parse callback that returns non-zero stops
 * further parsing; the rest of the reply is still read off the socket so
 * the next request starts clean.
 *
 * Return: 0, the callback's value, or a negative errno.
 */
int mgm_request(struct mgm_session *sess, struct nl_msg *msg,
		mgm_parse_fn parse, void *arg)
{
	struct mgm_req req = { .sess = sess, .parse = parse, .arg = arg,
			       .status = 1 };
	int interrupted = 0;
	struct nl_cb *cb;
	int ret;

	sess->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, mgm_error_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, mgm_done_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, mgm_done_cb, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, mgm_valid_cb, &req);

	ret = nl_send_auto(sess->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		nl_cb_put(cb);
		return mgm_nlerr(ret);
	}

	while (req.status > 0) {
		ret = nl_recvmsgs(sess->sk, cb);
		if (ret == -NLE_DUMP_INTR) {
			/* Keep reading to the end of the dump, then report. */
			interrupted = 1;
			continue;
		}
		if (ret < 0 && req.status > 0) {
			req.status = mgm_nlerr(ret);
			break;
		}
	}
	nl_cb_put(cb);

	if (req.status)
		return req.status;
	if (interrupted)
		return -EAGAIN;
	return req.stopped;
}

int mgm_open(struct mgm_session **sessp)
{
	struct mgm_session *sess;
	int one = 1;
	int ret;

	if (!sessp)
		return -EINVAL;
	sess = calloc(1, sizeof(*sess));
	if (!sess)
		return -ENOMEM;
	sess->sk = nl_socket_alloc();
	if (!sess->sk) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = genl_connect(sess->sk);
	if (ret < 0) {
		ret = mgm_nlerr(ret);
		goto err_sock;
	}
	/* Errors carry the kernel's explanation, without the echoed request. */
	setsockopt(nl_socket_get_fd(sess->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sess->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	sess->family = genl_ctrl_resolve(sess->sk, MGM_FAMILY_NAME);
	if (sess->family < 0) {
		ret = mgm_nlerr(sess->family);
		goto err_sock;
	}

	/*
	 * The event socket: the kernel unicasts events to its port, with
	 * sequence number 0; mgm_dispatch() reads it without blocking.
	 */
	sess->ev_sk = nl_socket_alloc();
	if (!sess->ev_sk) {
		ret = -ENOMEM;
		goto err_sock;
	}
	nl_socket_disable_seq_check(sess->ev_sk);
	ret = nl_connect(sess->ev_sk, NETLINK_GENERIC);
	if (ret < 0) {
		ret = mgm_nlerr(ret);
		goto err_ev_sock;
	}
	ret = nl_socket_set_nonblocking(sess->ev_sk);
	if (ret < 0) {
		ret = mgm_nlerr(ret);
		goto err_ev_sock;
	}
	/*
	 * A full event socket loses nothing: the kernel keeps the event in
	 * the protocol's backlog and retries, and reports real losses with
	 * an overflow event.  Without this, each retry that found the socket
	 * full would also flag ENOBUFS, a false overrun.
	 */
	setsockopt(nl_socket_get_fd(sess->ev_sk), SOL_NETLINK,
		   NETLINK_NO_ENOBUFS, &one, sizeof(one));
	*sessp = sess;
	return 0;

err_ev_sock:
	nl_socket_free(sess->ev_sk);
err_sock:
	nl_socket_free(sess->sk);
err_free:
	free(sess);
	return ret;
}

void mgm_close(struct mgm_session *sess)
{
	if (!sess)
		return;
	nl_socket_free(sess->sk);
	nl_socket_free(sess->ev_sk);
	nl_socket_free(sess->mon_sk);
	free(sess->protos);
	free(sess);
}

const char *mgm_last_error(const struct mgm_session *sess)
{
	if (!sess || !sess->errmsg[0])
		return NULL;
	return sess->errmsg;
}
