/*
 * action.h: what the pages of action plans share (action.c, the exports
 * and action_yousaid.c): a request's context (units in scope, the report,
 * the instrument, the part's settings) and the effect of an action.
 */
#ifndef HARTSLAG_WEB_ACTION_H
#define HARTSLAG_WEB_ACTION_H

#include <stdint.h>

#include "core/action.h"
#include "report/action_export.h"
#include "report/report.h"
#include "store/store_action.h"
#include "web.h"

struct act {
	struct req *r;
	const struct report *rep;       /* shared report, NULL when no wave has closed */
	const struct instrument *ins;   /* the report's, else the built-in one; may be NULL */
	struct unit *units;             /* pre-order */
	size_t nunits;
	size_t from, to;                /* units in scope (managers: their subtree) */
	struct store_yousaid ys;
	int64_t now;
	long today;                     /* day number */
	struct act_absence *abs;        /* the server's absence data, got on first need */
};

/* Loads c for r; -1 on a store error (st->err). Release with act_release. */
int act_load(struct act *c, struct req *r);
void act_release(struct act *c);
/* 1 when the unit (0: the whole organisation) is within the user's scope. */
int act_in_scope(const struct act *c, long unit_id);
/* The unit's name, "Whole organisation" for 0; borrowed. */
const char *act_unit_name(const struct act *c, long id);
/* The name of a scale in the request's language, or the id itself; borrowed. */
const char *act_scale_name(const struct act *c, const char *id);

/* Writes ": " (in French with the no-break space before the colon). */
void act_colon(struct hw *w, enum lang l);
/* The effect of a, from the request's report (action_report_effect). */
void act_effect(const struct act *c, const struct action *a, struct action_effect_view *ev);
/* Writes the effect in a few words (for lists). */
void act_effect_cell(struct hw *w, const struct act *c, const struct action *a);
/* Writes the status with the overdue and stalled flags (colour and a word). */
void act_status_cell(struct hw *w, const struct act *c, const struct action *a);

#endif
