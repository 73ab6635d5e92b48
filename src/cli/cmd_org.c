/*
 * cmd_org.c: hartslag import units|employees FILE: checks every row and
 * imports all or nothing, with progress on a terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/org.h"

/* Records a change in the audit log with actor "cli"; a failure only warns. */
static void cli_audit(struct store *st, const char *action, const char *object,
		      const char *detail)
{
	if (st->ops->audit_add(st, "cli", action, object, detail))
		fprintf(stderr, "audit log: %s\n", st->err.msg);
}

static int known_unit(void *ctx, const char *code)
{
	struct store *st = ctx;
	return st->ops->unit_code_exists(st, code) == 1;
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

int cmd_import(struct cli *c)
{
	const char *what = cli_arg(c, 0), *path = cli_arg(c, 1);
	struct import_report rep = {.lang = c->lang};
	struct progress pg;
	size_t len;
	int rc = 1;

	if (!what || !path || (strcmp(what, "units") != 0 && strcmp(what, "employees") != 0))
		return cli_error(c, T(c->lang, "usage: hartslag import units|employees FILE "
					       "[--db FILE]"),
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
	if (strcmp(what, "units") == 0) {
		struct unit_table t = {0};
		if (org_parse_units(data, len, &t, known_unit, st, &rep) == 0) {
			progress_set(&pg, 1);
			pg.label = T(c->lang, "saving");
			progress_set(&pg, 2);
			if (st->ops->units_import(st, &t) == 0) {
				progress_end(&pg);
				printf("%s: %zu %s\n", path, t.n, T(c->lang, "units imported"));
				char n[32];
				snprintf(n, sizeof(n), "%zu", t.n);
				cli_audit(st, "import.units", "units", n);
				rc = 0;
			} else {
				progress_end(&pg);
				cli_error(c, T(c->lang, "cannot save the units: {1}"), st->err.msg,
					  NULL);
			}
		} else {
			progress_end(&pg);
			print_report(c, path, &rep);
		}
		unit_table_release(&t);
	} else {
		struct employee_table t = {0};
		struct org_settings org;
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		if (st->ops->org_get(st, &org)) {
			cli_error(c, T(c->lang, "cannot read the settings: {1}"), st->err.msg, NULL);
			goto out;
		}
		if (org_parse_employees(data, len, org.lang, tm.tm_year + 1900, NULL, known_unit, st,
					&t, &rep) == 0) {
			progress_set(&pg, 1);
			pg.label = T(c->lang, "saving");
			progress_set(&pg, 2);
			if (st->ops->employees_import(st, &t) == 0) {
				progress_end(&pg);
				printf("%s: %zu %s\n", path, t.n, T(c->lang, "employees imported"));
				char n[32];
				snprintf(n, sizeof(n), "%zu", t.n);
				cli_audit(st, "import.employees", "employees", n);
				rc = 0;
			} else {
				progress_end(&pg);
				cli_error(c, T(c->lang, "cannot save the employees: {1}"),
					  st->err.msg, NULL);
			}
		} else {
			progress_end(&pg);
			print_report(c, path, &rep);
		}
		employee_table_release(&t);
		org_settings_release(&org);
	}
out:
	import_report_release(&rep);
	st->ops->close(st);
	free(data);
	return rc;
}
