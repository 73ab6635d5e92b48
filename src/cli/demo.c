/*
 * demo.c: PLACEHOLDER written by the lead so the tree builds while the demo
 * generator is being written; the store engineer replaces this file whole.
 */
#include "demo.h"

int demo_generate(struct store *st, const struct instrument *ins UNUSED,
		  long instrument_id UNUSED, uint64_t seed UNUSED, struct demo_info *out UNUSED)
{
	return diag_set(&st->err, 0, "the demo generator is not built yet");
}
