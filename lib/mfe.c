// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: multicast forwarding entries, and the packet injection test
 * hook.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct nla_policy mgm_stats_policy[MGM_A_STATS_MAX + 1] = {
	[MGM_A_STATS_IN_PACKETS]	= { .type = NLA_U64 },
	[MGM_A_STATS_IN_BYTES]		= { .type = NLA_U64 },
	[MGM_A_STATS_DIFFERENT_IF]	= { .type = NLA_U64 },
	[MGM_A_STATS_QUEUE_OVERFLOW]	= { .type = NLA_U64 },
	[MGM_A_STATS_UNINIT]		= { .type = NLA_U64 },
	[MGM_A_STATS_NEGATIVE]		= { .type = NLA_U64 },
	[MGM_A_STATS_IN_DISCARDS]	= { .type = NLA_U64 },
	[MGM_A_STATS_HDR_ERRORS]	= { .type = NLA_U64 },
	[MGM_A_STATS_OUT_PACKETS]	= { .type = NLA_U64 },
};

static uint64_t mgm_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static int mgm_get_stats(struct nlattr *nla, struct mgm_mfe_stats *st)
{
	struct nlattr *tb[MGM_A_STATS_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (!nla)
		return 0;
	if (nla_parse_nested(tb, MGM_A_STATS_MAX, nla, mgm_stats_policy))
		return -EPROTO;
	st->in_packets = mgm_u64(tb, MGM_A_STATS_IN_PACKETS);
	st->in_bytes = mgm_u64(tb, MGM_A_STATS_IN_BYTES);
	st->different_if = mgm_u64(tb, MGM_A_STATS_DIFFERENT_IF);
	st->queue_overflow = mgm_u64(tb, MGM_A_STATS_QUEUE_OVERFLOW);
	st->uninit = mgm_u64(tb, MGM_A_STATS_UNINIT);
	st->negative = mgm_u64(tb, MGM_A_STATS_NEGATIVE);
	st->in_discards = mgm_u64(tb, MGM_A_STATS_IN_DISCARDS);
	st->hdr_errors = mgm_u64(tb, MGM_A_STATS_HDR_ERRORS);
	st->out_packets = mgm_u64(tb, MGM_A_STATS_OUT_PACKETS);
	return 0;
}

static int mgm_get_mfe_oif(struct nlattr *nla, uint8_t family,
			   struct mgm_mfe_oif *oif)
{
	struct nlattr *otb[MGM_A_OIF_MAX + 1];

	if (mgm_parse_oif(nla, otb) ||
	    mgm_get_if(otb, family, MGM_A_OIF_IFINDEX, MGM_A_OIF_NEXTHOP,
		       &oif->ifc))
		return -EPROTO;
	mgm_get_str(otb[MGM_A_OIF_IFNAME], oif->ifname, sizeof(oif->ifname));
	oif->packets = mgm_u64(otb, MGM_A_OIF_PACKETS);
	oif->discards = mgm_u64(otb, MGM_A_OIF_DISCARDS);
	oif->ttl_too_low = mgm_u64(otb, MGM_A_OIF_TTL_TOO_LOW);
	oif->frag_needed = mgm_u64(otb, MGM_A_OIF_FRAG_NEEDED);
	return 0;
}

/*
 * Decode one entry into @info; its outgoing interfaces go to an array
 * allocated here (NULL if there are none), which the caller frees, also
 * on error.
 */
static int mgm_get_mfe(struct nlattr **tb, struct nlmsghdr *nlh,
		       struct mgm_mfe_info *info)
{
	struct nlattr *pos;
	unsigned int n;
	uint8_t family;
	int rem;

	memset(info, 0, sizeof(*info));
	if (mgm_get_sg(tb, &info->sg))
		return -EPROTO;
	family = info->sg.family;
	if (mgm_get_if(tb, family, MGM_A_IIF_IFINDEX, MGM_A_IIF_NEXTHOP,
		       &info->iif) ||
	    mgm_get_addr(tb[MGM_A_UPSTREAM], family, &info->upstream) ||
	    mgm_get_route(tb[MGM_A_ROUTE], family, &info->route) ||
	    mgm_get_stats(tb[MGM_A_STATS], &info->stats))
		return -EPROTO;
	if (tb[MGM_A_IIF_PROTO_ID])
		info->iif_proto_id = nla_get_u32(tb[MGM_A_IIF_PROTO_ID]);
	info->uptime_ms = mgm_u64(tb, MGM_A_UPTIME);
	info->expires_ms = mgm_u64(tb, MGM_A_EXPIRES);
	info->last_use_ms = tb[MGM_A_LAST_USE] ?
			    (int64_t)mgm_u64(tb, MGM_A_LAST_USE) : -1;
	if (tb[MGM_A_TIMEOUT])
		info->timeout = nla_get_u32(tb[MGM_A_TIMEOUT]);

	n = mgm_count_attrs(nlh, MGM_A_OIF);
	if (!n)
		return 0;
	info->oifs = calloc(n, sizeof(*info->oifs));
	if (!info->oifs)
		return -ENOMEM;
	mgm_for_each_attr(pos, nlh, rem) {
		if (nla_type(pos) != MGM_A_OIF)
			continue;
		if (mgm_get_mfe_oif(pos, family, &info->oifs[info->n_oifs]))
			return -EPROTO;
		info->n_oifs++;
	}
	return 0;
}

/* The key of an entry, or of a dump's cursor: FAMILY, SRC, GRP. */
static int mgm_put_mfe_key(struct nl_msg *msg, const struct mgm_sg *sg)
{
	return mgm_put_sg(msg, sg, 0);
}

static int mgm_parse_mfe_get(struct nlattr **tb, struct nlmsghdr *nlh,
			     void *arg)
{
	struct mgm_mfe_info **infop = arg;
	struct mgm_mfe_info *info;
	int ret;

	if (*infop)	/* one entry only */
		return 0;
	info = malloc(sizeof(*info));
	if (!info)
		return -ENOMEM;
	ret = mgm_get_mfe(tb, nlh, info);
	if (ret) {
		mgm_mfe_free(info);
		return ret;
	}
	*infop = info;
	return 0;
}

void mgm_mfe_free(struct mgm_mfe_info *info)
{
	if (!info)
		return;
	free(info->oifs);
	free(info);
}

struct mgm_mfe_dump_arg {
	mgm_mfe_cb cb;
	void *arg;
	struct mgm_join join;
};

static int mgm_parse_mfe_dump(struct nlattr **tb, struct nlmsghdr *nlh,
			      void *arg)
{
	struct mgm_mfe_dump_arg *d = arg;
	struct mgm_mfe_info info;
	void *oifs;
	int ret;

	ret = mgm_get_mfe(tb, nlh, &info);
	if (!ret) {
		oifs = info.oifs;
		ret = mgm_join_add(&d->join, tb, &info.sg, &oifs,
				   &info.n_oifs, sizeof(*info.oifs));
		info.oifs = oifs;
	}
	/* A split entry is delivered with the counters of its last part. */
	if (ret > 0)
		ret = d->cb(&info, d->arg);
	free(info.oifs);
	return ret;
}

/* A dump from after @after, or (@only) of the entry @after alone. */
static int mgm_mfe_dump_req(struct mgm_session *sess,
			    const struct mgm_sg *after, int only, uint32_t max,
			    mgm_mfe_cb cb, void *arg)
{
	struct mgm_mfe_dump_arg d = { .cb = cb, .arg = arg };
	struct nl_msg *msg;
	int ret;

	if (!sess || !cb)
		return -EINVAL;
	if (after) {
		ret = mgm_sg_family(after);
		if (ret < 0)
			return ret;
	}
	msg = mgm_msg_new(sess, MGM_CMD_MFE_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if ((after && mgm_put_mfe_key(msg, after)) ||
	    (only && nla_put_flag(msg, MGM_A_DUMP_ONLY)) ||
	    (max && nla_put_u32(msg, MGM_A_DUMP_MAX, max))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_join_end(&d.join,
			    mgm_request(sess, msg, mgm_parse_mfe_dump, &d));
}

int mgm_mfe_dump(struct mgm_session *sess, const struct mgm_sg *after,
		 mgm_mfe_cb cb, void *arg)
{
	return mgm_mfe_dump_req(sess, after, 0, 0, cb, arg);
}

int mgm_mfe_dump_max(struct mgm_session *sess, const struct mgm_sg *after,
		     uint32_t max, mgm_mfe_cb cb, void *arg)
{
	return mgm_mfe_dump_req(sess, after, 0, max, cb, arg);
}

/* Keep a copy of the entry a dump-only dump delivers. */
static int mgm_mfe_keep(const struct mgm_mfe_info *info, void *arg)
{
	struct mgm_mfe_info **infop = arg;
	struct mgm_mfe_info *copy;
	size_t size = info->n_oifs * sizeof(*info->oifs);

	copy = malloc(sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	*copy = *info;
	copy->oifs = NULL;
	if (size) {
		copy->oifs = malloc(size);
		if (!copy->oifs) {
			free(copy);
			return -ENOMEM;
		}
		memcpy(copy->oifs, info->oifs, size);
	}
	mgm_mfe_free(*infop);
	*infop = copy;
	return 0;
}

int mgm_mfe_get(struct mgm_session *sess, const struct mgm_sg *sg,
		struct mgm_mfe_info **info)
{
	struct mgm_mfe_info *got = NULL;
	struct nl_msg *msg;
	int ret;

	if (!sess || !sg || !info)
		return -EINVAL;
	*info = NULL;
	ret = mgm_sg_family(sg);
	if (ret < 0)
		return ret;
	msg = mgm_msg_new(sess, MGM_CMD_MFE_GET, 0);
	if (!msg)
		return -ENOMEM;
	if (mgm_put_mfe_key(msg, sg)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = mgm_request(sess, msg, mgm_parse_mfe_get, &got);
	if (!ret && !got)
		ret = -EPROTO;
	/* Too big for one message: the kernel hands it over in parts. */
	if (ret == -EMSGSIZE) {
		ret = mgm_mfe_dump_req(sess, sg, 1, 0, mgm_mfe_keep, &got);
		if (!ret && !got)
			ret = -ENOENT;
	}
	if (ret) {
		mgm_mfe_free(got);
		return ret;
	}
	*info = got;
	return 0;
}

int mgm_mfe_set(struct mgm_session *sess, mgm_handle_t handle,
		const struct mgm_sg *sg, const union mgm_addr *upstream,
		const uint32_t *timeout)
{
	struct nl_msg *msg;
	int family;

	if (!sess || !sg)
		return -EINVAL;
	family = mgm_sg_family(sg);
	if (family < 0)
		return family;
	msg = mgm_msg_new(sess, MGM_CMD_MFE_SET, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MGM_A_HANDLE, handle) ||
	    mgm_put_mfe_key(msg, sg) ||
	    (upstream &&
	     mgm_put_addr(msg, MGM_A_UPSTREAM, family, upstream)) ||
	    (timeout && nla_put_u32(msg, MGM_A_TIMEOUT, *timeout))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_request(sess, msg, NULL, NULL);
}

int mgm_inject(struct mgm_session *sess, const struct mgm_sg *sg,
	       const struct mgm_if *ifc, uint32_t pkt_len, uint8_t ttl,
	       const void *hdr, size_t hdr_len)
{
	struct nl_msg *msg;
	int family;

	if (!sess || !sg || !ifc || (!hdr && hdr_len) || hdr_len > 65535)
		return -EINVAL;
	family = mgm_sg_family(sg);
	if (family < 0)
		return family;
	msg = mgm_msg_new_size(sess, MGM_CMD_MFE_INJECT, 0,
			       NLMSG_ALIGN(hdr_len) + 256);
	if (!msg)
		return -ENOMEM;
	if (mgm_put_mfe_key(msg, sg) ||
	    mgm_put_if(msg, family, ifc, MGM_A_IFINDEX, MGM_A_NEXTHOP, 0) ||
	    (hdr_len && nla_put(msg, MGM_A_HEADER, hdr_len, hdr)) ||
	    nla_put_u32(msg, MGM_A_PKT_LEN, pkt_len) ||
	    nla_put_u8(msg, MGM_A_TTL, ttl)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return mgm_request(sess, msg, NULL, NULL);
}
