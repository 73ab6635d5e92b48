/*
 * test_store_absence.c: the absence part of the SQLite store: its
 * migration, all-or-nothing puts that replace a span per employee, the
 * order readers get, HR events, named settings and the generation counter.
 */
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

struct fixture {
	char path[64];
	struct store *st;
	long emp[3]; /* ids of E1, E2, E3 */
};

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", ".key", "-journal"};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		unlink(p);
		free(p);
	}
}

static int find_ids(void *ctx, const struct absence_staff *p)
{
	struct fixture *f = ctx;
	if (p->code[0] == 'E' && p->code[1] >= '1' && p->code[1] <= '3')
		f->emp[p->code[1] - '1'] = p->id;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag d = {0};
	struct unit_row ur[] = {{.code = "R", .name = "Root", .line = 2}};
	struct unit_table u = {ur, 1};
	struct employee_row er[] = {
		{.code = "E1", .unit_code = "R", .first_name = "An", .last_name = "A", .email = "",
		 .contract = "part-time", .shift = "", .function_group = ""},
		{.code = "E2", .unit_code = "R", .first_name = "Bo", .last_name = "B", .email = "",
		 .contract = "", .shift = "", .function_group = ""},
		{.code = "E3", .unit_code = "R", .first_name = "Cy", .last_name = "C", .email = "",
		 .contract = "", .shift = "", .function_group = ""},
	};
	struct employee_table e = {er, 3};
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/hartslag-test-stabs-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->st = store_open(f->path, &d);
	if (!f->st || f->st->ops->units_import(f->st, &u) ||
	    f->st->ops->employees_import(f->st, &e) ||
	    f->st->ops->absence->people_each(f->st, find_ids, f))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->st)
		f->st->ops->close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

struct collect {
	struct absence_row r[16];
	size_t n;
};

static int collect_row(void *ctx, const struct absence_row *r)
{
	struct collect *c = ctx;
	if (c->n < ARRAY_SIZE(c->r))
		c->r[c->n] = *r;
	c->n++;
	return 0;
}

static struct absence_row row(long emp, int32_t start, int32_t end, int pct)
{
	return (struct absence_row){.employee_id = emp, .start = start, .end = end, .kind = 0,
				    .pct = pct, .certificate = 2};
}

static void test_put_and_read_in_order(void **state)
{
	struct fixture *f = *state;
	const struct store_absence_ops *a = f->st->ops->absence;
	struct absence_row in[] = {
		row(f->emp[1], 200, 210, 100),
		row(f->emp[0], 150, 0, 50), /* still running, half-time resumption */
		row(f->emp[0], 100, 104, 100),
	};
	struct collect c = {0};
	long gen0 = a->generation(f->st), deleted = -1;

	assert_true(gen0 >= 0);
	assert_int_equal(a->records_put(f->st, in, 3, 1, 0, &deleted), 0);
	assert_int_equal(deleted, 0);
	assert_int_equal(a->records_count(f->st), 3);
	assert_true(a->generation(f->st) > gen0);
	assert_int_equal(a->records_each(f->st, collect_row, &c), 0);
	assert_int_equal(c.n, 3);
	/* employee, then start, whatever order they came in */
	long lo = f->emp[0] < f->emp[1] ? f->emp[0] : f->emp[1];
	assert_int_equal(c.r[0].employee_id, lo);
	assert_true(c.r[0].start < c.r[1].start || c.r[0].employee_id != c.r[1].employee_id);
	memset(&c, 0, sizeof(c));
	assert_int_equal(a->records_of(f->st, f->emp[0], collect_row, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.r[0].start, 100);
	assert_int_equal(c.r[0].end, 104);
	assert_int_equal(c.r[1].start, 150);
	assert_int_equal(c.r[1].end, 0);
	assert_int_equal(c.r[1].pct, 50);
	assert_int_equal(c.r[1].certificate, 2);
}

static void test_replace_span_of_file_employees_only(void **state)
{
	struct fixture *f = *state;
	const struct store_absence_ops *a = f->st->ops->absence;
	struct absence_row first[] = {
		row(f->emp[0], 10, 12, 100), row(f->emp[0], 50, 52, 100),
		row(f->emp[0], 300, 301, 100), row(f->emp[1], 40, 41, 100),
	};
	struct absence_row second[] = {row(f->emp[0], 45, 46, 100)};
	struct collect c = {0};
	long deleted = 0;

	assert_int_equal(a->records_put(f->st, first, 4, 1, 0, NULL), 0);
	/* E1's records starting in [40, 100] go; E2's in that span stay (not in the file) */
	assert_int_equal(a->records_put(f->st, second, 1, 40, 100, &deleted), 0);
	assert_int_equal(deleted, 1);
	assert_int_equal(a->records_of(f->st, f->emp[0], collect_row, &c), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.r[0].start, 10);
	assert_int_equal(c.r[1].start, 45);
	assert_int_equal(c.r[2].start, 300);
	memset(&c, 0, sizeof(c));
	assert_int_equal(a->records_of(f->st, f->emp[1], collect_row, &c), 0);
	assert_int_equal(c.n, 1);
}

static void test_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	const struct store_absence_ops *a = f->st->ops->absence;
	struct absence_row ok[] = {row(f->emp[0], 10, 12, 100)};
	struct absence_row dup[] = {row(f->emp[1], 5, 6, 100), row(f->emp[0], 20, 22, 100),
				    row(f->emp[0], 20, 25, 100)};
	struct absence_row unknown[] = {row(f->emp[1], 5, 6, 100), row(987654321L, 1, 2, 100)};
	struct absence_row bad[] = {row(f->emp[1], 5, 6, 100), row(f->emp[0], 9, 8, 100)};
	struct absence_row pct[] = {row(f->emp[1], 5, 6, 0)};
	long gen;

	assert_int_equal(a->records_put(f->st, ok, 1, 1, 0, NULL), 0);
	gen = a->generation(f->st);
	/* a replace that fails half-way must not have deleted anything either */
	assert_int_equal(a->records_put(f->st, dup, 3, 0, 1000, NULL), ERR_CONFLICT);
	assert_non_null(strstr(f->st->err.msg, "same day"));
	assert_int_equal(a->records_put(f->st, unknown, 2, 0, 1000, NULL), ERR_INVALID);
	assert_non_null(strstr(f->st->err.msg, "unknown employee"));
	assert_int_equal(a->records_put(f->st, bad, 2, 0, 1000, NULL), ERR_INVALID);
	assert_int_equal(a->records_put(f->st, pct, 1, 0, 1000, NULL), ERR_INVALID);
	assert_int_equal(a->records_count(f->st), 1);
	assert_int_equal(a->generation(f->st), gen);
}

struct ecollect {
	struct hr_event_row e[8];
	size_t n;
};

static int collect_event(void *ctx, const struct hr_event_row *e)
{
	struct ecollect *c = ctx;
	if (c->n < ARRAY_SIZE(c->e))
		c->e[c->n] = *e;
	c->n++;
	return 0;
}

static void test_events(void **state)
{
	struct fixture *f = *state;
	const struct store_absence_ops *a = f->st->ops->absence;
	struct hr_event_row in[] = {
		{f->emp[2], 300, 1, 0}, {f->emp[2], 100, 0, 80}, {f->emp[0], 50, 3, 0},
	};
	struct hr_event_row again[] = {{f->emp[2], 120, 2, 50}};
	struct hr_event_row bad[] = {{f->emp[0], 10, 2, 101}};
	struct ecollect c = {0};
	long deleted = 0;

	assert_int_equal(a->events_put(f->st, in, 3, 1, 0, NULL), 0);
	assert_int_equal(a->events_of(f->st, f->emp[2], collect_event, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.e[0].date, 100);
	assert_int_equal(c.e[0].value, 80);
	assert_int_equal(c.e[1].type, 1);
	/* replacing E3's events dated 0..200 keeps the leave on day 300 and E1's accident */
	assert_int_equal(a->events_put(f->st, again, 1, 0, 200, &deleted), 0);
	assert_int_equal(deleted, 1);
	memset(&c, 0, sizeof(c));
	assert_int_equal(a->events_each(f->st, collect_event, &c), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(a->events_put(f->st, bad, 1, 1, 0, NULL), ERR_INVALID);
}

struct scollect {
	char names[8][70];
	char values[8][70];
	size_t n;
};

static int collect_setting(void *ctx, const char *name, const char *value)
{
	struct scollect *c = ctx;
	if (c->n < 8) {
		snprintf(c->names[c->n], sizeof(c->names[0]), "%s", name);
		snprintf(c->values[c->n], sizeof(c->values[0]), "%s", value);
	}
	c->n++;
	return 0;
}

static void test_settings(void **state)
{
	struct fixture *f = *state;
	const struct store_absence_ops *a = f->st->ops->absence;
	const char *names[] = {"relapse_days", "kinds"};
	const char *values[] = {"10", "illness"};
	const char *names2[] = {"relapse_days", ""};
	const char *values2[] = {NULL, "x"};
	const char *names3[] = {"relapse_days"};
	const char *values3[] = {NULL};
	struct scollect c = {0};

	assert_int_equal(a->settings_set(f->st, names, values, 2), 0);
	assert_int_equal(a->settings_each(f->st, collect_setting, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.names[0], "kinds"); /* sorted by name */
	assert_string_equal(c.values[1], "10");
	/* an empty name fails the whole set: relapse_days stays */
	assert_int_equal(a->settings_set(f->st, names2, values2, 2), ERR_INVALID);
	memset(&c, 0, sizeof(c));
	assert_int_equal(a->settings_each(f->st, collect_setting, &c), 0);
	assert_int_equal(c.n, 2);
	/* NULL deletes: back to the default */
	assert_int_equal(a->settings_set(f->st, names3, values3, 1), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(a->settings_each(f->st, collect_setting, &c), 0);
	assert_int_equal(c.n, 1);
}

static int stop_at_first(void *ctx, const struct absence_staff *p)
{
	(void)p;
	(*(int *)ctx)++;
	return 7;
}

static void test_people_and_callback_result(void **state)
{
	struct fixture *f = *state;
	int calls = 0;

	assert_true(f->emp[0] > 0 && f->emp[1] > 0 && f->emp[2] > 0);
	assert_int_equal(f->st->ops->absence->people_each(f->st, stop_at_first, &calls), 7);
	assert_int_equal(calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_and_read_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_span_of_file_employees_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_and_callback_result, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
