// SPDX-License-Identifier: GPL-2.0
/*
 * mgm_nl_test: the mgm netlink family seen from a raw netlink socket and
 * through libmgm: malformed requests are refused with an extended-ACK
 * message and change nothing; registration, lookup, dump order, handle
 * binding (scenarios S1, S2, S3, S5, S6 of spec §8.1) and the protocol
 * limit.
 *
 * Runs in a network namespace of its own, so it sees only its own state.
 */

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <sys/socket.h>

#include <linux/mgm.h>
#include <mgm/mgm.h>

#include "ktap.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static int family;

/* The answer to one raw request. */
struct answer {
	int error;		/* from NLMSG_ERROR; 1 if none came */
	char msg[256];		/* NLMSGERR_ATTR_MSG */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
	int has_offs;		/* NLMSGERR_ATTR_OFFS present */
};

struct req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[256];
};

static void put_attr(struct req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)r + r->nlh.nlmsg_len);

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len += NLA_ALIGN(nla->nla_len);
}

static void put_u32(struct req *r, uint16_t type, uint32_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void put_u64(struct req *r, uint16_t type, uint64_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void req_init(struct req *r, uint8_t cmd)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = family;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->nlh.nlmsg_seq = 1;
	r->genl.cmd = cmd;
	r->genl.version = MGM_FAMILY_VERSION;
}

/*
 * Send one request on a fresh socket and decode the error/ack, or the
 * NLMSG_DONE that ends a dump (its errno and extended ACK).
 */
static struct answer raw_request(struct req *r)
{
	struct answer a = { .error = 1, .miss_type = -1 };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[8192];
	int one = 1;
	ssize_t n;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		return a;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (sendto(fd, r, r->nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		goto out;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			struct nlmsgerr *err = NLMSG_DATA(nlh);
			size_t head = sizeof(*err);
			struct nlattr *nla;
			int len;

			if (nlh->nlmsg_type == NLMSG_DONE)
				head = sizeof(int);
			else if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			a.error = err->error;
			nla = (struct nlattr *)((char *)err + head);
			len = (int)nlh->nlmsg_len - NLMSG_LENGTH(head);
			for (; len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
			       nla->nla_len <= len;
			     len -= NLA_ALIGN(nla->nla_len),
			     nla = (struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len))) {
				void *data = (char *)nla + NLA_HDRLEN;

				switch (nla->nla_type & NLA_TYPE_MASK) {
				case NLMSGERR_ATTR_MSG:
					snprintf(a.msg, sizeof(a.msg), "%.*s",
						 nla->nla_len - NLA_HDRLEN,
						 (char *)data);
					break;
				case NLMSGERR_ATTR_OFFS:
					a.has_offs = 1;
					break;
				case NLMSGERR_ATTR_MISS_TYPE:
					a.miss_type = *(uint32_t *)data;
					break;
				}
			}
			goto out;
		}
	}
out:
	close(fd);
	return a;
}

static void expect_refusal(const char *name, struct req *r, int error)
{
	struct answer a = raw_request(r);

	ktap_check(a.error == error && a.msg[0],
		   "%s: refused with %s and a message", name, strerror(-error));
	if (a.error != error || !a.msg[0])
		ktap_diag("got error %d, message \"%s\"", a.error, a.msg);
}

static int count_cb(const struct mgm_protocol_info *info, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int protocol_count(struct mgm_session *s)
{
	int n = 0;

	if (mgm_protocol_dump(s, count_cb, &n))
		return -1;
	return n;
}

struct order {
	int n;
	mgm_handle_t last;
	int sorted;
};

static int order_cb(const struct mgm_protocol_info *info, void *arg)
{
	struct order *o = arg;

	if (o->n && info->handle <= o->last)
		o->sorted = 0;
	o->last = info->handle;
	o->n++;
	return 0;
}

static void malformed_requests(void)
{
	struct answer a;
	struct req r;

	req_init(&r, MGM_CMD_PROTO_NEW);
	put_u32(&r, MGM_A_PROTO_ID, 0x100);
	a = raw_request(&r);
	ktap_check(a.error == -EINVAL && a.miss_type == MGM_A_COMPONENT_ID,
		   "malformed: proto-new without component-id names the missing attribute");
	if (a.error != -EINVAL || a.miss_type != MGM_A_COMPONENT_ID)
		ktap_diag("got error %d, missing type %d", a.error, a.miss_type);

	req_init(&r, MGM_CMD_PROTO_NEW);
	put_attr(&r, MGM_A_PROTO_ID, "\x01\x00", 2);
	put_u32(&r, MGM_A_COMPONENT_ID, 1);
	a = raw_request(&r);
	ktap_check(a.error == -EINVAL && a.has_offs && a.msg[0],
		   "malformed: short proto-id refused, pointing at the attribute");

	req_init(&r, MGM_CMD_PROTO_NEW);
	put_u32(&r, MGM_A_PROTO_ID, 0x100);
	put_u32(&r, MGM_A_COMPONENT_ID, 1);
	put_u32(&r, 200, 1);
	expect_refusal("malformed: unknown attribute type", &r, -EINVAL);

	req_init(&r, MGM_CMD_PROTO_NEW);
	put_u32(&r, MGM_A_PROTO_ID, 0x100);
	put_u32(&r, MGM_A_COMPONENT_ID, 1);
	put_u64(&r, MGM_A_HANDLE, 5);
	expect_refusal("malformed: attribute the command does not take", &r,
		       -EINVAL);

	req_init(&r, MGM_CMD_PROTO_DEL);
	put_u64(&r, MGM_A_HANDLE, 0);
	expect_refusal("malformed: handle 0 is out of the policy's range", &r,
		       -ERANGE);

	req_init(&r, MGM_CMD_PROTO_DEL);
	put_u64(&r, MGM_A_HANDLE, 987654321);
	a = raw_request(&r);
	ktap_check(a.error == -EINVAL && strstr(a.msg, "unknown protocol handle"),
		   "S5: deregistering an unknown handle is refused");

	req_init(&r, MGM_CMD_PROTO_GET);
	put_u64(&r, MGM_A_HANDLE, 987654321);
	expect_refusal("proto-get of an unknown handle", &r, -ENOENT);

	req_init(&r, MGM_CMD_PROTO_NEW);
	put_u32(&r, MGM_A_PROTO_ID, 0x100);
	put_u32(&r, MGM_A_COMPONENT_ID, 1);
	r.genl.reserved = 1;
	a = raw_request(&r);
	ktap_check(a.error == -EINVAL,
		   "malformed: non-zero reserved header field refused");

	req_init(&r, 99);
	a = raw_request(&r);
	ktap_check(a.error == -EOPNOTSUPP, "malformed: unknown command refused");

	/* Dumps: dump-only without a key, dump-max 0. */
	req_init(&r, MGM_CMD_MFE_GET);
	r.nlh.nlmsg_flags |= NLM_F_DUMP;
	put_attr(&r, MGM_A_DUMP_ONLY, NULL, 0);
	a = raw_request(&r);
	ktap_check(a.error == -EINVAL &&
		   !strcmp(a.msg, "mgm: dump-only needs the entry's key"),
		   "malformed: an mfe dump-only without a key refused with a message");
	if (a.error != -EINVAL)
		ktap_diag("got error %d, message \"%s\"", a.error, a.msg);
	req_init(&r, MGM_CMD_MEMBER_GET);
	r.nlh.nlmsg_flags |= NLM_F_DUMP;
	put_u32(&r, MGM_A_DUMP_MAX, 0);
	expect_refusal("member dump with dump-max 0", &r, -ERANGE);
}

int main(void)
{
	struct mgm_session *s1 = NULL, *s2 = NULL;
	struct mgm_protocol_info info;
	mgm_handle_t a, b, c, h;
	struct nl_sock *sk;
	struct order o = { .sorted = 1 };
	int ret, i, n;

	ktap_header();
	if (unshare(CLONE_NEWNET)) {
		printf("Bail out! unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return 4;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) ||
	    (family = genl_ctrl_resolve(sk, MGM_FAMILY_NAME)) < 0) {
		printf("Bail out! mgm family not found (module not loaded?)\n");
		return 1;
	}
	nl_socket_free(sk);

	ktap_check(mgm_open(&s1) == 0 && mgm_open(&s2) == 0,
		   "libmgm: two sessions open");
	if (!s1 || !s2)
		return ktap_finish();

	malformed_requests();
	ktap_check(protocol_count(s1) == 0,
		   "malformed requests left no protocol behind");

	ret = mgm_protocol_register(s1, 0x100, 1, &a);
	ktap_check(ret == 0 && a != 0, "S1: register (0x100,1) returns a handle");
	ret = mgm_protocol_get(s2, a, &info);
	ktap_check(ret == 0 && info.handle == a && info.proto_id == 0x100 &&
		   info.component_id == 1 && info.pid == (uint32_t)getpid() &&
		   !strcmp(info.comm, "mgm_nl_test"),
		   "proto-get from another session reports id, pid and comm");

	ret = mgm_protocol_register(s2, 0x100, 1, &h);
	ktap_check(ret == -EEXIST && mgm_last_error(s2) &&
		   strstr(mgm_last_error(s2), "already registered"),
		   "S2: duplicate (0x100,1) refused with EEXIST and a message");
	ret = mgm_protocol_register(s2, 0x100, 2, &b);
	ktap_check(ret == 0 && b != a, "S2: (0x100,2) is another component");

	ret = mgm_protocol_register(s1, MGM_PROTO_IGMP, 1, &c);
	ktap_check(ret == 0, "IGMP (10,1) registers");
	ret = mgm_protocol_register(s2, MGM_PROTO_IGMP, 2, &h);
	ktap_check(ret == -EEXIST, "S3: a second IGMP (10,2) is refused");

	ret = mgm_protocol_deregister(s2, a);
	ktap_check(ret == -EINVAL && mgm_last_error(s2) &&
		   strstr(mgm_last_error(s2), "another netlink socket"),
		   "S6: another session's handle is refused");
	ktap_check(mgm_protocol_get(s1, a, &info) == 0,
		   "S6: the refused call left the protocol registered");

	n = protocol_count(s1);
	ktap_check(n == 3, "dump lists exactly 3 protocols (got %d)", n);

	ret = mgm_protocol_deregister(s1, a);
	ktap_check(ret == 0, "S5: deregister (0x100,1)");
	ret = mgm_protocol_deregister(s1, a);
	ktap_check(ret == -EINVAL, "S5: a deregistered handle is invalid");
	ret = mgm_protocol_register(s1, 0x100, 1, &h);
	ktap_check(ret == 0 && h > c, "S5: re-registration gets a new handle");

	/* Fill the namespace to its limit of 64: the 65th is refused. */
	for (i = 0, ret = 0; ret == 0 && protocol_count(s1) < 64; i++)
		ret = mgm_protocol_register(s1, 0x500, i, &h);
	n = protocol_count(s1);
	ktap_check(ret == 0 && n == 64, "limit: 64 protocols register (got %d)", n);
	ret = mgm_protocol_register(s1, 0x600, 1, &h);
	ktap_check(ret == -ENOSPC && mgm_last_error(s1) &&
		   strstr(mgm_last_error(s1), "limit"),
		   "limit: the 65th is refused with ENOSPC and a message");
	ktap_check(protocol_count(s1) == 64, "limit: the refusal changed nothing");

	ret = mgm_protocol_dump(s2, order_cb, &o);
	ktap_check(ret == 0 && o.n == 64 && o.sorted,
		   "dump returns all 64 in ascending handle order");

	mgm_close(s1);
	n = protocol_count(s2);
	ktap_check(n == 1, "S80: closing a session deregisters its protocols (%d left)", n);
	mgm_close(s2);
	return ktap_finish();
}
