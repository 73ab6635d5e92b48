/*
 * fuzz_form.c: decodes the input as a form body; a decoded form must hold
 * non-empty, NUL-free UTF-8 names and values, and encoding it again must
 * decode to the same fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	int rc = form_parse(&f, (const char *)data, size);
	if (rc < 0) {
		if (f.n || f.fields || (rc != ERR_INVALID && rc != ERR_TOO_LARGE))
			abort();
		return 0;
	}
	if (f.n > MAX_FORM_FIELDS)
		abort();
	struct buf b = BUF_INIT(4 * (size_t)MAX_FORM_BYTES);
	for (size_t i = 0; i < f.n; i++) {
		const struct form_field *x = &f.fields[i];
		size_t nl = strlen(x->name);
		if (nl == 0 || !utf8_valid(x->name, nl) || strlen(x->value) != x->value_len ||
		    !utf8_valid(x->value, x->value_len))
			abort();
		/* form_get finds a field of that name at or before this one. */
		const char *v = form_get(&f, x->name);
		if (!v)
			abort();
		if (i && buf_putc(&b, '&'))
			abort();
		if (form_encode(&b, str_from(x->name)) || buf_putc(&b, '=') ||
		    form_encode(&b, (struct str){x->value, x->value_len}))
			abort();
	}
	struct form g;
	if (b.len > MAX_FORM_BYTES) {
		/* Encoding can lengthen past the limit; then it must say so. */
		if (form_parse(&g, b.p, b.len) != ERR_TOO_LARGE)
			abort();
	} else {
		if (form_parse(&g, b.p, b.len) != 0 || g.n != f.n)
			abort();
		for (size_t i = 0; i < f.n; i++)
			if (strcmp(f.fields[i].name, g.fields[i].name) != 0 ||
			    g.fields[i].value_len != f.fields[i].value_len ||
			    memcmp(f.fields[i].value, g.fields[i].value, g.fields[i].value_len))
				abort();
		form_release(&g);
	}
	buf_release(&b);
	form_release(&f);
	return 0;
}
