/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libmgm internals shared by its files. */
#ifndef _LIBMGM_INTERNAL_H
#define _LIBMGM_INTERNAL_H

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/mgm.h>

#include <mgm/mgm.h>

struct mgm_session {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
};

/* Parses one reply message's attributes; non-zero stops the request. */
typedef int (*mgm_parse_fn)(struct nlattr **tb, void *arg);

struct nl_msg *mgm_msg_new(struct mgm_session *sess, uint8_t cmd, int flags);
int mgm_request(struct mgm_session *sess, struct nl_msg *msg,
		mgm_parse_fn parse, void *arg);

#endif /* _LIBMGM_INTERNAL_H */
