// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: per network namespace state.  Each namespace has an independent
 * MGM; its state is created with the namespace and freed with it.
 */

#include <kunit/visibility.h>
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

/**
 * mgm_net_state_init - initialise an empty MGM instance
 * @mn: the state to initialise
 */
void mgm_net_state_init(struct mgm_net *mn)
{
	mutex_init(&mn->lock);
	INIT_LIST_HEAD(&mn->protocols);
	mn->max_protocols = MGM_DEFAULT_MAX_PROTOCOLS;
	mn->next_handle = 1;
	/* Dumps treat a zero generation as "not yet seen": start at 1. */
	mn->gen = 1;
}
EXPORT_SYMBOL_IF_KUNIT(mgm_net_state_init);

/**
 * mgm_net_state_destroy - free everything an MGM instance holds
 * @mn: the state; no request can reach it any more
 */
void mgm_net_state_destroy(struct mgm_net *mn)
{
	struct mgm_protocol *proto, *tmp;

	mutex_lock(&mn->lock);
	list_for_each_entry_safe(proto, tmp, &mn->protocols, node)
		mgm_proto_unregister(mn, proto);
	mutex_unlock(&mn->lock);
	mutex_destroy(&mn->lock);
}
EXPORT_SYMBOL_IF_KUNIT(mgm_net_state_destroy);

static int __net_init mgm_net_init(struct net *net)
{
	mgm_net_state_init(mgm_net(net));
	return 0;
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
