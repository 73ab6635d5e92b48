/*
 * fuzz_absence_period.c: the ?period= value of the absence pages
 * (absence_period_parse): anything a browser can send. A period that
 * parses is a real span with the span before it ending the day before, and
 * its own key parses to the same period.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/absence_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	struct absence_period p, q;
	const int32_t today = day_from_ymd(2026, 11, 26);

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (absence_period_parse(s, today, &p))
		return 0;
	if (p.from > p.to || p.prev_from > p.prev_to || p.prev_to != p.from - 1 ||
	    p.from < DAY_MIN || p.to > DAY_MAX || memchr(p.key, '\0', sizeof(p.key)) == NULL)
		abort();
	if (absence_period_parse(p.key, today, &q) || q.from != p.from || q.to != p.to)
		abort();
	return 0;
}
