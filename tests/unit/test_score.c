/*
 * test_score.c: scale scores with reverse keying and missing answers,
 * answer validation, risk zones at and around the cut points in both
 * directions, and the names of kinds and 5 A's domains. Every expected
 * score here is computed by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/util.h"
#include "core/instrument.h"

/*
 * Three scales. dem: a demand on 5 points, orange 3.25, red 4, items d1-d4
 * with d4 reverse-keyed, default min_items (3). res: a resource on 7
 * points, red 2.5, orange 3.25, min_items 2, items r1-r3 with r3 reversed.
 * out: an outcome on 5 points, min_items 1, items o1-o2.
 * Item indices: d1-d4 = 0-3, r1-r3 = 4-6, o1-o2 = 7-8.
 */
enum { D1, D2, D3, D4, R1, R2, R3, O1, O2, NITEMS };
enum { DEM, RES, OUT };

static const char *const texts[] = {"name", "description", "feedback.green", "feedback.orange",
				    "feedback.red"};

static void put_texts(struct buf *b, const char *key)
{
	assert_int_equal(buf_printf(b, "%s.nl x\n%s.fr x\n%s.en x\n", key, key, key), 0);
}

static void put_answers(struct buf *b, const char *id, int points)
{
	assert_int_equal(buf_printf(b, "[answers %s]\npoints %d\n", id, points), 0);
	for (int k = 1; k <= points; k++) {
		char key[32];
		snprintf(key, sizeof(key), "label.%d", k);
		put_texts(b, key);
	}
}

static void put_scale(struct buf *b, const char *head)
{
	assert_int_equal(buf_puts(b, head), 0);
	for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
		put_texts(b, texts[k]);
}

static void put_item(struct buf *b, struct buf *page, const char *id, const char *scale,
		     const char *answers, int reverse)
{
	assert_int_equal(buf_printf(b, "[item %s]\nscale %s\nanswers %s\nreverse %s\n", id, scale,
				    answers, reverse ? "yes" : "no"), 0);
	put_texts(b, "text");
	assert_int_equal(buf_printf(page, "item %s\n", id), 0);
}

static int setup(void **state)
{
	struct buf b = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct buf page = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct instrument *ins = xcalloc(1, sizeof(*ins));
	struct diag d;

	assert_int_equal(buf_puts(&b, "hartslag-instrument 1\nid score-test\nversion 1\n"), 0);
	put_texts(&b, "title");
	put_texts(&b, "intro");
	put_answers(&b, "a5", 5);
	put_answers(&b, "a7", 7);
	put_scale(&b, "[scale dem]\nkind demand\nfive_a organisation\nhigher_is_better no\n"
		      "orange 3.25\nred 4\n");
	put_scale(&b, "[scale res]\nkind resource\nfive_a relations\nhigher_is_better yes\n"
		      "red 2.5\norange 3.25\nmin_items 2\n");
	put_scale(&b, "[scale out]\nkind outcome\nhigher_is_better yes\nred 2\norange 3\n"
		      "min_items 1\n");
	put_item(&b, &page, "d1", "dem", "a5", 0);
	put_item(&b, &page, "d2", "dem", "a5", 0);
	put_item(&b, &page, "d3", "dem", "a5", 0);
	put_item(&b, &page, "d4", "dem", "a5", 1);
	put_item(&b, &page, "r1", "res", "a7", 0);
	put_item(&b, &page, "r2", "res", "a7", 0);
	put_item(&b, &page, "r3", "res", "a7", 1);
	put_item(&b, &page, "o1", "out", "a5", 0);
	put_item(&b, &page, "o2", "out", "a5", 0);
	assert_int_equal(buf_puts(&b, "[page]\n"), 0);
	put_texts(&b, "title");
	assert_int_equal(buf_append(&b, page.p, page.len), 0);

	if (instrument_parse(ins, "score-test", b.p, b.len, &d))
		fail_msg("line %ld: %s", d.line, d.msg);
	assert_int_equal(ins->nitems, NITEMS);
	assert_int_equal(ins->scales[DEM].min_items, 3);
	assert_int_equal(ins->scales[RES].points, 7);
	buf_release(&b);
	buf_release(&page);
	*state = ins;
	return 0;
}

static int teardown(void **state)
{
	instrument_release(*state);
	free(*state);
	return 0;
}

static void assert_score(double got, double want)
{
	if (isnan(want)) {
		if (!isnan(got))
			fail_msg("expected no score (NAN), got %g", got);
		return;
	}
	if (isnan(got) || fabs(got - want) > 1e-12)
		fail_msg("expected %.6f, got %.6f", want, got);
}

static void test_all_answered(void **state)
{
	const struct instrument *ins = *state;
	uint8_t a[NITEMS] = {[D1] = 4, [D2] = 2, [D3] = 5, [D4] = 1,
			     [R1] = 7, [R2] = 6, [R3] = 2, [O1] = 3, [O2] = 4};
	double s[3];

	assert_int_equal(instrument_score(ins, a, s), 3);
	assert_score(s[DEM], (4 + 2 + 5 + (6 - 1)) / 4.0); /* d4 reversed: 5 + 1 - 1 = 5 */
	assert_score(s[RES], (7 + 6 + (8 - 2)) / 3.0);     /* r3 reversed on 7 points: 6 */
	assert_score(s[OUT], 3.5);

	/* The middle answer is its own reverse; the ends swap. */
	uint8_t mid[NITEMS] = {3, 3, 3, 3, 4, 4, 4, 3, 3};
	assert_int_equal(instrument_score(ins, mid, s), 3);
	assert_score(s[DEM], 3.0);
	assert_score(s[RES], 4.0);
	uint8_t low[NITEMS] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
	assert_int_equal(instrument_score(ins, low, s), 3);
	assert_score(s[DEM], (1 + 1 + 1 + 5) / 4.0);
	assert_score(s[RES], (1 + 1 + 7) / 3.0);
	assert_score(s[OUT], 1.0);
}

static void test_missing_items(void **state)
{
	const struct instrument *ins = *state;
	double s[3];

	/* dem needs 3 of 4: one missing still scores, on the answered items only. */
	uint8_t a[NITEMS] = {[D1] = 4, [D2] = 0, [D3] = 5, [D4] = 1, [R2] = 6, [R3] = 2};
	assert_int_equal(instrument_score(ins, a, s), 2);
	assert_score(s[DEM], (4 + 5 + 5) / 3.0);
	assert_score(s[RES], (6 + 6) / 2.0); /* exactly min_items 2 */
	assert_score(s[OUT], NAN);          /* nothing answered, even with min_items 1 */

	/* Below min_items: no score. */
	uint8_t b[NITEMS] = {[D1] = 4, [D4] = 1, [R3] = 2, [O2] = 4};
	assert_int_equal(instrument_score(ins, b, s), 1);
	assert_score(s[DEM], NAN);
	assert_score(s[RES], NAN);
	assert_score(s[OUT], 4.0); /* min_items 1 */

	uint8_t none[NITEMS] = {0};
	assert_int_equal(instrument_score(ins, none, s), 0);
	for (int k = 0; k < 3; k++)
		assert_score(s[k], NAN);
}

static void test_out_of_range_is_missing(void **state)
{
	const struct instrument *ins = *state;
	double s[3];

	/* 6 on a 5-point item and 8 on a 7-point item count as not answered. */
	uint8_t a[NITEMS] = {[D1] = 6, [D2] = 2, [D3] = 4, [D4] = 2,
			     [R1] = 8, [R2] = 7, [R3] = 255, [O1] = 9, [O2] = 2};
	assert_int_equal(instrument_score(ins, a, s), 2);
	assert_score(s[DEM], (2 + 4 + 4) / 3.0);
	assert_score(s[RES], NAN);
	assert_score(s[OUT], 2.0);
}

static void test_answers_valid(void **state)
{
	const struct instrument *ins = *state;
	uint8_t a[NITEMS] = {0};

	assert_true(instrument_answers_valid(ins, a));
	memset(a, 5, sizeof(a));
	assert_true(instrument_answers_valid(ins, a));
	a[R1] = 7;
	assert_true(instrument_answers_valid(ins, a));
	a[D2] = 6; /* 6 on a 5-point item */
	assert_false(instrument_answers_valid(ins, a));
	a[D2] = 1;
	a[O2] = 6; /* also on the last item */
	assert_false(instrument_answers_valid(ins, a));
	a[O2] = 0;
	a[R3] = 8; /* past 7 points */
	assert_false(instrument_answers_valid(ins, a));
	a[R3] = 6; /* 6 is fine on a 7-point item */
	assert_true(instrument_answers_valid(ins, a));
	a[D1] = 255;
	assert_false(instrument_answers_valid(ins, a));
}

static void test_zone_higher_is_worse(void **state)
{
	const struct instrument *ins = *state;
	const struct scale *sc = &ins->scales[DEM]; /* orange 3.25, red 4 */

	assert_int_equal(scale_zone(sc, 1.0), ZONE_GREEN);
	assert_int_equal(scale_zone(sc, 3.2499), ZONE_GREEN);
	assert_int_equal(scale_zone(sc, 3.25), ZONE_ORANGE);
	assert_int_equal(scale_zone(sc, 3.25 - 1e-12), ZONE_ORANGE); /* rounding noise */
	assert_int_equal(scale_zone(sc, 3.9999), ZONE_ORANGE);
	assert_int_equal(scale_zone(sc, 4.0), ZONE_RED);
	assert_int_equal(scale_zone(sc, 5.0), ZONE_RED);
	assert_int_equal(scale_zone(sc, NAN), ZONE_NONE);

	/* Scores that land exactly on a cut point from the answers. */
	double s[3];
	uint8_t green[NITEMS] = {4, 3, 3, 5};   /* 4 + 3 + 3 + 1 = 11 / 4 = 2.75 */
	instrument_score(ins, green, s);
	assert_int_equal(scale_zone(sc, s[DEM]), ZONE_GREEN);
	uint8_t a[NITEMS] = {4, 4, 4, 4}; /* 4 + 4 + 4 + 2 = 14 / 4 = 3.5 */
	instrument_score(ins, a, s);
	assert_int_equal(scale_zone(sc, s[DEM]), ZONE_ORANGE);
	uint8_t b[NITEMS] = {4, 3, 4, 4}; /* 4 + 3 + 4 + 2 = 13 / 4 = 3.25 */
	instrument_score(ins, b, s);
	assert_score(s[DEM], 3.25);
	assert_int_equal(scale_zone(sc, s[DEM]), ZONE_ORANGE);
	uint8_t c[NITEMS] = {5, 4, 5, 4}; /* 5 + 4 + 5 + 2 = 16 / 4 = 4 */
	instrument_score(ins, c, s);
	assert_int_equal(scale_zone(sc, s[DEM]), ZONE_RED);
	uint8_t d[NITEMS] = {5, 5, 0, 1}; /* (5 + 5 + 5) / 3 = 5 */
	instrument_score(ins, d, s);
	assert_int_equal(scale_zone(sc, s[DEM]), ZONE_RED);
}

static void test_zone_higher_is_better(void **state)
{
	const struct instrument *ins = *state;
	const struct scale *sc = &ins->scales[RES]; /* red 2.5, orange 3.25 */

	assert_int_equal(scale_zone(sc, 1.0), ZONE_RED);
	assert_int_equal(scale_zone(sc, 2.5), ZONE_RED);
	assert_int_equal(scale_zone(sc, 2.5 + 1e-12), ZONE_RED);
	assert_int_equal(scale_zone(sc, 2.5001), ZONE_ORANGE);
	assert_int_equal(scale_zone(sc, 3.25), ZONE_ORANGE);
	assert_int_equal(scale_zone(sc, 3.2501), ZONE_GREEN);
	assert_int_equal(scale_zone(sc, 7.0), ZONE_GREEN);
	assert_int_equal(scale_zone(sc, NAN), ZONE_NONE);

	/* A scale built by hand, not by the loader, follows the same rule. */
	struct scale hand = {.higher_is_better = 1, .red = 2, .orange = 3};
	assert_int_equal(scale_zone(&hand, 2.0), ZONE_RED);
	assert_int_equal(scale_zone(&hand, 2.01), ZONE_ORANGE);
	assert_int_equal(scale_zone(&hand, 3.0), ZONE_ORANGE);
	assert_int_equal(scale_zone(&hand, 3.01), ZONE_GREEN);
	hand.higher_is_better = 0;
	hand.orange = 2;
	hand.red = 3;
	assert_int_equal(scale_zone(&hand, 1.99), ZONE_GREEN);
	assert_int_equal(scale_zone(&hand, 2.0), ZONE_ORANGE);
	assert_int_equal(scale_zone(&hand, 3.0), ZONE_RED);

	/* From answers: r1 3, r2 2, r3 reversed 6 -> 2: (3 + 2 + 2) / 3 = 2.333 */
	double s[3];
	uint8_t a[NITEMS] = {[R1] = 3, [R2] = 2, [R3] = 6};
	instrument_score(ins, a, s);
	assert_score(s[RES], 7 / 3.0);
	assert_int_equal(scale_zone(sc, s[RES]), ZONE_RED);
	uint8_t b[NITEMS] = {[R1] = 3, [R2] = 3, [R3] = 5}; /* (3 + 3 + 3) / 3 = 3 */
	instrument_score(ins, b, s);
	assert_int_equal(scale_zone(sc, s[RES]), ZONE_ORANGE);
	uint8_t c[NITEMS] = {[R1] = 4, [R2] = 3, [R3] = 5}; /* 10 / 3 = 3.33 */
	instrument_score(ins, c, s);
	assert_int_equal(scale_zone(sc, s[RES]), ZONE_GREEN);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(scale_kind_name(SCALE_DEMAND), "demand");
	assert_string_equal(scale_kind_name(SCALE_RESOURCE), "resource");
	assert_string_equal(scale_kind_name(SCALE_OUTCOME), "outcome");
	assert_string_equal(scale_kind_name(SCALE_NEED), "need");
	assert_string_equal(scale_kind_name((enum scale_kind)99), "?");
	assert_string_equal(five_a_name(FIVE_A_NONE), "none");
	assert_string_equal(five_a_name(FIVE_A_ORGANISATION), "organisation");
	assert_string_equal(five_a_name(FIVE_A_CONTENT), "content");
	assert_string_equal(five_a_name(FIVE_A_CONDITIONS), "conditions");
	assert_string_equal(five_a_name(FIVE_A_CIRCUMSTANCES), "circumstances");
	assert_string_equal(five_a_name(FIVE_A_RELATIONS), "relations");
	assert_string_equal(five_a_name((enum five_a)-1), "?");
}

/* The default instrument scores as hand-computed for a few respondents. */
static void test_default_instrument(void **state)
{
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	char *path = xasprintf("%s/instruments/hartslag-jdr.instrument", root ? root : ".");
	struct instrument ins;
	struct diag d;
	(void)state;

	if (instrument_load_file(&ins, path, &d))
		fail_msg("%s: line %ld: %s", path, d.line, d.msg);
	free(path);

	uint8_t *a = xcalloc((size_t)ins.nitems, 1);
	double *s = xcalloc((size_t)ins.nscales, sizeof(double));
	memset(a, 3, (size_t)ins.nitems);
	assert_true(instrument_answers_valid(&ins, a));
	assert_int_equal(instrument_score(&ins, a, s), ins.nscales);
	for (int k = 0; k < ins.nscales; k++)
		assert_score(s[k], 3.0);

	/* All "never": workload wl1-wl3 count 1, wl4 (reversed) counts 5. */
	memset(a, 1, (size_t)ins.nitems);
	assert_int_equal(instrument_score(&ins, a, s), ins.nscales);
	int wl = instrument_scale_index(&ins, STR_LIT("workload"));
	assert_score(s[wl], (1 + 1 + 1 + 5) / 4.0);
	assert_int_equal(scale_zone(&ins.scales[wl], s[wl]), ZONE_GREEN);
	int ub = instrument_scale_index(&ins, STR_LIT("unwanted_behaviour"));
	assert_score(s[ub], 1.0);
	assert_int_equal(scale_zone(&ins.scales[ub], s[ub]), ZONE_GREEN);

	/* Two unwanted-behaviour items "once or twice": 1.5 is orange. */
	for (int k = 0; k < 2; k++)
		a[ins.scales[ub].items[k]] = 2;
	instrument_score(&ins, a, s);
	assert_score(s[ub], 1.5);
	assert_int_equal(scale_zone(&ins.scales[ub], s[ub]), ZONE_ORANGE);

	a[ins.nitems - 1] = 6;
	assert_false(instrument_answers_valid(&ins, a));
	free(a);
	free(s);
	instrument_release(&ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_answered),
		cmocka_unit_test(test_missing_items),
		cmocka_unit_test(test_out_of_range_is_missing),
		cmocka_unit_test(test_answers_valid),
		cmocka_unit_test(test_zone_higher_is_worse),
		cmocka_unit_test(test_zone_higher_is_better),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_default_instrument),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
