/*
 * charts.h: the charts of group reports, drawn as SVG with svg.h. Each
 * chart takes plain data (already suppressed: a hidden figure arrives as
 * shown = 0 and is drawn as such), so the PDF export can draw the same
 * chart with cairo from the same structs and the same geometry below.
 *
 * Every chart is an accessible image (role="img", <title>, and a <desc>
 * saying in words what it shows), scales with its container (viewBox) and
 * reads in black and white: every value is written as text next to its
 * mark, and zones are named in a legend or the description.
 */
#ifndef HARTSLAG_CHARTS_H
#define HARTSLAG_CHARTS_H

#include "core/instrument.h"
#include "core/lang.h"
#include "core/util.h"

/* Geometry of the trend chart, in user units (the PDF mirrors it). */
#define CHART_TREND_W 320.0
#define CHART_TREND_H 150.0
/* Geometry of the zone-share chart: width, height of one row. */
#define CHART_SHARES_W 360.0
#define CHART_SHARES_ROW 40.0

/* One wave of a trend: its label and the unit's figure in it. */
struct chart_point {
	const char *label;   /* the wave's label, e.g. its closing date; borrowed */
	int shown;           /* 0: hidden to protect anonymity, or no score */
	double mean;         /* on the scale's answer range 1..points */
	enum risk_zone zone; /* zone of the mean */
};

/* One bar of a zone-share chart. */
struct chart_shares {
	const char *label;   /* the scale's (or group's) name; borrowed */
	int shown;           /* 0: drawn as hidden */
	double share[3];     /* per enum risk_zone, fractions summing to 1 */
};

/*
 * The trend of one scale sc over n waves (oldest first): the answer range
 * 1..points as the y axis with the scale's zones as light bands, a dot
 * with its value per shown wave, a line joining neighbouring shown waves,
 * and "–" for hidden waves. id prefixes the chart's element ids (give each
 * chart on a page its own). Appends to out; returns 0, ERR_INVALID
 * without a scale or points, or ERR_TOO_LARGE. Borrows everything.
 */
int chart_trend(struct buf *out, const struct scale *sc, const struct chart_point *pts,
		size_t n, const char *id, enum lang lang);

/*
 * Zone shares as stacked horizontal bars, one per row: green, orange and
 * red from left to right, each segment labelled with its percentage when
 * wide enough, with a legend naming the zones, and hidden rows saying so
 * in words. title is the chart's title (plain text). Appends to out;
 * returns 0, ERR_INVALID without rows, or ERR_TOO_LARGE. Borrows
 * everything.
 */
int chart_zone_shares(struct buf *out, const struct chart_shares *rows, size_t n,
		      const char *id, const char *title, enum lang lang);


/*
 * A score with one decimal and the language's decimal sign ("3,4" in nl
 * and fr, "3.4" in en) into dst (n bytes); "–" for NAN.
 */
void chart_format_score(char *dst, size_t n, double v, enum lang lang);

#endif
