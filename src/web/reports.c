/*
 * reports.c: the group reports people look at after a wave closes: the
 * organisation overview (a heatmap of units by scales) and the page of one
 * unit (figures with comparisons, trend, zone shares, strengths and
 * attention points, breakdowns by band, instrument quality). Everything
 * comes from the report model (report/report.h), which returns only what
 * the anonymity rules allow; open waves are not in it at all.
 *
 * Managers see the units they lead and the units below them; the other
 * roles of RB_VIEWERS see the whole organisation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/charts.h"
#include "report/report.h"
#include "web.h"

#define MAX_POINTS 8
#define OVERVIEW_ALL_ROWS 300 /* up to this many units, the overview shows every level */
#define OVERVIEW_DEPTH 3      /* else this many levels, with a link to one more */
#define DRIVER_MIN_N 25       /* docs/reports.md: drivers from 25 respondents */
#define MAX_DRIVER_SCALES 64

/* One request's view of the report: the wave shown and the units in scope. */
struct view {
	struct req *r;
	const struct report *rep; /* shared with other requests: read only */
	size_t w;        /* index of the wave shown */
	int from, to;    /* pre-order range of units in scope */
	int *order;      /* scales by kind (demands, resources, outcomes, needs) */
	int norder;
	long depth;      /* overview: levels shown below the top of the scope */
};

static const enum scale_kind kinds[] = {SCALE_DEMAND, SCALE_RESOURCE, SCALE_OUTCOME, SCALE_NEED};

static const char *kind_name(enum scale_kind k, enum lang l)
{
	switch (k) {
	case SCALE_DEMAND:
		return T(l, "Demands");
	case SCALE_RESOURCE:
		return T(l, "Resources");
	case SCALE_OUTCOME:
		return T(l, "Outcomes");
	case SCALE_NEED:
		return T(l, "Basic needs");
	}
	return "";
}

static const char *dim_name(enum agg_dim d, enum lang l)
{
	switch (d) {
	case DIM_AGE:
		return T(l, "Age");
	case DIM_TENURE:
		return T(l, "Years of service");
	case DIM_CONTRACT:
		return T(l, "Contract");
	case DIM_SHIFT:
		return T(l, "Shift");
	case DIM_FUNCTION:
		return T(l, "Function group");
	case DIM_COUNT:
		break;
	}
	return "";
}

static const char *const zone_css[3] = {"hm-green", "hm-orange", "hm-red"};
static const char *const badge_css[3] = {"badge zone-green", "badge zone-orange",
					 "badge zone-red"};

static void view_release(struct view *v)
{
	app_report_put(v->r->app, v->rep);
	free(v->order);
	memset(v, 0, sizeof(*v));
}

static int no_results(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 404, T(r->lang, "No results yet"),
			    T(r->lang, "Results appear here once a survey wave has closed. While "
				       "a wave is open, only participation is shown."),
			    "/admin", T(r->lang, "Back to the overview"));
}

/*
 * Loads the report for r and picks the wave (?wave=ID, else the newest
 * closed one) and the units in scope. On failure the error page is in rs
 * and -1 is returned.
 */
static int view_load(struct view *v, struct req *r, struct resp *rs)
{
	struct diag d = {0};
	memset(v, 0, sizeof(*v));
	v->r = r;
	int rc;
	v->rep = app_report_get(r->app, r->st, &d, &rc);
	if (!v->rep && rc == ERR_NOT_FOUND) {
		no_results(r, rs);
		return -1;
	}
	if (!v->rep) {
		fprintf(stderr, "report: %s\n", d.msg);
		page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			     T(r->lang, "The results could not be read. Try again in a moment; if "
					"it persists, tell your administrator."),
			     "/admin", T(r->lang, "Back to the overview"));
		return -1;
	}
	if (v->rep->nwaves == 0) {
		app_report_put(r->app, v->rep);
		no_results(r, rs);
		return -1;
	}
	v->w = v->rep->nwaves - 1;
	const char *q = form_get(&r->query, "wave");
	if (q) {
		long id = 0;
		size_t i = v->rep->nwaves;
		if (str_to_long(str_from(q), 1, 0x7fffffffL, &id) == 0)
			for (i = 0; i < v->rep->nwaves && v->rep->waves[i].wave.id != id; i++)
				;
		if (i >= v->rep->nwaves) {
			app_report_put(r->app, v->rep);
			page_message(r, rs, 404, T(r->lang, "No results for this wave"),
				     T(r->lang, "This survey wave has no results: it does not "
						"exist, or it is still open. Results open when "
						"a wave closes."),
				     "/reports", T(r->lang, "See the latest results"));
			return -1;
		}
		v->w = i;
	}

	v->from = 0;
	v->to = (int)v->rep->nunits;
	if (r->user.role == ROLE_MANAGER) {
		int k = report_unit_index(v->rep, r->user.unit_id);
		if (k < 0) {
			v->to = 0;
		} else {
			int e = k + 1;
			while (e < (int)v->rep->nunits &&
			       v->rep->units[e].depth > v->rep->units[k].depth)
				e++;
			v->from = k;
			v->to = e;
		}
	}

	const struct instrument *ins = &v->rep->ins;
	v->order = xcalloc((size_t)ins->nscales + 1, sizeof(int));
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		for (int s = 0; s < ins->nscales; s++)
			if (ins->scales[s].kind == kinds[k])
				v->order[v->norder++] = s;
	return 0;
}

static const struct wave *view_wave(const struct view *v)
{
	return &v->rep->waves[v->w].wave;
}

static const char *scale_name(const struct view *v, int s)
{
	return text_get(&v->rep->ins.scales[s].name, v->r->lang);
}

static void h1(struct hw *w, const char *s)
{
	HW_LIT(w, "<h1>");
	hw_text(w, s);
	HW_LIT(w, "</h1>");
}

/*
 * Opens a horizontally scrolling box for a wide table; it takes keyboard
 * focus so the table can be scrolled without a mouse (WCAG 2.1.1).
 */
static void scroll_open(struct hw *w, const char *cls, const char *label)
{
	HW_LIT(w, "<div tabindex=\"0\" role=\"region\"");
	hw_attr(w, "class", cls);
	hw_attr(w, "aria-label", label);
	HW_LIT(w, ">");
}

/* The visually hidden words a screen reader says for a hidden figure. */
static void hidden_text(struct hw *w, enum lang l)
{
	HW_LIT(w, "<span aria-hidden=\"true\">–</span><span class=\"vh\">");
	hw_text(w, T(l, "hidden to protect anonymity"));
	HW_LIT(w, "</span>");
}

/*
 * One heatmap cell: the mean with its zone as a colour, a mark ("!" for
 * orange, "!!" for red) and words for screen readers; or "–" when hidden.
 */
static void heat_cell(struct hw *w, enum lang l, const struct figure *f)
{
	char v[32];
	if (!f->shown || f->zone < ZONE_GREEN || f->zone > ZONE_RED) {
		HW_LIT(w, "<td class=\"hm hm-hidden\"");
		hw_attr(w, "title", T(l, "hidden to protect anonymity"));
		HW_LIT(w, ">");
		hidden_text(w, l);
		HW_LIT(w, "</td>");
		return;
	}
	chart_format_score(v, sizeof(v), f->mean, l);
	HW_LIT(w, "<td");
	hw_attrf(w, "class", "hm %s", zone_css[f->zone]);
	hw_attrf(w, "title", "%s · n = %ld", zone_word(f->zone, l), f->n);
	HW_LIT(w, ">");
	hw_text(w, v);
	if (f->zone == ZONE_ORANGE)
		HW_LIT(w, "<span class=\"mark\" aria-hidden=\"true\">!</span>");
	else if (f->zone == ZONE_RED)
		HW_LIT(w, "<span class=\"mark\" aria-hidden=\"true\">!!</span>");
	HW_LIT(w, "<span class=\"vh\"> (");
	hw_text(w, zone_word(f->zone, l));
	HW_LIT(w, ")</span></td>");
}

/* The legend of the heatmap and the breakdown tables. */
static void legend(struct hw *w, const struct view *v)
{
	enum lang l = v->r->lang;
	char x[32];
	chart_format_score(x, sizeof(x), 3.0, l);
	HW_LIT(w, "<ul class=\"hm-legend\"><li><span class=\"hm hm-green\">");
	hw_text(w, x);
	HW_LIT(w, "</span> ");
	hw_text(w, zone_word(ZONE_GREEN, l));
	HW_LIT(w, "</li><li><span class=\"hm hm-orange\">");
	hw_text(w, x);
	HW_LIT(w, "<span class=\"mark\">!</span></span> ");
	hw_text(w, zone_word(ZONE_ORANGE, l));
	HW_LIT(w, "</li><li><span class=\"hm hm-red\">");
	hw_text(w, x);
	HW_LIT(w, "<span class=\"mark\">!!</span></span> ");
	hw_text(w, zone_word(ZONE_RED, l));
	HW_LIT(w, "</li><li><span class=\"hm hm-hidden\">–</span> ");
	hw_text(w, T(l, "hidden to protect anonymity"));
	HW_LIT(w, "</li></ul><p class=\"small\">");
	char *k = xasprintf("%d", v->rep->org.min_group);
	char *s = tmpl_fill(T(l, "Each cell is the mean score of the unit with all units below "
				 "it. A figure is shown only for at least {1} respondents, and "
				 "hidden when a smaller group could be worked out from the "
				 "figures that are shown."),
			    k, NULL);
	hw_text(w, s);
	free(s);
	free(k);
	HW_LIT(w, "</p>");
}

/* Links to the other closed waves, the shown one marked. */
static void wave_nav(struct hw *w, const struct view *v, const char *base)
{
	if (v->rep->nwaves < 2)
		return;
	HW_LIT(w, "<nav class=\"waves\"");
	hw_attr(w, "aria-label", T(v->r->lang, "Survey waves"));
	HW_LIT(w, "><ul>");
	for (size_t i = v->rep->nwaves; i-- > 0;) {
		const struct wave *wv = &v->rep->waves[i].wave;
		HW_LIT(w, "<li>");
		if (i == v->w) {
			HW_LIT(w, "<span aria-current=\"page\">");
			hw_text(w, wv->title);
			HW_LIT(w, "</span>");
		} else {
			HW_LIT(w, "<a");
			hw_attrf(w, "href", "%s?wave=%ld", base, wv->id);
			HW_LIT(w, ">");
			hw_text(w, wv->title);
			HW_LIT(w, "</a>");
		}
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "</ul></nav>");
}

static void wave_line(struct hw *w, const struct view *v)
{
	const struct wave *wv = view_wave(v);
	HW_LIT(w, "<p class=\"lead\">");
	hw_text(w, wv->title);
	HW_LIT(w, " · ");
	hw_text(w, wv->opens);
	HW_LIT(w, " – ");
	hw_text(w, wv->closes);
	HW_LIT(w, "</p>");
}

/* ---- the overview ---- */

/* One row of the overview, with the key it is sorted by. */
struct row {
	int u;
	const char *name; /* when sorting by name */
	int has;   /* 0: the key is hidden; such rows go last */
	double key;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->u - y->u;
}

static int cmp_names(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->u - y->u;
}

/* The invited people per unit, with all units below it, for the response rate. */
static long *invited_per_unit(struct view *v)
{
	struct participation *p = NULL;
	size_t np = 0;
	long *inv = xcalloc(v->rep->nunits + 1, sizeof(long));
	if (v->r->st->ops->wave_participation(v->r->st, view_wave(v)->id, &p, &np))
		return inv;
	for (size_t i = 0; i < np; i++) {
		int k = report_unit_index(v->rep, p[i].unit_id);
		if (k >= 0)
			inv[k] += p[i].invited;
	}
	free(p);
	for (size_t i = v->rep->nunits; i-- > 0;)
		if (v->rep->parent[i] >= 0)
			inv[v->rep->parent[i]] += inv[i];
	return inv;
}

/* The response rate in percent, or -1 when the respondents are hidden. */
static long rate(long resp, long invited)
{
	if (resp < 0 || invited <= 0)
		return -1;
	long pct = (resp * 100 + invited / 2) / invited;
	return pct > 100 ? 100 : pct;
}

/* A column header that sorts the table by key, toggling the direction. */
static void sort_th(struct hw *w, const struct view *v, const char *key, const char *label,
		    const char *cur, int desc, const char *cls, const char *title)
{
	int active = cur && strcmp(cur, key) == 0;
	HW_LIT(w, "<th scope=\"col\"");
	if (cls)
		hw_attr(w, "class", cls);
	if (active)
		hw_attr(w, "aria-sort", desc ? "descending" : "ascending");
	HW_LIT(w, "><a");
	hw_attrf(w, "href", "/reports?wave=%ld&depth=%ld&sort=%s&dir=%s", view_wave(v)->id,
		 v->depth, key, active && !desc ? "desc" : "asc");
	if (title)
		hw_attr(w, "title", title);
	HW_LIT(w, ">");
	hw_text(w, label);
	if (active)
		hw_text(w, desc ? " ▼" : " ▲");
	HW_LIT(w, "</a></th>");
}

/*
 * GET /reports[?wave=ID&sort=KEY&dir=asc|desc&depth=N]: the heatmap of the
 * units in the user's scope by scales for one closed wave. Fills rs;
 * returns 0 or the page's error.
 */
int reports_overview(struct req *r, struct resp *rs)
{
	struct view v;
	struct hw w;
	enum lang l = r->lang;

	if (view_load(&v, r, rs))
		return 0;
	const struct instrument *ins = &v.rep->ins;
	long *inv = invited_per_unit(&v);

	/* Sorting: ?sort=unit|resp|rate|<scale id>&dir=asc|desc; tree order by default. */
	const char *sort = form_get(&r->query, "sort");
	const char *dir = form_get(&r->query, "dir");
	int desc = dir && strcmp(dir, "desc") == 0;
	int sort_scale = -1, sort_kind = 0; /* 0 tree, 1 unit name, 2 resp, 3 rate, 4 scale */
	if (sort && strcmp(sort, "unit") == 0) {
		sort_kind = 1;
	} else if (sort && strcmp(sort, "resp") == 0) {
		sort_kind = 2;
	} else if (sort && strcmp(sort, "rate") == 0) {
		sort_kind = 3;
	} else if (sort) {
		sort_scale = instrument_scale_index(ins, str_from(sort));
		sort_kind = sort_scale >= 0 ? 4 : 0;
	}
	if (sort_kind == 0)
		sort = NULL;

	/*
	 * Levels: every level for a small organisation; for a large one the
	 * top levels (the page would grow past what a person can read, and
	 * past the page ceiling), with a link to one level more.
	 */
	int total = v.to - v.from, top = total > 0 ? v.rep->units[v.from].depth : 0;
	const char *dq = form_get(&r->query, "depth");
	v.depth = total <= OVERVIEW_ALL_ROWS ? 99 : OVERVIEW_DEPTH;
	if (dq && str_to_long(str_from(dq), 1, 99, &v.depth))
		v.depth = OVERVIEW_DEPTH;
	int nrows = 0;
	struct row *rows = xcalloc((size_t)total + 1, sizeof(*rows));
	for (int u = v.from; u < v.to; u++) {
		if (v.rep->units[u].depth - top >= v.depth)
			continue;
		struct row *rw = &rows[nrows++];
		rw->u = u;
		long resp = report_respondents(v.rep, v.w, u);
		if (sort_kind == 2) {
			rw->has = resp >= 0;
			rw->key = (double)resp;
		} else if (sort_kind == 3) {
			long pct = rate(resp, inv[u]);
			rw->has = pct >= 0;
			rw->key = (double)pct;
		} else if (sort_kind == 4) {
			struct figure f;
			report_figure(v.rep, v.w, u, sort_scale, &f);
			rw->has = f.shown && isfinite(f.mean);
			rw->key = f.mean;
		}
		if (desc)
			rw->key = -rw->key;
	}
	if (sort_kind == 1) {
		/* By name: a plain byte order is good enough for unit names. */
		for (int i = 0; i < nrows; i++)
			rows[i].name = v.rep->units[rows[i].u].name;
		qsort(rows, (size_t)nrows, sizeof(*rows), cmp_names);
		for (int i = 0, j = nrows - 1; desc && i < j; i++, j--) {
			struct row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	} else if (sort_kind) {
		qsort(rows, (size_t)nrows, sizeof(*rows), cmp_rows);
	}

	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Results"));
	h1(&w, T(l, "Results per unit"));
	wave_line(&w, &v);
	wave_nav(&w, &v, "/reports");
	if (nrows == 0) {
		HW_LIT(&w, "<p class=\"notice\">");
		hw_text(&w, T(l, "Your account is not linked to a unit that took part in this "
				 "wave, so there are no results to show you."));
		HW_LIT(&w, "</p>");
	} else {
		legend(&w, &v);
		if (nrows < total) {
			char *a = xasprintf("%ld", v.depth), *b = xasprintf("%d", nrows);
			char *c = xasprintf("%d", total);
			char *t = tmpl_fill(NT(l, "Showing the top level: {2} of {3} units. Every "
						  "unit's page lists the units below it.",
						  "Showing the top {1} levels: {2} of {3} units. "
						  "Every unit's page lists the units below it.",
						  v.depth),
					    a, b, c, NULL);
			HW_LIT(&w, "<p class=\"notice\">");
			hw_text(&w, t);
			HW_LIT(&w, " <a");
			hw_attrf(&w, "href", "/reports?wave=%ld&depth=%ld", view_wave(&v)->id,
				 v.depth + 1);
			HW_LIT(&w, ">");
			hw_text(&w, T(l, "Show one level more"));
			HW_LIT(&w, "</a></p>");
			free(t);
			free(a);
			free(b);
			free(c);
		}
		HW_LIT(&w, "<p class=\"small\">");
		hw_text(&w, T(l, "Choose a column header to sort by it; choose a unit to see its "
				 "results in detail."));
		HW_LIT(&w, "</p>");
		scroll_open(&w, "table-scroll wide", T(l, "Results per unit"));
		HW_LIT(&w, "<table class=\"data heatmap\"><caption class=\"vh\">");
		hw_text(&w, T(l, "Mean score per unit and scale, with respondents and response "
				 "rate"));
		HW_LIT(&w, "</caption><thead><tr><td class=\"corner\" colspan=\"3\"></td>");
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			int n = 0;
			for (int i = 0; i < v.norder; i++)
				n += ins->scales[v.order[i]].kind == kinds[k];
			if (n == 0)
				continue;
			HW_LIT(&w, "<th scope=\"colgroup\" class=\"group\"");
			hw_attrf(&w, "colspan", "%d", n);
			HW_LIT(&w, ">");
			hw_text(&w, kind_name(kinds[k], l));
			HW_LIT(&w, "</th>");
		}
		HW_LIT(&w, "</tr><tr>");
		sort_th(&w, &v, "unit", T(l, "Unit"), sort, desc, NULL, NULL);
		sort_th(&w, &v, "resp", T(l, "Respondents"), sort, desc, "num", NULL);
		sort_th(&w, &v, "rate", T(l, "Response rate"), sort, desc, "num", NULL);
		for (int i = 0; i < v.norder; i++) {
			const struct scale *sc = &ins->scales[v.order[i]];
			sort_th(&w, &v, sc->id, text_get(&sc->name, l), sort, desc, "scale",
				text_get(&sc->description, l));
		}
		HW_LIT(&w, "</tr></thead><tbody>");
		for (int i = 0; i < nrows; i++) {
			int u = rows[i].u;
			const struct unit *un = &v.rep->units[u];
			long resp = report_respondents(v.rep, v.w, u);
			int depth = un->depth - v.rep->units[v.from].depth;
			HW_LIT(&w, "<tr><th scope=\"row\"");
			if (!sort)
				hw_attrf(&w, "class", "d%d", depth > 8 ? 8 : depth);
			HW_LIT(&w, "><a");
			hw_attrf(&w, "href", "/reports/unit/%ld?wave=%ld", un->id,
				 view_wave(&v)->id);
			HW_LIT(&w, ">");
			hw_text(&w, un->name);
			HW_LIT(&w, "</a></th><td class=\"num\">");
			if (resp >= 0)
				hw_number(&w, l, resp);
			else
				hidden_text(&w, l);
			HW_LIT(&w, "</td><td class=\"num\">");
			long pct = rate(resp, inv[u]);
			if (pct >= 0)
				hw_textf(&w, "%ld%%", pct);
			else
				hidden_text(&w, l);
			HW_LIT(&w, "</td>");
			for (int k = 0; k < v.norder; k++) {
				struct figure f;
				report_figure(v.rep, v.w, u, v.order[k], &f);
				heat_cell(&w, l, &f);
			}
			HW_LIT(&w, "</tr>");
		}
		HW_LIT(&w, "</tbody></table></div>");
	}
	page_end(&w, r);
	free(rows);
	free(inv);
	view_release(&v);
	return page_finish(r, rs, &w);
}

/* ---- the unit page ---- */

static void verdict_cell(struct hw *w, enum lang l, const struct comparison *c)
{
	const char *cls = "verdict";
	switch (c->verdict) {
	case VERDICT_BETTER:
	case VERDICT_CLEARLY_BETTER:
		cls = "verdict better";
		break;
	case VERDICT_WORSE:
	case VERDICT_CLEARLY_WORSE:
		cls = "verdict worse";
		break;
	case VERDICT_NONE:
		cls = "verdict none";
		break;
	case VERDICT_SAME:
		break;
	}
	HW_LIT(w, "<td");
	hw_attr(w, "class", cls);
	HW_LIT(w, ">");
	hw_text(w, verdict_text(c->verdict, l));
	if (c->verdict != VERDICT_NONE && isfinite(c->diff)) {
		char d[32];
		chart_format_score(d, sizeof(d), fabs(c->diff), l);
		HW_LIT(w, " <span class=\"small\">(");
		if (fabs(c->diff) >= 0.05)
			hw_text(w, c->diff < 0 ? "−" : "+");
		hw_text(w, d);
		HW_LIT(w, ")</span>");
	}
	HW_LIT(w, "</td>");
}

/* The figures table: per scale the mean, zone, n and the comparisons. */
static void figures_table(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	const struct instrument *ins = &v->rep->ins;
	int norm = v->rep->norm.n > 0;
	scroll_open(w, "table-scroll", T(l, "Scores per scale"));
	HW_LIT(w, "<table class=\"data figures\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Scale"));
	HW_LIT(w, "</th><th scope=\"col\" class=\"num\">");
	hw_text(w, T(l, "Mean"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Zone"));
	HW_LIT(w, "</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\">");
	hw_text(w, T(l, "Compared with the organisation"));
	if (norm) {
		HW_LIT(w, "</th><th scope=\"col\">");
		hw_text(w, T(l, "Compared with the norm"));
	}
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Compared with the previous wave"));
	HW_LIT(w, "</th></tr></thead>");
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		int any = 0;
		for (int i = 0; i < v->norder; i++) {
			int s = v->order[i];
			const struct scale *sc = &ins->scales[s];
			if (sc->kind != kinds[k])
				continue;
			struct scale_view sv;
			report_scale_view(v->rep, v->w, u, s, &sv);
			if (!sv.f.shown)
				continue;
			if (!any) {
				HW_LIT(w, "<tbody><tr class=\"group\"><th scope=\"rowgroup\"");
				hw_attrf(w, "colspan", "%d", norm ? 7 : 6);
				HW_LIT(w, ">");
				hw_text(w, kind_name(kinds[k], l));
				HW_LIT(w, "</th></tr>");
				any = 1;
			}
			char m[32];
			chart_format_score(m, sizeof(m), sv.f.mean, l);
			HW_LIT(w, "<tr><th scope=\"row\">");
			hw_text(w, text_get(&sc->name, l));
			HW_LIT(w, "<span class=\"desc\">");
			hw_text(w, text_get(&sc->description, l));
			HW_LIT(w, "</span></th><td class=\"num mean\">");
			hw_text(w, m);
			HW_LIT(w, "<span class=\"small\"> / ");
			hw_textf(w, "%d", sc->points);
			HW_LIT(w, "</span></td><td>");
			if (sv.f.zone >= ZONE_GREEN && sv.f.zone <= ZONE_RED) {
				HW_LIT(w, "<span");
				hw_attr(w, "class", badge_css[sv.f.zone]);
				HW_LIT(w, ">");
				hw_text(w, zone_word(sv.f.zone, l));
				HW_LIT(w, "</span>");
			}
			HW_LIT(w, "</td><td class=\"num\">");
			hw_number(w, l, sv.f.n);
			HW_LIT(w, "</td>");
			verdict_cell(w, l, &sv.vs_org);
			if (norm)
				verdict_cell(w, l, &sv.vs_norm);
			if (sv.has_prev) {
				verdict_cell(w, l, &sv.vs_prev);
			} else {
				HW_LIT(w, "<td class=\"verdict none\">");
				hw_text(w, T(l, "no earlier wave"));
				HW_LIT(w, "</td>");
			}
			HW_LIT(w, "</tr>");
		}
		if (any)
			HW_LIT(w, "</tbody>");
	}
	HW_LIT(w, "</table></div><p class=\"small\">");
	hw_text(w, T(l, "Comparisons use Welch's t-test and the effect size: \"somewhat\" is a "
			"small but real difference, \"clearly\" a large one; \"no real "
			"difference\" means chance could explain it. \"Better\" and \"worse\" "
			"follow each scale's direction."));
	HW_LIT(w, "</p>");
}

/* Strengths ('jubelmuur') and attention points ('klaagmuur'). */
static void points_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	struct point pts[MAX_POINTS];
	size_t n = report_points(v->rep, v->w, u, pts, MAX_POINTS);
	HW_LIT(w, "<div class=\"walls\">");
	for (int kind = POINT_STRENGTH; kind <= POINT_ATTENTION; kind++) {
		HW_LIT(w, "<section");
		hw_attr(w, "class", kind == POINT_STRENGTH ? "wall strengths" : "wall attention");
		HW_LIT(w, "><h2>");
		hw_text(w, kind == POINT_STRENGTH ? T(l, "Strengths") : T(l, "Attention points"));
		HW_LIT(w, "</h2>");
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			if ((int)pts[i].kind != kind)
				continue;
			if (!any)
				HW_LIT(w, "<ul>");
			any = 1;
			HW_LIT(w, "<li><strong>");
			hw_text(w, scale_name(v, pts[i].scale));
			HW_LIT(w, "</strong> ");
			hw_text(w, T(l, pts[i].reason));
			HW_LIT(w, "</li>");
		}
		if (any) {
			HW_LIT(w, "</ul>");
		} else {
			HW_LIT(w, "<p class=\"small\">");
			hw_text(w, kind == POINT_STRENGTH
					   ? T(l, "No scale stands out in a good way.")
					   : T(l, "No scale stands out as a point of attention."));
			HW_LIT(w, "</p>");
		}
		HW_LIT(w, "</section>");
	}
	HW_LIT(w, "</div>");
}

/* Zone shares of every shown scale, as one chart. */
static void shares_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	struct chart_shares *rows = xcalloc((size_t)v->norder + 1, sizeof(*rows));
	size_t n = 0;
	for (int i = 0; i < v->norder; i++) {
		struct figure f;
		report_figure(v->rep, v->w, u, v->order[i], &f);
		if (!f.shown)
			continue;
		rows[n].label = scale_name(v, v->order[i]);
		rows[n].shown = 1;
		memcpy(rows[n].share, f.zone_share, sizeof(rows[n].share));
		n++;
	}
	if (n) {
		struct buf svg = BUF_INIT(MAX_PAGE_BYTES);
		HW_LIT(w, "<section><h2>");
		hw_text(w, T(l, "How the scores are spread over the zones"));
		HW_LIT(w, "</h2><p class=\"small\">");
		hw_text(w, T(l, "Per scale, the share of respondents whose own score is in the "
				"green, orange or red zone."));
		HW_LIT(w, "</p><figure class=\"chart shares\">");
		if (chart_zone_shares(&svg, rows, n, "shares", T(l, "Zone shares per scale"), l) ==
		    0)
			hw_markup(w, &svg);
		HW_LIT(w, "</figure></section>");
		buf_release(&svg);
	}
	free(rows);
}

/* Small multiples: one trend chart per shown scale over the closed waves. */
static void trend_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	size_t nw = v->w + 1;
	HW_LIT(w, "<section><h2>");
	hw_text(w, T(l, "Over time"));
	HW_LIT(w, "</h2>");
	if (nw < 2) {
		HW_LIT(w, "<p class=\"small\">");
		hw_text(w, T(l, "The trend appears here from the second closed wave on."));
		HW_LIT(w, "</p></section>");
		return;
	}
	struct chart_point *pts = xcalloc(nw, sizeof(*pts));
	HW_LIT(w, "<div class=\"trends\">");
	for (int i = 0; i < v->norder; i++) {
		int s = v->order[i], any = 0;
		for (size_t k = 0; k < nw; k++) {
			struct figure f;
			report_figure(v->rep, k, u, s, &f);
			pts[k].label = v->rep->waves[k].wave.closes;
			pts[k].shown = f.shown;
			pts[k].mean = f.mean;
			pts[k].zone = f.zone;
			any |= f.shown;
		}
		if (!any)
			continue;
		struct buf svg = BUF_INIT(MAX_PAGE_BYTES);
		char id[48];
		snprintf(id, sizeof(id), "trend-%d", s);
		if (chart_trend(&svg, &v->rep->ins.scales[s], pts, nw, id, l) == 0) {
			HW_LIT(w, "<figure class=\"chart trend\"><figcaption>");
			hw_text(w, scale_name(v, s));
			HW_LIT(w, "</figcaption>");
			hw_markup(w, &svg);
			HW_LIT(w, "</figure>");
		}
		buf_release(&svg);
	}
	HW_LIT(w, "</div></section>");
	free(pts);
}

/* The words for band value v of dimension d: age and tenure come as band numbers. */
static const char *band_label(const struct agg_wave *a, enum agg_dim d, int v, enum lang l)
{
	const char *label = a->labels[d] ? a->labels[d][v] : NULL;
	long b;
	if (!label || !*label || v == 0)
		return T(l, "Unknown");
	if ((d == DIM_AGE || d == DIM_TENURE) && str_to_long(str_from(label), 1, 5, &b) == 0) {
		const char *age[] = {T(l, "under 25"), "25–34", "35–44", "45–54",
				     T(l, "55 and over")};
		const char *tenure[] = {T(l, "less than 1 year"), T(l, "1 to 4 years"),
					T(l, "5 to 9 years"), T(l, "10 to 19 years"),
					T(l, "20 years or more")};
		return d == DIM_AGE ? age[b - 1] : tenure[b - 1];
	}
	return label;
}

/* Breakdown tables by band: only bands with a shown figure appear. */
static void bands_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	const struct agg_wave *a = v->rep->waves[v->w].agg;
	int any_dim = 0;
	HW_LIT(w, "<section><h2>");
	hw_text(w, T(l, "By group"));
	HW_LIT(w, "</h2>");
	for (int d = 0; d < DIM_COUNT; d++) {
		int nv = a->nvalues[d], header = 0;
		for (int val = 0; val < nv; val++) {
			struct figure f;
			int shown = 0;
			for (int i = 0; i < v->norder && !shown; i++) {
				report_band_figure(v->rep, v->w, u, (enum agg_dim)d, val,
						   v->order[i], &f);
				shown = f.shown;
			}
			if (!shown)
				continue;
			if (!header) {
				HW_LIT(w, "<h3>");
				hw_text(w, dim_name((enum agg_dim)d, l));
				HW_LIT(w, "</h3>");
				scroll_open(w, "table-scroll", dim_name((enum agg_dim)d, l));
				HW_LIT(w, "<table class=\"data heatmap bands\"><thead><tr>"
					  "<th scope=\"col\">");
				hw_text(w, dim_name((enum agg_dim)d, l));
				HW_LIT(w, "</th>");
				for (int i = 0; i < v->norder; i++) {
					HW_LIT(w, "<th scope=\"col\" class=\"scale\">");
					hw_text(w, scale_name(v, v->order[i]));
					HW_LIT(w, "</th>");
				}
				HW_LIT(w, "</tr></thead><tbody>");
				header = 1;
				any_dim = 1;
			}
			HW_LIT(w, "<tr><th scope=\"row\">");
			hw_text(w, band_label(a, (enum agg_dim)d, val, l));
			HW_LIT(w, "</th>");
			for (int i = 0; i < v->norder; i++) {
				report_band_figure(v->rep, v->w, u, (enum agg_dim)d, val,
						   v->order[i], &f);
				heat_cell(w, l, &f);
			}
			HW_LIT(w, "</tr>");
		}
		if (header)
			HW_LIT(w, "</tbody></table></div>");
	}
	if (!any_dim) {
		HW_LIT(w, "<p class=\"small\">");
		hw_text(w, T(l, "No breakdown by age, years of service, contract, shift or "
				"function group can be shown: the groups are too small."));
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "</section>");
}

/*
 * Comments: only where the comment minimum and its differencing rule allow
 * (report_comments), screened, in a new random order at every view.
 */
static void comments_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	const char **c = NULL;
	size_t n = report_comments(v->rep, v->w, u, &c);
	HW_LIT(w, "<section class=\"comments\"><h2>");
	hw_text(w, T(l, "Comments"));
	HW_LIT(w, "</h2>");
	if (n == 0) {
		HW_LIT(w, "<p class=\"small\">");
		char *k = xasprintf("%d", v->rep->org.comment_min);
		char *t = tmpl_fill(T(l, "Comments are shown only for groups in which at least {1} "
					 "people wrote one, and never so that a smaller group can be "
					 "worked out."),
				    k, NULL);
		hw_text(w, t);
		free(t);
		free(k);
		HW_LIT(w, "</p></section>");
		return;
	}
	HW_LIT(w, "<p class=\"small\">");
	hw_text(w, T(l, "In random order, with names, e-mail addresses and phone numbers "
			"removed."));
	HW_LIT(w, "</p><ul class=\"comment-list\">");
	for (size_t i = 0; i < n; i++) {
		HW_LIT(w, "<li>");
		hw_text(w, c[i]);
		HW_LIT(w, "</li>");
	}
	HW_LIT(w, "</ul></section>");
	free(c);
}

/*
 * Key drivers: how strongly each resource (or need) goes together with each
 * outcome in this unit (Pearson's r over the respondents with both scores),
 * only where at least DRIVER_MIN_N people have both, as docs/reports.md
 * asks. Only drawn for a unit whose figures are shown.
 */
static void drivers_section(struct hw *w, const struct view *v, int u)
{
	enum lang l = v->r->lang;
	const struct agg_wave *a = v->rep->waves[v->w].agg;
	const struct instrument *ins = &v->rep->ins;
	int res[MAX_DRIVER_SCALES], out[MAX_DRIVER_SCALES], nres = 0, nout = 0, any = 0;

	if (!a->drivers)
		return;
	for (int i = 0; i < v->norder; i++) {
		int s = v->order[i];
		enum scale_kind k = ins->scales[s].kind;
		if ((k == SCALE_RESOURCE || k == SCALE_NEED) && nres < MAX_DRIVER_SCALES)
			res[nres++] = s;
		else if (k == SCALE_OUTCOME && nout < MAX_DRIVER_SCALES)
			out[nout++] = s;
	}
	for (int i = 0; i < nres && !any; i++)
		for (int j = 0; j < nout && !any; j++) {
			long n;
			double r = agg_driver_r(a, u, res[i], out[j], &n);
			any = isfinite(r) && n >= DRIVER_MIN_N;
		}
	HW_LIT(w, "<section class=\"drivers\"><h2>");
	hw_text(w, T(l, "What goes together with the outcomes"));
	HW_LIT(w, "</h2>");
	if (!any) {
		HW_LIT(w, "<p class=\"small\">");
		char *k = xasprintf("%d", DRIVER_MIN_N);
		char *t = tmpl_fill(T(l, "Key drivers are shown from {1} respondents on: with "
					 "fewer, the links are too uncertain."),
				    k, NULL);
		hw_text(w, t);
		free(t);
		free(k);
		HW_LIT(w, "</p></section>");
		return;
	}
	HW_LIT(w, "<p class=\"small\">");
	hw_text(w, T(l, "The correlation (r, from −1 to 1) between each resource and each "
			"outcome among the respondents of this unit. From 0.30 on (in bold) a "
			"resource goes clearly together with the outcome: improving it is a good "
			"candidate for action. A correlation is no proof of cause."));
	HW_LIT(w, "</p>");
	scroll_open(w, "table-scroll", T(l, "What goes together with the outcomes"));
	HW_LIT(w, "<table class=\"data drivers\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Resource"));
	HW_LIT(w, "</th>");
	for (int j = 0; j < nout; j++) {
		HW_LIT(w, "<th scope=\"col\" class=\"num\">");
		hw_text(w, scale_name(v, out[j]));
		HW_LIT(w, "</th>");
	}
	HW_LIT(w, "</tr></thead><tbody>");
	for (int i = 0; i < nres; i++) {
		HW_LIT(w, "<tr><th scope=\"row\">");
		hw_text(w, scale_name(v, res[i]));
		HW_LIT(w, "</th>");
		for (int j = 0; j < nout; j++) {
			long n;
			double r = agg_driver_r(a, u, res[i], out[j], &n);
			if (!isfinite(r) || n < DRIVER_MIN_N) {
				HW_LIT(w, "<td class=\"num\">–</td>");
				continue;
			}
			char t[32];
			snprintf(t, sizeof(t), "%.2f", r);
			if (l != LANG_EN && strchr(t, '.'))
				*strchr(t, '.') = ',';
			HW_LIT(w, "<td");
			hw_attr(w, "class", fabs(r) >= 0.3 ? "num strong" : "num");
			HW_LIT(w, ">");
			hw_text(w, t);
			HW_LIT(w, "</td>");
		}
		HW_LIT(w, "</tr>");
	}
	HW_LIT(w, "</tbody></table></div></section>");
}

/* Cronbach's alpha per scale and missing answers per item (whole wave). */
static void quality_section(struct hw *w, const struct view *v)
{
	enum lang l = v->r->lang;
	const struct agg_wave *a = v->rep->waves[v->w].agg;
	const struct instrument *ins = &v->rep->ins;
	if (a->nresp <= 0 || report_respondents(v->rep, v->w, 0) < 0)
		return;
	HW_LIT(w, "<section class=\"quality\"><h2>");
	hw_text(w, T(l, "Quality of the questionnaire in this wave"));
	HW_LIT(w, "</h2><p class=\"small\">");
	hw_text(w, T(l, "For prevention advisors: internal consistency per scale (Cronbach's "
			"alpha, 0.70 or more is good) and the share of unanswered questions, over "
			"all respondents of the wave."));
	HW_LIT(w, "</p><details><summary>");
	hw_text(w, T(l, "Cronbach's alpha per scale"));
	HW_LIT(w, "</summary><table class=\"data\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Scale"));
	HW_LIT(w, "</th><th scope=\"col\" class=\"num\">alpha</th></tr></thead><tbody>");
	for (int i = 0; i < v->norder; i++) {
		int s = v->order[i];
		char al[32];
		if (isfinite(a->alpha[s]))
			snprintf(al, sizeof(al), "%.2f", a->alpha[s]);
		else
			snprintf(al, sizeof(al), "–");
		if (l != LANG_EN && strchr(al, '.'))
			*strchr(al, '.') = ',';
		HW_LIT(w, "<tr><th scope=\"row\">");
		hw_text(w, scale_name(v, s));
		HW_LIT(w, "</th><td class=\"num\">");
		hw_text(w, al);
		if (isfinite(a->alpha[s]) && a->alpha[s] < 0.7) {
			HW_LIT(w, " <span class=\"small\">(");
			hw_text(w, T(l, "low"));
			HW_LIT(w, ")</span>");
		}
		HW_LIT(w, "</td></tr>");
	}
	HW_LIT(w, "</tbody></table></details><details><summary>");
	hw_text(w, T(l, "Unanswered questions"));
	HW_LIT(w, "</summary><table class=\"data\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Question"));
	HW_LIT(w, "</th><th scope=\"col\" class=\"num\">");
	hw_text(w, T(l, "Not answered"));
	HW_LIT(w, "</th></tr></thead><tbody>");
	for (int i = 0; i < ins->nitems && i < a->nitems; i++) {
		long miss = a->item_missing[i];
		HW_LIT(w, "<tr><th scope=\"row\">");
		hw_text(w, text_get(&ins->items[i].text, l));
		HW_LIT(w, "</th><td class=\"num\">");
		hw_textf(w, "%ld%%", (miss * 100 + a->nresp / 2) / a->nresp);
		HW_LIT(w, "</td></tr>");
	}
	HW_LIT(w, "</tbody></table></details></section>");
}

/* Links to the same report as a file (GET /reports/export, api.c). */
static void downloads(struct hw *w, const struct view *v, int u)
{
	static const struct {
		const char *format;
		const char *label;
	} files[] = {{"pdf", "PDF"}, {"xlsx", "Excel (XLSX)"}, {"csv", "CSV"}};
	HW_LIT(w, "<p class=\"downloads\">");
	hw_text(w, T(v->r->lang, "Download this report:"));
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		HW_LIT(w, " <a");
		hw_attrf(w, "href", "/reports/export?wave=%ld&unit=%ld&format=%s",
			 view_wave(v)->id, v->rep->units[u].id, files[i].format);
		HW_LIT(w, ">");
		hw_text(w, files[i].label);
		HW_LIT(w, "</a>");
	}
	HW_LIT(w, "</p>");
}

/* Ancestors within the user's scope, as links, then the unit itself. */
static void breadcrumbs(struct hw *w, const struct view *v, int u)
{
	int chain[64], n = 0;
	for (int p = v->rep->parent[u]; p >= v->from && p >= 0 && n < 64; p = v->rep->parent[p])
		chain[n++] = p;
	HW_LIT(w, "<nav class=\"crumbs\"");
	hw_attr(w, "aria-label", T(v->r->lang, "Where you are"));
	HW_LIT(w, "><ol><li><a");
	hw_attrf(w, "href", "/reports?wave=%ld", view_wave(v)->id);
	HW_LIT(w, ">");
	hw_text(w, T(v->r->lang, "All units"));
	HW_LIT(w, "</a></li>");
	while (n-- > 0) {
		HW_LIT(w, "<li><a");
		hw_attrf(w, "href", "/reports/unit/%ld?wave=%ld", v->rep->units[chain[n]].id,
			 view_wave(v)->id);
		HW_LIT(w, ">");
		hw_text(w, v->rep->units[chain[n]].name);
		HW_LIT(w, "</a></li>");
	}
	HW_LIT(w, "<li aria-current=\"page\">");
	hw_text(w, v->rep->units[u].name);
	HW_LIT(w, "</li></ol></nav>");
}

/* Links to the units right below u. */
static void children(struct hw *w, const struct view *v, int u)
{
	int any = 0;
	for (int i = u + 1; i < v->to && v->rep->units[i].depth > v->rep->units[u].depth; i++) {
		if (v->rep->parent[i] != u)
			continue;
		if (!any) {
			HW_LIT(w, "<section><h2>");
			hw_text(w, T(v->r->lang, "Units below"));
			HW_LIT(w, "</h2><ul class=\"children\">");
		}
		any = 1;
		HW_LIT(w, "<li><a");
		hw_attrf(w, "href", "/reports/unit/%ld?wave=%ld", v->rep->units[i].id,
			 view_wave(v)->id);
		HW_LIT(w, ">");
		hw_text(w, v->rep->units[i].name);
		HW_LIT(w, "</a></li>");
	}
	if (any)
		HW_LIT(w, "</ul></section>");
}

/*
 * GET /reports/unit/ID[?wave=ID]: everything about one unit (with the
 * units below it) in one closed wave; 403 for a manager outside their
 * units. Fills rs; returns 0 or the page's error.
 */
int reports_unit(struct req *r, struct resp *rs)
{
	struct view v;
	struct hw w;
	enum lang l = r->lang;
	long id;

	if (str_to_long(r->param, 1, 0x7fffffffL, &id))
		return page_message(r, rs, 404, T(l, "Unit not found"),
				    T(l, "There is no unit at this address."), "/reports",
				    T(l, "Back to the results"));
	if (view_load(&v, r, rs))
		return 0;
	int u = report_unit_index(v.rep, id);
	if (u < 0) {
		view_release(&v);
		return page_message(r, rs, 404, T(l, "Unit not found"),
				    T(l, "There is no unit at this address."), "/reports",
				    T(l, "Back to the results"));
	}
	if (u < v.from || u >= v.to) {
		view_release(&v);
		return page_message(r, rs, 403, T(l, "No access"),
				    T(l, "You can see the results of the units you lead and the "
					 "units below them."),
				    "/reports", T(l, "Back to the results"));
	}
	const struct unit *un = &v.rep->units[u];
	int shown = 0;
	for (int i = 0; i < v.norder && !shown; i++) {
		struct figure f;
		report_figure(v.rep, v.w, u, v.order[i], &f);
		shown = f.shown;
	}
	long resp = report_respondents(v.rep, v.w, u);
	char *obj = xasprintf("unit %s wave %ld", un->code ? un->code : "?",
			      v.rep->waves[v.w].wave.id);
	audit(r, "report.view", obj, "");
	free(obj);

	hw_init(&w, &rs->body);
	page_begin(&w, r, un->name);
	breadcrumbs(&w, &v, u);
	h1(&w, un->name);
	wave_line(&w, &v);
	char base[64];
	snprintf(base, sizeof(base), "/reports/unit/%ld", un->id);
	wave_nav(&w, &v, base);
	workshop_unit_link(&w, r, un->id);
	if (resp >= 0) {
		HW_LIT(&w, "<ul class=\"stats\"><li><strong>");
		hw_number(&w, l, resp);
		HW_LIT(&w, "</strong> ");
		hw_text(&w, NT(l, "respondent", "respondents", resp));
		HW_LIT(&w, "</li></ul>");
	}
	if (!shown) {
		HW_LIT(&w, "<section class=\"notice no-figures\"><p>");
		char *k = xasprintf("%d", v.rep->org.min_group);
		char *s = tmpl_fill(T(l, "No figures can be shown for this unit: it has fewer "
					 "than {1} respondents, or its figures are hidden so "
					 "that no smaller group can be worked out from the "
					 "figures that are shown."),
				    k, NULL);
		hw_text(&w, s);
		free(s);
		free(k);
		HW_LIT(&w, "</p>");
		int p = v.rep->parent[u];
		if (p >= v.from && p >= 0) {
			HW_LIT(&w, "<p><a class=\"button\"");
			hw_attrf(&w, "href", "/reports/unit/%ld?wave=%ld", v.rep->units[p].id,
				 view_wave(&v)->id);
			HW_LIT(&w, ">");
			char *t = tmpl_fill(T(l, "See the results of {1}"), v.rep->units[p].name,
					    NULL);
			hw_text(&w, t);
			free(t);
			HW_LIT(&w, "</a></p>");
		} else {
			HW_LIT(&w, "<p><a class=\"button\"");
			hw_attrf(&w, "href", "/reports?wave=%ld", view_wave(&v)->id);
			HW_LIT(&w, ">");
			hw_text(&w, T(l, "Back to the results"));
			HW_LIT(&w, "</a></p>");
		}
		HW_LIT(&w, "</section>");
	} else {
		downloads(&w, &v, u);
		points_section(&w, &v, u);
		HW_LIT(&w, "<section><h2>");
		hw_text(&w, T(l, "Scores per scale"));
		HW_LIT(&w, "</h2>");
		figures_table(&w, &v, u);
		HW_LIT(&w, "</section>");
	}
	/* next to the scores: what absence says, and what the unit does about both */
	absence_unit_section(&w, r, un->id);
	action_unit_summary(&w, r, un->id);
	if (shown) {
		shares_section(&w, &v, u);
		trend_section(&w, &v, u);
		bands_section(&w, &v, u);
		drivers_section(&w, &v, u);
		comments_section(&w, &v, u);
		if (r->user.role == ROLE_ADMIN || r->user.role == ROLE_ADVISOR)
			quality_section(&w, &v);
	}
	children(&w, &v, u);
	page_end(&w, r);
	view_release(&v);
	return page_finish(r, rs, &w);
}
