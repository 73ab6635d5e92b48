/*
 * test_absence.c: absence data against the real server and database.
 * HR imports over HTTP: a bad file (unknown employee, two overlapping
 * records) is refused with its lines in the user's language and nothing
 * written; a good file goes in; HR events come in with the command line.
 * An administrator sets thresholds (audited old -> new). The unit page of
 * Team Geriatrie then shows the lights hand-computed below; a unit of
 * three people says its figures are hidden; each manager sees their own
 * team's lights and gets 403 for another team; the committee sees unit
 * figures and no person; the import page is HR's only.
 *
 * Hand-computed (period 2025, 6 people in ZORG-GER, no hire events, all
 * full time): 1001 and 1002 have three one-day illnesses each, 1003 one of
 * 60 days; 1004-1006 none. Absent days 66 of 6 x 365 = 2190: rate 3.01 %
 * (orange from 2, red from 5: orange). Zero-absence share 3 of 6 = 50 %
 * (lower is worse, orange at 60 or less, red at 40 or less: orange).
 * Frequent absentees (3+ spells in 365 days) 2 of 6 = 33.3 % (orange 16,
 * red 20: red). Every other light has thresholds out of reach: green.
 * Three lights on, one red; overall red from three lights: red.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "session.h"


static long db_long(const struct server *srv, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long v = -1;
	assert_int_equal(sqlite3_open_v2(srv->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static void write_file(const struct server *srv, const char *name, const char *text, char *path,
		       size_t n)
{
	snprintf(path, n, "%s/%s", srv->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* POSTs csv as the form field csv (urlencoded), with extra fields after it. */
static void post_csv(const struct server *srv, const struct session *s, const char *path,
		     const char *csv, struct http_resp *r)
{
	char *e = form_escape(csv);
	size_t n = strlen(e) + 200;
	char *body = malloc(n);
	snprintf(body, n, "csrf=%s&mode=replace&csv=%s", s->csrf, e);
	post(srv, s, path, body, r);
	free(body);
	free(e);
}

/* The <tr> of indicator code in a unit page (a copy, caller frees), or NULL. */
static char *indicator_row(const char *html, const char *code)
{
	char want[80];
	snprintf(want, sizeof(want), "data-indicator=\"%s\"", code);
	const char *p = strstr(html, want);
	if (!p)
		return NULL;
	const char *e = strstr(p, "</tr>");
	return e ? strndup(p, (size_t)(e - p)) : NULL;
}

static void assert_light(const char *html, const char *code, const char *light)
{
	char *row = indicator_row(html, code);
	char want[64];
	assert_non_null(row);
	snprintf(want, sizeof(want), "class=\"light light-%s\"", light);
	if (!strstr(row, want))
		fail_msg("indicator %s: expected %s in %s", code, want, row);
	free(row);
}

static const char *const codes[] = {"rate", "rate_short", "rate_medium", "rate_long",
				    "frequency", "mean_duration", "zero_share", "frequent_share",
				    "bradford_mean", "bradford_over_share", "turnover",
				    "accidents"};

static void test_absence(void **state)
{
	(void)state;
	struct server srv;
	struct session hr, admin, carla, marc, mona;
	struct http_resp r;
	char path[400], url[200], body[8192];

	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	char up[1024], ep[1024];
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	snprintf(up, sizeof(up), "%s/tests/data/csv/units.csv", root ? root : ".");
	snprintf(ep, sizeof(ep), "%s/tests/data/csv/employees.csv", root ? root : ".");
	const char *iu[] = {"import", "units", up, NULL};
	const char *ie[] = {"import", "employees", ep, NULL};
	cli_ok(&srv, iu);
	cli_ok(&srv, ie);
	/* four more directly in Zorg, so that Zorg minus its teams is not 1..4 people */
	write_file(&srv, "more.csv",
		   "employee_id;unit_id\n2001;ZORG\n2002;ZORG\n2003;ZORG\n2004;ZORG\n", path,
		   sizeof(path));
	const char *im[] = {"import", "employees", path, NULL};
	cli_ok(&srv, im);
	user_add(&srv, "hilde", "admin", NULL);
	user_add(&srv, "hanne", "hr", NULL);
	user_add(&srv, "carla", "committee", NULL);
	user_add(&srv, "marc", "manager", "ZORG-GER");
	user_add(&srv, "mona", "manager", "ZORG-REV");
	/* a closed wave, so that unit report pages exist */
	const char *wc[] = {"wave", "create", "--title", "W", "--opens", "2025-01-01",
			    "--closes", "2025-02-01", NULL};
	char *out = NULL;
	assert_int_equal(harness_cli(&srv, &out, wc), 0);
	long wave = strtol(strstr(out, "wave ") + 5, NULL, 10);
	free(out);
	snprintf(url, sizeof(url), "%ld", wave);
	const char *wcl[] = {"wave", "close", url, NULL};
	cli_ok(&srv, wcl);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hanne", &hr);
	login_as(&srv, "hilde", &admin);
	login_as(&srv, "carla", &carla);
	login_as(&srv, "marc", &marc);
	login_as(&srv, "mona", &mona);

	/* bad files: nothing written, each problem with its line, in French */
	post_csv(&srv, &hr, "/admin/absences/import?lang=fr",
		 "employee;start;end;kind;percentage\n"
		 "1001;2025-02-03;2025-02-03;illness;100\n"
		 "9999;2025-02-03;2025-02-03;illness;100\n",
		 &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Rien n"));
	assert_non_null(strstr(r.body, "<td class=\"num\">3</td>")); /* unknown employee */
	http_resp_release(&r);
	post_csv(&srv, &hr, "/admin/absences/import?lang=fr",
		 "employee;start;end;kind;percentage\n"
		 "1001;2025-02-03;2025-02-03;illness;100\n"
		 "1003;2025-03-01;2025-04-29;illness;100\n"
		 "1003;2025-04-20;2025-04-22;illness;100\n",
		 &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "chevauche"));
	assert_non_null(strstr(r.body, "<td class=\"num\">4</td>")); /* the overlap */
	http_resp_release(&r);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM absences"), 0);

	/* scripts get plain text */
	{
		const char *bad = "employee;start;end;kind\n1001;2025-13-01;;illness\n";
		char extra[200];
		snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", hr.csrf);
		char *h = headers_for(&hr, extra);
		assert_int_equal(http(&srv, "POST", "/admin/absences/import", h, "text/csv", bad,
				      strlen(bad), &r),
				 0);
		free(h);
	}
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "nothing imported"));
	assert_non_null(strstr(r.body, "line 2:"));
	http_resp_release(&r);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM absences"), 0);

	/* the good file */
	post_csv(&srv, &hr, "/admin/absences/import",
		 "employee;start;end;kind;percentage\n"
		 "1001;2025-02-03;2025-02-03;illness;100\n"
		 "1001;2025-05-05;2025-05-05;illness;100\n"
		 "1001;2025-09-08;2025-09-08;illness;100\n"
		 "1002;2025-02-10;2025-02-10;ziekte;100\n"
		 "1002;2025-06-16;2025-06-16;illness;100\n"
		 "1002;2025-10-13;2025-10-13;illness;\n"
		 "1003;2025-03-01;2025-04-29;illness;100\n",
		 &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "role=\"status\""));
	http_resp_release(&r);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM absences"), 7);
	assert_true(db_long(&srv, "SELECT count(*) FROM audit WHERE action = 'import.absences'") ==
		    1);

	/* HR events with the command line: a work accident without absence */
	write_file(&srv, "events.csv", "employee;date;event\n1004;2025-06-02;work accident\n",
		   path, sizeof(path));
	const char *iev[] = {"absence", "import", path, "--events", NULL};
	cli_ok(&srv, iev);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM hr_events"), 1);

	/* thresholds: everything out of reach but rate, zero share and frequent absentees */
	int bl = snprintf(body, sizeof(body),
			  "csrf=%s&kinds_illness=1&kinds_private_accident=1"
			  "&kinds_bradford_illness=1&kinds_bradford_private_accident=1"
			  "&relapse_days=14&short_max_days=30&medium_max_days=365"
			  "&frequent_spells=3&frequent_window_days=365&bradford_window_days=364"
			  "&bradford_threshold=100&default_fte=100&min_lit_orange=1&min_lit_red=3"
			  "&min_red_red=2&trend_tolerance=0.05",
			  admin.csrf);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *c = codes[i];
		if (strcmp(c, "rate") == 0)
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl,
				       "&rule_%s=abs&dir_%s=higher&orange_%s=2&red_%s=5", c, c, c,
				       c);
		else if (strcmp(c, "zero_share") == 0)
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl,
				       "&rule_%s=abs&dir_%s=lower&orange_%s=60&red_%s=40", c, c, c,
				       c);
		else if (strcmp(c, "frequent_share") == 0)
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl,
				       "&rule_%s=abs&dir_%s=higher&orange_%s=16&red_%s=20", c, c, c,
				       c);
		else
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl,
				       "&rule_%s=abs&dir_%s=higher&orange_%s=100000"
				       "&red_%s=200000",
				       c, c, c, c);
	}
	post(&srv, &admin, "/admin/absences/settings", body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	assert_true(db_long(&srv, "SELECT count(*) FROM audit WHERE action = 'absence.settings'"
				  " AND detail LIKE '%light.rate: % -> abs,higher,2,5%'") == 1);
	/* a threshold that does not hold together is refused, nothing saved */
	post(&srv, &admin, "/admin/absences/settings", "csrf=x", &r);
	assert_int_equal(r.status, 403); /* wrong CSRF token */
	http_resp_release(&r);
	snprintf(body, sizeof(body), "csrf=%s&relapse_days=-5", admin.csrf);
	post(&srv, &admin, "/admin/absences/settings", body, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "role=\"alert\""));
	http_resp_release(&r);
	assert_true(db_long(&srv, "SELECT count(*) FROM audit WHERE action = 'absence.settings'") ==
		    1);

	long ger = db_long(&srv, "SELECT id FROM units WHERE code = 'ZORG-GER'");
	long rev = db_long(&srv, "SELECT id FROM units WHERE code = 'ZORG-REV'");
	long hrunit = db_long(&srv, "SELECT id FROM units WHERE code = 'ADM-HR'");

	/* the lights of Team Geriatrie, as computed by hand above */
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", ger);
	get(&srv, &hr, url, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "id=\"absence\""));
	assert_light(r.body, "rate", "orange");
	assert_light(r.body, "zero_share", "orange");
	assert_light(r.body, "frequent_share", "red");
	assert_light(r.body, "frequency", "green");
	assert_light(r.body, "bradford_mean", "green");
	assert_light(r.body, "accidents", "green");
	{
		char *row = indicator_row(r.body, "rate");
		assert_non_null(strstr(row, "3.01"));
		assert_non_null(strstr(row, "<svg"));  /* the trend line */
		free(row);
		row = indicator_row(r.body, "frequent_share");
		assert_non_null(strstr(row, "33.3"));
		free(row);
	}
	assert_non_null(strstr(r.body, "abs-overall light-red"));
	http_resp_release(&r);

	/* three people: hidden, and why */
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", hrunit);
	get(&srv, &hr, url, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "abs-hidden"));
	assert_null(strstr(r.body, "data-indicator="));
	http_resp_release(&r);

	/* managers: their own team's lights; another team's page is refused */
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", ger);
	get(&srv, &marc, url, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-indicator=\"rate\""));
	http_resp_release(&r);
	get(&srv, &mona, url, &r);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body, "data-indicator="));
	http_resp_release(&r);
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", rev);
	get(&srv, &marc, url, &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);
	get(&srv, &marc, "/admin/absences", &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);

	/* the committee: unit figures, never a person */
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", ger);
	get(&srv, &carla, url, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-indicator=\"frequent_share\""));
	assert_null(strstr(r.body, "Peeters")); /* 1001 */
	assert_null(strstr(r.body, "Janssens")); /* 1002 */
	assert_null(strstr(r.body, "1001"));
	http_resp_release(&r);
	get(&srv, &carla, "/admin/absences", &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);
	get(&srv, &carla, "/reports/absences?period=2025", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "abs-heatmap"));
	assert_null(strstr(r.body, "Peeters"));
	http_resp_release(&r);
	/* a manager's overview holds their own units only */
	get(&srv, &marc, "/reports/absences?period=2025", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Team Geriatrie"));
	assert_null(strstr(r.body, "Team Revalidatie"));
	http_resp_release(&r);

	/* the indicators command agrees with the page */
	const char *ind[] = {"absence", "indicators", "--unit", "ZORG-GER", "--period", "2025",
			     "--lang", "en", NULL};
	out = NULL;
	assert_int_equal(harness_cli(&srv, &out, ind), 0);
	assert_non_null(strstr(out, "3.01"));
	assert_non_null(strstr(out, "33.3"));
	free(out);

	/*
	 * The server keeps the figures between requests: a new import and a
	 * person moving to another team must show at once. 1004 is ill 60
	 * days: absent days 126 of 2190, 5.75 % (red from 5).
	 */
	{
		const char *more = "employee;start;end;kind;percentage\n"
				   "1004;2025-06-02;2025-07-31;illness;100\n";
		char *e = form_escape(more);
		size_t n = strlen(e) + 200;
		char *form = malloc(n);
		snprintf(form, n, "csrf=%s&mode=add&csv=%s", hr.csrf, e);
		post(&srv, &hr, "/admin/absences/import", form, &r);
		assert_int_equal(r.status, 200);
		http_resp_release(&r);
		free(form);
		free(e);
	}
	snprintf(url, sizeof(url), "/reports/unit/%ld?period=2025", ger);
	get(&srv, &hr, url, &r);
	assert_int_equal(r.status, 200);
	assert_light(r.body, "rate", "red");
	{
		char *row = indicator_row(r.body, "rate");
		assert_non_null(strstr(row, "5.75"));
		free(row);
	}
	http_resp_release(&r);
	/* 1003 (60 days) moves to Revalidatie: 66 of 5 x 365 = 1825, 3.62 % */
	write_file(&srv, "move.csv", "employee_id;unit_id\n1003;ZORG-REV\n", path, sizeof(path));
	const char *mv[] = {"import", "employees", path, NULL};
	cli_ok(&srv, mv);
	get(&srv, &hr, url, &r);
	assert_int_equal(r.status, 200);
	{
		char *row = indicator_row(r.body, "rate");
		assert_non_null(row);
		assert_non_null(strstr(row, "3.62"));
		free(row);
	}
	http_resp_release(&r);

	session_release(&hr);
	session_release(&admin);
	session_release(&carla);
	session_release(&marc);
	session_release(&mona);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_absence, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
