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

/*
 * The weight of one Accept-Language entry, from its parameters [p, end)
 * (";q=0.8" gives 800). No q, or a malformed one, weighs 1000.
 */
static int accept_weight(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 3 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=' &&
		    (p[2] == '0' || p[2] == '1')) {
			int w = (p[2] - '0') * 1000;
			int scale = 100;
			p += 3;
			if (p < end && *p == '.') {
				for (p++; p < end && *p >= '0' && *p <= '9' && scale; p++) {
					w += (*p - '0') * scale;
					scale /= 10;
				}
			}
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p == end || *p == ';')
				return w > 1000 ? 1000 : w;
			return 1000;
		}
		while (p < end && *p != ';')
			p++;
	}
	return 1000;
}

enum lang lang_from_accept(const char *header, enum lang fallback)
{
	/* The language we speak with the highest q-value; the first listed
	 * on a tie; never one with q=0, which means "not acceptable". */
	enum lang best = fallback;
	int best_w = 0;

	if (!header)
		return fallback;
	const char *p = header;
	while (*p) {
		const char *start = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		const char *tag_end = p;
		while (*p && *p != ',')
			p++;
		enum lang l;
		if (lang_parse((struct str){start, (size_t)(tag_end - start)}, &l) == 0) {
			int w = accept_weight(tag_end, p);
			if (w > best_w) {
				best = l;
				best_w = w;
			}
		}
		if (*p == ',')
			p++;
	}
	return best;
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
