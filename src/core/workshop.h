/*
 * workshop.h: the logic of a team workshop on survey results (survey
 * feedback, DOMAIN.md 8; the cocreation workshops in ../shared/sources):
 * the phases, short session codes for participants' phones, dot voting
 * and the guiding questions. A workshop runs walls (strengths as the
 * 'jubelmuur', attention points as the 'klaagmuur') -> own points ->
 * dot voting -> brainstorm per chosen theme on the four IGLO levels ->
 * actions -> closed.
 *
 * Anonymity: a ballot has no identity. Votes are (item, dots) pairs; no
 * function here takes or returns a participant.
 *
 * Core only: no I/O; random bytes for codes come from the caller.
 */
#ifndef HARTSLAG_WORKSHOP_H
#define HARTSLAG_WORKSHOP_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "util.h"

/* Limits */
#define WORKSHOP_MAX_ITEMS 200        /* wall points + own points + ideas per workshop */
#define WORKSHOP_MAX_TEXT 280         /* bytes of one point or idea */
#define WORKSHOP_MAX_PARTICIPANTS 100
#define WORKSHOP_MAX_DOTS 10          /* highest budget a facilitator may set */
#define WORKSHOP_DOTS_DEFAULT 3
#define WORKSHOP_MAX_THEMES 5         /* themes taken to the brainstorm */
#define WORKSHOP_THEMES_DEFAULT 3

/* ------------------------------------------------------------ phases */

enum workshop_phase {
	WS_WALLS = 0,      /* strengths and attention points from the report */
	WS_OWN_POINTS,     /* participants add their own points */
	WS_VOTING,         /* dot voting on the points */
	WS_BRAINSTORM,     /* ideas per chosen theme in four IGLO columns */
	WS_ACTIONS,        /* ideas become actions */
	WS_CLOSED,
	WS_PHASE_COUNT
};

/* "walls", "own_points", "voting", "brainstorm", "actions", "closed". */
const char *workshop_phase_code(enum workshop_phase p);
/* Parses a phase code. Returns 0 and sets *out, or -1. */
int workshop_phase_parse(struct str s, enum workshop_phase *out);
/* The phase's name in lang ("Dot voting"); borrowed from the catalog. */
const char *workshop_phase_name(enum workshop_phase p, enum lang lang);
/*
 * Returns 1 if a workshop may go from one phase to another: one step
 * forward, one step back, or from any phase to closed. Closed is final
 * (the votes and ideas are then fixed). from == to is not a change (0).
 */
int workshop_phase_allowed(enum workshop_phase from, enum workshop_phase to);
/* Phases in which participants may add points (own points) or ideas (brainstorm). */
int workshop_phase_accepts_points(enum workshop_phase p);
int workshop_phase_accepts_ideas(enum workshop_phase p);
int workshop_phase_accepts_votes(enum workshop_phase p);

/* The two walls of the first phase. */
enum workshop_wall {
	WALL_STRENGTHS = 0, /* 'jubelmuur' */
	WALL_ATTENTION = 1, /* 'klaagmuur' */
	WALL_COUNT
};
/* "strengths", "attention". */
const char *workshop_wall_code(enum workshop_wall w);
int workshop_wall_parse(struct str s, enum workshop_wall *out);
/* "Strengths (what goes well)", "Attention points"; borrowed. */
const char *workshop_wall_name(enum workshop_wall w, enum lang lang);

/* ------------------------------------------------------------ session codes */

/*
 * Codes are WORKSHOP_CODE_LEN characters from an alphabet without 0, O, 1,
 * I and L (31 symbols: about 8.9e8 codes), shown as "ABC-DEF".
 */
#define WORKSHOP_CODE_LEN 6
#define WORKSHOP_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
/* Random bytes to pass to workshop_code_make: enough for rejection sampling. */
#define WORKSHOP_CODE_RANDOM_BYTES 32

/*
 * Makes a code from n random bytes given by the caller (a CSPRNG), without
 * bias: bytes >= 248 are skipped. Writes WORKSHOP_CODE_LEN characters and a
 * NUL to out. Returns 0, or ERR_INVALID when the bytes ran out (give
 * WORKSHOP_CODE_RANDOM_BYTES; running out then has a chance below 1e-40).
 */
int workshop_code_make(const uint8_t *rnd, size_t n, char out[WORKSHOP_CODE_LEN + 1]);
/*
 * Parses a code as typed: any case, spaces, tabs and dashes anywhere
 * ("abc def", "ABC-DEF", " a-b-c-d-e-f "). Writes the canonical code (upper
 * case, no separators) and a NUL to out. Returns 0, or -1 for a wrong
 * length or a character outside the alphabet.
 */
int workshop_code_parse(struct str in, char out[WORKSHOP_CODE_LEN + 1]);
/* Formats a canonical code for display: "ABC-DEF" (8 bytes with the NUL). */
void workshop_code_format(const char *code, char out[WORKSHOP_CODE_LEN + 2]);

/* ------------------------------------------------------------ texts */

/*
 * Checks a point or idea typed by a participant: after trimming not empty,
 * at most WORKSHOP_MAX_TEXT bytes, valid UTF-8 without control characters
 * (tab and newline allowed). Returns 0 and sets *out to the trimmed text
 * (borrowed from in), or ERR_INVALID with d->msg in lang.
 */
int workshop_text_check(struct str in, enum lang lang, struct str *out, struct diag *d);

/* ------------------------------------------------------------ voting */

struct vote_rules {
	int budget;   /* dots per participant: 1..WORKSHOP_MAX_DOTS (default 3) */
	int stacking; /* 1: a participant may put several dots on one item */
};

/* budget WORKSHOP_DOTS_DEFAULT, stacking allowed. */
void vote_rules_default(struct vote_rules *r);
/* Checks the settings. Returns 0, or ERR_INVALID with d->msg in lang. */
int vote_rules_check(const struct vote_rules *r, enum lang lang, struct diag *d);

/* One line of a ballot, and also one stored vote: dots on an item, no voter. */
struct vote {
	long item;
	int dots;
};

/*
 * Checks a ballot of n lines against the rules and the items that can be
 * voted on (n_items ids): every item known, no item twice, dots >= 1, more
 * than one dot on an item only with stacking, at least one and at most
 * budget dots in all. Returns 0, or ERR_INVALID with d->msg in lang.
 */
int ballot_check(const struct vote *ballot, size_t n, const struct vote_rules *r,
		 const long *items, size_t n_items, enum lang lang, struct diag *d);

/* The count of one item. */
struct tally_row {
	long item;
	int pos;    /* position of the item in the items list */
	long dots;  /* dots in all */
	long votes; /* ballot lines naming it (how many ballots chose it) */
};

/*
 * Counts n_votes stored votes (lines of valid ballots) over n_items items
 * into rows (n_items rows, caller's array), ordered by dots (most first),
 * then by the number of ballots that chose the item (a broad choice beats
 * a stacked one), then by the item's position in items (earlier first):
 * the order is total and deterministic. Votes on unknown items and
 * non-positive dots are skipped; returns how many were skipped.
 */
size_t workshop_tally(const long *items, size_t n_items, const struct vote *votes, size_t n_votes,
		      struct tally_row *rows);
/*
 * The chosen themes: the first want rows of a tally that have at least one
 * dot. Returns how many were chosen (<= want). *tie_at_cut (when non-NULL)
 * is set to 1 when the first row left out has as many dots as the last
 * chosen one, so the facilitator can be told the order decided.
 */
size_t workshop_top(const struct tally_row *rows, size_t n, size_t want, int *tie_at_cut);

/* ------------------------------------------------------------ guiding questions */

struct workshop_question {
	enum workshop_phase phase; /* when it is asked */
	const char *text;          /* English msgid; show with T(lang, text) */
};

/*
 * The guiding questions (do we recognise this, what explains it, what do we
 * keep, what do we tackle first, what can we do ourselves tomorrow, what do
 * we need from the leader and from the organisation), in asking order.
 * Sets *n. Borrowed, static.
 */
const struct workshop_question *workshop_questions(size_t *n);
/* Question i in lang (borrowed from the catalog), or "" when out of range. */
const char *workshop_question_text(size_t i, enum lang lang);
/*
 * The questions of one phase: fills out (up to max) with indices into
 * workshop_questions(). Returns how many the phase has (may exceed max).
 */
size_t workshop_questions_of(enum workshop_phase p, size_t *out, size_t max);

#endif
