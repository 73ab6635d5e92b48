/*
 * stats.h: the statistics behind group reports, from sufficient statistics
 * (n, sum, sum of squares) so that no individual score is ever needed:
 * mean, standard deviation, Welch's t-test with its p-value, Cohen's d,
 * the verdict in plain words, Cronbach's alpha, Pearson's r.
 */
#ifndef HARTSLAG_STATS_H
#define HARTSLAG_STATS_H

#include "lang.h"
#include "util.h"

struct moments {
	long n;
	double sum;
	double sumsq;
};

void moments_add(struct moments *m, double x);
void moments_merge(struct moments *into, const struct moments *from);
double moments_mean(const struct moments *m);    /* NAN when n == 0 */
double moments_sd(const struct moments *m);      /* sample SD; NAN when n < 2 */

enum verdict {
	VERDICT_NONE,          /* not compared: too few people on a side */
	VERDICT_SAME,          /* no real difference */
	VERDICT_BETTER,        /* somewhat better */
	VERDICT_CLEARLY_BETTER,
	VERDICT_WORSE,         /* somewhat worse */
	VERDICT_CLEARLY_WORSE,
};

struct comparison {
	double diff; /* this minus reference, in score points */
	double d;    /* Cohen's d (pooled SD) */
	double t;    /* Welch's t */
	double df;   /* Welch–Satterthwaite degrees of freedom */
	double p;    /* two-sided p-value */
	enum verdict verdict;
};

/*
 * Compares a group with a reference group (Welch's t-test and Cohen's d).
 * The verdict rule (docs/reports.md): p < 0.05 and |d| >= 0.5 is "clearly"
 * better or worse, p < 0.05 and |d| >= 0.2 is "somewhat", anything else
 * "no real difference"; better or worse by the scale's direction.
 * Groups below min_n give VERDICT_NONE. Returns the verdict.
 */
enum verdict stats_compare(const struct moments *a, const struct moments *ref,
			   int higher_is_better, long min_n, struct comparison *out);
/* The same against a norm given as mean, SD and size (n 0: a population norm). */
enum verdict stats_compare_norm(const struct moments *a, double mean, double sd, long n,
				int higher_is_better, long min_n, struct comparison *out);
/* The verdict in plain words in lang ("clearly better", "no real change"). */
const char *verdict_text(enum verdict v, enum lang lang);
/* Two-sided p-value of Student's t with df degrees of freedom. */
double stats_t_p(double t, double df);
/*
 * Cronbach's alpha of k items from the item variances and the variance of
 * their sum (over complete answers). NAN when undefined.
 */
double stats_alpha(int k, const double *item_var, double total_var);
/* Pearson's r from sums over n pairs; NAN when undefined. */
double stats_pearson(long n, double sx, double sy, double sxx, double syy, double sxy);

#endif
