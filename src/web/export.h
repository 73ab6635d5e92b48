/*
 * export.h: the personal links of a wave, as a CSV for mail merge and as
 * printable letters, for the web pages and the command line alike.
 */
#ifndef HARTSLAG_EXPORT_H
#define HARTSLAG_EXPORT_H

#include "core/util.h"
#include "store/store.h"

/*
 * Appends the CSV (UTF-8 with BOM, ';', formulas neutralised) of the
 * personal links of wave id that have not been used, with base as the
 * start of each link ("https://host"). Returns 0 or an error.
 */
int export_links(struct store *st, long id, const char *base, struct buf *out);
/*
 * Appends a PDF with one letter per unused invitation of wave id: only
 * those without an e-mail address unless all is set. Sets *count to the
 * number of letters (0: nothing appended). Returns 0 or an error.
 */
int export_letters(struct store *st, long id, const char *base, int all, struct buf *out,
		   size_t *count);

#endif
