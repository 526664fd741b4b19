// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: protocol registration, the protocol table, and the session's
 * record of its own protocols' callbacks.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/socket.h>

#include "internal.h"

static int mgm_parse_handle(struct nlattr **tb, struct nlmsghdr *nlh,
			    void *arg)
{
	mgm_handle_t *handle = arg;

	(void)nlh;
	if (!tb[MGM_A_HANDLE])
		return -EPROTO;
	*handle = nla_get_u64(tb[MGM_A_HANDLE]);
	return 0;
}

/**
 * mgm_proto_find() - the session's record of a protocol it registered
 *
 * Return: the entry, valid until the next registration or deregistration
 * on the session; NULL for a handle the session does not know.
 */
struct mgm_proto_ent *mgm_proto_find(struct mgm_session *sess,
				     mgm_handle_t handle)
{
	unsigned int i;

	for (i = 0; i < sess->n_protos; i++)
		if (sess->protos[i].handle == handle)
			return &sess->protos[i];
	return NULL;
}

/* Room for one more entry, reserved before the kernel is asked. */
static int mgm_proto_reserve(struct mgm_session *sess)
{
	struct mgm_proto_ent *p;
	unsigned int max;

	if (sess->n_protos < sess->max_protos)
		return 0;
	max = sess->max_protos ? 2 * sess->max_protos : 4;
	p = realloc(sess->protos, max * sizeof(*p));
	if (!p)
		return -ENOMEM;
	sess->protos = p;
	sess->max_protos = max;
	return 0;
}

static void mgm_proto_forget(struct mgm_session *sess, mgm_handle_t handle)
{
	struct mgm_proto_ent *p = mgm_proto_find(sess, handle);
	unsigned int i;

	if (!p)
		return;
	i = p - sess->protos;
	memmove(p, p + 1, (sess->n_protos - i - 1) * sizeof(*p));
	sess->n_protos--;
}

/* The MGM_A_CB_MASK of a set of callbacks: one bit per non-NULL one. */
static uint32_t mgm_cb_mask(const struct mgm_callbacks *cbs)
{
	uint32_t mask = 0;

	if (!cbs)
		return 0;
	if (cbs->rpf)
		mask |= MGM_CB_RPF;
	if (cbs->creation_alert)
		mask |= MGM_CB_CREATION_ALERT;
	if (cbs->prune_alert)
		mask |= MGM_CB_PRUNE_ALERT;
	if (cbs->join_alert)
		mask |= MGM_CB_JOIN_ALERT;
	if (cbs->wrong_if)
		mask |= MGM_CB_WRONG_IF;
	if (cbs->local_join)
		mask |= MGM_CB_LOCAL_JOIN;
	if (cbs->local_leave)
		mask |= MGM_CB_LOCAL_LEAVE;
	if (cbs->disable_igmp)
		mask |= MGM_CB_DISABLE_IGMP;
	if (cbs->enable_igmp)
		mask |= MGM_CB_ENABLE_IGMP;
	if (cbs->if_gone)
		mask |= MGM_CB_IF_GONE;
	return mask;
}

int mgm_protocol_register_cb(struct mgm_session *sess, uint32_t proto_id,
			     uint32_t component_id,
			     const struct mgm_callbacks *cbs, void *arg,
			     mgm_handle_t *handle)
{
	struct mgm_proto_ent *ent;
	struct nl_msg *msg;
	mgm_handle_t h = 0;
	int ret;

	if (!sess || !handle)
		return -EINVAL;
	ret = mgm_proto_reserve(sess);
	if (ret)
		return ret;
	msg = mgm_msg_new(sess, MGM_CMD_PROTO_NEW, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MGM_A_PROTO_ID, proto_id) ||
	    nla_put_u32(msg, MGM_A_COMPONENT_ID, component_id) ||
	    nla_put_u32(msg, MGM_A_CB_MASK, mgm_cb_mask(cbs)) ||
	    nla_put_u32(msg, MGM_A_EVENT_PORTID,
			nl_socket_get_local_port(sess->ev_sk))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*handle = 0;
	ret = mgm_request(sess, msg, mgm_parse_handle, &h);
	if (ret)
		return ret;
	if (!h)
		return -EPROTO;	/* acknowledged without a reply */

	/* Events for it may be queued already; they wait for dispatch. */
	ent = &sess->protos[sess->n_protos++];
	memset(ent, 0, sizeof(*ent));
	ent->handle = h;
	if (cbs)
		ent->cbs = *cbs;
	ent->arg = arg;
	*handle = h;
	return 0;
}

int mgm_protocol_register(struct mgm_session *sess, uint32_t proto_id,
			  uint32_t component_id, mgm_handle_t *handle)
{
	return mgm_protocol_register_cb(sess, proto_id, component_id, NULL,
					NULL, handle);
}

static struct nl_msg *mgm_handle_msg(struct mgm_session *sess, uint8_t cmd,
				     mgm_handle_t handle)
{
	struct nl_msg *msg = mgm_msg_new(sess, cmd, 0);

	if (msg && nla_put_u64(msg, MGM_A_HANDLE, handle)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int mgm_protocol_deregister(struct mgm_session *sess, mgm_handle_t handle)
{
	struct nl_msg *msg;
	int ret;

	if (!sess)
		return -EINVAL;
	msg = mgm_handle_msg(sess, MGM_CMD_PROTO_DEL, handle);
	if (!msg)
		return -ENOMEM;
	ret = mgm_request(sess, msg, NULL, NULL);
	/* Gone, or never the kernel's: no more events to expect for it. */
	if (!ret || ret == -EINVAL)
		mgm_proto_forget(sess, handle);
	return ret;
}

/* Fills the struct mgm_protocol_info at @arg from one reply. */
static int mgm_parse_protocol(struct nlattr **tb, struct nlmsghdr *nlh,
			      void *arg)
{
	struct mgm_protocol_info *info = arg;

	(void)nlh;
	if (!tb[MGM_A_HANDLE] || !tb[MGM_A_PROTO_ID] ||
	    !tb[MGM_A_COMPONENT_ID])
		return -EPROTO;
	memset(info, 0, sizeof(*info));
	info->handle = nla_get_u64(tb[MGM_A_HANDLE]);
	info->proto_id = nla_get_u32(tb[MGM_A_PROTO_ID]);
	info->component_id = nla_get_u32(tb[MGM_A_COMPONENT_ID]);
	if (tb[MGM_A_PORTID])
		info->portid = nla_get_u32(tb[MGM_A_PORTID]);
	if (tb[MGM_A_PID])
		info->pid = nla_get_u32(tb[MGM_A_PID]);
	if (tb[MGM_A_COMM])
		nla_strlcpy(info->comm, tb[MGM_A_COMM], sizeof(info->comm));
	return 0;
}

int mgm_protocol_get(struct mgm_session *sess, mgm_handle_t handle,
		     struct mgm_protocol_info *info)
{
	struct nl_msg *msg;

	if (!sess || !info)
		return -EINVAL;
	msg = mgm_handle_msg(sess, MGM_CMD_PROTO_GET, handle);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_protocol, info);
}

struct mgm_dump_arg {
	mgm_protocol_cb cb;
	void *arg;
};

static int mgm_parse_dump(struct nlattr **tb, struct nlmsghdr *nlh,
			  void *arg)
{
	struct mgm_dump_arg *d = arg;
	struct mgm_protocol_info info;
	int ret;

	ret = mgm_parse_protocol(tb, nlh, &info);
	if (ret)
		return ret;
	return d->cb(&info, d->arg);
}

int mgm_protocol_dump(struct mgm_session *sess, mgm_protocol_cb cb,
		      void *arg)
{
	struct mgm_dump_arg d = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!sess || !cb)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_PROTO_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_dump, &d);
}
