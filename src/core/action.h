/*
 * action.h: actions that follow from survey results, on the four IGLO
 * levels (individual, group/team, leader, organisation), with their status
 * workflow, validation, effect at the next wave, overdue and stalled flags,
 * and the roll-up into the organisation's yearly action plan (JAP) and the
 * five-year global prevention plan (GPP) of Codex Book I Title 2
 * (DOMAIN.md 1.9, 8).
 *
 * Core only: no I/O, no clock. Callers pass "today" as a day number (days
 * since 1970-01-01, UTC) and "now" as Unix seconds.
 */
#ifndef HARTSLAG_ACTION_H
#define HARTSLAG_ACTION_H

#include <stdint.h>

#include "instrument.h"
#include "lang.h"
#include "stats.h"
#include "util.h"

/* Limits on the texts of an action (bytes of UTF-8). */
#define ACTION_MAX_TITLE 200
#define ACTION_MAX_DESCRIPTION 2000
#define ACTION_MAX_OWNER 200
#define ACTION_MAX_IDENT MAX_ID_BYTES
#define ACTION_MIN_YEAR 2000
#define ACTION_MAX_YEAR 2100
/* Default of the "stalled after N days without a status change" setting. */
#define ACTION_STALL_DAYS_DEFAULT 60
/* Default tolerance of the absence-indicator effect rule (relative change). */
#define ACTION_ABSENCE_TOLERANCE_DEFAULT 0.10
/* The years a global prevention plan spans. */
#define GPP_YEARS 5

/* ------------------------------------------------------------ IGLO levels */

enum iglo_level {
	IGLO_INDIVIDUAL = 0,
	IGLO_GROUP = 1,        /* group / team */
	IGLO_LEADER = 2,
	IGLO_ORGANISATION = 3,
	IGLO_COUNT
};

/* The code used in forms, files and the database: "individual", "group", "leader", "organisation". */
const char *iglo_code(enum iglo_level l);
/* Parses a code (case-insensitive; also "team" for group). Returns 0 and sets *out, or -1. */
int iglo_parse(struct str s, enum iglo_level *out);
/* The level's name in lang: "Group / team"; borrowed from the catalog. */
const char *iglo_name(enum iglo_level l, enum lang lang);

/* ------------------------------------------------------------ status */

enum action_status {
	ACTION_PROPOSED = 0,
	ACTION_APPROVED = 1,
	ACTION_IN_PROGRESS = 2,
	ACTION_DONE = 3,
	ACTION_DROPPED = 4,
	ACTION_STATUS_COUNT
};

/* "proposed", "approved", "in_progress", "done", "dropped". */
const char *action_status_code(enum action_status s);
/* Parses a status code. Returns 0 and sets *out, or -1. */
int action_status_parse(struct str s, enum action_status *out);
/* The status in words in lang; borrowed from the catalog. */
const char *action_status_name(enum action_status s, enum lang lang);
/*
 * Returns 1 if an action may go from one status to another, else 0 (also
 * for from == to: not a change). The workflow:
 *   proposed    -> approved, dropped
 *   approved    -> in_progress, done, dropped
 *   in_progress -> done, dropped
 *   done        -> in_progress          (reopened: the effect was not there)
 *   dropped     -> proposed             (taken up again: needs approval anew)
 * Approval is only possible from proposed; who may approve (management) is
 * decided by the web layer's roles, not here.
 */
int action_status_allowed(enum action_status from, enum action_status to);
/* Returns 1 for done and dropped: the action needs no more follow-up. */
int action_status_final(enum action_status s);

/* ------------------------------------------------------------ absence indicators */

/*
 * Absence indicators an action can aim at (computed from absence data by
 * another part, issue 5). Kept here as codes with names.
 */
enum action_absind {
	ABSIND_ABSENCE_RATE = 0,     /* % of working days lost; lower is better */
	ABSIND_FREQUENCY,            /* new spells per head per year; lower is better */
	ABSIND_MEAN_DURATION,        /* mean days per ended spell; lower is better */
	ABSIND_ZERO_ABSENCE,         /* % of people without a spell; higher is better */
	ABSIND_FREQUENT_ABSENTEES,   /* % of people with 3+ spells; lower is better */
	ABSIND_BRADFORD,             /* mean Bradford factor; lower is better */
	ABSIND_TURNOVER,             /* % leaving per year; lower is better */
	ABSIND_WORK_ACCIDENTS,       /* number (or frequency rate); lower is better */
	ABSIND_COUNT
};

/* "absence_rate", "frequency", ... */
const char *action_absind_code(enum action_absind a);
/* Parses a code. Returns 0 and sets *out, or -1. */
int action_absind_parse(struct str s, enum action_absind *out);
/* The indicator's name in lang: "Absence rate"; borrowed from the catalog. */
const char *action_absind_name(enum action_absind a, enum lang lang);
/* 1 when a higher value is better (only the zero-absence share). */
int action_absind_higher_is_better(enum action_absind a);
/* 1 when the value is a percentage (0..100), else a non-negative number. */
int action_absind_is_percent(enum action_absind a);

/* ------------------------------------------------------------ dates */

/*
 * Parses an ISO date "YYYY-MM-DD" (a real calendar day, years 1970..9999)
 * into a day number (days since 1970-01-01). Returns 0 and sets *days, or -1.
 */
int action_date_parse(struct str s, long *days);
/* Formats a day number as "YYYY-MM-DD" into out (11 bytes). */
void action_date_format(long days, char out[11]);
/* The day number of year-month-day (month 1..12); no range check. */
long action_days_from_civil(int year, int month, int day);
/* The day number of Unix time t (floor, UTC). */
long action_day_of(int64_t t);

/* ------------------------------------------------------------ the action */

struct action {
	long id;
	long unit_id;          /* 0: organisation-wide */
	char *theme;           /* scale ident of the instrument: "workload" */
	enum iglo_level level;
	char *title;
	char *description;     /* may be NULL or "" */
	char *owner;           /* who carries it: a name or a role, free text */
	char *due;             /* "YYYY-MM-DD", or NULL/"" for none */
	enum action_status status;
	int quick_win;         /* 1: can be done soon with little means */
	/* The indicator that should show the effect: a scale and/or an absence code. */
	char *indicator_scale;   /* scale ident, or NULL */
	char *indicator_absence; /* absence indicator code, or NULL */
	/*
	 * Baseline and target refer to the primary indicator: the scale when
	 * indicator_scale is set, else the absence indicator. NAN when unset.
	 */
	double baseline;
	double target;
	long baseline_wave_id; /* the wave the baseline comes from; 0: none */
	long workshop_id;      /* the workshop it came from; 0: none */
	int year;              /* the yearly action plan it belongs to */
	int64_t created;       /* Unix seconds; 0: not yet */
	int64_t updated;
	int64_t status_changed; /* last status change (for "stalled"); 0: use created */
	int64_t approved;
	int64_t communicated;
};

/* Sets every field to its empty value (baseline and target NAN). */
void action_init(struct action *a);
/* Frees the owned strings and re-initialises a. */
void action_release(struct action *a);
/* Deep copy of src into dst (dst is overwritten, not released). */
void action_copy(struct action *dst, const struct action *src);
/* Replaces an owned string field with a copy of s (NULL allowed). */
void action_set(char **field, const char *s);

/*
 * Checks an action before it is stored: title (1..ACTION_MAX_TITLE bytes),
 * description and owner lengths, UTF-8 and no control characters, theme a
 * scale of ins, indicator scale of ins and/or a known absence code, due a
 * real date, year in range, baseline and target within the indicator's
 * range and the target on the better side of the baseline for the
 * indicator's direction. ins may be NULL: scale idents are then only
 * checked for form (and the direction of a scale cannot be checked).
 * Returns 0, or ERR_INVALID with d->msg in lang ("The title is too long
 * (at most 200 characters)") and *field (when non-NULL) set to the field's
 * form name ("title", "due", "target", ...).
 */
int action_validate(const struct action *a, const struct instrument *ins, enum lang lang,
		    const char **field, struct diag *d);

/*
 * Whether higher values of the action's primary indicator are better.
 * Returns 1 or 0, or -1 when there is no indicator (or its scale is not in
 * ins; ins may be NULL for absence indicators).
 */
int action_indicator_direction(const struct action *a, const struct instrument *ins);

/* ------------------------------------------------------------ follow-up flags */

/* 1 when the due date has passed (due < today) and the status is not done or dropped. */
int action_overdue(const struct action *a, long today);
/*
 * 1 when the action is not done or dropped and its status has not changed
 * for stall_days days or more (now - status_changed, or created when
 * status_changed is 0). stall_days <= 0 uses ACTION_STALL_DAYS_DEFAULT.
 */
int action_stalled(const struct action *a, int64_t now, int stall_days);

/* ------------------------------------------------------------ effect */

enum effect_state {
	EFFECT_MEASURED = 0,
	EFFECT_NO_INDICATOR,   /* the action names no indicator */
	EFFECT_NO_BASELINE,    /* no baseline figure */
	EFFECT_NO_LATER_WAVE,  /* no later closed wave (or absence period) yet */
	EFFECT_SUPPRESSED,     /* a side is withheld: group below the minimum */
};

/* The movement of an absence indicator (plain values, no distribution). */
enum action_trend {
	ATREND_NONE = 0,   /* not measured */
	ATREND_SAME,       /* within the tolerance */
	ATREND_IMPROVED,
	ATREND_WORSENED,
};

struct action_effect {
	enum effect_state state;
	/* Scale indicator: follow-up compared with baseline by stats_compare. */
	enum verdict verdict;     /* VERDICT_NONE unless measured on a scale */
	struct comparison cmp;
	/* Absence indicator: relative change beyond the tolerance. */
	enum action_trend trend;
	double rel_change;        /* (after - before) / before; NAN when before is 0 */
	double before;            /* baseline mean or value */
	double after;             /* follow-up mean or value */
	int has_target;           /* a target was set */
	int target_reached;       /* 1 when after is at or beyond the target */
};

/*
 * The effect on a scale: the follow-up group compared with the baseline
 * group with the rule and words of the reports (stats_compare, verdict_text;
 * "better" in the scale's direction). baseline NULL gives EFFECT_NO_BASELINE,
 * followup NULL EFFECT_NO_LATER_WAVE, suppressed (the report withholds a
 * side) or a side below min_n EFFECT_SUPPRESSED. target NAN: no target.
 * Returns the state; fills *out.
 */
enum effect_state action_effect_scale(const struct moments *baseline, const struct moments *followup,
				      int suppressed, int higher_is_better, long min_n, double target,
				      struct action_effect *out);
/*
 * The effect on an absence indicator. The rule (docs/action-library.md,
 * "Effect"): with r = (after - before) / before, |r| <= tolerance is "no
 * notable change", else improved or worsened by the indicator's direction;
 * when before is 0, any after of 0 is the same and any other value a change.
 * tolerance < 0 uses ACTION_ABSENCE_TOLERANCE_DEFAULT. NAN before gives
 * EFFECT_NO_BASELINE, NAN after EFFECT_NO_LATER_WAVE, suppressed
 * EFFECT_SUPPRESSED. Returns the state; fills *out.
 */
enum effect_state action_effect_absence(enum action_absind ind, double before, double after,
					int suppressed, double tolerance, double target,
					struct action_effect *out);
/* Rebuilds moments from the figures a report shows: n, mean and sample SD. */
void action_moments_from_summary(struct moments *m, long n, double mean, double sd);

/*
 * The effect in words in lang: for a scale the verdict_text() words
 * ("clearly better", "no real difference"), for an absence indicator
 * "improved", "no notable change", "worsened", else the reason it is "not
 * measurable yet" (borrowed from the catalog).
 */
const char *action_effect_text(const struct action_effect *e, enum lang lang);
/* "target reached", "target not yet reached", or "" when no target or not measured. */
const char *action_target_text(const struct action_effect *e, enum lang lang);
/* The absence trend in words: "improved", "no notable change", "worsened". */
const char *absence_trend_text(enum action_trend t, enum lang lang);

/* ------------------------------------------------------------ plans */

/* The actions of one theme and level in a plan, as indices into the input array. */
struct plan_group {
	const char *theme;     /* borrowed from the actions */
	enum iglo_level level;
	int *idx;              /* quick wins first, then by due date, then id */
	int n;
	int quick_wins;
};

/*
 * The organisation's yearly action plan (JAP): every unit's actions and the
 * organisation-wide ones of one year, grouped by theme and IGLO level.
 */
struct year_plan {
	int year;
	int total;                           /* actions of the year, dropped included */
	int count[ACTION_STATUS_COUNT];      /* per status */
	int quick_wins;                      /* not dropped */
	int units;                           /* distinct units (organisation-wide counts as one) */
	struct plan_group *groups;           /* dropped actions left out */
	int ngroups;
	long jap_deadline;                   /* day the draft is due at the committee */
};

/*
 * Builds the yearly plan of year from n actions (any years; others are
 * skipped). Groups follow the scale order of ins (when non-NULL, else theme
 * idents alphabetically), then IGLO order. Returns 0; the caller releases p
 * with year_plan_release(). The plan borrows the actions' theme strings.
 */
int year_plan_build(struct year_plan *p, const struct action *acts, size_t n, int year,
		    const struct instrument *ins);
void year_plan_release(struct year_plan *p);

/* One theme's actions over the five years of a global prevention plan. */
struct gpp_theme {
	const char *theme;                   /* borrowed */
	int planned[GPP_YEARS];              /* not dropped, per year */
	int done[GPP_YEARS];
	int level[IGLO_COUNT];               /* not dropped, over all years */
};

/* The global prevention plan (GPP): five years from first_year, grouped by theme. */
struct gpp_plan {
	int first_year;
	int total[GPP_YEARS];                /* not dropped, per year */
	int done[GPP_YEARS];
	struct gpp_theme *themes;            /* ordered as in year_plan_build */
	int nthemes;
};

/*
 * Builds the GPP view of first_year .. first_year + 4 from n actions
 * (others are skipped). Returns 0; release with gpp_plan_release().
 */
int gpp_plan_build(struct gpp_plan *g, const struct action *acts, size_t n, int first_year,
		   const struct instrument *ins);
void gpp_plan_release(struct gpp_plan *g);

/*
 * The day by which the draft yearly action plan for plan_year goes to the
 * committee (CPBW): 1 November of the year before (for a calendar service
 * year; DOMAIN.md 1.9). A day number.
 */
long action_jap_deadline(int plan_year);
/* Days from today to that deadline (negative when it has passed). */
long action_jap_days_left(int plan_year, long today);

#endif
