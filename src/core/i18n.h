/*
 * i18n.h: translated messages. Translators work on gettext .po files in
 * po/<lang>/<component>.po; the build compiles each language into one .mo
 * catalog and embeds it in the binary. At run time messages are looked up
 * per request language: no setlocale, no installed locales. English
 * message ids are the English text.
 */
#ifndef HARTSLAG_I18N_H
#define HARTSLAG_I18N_H

#include <stdint.h>

#include "lang.h"

struct catalog {
	const uint8_t *data; /* borrowed .mo image */
	size_t len;
	uint32_t n;          /* number of strings */
	uint32_t orig;       /* offset of the original strings table */
	uint32_t trans;      /* offset of the translations table */
	int swap;            /* the image is of the other byte order */
};

/*
 * Checks and indexes a .mo image (borrowed, must outlive the catalog).
 * Returns 0 or ERR_INVALID.
 */
int catalog_parse(struct catalog *c, const uint8_t *data, size_t len);
/* The translation of msgid, or NULL. Borrowed from the image. */
const char *catalog_get(const struct catalog *c, const char *msgid);
/* Plural form idx of msgid (plural forms separated by NUL), or NULL. */
const char *catalog_get_plural(const struct catalog *c, const char *msgid, int idx);

/*
 * Process-wide catalogs of the embedded translations, set up once by
 * i18n_init() before threads start and read-only afterwards.
 */
void i18n_init(void);
/* The message in lang (msgid itself for English or when untranslated). */
const char *T(enum lang l, const char *msgid) __attribute__((format_arg(2)));
/* Plural: singular/plural English forms, chosen by n and the language's rule. */
const char *NT(enum lang l, const char *singular, const char *plural, long n)
	__attribute__((format_arg(2))) __attribute__((format_arg(3)));



/* Marks a literal for translation where it is defined; T() translates it where used. */
#define N_(s) (s)

/*
 * Fills a message template: "{1}".."{9}" are replaced by the arguments in
 * order (a NULL-terminated list of strings). Templates come from the
 * catalogs, so printf formats are never built from translated text.
 * Returns a new string; caller frees.
 */
char *tmpl_fill(const char *tmpl, ...);
/* The same with the arguments from a va_list (NULL-terminated strings). */
char *tmpl_fillva(const char *tmpl, va_list ap);
/* The same with the arguments as an array of n strings. */
char *tmpl_fillv(const char *tmpl, const char *const *args, int n);

#endif
