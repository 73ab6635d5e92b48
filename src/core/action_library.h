/*
 * action_library.h: a catalogue of proven actions per theme and IGLO level,
 * searched while brainstorming. The catalogue is a line-based data file
 * (format in docs/action-library.md; the default one is library/actions.txt,
 * embedded in the binary) with every text in nl, fr and en. The loader is
 * strict like the instrument's: any fault gives the line and what is
 * wrong, and nothing is loaded.
 */
#ifndef HARTSLAG_ACTION_LIBRARY_H
#define HARTSLAG_ACTION_LIBRARY_H

#include <stddef.h>

#include "action.h"
#include "instrument.h"
#include "lang.h"
#include "util.h"

#define MAX_LIBRARY_BYTES (1024 * 1024)
#define MAX_LIBRARY_LINE 2000
#define MAX_LIBRARY_ACTIONS 1000
#define MAX_LIBRARY_THEMES 8     /* themes per action */
#define MAX_LIBRARY_TITLE 200    /* bytes */
#define MAX_LIBRARY_TEXT 1000    /* bytes of a description */

struct lib_action {
	char *id;                /* "presence-talk-guide" */
	char **themes;           /* scale idents; at least one */
	int nthemes;
	enum iglo_level level;
	int quick_win;
	char *indicator;         /* a scale ident or an absence indicator code, or NULL */
	struct text title;
	struct text description; /* 1 to 3 sentences */
};

struct action_library {
	struct lib_action *actions;
	int n;
};

/*
 * Parses a library from memory. name is used in messages. When ins is
 * non-NULL every theme (and a scale indicator) must be one of its scales.
 * Returns 0, or ERR_INVALID with d->line and d->msg ("line 12: action
 * 'x' has no title.fr") and lib left empty. On success the caller
 * releases lib with action_library_release().
 */
int action_library_parse(struct action_library *lib, const char *name, const char *data,
			 size_t len, const struct instrument *ins, struct diag *d);
/* Parses the embedded library/actions.txt; errors as action_library_parse. */
int action_library_load_default(struct action_library *lib, const struct instrument *ins,
				struct diag *d);
void action_library_release(struct action_library *lib);

/* The action with that id, or NULL. Borrowed. */
const struct lib_action *action_library_find(const struct action_library *lib, struct str id);
/* 1 when the action has that theme. */
int lib_action_has_theme(const struct lib_action *a, struct str theme);

/*
 * Searches the library: every word of query (split on spaces and
 * punctuation) must occur in the title or description in lang, compared
 * without case and accents (e-acute matches e); an empty query matches all.
 * theme (a scale ident, or an empty str for any) and level (an iglo_level,
 * or -1 for any) filter. Writes up to max indices into out (which may be
 * NULL when max is 0) in library order, quick wins first. Returns the
 * number of matches (may exceed max).
 */
size_t action_library_search(const struct action_library *lib, struct str query, enum lang lang,
			     struct str theme, int level, int *out, size_t max);

/*
 * Folds UTF-8 text for search: ASCII and Latin-1 letters to lower case
 * without accents (E-acute and e-grave to e, c-cedilla to c, the oe
 * ligature to oe), other bytes
 * kept. Appends to b. Returns 0 or ERR_TOO_LARGE.
 */
int action_library_fold(struct buf *b, struct str s);

#endif
