/*
 * fuzz_http.c: cookie header, request path and content-type parsing. The
 * input is split at its first newline: a path, then a Cookie header.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char *nl = memchr(s, '\n', size);
	char *cookie = "";
	if (nl) {
		*nl = '\0';
		cookie = nl + 1;
	}
	char *p = http_clean_path(s, MAX_URL_BYTES);
	if (p) {
		/* a clean path never climbs out */
		if (strstr(p, "/../") || strstr(p, "//"))
			abort();
		free(p);
	}
	struct cookie c[MAX_COOKIES];
	size_t n = http_parse_cookies(cookie, c, MAX_COOKIES);
	for (size_t i = 0; i < n; i++) {
		if (c[i].name.len == 0 || c[i].name.p < cookie ||
		    c[i].value.p + c[i].value.len > cookie + strlen(cookie))
			abort();
	}
	http_content_type_is(cookie, "text/csv");
	free(s);
	return 0;
}
