/*
 * cmd_action.c: hartslag action: the action plans from the command line.
 *
 *   hartslag action list [--year Y] [--unit CODE] [--flagged]
 *   hartslag action export --year Y --format pdf|xlsx [-o FILE] [--unit CODE] [--lang L]
 *
 * list prints one line per action (tab-separated: id, year, unit, status
 * with the overdue and stalled flags, level, theme, due date, owner, effect,
 * title); export writes the yearly action plan as in the web download.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/action.h"
#include "report/action_export.h"
#include "report/report.h"
#include "store/store_action.h"

#define MAX_PLAN_BYTES (64 * 1024 * 1024)

static const char *usage_text(enum lang l)
{
	return T(l, "usage: hartslag action list [--year Y] [--unit CODE] [--flagged] | hartslag "
		    "action export --year Y --format pdf|xlsx [-o FILE] [--unit CODE] [--lang "
		    "nl|fr|en]");
}

/* Refuses arguments the command does not know, so a typo is not ignored. */
static int check_args(const struct cli *c)
{
	static const char *const with_value[] = {"--db",   "--year", "--unit", "--format",
						 "-o",     "--out",  "--lang"};
	for (int i = 1; i < c->argc; i += 2) {
		size_t k;
		if (strcmp(c->argv[i], "--flagged") == 0) {
			i--; /* a switch: no value follows */
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(with_value); k++)
			if (strcmp(c->argv[i], with_value[k]) == 0)
				break;
		if (k == ARRAY_SIZE(with_value))
			return cli_error(c, T(c->lang, "unknown argument '{1}'; {2}"), c->argv[i],
					 usage_text(c->lang), NULL);
		if (i + 1 >= c->argc)
			return cli_error(c, T(c->lang, "'{1}' needs a value; {2}"), c->argv[i],
					 usage_text(c->lang), NULL);
	}
	return 0;
}

/* The report (when a wave has closed) and the instrument for theme names. */
struct plan_ctx {
	struct store *st;
	struct report rep;
	int have_rep;
	struct unit *units;
	size_t nunits;
	struct store_yousaid ys;
	struct action *acts;
	size_t n;
};

static void plan_release(struct plan_ctx *p)
{
	if (p->have_rep)
		report_release(&p->rep);
	units_free(p->units, p->nunits);
	store_actions_free(p->acts, p->n);
}

static int plan_load(const struct cli *c, struct plan_ctx *p, int year, const char *code)
{
	struct diag d = {0};
	struct store_action_filter f;
	long unit = 0;

	if (p->st->ops->units_list(p->st, &p->units, &p->nunits) ||
	    p->st->ops->action->yousaid_get(p->st, &p->ys))
		return cli_error(c, T(c->lang, "cannot read the action plans: {1}"), p->st->err.msg,
				 NULL);
	if (code) {
		for (size_t i = 0; i < p->nunits && !unit; i++)
			if (p->units[i].code && strcmp(p->units[i].code, code) == 0)
				unit = p->units[i].id;
		if (!unit)
			return cli_error(c, T(c->lang, "there is no unit '{1}'"), code, NULL);
	}
	int rc = report_load(p->st, 0, &p->rep, &d);
	if (rc && rc != ERR_NOT_FOUND)
		return cli_error(c, T(c->lang, "cannot load the report: {1}"),
				 d.msg[0] ? d.msg : p->st->err.msg, NULL);
	p->have_rep = rc == 0;
	store_action_filter_init(&f);
	f.year = year;
	f.unit_id = unit;
	if (p->st->ops->action->list(p->st, &f, &p->acts, &p->n))
		return cli_error(c, T(c->lang, "cannot read the action plans: {1}"), p->st->err.msg,
				 NULL);
	return 0;
}

static const char *unit_code(const struct plan_ctx *p, long id)
{
	if (!id)
		return "-";
	for (size_t i = 0; i < p->nunits; i++)
		if (p->units[i].id == id)
			return p->units[i].code;
	return "?";
}

static int parse_year(const struct cli *c, const char *s, int *year)
{
	long y;
	if (str_to_long(str_from(s), ACTION_MIN_YEAR, ACTION_MAX_YEAR, &y))
		return cli_error(c, T(c->lang, "give a year from 2000 to 2100, not '{1}'"), s, NULL);
	*year = (int)y;
	return 0;
}

static int action_list(struct cli *c, struct store *st)
{
	const char *ys = cli_opt(c, "--year"), *code = cli_opt(c, "--unit");
	struct plan_ctx p = {.st = st};
	int year = 0, rc = 1;
	int64_t now = (int64_t)time(NULL);
	/* --flagged: only overdue and stalled actions, with their owners (for reminders) */
	int flagged = cli_flag(c, "--flagged");

	if (ys && parse_year(c, ys, &year))
		return 1;
	if (plan_load(c, &p, year, code))
		goto out;
	for (size_t i = 0; i < p.n; i++) {
		const struct action *a = &p.acts[i];
		struct action_effect_view ev;
		int overdue = action_overdue(a, action_day_of(now));
		int stalled = action_stalled(a, now, p.ys.stall_days);
		if (flagged && !overdue && !stalled)
			continue;
		action_report_effect(p.have_rep ? &p.rep : NULL, st, a, &ev);
		char fig[64] = "";
		if (ev.e.state == EFFECT_MEASURED && !ev.absence)
			snprintf(fig, sizeof(fig), " (%.2f -> %.2f)", ev.e.before, ev.e.after);
		printf("%ld\t%d\t%s\t%s%s%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", a->id, a->year,
		       unit_code(&p, a->unit_id), action_status_code(a->status),
		       overdue ? ",overdue" : "", stalled ? ",stalled" : "",
		       iglo_code(a->level), a->theme ? a->theme : "",
		       a->due && *a->due ? a->due : "-", a->owner && *a->owner ? a->owner : "-",
		       ev.e.state == EFFECT_SUPPRESSED ? T(c->lang, "hidden to protect anonymity")
						       : action_effect_text(&ev.e, c->lang),
		       fig, a->title ? a->title : "");
	}
	if (fflush(stdout)) {
		cli_error(c, T(c->lang, "cannot write the list: {1}"), strerror(errno), NULL);
		goto out;
	}
	rc = 0;
out:
	plan_release(&p);
	return rc;
}

static int write_file(const struct cli *c, const char *path, const struct buf *b)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(b->p ? b->p : "", 1, b->len, stdout) != b->len || fflush(stdout))
			return cli_error(c, T(c->lang, "cannot write the plan: {1}"), strerror(errno),
					 NULL);
		return 0;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return cli_error(c, T(c->lang, "cannot write '{1}': {2}"), path, strerror(errno),
				 NULL);
	size_t n = fwrite(b->p ? b->p : "", 1, b->len, f);
	int err = n != b->len || ferror(f);
	if (fclose(f) || err) {
		int e = errno;
		unlink(path);
		return cli_error(c, T(c->lang, "cannot write '{1}': {2}"), path, strerror(e),
				 NULL);
	}
	return 0;
}

static int action_export(struct cli *c, struct store *st)
{
	const char *ys = cli_opt(c, "--year"), *code = cli_opt(c, "--unit"),
		   *fs = cli_opt(c, "--format"), *ls = cli_opt(c, "--lang");
	const char *outp = cli_opt(c, "-o") ? cli_opt(c, "-o") : cli_opt(c, "--out");
	struct plan_ctx p = {.st = st};
	struct org_settings org;
	struct buf out = BUF_INIT(MAX_PLAN_BYTES);
	enum lang lang = c->lang;
	int year = 0, pdf, rc = 1;

	if (!ys)
		return cli_error(c, T(c->lang, "give the year of the plan with --year; {1}"),
				 usage_text(c->lang), NULL);
	if (parse_year(c, ys, &year))
		return 1;
	if (!fs || (strcmp(fs, "pdf") != 0 && strcmp(fs, "xlsx") != 0))
		return cli_error(c, T(c->lang, "choose --format pdf or --format xlsx"), NULL);
	pdf = strcmp(fs, "pdf") == 0;
	if (ls && lang_parse(str_from(ls), &lang))
		return cli_error(c, T(c->lang, "unknown language '{1}': use nl, fr or en"), ls,
				 NULL);
	if ((!outp || strcmp(outp, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_error(c, T(c->lang, "a PDF or XLSX file needs -o FILE (or a pipe)"), NULL);
	if (plan_load(c, &p, year, code))
		goto out;
	if (st->ops->org_get(st, &org)) {
		cli_error(c, T(c->lang, "cannot read the action plans: {1}"), st->err.msg, NULL);
		goto out;
	}
	const char *scope = T(lang, "Whole organisation");
	for (size_t i = 0; code && i < p.nunits; i++)
		if (p.units[i].code && strcmp(p.units[i].code, code) == 0)
			scope = p.units[i].name;
	struct action_plan_src src = {
		.org_name = org.name,
		.year = year,
		.scope = scope,
		.rep = p.have_rep ? &p.rep : NULL,
		.ins = p.have_rep ? &p.rep.ins : NULL,
		.st = st,
		.units = p.units,
		.nunits = p.nunits,
		.acts = p.acts,
		.n = p.n,
		.now = (int64_t)time(NULL),
		.stall_days = p.ys.stall_days,
		.lang = lang,
	};
	int er = pdf ? action_plan_pdf(&src, &out) : action_plan_xlsx(&src, &out);
	org_settings_release(&org);
	if (er) {
		cli_error(c, er == ERR_TOO_LARGE ? T(c->lang, "the plan is too large")
						 : T(c->lang, "cannot make the plan"),
			  NULL);
		goto out;
	}
	if (write_file(c, outp, &out))
		goto out;
	rc = 0;
out:
	plan_release(&p);
	buf_release(&out);
	return rc;
}

/*
 * hartslag action list|export (see the usage text). Returns the exit
 * code: 0, or 1 with a message in the user's language.
 */
int cmd_action(struct cli *c)
{
	const char *sub = c->argc > 0 ? c->argv[0] : NULL;
	int rc;

	if (!sub || (strcmp(sub, "list") != 0 && strcmp(sub, "export") != 0))
		return cli_error(c, "{1}", usage_text(c->lang), NULL);
	if (check_args(c))
		return 1;
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	rc = strcmp(sub, "list") == 0 ? action_list(c, st) : action_export(c, st);
	st->ops->close(st);
	return rc;
}
