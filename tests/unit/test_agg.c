/*
 * test_agg.c: the report engine on a small tree with figures computed by
 * hand: roll-up to every ancestor, bands and their labels, scores below
 * min_items, missing items, zones, histogram edges, Cronbach's alpha, key
 * drivers; the same responses in another order give the same bytes; a
 * parent array that is not one tree is refused.
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
#include "core/agg.h"
#include "core/instrument.h"

#define assert_near(a, b, eps) near_(a, b, eps, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *file, int line)
{
	if (fabs(a - b) <= eps || a == b)
		return;
	print_error("%.17g != %.17g (eps %g)\n", a, b, eps);
	_fail(file, line);
}

/*
 * dem: demand, 5 points, orange 3, red 4, items d1 d2 d3 (d3 reversed),
 * default min_items 2. res: resource, red 2, orange 3, items r1 r2, default
 * min_items 1. out: outcome, higher is worse, orange 3, red 4, o1 o2.
 */
enum { D1, D2, D3, R1, R2, O1, O2, NITEMS };
enum { DEM, RES, OUT };

static const char *const texts[] = {"name", "description", "feedback.green", "feedback.orange",
				    "feedback.red"};

static void put_texts(struct buf *b, const char *key)
{
	assert_int_equal(buf_printf(b, "%s.nl x\n%s.fr x\n%s.en x\n", key, key, key), 0);
}

static void put_scale(struct buf *b, const char *head)
{
	assert_int_equal(buf_puts(b, head), 0);
	for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
		put_texts(b, texts[k]);
}

static void put_item(struct buf *b, struct buf *page, const char *id, const char *scale,
		     int reverse)
{
	assert_int_equal(buf_printf(b, "[item %s]\nscale %s\nanswers a5\nreverse %s\n", id, scale,
				    reverse ? "yes" : "no"), 0);
	put_texts(b, "text");
	assert_int_equal(buf_printf(page, "item %s\n", id), 0);
}

static int setup(void **state)
{
	struct buf b = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct buf page = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct instrument *ins = xcalloc(1, sizeof(*ins));
	struct diag d;

	assert_int_equal(buf_puts(&b, "hartslag-instrument 1\nid agg-test\nversion 1\n"), 0);
	put_texts(&b, "title");
	put_texts(&b, "intro");
	assert_int_equal(buf_puts(&b, "[answers a5]\npoints 5\n"), 0);
	for (int k = 1; k <= 5; k++) {
		char key[32];
		snprintf(key, sizeof(key), "label.%d", k);
		put_texts(&b, key);
	}
	put_scale(&b, "[scale dem]\nkind demand\nfive_a content\nhigher_is_better no\n"
		      "orange 3\nred 4\n");
	put_scale(&b, "[scale res]\nkind resource\nfive_a relations\nhigher_is_better yes\n"
		      "red 2\norange 3\n");
	put_scale(&b, "[scale out]\nkind outcome\nhigher_is_better no\norange 3\nred 4\n");
	put_item(&b, &page, "d1", "dem", 0);
	put_item(&b, &page, "d2", "dem", 0);
	put_item(&b, &page, "d3", "dem", 1);
	put_item(&b, &page, "r1", "res", 0);
	put_item(&b, &page, "r2", "res", 0);
	put_item(&b, &page, "o1", "out", 0);
	put_item(&b, &page, "o2", "out", 0);
	assert_int_equal(buf_puts(&b, "[page]\n"), 0);
	put_texts(&b, "title");
	assert_int_equal(buf_append(&b, page.p, page.len), 0);
	if (instrument_parse(ins, "agg-test", b.p, b.len, &d))
		fail_msg("line %ld: %s", d.line, d.msg);
	assert_int_equal(ins->nitems, NITEMS);
	assert_int_equal(ins->scales[DEM].min_items, 2);
	assert_int_equal(ins->scales[RES].min_items, 1);
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

/*
 * The tree, deliberately not in parent-first order:
 *   2 root -> 3 dept A -> 0 team A1, 1 team A2
 *          -> 4 dept B
 */
enum { A1, A2, ROOT, DA, DB, NUNITS };
static const int parent[NUNITS] = {DA, DA, -1, ROOT, ROOT};

struct resp {
	int unit;
	int age;
	const char *contract;
	uint8_t a[NITEMS];
};

/*
 * Scores by hand (dem, res, out; - for none):
 *   P1 A1: dem (4+4+4)/3 = 4 red, bin 6; res 2.5 orange, bin 3; out 4.5 red, bin 7
 *   P2 A1: dem (1+2+1)/3 = 4/3 green, bin 0; res 5 green, bin 7; out -
 *   P3 A2: dem - (1 item < min 2); res 1 red, bin 0; out 2 green, bin 2
 *   P4 DB: dem 5 red, bin 7; res 4 green, bin 6; out 3 orange, bin 4
 *   P5 DA: dem 8/3 green, bin 3; res 3.5 green, bin 5; out 3 orange, bin 4
 */
static const struct resp resp[] = {
	{A1, 2, "vast", {4, 4, 2, 2, 3, 5, 4}},
	{A1, 2, "tijdelijk", {1, 2, 5, 5, 5, 0, 0}},
	{A2, 0, "", {3, 0, 0, 1, 0, 2, 2}},
	{DB, 5, "vast", {5, 5, 1, 4, 4, 3, 3}},
	{DA, 2, NULL, {2, 3, 3, 3, 4, 4, 2}},
};
#define NRESP ((int)ARRAY_SIZE(resp))

static struct agg_wave *build(const struct instrument *ins, int reverse, int drivers)
{
	struct agg_builder *b = agg_begin(ins, NUNITS, parent);
	assert_non_null(b);
	if (drivers)
		agg_want_drivers(b);
	/* labels first, so that both orders number them alike */
	assert_int_equal(agg_band_value(b, DIM_CONTRACT, "vast"), 1);
	assert_int_equal(agg_band_value(b, DIM_CONTRACT, "tijdelijk"), 2);
	for (int k = 0; k < NRESP; k++) {
		const struct resp *r = &resp[reverse ? NRESP - 1 - k : k];
		int band[DIM_COUNT] = {0};
		band[DIM_AGE] = r->age;
		band[DIM_TENURE] = 1;
		band[DIM_CONTRACT] = agg_band_value(b, DIM_CONTRACT, r->contract);
		agg_add(b, r->unit, band, r->a);
	}
	return agg_finish(b);
}

static void test_rollup(void **state)
{
	struct agg_wave *w = build(*state, 0, 0);
	assert_non_null(w);
	assert_int_equal(w->nunits, NUNITS);
	assert_int_equal(w->nscales, 3);
	assert_int_equal(w->nresp, 5);
	assert_int_equal(w->unit[A1].nresp, 2);
	assert_int_equal(w->unit[A2].nresp, 1);
	assert_int_equal(w->unit[DA].nresp, 4);
	assert_int_equal(w->unit[DB].nresp, 1);
	assert_int_equal(w->unit[ROOT].nresp, 5);

	/* team A1: dem 4 and 4/3 */
	const struct agg_cell *c = &w->unit[A1].cell[DEM];
	assert_int_equal(c->m.n, 2);
	assert_near(moments_mean(&c->m), 8.0 / 3, 1e-12);
	assert_near(c->m.sumsq, 16 + 16.0 / 9, 1e-12);
	assert_int_equal(w->unit[A1].cell[OUT].m.n, 1);
	/* team A2: no dem score (min_items) */
	assert_int_equal(w->unit[A2].cell[DEM].m.n, 0);
	assert_true(isnan(moments_mean(&w->unit[A2].cell[DEM].m)));
	assert_near(moments_mean(&w->unit[A2].cell[RES].m), 1.0, 0);
	/* dept A: P1 P2 P3 P5 */
	c = &w->unit[DA].cell[DEM];
	assert_int_equal(c->m.n, 3);
	assert_near(c->m.sum, 8.0, 1e-12);
	assert_near(c->m.sumsq, 16 + 80.0 / 9, 1e-12);
	assert_near(w->unit[DA].cell[RES].m.sum, 12.0, 1e-12);
	assert_int_equal(w->unit[DA].cell[OUT].m.n, 3);
	assert_near(w->unit[DA].cell[OUT].m.sum, 9.5, 1e-12);

	/* the root: everyone */
	c = &w->unit[ROOT].cell[DEM];
	assert_int_equal(c->m.n, 4);
	assert_near(c->m.sum, 13.0, 1e-12);
	assert_int_equal(c->zone[ZONE_GREEN], 2);
	assert_int_equal(c->zone[ZONE_ORANGE], 0);
	assert_int_equal(c->zone[ZONE_RED], 2);
	static const long hdem[AGG_BINS] = {1, 0, 0, 1, 0, 0, 1, 1};
	assert_memory_equal(c->hist, hdem, sizeof(hdem));

	c = &w->unit[ROOT].cell[RES];
	assert_int_equal(c->m.n, 5);
	assert_near(c->m.sum, 16.0, 1e-12);
	assert_int_equal(c->zone[ZONE_GREEN], 3);
	assert_int_equal(c->zone[ZONE_ORANGE], 1);
	assert_int_equal(c->zone[ZONE_RED], 1);
	/* edges: 1 in the first bin, 2.5 (an edge) in bin 3, 5 in the last */
	static const long hres[AGG_BINS] = {1, 0, 0, 1, 0, 1, 1, 1};
	assert_memory_equal(c->hist, hres, sizeof(hres));

	c = &w->unit[ROOT].cell[OUT];
	assert_int_equal(c->m.n, 4);
	assert_int_equal(c->zone[ZONE_GREEN], 1);
	assert_int_equal(c->zone[ZONE_ORANGE], 2);
	assert_int_equal(c->zone[ZONE_RED], 1);
	static const long hout[AGG_BINS] = {0, 0, 1, 0, 2, 0, 0, 1};
	assert_memory_equal(c->hist, hout, sizeof(hout));

	/* missing: P2 o1 o2, P3 d2 d3 r2 */
	static const long miss[NITEMS] = {0, 1, 1, 0, 1, 1, 1};
	assert_memory_equal(w->item_missing, miss, sizeof(miss));
	assert_null(w->drivers);
	agg_free(w);
}

static void test_bands(void **state)
{
	struct agg_wave *w = build(*state, 0, 0);
	assert_int_equal(w->nvalues[DIM_AGE], 6);
	assert_int_equal(w->nvalues[DIM_TENURE], 6);
	assert_int_equal(w->nvalues[DIM_CONTRACT], 3);
	assert_int_equal(w->nvalues[DIM_SHIFT], 1);
	assert_string_equal(w->labels[DIM_CONTRACT][0], "");
	assert_string_equal(w->labels[DIM_CONTRACT][1], "vast");
	assert_string_equal(w->labels[DIM_CONTRACT][2], "tijdelijk");
	assert_string_equal(w->labels[DIM_AGE][0], "");
	assert_string_equal(w->labels[DIM_AGE][2], "2");

	int nv = w->nvalues[DIM_AGE];
	/* age 2: P1 P2 P5 (all in dept A); age 0: P3; age 5: P4 */
	const struct agg_group *g = &w->band[DIM_AGE][ROOT * nv + 2];
	assert_int_equal(g->nresp, 3);
	assert_int_equal(g->cell[DEM].m.n, 3);
	assert_near(g->cell[DEM].m.sum, 4 + 4.0 / 3 + 8.0 / 3, 1e-12);
	assert_int_equal(w->band[DIM_AGE][DA * nv + 2].nresp, 3);
	assert_int_equal(w->band[DIM_AGE][DB * nv + 2].nresp, 0);
	assert_int_equal(w->band[DIM_AGE][ROOT * nv + 0].nresp, 1);
	assert_int_equal(w->band[DIM_AGE][ROOT * nv + 0].cell[DEM].m.n, 0);
	assert_int_equal(w->band[DIM_AGE][ROOT * nv + 5].nresp, 1);
	assert_int_equal(w->band[DIM_AGE][ROOT * nv + 5].cell[DEM].zone[ZONE_RED], 1);
	/* everyone in tenure 1 */
	assert_int_equal(w->band[DIM_TENURE][ROOT * 6 + 1].nresp, 5);
	assert_int_equal(w->band[DIM_TENURE][ROOT * 6 + 1].cell[RES].m.n, 5);
	/* contract: vast P1 P4, tijdelijk P2, unknown P3 P5 */
	nv = w->nvalues[DIM_CONTRACT];
	assert_int_equal(w->band[DIM_CONTRACT][ROOT * nv + 1].nresp, 2);
	assert_int_equal(w->band[DIM_CONTRACT][ROOT * nv + 2].nresp, 1);
	assert_int_equal(w->band[DIM_CONTRACT][ROOT * nv + 0].nresp, 2);
	assert_int_equal(w->band[DIM_CONTRACT][A1 * nv + 1].nresp, 1);
	assert_int_equal(w->band[DIM_SHIFT][ROOT].nresp, 5);
	agg_free(w);
}

static void test_band_values(void **state)
{
	struct agg_builder *b = agg_begin(*state, NUNITS, parent);
	assert_int_equal(agg_band_value(b, DIM_AGE, "3"), 3);
	assert_int_equal(agg_band_value(b, DIM_AGE, ""), 0);
	assert_int_equal(agg_band_value(b, DIM_AGE, NULL), 0);
	assert_int_equal(agg_band_value(b, DIM_TENURE, "6"), -1);
	assert_int_equal(agg_band_value(b, DIM_TENURE, "12"), -1);
	assert_int_equal(agg_band_value(b, DIM_COUNT, "x"), -1);
	char label[16];
	for (int k = 1; k <= AGG_MAX_LABELS; k++) {
		snprintf(label, sizeof(label), "f%d", k);
		assert_int_equal(agg_band_value(b, DIM_FUNCTION, label), k);
	}
	/* the 33rd distinct label is refused, known ones still map */
	assert_int_equal(agg_band_value(b, DIM_FUNCTION, "one too many"), -1);
	assert_int_equal(agg_band_value(b, DIM_FUNCTION, "f7"), 7);
	assert_int_equal(agg_band_value(b, DIM_FUNCTION, ""), 0);
	/* other dimensions keep their own room */
	assert_int_equal(agg_band_value(b, DIM_SHIFT, "nacht"), 1);
	/* -1 passed on counts as unknown */
	int band[DIM_COUNT] = {-1, 9, -1, 1, 40};
	agg_add(b, A1, band, resp[0].a);
	agg_add(b, 99, band, resp[0].a); /* ignored */
	struct agg_wave *w = agg_finish(b);
	assert_int_equal(w->nresp, 1);
	assert_int_equal(w->nvalues[DIM_FUNCTION], AGG_MAX_LABELS + 1);
	assert_string_equal(w->labels[DIM_FUNCTION][32], "f32");
	int nv = w->nvalues[DIM_AGE];
	assert_int_equal(w->band[DIM_AGE][ROOT * nv + 0].nresp, 1);
	assert_int_equal(w->band[DIM_TENURE][ROOT * nv + 0].nresp, 1);
	nv = w->nvalues[DIM_SHIFT];
	assert_int_equal(w->band[DIM_SHIFT][ROOT * nv + 1].nresp, 1);
	nv = w->nvalues[DIM_FUNCTION];
	assert_int_equal(w->band[DIM_FUNCTION][ROOT * nv + 0].nresp, 1);
	agg_free(w);
}

static void test_alpha(void **state)
{
	struct agg_wave *w = build(*state, 0, 0);
	/*
	 * dem, complete and keyed: 4 4 4 / 1 2 1 / 5 5 5 / 2 3 3. Item
	 * variances 10/3, 5/3, 8.75/3; sums 12 4 15 8 with variance
	 * 68.75/3: alpha = 3/2 (1 - 23.75/68.75) = 67.5/68.75.
	 * res, complete: 2 3 / 5 5 / 4 4 / 3 4: 5/3, 2/3, sums' 13/3:
	 * alpha = 2 (1 - 7/13) = 12/13.
	 * out, complete: 5 4 / 2 2 / 3 3 / 4 2: 5/3, 2.75/3, sums 9 4 6 6
	 * with variance 12.75/3: alpha = 2 (1 - 7.75/12.75) = 10/12.75.
	 */
	assert_near(w->alpha[DEM], 67.5 / 68.75, 1e-12);
	assert_near(w->alpha[RES], 12.0 / 13, 1e-12);
	assert_near(w->alpha[OUT], 10 / 12.75, 1e-12);
	agg_free(w);
}

static void same_cells(const struct agg_cell *a, const struct agg_cell *b, int n)
{
	assert_memory_equal(a, b, (size_t)n * sizeof(*a));
}

static void test_order(void **state)
{
	struct agg_wave *a = build(*state, 0, 1), *b = build(*state, 1, 1);
	assert_int_equal(a->nresp, b->nresp);
	for (int u = 0; u < NUNITS; u++) {
		assert_int_equal(a->unit[u].nresp, b->unit[u].nresp);
		same_cells(a->unit[u].cell, b->unit[u].cell, a->nscales);
	}
	for (int d = 0; d < DIM_COUNT; d++) {
		assert_int_equal(a->nvalues[d], b->nvalues[d]);
		for (int g = 0; g < NUNITS * a->nvalues[d]; g++) {
			assert_int_equal(a->band[d][g].nresp, b->band[d][g].nresp);
			same_cells(a->band[d][g].cell, b->band[d][g].cell, a->nscales);
		}
	}
	assert_memory_equal(a->item_missing, b->item_missing, NITEMS * sizeof(long));
	assert_memory_equal(a->alpha, b->alpha, 3 * sizeof(double));
	assert_memory_equal(a->drivers->unit, b->drivers->unit,
			    NUNITS * sizeof(struct agg_pair));
	assert_memory_equal(a->drivers->all, b->drivers->all, 9 * sizeof(struct agg_pair));
	agg_free(a);
	agg_free(b);
}

static void test_drivers(void **state)
{
	struct agg_wave *w = build(*state, 0, 1);
	long n = -1;
	assert_non_null(w->drivers);
	assert_int_equal(w->drivers->nres, 1);
	assert_int_equal(w->drivers->nout, 1);
	assert_int_equal(w->drivers->res[0], RES);
	assert_int_equal(w->drivers->out[0], OUT);
	/*
	 * res and out both scored: P1 (2.5, 4.5), P3 (1, 2), P4 (4, 3),
	 * P5 (3.5, 3). Deviations from 2.75 and 3.125: sxy 1.375, sxx 5.25,
	 * syy 3.1875.
	 */
	double r = 1.375 / sqrt(5.25 * 3.1875);
	assert_near(agg_driver_r(w, ROOT, RES, OUT, &n), r, 1e-12);
	assert_int_equal(n, 4);
	assert_near(agg_driver_r(w, -1, RES, OUT, &n), r, 1e-12);
	assert_int_equal(n, 4);
	assert_near(agg_driver_r(w, -1, OUT, RES, &n), r, 1e-12);
	/* dept A: P1 P3 P5 */
	agg_driver_r(w, DA, RES, OUT, &n);
	assert_int_equal(n, 3);
	/* one pair: undefined */
	assert_true(isnan(agg_driver_r(w, A1, RES, OUT, &n)));
	assert_int_equal(n, 1);
	/* a demand is no driver per unit, but pairs with anything in the whole wave */
	assert_true(isnan(agg_driver_r(w, ROOT, DEM, OUT, &n)));
	assert_int_equal(n, 0);
	assert_false(isnan(agg_driver_r(w, -1, DEM, OUT, &n)));
	assert_int_equal(n, 3); /* P1 P4 P5 */
	assert_true(isnan(agg_driver_r(w, -1, DEM, DEM, &n)));
	assert_true(isnan(agg_driver_r(w, 17, RES, OUT, &n)));
	agg_free(w);

	/* not asked for: nothing */
	w = build(*state, 0, 0);
	assert_true(isnan(agg_driver_r(w, ROOT, RES, OUT, &n)));
	assert_int_equal(n, 0);
	agg_free(w);
}

static void test_not_a_tree(void **state)
{
	const struct instrument *ins = *state;
	static const int cycle[3] = {1, 0, -1};
	static const int two_roots[2] = {-1, -1};
	static const int no_root[1] = {0};
	static const int out_of_range[2] = {5, -1};
	static const int below[2] = {-2, -1};
	assert_null(agg_begin(ins, 3, cycle));
	assert_null(agg_begin(ins, 2, two_roots));
	assert_null(agg_begin(ins, 1, no_root));
	assert_null(agg_begin(ins, 2, out_of_range));
	assert_null(agg_begin(ins, 2, below));
	assert_null(agg_begin(ins, 0, two_roots));
	assert_null(agg_begin(NULL, 2, two_roots));
	/* a long chain in reverse order is fine */
	int chain[1000];
	for (int i = 0; i < 1000; i++)
		chain[i] = i == 999 ? -1 : i + 1;
	struct agg_builder *b = agg_begin(ins, 1000, chain);
	assert_non_null(b);
	agg_add(b, 0, NULL, resp[0].a);
	struct agg_wave *w = agg_finish(b);
	assert_int_equal(w->unit[999].nresp, 1);
	assert_int_equal(w->unit[500].cell[DEM].m.n, 1);
	agg_free(w);
	/* an empty wave */
	b = agg_begin(ins, NUNITS, parent);
	agg_want_drivers(b);
	w = agg_finish(b);
	assert_int_equal(w->nresp, 0);
	assert_true(isnan(w->alpha[DEM]));
	assert_true(isnan(agg_driver_r(w, ROOT, RES, OUT, NULL)));
	agg_free(w);
}

static void test_skip_bands(void **state)
{
	struct agg_builder *b = agg_begin(*state, NUNITS, parent);
	agg_skip_bands(b);
	int band[DIM_COUNT] = {2, 1, 0, 0, 0};
	for (int k = 0; k < NRESP; k++)
		agg_add(b, resp[k].unit, band, resp[k].a);
	struct agg_wave *w = agg_finish(b);
	for (int d = 0; d < DIM_COUNT; d++) {
		assert_int_equal(w->nvalues[d], 0);
		assert_null(w->band[d]);
	}
	assert_near(w->unit[ROOT].cell[DEM].m.sum, 13.0, 1e-12);
	agg_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_band_values),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_drivers),
		cmocka_unit_test(test_not_a_tree),
		cmocka_unit_test(test_skip_bands),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
