/*
 * sq_int.h: the inside of the SQLite back end, shared by its files.
 *
 * store_sqlite.c holds the connection, the core schema and the core
 * queries. A feature (absences, actions, workshops...) keeps its tables
 * and queries in a file of its own, store_sqlite_<feature>.c, with:
 *
 *  - its schema as a part (struct sq_part): a name and a list of
 *    migrations, applied in order after the core schema, its version kept
 *    in the table schema_parts. Register it with one line in sq_parts[]
 *    in store_sqlite.c. Never edit a shipped migration: add one.
 *  - its statements in the slots of its range below, prepared once per
 *    connection by sq_xstmt(s, slot, sql) and kept.
 *  - its operations as its own table of function pointers, reached from
 *    struct store_ops.
 *
 * The helpers behave as in store_sqlite.c: every statement is prepared
 * and bound, ended with sq_done(); errors land in s->base.err (the
 * caller's st->err) and come back as an app_err.
 */
#ifndef HARTSLAG_SQ_INT_H
#define HARTSLAG_SQ_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/lang.h"
#include "store/store.h"

/* Statement slots of the feature files: each feature owns a range. */
enum {
	SQ_X_ABSENCE = 0,   /* store_sqlite_absence.c: 0..63 */
	SQ_X_ACTION = 64,   /* store_sqlite_action.c: 64..127 */
	SQ_X_WORKSHOP = 128,/* store_sqlite_workshop.c: 128..191 */
	SQ_XSTMT_MAX = 192
};

struct sq_part {
	const char *name;               /* "absence", ... */
	const char *const *migrations;  /* SQL scripts, in order */
	size_t n;
};

struct sq;

/* The parts' schemas, registered in sq_parts[] (store_sqlite.c). */
extern const struct sq_part sq_absence_part; /* store_sqlite_absence.c */

struct sq *sq_of(struct store *st);
sqlite3 *sq_db(struct sq *s);
/* The server key (SERVER_KEY_BYTES) that seals tokens; see store/token.h. */
const uint8_t *sq_key(struct sq *s);

/* The prepared statement of a feature slot (prepared on first use), or NULL with st->err set. */
sqlite3_stmt *sq_xstmt(struct sq *s, int slot, const char *sql);

/*
 * Records the connection's last error, prefixed by what, and maps it: a
 * duplicate key is ERR_CONFLICT, another broken constraint ERR_INVALID,
 * else ERR_IO.
 */
int sq_fail(struct sq *s, const char *what);
/* Ends a use of a statement: reset and clear its bindings (NULL is fine). */
void sq_done(sqlite3_stmt *q);
/* Steps q: 1 for a row, 0 when done, a negative app_err on error. */
int sq_step(struct sq *s, sqlite3_stmt *q, const char *what);
/* Runs a statement that returns no rows, and ends its use. */
int sq_run(struct sq *s, sqlite3_stmt *q, const char *what);
int sq_bind_int(struct sq *s, sqlite3_stmt *q, int i, int64_t v);
/* Binds a NUL-terminated text; NULL binds "". */
int sq_bind_text(struct sq *s, sqlite3_stmt *q, int i, const char *t);
/* Binds a blob of n bytes; NULL binds SQL NULL. */
int sq_bind_blob(struct sq *s, sqlite3_stmt *q, int i, const void *p, size_t n);
/* Binds an id, 0 meaning none (SQL NULL). */
int sq_bind_id_or_null(struct sq *s, sqlite3_stmt *q, int i, long id);
/* A text column as a new string ("" for NULL); caller frees. */
char *sq_col_str(sqlite3_stmt *q, int i);
/* A blob column as a new buffer (NULL when SQL NULL or empty); caller frees. */
uint8_t *sq_col_blob(sqlite3_stmt *q, int i, size_t *len);
enum lang sq_col_lang(sqlite3_stmt *q, int i);
/* BEGIN IMMEDIATE. */
int sq_begin(struct sq *s);
int sq_commit(struct sq *s);
/* Rolls back the open transaction, if any. */
void sq_rollback(struct sq *s);
/* Ends a write transaction: commits when rc is 0, else rolls back; returns rc or the commit's. */
int sq_end(struct sq *s, int rc);
/* A random positive 63-bit id (row ids then say nothing about insert order). */
int64_t sq_random_id(void);
/*
 * Runs an insert whose ?1 is the row id, with a random id, drawing again
 * on a collision. The caller binds the rest and ends the statement's use.
 */
int sq_insert_random(struct sq *s, sqlite3_stmt *q, const char *what);
/* Checks a caller's text: present when required, at most max bytes, UTF-8; ERR_INVALID else. */
int sq_check_text(struct sq *s, const char *what, const char *t, size_t max, int required);
/* Checks "YYYY-MM-DD" with a plausible month and day. */
int sq_date_ok(const char *d);

#endif
