/*
 * session.h: a logged-in client of the real server for the black-box
 * tests: its cookie and CSRF token, requests with them (in English), the
 * command line, imports. Failures are cmocka assertions.
 */
#ifndef HARTSLAG_TEST_SESSION_H
#define HARTSLAG_TEST_SESSION_H

#include "harness.h"

struct session {
	char *cookie; /* "hs=..." */
	char *csrf;
};

void session_release(struct session *s);
/* Accept-Language: en, the session's cookie (s may be NULL: none) and extra. Caller frees. */
char *headers_for(const struct session *s, const char *extra);
void get(const struct server *srv, const struct session *s, const char *path,
		struct http_resp *r);
void post(const struct server *srv, const struct session *s, const char *path,
		 const char *body, struct http_resp *r);
void cli_ok(struct server *srv, const char *const *args);
void import_csv(const struct server *srv, const struct session *s, const char *what,
		       const char *file);

/* The password of the accounts user_add makes. */
#define TEST_PASSWORD "correct horse battery"
/* Adds an account with TEST_PASSWORD by the command line (unit: a manager's, or NULL). */
void user_add(struct server *srv, const char *login, const char *role, const char *unit);
/* Logs in as user (TEST_PASSWORD): s gets the session cookie and the CSRF token of /admin. */
void login_as(const struct server *srv, const char *user, struct session *s);

/*
 * A wave of the default instrument over the whole organisation, open from
 * 2026-01-01 to 2099-12-31, titled title (plain text), made on the wave
 * page by s; returns its id.
 */
long wave_create(const struct server *srv, const struct session *s, const char *title);
/* The personal links of a wave (the token after /s/), at most max; returns their number. */
int wave_tokens(const struct server *srv, const struct session *s, long wave, char tok[][64],
		int max);
/* Closes a wave on its page. */
void wave_close(const struct server *srv, const struct session *s, long wave);

/* The server of the running test, cleaned up by test_teardown (a cmocka teardown). */
extern struct server *test_server;
int test_teardown(void **state);

#endif
