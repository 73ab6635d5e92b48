/*
 * csv.h: an RFC 4180 reader and writer for files as HR systems export
 * them: UTF-8 with or without BOM, ',' or ';' separators (detected from
 * the header line), quoted fields with doubled quotes and embedded line
 * breaks, CRLF or LF. Hard limits from limits.h. The reader never
 * allocates per field: fields point into the input or into the reader's
 * own capped scratch buffer.
 */
#ifndef HARTSLAG_CSV_H
#define HARTSLAG_CSV_H

#include "lang.h"
#include "util.h"

struct csv_row {
	size_t n;                     /* number of fields */
	struct str f[MAX_CSV_FIELDS]; /* borrowed until the next csv_next() */
	long line;                    /* line number where the record starts */
};

struct csv_reader {
	const char *p;   /* cursor */
	const char *end;
	char sep;        /* ',' or ';' */
	long line;       /* current line, 1-based */
	struct buf scratch; /* unescaped quoted fields of the current row */
	long rows;
	enum lang lang;  /* of the messages in d */
};

/*
 * Starts reading data (borrowed; must outlive the reader). Strips a UTF-8
 * BOM, rejects invalid UTF-8 and NUL bytes, detects the separator from the
 * first line. The messages that csv_open() and csv_next() put in d are in
 * lang. Returns 0 or ERR_INVALID/ERR_TOO_LARGE with d set.
 */
int csv_open(struct csv_reader *r, const char *data, size_t len, enum lang lang,
	     struct diag *d);
/*
 * Reads the next record into row. Returns 1 when a record was read, 0 at
 * the end of the data, or ERR_INVALID/ERR_TOO_LARGE with d set (d->line
 * is the line of the fault). Blank lines are skipped.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct diag *d);
void csv_release(struct csv_reader *r);

/*
 * Appends one field to b, quoted when it holds the separator, a quote or
 * a line break. With neutralise set, a field starting with = + - @ tab or
 * CR is prefixed with ' so that spreadsheet programs do not run it as a
 * formula. Returns 0 or ERR_TOO_LARGE.
 */
int csv_put_field(struct buf *b, struct str s, char sep, int neutralise);
/* Appends the record separator "\r\n". */
int csv_end_row(struct buf *b);

#endif
