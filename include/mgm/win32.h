/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmgm: the Win32-compatible Multicast Group Manager API (<mgm/win32.h>).
 *
 * The 17 Mgm* functions of the Windows RRAS MGM (mgm.h, ipmib.h) with their
 * documented prototypes, types, flags, structures, error codes, buffer and
 * enumeration semantics, and callbacks, on top of the native API of
 * <mgm/mgm.h>.  A protocol written for the RRAS MGM ports by recompiling.
 * IPv4 only, as the original.  The behaviour is specified by spec/mgm-api.md
 * §2-§5; Documentation/win32.rst describes the port.
 *
 * Types (spec §0.3): DWORD and ULONG are 32-bit on every target (not
 * unsigned long), BOOL is a 32-bit int, HANDLE an opaque pointer, so the
 * record layouts are those of the Windows headers.  Addresses and masks are
 * in network byte order (as struct in_addr.s_addr); interface indexes are
 * Linux ifindexes in host byte order.
 *
 * Threading (spec §7.3, §7.4):
 *  - Every function is thread-safe and may be called concurrently from any
 *    thread of the process, including from inside a callback.
 *  - Callbacks run on one library thread per process, started by the first
 *    successful MgmRegisterMProtocol() and never on the caller's thread.
 *    Callbacks of all protocols of the process run one at a time, in the
 *    order the MGM generated them for each protocol.
 *  - The library holds none of its locks while a callback runs, so a
 *    callback may call any Mgm* function, also for its own protocol (the
 *    Windows rule "do not hold a lock across an MGM call that a callback
 *    needs" is sufficient but no longer necessary).  A callback must not
 *    block for long: it delays every other protocol's callbacks, and the
 *    kernel applies its defaults to request callbacks (RPF, creation alert,
 *    prune alert with bMemberDelete == FALSE) that take longer than its
 *    callback timeout (1 s by default).
 *  - After MgmDeRegisterMProtocol() returns NO_ERROR no callback of that
 *    protocol runs any more (when called from a callback, the running
 *    callback is the last one).
 *  - A handle belongs to the process that obtained it: a child created by
 *    fork() starts with no protocols and no enumeration handles, and may
 *    register its own.
 *
 * Each registered protocol has a native session (two netlink sockets) of
 * its own; the administrative functions (no handle) share one more.
 */
#ifndef _MGM_WIN32_H
#define _MGM_WIN32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Basic types (spec §0.3)                                             */
/* ------------------------------------------------------------------ */

/*
 * Define MGM_WIN32_NO_BASETYPES when another header (a Windows
 * compatibility layer) provides these with the same sizes.
 */
#ifndef MGM_WIN32_NO_BASETYPES
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t BOOL;
typedef uint8_t BYTE;
typedef void *HANDLE;
typedef void *PVOID;
typedef BYTE *PBYTE;
typedef DWORD *PDWORD;
typedef HANDLE *PHANDLE;
#endif

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

/* ------------------------------------------------------------------ */
/* Error codes (spec §2.2)                                             */
/* ------------------------------------------------------------------ */

#ifndef NO_ERROR
#define NO_ERROR			0
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY		8
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER		87
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER	122
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS		183
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA			234
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS		259
#endif
#ifndef ERROR_CAN_NOT_COMPLETE
#define ERROR_CAN_NOT_COMPLETE		1003
#endif
#ifndef ERROR_NOT_FOUND
#define ERROR_NOT_FOUND			1168
#endif

/* ------------------------------------------------------------------ */
/* Flags, enumerators and protocol identifiers (spec §2.1)             */
/* ------------------------------------------------------------------ */

#define MGM_JOIN_STATE_FLAG	0x00000001
#define MGM_FORWARD_STATE_FLAG	0x00000002
/* The reference pages' spelling of the same flag. */
#define MGM_FORWARD_STATE	MGM_FORWARD_STATE_FLAG

#define MGM_MFE_STATS_0		0x00000001	/* MIB_IPMCAST_MFE_STATS */
#define MGM_MFE_STATS_1		0x00000002	/* MIB_IPMCAST_MFE_STATS_EX */

/* Linux extension: MgmSetMfe() also applies ulTimeOut (spec §4.12). */
#define MGM_SETMFE_EXT_TIMEOUT	0x00000001

#ifndef ANY_SIZE
#define ANY_SIZE		1
#endif

/* routprot.h: multicast protocol identifiers */
#define PROTO_IP_MSDP		9
#define PROTO_IP_IGMP		10
#define PROTO_IP_BGMP		11
#define IPRTRMGR_PID		10000
#define PROTO_IP_MGM		10009

/* routprot.h: unicast route protocols (dwRouteProtocol, spec §A.5) */
#define PROTO_IP_OTHER		1
#define PROTO_IP_LOCAL		2
#define PROTO_IP_NETMGMT	3
#define PROTO_IP_ICMP		4
#define PROTO_IP_EGP		5
#define PROTO_IP_GGP		6
#define PROTO_IP_HELLO		7
#define PROTO_IP_RIP		8
#define PROTO_IP_IS_IS		9
#define PROTO_IP_ES_IS		10
#define PROTO_IP_CISCO		11
#define PROTO_IP_BBN		12
#define PROTO_IP_OSPF		13
#define PROTO_IP_BGP		14
#define PROTO_IP_NT_AUTOSTATIC	10002
#define PROTO_IP_NT_STATIC	10006
#define PROTO_IP_NT_STATIC_NON_DOD 10007

/* spec §3.4 */
typedef enum _MGM_ENUM_TYPES {
	ANY_SOURCE = 0,		/* one record per group */
	ALL_SOURCES = 1,	/* one record per membership entry */
} MGM_ENUM_TYPES;

/* ------------------------------------------------------------------ */
/* Structures (spec §3)                                                */
/* ------------------------------------------------------------------ */

/* spec §3.2: an outgoing interface offered by a creation alert */
typedef struct _MGM_IF_ENTRY {
	DWORD dwIfIndex;
	DWORD dwIfNextHopAddr;
	BOOL bIGMP;		/* IGMP is enabled (co-owner) on it */
	BOOL bIsEnabled;	/* in: TRUE; set FALSE to veto */
} MGM_IF_ENTRY, *PMGM_IF_ENTRY;

/* spec §3.3: a record of MgmGroupEnumerationGetNext() */
typedef struct _SOURCE_GROUP_ENTRY {
	DWORD dwSourceAddr;
	DWORD dwSourceMask;
	DWORD dwGroupAddr;
	DWORD dwGroupMask;
} SOURCE_GROUP_ENTRY, *PSOURCE_GROUP_ENTRY;

/* spec §3.5 (the XP layout, the one of every target since XP) */
typedef struct _MIB_IPMCAST_OIF_XP {
	DWORD dwOutIfIndex;
	DWORD dwNextHopAddr;
	DWORD dwReserved;
	DWORD dwReserved1;
} MIB_IPMCAST_OIF_XP, *PMIB_IPMCAST_OIF_XP;
typedef MIB_IPMCAST_OIF_XP MIB_IPMCAST_OIF, *PMIB_IPMCAST_OIF;

/* spec §3.6: times in seconds */
typedef struct _MIB_IPMCAST_MFE {
	DWORD dwGroup;
	DWORD dwSource;
	DWORD dwSrcMask;
	DWORD dwUpStrmNgbr;
	DWORD dwInIfIndex;
	DWORD dwInIfProtocol;
	DWORD dwRouteProtocol;
	DWORD dwRouteNetwork;
	DWORD dwRouteMask;
	ULONG ulUpTime;
	ULONG ulExpiryTime;	/* 0: does not age */
	ULONG ulTimeOut;	/* 0: does not age */
	ULONG ulNumOutIf;
	DWORD fFlags;
	DWORD dwReserved;
	MIB_IPMCAST_OIF rgmioOutInfo[ANY_SIZE];
} MIB_IPMCAST_MFE, *PMIB_IPMCAST_MFE;

#define SIZEOF_BASIC_MIB_MFE	((ULONG)offsetof(MIB_IPMCAST_MFE, rgmioOutInfo))
#define SIZEOF_MIB_MFE(X)	(SIZEOF_BASIC_MIB_MFE + (X) * sizeof(MIB_IPMCAST_OIF))

/* spec §3.7 (the LH layout) */
typedef struct _MIB_IPMCAST_OIF_STATS_LH {
	DWORD dwOutIfIndex;
	DWORD dwNextHopAddr;
	DWORD dwDialContext;
	ULONG ulTtlTooLow;
	ULONG ulFragNeeded;
	ULONG ulOutPackets;
	ULONG ulOutDiscards;
} MIB_IPMCAST_OIF_STATS_LH, *PMIB_IPMCAST_OIF_STATS_LH;
typedef MIB_IPMCAST_OIF_STATS_LH MIB_IPMCAST_OIF_STATS, *PMIB_IPMCAST_OIF_STATS;

/* spec §3.8 (MGM_MFE_STATS_0): times in hundredths of a second */
typedef struct _MIB_IPMCAST_MFE_STATS {
	DWORD dwGroup;
	DWORD dwSource;
	DWORD dwSrcMask;
	DWORD dwUpStrmNgbr;
	DWORD dwInIfIndex;
	DWORD dwInIfProtocol;
	DWORD dwRouteProtocol;
	DWORD dwRouteNetwork;
	DWORD dwRouteMask;
	ULONG ulUpTime;
	ULONG ulExpiryTime;
	ULONG ulNumOutIf;
	ULONG ulInPkts;
	ULONG ulInOctets;
	ULONG ulPktsDifferentIf;
	ULONG ulQueueOverflow;
	MIB_IPMCAST_OIF_STATS rgmiosOutStats[ANY_SIZE];
} MIB_IPMCAST_MFE_STATS, *PMIB_IPMCAST_MFE_STATS;

#define SIZEOF_BASIC_MIB_MFE_STATS \
	((ULONG)offsetof(MIB_IPMCAST_MFE_STATS, rgmiosOutStats))
#define SIZEOF_MIB_MFE_STATS(X) \
	(SIZEOF_BASIC_MIB_MFE_STATS + (X) * sizeof(MIB_IPMCAST_OIF_STATS))

/* spec §3.9 (MGM_MFE_STATS_1): times in hundredths of a second */
typedef struct _MIB_IPMCAST_MFE_STATS_EX_XP {
	DWORD dwGroup;
	DWORD dwSource;
	DWORD dwSrcMask;
	DWORD dwUpStrmNgbr;
	DWORD dwInIfIndex;
	DWORD dwInIfProtocol;
	DWORD dwRouteProtocol;
	DWORD dwRouteNetwork;
	DWORD dwRouteMask;
	ULONG ulUpTime;
	ULONG ulExpiryTime;
	ULONG ulNumOutIf;
	ULONG ulInPkts;
	ULONG ulInOctets;
	ULONG ulPktsDifferentIf;
	ULONG ulQueueOverflow;
	ULONG ulUninitMfe;
	ULONG ulNegativeMfe;
	ULONG ulInDiscards;
	ULONG ulInHdrErrors;
	ULONG ulTotalOutPackets;
	MIB_IPMCAST_OIF_STATS rgmiosOutStats[ANY_SIZE];
} MIB_IPMCAST_MFE_STATS_EX_XP, *PMIB_IPMCAST_MFE_STATS_EX_XP;
typedef MIB_IPMCAST_MFE_STATS_EX_XP MIB_IPMCAST_MFE_STATS_EX,
	*PMIB_IPMCAST_MFE_STATS_EX;

#define SIZEOF_BASIC_MIB_MFE_STATS_EX \
	((ULONG)offsetof(MIB_IPMCAST_MFE_STATS_EX, rgmiosOutStats))
#define SIZEOF_MIB_MFE_STATS_EX(X) \
	(SIZEOF_BASIC_MIB_MFE_STATS_EX + (X) * sizeof(MIB_IPMCAST_OIF_STATS))

/* spec §3.10: router-manager containers (the Mgm* functions do not use them) */
typedef struct _MIB_MFE_TABLE {
	DWORD dwNumEntries;
	MIB_IPMCAST_MFE table[ANY_SIZE];
} MIB_MFE_TABLE, *PMIB_MFE_TABLE;

typedef struct _MIB_MFE_STATS_TABLE {
	DWORD dwNumEntries;
	MIB_IPMCAST_MFE_STATS table[ANY_SIZE];
} MIB_MFE_STATS_TABLE, *PMIB_MFE_STATS_TABLE;

typedef struct _MIB_MFE_STATS_TABLE_EX_XP {
	DWORD dwNumEntries;
	PMIB_IPMCAST_MFE_STATS_EX_XP table[ANY_SIZE];
} MIB_MFE_STATS_TABLE_EX_XP, *PMIB_MFE_STATS_TABLE_EX_XP;

typedef struct _MIB_IPMCAST_GLOBAL {
	DWORD dwEnable;
} MIB_IPMCAST_GLOBAL, *PMIB_IPMCAST_GLOBAL;

typedef struct _MIB_IPMCAST_IF_ENTRY {
	DWORD dwIfIndex;
	DWORD dwTtl;
	DWORD dwProtocol;
	DWORD dwRateLimit;
	ULONG ulInMcastOctets;
	ULONG ulOutMcastOctets;
} MIB_IPMCAST_IF_ENTRY, *PMIB_IPMCAST_IF_ENTRY;

/*
 * spec §3.11: what the RPF callback's pbRoute points at (Linux has no
 * RTMv2 RTM_DEST_INFO).  The callback may change it; dest, mask and
 * protocol become the entry's dwRouteNetwork, dwRouteMask and
 * dwRouteProtocol.  Addresses in network byte order.
 */
typedef struct _MGM_RPF_ROUTE {
	DWORD dest;		/* route prefix */
	DWORD mask;		/* its mask (contiguous) */
	DWORD gateway;		/* RPF neighbour, 0 if directly attached */
	DWORD ifindex;		/* RPF interface */
	DWORD nexthop;		/* extended-ID next hop of that interface */
	DWORD protocol;		/* PROTO_IP_* (spec §A.5) */
	DWORD table;		/* FIB table used */
	DWORD metric;		/* route priority */
} MGM_RPF_ROUTE, *PMGM_RPF_ROUTE;
#define mgm_rpf_route _MGM_RPF_ROUTE

/* ------------------------------------------------------------------ */
/* Callbacks (spec §5); return values are ignored                      */
/* ------------------------------------------------------------------ */

typedef DWORD (*PMGM_RPF_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
		DWORD dwGroupAddr, DWORD dwGroupMask, PDWORD pdwInIfIndex,
		PDWORD pdwInIfNextHopAddr, PDWORD pdwUpStreamNbr,
		DWORD dwHdrSize, PBYTE pbPacketHdr, PBYTE pbRoute);

typedef DWORD (*PMGM_CREATION_ALERT_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask,
		DWORD dwInIfIndex, DWORD dwInIfNextHopAddr, DWORD dwIfCount,
		PMGM_IF_ENTRY pmieOutIfList);

typedef DWORD (*PMGM_PRUNE_ALERT_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask,
		DWORD dwIfIndex, DWORD dwIfNextHopAddr, BOOL bMemberDelete,
		PDWORD pdwTimeout);

typedef DWORD (*PMGM_JOIN_ALERT_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask,
		BOOL bMemberUpdate);

typedef DWORD (*PMGM_WRONG_IF_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwGroupAddr, DWORD dwIfIndex, DWORD dwIfNextHopAddr,
		DWORD dwHdrSize, PBYTE pbPacketHdr);

typedef DWORD (*PMGM_LOCAL_JOIN_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask,
		DWORD dwIfIndex, DWORD dwIfNextHopAddr);

typedef DWORD (*PMGM_LOCAL_LEAVE_CALLBACK)(DWORD dwSourceAddr,
		DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask,
		DWORD dwIfIndex, DWORD dwIfNextHopAddr);

typedef DWORD (*PMGM_DISABLE_IGMP_CALLBACK)(DWORD dwIfIndex,
		DWORD dwIfNextHopAddr);

typedef DWORD (*PMGM_ENABLE_IGMP_CALLBACK)(DWORD dwIfIndex,
		DWORD dwIfNextHopAddr);

/* spec §3.1; copied at registration; a NULL callback gets the default */
typedef struct _ROUTING_PROTOCOL_CONFIG {
	DWORD dwCallbackFlags;	/* reserved, ignored */
	PMGM_RPF_CALLBACK pfnRpfCallback;
	PMGM_CREATION_ALERT_CALLBACK pfnCreationAlertCallback;
	PMGM_PRUNE_ALERT_CALLBACK pfnPruneAlertCallback;
	PMGM_JOIN_ALERT_CALLBACK pfnJoinAlertCallback;
	PMGM_WRONG_IF_CALLBACK pfnWrongIfCallback;
	PMGM_LOCAL_JOIN_CALLBACK pfnLocalJoinCallback;
	PMGM_LOCAL_LEAVE_CALLBACK pfnLocalLeaveCallback;
	PMGM_DISABLE_IGMP_CALLBACK pfnDisableIgmpCallback;
	PMGM_ENABLE_IGMP_CALLBACK pfnEnableIgmpCallback;
} ROUTING_PROTOCOL_CONFIG, *PROUTING_PROTOCOL_CONFIG;

/* ------------------------------------------------------------------ */
/* Layout checks: the sizes of the Windows headers (spec §3)           */
/* ------------------------------------------------------------------ */

_Static_assert(sizeof(DWORD) == 4 && sizeof(ULONG) == 4 && sizeof(BOOL) == 4,
	       "DWORD, ULONG and BOOL are 32-bit");
_Static_assert(sizeof(MGM_IF_ENTRY) == 16, "MGM_IF_ENTRY is 16 bytes");
_Static_assert(sizeof(SOURCE_GROUP_ENTRY) == 16,
	       "SOURCE_GROUP_ENTRY is 16 bytes");
_Static_assert(sizeof(MIB_IPMCAST_OIF) == 16, "MIB_IPMCAST_OIF is 16 bytes");
_Static_assert(sizeof(MIB_IPMCAST_OIF_STATS) == 28,
	       "MIB_IPMCAST_OIF_STATS is 28 bytes");
_Static_assert(offsetof(MIB_IPMCAST_MFE, ulUpTime) == 36 &&
	       offsetof(MIB_IPMCAST_MFE, ulNumOutIf) == 48 &&
	       offsetof(MIB_IPMCAST_MFE, rgmioOutInfo) == 60 &&
	       sizeof(MIB_IPMCAST_MFE) == 76, "MIB_IPMCAST_MFE layout");
_Static_assert(offsetof(MIB_IPMCAST_MFE_STATS, ulNumOutIf) == 44 &&
	       offsetof(MIB_IPMCAST_MFE_STATS, ulInPkts) == 48 &&
	       offsetof(MIB_IPMCAST_MFE_STATS, ulQueueOverflow) == 60 &&
	       offsetof(MIB_IPMCAST_MFE_STATS, rgmiosOutStats) == 64,
	       "MIB_IPMCAST_MFE_STATS layout");
_Static_assert(offsetof(MIB_IPMCAST_MFE_STATS_EX, ulUninitMfe) == 64 &&
	       offsetof(MIB_IPMCAST_MFE_STATS_EX, ulTotalOutPackets) == 80 &&
	       offsetof(MIB_IPMCAST_MFE_STATS_EX, rgmiosOutStats) == 84,
	       "MIB_IPMCAST_MFE_STATS_EX layout");
_Static_assert(SIZEOF_MIB_MFE(2) == 92, "SIZEOF_MIB_MFE(2) is 60 + 2 * 16");
_Static_assert(SIZEOF_MIB_MFE_STATS(2) == 120,
	       "SIZEOF_MIB_MFE_STATS(2) is 64 + 2 * 28");
_Static_assert(SIZEOF_MIB_MFE_STATS_EX(2) == 140,
	       "SIZEOF_MIB_MFE_STATS_EX(2) is 84 + 2 * 28");
_Static_assert(offsetof(ROUTING_PROTOCOL_CONFIG, pfnRpfCallback) ==
	       sizeof(void *) && sizeof(ROUTING_PROTOCOL_CONFIG) ==
	       10 * sizeof(void *),
	       "ROUTING_PROTOCOL_CONFIG: a DWORD and 9 pointers");
_Static_assert(sizeof(MGM_RPF_ROUTE) == 32, "MGM_RPF_ROUTE is 32 bytes");

/* ------------------------------------------------------------------ */
/* Functions (spec §4)                                                 */
/* ------------------------------------------------------------------ */

/* §4.1, §4.2: registration */
DWORD MgmRegisterMProtocol(PROUTING_PROTOCOL_CONFIG prpiInfo,
			   DWORD dwProtocolId, DWORD dwComponentId,
			   HANDLE *phProtocol);
DWORD MgmDeRegisterMProtocol(HANDLE hProtocol);

/* §4.3-§4.5: interface ownership */
DWORD MgmTakeInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex,
				DWORD dwIfNextHopAddr);
DWORD MgmReleaseInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex,
				   DWORD dwIfNextHopAddr);
DWORD MgmGetProtocolOnInterface(DWORD dwIfIndex, DWORD dwIfNextHopAddr,
				PDWORD pdwIfProtocolId,
				PDWORD pdwIfComponentId);

/* §4.6, §4.7: group membership */
DWORD MgmAddGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr,
				 DWORD dwSourceMask, DWORD dwGroupAddr,
				 DWORD dwGroupMask, DWORD dwIfIndex,
				 DWORD dwIfNextHopIPAddr, DWORD dwFlags);
DWORD MgmDeleteGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr,
				    DWORD dwSourceMask, DWORD dwGroupAddr,
				    DWORD dwGroupMask, DWORD dwIfIndex,
				    DWORD dwIfNextHopIPAddr, DWORD dwFlags);

/*
 * §4.8-§4.11: forwarding entries and their statistics (no handle needed).
 * Buffers hold packed records back to back (spec §4.0, §3.10); walk them
 * with SIZEOF_MIB_MFE(ulNumOutIf) and its _STATS/_STATS_EX variants.  The
 * first/next forms return ERROR_MORE_DATA or ERROR_NO_MORE_ITEMS (never
 * NO_ERROR), ERROR_INSUFFICIENT_BUFFER with the size of the first record
 * when even that does not fit (the only case *pdwBufferSize is written).
 */
DWORD MgmGetMfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize,
		PBYTE pbBuffer);
DWORD MgmGetFirstMfe(PDWORD pdwBufferSize, PBYTE pbBuffer,
		     PDWORD pdwNumEntries);
DWORD MgmGetNextMfe(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize,
		    PBYTE pbBuffer, PDWORD pdwNumEntries);
DWORD MgmGetMfeStats(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize,
		     PBYTE pbBuffer, DWORD dwFlags);
DWORD MgmGetFirstMfeStats(PDWORD pdwBufferSize, PBYTE pbBuffer,
			  PDWORD pdwNumEntries, DWORD dwFlags);
DWORD MgmGetNextMfeStats(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize,
			 PBYTE pbBuffer, PDWORD pdwNumEntries,
			 DWORD dwFlags);

/* §4.12 */
DWORD MgmSetMfe(HANDLE hProtocol, PMIB_IPMCAST_MFE pmimm);

/* §4.13: group enumeration (SOURCE_GROUP_ENTRY records) */
DWORD MgmGroupEnumerationStart(HANDLE hProtocol, MGM_ENUM_TYPES metEnumType,
			       HANDLE *phEnumHandle);
DWORD MgmGroupEnumerationGetNext(HANDLE hEnum, PDWORD pdwBufferSize,
				 PBYTE pbBuffer, PDWORD pdwNumEntries);
DWORD MgmGroupEnumerationEnd(HANDLE hEnum);

/* ------------------------------------------------------------------ */
/* Linux extensions                                                    */
/* ------------------------------------------------------------------ */

/**
 * mgm_last_error_string() - why the calling thread's last Mgm* call failed
 *
 * Return: the kernel's extended-ACK message or a short description of the
 * native error, valid until the thread's next Mgm* call; NULL if that call
 * succeeded or nothing more is known (spec §7.2).
 */
const char *mgm_last_error_string(void);

/**
 * mgm_win32_sync() - wait until the library thread is idle
 * @timeout_ms: how long to wait at most
 *
 * Returns once every event queued for the process's protocols when the
 * call was made has been dispatched and its callback has returned.  Not
 * from a callback.  Return: NO_ERROR; ERROR_CAN_NOT_COMPLETE on timeout
 * or when called from the library thread.
 */
DWORD mgm_win32_sync(DWORD timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* _MGM_WIN32_H */
