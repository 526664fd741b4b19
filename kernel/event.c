// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: events, the MGM callbacks of the Win32 API (spec §5, Appendix A.3).
 *
 * An event is unicast to the event socket of the protocol it is for, and
 * a copy goes to the read-only "monitor" multicast group.  Events carry a
 * sequence number that grows over the whole namespace in generation
 * order.  When the socket is full, events wait in a per-protocol backlog,
 * in order, and a work item retries; past the backlog limit further events
 * are dropped and a single overflow event follows once the backlog has
 * drained, telling the protocol to resynchronise.  Request events are
 * never dropped: if they cannot be queued the caller applies the default.
 */

#include <kunit/visibility.h>
#include <linux/skbuff.h>

#include "mgm.h"
#include "netlink-gen.h"

/* How long a full event socket is left alone before the next try. */
#define MGM_FLUSH_DELAY		msecs_to_jiffies(10)

static u32 mgm_event_cb_bit(u8 cmd)
{
	switch (cmd) {
	case MGM_CMD_RPF_REQ:
		return MGM_CB_RPF;
	case MGM_CMD_CREATION_REQ:
		return MGM_CB_CREATION_ALERT;
	case MGM_CMD_PRUNE_ALERT:
		return MGM_CB_PRUNE_ALERT;
	case MGM_CMD_JOIN_ALERT:
		return MGM_CB_JOIN_ALERT;
	case MGM_CMD_WRONG_IF:
		return MGM_CB_WRONG_IF;
	case MGM_CMD_LOCAL_JOIN:
		return MGM_CB_LOCAL_JOIN;
	case MGM_CMD_LOCAL_LEAVE:
		return MGM_CB_LOCAL_LEAVE;
	case MGM_CMD_DISABLE_IGMP:
		return MGM_CB_DISABLE_IGMP;
	case MGM_CMD_ENABLE_IGMP:
		return MGM_CB_ENABLE_IGMP;
	case MGM_CMD_IF_GONE:
		return MGM_CB_IF_GONE;
	default:
		return 0;	/* overflow: always */
	}
}

static int mgm_addr_len(u8 family)
{
	return family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(__be32);
}

int mgm_nla_put_addr(struct sk_buff *skb, int type, u8 family,
		     const union mgm_addr *addr)
{
	return nla_put(skb, type, mgm_addr_len(family), addr);
}

int mgm_nla_put_route(struct sk_buff *skb, int type, u8 family,
		      const struct mgm_route *route)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    mgm_nla_put_addr(skb, MGM_A_ROUTE_DST, family, &route->dst) ||
	    nla_put_u8(skb, MGM_A_ROUTE_DST_LEN, route->dst_len) ||
	    mgm_nla_put_addr(skb, MGM_A_ROUTE_GATEWAY, family,
			     &route->gateway) ||
	    nla_put_u32(skb, MGM_A_ROUTE_IFINDEX, route->ifindex) ||
	    nla_put_u32(skb, MGM_A_ROUTE_PROTO_ID, route->proto_id) ||
	    nla_put_u32(skb, MGM_A_ROUTE_TABLE, route->table) ||
	    nla_put_u32(skb, MGM_A_ROUTE_METRIC, route->metric))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int mgm_event_put_oifs(struct sk_buff *skb, u8 family,
			      const struct mgm_event *ev)
{
	u32 i;

	for (i = 0; i < ev->nr_oifs; i++) {
		const struct mgm_ev_oif *o = &ev->oifs[i];
		struct nlattr *nest = nla_nest_start(skb, MGM_A_OIF);

		if (!nest ||
		    nla_put_u32(skb, MGM_A_OIF_IFINDEX, o->key.ifindex) ||
		    mgm_nla_put_addr(skb, MGM_A_OIF_NEXTHOP, family,
				     &o->key.nh) ||
		    nla_put_u8(skb, MGM_A_OIF_IGMP, o->igmp) ||
		    nla_put_u8(skb, MGM_A_OIF_ENABLED, 1))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int mgm_event_fill(struct sk_buff *skb, const struct mgm_protocol *to,
			  const struct mgm_event *ev)
{
	u8 family = ev->sg ? ev->sg->family : AF_INET;
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &mgm_nl_family, 0, ev->cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, MGM_A_SEQ, ev->seq, MGM_A_PAD) ||
	    nla_put_u64_64bit(skb, MGM_A_HANDLE, to->handle, MGM_A_PAD) ||
	    nla_put_u8(skb, MGM_A_FAMILY, family))
		goto nla_put_failure;
	if (ev->req_id &&
	    nla_put_u64_64bit(skb, MGM_A_REQ_ID, ev->req_id, MGM_A_PAD))
		goto nla_put_failure;
	if (ev->sg &&
	    (mgm_nla_put_addr(skb, MGM_A_SRC, family, &ev->sg->src) ||
	     nla_put_u8(skb, MGM_A_SRC_LEN, ev->sg->src_len) ||
	     mgm_nla_put_addr(skb, MGM_A_GRP, family, &ev->sg->grp) ||
	     nla_put_u8(skb, MGM_A_GRP_LEN, ev->sg->grp_len)))
		goto nla_put_failure;
	if (ev->ifk &&
	    (nla_put_u32(skb, MGM_A_IFINDEX, ev->ifk->ifindex) ||
	     mgm_nla_put_addr(skb, MGM_A_NEXTHOP, family, &ev->ifk->nh)))
		goto nla_put_failure;
	if (ev->in_ifindex && nla_put_u32(skb, MGM_A_IFINDEX, ev->in_ifindex))
		goto nla_put_failure;
	if (ev->iif &&
	    (nla_put_u32(skb, MGM_A_IIF_IFINDEX, ev->iif->ifindex) ||
	     mgm_nla_put_addr(skb, MGM_A_IIF_NEXTHOP, family, &ev->iif->nh)))
		goto nla_put_failure;
	if (ev->upstream &&
	    mgm_nla_put_addr(skb, MGM_A_UPSTREAM, family, ev->upstream))
		goto nla_put_failure;
	if (ev->route && mgm_nla_put_route(skb, MGM_A_ROUTE, family, ev->route))
		goto nla_put_failure;
	if (ev->member_update >= 0 &&
	    nla_put_u8(skb, MGM_A_MEMBER_UPDATE, ev->member_update))
		goto nla_put_failure;
	if (ev->cmd == MGM_CMD_PRUNE_ALERT &&
	    nla_put_u32(skb, MGM_A_TIMEOUT, ev->timeout))
		goto nla_put_failure;
	if (mgm_event_put_oifs(skb, family, ev))
		goto nla_put_failure;
	if (ev->hdr_len && nla_put(skb, MGM_A_HEADER, ev->hdr_len, ev->hdr))
		goto nla_put_failure;
	if (ev->cmd == MGM_CMD_OVERFLOW &&
	    nla_put_u32(skb, MGM_A_DROPPED, ev->dropped))
		goto nla_put_failure;
	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static struct sk_buff *mgm_event_skb(const struct mgm_protocol *to,
				     const struct mgm_event *ev)
{
	size_t size = 512 + ev->hdr_len + ev->nr_oifs * 64;
	struct sk_buff *skb;

	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	if (mgm_event_fill(skb, to, ev)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/*
 * Hand queued events to the socket, oldest first, until it is full; then
 * try again a little later.  An empty backlog after losses is followed by
 * one overflow event.
 */
static void mgm_event_flush(struct mgm_protocol *proto)
{
	struct net *net = proto->mn->net;
	struct sk_buff *skb;

	mutex_lock(&proto->ev_lock);
	for (;;) {
		int err;

		skb = skb_dequeue(&proto->evq);
		if (!skb && proto->ev_dropped) {
			struct mgm_event ev = {
				.cmd = MGM_CMD_OVERFLOW,
				.dropped = proto->ev_dropped,
				.member_update = -1,
			};

			ev.seq = atomic64_inc_return(&proto->mn->ev_seq);
			skb = mgm_event_skb(proto, &ev);
			if (!skb)
				break;
			proto->ev_dropped = 0;
		}
		if (!skb)
			break;
		/*
		 * netlink consumes one reference even when the socket is
		 * full; keep ours to retry with.
		 */
		err = genlmsg_unicast(net, skb_get(skb), proto->event_portid);
		if (err == -EAGAIN) {
			skb_queue_head(&proto->evq, skb);
			schedule_delayed_work(&proto->flush, MGM_FLUSH_DELAY);
			break;
		}
		kfree_skb(skb);
	}
	mutex_unlock(&proto->ev_lock);
}

static void mgm_event_flush_work(struct work_struct *work)
{
	struct mgm_protocol *proto = container_of(to_delayed_work(work),
						  struct mgm_protocol, flush);

	mgm_event_flush(proto);
}

void mgm_event_proto_init(struct mgm_protocol *proto)
{
	mutex_init(&proto->ev_lock);
	skb_queue_head_init(&proto->evq);
	INIT_DELAYED_WORK(&proto->flush, mgm_event_flush_work);
}

/* The protocol is off the list: nothing queues for it any more. */
void mgm_event_proto_destroy(struct mgm_protocol *proto)
{
	cancel_delayed_work_sync(&proto->flush);
	skb_queue_purge(&proto->evq);
	mutex_destroy(&proto->ev_lock);
}

/**
 * mgm_event_send - queue an event for a protocol
 * @mn: per-netns state, lock held
 * @to: the recipient, or NULL
 * @ev: the event; its @seq is set here
 *
 * Return: 0 if the event was queued (or, for a non-request, dropped into
 * the overflow count); -ENOENT if there is no recipient or it does not
 * want this event; -ENOBUFS or -ENOMEM if a request could not be queued.
 * On a non-zero return the caller applies the request's default.
 */
int mgm_event_send(struct mgm_net *mn, struct mgm_protocol *to,
		   struct mgm_event *ev)
{
	u32 bit = mgm_event_cb_bit(ev->cmd);
	struct sk_buff *skb, *copy;

	lockdep_assert_held(&mn->lock);

	if (!to || (bit && !(to->cb_mask & bit)))
		return -ENOENT;

	if (!ev->req_id && skb_queue_len(&to->evq) >= mn->max_backlog) {
		to->ev_dropped++;
		return 0;
	}
	if (ev->req_id && skb_queue_len(&to->evq) >= mn->max_backlog)
		return -ENOBUFS;

	ev->seq = atomic64_inc_return(&mn->ev_seq);
	if (mn->event_hook) {
		mn->event_hook(mn, to, ev);
		return 0;
	}
	if (!mn->net)
		return ev->req_id ? -ENOENT : 0;

	skb = mgm_event_skb(to, ev);
	if (!skb) {
		if (ev->req_id)
			return -ENOMEM;
		to->ev_dropped++;
		return 0;
	}
	if (genl_has_listeners(&mgm_nl_family, mn->net, MGM_NLGRP_MONITOR)) {
		copy = skb_clone(skb, GFP_KERNEL);
		if (copy)
			genlmsg_multicast_netns(&mgm_nl_family, mn->net, copy,
						0, MGM_NLGRP_MONITOR,
						GFP_KERNEL);
	}
	skb_queue_tail(&to->evq, skb);
	mgm_event_flush(to);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_event_send);

/**
 * mgm_event_alert_others - send an event to every protocol but one
 * @mn: per-netns state, lock held
 * @except: the protocol left out
 * @ev: the event, sent in registration order
 */
void mgm_event_alert_others(struct mgm_net *mn, struct mgm_protocol *except,
			    struct mgm_event *ev)
{
	struct mgm_protocol *proto;

	list_for_each_entry(proto, &mn->protocols, node)
		if (proto != except)
			mgm_event_send(mn, proto, ev);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_event_alert_others);
