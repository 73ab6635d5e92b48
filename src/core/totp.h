/*
 * totp.h: one-time codes for the second login step: SHA-1 (RFC 3174),
 * HMAC-SHA-1 (RFC 2104/2202), HOTP (RFC 4226), TOTP (RFC 6238: 30 s
 * steps, 6 digits) and base32 (RFC 4648) for the shared secret. No
 * allocation, no dependencies: the code is small enough to check against
 * the RFCs' test vectors (tests/unit/test_totp.c).
 */
#ifndef HARTSLAG_TOTP_H
#define HARTSLAG_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_BYTES 20
#define TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
/* Base32 text of a secret of TOTP_SECRET_BYTES, without padding, plus NUL. */
#define TOTP_BASE32_BYTES (TOTP_SECRET_BYTES * 8 / 5 + 1)

/* SHA-1 of len bytes at p into out. */
void sha1(const void *p, size_t len, uint8_t out[SHA1_BYTES]);
/* HMAC-SHA-1 of msg with key into out. */
void hmac_sha1(const uint8_t *key, size_t keylen, const void *msg, size_t msglen,
	       uint8_t out[SHA1_BYTES]);
/* The HOTP value of counter with digits digits (1..9). */
uint32_t hotp(const uint8_t *key, size_t keylen, uint64_t counter, int digits);
/* The TOTP step of unix time t (t / 30). */
uint64_t totp_step(int64_t t);
/*
 * Checks a code typed by a user (exactly TOTP_DIGITS ASCII digits)
 * against the steps step - 1, step and step + 1. Returns the step that
 * matched, or 0 for a wrong or malformed code (step 0 is 1970).
 */
uint64_t totp_check(const uint8_t *key, size_t keylen, uint64_t step, const char *code);
/*
 * Base32 (RFC 4648 alphabet, no padding) of len bytes into out, which
 * must hold len * 8 / 5 + 2 bytes; NUL-terminated.
 */
void base32_encode(const uint8_t *p, size_t len, char *out);

#endif
