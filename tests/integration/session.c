/*
 * session.c: a logged-in client of the real server for the black-box
 * tests (see session.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "session.h"

void session_release(struct session *s)
{
	free(s->cookie);
	free(s->csrf);
	memset(s, 0, sizeof(*s));
}

char *headers_for(const struct session *s, const char *extra)
{
	const char *cookie = s ? s->cookie : NULL;
	size_t n = 96 + (cookie ? strlen(cookie) : 0) + (extra ? strlen(extra) : 0);
	char *h = malloc(n);
	snprintf(h, n, "Accept-Language: en\r\n%s%s%s%s", cookie ? "Cookie: " : "",
		 cookie ? cookie : "", cookie ? "\r\n" : "", extra ? extra : "");
	return h;
}

void get(const struct server *srv, const struct session *s, const char *path,
		struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(srv, "GET", path, h, NULL, NULL, 0, r), 0);
	free(h);
}

void post(const struct server *srv, const struct session *s, const char *path,
		 const char *body, struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(srv, "POST", path, h, NULL, body, strlen(body), r), 0);
	free(h);
}

void cli_ok(struct server *srv, const char *const *args)
{
	char *out = NULL;
	int rc = harness_cli(srv, &out, args);
	if (rc)
		fprintf(stderr, "%s\n", out ? out : "");
	assert_int_equal(rc, 0);
	free(out);
}

void import_csv(const struct server *srv, const struct session *s, const char *what,
		       const char *file)
{
	char path[64], extra[200];
	size_t len;
	char *csv = source_file(file, &len);
	snprintf(path, sizeof(path), "/admin/import/%s", what);
	snprintf(extra, sizeof(extra), "X-CSRF-Token: %s\r\n", s->csrf);
	char *h = headers_for(s, extra);
	struct http_resp r;
	assert_int_equal(http(srv, "POST", path, h, "text/csv", csv, len, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);
	free(h);
	free(csv);
}


struct server *test_server;

int test_teardown(void **state)
{
	(void)state;
	if (test_server) {
		harness_cleanup(test_server);
		test_server = NULL;
	}
	return 0;
}

void user_add(struct server *srv, const char *login, const char *role, const char *unit)
{
	char pwfile[400];
	snprintf(pwfile, sizeof(pwfile), "%s/pw", srv->dir);
	FILE *f = fopen(pwfile, "w");
	assert_non_null(f);
	fputs(TEST_PASSWORD "\n", f);
	fclose(f);
	const char *args[] = {"user", "add", login, "--role", role, "--password-file", pwfile,
			      unit ? "--unit" : NULL, unit, NULL};
	cli_ok(srv, args);
}

void login_as(const struct server *srv, const char *user, struct session *s)
{
	struct http_resp r;
	char body[256];
	memset(s, 0, sizeof(*s));
	snprintf(body, sizeof(body), "login=%s&password=correct+horse+battery&next=%%2Fadmin",
		 user);
	assert_int_equal(http(srv, "POST", "/login", NULL, NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
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

long wave_create(const struct server *srv, const struct session *s, const char *title)
{
	struct http_resp r;
	get(srv, s, "/admin/waves/new", &r);
	assert_int_equal(r.status, 200);
	const char *p = strstr(r.body, "name=\"unit\" value=\"");
	assert_non_null(p);
	long unit = strtol(p + strlen("name=\"unit\" value=\""), NULL, 10);
	http_resp_release(&r);
	char *t = form_escape(title);
	char body[1024];
	snprintf(body, sizeof(body), "csrf=%s&title=%s&opens=2026-01-01&closes=2099-12-31&unit=%ld",
		 s->csrf, t, unit);
	free(t);
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

int wave_tokens(const struct server *srv, const struct session *s, long wave, char tok[][64],
		int max)
{
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof(path), "/admin/waves/%ld/links.csv", wave);
	get(srv, s, path, &r);
	assert_int_equal(r.status, 200);
	int n = 0;
	for (const char *p = strstr(r.body, "/s/"); p && n < max; p = strstr(p + 3, "/s/")) {
		size_t l = strcspn(p + 3, "\r\n\";");
		assert_true(l < 64);
		memcpy(tok[n], p + 3, l);
		tok[n][l] = '\0';
		n++;
	}
	http_resp_release(&r);
	return n;
}

void wave_close(const struct server *srv, const struct session *s, long wave)
{
	struct http_resp r;
	char path[64], body[128];
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", s->csrf);
	post(srv, s, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
}
