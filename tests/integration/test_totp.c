/*
 * test_totp.c: the TOTP second factor against the real server. "hartslag
 * user totp" refuses an HR account and prints a secret for an admin;
 * the password alone then gives only the code form; a wrong code, a code
 * used before and a missing pending login are refused; a right code
 * creates the session; "--disable" turns the factor off again.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/totp.h"
#include "harness.h"

#define PASSWORD "correct horse battery"

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

static void add_user(struct server *srv, const char *login, const char *role)
{
	char pwfile[400];
	snprintf(pwfile, sizeof(pwfile), "%s/pw", srv->dir);
	FILE *f = fopen(pwfile, "w");
	assert_non_null(f);
	fputs(PASSWORD "\n", f);
	fclose(f);
	const char *args[] = {"user", "add", login, "--role", role, "--password-file", pwfile,
			      NULL};
	cli_ok(srv, args, NULL);
}

/* Decodes base32 (no padding); returns the number of bytes. */
static size_t base32_decode(const char *s, uint8_t *out, size_t max)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s; s++) {
		const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		const char *p = strchr(a, *s);
		assert_non_null(p);
		acc = (acc << 5) | (uint32_t)(p - a);
		bits += 5;
		if (bits >= 8) {
			assert_true(n < max);
			out[n++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return n;
}

static void request(const struct server *srv, const char *path, const char *cookie,
		    const char *body, struct http_resp *r)
{
	char h[512];
	snprintf(h, sizeof(h), "Accept-Language: en\r\n%s%s%s", cookie ? "Cookie: " : "",
		 cookie ? cookie : "", cookie ? "\r\n" : "");
	assert_int_equal(http(srv, body ? "POST" : "GET", path, h, NULL, body,
			      body ? strlen(body) : 0, r),
			 0);
}

/* "name=value" of a cookie set by r, or NULL; caller frees. */
static char *cookie_of(const struct http_resp *r, const char *name)
{
	char *v = http_set_cookie(r, name);
	if (!v || !*v) {
		free(v);
		return NULL;
	}
	size_t n = strlen(v) + strlen(name) + 2;
	char *c = malloc(n);
	snprintf(c, n, "%s=%s", name, v);
	free(v);
	return c;
}

/* Posts the password; returns the status and the pending-login cookie ("hp=..."). */
static int password_step(const struct server *srv, char **hp, char **hs)
{
	struct http_resp r;
	request(srv, "/login", NULL, "login=hilde&password=correct+horse+battery&next=%2Fadmin",
		&r);
	int status = r.status;
	*hp = cookie_of(&r, "hp");
	*hs = cookie_of(&r, "hs");
	if (status == 200)
		assert_non_null(strstr(r.body, "name=\"code\""));
	http_resp_release(&r);
	return status;
}

static int code_step(const struct server *srv, const char *hp, const uint8_t *key, size_t len,
		     uint64_t step, char **hs)
{
	struct http_resp r;
	char body[64];
	snprintf(body, sizeof(body), "code=%06u&next=%%2Fadmin",
		 (unsigned)hotp(key, len, step, TOTP_DIGITS));
	request(srv, "/login/totp", hp, body, &r);
	int status = r.status;
	*hs = cookie_of(&r, "hs");
	http_resp_release(&r);
	return status;
}

static void test_totp_login(void **state)
{
	(void)state;
	struct server srv;
	struct http_resp r;
	char *out = NULL, *hp = NULL, *hs = NULL;
	uint8_t key[64];

	harness_init(&srv);
	current = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init, NULL);
	add_user(&srv, "hilde", "admin");
	add_user(&srv, "hanne", "hr");

	/* Only admins and advisors. */
	const char *hr[] = {"user", "totp", "hanne", NULL};
	assert_int_not_equal(harness_cli(&srv, &out, hr), 0);
	free(out);

	const char *on[] = {"user", "totp", "hilde", NULL};
	cli_ok(&srv, on, &out);
	const char *uri = strstr(out, "otpauth://totp/Hartslag:hilde?secret=");
	assert_non_null(uri);
	const char *sec = strstr(uri, "secret=") + 7;
	char b32[64];
	size_t bl = strcspn(sec, "&");
	assert_int_equal(bl, 32);
	memcpy(b32, sec, bl);
	b32[bl] = '\0';
	size_t klen = base32_decode(b32, key, sizeof(key));
	assert_int_equal(klen, TOTP_SECRET_BYTES);
	free(out);

	assert_int_equal(server_up(&srv), 0);

	/* The password alone gives no session, only the code form. */
	assert_int_equal(password_step(&srv, &hp, &hs), 200);
	assert_non_null(hp);
	assert_null(hs);

	/* No pending login: refused. */
	uint64_t step = totp_step((int64_t)time(NULL));
	assert_int_equal(code_step(&srv, NULL, key, klen, step, &hs), 401);
	assert_null(hs);
	/* A wrong code (five steps ahead): refused. */
	assert_int_equal(code_step(&srv, hp, key, klen, step + 5, &hs), 401);
	assert_null(hs);
	/* The right code: a session. */
	assert_int_equal(code_step(&srv, hp, key, klen, step, &hs), 303);
	assert_non_null(hs);
	request(&srv, "/admin", hs, NULL, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);
	free(hs);
	/* The pending login is used up. */
	assert_int_equal(code_step(&srv, hp, key, klen, step + 1, &hs), 401);
	assert_null(hs);
	free(hp);

	/* The same code again: refused; the next step's code still works. */
	assert_int_equal(password_step(&srv, &hp, &hs), 200);
	assert_int_equal(code_step(&srv, hp, key, klen, step, &hs), 401);
	assert_null(hs);
	assert_int_equal(code_step(&srv, hp, key, klen, step + 1, &hs), 303);
	assert_non_null(hs);
	free(hs);
	free(hp);

	/* Turned off: the password is enough again. */
	const char *off[] = {"user", "totp", "hilde", "--disable", NULL};
	cli_ok(&srv, off, NULL);
	assert_int_equal(password_step(&srv, &hp, &hs), 303);
	assert_null(hp);
	assert_non_null(hs);
	free(hs);

	server_down(&srv, SIGTERM);
	harness_cleanup(&srv);
	current = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_totp_login, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
