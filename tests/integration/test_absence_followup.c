/*
 * test_absence_followup.c: the presence policy's tasks and return-to-work
 * plans against the real server and database. Absences imported with
 * the command line for a person of team Geriatrie (manager marc) and one
 * of team Revalidatie (manager mona); then who sees what: each manager
 * sees the tasks and plans of their own team only, and another team's by
 * id is a 404 that names nobody, for reading and for writing; committee,
 * advisor and admin see no person; HR sees all. Marking done stores done
 * and a date, nothing else; generating again adds nothing; every form
 * needs the session's CSRF token; settings and plans are audited without
 * their content.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "session.h"


/* The date n days from today, "YYYY-MM-DD". */
static void date_in(int n, char out[11])
{
	time_t t = time(NULL) + (time_t)n * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Three short illnesses in the last year for 1001 (Geriatrie) and 1007 (Revalidatie). */
static void import_absences(struct server *srv)
{
	char path[400], d[6][11];
	snprintf(path, sizeof(path), "%s/absences.csv", srv->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	date_in(-200, d[0]);
	date_in(-199, d[1]);
	date_in(-120, d[2]);
	date_in(-119, d[3]);
	date_in(-40, d[4]);
	date_in(-39, d[5]);
	fprintf(f, "employee;start;end;kind;percentage\n");
	for (int e = 0; e < 2; e++)
		for (int i = 0; i < 3; i++)
			fprintf(f, "%s;%s;%s;illness;100\n", e ? "1007" : "1001", d[2 * i],
				d[2 * i + 1]);
	fclose(f);
	const char *args[] = {"absence", "import", path, NULL};
	cli_ok(srv, args);
}

/* The id of the first "/tasks/N" or "/rtw/N" link in html, or 0. */
static long first_id(const char *html, const char *prefix)
{
	char want[32];
	snprintf(want, sizeof(want), "href=\"%s", prefix);
	const char *p = strstr(html, want);
	return p ? strtol(p + strlen(want), NULL, 10) : 0;
}

static long db_long(const struct server *srv, const char *sql, long id)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long v = -1;
	assert_int_equal(sqlite3_open_v2(srv->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (id)
		sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static char *db_text(const struct server *srv, const char *sql, long id)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *v = NULL;
	assert_int_equal(sqlite3_open_v2(srv->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (id)
		sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		v = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static int status_of(const struct server *srv, const struct session *s, const char *method,
		     const char *path, const char *body, char **html)
{
	struct http_resp r;
	if (strcmp(method, "GET") == 0)
		get(srv, s, path, &r);
	else
		post(srv, s, path, body, &r);
	int st = r.status;
	if (html)
		*html = strdup(r.body ? r.body : "");
	http_resp_release(&r);
	return st;
}

static void test_followup(void **state)
{
	(void)state;
	struct server srv;
	struct session hr, marc, mona, carla, adri, hilde;
	char path[200], body[600], *html;

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
	user_add(&srv, "hilde", "admin", NULL);
	user_add(&srv, "adri", "advisor", NULL);
	user_add(&srv, "hanne", "hr", NULL);
	user_add(&srv, "carla", "committee", NULL);
	user_add(&srv, "marc", "manager", "ZORG-GER");
	user_add(&srv, "mona", "manager", "ZORG-REV");
	import_absences(&srv);
	/* the import itself makes the tasks: no page has to be opened first */
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM followup_tasks", 0), 2);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hanne", &hr);
	login_as(&srv, "marc", &marc);
	login_as(&srv, "mona", &mona);
	login_as(&srv, "carla", &carla);
	login_as(&srv, "adri", &adri);
	login_as(&srv, "hilde", &hilde);

	/* HR sees both; each manager their own team's person only */
	assert_int_equal(status_of(&srv, &hr, "GET", "/tasks", NULL, &html), 200);
	assert_non_null(strstr(html, "An Peeters"));
	assert_non_null(strstr(html, "Geert Claes"));
	free(html);
	assert_int_equal(status_of(&srv, &marc, "GET", "/tasks", NULL, &html), 200);
	assert_non_null(strstr(html, "An Peeters"));
	assert_null(strstr(html, "Geert Claes"));
	assert_non_null(strstr(html, "Talk with the manager"));
	long ta = first_id(html, "/tasks/");
	free(html);
	assert_int_equal(status_of(&srv, &mona, "GET", "/tasks", NULL, &html), 200);
	assert_non_null(strstr(html, "Geert Claes"));
	assert_null(strstr(html, "An Peeters"));
	long tb = first_id(html, "/tasks/");
	free(html);
	assert_true(ta > 0 && tb > 0 && ta != tb);
	long ntasks = db_long(&srv, "SELECT count(*) FROM followup_tasks", 0);
	assert_int_equal(ntasks, 2);

	/* the guide in full for one's own; another team's id is a 404 naming nobody */
	snprintf(path, sizeof(path), "/tasks/%ld", ta);
	assert_int_equal(status_of(&srv, &marc, "GET", path, NULL, &html), 200);
	assert_non_null(strstr(html, "Conversation guide"));
	assert_non_null(strstr(html, "An Peeters"));
	free(html);
	assert_int_equal(status_of(&srv, &mona, "GET", path, NULL, &html), 404);
	assert_null(strstr(html, "An Peeters"));
	free(html);
	snprintf(path, sizeof(path), "/tasks/%ld", tb);
	assert_int_equal(status_of(&srv, &marc, "GET", path, NULL, &html), 404);
	assert_null(strstr(html, "Geert"));
	free(html);
	/* guessing ids near it or of other sizes */
	for (long g = tb - 2; g <= tb + 2; g++) {
		snprintf(path, sizeof(path), "/tasks/%ld", g);
		if (g != ta)
			assert_int_equal(status_of(&srv, &marc, "GET", path, NULL, NULL), 404);
	}
	assert_int_equal(status_of(&srv, &marc, "GET", "/tasks/0", NULL, NULL), 404);
	assert_int_equal(status_of(&srv, &marc, "GET", "/tasks/-1", NULL, NULL), 404);
	assert_int_equal(status_of(&srv, &marc, "GET", "/tasks/abc", NULL, NULL), 404);

	/* committee, advisor, admin: no persons at all */
	const struct session *none[] = {&carla, &adri, &hilde};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(status_of(&srv, none[i], "GET", "/tasks", NULL, &html), 403);
		assert_null(strstr(html, "Peeters"));
		free(html);
		snprintf(path, sizeof(path), "/tasks/%ld", ta);
		assert_int_equal(status_of(&srv, none[i], "GET", path, NULL, &html), 403);
		assert_null(strstr(html, "Peeters"));
		free(html);
		assert_int_equal(status_of(&srv, none[i], "GET", "/rtw", NULL, NULL), 403);
	}

	/* marking another team's task done: 404 and the row stays open */
	char today[11];
	date_in(0, today);
	snprintf(path, sizeof(path), "/tasks/%ld/done", tb);
	snprintf(body, sizeof(body), "csrf=%s&date=%s", marc.csrf, today);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 404);
	assert_int_equal(db_long(&srv, "SELECT status FROM followup_tasks WHERE id = ?1", tb), 0);
	/* without the CSRF token: refused, nothing stored */
	snprintf(path, sizeof(path), "/tasks/%ld/done", ta);
	snprintf(body, sizeof(body), "date=%s", today);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 403);
	assert_int_equal(db_long(&srv, "SELECT status FROM followup_tasks WHERE id = ?1", ta), 0);
	/* a date in the future is refused */
	char later[11];
	date_in(3, later);
	snprintf(body, sizeof(body), "csrf=%s&date=%s", marc.csrf, later);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 422);
	/* done: only status and date change */
	char *before = db_text(&srv,
			       "SELECT employee_id || '|' || step_key || '|' || trigger_id || '|' ||"
			       " due FROM followup_tasks WHERE id = ?1",
			       ta);
	snprintf(body, sizeof(body), "csrf=%s&date=%s&notes=He+said+it+was+his+back", marc.csrf,
		 today);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 303);
	assert_int_equal(db_long(&srv, "SELECT status FROM followup_tasks WHERE id = ?1", ta), 1);
	char *done_on = db_text(&srv, "SELECT done_on FROM followup_tasks WHERE id = ?1", ta);
	assert_string_equal(done_on, today);
	free(done_on);
	char *after = db_text(&srv,
			      "SELECT employee_id || '|' || step_key || '|' || trigger_id || '|' ||"
			      " due FROM followup_tasks WHERE id = ?1",
			      ta);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* what was sent besides the date is nowhere in the database */
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM audit WHERE detail LIKE '%back%'"
				       " OR object LIKE '%back%'",
				 0),
			 0);

	/* generating again (page, command line, a second import of the same file): no duplicates */
	assert_int_equal(status_of(&srv, &hr, "GET", "/tasks", NULL, NULL), 200);
	const char *tasks_cmd[] = {"absence", "tasks", "--all", NULL};
	char *out = NULL;
	assert_int_equal(harness_cli(&srv, &out, tasks_cmd), 0);
	assert_non_null(strstr(out, "An Peeters"));
	assert_non_null(strstr(out, "done"));
	free(out);
	import_absences(&srv);
	assert_int_equal(status_of(&srv, &hr, "GET", "/tasks", NULL, NULL), 200);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM followup_tasks", 0), ntasks);

	/* return to work: HR makes a plan for An Peeters (Geriatrie) */
	char start[11], ret[11];
	date_in(-60, start);
	date_in(10, ret);
	snprintf(body, sizeof(body), "csrf=%s&employee=1001&kind=long_illness&start=%s&ret=%s",
		 hr.csrf, start, ret);
	struct http_resp r;
	post(&srv, &hr, "/rtw", body, &r);
	assert_int_equal(r.status, 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	long plan = strtol(loc + strlen("/rtw/"), NULL, 10);
	free(loc);
	http_resp_release(&r);
	assert_true(plan > 0);
	/* a manager cannot make one; nor can a form without the token */
	snprintf(body, sizeof(body), "csrf=%s&employee=1007&kind=birth&start=%s&ret=%s", mona.csrf,
		 start, ret);
	assert_int_equal(status_of(&srv, &mona, "POST", "/rtw", body, NULL), 403);
	snprintf(body, sizeof(body), "employee=1007&kind=birth&start=%s&ret=%s", start, ret);
	assert_int_equal(status_of(&srv, &hr, "POST", "/rtw", body, NULL), 403);
	/* hostile input: an unknown person, a return before the start */
	snprintf(body, sizeof(body), "csrf=%s&employee=%%3Cscript%%3E&kind=birth&start=%s&ret=%s",
		 hr.csrf, start, ret);
	assert_int_equal(status_of(&srv, &hr, "POST", "/rtw", body, &html), 422);
	assert_null(strstr(html, "<script>"));
	free(html);
	snprintf(body, sizeof(body), "csrf=%s&employee=1007&kind=birth&start=%s&ret=%s", hr.csrf,
		 ret, start);
	assert_int_equal(status_of(&srv, &hr, "POST", "/rtw", body, NULL), 422);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM rtw_plans", 0), 1);

	snprintf(path, sizeof(path), "/rtw/%ld", plan);
	assert_int_equal(status_of(&srv, &marc, "GET", path, NULL, &html), 200);
	assert_non_null(strstr(html, "An Peeters"));
	assert_non_null(strstr(html, "No medical information"));
	free(html);
	assert_int_equal(status_of(&srv, &marc, "GET", "/rtw", NULL, &html), 200);
	assert_int_equal(first_id(html, "/rtw/"), plan);
	free(html);
	assert_int_equal(status_of(&srv, &mona, "GET", path, NULL, &html), 404);
	assert_null(strstr(html, "Peeters"));
	free(html);
	assert_int_equal(status_of(&srv, &mona, "GET", "/rtw", NULL, &html), 200);
	assert_null(strstr(html, "Peeters"));
	free(html);
	/* ticking a step: not for mona; for marc, with the token */
	snprintf(path, sizeof(path), "/rtw/%ld/step", plan);
	snprintf(body, sizeof(body), "csrf=%s&pos=0&done=1", mona.csrf);
	assert_int_equal(status_of(&srv, &mona, "POST", path, body, NULL), 404);
	snprintf(body, sizeof(body), "pos=0&done=1");
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 403);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM rtw_steps WHERE plan_id = ?1 AND "
				       "done_on IS NOT NULL",
				 plan),
			 0);
	snprintf(body, sizeof(body), "csrf=%s&pos=0&done=1", marc.csrf);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 303);
	assert_int_equal(db_long(&srv, "SELECT count(*) FROM rtw_steps WHERE plan_id = ?1 AND "
				       "done_on IS NOT NULL",
				 plan),
			 1);
	snprintf(path, sizeof(path), "/rtw/%ld/notes", plan);
	snprintf(body, sizeof(body), "csrf=%s&notes=Mornings+only", mona.csrf);
	assert_int_equal(status_of(&srv, &mona, "POST", path, body, NULL), 404);
	snprintf(body, sizeof(body), "csrf=%s&notes=Mornings+only", marc.csrf);
	assert_int_equal(status_of(&srv, &marc, "POST", path, body, NULL), 303);
	/* the command line lists the plan's open steps for reminder mails */
	const char *rtw_cmd[] = {"absence", "rtw", NULL};
	assert_int_equal(harness_cli(&srv, &out, rtw_cmd), 0);
	assert_non_null(strstr(out, "An Peeters"));
	assert_non_null(strstr(out, "long_illness"));
	free(out);
	/* the audit log says a plan was made, not for what */
	char *detail = db_text(&srv, "SELECT detail FROM audit WHERE action = 'rtw.create'", 0);
	assert_non_null(detail);
	assert_string_equal(detail, "");
	free(detail);

	/* the policy: HR and admin; CSRF; audited old -> new */
	assert_int_equal(status_of(&srv, &hr, "GET", "/admin/absences/policy", NULL, NULL), 200);
	assert_int_equal(status_of(&srv, &marc, "GET", "/admin/absences/policy", NULL, NULL), 403);
	snprintf(body, sizeof(body),
		 "csrf=%s&window_days=180&relapse_days=14&spells0=2&bradford0=0&action0=talk_manager"
		 "&due0=7&rit_info_days=28&rit_tnw_days=70&rit_employer_months=3"
		 "&rit_assessment_days=49&rit_plan_a_days=63&rit_plan_b_months=6&rit_reply_days=14"
		 "&rit_reassess_c_months=3",
		 hr.csrf);
	char *nobody = strdup(body + strlen("csrf=") + strlen(hr.csrf) + 1);
	assert_int_equal(status_of(&srv, &hr, "POST", "/admin/absences/policy", nobody, NULL),
			 403);
	free(nobody);
	assert_int_equal(status_of(&srv, &hr, "POST", "/admin/absences/policy", body, &html), 200);
	assert_non_null(strstr(html, "Settings saved."));
	free(html);
	char *change = db_text(&srv, "SELECT detail FROM audit WHERE action = 'policy.save'", 0);
	assert_non_null(change);
	assert_non_null(strstr(change, "window 365"));
	assert_non_null(strstr(change, "-> window 180"));
	free(change);
	const char *show[] = {"absence", "policy", "show", NULL};
	assert_int_equal(harness_cli(&srv, &out, show), 0);
	assert_non_null(strstr(out, "180"));
	free(out);
	/* a step with neither condition is dropped; nonsense refused with 422 */
	snprintf(body, sizeof(body), "csrf=%s&window_days=3&relapse_days=14", hr.csrf);
	assert_int_equal(status_of(&srv, &hr, "POST", "/admin/absences/policy", body, NULL), 422);

	session_release(&hr);
	session_release(&marc);
	session_release(&mona);
	session_release(&carla);
	session_release(&adri);
	session_release(&hilde);
	server_down(&srv, SIGTERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_followup, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
