/*
 * action_yousaid.c: 'you said, we did', the page every employee can open
 * to see what came of the survey: the published results (only what the
 * report model shows) and the actions management communicated, with their
 * status and effect, in the employee's language.
 *
 * Two ways in, each switched on or off by the administrator:
 *  - /s/TOKEN/yousaid: the employee's own invitation link, used or not, of
 *    an open or a closed wave; it adds the figures of the employee's unit
 *    when the report shows them. The server log cuts /s/ paths, and this
 *    page writes nothing, so nothing records who opened it.
 *  - /y/KEY: the organisation's public link with a random key (404 when
 *    the link is off or the key is wrong).
 * And /admin/yousaid, where the administrator sets both, draws a new key
 * and sets the first year of the global prevention plan and when an
 * action counts as stalled.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/action.h"
#include "report/charts.h"
#include "report/report.h"
#include "store/store_action.h"
#include "store/token.h"
#include "web/action.h"
#include "web.h"

/* As survey.c: unknown tokens count towards the same per-IP limit. */
#define YS_MAX_UNKNOWN 20
#define YS_WINDOW_SECONDS (10 * 60)

static int ys_not_found(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 404, T(r->lang, "Page not found"),
			    T(r->lang, "There is no page at this address. Check the link, or start "
				       "again from the start page."),
			    "/", T(r->lang, "Go to the start page"));
}

static int ys_unknown_token(struct req *r, struct resp *rs)
{
	unsigned n = ratelimit_hit(&r->app->limits, "token-ip", r->client_ip, ratelimit_now(),
				   YS_WINDOW_SECONDS);
	if (n <= YS_MAX_UNKNOWN)
		return ys_not_found(r, rs);
	return page_message(r, rs, 429, T(r->lang, "Too many unknown codes"),
			    T(r->lang, "Too many links or codes that we do not know came from "
				       "your connection. Wait ten minutes, then type the code "
				       "exactly as it is on your invitation. If it still does "
				       "not work, ask HR for a new invitation."),
			    "/", T(r->lang, "Enter a code"));
}

/* One published figure: the scale, the score, its zone and the change since last time. */
static void figure_row(struct hw *w, const struct report *rep, size_t wv, int u, int s,
		       enum lang l)
{
	struct scale_view v;
	char x[32];
	report_scale_view(rep, wv, u, s, &v);
	/* explicit roles: on a phone the rows are stacked by CSS, which drops table semantics */
	HW_LIT(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">");
	hw_text(w, text_get(&rep->ins.scales[s].name, l));
	HW_LIT(w, "</th>");
	if (!v.f.shown) {
		HW_LIT(w, "<td colspan=\"3\" role=\"cell\">");
		hw_text(w, T(l, "hidden to protect anonymity"));
		HW_LIT(w, "</td></tr>");
		return;
	}
	chart_format_score(x, sizeof(x), v.f.mean, l);
	HW_LIT(w, "<td class=\"num\" role=\"cell\">");
	hw_text(w, x);
	HW_LIT(w, "</td><td role=\"cell\">");
	hw_text(w, zone_word(v.f.zone, l));
	HW_LIT(w, "</td><td role=\"cell\" class=\"since\"");
	/* the column's name, shown before the words when the rows are stacked on a phone */
	char *label = xasprintf("%s%s", T(l, "Since the previous survey"),
				l == LANG_FR ? "\u00a0: " : ": ");
	hw_attr(w, "data-label", label);
	free(label);
	HW_LIT(w, ">");
	hw_text(w, v.has_prev ? verdict_text(v.vs_prev.verdict, l) : "–");
	HW_LIT(w, "</td></tr>");
}

static void results_table(struct hw *w, const struct report *rep, int u, const char *caption,
			  enum lang l)
{
	size_t wv = rep->nwaves - 1;
	int any = 0;
	for (int s = 0; s < rep->ins.nscales && !any; s++) {
		struct figure f;
		report_figure(rep, wv, u, s, &f);
		any = f.shown;
	}
	HW_LIT(w, "<h3>");
	hw_text(w, caption);
	HW_LIT(w, "</h3>");
	if (!any) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "No figures can be shown for this group: too few people answered "
				"to keep the answers anonymous."));
		HW_LIT(w, "</p>");
		return;
	}
	HW_LIT(w, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
	hw_attr(w, "aria-label", caption);
	HW_LIT(w, "><table class=\"yousaid-results\" role=\"table\"><thead role=\"rowgroup\">"
		  "<tr role=\"row\"><th scope=\"col\" role=\"columnheader\">");
	hw_text(w, T(l, "Theme"));
	HW_LIT(w, "</th><th scope=\"col\" role=\"columnheader\">");
	hw_text(w, T(l, "Score"));
	HW_LIT(w, "</th><th scope=\"col\" role=\"columnheader\">");
	hw_text(w, T(l, "Zone"));
	HW_LIT(w, "</th><th scope=\"col\" role=\"columnheader\">");
	hw_text(w, T(l, "Since the previous survey"));
	HW_LIT(w, "</th></tr></thead><tbody role=\"rowgroup\">");
	for (int s = 0; s < rep->ins.nscales; s++)
		figure_row(w, rep, wv, u, s, l);
	HW_LIT(w, "</tbody></table></div>");
}

static void action_item(struct hw *w, const struct act *c, const struct action *a)
{
	enum lang l = c->r->lang;
	HW_LIT(w, "<li class=\"yousaid-action\"><h4>");
	hw_text(w, a->title);
	HW_LIT(w, "</h4>");
	if (a->description && *a->description) {
		HW_LIT(w, "<p>");
		hw_text(w, a->description);
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "<p class=\"small\">");
	hw_text(w, act_scale_name(c, a->theme));
	HW_LIT(w, " · ");
	hw_text(w, iglo_name(a->level, l));
	if (a->due && *a->due) {
		HW_LIT(w, " · ");
		hw_text(w, T(l, "Due"));
		HW_LIT(w, " ");
		hw_text(w, a->due);
	}
	HW_LIT(w, "</p><p>");
	hw_text(w, T(l, "Status"));
	act_colon(w, l);
	HW_LIT(w, "<span");
	hw_attrf(w, "class", "status-tag st-%s", action_status_code(a->status));
	HW_LIT(w, ">");
	hw_text(w, action_status_name(a->status, l));
	HW_LIT(w, "</span> · ");
	hw_text(w, T(l, "Effect"));
	act_colon(w, l);
	act_effect_cell(w, c, a);
	HW_LIT(w, "</p></li>");
}

/*
 * The page: results of the newest closed wave (the organisation, and unit
 * unit_id when given and shown) and the communicated actions.
 */
static int yousaid_page(struct req *r, struct resp *rs, long unit_id)
{
	struct act c;
	struct hw w;
	struct store_action_filter f;
	struct action *a = NULL;
	size_t n = 0;
	enum lang l = r->lang;

	if (act_load(&c, r))
		return page_message(r, rs, 500, T(l, "Something went wrong"),
				    T(l, "This page could not be loaded. Try again in a moment."),
				    NULL, NULL);
	store_action_filter_init(&f);
	f.communicated = 1;
	if (r->st->ops->action->list(r->st, &f, &a, &n)) {
		act_release(&c);
		return page_message(r, rs, 500, T(l, "Something went wrong"),
				    T(l, "This page could not be loaded. Try again in a moment."),
				    NULL, NULL);
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "You said, we did"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(l, "You said, we did"));
	HW_LIT(&w, "</h1><p class=\"lead\">");
	hw_text(&w, T(l, "What you told us in the survey, and what we do with it."));
	HW_LIT(&w, "</p><section><h2>");
	hw_text(&w, T(l, "What you said"));
	HW_LIT(&w, "</h2>");
	if (!c.rep || !c.rep->nwaves) {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(l, "The results are published here once the survey has closed."));
		HW_LIT(&w, "</p>");
	} else {
		const struct report *rep = c.rep;
		int root = -1;
		for (size_t i = 0; i < rep->nunits && root < 0; i++)
			if (rep->parent[i] < 0)
				root = (int)i;
		HW_LIT(&w, "<p>");
		hw_text(&w, rep->waves[rep->nwaves - 1].wave.title);
		HW_LIT(&w, "</p>");
		if (root >= 0)
			results_table(&w, rep, root, T(l, "The whole organisation"), l);
		int u = unit_id ? report_unit_index(rep, unit_id) : -1;
		if (u >= 0 && u != root)
			results_table(&w, rep, u, T(l, "Your team"), l);
		char *k = xasprintf("%d", rep->org.min_group);
		char *s = tmpl_fill(T(l, "Figures are shown only for groups of at least {1} people, "
					 "so that nobody's answers can be recognised."),
				    k, NULL);
		HW_LIT(&w, "<p class=\"small\">");
		hw_text(&w, s);
		HW_LIT(&w, "</p>");
		free(s);
		free(k);
	}
	HW_LIT(&w, "</section><section><h2>");
	hw_text(&w, T(l, "What we did"));
	HW_LIT(&w, "</h2>");
	if (!n) {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(l, "The actions are published here once management has decided on "
				 "them."));
		HW_LIT(&w, "</p>");
	}
	/* the employee's own unit first, then the organisation as a whole, then the others */
	for (int pass = 0; pass < 3 && n; pass++) {
		int opened = 0;
		for (size_t i = 0; i < n; i++) {
			int own = unit_id && a[i].unit_id == unit_id;
			int org = a[i].unit_id == 0;
			if ((pass == 0 && !own) || (pass == 1 && !org) || (pass == 2 && (own || org)))
				continue;
			if (!opened) {
				HW_LIT(&w, "<h3>");
				hw_text(&w, pass == 0   ? T(l, "Your team")
					    : pass == 1 ? T(l, "The whole organisation")
							: T(l, "Other teams"));
				HW_LIT(&w, "</h3><ul class=\"yousaid-actions\">");
				opened = 1;
			}
			action_item(&w, &c, &a[i]);
		}
		if (opened)
			HW_LIT(&w, "</ul>");
	}
	HW_LIT(&w, "</section>");
	page_end(&w, r);
	store_actions_free(a, n);
	act_release(&c);
	return page_finish(r, rs, &w);
}

/*
 * GET /s/TOKEN/yousaid: with the employee's invitation link (used or not,
 * of any wave). Nothing is written about the visit.
 */
int yousaid_token(struct req *r, struct resp *rs)
{
	struct store_yousaid ys;
	struct invitation inv;
	uint8_t hash[TOKEN_HASH_BYTES];

	memset(&inv, 0, sizeof(inv));
	if (token_hash(r->param, hash) || r->st->ops->invitation_get(r->st, hash, &inv))
		return ys_unknown_token(r, rs);
	if (!r->lang_from_query)
		r->lang = inv.lang;
	long unit = inv.unit_id;
	invitation_release(&inv);
	if (r->st->ops->action->yousaid_get(r->st, &ys) || !ys.via_invitation)
		return ys_not_found(r, rs);
	return yousaid_page(r, rs, unit);
}

/* GET /y/KEY: the organisation's public link, when switched on. */
int yousaid_public(struct req *r, struct resp *rs)
{
	struct store_yousaid ys;
	if (r->st->ops->action->yousaid_get(r->st, &ys))
		return ys_not_found(r, rs);
	size_t kl = strlen(ys.key);
	/* compared in constant time: the key is the only thing that guards the page */
	if (!ys.via_public || kl == 0 || r->param.len != kl ||
	    sodium_memcmp(r->param.p, ys.key, kl) != 0)
		return ys_not_found(r, rs);
	return yousaid_page(r, rs, 0);
}

/* ---- /admin/yousaid ---- */

static int settings_form(struct req *r, struct resp *rs, const struct store_yousaid *ys,
			 const char *error, const char *ok)
{
	struct hw w;
	struct org_settings org;
	enum lang l = r->lang;
	const char *base = "";
	int have_org = r->st->ops->org_get(r->st, &org) == 0;
	if (have_org && org.base_url)
		base = org.base_url;

	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "'You said, we did' settings"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(l, "'You said, we did' settings"));
	HW_LIT(&w, "</h1>");
	if (error) {
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		hw_text(&w, error);
		HW_LIT(&w, "</p>");
	}
	if (ok) {
		HW_LIT(&w, "<p class=\"ok\" role=\"status\">");
		hw_text(&w, ok);
		HW_LIT(&w, "</p>");
	}
	HW_LIT(&w, "<form method=\"post\" action=\"/admin/yousaid\" class=\"stack\">");
	page_csrf_field(&w, r);
	HW_LIT(&w, "<label class=\"opt\"><input type=\"checkbox\" name=\"via_invitation\" "
		   "value=\"1\"");
	if (ys->via_invitation)
		HW_LIT(&w, " checked");
	HW_LIT(&w, "> ");
	hw_text(&w, T(l, "Employees open it with their invitation link (…/s/CODE/yousaid)"));
	HW_LIT(&w, "</label><label class=\"opt\"><input type=\"checkbox\" name=\"via_public\" "
		   "value=\"1\"");
	if (ys->via_public)
		HW_LIT(&w, " checked");
	HW_LIT(&w, "> ");
	hw_text(&w, T(l, "Anyone with the public link of the organisation can open it"));
	HW_LIT(&w, "</label><p>");
	hw_text(&w, T(l, "Public link"));
	act_colon(&w, l);
	HW_LIT(&w, "<code>");
	hw_text(&w, base);
	HW_LIT(&w, "/y/");
	hw_text(&w, ys->key);
	HW_LIT(&w, "</code></p><label class=\"opt\"><input type=\"checkbox\" name=\"new_key\" "
		   "value=\"1\"> ");
	hw_text(&w, T(l, "Make a new public link (the old one stops working)"));
	HW_LIT(&w, "</label><label for=\"gpp\">");
	hw_text(&w, T(l, "First year of the global prevention plan"));
	HW_LIT(&w, "</label><input id=\"gpp\" name=\"gpp_first_year\" type=\"number\" "
		   "min=\"2000\" max=\"2095\"");
	if (ys->gpp_first_year)
		hw_attrf(&w, "value", "%d", ys->gpp_first_year);
	HW_LIT(&w, "><label for=\"stall\">");
	hw_text(&w, T(l, "An action is stalled after this many days without a status change"));
	HW_LIT(&w, "</label><input id=\"stall\" name=\"stall_days\" type=\"number\" min=\"0\" "
		   "max=\"3650\"");
	hw_attrf(&w, "value", "%d", ys->stall_days ? ys->stall_days : ACTION_STALL_DAYS_DEFAULT);
	HW_LIT(&w, "><button type=\"submit\">");
	hw_text(&w, T(l, "Save"));
	HW_LIT(&w, "</button></form>");
	page_end(&w, r);
	if (have_org)
		org_settings_release(&org);
	return page_finish(r, rs, &w);
}

int yousaid_settings(struct req *r, struct resp *rs)
{
	struct store_yousaid ys;
	if (r->st->ops->action->yousaid_get(r->st, &ys))
		return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
				    T(r->lang, "The settings could not be read."), "/actions",
				    T(r->lang, "Back to the action plans"));
	return settings_form(r, rs, &ys, NULL, NULL);
}

int yousaid_settings_save(struct req *r, struct resp *rs)
{
	struct store_yousaid ys;
	const char *error = NULL;
	long year = 0, stall = 0;
	if (r->st->ops->action->yousaid_get(r->st, &ys))
		return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
				    T(r->lang, "The settings could not be read."), "/actions",
				    T(r->lang, "Back to the action plans"));
	const char *gy = form_get(&r->form, "gpp_first_year");
	const char *sd = form_get(&r->form, "stall_days");
	if (gy && *gy && str_to_long(str_trim(str_from(gy)), ACTION_MIN_YEAR,
				     ACTION_MAX_YEAR - GPP_YEARS, &year))
		error = T(r->lang, "The first year of the plan must be a year from 2000 to 2095.");
	if (sd && *sd && str_to_long(str_trim(str_from(sd)), 0, 3650, &stall))
		error = T(r->lang, "The number of days must be a whole number from 0 to 3650.");
	ys.via_invitation = form_get(&r->form, "via_invitation") != NULL;
	ys.via_public = form_get(&r->form, "via_public") != NULL;
	ys.gpp_first_year = (int)year;
	ys.stall_days = (int)stall;
	if (error) {
		rs->status = 422;
		return settings_form(r, rs, &ys, error, NULL);
	}
	int new_key = form_get(&r->form, "new_key") != NULL;
	if (r->st->ops->action->yousaid_set(r->st, &ys, new_key) ||
	    r->st->ops->action->yousaid_get(r->st, &ys))
		return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
				    T(r->lang, "The settings could not be saved."), "/actions",
				    T(r->lang, "Back to the action plans"));
	char *d = xasprintf("invitation %d, public %d%s", ys.via_invitation, ys.via_public,
			    new_key ? ", new key" : "");
	audit(r, "yousaid.settings", "settings", d);
	free(d);
	return settings_form(r, rs, &ys, NULL, T(r->lang, "Settings saved."));
}
