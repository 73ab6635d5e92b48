/*
 * ratelimit.c: fixed windows in an open-addressing table of
 * RATELIMIT_SLOTS entries keyed by a BLAKE2b hash of scope and
 * key. Linear probing over a bounded run; a full run evicts the entry
 * whose window is oldest, so the table never grows.
 */
#include "ratelimit.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/util.h"

/* How far a key may land from its home slot. */
#define RATELIMIT_PROBE 64

void ratelimit_init(struct ratelimit *rl)
{
	pthread_mutex_init(&rl->lock, NULL);
	rl->slots = xcalloc(RATELIMIT_SLOTS, sizeof(*rl->slots));
}

void ratelimit_release(struct ratelimit *rl)
{
	free(rl->slots);
	rl->slots = NULL;
	pthread_mutex_destroy(&rl->lock);
}

int64_t ratelimit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec + 1;
}

static void key_hash(const char *scope, const char *key, uint8_t out[RATELIMIT_HASH_BYTES])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, RATELIMIT_HASH_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)scope, strlen(scope) + 1);
	crypto_generichash_update(&h, (const unsigned char *)key, strlen(key));
	crypto_generichash_final(&h, out, RATELIMIT_HASH_BYTES);
}

static size_t home(const uint8_t hash[RATELIMIT_HASH_BYTES])
{
	size_t h = 0;

	for (int i = 0; i < 4; i++)
		h = (h << 8) | hash[i];
	return h % RATELIMIT_SLOTS;
}

/*
 * The slot holding hash, or NULL. With create, a free or expired slot in
 * the probe run, else the run's oldest one, made fresh for hash.
 */
static struct ratelimit_slot *find(struct ratelimit *rl, const uint8_t *hash, int64_t now,
				   int64_t window, int create)
{
	size_t h = home(hash);
	struct ratelimit_slot *spare = NULL;
	int spare_free = 0;

	for (size_t i = 0; i < RATELIMIT_PROBE; i++) {
		struct ratelimit_slot *s = &rl->slots[(h + i) % RATELIMIT_SLOTS];
		if (s->start && memcmp(s->hash, hash, RATELIMIT_HASH_BYTES) == 0)
			return s;
		if (!create)
			continue;
		if (!s->start || now - s->start >= window) {
			if (!spare_free) {
				spare = s;
				spare_free = 1;
			}
		} else if (!spare_free && (!spare || s->start < spare->start)) {
			spare = s;
		}
	}
	if (!create)
		return NULL;
	memcpy(spare->hash, hash, RATELIMIT_HASH_BYTES);
	spare->start = now;
	spare->count = 0;
	return spare;
}

unsigned ratelimit_hit(struct ratelimit *rl, const char *scope, const char *key, int64_t now,
		       int64_t window)
{
	uint8_t hash[RATELIMIT_HASH_BYTES];
	unsigned n;

	key_hash(scope, key, hash);
	pthread_mutex_lock(&rl->lock);
	struct ratelimit_slot *s = find(rl, hash, now, window, 1);
	if (now - s->start >= window) {
		s->start = now;
		s->count = 0;
	}
	if (s->count < UINT32_MAX)
		s->count++;
	n = s->count;
	pthread_mutex_unlock(&rl->lock);
	return n;
}

int64_t ratelimit_blocked(struct ratelimit *rl, const char *scope, const char *key,
			  int64_t now, int64_t window, unsigned max)
{
	uint8_t hash[RATELIMIT_HASH_BYTES];
	int64_t left = 0;

	key_hash(scope, key, hash);
	pthread_mutex_lock(&rl->lock);
	struct ratelimit_slot *s = find(rl, hash, now, window, 0);
	if (s && now - s->start < window && s->count >= max)
		left = window - (now - s->start);
	pthread_mutex_unlock(&rl->lock);
	return left < 1 && left != 0 ? 1 : left;
}

void ratelimit_reset(struct ratelimit *rl, const char *scope, const char *key)
{
	uint8_t hash[RATELIMIT_HASH_BYTES];

	key_hash(scope, key, hash);
	pthread_mutex_lock(&rl->lock);
	struct ratelimit_slot *s = find(rl, hash, 0, 1, 0);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&rl->lock);
}
