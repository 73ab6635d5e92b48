/*
 * cmd_user.c: hartslag user add|passwd|reset|totp: accounts for HR, prevention
 * advisors, managers and committee members. A password is read from a
 * file (never from the command line, where other users could see it) or
 * made up and printed once; or the user sets it with a single-use link.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli.h"
#include "core/totp.h"
#include "store/token.h"

/* Records a change in the audit log with actor "cli"; a failure only warns. */
static void cli_audit(struct store *st, const char *action, const char *object,
		      const char *detail)
{
	if (st->ops->audit_add(st, "cli", action, object, detail))
		fprintf(stderr, "audit log: %s\n", st->err.msg);
}

#define MIN_PASSWORD 12
#define RESET_LINK_SECONDS (24 * 60 * 60)
#define DEFAULT_BASE_URL "http://127.0.0.1:8080"

/*
 * Makes a single-use link with which the user sets a new password, valid
 * for 24 hours; only its token's hash is stored. Prints the link.
 */
static int reset_link(struct cli *c, struct store *st, const char *login)
{
	struct user found;
	struct org_settings org;
	char tok[TOKEN_TEXT_BYTES + 1];
	uint8_t hash[TOKEN_HASH_BYTES];

	if (st->ops->user_by_login(st, login, &found))
		return cli_error(c, T(c->lang, "there is no user '{1}'"), login, NULL);
	long id = found.id;
	user_release(&found);
	token_new(tok);
	token_hash(str_from(tok), hash);
	if (st->ops->reset_put(st, hash, id, (int64_t)time(NULL) + RESET_LINK_SECONDS))
		return cli_error(c, T(c->lang, "cannot make a reset link: {1}"), st->err.msg, NULL);
	char *base = xstrdup(DEFAULT_BASE_URL);
	if (st->ops->org_get(st, &org) == 0) {
		if (org.base_url && org.base_url[0]) {
			free(base);
			base = xstrdup(org.base_url);
		}
		org_settings_release(&org);
	}
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		base[--bl] = '\0';
	char *obj = xasprintf("user %s", login);
	cli_audit(st, "user.reset-link", obj, "");
	free(obj);
	printf("%s\n%s/reset/%s\n", T(c->lang, "link to set a new password (once, within 24 "
					      "hours):"),
	       base, tok);
	free(base);
	return 0;
}

/* Reads the password from --password-file or makes one; caller frees. */
static char *password(const struct cli *c, int *generated)
{
	const char *pf = cli_opt(c, "--password-file");
	*generated = 0;
	if (pf) {
		size_t len;
		char *p = cli_read_file(c, pf, 1024, &len);
		if (!p)
			return NULL;
		while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
			p[--len] = '\0';
		if (len < MIN_PASSWORD || strlen(p) != len) {
			free(p);
			cli_error(c, T(c->lang, "the password must be at least 12 characters"), NULL);
			return NULL;
		}
		return p;
	}
	char tok[TOKEN_TEXT_BYTES + 1];
	token_new(tok);
	tok[16] = '\0';
	*generated = 1;
	return xstrdup(tok);
}

/* Percent-encodes s for a URI component; caller frees. */
static char *uri_escape(const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	char *out = xmalloc(3 * strlen(s) + 1), *o = out;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			*o++ = (char)ch;
		} else {
			*o++ = '%';
			*o++ = hexd[ch >> 4];
			*o++ = hexd[ch & 15];
		}
	}
	*o = '\0';
	return out;
}

/*
 * Turns the TOTP second factor on for an admin or advisor (a new random
 * secret, printed once as base32 and as an otpauth:// URI) or, with
 * --disable, off for anyone.
 */
static int totp(struct cli *c, struct store *st, const char *login)
{
	struct user found;
	int disable = cli_flag(c, "--disable");

	if (st->ops->user_by_login(st, login, &found))
		return cli_error(c, T(c->lang, "there is no user '{1}'"), login, NULL);
	long id = found.id;
	enum role role = found.role;
	user_release(&found);
	char *obj = xasprintf("user %s", login);
	if (disable) {
		if (st->ops->totp_set(st, id, NULL, 0)) {
			free(obj);
			return cli_error(c, T(c->lang, "cannot change the second factor: {1}"),
					 st->err.msg, NULL);
		}
		cli_audit(st, "user.totp-off", obj, "");
		free(obj);
		printf("%s\n", T(c->lang, "done"));
		return 0;
	}
	if (role != ROLE_ADMIN && role != ROLE_ADVISOR) {
		free(obj);
		return cli_error(c, T(c->lang, "a second factor is for administrators and "
					       "prevention advisors only"),
				 NULL);
	}
	uint8_t secret[TOTP_SECRET_BYTES];
	char b32[TOTP_BASE32_BYTES + 2];
	randombytes_buf(secret, sizeof(secret));
	base32_encode(secret, sizeof(secret), b32);
	int rc = st->ops->totp_set(st, id, secret, sizeof(secret));
	sodium_memzero(secret, sizeof(secret));
	if (rc) {
		free(obj);
		sodium_memzero(b32, sizeof(b32));
		return cli_error(c, T(c->lang, "cannot change the second factor: {1}"), st->err.msg,
				 NULL);
	}
	cli_audit(st, "user.totp-on", obj, "");
	free(obj);
	char *l = uri_escape(login);
	printf("%s\n%s\n%s\notpauth://totp/Hartslag:%s?secret=%s&issuer=Hartslag&algorithm=SHA1"
	       "&digits=6&period=30\n",
	       T(c->lang, "secret for the authenticator app (shown only now):"), b32,
	       T(c->lang, "or as a link (for a QR code):"), l, b32);
	free(l);
	sodium_memzero(b32, sizeof(b32));
	return 0;
}

static int find_unit(struct store *st, const char *code, long *id)
{
	struct unit *u = NULL;
	size_t n = 0;
	int rc = ERR_NOT_FOUND;
	if (st->ops->units_list(st, &u, &n))
		return ERR_GENERIC;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(u[i].code, code) == 0) {
			*id = u[i].id;
			rc = 0;
		}
	}
	units_free(u, n);
	return rc;
}

int cmd_user(struct cli *c)
{
	const char *sub = cli_arg(c, 0), *login = cli_arg(c, 1);
	char hash[PASSWORD_HASH_BYTES];
	int generated, rc = 1;

	if (!sub || !login ||
	    (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0 && strcmp(sub, "reset") != 0 &&
	     strcmp(sub, "totp") != 0))
		return cli_error(c, T(c->lang, "usage: hartslag user add LOGIN --role "
					       "admin|advisor|hr|manager|committee [--unit CODE] "
					       "[--name NAME] [--password-file FILE]; hartslag user "
					       "passwd LOGIN [--password-file FILE]; hartslag user "
					       "reset LOGIN; hartslag user totp LOGIN [--disable]"),
				 NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	if (strcmp(sub, "reset") == 0) {
		rc = reset_link(c, st, login) ? 1 : 0;
		st->ops->close(st);
		return rc;
	}
	if (strcmp(sub, "totp") == 0) {
		rc = totp(c, st, login) ? 1 : 0;
		st->ops->close(st);
		return rc;
	}
	char *pw = NULL;
	struct user u;
	memset(&u, 0, sizeof(u));
	if (strcmp(sub, "add") == 0) {
		const char *role = cli_opt(c, "--role"), *unit = cli_opt(c, "--unit");
		if (!role || role_parse(role, &u.role) || u.role == ROLE_EMPLOYEE) {
			cli_error(c, T(c->lang, "give a role: --role admin, advisor, hr, manager or "
					       "committee"),
				  NULL);
			goto out;
		}
		if (u.role == ROLE_MANAGER && !unit) {
			cli_error(c, T(c->lang, "a manager needs the unit they lead: --unit CODE"),
				  NULL);
			goto out;
		}
		if (unit && find_unit(st, unit, &u.unit_id)) {
			cli_error(c, T(c->lang, "there is no unit '{1}'"), unit, NULL);
			goto out;
		}
		if (!(pw = password(c, &generated)))
			goto out;
		if (password_hash(pw, hash)) {
			cli_error(c, T(c->lang, "cannot hash the password"), NULL);
			goto out;
		}
		u.login = (char *)login;
		u.pw_hash = hash;
		u.lang = c->lang;
		u.display_name = (char *)(cli_opt(c, "--name") ? cli_opt(c, "--name") : login);
		long id;
		if (st->ops->user_add(st, &u, &id)) {
			cli_error(c, T(c->lang, "cannot add '{1}': {2}"), login, st->err.msg, NULL);
			goto out;
		}
		char *obj = xasprintf("user %s", login);
		char *detail = xasprintf("role %s%s%s", role_name(u.role), unit ? " unit " : "",
					 unit ? unit : "");
		cli_audit(st, "user.add", obj, detail);
		free(detail);
		free(obj);
	} else {
		struct user found;
		if (st->ops->user_by_login(st, login, &found)) {
			cli_error(c, T(c->lang, "there is no user '{1}'"), login, NULL);
			goto out;
		}
		long id = found.id;
		user_release(&found);
		if (!(pw = password(c, &generated)))
			goto out;
		if (password_hash(pw, hash) || st->ops->user_set_password(st, id, hash)) {
			cli_error(c, T(c->lang, "cannot set the password: {1}"), st->err.msg, NULL);
			goto out;
		}
		char *obj = xasprintf("user %s", login);
		cli_audit(st, "user.password", obj, "");
		free(obj);
	}
	if (generated)
		printf("%s: %s\n", T(c->lang, "password (shown only now)"), pw);
	printf("%s\n", T(c->lang, "done"));
	rc = 0;
out:
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	st->ops->close(st);
	return rc;
}
