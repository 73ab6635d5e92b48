/*
 * test_i18n.c: the .mo reader, on catalog images built by hand here, and
 * the T()/NT() plural rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"

struct mo_entry {
	const char *id; /* plural keys hold "singular\0plural": give the lengths */
	size_t id_len;
	const char *tr;
	size_t tr_len;
};

#define E(id, tr) {id, sizeof(id) - 1, tr, sizeof(tr) - 1}

/* Sorted by msgid, as msgfmt writes them. */
static const struct mo_entry sample[] = {
	E("%d answer\0%d answers", "%d antwoord\0%d antwoorden"),
	E("Cancel", ""), /* untranslated */
	E("Save", "Opslaan"),
	E("Workload", "Werkdruk"),
};

static void put32(uint8_t *p, uint32_t v, int big)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p, int big)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)p[big ? 3 - i : i] << (8 * i);
	return v;
}

/*
 * Builds a .mo image: header (28 bytes), original table at 28, translation
 * table after it, then the strings, each followed by a NUL. Caller frees.
 */
static uint8_t *mo_build(const struct mo_entry *e, uint32_t n, int big, size_t *len)
{
	size_t size = 28 + 16 * (size_t)n;
	for (uint32_t i = 0; i < n; i++)
		size += e[i].id_len + 1 + e[i].tr_len + 1;
	uint8_t *m = calloc(1, size);
	assert_non_null(m);
	put32(m, 0x950412deu, big);
	put32(m + 4, 0, big);
	put32(m + 8, n, big);
	put32(m + 12, 28, big);
	put32(m + 16, 28 + 8 * n, big);
	size_t off = 28 + 16 * (size_t)n;
	for (uint32_t i = 0; i < n; i++) {
		put32(m + 28 + 8 * i, (uint32_t)e[i].id_len, big);
		put32(m + 28 + 8 * i + 4, (uint32_t)off, big);
		memcpy(m + off, e[i].id, e[i].id_len);
		off += e[i].id_len + 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		put32(m + 28 + 8 * n + 8 * i, (uint32_t)e[i].tr_len, big);
		put32(m + 28 + 8 * n + 8 * i + 4, (uint32_t)off, big);
		memcpy(m + off, e[i].tr, e[i].tr_len);
		off += e[i].tr_len + 1;
	}
	*len = size;
	return m;
}

static void check_lookups(const struct catalog *c)
{
	assert_string_equal(catalog_get(c, "Save"), "Opslaan");
	assert_string_equal(catalog_get(c, "Workload"), "Werkdruk");
	assert_null(catalog_get(c, "Cancel")); /* empty translation */
	assert_null(catalog_get(c, "Missing"));
	assert_null(catalog_get(c, ""));
	assert_null(catalog_get(c, "Sav"));
	assert_null(catalog_get(c, "Savee"));
	assert_string_equal(catalog_get_plural(c, "%d answer", 0), "%d antwoord");
	assert_string_equal(catalog_get_plural(c, "%d answer", 1), "%d antwoorden");
	assert_null(catalog_get_plural(c, "%d answer", 2));
	assert_null(catalog_get_plural(c, "%d answers", 0));
	assert_null(catalog_get_plural(c, "Cancel", 0));
	assert_string_equal(catalog_get_plural(c, "Save", 0), "Opslaan");
	assert_null(catalog_get_plural(c, "Save", 1));
}

static void test_parse_and_lookup(void **state)
{
	(void)state;
	for (int big = 0; big <= 1; big++) {
		size_t len;
		uint8_t *m = mo_build(sample, ARRAY_SIZE(sample), big, &len);
		struct catalog c;
		assert_int_equal(catalog_parse(&c, m, len), 0);
		assert_int_equal(c.n, ARRAY_SIZE(sample));
		check_lookups(&c);
		free(m);
	}
}

static void test_empty_catalog(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = mo_build(NULL, 0, 0, &len);
	struct catalog c;
	assert_int_equal(len, 28);
	assert_int_equal(catalog_parse(&c, m, len), 0);
	assert_null(catalog_get(&c, "Save"));
	assert_null(catalog_get_plural(&c, "Save", 0));
	free(m);
	assert_null(catalog_get(NULL, "Save"));
	assert_null(catalog_get_plural(NULL, "Save", 0));
}

/* Parses a corrupted copy: must fail, leave c empty and answer nothing. */
static void expect_corrupt(const uint8_t *m, size_t len, const char *what)
{
	struct catalog c;
	memset(&c, 0x5a, sizeof(c));
	if (catalog_parse(&c, m, len) != ERR_INVALID)
		fail_msg("accepted: %s", what);
	if (c.data || c.n || c.len)
		fail_msg("catalog not left empty: %s", what);
	assert_null(catalog_get(&c, "Save"));
}

static void test_corrupt(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = mo_build(sample, ARRAY_SIZE(sample), 0, &len);
	uint8_t *x = malloc(len);
	uint32_t n = ARRAY_SIZE(sample);
	uint32_t orig = 28, trans = 28 + 8 * n;

#define FRESH() memcpy(x, m, len)
	FRESH();
	expect_corrupt(x, 27, "shorter than a header");
	expect_corrupt(x, 0, "empty");
	FRESH();
	x[0] ^= 1;
	expect_corrupt(x, len, "bad magic");
	FRESH();
	put32(x + 8, 0xffffffffu, 0);
	expect_corrupt(x, len, "huge count");
	FRESH();
	put32(x + 8, n + 1, 0);
	expect_corrupt(x, len, "count one too many");
	FRESH();
	put32(x + 12, (uint32_t)len + 1, 0);
	expect_corrupt(x, len, "original table past the end");
	FRESH();
	put32(x + 16, (uint32_t)len - 4, 0);
	expect_corrupt(x, len, "translation table running off the end");
	FRESH();
	put32(x + 16, 0xfffffff8u, 0);
	expect_corrupt(x, len, "translation table offset wrapping");
	FRESH();
	put32(x + orig + 4, (uint32_t)len, 0);
	expect_corrupt(x, len, "string offset at the end");
	FRESH();
	put32(x + orig + 4, 0xfffffff0u, 0);
	expect_corrupt(x, len, "string offset far past the end");
	FRESH();
	put32(x + trans + 8 * 2, 0xffffffffu, 0);
	expect_corrupt(x, len, "string length wrapping");
	FRESH();
	put32(x + trans + 8 * 3, (uint32_t)(len - get32(x + trans + 8 * 3 + 4, 0)), 0);
	expect_corrupt(x, len, "last string reaching the end without a NUL");
	FRESH();
	{
		/* Overwrite the NUL after "Save". */
		uint32_t l = get32(x + orig + 8 * 2, 0);
		uint32_t o = get32(x + orig + 8 * 2 + 4, 0);
		x[o + l] = 'X';
	}
	expect_corrupt(x, len, "missing NUL terminator");
	FRESH();
	expect_corrupt(x, len - 1, "truncated image");

	/* A valid image still parses after all that. */
	struct catalog c;
	FRESH();
	assert_int_equal(catalog_parse(&c, x, len), 0);
	check_lookups(&c);
#undef FRESH
	free(x);
	free(m);
}

static void test_unsorted_is_safe(void **state)
{
	(void)state;
	/* msgfmt always sorts; an unsorted image may miss entries but must
	 * never read outside the image. */
	static const struct mo_entry unsorted[] = {
		E("Zebra", "Zebra nl"), E("Apple", "Appel"), E("Mango", "Mango nl"),
	};
	size_t len;
	uint8_t *m = mo_build(unsorted, ARRAY_SIZE(unsorted), 0, &len);
	struct catalog c;
	assert_int_equal(catalog_parse(&c, m, len), 0);
	assert_string_equal(catalog_get(&c, "Apple"), "Appel"); /* the middle probe */
	(void)catalog_get(&c, "Zebra");
	(void)catalog_get(&c, "Mango");
	assert_null(catalog_get(&c, "Kiwi"));
	free(m);
}

static void test_t_and_plural_rules(void **state)
{
	(void)state;
	/* English is the msgid itself, the same pointer. */
	const char *id = "Save";
	assert_ptr_equal(T(LANG_EN, id), id);
	const char *odd = "zz-hartslag-test-message-that-has-no-translation";
	assert_ptr_equal(T(LANG_NL, odd), odd);
	assert_ptr_equal(T(LANG_FR, odd), odd);
	assert_ptr_equal(T((enum lang)42, odd), odd);

	const char *s = "zz-test %d thing", *p = "zz-test %d things";
	/* French: singular for 0 and 1. */
	assert_ptr_equal(NT(LANG_FR, s, p, 0), s);
	assert_ptr_equal(NT(LANG_FR, s, p, 1), s);
	assert_ptr_equal(NT(LANG_FR, s, p, 2), p);
	/* Dutch and English: singular for 1 only. */
	assert_ptr_equal(NT(LANG_NL, s, p, 0), p);
	assert_ptr_equal(NT(LANG_NL, s, p, 1), s);
	assert_ptr_equal(NT(LANG_NL, s, p, 5), p);
	assert_ptr_equal(NT(LANG_EN, s, p, 1), s);
	assert_ptr_equal(NT(LANG_EN, s, p, -1), p);
	assert_ptr_equal(NT((enum lang)42, s, p, 1), s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_empty_catalog),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_unsorted_is_safe),
		cmocka_unit_test(test_t_and_plural_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
