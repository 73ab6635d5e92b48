/*
 * sheet.c: CSV files with a header line, read onto named fields (sheet.h),
 * shared by the imports of units, employees, absences and HR events.
 */
#include "sheet.h"

#include <string.h>

#include "i18n.h"

int sheet_norm(struct str s, char *out, size_t cap)
{
	size_t o = 0;
	s = str_trim(s);
	if (s.len >= cap)
		return -1;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == ' ' || c == '-' || c == '/')
			c = '_';
		else if (c >= 0x80 && c <= 0x9e && c != 0x97 && i > 0 &&
			 (unsigned char)s.p[i - 1] == 0xc3)
			c = (unsigned char)(c + 0x20);
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

const char *quote(struct quoted *q, struct str v)
{
	size_t n = v.len;
	size_t o = 0;
	int cut = 0;
	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)v.p[n] & 0xc0) == 0x80)
			n--;
		cut = 1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v.p[i];
		q->s[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(q->s + o, "...", 3);
		o += 3;
	}
	q->s[o] = '\0';
	return q->s;
}

/*
 * Reports the required columns that the header line lacks, with the names
 * each would go by and what the header holds instead. The lists are
 * language-neutral (quoted names); the sentences around them come whole
 * from the catalog.
 */
static void sheet_header_error(struct sheet *s, struct import_report *rep, const char *what)
{
	enum lang l = rep->lang;
	struct buf cols = BUF_INIT(4096);  /* the missing columns */
	struct buf alias = BUF_INIT(1024); /* the other names of one column */
	struct buf seen = BUF_INIT(2048);  /* the header as it reads */
	size_t missing = 0;

	for (size_t k = 0; k < s->nspec; k++) {
		const struct sheet_field *f = &s->spec[k];
		if (!f->required || s->col[k] >= 0)
			continue;
		if (missing++)
			/* TRANSLATORS: between the columns listed as missing */
			buf_puts(&cols, T(l, "; "));
		buf_reset(&alias);
		for (size_t j = 1; f->names[j]; j++)
			buf_printf(&alias, "%s'%s'", j > 1 ? ", " : "", f->names[j]);
		if (alias.len)
			buf_printf(&cols, T(l, "'%s' (%s; also accepted: %s)"), f->names[0],
				   T(l, f->label), buf_cstr(&alias));
		else
			buf_printf(&cols, T(l, "'%s' (%s)"), f->names[0], T(l, f->label));
	}
	for (size_t i = 0; i < s->row.n && i < 16; i++) {
		struct quoted q;
		buf_printf(&seen, "%s'%s'", i ? ", " : "", quote(&q, str_trim(s->row.f[i])));
	}
	if (s->row.n > 16)
		buf_puts(&seen, ", ...");
	/* TRANSLATORS: %s: the missing columns, the file name, the header's fields */
	import_report_add(rep, s->row.line, NT(l, "missing required column %s in %s; the first "
					       "line must name the columns, it reads: %s",
					       "missing required columns %s in %s; the first "
					       "line must name the columns, it reads: %s",
					       (long)missing),
			  buf_cstr(&cols), what, buf_cstr(&seen));
	buf_release(&cols);
	buf_release(&alias);
	buf_release(&seen);
}

/* Reports two header columns a and b that both match field f. */
static void report_doubled(struct import_report *rep, long line, const struct sheet_field *f,
			   const char *a, const char *b)
{
	enum lang l = rep->lang;
	if (f->doubled) {
		/* a constant N_() sentence of the importer's table, with two '%s' */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		import_report_add(rep, line, T(l, f->doubled), a, b);
#pragma GCC diagnostic pop
	} else {
		import_report_add(rep, line, T(l, "columns '%s' and '%s' both hold the %s; "
					      "remove or rename one of them"),
				  a, b, T(l, f->label));
	}
}

int sheet_open(struct sheet *s, const char *data, size_t len, const struct sheet_field *spec,
	       size_t nspec, const char *what, struct import_report *rep)
{
	struct diag d = {{0}, 0};
	int rc;
	int bad = 0;

	s->spec = spec;
	s->nspec = nspec < SHEET_MAX_FIELDS ? nspec : SHEET_MAX_FIELDS;
	s->stopped = 0;
	s->ncols = 0;
	s->open = 0;
	for (size_t k = 0; k < s->nspec; k++)
		s->col[k] = -1;
	if (csv_open(&s->csv, data, len, rep->lang, &d) < 0) {
		import_report_add(rep, d.line, "%s", d.msg);
		s->stopped = 1;
		return -1;
	}
	s->open = 1;
	rc = csv_next(&s->csv, &s->row, &d);
	if (rc < 0) {
		import_report_add(rep, d.line, "%s", d.msg);
		s->stopped = 1;
		return -1;
	}
	if (rc == 0) {
		import_report_add(rep, 1, T(rep->lang, "%s is empty; the first line must name "
					    "the columns"), what);
		return -1;
	}
	s->ncols = s->row.n;
	s->header_line = s->row.line;
	for (size_t i = 0; i < s->row.n; i++) {
		char name[SHEET_MAX_WORD];
		if (sheet_norm(s->row.f[i], name, sizeof(name)))
			continue;
		for (size_t k = 0; k < s->nspec; k++) {
			size_t j;
			for (j = 0; spec[k].names[j]; j++)
				if (strcmp(name, spec[k].names[j]) == 0)
					break;
			if (!spec[k].names[j])
				continue;
			if (s->col[k] >= 0) {
				struct quoted q1, q2;
				report_doubled(rep, s->row.line, &spec[k],
					       quote(&q1, str_trim(s->row.f[s->col[k]])),
					       quote(&q2, str_trim(s->row.f[i])));
				bad = 1;
			} else {
				s->col[k] = (int)i;
			}
			break; /* a column holds one field: the first that wants it */
		}
	}
	for (size_t k = 0; k < s->nspec; k++) {
		if (spec[k].required && s->col[k] < 0) {
			sheet_header_error(s, rep, what);
			return -1;
		}
	}
	return bad ? -1 : 0;
}

static int str_blank(struct str v)
{
	return str_trim(v).len == 0;
}

int sheet_next(struct sheet *s, struct import_report *rep)
{
	struct diag d = {{0}, 0};

	if (s->stopped)
		return -1;
	for (;;) {
		int rc = csv_next(&s->csv, &s->row, &d);
		if (rc < 0) {
			import_report_add(rep, d.line, "%s", d.msg);
			s->stopped = 1;
			return -1;
		}
		if (rc == 0)
			return 0;
		size_t i;
		for (i = 0; i < s->row.n && str_blank(s->row.f[i]); i++)
			;
		if (i == s->row.n)
			continue;
		rep->rows++;
		for (i = s->ncols; i < s->row.n && str_blank(s->row.f[i]); i++)
			;
		if (i < s->row.n) {
			import_report_add(rep, s->row.line,
				T(rep->lang, "this line has %zu fields but the header has %zu; "
				  "put quotes around values that contain '%c'"), s->row.n,
				s->ncols, s->csv.sep);
			continue;
		}
		return 1;
	}
}

struct str sheet_get(const struct sheet *s, int field)
{
	int c = s->col[field];
	if (c < 0 || (size_t)c >= s->row.n)
		return (struct str){"", 0};
	return str_trim(s->row.f[c]);
}

void sheet_close(struct sheet *s)
{
	if (s->open)
		csv_release(&s->csv);
	s->open = 0;
}
