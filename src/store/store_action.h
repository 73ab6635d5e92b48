/*
 * store_action.h: the storage of action plans (issue 6), reached as
 * st->ops->action.
 *
 * An action is one measure in a unit's plan for a year: a theme (the code
 * of a scale of the instrument), an IGLO level, a description, an owner, a
 * due date, a status, the indicator that should show its effect (a scale
 * and/or an absence indicator code) with a baseline and a target. Unit
 * plans for a year together are the organisation's yearly action plan
 * (JAP); the years of a five-year span are the global prevention plan
 * (GPP). Every status change is kept in a history (day, status, user) so
 * that "stalled" can be told and someone can be held to account.
 *
 * The store checks shapes (lengths, UTF-8, dates, ranges) and refuses the
 * rest with ERR_INVALID and st->err; the meaning of status and level
 * (which status may follow which: action_status_allowed; who approves)
 * belong to core/action.h and the callers. Every write is one transaction.
 *
 * The action itself is core's struct action (core/action.h): the store
 * keeps every field of it. Times are Unix seconds, as there.
 *
 * Nothing here is about a person's answers: owners and users are staff
 * names or logins. Workshop ideas and votes are not stored here (see
 * store_workshop.h); an action only remembers the workshop it came from.
 *
 * Ownership: strings in returned structs are owned by the struct and freed
 * by store_action_release() / store_actions_free().
 */
#ifndef HARTSLAG_STORE_ACTION_H
#define HARTSLAG_STORE_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/action.h"
#include "store/store.h"

/* Ceilings the store enforces (the texts of core/action.h, and these). */
#define STORE_ACTION_MAX_NOTE 2000   /* a note with a status change or approval */
#define STORE_ACTION_MAX_USER 200    /* a login */
#define STORE_ACTION_KEY_BYTES 32    /* the public 'you said, we did' key, as text */

/* One line of an action's status history, oldest first. */
struct store_action_event {
	int64_t at;                 /* Unix seconds */
	enum action_status status;  /* the status from then on */
	int approval;               /* 1: management's approval (decided and documented) */
	char *user;                 /* login, or "demo", "workshop"... */
	char *note;                 /* why, what was decided; "" when none */
};
void store_action_events_free(struct store_action_event *e, size_t n);

/* What list selects; 0 (or NULL, or -1 for enums) in a field means "any". */
struct store_action_filter {
	long unit_id;          /* exactly this unit; -1: organisation-wide ones only */
	const long *unit_ids;  /* any of these n_units units (NULL: any) */
	size_t n_units;
	int year;
	int year_to;           /* with year: the years year..year_to (the GPP's span) */
	int status;            /* enum action_status, -1: any */
	int level;             /* enum iglo_level, -1: any */
	const char *theme;
	long workshop_id;
	int communicated;      /* 1: only actions communicated for 'you said, we did' */
};
/* A filter that selects everything (status and level -1). */
void store_action_filter_init(struct store_action_filter *f);

/* The organisation's settings of this part. */
struct store_yousaid {
	int via_invitation; /* employees open 'you said, we did' with their invitation link */
	int via_public;     /* anyone with the public organisation link /y/KEY */
	char key[STORE_ACTION_KEY_BYTES + 1]; /* the public link's random key */
	int gpp_first_year; /* first year of the current five-year GPP, 0 when unset */
	int stall_days;     /* "stalled" after this many days without a status change; 0: default */
};

struct store_action_ops {
	/*
	 * Adds a with a new random id in *id, and its first history line
	 * (now, a->status, user), in one transaction. a->id is ignored;
	 * created, updated and status_changed become now; approved and
	 * communicated are kept as given (0: not).
	 */
	int (*add)(struct store *st, const struct action *a, int64_t now, const char *user,
		   long *id);
	/* Fills out (action_release frees it); ERR_NOT_FOUND for an unknown id. */
	int (*get)(struct store *st, long id, struct action *out);
	/*
	 * Changes what can be edited: year, theme, level, title, description,
	 * owner, due, quick_win, the indicators, baseline, target,
	 * baseline_wave_id; updated becomes now. Unit, status, approval and
	 * communication keep their own operations. ERR_NOT_FOUND for an
	 * unknown a->id.
	 */
	int (*update)(struct store *st, const struct action *a, int64_t now);
	/*
	 * Sets the status and appends a history line (now, status, user,
	 * note) in one transaction; status_changed becomes now when the
	 * status changes.
	 */
	int (*set_status)(struct store *st, long id, enum action_status status, int64_t now,
			  const char *user, const char *note);
	/*
	 * Management's approval, in one transaction: status approved,
	 * approved = now, and a history line marked as approval with the
	 * decision in note. ERR_CONFLICT unless the action is proposed.
	 */
	int (*approve)(struct store *st, long id, int64_t now, const char *user, const char *note);
	/* Marks it published for 'you said, we did' at now (0: unpublish). */
	int (*communicate)(struct store *st, long id, int64_t now);
	/* Deletes an action and its history (callers allow it before approval only). */
	int (*remove)(struct store *st, long id);
	/*
	 * The actions f selects (f NULL: all), by year, unit, level, due date;
	 * *out is the caller's: action_release each, then free.
	 */
	int (*list)(struct store *st, const struct store_action_filter *f, struct action **out,
		    size_t *n);
	/* The status history of an action, oldest first; *out is the caller's. */
	int (*history)(struct store *st, long id, struct store_action_event **out, size_t *n);
	/* The settings (defaults: invitation on, public off, a fresh random key). */
	int (*yousaid_get)(struct store *st, struct store_yousaid *out);
	/*
	 * Stores the switches, gpp_first_year and stall_days; new_key draws a
	 * fresh random public key (the old link stops working). in->key is
	 * ignored.
	 */
	int (*yousaid_set)(struct store *st, const struct store_yousaid *in, int new_key);
};

/* Frees n actions from list and the array. */
void store_actions_free(struct action *a, size_t n);

/*
 * The SQLite back end's part (store_sqlite_action.c), registered in
 * store_sqlite.c: its migrations in sq_parts[] and its operations in
 * sq_ops.action.
 */
struct sq_part;
extern const struct sq_part sq_action_part;
extern const struct store_action_ops sq_action_ops;

#endif
