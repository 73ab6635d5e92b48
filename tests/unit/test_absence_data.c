/*
 * test_absence_data.c: the absence data module between store and pages
 * (web/absence_data.c): the periods of the selector, the settings as named
 * values (only what differs from the default is stored; the change list
 * for the audit log; out-of-range settings refused whole), and the
 * numbers in each language.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "store/store.h"
#include "store/store_absence.h"
#include "report/absence_data.h"

static void test_periods(void **state)
{
	struct absence_period p;
	const int32_t today = day_from_ymd(2026, 11, 26);

	(void)state;
	assert_int_equal(absence_period_parse(NULL, today, &p), 0);
	assert_string_equal(p.key, "12m");
	assert_int_equal(p.to, today);
	assert_int_equal(p.from, day_from_ymd(2025, 11, 27));
	assert_int_equal(p.prev_to, day_from_ymd(2025, 11, 26));
	assert_int_equal(p.prev_from, day_from_ymd(2024, 11, 27));
	assert_int_equal(absence_period_parse("2025q3", today, &p), 0);
	assert_int_equal(p.from, day_from_ymd(2025, 7, 1));
	assert_int_equal(p.to, day_from_ymd(2025, 9, 30));
	assert_int_equal(p.prev_from, day_from_ymd(2025, 4, 1));
	assert_int_equal(p.prev_to, day_from_ymd(2025, 6, 30));
	assert_int_equal(absence_period_parse("2024", today, &p), 0);
	assert_int_equal(p.from, day_from_ymd(2024, 1, 1));
	assert_int_equal(p.to, day_from_ymd(2024, 12, 31)); /* a leap year: 366 days */
	assert_int_equal(p.prev_from, day_from_ymd(2023, 1, 1));
	assert_int_equal(p.prev_to, day_from_ymd(2023, 12, 31));
	static const char *const bad[] = {"2025q0", "2025q5", "2025q", "2025q33", "25",
					  "1949", "2200", "12M", "x", " 2025", "2025 ", "+2025",
					  "2025-q1"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (absence_period_parse(bad[i], today, &p) == 0)
			fail_msg("'%s' parsed as a period", bad[i]);
}

static void test_numbers(void **state)
{
	char s[32];

	(void)state;
	absence_format_value(s, sizeof(s), AI_RATE, 3.254, LANG_NL);
	assert_string_equal(s, "3,25");
	absence_format_value(s, sizeof(s), AI_RATE, 3.254, LANG_FR);
	assert_string_equal(s, "3,25");
	absence_format_value(s, sizeof(s), AI_RATE, 3.254, LANG_EN);
	assert_string_equal(s, "3.25");
	absence_format_value(s, sizeof(s), AI_BRADFORD_MEAN, 93.4, LANG_EN);
	assert_string_equal(s, "93");
	absence_format_value(s, sizeof(s), AI_RATE, NAN, LANG_NL);
	assert_string_equal(s, "–");
}

struct fixture {
	char path[64];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag d = {0};
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/hartslag-test-absdata-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->st = store_open(f->path, &d);
	*state = f;
	return f->st ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const suffix[] = {"", "-wal", "-shm", ".key", "-journal"};
	f->st->ops->close(f->st);
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *p = xasprintf("%s%s", f->path, suffix[i]);
		unlink(p);
		free(p);
	}
	free(f);
	return 0;
}

static int count(void *ctx, const char *name, const char *value)
{
	(void)name;
	(void)value;
	(*(int *)ctx)++;
	return 0;
}

static void test_settings(void **state)
{
	struct fixture *f = *state;
	struct absence_settings as, da, back;
	struct light_settings ls, dl, lback;
	struct diag d = {0};
	char *changes = NULL;
	int stored = 0;

	absence_settings_default(&da);
	light_settings_default(&dl);
	/* nothing stored: the defaults */
	assert_int_equal(absence_settings_load(f->st, &as, &ls), 0);
	assert_memory_equal(&as, &da, sizeof(as));
	assert_int_equal(ls.min_lit_red, dl.min_lit_red);
	assert_true(ls.t[AI_RATE].orange == dl.t[AI_RATE].orange);

	/* two changes: both stored, both in the change list as old -> new */
	as.relapse_days = 10;
	ls.t[AI_RATE].orange = 2.5;
	assert_int_equal(absence_settings_save(f->st, &as, &ls, &changes, &d), 0);
	assert_non_null(changes);
	assert_non_null(strstr(changes, "relapse_days: 14 -> 10"));
	assert_non_null(strstr(changes, "light.rate: "));
	assert_non_null(strstr(changes, "-> abs,higher,2.5,"));
	free(changes);
	assert_int_equal(f->st->ops->absence->settings_each(f->st, count, &stored), 0);
	assert_int_equal(stored, 2);
	assert_int_equal(absence_settings_load(f->st, &back, &lback), 0);
	assert_int_equal(back.relapse_days, 10);
	assert_true(lback.t[AI_RATE].orange == 2.5);
	assert_true(lback.t[AI_RATE].red == dl.t[AI_RATE].red);

	/* out of range: refused whole, nothing changes */
	as.relapse_days = -1;
	assert_int_equal(absence_settings_save(f->st, &as, &ls, &changes, &d), ERR_INVALID);
	assert_null(changes);
	assert_int_equal(absence_settings_load(f->st, &back, &lback), 0);
	assert_int_equal(back.relapse_days, 10);

	/* back to the defaults: nothing stored any more, and the list says so */
	assert_int_equal(absence_settings_save(f->st, &da, &dl, &changes, &d), 0);
	assert_non_null(strstr(changes, "relapse_days: 10 -> 14"));
	free(changes);
	stored = 0;
	assert_int_equal(f->st->ops->absence->settings_each(f->st, count, &stored), 0);
	assert_int_equal(stored, 0);

	/* saving the same again: an empty change list */
	assert_int_equal(absence_settings_save(f->st, &da, &dl, &changes, &d), 0);
	assert_string_equal(changes, "");
	free(changes);
}

static void test_stored_junk_falls_back(void **state)
{
	struct fixture *f = *state;
	const char *names[] = {"relapse_days", "light.rate", "kinds", "unknown_name"};
	const char *values[] = {"many", "abs,higher,nan,1", "illness,nonsense", "1"};
	struct absence_settings as, da;
	struct light_settings ls, dl;

	absence_settings_default(&da);
	light_settings_default(&dl);
	assert_int_equal(f->st->ops->absence->settings_set(f->st, names, values, 4), 0);
	assert_int_equal(absence_settings_load(f->st, &as, &ls), 0);
	assert_memory_equal(&as, &da, sizeof(as));
	assert_true(ls.t[AI_RATE].orange == dl.t[AI_RATE].orange);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stored_junk_falls_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
