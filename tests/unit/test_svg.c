/*
 * test_svg.c: the SVG writer and the feedback chart: escaping of every
 * text, well-formed output (checked with xmllint when it is installed),
 * the accessible parts, and scales without a score.
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
#include "report/svg.h"

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
	char path[] = "/tmp/hartslag-test-svg-XXXXXX";
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

static void set_text(struct text *t, const char *nl, const char *fr, const char *en)
{
	t->t[LANG_NL] = xstrdup(nl);
	t->t[LANG_FR] = xstrdup(fr);
	t->t[LANG_EN] = xstrdup(en);
}

static void make_instrument(struct instrument *ins, const char *first_name)
{
	memset(ins, 0, sizeof(*ins));
	ins->scales = xcalloc(3, sizeof(*ins->scales));
	ins->nscales = 3;
	struct scale *sc = ins->scales;
	set_text(&sc[0].name, first_name, first_name, first_name);
	sc[0].kind = SCALE_DEMAND;
	sc[0].orange = 3.0;
	sc[0].red = 3.8;
	sc[0].points = 5;
	set_text(&sc[1].name, "Autonomie", "Autonomie", "Autonomy");
	sc[1].kind = SCALE_RESOURCE;
	sc[1].higher_is_better = 1;
	sc[1].orange = 3.0;
	sc[1].red = 2.2;
	sc[1].points = 5;
	set_text(&sc[2].name, "Steun", "Soutien", "Support");
	sc[2].kind = SCALE_RESOURCE;
	sc[2].higher_is_better = 1;
	sc[2].orange = 4.0;
	sc[2].red = 2.5;
	sc[2].points = 7;
}

static void free_instrument(struct instrument *ins)
{
	for (int i = 0; i < ins->nscales; i++)
		text_release(&ins->scales[i].name);
	free(ins->scales);
}

static void test_text_escapes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(1024);
	const char *s = "a&b<c>d\"e'f";
	assert_int_equal(svg_text(&b, s, strlen(s)), 0);
	assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);

	/* bad UTF-8 becomes U+FFFD, forbidden controls go, é and tabs stay */
	s = "x\xff" "y\x01z\té\xe2\x82";
	assert_int_equal(svg_text(&b, s, strlen(s)), 0);
	assert_string_equal(buf_cstr(&b), "x\xef\xbf\xbdyz\t\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&b);

	/* (pointer, length): stops at len, NULs in the middle are dropped */
	assert_int_equal(svg_text(&b, "ab\0<c>", 4), 0);
	assert_string_equal(buf_cstr(&b), "ab&lt;");
	buf_release(&b);

	/* past the ceiling */
	struct buf small = BUF_INIT(8);
	assert_int_equal(svg_text(&small, "<<<<<<", 6), ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
}

static void test_writer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(64 * 1024);
	struct svg s;

	svg_open(&s, &b, 200, 100.25, "c1\"", "Title <1>", "Desc & more");
	svg_group_open(&s, "bars");
	svg_rect(&s, 1.25, -3, 10, -2, "zone-red", "#d9776b");
	svg_line(&s, 0, 0, 5.55, 5, NULL, "#000", 1);
	svg_circle(&s, 1, 2, 3, "dot", NULL, NULL);
	svg_text_at(&s, 10, 20, SVG_END, 12, "lbl", "x < y");
	/* the group is closed by svg_close */
	assert_int_equal(svg_close(&s), 0);
	const char *o = buf_cstr(&b);
	assert_contains(o, "viewBox=\"0 0 200 100.3\"");
	assert_contains(o, "role=\"img\"");
	assert_contains(o, "aria-labelledby=\"c1&quot;-title c1&quot;-desc\"");
	assert_contains(o, "<title id=\"c1&quot;-title\">Title &lt;1&gt;</title>");
	assert_contains(o, "<desc id=\"c1&quot;-desc\">Desc &amp; more</desc>");
	/* locale-free numbers, no negative sizes */
	assert_contains(o, "<rect x=\"1.3\" y=\"-3\" width=\"10\" height=\"0\" class=\"zone-red\" "
			   "fill=\"#d9776b\"/>");
	assert_contains(o, "x2=\"5.6\"");
	assert_contains(o, "text-anchor=\"end\"");
	assert_contains(o, ">x &lt; y</text>");
	assert_int_equal(count(o, "<g"), count(o, "</g>"));
	assert_well_formed(&b);
	buf_release(&b);

	/* Errors are sticky: after the ceiling every call reports it. */
	struct buf small = BUF_INIT(300);
	svg_open(&s, &small, 10, 10, NULL, "t", "d");
	for (int i = 0; i < 20; i++)
		svg_rect(&s, i, i, 1, 1, "c", "#fff");
	assert_int_equal(svg_text_at(&s, 0, 0, SVG_START, 0, NULL, "x"), ERR_TOO_LARGE);
	assert_int_equal(svg_close(&s), ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
}

static void test_feedback_chart(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf b = BUF_INIT(MAX_PAGE_BYTES);
	make_instrument(&ins, "Workload <script>alert('x')</script> & co");
	double scores[] = {3.4, 2.0, NAN};

	assert_int_equal(svg_feedback(&b, &ins, scores, LANG_EN), 0);
	const char *o = buf_cstr(&b);
	assert_true(strncmp(o, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_contains(o, "role=\"img\"");
	assert_contains(o, "viewBox=\"0 0 360 ");
	assert_not_contains(o, " width=\"360\""); /* scales with its container */
	assert_contains(o, "<title id=\"feedback-title\">Your scores per scale</title>");
	/* The name is escaped everywhere it appears, never markup. */
	assert_not_contains(o, "<script");
	assert_contains(o, "Workload &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
	/* Every score in words, including the one without a score. */
	assert_contains(o, "Workload &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co: "
			   "3.4 of 5, Orange zone.");
	assert_contains(o, "Autonomy: 2.0 of 5, Red zone.");
	assert_contains(o, "Support: no score.");
	/* One row per scale with a score. */
	assert_int_equal(count(o, "class=\"scale-row\""), 2);
	assert_not_contains(o, ">Support</text>");
	/* Zone classes with fallback fills; the zone also in words. */
	assert_contains(o, "class=\"zone-green\" fill=\"#dcefe1\"");
	assert_contains(o, "class=\"zone-orange\" fill=\"#f2b65c\"");
	assert_contains(o, "class=\"zone-red\" fill=\"#d9776b\"");
	assert_contains(o, ">3.4 of 5 · Orange zone</text>");
	assert_contains(o, ">2.0 of 5 · Red zone</text>");
	/* a long name is shortened on screen (it is whole in the description) */
	assert_contains(o, ">Workload &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;…</text>");
	assert_not_contains(o, "nan");
	assert_well_formed(&b);
	buf_release(&b);

	/* In Dutch: decimal comma in text, never in coordinates. */
	assert_int_equal(svg_feedback(&b, &ins, scores, LANG_NL), 0);
	o = buf_cstr(&b);
	assert_contains(o, ">3,4 op 5 · Oranje zone</text>");
	assert_contains(o, "Autonomie: 2,0 op 5, Rode zone.");
	assert_contains(o, "Steun: geen score.");
	assert_not_contains(o, "x=\"8,");
	assert_well_formed(&b);
	buf_release(&b);
	free_instrument(&ins);
}

static void test_feedback_marker_position(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf b = BUF_INIT(MAX_PAGE_BYTES);
	make_instrument(&ins, "Workload");
	/* bar from x=8 to x=352 over 1..5: score 3 sits at 180, out of
	 * range scores are held at the ends */
	double scores[] = {3.0, 9.0, -4.0};
	assert_int_equal(svg_feedback(&b, &ins, scores, LANG_EN), 0);
	const char *o = buf_cstr(&b);
	assert_contains(o, "<line x1=\"180\"");
	assert_contains(o, "<line x1=\"352\"");
	assert_contains(o, "<line x1=\"8\"");
	assert_int_equal(count(o, "class=\"scale-row\""), 3);
	assert_well_formed(&b);
	buf_release(&b);
	free_instrument(&ins);
}

static void test_feedback_no_scores(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf b = BUF_INIT(MAX_PAGE_BYTES);
	make_instrument(&ins, "Workload");
	double scores[] = {NAN, NAN, NAN};

	assert_int_equal(svg_feedback(&b, &ins, scores, LANG_FR), 0);
	const char *o = buf_cstr(&b);
	assert_int_equal(count(o, "class=\"scale-row\""), 0);
	assert_contains(o, "Aucun score à afficher.");
	assert_contains(o, "Soutien\xc2\xa0: pas de score.");
	assert_well_formed(&b);
	buf_release(&b);

	assert_int_equal(svg_feedback(&b, NULL, scores, LANG_FR), ERR_INVALID);
	assert_int_equal(svg_feedback(&b, &ins, NULL, LANG_FR), ERR_INVALID);
	struct buf small = BUF_INIT(200);
	double some[] = {1.0, 2.0, 3.0};
	assert_int_equal(svg_feedback(&small, &ins, some, LANG_EN), ERR_TOO_LARGE);
	buf_release(&small);
	free_instrument(&ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_feedback_chart),
		cmocka_unit_test(test_feedback_marker_position),
		cmocka_unit_test(test_feedback_no_scores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
