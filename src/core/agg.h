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
};

struct agg_builder;

/*
 * Starts a wave: ins (borrowed for the builder's life), nunits units with
 * parent indices (-1 for the root; copied). Returns NULL when the tree is
 * not a tree (a cycle, or several roots).
 */
struct agg_builder *agg_begin(const struct instrument *ins, int nunits, const int *parent);
/* Maps a band label to its value in dimension d (0 for "" or NULL). */
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

#endif
