/*
 * totp.c: SHA-1, HMAC-SHA-1, HOTP and TOTP written out from RFC 3174,
 * 2104, 4226 and 6238. SHA-1 is weak for collisions but HMAC-SHA-1 is
 * still sound, and it is what authenticator apps implement.
 */
#include <string.h>

#include "totp.h"

struct sha1_ctx {
	uint32_t h[5];
	uint64_t len; /* bytes so far */
	uint8_t block[64];
	size_t used;
};

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1_ctx *c, const uint8_t *b)
{
	uint32_t w[80], a, bb, cc, d, e;

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)b[4 * t] << 24 | (uint32_t)b[4 * t + 1] << 16 |
		       (uint32_t)b[4 * t + 2] << 8 | (uint32_t)b[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	a = c->h[0];
	bb = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (bb & cc) | (~bb & d);
			k = 0x5A827999;
		} else if (t < 40) {
			f = bb ^ cc ^ d;
			k = 0x6ED9EBA1;
		} else if (t < 60) {
			f = (bb & cc) | (bb & d) | (cc & d);
			k = 0x8F1BBCDC;
		} else {
			f = bb ^ cc ^ d;
			k = 0xCA62C1D6;
		}
		uint32_t tmp = rol(a, 5) + f + e + w[t] + k;
		e = d;
		d = cc;
		cc = rol(bb, 30);
		bb = a;
		a = tmp;
	}
	c->h[0] += a;
	c->h[1] += bb;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void sha1_init(struct sha1_ctx *c)
{
	static const uint32_t h0[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
				       0xC3D2E1F0};
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->used = 0;
}

static void sha1_update(struct sha1_ctx *c, const void *p, size_t len)
{
	const uint8_t *s = p;

	c->len += len;
	while (len) {
		size_t n = 64 - c->used < len ? 64 - c->used : len;
		memcpy(c->block + c->used, s, n);
		c->used += n;
		s += n;
		len -= n;
		if (c->used == 64) {
			sha1_block(c, c->block);
			c->used = 0;
		}
	}
}

static void sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_BYTES])
{
	uint64_t bits = c->len * 8;
	uint8_t pad = 0x80, zero = 0, len[8];

	sha1_update(c, &pad, 1);
	while (c->used != 56)
		sha1_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(c, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

/* SHA-1 (RFC 3174). */
void sha1(const void *p, size_t len, uint8_t out[SHA1_BYTES])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, p, len);
	sha1_final(&c, out);
}

/* HMAC (RFC 2104) with SHA-1: keys longer than a block are hashed first. */
void hmac_sha1(const uint8_t *key, size_t keylen, const void *msg, size_t msglen,
	       uint8_t out[SHA1_BYTES])
{
	uint8_t k[64], pad[64], inner[SHA1_BYTES];
	struct sha1_ctx c;

	memset(k, 0, sizeof(k));
	if (keylen > sizeof(k))
		sha1(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof(pad));
	sha1_update(&c, msg, msglen);
	sha1_final(&c, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof(pad));
	sha1_update(&c, inner, sizeof(inner));
	sha1_final(&c, out);
}

/* HOTP (RFC 4226): dynamic truncation of HMAC-SHA-1 of the 8-byte counter. */
uint32_t hotp(const uint8_t *key, size_t keylen, uint64_t counter, int digits)
{
	uint8_t msg[8], mac[SHA1_BYTES];
	uint32_t mod = 1;

	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)(counter >> (56 - 8 * i));
	hmac_sha1(key, keylen, msg, sizeof(msg), mac);
	int off = mac[SHA1_BYTES - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
		       (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	for (int i = 0; i < digits && i < 9; i++)
		mod *= 10;
	return bin % mod;
}

/* The 30-second step of unix time t; times before 1970 are step 0. */
uint64_t totp_step(int64_t t)
{
	return t > 0 ? (uint64_t)t / TOTP_STEP_SECONDS : 0;
}

/*
 * The step (step - 1, step or step + 1) whose code is code, else 0. All
 * three are computed whatever matches, so the time taken says nothing.
 */
uint64_t totp_check(const uint8_t *key, size_t keylen, uint64_t step, const char *code)
{
	uint32_t want = 0;
	uint64_t found = 0;

	for (int i = 0; i < TOTP_DIGITS; i++) {
		if (code[i] < '0' || code[i] > '9')
			return 0;
		want = want * 10 + (uint32_t)(code[i] - '0');
	}
	if (code[TOTP_DIGITS] != '\0' || step < 2)
		return 0;
	for (uint64_t s = step - 1; s <= step + 1; s++) {
		uint32_t got = hotp(key, keylen, s, TOTP_DIGITS);
		uint64_t mask = (uint64_t)0 - (uint64_t)(got == want);
		found |= s & mask & ((uint64_t)0 - (uint64_t)(found == 0));
	}
	return found;
}

/* Base32, RFC 4648 alphabet, no padding. */
void base32_encode(const uint8_t *p, size_t len, char *out)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}
