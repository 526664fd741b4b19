/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mgm.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MGM_GEN_H
#define _LINUX_MGM_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/mgm.h>

extern const struct nla_policy mgm_proto_new_nl_policy[MGM_A_COMPONENT_ID + 1];

extern const struct nla_policy mgm_proto_del_nl_policy[MGM_A_HANDLE + 1];

extern const struct nla_policy mgm_proto_get_nl_policy[MGM_A_HANDLE + 1];

/* Ops table for mgm */
extern const struct genl_ops mgm_nl_ops[3];

int mgm_nl_proto_new_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_del_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _LINUX_MGM_GEN_H */
