/*
 * test_lang.c: language codes, Accept-Language and multilingual texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/lang.h"

static void test_codes_and_names(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_NL), "nl");
	assert_string_equal(lang_code(LANG_FR), "fr");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(lang_name(LANG_NL), "Nederlands");
	assert_string_equal(lang_name(LANG_FR), "Fran\xc3\xa7" "ais");
	assert_string_equal(lang_name(LANG_EN), "English");
	/* Out of range never reads outside the tables. */
	assert_string_equal(lang_code(LANG_COUNT), "en");
	assert_string_equal(lang_code((enum lang)-1), "en");
	assert_string_equal(lang_name((enum lang)99), "English");
}

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int ok;
		enum lang l;
	} cases[] = {
		{"nl", 1, LANG_NL}, {"fr", 1, LANG_FR}, {"en", 1, LANG_EN},
		{"NL", 1, LANG_NL}, {"Fr", 1, LANG_FR}, {"nl-BE", 1, LANG_NL},
		{"fr_BE", 1, LANG_FR}, {"en-GB", 1, LANG_EN}, {" fr ", 1, LANG_FR},
		{"\tnl", 1, LANG_NL},
		{"de", 0, 0}, {"n", 0, 0}, {"", 0, 0}, {"nld", 0, 0}, {"fra", 0, 0},
		{"nl BE", 0, 0}, {"e", 0, 0}, {"*", 0, 0}, {"n\xc3\xa9", 0, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum lang l = (enum lang)42;
		int rc = lang_parse(str_from(cases[i].s), &l);
		if (cases[i].ok) {
			if (rc != 0)
				fail_msg("'%s' rejected", cases[i].s);
			assert_int_equal(l, cases[i].l);
		} else {
			if (rc != -1)
				fail_msg("'%s' accepted", cases[i].s);
			assert_int_equal(l, 42); /* untouched */
		}
	}
	/* Only len bytes count. */
	enum lang l;
	assert_int_equal(lang_parse((struct str){"frx", 2}, &l), 0);
	assert_int_equal(l, LANG_FR);
	assert_int_equal(lang_parse((struct str){"f", 1}, &l), -1);
}

static void test_accept_language(void **state)
{
	(void)state;
	static const struct {
		const char *h;
		enum lang want;
	} cases[] = {
		{"fr-BE,fr;q=0.9,en;q=0.8", LANG_FR},
		{"nl-BE,nl;q=0.9,en-US;q=0.8,en;q=0.7", LANG_NL},
		{"de-DE,de;q=0.9,en;q=0.5", LANG_EN},
		{"en", LANG_EN},
		{"  nl ; q=1", LANG_NL},
		{"es, x-klingon", LANG_FR}, /* nothing we speak: the fallback */
		{"*", LANG_FR},
		{"", LANG_FR},
		{",,;,", LANG_FR},
		/* q-values rank the languages, whatever their order */
		{"en;q=0.5, fr;q=0.9", LANG_FR},
		{"de, en;q=0.2, nl;q=0.3", LANG_NL},
		/* q=0 means "not acceptable" */
		{"nl;q=0, fr", LANG_FR},
		{"nl;q=0.000", LANG_FR},
		{"en;q=0.0, de", LANG_FR},
		/* equal weights: the first listed wins */
		{"en;q=0.8, nl;q=0.8", LANG_EN},
		{"nl;q=1.0, en", LANG_NL},
		/* a malformed weight counts as 1 */
		{"de, en;q=abc", LANG_EN},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum lang got = lang_from_accept(cases[i].h, LANG_FR);
		if (got != cases[i].want)
			fail_msg("'%s': got %s, want %s", cases[i].h, lang_code(got),
				 lang_code(cases[i].want));
	}
	assert_int_equal(lang_from_accept(NULL, LANG_NL), LANG_NL);
}

static void test_text(void **state)
{
	(void)state;
	struct text t = {{NULL, NULL, NULL}};
	assert_string_equal(text_get(&t, LANG_NL), "");
	t.t[LANG_NL] = xstrdup("Werkdruk");
	assert_string_equal(text_get(&t, LANG_FR), "Werkdruk"); /* no fr, no en: nl */
	t.t[LANG_EN] = xstrdup("Workload");
	assert_string_equal(text_get(&t, LANG_FR), "Workload"); /* English first */
	t.t[LANG_FR] = xstrdup("Charge de travail");
	assert_string_equal(text_get(&t, LANG_FR), "Charge de travail");
	assert_string_equal(text_get(&t, LANG_NL), "Werkdruk");
	assert_string_equal(text_get(&t, (enum lang)7), "Workload");
	text_release(&t);
	for (int l = 0; l < LANG_COUNT; l++)
		assert_null(t.t[l]);
	text_release(&t); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_and_names),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
