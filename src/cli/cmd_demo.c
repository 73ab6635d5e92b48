/*
 * cmd_demo.c: hartslag demo: makes (or reuses) a demo database with a
 * synthetic organisation and serves it, printing where to look and how to
 * log in.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/embed.h"
#include "core/instrument.h"
#include "demo.h"
#include "store/token.h"
#include "web/server.h"

static const char *const demo_users[] = {"admin", "preventie", "hr", "comite", "manager"};

struct pick {
	char tokens[3][TOKEN_TEXT_BYTES + 1];
	int n;
};

static int pick_unused(void *ctx, const struct invitation_export *e)
{
	struct pick *p = ctx;
	if (!e->used && p->n < 3)
		memcpy(p->tokens[p->n++], e->token, sizeof(e->token));
	return 0;
}

static void remove_db(const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", ".key"};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *p = xasprintf("%s%s", db, suffix[i]);
		unlink(p);
		free(p);
	}
}

int cmd_demo(struct cli *c)
{
	struct stat sb;
	struct timespec t0, t1;
	long seed = 42;
	const char *ss = cli_opt(c, "--seed");
	char password[TOKEN_TEXT_BYTES + 1];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ss && str_to_long(str_from(ss), 0, 1L << 40, &seed))
		return cli_error(c, T(c->lang, "'{1}' is not a seed number"), ss, NULL);
	if (cli_flag(c, "--fresh"))
		remove_db(c->db);
	int exists = stat(c->db, &sb) == 0;
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	struct unit *u = NULL;
	size_t nu = 0;
	if (st->ops->units_list(st, &u, &nu)) {
		st->ops->close(st);
		return cli_error(c, "{1}", st->err.msg, NULL);
	}
	units_free(u, nu);
	if (exists && nu == 0 && st->ops->employees_count(st) == 0)
		exists = 0;
	if (exists && nu > 0) {
		/* An organisation is there: only a demo database may be reused. */
		struct org_settings org;
		int demo = 0;
		if (st->ops->org_get(st, &org) == 0) {
			demo = org.name && strstr(org.name, "Demo") != NULL;
			org_settings_release(&org);
		}
		if (!demo) {
			st->ops->close(st);
			return cli_error(c, T(c->lang, "'{1}' holds a real organisation, not a demo; "
						       "choose another file with --db"),
					 c->db, NULL);
		}
	}
	struct demo_info info;
	memset(&info, 0, sizeof(info));
	if (nu == 0) {
		const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
		struct instrument ins;
		struct diag d = {{0}, 0};
		long iid;
		fprintf(stderr, "%s\n", T(c->lang, "Creating the demo organisation..."));
		if (!f || instrument_parse(&ins, "hartslag-jdr", (const char *)f->data, f->len, &d) ||
		    instrument_default(st, &iid)) {
			st->ops->close(st);
			return cli_error(c, "{1}", d.msg[0] ? d.msg : st->err.msg, NULL);
		}
		int rc = demo_generate(st, &ins, iid, (uint64_t)seed, &info);
		instrument_release(&ins);
		if (rc) {
			st->ops->close(st);
			return cli_error(c, T(c->lang, "cannot create the demo: {1}"), st->err.msg,
					 NULL);
		}
	}
	/* A fresh password at every start: printed here, valid for all demo users. */
	token_new(password);
	password[12] = '\0';
	char hash[PASSWORD_HASH_BYTES];
	if (password_hash(password, hash)) {
		st->ops->close(st);
		return cli_error(c, T(c->lang, "cannot hash the password"), NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_users); i++) {
		struct user du;
		if (st->ops->user_by_login(st, demo_users[i], &du) == 0) {
			st->ops->user_set_password(st, du.id, hash);
			user_release(&du);
		}
	}
	struct wave *w = NULL;
	size_t nw = 0;
	struct pick pick = {.n = 0};
	long open_id = 0, responses = 0;
	if (st->ops->wave_list(st, &w, &nw) == 0) {
		for (size_t i = 0; i < nw; i++) {
			if (w[i].status == WAVE_OPEN && !open_id)
				open_id = w[i].id;
			responses += w[i].answered;
		}
		waves_free(w, nw);
	}
	if (open_id)
		st->ops->wave_invitations(st, open_id, pick_unused, &pick);
	long employees = st->ops->employees_count(st);
	st->ops->units_list(st, &u, &nu);
	units_free(u, nu);
	st->ops->close(st);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	struct buf banner = BUF_INIT(8192);
	char ms[32];
	snprintf(ms, sizeof(ms), "%.1f",
		 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	buf_printf(&banner, "\nHartslag demo (%s, %s s)\n", c->db, ms);
	buf_printf(&banner, "  %ld %s, %zu %s, %zu %s, %ld %s\n", employees,
		   T(c->lang, "employees"), nu, T(c->lang, "units"), nw, T(c->lang, "survey waves"),
		   responses, T(c->lang, "responses"));
	buf_printf(&banner, "  %s: admin / %s\n", T(c->lang, "Log in as"), password);
	buf_printf(&banner, "  (%s: preventie, hr, comite, manager)\n",
		   T(c->lang, "same password for"));
	for (int i = 0; i < pick.n; i++)
		buf_printf(&banner, "  %s: {1}/s/%s\n",
			   T(c->lang, "Answer the open survey as an employee"), pick.tokens[i]);
	int rc = cli_serve(c, buf_cstr(&banner));
	buf_release(&banner);
	return rc;
}
