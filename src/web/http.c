/*
 * http.c: cookie, path and header parsing; response helpers.
 */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t http_parse_cookies(const char *header, struct cookie *out, size_t max)
{
	size_t n = 0;
	const char *p = header;

	if (!p)
		return 0;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *name = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		if (*p != '=') {
			/* a pair without '=': skip it */
			continue;
		}
		size_t nlen = (size_t)(p - name);
		p++;
		const char *val = p;
		while (*p && *p != ';')
			p++;
		size_t vlen = (size_t)(p - val);
		struct str nm = str_trim((struct str){name, nlen});
		struct str v = str_trim((struct str){val, vlen});
		if (v.len >= 2 && v.p[0] == '"' && v.p[v.len - 1] == '"') {
			v.p++;
			v.len -= 2;
		}
		if (nm.len == 0)
			continue;
		out[n].name = nm;
		out[n].value = v;
		n++;
	}
	return n;
}

struct str http_cookie(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->ncookies; i++)
		if (str_eq_lit(r->cookies[i].name, name))
			return r->cookies[i].value;
	return (struct str){"", 0};
}

char *http_clean_path(const char *raw, size_t max)
{
	size_t len = strlen(raw);
	if (len == 0 || len > max || raw[0] != '/')
		return NULL;
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= len)
				goto bad;
			hi = hex_value(raw[i + 1]);
			lo = hex_value(raw[i + 2]);
			if (hi < 0 || lo < 0)
				goto bad;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			goto bad;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (!utf8_valid(out, o) || strstr(out, "//") || strstr(out, "/../") ||
	    strstr(out, "/./") || (o >= 3 && strcmp(out + o - 3, "/..") == 0) ||
	    (o >= 2 && strcmp(out + o - 2, "/.") == 0))
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

int http_content_type_is(const char *header, const char *type)
{
	if (!header)
		return 0;
	size_t n = strlen(type);
	struct str h = str_from(header);
	const char *semi = memchr(h.p, ';', h.len);
	if (semi)
		h.len = (size_t)(semi - h.p);
	h = str_trim(h);
	return h.len == n && strncasecmp(h.p, type, n) == 0;
}

void resp_init(struct resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	rs->content_type = "text/html; charset=utf-8";
	buf_init(&rs->body, MAX_PDF_BYTES);
}

void resp_release(struct resp *rs)
{
	buf_release(&rs->body);
	free(rs->location);
	free(rs->disposition);
	for (size_t i = 0; i < rs->ncookies; i++)
		free(rs->cookies[i]);
	rs->ncookies = 0;
}

void resp_add_cookie(struct resp *rs, char *value)
{
	if (rs->ncookies < MAX_RESP_COOKIES)
		rs->cookies[rs->ncookies++] = value;
	else
		free(value);
}

int resp_redirect(struct resp *rs, const char *location)
{
	rs->status = 303;
	free(rs->location);
	rs->location = xstrdup(location);
	return 0;
}
