/*
 * fuzz_csv.c: reads every record of the input, checks the reader's
 * promises (limits, UTF-8, lines), then writes the records back with the
 * writer and reads them again: the same fields must come back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A record the writer turns into a blank line, which readers skip. */
static int blank_record(const struct csv_row *row)
{
	return row->n == 1 && row->f[0].len == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct csv_reader r;
	struct csv_row row;
	struct diag d;
	struct buf out = BUF_INIT(16 * (size_t)MAX_CSV_BYTES);
	long records = 0;
	long last_line = 0;
	int rc;
	/* Messages in every language by turns, so their formats run too. */
	enum lang lang = (enum lang)(size % LANG_COUNT);

	if (csv_open(&r, in, size, lang, &d) < 0) {
		csv_release(&r);
		return 0;
	}
	char sep = r.sep;
	if (sep != ',' && sep != ';')
		abort();
	/* A BOM first, so that a BOM inside the first field survives. */
	buf_append(&out, "\xef\xbb\xbf", 3);
	while ((rc = csv_next(&r, &row, &d)) == 1) {
		if (row.n < 1 || row.n > MAX_CSV_FIELDS || row.line <= last_line)
			abort();
		last_line = row.line;
		for (size_t i = 0; i < row.n; i++) {
			struct str v = row.f[i];
			if (v.len > MAX_CSV_FIELD_BYTES || !utf8_valid(v.p, v.len))
				abort();
			if (i && buf_putc(&out, sep))
				abort();
			if (csv_put_field(&out, row.f[i], sep, 0))
				abort();
		}
		if (csv_end_row(&out))
			abort();
		records++;
	}
	if (rc < 0) {
		if (d.line < 1)
			abort();
		/* Errors are sticky: the cursor did not move. */
		struct diag d2;
		if (csv_next(&r, &row, &d2) != rc || d2.line != d.line)
			abort();
	}
	csv_release(&r);

	/* Read the original and the rewritten data side by side. */
	struct csv_reader a, b;
	struct csv_row ra, rb;
	if (csv_open(&a, in, size, lang, &d) < 0 || csv_open(&b, out.p, out.len, lang, &d) < 0)
		abort();
	b.sep = sep;
	for (long k = 0; k < records; k++) {
		if (csv_next(&a, &ra, &d) != 1)
			abort();
		if (blank_record(&ra))
			continue;
		if (csv_next(&b, &rb, &d) != 1 || ra.n != rb.n)
			abort();
		for (size_t i = 0; i < ra.n; i++)
			if (ra.f[i].len != rb.f[i].len ||
			    memcmp(ra.f[i].p, rb.f[i].p, ra.f[i].len) != 0)
				abort();
	}
	if (csv_next(&b, &rb, &d) != 0)
		abort();
	csv_release(&a);
	csv_release(&b);
	buf_release(&out);
	return 0;
}
