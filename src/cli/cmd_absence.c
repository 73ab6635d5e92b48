/*
 * cmd_absence.c: hartslag absence import FILE [--events] [--add] and
 * hartslag absence indicators [--unit CODE] [--period KEY | --from DATE
 * --to DATE]: the absence import with its row-by-row report, and the unit
 * figures with their warning lights (suppressed as on the unit pages).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/banned.h"
#include "report/absence_data.h"

static void cli_audit(struct store *st, const char *action, const char *object,
		      const char *detail)
{
	if (st->ops->audit_add(st, "cli", action, object, detail))
		fprintf(stderr, "audit log: %s\n", st->err.msg);
}

static void print_report(const struct cli *c, const char *path, const struct import_report *rep)
{
	char n[32];
	snprintf(n, sizeof(n), "%zu", rep->n);
	char *s = tmpl_fill(T(c->lang, "{1}: nothing imported, {2} problem(s) to correct:"), path,
			    n, NULL);
	fprintf(stderr, "%s\n", s);
	free(s);
	for (size_t i = 0; i < rep->n; i++) {
		if (rep->errors[i].line)
			fprintf(stderr, "  %s:%ld: %s\n", path, rep->errors[i].line,
				rep->errors[i].msg);
		else
			fprintf(stderr, "  %s: %s\n", path, rep->errors[i].msg);
	}
}

struct step_ctx {
	struct progress *pg;
	const struct cli *c;
};

static void on_step(void *ctx, int step)
{
	struct step_ctx *s = ctx;
	if (step == 1)
		s->pg->label = T(s->c->lang, "checking against the stored absences");
	else if (step == 2)
		s->pg->label = T(s->c->lang, "saving");
	progress_set(s->pg, step);
}

static int absence_import_cmd(struct cli *c)
{
	const char *path = cli_arg(c, 1);
	int events = cli_flag(c, "--events");
	enum absence_import_mode mode = cli_flag(c, "--add") ? ABS_IMPORT_ADD : ABS_IMPORT_REPLACE;
	struct import_report rep = {.lang = c->lang};
	struct absence_import_result res;
	struct progress pg;
	struct step_ctx sc = {&pg, c};
	size_t len;
	int rc;

	if (!path)
		return cli_error(c, T(c->lang, "usage: hartslag absence import FILE [--events] "
					       "[--add] [--db FILE]"),
				 NULL);
	char *data = cli_read_file(c, path, MAX_CSV_BYTES, &len);
	if (!data)
		return 1;
	struct store *st = cli_open(c);
	if (!st) {
		free(data);
		return 1;
	}
	progress_start(&pg, T(c->lang, "checking rows"), 3);
	rc = absence_import(st, data, len, events, mode, &rep, &res, on_step, &sc);
	progress_end(&pg);
	if (rc) {
		print_report(c, path, &rep);
	} else {
		char n[32], r[32], secs[32];
		snprintf(n, sizeof(n), "%zu", res.imported);
		snprintf(r, sizeof(r), "%ld", res.replaced);
		snprintf(secs, sizeof(secs), "%.2f", res.parse_s + res.store_s);
		char *s = tmpl_fill(events ? T(c->lang, "{1}: {2} HR events imported, {3} "
						       "replaced ({4} s)")
					   : T(c->lang, "{1}: {2} absences imported, {3} replaced "
							"({4} s)"),
				    path, n, r, secs, NULL);
		printf("%s\n", s);
		free(s);
		cli_audit(st, events ? "import.hr_events" : "import.absences",
			  events ? "hr_events" : "absences", n);
	}
	import_report_release(&rep);
	st->ops->close(st);
	free(data);
	return rc ? 1 : 0;
}

static int32_t today_day(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The period from --period KEY or --from/--to DATE; -1 with a message. */
static int pick_period(const struct cli *c, struct absence_period *p)
{
	const char *from = cli_opt(c, "--from"), *to = cli_opt(c, "--to");
	const char *key = cli_opt(c, "--period");

	if (from || to) {
		int32_t f, t;
		if (!from || !to || day_parse(str_from(from), &f) || day_parse(str_from(to), &t) ||
		    f > t) {
			cli_error(c, T(c->lang, "give --from and --to as YYYY-MM-DD, from "
						"not after to"),
				  NULL);
			return -1;
		}
		memset(p, 0, sizeof(*p));
		p->from = f;
		p->to = t;
		p->prev_to = f - 1;
		p->prev_from = f - 1 - (t - f);
		snprintf(p->key, sizeof(p->key), "custom");
		return 0;
	}
	if (absence_period_parse(key, today_day(), p)) {
		cli_error(c, T(c->lang, "'{1}' is not a period: use 12m, a year (2025) or a "
					"quarter (2025q3)"),
			  key, NULL);
		return -1;
	}
	return 0;
}

static void print_unit_detail(const struct cli *c, const struct absence_view *v,
			      const struct absence_figures *cur, const struct absence_figures *prev,
			      int u)
{
	enum lang l = c->lang;
	double a[AI_COUNT], b[AI_COUNT];
	struct light_result lr;
	char k[16];

	printf("%s  %s\n", v->units[u].code, v->units[u].name);
	if (!cur->show[u]) {
		snprintf(k, sizeof(k), "%d", v->k);
		char *s = tmpl_fill(T(l, "  hidden to protect anonymity: fewer than {1} people, or "
					 "a smaller group could be worked out by difference"),
				    k, NULL);
		printf("%s\n", s);
		free(s);
		return;
	}
	absence_figures_values(cur, u, a);
	absence_figures_values(prev, u, b);
	if (light_evaluate(&v->ls, a, b, &lr))
		memset(&lr, 0, sizeof(lr));
	char heads[32];
	snprintf(heads, sizeof(heads), "%ld", cur->ind[u].headcount);
	char *h = tmpl_fill(T(l, "Headcount: {1}"), heads, NULL);
	char *o = tmpl_fill(T(l, "Overall: {1}"), T(l, light_name(lr.overall)), NULL);
	printf("  %s · %s\n", h, o);
	free(h);
	free(o);
	for (int i = 0; i < AI_COUNT; i++) {
		char val[32], pv[32];
		char *th = absence_threshold_text(&v->ls.t[i], (enum absence_ind)i, l);
		absence_format_value(val, sizeof(val), (enum absence_ind)i, a[i], l);
		absence_format_value(pv, sizeof(pv), (enum absence_ind)i, b[i], l);
		printf("  %-46s %10s %-24s %-7s %s %s (%s %s) · %s\n",
		       T(l, absence_indicator_name((enum absence_ind)i)), val,
		       T(l, absence_indicator_unit((enum absence_ind)i)),
		       T(l, light_name((enum light)lr.light[i])),
		       absence_trend_arrow((enum trend)lr.trend[i]),
		       T(l, trend_name((enum trend)lr.trend[i])), T(l, "previous period"), pv, th);
		free(th);
	}
}

static int absence_indicators_cmd(struct cli *c)
{
	const char *code = cli_opt(c, "--unit");
	struct absence_period p;
	struct absence_view v;
	struct absence_figures cur = {0}, prev = {0};
	char f[11], t[11];
	int rc, only = -1;

	if (pick_period(c, &p))
		return 1;
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	if ((rc = absence_view_load(st, &v))) {
		cli_error(c, T(c->lang, "cannot read the absences: {1}"), st->err.msg, NULL);
		st->ops->close(st);
		return 1;
	}
	if (code) {
		for (size_t i = 0; i < v.nunits; i++)
			if (strcmp(v.units[i].code, code) == 0)
				only = (int)i;
		if (only < 0) {
			cli_error(c, T(c->lang, "there is no unit '{1}'"), code, NULL);
			rc = 1;
			goto out;
		}
	}
	if (absence_figures_compute(&v, p.from, p.to, &cur) ||
	    absence_figures_compute(&v, p.prev_from, p.prev_to, &prev)) {
		cli_error(c, T(c->lang, "cannot compute the indicators"), NULL);
		rc = 1;
		goto out;
	}
	day_format(p.from, f);
	day_format(p.to, t);
	printf("%s %s – %s\n\n", T(c->lang, "Absence indicators"), f, t);
	for (size_t u = 0; u < v.nunits; u++) {
		if (only >= 0 && (int)u != only)
			continue;
		print_unit_detail(c, &v, &cur, &prev, (int)u);
		printf("\n");
	}
	cli_audit(st, "absence.indicators", code ? code : "all", p.key);
out:
	absence_figures_release(&cur);
	absence_figures_release(&prev);
	absence_view_release(&v);
	st->ops->close(st);
	return rc ? 1 : 0;
}

int cmd_absence(struct cli *c)
{
	const char *what = cli_arg(c, 0);
	const char *lang = cli_opt(c, "--lang");

	if (lang && lang_parse(str_from(lang), &c->lang))
		return cli_error(c, T(c->lang, "unknown language '{1}': use nl, fr or en"), lang,
				 NULL);
	if (what && strcmp(what, "import") == 0)
		return absence_import_cmd(c);
	if (what && strcmp(what, "indicators") == 0)
		return absence_indicators_cmd(c);
	return cli_error(c, T(c->lang, "usage: hartslag absence import FILE [--events] [--add] | "
				       "hartslag absence indicators [--unit CODE] "
				       "[--period 12m|YYYY|YYYYqN | --from DATE --to DATE]"),
			 NULL);
}
