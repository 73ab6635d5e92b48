/*
 * form.h: application/x-www-form-urlencoded decoding (request bodies and
 * query strings). Strict: bad percent escapes, invalid UTF-8 and too many
 * fields are errors, never guesses.
 */
#ifndef HARTSLAG_FORM_H
#define HARTSLAG_FORM_H

#include "util.h"

struct form_field {
	char *name;  /* decoded, NUL-terminated; owned by the form */
	char *value;
	size_t value_len;
};

struct form {
	struct form_field *fields;
	size_t n;
};

/*
 * Decodes data into f ('+' is a space, %XX escapes). Returns 0, or
 * ERR_INVALID / ERR_TOO_LARGE (more than MAX_FORM_FIELDS fields or more
 * than MAX_FORM_BYTES) with f left empty.
 */
int form_parse(struct form *f, const char *data, size_t len);
void form_release(struct form *f);
/* Returns the first value of name, or NULL. Borrowed. */
const char *form_get(const struct form *f, const char *name);
/* Appends s percent-encoded for use in a URL query or form body. */
int form_encode(struct buf *b, struct str s);

#endif
