/*
 * test_token.c: tokens, sealing, the server key file and password hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "store/token.h"

static int setup(void **state)
{
	(void)state;
	return token_init();
}

static int cmp_tokens(const void *a, const void *b)
{
	return memcmp(a, b, TOKEN_TEXT_BYTES + 1);
}

static void test_token_shape(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		char t[TOKEN_TEXT_BYTES + 1];
		memset(t, 'x', sizeof(t));
		token_new(t);
		assert_int_equal(strlen(t), TOKEN_TEXT_BYTES);
		for (size_t j = 0; j < TOKEN_TEXT_BYTES; j++)
			assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					       "0123456789-_",
					       t[j]));
		uint8_t h[TOKEN_HASH_BYTES];
		assert_int_equal(token_hash(str_from(t), h), 0);
	}
}

static void test_token_unique(void **state)
{
	enum { N = 5000 };
	char(*t)[TOKEN_TEXT_BYTES + 1] = xcalloc(N, sizeof(*t));

	(void)state;
	for (int i = 0; i < N; i++)
		token_new(t[i]);
	qsort(t, N, sizeof(*t), cmp_tokens);
	for (int i = 1; i < N; i++)
		assert_int_not_equal(memcmp(t[i - 1], t[i], TOKEN_TEXT_BYTES), 0);
	free(t);
}

static void test_token_hash(void **state)
{
	char t[TOKEN_TEXT_BYTES + 1], u[TOKEN_TEXT_BYTES + 1];
	uint8_t h1[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES], h3[TOKEN_HASH_BYTES];

	(void)state;
	token_new(t);
	token_new(u);
	assert_int_equal(token_hash(str_from(t), h1), 0);
	assert_int_equal(token_hash(str_from(t), h2), 0);
	assert_memory_equal(h1, h2, sizeof(h1));
	assert_int_equal(token_hash(str_from(u), h3), 0);
	assert_memory_not_equal(h1, h3, sizeof(h1));
	/* the hash is of the raw bytes, not a copy of the text */
	assert_memory_not_equal(h1, t, sizeof(h1));
}

static void test_token_hash_rejects(void **state)
{
	char t[TOKEN_TEXT_BYTES + 2];
	uint8_t h[TOKEN_HASH_BYTES];
	const char *bad_chars = "+/=. %\n\"'<;";

	(void)state;
	token_new(t);
	/* wrong lengths */
	assert_int_equal(token_hash((struct str){t, TOKEN_TEXT_BYTES - 1}, h), -1);
	assert_int_equal(token_hash((struct str){"", 0}, h), -1);
	assert_int_equal(token_hash((struct str){NULL, 0}, h), -1);
	t[TOKEN_TEXT_BYTES] = 'A';
	t[TOKEN_TEXT_BYTES + 1] = '\0';
	assert_int_equal(token_hash((struct str){t, TOKEN_TEXT_BYTES + 1}, h), -1);
	t[TOKEN_TEXT_BYTES] = '\0';
	/* characters outside the URL-safe alphabet, anywhere */
	for (const char *c = bad_chars; *c; c++) {
		char b[TOKEN_TEXT_BYTES + 1];
		memcpy(b, t, sizeof(b));
		b[7] = *c;
		assert_int_equal(token_hash((struct str){b, TOKEN_TEXT_BYTES}, h), -1);
	}
	{
		char b[TOKEN_TEXT_BYTES + 1];
		memcpy(b, t, sizeof(b));
		b[20] = '\0'; /* an embedded NUL */
		assert_int_equal(token_hash((struct str){b, TOKEN_TEXT_BYTES}, h), -1);
	}
	/* 43 characters whose unused trailing bits are set: not a canonical token */
	{
		char b[TOKEN_TEXT_BYTES + 1];
		memcpy(b, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", TOKEN_TEXT_BYTES - 1);
		b[TOKEN_TEXT_BYTES - 1] = 'B'; /* 'A' is canonical, 'B' sets a spare bit */
		b[TOKEN_TEXT_BYTES] = '\0';
		assert_int_equal(token_hash((struct str){b, TOKEN_TEXT_BYTES}, h), -1);
		b[TOKEN_TEXT_BYTES - 1] = 'A';
		assert_int_equal(token_hash((struct str){b, TOKEN_TEXT_BYTES}, h), 0);
	}
}

static void test_token_equal(void **state)
{
	char t[TOKEN_TEXT_BYTES + 1], u[TOKEN_TEXT_BYTES + 1];

	(void)state;
	token_new(t);
	memcpy(u, t, sizeof(u));
	assert_int_equal(token_equal(str_from(t), str_from(u)), 1);
	u[42] = u[42] == 'A' ? 'B' : 'A';
	assert_int_equal(token_equal(str_from(t), str_from(u)), 0);
	assert_int_equal(token_equal(str_from(t), (struct str){t, 42}), 0);
}

static void test_seal_roundtrip(void **state)
{
	uint8_t key[SERVER_KEY_BYTES], other[SERVER_KEY_BYTES];
	const char *msg = "an invitation token";
	uint8_t *sealed, *sealed2, *plain = NULL;
	size_t slen, slen2, plen = 0;

	(void)state;
	memset(key, 7, sizeof(key));
	memset(other, 8, sizeof(other));
	sealed = token_seal(key, (const uint8_t *)msg, strlen(msg), &slen);
	assert_int_equal(slen, strlen(msg) + TOKEN_SEAL_OVERHEAD);
	assert_int_equal(token_open(key, sealed, slen, &plain, &plen), 0);
	assert_int_equal(plen, strlen(msg));
	assert_string_equal((char *)plain, msg);
	free(plain);
	/* a fresh nonce each time: the same text seals differently */
	sealed2 = token_seal(key, (const uint8_t *)msg, strlen(msg), &slen2);
	assert_memory_not_equal(sealed, sealed2, slen);
	/* the wrong key does not open it */
	plain = NULL;
	assert_int_equal(token_open(other, sealed, slen, &plain, &plen), -1);
	assert_null(plain);
	free(sealed);
	free(sealed2);
}

static void test_seal_tamper(void **state)
{
	uint8_t key[SERVER_KEY_BYTES];
	uint8_t *sealed, *plain = NULL;
	size_t slen, plen;

	(void)state;
	memset(key, 3, sizeof(key));
	sealed = token_seal(key, (const uint8_t *)"secret", 6, &slen);
	/* flip each byte in turn: nonce, MAC and ciphertext are all covered */
	for (size_t i = 0; i < slen; i++) {
		sealed[i] ^= 0x01;
		assert_int_equal(token_open(key, sealed, slen, &plain, &plen), -1);
		sealed[i] ^= 0x01;
	}
	assert_int_equal(token_open(key, sealed, slen - 1, &plain, &plen), -1);
	assert_int_equal(token_open(key, sealed, TOKEN_SEAL_OVERHEAD - 1, &plain, &plen), -1);
	assert_int_equal(token_open(key, sealed, slen, &plain, &plen), 0);
	assert_string_equal((char *)plain, "secret");
	free(plain);
	free(sealed);
}

static void test_draft_key(void **state)
{
	char t[TOKEN_TEXT_BYTES + 1], u[TOKEN_TEXT_BYTES + 1];
	uint8_t k1[SERVER_KEY_BYTES], k2[SERVER_KEY_BYTES], k3[SERVER_KEY_BYTES];
	uint8_t h[TOKEN_HASH_BYTES];

	(void)state;
	token_new(t);
	token_new(u);
	token_draft_key(str_from(t), k1);
	token_draft_key(str_from(t), k2);
	token_draft_key(str_from(u), k3);
	assert_memory_equal(k1, k2, sizeof(k1));
	assert_memory_not_equal(k1, k3, sizeof(k1));
	/* the draft key is not the stored look-up hash */
	assert_int_equal(token_hash(str_from(t), h), 0);
	assert_memory_not_equal(k1, h, sizeof(h));
}

static char *temp_path(void)
{
	char tmpl[] = "/tmp/hartslag-test-key-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	close(fd);
	unlink(tmpl); /* we only want a fresh name */
	return xstrdup(tmpl);
}

static void test_key_create_and_load(void **state)
{
	char *path = temp_path();
	uint8_t k1[SERVER_KEY_BYTES], k2[SERVER_KEY_BYTES], zero[SERVER_KEY_BYTES] = {0};
	struct diag d = {0};
	struct stat sb;

	(void)state;
	assert_int_equal(server_key_load(path, k1, &d), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, SERVER_KEY_BYTES);
	assert_memory_not_equal(k1, zero, sizeof(zero));
	/* loading again gives the same key */
	assert_int_equal(server_key_load(path, k2, &d), 0);
	assert_memory_equal(k1, k2, sizeof(k1));
	unlink(path);
	free(path);
}

static void test_key_refusals(void **state)
{
	char *path = temp_path();
	uint8_t k[SERVER_KEY_BYTES];
	struct diag d = {0};
	FILE *f;

	(void)state;
	assert_int_equal(server_key_load(path, k, &d), 0);
	/* readable by others */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(server_key_load(path, k, &d), -1);
	assert_non_null(strstr(d.msg, "chmod 600"));
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(server_key_load(path, k, &d), -1);
	/* wrong size */
	assert_int_equal(chmod(path, 0600), 0);
	f = fopen(path, "ab");
	assert_non_null(f);
	fputc('x', f);
	fclose(f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(server_key_load(path, k, &d), -1);
	assert_non_null(strstr(d.msg, "33 bytes"));
	/* a directory in the way */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(server_key_load(path, k, &d), -1);
	rmdir(path);
	/* a missing directory: clear error, nothing created */
	{
		char *deep = xasprintf("%s/no/such/dir/key", path);
		memset(&d, 0, sizeof(d));
		assert_int_equal(server_key_load(deep, k, &d), -1);
		assert_true(d.msg[0] != '\0');
		free(deep);
	}
	free(path);
}

static void test_password(void **state)
{
	char h[PASSWORD_HASH_BYTES];
	char big[PASSWORD_MAX_BYTES + 2];

	(void)state;
	assert_int_equal(password_hash("correct horse battery staple", h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_int_equal(password_verify(h, "correct horse battery staple"), 1);
	assert_int_equal(password_verify(h, "correct horse battery stapl"), 0);
	assert_int_equal(password_verify(h, ""), 0);
	assert_int_equal(password_verify("not a hash", "x"), 0);
	assert_int_equal(password_verify(NULL, "x"), 0);
	/* a damaged hash does not verify */
	h[strlen(h) - 2] ^= 1;
	assert_int_equal(password_verify(h, "correct horse battery staple"), 0);
	/* refused inputs cost no hashing */
	assert_int_equal(password_hash("", h), ERR_INVALID);
	assert_int_equal(password_hash(NULL, h), ERR_INVALID);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(password_hash(big, h), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_shape),
		cmocka_unit_test(test_token_unique),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_token_hash_rejects),
		cmocka_unit_test(test_token_equal),
		cmocka_unit_test(test_seal_roundtrip),
		cmocka_unit_test(test_seal_tamper),
		cmocka_unit_test(test_draft_key),
		cmocka_unit_test(test_key_create_and_load),
		cmocka_unit_test(test_key_refusals),
		cmocka_unit_test(test_password),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
