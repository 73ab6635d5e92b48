/*
 * auth.c: logging in and out, and the session that follows a login.
 * Session ids are random tokens kept only as hashes; the cookie is
 * HttpOnly and SameSite=Strict (Secure over TLS); sessions end after 30
 * idle minutes or 12 hours. Accounts with a TOTP second factor get a
 * second form after the right password: a pending-login token in a
 * cookie (valid five minutes) and a code from the authenticator app; only
 * a right code, never used before, creates the session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/totp.h"
#include "web.h"

#define SESSION_COOKIE "hs"
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)
#define SESSION_TOUCH_SECONDS 60
/* At most LOGIN_MAX_FAILURES failed logins per IP and per login name per window. */
#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define PENDING_COOKIE "hp"
#define PENDING_SECONDS (5 * 60)

static char *session_cookie(const char *token, int secure, int clear)
{
	return xasprintf(SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
			 clear ? "" : token, secure ? "; Secure" : "",
			 clear ? "; Max-Age=0" : "");
}

void auth_load_session(struct req *r, struct resp *rs)
{
	struct str c = http_cookie(r, SESSION_COOKIE);
	if (!c.len || token_hash(c, r->session_hash))
		return;
	if (r->st->ops->session_get(r->st, r->session_hash, &r->session))
		return;
	int64_t now = (int64_t)time(NULL);
	if (now - r->session.last_seen > SESSION_IDLE_SECONDS ||
	    now - r->session.created > SESSION_MAX_SECONDS) {
		r->st->ops->session_delete(r->st, r->session_hash);
		resp_add_cookie(rs, session_cookie("", r->secure, 1));
		return;
	}
	if (r->st->ops->user_get(r->st, r->session.user_id, &r->user))
		return;
	r->logged_in = 1;
	if (now - r->session.last_seen > SESSION_TOUCH_SECONDS)
		r->st->ops->session_touch(r->st, r->session_hash, now);
}

/* A local path to go to after login; anything else becomes /admin. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512)
		return "/admin";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "/admin";
	return next;
}

static int login_page(struct req *r, struct resp *rs, const char *error, const char *login)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Log in"));
	HW_LIT(&w, "<section class=\"narrow\"><h1>");
	hw_text(&w, T(r->lang, "Log in"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "For HR staff, prevention advisors, managers and committee "
			       "members. To answer a survey you need no account: use the link "
			       "or code from your invitation."));
	HW_LIT(&w, "</p>");
	if (error) {
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		hw_text(&w, error);
		HW_LIT(&w, "</p>");
	}
	HW_LIT(&w, "<form method=\"post\" action=\"/login\" class=\"stack\">"
		   "<input type=\"hidden\" name=\"next\"");
	hw_attr(&w, "value", safe_next(form_get(&r->query, "next") ? form_get(&r->query, "next")
								  : form_get(&r->form, "next")));
	HW_LIT(&w, "><label for=\"login\">");
	hw_text(&w, T(r->lang, "Login name"));
	HW_LIT(&w, "</label><input id=\"login\" name=\"login\" autocomplete=\"username\" "
		   "required maxlength=\"100\"");
	hw_attr(&w, "value", login ? login : "");
	HW_LIT(&w, "><label for=\"password\">");
	hw_text(&w, T(r->lang, "Password"));
	HW_LIT(&w, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		   "autocomplete=\"current-password\" required maxlength=\"200\">"
		   "<button type=\"submit\">");
	hw_text(&w, T(r->lang, "Log in"));
	HW_LIT(&w, "</button></form></section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int page_login_form(struct req *r, struct resp *rs)
{
	if (r->logged_in)
		return resp_redirect(rs, "/admin");
	return login_page(r, rs, NULL, NULL);
}

/* Seconds until login may be tried again from this IP or for this name; 0: now. */
static int64_t login_blocked(struct req *r, const char *login, int64_t now)
{
	struct ratelimit *rl = &r->app->limits;
	int64_t a = ratelimit_blocked(rl, "login-ip", r->client_ip, now, LOGIN_WINDOW_SECONDS,
				      LOGIN_MAX_FAILURES);
	int64_t b = login ? ratelimit_blocked(rl, "login-name", login, now,
					      LOGIN_WINDOW_SECONDS, LOGIN_MAX_FAILURES)
			  : 0;
	return a > b ? a : b;
}

static int login_too_many(struct req *r, struct resp *rs, int64_t wait)
{
	long minutes = (long)((wait + 59) / 60);
	char msg[512];

	snprintf(msg, sizeof(msg),
		 NT(r->lang,
		    "There were too many failed attempts to log in. Wait %ld minute and try "
		    "again; if you forgot your password, an administrator can reset it.",
		    "There were too many failed attempts to log in. Wait %ld minutes and try "
		    "again; if you forgot your password, an administrator can reset it.",
		    minutes),
		 minutes);
	return page_message(r, rs, 429, T(r->lang, "Too many attempts"), msg, "/",
			    T(r->lang, "Go to the start page"));
}

static int login_finish(struct req *r, struct resp *rs, long id);

static char *pending_cookie(const char *token, int secure, int clear)
{
	return xasprintf(PENDING_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict%s; Max-Age=%d",
			 clear ? "" : token, secure ? "; Secure" : "", clear ? 0 : PENDING_SECONDS);
}

/* The form asking for the authenticator app's code. */
static int totp_page(struct req *r, struct resp *rs, const char *error)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Log in"));
	HW_LIT(&w, "<section class=\"narrow\"><h1>");
	hw_text(&w, T(r->lang, "Log in"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "Type the six-digit code that your authenticator app shows "
			       "for Hartslag."));
	HW_LIT(&w, "</p>");
	if (error) {
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		hw_text(&w, error);
		HW_LIT(&w, "</p>");
	}
	HW_LIT(&w, "<form method=\"post\" action=\"/login/totp\" class=\"stack\">"
		   "<input type=\"hidden\" name=\"next\"");
	hw_attr(&w, "value", safe_next(form_get(&r->form, "next")));
	HW_LIT(&w, "><label for=\"code\">");
	hw_text(&w, T(r->lang, "Code"));
	HW_LIT(&w, "</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" "
		   "autocomplete=\"one-time-code\" required pattern=\"[0-9]{6}\" "
		   "maxlength=\"6\"><button type=\"submit\">");
	hw_text(&w, T(r->lang, "Log in"));
	HW_LIT(&w, "</button></form></section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* After the right password of an account with TOTP: a pending login and the code form. */
static int totp_begin(struct req *r, struct resp *rs, long id)
{
	char token[TOKEN_TEXT_BYTES + 1];
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t now = (int64_t)time(NULL);

	token_new(token);
	token_hash(str_from(token), hash);
	if (r->st->ops->pending_put(r->st, hash, id, now, now - PENDING_SECONDS))
		return page_message(r, rs, 500, T(r->lang, "Could not log in"),
				    T(r->lang, "The session could not be saved. Try again in a "
					       "moment; if it persists, tell your administrator."),
				    "/login", T(r->lang, "Log in"));
	resp_add_cookie(rs, pending_cookie(token, r->secure, 0));
	return totp_page(r, rs, NULL);
}

int page_login_totp(struct req *r, struct resp *rs)
{
	struct str c = http_cookie(r, PENDING_COOKIE);
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t now = (int64_t)time(NULL), mono = ratelimit_now();
	long id;
	struct user u;

	if (!c.len || token_hash(c, hash) ||
	    r->st->ops->pending_get(r->st, hash, now - PENDING_SECONDS, &id) ||
	    r->st->ops->user_get(r->st, id, &u))
		return page_message(r, rs, 401, T(r->lang, "Log in again"),
				    T(r->lang, "Logging in took too long or was not started. "
					       "Log in again with your login name and password."),
				    "/login", T(r->lang, "Log in"));
	int64_t wait = login_blocked(r, u.login, mono);
	if (wait) {
		user_release(&u);
		return login_too_many(r, rs, wait);
	}
	const char *code = form_get(&r->form, "code");
	uint8_t *secret = NULL;
	size_t len = 0;
	uint64_t step = 0;
	if (code && r->st->ops->totp_get(r->st, id, &secret, &len) == 0) {
		step = totp_check(secret, len, totp_step(now), code);
		sodium_memzero(secret, len);
		free(secret);
	}
	if (!step) {
		ratelimit_hit(&r->app->limits, "login-ip", r->client_ip, mono, LOGIN_WINDOW_SECONDS);
		ratelimit_hit(&r->app->limits, "login-name", u.login, mono, LOGIN_WINDOW_SECONDS);
		user_release(&u);
		rs->status = 401;
		return totp_page(r, rs, T(r->lang, "This code is not right. Type the code your "
						   "app shows now."));
	}
	if (r->st->ops->totp_use(r->st, id, (int64_t)step)) {
		user_release(&u);
		rs->status = 401;
		return totp_page(r, rs, T(r->lang, "This code was used already. Wait for the "
						   "next code in your app and type that one."));
	}
	ratelimit_reset(&r->app->limits, "login-name", u.login);
	user_release(&u);
	r->st->ops->pending_delete(r->st, hash);
	resp_add_cookie(rs, pending_cookie("", r->secure, 1));
	return login_finish(r, rs, id);
}

int page_login(struct req *r, struct resp *rs)
{
	const char *login = form_get(&r->form, "login");
	const char *pw = form_get(&r->form, "password");
	struct user u;
	int ok = 0;
	int64_t now = ratelimit_now();

	if (login && strlen(login) > 100)
		login = NULL;
	int64_t wait = login_blocked(r, login, now);
	if (wait)
		return login_too_many(r, rs, wait);
	memset(&u, 0, sizeof(u));
	if (login && pw && strlen(login) <= 100 && strlen(pw) <= 200) {
		if (r->st->ops->user_by_login(r->st, login, &u) == 0)
			ok = password_verify(u.pw_hash, pw) == 1;
		else
			password_verify("$argon2id$v=19$m=65536,t=2,p=1$"
					"c29tZXNhbHRzb21lc2FsdA$"
					"8cG1ZeMRHqHKmC8wq2D+zTDHExdKxKr8E5ZSbfJ8bXo", pw);
	}
	if (!ok) {
		user_release(&u);
		ratelimit_hit(&r->app->limits, "login-ip", r->client_ip, now, LOGIN_WINDOW_SECONDS);
		if (login)
			ratelimit_hit(&r->app->limits, "login-name", login, now,
				      LOGIN_WINDOW_SECONDS);
		rs->status = 401;
		return login_page(r, rs,
				  T(r->lang, "The login name or password is not right. Check them "
					     "and try again; an administrator can reset your password."),
				  login);
	}
	uint8_t *secret = NULL;
	size_t secret_len = 0;
	if (r->st->ops->totp_get(r->st, u.id, &secret, &secret_len) == 0) {
		sodium_memzero(secret, secret_len);
		free(secret);
		long id = u.id;
		user_release(&u);
		return totp_begin(r, rs, id);
	}
	ratelimit_reset(&r->app->limits, "login-name", login);
	long id = u.id;
	user_release(&u);
	return login_finish(r, rs, id);
}

/* Starts a session for user id and sends the browser on; the old session ends. */
static int login_finish(struct req *r, struct resp *rs, long id)
{
	/* A new session id at every login: no fixation. */
	if (r->logged_in)
		r->st->ops->session_delete(r->st, r->session_hash);
	char token[TOKEN_TEXT_BYTES + 1];
	struct session s;
	memset(&s, 0, sizeof(s));
	token_new(token);
	token_new(s.csrf);
	s.user_id = id;
	s.created = s.last_seen = (int64_t)time(NULL);
	uint8_t hash[TOKEN_HASH_BYTES];
	token_hash(str_from(token), hash);
	if (r->st->ops->session_put(r->st, hash, &s))
		return page_message(r, rs, 500, T(r->lang, "Could not log in"),
				    T(r->lang, "The session could not be saved. Try again in a "
					       "moment; if it persists, tell your administrator."),
				    "/login", T(r->lang, "Log in"));
	resp_add_cookie(rs, session_cookie(token, r->secure, 0));
	return resp_redirect(rs, safe_next(form_get(&r->form, "next")));
}

int page_logout(struct req *r, struct resp *rs)
{
	r->st->ops->session_delete(r->st, r->session_hash);
	resp_add_cookie(rs, session_cookie("", r->secure, 1));
	return resp_redirect(rs, "/");
}
