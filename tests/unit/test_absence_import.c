/*
 * test_absence_import.c: absences.csv and hr_events.csv as payroll and HR
 * systems export them: the headers and values of each language, every
 * kind of fault with its line, all or nothing, overlaps within the file
 * and with stored records, what an import replaces, and hostile bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/absence_import.h"
#include "core/i18n.h"

static int32_t D(int y, int m, int d)
{
	int32_t day = day_from_ymd(y, m, d);
	assert_true(day != INT32_MIN);
	return day;
}

/* Employees E1..E9 are ids 1..9; "X" with a digit too. */
static struct absence_codes codes;

static int setup(void **state)
{
	(void)state;
	memset(&codes, 0, sizeof(codes));
	absence_codes_add(&codes, "E3", 3);
	absence_codes_add(&codes, "E1", 1);
	absence_codes_add(&codes, "E2", 2);
	absence_codes_add(&codes, "007", 7);
	absence_codes_add(&codes, "Émile", 8);
	absence_codes_sort(&codes);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	absence_codes_release(&codes);
	return 0;
}

static int parse(const char *csv, enum lang l, struct absence_table *t, struct import_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->lang = l;
	return absence_parse_records(csv, strlen(csv), absence_codes_lookup, &codes, t, rep);
}

static int parse_ev(const char *csv, struct hr_event_table *t, struct import_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->lang = LANG_EN;
	return absence_parse_events(csv, strlen(csv), absence_codes_lookup, &codes, t, rep);
}

/* The report has a problem on line whose message contains needle. */
static void has_error(const struct import_report *rep, long line, const char *needle)
{
	for (size_t i = 0; i < rep->n; i++)
		if (rep->errors[i].line == line && strstr(rep->errors[i].msg, needle))
			return;
	for (size_t i = 0; i < rep->n; i++)
		print_message("line %ld: %s\n", rep->errors[i].line, rep->errors[i].msg);
	fail_msg("no problem on line %ld containing \"%s\"", line, needle);
}

static void test_codes(void **state)
{
	(void)state;
	assert_int_equal(absence_codes_lookup(&codes, "E1"), 1);
	assert_int_equal(absence_codes_lookup(&codes, "E3"), 3);
	assert_int_equal(absence_codes_lookup(&codes, "007"), 7);
	assert_int_equal(absence_codes_lookup(&codes, "Émile"), 8);
	assert_int_equal(absence_codes_lookup(&codes, "E4"), 0);
	assert_int_equal(absence_codes_lookup(&codes, ""), 0);
	assert_int_equal(absence_codes_lookup(&codes, "e1"), 0);
}

static void test_values(void **state)
{
	(void)state;
	int pct;
	static const struct {
		const char *in;
		int pct;
	} ok[] = {{"50", 50},   {"50%", 50},   {"50 %", 50}, {"50,0", 50},   {"50.0", 50},
		  {" 100 ", 100}, {"1", 1},    {"33,33", 33}, {"66,5", 67},  {"99.49", 99},
		  {"100,00%", 100}};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(absence_pct_parse(str_from(ok[i].in), &pct), 0);
		assert_int_equal(pct, ok[i].pct);
	}
	const char *bad[] = {"0", "0,5", "101", "100,01", "-5", "abc", "", "%", "50%%", "5 0",
			     "50,", ",5", "1e2", "99999", "50,12345"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(absence_pct_parse(str_from(bad[i]), &pct), -1);

	assert_int_equal(absence_kind_parse(str_from("Ziekte")), ABS_ILLNESS);
	assert_int_equal(absence_kind_parse(str_from("MALADIE")), ABS_ILLNESS);
	assert_int_equal(absence_kind_parse(str_from(" illness ")), ABS_ILLNESS);
	assert_int_equal(absence_kind_parse(str_from("Accident du travail")), ABS_WORK_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("arbeidsongeval")), ABS_WORK_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("work accident")), ABS_WORK_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("Ongeval privé")), ABS_PRIVATE_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("ONGEVAL PRIVÉ")), ABS_PRIVATE_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("private accident")), ABS_PRIVATE_ACCIDENT);
	assert_int_equal(absence_kind_parse(str_from("Moederschapsrust")), ABS_MATERNITY);
	assert_int_equal(absence_kind_parse(str_from("bevalling")), ABS_MATERNITY);
	assert_int_equal(absence_kind_parse(str_from("Maternité")), ABS_MATERNITY);
	assert_int_equal(absence_kind_parse(str_from("congé de naissance")), ABS_MATERNITY);
	assert_int_equal(absence_kind_parse(str_from("Profylactisch verlof")), ABS_PROTECTED);
	assert_int_equal(absence_kind_parse(str_from("écartement prophylactique")), ABS_PROTECTED);
	assert_int_equal(absence_kind_parse(str_from("adoption")), ABS_PROTECTED);
	assert_int_equal(absence_kind_parse(str_from("andere")), ABS_OTHER);
	assert_int_equal(absence_kind_parse(str_from("autre")), ABS_OTHER);
	/* ambiguous or unknown: refused rather than guessed */
	assert_int_equal(absence_kind_parse(str_from("accident")), -1);
	assert_int_equal(absence_kind_parse(str_from("burn-out")), -1);
	assert_int_equal(absence_kind_parse(str_from("")), -1);

	assert_int_equal(absence_cert_parse(str_from("")), CERT_UNKNOWN);
	assert_int_equal(absence_cert_parse(str_from("ja")), CERT_MEDICAL);
	assert_int_equal(absence_cert_parse(str_from("Oui")), CERT_MEDICAL);
	assert_int_equal(absence_cert_parse(str_from("medical certificate")), CERT_MEDICAL);
	assert_int_equal(absence_cert_parse(str_from("nee")), CERT_NONE_DAY1);
	assert_int_equal(absence_cert_parse(str_from("sans")), CERT_NONE_DAY1);
	assert_int_equal(absence_cert_parse(str_from("maybe")), -1);

	assert_int_equal(hr_event_parse(str_from("In dienst")), HR_HIRE);
	assert_int_equal(hr_event_parse(str_from("entrée")), HR_HIRE);
	assert_int_equal(hr_event_parse(str_from("Uit dienst")), HR_LEAVE);
	assert_int_equal(hr_event_parse(str_from("sortie")), HR_LEAVE);
	assert_int_equal(hr_event_parse(str_from("FTE")), HR_FTE);
	assert_int_equal(hr_event_parse(str_from("changement de régime")), HR_FTE);
	assert_int_equal(hr_event_parse(str_from("Arbeidsongeval")), HR_WORK_ACCIDENT);
	assert_int_equal(hr_event_parse(str_from("promotion")), -1);
}

static void test_english(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	const char *csv =
		"employee,start,end,kind,percentage,certificate\n"
		"E1,2025-01-06,2025-01-10,illness,,yes\n"
		"E1,13/01/2025,,illness,50%,\n"            /* running, half-time */
		"E2,2025-02-03,2025-02-03,illness,100,no\n"
		"E3,2025-03-01,2025-05-31,maternity,\"100,0\",\n"
		"\n"
		"E2,2025-04-01,2025-04-02,work accident,,unknown\n";
	assert_int_equal(parse(csv, LANG_EN, &t, &rep), 0);
	assert_int_equal(rep.n, 0);
	assert_int_equal(rep.rows, 5);
	assert_int_equal(t.n, 5);
	/* sorted by employee, then start */
	assert_int_equal(t.rows[0].employee_id, 1);
	assert_int_equal(t.rows[0].start, D(2025, 1, 6));
	assert_int_equal(t.rows[0].end, D(2025, 1, 10));
	assert_int_equal(t.rows[0].pct, 100);
	assert_int_equal(t.rows[0].cert, CERT_MEDICAL);
	assert_int_equal(t.rows[0].line, 2);
	assert_int_equal(t.rows[1].start, D(2025, 1, 13));
	assert_int_equal(t.rows[1].end, DAY_OPEN);
	assert_int_equal(t.rows[1].pct, 50);
	assert_int_equal(t.rows[2].employee_id, 2);
	assert_int_equal(t.rows[2].cert, CERT_NONE_DAY1);
	assert_int_equal(t.rows[3].kind, ABS_WORK_ACCIDENT);
	assert_int_equal(t.rows[3].line, 7);
	assert_int_equal(t.rows[4].kind, ABS_MATERNITY);
	/* the span: earliest start to latest end, running -> open */
	assert_int_equal(t.span_from, D(2025, 1, 6));
	assert_int_equal(t.span_to, DAY_OPEN);
	absence_table_release(&t);
	import_report_release(&rep);

	/* only the three required columns, in another order */
	const char *min = "Kind;Employee ID;Start Date\nillness;E1;2025-01-06\n";
	assert_int_equal(parse(min, LANG_EN, &t, &rep), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.rows[0].end, DAY_OPEN);
	assert_int_equal(t.rows[0].pct, 100);
	assert_int_equal(t.rows[0].cert, CERT_UNKNOWN);
	absence_table_release(&t);
	import_report_release(&rep);
}

static void test_dutch(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	/* as a Flemish payroll export: BOM, ';', Dutch headers and values, DD/MM/YYYY */
	const char *csv =
		"\xef\xbb\xbfPersoneelsnummer;Begindatum;Einddatum;Soort;Percentage;Attest\r\n"
		"E1;06/01/2025;10/01/2025;Ziekte;100;ja\r\n"
		"E2;03/02/2025;03/02/2025;ziekte;;nee\r\n"
		"E3;01/03/2025;31/05/2025;Moederschapsrust;;\r\n"
		"007;01/04/2025;15/04/2025;Arbeidsongeval;;\r\n"
		"Émile;01/04/2025;15/04/2025;Ongeval privéleven;50,0;\r\n";
	assert_int_equal(parse(csv, LANG_NL, &t, &rep), 0);
	assert_int_equal(t.n, 5);
	assert_int_equal(t.rows[2].kind, ABS_MATERNITY);
	assert_int_equal(t.rows[3].employee_id, 7);
	assert_int_equal(t.rows[3].kind, ABS_WORK_ACCIDENT);
	assert_int_equal(t.rows[4].employee_id, 8);
	assert_int_equal(t.rows[4].kind, ABS_PRIVATE_ACCIDENT);
	assert_int_equal(t.rows[4].pct, 50);
	assert_int_equal(t.span_to, D(2025, 5, 31));
	absence_table_release(&t);
	import_report_release(&rep);

	/* a Dutch report for a Dutch user */
	const char *bad = "personeelsnummer;begin;einde;soort\nE9;2025-01-01;;ziekte\n";
	assert_int_equal(parse(bad, LANG_NL, &t, &rep), ERR_INVALID);
	has_error(&rep, 2, "staat niet in de organisatie");
	import_report_release(&rep);
}

static void test_french(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	const char *csv =
		"Matricule;DÉBUT;Fin;Type;Pourcentage;Certificat\n"
		"E1;2025-01-06;2025-01-10;Maladie;100;oui\n"
		"E2;03/02/2025;03/02/2025;maladie;;non\n"
		"E3;01/03/2025;;Congé de maternité;;\n"
		"007;01/04/2025;15/04/2025;Accident du travail;;\n"
		"Émile;01/04/2025;15/04/2025;écartement prophylactique;50 %;\n";
	assert_int_equal(parse(csv, LANG_FR, &t, &rep), 0);
	assert_int_equal(t.n, 5);
	assert_int_equal(t.rows[1].cert, CERT_NONE_DAY1);
	assert_int_equal(t.rows[2].kind, ABS_MATERNITY);
	assert_int_equal(t.rows[2].end, DAY_OPEN);
	assert_int_equal(t.rows[4].kind, ABS_PROTECTED);
	absence_table_release(&t);
	import_report_release(&rep);

	const char *bad = "matricule;début;fin;type\nE1;2025-01-10;2025-01-01;maladie\n";
	assert_int_equal(parse(bad, LANG_FR, &t, &rep), ERR_INVALID);
	has_error(&rep, 2, "le dernier jour précède le premier jour");
	import_report_release(&rep);
}

static void test_faults(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	const char *csv =
		"employee,start,end,kind,percentage,certificate\n"
		"E1,2025-01-06,2025-01-10,illness,,\n"         /* 2: fine */
		"E9,2025-01-06,2025-01-10,illness,,\n"         /* 3: unknown employee */
		",2025-01-06,2025-01-10,illness,,\n"           /* 4: empty employee */
		"E2,2025-13-01,,illness,,\n"                   /* 5: not a date */
		"E2,31/02/2025,,illness,,\n"                   /* 6: not a date */
		"E2,,2025-01-10,illness,,\n"                   /* 7: empty start */
		"E2,2025-01-10,2025-01-09,illness,,\n"         /* 8: end before start */
		"E2,2025-02-01,2025-02-02,burn-out,,\n"        /* 9: unknown kind (no diagnoses) */
		"E2,2025-03-01,2025-03-02,illness,0,\n"        /* 10: percentage */
		"E2,2025-03-05,2025-03-06,illness,150%,\n"     /* 11: percentage */
		"E2,2025-03-08,2025-03-09,illness,,maybe\n"    /* 12: certificate */
		"E2,2025-04-01,2025-04-02,illness,,,extra\n"   /* 13: too many fields */
		"E3,1949-12-31,1950-01-02,illness,,\n"         /* 14: before 1950 */
		"E3,2025-05-01,2200-01-01,illness,,\n"         /* 15: after 2199 */
		"E3,1969-12-30,1970-01-01,illness,,\n";        /* 16: day 0 means running */
	assert_int_equal(parse(csv, LANG_EN, &t, &rep), ERR_INVALID);
	assert_int_equal(t.n, 0); /* all or nothing */
	assert_null(t.rows);
	has_error(&rep, 3, "employee 'E9' is not in the organisation");
	has_error(&rep, 4, "the employee id is empty");
	has_error(&rep, 5, "the first day '2025-13-01' is not a date");
	has_error(&rep, 6, "'31/02/2025' is not a date");
	has_error(&rep, 7, "the first day is empty");
	has_error(&rep, 8, "the last day comes before the first day");
	has_error(&rep, 9, "unknown kind of absence 'burn-out'");
	has_error(&rep, 10, "the percentage '0' is not a number from 1 to 100");
	has_error(&rep, 11, "'150%'");
	has_error(&rep, 12, "unknown certificate value 'maybe'");
	has_error(&rep, 13, "this line has 7 fields but the header has 6");
	has_error(&rep, 14, "'1949-12-31' is not a date between 1950 and 2199");
	has_error(&rep, 15, "the last day '2200-01-01'");
	has_error(&rep, 16, "the last day cannot be 1 January 1970");
	assert_int_equal(rep.n, 14);
	import_report_release(&rep);
}

static void test_header_faults(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;

	assert_int_equal(parse("", LANG_EN, &t, &rep), ERR_INVALID);
	has_error(&rep, 1, "the absence file is empty");
	import_report_release(&rep);

	assert_int_equal(parse("employee,start,kind\n", LANG_EN, &t, &rep), ERR_INVALID);
	has_error(&rep, 1, "has no absences");
	import_report_release(&rep);

	assert_int_equal(parse("employee,from date,kind\nE1,2025-01-01,illness\n", LANG_EN, &t,
			       &rep), ERR_INVALID);
	has_error(&rep, 1, "missing required column 'start' (first day; also accepted:");
	has_error(&rep, 1, "it reads: 'employee', 'from date', 'kind'");
	import_report_release(&rep);

	assert_int_equal(parse("name,date\nx,y\n", LANG_EN, &t, &rep), ERR_INVALID);
	has_error(&rep, 1, "missing required columns");
	import_report_release(&rep);

	/* two columns for one field */
	assert_int_equal(parse("employee,matricule,start,kind\nE1,E1,2025-01-01,illness\n",
			       LANG_EN, &t, &rep), ERR_INVALID);
	has_error(&rep, 1, "columns 'employee' and 'matricule' both hold the employee id");
	import_report_release(&rep);

	/* invalid UTF-8 stops reading with the CSV reader's message */
	assert_int_equal(parse("employee,start,kind\nE1,2025-01-01,ill\xff\n", LANG_EN, &t, &rep),
			 ERR_INVALID);
	assert_true(rep.n >= 1);
	import_report_release(&rep);

	/* an unterminated quote */
	assert_int_equal(parse("employee,start,kind\n\"E1,2025-01-01,illness\n", LANG_EN, &t, &rep),
			 ERR_INVALID);
	assert_true(rep.n >= 1);
	import_report_release(&rep);

	/* an employee code longer than the limit */
	char big[400];
	memset(big, 'A', 300);
	big[300] = '\0';
	char csv[600];
	snprintf(csv, sizeof(csv), "employee,start,kind\n%s,2025-01-01,illness\n", big);
	assert_int_equal(parse(csv, LANG_EN, &t, &rep), ERR_INVALID);
	has_error(&rep, 2, "is longer than 200 bytes");
	import_report_release(&rep);
}

static void test_overlaps(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	const char *csv =
		"employee,start,end,kind\n"
		"E1,2025-01-06,2025-01-10,illness\n"   /* 2 */
		"E2,2025-01-06,2025-01-10,illness\n"   /* 3 */
		"E1,2025-01-10,2025-01-12,illness\n"   /* 4: shares 10 Jan with line 2 */
		"E2,2025-01-11,2025-01-12,illness\n"   /* 5: adjacent, fine */
		"E3,2025-01-01,,illness\n"             /* 6: running */
		"E3,2025-06-01,2025-06-02,other\n";    /* 7: inside the running one */
	assert_int_equal(parse(csv, LANG_EN, &t, &rep), ERR_INVALID);
	assert_int_equal(t.n, 0);
	has_error(&rep, 4, "overlaps the absence of the same employee on line 2 "
		  "(2025-01-06 to 2025-01-10)");
	has_error(&rep, 7, "on line 6 (2025-01-01 to ...)");
	assert_int_equal(rep.n, 2);
	import_report_release(&rep);
}

static void test_replace_and_check(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	/* the file: E1 in January 2025 */
	const char *csv = "employee,start,end,kind\n"
			  "E1,2025-01-02,2025-01-10,illness\n"
			  "E1,2025-01-20,2025-01-31,illness\n";
	assert_int_equal(parse(csv, LANG_EN, &t, &rep), 0);
	assert_int_equal(t.span_from, D(2025, 1, 2));
	assert_int_equal(t.span_to, D(2025, 1, 31));

	struct absence_record stored[] = {
		{1, D(2024, 12, 1), D(2024, 12, 5), 0, ABS_ILLNESS, 100, 0},   /* before: stays */
		{1, D(2025, 1, 3), D(2025, 1, 4), 0, ABS_ILLNESS, 100, 0},     /* in span: goes */
		{1, D(2025, 1, 31), D(2025, 2, 3), 0, ABS_ILLNESS, 100, 0},    /* starts in span */
		{2, D(2025, 1, 5), D(2025, 1, 25), 0, ABS_ILLNESS, 100, 0},    /* other employee */
		{1, D(2025, 3, 1), DAY_OPEN, 0, ABS_ILLNESS, 100, 0},          /* after: stays */
	};
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_REPLACE, &stored[0]), 0);
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_REPLACE, &stored[1]), 1);
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_REPLACE, &stored[2]), 1);
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_REPLACE, &stored[3]), 0);
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_REPLACE, &stored[4]), 0);
	assert_int_equal(absence_import_replaces(&t, ABS_IMPORT_ADD, &stored[1]), 0);

	/* REPLACE: what stays does not overlap the file */
	memset(&rep, 0, sizeof(rep));
	rep.lang = LANG_EN;
	assert_int_equal(absence_import_check(&t, ABS_IMPORT_REPLACE, stored, 5, &rep), 0);
	/* ADD: the stored 3..4 Jan and 31 Jan..3 Feb overlap lines 2 and 3 */
	assert_int_equal(absence_import_check(&t, ABS_IMPORT_ADD, stored, 5, &rep), ERR_INVALID);
	has_error(&rep, 2, "already stored (2025-01-03 to 2025-01-04)");
	has_error(&rep, 3, "already stored (2025-01-31 to 2025-02-03)");
	assert_int_equal(rep.n, 2);
	import_report_release(&rep);

	/* a stored record starting before the span reaches into it: a conflict even in REPLACE */
	struct absence_record early[] = {
		{1, D(2024, 12, 30), D(2025, 1, 2), 0, ABS_ILLNESS, 100, 0},
	};
	assert_int_equal(absence_import_check(&t, ABS_IMPORT_REPLACE, early, 1, &rep), ERR_INVALID);
	has_error(&rep, 2, "already stored (2024-12-30 to 2025-01-02)");
	import_report_release(&rep);
	/* a stored running record before the span overlaps everything after */
	struct absence_record running[] = {
		{1, D(2024, 11, 1), DAY_OPEN, 0, ABS_ILLNESS, 100, 0},
	};
	assert_int_equal(absence_import_check(&t, ABS_IMPORT_REPLACE, running, 1, &rep),
			 ERR_INVALID);
	assert_int_equal(rep.n, 2);
	has_error(&rep, 3, "(2024-11-01 to ...)");
	import_report_release(&rep);
	absence_table_release(&t);
}

static void test_events(void **state)
{
	(void)state;
	struct hr_event_table t;
	struct import_report rep;
	const char *csv =
		"personeelsnummer;datum;gebeurtenis;waarde\n"
		"E1;2020-01-01;in dienst;80\n"
		"E1;01/01/2025;vte;100%\n"
		"E2;2025-03-31;uit dienst;\n"
		"E3;2025-02-14;arbeidsongeval;\n"
		"E3;2019-05-01;in dienst;\n";
	assert_int_equal(parse_ev(csv, &t, &rep), 0);
	assert_int_equal(t.n, 5);
	assert_int_equal(t.rows[0].type, HR_HIRE);
	assert_int_equal(t.rows[0].value, 80);
	assert_int_equal(t.rows[1].type, HR_FTE);
	assert_int_equal(t.rows[1].value, 100);
	assert_int_equal(t.rows[2].type, HR_LEAVE);
	assert_int_equal(t.rows[3].date, D(2019, 5, 1)); /* sorted by employee, date */
	assert_int_equal(t.rows[3].value, 0);
	assert_int_equal(t.rows[4].type, HR_WORK_ACCIDENT);
	hr_event_table_release(&t);
	import_report_release(&rep);

	const char *bad =
		"employee,date,event,value\n"
		"E1,2025-01-01,fte,\n"           /* 2: FTE without value */
		"E1,2025-01-02,fte,120\n"        /* 3: out of range */
		"E1,2025-01-03,promotion,\n"     /* 4: unknown */
		"E2,2025-01-01,hire,\n"          /* 5 */
		"E2,2025-01-01,hire,100\n"       /* 6: the same hire twice */
		"E9,2025-01-01,leave,\n"         /* 7: unknown employee */
		"E3,yesterday,leave,\n";         /* 8: date */
	assert_int_equal(parse_ev(bad, &t, &rep), ERR_INVALID);
	assert_int_equal(t.n, 0);
	has_error(&rep, 2, "an FTE change needs the new FTE percentage");
	has_error(&rep, 3, "the FTE percentage '120'");
	has_error(&rep, 4, "unknown event 'promotion'");
	has_error(&rep, 7, "employee 'E9'");
	has_error(&rep, 8, "the date 'yesterday'");
	import_report_release(&rep);
	/* the duplicate is found once the rest is clean */
	const char *dup = "employee,date,event\nE2,2025-01-01,hire\nE2,2025-01-01,hire\n";
	assert_int_equal(parse_ev(dup, &t, &rep), ERR_INVALID);
	has_error(&rep, 3, "the same event for the same employee on the same day as on line 2");
	import_report_release(&rep);
	assert_int_equal(parse_ev("employee,date,event\n", &t, &rep), ERR_INVALID);
	has_error(&rep, 1, "has no events");
	import_report_release(&rep);
}

static void test_error_cap(void **state)
{
	(void)state;
	struct absence_table t;
	struct import_report rep;
	struct buf b = BUF_INIT(1 << 20);
	buf_puts(&b, "employee,start,kind\n");
	for (int i = 0; i < MAX_IMPORT_ERRORS + 500; i++)
		buf_puts(&b, "NOPE,2025-01-01,illness\n");
	assert_int_equal(parse(buf_cstr(&b), LANG_EN, &t, &rep), ERR_INVALID);
	assert_int_equal(rep.n, MAX_IMPORT_ERRORS + 1);
	has_error(&rep, MAX_IMPORT_ERRORS + 2, "more than"); /* the rows start on line 2 */
	import_report_release(&rep);
	buf_release(&b);
}

/* Hostile bytes: no crash, no partial table, an error or a clean parse. */
static void test_hostile(void **state)
{
	(void)state;
	unsigned seed = 7;
	char buf[512];
	const char *base = "employee;start;end;kind;percentage\n"
			   "E1;2025-01-01;2025-01-02;ziekte;50\n";
	for (int round = 0; round < 3000; round++) {
		size_t n = strlen(base);
		memcpy(buf, base, n);
		for (int k = 0; k < 1 + round % 6; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			buf[at] = (char)(seed >> 20);
		}
		struct absence_table t;
		struct import_report rep = {.lang = LANG_FR};
		int rc = absence_parse_records(buf, n, absence_codes_lookup, &codes, &t, &rep);
		if (rc == 0) {
			assert_int_equal(rep.n, 0);
			for (size_t i = 0; i < t.n; i++) {
				assert_true(t.rows[i].pct >= 1 && t.rows[i].pct <= 100);
				assert_true(t.rows[i].kind < ABS_KIND_COUNT);
			}
		} else {
			assert_int_equal(t.n, 0);
			assert_true(rep.n > 0);
		}
		absence_table_release(&t);
		import_report_release(&rep);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_dutch),
		cmocka_unit_test(test_french),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_header_faults),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_replace_and_check),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
