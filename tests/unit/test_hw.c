/*
 * test_hw.c: the escaping HTML writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "web/hw.h"

static void test_text_escapes_everything(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct hw w;
	hw_init(&w, &b);
	hw_text(&w, "<script>alert('x')</script> & \"q\"");
	assert_string_equal(buf_cstr(&b),
			    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	assert_int_equal(hw_status(&w), 0);
	buf_release(&b);
}

static void test_attr_and_url(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct hw w;
	hw_init(&w, &b);
	HW_LIT(&w, "<a");
	hw_attr(&w, "href", "/x?a=\"><img src=x onerror=alert(1)>");
	HW_LIT(&w, ">");
	hw_url_arg(&w, "a b&c=d/é");
	assert_string_equal(buf_cstr(&b), "<a href=\"/x?a=&quot;&gt;&lt;img src=x "
					  "onerror=alert(1)&gt;\">a%20b%26c%3Dd%2F%C3%A9");
	buf_release(&b);
}

static void test_bad_attribute_name_fails(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct hw w;
	hw_init(&w, &b);
	hw_attr(&w, "onclick=\"x\" y", "v");
	assert_int_not_equal(hw_status(&w), 0);
	buf_release(&b);
}

static void test_ceiling(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(16);
	struct hw w;
	hw_init(&w, &b);
	hw_text(&w, "0123456789");
	assert_int_equal(hw_status(&w), 0);
	hw_text(&w, "0123456789");
	assert_int_equal(hw_status(&w), ERR_TOO_LARGE);
	/* once failed, nothing more is written */
	HW_LIT(&w, "x");
	assert_int_equal(hw_status(&w), ERR_TOO_LARGE);
	buf_release(&b);
}

static void test_textf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	struct hw w;
	hw_init(&w, &b);
	hw_textf(&w, "%d <%s>", 5, "b");
	assert_string_equal(buf_cstr(&b), "5 &lt;b&gt;");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_everything),
		cmocka_unit_test(test_attr_and_url),
		cmocka_unit_test(test_bad_attribute_name_fails),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_textf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
