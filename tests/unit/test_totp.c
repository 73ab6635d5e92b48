/*
 * test_totp.c: SHA-1, HMAC-SHA-1, HOTP, TOTP and base32 against the test
 * vectors of RFC 3174, RFC 2202, RFC 4226, RFC 6238 and RFC 4648.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/totp.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void check_sha1(const void *p, size_t len, const char *want)
{
	uint8_t d[SHA1_BYTES];
	char h[2 * SHA1_BYTES + 1];
	sha1(p, len, d);
	hex(d, sizeof(d), h);
	assert_string_equal(h, want);
}

static void test_sha1_rfc3174(void **state)
{
	(void)state;
	check_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *t2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check_sha1(t2, strlen(t2), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	char *m = malloc(1000000);
	memset(m, 'a', 1000000);
	check_sha1(m, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(m);
	char t4[641];
	for (int i = 0; i < 10; i++)
		memcpy(t4 + 64 * i, "0123456701234567012345670123456701234567012345670123456701234567",
		       64);
	check_sha1(t4, 640, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
	check_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void check_hmac(const uint8_t *key, size_t klen, const void *msg, size_t mlen,
		       const char *want)
{
	uint8_t d[SHA1_BYTES];
	char h[2 * SHA1_BYTES + 1];
	hmac_sha1(key, klen, msg, mlen, d);
	hex(d, sizeof(d), h);
	assert_string_equal(h, want);
}

static void test_hmac_rfc2202(void **state)
{
	(void)state;
	uint8_t k[80], d[50];
	memset(k, 0x0b, 20);
	check_hmac(k, 20, "Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00");
	check_hmac((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28,
		   "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(k, 0xaa, 20);
	memset(d, 0xdd, 50);
	check_hmac(k, 20, d, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	for (int i = 0; i < 25; i++)
		k[i] = (uint8_t)(i + 1);
	memset(d, 0xcd, 50);
	check_hmac(k, 25, d, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	memset(k, 0x0c, 20);
	check_hmac(k, 20, "Test With Truncation", 20, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	memset(k, 0xaa, 80);
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	check_hmac(k, 80, m6, strlen(m6), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	const char *m7 = "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
	check_hmac(k, 80, m7, strlen(m7), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

static const uint8_t *rfc_key(void)
{
	return (const uint8_t *)"12345678901234567890";
}

static void test_hotp_rfc4226(void **state)
{
	(void)state;
	static const uint32_t want[10] = {755224, 287082, 359152, 969429, 338314,
					  254676, 287922, 162583, 399871, 520489};
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(hotp(rfc_key(), 20, c, 6), want[c]);
}

static void test_totp_rfc6238(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		uint32_t code;
	} v[] = {
		{59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
		{1234567890, 89005924}, {2000000000, 69279037}, {20000000000, 65353130},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(hotp(rfc_key(), 20, totp_step(v[i].t), 8), v[i].code);
	assert_int_equal(totp_step(59), 1);
	assert_int_equal(totp_step(-5), 0);
}

static void test_totp_window(void **state)
{
	(void)state;
	uint64_t step = totp_step(1234567890);
	char code[16];
	for (int d = -1; d <= 1; d++) {
		snprintf(code, sizeof(code), "%06u",
			 (unsigned)hotp(rfc_key(), 20, step + (uint64_t)(int64_t)d, 6));
		assert_int_equal(totp_check(rfc_key(), 20, step, code), step + (uint64_t)(int64_t)d);
	}
	snprintf(code, sizeof(code), "%06u", (unsigned)hotp(rfc_key(), 20, step + 2, 6));
	assert_int_equal(totp_check(rfc_key(), 20, step, code), 0);
	snprintf(code, sizeof(code), "%06u", (unsigned)hotp(rfc_key(), 20, step - 2, 6));
	assert_int_equal(totp_check(rfc_key(), 20, step, code), 0);
	snprintf(code, sizeof(code), "%06u", (unsigned)hotp(rfc_key(), 20, step, 6));
	code[5] = '\0';
	assert_int_equal(totp_check(rfc_key(), 20, step, code), 0);
	assert_int_equal(totp_check(rfc_key(), 20, step, "12345a"), 0);
	assert_int_equal(totp_check(rfc_key(), 20, step, "1234567"), 0);
	assert_int_equal(totp_check(rfc_key(), 20, step, ""), 0);
}

static void test_base32_rfc4648(void **state)
{
	(void)state;
	static const char *const want[] = {"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB",
					   "MZXW6YTBOI"};
	char out[40]; /* 20 bytes make 32 characters and the NUL (regression: was 32) */
	for (size_t n = 0; n <= 6; n++) {
		base32_encode((const uint8_t *)"foobar", n, out);
		assert_string_equal(out, want[n]);
	}
	base32_encode(rfc_key(), 20, out);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_rfc3174), cmocka_unit_test(test_hmac_rfc2202),
		cmocka_unit_test(test_hotp_rfc4226), cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_totp_window),  cmocka_unit_test(test_base32_rfc4648),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
