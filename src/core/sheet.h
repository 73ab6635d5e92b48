/*
 * sheet.h: a CSV file whose first line names its columns, read row by row
 * onto named fields, for the imports (org.c: units and employees;
 * absence_import.c: absences and HR events). Header names are matched
 * after normalising (sheet_norm) against each field's accepted names in
 * nl, fr and en; missing required columns, a column claimed twice, rows
 * longer than the header and CSV syntax errors go to the import report in
 * the user's language. A CSV syntax error stops reading.
 */
#ifndef HARTSLAG_SHEET_H
#define HARTSLAG_SHEET_H

#include <stddef.h>

#include "csv.h"
#include "org.h"

/* Enough for any header or value name we know; longer ones cannot match. */
#define SHEET_MAX_WORD 48
#define SHEET_MAX_FIELDS 16

struct sheet_field {
	const char *label;        /* N_() text: what the column holds ("unit id") */
	const char *const *names; /* accepted header names, normalised; canonical first */
	int required;
	/*
	 * N_() text of the whole sentence for two columns that both hold this
	 * field ('%s' twice: their names), or NULL for the shared sentence
	 * built around the label.
	 */
	const char *doubled;
};

struct sheet {
	struct csv_reader csv;
	struct csv_row row;
	const struct sheet_field *spec;
	size_t nspec;
	int col[SHEET_MAX_FIELDS]; /* column of each field, or -1 */
	size_t ncols;              /* fields in the header line */
	long header_line;
	int stopped;               /* a CSV syntax error ended reading */
	int open;                  /* the reader needs releasing */
};

/*
 * Normalises a header name or a value: trims, lower-cases ASCII and the
 * Latin-1 capitals (UTF-8 C3 80..C3 9E, so "UNITÉ" matches "unité") and
 * turns spaces, '-' and '/' into '_'. Returns 0, or -1 when it does not
 * fit in cap bytes.
 */
int sheet_norm(struct str s, char *out, size_t cap);

/* A value quoted for a message: at most 60 bytes, control bytes as '?'. */
struct quoted {
	char s[72];
};
const char *quote(struct quoted *q, struct str v);

/*
 * Opens data as a sheet and maps its header line onto the nspec (at most
 * SHEET_MAX_FIELDS) fields of spec; what names the file in messages.
 * Returns 0, or -1 when it cannot be read (the problems are in rep).
 * Always close it with sheet_close.
 */
int sheet_open(struct sheet *s, const char *data, size_t len, const struct sheet_field *spec,
	       size_t nspec, const char *what, struct import_report *rep);
/*
 * Reads the next data row, skipping rows that are entirely blank (Excel
 * writes ";;;" for empty lines) and reporting rows with more non-empty
 * fields than the header. Returns 1, 0 at the end, or -1 after a CSV
 * syntax error (reported).
 */
int sheet_next(struct sheet *s, struct import_report *rep);
/* The trimmed value of field in the current row ("" when absent). */
struct str sheet_get(const struct sheet *s, int field);
void sheet_close(struct sheet *s);

#endif
