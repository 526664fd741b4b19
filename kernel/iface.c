// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: interface ownership (spec §1.3, §1.4, §4.3, §4.4, §6.8).
 *
 * An interface is (ifindex, next hop).  At most one routing protocol owns
 * it; IGMP may own it alone or next to that protocol.  Whenever a take or
 * a release changes the effective owner (the routing protocol, else IGMP),
 * the forwarding state of the interface is rebuilt: entries arriving on it
 * are deleted, the leaving side's memberships on it are purged with the
 * usual alerts, and it leaves every forwarding entry.
 *
 * Every function here is called with &mgm_net.lock held.
 */

#include <kunit/visibility.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "mgm.h"

/**
 * mgm_if_find - look up an owned interface
 * @mn: per-netns state, lock held
 * @k: its key
 *
 * Return: the interface, or NULL if nobody owns it.
 */
struct mgm_iface *mgm_if_find(struct mgm_net *mn, const struct mgm_ifkey *k)
{
	struct mgm_iface *ifc;

	list_for_each_entry(ifc, &mn->ifaces, node) {
		int c = mgm_ifkey_cmp(&ifc->key, k);

		if (!c)
			return ifc;
		if (c > 0)
			break;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_find);

/**
 * mgm_if_owner - the effective owner of an interface
 * @ifc: the interface, or NULL
 *
 * Return: its routing protocol, else IGMP if IGMP owns it alone, else NULL.
 */
struct mgm_protocol *mgm_if_owner(const struct mgm_iface *ifc)
{
	if (!ifc)
		return NULL;
	return ifc->owner ? ifc->owner : ifc->igmp;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_owner);

struct mgm_protocol *mgm_if_owner_of(struct mgm_net *mn,
				     const struct mgm_ifkey *k)
{
	return mgm_if_owner(mgm_if_find(mn, k));
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_owner_of);

static struct mgm_iface *mgm_if_new(struct mgm_net *mn,
				    const struct mgm_ifkey *k,
				    struct netlink_ext_ack *extack)
{
	struct mgm_iface *ifc, *pos;
	int ret;

	if (mn->nr_ifaces >= mn->max_ifaces) {
		NL_SET_ERR_MSG_MOD(extack,
				   "limit on owned interfaces reached in this network namespace");
		return ERR_PTR(-ENOSPC);
	}
	ifc = kzalloc(sizeof(*ifc), GFP_KERNEL_ACCOUNT);
	if (!ifc)
		return ERR_PTR(-ENOMEM);
	ret = mgm_fwd_if_add(mn, k->ifindex);
	if (ret) {
		kfree(ifc);
		return ERR_PTR(ret);
	}
	ifc->key = *k;

	list_for_each_entry(pos, &mn->ifaces, node)
		if (mgm_ifkey_cmp(&pos->key, k) > 0)
			break;
	list_add_tail(&ifc->node, &pos->node);
	mn->nr_ifaces++;
	return ifc;
}

static void mgm_if_free(struct mgm_net *mn, struct mgm_iface *ifc)
{
	list_del(&ifc->node);
	mn->nr_ifaces--;
	mgm_fwd_if_del(mn, ifc->key.ifindex);
	kfree(ifc);
}

/*
 * The effective owner of @k changed (spec §1.4 item 4): delete the
 * entries that arrive on it, purge the memberships of the side that
 * loses it (@by), and take it out of every remaining entry.
 */
static void mgm_if_owner_changed(struct mgm_net *mn,
				 const struct mgm_ifkey *k, u8 by)
{
	mgm_mfe_forget_if(mn, 0, k);
	if (by)
		mgm_member_purge_if(mn, k, by, false);
}

static void mgm_if_igmp_event(struct mgm_net *mn, struct mgm_iface *ifc,
			      u8 cmd)
{
	struct mgm_event ev = {
		.cmd = cmd,
		.ifk = &ifc->key,
		.member_update = -1,
	};

	mgm_event_send(mn, ifc->igmp, &ev);
}

/**
 * mgm_if_take - take ownership of an interface (MgmTakeInterfaceOwnership)
 * @mn: per-netns state, lock held
 * @proto: the caller
 * @k: the interface; the caller checked that the device exists
 * @extack: where to report a refusal
 *
 * Return: 0; -EEXIST if a routing protocol owns it already (the caller
 * included) or, for IGMP, if IGMP already (co-)owns it; -EBUSY while the
 * kernel's ipmr forwards on it; -ENOSPC; -ENOMEM.
 */
int mgm_if_take(struct mgm_net *mn, struct mgm_protocol *proto,
		const struct mgm_ifkey *k, struct netlink_ext_ack *extack)
{
	struct mgm_iface *ifc;
	int ret;

	lockdep_assert_held(&mn->lock);

	ret = mgm_fwd_if_check(mn, k->ifindex, extack);
	if (ret)
		return ret;

	ifc = mgm_if_find(mn, k);
	if (mgm_is_igmp(proto)) {
		if (ifc && ifc->igmp) {
			NL_SET_ERR_MSG_MOD(extack,
					   "IGMP already owns this interface");
			return -EEXIST;
		}
		if (ifc) {
			/* Co-owner next to a routing protocol: nothing else. */
			ifc->igmp = proto;
			proto->nr_ifaces++;
			mn->gen++;
			return 0;
		}
	} else if (ifc && ifc->owner) {
		if (ifc->owner == proto)
			NL_SET_ERR_MSG_MOD(extack,
					   "protocol already owns this interface");
		else
			NL_SET_ERR_MSG_MOD(extack,
					   "interface is owned by another protocol");
		return -EEXIST;
	}

	if (!ifc) {
		ifc = mgm_if_new(mn, k, extack);
		if (IS_ERR(ifc))
			return PTR_ERR(ifc);
		if (mgm_is_igmp(proto))
			ifc->igmp = proto;
		else
			ifc->owner = proto;
		proto->nr_ifaces++;
		mn->gen++;
		/* Negative entries made while it had no owner go. */
		mgm_if_owner_changed(mn, k, 0);
		return 0;
	}

	/* A routing protocol takes an interface IGMP owns alone. */
	mgm_if_igmp_event(mn, ifc, MGM_CMD_DISABLE_IGMP);
	ifc->owner = proto;
	proto->nr_ifaces++;
	mn->gen++;
	mgm_if_owner_changed(mn, k, MGM_OIF_BY_IGMP);
	mgm_if_igmp_event(mn, ifc, MGM_CMD_ENABLE_IGMP);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_take);

/**
 * mgm_if_release - release an interface (MgmReleaseInterfaceOwnership)
 * @mn: per-netns state, lock held
 * @proto: the caller
 * @k: the interface
 * @extack: where to report a refusal
 *
 * Return: 0, or -EINVAL if the caller does not (co-)own the interface,
 * including when nobody does (spec §4.4: ERROR_INVALID_PARAMETER).
 */
int mgm_if_release(struct mgm_net *mn, struct mgm_protocol *proto,
		   const struct mgm_ifkey *k, struct netlink_ext_ack *extack)
{
	struct mgm_iface *ifc;

	lockdep_assert_held(&mn->lock);

	ifc = mgm_if_find(mn, k);
	if (!ifc) {
		NL_SET_ERR_MSG_MOD(extack, "interface is not owned by any protocol");
		return -EINVAL;
	}
	if (ifc->owner != proto && ifc->igmp != proto) {
		NL_SET_ERR_MSG_MOD(extack, "interface is owned by another protocol");
		return -EINVAL;
	}
	proto->nr_ifaces--;
	mn->gen++;

	if (ifc->igmp == proto && ifc->owner) {
		/*
		 * IGMP leaves an interface it co-owns: its memberships go
		 * with local leaves to the owner, who keeps everything else.
		 */
		mgm_member_purge_if(mn, k, MGM_OIF_BY_IGMP, true);
		ifc->igmp = NULL;
		return 0;
	}
	if (ifc->owner == proto && ifc->igmp) {
		/* IGMP stays alone: Disable, state change, Enable. */
		mgm_if_igmp_event(mn, ifc, MGM_CMD_DISABLE_IGMP);
		ifc->owner = NULL;
		mgm_if_owner_changed(mn, k, MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP);
		mgm_if_igmp_event(mn, ifc, MGM_CMD_ENABLE_IGMP);
		return 0;
	}

	/* The only owner leaves. */
	mgm_if_owner_changed(mn, k, MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP);
	mgm_if_free(mn, ifc);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_release);

/**
 * mgm_if_gone - a net_device was unregistered or left the namespace
 * @mn: per-netns state, lock held
 * @ifindex: its index
 *
 * Everything on it is purged (spec §6.8): entries arriving on it, every
 * membership on it (alerts, but no local leaves and no Disable/Enable),
 * and its place in every entry.  Each former owner gets if-gone.
 */
void mgm_if_gone(struct mgm_net *mn, u32 ifindex)
{
	struct mgm_iface *ifc, *tmp;

	lockdep_assert_held(&mn->lock);

	/* Entries arriving on any link of the device, owned or not. */
	mgm_mfe_forget_if(mn, ifindex, NULL);

	list_for_each_entry_safe(ifc, tmp, &mn->ifaces, node) {
		struct mgm_protocol *owner = ifc->owner, *igmp = ifc->igmp;
		struct mgm_event ev = {
			.cmd = MGM_CMD_IF_GONE,
			.ifk = &ifc->key,
			.member_update = -1,
		};

		if (ifc->key.ifindex != ifindex)
			continue;
		mgm_if_owner_changed(mn, &ifc->key,
				     MGM_OIF_BY_OWNER | MGM_OIF_BY_IGMP);
		if (owner) {
			owner->nr_ifaces--;
			mgm_event_send(mn, owner, &ev);
		}
		if (igmp) {
			igmp->nr_ifaces--;
			mgm_event_send(mn, igmp, &ev);
		}
		mn->gen++;
		mgm_if_free(mn, ifc);
	}
	mgm_mfe_drop_dev(mn, ifindex);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_if_gone);

/*
 * A device that is unregistered (or leaves the namespace) takes
 * everything on it along.  Runs under RTNL; &mgm_net.lock nests inside.
 */
static int mgm_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct mgm_net *mn;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	mn = mgm_net(dev_net(dev));
	mutex_lock(&mn->lock);
	mgm_if_gone(mn, dev->ifindex);
	mutex_unlock(&mn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block mgm_netdev_notifier = {
	.notifier_call = mgm_netdev_event,
};

int mgm_netdev_register(void)
{
	return register_netdevice_notifier(&mgm_netdev_notifier);
}

void mgm_netdev_unregister(void)
{
	unregister_netdevice_notifier(&mgm_netdev_notifier);
}
