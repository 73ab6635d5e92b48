/*
 * absence_import.c: how fast one million absence records go into the
 * product, and how long the indicators of every unit take. bench/absence.sh
 * drives it and times the reference (the sqlite3 shell's .import of the
 * same file) in the same run.
 *
 *   absence_import setup DB DIR EMPLOYEES RECORDS   an organisation in DB and
 *                                                   DIR/absences.csv (seed 42)
 *   absence_import import DB FILE                   the product's path: read,
 *                                                   parse, validate, check, store
 *   absence_import csv FILE                         the CSV reader alone
 *   absence_import indicators DB                    every unit's figures, 12 months
 *
 * Every command prints key=value lines for the script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/absence.h"
#include "core/csv.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_absence.h"
#include "report/absence_data.h"

#define TEAM_SIZE 100 /* employees per team: 100k employees make 1000 teams */
#define TEAMS_PER_DEPT 10

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long max_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static uint64_t rng = 42;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = xmalloc((size_t)n + 1);
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static struct store *open_store(const char *db)
{
	struct diag d = {{0}, 0};
	struct store *st = store_open(db, &d);
	if (!st) {
		fprintf(stderr, "absence_import: %s\n", d.msg);
		exit(1);
	}
	return st;
}

/* Units (root, departments, teams), employees, and DIR/absences.csv. */
static int setup(const char *db, const char *dir, long nemp, long nrec)
{
	struct store *st = open_store(db);
	long nteams = (nemp + TEAM_SIZE - 1) / TEAM_SIZE;
	long ndepts = (nteams + TEAMS_PER_DEPT - 1) / TEAMS_PER_DEPT;
	struct unit_table ut = {xcalloc((size_t)(1 + ndepts + nteams), sizeof(struct unit_row)), 0};
	struct employee_table et = {xcalloc((size_t)nemp, sizeof(struct employee_row)), 0};
	char code[64], *path;
	FILE *f;

	st->ops->set_sync(st, 0);
	ut.rows[ut.n++] = (struct unit_row){xstrdup("ROOT"), NULL, xstrdup("Organisation"), 2};
	for (long d = 0; d < ndepts; d++) {
		snprintf(code, sizeof(code), "D%ld", d);
		ut.rows[ut.n++] =
			(struct unit_row){xstrdup(code), xstrdup("ROOT"), xstrdup(code), 0};
	}
	for (long t = 0; t < nteams; t++) {
		char parent[32];
		snprintf(code, sizeof(code), "T%ld", t);
		snprintf(parent, sizeof(parent), "D%ld", t / TEAMS_PER_DEPT);
		ut.rows[ut.n++] =
			(struct unit_row){xstrdup(code), xstrdup(parent), xstrdup(code), 0};
	}
	for (long e = 0; e < nemp; e++) {
		char unit[32];
		snprintf(code, sizeof(code), "E%06ld", e);
		snprintf(unit, sizeof(unit), "T%ld", e / TEAM_SIZE);
		et.rows[et.n++] = (struct employee_row){
			.code = xstrdup(code), .unit_code = xstrdup(unit),
			.first_name = xstrdup(""), .last_name = xstrdup(""), .email = xstrdup(""),
			.contract = xstrdup(""), .shift = xstrdup(""),
			.function_group = xstrdup("")};
	}
	if (st->ops->units_import(st, &ut) || st->ops->employees_import(st, &et)) {
		fprintf(stderr, "absence_import: %s\n", st->err.msg);
		return 1;
	}
	unit_table_release(&ut);
	employee_table_release(&et);
	st->ops->set_sync(st, 1);
	st->ops->close(st);

	/*
	 * nrec records spread over the employees, each employee's in date
	 * order without overlaps, over the three years up to 2026-06-30; the
	 * rows are written employee by employee, as payroll exports do.
	 */
	path = xasprintf("%s/absences.csv", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	fputs("employee;start;end;kind;percentage;certificate\n", f);
	int32_t first = day_from_ymd(2023, 7, 1), last = day_from_ymd(2026, 6, 30);
	static const char *const kinds[] = {"illness", "illness", "illness", "illness",
					    "illness", "illness", "private accident",
					    "work accident", "other"};
	long written = 0;
	for (long e = 0; e < nemp; e++) {
		long want = (nrec - written) / (nemp - e); /* spread exactly nrec */
		int32_t span = (int32_t)((last - first) / (want ? want : 1));
		int32_t day = first;
		for (long i = 0; i < want; i++) {
			char s[11], t[11];
			int32_t len = 1 + (int32_t)(next() % (uint64_t)(span > 3 ? span / 2 : 1));
			int32_t room = span - len + 1 > 0 ? span - len + 1 : 1;
			int32_t start = day + (int32_t)(next() % (uint64_t)room);
			int32_t end = start + len - 1;
			day_format(start, s);
			day_format(end, t);
			fprintf(f, "E%06ld;%s;%s;%s;%d;%s\n", e, s, t, kinds[next() % 9],
				next() % 10 == 0 ? 50 : 100, len == 1 ? "none" : "medical");
			day += span;
			written++;
		}
	}
	fclose(f);
	printf("employees=%ld\nunits=%zu\nrecords=%ld\ncsv=%s\n", nemp,
	       (size_t)(1 + ndepts + nteams), written, path);
	free(path);
	return 0;
}

static int import(const char *db, const char *file)
{
	double t0 = now(), c0 = cpu();
	size_t len;
	char *data = read_all(file, &len);
	struct store *st = open_store(db);
	struct import_report rep = {.lang = LANG_EN};
	struct absence_import_result res;
	int rc = absence_import(st, data, len, 0, ABS_IMPORT_REPLACE, &rep, &res, NULL, NULL);

	if (rc) {
		fprintf(stderr, "absence_import: %zu problems, first: line %ld: %s\n", rep.n,
			rep.n ? rep.errors[0].line : 0, rep.n ? rep.errors[0].msg : st->err.msg);
		return 1;
	}
	printf("imported=%zu\nreplaced=%ld\nparse_check_s=%.3f\nstore_s=%.3f\ntotal_s=%.3f\n"
	       "cpu_s=%.3f\nmax_rss_mib=%ld\n",
	       res.imported, res.replaced, res.parse_s, res.store_s, now() - t0, cpu() - c0,
	       max_rss_mib());
	import_report_release(&rep);
	st->ops->close(st);
	free(data);
	return 0;
}

static int csv_alone(const char *file)
{
	double t0 = now();
	size_t len;
	char *data = read_all(file, &len);
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	long rows = 0, bytes = 0;
	int rc;

	if (csv_open(&r, data, len, LANG_EN, &d))
		return 1;
	while ((rc = csv_next(&r, &row, &d)) == 1) {
		rows++;
		bytes += (long)row.n;
	}
	csv_release(&r);
	printf("rows=%ld\nfields=%ld\ncsv_s=%.3f\n", rows, bytes, now() - t0);
	free(data);
	return rc < 0;
}

static int indicators(const char *db)
{
	struct store *st = open_store(db);
	struct absence_view v;
	struct absence_figures f = {0};
	double t0 = now(), t1, t2;

	if (absence_view_load(st, &v)) {
		fprintf(stderr, "absence_import: %s\n", st->err.msg);
		return 1;
	}
	t1 = now();
	if (absence_figures_compute(&v, day_from_ymd(2025, 7, 1), day_from_ymd(2026, 6, 30), &f))
		return 1;
	t2 = now();
	long shown = 0;
	for (size_t u = 0; u < v.nunits; u++)
		shown += f.show[u];
	printf("units=%zu\nshown=%ld\nrecords=%zu\nload_s=%.3f\nindicators_s=%.3f\n"
	       "root_rate=%.3f\nmax_rss_mib=%ld\n",
	       v.nunits, shown, v.nrec, t1 - t0, t2 - t1, f.ind[0].rate, max_rss_mib());
	absence_figures_release(&f);
	absence_view_release(&v);
	st->ops->close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "setup") == 0)
		return setup(argv[2], argv[3], strtol(argv[4], NULL, 10),
			     strtol(argv[5], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "import") == 0)
		return import(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "csv") == 0)
		return csv_alone(argv[2]);
	if (argc == 3 && strcmp(argv[1], "indicators") == 0)
		return indicators(argv[2]);
	fprintf(stderr, "usage: absence_import setup DB DIR EMPLOYEES RECORDS | import DB FILE | "
			"csv FILE | indicators DB\n");
	return 2;
}
