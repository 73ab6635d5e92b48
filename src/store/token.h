/*
 * token.h: unguessable tokens (invitations, sessions, CSRF) from libsodium.
 * A token is 32 random bytes shown as 43 characters of URL-safe base64.
 * Only its BLAKE2b hash is used for look-ups, so a copy of the database
 * yields no usable token. Invitation tokens are also kept sealed with the
 * server key so that letters can be printed again.
 */
#ifndef HARTSLAG_TOKEN_H
#define HARTSLAG_TOKEN_H

#include <stdint.h>

#include "core/util.h"

#define TOKEN_HASH_BYTES 32
#define SERVER_KEY_BYTES 32

/* Initialises libsodium; returns 0 or -1. Call once at start. */
int token_init(void);
/* Makes a new random token: text gets TOKEN_TEXT_BYTES + NUL. */
void token_new(char text[TOKEN_TEXT_BYTES + 1]);
/*
 * Checks the shape of a token given by a client (43 URL-safe base64
 * characters) and computes its hash. Returns 0, or -1 for anything else.
 */
int token_hash(struct str text, uint8_t hash[TOKEN_HASH_BYTES]);
/* Constant-time comparison of two tokens' texts; 1 when equal. */
int token_equal(struct str a, struct str b);

/*
 * Seals plain (len bytes) with key: out gets nonce + MAC + ciphertext,
 * TOKEN_SEAL_OVERHEAD + len bytes, caller frees. Opens it again; returns
 * -1 when it was tampered with.
 */
#define TOKEN_SEAL_OVERHEAD (24 + 16)
uint8_t *token_seal(const uint8_t key[SERVER_KEY_BYTES], const uint8_t *plain, size_t len,
		    size_t *outlen);
int token_open(const uint8_t key[SERVER_KEY_BYTES], const uint8_t *sealed, size_t len,
	       uint8_t **plain, size_t *plainlen);
/* Derives a key for sealing drafts from the invitation token itself. */
void token_draft_key(struct str token, uint8_t key[SERVER_KEY_BYTES]);

/*
 * Loads the server key from path, creating it (mode 0600) when absent.
 * Returns 0 or -1 with d set.
 */
int server_key_load(const char *path, uint8_t key[SERVER_KEY_BYTES], struct diag *d);

/*
 * Passwords: Argon2id strings (crypto_pwhash_str, interactive limits: 64
 * MiB and about 0.1 s each). At most two hashes run at once in the whole
 * process; further callers wait, so a flood of logins cannot exhaust
 * memory.
 */
#define PASSWORD_HASH_BYTES 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MAX_BYTES 1024 /* longer passwords are refused */
/*
 * Hashes pw (NUL-terminated, 1..PASSWORD_MAX_BYTES bytes) into out, a
 * NUL-terminated string. Returns 0, ERR_INVALID for an empty or too long
 * password, or ERR_GENERIC when hashing failed (out of memory).
 */
int password_hash(const char *pw, char out[PASSWORD_HASH_BYTES]);
/*
 * Checks pw against a string made by password_hash(). Returns 1 on a
 * match, 0 otherwise (also for a malformed hash).
 */
int password_verify(const char *hash, const char *pw);

#endif
