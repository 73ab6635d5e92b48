/*
 * test_charts.c: the report charts: well-formed SVG (checked with xmllint
 * when it is installed), escaping of every label, hidden and missing
 * values (NAN) drawn as hidden and never as numbers, and the accessible
 * parts (role, title, description in words).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "report/charts.h"

#define assert_contains(hay, needle)                                                      \
	do {                                                                                \
		if (!strstr((hay), (needle)))                                               \
			fail_msg("'%s' not found in: %.3000s", (needle), (hay));            \
	} while (0)
#define assert_not_contains(hay, needle)                                                  \
	do {                                                                                \
		if (strstr((hay), (needle)))                                                \
			fail_msg("'%s' unexpectedly found in: %.3000s", (needle), (hay));   \
	} while (0)

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Checks out is well-formed XML with xmllint, when it is installed. */
static void assert_well_formed(const struct buf *out)
{
	if (access("/usr/bin/xmllint", X_OK) != 0) {
		print_message("xmllint missing (libxml2-utils): well-formedness not checked\n");
		return;
	}
	char path[] = "/tmp/hartslag-test-charts-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out->p, out->len), (ssize_t)out->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", path);
	int st = system(cmd);
	unlink(path);
	assert_int_equal(st, 0);
}

static void make_scale(struct scale *sc, const char *name, int higher_is_better)
{
	memset(sc, 0, sizeof(*sc));
	for (int l = 0; l < LANG_COUNT; l++)
		sc->name.t[l] = xstrdup(name);
	sc->kind = higher_is_better ? SCALE_RESOURCE : SCALE_DEMAND;
	sc->higher_is_better = higher_is_better;
	sc->orange = higher_is_better ? 3.0 : 3.0;
	sc->red = higher_is_better ? 2.2 : 3.8;
	sc->points = 5;
}

static void free_scale(struct scale *sc)
{
	text_release(&sc->name);
}

static void test_trend(void **state)
{
	(void)state;
	struct scale sc;
	struct buf b = BUF_INIT(MAX_PAGE_BYTES);
	make_scale(&sc, "Workload <b>&</b>", 0);
	struct chart_point pts[] = {
		{"2024-06-30", 1, 3.42, ZONE_ORANGE},
		{"2025-06-30", 0, NAN, ZONE_NONE},      /* hidden */
		{"2026-06-30 <x>", 1, 2.5, ZONE_GREEN},
		{"2027-06-30", 1, NAN, ZONE_NONE},      /* no score: also drawn as hidden */
	};
	assert_int_equal(chart_trend(&b, &sc, pts, 4, "trend-1", LANG_EN), 0);
	const char *o = buf_cstr(&b);
	assert_true(strncmp(o, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_contains(o, "role=\"img\"");
	assert_contains(o, "viewBox=\"0 0 320 150\"");
	assert_contains(o, "aria-labelledby=\"trend-1-title trend-1-desc\"");
	/* labels escaped, never markup */
	assert_not_contains(o, "<b>");
	assert_not_contains(o, "<x>");
	assert_contains(o, "Workload &lt;b&gt;&amp;&lt;/b&gt;");
	/* values next to their dots */
	assert_contains(o, ">3.4</text>");
	assert_contains(o, ">2.5</text>");
	/* two shown dots, with zone classes and fallback fills; no line across the gap */
	assert_int_equal(count(o, "<circle"), 2);
	assert_contains(o, "class=\"zone-orange\" fill=\"#f2b65c\"");
	assert_contains(o, "class=\"zone-green\" fill=\"#dcefe1\"");
	assert_int_equal(count(o, "class=\"trend\""), 0);
	/* hidden waves say so, in the picture and in words */
	assert_int_equal(count(o, "class=\"hidden\""), 2);
	assert_contains(o, "2025-06-30: hidden to protect anonymity.");
	assert_contains(o, "2024-06-30: 3.4 of 5, Orange zone.");
	assert_not_contains(o, "nan");
	assert_not_contains(o, "inf");
	assert_int_equal(count(o, "<g"), count(o, "</g>"));
	assert_well_formed(&b);
	buf_reset(&b);

	/* Neighbouring shown waves are joined by a line. */
	pts[1] = (struct chart_point){"2025-06-30", 1, 3.1, ZONE_ORANGE};
	assert_int_equal(chart_trend(&b, &sc, pts, 3, "t2", LANG_EN), 0);
	assert_int_equal(count(buf_cstr(&b), "class=\"trend\""), 2);
	assert_contains(buf_cstr(&b), ">3.1</text>");
	assert_well_formed(&b);
	buf_reset(&b);

	/* Dutch: the decimal comma. */
	assert_int_equal(chart_trend(&b, &sc, pts, 3, "t4", LANG_NL), 0);
	assert_contains(buf_cstr(&b), ">3,4</text>");
	buf_reset(&b);

	/* One wave, no waves, no scale. */
	assert_int_equal(chart_trend(&b, &sc, pts, 1, "t3", LANG_FR), 0);
	assert_well_formed(&b);
	buf_reset(&b);
	assert_int_equal(chart_trend(&b, &sc, NULL, 0, NULL, LANG_EN), 0);
	assert_well_formed(&b);
	buf_reset(&b);
	assert_int_equal(chart_trend(&b, NULL, pts, 1, NULL, LANG_EN), ERR_INVALID);

	/* Past the ceiling. */
	struct buf small = BUF_INIT(200);
	assert_int_equal(chart_trend(&small, &sc, pts, 3, "t", LANG_EN), ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
	buf_release(&b);
	free_scale(&sc);
}

static void test_shares(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(MAX_PAGE_BYTES);
	struct chart_shares rows[] = {
		{"Werkdruk & \"tempo\"", 1, {0.5, 0.3, 0.2}},
		{"Autonomie", 0, {NAN, NAN, NAN}},
		{"Steun", 1, {1.0, 0.0, 0.0}},
		{"Bevlogenheid", 1, {0.97, 0.02, NAN}},
	};
	assert_int_equal(chart_zone_shares(&b, rows, 4, "shares", "Zones <per> schaal", LANG_EN),
			 0);
	const char *o = buf_cstr(&b);
	assert_contains(o, "role=\"img\"");
	assert_contains(o, "<title id=\"shares-title\">Zones &lt;per&gt; schaal</title>");
	assert_contains(o, "Werkdruk &amp; &quot;tempo&quot;: 50% green, 30% orange, 20% red.");
	assert_contains(o, "Autonomie: hidden to protect anonymity.");
	/* a legend that names the zones, so the bars read without colour */
	assert_contains(o, ">Green zone</text>");
	assert_contains(o, ">Orange zone</text>");
	assert_contains(o, ">Red zone</text>");
	assert_contains(o, ">50%</text>");
	assert_contains(o, ">100%</text>");
	/* segments too narrow for a label get none; a hidden row gets words */
	assert_not_contains(o, ">2%</text>");
	assert_contains(o, ">– hidden to protect anonymity</text>");
	assert_int_equal(count(o, "class=\"share-row\""), 4);
	assert_not_contains(o, "nan");
	assert_well_formed(&b);
	buf_reset(&b);

	assert_int_equal(chart_zone_shares(&b, NULL, 0, NULL, NULL, LANG_EN), ERR_INVALID);
	buf_release(&b);
}

static void test_format(void **state)
{
	(void)state;
	char v[32];
	chart_format_score(v, sizeof(v), 3.456, LANG_FR);
	assert_string_equal(v, "3,5");
	chart_format_score(v, sizeof(v), 3.0, LANG_EN);
	assert_string_equal(v, "3.0");
	chart_format_score(v, sizeof(v), NAN, LANG_NL);
	assert_string_equal(v, "–");
	assert_string_equal(zone_word(ZONE_NONE, LANG_EN), "No score");
	assert_string_equal(zone_word(ZONE_RED, LANG_EN), "Red zone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
