/*
 * fuzz_instrument.c: feeds arbitrary bytes to the instrument loader. When
 * a file loads, it is also checked for the invariants the rest of Hartslag
 * relies on, and scored with answers taken from the input, so that the
 * scorer sees every shape of instrument the loader accepts.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_invariants(const struct instrument *ins)
{
	int on_page[MAX_ITEMS] = {0};

	if (!ins->id || ins->nscales < 1 || ins->nitems < 1 || ins->nitems > MAX_ITEMS ||
	    ins->nscales > MAX_SCALES || ins->npages < 1)
		abort();
	for (int i = 0; i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];
		if (it->scale < 0 || it->scale >= ins->nscales || it->answer_scale < 0 ||
		    it->answer_scale >= ins->nanswer_scales)
			abort();
		if (ins->answer_scales[it->answer_scale].points != ins->scales[it->scale].points)
			abort();
		for (int l = 0; l < LANG_COUNT; l++)
			if (!it->text.t[l])
				abort();
	}
	for (int s = 0; s < ins->nscales; s++) {
		const struct scale *sc = &ins->scales[s];
		if (sc->nitems < 2 || sc->min_items < 1 || sc->min_items > sc->nitems)
			abort();
		if (sc->higher_is_better ? !(sc->red < sc->orange) : !(sc->orange < sc->red))
			abort();
		for (int k = 0; k < sc->nitems; k++)
			if (ins->items[sc->items[k]].scale != s)
				abort();
	}
	for (int p = 0; p < ins->npages; p++) {
		if (ins->pages[p].nitems < 1)
			abort();
		for (int k = 0; k < ins->pages[p].nitems; k++)
			on_page[ins->pages[p].items[k]]++;
	}
	for (int i = 0; i < ins->nitems; i++)
		if (on_page[i] != 1)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct instrument ins;
	struct diag d;

	if (instrument_parse(&ins, "fuzz", (const char *)data, size, &d) != 0) {
		/* A refusal must say where and what. */
		if (d.msg[0] == '\0' || d.line < 0)
			abort();
		return 0;
	}
	check_invariants(&ins);

	uint8_t answers[MAX_ITEMS];
	double scores[MAX_SCALES];
	for (int i = 0; i < ins.nitems; i++)
		answers[i] = size ? data[(size_t)i % size] % 13 : 0;
	int valid = instrument_score(&ins, answers, scores);
	if (valid < 0 || valid > ins.nscales)
		abort();
	for (int s = 0; s < ins.nscales; s++) {
		enum risk_zone z = scale_zone(&ins.scales[s], scores[s]);
		if (isnan(scores[s]) != (z == ZONE_NONE))
			abort();
		if (!isnan(scores[s]) && (scores[s] < 1 || scores[s] > ins.scales[s].points))
			abort();
	}
	(void)instrument_answers_valid(&ins, answers);
	instrument_release(&ins);
	return 0;
}
