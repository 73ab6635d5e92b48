/*
 * reset.c: setting a new password with a single-use link that an
 * administrator made with "hartslag user reset LOGIN". The link works
 * without logging in; using it ends all the account's sessions. Unknown,
 * used and expired links count as token guesses for the rate limiter,
 * like unknown survey links.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web.h"

#define RESET_MIN_CHARS 12
#define RESET_MAX_CHARS 200
/* Shared with survey links: more than this many unknown tokens per IP per window: 429. */
#define RESET_MAX_UNKNOWN 20
#define RESET_WINDOW_SECONDS (10 * 60)

/* An unknown, used or expired link: counted per IP, 429 past the limit. */
static int reset_invalid(struct req *r, struct resp *rs)
{
	unsigned n = ratelimit_hit(&r->app->limits, "token-ip", r->client_ip, ratelimit_now(),
				   RESET_WINDOW_SECONDS);
	if (n > RESET_MAX_UNKNOWN)
		return page_message(r, rs, 429, T(r->lang, "Too many unknown links"),
				    T(r->lang, "Too many links that we do not know came from your "
					       "connection. Wait ten minutes and try again."),
				    "/", T(r->lang, "Go to the start page"));
	return page_message(r, rs, 404, T(r->lang, "This reset link is not valid"),
			    T(r->lang, "This link to set a new password is unknown, was used "
				       "already or has expired (a link works once, for 24 hours). "
				       "Ask an administrator for a new link."),
			    "/login", T(r->lang, "Log in"));
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int reset_page(struct req *r, struct resp *rs, const char *error)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Set a new password"));
	HW_LIT(&w, "<section class=\"narrow\"><h1>");
	hw_text(&w, T(r->lang, "Set a new password"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "Choose a new password of at least 12 characters and type it "
			       "twice. This link works only once."));
	HW_LIT(&w, "</p>");
	if (error) {
		HW_LIT(&w, "<p class=\"error\" role=\"alert\">");
		hw_text(&w, error);
		HW_LIT(&w, "</p>");
	}
	char *action = xasprintf("/reset/%.*s", (int)r->param.len, r->param.p);
	HW_LIT(&w, "<form method=\"post\" class=\"stack\"");
	hw_attr(&w, "action", action);
	free(action);
	HW_LIT(&w, "><label for=\"password\">");
	hw_text(&w, T(r->lang, "New password"));
	HW_LIT(&w, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		   "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"200\">"
		   "<label for=\"password2\">");
	hw_text(&w, T(r->lang, "New password again"));
	HW_LIT(&w, "</label><input id=\"password2\" name=\"password2\" type=\"password\" "
		   "autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"200\">"
		   "<button type=\"submit\">");
	hw_text(&w, T(r->lang, "Set the password"));
	HW_LIT(&w, "</button></form></section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* 0 with hash set when the link in r->param is well-formed, unused and unexpired. */
static int reset_token(struct req *r, uint8_t hash[TOKEN_HASH_BYTES])
{
	if (token_hash(r->param, hash))
		return -1;
	return r->st->ops->reset_check(r->st, hash, (int64_t)time(NULL)) ? -1 : 0;
}

int reset_form(struct req *r, struct resp *rs)
{
	uint8_t hash[TOKEN_HASH_BYTES];

	if (reset_token(r, hash))
		return reset_invalid(r, rs);
	return reset_page(r, rs, NULL);
}

int reset_post(struct req *r, struct resp *rs)
{
	uint8_t hash[TOKEN_HASH_BYTES];
	char pw_hash[PASSWORD_HASH_BYTES];

	if (reset_token(r, hash))
		return reset_invalid(r, rs);
	const char *pw = form_get(&r->form, "password");
	const char *pw2 = form_get(&r->form, "password2");
	if (!pw || !pw2 || strcmp(pw, pw2) != 0) {
		rs->status = 400;
		return reset_page(r, rs, T(r->lang, "The two passwords are not the same. Type "
						    "the new password twice."));
	}
	size_t chars = utf8_chars(pw);
	if (chars < RESET_MIN_CHARS || chars > RESET_MAX_CHARS || strlen(pw) > PASSWORD_MAX_BYTES) {
		rs->status = 400;
		return reset_page(r, rs, T(r->lang, "The password must be at least 12 and at "
						    "most 200 characters long."));
	}
	if (password_hash(pw, pw_hash))
		return page_message(r, rs, 500, T(r->lang, "Could not set the password"),
				    T(r->lang, "The new password could not be saved. Try again in "
					       "a moment; if it persists, tell your administrator."),
				    NULL, NULL);
	int rc = r->st->ops->reset_use(r->st, hash, (int64_t)time(NULL), pw_hash);
	sodium_memzero(pw_hash, sizeof(pw_hash));
	if (rc == ERR_NOT_FOUND)
		return reset_invalid(r, rs);
	if (rc)
		return page_message(r, rs, 500, T(r->lang, "Could not set the password"),
				    T(r->lang, "The new password could not be saved. Try again in "
					       "a moment; if it persists, tell your administrator."),
				    NULL, NULL);
	return page_message(r, rs, 200, T(r->lang, "Your password is set"),
			    T(r->lang, "Your new password is set and you were logged out "
				       "everywhere. Log in with the new password."),
			    "/login", T(r->lang, "Log in"));
}
