// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mgm.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/mgm.h>

/* Common nested types */
const struct nla_policy mgm_config_nl_policy[MGM_A_CONFIG_PENDING_DROPS + 1] = {
	[MGM_A_CONFIG_MAX_PROTOCOLS] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MAX_INTERFACES] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MAX_MEMBERSHIPS] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MAX_MFES] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MAX_PENDING] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MAX_BACKLOG] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_MFE_TIMEOUT] = { .type = NLA_U32, },
	[MGM_A_CONFIG_CALLBACK_TIMEOUT] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_CONFIG_PROTOCOLS] = { .type = NLA_U32, },
	[MGM_A_CONFIG_INTERFACES] = { .type = NLA_U32, },
	[MGM_A_CONFIG_MEMBERSHIPS] = { .type = NLA_U32, },
	[MGM_A_CONFIG_MFES] = { .type = NLA_U32, },
	[MGM_A_CONFIG_PENDING] = { .type = NLA_U32, },
	[MGM_A_CONFIG_PENDING_DROPS] = { .type = NLA_U32, },
};

const struct nla_policy mgm_oif_nl_policy[MGM_A_OIF_FRAG_NEEDED + 1] = {
	[MGM_A_OIF_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_OIF_NEXTHOP] = { .type = NLA_BINARY, },
	[MGM_A_OIF_IFNAME] = { .type = NLA_NUL_STRING, },
	[MGM_A_OIF_IGMP] = { .type = NLA_U8, },
	[MGM_A_OIF_ENABLED] = { .type = NLA_U8, },
	[MGM_A_OIF_COMPONENT] = { .type = NLA_U64, },
	[MGM_A_OIF_BY] = NLA_POLICY_MASK(NLA_U32, 0x3),
	[MGM_A_OIF_PACKETS] = { .type = NLA_U64, },
	[MGM_A_OIF_DISCARDS] = { .type = NLA_U64, },
	[MGM_A_OIF_TTL_TOO_LOW] = { .type = NLA_U64, },
	[MGM_A_OIF_FRAG_NEEDED] = { .type = NLA_U64, },
};

const struct nla_policy mgm_route_nl_policy[MGM_A_ROUTE_METRIC + 1] = {
	[MGM_A_ROUTE_DST] = { .type = NLA_BINARY, },
	[MGM_A_ROUTE_DST_LEN] = { .type = NLA_U8, },
	[MGM_A_ROUTE_GATEWAY] = { .type = NLA_BINARY, },
	[MGM_A_ROUTE_IFINDEX] = { .type = NLA_U32, },
	[MGM_A_ROUTE_PROTO_ID] = { .type = NLA_U32, },
	[MGM_A_ROUTE_TABLE] = { .type = NLA_U32, },
	[MGM_A_ROUTE_METRIC] = { .type = NLA_U32, },
};

/* MGM_CMD_PROTO_NEW - do */
const struct nla_policy mgm_proto_new_nl_policy[MGM_A_EVENT_PORTID + 1] = {
	[MGM_A_PROTO_ID] = { .type = NLA_U32, },
	[MGM_A_COMPONENT_ID] = { .type = NLA_U32, },
	[MGM_A_CB_MASK] = NLA_POLICY_MASK(NLA_U32, 0x3ff),
	[MGM_A_EVENT_PORTID] = { .type = NLA_U32, },
};

/* MGM_CMD_PROTO_DEL - do */
const struct nla_policy mgm_proto_del_nl_policy[MGM_A_HANDLE + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
};

/* MGM_CMD_PROTO_GET - do */
const struct nla_policy mgm_proto_get_nl_policy[MGM_A_HANDLE + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
};

/* MGM_CMD_IF_TAKE - do */
const struct nla_policy mgm_if_take_nl_policy[MGM_A_NEXTHOP + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
};

/* MGM_CMD_IF_RELEASE - do */
const struct nla_policy mgm_if_release_nl_policy[MGM_A_NEXTHOP + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
};

/* MGM_CMD_IF_GET - do */
const struct nla_policy mgm_if_get_nl_policy[MGM_A_NEXTHOP + 1] = {
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
};

/* MGM_CMD_MEMBER_ADD - do */
const struct nla_policy mgm_member_add_nl_policy[MGM_A_FLAGS + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_SRC_LEN] = { .type = NLA_U8, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_GRP_LEN] = { .type = NLA_U8, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
	[MGM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3),
};

/* MGM_CMD_MEMBER_DEL - do */
const struct nla_policy mgm_member_del_nl_policy[MGM_A_FLAGS + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_SRC_LEN] = { .type = NLA_U8, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_GRP_LEN] = { .type = NLA_U8, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
	[MGM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3),
};

/* MGM_CMD_MEMBER_GET - do */
const struct nla_policy mgm_member_get_nl_policy[MGM_A_DUMP_MAX + 1] = {
	[MGM_A_ENUM_TYPE] = NLA_POLICY_MAX(NLA_U32, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_SRC_LEN] = { .type = NLA_U8, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_GRP_LEN] = { .type = NLA_U8, },
	[MGM_A_DUMP_ONLY] = { .type = NLA_FLAG, },
	[MGM_A_DUMP_MAX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* MGM_CMD_MFE_GET - do */
const struct nla_policy mgm_mfe_get_nl_policy[MGM_A_DUMP_MAX + 1] = {
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_DUMP_ONLY] = { .type = NLA_FLAG, },
	[MGM_A_DUMP_MAX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* MGM_CMD_MFE_SET - do */
const struct nla_policy mgm_mfe_set_nl_policy[MGM_A_TIMEOUT + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_UPSTREAM] = { .type = NLA_BINARY, },
	[MGM_A_TIMEOUT] = { .type = NLA_U32, },
};

/* MGM_CMD_CB_REPLY - do */
const struct nla_policy mgm_cb_reply_nl_policy[MGM_A_REQ_ID + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_REQ_ID] = NLA_POLICY_MIN(NLA_U64, 1),
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_IIF_IFINDEX] = { .type = NLA_U32, },
	[MGM_A_IIF_NEXTHOP] = { .type = NLA_BINARY, },
	[MGM_A_UPSTREAM] = { .type = NLA_BINARY, },
	[MGM_A_ROUTE] = NLA_POLICY_NESTED(mgm_route_nl_policy),
	[MGM_A_OIF] = NLA_POLICY_NESTED(mgm_oif_nl_policy),
	[MGM_A_TIMEOUT] = { .type = NLA_U32, },
};

/* MGM_CMD_CONFIG_GET - do */
const struct nla_policy mgm_config_get_nl_policy[MGM_A_CONFIG + 1] = {
	[MGM_A_CONFIG] = NLA_POLICY_NESTED(mgm_config_nl_policy),
};

/* MGM_CMD_CONFIG_SET - do */
const struct nla_policy mgm_config_set_nl_policy[MGM_A_CONFIG + 1] = {
	[MGM_A_CONFIG] = NLA_POLICY_NESTED(mgm_config_nl_policy),
};

/* MGM_CMD_MFE_INJECT - do */
const struct nla_policy mgm_mfe_inject_nl_policy[MGM_A_TTL + 1] = {
	[MGM_A_FAMILY] = { .type = NLA_U8, },
	[MGM_A_SRC] = { .type = NLA_BINARY, },
	[MGM_A_GRP] = { .type = NLA_BINARY, },
	[MGM_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[MGM_A_NEXTHOP] = { .type = NLA_BINARY, },
	[MGM_A_HEADER] = { .type = NLA_BINARY, },
	[MGM_A_PKT_LEN] = { .type = NLA_U32, },
	[MGM_A_TTL] = { .type = NLA_U8, },
};

/* Ops table for mgm */
const struct genl_ops mgm_nl_ops[15] = {
	{
		.cmd		= MGM_CMD_PROTO_NEW,
		.doit		= mgm_nl_proto_new_doit,
		.policy		= mgm_proto_new_nl_policy,
		.maxattr	= MGM_A_EVENT_PORTID,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_PROTO_DEL,
		.doit		= mgm_nl_proto_del_doit,
		.policy		= mgm_proto_del_nl_policy,
		.maxattr	= MGM_A_HANDLE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_PROTO_GET,
		.doit		= mgm_nl_proto_get_doit,
		.dumpit		= mgm_nl_proto_get_dumpit,
		.policy		= mgm_proto_get_nl_policy,
		.maxattr	= MGM_A_HANDLE,
	},
	{
		.cmd		= MGM_CMD_IF_TAKE,
		.doit		= mgm_nl_if_take_doit,
		.policy		= mgm_if_take_nl_policy,
		.maxattr	= MGM_A_NEXTHOP,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_IF_RELEASE,
		.doit		= mgm_nl_if_release_doit,
		.policy		= mgm_if_release_nl_policy,
		.maxattr	= MGM_A_NEXTHOP,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_IF_GET,
		.doit		= mgm_nl_if_get_doit,
		.dumpit		= mgm_nl_if_get_dumpit,
		.policy		= mgm_if_get_nl_policy,
		.maxattr	= MGM_A_NEXTHOP,
	},
	{
		.cmd		= MGM_CMD_MEMBER_ADD,
		.doit		= mgm_nl_member_add_doit,
		.policy		= mgm_member_add_nl_policy,
		.maxattr	= MGM_A_FLAGS,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_MEMBER_DEL,
		.doit		= mgm_nl_member_del_doit,
		.policy		= mgm_member_del_nl_policy,
		.maxattr	= MGM_A_FLAGS,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_MEMBER_GET,
		.doit		= mgm_nl_member_get_doit,
		.dumpit		= mgm_nl_member_get_dumpit,
		.policy		= mgm_member_get_nl_policy,
		.maxattr	= MGM_A_DUMP_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_MFE_GET,
		.doit		= mgm_nl_mfe_get_doit,
		.dumpit		= mgm_nl_mfe_get_dumpit,
		.policy		= mgm_mfe_get_nl_policy,
		.maxattr	= MGM_A_DUMP_MAX,
	},
	{
		.cmd		= MGM_CMD_MFE_SET,
		.doit		= mgm_nl_mfe_set_doit,
		.policy		= mgm_mfe_set_nl_policy,
		.maxattr	= MGM_A_TIMEOUT,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_CB_REPLY,
		.doit		= mgm_nl_cb_reply_doit,
		.policy		= mgm_cb_reply_nl_policy,
		.maxattr	= MGM_A_REQ_ID,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_CONFIG_GET,
		.doit		= mgm_nl_config_get_doit,
		.policy		= mgm_config_get_nl_policy,
		.maxattr	= MGM_A_CONFIG,
	},
	{
		.cmd		= MGM_CMD_CONFIG_SET,
		.doit		= mgm_nl_config_set_doit,
		.policy		= mgm_config_set_nl_policy,
		.maxattr	= MGM_A_CONFIG,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= MGM_CMD_MFE_INJECT,
		.doit		= mgm_nl_mfe_inject_doit,
		.policy		= mgm_mfe_inject_nl_policy,
		.maxattr	= MGM_A_TTL,
		.flags		= GENL_ADMIN_PERM,
	},
};

const struct genl_multicast_group mgm_nl_mcgrps[MGM_NLGRP_MONITOR + 1] = {
	[MGM_NLGRP_MONITOR] = { "monitor", },
};
