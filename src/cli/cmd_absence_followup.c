/*
 * cmd_absence_followup.c: the presence policy on the command line.
 *
 *   hartslag absence tasks [--due-before DATE] [--all]
 *       the open tasks (with --all also the done ones), one a line, tab-
 *       separated, for scripts and reminder mails: due date, "overdue" or
 *       "open" or "done", person, unit, step code, the logins of who holds
 *       the talk ("HR" when nobody: a unit without a manager is flagged
 *       "no-manager")
 *   hartslag absence rtw [--due-before DATE]
 *       the open steps of return-to-work plans (re-integration deadlines
 *       among them), one a line, tab-separated: due date, "overdue" or
 *       "open", person, unit, plan kind, the step's title
 *   hartslag absence policy show
 *       the presence policy and the re-integration deadlines in force
 *
 * Registered in main.c ahead of cmd_absence (absence-data's import and
 * indicators), to which every other 'absence' sub-command goes on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/absence.h"
#include "core/absence_rules.h"
#include "store/store_absence_followup.h"

static int store_fail(const struct cli *c, struct store *st)
{
	cli_error(c, T(c->lang, "the database could not be read: {1}"), st->err.msg, NULL);
	st->ops->close(st);
	return 1;
}

static int32_t today_day(void)
{
	char d[11];
	time_t now = time(NULL);
	struct tm tm;
	int32_t day = 0;
	gmtime_r(&now, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	day_parse(str_from(d), &day);
	return day;
}

/* The login of user id, or "" (into out). */
static void login_of(struct store *st, long id, char *out, size_t n)
{
	struct user u;
	out[0] = '\0';
	if (id && st->ops->user_get(st, id, &u) == 0) {
		snprintf(out, n, "%s", u.login);
		user_release(&u);
	}
}

static int tasks_cmd(struct cli *c)
{
	const char *before = cli_opt(c, "--due-before");
	int all = cli_flag(c, "--all");
	int32_t d;
	if (before && day_parse(str_from(before), &d))
		return cli_error(c, T(c->lang, "'{1}' is not a date: use YYYY-MM-DD"), before,
				 NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	int32_t now = today_day();
	char today_s[11];
	day_format(now, today_s);
	if (followup_refresh(st, now, NULL))
		return store_fail(c, st);
	struct followup_scope sc = {.all = 1};
	struct followup_task *t;
	size_t n;
	if (st->ops->absence_followup->tasks_list(st, &sc, before ? before : "", &t, &n))
		return store_fail(c, st);
	for (size_t i = 0; i < n; i++) {
		if (t[i].status == FOLLOWUP_DONE && !all)
			continue;
		char m1[128], m2[128];
		login_of(st, t[i].manager_id, m1, sizeof(m1));
		login_of(st, t[i].manager2_id, m2, sizeof(m2));
		const char *state = t[i].status == FOLLOWUP_DONE ? "done"
				    : strcmp(t[i].due, today_s) < 0 ? "overdue"
								    : "open";
		printf("%s\t%s\t%s\t%s\t%s\t%s%s%s%s\n", t[i].due, state, t[i].employee_name,
		       t[i].unit_name, t[i].step_key, m1[0] ? m1 : "HR", m2[0] ? "," : "", m2,
		       t[i].flagged ? "\tno-manager" : "");
	}
	followup_tasks_free(t, n);
	/* who looked, not at whom: the list itself is personal data */
	if (st->ops->audit_add(st, "cli", "tasks.list", "tasks", ""))
		fprintf(stderr, "hartslag: %s\n", st->err.msg);
	st->ops->close(st);
	return 0;
}

static int rtw_cmd(struct cli *c)
{
	const char *before = cli_opt(c, "--due-before");
	int32_t d;
	if (before && day_parse(str_from(before), &d))
		return cli_error(c, T(c->lang, "'{1}' is not a date: use YYYY-MM-DD"), before,
				 NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	const struct store_absence_followup_ops *fo = st->ops->absence_followup;
	struct followup_scope sc = {.all = 1};
	struct rtw_plan *p;
	size_t n;
	char today_s[11];
	day_format(today_day(), today_s);
	if (fo->plans_list(st, &sc, &p, &n))
		return store_fail(c, st);
	for (size_t i = 0; i < n; i++) {
		struct rtw_plan one;
		if (!p[i].open_steps)
			continue;
		if (fo->plan_get(st, &sc, p[i].id, &one)) {
			rtw_plans_free(p, n);
			return store_fail(c, st);
		}
		for (size_t k = 0; k < one.nsteps; k++) {
			const struct rtw_plan_step *x = &one.steps[k];
			if (x->done || (before && strcmp(x->due, before) >= 0))
				continue;
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", x->due,
			       strcmp(x->due, today_s) < 0 ? "overdue" : "open", one.employee_name,
			       one.unit_name, rtw_template_code((enum rtw_template)one.kind),
			       T(c->lang, x->title));
		}
		rtw_plan_release(&one);
	}
	rtw_plans_free(p, n);
	if (st->ops->audit_add(st, "cli", "rtw.list", "plans", ""))
		fprintf(stderr, "hartslag: %s\n", st->err.msg);
	st->ops->close(st);
	return 0;
}

static int policy_show(struct cli *c)
{
	struct store *st = cli_open(c);
	struct presence_policy p;
	struct rit_settings r;
	if (!st)
		return 1;
	if (followup_policy(st, &p) || followup_deadlines(st, &r))
		return store_fail(c, st);
	printf("%s: %d\n", T(c->lang, "Look-back window (days)"), p.window_days);
	printf("%s: %d\n", T(c->lang, "A new absence within this many days continues the previous one"),
	       p.relapse_days);
	for (int i = 0; i < p.nsteps; i++) {
		const struct policy_step *s = &p.steps[i];
		printf("%d. ", i + 1);
		if (s->min_spells)
			printf("%s %d", T(c->lang, "absences:"), s->min_spells);
		if (s->min_spells && s->min_bradford)
			printf(", ");
		if (s->min_bradford)
			printf("%s %d", T(c->lang, "Bradford factor:"), s->min_bradford);
		printf(" -> %s (%s %d)\n", T(c->lang, policy_action_name((enum policy_action)s->action)),
		       T(c->lang, "due after days:"), s->due_days);
	}
	printf("re-integration: info %d d, tnw %d d, employer %d m, assessment %d d, plan A %d d, "
	       "plan B %d m, reply %d d, reassess C %d m\n",
	       r.info_days, r.tnw_days, r.employer_months, r.assessment_days, r.plan_a_days,
	       r.plan_b_months, r.reply_days, r.reassess_c_months);
	st->ops->close(st);
	return 0;
}

int cmd_absence_followup(struct cli *c)
{
	const char *what = cli_arg(c, 0);
	if (what && strcmp(what, "tasks") == 0)
		return tasks_cmd(c);
	if (what && strcmp(what, "rtw") == 0)
		return rtw_cmd(c);
	if (what && strcmp(what, "policy") == 0) {
		const char *sub = cli_arg(c, 1);
		if (sub && strcmp(sub, "show") == 0)
			return policy_show(c);
		return cli_error(c, T(c->lang, "usage: hartslag absence policy show"), NULL);
	}
	return cmd_absence(c);
}
