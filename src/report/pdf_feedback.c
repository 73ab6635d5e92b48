/*
 * pdf_feedback.c: the respondent's own profile on paper. One bar a scale,
 * grouped as demands, resources, outcomes and needs, each with its zone
 * in words and the instrument's plain-language text for that zone, and
 * where to get help. Drawn from the scores alone: the document carries no
 * name, no unit and no answers.
 */
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/pdf.h"
#include "report/pdf_int.h"

#define LEFT (20 * PDF_MM)
#define WIDTH (170 * PDF_MM)
#define TOP (20 * PDF_MM)
#define BOTTOM (277 * PDF_MM)
#define BAR_W (104 * PDF_MM)
#define BAR_H (4 * PDF_MM)
#define GAP (5 * PDF_MM)

struct fb {
	struct pdf_doc d;
	enum lang lang;
	double y;
	int page;
};

static void footer(struct fb *f)
{
	char s[64];
	double y = 285 * PDF_MM;

	pdf_line(&f->d, LEFT, y - 2 * PDF_MM, LEFT + WIDTH, y - 2 * PDF_MM, 0.4, PDF_RULE);
	pdf_text(&f->d, LEFT, y, WIDTH / 2, PDF_SMALL, PDF_MUTED,
		 T(f->lang, "Personal and confidential"), 1);
	snprintf(s, sizeof(s), T(f->lang, "Page %d"), f->page);
	double w = pdf_text_width(&f->d, PDF_SMALL, s);
	pdf_text(&f->d, LEFT + WIDTH - w, y, 0, PDF_SMALL, PDF_MUTED, s, 1);
}

/* Starts a new page unless h more points fit on this one. */
static void need(struct fb *f, double h)
{
	if (f->y + h <= BOTTOM)
		return;
	footer(f);
	pdf_page_break(&f->d);
	f->page++;
	f->y = TOP;
}

static const char *group_title(enum scale_kind k, enum lang l)
{
	switch (k) {
	case SCALE_DEMAND:
		return T(l, "Demands of your work");
	case SCALE_RESOURCE:
		return T(l, "Resources in your work");
	case SCALE_OUTCOME:
		return T(l, "How you are doing");
	case SCALE_NEED:
		return T(l, "Your basic needs");
	}
	return "";
}

static const char *group_note(enum scale_kind k, enum lang l)
{
	switch (k) {
	case SCALE_DEMAND:
		return T(l, "Here a higher score means more strain.");
	case SCALE_RESOURCE:
		return T(l, "Here a higher score is better.");
	case SCALE_OUTCOME:
		return T(l, "How you feel in and about your work.");
	case SCALE_NEED:
		return T(l, "What everyone needs to feel well and motivated at work.");
	}
	return "";
}

/* Height of one scale's block, so that a block is never split over pages. */
static double scale_height(struct fb *f, const struct scale *sc, double score)
{
	double h = pdf_text_height(&f->d, WIDTH, PDF_BOLD, text_get(&sc->name, f->lang), 2);
	if (isnan(score))
		return h + 1.5 * PDF_MM + pdf_text_height(&f->d, WIDTH, PDF_SMALL, "x", 1) + GAP;
	h += 3.5 * PDF_MM + BAR_H + 7 * PDF_MM;
	const char *fb = text_get(&sc->feedback[scale_zone(sc, score)], f->lang);
	if (*fb)
		h += pdf_text_height(&f->d, WIDTH, PDF_BODY, fb, 0) + 1 * PDF_MM;
	return h + GAP;
}

static void draw_scale(struct fb *f, const struct scale *sc, double score)
{
	struct pdf_doc *d = &f->d;
	enum lang l = f->lang;
	char v[32], s[160];

	need(f, scale_height(f, sc, score));
	f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_BOLD, PDF_INK, text_get(&sc->name, l), 2);
	if (isnan(score)) {
		f->y += 1.5 * PDF_MM;
		f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_SMALL, PDF_MUTED,
				 T(l, "No score: too few questions were answered."), 1);
		f->y += GAP;
		return;
	}

	enum risk_zone z = scale_zone(sc, score);
	double bar_y = f->y + 3.5 * PDF_MM;
	pdf_zone_bar(d, sc, score, LEFT, bar_y, BAR_W, BAR_H);
	/* The scale's ends under the track. */
	snprintf(s, sizeof(s), "%d", sc->points);
	pdf_text(d, LEFT - 1, bar_y + BAR_H + 3, 0, PDF_SMALL, PDF_MUTED, "1", 1);
	pdf_text(d, LEFT + BAR_W - pdf_text_width(d, PDF_SMALL, s) + 1, bar_y + BAR_H + 3, 0,
		 PDF_SMALL, PDF_MUTED, s, 1);

	/* Score and zone in words, with a swatch: never colour alone. */
	double tx = LEFT + BAR_W + 8 * PDF_MM;
	pdf_format_score(v, sizeof(v), score, l);
	snprintf(s, sizeof(s), T(l, "%s of %d"), v, sc->points);
	double th = pdf_text_height(d, 0, PDF_BOLD, s, 1);
	double ty = bar_y + BAR_H / 2 - th / 2;
	pdf_fill_rect(d, tx, bar_y, BAR_H, BAR_H, pdf_zone_rgb(z));
	pdf_stroke_rect(d, tx, bar_y, BAR_H, BAR_H, 0.5, PDF_MUTED);
	double sx = tx + BAR_H + 2 * PDF_MM;
	pdf_text(d, sx, ty, LEFT + WIDTH - sx, PDF_BOLD, PDF_INK, s, 1);
	pdf_text(d, sx, bar_y + BAR_H + 1, LEFT + WIDTH - sx, PDF_BODY, PDF_INK,
		 zone_word(z, l), 1);

	f->y = bar_y + BAR_H + 7 * PDF_MM;
	const char *fb = text_get(&sc->feedback[z], l);
	if (*fb)
		f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_BODY, PDF_INK, fb, 0) + 1 * PDF_MM;
	f->y += GAP;
}

static void draw_legend(struct fb *f)
{
	struct pdf_doc *d = &f->d;
	const enum risk_zone zones[3] = {ZONE_GREEN, ZONE_ORANGE, ZONE_RED};
	const char *meaning[3] = {
		T(f->lang, "no particular attention needed"),
		T(f->lang, "worth paying attention to"),
		T(f->lang, "a clear signal: it may help to talk to someone"),
	};

	for (int i = 0; i < 3; i++) {
		char *s = xasprintf(T(f->lang, "%s: %s"), zone_word(zones[i], f->lang),
				    meaning[i]);
		double h = pdf_text_height(d, WIDTH - 7 * PDF_MM, PDF_SMALL, s, 2);
		pdf_fill_rect(d, LEFT, f->y + 0.5, 3 * PDF_MM, 3 * PDF_MM, pdf_zone_rgb(zones[i]));
		pdf_stroke_rect(d, LEFT, f->y + 0.5, 3 * PDF_MM, 3 * PDF_MM, 0.5, PDF_MUTED);
		pdf_text(d, LEFT + 5 * PDF_MM, f->y, WIDTH - 7 * PDF_MM, PDF_SMALL, PDF_INK, s, 2);
		f->y += h + 1.2 * PDF_MM;
		free(s);
	}
}

static void draw_help(struct fb *f, const struct org_settings *org)
{
	struct pdf_doc *d = &f->d;
	enum lang l = f->lang;
	struct {
		const char *label;
		const char *value;
	} rows[] = {
		{T(l, "Trusted person"), org ? org->help_trusted : NULL},
		{T(l, "Prevention advisor for psychosocial aspects"),
		 org ? org->help_advisor : NULL},
		{T(l, "Employee assistance programme"), org ? org->help_eap : NULL},
		{T(l, "Other help"), org ? org->help_other : NULL},
	};
	const char *urgent = T(l, "In an emergency, call 112. If you need someone to talk to, call "
				  "the Zelfmoordlijn on 1813 (in Dutch) or the Centre de Prévention "
				  "du Suicide on 0800 32 123 (in French).");
	double pad = 3 * PDF_MM;
	double uh = pdf_text_height(d, WIDTH - 2 * pad, PDF_BODY, urgent, 0) + 2 * pad;

	need(f, 12 * PDF_MM + uh);
	f->y += 2 * PDF_MM;
	f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_HEADING, PDF_INK, T(l, "Help"), 1);
	pdf_line(d, LEFT, f->y + 1, LEFT + WIDTH, f->y + 1, 0.6, PDF_RULE);
	f->y += 3 * PDF_MM;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!rows[i].value || !*rows[i].value)
			continue;
		double h = pdf_text_height(d, WIDTH, PDF_BOLD, rows[i].label, 2) +
			   pdf_text_height(d, WIDTH, PDF_BODY, rows[i].value, 6) + 2.5 * PDF_MM;
		need(f, h);
		f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_BOLD, PDF_INK, rows[i].label, 2);
		f->y += pdf_text(d, LEFT, f->y, WIDTH, PDF_BODY, PDF_INK, rows[i].value, 6);
		f->y += 2.5 * PDF_MM;
	}
	need(f, uh);
	f->y += 1 * PDF_MM;
	pdf_fill_rect(d, LEFT, f->y, WIDTH, uh, PDF_TINT);
	pdf_line(d, LEFT, f->y, LEFT, f->y + uh, 2, PDF_INK);
	pdf_text(d, LEFT + pad, f->y + pad, WIDTH - 2 * pad, PDF_BODY, PDF_INK, urgent, 0);
	f->y += uh;
}

/*
 * Draws the personal feedback of one respondent (see pdf.h) in lang and
 * appends the PDF to out. org may be NULL (then only the emergency
 * numbers are given as help). Returns 0; ERR_INVALID without an
 * instrument or scores; ERR_TOO_LARGE past out's ceiling (out is then
 * released, as buf_append does); ERR_GENERIC when drawing failed (out is
 * left as it was). ins, scores and org are borrowed; the caller owns out.
 */
int pdf_feedback(const struct instrument *ins, const double *scores, enum lang lang,
		 const struct org_settings *org, struct buf *out)
{
	struct fb f;
	char date[64], iso[16];
	struct tm tm;
	time_t now = time(NULL);
	static const enum scale_kind kinds[] = {SCALE_DEMAND, SCALE_RESOURCE, SCALE_OUTCOME,
						SCALE_NEED};

	if (!ins || !scores || ins->nscales < 0)
		return ERR_INVALID;
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;
	memset(&f, 0, sizeof(f));
	f.lang = lang;
	f.page = 1;
	f.y = TOP;
	int ret = pdf_doc_begin(&f.d, out, T(lang, "Your personal feedback"),
				org && org->name ? org->name : NULL);
	if (ret)
		return ret;
	struct pdf_doc *d = &f.d;

	/* Title, what it is and when it was made. */
	f.y += pdf_text(d, LEFT, f.y, WIDTH, PDF_TITLE, PDF_INK, T(lang, "Your personal feedback"),
			2);
	localtime_r(&now, &tm);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
	pdf_format_date(date, sizeof(date), iso, lang);
	char *sub = xasprintf("%s · %s", text_get(&ins->title, lang), date);
	f.y += pdf_text(d, LEFT, f.y + 1, WIDTH, PDF_BODY, PDF_MUTED, sub, 2) + 5 * PDF_MM;
	free(sub);
	f.y += pdf_text(d, LEFT, f.y, WIDTH, PDF_BODY, PDF_INK,
			T(lang, "This is your own profile, drawn from your answers. It is not stored "
				"with your name, and no one in your organisation sees it. Keep it "
				"for yourself, or use it to start a conversation with someone you "
				"trust."),
			0) + 3 * PDF_MM;
	f.y += pdf_text(d, LEFT, f.y, WIDTH, PDF_BODY, PDF_INK,
			T(lang, "Each bar runs from the lowest to the highest possible score. The "
				"marker shows your score; the coloured bands show the zones:"),
			0) + 2 * PDF_MM;
	draw_legend(&f);
	f.y += 4 * PDF_MM;

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		int first = -1;
		for (int i = 0; i < ins->nscales && first < 0; i++)
			if (ins->scales[i].kind == kinds[k])
				first = i;
		if (first < 0)
			continue;
		/* Keep a group's heading with its first scale. */
		double hh = pdf_text_height(d, WIDTH, PDF_HEADING, group_title(kinds[k], lang), 1) +
			    pdf_text_height(d, WIDTH, PDF_SMALL, group_note(kinds[k], lang), 2) +
			    5 * PDF_MM;
		need(&f, hh + scale_height(&f, &ins->scales[first], scores[first]));
		f.y += pdf_text(d, LEFT, f.y, WIDTH, PDF_HEADING, PDF_INK,
				group_title(kinds[k], lang), 1);
		pdf_line(d, LEFT, f.y + 1, LEFT + WIDTH, f.y + 1, 0.6, PDF_RULE);
		f.y += 2 * PDF_MM;
		f.y += pdf_text(d, LEFT, f.y, WIDTH, PDF_SMALL, PDF_MUTED,
				group_note(kinds[k], lang), 2) + 3 * PDF_MM;
		for (int i = first; i < ins->nscales; i++)
			if (ins->scales[i].kind == kinds[k])
				draw_scale(&f, &ins->scales[i], scores[i]);
		f.y += 2 * PDF_MM;
	}

	draw_help(&f, org);
	footer(&f);
	pdf_page_break(d);
	return pdf_doc_end(d);
}
