/*
 * stats.c: moments, Welch's t-test, Cohen's d, the verdict, Cronbach's
 * alpha and Pearson's r, all from sufficient statistics. The p-value of
 * Student's t comes from the regularised incomplete beta function,
 * evaluated with a continued fraction (modified Lentz method).
 */
#include <math.h>

#include "util.h"
#include "i18n.h"
#include "stats.h"

/* Iterations of the continued fraction; it needs about sqrt(max(a, b)) of them. */
#define BETACF_MAX_ITER 100000
#define BETACF_EPS 1e-15
#define BETACF_TINY 1e-300

/*
 * Adds one value to the moments.
 */
void moments_add(struct moments *m, double x)
{
	m->n++;
	m->sum += x;
	m->sumsq += x * x;
}

/*
 * Adds the moments of from into into (the union of both groups).
 */
void moments_merge(struct moments *into, const struct moments *from)
{
	into->n += from->n;
	into->sum += from->sum;
	into->sumsq += from->sumsq;
}

/*
 * Returns the mean, or NAN when there is no value.
 */
double moments_mean(const struct moments *m)
{
	return m->n > 0 ? m->sum / (double)m->n : NAN;
}

/* The sample variance (denominator n - 1), never below 0; NAN when n < 2. */
static double moments_var(const struct moments *m)
{
	if (m->n < 2)
		return NAN;
	double n = (double)m->n;
	double v = (m->sumsq - m->sum * m->sum / n) / (n - 1);
	return v > 0 ? v : 0;
}

/*
 * Returns the sample standard deviation, or NAN when n < 2.
 */
double moments_sd(const struct moments *m)
{
	return sqrt(moments_var(m));
}

/*
 * The continued fraction of the incomplete beta function I_x(a, b), for
 * x < (a + 1) / (a + b + 2) where it converges fast. Modified Lentz:
 * every tiny denominator is replaced by BETACF_TINY.
 */
static double beta_cf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;

	if (fabs(d) < BETACF_TINY)
		d = BETACF_TINY;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= BETACF_MAX_ITER; m++) {
		double m2 = 2.0 * m;
		/* even step: d_2m */
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < BETACF_TINY)
			d = BETACF_TINY;
		c = 1 + aa / c;
		if (fabs(c) < BETACF_TINY)
			c = BETACF_TINY;
		d = 1 / d;
		h *= d * c;
		/* odd step: d_2m+1 */
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < BETACF_TINY)
			d = BETACF_TINY;
		c = 1 + aa / c;
		if (fabs(c) < BETACF_TINY)
			c = BETACF_TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < BETACF_EPS)
			break;
	}
	return h;
}

/*
 * log B(a, b). For Student's t one argument is 1/2 and the other df/2,
 * which can be huge: there lgamma(b + 1/2) - lgamma(b) loses its digits
 * (lgamma(5e8) is 1e10), so use its asymptotic series
 * 1/2 log b - 1/(8b) + 1/(192 b^3), whose next term is below 1e-15 there.
 */
static double log_beta(double a, double b)
{
	double big = a > b ? a : b, small = a > b ? b : a;

	if (small == 0.5 && big > 1000)
		return lgamma(0.5) - (0.5 * log(big) - 1 / (8 * big) + 1 / (192 * big * big * big));
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/* The regularised incomplete beta function I_x(a, b) for a, b > 0, x in [0, 1]. */
static double beta_inc(double a, double b, double x)
{
	if (isnan(x) || x < 0 || x > 1)
		return NAN;
	if (x == 0 || x == 1)
		return x;
	/* x^a (1-x)^b / B(a, b), in logarithms so that large a or b do not overflow */
	double front = exp(a * log(x) + b * log1p(-x) - log_beta(a, b));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

/*
 * Returns the two-sided p-value of Student's t with df degrees of freedom:
 * P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). NAN for NAN input or
 * df <= 0; 0 for an infinite t.
 */
double stats_t_p(double t, double df)
{
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(t))
		return 0;
	if (isinf(df))
		return erfc(fabs(t) / sqrt(2.0));
	double t2 = t * t;
	double x = df / (df + t2);
	double p;
	/* for x near 1, 1 - x = t2 / (df + t2) keeps its digits */
	if (x > 0.5)
		p = 1 - beta_inc(0.5, df / 2, t2 / (df + t2));
	else
		p = beta_inc(df / 2, 0.5, x);
	if (p < 0)
		p = 0;
	if (p > 1)
		p = 1;
	return p;
}

/* The verdict from p, d and the direction of the difference. */
static enum verdict verdict_of(double diff, double p, double d, int higher_is_better)
{
	if (isnan(p) || isnan(d) || !(p < 0.05) || fabs(d) < 0.2 || diff == 0)
		return VERDICT_SAME;
	int better = (diff > 0) == (higher_is_better != 0);
	if (fabs(d) >= 0.5)
		return better ? VERDICT_CLEARLY_BETTER : VERDICT_CLEARLY_WORSE;
	return better ? VERDICT_BETTER : VERDICT_WORSE;
}

/* Welch's t-test and Cohen's d from means, variances and sizes (both >= 2). */
static void welch(double ma, double va, double na, double mb, double vb, double nb,
		  struct comparison *c)
{
	double ea = va / na, eb = vb / nb;
	double se2 = ea + eb;
	double sp2 = ((na - 1) * va + (nb - 1) * vb) / (na + nb - 2);

	c->diff = ma - mb;
	if (se2 > 0) {
		c->t = c->diff / sqrt(se2);
		c->df = se2 * se2 / (ea * ea / (na - 1) + eb * eb / (nb - 1));
		c->p = stats_t_p(c->t, c->df);
	} else {
		/* nobody varies: any difference is certain, none is none */
		c->t = c->diff == 0 ? 0 : copysign(INFINITY, c->diff);
		c->df = na + nb - 2;
		c->p = c->diff == 0 ? 1 : 0;
	}
	if (sp2 > 0)
		c->d = c->diff / sqrt(sp2);
	else
		c->d = c->diff == 0 ? 0 : copysign(INFINITY, c->diff);
}

static void comparison_none(struct comparison *out)
{
	out->diff = NAN;
	out->d = NAN;
	out->t = NAN;
	out->df = NAN;
	out->p = NAN;
	out->verdict = VERDICT_NONE;
}

/*
 * Compares group a with ref: Welch's t (unequal variances) with the
 * Welch–Satterthwaite df, the two-sided p, and Cohen's d with the pooled
 * SD. When either group has fewer than min_n (and always fewer than 2)
 * values, out gets NANs and VERDICT_NONE. Where both groups have no spread
 * at all, a difference counts as certain (t and d infinite). Fills out
 * (may not be NULL) and returns its verdict.
 */
enum verdict stats_compare(const struct moments *a, const struct moments *ref,
			   int higher_is_better, long min_n, struct comparison *out)
{
	if (min_n < 2)
		min_n = 2;
	if (a->n < min_n || ref->n < min_n) {
		comparison_none(out);
		return out->verdict;
	}
	welch(moments_mean(a), moments_var(a), (double)a->n, moments_mean(ref), moments_var(ref),
	      (double)ref->n, out);
	out->verdict = verdict_of(out->diff, out->p, out->d, higher_is_better);
	return out->verdict;
}

/*
 * Compares group a with a norm given as mean, SD and size n. A norm with
 * n > 0 is a sample: Welch's test as stats_compare. A norm with n == 0 is
 * a population: the one-sample t-test t = (mean - norm) / (sd_a / sqrt(n_a))
 * with df = n_a - 1, and d = diff / the norm's SD (the group's SD when the
 * norm gives none). Fills out and returns its verdict; VERDICT_NONE when
 * a has fewer than min_n values or the norm is not a number.
 */
enum verdict stats_compare_norm(const struct moments *a, double mean, double sd, long n,
				int higher_is_better, long min_n, struct comparison *out)
{
	if (min_n < 2)
		min_n = 2;
	if (a->n < min_n || isnan(mean) || isnan(sd) || sd < 0 || n < 0 ||
	    (n > 0 && n < min_n)) {
		comparison_none(out);
		return out->verdict;
	}
	double ma = moments_mean(a), va = moments_var(a), na = (double)a->n;
	if (n > 0) {
		welch(ma, va, na, mean, sd * sd, (double)n, out);
	} else {
		out->diff = ma - mean;
		out->df = na - 1;
		if (va > 0) {
			out->t = out->diff / sqrt(va / na);
			out->p = stats_t_p(out->t, out->df);
		} else {
			out->t = out->diff == 0 ? 0 : copysign(INFINITY, out->diff);
			out->p = out->diff == 0 ? 1 : 0;
		}
		double s = sd > 0 ? sd : sqrt(va);
		if (s > 0)
			out->d = out->diff / s;
		else
			out->d = out->diff == 0 ? 0 : copysign(INFINITY, out->diff);
	}
	out->verdict = verdict_of(out->diff, out->p, out->d, higher_is_better);
	return out->verdict;
}

/*
 * Returns the verdict in plain words in lang, from the catalogs (English
 * is the message id). Borrowed, static or from the embedded catalog.
 */
const char *verdict_text(enum verdict v, enum lang lang)
{
	switch (v) {
	case VERDICT_NONE:
		return T(lang, "not compared");
	case VERDICT_SAME:
		return T(lang, "no real difference");
	case VERDICT_BETTER:
		return T(lang, "somewhat better");
	case VERDICT_CLEARLY_BETTER:
		return T(lang, "clearly better");
	case VERDICT_WORSE:
		return T(lang, "somewhat worse");
	case VERDICT_CLEARLY_WORSE:
		return T(lang, "clearly worse");
	}
	return "?";
}

/*
 * Returns Cronbach's alpha k/(k-1) (1 - sum of item variances / variance
 * of the sum), or NAN for k < 2, a total variance that is not positive, or
 * an item variance that is not a number.
 */
double stats_alpha(int k, const double *item_var, double total_var)
{
	if (k < 2 || isnan(total_var) || !(total_var > 0))
		return NAN;
	double s = 0;
	for (int i = 0; i < k; i++) {
		if (isnan(item_var[i]))
			return NAN;
		s += item_var[i];
	}
	return (double)k / (k - 1) * (1 - s / total_var);
}

/*
 * Returns Pearson's r from n pairs' sums (x, y, x^2, y^2, xy), clamped to
 * [-1, 1] against rounding; NAN for n < 2 or a variable without spread.
 */
double stats_pearson(long n, double sx, double sy, double sxx, double syy, double sxy)
{
	if (n < 2)
		return NAN;
	double dn = (double)n;
	double vx = sxx - sx * sx / dn;
	double vy = syy - sy * sy / dn;
	double cxy = sxy - sx * sy / dn;
	/* relative tolerance: a constant variable leaves only rounding noise */
	if (!(vx > 1e-12 * (sxx > 0 ? sxx : 1)) || !(vy > 1e-12 * (syy > 0 ? syy : 1)))
		return NAN;
	double r = cxy / sqrt(vx * vy);
	if (r > 1)
		r = 1;
	if (r < -1)
		r = -1;
	return r;
}
