/*
 * ratelimit.h: counting failures per key (an IP, a login name) in a
 * fixed window, in a table of fixed size: memory stays bounded whatever
 * clients send. Keys are kept only as BLAKE2b hashes. Thread-safe.
 */
#ifndef HARTSLAG_RATELIMIT_H
#define HARTSLAG_RATELIMIT_H

#include <pthread.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 4096
#define RATELIMIT_HASH_BYTES 16

struct ratelimit_slot {
	uint8_t hash[RATELIMIT_HASH_BYTES];
	int64_t start; /* monotonic seconds when the window began; 0: free slot */
	unsigned count;
};

struct ratelimit {
	pthread_mutex_t lock;
	struct ratelimit_slot *slots; /* RATELIMIT_SLOTS of them */
};

/* Allocates the table (aborts when out of memory); release frees it. */
void ratelimit_init(struct ratelimit *rl);
void ratelimit_release(struct ratelimit *rl);

/* Seconds of the monotonic clock (never 0). */
int64_t ratelimit_now(void);

/*
 * Counts one event for key at time now (ratelimit_now(), or a test's
 * clock) in a window of window seconds that starts with the key's first
 * event. Returns the count within the window, this event included. When
 * the table is full, the entry with the oldest window is dropped.
 */
unsigned ratelimit_hit(struct ratelimit *rl, const char *scope, const char *key, int64_t now,
		       int64_t window);

/*
 * 0 when key has had fewer than max events in its window; otherwise the
 * seconds left until the window ends (at least 1). Counts nothing.
 */
int64_t ratelimit_blocked(struct ratelimit *rl, const char *scope, const char *key,
			  int64_t now, int64_t window, unsigned max);

/* Forgets key (a successful login). */
void ratelimit_reset(struct ratelimit *rl, const char *scope, const char *key);

#endif
