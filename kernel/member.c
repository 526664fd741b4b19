// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: group memberships and the alerts they raise (spec §4.6, §4.7,
 * §5.3-§5.6, §5.10 rules A, B, D, E, F).
 *
 * A membership entry is (S,G), (*,G) or (*,*) with a set of interfaces.
 * Each interface records its component (the effective owner of the
 * interface when it joined) and who added it: the owner, IGMP, or both.
 * Wildcard entries alert by component count; (S,G) entries alert the
 * owner of the interface towards S.  Forwarding entries covered by a
 * change are recomputed afterwards (mfe.c), which raises the rule C
 * alerts, so that within one call local events come first, then
 * membership alerts, then forwarding-entry alerts.
 *
 * Every function here is called with &mgm_net.lock held.
 */

#include <kunit/visibility.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/ipv6.h>

#include "mgm.h"

int mgm_addr_cmp(const union mgm_addr *a, const union mgm_addr *b)
{
	return memcmp(a, b, sizeof(*a));
}
EXPORT_SYMBOL_IF_KUNIT(mgm_addr_cmp);

bool mgm_addr_any(const union mgm_addr *a)
{
	return ipv6_addr_any(&a->ip6);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_addr_any);

int mgm_ifkey_cmp(const struct mgm_ifkey *a, const struct mgm_ifkey *b)
{
	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return mgm_addr_cmp(&a->nh, &b->nh);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_ifkey_cmp);

/* Membership order: family, group (wildcard first), source. */
static int mgm_sg_cmp(const struct mgm_sg *a, const struct mgm_sg *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->grp_len != b->grp_len)
		return a->grp_len < b->grp_len ? -1 : 1;
	c = mgm_addr_cmp(&a->grp, &b->grp);
	if (c)
		return c;
	if (a->src_len != b->src_len)
		return a->src_len < b->src_len ? -1 : 1;
	return mgm_addr_cmp(&a->src, &b->src);
}

/**
 * mgm_sg_validate - check that a key is (S,G), (*,G) or (*,*)
 * @sg: the key
 * @extack: where to say what is wrong
 *
 * Return: 0 or -EINVAL.  Ranges, (S,*), non-multicast groups and
 * addresses that disagree with their length are refused (spec §4.0).
 */
int mgm_sg_validate(const struct mgm_sg *sg, struct netlink_ext_ack *extack)
{
	bool src_any = mgm_addr_any(&sg->src);
	bool grp_any = mgm_addr_any(&sg->grp);

	if (sg->family != AF_INET) {
		NL_SET_ERR_MSG_MOD(extack, "only AF_INET is supported");
		return -EINVAL;
	}
	if ((sg->src_len != 0 && sg->src_len != 32) ||
	    (sg->grp_len != 0 && sg->grp_len != 32)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "source and group must be wildcards (length 0) or single addresses (length 32)");
		return -EINVAL;
	}
	if (src_any != !sg->src_len || grp_any != !sg->grp_len) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a wildcard has address 0 and length 0, a single address is non-zero with length 32");
		return -EINVAL;
	}
	if (!grp_any && !ipv4_is_multicast(sg->grp.ip4)) {
		NL_SET_ERR_MSG_MOD(extack, "group is not a multicast address");
		return -EINVAL;
	}
	if (grp_any && !src_any) {
		NL_SET_ERR_MSG_MOD(extack, "(S,*) memberships are not supported");
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_sg_validate);

/**
 * mgm_member_find - look up a membership entry
 * @mn: per-netns state, lock held
 * @sg: its key
 *
 * Return: the entry or NULL.
 */
struct mgm_member *mgm_member_find(struct mgm_net *mn,
				   const struct mgm_sg *sg)
{
	struct rb_node *n = mn->members.rb_node;

	while (n) {
		struct mgm_member *e = rb_entry(n, struct mgm_member, rb);
		int c = mgm_sg_cmp(sg, &e->sg);

		if (!c)
			return e;
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_member_find);

/**
 * mgm_member_after - the first entry strictly after a key
 * @mn: per-netns state, lock held
 * @after: the key, or NULL for the first entry
 *
 * Return: the entry or NULL.  Dumps resume with it, so entries that
 * appear or vanish meanwhile never cause a duplicate.
 */
struct mgm_member *mgm_member_after(struct mgm_net *mn,
				    const struct mgm_sg *after)
{
	struct rb_node *n = mn->members.rb_node;
	struct mgm_member *best = NULL;

	if (!after) {
		n = rb_first(&mn->members);
		return n ? rb_entry(n, struct mgm_member, rb) : NULL;
	}
	while (n) {
		struct mgm_member *e = rb_entry(n, struct mgm_member, rb);

		if (mgm_sg_cmp(&e->sg, after) > 0) {
			best = e;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_member_after);

static struct mgm_member *mgm_member_new(struct mgm_net *mn,
					 const struct mgm_sg *sg)
{
	struct rb_node **link = &mn->members.rb_node, *parent = NULL;
	struct mgm_member *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	e->sg = *sg;
	INIT_LIST_HEAD(&e->oifs);

	while (*link) {
		struct mgm_member *pos = rb_entry(*link, struct mgm_member, rb);

		parent = *link;
		link = mgm_sg_cmp(sg, &pos->sg) < 0 ? &parent->rb_left :
						      &parent->rb_right;
	}
	rb_link_node(&e->rb, parent, link);
	rb_insert_color(&e->rb, &mn->members);
	return e;
}

static struct mgm_member_oif *mgm_oif_find(struct mgm_member *e,
					   const struct mgm_ifkey *k)
{
	struct mgm_member_oif *oif;

	list_for_each_entry(oif, &e->oifs, node)
		if (!mgm_ifkey_cmp(&oif->key, k))
			return oif;
	return NULL;
}

static bool mgm_member_has_component(struct mgm_member *e,
				     struct mgm_protocol *comp)
{
	struct mgm_member_oif *oif;

	list_for_each_entry(oif, &e->oifs, node)
		if (oif->component == comp)
			return true;
	return false;
}

/* The distinct components of @e: how many, and one of them. */
static u32 mgm_member_components(struct mgm_member *e,
				 struct mgm_protocol **one)
{
	struct mgm_member_oif *oif, *prev;
	u32 n = 0;

	*one = NULL;
	list_for_each_entry(oif, &e->oifs, node) {
		bool seen = false;

		list_for_each_entry(prev, &e->oifs, node) {
			if (prev == oif)
				break;
			if (prev->component == oif->component) {
				seen = true;
				break;
			}
		}
		if (!seen) {
			n++;
			*one = oif->component;
		}
	}
	return n;
}

/**
 * mgm_iif_owner - who receives (S,G) membership alerts
 * @mn: per-netns state, lock held
 * @sg: an (S,G)
 *
 * Return: the owner of the incoming interface of the forwarding entry if
 * it exists, else of the interface the FIB gives towards S, else NULL.
 */
struct mgm_protocol *mgm_iif_owner(struct mgm_net *mn,
				   const struct mgm_sg *sg)
{
	struct mgm_mfe *mfe = mgm_mfe_find(mn, sg);
	struct mgm_ifkey k = {};
	struct mgm_rpf rpf;

	if (mfe)
		return mgm_if_owner_of(mn, &mfe->iif);
	if (!mn->rpf_lookup(mn, sg, &rpf))
		return NULL;
	k.ifindex = rpf.ifindex;
	k.nh = rpf.gateway;
	if (mgm_if_find(mn, &k))
		return mgm_if_owner_of(mn, &k);
	k.nh = (union mgm_addr){};
	return mgm_if_owner_of(mn, &k);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_iif_owner);

static void mgm_member_alert(struct mgm_net *mn, struct mgm_member *e,
			     struct mgm_protocol *to,
			     struct mgm_protocol *except, u8 cmd,
			     const struct mgm_ifkey *k)
{
	struct mgm_event ev = {
		.cmd = cmd,
		.sg = &e->sg,
		.member_update = 1,
	};

	if (cmd == MGM_CMD_PRUNE_ALERT) {
		ev.ifk = k;
		ev.timeout = mn->mfe_timeout;
	}
	if (to)
		mgm_event_send(mn, to, &ev);
	else
		mgm_event_alert_others(mn, except, &ev);
}

/* Rule A: @oif is new in @e. */
static void mgm_member_join_alerts(struct mgm_net *mn, struct mgm_member *e,
				   struct mgm_member_oif *oif)
{
	struct mgm_protocol *x = oif->component, *one, *r;
	struct list_head *prev;
	u32 n;

	if (e->sg.src_len) {
		if (e->nr_oifs != 1)
			return;
		r = mgm_iif_owner(mn, &e->sg);
		if (r && r != x)
			mgm_member_alert(mn, e, r, NULL, MGM_CMD_JOIN_ALERT,
					 &oif->key);
		return;
	}

	/* Components before @oif arrived; then put it back in its place. */
	prev = oif->node.prev;
	list_del(&oif->node);
	n = mgm_member_components(e, &one);
	list_add(&oif->node, prev);
	if (n == 0)
		mgm_member_alert(mn, e, NULL, x, MGM_CMD_JOIN_ALERT, &oif->key);
	else if (n == 1 && one != x)
		mgm_member_alert(mn, e, one, NULL, MGM_CMD_JOIN_ALERT,
				 &oif->key);
}

/* Rule B: @oif (component @x) has left @e. */
static void mgm_member_prune_alerts(struct mgm_net *mn, struct mgm_member *e,
				    struct mgm_protocol *x,
				    const struct mgm_ifkey *k)
{
	struct mgm_protocol *one, *r;
	u32 n;

	if (e->sg.src_len) {
		if (e->nr_oifs)
			return;
		r = mgm_iif_owner(mn, &e->sg);
		if (r && r != x)
			mgm_member_alert(mn, e, r, NULL, MGM_CMD_PRUNE_ALERT, k);
		return;
	}
	if (mgm_member_has_component(e, x))
		return;
	n = mgm_member_components(e, &one);
	if (n == 1)
		mgm_member_alert(mn, e, one, NULL, MGM_CMD_PRUNE_ALERT, k);
	else if (n == 0)
		mgm_member_alert(mn, e, NULL, x, MGM_CMD_PRUNE_ALERT, k);
}

static void mgm_member_local(struct mgm_net *mn, struct mgm_member *e,
			     const struct mgm_ifkey *k, u8 cmd)
{
	struct mgm_iface *ifc = mgm_if_find(mn, k);
	struct mgm_event ev = {
		.cmd = cmd,
		.sg = &e->sg,
		.ifk = k,
		.member_update = -1,
	};

	if (ifc && ifc->owner)
		mgm_event_send(mn, ifc->owner, &ev);
}

/*
 * Clear @by on interface @oif of @e; if nobody holds it any more it
 * leaves the entry, with the rule B alerts, and an emptied entry is
 * freed.  Return: true if the entry was freed.
 */
static bool mgm_member_oif_clear(struct mgm_net *mn, struct mgm_member *e,
				 struct mgm_member_oif *oif, u8 by,
				 bool local_leave)
{
	struct mgm_protocol *x = oif->component;
	struct mgm_ifkey k = oif->key;

	if (!(oif->by & by))
		return false;
	if (local_leave && (oif->by & by & MGM_OIF_BY_IGMP))
		mgm_member_local(mn, e, &k, MGM_CMD_LOCAL_LEAVE);
	oif->by &= ~by;
	if (oif->by)
		return false;

	list_del(&oif->node);
	kfree(oif);
	e->nr_oifs--;
	mn->nr_members--;
	mn->gen++;
	mgm_member_prune_alerts(mn, e, x, &k);
	if (e->nr_oifs)
		return false;
	rb_erase(&e->rb, &mn->members);
	kfree(e);
	return true;
}

static int mgm_member_check(struct mgm_net *mn, struct mgm_protocol *proto,
			    const struct mgm_sg *sg, const struct mgm_ifkey *k,
			    u32 flags, struct netlink_ext_ack *extack)
{
	struct mgm_iface *ifc;
	int err;

	if (!flags || (flags & ~(MGM_MEMBER_FLAGS_JOIN |
				 MGM_MEMBER_FLAGS_FORWARD))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "flags must be join, forward or both");
		return -EINVAL;
	}
	err = mgm_sg_validate(sg, extack);
	if (err)
		return err;
	ifc = mgm_if_find(mn, k);
	if (!ifc) {
		NL_SET_ERR_MSG_MOD(extack, "interface is not owned by any protocol");
		return -ENOENT;
	}
	if (ifc->owner != proto && ifc->igmp != proto) {
		NL_SET_ERR_MSG_MOD(extack, "interface is owned by another protocol");
		return -EINVAL;
	}
	return 0;
}

/**
 * mgm_member_add - MgmAddGroupMembershipEntry
 * @mn: per-netns state, lock held
 * @proto: the caller
 * @sg: (S,G), (*,G) or (*,*)
 * @k: the interface, which the caller must (co-)own
 * @flags: MGM_MEMBER_FLAGS_JOIN and/or MGM_MEMBER_FLAGS_FORWARD
 * @extack: where to report a refusal
 *
 * Return: 0 (also for a membership that exists already: no alert then);
 * -EINVAL for bad flags or shape or someone else's interface; -ENOENT for
 * an interface nobody owns; -ENOSPC at the membership limit; -ENOMEM.
 */
int mgm_member_add(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_sg *sg, const struct mgm_ifkey *k,
		   u32 flags, struct netlink_ext_ack *extack)
{
	u8 by = mgm_is_igmp(proto) ? MGM_OIF_BY_IGMP : MGM_OIF_BY_OWNER;
	struct mgm_member_oif *oif = NULL;
	struct mgm_member *e;
	int err;

	lockdep_assert_held(&mn->lock);

	err = mgm_member_check(mn, proto, sg, k, flags, extack);
	if (err)
		return err;

	if (flags & MGM_MEMBER_FLAGS_JOIN) {
		e = mgm_member_find(mn, sg);
		if (e)
			oif = mgm_oif_find(e, k);
		if (oif && (oif->by & by))
			goto forward;	/* exists already: no alerts */
		if (!oif && mn->nr_members >= mn->max_members) {
			NL_SET_ERR_MSG_MOD(extack,
					   "limit on memberships reached in this network namespace");
			return -ENOSPC;
		}
		if (!e) {
			e = mgm_member_new(mn, sg);
			if (!e)
				return -ENOMEM;
		}
		if (!oif) {
			struct mgm_member_oif *pos;

			oif = kzalloc(sizeof(*oif), GFP_KERNEL_ACCOUNT);
			if (!oif) {
				if (!e->nr_oifs) {
					rb_erase(&e->rb, &mn->members);
					kfree(e);
				}
				return -ENOMEM;
			}
			oif->key = *k;
			oif->component = mgm_if_owner_of(mn, k);
			list_for_each_entry(pos, &e->oifs, node)
				if (mgm_ifkey_cmp(&pos->key, k) > 0)
					break;
			list_add_tail(&oif->node, &pos->node);
			e->nr_oifs++;
			mn->nr_members++;
			oif->by = by;
			mn->gen++;
			if (by == MGM_OIF_BY_IGMP)
				mgm_member_local(mn, e, k, MGM_CMD_LOCAL_JOIN);
			mgm_member_join_alerts(mn, e, oif);
		} else {
			oif->by |= by;
			mn->gen++;
			if (by == MGM_OIF_BY_IGMP)
				mgm_member_local(mn, e, k, MGM_CMD_LOCAL_JOIN);
		}
		/* An explicit join lifts vetoes and FORWARD removals. */
		mgm_mfe_mark_covered(mn, sg, k, 0,
				     MGM_MARK_VETO | MGM_MARK_FWD_DEL);
	}
forward:
	if (flags & MGM_MEMBER_FLAGS_FORWARD)
		mgm_mfe_mark_covered(mn, sg, k, MGM_MARK_FWD_ADD,
				     MGM_MARK_VETO | MGM_MARK_FWD_DEL);
	mgm_mfe_refresh_covered(mn, sg);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_member_add);

/**
 * mgm_member_del - MgmDeleteGroupMembershipEntry
 * @mn: per-netns state, lock held
 * @proto: the caller
 * @sg: (S,G), (*,G) or (*,*)
 * @k: the interface, which the caller must (co-)own
 * @flags: MGM_MEMBER_FLAGS_JOIN and/or MGM_MEMBER_FLAGS_FORWARD
 * @extack: where to report a refusal
 *
 * Return: as mgm_member_add(); deleting what does not exist is a no-op.
 */
int mgm_member_del(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_sg *sg, const struct mgm_ifkey *k,
		   u32 flags, struct netlink_ext_ack *extack)
{
	u8 by = mgm_is_igmp(proto) ? MGM_OIF_BY_IGMP : MGM_OIF_BY_OWNER;
	struct mgm_member_oif *oif;
	struct mgm_member *e;
	int err;

	lockdep_assert_held(&mn->lock);

	err = mgm_member_check(mn, proto, sg, k, flags, extack);
	if (err)
		return err;

	if (flags & MGM_MEMBER_FLAGS_JOIN) {
		e = mgm_member_find(mn, sg);
		oif = e ? mgm_oif_find(e, k) : NULL;
		if (oif)
			mgm_member_oif_clear(mn, e, oif, by, true);
	}
	if (flags & MGM_MEMBER_FLAGS_FORWARD)
		mgm_mfe_mark_covered(mn, sg, k, MGM_MARK_FWD_DEL,
				     MGM_MARK_FWD_ADD);
	mgm_mfe_refresh_covered(mn, sg);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_member_del);

/**
 * mgm_member_purge_if - remove memberships on an interface
 * @mn: per-netns state, lock held
 * @k: the interface
 * @by: whose memberships (MGM_OIF_BY_OWNER, MGM_OIF_BY_IGMP)
 * @local_leave: tell the owner about each IGMP membership removed
 *
 * Membership alerts go out as for deletions; the forwarding entries are
 * recomputed afterwards.
 */
void mgm_member_purge_if(struct mgm_net *mn, const struct mgm_ifkey *k,
			 u8 by, bool local_leave)
{
	struct rb_node *n = rb_first(&mn->members);
	struct mgm_sg all = { .family = AF_INET };

	while (n) {
		struct mgm_member *e = rb_entry(n, struct mgm_member, rb);
		struct mgm_member_oif *oif = mgm_oif_find(e, k);

		n = rb_next(n);
		if (oif)
			mgm_member_oif_clear(mn, e, oif, by, local_leave);
	}
	mgm_mfe_refresh_covered(mn, &all);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_member_purge_if);

/**
 * mgm_member_free_all - free the membership table, without alerts
 * @mn: per-netns state, going away
 */
void mgm_member_free_all(struct mgm_net *mn)
{
	struct mgm_member *e, *tmp;
	struct mgm_member_oif *oif, *otmp;

	rbtree_postorder_for_each_entry_safe(e, tmp, &mn->members, rb) {
		list_for_each_entry_safe(oif, otmp, &e->oifs, node)
			kfree(oif);
		kfree(e);
	}
	mn->members = RB_ROOT;
	mn->nr_members = 0;
}
