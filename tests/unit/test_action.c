/*
 * test_action.c: IGLO levels and status codes, the status workflow,
 * dates, validation of actions (every rule, in the user's language), the
 * effect on a scale (Welch's test on hand-computed groups, the reports'
 * words) and on an absence indicator (the tolerance rule at its edges),
 * overdue and stalled flags, the yearly plan and the five-year plan, and
 * the committee deadline.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "core/action.h"
#include "core/embed.h"
#include "core/i18n.h"
#include "core/instrument.h"

#define assert_near(a, b, eps) near_(a, b, eps, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *file, int line)
{
	if (fabs(a - b) <= eps || (a == b))
		return;
	print_error("%.17g != %.17g (eps %g)\n", a, b, eps);
	_fail(file, line);
}

static struct instrument ins;

static int setup(void **state)
{
	struct diag d;
	const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
	(void)state;
	if (!f || instrument_parse(&ins, "jdr", (const char *)f->data, f->len, &d))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	instrument_release(&ins);
	return 0;
}

/* Moments of a group of n with this mean and sample SD (as in test_stats). */
static struct moments group(long n, double mean, double sd)
{
	struct moments m = {n, n * mean, (n - 1) * sd * sd + n * mean * mean};
	return m;
}

static void test_codes(void **state)
{
	enum iglo_level l;
	enum action_status s;
	enum action_absind a;
	(void)state;

	for (int i = 0; i < IGLO_COUNT; i++) {
		assert_int_equal(iglo_parse(str_from(iglo_code((enum iglo_level)i)), &l), 0);
		assert_int_equal(l, i);
		for (int g = 0; g < LANG_COUNT; g++)
			assert_true(strlen(iglo_name((enum iglo_level)i, (enum lang)g)) > 0);
	}
	assert_int_equal(iglo_parse(STR_LIT(" Team "), &l), 0);
	assert_int_equal(l, IGLO_GROUP);
	assert_int_equal(iglo_parse(STR_LIT("ORGANISATION"), &l), 0);
	assert_int_equal(l, IGLO_ORGANISATION);
	assert_int_equal(iglo_parse(STR_LIT("organization"), &l), -1);
	assert_string_equal(iglo_name(IGLO_GROUP, LANG_EN), "Group / team");
	assert_string_equal(iglo_name(IGLO_LEADER, LANG_NL), "Leidinggevende");
	assert_string_equal(iglo_name(IGLO_INDIVIDUAL, LANG_FR), "Individu");

	for (int i = 0; i < ACTION_STATUS_COUNT; i++) {
		assert_int_equal(action_status_parse(str_from(action_status_code((enum action_status)i)), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(action_status_parse(STR_LIT("in progress"), &s), -1);
	assert_string_equal(action_status_name(ACTION_IN_PROGRESS, LANG_NL), "Bezig");

	for (int i = 0; i < ABSIND_COUNT; i++) {
		assert_int_equal(action_absind_parse(str_from(action_absind_code((enum action_absind)i)), &a), 0);
		assert_int_equal(a, i);
		assert_int_equal(action_absind_higher_is_better(a), a == ABSIND_ZERO_ABSENCE);
		assert_string_not_equal(action_absind_name(a, LANG_NL), action_absind_name(a, LANG_EN));
	}
	assert_int_equal(action_absind_parse(STR_LIT("sickness"), &a), -1);
}

static void test_transitions(void **state)
{
	(void)state;
	/* The whole matrix, written out: a change to the table must change this. */
	static const int want[ACTION_STATUS_COUNT][ACTION_STATUS_COUNT] = {
		/*               prop appr prog done drop */
		[ACTION_PROPOSED] = {0, 1, 0, 0, 1},
		[ACTION_APPROVED] = {0, 0, 1, 1, 1},
		[ACTION_IN_PROGRESS] = {0, 0, 0, 1, 1},
		[ACTION_DONE] = {0, 0, 1, 0, 0},
		[ACTION_DROPPED] = {1, 0, 0, 0, 0},
	};
	for (int f = 0; f < ACTION_STATUS_COUNT; f++)
		for (int t = 0; t < ACTION_STATUS_COUNT; t++)
			assert_int_equal(action_status_allowed((enum action_status)f, (enum action_status)t),
					 want[f][t]);
	/* Approval only from proposed. */
	for (int f = 0; f < ACTION_STATUS_COUNT; f++)
		assert_int_equal(action_status_allowed((enum action_status)f, ACTION_APPROVED),
				 f == ACTION_PROPOSED);
	assert_int_equal(action_status_allowed((enum action_status)7, ACTION_DONE), 0);
	assert_int_equal(action_status_allowed(ACTION_PROPOSED, (enum action_status)-1), 0);
}

static void test_dates(void **state)
{
	long d;
	char out[11];
	(void)state;

	assert_int_equal(action_date_parse(STR_LIT("1970-01-01"), &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(action_date_parse(STR_LIT("2000-03-01"), &d), 0);
	assert_int_equal(d, 11017); /* 30 years with 7 leap days, plus Jan and Feb 2000 (31 + 29) */
	assert_int_equal(action_date_parse(STR_LIT("2024-02-29"), &d), 0);
	action_date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(action_date_parse(STR_LIT("2023-02-29"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("2026-04-31"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("2026-13-01"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("2026-1-01"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("26-01-2026"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("2026/01/01"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT("1969-12-31"), &d), -1);
	assert_int_equal(action_date_parse(STR_LIT(""), &d), -1);
	assert_int_equal(action_day_of(0), 0);
	assert_int_equal(action_day_of(86399), 0);
	assert_int_equal(action_day_of(86400), 1);
	assert_int_equal(action_day_of(-1), -1);
	/* 2026-11-26 00:00 UTC is 1795651200. */
	assert_int_equal(action_day_of(1795651200), action_days_from_civil(2026, 11, 26));
}

/* A valid action on the workload scale to break one field at a time. */
static void good(struct action *a)
{
	action_init(a);
	action_set(&a->theme, "workload");
	a->level = IGLO_GROUP;
	action_set(&a->title, "Stop list of tasks");
	action_set(&a->description, "Go through the tasks.\nDrop what nobody misses.");
	action_set(&a->owner, "Team lead");
	action_set(&a->due, "2027-03-31");
	action_set(&a->indicator_scale, "workload");
	a->baseline = 3.4;
	a->target = 3.0;
	a->year = 2027;
}

static void expect_invalid(struct action *a, enum lang lang, const char *field, const char *words)
{
	struct diag d;
	const char *f = NULL;
	int rc = action_validate(a, &ins, lang, &f, &d);
	if (rc != ERR_INVALID || !f || strcmp(f, field) || !strstr(d.msg, words)) {
		print_error("want field %s with '%s', got rc %d field %s: %s\n", field, words, rc,
			    f ? f : "(none)", rc ? d.msg : "");
		fail();
	}
	action_release(a);
}

static void test_validate(void **state)
{
	struct action a;
	struct diag d;
	const char *f = NULL;
	char longt[ACTION_MAX_TITLE + 2];
	(void)state;

	good(&a);
	assert_int_equal(action_validate(&a, &ins, LANG_EN, &f, &d), 0);
	assert_int_equal(action_validate(&a, NULL, LANG_EN, &f, &d), 0);
	action_release(&a);

	good(&a);
	action_set(&a.title, "  ");
	action_set(&a.title, "");
	expect_invalid(&a, LANG_EN, "title", "The title is required");
	good(&a);
	action_set(&a.title, NULL);
	expect_invalid(&a, LANG_NL, "title", "De titel is verplicht");
	good(&a);
	memset(longt, 'x', sizeof(longt) - 1);
	longt[sizeof(longt) - 1] = '\0';
	action_set(&a.title, longt);
	expect_invalid(&a, LANG_EN, "title", "at most 200 characters");
	good(&a);
	longt[ACTION_MAX_TITLE] = '\0'; /* exactly at the limit: fine */
	action_set(&a.title, longt);
	assert_int_equal(action_validate(&a, &ins, LANG_EN, &f, &d), 0);
	action_release(&a);
	good(&a);
	action_set(&a.title, "Bad \xC3\x28 bytes");
	expect_invalid(&a, LANG_EN, "title", "not allowed");
	good(&a);
	action_set(&a.title, "Two\nlines");
	expect_invalid(&a, LANG_FR, "title", "caract\xC3\xA8res");
	good(&a);
	action_set(&a.owner, "Tab\there");
	expect_invalid(&a, LANG_EN, "owner", "not allowed");
	good(&a);
	action_set(&a.theme, "workloads");
	expect_invalid(&a, LANG_EN, "theme", "not one of the questionnaire's scales");
	good(&a);
	action_set(&a.theme, "");
	expect_invalid(&a, LANG_EN, "theme", "Choose a theme");
	good(&a);
	a.level = (enum iglo_level)9;
	expect_invalid(&a, LANG_EN, "level", "Choose a level");
	good(&a);
	action_set(&a.due, "2027-02-30");
	expect_invalid(&a, LANG_EN, "due", "not a date");
	good(&a);
	a.year = 1999;
	expect_invalid(&a, LANG_EN, "year", "between 2000 and 2100");
	good(&a);
	action_set(&a.indicator_scale, "stress");
	expect_invalid(&a, LANG_EN, "indicator_scale", "not one of the questionnaire's scales");
	good(&a);
	action_set(&a.indicator_scale, NULL);
	action_set(&a.indicator_absence, "sick_days");
	expect_invalid(&a, LANG_EN, "indicator_absence", "not known");
	good(&a);
	action_set(&a.indicator_scale, NULL);
	expect_invalid(&a, LANG_EN, "indicator_scale", "needs an indicator");

	/* Workload: higher is worse, so the target must lie below the baseline. */
	good(&a);
	a.target = 3.6;
	expect_invalid(&a, LANG_EN, "target", "below the baseline");
	good(&a);
	a.target = 3.4; /* equal is no target at all */
	expect_invalid(&a, LANG_NL, "target", "onder de beginwaarde");
	/* Autonomy: higher is better. */
	good(&a);
	action_set(&a.indicator_scale, "autonomy");
	expect_invalid(&a, LANG_EN, "target", "above the baseline");
	good(&a);
	a.baseline = 0.5;
	expect_invalid(&a, LANG_EN, "baseline", "between 1 and 5");
	good(&a);
	a.target = INFINITY;
	expect_invalid(&a, LANG_EN, "target", "not a number");
	/* Without the instrument the direction of a scale is unknown: not checked. */
	good(&a);
	a.target = 3.6;
	assert_int_equal(action_validate(&a, NULL, LANG_EN, &f, &d), 0);
	action_release(&a);

	/* An absence indicator: percentages stay within 0..100, the rest >= 0. */
	good(&a);
	action_set(&a.indicator_scale, NULL);
	action_set(&a.indicator_absence, "absence_rate");
	a.baseline = 6.3;
	a.target = 5.5;
	assert_int_equal(action_validate(&a, &ins, LANG_EN, &f, &d), 0);
	a.target = 101;
	expect_invalid(&a, LANG_EN, "target", "between 0 and 100");
	good(&a);
	action_set(&a.indicator_scale, NULL);
	action_set(&a.indicator_absence, "zero_absence");
	a.baseline = 31;
	a.target = 28;
	expect_invalid(&a, LANG_EN, "target", "above the baseline");
	good(&a);
	action_set(&a.indicator_scale, NULL);
	action_set(&a.indicator_absence, "bradford");
	a.baseline = -1;
	expect_invalid(&a, LANG_EN, "baseline", "cannot be negative");
	/* No baseline or target at all is fine (an action without a figure yet). */
	good(&a);
	a.baseline = NAN;
	a.target = NAN;
	action_set(&a.due, NULL);
	assert_int_equal(action_validate(&a, &ins, LANG_EN, &f, &d), 0);
	action_release(&a);
}

static void test_copy(void **state)
{
	struct action a, b;
	(void)state;
	good(&a);
	action_copy(&b, &a);
	action_release(&a);
	assert_string_equal(b.title, "Stop list of tasks");
	assert_string_equal(b.indicator_scale, "workload");
	assert_near(b.baseline, 3.4, 0);
	action_release(&b);
	assert_null(b.title);
	assert_true(isnan(b.target));
}

static void test_effect_scale(void **state)
{
	struct action_effect e;
	(void)state;

	/* Autonomy (higher is better) from 3.0 to 3.6, SD 1, 100 on each side:
	 * d = 0.6, t = 0.6 / sqrt(2/100) = 4.2426, df 198: clearly better. */
	struct moments base = group(100, 3.0, 1.0), up = group(100, 3.6, 1.0);
	assert_int_equal(action_effect_scale(&base, &up, 0, 1, 5, 3.5, &e), EFFECT_MEASURED);
	assert_int_equal(e.verdict, VERDICT_CLEARLY_BETTER);
	assert_near(e.cmp.diff, 0.6, 1e-12);
	assert_near(e.cmp.d, 0.6, 1e-9);
	assert_near(e.cmp.t, 0.6 / sqrt(0.02), 1e-9);
	assert_near(e.before, 3.0, 1e-12);
	assert_near(e.after, 3.6, 1e-12);
	assert_true(e.has_target);
	assert_true(e.target_reached);
	assert_string_equal(action_effect_text(&e, LANG_EN), "clearly better");
	assert_string_equal(action_effect_text(&e, LANG_NL), verdict_text(VERDICT_CLEARLY_BETTER, LANG_NL));
	assert_string_equal(action_target_text(&e, LANG_EN), "target reached");

	/* The same movement on workload (higher is worse) is clearly worse. */
	assert_int_equal(action_effect_scale(&base, &up, 0, 0, 5, 2.8, &e), EFFECT_MEASURED);
	assert_int_equal(e.verdict, VERDICT_CLEARLY_WORSE);
	assert_false(e.target_reached);
	assert_string_equal(action_target_text(&e, LANG_EN), "target not yet reached");

	/* 3.0 to 3.3: d = 0.3, t = 2.1213, p = 0.035 (< 0.05): somewhat better. */
	struct moments some = group(100, 3.3, 1.0);
	action_effect_scale(&base, &some, 0, 1, 5, 3.5, &e);
	assert_int_equal(e.verdict, VERDICT_BETTER);
	assert_near(e.cmp.p, 0.035136, 2e-5);
	assert_false(e.target_reached);
	/* 3.0 to 3.1: d = 0.1: no real difference. */
	struct moments flat = group(100, 3.1, 1.0);
	action_effect_scale(&base, &flat, 0, 1, 5, NAN, &e);
	assert_int_equal(e.verdict, VERDICT_SAME);
	assert_false(e.has_target);
	assert_string_equal(action_target_text(&e, LANG_EN), "");
	assert_string_equal(action_effect_text(&e, LANG_EN), "no real difference");

	/* Not measurable: no later wave, no baseline, a side below the minimum or withheld. */
	assert_int_equal(action_effect_scale(&base, NULL, 0, 1, 5, NAN, &e), EFFECT_NO_LATER_WAVE);
	assert_string_equal(action_effect_text(&e, LANG_EN), "not measurable yet: no later survey");
	assert_int_equal(e.verdict, VERDICT_NONE);
	assert_int_equal(action_effect_scale(NULL, &up, 0, 1, 5, NAN, &e), EFFECT_NO_BASELINE);
	struct moments four = group(4, 3.9, 0.5);
	assert_int_equal(action_effect_scale(&base, &four, 0, 1, 5, NAN, &e), EFFECT_SUPPRESSED);
	assert_true(isnan(e.after)); /* nothing about the small group leaks */
	assert_int_equal(action_effect_scale(&four, &up, 0, 1, 5, NAN, &e), EFFECT_SUPPRESSED);
	assert_int_equal(action_effect_scale(&base, &up, 1, 1, 5, NAN, &e), EFFECT_SUPPRESSED);
	assert_string_equal(action_effect_text(&e, LANG_EN),
			    "not measurable: the group is too small to show");

	/* Moments rebuilt from the figures a report shows give the same test. */
	struct moments r;
	action_moments_from_summary(&r, 100, 3.6, 1.0);
	assert_int_equal(r.n, 100);
	assert_near(r.sum, up.sum, 1e-9);
	assert_near(r.sumsq, up.sumsq, 1e-9);
	assert_near(moments_sd(&r), 1.0, 1e-12);
}

static void test_effect_absence(void **state)
{
	struct action_effect e;
	(void)state;

	/* Absence rate 5.0 % -> 4.0 %: -20 %, beyond 10 %: improved. */
	/* a withheld follow-up comes without its value: still "hidden", not "no data yet" */
	assert_int_equal(action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, NAN, 1, -1, 4.5, &e),
			 EFFECT_SUPPRESSED);
	assert_true(isnan(e.after));
	assert_int_equal(action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, 4.0, 0, -1, 4.5, &e),
			 EFFECT_MEASURED);
	assert_int_equal(e.trend, ATREND_IMPROVED);
	assert_near(e.rel_change, -0.2, 1e-12);
	assert_true(e.target_reached);
	assert_string_equal(action_effect_text(&e, LANG_EN), "improved");
	assert_string_equal(action_effect_text(&e, LANG_NL), "verbeterd");
	/* -8 %: within the tolerance. */
	action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, 4.6, 0, -1, 4.5, &e);
	assert_int_equal(e.trend, ATREND_SAME);
	assert_false(e.target_reached);
	assert_string_equal(action_effect_text(&e, LANG_EN), "no notable change");
	/* Exactly +10 % is still within; +12 % is worse. */
	action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, 5.5, 0, 0.10, NAN, &e);
	assert_int_equal(e.trend, ATREND_SAME);
	action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, 5.6, 0, 0.10, NAN, &e);
	assert_int_equal(e.trend, ATREND_WORSENED);
	/* A tighter tolerance turns -8 % into an improvement. */
	action_effect_absence(ABSIND_ABSENCE_RATE, 5.0, 4.6, 0, 0.05, NAN, &e);
	assert_int_equal(e.trend, ATREND_IMPROVED);
	/* The zero-absence share: higher is better. */
	action_effect_absence(ABSIND_ZERO_ABSENCE, 30, 36, 0, -1, 35, &e);
	assert_int_equal(e.trend, ATREND_IMPROVED);
	assert_true(e.target_reached);
	action_effect_absence(ABSIND_ZERO_ABSENCE, 30, 24, 0, -1, 35, &e);
	assert_int_equal(e.trend, ATREND_WORSENED);
	/* From zero: any accident is a change, none is the same. */
	action_effect_absence(ABSIND_WORK_ACCIDENTS, 0, 0, 0, -1, NAN, &e);
	assert_int_equal(e.trend, ATREND_SAME);
	assert_true(isnan(e.rel_change));
	action_effect_absence(ABSIND_WORK_ACCIDENTS, 0, 1, 0, -1, NAN, &e);
	assert_int_equal(e.trend, ATREND_WORSENED);
	/* Not measurable. */
	assert_int_equal(action_effect_absence(ABSIND_BRADFORD, NAN, 40, 0, -1, NAN, &e), EFFECT_NO_BASELINE);
	assert_int_equal(action_effect_absence(ABSIND_BRADFORD, 50, NAN, 0, -1, NAN, &e), EFFECT_NO_LATER_WAVE);
	assert_string_equal(action_effect_text(&e, LANG_EN), "not measurable yet: no later survey");
	assert_int_equal(action_effect_absence(ABSIND_BRADFORD, 50, 40, 1, -1, NAN, &e), EFFECT_SUPPRESSED);
	assert_int_equal(e.trend, ATREND_NONE);
}

static void test_flags(void **state)
{
	struct action a;
	long today = action_days_from_civil(2027, 4, 1);
	int64_t now = (int64_t)today * 86400 + 3600;
	(void)state;

	good(&a); /* due 2027-03-31 */
	assert_true(action_overdue(&a, today));
	assert_false(action_overdue(&a, today - 1)); /* due today is not yet overdue */
	a.status = ACTION_DONE;
	assert_false(action_overdue(&a, today));
	a.status = ACTION_DROPPED;
	assert_false(action_overdue(&a, today));
	a.status = ACTION_IN_PROGRESS;
	action_set(&a.due, NULL);
	assert_false(action_overdue(&a, today));

	/* Stalled: 60 days without a status change by default. */
	a.created = now - 90 * 86400;
	a.status_changed = now - 60 * 86400;
	assert_true(action_stalled(&a, now, 0));
	assert_true(action_stalled(&a, now, 60));
	assert_false(action_stalled(&a, now, 61));
	a.status_changed = now - 59 * 86400;
	assert_false(action_stalled(&a, now, 0));
	a.status_changed = 0; /* never changed: counts from creation */
	assert_true(action_stalled(&a, now, 0));
	a.status = ACTION_DONE;
	assert_false(action_stalled(&a, now, 0));
	a.status = ACTION_PROPOSED; /* waiting for approval that long is stalled too */
	assert_true(action_stalled(&a, now, 30));
	action_release(&a);
}

static void add(struct action *v, int *n, long id, long unit, const char *theme,
		enum iglo_level level, enum action_status st, int quick, const char *due, int year)
{
	struct action *a = &v[(*n)++];
	action_init(a);
	a->id = id;
	a->unit_id = unit;
	action_set(&a->theme, theme);
	action_set(&a->title, "t");
	action_set(&a->due, due);
	a->level = level;
	a->status = st;
	a->quick_win = quick;
	a->year = year;
}

static void test_year_plan(void **state)
{
	struct action v[16];
	int n = 0;
	struct year_plan p;
	(void)state;

	/* The instrument orders workload before autonomy before connectedness. */
	add(v, &n, 1, 10, "autonomy", IGLO_LEADER, ACTION_APPROVED, 0, "2027-05-01", 2027);
	add(v, &n, 2, 10, "workload", IGLO_GROUP, ACTION_PROPOSED, 0, "2027-06-01", 2027);
	add(v, &n, 3, 11, "workload", IGLO_GROUP, ACTION_DONE, 1, "2027-09-01", 2027);
	add(v, &n, 4, 11, "workload", IGLO_GROUP, ACTION_IN_PROGRESS, 0, "2027-02-01", 2027);
	add(v, &n, 5, 0, "workload", IGLO_ORGANISATION, ACTION_APPROVED, 0, NULL, 2027);
	add(v, &n, 6, 10, "autonomy", IGLO_LEADER, ACTION_DROPPED, 1, NULL, 2027);
	add(v, &n, 7, 12, "connectedness", IGLO_GROUP, ACTION_PROPOSED, 1, NULL, 2027);
	add(v, &n, 8, 10, "workload", IGLO_GROUP, ACTION_DONE, 0, NULL, 2026); /* other year */
	add(v, &n, 9, 12, "workload", IGLO_GROUP, ACTION_APPROVED, 1, "2027-03-01", 2027);

	assert_int_equal(year_plan_build(&p, v, (size_t)n, 2027, &ins), 0);
	assert_int_equal(p.total, 8);
	assert_int_equal(p.count[ACTION_PROPOSED], 2);
	assert_int_equal(p.count[ACTION_APPROVED], 3);
	assert_int_equal(p.count[ACTION_IN_PROGRESS], 1);
	assert_int_equal(p.count[ACTION_DONE], 1);
	assert_int_equal(p.count[ACTION_DROPPED], 1);
	assert_int_equal(p.quick_wins, 3); /* the dropped quick win does not count */
	assert_int_equal(p.units, 4);      /* 10, 11, 0 and 12 */
	assert_int_equal(p.ngroups, 4);
	/* workload/group: quick wins first (9 due March, 3 due Sept), then by due date (4, 2). */
	assert_string_equal(p.groups[0].theme, "workload");
	assert_int_equal(p.groups[0].level, IGLO_GROUP);
	assert_int_equal(p.groups[0].n, 4);
	assert_int_equal(p.groups[0].quick_wins, 2);
	assert_int_equal(v[p.groups[0].idx[0]].id, 9);
	assert_int_equal(v[p.groups[0].idx[1]].id, 3);
	assert_int_equal(v[p.groups[0].idx[2]].id, 4);
	assert_int_equal(v[p.groups[0].idx[3]].id, 2);
	assert_string_equal(p.groups[1].theme, "workload");
	assert_int_equal(p.groups[1].level, IGLO_ORGANISATION);
	assert_string_equal(p.groups[2].theme, "autonomy");
	assert_int_equal(p.groups[2].n, 1); /* dropped left out */
	assert_string_equal(p.groups[3].theme, "connectedness");
	assert_int_equal(p.jap_deadline, action_days_from_civil(2026, 11, 1));
	year_plan_release(&p);

	/* Without an instrument themes go alphabetically. */
	year_plan_build(&p, v, (size_t)n, 2027, NULL);
	assert_string_equal(p.groups[0].theme, "autonomy");
	assert_string_equal(p.groups[1].theme, "connectedness");
	assert_string_equal(p.groups[2].theme, "workload");
	year_plan_release(&p);

	/* An empty year. */
	year_plan_build(&p, v, (size_t)n, 2030, &ins);
	assert_int_equal(p.total, 0);
	assert_int_equal(p.ngroups, 0);
	year_plan_release(&p);

	struct gpp_plan g;
	assert_int_equal(gpp_plan_build(&g, v, (size_t)n, 2026, &ins), 0);
	assert_int_equal(g.total[0], 1); /* 2026 */
	assert_int_equal(g.total[1], 7); /* 2027, without the dropped one */
	assert_int_equal(g.done[0], 1);
	assert_int_equal(g.done[1], 1);
	assert_int_equal(g.nthemes, 3);
	assert_string_equal(g.themes[0].theme, "workload");
	assert_int_equal(g.themes[0].planned[0], 1);
	assert_int_equal(g.themes[0].planned[1], 5);
	assert_int_equal(g.themes[0].level[IGLO_GROUP], 5);
	assert_int_equal(g.themes[0].level[IGLO_ORGANISATION], 1);
	assert_string_equal(g.themes[1].theme, "autonomy");
	assert_string_equal(g.themes[2].theme, "connectedness");
	gpp_plan_release(&g);
	/* A GPP from 2028 holds none of them; one from 2022 holds 2026 in its last year. */
	gpp_plan_build(&g, v, (size_t)n, 2028, &ins);
	assert_int_equal(g.nthemes, 0);
	gpp_plan_release(&g);
	gpp_plan_build(&g, v, (size_t)n, 2022, &ins);
	assert_int_equal(g.total[4], 1);
	assert_int_equal(g.nthemes, 1);
	gpp_plan_release(&g);

	for (int i = 0; i < n; i++)
		action_release(&v[i]);
}

static void test_jap_deadline(void **state)
{
	char out[11];
	(void)state;
	action_date_format(action_jap_deadline(2027), out);
	assert_string_equal(out, "2026-11-01");
	assert_int_equal(action_jap_days_left(2027, action_days_from_civil(2026, 10, 1)), 31);
	assert_int_equal(action_jap_days_left(2027, action_days_from_civil(2026, 11, 1)), 0);
	assert_int_equal(action_jap_days_left(2027, action_days_from_civil(2026, 11, 26)), -25);
}

int main(void)
{
	i18n_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_effect_scale),
		cmocka_unit_test(test_effect_absence),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_year_plan),
		cmocka_unit_test(test_jap_deadline),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
