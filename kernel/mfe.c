// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: multicast forwarding entries (spec §6.2-§6.6, §4.8-§4.12).
 *
 * An entry (S,G) forwards on its effective outgoing interfaces: the
 * interfaces of the membership entries (S,G), (*,G) and (*,*), minus
 * those a creation alert vetoed, plus those added and minus those removed
 * with the FORWARD flag, never its incoming interface (§6.4).  The set is
 * recomputed whenever one of its inputs changes and replaced as a whole
 * (RCU, for the data path); when it becomes empty or non-empty the owner
 * of the incoming interface is told (§5.10 rule C).
 *
 * Entries live in an rbtree ordered by (family, group, source), the order
 * of MgmGetFirstMfe/MgmGetNextMfe.  Every function here is called with
 * &mgm_net.lock held.
 */

#include <kunit/visibility.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "mgm.h"

/* Entry order: family, group, source. */
static int mgm_mfe_cmp(const struct mgm_sg *a, const struct mgm_sg *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = mgm_addr_cmp(&a->grp, &b->grp);
	return c ? c : mgm_addr_cmp(&a->src, &b->src);
}

/**
 * mgm_mfe_find - look up a forwarding entry
 * @mn: per-netns state, lock held
 * @sg: its (S,G); lengths are ignored
 *
 * Return: the entry or NULL.
 */
struct mgm_mfe *mgm_mfe_find(struct mgm_net *mn, const struct mgm_sg *sg)
{
	struct rb_node *n = mn->mfes.rb_node;

	while (n) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);
		int c = mgm_mfe_cmp(sg, &mfe->sg);

		if (!c)
			return mfe;
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_find);

/**
 * mgm_mfe_after - the first entry strictly after a key
 * @mn: per-netns state, lock held
 * @after: the key (need not exist), or NULL for the first entry
 *
 * Return: the entry or NULL.
 */
struct mgm_mfe *mgm_mfe_after(struct mgm_net *mn, const struct mgm_sg *after)
{
	struct rb_node *n = mn->mfes.rb_node;
	struct mgm_mfe *best = NULL;

	if (!after) {
		n = rb_first(&mn->mfes);
		return n ? rb_entry(n, struct mgm_mfe, rb) : NULL;
	}
	while (n) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);

		if (mgm_mfe_cmp(&mfe->sg, after) > 0) {
			best = mfe;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_after);

/**
 * mgm_mfe_oifs - the effective outgoing interfaces of an entry
 * @mfe: the entry
 *
 * Return: the set; valid while &mgm_net.lock is held.
 */
struct mgm_oifs *mgm_mfe_oifs(const struct mgm_mfe *mfe)
{
	struct mgm_mfe *m = (struct mgm_mfe *)mfe;

	return rcu_dereference_protected(m->oifs, true);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_oifs);

/**
 * mgm_sg_covers - does a membership entry contribute to an entry?
 * @entry: (S,G), (*,G) or (*,*)
 * @mfe: the (S,G) of a forwarding entry
 */
bool mgm_sg_covers(const struct mgm_sg *entry, const struct mgm_sg *mfe)
{
	if (entry->family != mfe->family)
		return false;
	if (entry->grp_len && mgm_addr_cmp(&entry->grp, &mfe->grp))
		return false;
	if (entry->src_len && mgm_addr_cmp(&entry->src, &mfe->src))
		return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_sg_covers);

static int mgm_ifkey_sort_cmp(const void *a, const void *b)
{
	return mgm_ifkey_cmp(a, b);
}

static struct mgm_mark *mgm_mark_find(struct mgm_mark *marks, u32 nr,
				      const struct mgm_ifkey *k)
{
	u32 i;

	for (i = 0; i < nr; i++)
		if (!mgm_ifkey_cmp(&marks[i].key, k))
			return &marks[i];
	return NULL;
}

static void mgm_oifs_add_member(struct mgm_net *mn, struct mgm_oifs *set,
				const struct mgm_sg *key)
{
	struct mgm_member *e = mgm_member_find(mn, key);
	struct mgm_member_oif *oif;

	if (!e)
		return;
	list_for_each_entry(oif, &e->oifs, node)
		set->oif[set->nr++] = oif->key;
}

static u32 mgm_member_nr(struct mgm_net *mn, const struct mgm_sg *key)
{
	struct mgm_member *e = mgm_member_find(mn, key);

	return e ? e->nr_oifs : 0;
}

/**
 * mgm_oifs_compute - the outgoing interfaces of an (S,G)
 * @mn: per-netns state, lock held
 * @sg: the (S,G)
 * @iif: its incoming interface, never an outgoing one
 * @marks: per-interface marks, or NULL
 * @nr_marks: number of @marks
 *
 * Return: the set (§6.4), sorted, without duplicates, to kfree(); NULL if
 * memory ran out.
 */
struct mgm_oifs *mgm_oifs_compute(struct mgm_net *mn, const struct mgm_sg *sg,
				  const struct mgm_ifkey *iif,
				  struct mgm_mark *marks, u32 nr_marks)
{
	struct mgm_sg keys[3] = { *sg, *sg, { .family = sg->family } };
	struct mgm_oifs *set;
	u32 max = nr_marks, i, j;

	keys[0].src_len = 32;
	keys[0].grp_len = 32;
	keys[1].src = (union mgm_addr){};
	keys[1].src_len = 0;
	keys[1].grp_len = 32;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		max += mgm_member_nr(mn, &keys[i]);

	set = kmalloc(struct_size(set, oif, max), GFP_KERNEL_ACCOUNT);
	if (!set)
		return NULL;
	set->nr = 0;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		mgm_oifs_add_member(mn, set, &keys[i]);
	for (i = 0; i < nr_marks; i++)
		if (marks[i].flags & MGM_MARK_FWD_ADD)
			set->oif[set->nr++] = marks[i].key;

	sort(set->oif, set->nr, sizeof(set->oif[0]), mgm_ifkey_sort_cmp, NULL);
	for (i = 0, j = 0; i < set->nr; i++) {
		const struct mgm_ifkey *k = &set->oif[i];
		struct mgm_mark *m = mgm_mark_find(marks, nr_marks, k);

		if (j && !mgm_ifkey_cmp(&set->oif[j - 1], k))
			continue;
		if (!mgm_ifkey_cmp(k, iif))
			continue;
		if (m && (m->flags & MGM_MARK_FWD_DEL))
			continue;
		if (m && (m->flags & MGM_MARK_VETO) &&
		    !(m->flags & MGM_MARK_FWD_ADD))
			continue;
		set->oif[j++] = *k;
	}
	set->nr = j;
	return set;
}

static void mgm_mfe_restart(struct mgm_net *mn, struct mgm_mfe *mfe)
{
	mfe->expires = mgm_now(mn) + (unsigned long)mfe->timeout * HZ;
	mfe->last_in = mgm_mfe_in_packets(mfe);
	if (mfe->timeout)
		mgm_work_kick(mn, mfe->expires);
}

/* Rule C: the owner of the incoming interface hears about (non-)emptiness. */
static void mgm_mfe_alert(struct mgm_net *mn, struct mgm_mfe *mfe,
			  bool empty)
{
	struct mgm_protocol *to;
	struct mgm_event ev = {
		.cmd = MGM_CMD_JOIN_ALERT,
		.sg = &mfe->sg,
		.member_update = 0,
	};

	if (empty) {
		mgm_prune_request(mn, mfe);
		return;
	}
	to = mgm_if_owner_of(mn, &mfe->iif);
	if (to)
		mgm_event_send(mn, to, &ev);
}

/*
 * Recompute the outgoing interfaces of @mfe and raise rule C alerts.
 * @force: replace the set even if the interfaces are the same (a device
 * is going away and its output state must go with it).
 */
static void mgm_mfe_refresh(struct mgm_net *mn, struct mgm_mfe *mfe,
			    bool force)
{
	struct mgm_oifs *old = mgm_mfe_oifs(mfe), *set;
	bool was_empty = !old->nr;

	set = mgm_oifs_compute(mn, &mfe->sg, &mfe->iif, mfe->marks,
			       mfe->nr_marks);
	if (!set)
		return;	/* keep forwarding as before */
	if (!force && set->nr == old->nr &&
	    !memcmp(set->oif, old->oif, set->nr * sizeof(set->oif[0]))) {
		kfree(set);
		return;
	}
	mgm_fwd_attach(mn, set, old);
	rcu_assign_pointer(mfe->oifs, set);
	mgm_oifs_free_rcu(old);
	mn->gen++;

	if (was_empty && set->nr) {
		mgm_mfe_restart(mn, mfe);
		mgm_mfe_alert(mn, mfe, false);
	} else if (!was_empty && !set->nr) {
		mgm_mfe_alert(mn, mfe, true);
	}
}

/**
 * mgm_mfe_refresh_covered - recompute the entries a membership covers
 * @mn: per-netns state, lock held
 * @sg: the membership's key; (*,*) means every entry
 *
 * Entries are visited in enumeration order, so rule C alerts come out in
 * that order (§5.10 E).
 */
void mgm_mfe_refresh_covered(struct mgm_net *mn, const struct mgm_sg *sg)
{
	struct mgm_sg start = { .family = sg->family, .grp = sg->grp };
	struct mgm_mfe *mfe, *next;

	lockdep_assert_held(&mn->lock);

	if (sg->src_len) {
		mfe = mgm_mfe_find(mn, sg);
		if (mfe)
			mgm_mfe_refresh(mn, mfe, false);
		return;
	}
	/* (*,G): the entries of G are contiguous, from (0, G) on. */
	mfe = sg->grp_len ? mgm_mfe_find(mn, &start) : NULL;
	if (!mfe)
		mfe = mgm_mfe_after(mn, sg->grp_len ? &start : NULL);
	for (; mfe; mfe = next) {
		struct rb_node *n = rb_next(&mfe->rb);

		next = n ? rb_entry(n, struct mgm_mfe, rb) : NULL;
		if (!mgm_sg_covers(sg, &mfe->sg)) {
			if (sg->grp_len)
				break;
			continue;
		}
		mgm_mfe_refresh(mn, mfe, false);
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_refresh_covered);

/**
 * mgm_mfe_drop_dev - a device is going away: no set may keep it
 * @mn: per-netns state, lock held
 * @ifindex: the device, no longer found by its index
 *
 * Memberships and marks on it are gone already; what is left is the
 * output state of sets that still name it (the reference they hold).
 */
void mgm_mfe_drop_dev(struct mgm_net *mn, u32 ifindex)
{
	struct rb_node *n;

	lockdep_assert_held(&mn->lock);

	for (n = rb_first(&mn->mfes); n; n = rb_next(n)) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);
		struct mgm_oifs *set = mgm_mfe_oifs(mfe);
		u32 i;

		for (i = 0; i < set->nr_fwd; i++) {
			if (set->fwd[i].dev->ifindex == ifindex) {
				mgm_mfe_refresh(mn, mfe, true);
				break;
			}
		}
	}
}

static int mgm_mfe_mark(struct mgm_mfe *mfe, const struct mgm_ifkey *k,
			u8 set, u8 clear)
{
	struct mgm_mark *m = mgm_mark_find(mfe->marks, mfe->nr_marks, k);

	if (!m) {
		struct mgm_mark *marks;

		if (!set)
			return 0;
		marks = krealloc_array(mfe->marks, mfe->nr_marks + 1,
				       sizeof(*marks), GFP_KERNEL_ACCOUNT);
		if (!marks)
			return -ENOMEM;
		mfe->marks = marks;
		m = &marks[mfe->nr_marks++];
		m->key = *k;
		m->flags = 0;
	}
	m->flags = (m->flags & ~clear) | set;
	if (!m->flags)
		*m = mfe->marks[--mfe->nr_marks];
	return 0;
}

/**
 * mgm_mfe_mark_covered - set and clear marks of an interface
 * @mn: per-netns state, lock held
 * @sg: a membership key: the entries it covers are marked
 * @k: the interface
 * @set: MGM_MARK_* to set
 * @clear: MGM_MARK_* to clear
 *
 * The caller recomputes the entries afterwards.
 */
void mgm_mfe_mark_covered(struct mgm_net *mn, const struct mgm_sg *sg,
			  const struct mgm_ifkey *k, u8 set, u8 clear)
{
	struct rb_node *n;

	lockdep_assert_held(&mn->lock);

	for (n = rb_first(&mn->mfes); n; n = rb_next(n)) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);

		if (mgm_sg_covers(sg, &mfe->sg))
			mgm_mfe_mark(mfe, k, set, clear);
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_mark_covered);

static void mgm_mfe_free(struct mgm_mfe *mfe)
{
	mgm_oifs_free(rcu_dereference_protected(mfe->oifs, true));
	free_percpu(mfe->pcpu);
	kfree(mfe->marks);
	kfree(mfe->wrong_if);
	kfree(mfe);
}

static void mgm_mfe_free_rcu(struct rcu_head *head)
{
	mgm_mfe_free(container_of(head, struct mgm_mfe, rcu));
}

/**
 * mgm_mfe_delete - delete an entry, silently
 * @mn: per-netns state, lock held
 * @mfe: the entry; the next packet of its (S,G) makes a new one
 */
void mgm_mfe_delete(struct mgm_net *mn, struct mgm_mfe *mfe)
{
	lockdep_assert_held(&mn->lock);

	rhashtable_remove_fast(&mn->mfe_ht, &mfe->hnode, mgm_mfe_ht_params);
	list_del_init(&mfe->warm_node);
	rb_erase(&mfe->rb, &mn->mfes);
	mn->nr_mfes--;
	mn->gen++;
	call_rcu(&mfe->rcu, mgm_mfe_free_rcu);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_delete);

/**
 * mgm_mfe_forget_if - an interface changed hands or disappeared
 * @mn: per-netns state, lock held
 * @ifindex: if @k is NULL, every link of this device
 * @k: the interface
 *
 * Entries arriving on it are deleted; it loses its marks everywhere and
 * the remaining entries are recomputed.
 */
void mgm_mfe_forget_if(struct mgm_net *mn, u32 ifindex,
		       const struct mgm_ifkey *k)
{
	struct rb_node *n = rb_first(&mn->mfes);

	lockdep_assert_held(&mn->lock);

	while (n) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);
		u32 i;

		n = rb_next(n);
		cond_resched();
		if (k ? !mgm_ifkey_cmp(&mfe->iif, k) :
			mfe->iif.ifindex == ifindex) {
			mgm_mfe_delete(mn, mfe);
			continue;
		}
		for (i = 0; i < mfe->nr_marks; ) {
			struct mgm_mark *m = &mfe->marks[i];

			if (k ? !mgm_ifkey_cmp(&m->key, k) :
				m->key.ifindex == ifindex)
				*m = mfe->marks[--mfe->nr_marks];
			else
				i++;
		}
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_forget_if);

/**
 * mgm_mfe_install - turn a resolved (S,G) into a forwarding entry
 * @mn: per-netns state, lock held
 * @p: the resolution; its vetoes move to the entry
 *
 * Return: the entry, or NULL if the entry limit is reached or memory ran
 * out (the packets are dropped; the next one tries again).
 */
struct mgm_mfe *mgm_mfe_install(struct mgm_net *mn, struct mgm_pending *p)
{
	struct rb_node **link = &mn->mfes.rb_node, *parent = NULL;
	struct mgm_oifs *set;
	struct mgm_mfe *mfe;
	struct mgm_protocol *owner;
	int cpu;

	lockdep_assert_held(&mn->lock);

	if (mn->nr_mfes >= mn->max_mfes || mgm_mfe_find(mn, &p->sg))
		return NULL;
	mfe = kzalloc(sizeof(*mfe), GFP_KERNEL_ACCOUNT);
	if (!mfe)
		return NULL;
	mfe->pcpu = alloc_percpu_gfp(struct mgm_mfe_pcpu, GFP_KERNEL_ACCOUNT);
	if (!mfe->pcpu) {
		kfree(mfe);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(mfe->pcpu, cpu)->syncp);
	if (p->negative)
		set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	else
		set = mgm_oifs_compute(mn, &p->sg, &p->iif, p->marks,
				       p->nr_marks);
	if (!set) {
		mgm_mfe_free(mfe);
		return NULL;
	}
	mgm_fwd_attach(mn, set, NULL);
	INIT_LIST_HEAD(&mfe->warm_node);
	RCU_INIT_POINTER(mfe->oifs, set);
	mfe->sg = p->sg;
	mgm_hkey_set(&mfe->hkey, &p->sg);
	mfe->wrong_if_quiet = jiffies;
	mfe->iif = p->iif;
	owner = mgm_if_owner_of(mn, &p->iif);
	mfe->iif_proto_id = owner ? owner->proto_id : 0;
	mfe->upstream = p->upstream;
	mfe->route = p->route;
	mfe->created = mgm_now(mn);
	mfe->timeout = mn->mfe_timeout;
	if (!p->negative) {
		mfe->marks = p->marks;
		mfe->nr_marks = p->nr_marks;
		p->marks = NULL;
		p->nr_marks = 0;
	}

	/* The packets held while resolving (§6.3 step 8). */
	mfe->stats.uninit = p->packets;
	mfe->stats.queue_overflow = p->overflow;
	if (mgm_ifkey_cmp(&p->in, &p->iif)) {
		mfe->stats.different_if = p->queued;
		mfe->stats.in_discards = p->queued + p->overflow;
	} else {
		u32 fwd = p->queued - p->ttl_low;

		mfe->stats.in_packets = p->queued;
		mfe->stats.in_bytes = p->bytes;
		mfe->stats.hdr_errors = p->ttl_low;
		mfe->stats.in_discards = p->ttl_low;
		if (!set->nr) {
			mfe->stats.negative = fwd;
			mfe->stats.in_discards += fwd;
		}
		mfe->stats.out_packets = (u64)fwd * set->nr;
		mfe->stats.in_discards += p->overflow;
		if (p->queued)
			mfe->last_use = jiffies;
	}
	mgm_mfe_restart(mn, mfe);

	mgm_fwd_warm(mn, mfe);
	if (rhashtable_insert_fast(&mn->mfe_ht, &mfe->hnode,
				   mgm_mfe_ht_params)) {
		list_del(&mfe->warm_node);
		mgm_mfe_free(mfe);
		return NULL;
	}

	while (*link) {
		struct mgm_mfe *pos = rb_entry(*link, struct mgm_mfe, rb);

		parent = *link;
		link = mgm_mfe_cmp(&p->sg, &pos->sg) < 0 ? &parent->rb_left :
							 &parent->rb_right;
	}
	rb_link_node(&mfe->rb, parent, link);
	rb_insert_color(&mfe->rb, &mn->mfes);
	mn->nr_mfes++;
	mn->gen++;

	if (!set->nr)
		mgm_mfe_alert(mn, mfe, true);
	return mfe;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_install);

/**
 * mgm_mfe_set - MgmSetMfe
 * @mn: per-netns state, lock held
 * @sg: the entry
 * @upstream: new upstream neighbour, or NULL
 * @timeout: new lifetime in seconds (0: never ages), or NULL
 * @extack: where to report a refusal
 *
 * Return: 0 or -ENOENT.
 */
int mgm_mfe_set(struct mgm_net *mn, const struct mgm_sg *sg,
		const union mgm_addr *upstream, const u32 *timeout,
		struct netlink_ext_ack *extack)
{
	struct mgm_mfe *mfe;

	lockdep_assert_held(&mn->lock);

	mfe = mgm_mfe_find(mn, sg);
	if (!mfe) {
		NL_SET_ERR_MSG_MOD(extack, "no such forwarding entry");
		return -ENOENT;
	}
	if (upstream)
		mfe->upstream = *upstream;
	if (timeout) {
		mfe->timeout = *timeout;
		mgm_mfe_restart(mn, mfe);
	}
	mn->gen++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_set);

/**
 * mgm_mfe_prune_timeout - the owner answered an emptied-entry prune alert
 * @mn: per-netns state, lock held
 * @sg: the entry (it may be gone)
 * @timeout: its new lifetime in seconds, 0 = never ages
 */
void mgm_mfe_prune_timeout(struct mgm_net *mn, const struct mgm_sg *sg,
			   u32 timeout)
{
	struct mgm_mfe *mfe = mgm_mfe_find(mn, sg);

	if (!mfe)
		return;
	mfe->timeout = timeout;
	mgm_mfe_restart(mn, mfe);
	mn->gen++;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_prune_timeout);

/**
 * mgm_mfe_expire - age the forwarding entries (§6.6)
 * @mn: per-netns state, lock held
 * @now: the time
 * @next: lowered to the next countdown end, if any
 *
 * At the end of its countdown a negative entry goes; a positive one goes
 * unless packets arrived since the countdown started, in which case the
 * countdown restarts.
 */
void mgm_mfe_expire(struct mgm_net *mn, unsigned long now,
		    unsigned long *next)
{
	unsigned long soonest = now + HZ;
	struct rb_node *n = rb_first(&mn->mfes);

	lockdep_assert_held(&mn->lock);

	while (n) {
		struct mgm_mfe *mfe = rb_entry(n, struct mgm_mfe, rb);
		u64 in;

		n = rb_next(n);
		cond_resched();
		if (!mfe->timeout)
			continue;
		if (time_before(now, mfe->expires)) {
			/* One scan a second at most, however many expire. */
			if (time_before(mfe->expires, *next))
				*next = time_after(mfe->expires, soonest) ?
					mfe->expires : soonest;
			continue;
		}
		in = mgm_mfe_in_packets(mfe);
		if (mgm_mfe_oifs(mfe)->nr && in != mfe->last_in) {
			mfe->expires = now + (unsigned long)mfe->timeout * HZ;
			mfe->last_in = in;
			if (time_before(mfe->expires, *next))
				*next = mfe->expires;
			continue;
		}
		mgm_mfe_delete(mn, mfe);
	}
}
EXPORT_SYMBOL_IF_KUNIT(mgm_mfe_expire);

/**
 * mgm_mfe_free_all - free every entry, without alerts
 * @mn: per-netns state, going away
 */
void mgm_mfe_free_all(struct mgm_net *mn)
{
	struct mgm_mfe *mfe, *tmp;

	rbtree_postorder_for_each_entry_safe(mfe, tmp, &mn->mfes, rb) {
		/*
		 * Unlinked before it is freed: the hash table's deferred
		 * resize may be walking its chains right now.
		 */
		rhashtable_remove_fast(&mn->mfe_ht, &mfe->hnode,
				       mgm_mfe_ht_params);
		mgm_mfe_free(mfe);
	}
	INIT_LIST_HEAD(&mn->warming);
	mn->mfes = RB_ROOT;
	mn->nr_mfes = 0;
}
