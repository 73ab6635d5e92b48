/*
 * action.c: IGLO levels, the action status workflow, validation, effect,
 * follow-up flags and the yearly and five-year plans. See action.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "i18n.h"

/* Compares a str with a lower-case code, ignoring ASCII case. */
static int code_eq(struct str s, const char *code)
{
	size_t n = strlen(code);
	if (s.len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != code[i])
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------ IGLO */

static const char *const iglo_codes[IGLO_COUNT] = {"individual", "group", "leader", "organisation"};
static const char *const iglo_names[IGLO_COUNT] = {
	N_("Individual"),
	N_("Group / team"),
	N_("Leader"),
	N_("Organisation"),
};

const char *iglo_code(enum iglo_level l)
{
	return (unsigned)l < IGLO_COUNT ? iglo_codes[l] : "?";
}

int iglo_parse(struct str s, enum iglo_level *out)
{
	s = str_trim(s);
	if (code_eq(s, "team")) {
		*out = IGLO_GROUP;
		return 0;
	}
	for (int i = 0; i < IGLO_COUNT; i++) {
		if (code_eq(s, iglo_codes[i])) {
			*out = (enum iglo_level)i;
			return 0;
		}
	}
	return -1;
}

const char *iglo_name(enum iglo_level l, enum lang lang)
{
	return (unsigned)l < IGLO_COUNT ? T(lang, iglo_names[l]) : "?";
}

/* ------------------------------------------------------------ status */

static const char *const status_codes[ACTION_STATUS_COUNT] = {
	"proposed", "approved", "in_progress", "done", "dropped",
};
static const char *const status_names[ACTION_STATUS_COUNT] = {
	N_("Proposed"), N_("Approved"), N_("In progress"), N_("Done"), N_("Dropped"),
};

const char *action_status_code(enum action_status s)
{
	return (unsigned)s < ACTION_STATUS_COUNT ? status_codes[s] : "?";
}

int action_status_parse(struct str s, enum action_status *out)
{
	s = str_trim(s);
	for (int i = 0; i < ACTION_STATUS_COUNT; i++) {
		if (code_eq(s, status_codes[i])) {
			*out = (enum action_status)i;
			return 0;
		}
	}
	return -1;
}

const char *action_status_name(enum action_status s, enum lang lang)
{
	return (unsigned)s < ACTION_STATUS_COUNT ? T(lang, status_names[s]) : "?";
}

int action_status_allowed(enum action_status from, enum action_status to)
{
	/* Bit t of allowed[f] is set when f -> t is allowed. */
	static const unsigned allowed[ACTION_STATUS_COUNT] = {
		[ACTION_PROPOSED] = 1u << ACTION_APPROVED | 1u << ACTION_DROPPED,
		[ACTION_APPROVED] = 1u << ACTION_IN_PROGRESS | 1u << ACTION_DONE | 1u << ACTION_DROPPED,
		[ACTION_IN_PROGRESS] = 1u << ACTION_DONE | 1u << ACTION_DROPPED,
		[ACTION_DONE] = 1u << ACTION_IN_PROGRESS,
		[ACTION_DROPPED] = 1u << ACTION_PROPOSED,
	};

	if ((unsigned)from >= ACTION_STATUS_COUNT || (unsigned)to >= ACTION_STATUS_COUNT)
		return 0;
	return (allowed[from] >> to) & 1u;
}

int action_status_final(enum action_status s)
{
	return s == ACTION_DONE || s == ACTION_DROPPED;
}

/* ------------------------------------------------------------ absence indicators */

static const struct {
	const char *code;
	const char *name;
	int higher_is_better;
	int percent;
} absind[ABSIND_COUNT] = {
	{"absence_rate", N_("Absence rate"), 0, 1},
	{"frequency", N_("Absence frequency"), 0, 0},
	{"mean_duration", N_("Mean duration of absence"), 0, 0},
	{"zero_absence", N_("Share without absence"), 1, 1},
	{"frequent_absentees", N_("Share of frequent absentees"), 0, 1},
	{"bradford", N_("Bradford factor"), 0, 0},
	{"turnover", N_("Staff turnover"), 0, 1},
	{"work_accidents", N_("Work accidents"), 0, 0},
};

const char *action_absind_code(enum action_absind a)
{
	return (unsigned)a < ABSIND_COUNT ? absind[a].code : "?";
}

int action_absind_parse(struct str s, enum action_absind *out)
{
	s = str_trim(s);
	for (int i = 0; i < ABSIND_COUNT; i++) {
		if (code_eq(s, absind[i].code)) {
			*out = (enum action_absind)i;
			return 0;
		}
	}
	return -1;
}

const char *action_absind_name(enum action_absind a, enum lang lang)
{
	return (unsigned)a < ABSIND_COUNT ? T(lang, absind[a].name) : "?";
}

int action_absind_higher_is_better(enum action_absind a)
{
	return (unsigned)a < ABSIND_COUNT ? absind[a].higher_is_better : 0;
}

int action_absind_is_percent(enum action_absind a)
{
	return (unsigned)a < ABSIND_COUNT ? absind[a].percent : 0;
}

/* ------------------------------------------------------------ dates */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
long action_days_from_civil(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse: civil_from_days. */
static void civil_from_days(long z, int *year, int *month, int *day)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int digits(const char *p, size_t n, long *out)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

int action_date_parse(struct str s, long *days)
{
	long y, m, d;
	int yy, mm, dd;

	s = str_trim(s);
	if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
		return -1;
	if (digits(s.p, 4, &y) || digits(s.p + 5, 2, &m) || digits(s.p + 8, 2, &d))
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	long z = action_days_from_civil((int)y, (int)m, (int)d);
	/* A round trip rejects 31 April and 29 February of common years. */
	civil_from_days(z, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1;
	*days = z;
	return 0;
}

void action_date_format(long days, char out[11])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "%s", "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

long action_day_of(int64_t t)
{
	int64_t q = t / 86400;
	if (t % 86400 < 0)
		q--;
	return (long)q;
}

/* ------------------------------------------------------------ the action */

void action_init(struct action *a)
{
	memset(a, 0, sizeof(*a));
	a->level = IGLO_GROUP;
	a->status = ACTION_PROPOSED;
	a->baseline = NAN;
	a->target = NAN;
}

void action_release(struct action *a)
{
	free(a->theme);
	free(a->title);
	free(a->description);
	free(a->owner);
	free(a->due);
	free(a->indicator_scale);
	free(a->indicator_absence);
	action_init(a);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void action_copy(struct action *dst, const struct action *src)
{
	*dst = *src;
	dst->theme = dup_or_null(src->theme);
	dst->title = dup_or_null(src->title);
	dst->description = dup_or_null(src->description);
	dst->owner = dup_or_null(src->owner);
	dst->due = dup_or_null(src->due);
	dst->indicator_scale = dup_or_null(src->indicator_scale);
	dst->indicator_absence = dup_or_null(src->indicator_absence);
}

void action_set(char **field, const char *s)
{
	char *old = *field;
	*field = dup_or_null(s);
	free(old);
}

/* ------------------------------------------------------------ validation */

/* Fills d with a translated message and *field; returns ERR_INVALID. */
static int bad(struct diag *d, const char **field, const char *name, enum lang lang,
	       const char *msgid, const char *a1, const char *a2)
{
	char *m = tmpl_fill(T(lang, msgid), a1, a2, (const char *)NULL);
	if (field)
		*field = name;
	int rc = diag_set(d, 0, "%s", m);
	free(m);
	return rc;
}

static int is_empty(const char *s)
{
	return !s || !*s;
}

/* 1 when s is valid UTF-8 without control characters (newline and tab allowed when multiline). */
static int clean_text(const char *s, int multiline)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x7f)
			return 0;
		if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
			return 0;
	}
	return 1;
}

/* An identifier as in instrument files: [a-z0-9_], 1..MAX_ID_BYTES. */
static int ident_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ACTION_MAX_IDENT)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

static int check_text(const char *s, size_t max, int required, int multiline, const char *name,
		      const char *what, enum lang lang, const char **field, struct diag *d)
{
	char num[24];

	if (is_empty(s)) {
		if (required)
			return bad(d, field, name, lang, N_("{1} is required."), T(lang, what), NULL);
		return 0;
	}
	if (strlen(s) > max) {
		snprintf(num, sizeof(num), "%zu", max);
		return bad(d, field, name, lang, N_("{1} is too long (at most {2} characters)."),
			   T(lang, what), num);
	}
	if (!clean_text(s, multiline))
		return bad(d, field, name, lang, N_("{1} contains characters that are not allowed."),
			   T(lang, what), NULL);
	return 0;
}

static const struct scale *scale_of(const struct instrument *ins, const char *id)
{
	if (!ins || !id)
		return NULL;
	int i = instrument_scale_index(ins, str_from(id));
	return i < 0 ? NULL : &ins->scales[i];
}

int action_indicator_direction(const struct action *a, const struct instrument *ins)
{
	enum action_absind ai;

	if (!is_empty(a->indicator_scale)) {
		const struct scale *sc = scale_of(ins, a->indicator_scale);
		return sc ? sc->higher_is_better : -1;
	}
	if (!is_empty(a->indicator_absence) &&
	    action_absind_parse(str_from(a->indicator_absence), &ai) == 0)
		return action_absind_higher_is_better(ai);
	return -1;
}

/* Checks a baseline or target value against the range of the primary indicator. */
static int check_value(const struct action *a, const struct instrument *ins, double v,
		       const char *name, const char *what, enum lang lang, const char **field,
		       struct diag *d)
{
	enum action_absind ai;
	char lo[24], hi[24];

	if (isnan(v))
		return 0;
	if (!isfinite(v))
		return bad(d, field, name, lang, N_("{1} is not a number."), T(lang, what), NULL);
	if (!is_empty(a->indicator_scale)) {
		const struct scale *sc = scale_of(ins, a->indicator_scale);
		if (sc && (v < 1 || v > sc->points)) {
			snprintf(lo, sizeof(lo), "1");
			snprintf(hi, sizeof(hi), "%d", sc->points);
			goto range;
		}
		return 0;
	}
	if (action_absind_parse(str_from(a->indicator_absence), &ai) == 0) {
		if (v < 0 || (action_absind_is_percent(ai) && v > 100)) {
			snprintf(lo, sizeof(lo), "0");
			if (action_absind_is_percent(ai))
				snprintf(hi, sizeof(hi), "100");
			else
				return bad(d, field, name, lang, N_("{1} cannot be negative."),
					   T(lang, what), NULL);
			goto range;
		}
	}
	return 0;
range:
	if (field)
		*field = name;
	{
		char *m = tmpl_fill(T(lang, N_("{1} must lie between {2} and {3}.")), T(lang, what), lo,
				    hi, (const char *)NULL);
		diag_set(d, 0, "%s", m);
		free(m);
	}
	return ERR_INVALID;
}

int action_validate(const struct action *a, const struct instrument *ins, enum lang lang,
		    const char **field, struct diag *d)
{
	enum action_absind ai;
	long day;
	char lo[24], hi[24];

	if (check_text(a->title, ACTION_MAX_TITLE, 1, 0, "title", N_("The title"), lang, field, d) ||
	    check_text(a->description, ACTION_MAX_DESCRIPTION, 0, 1, "description",
		       N_("The description"), lang, field, d) ||
	    check_text(a->owner, ACTION_MAX_OWNER, 0, 0, "owner", N_("The owner"), lang, field, d))
		return ERR_INVALID;
	if (is_empty(a->theme))
		return bad(d, field, "theme", lang, N_("Choose a theme."), NULL, NULL);
	if (!ident_ok(a->theme) || (ins && !scale_of(ins, a->theme)))
		return bad(d, field, "theme", lang, N_("The theme is not one of the questionnaire's scales."),
			   NULL, NULL);
	if ((unsigned)a->level >= IGLO_COUNT)
		return bad(d, field, "level", lang, N_("Choose a level: individual, team, leader or organisation."),
			   NULL, NULL);
	if ((unsigned)a->status >= ACTION_STATUS_COUNT)
		return bad(d, field, "status", lang, N_("The status is not known."), NULL, NULL);
	if (a->quick_win != 0 && a->quick_win != 1)
		return bad(d, field, "quick_win", lang, N_("The status is not known."), NULL, NULL);
	if (!is_empty(a->due) && action_date_parse(str_from(a->due), &day) != 0)
		return bad(d, field, "due", lang, N_("The due date is not a date (YYYY-MM-DD)."), NULL,
			   NULL);
	if (a->year < ACTION_MIN_YEAR || a->year > ACTION_MAX_YEAR) {
		snprintf(lo, sizeof(lo), "%d", ACTION_MIN_YEAR);
		snprintf(hi, sizeof(hi), "%d", ACTION_MAX_YEAR);
		return bad(d, field, "year", lang, N_("The year must lie between {1} and {2}."), lo, hi);
	}
	if (!is_empty(a->indicator_scale) &&
	    (!ident_ok(a->indicator_scale) || (ins && !scale_of(ins, a->indicator_scale))))
		return bad(d, field, "indicator_scale", lang,
			   N_("The indicator is not one of the questionnaire's scales."), NULL, NULL);
	if (!is_empty(a->indicator_absence) && action_absind_parse(str_from(a->indicator_absence), &ai))
		return bad(d, field, "indicator_absence", lang, N_("The absence indicator is not known."),
			   NULL, NULL);
	int has_ind = !is_empty(a->indicator_scale) || !is_empty(a->indicator_absence);
	if (!has_ind && (!isnan(a->baseline) || !isnan(a->target)))
		return bad(d, field, "indicator_scale", lang,
			   N_("A baseline or target needs an indicator to measure it on."), NULL, NULL);
	if (check_value(a, ins, a->baseline, "baseline", N_("The baseline"), lang, field, d) ||
	    check_value(a, ins, a->target, "target", N_("The target"), lang, field, d))
		return ERR_INVALID;
	if (!isnan(a->baseline) && !isnan(a->target)) {
		int hib = action_indicator_direction(a, ins);
		if (hib == 1 && !(a->target > a->baseline))
			return bad(d, field, "target", lang,
				   N_("Higher is better for this indicator: the target must lie above the baseline."),
				   NULL, NULL);
		if (hib == 0 && !(a->target < a->baseline))
			return bad(d, field, "target", lang,
				   N_("Lower is better for this indicator: the target must lie below the baseline."),
				   NULL, NULL);
	}
	return 0;
}

/* ------------------------------------------------------------ follow-up flags */

int action_overdue(const struct action *a, long today)
{
	long due;

	if (action_status_final(a->status) || is_empty(a->due))
		return 0;
	if (action_date_parse(str_from(a->due), &due))
		return 0;
	return due < today;
}

int action_stalled(const struct action *a, int64_t now, int stall_days)
{
	int64_t since = a->status_changed ? a->status_changed : a->created;

	if (action_status_final(a->status) || since == 0)
		return 0;
	if (stall_days <= 0)
		stall_days = ACTION_STALL_DAYS_DEFAULT;
	return now - since >= (int64_t)stall_days * 86400;
}

/* ------------------------------------------------------------ effect */

static void effect_clear(struct action_effect *e)
{
	memset(e, 0, sizeof(*e));
	e->verdict = VERDICT_NONE;
	e->trend = ATREND_NONE;
	e->rel_change = NAN;
	e->before = NAN;
	e->after = NAN;
	e->cmp.diff = e->cmp.d = e->cmp.t = e->cmp.df = e->cmp.p = NAN;
}

static void effect_target(struct action_effect *e, double target, int higher_is_better)
{
	e->has_target = !isnan(target);
	if (!e->has_target || isnan(e->after))
		return;
	e->target_reached = higher_is_better ? e->after >= target : e->after <= target;
}

enum effect_state action_effect_scale(const struct moments *baseline, const struct moments *followup,
				      int suppressed, int higher_is_better, long min_n, double target,
				      struct action_effect *out)
{
	effect_clear(out);
	out->has_target = !isnan(target);
	if (!baseline || baseline->n == 0)
		return out->state = EFFECT_NO_BASELINE;
	if (!followup || followup->n == 0)
		return out->state = EFFECT_NO_LATER_WAVE;
	if (suppressed || baseline->n < min_n || followup->n < min_n)
		return out->state = EFFECT_SUPPRESSED;
	out->before = moments_mean(baseline);
	out->after = moments_mean(followup);
	/* The follow-up against the baseline: the reports' rule, so the words match. */
	out->verdict = stats_compare(followup, baseline, higher_is_better, min_n, &out->cmp);
	out->state = EFFECT_MEASURED;
	effect_target(out, target, higher_is_better);
	return out->state;
}

/*
 * Absence indicators are single values per period, with no spread to test
 * against, so the rule is a relative change beyond a tolerance: small
 * swings are noise in small teams, and the default of 10 % is the smallest
 * change the presence-policy sources treat as a goal (8.5 % to 7.5 %).
 */
enum effect_state action_effect_absence(enum action_absind ind, double before, double after,
					int suppressed, double tolerance, double target,
					struct action_effect *out)
{
	int hib = action_absind_higher_is_better(ind);
	int up;

	effect_clear(out);
	out->has_target = !isnan(target);
	if (isnan(before))
		return out->state = EFFECT_NO_BASELINE;
	/* a withheld figure comes without its value: say it is withheld */
	if (suppressed)
		return out->state = EFFECT_SUPPRESSED;
	if (isnan(after))
		return out->state = EFFECT_NO_LATER_WAVE;
	if (tolerance < 0 || isnan(tolerance))
		tolerance = ACTION_ABSENCE_TOLERANCE_DEFAULT;
	out->before = before;
	out->after = after;
	out->state = EFFECT_MEASURED;
	if (before == 0) {
		out->rel_change = NAN;
		if (after == 0) {
			out->trend = ATREND_SAME;
			goto target;
		}
		up = after > 0;
	} else {
		out->rel_change = (after - before) / fabs(before);
		if (fabs(out->rel_change) <= tolerance + 1e-12) {
			out->trend = ATREND_SAME;
			goto target;
		}
		up = after > before;
	}
	out->trend = (up == hib) ? ATREND_IMPROVED : ATREND_WORSENED;
target:
	effect_target(out, target, hib);
	return out->state;
}

void action_moments_from_summary(struct moments *m, long n, double mean, double sd)
{
	m->n = n;
	m->sum = mean * (double)n;
	/* sumsq = (n - 1) sd^2 + n mean^2; an undefined sd (n < 2) counts as 0. */
	m->sumsq = (n > 1 && !isnan(sd) ? (double)(n - 1) * sd * sd : 0) + (double)n * mean * mean;
}

const char *absence_trend_text(enum action_trend t, enum lang lang)
{
	switch (t) {
	case ATREND_IMPROVED:
		return T(lang, "improved");
	case ATREND_WORSENED:
		return T(lang, "worsened");
	case ATREND_SAME:
		return T(lang, "no notable change");
	case ATREND_NONE:
		break;
	}
	return T(lang, "not measurable yet");
}

const char *action_effect_text(const struct action_effect *e, enum lang lang)
{
	switch (e->state) {
	case EFFECT_MEASURED:
		if (e->trend != ATREND_NONE)
			return absence_trend_text(e->trend, lang);
		return verdict_text(e->verdict, lang);
	case EFFECT_NO_INDICATOR:
		return T(lang, "not measurable: no indicator chosen");
	case EFFECT_NO_BASELINE:
		return T(lang, "not measurable yet: no baseline");
	case EFFECT_NO_LATER_WAVE:
		return T(lang, "not measurable yet: no later survey");
	case EFFECT_SUPPRESSED:
		return T(lang, "not measurable: the group is too small to show");
	}
	return "?";
}

const char *action_target_text(const struct action_effect *e, enum lang lang)
{
	if (e->state != EFFECT_MEASURED || !e->has_target)
		return "";
	return e->target_reached ? T(lang, "target reached") : T(lang, "target not yet reached");
}

/* ------------------------------------------------------------ plans */

/* The order of a theme: its scale position in ins, or after all scales. */
static int theme_rank(const struct instrument *ins, const char *theme)
{
	if (!ins || !theme)
		return MAX_SCALES + 1;
	int i = instrument_scale_index(ins, str_from(theme));
	return i < 0 ? MAX_SCALES : i;
}

static int theme_cmp(const struct instrument *ins, const char *a, const char *b)
{
	int ra = theme_rank(ins, a), rb = theme_rank(ins, b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a ? a : "", b ? b : "");
}

/* qsort has no context argument: sort (key, index) records built first. */
struct plan_key {
	int rank;           /* theme rank */
	const char *theme;
	int level;
	int quick;          /* 0 for quick wins so they sort first */
	long due;           /* day number; LONG_MAX when none */
	long id;
	int idx;
};

static int plan_key_cmp(const void *pa, const void *pb)
{
	const struct plan_key *a = pa, *b = pb;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = strcmp(a->theme, b->theme)))
		return c;
	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->quick != b->quick)
		return a->quick < b->quick ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static long due_key(const struct action *a)
{
	long d;
	if (is_empty(a->due) || action_date_parse(str_from(a->due), &d))
		return 1L << 40;
	return d;
}

int year_plan_build(struct year_plan *p, const struct action *acts, size_t n, int year,
		    const struct instrument *ins)
{
	struct plan_key *keys = xcalloc(n ? n : 1, sizeof(*keys));
	long *units = xcalloc(n ? n : 1, sizeof(*units));
	size_t nk = 0, nu = 0;

	memset(p, 0, sizeof(*p));
	p->year = year;
	p->jap_deadline = action_jap_deadline(year);
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &acts[i];
		if (a->year != year)
			continue;
		p->total++;
		if ((unsigned)a->status < ACTION_STATUS_COUNT)
			p->count[a->status]++;
		size_t u = 0;
		while (u < nu && units[u] != a->unit_id)
			u++;
		if (u == nu)
			units[nu++] = a->unit_id;
		if (a->status == ACTION_DROPPED)
			continue;
		if (a->quick_win)
			p->quick_wins++;
		keys[nk++] = (struct plan_key){theme_rank(ins, a->theme), a->theme ? a->theme : "",
					       (int)a->level, a->quick_win ? 0 : 1, due_key(a), a->id,
					       (int)i};
	}
	p->units = (int)nu;
	qsort(keys, nk, sizeof(*keys), plan_key_cmp);
	p->groups = xcalloc(nk ? nk : 1, sizeof(*p->groups));
	for (size_t k = 0; k < nk; k++) {
		struct plan_group *g = p->ngroups ? &p->groups[p->ngroups - 1] : NULL;
		if (!g || strcmp(g->theme, keys[k].theme) || (int)g->level != keys[k].level) {
			g = &p->groups[p->ngroups++];
			g->theme = keys[k].theme;
			g->level = (enum iglo_level)keys[k].level;
			g->idx = xcalloc(nk - k, sizeof(*g->idx));
		}
		g->idx[g->n++] = keys[k].idx;
		if (keys[k].quick == 0)
			g->quick_wins++;
	}
	free(keys);
	free(units);
	return 0;
}

void year_plan_release(struct year_plan *p)
{
	for (int i = 0; i < p->ngroups; i++)
		free(p->groups[i].idx);
	free(p->groups);
	memset(p, 0, sizeof(*p));
}

int gpp_plan_build(struct gpp_plan *g, const struct action *acts, size_t n, int first_year,
		   const struct instrument *ins)
{
	memset(g, 0, sizeof(*g));
	g->first_year = first_year;
	g->themes = xcalloc(n ? n : 1, sizeof(*g->themes));
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &acts[i];
		int y = a->year - first_year;
		if (y < 0 || y >= GPP_YEARS || a->status == ACTION_DROPPED)
			continue;
		const char *theme = a->theme ? a->theme : "";
		int t = 0;
		while (t < g->nthemes && strcmp(g->themes[t].theme, theme))
			t++;
		if (t == g->nthemes)
			g->themes[g->nthemes++].theme = theme;
		struct gpp_theme *th = &g->themes[t];
		th->planned[y]++;
		g->total[y]++;
		if (a->status == ACTION_DONE) {
			th->done[y]++;
			g->done[y]++;
		}
		if ((unsigned)a->level < IGLO_COUNT)
			th->level[a->level]++;
	}
	/* Few themes (at most the scales): an insertion sort in plan order. */
	for (int i = 1; i < g->nthemes; i++) {
		struct gpp_theme t = g->themes[i];
		int j = i;
		while (j > 0 && theme_cmp(ins, g->themes[j - 1].theme, t.theme) > 0) {
			g->themes[j] = g->themes[j - 1];
			j--;
		}
		g->themes[j] = t;
	}
	return 0;
}

void gpp_plan_release(struct gpp_plan *g)
{
	free(g->themes);
	memset(g, 0, sizeof(*g));
}

long action_jap_deadline(int plan_year)
{
	return action_days_from_civil(plan_year - 1, 11, 1);
}

long action_jap_days_left(int plan_year, long today)
{
	return action_jap_deadline(plan_year) - today;
}
