/*
 * pdf_int.h: drawing helpers shared by the PDF documents (pdf_letters.c,
 * pdf_feedback.c). Private to src/report: an A4 cairo PDF surface that
 * writes into a capped struct buf, pango text in DejaVu Sans, zone colours
 * and the small date and number formats of each language.
 *
 * Units are PostScript points (1/72 inch) measured from the top left of
 * the page; PDF_MM converts millimetres.
 */
#ifndef HARTSLAG_PDF_INT_H
#define HARTSLAG_PDF_INT_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/i18n.h"
#include "core/instrument.h"
#include "core/lang.h"
#include "core/util.h"

#define PDF_MM (72.0 / 25.4)
#define PDF_A4_W (210.0 * PDF_MM)
#define PDF_A4_H (297.0 * PDF_MM)

/* Colours as 0xRRGGBB. */
#define PDF_INK 0x1f2933   /* body text */
#define PDF_MUTED 0x52606d /* secondary text */
#define PDF_RULE 0xb8c2cc  /* lines and frames */
#define PDF_TINT 0xf1f4f7  /* background of boxes */

enum pdf_style {
	PDF_BODY,    /* 10 pt regular */
	PDF_BOLD,    /* 10 pt bold */
	PDF_SMALL,   /* 8 pt regular */
	PDF_TITLE,   /* 17 pt bold */
	PDF_HEADING, /* 12 pt bold */
	PDF_MONO,    /* 10.5 pt DejaVu Sans Mono, breaks anywhere, never hyphenates */
	PDF_STYLE_COUNT
};

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	PangoFontDescription *fonts[PDF_STYLE_COUNT];
	PangoAttrList *mono_attrs;
	struct buf *out;
	size_t start; /* out->len before the document */
	int err;      /* first error met writing to out */
	double scale; /* font sizes are scaled by this (1 at first) */
	int dry;      /* when set, text is measured but nothing is drawn */
};

/*
 * Starts an A4 PDF that will be appended to out, with the document title
 * and author as PDF metadata (both may be NULL). On success the caller
 * draws pages and must call pdf_doc_end() once. Returns 0 or ERR_GENERIC
 * (nothing to release then).
 */
int pdf_doc_begin(struct pdf_doc *d, struct buf *out, const char *title, const char *author);
/*
 * Finishes the document and releases everything pdf_doc_begin() made.
 * Returns 0 with the whole PDF appended to out; ERR_TOO_LARGE when it
 * passed out's ceiling (out is then released, as buf_append does); or
 * ERR_GENERIC when cairo failed (out is then cut back to its old length).
 */
int pdf_doc_end(struct pdf_doc *d);
/* Ends the current page and starts the next. */
void pdf_page_break(struct pdf_doc *d);
/*
 * Sets the size of every text style to scale times its normal size, so
 * that a page of long texts can be fitted by measuring it (with d->dry
 * set) at smaller scales.
 */
void pdf_doc_scale(struct pdf_doc *d, double scale);

/*
 * Drawing functions do nothing but measure while d->dry is set.
 *
 * Draws text with its top left corner at (x, y), wrapped to width w.
 * max_lines > 0 stops after that many lines with an ellipsis (for text we
 * do not control, so a page layout cannot be pushed off the paper).
 * Returns the height used. Text is taken literally (no markup) and need
 * not be valid UTF-8: bad bytes are shown as U+FFFD.
 */
double pdf_text(struct pdf_doc *d, double x, double y, double w, enum pdf_style st,
		unsigned rgb, const char *text, int max_lines);
/* The height pdf_text() would use, without drawing. */
double pdf_text_height(struct pdf_doc *d, double w, enum pdf_style st, const char *text,
		       int max_lines);
/* The width of text set on one line, without drawing. */
double pdf_text_width(struct pdf_doc *d, enum pdf_style st, const char *text);

void pdf_set_rgb(struct pdf_doc *d, unsigned rgb);
void pdf_fill_rect(struct pdf_doc *d, double x, double y, double w, double h, unsigned rgb);
void pdf_stroke_rect(struct pdf_doc *d, double x, double y, double w, double h, double lw,
		     unsigned rgb);
void pdf_line(struct pdf_doc *d, double x0, double y0, double x1, double y1, double lw,
	      unsigned rgb);

/*
 * Zone colours. They differ in lightness as well as hue (green lightest,
 * red darkest) so that they stay apart in black-and-white print; every
 * use also writes the zone word, so colour is never the only sign.
 */
unsigned pdf_zone_rgb(enum risk_zone z);
/*
 * Draws a scale's track from 1 to sc->points at (x, y) size w x h with the
 * green, orange and red bands behind it, and, when score is not NAN, a
 * marker at the score.
 */
void pdf_zone_bar(struct pdf_doc *d, const struct scale *sc, double score, double x, double y,
		  double w, double h);

/*
 * Copies s as valid UTF-8 without control characters: bad bytes become
 * U+FFFD, tabs and (unless keep_newlines) line breaks become spaces,
 * other controls are dropped. NULL gives "". Caller frees.
 */
char *pdf_clean(const char *s, int keep_newlines);
/*
 * Writes an ISO date "YYYY-MM-DD" in the long form of l ("31 maart 2025",
 * "31 mars 2025", "31 March 2025") into dst; text that is not such a date
 * is copied as it is (cleaned).
 */
void pdf_format_date(char *dst, size_t n, const char *iso, enum lang l);
/* Writes a score with one decimal, with a decimal comma in nl and fr. */
void pdf_format_score(char *dst, size_t n, double v, enum lang l);

#endif
