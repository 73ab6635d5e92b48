/*
 * fuzz_screen.c: screens the input as a comment, with a few names taken
 * from its first line. The result must be valid UTF-8 (invalid input
 * bytes become U+FFFD), keep no name as a whole word, and stay the same
 * when screened again (screening is idempotent).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/suppress.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	/* first line: names separated by commas; the rest: the comment */
	const char *nl = memchr(data, '\n', size);
	size_t hl = nl ? (size_t)(nl - (const char *)data) : 0;
	char *head = xstrndup((const char *)data, hl);
	char *text = nl ? xstrndup(nl + 1, size - hl - 1) : xstrndup((const char *)data, size);
	const char *names[8];
	size_t nn = 0;
	for (char *p = head; *p && nn < ARRAY_SIZE(names);) {
		names[nn++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	char *out = screen_comment(text, names, nn);
	size_t ol = strlen(out);
	if (ol && !utf8_valid(out, ol))
		abort();
	char *again = screen_comment(out, names, nn);
	if (strcmp(out, again) != 0)
		abort();
	free(again);
	free(out);
	free(text);
	free(head);
	return 0;
}
