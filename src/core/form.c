/*
 * form.c: application/x-www-form-urlencoded decoding and encoding. A
 * decoded form lives in one allocation: the field array followed by the
 * decoded names and values, each NUL-terminated.
 */
#include "form.h"

#include <stdlib.h>
#include <string.h>

/*
 * Decodes s[0..n) into dst ('+' is a space, %XX a byte) and NUL-terminates
 * it. dst has room for n + 1 bytes. Returns the decoded length, or -1 on a
 * bad escape, a NUL byte or invalid UTF-8.
 */
static long decode(const char *s, size_t n, char *dst)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (n - i < 3)
				return -1;
			int hi = hex_value(s[i + 1]);
			int lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		dst[o++] = c;
	}
	dst[o] = '\0';
	/* utf8_valid() rejects NUL bytes too. */
	if (!utf8_valid(dst, o))
		return -1;
	return (long)o;
}

/*
 * Decodes data into f. The form owns all its names and values; release it
 * with form_release(). On error f is empty and nothing needs releasing.
 */
int form_parse(struct form *f, const char *data, size_t len)
{
	size_t k = 0;

	f->fields = NULL;
	f->n = 0;
	if (len > MAX_FORM_BYTES)
		return ERR_TOO_LARGE;
	if (!data || len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		/* Counts the non-empty segments between '&'. */
		if (data[i] != '&' && (i == 0 || data[i - 1] == '&'))
			k++;
	}
	if (k > MAX_FORM_FIELDS)
		return ERR_TOO_LARGE;
	if (k == 0)
		return 0;

	/* Decoding never lengthens, so len bytes plus two NULs per field do. */
	struct form_field *fields = xmalloc(k * sizeof(*fields) + len + 2 * k);
	char *out = (char *)(fields + k);
	size_t n = 0;
	const char *p = data;
	const char *end = data + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *seg_end = amp ? amp : end;
		if (seg_end == p) {
			p++;
			continue;
		}
		const char *eq = memchr(p, '=', (size_t)(seg_end - p));
		const char *name_end = eq ? eq : seg_end;
		const char *val = eq ? eq + 1 : seg_end;
		if (name_end == p)
			goto bad;
		long nl = decode(p, (size_t)(name_end - p), out);
		if (nl <= 0)
			goto bad;
		fields[n].name = out;
		out += nl + 1;
		long vl = decode(val, (size_t)(seg_end - val), out);
		if (vl < 0)
			goto bad;
		fields[n].value = out;
		fields[n].value_len = (size_t)vl;
		out += vl + 1;
		n++;
		p = seg_end;
	}
	f->fields = fields;
	f->n = n;
	return 0;
bad:
	free(fields);
	return ERR_INVALID;
}

/* Frees everything the form owns and leaves it empty. */
void form_release(struct form *f)
{
	free(f->fields);
	f->fields = NULL;
	f->n = 0;
}

/* The first value of name, or NULL; borrowed from the form. */
const char *form_get(const struct form *f, const char *name)
{
	if (!f || !name)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * Appends s with every byte outside the unreserved set (A-Z a-z 0-9 - . _ ~)
 * written as %XX. Spaces become %20, which both query strings and form
 * bodies decode as a space. Returns 0 or ERR_TOO_LARGE (b is then released).
 */
int form_encode(struct buf *b, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;

	while (i < s.len) {
		size_t run = i;
		while (run < s.len && unreserved((unsigned char)s.p[run]))
			run++;
		if (run > i && buf_append(b, s.p + i, run - i))
			return ERR_TOO_LARGE;
		i = run;
		if (i < s.len) {
			unsigned char c = (unsigned char)s.p[i];
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			if (buf_append(b, esc, 3))
				return ERR_TOO_LARGE;
			i++;
		}
	}
	return 0;
}
