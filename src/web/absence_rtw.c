/*
 * absence_rtw.c: return-to-work plans.
 *
 *   /rtw               the plans in the caller's scope; HR makes a new one
 *                      for a person from a template (long illness, return
 *                      after birth, bereavement, long leave)
 *   /rtw/ID            one plan: its steps by date, ticked off by HR or the
 *                      person's own manager, and the practical agreements
 *
 * A plan holds dates, steps and practical agreements (hours, tasks,
 * tools), never a diagnosis or anything medical: the form says so, and
 * the re-integration trajectory appears only as the reminders of its
 * legal deadlines (DOMAIN.md 7.2). As with tasks, the store puts the
 * caller's scope in every query: another team's plan is a 404.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/absence.h"
#include "core/absence_rules.h"
#include "store/store_absence_followup.h"
#include "web.h"

static long param_id(const struct req *r)
{
	long id = 0;
	if (str_to_long(r->param, 1, LONG_MAX, &id))
		return 0;
	return id;
}

static int not_found(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 404, T(r->lang, "Page not found"),
			    T(r->lang, "There is no task or plan at this address that you may see."),
			    "/rtw", T(r->lang, "Back to the list"));
}

static void medical_note(struct hw *w, struct req *r)
{
	HW_LIT(w, "<p class=\"fu-note\">");
	hw_text(w, T(r->lang, "A plan holds dates and practical agreements only: never a diagnosis "
			      "or anything medical. What the occupational physician decides, the "
			      "physician tells the person."));
	HW_LIT(w, "</p>");
}

/* The new-plan form (HR). */
static void create_form(struct hw *w, struct req *r, const char *error)
{
	HW_LIT(w, "<section class=\"new-plan\"><h2>");
	hw_text(w, T(r->lang, "New plan"));
	HW_LIT(w, "</h2>");
	if (error) {
		HW_LIT(w, "<p class=\"error\" role=\"alert\">");
		hw_text(w, error);
		HW_LIT(w, "</p>");
	}
	HW_LIT(w, "<form method=\"post\" action=\"/rtw\" class=\"stack\">");
	page_csrf_field(w, r);
	HW_LIT(w, "<label for=\"employee\">");
	hw_text(w, T(r->lang, "Employee number"));
	HW_LIT(w, "</label><input id=\"employee\" name=\"employee\" required maxlength=\"64\">"
		  "<label for=\"kind\">");
	hw_text(w, T(r->lang, "Kind of plan"));
	HW_LIT(w, "</label><select id=\"kind\" name=\"kind\">");
	for (int k = 0; k < RTW_TEMPLATE_COUNT; k++) {
		HW_LIT(w, "<option");
		hw_attr(w, "value", rtw_template_code((enum rtw_template)k));
		HW_LIT(w, ">");
		hw_text(w, T(r->lang, rtw_template_name((enum rtw_template)k)));
		HW_LIT(w, "</option>");
	}
	HW_LIT(w, "</select><label for=\"start\">");
	hw_text(w, T(r->lang, "First day of the absence or leave"));
	HW_LIT(w, "</label><input type=\"date\" id=\"start\" name=\"start\" required>"
		  "<label for=\"ret\">");
	hw_text(w, T(r->lang, "Expected first day back"));
	HW_LIT(w, "</label><input type=\"date\" id=\"ret\" name=\"ret\" required>"
		  "<label for=\"request\">");
	hw_text(w, T(r->lang, "Re-integration trajectory requested on (if so; long illness only)"));
	HW_LIT(w, "</label><input type=\"date\" id=\"request\" name=\"request\">"
		  "<button type=\"submit\">");
	hw_text(w, T(r->lang, "Make the plan"));
	HW_LIT(w, "</button></form></section>");
}

static int list_page(struct req *r, struct resp *rs, const char *error)
{
	struct followup_scope sc;
	struct rtw_plan *p;
	size_t n;
	struct hw w;

	followup_scope_of(r, &sc);
	if (r->st->ops->absence_followup->plans_list(r->st, &sc, &p, &n))
		return followup_store_error(r, rs);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Return to work"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(r->lang, "Return to work"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, sc.all ? T(r->lang, "Follow-up plans for people returning after a long "
					"absence or leave: contact during the absence, "
					"agreements at return, phased resumption, check-ins after.")
			   : T(r->lang, "The follow-up plans of people in your team. Tick a step "
					"when it has happened."));
	HW_LIT(&w, "</p>");
	medical_note(&w, r);
	if (!n) {
		HW_LIT(&w, "<p class=\"empty\">");
		hw_text(&w, T(r->lang, "No plans at the moment."));
		HW_LIT(&w, "</p>");
	} else {
		HW_LIT(&w, "<table class=\"data plans\"><thead><tr><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Person"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Unit"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Kind of plan"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Expected first day back"));
		HW_LIT(&w, "</th><th scope=\"col\" class=\"num\">");
		hw_text(&w, T(r->lang, "Open steps"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Next step due"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			HW_LIT(&w, "<tr><th scope=\"row\"><a");
			hw_attrf(&w, "href", "/rtw/%ld", p[i].id);
			HW_LIT(&w, ">");
			hw_text(&w, p[i].employee_name);
			HW_LIT(&w, "</a></th><td>");
			hw_text(&w, p[i].unit_name);
			HW_LIT(&w, "</td><td>");
			hw_text(&w, T(r->lang, rtw_template_name((enum rtw_template)p[i].kind)));
			HW_LIT(&w, "</td><td>");
			hw_text(&w, p[i].ret);
			HW_LIT(&w, "</td><td class=\"num\">");
			hw_textf(&w, "%zu", p[i].open_steps);
			HW_LIT(&w, "</td><td>");
			if (p[i].next_due[0])
				followup_due(&w, r, p[i].next_due, 1);
			HW_LIT(&w, "</td></tr>");
		}
		HW_LIT(&w, "</tbody></table>");
	}
	rtw_plans_free(p, n);
	if (r->user.role == ROLE_HR)
		create_form(&w, r, error);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int rtw_list(struct req *r, struct resp *rs)
{
	/* plans follow their person to a new manager, as tasks do */
	if (followup_refresh(r->st, followup_today(), NULL))
		return followup_store_error(r, rs);
	return list_page(r, rs, NULL);
}

static int create_error(struct req *r, struct resp *rs, const char *msg)
{
	rs->status = 422;
	return list_page(r, rs, msg);
}

int rtw_create(struct req *r, struct resp *rs)
{
	const char *code = form_get(&r->form, "employee");
	const char *kind = form_get(&r->form, "kind");
	const char *start = followup_form_date(r, "start");
	const char *ret = followup_form_date(r, "ret");
	const char *req = form_get(&r->form, "request");
	int32_t ds = 0, dr = 0, dq = 0;
	long emp = 0;
	int t = -1;

	for (int k = 0; kind && k < RTW_TEMPLATE_COUNT; k++)
		if (strcmp(kind, rtw_template_code((enum rtw_template)k)) == 0)
			t = k;
	if (!code || !*code || strlen(code) > 64 ||
	    r->st->ops->absence_followup->employee_by_code(r->st, code, &emp))
		return create_error(r, rs, T(r->lang, "There is no employee with that number."));
	if (t < 0)
		return create_error(r, rs, T(r->lang, "Choose one of the offered kinds of plan."));
	if (!start || !ret || day_parse(str_from(start), &ds) || day_parse(str_from(ret), &dr) ||
	    dr < ds)
		return create_error(r, rs, T(r->lang, "Give the first day of the absence and the "
						      "expected first day back, not before it."));
	if (req && *req && (day_parse(str_from(req), &dq) || dq < ds))
		return create_error(r, rs, T(r->lang, "The date of the request must be a real date "
						      "after the start of the absence."));

	struct rtw_plan_step steps[FOLLOWUP_MAX_PLAN_STEPS];
	struct rtw_plan p = {0};
	p.employee_id = emp;
	p.kind = t;
	snprintf(p.start, sizeof(p.start), "%s", start);
	snprintf(p.ret, sizeof(p.ret), "%s", ret);
	today(p.created);
	p.notes = "";
	p.steps = steps;
	p.nsteps = followup_plan_steps(r->st, (enum rtw_template)t, ds, dr, dq, steps, ARRAY_SIZE(steps));
	/* the person's own manager, by the same rule as for tasks */
	char *name = NULL;
	long unit = 0, id;
	if (r->st->ops->absence_followup->employee_brief(r->st, emp, &name, &unit) ||
	    followup_manager_of(r->st, unit, &p.manager_id)) {
		free(name);
		return followup_store_error(r, rs);
	}
	free(name);
	if (r->st->ops->absence_followup->plan_create(r->st, &p, &id))
		return followup_store_error(r, rs);
	char obj[48], loc[48];
	snprintf(obj, sizeof(obj), "plan %ld", id);
	/* which plan, never whose illness: no kind, no dates */
	audit(r, "rtw.create", obj, "");
	snprintf(loc, sizeof(loc), "/rtw/%ld", id);
	resp_redirect(rs, loc);
	return 0;
}

static void step_row(struct hw *w, struct req *r, const struct rtw_plan *p,
		     const struct rtw_plan_step *x)
{
	HW_LIT(w, "<tr");
	if (x->done)
		HW_LIT(w, " class=\"fu-is-done\"");
	HW_LIT(w, "><th scope=\"row\">");
	hw_text(w, T(r->lang, x->title));
	HW_LIT(w, "<p class=\"small\">");
	hw_text(w, T(r->lang, x->text));
	HW_LIT(w, "</p></th><td>");
	hw_text(w, x->phase == RTW_PHASE_DEADLINE
			   ? T(r->lang, "Re-integration deadline")
			   : T(r->lang, rtw_phase_name((enum rtw_phase)x->phase)));
	HW_LIT(w, "</td><td>");
	followup_due(w, r, x->due, !x->done);
	HW_LIT(w, "</td><td><form method=\"post\" class=\"inline\"");
	hw_attrf(w, "action", "/rtw/%ld/step", p->id);
	HW_LIT(w, ">");
	page_csrf_field(w, r);
	HW_LIT(w, "<input type=\"hidden\" name=\"pos\"");
	hw_attrf(w, "value", "%d", x->pos);
	HW_LIT(w, ">");
	if (x->done) {
		HW_LIT(w, "<span class=\"fu-done\">");
		hw_text(w, T(r->lang, "Done"));
		HW_LIT(w, "</span> ");
		hw_text(w, x->done_on);
		HW_LIT(w, " <input type=\"hidden\" name=\"done\" value=\"0\">"
			  "<button type=\"submit\" class=\"link\">");
		hw_text(w, T(r->lang, "Undo"));
	} else {
		HW_LIT(w, "<input type=\"hidden\" name=\"done\" value=\"1\"><button type=\"submit\">");
		hw_text(w, T(r->lang, "Mark as done"));
	}
	HW_LIT(w, "</button></form></td></tr>");
}

int rtw_show(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	struct rtw_plan p;
	struct hw w;

	followup_scope_of(r, &sc);
	int rc = r->st->ops->absence_followup->plan_get(r->st, &sc, param_id(r), &p);
	if (rc == ERR_NOT_FOUND)
		return not_found(r, rs);
	if (rc)
		return followup_store_error(r, rs);
	hw_init(&w, &rs->body);
	const char *kind = T(r->lang, rtw_template_name((enum rtw_template)p.kind));
	page_begin(&w, r, kind);
	HW_LIT(&w, "<p><a href=\"/rtw\">");
	hw_text(&w, T(r->lang, "All plans"));
	HW_LIT(&w, "</a></p><h1>");
	hw_text(&w, kind);
	HW_LIT(&w, "</h1><dl class=\"facts\"><dt>");
	hw_text(&w, T(r->lang, "Person"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, p.employee_name);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "Unit"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, p.unit_name);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "First day of the absence or leave"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, p.start);
	HW_LIT(&w, "</dd><dt>");
	hw_text(&w, T(r->lang, "Expected first day back"));
	HW_LIT(&w, "</dt><dd>");
	hw_text(&w, p.ret);
	HW_LIT(&w, "</dd></dl>");
	medical_note(&w, r);
	HW_LIT(&w, "<table class=\"data rtw-steps\"><thead><tr><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Step"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Phase"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Due"));
	HW_LIT(&w, "</th><th scope=\"col\">");
	hw_text(&w, T(r->lang, "Status"));
	HW_LIT(&w, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < p.nsteps; i++)
		step_row(&w, r, &p, &p.steps[i]);
	HW_LIT(&w, "</tbody></table><form method=\"post\" class=\"stack\"");
	hw_attrf(&w, "action", "/rtw/%ld/notes", p.id);
	HW_LIT(&w, ">");
	page_csrf_field(&w, r);
	HW_LIT(&w, "<label for=\"notes\">");
	hw_text(&w, T(r->lang, "Practical agreements (hours, tasks, tools, who to contact). No "
			       "medical information."));
	HW_LIT(&w, "</label><textarea id=\"notes\" name=\"notes\" rows=\"4\" maxlength=\"1000\">");
	hw_text(&w, p.notes);
	HW_LIT(&w, "</textarea><button type=\"submit\">");
	hw_text(&w, T(r->lang, "Save the agreements"));
	HW_LIT(&w, "</button></form>");
	rtw_plan_release(&p);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

static int back_to_plan(struct resp *rs, long id)
{
	char loc[48];
	snprintf(loc, sizeof(loc), "/rtw/%ld", id);
	resp_redirect(rs, loc);
	return 0;
}

int rtw_step(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	long id = param_id(r), pos = -1;
	const char *ps = form_get(&r->form, "pos");
	const char *done = form_get(&r->form, "done");
	char now[11];

	if (!ps || str_to_long(str_from(ps), 0, FOLLOWUP_MAX_PLAN_STEPS, &pos) || !done ||
	    (strcmp(done, "0") != 0 && strcmp(done, "1") != 0))
		return page_message(r, rs, 422, T(r->lang, "Check the form"),
				    T(r->lang, "This form was not filled in as expected. Go back, "
					       "reload the page and try again."),
				    "/rtw", T(r->lang, "Back to the list"));
	today(now);
	followup_scope_of(r, &sc);
	int rc = r->st->ops->absence_followup->plan_step_set(r->st, &sc, id, (int)pos,
							     done[0] == '1' ? now : NULL);
	if (rc == ERR_NOT_FOUND)
		return not_found(r, rs);
	if (rc)
		return followup_store_error(r, rs);
	return back_to_plan(rs, id);
}

int rtw_notes(struct req *r, struct resp *rs)
{
	struct followup_scope sc;
	long id = param_id(r);
	const char *notes = form_get(&r->form, "notes");

	if (!notes)
		notes = "";
	if (strlen(notes) > FOLLOWUP_MAX_NOTES || !utf8_valid(notes, strlen(notes)))
		return page_message(r, rs, 422, T(r->lang, "Too long"),
				    T(r->lang, "Keep the practical agreements under 1000 characters."),
				    "/rtw", T(r->lang, "Back to the list"));
	followup_scope_of(r, &sc);
	int rc = r->st->ops->absence_followup->plan_notes_set(r->st, &sc, id, notes);
	if (rc == ERR_NOT_FOUND)
		return not_found(r, rs);
	if (rc)
		return followup_store_error(r, rs);
	char obj[48];
	snprintf(obj, sizeof(obj), "plan %ld", id);
	audit(r, "rtw.notes", obj, "");
	return back_to_plan(rs, id);
}
