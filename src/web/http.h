/*
 * http.h: requests and responses as the page handlers see them, and the
 * parsing of what clients send besides forms: cookies, Content-Type,
 * paths. No libmicrohttpd types here, so this part is fuzzed and unit
 * tested without a server.
 */
#ifndef HARTSLAG_HTTP_H
#define HARTSLAG_HTTP_H

#include <stdint.h>

#include "core/form.h"
#include "core/lang.h"
#include "core/util.h"
#include "store/store.h"
#include "store/token.h"

struct app;

enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD = 2,
	HTTP_POST = 4,
	HTTP_OTHER = 8,
};

#define MAX_COOKIES 16
#define MAX_RESP_COOKIES 3

struct cookie {
	struct str name;
	struct str value;
};

struct req {
	struct app *app;
	enum http_method method;
	char *path;           /* decoded path, without query; owned */
	struct str param;     /* the '*' segment of the matched route */
	struct form query;    /* decoded query string */
	struct form form;     /* decoded urlencoded body (POST) */
	struct buf body;      /* raw body */
	const char *content_type;
	const char *accept_language;
	const char *csrf_header; /* X-CSRF-Token */
	struct cookie cookies[MAX_COOKIES];
	size_t ncookies;
	char *cookie_header;  /* owned copy the cookies point into */
	enum lang lang;
	int lang_from_query;  /* ?lang= was given */
	struct store *st;     /* borrowed from the pool for this request */
	/* login state */
	int logged_in;
	struct user user;
	struct session session;
	uint8_t session_hash[TOKEN_HASH_BYTES];
	char client_ip[64];
	int secure;           /* served over TLS (or behind a proxy that says so) */
};

struct resp {
	int status;
	const char *content_type; /* a literal */
	struct buf body;
	char *location;           /* owned */
	char *disposition;        /* owned: Content-Disposition */
	char *cookies[MAX_RESP_COOKIES]; /* owned Set-Cookie values */
	size_t ncookies;
	int cache;                /* 1: may be cached (static files) */
};

/*
 * Parses a Cookie header value into at most MAX_COOKIES name/value pairs
 * pointing into header (borrowed). Malformed pairs are skipped, as
 * browsers do. Returns the number of cookies.
 */
size_t http_parse_cookies(const char *header, struct cookie *out, size_t max);
/* Returns the value of cookie name, or a zero-length str. */
struct str http_cookie(const struct req *r, const char *name);
/*
 * Checks a request path: starts with '/', no "..", "//", backslash, NUL or
 * control bytes, percent escapes decoded and valid UTF-8. Returns a new
 * string (caller frees), or NULL for a path to refuse.
 */
char *http_clean_path(const char *raw, size_t max);
/* 1 if the media type (before any ';') equals type, case-insensitively. */
int http_content_type_is(const char *header, const char *type);

void resp_init(struct resp *rs);
void resp_release(struct resp *rs);
/* Adds a Set-Cookie value (formatted by the caller). */
void resp_add_cookie(struct resp *rs, char *value);
/* A 303 See Other to a local path. */
int resp_redirect(struct resp *rs, const char *location);

#endif
