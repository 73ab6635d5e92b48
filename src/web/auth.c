/*
 * auth.c: logging in and out, and the session that follows a login.
 * Session ids are random tokens kept only as hashes; the cookie is
 * HttpOnly and SameSite=Strict (Secure over TLS); sessions end after 30
 * idle minutes or 12 hours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define SESSION_COOKIE "hs"
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)
#define SESSION_TOUCH_SECONDS 60
/* At most LOGIN_MAX_FAILURES failed logins per IP and per login name per window. */
#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW_SECONDS (15 * 60)

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
	ratelimit_reset(&r->app->limits, "login-name", login);
	/* A new session id at every login: no fixation. */
	if (r->logged_in)
		r->st->ops->session_delete(r->st, r->session_hash);
	char token[TOKEN_TEXT_BYTES + 1];
	struct session s;
	memset(&s, 0, sizeof(s));
	token_new(token);
	token_new(s.csrf);
	s.user_id = u.id;
	s.created = s.last_seen = (int64_t)time(NULL);
	uint8_t hash[TOKEN_HASH_BYTES];
	token_hash(str_from(token), hash);
	user_release(&u);
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
