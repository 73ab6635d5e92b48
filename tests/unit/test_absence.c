/*
 * test_absence.c: dates, spells and the absence indicators against cases
 * computed by hand (the working is in the comments), and the anonymity
 * rule for unit figures.
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

#include "core/absence.h"

static int32_t D(int y, int m, int d)
{
	int32_t day = day_from_ymd(y, m, d);
	assert_true(day != INT32_MIN);
	return day;
}

static struct absence_record R(long emp, int32_t start, int32_t end, int kind, int pct)
{
	struct absence_record r = {emp, start, end, 0, (unsigned char)kind, (unsigned char)pct,
				   CERT_MEDICAL};
	return r;
}

static struct hr_event E(long emp, int32_t date, int type, int value)
{
	struct hr_event e = {emp, date, 0, (unsigned char)type, (unsigned char)value};
	return e;
}

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

static struct str S(const char *s)
{
	return str_from(s);
}

/* ---- dates ---- */

static void test_dates(void **state)
{
	(void)state;
	int32_t d;
	assert_int_equal(day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(day_from_ymd(1970, 1, 2), 1);
	assert_int_equal(day_from_ymd(1969, 12, 31), -1);
	assert_int_equal(day_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(D(1950, 1, 1), DAY_MIN);
	assert_int_equal(D(2199, 12, 31), DAY_MAX);
	assert_int_equal(day_from_ymd(2023, 2, 29), INT32_MIN);
	assert_int_equal(day_from_ymd(1900, 2, 29), INT32_MIN);
	assert_true(day_from_ymd(2000, 2, 29) != INT32_MIN);
	assert_int_equal(day_from_ymd(2024, 4, 31), INT32_MIN);
	assert_int_equal(day_from_ymd(2024, 13, 1), INT32_MIN);
	assert_int_equal(day_from_ymd(2024, 0, 1), INT32_MIN);

	/* every day of the range survives format -> parse */
	for (int32_t x = DAY_MIN; x <= DAY_MAX; x++) {
		char buf[11];
		day_format(x, buf);
		assert_int_equal(day_parse(S(buf), &d), 0);
		assert_int_equal(d, x);
	}

	assert_int_equal(day_parse(S("2024-02-29"), &d), 0);
	assert_int_equal(d, D(2024, 2, 29));
	const char *bad[] = {"2023-02-29", "2024-1-01", " 2024-01-01", "2024-01-01 ", "2024/01/01",
			     "24-01-01", "2024-01-1", "1949-12-31", "2200-01-01", "", "2024-00-10",
			     "2024-01-32", "２024-01-01", "2024-01-0a"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(day_parse(S(bad[i]), &d), -1);

	assert_int_equal(day_parse_dmy(S("01/02/2024"), &d), 0);
	assert_int_equal(d, D(2024, 2, 1));
	assert_int_equal(day_parse_dmy(S("1/2/2024"), &d), 0);
	assert_int_equal(d, D(2024, 2, 1));
	assert_int_equal(day_parse_dmy(S("29.02.2024"), &d), 0);
	assert_int_equal(day_parse_dmy(S("31-12-2025"), &d), 0);
	assert_int_equal(d, D(2025, 12, 31));
	const char *baddmy[] = {"01/02/24", "01/02-2024", "32/01/2024", "29/02/2023", "001/02/2024",
				"01/02/2024x", "/02/2024", "01//2024", "01/13/2024", "2024-01-01"};
	for (size_t i = 0; i < sizeof(baddmy) / sizeof(baddmy[0]); i++)
		assert_int_equal(day_parse_dmy(S(baddmy[i]), &d), -1);

	assert_int_equal(day_add_months(D(2024, 1, 31), 1), D(2024, 2, 29));
	assert_int_equal(day_add_months(D(2023, 1, 31), 1), D(2023, 2, 28));
	assert_int_equal(day_add_months(D(2024, 3, 31), -1), D(2024, 2, 29));
	assert_int_equal(day_add_months(D(2024, 11, 15), 3), D(2025, 2, 15));
	assert_int_equal(day_add_months(D(2025, 1, 6), -13), D(2023, 12, 6));
	assert_int_equal(day_add_months(D(2025, 8, 31), 6), D(2026, 2, 28));
}

/* ---- overlaps and spells ---- */

static void test_overlap(void **state)
{
	(void)state;
	size_t a, b;
	struct absence_record rec[] = {
		/* employee 2: adjacent records do not overlap */
		R(2, D(2025, 1, 11), D(2025, 1, 12), ABS_ILLNESS, 100),
		R(2, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
		/* employee 1: the second lies inside the first */
		R(1, D(2025, 1, 5), D(2025, 1, 6), ABS_ILLNESS, 100),
		R(1, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
	};
	absence_sort_records(rec, 4);
	assert_int_equal(rec[0].employee_id, 1);
	assert_int_equal(rec[0].start, D(2025, 1, 1));
	assert_int_equal(absence_check_overlap(rec, 4, &a, &b), 1);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(absence_overlaps(rec, 4, NULL, NULL), 1);
	/* without employee 1 nothing overlaps */
	assert_int_equal(absence_check_overlap(rec + 2, 2, &a, &b), 0);

	/* [1..10], [2..3], [4..5]: both later ones overlap the first (it reaches furthest) */
	struct absence_record r2[] = {
		R(7, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(7, D(2025, 1, 2), D(2025, 1, 3), ABS_ILLNESS, 100),
		R(7, D(2025, 1, 4), D(2025, 1, 5), ABS_ILLNESS, 100),
		R(8, D(2025, 1, 4), D(2025, 1, 5), ABS_ILLNESS, 100),
	};
	assert_int_equal(absence_overlaps(r2, 4, NULL, NULL), 2);
	/* a running record overlaps everything after it; same start overlaps */
	struct absence_record r3[] = {
		R(9, D(2025, 1, 1), DAY_OPEN, ABS_ILLNESS, 100),
		R(9, D(2026, 6, 1), D(2026, 6, 2), ABS_OTHER, 100),
	};
	assert_int_equal(absence_check_overlap(r3, 2, &a, &b), 1);
	struct absence_record r4[] = {
		R(9, D(2025, 1, 1), D(2025, 1, 1), ABS_ILLNESS, 100),
		R(9, D(2025, 1, 1), D(2025, 1, 1), ABS_ILLNESS, 100),
	};
	assert_int_equal(absence_check_overlap(r4, 2, &a, &b), 1);
	/* the sort puts an open record after a closed one with the same start */
	struct absence_record r5[] = {
		R(3, D(2025, 1, 1), DAY_OPEN, ABS_ILLNESS, 100),
		R(3, D(2025, 1, 1), D(2025, 1, 3), ABS_ILLNESS, 100),
	};
	absence_sort_records(r5, 2);
	assert_int_equal(r5[0].end, D(2025, 1, 3));
}

static void test_spells_relapse(void **state)
{
	(void)state;
	struct absence_spell sp[4];
	int32_t asof = D(2025, 12, 31);

	/* 1..5 March and 15..20 March: a gap of 9 days (6..14) joins with relapse 14 */
	struct absence_record a[] = {
		R(1, D(2025, 3, 1), D(2025, 3, 5), ABS_ILLNESS, 100),
		R(1, D(2025, 3, 15), D(2025, 3, 20), ABS_ILLNESS, 100),
	};
	assert_int_equal(absence_spells(a, 2, ABS_KINDS_SICKNESS, 14, asof, sp), 1);
	assert_int_equal(sp[0].start, D(2025, 3, 1));
	assert_int_equal(sp[0].end, D(2025, 3, 20));
	assert_int_equal(sp[0].days, 5 + 6); /* the gap is not absent */
	assert_int_equal(absence_spells(a, 2, ABS_KINDS_SICKNESS, 0, asof, sp), 2);
	assert_int_equal(absence_spells(a, 2, ABS_KINDS_SICKNESS, 8, asof, sp), 2);
	assert_int_equal(absence_spells(a, 2, ABS_KINDS_SICKNESS, 9, asof, sp), 1);

	/* gap of exactly 14 days (6..19): joined; 15 days (6..20): two spells */
	struct absence_record b[] = {
		R(1, D(2025, 3, 1), D(2025, 3, 5), ABS_ILLNESS, 100),
		R(1, D(2025, 3, 20), D(2025, 3, 22), ABS_ILLNESS, 100),
	};
	assert_int_equal(absence_spells(b, 2, ABS_KINDS_SICKNESS, 14, asof, sp), 1);
	b[1].start = D(2025, 3, 21);
	assert_int_equal(absence_spells(b, 2, ABS_KINDS_SICKNESS, 14, asof, sp), 2);

	/* adjacent records join even with relapse 0: full then half-time resumption */
	struct absence_record c[] = {
		R(1, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(1, D(2025, 1, 11), D(2025, 1, 30), ABS_ILLNESS, 50),
	};
	assert_int_equal(absence_spells(c, 2, ABS_KINDS_SICKNESS, 0, asof, sp), 1);
	assert_int_equal(sp[0].days, 30);
	assert_near(sp[0].wdays, 10 + 20 * 0.5);
	assert_int_equal(sp[0].kinds, ABS_KIND_BIT(ABS_ILLNESS));

	/* other kinds are left out and do not bridge a gap */
	struct absence_record d[] = {
		R(1, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(1, D(2025, 1, 11), D(2025, 4, 30), ABS_MATERNITY, 100),
		R(1, D(2025, 5, 1), D(2025, 5, 2), ABS_PRIVATE_ACCIDENT, 100),
	};
	assert_int_equal(absence_spells(d, 3, ABS_KINDS_SICKNESS, 14, asof, sp), 2);
	assert_int_equal(sp[1].kinds, ABS_KIND_BIT(ABS_PRIVATE_ACCIDENT));
	assert_int_equal(absence_spells(d, 3, ABS_KINDS_ALL, 14, asof, sp), 1);

	/* a running record counts up to asof; records after asof have not happened */
	struct absence_record e[] = {
		R(1, D(2025, 6, 1), DAY_OPEN, ABS_ILLNESS, 100),
		R(1, D(2025, 7, 1), D(2025, 7, 2), ABS_ILLNESS, 100),
	};
	assert_int_equal(absence_spells(e, 2, ABS_KINDS_SICKNESS, 14, D(2025, 6, 10), sp), 1);
	assert_int_equal(sp[0].end, DAY_OPEN);
	assert_int_equal(sp[0].days, 10);
	assert_int_equal(absence_spells(e, 2, ABS_KINDS_SICKNESS, 14, D(2025, 5, 31), sp), 0);

	/* a byte that is no kind (a damaged store row) counts nowhere */
	e[0].kind = 200;
	assert_int_equal(absence_spells(e, 1, ABS_KINDS_ALL, 14, D(2025, 6, 10), sp), 0);
	assert_false(absence_kind_in(ABS_KINDS_ALL, 200));
	assert_false(absence_kind_in(ABS_KINDS_ALL, ABS_KIND_COUNT));
	assert_true(absence_kind_in(ABS_KINDS_SICKNESS, ABS_PRIVATE_ACCIDENT));
	assert_false(absence_kind_in(ABS_KINDS_SICKNESS, ABS_MATERNITY));
}

/* ---- Bradford ---- */

static void test_bradford_domain_examples(void **state)
{
	(void)state;
	/*
	 * DOMAIN.md 4.1: 1 spell of 10 days -> 1^2 x 10 = 10; 5 spells of 2
	 * days -> 25 x 10 = 250; 10 spells of 1 day -> 100 x 10 = 1000. The
	 * spells lie 30 days apart, so the 14-day relapse rule keeps them
	 * apart, all within the 52 weeks ending 2025-12-31.
	 */
	struct absence_record rec[32];
	size_t n = 0;
	rec[n++] = R(1, D(2025, 3, 1), D(2025, 3, 10), ABS_ILLNESS, 100);
	for (int i = 0; i < 5; i++)
		rec[n++] = R(2, D(2025, 2, 1) + 30 * i, D(2025, 2, 1) + 30 * i + 1, ABS_ILLNESS,
			     100);
	for (int i = 0; i < 10; i++)
		rec[n++] = R(3, D(2025, 1, 15) + 30 * i, D(2025, 1, 15) + 30 * i, ABS_ILLNESS, 100);
	/* protected and work-accident records do not count by default */
	rec[n++] = R(3, D(2025, 12, 1), D(2025, 12, 20), ABS_MATERNITY, 100);
	rec[n++] = R(1, D(2025, 6, 1), D(2025, 6, 3), ABS_WORK_ACCIDENT, 100);
	struct absence_book b;
	assert_int_equal(absence_book_init(&b, rec, n, NULL, 0), 0);
	struct absence_person p;
	int32_t to = D(2025, 12, 31);
	assert_int_equal(absence_person_window(&b, 1, to, 364, ABS_KINDS_SICKNESS, 14, &p), 0);
	assert_int_equal(p.spells, 1);
	assert_near(p.bradford, 10);
	assert_int_equal(absence_person_window(&b, 2, to, 364, ABS_KINDS_SICKNESS, 14, &p), 0);
	assert_int_equal(p.spells, 5);
	assert_near(p.days, 10);
	assert_near(p.bradford, 250);
	assert_int_equal(absence_person_window(&b, 3, to, 364, ABS_KINDS_SICKNESS, 14, &p), 0);
	assert_near(p.bradford, 1000);
	assert_int_equal(p.last_start, D(2025, 1, 15) + 270);
	/* with relapse 30 the days 30 apart (gap 29) join into one spell of 10 days: 1 x 10 */
	assert_int_equal(absence_person_window(&b, 3, to, 364, ABS_KINDS_SICKNESS, 30, &p), 0);
	assert_near(p.bradford, 10);
	/* counting the maternity leave too: 11 spells, 30 days -> 121 x 30 */
	assert_int_equal(absence_person_window(&b, 3, to, 364, ABS_KINDS_ALL, 14, &p), 0);
	assert_near(p.bradford, 121 * 30);
	/* a shorter window: 2025-09-03..12-31 holds the 1-day spells of 12 Sep and 12 Oct */
	assert_int_equal(absence_person_window(&b, 3, to, 120, ABS_KINDS_SICKNESS, 14, &p), 0);
	assert_int_equal(p.spells, 2);
	assert_near(p.bradford, 4 * 2);
	/* nobody's records: zero */
	assert_int_equal(absence_person_window(&b, 99, to, 364, ABS_KINDS_SICKNESS, 14, &p), 0);
	assert_near(p.bradford, 0);
	assert_int_equal(absence_person_window(&b, 1, to, 0, ABS_KINDS_SICKNESS, 14, &p),
			 ERR_INVALID);
	absence_book_release(&b);
	assert_near(absence_bradford(5, 2.5), 62.5);
}

/* ---- indicators ---- */

static void test_rate_part_time_partial(void **state)
{
	(void)state;
	/*
	 * January 2025 (31 days), three employees employed throughout:
	 *  A full-time (no events): ill 6..10 Jan at 100 %      -> 5 absent days
	 *  B at 50 % FTE (hired 2024): ill 13..26 Jan at 100 %   -> 14 x 0.5 = 7
	 *  C full-time: ill 1..10 Jan at 100 %, then half-time resumption
	 *    from 11 Jan, still running at 50 %                  -> 10 + 21 x 0.5 = 20.5
	 * FTE days 31 + 15.5 + 31 = 77.5; absent 32.5; rate 32.5 / 77.5 = 41.935 %.
	 * Classes: A's spell 5 days and B's 14 are short (7 + 5 = 12 weighted
	 * days); C's spell reaches 31 days by 31 Jan: medium (20.5).
	 * New spells 3 -> frequency 3 / 3 heads x 365/31 = 11.774. Ended in
	 * January: A (5 days) and B (14): mean duration 9.5. Nobody has zero.
	 */
	struct absence_record rec[] = {
		R(1, D(2025, 1, 6), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(2, D(2025, 1, 13), D(2025, 1, 26), ABS_ILLNESS, 100),
		R(3, D(2025, 1, 1), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(3, D(2025, 1, 11), DAY_OPEN, ABS_ILLNESS, 50),
	};
	struct hr_event ev[] = {E(2, D(2024, 1, 1), HR_HIRE, 50)};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {3, 1, 2, 2}; /* any order, duplicates once */

	absence_settings_default(&s);
	absence_book_init(&b, rec, 4, ev, 1);
	assert_int_equal(absence_indicators(&b, ids, 4, D(2025, 1, 1), D(2025, 1, 31), &s, &v), 0);
	assert_int_equal(v.period_days, 31);
	assert_int_equal(v.headcount, 3);
	assert_near(v.avg_headcount, 3);
	assert_near(v.fte_days, 77.5);
	assert_near(v.absent_days, 32.5);
	assert_near(v.rate, 100.0 * 32.5 / 77.5);
	assert_near(v.class_days[ABS_SHORT], 12);
	assert_near(v.class_days[ABS_MEDIUM], 20.5);
	assert_near(v.class_days[ABS_LONG], 0);
	assert_near(v.rate_class[ABS_SHORT], 100.0 * 12 / 77.5);
	assert_near(absence_indicator_value(&v, AI_RATE_MEDIUM), 100.0 * 20.5 / 77.5);
	assert_int_equal(v.new_spells, 3);
	assert_near(v.frequency, 3.0 / 3.0 * 365.0 / 31.0);
	assert_int_equal(v.ended_spells, 2);
	assert_near(v.mean_duration, 9.5);
	assert_int_equal(v.zero_absence, 0);
	assert_near(v.zero_share, 0);
	/* unweighted absent days 5 + 14 + 31 = 50 per 3 heads, annualised */
	assert_near(v.days_per_head, 50.0 / 3.0 * 365.0 / 31.0);
	assert_int_equal(v.leavers, 0);
	assert_near(v.turnover, 0);

	/* B alone: rate 7 / 15.5 = 45.16 %: the same 14 days, half the contract */
	long onlyb[] = {2};
	absence_indicators(&b, onlyb, 1, D(2025, 1, 1), D(2025, 1, 31), &s, &v);
	assert_near(v.rate, 100.0 * 7 / 15.5);

	/* from > to is refused; so are settings out of range */
	assert_int_equal(absence_indicators(&b, ids, 4, D(2025, 2, 1), D(2025, 1, 31), &s, &v),
			 ERR_INVALID);
	s.relapse_days = -1;
	assert_int_equal(absence_indicators(&b, ids, 4, D(2025, 1, 1), D(2025, 1, 31), &s, &v),
			 ERR_INVALID);
	absence_book_release(&b);
}

static void test_period_ends(void **state)
{
	(void)state;
	/*
	 * February 2025 (28 days), three full-timers:
	 *  D ill 20 Jan..5 Feb (17 days): 5 days in February; not a new spell;
	 *    it ended in February, its duration counts all 17 days.
	 *  E ill 25 Feb..10 Mar: 4 days in February; a new spell; not ended.
	 *  F never absent.
	 * Absent 9 of 84 -> 10.714 %; new spells 1 -> 1/3 x 365/28; ended 1,
	 * mean duration 17; zero-absence 1 of 3.
	 */
	struct absence_record rec[] = {
		R(4, D(2025, 1, 20), D(2025, 2, 5), ABS_ILLNESS, 100),
		R(5, D(2025, 2, 25), D(2025, 3, 10), ABS_ILLNESS, 100),
	};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {4, 5, 6};

	absence_settings_default(&s);
	absence_book_init(&b, rec, 2, NULL, 0);
	absence_indicators(&b, ids, 3, D(2025, 2, 1), D(2025, 2, 28), &s, &v);
	assert_near(v.absent_days, 9);
	assert_near(v.rate, 100.0 * 9 / 84);
	assert_int_equal(v.new_spells, 1);
	assert_near(v.frequency, 1.0 / 3.0 * 365.0 / 28.0);
	assert_int_equal(v.ended_spells, 1);
	assert_near(v.mean_duration, 17);
	assert_int_equal(v.zero_absence, 1);
	assert_near(v.zero_share, 100.0 / 3.0);

	/* March: E's spell ends on 10 March with 14 days; D is gone from view */
	absence_indicators(&b, ids, 3, D(2025, 3, 1), D(2025, 3, 31), &s, &v);
	assert_near(v.absent_days, 10);
	assert_int_equal(v.new_spells, 0);
	assert_int_equal(v.ended_spells, 1);
	assert_near(v.mean_duration, 14);
	assert_int_equal(v.zero_absence, 2);
	/* no spell ended in April: the mean duration is not a number, not zero */
	absence_indicators(&b, ids, 3, D(2025, 4, 1), D(2025, 4, 30), &s, &v);
	assert_true(isnan(v.mean_duration));
	assert_near(v.rate, 0);
	absence_book_release(&b);
}

static void test_classes_long(void **state)
{
	(void)state;
	/*
	 * A spell from 1 Jan 2024 still running: by 31 Jan 2025 it has 397
	 * days (> 365): all its January days are long. A 31-day spell is
	 * medium (short is at most 30 days), a 30-day one short.
	 */
	struct absence_record rec[] = {
		R(1, D(2024, 1, 1), DAY_OPEN, ABS_ILLNESS, 100),
		R(2, D(2025, 1, 1), D(2025, 1, 31), ABS_ILLNESS, 100),
		R(3, D(2025, 1, 1), D(2025, 1, 30), ABS_ILLNESS, 100),
	};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {1, 2, 3};
	absence_settings_default(&s);
	absence_book_init(&b, rec, 3, NULL, 0);
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 1, 31), &s, &v);
	assert_near(v.class_days[ABS_LONG], 31);
	assert_near(v.class_days[ABS_MEDIUM], 31);
	assert_near(v.class_days[ABS_SHORT], 30);
	assert_near(v.rate, 100.0 * 92 / 93);
	/* C's 30-day spell ended in January, B's 31-day spell too */
	assert_int_equal(v.ended_spells, 2);
	assert_near(v.mean_duration, 30.5);
	absence_book_release(&b);
}

static void test_protected_excluded(void **state)
{
	(void)state;
	/*
	 * H on maternity leave all of Q1 2025, J with a work accident of 10
	 * days, K ill 2 days. By default only K counts: 2 of 3 x 90 days.
	 */
	struct absence_record rec[] = {
		R(1, D(2025, 1, 1), D(2025, 3, 31), ABS_MATERNITY, 100),
		R(2, D(2025, 2, 1), D(2025, 2, 10), ABS_WORK_ACCIDENT, 100),
		R(3, D(2025, 3, 3), D(2025, 3, 4), ABS_ILLNESS, 100),
	};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {1, 2, 3};
	absence_settings_default(&s);
	absence_book_init(&b, rec, 3, NULL, 0);
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 3, 31), &s, &v);
	assert_near(v.absent_days, 2);
	assert_near(v.rate, 100.0 * 2 / 270);
	assert_int_equal(v.new_spells, 1);
	assert_int_equal(v.zero_absence, 2);
	assert_near(v.bradford_mean, (1 * 2) / 3.0);
	/* counting maternity too: 90 + 2 days, two spells */
	s.kinds |= ABS_KIND_BIT(ABS_MATERNITY);
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 3, 31), &s, &v);
	assert_near(v.absent_days, 92);
	assert_int_equal(v.new_spells, 2);
	/* ... but the Bradford factor keeps its own kinds */
	assert_near(v.bradford_mean, 2 / 3.0);
	absence_book_release(&b);
}

static void test_employment(void **state)
{
	(void)state;
	/*
	 * January 2025 (31 days):
	 *  I hired 16 Jan: employed 16 days; ill 5..10 Jan (before hire: not
	 *    counted) and 20..21 Jan (2 days).
	 *  J leaves 20 Jan (last day): employed 20 days; a leaver.
	 *  K hired 1 Feb: not in January's headcount at all.
	 *  L 80 % until 15 Jan, 100 % from 16 Jan: 15 x 0.8 + 16 = 28 FTE days;
	 *    ill 14..17 Jan: 2 x 0.8 + 2 x 1 = 3.6.
	 *  M left in 2024 and was re-hired 11 Jan 2025: employed 21 days.
	 *  N had a work accident on 3 Jan (no absence).
	 * Person-days 16 + 20 + 31 + 21 + 31 = 119 -> average heads 119/31.
	 * FTE days 16 + 20 + 28 + 21 + 31 = 116; absent 2 + 3.6 = 5.6.
	 */
	struct absence_record rec[] = {
		R(1, D(2025, 1, 5), D(2025, 1, 10), ABS_ILLNESS, 100),
		R(1, D(2025, 1, 20), D(2025, 1, 21), ABS_ILLNESS, 100),
		R(4, D(2025, 1, 14), D(2025, 1, 17), ABS_ILLNESS, 100),
	};
	struct hr_event ev[] = {
		E(1, D(2025, 1, 16), HR_HIRE, 100),
		E(2, D(2025, 1, 20), HR_LEAVE, 0),
		E(3, D(2025, 2, 1), HR_HIRE, 100),
		E(4, D(2020, 1, 1), HR_HIRE, 80),
		E(4, D(2025, 1, 16), HR_FTE, 100),
		E(5, D(2024, 6, 30), HR_LEAVE, 0),
		E(5, D(2025, 1, 11), HR_HIRE, 0),
		E(6, D(2025, 1, 3), HR_WORK_ACCIDENT, 0),
	};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {1, 2, 3, 4, 5, 6};
	absence_settings_default(&s);
	absence_book_init(&b, rec, 3, ev, 8);
	absence_indicators(&b, ids, 6, D(2025, 1, 1), D(2025, 1, 31), &s, &v);
	assert_int_equal(v.headcount, 5);
	assert_near(v.avg_headcount, 119.0 / 31);
	assert_near(v.fte_days, 116);
	assert_near(v.absent_days, 5.6);
	assert_int_equal(v.leavers, 1);
	assert_near(v.turnover, 100.0 * 1 / (119.0 / 31) * 365 / 31);
	assert_int_equal(v.accidents, 1);
	assert_near(v.accidents_per_100, 100.0 * 1 / (119.0 / 31) * 365 / 31);
	/* I's absence before the hire does not make I absent; J, M and N have none */
	assert_int_equal(v.zero_absence, 3);
	/* K alone: nobody employed, every ratio is not a number */
	long k[] = {3};
	absence_indicators(&b, k, 1, D(2025, 1, 1), D(2025, 1, 31), &s, &v);
	assert_int_equal(v.headcount, 0);
	assert_true(isnan(v.rate));
	assert_true(isnan(v.frequency));
	assert_true(isnan(v.zero_share));
	/* default FTE applies to people without FTE data */
	s.default_fte = 50;
	long n6[] = {6};
	absence_indicators(&b, n6, 1, D(2025, 1, 1), D(2025, 1, 31), &s, &v);
	assert_near(v.fte_days, 15.5);
	absence_book_release(&b);
}

static void test_frequent_and_bradford_share(void **state)
{
	(void)state;
	/*
	 * Year 2025. P: 3 one-day spells (Mar, Jun, Sep) -> frequent (>= 3),
	 * Bradford 9 x 3 = 27. Q: 2 spells of 5 days -> 4 x 10 = 40. R: 4
	 * one-day spells -> 16 x 4 = 64, frequent. With threshold 30: Q and
	 * R above. Means: (27 + 40 + 64) / 3.
	 */
	struct absence_record rec[] = {
		R(1, D(2025, 3, 3), D(2025, 3, 3), ABS_ILLNESS, 100),
		R(1, D(2025, 6, 2), D(2025, 6, 2), ABS_ILLNESS, 100),
		R(1, D(2025, 9, 1), D(2025, 9, 1), ABS_ILLNESS, 100),
		R(2, D(2025, 2, 3), D(2025, 2, 7), ABS_ILLNESS, 100),
		R(2, D(2025, 10, 6), D(2025, 10, 10), ABS_ILLNESS, 100),
		R(3, D(2025, 1, 6), D(2025, 1, 6), ABS_ILLNESS, 100),
		R(3, D(2025, 4, 7), D(2025, 4, 7), ABS_ILLNESS, 100),
		R(3, D(2025, 7, 7), D(2025, 7, 7), ABS_ILLNESS, 100),
		R(3, D(2025, 11, 3), D(2025, 11, 3), ABS_ILLNESS, 100),
	};
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators v;
	long ids[] = {1, 2, 3};
	absence_settings_default(&s);
	s.bradford_threshold = 30;
	absence_book_init(&b, rec, 9, NULL, 0);
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 12, 31), &s, &v);
	assert_int_equal(v.frequent, 2);
	assert_near(v.frequent_share, 200.0 / 3);
	assert_near(v.bradford_mean, (27 + 40 + 64) / 3.0);
	assert_int_equal(v.bradford_over, 2);
	assert_near(v.bradford_over_share, 200.0 / 3);
	assert_int_equal(v.new_spells, 9);
	assert_near(v.frequency, 9.0 / 3.0);
	/* the windows end at `to`: looking at the first quarter only, P had
	 * one spell in the 365 days up to 31 Mar and is not frequent */
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 3, 31), &s, &v);
	assert_int_equal(v.frequent, 0);
	/* relapse joining: with 120 days the gaps between P's spells (90, 90 days)
	 * and R's (90, 90, 118) are relapses: one spell each, nobody frequent */
	s.relapse_days = 120;
	absence_indicators(&b, ids, 3, D(2025, 1, 1), D(2025, 12, 31), &s, &v);
	assert_int_equal(v.frequent, 0);
	absence_book_release(&b);
}

static void test_book(void **state)
{
	(void)state;
	struct absence_record rec[] = {
		R(30, D(2025, 1, 1), D(2025, 1, 2), ABS_ILLNESS, 100),
		R(10, D(2025, 1, 1), D(2025, 1, 2), ABS_ILLNESS, 100),
		R(30, D(2024, 1, 1), D(2024, 1, 2), ABS_ILLNESS, 100),
	};
	struct hr_event ev[] = {
		E(20, D(2025, 1, 1), HR_HIRE, 100),
		E(30, D(2025, 1, 1), HR_FTE, 50),
	};
	struct absence_book b;
	absence_book_init(&b, rec, 3, ev, 2);
	assert_int_equal(b.nemp, 3);
	const struct absence_emp *e = absence_book_find(&b, 30);
	assert_non_null(e);
	assert_int_equal(e->rec_n, 2);
	assert_int_equal(e->ev_n, 1);
	assert_int_equal(b.rec[e->rec_off].start, D(2024, 1, 1));
	e = absence_book_find(&b, 20);
	assert_non_null(e);
	assert_int_equal(e->rec_n, 0);
	assert_int_equal(e->ev_n, 1);
	assert_null(absence_book_find(&b, 15));
	assert_null(absence_book_find(&b, 40));
	absence_book_release(&b);
	/* an empty book */
	absence_book_init(&b, NULL, 0, NULL, 0);
	assert_null(absence_book_find(&b, 1));
	struct absence_indicators v;
	struct absence_settings s;
	absence_settings_default(&s);
	long ids[] = {1, 2};
	assert_int_equal(absence_indicators(&b, ids, 2, D(2025, 1, 1), D(2025, 1, 31), &s, &v), 0);
	assert_int_equal(v.headcount, 2);
	assert_near(v.rate, 0);
	assert_near(v.zero_share, 100);
	assert_int_equal(absence_indicators(&b, NULL, 0, D(2025, 1, 1), D(2025, 1, 31), &s, &v), 0);
	assert_true(isnan(v.rate));
	absence_book_release(&b);
}

/*
 * The union of two disjoint groups has the sums of their counts: a check
 * that nothing is counted per call instead of per employee, on a larger
 * generated population.
 */
static void test_additive(void **state)
{
	(void)state;
	enum { NEMP = 500 };
	struct absence_record *rec = malloc(NEMP * 12 * sizeof(*rec));
	size_t n = 0;
	unsigned seed = 12345;
	for (long e = 1; e <= NEMP; e++) {
		int32_t d = D(2024, 1, 1);
		for (int i = 0; i < 12; i++) {
			seed = seed * 1103515245u + 12345u;
			d += 5 + (int32_t)(seed >> 16) % 60;
			int len = 1 + (int)((seed >> 8) % 20);
			int kind = (int)((seed >> 4) % ABS_KIND_COUNT);
			rec[n++] = R(e, d, d + len - 1, kind, (seed & 1) ? 100 : 50);
			d += len;
		}
	}
	struct absence_book b;
	struct absence_settings s;
	struct absence_indicators all, x, y;
	absence_settings_default(&s);
	absence_book_init(&b, rec, n, NULL, 0);
	assert_int_equal(absence_overlaps(rec, n, NULL, NULL), 0);
	long ids[NEMP];
	for (int i = 0; i < NEMP; i++)
		ids[i] = i + 1;
	int32_t from = D(2025, 1, 1), to = D(2025, 6, 30);
	absence_indicators(&b, ids, NEMP, from, to, &s, &all);
	absence_indicators(&b, ids, NEMP / 2, from, to, &s, &x);
	absence_indicators(&b, ids + NEMP / 2, NEMP - NEMP / 2, from, to, &s, &y);
	assert_int_equal(all.headcount, NEMP);
	assert_int_equal(all.new_spells, x.new_spells + y.new_spells);
	assert_int_equal(all.ended_spells, x.ended_spells + y.ended_spells);
	assert_int_equal(all.zero_absence, x.zero_absence + y.zero_absence);
	assert_int_equal(all.frequent, x.frequent + y.frequent);
	assert_true(fabs(all.absent_days - x.absent_days - y.absent_days) < 1e-6);
	assert_true(all.new_spells > 0 && all.rate > 0 && all.rate < 100);
	absence_book_release(&b);
	free(rec);
}

static void test_indicator_list(void **state)
{
	(void)state;
	for (int i = 0; i < AI_COUNT; i++) {
		const char *c = absence_indicator_code((enum absence_ind)i);
		assert_non_null(c);
		assert_int_equal(absence_indicator_by_code(c), i);
		assert_true(strlen(absence_indicator_name((enum absence_ind)i)) > 0);
	}
	assert_null(absence_indicator_code(AI_COUNT));
	assert_int_equal(absence_indicator_by_code("nope"), -1);
	for (int k = 0; k < ABS_KIND_COUNT; k++)
		assert_true(strlen(absence_kind_code((enum absence_kind)k)) > 0);
	struct absence_settings s;
	absence_settings_default(&s);
	assert_int_equal(absence_settings_check(&s), 0);
	assert_int_equal(s.kinds & ABS_KINDS_PROTECTED, 0);
	assert_int_equal(s.kinds_bradford & ABS_KINDS_PROTECTED, 0);
	s.medium_max_days = s.short_max_days;
	assert_int_equal(absence_settings_check(&s), ERR_INVALID);
}

/* ---- anonymity ---- */

/* The rule of absence_suppress_units, checked from scratch on the result. */
static void check_rule(int n, const int *parent, const long *heads, int k,
		       const unsigned char *show)
{
	for (int u = 0; u < n; u++) {
		if (!show[u])
			continue;
		assert_true(heads[u] >= k);
		/* nearest shown descendants: shown v whose path up to u has no shown unit */
		long rem = heads[u];
		for (int v = 0; v < n; v++) {
			if (v == u || !show[v])
				continue;
			int p = parent[v], blocked = 0;
			while (p >= 0 && p != u) {
				if (show[p])
					blocked = 1;
				p = parent[p];
			}
			if (p == u && !blocked)
				rem -= heads[v];
		}
		assert_true(rem == 0 || rem >= k);
		/* and so no shown ancestor and descendant differ by 1..k-1 people */
		for (int a = parent[u]; a >= 0; a = parent[a]) {
			long diff = heads[a] - heads[u];
			if (show[a])
				assert_true(diff == 0 || diff >= k);
		}
	}
}

static void test_suppress(void **state)
{
	(void)state;
	unsigned char show[8];
	/* root 12 = 5 + 7: everything may be shown */
	int p1[] = {-1, 0, 0};
	long h1[] = {12, 5, 7};
	assert_int_equal(absence_suppress_units(3, p1, h1, 5, show), 0);
	assert_true(show[0] && show[1] && show[2]);
	/* root 12 = 10 + 2: the 2 are hidden, and then root - 10 would give them
	 * away, so the 10 are hidden too */
	long h2[] = {12, 10, 2};
	absence_suppress_units(3, p1, h2, 5, show);
	assert_true(show[0]);
	assert_false(show[1]);
	assert_false(show[2]);
	check_rule(3, p1, h2, 5, show);
	/* a chain: 8 -> 6 (difference 2): the child goes */
	int p3[] = {-1, 0};
	long h3[] = {8, 6};
	absence_suppress_units(2, p3, h3, 5, show);
	assert_true(show[0]);
	assert_false(show[1]);
	/* a chain 9 -> 9 -> 4: the same people twice is fine; 4 hidden */
	int p4[] = {-1, 0, 1};
	long h4[] = {9, 9, 4};
	absence_suppress_units(3, p4, h4, 5, show);
	assert_true(show[0] && show[1]);
	assert_false(show[2]);
	check_rule(3, p4, h4, 5, show);
	/* too small overall: nothing */
	long h5[] = {4, 2, 2};
	absence_suppress_units(3, p1, h5, 5, show);
	assert_false(show[0] || show[1] || show[2]);
	/* k below 3, a cycle, a parent out of range */
	assert_int_equal(absence_suppress_units(3, p1, h1, 2, show), ERR_INVALID);
	int cyc[] = {1, 0};
	assert_int_equal(absence_suppress_units(2, cyc, h3, 5, show), ERR_INVALID);
	int out[] = {-1, 7};
	assert_int_equal(absence_suppress_units(2, out, h3, 5, show), ERR_INVALID);

	/* random trees: the rule holds after suppression, whatever the counts */
	unsigned seed = 99;
	for (int round = 0; round < 2000; round++) {
		int n = 1 + round % 30;
		int parent[30];
		long own[30], heads[30];
		unsigned char sh[30];
		for (int u = 0; u < n; u++) {
			seed = seed * 1103515245u + 12345u;
			parent[u] = u == 0 ? -1 : (int)((seed >> 16) % (unsigned)u);
			own[u] = (long)((seed >> 8) % 9);
		}
		for (int u = 0; u < n; u++)
			heads[u] = 0;
		for (int u = 0; u < n; u++)
			for (int v = u; v >= 0; v = parent[v])
				heads[v] += own[u];
		int k = 3 + round % 5;
		assert_int_equal(absence_suppress_units(n, parent, heads, k, sh), 0);
		check_rule(n, parent, heads, k, sh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_spells_relapse),
		cmocka_unit_test(test_bradford_domain_examples),
		cmocka_unit_test(test_rate_part_time_partial),
		cmocka_unit_test(test_period_ends),
		cmocka_unit_test(test_classes_long),
		cmocka_unit_test(test_protected_excluded),
		cmocka_unit_test(test_employment),
		cmocka_unit_test(test_frequent_and_bradford_share),
		cmocka_unit_test(test_book),
		cmocka_unit_test(test_additive),
		cmocka_unit_test(test_indicator_list),
		cmocka_unit_test(test_suppress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
