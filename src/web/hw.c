/*
 * hw.c: context-escaping HTML output.
 */
#include "hw.h"

#include <stdio.h>
#include <string.h>

#include "core/form.h"

void hw_init(struct hw *w, struct buf *out)
{
	w->out = out;
	w->failed = 0;
}

static void put(struct hw *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (buf_append(w->out, s, n))
		w->failed = 1;
}

void hw_raw_literal(struct hw *w, const char *s, size_t n)
{
	put(w, s, n);
}

void hw_textn(struct hw *w, const char *s, size_t n)
{
	size_t start = 0;
	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		put(w, s + start, i - start);
		put(w, rep, strlen(rep));
		start = i + 1;
	}
	put(w, s + start, n - start);
}

void hw_text(struct hw *w, const char *s)
{
	if (s)
		hw_textn(w, s, strlen(s));
}

void hw_textf(struct hw *w, const char *fmt, ...)
{
	struct buf tmp = BUF_INIT(MAX_PAGE_BYTES);
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(&tmp, fmt, ap))
		w->failed = 1;
	va_end(ap);
	hw_textn(w, buf_cstr(&tmp), tmp.len);
	buf_release(&tmp);
}

static int name_ok(const char *name)
{
	if (!*name)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

void hw_attr(struct hw *w, const char *name, const char *value)
{
	/* Attribute names come from our own code; refuse anything odd. */
	if (!name_ok(name)) {
		w->failed = 1;
		return;
	}
	put(w, " ", 1);
	put(w, name, strlen(name));
	put(w, "=\"", 2);
	hw_text(w, value ? value : "");
	put(w, "\"", 1);
}

void hw_attrf(struct hw *w, const char *name, const char *fmt, ...)
{
	struct buf tmp = BUF_INIT(MAX_URL_BYTES * 4);
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(&tmp, fmt, ap))
		w->failed = 1;
	va_end(ap);
	hw_attr(w, name, buf_cstr(&tmp));
	buf_release(&tmp);
}

void hw_url_arg(struct hw *w, const char *s)
{
	struct buf tmp = BUF_INIT(MAX_PAGE_BYTES);
	if (form_encode(&tmp, str_from(s)))
		w->failed = 1;
	put(w, buf_cstr(&tmp), tmp.len);
	buf_release(&tmp);
}

void hw_markup(struct hw *w, const struct buf *b)
{
	put(w, buf_cstr(b), b->len);
}

int hw_status(const struct hw *w)
{
	return w->failed ? ERR_TOO_LARGE : 0;
}
