/*
 * csv.c: an RFC 4180 reader and writer. The reader is a small state
 * machine over the whole (borrowed) input: a record is a run of fields
 * separated by r->sep and ended by CRLF, LF, a lone CR or the end of the
 * data. Fields that need no unescaping point into the input; quoted fields
 * with doubled quotes are unescaped into the reader's capped scratch
 * buffer, which is reused for every record.
 *
 * Leniencies, each chosen because Excel or hand-edited files produce them:
 * spaces and tabs after a closing quote are ignored, a quote inside an
 * unquoted field is an ordinary character, and a lone CR is a line break
 * (old Mac exports). Everything else that RFC 4180 forbids is an error.
 */
#include "csv.h"

#include <string.h>

#include "i18n.h"

/* Room for every field of one record at its maximum size. */
#define SCRATCH_MAX ((size_t)MAX_CSV_FIELDS * MAX_CSV_FIELD_BYTES)

/* Length of the line break at p (CRLF, LF or CR), or 0 when there is none. */
static size_t eol_len(const char *p, const char *end)
{
	if (p >= end)
		return 0;
	if (*p == '\n')
		return 1;
	if (*p == '\r')
		return (p + 1 < end && p[1] == '\n') ? 2 : 1;
	return 0;
}

/*
 * Finds the line of the first invalid UTF-8 sequence or NUL byte, for the
 * message. Only called once utf8_valid() has said the data is bad.
 */
static int text_error(const char *data, size_t len, enum lang l, struct diag *d)
{
	const char *p = data;
	const char *end = data + len;
	long line = 1;

	while (p < end) {
		const char *s = p;
		while (p < end && *p != '\n' && *p != '\r')
			p++;
		if (memchr(s, '\0', (size_t)(p - s)))
			return diag_set(d, line, T(l, "NUL byte in the data; this is not a text "
				"file (save it as 'CSV UTF-8')"));
		if (!utf8_valid(s, (size_t)(p - s)))
			return diag_set(d, line, T(l, "invalid UTF-8; the file may be in "
				"Windows-1252 or Latin-1 (save it as 'CSV UTF-8')"));
		size_t n = eol_len(p, end);
		p += n;
		line++;
	}
	/* utf8_valid() failed on the whole but on no line: cannot happen,
	 * since line breaks never fall inside a sequence. Report it anyway. */
	return diag_set(d, 0, T(l, "invalid UTF-8"));
}

/*
 * Picks the separator from the first non-blank record: the one of ',' and
 * ';' that occurs more often outside quotes, ';' on a tie (Belgian Excel
 * writes ';').
 */
static char detect_sep(const char *p, const char *end)
{
	size_t commas = 0, semis = 0;
	int quoted = 0;

	while (eol_len(p, end))
		p += eol_len(p, end);
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semis++;
	}
	return commas > semis ? ',' : ';';
}

/*
 * Opens data for reading. The reader borrows data and owns its scratch
 * buffer: call csv_release() in every case, also after an error. Messages
 * are in lang, also those of csv_next(). Returns 0, or
 * ERR_INVALID/ERR_TOO_LARGE with d set; after an error csv_next() reads
 * nothing.
 */
int csv_open(struct csv_reader *r, const char *data, size_t len, enum lang lang,
	     struct diag *d)
{
	const unsigned char *u = (const unsigned char *)data;

	memset(r, 0, sizeof(*r));
	buf_init(&r->scratch, SCRATCH_MAX);
	r->sep = ';';
	r->line = 1;
	r->lang = lang;
	if (!data) {
		data = "";
		len = 0;
	}
	r->p = data;
	r->end = data;
	if (len > (size_t)MAX_CSV_BYTES) {
		diag_set(d, 0, T(lang, "the file is larger than %ld MiB"),
			 MAX_CSV_BYTES / (1024 * 1024));
		return ERR_TOO_LARGE;
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return diag_set(d, 1, T(lang, "the file is in UTF-16; save it as 'CSV UTF-8'"));
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	if (!utf8_valid(data, len))
		return text_error(data, len, lang, d);
	r->p = data;
	r->end = data + len;
	r->sep = detect_sep(r->p, r->end);
	return 0;
}

/* Appends the content of a quoted field, turning each "" into ". */
static int unescape(struct buf *b, const char *s, const char *e)
{
	while (s < e) {
		const char *q = memchr(s, '"', (size_t)(e - s));
		if (!q)
			return buf_append(b, s, (size_t)(e - s));
		/* A quote inside the content is always the first of a pair. */
		if (buf_append(b, s, (size_t)(q - s) + 1))
			return ERR_TOO_LARGE;
		s = q + 2;
	}
	return 0;
}

/*
 * Reads one record. The fields borrow from the input or from the scratch
 * buffer, valid until the next call. On error the cursor does not move, so
 * the same error comes back on the next call.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct diag *d)
{
	const char *p = r->p;
	const char *end = r->end;
	long line = r->line;
	size_t off[MAX_CSV_FIELDS];
	unsigned char in_scratch[MAX_CSV_FIELDS];
	size_t n;

	row->n = 0;
	while ((n = eol_len(p, end)) != 0) {
		p += n;
		line++;
	}
	if (p >= end) {
		r->p = p;
		r->line = line;
		return 0;
	}
	if (r->rows >= MAX_CSV_ROWS) {
		diag_set(d, line, T(r->lang, "more than %d records in the file"), MAX_CSV_ROWS);
		return ERR_TOO_LARGE;
	}
	buf_reset(&r->scratch);
	row->line = line;
	for (;;) {
		size_t i = row->n;
		if (i == MAX_CSV_FIELDS) {
			diag_set(d, row->line, T(r->lang, "more than %d fields in one record"),
				 MAX_CSV_FIELDS);
			goto fail_large;
		}
		row->n++;
		in_scratch[i] = 0;
		if (p < end && *p == '"') {
			long qline = line;
			const char *s = ++p;
			size_t flen = 0;
			int doubled = 0;
			for (;;) {
				if (flen > MAX_CSV_FIELD_BYTES) {
					diag_set(d, line, T(r->lang, "field %zu is longer than "
						 "%d bytes"), i + 1, MAX_CSV_FIELD_BYTES);
					goto fail_large;
				}
				if (p >= end) {
					diag_set(d, qline, T(r->lang, "quote opened on this "
						 "line is never closed (field %zu)"), i + 1);
					goto fail;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						doubled = 1;
						p += 2;
						flen++;
						continue;
					}
					break;
				}
				n = eol_len(p, end);
				if (n) {
					line++;
					p += n;
					flen += n;
				} else {
					p++;
					flen++;
				}
			}
			if (doubled) {
				off[i] = r->scratch.len;
				in_scratch[i] = 1;
				if (unescape(&r->scratch, s, p)) {
					diag_set(d, line, T(r->lang, "record too large"));
					goto fail_large;
				}
				row->f[i].p = NULL;
				row->f[i].len = r->scratch.len - off[i];
			} else {
				row->f[i].p = s;
				row->f[i].len = (size_t)(p - s);
			}
			p++; /* the closing quote */
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end && *p != r->sep && !eol_len(p, end)) {
				diag_set(d, line, T(r->lang, "text after closing quote in field "
					 "%zu"), i + 1);
				goto fail;
			}
		} else {
			const char *s = p;
			while (p < end && *p != r->sep && *p != '\n' && *p != '\r')
				p++;
			if ((size_t)(p - s) > MAX_CSV_FIELD_BYTES) {
				diag_set(d, line, T(r->lang, "field %zu is longer than %d bytes"),
					 i + 1, MAX_CSV_FIELD_BYTES);
				goto fail_large;
			}
			row->f[i].p = s;
			row->f[i].len = (size_t)(p - s);
		}
		if (p < end && *p == r->sep) {
			p++;
			continue;
		}
		n = eol_len(p, end);
		p += n;
		if (n)
			line++;
		break;
	}
	for (size_t i = 0; i < row->n; i++)
		if (in_scratch[i])
			row->f[i].p = r->scratch.p + off[i];
	r->p = p;
	r->line = line;
	r->rows++;
	return 1;
fail_large:
	row->n = 0;
	return ERR_TOO_LARGE;
fail:
	row->n = 0;
	return ERR_INVALID;
}

/* Frees the scratch buffer; the reader reads nothing afterwards. */
void csv_release(struct csv_reader *r)
{
	buf_release(&r->scratch);
	r->p = r->end;
}

/*
 * Appends one field, quoted when needed and neutralised against formula
 * injection on request. On ERR_TOO_LARGE b is released (buf_append).
 */
int csv_put_field(struct buf *b, struct str s, char sep, int neutralise)
{
	int quote = 0;
	int prefix = 0;

	if (neutralise && s.len) {
		switch (s.p[0]) {
		case '=':
		case '+':
		case '-':
		case '@':
		case '\t':
		case '\r':
			prefix = 1;
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < s.len && !quote; i++)
		if (s.p[i] == sep || s.p[i] == '"' || s.p[i] == '\r' || s.p[i] == '\n')
			quote = 1;
	if (!quote) {
		if (prefix && buf_putc(b, '\''))
			return ERR_TOO_LARGE;
		return buf_append(b, s.p, s.len);
	}
	if (buf_putc(b, '"') || (prefix && buf_putc(b, '\'')))
		return ERR_TOO_LARGE;
	const char *p = s.p;
	const char *e = s.p + s.len;
	while (p < e) {
		const char *q = memchr(p, '"', (size_t)(e - p));
		size_t n = q ? (size_t)(q - p) + 1 : (size_t)(e - p);
		if (buf_append(b, p, n) || (q && buf_putc(b, '"')))
			return ERR_TOO_LARGE;
		p += n;
	}
	return buf_putc(b, '"');
}

/* Appends "\r\n", the record separator of RFC 4180. */
int csv_end_row(struct buf *b)
{
	return buf_append(b, "\r\n", 2);
}
