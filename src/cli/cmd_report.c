/*
 * cmd_report.c: hartslag report: the group report of a closed wave as
 * CSV, XLSX, PDF or JSON, for the whole organisation or one unit with the
 * units below it. Everything goes through report/export.h, so the file
 * obeys the same suppression as the report pages.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report/export.h"
#include "report/report.h"

#define MAX_NORM_BYTES (1024 * 1024)

static const char *usage_text(enum lang l)
{
	return T(l, "usage: hartslag report [--wave ID] [--unit CODE] [--format pdf|xlsx|csv|json] "
		    "[--out FILE] [--lang nl|fr|en] [--norm FILE]");
}

/* Refuses arguments the command does not know, so a typo is not ignored. */
static int check_args(const struct cli *c)
{
	static const char *const with_value[] = {"--db", "--wave", "--unit", "--format", "--out",
						 "--lang", "--norm"};
	/* Options come in pairs: name, value. */
	for (int i = 0; i < c->argc; i += 2) {
		size_t k;
		for (k = 0; k < ARRAY_SIZE(with_value); k++)
			if (strcmp(c->argv[i], with_value[k]) == 0)
				break;
		if (k == ARRAY_SIZE(with_value))
			return cli_error(c, T(c->lang, "unknown argument '{1}'; {2}"), c->argv[i],
					 usage_text(c->lang), NULL);
		if (i + 1 >= c->argc)
			return cli_error(c, T(c->lang, "'{1}' needs a value; {2}"), c->argv[i],
					 usage_text(c->lang), NULL);
	}
	return 0;
}

/* Writes the whole buffer to path ("-" for standard output). */
static int write_out(const struct cli *c, const char *path, const struct buf *b)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(b->p ? b->p : "", 1, b->len, stdout) != b->len || fflush(stdout))
			return cli_error(c, T(c->lang, "cannot write the report: {1}"),
					 strerror(errno), NULL);
		return 0;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return cli_error(c, T(c->lang, "cannot write '{1}': {2}"), path, strerror(errno),
				 NULL);
	size_t n = fwrite(b->p ? b->p : "", 1, b->len, f);
	int err = n != b->len || ferror(f);
	if (fclose(f) || err) {
		int e = errno;
		unlink(path);
		return cli_error(c, T(c->lang, "cannot write '{1}': {2}"), path, strerror(e),
				 NULL);
	}
	return 0;
}

/* Ends a progress line on the terminal before an error message is printed. */
static void bar_clear(struct progress *p, int *on)
{
	if (*on && p->tty)
		fputc('\n', stderr);
	*on = 0;
}

static int find_unit(const struct report *r, const char *code)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].code && strcmp(r->units[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int root_of(const struct report *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (r->parent[i] < 0)
			return (int)i;
	return -1;
}

/*
 * hartslag report: writes a group report (see the usage text). Returns
 * the exit code: 0, or 1 with a message in the user's language.
 */
int cmd_report(struct cli *c)
{
	const char *ws = cli_opt(c, "--wave"), *code = cli_opt(c, "--unit"),
		   *fs = cli_opt(c, "--format"), *outp = cli_opt(c, "--out"),
		   *ls = cli_opt(c, "--lang"), *norm = cli_opt(c, "--norm");
	enum export_format fmt = EXPORT_CSV;
	enum lang lang = c->lang;
	struct diag d = {{0}, 0};
	struct report r;
	struct wave wv;
	long wave_id = 0, iid = 0;
	int loaded = 0, rc = 1, bar = 0;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);
	struct progress pg;
	char *data = NULL;
	size_t data_len = 0;

	if (check_args(c))
		return 1;
	if (fs && export_format_parse(fs, &fmt))
		return cli_error(c, T(c->lang, "unknown format '{1}': use pdf, xlsx, csv or json"),
				 fs, NULL);
	if (ls && lang_parse(str_from(ls), &lang))
		return cli_error(c, T(c->lang, "unknown language '{1}': use nl, fr or en"), ls,
				 NULL);
	if (ws && str_to_long(str_from(ws), 1, LONG_MAX, &wave_id))
		return cli_error(c, T(c->lang, "give the number of a wave (see 'hartslag wave "
					       "list')"),
				 NULL);
	if ((fmt == EXPORT_PDF || fmt == EXPORT_XLSX) && (!outp || strcmp(outp, "-") == 0))
		return cli_error(c, T(c->lang, "a PDF or XLSX report needs --out FILE"), NULL);
	if (outp && !*outp)
		return cli_error(c, T(c->lang, "a PDF or XLSX report needs --out FILE"), NULL);

	struct store *st = cli_open(c);
	if (!st)
		return 1;
	if (wave_id) {
		if (st->ops->wave_get(st, wave_id, &wv)) {
			cli_error(c, T(c->lang, "there is no wave {1} (see 'hartslag wave list')"),
				  ws, NULL);
			goto out;
		}
		int closed = wv.status == WAVE_CLOSED;
		iid = wv.instrument_id;
		wave_release(&wv);
		if (!closed) {
			cli_error(c, T(c->lang, "wave {1} is still open: its results open when it "
						"closes (hartslag wave close {1})"),
				  ws, NULL);
			goto out;
		}
	}
	if (norm && !(data = cli_read_file(c, norm, MAX_NORM_BYTES, &data_len)))
		goto out;
	if (fmt == EXPORT_PDF) {
		progress_start(&pg, T(c->lang, "Drawing the report"), 4);
		bar = 1;
	}
	int lr = report_load(st, iid, &r, &d);
	if (lr)
		bar_clear(&pg, &bar);
	if (lr == ERR_NOT_FOUND) {
		cli_error(c, T(c->lang, "there is no closed wave yet: results open when a wave "
					"closes"),
			  NULL);
		goto out;
	}
	if (lr) {
		cli_error(c, T(c->lang, "cannot load the report: {1}"),
			  d.msg[0] ? d.msg : st->err.msg, NULL);
		goto out;
	}
	loaded = 1;
	if (bar)
		progress_set(&pg, 1);

	size_t w = r.nwaves;
	for (size_t i = 0; i < r.nwaves; i++)
		if (wave_id ? r.waves[i].wave.id == wave_id : 1)
			w = i;
	if (w >= r.nwaves) {
		bar_clear(&pg, &bar);
		cli_error(c, T(c->lang, "there is no wave {1} (see 'hartslag wave list')"), ws,
			  NULL);
		goto out;
	}
	int u = code ? find_unit(&r, code) : root_of(&r);
	if (u < 0) {
		bar_clear(&pg, &bar);
		if (code)
			cli_error(c, T(c->lang, "there is no unit '{1}'"), code, NULL);
		else
			cli_error(c, T(c->lang, "there are no units yet: import them first "
						"(hartslag import units FILE)"),
				  NULL);
		goto out;
	}
	if (data) {
		norm_release(&r.norm);
		if (norm_parse(&r.norm, norm, data, data_len, c->lang, &d)) {
			char line[32];
			bar_clear(&pg, &bar);
			snprintf(line, sizeof(line), "%ld", d.line);
			cli_error(c, T(c->lang, "{1}:{2}: {3}"), norm, line, d.msg, NULL);
			goto out;
		}
	}
	if (bar)
		progress_set(&pg, 2);

	int er = export_report(&r, w, u, lang, fmt, &out);
	if (er)
		bar_clear(&pg, &bar);
	if (er == ERR_TOO_LARGE) {
		cli_error(c, T(c->lang, "the report is too large"), NULL);
		goto out;
	}
	if (er) {
		cli_error(c, T(c->lang, "cannot make the report"), NULL);
		goto out;
	}
	if (bar) {
		progress_set(&pg, 3);
		progress_end(&pg);
	}
	bar = 0;
	if (write_out(c, outp, &out))
		goto out;
	rc = 0;
out:
	bar_clear(&pg, &bar);
	if (loaded)
		report_release(&r);
	free(data);
	buf_release(&out);
	st->ops->close(st);
	return rc;
}
