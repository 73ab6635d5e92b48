/*
 * admin.c: the pages of HR staff and prevention advisors: overview,
 * organisation tree, CSV import, survey waves with live participation,
 * personal links and letters, settings.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/org.h"
#include "export.h"
#include "web.h"

static int store_error(struct req *r, struct resp *rs)
{
	fprintf(stderr, "store error: %s\n", r->st->err.msg);
	return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			    T(r->lang, "The data could not be read or saved. Nothing was changed. "
				       "Try again in a moment; if it persists, tell your "
				       "administrator."),
			    "/admin", T(r->lang, "Back to the overview"));
}

static void h1(struct hw *w, const char *s)
{
	HW_LIT(w, "<h1>");
	hw_text(w, s);
	HW_LIT(w, "</h1>");
}

static void percent(struct hw *w, long part, long whole)
{
	if (whole <= 0) {
		HW_LIT(w, "–");
		return;
	}
	hw_textf(w, "%ld%%", (part * 100 + whole / 2) / whole);
}

/* Units with participation rolled up from descendants. */
struct tree {
	struct unit *u;
	size_t n;
	struct id_index *ix; /* unit ids to positions in u */
	long *invited;  /* including descendants */
	long *answered;
};

static long find_unit(const struct tree *t, long id)
{
	return id_index_find(t->ix, t->n, id);
}

static void tree_release(struct tree *t)
{
	units_free(t->u, t->n);
	free(t->ix);
	free(t->invited);
	free(t->answered);
	memset(t, 0, sizeof(*t));
}

static int tree_load(struct store *st, long wave_id, struct tree *t)
{
	struct participation *p = NULL;
	size_t np = 0;

	memset(t, 0, sizeof(*t));
	if (st->ops->units_list(st, &t->u, &t->n))
		return -1;
	t->ix = xmalloc((t->n + 1) * sizeof(*t->ix));
	for (size_t i = 0; i < t->n; i++) {
		t->ix[i].id = t->u[i].id;
		t->ix[i].index = (int)i;
	}
	id_index_sort(t->ix, t->n);
	t->invited = xcalloc(t->n + 1, sizeof(long));
	t->answered = xcalloc(t->n + 1, sizeof(long));
	if (wave_id <= 0)
		return 0;
	if (st->ops->wave_participation(st, wave_id, &p, &np)) {
		tree_release(t);
		return -1;
	}
	for (size_t i = 0; i < np; i++) {
		long k = find_unit(t, p[i].unit_id);
		if (k >= 0) {
			t->invited[k] += p[i].invited;
			t->answered[k] += p[i].answered;
		}
	}
	free(p);
	/* Pre-order: children follow parents, so a reverse pass rolls up. */
	for (size_t i = t->n; i-- > 0;) {
		if (t->u[i].parent_id == 0)
			continue;
		long k = find_unit(t, t->u[i].parent_id);
		if (k >= 0) {
			t->invited[k] += t->invited[i];
			t->answered[k] += t->answered[i];
		}
	}
	return 0;
}

/* The range [from, to) of pre-order indices a user may see. */
static void scope(const struct req *r, const struct tree *t, size_t *from, size_t *to)
{
	*from = 0;
	*to = t->n;
	if (r->user.role != ROLE_MANAGER)
		return;
	long k = find_unit(t, r->user.unit_id);
	if (k < 0) {
		*to = 0;
		return;
	}
	*from = (size_t)k;
	size_t e = (size_t)k + 1;
	while (e < t->n && t->u[e].depth > t->u[k].depth)
		e++;
	*to = e;
}

static const char *status_word(enum lang l, enum wave_status s)
{
	return s == WAVE_OPEN ? T(l, "open") : T(l, "closed");
}

int admin_home(struct req *r, struct resp *rs)
{
	struct org_settings org;
	struct wave *waves = NULL;
	size_t nw = 0;
	struct unit *units = NULL;
	size_t nu = 0;
	struct hw w;

	if (r->st->ops->org_get(r->st, &org))
		return store_error(r, rs);
	if (r->st->ops->wave_list(r->st, &waves, &nw) ||
	    r->st->ops->units_list(r->st, &units, &nu)) {
		org_settings_release(&org);
		return store_error(r, rs);
	}
	long employees = r->st->ops->employees_count(r->st);
	int staff = r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR ||
		    r->user.role == ROLE_ADVISOR;

	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Overview"));
	h1(&w, org.name);
	HW_LIT(&w, "<ul class=\"stats\"><li><strong>");
	hw_number(&w, r->lang, (long)nu);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, NT(r->lang, "unit", "units", (long)nu));
	HW_LIT(&w, "</li><li><strong>");
	hw_number(&w, r->lang, employees);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, NT(r->lang, "employee", "employees", employees));
	HW_LIT(&w, "</li><li><strong>");
	hw_number(&w, r->lang, (long)nw);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, NT(r->lang, "survey wave", "survey waves", (long)nw));
	HW_LIT(&w, "</li></ul>");

	if (nu == 0 && (r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR)) {
		HW_LIT(&w, "<p class=\"notice\">");
		hw_text(&w, T(r->lang, "Start by importing your units and employees from the CSV "
				       "files your HR system exports."));
		HW_LIT(&w, " <a href=\"/admin/import\">");
		hw_text(&w, T(r->lang, "Import the organisation"));
		HW_LIT(&w, "</a></p>");
	}
	HW_LIT(&w, "<section><div class=\"bar\"><h2>");
	hw_text(&w, T(r->lang, "Survey waves"));
	HW_LIT(&w, "</h2>");
	if (staff && nu > 0) {
		HW_LIT(&w, "<a class=\"button primary\" href=\"/admin/waves/new\">");
		hw_text(&w, T(r->lang, "New survey wave"));
		HW_LIT(&w, "</a>");
	}
	HW_LIT(&w, "</div>");
	if (nw == 0) {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(r->lang, "No survey waves yet."));
		HW_LIT(&w, "</p>");
	} else {
		HW_LIT(&w, "<table class=\"data\"><thead><tr><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Wave"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Period"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Status"));
		HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Invited"));
		HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Answered"));
		HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Response rate"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < nw; i++) {
			HW_LIT(&w, "<tr><td><a");
			hw_attrf(&w, "href", "/admin/waves/%ld", waves[i].id);
			HW_LIT(&w, ">");
			hw_text(&w, waves[i].title);
			HW_LIT(&w, "</a></td><td>");
			hw_text(&w, waves[i].opens);
			HW_LIT(&w, " – ");
			hw_text(&w, waves[i].closes);
			HW_LIT(&w, "</td><td><span class=\"status ");
			hw_text(&w, waves[i].status == WAVE_OPEN ? "open" : "closed");
			HW_LIT(&w, "\">");
			hw_text(&w, status_word(r->lang, waves[i].status));
			HW_LIT(&w, "</span></td><td class=\"num\">");
			hw_number(&w, r->lang, waves[i].invited);
			HW_LIT(&w, "</td><td class=\"num\">");
			hw_number(&w, r->lang, waves[i].answered);
			HW_LIT(&w, "</td><td class=\"num\">");
			percent(&w, waves[i].answered, waves[i].invited);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
	}
	HW_LIT(&w, "</section>");
	page_end(&w, r);
	org_settings_release(&org);
	waves_free(waves, nw);
	units_free(units, nu);
	return page_finish(r, rs, &w);
}

int admin_units(struct req *r, struct resp *rs)
{
	struct tree t;
	struct hw w;
	if (tree_load(r->st, 0, &t))
		return store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Organisation"));
	h1(&w, T(r->lang, "Organisation"));
	if (t.n == 0) {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(r->lang, "No units yet. Import them from a CSV file."));
		HW_LIT(&w, " <a href=\"/admin/import\">");
		hw_text(&w, T(r->lang, "Import the organisation"));
		HW_LIT(&w, "</a></p>");
	} else {
		HW_LIT(&w, "<table class=\"data tree\"><thead><tr><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Unit"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Code"));
		HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Employees (this unit only)"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < t.n; i++) {
			HW_LIT(&w, "<tr><td");
			hw_attrf(&w, "class", "d%d", t.u[i].depth > 8 ? 8 : t.u[i].depth);
			HW_LIT(&w, ">");
			hw_text(&w, t.u[i].name);
			HW_LIT(&w, "</td><td>");
			hw_text(&w, t.u[i].code);
			HW_LIT(&w, "</td><td class=\"num\">");
			hw_number(&w, r->lang, t.u[i].employees);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
	}
	page_end(&w, r);
	tree_release(&t);
	return page_finish(r, rs, &w);
}

static void import_form(struct hw *w, struct req *r, const char *what, const char *title,
			const char *help)
{
	HW_LIT(w, "<section class=\"import\"><h2>");
	hw_text(w, title);
	HW_LIT(w, "</h2><p>");
	hw_text(w, help);
	HW_LIT(w, "</p><form method=\"post\" class=\"stack\" data-csv-form");
	hw_attrf(w, "action", "/admin/import/%s", what);
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
	HW_LIT(w, "></textarea><button type=\"submit\" class=\"primary\">");
	hw_text(w, T(r->lang, "Check and import"));
	HW_LIT(w, "</button></form></section>");
}

int admin_import_form(struct req *r, struct resp *rs)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Import"));
	h1(&w, T(r->lang, "Import the organisation"));
	HW_LIT(&w, "<p>");
	hw_text(&w, T(r->lang, "Use the CSV files your HR or payroll system exports (UTF-8, with "
			       "',' or ';'). Every row is checked first; if any row is wrong, you "
			       "get the list of problems and nothing is imported. Importing again "
			       "updates units and employees with the same id."));
	HW_LIT(&w, "</p>");
	import_form(&w, r, "units", T(r->lang, "1. Units"),
		    T(r->lang, "Columns: unit_id, parent_id (empty for the organisation itself), "
			       "name."));
	import_form(&w, r, "employees", T(r->lang, "2. Employees"),
		    T(r->lang, "Columns: employee_id, unit_id, first_name, last_name, email "
			       "(may be empty), language (nl, fr or en), birth_year, start_year, "
			       "contract, shift, function_group. Only employee_id and unit_id "
			       "are required."));
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

static int import_result(struct req *r, struct resp *rs, const char *what,
			 const struct import_report *rep, long imported)
{
	struct hw w;
	int script = http_content_type_is(r->content_type, "text/csv");
	if (rep->n)
		rs->status = 422;
	if (script) {
		/* Scripts get a plain-text report they can read line by line. */
		rs->content_type = "text/plain; charset=utf-8";
		if (rep->n == 0) {
			buf_printf(&rs->body, "imported %ld %s\n", imported, what);
			return 0;
		}
		buf_printf(&rs->body, "nothing imported: %zu problem(s)\n", rep->n);
		for (size_t i = 0; i < rep->n; i++)
			buf_printf(&rs->body, "line %ld: %s\n", rep->errors[i].line,
				   rep->errors[i].msg);
		return 0;
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Import"));
	if (rep->n == 0) {
		h1(&w, T(r->lang, "Import done"));
		HW_LIT(&w, "<p class=\"ok\" role=\"status\">");
		char *n = xasprintf("%ld", imported);
		char *s = tmpl_fill(strcmp(what, "units") == 0
					    ? NT(r->lang, "{1} unit imported.", "{1} units imported.",
						 imported)
					    : NT(r->lang, "{1} employee imported.",
						 "{1} employees imported.", imported),
				    n, NULL);
		hw_text(&w, s);
		free(s);
		free(n);
		HW_LIT(&w, "</p><p><a class=\"button\" href=\"/admin/import\">");
		hw_text(&w, T(r->lang, "Import more"));
		HW_LIT(&w, "</a> <a class=\"button\" href=\"/admin/units\">");
		hw_text(&w, T(r->lang, "See the organisation"));
		HW_LIT(&w, "</a></p>");
	} else {
		h1(&w, T(r->lang, "Nothing was imported"));
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		char *n = xasprintf("%zu", rep->n);
		char *s = tmpl_fill(NT(r->lang, "The file has {1} problem. Correct it in the file "
						"and import it again; nothing has changed.",
						"The file has {1} problems. Correct them in the file "
						"and import it again; nothing has changed.",
						(long)rep->n),
				    n, NULL);
		hw_text(&w, s);
		free(s);
		free(n);
		HW_LIT(&w, "</p><table class=\"data\"><thead><tr><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Line"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Problem"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < rep->n && i < 1000; i++) {
			HW_LIT(&w, "<tr><td class=\"num\">");
			hw_textf(&w, "%ld", rep->errors[i].line);
			HW_LIT(&w, "</td><td>");
			hw_text(&w, rep->errors[i].msg);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
		if (rep->n > 1000) {
			HW_LIT(&w, "<p>");
			hw_textf(&w, "… (+%zu)", rep->n - 1000);
			HW_LIT(&w, "</p>");
		}
		HW_LIT(&w, "<p><a class=\"button\" href=\"/admin/import\">");
		hw_text(&w, T(r->lang, "Back to import"));
		HW_LIT(&w, "</a></p>");
	}
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

static int known_unit(void *ctx, const char *code)
{
	struct store *st = ctx;
	return st->ops->unit_code_exists(st, code) == 1;
}

int admin_import_units(struct req *r, struct resp *rs)
{
	const char *data;
	size_t len;
	struct unit_table t = {0};
	struct import_report rep = {.lang = r->lang};

	if (import_data(r, &data, &len))
		import_report_add(&rep, 0, T(r->lang, "the file is empty: choose a CSV file or "
						      "paste its contents"));
	else if (org_parse_units(data, len, &t, known_unit, r->st, &rep) == 0 &&
		 r->st->ops->units_import(r->st, &t))
		import_report_add(&rep, 0, T(r->lang, "the units could not be saved: %s"),
				  r->st->err.msg);
	if (rep.n == 0 && t.n) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", t.n);
		audit(r, "import.units", "units", n);
	}
	int rc = import_result(r, rs, "units", &rep, (long)t.n);
	unit_table_release(&t);
	import_report_release(&rep);
	return rc;
}

int admin_import_employees(struct req *r, struct resp *rs)
{
	const char *data;
	size_t len;
	struct employee_table t = {0};
	struct import_report rep = {.lang = r->lang};
	struct org_settings org;

	if (r->st->ops->org_get(r->st, &org))
		return store_error(r, rs);
	if (import_data(r, &data, &len))
		import_report_add(&rep, 0, T(r->lang, "the file is empty: choose a CSV file or "
						      "paste its contents"));
	else if (org_parse_employees(data, len, org.lang, this_year(), NULL, known_unit, r->st,
				     &t, &rep) == 0 &&
		 r->st->ops->employees_import(r->st, &t))
		import_report_add(&rep, 0, T(r->lang, "the employees could not be saved: %s"),
				  r->st->err.msg);
	if (rep.n == 0 && t.n) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", t.n);
		audit(r, "import.employees", "employees", n);
	}
	int rc = import_result(r, rs, "employees", &rep, (long)t.n);
	employee_table_release(&t);
	import_report_release(&rep);
	org_settings_release(&org);
	return rc;
}

static void wave_form(struct hw *w, struct req *r, const struct tree *t, const char *error)
{
	char d[11];
	today(d);
	h1(w, T(r->lang, "New survey wave"));
	if (error) {
		HW_LIT(w, "<p class=\"error\" role=\"alert\">");
		hw_text(w, error);
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "<form method=\"post\" action=\"/admin/waves\" class=\"stack\">");
	page_csrf_field(w, r);
	HW_LIT(w, "<label for=\"title\">");
	hw_text(w, T(r->lang, "Title (shown to employees)"));
	HW_LIT(w, "</label><input id=\"title\" name=\"title\" required maxlength=\"200\"");
	hw_attr(w, "value", form_get(&r->form, "title") ? form_get(&r->form, "title") : "");
	HW_LIT(w, "><div class=\"row\"><div><label for=\"opens\">");
	hw_text(w, T(r->lang, "Opens on"));
	HW_LIT(w, "</label><input id=\"opens\" name=\"opens\" type=\"date\" required");
	hw_attr(w, "value", form_get(&r->form, "opens") ? form_get(&r->form, "opens") : d);
	HW_LIT(w, "></div><div><label for=\"closes\">");
	hw_text(w, T(r->lang, "Closes on"));
	HW_LIT(w, "</label><input id=\"closes\" name=\"closes\" type=\"date\" required");
	hw_attr(w, "value", form_get(&r->form, "closes") ? form_get(&r->form, "closes") : "");
	HW_LIT(w, "></div></div><fieldset><legend>");
	hw_text(w, T(r->lang, "Who is invited (a unit includes all units below it)"));
	HW_LIT(w, "</legend><div class=\"units\">");
	for (size_t i = 0; i < t->n; i++) {
		HW_LIT(w, "<label");
		hw_attrf(w, "class", "d%d", t->u[i].depth > 8 ? 8 : t->u[i].depth);
		HW_LIT(w, "><input type=\"checkbox\" name=\"unit\"");
		hw_attrf(w, "value", "%ld", t->u[i].id);
		if (i == 0)
			HW_LIT(w, " checked");
		HW_LIT(w, "> ");
		hw_text(w, t->u[i].name);
		HW_LIT(w, "</label>");
	}
	HW_LIT(w, "</div></fieldset><p class=\"small\">");
	hw_text(w, T(r->lang, "Questionnaire: Hartslag JD-R (Hartslag's own questionnaire, in "
			      "Dutch, French and English). Every invited employee gets a personal link; you can "
			      "download the links for a mail merge and print letters with a QR "
			      "code for colleagues without e-mail."));
	HW_LIT(w, "</p><button type=\"submit\" class=\"primary\">");
	hw_text(w, T(r->lang, "Create the wave and its invitations"));
	HW_LIT(w, "</button></form>");
}

int admin_wave_new(struct req *r, struct resp *rs)
{
	struct tree t;
	struct hw w;
	if (tree_load(r->st, 0, &t))
		return store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "New survey wave"));
	wave_form(&w, r, &t, NULL);
	page_end(&w, r);
	tree_release(&t);
	return page_finish(r, rs, &w);
}

static int valid_date(const char *s)
{
	long y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (str_to_long((struct str){s, 4}, 2000, 2200, &y) ||
	    str_to_long((struct str){s + 5, 2}, 1, 12, &m) ||
	    str_to_long((struct str){s + 8, 2}, 1, 31, &d))
		return 0;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

int admin_wave_create(struct req *r, struct resp *rs)
{
	struct tree t;
	struct hw w;
	const char *title = form_get(&r->form, "title");
	const char *opens = form_get(&r->form, "opens");
	const char *closes = form_get(&r->form, "closes");
	const char *error = NULL;
	long *ids = NULL;
	size_t nids = 0;

	if (tree_load(r->st, 0, &t))
		return store_error(r, rs);
	for (size_t i = 0; i < r->form.n; i++) {
		long id;
		if (strcmp(r->form.fields[i].name, "unit") != 0)
			continue;
		if (str_to_long(str_from(r->form.fields[i].value), 1, LONG_MAX, &id) ||
		    find_unit(&t, id) < 0) {
			error = T(r->lang, "One of the chosen units does not exist any more. "
					   "Reload the page and choose again.");
			break;
		}
		ids = xrealloc(ids, (nids + 1) * sizeof(*ids));
		ids[nids++] = id;
	}
	char d[11];
	today(d);
	if (error)
		;
	else if (!title || str_trim(str_from(title)).len == 0 || strlen(title) > 200)
		error = T(r->lang, "Give the wave a title of at most 200 characters.");
	else if (!valid_date(opens) || !valid_date(closes))
		error = T(r->lang, "Enter both dates as year-month-day, for example 2026-03-31.");
	else if (strcmp(closes, opens) < 0)
		error = T(r->lang, "The closing date is before the opening date.");
	else if (strcmp(closes, d) < 0)
		error = T(r->lang, "The closing date is in the past.");
	else if (nids == 0)
		error = T(r->lang, "Choose at least one unit to invite.");
	if (!error) {
		struct wave wv;
		long id;
		memset(&wv, 0, sizeof(wv));
		wv.title = (char *)title;
		wv.opens = (char *)opens;
		wv.closes = (char *)closes;
		wv.status = WAVE_OPEN;
		if (instrument_default(r->st, &wv.instrument_id) ||
		    r->st->ops->wave_create(r->st, &wv, ids, nids, &id)) {
			free(ids);
			tree_release(&t);
			return store_error(r, rs);
		}
		free(ids);
		tree_release(&t);
		char loc[64];
		snprintf(loc, sizeof(loc), "wave %ld", id);
		audit(r, "wave.create", loc, title);
		snprintf(loc, sizeof(loc), "/admin/waves/%ld", id);
		return resp_redirect(rs, loc);
	}
	free(ids);
	rs->status = 422;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "New survey wave"));
	wave_form(&w, r, &t, error);
	page_end(&w, r);
	tree_release(&t);
	return page_finish(r, rs, &w);
}

static int wave_from_param(struct req *r, struct resp *rs, struct wave *wv)
{
	long id;
	memset(wv, 0, sizeof(*wv));
	if (str_to_long(r->param, 1, LONG_MAX, &id) || r->st->ops->wave_get(r->st, id, wv)) {
		page_message(r, rs, 404, T(r->lang, "Survey wave not found"),
			     T(r->lang, "There is no survey wave at this address. Choose one from "
					"the overview."),
			     "/admin", T(r->lang, "Back to the overview"));
		return -1;
	}
	return 0;
}

int admin_wave(struct req *r, struct resp *rs)
{
	struct wave wv;
	struct tree t;
	struct hw w;
	size_t from, to;

	if (wave_from_param(r, rs, &wv))
		return 0;
	if (tree_load(r->st, wv.id, &t)) {
		wave_release(&wv);
		return store_error(r, rs);
	}
	scope(r, &t, &from, &to);
	int may_export = r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR;
	int staff = may_export || r->user.role == ROLE_ADVISOR;

	hw_init(&w, &rs->body);
	page_begin(&w, r, wv.title);
	h1(&w, wv.title);
	HW_LIT(&w, "<p><span class=\"status ");
	hw_text(&w, wv.status == WAVE_OPEN ? "open" : "closed");
	HW_LIT(&w, "\">");
	hw_text(&w, status_word(r->lang, wv.status));
	HW_LIT(&w, "</span> ");
	hw_text(&w, wv.opens);
	HW_LIT(&w, " – ");
	hw_text(&w, wv.closes);
	HW_LIT(&w, "</p><ul class=\"stats\"><li><strong>");
	hw_number(&w, r->lang, wv.invited);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, T(r->lang, "invited"));
	HW_LIT(&w, "</li><li><strong>");
	hw_number(&w, r->lang, wv.answered);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, T(r->lang, "answered"));
	HW_LIT(&w, "</li><li><strong>");
	percent(&w, wv.answered, wv.invited);
	HW_LIT(&w, "</strong> ");
	hw_text(&w, T(r->lang, "response rate"));
	HW_LIT(&w, "</li></ul>");
	if (wv.status == WAVE_OPEN) {
		HW_LIT(&w, "<p class=\"notice\">");
		hw_text(&w, T(r->lang, "While the wave is open, only participation is shown. "
				       "Results open when the wave closes."));
		HW_LIT(&w, "</p>");
	} else {
		HW_LIT(&w, "<p><a class=\"button primary\"");
		hw_attrf(&w, "href", "/reports?wave=%ld", wv.id);
		HW_LIT(&w, ">");
		hw_text(&w, T(r->lang, "See the results"));
		HW_LIT(&w, "</a></p>");
	}
	if (may_export || (staff && wv.status == WAVE_OPEN)) {
		HW_LIT(&w, "<div class=\"actions\">");
		if (may_export) {
			HW_LIT(&w, "<a class=\"button\"");
			hw_attrf(&w, "href", "/admin/waves/%ld/links.csv", wv.id);
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, "Personal links (CSV for mail merge)"));
			HW_LIT(&w, "</a> <a class=\"button\"");
			hw_attrf(&w, "href", "/admin/waves/%ld/letters.pdf", wv.id);
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, "Letters for colleagues without e-mail (PDF)"));
			HW_LIT(&w, "</a> <a class=\"button\"");
			hw_attrf(&w, "href", "/admin/waves/%ld/letters.pdf?who=all", wv.id);
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, "Letters for everyone (PDF)"));
			HW_LIT(&w, "</a>");
		}
		if (staff && wv.status == WAVE_OPEN) {
			HW_LIT(&w, "<form method=\"post\" class=\"inline\" data-confirm");
			hw_attrf(&w, "action", "/admin/waves/%ld/close", wv.id);
			hw_attr(&w, "data-confirm-text",
				T(r->lang, "Close this wave? Nobody can answer any more after this."));
			HW_LIT(&w, ">");
			page_csrf_field(&w, r);
			HW_LIT(&w, "<button type=\"submit\" class=\"danger\">");
			hw_text(&w, T(r->lang, "Close the wave"));
			HW_LIT(&w, "</button></form>");
		}
		HW_LIT(&w, "</div>");
	}
	HW_LIT(&w, "<h2>");
	hw_text(&w, T(r->lang, "Participation per unit"));
	HW_LIT(&w, "</h2><table class=\"data tree\"><thead><tr><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Unit"));
	HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
	hw_text(&w, T(r->lang, "Invited"));
	HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
	hw_text(&w, T(r->lang, "Answered"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Response rate"));
	HW_LIT(&w, "</th></tr></thead><tbody>");
	for (size_t i = from; i < to; i++) {
		if (t.invited[i] == 0)
			continue;
		long pct = (t.answered[i] * 100 + t.invited[i] / 2) / t.invited[i];
		HW_LIT(&w, "<tr><td");
		hw_attrf(&w, "class", "d%d", t.u[i].depth > 8 ? 8 : t.u[i].depth);
		HW_LIT(&w, ">");
		hw_text(&w, t.u[i].name);
		HW_LIT(&w, "</td><td class=\"num\">");
		hw_number(&w, r->lang, t.invited[i]);
		HW_LIT(&w, "</td><td class=\"num\">");
		hw_number(&w, r->lang, t.answered[i]);
		HW_LIT(&w, "</td><td><meter min=\"0\" max=\"100\"");
		hw_attrf(&w, "value", "%ld", pct);
		hw_attrf(&w, "aria-label", "%ld%%", pct);
		HW_LIT(&w, "></meter> ");
		hw_textf(&w, "%ld%%", pct);
		HW_LIT(&w, "</td></tr>");
	}
	HW_LIT(&w, "</tbody></table>");
	page_end(&w, r);
	tree_release(&t);
	wave_release(&wv);
	return page_finish(r, rs, &w);
}

/* The base of personal links: the configured address, else this server. */
static char *base_url(struct req *r, const struct org_settings *org)
{
	if (org->base_url && *org->base_url) {
		size_t n = strlen(org->base_url);
		while (n && org->base_url[n - 1] == '/')
			n--;
		return xstrndup(org->base_url, n);
	}
	return xasprintf("http://127.0.0.1:%u", (unsigned)r->app->port);
}

int admin_wave_links(struct req *r, struct resp *rs)
{
	struct wave wv;
	struct org_settings org;
	if (wave_from_param(r, rs, &wv))
		return 0;
	if (r->st->ops->org_get(r->st, &org)) {
		wave_release(&wv);
		return store_error(r, rs);
	}
	char *base = base_url(r, &org);
	int rc = export_links(r->st, wv.id, base, &rs->body);
	free(base);
	org_settings_release(&org);
	if (rc) {
		wave_release(&wv);
		return store_error(r, rs);
	}
	rs->content_type = "text/csv; charset=utf-8";
	rs->disposition = xasprintf("attachment; filename=\"wave-%ld-links.csv\"", wv.id);
	wave_release(&wv);
	return 0;
}

int admin_wave_letters(struct req *r, struct resp *rs)
{
	struct wave wv;
	struct org_settings org;
	size_t n;
	if (wave_from_param(r, rs, &wv))
		return 0;
	if (r->st->ops->org_get(r->st, &org)) {
		wave_release(&wv);
		return store_error(r, rs);
	}
	const char *who = form_get(&r->query, "who");
	char *base = base_url(r, &org);
	int rc = export_letters(r->st, wv.id, base, who && strcmp(who, "all") == 0, &rs->body, &n);
	free(base);
	org_settings_release(&org);
	if (rc) {
		rc = store_error(r, rs);
	} else if (n == 0) {
		rc = page_message(r, rs, 404, T(r->lang, "No letters to print"),
				  T(r->lang, "Every invited colleague who has not answered yet has "
					     "an e-mail address. Use the personal links for a mail "
					     "merge, or print letters for everyone."),
				  NULL, NULL);
	} else {
		rs->content_type = "application/pdf";
		rs->disposition = xasprintf("attachment; filename=\"wave-%ld-letters.pdf\"",
					    wv.id);
	}
	wave_release(&wv);
	return rc;
}

int admin_wave_close(struct req *r, struct resp *rs)
{
	struct wave wv;
	if (wave_from_param(r, rs, &wv))
		return 0;
	if (wv.status == WAVE_OPEN && r->st->ops->wave_close(r->st, wv.id)) {
		wave_release(&wv);
		return store_error(r, rs);
	}
	char loc[64];
	if (wv.status == WAVE_OPEN) {
		snprintf(loc, sizeof(loc), "wave %ld", wv.id);
		audit(r, "wave.close", loc, wv.title);
	}
	snprintf(loc, sizeof(loc), "/admin/waves/%ld", wv.id);
	wave_release(&wv);
	return resp_redirect(rs, loc);
}

/* 1 once any wave has a response: the anonymity settings are then locked. */
static int answers_exist(struct store *st)
{
	struct wave *waves = NULL;
	size_t n = 0;
	long total = 0;
	if (st->ops->wave_list(st, &waves, &n))
		return 1;
	for (size_t i = 0; i < n; i++)
		total += waves[i].answered;
	waves_free(waves, n);
	return total > 0;
}

static void text_field(struct hw *w, const char *name, const char *label, const char *value,
		       int multiline)
{
	HW_LIT(w, "<label");
	hw_attr(w, "for", name);
	HW_LIT(w, ">");
	hw_text(w, label);
	HW_LIT(w, "</label>");
	if (multiline) {
		HW_LIT(w, "<textarea rows=\"2\" maxlength=\"500\"");
		hw_attr(w, "id", name);
		hw_attr(w, "name", name);
		HW_LIT(w, ">");
		hw_text(w, value ? value : "");
		HW_LIT(w, "</textarea>");
	} else {
		HW_LIT(w, "<input maxlength=\"200\"");
		hw_attr(w, "id", name);
		hw_attr(w, "name", name);
		hw_attr(w, "value", value ? value : "");
		HW_LIT(w, ">");
	}
}

static int settings_page(struct req *r, struct resp *rs, const struct org_settings *org,
			 const char *error, const char *ok)
{
	struct hw w;
	int locked = answers_exist(r->st);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Settings"));
	h1(&w, T(r->lang, "Settings"));
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
	HW_LIT(&w, "<form method=\"post\" action=\"/admin/settings\" class=\"stack\">");
	page_csrf_field(&w, r);
	text_field(&w, "name", T(r->lang, "Name of the organisation"), org->name, 0);
	HW_LIT(&w, "<label for=\"lang\">");
	hw_text(&w, T(r->lang, "Default language"));
	HW_LIT(&w, "</label><select id=\"lang\" name=\"lang\">");
	for (int l = 0; l < LANG_COUNT; l++) {
		HW_LIT(&w, "<option");
		hw_attr(&w, "value", lang_code((enum lang)l));
		if ((enum lang)l == org->lang)
			HW_LIT(&w, " selected");
		HW_LIT(&w, ">");
		hw_text(&w, lang_name((enum lang)l));
		HW_LIT(&w, "</option>");
	}
	HW_LIT(&w, "</select>");
	text_field(&w, "base_url", T(r->lang, "Public address of this server, used in "
					      "invitation links (https://...)"),
		   org->base_url, 0);
	HW_LIT(&w, "<fieldset><legend>");
	hw_text(&w, T(r->lang, "Where employees can get help (shown with their feedback)"));
	HW_LIT(&w, "</legend>");
	text_field(&w, "help_trusted", T(r->lang, "Trusted person"), org->help_trusted, 1);
	text_field(&w, "help_advisor", T(r->lang, "Prevention advisor for psychosocial aspects"),
		   org->help_advisor, 1);
	text_field(&w, "help_eap", T(r->lang, "Employee assistance programme"), org->help_eap,
		   1);
	text_field(&w, "help_other", T(r->lang, "Other help"), org->help_other, 1);
	HW_LIT(&w, "</fieldset><fieldset><legend>");
	hw_text(&w, T(r->lang, "Anonymity"));
	HW_LIT(&w, "</legend>");
	if (locked) {
		HW_LIT(&w, "<p class=\"small\">");
		hw_text(&w, T(r->lang, "Locked: answers have been given under these rules, so they "
				       "cannot change any more."));
		HW_LIT(&w, "</p>");
	}
	HW_LIT(&w, "<label for=\"min_group\">");
	hw_text(&w, T(r->lang, "Minimum group size for results (at least 3)"));
	HW_LIT(&w, "</label><input id=\"min_group\" name=\"min_group\" type=\"number\" min=\"3\" "
		   "max=\"50\"");
	hw_attrf(&w, "value", "%d", org->min_group);
	if (locked)
		HW_LIT(&w, " disabled");
	HW_LIT(&w, "><label for=\"comment_min\">");
	hw_text(&w, T(r->lang, "Minimum group size for comments (at least the minimum above)"));
	HW_LIT(&w, "</label><input id=\"comment_min\" name=\"comment_min\" type=\"number\" "
		   "min=\"3\" max=\"100\"");
	hw_attrf(&w, "value", "%d", org->comment_min);
	if (locked)
		HW_LIT(&w, " disabled");
	HW_LIT(&w, "></fieldset><button type=\"submit\" class=\"primary\">");
	hw_text(&w, T(r->lang, "Save"));
	HW_LIT(&w, "</button></form>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int admin_settings(struct req *r, struct resp *rs)
{
	struct org_settings org;
	if (r->st->ops->org_get(r->st, &org))
		return store_error(r, rs);
	int rc = settings_page(r, rs, &org, NULL, NULL);
	org_settings_release(&org);
	return rc;
}

static void set_str(char **field, const char *v, size_t max, const char **error,
		    const char *msg)
{
	if (!v)
		return;
	if (strlen(v) > max) {
		*error = msg;
		return;
	}
	free(*field);
	*field = xstrdup(v);
}

static int text_changed(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Which settings changed, for the audit log ("name, min_group: 5 -> 6"). */
static void settings_changes(const struct org_settings *o, const struct org_settings *n,
			     struct buf *out)
{
	const struct {
		const char *field;
		const char *a, *b;
	} texts[] = {
		{"name", o->name, n->name},
		{"base_url", o->base_url, n->base_url},
		{"help_trusted", o->help_trusted, n->help_trusted},
		{"help_advisor", o->help_advisor, n->help_advisor},
		{"help_eap", o->help_eap, n->help_eap},
		{"help_other", o->help_other, n->help_other},
	};
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		if (text_changed(texts[i].a, texts[i].b))
			buf_printf(out, "%s%s", out->len ? ", " : "", texts[i].field);
	if (o->lang != n->lang)
		buf_printf(out, "%slang: %s -> %s", out->len ? ", " : "", lang_code(o->lang),
			   lang_code(n->lang));
	if (o->min_group != n->min_group)
		buf_printf(out, "%smin_group: %d -> %d", out->len ? ", " : "", o->min_group,
			   n->min_group);
	if (o->comment_min != n->comment_min)
		buf_printf(out, "%scomment_min: %d -> %d", out->len ? ", " : "", o->comment_min,
			   n->comment_min);
}

int admin_settings_save(struct req *r, struct resp *rs)
{
	struct org_settings org, old;
	const char *error = NULL;
	const char *too_long = T(r->lang, "A field is too long; shorten it and save again.");
	if (r->st->ops->org_get(r->st, &org))
		return store_error(r, rs);
	if (r->st->ops->org_get(r->st, &old)) {
		org_settings_release(&org);
		return store_error(r, rs);
	}
	set_str(&org.name, form_get(&r->form, "name"), 200, &error, too_long);
	set_str(&org.base_url, form_get(&r->form, "base_url"), 200, &error, too_long);
	set_str(&org.help_trusted, form_get(&r->form, "help_trusted"), 500, &error, too_long);
	set_str(&org.help_advisor, form_get(&r->form, "help_advisor"), 500, &error, too_long);
	set_str(&org.help_eap, form_get(&r->form, "help_eap"), 500, &error, too_long);
	set_str(&org.help_other, form_get(&r->form, "help_other"), 500, &error, too_long);
	const char *l = form_get(&r->form, "lang");
	if (l && lang_parse(str_from(l), &org.lang))
		error = T(r->lang, "Choose one of the offered languages.");
	if (org.name && !*org.name)
		error = T(r->lang, "The organisation needs a name.");
	if (org.base_url && *org.base_url && strncmp(org.base_url, "https://", 8) != 0 &&
	    strncmp(org.base_url, "http://", 7) != 0)
		error = T(r->lang, "The public address must start with https:// (or http:// "
				   "for a test server).");
	const char *mg = form_get(&r->form, "min_group");
	const char *cm = form_get(&r->form, "comment_min");
	if (mg || cm) {
		long k = org.min_group, c = org.comment_min;
		if ((mg && str_to_long(str_from(mg), 3, 50, &k)) ||
		    (cm && str_to_long(str_from(cm), 3, 100, &c)))
			error = T(r->lang, "The minimum group size must be a whole number from 3 "
					   "to 50 for results, and from 3 to 100 for comments.");
		else if (c < k)
			error = T(r->lang, "The minimum for comments cannot be below the minimum "
					   "for results.");
		else if ((k != org.min_group || c != org.comment_min) && answers_exist(r->st))
			error = T(r->lang, "The anonymity rules are locked because answers have "
					   "been given under them.");
		else {
			org.min_group = (int)k;
			org.comment_min = (int)c;
		}
	}
	int rc;
	if (error) {
		rs->status = 422;
		rc = settings_page(r, rs, &org, error, NULL);
	} else if (r->st->ops->org_set(r->st, &org)) {
		rc = store_error(r, rs);
	} else {
		struct buf changes = BUF_INIT(4096);
		settings_changes(&old, &org, &changes);
		if (changes.len)
			audit(r, "settings.save", "settings", buf_cstr(&changes));
		buf_release(&changes);
		rc = settings_page(r, rs, &org, NULL, T(r->lang, "Settings saved."));
	}
	org_settings_release(&old);
	org_settings_release(&org);
	return rc;
}
