// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: the data path (spec §6.1, §6.3 step 1, §6.9).
 *
 * A netfilter hook at the end of PRE_ROUTING sees every IPv4 packet of the
 * namespace before the routing decision; it is registered when the first
 * interface of the namespace is taken, so a namespace without protocols
 * pays nothing.  A multicast packet that arrives on an owned interface is
 * looked up by (S,G) in an RCU hash table of the forwarding entries:
 *
 *  - hit, right incoming interface: counted in per-CPU counters and
 *    replicated to every outgoing device (a clone each, none for the last
 *    one when no local socket joined the group: the packet itself goes);
 *  - hit, other interface: counted as a wrong-interface packet; a few per
 *    second are handed to the miss path, which raises the rate-limited
 *    event (spec §5.7);
 *  - miss: a clone goes to a bounded queue that a work item feeds to
 *    mgm_rx() under &mgm_net.lock (the pending entry, its requests, and
 *    later the replay of the packets it held).
 *
 * Link-local groups (224.0.0.0/24), IGMP and looped-back packets are never
 * touched, and the hook leaves an interface alone while the kernel's own
 * multicast routing (ipmr) forwards on it.  Local delivery is untouched:
 * the hook returns NF_ACCEPT unless it sent the packet itself out.
 *
 * Every outgoing set (&struct mgm_oifs) caches its devices (a reference
 * each) and their counters, so a replica costs a clone, a header copy
 * when the data is shared, the TTL decrement, the link-layer header and
 * dev_queue_xmit(): no route lookup.  A set is built in process context
 * under &mgm_net.lock and replaced as a whole with RCU.
 */

#include <kunit/visibility.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/igmp.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/ip.h>
#include <net/route.h>

#include "mgm.h"

/* What the data path tells the miss path about a queued packet. */
struct mgm_skb_cb {
	struct inet_skb_parm ip;	/* left as the receive path set it */
	int iif;
	bool counted;
};

static struct mgm_skb_cb *mgm_skb_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct mgm_skb_cb) > sizeof(skb->cb));
	return (struct mgm_skb_cb *)skb->cb;
}

const struct rhashtable_params mgm_mfe_ht_params = {
	.key_len = sizeof(struct mgm_hkey),
	.key_offset = offsetof(struct mgm_mfe, hkey),
	.head_offset = offsetof(struct mgm_mfe, hnode),
	.automatic_shrinking = true,
};
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_ht_params);

/**
 * mgm_hkey_set - the hash key of an (S,G)
 * @hk: the key to fill (padding included)
 * @sg: the (S,G)
 */
void mgm_hkey_set(struct mgm_hkey *hk, const struct mgm_sg *sg)
{
	memset(hk, 0, sizeof(*hk));
	hk->src = sg->src;
	hk->grp = sg->grp;
	hk->family = sg->family;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_hkey_set);

/**
 * mgm_sg_hash - hash of an (S,G) for the miss path's tables
 * @sg: the (S,G)
 */
u32 mgm_sg_hash(const struct mgm_sg *sg)
{
	struct mgm_hkey hk;

	mgm_hkey_set(&hk, sg);
	return jhash(&hk, sizeof(hk), 0);
}

/* ---- counters ----------------------------------------------------------- */

static void mgm_oif_inc(const struct mgm_fwd_oif *o, enum mgm_oif_ctr c)
{
	struct mgm_oif_pcpu *pc;

	if (!o->st)
		return;
	pc = this_cpu_ptr(o->st);
	u64_stats_update_begin(&pc->syncp);
	u64_stats_inc(&pc->c[c]);
	u64_stats_update_end(&pc->syncp);
}

static struct mgm_mfe_pcpu *mgm_mfe_pcpu_begin(struct mgm_mfe *mfe)
{
	struct mgm_mfe_pcpu *pc = this_cpu_ptr(mfe->pcpu);

	u64_stats_update_begin(&pc->syncp);
	return pc;
}

static void mgm_mfe_pcpu_end(struct mgm_mfe_pcpu *pc)
{
	u64_stats_update_end(&pc->syncp);
}

/**
 * mgm_mfe_stats_read - the counters of an entry, summed over the CPUs
 * @mfe: the entry
 * @st: receives them
 */
void mgm_mfe_stats_read(const struct mgm_mfe *mfe, struct mgm_mfe_stats *st)
{
	int cpu;

	*st = mfe->stats;
	if (!mfe->pcpu)
		return;
	for_each_possible_cpu(cpu) {
		const struct mgm_mfe_pcpu *pc = per_cpu_ptr(mfe->pcpu, cpu);
		struct mgm_mfe_stats v;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&pc->syncp);
			v.in_packets = u64_stats_read(&pc->in_packets);
			v.in_bytes = u64_stats_read(&pc->in_bytes);
			v.different_if = u64_stats_read(&pc->different_if);
			v.negative = u64_stats_read(&pc->negative);
			v.in_discards = u64_stats_read(&pc->in_discards);
			v.hdr_errors = u64_stats_read(&pc->hdr_errors);
			v.out_packets = u64_stats_read(&pc->out_packets);
		} while (u64_stats_fetch_retry(&pc->syncp, start));
		st->in_packets += v.in_packets;
		st->in_bytes += v.in_bytes;
		st->different_if += v.different_if;
		st->negative += v.negative;
		st->in_discards += v.in_discards;
		st->hdr_errors += v.hdr_errors;
		st->out_packets += v.out_packets;
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_stats_read);

/**
 * mgm_mfe_in_packets - packets that arrived on an entry's incoming
 * interface, all paths together
 * @mfe: the entry
 */
u64 mgm_mfe_in_packets(const struct mgm_mfe *mfe)
{
	struct mgm_mfe_stats st;

	mgm_mfe_stats_read(mfe, &st);
	return st.in_packets;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_in_packets);

static struct mgm_fwd_oif *mgm_fwd_find(const struct mgm_oifs *set,
					u32 ifindex)
{
	u32 i;

	for (i = 0; i < set->nr_fwd; i++)
		if (set->fwd[i].dev->ifindex == ifindex)
			return &set->fwd[i];
	return NULL;
}

/**
 * mgm_oif_stats_read - the counters of an outgoing device of an entry
 * @set: the entry's current outgoing set
 * @ifindex: the device
 * @st: receives them (zero if the data path has no state for it)
 */
void mgm_oif_stats_read(const struct mgm_oifs *set, u32 ifindex,
			struct mgm_oif_stats *st)
{
	const struct mgm_fwd_oif *o = mgm_fwd_find(set, ifindex);
	int cpu;

	memset(st, 0, sizeof(*st));
	if (!o || !o->st)
		return;
	for_each_possible_cpu(cpu) {
		const struct mgm_oif_pcpu *pc = per_cpu_ptr(o->st, cpu);
		u64 v[MGM_OIF_NR];
		unsigned int start;
		int i;

		do {
			start = u64_stats_fetch_begin(&pc->syncp);
			for (i = 0; i < MGM_OIF_NR; i++)
				v[i] = u64_stats_read(&pc->c[i]);
		} while (u64_stats_fetch_retry(&pc->syncp, start));
		st->packets += v[MGM_OIF_PACKETS];
		st->discards += v[MGM_OIF_DISCARDS];
		st->ttl_too_low += v[MGM_OIF_TTL_TOO_LOW];
		st->frag_needed += v[MGM_OIF_FRAG_NEEDED];
	}
}

/* ---- outgoing sets ------------------------------------------------------ */

/**
 * mgm_fwd_attach - give an outgoing set its output state
 * @mn: per-netns state, lock held
 * @set: the new set, not yet visible to the data path
 * @old: the set it replaces, or NULL: devices that stay keep their
 *	counters
 *
 * Without memory, or for a device that is going away, the set simply
 * forwards on fewer devices; the membership state is unaffected.
 */
void mgm_fwd_attach(struct mgm_net *mn, struct mgm_oifs *set,
		    const struct mgm_oifs *old)
{
	u32 i;

	set->fwd = NULL;
	set->nr_fwd = 0;
	if (!mn->net || !set->nr)
		return;
	set->fwd = kcalloc(set->nr, sizeof(*set->fwd), GFP_KERNEL_ACCOUNT);
	if (!set->fwd)
		return;
	for (i = 0; i < set->nr; i++) {
		struct mgm_fwd_oif *o = &set->fwd[set->nr_fwd], *prev;
		u32 ifindex = set->oif[i].ifindex;
		int cpu;

		/* Links of one device (next hops) share one copy. */
		if (mgm_fwd_find(set, ifindex))
			continue;
		o->dev = dev_get_by_index(mn->net, ifindex);
		if (!o->dev)
			continue;
		prev = old ? mgm_fwd_find(old, ifindex) : NULL;
		if (prev && prev->st) {
			o->st = prev->st;
			o->owns_st = prev->owns_st;
			prev->owns_st = false;
		} else {
			o->st = alloc_percpu_gfp(struct mgm_oif_pcpu,
						 GFP_KERNEL_ACCOUNT);
			o->owns_st = true;
			if (o->st)
				for_each_possible_cpu(cpu)
					u64_stats_init(&per_cpu_ptr(o->st, cpu)->syncp);
		}
		set->nr_fwd++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_fwd_attach);

/**
 * mgm_oifs_free - free a set now
 * @set: the set (NULL is fine); no reader can see it
 */
void mgm_oifs_free(struct mgm_oifs *set)
{
	u32 i;

	if (!set)
		return;
	for (i = 0; i < set->nr_fwd; i++) {
		dev_put(set->fwd[i].dev);
		if (set->fwd[i].owns_st)
			free_percpu(set->fwd[i].st);
	}
	kfree(set->fwd);
	kfree(set);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_oifs_free);

static void mgm_oifs_free_cb(struct rcu_head *head)
{
	mgm_oifs_free(container_of(head, struct mgm_oifs, rcu));
}

/**
 * mgm_oifs_free_rcu - free a set the data path may still be using
 * @set: the set, already replaced
 */
void mgm_oifs_free_rcu(struct mgm_oifs *set)
{
	call_rcu(&set->rcu, mgm_oifs_free_cb);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_oifs_free_rcu);

/* ---- transmission ------------------------------------------------------- */

static int mgm_hard_header(struct sk_buff *skb, struct net_device *dev)
{
	__be32 grp = ip_hdr(skb)->daddr;
	char haddr[MAX_ADDR_LEN];

	if (!dev->header_ops)
		return 0;
	switch (dev->type) {
	case ARPHRD_ETHER:
	case ARPHRD_IEEE802:
		ip_eth_mc_map(grp, haddr);
		break;
	case ARPHRD_INFINIBAND:
		ip_ib_mc_map(grp, dev->broadcast, haddr);
		break;
	case ARPHRD_IPGRE:
		ip_ipgre_mc_map(grp, dev->broadcast, haddr);
		break;
	default:
		memcpy(haddr, dev->broadcast, dev->addr_len);
		break;
	}
	return dev_hard_header(skb, dev, ETH_P_IP, haddr, NULL, skb->len) < 0 ?
	       -EINVAL : 0;
}

/* Forwarded state of a replica, as ip_forward() leaves it. */
static void mgm_skb_prepare(struct sk_buff *skb, struct net_device *dev)
{
	nf_reset_ct(skb);
	skb_clear_tstamp(skb);
	skb_forward_csum(skb);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	IPCB(skb)->flags |= IPSKB_FORWARDED;
}

static int mgm_frag_output(struct net *net, struct sock *sk,
			   struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	int ret;

	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev)) ||
	    mgm_hard_header(skb, dev)) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	ret = dev_queue_xmit(skb);
	return net_xmit_eval(ret);
}

/*
 * A packet bigger than the device's MTU without DF: fragment it as the
 * output path would.  This is the only place that looks a route up, to
 * give ip_do_fragment() the dst it wants; ipmr does that for every copy.
 */
static int mgm_xmit_frag(struct net *net, struct net_device *dev,
			 struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.flowi4_oif = dev->ifindex,
		.daddr = ip_hdr(skb)->daddr,
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt;

	if (skb_is_gso(skb))
		goto drop;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		goto drop;
	if (skb_cow(skb, LL_RESERVED_SPACE(dev))) {
		ip_rt_put(rt);
		goto drop;
	}
	ip_decrease_ttl(ip_hdr(skb));
	mgm_skb_prepare(skb, dev);
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	return ip_do_fragment(net, NULL, skb, mgm_frag_output);

drop:
	kfree_skb(skb);
	return -ENOMEM;
}

/* Send one replica; consumes @skb.  Return: true if it left. */
static bool mgm_xmit(struct net *net, const struct mgm_fwd_oif *o,
		     struct sk_buff *skb)
{
	struct net_device *dev = o->dev;
	unsigned int mtu = READ_ONCE(dev->mtu);
	int ret;

	if (!(READ_ONCE(dev->flags) & IFF_UP))
		goto discard;
	if (skb->len > mtu &&
	    !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))) {
		if (ip_hdr(skb)->frag_off & htons(IP_DF)) {
			/* As ipmr: no ICMP for multicast, just a count. */
			mgm_oif_inc(o, MGM_OIF_FRAG_NEEDED);
			kfree_skb(skb);
			return false;
		}
		if (mgm_xmit_frag(net, dev, skb))
			goto counted_discard;
		goto sent;
	}
	if (skb_cow(skb, LL_RESERVED_SPACE(dev)))
		goto discard;
	ip_decrease_ttl(ip_hdr(skb));
	skb_dst_drop(skb);
	mgm_skb_prepare(skb, dev);
	if (mgm_hard_header(skb, dev))
		goto discard;
	/* net_xmit_eval() evaluates its argument twice. */
	ret = dev_queue_xmit(skb);
	if (net_xmit_eval(ret))
		goto counted_discard;
sent:
	mgm_oif_inc(o, MGM_OIF_PACKETS);
	return true;

discard:
	kfree_skb(skb);
counted_discard:
	mgm_oif_inc(o, MGM_OIF_DISCARDS);
	return false;
}

/* Did a local socket join @grp on @in_dev?  (RCU read side.) */
static bool mgm_local_member(struct in_device *in_dev, __be32 grp)
{
	struct ip_mc_list *im;

	for (im = rcu_dereference(in_dev->mc_list); im;
	     im = rcu_dereference(im->next_rcu))
		if (im->multiaddr == grp)
			return true;
	return false;
}

/*
 * Forward @skb on @mfe's outgoing devices, in BH context under RCU.
 * @own: the caller gives @skb away (the last copy may be @skb itself)
 * @count_in: count it as an arriving packet (not for replays, which the
 *	entry counted when it was installed)
 * Return: true if @skb was consumed (only with @own).
 */
static bool mgm_fwd(struct net *net, struct mgm_mfe *mfe,
		    struct sk_buff *skb, bool own, bool count_in)
{
	const struct mgm_oifs *set = rcu_dereference(mfe->oifs);
	bool ttl_low = ip_hdr(skb)->ttl <= 1;
	unsigned long now = jiffies;
	struct mgm_mfe_pcpu *pc;
	u32 i, sent = 0;

	if (count_in) {
		if (READ_ONCE(mfe->last_use) != now)
			WRITE_ONCE(mfe->last_use, now);
		pc = mgm_mfe_pcpu_begin(mfe);
		u64_stats_inc(&pc->in_packets);
		u64_stats_add(&pc->in_bytes, skb->len);
		if (ttl_low) {
			u64_stats_inc(&pc->hdr_errors);
			u64_stats_inc(&pc->in_discards);
		} else if (!set->nr) {
			u64_stats_inc(&pc->negative);
			u64_stats_inc(&pc->in_discards);
		}
		mgm_mfe_pcpu_end(pc);
	}
	if (ttl_low) {
		for (i = 0; i < set->nr_fwd; i++)
			mgm_oif_inc(&set->fwd[i], MGM_OIF_TTL_TOO_LOW);
		return false;
	}

	for (i = 0; i < set->nr_fwd; i++) {
		const struct mgm_fwd_oif *o = &set->fwd[i];
		struct sk_buff *copy;

		if (own && i + 1 == set->nr_fwd)
			copy = skb;
		else
			copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy) {
			mgm_oif_inc(o, MGM_OIF_DISCARDS);
			continue;
		}
		sent += mgm_xmit(net, o, copy);
	}
	if (count_in && sent) {
		pc = mgm_mfe_pcpu_begin(mfe);
		u64_stats_add(&pc->out_packets, sent);
		mgm_mfe_pcpu_end(pc);
	}
	return own && set->nr_fwd;
}

/* ---- the miss path's queue ---------------------------------------------- */

/* Nothing in the queue may pin a device or a route. */
static void mgm_rxq_prepare(struct sk_buff *copy, int iif, bool counted)
{
	skb_dst_drop(copy);
	nf_reset_ct(copy);
	mgm_skb_cb(copy)->iif = iif;
	mgm_skb_cb(copy)->counted = counted;
	copy->dev = NULL;
}

static void mgm_rxq_add(struct mgm_net *mn, struct sk_buff *skb, bool counted)
{
	struct sk_buff *copy;

	if (skb_queue_len_lockless(&mn->rxq) >= MGM_RXQ_MAX)
		goto drop;
	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		goto drop;
	mgm_rxq_prepare(copy, skb->dev->ifindex, counted);
	skb_queue_tail(&mn->rxq, copy);
	queue_work(system_unbound_wq, &mn->rx_work);
	return;
drop:
	if (!counted)
		atomic_inc(&mn->rx_drops);
}

static void mgm_rx_skb(struct mgm_net *mn, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct mgm_pkt pkt = {
		.sg = {
			.family = AF_INET,
			.src.ip4 = iph->saddr,
			.grp.ip4 = iph->daddr,
			.src_len = 32,
			.grp_len = 32,
		},
		.in.ifindex = mgm_skb_cb(skb)->iif,
		.len = skb->len,
		.ttl = iph->ttl,
		.hdr = skb_network_header(skb),
		.hdr_len = min_t(u32, skb_headlen(skb), MGM_HDR_MAX),
		.skb = skb,
		.counted = mgm_skb_cb(skb)->counted,
	};

	mgm_rx(mn, &pkt);
}

/*
 * Feed the queue to mgm_rx() until it is empty; then the entries
 * installed meanwhile stop warming, under the queue's lock, so that no
 * packet of theirs is forwarded by the hook while an older one waits.
 */
static void mgm_rx_work(struct work_struct *work)
{
	struct mgm_net *mn = container_of(work, struct mgm_net, rx_work);
	struct mgm_mfe *mfe, *tmp;
	struct sk_buff_head q;
	struct sk_buff *skb;
	unsigned long flags;

	__skb_queue_head_init(&q);
	mutex_lock(&mn->lock);
	for (;;) {
		spin_lock_irqsave(&mn->rxq.lock, flags);
		if (skb_queue_empty(&mn->rxq)) {
			list_for_each_entry_safe(mfe, tmp, &mn->warming,
						 warm_node) {
				WRITE_ONCE(mfe->warming, false);
				list_del_init(&mfe->warm_node);
			}
			spin_unlock_irqrestore(&mn->rxq.lock, flags);
			break;
		}
		skb_queue_splice_init(&mn->rxq, &q);
		spin_unlock_irqrestore(&mn->rxq.lock, flags);

		while ((skb = __skb_dequeue(&q))) {
			mgm_rx_skb(mn, skb);
			cond_resched();
		}
	}
	mutex_unlock(&mn->lock);
}

/**
 * mgm_fwd_warm - a new entry: keep its packets in order
 * @mn: per-netns state, lock held
 * @mfe: the entry, about to be visible to the data path
 *
 * Until the miss path's queue has been emptied, the data path queues the
 * entry's packets behind the ones that arrived before the entry existed.
 */
void mgm_fwd_warm(struct mgm_net *mn, struct mgm_mfe *mfe)
{
	if (!mn->net)
		return;
	mfe->warming = true;
	list_add_tail(&mfe->warm_node, &mn->warming);
	queue_work(system_unbound_wq, &mn->rx_work);
}

/* Queue a packet of a warming entry; false if it is warm by now. */
static bool mgm_rxq_warming(struct mgm_net *mn, struct mgm_mfe *mfe,
			    struct sk_buff *skb)
{
	struct sk_buff *copy;
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&mn->rxq.lock, flags);
	if (READ_ONCE(mfe->warming)) {
		queued = true;
		copy = skb_queue_len(&mn->rxq) < MGM_RXQ_MAX ?
		       skb_clone(skb, GFP_ATOMIC) : NULL;
		if (copy) {
			mgm_rxq_prepare(copy, skb->dev->ifindex, false);
			__skb_queue_tail(&mn->rxq, copy);
		} else {
			atomic_inc(&mn->rx_drops);
		}
	}
	spin_unlock_irqrestore(&mn->rxq.lock, flags);
	if (queued)
		queue_work(system_unbound_wq, &mn->rx_work);
	return queued;
}

/**
 * mgm_fwd_queued - forward a packet of the miss path from process context
 * @mn: per-netns state, lock held
 * @mfe: the entry; the packet arrived on its incoming interface
 * @skb: the packet, consumed
 * @count_in: count it as arriving (false for the packets an entry held
 *	while it was resolved: its installation counted them)
 */
void mgm_fwd_queued(struct mgm_net *mn, struct mgm_mfe *mfe,
		    struct sk_buff *skb, bool count_in)
{
	local_bh_disable();
	rcu_read_lock();
	if (!mgm_fwd(mn->net, mfe, skb, true, count_in))
		consume_skb(skb);
	rcu_read_unlock();
	local_bh_enable();
}

/* ---- the hook ----------------------------------------------------------- */

static void mgm_wrong_if(struct mgm_net *mn, struct mgm_mfe *mfe,
			 struct sk_buff *skb)
{
	struct mgm_mfe_pcpu *pc = mgm_mfe_pcpu_begin(mfe);
	unsigned long now = jiffies;

	u64_stats_inc(&pc->different_if);
	u64_stats_inc(&pc->in_discards);
	mgm_mfe_pcpu_end(pc);

	/* The miss path rate-limits per arrival interface; spare it floods. */
	if (time_before(now, READ_ONCE(mfe->wrong_if_quiet)))
		return;
	WRITE_ONCE(mfe->wrong_if_quiet, now + HZ / 8);
	mgm_rxq_add(mn, skb, true);
}

static unsigned int mgm_nf_hook(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct mgm_net *mn = priv;
	struct net_device *dev = state->in;
	const struct iphdr *iph = ip_hdr(skb);
	struct in_device *in_dev;
	struct mgm_hkey hk;
	struct mgm_mfe *mfe;

	if (!ipv4_is_multicast(iph->daddr) ||
	    ipv4_is_local_multicast(iph->daddr) ||
	    iph->protocol == IPPROTO_IGMP ||
	    skb->pkt_type == PACKET_LOOPBACK)
		return NF_ACCEPT;
	if (!xa_load(&mn->owned, dev->ifindex))
		return NF_ACCEPT;
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev || IN_DEV_MFORWARD(in_dev))
		return NF_ACCEPT;

	memset(&hk, 0, sizeof(hk));
	hk.src.ip4 = iph->saddr;
	hk.grp.ip4 = iph->daddr;
	hk.family = AF_INET;
	mfe = rhashtable_lookup(&mn->mfe_ht, &hk, mgm_mfe_ht_params);
	if (!mfe) {
		mgm_rxq_add(mn, skb, false);
		return NF_ACCEPT;
	}
	if (mfe->iif.ifindex != dev->ifindex) {
		mgm_wrong_if(mn, mfe, skb);
		return NF_ACCEPT;
	}
	if (unlikely(READ_ONCE(mfe->warming)) &&
	    mgm_rxq_warming(mn, mfe, skb))
		return NF_ACCEPT;
	/* Nobody here wants it: the last copy is the packet itself. */
	if (mgm_fwd(state->net, mfe, skb,
		    !mgm_local_member(in_dev, iph->daddr), true))
		return NF_STOLEN;
	return NF_ACCEPT;
}

/* ---- set-up ------------------------------------------------------------- */

/**
 * mgm_fwd_if_check - may this device be owned?
 * @mn: per-netns state
 * @ifindex: the device
 * @extack: where to report a refusal
 *
 * Return: 0, or -EBUSY while ipmr forwards on it (a daemon holds MRT_INIT
 * and made it a VIF): both would forward the same packets.
 */
int mgm_fwd_if_check(struct mgm_net *mn, u32 ifindex,
		     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct in_device *in_dev;
	bool busy;

	if (!mn->net)
		return 0;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(mn->net, ifindex);
	in_dev = dev ? __in_dev_get_rcu(dev) : NULL;
	busy = in_dev && IN_DEV_MFORWARD(in_dev);
	rcu_read_unlock();
	if (busy) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the kernel's multicast routing (ipmr) forwards on this interface: stop the daemon that holds MRT_INIT first");
		return -EBUSY;
	}
	return 0;
}

/**
 * mgm_fwd_if_add - an interface key on @ifindex is owned now
 * @mn: per-netns state, lock held
 * @ifindex: its device
 *
 * The first one registers the hook of the namespace.
 * Return: 0 or a negative errno (nothing changed).
 */
int mgm_fwd_if_add(struct mgm_net *mn, u32 ifindex)
{
	void *old = xa_load(&mn->owned, ifindex);
	unsigned long n = old ? xa_to_value(old) : 0;
	int ret;

	lockdep_assert_held(&mn->lock);

	ret = xa_err(xa_store(&mn->owned, ifindex, xa_mk_value(n + 1),
			      GFP_KERNEL_ACCOUNT));
	if (ret || mn->nf_on || !mn->net)
		return ret;
	ret = nf_register_net_hook(mn->net, &mn->nf_ops);
	if (ret) {
		mgm_fwd_if_del(mn, ifindex);
		return ret;
	}
	mn->nf_on = true;
	return 0;
}

/**
 * mgm_fwd_if_del - an interface key on @ifindex is no longer owned
 * @mn: per-netns state, lock held
 * @ifindex: its device
 */
void mgm_fwd_if_del(struct mgm_net *mn, u32 ifindex)
{
	void *old = xa_load(&mn->owned, ifindex);
	unsigned long n = old ? xa_to_value(old) : 0;

	if (n > 1)
		xa_store(&mn->owned, ifindex, xa_mk_value(n - 1), GFP_KERNEL);
	else
		xa_erase(&mn->owned, ifindex);
}

/**
 * mgm_fwd_init - set up the data path of a namespace
 * @mn: per-netns state being initialised
 *
 * Return: 0 or -ENOMEM.
 */
int mgm_fwd_init(struct mgm_net *mn)
{
	xa_init(&mn->owned);
	skb_queue_head_init(&mn->rxq);
	INIT_WORK(&mn->rx_work, mgm_rx_work);
	atomic_set(&mn->rx_drops, 0);
	mn->nf_ops = (struct nf_hook_ops){
		.hook = mgm_nf_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		/* After the operator's PREROUTING rules, as ipmr is. */
		.priority = NF_IP_PRI_LAST,
		.priv = mn,
	};
	return rhashtable_init(&mn->mfe_ht, &mgm_mfe_ht_params);
}

/**
 * mgm_fwd_stop - stop the data path of a namespace
 * @mn: per-netns state going away; the entries are still there
 */
void mgm_fwd_stop(struct mgm_net *mn)
{
	if (mn->nf_on)
		nf_unregister_net_hook(mn->net, &mn->nf_ops);
	mn->nf_on = false;
	cancel_work_sync(&mn->rx_work);
	skb_queue_purge(&mn->rxq);
}

/**
 * mgm_fwd_destroy - free what the data path of a namespace holds
 * @mn: per-netns state, stopped, its entries freed
 */
void mgm_fwd_destroy(struct mgm_net *mn)
{
	rhashtable_destroy(&mn->mfe_ht);
	xa_destroy(&mn->owned);
}
