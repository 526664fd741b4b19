/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mgm.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_MGM_H
#define _UAPI_LINUX_MGM_H

#define MGM_FAMILY_NAME		"mgm"
#define MGM_FAMILY_VERSION	1

#define MGM_PROTO_ID_IGMP	10

enum {
	MGM_A_PAD = 1,
	MGM_A_HANDLE,
	MGM_A_PROTO_ID,
	MGM_A_COMPONENT_ID,
	MGM_A_PORTID,
	MGM_A_PID,
	MGM_A_COMM,

	__MGM_A_MAX,
	MGM_A_MAX = (__MGM_A_MAX - 1)
};

enum {
	MGM_CMD_PROTO_NEW = 1,
	MGM_CMD_PROTO_DEL,
	MGM_CMD_PROTO_GET,

	__MGM_CMD_MAX,
	MGM_CMD_MAX = (__MGM_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_MGM_H */
