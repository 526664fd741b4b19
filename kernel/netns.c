// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: per network namespace state.  Each namespace has an independent
 * MGM; its state is created with the namespace and freed with it.
 */

#include <kunit/visibility.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "mgm.h"

static unsigned int mgm_net_id __read_mostly;

/**
 * mgm_net - the MGM state of a network namespace
 * @net: the namespace
 *
 * Return: the state; valid as long as @net is.
 */
struct mgm_net *mgm_net(const struct net *net)
{
	return net_generic(net, mgm_net_id);
}

static void mgm_net_work(struct work_struct *work)
{
	struct mgm_net *mn = container_of(to_delayed_work(work),
					  struct mgm_net, work);

	mutex_lock(&mn->lock);
	mgm_timers_run(mn);
	mutex_unlock(&mn->lock);
}

/**
 * mgm_net_state_init - initialise an empty MGM instance
 * @mn: the state to initialise
 * @net: its namespace, or NULL for an instance that talks to no socket
 *	(KUnit): it schedules no work, has no data path and sets
 *	@mn->rpf_lookup to a FIB lookup that finds nothing
 *
 * Return: 0 or -ENOMEM.
 */
int mgm_net_state_init(struct mgm_net *mn, struct net *net)
{
	mutex_init(&mn->lock);
	mn->net = net;
	INIT_LIST_HEAD(&mn->protocols);
	INIT_LIST_HEAD(&mn->ifaces);
	mn->members = RB_ROOT;
	mn->mfes = RB_ROOT;
	INIT_LIST_HEAD(&mn->pending);
	hash_init(mn->pending_ht);
	INIT_LIST_HEAD(&mn->requests);
	INIT_LIST_HEAD(&mn->warming);
	mn->max_protocols = MGM_DEFAULT_MAX_PROTOCOLS;
	mn->max_ifaces = MGM_DEFAULT_MAX_INTERFACES;
	mn->max_members = MGM_DEFAULT_MAX_MEMBERSHIPS;
	mn->max_mfes = MGM_DEFAULT_MAX_MFES;
	mn->max_pending = MGM_DEFAULT_MAX_PENDING;
	mn->max_backlog = MGM_DEFAULT_MAX_BACKLOG;
	mn->mfe_timeout = MGM_MFE_TIMEOUT_DEFAULT;
	mn->cb_timeout = MGM_DEFAULT_CALLBACK_TIMEOUT;
	mn->next_handle = 1;
	mn->next_req_id = 1;
	atomic64_set(&mn->ev_seq, 0);
	/* Dumps treat a zero generation as "not yet seen": start at 1. */
	mn->gen = 1;
	mn->rpf_lookup = mgm_rpf_fib;
	INIT_DELAYED_WORK(&mn->work, mgm_net_work);
	return mgm_fwd_init(mn);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_net_state_init);

/**
 * mgm_net_state_destroy - free everything an MGM instance holds
 * @mn: the state; no request can reach it any more
 */
void mgm_net_state_destroy(struct mgm_net *mn)
{
	struct mgm_protocol *proto, *tmp;
	struct mgm_iface *ifc, *itmp;

	/* Nothing reaches @mn any more but packets and its own work. */
	mgm_fwd_stop(mn);
	cancel_delayed_work_sync(&mn->work);

	mutex_lock(&mn->lock);
	mgm_resolve_free_all(mn);
	mgm_mfe_free_all(mn);
	mgm_member_free_all(mn);
	list_for_each_entry_safe(ifc, itmp, &mn->ifaces, node)
		kfree(ifc);
	INIT_LIST_HEAD(&mn->ifaces);
	mn->nr_ifaces = 0;
	list_for_each_entry_safe(proto, tmp, &mn->protocols, node)
		mgm_proto_unregister(mn, proto);
	mutex_unlock(&mn->lock);
	/* A work may have been queued by the last unregistrations. */
	cancel_delayed_work_sync(&mn->work);
	mgm_fwd_destroy(mn);
	mutex_destroy(&mn->lock);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_net_state_destroy);

static int __net_init mgm_net_init(struct net *net)
{
	return mgm_net_state_init(mgm_net(net), net);
}

/*
 * Netlink sockets hold a reference on their namespace, so by the time it
 * exits every protocol socket has closed; what remains here is state left
 * when the module itself is unloaded.
 */
static void __net_exit mgm_net_exit(struct net *net)
{
	mgm_net_state_destroy(mgm_net(net));
}

static struct pernet_operations mgm_net_ops = {
	.init = mgm_net_init,
	.exit = mgm_net_exit,
	.id = &mgm_net_id,
	.size = sizeof(struct mgm_net),
};

int mgm_netns_register(void)
{
	return register_pernet_subsys(&mgm_net_ops);
}

void mgm_netns_unregister(void)
{
	unregister_pernet_subsys(&mgm_net_ops);
}
