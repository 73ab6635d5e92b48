/*
 * test_suppress.c: the suppression rules on hand-made waves (the tree,
 * complementary suppression, valid counts per scale, breakdown bands,
 * comments) and the screening of comments. tests/unit/test_attack.c tries
 * to break the same rules on generated organisations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/suppress.h"
#include "core/util.h"

/* A wave of n units and ns scales with every count 0; bands of AGE only. */
static struct agg_wave *wave_new(int n, int ns, int nv_age)
{
	struct agg_wave *w = xcalloc(1, sizeof(*w));
	w->nunits = n;
	w->nscales = ns;
	w->unit = xcalloc((size_t)n, sizeof(struct agg_group));
	for (int u = 0; u < n; u++)
		w->unit[u].cell = xcalloc((size_t)ns, sizeof(struct agg_cell));
	w->nvalues[DIM_AGE] = nv_age;
	for (int d = 0; d < DIM_COUNT; d++) {
		int nv = w->nvalues[d];
		if (!nv)
			continue;
		w->band[d] = xcalloc((size_t)n * (size_t)nv, sizeof(struct agg_group));
		for (int i = 0; i < n * nv; i++)
			w->band[d][i].cell = xcalloc((size_t)ns, sizeof(struct agg_cell));
	}
	return w;
}

static void wave_free(struct agg_wave *w)
{
	for (int u = 0; u < w->nunits; u++)
		free(w->unit[u].cell);
	free(w->unit);
	for (int d = 0; d < DIM_COUNT; d++) {
		for (int i = 0; i < w->nunits * w->nvalues[d]; i++)
			free(w->band[d][i].cell);
		free(w->band[d]);
	}
	free(w);
}

/* Sets the respondents of every unit and its valid count on every scale. */
static void set_units(struct agg_wave *w, const long *n)
{
	for (int u = 0; u < w->nunits; u++) {
		w->unit[u].nresp = n[u];
		for (int s = 0; s < w->nscales; s++)
			w->unit[u].cell[s].m.n = n[u];
	}
}

static void set_band(struct agg_wave *w, int u, int v, long n)
{
	int nv = w->nvalues[DIM_AGE];
	w->band[DIM_AGE][u * nv + v].nresp = n;
	for (int s = 0; s < w->nscales; s++)
		w->band[DIM_AGE][u * nv + v].cell[s].m.n = n;
}

static int band_shown(const struct agg_wave *w, const struct shown *sh, int u, int v, int s)
{
	int nv = w->nvalues[DIM_AGE];
	return sh->band[DIM_AGE][((size_t)u * (size_t)nv + (size_t)v) * (size_t)w->nscales +
				 (size_t)s];
}

static void expect_units(const struct shown *sh, int ns, int s, const char *want)
{
	for (int u = 0; want[u]; u++)
		assert_int_equal(sh->unit[u * ns + s], want[u] == '1');
}

/* A parent with one child of 4 (k = 5): the child is hidden; then the parent's remainder. */
static void test_child_of_four(void **state)
{
	(void)state;
	/* 0 root 13, 1 team 9, 2 sub-team 4 (below 1) */
	int parent[] = {-1, 0, 1};
	long n[] = {13, 9, 4};
	struct agg_wave *w = wave_new(3, 1, 0);
	struct shown sh;
	set_units(w, n);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	/* the sub-team is too small; the root minus team 1 would be 4 people: hide 1 */
	expect_units(&sh, 1, 0, "100");
	assert_int_equal(sh.unit_resp[0], 1);
	assert_int_equal(sh.unit_resp[1], 0);
	shown_release(&sh);

	/* with a root of 14 the remainder is 5: everything but the sub-team shows */
	n[0] = 14;
	set_units(w, n);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	expect_units(&sh, 1, 0, "110");
	shown_release(&sh);
	wave_free(w);
}

/* Siblings: hiding a small team forces hiding the smallest sibling that helps. */
static void test_siblings(void **state)
{
	(void)state;
	int parent[] = {-1, 0, 0, 0};
	long n[] = {17, 6, 7, 4};
	struct agg_wave *w = wave_new(4, 1, 0);
	struct shown sh;
	set_units(w, n);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	/* 17 - 6 - 7 = 4 would isolate team 3: hide team 1 (6, the smallest) */
	expect_units(&sh, 1, 0, "1010");
	shown_release(&sh);

	/* the units may come in any order: the same tree, root last */
	int parent2[] = {3, 3, 3, -1};
	long n2[] = {6, 7, 4, 17};
	set_units(w, n2);
	assert_int_equal(suppress_wave(w, parent2, 5, &sh), 0);
	expect_units(&sh, 1, 0, "0101");
	shown_release(&sh);
	wave_free(w);
}

/* A shown child whose remainder is 0 does not help: go one level down. */
static void test_empty_remainder(void **state)
{
	(void)state;
	/* 0 root 14; 1 dept 10 = 2 (5) + 3 (5); 4 team of 4 */
	int parent[] = {-1, 0, 1, 1, 0};
	long n[] = {14, 10, 5, 5, 4};
	struct agg_wave *w = wave_new(5, 1, 0);
	struct shown sh;
	set_units(w, n);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	/* hiding dept 1 (remainder 0) leaves 4; then team 2 goes: 4 + 5 = 9 */
	expect_units(&sh, 1, 0, "10010");
	shown_release(&sh);
	wave_free(w);
}

/* Valid counts, not respondents: one scale isolates 2 people, the other not. */
static void test_valid_counts(void **state)
{
	(void)state;
	int parent[] = {-1, 0};
	struct agg_wave *w = wave_new(2, 2, 0);
	struct shown sh;
	w->unit[0].nresp = 20;
	w->unit[1].nresp = 10;
	w->unit[0].cell[0].m.n = 12; /* two people outside team 1 answered scale 0 */
	w->unit[1].cell[0].m.n = 10;
	w->unit[0].cell[1].m.n = 20;
	w->unit[1].cell[1].m.n = 10;
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	expect_units(&sh, 2, 0, "10");
	expect_units(&sh, 2, 1, "11");
	assert_int_equal(sh.unit_resp[0], 1);
	assert_int_equal(sh.unit_resp[1], 1);
	shown_release(&sh);
	wave_free(w);
}

static void test_invalid(void **state)
{
	(void)state;
	int parent[] = {-1, 0};
	int cycle[] = {1, 0};
	int bad[] = {-1, 5};
	long n[] = {10, 5};
	struct agg_wave *w = wave_new(2, 1, 2);
	struct shown sh;
	set_units(w, n);
	assert_int_equal(suppress_wave(w, parent, 2, &sh), ERR_INVALID);
	assert_int_equal(suppress_wave(w, cycle, 5, &sh), ERR_INVALID);
	assert_int_equal(suppress_wave(w, bad, 5, &sh), ERR_INVALID);
	assert_int_equal(suppress_wave(w, parent, 3, &sh), 0);
	shown_release(&sh);
	shown_release(&sh); /* twice is harmless */
	unsigned char show[2];
	assert_int_equal(suppress_comments(2, parent, n, 2, show), ERR_INVALID);
	assert_int_equal(suppress_comments(2, cycle, n, 5, show), ERR_INVALID);
	wave_free(w);
}

/*
 * Bands: a root of 20 with teams of 10. Team 2 has only 2 people of value
 * 2, so no band of value 2 may show above it; and then team 2's other
 * people (8 of value 1) would be the root's band 1 minus team 1's: 2 left
 * in team 2, so band 1 goes at the root and in team 2 too.
 */
static void test_bands(void **state)
{
	(void)state;
	int parent[] = {-1, 0, 0};
	long n[] = {20, 10, 10};
	struct agg_wave *w = wave_new(3, 1, 3);
	struct shown sh;
	set_units(w, n);
	set_band(w, 1, 1, 5);
	set_band(w, 1, 2, 5);
	set_band(w, 2, 1, 8);
	set_band(w, 2, 2, 2);
	set_band(w, 0, 1, 13);
	set_band(w, 0, 2, 7);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	expect_units(&sh, 1, 0, "111");
	assert_false(band_shown(w, &sh, 0, 1, 0));
	assert_false(band_shown(w, &sh, 0, 2, 0));
	assert_true(band_shown(w, &sh, 1, 1, 0));
	assert_true(band_shown(w, &sh, 1, 2, 0));
	assert_false(band_shown(w, &sh, 2, 1, 0));
	assert_false(band_shown(w, &sh, 2, 2, 0));
	assert_false(band_shown(w, &sh, 0, 0, 0)); /* unknown: nobody */
	shown_release(&sh);

	/* with 5 and 5 in team 2 every band can show */
	set_band(w, 2, 1, 5);
	set_band(w, 2, 2, 5);
	set_band(w, 0, 1, 10);
	set_band(w, 0, 2, 10);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	for (int u = 0; u < 3; u++)
		for (int v = 1; v < 3; v++)
			assert_true(band_shown(w, &sh, u, v, 0));
	shown_release(&sh);
	wave_free(w);
}

/*
 * A difference of four figures: U (20) with child V (10); U's own 10 are 8
 * of value 1 and 2 of value 2; V is 5 and 5. No pair of nested figures
 * differs by less than 5, yet U - V - (U,1) + (V,1) = 2 people. Band 2 of U
 * is hidden for its 2-person cell, and band 1 of U with it.
 */
static void test_four_figures(void **state)
{
	(void)state;
	int parent[] = {-1, 0};
	long n[] = {20, 10};
	struct agg_wave *w = wave_new(2, 1, 3);
	struct shown sh;
	set_units(w, n);
	set_band(w, 0, 1, 13);
	set_band(w, 0, 2, 7);
	set_band(w, 1, 1, 5);
	set_band(w, 1, 2, 5);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	expect_units(&sh, 1, 0, "11");
	assert_false(band_shown(w, &sh, 0, 1, 0));
	assert_false(band_shown(w, &sh, 0, 2, 0));
	assert_true(band_shown(w, &sh, 1, 1, 0));
	assert_true(band_shown(w, &sh, 1, 2, 0));
	shown_release(&sh);
	wave_free(w);
}

/* A band is never shown under a hidden unit; the rest of a unit's bands. */
static void test_band_rest(void **state)
{
	(void)state;
	int parent[] = {-1, 0};
	long n[] = {12, 4};
	struct agg_wave *w = wave_new(2, 1, 4);
	struct shown sh;
	set_units(w, n);
	set_band(w, 0, 1, 5);
	set_band(w, 0, 2, 4);
	set_band(w, 0, 3, 3);
	set_band(w, 1, 1, 4);
	assert_int_equal(suppress_wave(w, parent, 3, &sh), 0);
	expect_units(&sh, 1, 0, "11");
	/* team 1 is 4 of value 1: its region of 4 is one cell; the root's own 8 split 1/4/3 */
	assert_false(band_shown(w, &sh, 0, 1, 0)); /* root's own cell of value 1 is 1 person */
	/* that 1 person is the root minus team 1 and bands 2 and 3: band 3 (smaller) goes */
	assert_true(band_shown(w, &sh, 0, 2, 0));
	assert_false(band_shown(w, &sh, 0, 3, 0));
	assert_true(band_shown(w, &sh, 1, 1, 0));
	shown_release(&sh);

	n[1] = 2;
	set_units(w, n);
	set_band(w, 1, 1, 2);
	assert_int_equal(suppress_wave(w, parent, 3, &sh), 0);
	expect_units(&sh, 1, 0, "10");
	assert_false(band_shown(w, &sh, 1, 1, 0));
	/* root's cells: 5, 4, 3 of values 1, 2, 3 */
	assert_true(band_shown(w, &sh, 0, 1, 0));
	shown_release(&sh);
	wave_free(w);
}

/* The unknown value is a band like the others: 2 unknown people are the unit minus band 1. */
static void test_unknown_band(void **state)
{
	(void)state;
	int parent[] = {-1};
	long n[] = {10};
	struct agg_wave *w = wave_new(1, 1, 2);
	struct shown sh;
	set_units(w, n);
	set_band(w, 0, 0, 2);
	set_band(w, 0, 1, 8);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	expect_units(&sh, 1, 0, "1");
	assert_false(band_shown(w, &sh, 0, 0, 0));
	assert_false(band_shown(w, &sh, 0, 1, 0));
	shown_release(&sh);
	set_band(w, 0, 0, 0);
	set_band(w, 0, 1, 10);
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	assert_true(band_shown(w, &sh, 0, 1, 0));
	shown_release(&sh);
	wave_free(w);
}

static void test_comments(void **state)
{
	(void)state;
	/* root 25: A 12 (with a team of 3), B 9 */
	int parent[] = {-1, 0, 0, 1};
	long writers[] = {25, 12, 9, 3};
	unsigned char show[4];
	assert_int_equal(suppress_comments(4, parent, writers, 10, show), 0);
	assert_memory_equal(show, "\1\1\0\0", 4);
	/* root 20: 20 - 12 = 8 would show B's 8 writers apart: A goes */
	writers[0] = 20;
	writers[2] = 8;
	assert_int_equal(suppress_comments(4, parent, writers, 10, show), 0);
	assert_memory_equal(show, "\1\0\0\0", 4);
}

static void expect_screen(const char *in, const char *want, const char *const *names,
			  size_t nnames)
{
	char *got = screen_comment(in, names, nnames);
	if (strcmp(got, want) != 0)
		fail_msg("screen_comment(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	assert_true(utf8_valid(got, strlen(got)) || !*got);
	free(got);
}

static void test_screen(void **state)
{
	(void)state;
	const char *names[] = {"Jan", "Élise", "Van Damme", "Peeters", "x", ""};
	size_t nn = ARRAY_SIZE(names);
#define M "[\xe2\x80\xa6]"
	expect_screen("Mail me: jan.peeters@firma.be.", "Mail me: " M ".", NULL, 0);
	expect_screen("a@b.c is no address, a@b.co is", "a@b.c is no address, " M " is", NULL, 0);
	expect_screen("bel +32 470 12 34 56 of 0470/12.34.56", "bel " M " of " M, NULL, 0);
	expect_screen("09 123 45 67, 02-123-45-67!", M ", " M "!", NULL, 0);
	expect_screen("+32 (0)9 123 45 67", M, NULL, 0);
	expect_screen("in 2024 waren we met 35 en 1.000.000 euro", "in 2024 waren we met 35 en "
		      "1.000.000 euro", NULL, 0);
	expect_screen("zie https://intranet.firma.be/x?y=1, of www.firma.be.",
		      "zie " M ", of " M ".", NULL, 0);
	expect_screen("HTTP://X.BE", M, NULL, 0);
	/* names: whole words, any case, accents folded */
	expect_screen("Jan en JAN en jan, niet Janssens of Bijan", M " en " M " en " M ", niet "
		      "Janssens of Bijan", names, nn);
	expect_screen("elise, ELISE en Élise en élise", M ", " M " en " M " en " M, names, nn);
	expect_screen("mevrouw van damme zei", "mevrouw " M " zei", names, nn);
	expect_screen("Peeters' team", M "' team", names, nn);
	/* a name beside multibyte letters is not a whole word */
	expect_screen("Jané en éJan", "Jané en éJan", names, nn);
	expect_screen("«Jan»", "«" M "»", names, nn);
	/* one-letter and empty names are ignored */
	expect_screen("x y", "x y", names, nn);
	/* invalid UTF-8 becomes U+FFFD; nothing is split */
	expect_screen("a\xff" "b \xc3", "a\xef\xbf\xbd" "b \xef\xbf\xbd", NULL, 0);
	expect_screen("", "", names, nn);
	char *s = screen_comment(NULL, names, nn);
	assert_string_equal(s, "");
	free(s);
	/* a cut makes its neighbour a whole word; names of non-letters are no names (fuzzer) */
	expect_screen("99999999Jan zei", M " zei", names, nn);
	const char *odd[] = {"a@", "[x]"};
	expect_screen("a@[x] a@b", "a@[x] a@b", odd, 2);
	/* several together, adjacent marks merge */
	expect_screen("Jan jan@x.be 0470123456", M " " M " " M, names, nn);
#undef M
}

/*
 * 100,000 units (teams of 1 to 12 under departments under divisions): the
 * suppression of one scale with a dimension of six values stays well
 * under a second of CPU time.
 */
static void test_large(void **state)
{
	(void)state;
	int n = 100000;
	struct agg_wave *w = wave_new(n, 1, 6);
	int *parent = xmalloc((size_t)n * sizeof(int));
	uint64_t x = 88172645463325252ull;
	struct shown sh;

	/* root, 50 divisions, 2,000 departments, the rest teams; parents first */
	for (int u = 0; u < n; u++)
		parent[u] = u == 0 ? -1 : u <= 50 ? 0 : u <= 2050 ? 1 + (u % 50) : 51 + (u % 2000);
	for (int u = n - 1; u >= 0; u--) {
		if (u > 2050) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			long size = 1 + (long)(x % 12);
			w->unit[u].nresp = size;
			w->unit[u].cell[0].m.n = size - (long)(x >> 20) % 2;
			for (int v = 0; v < 6; v++) {
				long c = v == 5 ? w->unit[u].cell[0].m.n
						: (long)((x >> (8 * v)) % 3);
				if (v < 5 && c > w->unit[u].cell[0].m.n)
					c = 0;
				if (v == 5)
					for (int j = 0; j < 5; j++)
						c -= w->band[DIM_AGE][u * 6 + j].cell[0].m.n;
				if (c < 0)
					c = 0;
				w->band[DIM_AGE][u * 6 + v].cell[0].m.n = c;
			}
		}
		if (parent[u] >= 0) {
			w->unit[parent[u]].nresp += w->unit[u].nresp;
			w->unit[parent[u]].cell[0].m.n += w->unit[u].cell[0].m.n;
			for (int v = 0; v < 6; v++)
				w->band[DIM_AGE][parent[u] * 6 + v].cell[0].m.n +=
					w->band[DIM_AGE][u * 6 + v].cell[0].m.n;
		}
	}
	clock_t t0 = clock();
	assert_int_equal(suppress_wave(w, parent, 5, &sh), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	long shown = 0;
	for (int u = 0; u < n; u++)
		shown += sh.unit[u];
	printf("suppress: 100,000 units in %.3f s CPU, %ld shown\n", secs, shown);
	assert_true(sh.unit[0]);
	assert_true(secs < 5.0);
	shown_release(&sh);
	free(parent);
	wave_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_of_four),
		cmocka_unit_test(test_siblings),
		cmocka_unit_test(test_empty_remainder),
		cmocka_unit_test(test_valid_counts),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_four_figures),
		cmocka_unit_test(test_band_rest),
		cmocka_unit_test(test_unknown_band),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_screen),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
