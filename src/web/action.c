/*
 * action.c: action plans (issue 6). The organisation's yearly action plan
 * (/actions: every unit's plan rolled up), a unit's plan, one action with
 * its status, approval, communication and effect, the form for a new
 * action, and the five-year global prevention plan (/actions/gpp).
 *
 * Who may do what: the viewers of reports read plans (managers only the
 * units they lead and the units below them); staff and managers (within
 * their units) write actions and move their status; management (admins
 * and advisors) approves and communicates them, which publishes them on
 * 'you said, we did' (action_yousaid.c).
 *
 * The effect of an action comes from the report model only: the figure of
 * its indicator scale for its unit in the wave of its baseline against the
 * newest closed wave, compared with the rule and the words of the reports.
 * When the report withholds a side, the page says so and shows nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "report/action_export.h"
#include "report/charts.h"
#include "report/report.h"
#include "store/store_action.h"
#include "store/store_workshop.h"
#include "web/action.h"
#include "web.h"

#define MAX_ATTENTION 16

/* ---- the context of a request: scope, report, instrument, settings ---- */

struct act_absence {
	const struct absence_view *v; /* NULL until needed, or when it cannot be read */
	int tried;
};

int act_load(struct act *c, struct req *r)
{
	struct diag d = {0};
	int err = 0;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->abs = xcalloc(1, sizeof(*c->abs));
	c->now = (int64_t)time(NULL);
	c->today = action_day_of(c->now);
	if (r->st->ops->units_list(r->st, &c->units, &c->nunits))
		return -1;
	if (r->st->ops->action->yousaid_get(r->st, &c->ys))
		return -1;
	c->rep = app_report_get(r->app, r->st, &d, &err);
	if (c->rep) {
		c->ins = &c->rep->ins;
	} else {
		long id;
		if (instrument_default(r->st, &id) == 0)
			c->ins = app_instrument(r->app, r->st, id);
	}
	/* a manager's scope: the unit led and the units below it (pre-order) */
	c->from = 0;
	c->to = c->nunits;
	if (r->logged_in && r->user.role == ROLE_MANAGER) {
		c->from = c->to = 0;
		for (size_t i = 0; i < c->nunits; i++) {
			if (c->units[i].id != r->user.unit_id)
				continue;
			size_t e = i + 1;
			while (e < c->nunits && c->units[e].depth > c->units[i].depth)
				e++;
			c->from = i;
			c->to = e;
			break;
		}
	}
	return 0;
}

void act_release(struct act *c)
{
	if (c->rep)
		app_report_put(c->r->app, c->rep);
	if (c->abs) {
		app_absence_put(c->r->app, c->abs->v);
		free(c->abs);
	}
	units_free(c->units, c->nunits);
	memset(c, 0, sizeof(*c));
}

/* 1 when the unit (0: the organisation as a whole) is within the user's scope. */
int act_in_scope(const struct act *c, long unit_id)
{
	if (!c->r->logged_in || c->r->user.role != ROLE_MANAGER)
		return 1;
	for (size_t i = c->from; i < c->to; i++)
		if (c->units[i].id == unit_id)
			return 1;
	return 0;
}

static const struct unit *act_unit(const struct act *c, long id)
{
	for (size_t i = 0; i < c->nunits; i++)
		if (c->units[i].id == id)
			return &c->units[i];
	return NULL;
}

const char *act_unit_name(const struct act *c, long id)
{
	const struct unit *u = id ? act_unit(c, id) : NULL;
	if (!id)
		return T(c->r->lang, "Whole organisation");
	return u && u->name ? u->name : "?";
}

/* The scale's name, or the theme's code when the instrument does not know it. */
const char *act_scale_name(const struct act *c, const char *id)
{
	int s = c->ins && id ? instrument_scale_index(c->ins, str_from(id)) : -1;
	if (s < 0)
		return id ? id : "";
	return text_get(&c->ins->scales[s].name, c->r->lang);
}

/* The ids of the units in scope, for list filters (caller frees). */
static long *scope_ids(const struct act *c, size_t *n)
{
	long *ids = xcalloc(c->to - c->from + 1, sizeof(long));
	*n = 0;
	for (size_t i = c->from; i < c->to; i++)
		ids[(*n)++] = c->units[i].id;
	return ids;
}

static int can_write(const struct act *c, long unit_id)
{
	enum role role = c->r->user.role;
	if (role == ROLE_ADMIN || role == ROLE_ADVISOR || role == ROLE_HR)
		return 1;
	return role == ROLE_MANAGER && unit_id && act_in_scope(c, unit_id);
}

static int can_approve(const struct act *c)
{
	return c->r->user.role == ROLE_ADMIN || c->r->user.role == ROLE_ADVISOR;
}

/* ": ", with the no-break space French puts before a colon. */
void act_colon(struct hw *w, enum lang l)
{
	if (l == LANG_FR)
		HW_LIT(w, "\u00a0: ");
	else
		HW_LIT(w, ": ");
}

/* ---- effect ---- */

static int root_index(const struct report *rep)
{
	for (size_t i = 0; i < rep->nunits; i++)
		if (rep->parent[i] < 0)
			return (int)i;
	return -1;
}

/* Absence figures of a period from the server's cache (action_absence_src). */
static int act_absence_figures(void *ctx, const struct absence_view *v, int32_t from, int32_t to,
			       struct absence_figures *out, int *owned)
{
	return app_absence_figures(ctx, v, from, to, out, owned);
}

/*
 * The server's absence data for this request, got on first need (once per
 * request, shared with the unit pages). Returns 0 with src filled, or -1.
 */
static int act_absence_src(const struct act *c, struct action_absence_src *src)
{
	if (c->abs && !c->abs->tried) {
		int err;
		c->abs->tried = 1;
		c->abs->v = app_absence_get(c->r->app, c->r->st, &err);
	}
	if (!c->abs || !c->abs->v)
		return -1;
	*src = (struct action_absence_src){c->abs->v, act_absence_figures, c->r->app};
	return 0;
}

void act_effect(const struct act *c, const struct action *a, struct action_effect_view *ev)
{
	struct action_absence_src src = {0};

	if (a->indicator_absence && *a->indicator_absence && act_absence_src(c, &src) == 0)
		action_report_effect_src(c->rep, c->r->st, &src, a, ev);
	else
		action_report_effect(c->rep, c->r->st, a, ev);
}

static void put_score(struct hw *w, double v, enum lang l)
{
	char x[32];
	if (isnan(v)) {
		HW_LIT(w, "–");
		return;
	}
	chart_format_score(x, sizeof(x), v, l);
	hw_text(w, x);
}

/* The effect in a few words for a table cell. */
void act_effect_cell(struct hw *w, const struct act *c, const struct action *a)
{
	struct action_effect_view ev;
	enum lang l = c->r->lang;
	act_effect(c, a, &ev);
	HW_LIT(w, "<span");
	hw_attrf(w, "class", "effect effect-%d", (int)ev.e.state == EFFECT_MEASURED ?
							 (int)ev.e.verdict : -1);
	HW_LIT(w, ">");
	if (ev.e.state == EFFECT_SUPPRESSED) {
		hw_text(w, T(l, "hidden to protect anonymity"));
	} else if (ev.absence && ev.e.state != EFFECT_MEASURED) {
		hw_text(w, T(l, "from the absence data"));
	} else {
		hw_text(w, action_effect_text(&ev.e, l));
		if (ev.e.state == EFFECT_MEASURED) {
			HW_LIT(w, " (");
			put_score(w, ev.e.before, l);
			HW_LIT(w, " → ");
			put_score(w, ev.e.after, l);
			HW_LIT(w, ")");
		}
	}
	HW_LIT(w, "</span>");
}

/* The effect block of an action's page. */
static void effect_section(struct hw *w, const struct act *c, const struct action *a)
{
	struct action_effect_view ev;
	enum lang l = c->r->lang;
	act_effect(c, a, &ev);
	HW_LIT(w, "<section class=\"effect-box\"><h2>");
	hw_text(w, T(l, "Effect"));
	HW_LIT(w, "</h2>");
	if (ev.absence) {
		enum action_absind ind;
		HW_LIT(w, "<dl class=\"facts\"><dt>");
		hw_text(w, T(l, "Absence indicator"));
		HW_LIT(w, "</dt><dd>");
		if (action_absind_parse(str_from(a->indicator_absence), &ind) == 0)
			hw_text(w, action_absind_name(ind, l));
		HW_LIT(w, " (<code>");
		hw_text(w, a->indicator_absence);
		HW_LIT(w, "</code>)</dd><dt>");
		hw_text(w, T(l, "Baseline"));
		HW_LIT(w, "</dt><dd>");
		put_score(w, a->baseline, l);
		HW_LIT(w, "</dd><dt>");
		hw_text(w, T(l, "Target"));
		HW_LIT(w, "</dt><dd>");
		put_score(w, a->target, l);
		HW_LIT(w, "</dd>");
		char year[16];
		snprintf(year, sizeof(year), "%d", a->year + 1);
		if (ev.e.state == EFFECT_MEASURED) {
			char *t = tmpl_fill(T(l, "Measured in {1}"), year, NULL);
			HW_LIT(w, "<dt>");
			hw_text(w, t);
			HW_LIT(w, "</dt><dd>");
			put_score(w, ev.e.after, l);
			HW_LIT(w, "</dd>");
			free(t);
		}
		HW_LIT(w, "</dl><p class=\"verdict\">");
		if (ev.e.state == EFFECT_MEASURED) {
			HW_LIT(w, "<strong>");
			hw_text(w, action_effect_text(&ev.e, l));
			HW_LIT(w, "</strong>");
			if (ev.e.has_target) {
				HW_LIT(w, " · ");
				hw_text(w, action_target_text(&ev.e, l));
			}
			HW_LIT(w, "</p><p class=\"small\">");
			char *t = tmpl_fill(T(l, "The value of {1} (the year so far when it is the "
						 "current one) against the baseline, from the absence "
						 "data of this unit with the units below it. A change "
						 "counts when it is larger than 10 %."),
					    year, NULL);
			hw_text(w, t);
			free(t);
		} else if (ev.e.state == EFFECT_SUPPRESSED) {
			hw_text(w, T(l, "The effect cannot be shown: the absence figures of this "
					"unit are hidden to protect anonymity."));
		} else if (ev.e.state == EFFECT_NO_BASELINE) {
			hw_text(w, T(l, "No baseline: fill in the value of the indicator when the "
					"action started."));
		} else {
			char *t = tmpl_fill(T(l, "The effect shows from {1} on, once absence data of "
						 "that year have been imported."),
					    year, NULL);
			hw_text(w, t);
			free(t);
		}
		HW_LIT(w, "</p></section>");
		return;
	}
	if (ev.scale < 0) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "This action names no indicator whose effect can be measured."));
		HW_LIT(w, "</p></section>");
		return;
	}
	HW_LIT(w, "<p>");
	hw_text(w, T(l, "Indicator"));
	act_colon(w, l);
	HW_LIT(w, "<strong>");
	hw_text(w, text_get(&c->rep->ins.scales[ev.scale].name, l));
	HW_LIT(w, "</strong></p>");
	switch (ev.e.state) {
	case EFFECT_MEASURED:
		HW_LIT(w, "<table class=\"effect\"><thead><tr><th scope=\"col\">");
		hw_text(w, T(l, "Wave"));
		HW_LIT(w, "</th><th scope=\"col\">");
		hw_text(w, T(l, "Score"));
		HW_LIT(w, "</th></tr></thead><tbody><tr><th scope=\"row\">");
		hw_text(w, T(l, "Baseline"));
		act_colon(w, l);
		hw_text(w, ev.wave_before);
		HW_LIT(w, "</th><td>");
		put_score(w, ev.e.before, l);
		HW_LIT(w, "</td></tr><tr><th scope=\"row\">");
		hw_text(w, T(l, "Follow-up"));
		act_colon(w, l);
		hw_text(w, ev.wave_after);
		HW_LIT(w, "</th><td>");
		put_score(w, ev.e.after, l);
		HW_LIT(w, "</td></tr></tbody></table><p class=\"verdict\"><strong>");
		hw_text(w, action_effect_text(&ev.e, l));
		HW_LIT(w, "</strong>");
		if (ev.e.has_target) {
			HW_LIT(w, " · ");
			hw_text(w, action_target_text(&ev.e, l));
			HW_LIT(w, " (");
			hw_text(w, T(l, "Target"));
			HW_LIT(w, " ");
			put_score(w, a->target, l);
			HW_LIT(w, ")");
		}
		HW_LIT(w, "</p><p class=\"small\">");
		hw_text(w, T(l, "Compared with the same rule and words as the reports: a "
				"difference counts when it is statistically clear and large "
				"enough to matter."));
		HW_LIT(w, "</p>");
		break;
	case EFFECT_SUPPRESSED:
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "The effect cannot be shown: the figure of this unit is hidden to "
				"protect anonymity in the baseline wave or in the follow-up wave."));
		HW_LIT(w, "</p>");
		break;
	case EFFECT_NO_BASELINE:
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "No baseline: the action was made before any wave had closed, or "
				"its baseline wave is no longer in the results."));
		HW_LIT(w, "</p>");
		break;
	default:
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "The effect shows once a survey wave after the baseline wave has "
				"closed."));
		if (ev.wave_before) {
			HW_LIT(w, " ");
			hw_text(w, T(l, "Baseline"));
			act_colon(w, l);
			hw_text(w, ev.wave_before);
		}
		HW_LIT(w, "</p>");
		break;
	}
	HW_LIT(w, "</section>");
}

/* ---- common page parts ---- */

static void h1(struct hw *w, const char *s)
{
	HW_LIT(w, "<h1>");
	hw_text(w, s);
	HW_LIT(w, "</h1>");
}

static void notice(struct hw *w, const char *cls, const char *msg)
{
	if (!msg)
		return;
	HW_LIT(w, "<p");
	hw_attr(w, "class", cls);
	if (strcmp(cls, "error") == 0)
		HW_LIT(w, " role=\"alert\"");
	else
		HW_LIT(w, " role=\"status\"");
	HW_LIT(w, ">");
	hw_text(w, msg);
	HW_LIT(w, "</p>");
}

static int store_failed(struct req *r, struct resp *rs)
{
	fprintf(stderr, "actions: %s\n", r->st->err.msg);
	return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			    T(r->lang, "The action plans could not be read or saved. Try again in a "
				       "moment; if it persists, tell your administrator."),
			    "/actions", T(r->lang, "Back to the action plans"));
}

static int not_found(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 404, T(r->lang, "Action not found"),
			    T(r->lang, "There is no action at this address."), "/actions",
			    T(r->lang, "Back to the action plans"));
}

static int no_access(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 403, T(r->lang, "No access"),
			    T(r->lang, "You can see and change the action plans of the units you "
				       "lead and the units below them."),
			    "/actions", T(r->lang, "Back to the action plans"));
}

static void day_text(struct hw *w, int64_t t)
{
	char d[11];
	if (t <= 0) {
		HW_LIT(w, "–");
		return;
	}
	action_date_format(action_day_of(t), d);
	hw_text(w, d);
}

/* Status with the overdue and stalled flags: colour and a word, never colour alone. */
void act_status_cell(struct hw *w, const struct act *c, const struct action *a)
{
	enum lang l = c->r->lang;
	HW_LIT(w, "<span");
	hw_attrf(w, "class", "status-tag st-%s", action_status_code(a->status));
	HW_LIT(w, ">");
	hw_text(w, action_status_name(a->status, l));
	HW_LIT(w, "</span>");
	if (action_overdue(a, c->today)) {
		HW_LIT(w, " <span class=\"flag flag-overdue\">");
		hw_text(w, T(l, "overdue"));
		HW_LIT(w, "</span>");
	}
	if (action_stalled(a, c->now, c->ys.stall_days)) {
		HW_LIT(w, " <span class=\"flag flag-stalled\">");
		hw_text(w, T(l, "stalled"));
		HW_LIT(w, "</span>");
	}
}

/* The table of actions used by every list. */
static void actions_table(struct hw *w, const struct act *c, const struct action *a, size_t n,
			  int show_unit)
{
	enum lang l = c->r->lang;
	if (!n) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "No actions yet."));
		HW_LIT(w, "</p>");
		return;
	}
	HW_LIT(w, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
	hw_attr(w, "aria-label", T(l, "Actions"));
	HW_LIT(w, "><table class=\"action-list\"><thead><tr>");
	if (show_unit) {
		HW_LIT(w, "<th scope=\"col\">");
		hw_text(w, T(l, "Unit"));
		HW_LIT(w, "</th>");
	}
	static const char *const cols[] = {"Action", "Theme", "Level", "Owner", "Due", "Status",
					   "Effect"};
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		HW_LIT(w, "<th scope=\"col\">");
		hw_text(w, T(l, cols[i]));
		HW_LIT(w, "</th>");
	}
	HW_LIT(w, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HW_LIT(w, "<tr>");
		if (show_unit) {
			HW_LIT(w, "<td>");
			hw_text(w, act_unit_name(c, a[i].unit_id));
			HW_LIT(w, "</td>");
		}
		HW_LIT(w, "<td><a");
		hw_attrf(w, "href", "/actions/%ld", a[i].id);
		HW_LIT(w, ">");
		hw_text(w, a[i].title);
		HW_LIT(w, "</a>");
		if (a[i].quick_win) {
			HW_LIT(w, " <span class=\"badge quick-win\">");
			hw_text(w, T(l, "quick win"));
			HW_LIT(w, "</span>");
		}
		HW_LIT(w, "</td><td>");
		hw_text(w, act_scale_name(c, a[i].theme));
		HW_LIT(w, "</td><td>");
		hw_text(w, iglo_name(a[i].level, l));
		HW_LIT(w, "</td><td>");
		hw_text(w, a[i].owner);
		HW_LIT(w, "</td><td>");
		hw_text(w, a[i].due && *a[i].due ? a[i].due : "–");
		HW_LIT(w, "</td><td>");
		act_status_cell(w, c, &a[i]);
		HW_LIT(w, "</td><td>");
		act_effect_cell(w, c, &a[i]);
		HW_LIT(w, "</td></tr>");
	}
	HW_LIT(w, "</tbody></table></div>");
}

static void status_counts(struct hw *w, const struct act *c, const struct action *a, size_t n)
{
	enum lang l = c->r->lang;
	long count[ACTION_STATUS_COUNT] = {0}, overdue = 0, stalled = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)a[i].status < ACTION_STATUS_COUNT)
			count[a[i].status]++;
		overdue += action_overdue(&a[i], c->today);
		stalled += action_stalled(&a[i], c->now, c->ys.stall_days);
	}
	HW_LIT(w, "<ul class=\"stats\">");
	for (int s = 0; s < ACTION_STATUS_COUNT; s++) {
		HW_LIT(w, "<li><strong>");
		hw_number(w, l, count[s]);
		HW_LIT(w, "</strong> ");
		hw_text(w, action_status_name((enum action_status)s, l));
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "<li class=\"flag-overdue\"><strong>");
	hw_number(w, l, overdue);
	HW_LIT(w, "</strong> ");
	hw_text(w, T(l, "overdue"));
	HW_LIT(w, "</li><li class=\"flag-stalled\"><strong>");
	hw_number(w, l, stalled);
	HW_LIT(w, "</strong> ");
	hw_text(w, T(l, "stalled"));
	HW_LIT(w, "</li></ul>");
}

/* ?name=N within [min, max], else def. */
static long query_long(const struct req *r, const char *name, long min, long max, long def)
{
	const char *v = form_get(&r->query, name);
	long x;
	if (!v || !*v || str_to_long(str_from(v), min, max, &x))
		return def;
	return x;
}

static int query_status(const struct req *r)
{
	const char *v = form_get(&r->query, "status");
	enum action_status s;
	return v && action_status_parse(str_from(v), &s) == 0 ? (int)s : -1;
}

static int query_level(const struct req *r)
{
	const char *v = form_get(&r->query, "level");
	enum iglo_level lv;
	return v && iglo_parse(str_from(v), &lv) == 0 ? (int)lv : -1;
}

static void option(struct hw *w, const char *value, const char *label, int selected)
{
	HW_LIT(w, "<option");
	hw_attr(w, "value", value);
	if (selected)
		HW_LIT(w, " selected");
	HW_LIT(w, ">");
	hw_text(w, label);
	HW_LIT(w, "</option>");
}

/* ---- GET /actions ---- */

static void plan_filters(struct hw *w, const struct act *c, int year, int status, int level,
			 long unit)
{
	enum lang l = c->r->lang;
	char y[16];
	HW_LIT(w, "<form method=\"get\" action=\"/actions\" class=\"row filters\"><div>"
		  "<label for=\"f-year\">");
	hw_text(w, T(l, "Year"));
	HW_LIT(w, "</label><select id=\"f-year\" name=\"year\">");
	option(w, "0", T(l, "All years"), year == 0);
	int ty = this_year();
	for (int i = ty - 3; i <= ty + 2; i++) {
		snprintf(y, sizeof(y), "%d", i);
		option(w, y, y, year == i);
	}
	HW_LIT(w, "</select></div><div><label for=\"f-status\">");
	hw_text(w, T(l, "Status"));
	HW_LIT(w, "</label><select id=\"f-status\" name=\"status\">");
	option(w, "", T(l, "All"), status < 0);
	for (int s = 0; s < ACTION_STATUS_COUNT; s++)
		option(w, action_status_code((enum action_status)s),
		       action_status_name((enum action_status)s, l), status == s);
	HW_LIT(w, "</select></div><div><label for=\"f-level\">");
	hw_text(w, T(l, "Level"));
	HW_LIT(w, "</label><select id=\"f-level\" name=\"level\">");
	option(w, "", T(l, "All"), level < 0);
	for (int i = 0; i < IGLO_COUNT; i++)
		option(w, iglo_code((enum iglo_level)i), iglo_name((enum iglo_level)i, l),
		       level == i);
	HW_LIT(w, "</select></div><div><label for=\"f-unit\">");
	hw_text(w, T(l, "Unit"));
	HW_LIT(w, "</label><select id=\"f-unit\" name=\"unit\">");
	option(w, "0", T(l, "All"), unit == 0);
	for (size_t i = c->from; i < c->to; i++) {
		char id[32];
		snprintf(id, sizeof(id), "%ld", c->units[i].id);
		option(w, id, c->units[i].name, unit == c->units[i].id);
	}
	HW_LIT(w, "</select></div><div><button type=\"submit\">");
	hw_text(w, T(l, "Show"));
	HW_LIT(w, "</button></div></form>");
}

static void plan_links(struct hw *w, const struct act *c, int year)
{
	enum lang l = c->r->lang;
	HW_LIT(w, "<p class=\"actions\">");
	if (c->r->user.role != ROLE_COMMITTEE) {
		HW_LIT(w, "<a class=\"button\" href=\"/actions/new\">");
		hw_text(w, T(l, "New action"));
		HW_LIT(w, "</a>");
	}
	HW_LIT(w, "<a");
	hw_attrf(w, "href", "/actions/plan.pdf?year=%d", year);
	HW_LIT(w, ">");
	hw_text(w, T(l, "Download as PDF"));
	HW_LIT(w, "</a><a");
	hw_attrf(w, "href", "/actions/plan.xlsx?year=%d", year);
	HW_LIT(w, ">");
	hw_text(w, T(l, "Download as Excel"));
	HW_LIT(w, "</a><a href=\"/actions/gpp\">");
	hw_text(w, T(l, "Global prevention plan"));
	HW_LIT(w, "</a>");
	if (c->r->user.role == ROLE_ADMIN) {
		HW_LIT(w, "<a href=\"/admin/yousaid\">");
		hw_text(w, T(l, "'You said, we did' settings"));
		HW_LIT(w, "</a>");
	}
	HW_LIT(w, "</p>");
}

int actions_plan(struct req *r, struct resp *rs)
{
	struct act c;
	struct hw w;
	enum lang l = r->lang;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0, nids = 0;
	long *ids = NULL;

	if (act_load(&c, r))
		return store_failed(r, rs);
	int year = (int)query_long(r, "year", 0, ACTION_MAX_YEAR, this_year());
	if (year && year < ACTION_MIN_YEAR)
		year = 0;
	int status = query_status(r), level = query_level(r);
	long unit = query_long(r, "unit", 0, 0x7fffffffffffffffL, 0);
	store_action_filter_init(&f);
	f.year = year;
	f.status = status;
	f.level = level;
	f.unit_id = unit;
	if (r->user.role == ROLE_MANAGER) {
		ids = scope_ids(&c, &nids);
		f.unit_ids = ids;
		f.n_units = nids;
	}
	/*
	 * Without ?year= the page opens on this year's plan, or on the latest
	 * year that has actions when this one has none yet (early in a year
	 * the plan that is followed up is last year's).
	 */
	int year_given = form_get(&r->query, "year") != NULL;
	if (!year_given)
		f.year = 0;
	if (r->st->ops->action->list(r->st, &f, &a, &n)) {
		free(ids);
		act_release(&c);
		return store_failed(r, rs);
	}
	free(ids);
	if (!year_given && n) {
		int latest = 0, has_this = 0;
		for (size_t i = 0; i < n; i++) {
			has_this |= a[i].year == year;
			if (a[i].year <= year && a[i].year > latest)
				latest = a[i].year;
		}
		if (!has_this && latest)
			year = latest;
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (a[i].year == year)
				a[k++] = a[i];
			else
				action_release(&a[i]);
		}
		n = k;
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Action plans"));
	h1(&w, T(l, "Action plans"));
	HW_LIT(&w, "<p class=\"lead\">");
	if (year) {
		char *y = xasprintf("%d", year);
		char *s = tmpl_fill(T(l, "The yearly action plan {1}: the plans of every unit "
					 "together."),
				    y, NULL);
		hw_text(&w, s);
		free(s);
		free(y);
		char d[11];
		action_date_format(action_jap_deadline(year), d);
		HW_LIT(&w, " ");
		char *dl = tmpl_fill(T(l, "The draft goes to the prevention committee by {1}."), d,
				     NULL);
		hw_text(&w, dl);
		free(dl);
	} else {
		hw_text(&w, T(l, "The action plans of every unit, all years."));
	}
	HW_LIT(&w, "</p>");
	plan_links(&w, &c, year);
	plan_filters(&w, &c, year, status, level, unit);
	status_counts(&w, &c, a, n);
	actions_table(&w, &c, a, n, 1);
	page_end(&w, r);
	store_actions_free(a, n);
	act_release(&c);
	return page_finish(r, rs, &w);
}

/* ---- GET /actions/unit/ID ---- */

static int param_id(const struct req *r, long *id)
{
	return str_to_long(r->param, 1, 0x7fffffffffffffffL, id);
}

int actions_unit(struct req *r, struct resp *rs)
{
	struct act c;
	struct hw w;
	enum lang l = r->lang;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0;
	long id;

	if (param_id(r, &id))
		return not_found(r, rs);
	if (act_load(&c, r))
		return store_failed(r, rs);
	const struct unit *u = act_unit(&c, id);
	if (!u) {
		act_release(&c);
		return page_message(r, rs, 404, T(l, "Unit not found"),
				    T(l, "There is no unit at this address."), "/actions",
				    T(l, "Back to the action plans"));
	}
	if (!act_in_scope(&c, id)) {
		act_release(&c);
		return no_access(r, rs);
	}
	store_action_filter_init(&f);
	f.unit_id = id;
	if (r->st->ops->action->list(r->st, &f, &a, &n)) {
		act_release(&c);
		return store_failed(r, rs);
	}
	char *title = tmpl_fill(T(l, "Action plan of {1}"), u->name, NULL);
	hw_init(&w, &rs->body);
	page_begin(&w, r, title);
	h1(&w, title);
	free(title);
	HW_LIT(&w, "<p class=\"actions\">");
	if (can_write(&c, id)) {
		HW_LIT(&w, "<a class=\"button\"");
		hw_attrf(&w, "href", "/actions/new?unit=%ld", id);
		HW_LIT(&w, ">");
		hw_text(&w, T(l, "New action"));
		HW_LIT(&w, "</a>");
	}
	HW_LIT(&w, "<a");
	hw_attrf(&w, "href", "/reports/unit/%ld", id);
	HW_LIT(&w, ">");
	hw_text(&w, T(l, "Results of this unit"));
	HW_LIT(&w, "</a><a");
	hw_attrf(&w, "href", "/actions/plan.pdf?unit=%ld&year=0", id);
	HW_LIT(&w, ">");
	hw_text(&w, T(l, "Download as PDF"));
	HW_LIT(&w, "</a><a");
	hw_attrf(&w, "href", "/actions/plan.xlsx?unit=%ld&year=0", id);
	HW_LIT(&w, ">");
	hw_text(&w, T(l, "Download as Excel"));
	HW_LIT(&w, "</a></p>");
	status_counts(&w, &c, a, n);
	actions_table(&w, &c, a, n, 0);
	page_end(&w, r);
	store_actions_free(a, n);
	act_release(&c);
	return page_finish(r, rs, &w);
}

/*
 * The block on a unit's report page: a link to its action plan and its
 * actions with their effect. Writes nothing for a visitor who cannot see
 * the plan.
 */
void action_unit_summary(struct hw *w, struct req *r, long unit_id)
{
	struct act c;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0;
	enum lang l = r->lang;

	if (act_load(&c, r))
		return;
	if (!act_in_scope(&c, unit_id)) {
		act_release(&c);
		return;
	}
	store_action_filter_init(&f);
	f.unit_id = unit_id;
	if (r->st->ops->action->list(r->st, &f, &a, &n) == 0) {
		HW_LIT(w, "<section class=\"unit-actions\"><h2>");
		hw_text(w, T(l, "Action plan"));
		HW_LIT(w, "</h2><p><a");
		hw_attrf(w, "href", "/actions/unit/%ld", unit_id);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Action plan"));
		HW_LIT(w, "</a></p>");
		actions_table(w, &c, a, n, 0);
		HW_LIT(w, "</section>");
		store_actions_free(a, n);
	}
	act_release(&c);
}

/* ---- the form of an action ---- */

/* The newest closed wave's figure of scale for the unit, when the report shows it. */
static int baseline_of(const struct act *c, long unit_id, const char *scale, double *mean,
		       long *wave)
{
	const struct report *rep = c->rep;
	if (!rep || !rep->nwaves || !scale || !*scale)
		return -1;
	int s = instrument_scale_index(&rep->ins, str_from(scale));
	int u = unit_id ? report_unit_index(rep, unit_id) : root_index(rep);
	if (s < 0 || u < 0)
		return -1;
	struct figure f;
	size_t wl = rep->nwaves - 1;
	report_figure(rep, wl, u, s, &f);
	*wave = rep->waves[wl].wave.id;
	if (!f.shown)
		return -1;
	*mean = round(f.mean * 100) / 100;
	return 0;
}

static void fmt_num(char *out, size_t n, double v)
{
	if (isnan(v))
		out[0] = '\0';
	else
		snprintf(out, n, "%.2f", v);
}

/* Parses "3.2" or "3,2"; "" is NAN. Returns 0, or -1 for anything else. */
static int parse_num(const char *s, double *out)
{
	char tmp[64];
	size_t n;
	*out = NAN;
	if (!s)
		return 0;
	struct str t = str_trim(str_from(s));
	if (!t.len)
		return 0;
	if (t.len >= sizeof(tmp))
		return -1;
	for (n = 0; n < t.len; n++) {
		char ch = t.p[n];
		if (ch == ',')
			ch = '.';
		if (!(ch == '.' || ch == '-' || (ch >= '0' && ch <= '9')))
			return -1;
		tmp[n] = ch;
	}
	tmp[n] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (*end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static void field_error(struct hw *w, const char *field, const char *bad, const char *msg)
{
	if (bad && msg && strcmp(field, bad) == 0) {
		HW_LIT(w, "<p class=\"field-error\"");
		hw_attrf(w, "id", "err-%s", field);
		HW_LIT(w, ">");
		hw_text(w, msg);
		HW_LIT(w, "</p>");
	}
}

static void input(struct hw *w, const char *name, const char *label, const char *value,
		  const char *type, const char *bad, const char *msg, int max)
{
	HW_LIT(w, "<label");
	hw_attrf(w, "for", "a-%s", name);
	HW_LIT(w, ">");
	hw_text(w, label);
	HW_LIT(w, "</label>");
	field_error(w, name, bad, msg);
	if (strcmp(type, "textarea") == 0) {
		HW_LIT(w, "<textarea rows=\"4\"");
		hw_attrf(w, "maxlength", "%d", max);
	} else {
		HW_LIT(w, "<input");
		hw_attr(w, "type", type);
		if (strcmp(type, "text") == 0)
			hw_attrf(w, "maxlength", "%d", max);
	}
	hw_attrf(w, "id", "a-%s", name);
	hw_attr(w, "name", name);
	if (strcmp(type, "textarea") != 0)
		hw_attr(w, "value", value ? value : "");
	if (bad && strcmp(bad, name) == 0) {
		HW_LIT(w, " aria-invalid=\"true\"");
		hw_attrf(w, "aria-describedby", "err-%s", name);
	}
	HW_LIT(w, ">");
	if (strcmp(type, "textarea") == 0) {
		hw_text(w, value ? value : "");
		HW_LIT(w, "</textarea>");
	}
}

static void scale_select(struct hw *w, const struct act *c, const char *name, const char *label,
			 const char *cur, int none, const int *first, size_t nfirst)
{
	enum lang l = c->r->lang;
	HW_LIT(w, "<label");
	hw_attrf(w, "for", "a-%s", name);
	HW_LIT(w, ">");
	hw_text(w, label);
	HW_LIT(w, "</label><select");
	hw_attrf(w, "id", "a-%s", name);
	hw_attr(w, "name", name);
	HW_LIT(w, ">");
	if (none)
		option(w, "", T(l, "None"), !cur || !*cur);
	if (nfirst) {
		HW_LIT(w, "<optgroup");
		hw_attr(w, "label", T(l, "Attention points of this unit"));
		HW_LIT(w, ">");
		for (size_t i = 0; i < nfirst; i++) {
			const struct scale *sc = &c->ins->scales[first[i]];
			option(w, sc->id, text_get(&sc->name, l), cur && strcmp(cur, sc->id) == 0);
		}
		HW_LIT(w, "</optgroup><optgroup");
		hw_attr(w, "label", T(l, "Other themes"));
		HW_LIT(w, ">");
	}
	for (int s = 0; c->ins && s < c->ins->nscales; s++) {
		int seen = 0;
		for (size_t i = 0; i < nfirst; i++)
			seen |= first[i] == s;
		if (seen)
			continue;
		const struct scale *sc = &c->ins->scales[s];
		option(w, sc->id, text_get(&sc->name, l), cur && strcmp(cur, sc->id) == 0);
	}
	if (nfirst)
		HW_LIT(w, "</optgroup>");
	HW_LIT(w, "</select>");
}

/* The attention points of a unit in the newest closed wave (scale indices). */
static size_t attention_scales(const struct act *c, long unit_id, int *out, size_t max)
{
	struct point p[MAX_ATTENTION];
	size_t k = 0;
	if (!c->rep || !c->rep->nwaves)
		return 0;
	int u = unit_id ? report_unit_index(c->rep, unit_id) : root_index(c->rep);
	if (u < 0)
		return 0;
	size_t n = report_points(c->rep, c->rep->nwaves - 1, u, p, ARRAY_SIZE(p));
	for (size_t i = 0; i < n && k < max; i++)
		if (p[i].kind == POINT_ATTENTION)
			out[k++] = p[i].scale;
	return k;
}

/*
 * The form for a new action (a->id 0, posted to /actions) or for editing
 * one (posted to /actions/ID), with the error of a refused attempt.
 */
static int action_form(struct req *r, struct resp *rs, struct act *c, const struct action *a,
		       const char *bad, const char *msg)
{
	struct hw w;
	enum lang l = r->lang;
	char num[32];
	int first[MAX_ATTENTION];
	size_t nfirst = attention_scales(c, a->unit_id, first, ARRAY_SIZE(first));
	const char *title = a->id ? T(l, "Change the action") : T(l, "New action");

	hw_init(&w, &rs->body);
	page_begin(&w, r, title);
	h1(&w, title);
	if (msg && !bad)
		notice(&w, "error", msg);
	else if (msg)
		notice(&w, "error", T(l, "Check the marked field."));
	HW_LIT(&w, "<form method=\"post\" class=\"stack action-form\"");
	if (a->id)
		hw_attrf(&w, "action", "/actions/%ld", a->id);
	else
		hw_attr(&w, "action", "/actions");
	HW_LIT(&w, ">");
	page_csrf_field(&w, r);
	if (!a->id) {
		HW_LIT(&w, "<label for=\"a-unit\">");
		hw_text(&w, T(l, "Unit"));
		HW_LIT(&w, "</label>");
		field_error(&w, "unit", bad, msg);
		HW_LIT(&w, "<select id=\"a-unit\" name=\"unit\">");
		if (r->user.role != ROLE_MANAGER)
			option(&w, "0", T(l, "Whole organisation"), a->unit_id == 0);
		for (size_t i = c->from; i < c->to; i++) {
			char id[32];
			snprintf(id, sizeof(id), "%ld", c->units[i].id);
			option(&w, id, c->units[i].name, a->unit_id == c->units[i].id);
		}
		HW_LIT(&w, "</select>");
	} else {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(l, "Unit"));
		act_colon(&w, l);
		HW_LIT(&w, "<strong>");
		hw_text(&w, act_unit_name(c, a->unit_id));
		HW_LIT(&w, "</strong></p>");
	}
	input(&w, "title", T(l, "Action"), a->title, "text", bad, msg, ACTION_MAX_TITLE);
	input(&w, "description", T(l, "Description"), a->description, "textarea", bad, msg,
	      ACTION_MAX_DESCRIPTION);
	field_error(&w, "theme", bad, msg);
	scale_select(&w, c, "theme", T(l, "Theme"), a->theme, 0, first, nfirst);
	HW_LIT(&w, "<fieldset><legend>");
	hw_text(&w, T(l, "Level"));
	HW_LIT(&w, "</legend>");
	field_error(&w, "level", bad, msg);
	for (int i = 0; i < IGLO_COUNT; i++) {
		HW_LIT(&w, "<label class=\"opt\"><input type=\"radio\" name=\"level\"");
		hw_attr(&w, "value", iglo_code((enum iglo_level)i));
		if ((int)a->level == i)
			HW_LIT(&w, " checked");
		HW_LIT(&w, "> ");
		hw_text(&w, iglo_name((enum iglo_level)i, l));
		HW_LIT(&w, "</label>");
	}
	HW_LIT(&w, "</fieldset>");
	input(&w, "owner", T(l, "Owner"), a->owner, "text", bad, msg, ACTION_MAX_OWNER);
	input(&w, "due", T(l, "Due date"), a->due, "date", bad, msg, 10);
	snprintf(num, sizeof(num), "%d", a->year);
	input(&w, "year", T(l, "Year of the action plan"), num, "number", bad, msg, 4);
	HW_LIT(&w, "<label class=\"opt\"><input type=\"checkbox\" name=\"quick_win\" value=\"1\"");
	if (a->quick_win)
		HW_LIT(&w, " checked");
	HW_LIT(&w, "> ");
	hw_text(&w, T(l, "Quick win: can be done soon with little means"));
	HW_LIT(&w, "</label><fieldset><legend>");
	hw_text(&w, T(l, "Indicator that should show the effect"));
	HW_LIT(&w, "</legend>");
	field_error(&w, "indicator_scale", bad, msg);
	scale_select(&w, c, "indicator_scale", T(l, "Survey scale"), a->indicator_scale, 1, NULL,
		     0);
	field_error(&w, "indicator_absence", bad, msg);
	HW_LIT(&w, "<label for=\"a-indicator_absence\">");
	hw_text(&w, T(l, "Absence indicator"));
	HW_LIT(&w, "</label><select id=\"a-indicator_absence\" name=\"indicator_absence\">");
	option(&w, "", T(l, "None"), !a->indicator_absence || !*a->indicator_absence);
	for (int i = 0; i < ABSIND_COUNT; i++) {
		const char *code = action_absind_code((enum action_absind)i);
		option(&w, code, action_absind_name((enum action_absind)i, l),
		       a->indicator_absence && strcmp(a->indicator_absence, code) == 0);
	}
	HW_LIT(&w, "</select>");
	fmt_num(num, sizeof(num), a->baseline);
	input(&w, "baseline", T(l, "Baseline"), num, "text", bad, msg, 20);
	HW_LIT(&w, "<p class=\"small\">");
	hw_text(&w, T(l, "Left empty for a survey scale, the baseline is the unit's figure in the "
			 "latest closed wave, when the report shows it; for an absence indicator, "
			 "the unit's value in the year before the plan's year."));
	HW_LIT(&w, "</p>");
	fmt_num(num, sizeof(num), a->target);
	input(&w, "target", T(l, "Target"), num, "text", bad, msg, 20);
	HW_LIT(&w, "</fieldset><button type=\"submit\">");
	hw_text(&w, T(l, "Save"));
	HW_LIT(&w, "</button></form>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/*
 * Reads the posted fields into a (which holds the current values).
 * Returns 0, or sets *bad to the field and *msg to the message.
 */
static int read_form(struct req *r, struct action *a, const char **bad, const char **msg)
{
	enum lang l = r->lang;
	const char *v;
	static const char *const texts[] = {"title", "description", "owner", "theme", "due",
					    "indicator_scale", "indicator_absence"};
	char **fields[] = {&a->title, &a->description, &a->owner, &a->theme, &a->due,
			   &a->indicator_scale, &a->indicator_absence};

	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		v = form_get(&r->form, texts[i]);
		if (!v)
			continue;
		if (strlen(v) > ACTION_MAX_DESCRIPTION) {
			*bad = texts[i];
			*msg = T(l, "This field is too long.");
			return -1;
		}
		action_set(fields[i], *v ? v : NULL);
	}
	if ((v = form_get(&r->form, "level"))) {
		enum iglo_level lv;
		if (iglo_parse(str_from(v), &lv)) {
			*bad = "level";
			*msg = T(l, "Choose one of the four levels.");
			return -1;
		}
		a->level = lv;
	}
	if ((v = form_get(&r->form, "year"))) {
		long y;
		if (str_to_long(str_trim(str_from(v)), ACTION_MIN_YEAR, ACTION_MAX_YEAR, &y)) {
			*bad = "year";
			*msg = T(l, "The year must be a year from 2000 to 2100.");
			return -1;
		}
		a->year = (int)y;
	}
	a->quick_win = form_get(&r->form, "quick_win") != NULL;
	if (parse_num(form_get(&r->form, "baseline"), &a->baseline)) {
		*bad = "baseline";
		*msg = T(l, "Write a number, such as 3.2.");
		return -1;
	}
	if (parse_num(form_get(&r->form, "target"), &a->target)) {
		*bad = "target";
		*msg = T(l, "Write a number, such as 3.2.");
		return -1;
	}
	return 0;
}

/*
 * The baseline when the form left it empty: for a survey scale the unit's
 * figure in the latest closed wave (from the report), for an absence
 * indicator alone the unit's value in the year before the plan's year
 * (the effect compares the year after it), when either may be shown.
 */
static void fill_baseline(const struct act *c, struct action *a)
{
	const char *sid = a->indicator_scale && *a->indicator_scale ? a->indicator_scale : NULL;
	double mean;
	long wave;
	if (!sid && a->indicator_absence && *a->indicator_absence && isnan(a->baseline)) {
		struct action_absence_src src;
		double v;
		if (act_absence_src(c, &src) == 0 &&
		    action_absence_value_src(&src, a->indicator_absence, a->unit_id, a->year - 1,
					     &v) == 0)
			a->baseline = round(v * 100) / 100;
		return;
	}
	if (!sid || a->baseline_wave_id)
		return;
	if (baseline_of(c, a->unit_id, sid, &mean, &wave) == 0) {
		if (isnan(a->baseline))
			a->baseline = mean;
		a->baseline_wave_id = wave;
	} else if (c->rep && c->rep->nwaves) {
		/* hidden now: the effect will say so, but the wave is the baseline */
		a->baseline_wave_id = c->rep->waves[c->rep->nwaves - 1].wave.id;
	}
}

/* GET /actions/new[?unit=ID&theme=SCALE]: the form, the baseline filled in from the report. */
int actions_new(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;

	if (act_load(&c, r))
		return store_failed(r, rs);
	action_init(&a);
	a.year = this_year();
	a.unit_id = query_long(r, "unit", 0, 0x7fffffffffffffffL, 0);
	if (r->user.role == ROLE_MANAGER && !a.unit_id)
		a.unit_id = r->user.unit_id;
	if (a.unit_id && (!act_unit(&c, a.unit_id) || !act_in_scope(&c, a.unit_id))) {
		action_release(&a);
		act_release(&c);
		return no_access(r, rs);
	}
	const char *theme = form_get(&r->query, "theme");
	if (theme && c.ins && instrument_scale_index(c.ins, str_from(theme)) >= 0) {
		action_set(&a.theme, theme);
	} else {
		int first[1];
		if (attention_scales(&c, a.unit_id, first, 1) == 1)
			action_set(&a.theme, c.ins->scales[first[0]].id);
	}
	if (a.theme) {
		action_set(&a.indicator_scale, a.theme);
		fill_baseline(&c, &a);
	}
	int rc = action_form(r, rs, &c, &a, NULL, NULL);
	action_release(&a);
	act_release(&c);
	return rc;
}

/* Validates a with core's rules; on failure shows the form again (422). */
static int validate_or_form(struct req *r, struct resp *rs, struct act *c, struct action *a)
{
	struct diag d = {0};
	const char *field = NULL;
	if (action_validate(a, c->ins, r->lang, &field, &d) == 0)
		return 0;
	rs->status = 422;
	action_form(r, rs, c, a, field, d.msg);
	return -1;
}

/* POST /actions: creates an action (proposed) in a unit of the user's scope. */
int actions_create(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	const char *bad = NULL, *msg = NULL;
	long id = 0;
	int rc = 0;

	if (act_load(&c, r))
		return store_failed(r, rs);
	action_init(&a);
	a.year = this_year();
	a.status = ACTION_PROPOSED;
	const char *u = form_get(&r->form, "unit");
	if (!u || str_to_long(str_from(u), 0, 0x7fffffffffffffffL, &a.unit_id) ||
	    (a.unit_id && !act_unit(&c, a.unit_id))) {
		a.unit_id = 0;
		bad = "unit";
		msg = T(r->lang, "Choose one of the units.");
	} else if (!can_write(&c, a.unit_id)) {
		action_release(&a);
		act_release(&c);
		return no_access(r, rs);
	}
	if (!bad)
		read_form(r, &a, &bad, &msg);
	if (bad) {
		rs->status = 422;
		rc = action_form(r, rs, &c, &a, bad, msg);
	} else if (fill_baseline(&c, &a), validate_or_form(r, rs, &c, &a) == 0) {
		if (r->st->ops->action->add(r->st, &a, c.now, r->user.login, &id)) {
			rc = store_failed(r, rs);
		} else {
			char *obj = xasprintf("action %ld", id);
			audit(r, "action.create", obj, a.title);
			free(obj);
			char *loc = xasprintf("/actions/%ld", id);
			resp_redirect(rs, loc);
			free(loc);
		}
	}
	action_release(&a);
	act_release(&c);
	return rc;
}

/* Loads the action of the path; answers 404/403 itself and returns -1. */
static int load_action(struct req *r, struct resp *rs, struct act *c, struct action *a)
{
	long id;
	action_init(a);
	if (param_id(r, &id)) {
		not_found(r, rs);
		return -1;
	}
	if (act_load(c, r)) {
		store_failed(r, rs);
		return -1;
	}
	int rc = r->st->ops->action->get(r->st, id, a);
	if (rc == ERR_NOT_FOUND || (rc == 0 && !act_in_scope(c, a->unit_id))) {
		/*
		 * Another unit's action is 403, an unknown id 404: ids are random
		 * 63-bit numbers, so telling the two apart gives a guesser nothing.
		 */
		if (rc == 0)
			no_access(r, rs);
		else
			not_found(r, rs);
		action_release(a);
		act_release(c);
		return -1;
	}
	if (rc) {
		store_failed(r, rs);
		action_release(a);
		act_release(c);
		return -1;
	}
	return 0;
}

/*
 * The workshop an action came out of: its day, linked to its screen for
 * those who may open it (staff, and the unit's manager).
 */
static void workshop_line(struct hw *w, const struct act *c, const struct action *a)
{
	struct workshop ws;
	enum lang l = c->r->lang;

	if (!a->workshop_id || !c->r->st->ops->workshop ||
	    c->r->st->ops->workshop->get(c->r->st, a->workshop_id, &ws))
		return;
	HW_LIT(w, "<dt>");
	hw_text(w, T(l, "From the workshop"));
	HW_LIT(w, "</dt><dd>");
	enum role role = c->r->user.role;
	int open = role == ROLE_ADMIN || role == ROLE_ADVISOR || role == ROLE_HR ||
		   (role == ROLE_MANAGER && act_in_scope(c, ws.unit_id));
	if (open) {
		HW_LIT(w, "<a");
		hw_attrf(w, "href", "/workshops/%ld", ws.id);
		HW_LIT(w, ">");
	}
	char *t = tmpl_fill(T(l, "Team workshop of {1}"), ws.created, NULL);
	hw_text(w, t);
	free(t);
	if (open)
		HW_LIT(w, "</a>");
	HW_LIT(w, "</dd>");
}

static void facts(struct hw *w, const struct act *c, const struct action *a)
{
	enum lang l = c->r->lang;
	HW_LIT(w, "<dl class=\"facts\"><dt>");
	hw_text(w, T(l, "Unit"));
	HW_LIT(w, "</dt><dd>");
	if (a->unit_id) {
		HW_LIT(w, "<a");
		hw_attrf(w, "href", "/actions/unit/%ld", a->unit_id);
		HW_LIT(w, ">");
		hw_text(w, act_unit_name(c, a->unit_id));
		HW_LIT(w, "</a>");
	} else {
		hw_text(w, act_unit_name(c, 0));
	}
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Theme"));
	HW_LIT(w, "</dt><dd>");
	hw_text(w, act_scale_name(c, a->theme));
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Level"));
	HW_LIT(w, "</dt><dd>");
	hw_text(w, iglo_name(a->level, l));
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Owner"));
	HW_LIT(w, "</dt><dd>");
	hw_text(w, a->owner && *a->owner ? a->owner : "–");
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Due date"));
	HW_LIT(w, "</dt><dd>");
	hw_text(w, a->due && *a->due ? a->due : "–");
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Year of the action plan"));
	HW_LIT(w, "</dt><dd>");
	hw_textf(w, "%d", a->year);
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Status"));
	HW_LIT(w, "</dt><dd>");
	act_status_cell(w, c, a);
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Approved by management"));
	HW_LIT(w, "</dt><dd>");
	day_text(w, a->approved);
	HW_LIT(w, "</dd><dt>");
	hw_text(w, T(l, "Communicated to employees"));
	HW_LIT(w, "</dt><dd>");
	day_text(w, a->communicated);
	HW_LIT(w, "</dd>");
	workshop_line(w, c, a);
	HW_LIT(w, "</dl>");
	if (a->description && *a->description) {
		HW_LIT(w, "<p class=\"description\">");
		hw_text(w, a->description);
		HW_LIT(w, "</p>");
	}
}

static void history_section(struct hw *w, const struct act *c, long id)
{
	struct store_action_event *e = NULL;
	size_t n = 0;
	enum lang l = c->r->lang;
	if (c->r->st->ops->action->history(c->r->st, id, &e, &n))
		return;
	HW_LIT(w, "<section><h2>");
	hw_text(w, T(l, "History"));
	HW_LIT(w, "</h2><ol class=\"history\">");
	for (size_t i = 0; i < n; i++) {
		HW_LIT(w, "<li>");
		day_text(w, e[i].at);
		HW_LIT(w, " · ");
		hw_text(w, e[i].approval ? T(l, "approved by management") :
					  action_status_name(e[i].status, l));
		HW_LIT(w, " · ");
		hw_text(w, e[i].user);
		if (e[i].note && *e[i].note) {
			act_colon(w, l);
			hw_text(w, e[i].note);
		}
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "</ol></section>");
	store_action_events_free(e, n);
}

static void status_form(struct hw *w, const struct act *c, const struct action *a)
{
	enum lang l = c->r->lang;
	int any = 0;
	for (int s = 0; s < ACTION_STATUS_COUNT; s++)
		any |= action_status_allowed(a->status, (enum action_status)s) &&
		       !(a->status == ACTION_PROPOSED && s == ACTION_APPROVED);
	if (!any)
		return;
	HW_LIT(w, "<form method=\"post\" class=\"stack\"");
	hw_attrf(w, "action", "/actions/%ld/status", a->id);
	HW_LIT(w, "><h2>");
	hw_text(w, T(l, "Change the status"));
	HW_LIT(w, "</h2>");
	page_csrf_field(w, c->r);
	HW_LIT(w, "<label for=\"s-status\">");
	hw_text(w, T(l, "New status"));
	HW_LIT(w, "</label><select id=\"s-status\" name=\"status\">");
	for (int s = 0; s < ACTION_STATUS_COUNT; s++)
		if (action_status_allowed(a->status, (enum action_status)s) &&
		    !(a->status == ACTION_PROPOSED && s == ACTION_APPROVED))
			option(w, action_status_code((enum action_status)s),
			       action_status_name((enum action_status)s, l), 0);
	HW_LIT(w, "</select><label for=\"s-note\">");
	hw_text(w, T(l, "Note (optional)"));
	HW_LIT(w, "</label><input id=\"s-note\" name=\"note\" maxlength=\"500\"><button "
		  "type=\"submit\">");
	hw_text(w, T(l, "Change the status"));
	HW_LIT(w, "</button></form>");
}

static void management_forms(struct hw *w, const struct act *c, const struct action *a)
{
	enum lang l = c->r->lang;
	if (a->status == ACTION_PROPOSED) {
		HW_LIT(w, "<form method=\"post\" class=\"stack\"");
		hw_attrf(w, "action", "/actions/%ld/approve", a->id);
		HW_LIT(w, "><h2>");
		hw_text(w, T(l, "Approve"));
		HW_LIT(w, "</h2>");
		page_csrf_field(w, c->r);
		HW_LIT(w, "<label for=\"ap-note\">");
		hw_text(w, T(l, "Decision (what management decided, with means and budget)"));
		HW_LIT(w, "</label><textarea id=\"ap-note\" name=\"note\" rows=\"2\" "
			  "maxlength=\"2000\"></textarea><button type=\"submit\">");
		hw_text(w, T(l, "Approve"));
		HW_LIT(w, "</button></form>");
	}
	if (a->approved) {
		HW_LIT(w, "<form method=\"post\" class=\"stack\"");
		hw_attrf(w, "action", "/actions/%ld/communicate", a->id);
		HW_LIT(w, "><h2>");
		hw_text(w, T(l, "'You said, we did'"));
		HW_LIT(w, "</h2>");
		page_csrf_field(w, c->r);
		if (a->communicated) {
			HW_LIT(w, "<input type=\"hidden\" name=\"publish\" value=\"0\"><p>");
			hw_text(w, T(l, "Employees see this action on 'you said, we did'."));
			HW_LIT(w, "</p><button type=\"submit\">");
			hw_text(w, T(l, "Take it off 'you said, we did'"));
		} else {
			HW_LIT(w, "<input type=\"hidden\" name=\"publish\" value=\"1\"><p>");
			hw_text(w, T(l, "Communicating publishes the action, its status and effect "
					"for employees on 'you said, we did'."));
			HW_LIT(w, "</p><button type=\"submit\">");
			hw_text(w, T(l, "Communicate"));
		}
		HW_LIT(w, "</button></form>");
	}
}

/* GET /actions/ID: the action, its effect, its history and its forms. */
int actions_view(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	struct hw w;
	enum lang l = r->lang;

	if (load_action(r, rs, &c, &a))
		return 0;
	const char *edit = form_get(&r->query, "edit");
	if (edit && can_write(&c, a.unit_id)) {
		int rc = action_form(r, rs, &c, &a, NULL, NULL);
		action_release(&a);
		act_release(&c);
		return rc;
	}
	const char *done = form_get(&r->query, "ok");
	hw_init(&w, &rs->body);
	page_begin(&w, r, a.title);
	HW_LIT(&w, "<p class=\"crumbs\"><a href=\"/actions\">");
	hw_text(&w, T(l, "Action plans"));
	HW_LIT(&w, "</a></p>");
	h1(&w, a.title);
	if (done)
		notice(&w, "ok", T(l, "Saved."));
	facts(&w, &c, &a);
	if (can_write(&c, a.unit_id)) {
		HW_LIT(&w, "<p class=\"actions\"><a class=\"button\"");
		hw_attrf(&w, "href", "/actions/%ld?edit=1", a.id);
		HW_LIT(&w, ">");
		hw_text(&w, T(l, "Change the action"));
		HW_LIT(&w, "</a></p>");
	}
	effect_section(&w, &c, &a);
	if (can_write(&c, a.unit_id))
		status_form(&w, &c, &a);
	if (can_approve(&c))
		management_forms(&w, &c, &a);
	history_section(&w, &c, a.id);
	page_end(&w, r);
	action_release(&a);
	act_release(&c);
	return page_finish(r, rs, &w);
}

static void redirect_to(struct resp *rs, long id)
{
	char *loc = xasprintf("/actions/%ld?ok=1", id);
	resp_redirect(rs, loc);
	free(loc);
}

/* POST /actions/ID: saves the edit form. */
int actions_update(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	const char *bad = NULL, *msg = NULL;
	int rc = 0;

	if (load_action(r, rs, &c, &a))
		return 0;
	if (!can_write(&c, a.unit_id)) {
		rc = no_access(r, rs);
	} else if (read_form(r, &a, &bad, &msg)) {
		rs->status = 422;
		rc = action_form(r, rs, &c, &a, bad, msg);
	} else if (validate_or_form(r, rs, &c, &a) == 0) {
		if (r->st->ops->action->update(r->st, &a, c.now)) {
			rc = store_failed(r, rs);
		} else {
			char *obj = xasprintf("action %ld", a.id);
			audit(r, "action.update", obj, a.title);
			free(obj);
			redirect_to(rs, a.id);
		}
	}
	action_release(&a);
	act_release(&c);
	return rc;
}

static int refuse(struct req *r, struct resp *rs, long id, const char *msg)
{
	char *back = xasprintf("/actions/%ld", id);
	int rc = page_message(r, rs, 409, T(r->lang, "Not possible"), msg, back,
			      T(r->lang, "Back to the action"));
	free(back);
	return rc;
}

static int note_ok(const char *note)
{
	return !note || (strlen(note) <= STORE_ACTION_MAX_NOTE && utf8_valid(note, strlen(note)));
}

/* POST /actions/ID/status: status=CODE&note=... */
int actions_status(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	enum action_status to;
	int rc = 0;

	if (load_action(r, rs, &c, &a))
		return 0;
	const char *s = form_get(&r->form, "status");
	const char *note = form_get(&r->form, "note");
	if (!can_write(&c, a.unit_id)) {
		rc = no_access(r, rs);
	} else if (!s || action_status_parse(str_from(s), &to) ||
		   !action_status_allowed(a.status, to) ||
		   (a.status == ACTION_PROPOSED && to == ACTION_APPROVED)) {
		rc = refuse(r, rs, a.id,
			    T(r->lang, "This action cannot move to that status. A proposed action "
				       "is approved by management."));
	} else if (!note_ok(note)) {
		rc = refuse(r, rs, a.id, T(r->lang, "The note is too long."));
	} else if (r->st->ops->action->set_status(r->st, a.id, to, c.now, r->user.login, note)) {
		rc = store_failed(r, rs);
	} else {
		char *obj = xasprintf("action %ld", a.id);
		audit(r, "action.status", obj, action_status_code(to));
		free(obj);
		redirect_to(rs, a.id);
	}
	action_release(&a);
	act_release(&c);
	return rc;
}

/* POST /actions/ID/approve: note=... (admins and advisors: the route says so). */
int actions_approve(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	int rc = 0;

	if (load_action(r, rs, &c, &a))
		return 0;
	const char *note = form_get(&r->form, "note");
	if (!can_approve(&c)) {
		rc = no_access(r, rs);
	} else if (a.status != ACTION_PROPOSED) {
		rc = refuse(r, rs, a.id, T(r->lang, "Only a proposed action can be approved."));
	} else if (!note_ok(note)) {
		rc = refuse(r, rs, a.id, T(r->lang, "The note is too long."));
	} else if ((rc = r->st->ops->action->approve(r->st, a.id, c.now, r->user.login, note))) {
		rc = rc == ERR_CONFLICT ?
			     refuse(r, rs, a.id,
				    T(r->lang, "Only a proposed action can be approved.")) :
			     store_failed(r, rs);
	} else {
		char *obj = xasprintf("action %ld", a.id);
		audit(r, "action.approve", obj, note ? note : "");
		free(obj);
		redirect_to(rs, a.id);
	}
	action_release(&a);
	act_release(&c);
	return rc;
}

/* POST /actions/ID/communicate: publish=1|0. Only approved actions are published. */
int actions_communicate(struct req *r, struct resp *rs)
{
	struct act c;
	struct action a;
	int rc = 0;

	if (load_action(r, rs, &c, &a))
		return 0;
	const char *p = form_get(&r->form, "publish");
	int publish = !p || strcmp(p, "0") != 0;
	if (!can_approve(&c)) {
		rc = no_access(r, rs);
	} else if (publish && (!a.approved || a.status == ACTION_DROPPED ||
			       a.status == ACTION_PROPOSED)) {
		rc = refuse(r, rs, a.id,
			    T(r->lang, "Only an approved action can be communicated."));
	} else if (r->st->ops->action->communicate(r->st, a.id, publish ? c.now : 0)) {
		rc = store_failed(r, rs);
	} else {
		char *obj = xasprintf("action %ld", a.id);
		audit(r, publish ? "action.communicate" : "action.uncommunicate", obj, "");
		free(obj);
		redirect_to(rs, a.id);
	}
	action_release(&a);
	act_release(&c);
	return rc;
}

/* ---- GET /actions/gpp ---- */

int actions_gpp(struct req *r, struct resp *rs)
{
	struct act c;
	struct hw w;
	struct gpp_plan g;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0, nids = 0;
	long *ids = NULL;
	enum lang l = r->lang;

	if (act_load(&c, r))
		return store_failed(r, rs);
	int first = c.ys.gpp_first_year ? c.ys.gpp_first_year : this_year();
	first = (int)query_long(r, "from", ACTION_MIN_YEAR, ACTION_MAX_YEAR - GPP_YEARS, first);
	store_action_filter_init(&f);
	f.year = first;
	f.year_to = first + GPP_YEARS - 1;
	if (r->user.role == ROLE_MANAGER) {
		ids = scope_ids(&c, &nids);
		f.unit_ids = ids;
		f.n_units = nids;
	}
	int rc = r->st->ops->action->list(r->st, &f, &a, &n);
	free(ids);
	if (rc) {
		act_release(&c);
		return store_failed(r, rs);
	}
	gpp_plan_build(&g, a, n, first, c.ins);
	char *fy = xasprintf("%d", first), *ly = xasprintf("%d", first + GPP_YEARS - 1);
	char *title = tmpl_fill(T(l, "Global prevention plan {1}–{2}"), fy, ly, NULL);
	hw_init(&w, &rs->body);
	page_begin(&w, r, title);
	h1(&w, title);
	free(title);
	free(fy);
	free(ly);
	HW_LIT(&w, "<p class=\"lead\">");
	hw_text(&w, T(l, "The five-year plan groups the actions of the yearly action plans by "
			 "theme. Each yearly plan goes to the prevention committee as a draft "
			 "by 1 November of the year before."));
	HW_LIT(&w, "</p><div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
	hw_attr(&w, "aria-label", T(l, "Global prevention plan"));
	HW_LIT(&w, "><table class=\"gpp\"><thead><tr><th scope=\"col\">");
	hw_text(&w, T(l, "Theme"));
	HW_LIT(&w, "</th>");
	for (int y = 0; y < GPP_YEARS; y++) {
		char d[11];
		action_date_format(action_jap_deadline(first + y), d);
		HW_LIT(&w, "<th scope=\"col\">");
		hw_textf(&w, "%d", first + y);
		HW_LIT(&w, "<br><span class=\"small\">");
		hw_text(&w, T(l, "draft by"));
		HW_LIT(&w, " ");
		hw_text(&w, d);
		HW_LIT(&w, "</span></th>");
	}
	HW_LIT(&w, "</tr></thead><tbody>");
	for (int t = 0; t < g.nthemes; t++) {
		HW_LIT(&w, "<tr><th scope=\"row\">");
		hw_text(&w, act_scale_name(&c, g.themes[t].theme));
		HW_LIT(&w, "</th>");
		for (int y = 0; y < GPP_YEARS; y++) {
			HW_LIT(&w, "<td class=\"num\">");
			if (g.themes[t].planned[y]) {
				char *pl = xasprintf("%d", g.themes[t].planned[y]);
				char *dn = xasprintf("%d", g.themes[t].done[y]);
				char *s = tmpl_fill(T(l, "{1} planned, {2} done"), pl, dn, NULL);
				hw_text(&w, s);
				free(s);
				free(pl);
				free(dn);
			} else {
				HW_LIT(&w, "–");
			}
			HW_LIT(&w, "</td>");
		}
		HW_LIT(&w, "</tr>");
	}
	HW_LIT(&w, "</tbody><tfoot><tr><th scope=\"row\">");
	hw_text(&w, T(l, "Total"));
	HW_LIT(&w, "</th>");
	for (int y = 0; y < GPP_YEARS; y++) {
		HW_LIT(&w, "<td class=\"num\">");
		hw_textf(&w, "%d", g.total[y]);
		HW_LIT(&w, "</td>");
	}
	HW_LIT(&w, "</tr></tfoot></table></div>");
	/* the actions themselves, by year and theme */
	for (int y = 0; y < GPP_YEARS; y++) {
		struct year_plan p;
		year_plan_build(&p, a, n, first + y, c.ins);
		HW_LIT(&w, "<section><h2>");
		hw_textf(&w, "%d", first + y);
		HW_LIT(&w, "</h2>");
		if (!p.ngroups) {
			HW_LIT(&w, "<p>");
			hw_text(&w, T(l, "No actions yet."));
			HW_LIT(&w, "</p>");
		}
		for (int k = 0; k < p.ngroups; k++) {
			HW_LIT(&w, "<h3>");
			hw_text(&w, act_scale_name(&c, p.groups[k].theme));
			HW_LIT(&w, " · ");
			hw_text(&w, iglo_name(p.groups[k].level, l));
			HW_LIT(&w, "</h3><ul>");
			for (int i = 0; i < p.groups[k].n; i++) {
				const struct action *x = &a[p.groups[k].idx[i]];
				HW_LIT(&w, "<li><a");
				hw_attrf(&w, "href", "/actions/%ld", x->id);
				HW_LIT(&w, ">");
				hw_text(&w, x->title);
				HW_LIT(&w, "</a> · ");
				hw_text(&w, act_unit_name(&c, x->unit_id));
				HW_LIT(&w, " · ");
				act_status_cell(&w, &c, x);
				HW_LIT(&w, "</li>");
			}
			HW_LIT(&w, "</ul>");
		}
		HW_LIT(&w, "</section>");
		year_plan_release(&p);
	}
	page_end(&w, r);
	gpp_plan_release(&g);
	store_actions_free(a, n);
	act_release(&c);
	return page_finish(r, rs, &w);
}

/* ---- GET /actions/plan.pdf and /actions/plan.xlsx ---- */

/*
 * The plan of ?year=Y (0 or absent with a unit: all years; else this
 * year) for ?unit=ID (absent: every unit in scope) as a download.
 */
static int plan_export(struct req *r, struct resp *rs, int pdf)
{
	struct act c;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0, nids = 0;
	long *ids = NULL;
	struct org_settings org;
	enum lang l = r->lang;

	if (act_load(&c, r))
		return store_failed(r, rs);
	long unit = query_long(r, "unit", 0, 0x7fffffffffffffffL, 0);
	int year = (int)query_long(r, "year", 0, ACTION_MAX_YEAR, unit ? 0 : this_year());
	if (year && year < ACTION_MIN_YEAR)
		year = 0;
	if (unit && (!act_unit(&c, unit) || !act_in_scope(&c, unit))) {
		act_release(&c);
		return no_access(r, rs);
	}
	store_action_filter_init(&f);
	f.year = year;
	f.unit_id = unit;
	if (!unit && r->user.role == ROLE_MANAGER) {
		ids = scope_ids(&c, &nids);
		f.unit_ids = ids;
		f.n_units = nids;
	}
	int rc = r->st->ops->action->list(r->st, &f, &a, &n);
	free(ids);
	if (rc || r->st->ops->org_get(r->st, &org)) {
		if (!rc)
			store_actions_free(a, n);
		act_release(&c);
		return store_failed(r, rs);
	}
	struct action_plan_src src = {
		.org_name = org.name,
		.year = year,
		.scope = unit ? act_unit_name(&c, unit) : T(l, "Whole organisation"),
		.rep = c.rep,
		.ins = c.ins,
		.st = r->st,
		.units = c.units,
		.nunits = c.nunits,
		.acts = a,
		.n = n,
		.now = c.now,
		.stall_days = c.ys.stall_days,
		.lang = l,
	};
	rc = pdf ? action_plan_pdf(&src, &rs->body) : action_plan_xlsx(&src, &rs->body);
	org_settings_release(&org);
	store_actions_free(a, n);
	act_release(&c);
	if (rc) {
		buf_reset(&rs->body);
		return page_message(r, rs, 500, T(l, "The action plan could not be made"),
				    T(l, "Try again in a moment; if it persists, tell your "
					 "administrator."),
				    "/actions", T(l, "Back to the action plans"));
	}
	audit(r, "action.export", unit ? "unit plan" : "yearly plan", pdf ? "pdf" : "xlsx");
	rs->content_type = pdf ? "application/pdf"
			       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (year)
		rs->disposition = xasprintf("attachment; filename=\"action-plan-%d%s.%s\"", year,
					    unit ? "-unit" : "", pdf ? "pdf" : "xlsx");
	else
		rs->disposition = xasprintf("attachment; filename=\"action-plan%s.%s\"",
					    unit ? "-unit" : "", pdf ? "pdf" : "xlsx");
	return 0;
}

int actions_plan_pdf(struct req *r, struct resp *rs)
{
	return plan_export(r, rs, 1);
}

int actions_plan_xlsx(struct req *r, struct resp *rs)
{
	return plan_export(r, rs, 0);
}
