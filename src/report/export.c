/*
 * export.c: a group report as CSV, XLSX, PDF and JSON. Every number comes
 * from the report views (report.h), which apply the suppression; this
 * file only lays out what they return, so a hidden figure has no number
 * to leak in any format.
 */
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "report/export.h"
#include "report/pdf_int.h"

#define MAX_POINTS 8

static const enum scale_kind kinds[] = {SCALE_DEMAND, SCALE_RESOURCE, SCALE_OUTCOME,
					SCALE_NEED};
static const enum risk_zone zones[3] = {ZONE_GREEN, ZONE_ORANGE, ZONE_RED};

/* Parses a format name (see export.h). Returns 0 and sets *out, or -1. */
int export_format_parse(const char *s, enum export_format *out)
{
	static const char *const names[] = {"csv", "xlsx", "pdf", "json"};
	for (size_t i = 0; s && i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	return -1;
}

/* The file extension of f, a literal. */
const char *export_format_ext(enum export_format f)
{
	switch (f) {
	case EXPORT_CSV:
		return "csv";
	case EXPORT_XLSX:
		return "xlsx";
	case EXPORT_PDF:
		return "pdf";
	case EXPORT_JSON:
		return "json";
	}
	return "bin";
}

/* The media type of f for Content-Type, a literal. */
const char *export_format_type(enum export_format f)
{
	switch (f) {
	case EXPORT_CSV:
		return "text/csv; charset=utf-8";
	case EXPORT_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case EXPORT_PDF:
		return "application/pdf";
	case EXPORT_JSON:
		return "application/json; charset=utf-8";
	}
	return "application/octet-stream";
}

/* 1 when u is top or below it: the scope of an export or of a manager. */
int export_unit_within(const struct report *r, int u, int top)
{
	int depth = 0;
	if (u < 0 || top < 0 || (size_t)u >= r->nunits || (size_t)top >= r->nunits)
		return 0;
	/* The depth bound keeps a corrupt parent table from looping. */
	while (u >= 0 && depth++ <= MAX_UNIT_DEPTH + 1) {
		if (u == top)
			return 1;
		u = r->parent[u];
	}
	return 0;
}

static int valid(const struct report *r, size_t w, int u)
{
	return r && w < r->nwaves && u >= 0 && (size_t)u < r->nunits;
}

static int root_index(const struct report *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (r->parent[i] < 0)
			return (int)i;
	return 0;
}

/* A number with the given decimals; decimal comma in nl and fr. */
static void fmt_num(char *dst, size_t n, double v, int decimals, enum lang l)
{
	snprintf(dst, n, "%.*f", decimals, v);
	if (l == LANG_NL || l == LANG_FR) {
		char *dot = strchr(dst, '.');
		if (dot)
			*dot = ',';
	}
}

static const char *zone_code(enum risk_zone z)
{
	switch (z) {
	case ZONE_GREEN:
		return "green";
	case ZONE_ORANGE:
		return "orange";
	case ZONE_RED:
		return "red";
	case ZONE_NONE:
		break;
	}
	return NULL;
}

static const char *verdict_code(enum verdict v)
{
	switch (v) {
	case VERDICT_SAME:
		return "same";
	case VERDICT_BETTER:
		return "better";
	case VERDICT_CLEARLY_BETTER:
		return "clearly_better";
	case VERDICT_WORSE:
		return "worse";
	case VERDICT_CLEARLY_WORSE:
		return "clearly_worse";
	case VERDICT_NONE:
		break;
	}
	return NULL;
}

/* The verdict in words, or "" when there was no comparison. */
static const char *verdict_words(enum verdict v, enum lang l)
{
	return v == VERDICT_NONE ? "" : verdict_text(v, l);
}

static const char *kind_title(enum scale_kind k, enum lang l)
{
	switch (k) {
	case SCALE_DEMAND:
		return T(l, "Demands of the work");
	case SCALE_RESOURCE:
		return T(l, "Resources in the work");
	case SCALE_OUTCOME:
		return T(l, "Outcomes");
	case SCALE_NEED:
		return T(l, "Basic needs");
	}
	return "";
}

static const char *suppression_text(enum lang l)
{
	return T(l, "To protect anonymity, a figure is shown only for a group of at least {1} "
		    "respondents. Figures that would let someone work out the answers of a "
		    "smaller group by subtraction (a team next to its department, for example) "
		    "are hidden as well. A hidden figure says nothing about the group's "
		    "results: it only means that showing it could reveal what a few people "
		    "answered.");
}

/* The suppression text with the minimum group filled in; caller frees. */
static char *suppression_filled(const struct report *r, enum lang l)
{
	char k[16];
	snprintf(k, sizeof(k), "%d", r->org.min_group);
	return tmpl_fill(suppression_text(l), k, NULL);
}

/* ---------- CSV ---------- */

static int put(struct buf *b, const char *s, int first, int neutralise)
{
	if (!first && buf_putc(b, ';'))
		return ERR_TOO_LARGE;
	return csv_put_field(b, str_from(s ? s : ""), ';', neutralise);
}

#define NCOLS 16

/* The column names of the long table (CSV, and the Scales sheet). */
static void column_names(enum lang l, const char *h[NCOLS])
{
	const char *names[NCOLS] = {
		T(l, "unit code"), T(l, "unit"), T(l, "wave"), T(l, "scale id"), T(l, "scale"),
		"n", T(l, "mean"), T(l, "SD"),
		T(l, "green (%)"), T(l, "orange (%)"), T(l, "red (%)"), T(l, "zone"),
		T(l, "vs organisation"), T(l, "vs previous wave"), T(l, "vs norm"), T(l, "hidden"),
	};
	memcpy(h, names, sizeof(names));
}

static int csv_header(struct buf *b, enum lang l)
{
	const char *h[NCOLS];
	int rc = 0;
	column_names(l, h);
	for (size_t i = 0; i < NCOLS && !rc; i++)
		rc = put(b, h[i], i == 0, 1);
	return rc ? rc : csv_end_row(b);
}

static int csv_row(struct buf *b, const struct report *r, size_t w, int u, int s, enum lang l)
{
	const struct scale *sc = &r->ins.scales[s];
	struct scale_view v;
	char num[8][32];
	int rc;

	report_scale_view(r, w, u, s, &v);
	rc = put(b, r->units[u].code, 1, 1) || put(b, r->units[u].name, 0, 1) ||
	     put(b, r->waves[w].wave.title, 0, 1) || put(b, sc->id, 0, 1) ||
	     put(b, text_get(&sc->name, l), 0, 1);
	if (rc)
		return ERR_TOO_LARGE;
	if (!v.f.shown) {
		for (int i = 0; i < 10 && !rc; i++)
			rc = put(b, "", 0, 0);
		rc = rc || put(b, T(l, "hidden"), 0, 1);
		return rc ? ERR_TOO_LARGE : csv_end_row(b);
	}
	snprintf(num[0], sizeof(num[0]), "%ld", v.f.n);
	fmt_num(num[1], sizeof(num[1]), v.f.mean, 2, l);
	if (isnan(v.f.sd))
		num[2][0] = '\0';
	else
		fmt_num(num[2], sizeof(num[2]), v.f.sd, 2, l);
	for (int i = 0; i < 3; i++)
		fmt_num(num[3 + i], sizeof(num[3 + i]), 100.0 * v.f.zone_share[i], 1, l);
	for (int i = 0; i < 6 && !rc; i++)
		rc = put(b, num[i], 0, 0);
	rc = rc || put(b, v.f.zone == ZONE_NONE ? "" : zone_word(v.f.zone, l), 0, 1) ||
	     put(b, verdict_words(v.vs_org.verdict, l), 0, 1) ||
	     put(b, v.has_prev ? verdict_words(v.vs_prev.verdict, l) : "", 0, 1) ||
	     put(b, verdict_words(v.vs_norm.verdict, l), 0, 1) || put(b, "", 0, 0);
	return rc ? ERR_TOO_LARGE : csv_end_row(b);
}

/*
 * Appends the CSV of unit u and the units below it in wave w (see
 * export.h). Returns 0, ERR_INVALID or ERR_TOO_LARGE (out released).
 */
int export_csv(const struct report *r, size_t w, int u, enum lang lang, struct buf *out)
{
	if (!valid(r, w, u))
		return ERR_INVALID;
	if (buf_puts(out, "\xef\xbb\xbf") || csv_header(out, lang))
		return ERR_TOO_LARGE;
	for (size_t i = 0; i < r->nunits; i++) {
		if (!export_unit_within(r, (int)i, u))
			continue;
		for (int s = 0; s < r->ins.nscales; s++)
			if (csv_row(out, r, w, (int)i, s, lang))
				return ERR_TOO_LARGE;
	}
	return 0;
}

/* ---------- JSON ---------- */

static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	/* Text that is not UTF-8 (never expected from the store) becomes "". */
	return j ? j : json_string("");
}

static json_t *jreal(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(round(v * 1000) / 1000);
}

static json_t *jverdict(enum verdict v)
{
	const char *c = verdict_code(v);
	return c ? json_string(c) : json_null();
}

static json_t *json_figure(const struct report *r, size_t w, int u, int s)
{
	struct scale_view v;
	json_t *o = json_object();

	report_scale_view(r, w, u, s, &v);
	json_object_set_new(o, "unit", jstr(r->units[u].code));
	json_object_set_new(o, "scale", jstr(r->ins.scales[s].id));
	if (!v.f.shown) {
		json_object_set_new(o, "hidden", json_true());
		return o;
	}
	json_object_set_new(o, "n", json_integer(v.f.n));
	json_object_set_new(o, "mean", jreal(v.f.mean));
	json_object_set_new(o, "sd", jreal(v.f.sd));
	const char *z = zone_code(v.f.zone);
	json_object_set_new(o, "zone", z ? json_string(z) : json_null());
	json_t *sh = json_object();
	for (int i = 0; i < 3; i++)
		json_object_set_new(sh, zone_code(zones[i]), jreal(v.f.zone_share[i]));
	json_object_set_new(o, "zone_shares", sh);
	json_object_set_new(o, "vs_organisation", jverdict(v.vs_org.verdict));
	json_object_set_new(o, "vs_previous", jverdict(v.has_prev ? v.vs_prev.verdict
								    : VERDICT_NONE));
	json_object_set_new(o, "vs_norm", jverdict(v.vs_norm.verdict));
	return o;
}

/*
 * Appends the JSON of unit u and the units below it in wave w (see
 * export.h), compact with escaped slashes. Returns 0, ERR_INVALID or
 * ERR_TOO_LARGE (out released).
 */
int export_json(const struct report *r, size_t w, int u, enum lang lang, struct buf *out)
{
	if (!valid(r, w, u))
		return ERR_INVALID;
	const struct wave *wv = &r->waves[w].wave;
	json_t *root = json_object();
	json_t *jw = json_object(), *ji = json_object(), *ju = json_object();
	json_t *units = json_array(), *scales = json_array(), *figs = json_array();

	json_object_set_new(root, "organisation", jstr(r->org.name));
	json_object_set_new(root, "language", json_string(lang_code(lang)));
	json_object_set_new(jw, "id", json_integer(wv->id));
	json_object_set_new(jw, "title", jstr(wv->title));
	json_object_set_new(jw, "opens", jstr(wv->opens));
	json_object_set_new(jw, "closes", jstr(wv->closes));
	json_object_set_new(root, "wave", jw);
	json_object_set_new(ji, "id", jstr(r->ins.id));
	json_object_set_new(ji, "version", json_integer(r->ins.version));
	json_object_set_new(ji, "title", jstr(text_get(&r->ins.title, lang)));
	json_object_set_new(root, "instrument", ji);
	json_object_set_new(root, "min_group", json_integer(r->org.min_group));
	json_object_set_new(ju, "id", json_integer(r->units[u].id));
	json_object_set_new(ju, "code", jstr(r->units[u].code));
	json_object_set_new(ju, "name", jstr(r->units[u].name));
	json_object_set_new(root, "unit", ju);

	for (int s = 0; s < r->ins.nscales; s++) {
		const struct scale *sc = &r->ins.scales[s];
		json_t *o = json_object();
		json_object_set_new(o, "id", jstr(sc->id));
		json_object_set_new(o, "name", jstr(text_get(&sc->name, lang)));
		json_object_set_new(o, "kind", jstr(scale_kind_name(sc->kind)));
		json_object_set_new(o, "higher_is_better", json_boolean(sc->higher_is_better));
		json_object_set_new(o, "points", json_integer(sc->points));
		json_array_append_new(scales, o);
	}
	json_object_set_new(root, "scales", scales);

	for (size_t i = 0; i < r->nunits; i++) {
		if (!export_unit_within(r, (int)i, u))
			continue;
		long n = report_respondents(r, w, (int)i);
		if (n >= 0) {
			/* Only groups that may be named appear in the tree. */
			json_t *o = json_object();
			int p = r->parent[i];
			json_object_set_new(o, "id", json_integer(r->units[i].id));
			json_object_set_new(o, "code", jstr(r->units[i].code));
			json_object_set_new(o, "name", jstr(r->units[i].name));
			json_object_set_new(o, "parent", p >= 0 && (int)i != u
							     ? jstr(r->units[p].code)
							     : json_null());
			json_object_set_new(o, "depth", json_integer(r->units[i].depth));
			json_object_set_new(o, "respondents", json_integer(n));
			json_array_append_new(units, o);
		}
		for (int s = 0; s < r->ins.nscales; s++)
			json_array_append_new(figs, json_figure(r, w, (int)i, s));
	}
	json_object_set_new(root, "units", units);
	json_object_set_new(root, "figures", figs);

	char *text = json_dumps(root, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(root);
	if (!text)
		return ERR_GENERIC;
	int rc = buf_puts(out, text);
	free(text);
	return rc;
}

/* ---------- XLSX ---------- */

/* Text for a spreadsheet cell: prefixed with ' where it could start a formula. */
static char *cell_text(const char *s)
{
	if (!s)
		return xstrdup("");
	switch (s[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return xasprintf("'%s", s);
	default:
		return xstrdup(s);
	}
}

static void put_text(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
	char *t = cell_text(s);
	/* Never worksheet_write_formula: every text stays text. */
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, f);
	free(t);
}

/*
 * A worksheet named in the user's language; Excel's rules on sheet names
 * (31 characters, no []:*?/\) could refuse a translation: then in English.
 */
static lxw_worksheet *add_sheet(lxw_workbook *wb, const char *name, const char *english)
{
	if (workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR)
		return workbook_add_worksheet(wb, name);
	return workbook_add_worksheet(wb, english);
}

struct xfmt {
	lxw_format *bold, *head, *wrap, *num2, *num1, *zone[3], *hidden, *title;
};

static void xlsx_formats(lxw_workbook *wb, struct xfmt *x)
{
	x->bold = workbook_add_format(wb);
	format_set_bold(x->bold);
	format_set_bottom(x->bold, LXW_BORDER_THIN);
	x->head = workbook_add_format(wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_BOTTOM);
	x->title = workbook_add_format(wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->wrap = workbook_add_format(wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->num2 = workbook_add_format(wb);
	format_set_num_format(x->num2, "0.00");
	x->num1 = workbook_add_format(wb);
	format_set_num_format(x->num1, "0.0");
	for (int i = 0; i < 3; i++) {
		x->zone[i] = workbook_add_format(wb);
		format_set_num_format(x->zone[i], "0.00");
		format_set_bg_color(x->zone[i], pdf_zone_rgb(zones[i]));
		format_set_pattern(x->zone[i], LXW_PATTERN_SOLID);
		format_set_border(x->zone[i], LXW_BORDER_HAIR);
	}
	x->hidden = workbook_add_format(wb);
	format_set_italic(x->hidden);
	format_set_font_color(x->hidden, PDF_MUTED);
	format_set_align(x->hidden, LXW_ALIGN_CENTER);
}

static void xlsx_overview(lxw_workbook *wb, const struct xfmt *x, const struct report *r,
			  size_t w, int u, enum lang l)
{
	lxw_worksheet *ws = add_sheet(wb, T(l, "Overview"), "Overview");
	int row = 0;

	put_text(ws, row++, 0, T(l, "Mean score per unit and scale"), x->title);
	put_text(ws, row++, 0, r->waves[w].wave.title, NULL);
	row++;
	int head = row;
	put_text(ws, head, 0, T(l, "unit"), x->head);
	put_text(ws, head, 1, T(l, "respondents"), x->head);
	for (int s = 0; s < r->ins.nscales; s++)
		put_text(ws, head, 2 + s, text_get(&r->ins.scales[s].name, l), x->head);
	worksheet_set_row(ws, (lxw_row_t)head, 48, NULL);
	row++;
	for (size_t i = 0; i < r->nunits; i++) {
		if (!export_unit_within(r, (int)i, u))
			continue;
		int depth = r->units[i].depth - r->units[u].depth;
		char *name = xasprintf("%*s%s", 2 * (depth > 0 ? depth : 0), "",
				       r->units[i].name ? r->units[i].name : "");
		put_text(ws, row, 0, name, NULL);
		free(name);
		long n = report_respondents(r, w, (int)i);
		if (n >= 0)
			worksheet_write_number(ws, (lxw_row_t)row, 1, (double)n, NULL);
		else
			put_text(ws, row, 1, T(l, "hidden"), x->hidden);
		for (int s = 0; s < r->ins.nscales; s++) {
			struct figure f;
			report_figure(r, w, (int)i, s, &f);
			if (!f.shown || isnan(f.mean)) {
				put_text(ws, row, 2 + s, T(l, "hidden"), x->hidden);
				continue;
			}
			lxw_format *zf = f.zone >= ZONE_GREEN && f.zone <= ZONE_RED
						 ? x->zone[f.zone]
						 : x->num2;
			worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(2 + s), f.mean, zf);
		}
		row++;
	}
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 1, 12, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)(1 + (r->ins.nscales > 0 ? r->ins.nscales : 1)), 14,
			     NULL);
	worksheet_freeze_panes(ws, (lxw_row_t)(head + 1), 2);

	/* The legend: colour is never the only sign, so the words are here. */
	row += 1;
	put_text(ws, row++, 0, T(l, "Legend"), x->bold);
	const char *meaning[3] = {
		T(l, "no particular attention needed"),
		T(l, "worth paying attention to"),
		T(l, "needs attention"),
	};
	for (int i = 0; i < 3; i++) {
		put_text(ws, row, 0, zone_word(zones[i], l), x->zone[i]);
		put_text(ws, row++, 1, meaning[i], NULL);
	}
	put_text(ws, row, 0, T(l, "hidden"), x->hidden);
	put_text(ws, row++, 1, T(l, "not shown to protect anonymity (see About)"), NULL);
}

static void xlsx_scales(lxw_workbook *wb, const struct xfmt *x, const struct report *r,
			size_t w, int u, enum lang l)
{
	lxw_worksheet *ws = add_sheet(wb, T(l, "Scales"), "Scales");
	const char *h[NCOLS];
	int row = 0;
	column_names(l, h);
	for (size_t i = 0; i < NCOLS; i++)
		put_text(ws, 0, (int)i, h[i], x->bold);
	row++;
	for (size_t i = 0; i < r->nunits; i++) {
		if (!export_unit_within(r, (int)i, u))
			continue;
		for (int s = 0; s < r->ins.nscales; s++, row++) {
			const struct scale *sc = &r->ins.scales[s];
			struct scale_view v;
			report_scale_view(r, w, (int)i, s, &v);
			put_text(ws, row, 0, r->units[i].code, NULL);
			put_text(ws, row, 1, r->units[i].name, NULL);
			put_text(ws, row, 2, r->waves[w].wave.title, NULL);
			put_text(ws, row, 3, sc->id, NULL);
			put_text(ws, row, 4, text_get(&sc->name, l), NULL);
			if (!v.f.shown) {
				put_text(ws, row, 15, T(l, "hidden"), x->hidden);
				continue;
			}
			lxw_row_t rr = (lxw_row_t)row;
			worksheet_write_number(ws, rr, 5, (double)v.f.n, NULL);
			worksheet_write_number(ws, rr, 6, v.f.mean, x->num2);
			if (!isnan(v.f.sd))
				worksheet_write_number(ws, rr, 7, v.f.sd, x->num2);
			for (int k = 0; k < 3; k++)
				worksheet_write_number(ws, rr, (lxw_col_t)(8 + k),
						       100.0 * v.f.zone_share[k], x->num1);
			if (v.f.zone != ZONE_NONE)
				put_text(ws, row, 11, zone_word(v.f.zone, l),
					 x->zone[v.f.zone]);
			put_text(ws, row, 12, verdict_words(v.vs_org.verdict, l), NULL);
			put_text(ws, row, 13, v.has_prev ? verdict_words(v.vs_prev.verdict, l) : "",
				 NULL);
			put_text(ws, row, 14, verdict_words(v.vs_norm.verdict, l), NULL);
		}
	}
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, 2, 20, NULL);
	worksheet_set_column(ws, 3, 3, 16, NULL);
	worksheet_set_column(ws, 4, 4, 28, NULL);
	worksheet_set_column(ws, 11, 15, 18, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1), 15);
}

static void xlsx_about(lxw_workbook *wb, const struct xfmt *x, const struct report *r,
		       size_t w, int u, enum lang l)
{
	lxw_worksheet *ws = add_sheet(wb, T(l, "About"), "About");
	const struct wave *wv = &r->waves[w].wave;
	char k[16], dates[64];
	int row = 0;

	snprintf(k, sizeof(k), "%d", r->org.min_group);
	snprintf(dates, sizeof(dates), "%s – %s", wv->opens ? wv->opens : "",
		 wv->closes ? wv->closes : "");
	char *ins = xasprintf("%s (%s %d)", text_get(&r->ins.title, l), r->ins.id ? r->ins.id : "",
			      r->ins.version);
	struct {
		const char *label;
		const char *value;
	} rows[] = {
		{T(l, "Organisation"), r->org.name},
		{T(l, "Unit"), r->units[u].name},
		{T(l, "Wave"), wv->title},
		{T(l, "Period"), dates},
		{T(l, "Instrument"), ins},
		{T(l, "Minimum group"), k},
	};
	put_text(ws, row++, 0, T(l, "About this report"), x->title);
	row++;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++, row++) {
		put_text(ws, row, 0, rows[i].label, x->bold);
		put_text(ws, row, 1, rows[i].value, NULL);
	}
	row++;
	put_text(ws, row++, 0, T(l, "What suppression means"), x->bold);
	char *sup = suppression_filled(r, l);
	worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 1, "", x->wrap);
	put_text(ws, row, 0, sup, x->wrap);
	worksheet_set_row(ws, (lxw_row_t)row, 110, NULL);
	free(sup);
	row += 2;
	put_text(ws, row++, 0, T(l, "How to read the verdicts"), x->bold);
	worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 1, "", x->wrap);
	put_text(ws, row, 0,
		 T(l, "A verdict compares a group with the whole organisation, with the same "
		      "group in the previous wave or with a norm. It says 'clearly' better or "
		      "worse only for a difference that is both statistically reliable and "
		      "large enough to matter; an empty field means there was no comparison."),
		 x->wrap);
	worksheet_set_row(ws, (lxw_row_t)row, 80, NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 70, NULL);
	free(ins);
}

/* Reads the whole file at path onto out. */
static int slurp(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return ERR_IO;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(out, chunk, n);
	if (!rc && ferror(f))
		rc = ERR_IO;
	fclose(f);
	return rc;
}

/*
 * Appends the XLSX of unit u and the units below it in wave w (see
 * export.h). The workbook is written to a private temporary file (0600,
 * in $TMPDIR or /tmp) and removed before returning. Returns 0,
 * ERR_INVALID, ERR_IO, ERR_GENERIC or ERR_TOO_LARGE (out released).
 */
int export_xlsx(const struct report *r, size_t w, int u, enum lang lang, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	struct xfmt x;
	int rc = 0;

	if (!valid(r, w, u))
		return ERR_INVALID;
	if (!dir || !*dir || dir[0] != '/')
		dir = "/tmp";
	char *path = xasprintf("%s/hartslag-export-XXXXXX", dir);
	/* mkstemp creates the file with mode 0600, for this process alone. */
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return ERR_IO;
	}
	close(fd);

	lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = (char *)dir, .use_zip64 = 0};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		rc = ERR_GENERIC;
		goto out;
	}
	lxw_doc_properties props = {
		.title = (char *)T(lang, "Group report"),
		.company = r->org.name,
		.author = (char *)"Hartslag",
	};
	workbook_set_properties(wb, &props);
	xlsx_formats(wb, &x);
	xlsx_overview(wb, &x, r, w, u, lang);
	xlsx_scales(wb, &x, r, w, u, lang);
	xlsx_about(wb, &x, r, w, u, lang);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		rc = ERR_GENERIC;
		goto out;
	}
	rc = slurp(path, out);
out:
	unlink(path);
	free(path);
	return rc;
}

/* ---------- PDF ---------- */

#define LEFT (20 * PDF_MM)
#define WIDTH (170 * PDF_MM)
#define TOP (20 * PDF_MM)
#define BOTTOM (277 * PDF_MM)
#define BAR_W (100 * PDF_MM)
#define BAR_H (4 * PDF_MM)
#define GAP (4 * PDF_MM)
#define PAD (1.2 * PDF_MM)

struct rp {
	struct pdf_doc d;
	const struct report *r;
	size_t w;
	int u;
	int is_root;
	enum lang lang;
	double y;
	int page;
};

static void rp_footer(struct rp *p)
{
	char s[64];
	double y = 285 * PDF_MM;

	pdf_line(&p->d, LEFT, y - 2 * PDF_MM, LEFT + WIDTH, y - 2 * PDF_MM, 0.4, PDF_RULE);
	pdf_text(&p->d, LEFT, y, WIDTH * 0.7, PDF_SMALL, PDF_MUTED,
		 T(p->lang, "Group results: share only within the organisation"), 1);
	snprintf(s, sizeof(s), T(p->lang, "Page %d"), p->page);
	double sw = pdf_text_width(&p->d, PDF_SMALL, s);
	pdf_text(&p->d, LEFT + WIDTH - sw, y, 0, PDF_SMALL, PDF_MUTED, s, 1);
}

static void rp_break(struct rp *p)
{
	rp_footer(p);
	pdf_page_break(&p->d);
	p->page++;
	p->y = TOP;
}

static void rp_need(struct rp *p, double h)
{
	if (p->y + h > BOTTOM)
		rp_break(p);
}

static void rp_heading(struct rp *p, const char *title, double keep)
{
	double h = pdf_text_height(&p->d, WIDTH, PDF_HEADING, title, 2) + 3 * PDF_MM;
	rp_need(p, h + keep);
	p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, PDF_HEADING, PDF_INK, title, 2);
	pdf_line(&p->d, LEFT, p->y + 1, LEFT + WIDTH, p->y + 1, 0.6, PDF_RULE);
	p->y += 3 * PDF_MM;
}

static double rp_para(struct rp *p, const char *text, enum pdf_style st, unsigned rgb)
{
	double h = pdf_text_height(&p->d, WIDTH, st, text, 0);
	rp_need(p, h);
	p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, st, rgb, text, 0) + 2 * PDF_MM;
	return h;
}

static void rp_legend(struct rp *p)
{
	struct pdf_doc *d = &p->d;
	const char *meaning[3] = {
		T(p->lang, "no particular attention needed"),
		T(p->lang, "worth paying attention to"),
		T(p->lang, "needs attention"),
	};
	for (int i = 0; i < 3; i++) {
		char *s = xasprintf(T(p->lang, "%s: %s"), zone_word(zones[i], p->lang),
				    meaning[i]);
		double h = pdf_text_height(d, WIDTH - 7 * PDF_MM, PDF_SMALL, s, 2);
		rp_need(p, h);
		pdf_fill_rect(d, LEFT, p->y + 0.5, 3 * PDF_MM, 3 * PDF_MM, pdf_zone_rgb(zones[i]));
		pdf_stroke_rect(d, LEFT, p->y + 0.5, 3 * PDF_MM, 3 * PDF_MM, 0.5, PDF_MUTED);
		pdf_text(d, LEFT + 5 * PDF_MM, p->y, WIDTH - 7 * PDF_MM, PDF_SMALL, PDF_INK, s, 2);
		p->y += h + 1.2 * PDF_MM;
		free(s);
	}
}

static void rp_title_page(struct rp *p)
{
	const struct report *r = p->r;
	const struct wave *wv = &r->waves[p->w].wave;
	struct pdf_doc *d = &p->d;
	enum lang l = p->lang;
	char from[64], to[64], n[32];

	p->y = 60 * PDF_MM;
	p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_SMALL, PDF_MUTED,
			 r->org.name ? r->org.name : "", 2) + 2 * PDF_MM;
	p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_TITLE, PDF_INK,
			 p->is_root ? T(l, "Organisation report") : T(l, "Unit report"), 2);
	if (!p->is_root)
		p->y += pdf_text(d, LEFT, p->y + 1, WIDTH, PDF_HEADING, PDF_INK,
				 r->units[p->u].name ? r->units[p->u].name : "", 2);
	p->y += 4 * PDF_MM;
	pdf_line(d, LEFT, p->y, LEFT + 60 * PDF_MM, p->y, 2, PDF_INK);
	p->y += 6 * PDF_MM;

	pdf_format_date(from, sizeof(from), wv->opens ? wv->opens : "", l);
	pdf_format_date(to, sizeof(to), wv->closes ? wv->closes : "", l);
	char *period = xasprintf("%s – %s", from, to);
	long resp = report_respondents(r, p->w, p->u);
	snprintf(n, sizeof(n), "%ld", resp);
	char *ins = xasprintf("%s (%s %d)", text_get(&r->ins.title, l), r->ins.id ? r->ins.id : "",
			      r->ins.version);
	char k[16];
	snprintf(k, sizeof(k), "%d", r->org.min_group);
	struct {
		const char *label;
		const char *value;
	} rows[] = {
		{T(l, "Wave"), wv->title},
		{T(l, "Period"), period},
		{T(l, "Respondents"), resp >= 0 ? n : T(l, "not shown (group too small)")},
		{T(l, "Instrument"), ins},
		{T(l, "Minimum group"), k},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		double lw = 45 * PDF_MM;
		double h = pdf_text(d, LEFT, p->y, lw - 2 * PDF_MM, PDF_BOLD, PDF_INK,
				    rows[i].label, 2);
		double h2 = pdf_text(d, LEFT + lw, p->y, WIDTH - lw, PDF_BODY, PDF_INK,
				     rows[i].value ? rows[i].value : "", 3);
		p->y += (h > h2 ? h : h2) + 1.5 * PDF_MM;
	}
	free(period);
	free(ins);
	p->y += 8 * PDF_MM;

	p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_HEADING, PDF_INK,
			 T(l, "How to read this report"), 1) + 2 * PDF_MM;
	rp_para(p, T(l, "For every scale the report gives the group's mean score, its zone and "
			"how it compares. Each bar runs from the lowest to the highest possible "
			"score; the marker is the group's mean and the bands behind it are the "
			"zones:"),
		PDF_BODY, PDF_INK);
	rp_legend(p);
	p->y += 3 * PDF_MM;
	p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_HEADING, PDF_INK, T(l, "What suppression means"),
			 1) + 2 * PDF_MM;
	char *sup = suppression_filled(r, l);
	rp_para(p, sup, PDF_BODY, PDF_INK);
	free(sup);
	rp_break(p);
}

/*
 * Table columns: scale, mean, zone, n, vs organisation, vs previous wave.
 * The organisation report has no comparison with itself: its scale
 * column takes that room.
 */
static double col_width(const struct rp *p, int i)
{
	static const double w[6] = {50 * PDF_MM, 14 * PDF_MM, 29 * PDF_MM, 13 * PDF_MM,
				    32 * PDF_MM, 32 * PDF_MM};
	if (p->is_root && i == 4)
		return 0;
	if (p->is_root && i == 0)
		return w[0] + w[4];
	return w[i];
}

static double row_height(struct rp *p, const char *const *cells, enum pdf_style st)
{
	double h = 0;
	for (int i = 0; i < 6; i++) {
		double cw = col_width(p, i);
		if (cw <= 0)
			continue;
		double ch = pdf_text_height(&p->d, cw - 2 * PAD, st, cells[i], 3);
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD;
}

static void draw_row(struct rp *p, const char *const *cells, enum pdf_style st, int head)
{
	double h = row_height(p, cells, st), x = LEFT;
	if (head)
		pdf_fill_rect(&p->d, LEFT, p->y, WIDTH, h, PDF_TINT);
	for (int i = 0; i < 6; i++) {
		double cw = col_width(p, i);
		if (cw <= 0)
			continue;
		pdf_text(&p->d, x + PAD, p->y + PAD, cw - 2 * PAD, st, PDF_INK, cells[i], 3);
		x += cw;
	}
	p->y += h;
	pdf_line(&p->d, LEFT, p->y, LEFT + WIDTH, p->y, head ? 0.8 : 0.3,
		 head ? PDF_INK : PDF_RULE);
}

static void table_header(struct rp *p, const char **cells)
{
	enum lang l = p->lang;
	cells[0] = T(l, "Scale");
	cells[1] = T(l, "Mean");
	cells[2] = T(l, "Zone");
	cells[3] = "n";
	cells[4] = p->is_root ? "" : T(l, "vs organisation");
	cells[5] = T(l, "vs previous wave");
}

static void rp_table(struct rp *p, enum scale_kind k)
{
	const struct report *r = p->r;
	enum lang l = p->lang;
	const char *cells[6];
	char mean[32], n[32];

	table_header(p, cells);
	double hh = row_height(p, cells, PDF_SMALL);
	rp_need(p, 3 * hh);
	draw_row(p, cells, PDF_SMALL, 1);
	for (int s = 0; s < r->ins.nscales; s++) {
		const struct scale *sc = &r->ins.scales[s];
		struct scale_view v;
		if (sc->kind != k)
			continue;
		report_scale_view(r, p->w, p->u, s, &v);
		cells[0] = text_get(&sc->name, l);
		if (v.f.shown) {
			pdf_format_score(mean, sizeof(mean), v.f.mean, l);
			snprintf(n, sizeof(n), "%ld", v.f.n);
			cells[1] = mean;
			cells[2] = zone_word(v.f.zone, l);
			cells[3] = n;
			cells[4] = p->is_root ? "" : verdict_words(v.vs_org.verdict, l);
			cells[5] = v.has_prev ? verdict_words(v.vs_prev.verdict, l) : "";
		} else {
			cells[1] = T(l, "hidden");
			cells[2] = cells[3] = cells[4] = cells[5] = "";
		}
		double h = row_height(p, cells, PDF_SMALL);
		if (p->y + h > BOTTOM) {
			const char *hc[6];
			rp_break(p);
			table_header(p, hc);
			draw_row(p, hc, PDF_SMALL, 1);
		}
		draw_row(p, cells, PDF_SMALL, 0);
	}
	p->y += GAP;
}

static void rp_bar(struct rp *p, int s)
{
	const struct report *r = p->r;
	const struct scale *sc = &r->ins.scales[s];
	struct pdf_doc *d = &p->d;
	enum lang l = p->lang;
	struct figure f;
	char v[32], t[160];

	report_figure(r, p->w, p->u, s, &f);
	const char *name = text_get(&sc->name, l);
	double nh = pdf_text_height(d, WIDTH, PDF_BOLD, name, 2);
	if (!f.shown || isnan(f.mean)) {
		const char *why = T(l, "Hidden to protect anonymity.");
		rp_need(p, nh + 6 * PDF_MM);
		p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_BOLD, PDF_INK, name, 2) + 1 * PDF_MM;
		p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_SMALL, PDF_MUTED, why, 1) + GAP;
		return;
	}
	rp_need(p, nh + 3 * PDF_MM + BAR_H + 6 * PDF_MM + GAP);
	p->y += pdf_text(d, LEFT, p->y, WIDTH, PDF_BOLD, PDF_INK, name, 2);
	double by = p->y + 2.5 * PDF_MM;
	pdf_zone_bar(d, sc, f.mean, LEFT, by, BAR_W, BAR_H);
	snprintf(t, sizeof(t), "%d", sc->points);
	pdf_text(d, LEFT - 1, by + BAR_H + 2, 0, PDF_SMALL, PDF_MUTED, "1", 1);
	pdf_text(d, LEFT + BAR_W - pdf_text_width(d, PDF_SMALL, t) + 1, by + BAR_H + 2, 0,
		 PDF_SMALL, PDF_MUTED, t, 1);

	/* Score and zone in words beside a swatch: never colour alone. */
	double tx = LEFT + BAR_W + 6 * PDF_MM;
	pdf_format_score(v, sizeof(v), f.mean, l);
	snprintf(t, sizeof(t), T(l, "%s of %d"), v, sc->points);
	pdf_fill_rect(d, tx, by, BAR_H, BAR_H, pdf_zone_rgb(f.zone));
	pdf_stroke_rect(d, tx, by, BAR_H, BAR_H, 0.5, PDF_MUTED);
	double sx = tx + BAR_H + 2 * PDF_MM;
	double th = pdf_text_height(d, 0, PDF_BOLD, t, 1);
	pdf_text(d, sx, by + BAR_H / 2 - th / 2, LEFT + WIDTH - sx, PDF_BOLD, PDF_INK, t, 1);
	pdf_text(d, sx, by + BAR_H + 1, LEFT + WIDTH - sx, PDF_SMALL, PDF_INK,
		 zone_word(f.zone, l), 1);
	p->y = by + BAR_H + 6 * PDF_MM + GAP;
}

static void rp_points(struct rp *p)
{
	const struct report *r = p->r;
	enum lang l = p->lang;
	struct point pts[MAX_POINTS];
	size_t n = report_points(r, p->w, p->u, pts, ARRAY_SIZE(pts));
	const enum point_kind order[2] = {POINT_STRENGTH, POINT_ATTENTION};
	const char *titles[2] = {T(l, "Strengths"), T(l, "Attention points")};

	rp_heading(p, T(l, "Strengths and attention points"), 20 * PDF_MM);
	for (int k = 0; k < 2; k++) {
		size_t shown = 0;
		rp_need(p, 12 * PDF_MM);
		p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, PDF_BOLD, PDF_INK, titles[k], 1) +
			1 * PDF_MM;
		for (size_t i = 0; i < n; i++) {
			if (pts[i].kind != order[k] || pts[i].scale < 0 ||
			    pts[i].scale >= r->ins.nscales)
				continue;
			char *s = xasprintf(T(l, "%s: %s"),
					    text_get(&r->ins.scales[pts[i].scale].name, l),
					    pts[i].reason ? T(l, pts[i].reason) : "");
			double h = pdf_text_height(&p->d, WIDTH - 5 * PDF_MM, PDF_BODY, s, 3);
			rp_need(p, h);
			pdf_text(&p->d, LEFT, p->y, 4 * PDF_MM, PDF_BODY, PDF_INK,
				 k == 0 ? "+" : "!", 1);
			p->y += pdf_text(&p->d, LEFT + 5 * PDF_MM, p->y, WIDTH - 5 * PDF_MM,
					 PDF_BODY, PDF_INK, s, 3) + 1 * PDF_MM;
			free(s);
			shown++;
		}
		if (!shown)
			p->y += pdf_text(&p->d, LEFT + 5 * PDF_MM, p->y, WIDTH - 5 * PDF_MM,
					 PDF_SMALL, PDF_MUTED,
					 T(l, "None by the rule, or none that may be shown."), 2);
		p->y += 3 * PDF_MM;
	}
}

static void rp_units(struct rp *p)
{
	const struct report *r = p->r;
	enum lang l = p->lang;
	size_t count = 0;
	char n[32];

	for (size_t i = 0; i < r->nunits; i++)
		count += export_unit_within(r, (int)i, p->u);
	if (count < 2)
		return;
	rp_heading(p, T(l, "Respondents per unit"), 10 * PDF_MM);
	for (size_t i = 0; i < r->nunits; i++) {
		if (!export_unit_within(r, (int)i, p->u))
			continue;
		int depth = r->units[i].depth - r->units[p->u].depth;
		double ind = (depth > 0 ? depth : 0) * 4 * PDF_MM;
		if (ind > 40 * PDF_MM)
			ind = 40 * PDF_MM;
		long resp = report_respondents(r, p->w, (int)i);
		snprintf(n, sizeof(n), "%ld", resp);
		const char *val = resp >= 0 ? n : T(l, "not shown");
		double h = pdf_text_height(&p->d, 120 * PDF_MM - ind, PDF_SMALL,
					   r->units[i].name ? r->units[i].name : "", 1);
		rp_need(p, h + 1);
		pdf_text(&p->d, LEFT + ind, p->y, 120 * PDF_MM - ind, PDF_SMALL, PDF_INK,
			 r->units[i].name ? r->units[i].name : "", 1);
		pdf_text(&p->d, LEFT + 125 * PDF_MM, p->y, 45 * PDF_MM, PDF_SMALL,
			 resp >= 0 ? PDF_INK : PDF_MUTED, val, 1);
		p->y += h + 1;
	}
	p->y += GAP;
}

/*
 * Appends the PDF report of unit u (the organisation report for the root)
 * in wave w (see export.h). Returns 0, ERR_INVALID, ERR_TOO_LARGE (out
 * released) or ERR_GENERIC (out left as it was).
 */
int export_pdf(const struct report *r, size_t w, int u, enum lang lang, struct buf *out)
{
	struct rp p;

	if (!valid(r, w, u))
		return ERR_INVALID;
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;
	memset(&p, 0, sizeof(p));
	p.r = r;
	p.w = w;
	p.u = u;
	p.is_root = r->parent[u] < 0 || u == root_index(r);
	p.lang = lang;
	p.page = 1;
	p.y = TOP;
	char *title = xasprintf("%s: %s", p.is_root ? T(lang, "Organisation report")
						   : T(lang, "Unit report"),
				r->units[u].name ? r->units[u].name : "");
	int rc = pdf_doc_begin(&p.d, out, title, r->org.name);
	free(title);
	if (rc)
		return rc;

	rp_title_page(&p);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		int any = 0;
		for (int s = 0; s < r->ins.nscales && !any; s++)
			any = r->ins.scales[s].kind == kinds[k];
		if (!any)
			continue;
		rp_heading(&p, kind_title(kinds[k], lang), 30 * PDF_MM);
		rp_table(&p, kinds[k]);
		for (int s = 0; s < r->ins.nscales; s++)
			if (r->ins.scales[s].kind == kinds[k])
				rp_bar(&p, s);
		p.y += GAP;
	}
	rp_points(&p);
	rp_units(&p);
	rp_heading(&p, T(lang, "What suppression means"), 20 * PDF_MM);
	char *sup = suppression_filled(r, lang);
	rp_para(&p, sup, PDF_BODY, PDF_INK);
	free(sup);
	rp_footer(&p);
	pdf_page_break(&p.d);
	return pdf_doc_end(&p.d);
}

/*
 * Appends the export in format f (see export.h). Returns what the
 * format's function returns.
 */
int export_report(const struct report *r, size_t w, int u, enum lang lang,
		  enum export_format f, struct buf *out)
{
	switch (f) {
	case EXPORT_CSV:
		return export_csv(r, w, u, lang, out);
	case EXPORT_XLSX:
		return export_xlsx(r, w, u, lang, out);
	case EXPORT_PDF:
		return export_pdf(r, w, u, lang, out);
	case EXPORT_JSON:
		return export_json(r, w, u, lang, out);
	}
	return ERR_INVALID;
}
