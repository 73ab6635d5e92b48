/*
 * svg.h: a small SVG writer for charts rendered by the server. Text stays
 * real <text> (selectable, translatable, read by screen readers), every
 * text and attribute value goes through svg_text(), and each chart is an
 * accessible image: role="img" with a <title> and a <desc> that says in
 * words what the picture shows.
 *
 * Shapes carry a CSS class for theming and a fill attribute as fallback:
 * presentation attributes lose to any stylesheet rule, and need no inline
 * style, so the charts work under a strict Content-Security-Policy.
 *
 * Errors are sticky, as with stdio streams: after the first failure
 * (the output passed its ceiling) every call does nothing and returns the
 * same error, so a chart can be drawn with one check at svg_close().
 */
#ifndef HARTSLAG_SVG_H
#define HARTSLAG_SVG_H

#include "core/instrument.h"
#include "core/lang.h"
#include "core/util.h"

struct svg {
	struct buf *out; /* borrowed */
	int err;         /* first error, 0 if none */
	int depth;       /* open <g> elements */
};

enum svg_anchor {
	SVG_START,
	SVG_MIDDLE,
	SVG_END,
};

/*
 * Appends s[0..len) escaped for XML text and attribute values: & < > " '
 * become entities, bytes that are not valid UTF-8 become U+FFFD, control
 * characters that XML forbids are dropped. Returns 0 or ERR_TOO_LARGE
 * (out is then released, as buf_append does).
 */
int svg_text(struct buf *out, const char *s, size_t len);

/*
 * Opens an <svg> of w x h user units that scales to its container
 * (viewBox, no fixed size), with role="img", <title> and <desc>. id (may be
 * NULL) prefixes the ids that aria-labelledby points at; give each chart
 * on a page its own. Returns 0 or the sticky error.
 */
int svg_open(struct svg *s, struct buf *out, double w, double h, const char *id,
	     const char *title, const char *desc);
/* <g> with an optional class (NULL for none); close with svg_group_close(). */
int svg_group_open(struct svg *s, const char *cls);
int svg_group_close(struct svg *s);
/* A rectangle; cls and fill may be NULL. */
int svg_rect(struct svg *s, double x, double y, double w, double h, const char *cls,
	     const char *fill);
/* A line; cls may be NULL. */
int svg_line(struct svg *s, double x1, double y1, double x2, double y2, const char *cls,
	     const char *stroke, double width);
/* A circle; cls, fill and stroke may be NULL. */
int svg_circle(struct svg *s, double cx, double cy, double r, const char *cls, const char *fill,
	       const char *stroke);
/*
 * A line of text with its baseline at y, anchored at x; size in user
 * units (0 for the inherited size); cls may be NULL. text is escaped.
 */
int svg_text_at(struct svg *s, double x, double y, enum svg_anchor anchor, double size,
		const char *cls, const char *text);
/*
 * Closes open groups and the <svg>. Returns 0 with the whole chart
 * appended to out, or the sticky error.
 */
int svg_close(struct svg *s);

/*
 * The respondent's scores as bars, like the personal feedback PDF: one
 * row per scale with a score (NAN means none): the scale's name, the
 * track from 1 to points with its zone bands, a marker at the score, and
 * the score with its zone in words. The <desc> lists every scale's score
 * in words. scores has ins->nscales entries. Appends to out; returns 0,
 * ERR_INVALID without an instrument or scores, or ERR_TOO_LARGE.
 */
int svg_feedback(struct buf *out, const struct instrument *ins, const double *scores,
		 enum lang lang);

#endif
