// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mgm.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/mgm.h>

/* MGM_CMD_PROTO_NEW - do */
const struct nla_policy mgm_proto_new_nl_policy[MGM_A_COMPONENT_ID + 1] = {
	[MGM_A_PROTO_ID] = { .type = NLA_U32, },
	[MGM_A_COMPONENT_ID] = { .type = NLA_U32, },
};

/* MGM_CMD_PROTO_DEL - do */
const struct nla_policy mgm_proto_del_nl_policy[MGM_A_HANDLE + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
};

/* MGM_CMD_PROTO_GET - do */
const struct nla_policy mgm_proto_get_nl_policy[MGM_A_HANDLE + 1] = {
	[MGM_A_HANDLE] = NLA_POLICY_MIN(NLA_U64, 1),
};

/* Ops table for mgm */
const struct genl_ops mgm_nl_ops[3] = {
	{
		.cmd		= MGM_CMD_PROTO_NEW,
		.doit		= mgm_nl_proto_new_doit,
		.policy		= mgm_proto_new_nl_policy,
		.maxattr	= MGM_A_COMPONENT_ID,
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
};
