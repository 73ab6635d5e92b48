/*
 * test_instrument.c: the instrument loader. The default instrument loads
 * and is complete; a small valid file loads; and every kind of fault in a
 * file is refused with the right line and a clear message, leaving
 * nothing loaded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/util.h"
#include "core/embed.h"
#include "core/instrument.h"

#define DEFAULT_INSTRUMENT "instruments/hartslag-jdr.instrument"
#define MINIMAL "tests/data/instruments/valid-minimal.instrument"

/* Test data read once: the small valid file the mutations start from. */
struct fixture {
	char *mini;
	size_t mini_len;
};

static char *source_path(const char *rel)
{
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	return xasprintf("%s/%s", root && *root ? root : ".", rel);
}

static char *slurp(const char *rel, size_t *len)
{
	char *path = source_path(rel);
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT(4 * MAX_INSTRUMENT_BYTES);
	char chunk[4096];
	size_t n;

	if (!f)
		fail_msg("cannot open %s (is HARTSLAG_SOURCE_ROOT set?)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	fclose(f);
	free(path);
	return buf_detach(&b, len);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	fx->mini = slurp(MINIMAL, &fx->mini_len);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	free(fx->mini);
	free(fx);
	return 0;
}

/* 1-based line of the first occurrence of needle in s; fails if absent. */
static long line_of(const char *s, const char *needle)
{
	const char *at = strstr(s, needle);
	long line = 1;

	if (!at)
		fail_msg("'%s' not found in the test input", needle);
	for (const char *p = s; p < at; p++)
		line += *p == '\n';
	return line;
}

/* A copy of s with the first occurrence of from replaced by to. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (!at)
		fail_msg("'%s' not found in the test input", from);
	return xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static int all_zero(const struct instrument *ins)
{
	static const struct instrument zero;
	return memcmp(ins, &zero, sizeof(zero)) == 0;
}

/*
 * Parses data that must fail: checks the status, the line, that the
 * message holds word, and that nothing stays loaded.
 */
static void expect_fault_len(const char *data, size_t len, long line, const char *word)
{
	struct instrument ins;
	struct diag d;

	memset(&ins, 0xa5, sizeof(ins));
	int rc = instrument_parse(&ins, "test.instrument", data, len, &d);
	if (rc != ERR_INVALID)
		fail_msg("expected ERR_INVALID for a fault with '%s', got %d", word, rc);
	if (d.line != line || !strstr(d.msg, word))
		fail_msg("expected line %ld with '%s', got line %ld: %s", line, word, d.line,
			 d.msg);
	assert_true(all_zero(&ins));
}

static void expect_fault(const char *data, long line, const char *word)
{
	expect_fault_len(data, strlen(data), line, word);
}

/* Replaces from by to in the minimal file and expects a fault at the line of at. */
static void mutate_expect(const struct fixture *fx, const char *from, const char *to,
			  const char *at, const char *word)
{
	char *s = replace(fx->mini, from, to);
	expect_fault(s, line_of(s, at), word);
	free(s);
}

static void assert_text(const struct text *t, const char *what)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!t->t[l] || !*t->t[l])
			fail_msg("%s has no text in %s", what, lang_code((enum lang)l));
	}
}

/* ---------------------------------------------------------------- default instrument */

struct expected_scale {
	const char *id;
	enum scale_kind kind;
	enum five_a five_a;
};

static const struct expected_scale expected_scales[] = {
	{"workload", SCALE_DEMAND, FIVE_A_CONTENT},
	{"emotional_load", SCALE_DEMAND, FIVE_A_CONTENT},
	{"physical_load", SCALE_DEMAND, FIVE_A_CIRCUMSTANCES},
	{"role_conflict", SCALE_DEMAND, FIVE_A_ORGANISATION},
	{"work_life", SCALE_DEMAND, FIVE_A_CONDITIONS},
	{"job_insecurity", SCALE_DEMAND, FIVE_A_CONDITIONS},
	{"unwanted_behaviour", SCALE_DEMAND, FIVE_A_RELATIONS},
	{"autonomy", SCALE_RESOURCE, FIVE_A_CONTENT},
	{"support_colleagues", SCALE_RESOURCE, FIVE_A_RELATIONS},
	{"support_manager", SCALE_RESOURCE, FIVE_A_RELATIONS},
	{"feedback", SCALE_RESOURCE, FIVE_A_ORGANISATION},
	{"role_clarity", SCALE_RESOURCE, FIVE_A_CONTENT},
	{"development", SCALE_RESOURCE, FIVE_A_CONDITIONS},
	{"participation", SCALE_RESOURCE, FIVE_A_ORGANISATION},
	{"appreciation", SCALE_RESOURCE, FIVE_A_RELATIONS},
	{"psychological_safety", SCALE_RESOURCE, FIVE_A_RELATIONS},
	{"connectedness", SCALE_RESOURCE, FIVE_A_ORGANISATION},
	{"engagement", SCALE_OUTCOME, FIVE_A_NONE},
	{"exhaustion", SCALE_OUTCOME, FIVE_A_NONE},
	{"intention_to_leave", SCALE_OUTCOME, FIVE_A_NONE},
	{"work_ability", SCALE_OUTCOME, FIVE_A_NONE},
	{"help_known", SCALE_OUTCOME, FIVE_A_NONE},
	{"need_autonomy", SCALE_NEED, FIVE_A_NONE},
	{"need_relatedness", SCALE_NEED, FIVE_A_NONE},
	{"need_competence", SCALE_NEED, FIVE_A_NONE},
};

static void load_default(struct instrument *ins)
{
	struct diag d;
	char *path = source_path(DEFAULT_INSTRUMENT);
	int rc = instrument_load_file(ins, path, &d);
	if (rc)
		fail_msg("%s: line %ld: %s", path, d.line, d.msg);
	free(path);
}

static void test_default_loads(void **state)
{
	struct instrument ins;
	(void)state;

	load_default(&ins);
	assert_string_equal(ins.id, "hartslag-jdr");
	assert_true(ins.version >= 1);
	assert_int_equal(ins.nscales, (int)ARRAY_SIZE(expected_scales));
	assert_int_equal(ins.nitems, 86);
	assert_int_equal(ins.nopen, 1);
	assert_string_equal(ins.open[0].id, "comment");
	assert_non_null(strstr(ins.open[0].text.t[LANG_EN], "Do not write names"));
	instrument_release(&ins);
	assert_true(all_zero(&ins));
}

static void test_default_texts(void **state)
{
	struct instrument ins;
	char what[128];
	(void)state;

	load_default(&ins);
	assert_text(&ins.title, "title");
	assert_text(&ins.intro, "intro");
	for (int a = 0; a < ins.nanswer_scales; a++) {
		assert_int_equal(ins.answer_scales[a].points, 5);
		for (int k = 0; k < ins.answer_scales[a].points; k++) {
			snprintf(what, sizeof(what), "answers %s label %d", ins.answer_scales[a].id,
				 k + 1);
			assert_text(&ins.answer_scales[a].labels[k], what);
		}
	}
	for (int s = 0; s < ins.nscales; s++) {
		const struct scale *sc = &ins.scales[s];
		snprintf(what, sizeof(what), "scale %s", sc->id);
		assert_text(&sc->name, what);
		assert_text(&sc->description, what);
		for (int z = 0; z < 3; z++)
			assert_text(&sc->feedback[z], what);
		/* Every red text sends the respondent to the help section. */
		if (!strstr(sc->feedback[ZONE_RED].t[LANG_EN], "help section") ||
		    !strstr(sc->feedback[ZONE_RED].t[LANG_NL], "Hulp") ||
		    !strstr(sc->feedback[ZONE_RED].t[LANG_FR], "Aide"))
			fail_msg("red feedback of %s does not point to the help section", sc->id);
	}
	for (int i = 0; i < ins.nitems; i++) {
		snprintf(what, sizeof(what), "item %s", ins.items[i].id);
		assert_text(&ins.items[i].text, what);
	}
	for (int p = 0; p < ins.npages; p++)
		assert_text(&ins.pages[p].title, "page title");
	assert_text(&ins.open[0].text, "open question");
	instrument_release(&ins);
}

static void test_default_scales(void **state)
{
	struct instrument ins;
	int reversed = 0;
	(void)state;

	load_default(&ins);
	for (size_t e = 0; e < ARRAY_SIZE(expected_scales); e++) {
		const struct expected_scale *x = &expected_scales[e];
		int s = instrument_scale_index(&ins, str_from(x->id));
		if (s < 0)
			fail_msg("scale '%s' is missing", x->id);
		const struct scale *sc = &ins.scales[s];
		assert_int_equal(sc->kind, x->kind);
		if (sc->five_a != x->five_a)
			fail_msg("scale '%s' is tagged %s, expected %s", x->id,
				 five_a_name(sc->five_a), five_a_name(x->five_a));
		if (sc->nitems < 3 || sc->nitems > 5)
			fail_msg("scale '%s' has %d items", sc->id, sc->nitems);
		assert_int_equal(sc->points, 5);
		assert_int_equal(sc->min_items, sc->nitems - 1);
		if (sc->kind == SCALE_DEMAND)
			assert_false(sc->higher_is_better);
		if (sc->kind == SCALE_RESOURCE || sc->kind == SCALE_NEED)
			assert_true(sc->higher_is_better);
		for (int k = 0; k < sc->nitems; k++)
			assert_int_equal(ins.items[sc->items[k]].scale, s);
	}
	for (int i = 0; i < ins.nitems; i++)
		reversed += ins.items[i].reverse;
	assert_in_range(reversed, 10, 40);
	instrument_release(&ins);
}

static void test_default_pages(void **state)
{
	struct instrument ins;
	int seen[MAX_ITEMS] = {0};
	(void)state;

	load_default(&ins);
	assert_in_range(ins.npages, 6, 9);
	for (int p = 0; p < ins.npages; p++) {
		assert_in_range(ins.pages[p].nitems, 8, 16);
		for (int k = 0; k < ins.pages[p].nitems; k++)
			seen[ins.pages[p].items[k]]++;
	}
	for (int i = 0; i < ins.nitems; i++)
		assert_int_equal(seen[i], 1);
	instrument_release(&ins);
}

static void test_default_embedded(void **state)
{
	const struct embedded_file *f = embed_find(DEFAULT_INSTRUMENT);
	struct instrument ins;
	struct diag d;
	(void)state;

	assert_non_null(f);
	assert_int_equal(instrument_parse(&ins, f->name, (const char *)f->data, f->len, &d), 0);
	assert_int_equal(ins.nscales, (int)ARRAY_SIZE(expected_scales));
	instrument_release(&ins);
}

/* ---------------------------------------------------------------- valid files */

static void test_minimal(void **state)
{
	struct fixture *fx = *state;
	struct instrument ins;
	struct diag d;

	assert_int_equal(instrument_parse(&ins, "mini", fx->mini, fx->mini_len, &d), 0);
	assert_string_equal(ins.id, "mini");
	assert_int_equal(ins.version, 3);
	assert_string_equal(text_get(&ins.title, LANG_FR), "Courte enquête");
	assert_int_equal(ins.nanswer_scales, 1);
	assert_int_equal(ins.answer_scales[0].points, 5);
	assert_string_equal(ins.answer_scales[0].labels[4].t[LANG_EN], "Always");
	assert_int_equal(ins.nscales, 2);
	assert_int_equal(ins.nitems, 4);
	assert_int_equal(ins.npages, 1);
	assert_int_equal(ins.nopen, 1);

	int wl = instrument_scale_index(&ins, STR_LIT("workload"));
	int sup = instrument_scale_index(&ins, STR_LIT("support"));
	assert_int_equal(wl, 0);
	assert_int_equal(sup, 1);
	assert_int_equal(instrument_scale_index(&ins, STR_LIT("nope")), -1);
	assert_int_equal(instrument_scale_index(&ins, STR_LIT("work")), -1);
	const struct scale *sc = &ins.scales[wl];
	assert_int_equal(sc->kind, SCALE_DEMAND);
	assert_int_equal(sc->five_a, FIVE_A_CONTENT);
	assert_false(sc->higher_is_better);
	assert_true(sc->orange == 3.25);
	assert_true(sc->red == 4.0);
	assert_int_equal(sc->min_items, 1); /* default: 2 items - 1 */
	assert_int_equal(sc->nitems, 2);
	assert_string_equal(sc->feedback[ZONE_ORANGE].t[LANG_EN],
			    "You sometimes have more work than time; talk about priorities.");
	assert_int_equal(ins.scales[sup].min_items, 1); /* given */
	assert_true(ins.scales[sup].higher_is_better);

	int wl2 = instrument_item_index(&ins, STR_LIT("wl2"));
	assert_int_equal(wl2, 1);
	assert_true(ins.items[wl2].reverse);
	assert_false(ins.items[0].reverse);
	assert_int_equal(ins.items[wl2].scale, wl);
	assert_int_equal(instrument_item_index(&ins, STR_LIT("comment")), -1);
	assert_int_equal(ins.pages[0].nitems, 4);
	for (int k = 0; k < 4; k++)
		assert_int_equal(ins.pages[0].items[k], k);
	assert_string_equal(ins.open[0].id, "comment");
	instrument_release(&ins);
}

static void test_crlf_bom_and_forward_references(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT(2 * MAX_INSTRUMENT_BYTES);
	struct instrument ins;
	struct diag d;

	/* CRLF line ends and a byte-order mark, as a Windows editor writes. */
	assert_int_equal(buf_puts(&b, "\xef\xbb\xbf"), 0);
	for (const char *p = fx->mini; *p; p++) {
		if (*p == '\n')
			assert_int_equal(buf_putc(&b, '\r'), 0);
		assert_int_equal(buf_putc(&b, *p), 0);
	}
	assert_int_equal(instrument_parse(&ins, "crlf", b.p, b.len, &d), 0);
	assert_int_equal(ins.nitems, 4);
	assert_string_equal(ins.items[0].text.t[LANG_EN], "I have to rush.");
	instrument_release(&ins);
	buf_release(&b);

	/* The page first, then the items and scales it refers to. */
	const char *at = strstr(fx->mini, "[page]");
	const char *end = strstr(fx->mini, "[open comment]");
	char *moved = xasprintf("%.*s%.*s%s", (int)(strstr(fx->mini, "[answers") - fx->mini),
				fx->mini, (int)(end - at), at,
				strstr(fx->mini, "[answers"));
	/* ... which leaves the page twice: drop the second copy. */
	char *second = strstr(strstr(moved, "[page]") + 1, "[page]");
	assert_non_null(second);
	memmove(second, second + (end - at), strlen(second + (end - at)) + 1);
	assert_int_equal(instrument_parse(&ins, "fwd", moved, strlen(moved), &d), 0);
	assert_int_equal(ins.pages[0].nitems, 4);
	assert_int_equal(ins.pages[0].items[3], instrument_item_index(&ins, STR_LIT("sup2")));
	instrument_release(&ins);
	free(moved);
}

static void test_load_file_errors(void **state)
{
	struct instrument ins;
	struct diag d;
	(void)state;

	assert_int_equal(instrument_load_file(&ins, "/nonexistent/x.instrument", &d), ERR_IO);
	assert_int_equal(d.line, 0);
	assert_non_null(strstr(d.msg, "no such file"));
	assert_true(all_zero(&ins));

	char *dir = source_path("tests/data/instruments");
	assert_int_equal(instrument_load_file(&ins, dir, &d), ERR_IO);
	assert_true(all_zero(&ins));
	free(dir);

	char *bad = source_path("tests/data/instruments/bad-format-line.instrument");
	assert_int_equal(instrument_load_file(&ins, bad, &d), ERR_INVALID);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "first line"));
	free(bad);
}

/* ---------------------------------------------------------------- faults, by kind */

static void test_fault_format_line(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "hartslag-instrument 1", "hartslag-instrumnet 1", "hartslag",
		      "first line must be 'hartslag-instrument 1'");
	mutate_expect(fx, "hartslag-instrument 1", "hartslag-instrument 2", "hartslag",
		      "format version '2' is not supported");
	mutate_expect(fx, "hartslag-instrument 1", "# hartslag-instrument 1", "#",
		      "first line");
	expect_fault("", 1, "empty");
	expect_fault("\xef\xbb\xbf", 1, "empty");
}

static void test_fault_bytes(void **state)
{
	struct fixture *fx = *state;

	mutate_expect(fx, "name.nl Werkdruk", "name.nl Werk\xc3\x28" "druk", "name.nl Werk",
		      "UTF-8");
	mutate_expect(fx, "name.nl Werkdruk", "name.nl Werk\xed\xa0\x80" "druk", "name.nl Werk",
		      "UTF-8"); /* a surrogate */
	mutate_expect(fx, "name.nl Werkdruk", "name.nl Werk\x01" "druk", "name.nl Werk",
		      "control character 0x01 at column 13");
	mutate_expect(fx, "name.nl Werkdruk", "name.nl Werk\rdruk", "name.nl Werk",
		      "control character 0x0d");

	/* A NUL byte: the parser reads by length, not to the first NUL. */
	char *s = replace(fx->mini, "label.3.fr Parfois", "label.3.fr Par@fois");
	long line = line_of(s, "Par@fois");
	*strchr(s, '@') = '\0';
	size_t len = strlen(s) + 1 + strlen(s + strlen(s) + 1);
	expect_fault_len(s, len, line, "NUL byte at column 15");
	free(s);
}

static void test_fault_sizes(void **state)
{
	struct fixture *fx = *state;
	char *longtext = xmalloc(MAX_INSTRUMENT_LINE + 1);

	memset(longtext, 'a', MAX_INSTRUMENT_LINE);
	longtext[MAX_INSTRUMENT_LINE] = '\0';
	mutate_expect(fx, "Je werkdruk lijkt haalbaar.", longtext, "aaaa", "the limit is 2000");
	/* A text may not pass MAX_TEXT_BYTES even on a line that is short enough. */
	longtext[MAX_TEXT_BYTES + 1] = '\0';
	mutate_expect(fx, "Je werkdruk lijkt haalbaar.", longtext, "aaaa", "the limit is 1000");
	free(longtext);

	/* A whole file over the limit fails before any line is read. */
	size_t big = (size_t)MAX_INSTRUMENT_BYTES + 1;
	char *huge = xmalloc(big);
	memcpy(huge, fx->mini, fx->mini_len);
	memset(huge + fx->mini_len, '#', big - fx->mini_len);
	expect_fault_len(huge, big, 0, "at most 1048576");
	free(huge);
}

static void test_fault_ids(void **state)
{
	struct fixture *fx = *state;
	char *msg;

	msg = xasprintf("duplicate scale 'workload' (first on line %ld)",
			line_of(fx->mini, "[scale workload]"));
	mutate_expect(fx, "[scale support]", "[scale workload]", "[scale workload]\nkind resource",
		      msg);
	free(msg);
	msg = xasprintf("duplicate id 'wl1' (item on line %ld)", line_of(fx->mini, "[item wl1]"));
	mutate_expect(fx, "[item sup1]", "[item wl1]", "[item wl1]\nscale support", msg);
	free(msg);
	msg = xasprintf("duplicate id 'wl2' (item on line %ld)", line_of(fx->mini, "[item wl2]"));
	mutate_expect(fx, "[open comment]", "[open wl2]", "[open wl2]", msg);
	free(msg);
	mutate_expect(fx, "[answers freq5]", "[answers Freq5]", "[answers", "invalid id 'Freq5'");
	mutate_expect(fx, "[item wl1]", "[item wl 1]", "[item wl 1]", "invalid id 'wl 1'");
	mutate_expect(fx, "id mini", "id mini.v2", "id mini", "invalid id 'mini.v2'");
	char *longid = xasprintf("[item %065d]", 7);
	mutate_expect(fx, "[item wl1]", longid, "[item 000", "1 to 64");
	free(longid);
	mutate_expect(fx, "[page]", "[page one]", "[page one]", "takes no id");
	mutate_expect(fx, "[open comment]", "[open]", "[open]", "needs an id");
}

static void test_fault_unknown_keys(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "reverse yes", "revers yes", "revers",
		      "unknown key 'revers' (did you mean 'reverse'?)");
	mutate_expect(fx, "higher_is_better no", "higher_is_beter no", "higher_is_beter",
		      "did you mean 'higher_is_better'?");
	mutate_expect(fx, "feedback.red.nl Je", "feedback.rde.nl Je", "feedback.rde",
		      "did you mean 'feedback.red.nl'?");
	mutate_expect(fx, "text.en I have to rush.", "text.de I have to rush.", "text.de",
		      "unknown language 'de' in key 'text.de'");
	mutate_expect(fx, "text.en I have to rush.", "text.EN I have to rush.", "text.EN",
		      "unknown language 'EN'");
	mutate_expect(fx, "text.en I have to rush.", "text I have to rush.", "text I have",
		      "key 'text' needs a language");
	mutate_expect(fx, "label.4.en Often", "label.4.de Often", "label.4.de",
		      "unknown language 'de'");
	mutate_expect(fx, "label.4.en Often", "label.0.en Often", "label.0.en",
		      "label number '0' must be from 1 to 11");
	mutate_expect(fx, "label.4.en Often", "label.12.en Often", "label.12.en",
		      "label number '12'");
	mutate_expect(fx, "version 3", "colour blue", "colour",
		      "unknown key 'colour' in the file header");
	mutate_expect(fx, "[page]\ntitle.nl Je werk", "[page]\nkind demand\ntitle.nl Je werk",
		      "kind demand\ntitle.nl Je werk", "unknown key 'kind' in page");
	mutate_expect(fx, "[page]", "[pages]", "[pages]",
		      "unknown section 'pages' (did you mean 'page'?)");
	mutate_expect(fx, "[page]", "[chapter]", "[chapter]", "unknown section 'chapter'");
	mutate_expect(fx, "[page]", "[page", "[page", "must end with ']'");
}

static void test_fault_values(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "reverse yes", "reverse ja", "reverse ja", "'yes' or 'no'");
	mutate_expect(fx, "kind demand", "kind demands", "kind demands", "unknown kind 'demands'");
	mutate_expect(fx, "five_a content", "five_a contents", "five_a contents",
		      "unknown five_a 'contents'");
	mutate_expect(fx, "orange 3.25", "orange 3,25", "orange 3,25", "like 3 or 3.25");
	mutate_expect(fx, "orange 3.25", "orange 3.", "orange 3.", "like 3 or 3.25");
	mutate_expect(fx, "orange 3.25", "orange 3.25001", "orange 3.2", "like 3 or 3.25");
	/* Regression 001 (found by the fuzzer): long digit runs overflowed. */
	mutate_expect(fx, "orange 3.25", "orange 3.2333333333333333333333333333",
		      "orange 3.2", "like 3 or 3.25");
	mutate_expect(fx, "orange 3.25", "orange 99999999999999999999999.5", "orange 9",
		      "like 3 or 3.25");
	mutate_expect(fx, "version 3", "version 0", "version 0", "'version' must be");
	mutate_expect(fx, "version 3", "version", "version", "key 'version' has no value");
	mutate_expect(fx, "min_items 1", "min_items 13", "min_items", "from 1 to 12");
	char *msg = xasprintf("duplicate key 'kind' (first on line %ld)",
			      line_of(fx->mini, "kind demand"));
	mutate_expect(fx, "kind demand", "kind demand\nkind resource", "kind resource", msg);
	free(msg);
	mutate_expect(fx, "text.nl Ik moet me haasten.",
		      "text.nl Ik moet me haasten.\ntext.nl Nog eens.", "text.nl Nog",
		      "duplicate key 'text.nl'");
}

static void test_fault_missing(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "kind demand\n", "", "[scale workload]",
		      "scale 'workload' has no 'kind'");
	mutate_expect(fx, "red 4\n", "", "[scale workload]", "has no 'red'");
	mutate_expect(fx, "answers freq5\nreverse", "reverse", "[item wl2]",
		      "item 'wl2' has no 'answers'");
	mutate_expect(fx, "feedback.red.fr Vous avez souvent trop de travail. La rubrique Aide "
		      "indique qui peut vous aider.\n", "", "[scale workload]",
		      "scale 'workload' has no 'feedback.red.fr'");
	mutate_expect(fx, "text.fr Mes collègues m'aident.\n", "", "[item sup1]",
		      "item 'sup1' has no 'text.fr'");
	mutate_expect(fx, "title.en Your work\n", "", "[page]", "page 1 has no 'title.en'");
	mutate_expect(fx, "intro.en Five questions about your work.\n", "", "hartslag",
		      "the file header has no 'intro.en'");
	mutate_expect(fx, "id mini\n", "", "hartslag", "the file header has no 'id'");
	mutate_expect(fx, "label.3.fr Parfois\n", "", "[answers freq5]",
		      "answer scale 'freq5' has no 'label.3.fr'");
	mutate_expect(fx, "points 5\n", "", "[answers freq5]", "has no 'points'");
	mutate_expect(fx, "text.en What would make your work better? Do not write names.", "",
		      "[open comment]", "open question 'comment' has no 'text.en'");
	expect_fault("hartslag-instrument 1\nid x\nversion 1\ntitle.nl a\ntitle.fr a\n"
		     "title.en a\nintro.nl a\nintro.fr a\nintro.en a\n", 1, "has no items");
}

static void test_fault_references(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "scale workload\nanswers", "scale workoad\nanswers", "scale workoad",
		      "unknown scale 'workoad'");
	mutate_expect(fx, "answers freq5\ntext", "answers freq4\ntext", "answers freq4",
		      "unknown answer scale 'freq4'");
	mutate_expect(fx, "item sup2\n", "item sup3\n", "item sup3", "unknown item 'sup3'");
	mutate_expect(fx, "item sup2\n", "item sup2\nitem comment\n", "item comment",
		      "open question 'comment' cannot be on a page");
}

static void test_fault_mixed_points(void **state)
{
	struct fixture *fx = *state;
	char *s = replace(fx->mini, "[scale workload]",
			  "[answers yesno]\npoints 2\nlabel.1.nl nee\nlabel.1.fr non\n"
			  "label.1.en no\nlabel.2.nl ja\nlabel.2.fr oui\nlabel.2.en yes\n\n"
			  "[scale workload]");
	char *t = replace(s, "answers freq5\nreverse yes", "answers yesno\nreverse yes");
	expect_fault(t, line_of(t, "answers yesno\nreverse"),
		     "item 'wl2' has 2 answer points but scale 'workload' has items with 5 "
		     "(item 'wl1')");
	free(t);
	free(s);
}

static void test_fault_zones(void **state)
{
	struct fixture *fx = *state;
	/* Order against the direction. */
	mutate_expect(fx, "red 4\n", "red 3\n", "red 3", "'red' (3) must be above 'orange' (3.25)");
	mutate_expect(fx, "red 4\n", "red 3.25\n", "red 3.25", "must be above 'orange'");
	mutate_expect(fx, "red 2.5\n", "red 3.5\n", "red 3.5", "must be below 'orange' (3.25)");
	/* Inside 1..points. */
	mutate_expect(fx, "red 4\n", "red 5.5\n", "red 5.5", "'red' (5.5) must be at most 5");
	mutate_expect(fx, "orange 3.25\n", "orange 1\n", "orange 1",
		      "'orange' (1) must be above 1");
	mutate_expect(fx, "red 2.5\n", "red 0.5\n", "red 0.5", "'red' (0.5) must be at least 1");
	mutate_expect(fx, "orange 3.25\nmin", "orange 5\nmin", "orange 5\nmin",
		      "'orange' (5) must be below 5");
}

static void test_fault_kinds(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "higher_is_better no", "higher_is_better yes", "higher_is_better yes",
		      "scale 'workload' is a demand and must have 'higher_is_better no'");
	mutate_expect(fx, "higher_is_better yes", "higher_is_better no", "higher_is_better no\n"
		      "red 2.5", "is a resource and must have 'higher_is_better yes'");
	mutate_expect(fx, "five_a content\n", "", "[scale workload]",
		      "is a demand and needs 'five_a'");
	mutate_expect(fx, "five_a relations", "five_a none", "five_a none",
		      "is a resource and needs 'five_a'");
	mutate_expect(fx, "kind resource\nfive_a relations", "kind need\nfive_a relations",
		      "five_a relations", "scale 'support' is a need and carries no 5 A's domain");
	/* An outcome may go either way and carries no domain: valid. */
	char *s = replace(fx->mini, "kind resource\nfive_a relations", "kind outcome\nfive_a none");
	struct instrument ins;
	struct diag d;
	assert_int_equal(instrument_parse(&ins, "t", s, strlen(s), &d), 0);
	assert_int_equal(ins.scales[1].kind, SCALE_OUTCOME);
	assert_int_equal(ins.scales[1].five_a, FIVE_A_NONE);
	instrument_release(&ins);
	free(s);
}

static void test_fault_scale_items(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "scale workload\nanswers freq5\nreverse yes",
		      "scale support\nanswers freq5\nreverse yes", "[scale workload]",
		      "scale 'workload' has 1 item; a scale needs 2 to 12");
	mutate_expect(fx, "min_items 1", "min_items 3", "min_items 3",
		      "'min_items' is 3 but scale 'support' has only 2 items");

	/* Thirteen items on one scale. */
	struct buf b = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct buf pg = BUF_INIT(MAX_INSTRUMENT_BYTES);
	for (int i = 0; i < 11; i++) {
		assert_int_equal(buf_printf(&b, "[item x%d]\nscale workload\nanswers freq5\n"
					    "text.nl a\ntext.fr a\ntext.en a\n", i), 0);
		assert_int_equal(buf_printf(&pg, "item x%d\n", i), 0);
	}
	assert_int_equal(buf_puts(&b, "[page]"), 0);
	char *s = replace(fx->mini, "[page]", buf_cstr(&b));
	char *t = replace(s, "item sup2\n", pg.p);
	char *u = replace(t, "item x10\n", "item x10\nitem sup2\n");
	expect_fault(u, line_of(u, "[scale workload]"), "has 13 items; a scale needs 2 to 12");
	free(u);
	free(t);
	free(s);
	buf_release(&b);
	buf_release(&pg);
}

static void test_fault_pages(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "[open comment]",
		      "[page]\ntitle.nl Leeg\ntitle.fr Vide\ntitle.en Empty\n\n[open comment]",
		      "[page]\ntitle.nl Leeg", "page 2 has no items");
	mutate_expect(fx, "item sup2\n", "", "[item sup2]", "item 'sup2' is on no page");
	mutate_expect(fx, "item sup2\n", "item sup2\nitem wl1\n", "item wl1\n\n",
		      "item 'wl1' is already on a page (line");
}

/* Appends a complete scale section with two items and their page lines. */
static void add_scale(struct buf *b, struct buf *pg, int n)
{
	assert_int_equal(buf_printf(b, "[scale s%d]\nkind outcome\nhigher_is_better yes\n"
				    "red 2\norange 3\n", n), 0);
	static const char *const keys[] = {"name", "description", "feedback.green",
					   "feedback.orange", "feedback.red"};
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
		assert_int_equal(buf_printf(b, "%s.nl t\n%s.fr t\n%s.en t\n", keys[k], keys[k],
					    keys[k]), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(buf_printf(b, "[item s%d-%d]\nscale s%d\nanswers freq5\n"
					    "text.nl t\ntext.fr t\ntext.en t\n", n, i, n), 0);
		assert_int_equal(buf_printf(pg, "item s%d-%d\n", n, i), 0);
	}
}

static void test_fault_limits(void **state)
{
	struct fixture *fx = *state;
	mutate_expect(fx, "points 5", "points 12", "points 12", "from 2 to 11");
	mutate_expect(fx, "points 5", "points 1", "points 1", "from 2 to 11");

	/* One scale more than MAX_SCALES. */
	struct buf b = BUF_INIT(MAX_INSTRUMENT_BYTES);
	struct buf pg = BUF_INIT(MAX_INSTRUMENT_BYTES);
	for (int n = 0; n < MAX_SCALES - 2; n++)
		add_scale(&b, &pg, n);
	assert_int_equal(buf_puts(&b, "[page]"), 0);
	char *s = replace(fx->mini, "[page]", b.p);
	char *t = replace(s, "item sup2\n", "item sup2\n@");
	char *ok = replace(t, "@", pg.p);
	/* Exactly MAX_SCALES scales load. */
	struct instrument ins;
	struct diag d;
	if (instrument_parse(&ins, "t", ok, strlen(ok), &d))
		fail_msg("line %ld: %s", d.line, d.msg);
	assert_int_equal(ins.nscales, MAX_SCALES);
	instrument_release(&ins);
	char *over = replace(ok, "[page]", "[scale one-too-many]\n[page]");
	expect_fault(over, line_of(over, "[scale one-too-many]"),
		     "too many scales; the limit is 64");
	free(over);
	free(ok);
	free(t);
	free(s);
	buf_release(&b);
	buf_release(&pg);

	/* One item more than MAX_ITEMS (on a scale that would also be too big). */
	buf_init(&b, MAX_INSTRUMENT_BYTES);
	for (int i = 0; i <= MAX_ITEMS - 4; i++)
		assert_int_equal(buf_printf(&b, "[item m%d]\nscale support\nanswers freq5\n"
					    "text.nl a\ntext.fr a\ntext.en a\n", i), 0);
	assert_int_equal(buf_puts(&b, "[page]"), 0);
	s = replace(fx->mini, "[page]", b.p);
	expect_fault(s, line_of(s, "[item m252]"), "too many items; the limit is 256");
	free(s);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_loads),
		cmocka_unit_test(test_default_texts),
		cmocka_unit_test(test_default_scales),
		cmocka_unit_test(test_default_pages),
		cmocka_unit_test(test_default_embedded),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_crlf_bom_and_forward_references),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_fault_format_line),
		cmocka_unit_test(test_fault_bytes),
		cmocka_unit_test(test_fault_sizes),
		cmocka_unit_test(test_fault_ids),
		cmocka_unit_test(test_fault_unknown_keys),
		cmocka_unit_test(test_fault_values),
		cmocka_unit_test(test_fault_missing),
		cmocka_unit_test(test_fault_references),
		cmocka_unit_test(test_fault_mixed_points),
		cmocka_unit_test(test_fault_zones),
		cmocka_unit_test(test_fault_kinds),
		cmocka_unit_test(test_fault_scale_items),
		cmocka_unit_test(test_fault_pages),
		cmocka_unit_test(test_fault_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
