// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: the "mgm" generic netlink family.  Policies and the op table are
 * generated from Documentation/netlink/specs/mgm.yaml (netlink-gen.c);
 * this file holds the handlers and ties protocols to their sockets.
 */

#include <linux/netlink.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/mgm.h>

#include "mgm.h"
#include "netlink-gen.h"

/**
 * DOC: locking
 *
 * All state of a network namespace (&struct mgm_net) is changed and read
 * under its mutex, &mgm_net.lock, in process context only: netlink
 * handlers, dumps and the netlink release notifier take it; nothing else
 * runs in between, so each request is applied atomically.  The family is
 * registered with parallel_ops, so requests in different namespaces never
 * wait for each other.  No other lock nests inside &mgm_net.lock.
 */

static struct genl_family mgm_nl_family;

struct mgm_dump_ctx {
	u64 last_handle;
};

static struct mgm_dump_ctx *mgm_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct mgm_dump_ctx) > sizeof(cb->ctx));
	return (struct mgm_dump_ctx *)cb->ctx;
}

/*
 * One fill function serves replies, dumps (@cb set: the message is flagged
 * when the table changed under a multi-part dump) and, later, events.
 */
static int mgm_nl_fill_proto(struct sk_buff *skb,
			     const struct mgm_protocol *proto, u32 portid,
			     u32 seq, int flags, u8 cmd,
			     struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &mgm_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u64_64bit(skb, MGM_A_HANDLE, proto->handle, MGM_A_PAD) ||
	    nla_put_u32(skb, MGM_A_PROTO_ID, proto->proto_id) ||
	    nla_put_u32(skb, MGM_A_COMPONENT_ID, proto->component_id) ||
	    nla_put_u32(skb, MGM_A_PORTID, proto->portid) ||
	    nla_put_u32(skb, MGM_A_PID, pid_vnr(proto->pid)) ||
	    nla_put_string(skb, MGM_A_COMM, proto->comm))
		goto nla_put_failure;

	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static struct mgm_net *mgm_nl_net(struct genl_info *info)
{
	return mgm_net(genl_info_net(info));
}

int mgm_nl_proto_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_protocol *proto;
	struct sk_buff *msg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_PROTO_ID) ||
	    GENL_REQ_ATTR_CHECK(info, MGM_A_COMPONENT_ID))
		return -EINVAL;

	/* Allocate the reply first: a failure must leave nothing behind. */
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mn->lock);
	proto = mgm_proto_register(mn,
				   nla_get_u32(info->attrs[MGM_A_PROTO_ID]),
				   nla_get_u32(info->attrs[MGM_A_COMPONENT_ID]),
				   info->snd_portid, info->extack);
	if (IS_ERR(proto)) {
		ret = PTR_ERR(proto);
		goto err_unlock;
	}
	ret = mgm_nl_fill_proto(msg, proto, info->snd_portid, info->snd_seq,
				0, MGM_CMD_PROTO_NEW, NULL);
	if (ret) {
		mgm_proto_unregister(mn, proto);
		goto err_unlock;
	}
	mutex_unlock(&mn->lock);

	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&mn->lock);
	nlmsg_free(msg);
	return ret;
}

int mgm_nl_proto_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_protocol *proto;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_HANDLE))
		return -EINVAL;

	mutex_lock(&mn->lock);
	proto = mgm_proto_lookup(mn, nla_get_u64(info->attrs[MGM_A_HANDLE]),
				 info->snd_portid, info->extack);
	if (IS_ERR(proto)) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[MGM_A_HANDLE]);
		ret = PTR_ERR(proto);
	} else {
		mgm_proto_unregister(mn, proto);
	}
	mutex_unlock(&mn->lock);
	return ret;
}

int mgm_nl_proto_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_protocol *proto;
	struct sk_buff *msg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_HANDLE))
		return -EINVAL;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&mn->lock);
	proto = mgm_proto_find(mn, nla_get_u64(info->attrs[MGM_A_HANDLE]));
	if (!proto) {
		NL_SET_ERR_MSG_MOD(info->extack, "no protocol with this handle");
		NL_SET_BAD_ATTR(info->extack, info->attrs[MGM_A_HANDLE]);
		ret = -ENOENT;
	} else {
		ret = mgm_nl_fill_proto(msg, proto, info->snd_portid,
					info->snd_seq, 0, MGM_CMD_PROTO_GET,
					NULL);
	}
	mutex_unlock(&mn->lock);

	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Dumps resume after the last handle sent, never by position, so that
 * registrations and deregistrations between two parts skip or repeat
 * nothing; such a change still flags the next part NLM_F_DUMP_INTR.
 */
int mgm_nl_proto_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mgm_net *mn = mgm_net(sock_net(skb->sk));
	struct mgm_dump_ctx *ctx = mgm_dump_ctx(cb);
	struct mgm_protocol *proto;
	int ret = 0;

	mutex_lock(&mn->lock);
	cb->seq = mn->gen;
	list_for_each_entry(proto, &mn->protocols, node) {
		if (proto->handle <= ctx->last_handle)
			continue;
		ret = mgm_nl_fill_proto(skb, proto,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					MGM_CMD_PROTO_GET, cb);
		if (ret)
			break;
		ctx->last_handle = proto->handle;
	}
	mutex_unlock(&mn->lock);

	/* A full skb ends this part; the next call resumes. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/*
 * A protocol lives as long as the socket that registered it: when the
 * socket is released (close, exit or crash of its process), everything it
 * registered goes away.
 */
static int mgm_nl_notify(struct notifier_block *nb, unsigned long state,
			 void *data)
{
	struct netlink_notify *notify = data;
	struct mgm_net *mn;

	if (state != NETLINK_URELEASE || notify->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;

	mn = mgm_net(notify->net);
	/* Most generic netlink sockets closing here never registered. */
	if (!READ_ONCE(mn->nr_protocols))
		return NOTIFY_DONE;

	mutex_lock(&mn->lock);
	mgm_proto_release_portid(mn, notify->portid);
	mutex_unlock(&mn->lock);
	return NOTIFY_OK;
}

static struct notifier_block mgm_nl_notifier = {
	.notifier_call = mgm_nl_notify,
};

static struct genl_family mgm_nl_family __ro_after_init = {
	.name = MGM_FAMILY_NAME,
	.version = MGM_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = mgm_nl_ops,
	.n_ops = ARRAY_SIZE(mgm_nl_ops),
	/*
	 * .resv_start_op stays 0: every command has a policy and gets strict
	 * validation, including a zero genlmsghdr.reserved.
	 */
};

/**
 * mgm_nl_register - register the family and the socket release notifier
 *
 * Return: 0 or a negative errno.
 */
int __init mgm_nl_register(void)
{
	int ret;

	ret = netlink_register_notifier(&mgm_nl_notifier);
	if (ret)
		return ret;

	ret = genl_register_family(&mgm_nl_family);
	if (ret)
		netlink_unregister_notifier(&mgm_nl_notifier);
	return ret;
}

/**
 * mgm_nl_unregister - undo mgm_nl_register()
 */
void mgm_nl_unregister(void)
{
	genl_unregister_family(&mgm_nl_family);
	netlink_unregister_notifier(&mgm_nl_notifier);
}
