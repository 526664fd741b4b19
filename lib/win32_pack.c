// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libmgm, Win32-compatible API: the parts that need no kernel.  Native
 * errors become Win32 codes, prefix lengths become masks, forwarding
 * entries become the packed records of ipmib.h, and the enumeration
 * buffer protocol of spec §4.0 is decided here.
 */

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "win32_internal.h"

/*
 * Spec §A.4, plus what the native layer adds: -ERANGE is the netlink
 * policy's answer to an out-of-range value (an enum type, a prefix
 * length), -ENODEV an interface index that names no device, -ENOSPC a
 * namespace limit (resources exhausted, as an allocation failure would).
 * -EBUSY (deregistration while owning interfaces, ipmr on the interface),
 * -EPERM and everything else are ERROR_CAN_NOT_COMPLETE.
 */
DWORD mgm_w32_error(int err)
{
	switch (-err) {
	case 0:
		return NO_ERROR;
	case EINVAL:
	case ERANGE:
	case ENODEV:
	case EAFNOSUPPORT:
		return ERROR_INVALID_PARAMETER;
	case ENOENT:
		return ERROR_NOT_FOUND;
	case EEXIST:
		return ERROR_ALREADY_EXISTS;
	case ENOMEM:
	case ENOSPC:
	case ENOBUFS:
		return ERROR_NOT_ENOUGH_MEMORY;
	default:
		return ERROR_CAN_NOT_COMPLETE;
	}
}

int mgm_w32_mask_len(DWORD mask_be, uint8_t *len)
{
	uint32_t m = ntohl(mask_be);
	uint8_t n = 0;

	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	/* Contiguous: nothing set after the leading ones. */
	if (n < 32 && (m << n))
		return -EINVAL;
	*len = n;
	return 0;
}

DWORD mgm_w32_len_mask(uint8_t len)
{
	if (!len)
		return 0;
	if (len >= 32)
		return 0xffffffffu;
	return htonl(~0u << (32 - len));
}

DWORD mgm_w32_record_size(int level, unsigned int n_oifs)
{
	switch (level) {
	case MGM_W32_MFE:
		return SIZEOF_MIB_MFE(n_oifs);
	case MGM_W32_STATS:
		return SIZEOF_MIB_MFE_STATS(n_oifs);
	case MGM_W32_STATS_EX:
		return SIZEOF_MIB_MFE_STATS_EX(n_oifs);
	default:
		return 0;
	}
}

/* Milliseconds in @unit_ms units: rounded down, or up (a remaining time
 * must not become 0, which means "does not age"); 32 bits at most. */
static ULONG mgm_w32_time(uint64_t ms, unsigned int unit_ms, int up)
{
	uint64_t v = (ms + (up ? unit_ms - 1 : 0)) / unit_ms;

	return v > 0xffffffffu ? 0xffffffffu : (ULONG)v;
}

/* The first nine fields, common to the three layouts. */
#define MGM_W32_PACK_HEAD(r, mi) do {					\
	(r).dwGroup = (mi)->sg.grp.v4.s_addr;				\
	(r).dwSource = (mi)->sg.src.v4.s_addr;				\
	(r).dwSrcMask = mgm_w32_len_mask((mi)->sg.src_len);		\
	(r).dwUpStrmNgbr = (mi)->upstream.v4.s_addr;			\
	(r).dwInIfIndex = (mi)->iif.ifindex;				\
	(r).dwInIfProtocol = (mi)->iif_proto_id;			\
	(r).dwRouteProtocol = (mi)->route.proto_id;			\
	(r).dwRouteNetwork = (mi)->route.dst.v4.s_addr;			\
	(r).dwRouteMask = mgm_w32_len_mask((mi)->route.dst_len);	\
} while (0)

static void mgm_w32_pack_oif_stats(const struct mgm_mfe_oif *o,
				   MIB_IPMCAST_OIF_STATS *os)
{
	os->dwOutIfIndex = o->ifc.ifindex;
	os->dwNextHopAddr = o->ifc.nexthop.v4.s_addr;
	os->dwDialContext = 0;
	os->ulTtlTooLow = (ULONG)o->ttl_too_low;
	os->ulFragNeeded = (ULONG)o->frag_needed;
	os->ulOutPackets = (ULONG)o->packets;
	os->ulOutDiscards = (ULONG)o->discards;
}

/*
 * Records are written through memcpy() of a local copy of their fixed
 * part: a buffer position is 4-byte aligned (spec §3.10) but the caller's
 * buffer need not be aligned at all.
 */
void mgm_w32_pack_mfe(int level, const struct mgm_mfe_info *mi, void *buf)
{
	const struct mgm_mfe_stats *st = &mi->stats;
	uint8_t *p = buf;
	unsigned int k;

	if (level == MGM_W32_MFE) {
		MIB_IPMCAST_MFE r;
		MIB_IPMCAST_OIF o;

		memset(&r, 0, sizeof(r));
		MGM_W32_PACK_HEAD(r, mi);
		r.ulUpTime = mgm_w32_time(mi->uptime_ms, 1000, 0);
		r.ulExpiryTime = mgm_w32_time(mi->expires_ms, 1000, 1);
		r.ulTimeOut = mi->timeout;
		r.ulNumOutIf = mi->n_oifs;
		memcpy(p, &r, SIZEOF_BASIC_MIB_MFE);
		p += SIZEOF_BASIC_MIB_MFE;
		for (k = 0; k < mi->n_oifs; k++) {
			memset(&o, 0, sizeof(o));
			o.dwOutIfIndex = mi->oifs[k].ifc.ifindex;
			o.dwNextHopAddr = mi->oifs[k].ifc.nexthop.v4.s_addr;
			memcpy(p, &o, sizeof(o));
			p += sizeof(o);
		}
		return;
	}

	{
		MIB_IPMCAST_MFE_STATS_EX r;
		MIB_IPMCAST_OIF_STATS os;
		DWORD base;

		memset(&r, 0, sizeof(r));
		MGM_W32_PACK_HEAD(r, mi);
		r.ulUpTime = mgm_w32_time(mi->uptime_ms, 10, 0);
		r.ulExpiryTime = mgm_w32_time(mi->expires_ms, 10, 1);
		r.ulNumOutIf = mi->n_oifs;
		r.ulInPkts = (ULONG)st->in_packets;
		r.ulInOctets = (ULONG)st->in_bytes;
		r.ulPktsDifferentIf = (ULONG)st->different_if;
		r.ulQueueOverflow = (ULONG)st->queue_overflow;
		r.ulUninitMfe = (ULONG)st->uninit;
		r.ulNegativeMfe = (ULONG)st->negative;
		r.ulInDiscards = (ULONG)st->in_discards;
		r.ulInHdrErrors = (ULONG)st->hdr_errors;
		r.ulTotalOutPackets = (ULONG)st->out_packets;
		/* STATS_0 is the first 64 bytes of STATS_EX. */
		base = level == MGM_W32_STATS ? SIZEOF_BASIC_MIB_MFE_STATS :
		       SIZEOF_BASIC_MIB_MFE_STATS_EX;
		memcpy(p, &r, base);
		p += base;
		for (k = 0; k < mi->n_oifs; k++) {
			mgm_w32_pack_oif_stats(&mi->oifs[k], &os);
			memcpy(p, &os, sizeof(os));
			p += sizeof(os);
		}
	}
}

_Static_assert(offsetof(MIB_IPMCAST_MFE_STATS, ulQueueOverflow) ==
	       offsetof(MIB_IPMCAST_MFE_STATS_EX, ulQueueOverflow),
	       "MIB_IPMCAST_MFE_STATS is a prefix of the _EX layout");

void mgm_w32_pack_group(const struct mgm_sg *sg, void *buf)
{
	SOURCE_GROUP_ENTRY e;

	e.dwSourceAddr = sg->src_len ? sg->src.v4.s_addr : 0;
	e.dwSourceMask = mgm_w32_len_mask(sg->src_len);
	e.dwGroupAddr = sg->grp_len ? sg->grp.v4.s_addr : 0;
	e.dwGroupMask = mgm_w32_len_mask(sg->grp_len);
	memcpy(buf, &e, sizeof(e));
}

void mgm_w32_fill_init(struct mgm_w32_fill *f, PBYTE buf, DWORD cap)
{
	memset(f, 0, sizeof(*f));
	f->buf = buf;
	f->cap = cap;
}

uint32_t mgm_w32_fill_max(const struct mgm_w32_fill *f, DWORD min_size)
{
	return f->cap / min_size + 1;
}

void *mgm_w32_fill_next(struct mgm_w32_fill *f, DWORD size)
{
	void *p;

	if (f->more)
		return NULL;
	if (size > f->cap - f->used) {
		f->more = 1;
		if (!f->n)
			f->first_size = size;
		return NULL;
	}
	p = f->buf + f->used;
	f->used += size;
	f->n++;
	return p;
}

DWORD mgm_w32_fill_done(const struct mgm_w32_fill *f, PDWORD pdwBufferSize,
			PDWORD pdwNumEntries)
{
	*pdwNumEntries = f->n;
	if (f->first_size) {
		*pdwBufferSize = f->first_size;
		return ERROR_INSUFFICIENT_BUFFER;
	}
	return f->more ? ERROR_MORE_DATA : ERROR_NO_MORE_ITEMS;
}
