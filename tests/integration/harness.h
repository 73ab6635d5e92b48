/*
 * harness.h: black-box test helpers. They run the real hartslag binary
 * ($HARTSLAG_BIN) on a temporary database, and talk HTTP/1.1 to it on
 * loopback with a tiny client of their own.
 */
#ifndef HARTSLAG_HARNESS_H
#define HARTSLAG_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

struct server {
	pid_t pid;
	int port;
	char dir[256]; /* temporary directory, removed by harness_cleanup */
	char db[300];
};

struct http_resp {
	int status;
	char *head;  /* status line and headers, NUL-terminated */
	char *body;  /* NUL-terminated (may also contain NULs) */
	size_t body_len;
};

/* Makes a temporary directory with a database path in it. */
void harness_init(struct server *s);
/* Removes the directory and everything in it. */
void harness_cleanup(struct server *s);
/*
 * Runs "hartslag ARGS... --db s->db" and waits. Output goes to out (may be
 * NULL), a NUL-terminated string the caller frees. Returns the exit code.
 */
int harness_cli(struct server *s, char **out, const char *const *args);
/* Starts "hartslag serve" on a free port; returns 0 when it listens. */
int server_up(struct server *s);
/* Sends sig (SIGTERM or SIGKILL) and waits for the process. */
void server_down(struct server *s, int sig);

/*
 * One request. extra_headers is "Name: value\r\n..." or NULL. Returns 0
 * and fills r (release with http_resp_release), or -1 on a connection
 * failure.
 */
int http(const struct server *s, const char *method, const char *path,
	 const char *extra_headers, const char *content_type, const char *body, size_t body_len,
	 struct http_resp *r);
void http_resp_release(struct http_resp *r);
/* The value of a response header (first one), copied; caller frees; NULL. */
char *http_header(const struct http_resp *r, const char *name);
/* The value of cookie name from the Set-Cookie headers, copied; NULL. */
char *http_set_cookie(const struct http_resp *r, const char *name);
/* The value attribute of the input named name in html, copied; NULL. */
char *html_input_value(const char *html, const char *name);
/* Percent-encodes s for a form body; caller frees. */
char *form_escape(const char *s);
/* Reads a file under $HARTSLAG_SOURCE_ROOT; caller frees; aborts if missing. */
char *source_file(const char *rel, size_t *len);

#endif
