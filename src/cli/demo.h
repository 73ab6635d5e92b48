/*
 * demo.h: a realistic synthetic organisation for the demo and for tests.
 */
#ifndef HARTSLAG_DEMO_H
#define HARTSLAG_DEMO_H

#include <stdint.h>

#include "core/instrument.h"
#include "store/store.h"

struct demo_info {
	long units, employees, waves, responses;
	long open_wave_id;
	char admin_login[32];
	char admin_password[32];
	char sample_tokens[5][TOKEN_TEXT_BYTES + 1]; /* unused invitations of the open wave */
};

/* Fills an empty store with a realistic synthetic organisation. */
int demo_generate(struct store *st, const struct instrument *ins, long instrument_id,
		  uint64_t seed, struct demo_info *out);

#endif
