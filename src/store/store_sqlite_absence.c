/*
 * store_sqlite_absence.c: the SQLite part "absence" (store/store_absence.h):
 * absence records, HR events and absence settings.
 *
 * The absences table is keyed by (employee, start) WITHOUT ROWID, so the
 * rows lie in the order every reader wants (employee, then start) and a
 * bulk import that inserts in that order appends to the B-tree instead of
 * seeking: one million records go in one transaction through one
 * prepared insert, with no secondary index to maintain.
 *
 * The generation counter is bumped once per write, not by triggers:
 * SQLite triggers fire per row, and a million of them would double the
 * cost of an import.
 *
 * Statement slots: SQ_X_ABSENCE + 0..31 (32..63 belong to
 * store_sqlite_absence_followup.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"
#include "core/util.h"
#include "store/sq_int.h"
#include "store/store_absence.h"

static const char *const absence_migrations[] = {
	/*
	 * 1: absence records (kept apart: health data, DOMAIN 6.1), HR
	 * events, settings as named values, and a generation counter for
	 * caches of indicators.
	 */
	"CREATE TABLE absences ("
	" employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,"
	" start_day INTEGER NOT NULL,"
	" end_day INTEGER NOT NULL CHECK (end_day = 0 OR end_day >= start_day),"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 31),"
	" pct INTEGER NOT NULL CHECK (pct BETWEEN 1 AND 100),"
	" certificate INTEGER NOT NULL CHECK (certificate BETWEEN 0 AND 31),"
	" PRIMARY KEY (employee_id, start_day)"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE hr_events ("
	" id INTEGER PRIMARY KEY,"
	" employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,"
	" day INTEGER NOT NULL,"
	" type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 31),"
	" value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100)"
	") STRICT;"
	"CREATE INDEX hr_events_employee ON hr_events (employee_id, day);"

	"CREATE TABLE absence_settings ("
	" name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),"
	" value TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE absence_generation ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" n INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO absence_generation VALUES (1, 0);",

	/*
	 * 2: a person who joins, leaves or moves to another unit changes the
	 * unit figures too: such changes move the generation as well, so
	 * that a cache of figures keyed by it (the server's) is never stale.
	 */
	"CREATE TRIGGER absence_gen_emp_ins AFTER INSERT ON employees BEGIN"
	" UPDATE absence_generation SET n = n + 1 WHERE id = 1; END;"
	"CREATE TRIGGER absence_gen_emp_upd AFTER UPDATE OF unit_id ON employees BEGIN"
	" UPDATE absence_generation SET n = n + 1 WHERE id = 1; END;"
	"CREATE TRIGGER absence_gen_emp_del AFTER DELETE ON employees BEGIN"
	" UPDATE absence_generation SET n = n + 1 WHERE id = 1; END;",
};

const struct sq_part sq_absence_part = {
	.name = "absence",
	.migrations = absence_migrations,
	.n = ARRAY_SIZE(absence_migrations),
};

enum {
	AQ_REC_DELETE = SQ_X_ABSENCE,
	AQ_REC_INSERT,
	AQ_REC_EACH,
	AQ_REC_OF,
	AQ_REC_COUNT,
	AQ_EV_DELETE,
	AQ_EV_INSERT,
	AQ_EV_EACH,
	AQ_EV_OF,
	AQ_PEOPLE,
	AQ_SET_EACH,
	AQ_SET_PUT,
	AQ_SET_DEL,
	AQ_GEN_BUMP,
	AQ_GEN_GET,
	AQ_LAST /* must stay <= SQ_X_ABSENCE + 32 */
};

_Static_assert(AQ_LAST <= SQ_X_ABSENCE + 32, "absence statement slots overflow");

static const char *const aq_sql[] = {
	[AQ_REC_DELETE - SQ_X_ABSENCE] =
		"DELETE FROM absences WHERE employee_id = ?3 AND start_day BETWEEN ?1 AND ?2",
	[AQ_REC_INSERT - SQ_X_ABSENCE] =
		"INSERT INTO absences (employee_id, start_day, end_day, kind, pct, certificate)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[AQ_REC_EACH - SQ_X_ABSENCE] =
		"SELECT employee_id, start_day, end_day, kind, pct, certificate FROM absences"
		" ORDER BY employee_id, start_day",
	[AQ_REC_OF - SQ_X_ABSENCE] =
		"SELECT employee_id, start_day, end_day, kind, pct, certificate FROM absences"
		" WHERE employee_id = ?1 ORDER BY start_day",
	[AQ_REC_COUNT - SQ_X_ABSENCE] = "SELECT count(*) FROM absences",
	[AQ_EV_DELETE - SQ_X_ABSENCE] =
		"DELETE FROM hr_events WHERE employee_id = ?3 AND day BETWEEN ?1 AND ?2",
	[AQ_EV_INSERT - SQ_X_ABSENCE] =
		"INSERT INTO hr_events (employee_id, day, type, value) VALUES (?1, ?2, ?3, ?4)",
	[AQ_EV_EACH - SQ_X_ABSENCE] = "SELECT employee_id, day, type, value FROM hr_events"
				      " ORDER BY employee_id, day, id",
	[AQ_EV_OF - SQ_X_ABSENCE] = "SELECT employee_id, day, type, value FROM hr_events"
				    " WHERE employee_id = ?1 ORDER BY day, id",
	[AQ_PEOPLE - SQ_X_ABSENCE] =
		"SELECT id, code, unit_id, first_name, last_name, contract FROM employees"
		" ORDER BY code",
	[AQ_SET_EACH - SQ_X_ABSENCE] = "SELECT name, value FROM absence_settings ORDER BY name",
	[AQ_SET_PUT - SQ_X_ABSENCE] =
		"INSERT INTO absence_settings (name, value) VALUES (?1, ?2)"
		" ON CONFLICT (name) DO UPDATE SET value = ?2",
	[AQ_SET_DEL - SQ_X_ABSENCE] = "DELETE FROM absence_settings WHERE name = ?1",
	[AQ_GEN_BUMP - SQ_X_ABSENCE] = "UPDATE absence_generation SET n = n + 1 WHERE id = 1",
	[AQ_GEN_GET - SQ_X_ABSENCE] = "SELECT n FROM absence_generation WHERE id = 1",
};

static sqlite3_stmt *aq(struct sq *s, int slot)
{
	return sq_xstmt(s, slot, aq_sql[slot - SQ_X_ABSENCE]);
}

static int aq_bump(struct sq *s)
{
	sqlite3_stmt *q = aq(s, AQ_GEN_BUMP);

	return q ? sq_run(s, q, "cannot update the absence generation") : ERR_IO;
}

static int row_cmp(const void *a, const void *b)
{
	const struct absence_row *x = *(const struct absence_row *const *)a;
	const struct absence_row *y = *(const struct absence_row *const *)b;

	if (x->employee_id != y->employee_id)
		return x->employee_id < y->employee_id ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static int row_check(struct store *st, const struct absence_row *r, size_t i)
{
	if (r->employee_id <= 0)
		return diag_set(&st->err, 0, "absence %zu: no employee", i + 1);
	if (r->end != 0 && r->end < r->start)
		return diag_set(&st->err, 0, "absence %zu: ends before it starts", i + 1);
	if (r->pct < 1 || r->pct > 100)
		return diag_set(&st->err, 0, "absence %zu: percentage %d outside 1..100", i + 1,
				r->pct);
	if (r->kind < 0 || r->kind > 31 || r->certificate < 0 || r->certificate > 31)
		return diag_set(&st->err, 0, "absence %zu: unknown kind or certificate", i + 1);
	return 0;
}

/* Deletes employee's rows of slot whose day lies in [from, to]; adds the count to *n. */
static int aq_delete_range(struct sq *s, int slot, long employee, int32_t from, int32_t to,
			   long *n)
{
	sqlite3_stmt *q;
	int rc;

	if (from > to)
		return 0;
	if (!(q = aq(s, slot)))
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, from);
	if (!rc)
		rc = sq_bind_int(s, q, 2, to);
	if (!rc)
		rc = sq_bind_int(s, q, 3, employee);
	if (!rc)
		rc = sq_run(s, q, "cannot delete absence data");
	else
		sq_done(q);
	if (!rc)
		*n += (long)sqlite3_changes(sq_db(s));
	return rc;
}

static int aq_insert_rows(struct store *st, const struct absence_row *const *p, size_t n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_REC_INSERT);
	int rc = 0;

	if (!q)
		return ERR_IO;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct absence_row *r = p[i];
		if (sqlite3_bind_int64(q, 1, r->employee_id) != SQLITE_OK ||
		    sqlite3_bind_int(q, 2, r->start) != SQLITE_OK ||
		    sqlite3_bind_int(q, 3, r->end) != SQLITE_OK ||
		    sqlite3_bind_int(q, 4, r->kind) != SQLITE_OK ||
		    sqlite3_bind_int(q, 5, r->pct) != SQLITE_OK ||
		    sqlite3_bind_int(q, 6, r->certificate) != SQLITE_OK) {
			rc = sq_fail(s, "cannot store an absence");
			break;
		}
		if (sqlite3_step(q) != SQLITE_DONE) {
			rc = sq_fail(s, "cannot store an absence");
			if (rc == ERR_CONFLICT)
				diag_set(&st->err, 0,
					 "two absences of employee %ld start on the same day",
					 r->employee_id);
			else if (sqlite3_extended_errcode(sq_db(s)) == SQLITE_CONSTRAINT_FOREIGNKEY)
				diag_set(&st->err, 0, "absence of unknown employee %ld",
					 r->employee_id);
		}
		sqlite3_reset(q);
	}
	sq_done(q);
	return rc;
}

static int sqa_records_put(struct store *st, const struct absence_row *r, size_t n,
			   int32_t from, int32_t to, long *deleted)
{
	struct sq *s = sq_of(st);
	const struct absence_row **p = NULL;
	long gone = 0;
	int rc = 0;

	if (deleted)
		*deleted = 0;
	if (n > (size_t)STORE_ABSENCE_MAX_ROWS)
		return diag_set(&st->err, 0, "more than %ld absences", STORE_ABSENCE_MAX_ROWS);
	for (size_t i = 0; i < n; i++) {
		if ((rc = row_check(st, &r[i], i)))
			return rc;
	}
	/* inserting in key order appends to the B-tree: no seeks */
	if (n) {
		p = xmalloc(n * sizeof(*p));
		for (size_t i = 0; i < n; i++)
			p[i] = &r[i];
		qsort(p, n, sizeof(*p), row_cmp);
	}
	if ((rc = sq_begin(s)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		if (i == 0 || p[i]->employee_id != p[i - 1]->employee_id)
			rc = aq_delete_range(s, AQ_REC_DELETE, p[i]->employee_id, from, to, &gone);
	}
	if (!rc)
		rc = aq_insert_rows(st, p, n);
	if (!rc)
		rc = aq_bump(s);
	rc = sq_end(s, rc);
	if (!rc && deleted)
		*deleted = gone;
out:
	free(p);
	return rc;
}

static int aq_each_row(struct sq *s, sqlite3_stmt *q, int rc,
		       int (*cb)(void *ctx, const struct absence_row *r), void *ctx)
{
	while (!rc && (rc = sq_step(s, q, "cannot read absences")) == 1) {
		struct absence_row r = {
			.employee_id = (long)sqlite3_column_int64(q, 0),
			.start = (int32_t)sqlite3_column_int(q, 1),
			.end = (int32_t)sqlite3_column_int(q, 2),
			.kind = sqlite3_column_int(q, 3),
			.pct = sqlite3_column_int(q, 4),
			.certificate = sqlite3_column_int(q, 5),
		};
		rc = cb(ctx, &r);
	}
	sq_done(q);
	return rc;
}

static int sqa_records_each(struct store *st, int (*cb)(void *ctx, const struct absence_row *r),
			    void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_REC_EACH);

	return q ? aq_each_row(s, q, 0, cb, ctx) : ERR_IO;
}

static int sqa_records_of(struct store *st, long employee_id,
			  int (*cb)(void *ctx, const struct absence_row *r), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_REC_OF);

	return q ? aq_each_row(s, q, sq_bind_int(s, q, 1, employee_id), cb, ctx) : ERR_IO;
}

static long sqa_count(struct sq *s, int slot, const char *what)
{
	sqlite3_stmt *q = aq(s, slot);
	long n = -1;

	if (!q)
		return -1;
	if (sq_step(s, q, what) == 1)
		n = (long)sqlite3_column_int64(q, 0);
	sq_done(q);
	return n;
}

static long sqa_records_count(struct store *st)
{
	return sqa_count(sq_of(st), AQ_REC_COUNT, "cannot count absences");
}

static int sqa_events_put(struct store *st, const struct hr_event_row *e, size_t n,
			  int32_t from, int32_t to, long *deleted)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long gone = 0;
	int rc = 0;

	if (deleted)
		*deleted = 0;
	if (n > (size_t)STORE_ABSENCE_MAX_ROWS)
		return diag_set(&st->err, 0, "more than %ld HR events", STORE_ABSENCE_MAX_ROWS);
	for (size_t i = 0; i < n; i++) {
		if (e[i].employee_id <= 0 || e[i].type < 0 || e[i].type > 31 || e[i].value < 0 ||
		    e[i].value > 100)
			return diag_set(&st->err, 0, "HR event %zu: invalid", i + 1);
	}
	if (!(q = aq(s, AQ_EV_INSERT)))
		return ERR_IO;
	if ((rc = sq_begin(s)))
		return rc;
	/* events come sorted by employee from the importer; a repeat delete finds nothing */
	for (size_t i = 0; i < n && !rc; i++) {
		if (i == 0 || e[i].employee_id != e[i - 1].employee_id)
			rc = aq_delete_range(s, AQ_EV_DELETE, e[i].employee_id, from, to, &gone);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		if (sqlite3_bind_int64(q, 1, e[i].employee_id) != SQLITE_OK ||
		    sqlite3_bind_int(q, 2, e[i].date) != SQLITE_OK ||
		    sqlite3_bind_int(q, 3, e[i].type) != SQLITE_OK ||
		    sqlite3_bind_int(q, 4, e[i].value) != SQLITE_OK ||
		    sqlite3_step(q) != SQLITE_DONE) {
			rc = sq_fail(s, "cannot store an HR event");
			if (sqlite3_extended_errcode(sq_db(s)) == SQLITE_CONSTRAINT_FOREIGNKEY)
				diag_set(&st->err, 0, "HR event of unknown employee %ld",
					 e[i].employee_id);
		}
		sqlite3_reset(q);
	}
	sq_done(q);
	if (!rc)
		rc = aq_bump(s);
	rc = sq_end(s, rc);
	if (!rc && deleted)
		*deleted = gone;
	return rc;
}

static int aq_each_event(struct sq *s, sqlite3_stmt *q, int rc,
			 int (*cb)(void *ctx, const struct hr_event_row *e), void *ctx)
{
	while (!rc && (rc = sq_step(s, q, "cannot read HR events")) == 1) {
		struct hr_event_row e = {
			.employee_id = (long)sqlite3_column_int64(q, 0),
			.date = (int32_t)sqlite3_column_int(q, 1),
			.type = sqlite3_column_int(q, 2),
			.value = sqlite3_column_int(q, 3),
		};
		rc = cb(ctx, &e);
	}
	sq_done(q);
	return rc;
}

static int sqa_events_each(struct store *st, int (*cb)(void *ctx, const struct hr_event_row *e),
			   void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_EV_EACH);

	return q ? aq_each_event(s, q, 0, cb, ctx) : ERR_IO;
}

static int sqa_events_of(struct store *st, long employee_id,
			 int (*cb)(void *ctx, const struct hr_event_row *e), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_EV_OF);

	return q ? aq_each_event(s, q, sq_bind_int(s, q, 1, employee_id), cb, ctx) : ERR_IO;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);

	return t ? t : "";
}

static int sqa_people_each(struct store *st,
			   int (*cb)(void *ctx, const struct absence_staff *p), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_PEOPLE);
	int rc = 0;

	if (!q)
		return ERR_IO;
	while (!rc && (rc = sq_step(s, q, "cannot read employees")) == 1) {
		struct absence_staff p = {
			.id = (long)sqlite3_column_int64(q, 0),
			.code = col_text(q, 1),
			.unit_id = (long)sqlite3_column_int64(q, 2),
			.first_name = col_text(q, 3),
			.last_name = col_text(q, 4),
			.contract = col_text(q, 5),
		};
		rc = cb(ctx, &p);
	}
	sq_done(q);
	return rc;
}

static int sqa_settings_each(struct store *st,
			     int (*cb)(void *ctx, const char *name, const char *value), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = aq(s, AQ_SET_EACH);
	int rc = 0;

	if (!q)
		return ERR_IO;
	while (!rc && (rc = sq_step(s, q, "cannot read absence settings")) == 1)
		rc = cb(ctx, col_text(q, 0), col_text(q, 1));
	sq_done(q);
	return rc;
}

static int sqa_settings_set(struct store *st, const char *const *names,
			    const char *const *values, size_t n)
{
	struct sq *s = sq_of(st);
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = sq_check_text(s, "a setting's name", names[i], 64, 1);
		if (!rc && values[i])
			rc = sq_check_text(s, "a setting's value", values[i],
					   STORE_ABSENCE_MAX_SETTING_BYTES, 0);
	}
	if (rc)
		return rc;
	if ((rc = sq_begin(s)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_stmt *q = aq(s, values[i] ? AQ_SET_PUT : AQ_SET_DEL);
		if (!q) {
			rc = ERR_IO;
			break;
		}
		rc = sq_bind_text(s, q, 1, names[i]);
		if (!rc && values[i])
			rc = sq_bind_text(s, q, 2, values[i]);
		if (!rc)
			rc = sq_run(s, q, "cannot store an absence setting");
		else
			sq_done(q);
	}
	if (!rc)
		rc = aq_bump(s);
	return sq_end(s, rc);
}

static long sqa_generation(struct store *st)
{
	return sqa_count(sq_of(st), AQ_GEN_GET, "cannot read the absence generation");
}

const struct store_absence_ops sq_absence_ops = {
	.records_put = sqa_records_put,
	.records_each = sqa_records_each,
	.records_of = sqa_records_of,
	.records_count = sqa_records_count,
	.events_put = sqa_events_put,
	.events_each = sqa_events_each,
	.events_of = sqa_events_of,
	.people_each = sqa_people_each,
	.settings_each = sqa_settings_each,
	.settings_set = sqa_settings_set,
	.generation = sqa_generation,
};
