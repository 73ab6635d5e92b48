/*
 * fuzz_action_library.c: feeds arbitrary bytes to the action library
 * loader, with and without the default instrument. When a library loads,
 * it is checked for the invariants the pages rely on (every text in every
 * language, known levels, at least one theme), and searched with a query
 * taken from the input, so the folding and matching see every shape of
 * text the loader accepts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/action_library.h"
#include "core/embed.h"
#include "core/instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct action_library *lib, const uint8_t *data, size_t size)
{
	int out[8];

	if (lib->n < 1 || lib->n > MAX_LIBRARY_ACTIONS)
		abort();
	for (int i = 0; i < lib->n; i++) {
		const struct lib_action *a = &lib->actions[i];
		if (!a->id || a->nthemes < 1 || a->nthemes > MAX_LIBRARY_THEMES ||
		    (unsigned)a->level >= IGLO_COUNT || (a->quick_win != 0 && a->quick_win != 1))
			abort();
		for (int l = 0; l < LANG_COUNT; l++)
			if (!a->title.t[l] || !a->description.t[l] ||
			    strlen(a->title.t[l]) > MAX_LIBRARY_TITLE)
				abort();
		if (action_library_find(lib, str_from(a->id)) != a)
			abort();
	}
	struct str q = {(const char *)data, size > 40 ? 40 : size};
	for (int l = 0; l < LANG_COUNT; l++) {
		size_t n = action_library_search(lib, q, (enum lang)l, (struct str){NULL, 0}, -1, out, 8);
		if (n > (size_t)lib->n)
			abort();
		for (size_t k = 0; k < n && k < 8; k++)
			if (out[k] < 0 || out[k] >= lib->n)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct instrument ins;
	static int have_ins = -1;
	struct action_library lib;
	struct diag d;

	if (have_ins < 0) {
		const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
		have_ins = f && instrument_parse(&ins, "jdr", (const char *)f->data, f->len, &d) == 0;
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct instrument *with = pass && have_ins ? &ins : NULL;
		if (action_library_parse(&lib, "fuzz", (const char *)data, size, with, &d) != 0) {
			/* A refusal must say what, and leave nothing behind. */
			if (d.msg[0] == '\0' || d.line < 0 || lib.n != 0 || lib.actions)
				abort();
			continue;
		}
		check(&lib, data, size);
		action_library_release(&lib);
	}
	/* The folding alone, on the raw bytes. */
	struct buf b = BUF_INIT(4 * 4096);
	action_library_fold(&b, (struct str){(const char *)data, size > 4096 ? 4096 : size});
	buf_release(&b);
	return 0;
}
