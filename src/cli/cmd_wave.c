/*
 * cmd_wave.c: hartslag wave create|list|status|close|links|letters.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/instrument.h"
#include "web/export.h"
#include "web/server.h"

/* Records a change in the audit log with actor "cli"; a failure only warns. */
static void cli_audit(struct store *st, const char *action, const char *object,
		      const char *detail)
{
	if (st->ops->audit_add(st, "cli", action, object, detail))
		fprintf(stderr, "audit log: %s\n", st->err.msg);
}

static int wave_id_arg(const struct cli *c, long *id)
{
	const char *s = cli_arg(c, 1);
	if (!s || str_to_long(str_from(s), 1, LONG_MAX, id))
		return cli_error(c, T(c->lang, "give the number of a wave (see 'hartslag wave "
					       "list')"),
				 NULL);
	return 0;
}

static int wave_create(struct cli *c, struct store *st)
{
	const char *title = cli_opt(c, "--title"), *opens = cli_opt(c, "--opens"),
		   *closes = cli_opt(c, "--closes"), *units = cli_opt(c, "--units"),
		   *ipath = cli_opt(c, "--instrument");
	struct unit *u = NULL;
	size_t nu = 0;
	long *ids = NULL;
	size_t nids = 0;
	struct wave w;
	long id;
	int rc = 1;

	if (!title || !opens || !closes)
		return cli_error(c, T(c->lang, "usage: hartslag wave create --title TITLE --opens "
					       "YYYY-MM-DD --closes YYYY-MM-DD [--units CODE,CODE] "
					       "[--instrument FILE]"),
				 NULL);
	if (strlen(opens) != 10 || strlen(closes) != 10 || strcmp(closes, opens) < 0)
		return cli_error(c, T(c->lang, "give the dates as YYYY-MM-DD, closing on or "
					       "after opening"),
				 NULL);
	if (st->ops->units_list(st, &u, &nu))
		return cli_error(c, "{1}", st->err.msg, NULL);
	if (nu == 0) {
		units_free(u, nu);
		return cli_error(c, T(c->lang, "there are no units yet: import them first "
					       "(hartslag import units FILE)"),
				 NULL);
	}
	if (!units) {
		ids = xmalloc(sizeof(*ids));
		ids[nids++] = u[0].id;
	} else {
		const char *p = units;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			size_t k;
			for (k = 0; k < nu; k++)
				if (strlen(u[k].code) == n && memcmp(u[k].code, p, n) == 0)
					break;
			if (k == nu) {
				char *code = xstrndup(p, n);
				cli_error(c, T(c->lang, "there is no unit '{1}'"), code, NULL);
				free(code);
				goto out;
			}
			ids = xrealloc(ids, (nids + 1) * sizeof(*ids));
			ids[nids++] = u[k].id;
			p += n + (e ? 1 : 0);
		}
	}
	memset(&w, 0, sizeof(w));
	w.title = (char *)title;
	w.opens = (char *)opens;
	w.closes = (char *)closes;
	w.status = WAVE_OPEN;
	if (ipath) {
		struct instrument ins;
		struct diag d = {{0}, 0};
		size_t len;
		char *src = cli_read_file(c, ipath, MAX_INSTRUMENT_BYTES, &len);
		if (!src)
			goto out;
		if (instrument_parse(&ins, ipath, src, len, &d)) {
			char line[32];
			snprintf(line, sizeof(line), "%ld", d.line);
			cli_error(c, "{1}:{2}: {3}", ipath, line, d.msg, NULL);
			free(src);
			goto out;
		}
		int prc = st->ops->instrument_put(st, ins.id, ins.version, src, len,
						  &w.instrument_id);
		instrument_release(&ins);
		free(src);
		if (prc) {
			cli_error(c, "{1}", st->err.msg, NULL);
			goto out;
		}
	} else if (instrument_default(st, &w.instrument_id)) {
		cli_error(c, "{1}", st->err.msg, NULL);
		goto out;
	}
	if (st->ops->wave_create(st, &w, ids, nids, &id)) {
		cli_error(c, T(c->lang, "cannot create the wave: {1}"), st->err.msg, NULL);
		goto out;
	}
	char obj[48];
	snprintf(obj, sizeof(obj), "wave %ld", id);
	cli_audit(st, "wave.create", obj, title);
	struct wave got;
	if (st->ops->wave_get(st, id, &got) == 0) {
		printf("wave %ld: %s, %ld %s\n", id, got.title, got.invited,
		       T(c->lang, "invitations"));
		wave_release(&got);
	}
	rc = 0;
out:
	free(ids);
	units_free(u, nu);
	return rc;
}

static int wave_list(struct cli *c, struct store *st)
{
	struct wave *w = NULL;
	size_t n = 0;
	if (st->ops->wave_list(st, &w, &n))
		return cli_error(c, "{1}", st->err.msg, NULL);
	for (size_t i = 0; i < n; i++)
		printf("%ld\t%s\t%s\t%s..%s\t%ld/%ld\n", w[i].id,
		       w[i].status == WAVE_OPEN ? "open" : "closed", w[i].title, w[i].opens,
		       w[i].closes, w[i].answered, w[i].invited);
	waves_free(w, n);
	return 0;
}

static int wave_status(struct cli *c, struct store *st)
{
	long id;
	struct wave w;
	if (wave_id_arg(c, &id))
		return 1;
	if (st->ops->wave_get(st, id, &w))
		return cli_error(c, T(c->lang, "there is no wave {1}"), cli_arg(c, 1), NULL);
	long responses = st->ops->responses_count(st, id);
	printf("wave %ld: %s\nstatus: %s\nperiod: %s..%s\ninvited: %ld\nanswered: %ld\n"
	       "responses: %ld\n",
	       w.id, w.title, w.status == WAVE_OPEN ? "open" : "closed", w.opens, w.closes,
	       w.invited, w.answered, responses);
	wave_release(&w);
	return 0;
}

static int wave_export(struct cli *c, struct store *st, int letters)
{
	long id;
	struct org_settings org;
	const char *outpath = cli_opt(c, "--out");
	const char *who = cli_opt(c, "--who");
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	struct progress pg;
	size_t n = 0;
	int rc;

	if (wave_id_arg(c, &id))
		return 1;
	if (letters && !outpath)
		return cli_error(c, T(c->lang, "give the PDF file to write with --out FILE.pdf"),
				 NULL);
	if (st->ops->org_get(st, &org))
		return cli_error(c, "{1}", st->err.msg, NULL);
	char *base = xstrdup(org.base_url && *org.base_url ? org.base_url
							   : "http://127.0.0.1:8080");
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		base[--bl] = '\0';
	org_settings_release(&org);
	if (letters) {
		progress_start(&pg, T(c->lang, "drawing letters"), 1);
		rc = export_letters(st, id, base, who && strcmp(who, "all") == 0, &out, &n);
		progress_end(&pg);
	} else {
		rc = export_links(st, id, base, &out);
	}
	free(base);
	if (rc) {
		buf_release(&out);
		return cli_error(c, T(c->lang, "cannot export wave {1}: {2}"), cli_arg(c, 1),
				 st->err.msg, NULL);
	}
	if (letters && n == 0) {
		buf_release(&out);
		return cli_error(c, T(c->lang, "no letters to print: everyone who has not answered "
					       "has an e-mail address (use --who all to print for "
					       "everyone)"),
				 NULL);
	}
	FILE *f = outpath ? fopen(outpath, "wb") : stdout;
	if (!f || fwrite(buf_cstr(&out), 1, out.len, f) != out.len ||
	    (outpath && fclose(f) != 0)) {
		buf_release(&out);
		return cli_error(c, T(c->lang, "cannot write '{1}'"), outpath ? outpath : "-",
				 NULL);
	}
	if (letters)
		printf("%s: %zu %s\n", outpath, n, T(c->lang, "letters"));
	buf_release(&out);
	return 0;
}

int cmd_wave(struct cli *c)
{
	const char *sub = cli_arg(c, 0);
	int rc;
	if (!sub)
		return cli_error(c, T(c->lang, "usage: hartslag wave create|list|status|close|links|"
					       "letters ..."),
				 NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	if (strcmp(sub, "create") == 0) {
		rc = wave_create(c, st);
	} else if (strcmp(sub, "list") == 0) {
		rc = wave_list(c, st);
	} else if (strcmp(sub, "status") == 0) {
		rc = wave_status(c, st);
	} else if (strcmp(sub, "close") == 0) {
		long id;
		rc = wave_id_arg(c, &id);
		if (!rc && st->ops->wave_close(st, id))
			rc = cli_error(c, T(c->lang, "cannot close wave {1}: {2}"), cli_arg(c, 1),
				       st->err.msg, NULL);
		if (!rc) {
			char obj[48];
			snprintf(obj, sizeof(obj), "wave %ld", id);
			cli_audit(st, "wave.close", obj, "");
		}
	} else if (strcmp(sub, "links") == 0) {
		rc = wave_export(c, st, 0);
	} else if (strcmp(sub, "letters") == 0) {
		rc = wave_export(c, st, 1);
	} else {
		rc = cli_error(c, T(c->lang, "unknown wave command '{1}'"), sub, NULL);
	}
	st->ops->close(st);
	return rc;
}
