/*
 * workshop.c: the team workshop on a unit's results (docs/workshops.md).
 *
 * Two kinds of pages. The facilitator (the unit's manager, an advisor,
 * HR or an admin) starts a workshop from the unit's report and shows
 * /workshops/ID on a projector: the session code, the walls, the dots,
 * the brainstorm board and the phase controls; at the end they turn
 * chosen ideas into proposed actions of the unit's plan. Participants
 * have no account: they open /w, type the code and follow the phase on
 * their phone at /w/CODE.
 *
 * A participant's browser gets a random token in a cookie that is only
 * sent to that workshop's pages (Path=/w/CODE, SameSite=Strict). The
 * store keeps the token's hash and the dots used, nothing else: points,
 * dots and ideas are stored without anyone attached. Public POSTs carry a
 * form token derived from the cookie, since they have no session CSRF.
 * Unknown codes count as unknown survey links for the rate limiter, and
 * past its limit a code only works for browsers that joined already, so
 * guessing yields nothing.
 *
 * Every page works without JavaScript; static/workshop.js polls the small
 * JSON state endpoints every two seconds and votes without reloading.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <qrencode.h>
#include <sodium.h>

#include "core/action.h"
#include "core/action_library.h"
#include "core/workshop.h"
#include "report/report.h"
#include "store/store_action.h"
#include "store/store_workshop.h"
#include "web.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define WS_COOKIE "wsp"
#define WS_COOKIE_AGE (2 * 24 * 3600)
#define WS_VALID_DAYS 1          /* a code works on its day and the next */
#define WS_MAX_POINTS 8          /* report points taken to the walls */
#define WS_UNKNOWN_MAX 20        /* shared with survey links: unknown codes per IP */
#define WS_UNKNOWN_WINDOW (10 * 60)
#define WS_LIB_MAX 6             /* library suggestions shown per theme */
#define WS_FORM_TOKEN_HEX 32

/* ------------------------------------------------------------ the workshop as pages see it */

struct wsview {
	struct workshop w;
	struct ws_item *items;
	size_t nitems;
	struct ws_idea *ideas;
	size_t nideas;
	const struct instrument *ins; /* of the workshop's wave, or NULL */
	char *unit_name;
};

static void wsview_release(struct wsview *v)
{
	ws_items_free(v->items, v->nitems);
	ws_ideas_free(v->ideas, v->nideas);
	free(v->unit_name);
	memset(v, 0, sizeof(*v));
}

static int store_error(struct req *r, struct resp *rs)
{
	fprintf(stderr, "store error: %s\n", r->st->err.msg);
	return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			    T(r->lang, "The data could not be read or saved. Nothing was changed. "
				       "Try again in a moment; if it persists, tell your "
				       "administrator."),
			    NULL, NULL);
}

static int json_reply(struct resp *rs, int status, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(o);
	buf_reset(&rs->body);
	rs->status = status;
	rs->content_type = JSON_TYPE;
	if (s)
		buf_puts(&rs->body, s);
	free(s);
	return 0;
}

static int json_error(struct resp *rs, int status, const char *msg)
{
	json_t *o = json_object();
	json_object_set_new(o, "error", json_string(msg));
	return json_reply(rs, status, o);
}

/* 1 when the POST came from workshop.js (?js=1): answer in JSON, not a page. */
static int wants_json(const struct req *r)
{
	const char *j = form_get(&r->query, "js");
	return j && strcmp(j, "1") == 0;
}

/* An id as text: ids are 63-bit and JavaScript numbers are not. */
static json_t *json_id(long id)
{
	char b[24];
	snprintf(b, sizeof(b), "%ld", id);
	return json_string(b);
}

static long today_days(void)
{
	return action_day_of((int64_t)time(NULL));
}

/*
 * Whether the logged-in user may run workshops for unit_id, given the
 * units in pre-order (u, n): managers for their unit and the units below
 * it, the staff roles for every unit. Returns 1 (allowed), 0 (not
 * allowed) or ERR_NOT_FOUND (no such unit); *k (may be NULL) gets its index.
 */
static int unit_allowed_in(const struct req *r, const struct unit *u, size_t n, long unit_id,
			   size_t *k)
{
	size_t at = n, mine = n;
	for (size_t i = 0; i < n; i++) {
		if (u[i].id == unit_id)
			at = i;
		if (r->user.role == ROLE_MANAGER && u[i].id == r->user.unit_id)
			mine = i;
	}
	if (at == n)
		return ERR_NOT_FOUND;
	if (k)
		*k = at;
	if (r->user.role != ROLE_MANAGER)
		return 1;
	if (mine == n)
		return 0;
	/* pre-order: the subtree of mine is the run of deeper units after it */
	size_t e = mine + 1;
	while (e < n && u[e].depth > u[mine].depth)
		e++;
	return at >= mine && at < e;
}

/* unit_allowed_in() on the stored units; *name (may be NULL) gets a copy of its name. */
static int unit_allowed(struct req *r, long unit_id, char **name)
{
	struct unit *u = NULL;
	size_t n = 0, k = 0;
	int rc = r->st->ops->units_list(r->st, &u, &n);
	if (rc)
		return rc;
	rc = unit_allowed_in(r, u, n, unit_id, &k);
	if (rc >= 0 && name)
		*name = xstrdup(u[k].name ? u[k].name : "");
	units_free(u, n);
	return rc;
}

/* The instrument of the workshop's wave (cached by the server), or NULL. */
static const struct instrument *wave_instrument(struct req *r, long wave_id)
{
	struct wave wv;
	if (!wave_id || r->st->ops->wave_get(r->st, wave_id, &wv))
		return NULL;
	const struct instrument *ins = app_instrument(r->app, r->st, wv.instrument_id);
	wave_release(&wv);
	return ins;
}

static int scale_index(const struct instrument *ins, const char *id)
{
	for (int s = 0; ins && id && s < ins->nscales; s++)
		if (strcmp(ins->scales[s].id, id) == 0)
			return s;
	return -1;
}

/* What an item says: the scale's name for report points, the text for own points. */
static const char *item_title(const struct wsview *v, const struct ws_item *it, enum lang l)
{
	if (it->kind == WS_ITEM_OWN)
		return it->text;
	int s = scale_index(v->ins, it->scale);
	return s >= 0 ? text_get(&v->ins->scales[s].name, l) : it->scale;
}

/* The report's reason for a report point ("" for own points). */
static const char *item_note(const struct ws_item *it, enum lang l)
{
	return it->kind == WS_ITEM_OWN ? "" : T(l, it->text);
}

static const struct ws_item *find_item(const struct wsview *v, long id)
{
	for (size_t i = 0; i < v->nitems; i++)
		if (v->items[i].id == id)
			return &v->items[i];
	return NULL;
}

/* Loads items and ideas (and the instrument, the unit name) into v; v->w is set. */
static int wsview_fill(struct req *r, struct wsview *v)
{
	struct store *st = r->st;
	int rc = st->ops->workshop->items(st, v->w.id, &v->items, &v->nitems);
	if (!rc)
		rc = st->ops->workshop->ideas(st, v->w.id, &v->ideas, &v->nideas);
	if (rc)
		return rc;
	v->ins = wave_instrument(r, v->w.wave_id);
	if (!v->unit_name) {
		struct unit *u = NULL;
		size_t n = 0;
		if (st->ops->units_list(st, &u, &n) == 0) {
			for (size_t i = 0; i < n && !v->unit_name; i++)
				if (u[i].id == v->w.unit_id)
					v->unit_name = xstrdup(u[i].name ? u[i].name : "");
			units_free(u, n);
		}
		if (!v->unit_name)
			v->unit_name = xstrdup("");
	}
	return 0;
}

/* 1 when the workshop's code no longer works by its age (its day and the next). */
static int code_expired(const struct workshop *w)
{
	long created = 0;
	return action_date_parse(str_from(w->created), &created) == 0 &&
	       today_days() - created > WS_VALID_DAYS;
}

/* The chosen themes, the number written to out (at most max). */
static size_t chosen_items(const struct wsview *v, const struct ws_item **out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < v->nitems && k < max; i++)
		if (v->items[i].chosen)
			out[k++] = &v->items[i];
	return k;
}

/* ------------------------------------------------------------ shared page parts */

static void h1(struct hw *w, const char *s)
{
	HW_LIT(w, "<h1>");
	hw_text(w, s);
	HW_LIT(w, "</h1>");
}

/* The phases as steps, the current one marked. */
static void phase_steps(struct hw *w, enum workshop_phase cur, enum lang l)
{
	HW_LIT(w, "<ol class=\"ws-steps\"");
	hw_attr(w, "aria-label", T(l, "Steps of the workshop"));
	HW_LIT(w, ">");
	for (int p = WS_WALLS; p < WS_PHASE_COUNT; p++) {
		if (p == (int)cur)
			HW_LIT(w, "<li aria-current=\"step\">");
		else
			HW_LIT(w, "<li>");
		hw_text(w, workshop_phase_name((enum workshop_phase)p, l));
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "</ol>");
}

static void questions(struct hw *w, enum workshop_phase p, enum lang l)
{
	size_t idx[16];
	size_t n = workshop_questions_of(p, idx, ARRAY_SIZE(idx));
	if (n > ARRAY_SIZE(idx))
		n = ARRAY_SIZE(idx);
	if (!n)
		return;
	HW_LIT(w, "<section class=\"ws-questions\"><h2>");
	hw_text(w, T(l, "Questions to talk about"));
	HW_LIT(w, "</h2><ul>");
	for (size_t i = 0; i < n; i++) {
		HW_LIT(w, "<li>");
		hw_text(w, workshop_question_text(idx[i], l));
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "</ul></section>");
}

static void item_li(struct hw *w, const struct wsview *v, const struct ws_item *it, enum lang l,
		    int votes)
{
	HW_LIT(w, "<li><strong>");
	hw_text(w, item_title(v, it, l));
	HW_LIT(w, "</strong>");
	const char *note = item_note(it, l);
	if (*note) {
		HW_LIT(w, " ");
		hw_text(w, note);
	}
	if (votes) {
		HW_LIT(w, " <span class=\"ws-dots\"");
		hw_attrf(w, "data-votes", "%ld", it->id);
		HW_LIT(w, ">");
		hw_textf(w, "%ld", it->votes);
		HW_LIT(w, "</span><span class=\"vh\"> ");
		hw_text(w, T(l, "dots"));
		HW_LIT(w, "</span>");
	}
	HW_LIT(w, "</li>");
}

/* The 'jubelmuur', the 'klaagmuur' and the own points (live list). */
static void walls(struct hw *w, const struct wsview *v, enum lang l, int votes)
{
	HW_LIT(w, "<div class=\"walls\">");
	for (int kind = WS_ITEM_STRENGTH; kind <= WS_ITEM_OWN; kind++) {
		HW_LIT(w, "<section");
		hw_attr(w, "class", kind == WS_ITEM_STRENGTH    ? "wall strengths"
				    : kind == WS_ITEM_ATTENTION ? "wall attention"
								: "wall own");
		HW_LIT(w, "><h2>");
		hw_text(w, kind == WS_ITEM_OWN ? T(l, "Points from the team")
					       : workshop_wall_name(kind == WS_ITEM_STRENGTH
									    ? WALL_STRENGTHS
									    : WALL_ATTENTION,
								    l));
		HW_LIT(w, "</h2><ul");
		if (kind == WS_ITEM_OWN)
			hw_attr(w, "data-list", "own");
		HW_LIT(w, ">");
		int any = 0;
		for (size_t i = 0; i < v->nitems; i++)
			if (v->items[i].kind == kind) {
				item_li(w, v, &v->items[i], l, votes);
				any = 1;
			}
		HW_LIT(w, "</ul>");
		if (!any && kind != WS_ITEM_OWN) {
			HW_LIT(w, "<p class=\"small\">");
			hw_text(w, kind == WS_ITEM_STRENGTH
					   ? T(l, "No scale stands out in a good way.")
					   : T(l, "No scale stands out as a point of attention."));
			HW_LIT(w, "</p>");
		}
		HW_LIT(w, "</section>");
	}
	HW_LIT(w, "</div>");
}

/* The four IGLO columns of one theme with its ideas (live lists). */
static void board(struct hw *w, const struct wsview *v, const struct ws_item *theme, enum lang l)
{
	HW_LIT(w, "<div class=\"ws-board\">");
	for (int lv = 0; lv < IGLO_COUNT; lv++) {
		HW_LIT(w, "<section class=\"ws-col\"><h3>");
		hw_text(w, iglo_name((enum iglo_level)lv, l));
		HW_LIT(w, "</h3><ul");
		hw_attrf(w, "data-ideas", "%ld:%d", theme->id, lv);
		HW_LIT(w, ">");
		for (size_t i = 0; i < v->nideas; i++)
			if (v->ideas[i].item_id == theme->id && v->ideas[i].level == lv) {
				HW_LIT(w, "<li>");
				hw_text(w, v->ideas[i].text);
				HW_LIT(w, "</li>");
			}
		HW_LIT(w, "</ul></section>");
	}
	HW_LIT(w, "</div>");
}

/* Up to WS_LIB_MAX actions of the library for a theme (and query), in l. */
static void library(struct hw *w, const char *scale, const char *query,
		    enum lang l, const char *use_form_code, const char *ft, long item_id)
{
	struct action_library lib;
	struct diag d = {0};
	if (action_library_load_default(&lib, NULL, &d)) {
		fprintf(stderr, "action library: %s\n", d.msg);
		return;
	}
	int idx[WS_LIB_MAX];
	size_t n = action_library_search(&lib, str_from(query ? query : ""), l,
					 str_from(scale ? scale : ""), -1, idx, WS_LIB_MAX);
	if (n > WS_LIB_MAX)
		n = WS_LIB_MAX;
	HW_LIT(w, "<section class=\"ws-lib\"><h3>");
	hw_text(w, T(l, "From the action library"));
	HW_LIT(w, "</h3>");
	if (!n) {
		HW_LIT(w, "<p class=\"small\">");
		hw_text(w, T(l, "No action in the library matches."));
		HW_LIT(w, "</p>");
	} else {
		HW_LIT(w, "<ul>");
	}
	for (size_t i = 0; i < n; i++) {
		const struct lib_action *a = &lib.actions[idx[i]];
		HW_LIT(w, "<li><strong>");
		hw_text(w, text_get(&a->title, l));
		HW_LIT(w, "</strong> <span class=\"small\">(");
		hw_text(w, iglo_name(a->level, l));
		if (a->quick_win) {
			HW_LIT(w, ", ");
			hw_text(w, T(l, "quick win"));
		}
		HW_LIT(w, ")</span> ");
		hw_text(w, text_get(&a->description, l));
		if (use_form_code) {
			/* A participant can take it over as an idea in one tap. */
			HW_LIT(w, "<form method=\"post\" class=\"inline ws-js\"");
			hw_attrf(w, "action", "/w/%s", use_form_code);
			HW_LIT(w, "><input type=\"hidden\" name=\"do\" value=\"idea\">"
				  "<input type=\"hidden\" name=\"ft\"");
			hw_attr(w, "value", ft);
			HW_LIT(w, "><input type=\"hidden\" name=\"item\"");
			hw_attrf(w, "value", "%ld", item_id);
			HW_LIT(w, "><input type=\"hidden\" name=\"level\"");
			hw_attr(w, "value", iglo_code(a->level));
			HW_LIT(w, "><input type=\"hidden\" name=\"text\"");
			hw_attr(w, "value", text_get(&a->title, l));
			HW_LIT(w, "><button type=\"submit\" class=\"link\">");
			hw_text(w, T(l, "Add as an idea"));
			HW_LIT(w, "</button></form>");
		}
		HW_LIT(w, "</li>");
	}
	if (n)
		HW_LIT(w, "</ul>");
	HW_LIT(w, "</section>");
	action_library_release(&lib);
}

/* The QR code of url as inline SVG: one path of dark runs, a quiet zone of 4. */
static void qr_svg(struct hw *w, const char *url, const char *label)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return;
	int n = qr->width, size = n + 8;
	struct buf d = BUF_INIT(1024 * 1024);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n;) {
			if (!(qr->data[y * n + x] & 1)) {
				x++;
				continue;
			}
			int s = x;
			while (x < n && (qr->data[y * n + x] & 1))
				x++;
			buf_printf(&d, "M%d %dh%dv1h-%dz", s + 4, y + 4, x - s, x - s);
		}
	QRcode_free(qr);
	HW_LIT(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ws-qr\" role=\"img\"");
	hw_attrf(w, "viewbox", "0 0 %d %d", size, size); /* the HTML parser restores viewBox */
	hw_attr(w, "aria-label", label);
	HW_LIT(w, "><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\"");
	hw_attr(w, "d", buf_cstr(&d));
	HW_LIT(w, "/></svg>");
	buf_release(&d);
}

/* The public address of this server (the setting, else the address it listens on). */
static char *base_url(struct req *r)
{
	struct org_settings org;
	char *b = NULL;
	if (r->st->ops->org_get(r->st, &org) == 0) {
		if (org.base_url && *org.base_url) {
			size_t n = strlen(org.base_url);
			while (n && org.base_url[n - 1] == '/')
				n--;
			b = xstrndup(org.base_url, n);
		}
		org_settings_release(&org);
	}
	return b ? b : xasprintf("http://127.0.0.1:%u", (unsigned)r->app->port);
}

/* ------------------------------------------------------------ state as JSON */

static const char *kind_code(int kind)
{
	return kind == WS_ITEM_STRENGTH ? "strength" : kind == WS_ITEM_ATTENTION ? "attention" : "own";
}

/*
 * The state pages poll: phase, participants, items and ideas. Votes are
 * shown to participants only once voting is over (a running count steers
 * the vote); dots_left < 0 leaves it out.
 */
static json_t *state_json(const struct wsview *v, enum lang l, int show_votes, int dots_left)
{
	json_t *o = json_object(), *items = json_array(), *ideas = json_array();
	json_object_set_new(o, "phase", json_string(workshop_phase_code(v->w.phase)));
	json_object_set_new(o, "participants", json_integer(v->w.participants));
	if (dots_left >= 0)
		json_object_set_new(o, "dots_left", json_integer(dots_left));
	for (size_t i = 0; i < v->nitems; i++) {
		const struct ws_item *it = &v->items[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_id(it->id));
		json_object_set_new(j, "kind", json_string(kind_code(it->kind)));
		json_object_set_new(j, "title", json_string(item_title(v, it, l)));
		json_object_set_new(j, "note", json_string(item_note(it, l)));
		json_object_set_new(j, "chosen", json_boolean(it->chosen));
		if (show_votes)
			json_object_set_new(j, "votes", json_integer(it->votes));
		json_array_append_new(items, j);
	}
	for (size_t i = 0; i < v->nideas; i++) {
		const struct ws_idea *d = &v->ideas[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_id(d->id));
		json_object_set_new(j, "item", json_id(d->item_id));
		json_object_set_new(j, "level", json_integer(d->level));
		json_object_set_new(j, "text", json_string(d->text));
		json_object_set_new(j, "chosen", json_boolean(d->chosen));
		json_array_append_new(ideas, j);
	}
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "ideas", ideas);
	return o;
}

/* ------------------------------------------------------------ facilitator */

/*
 * Loads the workshop of r->param for a facilitator: 404 when unknown, 403
 * outside a manager's units. Returns 0, or -1 with the answer in rs.
 */
static int facilitator_load(struct req *r, struct resp *rs, struct wsview *v, int as_json)
{
	enum lang l = r->lang;
	long id;
	memset(v, 0, sizeof(*v));
	int rc = str_to_long(r->param, 1, 0x7fffffffffffffffL, &id) ? ERR_NOT_FOUND
								    : r->st->ops->workshop->get(r->st, id, &v->w);
	if (rc == ERR_NOT_FOUND) {
		if (as_json)
			json_error(rs, 404, T(l, "There is no workshop at this address."));
		else
			page_message(r, rs, 404, T(l, "Workshop not found"),
				     T(l, "There is no workshop at this address."), "/workshops",
				     T(l, "All workshops"));
		return -1;
	}
	if (rc) {
		store_error(r, rs);
		return -1;
	}
	rc = unit_allowed(r, v->w.unit_id, &v->unit_name);
	if (rc == 0 || rc == ERR_NOT_FOUND) {
		if (as_json)
			json_error(rs, 403, T(l, "You can run workshops for the units you lead."));
		else
			page_message(r, rs, 403, T(l, "No access"),
				     T(l, "You can run workshops for the units you lead and the "
					  "units below them."),
				     "/workshops", T(l, "All workshops"));
		wsview_release(v);
		return -1;
	}
	if (rc < 0 || wsview_fill(r, v)) {
		wsview_release(v);
		store_error(r, rs);
		return -1;
	}
	return 0;
}

int workshops_list(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct workshop *ws = NULL;
	struct unit *u = NULL;
	size_t n = 0, nu = 0;
	struct hw w;

	if (r->st->ops->workshop->list(r->st, &ws, &n) ||
	    r->st->ops->units_list(r->st, &u, &nu)) {
		free(ws);
		return store_error(r, rs);
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Workshops"));
	h1(&w, T(l, "Workshops"));
	HW_LIT(&w, "<p class=\"lead\">");
	hw_text(&w, T(l, "Discuss a team's results with the team: the strengths and attention "
			 "points of the report, dot voting on what matters most, a brainstorm "
			 "on four levels, and actions for the team's plan."));
	HW_LIT(&w, "</p><p><a class=\"button primary\" href=\"/workshops/new\">");
	hw_text(&w, T(l, "Start a workshop"));
	HW_LIT(&w, "</a></p>");
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		if (unit_allowed_in(r, u, nu, ws[i].unit_id, NULL) != 1)
			continue;
		if (!any) {
			HW_LIT(&w, "<table class=\"data\"><thead><tr><th scope=\"col\">");
			hw_text(&w, T(l, "Unit"));
			HW_LIT(&w, "</th><th scope=\"col\">");
			hw_text(&w, T(l, "Date"));
			HW_LIT(&w, "</th><th scope=\"col\">");
			hw_text(&w, T(l, "Step"));
			HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
			hw_text(&w, T(l, "Participants"));
			HW_LIT(&w, "</th></tr></thead><tbody>");
		}
		any = 1;
		const char *name = "";
		for (size_t k = 0; k < nu; k++)
			if (u[k].id == ws[i].unit_id)
				name = u[k].name;
		HW_LIT(&w, "<tr><td><a");
		hw_attrf(&w, "href", "/workshops/%ld", ws[i].id);
		HW_LIT(&w, ">");
		hw_text(&w, name);
		HW_LIT(&w, "</a></td><td>");
		hw_text(&w, ws[i].created);
		HW_LIT(&w, "</td><td>");
		hw_text(&w, workshop_phase_name(ws[i].phase, l));
		HW_LIT(&w, "</td><td class=\"num\">");
		hw_number(&w, l, ws[i].participants);
		HW_LIT(&w, "</td></tr>");
	}
	if (any) {
		HW_LIT(&w, "</tbody></table>");
	} else {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(l, "No workshops yet."));
		HW_LIT(&w, "</p>");
	}
	page_end(&w, r);
	free(ws);
	units_free(u, nu);
	return page_finish(r, rs, &w);
}

int workshops_new(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct unit *u = NULL;
	size_t n = 0;
	struct hw w;
	long pick = 0;
	const char *q = form_get(&r->query, "unit");
	if (q && str_to_long(str_from(q), 1, 0x7fffffffL, &pick))
		pick = 0;
	if (pick) {
		int rc = unit_allowed(r, pick, NULL);
		if (rc == 0)
			return page_message(r, rs, 403, T(l, "No access"),
					    T(l, "You can run workshops for the units you lead and "
						 "the units below them."),
					    "/workshops", T(l, "All workshops"));
		if (rc != 1)
			pick = 0;
	}
	if (r->st->ops->units_list(r->st, &u, &n))
		return store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Start a workshop"));
	h1(&w, T(l, "Start a workshop"));
	HW_LIT(&w, "<form method=\"post\" action=\"/workshops\" class=\"stack narrow\">");
	page_csrf_field(&w, r);
	HW_LIT(&w, "<label for=\"ws-unit\">");
	hw_text(&w, T(l, "Team"));
	HW_LIT(&w, "</label><select id=\"ws-unit\" name=\"unit\">");
	for (size_t i = 0; i < n; i++) {
		if (unit_allowed_in(r, u, n, u[i].id, NULL) != 1)
			continue;
		HW_LIT(&w, "<option");
		hw_attrf(&w, "value", "%ld", u[i].id);
		if (u[i].id == pick)
			HW_LIT(&w, " selected");
		HW_LIT(&w, ">");
		for (int d = 0; d < u[i].depth && d < 8; d++)
			HW_LIT(&w, "\u00a0\u00a0");
		hw_text(&w, u[i].name);
		HW_LIT(&w, "</option>");
	}
	HW_LIT(&w, "</select><label for=\"ws-dots\">");
	hw_text(&w, T(l, "Dots per participant"));
	HW_LIT(&w, "</label><input id=\"ws-dots\" name=\"dots\" type=\"number\" min=\"1\"");
	hw_attrf(&w, "max", "%d", WORKSHOP_MAX_DOTS);
	hw_attrf(&w, "value", "%d", WORKSHOP_DOTS_DEFAULT);
	HW_LIT(&w, "><p class=\"small\">");
	hw_text(&w, T(l, "The walls start from the strengths and attention points of the "
			 "team's latest report. Participants join on their phone with a short "
			 "code, without an account; nothing they add is linked to them."));
	HW_LIT(&w, "</p><button type=\"submit\" class=\"primary\">");
	hw_text(&w, T(l, "Start a workshop"));
	HW_LIT(&w, "</button></form>");
	page_end(&w, r);
	units_free(u, n);
	return page_finish(r, rs, &w);
}

/* The code's lookup hash: BLAKE2b of the canonical code. */
static void code_hash(const char *code, uint8_t out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)code, strlen(code), NULL, 0);
}

/*
 * The report's strengths and attention points of unit_id in the newest
 * closed wave, as items (texts borrowed from the report). Sets *wave_id.
 */
static size_t report_items(const struct report *rep, long unit_id, struct ws_item *out,
			   size_t max, long *wave_id)
{
	struct point pts[WS_MAX_POINTS];
	*wave_id = 0;
	if (!rep || rep->nwaves == 0)
		return 0;
	int u = report_unit_index(rep, unit_id);
	size_t w = rep->nwaves - 1;
	*wave_id = rep->waves[w].wave.id;
	if (u < 0)
		return 0;
	size_t n = report_points(rep, w, u, pts, max < WS_MAX_POINTS ? max : WS_MAX_POINTS);
	for (size_t i = 0; i < n; i++) {
		out[i].kind = pts[i].kind == POINT_STRENGTH ? WS_ITEM_STRENGTH : WS_ITEM_ATTENTION;
		out[i].scale = rep->ins.scales[pts[i].scale].id;
		out[i].text = (char *)pts[i].reason;
	}
	return n;
}

int workshops_create(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	long unit = 0, dots = 0;
	const char *us = form_get(&r->form, "unit"), *ds = form_get(&r->form, "dots");
	if (!us || str_to_long(str_from(us), 1, 0x7fffffffL, &unit) || !ds ||
	    str_to_long(str_from(ds), 1, WORKSHOP_MAX_DOTS, &dots)) {
		char *msg = xasprintf("%d", WORKSHOP_MAX_DOTS);
		char *t = tmpl_fill(T(l, "Choose a team and a number of dots from 1 to {1}."), msg,
				    NULL);
		page_message(r, rs, 400, T(l, "The workshop was not started"), t, "/workshops/new",
			     T(l, "Back to the form"));
		free(t);
		free(msg);
		return 0;
	}
	int rc = unit_allowed(r, unit, NULL);
	if (rc == ERR_NOT_FOUND)
		return page_message(r, rs, 400, T(l, "The workshop was not started"),
				    T(l, "That team does not exist."), "/workshops/new",
				    T(l, "Back to the form"));
	if (rc == 0)
		return page_message(r, rs, 403, T(l, "No access"),
				    T(l, "You can run workshops for the units you lead and the "
					 "units below them."),
				    "/workshops", T(l, "All workshops"));
	if (rc < 0)
		return store_error(r, rs);

	struct diag d = {0};
	int err = 0;
	const struct report *rep = app_report_get(r->app, r->st, &d, &err);
	if (!rep && err != ERR_NOT_FOUND)
		fprintf(stderr, "workshop: report: %s\n", d.msg);
	struct ws_item items[WS_MAX_POINTS];
	memset(items, 0, sizeof(items));
	struct workshop ws = {0};
	ws.unit_id = unit;
	ws.dots = (int)dots;
	ws.facilitator_id = r->user.id;
	size_t n = report_items(rep, unit, items, WS_MAX_POINTS, &ws.wave_id);
	rc = ERR_CONFLICT;
	for (int attempt = 0; attempt < 8 && rc == ERR_CONFLICT; attempt++) {
		uint8_t rnd[WORKSHOP_CODE_RANDOM_BYTES], h[32];
		char code[WORKSHOP_CODE_LEN + 1];
		randombytes_buf(rnd, sizeof(rnd));
		if (workshop_code_make(rnd, sizeof(rnd), code))
			continue;
		snprintf(ws.code, sizeof(ws.code), "%s", code);
		code_hash(code, h);
		rc = r->st->ops->workshop->create(r->st, &ws, h, items, n);
	}
	if (rep)
		app_report_put(r->app, rep);
	if (rc)
		return store_error(r, rs);
	char *obj = xasprintf("workshop %ld unit %ld", ws.id, unit);
	audit(r, "workshop.create", obj, "");
	free(obj);
	char *loc = xasprintf("/workshops/%ld", ws.id);
	resp_redirect(rs, loc);
	free(loc);
	return 0;
}

/* Next and back, and closing, as one form. */
static void phase_controls(struct hw *w, struct req *r, const struct wsview *v)
{
	enum lang l = r->lang;
	enum workshop_phase p = v->w.phase;
	HW_LIT(w, "<form method=\"post\" class=\"ws-controls\"");
	hw_attrf(w, "action", "/workshops/%ld/phase", v->w.id);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	if (p > WS_WALLS && p != WS_CLOSED) {
		HW_LIT(w, "<button type=\"submit\" name=\"to\"");
		hw_attr(w, "value", workshop_phase_code(p - 1));
		HW_LIT(w, ">");
		char *t = tmpl_fill(T(l, "Back to: {1}"), workshop_phase_name(p - 1, l), NULL);
		hw_text(w, t);
		free(t);
		HW_LIT(w, "</button> ");
	}
	if (p + 1 < WS_CLOSED) {
		HW_LIT(w, "<button type=\"submit\" class=\"primary\" name=\"to\"");
		hw_attr(w, "value", workshop_phase_code(p + 1));
		HW_LIT(w, ">");
		char *t = tmpl_fill(T(l, "Next: {1}"), workshop_phase_name(p + 1, l), NULL);
		hw_text(w, t);
		free(t);
		HW_LIT(w, "</button> ");
	}
	if (p != WS_CLOSED) {
		HW_LIT(w, "<button type=\"submit\" class=\"danger\" name=\"to\"");
		hw_attr(w, "value", workshop_phase_code(WS_CLOSED));
		HW_LIT(w, ">");
		hw_text(w, T(l, "End the workshop"));
		HW_LIT(w, "</button>");
	}
	HW_LIT(w, "</form>");
}

/* Voting: the items by dots, and the choice of themes for the brainstorm. */
static void votes_section(struct hw *w, struct req *r, const struct wsview *v)
{
	enum lang l = r->lang;
	size_t n = v->nitems;
	long *ids = xcalloc(n + 1, sizeof(long));
	struct vote *votes = xcalloc(n + 1, sizeof(struct vote));
	struct tally_row *rows = xcalloc(n + 1, sizeof(struct tally_row));
	for (size_t i = 0; i < n; i++) {
		ids[i] = v->items[i].id;
		votes[i].item = v->items[i].id;
		votes[i].dots = (int)(v->items[i].votes > 1000000 ? 1000000 : v->items[i].votes);
	}
	workshop_tally(ids, n, votes, n, rows);
	HW_LIT(w, "<section class=\"ws-vote\"><h2>");
	hw_text(w, T(l, "Dots so far"));
	HW_LIT(w, "</h2><form method=\"post\"");
	hw_attrf(w, "action", "/workshops/%ld/themes", v->w.id);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	HW_LIT(w, "<fieldset><legend>");
	char *lim = xasprintf("%d", WORKSHOP_MAX_THEMES);
	char *t = tmpl_fill(T(l, "Themes for the brainstorm (at most {1})"), lim, NULL);
	hw_text(w, t);
	free(t);
	free(lim);
	HW_LIT(w, "</legend><ul class=\"ws-tally\">");
	for (size_t i = 0; i < n; i++) {
		const struct ws_item *it = &v->items[rows[i].pos];
		HW_LIT(w, "<li><label><input type=\"checkbox\" name=\"item\"");
		hw_attrf(w, "value", "%ld", it->id);
		if (it->chosen)
			HW_LIT(w, " checked");
		HW_LIT(w, "> <span class=\"ws-dots\"");
		hw_attrf(w, "data-votes", "%ld", it->id);
		HW_LIT(w, ">");
		hw_textf(w, "%ld", it->votes);
		HW_LIT(w, "</span> ");
		hw_text(w, item_title(v, it, l));
		const char *note = item_note(it, l);
		if (*note) {
			HW_LIT(w, " <span class=\"small\">");
			hw_text(w, note);
			HW_LIT(w, "</span>");
		}
		HW_LIT(w, "</label></li>");
	}
	HW_LIT(w, "</ul></fieldset><button type=\"submit\">");
	hw_text(w, T(l, "Choose these themes"));
	HW_LIT(w, "</button><p class=\"small\">");
	hw_text(w, T(l, "Without a choice, the themes with the most dots go to the brainstorm."));
	HW_LIT(w, "</p></form></section>");
	free(ids);
	free(votes);
	free(rows);
}

/* The actions phase: ideas to tick, with a theme for ideas on own points. */
static void actions_section(struct hw *w, struct req *r, const struct wsview *v)
{
	enum lang l = r->lang;
	const struct ws_item *themes[WORKSHOP_MAX_ITEMS];
	size_t nt = chosen_items(v, themes, ARRAY_SIZE(themes));
	HW_LIT(w, "<section class=\"ws-actions\"><h2>");
	hw_text(w, T(l, "Turn ideas into actions"));
	HW_LIT(w, "</h2>");
	const char *made = form_get(&r->query, "made");
	if (made) {
		HW_LIT(w, "<p class=\"ok\" role=\"status\">");
		long k = 0;
		str_to_long(str_from(made), 0, 1000, &k);
		char *num = xasprintf("%ld", k);
		char *t = tmpl_fill(NT(l, "{1} proposed action added to the team's plan.",
				       "{1} proposed actions added to the team's plan.", k),
				    num, NULL);
		hw_text(w, t);
		free(t);
		free(num);
		HW_LIT(w, " <a");
		hw_attrf(w, "href", "/actions/unit/%ld", v->w.unit_id);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Open the team's action plan"));
		HW_LIT(w, "</a></p>");
	}
	HW_LIT(w, "<form method=\"post\"");
	hw_attrf(w, "action", "/workshops/%ld/actions", v->w.id);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	int any = 0;
	for (size_t t = 0; t < nt; t++) {
		const struct ws_item *it = themes[t];
		HW_LIT(w, "<fieldset><legend>");
		hw_text(w, item_title(v, it, l));
		HW_LIT(w, "</legend>");
		if (it->kind == WS_ITEM_OWN && v->ins) {
			HW_LIT(w, "<label");
			hw_attrf(w, "for", "theme-%ld", it->id);
			HW_LIT(w, ">");
			hw_text(w, T(l, "Theme of these actions"));
			HW_LIT(w, "</label><select");
			hw_attrf(w, "id", "theme-%ld", it->id);
			hw_attrf(w, "name", "theme_%ld", it->id);
			HW_LIT(w, ">");
			for (int s = 0; s < v->ins->nscales; s++) {
				HW_LIT(w, "<option");
				hw_attr(w, "value", v->ins->scales[s].id);
				HW_LIT(w, ">");
				hw_text(w, text_get(&v->ins->scales[s].name, l));
				HW_LIT(w, "</option>");
			}
			HW_LIT(w, "</select>");
		}
		HW_LIT(w, "<ul class=\"ws-pick\">");
		for (size_t i = 0; i < v->nideas; i++) {
			const struct ws_idea *d = &v->ideas[i];
			if (d->item_id != it->id)
				continue;
			any = 1;
			HW_LIT(w, "<li><label><input type=\"checkbox\" name=\"idea\"");
			hw_attrf(w, "value", "%ld", d->id);
			if (d->chosen)
				HW_LIT(w, " checked disabled");
			HW_LIT(w, "> <span class=\"small\">");
			hw_text(w, iglo_name((enum iglo_level)d->level, l));
			HW_LIT(w, ":</span> ");
			hw_text(w, d->text);
			if (d->chosen) {
				HW_LIT(w, " <span class=\"badge\">");
				hw_text(w, T(l, "in the plan"));
				HW_LIT(w, "</span>");
			}
			HW_LIT(w, "</label></li>");
		}
		HW_LIT(w, "</ul></fieldset>");
	}
	if (!any) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "There are no ideas yet. Go back to the brainstorm to collect them."));
		HW_LIT(w, "</p>");
	} else {
		HW_LIT(w, "<button type=\"submit\" class=\"primary\">");
		hw_text(w, T(l, "Add the ticked ideas to the team's plan as proposed actions"));
		HW_LIT(w, "</button><p class=\"small\">");
		hw_text(w, T(l, "They start as proposals: management approves them, then they are "
				"communicated to the team."));
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "</form></section>");
}

int workshop_screen(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct wsview v;
	struct hw w;
	if (facilitator_load(r, rs, &v, 0))
		return 0;
	char shown[WORKSHOP_CODE_LEN + 2];
	workshop_code_format(v.w.code, shown);
	char *base = base_url(r);
	char *join = xasprintf("%s/w", base);
	char *direct = xasprintf("%s/w/%s", base, v.w.code);

	hw_init(&w, &rs->body);
	char *title = tmpl_fill(T(l, "Workshop {1}"), v.unit_name, NULL);
	page_begin(&w, r, title);
	HW_LIT(&w, "<div class=\"ws-screen\" id=\"ws\"");
	hw_attrf(&w, "data-state", "/workshops/%ld/state", v.w.id);
	hw_attr(&w, "data-phase", workshop_phase_code(v.w.phase));
	HW_LIT(&w, ">");
	h1(&w, title);
	free(title);
	phase_steps(&w, v.w.phase, l);
	if (v.w.phase != WS_CLOSED && code_expired(&v.w)) {
		HW_LIT(&w, "<p class=\"notice\">");
		hw_text(&w, T(l, "The code of this workshop has expired: a code works on the day of "
				 "the workshop and the next day. Start a new workshop to let phones "
				 "join again."));
		HW_LIT(&w, "</p>");
	} else if (v.w.phase != WS_CLOSED) {
		HW_LIT(&w, "<section class=\"ws-join\"><div><p>");
		hw_text(&w, T(l, "Join on your phone at"));
		HW_LIT(&w, "</p><p class=\"ws-url\">");
		hw_text(&w, join);
		HW_LIT(&w, "</p><p>");
		hw_text(&w, T(l, "with the code"));
		HW_LIT(&w, "</p><p class=\"ws-code\">");
		hw_text(&w, shown);
		HW_LIT(&w, "</p><p><span data-count=\"participants\">");
		hw_number(&w, l, v.w.participants);
		HW_LIT(&w, "</span> ");
		hw_text(&w, T(l, "joined"));
		HW_LIT(&w, "</p></div>");
		char *label = tmpl_fill(T(l, "QR code of {1}"), direct, NULL);
		qr_svg(&w, direct, label);
		free(label);
		HW_LIT(&w, "</section>");
	}
	questions(&w, v.w.phase, l);
	switch (v.w.phase) {
	case WS_WALLS:
	case WS_OWN_POINTS:
		walls(&w, &v, l, 0);
		break;
	case WS_VOTING: {
		HW_LIT(&w, "<p>");
		char *dots = xasprintf("%d", v.w.dots);
		char *t = tmpl_fill(T(l, "Everyone has {1} dots to put on the points that matter "
					 "most. Nobody sees who put which dot."),
				    dots, NULL);
		hw_text(&w, t);
		free(t);
		free(dots);
		HW_LIT(&w, "</p>");
		votes_section(&w, r, &v);
		break;
	}
	case WS_BRAINSTORM:
	case WS_ACTIONS:
	case WS_CLOSED: {
		const struct ws_item *themes[WORKSHOP_MAX_ITEMS];
		size_t nt = chosen_items(&v, themes, ARRAY_SIZE(themes));
		if (v.w.phase == WS_ACTIONS)
			actions_section(&w, r, &v);
		for (size_t t = 0; t < nt; t++) {
			HW_LIT(&w, "<section class=\"ws-theme\"><h2>");
			hw_text(&w, item_title(&v, themes[t], l));
			HW_LIT(&w, "</h2>");
			const char *note = item_note(themes[t], l);
			if (*note) {
				HW_LIT(&w, "<p class=\"small\">");
				hw_text(&w, note);
				HW_LIT(&w, "</p>");
			}
			board(&w, &v, themes[t], l);
			if (v.w.phase == WS_BRAINSTORM && themes[t]->kind != WS_ITEM_OWN)
				library(&w, themes[t]->scale, "", l, NULL, NULL, 0);
			HW_LIT(&w, "</section>");
		}
		if (!nt) {
			HW_LIT(&w, "<p>");
			hw_text(&w, T(l, "No theme was chosen."));
			HW_LIT(&w, "</p>");
		}
		break;
	}
	case WS_PHASE_COUNT:
		break;
	}
	phase_controls(&w, r, &v);
	if (v.w.phase == WS_CLOSED) {
		HW_LIT(&w, "<p><a class=\"button\"");
		hw_attrf(&w, "href", "/actions/unit/%ld", v.w.unit_id);
		HW_LIT(&w, ">");
		hw_text(&w, T(l, "Open the team's action plan"));
		HW_LIT(&w, "</a></p>");
	}
	HW_LIT(&w, "<p><a href=\"/workshops\">");
	hw_text(&w, T(l, "All workshops"));
	HW_LIT(&w, "</a></p></div><script src=\"/static/workshop.js\" defer></script>");
	page_end(&w, r);
	free(base);
	free(join);
	free(direct);
	wsview_release(&v);
	return page_finish(r, rs, &w);
}

int workshop_state(struct req *r, struct resp *rs)
{
	struct wsview v;
	if (facilitator_load(r, rs, &v, 1))
		return 0;
	json_reply(rs, 200, state_json(&v, r->lang, 1, -1));
	wsview_release(&v);
	return 0;
}

/* Chooses the top themes by dots when none is chosen yet. */
static int choose_default_themes(struct req *r, struct wsview *v)
{
	for (size_t i = 0; i < v->nitems; i++)
		if (v->items[i].chosen)
			return 0;
	size_t n = v->nitems;
	long *ids = xcalloc(n + 1, sizeof(long));
	struct vote *votes = xcalloc(n + 1, sizeof(struct vote));
	struct tally_row *rows = xcalloc(n + 1, sizeof(struct tally_row));
	for (size_t i = 0; i < n; i++) {
		ids[i] = votes[i].item = v->items[i].id;
		votes[i].dots = (int)(v->items[i].votes > 1000000 ? 1000000 : v->items[i].votes);
	}
	workshop_tally(ids, n, votes, n, rows);
	size_t k = workshop_top(rows, n, WORKSHOP_THEMES_DEFAULT, NULL);
	int rc = 0;
	for (size_t i = 0; i < k && !rc; i++)
		rc = r->st->ops->workshop->item_choose(r->st, v->w.id, rows[i].item, 1);
	free(ids);
	free(votes);
	free(rows);
	return rc;
}

int workshop_phase(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct wsview v;
	enum workshop_phase to;
	if (facilitator_load(r, rs, &v, 0))
		return 0;
	const char *s = form_get(&r->form, "to");
	char *back = xasprintf("/workshops/%ld", v.w.id);
	if (!s || workshop_phase_parse(str_from(s), &to) ||
	    !workshop_phase_allowed(v.w.phase, to)) {
		page_message(r, rs, 409, T(l, "That step is not possible now"),
			     T(l, "A workshop moves one step forward or back at a time, and an "
				  "ended workshop stays ended."),
			     back, T(l, "Back to the workshop"));
		goto out;
	}
	int rc = 0;
	if (to == WS_BRAINSTORM)
		rc = choose_default_themes(r, &v);
	if (!rc)
		rc = r->st->ops->workshop->set_phase(r->st, v.w.id, v.w.phase, to);
	if (rc == ERR_CONFLICT) {
		page_message(r, rs, 409, T(l, "That step is not possible now"),
			     T(l, "The workshop moved to another step meanwhile (another "
				  "screen?). Look at it again."),
			     back, T(l, "Back to the workshop"));
		goto out;
	}
	if (rc) {
		store_error(r, rs);
		goto out;
	}
	if (to == WS_CLOSED) {
		char *obj = xasprintf("workshop %ld", v.w.id);
		audit(r, "workshop.close", obj, "");
		free(obj);
	}
	resp_redirect(rs, back);
out:
	free(back);
	wsview_release(&v);
	return 0;
}

int workshop_themes(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct wsview v;
	if (facilitator_load(r, rs, &v, 0))
		return 0;
	char *back = xasprintf("/workshops/%ld", v.w.id);
	size_t picked = 0;
	unsigned char *want = xcalloc(v.nitems + 1, 1);
	int bad = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.fields[i].name, "item") != 0)
			continue;
		long id;
		size_t k = v.nitems;
		if (str_to_long(str_from(r->form.fields[i].value), 1, 0x7fffffffffffffffL, &id) ==
		    0)
			for (k = 0; k < v.nitems && v.items[k].id != id; k++)
				;
		if (k == v.nitems) {
			bad = 1;
			continue;
		}
		if (!want[k])
			picked++;
		want[k] = 1;
	}
	if (v.w.phase != WS_VOTING && v.w.phase != WS_BRAINSTORM) {
		page_message(r, rs, 409, T(l, "That step is not possible now"),
			     T(l, "Themes are chosen after the dot voting."), back,
			     T(l, "Back to the workshop"));
	} else if (bad || picked > WORKSHOP_MAX_THEMES) {
		char *lim = xasprintf("%d", WORKSHOP_MAX_THEMES);
		char *t = tmpl_fill(T(l, "Choose at most {1} themes of this workshop."), lim, NULL);
		page_message(r, rs, 400, T(l, "The themes were not changed"), t, back,
			     T(l, "Back to the workshop"));
		free(t);
		free(lim);
	} else {
		int rc = 0;
		for (size_t i = 0; i < v.nitems && !rc; i++)
			if ((int)want[i] != v.items[i].chosen)
				rc = r->st->ops->workshop->item_choose(r->st, v.w.id, v.items[i].id,
								       want[i]);
		if (rc)
			store_error(r, rs);
		else
			resp_redirect(rs, back);
	}
	free(want);
	free(back);
	wsview_release(&v);
	return 0;
}

/* Copies at most max bytes of s, cut at a character boundary. */
static char *utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return xstrdup(s);
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return xstrndup(s, n);
}

/*
 * The action an idea becomes: the theme's scale (or the one picked for an
 * own point), the idea's level, its text, the facilitator as owner, this
 * year; the theme's scale is also the indicator, with the unit's mean in
 * the workshop's wave as baseline when the report shows it.
 */
static void idea_action(struct req *r, const struct wsview *v, const struct ws_idea *d,
			const char *theme, const struct report *rep,
			struct action *a)
{
	action_init(a);
	a->unit_id = v->w.unit_id;
	action_set(&a->theme, theme);
	a->level = (enum iglo_level)d->level;
	a->title = utf8_cut(d->text, ACTION_MAX_TITLE);
	char *desc = tmpl_fill(T(r->lang, "From the team workshop of {1}: {2}"), v->w.created,
			       d->text);
	a->description = utf8_cut(desc, ACTION_MAX_DESCRIPTION);
	free(desc);
	action_set(&a->owner, r->user.display_name && *r->user.display_name
				      ? r->user.display_name
				      : r->user.login);
	a->status = ACTION_PROPOSED;
	a->workshop_id = v->w.id;
	a->year = this_year();
	action_set(&a->indicator_scale, theme);
	if (rep && v->w.wave_id) {
		int u = report_unit_index(rep, v->w.unit_id);
		int s = scale_index(&rep->ins, theme);
		for (size_t w = 0; u >= 0 && s >= 0 && w < rep->nwaves; w++) {
			if (rep->waves[w].wave.id != v->w.wave_id)
				continue;
			struct figure f;
			report_figure(rep, w, u, s, &f);
			if (f.shown) {
				a->baseline = f.mean;
				a->baseline_wave_id = v->w.wave_id;
			}
		}
	}
}

int workshop_actions(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct wsview v;
	if (facilitator_load(r, rs, &v, 0))
		return 0;
	char *back = xasprintf("/workshops/%ld", v.w.id);
	if (v.w.phase != WS_ACTIONS) {
		page_message(r, rs, 409, T(l, "That step is not possible now"),
			     T(l, "Ideas become actions in the step 'Actions'."), back,
			     T(l, "Back to the workshop"));
		free(back);
		wsview_release(&v);
		return 0;
	}
	struct diag d = {0};
	int err = 0;
	const struct report *rep = app_report_get(r->app, r->st, &d, &err);
	struct action *acts = xcalloc(v.nideas + 1, sizeof(*acts));
	struct ws_idea **from = xcalloc(v.nideas + 1, sizeof(*from));
	size_t n = 0;
	const char *problem = NULL;
	struct diag vd = {0};

	/* First every ticked idea as an action, checked: a bad one writes nothing. */
	for (size_t i = 0; i < r->form.n && !problem; i++) {
		if (strcmp(r->form.fields[i].name, "idea") != 0)
			continue;
		long id;
		size_t k = v.nideas;
		if (str_to_long(str_from(r->form.fields[i].value), 1, 0x7fffffffffffffffL, &id) ==
		    0)
			for (k = 0; k < v.nideas && v.ideas[k].id != id; k++)
				;
		if (k == v.nideas) {
			problem = T(l, "One of the ticked ideas is not an idea of this workshop.");
			break;
		}
		struct ws_idea *idea = &v.ideas[k];
		int twice = 0;
		for (size_t j = 0; j < n; j++)
			twice |= from[j] == idea;
		if (idea->chosen || twice)
			continue; /* an action already, or ticked twice */
		const struct ws_item *it = find_item(&v, idea->item_id);
		const char *theme = it ? it->scale : "";
		if (it && it->kind == WS_ITEM_OWN) {
			char name[40];
			snprintf(name, sizeof(name), "theme_%ld", it->id);
			theme = form_get(&r->form, name);
			if (!theme)
				theme = "";
		}
		idea_action(r, &v, idea, theme, rep, &acts[n]);
		from[n++] = idea;
		const char *field = NULL;
		if (action_validate(&acts[n - 1], v.ins, l, &field, &vd))
			problem = vd.msg;
	}
	if (rep)
		app_report_put(r->app, rep);

	/* Then each becomes a proposed action and its idea is marked. */
	long made = 0;
	int rc = 0;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < n && !problem && !rc; i++) {
		long aid = 0;
		rc = r->st->ops->action->add(r->st, &acts[i], now, r->user.login, &aid);
		if (!rc)
			rc = r->st->ops->workshop->idea_mark(r->st, v.w.id, from[i]->id);
		if (!rc)
			made++;
	}
	for (size_t i = 0; i < n; i++)
		action_release(&acts[i]);
	free(acts);
	free(from);
	if (problem) {
		page_message(r, rs, 400, T(l, "No action was added"), problem, back,
			     T(l, "Back to the workshop"));
	} else if (rc) {
		store_error(r, rs);
	} else {
		char *obj = xasprintf("workshop %ld", v.w.id);
		char *det = xasprintf("%ld actions proposed", made);
		audit(r, "workshop.actions", obj, det);
		free(obj);
		free(det);
		char *loc = xasprintf("/workshops/%ld?made=%ld", v.w.id, made);
		resp_redirect(rs, loc);
		free(loc);
	}
	free(back);
	wsview_release(&v);
	return 0;
}

/*
 * The link or button to start a workshop from a unit's report page, for
 * those who may run one for the unit.
 */
void workshop_unit_link(struct hw *w, struct req *r, long unit_id)
{
	if (!r->logged_in || r->user.role == ROLE_COMMITTEE || r->user.role == ROLE_EMPLOYEE)
		return;
	if (unit_allowed(r, unit_id, NULL) != 1)
		return;
	HW_LIT(w, "<p class=\"ws-start\"><a class=\"button\"");
	hw_attrf(w, "href", "/workshops/new?unit=%ld", unit_id);
	HW_LIT(w, ">");
	hw_text(w, T(r->lang, "Discuss these results in a team workshop"));
	HW_LIT(w, "</a></p>");
}

/* ------------------------------------------------------------ participants */

struct part {
	struct wsview v;
	char code[WORKSHOP_CODE_LEN + 1];
	uint8_t hash[TOKEN_HASH_BYTES]; /* of the cookie's token */
	char ft[WS_FORM_TOKEN_HEX + 1];  /* the form token derived from it */
	int joined;                      /* the cookie is a participant of this workshop */
	int dots_used;
};

/* The form token of a cookie token: a keyed hash only its holder can make. */
static void form_token(struct str token, char out[WS_FORM_TOKEN_HEX + 1])
{
	uint8_t h[WS_FORM_TOKEN_HEX / 2];
	static const char ctx[] = "hartslag workshop form";
	crypto_generichash(h, sizeof(h), (const unsigned char *)ctx, sizeof(ctx) - 1,
			   (const unsigned char *)token.p, token.len);
	sodium_bin2hex(out, WS_FORM_TOKEN_HEX + 1, h, sizeof(h));
}

static int unknown_code(struct req *r, struct resp *rs, int as_json)
{
	unsigned n = ratelimit_hit(&r->app->limits, "token-ip", r->client_ip, ratelimit_now(),
				   WS_UNKNOWN_WINDOW);
	enum lang l = r->lang;
	const char *msg = n > WS_UNKNOWN_MAX
				  ? T(l, "Too many codes that we do not know came from your "
					 "connection. Wait ten minutes, then type the code exactly as "
					 "it is on the screen.")
				  : T(l, "We do not know this code. Check it on the screen of the "
					 "workshop and type it again.");
	int status = n > WS_UNKNOWN_MAX ? 429 : 404;
	if (as_json)
		return json_error(rs, status, msg);
	return page_message(r, rs, status, T(l, "Unknown code"), msg, "/w",
			    T(l, "Type the code"));
}

/*
 * Finds the workshop of the code in r->param and the browser's cookie
 * for it. Unknown and ended workshops get 404 / 410; once this
 * connection's unknown codes passed the limit, only browsers that joined
 * already get in. Returns 0, or -1 with the answer in rs.
 */
static int part_load(struct req *r, struct resp *rs, struct part *p, int as_json)
{
	enum lang l = r->lang;
	memset(p, 0, sizeof(*p));
	uint8_t h[32];
	if (r->param.len > 32 || workshop_code_parse(r->param, p->code))
		return unknown_code(r, rs, as_json), -1;
	code_hash(p->code, h);
	int rc = r->st->ops->workshop->by_code(r->st, h, &p->v.w);
	if (rc == ERR_NOT_FOUND)
		return unknown_code(r, rs, as_json), -1;
	if (rc) {
		if (as_json)
			json_error(rs, 500, T(l, "Something went wrong"));
		else
			store_error(r, rs);
		return -1;
	}
	struct str c = http_cookie(r, WS_COOKIE);
	if (c.len && token_hash(c, p->hash) == 0 &&
	    r->st->ops->workshop->dots_used(r->st, p->v.w.id, p->hash, &p->dots_used) == 0) {
		p->joined = 1;
		form_token(c, p->ft);
	}
	if (!p->joined && ratelimit_blocked(&r->app->limits, "token-ip", r->client_ip,
					    ratelimit_now(), WS_UNKNOWN_WINDOW, WS_UNKNOWN_MAX)) {
		/* The same answer as for an unknown code past the limit: no oracle. */
		wsview_release(&p->v);
		return unknown_code(r, rs, as_json), -1;
	}
	if (p->v.w.phase == WS_CLOSED || code_expired(&p->v.w)) {
		const char *msg = T(l, "This workshop has ended, so its code no longer works. "
				       "Thank you for taking part.");
		wsview_release(&p->v);
		if (as_json)
			json_error(rs, 410, msg);
		else
			page_message(r, rs, 410, T(l, "This workshop has ended"), msg, NULL, NULL);
		return -1;
	}
	if (wsview_fill(r, &p->v)) {
		wsview_release(&p->v);
		if (as_json)
			json_error(rs, 500, T(l, "Something went wrong"));
		else
			store_error(r, rs);
		return -1;
	}
	return 0;
}

/* A new browser: a fresh token in a cookie for this workshop's pages only. */
static int part_join(struct req *r, struct resp *rs, struct part *p)
{
	char token[TOKEN_TEXT_BYTES + 1];
	token_new(token);
	if (token_hash(str_from(token), p->hash))
		return ERR_GENERIC;
	int rc = r->st->ops->workshop->join(r->st, p->v.w.id, p->hash);
	if (rc)
		return rc;
	resp_add_cookie(rs, xasprintf(WS_COOKIE "=%s; Path=/w/%s; Max-Age=%d; HttpOnly; "
						"SameSite=Strict%s",
				      token, p->code, WS_COOKIE_AGE, r->secure ? "; Secure" : ""));
	form_token(str_from(token), p->ft);
	p->joined = 1;
	p->dots_used = 0;
	p->v.w.participants++;
	return 0;
}

static void part_hidden(struct hw *w, const struct part *p, const char *what)
{
	HW_LIT(w, "<input type=\"hidden\" name=\"do\"");
	hw_attr(w, "value", what);
	HW_LIT(w, "><input type=\"hidden\" name=\"ft\"");
	hw_attr(w, "value", p->ft);
	HW_LIT(w, ">");
}

static void part_form_open(struct hw *w, const struct part *p, const char *cls)
{
	HW_LIT(w, "<form method=\"post\"");
	hw_attrf(w, "action", "/w/%s", p->code);
	hw_attr(w, "class", cls);
	HW_LIT(w, ">");
}

static void alert_slot(struct hw *w)
{
	HW_LIT(w, "<p class=\"error ws-alert\" role=\"alert\" hidden></p>");
}

static void part_own_points(struct hw *w, const struct part *p, enum lang l)
{
	part_form_open(w, p, "stack ws-js");
	part_hidden(w, p, "point");
	HW_LIT(w, "<label for=\"ws-point\">");
	hw_text(w, T(l, "Add a point of your own"));
	HW_LIT(w, "</label><textarea id=\"ws-point\" name=\"text\" rows=\"3\" required");
	hw_attrf(w, "maxlength", "%d", WORKSHOP_MAX_TEXT);
	HW_LIT(w, "></textarea><p class=\"small\">");
	hw_text(w, T(l, "What goes well, or what should change? Nobody sees who wrote it."));
	HW_LIT(w, "</p>");
	alert_slot(w);
	HW_LIT(w, "<button type=\"submit\" class=\"primary\">");
	hw_text(w, T(l, "Add"));
	HW_LIT(w, "</button></form>");
}

static void part_ballot(struct hw *w, const struct part *p, enum lang l)
{
	int left = p->v.w.dots - p->dots_used;
	if (left < 0)
		left = 0;
	HW_LIT(w, "<p class=\"ws-left\"><strong data-count=\"dots\">");
	hw_textf(w, "%d", left);
	HW_LIT(w, "</strong> ");
	hw_text(w, T(l, "dots left"));
	HW_LIT(w, "</p>");
	if (left == 0) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "You have used all your dots. Thank you!"));
		HW_LIT(w, "</p>");
	}
	part_form_open(w, p, "ws-js ws-ballot");
	part_hidden(w, p, "vote");
	HW_LIT(w, "<fieldset><legend>");
	hw_text(w, T(l, "Put your dots on the points that matter most to you"));
	HW_LIT(w, "</legend><ul class=\"ws-ballot-items\">");
	for (size_t i = 0; i < p->v.nitems; i++) {
		const struct ws_item *it = &p->v.items[i];
		HW_LIT(w, "<li><label");
		hw_attrf(w, "for", "d-%ld", it->id);
		HW_LIT(w, "><strong>");
		hw_text(w, item_title(&p->v, it, l));
		HW_LIT(w, "</strong> ");
		hw_text(w, item_note(it, l));
		HW_LIT(w, "</label><input type=\"number\" inputmode=\"numeric\" min=\"0\"");
		hw_attrf(w, "id", "d-%ld", it->id);
		hw_attrf(w, "name", "d_%ld", it->id);
		hw_attrf(w, "max", "%d", left);
		HW_LIT(w, " value=\"0\"");
		if (left == 0)
			HW_LIT(w, " disabled");
		HW_LIT(w, "></li>");
	}
	HW_LIT(w, "</ul></fieldset>");
	alert_slot(w);
	HW_LIT(w, "<button type=\"submit\" class=\"primary\"");
	if (left == 0)
		HW_LIT(w, " disabled");
	HW_LIT(w, ">");
	hw_text(w, T(l, "Place my dots"));
	HW_LIT(w, "</button></form>");
}

static void part_brainstorm(struct hw *w, struct req *r, const struct part *p, enum lang l)
{
	const struct ws_item *themes[WORKSHOP_MAX_ITEMS];
	size_t nt = chosen_items(&p->v, themes, ARRAY_SIZE(themes));
	const char *q = form_get(&r->query, "q");
	const char *qt = form_get(&r->query, "theme");
	for (size_t t = 0; t < nt; t++) {
		const struct ws_item *it = themes[t];
		HW_LIT(w, "<section class=\"ws-theme\"><h2>");
		hw_text(w, item_title(&p->v, it, l));
		HW_LIT(w, "</h2>");
		board(w, &p->v, it, l);
		part_form_open(w, p, "stack ws-js");
		part_hidden(w, p, "idea");
		HW_LIT(w, "<input type=\"hidden\" name=\"item\"");
		hw_attrf(w, "value", "%ld", it->id);
		HW_LIT(w, "><label");
		hw_attrf(w, "for", "lv-%ld", it->id);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Who can do something about it?"));
		HW_LIT(w, "</label><select");
		hw_attrf(w, "id", "lv-%ld", it->id);
		HW_LIT(w, " name=\"level\">");
		for (int lv = 0; lv < IGLO_COUNT; lv++) {
			HW_LIT(w, "<option");
			hw_attr(w, "value", iglo_code((enum iglo_level)lv));
			HW_LIT(w, ">");
			hw_text(w, iglo_name((enum iglo_level)lv, l));
			HW_LIT(w, "</option>");
		}
		HW_LIT(w, "</select><label");
		hw_attrf(w, "for", "idea-%ld", it->id);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Your idea"));
		HW_LIT(w, "</label><textarea name=\"text\" rows=\"2\" required");
		hw_attrf(w, "id", "idea-%ld", it->id);
		hw_attrf(w, "maxlength", "%d", WORKSHOP_MAX_TEXT);
		HW_LIT(w, "></textarea>");
		alert_slot(w);
		HW_LIT(w, "<button type=\"submit\" class=\"primary\">");
		hw_text(w, T(l, "Add the idea"));
		HW_LIT(w, "</button></form>");
		/* Searching the library: a plain GET form, results below it. */
		HW_LIT(w, "<form method=\"get\" class=\"inline ws-search\"");
		hw_attrf(w, "action", "/w/%s", p->code);
		HW_LIT(w, "><input type=\"hidden\" name=\"theme\"");
		hw_attrf(w, "value", "%ld", it->id);
		HW_LIT(w, "><label");
		hw_attrf(w, "for", "q-%ld", it->id);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Search the action library"));
		HW_LIT(w, "</label> <input type=\"search\" name=\"q\"");
		hw_attrf(w, "id", "q-%ld", it->id);
		char idtext[24];
		snprintf(idtext, sizeof(idtext), "%ld", it->id);
		int searched = qt && strcmp(qt, idtext) == 0;
		if (searched && q)
			hw_attr(w, "value", q);
		HW_LIT(w, "> <button type=\"submit\">");
		hw_text(w, T(l, "Search"));
		HW_LIT(w, "</button></form>");
		if (searched)
			library(w, it->kind == WS_ITEM_OWN ? "" : it->scale, q, l, p->code,
				p->ft, it->id);
		HW_LIT(w, "</section>");
	}
	if (!nt) {
		HW_LIT(w, "<p>");
		hw_text(w, T(l, "No theme was chosen."));
		HW_LIT(w, "</p>");
	}
}

int workshop_join_form(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	const char *c = form_get(&r->query, "code");
	if (c) {
		char code[WORKSHOP_CODE_LEN + 1];
		if (strlen(c) > 32 || workshop_code_parse(str_from(c), code))
			return unknown_code(r, rs, 0);
		char *loc = xasprintf("/w/%s", code);
		resp_redirect(rs, loc);
		free(loc);
		return 0;
	}
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Join a workshop"));
	HW_LIT(&w, "<section class=\"narrow\">");
	h1(&w, T(l, "Join a workshop"));
	HW_LIT(&w, "<form method=\"get\" action=\"/w\" class=\"stack\"><label for=\"ws-code\">");
	hw_text(&w, T(l, "The code on the screen"));
	HW_LIT(&w, "</label><input id=\"ws-code\" name=\"code\" autocomplete=\"off\" "
		   "autocapitalize=\"characters\" spellcheck=\"false\" required "
		   "maxlength=\"16\"><p class=\"small\">");
	hw_text(&w, T(l, "You take part anonymously: you need no account, and nothing you add "
			 "is linked to you."));
	HW_LIT(&w, "</p><button type=\"submit\" class=\"primary\">");
	hw_text(&w, T(l, "Join"));
	HW_LIT(&w, "</button></form></section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int workshop_participant(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct part p;
	struct hw w;
	if (part_load(r, rs, &p, 0))
		return 0;
	if (r->param.len != strlen(p.code) || memcmp(r->param.p, p.code, r->param.len) != 0) {
		/* "abc-def": the cookie's path is the canonical address */
		char *loc = xasprintf("/w/%s", p.code);
		resp_redirect(rs, loc);
		free(loc);
		wsview_release(&p.v);
		return 0;
	}
	if (!p.joined) {
		int rc = part_join(r, rs, &p);
		if (rc == ERR_CONFLICT) {
			wsview_release(&p.v);
			return page_message(r, rs, 409, T(l, "This workshop is full"),
					    T(l, "This workshop has as many participants as it "
						 "can take."),
					    NULL, NULL);
		}
		if (rc) {
			wsview_release(&p.v);
			return store_error(r, rs);
		}
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Team workshop"));
	HW_LIT(&w, "<div class=\"ws-part\" id=\"ws\"");
	hw_attrf(&w, "data-state", "/w/%s/state", p.code);
	hw_attr(&w, "data-phase", workshop_phase_code(p.v.w.phase));
	HW_LIT(&w, ">");
	h1(&w, T(l, "Team workshop"));
	HW_LIT(&w, "<p class=\"lead\">");
	hw_text(&w, p.v.unit_name);
	HW_LIT(&w, " · ");
	hw_text(&w, workshop_phase_name(p.v.w.phase, l));
	HW_LIT(&w, "</p>");
	questions(&w, p.v.w.phase, l);
	HW_LIT(&w, "<p id=\"ws-status\" class=\"vh\" role=\"status\"");
	hw_attr(&w, "data-done", T(l, "Thank you, it has been added."));
	HW_LIT(&w, "></p>");
	const char *done = form_get(&r->query, "done");
	if (done) {
		HW_LIT(&w, "<p class=\"ok\" role=\"status\">");
		hw_text(&w, T(l, "Thank you, it has been added."));
		HW_LIT(&w, "</p>");
	}
	switch (p.v.w.phase) {
	case WS_WALLS:
		walls(&w, &p.v, l, 0);
		break;
	case WS_OWN_POINTS:
		part_own_points(&w, &p, l);
		walls(&w, &p.v, l, 0);
		break;
	case WS_VOTING:
		part_ballot(&w, &p, l);
		break;
	case WS_BRAINSTORM:
		part_brainstorm(&w, r, &p, l);
		break;
	case WS_ACTIONS:
	case WS_CLOSED:
	case WS_PHASE_COUNT: {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(l, "Thank you for your ideas. The facilitator now turns the chosen "
				 "ideas into actions for the team's plan; you will hear which "
				 "ones were approved."));
		HW_LIT(&w, "</p>");
		const struct ws_item *themes[WORKSHOP_MAX_ITEMS];
		size_t nt = chosen_items(&p.v, themes, ARRAY_SIZE(themes));
		for (size_t t = 0; t < nt; t++) {
			HW_LIT(&w, "<section class=\"ws-theme\"><h2>");
			hw_text(&w, item_title(&p.v, themes[t], l));
			HW_LIT(&w, "</h2>");
			board(&w, &p.v, themes[t], l);
			HW_LIT(&w, "</section>");
		}
		break;
	}
	}
	HW_LIT(&w, "</div><script src=\"/static/workshop.js\" defer></script>");
	page_end(&w, r);
	wsview_release(&p.v);
	return page_finish(r, rs, &w);
}

int workshop_participant_state(struct req *r, struct resp *rs)
{
	struct part p;
	if (part_load(r, rs, &p, 1))
		return 0;
	int left = p.joined ? p.v.w.dots - p.dots_used : -1;
	if (p.joined && left < 0)
		left = 0;
	json_reply(rs, 200, state_json(&p.v, r->lang, p.v.w.phase > WS_VOTING, left));
	wsview_release(&p.v);
	return 0;
}

/* Answers a participant's POST: JSON for workshop.js, else a page or a redirect. */
static int part_answer(struct req *r, struct resp *rs, const struct part *p, int status,
		       const char *title, const char *msg)
{
	if (wants_json(r)) {
		if (status == 200) {
			json_t *o = json_object();
			json_object_set_new(o, "ok", json_true());
			return json_reply(rs, 200, o);
		}
		return json_error(rs, status, msg);
	}
	char *back = xasprintf("/w/%s", p->code);
	if (status == 200) {
		char *loc = xasprintf("/w/%s?done=1", p->code);
		resp_redirect(rs, loc);
		free(loc);
	} else {
		page_message(r, rs, status, title, msg, back, T(r->lang, "Back to the workshop"));
	}
	free(back);
	return 0;
}

/* Reads the ballot's "d_ITEM=n" fields; returns the lines (caller frees) or NULL with *bad. */
static struct vote *read_ballot(const struct req *r, size_t *n, int *bad)
{
	struct vote *b = xcalloc(r->form.n + 1, sizeof(*b));
	*n = 0;
	*bad = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const char *name = r->form.fields[i].name;
		if (strncmp(name, "d_", 2) != 0)
			continue;
		long id, dots;
		if (str_to_long(str_from(name + 2), 1, 0x7fffffffffffffffL, &id) ||
		    str_to_long(str_trim(str_from(r->form.fields[i].value)), 0, WORKSHOP_MAX_DOTS,
				&dots)) {
			*bad = 1;
			break;
		}
		if (dots == 0)
			continue;
		b[*n].item = id;
		b[*n].dots = (int)dots;
		(*n)++;
	}
	return b;
}

int workshop_participant_post(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	struct part p;
	int js = wants_json(r);
	if (part_load(r, rs, &p, js))
		return 0;
	const char *ft = form_get(&r->form, "ft");
	if (!p.joined || !ft || strlen(ft) != WS_FORM_TOKEN_HEX ||
	    sodium_memcmp(ft, p.ft, WS_FORM_TOKEN_HEX) != 0) {
		part_answer(r, rs, &p, 403, T(l, "Form expired"),
			    T(l, "This form does not belong to this browser's place in the "
				 "workshop. Reload the page and try again."));
		wsview_release(&p.v);
		return 0;
	}
	const char *what = form_get(&r->form, "do");
	const char *text = form_get(&r->form, "text");
	struct store *st = r->st;
	int rc;
	if (what && strcmp(what, "point") == 0) {
		struct str clean;
		struct diag d = {0};
		size_t tl = 0;
		for (size_t i = 0; i < r->form.n; i++)
			if (strcmp(r->form.fields[i].name, "text") == 0)
				tl = r->form.fields[i].value_len;
		if (!text || workshop_text_check((struct str){text, tl}, l, &clean, &d)) {
			part_answer(r, rs, &p, 400, T(l, "Not added"),
				    text ? d.msg : T(l, "Write your point first."));
			goto out;
		}
		char *t = xstrndup(clean.p, clean.len);
		rc = st->ops->workshop->item_add(st, p.v.w.id, t, NULL);
		free(t);
		if (rc == ERR_CONFLICT)
			part_answer(r, rs, &p, 409, T(l, "Not added"),
				    p.v.w.phase == WS_OWN_POINTS
					    ? T(l, "The workshop is full: no more points can be added.")
					    : T(l, "Points can be added only in the step 'Your own points'."));
		else if (rc)
			part_answer(r, rs, &p, 500, T(l, "Something went wrong"),
				    T(l, "Your point could not be saved. Try again."));
		else
			part_answer(r, rs, &p, 200, NULL, NULL);
	} else if (what && strcmp(what, "vote") == 0) {
		size_t n;
		int bad;
		struct vote *b = read_ballot(r, &n, &bad);
		struct vote_rules rules;
		vote_rules_default(&rules);
		rules.budget = p.v.w.dots - p.dots_used;
		long *ids = xcalloc(p.v.nitems + 1, sizeof(long));
		for (size_t i = 0; i < p.v.nitems; i++)
			ids[i] = p.v.items[i].id;
		struct diag d = {0};
		if (!workshop_phase_accepts_votes(p.v.w.phase)) {
			part_answer(r, rs, &p, 409, T(l, "Not counted"),
				    T(l, "Dots can be placed only in the step 'Dot voting'."));
		} else if (rules.budget <= 0) {
			part_answer(r, rs, &p, 409, T(l, "Not counted"),
				    T(l, "You have used all your dots."));
		} else if (bad || ballot_check(b, n, &rules, ids, p.v.nitems, l, &d)) {
			part_answer(r, rs, &p, 400, T(l, "Not counted"),
				    bad ? T(l, "Give a whole number of dots for each point.")
					: d.msg);
		} else {
			rc = st->ops->workshop->vote(st, p.v.w.id, p.hash, b, n);
			if (rc == ERR_CONFLICT)
				part_answer(r, rs, &p, 409, T(l, "Not counted"),
					    T(l, "You do not have that many dots left, or the "
						 "voting has ended."));
			else if (rc)
				part_answer(r, rs, &p, rc == ERR_NOT_FOUND ? 400 : 500,
					    T(l, "Not counted"),
					    T(l, "Your dots could not be saved. Try again."));
			else
				part_answer(r, rs, &p, 200, NULL, NULL);
		}
		free(ids);
		free(b);
	} else if (what && strcmp(what, "idea") == 0) {
		long item = 0;
		enum iglo_level lv;
		const char *is = form_get(&r->form, "item"), *ls = form_get(&r->form, "level");
		struct str clean;
		struct diag d = {0};
		size_t tl = 0;
		for (size_t i = 0; i < r->form.n; i++)
			if (strcmp(r->form.fields[i].name, "text") == 0)
				tl = r->form.fields[i].value_len;
		if (!is || str_to_long(str_from(is), 1, 0x7fffffffffffffffL, &item) || !ls ||
		    iglo_parse(str_from(ls), &lv)) {
			part_answer(r, rs, &p, 400, T(l, "Not added"),
				    T(l, "Choose a theme and a level for your idea."));
		} else if (!text || workshop_text_check((struct str){text, tl}, l, &clean, &d)) {
			part_answer(r, rs, &p, 400, T(l, "Not added"),
				    text ? d.msg : T(l, "Write your idea first."));
		} else {
			char *t = xstrndup(clean.p, clean.len);
			rc = st->ops->workshop->idea_add(st, p.v.w.id, item, (int)lv, t, NULL);
			free(t);
			if (rc == ERR_CONFLICT)
				part_answer(r, rs, &p, 409, T(l, "Not added"),
					    p.v.w.phase == WS_BRAINSTORM
						    ? T(l, "The workshop is full: no more ideas can "
							   "be added.")
						    : T(l, "Ideas can be added only in the step "
							   "'Brainstorm'."));
			else if (rc == ERR_NOT_FOUND)
				part_answer(r, rs, &p, 400, T(l, "Not added"),
					    T(l, "That is not one of the chosen themes."));
			else if (rc)
				part_answer(r, rs, &p, 500, T(l, "Something went wrong"),
					    T(l, "Your idea could not be saved. Try again."));
			else
				part_answer(r, rs, &p, 200, NULL, NULL);
		}
	} else {
		part_answer(r, rs, &p, 400, T(l, "Not understood"),
			    T(l, "This form asked for something the workshop does not know."));
	}
out:
	wsview_release(&p.v);
	return 0;
}
