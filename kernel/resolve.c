// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: the miss path and requests to protocols (spec §5.0-§5.2, §6.3).
 *
 * The first packet of an unknown (S,G) makes a pending entry.  The MGM
 * looks S up in the FIB, asks the owner of the interface found (RPF
 * request), then asks the owners of the candidate outgoing interfaces
 * (creation requests), and installs the forwarding entry.  Requests are
 * events that carry an id; the kernel never waits for them under its
 * lock: each reply, or the timeout that applies the documented default,
 * moves the resolution one step on.
 *
 * Every function here is called with &mgm_net.lock held, except the work
 * function, which takes it.
 */

#include <kunit/visibility.h>
#include <linux/slab.h>
#include <net/ip_fib.h>
#include <net/route.h>

#include "mgm.h"

static void mgm_resolve_creation(struct mgm_net *mn, struct mgm_pending *p);

/**
 * mgm_work_kick - make sure the timer work runs by @when
 * @mn: per-netns state, lock held
 * @when: jiffies (in mgm_now() time)
 */
void mgm_work_kick(struct mgm_net *mn, unsigned long when)
{
	unsigned long at = when - mn->time_skew;

	if (!mn->net)
		return;
	if (delayed_work_pending(&mn->work) && !time_before(at, mn->work_at))
		return;
	mn->work_at = at;
	mod_delayed_work(system_wq, &mn->work,
			 time_after(at, jiffies) ? at - jiffies : 0);
}

struct mgm_request *mgm_request_find(struct mgm_net *mn, u64 id)
{
	struct mgm_request *r;

	list_for_each_entry(r, &mn->requests, node)
		if (r->id == id)
			return r;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_request_find);

static struct mgm_request *mgm_request_new(struct mgm_net *mn, u8 cmd,
					   struct mgm_protocol *to,
					   struct mgm_pending *p)
{
	struct mgm_request *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NULL;
	r->id = mn->next_req_id++;
	r->cmd = cmd;
	r->to = to;
	r->pending = p;
	r->deadline = mgm_now(mn) + msecs_to_jiffies(mn->cb_timeout);
	list_add_tail(&r->node, &mn->requests);
	return r;
}

static void mgm_request_free(struct mgm_request *r)
{
	list_del(&r->node);
	kfree(r->offered);
	kfree(r);
}

static struct mgm_pending *mgm_pending_find(struct mgm_net *mn,
					    const struct mgm_sg *sg)
{
	struct mgm_pending *p;

	hash_for_each_possible(mn->pending_ht, p, hnode, mgm_sg_hash(sg))
		if (!mgm_addr_cmp(&p->sg.src, &sg->src) &&
		    !mgm_addr_cmp(&p->sg.grp, &sg->grp) &&
		    p->sg.family == sg->family)
			return p;
	return NULL;
}

static void mgm_pending_free(struct mgm_net *mn, struct mgm_pending *p)
{
	struct mgm_request *r, *tmp;

	list_for_each_entry_safe(r, tmp, &mn->requests, node)
		if (r->pending == p)
			mgm_request_free(r);
	list_del(&p->node);
	hash_del(&p->hnode);
	mn->nr_pending--;
	__skb_queue_purge(&p->q);
	kfree(p->marks);
	kfree(p);
}

/* Install the entry, then forward the packets it held, in order. */
static void mgm_resolve_install(struct mgm_net *mn, struct mgm_pending *p)
{
	struct mgm_mfe *mfe = mgm_mfe_install(mn, p);
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&p->q))) {
		if (mfe && p->in.ifindex == mfe->iif.ifindex)
			mgm_fwd_queued(mn, mfe, skb, false);
		else
			consume_skb(skb);
	}
	mgm_pending_free(mn, p);
}

/*
 * Send request event @ev to @to and remember it.  Return: 0 if a reply
 * is awaited; otherwise the caller applies the default at once.
 */
static int mgm_request_send(struct mgm_net *mn, struct mgm_protocol *to,
			    struct mgm_pending *p, struct mgm_event *ev,
			    struct mgm_request **rp)
{
	struct mgm_request *r = mgm_request_new(mn, ev->cmd, to, p);
	int err;

	if (!r)
		return -ENOMEM;
	ev->req_id = r->id;
	err = mgm_event_send(mn, to, ev);
	if (err) {
		mgm_request_free(r);
		return err;
	}
	mgm_work_kick(mn, r->deadline);
	if (rp)
		*rp = r;
	return 0;
}

/* Step 2-3 of §6.3: the FIB lookup and the RPF request. */
static void mgm_resolve_rpf(struct mgm_net *mn, struct mgm_pending *p)
{
	struct mgm_protocol *to;
	struct mgm_rpf rpf;
	struct mgm_event ev = {
		.cmd = MGM_CMD_RPF_REQ,
		.sg = &p->sg,
		.in_ifindex = p->in.ifindex,
		.iif = &p->iif,
		.upstream = &p->upstream,
		.route = &p->route,
		.hdr = p->hdr,
		.hdr_len = p->hdr_len,
		.member_update = -1,
	};

	if (mn->rpf_lookup(mn, &p->sg, &rpf)) {
		p->iif.ifindex = rpf.ifindex;
		p->iif.nh = rpf.gateway;
		if (!mgm_if_find(mn, &p->iif))
			p->iif.nh = (union mgm_addr){};
		p->upstream = rpf.gateway;
		p->route = rpf.route;
	} else {
		/* No route: the arrival interface is all we know. */
		p->iif = p->in;
	}

	to = mgm_if_owner_of(mn, &p->iif);
	if (!to && mgm_if_owner_of(mn, &p->in)) {
		/*
		 * Nobody owns the interface towards the source: ask the owner
		 * of the arrival interface, proposing that one (§5.1).
		 */
		p->iif = p->in;
		p->upstream = (union mgm_addr){};
		to = mgm_if_owner_of(mn, &p->iif);
	}
	if (to && !mgm_request_send(mn, to, p, &ev, NULL)) {
		p->state = MGM_PENDING_RPF;
		return;
	}
	mgm_resolve_creation(mn, p);
}

/* Step 4-5 of §6.3: creation requests to the owners of the candidates. */
static void mgm_resolve_creation(struct mgm_net *mn, struct mgm_pending *p)
{
	struct mgm_protocol *proto;
	struct mgm_oifs *cand;
	struct mgm_ev_oif *oifs;
	u32 i;

	if (!p->iif.ifindex) {
		/* The RPF owner refused the traffic. */
		p->negative = true;
		p->iif = p->in;
	} else if (!mgm_if_find(mn, &p->iif)) {
		p->negative = true;
	}
	if (p->negative)
		goto install;

	cand = mgm_oifs_compute(mn, &p->sg, &p->iif, NULL, 0);
	if (!cand)
		goto install;
	oifs = kcalloc(cand->nr, sizeof(*oifs), GFP_KERNEL);
	if (!oifs) {
		kfree(cand);
		goto install;
	}

	p->state = MGM_PENDING_CREATION;
	p->waiting = 0;
	list_for_each_entry(proto, &mn->protocols, node) {
		struct mgm_request *r;
		struct mgm_event ev = {
			.cmd = MGM_CMD_CREATION_REQ,
			.sg = &p->sg,
			.iif = &p->iif,
			.oifs = oifs,
			.member_update = -1,
		};
		u32 n = 0;

		for (i = 0; i < cand->nr; i++) {
			struct mgm_iface *ifc = mgm_if_find(mn, &cand->oif[i]);

			if (mgm_if_owner(ifc) != proto)
				continue;
			oifs[n].key = cand->oif[i];
			oifs[n].igmp = !!ifc->igmp;
			n++;
		}
		if (!n)
			continue;
		ev.nr_oifs = n;
		if (mgm_request_send(mn, proto, p, &ev, &r))
			continue;
		r->offered = kcalloc(n, sizeof(*r->offered), GFP_KERNEL);
		if (r->offered) {
			for (i = 0; i < n; i++)
				r->offered[i] = oifs[i].key;
			r->nr_offered = n;
		}
		p->waiting++;
	}
	kfree(oifs);
	kfree(cand);
	if (p->waiting)
		return;
install:
	mgm_resolve_install(mn, p);
}

/* At most one wrong-interface event per entry, arrival interface, second. */
static bool mgm_wrong_if_allowed(struct mgm_mfe *mfe,
				 const struct mgm_ifkey *in, unsigned long now)
{
	struct mgm_wrong_if *w;
	u32 i;

	for (i = 0; i < mfe->nr_wrong_if; i++) {
		w = &mfe->wrong_if[i];
		if (mgm_ifkey_cmp(&w->key, in))
			continue;
		if (time_before(now, w->last + HZ))
			return false;
		w->last = now;
		return true;
	}
	w = krealloc_array(mfe->wrong_if, mfe->nr_wrong_if + 1, sizeof(*w),
			   GFP_KERNEL_ACCOUNT);
	if (!w)
		return false;
	mfe->wrong_if = w;
	w[mfe->nr_wrong_if].key = *in;
	w[mfe->nr_wrong_if].last = now;
	mfe->nr_wrong_if++;
	return true;
}

static void mgm_rx_mfe(struct mgm_net *mn, struct mgm_mfe *mfe,
		       const struct mgm_pkt *pkt)
{
	struct mgm_mfe_stats *st = &mfe->stats;
	unsigned long now = mgm_now(mn);
	struct mgm_protocol *to;
	struct mgm_event ev = {
		.cmd = MGM_CMD_WRONG_IF,
		.sg = &mfe->sg,
		.ifk = &pkt->in,
		.hdr = pkt->hdr,
		.hdr_len = min_t(u32, pkt->hdr_len, MGM_HDR_MAX),
		.member_update = -1,
	};

	if (mgm_ifkey_cmp(&pkt->in, &mfe->iif)) {
		if (!pkt->counted) {
			st->different_if++;
			st->in_discards++;
		}
		to = mgm_if_owner_of(mn, &pkt->in);
		if (to && mgm_wrong_if_allowed(mfe, &pkt->in, now))
			mgm_event_send(mn, to, &ev);
		return;
	}
	st->in_packets++;
	st->in_bytes += pkt->len;
	mfe->last_use = jiffies;
	if (pkt->ttl <= 1) {
		st->hdr_errors++;
		st->in_discards++;
	} else if (!mgm_mfe_oifs(mfe)->nr) {
		st->negative++;
		st->in_discards++;
	} else {
		st->out_packets += mgm_mfe_oifs(mfe)->nr;
	}
}

/**
 * mgm_rx - a multicast packet reached the MGM (MgmNewPacketReceived)
 * @mn: per-netns state, lock held
 * @pkt: what the forwarding code knows of it
 *
 * Counts it against its forwarding entry (and raises the rate-limited
 * wrong-interface event), or queues it on the pending entry of its (S,G),
 * or starts resolving a new (S,G).  Link-local groups never make entries.
 * A packet from the data path (@pkt->skb) is forwarded if its entry was
 * installed since it was queued, held while its (S,G) is pending, and
 * freed otherwise.
 *
 * Return: 0, or -EAFNOSUPPORT for a family other than AF_INET.
 */
int mgm_rx(struct mgm_net *mn, const struct mgm_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	struct mgm_pending *p;
	struct mgm_mfe *mfe;
	int ret = 0;

	lockdep_assert_held(&mn->lock);

	if (pkt->sg.family != AF_INET) {
		ret = -EAFNOSUPPORT;
		goto out;
	}
	if (ipv4_is_local_multicast(pkt->sg.grp.ip4))
		goto out;

	mfe = mgm_mfe_find(mn, &pkt->sg);
	if (mfe) {
		if (skb && pkt->in.ifindex == mfe->iif.ifindex) {
			mgm_fwd_queued(mn, mfe, skb, true);
			return 0;
		}
		mgm_rx_mfe(mn, mfe, pkt);
		goto out;
	}

	p = mgm_pending_find(mn, &pkt->sg);
	if (p) {
		p->packets++;
		if (p->queued >= MGM_PENDING_QLEN) {
			p->overflow++;
			goto out;
		}
		p->queued++;
		p->bytes += pkt->len;
		p->ttl_low += pkt->ttl <= 1;
		if (skb) {
			__skb_queue_tail(&p->q, skb);
			skb = NULL;
		}
		goto out;
	}

	if (mn->nr_pending >= mn->max_pending) {
		mn->pending_drops++;
		goto out;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p) {
		mn->pending_drops++;
		goto out;
	}
	p->sg = pkt->sg;
	p->sg.src_len = 32;
	p->sg.grp_len = 32;
	p->in = pkt->in;
	p->packets = 1;
	p->queued = 1;
	p->ttl_low = pkt->ttl <= 1;
	p->bytes = pkt->len;
	p->hdr_len = min_t(u32, pkt->hdr_len, MGM_HDR_MAX);
	if (p->hdr_len)
		memcpy(p->hdr, pkt->hdr, p->hdr_len);
	__skb_queue_head_init(&p->q);
	if (skb)
		__skb_queue_tail(&p->q, skb);
	list_add_tail(&p->node, &mn->pending);
	hash_add(mn->pending_ht, &p->hnode, mgm_sg_hash(&p->sg));
	mn->nr_pending++;

	mgm_resolve_rpf(mn, p);
	return 0;
out:
	consume_skb(skb);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_rx);

static struct mgm_request *mgm_reply_find(struct mgm_net *mn,
					  struct mgm_protocol *proto,
					  u64 req_id, u8 cmd,
					  struct netlink_ext_ack *extack)
{
	struct mgm_request *r = mgm_request_find(mn, req_id);

	if (!r || r->to != proto || r->cmd != cmd) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no such request for this protocol (answered or timed out)");
		return NULL;
	}
	return r;
}

/**
 * mgm_cb_reply_rpf - the answer to an RPF request
 * @mn: per-netns state, lock held
 * @proto: the protocol answering
 * @req_id: the request
 * @iif: the incoming interface it expects the traffic on (ifindex 0:
 *	refuse), or NULL to keep the proposal
 * @upstream: the upstream neighbour, or NULL
 * @route: route prefix, length and origin it used, or NULL
 * @extack: where to report a refusal
 *
 * Return: 0, or -ENOENT for an unknown request (late replies included).
 */
int mgm_cb_reply_rpf(struct mgm_net *mn, struct mgm_protocol *proto,
		     u64 req_id, const struct mgm_ifkey *iif,
		     const union mgm_addr *upstream,
		     const struct mgm_route *route,
		     struct netlink_ext_ack *extack)
{
	struct mgm_request *r;
	struct mgm_pending *p;

	lockdep_assert_held(&mn->lock);

	r = mgm_reply_find(mn, proto, req_id, MGM_CMD_RPF_REQ, extack);
	if (!r)
		return -ENOENT;
	p = r->pending;
	mgm_request_free(r);
	if (iif)
		p->iif = *iif;
	if (upstream)
		p->upstream = *upstream;
	if (route) {
		p->route.dst = route->dst;
		p->route.dst_len = route->dst_len;
		p->route.proto_id = route->proto_id;
	}
	mgm_resolve_creation(mn, p);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_cb_reply_rpf);

static void mgm_pending_veto(struct mgm_pending *p, const struct mgm_ifkey *k)
{
	struct mgm_mark *marks;

	marks = krealloc_array(p->marks, p->nr_marks + 1, sizeof(*marks),
			       GFP_KERNEL_ACCOUNT);
	if (!marks)
		return;
	p->marks = marks;
	marks[p->nr_marks].key = *k;
	marks[p->nr_marks].flags = MGM_MARK_VETO;
	p->nr_marks++;
}

static void mgm_creation_done(struct mgm_net *mn, struct mgm_request *r)
{
	struct mgm_pending *p = r->pending;

	mgm_request_free(r);
	if (!--p->waiting)
		mgm_resolve_install(mn, p);
}

/**
 * mgm_cb_reply_creation - the answer to a creation request
 * @mn: per-netns state, lock held
 * @proto: the protocol answering
 * @req_id: the request
 * @disabled: offered interfaces it does not want the new entry on
 * @nr_disabled: number of @disabled
 * @extack: where to report a refusal
 *
 * Interfaces that were not offered to @proto are ignored.
 * Return: 0, or -ENOENT for an unknown request (late replies included).
 */
int mgm_cb_reply_creation(struct mgm_net *mn, struct mgm_protocol *proto,
			  u64 req_id, const struct mgm_ifkey *disabled,
			  u32 nr_disabled, struct netlink_ext_ack *extack)
{
	struct mgm_request *r;
	u32 i, j;

	lockdep_assert_held(&mn->lock);

	r = mgm_reply_find(mn, proto, req_id, MGM_CMD_CREATION_REQ, extack);
	if (!r)
		return -ENOENT;
	for (i = 0; i < nr_disabled; i++)
		for (j = 0; j < r->nr_offered; j++)
			if (!mgm_ifkey_cmp(&disabled[i], &r->offered[j]))
				mgm_pending_veto(r->pending, &disabled[i]);
	mgm_creation_done(mn, r);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_cb_reply_creation);

/**
 * mgm_cb_reply_prune - the answer to an emptied-entry prune alert
 * @mn: per-netns state, lock held
 * @proto: the protocol answering
 * @req_id: the request
 * @timeout: how long the entry stays, in seconds (0: never ages)
 * @extack: where to report a refusal
 *
 * Return: 0, or -ENOENT for an unknown request (late replies included).
 */
int mgm_cb_reply_prune(struct mgm_net *mn, struct mgm_protocol *proto,
		       u64 req_id, u32 timeout,
		       struct netlink_ext_ack *extack)
{
	struct mgm_request *r;
	struct mgm_sg sg;

	lockdep_assert_held(&mn->lock);

	r = mgm_reply_find(mn, proto, req_id, MGM_CMD_PRUNE_ALERT, extack);
	if (!r)
		return -ENOENT;
	sg = r->sg;
	mgm_request_free(r);
	mgm_mfe_prune_timeout(mn, &sg, timeout);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_cb_reply_prune);

/**
 * mgm_prune_request - tell the owner of an entry's incoming interface
 * that the entry has no outgoing interface any more (§5.4, rule C)
 * @mn: per-netns state, lock held
 * @mfe: the entry
 *
 * Return: the request id if a reply is awaited, else 0.
 */
u64 mgm_prune_request(struct mgm_net *mn, struct mgm_mfe *mfe)
{
	struct mgm_protocol *to = mgm_if_owner_of(mn, &mfe->iif);
	struct mgm_request *r, *tmp;
	struct mgm_event ev = {
		.cmd = MGM_CMD_PRUNE_ALERT,
		.sg = &mfe->sg,
		.ifk = &mfe->iif,
		.member_update = 0,
		.timeout = mfe->timeout,
	};

	/* One outstanding question per entry: a newer one replaces it. */
	list_for_each_entry_safe(r, tmp, &mn->requests, node)
		if (r->cmd == MGM_CMD_PRUNE_ALERT &&
		    !mgm_addr_cmp(&r->sg.src, &mfe->sg.src) &&
		    !mgm_addr_cmp(&r->sg.grp, &mfe->sg.grp))
			mgm_request_free(r);
	if (!to || mgm_request_send(mn, to, NULL, &ev, &r))
		return 0;
	r->sg = mfe->sg;
	return r->id;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_prune_request);

/* A request ends without a reply: apply its default (§5.0). */
static void mgm_request_default(struct mgm_net *mn, struct mgm_request *r)
{
	struct mgm_pending *p = r->pending;

	switch (r->cmd) {
	case MGM_CMD_RPF_REQ:
		mgm_request_free(r);
		mgm_resolve_creation(mn, p);
		break;
	case MGM_CMD_CREATION_REQ:
		mgm_creation_done(mn, r);
		break;
	default:
		mgm_request_free(r);
		break;
	}
}

/**
 * mgm_requests_cancel - a protocol goes: its requests get their defaults
 * @mn: per-netns state, lock held
 * @proto: the protocol, already off the protocol list
 */
void mgm_requests_cancel(struct mgm_net *mn, struct mgm_protocol *proto)
{
	struct mgm_request *r;

	lockdep_assert_held(&mn->lock);
again:
	list_for_each_entry(r, &mn->requests, node) {
		if (r->to == proto) {
			/* Defaults may add and free requests: start over. */
			mgm_request_default(mn, r);
			goto again;
		}
	}
}

/**
 * mgm_timers_run - apply request timeouts and age forwarding entries
 * @mn: per-netns state, lock held
 */
void mgm_timers_run(struct mgm_net *mn)
{
	unsigned long now = mgm_now(mn), next = now + 3600 * HZ;
	struct mgm_request *r;

	lockdep_assert_held(&mn->lock);
again:
	list_for_each_entry(r, &mn->requests, node) {
		if (time_after_eq(now, r->deadline)) {
			mgm_request_default(mn, r);
			goto again;
		}
		if (time_before(r->deadline, next))
			next = r->deadline;
	}
	mgm_mfe_expire(mn, now, &next);
	mgm_work_kick(mn, next);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_timers_run);

/**
 * mgm_resolve_free_all - free pending entries and requests, silently
 * @mn: per-netns state, going away
 */
void mgm_resolve_free_all(struct mgm_net *mn)
{
	struct mgm_pending *p, *tmp;
	struct mgm_request *r, *rtmp;

	list_for_each_entry_safe(r, rtmp, &mn->requests, node)
		mgm_request_free(r);
	list_for_each_entry_safe(p, tmp, &mn->pending, node)
		mgm_pending_free(mn, p);
}

/* Linux route origins in routprot.h numbering (spec A.5). */
static u32 mgm_route_proto(u8 rtm_protocol)
{
	switch (rtm_protocol) {
	case RTPROT_KERNEL:
		return 2;	/* PROTO_IP_LOCAL */
	case RTPROT_BOOT:
	case RTPROT_STATIC:
		return 3;	/* PROTO_IP_NETMGMT */
	case RTPROT_RIP:
		return 8;	/* PROTO_IP_RIP */
	case RTPROT_OSPF:
		return 13;	/* PROTO_IP_OSPF */
	case RTPROT_BGP:
		return 14;	/* PROTO_IP_BGP */
	default:
		return 1;	/* PROTO_IP_OTHER */
	}
}

/**
 * mgm_rpf_fib - the multicast view: look the source up in the FIB
 * @mn: per-netns state
 * @sg: the (S,G)
 * @rpf: receives the interface, gateway and route
 *
 * Return: true if a unicast route towards the source exists.
 */
bool mgm_rpf_fib(struct mgm_net *mn, const struct mgm_sg *sg,
		 struct mgm_rpf *rpf)
{
	struct flowi4 fl4 = { .daddr = sg->src.ip4 };
	struct fib_nh_common *nhc;
	struct fib_result res;
	bool found = false;

	memset(rpf, 0, sizeof(*rpf));
	if (!mn->net || sg->family != AF_INET)
		return false;

	rcu_read_lock();
	if (fib_lookup(mn->net, &fl4, &res, 0) || res.type != RTN_UNICAST)
		goto out;
	nhc = FIB_RES_NHC(res);
	if (!nhc || !nhc->nhc_dev)
		goto out;
	rpf->ifindex = nhc->nhc_dev->ifindex;
	if (nhc->nhc_gw_family == AF_INET)
		rpf->gateway.ip4 = nhc->nhc_gw.ipv4;
	rpf->route.dst.ip4 = htonl(ntohl(sg->src.ip4) &
				   (res.prefixlen ? ~0U << (32 - res.prefixlen) : 0));
	rpf->route.dst_len = res.prefixlen;
	rpf->route.gateway = rpf->gateway;
	rpf->route.ifindex = rpf->ifindex;
	rpf->route.proto_id = mgm_route_proto(res.fi->fib_protocol);
	rpf->route.table = res.table ? res.table->tb_id : 0;
	rpf->route.metric = res.fi->fib_priority;
	found = true;
out:
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_rpf_fib);
