/*
 * test_action_export.c: the yearly action plan as XLSX and PDF
 * (report/action_export.c): cells that could start a formula are
 * neutralised, hostile texts never break a file, an empty plan is still
 * a file, and the effect says what cannot be measured (no report, the
 * absence seam) instead of inventing a figure.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/action_export.h"

static void test_cell_neutralised(void **state)
{
	(void)state;
	static const char *const in[] = {"=1+1", "+31 9", "-2", "@SUM(A1)", "\tx", "\rx",
					 "plain", "", "3.2"};
	static const char *const want[] = {"'=1+1", "'+31 9", "'-2", "'@SUM(A1)", "'\tx",
					   "'\rx", "plain", "", "3.2"};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *c = action_export_cell(in[i]);
		assert_string_equal(c, want[i]);
		free(c);
	}
	char *c = action_export_cell(NULL);
	assert_string_equal(c, "");
	free(c);
}

static struct action hostile(long unit)
{
	struct action a;
	action_init(&a);
	a.unit_id = unit;
	a.year = 2026;
	a.theme = "workload";
	a.level = IGLO_GROUP;
	a.title = "=HYPERLINK(\"http://evil\") <b>\xf0\x9f\x92\xa5";
	a.description = "line one\nline two\t\x01 & \"quoted\"";
	a.owner = "@owner";
	a.due = "2020-01-31";
	a.status = ACTION_IN_PROGRESS;
	a.quick_win = 1;
	a.indicator_scale = "workload";
	a.baseline = 3.25;
	a.target = 2.75;
	a.created = a.updated = a.status_changed = 1577836800; /* 2020-01-01 */
	return a;
}

static void src_init(struct action_plan_src *s, const struct action *a, size_t n)
{
	static const struct unit units[] = {{.id = 7, .code = "T", .name = "Team <7>"}};
	memset(s, 0, sizeof(*s));
	s->org_name = "Org & Co";
	s->year = 2026;
	s->scope = "Whole organisation";
	s->units = units;
	s->nunits = 1;
	s->acts = a;
	s->n = n;
	s->now = 1790000000; /* 2026-09 */
	s->lang = LANG_EN;
}

static int contains(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->p + i, needle, n) == 0)
			return 1;
	return 0;
}

/* The page count of a PDF (its /Count), 0 when not found. */
static long pages(const struct buf *b)
{
	for (size_t i = 0; i + 7 < b->len; i++)
		if (memcmp(b->p + i, "/Count ", 7) == 0)
			return strtol(b->p + i + 7, NULL, 10);
	return 0;
}

static void test_xlsx(void **state)
{
	(void)state;
	struct action a[2] = {hostile(7), hostile(0)};
	struct action_plan_src s;
	struct buf out = BUF_INIT(16 * 1024 * 1024);
	src_init(&s, a, 2);
	assert_int_equal(action_plan_xlsx(&s, &out), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.p, "PK", 2);
	assert_true(contains(&out, "xl/worksheets/sheet1.xml"));
	buf_release(&out);
	/* an empty plan is still a workbook */
	struct buf empty = BUF_INIT(16 * 1024 * 1024);
	src_init(&s, NULL, 0);
	assert_int_equal(action_plan_xlsx(&s, &empty), 0);
	assert_memory_equal(empty.p, "PK", 2);
	buf_release(&empty);
}

static void test_pdf(void **state)
{
	(void)state;
	struct action a[40];
	struct action_plan_src s;
	for (size_t i = 0; i < 40; i++)
		a[i] = hostile(i < 20 ? 7 : 0);
	for (enum lang l = 0; l < LANG_COUNT; l++) {
		struct buf out = BUF_INIT(64 * 1024 * 1024);
		src_init(&s, a, 40);
		s.lang = l;
		assert_int_equal(action_plan_pdf(&s, &out), 0);
		assert_memory_equal(out.p, "%PDF", 4);
		/* forty actions do not fit on one page */
		assert_true(pages(&out) > 1);
		buf_release(&out);
	}
	/* too small a ceiling: refused, not cut */
	struct buf tiny = BUF_INIT(512);
	src_init(&s, a, 40);
	assert_int_equal(action_plan_pdf(&s, &tiny), ERR_TOO_LARGE);
	buf_release(&tiny);
}

static void test_effect_unmeasurable(void **state)
{
	(void)state;
	struct action a = hostile(7);
	struct action_effect_view ev;
	/* no report yet: nothing measured, no figure */
	action_report_effect(NULL, NULL, &a, &ev);
	assert_int_not_equal(ev.e.state, EFFECT_MEASURED);
	assert_true(isnan(ev.e.after));
	/* an absence indicator: the seam answers "unknown" until issue 5 plugs in */
	double v = 0;
	assert_int_equal(action_absence_value(NULL, "frequency", 7, 2026, &v), ERR_NOT_FOUND);
	assert_true(isnan(v));
	a.indicator_scale = NULL;
	a.indicator_absence = "frequency";
	a.baseline = 1.4;
	a.target = 1.1;
	action_report_effect(NULL, NULL, &a, &ev);
	assert_true(ev.absence);
	assert_int_equal(ev.e.state, EFFECT_NO_LATER_WAVE);
	/* an unknown absence code: no indicator */
	a.indicator_absence = "nonsense";
	action_report_effect(NULL, NULL, &a, &ev);
	assert_int_equal(ev.e.state, EFFECT_NO_INDICATOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_neutralised),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_effect_unmeasurable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
