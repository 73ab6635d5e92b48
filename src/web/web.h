/*
 * web.h: what page handlers share: the layout, messages, CSRF checks and
 * the handlers themselves (one file per area: auth.c, survey.c, admin.c).
 */
#ifndef HARTSLAG_WEB_H
#define HARTSLAG_WEB_H

#include <stdint.h>

#include "core/i18n.h"
#include "hw.h"
#include "http.h"
#include "server.h"

/* Who may use a route: bits of enum role, plus anyone at all. */
#define RB(role) (1u << (role))
#define RB_PUBLIC (1u << 31)
#define RB_STAFF (RB(ROLE_ADMIN) | RB(ROLE_ADVISOR) | RB(ROLE_HR))
#define RB_VIEWERS (RB_STAFF | RB(ROLE_MANAGER) | RB(ROLE_COMMITTEE))
#define RB_LOGGED_IN (RB_VIEWERS | RB(ROLE_EMPLOYEE))

/* Page layout. title is plain text. */
void page_begin(struct hw *w, struct req *r, const char *title);
void page_end(struct hw *w, struct req *r);
/* Puts the finished page in rs (500 when it grew past its ceiling). */
int page_finish(struct req *r, struct resp *rs, struct hw *w);
/*
 * A whole page saying what went wrong and what to do next, with a link
 * (next_href may be NULL).
 */
int page_message(struct req *r, struct resp *rs, int status, const char *title,
		 const char *msg, const char *next_href, const char *next_label);
/* The hidden CSRF field of the session's forms. */
void page_csrf_field(struct hw *w, const struct req *r);
/* 1 when a POST carries the session's CSRF token (form field or header). */
int csrf_ok(const struct req *r);
/* Writes a number with the language's grouping ("1.234" / "1 234" / "1,234"). */
void hw_number(struct hw *w, enum lang l, long n);
/* The current year (UTC). */
int this_year(void);
/* Today's date "YYYY-MM-DD" (UTC) into out[11]. */
void today(char out[11]);

/* auth.c */
void auth_load_session(struct req *r, struct resp *rs);
int page_login_form(struct req *r, struct resp *rs);
int page_login(struct req *r, struct resp *rs);
int page_logout(struct req *r, struct resp *rs);
/* The second login step for accounts with TOTP: the code, after the password. */
int page_login_totp(struct req *r, struct resp *rs);

/* survey.c */
int page_home(struct req *r, struct resp *rs);
int page_code(struct req *r, struct resp *rs);
int survey_get(struct req *r, struct resp *rs);
int survey_post(struct req *r, struct resp *rs);
int survey_feedback_pdf(struct req *r, struct resp *rs);

/* admin.c */
int admin_home(struct req *r, struct resp *rs);
int admin_units(struct req *r, struct resp *rs);
int admin_import_form(struct req *r, struct resp *rs);
int admin_import_units(struct req *r, struct resp *rs);
int admin_import_employees(struct req *r, struct resp *rs);
int admin_wave_new(struct req *r, struct resp *rs);
int admin_wave_create(struct req *r, struct resp *rs);
int admin_wave(struct req *r, struct resp *rs);
int admin_wave_links(struct req *r, struct resp *rs);
int admin_wave_letters(struct req *r, struct resp *rs);
int admin_wave_close(struct req *r, struct resp *rs);
int admin_settings(struct req *r, struct resp *rs);
int admin_settings_save(struct req *r, struct resp *rs);

/* reports.c: group results of closed waves (managers: their own units only) */
int reports_overview(struct req *r, struct resp *rs);
int reports_unit(struct req *r, struct resp *rs);

/* api.c: JSON API and report downloads (managers: their own units only) */
int api_waves(struct req *r, struct resp *rs);
int api_report(struct req *r, struct resp *rs);
int reports_export(struct req *r, struct resp *rs);

/* api.c: {"error": msg} with status; returns 0. */
int api_error(struct resp *rs, int status, const char *msg);

/* audit.c: the audit log page (admins, advisors) and adding to the log */
int admin_audit(struct req *r, struct resp *rs);
/*
 * Adds an entry to the audit log with the logged-in user as actor; never
 * for anything a respondent does. Failures are only logged.
 */
void audit(struct req *r, const char *action, const char *object, const char *detail);

/* reset.c: setting a new password with a single-use link (no login) */
int reset_form(struct req *r, struct resp *rs);
int reset_post(struct req *r, struct resp *rs);

/*
 * absence_tasks.c, absence_rtw.c: the presence policy's tasks and its
 * settings, return-to-work plans (HR all; a manager their own team only)
 */
struct followup_scope;
int tasks_list(struct req *r, struct resp *rs);
int tasks_show(struct req *r, struct resp *rs);
int tasks_done(struct req *r, struct resp *rs);
int policy_form(struct req *r, struct resp *rs);
int policy_save(struct req *r, struct resp *rs);
int rtw_list(struct req *r, struct resp *rs);
int rtw_create(struct req *r, struct resp *rs);
int rtw_show(struct req *r, struct resp *rs);
int rtw_step(struct req *r, struct resp *rs);
int rtw_notes(struct req *r, struct resp *rs);
/* Shared by both files: the caller's scope, errors, dates. */
void followup_scope_of(const struct req *r, struct followup_scope *sc);
int followup_store_error(struct req *r, struct resp *rs);
int32_t followup_today(void);
/* A due date, flagged "Overdue" (colour and word) when open and past. */
void followup_due(struct hw *w, struct req *r, const char *due, int open);
const char *followup_form_date(struct req *r, const char *name);

/*
 * absence.c: the absence import (HR only: person-level health data), the
 * indicator settings (HR, admin), the organisation overview and the
 * warning lights section of a unit's report page (unit figures only)
 */
int absence_admin(struct req *r, struct resp *rs);
int absence_import_records_post(struct req *r, struct resp *rs);
int absence_import_events_post(struct req *r, struct resp *rs);
int absence_settings_form(struct req *r, struct resp *rs);
int absence_settings_post(struct req *r, struct resp *rs);
int absence_overview(struct req *r, struct resp *rs);
/* Writes the section with the unit's absence figures and lights (the caller checked scope). */
void absence_unit_section(struct hw *w, struct req *r, long unit_id);
/* action.c, action_yousaid.c: action plans, effect, 'you said, we did' (issue 6) */
int actions_plan(struct req *r, struct resp *rs);
int actions_unit(struct req *r, struct resp *rs);
int actions_new(struct req *r, struct resp *rs);
int actions_create(struct req *r, struct resp *rs);
int actions_gpp(struct req *r, struct resp *rs);
int actions_plan_pdf(struct req *r, struct resp *rs);
int actions_plan_xlsx(struct req *r, struct resp *rs);
int actions_view(struct req *r, struct resp *rs);
int actions_update(struct req *r, struct resp *rs);
int actions_status(struct req *r, struct resp *rs);
int actions_approve(struct req *r, struct resp *rs);
int actions_communicate(struct req *r, struct resp *rs);
int yousaid_token(struct req *r, struct resp *rs);
int yousaid_public(struct req *r, struct resp *rs);
int yousaid_settings(struct req *r, struct resp *rs);
int yousaid_settings_save(struct req *r, struct resp *rs);
/*
 * The "Action plan" block of a unit's report page: a link to the unit's
 * plan and its actions with their effect (nothing outside the user's scope).
 */
void action_unit_summary(struct hw *w, struct req *r, long unit_id);

/* workshop.c: team workshops (facilitators: their own units; participants: a code) */
int workshops_list(struct req *r, struct resp *rs);
int workshops_new(struct req *r, struct resp *rs);
int workshops_create(struct req *r, struct resp *rs);
int workshop_screen(struct req *r, struct resp *rs);
int workshop_state(struct req *r, struct resp *rs);
int workshop_phase(struct req *r, struct resp *rs);
int workshop_themes(struct req *r, struct resp *rs);
int workshop_actions(struct req *r, struct resp *rs);
int workshop_join_form(struct req *r, struct resp *rs);
int workshop_participant(struct req *r, struct resp *rs);
int workshop_participant_state(struct req *r, struct resp *rs);
int workshop_participant_post(struct req *r, struct resp *rs);
/* The button to start a workshop from a unit's report, for those who may run one. */
void workshop_unit_link(struct hw *w, struct req *r, long unit_id);

/* routes.c */
int page_static(struct req *r, struct resp *rs);

#endif
