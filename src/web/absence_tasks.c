/*
 * absence_tasks.c: the presence policy's tasks and its settings.
 *
 *   /tasks             a manager's talks to hold (their own team only), or
 *                      all of them for HR, with "mark as done"
 *   /tasks/ID          one task with its conversation guide in full
 *   /admin/absences/policy  the presence policy and the re-integration
 *                      deadlines (HR, admin; audited old -> new)
 *
 * Who sees which person is decided by the store: every query carries the
 * caller's scope (store_absence_followup.h), so an id of another team's
 * task gives the same 404 as an id that does not exist. Nothing about the
 * content of a talk is asked or stored: done or not, and the date.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/absence.h"
#include "core/absence_rules.h"
#include "store/store_absence_followup.h"
#include "web.h"

int followup_store_error(struct req *r, struct resp *rs)
{
	fprintf(stderr, "store error: %s\n", r->st->err.msg);
	return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			    T(r->lang, "The data could not be read or saved. Nothing was changed. "
				       "Try again in a moment; if it persists, tell your "
				       "administrator."),
			    "/admin", T(r->lang, "Back to the overview"));
}

void followup_scope_of(const struct req *r, struct followup_scope *sc)
{
	memset(sc, 0, sizeof(*sc));
	if (r->user.role == ROLE_HR) {
		sc->all = 1;
	} else if (r->user.role == ROLE_MANAGER) {
		sc->manager_id = r->user.id;
		sc->unit_id = r->user.unit_id;
	}
	/* anyone else: an empty scope, which the store answers with nothing */
}

int32_t followup_today(void)
{
	char d[11];
	int32_t day = 0;
	today(d);
	day_parse(str_from(d), &day);
	return day;
}

void followup_due(struct hw *w, struct req *r, const char *due, int open)
{
	char now[11];
	today(now);
	if (open && strcmp(due, now) < 0) {
		HW_LIT(w, "<span class=\"fu-overdue\">");
		hw_text(w, due);
		HW_LIT(w, " <strong>");
		hw_text(w, T(r->lang, "Overdue"));
		HW_LIT(w, "</strong></span>");
	} else {
		hw_text(w, due);
	}
}

/* A form field's date "YYYY-MM-DD", checked; NULL when missing or wrong. */
const char *followup_form_date(struct req *r, const char *name)
{
	const char *d = form_get(&r->form, name);
	int32_t day;
	if (!d || day_parse(str_from(d), &day))
		return NULL;
	return d;
}

static void p_text(struct hw *w, const char *cls, const char *text)
{
	HW_LIT(w, "<p");
	if (cls)
		hw_attr(w, "class", cls);
	HW_LIT(w, ">");
	hw_text(w, text);
	HW_LIT(w, "</p>");
}

static void privacy_note(struct hw *w, struct req *r)
{
	p_text(w, "fu-note",
	       T(r->lang, "Only whether a talk took place and its date are kept here: never what "
			  "was said, and never a diagnosis. Do not ask about the illness itself."));
}

/* The "mark as done" form of task id, due after created. */
static void done_form(struct hw *w, struct req *r, const struct followup_task *t)
{
	char now[11];
	today(now);
	HW_LIT(w, "<form method=\"post\" class=\"inline done-form\"");
	hw_attrf(w, "action", "/tasks/%ld/done", t->id);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	HW_LIT(w, "<label");
	hw_attrf(w, "for", "date-%ld", t->id);
	HW_LIT(w, ">");
	hw_text(w, T(r->lang, "Talk held on"));
	HW_LIT(w, "</label> <input type=\"date\" name=\"date\" required");
	hw_attrf(w, "id", "date-%ld", t->id);
	hw_attr(w, "value", now);
	hw_attr(w, "max", now);
	HW_LIT(w, "> <button type=\"submit\">");
	hw_text(w, T(r->lang, "Mark as done"));
	HW_LIT(w, "</button></form>");
}

static void status_cell(struct hw *w, struct req *r, const struct followup_task *t)
{
	if (t->status == FOLLOWUP_DONE) {
		HW_LIT(w, "<span class=\"fu-done\">");
		hw_text(w, T(r->lang, "Done"));
		HW_LIT(w, "</span> ");
		hw_text(w, t->done_on);
	} else {
		done_form(w, r, t);
	}
}

/* Who holds the talk, for HR's list. */
static void assignee_cell(struct hw *w, struct req *r, const struct followup_task *t)
{
	if (t->action == POLICY_REFER_PHYSICIAN) {
		hw_text(w, T(r->lang, "HR"));
		return;
	}
	for (int i = 0; i < 2; i++) {
		long id = i ? t->manager2_id : t->manager_id;
		struct user u;
		if (!id || r->st->ops->user_get(r->st, id, &u))
			continue;
		if (i)
			HW_LIT(w, " + ");
		hw_text(w, u.display_name && *u.display_name ? u.display_name : u.login);
		user_release(&u);
	}
	if (t->flagged) {
		HW_LIT(w, " <span class=\"fu-flag\">");
		hw_text(w, T(r->lang, "No manager for this unit: HR arranges the talk"));
		HW_LIT(w, "</span>");
	}
}

/*
 * At most this many rows on the page: an organisation of 100 000 people
 * can have tens of thousands of tasks, and HR sees them all.
 */
#define TASKS_SHOWN 500

int tasks_list(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	struct followup_task *t;
	size_t n;
	struct hw w;

	/* Cheap when nothing changed: the tasks follow the latest absence data. */
	if (followup_refresh(r->st, followup_today(), NULL))
		return followup_store_error(r, rs);
	followup_scope_of(r, &sc);
	if (r->st->ops->absence_followup->tasks_list(r->st, &sc, "", &t, &n))
		return followup_store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Tasks"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(r->lang, "Tasks of the presence policy"));
	HW_LIT(&w, "</h1>");
	p_text(&w, NULL,
	       sc.all ? T(r->lang, "The talks the presence policy asks for, for every team.")
		      : T(r->lang, "The talks the presence policy asks you to hold with people of "
				   "your team. A talk is about how someone is doing and what would "
				   "help: looking back and looking ahead."));
	privacy_note(&w, r);
	if (r->user.role == ROLE_HR) {
		HW_LIT(&w, "<p><a href=\"/admin/absences/policy\">");
		hw_text(&w, T(r->lang, "Presence policy settings"));
		HW_LIT(&w, "</a></p>");
	}
	if (!n) {
		p_text(&w, "empty", T(r->lang, "No tasks at the moment."));
	} else {
		HW_LIT(&w, "<table class=\"data tasks\"><thead><tr><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Person"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Unit"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Step"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Due"));
		if (sc.all) {
			HW_LIT(&w, "</th><th scope=\"col\">");
			hw_text(&w, T(r->lang, "Held by"));
		}
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Status"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n && i < TASKS_SHOWN; i++) {
			HW_LIT(&w, "<tr><th scope=\"row\"><a");
			hw_attrf(&w, "href", "/tasks/%ld", t[i].id);
			HW_LIT(&w, ">");
			hw_text(&w, t[i].employee_name);
			HW_LIT(&w, "</a></th><td>");
			hw_text(&w, t[i].unit_name);
			HW_LIT(&w, "</td><td>");
			hw_text(&w, T(r->lang, policy_action_name((enum policy_action)t[i].action)));
			HW_LIT(&w, "</td><td>");
			followup_due(&w, r, t[i].due, t[i].status == FOLLOWUP_OPEN);
			if (sc.all) {
				HW_LIT(&w, "</td><td>");
				assignee_cell(&w, r, &t[i]);
			}
			HW_LIT(&w, "</td><td>");
			status_cell(&w, r, &t[i]);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
		if (n > TASKS_SHOWN) {
			char shown[32], total[32];
			snprintf(shown, sizeof(shown), "%d", TASKS_SHOWN);
			snprintf(total, sizeof(total), "%zu", n);
			char *msg = tmpl_fill(T(r->lang, "The first {1} of {2} tasks are shown, open "
							"ones first by due date. The command 'hartslag "
							"absence tasks' lists them all."),
					      shown, total, NULL);
			p_text(&w, "fu-note", msg);
			free(msg);
		}
	}
	followup_tasks_free(t, n);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* The task id in r->param, or 0. */
static long param_id(const struct req *r)
{
	long id = 0;
	if (str_to_long(r->param, 1, LONG_MAX, &id))
		return 0;
	return id;
}

static int not_found(struct req *r, struct resp *rs, const char *back)
{
	return page_message(r, rs, 404, T(r->lang, "Page not found"),
			    T(r->lang, "There is no task or plan at this address that you may see."),
			    back, T(r->lang, "Back to the list"));
}

int tasks_show(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	struct followup_task t;
	struct hw w;
	long id = param_id(r);
	int rc;

	followup_scope_of(r, &sc);
	rc = r->st->ops->absence_followup->task_get(r->st, &sc, id, &t);
	if (rc == ERR_NOT_FOUND)
		return not_found(r, rs, "/tasks");
	if (rc)
		return followup_store_error(r, rs);
	hw_init(&w, &rs->body);
	const char *action = T(r->lang, policy_action_name((enum policy_action)t.action));
	page_begin(&w, r, action);
	HW_LIT(&w, "<p><a href=\"/tasks\">");
	hw_text(&w, T(r->lang, "All tasks"));
	HW_LIT(&w, "</a></p><h1>");
	hw_text(&w, action);
	HW_LIT(&w, "</h1><dl class=\"facts\"><dt>");
	hw_text(&w, T(r->lang, "Person"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, t.employee_name);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "Unit"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, t.unit_name);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "Due"));
	HW_LIT(&w, "</dt><dd>");
	followup_due(&w, r, t.due, t.status == FOLLOWUP_OPEN);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "Status"));
	HW_LIT(&w, "</dt><dd>");
	status_cell(&w, r, &t);
	HW_LIT(&w, "</dd></dl><section class=\"guide\"><h2>");
	hw_text(&w, T(r->lang, "Conversation guide"));
	HW_LIT(&w, "</h2>");
	p_text(&w, NULL,
	       T(r->lang, "The talk is about the person and their work, not about the illness. "
			  "Prepare it with the facts (the number of absences, not their cause), "
			  "hold it in private and in a calm moment, and listen more than you speak."));
	size_t ng = 0;
	const char *const *guide = policy_guide((enum policy_action)t.action, &ng);
	HW_LIT(&w, "<ol>");
	for (size_t i = 0; guide && i < ng; i++) {
		HW_LIT(&w, "<li>");
		hw_text(&w, T(r->lang, guide[i]));
		HW_LIT(&w, "</li>");
	}
	HW_LIT(&w, "</ol>");
	privacy_note(&w, r);
	HW_LIT(&w, "</section>");
	followup_task_release(&t);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int tasks_done(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	char now[11];
	const char *date = followup_form_date(r, "date");
	long id = param_id(r);

	today(now);
	if (!date || strcmp(date, now) > 0)
		return page_message(r, rs, 422, T(r->lang, "Check the date"),
				    T(r->lang, "Give the date the talk took place: a real date, not "
					       "in the future."),
				    "/tasks", T(r->lang, "Back to the list"));
	followup_scope_of(r, &sc);
	int rc = r->st->ops->absence_followup->task_done(r->st, &sc, id, date);
	if (rc == ERR_NOT_FOUND)
		return not_found(r, rs, "/tasks");
	if (rc)
		return followup_store_error(r, rs);
	/* the task and the date only: the log holds nothing about the person's health */
	char obj[48];
	snprintf(obj, sizeof(obj), "task %ld", id);
	audit(r, "task.done", obj, date);
	resp_redirect(rs, "/tasks");
	return 0;
}

/* ---- settings ---- */

static void number_field(struct hw *w, const char *name, const char *label, long value,
			 long min, long max)
{
	HW_LIT(w, "<label");
	hw_attr(w, "for", name);
	HW_LIT(w, ">");
	hw_text(w, label);
	HW_LIT(w, "</label><input type=\"number\"");
	hw_attr(w, "id", name);
	hw_attr(w, "name", name);
	hw_attrf(w, "min", "%ld", min);
	hw_attrf(w, "max", "%ld", max);
	hw_attrf(w, "value", "%ld", value);
	HW_LIT(w, ">");
}

/* One cell input of the steps table, labelled for screen readers. */
static void step_input(struct hw *w, const char *name, int i, const char *label, long value,
		       long max)
{
	HW_LIT(w, "<td><input type=\"number\" min=\"0\"");
	hw_attrf(w, "max", "%ld", max);
	hw_attrf(w, "name", "%s%d", name, i);
	hw_attr(w, "aria-label", label);
	hw_attrf(w, "value", "%ld", value);
	HW_LIT(w, "></td>");
}

static const struct {
	const char *name;
	size_t off;
	const char *label;
	int max;
} rit_fields[] = {
	{"rit_info_days", offsetof(struct rit_settings, info_days),
	 N_("Occupational physician informs the worker (days after the start of incapacity)"),
	 3660},
	{"rit_tnw_days", offsetof(struct rit_settings, tnw_days),
	 N_("Health insurer's 'back to work' questionnaire (days after the start)"), 3660},
	{"rit_employer_months", offsetof(struct rit_settings, employer_months),
	 N_("Employer may request a re-integration trajectory (months after the start)"), 120},
	{"rit_assessment_days", offsetof(struct rit_settings, assessment_days),
	 N_("Re-integration assessment (days after the request)"), 3660},
	{"rit_plan_a_days", offsetof(struct rit_settings, plan_a_days),
	 N_("Re-integration plan after decision A (days)"), 3660},
	{"rit_plan_b_months", offsetof(struct rit_settings, plan_b_months),
	 N_("Re-integration plan after decision B (months)"), 120},
	{"rit_reply_days", offsetof(struct rit_settings, reply_days),
	 N_("Worker answers the plan (days after receiving it)"), 3660},
	{"rit_reassess_c_months", offsetof(struct rit_settings, reassess_c_months),
	 N_("New assessment after decision C (months)"), 120},
};

static int policy_page(struct req *r, struct resp *rs, const struct presence_policy *p,
		       const struct rit_settings *rit, const char *error, const char *ok)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Presence policy"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(r->lang, "Presence policy"));
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
	p_text(&w, NULL,
	       T(r->lang, "These rules are your organisation's choice, not the law. Each step "
			  "gives the person's manager a task: a talk, with a conversation guide. "
			  "Protected absences (maternity, birth and other protected leave) never "
			  "count."));
	HW_LIT(&w, "<form method=\"post\" action=\"/admin/absences/policy\" class=\"stack\">");
	page_csrf_field(&w, r);
	number_field(&w, "window_days", T(r->lang, "Look-back window (days)"), p->window_days, 7,
		     3660);
	number_field(&w, "relapse_days",
		     T(r->lang, "A new absence within this many days continues the previous one"),
		     p->relapse_days, 0, 3660);
	HW_LIT(&w, "<fieldset><legend>");
	hw_text(&w, T(r->lang, "Steps, from the first to the highest"));
	HW_LIT(&w, "</legend><p class=\"small\">");
	hw_text(&w, T(r->lang, "A step applies from this number of absences in the window, or "
			       "from this Bradford factor (0: not used). Leave both at 0 to remove "
			       "a step."));
	HW_LIT(&w, "</p><table class=\"data steps\"><thead><tr><th scope=\"col\">#</th>"
		   "<th scope=\"col\">");
	hw_text(&w, T(r->lang, "Absences"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Bradford factor"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Task"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Due after (days)"));
	HW_LIT(&w, "</th></tr></thead><tbody>");
	for (int i = 0; i < MAX_POLICY_STEPS; i++) {
		struct policy_step none = {0, 0, POLICY_TALK_MANAGER, 14};
		const struct policy_step *s = i < p->nsteps ? &p->steps[i] : &none;
		HW_LIT(&w, "<tr><th scope=\"row\">");
		hw_textf(&w, "%d", i + 1);
		HW_LIT(&w, "</th>");
		step_input(&w, "spells", i, T(r->lang, "Absences"), s->min_spells, 1000);
		step_input(&w, "bradford", i, T(r->lang, "Bradford factor"), s->min_bradford,
			   1000000);
		HW_LIT(&w, "<td><select");
		hw_attrf(&w, "name", "action%d", i);
		hw_attr(&w, "aria-label", T(r->lang, "Task"));
		HW_LIT(&w, ">");
		for (int a = 0; a < POLICY_ACTION_COUNT; a++) {
			HW_LIT(&w, "<option");
			hw_attr(&w, "value", policy_action_code((enum policy_action)a));
			if (a == s->action)
				HW_LIT(&w, " selected");
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, policy_action_name((enum policy_action)a)));
			HW_LIT(&w, "</option>");
		}
		HW_LIT(&w, "</select></td>");
		step_input(&w, "due", i, T(r->lang, "Due after (days)"), s->due_days, 365);
		HW_LIT(&w, "</tr>");
	}
	HW_LIT(&w, "</tbody></table></fieldset><fieldset><legend>");
	hw_text(&w, T(r->lang, "Reminders of the re-integration trajectory"));
	HW_LIT(&w, "</legend><p class=\"small\">");
	hw_text(&w, T(r->lang, "The legal terms since 1 October 2022 are filled in. Change them "
			       "only when the rules change."));
	HW_LIT(&w, "</p>");
	for (size_t i = 0; i < ARRAY_SIZE(rit_fields); i++)
		number_field(&w, rit_fields[i].name, T(r->lang, rit_fields[i].label),
			     *(const int *)((const char *)rit + rit_fields[i].off), 0,
			     rit_fields[i].max);
	HW_LIT(&w, "</fieldset><button type=\"submit\">");
	hw_text(&w, T(r->lang, "Save"));
	HW_LIT(&w, "</button></form>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int policy_form(struct req *r, struct resp *rs)
{
	struct presence_policy p;
	struct rit_settings rit;
	if (followup_policy(r->st, &p) || followup_deadlines(r->st, &rit))
		return followup_store_error(r, rs);
	return policy_page(r, rs, &p, &rit, NULL, NULL);
}

/* The policy as text for the audit log ("window 365, relapse 14, steps 3/0/talk/14 ..."). */
static void policy_text(struct buf *b, const struct presence_policy *p,
			const struct rit_settings *rit)
{
	buf_printf(b, "window %d, relapse %d, steps", p->window_days, p->relapse_days);
	for (int i = 0; i < p->nsteps; i++)
		buf_printf(b, " %d/%d/%s/%d", p->steps[i].min_spells, p->steps[i].min_bradford,
			   policy_action_code((enum policy_action)p->steps[i].action),
			   p->steps[i].due_days);
	buf_puts(b, "; deadlines");
	for (size_t i = 0; i < ARRAY_SIZE(rit_fields); i++)
		buf_printf(b, " %d", *(const int *)((const char *)rit + rit_fields[i].off));
}

static int form_long(struct req *r, const char *name, long min, long max, long *out)
{
	const char *v = form_get(&r->form, name);
	if (!v)
		return -1;
	return str_to_long(str_trim(str_from(v)), min, max, out);
}

int policy_save(struct req *r, struct resp *rs)
{
	struct presence_policy old, p;
	struct rit_settings oldrit, rit;
	const char *error = NULL;
	long v;

	if (followup_policy(r->st, &old) || followup_deadlines(r->st, &oldrit))
		return followup_store_error(r, rs);
	p = old;
	rit = oldrit;
	if (form_long(r, "window_days", 7, 3660, &v) == 0)
		p.window_days = (int)v;
	else
		error = T(r->lang, "The look-back window must be a whole number of days from 7 to "
				   "3660.");
	if (form_long(r, "relapse_days", 0, 3660, &v) == 0)
		p.relapse_days = (int)v;
	else
		error = T(r->lang, "The number of days for a relapse must be from 0 to 3660.");
	p.nsteps = 0;
	for (int i = 0; i < MAX_POLICY_STEPS; i++) {
		char name[32];
		long sp = 0, br = 0, due = 14;
		snprintf(name, sizeof(name), "spells%d", i);
		if (form_get(&r->form, name) && form_long(r, name, 0, 1000, &sp))
			error = T(r->lang, "A number of absences must be from 0 to 1000.");
		snprintf(name, sizeof(name), "bradford%d", i);
		if (form_get(&r->form, name) && form_long(r, name, 0, 1000000, &br))
			error = T(r->lang, "A Bradford factor must be from 0 to 1000000.");
		snprintf(name, sizeof(name), "due%d", i);
		if (form_get(&r->form, name) && form_long(r, name, 0, 365, &due))
			error = T(r->lang, "A task must be due within 0 to 365 days.");
		if (!sp && !br)
			continue;
		snprintf(name, sizeof(name), "action%d", i);
		const char *a = form_get(&r->form, name);
		int action = -1;
		for (int k = 0; a && k < POLICY_ACTION_COUNT; k++)
			if (strcmp(a, policy_action_code((enum policy_action)k)) == 0)
				action = k;
		if (action < 0) {
			error = T(r->lang, "Choose one of the offered tasks.");
			continue;
		}
		p.steps[p.nsteps++] = (struct policy_step){(int)sp, (int)br, (unsigned char)action,
							   (int)due};
	}
	for (size_t i = 0; i < ARRAY_SIZE(rit_fields); i++) {
		if (form_long(r, rit_fields[i].name, 0, rit_fields[i].max, &v) == 0)
			*(int *)((char *)&rit + rit_fields[i].off) = (int)v;
		else
			error = T(r->lang, "Every re-integration term must be a whole number within "
					   "its range.");
	}
	if (!error && presence_policy_check(&p))
		error = T(r->lang, "These steps do not make a valid policy: check the numbers.");
	if (!error && rit_settings_check(&rit))
		error = T(r->lang, "These re-integration terms are not valid: check the numbers.");
	if (error) {
		rs->status = 422;
		return policy_page(r, rs, &p, &rit, error, NULL);
	}
	if (r->st->ops->absence_followup->policy_set(r->st, &p) ||
	    r->st->ops->absence_followup->deadlines_set(r->st, &rit))
		return followup_store_error(r, rs);
	struct buf change = BUF_INIT(4096);
	policy_text(&change, &old, &oldrit);
	buf_puts(&change, " -> ");
	policy_text(&change, &p, &rit);
	audit(r, "policy.save", "presence policy", buf_cstr(&change));
	buf_release(&change);
	return policy_page(r, rs, &p, &rit, NULL, T(r->lang, "Settings saved."));
}
