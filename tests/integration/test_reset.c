/*
 * test_reset.c: password reset links against the real server. "hartslag
 * user reset" prints a link; the link sets a new password once and ends
 * the account's sessions; a second use, an expired link (expiry set in
 * the past in the database while the server is down), an unknown link
 * and a short password are refused.
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

#define OLD_PASSWORD "correct horse battery"
#define NEW_PASSWORD "a brand new passphrase"

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

static void cli_ok(struct server *srv, const char *const *args, char **out)
{
	char *o = NULL;
	int rc = harness_cli(srv, &o, args);
	if (rc)
		fprintf(stderr, "%s\n", o ? o : "");
	assert_int_equal(rc, 0);
	if (out)
		*out = o;
	else
		free(o);
}

/* Runs "user reset LOGIN" and copies the link's path ("/reset/...") into path. */
static void reset_link(struct server *srv, const char *login, char *path, size_t size)
{
	char *out = NULL;
	const char *args[] = {"user", "reset", login, NULL};
	cli_ok(srv, args, &out);
	const char *p = strstr(out, "http://127.0.0.1:8080/reset/");
	assert_non_null(p);
	p += strlen("http://127.0.0.1:8080");
	size_t n = strcspn(p, "\r\n");
	assert_int_equal(n, strlen("/reset/") + 43);
	assert_true(n < size);
	memcpy(path, p, n);
	path[n] = '\0';
	free(out);
}

static void request(const struct server *srv, const char *method, const char *path,
		    const char *cookie, const char *body, struct http_resp *r)
{
	char h[512];
	snprintf(h, sizeof(h), "Accept-Language: en\r\n%s%s%s", cookie ? "Cookie: " : "",
		 cookie ? cookie : "", cookie ? "\r\n" : "");
	assert_int_equal(http(srv, method, path, h, NULL, body, body ? strlen(body) : 0, r), 0);
}

/* Logs in; returns the status and, on success, the "hs=..." cookie in cookie (caller frees). */
static int login(const struct server *srv, const char *pw, char **cookie)
{
	struct http_resp r;
	char body[256];
	char *e = form_escape(pw);
	snprintf(body, sizeof(body), "login=hilde&password=%s&next=%%2Fadmin", e);
	free(e);
	request(srv, "POST", "/login", NULL, body, &r);
	int status = r.status;
	if (cookie) {
		*cookie = NULL;
		char *hs = http_set_cookie(&r, "hs");
		if (hs) {
			*cookie = malloc(strlen(hs) + 4);
			snprintf(*cookie, strlen(hs) + 4, "hs=%s", hs);
			free(hs);
		}
	}
	http_resp_release(&r);
	return status;
}

/* POSTs a new password (twice) to a reset link; returns the status. */
static int set_password(const struct server *srv, const char *path, const char *pw,
			const char *pw2)
{
	struct http_resp r;
	char body[600];
	char *e = form_escape(pw), *e2 = form_escape(pw2);
	snprintf(body, sizeof(body), "password=%s&password2=%s", e, e2);
	free(e);
	free(e2);
	request(srv, "POST", path, NULL, body, &r);
	int status = r.status;
	http_resp_release(&r);
	return status;
}

static void start(struct server *srv)
{
	harness_init(srv);
	current = srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(srv, init, NULL);
	char pwfile[400];
	snprintf(pwfile, sizeof(pwfile), "%s/pw", srv->dir);
	FILE *f = fopen(pwfile, "w");
	assert_non_null(f);
	fputs(OLD_PASSWORD "\n", f);
	fclose(f);
	const char *add[] = {"user", "add", "hilde", "--role", "admin", "--password-file",
			     pwfile, NULL};
	cli_ok(srv, add, NULL);
}

static void test_reset_once(void **state)
{
	(void)state;
	struct server srv;
	struct http_resp r;
	char path[128];
	char *cookie = NULL;

	start(&srv);
	reset_link(&srv, "hilde", path, sizeof(path));
	assert_int_equal(server_up(&srv), 0);

	/* A session from before the reset. */
	assert_int_equal(login(&srv, OLD_PASSWORD, &cookie), 303);
	assert_non_null(cookie);
	request(&srv, "GET", "/admin", cookie, NULL, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);

	/* The form, without logging in. */
	request(&srv, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "name=\"password2\""));
	http_resp_release(&r);

	/* Too short, or two different passwords: refused, the link stays valid. */
	assert_int_equal(set_password(&srv, path, "short pw", "short pw"), 400);
	assert_int_equal(set_password(&srv, path, NEW_PASSWORD, NEW_PASSWORD "x"), 400);
	assert_int_equal(login(&srv, OLD_PASSWORD, NULL), 303);

	/* It works once. */
	assert_int_equal(set_password(&srv, path, NEW_PASSWORD, NEW_PASSWORD), 200);
	assert_int_equal(set_password(&srv, path, "yet another passphrase",
				      "yet another passphrase"),
			 404);
	request(&srv, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);

	/* The old session is gone, the old password too; the new one works. */
	request(&srv, "GET", "/admin", cookie, NULL, &r);
	assert_int_equal(r.status, 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/login", 6), 0);
	free(loc);
	http_resp_release(&r);
	free(cookie);
	assert_int_equal(login(&srv, OLD_PASSWORD, NULL), 401);
	assert_int_equal(login(&srv, NEW_PASSWORD, NULL), 303);

	/* Unknown and malformed links. */
	request(&srv, "GET", "/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);
	assert_int_equal(set_password(&srv, "/reset/nonsense", NEW_PASSWORD, NEW_PASSWORD), 404);

	/* A user that does not exist gets no link. */
	char *out = NULL;
	const char *nobody[] = {"user", "reset", "nobody", NULL};
	assert_int_not_equal(harness_cli(&srv, &out, nobody), 0);
	free(out);

	server_down(&srv, SIGTERM);
	harness_cleanup(&srv);
	current = NULL;
}

static void test_reset_expired(void **state)
{
	(void)state;
	struct server srv;
	struct http_resp r;
	char path[128];
	sqlite3 *db;

	start(&srv);
	reset_link(&srv, "hilde", path, sizeof(path));
	/* The server is not running: expire the link in the database. */
	assert_int_equal(sqlite3_open(srv.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE password_resets SET expires = 1000", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	assert_int_equal(server_up(&srv), 0);

	request(&srv, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "expired"));
	http_resp_release(&r);
	assert_int_equal(set_password(&srv, path, NEW_PASSWORD, NEW_PASSWORD), 404);
	assert_int_equal(login(&srv, NEW_PASSWORD, NULL), 401);
	assert_int_equal(login(&srv, OLD_PASSWORD, NULL), 303);

	server_down(&srv, SIGTERM);
	harness_cleanup(&srv);
	current = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_reset_once, teardown),
		cmocka_unit_test_teardown(test_reset_expired, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
