/*
 * export.h: a group report leaves Hartslag as CSV, XLSX, PDF or JSON. Every
 * format is drawn from a loaded struct report through its views only
 * (report_figure, report_scale_view, report_points, report_respondents),
 * so an export never shows more than the report pages: a figure the
 * suppression hides is an empty field, a "hidden" marker or
 * {"hidden": true}, never a number.
 *
 * An export covers one wave (an index into r->waves) and one unit with
 * all units below it (the root: the whole organisation), in one language.
 */
#ifndef HARTSLAG_REPORT_EXPORT_H
#define HARTSLAG_REPORT_EXPORT_H

#include "core/lang.h"
#include "core/util.h"
#include "report/report.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_XLSX,
	EXPORT_PDF,
	EXPORT_JSON,
};

/* Ceiling of one export in memory. */
#define MAX_EXPORT_BYTES MAX_PDF_BYTES

/* Parses "csv", "xlsx", "pdf" or "json". Returns 0 and sets *out, or -1. */
int export_format_parse(const char *s, enum export_format *out);
/* "csv", ...: the file extension of a format. */
const char *export_format_ext(enum export_format f);
/* The media type of a format (a literal). */
const char *export_format_type(enum export_format f);

/*
 * Appends the export of unit u (index into r->units) and the units below
 * it, wave w (index into r->waves), in lang, to out:
 *
 * - CSV: UTF-8 with BOM, ';', one row per unit and scale; a hidden figure
 *   has empty number fields and "hidden" in the last column; every text
 *   field neutralised against formula injection.
 * - XLSX: sheets Overview (units x scales, zone formats, legend), Scales
 *   (the rows of the CSV) and About. Built in a private temporary file
 *   (mode 0600 in $TMPDIR or /tmp) that is removed before returning.
 * - PDF: the unit report (the organisation report for the root).
 * - JSON: the figures of the CSV with the named units of the tree;
 *   hidden figures as {"hidden": true}.
 *
 * Returns 0; ERR_INVALID for a wave or unit out of range; ERR_TOO_LARGE
 * past out's ceiling (out is then released); ERR_IO or ERR_GENERIC when
 * a library failed. r is borrowed; the caller owns out.
 */
int export_report(const struct report *r, size_t w, int u, enum lang lang,
		  enum export_format f, struct buf *out);

int export_csv(const struct report *r, size_t w, int u, enum lang lang, struct buf *out);
int export_xlsx(const struct report *r, size_t w, int u, enum lang lang, struct buf *out);
int export_pdf(const struct report *r, size_t w, int u, enum lang lang, struct buf *out);
int export_json(const struct report *r, size_t w, int u, enum lang lang, struct buf *out);

/* 1 when unit u is unit top or lies below it in r's tree. */
int export_unit_within(const struct report *r, int u, int top);

#endif
