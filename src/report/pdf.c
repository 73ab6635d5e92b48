/*
 * pdf.c: the drawing helpers behind every printable document. One
 * struct pdf_doc is one PDF: a cairo surface streamed into a capped
 * buffer, one reused pango layout and the fonts of each text style.
 *
 * Pango's default font map is per thread, so documents can be drawn on
 * several worker threads at once; a pdf_doc itself belongs to one thread.
 */
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/pdf_int.h"

#define SANS "DejaVu Sans"
#define MONO "DejaVu Sans Mono"
#define NBSP "\xc2\xa0"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_doc *d = closure;

	if (d->err)
		return CAIRO_STATUS_WRITE_ERROR;
	if (buf_append(d->out, data, len)) {
		d->err = ERR_TOO_LARGE;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *font(const char *family, double pt, PangoWeight weight)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, family);
	pango_font_description_set_weight(f, weight);
	pango_font_description_set_size(f, (int)(pt * PANGO_SCALE));
	return f;
}

/* Family, size in points and weight of each style at scale 1. */
static const struct {
	const char *family;
	double pt;
	PangoWeight weight;
} styles[PDF_STYLE_COUNT] = {
	[PDF_BODY] = {SANS, 10, PANGO_WEIGHT_NORMAL},
	[PDF_BOLD] = {SANS, 10, PANGO_WEIGHT_BOLD},
	[PDF_SMALL] = {SANS, 8, PANGO_WEIGHT_NORMAL},
	[PDF_TITLE] = {SANS, 17, PANGO_WEIGHT_BOLD},
	[PDF_HEADING] = {SANS, 12, PANGO_WEIGHT_BOLD},
	[PDF_MONO] = {MONO, 10.5, PANGO_WEIGHT_NORMAL},
};

/* Rebuilds the fonts of every style at scale; the old ones are freed. */
void pdf_doc_scale(struct pdf_doc *d, double scale)
{
	for (int i = 0; i < PDF_STYLE_COUNT; i++) {
		if (d->fonts[i])
			pango_font_description_free(d->fonts[i]);
		d->fonts[i] = font(styles[i].family, styles[i].pt * scale, styles[i].weight);
	}
	d->scale = scale;
}

static void set_metadata(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
	if (!value || !*value)
		return;
	char *v = pdf_clean(value, 0);
	cairo_pdf_surface_set_metadata(s, key, v);
	free(v);
}

/*
 * Starts a document appended to out (borrowed until pdf_doc_end). Returns
 * 0, or ERR_GENERIC with nothing left to release.
 */
int pdf_doc_begin(struct pdf_doc *d, struct buf *out, const char *title, const char *author)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->start = out->len;
	d->surface = cairo_pdf_surface_create_for_stream(write_out, d, PDF_A4_W, PDF_A4_H);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->surface);
		return ERR_GENERIC;
	}
	set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, author);
	set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "Hartslag");
	d->cr = cairo_create(d->surface);
	d->layout = pango_cairo_create_layout(d->cr);

	/* Metrics as designed, not as hinted for a screen: the same text
	 * breaks the same way in every document. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(d->layout), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(d->layout);

	pdf_doc_scale(d, 1.0);

	/* A link broken over lines must not gain a hyphen that is not in it. */
	d->mono_attrs = pango_attr_list_new();
	pango_attr_list_insert(d->mono_attrs, pango_attr_insert_hyphens_new(FALSE));
	return 0;
}

/*
 * Finishes the PDF and frees all d holds. Returns 0, ERR_TOO_LARGE (out
 * released) or ERR_GENERIC (out cut back to its old length).
 */
int pdf_doc_end(struct pdf_doc *d)
{
	int ret = 0;

	for (int i = 0; i < PDF_STYLE_COUNT; i++)
		pango_font_description_free(d->fonts[i]);
	pango_attr_list_unref(d->mono_attrs);
	g_object_unref(d->layout);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	cairo_status_t st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);

	if (d->err) {
		ret = d->err; /* buf_append released out already */
	} else if (st != CAIRO_STATUS_SUCCESS) {
		ret = ERR_GENERIC;
		if (d->out->p) {
			d->out->len = d->start;
			d->out->p[d->start] = '\0';
		}
	}
	memset(d, 0, sizeof(*d));
	return ret;
}

/* Ends the page; drawing goes on on a new one. */
void pdf_page_break(struct pdf_doc *d)
{
	cairo_show_page(d->cr);
}

/* Sets the layout up for text in style st, wrapped to w; s must be clean. */
static void prepare(struct pdf_doc *d, double w, enum pdf_style st, const char *s, int max_lines)
{
	PangoLayout *l = d->layout;

	pango_layout_set_font_description(l, d->fonts[st]);
	pango_layout_set_attributes(l, st == PDF_MONO ? d->mono_attrs : NULL);
	pango_layout_set_wrap(l, st == PDF_MONO ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	if (max_lines > 0) {
		pango_layout_set_height(l, -max_lines);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	} else {
		pango_layout_set_height(l, -1);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	}
	pango_layout_set_spacing(l, st == PDF_BODY || st == PDF_BOLD ? 2 * PANGO_SCALE : 0);
	pango_layout_set_text(l, s, -1);
}

static double layout_height(struct pdf_doc *d)
{
	int lw, lh;
	pango_layout_get_size(d->layout, &lw, &lh);
	return (double)lh / PANGO_SCALE;
}

/* Draws (unless d->dry) wrapped text; returns its height. text is borrowed. */
double pdf_text(struct pdf_doc *d, double x, double y, double w, enum pdf_style st,
		unsigned rgb, const char *text, int max_lines)
{
	char *s = pdf_clean(text, 1);
	prepare(d, w, st, s, max_lines);
	if (!d->dry) {
		pdf_set_rgb(d, rgb);
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, d->layout);
	}
	free(s);
	return layout_height(d);
}

/* The height pdf_text() would take. text is borrowed. */
double pdf_text_height(struct pdf_doc *d, double w, enum pdf_style st, const char *text,
		       int max_lines)
{
	char *s = pdf_clean(text, 1);
	prepare(d, w, st, s, max_lines);
	free(s);
	return layout_height(d);
}

/* The width of text on one line. text is borrowed. */
double pdf_text_width(struct pdf_doc *d, enum pdf_style st, const char *text)
{
	int lw, lh;
	char *s = pdf_clean(text, 0);
	prepare(d, 0, st, s, 0);
	free(s);
	pango_layout_get_size(d->layout, &lw, &lh);
	return (double)lw / PANGO_SCALE;
}

/* Sets the colour of what is drawn next (0xRRGGBB). */
void pdf_set_rgb(struct pdf_doc *d, unsigned rgb)
{
	cairo_set_source_rgb(d->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

/* Fills a rectangle (unless d->dry). */
void pdf_fill_rect(struct pdf_doc *d, double x, double y, double w, double h, unsigned rgb)
{
	if (d->dry)
		return;
	pdf_set_rgb(d, rgb);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_fill(d->cr);
}

/* Outlines a rectangle with line width lw (unless d->dry). */
void pdf_stroke_rect(struct pdf_doc *d, double x, double y, double w, double h, double lw,
		     unsigned rgb)
{
	if (d->dry)
		return;
	pdf_set_rgb(d, rgb);
	cairo_set_line_width(d->cr, lw);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_stroke(d->cr);
}

/* Draws a straight line with line width lw (unless d->dry). */
void pdf_line(struct pdf_doc *d, double x0, double y0, double x1, double y1, double lw,
	      unsigned rgb)
{
	if (d->dry)
		return;
	pdf_set_rgb(d, rgb);
	cairo_set_line_width(d->cr, lw);
	cairo_move_to(d->cr, x0, y0);
	cairo_line_to(d->cr, x1, y1);
	cairo_stroke(d->cr);
}

/* The fill colour of a zone, grey for ZONE_NONE. */
unsigned pdf_zone_rgb(enum risk_zone z)
{
	/* Grey values about 92 %, 74 % and 55 %. */
	switch (z) {
	case ZONE_GREEN:
		return 0xdcefe1;
	case ZONE_ORANGE:
		return 0xf2b65c;
	case ZONE_RED:
		return 0xd9776b;
	case ZONE_NONE:
		break;
	}
	return 0xe4e7eb;
}

/* The x of value v on a track from 1 to points drawn from x to x + w. */
static double track_x(double v, int points, double x, double w)
{
	if (points < 2)
		return x;
	if (v < 1)
		v = 1;
	if (v > points)
		v = points;
	return x + (v - 1) / (points - 1) * w;
}

/* Draws a scale's zone bands and the marker at score (none for NAN). */
void pdf_zone_bar(struct pdf_doc *d, const struct scale *sc, double score, double x, double y,
		  double w, double h)
{
	int pts = sc->points;
	double xo = track_x(sc->orange, pts, x, w);
	double xr = track_x(sc->red, pts, x, w);

	if (d->dry)
		return;
	if (sc->higher_is_better) {
		/* red from 1, then orange, then green up to the top */
		pdf_fill_rect(d, x, y, xr - x, h, pdf_zone_rgb(ZONE_RED));
		pdf_fill_rect(d, xr, y, xo - xr, h, pdf_zone_rgb(ZONE_ORANGE));
		pdf_fill_rect(d, xo, y, x + w - xo, h, pdf_zone_rgb(ZONE_GREEN));
	} else {
		pdf_fill_rect(d, x, y, xo - x, h, pdf_zone_rgb(ZONE_GREEN));
		pdf_fill_rect(d, xo, y, xr - xo, h, pdf_zone_rgb(ZONE_ORANGE));
		pdf_fill_rect(d, xr, y, x + w - xr, h, pdf_zone_rgb(ZONE_RED));
	}
	/* Thin white gaps at the cut points keep the bands apart in grey. */
	pdf_line(d, xo, y, xo, y + h, 0.8, 0xffffff);
	pdf_line(d, xr, y, xr, y + h, 0.8, 0xffffff);
	pdf_stroke_rect(d, x, y, w, h, 0.5, PDF_RULE);

	/* Ticks at every answer point. */
	for (int i = 1; i <= pts; i++) {
		double tx = track_x(i, pts, x, w);
		pdf_line(d, tx, y + h, tx, y + h + 2.5, 0.5, PDF_MUTED);
	}
	if (isnan(score))
		return;

	double mx = track_x(score, pts, x, w);
	/* A dark needle through the track with a ring on top: clear in colour
	 * and in grey, and not hidden by any band. */
	pdf_set_rgb(d, PDF_INK);
	cairo_set_line_width(d->cr, 2.2);
	cairo_move_to(d->cr, mx, y - 3);
	cairo_line_to(d->cr, mx, y + h + 3);
	cairo_stroke(d->cr);
	cairo_arc(d->cr, mx, y - 5.5, 3.6, 0, 2 * M_PI);
	pdf_set_rgb(d, 0xffffff);
	cairo_fill_preserve(d->cr);
	pdf_set_rgb(d, PDF_INK);
	cairo_set_line_width(d->cr, 1.6);
	cairo_stroke(d->cr);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t k = p[0] < 0x80 ? 1 : p[0] < 0xc0 ? 0 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (k == 0 || k > n || !utf8_valid((const char *)p, k))
		return 0;
	return k;
}

/* Returns a clean copy of s (valid UTF-8, no controls); caller frees. */
char *pdf_clean(const char *s, int keep_newlines)
{
	struct buf b;

	if (!s)
		return xstrdup("");
	size_t n = strlen(s);
	/* Worst case every byte becomes the 3-byte U+FFFD. */
	buf_init(&b, 3 * n + 1);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (k == 0) {
			buf_append(&b, "\xef\xbf\xbd", 3);
			i++;
		} else if (k == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			if (p[i] == '\n' && keep_newlines)
				buf_putc(&b, '\n');
			else if (p[i] == '\n' || p[i] == '\t' || p[i] == '\r')
				buf_putc(&b, ' ');
			i++;
		} else {
			buf_append(&b, p + i, k);
			i += k;
		}
	}
	size_t len;
	return buf_detach(&b, &len);
}

static const char *const months[LANG_COUNT][12] = {
	[LANG_NL] = {"januari", "februari", "maart", "april", "mei", "juni", "juli",
		     "augustus", "september", "oktober", "november", "december"},
	[LANG_FR] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		     "septembre", "octobre", "novembre", "décembre"},
	[LANG_EN] = {"January", "February", "March", "April", "May", "June", "July", "August",
		     "September", "October", "November", "December"},
};

/* Writes "31 maart 2025" for "2025-03-31" into dst (n bytes, truncated). */
void pdf_format_date(char *dst, size_t n, const char *iso, enum lang l)
{
	long y, m, day;

	if (n == 0)
		return;
	if ((unsigned)l >= LANG_COUNT)
		l = LANG_EN;
	if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-' &&
	    str_to_long((struct str){iso, 4}, 1900, 9999, &y) == 0 &&
	    str_to_long((struct str){iso + 5, 2}, 1, 12, &m) == 0 &&
	    str_to_long((struct str){iso + 8, 2}, 1, 31, &day) == 0) {
		/* no-break spaces: a date is not split over two lines */
		if (l == LANG_FR && day == 1)
			snprintf(dst, n, "1er" NBSP "%s" NBSP "%ld", months[l][m - 1], y);
		else
			snprintf(dst, n, "%ld" NBSP "%s" NBSP "%ld", day, months[l][m - 1], y);
		return;
	}
	char *c = pdf_clean(iso, 0);
	snprintf(dst, n, "%s", c);
	free(c);
}

/* Writes "3,4" (nl, fr) or "3.4" (en) into dst (n bytes). */
void pdf_format_score(char *dst, size_t n, double v, enum lang l)
{
	snprintf(dst, n, "%.1f", v);
	if (l == LANG_NL || l == LANG_FR) {
		char *dot = strchr(dst, '.');
		if (dot)
			*dot = ',';
	}
}
