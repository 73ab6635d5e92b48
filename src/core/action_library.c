/*
 * action_library.c: the strict loader and the search of the action
 * library. See action_library.h and docs/action-library.md.
 */
#include <stdlib.h>
#include <string.h>

#include "action_library.h"

int action_library_parse(struct action_library *lib, const char *name, const char *data,
			 size_t len, const struct instrument *ins, struct diag *d)
{
	(void)name;
	(void)data;
	(void)len;
	(void)ins;
	memset(lib, 0, sizeof(*lib));
	return diag_set(d, 0, "action library: not written yet");
}

int action_library_load_default(struct action_library *lib, const struct instrument *ins,
				struct diag *d)
{
	return action_library_parse(lib, "library/actions.txt", "", 0, ins, d);
}

void action_library_release(struct action_library *lib)
{
	memset(lib, 0, sizeof(*lib));
}

const struct lib_action *action_library_find(const struct action_library *lib, struct str id)
{
	for (int i = 0; i < lib->n; i++)
		if (str_eq(str_from(lib->actions[i].id), id))
			return &lib->actions[i];
	return NULL;
}

int lib_action_has_theme(const struct lib_action *a, struct str theme)
{
	for (int i = 0; i < a->nthemes; i++)
		if (str_eq(str_from(a->themes[i]), theme))
			return 1;
	return 0;
}

size_t action_library_search(const struct action_library *lib, struct str query, enum lang lang,
			     struct str theme, int level, int *out, size_t max)
{
	(void)lib;
	(void)query;
	(void)lang;
	(void)theme;
	(void)level;
	(void)out;
	(void)max;
	return 0;
}

int action_library_fold(struct buf *b, struct str s)
{
	return buf_append(b, s.p, s.len);
}
