/*
 * test_journey.c: the survey loop end to end against the real server on
 * loopback with a real database: import over HTTP, create a wave, answer
 * with a personal link page by page, see the personal feedback, a second
 * use of the link refused, the wave closed; and the answer still there
 * after the server is killed right after the success page.
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

struct session {
	struct server srv;
	char *cookie; /* "hs=..." */
	char *csrf;
};

/* The session of the running test, cleaned up even when an assertion fails. */
static struct session *current;

static int teardown(void **state)
{
	(void)state;
	if (current) {
		harness_cleanup(&current->srv);
		free(current->cookie);
		free(current->csrf);
		current = NULL;
	}
	return 0;
}

static char *headers_for(const struct session *s, const char *extra)
{
	size_t n = 96 + (s->cookie ? strlen(s->cookie) : 0) + (extra ? strlen(extra) : 0);
	char *h = malloc(n);
	snprintf(h, n, "Accept-Language: en\r\n%s%s%s%s", s->cookie ? "Cookie: " : "",
		 s->cookie ? s->cookie : "", s->cookie ? "\r\n" : "", extra ? extra : "");
	return h;
}

static void get(struct session *s, const char *path, struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(&s->srv, "GET", path, h, NULL, NULL, 0, r), 0);
	free(h);
}

static void post(struct session *s, const char *path, const char *body, struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(&s->srv, "POST", path, h, NULL, body, strlen(body), r), 0);
	free(h);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Sets up a database with an admin whose password is known, starts the server, logs in. */
static void login_admin(struct session *s)
{
	char pwfile[400], *out = NULL;
	harness_init(&s->srv);
	current = s;
	snprintf(pwfile, sizeof(pwfile), "%s/pw", s->srv.dir);
	write_file(pwfile, "correct horse battery\n");
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	assert_int_equal(harness_cli(&s->srv, &out, init), 0);
	free(out);
	const char *add[] = {"user", "add", "hilde", "--role", "admin", "--password-file", pwfile,
			     NULL};
	assert_int_equal(harness_cli(&s->srv, &out, add), 0);
	free(out);
	assert_int_equal(server_up(&s->srv), 0);

	struct http_resp r;
	/* Wrong password: refused, no session. */
	assert_int_equal(http(&s->srv, "POST", "/login", NULL, NULL,
			      "login=hilde&password=wrong", 26, &r), 0);
	assert_int_equal(r.status, 401);
	assert_null(http_set_cookie(&r, "hs"));
	http_resp_release(&r);

	const char *body = "login=hilde&password=correct+horse+battery&next=%2Fadmin";
	assert_int_equal(http(&s->srv, "POST", "/login", NULL, NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	char *hs = http_set_cookie(&r, "hs");
	assert_non_null(hs);
	s->cookie = malloc(strlen(hs) + 4);
	snprintf(s->cookie, strlen(hs) + 4, "hs=%s", hs);
	free(hs);
	char *loc = http_header(&r, "Location");
	assert_string_equal(loc, "/admin");
	free(loc);
	http_resp_release(&r);

	get(s, "/admin", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Testorganisatie"));
	s->csrf = html_input_value(r.body, "csrf");
	assert_non_null(s->csrf);
	http_resp_release(&r);
}

static void session_end(struct session *s)
{
	(void)s;
	teardown(NULL);
}

static void import_csv(struct session *s, const char *what, const char *file, int expect)
{
	char path[64], extra[200];
	size_t len;
	char *csv = source_file(file, &len);
	snprintf(path, sizeof(path), "/admin/import/%s", what);
	snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", s->csrf);
	char *h = headers_for(s, extra);
	struct http_resp r;
	assert_int_equal(http(&s->srv, "POST", path, h, "text/csv", csv, len, &r), 0);
	if (r.status != expect)
		fprintf(stderr, "import %s: %d\n%s\n", what, r.status, r.body);
	assert_int_equal(r.status, expect);
	http_resp_release(&r);
	free(h);
	free(csv);
}

/* Creates a wave for the whole organisation and returns its id. */
static long create_wave(struct session *s)
{
	struct http_resp r;
	get(s, "/admin/waves/new", &r);
	assert_int_equal(r.status, 200);
	/* the first checkbox is the organisation itself */
	const char *p = strstr(r.body, "name=\"unit\" value=\"");
	assert_non_null(p);
	long unit = strtol(p + strlen("name=\"unit\" value=\""), NULL, 10);
	http_resp_release(&r);
	char body[512];
	snprintf(body, sizeof(body),
		 "csrf=%s&title=Welzijn+2026&opens=2026-01-01&closes=2099-12-31&unit=%ld", s->csrf,
		 unit);
	post(s, "/admin/waves", body, &r);
	assert_int_equal(r.status, 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	long id = strtol(loc + strlen("/admin/waves/"), NULL, 10);
	assert_true(id > 0);
	free(loc);
	http_resp_release(&r);
	return id;
}

/* Returns the personal link tokens of the wave, from the mail-merge CSV. */
static int tokens(struct session *s, long wave, char tok[][64], int max)
{
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof(path), "/admin/waves/%ld/links.csv", wave);
	get(s, path, &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "\xef\xbb\xbf", 3);
	int n = 0;
	for (const char *p = strstr(r.body, "/s/"); p && n < max; p = strstr(p + 3, "/s/")) {
		size_t l = strcspn(p + 3, "\r\n\";");
		assert_int_equal(l, 43);
		memcpy(tok[n], p + 3, l);
		tok[n][l] = '\0';
		n++;
	}
	http_resp_release(&r);
	return n;
}

/* An organisation imported over HTTP and an open wave; returns its id and tokens. */
static long setup_wave(struct session *s, char tok[][64], int max, int need)
{
	login_admin(s);
	import_csv(s, "units", "tests/data/csv/units.csv", 200);
	import_csv(s, "employees", "tests/data/csv/employees.csv", 200);
	long wave = create_wave(s);
	assert_true(tokens(s, wave, tok, max) >= need);
	return wave;
}

/* The output of 'hartslag wave status' (caller frees). */
static char *wave_status(struct session *s, long wave)
{
	char *out = NULL, ws[32];
	snprintf(ws, sizeof(ws), "%ld", wave);
	const char *st[] = {"wave", "status", ws, NULL};
	assert_int_equal(harness_cli(&s->srv, &out, st), 0);
	return out;
}

/* Answers every page of the survey behind token; returns the feedback page. */
static void answer_all(struct session *s, const char *token, struct http_resp *fb)
{
	struct http_resp r;
	char path[128], first[160];
	snprintf(path, sizeof(path), "/s/%s", token);
	snprintf(first, sizeof(first), "/s/%s?lang=en", token);
	get(s, first, &r);
	assert_int_equal(r.status, 200);
	/* the rules are shown up front */
	assert_non_null(strstr(r.body, "at least 5 people"));
	http_resp_release(&r);
	int page = 1, guard = 0;
	for (;;) {
		char url[160];
		snprintf(url, sizeof(url), "/s/%s?p=%d", token, page);
		get(s, url, &r);
		assert_int_equal(r.status, 200);
		char body[16384];
		int bl = snprintf(body, sizeof(body), "p=%d", page);
		int items = 0;
		for (const char *q = strstr(r.body, "name=\"a_"); q;
		     q = strstr(q + 1, "name=\"a_")) {
			const char *n = q + 6;
			size_t l = strcspn(n, "\"");
			char name[80];
			snprintf(name, sizeof(name), "%.*s", (int)l, n);
			if (strstr(body, name))
				continue; /* one value per item */
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "&%s=%d", name,
				       1 + (items % 5));
			items++;
		}
		int last = strstr(r.body, "value=\"submit\"") != NULL;
		http_resp_release(&r);
		if (last) {
			snprintf(body + bl, sizeof(body) - (size_t)bl,
				 "&c_comment=Meer+overleg+graag&go=submit");
			post(s, path, body, fb);
			return;
		}
		assert_true(items > 0);
		snprintf(body + bl, sizeof(body) - (size_t)bl, "&go=next");
		post(s, path, body, &r);
		assert_int_equal(r.status, 303);
		http_resp_release(&r);
		page++;
		assert_true(++guard < 30);
	}
}

static void test_journey(void **state)
{
	(void)state;
	struct session s = {0};
	struct http_resp r;
	login_admin(&s);

	/* A broken file imports nothing and says which line is wrong. */
	import_csv(&s, "units", "tests/data/csv/units_cycle.csv", 422);
	import_csv(&s, "units", "tests/data/csv/units.csv", 200);
	import_csv(&s, "employees", "tests/data/csv/employees.csv", 200);

	long wave = create_wave(&s);
	char tok[64][64];
	int n = tokens(&s, wave, tok, 64);
	assert_true(n >= 10);

	/* An unknown token is refused without revealing anything. */
	get(&s, "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);

	answer_all(&s, tok[0], &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Your answers are saved"));
	assert_non_null(strstr(r.body, "Your profile"));
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "<section class=\"help\"><h2>Help</h2>"));
	/* the PDF of the profile */
	char *a = html_input_value(r.body, "a");
	assert_non_null(a);
	http_resp_release(&r);
	char body[1024];
	snprintf(body, sizeof(body), "w=%ld&a=%s&lang=nl", wave, a);
	free(a);
	post(&s, "/feedback.pdf", body, &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	http_resp_release(&r);

	/* Second use of the link: refused. */
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", tok[0]);
	get(&s, path, &r);
	assert_int_equal(r.status, 409);
	http_resp_release(&r);
	snprintf(body, sizeof(body), "p=1&go=next");
	post(&s, path, body, &r);
	assert_int_equal(r.status, 409);
	http_resp_release(&r);

	/* Participation is visible, results are not, while open. */
	snprintf(path, sizeof(path), "/admin/waves/%ld", wave);
	get(&s, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Participation per unit"));
	http_resp_release(&r);

	/* Letters for staff without e-mail. */
	snprintf(path, sizeof(path), "/admin/waves/%ld/letters.pdf?who=all", wave);
	get(&s, path, &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	http_resp_release(&r);

	/* Close the wave: links stop working. */
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", s.csrf);
	post(&s, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/s/%s", tok[1]);
	get(&s, path, &r);
	assert_int_equal(r.status, 410);
	http_resp_release(&r);

	/* The command line agrees. */
	char *out = wave_status(&s, wave);
	assert_non_null(strstr(out, "status: closed"));
	assert_non_null(strstr(out, "responses: 1\n"));
	free(out);
	session_end(&s);
}

static void test_durable_after_sigkill(void **state)
{
	(void)state;
	struct session s = {0};
	struct http_resp r;
	char tok[4][64];
	long wave = setup_wave(&s, tok, 4, 2);
	answer_all(&s, tok[0], &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Your answers are saved"));
	http_resp_release(&r);
	/* No clean shutdown: the answer must be on disk already. */
	server_down(&s.srv, SIGKILL);
	char *out = wave_status(&s, wave);
	assert_non_null(strstr(out, "responses: 1\n"));
	assert_non_null(strstr(out, "answered: 1\n"));
	free(out);
	assert_int_equal(server_up(&s.srv), 0);
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", tok[0]);
	get(&s, path, &r);
	assert_int_equal(r.status, 409);
	http_resp_release(&r);
	session_end(&s);
}

static void test_progress_is_saved(void **state)
{
	(void)state;
	struct session s = {0};
	struct http_resp r;
	char tok[2][64];
	setup_wave(&s, tok, 2, 1);
	char path[128], url[160], body[4096];
	snprintf(path, sizeof(path), "/s/%s", tok[0]);
	snprintf(url, sizeof(url), "/s/%s?p=1", tok[0]);
	get(&s, url, &r);
	const char *q = strstr(r.body, "name=\"a_");
	assert_non_null(q);
	char name[80];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(q + 6, "\""), q + 6);
	http_resp_release(&r);
	snprintf(body, sizeof(body), "p=1&%s=4&go=next", name);
	post(&s, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	/* A restart loses nothing: the saved answer is checked again. */
	server_down(&s.srv, SIGKILL);
	assert_int_equal(server_up(&s.srv), 0);
	get(&s, url, &r);
	assert_int_equal(r.status, 200);
	char want[160];
	snprintf(want, sizeof(want), "name=\"%s\" value=\"4\" checked", name);
	assert_non_null(strstr(r.body, want));
	http_resp_release(&r);
	/* The intro now offers to continue. */
	snprintf(url, sizeof(url), "/s/%s?lang=en", tok[0]);
	get(&s, url, &r);
	assert_non_null(strstr(r.body, "Continue where you left off"));
	http_resp_release(&r);
	session_end(&s);
}

static void test_hostile_requests(void **state)
{
	(void)state;
	struct session s = {0};
	struct http_resp r;
	login_admin(&s);
	/* Path traversal on static files. */
	get(&s, "/static/../../etc/passwd", &r);
	assert_true(r.status == 400 || r.status == 404);
	http_resp_release(&r);
	get(&s, "/static/%2e%2e/%2e%2e/etc/passwd", &r);
	assert_true(r.status == 400 || r.status == 404);
	http_resp_release(&r);
	get(&s, "/static/site.css", &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);
	/* A form body larger than the route allows. */
	size_t big = 200 * 1024;
	char *huge = malloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = '\0';
	memcpy(huge, "login=", 6);
	assert_int_equal(http(&s.srv, "POST", "/login", NULL, NULL, huge, big, &r), 0);
	assert_int_equal(r.status, 413);
	http_resp_release(&r);
	free(huge);
	/* A bad percent escape. */
	assert_int_equal(http(&s.srv, "POST", "/login", NULL, NULL, "login=%zz", 9, &r), 0);
	assert_int_equal(r.status, 400);
	http_resp_release(&r);
	/* POST without the CSRF token of the session. */
	post(&s, "/admin/waves", "title=x&opens=2026-01-01&closes=2099-01-01", &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);
	/* Not logged in: sent to the login page. */
	assert_int_equal(http(&s.srv, "GET", "/admin", NULL, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	/* Unknown address and unknown method. */
	get(&s, "/nothing-here", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);
	assert_int_equal(http(&s.srv, "DELETE", "/admin", NULL, NULL, NULL, 0, &r), 0);
	assert_true(r.status == 405 || r.status == 400);
	http_resp_release(&r);
	/* Security headers on every page. */
	get(&s, "/", &r);
	char *csp = http_header(&r, "Content-Security-Policy");
	assert_non_null(csp);
	assert_null(strstr(csp, "unsafe-inline"));
	free(csp);
	http_resp_release(&r);
	session_end(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_journey, teardown),
		cmocka_unit_test_teardown(test_durable_after_sigkill, teardown),
		cmocka_unit_test_teardown(test_progress_is_saved, teardown),
		cmocka_unit_test_teardown(test_hostile_requests, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
