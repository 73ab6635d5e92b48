/*
 * org.h: the organisation as HR systems export it: a tree of units and the
 * employees in them, read from CSV with a row-by-row error report. Pure
 * parsing and validation: the caller stores the result in one transaction
 * only when the report is empty (all or nothing).
 *
 * units.csv columns (header names, case-insensitive; nl/fr/en synonyms
 * accepted, see docs/import.md): unit_id, parent_id, name.
 * employees.csv: employee_id, unit_id, first_name, last_name, email,
 * language, birth_year, start_year, contract, shift, function_group. Only
 * employee_id and unit_id are required.
 */
#ifndef HARTSLAG_ORG_H
#define HARTSLAG_ORG_H

#include "lang.h"
#include "util.h"

struct unit_row {
	char *code;        /* the HR system's unit id */
	char *parent_code; /* NULL for the root */
	char *name;
	long line;
};

struct employee_row {
	char *code; /* the HR system's employee number */
	char *unit_code;
	char *first_name; /* may be "" */
	char *last_name;
	char *email;      /* "" when the employee has no e-mail */
	enum lang lang;
	int birth_year;   /* 0 when unknown */
	int start_year;   /* 0 when unknown */
	char *contract;   /* coarse band, "" when unknown */
	char *shift;
	char *function_group;
	long line;
};

struct row_error {
	long line;
	char *msg; /* owned */
};

/*
 * The problems found in one import, with their lines. Set lang before
 * parsing: every message is written in it (a zeroed report is Dutch).
 */
struct import_report {
	struct row_error *errors;
	size_t n;
	size_t cap;
	long rows;      /* data rows read */
	enum lang lang; /* of the messages */
};

/*
 * Adds a problem. fmt is used as it is: pass T(r->lang, "...") for a
 * translated message.
 */
void import_report_add(struct import_report *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Frees every message; the report is left empty, in the same language. */
void import_report_release(struct import_report *r);

struct unit_table {
	struct unit_row *rows;
	size_t n;
};

struct employee_table {
	struct employee_row *rows;
	size_t n;
};

/*
 * Parses and validates units: required columns, unique ids, exactly one
 * root (or parents that exist in known_codes), parents that exist, no
 * cycles, names not empty. Every problem is added to rep with its line.
 * known_codes (may be NULL) answers whether a unit code exists already in
 * the store. Returns 0 when rep is empty, else ERR_INVALID.
 */
int org_parse_units(const char *data, size_t len, struct unit_table *out,
		    int (*known)(void *ctx, const char *code), void *ctx,
		    struct import_report *rep);
/*
 * Parses and validates employees: unique ids, units that exist in the
 * store (known) or in units (may be NULL), plausible years, a known
 * language (default_lang when the column is absent or empty), e-mail
 * shape. Returns 0 when rep is empty, else ERR_INVALID.
 */
int org_parse_employees(const char *data, size_t len, enum lang default_lang, int this_year,
			const struct unit_table *units,
			int (*known)(void *ctx, const char *code), void *ctx,
			struct employee_table *out, struct import_report *rep);
void unit_table_release(struct unit_table *t);
void employee_table_release(struct employee_table *t);

/* Coarse bands used for breakdowns: 0 when unknown, else 1..5. */
int age_band(int birth_year, int year);    /* <25, 25-34, 35-44, 45-54, 55+ */
int tenure_band(int start_year, int year); /* <1, 1-4, 5-9, 10-19, 20+ years */

#endif
