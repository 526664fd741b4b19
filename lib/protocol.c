// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: protocol registration and the protocol table.
 */

#include <errno.h>
#include <string.h>
#include <netlink/attr.h>

#include "internal.h"

static int mgm_parse_handle(struct nlattr **tb, void *arg)
{
	mgm_handle_t *handle = arg;

	if (!tb[MGM_A_HANDLE])
		return -EPROTO;
	*handle = nla_get_u64(tb[MGM_A_HANDLE]);
	return 0;
}

int mgm_protocol_register(struct mgm_session *sess, uint32_t proto_id,
			  uint32_t component_id, mgm_handle_t *handle)
{
	struct nl_msg *msg;

	if (!sess || !handle)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_PROTO_NEW, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MGM_A_PROTO_ID, proto_id) ||
	    nla_put_u32(msg, MGM_A_COMPONENT_ID, component_id)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*handle = 0;
	return mgm_request(sess, msg, mgm_parse_handle, handle);
}

static struct nl_msg *mgm_handle_msg(struct mgm_session *sess, uint8_t cmd,
				     mgm_handle_t handle)
{
	struct nl_msg *msg = mgm_msg_new(sess, cmd, 0);

	if (msg && nla_put_u64(msg, MGM_A_HANDLE, handle)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int mgm_protocol_deregister(struct mgm_session *sess, mgm_handle_t handle)
{
	struct nl_msg *msg;

	if (!sess)
		return -EINVAL;
	msg = mgm_handle_msg(sess, MGM_CMD_PROTO_DEL, handle);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, NULL, NULL);
}

/* Fills the struct mgm_protocol_info at @arg from one reply. */
static int mgm_parse_protocol(struct nlattr **tb, void *arg)
{
	struct mgm_protocol_info *info = arg;

	if (!tb[MGM_A_HANDLE] || !tb[MGM_A_PROTO_ID] ||
	    !tb[MGM_A_COMPONENT_ID])
		return -EPROTO;
	memset(info, 0, sizeof(*info));
	info->handle = nla_get_u64(tb[MGM_A_HANDLE]);
	info->proto_id = nla_get_u32(tb[MGM_A_PROTO_ID]);
	info->component_id = nla_get_u32(tb[MGM_A_COMPONENT_ID]);
	if (tb[MGM_A_PORTID])
		info->portid = nla_get_u32(tb[MGM_A_PORTID]);
	if (tb[MGM_A_PID])
		info->pid = nla_get_u32(tb[MGM_A_PID]);
	if (tb[MGM_A_COMM])
		nla_strlcpy(info->comm, tb[MGM_A_COMM], sizeof(info->comm));
	return 0;
}

int mgm_protocol_get(struct mgm_session *sess, mgm_handle_t handle,
		     struct mgm_protocol_info *info)
{
	struct nl_msg *msg;

	if (!sess || !info)
		return -EINVAL;
	msg = mgm_handle_msg(sess, MGM_CMD_PROTO_GET, handle);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_protocol, info);
}

struct mgm_dump_arg {
	mgm_protocol_cb cb;
	void *arg;
};

static int mgm_parse_dump(struct nlattr **tb, void *arg)
{
	struct mgm_dump_arg *d = arg;
	struct mgm_protocol_info info;
	int ret;

	ret = mgm_parse_protocol(tb, &info);
	if (ret)
		return ret;
	return d->cb(&info, d->arg);
}

int mgm_protocol_dump(struct mgm_session *sess, mgm_protocol_cb cb,
		      void *arg)
{
	struct mgm_dump_arg d = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!sess || !cb)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_PROTO_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_dump, &d);
}
