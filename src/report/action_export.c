/*
 * action_export.c: the effect of an action from the report model, and the
 * yearly action plan as PDF (cairo/pango through pdf_int.h) and XLSX
 * (libxlsxwriter). See action_export.h.
 */
#include "report/action_export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/absence.h"
#include "core/i18n.h"
#include "report/absence_data.h"
#include "report/pdf_int.h"

/* ---------- effect ---------- */

static int root_index(const struct report *rep)
{
	for (size_t i = 0; i < rep->nunits; i++)
		if (rep->parent[i] < 0)
			return (int)i;
	return -1;
}

static int wave_index(const struct report *rep, long id)
{
	for (size_t i = 0; i < rep->nwaves; i++)
		if (rep->waves[i].wave.id == id)
			return (int)i;
	return -1;
}

/* The absence engine's indicator behind each action code. */
static int absence_ind_of(const char *code)
{
	static const struct {
		const char *code;
		enum absence_ind ind;
	} map[] = {
		{"absence_rate", AI_RATE},
		{"frequency", AI_FREQUENCY},
		{"mean_duration", AI_MEAN_DURATION},
		{"zero_absence", AI_ZERO_SHARE},
		{"frequent_absentees", AI_FREQUENT_SHARE},
		{"bradford", AI_BRADFORD_MEAN},
		{"turnover", AI_TURNOVER},
		{"work_accidents", AI_ACCIDENTS},
	};
	for (size_t i = 0; code && i < ARRAY_SIZE(map); i++)
		if (strcmp(map[i].code, code) == 0)
			return (int)map[i].ind;
	return -1;
}

int action_absence_value_src(const struct action_absence_src *src, const char *code,
			     long unit_id, int year, double *value)
{
	const struct absence_view *v = src->v;
	struct absence_figures f = {0};
	int ind = absence_ind_of(code);
	int32_t from = day_from_ymd(year, 1, 1), to = day_from_ymd(year, 12, 31);
	int32_t now = (int32_t)(time(NULL) / 86400);
	int owned = 1, rc, u;

	*value = NAN;
	if (ind < 0 || from == INT32_MIN || to == INT32_MIN || from > now)
		return ERR_NOT_FOUND;
	if (to > now)
		to = now; /* the year so far: the indicators are annualised */
	u = unit_id ? absence_view_unit(v, unit_id) : 0;
	if (u < 0 || v->nrec == 0)
		return ERR_NOT_FOUND;
	rc = src->figures ? src->figures(src->ctx, v, from, to, &f, &owned)
			  : absence_figures_compute(v, from, to, &f);
	if (rc)
		return rc;
	if (!f.show[u]) {
		rc = 1;
	} else {
		double all[AI_COUNT];
		absence_figures_values(&f, u, all);
		*value = all[ind];
		rc = isnan(*value) ? ERR_NOT_FOUND : 0;
	}
	if (owned)
		absence_figures_release(&f);
	return rc;
}

int action_absence_value(struct store *st, const char *code, long unit_id, int year,
			 double *value)
{
	struct absence_view v;
	int rc;

	*value = NAN;
	if (!st || absence_ind_of(code) < 0)
		return ERR_NOT_FOUND;
	if ((rc = absence_view_load(st, &v)) != 0)
		return rc;
	struct action_absence_src src = {.v = &v};
	rc = action_absence_value_src(&src, code, unit_id, year, value);
	absence_view_release(&v);
	return rc;
}

void action_report_effect(const struct report *rep, struct store *st, const struct action *a,
			  struct action_effect_view *ev)
{
	action_report_effect_src(rep, st, NULL, a, ev);
}

void action_report_effect_src(const struct report *rep, struct store *st,
			      const struct action_absence_src *src, const struct action *a,
			      struct action_effect_view *ev)
{
	const char *sid = a->indicator_scale && *a->indicator_scale ? a->indicator_scale : NULL;

	memset(ev, 0, sizeof(*ev));
	ev->scale = -1;
	ev->e.state = EFFECT_NO_INDICATOR;
	ev->e.verdict = VERDICT_NONE;
	ev->e.before = ev->e.after = ev->e.rel_change = NAN;
	if (!sid && a->indicator_absence && *a->indicator_absence) {
		enum action_absind ind;
		double after = NAN;
		ev->absence = 1;
		if (action_absind_parse(str_from(a->indicator_absence), &ind))
			return;
		/* the year after the plan's year is the first that can show an effect */
		int arc = src && src->v
				  ? action_absence_value_src(src, a->indicator_absence,
							     a->unit_id, a->year + 1, &after)
				  : action_absence_value(st, a->indicator_absence, a->unit_id,
							 a->year + 1, &after);
		action_effect_absence(ind, a->baseline, arc == 1 ? NAN : after, arc == 1, -1,
				      a->target, &ev->e);
		return;
	}
	if (!sid)
		sid = a->theme;
	if (!rep || !sid)
		return;
	int s = instrument_scale_index(&rep->ins, str_from(sid));
	if (s < 0)
		return;
	ev->scale = s;
	int wb = a->baseline_wave_id ? wave_index(rep, a->baseline_wave_id) : -1;
	int wl = (int)rep->nwaves - 1;
	int u = a->unit_id ? report_unit_index(rep, a->unit_id) : root_index(rep);
	int hib = rep->ins.scales[s].higher_is_better;
	if (wb < 0) {
		action_effect_scale(NULL, NULL, 0, hib, rep->org.min_group, a->target, &ev->e);
		ev->e.state = EFFECT_NO_BASELINE;
		return;
	}
	ev->wave_before = rep->waves[wb].wave.title;
	if (wl <= wb || u < 0) {
		action_effect_scale(NULL, NULL, 0, hib, rep->org.min_group, a->target, &ev->e);
		ev->e.state = EFFECT_NO_LATER_WAVE;
		return;
	}
	ev->wave_after = rep->waves[wl].wave.title;
	struct figure fb, fa;
	report_figure(rep, (size_t)wb, u, s, &fb);
	report_figure(rep, (size_t)wl, u, s, &fa);
	if (!fb.shown || !fa.shown) {
		/* a hidden side is never passed on: only that it is hidden */
		action_effect_scale(NULL, NULL, 1, hib, rep->org.min_group, a->target, &ev->e);
		ev->e.state = EFFECT_SUPPRESSED;
		ev->e.before = ev->e.after = NAN;
		return;
	}
	action_effect_scale(&rep->waves[wb].agg->unit[u].cell[s].m,
			    &rep->waves[wl].agg->unit[u].cell[s].m, 0, hib, rep->org.min_group,
			    a->target, &ev->e);
}

/* ---------- the rows of a plan ---------- */

enum col {
	C_UNIT,
	C_THEME,
	C_LEVEL,
	C_TITLE,
	C_DESCRIPTION,
	C_OWNER,
	C_DUE,
	C_STATUS,
	C_QUICK,
	C_INDICATOR,
	C_BASELINE,
	C_TARGET,
	C_EFFECT,
	C_APPROVED,
	C_COMMUNICATED,
	C_COUNT
};

static const char *col_title(enum col c, enum lang l)
{
	static const char *const t[C_COUNT] = {
		N_("Unit"),     N_("Theme"),    N_("Level"),  N_("Action"),
		N_("Description"), N_("Owner"), N_("Due"),    N_("Status"),
		N_("Quick win"), N_("Indicator"), N_("Baseline"), N_("Target"),
		N_("Effect"),   N_("Approved"), N_("Communicated"),
	};
	return T(l, t[c]);
}

static const char *unit_name(const struct action_plan_src *s, long id)
{
	if (!id)
		return T(s->lang, "Whole organisation");
	for (size_t i = 0; i < s->nunits; i++)
		if (s->units[i].id == id)
			return s->units[i].name ? s->units[i].name : "";
	return "?";
}

static const char *scale_name(const struct action_plan_src *s, const char *id)
{
	int k = s->ins && id ? instrument_scale_index(s->ins, str_from(id)) : -1;
	if (k < 0)
		return id ? id : "";
	return text_get(&s->ins->scales[k].name, s->lang);
}

static char *day_of(int64_t t)
{
	char d[11];
	if (t <= 0)
		return xstrdup("");
	action_date_format(action_day_of(t), d);
	return xstrdup(d);
}

static char *score(double v, enum lang l)
{
	char x[32];
	if (isnan(v))
		return xstrdup("");
	snprintf(x, sizeof(x), "%.2f", v);
	if (l != LANG_EN)
		for (char *p = x; *p; p++)
			if (*p == '.')
				*p = ',';
	return xstrdup(x);
}

/* The cells of one action, as new strings (row[c], caller frees). */
static void row_of(const struct action_plan_src *s, const struct action *a, char *row[C_COUNT])
{
	enum lang l = s->lang;
	struct action_effect_view ev;
	struct buf b = BUF_INIT(4096);

	row[C_UNIT] = xstrdup(unit_name(s, a->unit_id));
	row[C_THEME] = xstrdup(scale_name(s, a->theme));
	row[C_LEVEL] = xstrdup(iglo_name(a->level, l));
	row[C_TITLE] = xstrdup(a->title ? a->title : "");
	row[C_DESCRIPTION] = xstrdup(a->description ? a->description : "");
	row[C_OWNER] = xstrdup(a->owner ? a->owner : "");
	row[C_DUE] = xstrdup(a->due ? a->due : "");
	buf_puts(&b, action_status_name(a->status, l));
	if (action_overdue(a, action_day_of(s->now)))
		buf_printf(&b, ", %s", T(l, "overdue"));
	if (action_stalled(a, s->now, s->stall_days))
		buf_printf(&b, ", %s", T(l, "stalled"));
	row[C_STATUS] = xstrdup(buf_cstr(&b));
	buf_reset(&b);
	row[C_QUICK] = xstrdup(a->quick_win ? T(l, "yes") : "");
	if (a->indicator_scale && *a->indicator_scale)
		buf_puts(&b, scale_name(s, a->indicator_scale));
	if (a->indicator_absence && *a->indicator_absence) {
		enum action_absind ind;
		if (b.len)
			buf_puts(&b, "; ");
		if (action_absind_parse(str_from(a->indicator_absence), &ind) == 0)
			buf_puts(&b, action_absind_name(ind, l));
		else
			buf_puts(&b, a->indicator_absence);
	}
	row[C_INDICATOR] = xstrdup(buf_cstr(&b));
	buf_reset(&b);
	row[C_BASELINE] = score(a->baseline, l);
	row[C_TARGET] = score(a->target, l);
	action_report_effect(s->rep, s->st, a, &ev);
	if (ev.absence && ev.e.state != EFFECT_MEASURED) {
		buf_puts(&b, T(l, "from the absence data"));
	} else if (ev.e.state == EFFECT_SUPPRESSED) {
		buf_puts(&b, T(l, "hidden to protect anonymity"));
	} else {
		buf_puts(&b, action_effect_text(&ev.e, l));
		if (ev.e.state == EFFECT_MEASURED) {
			char *x = score(ev.e.before, l), *y = score(ev.e.after, l);
			const char *t = action_target_text(&ev.e, l);
			if (!ev.absence)
				buf_printf(&b, " (%s → %s)", x, y);
			if (t && *t)
				buf_printf(&b, "; %s", t);
			free(x);
			free(y);
		}
	}
	row[C_EFFECT] = xstrdup(buf_cstr(&b));
	buf_release(&b);
	row[C_APPROVED] = day_of(a->approved);
	row[C_COMMUNICATED] = day_of(a->communicated);
}

static void row_free(char *row[C_COUNT])
{
	for (int c = 0; c < C_COUNT; c++)
		free(row[c]);
}

static char *plan_title(const struct action_plan_src *s)
{
	char *y = xasprintf("%d", s->year);
	char *t = s->year ? tmpl_fill(T(s->lang, "Yearly action plan {1}"), y, NULL)
			  : xstrdup(T(s->lang, "Action plans"));
	free(y);
	return t;
}

/* ---------- XLSX ---------- */

char *action_export_cell(const char *s)
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
	char *t = action_export_cell(s);
	/* never worksheet_write_formula: every text stays text */
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, f);
	free(t);
}

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

int action_plan_xlsx(const struct action_plan_src *s, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	enum lang l = s->lang;
	int rc = 0;

	if (!dir || !*dir || dir[0] != '/')
		dir = "/tmp";
	char *path = xasprintf("%s/hartslag-plan-XXXXXX", dir);
	/* mkstemp makes the file with mode 0600, for this process alone */
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
	char *title = plan_title(s);
	lxw_doc_properties props = {
		.title = title,
		.company = (char *)(s->org_name ? s->org_name : ""),
		.author = (char *)"Hartslag",
	};
	workbook_set_properties(wb, &props);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *num = workbook_add_format(wb);
	format_set_num_format(num, "0.00");
	format_set_align(num, LXW_ALIGN_VERTICAL_TOP);
	const char *sheet = T(l, "Plan");
	lxw_worksheet *ws = workbook_validate_sheet_name(wb, sheet) == LXW_NO_ERROR
				    ? workbook_add_worksheet(wb, sheet)
				    : workbook_add_worksheet(wb, "Plan");
	put_text(ws, 0, 0, title, bold);
	put_text(ws, 1, 0, s->org_name, NULL);
	put_text(ws, 1, 2, s->scope, NULL);
	if (s->year) {
		char d[11];
		action_date_format(action_jap_deadline(s->year), d);
		char *t = tmpl_fill(T(l, "The draft goes to the prevention committee by {1}."), d,
				    NULL);
		put_text(ws, 2, 0, t, NULL);
		free(t);
	}
	int r0 = 4;
	for (int c = 0; c < C_COUNT; c++)
		put_text(ws, r0, c, col_title((enum col)c, l), head);
	for (size_t i = 0; i < s->n; i++) {
		char *row[C_COUNT];
		int rr = r0 + 1 + (int)i;
		row_of(s, &s->acts[i], row);
		for (int c = 0; c < C_COUNT; c++) {
			double v = c == C_BASELINE ? s->acts[i].baseline
						   : c == C_TARGET ? s->acts[i].target : NAN;
			if ((c == C_BASELINE || c == C_TARGET) && !isnan(v))
				worksheet_write_number(ws, (lxw_row_t)rr, (lxw_col_t)c, v, num);
			else
				put_text(ws, rr, c, row[c], wrap);
		}
		row_free(row);
	}
	worksheet_set_column(ws, 0, 2, 18, NULL);
	worksheet_set_column(ws, 3, 4, 36, NULL);
	worksheet_set_column(ws, 5, 14, 14, NULL);
	worksheet_set_column(ws, C_EFFECT, C_EFFECT, 30, NULL);
	worksheet_freeze_panes(ws, (lxw_row_t)(r0 + 1), 0);
	if (s->n)
		worksheet_autofilter(ws, (lxw_row_t)r0, 0, (lxw_row_t)(r0 + (int)s->n),
				     C_COUNT - 1);
	free(title);
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

#define LEFT (18 * PDF_MM)
#define WIDTH (174 * PDF_MM)
#define TOP (18 * PDF_MM)
#define BOTTOM (277 * PDF_MM)
#define GAP (3 * PDF_MM)

struct pp {
	struct pdf_doc d;
	const struct action_plan_src *s;
	double y;
	int page;
};

static void pp_footer(struct pp *p)
{
	char s[64];
	double y = 285 * PDF_MM;
	pdf_line(&p->d, LEFT, y - 2 * PDF_MM, LEFT + WIDTH, y - 2 * PDF_MM, 0.4, PDF_RULE);
	pdf_text(&p->d, LEFT, y, WIDTH * 0.7, PDF_SMALL, PDF_MUTED,
		 p->s->org_name ? p->s->org_name : "", 1);
	snprintf(s, sizeof(s), T(p->s->lang, "Page %d"), p->page);
	double sw = pdf_text_width(&p->d, PDF_SMALL, s);
	pdf_text(&p->d, LEFT + WIDTH - sw, y, 0, PDF_SMALL, PDF_MUTED, s, 1);
}

static void pp_need(struct pp *p, double h)
{
	if (p->y + h <= BOTTOM)
		return;
	pp_footer(p);
	pdf_page_break(&p->d);
	p->page++;
	p->y = TOP;
}

static void pp_block(struct pp *p, const struct action *a)
{
	enum lang l = p->s->lang;
	char *row[C_COUNT];
	struct buf b = BUF_INIT(8192);
	/* French puts a no-break space before the colon */
	const char *cs = l == LANG_FR ? "\u00a0: " : ": ";
	row_of(p->s, a, row);
	buf_printf(&b, "%s%s%s · %s%s%s · %s%s%s", col_title(C_THEME, l), cs, row[C_THEME],
		   col_title(C_LEVEL, l), cs, row[C_LEVEL], col_title(C_STATUS, l), cs,
		   row[C_STATUS]);
	if (*row[C_QUICK])
		buf_printf(&b, " · %s", col_title(C_QUICK, l));
	buf_printf(&b, "\n%s%s%s · %s%s%s", col_title(C_OWNER, l), cs,
		   *row[C_OWNER] ? row[C_OWNER] : "–", col_title(C_DUE, l), cs,
		   *row[C_DUE] ? row[C_DUE] : "–");
	if (*row[C_APPROVED])
		buf_printf(&b, " · %s%s%s", col_title(C_APPROVED, l), cs, row[C_APPROVED]);
	if (*row[C_INDICATOR])
		buf_printf(&b, "\n%s%s%s · %s%s%s · %s%s%s", col_title(C_INDICATOR, l), cs,
			   row[C_INDICATOR], col_title(C_BASELINE, l), cs,
			   *row[C_BASELINE] ? row[C_BASELINE] : "–", col_title(C_TARGET, l), cs,
			   *row[C_TARGET] ? row[C_TARGET] : "–");
	buf_printf(&b, "\n%s%s%s", col_title(C_EFFECT, l), cs, row[C_EFFECT]);
	char *facts = pdf_clean(buf_cstr(&b), 1);
	char *title = pdf_clean(row[C_TITLE], 0);
	char *desc = pdf_clean(row[C_DESCRIPTION], 1);
	double h = pdf_text_height(&p->d, WIDTH, PDF_BOLD, title, 3) +
		   pdf_text_height(&p->d, WIDTH, PDF_SMALL, facts, 8) +
		   (*desc ? pdf_text_height(&p->d, WIDTH, PDF_BODY, desc, 12) : 0) + 2 * GAP;
	pp_need(p, h);
	p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, PDF_BOLD, PDF_INK, title, 3) + 1;
	if (*desc)
		p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, PDF_BODY, PDF_INK, desc, 12) + 1;
	p->y += pdf_text(&p->d, LEFT, p->y, WIDTH, PDF_SMALL, PDF_MUTED, facts, 8);
	p->y += GAP;
	pdf_line(&p->d, LEFT, p->y - GAP / 2, LEFT + WIDTH, p->y - GAP / 2, 0.3, PDF_RULE);
	free(facts);
	free(title);
	free(desc);
	buf_release(&b);
	row_free(row);
}

int action_plan_pdf(const struct action_plan_src *s, struct buf *out)
{
	struct pp p;
	enum lang l = s->lang;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.page = 1;
	p.y = TOP;
	char *title = plan_title(s);
	int rc = pdf_doc_begin(&p.d, out, title, s->org_name ? s->org_name : "Hartslag");
	if (rc) {
		free(title);
		return rc;
	}
	p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_TITLE, PDF_INK, title, 2) + 1 * PDF_MM;
	free(title);
	char *sub = xasprintf("%s · %s", s->org_name ? s->org_name : "", s->scope ? s->scope : "");
	char *csub = pdf_clean(sub, 0);
	p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_BODY, PDF_MUTED, csub, 2) + 1 * PDF_MM;
	free(csub);
	free(sub);
	if (s->year) {
		char d[11], nice[64];
		action_date_format(action_jap_deadline(s->year), d);
		pdf_format_date(nice, sizeof(nice), d, l);
		char *t = tmpl_fill(T(l, "The draft goes to the prevention committee by {1}."),
				    nice, NULL);
		p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_SMALL, PDF_MUTED, t, 2);
		free(t);
	}
	p.y += GAP;
	/* counts per status */
	long count[ACTION_STATUS_COUNT] = {0};
	for (size_t i = 0; i < s->n; i++)
		if ((unsigned)s->acts[i].status < ACTION_STATUS_COUNT)
			count[s->acts[i].status]++;
	struct buf b = BUF_INIT(1024);
	for (int k = 0; k < ACTION_STATUS_COUNT; k++)
		buf_printf(&b, "%s%s: %ld", k ? " · " : "",
			   action_status_name((enum action_status)k, l), count[k]);
	p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_BODY, PDF_INK, buf_cstr(&b), 2) + GAP;
	buf_release(&b);
	if (!s->n)
		p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_BODY, PDF_INK,
				T(l, "No actions yet."), 1);
	long unit = -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct action *a = &s->acts[i];
		if (a->unit_id != unit) {
			char *u = pdf_clean(unit_name(s, a->unit_id), 0);
			pp_need(&p, 30 * PDF_MM);
			p.y += GAP;
			p.y += pdf_text(&p.d, LEFT, p.y, WIDTH, PDF_HEADING, PDF_INK, u, 2);
			pdf_line(&p.d, LEFT, p.y + 1, LEFT + WIDTH, p.y + 1, 0.6, PDF_RULE);
			p.y += GAP;
			free(u);
			unit = a->unit_id;
		}
		pp_block(&p, a);
	}
	pp_footer(&p);
	pdf_page_break(&p.d);
	return pdf_doc_end(&p.d);
}
