/*
 * test_action_library.c: the embedded library/actions.txt loads against
 * the default instrument with 50+ actions, every one complete in nl, fr
 * and en; search by words (case and accents folded), theme and level;
 * and every fault of the strict loader, one at a time, with its line.
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
#include "core/action_library.h"
#include "core/embed.h"
#include "core/i18n.h"
#include "core/instrument.h"

static struct instrument ins;
static struct action_library lib;

static int setup(void **state)
{
	struct diag d;
	const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
	(void)state;
	if (!f || instrument_parse(&ins, "jdr", (const char *)f->data, f->len, &d))
		return -1;
	if (action_library_load_default(&lib, &ins, &d)) {
		fprintf(stderr, "library/actions.txt line %ld: %s\n", d.line, d.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	action_library_release(&lib);
	instrument_release(&ins);
	return 0;
}

static void test_default_complete(void **state)
{
	int per_level[IGLO_COUNT] = {0}, quick = 0;
	(void)state;

	assert_true(lib.n >= 50);
	for (int i = 0; i < lib.n; i++) {
		const struct lib_action *a = &lib.actions[i];
		assert_non_null(a->id);
		assert_true(a->nthemes >= 1);
		for (int t = 0; t < a->nthemes; t++)
			assert_true(instrument_scale_index(&ins, str_from(a->themes[t])) >= 0);
		for (int l = 0; l < LANG_COUNT; l++) {
			assert_non_null(a->title.t[l]);
			assert_non_null(a->description.t[l]);
			assert_true(strlen(a->description.t[l]) > 40);
		}
		/* Translated, not copied: the languages differ. */
		assert_string_not_equal(a->title.t[LANG_NL], a->title.t[LANG_EN]);
		assert_string_not_equal(a->description.t[LANG_FR], a->description.t[LANG_EN]);
		per_level[a->level]++;
		quick += a->quick_win;
	}
	for (int l = 0; l < IGLO_COUNT; l++)
		assert_true(per_level[l] >= 8);
	assert_true(quick >= 15 && quick <= lib.n - 15);
	/* The kinds of actions the issue names each have entries. */
	static const char *const themes[] = {
		"work_ability", "physical_load", "emotional_load", "support_manager", "workload",
		"autonomy", "connectedness", "role_clarity", "exhaustion", "development",
	};
	for (size_t t = 0; t < ARRAY_SIZE(themes); t++) {
		size_t n = action_library_search(&lib, STR_LIT(""), LANG_EN, str_from(themes[t]), -1, NULL, 0);
		if (n < 3) {
			print_error("theme %s has %zu actions\n", themes[t], n);
			fail();
		}
	}
	/* French texts put a no-break space before : ; ? and ! (house rule). */
	for (int i = 0; i < lib.n; i++) {
		const char *s[2] = {lib.actions[i].title.t[LANG_FR], lib.actions[i].description.t[LANG_FR]};
		for (int k = 0; k < 2; k++)
			for (const char *p = s[k] + 1; *p; p++)
				if (strchr(":;?!", *p) && p[-1] == ' ')
					fail_msg("%s: plain space before '%c'", lib.actions[i].id, *p);
	}
}

static void test_find(void **state)
{
	(void)state;
	const struct lib_action *a = action_library_find(&lib, STR_LIT("stop-list"));
	assert_non_null(a);
	assert_int_equal(a->level, IGLO_GROUP);
	assert_true(a->quick_win);
	assert_string_equal(a->indicator, "workload");
	assert_true(lib_action_has_theme(a, STR_LIT("workload")));
	assert_false(lib_action_has_theme(a, STR_LIT("work")));
	a = action_library_find(&lib, STR_LIT("presence-vision"));
	assert_non_null(a);
	assert_string_equal(a->indicator, "absence_rate");
	assert_null(action_library_find(&lib, STR_LIT("stop")));
}

static int id_at(const int *out, size_t i)
{
	return out[i];
}

static void test_search(void **state)
{
	int out[128];
	(void)state;

	/* Everything, quick wins first, each group in file order. */
	size_t n = action_library_search(&lib, STR_LIT(""), LANG_EN, STR_LIT(""), -1, out, 128);
	assert_int_equal(n, (size_t)lib.n);
	size_t k = 0;
	while (k < n && lib.actions[out[k]].quick_win)
		k++;
	for (size_t i = k; i < n; i++)
		assert_false(lib.actions[out[i]].quick_win);
	for (size_t i = 1; i < n; i++)
		if (lib.actions[out[i]].quick_win == lib.actions[out[i - 1]].quick_win)
			assert_true(out[i] > out[i - 1]);

	/* Physical load: two quick wins, then four others, in file order. */
	n = action_library_search(&lib, STR_LIT(""), LANG_NL, STR_LIT("physical_load"), -1, out, 128);
	assert_int_equal(n, 6);
	assert_string_equal(lib.actions[id_at(out, 0)].id, "movement-breaks");
	assert_string_equal(lib.actions[id_at(out, 1)].id, "ergo-coach");
	assert_string_equal(lib.actions[id_at(out, 2)].id, "workstation-check");
	assert_string_equal(lib.actions[id_at(out, 5)].id, "safe-workplace-accidents");
	/* ... of which one at individual level. */
	n = action_library_search(&lib, STR_LIT(""), LANG_NL, STR_LIT("physical_load"), IGLO_INDIVIDUAL,
				  out, 128);
	assert_int_equal(n, 1);
	assert_string_equal(lib.actions[out[0]].id, "movement-breaks");

	/* Words: case does not matter, every word must occur. */
	n = action_library_search(&lib, STR_LIT("STOP List"), LANG_EN, STR_LIT(""), -1, out, 128);
	assert_int_equal(n, 1);
	assert_string_equal(lib.actions[out[0]].id, "stop-list");
	n = action_library_search(&lib, STR_LIT("stop list nonsenseword"), LANG_EN, STR_LIT(""), -1, out, 128);
	assert_int_equal(n, 0);
	/* Accents fold both ways: "reconnaitre" finds "reconnaître", "ÉQUIPE" finds "équipe". */
	n = action_library_search(&lib, STR_LIT("reconnaitre agressivite"), LANG_FR, STR_LIT(""), -1, out, 128);
	assert_int_equal(n, 1);
	assert_string_equal(lib.actions[out[0]].id, "aggression-training");
	size_t a = action_library_search(&lib, STR_LIT("\xC3\x89QUIPE"), LANG_FR, STR_LIT(""), -1, NULL, 0);
	size_t b = action_library_search(&lib, STR_LIT("equipe"), LANG_FR, STR_LIT(""), -1, NULL, 0);
	assert_true(a >= 5);
	assert_int_equal(a, b);
	/* The language matters: a Dutch word is not in the English texts. */
	assert_true(action_library_search(&lib, STR_LIT("werkdruk"), LANG_NL, STR_LIT(""), -1, NULL, 0) > 0);
	assert_int_equal(action_library_search(&lib, STR_LIT("werkdruk"), LANG_EN, STR_LIT(""), -1, NULL, 0), 0);
	/* Punctuation separates words; the count goes on past max. */
	n = action_library_search(&lib, STR_LIT("team,"), LANG_EN, STR_LIT(""), -1, out, 2);
	assert_true(n > 2);
	/* An unknown theme or level finds nothing. */
	assert_int_equal(action_library_search(&lib, STR_LIT(""), LANG_EN, STR_LIT("nope"), -1, out, 128), 0);
	assert_int_equal(action_library_search(&lib, STR_LIT(""), LANG_EN, STR_LIT(""), 7, out, 128), 0);
}

static void test_fold(void **state)
{
	struct buf b = BUF_INIT(256);
	(void)state;
	assert_int_equal(action_library_fold(&b, STR_LIT("\xC3\x89t\xC3\xA9 \xC3\xA7\xC3\xA0 \xC5\x93uvre L\xE2\x80\x99\xC3\xAEle \xC3\x9F \xE2\x82\xAC")), 0);
	assert_string_equal(buf_cstr(&b), "ete ca oeuvre l'ile ss \xE2\x82\xAC");
	buf_release(&b);
}

/* ------------------------------------------------------------ loader faults */

static const char good_text[] =
	"hartslag-actions 1\n"                 /* 1 */
	"# comment\n"                          /* 2 */
	"\n"                                   /* 3 */
	"[action one]\n"                       /* 4 */
	"theme workload autonomy\n"            /* 5 */
	"level group\n"                        /* 6 */
	"quick_win yes\n"                      /* 7 */
	"indicator frequency\n"                /* 8 */
	"title.nl Een\n"                       /* 9 */
	"title.fr Un\n"                        /* 10 */
	"title.en One\n"                       /* 11 */
	"text.nl Tekst een.\n"                 /* 12 */
	"text.fr Texte un.\n"                  /* 13 */
	"text.en Text one.\n"                  /* 14 */
	"\n"                                   /* 15 */
	"[action two-b]\n"                     /* 16 */
	"theme role_clarity\n"                 /* 17 */
	"level leader\n"                       /* 18 */
	"quick_win no\n"                       /* 19 */
	"title.nl Twee\n"                      /* 20 */
	"title.fr Deux\n"                      /* 21 */
	"title.en Two\n"                       /* 22 */
	"text.nl Tekst twee.\n"                /* 23 */
	"text.fr Texte deux.\n"                /* 24 */
	"text.en Text two.\n";                 /* 25 */

/* good_text with line `line` (1-based) replaced by repl (NULL: removed). */
static char *with_line(int line, const char *repl)
{
	struct buf b = BUF_INIT(1 << 20);
	const char *p = good_text;
	for (int n = 1; *p; n++) {
		const char *e = strchr(p, '\n');
		size_t len = (size_t)(e - p) + 1;
		if (n != line)
			buf_append(&b, p, len);
		else if (repl) {
			buf_puts(&b, repl);
			buf_putc(&b, '\n');
		}
		p += len;
	}
	return buf_detach(&b, NULL);
}

static void expect_fault(const char *data, size_t len, long line, const char *words)
{
	struct action_library l;
	struct diag d;
	int rc = action_library_parse(&l, "t", data, len, &ins, &d);
	if (rc != ERR_INVALID || d.line != line || !strstr(d.msg, words) || l.n != 0 || l.actions) {
		print_error("want line %ld '%s', got rc %d line %ld: %s\n", line, words, rc, d.line, d.msg);
		fail();
	}
}

static void fault_at(int line, const char *repl, long want_line, const char *words)
{
	char *s = with_line(line, repl);
	expect_fault(s, strlen(s), want_line, words);
	free(s);
}

static void test_good_text(void **state)
{
	struct action_library l;
	struct diag d;
	(void)state;
	assert_int_equal(action_library_parse(&l, "t", good_text, strlen(good_text), &ins, &d), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.actions[0].nthemes, 2);
	assert_string_equal(l.actions[0].themes[1], "autonomy");
	assert_string_equal(l.actions[0].indicator, "frequency");
	assert_null(l.actions[1].indicator);
	assert_int_equal(l.actions[1].level, IGLO_LEADER);
	assert_string_equal(text_get(&l.actions[1].description, LANG_FR), "Texte deux.");
	action_library_release(&l);

	/* Windows line ends and a byte order mark are fine. */
	struct buf b = BUF_INIT(1 << 16);
	buf_puts(&b, "\xEF\xBB\xBF");
	for (const char *p = good_text; *p; p++) {
		if (*p == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	assert_int_equal(action_library_parse(&l, "t", b.p, b.len, &ins, &d), 0);
	assert_int_equal(l.n, 2);
	action_library_release(&l);
	buf_release(&b);
	/* Without an instrument, unknown scale ids are accepted when well formed. */
	char *s = with_line(5, "theme stress");
	assert_int_equal(action_library_parse(&l, "t", s, strlen(s), NULL, &d), 0);
	action_library_release(&l);
	free(s);
}

static void test_faults(void **state)
{
	(void)state;
	expect_fault("", 0, 1, "empty");
	expect_fault("# only a comment\n", 17, 1, "empty");
	fault_at(1, "hartslag-instrument 1", 1, "not an action library");
	fault_at(1, "hartslag-actions 2", 1, "not supported");
	fault_at(1, "hartslag-actions x", 1, "not supported");
	fault_at(4, "level group", 4, "outside");
	fault_at(4, "[item one]", 4, "unknown section");
	fault_at(4, "[action one", 4, "must end with ']'");
	fault_at(4, "[action One]", 4, "action id");
	fault_at(4, "[action ]", 4, "unknown section");
	fault_at(16, "[action one]", 16, "defined twice");
	fault_at(10, NULL, 4, "has no title.fr");
	fault_at(6, NULL, 4, "has no level");
	fault_at(24, NULL, 16, "has no text.fr");
	fault_at(6, "colour blue", 6, "unknown key");
	fault_at(9, "title.de Een", 9, "unknown language");
	fault_at(9, "title.NL Een", 9, "unknown language");
	fault_at(9, "title Een", 9, "needs a language");
	fault_at(6, "level.nl group", 6, "takes no language suffix");
	fault_at(7, "level leader", 7, "given twice (first on line 6)");
	fault_at(6, "level team", 6, "must be individual, group, leader or organisation");
	fault_at(7, "quick_win maybe", 7, "'yes' or 'no'");
	fault_at(5, "theme stress", 5, "not a scale of instrument 'hartslag-jdr'");
	fault_at(5, "theme Work-Load", 5, "not a scale id");
	fault_at(5, "theme workload workload", 5, "named twice");
	fault_at(5, "theme", 5, "needs a value");
	fault_at(5, "theme a b c d e f g h i", 5, "theme 'a'");
	fault_at(8, "indicator sick_days", 8, "neither a scale nor an absence indicator");
	fault_at(9, "title.nl Een \xC3\x28", 9, "not valid UTF-8");
	fault_at(9, "title.nl Een\x01", 9, "control character");
	fault_at(12, "text.nl", 12, "is empty");

	/* Limits: a title of 201 bytes, a line of 2001 bytes. */
	char longv[2100];
	memcpy(longv, "title.nl ", 9);
	memset(longv + 9, 'x', 201);
	longv[210] = '\0';
	fault_at(9, longv, 9, "too long (201 bytes, at most 200)");
	memset(longv + 9, 'x', 1992);
	longv[2001] = '\0';
	fault_at(9, longv, 9, "line is too long");
	/* No actions at all. */
	expect_fault("hartslag-actions 1\n\n", 20, 2, "no actions");
	/* A NUL byte inside the data. */
	static const char nul[] = "hartslag-actions 1\n[action a\0]\n";
	expect_fault(nul, sizeof(nul) - 1, 2, "not valid UTF-8");
}

/* Too many themes: the ninth distinct valid theme is refused. */
static void test_theme_limit(void **state)
{
	(void)state;
	fault_at(5,
		 "theme workload autonomy role_clarity development connectedness feedback "
		 "appreciation participation exhaustion",
		 5, "too many themes (at most 8)");
}

int main(void)
{
	i18n_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_complete),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_good_text),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_theme_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
