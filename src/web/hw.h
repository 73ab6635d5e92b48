/*
 * hw.h: the HTML writer. Every byte of a page goes through it, escaped
 * for its context (cgit's html_txt/html_attr, named by context). The raw
 * path takes string literals only: HW_LIT(w, "<p>") compiles, a variable
 * does not, so data can never reach the page unescaped.
 */
#ifndef HARTSLAG_HW_H
#define HARTSLAG_HW_H

#include "core/util.h"

struct hw {
	struct buf *out;
	int failed; /* set once an append failed (page too large) */
};

void hw_init(struct hw *w, struct buf *out);
/* Appends a literal; use through HW_LIT only. */
void hw_raw_literal(struct hw *w, const char *s, size_t n);
#define HW_LIT(w, s) hw_raw_literal((w), "" s "", sizeof(s) - 1)

/* Text node content: escapes & < > " '. NULL writes nothing. */
void hw_text(struct hw *w, const char *s);
void hw_textn(struct hw *w, const char *s, size_t n);
/* printf into a text node; every byte of the result is escaped. */
void hw_textf(struct hw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* ' name="value"' with value escaped for a double-quoted attribute. */
void hw_attr(struct hw *w, const char *name, const char *value);
void hw_attrf(struct hw *w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A URL path segment or query value, percent-encoded (then safe in attributes). */
void hw_url_arg(struct hw *w, const char *s);
/* Appends text already produced by another escaping writer (SVG): trusted markup. */
void hw_markup(struct hw *w, const struct buf *b);

/* Returns 0, or ERR_TOO_LARGE when the page passed its ceiling. */
int hw_status(const struct hw *w);

#endif
