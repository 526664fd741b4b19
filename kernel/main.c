// SPDX-License-Identifier: GPL-2.0
/*
 * mgm: Multicast Group Manager.  Lets several multicast routing protocols
 * share one router: they register, own interfaces, add group memberships
 * and receive events over the "mgm" generic netlink family.
 *
 * Module init only wires the parts together.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/mgm.h>

#include "mgm.h"

static int __init mgm_init(void)
{
	int ret;

	ret = mgm_netns_register();
	if (ret)
		return ret;

	ret = mgm_netdev_register();
	if (ret)
		goto err_netns;

	ret = mgm_nl_register();
	if (ret)
		goto err_netdev;

	pr_info("Multicast Group Manager loaded\n");
	return 0;

err_netdev:
	mgm_netdev_unregister();
err_netns:
	mgm_netns_unregister();
	return ret;
}

static void __exit mgm_exit(void)
{
	mgm_nl_unregister();
	mgm_netdev_unregister();
	mgm_netns_unregister();
	/* Entries freed after a grace period must be gone with the code. */
	rcu_barrier();
}

module_init(mgm_init);
module_exit(mgm_exit);

MODULE_DESCRIPTION("Multicast Group Manager: several multicast routing protocols on one router");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(MGM_FAMILY_NAME);
