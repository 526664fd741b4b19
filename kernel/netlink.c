// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: the "mgm" generic netlink family.  Policies and the op table are
 * generated from Documentation/netlink/specs/mgm.yaml (netlink-gen.c);
 * this file holds the handlers and ties protocols to their sockets.
 */

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sizes.h>
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
 * wait for each other.
 *
 * Two locks nest inside &mgm_net.lock: a protocol's &mgm_protocol.ev_lock,
 * which serialises handing its queued events to its socket (the retry
 * work takes it alone), and RCU read sections for device names.  The
 * netdevice notifier takes &mgm_net.lock under RTNL; nothing here takes
 * RTNL.  The timer work (&mgm_net.work) and the miss path's work
 * (&mgm_net.rx_work) take &mgm_net.lock.
 *
 * The data path (forward.c) never takes &mgm_net.lock: its netfilter hook
 * reads &mgm_net.mfe_ht, the entries and their outgoing sets under RCU and
 * writes only per-CPU counters, two timestamps (WRITE_ONCE) and the miss
 * path's queue (&mgm_net.rxq, its own spinlock).  Entries and outgoing
 * sets change under &mgm_net.lock and are freed after a grace period.
 */

/*
 * The largest reply to a get request.  Bigger ones would need costly
 * allocations and, with the ACK behind them, overrun a socket of libnl's
 * default size: an entry with hundreds of interfaces is read with a
 * dump-only dump instead, which hands it over in parts.
 */
#define MGM_NL_REPLY_MAX	SKB_WITH_OVERHEAD(SZ_32K)

struct mgm_dump_ctx {
	u64 last_handle;
};

static struct mgm_dump_ctx *mgm_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct mgm_dump_ctx) > sizeof(cb->ctx));
	return (struct mgm_dump_ctx *)cb->ctx;
}

/*
 * Cursor of the interface, membership and MFE dumps: strictly after @last,
 * unless the call starts at @last itself (@from_key: dump-only; @oif_from:
 * the rest of an entry split over messages).
 */
struct mgm_key_ctx {
	bool started:1;
	bool have_last:1;
	bool from_key:1;
	bool done:1;	/* as many entries as asked for were sent */
	u8 type;
	u32 left;	/* entries still wanted; 0: all */
	union {
		struct mgm_ifkey ifk;
		struct mgm_sg sg;
	} last;
	u32 oif_from;	/* non-zero: @last was sent up to this oif */
};

static struct mgm_key_ctx *mgm_key_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct mgm_key_ctx) > sizeof(cb->ctx));
	return (struct mgm_key_ctx *)cb->ctx;
}

/* An extended-ACK message with the module prefix, pointing at @attr. */
#define MGM_NL_BAD_ATTR(extack, attr, msg)			\
	do {							\
		struct netlink_ext_ack *__ack = (extack);	\
								\
		NL_SET_BAD_ATTR(__ack, attr);			\
		NL_SET_ERR_MSG_MOD(__ack, msg);			\
	} while (0)

static struct mgm_net *mgm_nl_net(struct genl_info *info)
{
	return mgm_net(genl_info_net(info));
}

/*
 * One message's worth of a dump ended.  A full message is sent as a part
 * and the dump goes on (an entry too big for an empty one fails it).  At
 * the end of the table return 0: netlink then adds NLMSG_DONE to this
 * message, so a dump that fits in one is a single datagram, and changes
 * made after it was filled cannot flag it NLM_F_DUMP_INTR.
 */
static int mgm_dump_end(struct sk_buff *skb, int ret)
{
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret;
}

/* ---- attribute parsing ------------------------------------------------ */

static int mgm_nl_get_family(struct nlattr **attrs, u8 *family,
			     struct netlink_ext_ack *extack)
{
	*family = attrs[MGM_A_FAMILY] ? nla_get_u8(attrs[MGM_A_FAMILY]) :
					AF_INET;
	if (*family != AF_INET) {
		MGM_NL_BAD_ATTR(extack, attrs[MGM_A_FAMILY],
				"only AF_INET is supported");
		return -EAFNOSUPPORT;
	}
	return 0;
}

/* An optional address attribute; absent reads as zero. */
static int mgm_nl_addr(const struct nlattr *attr, u8 family,
		       union mgm_addr *addr, struct netlink_ext_ack *extack)
{
	memset(addr, 0, sizeof(*addr));
	if (!attr)
		return 0;
	if (nla_len(attr) != sizeof(__be32)) {
		MGM_NL_BAD_ATTR(extack, attr,
				"an AF_INET address is 4 bytes long");
		return -EINVAL;
	}
	addr->ip4 = nla_get_in_addr(attr);
	return 0;
}

static int mgm_nl_ifkey(struct nlattr **attrs, u8 family,
			struct mgm_ifkey *k, struct netlink_ext_ack *extack)
{
	if (!attrs[MGM_A_IFINDEX]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, MGM_A_IFINDEX);
		NL_SET_ERR_MSG_MOD(extack, "missing interface index");
		return -EINVAL;
	}
	k->ifindex = nla_get_u32(attrs[MGM_A_IFINDEX]);
	return mgm_nl_addr(attrs[MGM_A_NEXTHOP], family, &k->nh, extack);
}

/* (src, src-len, grp, grp-len); @full: a forwarding entry's (S,G). */
static int mgm_nl_sg(struct nlattr **attrs, struct mgm_sg *sg, bool full,
		     struct netlink_ext_ack *extack)
{
	int err;

	memset(sg, 0, sizeof(*sg));
	err = mgm_nl_get_family(attrs, &sg->family, extack);
	if (!err)
		err = mgm_nl_addr(attrs[MGM_A_SRC], sg->family, &sg->src,
				  extack);
	if (!err)
		err = mgm_nl_addr(attrs[MGM_A_GRP], sg->family, &sg->grp,
				  extack);
	if (err)
		return err;
	if (full) {
		sg->src_len = 32;
		sg->grp_len = 32;
		return 0;
	}
	sg->src_len = attrs[MGM_A_SRC_LEN] ?
		      nla_get_u8(attrs[MGM_A_SRC_LEN]) : 0;
	sg->grp_len = attrs[MGM_A_GRP_LEN] ?
		      nla_get_u8(attrs[MGM_A_GRP_LEN]) : 0;
	return 0;
}

/* The protocol a request acts for: its handle, on its own socket. */
static struct mgm_protocol *mgm_nl_proto(struct mgm_net *mn,
					 struct genl_info *info)
{
	struct mgm_protocol *proto;

	if (!info->attrs[MGM_A_HANDLE]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MGM_A_HANDLE);
		NL_SET_ERR_MSG_MOD(info->extack, "missing protocol handle");
		return ERR_PTR(-EINVAL);
	}
	proto = mgm_proto_lookup(mn, nla_get_u64(info->attrs[MGM_A_HANDLE]),
				 info->snd_portid, info->extack);
	if (IS_ERR(proto))
		NL_SET_BAD_ATTR(info->extack, info->attrs[MGM_A_HANDLE]);
	return proto;
}

/* ---- protocols -------------------------------------------------------- */

/*
 * One fill function serves replies and dumps (@cb set: the message is
 * flagged when the table changed under a multi-part dump).
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
	    nla_put_string(skb, MGM_A_COMM, proto->comm) ||
	    nla_put_u32(skb, MGM_A_CB_MASK, proto->cb_mask) ||
	    nla_put_u32(skb, MGM_A_EVENT_PORTID, proto->event_portid))
		goto nla_put_failure;

	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
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
	proto->cb_mask = info->attrs[MGM_A_CB_MASK] ?
			 nla_get_u32(info->attrs[MGM_A_CB_MASK]) :
			 MGM_CB_IF_GONE * 2 - 1;
	if (info->attrs[MGM_A_EVENT_PORTID])
		proto->event_portid =
			nla_get_u32(info->attrs[MGM_A_EVENT_PORTID]);
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
	int ret;

	mutex_lock(&mn->lock);
	proto = mgm_nl_proto(mn, info);
	ret = IS_ERR(proto) ? PTR_ERR(proto) :
			      mgm_proto_deregister(mn, proto, info->extack);
	mutex_unlock(&mn->lock);
	return ret;
}

/*
 * Reply to a "get" request with one object: @fill looks it up under the
 * lock (with an extended-ACK message if it is not there) and fills @msg.
 */
typedef int (*mgm_nl_fill_one_fn)(struct sk_buff *msg, struct mgm_net *mn,
				  struct genl_info *info, const void *key);

static int mgm_nl_reply_one(struct genl_info *info, mgm_nl_fill_one_fn fill,
			    const void *key)
{
	struct mgm_net *mn = mgm_nl_net(info);
	size_t size = NLMSG_GOODSIZE;
	struct sk_buff *msg;
	int ret;

	/*
	 * Most objects fit in a page; an entry with a hundred outgoing
	 * interfaces does not: grow the message once and fill it again.
	 */
	for (;;) {
		msg = nlmsg_new(size, GFP_KERNEL_ACCOUNT);
		if (!msg)
			return -ENOMEM;
		mutex_lock(&mn->lock);
		ret = fill(msg, mn, info, key);
		mutex_unlock(&mn->lock);
		if (!ret)
			return genlmsg_reply(msg, info);
		nlmsg_free(msg);
		if (ret != -EMSGSIZE)
			return ret;
		if (size >= MGM_NL_REPLY_MAX) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "too big for one message: dump it with dump-only");
			return ret;
		}
		size = MGM_NL_REPLY_MAX;
	}
}

static int mgm_nl_proto_one(struct sk_buff *msg, struct mgm_net *mn,
			    struct genl_info *info, const void *key)
{
	struct mgm_protocol *proto = mgm_proto_find(mn, *(const u64 *)key);

	if (!proto) {
		NL_SET_ERR_MSG_MOD(info->extack, "no protocol with this handle");
		NL_SET_BAD_ATTR(info->extack, info->attrs[MGM_A_HANDLE]);
		return -ENOENT;
	}
	return mgm_nl_fill_proto(msg, proto, info->snd_portid, info->snd_seq,
				 0, MGM_CMD_PROTO_GET, NULL);
}

int mgm_nl_proto_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 handle;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_HANDLE))
		return -EINVAL;
	handle = nla_get_u64(info->attrs[MGM_A_HANDLE]);
	return mgm_nl_reply_one(info, mgm_nl_proto_one, &handle);
}

/*
 * Dumps resume after the last key sent, never by position, so that
 * changes between two parts skip or repeat nothing; such a change still
 * flags the next part NLM_F_DUMP_INTR.
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
	return mgm_dump_end(skb, ret);
}

/* ---- interfaces ------------------------------------------------------- */

static int mgm_nl_put_ifname(struct sk_buff *skb, struct net *net, int type,
			     u32 ifindex)
{
	struct net_device *dev;
	int ret = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev)
		ret = nla_put_string(skb, type, dev->name);
	rcu_read_unlock();
	return ret;
}

static int mgm_nl_fill_if(struct sk_buff *skb, struct mgm_net *mn,
			  const struct mgm_iface *ifc, u32 portid, u32 seq,
			  int flags, struct netlink_callback *cb)
{
	const struct mgm_protocol *owner = mgm_if_owner(ifc);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &mgm_nl_family, flags,
			  MGM_CMD_IF_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u8(skb, MGM_A_FAMILY, AF_INET) ||
	    nla_put_u32(skb, MGM_A_IFINDEX, ifc->key.ifindex) ||
	    mgm_nla_put_addr(skb, MGM_A_NEXTHOP, AF_INET, &ifc->key.nh) ||
	    mgm_nl_put_ifname(skb, mn->net, MGM_A_IFNAME, ifc->key.ifindex) ||
	    (ifc->owner && nla_put_u64_64bit(skb, MGM_A_HANDLE,
					     ifc->owner->handle, MGM_A_PAD)) ||
	    nla_put_u32(skb, MGM_A_PROTO_ID, owner->proto_id) ||
	    nla_put_u32(skb, MGM_A_COMPONENT_ID, owner->component_id) ||
	    (ifc->igmp && nla_put_u64_64bit(skb, MGM_A_IGMP_HANDLE,
					    ifc->igmp->handle, MGM_A_PAD)))
		goto nla_put_failure;
	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int mgm_nl_if_change(struct genl_info *info, bool take)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_protocol *proto;
	struct mgm_ifkey k;
	u8 family;
	int ret;

	ret = mgm_nl_get_family(info->attrs, &family, info->extack);
	if (!ret)
		ret = mgm_nl_ifkey(info->attrs, family, &k, info->extack);
	if (ret)
		return ret;
	if (take) {
		struct net_device *dev;

		rcu_read_lock();
		dev = dev_get_by_index_rcu(genl_info_net(info), k.ifindex);
		rcu_read_unlock();
		if (!dev) {
			MGM_NL_BAD_ATTR(info->extack,
					info->attrs[MGM_A_IFINDEX],
					"no such interface in this network namespace");
			return -ENODEV;
		}
	}

	mutex_lock(&mn->lock);
	proto = mgm_nl_proto(mn, info);
	if (IS_ERR(proto))
		ret = PTR_ERR(proto);
	else if (take)
		ret = mgm_if_take(mn, proto, &k, info->extack);
	else
		ret = mgm_if_release(mn, proto, &k, info->extack);
	mutex_unlock(&mn->lock);
	return ret;
}

int mgm_nl_if_take_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mgm_nl_if_change(info, true);
}

int mgm_nl_if_release_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mgm_nl_if_change(info, false);
}

static int mgm_nl_if_one(struct sk_buff *msg, struct mgm_net *mn,
			 struct genl_info *info, const void *key)
{
	struct mgm_iface *ifc = mgm_if_find(mn, key);

	if (!ifc) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "interface is not owned by any protocol");
		return -ENOENT;
	}
	return mgm_nl_fill_if(msg, mn, ifc, info->snd_portid, info->snd_seq,
			      0, NULL);
}

int mgm_nl_if_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_ifkey k;
	u8 family;
	int ret;

	ret = mgm_nl_get_family(info->attrs, &family, info->extack);
	if (!ret)
		ret = mgm_nl_ifkey(info->attrs, family, &k, info->extack);
	return ret ?: mgm_nl_reply_one(info, mgm_nl_if_one, &k);
}

int mgm_nl_if_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mgm_net *mn = mgm_net(sock_net(skb->sk));
	struct mgm_key_ctx *ctx = mgm_key_ctx(cb);
	struct mgm_iface *ifc;
	int ret = 0;

	mutex_lock(&mn->lock);
	cb->seq = mn->gen;
	list_for_each_entry(ifc, &mn->ifaces, node) {
		if (ctx->have_last && mgm_ifkey_cmp(&ifc->key, &ctx->last.ifk) <= 0)
			continue;
		ret = mgm_nl_fill_if(skb, mn, ifc, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (ret)
			break;
		ctx->last.ifk = ifc->key;
		ctx->have_last = true;
	}
	mutex_unlock(&mn->lock);
	return mgm_dump_end(skb, ret);
}

/* ---- memberships ------------------------------------------------------ */

static int mgm_nl_member_change(struct genl_info *info, bool add)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_protocol *proto;
	struct mgm_ifkey k;
	struct mgm_sg sg;
	u32 flags;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_FLAGS))
		return -EINVAL;
	flags = nla_get_u32(info->attrs[MGM_A_FLAGS]);
	ret = mgm_nl_sg(info->attrs, &sg, false, info->extack);
	if (!ret)
		ret = mgm_nl_ifkey(info->attrs, sg.family, &k, info->extack);
	if (ret)
		return ret;

	mutex_lock(&mn->lock);
	proto = mgm_nl_proto(mn, info);
	if (IS_ERR(proto))
		ret = PTR_ERR(proto);
	else if (add)
		ret = mgm_member_add(mn, proto, &sg, &k, flags, info->extack);
	else
		ret = mgm_member_del(mn, proto, &sg, &k, flags, info->extack);
	mutex_unlock(&mn->lock);
	return ret;
}

int mgm_nl_member_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mgm_nl_member_change(info, true);
}

int mgm_nl_member_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mgm_nl_member_change(info, false);
}

/**
 * struct mgm_oif_part - the oifs a dump record of an entry carries
 * @from: position of the first
 * @split: the record may end before the last oif: it is the first of its
 *	message, so the entry would not fit in a message of its own
 * @next: set when the record ended early: where the next one starts
 *
 * Such a record and its continuations carry oif-from and oif-total, and
 * userspace joins them; an entry has no limit on oifs, a message has.
 */
struct mgm_oif_part {
	u32 from;
	bool split;
	u32 next;
};

static int mgm_nl_put_part(struct sk_buff *skb,
			   const struct mgm_oif_part *part, u32 total)
{
	if (!part || !part->split)
		return 0;
	if (nla_put_u32(skb, MGM_A_OIF_FROM, part->from) ||
	    nla_put_u32(skb, MGM_A_OIF_TOTAL, total))
		return -EMSGSIZE;
	return 0;
}

/*
 * The oif at position @i did not fit: end the record before it if it may
 * be split and holds an oif already.  Return: true if the record ends
 * there, false if it fails.
 */
static bool mgm_nl_oif_cut(struct sk_buff *skb, struct nlattr *nest,
			   struct mgm_oif_part *part, u32 i)
{
	if (!part || !part->split || i == part->from)
		return false;
	if (nest)
		nla_nest_cancel(skb, nest);
	part->next = i;
	return true;
}

/*
 * The start of a membership or MFE dump: the key to resume after (@full:
 * an MFE's), dump-only (that key alone) and dump-max.
 */
static int mgm_dump_start(struct mgm_key_ctx *ctx,
			  struct netlink_callback *cb, bool full)
{
	struct nlattr **attrs = mgm_dump_attrs(cb);
	int ret;

	ctx->started = true;
	if (attrs[MGM_A_GRP] || attrs[MGM_A_SRC]) {
		ret = mgm_nl_sg(attrs, &ctx->last.sg, full, cb->extack);
		if (ret)
			return ret;
		ctx->have_last = true;
	}
	if (attrs[MGM_A_DUMP_MAX])
		ctx->left = nla_get_u32(attrs[MGM_A_DUMP_MAX]);
	if (attrs[MGM_A_DUMP_ONLY]) {
		if (!ctx->have_last) {
			NL_SET_ERR_MSG_MOD(cb->extack,
					   "dump-only needs the entry's key");
			return -EINVAL;
		}
		ctx->from_key = true;
		ctx->left = 1;
	}
	return 0;
}

/* Whether a dump call starts with the entry of @ctx->last itself. */
static bool mgm_dump_at_last(const struct mgm_key_ctx *ctx)
{
	return ctx->oif_from || ctx->from_key;
}

/*
 * A record of the entry @sg is in the message: move the cursor.  Return:
 * true if this call ends here, with *@ret set (the message is full, or as
 * many entries as asked for were sent).
 */
static bool mgm_dump_sent(struct mgm_key_ctx *ctx, const struct mgm_sg *sg,
			  const struct mgm_oif_part *part, int *ret)
{
	ctx->last.sg = *sg;
	ctx->have_last = true;
	ctx->oif_from = part->next;
	if (part->next) {
		*ret = -EMSGSIZE;
		return true;
	}
	if (ctx->left && !--ctx->left) {
		ctx->done = true;
		return true;
	}
	return false;
}

static int mgm_nl_put_sg(struct sk_buff *skb, const struct mgm_sg *sg)
{
	if (nla_put_u8(skb, MGM_A_FAMILY, sg->family) ||
	    mgm_nla_put_addr(skb, MGM_A_SRC, sg->family, &sg->src) ||
	    nla_put_u8(skb, MGM_A_SRC_LEN, sg->src_len) ||
	    mgm_nla_put_addr(skb, MGM_A_GRP, sg->family, &sg->grp) ||
	    nla_put_u8(skb, MGM_A_GRP_LEN, sg->grp_len))
		return -EMSGSIZE;
	return 0;
}

/* One record: an entry with its interfaces, or (any-source) its group. */
static int mgm_nl_fill_member(struct sk_buff *skb, struct mgm_net *mn,
			      const struct mgm_member *e, bool any_source,
			      u32 portid, u32 seq, int flags,
			      struct netlink_callback *cb,
			      struct mgm_oif_part *part)
{
	struct mgm_member_oif *oif;
	struct mgm_sg sg = e->sg;
	void *hdr;
	u32 i = 0;

	hdr = genlmsg_put(skb, portid, seq, &mgm_nl_family, flags,
			  MGM_CMD_MEMBER_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (any_source) {
		sg.src = (union mgm_addr){};
		sg.src_len = 0;
	}
	if (mgm_nl_put_sg(skb, &sg))
		goto nla_put_failure;
	if (any_source)
		goto out;
	if (mgm_nl_put_part(skb, part, e->nr_oifs))
		goto nla_put_failure;
	list_for_each_entry(oif, &e->oifs, node) {
		struct nlattr *nest;

		if (part && i++ < part->from)
			continue;
		nest = nla_nest_start(skb, MGM_A_OIF);
		if (!nest ||
		    nla_put_u32(skb, MGM_A_OIF_IFINDEX, oif->key.ifindex) ||
		    mgm_nla_put_addr(skb, MGM_A_OIF_NEXTHOP, sg.family,
				     &oif->key.nh) ||
		    mgm_nl_put_ifname(skb, mn->net, MGM_A_OIF_IFNAME,
				      oif->key.ifindex) ||
		    nla_put_u64_64bit(skb, MGM_A_OIF_COMPONENT,
				      oif->component ? oif->component->handle : 0,
				      MGM_A_OIF_PAD) ||
		    nla_put_u32(skb, MGM_A_OIF_BY, oif->by)) {
			if (mgm_nl_oif_cut(skb, nest, part, i - 1))
				break;
			goto nla_put_failure;
		}
		nla_nest_end(skb, nest);
	}
out:
	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int mgm_nl_member_one(struct sk_buff *msg, struct mgm_net *mn,
			     struct genl_info *info, const void *key)
{
	struct mgm_member *e = mgm_member_find(mn, key);

	if (!e) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such membership entry");
		return -ENOENT;
	}
	return mgm_nl_fill_member(msg, mn, e, false, info->snd_portid,
				  info->snd_seq, 0, NULL, NULL);
}

int mgm_nl_member_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_sg sg;

	return mgm_nl_sg(info->attrs, &sg, false, info->extack) ?:
	       mgm_nl_reply_one(info, mgm_nl_member_one, &sg);
}

static bool mgm_same_group(const struct mgm_sg *a, const struct mgm_sg *b)
{
	return a->family == b->family && a->grp_len == b->grp_len &&
	       !mgm_addr_cmp(&a->grp, &b->grp);
}

int mgm_nl_member_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mgm_net *mn = mgm_net(sock_net(skb->sk));
	struct mgm_key_ctx *ctx = mgm_key_ctx(cb);
	struct mgm_member *e;
	bool any, at_key;
	int ret = 0;

	if (!ctx->started) {
		struct nlattr **attrs = mgm_dump_attrs(cb);

		ctx->type = attrs[MGM_A_ENUM_TYPE] ?
			    nla_get_u32(attrs[MGM_A_ENUM_TYPE]) :
			    MGM_ENUM_TYPE_ALL_SOURCES;
		ret = mgm_dump_start(ctx, cb, false);
		if (ret)
			return ret;
	}
	if (ctx->done)
		return 0;
	any = ctx->type == MGM_ENUM_TYPE_ANY_SOURCE;
	at_key = ctx->from_key;

	mutex_lock(&mn->lock);
	cb->seq = mn->gen;
	/* The rest of an entry split over messages comes first. */
	e = mgm_dump_at_last(ctx) ? mgm_member_find(mn, &ctx->last.sg) : NULL;
	if (!e && !ctx->from_key) {
		ctx->oif_from = 0;
		e = mgm_member_after(mn, ctx->have_last ? &ctx->last.sg : NULL);
	}
	ctx->from_key = false;
	for (; e; e = mgm_member_after(mn, &e->sg)) {
		struct mgm_oif_part part = { .from = ctx->oif_from,
					     .split = !skb->len };

		if (any && !at_key && ctx->have_last &&
		    mgm_same_group(&e->sg, &ctx->last.sg))
			continue;
		ret = mgm_nl_fill_member(skb, mn, e, any,
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI, cb,
					 &part);
		if (ret || mgm_dump_sent(ctx, &e->sg, &part, &ret))
			break;
	}
	mutex_unlock(&mn->lock);
	return mgm_dump_end(skb, ret);
}

/* ---- forwarding entries ----------------------------------------------- */

static int mgm_nl_put_stats(struct sk_buff *skb, const struct mgm_mfe *mfe)
{
	struct mgm_mfe_stats s, *st = &s;
	struct nlattr *nest = nla_nest_start(skb, MGM_A_STATS);

	mgm_mfe_stats_read(mfe, st);
	if (!nest ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_IN_PACKETS, st->in_packets,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_IN_BYTES, st->in_bytes,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_DIFFERENT_IF, st->different_if,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_QUEUE_OVERFLOW,
			      st->queue_overflow, MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_UNINIT, st->uninit,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_NEGATIVE, st->negative,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_IN_DISCARDS, st->in_discards,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_HDR_ERRORS, st->hdr_errors,
			      MGM_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_STATS_OUT_PACKETS, st->out_packets,
			      MGM_A_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int mgm_nl_fill_mfe(struct sk_buff *skb, struct mgm_net *mn,
			   const struct mgm_mfe *mfe, u32 portid, u32 seq,
			   int flags, struct netlink_callback *cb,
			   struct mgm_oif_part *part)
{
	const struct mgm_oifs *oifs = mgm_mfe_oifs(mfe);
	unsigned long last_use = READ_ONCE(mfe->last_use);
	unsigned long now = mgm_now(mn);
	u8 family = mfe->sg.family;
	u64 expires = 0;
	void *hdr;
	u32 i;

	hdr = genlmsg_put(skb, portid, seq, &mgm_nl_family, flags,
			  MGM_CMD_MFE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (mfe->timeout && time_before(now, mfe->expires))
		expires = jiffies_to_msecs(mfe->expires - now);
	if (mgm_nl_put_sg(skb, &mfe->sg) ||
	    nla_put_u32(skb, MGM_A_IIF_IFINDEX, mfe->iif.ifindex) ||
	    mgm_nla_put_addr(skb, MGM_A_IIF_NEXTHOP, family, &mfe->iif.nh) ||
	    nla_put_u32(skb, MGM_A_IIF_PROTO_ID, mfe->iif_proto_id) ||
	    mgm_nla_put_addr(skb, MGM_A_UPSTREAM, family, &mfe->upstream) ||
	    mgm_nla_put_route(skb, MGM_A_ROUTE, family, &mfe->route) ||
	    nla_put_u64_64bit(skb, MGM_A_UPTIME,
			      jiffies_to_msecs(now - mfe->created), MGM_A_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_EXPIRES, expires, MGM_A_PAD) ||
	    (last_use &&
	     nla_put_u64_64bit(skb, MGM_A_LAST_USE,
			       jiffies_to_msecs(jiffies - last_use), MGM_A_PAD)) ||
	    nla_put_u32(skb, MGM_A_TIMEOUT, mfe->timeout) ||
	    mgm_nl_put_stats(skb, mfe) ||
	    mgm_nl_put_part(skb, part, oifs->nr))
		goto nla_put_failure;
	for (i = part ? part->from : 0; i < oifs->nr; i++) {
		struct nlattr *nest = nla_nest_start(skb, MGM_A_OIF);
		struct mgm_oif_stats ost;

		mgm_oif_stats_read(oifs, oifs->oif[i].ifindex, &ost);
		if (!nest ||
		    nla_put_u32(skb, MGM_A_OIF_IFINDEX, oifs->oif[i].ifindex) ||
		    mgm_nla_put_addr(skb, MGM_A_OIF_NEXTHOP, family,
				     &oifs->oif[i].nh) ||
		    mgm_nl_put_ifname(skb, mn->net, MGM_A_OIF_IFNAME,
				      oifs->oif[i].ifindex) ||
		    nla_put_u64_64bit(skb, MGM_A_OIF_PACKETS, ost.packets,
				      MGM_A_OIF_PAD) ||
		    nla_put_u64_64bit(skb, MGM_A_OIF_DISCARDS, ost.discards,
				      MGM_A_OIF_PAD) ||
		    nla_put_u64_64bit(skb, MGM_A_OIF_TTL_TOO_LOW,
				      ost.ttl_too_low, MGM_A_OIF_PAD) ||
		    nla_put_u64_64bit(skb, MGM_A_OIF_FRAG_NEEDED,
				      ost.frag_needed, MGM_A_OIF_PAD)) {
			if (mgm_nl_oif_cut(skb, nest, part, i))
				break;
			goto nla_put_failure;
		}
		nla_nest_end(skb, nest);
	}
	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int mgm_nl_mfe_one(struct sk_buff *msg, struct mgm_net *mn,
			  struct genl_info *info, const void *key)
{
	struct mgm_mfe *mfe = mgm_mfe_find(mn, key);

	if (!mfe) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such forwarding entry");
		return -ENOENT;
	}
	return mgm_nl_fill_mfe(msg, mn, mfe, info->snd_portid, info->snd_seq,
			       0, NULL, NULL);
}

int mgm_nl_mfe_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_sg sg;

	return mgm_nl_sg(info->attrs, &sg, true, info->extack) ?:
	       mgm_nl_reply_one(info, mgm_nl_mfe_one, &sg);
}

int mgm_nl_mfe_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mgm_net *mn = mgm_net(sock_net(skb->sk));
	struct mgm_key_ctx *ctx = mgm_key_ctx(cb);
	struct mgm_mfe *mfe;
	int ret = 0;

	if (!ctx->started) {
		ret = mgm_dump_start(ctx, cb, true);
		if (ret)
			return ret;
	}
	if (ctx->done)
		return 0;

	mutex_lock(&mn->lock);
	cb->seq = mn->gen;
	/* The rest of an entry split over messages comes first. */
	mfe = mgm_dump_at_last(ctx) ? mgm_mfe_find(mn, &ctx->last.sg) : NULL;
	if (!mfe && !ctx->from_key) {
		ctx->oif_from = 0;
		mfe = mgm_mfe_after(mn, ctx->have_last ? &ctx->last.sg : NULL);
	}
	ctx->from_key = false;
	for (; mfe; mfe = mgm_mfe_after(mn, &mfe->sg)) {
		struct mgm_oif_part part = { .from = ctx->oif_from,
					     .split = !skb->len };

		ret = mgm_nl_fill_mfe(skb, mn, mfe, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI, cb,
				      &part);
		if (ret || mgm_dump_sent(ctx, &mfe->sg, &part, &ret))
			break;
	}
	mutex_unlock(&mn->lock);
	return mgm_dump_end(skb, ret);
}

int mgm_nl_mfe_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	union mgm_addr upstream;
	struct mgm_protocol *proto;
	struct mgm_sg sg;
	u32 timeout;
	int ret;

	ret = mgm_nl_sg(info->attrs, &sg, true, info->extack);
	if (!ret)
		ret = mgm_nl_addr(info->attrs[MGM_A_UPSTREAM], sg.family,
				  &upstream, info->extack);
	if (ret)
		return ret;
	if (info->attrs[MGM_A_TIMEOUT])
		timeout = nla_get_u32(info->attrs[MGM_A_TIMEOUT]);

	mutex_lock(&mn->lock);
	proto = mgm_nl_proto(mn, info);
	if (IS_ERR(proto))
		ret = PTR_ERR(proto);
	else
		ret = mgm_mfe_set(mn, &sg,
				  info->attrs[MGM_A_UPSTREAM] ? &upstream : NULL,
				  info->attrs[MGM_A_TIMEOUT] ? &timeout : NULL,
				  info->extack);
	mutex_unlock(&mn->lock);
	return ret;
}

/* ---- replies to request events ---------------------------------------- */

static int mgm_nl_reply_route(struct nlattr *attr, u8 family,
			      struct mgm_route *route,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MGM_A_ROUTE_MAX + 1];
	int ret;

	memset(route, 0, sizeof(*route));
	ret = nla_parse_nested(tb, MGM_A_ROUTE_MAX, attr, mgm_route_nl_policy,
			       extack);
	if (!ret)
		ret = mgm_nl_addr(tb[MGM_A_ROUTE_DST], family, &route->dst,
				  extack);
	if (ret)
		return ret;
	if (tb[MGM_A_ROUTE_DST_LEN])
		route->dst_len = min_t(u8, nla_get_u8(tb[MGM_A_ROUTE_DST_LEN]),
				       32);
	if (tb[MGM_A_ROUTE_PROTO_ID])
		route->proto_id = nla_get_u32(tb[MGM_A_ROUTE_PROTO_ID]);
	return 0;
}

/* The interfaces a creation reply disables (enabled = 0). */
static int mgm_nl_reply_disabled(struct genl_info *info, u8 family,
				 struct mgm_ifkey **keys, u32 *nr)
{
	struct nlattr *tb[MGM_A_OIF_MAX + 1];
	struct nlattr *attr;
	int rem, ret, n = 0;

	*keys = NULL;
	*nr = 0;
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(attr) == MGM_A_OIF)
			n++;
	if (!n)
		return 0;
	*keys = kcalloc(n, sizeof(**keys), GFP_KERNEL);
	if (!*keys)
		return -ENOMEM;
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != MGM_A_OIF)
			continue;
		ret = nla_parse_nested(tb, MGM_A_OIF_MAX, attr,
				       mgm_oif_nl_policy, info->extack);
		if (ret)
			return ret;
		if (!tb[MGM_A_OIF_IFINDEX] || !tb[MGM_A_OIF_ENABLED]) {
			MGM_NL_BAD_ATTR(info->extack, attr,
					"an interface of a creation reply needs ifindex and enabled");
			return -EINVAL;
		}
		if (nla_get_u8(tb[MGM_A_OIF_ENABLED]))
			continue;
		(*keys)[*nr].ifindex = nla_get_u32(tb[MGM_A_OIF_IFINDEX]);
		ret = mgm_nl_addr(tb[MGM_A_OIF_NEXTHOP], family,
				  &(*keys)[*nr].nh, info->extack);
		if (ret)
			return ret;
		(*nr)++;
	}
	return 0;
}

int mgm_nl_cb_reply_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_ifkey iif, *disabled = NULL;
	struct mgm_protocol *proto;
	union mgm_addr upstream;
	struct mgm_route route;
	struct mgm_request *r;
	u32 nr_disabled = 0;
	u8 family;
	u64 id;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_REQ_ID))
		return -EINVAL;
	id = nla_get_u64(info->attrs[MGM_A_REQ_ID]);
	ret = mgm_nl_get_family(info->attrs, &family, info->extack);
	if (!ret)
		ret = mgm_nl_addr(info->attrs[MGM_A_IIF_NEXTHOP], family,
				  &iif.nh, info->extack);
	if (!ret)
		ret = mgm_nl_addr(info->attrs[MGM_A_UPSTREAM], family,
				  &upstream, info->extack);
	if (!ret && info->attrs[MGM_A_ROUTE])
		ret = mgm_nl_reply_route(info->attrs[MGM_A_ROUTE], family,
					 &route, info->extack);
	if (!ret)
		ret = mgm_nl_reply_disabled(info, family, &disabled,
					    &nr_disabled);
	if (ret)
		goto out;
	iif.ifindex = info->attrs[MGM_A_IIF_IFINDEX] ?
		      nla_get_u32(info->attrs[MGM_A_IIF_IFINDEX]) : 0;

	mutex_lock(&mn->lock);
	proto = mgm_nl_proto(mn, info);
	r = IS_ERR(proto) ? NULL : mgm_request_find(mn, id);
	if (IS_ERR(proto)) {
		ret = PTR_ERR(proto);
	} else if (!r) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no such request (answered or timed out)");
		ret = -ENOENT;
	} else if (r->cmd == MGM_CMD_RPF_REQ) {
		ret = mgm_cb_reply_rpf(mn, proto, id,
				       info->attrs[MGM_A_IIF_IFINDEX] ? &iif : NULL,
				       info->attrs[MGM_A_UPSTREAM] ? &upstream : NULL,
				       info->attrs[MGM_A_ROUTE] ? &route : NULL,
				       info->extack);
	} else if (r->cmd == MGM_CMD_CREATION_REQ) {
		ret = mgm_cb_reply_creation(mn, proto, id, disabled,
					    nr_disabled, info->extack);
	} else if (info->attrs[MGM_A_TIMEOUT]) {
		ret = mgm_cb_reply_prune(mn, proto, id,
					 nla_get_u32(info->attrs[MGM_A_TIMEOUT]),
					 info->extack);
	} else {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MGM_A_TIMEOUT);
		ret = -EINVAL;
	}
	mutex_unlock(&mn->lock);
out:
	kfree(disabled);
	return ret;
}

/* ---- limits and timers ------------------------------------------------ */

int mgm_nl_config_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mgm_net *mn = mgm_nl_net(info);
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mgm_nl_family, 0,
				MGM_CMD_CONFIG_GET);
	if (!hdr)
		goto nla_put_failure;

	mutex_lock(&mn->lock);
	nest = nla_nest_start(msg, MGM_A_CONFIG);
	if (!nest ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_PROTOCOLS, mn->max_protocols) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_INTERFACES, mn->max_ifaces) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_MEMBERSHIPS, mn->max_members) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_MFES, mn->max_mfes) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_PENDING, mn->max_pending) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MAX_BACKLOG, mn->max_backlog) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MFE_TIMEOUT, mn->mfe_timeout) ||
	    nla_put_u32(msg, MGM_A_CONFIG_CALLBACK_TIMEOUT, mn->cb_timeout) ||
	    nla_put_u32(msg, MGM_A_CONFIG_PROTOCOLS, mn->nr_protocols) ||
	    nla_put_u32(msg, MGM_A_CONFIG_INTERFACES, mn->nr_ifaces) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MEMBERSHIPS, mn->nr_members) ||
	    nla_put_u32(msg, MGM_A_CONFIG_MFES, mn->nr_mfes) ||
	    nla_put_u32(msg, MGM_A_CONFIG_PENDING, mn->nr_pending) ||
	    nla_put_u32(msg, MGM_A_CONFIG_PENDING_DROPS,
			(u32)mn->pending_drops +
			atomic_read(&mn->rx_drops))) {
		mutex_unlock(&mn->lock);
		goto nla_put_failure;
	}
	mutex_unlock(&mn->lock);
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nla_put_failure:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int mgm_nl_config_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const struct {
		int attr;
		size_t off;
	} fields[] = {
		{ MGM_A_CONFIG_MAX_PROTOCOLS, offsetof(struct mgm_net, max_protocols) },
		{ MGM_A_CONFIG_MAX_INTERFACES, offsetof(struct mgm_net, max_ifaces) },
		{ MGM_A_CONFIG_MAX_MEMBERSHIPS, offsetof(struct mgm_net, max_members) },
		{ MGM_A_CONFIG_MAX_MFES, offsetof(struct mgm_net, max_mfes) },
		{ MGM_A_CONFIG_MAX_PENDING, offsetof(struct mgm_net, max_pending) },
		{ MGM_A_CONFIG_MAX_BACKLOG, offsetof(struct mgm_net, max_backlog) },
		{ MGM_A_CONFIG_MFE_TIMEOUT, offsetof(struct mgm_net, mfe_timeout) },
		{ MGM_A_CONFIG_CALLBACK_TIMEOUT, offsetof(struct mgm_net, cb_timeout) },
	};
	struct mgm_net *mn = mgm_nl_net(info);
	struct nlattr *tb[MGM_A_CONFIG_MAX + 1];
	unsigned int i;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MGM_A_CONFIG))
		return -EINVAL;
	ret = nla_parse_nested(tb, MGM_A_CONFIG_MAX, info->attrs[MGM_A_CONFIG],
			       mgm_config_nl_policy, info->extack);
	if (ret)
		return ret;
	if (tb[MGM_A_CONFIG_CALLBACK_TIMEOUT] &&
	    nla_get_u32(tb[MGM_A_CONFIG_CALLBACK_TIMEOUT]) > 60000) {
		MGM_NL_BAD_ATTR(info->extack,
				tb[MGM_A_CONFIG_CALLBACK_TIMEOUT],
				"callback timeout is at most 60000 ms");
		return -ERANGE;
	}
	for (i = MGM_A_CONFIG_PROTOCOLS; i <= MGM_A_CONFIG_MAX; i++) {
		if (tb[i]) {
			MGM_NL_BAD_ATTR(info->extack, tb[i],
					"usage counters are read only");
			return -EINVAL;
		}
	}

	mutex_lock(&mn->lock);
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (tb[fields[i].attr])
			*(u32 *)((char *)mn + fields[i].off) =
				nla_get_u32(tb[fields[i].attr]);
	mn->gen++;
	mutex_unlock(&mn->lock);
	return 0;
}

/* ---- test hook ---------------------------------------------------------- */

int mgm_nl_mfe_inject_doit(struct sk_buff *skb, struct genl_info *info)
{
#ifdef MGM_TEST_HOOKS
	struct mgm_net *mn = mgm_nl_net(info);
	struct mgm_pkt pkt = {};
	int ret;

	ret = mgm_nl_sg(info->attrs, &pkt.sg, true, info->extack);
	if (!ret)
		ret = mgm_nl_ifkey(info->attrs, pkt.sg.family, &pkt.in,
				   info->extack);
	if (ret)
		return ret;
	pkt.len = info->attrs[MGM_A_PKT_LEN] ?
		  nla_get_u32(info->attrs[MGM_A_PKT_LEN]) : 100;
	pkt.ttl = info->attrs[MGM_A_TTL] ?
		  nla_get_u8(info->attrs[MGM_A_TTL]) : 64;
	if (info->attrs[MGM_A_HEADER]) {
		pkt.hdr = nla_data(info->attrs[MGM_A_HEADER]);
		pkt.hdr_len = nla_len(info->attrs[MGM_A_HEADER]);
	}

	mutex_lock(&mn->lock);
	ret = mgm_rx(mn, &pkt);
	mutex_unlock(&mn->lock);
	return ret;
#else
	NL_SET_ERR_MSG_MOD(info->extack,
			   "test hooks are not built in (build with MGM_TEST=1)");
	return -EOPNOTSUPP;
#endif
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

struct genl_family mgm_nl_family __ro_after_init = {
	.name = MGM_FAMILY_NAME,
	.version = MGM_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = mgm_nl_ops,
	.n_ops = ARRAY_SIZE(mgm_nl_ops),
	.mcgrps = mgm_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mgm_nl_mcgrps),
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
