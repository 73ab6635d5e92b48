/*
 * absence_rules.h: what the absence figures lead to.
 *
 * (a) Warning lights ("knipperlichten", DOMAIN.md 2): each indicator
 *     green/orange/red against thresholds an organisation sets (defaults
 *     from the Belgian benchmarks of DOMAIN.md 4.2), its trend against the
 *     previous period, and an overall colour from the number of lights on.
 * (b) Presence policy (DOMAIN.md 4.4): configurable steps ("a third spell
 *     in 12 months: talk with the manager") evaluated per employee; each
 *     hit has a stable identity so re-running never makes a task twice.
 *     Conversation guides per action.
 * (c) Return to work: plan templates (long illness, birth, bereavement,
 *     long leave) and the deadlines of the Belgian re-integration
 *     trajectory (DOMAIN.md 7.2) as configurable reminders.
 *
 * All texts are N_() English message ids; pass them through T(lang, ...).
 * Every default and its source is listed in docs/absences.md.
 */
#ifndef HARTSLAG_ABSENCE_RULES_H
#define HARTSLAG_ABSENCE_RULES_H

#include "absence.h"

/* ---- (a) warning lights ---- */

enum light {
	LIGHT_NONE = 0, /* no figure (hidden for anonymity, no data) or no threshold */
	LIGHT_GREEN,
	LIGHT_ORANGE,
	LIGHT_RED
};

enum light_rule {
	LIGHT_OFF = 0,   /* indicator shown without a light */
	LIGHT_ABS,       /* compare the value with orange/red */
	LIGHT_VS_PREV    /* compare the change against the previous period, in percent of it */
};

struct light_threshold {
	unsigned char rule;            /* enum light_rule */
	unsigned char higher_is_worse; /* 0: lower is worse (zero-absence share) */
	double orange;                 /* light orange from here (inclusive) */
	double red;                    /* light red from here (inclusive) */
};

struct light_settings {
	struct light_threshold t[AI_COUNT];
	double trend_tolerance;  /* relative change below which the trend is "same": 0.05 */
	int min_lit_orange;      /* overall orange from this many lights on (orange or red): 1 */
	int min_lit_red;         /* overall red from this many lights on: 3 */
	int min_red_red;         /* ... or from this many red lights: 2 */
};

void light_settings_default(struct light_settings *s);
/* Checks every threshold (orange not past red in its direction, ...). 0 or ERR_INVALID. */
int light_settings_check(const struct light_settings *s);

enum trend {
	TREND_NONE = 0, /* no previous figure */
	TREND_SAME,
	TREND_UP,
	TREND_DOWN
};

struct light_result {
	unsigned char light[AI_COUNT]; /* enum light */
	unsigned char trend[AI_COUNT]; /* enum trend */
	signed char better[AI_COUNT];  /* +1 the trend is an improvement, -1 worse, 0 same/none */
	int lit;                       /* lights orange or red */
	int red;                       /* lights red */
	enum light overall;            /* LIGHT_NONE when no indicator has a light */
};

/*
 * Evaluates the lights of one group: cur[i] and prev[i] are the values
 * of indicator i (absence_indicator_value) in this period and the one
 * before; NAN for a figure that is hidden or missing (prev may be NULL).
 * A hidden figure gets no light and no trend. Returns 0 or ERR_INVALID.
 */
int light_evaluate(const struct light_settings *s, const double cur[AI_COUNT],
		   const double prev[AI_COUNT], struct light_result *out);
/* One light for one value (prev NAN when unknown). */
enum light light_of(const struct light_threshold *t, double cur, double prev);
/* The trend of cur against prev with relative tolerance tol. */
enum trend trend_of(double cur, double prev, double tol);
/* "green", "orange", "red", "none": stable codes (CSS classes). */
const char *light_code(enum light l);
/* N_() name of a light ("green", ...) and of a trend ("rising", ...). */
const char *light_name(enum light l);
const char *trend_name(enum trend t);

/* ---- (b) presence policy ---- */

enum policy_action {
	POLICY_TALK_MANAGER = 0,  /* a talk with the manager */
	POLICY_TALK_MANAGER_PLUS, /* a talk with the manager and their manager */
	POLICY_ATTENTION,         /* attention: the manager looks at the pattern (Bradford) */
	POLICY_REFER_PHYSICIAN,   /* propose a visit to the occupational physician */
	POLICY_ACTION_COUNT
};

#define MAX_POLICY_STEPS 8

/*
 * One step: triggered when, at the start of a spell, the spells starting
 * in the window ending that day number at least min_spells (0: no spell
 * condition) and/or the Bradford factor over the window ending at the
 * spell's end (or at the evaluation date while it runs) is at least
 * min_bradford (0: no Bradford condition). At least one condition is set.
 * Steps are in escalation order: a later step is a higher one.
 */
struct policy_step {
	int min_spells;
	int min_bradford;
	unsigned char action; /* enum policy_action */
	int due_days;         /* task due this many days after it is made */
};

struct presence_policy {
	int window_days;  /* 365 */
	unsigned kinds;   /* counted kinds: illness + private accident (protected excluded) */
	int relapse_days; /* as absence_settings: 14 */
	int nsteps;
	struct policy_step steps[MAX_POLICY_STEPS];
};

/*
 * The DOMAIN.md 4.4 model: 3rd spell in 12 months -> talk with the
 * manager (due 14 days); 4th -> talk with manager and their manager (14);
 * Bradford >= 200 -> attention (14); 6th -> occupational physician (30).
 */
void presence_policy_default(struct presence_policy *p);
/* Checks ranges and that every step has a condition. 0 or ERR_INVALID. */
int presence_policy_check(const struct presence_policy *p);

/*
 * A triggered step. (employee_id, step, trigger_start) is its identity:
 * the caller stores it and never makes the same task twice.
 */
struct policy_hit {
	long employee_id;
	int step;               /* index in policy->steps */
	unsigned char action;   /* enum policy_action */
	int32_t trigger_start;  /* start of the spell that triggered it */
	int32_t due;            /* asof + due_days */
	long spells;            /* spells in the window at the trigger */
	double bradford;        /* Bradford factor at the trigger */
};

/*
 * Evaluates the policy for one employee at asof. rec are that employee's
 * records sorted by start (absence_book gives them). For each spell that
 * started within the window ending at asof, the highest step it reaches
 * is a hit (only the highest: a 4th spell gives the manager-plus talk, not
 * both). The result for a spell depends only on the records up to it, so
 * running again later yields the same identities. Writes at most cap hits
 * into out; returns how many there are (may exceed cap), or ERR_INVALID.
 */
int policy_evaluate(const struct presence_policy *p, long employee_id,
		    const struct absence_record *rec, size_t n, int32_t asof,
		    struct policy_hit *out, size_t cap);

/* N_() name of an action ("Talk with the manager"), and its stable code. */
const char *policy_action_name(enum policy_action a);
const char *policy_action_code(enum policy_action a);
/*
 * The conversation guide for an action: *n short points as N_() texts
 * (constructive, looking back and ahead, never asking for a diagnosis).
 * Borrowed, static.
 */
const char *const *policy_guide(enum policy_action a, size_t *n);

/* ---- (c) return to work ---- */

enum rtw_template {
	RTW_LONG_ILLNESS = 0,
	RTW_BIRTH,        /* return after maternity/birth leave */
	RTW_BEREAVEMENT,
	RTW_LONG_LEAVE,   /* career break, long unpaid leave, ... */
	RTW_TEMPLATE_COUNT
};

enum rtw_phase {
	RTW_DURING = 0,   /* contact moments during the absence */
	RTW_AT_RETURN,    /* agreed expectations at return */
	RTW_PHASED,       /* phased resumption steps */
	RTW_AFTER,        /* check-ins after return */
	RTW_PHASE_COUNT
};

/* A step of a plan; due is 0 when it depends on a return date not yet known. */
struct rtw_step {
	unsigned char phase; /* enum rtw_phase */
	int32_t due;
	const char *title;   /* N_() */
	const char *text;    /* N_(): what and why, one or two sentences */
};

#define MAX_RTW_STEPS 16

/*
 * The plan of a template for an absence that started on start with an
 * expected return (first day back) on ret (0 when unknown): steps during
 * the absence count from start, the others from ret. Writes at most cap
 * steps into out and returns how many the plan has, or ERR_INVALID.
 */
int rtw_plan(enum rtw_template t, int32_t start, int32_t ret, struct rtw_step *out,
	     size_t cap);
/* N_() name of a template ("Return after a long illness"), and its code. */
const char *rtw_template_name(enum rtw_template t);
const char *rtw_template_code(enum rtw_template t);
const char *rtw_phase_name(enum rtw_phase p);

/* Deadlines of the re-integration trajectory (RIT 2.0, DOMAIN.md 7.2), configurable. */
struct rit_settings {
	int info_days;          /* occupational physician informs the worker: 28 (4 weeks) */
	int tnw_days;           /* health insurer's TNW questionnaire: 70 (10 weeks) */
	int employer_months;    /* employer may request a RIT: 3 months */
	int assessment_days;    /* assessment after the request: 49 */
	int plan_a_days;        /* plan after decision A: 63 */
	int plan_b_months;      /* plan after decision B: 6 months */
	int reply_days;         /* worker answers the plan: 14 */
	int reassess_c_months;  /* re-assessment after decision C: 3 months [M] */
};
void rit_settings_default(struct rit_settings *s);
int rit_settings_check(const struct rit_settings *s);

/* What is known of one case; 0 for dates not (yet) there. */
struct rit_case {
	int32_t incapacity_start; /* first day of the uninterrupted incapacity */
	int32_t request;          /* day the occupational physician received a RIT request */
	int32_t decision;         /* day of the assessment decision */
	char decision_kind;       /* 'A', 'B', 'C' or 0 */
	int32_t plan_received;    /* day the worker received the plan */
};

enum rit_reminder_kind {
	RIT_INFO = 0,         /* check the occupational physician informed the worker */
	RIT_TNW,              /* TNW questionnaire of the health insurer */
	RIT_EMPLOYER_MAY,     /* from here the employer may request a RIT */
	RIT_ASSESSMENT,       /* the assessment is due */
	RIT_PLAN,             /* the employer's plan (or motivated report) is due */
	RIT_REPLY,            /* the worker's answer to the plan is due */
	RIT_REASSESS,         /* re-assessment after decision C */
	RIT_REMINDER_COUNT
};

struct rit_reminder {
	unsigned char kind; /* enum rit_reminder_kind */
	int32_t due;
	const char *title;  /* N_() */
	const char *text;   /* N_() */
};

/*
 * The reminders that follow from what is known of c, in date order.
 * Writes at most cap into out; returns how many there are, or ERR_INVALID.
 */
int rit_reminders(const struct rit_settings *s, const struct rit_case *c,
		  struct rit_reminder *out, size_t cap);

#endif
