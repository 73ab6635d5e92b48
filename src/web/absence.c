/*
 * absence.c: the absence pages: the HR import (/admin/absences, person-
 * level health data: HR only), the indicator settings and warning-light
 * thresholds (/admin/absences/settings, HR and admin, audited old -> new),
 * the warning lights on a unit's report page (absence_unit_section) and
 * the organisation overview (/reports/absences).
 *
 * Report pages show unit figures only, suppressed by the anonymity rules
 * (absence_figures_compute over the whole tree, so that no hidden group
 * can be worked out by difference); nobody sees a person here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/absence_data.h"
#include "core/banned.h"
#include "report/svg.h"
#include "store/store_absence.h"
#include "web.h"

static void h1(struct hw *w, const char *s)
{
	HW_LIT(w, "<h1>");
	hw_text(w, s);
	HW_LIT(w, "</h1>");
}

static int store_error(struct req *r, struct resp *rs)
{
	fprintf(stderr, "store error: %s\n", r->st->err.msg);
	return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			    T(r->lang, "The data could not be read or saved. Nothing was changed. "
				       "Try again in a moment; if it persists, tell your "
				       "administrator."),
			    "/admin", T(r->lang, "Back to the overview"));
}

static int32_t today_day(void)
{
	char d[11];
	int32_t day = 0;
	today(d);
	if (day_parse(str_from(d), &day))
		day = 0;
	return day;
}

/* ---- import (HR) ---- */

static void import_form(struct hw *w, struct req *r, const char *what, const char *title,
			const char *help)
{
	HW_LIT(w, "<section class=\"import\"><h2>");
	hw_text(w, title);
	HW_LIT(w, "</h2><p>");
	hw_text(w, help);
	HW_LIT(w, "</p><form method=\"post\" class=\"stack\" data-csv-form");
	hw_attrf(w, "action", "/admin/absences/%s", what);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	HW_LIT(w, "<label");
	hw_attrf(w, "for", "file-%s", what);
	HW_LIT(w, ">");
	hw_text(w, T(r->lang, "CSV file"));
	HW_LIT(w, "</label><input type=\"file\" accept=\".csv,text/csv\" data-csv-file");
	hw_attrf(w, "id", "file-%s", what);
	hw_attrf(w, "data-target", "csv-%s", what);
	HW_LIT(w, "><label");
	hw_attrf(w, "for", "csv-%s", what);
	HW_LIT(w, ">");
	hw_text(w, T(r->lang, "Or paste the contents of the file"));
	HW_LIT(w, "</label><textarea name=\"csv\" rows=\"6\" spellcheck=\"false\"");
	hw_attrf(w, "id", "csv-%s", what);
	HW_LIT(w, "></textarea><fieldset><legend>");
	hw_text(w, T(r->lang, "What the file does"));
	HW_LIT(w, "</legend><label>"
		  "<input type=\"radio\" name=\"mode\" value=\"replace\" checked> ");
	hw_text(w, T(r->lang, "Replace: the file holds everything of its employees over the "
			      "period it covers"));
	HW_LIT(w, "</label><label><input type=\"radio\" name=\"mode\" value=\"add\"> ");
	hw_text(w, T(r->lang, "Add: keep what is stored and add the file's rows"));
	HW_LIT(w, "</label></fieldset><button type=\"submit\" class=\"primary\">");
	hw_text(w, T(r->lang, "Check and import"));
	HW_LIT(w, "</button></form></section>");
}

int absence_admin(struct req *r, struct resp *rs)
{
	struct hw w;
	enum lang l = r->lang;
	long n = r->st->ops->absence->records_count(r->st);

	if (n < 0)
		return store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Absences"));
	h1(&w, T(l, "Absences"));
	HW_LIT(&w, "<p>");
	hw_text(&w, T(l, "Absence records are health data: they are kept apart from everything "
			 "else, only HR sees them per person, and reports show only unit figures "
			 "for groups large enough to protect anonymity. Never import a diagnosis: "
			 "the kind of absence is enough."));
	HW_LIT(&w, "</p><ul class=\"stats\"><li><strong>");
	hw_number(&w, l, n);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, NT(l, "absence record stored", "absence records stored", n));
	HW_LIT(&w, "</li></ul><p><a class=\"button\" href=\"/admin/absences/settings\">");
	hw_text(&w, T(l, "Indicators and warning lights"));
	HW_LIT(&w, "</a> <a class=\"button\" href=\"/reports/absences\">");
	hw_text(&w, T(l, "Absence overview"));
	HW_LIT(&w, "</a></p>");
	import_form(&w, r, "import", T(l, "Absence records"),
		    T(l, "Columns: employee, start, end (empty while the absence runs), kind "
			 "(illness, private accident, work accident, maternity, protected leave, "
			 "other), percentage (of incapacity; 50 for half-time resumption; empty "
			 "is 100), certificate (medical, none, empty). Dates as YYYY-MM-DD or "
			 "DD/MM/YYYY. Two absences of one person may not overlap."));
	import_form(&w, r, "events", T(l, "HR events"),
		    T(l, "Columns: employee, date, event (hire, leave, fte, work accident), value "
			 "(working time in percent for hire and fte). Turnover, working time and "
			 "work accidents come from these events."));
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* The CSV of an import request: a text/csv body or the form field csv. */
static int import_data(struct req *r, const char **data, size_t *len)
{
	if (http_content_type_is(r->content_type, "text/csv")) {
		*data = buf_cstr(&r->body);
		*len = r->body.len;
		return 0;
	}
	const char *c = form_get(&r->form, "csv");
	if (!c || !*c)
		return -1;
	*data = c;
	*len = strlen(c);
	return 0;
}

static int import_result(struct req *r, struct resp *rs, int events,
			 const struct import_report *rep, const struct absence_import_result *res)
{
	struct hw w;
	enum lang l = r->lang;
	char n[32], k[32];

	if (rep->n)
		rs->status = 422;
	if (http_content_type_is(r->content_type, "text/csv")) {
		/* scripts get a plain-text report they can read line by line */
		rs->content_type = "text/plain; charset=utf-8";
		if (rep->n == 0) {
			buf_printf(&rs->body, "imported %zu %s, replaced %ld\n", res->imported,
				   events ? "hr_events" : "absences", res->replaced);
			return 0;
		}
		buf_printf(&rs->body, "nothing imported: %zu problem(s)\n", rep->n);
		for (size_t i = 0; i < rep->n; i++)
			buf_printf(&rs->body, "line %ld: %s\n", rep->errors[i].line,
				   rep->errors[i].msg);
		return 0;
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Absences"));
	if (rep->n == 0) {
		h1(&w, T(l, "Import done"));
		HW_LIT(&w, "<p class=\"ok\" role=\"status\">");
		snprintf(n, sizeof(n), "%zu", res->imported);
		snprintf(k, sizeof(k), "%ld", res->replaced);
		char *s = tmpl_fill(events ? NT(l, "{1} HR event imported ({2} replaced).",
						"{1} HR events imported ({2} replaced).",
						(long)res->imported)
					   : NT(l, "{1} absence record imported ({2} replaced).",
						"{1} absence records imported ({2} replaced).",
						(long)res->imported),
				    n, k, NULL);
		hw_text(&w, s);
		free(s);
		HW_LIT(&w, "</p>");
	} else {
		h1(&w, T(l, "Nothing was imported"));
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		snprintf(n, sizeof(n), "%zu", rep->n);
		char *s = tmpl_fill(NT(l, "The file has {1} problem. Correct it in the file and "
					  "import it again; nothing has changed.",
				       "The file has {1} problems. Correct them in the file and "
				       "import it again; nothing has changed.",
				       (long)rep->n),
				    n, NULL);
		hw_text(&w, s);
		free(s);
		HW_LIT(&w, "</p><table class=\"data\"><thead><tr><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(l, "Line"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(l, "Problem"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < rep->n && i < 1000; i++) {
			HW_LIT(&w, "<tr><td class=\"num\">");
			hw_textf(&w, "%ld", rep->errors[i].line);
			HW_LIT(&w, "</td><td>");
			hw_text(&w, rep->errors[i].msg);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
	}
	HW_LIT(&w, "<p><a class=\"button\" href=\"/admin/absences\">");
	hw_text(&w, T(l, "Back to absences"));
	HW_LIT(&w, "</a></p>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

static int import_post(struct req *r, struct resp *rs, int events)
{
	const char *data, *m = form_get(&r->form, "mode");
	size_t len;
	struct import_report rep = {.lang = r->lang};
	struct absence_import_result res = {0};
	enum absence_import_mode mode = ABS_IMPORT_REPLACE;

	if (!m)
		m = form_get(&r->query, "mode");
	if (m && strcmp(m, "add") == 0)
		mode = ABS_IMPORT_ADD;
	if (import_data(r, &data, &len))
		import_report_add(&rep, 0, T(r->lang, "the file is empty: choose a CSV file or "
						      "paste its contents"));
	else if (absence_import(r->st, data, len, events, mode, &rep, &res, NULL, NULL) == 0) {
		char *d = xasprintf("%zu rows, %ld replaced, %s", res.imported, res.replaced,
				    mode == ABS_IMPORT_ADD ? "add" : "replace");
		audit(r, events ? "import.hr_events" : "import.absences",
		      events ? "hr_events" : "absences", d);
		free(d);
	}
	int rc = import_result(r, rs, events, &rep, &res);
	import_report_release(&rep);
	return rc;
}

int absence_import_records_post(struct req *r, struct resp *rs)
{
	return import_post(r, rs, 0);
}

int absence_import_events_post(struct req *r, struct resp *rs)
{
	return import_post(r, rs, 1);
}

/* ---- settings (HR, admin) ---- */

static const struct {
	const char *name;
	const char *label;
	size_t off;
	int min, max;
} int_fields[] = {
	{"relapse_days", N_("Relapse within this many days continues the spell"),
	 offsetof(struct absence_settings, relapse_days), 0, 3660},
	{"short_max_days", N_("Short spells last at most (days)"),
	 offsetof(struct absence_settings, short_max_days), 1, 3660},
	{"medium_max_days", N_("Medium spells last at most (days)"),
	 offsetof(struct absence_settings, medium_max_days), 1, 3660},
	{"frequent_spells", N_("A frequent absentee has at least this many spells"),
	 offsetof(struct absence_settings, frequent_spells), 1, 100},
	{"frequent_window_days", N_("... within this many days"),
	 offsetof(struct absence_settings, frequent_window_days), 7, 3660},
	{"bradford_window_days", N_("Bradford factor over this many days"),
	 offsetof(struct absence_settings, bradford_window_days), 7, 3660},
	{"bradford_threshold", N_("Bradford threshold (share of employees above it)"),
	 offsetof(struct absence_settings, bradford_threshold), 1, 1000000},
	{"default_fte", N_("Working time of employees without FTE data (%)"),
	 offsetof(struct absence_settings, default_fte), 1, 100},
};

static void num_input(struct hw *w, const char *name, const char *id, double v, const char *label)
{
	char s[32];
	snprintf(s, sizeof(s), "%.10g", v);
	HW_LIT(w, "<input type=\"text\" inputmode=\"decimal\" size=\"6\"");
	hw_attr(w, "name", name);
	hw_attr(w, "id", id);
	hw_attr(w, "value", s);
	hw_attr(w, "aria-label", label);
	HW_LIT(w, ">");
}

static void kinds_fieldset(struct hw *w, enum lang l, const char *name, const char *legend,
			   unsigned bits)
{
	HW_LIT(w, "<fieldset><legend>");
	hw_text(w, legend);
	HW_LIT(w, "</legend>");
	for (int k = 0; k < ABS_KIND_COUNT; k++) {
		HW_LIT(w, "<label><input type=\"checkbox\"");
		hw_attrf(w, "name", "%s_%s", name, absence_kind_code((enum absence_kind)k));
		HW_LIT(w, " value=\"1\"");
		if (bits & ABS_KIND_BIT(k))
			HW_LIT(w, " checked");
		HW_LIT(w, "> ");
		hw_text(w, T(l, absence_kind_name((enum absence_kind)k)));
		HW_LIT(w, "</label>");
	}
	HW_LIT(w, "</fieldset>");
}

static void settings_page(struct hw *w, struct req *r, const struct absence_settings *as,
			  const struct light_settings *ls, const char *error, int saved)
{
	enum lang l = r->lang;
	int iv;

	h1(w, T(l, "Indicators and warning lights"));
	if (error) {
		HW_LIT(w, "<p class=\"error\" role=\"alert\">");
		hw_text(w, error);
		HW_LIT(w, "</p>");
	} else if (saved) {
		HW_LIT(w, "<p class=\"ok\" role=\"status\">");
		hw_text(w, T(l, "Settings saved."));
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "<p>");
	hw_text(w, T(l, "The defaults follow the Belgian benchmarks (SD Worx 2023, Securex 2024); "
			"see docs/absences.md. Protected kinds such as maternity leave are never "
			"held against anyone."));
	HW_LIT(w, "</p><form method=\"post\" action=\"/admin/absences/settings\" "
		  "class=\"stack abs-settings\">");
	page_csrf_field(w, r);
	kinds_fieldset(w, l, "kinds", T(l, "Kinds counted in the absence indicators"), as->kinds);
	kinds_fieldset(w, l, "kinds_bradford", T(l, "Kinds counted in the Bradford factor"),
		       as->kinds_bradford);
	for (size_t i = 0; i < ARRAY_SIZE(int_fields); i++) {
		memcpy(&iv, (const char *)as + int_fields[i].off, sizeof(iv));
		HW_LIT(w, "<label");
		hw_attr(w, "for", int_fields[i].name);
		HW_LIT(w, ">");
		hw_text(w, T(l, int_fields[i].label));
		HW_LIT(w, "</label><input type=\"number\" required");
		hw_attr(w, "name", int_fields[i].name);
		hw_attr(w, "id", int_fields[i].name);
		hw_attrf(w, "min", "%d", int_fields[i].min);
		hw_attrf(w, "max", "%d", int_fields[i].max);
		hw_attrf(w, "value", "%d", iv);
		HW_LIT(w, ">");
	}
	HW_LIT(w, "<h2>");
	hw_text(w, T(l, "Warning lights"));
	HW_LIT(w, "</h2><div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
	hw_attr(w, "aria-label", T(l, "Warning lights"));
	HW_LIT(w, "><table class=\"data\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Indicator"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Rule"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Worse when"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Orange from"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Red from"));
	HW_LIT(w, "</th></tr></thead><tbody>");
	for (int i = 0; i < AI_COUNT; i++) {
		const struct light_threshold *t = &ls->t[i];
		const char *code = absence_indicator_code((enum absence_ind)i);
		const char *name = T(l, absence_indicator_name((enum absence_ind)i));
		char fname[64], id[64];
		HW_LIT(w, "<tr><th scope=\"row\">");
		hw_text(w, name);
		HW_LIT(w, "</th><td><select");
		hw_attrf(w, "name", "rule_%s", code);
		hw_attr(w, "aria-label", name);
		HW_LIT(w, "><option value=\"abs\"");
		if (t->rule == LIGHT_ABS)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_text(w, T(l, "fixed threshold"));
		HW_LIT(w, "</option><option value=\"prev\"");
		if (t->rule == LIGHT_VS_PREV)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_text(w, T(l, "change against the previous period (%)"));
		HW_LIT(w, "</option><option value=\"off\"");
		if (t->rule == LIGHT_OFF)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_text(w, T(l, "no light"));
		HW_LIT(w, "</option></select></td><td><select");
		hw_attrf(w, "name", "dir_%s", code);
		hw_attr(w, "aria-label", name);
		HW_LIT(w, "><option value=\"higher\"");
		if (t->higher_is_worse)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_text(w, T(l, "higher"));
		HW_LIT(w, "</option><option value=\"lower\"");
		if (!t->higher_is_worse)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_text(w, T(l, "lower"));
		HW_LIT(w, "</option></select></td><td>");
		snprintf(fname, sizeof(fname), "orange_%s", code);
		snprintf(id, sizeof(id), "orange-%s", code);
		num_input(w, fname, id, t->orange, name);
		HW_LIT(w, "</td><td>");
		snprintf(fname, sizeof(fname), "red_%s", code);
		snprintf(id, sizeof(id), "red-%s", code);
		num_input(w, fname, id, t->red, name);
		HW_LIT(w, "</td></tr>");
	}
	HW_LIT(w, "</tbody></table></div><label for=\"min_lit_orange\">");
	hw_text(w, T(l, "Overall orange from this many lights on"));
	HW_LIT(w, "</label><input type=\"number\" id=\"min_lit_orange\" name=\"min_lit_orange\" "
		  "min=\"1\" max=\"12\" required");
	hw_attrf(w, "value", "%d", ls->min_lit_orange);
	HW_LIT(w, "><label for=\"min_lit_red\">");
	hw_text(w, T(l, "Overall red from this many lights on"));
	HW_LIT(w, "</label><input type=\"number\" id=\"min_lit_red\" name=\"min_lit_red\" "
		  "min=\"1\" "
		  "max=\"12\" required");
	hw_attrf(w, "value", "%d", ls->min_lit_red);
	HW_LIT(w, "><label for=\"min_red_red\">");
	hw_text(w, T(l, "... or from this many red lights"));
	HW_LIT(w, "</label><input type=\"number\" id=\"min_red_red\" name=\"min_red_red\" "
		  "min=\"1\" "
		  "max=\"12\" required");
	hw_attrf(w, "value", "%d", ls->min_red_red);
	HW_LIT(w, "><label for=\"trend_tolerance\">");
	hw_text(w, T(l, "A change smaller than this share counts as about the same (0.05 = 5 %)"));
	HW_LIT(w, "</label>");
	num_input(w, "trend_tolerance", "trend_tolerance", ls->trend_tolerance,
		  T(l, "Trend tolerance"));
	HW_LIT(w, "<button type=\"submit\" class=\"primary\">");
	hw_text(w, T(l, "Save"));
	HW_LIT(w, "</button></form>");
}

int absence_settings_form(struct req *r, struct resp *rs)
{
	struct absence_settings as;
	struct light_settings ls;
	struct hw w;

	if (absence_settings_load(r->st, &as, &ls))
		return store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Indicators and warning lights"));
	settings_page(&w, r, &as, &ls, NULL, form_get(&r->query, "saved") != NULL);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* A number from a form ("3,5" or "3.5"); -1 when it is not one. */
static int form_double(const struct req *r, const char *name, double *out)
{
	const char *v = form_get(&r->form, name);
	char s[64], *end;
	size_t n;

	if (!v)
		return -1;
	n = strlen(v);
	if (n == 0 || n >= sizeof(s))
		return -1;
	memcpy(s, v, n + 1);
	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

static int form_int(const struct req *r, const char *name, long min, long max, int *out)
{
	const char *v = form_get(&r->form, name);
	long x;
	if (!v || str_to_long(str_trim(str_from(v)), min, max, &x))
		return -1;
	*out = (int)x;
	return 0;
}

/* Reads the form into as/ls; returns the name of the first bad field, or NULL. */
static const char *settings_from_form(const struct req *r, struct absence_settings *as,
				      struct light_settings *ls)
{
	enum lang l = r->lang;
	char name[64];

	as->kinds = 0;
	as->kinds_bradford = 0;
	for (int k = 0; k < ABS_KIND_COUNT; k++) {
		const char *c = absence_kind_code((enum absence_kind)k);
		snprintf(name, sizeof(name), "kinds_%s", c);
		if (form_get(&r->form, name))
			as->kinds |= ABS_KIND_BIT(k);
		snprintf(name, sizeof(name), "kinds_bradford_%s", c);
		if (form_get(&r->form, name))
			as->kinds_bradford |= ABS_KIND_BIT(k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(int_fields); i++) {
		int v;
		if (form_int(r, int_fields[i].name, int_fields[i].min, int_fields[i].max, &v))
			return T(l, int_fields[i].label);
		memcpy((char *)as + int_fields[i].off, &v, sizeof(v));
	}
	for (int i = 0; i < AI_COUNT; i++) {
		const char *code = absence_indicator_code((enum absence_ind)i);
		const char *v;
		struct light_threshold *t = &ls->t[i];
		snprintf(name, sizeof(name), "rule_%s", code);
		v = form_get(&r->form, name);
		if (!v)
			return T(l, absence_indicator_name((enum absence_ind)i));
		t->rule = strcmp(v, "abs") == 0	   ? LIGHT_ABS
			  : strcmp(v, "prev") == 0 ? LIGHT_VS_PREV
						   : LIGHT_OFF;
		snprintf(name, sizeof(name), "dir_%s", code);
		v = form_get(&r->form, name);
		t->higher_is_worse = !v || strcmp(v, "lower") != 0;
		snprintf(name, sizeof(name), "orange_%s", code);
		if (form_double(r, name, &t->orange))
			return T(l, absence_indicator_name((enum absence_ind)i));
		snprintf(name, sizeof(name), "red_%s", code);
		if (form_double(r, name, &t->red))
			return T(l, absence_indicator_name((enum absence_ind)i));
	}
	if (form_int(r, "min_lit_orange", 1, 12, &ls->min_lit_orange))
		return T(l, "Overall orange from this many lights on");
	if (form_int(r, "min_lit_red", 1, 12, &ls->min_lit_red))
		return T(l, "Overall red from this many lights on");
	if (form_int(r, "min_red_red", 1, 12, &ls->min_red_red))
		return T(l, "... or from this many red lights");
	if (form_double(r, "trend_tolerance", &ls->trend_tolerance))
		return T(l, "Trend tolerance");
	return NULL;
}

int absence_settings_post(struct req *r, struct resp *rs)
{
	struct absence_settings as;
	struct light_settings ls;
	struct diag d = {0};
	char *changes = NULL, *err = NULL;
	const char *bad;
	struct hw w;

	if (absence_settings_load(r->st, &as, &ls))
		return store_error(r, rs);
	bad = settings_from_form(r, &as, &ls);
	if (bad)
		err = tmpl_fill(T(r->lang, "Check this field: {1}. Nothing was saved."), bad, NULL);
	else if (absence_settings_check(&as) || light_settings_check(&ls))
		err = xstrdup(T(r->lang, "These settings do not hold together (for example "
					 "orange past red, or no kind counted). Nothing was "
					 "saved."));
	else if (absence_settings_save(r->st, &as, &ls, &changes, &d))
		return store_error(r, rs);
	if (!err) {
		if (changes && *changes)
			audit(r, "absence.settings", "absence settings", changes);
		free(changes);
		resp_redirect(rs, "/admin/absences/settings?saved=1");
		return 0;
	}
	rs->status = 422;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Indicators and warning lights"));
	settings_page(&w, r, &as, &ls, err, 0);
	page_end(&w, r);
	free(err);
	return page_finish(r, rs, &w);
}

/* ---- warning lights on report pages ---- */

static const char *light_mark(enum light x)
{
	return x == LIGHT_RED ? "!!" : x == LIGHT_ORANGE ? "!" : x == LIGHT_GREEN ? "✓" : "";
}

/* A light as colour plus a word and a mark, readable without colour. */
static void light_cell(struct hw *w, enum lang l, enum light x)
{
	HW_LIT(w, "<td");
	hw_attrf(w, "class", "light light-%s", light_code(x));
	HW_LIT(w, "><span class=\"dot\" aria-hidden=\"true\"></span>");
	hw_text(w, T(l, light_name(x)));
	if (*light_mark(x)) {
		HW_LIT(w, "<span class=\"mark\" aria-hidden=\"true\">");
		hw_text(w, light_mark(x));
		HW_LIT(w, "</span>");
	}
	HW_LIT(w, "</td>");
}

static void quarter_label(char *dst, size_t n, int32_t from)
{
	int y, m, d;
	day_to_ymd(from, &y, &m, &d);
	snprintf(dst, n, "%d-Q%d", y, (m - 1) / 3 + 1);
}

/*
 * A small trend line of one indicator over the quarters: a dot per shown
 * quarter, lines between neighbours, and the values in words in <desc>.
 */
static void sparkline(struct hw *w, enum lang l, enum absence_ind ind, const double *v,
		      const int32_t *qfrom, int n, const char *id)
{
	struct buf out = BUF_INIT(64 * 1024), desc = BUF_INIT(4096);
	struct svg s;
	double lo = INFINITY, hi = -INFINITY;
	const double W = 120, H = 32, pad = 4;
	int shown = 0;

	for (int i = 0; i < n; i++) {
		char q[16], val[32];
		quarter_label(q, sizeof(q), qfrom[i]);
		absence_format_value(val, sizeof(val), ind, v[i], l);
		buf_printf(&desc, "%s%s: %s", i ? "; " : "", q, val);
		if (isfinite(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
			shown++;
		}
	}
	if (!shown) {
		HW_LIT(w, "–");
		buf_release(&out);
		buf_release(&desc);
		return;
	}
	if (hi - lo < 1e-9) {
		hi += 1;
		lo -= 1;
	}
	char *title = tmpl_fill(T(l, "{1} over the last quarters"),
				T(l, absence_indicator_name(ind)), NULL);
	svg_open(&s, &out, W, H, id, title, buf_cstr(&desc));
	double px = 0, py = 0;
	int have = 0;
	for (int i = 0; i < n; i++) {
		if (!isfinite(v[i])) {
			have = 0;
			continue;
		}
		double x = pad + (W - 2 * pad) * (n > 1 ? (double)i / (n - 1) : 0.5);
		double y = H - pad - (H - 2 * pad) * (v[i] - lo) / (hi - lo);
		if (have)
			svg_line(&s, px, py, x, y, "spark-line", "#4a5568", 1.5);
		svg_circle(&s, x, y, i == n - 1 ? 2.8 : 1.8, "spark-dot", "#2d3748", NULL);
		px = x;
		py = y;
		have = 1;
	}
	if (svg_close(&s) == 0)
		hw_markup(w, &out);
	free(title);
	buf_release(&out);
	buf_release(&desc);
}

/* The period selector: a GET form back to the same page. */
static void period_form(struct hw *w, struct req *r, const char *action,
			const struct absence_period *p, int32_t today)
{
	enum lang l = r->lang;
	const char *wave = form_get(&r->query, "wave");
	int y, m, d;

	day_to_ymd(today, &y, &m, &d);
	HW_LIT(w, "<form method=\"get\" class=\"period\"");
	hw_attr(w, "action", action);
	HW_LIT(w, ">");
	if (wave) {
		HW_LIT(w, "<input type=\"hidden\" name=\"wave\"");
		hw_attr(w, "value", wave);
		HW_LIT(w, ">");
	}
	HW_LIT(w, "<label for=\"abs-period\">");
	hw_text(w, T(l, "Period"));
	HW_LIT(w, "</label> <select id=\"abs-period\" name=\"period\"><option value=\"12m\"");
	if (strcmp(p->key, "12m") == 0)
		HW_LIT(w, " selected");
	HW_LIT(w, ">");
	hw_text(w, T(l, "Last 12 months"));
	HW_LIT(w, "</option>");
	int q = (m - 1) / 3 + 1;
	for (int i = 0; i < 8; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%dq%d", y, q);
		HW_LIT(w, "<option");
		hw_attr(w, "value", key);
		if (strcmp(p->key, key) == 0)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_textf(w, "%d-Q%d", y, q);
		HW_LIT(w, "</option>");
		if (--q == 0) {
			q = 4;
			y--;
		}
	}
	day_to_ymd(today, &y, &m, &d);
	for (int i = 1; i <= 3; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", y - i);
		HW_LIT(w, "<option");
		hw_attr(w, "value", key);
		if (strcmp(p->key, key) == 0)
			HW_LIT(w, " selected");
		HW_LIT(w, ">");
		hw_textf(w, "%d", y - i);
		HW_LIT(w, "</option>");
	}
	HW_LIT(w, "</select> <button type=\"submit\">");
	hw_text(w, T(l, "Show"));
	HW_LIT(w, "</button></form>");
}

static void period_line(struct hw *w, enum lang l, const struct absence_period *p)
{
	char f[11], t[11];
	day_format(p->from, f);
	day_format(p->to, t);
	char *s = tmpl_fill(T(l, "From {1} to {2}, compared with the period before."), f, t, NULL);
	HW_LIT(w, "<p class=\"small\">");
	hw_text(w, s);
	HW_LIT(w, "</p>");
	free(s);
}

static void hidden_notice(struct hw *w, enum lang l, int k)
{
	char ks[16];
	snprintf(ks, sizeof(ks), "%d", k);
	char *s = tmpl_fill(T(l, "No absence figures can be shown for this unit: it has fewer "
				 "than {1} people, or its figures are hidden so that no smaller "
				 "group can be worked out from the figures that are shown."),
			    ks, NULL);
	HW_LIT(w, "<p class=\"notice abs-hidden\">");
	hw_text(w, s);
	HW_LIT(w, "</p>");
	free(s);
}

/* The lights table of unit u: values, lights, thresholds, trend and a trend line. */
static void lights_table(struct hw *w, enum lang l, const struct absence_view *v,
			 const struct light_result *lr, const double *cur, const double *prev,
			 double spark[][AI_COUNT], const int32_t *qfrom, int nq)
{
	HW_LIT(w, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
	hw_attr(w, "aria-label", T(l, "Absence warning lights"));
	HW_LIT(w, "><table class=\"data abs-lights\"><thead><tr><th scope=\"col\">");
	hw_text(w, T(l, "Indicator"));
	HW_LIT(w, "</th><th scope=\"col\" class=\"num\">");
	hw_text(w, T(l, "Value"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Light"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Threshold"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Trend"));
	HW_LIT(w, "</th><th scope=\"col\">");
	hw_text(w, T(l, "Last quarters"));
	HW_LIT(w, "</th></tr></thead><tbody>");
	for (int i = 0; i < AI_COUNT; i++) {
		enum absence_ind ind = (enum absence_ind)i;
		char val[32], pv[32], id[32];
		double line[ABS_TREND_POINTS];
		HW_LIT(w, "<tr");
		hw_attrf(w, "data-indicator", "%s", absence_indicator_code(ind));
		HW_LIT(w, "><th scope=\"row\">");
		hw_text(w, T(l, absence_indicator_name(ind)));
		HW_LIT(w, "</th><td class=\"num\">");
		absence_format_value(val, sizeof(val), ind, cur[i], l);
		hw_text(w, val);
		if (*absence_indicator_unit(ind) && isfinite(cur[i])) {
			HW_LIT(w, " <span class=\"small\">");
			hw_text(w, T(l, absence_indicator_unit(ind)));
			HW_LIT(w, "</span>");
		}
		HW_LIT(w, "</td>");
		light_cell(w, l, (enum light)lr->light[i]);
		HW_LIT(w, "<td class=\"small\">");
		char *th = absence_threshold_text(&v->ls.t[i], ind, l);
		hw_text(w, th);
		free(th);
		HW_LIT(w, "</td><td");
		hw_attrf(w, "class", "trend %s",
			 lr->better[i] > 0 ? "better" : lr->better[i] < 0 ? "worse" : "same");
		HW_LIT(w, "><span aria-hidden=\"true\">");
		hw_text(w, absence_trend_arrow((enum trend)lr->trend[i]));
		HW_LIT(w, "</span> ");
		hw_text(w, T(l, trend_name((enum trend)lr->trend[i])));
		if (lr->trend[i] != TREND_NONE) {
			absence_format_value(pv, sizeof(pv), ind, prev[i], l);
			HW_LIT(w, " <span class=\"small\">(");
			char *s = tmpl_fill(T(l, "before: {1}"), pv, NULL);
			hw_text(w, s);
			free(s);
			HW_LIT(w, ")</span>");
		}
		HW_LIT(w, "</td><td class=\"spark\">");
		for (int q = 0; q < nq; q++)
			line[q] = spark[q][i];
		snprintf(id, sizeof(id), "abs-spark-%d", i);
		sparkline(w, l, ind, line, qfrom, nq, id);
		HW_LIT(w, "</td></tr>");
	}
	HW_LIT(w, "</tbody></table></div>");
}

static void overall_line(struct hw *w, enum lang l, const struct light_result *lr, long heads)
{
	char lit[16], red[16], n[16];
	HW_LIT(w, "<p");
	hw_attrf(w, "class", "abs-overall light-%s", light_code(lr->overall));
	HW_LIT(w, "><span class=\"dot\" aria-hidden=\"true\"></span><strong>");
	char *o = tmpl_fill(T(l, "Overall: {1}"), T(l, light_name(lr->overall)), NULL);
	hw_text(w, o);
	free(o);
	HW_LIT(w, "</strong> ");
	snprintf(lit, sizeof(lit), "%d", lr->lit);
	snprintf(red, sizeof(red), "%d", lr->red);
	snprintf(n, sizeof(n), "%ld", heads);
	char *s = tmpl_fill(T(l, "({1} lights on, {2} of them red; {3} people)"), lit, red, n,
			    NULL);
	hw_text(w, s);
	free(s);
	HW_LIT(w, "</p>");
}

/*
 * The figures of a period from the server's shared cache (owned: computed
 * for this request only, when the cache holds enough periods already).
 */
struct figs {
	struct absence_figures f;
	int owned;
};

static int figs_get(struct req *r, const struct absence_view *v, int32_t from, int32_t to,
		    struct figs *x)
{
	return app_absence_figures(r->app, v, from, to, &x->f, &x->owned);
}

static void figs_release(struct figs *x)
{
	if (x->owned)
		absence_figures_release(&x->f);
	memset(x, 0, sizeof(*x));
}

void absence_unit_section(struct hw *w, struct req *r, long unit_id)
{
	enum lang l = r->lang;
	const struct absence_view *v;
	struct absence_period p;
	struct figs cur = {0}, prev = {0};
	int32_t today = today_day();
	char action[64];
	int u;

	HW_LIT(w, "<section class=\"absence\" id=\"absence\" aria-labelledby=\"absence-h\">"
		  "<h2 id=\"absence-h\">");
	hw_text(w, T(l, "Absence: warning lights"));
	HW_LIT(w, "</h2>");
	if (absence_period_parse(form_get(&r->query, "period"), today, &p))
		absence_period_parse(NULL, today, &p);
	int err;
	if (!(v = app_absence_get(r->app, r->st, &err))) {
		fprintf(stderr, "absence: %s\n", r->st->err.msg);
		HW_LIT(w, "<p class=\"error\">");
		hw_text(w, T(l, "The absence figures could not be read."));
		HW_LIT(w, "</p></section>");
		return;
	}
	u = absence_view_unit(v, unit_id);
	snprintf(action, sizeof(action), "/reports/unit/%ld", unit_id);
	period_form(w, r, action, &p, today);
	period_line(w, l, &p);
	if (u < 0 || v->nrec == 0) {
		HW_LIT(w, "<p class=\"notice\">");
		hw_text(w, T(l, "No absence data yet: HR imports them under Absences."));
		HW_LIT(w, "</p></section>");
		app_absence_put(r->app, v);
		return;
	}
	if (figs_get(r, v, p.from, p.to, &cur) || figs_get(r, v, p.prev_from, p.prev_to, &prev)) {
		HW_LIT(w, "<p class=\"error\">");
		hw_text(w, T(l, "The absence figures could not be read."));
		HW_LIT(w, "</p>");
	} else if (!cur.f.show[u]) {
		hidden_notice(w, l, v->k);
	} else {
		double a[AI_COUNT], b[AI_COUNT];
		double spark[ABS_TREND_POINTS][AI_COUNT];
		int32_t qfrom[ABS_TREND_POINTS];
		struct light_result lr;
		int y, m, d;

		absence_figures_values(&cur.f, (int)u, a);
		absence_figures_values(&prev.f, (int)u, b);
		if (light_evaluate(&v->ls, a, b, &lr))
			memset(&lr, 0, sizeof(lr));
		/* the quarters up to the one the period ends in, each suppressed on its own */
		day_to_ymd(p.to, &y, &m, &d);
		int32_t qs = day_from_ymd(y, 3 * ((m - 1) / 3) + 1, 1);
		for (int q = ABS_TREND_POINTS - 1; q >= 0; q--) {
			struct figs f = {0};
			qfrom[q] = qs;
			int32_t qe = day_add_months(qs, 3) - 1;
			if (figs_get(r, v, qs, qe < p.to ? qe : p.to, &f) == 0) {
				absence_figures_values(&f.f, u, spark[q]);
				figs_release(&f);
			} else {
				for (int i = 0; i < AI_COUNT; i++)
					spark[q][i] = NAN;
			}
			qs = day_add_months(qs, -3);
		}
		overall_line(w, l, &lr, cur.f.ind[u].headcount);
		lights_table(w, l, v, &lr, a, b, spark, qfrom, ABS_TREND_POINTS);
		HW_LIT(w, "<p class=\"small\">");
		hw_text(w, T(l, "Unit figures only, for this unit with the units below it. "
				"Protected kinds such as maternity leave are not counted. "
				"Thresholds are set under Absences, Indicators and warning "
				"lights."));
		HW_LIT(w, "</p>");
		HW_LIT(w, "<p><a");
		hw_attrf(w, "href", "/reports/absences?period=%s", p.key);
		HW_LIT(w, ">");
		hw_text(w, T(l, "Absence overview"));
		HW_LIT(w, "</a></p>");
	}
	HW_LIT(w, "</section>");
	figs_release(&cur);
	figs_release(&prev);
	app_absence_put(r->app, v);
}

/* ---- organisation overview ---- */

int absence_overview(struct req *r, struct resp *rs)
{
	enum lang l = r->lang;
	const struct absence_view *v;
	struct absence_period p;
	struct figs cur = {0}, prev = {0};
	int32_t today = today_day();
	struct hw w;
	int from = 0, to;

	if (absence_period_parse(form_get(&r->query, "period"), today, &p))
		absence_period_parse(NULL, today, &p);
	int err;
	if (!(v = app_absence_get(r->app, r->st, &err)))
		return store_error(r, rs);
	to = (int)v->nunits;
	if (r->user.role == ROLE_MANAGER) {
		int k = absence_view_unit(v, r->user.unit_id);
		from = k < 0 ? 0 : k;
		to = k < 0 ? 0 : v->end[k];
	}
	if (figs_get(r, v, p.from, p.to, &cur) || figs_get(r, v, p.prev_from, p.prev_to, &prev)) {
		figs_release(&cur);
		figs_release(&prev);
		app_absence_put(r->app, v);
		return store_error(r, rs);
	}
	audit(r, "absence.view", "overview", p.key);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(l, "Absence overview"));
	h1(&w, T(l, "Absence overview"));
	period_form(&w, r, "/reports/absences", &p, today);
	period_line(&w, l, &p);
	if (v->nrec == 0) {
		HW_LIT(&w, "<p class=\"notice\">");
		hw_text(&w, T(l, "No absence data yet: HR imports them under Absences."));
		HW_LIT(&w, "</p>");
	} else {
		HW_LIT(&w, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"");
		hw_attr(&w, "aria-label", T(l, "Absence overview"));
		HW_LIT(&w, "><table class=\"data heatmap abs-heatmap\"><thead><tr>"
			   "<th scope=\"col\">");
		hw_text(&w, T(l, "Unit"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(l, "Overall"));
		HW_LIT(&w, "</th>");
		for (int i = 0; i < AI_COUNT; i++) {
			HW_LIT(&w, "<th scope=\"col\">");
			hw_text(&w, T(l, absence_indicator_name((enum absence_ind)i)));
			HW_LIT(&w, "</th>");
		}
		HW_LIT(&w, "</tr></thead><tbody>");
		for (int u = from; u < to; u++) {
			double a[AI_COUNT], b[AI_COUNT];
			struct light_result lr;
			HW_LIT(&w, "<tr><th scope=\"row\"");
			int depth = v->units[u].depth < 6 ? v->units[u].depth : 6;
			hw_attrf(&w, "class", "depth-%d", depth);
			HW_LIT(&w, "><a");
			hw_attrf(&w, "href", "/reports/unit/%ld?period=%s#absence", v->units[u].id,
				 p.key);
			HW_LIT(&w, ">");
			hw_text(&w, v->units[u].name);
			HW_LIT(&w, "</a></th>");
			if (!cur.f.show[u]) {
				HW_LIT(&w, "<td class=\"hm hm-hidden\"");
				hw_attrf(&w, "colspan", "%d", AI_COUNT + 1);
				HW_LIT(&w, ">");
				hw_text(&w, T(l, "hidden to protect anonymity"));
				HW_LIT(&w, "</td></tr>");
				continue;
			}
			absence_figures_values(&cur.f, u, a);
			absence_figures_values(&prev.f, u, b);
			if (light_evaluate(&v->ls, a, b, &lr))
				memset(&lr, 0, sizeof(lr));
			light_cell(&w, l, lr.overall);
			for (int i = 0; i < AI_COUNT; i++) {
				char val[32];
				enum light x = (enum light)lr.light[i];
				absence_format_value(val, sizeof(val), (enum absence_ind)i, a[i],
						     l);
				HW_LIT(&w, "<td");
				hw_attrf(&w, "class", "num light light-%s", light_code(x));
				HW_LIT(&w, ">");
				hw_text(&w, val);
				if (x == LIGHT_ORANGE || x == LIGHT_RED) {
					HW_LIT(&w, "<span class=\"mark\" aria-hidden=\"true\">");
					hw_text(&w, light_mark(x));
					HW_LIT(&w, "</span>");
				}
				HW_LIT(&w, "<span class=\"vh\"> (");
				hw_text(&w, T(l, light_name(x)));
				HW_LIT(&w, ")</span></td>");
			}
			HW_LIT(&w, "</tr>");
		}
		HW_LIT(&w, "</tbody></table></div>");
	}
	page_end(&w, r);
	figs_release(&cur);
	figs_release(&prev);
	app_absence_put(r->app, v);
	return page_finish(r, rs, &w);
}
