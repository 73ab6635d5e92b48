/*
 * test_security.c: attacks on the real server with a real database. CSRF
 * on every POST route of a session, session fixation, logout and expiry,
 * oversized and malformed requests, path traversal on /static, and SQL
 * and HTML metacharacters in every text a user can send: refused or
 * stored and shown verbatim (escaped), the database intact.
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

#include "harness.h"
#include "session.h"

/* What hostile text must never reach a page unescaped, and how it must look escaped. */
#define XSS1 "<script>alert(1)</script>"
#define XSS1_ESC "&lt;script&gt;alert(1)&lt;/script&gt;"
#define XSS2 "\"><img src=x onerror=alert(1)>"
#define XSS2_ESC "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
#define SQL1 "x'); DROP TABLE units;--"
#define SQL1_ESC "x&#39;); DROP TABLE units;--"
#define SQL2 "\" OR \"1\"=\"1' OR '1'='1 --"
#define SQL2_ESC "&quot; OR &quot;1&quot;=&quot;1&#39; OR &#39;1&#39;=&#39;1 --"

/* One request with the session's cookie and, when csrf is not NULL, that token in a header. */
static int req(const struct server *srv, const struct session *s, const char *csrf,
	       const char *method, const char *path, const char *ctype, const char *body,
	       size_t len, struct http_resp *r)
{
	size_t n = 200 + (s && s->cookie ? strlen(s->cookie) : 0) + (csrf ? strlen(csrf) : 0);
	char *h = malloc(n);
	snprintf(h, n, "Accept-Language: en\r\n%s%s%s%s%s%s", s && s->cookie ? "Cookie: " : "",
		 s && s->cookie ? s->cookie : "", s && s->cookie ? "\r\n" : "",
		 csrf ? "X-CSRF-Token: " : "", csrf ? csrf : "", csrf ? "\r\n" : "");
	int rc = http(srv, method, path, h, ctype, body, len, r);
	free(h);
	return rc;
}

static char *cookie_of(const struct http_resp *r)
{
	char *hs = http_set_cookie(r, "hs");
	if (!hs)
		return NULL;
	char *c = malloc(strlen(hs) + 4);
	snprintf(c, strlen(hs) + 4, "hs=%s", hs);
	free(hs);
	return c;
}

/* 1 when the session still opens /admin; 0 when it is sent to the login page. */
static int logged_in(const struct server *srv, const struct session *s)
{
	struct http_resp r;
	get(srv, s, "/admin", &r);
	int st = r.status;
	char *loc = http_header(&r, "Location");
	int to_login = st == 303 && loc && strncmp(loc, "/login", 6) == 0;
	free(loc);
	http_resp_release(&r);
	assert_true(st == 200 || to_login);
	return st == 200;
}

/* Runs an SQL statement on the test database with the sqlite3 command; output, caller frees. */
static char *sql(const struct server *srv, const char *stmt)
{
	char file[400], cmd[1000];
	snprintf(file, sizeof(file), "%s/q.sql", srv->dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs(stmt, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s' 2>&1", srv->db, file);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	size_t k;
	while ((k = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += k;
		if (cap - len < 1024)
			out = realloc(out, cap *= 2);
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static long sql_long(const struct server *srv, const char *stmt)
{
	char *out = sql(srv, stmt);
	long v = strtol(out, NULL, 10);
	free(out);
	return v;
}

static void import_text(const struct server *srv, const struct session *s, const char *what,
			const char *csv, int expect)
{
	char path[64];
	struct http_resp r;
	snprintf(path, sizeof(path), "/admin/import/%s", what);
	assert_int_equal(
		req(srv, s, s->csrf, "POST", path, "text/csv", csv, strlen(csv), &r), 0);
	if (r.status != expect)
		fprintf(stderr, "import %s: %d\n%s\n", what, r.status, r.body);
	assert_int_equal(r.status, expect);
	http_resp_release(&r);
}

static void import_file(const struct server *srv, const struct session *s, const char *what,
			const char *file)
{
	char *csv = source_file(file, NULL);
	import_text(srv, s, what, csv, 200);
	free(csv);
}

/* Answers the whole survey behind token, with comment (may be NULL) on the last page. */
static void answer(const struct server *srv, const char *token, int who, const char *comment)
{
	struct http_resp r;
	char path[128];
	snprintf(path, sizeof(path), "/s/%.63s", token);
	for (int page = 1, guard = 0;; page++) {
		char url[160];
		snprintf(url, sizeof(url), "/s/%.63s?p=%d", token, page);
		get(srv, NULL, url, &r);
		assert_int_equal(r.status, 200);
		char body[16384];
		int bl = snprintf(body, sizeof(body), "p=%d", page);
		int items = 0;
		for (const char *q = strstr(r.body, "name=\"a_"); q;
		     q = strstr(q + 1, "name=\"a_")) {
			char name[80];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(q + 6, "\""), q + 6);
			if (strstr(body, name))
				continue;
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "&%s=%d", name,
				       1 + (items + who) % 5);
			items++;
		}
		int last = strstr(r.body, "value=\"submit\"") != NULL;
		http_resp_release(&r);
		if (last && comment) {
			char *c = form_escape(comment);
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "&c_comment=%s", c);
			free(c);
		}
		snprintf(body + bl, sizeof(body) - (size_t)bl, last ? "&go=submit" : "&go=next");
		post(srv, NULL, path, body, &r);
		assert_true(r.status == 200 || r.status == 303);
		http_resp_release(&r);
		if (last)
			return;
		assert_true(++guard < 30);
	}
}

/* A server with an admin logged in, units and employees imported, an open wave. */
static long setup(struct server *srv, struct session *admin, char tok[][64], int max)
{
	harness_init(srv);
	test_server = srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(srv, init);
	user_add(srv, "hilde", "admin", NULL);
	assert_int_equal(server_up(srv), 0);
	login_as(srv, "hilde", admin);
	import_file(srv, admin, "units", "tests/data/csv/units.csv");
	import_file(srv, admin, "employees", "tests/data/csv/employees.csv");
	long wave = wave_create(srv, admin, "Welzijn 2026");
	assert_true(wave_tokens(srv, admin, wave, tok, max) >= 2);
	return wave;
}

static int body_has(const struct server *srv, const struct session *s, const char *path,
		    const char *needle)
{
	struct http_resp r;
	get(srv, s, path, &r);
	assert_int_equal(r.status, 200);
	int has = strstr(r.body, needle) != NULL;
	http_resp_release(&r);
	return has;
}

static void test_csrf(void **state)
{
	(void)state;
	struct server srv;
	struct session admin, other;
	struct http_resp r;
	char tok[4][64], path[160], body[512];
	long wave = setup(&srv, &admin, tok, 4);
	user_add(&srv, "hanne", "hr", NULL);
	login_as(&srv, "hanne", &other);
	long employees = sql_long(&srv, "SELECT count(*) FROM employees;");
	long waves = sql_long(&srv, "SELECT count(*) FROM waves;");
	assert_true(employees > 0 && waves == 1);

	const char *units_csv = "unit_id;parent_id;name\nORG;;Zorggroep De Linde vzw\n"
				"CSRFX;ORG;Csrf-eenheid\n";
	const char *emp_csv = "employee_id;unit_id;first_name;last_name;email;language;"
			      "birth_year;start_year;contract;shift;function_group\n"
			      "9999;ZORG;Csrf;Persoon;;nl;1980;2000;voltijds;dag;zorg\n";
	char close_path[64];
	snprintf(close_path, sizeof(close_path), "/admin/waves/%ld/close", wave);
	struct {
		const char *path, *ctype, *body;
	} posts[] = {
		{"/logout", NULL, ""},
		{"/admin/import/units", "text/csv", units_csv},
		{"/admin/import/employees", "text/csv", emp_csv},
		{"/admin/waves", NULL,
		 "title=Csrf-golf&opens=2026-01-01&closes=2099-12-31&unit=1"},
		{close_path, NULL, ""},
		{"/admin/settings", NULL, "name=Csrf-organisatie&min_group=3"},
	};
	/* Without a token; with a made-up one; with another session's. */
	const char *bad[] = {NULL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", other.csrf,
			     "%00"};
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			for (int in_body = 0; in_body < 2; in_body++) {
				if (in_body && (posts[i].ctype || !bad[b]))
					continue;
				if (in_body)
					snprintf(body, sizeof(body), "%s%scsrf=%s", posts[i].body,
						 *posts[i].body ? "&" : "", bad[b]);
				else
					snprintf(body, sizeof(body), "%s", posts[i].body);
				assert_int_equal(req(&srv, &admin, in_body ? NULL : bad[b], "POST",
						     posts[i].path, posts[i].ctype, body,
						     strlen(body), &r),
						 0);
				/* a NUL in a form is refused as malformed before CSRF */
				int want = in_body && b == 4 ? 400 : 403;
				if (r.status != want)
					fprintf(stderr, "CSRF %s token %zu (%s): %d\n",
						posts[i].path, b, in_body ? "form" : "header",
						r.status);
				assert_int_equal(r.status, want);
				http_resp_release(&r);
			}
		}
	}
	/* Nothing changed. */
	assert_true(logged_in(&srv, &admin));
	assert_false(body_has(&srv, &admin, "/admin/units", "Csrf-eenheid"));
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM employees;"), employees);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM waves;"), waves);
	assert_false(body_has(&srv, &admin, "/admin", "Csrf-golf"));
	assert_false(body_has(&srv, &admin, "/admin/settings", "Csrf-organisatie"));
	snprintf(path, sizeof(path), "/s/%s", tok[0]);
	get(&srv, NULL, path, &r);
	assert_int_equal(r.status, 200); /* the wave is still open */
	http_resp_release(&r);
	/* The real token works (the refusals above were CSRF, not something else). */
	snprintf(body, sizeof(body), "csrf=%s&name=Echte+naam", admin.csrf);
	post(&srv, &admin, "/admin/settings", body, &r);
	assert_true(r.status == 200 || r.status == 303);
	http_resp_release(&r);
	assert_true(body_has(&srv, &admin, "/admin/settings", "Echte naam"));
	session_release(&admin);
	session_release(&other);
}

static void test_sessions(void **state)
{
	(void)state;
	struct server srv;
	struct session admin, fixed = {0}, again, older, idle;
	struct http_resp r;
	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	user_add(&srv, "hilde", "admin", NULL);
	assert_int_equal(server_up(&srv), 0);

	/* Fixation: a cookie planted before login is replaced, and never logs in. */
	fixed.cookie = strdup("hs=FixatedFixatedFixatedFixatedFixatedFixate");
	get(&srv, &fixed, "/login", &r);
	assert_int_equal(r.status, 200);
	char *set = http_set_cookie(&r, "hs");
	assert_true(!set || strcmp(set, "FixatedFixatedFixatedFixatedFixatedFixate") != 0);
	free(set);
	http_resp_release(&r);
	post(&srv, &fixed, "/login", "login=hilde&password=correct+horse+battery", &r);
	assert_int_equal(r.status, 303);
	char *fresh = cookie_of(&r);
	assert_non_null(fresh);
	assert_string_not_equal(fresh, fixed.cookie);
	http_resp_release(&r);
	assert_false(logged_in(&srv, &fixed));
	session_release(&fixed);
	admin.cookie = fresh;
	admin.csrf = NULL;
	assert_true(logged_in(&srv, &admin));

	/* Logging in again from a live session gives a new id and ends the old one. */
	post(&srv, &admin, "/login", "login=hilde&password=correct+horse+battery", &r);
	assert_int_equal(r.status, 303);
	again.cookie = cookie_of(&r);
	again.csrf = NULL;
	assert_non_null(again.cookie);
	assert_string_not_equal(again.cookie, admin.cookie);
	http_resp_release(&r);
	assert_false(logged_in(&srv, &admin));
	assert_true(logged_in(&srv, &again));
	session_release(&admin);
	session_release(&again);

	/* Logout ends the session on the server: the old cookie no longer works. */
	login_as(&srv, "hilde", &admin);
	long live = sql_long(&srv, "SELECT count(*) FROM sessions;");
	char body[256];
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	post(&srv, &admin, "/logout", body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	assert_false(logged_in(&srv, &admin));
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM sessions;"), live - 1);
	session_release(&admin);

	/* Expiry. A session survives a restart as it is... */
	login_as(&srv, "hilde", &idle);
	server_down(&srv, SIGTERM);
	assert_int_equal(server_up(&srv), 0);
	assert_true(logged_in(&srv, &idle));
	/* ...but not after two idle hours... */
	server_down(&srv, SIGTERM);
	free(sql(&srv, "UPDATE sessions SET last_seen = CAST(strftime('%s','now') AS INTEGER) "
		       "- 7200;"));
	assert_int_equal(server_up(&srv), 0);
	assert_false(logged_in(&srv, &idle));
	session_release(&idle);
	/* ...nor past its longest life, however busy. */
	login_as(&srv, "hilde", &older);
	server_down(&srv, SIGTERM);
	free(sql(&srv, "UPDATE sessions SET created = CAST(strftime('%s','now') AS INTEGER) "
		       "- 13 * 3600, last_seen = CAST(strftime('%s','now') AS INTEGER);"));
	assert_int_equal(server_up(&srv), 0);
	assert_false(logged_in(&srv, &older));
	session_release(&older);
	free(sql(&srv, "PRAGMA integrity_check;"));
}

static void test_hostile_requests(void **state)
{
	(void)state;
	struct server srv;
	struct session admin;
	struct http_resp r;
	char tok[4][64], body[256];
	setup(&srv, &admin, tok, 4);
	long waves = sql_long(&srv, "SELECT count(*) FROM waves;");

	/* A body over the route's limit: a form, and an upload. */
	size_t big = 64 * 1024 + 1;
	char *huge = malloc(17u * 1024 * 1024);
	memset(huge, 'a', 17u * 1024 * 1024);
	int pre = snprintf(huge, 200, "csrf=%s&title=", admin.csrf);
	huge[pre] = 'a';
	assert_int_equal(
		req(&srv, &admin, NULL, "POST", "/admin/waves", NULL, huge, big, &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_release(&r);
	int rc = req(&srv, &admin, admin.csrf, "POST", "/admin/import/units", "text/csv", huge,
		     17u * 1024 * 1024, &r);
	assert_true(rc == -1 || r.status == 413);
	http_resp_release(&r);
	free(huge);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM waves;"), waves);

	/* Bad percent escapes in a form body and in a query. */
	const char *escapes[] = {"%zz", "%4", "%", "%g0", "a%0"};
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		snprintf(body, sizeof(body), "login=%s&password=x", escapes[i]);
		post(&srv, NULL, "/login", body, &r);
		assert_int_equal(r.status, 400);
		http_resp_release(&r);
		snprintf(body, sizeof(body), "csrf=%s&title=%s&opens=2026-01-01&closes=2099-12-31",
			 admin.csrf, escapes[i]);
		post(&srv, &admin, "/admin/waves", body, &r);
		assert_int_equal(r.status, 400);
		http_resp_release(&r);
		snprintf(body, sizeof(body), "/reports?wave=%s", escapes[i]);
		get(&srv, &admin, body, &r);
		assert_true(r.status == 400 || r.status == 404);
		http_resp_release(&r);
	}
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM waves;"), waves);

	/* A header larger than a connection may hold: refused or cut off, server alive. */
	size_t hl = 100 * 1024;
	char *hdr = malloc(hl + 16);
	memcpy(hdr, "X-Big: ", 7);
	memset(hdr + 7, 'b', hl);
	memcpy(hdr + 7 + hl, "\r\n", 3);
	rc = http(&srv, "GET", "/", hdr, NULL, NULL, 0, &r);
	if (rc == 0) {
		assert_true(r.status >= 400);
		http_resp_release(&r);
	}
	free(hdr);
	/* A path longer than the URL limit. */
	char *longpath = malloc(8192);
	memcpy(longpath, "/static/", 8);
	memset(longpath + 8, 'x', 8000);
	longpath[8008] = '\0';
	rc = http(&srv, "GET", longpath, NULL, NULL, NULL, 0, &r);
	if (rc == 0) {
		assert_true(r.status >= 400 && r.status < 500);
		http_resp_release(&r);
	}
	free(longpath);
	get(&srv, NULL, "/", &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);

	/* Unknown and unsupported methods. */
	const char *methods[] = {"BREW", "DELETE", "PUT", "PATCH", "TRACE", "OPTIONS"};
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		rc = req(&srv, &admin, admin.csrf, methods[i], "/admin", NULL, NULL, 0, &r);
		if (rc == 0) {
			if (r.status < 400 || r.status >= 500)
				fprintf(stderr, "method %s: %d\n", methods[i], r.status);
			assert_true(r.status >= 400 && r.status < 500);
			http_resp_release(&r);
		}
	}

	/* Path traversal on /static, plain, encoded, double-encoded, overlong. */
	const char *trav[] = {
		"/static/../../etc/passwd",
		"/static/%2e%2e/%2e%2e/etc/passwd",
		"/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
		"/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
		"/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
		"/static/..%252f..%252fetc%252fpasswd",
		"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
		"/static/..%5c..%5cetc%5cpasswd",
		"/static/....//....//etc/passwd",
		"/static/%2e%2e",
		"/static/.",
		"/static/..",
		"/static//etc/passwd",
		"/static/site.css/../../../../etc/passwd",
		"/static/%2e%2e/meson.build",
		"/static/../src/web/routes.c",
		"/static/..%2fsrc%2fweb%2froutes.c",
		"/static/%2fetc%2fpasswd",
	};
	for (size_t i = 0; i < sizeof(trav) / sizeof(trav[0]); i++) {
		rc = http(&srv, "GET", trav[i], NULL, NULL, NULL, 0, &r);
		assert_int_equal(rc, 0);
		if (r.status != 400 && r.status != 404)
			fprintf(stderr, "traversal %s: %d\n", trav[i], r.status);
		assert_true(r.status == 400 || r.status == 404);
		assert_null(strstr(r.body, "root:"));
		assert_null(strstr(r.body, "project("));
		assert_null(strstr(r.body, "routes_dispatch"));
		http_resp_release(&r);
	}
	get(&srv, NULL, "/static/site.css", &r);
	assert_int_equal(r.status, 200);
	char *css = malloc(r.body_len + 1);
	memcpy(css, r.body, r.body_len + 1);
	size_t css_len = r.body_len;
	http_resp_release(&r);
	/* Paths are decoded once, by our own decoder: %00 is refused, and a
	 * double-encoded dot stays a literal "%2e" (regression: libmicrohttpd
	 * used to decode first, so %2500 became a NUL that cut the path). */
	get(&srv, NULL, "/static/site.css%00.js", &r);
	assert_int_equal(r.status, 400);
	http_resp_release(&r);
	get(&srv, NULL, "/static/site.css%2500.js", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);
	get(&srv, NULL, "/static/%252e%252e/%252e%252e/etc/passwd", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);
	(void)css_len;
	free(css);
	session_release(&admin);
}

/* No page body holds hostile markup as markup. */
static void clean_page(const char *path, const struct http_resp *r)
{
	const char *raw[] = {XSS1, "<img src=x", "onerror=alert(1)>", "<script>"};
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
		if (strstr(r->body, raw[i])) {
			fprintf(stderr, "%s shows raw %s\n", path, raw[i]);
			fail();
		}
}

static void show(const struct server *srv, const struct session *s, const char *path,
		 const char *const *want)
{
	struct http_resp r;
	get(srv, s, path, &r);
	if (r.status != 200)
		fprintf(stderr, "%s: %d\n", path, r.status);
	assert_int_equal(r.status, 200);
	clean_page(path, &r);
	for (int i = 0; want && want[i]; i++)
		if (!strstr(r.body, want[i])) {
			fprintf(stderr, "%s does not show %s\n", path, want[i]);
			fail();
		}
	http_resp_release(&r);
}

static void test_injection(void **state)
{
	(void)state;
	struct server srv;
	struct session admin;
	struct http_resp r;
	char body[2048], path[200];
	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	user_add(&srv, "hilde", "admin", NULL);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hilde", &admin);

	/* Units and employees with hostile names, through the CSV import. */
	import_text(&srv, &admin, "units",
		    "unit_id;parent_id;name\n"
		    "ORG;;\"Org " XSS1 "\"\n"
		    "U1;ORG;\"" SQL1 "\"\n"
		    "U2;ORG;\"\"\"><img src=x onerror=alert(1)>\"\n"
		    "U3;ORG;\"\"\" OR \"\"1\"\"=\"\"1' OR '1'='1 --\"\n",
		    200);
	{
		char csv[8192];
		int n = snprintf(csv, sizeof(csv),
				 "employee_id;unit_id;first_name;last_name;email;language;"
				 "birth_year;start_year;contract;shift;function_group\n");
		const char *units[] = {"U1", "U2", "U3"};
		for (int i = 0; i < 12; i++)
			n += snprintf(csv + n, sizeof(csv) - (size_t)n,
				      "%d;%s;\"%s\";\"%s\";;nl;1980;2000;voltijds;dag;zorg\n",
				      100 + i, units[i % 3], i % 2 ? XSS1 : SQL1,
				      i % 2 ? "\"\"><img src=x onerror=alert(1)>" : "O'Brien");
		import_text(&srv, &admin, "employees", csv, 200);
	}
	const char *units_want[] = {XSS1_ESC, SQL1_ESC, XSS2_ESC, SQL2_ESC, NULL};
	show(&srv, &admin, "/admin/units", units_want);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM units;"), 4);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM employees;"), 12);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM units WHERE name = "
					"'x''); DROP TABLE units;--';"),
			 1);

	/* Settings: the organisation's name and the help texts. */
	char *n1 = form_escape("Org " XSS2 " " SQL1);
	char *h1 = form_escape(XSS1 " " SQL2);
	char *h2 = form_escape(XSS2 " 'x';--");
	snprintf(body, sizeof(body),
		 "csrf=%s&name=%s&help_trusted=%s&help_advisor=%s&help_eap=%s&help_other=%s"
		 "&min_group=5&comment_min=5",
		 admin.csrf, n1, h1, h2, h1, h2);
	free(n1);
	free(h1);
	free(h2);
	post(&srv, &admin, "/admin/settings", body, &r);
	if (r.status != 303 && r.status != 200)
		fprintf(stderr, "settings: %d %s\n", r.status, r.body);
	assert_true(r.status == 303 || r.status == 200);
	http_resp_release(&r);
	const char *org_want[] = {"Org " XSS2_ESC " " SQL1_ESC, NULL};
	const char *settings_want[] = {"Org " XSS2_ESC " " SQL1_ESC, XSS1_ESC " " SQL2_ESC, NULL};
	show(&srv, &admin, "/admin/settings", settings_want);
	show(&srv, &admin, "/admin", org_want);

	/* A wave with a hostile title, answered with hostile comments, then closed. */
	long wave = wave_create(&srv, &admin, XSS1 " " SQL1 " " XSS2);
	const char *wave_want[] = {XSS1_ESC " " SQL1_ESC " " XSS2_ESC, NULL};
	snprintf(path, sizeof(path), "/admin/waves/%ld", wave);
	show(&srv, &admin, path, wave_want);
	show(&srv, &admin, "/admin", wave_want);
	char tok[16][64];
	int nt = wave_tokens(&srv, &admin, wave, tok, 16);
	assert_int_equal(nt, 12);
	snprintf(path, sizeof(path), "/s/%s?lang=en", tok[0]);
	show(&srv, NULL, path, org_want);
	const char *comments[] = {"Werkdruk " XSS1, "Overleg " XSS2, "Planning " SQL1,
				  "Pauzes " SQL2};
	for (int i = 0; i < nt; i++)
		answer(&srv, tok[i], i, comments[i % 4]);
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	post(&srv, &admin, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);

	show(&srv, &admin, "/reports", wave_want);
	get(&srv, &admin, "/reports", &r);
	const char *p = strstr(r.body, "/reports/unit/");
	assert_non_null(p);
	long org = strtol(p + 14, NULL, 10);
	/* Every unit's page. */
	long ids[16];
	int nids = 0;
	for (; p && nids < 16; p = strstr(p + 1, "/reports/unit/")) {
		long id = strtol(p + 14, NULL, 10);
		int dup = 0;
		for (int i = 0; i < nids; i++)
			dup |= ids[i] == id;
		if (!dup)
			ids[nids++] = id;
	}
	http_resp_release(&r);
	for (int i = 0; i < nids; i++) {
		snprintf(path, sizeof(path), "/reports/unit/%ld?wave=%ld", ids[i], wave);
		show(&srv, &admin, path, NULL);
	}
	/* The comments, screened, on the organisation's page. */
	const char *comments_want[] = {"Werkdruk " XSS1_ESC, "Overleg " XSS2_ESC,
				       "Planning " SQL1_ESC, "Pauzes " SQL2_ESC, NULL};
	snprintf(path, sizeof(path), "/reports/unit/%ld?wave=%ld", org, wave);
	show(&srv, &admin, path, comments_want);
	/* Other pages that show names or titles. */
	show(&srv, &admin, "/admin/waves/new", units_want);
	show(&srv, &admin, "/admin/import", NULL);
	show(&srv, NULL, "/", NULL);
	/* Employee names appear on no page (only in the links CSV and the letters). */
	snprintf(path, sizeof(path), "/admin/waves/%ld", wave);
	get(&srv, &admin, path, &r);
	assert_null(strstr(r.body, "O&#39;Brien"));
	http_resp_release(&r);

	/* The login name: refused, shown back escaped. */
	char *l1 = form_escape(SQL2 " " XSS2);
	snprintf(body, sizeof(body), "login=%s&password=x", l1);
	free(l1);
	post(&srv, NULL, "/login", body, &r);
	assert_int_equal(r.status, 401);
	clean_page("/login", &r);
	assert_non_null(strstr(r.body, SQL2_ESC " " XSS2_ESC));
	assert_null(http_set_cookie(&r, "hs"));
	http_resp_release(&r);
	l1 = form_escape("hilde' --");
	snprintf(body, sizeof(body), "login=%s&password=correct+horse+battery", l1);
	free(l1);
	post(&srv, NULL, "/login", body, &r);
	assert_int_equal(r.status, 401);
	http_resp_release(&r);
	/* A hostile next= on the login page stays inside the site and escaped. */
	show(&srv, NULL, "/login?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", NULL);

	/* The database is whole. */
	char *ic = sql(&srv, "PRAGMA integrity_check;");
	assert_string_equal(ic, "ok\n");
	free(ic);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM units;"), 4);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM employees;"), 12);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM users;"), 1);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM responses;"), 12);
	assert_int_equal(sql_long(&srv, "SELECT count(*) FROM waves WHERE title = "
					"'<script>alert(1)</script> x''); DROP TABLE "
					"units;-- \"><img src=x onerror=alert(1)>';"),
			 1);
	session_release(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_csrf, test_teardown),
		cmocka_unit_test_teardown(test_sessions, test_teardown),
		cmocka_unit_test_teardown(test_hostile_requests, test_teardown),
		cmocka_unit_test_teardown(test_injection, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
