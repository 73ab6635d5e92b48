/*
 * lang.c: language codes and multilingual texts.
 */
#include "lang.h"

#include <stdlib.h>
#include <string.h>

static const char *const codes[LANG_COUNT] = {"nl", "fr", "en"};
static const char *const names[LANG_COUNT] = {"Nederlands", "Français", "English"};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? codes[l] : "en";
}

const char *lang_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? names[l] : "English";
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int lang_parse(struct str s, enum lang *out)
{
	s = str_trim(s);
	if (s.len < 2 || (s.len > 2 && s.p[2] != '-' && s.p[2] != '_'))
		return -1;
	for (int l = 0; l < LANG_COUNT; l++) {
		if (lower(s.p[0]) == codes[l][0] && lower(s.p[1]) == codes[l][1]) {
			*out = (enum lang)l;
			return 0;
		}
	}
	return -1;
}

enum lang lang_from_accept(const char *header, enum lang fallback)
{
	/* Takes the first listed language we speak; q-values are rarely
	 * anything but descending in practice. */
	if (!header)
		return fallback;
	const char *p = header;
	while (*p) {
		const char *start = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		enum lang l;
		if (lang_parse((struct str){start, (size_t)(p - start)}, &l) == 0)
			return l;
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
	}
	return fallback;
}

const char *text_get(const struct text *t, enum lang l)
{
	if ((unsigned)l < LANG_COUNT && t->t[l])
		return t->t[l];
	if (t->t[LANG_EN])
		return t->t[LANG_EN];
	if (t->t[LANG_NL])
		return t->t[LANG_NL];
	return "";
}

void text_release(struct text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->t[l]);
		t->t[l] = NULL;
	}
}
