// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: limits, timers and usage of the network namespace.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"

static struct nla_policy mgm_config_policy[MGM_A_CONFIG_MAX + 1] = {
	[MGM_A_CONFIG_MAX_PROTOCOLS]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MAX_INTERFACES]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MAX_MEMBERSHIPS]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MAX_MFES]		= { .type = NLA_U32 },
	[MGM_A_CONFIG_MAX_PENDING]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MAX_BACKLOG]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MFE_TIMEOUT]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_CALLBACK_TIMEOUT]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_PROTOCOLS]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_INTERFACES]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MEMBERSHIPS]	= { .type = NLA_U32 },
	[MGM_A_CONFIG_MFES]		= { .type = NLA_U32 },
	[MGM_A_CONFIG_PENDING]		= { .type = NLA_U32 },
	[MGM_A_CONFIG_PENDING_DROPS]	= { .type = NLA_U32 },
};

/*
 * Each field of struct mgm_config, its attribute and its mgm_config_set()
 * mask bit (0: read only).
 */
static const struct {
	size_t off;
	int type;
	uint32_t bit;
} mgm_config_fields[] = {
	{ offsetof(struct mgm_config, max_protocols),
	  MGM_A_CONFIG_MAX_PROTOCOLS, MGM_CONFIG_MAX_PROTOCOLS },
	{ offsetof(struct mgm_config, max_interfaces),
	  MGM_A_CONFIG_MAX_INTERFACES, MGM_CONFIG_MAX_INTERFACES },
	{ offsetof(struct mgm_config, max_memberships),
	  MGM_A_CONFIG_MAX_MEMBERSHIPS, MGM_CONFIG_MAX_MEMBERSHIPS },
	{ offsetof(struct mgm_config, max_mfes),
	  MGM_A_CONFIG_MAX_MFES, MGM_CONFIG_MAX_MFES },
	{ offsetof(struct mgm_config, max_pending),
	  MGM_A_CONFIG_MAX_PENDING, MGM_CONFIG_MAX_PENDING },
	{ offsetof(struct mgm_config, max_backlog),
	  MGM_A_CONFIG_MAX_BACKLOG, MGM_CONFIG_MAX_BACKLOG },
	{ offsetof(struct mgm_config, mfe_timeout),
	  MGM_A_CONFIG_MFE_TIMEOUT, MGM_CONFIG_MFE_TIMEOUT },
	{ offsetof(struct mgm_config, callback_timeout),
	  MGM_A_CONFIG_CALLBACK_TIMEOUT, MGM_CONFIG_CALLBACK_TIMEOUT },
	{ offsetof(struct mgm_config, protocols), MGM_A_CONFIG_PROTOCOLS, 0 },
	{ offsetof(struct mgm_config, interfaces), MGM_A_CONFIG_INTERFACES, 0 },
	{ offsetof(struct mgm_config, memberships),
	  MGM_A_CONFIG_MEMBERSHIPS, 0 },
	{ offsetof(struct mgm_config, mfes), MGM_A_CONFIG_MFES, 0 },
	{ offsetof(struct mgm_config, pending), MGM_A_CONFIG_PENDING, 0 },
	{ offsetof(struct mgm_config, pending_drops),
	  MGM_A_CONFIG_PENDING_DROPS, 0 },
};

#define MGM_CONFIG_ALL	(MGM_CONFIG_CALLBACK_TIMEOUT * 2 - 1)

static uint32_t *mgm_config_field(struct mgm_config *cfg, unsigned int i)
{
	return (uint32_t *)((char *)cfg + mgm_config_fields[i].off);
}

static uint32_t mgm_config_value(const struct mgm_config *cfg,
				 unsigned int i)
{
	return *(const uint32_t *)((const char *)cfg +
				   mgm_config_fields[i].off);
}

static int mgm_parse_config(struct nlattr **tb, struct nlmsghdr *nlh,
			    void *arg)
{
	struct nlattr *ctb[MGM_A_CONFIG_MAX + 1];
	struct mgm_config *cfg = arg;
	unsigned int i;
	int type;

	(void)nlh;
	if (!tb[MGM_A_CONFIG] ||
	    nla_parse_nested(ctb, MGM_A_CONFIG_MAX, tb[MGM_A_CONFIG],
			     mgm_config_policy))
		return -EPROTO;
	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < ARRAY_SIZE(mgm_config_fields); i++) {
		type = mgm_config_fields[i].type;
		if (ctb[type])
			*mgm_config_field(cfg, i) = nla_get_u32(ctb[type]);
	}
	return 0;
}

int mgm_config_get(struct mgm_session *sess, struct mgm_config *cfg)
{
	struct nl_msg *msg;

	if (!sess || !cfg)
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_CONFIG_GET, 0);
	if (!msg)
		return -ENOMEM;
	return mgm_request(sess, msg, mgm_parse_config, cfg);
}

int mgm_config_set(struct mgm_session *sess, const struct mgm_config *cfg,
		   uint32_t mask)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	unsigned int i;

	if (!sess || !cfg || (mask & ~MGM_CONFIG_ALL))
		return -EINVAL;
	msg = mgm_msg_new(sess, MGM_CMD_CONFIG_SET, 0);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, MGM_A_CONFIG);
	if (!nest)
		goto err;
	for (i = 0; i < ARRAY_SIZE(mgm_config_fields); i++) {
		if (!(mask & mgm_config_fields[i].bit))
			continue;
		if (nla_put_u32(msg, mgm_config_fields[i].type,
				mgm_config_value(cfg, i)))
			goto err;
	}
	/* An empty mask still sends the (empty) nest: a no-op for the kernel. */
	if (nla_nest_end_keep_empty(msg, nest) < 0)
		goto err;
	return mgm_request(sess, msg, NULL, NULL);

err:
	nlmsg_free(msg);
	return -ENOMEM;
}
