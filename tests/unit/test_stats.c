/*
 * test_stats.c: moments, p-values of Student's t against reference values
 * (closed forms for df 1 and 2, mpmath's betainc at 30 digits otherwise),
 * Welch's test and Cohen's d on hand-computed groups, every verdict branch
 * in both directions, the norm comparison, Cronbach's alpha on a small
 * matrix and Pearson's r. Every expected figure here is computed by hand
 * or by an independent tool, never by this code.
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
#include "core/i18n.h"
#include "core/stats.h"

/* cmocka 1.1 has no double comparison: fail with both values shown. */
#define assert_near(a, b, eps) near_(a, b, eps, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *file, int line)
{
	if (fabs(a - b) <= eps || (a == b))
		return;
	print_error("%.17g != %.17g (eps %g)\n", a, b, eps);
	_fail(file, line);
}

static struct moments of(const double *x, int n)
{
	struct moments m = {0, 0, 0};
	for (int i = 0; i < n; i++)
		moments_add(&m, x[i]);
	return m;
}

/* Moments of a group of n with this mean and sample SD. */
static struct moments group(long n, double mean, double sd)
{
	struct moments m = {n, n * mean, (n - 1) * sd * sd + n * mean * mean};
	return m;
}

static void test_moments(void **state)
{
	(void)state;
	static const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
	struct moments m = of(x, 8);
	assert_int_equal(m.n, 8);
	assert_near(moments_mean(&m), 5.0, 1e-12);
	assert_near(moments_sd(&m), sqrt(32.0 / 7), 1e-12);

	struct moments e = {0, 0, 0};
	assert_true(isnan(moments_mean(&e)));
	assert_true(isnan(moments_sd(&e)));
	moments_add(&e, 3.5);
	assert_near(moments_mean(&e), 3.5, 0);
	assert_true(isnan(moments_sd(&e)));

	/* merging halves gives the whole */
	struct moments a = of(x, 3), b = of(x + 3, 5);
	moments_merge(&a, &b);
	assert_int_equal(a.n, 8);
	assert_near(moments_mean(&a), 5.0, 1e-12);
	assert_near(moments_sd(&a), sqrt(32.0 / 7), 1e-12);

	/* no spread: 0, never a negative variance from rounding */
	static const double c[] = {3.1, 3.1, 3.1};
	struct moments k = of(c, 3);
	assert_false(isnan(moments_sd(&k)));
	assert_true(moments_sd(&k) < 1e-6);
}

static void test_t_p(void **state)
{
	(void)state;
	/* df 1 (Cauchy): p = 1 - 2 atan(t) / pi; df 2: p = 1 - t / sqrt(2 + t^2) */
	assert_near(stats_t_p(1, 1), 0.5, 1e-12);
	assert_near(stats_t_p(12.706204736, 1), 0.05, 1e-9);
	assert_near(stats_t_p(2, 2), 1 - 2 / sqrt(6.0), 1e-12);
	assert_near(stats_t_p(sqrt(3.0), 2), 0.225403330758517, 1e-12);
	/* mpmath betainc(df/2, 1/2, 0, df/(df+t^2)) */
	assert_near(stats_t_p(2, 10), 0.0733880347707404, 1e-12);
	assert_near(stats_t_p(-2, 10), 0.0733880347707404, 1e-12);
	assert_near(stats_t_p(1.96, 1e6), 0.0499960675852698, 1e-10);
	assert_near(stats_t_p(3, 100), 0.00340791534332945, 1e-13);
	assert_near(stats_t_p(0.3, 2.5), 0.787342371495197, 1e-12);
	assert_near(stats_t_p(40, 3), 3.43806807891585e-05, 1e-15);
	assert_near(stats_t_p(5, 1e9), 5.7330324039516e-07, 1e-13);
	/* the critical value of df 10 */
	assert_near(stats_t_p(2.228138852, 10), 0.05, 1e-9);
	assert_near(stats_t_p(0, 7), 1.0, 1e-12);
	assert_near(stats_t_p(INFINITY, 7), 0.0, 0);
	assert_near(stats_t_p(1.96, INFINITY), 0.0499957902, 1e-9);
	assert_true(isnan(stats_t_p(NAN, 7)));
	assert_true(isnan(stats_t_p(2, 0)));
	assert_true(isnan(stats_t_p(2, -1)));
}

static void test_welch(void **state)
{
	(void)state;
	/*
	 * a = {3, 4, 5}: mean 4, var 1. b = {1..5}: mean 3, var 2.5.
	 * se^2 = 1/3 + 1/2 = 5/6, t = 1 / sqrt(5/6) = 1.0954451;
	 * df = (5/6)^2 / ((1/3)^2 / 2 + (1/2)^2 / 4) = 5.8823529;
	 * pooled var = (2 * 1 + 4 * 2.5) / 6 = 2, d = 1 / sqrt(2).
	 */
	static const double xa[] = {3, 4, 5}, xb[] = {1, 2, 3, 4, 5};
	struct moments a = of(xa, 3), b = of(xb, 5);
	struct comparison c;
	assert_int_equal(stats_compare(&a, &b, 1, 3, &c), VERDICT_SAME);
	assert_near(c.diff, 1.0, 1e-12);
	assert_near(c.t, 1.0954451150103321, 1e-12);
	assert_near(c.df, 100.0 / 17, 1e-12);
	assert_near(c.p, 0.316133421926393, 1e-10);
	assert_near(c.d, 1 / sqrt(2.0), 1e-12);
	assert_int_equal(c.verdict, VERDICT_SAME);

	/* below min_n on either side: not compared */
	assert_int_equal(stats_compare(&a, &b, 1, 5, &c), VERDICT_NONE);
	assert_true(isnan(c.p));
	assert_int_equal(stats_compare(&b, &a, 1, 4, &c), VERDICT_NONE);
	/* min_n below 2 still needs two values for a variance */
	struct moments one = of(xa, 1);
	assert_int_equal(stats_compare(&one, &b, 1, 0, &c), VERDICT_NONE);
}

static void test_verdicts(void **state)
{
	(void)state;
	struct comparison c;
	struct moments ref = group(100, 3.0, 1.0);

	/* d 0.6, t 4.24: clearly, by direction */
	struct moments a = group(100, 3.6, 1.0);
	assert_int_equal(stats_compare(&a, &ref, 1, 5, &c), VERDICT_CLEARLY_BETTER);
	assert_near(c.d, 0.6, 1e-9);
	assert_true(c.p < 0.001);
	assert_near(c.df, 198, 1e-9);
	assert_int_equal(stats_compare(&a, &ref, 0, 5, &c), VERDICT_CLEARLY_WORSE);
	/* lower than the reference: the other way round */
	a = group(100, 2.4, 1.0);
	assert_int_equal(stats_compare(&a, &ref, 1, 5, &c), VERDICT_CLEARLY_WORSE);
	assert_int_equal(stats_compare(&a, &ref, 0, 5, &c), VERDICT_CLEARLY_BETTER);

	/* d 0.3, t 2.12, p 0.035: somewhat */
	a = group(100, 3.3, 1.0);
	assert_int_equal(stats_compare(&a, &ref, 1, 5, &c), VERDICT_BETTER);
	assert_true(c.p < 0.05 && c.p > 0.03);
	assert_int_equal(stats_compare(&a, &ref, 0, 5, &c), VERDICT_WORSE);
	a = group(100, 2.7, 1.0);
	assert_int_equal(stats_compare(&a, &ref, 1, 5, &c), VERDICT_WORSE);
	assert_int_equal(stats_compare(&a, &ref, 0, 5, &c), VERDICT_BETTER);

	/* significant but small (d 0.1 with 10,000 each): no real difference */
	struct moments big = group(10000, 3.1, 1.0), bigref = group(10000, 3.0, 1.0);
	assert_int_equal(stats_compare(&big, &bigref, 1, 5, &c), VERDICT_SAME);
	assert_true(c.p < 0.001);
	/* large but not significant (d 0.6 with 5 each, t 0.95) */
	struct moments s5 = group(5, 3.6, 1.0), r5 = group(5, 3.0, 1.0);
	assert_int_equal(stats_compare(&s5, &r5, 1, 5, &c), VERDICT_SAME);
	assert_true(c.p > 0.3);
	/* at the edges: d exactly 0.5 is clearly, 0.2 is somewhat */
	a = group(1000, 3.5, 1.0);
	struct moments r1000 = group(1000, 3.0, 1.0);
	assert_int_equal(stats_compare(&a, &r1000, 1, 5, &c), VERDICT_CLEARLY_BETTER);
	a = group(1000, 3.2, 1.0);
	assert_int_equal(stats_compare(&a, &r1000, 1, 5, &c), VERDICT_BETTER);
	/* equal groups */
	assert_int_equal(stats_compare(&ref, &ref, 1, 5, &c), VERDICT_SAME);
	assert_near(c.t, 0, 0);
	assert_near(c.p, 1, 1e-12);

	/* nobody varies on either side */
	struct moments f1 = group(10, 4.0, 0.0), f2 = group(10, 3.0, 0.0);
	assert_int_equal(stats_compare(&f1, &f2, 1, 5, &c), VERDICT_CLEARLY_BETTER);
	assert_near(c.p, 0, 0);
	assert_int_equal(stats_compare(&f1, &f1, 1, 5, &c), VERDICT_SAME);
}

static void test_norm(void **state)
{
	(void)state;
	/* population norm 3 (SD 1): t = 1 / (1 / sqrt 3) = 1.7320508, df 2, d = 1 */
	static const double xa[] = {3, 4, 5};
	struct moments a = of(xa, 3);
	struct comparison c;
	assert_int_equal(stats_compare_norm(&a, 3.0, 1.0, 0, 1, 3, &c), VERDICT_SAME);
	assert_near(c.t, sqrt(3.0), 1e-12);
	assert_near(c.df, 2, 0);
	assert_near(c.p, 0.225403330758517, 1e-12);
	assert_near(c.d, 1.0, 1e-12);

	/* a population norm with a large group: clearly worse for a demand */
	struct moments g = group(200, 3.5, 1.0);
	assert_int_equal(stats_compare_norm(&g, 3.0, 0.8, 0, 0, 5, &c), VERDICT_CLEARLY_WORSE);
	assert_near(c.d, 0.625, 1e-12);
	assert_near(c.df, 199, 0);

	/* a sample norm is Welch's test on the norm's moments */
	struct moments ref = group(100, 3.0, 1.0), b = group(100, 3.3, 1.0);
	struct comparison w;
	stats_compare(&b, &ref, 1, 5, &w);
	assert_int_equal(stats_compare_norm(&b, 3.0, 1.0, 100, 1, 5, &c), VERDICT_BETTER);
	assert_near(c.t, w.t, 1e-9);
	assert_near(c.df, w.df, 1e-6);
	assert_near(c.p, w.p, 1e-9);
	assert_near(c.d, w.d, 1e-9);

	/* too small a group, a sample norm below min_n, a broken norm */
	assert_int_equal(stats_compare_norm(&a, 3.0, 1.0, 0, 1, 5, &c), VERDICT_NONE);
	assert_int_equal(stats_compare_norm(&b, 3.0, 1.0, 2, 1, 5, &c), VERDICT_NONE);
	assert_int_equal(stats_compare_norm(&b, NAN, 1.0, 0, 1, 5, &c), VERDICT_NONE);
	assert_int_equal(stats_compare_norm(&b, 3.0, -1.0, 0, 1, 5, &c), VERDICT_NONE);
}

static void test_verdict_text(void **state)
{
	(void)state;
	assert_string_equal(verdict_text(VERDICT_NONE, LANG_EN), "not compared");
	assert_string_equal(verdict_text(VERDICT_SAME, LANG_EN), "no real difference");
	assert_string_equal(verdict_text(VERDICT_BETTER, LANG_EN), "somewhat better");
	assert_string_equal(verdict_text(VERDICT_CLEARLY_BETTER, LANG_EN), "clearly better");
	assert_string_equal(verdict_text(VERDICT_WORSE, LANG_EN), "somewhat worse");
	assert_string_equal(verdict_text(VERDICT_CLEARLY_WORSE, LANG_EN), "clearly worse");
	/* the catalogs (po/nl/core.po, po/fr/core.po) */
	assert_string_equal(verdict_text(VERDICT_CLEARLY_BETTER, LANG_NL), "duidelijk beter");
	assert_string_equal(verdict_text(VERDICT_SAME, LANG_NL), "geen echt verschil");
	assert_string_equal(verdict_text(VERDICT_WORSE, LANG_FR), "un peu moins bien");
	assert_string_equal(verdict_text(VERDICT_NONE, LANG_FR), "pas de comparaison");
	for (int l = 0; l < LANG_COUNT; l++) {
		for (int v = VERDICT_NONE; v <= VERDICT_CLEARLY_WORSE; v++) {
			const char *t = verdict_text((enum verdict)v, (enum lang)l);
			assert_non_null(t);
			assert_true(*t != '\0');
		}
	}
}

static void test_alpha(void **state)
{
	(void)state;
	/*
	 * Four people, three items:
	 *   1 2 2 / 2 3 3 / 3 3 4 / 4 5 5
	 * item variances 5/3, 4.75/3, 5/3; sums 5, 8, 10, 14 with variance
	 * 42.75/3; alpha = 3/2 (1 - 14.75/42.75) = 42/42.75.
	 */
	static const double m[4][3] = {{1, 2, 2}, {2, 3, 3}, {3, 3, 4}, {4, 5, 5}};
	double var[3];
	struct moments tot = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		struct moments it = {0, 0, 0};
		for (int r = 0; r < 4; r++)
			moments_add(&it, m[r][i]);
		double sd = moments_sd(&it);
		var[i] = sd * sd;
	}
	for (int r = 0; r < 4; r++)
		moments_add(&tot, m[r][0] + m[r][1] + m[r][2]);
	double tsd = moments_sd(&tot);
	assert_near(var[1], 4.75 / 3, 1e-12);
	assert_near(tsd * tsd, 42.75 / 3, 1e-12);
	assert_near(stats_alpha(3, var, tsd * tsd), 42 / 42.75, 1e-12);

	/* undefined: one item, no spread in the sum, a NAN item */
	assert_true(isnan(stats_alpha(1, var, 2.0)));
	assert_true(isnan(stats_alpha(3, var, 0.0)));
	double bad[2] = {1.0, NAN};
	assert_true(isnan(stats_alpha(2, bad, 3.0)));
	/* items that do not hang together: alpha can be negative */
	double loose[2] = {1.0, 1.0};
	assert_near(stats_alpha(2, loose, 1.0), -2.0, 1e-12);
}

static void test_pearson(void **state)
{
	(void)state;
	/* x 1..5, y 2 1 4 3 5: cov sum 8, var sums 10 and 10: r 0.8 */
	assert_near(stats_pearson(5, 15, 15, 55, 55, 53), 0.8, 1e-12);
	/* y = 6 - x: r -1 */
	assert_near(stats_pearson(5, 15, 15, 55, 55, 35), -1.0, 1e-12);
	/* a constant, too few pairs */
	assert_true(isnan(stats_pearson(5, 15, 10, 55, 20, 30)));
	assert_true(isnan(stats_pearson(1, 1, 1, 1, 1, 1)));
	assert_true(isnan(stats_pearson(0, 0, 0, 0, 0, 0)));
}

int main(void)
{
	i18n_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moments),
		cmocka_unit_test(test_t_p),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_verdict_text),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_pearson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
