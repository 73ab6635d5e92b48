/*
 * score.c: scale scores of one respondent, their risk zones and the names
 * of scale kinds and 5 A's domains (the same words as in instrument files).
 */
#include <math.h>

#include "util.h"
#include "i18n.h"
#include "instrument.h"

/*
 * Scores are means of at most a dozen small integers and cut points have
 * at most four decimals; a score this close to a cut point is taken to be
 * on it, so that a group mean computed in another order lands the same.
 */
#define ZONE_EPSILON 1e-9

static const char *const kind_names[] = {
	[SCALE_DEMAND] = "demand",
	[SCALE_RESOURCE] = "resource",
	[SCALE_OUTCOME] = "outcome",
	[SCALE_NEED] = "need",
};

static const char *const five_a_names[] = {
	[FIVE_A_NONE] = "none",
	[FIVE_A_ORGANISATION] = "organisation",
	[FIVE_A_CONTENT] = "content",
	[FIVE_A_CONDITIONS] = "conditions",
	[FIVE_A_CIRCUMSTANCES] = "circumstances",
	[FIVE_A_RELATIONS] = "relations",
};

/*
 * Scores every scale: the mean of its keyed answers (reverse-keyed items
 * count points + 1 - answer), or NAN when fewer than min_items items are
 * answered. An answer outside 1..points counts as missing; callers check
 * answers with instrument_answers_valid() first. scores has room for
 * ins->nscales values (caller owns it). Returns the number of valid scores.
 */
int instrument_score(const struct instrument *ins, const uint8_t *answers, double *scores)
{
	int valid = 0;

	for (int s = 0; s < ins->nscales; s++) {
		const struct scale *sc = &ins->scales[s];
		int sum = 0, n = 0;
		for (int k = 0; k < sc->nitems; k++) {
			const struct item *it = &ins->items[sc->items[k]];
			int points = ins->answer_scales[it->answer_scale].points;
			int a = answers[sc->items[k]];
			if (a < 1 || a > points)
				continue;
			sum += it->reverse ? points + 1 - a : a;
			n++;
		}
		if (n == 0 || n < sc->min_items) {
			scores[s] = NAN;
			continue;
		}
		scores[s] = (double)sum / n;
		valid++;
	}
	return valid;
}

/*
 * Returns 1 when every one of the ins->nitems answers is 0 (missing) or
 * within its item's answer scale, else 0.
 */
int instrument_answers_valid(const struct instrument *ins, const uint8_t *answers)
{
	for (int i = 0; i < ins->nitems; i++) {
		int points = ins->answer_scales[ins->items[i].answer_scale].points;
		if (answers[i] > points)
			return 0;
	}
	return 1;
}

/*
 * The zone of a score. Where higher is worse: red from the red cut point
 * up, orange from the orange cut point up, else green. Where higher is
 * better: red up to the red cut point, orange up to the orange one, else
 * green. ZONE_NONE for NAN (no valid score).
 */
enum risk_zone scale_zone(const struct scale *sc, double score)
{
	if (isnan(score))
		return ZONE_NONE;
	if (!sc->higher_is_better) {
		if (score >= sc->red - ZONE_EPSILON)
			return ZONE_RED;
		if (score >= sc->orange - ZONE_EPSILON)
			return ZONE_ORANGE;
		return ZONE_GREEN;
	}
	if (score <= sc->red + ZONE_EPSILON)
		return ZONE_RED;
	if (score <= sc->orange + ZONE_EPSILON)
		return ZONE_ORANGE;
	return ZONE_GREEN;
}

/* "demand", "resource", "outcome", "need" (the file's words); "?" otherwise. Static. */
const char *scale_kind_name(enum scale_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

/* "none", "organisation", "content", ... (the file's words); "?" otherwise. Static. */
const char *five_a_name(enum five_a f)
{
	return (unsigned)f < ARRAY_SIZE(five_a_names) ? five_a_names[f] : "?";
}

const char *zone_word(enum risk_zone z, enum lang l)
{
	switch (z) {
	case ZONE_GREEN:
		return T(l, "Green zone");
	case ZONE_ORANGE:
		return T(l, "Orange zone");
	case ZONE_RED:
		return T(l, "Red zone");
	case ZONE_NONE:
		break;
	}
	return T(l, "No score");
}
