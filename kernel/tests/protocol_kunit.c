// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the protocol registry of mgm.  Cases are named after
 * the acceptance scenarios of the MGM specification (§8) they cover:
 * mgm_s<n>_... covers scenario n.
 *
 * Each case works on a private MGM instance, so the tests neither see nor
 * disturb the state of any network namespace.
 */

#include <kunit/test.h>
#include <linux/netlink.h>
#include <uapi/linux/mgm.h>

#include "../mgm.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define PORT_A	1001
#define PORT_B	1002

static void mgm_kunit_state_exit(void *mn)
{
	mgm_net_state_destroy(mn);
}

/* A fresh MGM instance, torn down when the test ends however it ends. */
static struct mgm_net *mgm_kunit_state(struct kunit *test)
{
	struct mgm_net *mn;

	mn = kunit_kzalloc(test, sizeof(*mn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mn);
	KUNIT_ASSERT_EQ(test, 0, mgm_net_state_init(mn, NULL));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, mgm_kunit_state_exit,
						  mn));
	return mn;
}

static struct mgm_protocol *reg(struct mgm_net *mn, u32 proto_id,
				u32 component_id, u32 portid,
				struct netlink_ext_ack *extack)
{
	struct mgm_protocol *proto;

	mutex_lock(&mn->lock);
	proto = mgm_proto_register(mn, proto_id, component_id, portid, extack);
	mutex_unlock(&mn->lock);
	return proto;
}

/* S1: registration returns a distinct, non-zero handle; no side effects. */
static void mgm_s1_register_returns_handle(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct mgm_protocol *a, *b;

	a = reg(mn, 0x100, 1, PORT_A, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = reg(mn, 0x400, 1, PORT_B, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));

	KUNIT_EXPECT_EQ(test, a->handle, 1ULL);
	KUNIT_EXPECT_EQ(test, b->handle, 2ULL);
	KUNIT_EXPECT_EQ(test, a->proto_id, 0x100U);
	KUNIT_EXPECT_EQ(test, a->component_id, 1U);
	KUNIT_EXPECT_EQ(test, a->portid, (u32)PORT_A);
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 2U);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&mn->protocols,
						   struct mgm_protocol, node), a);
	KUNIT_EXPECT_PTR_EQ(test, list_last_entry(&mn->protocols,
						  struct mgm_protocol, node), b);
}

/* S2: same (protocol, component) refused; another component accepted. */
static void mgm_s2_duplicate_registration(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct netlink_ext_ack extack = {};
	struct mgm_protocol *p;
	unsigned int gen;

	KUNIT_ASSERT_FALSE(test, IS_ERR(reg(mn, 0x100, 1, PORT_A, NULL)));
	gen = mn->gen;

	/* Even from another socket the pair stays unique. */
	p = reg(mn, 0x100, 1, PORT_B, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p), (long)-EEXIST);
	KUNIT_EXPECT_NOT_NULL(test, strstr(extack._msg, "already registered"));
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 1U);
	KUNIT_EXPECT_EQ(test, mn->gen, gen);

	p = reg(mn, 0x100, 2, PORT_A, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	KUNIT_EXPECT_EQ(test, p->component_id, 2U);
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 2U);
}

/* S3: a second IGMP instance is refused whatever its component id. */
static void mgm_s3_second_igmp(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct netlink_ext_ack extack = {};
	struct mgm_protocol *p;

	KUNIT_ASSERT_FALSE(test, IS_ERR(reg(mn, MGM_PROTO_ID_IGMP, 1,
					    PORT_A, NULL)));
	p = reg(mn, MGM_PROTO_ID_IGMP, 2, PORT_B, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p), (long)-EEXIST);
	KUNIT_EXPECT_NOT_NULL(test, strstr(extack._msg, "IGMP"));
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 1U);
}

/* S5: after deregistration the handle is dead and is never issued again. */
static void mgm_s5_deregistered_handle_invalid(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct netlink_ext_ack extack = {};
	struct mgm_protocol *a, *again, *found;
	u64 handle;

	a = reg(mn, 0x100, 1, PORT_A, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	handle = a->handle;

	mutex_lock(&mn->lock);
	mgm_proto_unregister(mn, a);
	found = mgm_proto_lookup(mn, handle, PORT_A, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(found), (long)-EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "mgm: unknown protocol handle");
	KUNIT_EXPECT_NULL(test, mgm_proto_find(mn, handle));
	mutex_unlock(&mn->lock);
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 0U);

	/* The same instance may register again and gets a new handle. */
	again = reg(mn, 0x100, 1, PORT_A, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(again));
	KUNIT_EXPECT_NE(test, again->handle, handle);
}

/* S6: a handle works only on the socket that registered it. */
static void mgm_s6_handle_bound_to_socket(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct netlink_ext_ack extack = {};
	struct mgm_protocol *a, *found;

	a = reg(mn, 0x100, 1, PORT_A, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));

	mutex_lock(&mn->lock);
	KUNIT_EXPECT_PTR_EQ(test, mgm_proto_lookup(mn, a->handle, PORT_A,
						   NULL), a);
	found = mgm_proto_lookup(mn, a->handle, PORT_B, &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR(found), (long)-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(extack._msg, "another netlink socket"));
	/* Read-only lookups see every protocol. */
	KUNIT_EXPECT_PTR_EQ(test, mgm_proto_find(mn, a->handle), a);
	mutex_unlock(&mn->lock);
}

/*
 * S80, registration part (crash cleanup, proposal P31): a closing socket
 * takes its protocols along.
 */
static void mgm_s80_socket_release(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct mgm_protocol *b;
	unsigned int n;

	KUNIT_ASSERT_FALSE(test, IS_ERR(reg(mn, 0x100, 1, PORT_A, NULL)));
	b = reg(mn, 0x200, 1, PORT_B, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_ASSERT_FALSE(test, IS_ERR(reg(mn, 0x100, 2, PORT_A, NULL)));

	mutex_lock(&mn->lock);
	n = mgm_proto_release_portid(mn, PORT_A);
	KUNIT_EXPECT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 1U);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&mn->protocols,
						   struct mgm_protocol, node), b);
	/* A port with nothing registered releases nothing. */
	KUNIT_EXPECT_EQ(test, mgm_proto_release_portid(mn, PORT_A), 0U);
	mutex_unlock(&mn->lock);
}

/* Limits: the namespace bound is enforced and a refusal changes nothing. */
static void mgm_limit_protocols(struct kunit *test)
{
	struct mgm_net *mn = mgm_kunit_state(test);
	struct netlink_ext_ack extack = {};
	unsigned int gen;
	u32 i;

	mn->max_protocols = 3;
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(reg(mn, 0x100, i, PORT_A, NULL)));
	gen = mn->gen;

	KUNIT_EXPECT_EQ(test, PTR_ERR(reg(mn, 0x100, 3, PORT_A, &extack)),
			(long)-ENOSPC);
	KUNIT_EXPECT_NOT_NULL(test, strstr(extack._msg, "limit"));
	KUNIT_EXPECT_EQ(test, mn->nr_protocols, 3U);
	KUNIT_EXPECT_EQ(test, mn->gen, gen);
	KUNIT_EXPECT_EQ(test, mn->next_handle, 4ULL);
}

static struct kunit_case mgm_protocol_cases[] = {
	KUNIT_CASE(mgm_s1_register_returns_handle),
	KUNIT_CASE(mgm_s2_duplicate_registration),
	KUNIT_CASE(mgm_s3_second_igmp),
	KUNIT_CASE(mgm_s5_deregistered_handle_invalid),
	KUNIT_CASE(mgm_s6_handle_bound_to_socket),
	KUNIT_CASE(mgm_s80_socket_release),
	KUNIT_CASE(mgm_limit_protocols),
	{}
};

static struct kunit_suite mgm_protocol_suite = {
	.name = "mgm_protocol",
	.test_cases = mgm_protocol_cases,
};

kunit_test_suite(mgm_protocol_suite);

MODULE_DESCRIPTION("KUnit tests for the mgm protocol registry");
MODULE_LICENSE("GPL");
