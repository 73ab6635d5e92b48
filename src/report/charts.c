/*
 * charts.c: the trend and zone-share charts of group reports (charts.h),
 * written with the SVG writer. All text goes through svg.h's escaping.
 */
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "report/charts.h"
#include "report/svg.h"

/* The zone classes of the stylesheet, with the PDF's colours as fill fallback. */
static const char *const zone_class[3] = {"zone-green", "zone-orange", "zone-red"};
static const char *const zone_fill[3] = {"#dcefe1", "#f2b65c", "#d9776b"};
/* Light bands behind the trend, so the dots stand out. */
static const char *const band_class[3] = {"band-green", "band-orange", "band-red"};
static const char *const band_fill[3] = {"#eef7f0", "#fdf1de", "#fbe6e3"};

#define INK "#1d2433"
#define MUTED "#4a5468"

/* One decimal with the language's decimal sign into dst (n bytes); "–" for NAN. */
void chart_format_score(char *dst, size_t n, double v, enum lang l)
{
	if (n == 0)
		return;
	if (!isfinite(v)) {
		snprintf(dst, n, "–");
		return;
	}
	snprintf(dst, n, "%.1f", v);
	if (l == LANG_NL || l == LANG_FR) {
		char *dot = strchr(dst, '.');
		if (dot)
			*dot = ',';
	}
}

/* Cuts t after max characters with an ellipsis; caller frees. */
static char *shorten(const char *t, size_t max)
{
	size_t chars = 0;
	for (size_t i = 0; t[i]; i++) {
		if (((unsigned char)t[i] & 0xc0) != 0x80 && chars++ == max)
			return xasprintf("%.*s…", (int)i, t);
	}
	return xstrdup(t);
}

static int valid_zone(enum risk_zone z)
{
	return z == ZONE_GREEN || z == ZONE_ORANGE || z == ZONE_RED;
}

/* Trend layout: the plot area inside the chart. */
#define TR_X0 34.0
#define TR_X1 (CHART_TREND_W - 14.0)
#define TR_Y0 16.0
#define TR_Y1 (CHART_TREND_H - 34.0)

static double trend_y(double v, int points)
{
	if (points < 2)
		return TR_Y1;
	if (v < 1)
		v = 1;
	if (v > points)
		v = points;
	return TR_Y1 - (v - 1) / (points - 1) * (TR_Y1 - TR_Y0);
}

static double trend_x(size_t i, size_t n)
{
	if (n <= 1)
		return (TR_X0 + TR_X1) / 2;
	double step = (TR_X1 - TR_X0 - 64) / (double)(n - 1);
	return TR_X0 + 32 + step * (double)i;
}

/* The zone bands of sc from value a to value b (a < b), as light rectangles. */
static void trend_band(struct svg *s, const struct scale *sc, double a, double b, int zone)
{
	double ya = trend_y(a, sc->points), yb = trend_y(b, sc->points);
	svg_rect(s, TR_X0, yb, TR_X1 - TR_X0, ya - yb, band_class[zone], band_fill[zone]);
}

/*
 * Appends the trend chart of sc over n waves to out (see charts.h).
 * Returns 0, ERR_INVALID or ERR_TOO_LARGE (out released). Borrows all.
 */
int chart_trend(struct buf *out, const struct scale *sc, const struct chart_point *pts,
		size_t n, const char *id, enum lang lang)
{
	struct svg s;
	struct buf desc = BUF_INIT(MAX_PAGE_BYTES);
	char v[32];

	if (!sc || (!pts && n) || sc->points < 2)
		return ERR_INVALID;
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;
	const char *name = text_get(&sc->name, lang);

	/* The picture in words, wave by wave. */
	for (size_t i = 0; i < n; i++) {
		const char *label = pts[i].label ? pts[i].label : "";
		if (desc.len)
			buf_putc(&desc, ' ');
		if (!pts[i].shown || !isfinite(pts[i].mean)) {
			buf_printf(&desc, T(lang, "%s: hidden to protect anonymity."), label);
			continue;
		}
		chart_format_score(v, sizeof(v), pts[i].mean, lang);
		buf_printf(&desc, T(lang, "%s: %s of %d, %s."), label, v, sc->points,
			   zone_word(pts[i].zone, lang));
	}
	if (n == 0)
		buf_puts(&desc, T(lang, "No closed waves to show."));
	char *title = xasprintf(T(lang, "%s over the survey waves"), name);
	svg_open(&s, out, CHART_TREND_W, CHART_TREND_H, id, title, buf_cstr(&desc));
	free(title);
	buf_release(&desc);

	/* Zone bands, oriented by the scale's direction. */
	svg_group_open(&s, "bands");
	if (sc->higher_is_better) {
		trend_band(&s, sc, 1, sc->red, ZONE_RED);
		trend_band(&s, sc, sc->red, sc->orange, ZONE_ORANGE);
		trend_band(&s, sc, sc->orange, sc->points, ZONE_GREEN);
	} else {
		trend_band(&s, sc, 1, sc->orange, ZONE_GREEN);
		trend_band(&s, sc, sc->orange, sc->red, ZONE_ORANGE);
		trend_band(&s, sc, sc->red, sc->points, ZONE_RED);
	}
	svg_group_close(&s);

	/* The y axis: every answer point, with a faint grid line. */
	svg_group_open(&s, "axis");
	for (int p = 1; p <= sc->points; p++) {
		double y = trend_y(p, sc->points);
		char t[16];
		snprintf(t, sizeof(t), "%d", p);
		svg_line(&s, TR_X0, y, TR_X1, y, "grid", "#c4cad6", 0.5);
		svg_text_at(&s, TR_X0 - 6, y + 4, SVG_END, 12, "tick", t);
	}
	svg_group_close(&s);

	/* Lines between neighbouring shown waves, then the dots over them. */
	svg_group_open(&s, "trend-line");
	for (size_t i = 1; i < n; i++) {
		if (!pts[i - 1].shown || !pts[i].shown || !isfinite(pts[i - 1].mean) ||
		    !isfinite(pts[i].mean))
			continue;
		svg_line(&s, trend_x(i - 1, n), trend_y(pts[i - 1].mean, sc->points),
			 trend_x(i, n), trend_y(pts[i].mean, sc->points), "trend", INK, 2);
	}
	svg_group_close(&s);

	svg_group_open(&s, "points");
	for (size_t i = 0; i < n; i++) {
		double x = trend_x(i, n);
		char *label = shorten(pts[i].label ? pts[i].label : "", 12);
		svg_text_at(&s, x, CHART_TREND_H - 14, SVG_MIDDLE, 12, "wave", label);
		free(label);
		if (!pts[i].shown || !isfinite(pts[i].mean)) {
			svg_text_at(&s, x, TR_Y1 - 4, SVG_MIDDLE, 13, "hidden", "–");
			continue;
		}
		double y = trend_y(pts[i].mean, sc->points);
		int z = valid_zone(pts[i].zone) ? (int)pts[i].zone : -1;
		svg_circle(&s, x, y, 5, z >= 0 ? zone_class[z] : NULL,
			   z >= 0 ? zone_fill[z] : "#ffffff", INK);
		chart_format_score(v, sizeof(v), pts[i].mean, lang);
		/* The value above the dot, or below it near the top. */
		double ty = y - 10 < TR_Y0 + 6 ? y + 20 : y - 10;
		svg_text_at(&s, x, ty, SVG_MIDDLE, 14, "value", v);
	}
	svg_group_close(&s);
	return svg_close(&s);
}

/* Zone-share layout. */
#define SH_PAD 8.0
#define SH_LEGEND 26.0
#define SH_BAR_H 16.0

/* The legend: a swatch and the zone's name for each zone. */
static void shares_legend(struct svg *s, enum lang lang)
{
	double x = SH_PAD;
	svg_group_open(s, "legend");
	for (int z = 0; z < 3; z++) {
		const char *word = zone_word((enum risk_zone)z, lang);
		svg_rect(s, x, 6, 12, 12, zone_class[z], zone_fill[z]);
		svg_text_at(s, x + 16, 16, SVG_START, 13, "legend", word);
		/* Room for the word: about 6.5 units a character at this size. */
		size_t chars = 0;
		for (const char *p = word; *p; p++)
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		x += 16 + 7 * (double)chars + 14;
	}
	svg_group_close(s);
}

/*
 * Appends the zone-share bars of n rows to out (see charts.h). Returns 0,
 * ERR_INVALID or ERR_TOO_LARGE (out released). Borrows all.
 */
int chart_zone_shares(struct buf *out, const struct chart_shares *rows, size_t n,
		      const char *id, const char *title, enum lang lang)
{
	struct svg s;
	struct buf desc = BUF_INIT(MAX_PAGE_BYTES);

	if (!rows || n == 0)
		return ERR_INVALID;
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;

	for (size_t i = 0; i < n; i++) {
		const char *label = rows[i].label ? rows[i].label : "";
		if (desc.len)
			buf_putc(&desc, ' ');
		if (!rows[i].shown) {
			buf_printf(&desc, T(lang, "%s: hidden to protect anonymity."), label);
			continue;
		}
		buf_printf(&desc, T(lang, "%s: %ld%% green, %ld%% orange, %ld%% red."), label,
			   lround(rows[i].share[0] * 100), lround(rows[i].share[1] * 100),
			   lround(rows[i].share[2] * 100));
	}
	double h = SH_LEGEND + (double)n * CHART_SHARES_ROW + SH_PAD;
	svg_open(&s, out, CHART_SHARES_W, h, id, title ? title : "", buf_cstr(&desc));
	buf_release(&desc);
	shares_legend(&s, lang);

	double w = CHART_SHARES_W - 2 * SH_PAD;
	for (size_t i = 0; i < n; i++) {
		double y = SH_LEGEND + (double)i * CHART_SHARES_ROW;
		char *label = shorten(rows[i].label ? rows[i].label : "", 44);
		svg_group_open(&s, "share-row");
		svg_text_at(&s, SH_PAD, y + 13, SVG_START, 14, "label", label);
		free(label);
		double by = y + 17;
		if (!rows[i].shown) {
			svg_rect(&s, SH_PAD, by, w, SH_BAR_H, "hidden-bar", "#eceef2");
			svg_text_at(&s, SH_PAD + 6, by + 12.5, SVG_START, 12, "hidden",
				    T(lang, "– hidden to protect anonymity"));
			svg_group_close(&s);
			continue;
		}
		double x = SH_PAD;
		for (int z = 0; z < 3; z++) {
			double f = rows[i].share[z];
			if (!isfinite(f) || f <= 0)
				continue;
			if (f > 1)
				f = 1;
			double sw = f * w;
			if (x + sw > SH_PAD + w)
				sw = SH_PAD + w - x;
			svg_rect(&s, x, by, sw, SH_BAR_H, zone_class[z], zone_fill[z]);
			if (sw >= 28) {
				char pct[16];
				snprintf(pct, sizeof(pct), "%ld%%", lround(f * 100));
				svg_text_at(&s, x + sw / 2, by + 12.5, SVG_MIDDLE, 12, "pct", pct);
			}
			x += sw;
		}
		/* A thin outline keeps the bar readable when printed in grey. */
		svg_rect(&s, SH_PAD, by, w, SH_BAR_H, "outline", "none");
		svg_group_close(&s);
	}
	return svg_close(&s);
}
