/*
 * lang.h: the languages Hartslag speaks. Every user-facing text exists in
 * each of them.
 */
#ifndef HARTSLAG_LANG_H
#define HARTSLAG_LANG_H

#include "util.h"

enum lang {
	LANG_NL = 0,
	LANG_FR = 1,
	LANG_EN = 2,
	LANG_COUNT
};

/* "nl", "fr", "en". */
const char *lang_code(enum lang l);
/* The language's own name: "Nederlands", "Français", "English". */
const char *lang_name(enum lang l);
/*
 * Parses a language code ("nl", "fr", "en", case-insensitive, also "nl-BE"
 * and the like). Returns 0 and sets *out, or -1.
 */
int lang_parse(struct str s, enum lang *out);
/*
 * Picks the best language from an Accept-Language header value; returns
 * fallback when nothing matches.
 */
enum lang lang_from_accept(const char *header, enum lang fallback);

/* A text in every language. Owned strings; NULL where absent. */
struct text {
	char *t[LANG_COUNT];
};
/* Returns the text in l, else in English, else Dutch, else "". Borrowed. */
const char *text_get(const struct text *t, enum lang l);
void text_release(struct text *t);

#endif
