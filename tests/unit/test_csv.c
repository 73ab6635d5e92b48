/*
 * test_csv.c: the CSV reader and writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv.h"

/* Reads all of data into a "|"-joined, "/"-separated dump: "a|b/c|d". */
static int dump(const char *data, size_t len, char *out, size_t cap, struct diag *d,
		char *sep)
{
	struct csv_reader r;
	struct csv_row row;
	struct buf b = BUF_INIT(1 << 20);
	int rc = csv_open(&r, data, len, LANG_EN, d);
	if (rc == 0) {
		if (sep)
			*sep = r.sep;
		while ((rc = csv_next(&r, &row, d)) == 1) {
			if (b.len)
				buf_putc(&b, '/');
			for (size_t i = 0; i < row.n; i++) {
				if (i)
					buf_putc(&b, '|');
				buf_append(&b, row.f[i].p, row.f[i].len);
			}
		}
	}
	csv_release(&r);
	snprintf(out, cap, "%s", buf_cstr(&b));
	buf_release(&b);
	return rc;
}

#define DUMP(lit, out, d) dump(lit, sizeof(lit) - 1, out, sizeof(out), d, NULL)

static void test_basic_semicolon(void **state)
{
	(void)state;
	char out[256];
	char sep = 0;
	struct diag d = {{0}, 0};
	const char in[] = "id;naam;ouder\r\nT1;Team 1;D1\r\nT2;Team 2;D1\r\n";
	assert_int_equal(dump(in, sizeof(in) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ';');
	assert_string_equal(out, "id|naam|ouder/T1|Team 1|D1/T2|Team 2|D1");
}

static void test_bom_stripped(void **state)
{
	(void)state;
	char out[256];
	struct diag d = {{0}, 0};
	assert_int_equal(DUMP("\xef\xbb\xbfid,name\n1,x\n", out, &d), 0);
	assert_string_equal(out, "id|name/1|x");
}

static void test_separator_detection(void **state)
{
	(void)state;
	char out[256];
	char sep = 0;
	struct diag d = {{0}, 0};
	/* Commas only: ','. */
	const char a[] = "a,b,c\n1,2,3\n";
	assert_int_equal(dump(a, sizeof(a) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ',');
	assert_string_equal(out, "a|b|c/1|2|3");
	/* A tie goes to ';'. */
	const char b[] = "a,b;c\n";
	assert_int_equal(dump(b, sizeof(b) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ';');
	assert_string_equal(out, "a,b|c");
	/* Commas inside quotes do not count. */
	const char c[] = "\"x,y,z\";b\n1;2\n";
	assert_int_equal(dump(c, sizeof(c) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ';');
	assert_string_equal(out, "x,y,z|b/1|2");
	/* No separator at all: ';', and commas in data stay in the field. */
	const char e[] = "name\nDoe, John\n";
	assert_int_equal(dump(e, sizeof(e) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ';');
	assert_string_equal(out, "name/Doe, John");
	/* Detection looks at the first non-blank line only. */
	const char f[] = "\n\na;b\nx,y,z\n";
	assert_int_equal(dump(f, sizeof(f) - 1, out, sizeof(out), &d, &sep), 0);
	assert_int_equal(sep, ';');
	assert_string_equal(out, "a|b/x,y,z");
}

static void test_quotes(void **state)
{
	(void)state;
	char out[256];
	struct diag d = {{0}, 0};
	assert_int_equal(DUMP("\"a\";\"b \"\"c\"\" d\";\"\";\"\"\"\"\n", out, &d), 0);
	assert_string_equal(out, "a|b \"c\" d||\"");
	/* A quote inside an unquoted field is an ordinary character. */
	assert_int_equal(DUMP("5\" screen;x\n", out, &d), 0);
	assert_string_equal(out, "5\" screen|x");
	/* Spaces after a closing quote are ignored. */
	assert_int_equal(DUMP("\"a\"  ;\"b\"\t\n", out, &d), 0);
	assert_string_equal(out, "a|b");
}

static void test_many_escaped_fields(void **state)
{
	(void)state;
	/* Enough unescaped text to move the scratch buffer several times:
	 * every field must still point at its own text. */
	struct buf in = BUF_INIT(1 << 20);
	for (int i = 0; i < 20; i++) {
		buf_printf(&in, "%s\"%d", i ? ";" : "", i);
		for (int k = 0; k < 300; k++)
			buf_puts(&in, "\"\"x");
		buf_putc(&in, '"');
	}
	buf_puts(&in, "\n");
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.n, 20);
	for (size_t i = 0; i < row.n; i++) {
		char head[8];
		int hl = snprintf(head, sizeof(head), "%zu", i);
		assert_int_equal(row.f[i].len, (size_t)hl + 600);
		assert_memory_equal(row.f[i].p, head, (size_t)hl);
		assert_memory_equal(row.f[i].p + hl, "\"x\"x", 4);
		assert_int_equal(row.f[i].p[row.f[i].len - 1], 'x');
	}
	assert_int_equal(csv_next(&r, &row, &d), 0);
	csv_release(&r);
	buf_release(&in);
}

static void test_embedded_newlines_and_lines(void **state)
{
	(void)state;
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	const char in[] = "id;note\r\n1;\"two\r\nlines\"\r\n2;\"and\nthree\nlines\"\n\n3;x";
	assert_int_equal(csv_open(&r, in, sizeof(in) - 1, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.line, 1);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.f[1].len, 10);
	assert_memory_equal(row.f[1].p, "two\r\nlines", 10);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.line, 4);
	assert_memory_equal(row.f[1].p, "and\nthree\nlines", 15);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.line, 8); /* a blank line 7 was skipped */
	assert_int_equal(row.n, 2);
	assert_memory_equal(row.f[1].p, "x", 1);
	assert_int_equal(csv_next(&r, &row, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 0);
	csv_release(&r);
}

static void test_line_endings(void **state)
{
	(void)state;
	char out[256];
	struct diag d = {{0}, 0};
	assert_int_equal(DUMP("a;b\r\nc;d\r\n", out, &d), 0);
	assert_string_equal(out, "a|b/c|d");
	assert_int_equal(DUMP("a;b\nc;d", out, &d), 0);
	assert_string_equal(out, "a|b/c|d");
	assert_int_equal(DUMP("a;b\rc;d\r", out, &d), 0);
	assert_string_equal(out, "a|b/c|d");
	assert_int_equal(DUMP("a;b\r\n\r\n\n\r\nc;d\r\n\r\n", out, &d), 0);
	assert_string_equal(out, "a|b/c|d");
}

static void test_empty_fields(void **state)
{
	(void)state;
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	const char in[] = "a;;b;\n;\n";
	assert_int_equal(csv_open(&r, in, sizeof(in) - 1, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.n, 4);
	assert_int_equal(row.f[1].len, 0);
	assert_int_equal(row.f[3].len, 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.n, 2);
	assert_int_equal(csv_next(&r, &row, &d), 0);
	csv_release(&r);
}

static void test_empty_input(void **state)
{
	(void)state;
	char out[16];
	struct diag d = {{0}, 0};
	assert_int_equal(DUMP("", out, &d), 0);
	assert_string_equal(out, "");
	assert_int_equal(DUMP("\xef\xbb\xbf\r\n\n", out, &d), 0);
	assert_string_equal(out, "");
	assert_int_equal(dump(NULL, 0, out, sizeof(out), &d, NULL), 0);
}

static void test_text_after_quote(void **state)
{
	(void)state;
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	const char in[] = "a;b;c\n1;2;3\n\n4;5;6\n\"x\ny\";7;8\n9;10;\"z\"q\n11;12;13\n";
	assert_int_equal(csv_open(&r, in, sizeof(in) - 1, LANG_EN, &d), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), ERR_INVALID);
	assert_int_equal(d.line, 7);
	assert_string_equal(d.msg, "text after closing quote in field 3");
	/* Nothing was consumed: the same error again. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(csv_next(&r, &row, &d), ERR_INVALID);
	assert_int_equal(d.line, 7);
	csv_release(&r);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	char out[256];
	struct diag d = {{0}, 0};
	assert_int_equal(DUMP("a;b\n1;2\n3;\"never\nclosed\n4;5\n", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "quote opened on this line is never closed"));
	assert_non_null(strstr(d.msg, "field 2"));
	assert_string_equal(out, "a|b/1|2");
	/* A quote that ends the data. */
	assert_int_equal(DUMP("a;\"", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 1);
}

static void test_field_limit(void **state)
{
	(void)state;
	struct buf in = BUF_INIT(1 << 20);
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};

	/* Exactly the limit passes, quoted and not. */
	buf_puts(&in, "a;b\n");
	for (int i = 0; i < MAX_CSV_FIELD_BYTES; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, ";\"");
	for (int i = 0; i < MAX_CSV_FIELD_BYTES; i++)
		buf_puts(&in, "\"\"");
	buf_puts(&in, "\"\n");
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.f[0].len, MAX_CSV_FIELD_BYTES);
	assert_int_equal(row.f[1].len, MAX_CSV_FIELD_BYTES);
	assert_int_equal(csv_next(&r, &row, &d), 0);
	csv_release(&r);

	/* One byte more fails, with the line. */
	buf_reset(&in);
	buf_puts(&in, "a;b\n1;2\nx;");
	for (int i = 0; i <= MAX_CSV_FIELD_BYTES; i++)
		buf_putc(&in, 'y');
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), ERR_TOO_LARGE);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "field 2"));
	csv_release(&r);

	/* The same inside quotes, with line breaks counted. */
	buf_reset(&in);
	buf_puts(&in, "a\n\"\n");
	for (int i = 0; i <= MAX_CSV_FIELD_BYTES; i++)
		buf_putc(&in, 'y');
	buf_puts(&in, "\"\n");
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), ERR_TOO_LARGE);
	assert_int_equal(d.line, 3);
	csv_release(&r);
	/* Regression: a field of nothing but doubled quotes was not
	 * measured and came back longer than the limit. */
	buf_reset(&in);
	buf_puts(&in, "a\n\"");
	for (int i = 0; i <= MAX_CSV_FIELD_BYTES; i++)
		buf_puts(&in, "\"\"");
	buf_puts(&in, "\"\n");
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(csv_next(&r, &row, &d), ERR_TOO_LARGE);
	assert_int_equal(d.line, 2);
	csv_release(&r);
	buf_release(&in);
}

static void test_fields_per_row_limit(void **state)
{
	(void)state;
	struct buf in = BUF_INIT(1 << 20);
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};

	for (int i = 0; i < MAX_CSV_FIELDS; i++)
		buf_printf(&in, "%sf%d", i ? ";" : "", i);
	buf_puts(&in, "\n");
	for (int i = 0; i <= MAX_CSV_FIELDS; i++)
		buf_printf(&in, "%s%d", i ? ";" : "", i);
	buf_puts(&in, "\n");
	assert_int_equal(csv_open(&r, in.p, in.len, LANG_EN, &d), 0);
	assert_int_equal(csv_next(&r, &row, &d), 1);
	assert_int_equal(row.n, MAX_CSV_FIELDS);
	assert_int_equal(csv_next(&r, &row, &d), ERR_TOO_LARGE);
	assert_int_equal(d.line, 2);
	csv_release(&r);
	buf_release(&in);
}

static void test_rows_limit(void **state)
{
	(void)state;
	size_t len = 2 * ((size_t)MAX_CSV_ROWS + 1);
	char *in = malloc(len);
	assert_non_null(in);
	for (size_t i = 0; i < len; i += 2) {
		in[i] = 'a';
		in[i + 1] = '\n';
	}
	struct csv_reader r;
	struct csv_row row;
	struct diag d = {{0}, 0};
	long n = 0;
	int rc;
	assert_int_equal(csv_open(&r, in, len, LANG_EN, &d), 0);
	while ((rc = csv_next(&r, &row, &d)) == 1)
		n++;
	assert_int_equal(rc, ERR_TOO_LARGE);
	assert_int_equal(n, MAX_CSV_ROWS);
	assert_int_equal(d.line, MAX_CSV_ROWS + 1);
	csv_release(&r);
	free(in);
}

static void test_file_limit(void **state)
{
	(void)state;
	/* The size is checked before any byte is read. */
	static const char small[] = "a;b\n";
	struct csv_reader r;
	struct diag d = {{0}, 0};
	assert_int_equal(csv_open(&r, small, (size_t)MAX_CSV_BYTES + 1, LANG_EN, &d),
			 ERR_TOO_LARGE);
	assert_non_null(strstr(d.msg, "larger than"));
	struct csv_row row;
	assert_int_equal(csv_next(&r, &row, &d), 0);
	csv_release(&r);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	char out[256];
	struct diag d = {{0}, 0};
	/* Latin-1 e-acute on line 3. */
	assert_int_equal(DUMP("a;b\n1;ok\n2;caf\xe9\n", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "UTF-8"));
	/* Overlong '/' on line 2, CRLF endings. */
	assert_int_equal(DUMP("a\r\n\xc0\xaf\r\n", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 2);
	/* Truncated sequence at the very end. */
	assert_int_equal(DUMP("a\nb\nc\xe2\x82", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 3);
	/* Line breaks inside quotes still count. */
	assert_int_equal(DUMP("a\n\"x\ny\xff\"\n", out, &d), ERR_INVALID);
	assert_int_equal(d.line, 3);
	/* NUL bytes. */
	assert_int_equal(dump("a\nb\0c\n", 6, out, sizeof(out), &d, NULL), ERR_INVALID);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "NUL"));
	/* UTF-16 gets its own message. */
	assert_int_equal(DUMP("\xff\xfe" "a\0;\0", out, &d), ERR_INVALID);
	assert_non_null(strstr(d.msg, "UTF-16"));
	/* Valid multi-byte text passes. */
	assert_int_equal(DUMP("naam;pr\xc3\xa9nom\n\xe2\x82\xac;\xf0\x9f\x98\x80\n", out, &d), 0);
	assert_string_equal(out, "naam|pr\xc3\xa9nom/\xe2\x82\xac|\xf0\x9f\x98\x80");
}

/* Reads all of data in language l; returns the status of the first error. */
static int read_in(enum lang l, const char *data, size_t len, struct diag *d)
{
	struct csv_reader r;
	struct csv_row row;
	int rc = csv_open(&r, data, len, l, d);
	if (rc == 0)
		while ((rc = csv_next(&r, &row, d)) == 1)
			;
	csv_release(&r);
	return rc;
}

#define READ_IN(l, lit, d) read_in(l, lit, sizeof(lit) - 1, d)

/* The same faults in Dutch, French and English, from csv_open() and csv_next(). */
static void test_messages_in_language(void **state)
{
	(void)state;
	struct diag d = {{0}, 0};
	static const char quote[] = "a;b\n1;2\n3;\"never\nclosed\n";
	static const char after[] = "a;b;c\n1;2;\"x\"y\n";
	static const char utf16[] = "\xff\xfe" "a\0;\0";
	static const char latin1[] = "a;b\n2;caf\xe9\n";

	assert_int_equal(READ_IN(LANG_NL, quote, &d), ERR_INVALID);
	assert_int_equal(d.line, 3);
	assert_string_equal(d.msg, "het aanhalingsteken dat op deze regel geopend wordt, wordt "
			    "nergens gesloten (veld 2)");
	assert_int_equal(READ_IN(LANG_FR, quote, &d), ERR_INVALID);
	assert_string_equal(d.msg, "le guillemet ouvert sur cette ligne n'est jamais fermé "
			    "(champ 2)");
	assert_int_equal(READ_IN(LANG_EN, quote, &d), ERR_INVALID);
	assert_string_equal(d.msg, "quote opened on this line is never closed (field 2)");

	assert_int_equal(READ_IN(LANG_NL, after, &d), ERR_INVALID);
	assert_non_null(strstr(d.msg, "sluitende aanhalingsteken in veld 3"));
	assert_int_equal(READ_IN(LANG_FR, after, &d), ERR_INVALID);
	assert_non_null(strstr(d.msg, "guillemet fermant dans le champ 3"));

	assert_int_equal(READ_IN(LANG_NL, utf16, &d), ERR_INVALID);
	assert_non_null(strstr(d.msg, "sla het op als 'CSV UTF-8'"));
	/* French puts a no-break space before ; */
	assert_int_equal(READ_IN(LANG_FR, utf16, &d), ERR_INVALID);
	assert_string_equal(d.msg, "le fichier est en UTF-16\xc2\xa0; enregistrez-le au format "
			    "'CSV UTF-8'");
	assert_int_equal(READ_IN(LANG_EN, utf16, &d), ERR_INVALID);
	assert_string_equal(d.msg, "the file is in UTF-16; save it as 'CSV UTF-8'");

	assert_int_equal(READ_IN(LANG_NL, latin1, &d), ERR_INVALID);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "ongeldige UTF-8"));
	assert_int_equal(READ_IN(LANG_FR, latin1, &d), ERR_INVALID);
	assert_non_null(strstr(d.msg, "UTF-8 non valide"));

	char small[1];
	assert_int_equal(read_in(LANG_NL, small, (size_t)MAX_CSV_BYTES + 1, &d), ERR_TOO_LARGE);
	assert_string_equal(d.msg, "het bestand is groter dan 512 MiB");
	assert_int_equal(read_in(LANG_FR, small, (size_t)MAX_CSV_BYTES + 1, &d), ERR_TOO_LARGE);
	assert_string_equal(d.msg, "le fichier dépasse 512 Mio");
}

static void put(struct buf *b, const char *s, char sep, int neut)
{
	assert_int_equal(csv_put_field(b, str_from(s), sep, neut), 0);
}

static void test_writer_quoting(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	put(&b, "plain", ';', 0);
	assert_string_equal(buf_cstr(&b), "plain");
	buf_reset(&b);
	put(&b, "a;b", ';', 0);
	assert_string_equal(buf_cstr(&b), "\"a;b\"");
	buf_reset(&b);
	put(&b, "a,b", ';', 0); /* not the separator: no quotes */
	assert_string_equal(buf_cstr(&b), "a,b");
	buf_reset(&b);
	put(&b, "a,b", ',', 0);
	assert_string_equal(buf_cstr(&b), "\"a,b\"");
	buf_reset(&b);
	put(&b, "say \"hi\"", ';', 0);
	assert_string_equal(buf_cstr(&b), "\"say \"\"hi\"\"\"");
	buf_reset(&b);
	put(&b, "two\nlines", ';', 0);
	assert_string_equal(buf_cstr(&b), "\"two\nlines\"");
	buf_reset(&b);
	put(&b, "cr\rhere", ';', 0);
	assert_string_equal(buf_cstr(&b), "\"cr\rhere\"");
	buf_reset(&b);
	put(&b, "", ';', 1);
	assert_string_equal(buf_cstr(&b), "");
	put(&b, "x", ';', 0);
	assert_int_equal(csv_end_row(&b), 0);
	assert_string_equal(buf_cstr(&b), "x\r\n");
	buf_release(&b);
}

static void test_writer_neutralise(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"=1+1", "'=1+1"},
		{"+32 2 555", "'+32 2 555"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "\"'\rx\""},
		{"=HYPERLINK(\"http://x\";\"y\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""},
		{"a=b", "a=b"},
		{"Jan", "Jan"},
	};
	struct buf b = BUF_INIT(4096);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		put(&b, cases[i].in, ';', 1);
		assert_string_equal(buf_cstr(&b), cases[i].out);
	}
	/* Without the flag a formula goes out as it is. */
	buf_reset(&b);
	put(&b, "=1+1", ';', 0);
	assert_string_equal(buf_cstr(&b), "=1+1");
	buf_release(&b);
}

static void test_writer_ceiling(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(8);
	assert_int_equal(csv_put_field(&b, STR_LIT("12345"), ';', 0), 0);
	assert_int_equal(csv_put_field(&b, STR_LIT("a\"b\"c"), ';', 0), ERR_TOO_LARGE);
	assert_null(b.p); /* released, as buf_append does */
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_round_trip(void **state)
{
	(void)state;
	static const char *const fields[] = {
		"plain", "", "with;semicolon", "with,comma", "\"quoted\"", "a\"b",
		"two\r\nlines", "lf\nonly", "cr\ronly", "  spaces  ", "caf\xc3\xa9 \xe2\x82\xac",
		"=1+1", "\"", "\"\"", ";", "x\"", " \"y\" ",
	};
	const size_t nf = ARRAY_SIZE(fields);
	const char seps[] = {';', ','};
	for (size_t s = 0; s < 2; s++) {
		struct buf b = BUF_INIT(1 << 16);
		/* Header, then rows of three fields taken round-robin. */
		put(&b, "h1", seps[s], 0);
		buf_putc(&b, seps[s]);
		put(&b, "h2", seps[s], 0);
		buf_putc(&b, seps[s]);
		put(&b, "h3", seps[s], 0);
		csv_end_row(&b);
		for (size_t i = 0; i < nf; i++) {
			for (size_t k = 0; k < 3; k++) {
				if (k)
					buf_putc(&b, seps[s]);
				put(&b, fields[(i + k) % nf], seps[s], 0);
			}
			csv_end_row(&b);
		}
		struct csv_reader r;
		struct csv_row row;
		struct diag d = {{0}, 0};
		assert_int_equal(csv_open(&r, b.p, b.len, LANG_EN, &d), 0);
		assert_int_equal(r.sep, seps[s]);
		assert_int_equal(csv_next(&r, &row, &d), 1);
		for (size_t i = 0; i < nf; i++) {
			assert_int_equal(csv_next(&r, &row, &d), 1);
			assert_int_equal(row.n, 3);
			for (size_t k = 0; k < 3; k++) {
				const char *want = fields[(i + k) % nf];
				assert_int_equal(row.f[k].len, strlen(want));
				assert_memory_equal(row.f[k].p, want, row.f[k].len);
			}
		}
		assert_int_equal(csv_next(&r, &row, &d), 0);
		csv_release(&r);
		buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_semicolon),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_separator_detection),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_many_escaped_fields),
		cmocka_unit_test(test_embedded_newlines_and_lines),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_fields_per_row_limit),
		cmocka_unit_test(test_rows_limit),
		cmocka_unit_test(test_file_limit),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_writer_neutralise),
		cmocka_unit_test(test_writer_ceiling),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_messages_in_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
