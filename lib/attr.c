// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm: the attributes many messages share: addresses with their
 * family, (source, group) keys, interfaces, routes and the nests of
 * outgoing interfaces.
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

static struct nla_policy mgm_route_policy[MGM_A_ROUTE_MAX + 1] = {
	[MGM_A_ROUTE_DST]	= MGM_ADDR_POLICY,
	[MGM_A_ROUTE_DST_LEN]	= { .type = NLA_U8 },
	[MGM_A_ROUTE_GATEWAY]	= MGM_ADDR_POLICY,
	[MGM_A_ROUTE_IFINDEX]	= { .type = NLA_U32 },
	[MGM_A_ROUTE_PROTO_ID]	= { .type = NLA_U32 },
	[MGM_A_ROUTE_TABLE]	= { .type = NLA_U32 },
	[MGM_A_ROUTE_METRIC]	= { .type = NLA_U32 },
};

static struct nla_policy mgm_oif_policy[MGM_A_OIF_MAX + 1] = {
	[MGM_A_OIF_IFINDEX]	= { .type = NLA_U32 },
	[MGM_A_OIF_NEXTHOP]	= MGM_ADDR_POLICY,
	[MGM_A_OIF_IFNAME]	= { .type = NLA_STRING },
	[MGM_A_OIF_IGMP]	= { .type = NLA_U8 },
	[MGM_A_OIF_ENABLED]	= { .type = NLA_U8 },
	[MGM_A_OIF_COMPONENT]	= { .type = NLA_U64 },
	[MGM_A_OIF_BY]		= { .type = NLA_U32 },
	[MGM_A_OIF_PACKETS]	= { .type = NLA_U64 },
	[MGM_A_OIF_DISCARDS]	= { .type = NLA_U64 },
	[MGM_A_OIF_TTL_TOO_LOW]	= { .type = NLA_U64 },
	[MGM_A_OIF_FRAG_NEEDED]	= { .type = NLA_U64 },
};

/**
 * mgm_addr_len() - bytes of an address of @family
 *
 * Return: 4 for AF_INET, 16 for AF_INET6, 0 for any other family.
 */
int mgm_addr_len(uint8_t family)
{
	switch (family) {
	case AF_INET:
		return sizeof(struct in_addr);
	case AF_INET6:
		return sizeof(struct in6_addr);
	default:
		return 0;
	}
}

/**
 * mgm_sg_family() - the family of a key, 0 read as AF_INET
 *
 * Return: the family; -EAFNOSUPPORT for one whose addresses libmgm cannot
 * encode.  (The kernel decides which of the others it supports.)
 */
int mgm_sg_family(const struct mgm_sg *sg)
{
	uint8_t family = sg->family ? sg->family : AF_INET;

	if (!mgm_addr_len(family))
		return -EAFNOSUPPORT;
	return family;
}

/* Any nla_put*() failure means the message is full. */
int mgm_put_addr(struct nl_msg *msg, int type, uint8_t family,
		 const union mgm_addr *addr)
{
	return nla_put(msg, type, mgm_addr_len(family), addr) ? -EMSGSIZE : 0;
}

/**
 * mgm_get_addr() - copy an address attribute
 * @nla: the attribute, or NULL (the address is then all zeroes)
 *
 * An empty attribute is read as all zeroes too.
 *
 * Return: 0; -EPROTO if its length does not fit @family.
 */
int mgm_get_addr(const struct nlattr *nla, uint8_t family,
		 union mgm_addr *addr)
{
	int len = mgm_addr_len(family);

	memset(addr, 0, sizeof(*addr));
	if (!nla || !nla_len(nla))
		return 0;
	if (!len || nla_len(nla) != len)
		return -EPROTO;
	memcpy(addr, nla_data(nla), len);
	return 0;
}

/* The family of a message's addresses; absent means AF_INET. */
uint8_t mgm_get_family(struct nlattr **tb)
{
	return tb[MGM_A_FAMILY] ? nla_get_u8(tb[MGM_A_FAMILY]) : AF_INET;
}

static int mgm_addr_is_zero(const union mgm_addr *addr, uint8_t family)
{
	static const union mgm_addr zero;

	return !memcmp(addr, &zero, mgm_addr_len(family));
}

/**
 * mgm_put_sg() - FAMILY, SRC, GRP and, if @lens, SRC_LEN and GRP_LEN
 *
 * Return: 0; -EAFNOSUPPORT; -EMSGSIZE.
 */
int mgm_put_sg(struct nl_msg *msg, const struct mgm_sg *sg, int lens)
{
	int family = mgm_sg_family(sg);

	if (family < 0)
		return family;
	if (nla_put_u8(msg, MGM_A_FAMILY, family) ||
	    mgm_put_addr(msg, MGM_A_SRC, family, &sg->src) ||
	    mgm_put_addr(msg, MGM_A_GRP, family, &sg->grp))
		return -EMSGSIZE;
	if (lens && (nla_put_u8(msg, MGM_A_SRC_LEN, sg->src_len) ||
		     nla_put_u8(msg, MGM_A_GRP_LEN, sg->grp_len)))
		return -EMSGSIZE;
	return 0;
}

/**
 * mgm_get_sg() - the key of a reply or an event
 *
 * A prefix length that is absent is the full length if the address is
 * present (wrong-if events carry none), else 0.
 *
 * Return: 0; -EPROTO.
 */
int mgm_get_sg(struct nlattr **tb, struct mgm_sg *sg)
{
	uint8_t family = mgm_get_family(tb);
	uint8_t full = mgm_addr_len(family) * 8;

	memset(sg, 0, sizeof(*sg));
	sg->family = family;
	if (mgm_get_addr(tb[MGM_A_SRC], family, &sg->src) ||
	    mgm_get_addr(tb[MGM_A_GRP], family, &sg->grp))
		return -EPROTO;
	if (tb[MGM_A_SRC_LEN])
		sg->src_len = nla_get_u8(tb[MGM_A_SRC_LEN]);
	else if (tb[MGM_A_SRC])
		sg->src_len = full;
	if (tb[MGM_A_GRP_LEN])
		sg->grp_len = nla_get_u8(tb[MGM_A_GRP_LEN]);
	else if (tb[MGM_A_GRP])
		sg->grp_len = full;
	return 0;
}

/**
 * mgm_put_if() - an interface as two attributes of @msg
 * @ifindex_type: attribute type of the index (MGM_A_IFINDEX, ...)
 * @nexthop_type: attribute type of the next hop
 * @omit_zero: leave out a next hop that is all zeroes
 *
 * Return: 0; -EMSGSIZE.
 */
int mgm_put_if(struct nl_msg *msg, uint8_t family, const struct mgm_if *ifc,
	       int ifindex_type, int nexthop_type, int omit_zero)
{
	if (nla_put_u32(msg, ifindex_type, ifc->ifindex))
		return -EMSGSIZE;
	if (omit_zero && mgm_addr_is_zero(&ifc->nexthop, family))
		return 0;
	return mgm_put_addr(msg, nexthop_type, family, &ifc->nexthop);
}

/* The reverse of mgm_put_if(), from parsed attributes. */
int mgm_get_if(struct nlattr **tb, uint8_t family, int ifindex_type,
	       int nexthop_type, struct mgm_if *ifc)
{
	ifc->ifindex = tb[ifindex_type] ? nla_get_u32(tb[ifindex_type]) : 0;
	return mgm_get_addr(tb[nexthop_type], family, &ifc->nexthop);
}

/* A MGM_A_ROUTE nest. */
int mgm_put_route(struct nl_msg *msg, uint8_t family,
		  const struct mgm_route *rt)
{
	struct nlattr *nest = nla_nest_start(msg, MGM_A_ROUTE);

	if (!nest ||
	    mgm_put_addr(msg, MGM_A_ROUTE_DST, family, &rt->dst) ||
	    nla_put_u8(msg, MGM_A_ROUTE_DST_LEN, rt->dst_len) ||
	    mgm_put_addr(msg, MGM_A_ROUTE_GATEWAY, family, &rt->gateway) ||
	    nla_put_u32(msg, MGM_A_ROUTE_IFINDEX, rt->ifindex) ||
	    nla_put_u32(msg, MGM_A_ROUTE_PROTO_ID, rt->proto_id) ||
	    nla_put_u32(msg, MGM_A_ROUTE_TABLE, rt->table) ||
	    nla_put_u32(msg, MGM_A_ROUTE_METRIC, rt->metric))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mgm_get_route() - decode a MGM_A_ROUTE nest
 * @nla: the nest, or NULL (the route is then all zeroes)
 *
 * Return: 0; -EPROTO.
 */
int mgm_get_route(struct nlattr *nla, uint8_t family, struct mgm_route *rt)
{
	struct nlattr *tb[MGM_A_ROUTE_MAX + 1];

	memset(rt, 0, sizeof(*rt));
	if (!nla)
		return 0;
	if (nla_parse_nested(tb, MGM_A_ROUTE_MAX, nla, mgm_route_policy) ||
	    mgm_get_addr(tb[MGM_A_ROUTE_DST], family, &rt->dst) ||
	    mgm_get_addr(tb[MGM_A_ROUTE_GATEWAY], family, &rt->gateway))
		return -EPROTO;
	if (tb[MGM_A_ROUTE_DST_LEN])
		rt->dst_len = nla_get_u8(tb[MGM_A_ROUTE_DST_LEN]);
	if (tb[MGM_A_ROUTE_IFINDEX])
		rt->ifindex = nla_get_u32(tb[MGM_A_ROUTE_IFINDEX]);
	if (tb[MGM_A_ROUTE_PROTO_ID])
		rt->proto_id = nla_get_u32(tb[MGM_A_ROUTE_PROTO_ID]);
	if (tb[MGM_A_ROUTE_TABLE])
		rt->table = nla_get_u32(tb[MGM_A_ROUTE_TABLE]);
	if (tb[MGM_A_ROUTE_METRIC])
		rt->metric = nla_get_u32(tb[MGM_A_ROUTE_METRIC]);
	return 0;
}

/* How many top-level attributes of @type the message @nlh carries. */
unsigned int mgm_count_attrs(struct nlmsghdr *nlh, int type)
{
	unsigned int n = 0;
	struct nlattr *pos;
	int rem;

	mgm_for_each_attr(pos, nlh, rem)
		if (nla_type(pos) == type)
			n++;
	return n;
}

static void mgm_join_drop(struct mgm_join *j)
{
	free(j->oifs);
	j->oifs = NULL;
	j->have = 0;
	j->total = 0;
	j->broken = 1;
}

/**
 * mgm_join_add() - add a dump record's interfaces to its entry
 * @j: the dump's join state, zeroed before the dump
 * @tb: the record's attributes
 * @sg: its key
 * @oifs: its interfaces, an array of @size-byte elements that its
 *	decoding allocated (or NULL); taken over, replaced by what to deliver
 * @n: how many; replaced too
 *
 * A record without oif-total, or the first of an entry that holds all its
 * interfaces, is an entry of its own.  Parts that do not continue the
 * entry being joined (the table changed between messages) are dropped,
 * and mgm_join_end() then reports -EAGAIN.
 *
 * Return: 1 when *@oifs and *@n are a whole entry's, to deliver (the
 * caller frees *@oifs); 0 when there is nothing to deliver yet; -ENOMEM.
 */
int mgm_join_add(struct mgm_join *j, struct nlattr **tb,
		 const struct mgm_sg *sg, void **oifs, unsigned int *n,
		 size_t size)
{
	uint32_t from, total;
	void *all;

	from = tb[MGM_A_OIF_FROM] ? nla_get_u32(tb[MGM_A_OIF_FROM]) : 0;
	total = tb[MGM_A_OIF_TOTAL] ? nla_get_u32(tb[MGM_A_OIF_TOTAL]) : 0;
	if (!from && j->oifs)		/* the last entry never ended */
		mgm_join_drop(j);
	if (!from && *n >= total)
		return 1;
	if (!from) {
		all = realloc(*oifs, (size_t)total * size);
		if (!all)
			return -ENOMEM;
		j->oifs = all;
		j->have = *n;
		j->total = total;
		j->sg = *sg;
		*oifs = NULL;
		*n = 0;
		return 0;
	}
	if (!j->oifs || memcmp(&j->sg, sg, sizeof(*sg)) || from != j->have ||
	    total != j->total || *n > total - from || !*n) {
		mgm_join_drop(j);
		free(*oifs);
		*oifs = NULL;
		*n = 0;
		return 0;
	}
	memcpy((char *)j->oifs + (size_t)j->have * size, *oifs, *n * size);
	j->have += *n;
	free(*oifs);
	*oifs = NULL;
	*n = 0;
	if (j->have < j->total)
		return 0;
	*oifs = j->oifs;
	*n = j->have;
	j->oifs = NULL;
	j->have = 0;
	j->total = 0;
	return 1;
}

/*
 * mgm_join_end() - the dump that @j joined for ended with @ret
 *
 * Return: @ret, or -EAGAIN if it is 0 and an entry's parts did not match
 * or its last part never came.
 */
int mgm_join_end(struct mgm_join *j, int ret)
{
	if (j->oifs)
		mgm_join_drop(j);
	return ret ? ret : j->broken ? -EAGAIN : 0;
}

/* Parse one MGM_A_OIF nest into @otb (MGM_A_OIF_MAX + 1 slots). */
int mgm_parse_oif(struct nlattr *nla, struct nlattr **otb)
{
	if (nla_parse_nested(otb, MGM_A_OIF_MAX, nla, mgm_oif_policy))
		return -EPROTO;
	return 0;
}

/* Copy a string attribute, if present, into @buf (always terminated). */
void mgm_get_str(const struct nlattr *nla, char *buf, size_t size)
{
	buf[0] = '\0';
	if (nla)
		nla_strlcpy(buf, nla, size);
}
