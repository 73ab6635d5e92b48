/*
 * test_absence_rules.c: warning lights and trends, the presence-policy
 * rule engine (escalation, window, idempotency, protected kinds), the
 * return-to-work plans and the re-integration deadlines, and that every
 * text the rules hand out is translated into Dutch and French.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "core/absence_rules.h"
#include "core/i18n.h"

static int32_t D(int y, int m, int d)
{
	int32_t day = day_from_ymd(y, m, d);
	assert_true(day != INT32_MIN);
	return day;
}

static struct absence_record R(int32_t start, int32_t end, int kind)
{
	struct absence_record r = {7, start, end, 0, (unsigned char)kind, 100, CERT_UNKNOWN};
	return r;
}

/* ---- warning lights ---- */

static void test_light_abs(void **state)
{
	(void)state;
	struct light_settings s;
	light_settings_default(&s);
	assert_int_equal(light_settings_check(&s), 0);
	const struct light_threshold *t = &s.t[AI_RATE_SHORT];
	/* SD Worx 2023: 3.24 % short absence; red 25 % above it (4.05) */
	assert_int_equal(light_of(t, 3.0, NAN), LIGHT_GREEN);
	assert_int_equal(light_of(t, 3.24, NAN), LIGHT_ORANGE);
	assert_int_equal(light_of(t, 4.0, NAN), LIGHT_ORANGE);
	assert_int_equal(light_of(t, 4.05, NAN), LIGHT_RED);
	assert_int_equal(light_of(t, NAN, 3.0), LIGHT_NONE);
	/* zero-absence share: lower is worse (31 % SD Worx 2023) */
	t = &s.t[AI_ZERO_SHARE];
	assert_int_equal(light_of(t, 40, NAN), LIGHT_GREEN);
	assert_int_equal(light_of(t, 31, NAN), LIGHT_ORANGE);
	assert_int_equal(light_of(t, 25, NAN), LIGHT_ORANGE);
	assert_int_equal(light_of(t, 24.8, NAN), LIGHT_RED);
	/* frequent absentees 16.01 % (Securex 2024) */
	assert_int_equal(light_of(&s.t[AI_FREQUENT_SHARE], 16.0, NAN), LIGHT_GREEN);
	assert_int_equal(light_of(&s.t[AI_FREQUENT_SHARE], 16.01, NAN), LIGHT_ORANGE);
	/* no benchmark: no light */
	assert_int_equal(light_of(&s.t[AI_BRADFORD_OVER_SHARE], 99, NAN), LIGHT_NONE);
}

static void test_light_vs_prev(void **state)
{
	(void)state;
	struct light_settings s;
	light_settings_default(&s);
	const struct light_threshold *t = &s.t[AI_TURNOVER];
	assert_int_equal(t->rule, LIGHT_VS_PREV);
	assert_int_equal(light_of(t, 10.5, 10), LIGHT_GREEN);  /* +5 % */
	assert_int_equal(light_of(t, 11, 10), LIGHT_ORANGE);   /* +10 % */
	assert_int_equal(light_of(t, 12.4, 10), LIGHT_ORANGE); /* +24 % */
	assert_int_equal(light_of(t, 12.5, 10), LIGHT_RED);    /* +25 % */
	assert_int_equal(light_of(t, 5, 10), LIGHT_GREEN);     /* better */
	assert_int_equal(light_of(t, 1, 0), LIGHT_RED);        /* from nothing */
	assert_int_equal(light_of(t, 0, 0), LIGHT_GREEN);
	assert_int_equal(light_of(t, 12, NAN), LIGHT_NONE);   /* no previous period */
	/* lower is worse, against the previous period: a fall of 20 % is orange */
	struct light_threshold low = {LIGHT_VS_PREV, 0, 10, 25};
	assert_int_equal(light_of(&low, 40, 50), LIGHT_ORANGE);
	assert_int_equal(light_of(&low, 60, 50), LIGHT_GREEN);
	assert_int_equal(light_of(&low, 30, 50), LIGHT_RED);
}

static void test_trend(void **state)
{
	(void)state;
	assert_int_equal(trend_of(10.4, 10, 0.05), TREND_SAME);
	assert_int_equal(trend_of(10.6, 10, 0.05), TREND_UP);
	assert_int_equal(trend_of(9.4, 10, 0.05), TREND_DOWN);
	assert_int_equal(trend_of(0, 0, 0.05), TREND_SAME);
	assert_int_equal(trend_of(0.1, 0, 0.05), TREND_UP);
	assert_int_equal(trend_of(1, NAN, 0.05), TREND_NONE);
	assert_int_equal(trend_of(NAN, 1, 0.05), TREND_NONE);

	struct light_settings s;
	struct light_result r;
	double cur[AI_COUNT], prev[AI_COUNT];
	light_settings_default(&s);
	for (int i = 0; i < AI_COUNT; i++)
		cur[i] = prev[i] = NAN;
	cur[AI_RATE] = 8;
	prev[AI_RATE] = 6;
	cur[AI_ZERO_SHARE] = 40;
	prev[AI_ZERO_SHARE] = 30;
	assert_int_equal(light_evaluate(&s, cur, prev, &r), 0);
	assert_int_equal(r.trend[AI_RATE], TREND_UP);
	assert_int_equal(r.better[AI_RATE], -1); /* more absence is worse */
	assert_int_equal(r.trend[AI_ZERO_SHARE], TREND_UP);
	assert_int_equal(r.better[AI_ZERO_SHARE], 1); /* more people without absence is better */
	assert_int_equal(r.trend[AI_FREQUENCY], TREND_NONE);
	assert_int_equal(r.light[AI_FREQUENCY], LIGHT_NONE);
	assert_int_equal(light_evaluate(&s, cur, NULL, &r), 0);
	assert_int_equal(r.trend[AI_RATE], TREND_NONE);
}

static void test_overall(void **state)
{
	(void)state;
	struct light_settings s;
	struct light_result r;
	double cur[AI_COUNT];
	light_settings_default(&s);

	for (int i = 0; i < AI_COUNT; i++)
		cur[i] = NAN;
	assert_int_equal(light_evaluate(&s, cur, NULL, &r), 0);
	assert_int_equal(r.overall, LIGHT_NONE);

	/* all green */
	cur[AI_RATE] = 5;
	cur[AI_RATE_SHORT] = 2;
	cur[AI_FREQUENCY] = 1;
	cur[AI_ZERO_SHARE] = 50;
	cur[AI_FREQUENT_SHARE] = 10;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.overall, LIGHT_GREEN);
	assert_int_equal(r.lit, 0);
	/* one orange light: overall orange (min_lit_orange 1) */
	cur[AI_FREQUENCY] = 2;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.light[AI_FREQUENCY], LIGHT_ORANGE);
	assert_int_equal(r.overall, LIGHT_ORANGE);
	/* one red light alone: still orange (two reds or three lights for red) */
	cur[AI_FREQUENCY] = 3;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.red, 1);
	assert_int_equal(r.overall, LIGHT_ORANGE);
	/* two reds: red */
	cur[AI_RATE_SHORT] = 5;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.overall, LIGHT_RED);
	/* three orange lights: red */
	cur[AI_FREQUENCY] = 2;
	cur[AI_RATE_SHORT] = 3.5;
	cur[AI_ZERO_SHARE] = 30;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.lit, 3);
	assert_int_equal(r.red, 0);
	assert_int_equal(r.overall, LIGHT_RED);
	/* the rule is a setting */
	s.min_lit_red = 4;
	light_evaluate(&s, cur, NULL, &r);
	assert_int_equal(r.overall, LIGHT_ORANGE);

	/* bad settings are refused */
	light_settings_default(&s);
	s.t[AI_RATE].red = 1; /* red below orange while higher is worse */
	assert_int_equal(light_settings_check(&s), ERR_INVALID);
	assert_int_equal(light_evaluate(&s, cur, NULL, &r), ERR_INVALID);
	light_settings_default(&s);
	s.t[AI_ZERO_SHARE].red = 40; /* lower is worse: red must not lie above orange */
	assert_int_equal(light_settings_check(&s), ERR_INVALID);
	light_settings_default(&s);
	s.t[AI_RATE].orange = NAN;
	assert_int_equal(light_settings_check(&s), ERR_INVALID);
	light_settings_default(&s);
	s.min_lit_orange = 0;
	assert_int_equal(light_settings_check(&s), ERR_INVALID);
	assert_string_equal(light_code(LIGHT_RED), "red");
	assert_string_equal(light_code(LIGHT_NONE), "none");
}

/* ---- presence policy ---- */

/* One-day illness spells on the given days of 2025 (month, day pairs). */
static size_t spells_2025(struct absence_record *rec, const int (*md)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec[i] = R(D(2025, md[i][0], md[i][1]), D(2025, md[i][0], md[i][1]), ABS_ILLNESS);
	return n;
}

static void test_policy_escalation(void **state)
{
	(void)state;
	struct presence_policy p;
	struct policy_hit h[8];
	struct absence_record rec[8];
	static const int md[][2] = {{1, 10}, {3, 3}, {5, 5}, {7, 7}, {9, 9}};
	size_t n = spells_2025(rec, md, 5);
	presence_policy_default(&p);
	assert_int_equal(presence_policy_check(&p), 0);

	/* 6 May: spells 10 Jan, 3 Mar, 5 May. The third reaches "talk with the manager" */
	int k = policy_evaluate(&p, 7, rec, n, D(2025, 5, 6), h, 8);
	assert_int_equal(k, 1);
	assert_int_equal(h[0].employee_id, 7);
	assert_int_equal(h[0].step, 1);
	assert_int_equal(h[0].action, POLICY_TALK_MANAGER);
	assert_int_equal(h[0].trigger_start, D(2025, 5, 5));
	assert_int_equal(h[0].due, D(2025, 5, 6) + 14);
	assert_int_equal(h[0].spells, 3);
	assert_true(fabs(h[0].bradford - 9 * 3) < 1e-9);

	/* re-running later gives the same identity (employee, step, trigger) */
	k = policy_evaluate(&p, 7, rec, n, D(2025, 6, 20), h, 8);
	assert_int_equal(k, 1);
	assert_int_equal(h[0].step, 1);
	assert_int_equal(h[0].trigger_start, D(2025, 5, 5));

	/* 8 July: the fourth spell escalates; only the highest step for it */
	k = policy_evaluate(&p, 7, rec, n, D(2025, 7, 8), h, 8);
	assert_int_equal(k, 2);
	assert_int_equal(h[0].trigger_start, D(2025, 5, 5));
	assert_int_equal(h[0].step, 1);
	assert_int_equal(h[1].trigger_start, D(2025, 7, 7));
	assert_int_equal(h[1].step, 2);
	assert_int_equal(h[1].action, POLICY_TALK_MANAGER_PLUS);
	assert_int_equal(h[1].spells, 4);

	/* a year on, 1 Mar 2026: only spells since 2 Mar 2025 are recent; the
	 * 3 Mar spell had 2 in its window (no step), 5 May 3, 7 Jul 4, and 9 Sep
	 * 5: still the manager-plus talk (the physician comes at 6) */
	k = policy_evaluate(&p, 7, rec, n, D(2026, 3, 1), h, 8);
	assert_int_equal(k, 3);
	assert_int_equal(h[0].trigger_start, D(2025, 5, 5));
	assert_int_equal(h[0].step, 1);
	assert_int_equal(h[1].trigger_start, D(2025, 7, 7));
	assert_int_equal(h[1].step, 2);
	assert_int_equal(h[2].trigger_start, D(2025, 9, 9));
	assert_int_equal(h[2].spells, 5);
	assert_int_equal(h[2].step, 2);
	/* a sixth spell reaches the physician */
	rec[n++] = R(D(2025, 11, 3), D(2025, 11, 3), ABS_ILLNESS);
	k = policy_evaluate(&p, 7, rec, n, D(2025, 11, 4), h, 8);
	assert_int_equal(k, 4); /* the spells of 5 May, 7 Jul, 9 Sep and 3 Nov */
	assert_int_equal(h[3].action, POLICY_REFER_PHYSICIAN);
	assert_int_equal(h[3].spells, 6);
	assert_int_equal(h[3].due, D(2025, 11, 4) + 30);
	n--;

	/* cap: the count is returned even when out is too small */
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 7, 8), h, 0), 2);
	assert_int_equal(policy_evaluate(&p, 7, rec, 0, D(2025, 7, 8), h, 8), 0);
}

static void test_policy_window(void **state)
{
	(void)state;
	struct presence_policy p;
	struct policy_hit h[8];
	struct absence_record rec[8];
	presence_policy_default(&p);

	/* three spells 200 days apart never share a 365-day window */
	for (int i = 0; i < 3; i++)
		rec[i] = R(D(2024, 1, 1) + 200 * i, D(2024, 1, 1) + 200 * i, ABS_ILLNESS);
	assert_int_equal(policy_evaluate(&p, 7, rec, 3, D(2025, 3, 1), h, 8), 0);
	/* with a 500-day window they do */
	p.window_days = 500;
	assert_int_equal(policy_evaluate(&p, 7, rec, 3, D(2025, 3, 1), h, 8), 1);
	assert_int_equal(h[0].trigger_start, D(2024, 1, 1) + 400);

	/* records within the relapse days make one spell */
	presence_policy_default(&p);
	static const int md[][2] = {{2, 3}, {2, 10}, {2, 17}};
	size_t n = spells_2025(rec, md, 3);
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 3, 1), h, 8), 0);
	p.relapse_days = 0;
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 3, 1), h, 8), 1);

	/* protected kinds and work accidents are excluded by default */
	static const int md2[][2] = {{1, 6}, {2, 3}, {4, 7}};
	n = spells_2025(rec, md2, 3);
	rec[1].kind = ABS_MATERNITY;
	presence_policy_default(&p);
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 5, 1), h, 8), 0);
	rec[1].kind = ABS_WORK_ACCIDENT;
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 5, 1), h, 8), 0);
	rec[1].kind = ABS_PRIVATE_ACCIDENT;
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 5, 1), h, 8), 1);
	/* records after asof have not happened yet */
	assert_int_equal(policy_evaluate(&p, 7, rec, n, D(2025, 4, 6), h, 8), 0);
}

static void test_policy_bradford(void **state)
{
	(void)state;
	struct presence_policy p;
	struct policy_hit h[8];
	presence_policy_default(&p);
	/*
	 * Two spells: 3 days in February, then from 1 June still running.
	 * Bradford = 2^2 x (3 + days so far) reaches 200 at 50 days in total,
	 * that is at 47 days of the second spell: 1 Jun + 46 = 17 Jul.
	 */
	struct absence_record rec[] = {
		R(D(2025, 2, 3), D(2025, 2, 5), ABS_ILLNESS),
		R(D(2025, 6, 1), DAY_OPEN, ABS_ILLNESS),
	};
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 7, 16), h, 8), 0);
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 7, 17), h, 8), 1);
	assert_int_equal(h[0].action, POLICY_ATTENTION);
	assert_int_equal(h[0].trigger_start, D(2025, 6, 1));
	assert_true(fabs(h[0].bradford - 200) < 1e-9);
	/* a step with both conditions needs both: 2 spells and 300 = 4 x 75 days,
	 * 72 days of the second spell: 11 Aug */
	p.nsteps = 1;
	p.steps[0] = (struct policy_step){2, 300, POLICY_REFER_PHYSICIAN, 30};
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 8, 10), h, 8), 0);
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 8, 11), h, 8), 1);
	assert_int_equal(h[0].due, D(2025, 8, 11) + 30);
	p.steps[0].min_spells = 3;
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 8, 11), h, 8), 0);
	/* bad policies */
	p.steps[0] = (struct policy_step){0, 0, POLICY_ATTENTION, 14};
	assert_int_equal(policy_evaluate(&p, 7, rec, 2, D(2025, 8, 8), h, 8), ERR_INVALID);
	presence_policy_default(&p);
	p.window_days = 0;
	assert_int_equal(presence_policy_check(&p), ERR_INVALID);
	presence_policy_default(&p);
	p.kinds = 0;
	assert_int_equal(presence_policy_check(&p), ERR_INVALID);
	presence_policy_default(&p);
	p.nsteps = MAX_POLICY_STEPS + 1;
	assert_int_equal(presence_policy_check(&p), ERR_INVALID);
}

/* ---- return to work ---- */

static void test_rtw(void **state)
{
	(void)state;
	struct rtw_step st[MAX_RTW_STEPS];
	int32_t start = D(2025, 1, 6), ret = D(2025, 4, 7);
	int n = rtw_plan(RTW_LONG_ILLNESS, start, ret, st, MAX_RTW_STEPS);
	assert_true(n >= 8 && n <= MAX_RTW_STEPS);
	int seen[RTW_PHASE_COUNT] = {0};
	for (int i = 0; i < n; i++) {
		seen[st[i].phase]++;
		assert_true(st[i].due >= start);
	}
	for (int ph = 0; ph < RTW_PHASE_COUNT; ph++)
		assert_true(seen[ph] > 0);
	assert_int_equal(st[0].phase, RTW_DURING);
	assert_int_equal(st[0].due, start + 7);
	assert_int_equal(st[1].due, start + 28); /* DOMAIN.md 7.2: information after 4 weeks */
	assert_int_equal(st[n - 1].phase, RTW_AFTER);
	assert_int_equal(st[n - 1].due, ret + 91);
	assert_int_equal(st[n - 2].due, ret + 30);
	assert_int_equal(st[n - 3].due, ret + 7);

	/* return date unknown: steps counted from it have no date yet */
	n = rtw_plan(RTW_LONG_ILLNESS, start, 0, st, MAX_RTW_STEPS);
	assert_int_equal(st[0].due, start + 7);
	assert_int_equal(st[n - 1].due, 0);

	/* a "before return" step never falls before the absence */
	n = rtw_plan(RTW_BIRTH, start, start + 10, st, MAX_RTW_STEPS);
	for (int i = 0; i < n; i++)
		assert_true(st[i].due >= start);
	n = rtw_plan(RTW_BIRTH, D(2025, 1, 1), D(2025, 5, 1), st, MAX_RTW_STEPS);
	assert_int_equal(st[1].due, D(2025, 5, 1) - 28);

	for (int t = 0; t < RTW_TEMPLATE_COUNT; t++) {
		n = rtw_plan((enum rtw_template)t, start, ret, st, MAX_RTW_STEPS);
		assert_true(n >= 4 && n <= MAX_RTW_STEPS);
		int at_return = 0, after = 0;
		for (int i = 0; i < n; i++) {
			at_return += st[i].phase == RTW_AT_RETURN;
			after += st[i].phase == RTW_AFTER;
		}
		assert_true(at_return > 0 && after >= 3);
	}
	assert_int_equal(rtw_plan(RTW_TEMPLATE_COUNT, start, ret, st, MAX_RTW_STEPS), ERR_INVALID);
	assert_int_equal(rtw_plan(RTW_BIRTH, start, start - 1, st, MAX_RTW_STEPS), ERR_INVALID);
	/* cap 2: the count, two filled */
	assert_true(rtw_plan(RTW_LONG_ILLNESS, start, ret, st, 2) > 2);
}

static void test_rit(void **state)
{
	(void)state;
	struct rit_settings s;
	struct rit_reminder r[RIT_REMINDER_COUNT];
	rit_settings_default(&s);
	assert_int_equal(rit_settings_check(&s), 0);

	/* incapacity from 6 Jan 2025: info 3 Feb (+28), TNW 17 Mar (+70), employer 6 Apr */
	struct rit_case c = {D(2025, 1, 6), 0, 0, 0, 0};
	int n = rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].kind, RIT_INFO);
	assert_int_equal(r[0].due, D(2025, 2, 3));
	assert_int_equal(r[1].kind, RIT_TNW);
	assert_int_equal(r[1].due, D(2025, 3, 17));
	assert_int_equal(r[2].kind, RIT_EMPLOYER_MAY);
	assert_int_equal(r[2].due, D(2025, 4, 6));

	/* request received 1 May: assessment within 49 days from the day after -> 19 Jun */
	c.request = D(2025, 5, 1);
	n = rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(n, 4);
	assert_int_equal(r[3].kind, RIT_ASSESSMENT);
	assert_int_equal(r[3].due, D(2025, 6, 19));

	/* decision A on 10 Jun: plan within 63 days -> 12 Aug */
	c.decision = D(2025, 6, 10);
	c.decision_kind = 'A';
	n = rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(n, 4);
	assert_int_equal(r[3].kind, RIT_PLAN);
	assert_int_equal(r[3].due, D(2025, 8, 12));
	/* decision B: 6 months -> 10 Dec */
	c.decision_kind = 'B';
	rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(r[3].due, D(2025, 12, 10));
	/* decision C: re-assessment after 3 months */
	c.decision_kind = 'C';
	rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(r[3].kind, RIT_REASSESS);
	assert_int_equal(r[3].due, D(2025, 9, 10));
	/* plan received 1 Aug: the worker answers within 14 days */
	c.decision_kind = 'A';
	c.plan_received = D(2025, 8, 1);
	n = rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(n, 4);
	assert_int_equal(r[3].kind, RIT_REPLY);
	assert_int_equal(r[3].due, D(2025, 8, 15));

	/* the dates come out sorted even when the incapacity is reported late */
	struct rit_case c2 = {D(2025, 1, 6), D(2025, 1, 20), 0, 0, 0};
	n = rit_reminders(&s, &c2, r, RIT_REMINDER_COUNT);
	for (int i = 1; i < n; i++)
		assert_true(r[i - 1].due <= r[i].due);
	assert_int_equal(r[0].kind, RIT_INFO);
	assert_int_equal(r[1].kind, RIT_ASSESSMENT);

	/* configurable */
	s.assessment_days = 40;
	rit_reminders(&s, &c2, r, RIT_REMINDER_COUNT);
	assert_int_equal(r[1].due, D(2025, 1, 20) + 40);
	s.assessment_days = 0;
	assert_int_equal(rit_reminders(&s, &c2, r, RIT_REMINDER_COUNT), ERR_INVALID);
	rit_settings_default(&s);
	c2.decision_kind = 'D';
	assert_int_equal(rit_reminders(&s, &c2, r, RIT_REMINDER_COUNT), ERR_INVALID);
}

/* ---- texts ---- */

/*
 * msgid has a Dutch and a French translation that differ from it (T()
 * returns the msgid itself when there is none); "orange" is the one word
 * French shares with English.
 */
static void translated(const char *msgid)
{
	const char *nl = T(LANG_NL, msgid);
	const char *fr = T(LANG_FR, msgid);
	if (strcmp(nl, msgid) == 0 || (strcmp(fr, msgid) == 0 && strcmp(msgid, "orange") != 0))
		fail_msg("not translated in po/nl or po/fr absence.po: \"%s\"", msgid);
}

static void test_guides(void **state)
{
	(void)state;
	for (int a = 0; a < POLICY_ACTION_COUNT; a++) {
		size_t n;
		const char *const *g = policy_guide((enum policy_action)a, &n);
		assert_non_null(g);
		assert_true(n >= 5 && n <= 8);
		int no_diagnosis = 0;
		for (size_t i = 0; i < n; i++) {
			translated(g[i]);
			if (strstr(g[i], "Never ask what the illness") ||
			    strstr(g[i], "never the diagnosis") ||
			    strstr(g[i], "chronic condition"))
				no_diagnosis = 1;
		}
		assert_true(no_diagnosis);
		translated(policy_action_name((enum policy_action)a));
		assert_true(strlen(policy_action_code((enum policy_action)a)) > 0);
	}
	size_t n;
	assert_null(policy_guide(POLICY_ACTION_COUNT, &n));
	assert_int_equal(n, 0);
}

static void test_translations(void **state)
{
	(void)state;
	struct rtw_step st[MAX_RTW_STEPS];
	for (int t = 0; t < RTW_TEMPLATE_COUNT; t++) {
		int n = rtw_plan((enum rtw_template)t, D(2025, 1, 1), D(2025, 6, 1), st,
				 MAX_RTW_STEPS);
		for (int i = 0; i < n; i++) {
			translated(st[i].title);
			translated(st[i].text);
		}
		translated(rtw_template_name((enum rtw_template)t));
	}
	for (int p = 0; p < RTW_PHASE_COUNT; p++)
		translated(rtw_phase_name((enum rtw_phase)p));
	struct rit_settings s;
	struct rit_reminder r[RIT_REMINDER_COUNT];
	rit_settings_default(&s);
	const struct rit_case cases[] = {
		{D(2025, 1, 1), D(2025, 3, 1), 0, 0, 0},
		{D(2025, 1, 1), D(2025, 3, 1), D(2025, 4, 1), 'A', 0},
		{D(2025, 1, 1), D(2025, 3, 1), D(2025, 4, 1), 'C', 0},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int n = rit_reminders(&s, &cases[k], r, RIT_REMINDER_COUNT);
		for (int i = 0; i < n; i++) {
			translated(r[i].title);
			translated(r[i].text);
		}
	}
	struct rit_case c = {0, 0, 0, 0, D(2025, 5, 1)};
	int n = rit_reminders(&s, &c, r, RIT_REMINDER_COUNT);
	assert_int_equal(n, 1);
	translated(r[0].title);
	translated(r[0].text);
	for (int i = 0; i < AI_COUNT; i++) {
		translated(absence_indicator_name((enum absence_ind)i));
		const char *u = absence_indicator_unit((enum absence_ind)i);
		if (*u && strcmp(u, "%") != 0)
			translated(u);
	}
	for (int k = 0; k < ABS_KIND_COUNT; k++)
		translated(absence_kind_name((enum absence_kind)k));
	for (int l = LIGHT_NONE; l <= LIGHT_RED; l++)
		translated(light_name((enum light)l));
	for (int t = TREND_NONE; t <= TREND_DOWN; t++)
		translated(trend_name((enum trend)t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_light_abs),
		cmocka_unit_test(test_light_vs_prev),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_overall),
		cmocka_unit_test(test_policy_escalation),
		cmocka_unit_test(test_policy_window),
		cmocka_unit_test(test_policy_bradford),
		cmocka_unit_test(test_rtw),
		cmocka_unit_test(test_rit),
		cmocka_unit_test(test_guides),
		cmocka_unit_test(test_translations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
