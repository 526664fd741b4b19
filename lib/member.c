// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: group memberships and the membership table.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int mgm_member_req(struct mgm_session *sess, uint8_t cmd,
			  mgm_handle_t handle, const struct mgm_sg *sg,
			  const struct mgm_if *ifc, uint32_t flags)
{
	struct nl_msg *msg;
	int family, ret;

	if (!sess || !sg || !ifc)
		return -EINVAL;
	family = mgm_sg_family(sg);
	if (family < 0)
		return family;
	msg = mgm_msg_new(sess, cmd, 0);
	if (!msg)
		return -ENOMEM;
	ret = -ENOMEM;
	if (nla_put_u64(msg, MGM_A_HANDLE, handle) ||
	    mgm_put_sg(msg, sg, 1) ||
	    mgm_put_if(msg, family, ifc, MGM_A_IFINDEX, MGM_A_NEXTHOP, 1) ||
	    nla_put_u32(msg, MGM_A_FLAGS, flags))
		goto err;
	return mgm_request(sess, msg, NULL, NULL);

err:
	nlmsg_free(msg);
	return ret;
}

int mgm_member_add(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_sg *sg, const struct mgm_if *ifc,
		   uint32_t flags)
{
	return mgm_member_req(sess, MGM_CMD_MEMBER_ADD, handle, sg, ifc,
			      flags);
}

int mgm_member_del(struct mgm_session *sess, mgm_handle_t handle,
		   const struct mgm_sg *sg, const struct mgm_if *ifc,
		   uint32_t flags)
{
	return mgm_member_req(sess, MGM_CMD_MEMBER_DEL, handle, sg, ifc,
			      flags);
}

struct mgm_member_dump_arg {
	mgm_member_cb cb;
	void *arg;
	struct mgm_join join;
};

/* One record: the key and its MGM_A_OIF nests, in the kernel's order. */
static int mgm_parse_member(struct nlattr **tb, struct nlmsghdr *nlh,
			    void *arg)
{
	struct mgm_member_dump_arg *d = arg;
	struct nlattr *otb[MGM_A_OIF_MAX + 1];
	struct mgm_member_info info;
	struct mgm_member_oif *oif;
	struct nlattr *pos;
	unsigned int n;
	void *all;
	int rem, ret;

	memset(&info, 0, sizeof(info));
	if (mgm_get_sg(tb, &info.sg))
		return -EPROTO;
	n = mgm_count_attrs(nlh, MGM_A_OIF);
	if (n) {
		info.oifs = calloc(n, sizeof(*info.oifs));
		if (!info.oifs)
			return -ENOMEM;
	}
	mgm_for_each_attr(pos, nlh, rem) {
		if (nla_type(pos) != MGM_A_OIF)
			continue;
		oif = &info.oifs[info.n_oifs];
		ret = mgm_parse_oif(pos, otb);
		if (ret)
			goto out;
		ret = mgm_get_if(otb, info.sg.family, MGM_A_OIF_IFINDEX,
				 MGM_A_OIF_NEXTHOP, &oif->ifc);
		if (ret)
			goto out;
		mgm_get_str(otb[MGM_A_OIF_IFNAME], oif->ifname,
			    sizeof(oif->ifname));
		if (otb[MGM_A_OIF_COMPONENT])
			oif->component = nla_get_u64(otb[MGM_A_OIF_COMPONENT]);
		if (otb[MGM_A_OIF_BY])
			oif->by = nla_get_u32(otb[MGM_A_OIF_BY]);
		info.n_oifs++;
	}
	all = info.oifs;
	ret = mgm_join_add(&d->join, tb, &info.sg, &all, &info.n_oifs,
			   sizeof(*info.oifs));
	info.oifs = all;
	if (ret > 0)
		ret = d->cb(&info, d->arg);
out:
	free(info.oifs);
	return ret;
}

int mgm_member_dump(struct mgm_session *sess, int enum_type,
		    const struct mgm_sg *after, mgm_member_cb cb, void *arg)
{
	return mgm_member_dump_max(sess, enum_type, after, 0, cb, arg);
}

int mgm_member_dump_max(struct mgm_session *sess, int enum_type,
			const struct mgm_sg *after, uint32_t max,
			mgm_member_cb cb, void *arg)
{
	struct mgm_member_dump_arg d = { .cb = cb, .arg = arg };
	struct nl_msg *msg;
	int ret;

	if (!sess || !cb || enum_type < 0)
		return -EINVAL;
	if (after) {
		ret = mgm_sg_family(after);
		if (ret < 0)
			return ret;
	}
	msg = mgm_msg_new(sess, MGM_CMD_MEMBER_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MGM_A_ENUM_TYPE, enum_type) ||
	    (after && mgm_put_sg(msg, after, 1)) ||
	    (max && nla_put_u32(msg, MGM_A_DUMP_MAX, max))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_join_end(&d.join,
			    mgm_request(sess, msg, mgm_parse_member, &d));
}
