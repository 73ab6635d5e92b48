/*
 * util.h: allocation that never returns NULL, capped growable buffers and
 * (pointer, length) strings. Everything in Hartslag builds on these.
 */
#ifndef HARTSLAG_UTIL_H
#define HARTSLAG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "limits.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED __attribute__((unused))

/* Status codes shared by all subsystems. */
enum app_err {
	APP_OK = 0,
	ERR_GENERIC = -1,
	ERR_TOO_LARGE = -2,
	ERR_INVALID = -3,
	ERR_NOT_FOUND = -4,
	ERR_CONFLICT = -5,
	ERR_IO = -6,
};

/*
 * Allocation wrappers: on failure they log one line and abort (one
 * out-of-memory policy, as redis' zmalloc). Caller frees.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string formatted as printf would; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A borrowed string: pointer and length, not NUL-terminated. */
struct str {
	const char *p;
	size_t len;
};
#define STR_LIT(s) ((struct str){"" s "", sizeof(s) - 1})
struct str str_from(const char *s);
int str_eq(struct str a, struct str b);
int str_eq_lit(struct str a, const char *lit);
/* Trims ASCII spaces and tabs at both ends. */
struct str str_trim(struct str s);
/*
 * Parses a decimal integer in [min, max] filling the whole string.
 * Returns 0 and sets *out, or -1 without touching *out.
 */
int str_to_long(struct str s, long min, long max, long *out);

/*
 * A growable byte buffer with a ceiling set at init. p is always
 * NUL-terminated (when non-NULL) and may contain NULs.
 */
struct buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
};
#define BUF_INIT(maxbytes) {NULL, 0, 0, (maxbytes)}
void buf_init(struct buf *b, size_t max);
/*
 * Appends n bytes. Returns 0, or ERR_TOO_LARGE when the result would pass
 * the ceiling; then the buffer is released (emptied) as curl's dynbuf does.
 */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the contents as a C string ("" when empty); borrowed. */
const char *buf_cstr(const struct buf *b);
/* Hands over the contents (never NULL); the caller frees; b is reset. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);

/*
 * An error message for the user: "what is wrong" with an optional place
 * (file and line). Parsers fill one instead of printing.
 */
struct diag {
	char msg[512];
	long line; /* 0 when not tied to a line */
};
/* Formats into d (when d is non-NULL) and returns ERR_INVALID. */
int diag_set(struct diag *d, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A look-up from ids (of units, say) to positions in an array. */
struct id_index {
	long id;
	int index;
};
/* Sorts n entries by id, so that id_index_find can bisect them. */
void id_index_sort(struct id_index *ix, size_t n);
/* The index stored with id in a sorted table, or -1. */
int id_index_find(const struct id_index *ix, size_t n, long id);

/* The value of a hexadecimal digit (either case), or -1. */
int hex_value(char c);

/* Validates UTF-8 (no overlongs, no surrogates, no NUL). Returns 1 if valid. */
int utf8_valid(const char *p, size_t len);

#include "banned.h"

#endif
