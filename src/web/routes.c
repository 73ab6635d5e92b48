/*
 * routes.c: the one table of routes. Every route declares the methods and
 * roles that may use it and its body limit; a request that matches no
 * declaration is refused. '*' in a pattern matches one path segment,
 * which the handler finds in r->param.
 */
#include <stdio.h>
#include <string.h>

#include "core/embed.h"
#include "web.h"

struct route {
	unsigned methods;
	const char *pattern;
	unsigned roles;
	size_t body_limit;
	int (*handler)(struct req *r, struct resp *rs);
};

#define GET (HTTP_GET | HTTP_HEAD)
#define POST HTTP_POST
#define FORM MAX_FORM_BYTES
#define UPLOAD MAX_UPLOAD_BYTES

static const struct route routes[] = {
	{GET, "/", RB_PUBLIC, 0, page_home},
	{GET, "/code", RB_PUBLIC, 0, page_code},
	{GET, "/static/*", RB_PUBLIC, 0, page_static},
	{GET, "/login", RB_PUBLIC, 0, page_login_form},
	{POST, "/login", RB_PUBLIC, FORM, page_login},
	{POST, "/login/totp", RB_PUBLIC, FORM, page_login_totp},
	{POST, "/logout", RB_LOGGED_IN, FORM, page_logout},
	{GET, "/reset/*", RB_PUBLIC, 0, reset_form},
	{POST, "/reset/*", RB_PUBLIC, FORM, reset_post},
	{GET, "/s/*", RB_PUBLIC, 0, survey_get},
	{POST, "/s/*", RB_PUBLIC, FORM, survey_post},
	{POST, "/feedback.pdf", RB_PUBLIC, FORM, survey_feedback_pdf},
	{GET, "/admin", RB_VIEWERS, 0, admin_home},
	{GET, "/admin/units", RB_STAFF, 0, admin_units},
	{GET, "/admin/import", RB(ROLE_ADMIN) | RB(ROLE_HR), 0, admin_import_form},
	{POST, "/admin/import/units", RB(ROLE_ADMIN) | RB(ROLE_HR), UPLOAD, admin_import_units},
	{POST, "/admin/import/employees", RB(ROLE_ADMIN) | RB(ROLE_HR), UPLOAD,
	 admin_import_employees},
	{GET, "/admin/waves/new", RB_STAFF, 0, admin_wave_new},
	{POST, "/admin/waves", RB_STAFF, FORM, admin_wave_create},
	{GET, "/admin/waves/*", RB_VIEWERS, 0, admin_wave},
	{GET, "/admin/waves/*/links.csv", RB(ROLE_ADMIN) | RB(ROLE_HR), 0, admin_wave_links},
	{GET, "/admin/waves/*/letters.pdf", RB(ROLE_ADMIN) | RB(ROLE_HR), 0, admin_wave_letters},
	{POST, "/admin/waves/*/close", RB_STAFF, FORM, admin_wave_close},
	{GET, "/admin/settings", RB(ROLE_ADMIN), 0, admin_settings},
	{POST, "/admin/settings", RB(ROLE_ADMIN), FORM, admin_settings_save},
	{GET, "/admin/audit", RB(ROLE_ADMIN) | RB(ROLE_ADVISOR), 0, admin_audit},
	/* API: refusals are answered in JSON by the dispatcher. */
	{GET, "/api/waves", RB_VIEWERS, 0, api_waves},
	{GET, "/api/report", RB_VIEWERS, 0, api_report},
	{GET, "/reports/export", RB_VIEWERS, 0, reports_export},
	{GET, "/reports", RB_VIEWERS, 0, reports_overview},
	{GET, "/reports/unit/*", RB_VIEWERS, 0, reports_unit},
	/* absences (absence.c): person-level import HR only, unit figures for viewers */
	{GET, "/admin/absences", RB(ROLE_HR), 0, absence_admin},
	{POST, "/admin/absences/import", RB(ROLE_HR), UPLOAD, absence_import_records_post},
	{POST, "/admin/absences/events", RB(ROLE_HR), UPLOAD, absence_import_events_post},
	{GET, "/admin/absences/settings", RB(ROLE_ADMIN) | RB(ROLE_HR), 0, absence_settings_form},
	{POST, "/admin/absences/settings", RB(ROLE_ADMIN) | RB(ROLE_HR), FORM,
	 absence_settings_post},
	{GET, "/reports/absences", RB_VIEWERS, 0, absence_overview},
	/* presence policy tasks and return to work (absence_tasks.c, absence_rtw.c) */
	{GET, "/tasks", RB(ROLE_HR) | RB(ROLE_MANAGER), 0, tasks_list},
	{GET, "/tasks/*", RB(ROLE_HR) | RB(ROLE_MANAGER), 0, tasks_show},
	{POST, "/tasks/*/done", RB(ROLE_HR) | RB(ROLE_MANAGER), FORM, tasks_done},
	{GET, "/admin/absences/policy", RB(ROLE_ADMIN) | RB(ROLE_HR), 0, policy_form},
	{POST, "/admin/absences/policy", RB(ROLE_ADMIN) | RB(ROLE_HR), FORM, policy_save},
	{GET, "/rtw", RB(ROLE_HR) | RB(ROLE_MANAGER), 0, rtw_list},
	{POST, "/rtw", RB(ROLE_HR), FORM, rtw_create},
	{GET, "/rtw/*", RB(ROLE_HR) | RB(ROLE_MANAGER), 0, rtw_show},
	{POST, "/rtw/*/step", RB(ROLE_HR) | RB(ROLE_MANAGER), FORM, rtw_step},
	{POST, "/rtw/*/notes", RB(ROLE_HR) | RB(ROLE_MANAGER), FORM, rtw_notes},
	/* Team workshops: facilitators, and participants with a code (workshop.c). */
	{GET, "/workshops", RB_STAFF | RB(ROLE_MANAGER), 0, workshops_list},
	{GET, "/workshops/new", RB_STAFF | RB(ROLE_MANAGER), 0, workshops_new},
	{POST, "/workshops", RB_STAFF | RB(ROLE_MANAGER), FORM, workshops_create},
	{GET, "/workshops/*", RB_STAFF | RB(ROLE_MANAGER), 0, workshop_screen},
	{GET, "/workshops/*/state", RB_STAFF | RB(ROLE_MANAGER), 0, workshop_state},
	{POST, "/workshops/*/phase", RB_STAFF | RB(ROLE_MANAGER), FORM, workshop_phase},
	{POST, "/workshops/*/themes", RB_STAFF | RB(ROLE_MANAGER), FORM, workshop_themes},
	{POST, "/workshops/*/actions", RB_STAFF | RB(ROLE_MANAGER), FORM, workshop_actions},
	{GET, "/w", RB_PUBLIC, 0, workshop_join_form},
	{GET, "/w/*", RB_PUBLIC, 0, workshop_participant},
	{POST, "/w/*", RB_PUBLIC, FORM, workshop_participant_post},
	{GET, "/w/*/state", RB_PUBLIC, 0, workshop_participant_state},
	/* action plans, 'you said, we did' (action.c, action_yousaid.c) */
	{GET, "/actions", RB_VIEWERS, 0, actions_plan},
	{POST, "/actions", RB_STAFF | RB(ROLE_MANAGER), FORM, actions_create},
	{GET, "/actions/new", RB_STAFF | RB(ROLE_MANAGER), 0, actions_new},
	{GET, "/actions/gpp", RB_VIEWERS, 0, actions_gpp},
	{GET, "/actions/plan.pdf", RB_VIEWERS, 0, actions_plan_pdf},
	{GET, "/actions/plan.xlsx", RB_VIEWERS, 0, actions_plan_xlsx},
	{GET, "/actions/unit/*", RB_VIEWERS, 0, actions_unit},
	{GET, "/actions/*", RB_VIEWERS, 0, actions_view},
	{POST, "/actions/*", RB_STAFF | RB(ROLE_MANAGER), FORM, actions_update},
	{POST, "/actions/*/status", RB_STAFF | RB(ROLE_MANAGER), FORM, actions_status},
	{POST, "/actions/*/approve", RB(ROLE_ADMIN) | RB(ROLE_ADVISOR), FORM, actions_approve},
	{POST, "/actions/*/communicate", RB(ROLE_ADMIN) | RB(ROLE_ADVISOR), FORM,
	 actions_communicate},
	{GET, "/admin/yousaid", RB(ROLE_ADMIN), 0, yousaid_settings},
	{POST, "/admin/yousaid", RB(ROLE_ADMIN), FORM, yousaid_settings_save},
	{GET, "/s/*/yousaid", RB_PUBLIC, 0, yousaid_token},
	{GET, "/y/*", RB_PUBLIC, 0, yousaid_public},
};

/* Matches path against pattern; on success sets *param to the '*' segment. */
static int match(const char *pattern, const char *path, struct str *param)
{
	const char *p = pattern, *s = path;
	*param = (struct str){"", 0};
	while (*p && *s) {
		if (*p == '*') {
			const char *start = s;
			while (*s && *s != '/')
				s++;
			if (s == start)
				return 0;
			*param = (struct str){start, (size_t)(s - start)};
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

static const struct route *find(enum http_method m, const char *path, struct str *param,
				int *path_known)
{
	*path_known = 0;
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
		if (!match(routes[i].pattern, path, param))
			continue;
		*path_known = 1;
		if (routes[i].methods & (unsigned)m)
			return &routes[i];
	}
	return NULL;
}

size_t routes_body_limit(enum http_method m, const char *path)
{
	struct str param;
	int known;
	const struct route *rt = find(m, path, &param, &known);
	return rt ? rt->body_limit : 0;
}

static void set_lang(struct req *r, struct resp *rs)
{
	enum lang l;
	const char *q = form_get(&r->query, "lang");
	if (q && lang_parse(str_from(q), &l) == 0) {
		r->lang = l;
		r->lang_from_query = 1;
		resp_add_cookie(rs, xasprintf("lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s",
					      lang_code(l), r->secure ? "; Secure" : ""));
		return;
	}
	struct str c = http_cookie(r, "lang");
	if (c.len && lang_parse(c, &l) == 0) {
		r->lang = l;
		return;
	}
	/* The browser's preference, else the organisation's own language. */
	enum lang fallback = LANG_NL;
	struct org_settings org;
	if (r->st->ops->org_get(r->st, &org) == 0) {
		fallback = org.lang;
		org_settings_release(&org);
	}
	r->lang = lang_from_accept(r->accept_language, fallback);
}

void routes_dispatch(struct req *r, struct resp *rs)
{
	struct str param;
	int known;

	set_lang(r, rs);
	const struct route *rt = find(r->method, r->path, &param, &known);
	if (!rt) {
		if (known)
			page_message(r, rs, 405, T(r->lang, "Not allowed"),
				     T(r->lang, "This address does not accept that kind of request."),
				     "/", T(r->lang, "Go to the start page"));
		else
			page_message(r, rs, 404, T(r->lang, "Page not found"),
				     T(r->lang, "There is no page at this address. Check the link, "
						"or start again from the start page."),
				     "/", T(r->lang, "Go to the start page"));
		return;
	}
	r->param = param;
	auth_load_session(r, rs);
	int api = strncmp(r->path, "/api/", 5) == 0;
	if (!(rt->roles & RB_PUBLIC) && api) {
		if (!r->logged_in)
			api_error(rs, 401, T(r->lang, "Log in first: this address needs an account."));
		else if (!(rt->roles & RB(r->user.role)))
			api_error(rs, 403, T(r->lang, "Your account does not give access to reports."));
		else
			rt->handler(r, rs);
		return;
	}
	if (!(rt->roles & RB_PUBLIC)) {
		if (!r->logged_in) {
			struct buf next = BUF_INIT(MAX_URL_BYTES * 3);
			buf_puts(&next, "/login?next=");
			form_encode(&next, str_from(r->path));
			resp_redirect(rs, buf_cstr(&next));
			buf_release(&next);
			return;
		}
		if (!(rt->roles & RB(r->user.role))) {
			page_message(r, rs, 403, T(r->lang, "No access"),
				     T(r->lang, "Your account does not give access to this page. "
						"Ask an administrator if you need it."),
				     "/admin", T(r->lang, "Back to the overview"));
			return;
		}
		if (r->method == HTTP_POST && !csrf_ok(r)) {
			page_message(r, rs, 403, T(r->lang, "Form expired"),
				     T(r->lang, "This form was not sent from your current session. "
						"Go back, reload the page and try again."),
				     "/admin", T(r->lang, "Back to the overview"));
			return;
		}
	}
	rt->handler(r, rs);
}

int page_static(struct req *r, struct resp *rs)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
	};
	char name[128];
	if (r->param.len >= sizeof(name) - 8)
		return page_message(r, rs, 404, T(r->lang, "Page not found"),
				    T(r->lang, "There is no file at this address."), "/",
				    T(r->lang, "Go to the start page"));
	snprintf(name, sizeof(name), "static/%.*s", (int)r->param.len, r->param.p);
	const struct embedded_file *f = embed_find(name);
	const char *type = NULL;
	for (size_t i = 0; f && i < ARRAY_SIZE(types); i++) {
		size_t el = strlen(types[i].ext), nl = strlen(name);
		if (nl > el && strcmp(name + nl - el, types[i].ext) == 0)
			type = types[i].type;
	}
	if (!f || !type)
		return page_message(r, rs, 404, T(r->lang, "Page not found"),
				    T(r->lang, "There is no file at this address."), "/",
				    T(r->lang, "Go to the start page"));
	rs->content_type = type;
	rs->cache = 1;
	buf_append(&rs->body, f->data, f->len);
	return 0;
}
