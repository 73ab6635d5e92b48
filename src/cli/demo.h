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

/*
 * Fills an empty store with a realistic synthetic organisation, the Belgian
 * care group "Zorggroep Hartslag-Demo" (about 320 people in 55 units, nl/fr/en):
 * settings, users admin, preventie, hr, comite and manager (all with the random
 * password in out->admin_password), three closed yearly waves and one open wave
 * answered through the real survey path, with ins (stored as instrument_id).
 * Deterministic from seed except tokens and the password. Returns 0 with out
 * filled, ERR_CONFLICT when the store is not empty, or another error with
 * st->err set (what was written stays: start again on a fresh file).
 */
int demo_generate(struct store *st, const struct instrument *ins, long instrument_id,
		  uint64_t seed, struct demo_info *out);
/*
 * The demo's action plans, after its waves (demo_action.c): Team Wilg's
 * come from the workshop workshop_id (0: none). 0 or the store's error.
 */
int demo_actions(struct store *st, long workshop_id);
/*
 * One finished team workshop, after the waves (demo_workshop.c); *id gets
 * its id (0 when there is no report to run it on). 0 or the store's error.
 */
int demo_workshop(struct store *st, long *id);

/*
 * Adds three years of absence records and HR events up to today (a day
 * number, 0 for today) for every employee in st (demo_absence.c).
 * Deterministic from seed and today. Returns 0 or the store's error.
 */
int demo_absence_generate(struct store *st, uint64_t seed, int32_t today);

#endif
