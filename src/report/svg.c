/*
 * svg.c: the SVG writer and the charts drawn with it. Numbers are written
 * with our own formatter, never printf's %f, so a locale with a decimal
 * comma can not break the coordinates.
 */
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "report/svg.h"

/* Chart geometry of svg_feedback, in user units. */
#define FB_W 360.0
#define FB_PAD 8.0
#define FB_ROW 76.0
#define FB_BAR_H 14.0
#define FB_NAME_CHARS 36

/* The fill fallbacks of the zone classes, the same colours as the PDF. */
static const char *const zone_class[3] = {"zone-green", "zone-orange", "zone-red"};
static const char *const zone_fill[3] = {"#dcefe1", "#f2b65c", "#d9776b"};

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t k = p[0] < 0x80 ? 1 : p[0] < 0xc0 ? 0 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (k == 0 || k > n || !utf8_valid((const char *)p, k))
		return 0;
	return k;
}

/*
 * Appends s[0..len) escaped for XML (see svg.h). Returns 0 or
 * ERR_TOO_LARGE with out released. s is borrowed.
 */
int svg_text(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0; /* run: start of bytes to copy as they are */
	int ret = 0;

	while (i < len && ret == 0) {
		const char *rep = NULL;
		size_t k = 1;
		switch (p[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') ||
			    p[i] == 0x7f) {
				rep = "";
			} else {
				k = utf8_seq(p + i, len - i);
				if (k == 0) {
					rep = "\xef\xbf\xbd";
					k = 1;
				}
			}
		}
		if (rep) {
			ret = buf_append(out, s + run, i - run);
			if (ret == 0)
				ret = buf_puts(out, rep);
			run = i + k;
		}
		i += k;
	}
	if (ret == 0)
		ret = buf_append(out, s + run, len - run);
	return ret;
}

static int put(struct svg *s, const char *lit)
{
	if (s->err == 0)
		s->err = buf_puts(s->out, lit);
	return s->err;
}

static int esc(struct svg *s, const char *t)
{
	if (s->err == 0 && t)
		s->err = svg_text(s->out, t, strlen(t));
	return s->err;
}

/* A number with at most one decimal, locale-free: "12", "-3.5". */
static int num(struct svg *s, double v)
{
	if (s->err)
		return s->err;
	if (!isfinite(v))
		v = 0;
	long t = lround(v * 10);
	const char *sign = t < 0 ? "-" : "";
	unsigned long a = t < 0 ? -(unsigned long)t : (unsigned long)t;
	if (a % 10)
		s->err = buf_printf(s->out, "%s%lu.%lu", sign, a / 10, a % 10);
	else
		s->err = buf_printf(s->out, "%s%lu", sign, a / 10);
	return s->err;
}

/* Writes ` name="value"` when value is set. */
static int attr(struct svg *s, const char *name, const char *value)
{
	if (!value)
		return s->err;
	put(s, " ");
	put(s, name);
	put(s, "=\"");
	esc(s, value);
	return put(s, "\"");
}

static int attr_num(struct svg *s, const char *name, double v)
{
	put(s, " ");
	put(s, name);
	put(s, "=\"");
	num(s, v);
	return put(s, "\"");
}

/*
 * Starts a chart in out (borrowed until svg_close) with its title and
 * description. Returns 0 or the sticky error.
 */
int svg_open(struct svg *s, struct buf *out, double w, double h, const char *id,
	     const char *title, const char *desc)
{
	s->out = out;
	s->err = 0;
	s->depth = 0;
	put(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	num(s, w);
	put(s, " ");
	num(s, h);
	put(s, "\" role=\"img\" font-family=\"DejaVu Sans, Verdana, sans-serif\"");
	if (id) {
		put(s, " aria-labelledby=\"");
		esc(s, id);
		put(s, "-title ");
		esc(s, id);
		put(s, "-desc\"");
	}
	put(s, "><title");
	if (id) {
		put(s, " id=\"");
		esc(s, id);
		put(s, "-title\"");
	}
	put(s, ">");
	esc(s, title);
	put(s, "</title><desc");
	if (id) {
		put(s, " id=\"");
		esc(s, id);
		put(s, "-desc\"");
	}
	put(s, ">");
	esc(s, desc);
	return put(s, "</desc>\n");
}

/* Opens a <g>; returns 0 or the sticky error. */
int svg_group_open(struct svg *s, const char *cls)
{
	put(s, "<g");
	attr(s, "class", cls);
	if (put(s, ">\n") == 0)
		s->depth++;
	return s->err;
}

/* Closes the innermost open <g>, if any; returns 0 or the sticky error. */
int svg_group_close(struct svg *s)
{
	if (s->depth <= 0)
		return s->err;
	if (put(s, "</g>\n") == 0)
		s->depth--;
	return s->err;
}

/* Writes a <rect> (negative sizes become 0); returns 0 or the sticky error. */
int svg_rect(struct svg *s, double x, double y, double w, double h, const char *cls,
	     const char *fill)
{
	put(s, "<rect");
	attr_num(s, "x", x);
	attr_num(s, "y", y);
	attr_num(s, "width", w > 0 ? w : 0);
	attr_num(s, "height", h > 0 ? h : 0);
	attr(s, "class", cls);
	attr(s, "fill", fill);
	return put(s, "/>\n");
}

/* Writes a <line>; returns 0 or the sticky error. */
int svg_line(struct svg *s, double x1, double y1, double x2, double y2, const char *cls,
	     const char *stroke, double width)
{
	put(s, "<line");
	attr_num(s, "x1", x1);
	attr_num(s, "y1", y1);
	attr_num(s, "x2", x2);
	attr_num(s, "y2", y2);
	attr(s, "class", cls);
	attr(s, "stroke", stroke);
	attr_num(s, "stroke-width", width);
	return put(s, "/>\n");
}

/* Writes a <circle>; returns 0 or the sticky error. */
int svg_circle(struct svg *s, double cx, double cy, double r, const char *cls, const char *fill,
	       const char *stroke)
{
	put(s, "<circle");
	attr_num(s, "cx", cx);
	attr_num(s, "cy", cy);
	attr_num(s, "r", r);
	attr(s, "class", cls);
	attr(s, "fill", fill);
	attr(s, "stroke", stroke);
	return put(s, "/>\n");
}

/* Writes a <text> with text escaped; returns 0 or the sticky error. */
int svg_text_at(struct svg *s, double x, double y, enum svg_anchor anchor, double size,
		const char *cls, const char *text)
{
	static const char *const anchors[] = {"start", "middle", "end"};

	put(s, "<text");
	attr_num(s, "x", x);
	attr_num(s, "y", y);
	if (anchor != SVG_START && (unsigned)anchor < ARRAY_SIZE(anchors))
		attr(s, "text-anchor", anchors[anchor]);
	if (size > 0)
		attr_num(s, "font-size", size);
	attr(s, "class", cls);
	put(s, ">");
	esc(s, text);
	return put(s, "</text>\n");
}

/* Closes open groups and the chart; returns 0 or the sticky error. */
int svg_close(struct svg *s)
{
	while (s->depth > 0 && svg_group_close(s) == 0)
		;
	return put(s, "</svg>\n");
}

static void format_score(char *dst, size_t n, double v, enum lang l)
{
	snprintf(dst, n, "%.1f", v);
	if (l == LANG_NL || l == LANG_FR) {
		char *dot = strchr(dst, '.');
		if (dot)
			*dot = ',';
	}
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

/* Cuts a name for display after max characters, with an ellipsis; caller frees. */
static char *shorten(const char *t, size_t max)
{
	size_t chars = 0, i = 0;
	for (; t[i]; i++) {
		if (((unsigned char)t[i] & 0xc0) != 0x80 && chars++ == max)
			return xasprintf("%.*s…", (int)i, t);
	}
	return xstrdup(t);
}

/*
 * One scale: its name, the track from 1 to points with the zone bands,
 * a marker at the score, and the score with its zone in words under the
 * track. Sized for a phone: 360 units wide, text of 13-15 units.
 */
static void draw_row(struct svg *s, const struct scale *sc, double score, double y, enum lang l)
{
	enum risk_zone z = scale_zone(sc, score);
	double x = FB_PAD, by = y + 12, w = FB_W - 2 * FB_PAD, h = FB_BAR_H;
	double xo = track_x(sc->orange, sc->points, x, w);
	double xr = track_x(sc->red, sc->points, x, w);
	char v[32], of[96], caption[192];

	svg_group_open(s, "scale-row");
	char *name = shorten(text_get(&sc->name, l), FB_NAME_CHARS);
	svg_text_at(s, x, y, SVG_START, 15, "scale-name", name);
	free(name);
	if (sc->higher_is_better) {
		svg_rect(s, x, by, xr - x, h, zone_class[ZONE_RED], zone_fill[ZONE_RED]);
		svg_rect(s, xr, by, xo - xr, h, zone_class[ZONE_ORANGE], zone_fill[ZONE_ORANGE]);
		svg_rect(s, xo, by, x + w - xo, h, zone_class[ZONE_GREEN], zone_fill[ZONE_GREEN]);
	} else {
		svg_rect(s, x, by, xo - x, h, zone_class[ZONE_GREEN], zone_fill[ZONE_GREEN]);
		svg_rect(s, xo, by, xr - xo, h, zone_class[ZONE_ORANGE], zone_fill[ZONE_ORANGE]);
		svg_rect(s, xr, by, x + w - xr, h, zone_class[ZONE_RED], zone_fill[ZONE_RED]);
	}
	double mx = track_x(score, sc->points, x, w);
	svg_line(s, mx, by - 4, mx, by + h + 4, "marker", "#1f2933", 3);
	svg_circle(s, mx, by - 6, 4, "marker-head", "#ffffff", "#1f2933");

	format_score(v, sizeof(v), score, l);
	snprintf(of, sizeof(of), T(l, "%s of %d"), v, sc->points);
	snprintf(caption, sizeof(caption), "%s · %s", of, zone_word(z, l));
	svg_text_at(s, x, by + h + 18, SVG_START, 13, "score", caption);
	svg_group_close(s);
}

/*
 * Appends the feedback chart of scores (ins->nscales entries, NAN for
 * none) to out. Returns 0, ERR_INVALID or ERR_TOO_LARGE (out released).
 * Borrows everything it is given.
 */
int svg_feedback(struct buf *out, const struct instrument *ins, const double *scores,
		 enum lang lang)
{
	struct svg s;
	struct buf desc = BUF_INIT(MAX_PAGE_BYTES);
	int rows = 0, ret;

	if (!ins || !scores || ins->nscales < 0)
		return ERR_INVALID;
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;

	/* The whole picture in words, for screen readers. */
	for (int i = 0; i < ins->nscales; i++) {
		const struct scale *sc = &ins->scales[i];
		const char *name = text_get(&sc->name, lang);
		char v[32];
		if (desc.len)
			buf_putc(&desc, ' ');
		if (isnan(scores[i])) {
			buf_printf(&desc, T(lang, "%s: no score."), name);
			continue;
		}
		rows++;
		format_score(v, sizeof(v), scores[i], lang);
		buf_printf(&desc, T(lang, "%s: %s of %d, %s."), name, v, sc->points,
			   zone_word(scale_zone(sc, scores[i]), lang));
	}
	if (rows == 0 && desc.len == 0)
		buf_puts(&desc, T(lang, "No scores to show."));

	double h = rows ? FB_PAD + 16 + rows * FB_ROW - 20 : 2 * FB_PAD + 16;
	svg_open(&s, out, FB_W, h, "feedback", T(lang, "Your scores per scale"), buf_cstr(&desc));
	if (rows == 0) {
		svg_text_at(&s, FB_PAD, FB_PAD + 14, SVG_START, 15, "note",
			    T(lang, "No scores to show."));
	}
	double y = FB_PAD + 16;
	for (int i = 0; i < ins->nscales; i++) {
		if (isnan(scores[i]))
			continue;
		draw_row(&s, &ins->scales[i], scores[i], y, lang);
		y += FB_ROW;
	}
	ret = svg_close(&s);
	buf_release(&desc);
	return ret;
}
