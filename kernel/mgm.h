/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mgm: Multicast Group Manager - internal declarations shared by the
 * module's files.
 *
 * Objects of one network namespace (&struct mgm_net), all changed under
 * &mgm_net.lock (see DOC: locking in netlink.c):
 *
 *  protocol   a registered routing protocol instance (protocol.c)
 *  iface      an owned interface, key (ifindex, next hop) (iface.c)
 *  member     a membership entry (S,G), (*,G) or (*,*) with its
 *             interfaces (member.c)
 *  mfe        a multicast forwarding entry (S,G) (mfe.c)
 *  pending    an (S,G) being resolved: RPF and creation requests are out
 *             (resolve.c)
 *  request    an event that waits for a reply (resolve.c)
 *  event      what protocols are told, queued per protocol (event.c)
 */
#ifndef _MGM_H
#define _MGM_H

#include <linux/in6.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/rbtree.h>
#include <linux/rhashtable-types.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <uapi/linux/mgm.h>

#include "compat.h"

/* Defaults of the per-namespace limits and timers (config-get/-set). */
#define MGM_DEFAULT_MAX_PROTOCOLS	64
#define MGM_DEFAULT_MAX_INTERFACES	4096
#define MGM_DEFAULT_MAX_MEMBERSHIPS	65536
#define MGM_DEFAULT_MAX_MFES		65536
#define MGM_DEFAULT_MAX_PENDING		1024
#define MGM_DEFAULT_MAX_BACKLOG		4096
#define MGM_DEFAULT_CALLBACK_TIMEOUT	1000	/* ms */

/* Packets queued per (S,G) being resolved (spec §6.3). */
#define MGM_PENDING_QLEN		4
/* Header bytes captured for RPF and wrong-interface events. */
#define MGM_HDR_MAX			128
/* Packets the data path hands to the miss path, per namespace. */
#define MGM_RXQ_MAX			4096

/* An address; IPv4 uses @ip4 and leaves the rest zero. */
union mgm_addr {
	__be32 ip4;
	struct in6_addr ip6;
};

/* An interface as the MGM names it (spec §1.2). */
struct mgm_ifkey {
	u32 ifindex;
	union mgm_addr nh;
};

/* A membership or forwarding-entry key. */
struct mgm_sg {
	union mgm_addr src;
	union mgm_addr grp;
	u8 family;
	u8 src_len;
	u8 grp_len;
};

/* The unicast route behind a reverse-path check. */
struct mgm_route {
	union mgm_addr dst;
	union mgm_addr gateway;
	u8 dst_len;
	u32 ifindex;
	u32 proto_id;
	u32 table;
	u32 metric;
};

/**
 * struct mgm_protocol - a registered multicast routing protocol instance
 * @node: entry in &mgm_net.protocols, ordered by @handle
 * @mn: the namespace state it belongs to
 * @handle: value handed to userspace; unique and never reused in the netns
 * @proto_id: protocol identifier (routprot.h numbering)
 * @component_id: instance of the protocol
 * @portid: netlink port of the socket that registered it; the handle is
 *	valid only on that socket, and the protocol dies with it
 * @event_portid: netlink port its events go to; it dies with that too
 * @cb_mask: MGM_CB_* the protocol wants
 * @nr_ifaces: interfaces it owns or, for IGMP, (co-)owns
 * @pid: thread group of the registering process (reference held)
 * @comm: command name of the registering process
 * @ev_lock: serialises delivery of @evq (nests inside &mgm_net.lock)
 * @evq: events not yet accepted by the event socket (bounded backlog)
 * @ev_dropped: events lost since the last overflow event
 * @flush: retries @evq while it is not empty
 */
struct mgm_protocol {
	struct list_head node;
	struct mgm_net *mn;
	u64 handle;
	u32 proto_id;
	u32 component_id;
	u32 portid;
	u32 event_portid;
	u32 cb_mask;
	u32 nr_ifaces;
	struct pid *pid;
	char comm[TASK_COMM_LEN];
	struct mutex ev_lock; /* see @ev_lock above */
	struct sk_buff_head evq;
	u32 ev_dropped;
	struct delayed_work flush;
};

/**
 * struct mgm_iface - an owned interface
 * @node: entry in &mgm_net.ifaces, ascending @key
 * @key: (ifindex, next hop)
 * @owner: the routing protocol owning it, or NULL
 * @igmp: IGMP when it owns or co-owns it, or NULL
 */
struct mgm_iface {
	struct list_head node;
	struct mgm_ifkey key;
	struct mgm_protocol *owner;
	struct mgm_protocol *igmp;
};

/**
 * struct mgm_member_oif - an interface of a membership entry
 * @node: entry in &mgm_member.oifs, ascending @key
 * @key: the interface
 * @component: effective owner of the interface when it joined
 * @by: MGM_OIF_BY_OWNER, MGM_OIF_BY_IGMP: who added it
 */
struct mgm_member_oif {
	struct list_head node;
	struct mgm_ifkey key;
	struct mgm_protocol *component;
	u8 by;
};

/**
 * struct mgm_member - a membership entry
 * @rb: node in &mgm_net.members
 * @sg: (S,G), (*,G) or (*,*)
 * @oifs: its interfaces
 * @nr_oifs: number of @oifs
 */
struct mgm_member {
	struct rb_node rb;
	struct mgm_sg sg;
	struct list_head oifs;
	u32 nr_oifs;
};

/* Marks an MFE keeps per interface beyond what memberships say (§6.4). */
#define MGM_MARK_VETO		BIT(0)	/* disabled by a creation alert */
#define MGM_MARK_FWD_ADD	BIT(1)	/* added with the FORWARD flag */
#define MGM_MARK_FWD_DEL	BIT(2)	/* removed with the FORWARD flag */

struct mgm_mark {
	struct mgm_ifkey key;
	u8 flags;
};

/* Rate limit of wrong-interface events, per arrival interface (§5.7). */
struct mgm_wrong_if {
	struct mgm_ifkey key;
	unsigned long last;
};

/* Per-CPU counters of an outgoing interface of an MFE (forward.c). */
enum mgm_oif_ctr {
	MGM_OIF_PACKETS,
	MGM_OIF_DISCARDS,
	MGM_OIF_TTL_TOO_LOW,
	MGM_OIF_FRAG_NEEDED,
	MGM_OIF_NR
};

struct mgm_oif_pcpu {
	u64_stats_t c[MGM_OIF_NR];
	struct u64_stats_sync syncp;
};

/* The same, summed. */
struct mgm_oif_stats {
	u64 packets;
	u64 discards;
	u64 ttl_too_low;
	u64 frag_needed;
};

/**
 * struct mgm_fwd_oif - output state of one outgoing device (forward.c)
 * @dev: the device (reference held while the set lives)
 * @st: its counters; shared with the set that replaces this one when the
 *	device stays, and freed by the set that owns them (@owns_st)
 * @owns_st: this set frees @st
 */
struct mgm_fwd_oif {
	struct net_device *dev;
	struct mgm_oif_pcpu __percpu *st;
	bool owns_st;
};

/**
 * struct mgm_oifs - the effective outgoing interfaces of an MFE, replaced
 * as a whole (RCU)
 * @rcu: for freeing
 * @nr: number of @oif
 * @fwd: one output state per distinct device, @nr_fwd of them (NULL for
 *	sets the data path never sees)
 * @nr_fwd: number of @fwd
 * @oif: the interfaces, sorted
 */
struct mgm_oifs {
	struct rcu_head rcu;
	u32 nr;
	struct mgm_fwd_oif *fwd;
	u32 nr_fwd;
	struct mgm_ifkey oif[];
};

/* Per-CPU counters of an MFE, fed by the data path (forward.c). */
struct mgm_mfe_pcpu {
	u64_stats_t in_packets;
	u64_stats_t in_bytes;
	u64_stats_t different_if;
	u64_stats_t negative;
	u64_stats_t in_discards;
	u64_stats_t hdr_errors;
	u64_stats_t out_packets;
	struct u64_stats_sync syncp;
};

/* Key of the data path's hash table of MFEs; padding is zero. */
struct mgm_hkey {
	union mgm_addr src;
	union mgm_addr grp;
	u8 family;
	u8 pad[3];
};

/* Counters of an MFE (spec §6.9). */
struct mgm_mfe_stats {
	u64 in_packets;
	u64 in_bytes;
	u64 different_if;
	u64 queue_overflow;
	u64 uninit;
	u64 negative;
	u64 in_discards;
	u64 hdr_errors;
	u64 out_packets;
};

/**
 * struct mgm_mfe - a multicast forwarding entry
 * @rb: node in &mgm_net.mfes, ordered by (family, group, source)
 * @hnode: node in &mgm_net.mfe_ht, the data path's lookup
 * @hkey: key of @hnode
 * @sg: (S,G), full lengths
 * @iif: incoming interface
 * @iif_proto_id: protocol id of its owner when the entry was made
 * @upstream: RPF neighbour
 * @route: route of the RPF check
 * @created: jiffies at creation
 * @expires: jiffies when the countdown ends (if @timeout)
 * @timeout: lifetime in seconds, 0 = never ages
 * @last_in: @stats.in_packets when the countdown last (re)started
 * @wrong_if: when each arrival interface last raised a wrong-if event,
 *	@nr_wrong_if of them
 * @oifs: effective outgoing interfaces (never NULL once installed)
 * @marks: per-interface marks, @nr_marks of them
 * @stats: counters kept under &mgm_net.lock (miss path, test hook)
 * @pcpu: counters of the data path
 * @last_use: jiffies when a packet last arrived on @iif (0: never)
 * @wrong_if_quiet: the data path reports no wrong-interface packet to
 *	the miss path before this (jiffies)
 * @warming: the data path hands the entry's packets to the miss path's
 *	queue instead of forwarding them, so that they leave after the
 *	packets queued before it was installed (cleared when that queue
 *	is empty)
 * @warm_node: entry in &mgm_net.warming while @warming is set
 * @rcu: for freeing
 */
struct mgm_mfe {
	struct rb_node rb;
	struct rhash_head hnode;
	struct mgm_hkey hkey;
	struct mgm_sg sg;
	struct mgm_ifkey iif;
	u32 iif_proto_id;
	union mgm_addr upstream;
	struct mgm_route route;
	unsigned long created;
	unsigned long expires;
	u32 timeout;
	u64 last_in;
	struct mgm_wrong_if *wrong_if;
	u32 nr_wrong_if;
	struct mgm_oifs __rcu *oifs;
	struct mgm_mark *marks;
	u32 nr_marks;
	struct mgm_mfe_stats stats;
	struct mgm_mfe_pcpu __percpu *pcpu;
	unsigned long last_use;
	unsigned long wrong_if_quiet;
	bool warming;
	struct list_head warm_node;
	struct rcu_head rcu;
};

/*
 * A packet as the forwarding code hands it to the MGM.  @skb, if set, is
 * the packet itself, given to mgm_rx(), which consumes it; @counted says
 * the data path already counted it as a wrong-interface packet.
 */
struct mgm_pkt {
	struct mgm_sg sg;		/* (S,G) of the packet */
	struct mgm_ifkey in;		/* arrival interface */
	u32 len;
	u8 ttl;
	const u8 *hdr;
	u32 hdr_len;
	struct sk_buff *skb;
	bool counted;
};

enum mgm_pending_state {
	MGM_PENDING_RPF,		/* waiting for the RPF reply */
	MGM_PENDING_CREATION,		/* waiting for creation replies */
};

/**
 * struct mgm_pending - an (S,G) being resolved
 * @node: entry in &mgm_net.pending, oldest first
 * @hnode: entry in &mgm_net.pending_ht
 * @sg: the (S,G)
 * @in: interface the first packet came in on
 * @state: what it waits for
 * @deadline: jiffies when the wait ends with the defaults
 * @iif: incoming interface (proposed, then decided)
 * @upstream: RPF neighbour
 * @route: route of the RPF check
 * @negative: the entry will have no outgoing interface
 * @waiting: creation replies still expected
 * @marks: vetoes collected from creation replies
 * @nr_marks: number of @marks
 * @packets: packets seen while pending
 * @bytes: their bytes
 * @queued: packets held (at most MGM_PENDING_QLEN)
 * @ttl_low: of those, packets with TTL 1 or 0
 * @q: the packets themselves when they came from the data path
 * @overflow: packets dropped because the queue was full
 * @hdr: header of the first packet, @hdr_len bytes
 */
struct mgm_pending {
	struct list_head node;
	struct hlist_node hnode;
	struct mgm_sg sg;
	struct mgm_ifkey in;
	enum mgm_pending_state state;
	unsigned long deadline;
	struct mgm_ifkey iif;
	union mgm_addr upstream;
	struct mgm_route route;
	bool negative;
	u32 waiting;
	struct mgm_mark *marks;
	u32 nr_marks;
	u64 packets;
	u64 bytes;
	u32 queued;
	u32 ttl_low;
	struct sk_buff_head q;
	u64 overflow;
	u8 hdr[MGM_HDR_MAX];
	u32 hdr_len;
};

/**
 * struct mgm_request - an event waiting for a reply
 * @node: entry in &mgm_net.requests
 * @id: request id, unique in the namespace
 * @cmd: MGM_CMD_RPF_REQ, MGM_CMD_CREATION_REQ or MGM_CMD_PRUNE_ALERT
 * @to: recipient
 * @pending: the resolution it belongs to (RPF and creation)
 * @sg: the MFE it is about (prune)
 * @deadline: jiffies when it times out
 * @offered: interfaces offered in a creation request, @nr_offered
 */
struct mgm_request {
	struct list_head node;
	u64 id;
	u8 cmd;
	struct mgm_protocol *to;
	struct mgm_pending *pending;
	struct mgm_sg sg;
	unsigned long deadline;
	struct mgm_ifkey *offered;
	u32 nr_offered;
};

/* What the RPF lookup found (the "multicast view", spec §6.3 step 2). */
struct mgm_rpf {
	u32 ifindex;
	union mgm_addr gateway;
	struct mgm_route route;
};

/* An interface offered in a creation request. */
struct mgm_ev_oif {
	struct mgm_ifkey key;
	bool igmp;
};

/**
 * struct mgm_event - an event before it is formatted
 * @cmd: MGM_CMD_* event
 * @seq: sequence number, set by mgm_event_send()
 * @req_id: non-zero for a request
 * @sg: source and group, or NULL
 * @ifk: the interface concerned, or NULL
 * @iif: incoming interface (rpf, creation), or NULL
 * @in_ifindex: arrival interface (rpf)
 * @upstream: RPF neighbour (rpf), or NULL
 * @route: route (rpf), or NULL
 * @member_update: 1/0 for join and prune alerts, -1 otherwise
 * @timeout: prune alerts
 * @oifs: offered interfaces (creation), @nr_oifs
 * @hdr: packet header (rpf, wrong-if), @hdr_len bytes
 * @dropped: overflow
 */
struct mgm_event {
	u8 cmd;
	u64 seq;
	u64 req_id;
	const struct mgm_sg *sg;
	const struct mgm_ifkey *ifk;
	const struct mgm_ifkey *iif;
	u32 in_ifindex;
	const union mgm_addr *upstream;
	const struct mgm_route *route;
	int member_update;
	u32 timeout;
	const struct mgm_ev_oif *oifs;
	u32 nr_oifs;
	const u8 *hdr;
	u32 hdr_len;
	u32 dropped;
};

struct mgm_net;

/* Test seams: KUnit replaces the FIB lookup and records events. */
typedef bool (*mgm_rpf_fn)(struct mgm_net *mn, const struct mgm_sg *sg,
			   struct mgm_rpf *rpf);
typedef void (*mgm_event_hook_fn)(struct mgm_net *mn,
				  struct mgm_protocol *to,
				  const struct mgm_event *ev);

/**
 * struct mgm_net - per network namespace state of the MGM
 * @lock: serialises every change to this structure (process context only)
 * @net: the namespace (NULL for KUnit instances)
 * @protocols: registered protocols in ascending handle order
 * @nr_protocols: number of entries in @protocols; written under @lock,
 *	read locklessly by the socket release notifier
 * @ifaces: owned interfaces in ascending key order, @nr_ifaces
 * @members: membership entries, @nr_members records (entry, interface)
 * @mfes: forwarding entries, @nr_mfes
 * @mfe_ht: the same entries, hashed by (S,G) for the data path (RCU)
 * @pending: (S,G) being resolved, @nr_pending, oldest first
 * @pending_ht: the same, hashed by (S,G)
 * @requests: events waiting for a reply
 * @max_protocols: limits, see config-set
 * @max_ifaces: see above
 * @max_members: see above
 * @max_mfes: see above
 * @max_pending: see above
 * @max_backlog: see above
 * @mfe_timeout: lifetime of new MFEs, seconds
 * @cb_timeout: wait for replies, milliseconds
 * @next_handle: the handle the next registration gets
 * @next_req_id: the id of the next request
 * @ev_seq: sequence number of the last event
 * @gen: bumped on every change; dumps use it to flag inconsistency
 * @pending_drops: packets of new (S,G)s dropped under @lock (limits)
 * @rx_drops: the same, dropped by the data path (receive queue full)
 * @owned: ifindex -> number of owned interface keys on it (data path)
 * @nf_on: @nf_ops is registered
 * @nf_ops: the data path's netfilter hook
 * @rxq: packets the data path hands to the miss path (bounded)
 * @rx_work: feeds @rxq to mgm_rx()
 * @warming: entries installed since @rxq was last empty (&mgm_mfe.warming)
 * @work: runs timeouts and expiry
 * @work_at: when @work is due
 * @rpf_lookup: the multicast view
 * @event_hook: if set, events go there instead of to sockets (KUnit)
 * @time_skew: added to jiffies (KUnit moves time forward with it)
 */
struct mgm_net {
	struct mutex lock; /* see DOC: locking in netlink.c */
	struct net *net;
	struct list_head protocols;
	u32 nr_protocols;
	struct list_head ifaces;
	u32 nr_ifaces;
	struct rb_root members;
	u32 nr_members;
	struct rb_root mfes;
	u32 nr_mfes;
	struct rhashtable mfe_ht;
	struct list_head pending;
	DECLARE_HASHTABLE(pending_ht, 8);
	u32 nr_pending;
	struct list_head requests;
	u32 max_protocols;
	u32 max_ifaces;
	u32 max_members;
	u32 max_mfes;
	u32 max_pending;
	u32 max_backlog;
	u32 mfe_timeout;
	u32 cb_timeout;
	u64 next_handle;
	u64 next_req_id;
	atomic64_t ev_seq;
	unsigned int gen;
	u64 pending_drops;
	atomic_t rx_drops;
	struct xarray owned;
	bool nf_on;
	struct nf_hook_ops nf_ops;
	struct sk_buff_head rxq;
	struct work_struct rx_work;
	struct list_head warming;
	struct delayed_work work;
	unsigned long work_at;
	mgm_rpf_fn rpf_lookup;
	mgm_event_hook_fn event_hook;
	unsigned long time_skew;
};

static inline unsigned long mgm_now(const struct mgm_net *mn)
{
	return jiffies + mn->time_skew;
}

static inline bool mgm_is_igmp(const struct mgm_protocol *proto)
{
	return proto->proto_id == MGM_PROTO_ID_IGMP;
}

/* addr.c-like helpers (member.c) */
int mgm_addr_cmp(const union mgm_addr *a, const union mgm_addr *b);
bool mgm_addr_any(const union mgm_addr *a);
int mgm_ifkey_cmp(const struct mgm_ifkey *a, const struct mgm_ifkey *b);
int mgm_sg_validate(const struct mgm_sg *sg, struct netlink_ext_ack *extack);

/* netns.c */
struct mgm_net *mgm_net(const struct net *net);
int mgm_net_state_init(struct mgm_net *mn, struct net *net);
void mgm_net_state_destroy(struct mgm_net *mn);
int mgm_netns_register(void);
void mgm_netns_unregister(void);

/* protocol.c */
struct mgm_protocol *mgm_proto_register(struct mgm_net *mn, u32 proto_id,
					u32 component_id, u32 portid,
					struct netlink_ext_ack *extack);
struct mgm_protocol *mgm_proto_find(struct mgm_net *mn, u64 handle);
struct mgm_protocol *mgm_proto_lookup(struct mgm_net *mn, u64 handle,
				      u32 portid,
				      struct netlink_ext_ack *extack);
int mgm_proto_deregister(struct mgm_net *mn, struct mgm_protocol *proto,
			 struct netlink_ext_ack *extack);
void mgm_proto_unregister(struct mgm_net *mn, struct mgm_protocol *proto);
unsigned int mgm_proto_release_portid(struct mgm_net *mn, u32 portid);
void mgm_proto_kill(struct mgm_net *mn, struct mgm_protocol *proto);

/* iface.c */
struct mgm_iface *mgm_if_find(struct mgm_net *mn, const struct mgm_ifkey *k);
struct mgm_protocol *mgm_if_owner(const struct mgm_iface *ifc);
struct mgm_protocol *mgm_if_owner_of(struct mgm_net *mn,
				     const struct mgm_ifkey *k);
int mgm_if_take(struct mgm_net *mn, struct mgm_protocol *proto,
		const struct mgm_ifkey *k, struct netlink_ext_ack *extack);
int mgm_if_release(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_ifkey *k, struct netlink_ext_ack *extack);
void mgm_if_gone(struct mgm_net *mn, u32 ifindex);
int mgm_netdev_register(void);
void mgm_netdev_unregister(void);

/* member.c */
int mgm_member_add(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_sg *sg, const struct mgm_ifkey *k,
		   u32 flags, struct netlink_ext_ack *extack);
int mgm_member_del(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_sg *sg, const struct mgm_ifkey *k,
		   u32 flags, struct netlink_ext_ack *extack);
struct mgm_member *mgm_member_find(struct mgm_net *mn,
				   const struct mgm_sg *sg);
struct mgm_member *mgm_member_after(struct mgm_net *mn,
				    const struct mgm_sg *after);
void mgm_member_purge_if(struct mgm_net *mn, const struct mgm_ifkey *k,
			 u8 by, bool local_leave);
void mgm_member_free_all(struct mgm_net *mn);
struct mgm_protocol *mgm_iif_owner(struct mgm_net *mn,
				   const struct mgm_sg *sg);

/* mfe.c */
struct mgm_mfe *mgm_mfe_find(struct mgm_net *mn, const struct mgm_sg *sg);
struct mgm_mfe *mgm_mfe_after(struct mgm_net *mn, const struct mgm_sg *after);
struct mgm_mfe *mgm_mfe_install(struct mgm_net *mn, struct mgm_pending *p);
void mgm_mfe_delete(struct mgm_net *mn, struct mgm_mfe *mfe);
void mgm_mfe_refresh_covered(struct mgm_net *mn, const struct mgm_sg *sg);
void mgm_mfe_mark_covered(struct mgm_net *mn, const struct mgm_sg *sg,
			  const struct mgm_ifkey *k, u8 set, u8 clear);
void mgm_mfe_forget_if(struct mgm_net *mn, u32 ifindex,
		       const struct mgm_ifkey *k);
int mgm_mfe_set(struct mgm_net *mn, const struct mgm_sg *sg,
		const union mgm_addr *upstream, const u32 *timeout,
		struct netlink_ext_ack *extack);
void mgm_mfe_prune_timeout(struct mgm_net *mn, const struct mgm_sg *sg,
			   u32 timeout);
void mgm_mfe_expire(struct mgm_net *mn, unsigned long now,
		    unsigned long *next);
void mgm_mfe_free_all(struct mgm_net *mn);
struct mgm_oifs *mgm_mfe_oifs(const struct mgm_mfe *mfe);
struct mgm_oifs *mgm_oifs_compute(struct mgm_net *mn, const struct mgm_sg *sg,
				  const struct mgm_ifkey *iif,
				  struct mgm_mark *marks, u32 nr_marks);
bool mgm_sg_covers(const struct mgm_sg *entry, const struct mgm_sg *mfe);
void mgm_mfe_stats_read(const struct mgm_mfe *mfe, struct mgm_mfe_stats *st);
void mgm_mfe_drop_dev(struct mgm_net *mn, u32 ifindex);

/* forward.c */
extern const struct rhashtable_params mgm_mfe_ht_params;
void mgm_hkey_set(struct mgm_hkey *hk, const struct mgm_sg *sg);
u32 mgm_sg_hash(const struct mgm_sg *sg);
u64 mgm_mfe_in_packets(const struct mgm_mfe *mfe);
int mgm_fwd_init(struct mgm_net *mn);
void mgm_fwd_stop(struct mgm_net *mn);
void mgm_fwd_destroy(struct mgm_net *mn);
int mgm_fwd_if_check(struct mgm_net *mn, u32 ifindex,
		     struct netlink_ext_ack *extack);
int mgm_fwd_if_add(struct mgm_net *mn, u32 ifindex);
void mgm_fwd_if_del(struct mgm_net *mn, u32 ifindex);
void mgm_fwd_attach(struct mgm_net *mn, struct mgm_oifs *set,
		    const struct mgm_oifs *old);
void mgm_oifs_free(struct mgm_oifs *set);
void mgm_oifs_free_rcu(struct mgm_oifs *set);
void mgm_oif_stats_read(const struct mgm_oifs *set, u32 ifindex,
			struct mgm_oif_stats *st);
void mgm_fwd_queued(struct mgm_net *mn, struct mgm_mfe *mfe,
		    struct sk_buff *skb, bool count_in);
void mgm_fwd_warm(struct mgm_net *mn, struct mgm_mfe *mfe);

/* resolve.c */
int mgm_rx(struct mgm_net *mn, const struct mgm_pkt *pkt);
int mgm_cb_reply_rpf(struct mgm_net *mn, struct mgm_protocol *proto,
		     u64 req_id, const struct mgm_ifkey *iif,
		     const union mgm_addr *upstream,
		     const struct mgm_route *route,
		     struct netlink_ext_ack *extack);
int mgm_cb_reply_creation(struct mgm_net *mn, struct mgm_protocol *proto,
			  u64 req_id, const struct mgm_ifkey *disabled,
			  u32 nr_disabled, struct netlink_ext_ack *extack);
int mgm_cb_reply_prune(struct mgm_net *mn, struct mgm_protocol *proto,
		       u64 req_id, u32 timeout,
		       struct netlink_ext_ack *extack);
struct mgm_request *mgm_request_find(struct mgm_net *mn, u64 id);
u64 mgm_prune_request(struct mgm_net *mn, struct mgm_mfe *mfe);
void mgm_requests_cancel(struct mgm_net *mn, struct mgm_protocol *proto);
void mgm_timers_run(struct mgm_net *mn);
void mgm_resolve_free_all(struct mgm_net *mn);
bool mgm_rpf_fib(struct mgm_net *mn, const struct mgm_sg *sg,
		 struct mgm_rpf *rpf);
void mgm_work_kick(struct mgm_net *mn, unsigned long when);

/* event.c */
int mgm_event_send(struct mgm_net *mn, struct mgm_protocol *to,
		   struct mgm_event *ev);
void mgm_event_alert_others(struct mgm_net *mn, struct mgm_protocol *except,
			    struct mgm_event *ev);
void mgm_event_proto_init(struct mgm_protocol *proto);
void mgm_event_proto_destroy(struct mgm_protocol *proto);
int mgm_nla_put_addr(struct sk_buff *skb, int type, u8 family,
		     const union mgm_addr *addr);
int mgm_nla_put_route(struct sk_buff *skb, int type, u8 family,
		      const struct mgm_route *route);

/* netlink.c */
extern struct genl_family mgm_nl_family;
int __init mgm_nl_register(void);
void mgm_nl_unregister(void);

#endif /* _MGM_H */
