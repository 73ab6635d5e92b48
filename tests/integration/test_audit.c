/*
 * test_audit.c: rate limits and the audit log against the real server: a
 * login brute force stopped after five failures; unknown survey links
 * from one client stopped while a valid link still works; the audit log
 * page listing an import, a report view and a user added on the command
 * line, refused to HR; and the log's table refusing UPDATE and DELETE.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "session.h"

#define PASSWORD "correct horse battery"


/* The server of the running test, cleaned up even when an assertion fails. */
static struct server *current;

static int teardown(void **state)
{
	(void)state;
	if (current) {
		harness_cleanup(current);
		current = NULL;
	}
	return 0;
}






static void add_user(struct server *srv, const char *login, const char *role)
{
	char pwfile[400];
	snprintf(pwfile, sizeof(pwfile), "%s/pw", srv->dir);
	FILE *f = fopen(pwfile, "w");
	assert_non_null(f);
	fputs(PASSWORD "\n", f);
	fclose(f);
	const char *args[] = {"user", "add", login, "--role", role, "--password-file", pwfile,
			      NULL};
	cli_ok(srv, args);
}

/* A database with an admin (hilde) and an HR user (hans), and the server running. */
static void start(struct server *srv)
{
	harness_init(srv);
	current = srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(srv, init);
	add_user(srv, "hilde", "admin");
	add_user(srv, "hans", "hr");
	assert_int_equal(server_up(srv), 0);
}

static int try_login(const struct server *srv, const char *user, const char *pw,
		     struct http_resp *r)
{
	char body[256];
	snprintf(body, sizeof(body), "login=%s&password=%s&next=%%2Fadmin", user, pw);
	struct session none = {0};
	char *h = headers_for(&none, NULL);
	assert_int_equal(http(srv, "POST", "/login", h, NULL, body, strlen(body), r), 0);
	free(h);
	return r->status;
}

static void login(const struct server *srv, const char *user, struct session *s)
{
	struct http_resp r;
	memset(s, 0, sizeof(*s));
	assert_int_equal(try_login(srv, user, "correct+horse+battery", &r), 303);
	char *hs = http_set_cookie(&r, "hs");
	assert_non_null(hs);
	s->cookie = malloc(strlen(hs) + 4);
	snprintf(s->cookie, strlen(hs) + 4, "hs=%s", hs);
	free(hs);
	http_resp_release(&r);
	get(srv, s, "/admin", &r);
	assert_int_equal(r.status, 200);
	s->csrf = html_input_value(r.body, "csrf");
	assert_non_null(s->csrf);
	http_resp_release(&r);
}


/* Creates a wave for the whole organisation; returns its id, and the root unit in *unit. */
static long create_wave(const struct server *srv, const struct session *s, long *unit)
{
	struct http_resp r;
	get(srv, s, "/admin/waves/new", &r);
	assert_int_equal(r.status, 200);
	const char *p = strstr(r.body, "name=\"unit\" value=\"");
	assert_non_null(p);
	*unit = strtol(p + strlen("name=\"unit\" value=\""), NULL, 10);
	http_resp_release(&r);
	char body[512];
	snprintf(body, sizeof(body),
		 "csrf=%s&title=Welzijn+2026&opens=2026-01-01&closes=2099-12-31&unit=%ld", s->csrf,
		 *unit);
	post(srv, s, "/admin/waves", body, &r);
	assert_int_equal(r.status, 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	long id = strtol(loc + strlen("/admin/waves/"), NULL, 10);
	assert_true(id > 0);
	free(loc);
	http_resp_release(&r);
	return id;
}

/* The first personal link token of the wave, from its mail-merge CSV. */
static void first_token(const struct server *srv, const struct session *s, long wave,
			char tok[64])
{
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof(path), "/admin/waves/%ld/links.csv", wave);
	get(srv, s, path, &r);
	assert_int_equal(r.status, 200);
	const char *p = strstr(r.body, "/s/");
	assert_non_null(p);
	size_t l = strcspn(p + 3, "\r\n\";");
	assert_int_equal(l, 43);
	memcpy(tok, p + 3, l);
	tok[l] = '\0';
	http_resp_release(&r);
}

static void test_login_brute_force(void **state)
{
	(void)state;
	struct server srv;
	struct http_resp r;
	start(&srv);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(try_login(&srv, "hilde", "wrong", &r), 401);
		http_resp_release(&r);
	}
	/* The sixth attempt is refused, even with the right password. */
	assert_int_equal(try_login(&srv, "hilde", "correct+horse+battery", &r), 429);
	assert_null(http_set_cookie(&r, "hs"));
	assert_non_null(strstr(r.body, "Wait 15 minutes"));
	assert_non_null(strstr(r.body, "an administrator can reset it"));
	http_resp_release(&r);
	/* From the same address, another login name is refused too. */
	assert_int_equal(try_login(&srv, "hans", "correct+horse+battery", &r), 429);
	http_resp_release(&r);
	/* In Dutch. */
	const char *body = "login=hilde&password=wrong";
	assert_int_equal(http(&srv, "POST", "/login", "Accept-Language: nl\r\n", NULL, body,
			      strlen(body), &r),
			 0);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.body, "15 minuten"));
	http_resp_release(&r);
	server_down(&srv, SIGTERM);
	teardown(NULL);
}

static void test_token_guessing(void **state)
{
	(void)state;
	struct server srv;
	struct session s;
	struct http_resp r;
	char tok[64], path[128];
	long unit;
	start(&srv);
	login(&srv, "hilde", &s);
	import_csv(&srv, &s, "units", "tests/data/csv/units.csv");
	import_csv(&srv, &s, "employees", "tests/data/csv/employees.csv");
	long wave = create_wave(&srv, &s, &unit);
	first_token(&srv, &s, wave, tok);
	struct session anon = {0};
	int refused = 0;
	for (int i = 0; i < 25; i++) {
		/* unknown, well-formed tokens, and a few malformed codes */
		if (i % 5 == 4)
			snprintf(path, sizeof(path), "/code?t=abc%d", i);
		else
			snprintf(path, sizeof(path), "/s/%042dA", i);
		get(&srv, &anon, path, &r);
		if (i < 20)
			assert_int_equal(r.status, 404);
		else if (r.status == 429)
			refused++;
		if (i == 24)
			assert_non_null(strstr(r.body, "Too many"));
		http_resp_release(&r);
	}
	assert_int_equal(refused, 5);
	/* A valid link is never limited. */
	snprintf(path, sizeof(path), "/s/%s", tok);
	get(&srv, &anon, path, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);
	/* Nothing about answering reached the audit log. */
	get(&srv, &s, "/admin/audit", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, tok));
	assert_null(strstr(r.body, "/s/"));
	http_resp_release(&r);
	session_release(&s);
	server_down(&srv, SIGTERM);
	teardown(NULL);
}

static void test_audit_log(void **state)
{
	(void)state;
	struct server srv;
	struct session s, hr;
	struct http_resp r;
	long unit;
	char path[128], body[256];
	start(&srv);
	login(&srv, "hilde", &s);
	import_csv(&srv, &s, "units", "tests/data/csv/units.csv");
	import_csv(&srv, &s, "employees", "tests/data/csv/employees.csv");
	long wave = create_wave(&srv, &s, &unit);
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", s.csrf);
	post(&srv, &s, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", unit);
	get(&srv, &s, path, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);
	snprintf(body, sizeof(body), "csrf=%s&min_group=6&comment_min=8", s.csrf);
	post(&srv, &s, "/admin/settings", body, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);

	get(&srv, &s, "/admin/audit", &r);
	assert_int_equal(r.status, 200);
	const char *b = r.body;
	assert_non_null(strstr(b, "Audit log"));
	assert_non_null(strstr(b, "<td>import.units</td><td>units</td><td>"));
	assert_non_null(strstr(b, "<td>import.employees</td>"));
	assert_non_null(strstr(b, "<td>wave.create</td>"));
	assert_non_null(strstr(b, "<td>wave.close</td>"));
	snprintf(path, sizeof(path), "<td>report.view</td><td>unit ORG wave %ld</td>", wave);
	assert_non_null(strstr(b, path));
	assert_non_null(strstr(b, "min_group: 5 -&gt; 6"));
	assert_non_null(strstr(b, "<td>cli</td><td>user.add</td><td>user hans</td>"));
	/* newest first: the settings before the report view before the import */
	assert_true(strstr(b, "settings.save") < strstr(b, "report.view"));
	assert_true(strstr(b, "report.view") < strstr(b, "import.units"));
	/* times in UTC, as YYYY-MM-DD HH:MM */
	const char *t = strstr(b, "<tbody><tr><td>");
	assert_non_null(t);
	t += strlen("<tbody><tr><td>");
	assert_true(t[4] == '-' && t[7] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == '<');
	http_resp_release(&r);
	/* a page past the end is empty, not an error */
	get(&srv, &s, "/admin/audit?page=9", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "import.units"));
	http_resp_release(&r);

	/* HR may not read the log. */
	login(&srv, "hans", &hr);
	get(&srv, &hr, "/admin/audit", &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);
	session_release(&hr);
	session_release(&s);
	server_down(&srv, SIGTERM);

	/* The table itself refuses changes. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(srv.db, &db), SQLITE_OK);
	char *err = NULL;
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET actor = 'x'", NULL, NULL, &err),
			     SQLITE_OK);
	assert_non_null(err);
	assert_non_null(strstr(err, "append-only"));
	sqlite3_free(err);
	err = NULL;
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, &err), SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	sqlite3_free(err);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE action LIKE"
						" 'survey%' OR object LIKE '%/s/%'",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	teardown(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_login_brute_force, teardown),
		cmocka_unit_test_teardown(test_token_guessing, teardown),
		cmocka_unit_test_teardown(test_audit_log, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
