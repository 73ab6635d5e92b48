/*
 * store_workshop.h: the storage of team workshops (the feature part
 * "workshop", reached as st->ops->workshop).
 *
 * A workshop belongs to a unit and, usually, to the closed wave whose
 * report it discusses. Participants have no account: a browser is known
 * only by the hash of a random token in a cookie of its own, and that row
 * holds nothing but the number of dots it has used. What participants put
 * in (own points, dots, ideas) is stored without them:
 *
 *  - an item (a strength or attention point of the report, or an own
 *    point) and an idea have a random id and no time column, so neither
 *    the row nor its position says who wrote it or when;
 *  - a dot is a counter on the item, raised in the same transaction that
 *    raises the participant's dots used, so the budget holds and no
 *    ballot row exists.
 *
 * Phase rules (no vote before the voting phase, ...) are checked inside
 * the transaction that writes, so two requests cannot race past them.
 * Ownership: strings in returned structs are owned by the struct and
 * freed by the matching release function.
 */
#ifndef HARTSLAG_STORE_WORKSHOP_H
#define HARTSLAG_STORE_WORKSHOP_H

#include <stddef.h>
#include <stdint.h>

#include "core/workshop.h"
#include "store/store.h"

/*
 * The limits are core's (core/workshop.h): WORKSHOP_MAX_TEXT bytes a text,
 * WORKSHOP_MAX_ITEMS items and ideas together, WORKSHOP_MAX_DOTS dots,
 * WORKSHOP_MAX_PARTICIPANTS browsers. Phases are enum workshop_phase.
 */
#define WS_CODE_MAX_BYTES 16     /* the session code as stored */

enum ws_item_kind {
	WS_ITEM_STRENGTH = 0,  /* from the report: 'jubelmuur' */
	WS_ITEM_ATTENTION = 1, /* from the report: 'klaagmuur' */
	WS_ITEM_OWN = 2,       /* added by a participant */
};

struct workshop {
	long id;
	long unit_id;
	long wave_id;        /* the wave of the report discussed, 0 for none */
	enum workshop_phase phase;
	int dots;            /* dots per participant */
	long facilitator_id; /* the user who started it, 0 when deleted */
	char created[11];    /* "YYYY-MM-DD": a day, never a time */
	char code[WS_CODE_MAX_BYTES + 1]; /* the session code (kept sealed) */
	long participants;   /* browsers that joined (filled by get/by_code) */
};

struct ws_item {
	long id;
	int kind;            /* enum ws_item_kind */
	char *scale;         /* scale id for report points, "" for own points */
	char *text;          /* report points: an English msgid; own points: the text */
	long votes;
	int chosen;          /* a theme chosen for the brainstorm */
};

struct ws_idea {
	long id;
	long item_id;        /* the theme */
	int level;           /* enum iglo_level (core/action.h) */
	char *text;
	int chosen;          /* turned into an action */
};

struct store_workshop_ops {
	/*
	 * Creates a workshop (its phase WS_WALLS) with the report's items
	 * (kind, scale and text of each; votes and chosen are ignored), all
	 * in one transaction. code_hash is the hash the code is found by;
	 * the code itself is kept sealed with the server key so the
	 * facilitator's screen can show it again. w->created is today
	 * unless the caller set a day (the demo). Sets w->id.
	 * ERR_CONFLICT when the code hash is taken.
	 */
	int (*create)(struct store *st, struct workshop *w, const uint8_t code_hash[32],
		      const struct ws_item *items, size_t n);
	/* One workshop by id, or ERR_NOT_FOUND. */
	int (*get)(struct store *st, long id, struct workshop *out);
	/* The workshop whose code has this hash, or ERR_NOT_FOUND. */
	int (*by_code)(struct store *st, const uint8_t code_hash[32], struct workshop *out);
	/* Every workshop, newest day first (caller frees the array). */
	int (*list)(struct store *st, struct workshop **out, size_t *n);
	/*
	 * Moves a workshop from phase from to phase to, in one transaction
	 * (ERR_CONFLICT when it is no longer in from: two facilitator
	 * screens clicked at once). Whether the step is allowed is
	 * workshop_phase_allowed()'s to say, before.
	 */
	int (*set_phase)(struct store *st, long id, enum workshop_phase from,
			 enum workshop_phase to);

	/* The items of a workshop, in an order that says nothing (by random id). */
	int (*items)(struct store *st, long id, struct ws_item **out, size_t *n);
	/*
	 * Adds an own point while the workshop's phase accepts points
	 * (ERR_CONFLICT in another phase or past WORKSHOP_MAX_ITEMS;
	 * ERR_INVALID for an empty or too long text).
	 */
	int (*item_add)(struct store *st, long id, const char *text, long *item_id);
	/* Marks an item chosen (1) or not (0) as a theme for the brainstorm. */
	int (*item_choose)(struct store *st, long id, long item_id, int chosen);

	/*
	 * Lets a browser in: inserts its hash with no dots used, unless it
	 * is there already. ERR_CONFLICT past WORKSHOP_MAX_PARTICIPANTS.
	 */
	int (*join)(struct store *st, long id, const uint8_t hash[32]);
	/* The dots a browser has used; ERR_NOT_FOUND when it has not joined. */
	int (*dots_used)(struct store *st, long id, const uint8_t hash[32], int *used);
	/*
	 * Puts a ballot of n lines (dots on items) of a browser, in one
	 * transaction: the workshop must accept votes and the browser must
	 * have the ballot's dots left (ERR_CONFLICT otherwise), every item
	 * must be the workshop's (ERR_NOT_FOUND). Nothing records which
	 * browser voted for what. Check the ballot with ballot_check() first.
	 */
	int (*vote)(struct store *st, long id, const uint8_t hash[32], const struct vote *ballot,
		    size_t n);

	/* The ideas of a workshop, in an order that says nothing (by random id). */
	int (*ideas)(struct store *st, long id, struct ws_idea **out, size_t *n);
	/*
	 * Adds an idea on a chosen item at an IGLO level while the workshop
	 * accepts ideas (ERR_CONFLICT otherwise or past WORKSHOP_MAX_ITEMS;
	 * ERR_NOT_FOUND for an item that is not a chosen theme of it).
	 */
	int (*idea_add)(struct store *st, long id, long item_id, int level, const char *text,
			long *idea_id);
	/* Marks an idea as turned into an action (ERR_NOT_FOUND if not the workshop's). */
	int (*idea_mark)(struct store *st, long id, long idea_id);
};

void ws_item_release(struct ws_item *it);
void ws_items_free(struct ws_item *it, size_t n);
void ws_idea_release(struct ws_idea *d);
void ws_ideas_free(struct ws_idea *d, size_t n);

/* The SQLite back end of this part (store_sqlite_workshop.c). */
extern const struct store_workshop_ops sq_workshop_ops;
struct sq_part;
extern const struct sq_part sq_workshop_part;

#endif
