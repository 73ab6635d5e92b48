/*
 * test_org.c: organisation import: units and employees from CSV, every
 * validation with its line, the tree checks and the bands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/org.h"

#define YEAR 2025

/* Reads tests/data/csv/<name>; caller frees. */
static char *slurp(const char *name, size_t *len)
{
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/data/csv/%s", root ? root : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set HARTSLAG_SOURCE_ROOT)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

static void print_report(const struct import_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		print_message("  line %ld: %s\n", rep->errors[i].line, rep->errors[i].msg);
}

/* Asserts that entry i of rep is on line and contains want. */
static void expect(const struct import_report *rep, size_t i, long line, const char *want)
{
	if (i >= rep->n) {
		print_report(rep);
		fail_msg("expected an error %zu on line %ld: %s", i, line, want);
	}
	if (rep->errors[i].line != line || !strstr(rep->errors[i].msg, want)) {
		print_report(rep);
		fail_msg("error %zu: got line %ld '%s', want line %ld with '%s'", i,
			 rep->errors[i].line, rep->errors[i].msg, line, want);
	}
}

static void expect_clean(const struct import_report *rep)
{
	if (rep->n) {
		print_report(rep);
		fail_msg("%zu unexpected problems", rep->n);
	}
}

static int parse_units_file(const char *name, struct unit_table *t, struct import_report *rep)
{
	size_t len;
	char *data = slurp(name, &len);
	int rc = org_parse_units(data, len, t, NULL, NULL, rep);
	free(data);
	return rc;
}

static int parse_employees_file(const char *name, const struct unit_table *units,
				struct employee_table *t, struct import_report *rep)
{
	size_t len;
	char *data = slurp(name, &len);
	int rc = org_parse_employees(data, len, LANG_NL, YEAR, units, NULL, NULL, t, rep);
	free(data);
	return rc;
}

static const struct unit_row *find_unit(const struct unit_table *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].code, code) == 0)
			return &t->rows[i];
	return NULL;
}

static const struct employee_row *find_emp(const struct employee_table *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].code, code) == 0)
			return &t->rows[i];
	return NULL;
}

static void test_valid_pair(void **state)
{
	(void)state;
	struct unit_table units;
	struct employee_table emps;
	struct import_report rep = {.lang = LANG_EN};

	assert_int_equal(parse_units_file("units.csv", &units, &rep), 0);
	expect_clean(&rep);
	assert_int_equal(units.n, 10);
	assert_int_equal(rep.rows, 10);
	assert_string_equal(units.rows[0].code, "ORG");
	assert_null(units.rows[0].parent_code);
	assert_int_equal(units.rows[0].line, 2);
	const struct unit_row *u = find_unit(&units, "ADM-FIN");
	assert_non_null(u);
	assert_string_equal(u->name, "Boekhouding; facturatie");
	assert_string_equal(u->parent_code, "ADM");
	assert_int_equal(u->line, 10);

	memset(&rep, 0, sizeof(rep));
	assert_int_equal(parse_employees_file("employees.csv", &units, &emps, &rep), 0);
	expect_clean(&rep);
	assert_int_equal(emps.n, 30);
	assert_int_equal(rep.rows, 30);
	const struct employee_row *e = find_emp(&emps, "1003");
	assert_non_null(e);
	assert_string_equal(e->unit_code, "ZORG-GER");
	assert_string_equal(e->first_name, "Chlo\xc3\xa9");
	assert_string_equal(e->last_name, "Dubois");
	assert_int_equal(e->lang, LANG_FR);
	assert_int_equal(e->birth_year, 1990);
	assert_int_equal(e->start_year, 2015);
	assert_string_equal(e->shift, "wisselend");
	assert_int_equal(e->line, 4);
	e = find_emp(&emps, "1004"); /* full dates keep the year */
	assert_int_equal(e->birth_year, 1962);
	assert_int_equal(e->start_year, 1985);
	assert_string_equal(e->email, "");
	assert_int_equal(find_emp(&emps, "1020")->lang, LANG_EN);
	assert_string_equal(find_emp(&emps, "1030")->function_group, "leiding");
	employee_table_release(&emps);
	unit_table_release(&units);
	import_report_release(&rep);
}

static void test_nl_fr_headers(void **state)
{
	(void)state;
	struct unit_table a, b;
	struct employee_table ea, eb;
	struct import_report rep = {.lang = LANG_EN};

	/* The same organisation, with Dutch unit headers in another order,
	 * blank and ';;;' lines, and French employee headers with ','
	 * separators, accents, upper-case languages and DD/MM/YYYY dates. */
	assert_int_equal(parse_units_file("units.csv", &a, &rep), 0);
	assert_int_equal(parse_units_file("units_nl.csv", &b, &rep), 0);
	expect_clean(&rep);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.rows[i].code, b.rows[i].code);
		assert_string_equal(a.rows[i].name, b.rows[i].name);
		if (a.rows[i].parent_code)
			assert_string_equal(a.rows[i].parent_code, b.rows[i].parent_code);
		else
			assert_null(b.rows[i].parent_code);
	}
	assert_int_equal(find_unit(&b, "ZORG-REV")->line, 9); /* after two skipped lines */

	assert_int_equal(parse_employees_file("employees.csv", &a, &ea, &rep), 0);
	assert_int_equal(parse_employees_file("employees_fr.csv", &b, &eb, &rep), 0);
	expect_clean(&rep);
	assert_int_equal(ea.n, eb.n);
	for (size_t i = 0; i < ea.n; i++) {
		const struct employee_row *x = &ea.rows[i], *y = &eb.rows[i];
		assert_string_equal(x->code, y->code);
		assert_string_equal(x->unit_code, y->unit_code);
		assert_string_equal(x->first_name, y->first_name);
		assert_string_equal(x->last_name, y->last_name);
		assert_string_equal(x->email, y->email);
		assert_int_equal(x->lang, y->lang);
		assert_int_equal(x->birth_year, y->birth_year);
		assert_int_equal(x->start_year, y->start_year);
		assert_string_equal(x->contract, y->contract);
		assert_string_equal(x->shift, y->shift);
		assert_string_equal(x->function_group, y->function_group);
	}
	employee_table_release(&ea);
	employee_table_release(&eb);
	unit_table_release(&a);
	unit_table_release(&b);
	import_report_release(&rep);
}

static void test_header_matching(void **state)
{
	(void)state;
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};
	const char units[] = " CODE ;Parent Unit;NOM\nX;;Top\n";
	assert_int_equal(org_parse_units(units, sizeof(units) - 1, &u, NULL, NULL, &rep), 0);
	expect_clean(&rep);
	const char emps[] = "MATRICULE;UNITÉ;E-Mail;In dienst;Geboortejaar;Taal;Régime;"
			    "Functiegroep;Contract_Type;Something else\n"
			    "7;X;a@b.be;2001-01-31;1980;fr-BE;nacht;zorg;vast;zzz\n";
	assert_int_equal(org_parse_employees(emps, sizeof(emps) - 1, LANG_EN, YEAR, &u, NULL,
					     NULL, &e, &rep), 0);
	expect_clean(&rep);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.rows[0].unit_code, "X");
	assert_string_equal(e.rows[0].email, "a@b.be");
	assert_int_equal(e.rows[0].start_year, 2001);
	assert_int_equal(e.rows[0].birth_year, 1980);
	assert_int_equal(e.rows[0].lang, LANG_FR);
	assert_string_equal(e.rows[0].shift, "nacht");
	assert_string_equal(e.rows[0].function_group, "zorg");
	assert_string_equal(e.rows[0].contract, "vast");
	assert_string_equal(e.rows[0].first_name, "");
	employee_table_release(&e);

	/* Absent and empty language columns give the default. */
	const char emps2[] = "id;unit\n8;X\n";
	assert_int_equal(org_parse_employees(emps2, sizeof(emps2) - 1, LANG_FR, YEAR, &u, NULL,
					     NULL, &e, &rep), 0);
	assert_int_equal(e.rows[0].lang, LANG_FR);
	assert_int_equal(e.rows[0].birth_year, 0);
	employee_table_release(&e);
	unit_table_release(&u);
	import_report_release(&rep);
}

static void test_missing_and_doubled_columns(void **state)
{
	(void)state;
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};

	assert_int_equal(parse_employees_file("employees_missing_column.csv", NULL, &e, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 1, "missing required column 'unit_id'");
	assert_non_null(strstr(rep.errors[0].msg, "'afdeling'"));
	assert_non_null(strstr(rep.errors[0].msg, "'personeelsnummer'"));
	assert_int_equal(e.n, 0);
	employee_table_release(&e);
	import_report_release(&rep);

	const char units[] = "code;naam\nA;x\n";
	assert_int_equal(org_parse_units(units, sizeof(units) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 1, "missing required column 'parent_id'");
	unit_table_release(&u);
	import_report_release(&rep);

	/* A header of data: both missing columns in one message. */
	const char units2[] = "\n\nORG;Top\n";
	assert_int_equal(org_parse_units(units2, sizeof(units2) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 3, "missing required columns 'unit_id'");
	assert_non_null(strstr(rep.errors[0].msg, "'parent_id'"));
	assert_non_null(strstr(rep.errors[0].msg, "it reads: 'ORG', 'Top'"));
	unit_table_release(&u);
	import_report_release(&rep);

	const char units3[] = "id;unit_id;parent;name\nA;A;;x\n";
	assert_int_equal(org_parse_units(units3, sizeof(units3) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 1, "columns 'id' and 'unit_id' both hold the unit id");
	unit_table_release(&u);
	import_report_release(&rep);
}

static void test_empty_files(void **state)
{
	(void)state;
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};
	assert_int_equal(org_parse_units("", 0, &u, NULL, NULL, &rep), ERR_INVALID);
	expect(&rep, 0, 1, "units.csv is empty");
	unit_table_release(&u);
	import_report_release(&rep);
	const char hdr[] = "unit_id;parent_id;name\r\n;;\r\n";
	assert_int_equal(org_parse_units(hdr, sizeof(hdr) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 1, "units.csv has no units");
	unit_table_release(&u);
	import_report_release(&rep);
	const char ehdr[] = "employee_id;unit_id\n";
	assert_int_equal(org_parse_employees(ehdr, sizeof(ehdr) - 1, LANG_NL, YEAR, NULL, NULL,
					     NULL, &e, &rep), ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 1, "employees.csv has no employees");
	employee_table_release(&e);
	import_report_release(&rep);
}

static void test_units_broken(void **state)
{
	(void)state;
	struct unit_table u;
	struct import_report rep = {.lang = LANG_EN};
	assert_int_equal(parse_units_file("units_broken.csv", &u, &rep), ERR_INVALID);
	expect(&rep, 0, 4, "unit id 'A' appears twice; first on line 3");
	expect(&rep, 1, 5, "unit 'B' has parent 'X9', which does not exist; add unit 'X9' to "
	       "units.csv or correct the parent id");
	expect(&rep, 2, 6, "unit 'C' has an empty name");
	expect(&rep, 3, 7, "unit 'ROOT2' has no parent, but unit 'ORG' on line 2 is already "
	       "the top of the tree");
	expect(&rep, 4, 8, "unit id is empty");
	expect(&rep, 5, 9, "unit 'D': name 'LLLL");
	expect(&rep, 5, 9, "...' is longer than 200 bytes");
	expect(&rep, 6, 10, "this line has 4 fields but the header has 3");
	assert_int_equal(rep.n, 7);
	assert_int_equal(rep.rows, 9);
	/* The usable rows are kept, so employees can still be checked. */
	assert_non_null(find_unit(&u, "B"));
	assert_string_equal(find_unit(&u, "A")->name, "Afdeling A");
	assert_null(find_unit(&u, "E"));
	unit_table_release(&u);
	import_report_release(&rep);
}

static void test_cycles(void **state)
{
	(void)state;
	struct unit_table u;
	struct import_report rep = {.lang = LANG_EN};
	assert_int_equal(parse_units_file("units_cycle.csv", &u, &rep), ERR_INVALID);
	expect(&rep, 0, 3, "units form a cycle: 'P' -> 'R' -> 'Q' -> 'P'");
	expect(&rep, 1, 6, "unit 'S' is its own parent");
	assert_int_equal(rep.n, 2); /* T, under the cycle, is not reported again */
	unit_table_release(&u);
	import_report_release(&rep);

	/* A file that is nothing but a cycle has no root and still says why. */
	const char ring[] = "unit_id;parent_id;name\nA;B;a\nB;A;b\n";
	assert_int_equal(org_parse_units(ring, sizeof(ring) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 2, "'A' -> 'B' -> 'A'");
	unit_table_release(&u);
	import_report_release(&rep);
}

static void test_syntax_error_stops(void **state)
{
	(void)state;
	struct unit_table u;
	struct import_report rep = {.lang = LANG_EN};
	assert_int_equal(parse_units_file("units_syntax.csv", &u, &rep), ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 3, "text after closing quote in field 3");
	unit_table_release(&u);
	import_report_release(&rep);

	/* Invalid UTF-8 is reported with its line, before any row. */
	const char latin1[] = "unit_id;parent_id;name\nA;;Caf\xe9\n";
	assert_int_equal(org_parse_units(latin1, sizeof(latin1) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 2, "invalid UTF-8");
	assert_int_equal(u.n, 0);
	unit_table_release(&u);
	import_report_release(&rep);

	/* Row errors before the syntax error are kept. */
	const char mixed[] = "employee_id;unit_id\n1;\n2;X\n3;\"X\n";
	struct employee_table e;
	assert_int_equal(org_parse_employees(mixed, sizeof(mixed) - 1, LANG_NL, YEAR, NULL, NULL,
					     NULL, &e, &rep), ERR_INVALID);
	expect(&rep, 0, 2, "employee '1' has no unit id");
	expect(&rep, 1, 3, "employee '2' is in unit 'X', which does not exist");
	expect(&rep, 2, 4, "quote opened on this line is never closed");
	assert_int_equal(rep.n, 3);
	employee_table_release(&e);
	import_report_release(&rep);
}

struct store_stub {
	const char *const *codes;
	int calls;
};

static int stub_known(void *ctx, const char *code)
{
	struct store_stub *s = ctx;
	s->calls++;
	for (size_t i = 0; s->codes[i]; i++)
		if (strcmp(s->codes[i], code) == 0)
			return 1;
	return 0;
}

static void test_known_callback(void **state)
{
	(void)state;
	static const char *const existing[] = {"HQ", "SALES", NULL};
	struct store_stub st = {existing, 0};
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};

	/* New units below units the store has: no root needed. */
	const char units[] = "unit_id;parent_id;name\nNEW;SALES;New team\nSUB;NEW;Sub team\n"
			     "ODD;NOPE;Odd\n";
	assert_int_equal(org_parse_units(units, sizeof(units) - 1, &u, stub_known, &st, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 4, "unit 'ODD' has parent 'NOPE', which does not exist");
	assert_true(st.calls >= 2);
	import_report_release(&rep);

	/* Without the callback the store's units are unknown. */
	struct unit_table u2;
	assert_int_equal(org_parse_units(units, sizeof(units) - 1, &u2, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 2);
	expect(&rep, 0, 2, "parent 'SALES', which does not exist");
	unit_table_release(&u2);
	import_report_release(&rep);

	/* Employees in units of the file or of the store; the store is asked
	 * once per unit code, however many employees name it. */
	const char emps[] = "employee_id;unit_id\n1;NEW\n2;HQ\n3;HQ\n4;HQ\n5;GONE\n6;GONE\n";
	st.calls = 0;
	assert_int_equal(org_parse_employees(emps, sizeof(emps) - 1, LANG_NL, YEAR, &u,
					     stub_known, &st, &e, &rep), ERR_INVALID);
	assert_int_equal(st.calls, 2);
	assert_int_equal(rep.n, 2);
	expect(&rep, 0, 6, "employee '5' is in unit 'GONE', which does not exist; add the unit "
	       "to units.csv or correct the unit id");
	expect(&rep, 1, 7, "employee '6' is in unit 'GONE'");
	assert_int_equal(e.n, 6);
	employee_table_release(&e);
	import_report_release(&rep);
	unit_table_release(&u);
}

static void test_employees_broken(void **state)
{
	(void)state;
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};
	assert_int_equal(parse_units_file("units.csv", &u, &rep), 0);
	assert_int_equal(parse_employees_file("employees_broken.csv", &u, &e, &rep),
			 ERR_INVALID);
	size_t i = 0;
	expect(&rep, i++, 3, "employee '1043' is in unit 'T9', which does not exist; add the "
	       "unit to units.csv or correct the unit id");
	expect(&rep, i++, 4, "employee id '1001' appears twice; first on line 2");
	expect(&rep, i++, 5, "employee '1002' has e-mail address 'bad.mail@example', which is "
	       "not valid");
	expect(&rep, i++, 6, "'a@b@delinde.be', which is not valid");
	expect(&rep, i++, 7, "'jan peeters@delinde.be', which is not valid");
	expect(&rep, i++, 8, "employee '1005' has language 'de'; use nl, fr or en");
	expect(&rep, i++, 9, "employee '1006' has birth year '1890'; use a year between 1900 "
	       "and 2025");
	expect(&rep, i++, 10, "employee '1007' has start year '2031'; use a year between 1900 "
	       "and 2025");
	expect(&rep, i++, 11, "employee '1008' has start year 2000, less than 14 years after "
	       "birth year 1990");
	expect(&rep, i++, 12, "employee '1009' has birth year '31/02/1990', which is not a year "
	       "or a date");
	expect(&rep, i++, 13, "employee '1010' has no unit id");
	expect(&rep, i++, 14, "employee id is empty");
	expect(&rep, i++, 15, "employee '1011': first name 'LLL");
	expect(&rep, i - 1, 15, "is longer than 200 bytes");
	assert_int_equal(rep.n, i);
	const struct employee_row *ok = find_emp(&e, "1012");
	assert_non_null(ok);
	assert_int_equal(ok->birth_year, 1962);
	assert_int_equal(ok->start_year, 1985);
	assert_int_equal(ok->lang, LANG_FR);
	employee_table_release(&e);
	unit_table_release(&u);
	import_report_release(&rep);
}

static void test_field_checks(void **state)
{
	(void)state;
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};
	const char units[] = "unit_id;parent_id;name\nX;;\"two\nlines\"\n";
	assert_int_equal(org_parse_units(units, sizeof(units) - 1, &u, NULL, NULL, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 2, "unit 'X': name 'two?lines' contains a line break");
	import_report_release(&rep);

	/* Exactly MAX_NAME_BYTES is fine. */
	struct buf b = BUF_INIT(4096);
	buf_puts(&b, "employee_id;unit_id;last_name\n1;X;");
	for (int i = 0; i < MAX_NAME_BYTES; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "\n");
	assert_int_equal(org_parse_employees(b.p, b.len, LANG_NL, YEAR, &u, NULL, NULL, &e,
					     &rep), 0);
	assert_int_equal(strlen(e.rows[0].last_name), MAX_NAME_BYTES);
	employee_table_release(&e);
	buf_release(&b);

	static const struct {
		const char *birth;
		int year; /* 0: rejected */
	} dates[] = {
		{"1990", 1990}, {"1990-05-31", 1990}, {"31/05/1990", 1990}, {"1/5/1990", 1990},
		{"31-05-1990", 1990}, {"31.05.1990", 1990}, {"29/02/2000", 2000},
		{"29/02/1900", 0}, {"29/02/1999", 0}, {"1990-13-01", 0}, {"1990-02-30", 0},
		{"31/05-1990", 0}, {"31/05/90", 0}, {"90", 0}, {"19900", 0}, {"abcd", 0},
		{"1990-5-31", 0}, {"/05/1990", 0}, {"00/05/1990", 0}, {"1899", 0},
		{"2026", 0}, {"2025", 2025},
	};
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		char *csv = xasprintf("id;unit;geboortejaar\n1;X;%s\n", dates[i].birth);
		int rc = org_parse_employees(csv, strlen(csv), LANG_NL, YEAR, &u, NULL, NULL, &e,
					     &rep);
		if (dates[i].year) {
			if (rc != 0)
				fail_msg("'%s' rejected", dates[i].birth);
			assert_int_equal(e.rows[0].birth_year, dates[i].year);
		} else {
			if (rc != ERR_INVALID)
				fail_msg("'%s' accepted", dates[i].birth);
			assert_int_equal(e.rows[0].birth_year, 0);
		}
		employee_table_release(&e);
		import_report_release(&rep);
		free(csv);
	}

	/* Starting work at 14 is the earliest allowed. */
	const char at14[] = "id;unit;birth_year;start_year\n1;X;1990;2004\n2;X;1990;2003\n";
	assert_int_equal(org_parse_employees(at14, sizeof(at14) - 1, LANG_NL, YEAR, &u, NULL, NULL,
					     &e, &rep), ERR_INVALID);
	assert_int_equal(rep.n, 1);
	expect(&rep, 0, 3, "employee '2' has start year 2003, less than 14 years");
	employee_table_release(&e);
	import_report_release(&rep);

	static const struct {
		const char *mail;
		int ok;
	} mails[] = {
		{"jan.peeters@delinde.be", 1}, {"j+x@sub.example.org", 1}, {"", 1},
		{"jan@be", 0}, {"@delinde.be", 0}, {"jan@", 0}, {"jan@.be", 0}, {"jan@be.", 0},
		{"jan@@x.be", 0}, {"a@b@c.be", 0}, {"jan peeters@x.be", 0}, {"jan\t@x.be", 0},
		{"jan@x..be", 0}, {"jan@x.be; piet@x.be", 0}, {"<jan@x.be>", 0},
		{"\"Jan\" jan@x.be", 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(mails); i++) {
		struct buf m = BUF_INIT(4096);
		buf_puts(&m, "id;unit;email\n1;X;");
		struct str s = str_from(mails[i].mail);
		buf_putc(&m, '"');
		for (size_t k = 0; k < s.len; k++) {
			if (s.p[k] == '"')
				buf_putc(&m, '"');
			buf_putc(&m, s.p[k]);
		}
		buf_puts(&m, "\"\n");
		int rc = org_parse_employees(m.p, m.len, LANG_NL, YEAR, &u, NULL, NULL, &e, &rep);
		if (rc != (mails[i].ok ? 0 : ERR_INVALID))
			fail_msg("e-mail '%s': got %d", mails[i].mail, rc);
		employee_table_release(&e);
		import_report_release(&rep);
		buf_release(&m);
	}
	unit_table_release(&u);
}

/* Parses a units file (units) or employees file against units.csv in language l. */
static void parse_in(enum lang l, const char *units_file, const char *emps_file,
		     struct import_report *rep)
{
	struct unit_table u;
	struct employee_table e;
	rep->lang = l;
	if (units_file) {
		parse_units_file(units_file, &u, rep);
	} else {
		struct import_report ok = {.lang = l};
		assert_int_equal(parse_units_file("units.csv", &u, &ok), 0);
		parse_employees_file(emps_file, &u, &e, rep);
		employee_table_release(&e);
	}
	unit_table_release(&u);
}

/* Asserts that entry i of rep holds every word of want (NULL-terminated). */
static void expect_words(const struct import_report *rep, size_t i, const char *const *want)
{
	assert_true(i < rep->n);
	for (size_t k = 0; want[k]; k++) {
		if (!strstr(rep->errors[i].msg, want[k])) {
			print_report(rep);
			fail_msg("error %zu: '%s' lacks '%s'", i, rep->errors[i].msg, want[k]);
		}
	}
}

/*
 * The same broken files in Dutch, French and English: the same problems on
 * the same lines, every message in the report's language.
 */
static void test_languages(void **state)
{
	(void)state;
	static const char *const files[][2] = {
		{"units_broken.csv", NULL},
		{"units_cycle.csv", NULL},
		{"units_syntax.csv", NULL},
		{NULL, "employees_broken.csv"},
		{NULL, "employees_missing_column.csv"},
	};
	for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
		struct import_report en = {0}, nl = {0}, fr = {0};
		parse_in(LANG_EN, files[f][0], files[f][1], &en);
		parse_in(LANG_NL, files[f][0], files[f][1], &nl);
		parse_in(LANG_FR, files[f][0], files[f][1], &fr);
		assert_true(en.n > 0);
		assert_int_equal(nl.n, en.n);
		assert_int_equal(fr.n, en.n);
		for (size_t i = 0; i < en.n; i++) {
			assert_int_equal(nl.errors[i].line, en.errors[i].line);
			assert_int_equal(fr.errors[i].line, en.errors[i].line);
			if (strcmp(nl.errors[i].msg, en.errors[i].msg) == 0 ||
			    strcmp(fr.errors[i].msg, en.errors[i].msg) == 0)
				fail_msg("%s: not translated: %s", files[f][0] ? files[f][0]
					 : files[f][1], en.errors[i].msg);
		}
		import_report_release(&en);
		import_report_release(&nl);
		import_report_release(&fr);
	}

	/* The example of docs/import.md, word for word in each language. */
	struct import_report rep = {0}; /* a zeroed report is Dutch */
	parse_in(rep.lang, NULL, "employees_broken.csv", &rep);
	expect(&rep, 0, 3, "medewerker '1043' hoort bij afdeling 'T9', maar die bestaat niet; "
	       "voeg de afdeling toe aan units.csv of verbeter de afdelingscode");
	expect(&rep, 8, 11, "medewerker '1008' heeft als jaar van indiensttreding 2000");
	expect(&rep, 9, 12, "geboortejaar '31/02/1990'");
	import_report_release(&rep);
	assert_int_equal(rep.lang, LANG_NL); /* kept for the next file */
	parse_in(LANG_FR, NULL, "employees_broken.csv", &rep);
	/* French puts a no-break space before ; and : */
	expect(&rep, 0, 3, "le collaborateur '1043' fait partie de l'unité 'T9', qui n'existe "
	       "pas\xc2\xa0; ajoutez l'unité à units.csv ou corrigez le code de l'unité");
	expect(&rep, 2, 5, "adresse e-mail 'bad.mail@example', qui n'est pas valide\xc2\xa0:");
	expect(&rep, 11, 14, "le matricule est vide");
	import_report_release(&rep);
	parse_in(LANG_EN, NULL, "employees_broken.csv", &rep);
	expect(&rep, 0, 3, "employee '1043' is in unit 'T9', which does not exist; add the "
	       "unit to units.csv or correct the unit id");
	import_report_release(&rep);

	/* Whole sentences around the lists: the column list and the cycle. */
	parse_in(LANG_NL, NULL, "employees_missing_column.csv", &rep);
	expect_words(&rep, 0, (const char *const[]){"verplichte kolom 'unit_id' (afdelingscode; "
		     "ook aanvaard: 'unit', 'afdeling'", "ontbreekt in employees.csv", NULL});
	import_report_release(&rep);
	const char two[] = "\n\nORG;Top\n";
	struct unit_table u;
	rep.lang = LANG_FR;
	org_parse_units(two, sizeof(two) - 1, &u, NULL, NULL, &rep);
	expect_words(&rep, 0, (const char *const[]){"il manque les colonnes obligatoires "
		     "'unit_id' (code de l'unité\xc2\xa0; également accepté\xc2\xa0: 'id'",
		     ")\xc2\xa0; 'parent_id' (code de l'unité supérieure",
		     "elle contient\xc2\xa0: 'ORG', 'Top'", NULL});
	unit_table_release(&u);
	import_report_release(&rep);
	parse_in(LANG_NL, "units_cycle.csv", NULL, &rep);
	expect(&rep, 0, 3, "afdelingen vormen een kringloop: 'P' -> 'R' -> 'Q' -> 'P' (elke pijl");
	import_report_release(&rep);
	parse_in(LANG_FR, "units_cycle.csv", NULL, &rep);
	expect(&rep, 0, 3, "des unités forment une boucle\xc2\xa0: 'P' -> 'R' -> 'Q' -> 'P'");
	import_report_release(&rep);

	/* A CSV syntax error comes from the reader, in the same language. */
	parse_in(LANG_NL, "units_syntax.csv", NULL, &rep);
	assert_non_null(strstr(rep.errors[0].msg, "aanhalingsteken"));
	import_report_release(&rep);
	parse_in(LANG_FR, "units_syntax.csv", NULL, &rep);
	assert_non_null(strstr(rep.errors[0].msg, "guillemet"));
	import_report_release(&rep);
}

/* Every field's own messages (too long, control character), in every language. */
static void test_languages_per_field(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(1 << 16);
	char longv[MAX_NAME_BYTES + 2];
	memset(longv, 'L', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	buf_puts(&b, "employee_id;unit_id;first_name;last_name;email;contract;shift;"
		 "function_group;birth_year;start_year\n");
	buf_printf(&b, "1;%s;%s;%s;%s;%s;%s;%s;x;y\n", longv, longv, longv, longv, longv, longv,
		   longv);
	buf_puts(&b, "2;\"a\nb\";\"a\nb\";\"a\nb\";\"a\nb\";\"a\nb\";\"a\nb\";\"a\nb\";;\n");
	buf_printf(&b, "%s;X\n\"a\nb\";X\n", longv);
	for (int l = 0; l < LANG_COUNT; l++) {
		struct employee_table e;
		struct import_report rep = {.lang = (enum lang)l};
		struct import_report en = {.lang = LANG_EN};
		org_parse_employees(b.p, b.len, LANG_NL, YEAR, NULL, NULL, NULL, &e, &rep);
		employee_table_release(&e);
		org_parse_employees(b.p, b.len, LANG_NL, YEAR, NULL, NULL, NULL, &e, &en);
		employee_table_release(&e);
		/* 7 too long + 2 years, 7 control characters, 2 ids */
		assert_int_equal(rep.n, 18);
		assert_int_equal(en.n, rep.n);
		for (size_t i = 0; i < rep.n; i++) {
			for (size_t j = 0; j < i && l != LANG_EN; j++)
				assert_string_not_equal(rep.errors[i].msg, rep.errors[j].msg);
			if (l != LANG_EN)
				assert_string_not_equal(rep.errors[i].msg, en.errors[i].msg);
		}
		import_report_release(&rep);
		import_report_release(&en);
	}
	buf_release(&b);

	const char units[] = "unit_id;parent_id;name\nA;\"p\nq\";\"n\nm\"\n\"i\nd\";;x\n";
	for (int l = 0; l < LANG_COUNT; l++) {
		struct unit_table u;
		struct import_report rep = {.lang = (enum lang)l};
		org_parse_units(units, sizeof(units) - 1, &u, NULL, NULL, &rep);
		/* parent and name of A, A's parent does not exist, id of the next */
		assert_int_equal(rep.n, 4);
		if (l == LANG_EN)
			expect(&rep, 3, 5, "unit: id 'i?d' contains a line break");
		else if (l == LANG_NL)
			expect(&rep, 3, 5, "afdeling: afdelingscode 'i?d' bevat een regeleinde");
		else
			expect(&rep, 3, 5, "unité\xc2\xa0: le code 'i?d' contient un saut de ligne");
		unit_table_release(&u);
		import_report_release(&rep);
	}

	/* Doubled columns: one sentence per field. */
	const char doubled[] = "id;matricule;unit;afdeling;prenom;voornaam;naam;last_name;mail;"
			       "email;taal;langue;geboortejaar;birth_year;in_dienst;start_year;"
			       "contract;type_contrat;ploeg;shift;functiegroep;function_group\n";
	struct employee_table e;
	struct import_report rep = {.lang = LANG_FR};
	org_parse_employees(doubled, sizeof(doubled) - 1, LANG_NL, YEAR, NULL, NULL, NULL, &e,
			    &rep);
	assert_int_equal(rep.n, 11);
	expect(&rep, 0, 1, "les colonnes 'id' et 'matricule' contiennent toutes deux le "
	       "matricule\xc2\xa0;");
	expect(&rep, 10, 1, "le groupe de fonctions");
	employee_table_release(&e);
	import_report_release(&rep);
}

static void test_depth(void **state)
{
	(void)state;
	for (int levels = MAX_UNIT_DEPTH; levels <= MAX_UNIT_DEPTH + 3; levels += 3) {
		struct buf b = BUF_INIT(1 << 16);
		struct unit_table u;
		struct import_report rep = {.lang = LANG_EN};
		buf_puts(&b, "unit_id;parent_id;name\n");
		/* Listed deepest first, so the walk meets children before parents. */
		for (int i = levels; i >= 1; i--) {
			if (i == 1)
				buf_printf(&b, "U1;;Level 1\n");
			else
				buf_printf(&b, "U%d;U%d;Level %d\n", i, i - 1, i);
		}
		int rc = org_parse_units(b.p, b.len, &u, NULL, NULL, &rep);
		if (levels == MAX_UNIT_DEPTH) {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, ERR_INVALID);
			assert_int_equal(rep.n, 1); /* only the first unit past the limit */
			char want[64];
			snprintf(want, sizeof(want), "unit 'U%d' is %d levels deep",
				 MAX_UNIT_DEPTH + 1, MAX_UNIT_DEPTH + 1);
			expect(&rep, 0, levels - MAX_UNIT_DEPTH + 1, want);
		}
		unit_table_release(&u);
		import_report_release(&rep);
		buf_release(&b);
	}
}

static void test_report_cap(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(1 << 20);
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};
	buf_puts(&b, "employee_id;unit_id\n");
	for (int i = 0; i < MAX_IMPORT_ERRORS + 500; i++)
		buf_printf(&b, "%d;NOWHERE\n", i);
	assert_int_equal(org_parse_employees(b.p, b.len, LANG_NL, YEAR, NULL, NULL, NULL, &e,
					     &rep), ERR_INVALID);
	assert_int_equal(rep.n, MAX_IMPORT_ERRORS + 1);
	assert_int_equal(rep.rows, MAX_IMPORT_ERRORS + 500);
	assert_non_null(strstr(rep.errors[MAX_IMPORT_ERRORS].msg, "more than 1000 problems"));
	for (size_t i = 1; i < MAX_IMPORT_ERRORS; i++)
		assert_true(rep.errors[i].line > rep.errors[i - 1].line);
	employee_table_release(&e);
	import_report_release(&rep);
	buf_release(&b);
}

/* CPU time, so that a loaded test machine does not fail the test. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_performance(void **state)
{
	(void)state;
	/* 100,000 employees in 2,000 units must parse in well under a second. */
	struct buf ub = BUF_INIT(1 << 24);
	struct buf eb = BUF_INIT(1 << 26);
	struct unit_table u;
	struct employee_table e;
	struct import_report rep = {.lang = LANG_EN};

	buf_puts(&ub, "unit_id;parent_id;name\nROOT;;Root\n");
	for (int i = 0; i < 2000; i++) {
		if (i < 40)
			buf_printf(&ub, "U%d;ROOT;Unit %d\n", i, i);
		else
			buf_printf(&ub, "U%d;U%d;Unit %d\n", i, i / 40 - 1, i);
	}
	buf_puts(&eb, "employee_id;unit_id;first_name;last_name;email;language;birth_year;"
		 "start_year;contract;shift;function_group\n");
	for (int i = 0; i < 100000; i++)
		buf_printf(&eb, "E%06d;U%d;Voornaam%d;Achternaam %d;p%d@bedrijf.be;%s;%d;%d;"
			   "voltijds;dag;zorg\n", i, i % 2000, i, i, i,
			   (i % 3 == 0) ? "nl" : (i % 3 == 1) ? "fr" : "en", 1960 + i % 40,
			   1985 + i % 40);
	double t0 = now();
	int rc = org_parse_units(ub.p, ub.len, &u, NULL, NULL, &rep);
	if (rc == 0)
		rc = org_parse_employees(eb.p, eb.len, LANG_NL, YEAR, &u, NULL, NULL, &e, &rep);
	double dt = now() - t0;
	expect_clean(&rep);
	assert_int_equal(rc, 0);
	assert_int_equal(e.n, 100000);
	print_message("  100,000 employees parsed in %.3f s of CPU time\n", dt);
	/* About 0.2 s at -O2; a quadratic look-up would take minutes. */
#if defined(__SANITIZE_ADDRESS__)
	assert_true(dt < 10.0); /* sanitizers slow everything down */
#else
	assert_true(dt < 1.0);
#endif
	employee_table_release(&e);
	unit_table_release(&u);
	buf_release(&ub);
	buf_release(&eb);
}

static void test_bands(void **state)
{
	(void)state;
	assert_int_equal(age_band(0, YEAR), 0);
	assert_int_equal(age_band(2030, YEAR), 0);
	assert_int_equal(age_band(2025, YEAR), 1);
	assert_int_equal(age_band(2001, YEAR), 1);  /* 24 */
	assert_int_equal(age_band(2000, YEAR), 2);  /* 25 */
	assert_int_equal(age_band(1991, YEAR), 2);  /* 34 */
	assert_int_equal(age_band(1990, YEAR), 3);  /* 35 */
	assert_int_equal(age_band(1981, YEAR), 3);  /* 44 */
	assert_int_equal(age_band(1980, YEAR), 4);  /* 45 */
	assert_int_equal(age_band(1971, YEAR), 4);  /* 54 */
	assert_int_equal(age_band(1970, YEAR), 5);  /* 55 */
	assert_int_equal(age_band(1900, YEAR), 5);

	assert_int_equal(tenure_band(0, YEAR), 0);
	assert_int_equal(tenure_band(2026, YEAR), 0);
	assert_int_equal(tenure_band(2025, YEAR), 1); /* < 1 */
	assert_int_equal(tenure_band(2024, YEAR), 2); /* 1 */
	assert_int_equal(tenure_band(2021, YEAR), 2); /* 4 */
	assert_int_equal(tenure_band(2020, YEAR), 3); /* 5 */
	assert_int_equal(tenure_band(2016, YEAR), 3); /* 9 */
	assert_int_equal(tenure_band(2015, YEAR), 4); /* 10 */
	assert_int_equal(tenure_band(2006, YEAR), 4); /* 19 */
	assert_int_equal(tenure_band(2005, YEAR), 5); /* 20 */
	assert_int_equal(tenure_band(1950, YEAR), 5);
}

static void test_report_add(void **state)
{
	(void)state;
	struct import_report rep = {.lang = LANG_EN};
	import_report_add(&rep, 7, "unit '%s' on %d", "T1", 3);
	import_report_add(&rep, 0, "%s", "no line");
	assert_int_equal(rep.n, 2);
	assert_int_equal(rep.errors[0].line, 7);
	assert_string_equal(rep.errors[0].msg, "unit 'T1' on 3");
	assert_string_equal(rep.errors[1].msg, "no line");
	import_report_release(&rep);
	assert_int_equal(rep.n, 0);
	assert_null(rep.errors);

	/* The last entry of a full report is in the report's language. */
	rep.lang = LANG_FR;
	for (int i = 0; i <= MAX_IMPORT_ERRORS + 5; i++)
		import_report_add(&rep, i, "%s", "x");
	assert_int_equal(rep.n, MAX_IMPORT_ERRORS + 1);
	assert_string_equal(rep.errors[MAX_IMPORT_ERRORS].msg, "plus de 1000 probl\xc3\xa8mes\xc2\xa0; "
			    "corrigez-les et importez \xc3\xa0 nouveau le fichier pour voir les "
			    "suivants");
	import_report_release(&rep);
	assert_int_equal(rep.lang, LANG_FR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_pair),
		cmocka_unit_test(test_nl_fr_headers),
		cmocka_unit_test(test_header_matching),
		cmocka_unit_test(test_missing_and_doubled_columns),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_units_broken),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_syntax_error_stops),
		cmocka_unit_test(test_known_callback),
		cmocka_unit_test(test_employees_broken),
		cmocka_unit_test(test_field_checks),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_languages_per_field),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_report_cap),
		cmocka_unit_test(test_performance),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_report_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
