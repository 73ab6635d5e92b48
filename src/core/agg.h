/*
 * agg.h: the report engine. It turns one wave's responses into figures for
 * every unit of the tree (each unit with all its descendants) and every
 * breakdown band, for every scale: respondents, n, mean, SD (as sums),
 * counts per risk zone and a histogram. Nothing here decides what may be
 * shown: suppress.h does, before any figure leaves the engine.
 *
 * Units are given as indices 0..nunits-1 with the index of their parent,
 * in any order, -1 for the root; every unit reaches the root.
 */
#ifndef HARTSLAG_AGG_H
#define HARTSLAG_AGG_H

#include <stdint.h>

#include "instrument.h"
#include "stats.h"

#define AGG_BINS 8 /* histogram bins over the score range 1..points */
#define AGG_MAX_LABELS 32 /* distinct labels per band dimension (contract, shift, function) */

enum agg_dim {
	DIM_AGE,
	DIM_TENURE,
	DIM_CONTRACT,
	DIM_SHIFT,
	DIM_FUNCTION,
	DIM_COUNT
};

struct agg_cell {
	struct moments m;      /* valid scale scores */
	long zone[3];          /* per enum risk_zone */
	long hist[AGG_BINS];
};

struct agg_group {
	long nresp;            /* responses, valid scores or not */
	struct agg_cell *cell; /* [nscales] */
};

struct agg_wave {
	int nunits;
	int nscales;
	int nitems;
	struct agg_group *unit;          /* [nunits]: unit with its descendants */
	int nvalues[DIM_COUNT];          /* values per dimension; value 0 is "unknown" */
	char **labels[DIM_COUNT];        /* [nvalues[d]]: the band's label ("" for unknown) */
	struct agg_group *band[DIM_COUNT]; /* [nunits * nvalues[d]]: unit u, value v at u*nv+v */
	long *item_missing;              /* [nitems], whole wave */
	double *alpha;                   /* [nscales] Cronbach's alpha, whole wave; NAN if none */
	long nresp;                      /* whole wave */
	struct agg_drivers *drivers;     /* key drivers; NULL unless agg_want_drivers() */
};

/*
 * Key drivers: sums over the respondents who have both scores of a pair
 * of scales (in score points), from which Pearson's r follows
 * (agg_driver_r). Only computed when asked for with agg_want_drivers().
 */
struct agg_pair {
	long n;
	double sx, sy, sxx, syy, sxy; /* x: the first scale of the pair, y: the second */
};

struct agg_drivers {
	int nres;              /* resource and need scales */
	int nout;              /* outcome scales */
	int *res;              /* [nres] scale indices, in instrument order */
	int *out;              /* [nout] scale indices, in instrument order */
	struct agg_pair *unit; /* [nunits * nres * nout]: unit u (with its descendants),
				  res[i] with out[j] at (u * nres + i) * nout + j */
	struct agg_pair *all;  /* [nscales * nscales]: whole wave, every pair of scales,
				  s with t at s * nscales + t (x is s) */
};

struct agg_builder;

/*
 * Starts a wave: ins (borrowed for the builder's life), nunits units with
 * parent indices (-1 for the root; copied). Returns NULL when the tree is
 * not a tree (a cycle, or several roots).
 */
struct agg_builder *agg_begin(const struct instrument *ins, int nunits, const int *parent);
/*
 * Maps a band label to its value in dimension d (0 for "" or NULL). For
 * age and tenure the label is the band number "0".."5". A dimension holds
 * at most AGG_MAX_LABELS distinct labels: a further one gives -1 (and so
 * does a bad age or tenure band); agg_add counts a value out of range as
 * unknown (0), so the caller must report -1 rather than pass it on.
 */
int agg_band_value(struct agg_builder *b, enum agg_dim d, const char *label);
/*
 * Adds one response of a member of unit u (index), with band values (from
 * agg_band_value or the age/tenure band numbers 0..5) and the raw answers
 * (ins->nitems bytes, 0 = missing).
 */
void agg_add(struct agg_builder *b, int u, const int band[DIM_COUNT], const uint8_t *answers);
/* Rolls everything up the tree and returns the result (caller frees with agg_free). */
struct agg_wave *agg_finish(struct agg_builder *b);
void agg_free(struct agg_wave *w);

/*
 * Asks for key drivers (struct agg_drivers) in the result: per unit the
 * pair sums of every (resource or need, outcome) pair of scales, and for
 * the whole wave every pair of scales. Call before the first agg_add; off
 * by default, as it costs a pass over all pairs per response.
 */
void agg_want_drivers(struct agg_builder *b);
/*
 * Asks for no breakdown bands: nvalues[d] is then 0 and labels[d] and
 * band[d] are NULL. Call before the first agg_add. Bands cost memory in
 * units x band values x scales (about 3.3 GB a wave for 92,000 units);
 * the benchmark, which reports no bands, skips them.
 */
void agg_skip_bands(struct agg_builder *b);
/*
 * Pearson's r between a resource (or need) scale and an outcome scale for
 * unit u with its descendants, or for the whole wave with u = -1 (any two
 * scales then). Sets *n (when n is non-NULL) to the number of respondents
 * with both scores. Returns NAN when drivers were not computed, the pair
 * is not a driver pair, or r is undefined. Pages show drivers only for
 * groups of at least 25 (docs/reports.md).
 */
double agg_driver_r(const struct agg_wave *w, int u, int resource_scale, int outcome_scale,
		    long *n);

#endif
