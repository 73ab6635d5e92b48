/*
 * store_absence.h: the storage of absence data (issue 5): absence
 * records, HR events and the absence settings, reached as
 * st->ops->absence.
 *
 * Absence records are personal health data (DOMAIN 6.1): they live in
 * tables of their own that no other part of the store joins with, and
 * only the absence pages and commands read them. Dates are day numbers
 * (days since 1970-01-01, as in core/absence.h); end 0 means the absence
 * is still running.
 *
 * The rows here are plain copies of the core's records (struct
 * absence_record and struct hr_event of core/absence.h) so that the store
 * does not depend on the engine's layout; kind, certificate and type are
 * the core's enum values, which are therefore part of the on-disk format.
 *
 * Every write is all or nothing: one transaction, nothing stored when any
 * row fails. Callbacks get borrowed rows and must not use this store.
 * Functions return 0, the callback's first non-zero result, or an app_err
 * with st->err set.
 */
#ifndef HARTSLAG_STORE_ABSENCE_H
#define HARTSLAG_STORE_ABSENCE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* One absence record (one row of a payroll export). */
struct absence_row {
	long employee_id;
	int32_t start; /* first day, day number */
	int32_t end;   /* last day (inclusive), 0 = still running */
	int kind;      /* enum absence_kind */
	int pct;       /* incapacity 1..100 (50 = half-time resumption) */
	int certificate; /* enum absence_certificate */
};

/* One HR event: hire, leave, change of working time, work accident. */
struct hr_event_row {
	long employee_id;
	int32_t date;
	int type;  /* enum hr_event_type */
	int value; /* working time in percent for hire / fte change, else 0 */
};

/* What the absence pages need to know of an employee (borrowed in callbacks). */
struct absence_staff {
	long id;
	const char *code;
	long unit_id;
	const char *first_name;
	const char *last_name;
	const char *contract; /* "full-time", "part-time", ... as imported */
};

/* Ceilings the store enforces (the importer's are lower). */
#define STORE_ABSENCE_MAX_ROWS 5000000L
#define STORE_ABSENCE_MAX_SETTING_BYTES 4000

struct store_absence_ops {
	/*
	 * Stores the n rows of r in one transaction, first deleting, for each
	 * employee with a row in r, their stored records that start in
	 * [from, to] (an import file is the full set of its employees' records
	 * over the span it covers: absence_import.h). from > to deletes
	 * nothing (adding). Two records of one employee with the same start
	 * are ERR_CONFLICT; an unknown employee, end before start or pct
	 * outside 1..100 ERR_INVALID. Overlaps between records are the
	 * caller's to check (absence_import_check), against the records that
	 * stay. *deleted (may be NULL) gets the number of records replaced.
	 */
	int (*records_put)(struct store *st, const struct absence_row *r, size_t n, int32_t from,
			   int32_t to, long *deleted);
	/* Calls cb for every record, sorted by employee, then start. */
	int (*records_each)(struct store *st,
			    int (*cb)(void *ctx, const struct absence_row *r), void *ctx);
	/* Calls cb for the records of one employee, sorted by start. */
	int (*records_of)(struct store *st, long employee_id,
			  int (*cb)(void *ctx, const struct absence_row *r), void *ctx);
	long (*records_count)(struct store *st);

	/* Like records_put, for HR events, by their date (duplicates are allowed). */
	int (*events_put)(struct store *st, const struct hr_event_row *e, size_t n, int32_t from,
			  int32_t to, long *deleted);
	/* Calls cb for every HR event, sorted by employee, then date. */
	int (*events_each)(struct store *st,
			   int (*cb)(void *ctx, const struct hr_event_row *e), void *ctx);
	int (*events_of)(struct store *st, long employee_id,
			 int (*cb)(void *ctx, const struct hr_event_row *e), void *ctx);

	/*
	 * Calls cb for every employee (id, code, unit, names), sorted by
	 * code: the importer's look-up of codes and the indicators' mapping
	 * of people to units.
	 */
	int (*people_each)(struct store *st,
			   int (*cb)(void *ctx, const struct absence_staff *p), void *ctx);

	/*
	 * The absence settings as named values ("relapse_days" = "14", ...):
	 * settings_each calls cb for each stored one, sorted by name (names
	 * not stored keep the core's defaults); settings_set writes the n
	 * pairs in one transaction, a NULL value deleting the name (back to
	 * the default). Names are 1..64 bytes, values at most
	 * STORE_ABSENCE_MAX_SETTING_BYTES, both UTF-8.
	 */
	int (*settings_each)(struct store *st,
			     int (*cb)(void *ctx, const char *name, const char *value), void *ctx);
	int (*settings_set)(struct store *st, const char *const *names,
			    const char *const *values, size_t n);

	/*
	 * A number that changes whenever records, events or settings change
	 * (what cached indicators depend on); -1 on error.
	 */
	long (*generation)(struct store *st);
};

/* The SQLite back end's table (store_sqlite_absence.c). */
extern const struct store_absence_ops sq_absence_ops;

#endif
