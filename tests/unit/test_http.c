/*
 * test_http.c: cookie, path and content-type parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "web/http.h"

static void test_cookies(void **state)
{
	(void)state;
	struct cookie c[MAX_COOKIES];
	size_t n = http_parse_cookies("hs=abc; lang=fr;bad; =x; q=\"quoted\" ; empty=", c,
				      MAX_COOKIES);
	assert_int_equal(n, 4);
	assert_true(str_eq_lit(c[0].name, "hs") && str_eq_lit(c[0].value, "abc"));
	assert_true(str_eq_lit(c[1].name, "lang") && str_eq_lit(c[1].value, "fr"));
	assert_true(str_eq_lit(c[2].name, "q") && str_eq_lit(c[2].value, "quoted"));
	assert_true(str_eq_lit(c[3].name, "empty") && c[3].value.len == 0);
	assert_int_equal(http_parse_cookies(NULL, c, MAX_COOKIES), 0);
	assert_int_equal(http_parse_cookies("", c, MAX_COOKIES), 0);
	assert_int_equal(http_parse_cookies(";;;", c, MAX_COOKIES), 0);
}

static void test_cookie_limit(void **state)
{
	(void)state;
	struct cookie c[2];
	assert_int_equal(http_parse_cookies("a=1; b=2; c=3", c, 2), 2);
}

static void test_paths(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "x", "/a/../b", "/..", "/a/..", "//etc", "/a//b", "/%2e%2e/x", "/a%2F..%2Fb",
		"/%00", "/%zz", "/%4", "/a\\b", "/%c3%28", "/./x", "/a/.",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *p = http_clean_path(bad[i], 100);
		if (p)
			fail_msg("'%s' accepted as '%s'", bad[i], p);
	}
	char *p = http_clean_path("/s/abc%20d", 100);
	assert_string_equal(p, "/s/abc d");
	free(p);
	p = http_clean_path("/", 100);
	assert_string_equal(p, "/");
	free(p);
	p = http_clean_path("/static/site.css", 5);
	assert_null(p);
}

static void test_content_type(void **state)
{
	(void)state;
	assert_true(http_content_type_is("text/csv; charset=utf-8", "text/csv"));
	assert_true(http_content_type_is(" Text/CSV ", "text/csv"));
	assert_false(http_content_type_is("text/csvx", "text/csv"));
	assert_false(http_content_type_is(NULL, "text/csv"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_cookie_limit),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_content_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
