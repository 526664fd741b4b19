/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels mgm supports (Debian's 6.1 and 6.12).
 * Every version test lives here, never in the other files.
 */
#ifndef _MGM_COMPAT_H
#define _MGM_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>
/* skb_gso_validate_network_len() moved to its own header in 6.5. */
#if KERNEL_VERSION(6, 5, 0) <= LINUX_VERSION_CODE
#include <net/gso.h>
#endif

/* The request attributes of a dump (6.2 moved them into a genl_info). */
static inline struct nlattr **mgm_dump_attrs(struct netlink_callback *cb)
{
#if KERNEL_VERSION(6, 2, 0) > LINUX_VERSION_CODE
	return genl_dumpit_info(cb)->attrs;
#else
	return genl_dumpit_info(cb)->info.attrs;
#endif
}

#endif /* _MGM_COMPAT_H */
