/*
 * absence_import.h: absence records and HR events from CSV as Belgian
 * payroll and HR systems export them, with a row-by-row error report in
 * the user's language (struct import_report of org.h). Pure parsing and
 * validation: the caller writes the result in one transaction only when
 * the report is empty (all or nothing). Core does no I/O: employee codes
 * are looked up through a callback (or the sorted absence_codes table).
 *
 * absences.csv columns (header names case-insensitive, nl/fr/en synonyms,
 * see docs/absences.md): employee, start, end, kind, percentage,
 * certificate. Only employee, start and kind are required; an empty end is
 * a running absence, an empty percentage is 100. Dates YYYY-MM-DD or
 * DD/MM/YYYY; percentages "50", "50%", "50,0".
 *
 * hr_events.csv columns: employee, date, event (hire, leave, fte, work
 * accident), value (FTE percent for hire and fte).
 *
 * What an import replaces (ABS_IMPORT_REPLACE, the default): the file is
 * the full set of records for the employees in it over the span it covers
 * (its earliest start to its latest end; a running record reaches to the
 * end of time). Stored records of those employees that start within that
 * span are replaced; records of other employees and outside the span stay.
 * ABS_IMPORT_ADD keeps every stored record and adds the file's. In both
 * modes the result must have no overlapping records: absence_import_check()
 * reports any overlap with the stored records that stay.
 */
#ifndef HARTSLAG_ABSENCE_IMPORT_H
#define HARTSLAG_ABSENCE_IMPORT_H

#include "absence.h"
#include "org.h"

enum absence_import_mode {
	ABS_IMPORT_REPLACE = 0,
	ABS_IMPORT_ADD
};

/*
 * Looks up an employee code (NUL-terminated, trimmed, at most
 * MAX_NAME_BYTES). Returns the employee id (> 0), or 0 when unknown.
 */
typedef long (*absence_lookup_fn)(void *ctx, const char *code);

/* A sorted table of codes, a ready-made lookup (ctx = the table). */
struct absence_codes {
	char **code;  /* owned */
	long *id;
	size_t n, cap;
};
/* Adds one code (copied). */
void absence_codes_add(struct absence_codes *t, const char *code, long id);
/* Sorts the table; call once after the adds, before looking up. */
void absence_codes_sort(struct absence_codes *t);
/* The lookup for absence_parse_*: ctx is a sorted struct absence_codes. */
long absence_codes_lookup(void *ctx, const char *code);
void absence_codes_release(struct absence_codes *t);

struct absence_table {
	struct absence_record *rows; /* owned; sorted by employee and start once parsed */
	size_t n;
	int32_t span_from; /* the span the file covers (REPLACE mode), 0/0 when empty */
	int32_t span_to;   /* DAY_OPEN when a record is still running */
};

struct hr_event_table {
	struct hr_event *rows; /* owned, sorted by employee and date once parsed */
	size_t n;
};

/*
 * Parses and validates absences.csv: required columns, known employees,
 * strict dates (end not before start), a known kind, percentages 1..100,
 * a known certificate value, and no two records of one employee sharing a
 * day (both lines are named). Every problem is added to rep with its line
 * (at most MAX_IMPORT_ERRORS). Returns 0 when rep is empty, else
 * ERR_INVALID (out is then empty).
 */
int absence_parse_records(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			  struct absence_table *out, struct import_report *rep);

/*
 * Parses and validates hr_events.csv: known employees, strict dates, a
 * known event, an FTE percent 1..100 where the event takes one (a hire
 * without one keeps 100), no two hires or leaves of one employee on one
 * day. Returns 0 when rep is empty, else ERR_INVALID.
 */
int absence_parse_events(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			 struct hr_event_table *out, struct import_report *rep);

/*
 * Whether the stored record r is replaced by an import of t in mode m:
 * r's employee is in t and r starts within t's span (REPLACE), never (ADD).
 */
int absence_import_replaces(const struct absence_table *t, enum absence_import_mode m,
			    const struct absence_record *r);

/*
 * Checks t against the stored records of the same employees (stored,
 * any order; may contain other employees): every stored record that
 * stays must not share a day with a record of the file. Reports each
 * conflict with the file's line and the stored record's dates. Returns 0
 * when nothing was added to rep, else ERR_INVALID.
 */
int absence_import_check(const struct absence_table *t, enum absence_import_mode m,
			 const struct absence_record *stored, size_t nstored,
			 struct import_report *rep);

void absence_table_release(struct absence_table *t);
void hr_event_table_release(struct hr_event_table *t);

/*
 * Value synonyms, for the web form's help text: the kind a value of the
 * kind column means (nl/fr/en, case-insensitive), or -1.
 */
int absence_kind_parse(struct str v);
/* The certificate a value means ("" = unknown), or -1. */
int absence_cert_parse(struct str v);
/* The HR event type a value means, or -1. */
int hr_event_parse(struct str v);
/*
 * A percentage: "50", "50%", "50,0", "50.0 %", 1..100 (decimals are
 * rounded to the nearest whole percent). Returns 0 and sets *out, or -1.
 */
int absence_pct_parse(struct str v, int *out);

#endif
