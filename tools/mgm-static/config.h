/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mgm-static: the configuration file, parsed and validated.
 *
 * The parser knows nothing of the MGM: it turns the file into a list of
 * interfaces and a list of memberships, each with the line it came from,
 * and reports every bad line as "FILE:LINE: what is wrong".  The daemon
 * keeps the parsed configuration it runs with and records in it what is
 * installed in the kernel (the state fields below).
 */
#ifndef MGM_STATIC_CONFIG_H
#define MGM_STATIC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include <mgm/mgm.h>

/* routprot.h: PROTO_IP_NETMGMT, "static, set by management". */
#define STATIC_PROTO_ID_DEFAULT		3
#define STATIC_COMPONENT_ID_DEFAULT	1

/* What the daemon holds of an interface of its configuration. */
enum static_if_state {
	IF_NOT_OWNED,	/* not taken (yet), or taking it failed */
	IF_OWNED,	/* taken: the MGM lists this protocol as its owner */
	IF_GONE,	/* the device went away (if-gone event) */
};

/* "interface IF" */
struct static_if {
	char name[IF_NAMESIZE];	/* the device's name when the file was read */
	uint32_t ifindex;
	bool by_index;		/* written as an index: never taken again */
	unsigned int line;
	enum static_if_state state;
};

/* "join [SOURCE] GROUP IF" */
struct static_join {
	struct mgm_sg sg;	/* (S,G) or (*,G) */
	unsigned int ifc;	/* its interface: an index into ifs[] */
	unsigned int line;
	bool joined;		/* the membership is in the kernel */
};

struct static_config {
	uint32_t proto_id;
	uint32_t component_id;
	unsigned int proto_line;	/* lines of protocol-id, component-id */
	unsigned int component_line;	/* (0 when absent) */
	struct static_if *ifs;
	unsigned int n_ifs;
	struct static_join *joins;
	unsigned int n_joins;
};

/*
 * config_read() - read and validate @file into @cfg
 *
 * Every problem is printed on stderr as "mgm-static: FILE:LINE: ...".
 * Interfaces are looked up in the caller's network namespace.
 * Return: 0; -1 if the file could not be read or had errors (@cfg is then
 * empty).  Free @cfg with config_free() either way.
 */
int config_read(const char *file, struct static_config *cfg);

/* config_init() - an empty configuration: no interface, no membership. */
void config_init(struct static_config *cfg);

void config_free(struct static_config *cfg);

/* Length of the text "(255.255.255.255, 255.255.255.255)" and its NUL. */
#define SG_STRLEN	36

/* sg_str() - "(S, G)" or "(*, G)", as mgmctl prints it. */
const char *sg_str(const struct mgm_sg *sg, char buf[SG_STRLEN]);

#endif /* MGM_STATIC_CONFIG_H */
