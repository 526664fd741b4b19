/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mgm: Multicast Group Manager - internal declarations shared by the
 * module's files.
 */
#ifndef _MGM_H
#define _MGM_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#include "compat.h"

/* Default bound on registered protocols per network namespace. */
#define MGM_DEFAULT_MAX_PROTOCOLS	64

/**
 * struct mgm_protocol - a registered multicast routing protocol instance
 * @node: entry in &mgm_net.protocols, ordered by @handle
 * @handle: value handed to userspace; unique and never reused in the netns
 * @proto_id: protocol identifier (routprot.h numbering)
 * @component_id: instance of the protocol
 * @portid: netlink port of the socket that registered it; the handle is
 *	valid only on that socket, and the protocol dies with it
 * @pid: thread group of the registering process (reference held)
 * @comm: command name of the registering process
 */
struct mgm_protocol {
	struct list_head node;
	u64 handle;
	u32 proto_id;
	u32 component_id;
	u32 portid;
	struct pid *pid;
	char comm[TASK_COMM_LEN];
};

/**
 * struct mgm_net - per network namespace state of the MGM
 * @lock: serialises every change to this structure (process context only)
 * @protocols: registered protocols in ascending handle order
 * @nr_protocols: number of entries in @protocols; written under @lock,
 *	read locklessly by the socket release notifier
 * @max_protocols: bound on @nr_protocols
 * @next_handle: the handle the next registration gets
 * @gen: bumped on every change; dumps use it to flag inconsistency
 */
struct mgm_net {
	struct mutex lock; /* see DOC: locking in netlink.c */
	struct list_head protocols;
	u32 nr_protocols;
	u32 max_protocols;
	u64 next_handle;
	unsigned int gen;
};

/* netns.c */
struct mgm_net *mgm_net(const struct net *net);
void mgm_net_state_init(struct mgm_net *mn);
void mgm_net_state_destroy(struct mgm_net *mn);
int mgm_netns_register(void);
void mgm_netns_unregister(void);

/* protocol.c */
struct mgm_protocol *mgm_proto_register(struct mgm_net *mn, u32 proto_id,
					u32 component_id, u32 portid,
					struct netlink_ext_ack *extack);
struct mgm_protocol *mgm_proto_find(struct mgm_net *mn, u64 handle);
struct mgm_protocol *mgm_proto_lookup(struct mgm_net *mn, u64 handle,
				      u32 portid,
				      struct netlink_ext_ack *extack);
void mgm_proto_unregister(struct mgm_net *mn, struct mgm_protocol *proto);
unsigned int mgm_proto_release_portid(struct mgm_net *mn, u32 portid);

/* netlink.c */
int __init mgm_nl_register(void);
void mgm_nl_unregister(void);

#endif /* _MGM_H */
