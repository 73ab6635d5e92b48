/*
 * test_util.c: allocation wrappers, capped buffers, strings, UTF-8.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"

static void test_alloc(void **state)
{
	(void)state;
	char *p = xmalloc(0);
	assert_non_null(p);
	free(p);
	int *z = xcalloc(16, sizeof(int));
	for (int i = 0; i < 16; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 1000 * sizeof(int));
	z[999] = 7;
	assert_int_equal(z[0], 0);
	free(z);
	char *s = xstrdup("hartslag");
	assert_string_equal(s, "hartslag");
	free(s);
	s = xstrndup("hartslag", 4);
	assert_string_equal(s, "hart");
	free(s);
	s = xasprintf("%s-%d-%05.1f", "a", 42, 3.14159);
	assert_string_equal(s, "a-42-003.1");
	free(s);
	/* Longer than any small internal buffer. */
	s = xasprintf("%0600d", 1);
	assert_int_equal(strlen(s), 600);
	assert_int_equal(s[599], '1');
	free(s);
}

static void test_str(void **state)
{
	(void)state;
	struct str n = str_from(NULL);
	assert_int_equal(n.len, 0);
	assert_true(str_eq(n, STR_LIT("")));
	assert_true(str_eq(STR_LIT("abc"), str_from("abc")));
	assert_false(str_eq(STR_LIT("abc"), STR_LIT("abd")));
	assert_false(str_eq(STR_LIT("abc"), STR_LIT("ab")));
	assert_true(str_eq_lit((struct str){"abcdef", 3}, "abc"));
	assert_false(str_eq_lit((struct str){"abcdef", 3}, "abcd"));

	struct str t = str_trim(STR_LIT(" \t x y \t "));
	assert_int_equal(t.len, 3);
	assert_memory_equal(t.p, "x y", 3);
	t = str_trim(STR_LIT(" \t  "));
	assert_int_equal(t.len, 0);
	t = str_trim(STR_LIT("\nx\n")); /* only spaces and tabs */
	assert_int_equal(t.len, 3);
}

static void test_str_to_long(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		long v;
	} good[] = {
		{"0", 0}, {"42", 42}, {"-42", -42}, {"+7", 7}, {"007", 7}, {"-0", 0},
		{"9223372036854775807", LONG_MAX},
		{"-9223372036854775807", -LONG_MAX},
		{"-9223372036854775808", LONG_MIN},
		{"+0000000000000000000000000000001", 1},
	};
	static const char *const bad[] = {
		"", "-", "+", " 1", "1 ", "1a", "0x10", "1.0", "1,0", "--1", "+-1", "١",
		"9223372036854775808", "-9223372036854775809", "99999999999999999999",
		"18446744073709551616", "-99999999999999999999999",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		long v = 12345;
		if (str_to_long(str_from(good[i].s), LONG_MIN, LONG_MAX, &v) != 0)
			fail_msg("'%s' rejected", good[i].s);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		long v = 12345;
		if (str_to_long(str_from(bad[i]), LONG_MIN, LONG_MAX, &v) == 0)
			fail_msg("'%s' accepted as %ld", bad[i], v);
		assert_int_equal(v, 12345); /* untouched */
	}
	/* The range is inclusive and enforced. */
	long v = 0;
	assert_int_equal(str_to_long(STR_LIT("1900"), 1900, 2025, &v), 0);
	assert_int_equal(v, 1900);
	assert_int_equal(str_to_long(STR_LIT("2025"), 1900, 2025, &v), 0);
	assert_int_equal(str_to_long(STR_LIT("1899"), 1900, 2025, &v), -1);
	assert_int_equal(str_to_long(STR_LIT("2026"), 1900, 2025, &v), -1);
	assert_int_equal(str_to_long(STR_LIT("-1"), 0, 10, &v), -1);
	assert_int_equal(v, 2025);
	/* Only len bytes are read. */
	assert_int_equal(str_to_long((struct str){"12x", 2}, 0, 100, &v), 0);
	assert_int_equal(v, 12);
}

static void test_buf_basic(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "ab"), 0);
	assert_int_equal(buf_putc(&b, 'c'), 0);
	assert_int_equal(buf_append(&b, "d\0e", 3), 0);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.p, "abcd\0e", 7); /* NUL-terminated, NULs kept */
	assert_int_equal(buf_printf(&b, "%d", 12), 0);
	assert_int_equal(b.len, 8);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "xy"), 0);
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_int_equal(len, 2);
	assert_string_equal(p, "xy");
	free(p);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	p = buf_detach(&b, &len); /* empty: "" and never NULL */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_release(&b);
	buf_release(&b); /* twice is harmless */
}

static void test_buf_ceiling(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(10);
	/* Up to the ceiling exactly. */
	assert_int_equal(buf_append(&b, "0123456789", 10), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(buf_append(&b, "", 0), 0);
	/* One past it: an error and the buffer is released. */
	assert_int_equal(buf_putc(&b, 'x'), ERR_TOO_LARGE);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* The ceiling stays; the buffer can be used again. */
	assert_int_equal(b.max, 10);
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(buf_cstr(&b), "again");
	/* Sizes that would wrap around are refused, not wrapped. */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), ERR_TOO_LARGE);
	assert_null(b.p);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 1), ERR_TOO_LARGE);
	assert_null(b.p);
	/* printf past the ceiling, through the small and the large path. */
	assert_int_equal(buf_printf(&b, "%s", "12345678901"), ERR_TOO_LARGE);
	assert_null(b.p);
	struct buf big = BUF_INIT(300);
	assert_int_equal(buf_printf(&big, "%0290d", 5), 0);
	assert_int_equal(big.len, 290);
	assert_int_equal(buf_printf(&big, "%020d", 5), ERR_TOO_LARGE);
	assert_int_equal(big.len, 0);
	buf_release(&big);
	/* A zero ceiling holds nothing. */
	struct buf zero = BUF_INIT(0);
	assert_int_equal(buf_append(&zero, "", 0), 0);
	assert_int_equal(buf_putc(&zero, 'a'), ERR_TOO_LARGE);
	buf_release(&zero);
	buf_release(&b);
}

static void test_buf_growth(void **state)
{
	(void)state;
	/* Growth by doubling never passes the ceiling + 1 and keeps data. */
	struct buf b = BUF_INIT(1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 1000);
	assert_true(b.cap <= 1001);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(b.p[i], 'a' + i % 26);
	assert_int_equal(b.p[1000], '\0');
	buf_release(&b);

	/* An unlimited buffer (SIZE_MAX) must still allocate enough. */
	struct buf u = BUF_INIT(SIZE_MAX);
	assert_int_equal(buf_puts(&u, "unlimited"), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(buf_puts(&u, "0123456789"), 0);
	assert_int_equal(u.len, 1009);
	assert_true(u.cap > u.len);
	buf_release(&u);
}

static void test_diag(void **state)
{
	(void)state;
	struct diag d;
	assert_int_equal(diag_set(&d, 7, "field %d: '%s'", 3, "x"), ERR_INVALID);
	assert_string_equal(d.msg, "field 3: 'x'");
	assert_int_equal(d.line, 7);
	assert_int_equal(diag_set(NULL, 1, "ignored"), ERR_INVALID);
	char *long_msg = xmalloc(2000);
	memset(long_msg, 'm', 1999);
	long_msg[1999] = '\0';
	diag_set(&d, 0, "%s", long_msg);
	assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1); /* truncated, terminated */
	free(long_msg);
}

#define U8(s) utf8_valid(s, sizeof(s) - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(U8("plain ASCII ~\x7f"));
	assert_true(U8("\xc2\x80"));             /* U+0080 */
	assert_true(U8("\xdf\xbf"));             /* U+07FF */
	assert_true(U8("\xe0\xa0\x80"));         /* U+0800 */
	assert_true(U8("\xed\x9f\xbf"));         /* U+D7FF */
	assert_true(U8("\xee\x80\x80"));         /* U+E000 */
	assert_true(U8("\xef\xbf\xbf"));         /* U+FFFF */
	assert_true(U8("\xf0\x90\x80\x80"));     /* U+10000 */
	assert_true(U8("\xf4\x8f\xbf\xbf"));     /* U+10FFFF */
	assert_true(U8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));

	/* Overlong forms. */
	assert_false(U8("\xc0\x80"));
	assert_false(U8("\xc0\xaf"));
	assert_false(U8("\xc1\xbf"));
	assert_false(U8("\xe0\x80\x80"));
	assert_false(U8("\xe0\x9f\xbf"));
	assert_false(U8("\xf0\x80\x80\x80"));
	assert_false(U8("\xf0\x8f\xbf\xbf"));
	/* Surrogates. */
	assert_false(U8("\xed\xa0\x80"));
	assert_false(U8("\xed\xbf\xbf"));
	assert_false(U8("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
	/* Beyond U+10FFFF and bytes that never occur. */
	assert_false(U8("\xf4\x90\x80\x80"));
	assert_false(U8("\xf5\x80\x80\x80"));
	assert_false(U8("\xf8\x88\x80\x80\x80"));
	assert_false(U8("\xfe"));
	assert_false(U8("\xff"));
	/* Truncated, at the end and in the middle. */
	assert_false(U8("\xc3"));
	assert_false(U8("ab\xe2\x82"));
	assert_false(U8("\xf0\x9f\x98"));
	assert_false(U8("\xe2\x82x"));
	assert_false(U8("\xf0\x9f\x98 "));
	/* A valid sequence cut short by the length. */
	assert_false(utf8_valid("\xc3\xa9", 1));
	assert_true(utf8_valid("\xc3\xa9", 2));
	/* Stray continuation bytes. */
	assert_false(U8("\x80"));
	assert_false(U8("a\xbf"));
	assert_false(U8("\xc3\xa9\xa9"));
	/* NUL. */
	assert_false(utf8_valid("a\0b", 3));
}

static void test_id_index(void **state)
{
	(void)state;
	struct id_index ix[] = {{907, 0}, {3, 1}, {-5, 2}, {41, 3}, {1000000007L, 4}};
	id_index_sort(ix, ARRAY_SIZE(ix));
	for (size_t i = 1; i < ARRAY_SIZE(ix); i++)
		assert_true(ix[i - 1].id < ix[i].id);
	assert_int_equal(id_index_find(ix, ARRAY_SIZE(ix), 907), 0);
	assert_int_equal(id_index_find(ix, ARRAY_SIZE(ix), 3), 1);
	assert_int_equal(id_index_find(ix, ARRAY_SIZE(ix), -5), 2);
	assert_int_equal(id_index_find(ix, ARRAY_SIZE(ix), 1000000007L), 4);
	assert_int_equal(id_index_find(ix, ARRAY_SIZE(ix), 4), -1);
	assert_int_equal(id_index_find(ix, 0, 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_str_to_long),
		cmocka_unit_test(test_buf_basic),
		cmocka_unit_test(test_buf_ceiling),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_diag),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_id_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
