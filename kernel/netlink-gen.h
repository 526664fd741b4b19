/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mgm.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MGM_GEN_H
#define _LINUX_MGM_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/mgm.h>

/* Common nested types */
extern const struct nla_policy mgm_config_nl_policy[MGM_A_CONFIG_PENDING_DROPS + 1];
extern const struct nla_policy mgm_oif_nl_policy[MGM_A_OIF_FRAG_NEEDED + 1];
extern const struct nla_policy mgm_route_nl_policy[MGM_A_ROUTE_METRIC + 1];

extern const struct nla_policy mgm_proto_new_nl_policy[MGM_A_EVENT_PORTID + 1];

extern const struct nla_policy mgm_proto_del_nl_policy[MGM_A_HANDLE + 1];

extern const struct nla_policy mgm_proto_get_nl_policy[MGM_A_HANDLE + 1];

extern const struct nla_policy mgm_if_take_nl_policy[MGM_A_NEXTHOP + 1];

extern const struct nla_policy mgm_if_release_nl_policy[MGM_A_NEXTHOP + 1];

extern const struct nla_policy mgm_if_get_nl_policy[MGM_A_NEXTHOP + 1];

extern const struct nla_policy mgm_member_add_nl_policy[MGM_A_FLAGS + 1];

extern const struct nla_policy mgm_member_del_nl_policy[MGM_A_FLAGS + 1];

extern const struct nla_policy mgm_member_get_nl_policy[MGM_A_DUMP_MAX + 1];

extern const struct nla_policy mgm_mfe_get_nl_policy[MGM_A_DUMP_MAX + 1];

extern const struct nla_policy mgm_mfe_set_nl_policy[MGM_A_TIMEOUT + 1];

extern const struct nla_policy mgm_cb_reply_nl_policy[MGM_A_REQ_ID + 1];

extern const struct nla_policy mgm_config_get_nl_policy[MGM_A_CONFIG + 1];

extern const struct nla_policy mgm_config_set_nl_policy[MGM_A_CONFIG + 1];

extern const struct nla_policy mgm_mfe_inject_nl_policy[MGM_A_TTL + 1];

/* Ops table for mgm */
extern const struct genl_ops mgm_nl_ops[15];

int mgm_nl_proto_new_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_del_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_proto_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mgm_nl_if_take_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_if_release_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_if_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_if_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mgm_nl_member_add_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_member_del_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_member_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_member_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mgm_nl_mfe_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_mfe_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mgm_nl_mfe_set_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_cb_reply_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_config_get_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_config_set_doit(struct sk_buff *skb, struct genl_info *info);
int mgm_nl_mfe_inject_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	MGM_NLGRP_MONITOR,
};

extern const struct genl_multicast_group mgm_nl_mcgrps[MGM_NLGRP_MONITOR + 1];

#endif /* _LINUX_MGM_GEN_H */
