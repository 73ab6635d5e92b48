/*
 * test_demo_absence.c: the demo's absence data on a small organisation of
 * its own: it is valid import material (no two records of a person share
 * a day, percentages and kinds in range, nothing in the future), it is the
 * same for the same seed and day, the strained team (Team Wilg) has more
 * spells per head than an ordinary one, and it holds the promised
 * variety: one maternity leave, half-time resumptions, part-time FTE
 * events and hires or leavers.
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

#include "cli/demo.h"
#include "core/absence.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_absence.h"

#define PER_TEAM 60

struct fixture {
	char path[64];
	struct store *st;
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

/* Root, Team Wilg (strained), Team Eik (maternity leave), Keuken (ordinary). */
static struct store *org(char *path, size_t n)
{
	struct diag d = {0};
	struct unit_row ur[] = {
		{.code = "ZHD", .name = "Demo"},
		{.code = "TL-ZA2-W", .parent_code = "ZHD", .name = "Team Wilg"},
		{.code = "TL-ZA1-E", .parent_code = "ZHD", .name = "Team Eik"},
		{.code = "TL-KE-1", .parent_code = "ZHD", .name = "Keuken"},
	};
	struct unit_table u = {ur, 4};
	struct employee_row *er = xcalloc(3 * PER_TEAM, sizeof(*er));
	struct employee_table e = {er, 3 * PER_TEAM};
	char (*codes)[16] = xcalloc(3 * PER_TEAM, 16);
	int fd;

	snprintf(path, n, "/tmp/hartslag-test-demoabs-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct store *st = store_open(path, &d);
	assert_non_null(st);
	for (int i = 0; i < 3 * PER_TEAM; i++) {
		snprintf(codes[i], 16, "P%03d", i);
		er[i] = (struct employee_row){
			.code = codes[i], .unit_code = ur[1 + i / PER_TEAM].code, .first_name = "",
			.last_name = "", .email = "",
			.contract = i % 3 == 0 ? "part-time" : "full-time",
			.shift = "", .function_group = ""};
	}
	assert_int_equal(st->ops->units_import(st, &u), 0);
	assert_int_equal(st->ops->employees_import(st, &e), 0);
	free(er);
	free(codes);
	return st;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	f->st = org(f->path, sizeof(f->path));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	f->st->ops->close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

struct scan {
	struct absence_record *rec;
	size_t n, cap;
	long maternity, partial, open;
	int32_t today;
	int bad;
};

static int collect(void *ctx, const struct absence_row *r)
{
	struct scan *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->rec = xrealloc(s->rec, s->cap * sizeof(*s->rec));
	}
	s->rec[s->n++] = (struct absence_record){.employee_id = r->employee_id, .start = r->start,
						 .end = r->end, .kind = (unsigned char)r->kind,
						 .pct = (unsigned char)r->pct,
						 .cert = (unsigned char)r->certificate};
	s->maternity += r->kind == ABS_MATERNITY;
	s->partial += r->pct < 100;
	s->open += r->end == DAY_OPEN;
	if (r->start > s->today || (r->end != DAY_OPEN && r->end > s->today) ||
	    r->kind >= ABS_KIND_COUNT || r->certificate >= CERT_COUNT || r->pct < 1 || r->pct > 100)
		s->bad++;
	return 0;
}

struct evscan {
	long fte, hire, leave, accident;
};

static int collect_event(void *ctx, const struct hr_event_row *e)
{
	struct evscan *s = ctx;
	s->fte += e->type == HR_FTE;
	s->hire += e->type == HR_HIRE;
	s->leave += e->type == HR_LEAVE;
	s->accident += e->type == HR_WORK_ACCIDENT;
	return 0;
}

static void test_valid_and_varied(void **state)
{
	struct fixture *f = *state;
	const int32_t today = day_from_ymd(2026, 11, 26);
	struct scan s = {.today = today};
	struct evscan ev = {0};
	size_t a, b;

	assert_int_equal(demo_absence_generate(f->st, 42, today), 0);
	assert_int_equal(f->st->ops->absence->records_each(f->st, collect, &s), 0);
	assert_true(s.n > 3 * PER_TEAM); /* three years of about one spell a year */
	assert_int_equal(s.bad, 0);
	absence_sort_records(s.rec, s.n);
	assert_int_equal(absence_check_overlap(s.rec, s.n, &a, &b), 0);
	assert_int_equal(s.maternity, 1);
	assert_true(s.partial >= 1 || s.open >= 1);
	assert_int_equal(f->st->ops->absence->events_each(f->st, collect_event, &ev), 0);
	assert_int_equal(ev.fte, PER_TEAM); /* every third person works part-time */
	assert_true(ev.hire + ev.leave > 0);
	free(s.rec);
}

/* Records per team: the team of each employee through its unit. */
struct teams {
	const struct unit *u;
	size_t nu;
	long id[3 * PER_TEAM];
	int team[3 * PER_TEAM];
	size_t n;
};

static int add_person(void *ctx, const struct absence_staff *p)
{
	struct teams *t = ctx;
	for (size_t i = 0; i < t->nu; i++) {
		if (t->u[i].id != p->unit_id)
			continue;
		t->id[t->n] = p->id;
		t->team[t->n++] = strcmp(t->u[i].code, "TL-ZA2-W") == 0   ? 0
				  : strcmp(t->u[i].code, "TL-ZA1-E") == 0 ? 1
									  : 2;
	}
	return 0;
}

static void test_strained_team_and_same_seed(void **state)
{
	struct fixture *f = *state;
	const int32_t today = day_from_ymd(2026, 11, 26);
	struct scan s = {.today = today}, s2 = {.today = today};
	char path2[64];
	struct store *st2 = org(path2, sizeof(path2));
	struct teams t = {0};
	struct unit *u;
	size_t nu;
	long per_team[3] = {0};

	assert_int_equal(demo_absence_generate(f->st, 7, today), 0);
	assert_int_equal(demo_absence_generate(st2, 7, today), 0);
	assert_int_equal(f->st->ops->absence->records_each(f->st, collect, &s), 0);
	assert_int_equal(st2->ops->absence->records_each(st2, collect, &s2), 0);
	/* same seed and day, same data (ids may differ between stores: compare the rest) */
	assert_int_equal(s.n, s2.n);
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.rec[i].start, s2.rec[i].start);
		assert_int_equal(s.rec[i].end, s2.rec[i].end);
		assert_int_equal(s.rec[i].kind, s2.rec[i].kind);
	}
	/* Team Wilg (strain 1.0) against the kitchen (0): clearly more records a head */
	assert_int_equal(f->st->ops->units_list(f->st, &u, &nu), 0);
	t.u = u;
	t.nu = nu;
	assert_int_equal(f->st->ops->absence->people_each(f->st, add_person, &t), 0);
	assert_int_equal(t.n, 3 * PER_TEAM);
	for (size_t i = 0; i < s.n; i++)
		for (size_t k = 0; k < t.n; k++)
			if (t.id[k] == s.rec[i].employee_id)
				per_team[t.team[k]]++;
	assert_true(per_team[0] > per_team[2] * 13 / 10);
	units_free(u, nu);
	free(s.rec);
	free(s2.rec);
	st2->ops->close(st2);
	remove_db(path2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_and_varied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strained_team_and_same_seed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
