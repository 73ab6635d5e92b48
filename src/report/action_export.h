/*
 * action_export.h: the effect of an action as the report model measures
 * it, and the yearly action plan as PDF and XLSX (issue 6).
 *
 * The effect comes from the report only (report_figure): the figure of the
 * action's indicator scale for its unit in its baseline wave against the
 * newest closed wave, compared with core's rule and words (the same as the
 * reports). A figure the suppression hides is never passed on.
 */
#ifndef HARTSLAG_REPORT_ACTION_EXPORT_H
#define HARTSLAG_REPORT_ACTION_EXPORT_H

#include <stdint.h>

#include "core/action.h"
#include "core/lang.h"
#include "core/util.h"
#include "report/absence_data.h"
#include "report/report.h"
#include "store/store.h"

struct action_effect_view {
	struct action_effect e;
	int scale;               /* index of the indicator scale in rep->ins, -1 when none */
	int absence;             /* 1: the indicator is an absence indicator */
	const char *wave_before; /* wave titles, borrowed from the report; NULL when none */
	const char *wave_after;
};

/*
 * The effect of a: its indicator scale (its theme when it names none) for
 * its unit (0: the organisation, the root of the tree) in the wave of its
 * baseline against the newest closed wave of rep (NULL: no wave closed).
 * A hidden figure on either side gives EFFECT_SUPPRESSED. For an absence
 * indicator the measured value comes from action_absence_value(). Fills ev.
 */
void action_report_effect(const struct report *rep, struct store *st, const struct action *a,
			  struct action_effect_view *ev);

/*
 * Where the effect of an absence indicator finds its figures: loaded
 * absence data (report/absence_data.h) and, when figures is set, a
 * provider of each period's figures (the server's cache; *owned 1 when
 * the caller must release them).
 */
struct action_absence_src {
	const struct absence_view *v;
	int (*figures)(void *ctx, const struct absence_view *v, int32_t from, int32_t to,
		       struct absence_figures *out, int *owned);
	void *ctx;
};
/* action_report_effect with the absence figures from src (NULL: read from st). */
void action_report_effect_src(const struct report *rep, struct store *st,
			      const struct action_absence_src *src, const struct action *a,
			      struct action_effect_view *ev);

/*
 * The measured value of the absence indicator code (core/action.h, enum
 * action_absind) for a unit (0: the organisation) over the calendar year
 * (the year so far when it is the current one; the indicators are
 * annualised), from the absence data (report/absence_data.h) under the
 * same anonymity rules as the unit pages. Returns 0 with *value, 1 when
 * the unit's figure is withheld (group below k or open to differencing),
 * ERR_NOT_FOUND when there is nothing to measure (unknown code or unit,
 * no absence data, a year still to come), or another error; *value is NAN
 * unless 0 is returned.
 */
int action_absence_value(struct store *st, const char *code, long unit_id, int year,
			 double *value);
/* The same from loaded absence data (src->v, and src->figures when set). */
int action_absence_value_src(const struct action_absence_src *src, const char *code,
			     long unit_id, int year, double *value);

/* What an export of a plan shows: the actions of one year (or all) in a scope. */
struct action_plan_src {
	const char *org_name;
	int year;                      /* 0: all years */
	const char *scope;             /* "Whole organisation" or the unit's name */
	const struct report *rep;      /* may be NULL */
	const struct instrument *ins;  /* theme names; may be NULL */
	struct store *st;              /* for the absence seam; may be NULL */
	const struct unit *units;      /* for unit names */
	size_t nunits;
	const struct action *acts;
	size_t n;
	int64_t now;                   /* for overdue and stalled */
	int stall_days;
	enum lang lang;
};

/*
 * Appends the plan as a PDF (A4, one block per action grouped by unit,
 * with its status, flags, indicator, baseline, target and effect) or as
 * an XLSX (a sheet Plan with one row per action, every text a string
 * cell, never a formula, and neutralised against formula injection).
 * Returns 0, ERR_TOO_LARGE past out's ceiling (out released), ERR_IO or
 * ERR_GENERIC when a library failed.
 */
int action_plan_pdf(const struct action_plan_src *s, struct buf *out);
int action_plan_xlsx(const struct action_plan_src *s, struct buf *out);

/*
 * Text for a spreadsheet cell: a copy of s, prefixed with ' when it could
 * start a formula (= + - @ tab CR). NULL gives "". Caller frees.
 */
char *action_export_cell(const char *s);

#endif
