/*
 * absence_rules.c: warning lights, presence policy and return to work
 * (absence_rules.h). Every default below is listed with its source in
 * docs/absences.md; [M] marks a design choice where no source fixes one.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "absence_rules.h"
#include "i18n.h"

/* ---------------------------------------------------------------------- */
/* (a) Warning lights */

void light_settings_default(struct light_settings *s)
{
	/*
	 * Orange at the Belgian benchmark (DOMAIN.md 4.2, SD Worx 2023 and
	 * Securex 2024), red 25 % past it [M]. Turnover and accidents have no
	 * benchmark in our sources: they light against the previous period
	 * (+10 % orange, +25 % red [M]).
	 */
	static const struct light_threshold def[AI_COUNT] = {
		[AI_RATE] = {LIGHT_ABS, 1, 9.93, 12.41},         /* 6.30 + 3.63 (SD Worx 2023) */
		[AI_RATE_SHORT] = {LIGHT_ABS, 1, 3.24, 4.05},    /* SD Worx 2023 */
		[AI_RATE_MEDIUM] = {LIGHT_ABS, 1, 3.06, 3.83},   /* 6.30 - 3.24, SD Worx 2023 */
		[AI_RATE_LONG] = {LIGHT_ABS, 1, 3.63, 4.54},     /* SD Worx 2023 */
		[AI_FREQUENCY] = {LIGHT_ABS, 1, 1.73, 2.16},     /* SD Worx 2023 */
		[AI_MEAN_DURATION] = {LIGHT_ABS, 1, 7.0, 8.75},  /* 12.1 days / 1.73 spells */
		[AI_ZERO_SHARE] = {LIGHT_ABS, 0, 31.0, 24.8},    /* SD Worx 2023, lower is worse */
		[AI_FREQUENT_SHARE] = {LIGHT_ABS, 1, 16.01, 20.01}, /* Securex 2024 */
		[AI_BRADFORD_MEAN] = {LIGHT_ABS, 1, 51, 101},    /* calculator bands [M] */
		[AI_BRADFORD_OVER_SHARE] = {LIGHT_OFF, 1, 0, 0}, /* no benchmark */
		[AI_TURNOVER] = {LIGHT_VS_PREV, 1, 10, 25},      /* [M] */
		[AI_ACCIDENTS] = {LIGHT_VS_PREV, 1, 10, 25},     /* [M] */
	};
	memcpy(s->t, def, sizeof(def));
	s->trend_tolerance = 0.05;
	s->min_lit_orange = 1;
	s->min_lit_red = 3;
	s->min_red_red = 2;
}

int light_settings_check(const struct light_settings *s)
{
	for (int i = 0; i < AI_COUNT; i++) {
		const struct light_threshold *t = &s->t[i];
		if (t->rule > LIGHT_VS_PREV || t->higher_is_worse > 1)
			return ERR_INVALID;
		if (t->rule == LIGHT_OFF)
			continue;
		if (!isfinite(t->orange) || !isfinite(t->red) || t->orange < 0 || t->red < 0 ||
		    t->orange > 1e9 || t->red > 1e9)
			return ERR_INVALID;
		/* red lies past orange in the bad direction (VS_PREV: a larger worsening) */
		if (t->rule == LIGHT_VS_PREV || t->higher_is_worse) {
			if (t->red < t->orange)
				return ERR_INVALID;
		} else if (t->red > t->orange) {
			return ERR_INVALID;
		}
	}
	if (!isfinite(s->trend_tolerance) || s->trend_tolerance < 0 || s->trend_tolerance > 1)
		return ERR_INVALID;
	if (s->min_lit_orange < 1 || s->min_lit_red < 1 || s->min_red_red < 1 ||
	    s->min_lit_orange > AI_COUNT || s->min_lit_red > AI_COUNT ||
	    s->min_red_red > AI_COUNT)
		return ERR_INVALID;
	return 0;
}

enum light light_of(const struct light_threshold *t, double cur, double prev)
{
	double v;

	if (t->rule == LIGHT_OFF || isnan(cur))
		return LIGHT_NONE;
	if (t->rule == LIGHT_ABS) {
		if (t->higher_is_worse ? cur >= t->red : cur <= t->red)
			return LIGHT_RED;
		if (t->higher_is_worse ? cur >= t->orange : cur <= t->orange)
			return LIGHT_ORANGE;
		return LIGHT_GREEN;
	}
	/* LIGHT_VS_PREV: the worsening in percent of the previous value */
	if (isnan(prev))
		return LIGHT_NONE;
	double worse = t->higher_is_worse ? cur - prev : prev - cur;
	if (prev == 0)
		v = worse > 0 ? INFINITY : 0; /* from nothing to something is a full alarm */
	else
		v = 100.0 * worse / fabs(prev);
	return v >= t->red ? LIGHT_RED : v >= t->orange ? LIGHT_ORANGE : LIGHT_GREEN;
}

enum trend trend_of(double cur, double prev, double tol)
{
	if (isnan(cur) || isnan(prev))
		return TREND_NONE;
	double d = cur - prev;
	if (fabs(d) <= tol * fabs(prev) || fabs(d) < 1e-9)
		return TREND_SAME;
	return d > 0 ? TREND_UP : TREND_DOWN;
}

int light_evaluate(const struct light_settings *s, const double cur[AI_COUNT],
		   const double prev[AI_COUNT], struct light_result *out)
{
	int any = 0;

	memset(out, 0, sizeof(*out));
	if (light_settings_check(s))
		return ERR_INVALID;
	for (int i = 0; i < AI_COUNT; i++) {
		double p = prev ? prev[i] : NAN;
		enum light l = light_of(&s->t[i], cur[i], p);
		enum trend tr = trend_of(cur[i], p, s->trend_tolerance);
		out->light[i] = (unsigned char)l;
		out->trend[i] = (unsigned char)tr;
		if (tr == TREND_UP || tr == TREND_DOWN) {
			int worse_up = s->t[i].higher_is_worse;
			out->better[i] = (signed char)((tr == TREND_UP) == worse_up ? -1 : 1);
		}
		if (l != LIGHT_NONE)
			any = 1;
		if (l == LIGHT_ORANGE || l == LIGHT_RED)
			out->lit++;
		if (l == LIGHT_RED)
			out->red++;
	}
	if (!any)
		out->overall = LIGHT_NONE;
	else if (out->lit >= s->min_lit_red || out->red >= s->min_red_red)
		out->overall = LIGHT_RED;
	else if (out->lit >= s->min_lit_orange)
		out->overall = LIGHT_ORANGE;
	else
		out->overall = LIGHT_GREEN;
	return 0;
}

const char *light_code(enum light l)
{
	switch (l) {
	case LIGHT_GREEN: return "green";
	case LIGHT_ORANGE: return "orange";
	case LIGHT_RED: return "red";
	case LIGHT_NONE: break;
	}
	return "none";
}

const char *light_name(enum light l)
{
	switch (l) {
	case LIGHT_GREEN: return N_("green");
	case LIGHT_ORANGE: return N_("orange");
	case LIGHT_RED: return N_("red");
	case LIGHT_NONE: break;
	}
	return N_("no light");
}

const char *trend_name(enum trend t)
{
	switch (t) {
	case TREND_SAME: return N_("about the same");
	case TREND_UP: return N_("rising");
	case TREND_DOWN: return N_("falling");
	case TREND_NONE: break;
	}
	return N_("no earlier figure");
}

/* ---------------------------------------------------------------------- */
/* (b) Presence policy */

void presence_policy_default(struct presence_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->window_days = 365;
	p->kinds = ABS_KINDS_SICKNESS;
	p->relapse_days = 14;
	p->nsteps = 4;
	/* in escalation order: a later step is the higher one */
	p->steps[0] = (struct policy_step){0, 200, POLICY_ATTENTION, 14};
	p->steps[1] = (struct policy_step){3, 0, POLICY_TALK_MANAGER, 14};
	p->steps[2] = (struct policy_step){4, 0, POLICY_TALK_MANAGER_PLUS, 14};
	p->steps[3] = (struct policy_step){6, 0, POLICY_REFER_PHYSICIAN, 30};
}

int presence_policy_check(const struct presence_policy *p)
{
	if (p->window_days < 7 || p->window_days > 3660 || p->relapse_days < 0 ||
	    p->relapse_days > 3660 || (p->kinds & ~ABS_KINDS_ALL) || p->kinds == 0)
		return ERR_INVALID;
	if (p->nsteps < 0 || p->nsteps > MAX_POLICY_STEPS)
		return ERR_INVALID;
	for (int i = 0; i < p->nsteps; i++) {
		const struct policy_step *s = &p->steps[i];
		if (s->min_spells < 0 || s->min_spells > 1000 || s->min_bradford < 0 ||
		    s->min_bradford > 100000000 || (s->min_spells == 0 && s->min_bradford == 0))
			return ERR_INVALID;
		if (s->action >= POLICY_ACTION_COUNT || s->due_days < 0 || s->due_days > 365)
			return ERR_INVALID;
	}
	return 0;
}

static int32_t last_day(int32_t end)
{
	return end == DAY_OPEN ? INT32_MAX : end;
}

static long days_in(int32_t a, int32_t b)
{
	return b < a ? 0 : (long)b - (long)a + 1;
}

int policy_evaluate(const struct presence_policy *p, long employee_id,
		    const struct absence_record *rec, size_t n, int32_t asof,
		    struct policy_hit *out, size_t cap)
{
	if (presence_policy_check(p))
		return ERR_INVALID;
	if (n == 0 || p->nsteps == 0)
		return 0;

	struct absence_spell *sp = xmalloc(n * sizeof(*sp));
	size_t *first_rec = xmalloc((n + 1) * sizeof(*first_rec)); /* first record of each spell */
	size_t ns = absence_spells(rec, n, p->kinds, p->relapse_days, asof, sp);
	/*
	 * Spells and records both come in start order and a spell starts with
	 * its first counted record, so one pass maps records to spells.
	 */
	size_t k = 0;
	for (size_t i = 0; i < n && k < ns; i++) {
		if (!absence_kind_in(p->kinds, rec[i].kind) || rec[i].start > asof)
			continue;
		if (rec[i].start == sp[k].start)
			first_rec[k++] = i;
	}
	first_rec[ns] = n;

	int hits = 0;
	int32_t recent = asof - p->window_days + 1;
	size_t lo = 0; /* first spell that can lie in the window of spell i */
	for (size_t i = 0; i < ns; i++) {
		int32_t s_i = sp[i].start;
		if (s_i < recent)
			continue;
		/* spells starting in the window ending at s_i (stable once s_i is past) */
		int32_t wfrom = s_i - p->window_days + 1;
		while (lo < i && sp[lo].start < wfrom)
			lo++;
		long count = (long)(i - lo + 1);
		/* Bradford over the window ending at the spell's end, or asof while it runs */
		int32_t bto = sp[i].end != DAY_OPEN && sp[i].end < asof ? sp[i].end : asof;
		int32_t bfrom = bto - p->window_days + 1;
		long bs = 0;
		double bd = 0;
		for (size_t j = i + 1; j-- > 0;) {
			if (last_day(sp[j].end) < bfrom)
				break; /* spells are disjoint: earlier ones end earlier */
			bs++;
			for (size_t r = first_rec[j]; r < first_rec[j + 1]; r++) {
				if (!absence_kind_in(p->kinds, rec[r].kind) || rec[r].start > asof)
					continue;
				int32_t a = rec[r].start > bfrom ? rec[r].start : bfrom;
				int32_t z = last_day(rec[r].end) < bto ? last_day(rec[r].end) : bto;
				bd += (double)days_in(a, z) * rec[r].pct / 100.0;
			}
		}
		double brad = absence_bradford(bs, bd);
		int best = -1;
		for (int st = 0; st < p->nsteps; st++) {
			const struct policy_step *s = &p->steps[st];
			if (s->min_spells && count < s->min_spells)
				continue;
			if (s->min_bradford && brad < s->min_bradford)
				continue;
			best = st;
		}
		if (best < 0)
			continue;
		if ((size_t)hits < cap) {
			struct policy_hit *h = &out[hits];
			h->employee_id = employee_id;
			h->step = best;
			h->action = p->steps[best].action;
			h->trigger_start = s_i;
			h->due = asof + p->steps[best].due_days;
			h->spells = count;
			h->bradford = brad;
		}
		hits++;
	}
	free(sp);
	free(first_rec);
	return hits;
}

static const struct {
	const char *code;
	const char *name;
} action_info[POLICY_ACTION_COUNT] = {
	[POLICY_TALK_MANAGER] = {"talk_manager", N_("Talk with the manager")},
	[POLICY_TALK_MANAGER_PLUS] = {"talk_manager_plus",
				      N_("Talk with the manager and their manager")},
	[POLICY_ATTENTION] = {"attention", N_("Attention: look at the absence pattern")},
	[POLICY_REFER_PHYSICIAN] = {"refer_physician",
				    N_("Propose a visit to the occupational physician")},
};

const char *policy_action_name(enum policy_action a)
{
	return (unsigned)a < POLICY_ACTION_COUNT ? action_info[a].name : "";
}

const char *policy_action_code(enum policy_action a)
{
	return (unsigned)a < POLICY_ACTION_COUNT ? action_info[a].code : "";
}

/*
 * The guides follow the presence-policy practice of the FLANH workshops
 * (constructive, not accusing; look back at the pattern and ahead at what
 * helps) and the GDPR line of DOMAIN.md 6.1: the talk is about work and
 * the absence pattern, never about the illness.
 */
static const char *const guide_talk[] = {
	N_("Invite the employee in good time and say what the talk is about: the number of "
	   "absences, not the person."),
	N_("Start by asking how they are now and listen; show that they are missed and valued."),
	N_("Never ask what the illness is or was: that is medical information they need not "
	   "share."),
	N_("Look back together at the pattern (how often, when) and ask whether anything at "
	   "work plays a part: workload, schedule, tasks, the team."),
	N_("Look ahead: what could help to be at work more often, from them and from you "
	   "(schedule, tasks, training, support)?"),
	N_("Mention the people who can help in confidence: the occupational physician, the "
	   "confidential counsellor and the prevention adviser."),
	N_("Agree on one or two concrete steps and a date to look back on them; only the date "
	   "and whether the talk took place are recorded."),
};

static const char *const guide_talk_plus[] = {
	N_("Explain why the second-line manager joins: the absences continued after the first "
	   "talk, and you want to find a way forward together."),
	N_("Start by asking how they are and what came of the steps agreed in the first talk."),
	N_("Never ask what the illness is or was: that is medical information they need not "
	   "share."),
	N_("Look at what at work may contribute (workload, schedule, conflicts, tasks) and what "
	   "the organisation can change."),
	N_("Look ahead: adapted tasks or hours, training, a different schedule or a move within "
	   "the organisation."),
	N_("Propose a visit to the occupational physician or a talk with the confidential "
	   "counsellor, always as an offer."),
	N_("Agree on concrete steps, who does what, and a date for a follow-up talk; only the "
	   "date and whether the talk took place are recorded."),
};

static const char *const guide_attention[] = {
	N_("The Bradford factor weighs many short absences heavily; it is a signal to look, "
	   "not a judgement."),
	N_("Check the pattern before acting: a chronic condition, a disability or a family "
	   "situation can explain it and deserve support, not pressure."),
	N_("Have an informal check-in: ask how things are going at work and whether they need "
	   "anything."),
	N_("Never ask what the illness is or was: that is medical information they need not "
	   "share."),
	N_("Look ahead together: is there something in the work or schedule that would help?"),
	N_("Record only that the check-in took place and when."),
};

static const char *const guide_physician[] = {
	N_("A visit to the occupational physician is an offer, never an obligation or a "
	   "sanction."),
	N_("Explain what the occupational physician can do: advise on adapted work, workstation "
	   "or hours, in confidence."),
	N_("The physician tells you only whether work is possible and with which adaptations, "
	   "never the diagnosis."),
	N_("Tell the employee how to ask for a spontaneous consultation, or ask HR to arrange "
	   "it with their agreement."),
	N_("Look ahead: agree on what you will do with the physician's advice."),
	N_("Record only that the proposal was made and when."),
};

const char *const *policy_guide(enum policy_action a, size_t *n)
{
	switch (a) {
	case POLICY_TALK_MANAGER:
		*n = ARRAY_SIZE(guide_talk);
		return guide_talk;
	case POLICY_TALK_MANAGER_PLUS:
		*n = ARRAY_SIZE(guide_talk_plus);
		return guide_talk_plus;
	case POLICY_ATTENTION:
		*n = ARRAY_SIZE(guide_attention);
		return guide_attention;
	case POLICY_REFER_PHYSICIAN:
		*n = ARRAY_SIZE(guide_physician);
		return guide_physician;
	case POLICY_ACTION_COUNT:
		break;
	}
	*n = 0;
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* (c) Return to work */

enum anchor { FROM_START, FROM_RETURN };

struct rtw_def {
	unsigned char phase;
	unsigned char anchor;
	int offset; /* days from the anchor */
	const char *title;
	const char *text;
};

#define STEP_RETURN_TALK \
	{RTW_AT_RETURN, FROM_RETURN, 0, N_("Return talk"), \
	 N_("Welcome them back and agree on expectations for the first weeks: tasks, hours, " \
	    "what has changed, and how to say when it is too much.")}
#define STEP_CHECKINS \
	{RTW_AFTER, FROM_RETURN, 7, N_("Check-in after one week"), \
	 N_("A short talk: how are the first days going, is anything needed?")}, \
	{RTW_AFTER, FROM_RETURN, 30, N_("Check-in after one month"), \
	 N_("Look back at the agreements of the return talk and adjust them where needed.")}, \
	{RTW_AFTER, FROM_RETURN, 91, N_("Check-in after three months"), \
	 N_("Look back together and close the plan, or agree on what still needs attention.")}

static const struct rtw_def plan_illness[] = {
	{RTW_DURING, FROM_START, 7, N_("First contact"),
	 N_("Call to wish them well and agree how and how often you keep in touch. Do not ask "
	    "what the illness is.")},
	{RTW_DURING, FROM_START, 28, N_("Information on returning to work"),
	 N_("After four weeks the occupational physician informs the worker about a visit "
	    "before return and the re-integration trajectory: check that HR passed on the "
	    "name.")},
	{RTW_DURING, FROM_START, 56, N_("Keep in touch"),
	 N_("A short call or message as agreed: news from the team, without pressure to "
	    "return.")},
	{RTW_AT_RETURN, FROM_RETURN, -7, N_("Prepare the return"),
	 N_("Agree on the first day: who welcomes them, which work they pick up first, what "
	    "the team needs to know (only what they want shared).")},
	STEP_RETURN_TALK,
	{RTW_PHASED, FROM_RETURN, 0, N_("Phased resumption"),
	 N_("If a progressive resumption is agreed, plan the hours per week and adapted tasks; "
	    "the worker asks the health insurer's adviser in advance.")},
	{RTW_PHASED, FROM_RETURN, 14, N_("Review the phased resumption"),
	 N_("Check whether the hours and tasks still fit and plan the next step up.")},
	STEP_CHECKINS,
};

static const struct rtw_def plan_birth[] = {
	{RTW_DURING, FROM_START, 14, N_("Congratulations"),
	 N_("Send the team's congratulations and agree whether and how they want to hear from "
	    "work during the leave.")},
	{RTW_DURING, FROM_RETURN, -28, N_("Keep-in-touch talk before return"),
	 N_("Talk about the return date, hours, parental leave wishes and breastfeeding breaks, "
	    "and what changed at work.")},
	{RTW_AT_RETURN, FROM_RETURN, -7, N_("Prepare the return"),
	 N_("Arrange the workplace, access and a quiet room if needed; tell the team when they "
	    "are back.")},
	STEP_RETURN_TALK,
	STEP_CHECKINS,
};

static const struct rtw_def plan_bereavement[] = {
	{RTW_DURING, FROM_START, 1, N_("Condolences"),
	 N_("Express sympathy on behalf of the team and ask what they would like colleagues to "
	    "know.")},
	{RTW_DURING, FROM_START, 7, N_("Keep in touch"),
	 N_("Ask how they are and what would help; make clear they need not explain "
	    "anything.")},
	STEP_RETURN_TALK,
	{RTW_PHASED, FROM_RETURN, 0, N_("A lighter start"),
	 N_("Offer a lighter start where possible: fewer hours, fewer demanding tasks, "
	    "flexibility for practical matters.")},
	STEP_CHECKINS,
	{RTW_AFTER, FROM_START, 365, N_("One year on"),
	 N_("The first anniversary can be hard: a kind word or some flexibility around the "
	    "date helps.")},
};

static const struct rtw_def plan_leave[] = {
	{RTW_DURING, FROM_START, 30, N_("Keep in touch"),
	 N_("A short message as agreed before the leave: news from the team, without "
	    "pressure.")},
	{RTW_DURING, FROM_RETURN, -28, N_("Prepare the return"),
	 N_("Talk about the return date, hours and what changed at work; plan any training "
	    "needed.")},
	STEP_RETURN_TALK,
	STEP_CHECKINS,
};

static const struct {
	const char *code;
	const char *name;
	const struct rtw_def *steps;
	size_t n;
} templates[RTW_TEMPLATE_COUNT] = {
	[RTW_LONG_ILLNESS] = {"long_illness", N_("Return after a long illness"), plan_illness,
			      ARRAY_SIZE(plan_illness)},
	[RTW_BIRTH] = {"birth", N_("Return after birth leave"), plan_birth,
		       ARRAY_SIZE(plan_birth)},
	[RTW_BEREAVEMENT] = {"bereavement", N_("Return after bereavement"), plan_bereavement,
			     ARRAY_SIZE(plan_bereavement)},
	[RTW_LONG_LEAVE] = {"long_leave", N_("Return after long leave"), plan_leave,
			    ARRAY_SIZE(plan_leave)},
};

int rtw_plan(enum rtw_template t, int32_t start, int32_t ret, struct rtw_step *out, size_t cap)
{
	if ((unsigned)t >= RTW_TEMPLATE_COUNT || start < DAY_MIN || start > DAY_MAX ||
	    (ret != 0 && (ret < start || ret > DAY_MAX)))
		return ERR_INVALID;
	size_t n = templates[t].n;
	for (size_t i = 0; i < n && i < cap; i++) {
		const struct rtw_def *d = &templates[t].steps[i];
		out[i].phase = d->phase;
		out[i].title = d->title;
		out[i].text = d->text;
		if (d->anchor == FROM_START)
			out[i].due = start + d->offset;
		else
			out[i].due = ret ? ret + d->offset : 0;
		/* a contact "before return" never falls before the absence began */
		if (out[i].due != 0 && out[i].due < start)
			out[i].due = start;
	}
	return (int)n;
}

const char *rtw_template_name(enum rtw_template t)
{
	return (unsigned)t < RTW_TEMPLATE_COUNT ? templates[t].name : "";
}

const char *rtw_template_code(enum rtw_template t)
{
	return (unsigned)t < RTW_TEMPLATE_COUNT ? templates[t].code : "";
}

const char *rtw_phase_name(enum rtw_phase p)
{
	switch (p) {
	case RTW_DURING: return N_("During the absence");
	case RTW_AT_RETURN: return N_("At the return");
	case RTW_PHASED: return N_("Phased resumption");
	case RTW_AFTER: return N_("After the return");
	case RTW_PHASE_COUNT: break;
	}
	return "";
}

/* ---- re-integration trajectory ---- */

void rit_settings_default(struct rit_settings *s)
{
	s->info_days = 28;
	s->tnw_days = 70;
	s->employer_months = 3;
	s->assessment_days = 49;
	s->plan_a_days = 63;
	s->plan_b_months = 6;
	s->reply_days = 14;
	s->reassess_c_months = 3;
}

int rit_settings_check(const struct rit_settings *s)
{
	if (s->info_days < 1 || s->info_days > 730 || s->tnw_days < 1 || s->tnw_days > 730 ||
	    s->employer_months < 1 || s->employer_months > 36 || s->assessment_days < 1 ||
	    s->assessment_days > 365 || s->plan_a_days < 1 || s->plan_a_days > 365 ||
	    s->plan_b_months < 1 || s->plan_b_months > 36 || s->reply_days < 1 ||
	    s->reply_days > 365 || s->reassess_c_months < 1 || s->reassess_c_months > 36)
		return ERR_INVALID;
	return 0;
}

static const struct {
	const char *title;
	const char *text;
} rit_info[RIT_REMINDER_COUNT] = {
	[RIT_INFO] = {N_("Occupational physician informs the worker"),
		      N_("After four weeks of incapacity the occupational physician informs the "
			 "worker about a visit before return and the re-integration trajectory. "
			 "Check that HR passed on the name.")},
	[RIT_TNW] = {N_("Questionnaire of the health insurer"),
		     N_("Around ten weeks after the start of the incapacity the health insurer's "
			"adviser sends the 'Back to work' questionnaire; the worker may ask "
			"you for help with work-related questions.")},
	[RIT_EMPLOYER_MAY] = {N_("Employer may request a re-integration trajectory"),
			      N_("From three months of uninterrupted incapacity the employer may "
				 "ask the occupational physician to start a re-integration "
				 "trajectory. Talk with the worker first.")},
	[RIT_ASSESSMENT] = {N_("Re-integration assessment due"),
			    N_("The occupational physician makes the re-integration assessment "
			       "within 49 calendar days of receiving the request.")},
	[RIT_PLAN] = {N_("Re-integration plan due"),
		      N_("Draw up the re-integration plan with the worker and the occupational "
			 "physician, or a motivated report when no plan is possible: 63 days "
			 "after decision A, 6 months after decision B.")},
	[RIT_REPLY] = {N_("Worker's answer to the plan due"),
		       N_("The worker has 14 calendar days after receiving the plan to agree "
			  "or refuse.")},
	[RIT_REASSESS] = {N_("Re-assessment after decision C"),
			  N_("After decision C (a trajectory is not yet appropriate) the "
			     "occupational physician looks again later; plan a contact.")},
};

static void rit_put(struct rit_reminder *out, size_t cap, size_t *n, enum rit_reminder_kind k,
		    int32_t due)
{
	if (*n < cap) {
		out[*n].kind = (unsigned char)k;
		out[*n].due = due;
		out[*n].title = rit_info[k].title;
		out[*n].text = rit_info[k].text;
	}
	(*n)++;
}

static int rit_date_ok(int32_t d)
{
	return d == 0 || (d >= DAY_MIN && d <= DAY_MAX);
}

int rit_reminders(const struct rit_settings *s, const struct rit_case *c,
		  struct rit_reminder *out, size_t cap)
{
	size_t n = 0;

	if (rit_settings_check(s) || !rit_date_ok(c->incapacity_start) ||
	    !rit_date_ok(c->request) || !rit_date_ok(c->decision) ||
	    !rit_date_ok(c->plan_received))
		return ERR_INVALID;
	if (c->decision_kind && c->decision_kind != 'A' && c->decision_kind != 'B' &&
	    c->decision_kind != 'C')
		return ERR_INVALID;
	if (c->incapacity_start) {
		rit_put(out, cap, &n, RIT_INFO, c->incapacity_start + s->info_days);
		rit_put(out, cap, &n, RIT_TNW, c->incapacity_start + s->tnw_days);
		rit_put(out, cap, &n, RIT_EMPLOYER_MAY,
			day_add_months(c->incapacity_start, s->employer_months));
	}
	/* counting starts the day after receipt (DOMAIN.md 7.2) */
	if (c->request && !c->decision)
		rit_put(out, cap, &n, RIT_ASSESSMENT, c->request + s->assessment_days);
	if (c->decision && c->decision_kind == 'A' && !c->plan_received)
		rit_put(out, cap, &n, RIT_PLAN, c->decision + s->plan_a_days);
	if (c->decision && c->decision_kind == 'B' && !c->plan_received)
		rit_put(out, cap, &n, RIT_PLAN, day_add_months(c->decision, s->plan_b_months));
	if (c->decision && c->decision_kind == 'C')
		rit_put(out, cap, &n, RIT_REASSESS,
			day_add_months(c->decision, s->reassess_c_months));
	if (c->plan_received)
		rit_put(out, cap, &n, RIT_REPLY, c->plan_received + s->reply_days);
	/* date order (insertion sort: a handful of entries) */
	size_t m = n < cap ? n : cap;
	for (size_t i = 1; i < m; i++) {
		struct rit_reminder r = out[i];
		size_t j = i;
		while (j > 0 && out[j - 1].due > r.due) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = r;
	}
	return (int)n;
}
