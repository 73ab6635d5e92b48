/*
 * test_form.c: urlencoded form decoding and encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/form.h"

static int parse(struct form *f, const char *s)
{
	return form_parse(f, s, strlen(s));
}

static void test_basic(void **state)
{
	(void)state;
	struct form f;
	assert_int_equal(parse(&f, "name=Jan+Peeters&unit=T1&empty=&flag&x=a%3Db"), 0);
	assert_int_equal(f.n, 5);
	assert_string_equal(f.fields[0].name, "name");
	assert_string_equal(f.fields[0].value, "Jan Peeters");
	assert_int_equal(f.fields[0].value_len, 11);
	assert_string_equal(form_get(&f, "unit"), "T1");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "x"), "a=b");
	assert_null(form_get(&f, "missing"));
	assert_null(form_get(&f, "Name")); /* names are case-sensitive */
	assert_null(form_get(NULL, "x"));
	assert_null(form_get(&f, NULL));
	form_release(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.fields);
}

static void test_escapes(void **state)
{
	(void)state;
	struct form f;
	assert_int_equal(parse(&f, "a=%41%62%2b%2B%20%25&%C3%A9t%c3%a9=caf%C3%A9"), 0);
	assert_string_equal(form_get(&f, "a"), "Ab++ %");
	assert_string_equal(form_get(&f, "\xc3\xa9t\xc3\xa9"), "caf\xc3\xa9");
	form_release(&f);
	/* '=' in a value stays; only the first splits. */
	assert_int_equal(parse(&f, "q=a==b"), 0);
	assert_string_equal(form_get(&f, "q"), "a==b");
	form_release(&f);
}

static void test_repeated_and_empty_segments(void **state)
{
	(void)state;
	struct form f;
	assert_int_equal(parse(&f, "&&a=1&&a=2&"), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "a"), "1"); /* the first one */
	assert_string_equal(f.fields[1].value, "2");
	form_release(&f);
	assert_int_equal(parse(&f, "&&&"), 0);
	assert_int_equal(f.n, 0);
	form_release(&f);
	assert_int_equal(form_parse(&f, "", 0), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(form_parse(&f, NULL, 0), 0);
	assert_int_equal(f.n, 0);
	/* The length is honoured: the bytes after it are not read. */
	assert_int_equal(form_parse(&f, "a=1&b=2", 3), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(form_get(&f, "a"), "1");
	form_release(&f);
}

static void test_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"=value",           /* empty name */
		"a=1&=2",
		"a=%",              /* truncated escapes */
		"a=%4",
		"a=%4g",            /* not hex */
		"a=%%41",
		"a=%00",            /* NUL after decoding */
		"%00=x",
		"a=%C3",            /* invalid UTF-8 after decoding */
		"a=%C0%AF",         /* overlong */
		"a=%ED%A0%80",      /* surrogate */
		"a=\xff",           /* raw invalid byte */
		"n%ff=1",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct form f = {(void *)1, 99};
		if (parse(&f, bad[i]) != ERR_INVALID)
			fail_msg("accepted '%s'", bad[i]);
		assert_null(f.fields);
		assert_int_equal(f.n, 0);
	}
	/* An escape cut short by the length, with hex digits after it. */
	struct form g;
	assert_int_equal(form_parse(&g, "a=%41", 4), ERR_INVALID);
	assert_int_equal(form_parse(&g, "a=%41", 3), ERR_INVALID);
	assert_int_equal(g.n, 0);
	/* A raw NUL byte inside the data. */
	struct form f;
	assert_int_equal(form_parse(&f, "a=b\0c", 5), ERR_INVALID);
	assert_int_equal(f.n, 0);
}

static void test_limits(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(1 << 20);
	struct form f;

	for (int i = 0; i < MAX_FORM_FIELDS; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	assert_int_equal(form_parse(&f, b.p, b.len), 0);
	assert_int_equal(f.n, MAX_FORM_FIELDS);
	assert_string_equal(form_get(&f, "f511"), "511");
	form_release(&f);
	buf_puts(&b, "&one=more");
	assert_int_equal(form_parse(&f, b.p, b.len), ERR_TOO_LARGE);
	assert_int_equal(f.n, 0);
	assert_null(f.fields);

	/* Bytes: exactly the maximum passes, one more fails. */
	buf_reset(&b);
	buf_puts(&b, "big=");
	while (b.len < MAX_FORM_BYTES)
		buf_putc(&b, 'x');
	assert_int_equal(form_parse(&f, b.p, b.len), 0);
	assert_int_equal(f.fields[0].value_len, MAX_FORM_BYTES - 4);
	form_release(&f);
	buf_putc(&b, 'x');
	assert_int_equal(form_parse(&f, b.p, b.len), ERR_TOO_LARGE);
	assert_int_equal(f.n, 0);
	buf_release(&b);
}

static void test_encode(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(1024);
	assert_int_equal(form_encode(&b, STR_LIT("AZaz09-._~")), 0);
	assert_string_equal(buf_cstr(&b), "AZaz09-._~");
	buf_reset(&b);
	assert_int_equal(form_encode(&b, STR_LIT("a b&c=d+e/f?%\xc3\xa9")), 0);
	assert_string_equal(buf_cstr(&b), "a%20b%26c%3Dd%2Be%2Ff%3F%25%C3%A9");
	buf_reset(&b);
	assert_int_equal(form_encode(&b, STR_LIT("")), 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);

	/* Over the ceiling: an error and the buffer is released. */
	struct buf small = BUF_INIT(5);
	assert_int_equal(form_encode(&small, STR_LIT("ab c")), ERR_TOO_LARGE);
	assert_null(small.p);
	buf_release(&small);
}

static void test_encode_round_trip(void **state)
{
	(void)state;
	/* Every valid byte sequence survives encode then parse. */
	char value[200];
	size_t n = 0;
	for (int c = 1; c < 128; c++)
		value[n++] = (char)c;
	memcpy(value + n, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	n += 9;
	struct buf b = BUF_INIT(4096);
	buf_puts(&b, "k=");
	assert_int_equal(form_encode(&b, (struct str){value, n}), 0);
	struct form f;
	assert_int_equal(form_parse(&f, b.p, b.len), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.fields[0].value_len, n);
	assert_memory_equal(f.fields[0].value, value, n);
	form_release(&f);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_repeated_and_empty_segments),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
