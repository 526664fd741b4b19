/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libmgm internals shared by its files. */
#ifndef _LIBMGM_INTERNAL_H
#define _LIBMGM_INTERNAL_H

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <linux/mgm.h>

#include <mgm/mgm.h>

/* A protocol registered through the session, and where its events go. */
struct mgm_proto_ent {
	mgm_handle_t handle;
	struct mgm_callbacks cbs;
	void *arg;
};

struct mgm_session {
	struct nl_sock *sk;		/* requests and their replies */
	struct nl_sock *ev_sk;		/* events, unicast by the kernel */
	struct nl_sock *mon_sk;		/* monitor group copies, or NULL */
	int family;
	struct mgm_proto_ent *protos;	/* in registration order */
	unsigned int n_protos;
	unsigned int max_protos;
	char errmsg[256];
};

/*
 * Parses one reply message: @tb holds its attributes by type (the last one
 * of a repeated type), @nlh the whole message for repeated attributes
 * (mgm_for_each_attr()).  Non-zero stops the request.
 */
typedef int (*mgm_parse_fn)(struct nlattr **tb, struct nlmsghdr *nlh,
			    void *arg);

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* An address attribute in a reply policy: at most 16 bytes. */
#define MGM_ADDR_POLICY	{ .type = NLA_BINARY, .maxlen = sizeof(union mgm_addr) }

/* Every top-level attribute of the genetlink message @nlh. */
#define mgm_for_each_attr(pos, nlh, rem)				\
	nla_for_each_attr(pos, genlmsg_attrdata(genlmsg_hdr(nlh), 0),	\
			  genlmsg_attrlen(genlmsg_hdr(nlh), 0), rem)

/*
 * Joining a dump's records of one entry: an entry whose interfaces do not
 * fit in one message comes in several records with the same key (the
 * kernel's oif-from and oif-total say which part each holds).
 */
struct mgm_join {
	struct mgm_sg sg;	/* the entry being joined */
	void *oifs;		/* @total of them, NULL when none is */
	unsigned int have;
	unsigned int total;
	int broken;		/* the parts did not match: the dump changed */
};

/* core.c */
extern struct nla_policy mgm_reply_policy[MGM_A_MAX + 1];
int mgm_nlerr(int nlerr);
struct nl_msg *mgm_msg_new(struct mgm_session *sess, uint8_t cmd, int flags);
struct nl_msg *mgm_msg_new_size(struct mgm_session *sess, uint8_t cmd,
				int flags, size_t size);
int mgm_request(struct mgm_session *sess, struct nl_msg *msg,
		mgm_parse_fn parse, void *arg);

/* attr.c: encoding and decoding of addresses, keys, routes */
int mgm_addr_len(uint8_t family);
int mgm_sg_family(const struct mgm_sg *sg);
int mgm_put_addr(struct nl_msg *msg, int type, uint8_t family,
		 const union mgm_addr *addr);
int mgm_get_addr(const struct nlattr *nla, uint8_t family,
		 union mgm_addr *addr);
uint8_t mgm_get_family(struct nlattr **tb);
int mgm_put_sg(struct nl_msg *msg, const struct mgm_sg *sg, int lens);
int mgm_get_sg(struct nlattr **tb, struct mgm_sg *sg);
int mgm_put_if(struct nl_msg *msg, uint8_t family, const struct mgm_if *ifc,
	       int ifindex_type, int nexthop_type, int omit_zero);
int mgm_get_if(struct nlattr **tb, uint8_t family, int ifindex_type,
	       int nexthop_type, struct mgm_if *ifc);
int mgm_put_route(struct nl_msg *msg, uint8_t family,
		  const struct mgm_route *rt);
int mgm_get_route(struct nlattr *nla, uint8_t family, struct mgm_route *rt);
unsigned int mgm_count_attrs(struct nlmsghdr *nlh, int type);
int mgm_parse_oif(struct nlattr *nla, struct nlattr **otb);
int mgm_join_add(struct mgm_join *j, struct nlattr **tb,
		 const struct mgm_sg *sg, void **oifs, unsigned int *n,
		 size_t size);
int mgm_join_end(struct mgm_join *j, int ret);
void mgm_get_str(const struct nlattr *nla, char *buf, size_t size);

/* protocol.c */
struct mgm_proto_ent *mgm_proto_find(struct mgm_session *sess,
				     mgm_handle_t handle);

#endif /* _LIBMGM_INTERNAL_H */
