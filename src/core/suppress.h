/*
 * suppress.h: what may be shown (DESIGN.md anonymity rules 1, 2 and 4),
 * decided in the engine, never in the pages. A figure is one group (a unit
 * with its descendants, or a unit's breakdown band) on one scale; its
 * count is the number of valid scores on that scale.
 *
 * The rule: a shown figure has a count of at least k, and for every shown
 * figure, what is left of it after taking away the shown figures nested
 * in it (its nearest shown descendants in the unit tree; the shown bands of
 * one dimension within a unit; the shown band of the same value in its
 * nearest shown descendants) is either nobody or at least k people. So no
 * difference or sum of shown figures isolates fewer than k people.
 * Complementary suppression hides further figures, smallest first, until
 * the rule holds. The same rule holds for comments with the comment
 * minimum, counted in people who wrote one.
 */
#ifndef HARTSLAG_SUPPRESS_H
#define HARTSLAG_SUPPRESS_H

#include "agg.h"

struct shown {
	/* 1 = may be shown, per figure */
	unsigned char *unit;                /* [nunits * nscales] */
	unsigned char *band[DIM_COUNT];     /* [nunits * nvalues[d] * nscales] */
	unsigned char *unit_resp;           /* [nunits]: may the group be named with its
					       respondent count at all */
};

/*
 * Decides what of w may be shown with minimum k (>= 3), for the unit tree
 * given by parent (as in agg_begin). Fills out (caller frees with
 * shown_release). Returns 0, or ERR_INVALID for k < 3.
 */
int suppress_wave(const struct agg_wave *w, const int *parent, int k, struct shown *out);
void shown_release(struct shown *s);

/*
 * Comments: writers[u] is the number of people in unit u with its
 * descendants who wrote a comment. Sets show[u] (nunits bytes) to 1 where
 * the unit's comments may be shown under the same rule with minimum cmin.
 */
int suppress_comments(int nunits, const int *parent, const long *writers, int cmin,
		      unsigned char *show);

/*
 * Screens a comment before it is shown: e-mail addresses, phone numbers,
 * and the given names (employee first and last names, case-insensitive,
 * whole words) are replaced by "[…]". Returns a new string; caller frees.
 */
char *screen_comment(const char *text, const char *const *names, size_t nnames);

#endif
