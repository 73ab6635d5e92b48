/*
 * test_ratelimit.c: the failure counter of logins and survey links:
 * windows that expire, keys and scopes that do not mix, resets, and a
 * full table that drops its oldest entries instead of growing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "web/ratelimit.h"

static int setup(void **state)
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));
	ratelimit_init(rl);
	*state = rl;
	return 0;
}

static int teardown(void **state)
{
	ratelimit_release(*state);
	free(*state);
	return 0;
}

static void test_counts_and_blocks(void **state)
{
	struct ratelimit *rl = *state;
	for (unsigned i = 1; i <= 4; i++)
		assert_int_equal(ratelimit_hit(rl, "login", "hilde", 100, 900), i);
	assert_int_equal(ratelimit_blocked(rl, "login", "hilde", 100, 900, 5), 0);
	assert_int_equal(ratelimit_hit(rl, "login", "hilde", 160, 900), 5);
	/* blocked until the window that began at 100 ends */
	assert_int_equal(ratelimit_blocked(rl, "login", "hilde", 160, 900, 5), 840);
	assert_int_equal(ratelimit_blocked(rl, "login", "hilde", 999, 900, 5), 1);
}

static void test_window_expires(void **state)
{
	struct ratelimit *rl = *state;
	for (int i = 0; i < 5; i++)
		ratelimit_hit(rl, "login", "hilde", 100, 900);
	assert_true(ratelimit_blocked(rl, "login", "hilde", 500, 900, 5) > 0);
	assert_int_equal(ratelimit_blocked(rl, "login", "hilde", 1000, 900, 5), 0);
	/* a new window starts from one */
	assert_int_equal(ratelimit_hit(rl, "login", "hilde", 1000, 900), 1);
}

static void test_independent_keys(void **state)
{
	struct ratelimit *rl = *state;
	for (int i = 0; i < 5; i++)
		ratelimit_hit(rl, "login-name", "hilde", 10, 900);
	assert_true(ratelimit_blocked(rl, "login-name", "hilde", 10, 900, 5) > 0);
	assert_int_equal(ratelimit_blocked(rl, "login-name", "hans", 10, 900, 5), 0);
	/* the same text in another scope is another key */
	assert_int_equal(ratelimit_blocked(rl, "login-ip", "hilde", 10, 900, 5), 0);
	assert_int_equal(ratelimit_hit(rl, "login-ip", "hilde", 10, 900), 1);
	/* scope and key are not simply glued together */
	assert_int_equal(ratelimit_hit(rl, "login-namehil", "de", 10, 900), 1);
}

static void test_reset(void **state)
{
	struct ratelimit *rl = *state;
	for (int i = 0; i < 5; i++)
		ratelimit_hit(rl, "login", "hilde", 10, 900);
	ratelimit_reset(rl, "login", "hilde");
	assert_int_equal(ratelimit_blocked(rl, "login", "hilde", 10, 900, 5), 0);
	assert_int_equal(ratelimit_hit(rl, "login", "hilde", 11, 900), 1);
	ratelimit_reset(rl, "login", "nobody"); /* unknown: nothing happens */
}

/* Many more keys than slots: the oldest go, the newest stay, nothing grows. */
static void test_table_full_evicts_oldest(void **state)
{
	struct ratelimit *rl = *state;
	struct ratelimit_slot *slots = rl->slots;
	char key[32];

	/* an old attacker key, then a flood of newer ones */
	for (int i = 0; i < 5; i++)
		ratelimit_hit(rl, "ip", "old", 1, 100000);
	for (int i = 0; i < RATELIMIT_SLOTS * 4; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(ratelimit_hit(rl, "ip", key, 10 + i, 100000), 1);
	}
	assert_ptr_equal(rl->slots, slots);
	/* the oldest entry was dropped... */
	assert_int_equal(ratelimit_blocked(rl, "ip", "old", 20000, 100000, 5), 0);
	/* ...while the newest one is still counted */
	snprintf(key, sizeof(key), "k%d", RATELIMIT_SLOTS * 4 - 1);
	assert_int_equal(ratelimit_hit(rl, "ip", key, 20000, 100000), 2);
	size_t used = 0;
	for (size_t i = 0; i < RATELIMIT_SLOTS; i++)
		used += rl->slots[i].start != 0;
	assert_true(used <= RATELIMIT_SLOTS);
	assert_true(used > RATELIMIT_SLOTS / 2);
}

static void test_monotonic_clock(void **state)
{
	(void)state;
	int64_t a = ratelimit_now(), b = ratelimit_now();
	assert_true(a > 0);
	assert_true(b >= a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_and_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_expires, setup, teardown),
		cmocka_unit_test_setup_teardown(test_independent_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_full_evicts_oldest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monotonic_clock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
