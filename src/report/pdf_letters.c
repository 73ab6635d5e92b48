/*
 * pdf_letters.c: invitation letters on paper, for staff who have no
 * e-mail at work. One A4 page per employee in the employee's language,
 * with the personal link printed in full and as a QR code.
 *
 * The page fits a DL envelope with a window on the right (the usual one
 * in Belgium and France) when folded in three at the marks in the left
 * margin: the addressee block sits 115 mm from the left, 50 mm from the
 * top. Every text we do not control is clipped to a bounded length, so no
 * name or setting can push the letter onto a second sheet.
 */
#include "core/util.h"

#include <qrencode.h>
#include <string.h>

#include "report/pdf.h"
#include "report/pdf_int.h"

#define LEFT (25 * PDF_MM)
#define WIDTH (165 * PDF_MM)
#define ADDR_X (115 * PDF_MM)
#define ADDR_Y (50 * PDF_MM)
#define ADDR_W (80 * PDF_MM)
#define BODY_Y (95 * PDF_MM)
#define COL_W (104 * PDF_MM)   /* anonymity column; contacts to its right */
#define COL_GAP (8 * PDF_MM)
#define QR_SIZE (38 * PDF_MM)  /* symbol and its quiet zone */
#define QR_QUIET 4             /* modules of white around the symbol */
#define NAME_CHARS 80          /* clip names, titles and contacts to this */
#define HELP_CHARS 160
#define LAST_Y (282 * PDF_MM)  /* the text ends above this */

/*
 * Copies s, cleaned (see pdf_clean), cut after at most max characters
 * with an ellipsis. Caller frees.
 */
static char *clip(const char *s, size_t max)
{
	char *c = pdf_clean(s, 0);
	size_t chars = 0, i = 0;

	for (; c[i]; i++) {
		if (((unsigned char)c[i] & 0xc0) != 0x80 && chars++ == max)
			break;
	}
	if (c[i]) {
		char *t = xasprintf("%.*s…", (int)i, c);
		free(c);
		return t;
	}
	return c;
}

/*
 * Draws the QR code of url at (x, y) as a size x size square with its
 * quiet zone, error correction level M. Rows of dark modules are joined
 * into one rectangle and all are filled as one path, so no viewer shows
 * hairline seams between modules. Returns 0 or ERR_GENERIC.
 */
static int draw_qr(struct pdf_doc *d, const char *url, double x, double y, double size)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return ERR_GENERIC;

	int w = qr->width;
	double m = size / (w + 2 * QR_QUIET);
	pdf_fill_rect(d, x, y, size, size, 0xffffff);
	for (int r = 0; r < w; r++) {
		const unsigned char *row = qr->data + (size_t)r * (size_t)w;
		for (int c = 0; c < w;) {
			if (!(row[c] & 1)) {
				c++;
				continue;
			}
			int start = c;
			while (c < w && (row[c] & 1))
				c++;
			cairo_rectangle(d->cr, x + (QR_QUIET + start) * m, y + (QR_QUIET + r) * m,
					(c - start) * m, m);
		}
	}
	pdf_set_rgb(d, 0x000000);
	cairo_fill(d->cr);
	QRcode_free(qr);
	return 0;
}

/* The link attribute of a cairo link tag, or NULL when url has a quote in it. */
static char *link_attr(const char *url)
{
	if (strpbrk(url, "'\\"))
		return NULL;
	return xasprintf("uri='%s'", url);
}

struct letter_texts {
	char *org;
	char *wave;
	char *closes;
	char *trusted;
	char *advisor;
};

/*
 * Draws one letter on the current page (or only measures it, when d->dry
 * is set) and sets *end to the bottom of its last line. Returns 0 or
 * ERR_GENERIC.
 */
static int draw_letter(struct pdf_doc *d, const struct letters_info *info,
		       const struct letter_texts *tx, const struct letter *lt, double *end)
{
	enum lang l = lt->lang;
	char *first = clip(lt->first_name, NAME_CHARS);
	char *full = xasprintf("%s %s", first, lt->last_name ? lt->last_name : "");
	char *fullc = clip(full, 2 * NAME_CHARS);
	char *unit = clip(lt->unit_name, NAME_CHARS);
	char *s = NULL;
	double y;
	int ret = 0;

	/* Fold marks for a DL envelope, in the margin. */
	pdf_line(d, 0, 99 * PDF_MM, 6 * PDF_MM, 99 * PDF_MM, 0.4, PDF_RULE);
	pdf_line(d, 0, 198 * PDF_MM, 6 * PDF_MM, 198 * PDF_MM, 0.4, PDF_RULE);

	/* Sender. */
	y = 18 * PDF_MM;
	y += pdf_text(d, LEFT, y, 85 * PDF_MM, PDF_HEADING, PDF_INK, tx->org, 2);
	pdf_text(d, LEFT, y + 1, 85 * PDF_MM, PDF_SMALL, PDF_MUTED,
		 T(l, "Survey on well-being at work"), 1);

	/* Addressee, in the envelope window. */
	y = ADDR_Y;
	y += pdf_text(d, ADDR_X, y, ADDR_W, PDF_SMALL, PDF_MUTED, T(l, "Personal"), 1) + 2;
	y += pdf_text(d, ADDR_X, y, ADDR_W, PDF_BOLD, PDF_INK, fullc, 2);
	if (*unit)
		y += pdf_text(d, ADDR_X, y, ADDR_W, PDF_BODY, PDF_INK, unit, 2);
	pdf_text(d, ADDR_X, y, ADDR_W, PDF_BODY, PDF_INK, tx->org, 1);

	/* Subject and why. */
	y = BODY_Y;
	y += pdf_text(d, LEFT, y, WIDTH, PDF_HEADING, PDF_INK, tx->wave, 2) + 3 * PDF_MM;
	if (*first)
		s = xasprintf(T(l, "Dear %s,"), first);
	else
		s = xstrdup(T(l, "Dear colleague,"));
	/* One line whatever the name, so that the height of the rest
	 * depends on the language only (see fit()). */
	y += pdf_text(d, LEFT, y, WIDTH, PDF_BODY, PDF_INK, s, 1) + 2 * PDF_MM;
	free(s);
	s = xasprintf(T(l, "%s invites you to take part in this survey on well-being at work. "
			       "It asks how you experience your work: what costs you energy and "
			       "what gives you energy. The results show your team and the "
			       "organisation what goes well and what should improve, so that we "
			       "can choose actions together."),
		      tx->org);
	char *when = xasprintf(T(l, "Answering takes about 15 minutes. You can answer until "
					"%s."),
			       tx->closes);
	char *para = xasprintf("%s %s", s, when);
	y += pdf_text(d, LEFT, y, WIDTH, PDF_BODY, PDF_INK, para, 0) + 4 * PDF_MM;
	free(s);
	free(when);
	free(para);

	/* How to answer: the QR code and the link. */
	double box_y = y, pad = 3.5 * PDF_MM;
	double tx_x = LEFT + pad + QR_SIZE + 6 * PDF_MM;
	double tx_w = LEFT + WIDTH - pad - tx_x;
	pdf_fill_rect(d, LEFT, box_y, WIDTH, QR_SIZE + 2 * pad, PDF_TINT);
	if (!d->dry && draw_qr(d, lt->url, LEFT + pad, box_y + pad, QR_SIZE)) {
		ret = ERR_GENERIC;
		goto out;
	}
	y = box_y + pad + 1 * PDF_MM;
	y += pdf_text(d, tx_x, y, tx_w, PDF_HEADING, PDF_INK, T(l, "How to answer"), 1) + 2;
	y += pdf_text(d, tx_x, y, tx_w, PDF_BODY, PDF_INK,
		      T(l, "Scan the code with the camera of your phone, or type this link "
			   "in a web browser:"),
		      3) + 2 * PDF_MM;
	char *attr = d->dry ? NULL : link_attr(lt->url);
	if (attr)
		cairo_tag_begin(d->cr, CAIRO_TAG_LINK, attr);
	y += pdf_text(d, tx_x, y, tx_w, PDF_MONO, 0x000000, lt->url, 5) + 2 * PDF_MM;
	if (attr) {
		cairo_tag_end(d->cr, CAIRO_TAG_LINK);
		free(attr);
	}
	if (y < box_y + QR_SIZE + pad - 4 * PDF_MM)
		pdf_text(d, tx_x, y, tx_w, PDF_SMALL, PDF_MUTED,
			 T(l, "Keep this letter to yourself: the link is yours alone."), 2);
	y = box_y + QR_SIZE + 2 * pad + 4.5 * PDF_MM;

	/* Anonymity on the left, whom to ask on the right. */
	int ask = *tx->trusted || *tx->advisor;
	double lw = ask ? COL_W : WIDTH, rx = LEFT + COL_W + COL_GAP;
	double rw = WIDTH - COL_W - COL_GAP;
	double yl = y, yr = y;
	yl += pdf_text(d, LEFT, yl, lw, PDF_HEADING, PDF_INK, T(l, "Your answers are anonymous"),
		       2) + 1.5 * PDF_MM;
	const char *points[3];
	char *group = xasprintf(T(l, "Results are shown only for groups of at least %d "
					 "people."),
				info->min_group);
	points[0] = T(l, "No one in the organisation sees your individual answers.");
	points[1] = group;
	points[2] = T(l, "The link is personal and can be used to answer once. It is not stored "
			 "with your answers, so they cannot be traced back to you.");
	for (size_t i = 0; i < ARRAY_SIZE(points); i++) {
		pdf_text(d, LEFT + 0.5 * PDF_MM, yl, 4 * PDF_MM, PDF_BODY, PDF_INK, "•", 1);
		yl += pdf_text(d, LEFT + 4 * PDF_MM, yl, lw - 4 * PDF_MM, PDF_BODY, PDF_INK,
			       points[i], 0) + 0.8 * PDF_MM;
	}
	free(group);

	if (ask) {
		yr += pdf_text(d, rx, yr, rw, PDF_HEADING, PDF_INK, T(l, "Questions?"), 1) +
		      1.5 * PDF_MM;
		yr += pdf_text(d, rx, yr, rw, PDF_SMALL, PDF_INK,
			       T(l, "About this survey, or to talk to someone in confidence:"), 0)
		      + 1.5 * PDF_MM;
		const char *who[2][2] = {
			{T(l, "Trusted person"), tx->trusted},
			{T(l, "Prevention advisor for psychosocial aspects"), tx->advisor},
		};
		for (size_t i = 0; i < ARRAY_SIZE(who); i++) {
			if (!*who[i][1])
				continue;
			yr += pdf_text(d, rx, yr, rw, PDF_SMALL, PDF_MUTED, who[i][0], 0) + 0.5;
			yr += pdf_text(d, rx, yr, rw, PDF_SMALL, PDF_INK, who[i][1], 0) +
			      1.5 * PDF_MM;
		}
	}
	double bottom = yl > yr ? yl : yr;
	if (ask)
		pdf_line(d, rx - COL_GAP / 2, y, rx - COL_GAP / 2, bottom - 1 * PDF_MM, 0.5,
			 PDF_RULE);
	y = bottom + 3 * PDF_MM;

	/* Closing. */
	y += pdf_text(d, LEFT, y, WIDTH, PDF_BOLD, PDF_INK, T(l, "Thank you for taking part."), 2);
	*end = y;
out:
	free(first);
	free(full);
	free(fullc);
	free(unit);
	return ret;
}

/*
 * Finds the largest text scale at which the letter ends above the bottom
 * margin, by measuring it. Long names of the organisation, the wave or
 * the contacts make the text smaller rather than cut or off the paper.
 */
static int fit(struct pdf_doc *d, const struct letters_info *info,
	       const struct letter_texts *tx, const struct letter *lt, double *scale)
{
	static const double scales[] = {1.0, 0.94, 0.88, 0.82, 0.76, 0.7};
	int ret = 0;
	double end = 0;

	d->dry = 1;
	for (size_t i = 0; i < ARRAY_SIZE(scales); i++) {
		pdf_doc_scale(d, scales[i]);
		*scale = scales[i];
		ret = draw_letter(d, info, tx, lt, &end);
		if (ret || end <= LAST_Y)
			break;
	}
	d->dry = 0;
	return ret;
}

/*
 * Draws one A4 letter per entry of letters (see pdf.h) and appends the
 * PDF to out. Returns 0; ERR_INVALID when there are no letters, no
 * organisation name or closing date, a letter has no link or one longer
 * than MAX_URL_BYTES, or min_group is below 3 (a letter must not promise
 * less than the rules keep); ERR_TOO_LARGE past out's ceiling (out is
 * then released, as buf_append does); ERR_GENERIC when drawing failed
 * (out is left as it was). info and letters are borrowed; the caller
 * owns out.
 */
int pdf_letters(const struct letters_info *info, const struct letter *letters, size_t n,
		struct buf *out)
{
	struct pdf_doc d;
	struct letter_texts tx = {0};
	size_t start = out->len;
	int ret;

	if (!info || !letters || n == 0 || info->min_group < 3 || !info->org_name ||
	    !*info->org_name || !info->closes || !*info->closes)
		return ERR_INVALID;
	for (size_t i = 0; i < n; i++) {
		if (!letters[i].url || !*letters[i].url || strlen(letters[i].url) > MAX_URL_BYTES)
			return ERR_INVALID;
	}

	tx.org = clip(info->org_name, NAME_CHARS);
	tx.wave = clip(info->wave_title, NAME_CHARS);
	tx.trusted = clip(info->help_trusted, HELP_CHARS);
	tx.advisor = clip(info->help_advisor, HELP_CHARS);
	ret = pdf_doc_begin(&d, out, info->wave_title, info->org_name);
	if (ret)
		goto out;
	/* The height of a letter depends on its language only, so each
	 * language is fitted once. */
	double scale[LANG_COUNT + 1] = {0};
	for (size_t i = 0; i < n && ret == 0; i++) {
		char date[64];
		double end;
		enum lang l = letters[i].lang;
		size_t k = (unsigned)l < LANG_COUNT ? (size_t)l : LANG_COUNT;
		pdf_format_date(date, sizeof(date), info->closes, l);
		tx.closes = date;
		if (scale[k] == 0)
			ret = fit(&d, info, &tx, &letters[i], &scale[k]);
		if (ret == 0) {
			if (d.scale != scale[k])
				pdf_doc_scale(&d, scale[k]);
			ret = draw_letter(&d, info, &tx, &letters[i], &end);
		}
		tx.closes = NULL;
		pdf_page_break(&d);
	}
	int end = pdf_doc_end(&d);
	if (ret == 0)
		ret = end;
	else if (end == 0 && out->p) {
		/* drawing failed: take back what the finished document wrote */
		out->len = start;
		out->p[start] = '\0';
	}
out:
	free(tx.org);
	free(tx.wave);
	free(tx.trusted);
	free(tx.advisor);
	return ret;
}
