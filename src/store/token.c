/*
 * token.c: tokens, sealing, the server key and password hashes, all from
 * libsodium. See token.h for the contracts.
 */
#include "store/token.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/util.h"

_Static_assert(PASSWORD_HASH_BYTES == crypto_pwhash_STRBYTES, "password hash size");
_Static_assert(TOKEN_HASH_BYTES == crypto_generichash_BYTES, "token hash size");
_Static_assert(SERVER_KEY_BYTES == crypto_secretbox_KEYBYTES, "server key size");
_Static_assert(TOKEN_SEAL_OVERHEAD == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES,
	       "seal overhead");
_Static_assert(TOKEN_TEXT_BYTES + 1 ==
		       sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	       "token text size");

/* Key of the keyed BLAKE2b that derives draft keys: a fixed context string. */
static const char draft_context[] = "hartslag draft key v1";

/*
 * Initialises libsodium. Safe to call more than once (sodium_init returns
 * 1 when it ran before). Returns 0, or -1 when no random source is usable.
 */
int token_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/*
 * Fills text with a new token: 32 bytes from the system CSPRNG in URL-safe
 * base64 without padding (43 characters) and a NUL. Nothing to free.
 */
void token_new(char text[TOKEN_TEXT_BYTES + 1])
{
	unsigned char raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(text, TOKEN_TEXT_BYTES + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static int token_char_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/*
 * Checks that text is exactly 43 URL-safe base64 characters that decode to
 * 32 bytes (libsodium also refuses non-zero trailing bits, so every token
 * has exactly one text form), and hashes the raw bytes with BLAKE2b-256.
 * Returns 0, or -1 for anything else (hash untouched).
 */
int token_hash(struct str text, uint8_t hash[TOKEN_HASH_BYTES])
{
	unsigned char raw[TOKEN_BYTES];
	size_t rawlen = 0;
	const char *end = NULL;

	if (!text.p || text.len != TOKEN_TEXT_BYTES)
		return -1;
	for (size_t i = 0; i < text.len; i++) {
		if (!token_char_ok(text.p[i]))
			return -1;
	}
	if (sodium_base642bin(raw, sizeof(raw), text.p, text.len, NULL, &rawlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    rawlen != sizeof(raw) || end != text.p + text.len) {
		sodium_memzero(raw, sizeof(raw));
		return -1;
	}
	crypto_generichash(hash, TOKEN_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

/*
 * Compares two token texts in constant time (for equal lengths; the length
 * of a token is no secret). Returns 1 when equal, else 0.
 */
int token_equal(struct str a, struct str b)
{
	if (a.len != b.len || !a.p || !b.p)
		return 0;
	if (a.len == 0)
		return 1;
	return sodium_memcmp(a.p, b.p, a.len) == 0;
}

/*
 * Seals plain with key (XSalsa20-Poly1305) under a fresh random nonce. The
 * result is nonce + MAC + ciphertext, TOKEN_SEAL_OVERHEAD + len bytes, in
 * *outlen; the caller frees it.
 */
uint8_t *token_seal(const uint8_t key[SERVER_KEY_BYTES], const uint8_t *plain, size_t len,
		    size_t *outlen)
{
	uint8_t *out;

	assert(len <= SIZE_MAX - TOKEN_SEAL_OVERHEAD);
	out = xmalloc(TOKEN_SEAL_OVERHEAD + len);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, len, out, key);
	*outlen = TOKEN_SEAL_OVERHEAD + len;
	return out;
}

/*
 * Opens what token_seal() made. On success *plain gets a new buffer of
 * *plainlen bytes plus a NUL (so a sealed text can be used as a string;
 * the caller frees it) and 0 is returned; -1 when the data is too short,
 * was tampered with or sealed with another key.
 */
int token_open(const uint8_t key[SERVER_KEY_BYTES], const uint8_t *sealed, size_t len,
	       uint8_t **plain, size_t *plainlen)
{
	size_t n;
	uint8_t *p;

	if (!sealed || len < TOKEN_SEAL_OVERHEAD)
		return -1;
	n = len - TOKEN_SEAL_OVERHEAD;
	p = xmalloc(n + 1);
	if (crypto_secretbox_open_easy(p, sealed + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, sealed, key) != 0) {
		free(p);
		return -1;
	}
	p[n] = '\0';
	*plain = p;
	*plainlen = n;
	return 0;
}

/*
 * Derives the key that seals a respondent's draft from the token text
 * itself (keyed BLAKE2b with a fixed context), so the server cannot read
 * drafts without the token. Nothing to free.
 */
void token_draft_key(struct str token, uint8_t key[SERVER_KEY_BYTES])
{
	crypto_generichash(key, SERVER_KEY_BYTES, (const unsigned char *)token.p, token.len,
			   (const unsigned char *)draft_context, sizeof(draft_context) - 1);
}

static int read_all(int fd, uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Syncs the directory holding path so that a newly created file survives a crash. */
static void sync_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) :
			    xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Creates a new key file; returns 0, 1 when it exists already, -1 with d set. */
static int key_create(const char *path, uint8_t key[SERVER_KEY_BYTES], struct diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 1;
		diag_set(d, 0, "cannot create server key '%s': %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, SERVER_KEY_BYTES);
	if (write_all(fd, key, SERVER_KEY_BYTES) != 0 || fsync(fd) != 0) {
		diag_set(d, 0, "cannot write server key '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		sodium_memzero(key, SERVER_KEY_BYTES);
		return -1;
	}
	if (close(fd) != 0) {
		diag_set(d, 0, "cannot write server key '%s': %s", path, strerror(errno));
		unlink(path);
		sodium_memzero(key, SERVER_KEY_BYTES);
		return -1;
	}
	sync_parent_dir(path);
	return 0;
}

/*
 * Loads the 32-byte server key from path. When the file does not exist it
 * is created exclusively (mode 0600) with random bytes and synced. A key
 * file that is not a regular file, has another size or can be read or
 * written by group or others is refused with a message in d. Returns 0 or
 * -1.
 */
int server_key_load(const char *path, uint8_t key[SERVER_KEY_BYTES], struct diag *d)
{
	struct stat sb;
	int fd;

	for (int attempt = 0; attempt < 2; attempt++) {
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			break;
		if (errno != ENOENT) {
			diag_set(d, 0, "cannot open server key '%s': %s", path, strerror(errno));
			return -1;
		}
		int rc = key_create(path, key, d);
		if (rc <= 0)
			return rc;
		/* another process created it between our open and create: read theirs */
	}
	if (fd < 0) {
		diag_set(d, 0, "cannot open server key '%s'", path);
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		diag_set(d, 0, "cannot stat server key '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_set(d, 0, "server key '%s' is not a regular file", path);
		goto fail;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		diag_set(d, 0,
			 "server key '%s' is accessible by group or others (mode %03o); "
			 "run: chmod 600 '%s'",
			 path, (unsigned)(sb.st_mode & 0777), path);
		goto fail;
	}
	if (sb.st_size != SERVER_KEY_BYTES) {
		diag_set(d, 0, "server key '%s' has %lld bytes instead of %d: not a Hartslag key",
			 path, (long long)sb.st_size, SERVER_KEY_BYTES);
		goto fail;
	}
	if (read_all(fd, key, SERVER_KEY_BYTES) != 0) {
		diag_set(d, 0, "cannot read server key '%s'", path);
		sodium_memzero(key, SERVER_KEY_BYTES);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

/*
 * The cap on concurrent password hashing. This is the one piece of
 * process-wide state in the store: the limit exists to protect the whole
 * process's memory, so it cannot live in a connection. Created once.
 */
#define PASSWORD_CONCURRENCY 2
static pthread_once_t pw_once = PTHREAD_ONCE_INIT;
static sem_t pw_sem;

static void pw_sem_create(void)
{
	if (sem_init(&pw_sem, 0, PASSWORD_CONCURRENCY) != 0)
		abort(); /* only fails for a value above SEM_VALUE_MAX */
}

static void pw_enter(void)
{
	pthread_once(&pw_once, pw_sem_create);
	while (sem_wait(&pw_sem) != 0 && errno == EINTR)
		;
}

static void pw_leave(void)
{
	sem_post(&pw_sem);
}

/*
 * Hashes a password with Argon2id at the interactive limits, waiting for a
 * free slot when two hashes are running. out gets a NUL-terminated string.
 * Returns 0, ERR_INVALID (empty or longer than PASSWORD_MAX_BYTES) or
 * ERR_GENERIC (out of memory inside libsodium).
 */
int password_hash(const char *pw, char out[PASSWORD_HASH_BYTES])
{
	size_t len;
	int rc;

	if (!pw)
		return ERR_INVALID;
	len = strnlen(pw, PASSWORD_MAX_BYTES + 1);
	if (len == 0 || len > PASSWORD_MAX_BYTES)
		return ERR_INVALID;
	pw_enter();
	rc = crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pw_leave();
	return rc == 0 ? 0 : ERR_GENERIC;
}

/*
 * Verifies pw against hash in constant time (libsodium). Returns 1 on a
 * match; 0 for a mismatch, a malformed or unterminated hash, or a password
 * that password_hash() would refuse.
 */
int password_verify(const char *hash, const char *pw)
{
	size_t len;
	int rc;

	if (!hash || !pw)
		return 0;
	if (strnlen(hash, PASSWORD_HASH_BYTES) >= PASSWORD_HASH_BYTES)
		return 0;
	if (strncmp(hash, "$argon2id$", 10) != 0 && strncmp(hash, "$argon2i$", 9) != 0)
		return 0;
	len = strnlen(pw, PASSWORD_MAX_BYTES + 1);
	if (len == 0 || len > PASSWORD_MAX_BYTES)
		return 0;
	pw_enter();
	rc = crypto_pwhash_str_verify(hash, pw, len);
	pw_leave();
	return rc == 0;
}
