// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: interface ownership and the interface table.
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

/*
 * Interfaces are named with AF_INET next hops: struct mgm_if has no family
 * of its own.
 */
static int mgm_put_if_key(struct nl_msg *msg, const struct mgm_if *ifc)
{
	if (nla_put_u8(msg, MGM_A_FAMILY, AF_INET))
		return -EMSGSIZE;
	return mgm_put_if(msg, AF_INET, ifc, MGM_A_IFINDEX, MGM_A_NEXTHOP, 0);
}

static int mgm_if_owner_req(struct mgm_session *sess, uint8_t cmd,
			    mgm_handle_t handle, const struct mgm_if *ifc)
{
	struct nl_msg *msg;

	if (!sess || !ifc)
		return -EINVAL;
	msg = mgm_msg_new(sess, cmd, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MGM_A_HANDLE, handle) ||
	    mgm_put_if_key(msg, ifc)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_request(sess, msg, NULL, NULL);
}

int mgm_if_take(struct mgm_session *sess, mgm_handle_t handle,
		const struct mgm_if *ifc)
{
	return mgm_if_owner_req(sess, MGM_CMD_IF_TAKE, handle, ifc);
}

int mgm_if_release(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_if *ifc)
{
	return mgm_if_owner_req(sess, MGM_CMD_IF_RELEASE, handle, ifc);
}

/* Fills the struct mgm_if_info at @arg from one reply. */
static int mgm_parse_if(struct nlattr **tb, struct nlmsghdr *nlh, void *arg)
{
	struct mgm_if_info *info = arg;

	(void)nlh;
	memset(info, 0, sizeof(*info));
	if (!tb[MGM_A_IFINDEX])
		return -EPROTO;
	if (mgm_get_if(tb, mgm_get_family(tb), MGM_A_IFINDEX, MGM_A_NEXTHOP,
		       &info->ifc))
		return -EPROTO;
	mgm_get_str(tb[MGM_A_IFNAME], info->ifname, sizeof(info->ifname));
	if (tb[MGM_A_HANDLE])
		info->owner = nla_get_u64(tb[MGM_A_HANDLE]);
	if (tb[MGM_A_PROTO_ID])
		info->proto_id = nla_get_u32(tb[MGM_A_PROTO_ID]);
	if (tb[MGM_A_COMPONENT_ID])
		info->component_id = nla_get_u32(tb[MGM_A_COMPONENT_ID]);
	if (tb[MGM_A_IGMP_HANDLE])
		info->igmp = nla_get_u64(tb[MGM_A_IGMP_HANDLE]);
	return 0;
}

int mgm_if_get(struct mgm_session *sess, const struct mgm_if *ifc,
	       struct mgm_if_info *info)
{
	struct nl_msg *msg;

	if (!sess || !ifc || !info)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_IF_GET, 0);
	if (!msg)
		return -ENOMEM;
	if (mgm_put_if_key(msg, ifc)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_request(sess, msg, mgm_parse_if, info);
}

struct mgm_if_dump_arg {
	mgm_if_cb cb;
	void *arg;
};

static int mgm_parse_if_dump(struct nlattr **tb, struct nlmsghdr *nlh,
			     void *arg)
{
	struct mgm_if_dump_arg *d = arg;
	struct mgm_if_info info;
	int ret;

	ret = mgm_parse_if(tb, nlh, &info);
	if (ret)
		return ret;
	return d->cb(&info, d->arg);
}

int mgm_if_dump(struct mgm_session *sess, mgm_if_cb cb, void *arg)
{
	struct mgm_if_dump_arg d = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!sess || !cb)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_IF_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_if_dump, &d);
}
