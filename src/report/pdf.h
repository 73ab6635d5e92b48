/*
 * pdf.h: printable documents drawn with cairo and pango: invitation
 * letters with a QR code for staff without e-mail, and the respondent's
 * personal feedback. Fonts: DejaVu Sans (fonts-dejavu-core).
 */
#ifndef HARTSLAG_PDF_H
#define HARTSLAG_PDF_H

#include "core/instrument.h"
#include "core/lang.h"
#include "core/util.h"
#include "store/store.h"

struct letter {
	const char *first_name;
	const char *last_name;
	const char *unit_name;
	enum lang lang;
	const char *url; /* the personal link, printed and as QR code */
};

struct letters_info {
	const char *org_name;
	const char *wave_title;
	const char *closes; /* "YYYY-MM-DD" */
	int min_group;
	const char *help_trusted;
	const char *help_advisor;
};

/*
 * Draws one A4 page per letter, each in the letter's language: who sends
 * it, why, how anonymity is protected, the link and its QR code, the
 * closing date, whom to ask. Appends the PDF to out. Returns 0, or
 * ERR_TOO_LARGE / ERR_GENERIC.
 */
int pdf_letters(const struct letters_info *info, const struct letter *letters, size_t n,
		struct buf *out);

/*
 * Draws the personal feedback: one bar per scale with its zone, the
 * plain-language text of the zone, and where to get help. scores has
 * ins->nscales entries (NAN for no score). Appends the PDF to out.
 */
int pdf_feedback(const struct instrument *ins, const double *scores, enum lang lang,
		 const struct org_settings *org, struct buf *out);

#endif
