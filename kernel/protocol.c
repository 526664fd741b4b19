// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: the registry of multicast routing protocol instances.
 *
 * Every function here is called with &mgm_net.lock held; see the locking
 * notes in netlink.c.
 */

#include <kunit/visibility.h>
#include <linux/err.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <uapi/linux/mgm.h>

#include "mgm.h"

static struct mgm_protocol *mgm_proto_find_id(struct mgm_net *mn,
					      u32 proto_id, u32 component_id)
{
	struct mgm_protocol *proto;

	list_for_each_entry(proto, &mn->protocols, node)
		if (proto->proto_id == proto_id &&
		    proto->component_id == component_id)
			return proto;
	return NULL;
}

static bool mgm_proto_igmp_registered(struct mgm_net *mn)
{
	struct mgm_protocol *proto;

	list_for_each_entry(proto, &mn->protocols, node)
		if (mgm_is_igmp(proto))
			return true;
	return false;
}

/**
 * mgm_proto_register - register a protocol instance
 * @mn: per-netns state, lock held
 * @proto_id: protocol identifier
 * @component_id: instance of the protocol
 * @portid: netlink port the protocol is bound to
 * @extack: where to report why a registration is refused
 *
 * The new protocol is appended to the handle-ordered list and remembers
 * the calling process for the operator's listings.  Memory is charged to
 * the caller's memory cgroup.
 *
 * Return: the protocol, or ERR_PTR(-EEXIST) for a duplicate (protocol id,
 * component id) or a second IGMP instance, ERR_PTR(-ENOSPC) when the
 * namespace's limit is reached, ERR_PTR(-ENOMEM).
 */
struct mgm_protocol *mgm_proto_register(struct mgm_net *mn, u32 proto_id,
					u32 component_id, u32 portid,
					struct netlink_ext_ack *extack)
{
	struct mgm_protocol *proto;

	lockdep_assert_held(&mn->lock);

	if (mgm_proto_find_id(mn, proto_id, component_id)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "protocol instance (protocol id, component id) is already registered");
		return ERR_PTR(-EEXIST);
	}
	if (proto_id == MGM_PROTO_ID_IGMP && mgm_proto_igmp_registered(mn)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "an IGMP instance is already registered in this network namespace");
		return ERR_PTR(-EEXIST);
	}
	if (mn->nr_protocols >= mn->max_protocols) {
		NL_SET_ERR_MSG_MOD(extack,
				   "limit on registered protocols reached in this network namespace");
		return ERR_PTR(-ENOSPC);
	}

	proto = kzalloc(sizeof(*proto), GFP_KERNEL_ACCOUNT);
	if (!proto)
		return ERR_PTR(-ENOMEM);

	proto->mn = mn;
	proto->handle = mn->next_handle++;
	proto->proto_id = proto_id;
	proto->component_id = component_id;
	proto->portid = portid;
	proto->event_portid = portid;
	proto->cb_mask = 0;
	mgm_event_proto_init(proto);
	proto->pid = get_pid(task_tgid(current));
	get_task_comm(proto->comm, current);

	list_add_tail(&proto->node, &mn->protocols);
	WRITE_ONCE(mn->nr_protocols, mn->nr_protocols + 1);
	mn->gen++;
	return proto;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_register);

/**
 * mgm_proto_find - find a protocol by handle, whichever socket owns it
 * @mn: per-netns state, lock held
 * @handle: the protocol's handle
 *
 * For read-only queries; changes go through mgm_proto_lookup().
 *
 * Return: the protocol or NULL.
 */
struct mgm_protocol *mgm_proto_find(struct mgm_net *mn, u64 handle)
{
	struct mgm_protocol *proto;

	lockdep_assert_held(&mn->lock);

	list_for_each_entry(proto, &mn->protocols, node)
		if (proto->handle == handle)
			return proto;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_find);

/**
 * mgm_proto_lookup - resolve a handle presented by a netlink socket
 * @mn: per-netns state, lock held
 * @handle: the handle from the request
 * @portid: the port of the socket that sent the request
 * @extack: where to report a bad handle
 *
 * A handle is valid only on the socket that registered it, the Linux
 * reading of "MGM calls must come from the router process".
 *
 * Return: the protocol, or ERR_PTR(-EINVAL) for a handle that was never
 * issued, was deregistered, or belongs to another socket.
 */
struct mgm_protocol *mgm_proto_lookup(struct mgm_net *mn, u64 handle,
				      u32 portid,
				      struct netlink_ext_ack *extack)
{
	struct mgm_protocol *proto = mgm_proto_find(mn, handle);

	if (!proto) {
		NL_SET_ERR_MSG_MOD(extack, "unknown protocol handle");
		return ERR_PTR(-EINVAL);
	}
	if (proto->portid != portid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "protocol handle belongs to another netlink socket");
		return ERR_PTR(-EINVAL);
	}
	return proto;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_lookup);

/**
 * mgm_proto_deregister - deregister a protocol on its own request
 * @mn: per-netns state, lock held
 * @proto: the protocol
 * @extack: where to report a refusal
 *
 * Return: 0, or -EBUSY while the protocol still (co-)owns interfaces: it
 * must release them first (spec §4.2).
 */
int mgm_proto_deregister(struct mgm_net *mn, struct mgm_protocol *proto,
			 struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&mn->lock);

	if (proto->nr_ifaces) {
		NL_SET_ERR_MSG_MOD(extack,
				   "protocol still owns interfaces; release them first");
		return -EBUSY;
	}
	mgm_proto_unregister(mn, proto);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_deregister);

/**
 * mgm_proto_unregister - remove a protocol and free it
 * @mn: per-netns state, lock held
 * @proto: the protocol; invalid after the call
 *
 * Its undelivered events are discarded and the requests it did not
 * answer complete with their defaults (spec §4.2).
 */
void mgm_proto_unregister(struct mgm_net *mn, struct mgm_protocol *proto)
{
	lockdep_assert_held(&mn->lock);

	list_del(&proto->node);
	WRITE_ONCE(mn->nr_protocols, mn->nr_protocols - 1);
	mn->gen++;
	mgm_requests_cancel(mn, proto);
	mgm_event_proto_destroy(proto);
	put_pid(proto->pid);
	kfree(proto);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_unregister);

/**
 * mgm_proto_kill - a protocol's session died
 * @mn: per-netns state, lock held
 * @proto: the protocol; invalid after the call
 *
 * Behaves as if the protocol had released every interface it (co-)owns,
 * in ascending (ifindex, next hop) order with all the alerts that implies
 * for the others, and then deregistered (spec §7.1).
 */
void mgm_proto_kill(struct mgm_net *mn, struct mgm_protocol *proto)
{
	struct mgm_iface *ifc, *tmp;

	lockdep_assert_held(&mn->lock);

	list_for_each_entry_safe(ifc, tmp, &mn->ifaces, node) {
		struct mgm_ifkey k = ifc->key;

		/*
		 * Releasing one interface never frees another, but it may
		 * free this one: keep a copy of the key.
		 */
		if (ifc->owner == proto || ifc->igmp == proto)
			mgm_if_release(mn, proto, &k, NULL);
	}
	WARN_ON_ONCE(proto->nr_ifaces);
	mgm_proto_unregister(mn, proto);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_kill);

/**
 * mgm_proto_release_portid - kill every protocol bound to a socket
 * @mn: per-netns state, lock held
 * @portid: the netlink port that went away (request or event socket)
 *
 * Return: how many protocols were killed.
 */
unsigned int mgm_proto_release_portid(struct mgm_net *mn, u32 portid)
{
	struct mgm_protocol *proto;
	unsigned int n = 0;

	lockdep_assert_held(&mn->lock);

again:
	list_for_each_entry(proto, &mn->protocols, node) {
		if (proto->portid != portid && proto->event_portid != portid)
			continue;
		/* Killing one protocol may not free another, but restart. */
		mgm_proto_kill(mn, proto);
		n++;
		goto again;
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_proto_release_portid);
