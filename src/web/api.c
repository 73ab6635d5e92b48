/*
 * api.c: the JSON API for integrations and the report downloads.
 *
 *   GET /api/waves                     closed waves
 *   GET /api/report?wave=ID&unit=ID    a group report as JSON (report/export.h)
 *   GET /reports/export?wave=ID&unit=ID&format=pdf|xlsx|csv|json
 *                                      the same report as a download
 *
 * Admins, advisors, HR and the committee see the whole organisation; a
 * manager sees only the unit they lead and the units below it. The roles
 * are declared in routes.c like every route's (the dispatcher answers an
 * /api/ refusal in JSON); api_guard() checks them again before anything is
 * read. Every figure comes from the report views, so the API obeys the
 * same suppression as the pages.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/export.h"
#include "report/report.h"
#include "web.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* Puts {"error": msg} with status in rs. Returns 0 (the answer is made). */
int api_error(struct resp *rs, int status, const char *msg)
{
	json_t *o = json_object();
	json_object_set_new(o, "error", json_string(msg));
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

/* Refuses (with the answer in rs) anyone who may not see reports. Returns -1 then. */
static int api_guard(struct req *r, struct resp *rs)
{
	if (!r->logged_in) {
		api_error(rs, 401, T(r->lang, "Log in first: this address needs an account."));
		return -1;
	}
	if (!(RB_VIEWERS & RB(r->user.role))) {
		api_error(rs, 403, T(r->lang, "Your account does not give access to reports."));
		return -1;
	}
	return 0;
}

static int root_unit(const struct report *rep)
{
	for (size_t i = 0; i < rep->nunits; i++)
		if (rep->parent[i] < 0)
			return (int)i;
	return -1;
}

/* What a report request asks for, once checked. */
struct target {
	const struct report *rep; /* from the app's cache; give back with app_report_put */
	size_t w;
	int u;
};

/*
 * Reads ?wave= and ?unit= and checks them against the report and the
 * user's scope. On failure the refusal is in rs (JSON when json is set,
 * else a page) and -1 is returned with nothing to give back.
 */
static int target_load(struct req *r, struct resp *rs, int json, struct target *t)
{
	struct diag d = {{0}, 0};
	const char *qw = form_get(&r->query, "wave"), *qu = form_get(&r->query, "unit");
	long wave_id = 0, unit_id = 0;
	int err = 0, status = 0;
	const char *title = NULL, *msg = NULL;

	memset(t, 0, sizeof(*t));
	if ((qw && str_to_long(str_from(qw), 1, LONG_MAX, &wave_id)) ||
	    (qu && str_to_long(str_from(qu), 1, LONG_MAX, &unit_id))) {
		status = 400;
		title = T(r->lang, "Bad request");
		msg = T(r->lang, "Give the wave and the unit by their number: ?wave=ID&unit=ID.");
		goto refuse;
	}
	t->rep = app_report_get(r->app, r->st, &d, &err);
	if (!t->rep) {
		if (err != ERR_NOT_FOUND)
			fprintf(stderr, "report: %s\n", d.msg);
		status = err == ERR_NOT_FOUND ? 404 : 500;
		title = err == ERR_NOT_FOUND ? T(r->lang, "No results yet")
					     : T(r->lang, "Something went wrong");
		msg = err == ERR_NOT_FOUND
			      ? T(r->lang, "There are no results yet: results open when a survey "
					   "wave closes.")
			      : T(r->lang, "The results could not be read. Try again in a moment.");
		goto refuse;
	}
	t->w = t->rep->nwaves;
	for (size_t i = 0; i < t->rep->nwaves; i++)
		if (!wave_id || t->rep->waves[i].wave.id == wave_id)
			t->w = i;
	if (t->w >= t->rep->nwaves) {
		status = 404;
		title = T(r->lang, "No results for this wave");
		msg = T(r->lang, "This survey wave has no results: it does not exist, or it is "
				 "still open. Results open when a wave closes.");
		goto refuse;
	}

	int own = -1;
	if (r->user.role == ROLE_MANAGER) {
		own = report_unit_index(t->rep, r->user.unit_id);
		if (own < 0) {
			status = 403;
			title = T(r->lang, "No access");
			msg = T(r->lang, "Your account is not linked to a unit. Ask an "
					 "administrator.");
			goto refuse;
		}
	}
	if (unit_id) {
		t->u = report_unit_index(t->rep, unit_id);
		if (t->u < 0) {
			/* A manager learns nothing about units outside their scope. */
			status = own >= 0 ? 403 : 404;
			title = own >= 0 ? T(r->lang, "No access") : T(r->lang, "Unknown unit");
			msg = own >= 0 ? T(r->lang, "You can see the results of your own units "
						    "only.")
				       : T(r->lang, "There is no unit with this number.");
			goto refuse;
		}
	} else {
		t->u = own >= 0 ? own : root_unit(t->rep);
	}
	if (own >= 0 && !export_unit_within(t->rep, t->u, own)) {
		status = 403;
		title = T(r->lang, "No access");
		msg = T(r->lang, "You can see the results of your own units only.");
		goto refuse;
	}
	if (t->u < 0) {
		status = 404;
		title = T(r->lang, "No results yet");
		msg = T(r->lang, "There are no units yet.");
		goto refuse;
	}
	return 0;

refuse:
	if (t->rep)
		app_report_put(r->app, t->rep);
	t->rep = NULL;
	if (json)
		api_error(rs, status, msg);
	else
		page_message(r, rs, status, title, msg, "/reports",
			     T(r->lang, "See the latest results"));
	return -1;
}

/*
 * GET /api/waves: the closed waves, newest first, with the number of
 * respondents (null below the minimum group). JSON errors.
 */
int api_waves(struct req *r, struct resp *rs)
{
	struct wave *w = NULL;
	struct org_settings org;
	size_t n = 0;

	if (api_guard(r, rs))
		return 0;
	if (r->st->ops->org_get(r->st, &org))
		return api_error(rs, 500, T(r->lang, "The results could not be read. Try again "
						     "in a moment."));
	if (r->st->ops->wave_list(r->st, &w, &n)) {
		org_settings_release(&org);
		return api_error(rs, 500, T(r->lang, "The results could not be read. Try again "
						     "in a moment."));
	}
	json_t *root = json_object(), *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (w[i].status != WAVE_CLOSED)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(w[i].id));
		json_object_set_new(o, "title", json_string(w[i].title ? w[i].title : ""));
		json_object_set_new(o, "opens", json_string(w[i].opens ? w[i].opens : ""));
		json_object_set_new(o, "closes", json_string(w[i].closes ? w[i].closes : ""));
		json_object_set_new(o, "respondents", w[i].answered >= org.min_group
								 ? json_integer(w[i].answered)
								 : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "waves", arr);
	waves_free(w, n);
	org_settings_release(&org);
	char *s = json_dumps(root, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(root);
	if (!s)
		return api_error(rs, 500, T(r->lang, "The results could not be read. Try again "
						     "in a moment."));
	rs->content_type = JSON_TYPE;
	buf_puts(&rs->body, s);
	free(s);
	return 0;
}

/*
 * GET /api/report?wave=ID&unit=ID: the report of one unit (default: the
 * whole organisation, or a manager's own unit) in one closed wave
 * (default: the newest), as export_json() writes it. JSON errors.
 */
int api_report(struct req *r, struct resp *rs)
{
	struct target t;

	if (api_guard(r, rs))
		return 0;
	if (target_load(r, rs, 1, &t))
		return 0;
	int rc = export_json(t.rep, t.w, t.u, r->lang, &rs->body);
	const char *code = t.rep->units[t.u].code;
	char *obj = xasprintf("unit %s wave %ld", code ? code : "?", t.rep->waves[t.w].wave.id);
	app_report_put(r->app, t.rep);
	if (!rc)
		audit(r, "report.export", obj, "api json");
	free(obj);
	if (rc)
		return api_error(rs, 500, T(r->lang, "The report could not be made."));
	rs->content_type = JSON_TYPE;
	return 0;
}

/*
 * GET /reports/export?wave=ID&unit=ID&format=pdf|xlsx|csv|json: the
 * report as a file to download (Content-Disposition: attachment). Errors
 * are pages, as for any link a browser follows.
 */
int reports_export(struct req *r, struct resp *rs)
{
	struct target t;
	enum export_format f;
	const char *qf = form_get(&r->query, "format");

	if (!qf || export_format_parse(qf, &f))
		return page_message(r, rs, 400, T(r->lang, "Bad request"),
				    T(r->lang, "Choose the format of the download: PDF, XLSX or "
					       "CSV."),
				    "/reports", T(r->lang, "See the latest results"));
	if (target_load(r, rs, 0, &t))
		return 0;
	int rc = export_report(t.rep, t.w, t.u, r->lang, f, &rs->body);
	long wave_id = t.rep->waves[t.w].wave.id;
	char *code = xstrdup(t.rep->units[t.u].code ? t.rep->units[t.u].code : "unit");
	app_report_put(r->app, t.rep);
	if (!rc) {
		char *obj = xasprintf("unit %s wave %ld", code, wave_id);
		audit(r, "report.export", obj, export_format_ext(f));
		free(obj);
	}
	if (rc) {
		free(code);
		buf_reset(&rs->body);
		return page_message(r, rs, 500, T(r->lang, "The report could not be made"),
				    T(r->lang, "Try again in a moment; if it persists, tell your "
					       "administrator."),
				    "/reports", T(r->lang, "See the latest results"));
	}
	/* Only safe characters of the unit code go into the file name. */
	for (char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '_';
	rs->content_type = export_format_type(f);
	rs->disposition = xasprintf("attachment; filename=\"report-%ld-%s.%s\"", wave_id, code,
				    export_format_ext(f));
	free(code);
	return 0;
}
