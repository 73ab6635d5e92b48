/*
 * export.c: personal links and letters of a wave.
 */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "export.h"
#include "report/pdf.h"

struct links_ctx {
	struct buf *out;
	const char *base;
};

static int link_row(void *vctx, const struct invitation_export *e)
{
	struct links_ctx *x = vctx;
	if (e->used)
		return 0;
	char *url = xasprintf("%s/s/%s", x->base, e->token);
	const char *f[] = {e->employee_code, e->first_name, e->last_name, e->email,
			   lang_code(e->lang), e->unit_name, url};
	int rc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(f) && !rc; i++)
		rc = (i && buf_putc(x->out, ';')) ||
		     csv_put_field(x->out, str_from(f[i] ? f[i] : ""), ';', 1);
	if (!rc)
		rc = csv_end_row(x->out);
	free(url);
	return rc ? ERR_TOO_LARGE : 0;
}

int export_links(struct store *st, long id, const char *base, struct buf *out)
{
	struct links_ctx x = {out, base};
	if (buf_puts(out, "\xef\xbb\xbf"
			  "employee_id;first_name;last_name;email;language;unit;link\r\n"))
		return ERR_TOO_LARGE;
	return st->ops->wave_invitations(st, id, link_row, &x);
}

struct letters_ctx {
	const char *base;
	int all;
	struct letter *letters;
	char **strings;
	size_t n, ns;
};

static const char *keep(struct letters_ctx *x, char *s)
{
	x->strings = xrealloc(x->strings, (x->ns + 1) * sizeof(*x->strings));
	x->strings[x->ns++] = s;
	return s;
}

static int letter_row(void *vctx, const struct invitation_export *e)
{
	struct letters_ctx *x = vctx;
	if (e->used || (!x->all && e->email && *e->email))
		return 0;
	x->letters = xrealloc(x->letters, (x->n + 1) * sizeof(*x->letters));
	struct letter *l = &x->letters[x->n++];
	l->first_name = keep(x, xstrdup(e->first_name ? e->first_name : ""));
	l->last_name = keep(x, xstrdup(e->last_name ? e->last_name : ""));
	l->unit_name = keep(x, xstrdup(e->unit_name ? e->unit_name : ""));
	l->lang = e->lang;
	l->url = keep(x, xasprintf("%s/s/%s", x->base, e->token));
	return 0;
}

int export_letters(struct store *st, long id, const char *base, int all, struct buf *out,
		   size_t *count)
{
	struct letters_ctx x = {.base = base, .all = all};
	struct wave w;
	struct org_settings org;
	int rc;

	*count = 0;
	if ((rc = st->ops->wave_get(st, id, &w)))
		return rc;
	if ((rc = st->ops->org_get(st, &org))) {
		wave_release(&w);
		return rc;
	}
	rc = st->ops->wave_invitations(st, id, letter_row, &x);
	if (rc == 0 && x.n) {
		struct letters_info info = {
			.org_name = org.name,
			.wave_title = w.title,
			.closes = w.closes,
			.min_group = org.min_group,
			.help_trusted = org.help_trusted,
			.help_advisor = org.help_advisor,
		};
		rc = pdf_letters(&info, x.letters, x.n, out);
		if (rc == 0)
			*count = x.n;
	}
	for (size_t i = 0; i < x.ns; i++)
		free(x.strings[i]);
	free(x.strings);
	free(x.letters);
	org_settings_release(&org);
	wave_release(&w);
	return rc;
}
