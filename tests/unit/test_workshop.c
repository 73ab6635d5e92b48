/*
 * test_workshop.c: the phase machine (every pair), session codes (unbiased
 * generation from given bytes, lenient parsing, display form), participant
 * texts, vote rules, ballot validation (budget, stacking, unknown and
 * repeated items), the tally with its tie order and the top-N cut, and
 * the guiding questions in every language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "core/i18n.h"
#include "core/workshop.h"

static void test_phases(void **state)
{
	enum workshop_phase p;
	(void)state;

	for (int f = 0; f < WS_PHASE_COUNT; f++) {
		assert_int_equal(workshop_phase_parse(str_from(workshop_phase_code((enum workshop_phase)f)), &p), 0);
		assert_int_equal(p, f);
		for (int t = 0; t < WS_PHASE_COUNT; t++) {
			int want = f != WS_CLOSED && f != t &&
				   (t == WS_CLOSED || t == f + 1 || t == f - 1);
			assert_int_equal(workshop_phase_allowed((enum workshop_phase)f, (enum workshop_phase)t), want);
		}
	}
	/* Spelled out, the cases that matter most. */
	assert_true(workshop_phase_allowed(WS_WALLS, WS_OWN_POINTS));
	assert_false(workshop_phase_allowed(WS_WALLS, WS_VOTING));      /* no skipping the votes */
	assert_true(workshop_phase_allowed(WS_BRAINSTORM, WS_VOTING));  /* one back */
	assert_false(workshop_phase_allowed(WS_ACTIONS, WS_VOTING));    /* two back */
	assert_true(workshop_phase_allowed(WS_OWN_POINTS, WS_CLOSED));  /* ending early */
	assert_false(workshop_phase_allowed(WS_CLOSED, WS_ACTIONS));    /* closed is final */
	assert_false(workshop_phase_allowed((enum workshop_phase)9, WS_CLOSED));
	assert_int_equal(workshop_phase_parse(STR_LIT(" VOTING "), &p), 0);
	assert_int_equal(p, WS_VOTING);
	assert_int_equal(workshop_phase_parse(STR_LIT("vote"), &p), -1);

	assert_true(workshop_phase_accepts_points(WS_OWN_POINTS));
	assert_false(workshop_phase_accepts_points(WS_VOTING));
	assert_true(workshop_phase_accepts_votes(WS_VOTING));
	assert_false(workshop_phase_accepts_votes(WS_BRAINSTORM));
	assert_true(workshop_phase_accepts_ideas(WS_BRAINSTORM));
	assert_false(workshop_phase_accepts_ideas(WS_CLOSED));

	assert_string_equal(workshop_phase_name(WS_VOTING, LANG_EN), "Dot voting");
	assert_string_equal(workshop_phase_name(WS_VOTING, LANG_NL), "Stemmen met stippen");
	assert_string_equal(workshop_phase_name(WS_VOTING, LANG_FR), "Vote par gommettes");

	enum workshop_wall w;
	assert_int_equal(workshop_wall_parse(STR_LIT("attention"), &w), 0);
	assert_int_equal(w, WALL_ATTENTION);
	assert_int_equal(workshop_wall_parse(STR_LIT("klaagmuur"), &w), -1);
	assert_true(strstr(workshop_wall_name(WALL_STRENGTHS, LANG_NL), "Jubelmuur") != NULL);
	assert_true(strstr(workshop_wall_name(WALL_ATTENTION, LANG_NL), "Klaagmuur") != NULL);
}

static void test_code_make(void **state)
{
	char code[WORKSHOP_CODE_LEN + 1];
	uint8_t rnd[WORKSHOP_CODE_RANDOM_BYTES];
	(void)state;

	/* Bytes 0..5 give the first six symbols. */
	for (int i = 0; i < 6; i++)
		rnd[i] = (uint8_t)i;
	assert_int_equal(workshop_code_make(rnd, 6, code), 0);
	assert_string_equal(code, "234567");
	/* 31 -> symbol 0 again ("2"); 30 -> "Z"; 247 = 7 * 31 + 30 -> "Z". */
	uint8_t b[] = {31, 30, 247, 8, 9, 10};
	assert_int_equal(workshop_code_make(b, sizeof(b), code), 0);
	assert_string_equal(code, "2ZZABC");
	/* Bytes from 248 up are skipped: they would favour the first symbols. */
	uint8_t c[] = {248, 255, 0, 250, 1, 2, 3, 4, 5};
	assert_int_equal(workshop_code_make(c, sizeof(c), code), 0);
	assert_string_equal(code, "234567");
	/* Too few usable bytes. */
	uint8_t d[] = {0, 1, 2, 255, 254, 3, 4};
	assert_int_equal(workshop_code_make(d, sizeof(d), code), ERR_INVALID);
	assert_string_equal(code, "");

	/* Every byte value below 248 lands on each symbol exactly 8 times. */
	int hits[31] = {0};
	for (int v = 0; v < 248; v++) {
		uint8_t one[6] = {(uint8_t)v, 0, 0, 0, 0, 0};
		assert_int_equal(workshop_code_make(one, 6, code), 0);
		const char *at = strchr(WORKSHOP_CODE_ALPHABET, code[0]);
		assert_non_null(at);
		hits[at - WORKSHOP_CODE_ALPHABET]++;
	}
	for (int i = 0; i < 31; i++)
		assert_int_equal(hits[i], 8);
	/* The alphabet has no look-alikes. */
	assert_int_equal(strlen(WORKSHOP_CODE_ALPHABET), 31);
	assert_null(strpbrk(WORKSHOP_CODE_ALPHABET, "0O1IL"));
}

static void test_code_parse(void **state)
{
	char out[WORKSHOP_CODE_LEN + 1], shown[WORKSHOP_CODE_LEN + 2];
	(void)state;

	assert_int_equal(workshop_code_parse(STR_LIT("ABC-DEF"), out), 0);
	assert_string_equal(out, "ABCDEF");
	assert_int_equal(workshop_code_parse(STR_LIT("  abc def "), out), 0);
	assert_string_equal(out, "ABCDEF");
	assert_int_equal(workshop_code_parse(STR_LIT("a-b-c-2-3-4"), out), 0);
	assert_string_equal(out, "ABC234");
	assert_int_equal(workshop_code_parse(STR_LIT("\tz9z9z9"), out), 0);
	assert_string_equal(out, "Z9Z9Z9");
	/* Look-alikes are not in the alphabet: refused, not guessed. */
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDE0"), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDEO"), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDE1"), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDEl"), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDEi"), out), -1);
	/* Length. */
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDE"), out), -1);
	assert_string_equal(out, "");
	assert_int_equal(workshop_code_parse(STR_LIT("ABCDEFG"), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT(""), out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("------"), out), -1);
	/* Other bytes, a NUL and non-ASCII included. */
	assert_int_equal(workshop_code_parse(STR_LIT("ABC_DEF"), out), -1);
	assert_int_equal(workshop_code_parse((struct str){"ABC\0DEF", 7}, out), -1);
	assert_int_equal(workshop_code_parse(STR_LIT("ABC\xC3\x89" "DE"), out), -1);

	workshop_code_format("ABCDEF", shown);
	assert_string_equal(shown, "ABC-DEF");
	/* The display form parses back. */
	assert_int_equal(workshop_code_parse(str_from(shown), out), 0);
	assert_string_equal(out, "ABCDEF");
}

static void test_text(void **state)
{
	struct str out;
	struct diag d;
	char big[WORKSHOP_MAX_TEXT + 2];
	(void)state;

	assert_int_equal(workshop_text_check(STR_LIT("  Too many meetings \n"), LANG_EN, &out, &d), 0);
	assert_true(str_eq_lit(out, "Too many meetings"));
	assert_int_equal(workshop_text_check(STR_LIT("Line one\nline two"), LANG_EN, &out, &d), 0);
	assert_int_equal(workshop_text_check(STR_LIT(" \n \t "), LANG_NL, &out, &d), ERR_INVALID);
	assert_string_equal(d.msg, "Schrijf eerst iets.");
	assert_int_equal(workshop_text_check(STR_LIT("bad \xC3\x28"), LANG_EN, &out, &d), ERR_INVALID);
	assert_int_equal(workshop_text_check(STR_LIT("bell\x07"), LANG_EN, &out, &d), ERR_INVALID);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(workshop_text_check(str_from(big), LANG_FR, &out, &d), ERR_INVALID);
	assert_true(strstr(d.msg, "280") != NULL);
	big[WORKSHOP_MAX_TEXT] = '\0';
	assert_int_equal(workshop_text_check(str_from(big), LANG_FR, &out, &d), 0);
	assert_int_equal(out.len, WORKSHOP_MAX_TEXT);
}

static void test_rules(void **state)
{
	struct vote_rules r;
	struct diag d;
	(void)state;

	vote_rules_default(&r);
	assert_int_equal(r.budget, 3);
	assert_int_equal(r.stacking, 1);
	assert_int_equal(vote_rules_check(&r, LANG_EN, &d), 0);
	r.budget = 0;
	assert_int_equal(vote_rules_check(&r, LANG_EN, &d), ERR_INVALID);
	assert_string_equal(d.msg, "Each participant gets between 1 and 10 dots.");
	r.budget = 11;
	assert_int_equal(vote_rules_check(&r, LANG_EN, &d), ERR_INVALID);
	r.budget = 10;
	assert_int_equal(vote_rules_check(&r, LANG_EN, &d), 0);
}

#define BALLOT(...) ((const struct vote[]){__VA_ARGS__}), (sizeof((const struct vote[]){__VA_ARGS__}) / sizeof(struct vote))

static const long items[] = {101, 102, 103, 104};

static int check(const struct vote *b, size_t n, int budget, int stacking, struct diag *d)
{
	struct vote_rules r = {budget, stacking};
	return ballot_check(b, n, &r, items, ARRAY_SIZE(items), LANG_EN, d);
}

static void test_ballots(void **state)
{
	struct diag d;
	(void)state;

	/* Three single dots, or one stacked pile, or fewer than the budget. */
	assert_int_equal(check(BALLOT({101, 1}, {102, 1}, {104, 1}), 3, 1, &d), 0);
	assert_int_equal(check(BALLOT({103, 3}), 3, 1, &d), 0);
	assert_int_equal(check(BALLOT({103, 2}), 3, 1, &d), 0);
	assert_int_equal(check(BALLOT({101, 1}), 3, 0, &d), 0);
	/* Over the budget. */
	assert_int_equal(check(BALLOT({101, 2}, {102, 2}), 3, 1, &d), ERR_INVALID);
	assert_string_equal(d.msg, "You have 3 dots: place no more than that.");
	assert_int_equal(check(BALLOT({101, 1}, {102, 1}, {103, 1}, {104, 1}), 3, 1, &d), ERR_INVALID);
	/* Stacking not allowed. */
	assert_int_equal(check(BALLOT({101, 2}), 3, 0, &d), ERR_INVALID);
	assert_string_equal(d.msg, "Put at most one dot on each point.");
	/* Unknown item, repeated item, no dots, empty ballot, a huge pile. */
	assert_int_equal(check(BALLOT({999, 1}), 3, 1, &d), ERR_INVALID);
	assert_string_equal(d.msg, "This vote names a point that cannot be voted on.");
	assert_int_equal(check(BALLOT({101, 1}, {101, 1}), 3, 1, &d), ERR_INVALID);
	assert_string_equal(d.msg, "A point appears twice in this vote.");
	assert_int_equal(check(BALLOT({101, 0}), 3, 1, &d), ERR_INVALID);
	assert_int_equal(check(BALLOT({101, -2}, {102, 3}), 3, 1, &d), ERR_INVALID);
	assert_int_equal(check(NULL, 0, 3, 1, &d), ERR_INVALID);
	assert_string_equal(d.msg, "Place at least one dot.");
	assert_int_equal(check(BALLOT({101, 2147483647}), 3, 1, &d), ERR_INVALID);
	/* More lines than items can only be a repeat or an unknown item. */
	assert_int_equal(check(BALLOT({101, 1}, {102, 1}, {103, 1}, {104, 1}, {105, 1}), 10, 1, &d),
			 ERR_INVALID);
	/* Bad rules are reported first. */
	assert_int_equal(check(BALLOT({101, 1}), 0, 1, &d), ERR_INVALID);
	assert_true(strstr(d.msg, "between 1 and 10") != NULL);
	/* In Dutch. */
	struct vote_rules r = {3, 1};
	assert_int_equal(ballot_check(BALLOT({101, 4}), &r, items, 4, LANG_NL, &d), ERR_INVALID);
	assert_string_equal(d.msg, "Je hebt 3 stippen: plaats er niet meer dan dat.");
}

static void test_tally(void **state)
{
	struct tally_row rows[4];
	int tie;
	(void)state;

	/*
	 * Four participants, three dots each, stacking allowed:
	 *   A: 101 x3            B: 102 x1, 103 x1, 104 x1
	 *   C: 102 x2, 103 x1    D: 103 x1, 102 x1, 101 x1
	 * 101: 4 dots from 2 ballots; 102: 4 dots from 3; 103: 3 from 3; 104: 1.
	 */
	static const struct vote votes[] = {
		{101, 3}, {102, 1}, {103, 1}, {104, 1}, {102, 2}, {103, 1}, {103, 1}, {102, 1}, {101, 1},
		{555, 2}, /* an item that is not on the board (deleted): skipped */
		{104, 0}, /* no dots: skipped */
	};
	size_t skipped = workshop_tally(items, 4, votes, ARRAY_SIZE(votes), rows);
	assert_int_equal(skipped, 2);
	/* 102 beats 101 on the same dots: more ballots chose it. */
	assert_int_equal(rows[0].item, 102);
	assert_int_equal(rows[0].dots, 4);
	assert_int_equal(rows[0].votes, 3);
	assert_int_equal(rows[1].item, 101);
	assert_int_equal(rows[1].dots, 4);
	assert_int_equal(rows[1].votes, 2);
	assert_int_equal(rows[2].item, 103);
	assert_int_equal(rows[2].dots, 3);
	assert_int_equal(rows[3].item, 104);
	assert_int_equal(rows[3].dots, 1);
	assert_int_equal(rows[3].pos, 3);

	assert_int_equal(workshop_top(rows, 4, 2, &tie), 2);
	assert_false(tie); /* 4 vs 3 at the cut */
	assert_int_equal(workshop_top(rows, 4, 1, &tie), 1);
	assert_true(tie); /* 102 and 101 both have 4 dots */
	assert_int_equal(workshop_top(rows, 4, 10, &tie), 4);
	assert_false(tie);
	assert_int_equal(workshop_top(rows, 4, 0, &tie), 0);
	assert_false(tie);

	/* A full tie (same dots, same ballots) falls back on board order. */
	static const struct vote even[] = {{104, 1}, {103, 1}, {102, 1}};
	workshop_tally(items, 4, even, 3, rows);
	assert_int_equal(rows[0].item, 102);
	assert_int_equal(rows[1].item, 103);
	assert_int_equal(rows[2].item, 104);
	assert_int_equal(rows[3].item, 101);
	assert_int_equal(rows[3].dots, 0);
	/* Items without dots are never chosen. */
	assert_int_equal(workshop_top(rows, 4, 4, &tie), 3);
	assert_false(tie);
	assert_int_equal(workshop_top(rows, 4, 2, &tie), 2);
	assert_true(tie);

	/* The order does not depend on the order the votes arrive in. */
	struct tally_row again[4];
	struct vote rev[ARRAY_SIZE(votes)];
	for (size_t i = 0; i < ARRAY_SIZE(votes); i++)
		rev[i] = votes[ARRAY_SIZE(votes) - 1 - i];
	workshop_tally(items, 4, votes, ARRAY_SIZE(votes), rows);
	workshop_tally(items, 4, rev, ARRAY_SIZE(rev), again);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(rows[i].item, again[i].item);
		assert_int_equal(rows[i].dots, again[i].dots);
		assert_int_equal(rows[i].votes, again[i].votes);
	}

	/* No votes, no items. */
	assert_int_equal(workshop_tally(items, 4, NULL, 0, rows), 0);
	assert_int_equal(rows[0].item, 101);
	assert_int_equal(workshop_top(rows, 4, 3, &tie), 0);
	assert_int_equal(workshop_tally(NULL, 0, votes, 2, NULL), 2);
}

static void test_questions(void **state)
{
	size_t n, idx[16];
	(void)state;
	const struct workshop_question *q = workshop_questions(&n);
	assert_true(n >= 7);
	for (size_t i = 0; i < n; i++) {
		assert_true((unsigned)q[i].phase < WS_PHASE_COUNT);
		/* Translated into both other languages. */
		assert_string_not_equal(workshop_question_text(i, LANG_NL), q[i].text);
		assert_string_not_equal(workshop_question_text(i, LANG_FR), q[i].text);
		assert_string_equal(workshop_question_text(i, LANG_EN), q[i].text);
	}
	assert_string_equal(workshop_question_text(n, LANG_EN), "");
	assert_string_equal(workshop_question_text(0, LANG_NL), "Herkennen we deze resultaten?");
	assert_string_equal(workshop_question_text(0, LANG_FR),
			    "Reconnaissons-nous ces r\xC3\xA9sultats\xC2\xA0?");
	/* The brainstorm asks one question per IGLO level. */
	assert_int_equal(workshop_questions_of(WS_BRAINSTORM, idx, 16), 4);
	assert_int_equal(workshop_questions_of(WS_WALLS, idx, 1), 2); /* counts past max */
	assert_int_equal(workshop_questions_of(WS_CLOSED, idx, 16), 0);
}

int main(void)
{
	i18n_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_code_make),
		cmocka_unit_test(test_code_parse),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_ballots),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_questions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
