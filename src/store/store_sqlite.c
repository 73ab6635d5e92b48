/*
 * store_sqlite.c: the SQLite back end of store.h.
 *
 * One struct sq is one connection (NOMUTEX: one thread at a time). Every
 * query is a prepared statement, prepared once per connection on first
 * use and kept (SQLITE_PREPARE_PERSISTENT), always bound, and reset and
 * cleared after use. Writes that touch more than one row run inside
 * BEGIN IMMEDIATE ... COMMIT and roll back on any error, so a failure
 * leaves nothing half-written. The schema and the reasons behind it are in
 * docs/storage.md.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/org.h"
#include "core/util.h"
#include "store/sq_int.h"
#include "store/store_absence.h"
#include "store/store_absence_followup.h"
#include "store/store_action.h"
#include "store/store_workshop.h"
#include "store/token.h"

/*
 * Schema migrations, applied in order in one transaction each; the
 * database's PRAGMA user_version counts the ones applied. Never edit a
 * shipped entry: add a new one.
 */
static const char *const sq_migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE org ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" name TEXT NOT NULL DEFAULT 'Organisation',"
	" lang TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'fr', 'en')),"
	" min_group INTEGER NOT NULL DEFAULT 5 CHECK (min_group >= 3),"
	" comment_min INTEGER NOT NULL DEFAULT 10,"
	" base_url TEXT NOT NULL DEFAULT '',"
	" help_trusted TEXT NOT NULL DEFAULT '',"
	" help_advisor TEXT NOT NULL DEFAULT '',"
	" help_eap TEXT NOT NULL DEFAULT '',"
	" help_other TEXT NOT NULL DEFAULT '',"
	" CHECK (comment_min >= min_group)"
	") STRICT;"
	"INSERT INTO org (id) VALUES (1);"

	"CREATE TABLE units ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" parent_id INTEGER REFERENCES units (id),"
	" name TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX units_parent ON units (parent_id);"

	"CREATE TABLE employees ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" unit_id INTEGER NOT NULL REFERENCES units (id),"
	" first_name TEXT NOT NULL DEFAULT '',"
	" last_name TEXT NOT NULL DEFAULT '',"
	" email TEXT NOT NULL DEFAULT '',"
	" lang TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'fr', 'en')),"
	" birth_year INTEGER NOT NULL DEFAULT 0,"
	" start_year INTEGER NOT NULL DEFAULT 0,"
	" contract TEXT NOT NULL DEFAULT '',"
	" shift TEXT NOT NULL DEFAULT '',"
	" function_group TEXT NOT NULL DEFAULT ''"
	") STRICT;"
	"CREATE INDEX employees_unit ON employees (unit_id);"

	"CREATE TABLE instruments ("
	" id INTEGER PRIMARY KEY,"
	" ident TEXT NOT NULL,"
	" version INTEGER NOT NULL,"
	" source BLOB NOT NULL,"
	" UNIQUE (ident, version)"
	") STRICT;"

	"CREATE TABLE waves ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" instrument_id INTEGER NOT NULL REFERENCES instruments (id),"
	" opens TEXT NOT NULL,"
	" closes TEXT NOT NULL,"
	" status INTEGER NOT NULL CHECK (status IN (1, 2))"
	") STRICT;"

	"CREATE TABLE wave_units ("
	" wave_id INTEGER NOT NULL REFERENCES waves (id),"
	" unit_id INTEGER NOT NULL REFERENCES units (id),"
	" PRIMARY KEY (wave_id, unit_id)"
	") STRICT, WITHOUT ROWID;"

	/* keyed by the token hash: no rowid, no time */
	"CREATE TABLE invitations ("
	" token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),"
	" wave_id INTEGER NOT NULL REFERENCES waves (id),"
	" employee_id INTEGER NOT NULL REFERENCES employees (id),"
	" sealed BLOB NOT NULL,"
	" used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),"
	" draft BLOB,"
	" lang TEXT NOT NULL CHECK (lang IN ('nl', 'fr', 'en')),"
	" UNIQUE (wave_id, employee_id)"
	") STRICT, WITHOUT ROWID;"

	/* random ids; no employee, no invitation, no time */
	"CREATE TABLE responses ("
	" id INTEGER PRIMARY KEY,"
	" wave_id INTEGER NOT NULL REFERENCES waves (id),"
	" unit_id INTEGER NOT NULL REFERENCES units (id),"
	" age_band INTEGER NOT NULL DEFAULT 0,"
	" tenure_band INTEGER NOT NULL DEFAULT 0,"
	" contract TEXT NOT NULL DEFAULT '',"
	" shift TEXT NOT NULL DEFAULT '',"
	" function_group TEXT NOT NULL DEFAULT '',"
	" answers BLOB NOT NULL"
	") STRICT;"
	"CREATE INDEX responses_wave ON responses (wave_id);"

	/* apart from responses, so that a comment cannot be joined to answers */
	"CREATE TABLE comments ("
	" id INTEGER PRIMARY KEY,"
	" wave_id INTEGER NOT NULL REFERENCES waves (id),"
	" unit_id INTEGER NOT NULL REFERENCES units (id),"
	" question INTEGER NOT NULL,"
	" text TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX comments_wave ON comments (wave_id);"

	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" pw_hash TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" unit_id INTEGER REFERENCES units (id),"
	" lang TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'fr', 'en')),"
	" display_name TEXT NOT NULL DEFAULT ''"
	") STRICT;"

	"CREATE TABLE sessions ("
	" hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	" user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	" created INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" csrf TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions (user_id);",

	/*
	 * 2: a generation counter that moves whenever what closed-wave reports
	 * are computed from may change (units, waves, settings), so that a
	 * server can keep a loaded report until it does.
	 */
	"CREATE TABLE generation ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" n INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO generation VALUES (1, 0);"
	"CREATE TRIGGER gen_units_ins AFTER INSERT ON units BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_units_upd AFTER UPDATE ON units BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_units_del AFTER DELETE ON units BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_waves_ins AFTER INSERT ON waves BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_waves_upd AFTER UPDATE ON waves BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_waves_del AFTER DELETE ON waves BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_org_upd AFTER UPDATE ON org BEGIN"
	" UPDATE generation SET n = n + 1; END;",

	/* 3: the external benchmark (norm) reports compare with, as its file */
	"CREATE TABLE norm ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" name TEXT NOT NULL,"
	" source BLOB NOT NULL"
	") STRICT;"
	"CREATE TRIGGER gen_norm_ins AFTER INSERT ON norm BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_norm_upd AFTER UPDATE ON norm BEGIN"
	" UPDATE generation SET n = n + 1; END;"
	"CREATE TRIGGER gen_norm_del AFTER DELETE ON norm BEGIN"
	" UPDATE generation SET n = n + 1; END;",

	/*
	 * 4: the audit log of what staff and the CLI change or look at;
	 * append-only (never anything from answering a survey).
	 */
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object TEXT NOT NULL,"
	" detail TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	" SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	" SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/*
	 * 5: single-use password reset links issued by an administrator;
	 * only the token's hash is kept.
	 */
	"CREATE TABLE password_resets ("
	" hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	" user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	" expires INTEGER NOT NULL,"
	" used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX password_resets_user ON password_resets (user_id);",

	/*
	 * 6: TOTP second factor: the secret sealed with the server key, the
	 * last step whose code was accepted (a code works once), and logins
	 * waiting for their code after the right password.
	 */
	"ALTER TABLE users ADD COLUMN totp_sealed BLOB;"
	"ALTER TABLE users ADD COLUMN totp_last INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE pending_logins ("
	" hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	" user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	" created INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;",

	/*
	 * 7: the schema versions of the feature parts (absences, actions,
	 * workshops...), which migrate on their own (sq_int.h, sq_parts).
	 */
	"CREATE TABLE schema_parts ("
	" part TEXT PRIMARY KEY,"
	" version INTEGER NOT NULL CHECK (version >= 0)"
	") STRICT, WITHOUT ROWID;",
};

/*
 * The feature parts, each with its own list of migrations, applied after
 * the core schema in this order (a part may reference tables of the core
 * and of the parts before it). Adding a part is one line here.
 */
static const struct sq_part *const sq_parts[] = {
	&sq_absence_part,
	&sq_part_absence_followup,
	&sq_action_part,
	&sq_workshop_part,
	NULL, /* keeps the array non-empty */
};

enum sq_query {
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SYNC_FULL,
	Q_SYNC_OFF,
	Q_ORG_GET,
	Q_ORG_SET,
	Q_UNIT_UPSERT,
	Q_UNIT_ID,
	Q_UNIT_SET_PARENT,
	Q_UNIT_TREE_CHECK,
	Q_UNIT_CODE_EXISTS,
	Q_UNIT_ID_EXISTS,
	Q_UNITS_ALL,
	Q_EMP_UPSERT,
	Q_EMP_COUNT,
	Q_INS_FIND,
	Q_INS_ADD,
	Q_INS_SOURCE,
	Q_WAVE_ADD,
	Q_WAVE_UNIT_ADD,
	Q_WAVE_POPULATION,
	Q_INV_ADD,
	Q_WAVE_GET,
	Q_WAVE_LIST,
	Q_WAVE_CLOSE,
	Q_WAVE_DROP_DRAFTS,
	Q_WAVE_STATUS,
	Q_WAVE_PARTICIPATION,
	Q_WAVE_INVITATIONS,
	Q_INV_GET,
	Q_INV_STATE,
	Q_INV_DRAFT,
	Q_INV_USE,
	Q_INV_ANY,
	Q_RESP_ADD,
	Q_COMMENT_ADD,
	Q_RESP_COUNT,
	Q_RESP_EACH,
	Q_COMMENT_EACH,
	Q_USER_ADD,
	Q_USER_GET,
	Q_USER_BY_LOGIN,
	Q_USER_SET_PW,
	Q_SESS_PUT,
	Q_SESS_GET,
	Q_SESS_TOUCH,
	Q_SESS_DELETE,
	Q_SESS_EXPIRE,
	Q_EMPLOYEE_NAMES,
	Q_GENERATION,
	Q_NORM_PUT,
	Q_NORM_GET,
	Q_NORM_CLEAR,
	Q_AUDIT_ADD,
	Q_AUDIT_EACH,
	Q_RESET_PUT,
	Q_RESET_CHECK,
	Q_RESET_USE,
	Q_SESS_DELETE_USER,
	Q_TOTP_SET,
	Q_TOTP_GET,
	Q_TOTP_USE,
	Q_PENDING_PUT,
	Q_PENDING_EXPIRE,
	Q_PENDING_GET,
	Q_PENDING_DELETE,
	Q_COUNT
};

#define WAVE_COLUMNS                                                                       \
	"SELECT w.id, w.title, w.instrument_id, w.opens, w.closes, w.status,"              \
	" (SELECT count(*) FROM invitations i WHERE i.wave_id = w.id),"                    \
	" (SELECT count(*) FROM invitations i WHERE i.wave_id = w.id AND i.used = 1)"      \
	" FROM waves w"
#define USER_COLUMNS "SELECT id, login, pw_hash, role, unit_id, lang, display_name FROM users"

static const char *const sq_sql[Q_COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_SYNC_FULL] = "PRAGMA synchronous = FULL",
	[Q_SYNC_OFF] = "PRAGMA synchronous = OFF",
	[Q_ORG_GET] = "SELECT name, lang, min_group, comment_min, base_url, help_trusted,"
		      " help_advisor, help_eap, help_other FROM org WHERE id = 1",
	[Q_ORG_SET] = "UPDATE org SET name = ?1, lang = ?2, min_group = ?3, comment_min = ?4,"
		      " base_url = ?5, help_trusted = ?6, help_advisor = ?7, help_eap = ?8,"
		      " help_other = ?9 WHERE id = 1",
	[Q_UNIT_UPSERT] = "INSERT INTO units (code, name) VALUES (?1, ?2)"
			  " ON CONFLICT (code) DO UPDATE SET name = excluded.name",
	[Q_UNIT_ID] = "SELECT id FROM units WHERE code = ?1",
	[Q_UNIT_SET_PARENT] = "UPDATE units SET parent_id = ?2 WHERE code = ?1",
	/* total, roots, reachable from a root within ?1 levels, deepest, one unreached code */
	[Q_UNIT_TREE_CHECK] =
		"WITH RECURSIVE t (id, depth) AS ("
		" SELECT id, 0 FROM units WHERE parent_id IS NULL"
		" UNION ALL SELECT u.id, t.depth + 1 FROM units u JOIN t ON u.parent_id = t.id"
		" WHERE t.depth < ?1)"
		" SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM units"
		" WHERE parent_id IS NULL), (SELECT count(*) FROM t), (SELECT max(depth) FROM t),"
		" (SELECT code FROM units WHERE id NOT IN (SELECT id FROM t) ORDER BY code LIMIT 1)",
	[Q_UNIT_CODE_EXISTS] = "SELECT EXISTS (SELECT 1 FROM units WHERE code = ?1)",
	[Q_UNIT_ID_EXISTS] = "SELECT EXISTS (SELECT 1 FROM units WHERE id = ?1)",
	[Q_UNITS_ALL] = "SELECT u.id, u.code, u.parent_id, u.name,"
			" (SELECT count(*) FROM employees e WHERE e.unit_id = u.id)"
			" FROM units u ORDER BY u.name, u.id",
	[Q_EMP_UPSERT] =
		"INSERT INTO employees (code, unit_id, first_name, last_name, email, lang,"
		" birth_year, start_year, contract, shift, function_group)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
		" ON CONFLICT (code) DO UPDATE SET unit_id = excluded.unit_id,"
		" first_name = excluded.first_name, last_name = excluded.last_name,"
		" email = excluded.email, lang = excluded.lang, birth_year = excluded.birth_year,"
		" start_year = excluded.start_year, contract = excluded.contract,"
		" shift = excluded.shift, function_group = excluded.function_group",
	[Q_EMP_COUNT] = "SELECT count(*) FROM employees",
	[Q_INS_FIND] = "SELECT id, source FROM instruments WHERE ident = ?1 AND version = ?2",
	[Q_INS_ADD] = "INSERT INTO instruments (ident, version, source) VALUES (?1, ?2, ?3)",
	[Q_INS_SOURCE] = "SELECT source FROM instruments WHERE id = ?1",
	[Q_WAVE_ADD] = "INSERT INTO waves (title, instrument_id, opens, closes, status)"
		       " VALUES (?1, ?2, ?3, ?4, 1)",
	[Q_WAVE_UNIT_ADD] = "INSERT OR IGNORE INTO wave_units (wave_id, unit_id) VALUES (?1, ?2)",
	[Q_WAVE_POPULATION] =
		"WITH RECURSIVE sub (id) AS ("
		" SELECT unit_id FROM wave_units WHERE wave_id = ?1"
		" UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
		" SELECT e.id, e.lang FROM employees e WHERE e.unit_id IN sub",
	[Q_INV_ADD] = "INSERT INTO invitations (token_hash, wave_id, employee_id, sealed, used,"
		      " lang) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
	[Q_WAVE_GET] = WAVE_COLUMNS " WHERE w.id = ?1",
	[Q_WAVE_LIST] = WAVE_COLUMNS " ORDER BY w.opens DESC, w.id DESC",
	[Q_WAVE_CLOSE] = "UPDATE waves SET status = 2 WHERE id = ?1",
	[Q_WAVE_DROP_DRAFTS] = "UPDATE invitations SET draft = NULL"
			       " WHERE wave_id = ?1 AND draft IS NOT NULL",
	[Q_WAVE_STATUS] = "SELECT status FROM waves WHERE id = ?1",
	[Q_WAVE_PARTICIPATION] =
		"SELECT e.unit_id, count(*), sum(i.used) FROM invitations i"
		" JOIN employees e ON e.id = i.employee_id WHERE i.wave_id = ?1"
		" GROUP BY e.unit_id ORDER BY e.unit_id",
	[Q_WAVE_INVITATIONS] =
		"SELECT e.code, e.first_name, e.last_name, e.email, i.lang, u.name, i.sealed,"
		" i.used FROM invitations i JOIN employees e ON e.id = i.employee_id"
		" JOIN units u ON u.id = e.unit_id WHERE i.wave_id = ?1"
		" ORDER BY u.name, e.last_name, e.first_name, e.code",
	[Q_INV_GET] = "SELECT i.wave_id, i.employee_id, i.used, i.lang, i.draft, e.unit_id,"
		      " e.birth_year, e.start_year, e.contract, e.shift, e.function_group"
		      " FROM invitations i JOIN employees e ON e.id = i.employee_id"
		      " WHERE i.token_hash = ?1",
	[Q_INV_STATE] = "SELECT i.wave_id, i.used, w.status FROM invitations i"
			" JOIN waves w ON w.id = i.wave_id WHERE i.token_hash = ?1",
	[Q_INV_DRAFT] = "UPDATE invitations SET draft = ?2, lang = ?3 WHERE token_hash = ?1",
	[Q_INV_USE] = "UPDATE invitations SET used = 1, draft = NULL"
		      " WHERE token_hash = ?1 AND used = 0",
	[Q_INV_ANY] = "SELECT EXISTS (SELECT 1 FROM invitations)",
	[Q_RESP_ADD] = "INSERT INTO responses (id, wave_id, unit_id, age_band, tenure_band,"
		       " contract, shift, function_group, answers)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_COMMENT_ADD] = "INSERT INTO comments (id, wave_id, unit_id, question, text)"
			  " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_RESP_COUNT] = "SELECT count(*) FROM responses WHERE wave_id = ?1",
	[Q_RESP_EACH] = "SELECT wave_id, unit_id, age_band, tenure_band, contract, shift,"
			" function_group, answers FROM responses WHERE wave_id = ?1",
	[Q_COMMENT_EACH] = "SELECT unit_id, question, text FROM comments WHERE wave_id = ?1",
	[Q_USER_ADD] = "INSERT INTO users (login, pw_hash, role, unit_id, lang, display_name)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_USER_GET] = USER_COLUMNS " WHERE id = ?1",
	[Q_USER_BY_LOGIN] = USER_COLUMNS " WHERE login = ?1",
	[Q_USER_SET_PW] = "UPDATE users SET pw_hash = ?2 WHERE id = ?1",
	[Q_SESS_PUT] = "INSERT INTO sessions (hash, user_id, created, last_seen, csrf)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_SESS_GET] = "SELECT user_id, created, last_seen, csrf FROM sessions WHERE hash = ?1",
	[Q_SESS_TOUCH] = "UPDATE sessions SET last_seen = ?2 WHERE hash = ?1",
	[Q_SESS_DELETE] = "DELETE FROM sessions WHERE hash = ?1",
	[Q_SESS_EXPIRE] = "DELETE FROM sessions WHERE last_seen < ?1",
	[Q_EMPLOYEE_NAMES] = "SELECT first_name, last_name FROM employees",
	[Q_GENERATION] = "SELECT n FROM generation WHERE id = 1",
	[Q_NORM_PUT] = "INSERT INTO norm (id, name, source) VALUES (1, ?1, ?2)"
		       " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
		       " source = excluded.source",
	[Q_NORM_GET] = "SELECT name, source FROM norm WHERE id = 1",
	[Q_NORM_CLEAR] = "DELETE FROM norm",
	[Q_AUDIT_ADD] = "INSERT INTO audit (at, actor, action, object, detail)"
			" VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_AUDIT_EACH] = "SELECT at, actor, action, object, detail FROM audit"
			 " ORDER BY id DESC LIMIT ?1 OFFSET ?2",
	[Q_RESET_PUT] = "INSERT INTO password_resets (hash, user_id, expires, used)"
			" VALUES (?1, ?2, ?3, 0)",
	[Q_RESET_CHECK] = "SELECT user_id FROM password_resets"
			  " WHERE hash = ?1 AND used = 0 AND expires > ?2",
	[Q_RESET_USE] = "UPDATE password_resets SET used = 1 WHERE hash = ?1 AND used = 0",
	[Q_SESS_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
	[Q_TOTP_SET] = "UPDATE users SET totp_sealed = ?2, totp_last = 0 WHERE id = ?1",
	[Q_TOTP_GET] = "SELECT totp_sealed FROM users WHERE id = ?1 AND totp_sealed IS NOT NULL",
	[Q_TOTP_USE] = "UPDATE users SET totp_last = ?2 WHERE id = ?1 AND totp_last < ?2",
	[Q_PENDING_PUT] = "INSERT INTO pending_logins (hash, user_id, created) VALUES (?1, ?2, ?3)",
	[Q_PENDING_EXPIRE] = "DELETE FROM pending_logins WHERE created < ?1",
	[Q_PENDING_GET] = "SELECT user_id FROM pending_logins WHERE hash = ?1 AND created >= ?2",
	[Q_PENDING_DELETE] = "DELETE FROM pending_logins WHERE hash = ?1",
};

/* Input ceilings the store enforces itself, whatever the caller checked. */
#define SQ_MAX_CODE_BYTES MAX_NAME_BYTES
#define SQ_MAX_SETTING_BYTES MAX_TEXT_BYTES
#define SQ_MAX_COMMENT_BYTES STORE_MAX_COMMENT_BYTES
#define SQ_MAX_DRAFT_BYTES STORE_MAX_DRAFT_BYTES
#define SQ_MAX_MIN_GROUP 1000
#define SQ_ID_ATTEMPTS 8

struct sq {
	struct store base; /* first: a struct store * is a struct sq * */
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_COUNT];
	sqlite3_stmt *xstmt[SQ_XSTMT_MAX]; /* the feature files' statements (sq_int.h) */
	uint8_t key[SERVER_KEY_BYTES];     /* seals invitation tokens */
};


struct sq *sq_of(struct store *st)
{
	return (struct sq *)st;
}

/*
 * Records the connection's last error in st->err, prefixed by what, and
 * maps it to an app_err: a duplicate key is ERR_CONFLICT, another broken
 * constraint ERR_INVALID, anything else ERR_IO.
 */
int sq_fail(struct sq *s, const char *what)
{
	int x = sqlite3_extended_errcode(s->db);

	diag_set(&s->base.err, 0, "%s: %s", what, sqlite3_errmsg(s->db));
	if (x == SQLITE_CONSTRAINT_UNIQUE || x == SQLITE_CONSTRAINT_PRIMARYKEY)
		return ERR_CONFLICT;
	if ((x & 0xff) == SQLITE_CONSTRAINT)
		return ERR_INVALID;
	if ((x & 0xff) == SQLITE_TOOBIG)
		return ERR_TOO_LARGE;
	return ERR_IO;
}

/* The prepared statement for q (prepared on first use), or NULL with st->err set. */
static sqlite3_stmt *sq_stmt(struct sq *s, enum sq_query q)
{
	if (!s->stmt[q] && sqlite3_prepare_v3(s->db, sq_sql[q], -1, SQLITE_PREPARE_PERSISTENT,
					      &s->stmt[q], NULL) != SQLITE_OK) {
		sq_fail(s, "cannot prepare a query");
		sqlite3_finalize(s->stmt[q]);
		s->stmt[q] = NULL;
	}
	return s->stmt[q];
}

sqlite3_stmt *sq_xstmt(struct sq *s, int slot, const char *sql)
{
	if (slot < 0 || slot >= SQ_XSTMT_MAX) {
		diag_set(&s->base.err, 0, "statement slot %d out of range", slot);
		return NULL;
	}
	if (!s->xstmt[slot] && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
						  &s->xstmt[slot], NULL) != SQLITE_OK) {
		sq_fail(s, "cannot prepare a query");
		sqlite3_finalize(s->xstmt[slot]);
		s->xstmt[slot] = NULL;
	}
	return s->xstmt[slot];
}

sqlite3 *sq_db(struct sq *s)
{
	return s->db;
}

const uint8_t *sq_key(struct sq *s)
{
	return s->key;
}

/* Ends a use of a statement: reset and clear its bindings (NULL is fine). */
void sq_done(sqlite3_stmt *q)
{
	if (q) {
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
	}
}

/* Steps q: 1 for a row, 0 when done, a negative app_err with st->err set on error. */
int sq_step(struct sq *s, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sq_fail(s, what);
}

/* Runs a statement that returns no rows, and ends its use. */
int sq_run(struct sq *s, sqlite3_stmt *q, const char *what)
{
	int rc = sq_step(s, q, what);

	sq_done(q);
	return rc > 0 ? 0 : rc;
}

int sq_bind_int(struct sq *s, sqlite3_stmt *q, int i, int64_t v)
{
	if (sqlite3_bind_int64(q, i, v) != SQLITE_OK)
		return sq_fail(s, "cannot bind a value");
	return 0;
}

/* Binds a NUL-terminated text; NULL binds "" (the columns are NOT NULL). */
int sq_bind_text(struct sq *s, sqlite3_stmt *q, int i, const char *t)
{
	if (sqlite3_bind_text(q, i, t ? t : "", -1, SQLITE_STATIC) != SQLITE_OK)
		return sq_fail(s, "cannot bind a value");
	return 0;
}

/* Binds a blob of n bytes; NULL binds SQL NULL. */
int sq_bind_blob(struct sq *s, sqlite3_stmt *q, int i, const void *p, size_t n)
{
	int rc = p ? sqlite3_bind_blob64(q, i, p, n, SQLITE_STATIC) : sqlite3_bind_null(q, i);

	if (rc != SQLITE_OK)
		return sq_fail(s, "cannot bind a value");
	return 0;
}

/* Binds an id, 0 meaning none (SQL NULL). */
int sq_bind_id_or_null(struct sq *s, sqlite3_stmt *q, int i, long id)
{
	if ((id ? sqlite3_bind_int64(q, i, id) : sqlite3_bind_null(q, i)) != SQLITE_OK)
		return sq_fail(s, "cannot bind a value");
	return 0;
}

/* A text column as a new string ("" for NULL); caller frees. */
char *sq_col_str(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	int n = sqlite3_column_bytes(q, i);

	if (!t)
		return xstrdup("");
	return xstrndup((const char *)t, (size_t)n);
}

/* A blob column as a new buffer (NULL when SQL NULL or empty); caller frees. */
uint8_t *sq_col_blob(sqlite3_stmt *q, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(q, i);
	int n = sqlite3_column_bytes(q, i);
	uint8_t *out;

	*len = 0;
	if (!p || n <= 0)
		return NULL;
	out = xmalloc((size_t)n);
	memcpy(out, p, (size_t)n);
	*len = (size_t)n;
	return out;
}

enum lang sq_col_lang(sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);
	enum lang l = LANG_NL;

	if (t)
		lang_parse(str_from(t), &l);
	return l;
}

int sq_begin(struct sq *s)
{
	sqlite3_stmt *q = sq_stmt(s, Q_BEGIN);

	return q ? sq_run(s, q, "cannot begin a transaction") : ERR_IO;
}

int sq_commit(struct sq *s)
{
	sqlite3_stmt *q = sq_stmt(s, Q_COMMIT);

	return q ? sq_run(s, q, "cannot commit") : ERR_IO;
}

/* Rolls back the open transaction, if any, keeping the first error's message. */
void sq_rollback(struct sq *s)
{
	sqlite3_stmt *q;

	if (sqlite3_get_autocommit(s->db))
		return;
	q = sq_stmt(s, Q_ROLLBACK);
	if (q) {
		sqlite3_step(q);
		sq_done(q);
	}
}

/* Ends a write transaction: commits when rc is 0, else rolls back; returns rc or the commit's. */
int sq_end(struct sq *s, int rc)
{
	if (rc == 0)
		rc = sq_commit(s);
	if (rc != 0)
		sq_rollback(s);
	return rc;
}

/* A random positive 63-bit id: row ids then say nothing about insert order. */
int64_t sq_random_id(void)
{
	uint64_t v;

	do {
		randombytes_buf(&v, sizeof(v));
		v &= (uint64_t)INT64_MAX;
	} while (v == 0);
	return (int64_t)v;
}

/*
 * Runs an insert whose ?1 is the row id, with a random id, drawing again
 * on the (astronomically rare) collision. The other parameters are bound
 * by the caller, who also ends the statement's use.
 */
int sq_insert_random(struct sq *s, sqlite3_stmt *q, const char *what)
{
	for (int attempt = 0; attempt < SQ_ID_ATTEMPTS; attempt++) {
		int rc = sq_bind_int(s, q, 1, sq_random_id());
		if (rc)
			return rc;
		rc = sqlite3_step(q);
		if (rc == SQLITE_DONE) {
			sqlite3_reset(q);
			return 0;
		}
		if (rc != SQLITE_CONSTRAINT_PRIMARYKEY)
			return sq_fail(s, what);
		sqlite3_reset(q);
	}
	return diag_set(&s->base.err, 0, "%s: no free random id found", what);
}

static int sq_this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm))
		return 1970;
	return tm.tm_year + 1900;
}

/*
 * Checks a text from a caller: present when required, at most max bytes,
 * valid UTF-8. Returns 0, or ERR_INVALID with a message naming what.
 */
int sq_check_text(struct sq *s, const char *what, const char *t, size_t max, int required)
{
	size_t n;

	if (!t || !*t) {
		if (required)
			return diag_set(&s->base.err, 0, "%s is empty", what);
		return 0;
	}
	n = strnlen(t, max + 1);
	if (n > max)
		return diag_set(&s->base.err, 0, "%s is longer than %zu bytes", what, max);
	if (!utf8_valid(t, n))
		return diag_set(&s->base.err, 0, "%s is not valid UTF-8", what);
	return 0;
}

/* Checks "YYYY-MM-DD" with a plausible month and day. */
int sq_date_ok(const char *d)
{
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	}
	int month = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* ---- open, migrate, close ---- */

static void sq_close(struct store *st)
{
	struct sq *s = sq_of(st);

	if (!s)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	for (int i = 0; i < SQ_XSTMT_MAX; i++)
		sqlite3_finalize(s->xstmt[i]);
	sqlite3_close_v2(s->db);
	sodium_memzero(s->key, sizeof(s->key));
	free(s);
}

/* Reads PRAGMA user_version; returns it, or -1 with d set. */
static int sq_user_version(struct sq *s, const char *path, struct diag *d)
{
	sqlite3_stmt *q = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	else
		diag_set(d, 0, "cannot read database '%s': %s", path, sqlite3_errmsg(s->db));
	sqlite3_finalize(q);
	return v;
}

static int sq_exec(struct sq *s, const char *sql, const char *path, const char *what,
		   struct diag *d)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		diag_set(d, 0, "%s '%s': %s", what, path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return ERR_IO;
	}
	return 0;
}

/*
 * Brings the schema up to date: each missing migration runs in its own
 * transaction with the new user_version, so a failure leaves the last
 * good version. A database from a newer program is refused.
 */
static int sq_migrate(struct sq *s, const char *path, struct diag *d)
{
	const int latest = (int)ARRAY_SIZE(sq_migrations);
	int v = sq_user_version(s, path, d);

	if (v < 0)
		return ERR_IO;
	if (v > latest)
		return diag_set(d, 0,
				"database '%s' has schema version %d, newer than this program "
				"knows (%d): use a newer Hartslag",
				path, v, latest);
	while (v < latest) {
		char sql[64];
		int rc = sq_exec(s, "BEGIN IMMEDIATE", path, "cannot migrate database", d);
		if (rc)
			return rc;
		/* another process may have migrated while we waited for the lock */
		v = sq_user_version(s, path, d);
		if (v < 0 || v >= latest) {
			sq_exec(s, "ROLLBACK", path, "cannot migrate database", NULL);
			return v < 0 ? ERR_IO : 0;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		rc = sq_exec(s, sq_migrations[v], path, "cannot migrate database", d);
		if (!rc)
			rc = sq_exec(s, sql, path, "cannot migrate database", d);
		if (!rc)
			rc = sq_exec(s, "COMMIT", path, "cannot migrate database", d);
		if (rc) {
			sq_exec(s, "ROLLBACK", path, "cannot migrate database", NULL);
			return rc;
		}
		v++;
	}
	return 0;
}

/* The version of part in schema_parts (0 when absent), or -1 with d set. */
static int sq_part_version(struct sq *s, const char *part, const char *path, struct diag *d)
{
	sqlite3_stmt *q = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT version FROM schema_parts WHERE part = ?1", -1, &q,
			       NULL) == SQLITE_OK &&
	    sqlite3_bind_text(q, 1, part, -1, SQLITE_STATIC) == SQLITE_OK) {
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
		else if (rc == SQLITE_DONE)
			v = 0;
	}
	if (v < 0)
		diag_set(d, 0, "cannot read database '%s': %s", path, sqlite3_errmsg(s->db));
	sqlite3_finalize(q);
	return v;
}

/*
 * Brings one feature part up to date, each migration in its own
 * transaction together with the part's new version, like sq_migrate.
 */
static int sq_migrate_part(struct sq *s, const struct sq_part *p, const char *path,
			   struct diag *d)
{
	const int latest = (int)p->n;
	int v = sq_part_version(s, p->name, path, d);

	if (v < 0)
		return ERR_IO;
	if (v > latest)
		return diag_set(d, 0,
				"database '%s' has version %d of the %s tables, newer than this "
				"program knows (%d): use a newer Hartslag",
				path, v, p->name, latest);
	while (v < latest) {
		sqlite3_stmt *q = NULL;
		int rc = sq_exec(s, "BEGIN IMMEDIATE", path, "cannot migrate database", d);
		if (rc)
			return rc;
		v = sq_part_version(s, p->name, path, d);
		if (v < 0 || v >= latest) {
			sq_exec(s, "ROLLBACK", path, "cannot migrate database", NULL);
			return v < 0 ? ERR_IO : 0;
		}
		rc = sq_exec(s, p->migrations[v], path, "cannot migrate database", d);
		if (!rc) {
			if (sqlite3_prepare_v2(s->db,
					       "INSERT INTO schema_parts (part, version) VALUES (?1, ?2)"
					       " ON CONFLICT (part) DO UPDATE SET version = ?2",
					       -1, &q, NULL) != SQLITE_OK ||
			    sqlite3_bind_text(q, 1, p->name, -1, SQLITE_STATIC) != SQLITE_OK ||
			    sqlite3_bind_int(q, 2, v + 1) != SQLITE_OK ||
			    sqlite3_step(q) != SQLITE_DONE)
				rc = diag_set(d, 0, "cannot migrate database '%s': %s", path,
					      sqlite3_errmsg(s->db));
			sqlite3_finalize(q);
		}
		if (!rc)
			rc = sq_exec(s, "COMMIT", path, "cannot migrate database", d);
		if (rc) {
			sq_exec(s, "ROLLBACK", path, "cannot migrate database", NULL);
			return rc;
		}
		v++;
	}
	return 0;
}

static int sq_migrate_parts(struct sq *s, const char *path, struct diag *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(sq_parts); i++) {
		int rc = sq_parts[i] ? sq_migrate_part(s, sq_parts[i], path, d) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static int sq_configure(struct sq *s, const char *path, int memory, struct diag *d)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;

	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
	    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL) != SQLITE_OK ||
	    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL) != SQLITE_OK ||
	    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK)
		return diag_set(d, 0, "cannot configure database '%s': %s", path,
				sqlite3_errmsg(s->db));
	rc = sq_exec(s,
		     "PRAGMA foreign_keys = ON;"
		     "PRAGMA trusted_schema = OFF;"
		     "PRAGMA secure_delete = ON;"
		     "PRAGMA synchronous = FULL;"
		     "PRAGMA journal_size_limit = 67108864;",
		     path, "cannot configure database", d);
	if (rc)
		return rc;
	/* the first read of the file: a file that is not a database fails here */
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		diag_set(d, 0, "cannot open database '%s': %s", path, sqlite3_errmsg(s->db));
		rc = ERR_IO;
	} else {
		const char *mode = (const char *)sqlite3_column_text(q, 0);
		if (!memory && (!mode || strcmp(mode, "wal") != 0)) {
			diag_set(d, 0, "cannot switch database '%s' to WAL mode (got '%s')", path,
				 mode ? mode : "?");
			rc = ERR_IO;
		}
	}
	sqlite3_finalize(q);
	return rc;
}

/*
 * Loads the server key beside the database. A missing key is only created
 * for a database without invitations: otherwise every sealed token would
 * silently become unreadable.
 */
static int sq_load_key(struct sq *s, const char *path, struct diag *d)
{
	char *kp = xasprintf("%s.key", path);
	struct stat sb;
	int rc = 0;

	if (stat(kp, &sb) != 0 && errno == ENOENT) {
		sqlite3_stmt *q = sq_stmt(s, Q_INV_ANY);
		int any = 0;
		if (!q || sq_step(s, q, "cannot read invitations") < 0) {
			diag_set(d, 0, "%s", s->base.err.msg);
			sq_done(q);
			rc = ERR_IO;
			goto out;
		}
		any = sqlite3_column_int(q, 0);
		sq_done(q);
		if (any) {
			rc = diag_set(d, 0,
				      "server key '%s' is missing but the database holds invitations: "
				      "restore the key from a backup (a new key makes existing "
				      "invitation links unprintable)",
				      kp);
			goto out;
		}
	}
	if (server_key_load(kp, s->key, d) != 0)
		rc = ERR_IO;
out:
	free(kp);
	return rc;
}

static const struct store_ops sq_ops;

/*
 * Opens the SQLite database at path (created with mode 0600 when absent),
 * configures the connection, applies migrations and loads the server key
 * from path + ".key" (":memory:" gets a random key that lives as long as
 * the connection). Returns a store the caller closes with
 * st->ops->close(st), or NULL with d set.
 */
struct store *store_sqlite_open(const char *path, struct diag *d)
{
	int memory = strcmp(path, ":memory:") == 0;
	struct sq *s;
	int rc;

	if (token_init() != 0) {
		diag_set(d, 0, "cannot initialise libsodium");
		return NULL;
	}
	if (!memory) {
		/* personal data: keep the file (and so its -wal and -shm) private */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	s = xcalloc(1, sizeof(*s));
	s->base.ops = &sq_ops;
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
				     SQLITE_OPEN_EXRESCODE,
			     NULL);
	if (rc != SQLITE_OK) {
		diag_set(d, 0, "cannot open database '%s': %s", path,
			 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (sq_configure(s, path, memory, d) || sq_migrate(s, path, d) ||
	    sq_migrate_parts(s, path, d))
		goto fail;
	if (memory)
		randombytes_buf(s->key, sizeof(s->key));
	else if (sq_load_key(s, path, d))
		goto fail;
	return &s->base;
fail:
	sq_close(&s->base);
	return NULL;
}

static int sq_set_sync(struct store *st, int full)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, full ? Q_SYNC_FULL : Q_SYNC_OFF);

	if (!q)
		return ERR_IO;
	return sq_run(s, q, "cannot change synchronous mode");
}

/* ---- organisation ---- */

static int sq_org_get(struct store *st, struct org_settings *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_ORG_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_step(s, q, "cannot read the organisation");
	if (rc == 0)
		rc = diag_set(&s->base.err, 0, "the organisation row is missing");
	if (rc < 0)
		goto out;
	out->name = sq_col_str(q, 0);
	out->lang = sq_col_lang(q, 1);
	out->min_group = sqlite3_column_int(q, 2);
	out->comment_min = sqlite3_column_int(q, 3);
	out->base_url = sq_col_str(q, 4);
	out->help_trusted = sq_col_str(q, 5);
	out->help_advisor = sq_col_str(q, 6);
	out->help_eap = sq_col_str(q, 7);
	out->help_other = sq_col_str(q, 8);
	rc = 0;
out:
	sq_done(q);
	return rc;
}

static int sq_org_set(struct store *st, const struct org_settings *in)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = sq_check_text(s, "the organisation's name", in->name, MAX_NAME_BYTES, 1)) ||
	    (rc = sq_check_text(s, "the base URL", in->base_url, MAX_URL_BYTES, 0)) ||
	    (rc = sq_check_text(s, "the trusted person", in->help_trusted, SQ_MAX_SETTING_BYTES,
				0)) ||
	    (rc = sq_check_text(s, "the prevention advisor", in->help_advisor,
				SQ_MAX_SETTING_BYTES, 0)) ||
	    (rc = sq_check_text(s, "the assistance programme", in->help_eap, SQ_MAX_SETTING_BYTES,
				0)) ||
	    (rc = sq_check_text(s, "the other help", in->help_other, SQ_MAX_SETTING_BYTES, 0)))
		return rc;
	if ((unsigned)in->lang >= LANG_COUNT)
		return diag_set(&s->base.err, 0, "unknown language %d", (int)in->lang);
	if (in->min_group < 3 || in->min_group > SQ_MAX_MIN_GROUP)
		return diag_set(&s->base.err, 0,
				"the minimum group size must be between 3 and %d, not %d",
				SQ_MAX_MIN_GROUP, in->min_group);
	if (in->comment_min < in->min_group || in->comment_min > SQ_MAX_MIN_GROUP)
		return diag_set(&s->base.err, 0,
				"the comment minimum (%d) must be at least the minimum group "
				"size (%d)",
				in->comment_min, in->min_group);
	q = sq_stmt(s, Q_ORG_SET);
	if (!q)
		return ERR_IO;
	if ((rc = sq_bind_text(s, q, 1, in->name)) ||
	    (rc = sq_bind_text(s, q, 2, lang_code(in->lang))) ||
	    (rc = sq_bind_int(s, q, 3, in->min_group)) ||
	    (rc = sq_bind_int(s, q, 4, in->comment_min)) ||
	    (rc = sq_bind_text(s, q, 5, in->base_url)) ||
	    (rc = sq_bind_text(s, q, 6, in->help_trusted)) ||
	    (rc = sq_bind_text(s, q, 7, in->help_advisor)) ||
	    (rc = sq_bind_text(s, q, 8, in->help_eap)) ||
	    (rc = sq_bind_text(s, q, 9, in->help_other))) {
		sq_done(q);
		return rc;
	}
	return sq_run(s, q, "cannot store the organisation's settings");
}

/* ---- units and employees ---- */

/* Looks up a unit id by code: 0 and *id set, ERR_NOT_FOUND, or another error. */
static int sq_unit_id(struct sq *s, const char *code, long *id)
{
	sqlite3_stmt *q = sq_stmt(s, Q_UNIT_ID);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_text(s, q, 1, code);
	if (!rc)
		rc = sq_step(s, q, "cannot look up a unit");
	if (rc == 1) {
		*id = (long)sqlite3_column_int64(q, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

/* Refuses a unit tree with more or less than one root, a cycle, or too many levels. */
static int sq_units_check_tree(struct sq *s)
{
	sqlite3_stmt *q = sq_stmt(s, Q_UNIT_TREE_CHECK);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, MAX_UNIT_DEPTH);
	if (!rc)
		rc = sq_step(s, q, "cannot check the unit tree");
	if (rc == 1) {
		long total = (long)sqlite3_column_int64(q, 0);
		long roots = (long)sqlite3_column_int64(q, 1);
		long reached = (long)sqlite3_column_int64(q, 2);
		long deepest = (long)sqlite3_column_int64(q, 3);
		const char *lost = (const char *)sqlite3_column_text(q, 4);
		rc = 0;
		if (total > 0 && roots != 1)
			rc = diag_set(&s->base.err, 0,
				      "the units have %ld roots: exactly one unit (the "
				      "organisation) must have no parent",
				      roots);
		else if (reached < total && deepest >= MAX_UNIT_DEPTH)
			rc = diag_set(&s->base.err, 0, "the unit tree is deeper than %d levels",
				      MAX_UNIT_DEPTH);
		else if (reached < total)
			rc = diag_set(&s->base.err, 0,
				      "unit '%s' is its own ancestor: the parents form a cycle",
				      lost ? lost : "?");
	} else if (rc == 0) {
		rc = diag_set(&s->base.err, 0, "cannot check the unit tree");
	}
	sq_done(q);
	return rc;
}

static int sq_units_import(struct store *st, const struct unit_table *t)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	for (size_t i = 0; i < t->n; i++) {
		const struct unit_row *r = &t->rows[i];
		if ((rc = sq_check_text(s, "a unit code", r->code, SQ_MAX_CODE_BYTES, 1)) ||
		    (rc = sq_check_text(s, "a parent unit code", r->parent_code,
					SQ_MAX_CODE_BYTES, 0)) ||
		    (rc = sq_check_text(s, "a unit name", r->name, MAX_NAME_BYTES, 1))) {
			s->base.err.line = r->line;
			return rc;
		}
	}
	if (t->n == 0)
		return 0;
	rc = sq_begin(s);
	if (rc)
		return rc;
	/* first every unit, then the parents: a file may list children first */
	for (size_t i = 0; i < t->n && !rc; i++) {
		const struct unit_row *r = &t->rows[i];
		q = sq_stmt(s, Q_UNIT_UPSERT);
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_text(s, q, 1, r->code)) && !(rc = sq_bind_text(s, q, 2, r->name)))
			rc = sq_step(s, q, "cannot store a unit");
		sq_done(q);
	}
	for (size_t i = 0; i < t->n && !rc; i++) {
		const struct unit_row *r = &t->rows[i];
		long parent = 0;
		if (r->parent_code && *r->parent_code) {
			rc = sq_unit_id(s, r->parent_code, &parent);
			if (rc == ERR_NOT_FOUND) {
				rc = diag_set(&s->base.err, r->line,
					      "unit '%s': parent unit '%s' does not exist", r->code,
					      r->parent_code);
				break;
			}
			if (rc)
				break;
		}
		q = sq_stmt(s, Q_UNIT_SET_PARENT);
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_text(s, q, 1, r->code)) &&
		    !(rc = sq_bind_id_or_null(s, q, 2, parent)))
			rc = sq_step(s, q, "cannot store a unit's parent");
		sq_done(q);
	}
	if (!rc)
		rc = sq_units_check_tree(s);
	return sq_end(s, rc);
}

static int sq_employees_import(struct store *st, const struct employee_table *t)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	for (size_t i = 0; i < t->n; i++) {
		const struct employee_row *r = &t->rows[i];
		if ((rc = sq_check_text(s, "an employee number", r->code, SQ_MAX_CODE_BYTES, 1)) ||
		    (rc = sq_check_text(s, "an employee's unit", r->unit_code, SQ_MAX_CODE_BYTES,
					1)) ||
		    (rc = sq_check_text(s, "a first name", r->first_name, MAX_NAME_BYTES, 0)) ||
		    (rc = sq_check_text(s, "a last name", r->last_name, MAX_NAME_BYTES, 0)) ||
		    (rc = sq_check_text(s, "an e-mail address", r->email, MAX_NAME_BYTES, 0)) ||
		    (rc = sq_check_text(s, "a contract", r->contract, MAX_NAME_BYTES, 0)) ||
		    (rc = sq_check_text(s, "a shift", r->shift, MAX_NAME_BYTES, 0)) ||
		    (rc = sq_check_text(s, "a function group", r->function_group, MAX_NAME_BYTES,
					0))) {
			s->base.err.line = r->line;
			return rc;
		}
		if ((unsigned)r->lang >= LANG_COUNT)
			return diag_set(&s->base.err, r->line, "employee '%s': unknown language",
					r->code);
		if ((r->birth_year && (r->birth_year < 1900 || r->birth_year > 2200)) ||
		    (r->start_year && (r->start_year < 1900 || r->start_year > 2200)))
			return diag_set(&s->base.err, r->line,
					"employee '%s': implausible birth or start year", r->code);
	}
	if (t->n == 0)
		return 0;
	rc = sq_begin(s);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->n && !rc; i++) {
		const struct employee_row *r = &t->rows[i];
		long unit = 0;
		rc = sq_unit_id(s, r->unit_code, &unit);
		if (rc == ERR_NOT_FOUND) {
			rc = diag_set(&s->base.err, r->line, "employee '%s': unit '%s' does not exist",
				      r->code, r->unit_code);
			break;
		}
		if (rc)
			break;
		q = sq_stmt(s, Q_EMP_UPSERT);
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_text(s, q, 1, r->code)) && !(rc = sq_bind_int(s, q, 2, unit)) &&
		    !(rc = sq_bind_text(s, q, 3, r->first_name)) &&
		    !(rc = sq_bind_text(s, q, 4, r->last_name)) &&
		    !(rc = sq_bind_text(s, q, 5, r->email)) &&
		    !(rc = sq_bind_text(s, q, 6, lang_code(r->lang))) &&
		    !(rc = sq_bind_int(s, q, 7, r->birth_year)) &&
		    !(rc = sq_bind_int(s, q, 8, r->start_year)) &&
		    !(rc = sq_bind_text(s, q, 9, r->contract)) &&
		    !(rc = sq_bind_text(s, q, 10, r->shift)) &&
		    !(rc = sq_bind_text(s, q, 11, r->function_group)))
			rc = sq_step(s, q, "cannot store an employee");
		sq_done(q);
	}
	return sq_end(s, rc);
}

struct sq_id_index {
	long id;
	size_t index;
};

static int sq_id_index_cmp(const void *a, const void *b)
{
	const struct sq_id_index *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static size_t sq_find_index(const struct sq_id_index *map, size_t n, long id)
{
	struct sq_id_index key = {id, 0};
	const struct sq_id_index *hit = bsearch(&key, map, n, sizeof(*map), sq_id_index_cmp);

	return hit ? hit->index : SIZE_MAX;
}

/*
 * Orders units (sorted by name) in tree pre-order: an explicit stack, so
 * depth costs no C stack. Units the walk does not reach (impossible after
 * the import's tree check) are dropped.
 */
static void sq_units_preorder(struct unit *all, size_t n, struct unit **out, size_t *nout)
{
	struct sq_id_index *map = xcalloc(n, sizeof(*map));
	size_t *next = xcalloc(n, sizeof(*next)); /* sibling list, by name descending */
	size_t *head = xcalloc(n + 1, sizeof(*head)); /* head[n]: the roots */
	size_t *stack = xcalloc(n, sizeof(*stack));
	int *depth = xcalloc(n, sizeof(*depth));
	char *seen = xcalloc(n, 1);
	struct unit *res = xcalloc(n, sizeof(*res));
	size_t sp = 0, m = 0;

	for (size_t i = 0; i < n; i++)
		map[i] = (struct sq_id_index){all[i].id, i};
	qsort(map, n, sizeof(*map), sq_id_index_cmp);
	for (size_t i = 0; i <= n; i++)
		head[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t p = all[i].parent_id ? sq_find_index(map, n, all[i].parent_id) : n;
		if (p == SIZE_MAX)
			p = n; /* dangling parent: show it as a root rather than lose it */
		next[i] = head[p];
		head[p] = i;
	}
	/* pushing a descending list leaves the smallest name on top */
	for (size_t c = head[n]; c != SIZE_MAX; c = next[c]) {
		depth[c] = 0;
		stack[sp++] = c;
	}
	while (sp > 0) {
		size_t i = stack[--sp];
		if (seen[i])
			continue;
		seen[i] = 1;
		res[m] = all[i];
		res[m].depth = depth[i];
		m++;
		for (size_t c = head[i]; c != SIZE_MAX; c = next[c]) {
			if (!seen[c] && sp < n) {
				depth[c] = depth[i] + 1;
				stack[sp++] = c;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!seen[i])
			unit_release(&all[i]);
	}
	free(map);
	free(next);
	free(head);
	free(stack);
	free(depth);
	free(seen);
	free(all);
	*out = res;
	*nout = m;
}

static int sq_units_list(struct store *st, struct unit **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_UNITS_ALL);
	struct unit *all = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot list units")) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			all = xrealloc(all, cap * sizeof(*all));
		}
		struct unit *u = &all[len++];
		memset(u, 0, sizeof(*u));
		u->id = (long)sqlite3_column_int64(q, 0);
		u->code = sq_col_str(q, 1);
		u->parent_id = (long)sqlite3_column_int64(q, 2); /* NULL reads as 0 */
		u->name = sq_col_str(q, 3);
		u->employees = (long)sqlite3_column_int64(q, 4);
	}
	sq_done(q);
	if (rc < 0) {
		units_free(all, len);
		return rc;
	}
	sq_units_preorder(all, len, out, n);
	return 0;
}

static int sq_unit_code_exists(struct store *st, const char *code)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_UNIT_CODE_EXISTS);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_text(s, q, 1, code);
	if (!rc)
		rc = sq_step(s, q, "cannot look up a unit");
	if (rc == 1)
		rc = sqlite3_column_int(q, 0) ? 1 : 0;
	sq_done(q);
	return rc;
}

/* Runs a one-value count query with an optional id parameter (id < 0: none). */
static long sq_count(struct sq *s, enum sq_query which, long id, const char *what)
{
	sqlite3_stmt *q = sq_stmt(s, which);
	long res;
	int rc = 0;

	if (!q)
		return ERR_IO;
	if (id >= 0)
		rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, what);
	res = rc == 1 ? (long)sqlite3_column_int64(q, 0) : (rc < 0 ? rc : 0);
	sq_done(q);
	return res;
}

static long sq_employees_count(struct store *st)
{
	return sq_count(sq_of(st), Q_EMP_COUNT, -1, "cannot count employees");
}

/* ---- instruments ---- */

static int sq_instrument_put(struct store *st, const char *ident, int version, const char *source,
			     size_t len, long *id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = sq_check_text(s, "the instrument's id", ident, MAX_ID_BYTES, 1)))
		return rc;
	if (!source || len == 0)
		return diag_set(&s->base.err, 0, "instrument '%s' has no text", ident);
	if (len > MAX_INSTRUMENT_BYTES)
		return diag_set(&s->base.err, 0, "instrument '%s' is larger than %d bytes", ident,
				MAX_INSTRUMENT_BYTES);
	if (version < 1)
		return diag_set(&s->base.err, 0, "instrument '%s' has version %d", ident, version);
	rc = sq_begin(s);
	if (rc)
		return rc;
	q = sq_stmt(s, Q_INS_FIND);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	if (!(rc = sq_bind_text(s, q, 1, ident)) && !(rc = sq_bind_int(s, q, 2, version)))
		rc = sq_step(s, q, "cannot look up an instrument");
	if (rc == 1) {
		const void *old = sqlite3_column_blob(q, 1);
		size_t oldlen = (size_t)sqlite3_column_bytes(q, 1);
		if (oldlen == len && old && memcmp(old, source, len) == 0) {
			*id = (long)sqlite3_column_int64(q, 0);
			rc = 0;
		} else {
			diag_set(&s->base.err, 0,
				 "instrument '%s' version %d is stored already with another text: "
				 "give the changed instrument a new version",
				 ident, version);
			rc = ERR_CONFLICT;
		}
		sq_done(q);
		goto out;
	}
	sq_done(q);
	if (rc < 0)
		goto out;
	q = sq_stmt(s, Q_INS_ADD);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	if (!(rc = sq_bind_text(s, q, 1, ident)) && !(rc = sq_bind_int(s, q, 2, version)) &&
	    !(rc = sq_bind_blob(s, q, 3, source, len)))
		rc = sq_step(s, q, "cannot store an instrument");
	sq_done(q);
	if (!rc)
		*id = (long)sqlite3_last_insert_rowid(s->db);
out:
	return sq_end(s, rc);
}

static int sq_instrument_source(struct store *st, long id, char **source, size_t *len)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_INS_SOURCE);
	int rc;

	*source = NULL;
	*len = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read an instrument");
	if (rc == 1) {
		const void *p = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		*source = xmalloc(n + 1);
		if (n)
			memcpy(*source, p, n);
		(*source)[n] = '\0';
		*len = n;
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOT_FOUND;
		diag_set(&s->base.err, 0, "instrument %ld does not exist", id);
	}
	sq_done(q);
	return rc;
}

/* ---- waves ---- */

struct sq_member {
	long employee_id;
	char lang[4];
};

/* Collects the employees of the wave's units and their descendants. */
static int sq_wave_population(struct sq *s, long wave, struct sq_member **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_POPULATION);
	struct sq_member *m = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, wave);
	while (!rc && (rc = sq_step(s, q, "cannot select the wave's population")) == 1) {
		const char *l = (const char *)sqlite3_column_text(q, 1);
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			m = xrealloc(m, cap * sizeof(*m));
		}
		m[len].employee_id = (long)sqlite3_column_int64(q, 0);
		snprintf(m[len].lang, sizeof(m[len].lang), "%s", l ? l : "nl");
		len++;
		rc = 0;
	}
	sq_done(q);
	if (rc < 0) {
		free(m);
		return rc;
	}
	*out = m;
	*n = len;
	return 0;
}

/* Makes one invitation: a new token, stored as its hash and sealed with the server key. */
static int sq_invite(struct sq *s, long wave, const struct sq_member *m)
{
	char token[TOKEN_TEXT_BYTES + 1];
	uint8_t hash[TOKEN_HASH_BYTES];
	uint8_t *sealed;
	size_t sealed_len;
	sqlite3_stmt *q;
	int rc;

	token_new(token);
	if (token_hash((struct str){token, TOKEN_TEXT_BYTES}, hash) != 0)
		abort(); /* token_new always makes a valid token */
	sealed = token_seal(s->key, (const uint8_t *)token, TOKEN_TEXT_BYTES, &sealed_len);
	sodium_memzero(token, sizeof(token));
	q = sq_stmt(s, Q_INV_ADD);
	if (!q) {
		free(sealed);
		return ERR_IO;
	}
	if (!(rc = sq_bind_blob(s, q, 1, hash, sizeof(hash))) &&
	    !(rc = sq_bind_int(s, q, 2, wave)) &&
	    !(rc = sq_bind_int(s, q, 3, m->employee_id)) &&
	    !(rc = sq_bind_blob(s, q, 4, sealed, sealed_len)) &&
	    !(rc = sq_bind_text(s, q, 5, m->lang)))
		rc = sq_step(s, q, "cannot store an invitation");
	sq_done(q);
	free(sealed);
	return rc;
}

static int sq_wave_create(struct store *st, const struct wave *w, const long *unit_ids, size_t n,
			  long *id)
{
	struct sq *s = sq_of(st);
	struct sq_member *members = NULL;
	size_t nmembers = 0;
	sqlite3_stmt *q;
	long wave = 0;
	int rc;

	if ((rc = sq_check_text(s, "the wave's title", w->title, MAX_NAME_BYTES, 1)))
		return rc;
	if (!sq_date_ok(w->opens) || !sq_date_ok(w->closes))
		return diag_set(&s->base.err, 0, "a wave's dates must be written YYYY-MM-DD");
	if (strcmp(w->closes, w->opens) < 0)
		return diag_set(&s->base.err, 0, "the wave closes (%s) before it opens (%s)",
				w->closes, w->opens);
	if (n == 0 || !unit_ids)
		return diag_set(&s->base.err, 0, "a wave needs at least one unit");
	rc = sq_begin(s);
	if (rc)
		return rc;
	q = sq_stmt(s, Q_WAVE_ADD);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	if (!(rc = sq_bind_text(s, q, 1, w->title)) &&
	    !(rc = sq_bind_int(s, q, 2, w->instrument_id)) &&
	    !(rc = sq_bind_text(s, q, 3, w->opens)) && !(rc = sq_bind_text(s, q, 4, w->closes)))
		rc = sq_step(s, q, "cannot store the wave");
	sq_done(q);
	if (rc && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		rc = diag_set(&s->base.err, 0, "instrument %ld does not exist", w->instrument_id);
	if (rc)
		goto out;
	wave = (long)sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < n && !rc; i++) {
		long exists = sq_count(s, Q_UNIT_ID_EXISTS, unit_ids[i], "cannot look up a unit");
		if (exists < 0) {
			rc = (int)exists;
			break;
		}
		if (!exists) {
			rc = diag_set(&s->base.err, 0, "unit %ld does not exist", unit_ids[i]);
			break;
		}
		q = sq_stmt(s, Q_WAVE_UNIT_ADD);
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_int(s, q, 1, wave)) && !(rc = sq_bind_int(s, q, 2, unit_ids[i])))
			rc = sq_step(s, q, "cannot store the wave's units");
		sq_done(q);
	}
	if (rc)
		goto out;
	rc = sq_wave_population(s, wave, &members, &nmembers);
	if (rc)
		goto out;
	if (nmembers == 0) {
		rc = diag_set(&s->base.err, 0, "the chosen units have no employees to invite");
		goto out;
	}
	for (size_t i = 0; i < nmembers && !rc; i++)
		rc = sq_invite(s, wave, &members[i]);
out:
	free(members);
	rc = sq_end(s, rc);
	if (!rc)
		*id = wave;
	return rc;
}

static void sq_read_wave(sqlite3_stmt *q, struct wave *w)
{
	w->id = (long)sqlite3_column_int64(q, 0);
	w->title = sq_col_str(q, 1);
	w->instrument_id = (long)sqlite3_column_int64(q, 2);
	w->opens = sq_col_str(q, 3);
	w->closes = sq_col_str(q, 4);
	w->status = sqlite3_column_int(q, 5) == WAVE_CLOSED ? WAVE_CLOSED : WAVE_OPEN;
	w->invited = (long)sqlite3_column_int64(q, 6);
	w->answered = (long)sqlite3_column_int64(q, 7);
}

static int sq_wave_get(struct store *st, long id, struct wave *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read a wave");
	if (rc == 1) {
		sq_read_wave(q, out);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "wave %ld does not exist", id);
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_wave_list(struct store *st, struct wave **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_LIST);
	struct wave *w = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot list waves")) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			w = xrealloc(w, cap * sizeof(*w));
		}
		memset(&w[len], 0, sizeof(*w));
		sq_read_wave(q, &w[len++]);
	}
	sq_done(q);
	if (rc < 0) {
		waves_free(w, len);
		return rc;
	}
	*out = w;
	*n = len;
	return 0;
}

/* Reads a wave's status: 0 and *status, ERR_NOT_FOUND with a message, or an error. */
static int sq_wave_status(struct sq *s, long id, int *status)
{
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_STATUS);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read a wave");
	if (rc == 1) {
		*status = sqlite3_column_int(q, 0);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "wave %ld does not exist", id);
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_wave_close(struct store *st, long id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int status = 0;
	int rc = sq_begin(s);

	if (rc)
		return rc;
	rc = sq_wave_status(s, id, &status);
	if (rc)
		goto out;
	q = sq_stmt(s, Q_WAVE_CLOSE);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_run(s, q, "cannot close the wave");
	else
		sq_done(q);
	if (rc)
		goto out;
	/* drafts of people who never submitted have no use once the wave is closed */
	q = sq_stmt(s, Q_WAVE_DROP_DRAFTS);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_run(s, q, "cannot drop the wave's drafts");
	else
		sq_done(q);
out:
	return sq_end(s, rc);
}

static int sq_wave_participation(struct store *st, long id, struct participation **out,
				 size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_PARTICIPATION);
	struct participation *p = NULL;
	size_t len = 0, cap = 0;
	int status, rc;

	*out = NULL;
	*n = 0;
	rc = sq_wave_status(s, id, &status);
	if (rc)
		return rc;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	while (!rc && (rc = sq_step(s, q, "cannot count participation")) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			p = xrealloc(p, cap * sizeof(*p));
		}
		p[len].unit_id = (long)sqlite3_column_int64(q, 0);
		p[len].invited = (long)sqlite3_column_int64(q, 1);
		p[len].answered = (long)sqlite3_column_int64(q, 2);
		len++;
		rc = 0;
	}
	sq_done(q);
	if (rc < 0) {
		free(p);
		return rc;
	}
	*out = p;
	*n = len;
	return 0;
}

static void sq_invitation_export_release(struct invitation_export *e)
{
	free(e->employee_code);
	free(e->first_name);
	free(e->last_name);
	free(e->email);
	free(e->unit_name);
	sodium_memzero(e->token, sizeof(e->token));
}

static int sq_wave_invitations(struct store *st, long id,
			       int (*cb)(void *ctx, const struct invitation_export *e), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_WAVE_INVITATIONS);
	struct invitation_export *all = NULL;
	size_t len = 0, cap = 0;
	int status, rc;

	rc = sq_wave_status(s, id, &status);
	if (rc)
		return rc;
	if (!q)
		return ERR_IO;
	/* read everything first, so that cb may use the store */
	rc = sq_bind_int(s, q, 1, id);
	while (!rc && (rc = sq_step(s, q, "cannot list invitations")) == 1) {
		const void *sealed = sqlite3_column_blob(q, 6);
		size_t sealed_len = (size_t)sqlite3_column_bytes(q, 6);
		uint8_t *plain = NULL;
		size_t plain_len = 0;
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			all = xrealloc(all, cap * sizeof(*all));
		}
		struct invitation_export *e = &all[len++];
		memset(e, 0, sizeof(*e));
		e->employee_code = sq_col_str(q, 0);
		e->first_name = sq_col_str(q, 1);
		e->last_name = sq_col_str(q, 2);
		e->email = sq_col_str(q, 3);
		e->lang = sq_col_lang(q, 4);
		e->unit_name = sq_col_str(q, 5);
		e->used = sqlite3_column_int(q, 7);
		if (token_open(s->key, sealed, sealed_len, &plain, &plain_len) != 0 ||
		    plain_len != TOKEN_TEXT_BYTES) {
			if (plain) {
				sodium_memzero(plain, plain_len);
				free(plain);
			}
			rc = diag_set(&s->base.err, 0,
				      "cannot unseal the invitation of employee '%s': the server key "
				      "does not belong to this database",
				      e->employee_code);
			break;
		}
		memcpy(e->token, plain, TOKEN_TEXT_BYTES);
		e->token[TOKEN_TEXT_BYTES] = '\0';
		sodium_memzero(plain, plain_len);
		free(plain);
		rc = 0;
	}
	sq_done(q);
	for (size_t i = 0; i < len && rc == 0; i++)
		rc = cb(ctx, &all[i]);
	for (size_t i = 0; i < len; i++)
		sq_invitation_export_release(&all[i]);
	free(all);
	return rc;
}

/* ---- invitations and responses ---- */

static int sq_invitation_get(struct store *st, const uint8_t hash[32], struct invitation *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_INV_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_step(s, q, "cannot read an invitation");
	if (rc == 1) {
		int year = sq_this_year();
		out->wave_id = (long)sqlite3_column_int64(q, 0);
		out->employee_id = (long)sqlite3_column_int64(q, 1);
		out->used = sqlite3_column_int(q, 2);
		out->lang = sq_col_lang(q, 3);
		out->draft = sq_col_blob(q, 4, &out->draft_len);
		out->unit_id = (long)sqlite3_column_int64(q, 5);
		out->age_band = age_band(sqlite3_column_int(q, 6), year);
		out->tenure_band = tenure_band(sqlite3_column_int(q, 7), year);
		out->contract = sq_col_str(q, 8);
		out->shift = sq_col_str(q, 9);
		out->function_group = sq_col_str(q, 10);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such invitation");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

/*
 * Reads an invitation's wave and state inside a transaction. Returns 0 when
 * it can still be answered, ERR_NOT_FOUND, or ERR_CONFLICT (used, or wave
 * closed) with a message.
 */
static int sq_invitation_open(struct sq *s, const uint8_t hash[32], long *wave)
{
	sqlite3_stmt *q = sq_stmt(s, Q_INV_STATE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_step(s, q, "cannot read an invitation");
	if (rc == 1) {
		*wave = (long)sqlite3_column_int64(q, 0);
		rc = 0;
		if (sqlite3_column_int(q, 1)) {
			diag_set(&s->base.err, 0, "this invitation was used already");
			rc = ERR_CONFLICT;
		} else if (sqlite3_column_int(q, 2) != WAVE_OPEN) {
			diag_set(&s->base.err, 0, "this survey is closed");
			rc = ERR_CONFLICT;
		}
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such invitation");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_invitation_save_draft(struct store *st, const uint8_t hash[32], const uint8_t *draft,
				    size_t len, enum lang lang)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long wave = 0;
	int rc;

	if (len > SQ_MAX_DRAFT_BYTES)
		return diag_set(&s->base.err, 0, "the draft is larger than %d bytes",
				SQ_MAX_DRAFT_BYTES);
	if ((unsigned)lang >= LANG_COUNT)
		return diag_set(&s->base.err, 0, "unknown language %d", (int)lang);
	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = sq_invitation_open(s, hash, &wave);
	if (rc)
		goto out;
	q = sq_stmt(s, Q_INV_DRAFT);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	if (!(rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES)) &&
	    !(rc = sq_bind_blob(s, q, 2, len ? draft : NULL, len)) &&
	    !(rc = sq_bind_text(s, q, 3, lang_code(lang))))
		rc = sq_run(s, q, "cannot store the draft");
	else
		sq_done(q);
out:
	return sq_end(s, rc);
}

/* Checks a response from a caller before anything is written. */
static int sq_check_response(struct sq *s, const struct response *r)
{
	int rc;

	if (!r->answers || r->nanswers == 0 || r->nanswers > MAX_ITEMS)
		return diag_set(&s->base.err, 0, "a response needs 1 to %d answers", MAX_ITEMS);
	for (size_t i = 0; i < r->nanswers; i++) {
		if (r->answers[i] > MAX_ANSWER_POINTS)
			return diag_set(&s->base.err, 0, "answer %zu is out of range", i + 1);
	}
	if (r->age_band < 0 || r->age_band > 5 || r->tenure_band < 0 || r->tenure_band > 5)
		return diag_set(&s->base.err, 0, "a response's bands are out of range");
	if ((rc = sq_check_text(s, "the contract", r->contract, MAX_NAME_BYTES, 0)) ||
	    (rc = sq_check_text(s, "the shift", r->shift, MAX_NAME_BYTES, 0)) ||
	    (rc = sq_check_text(s, "the function group", r->function_group, MAX_NAME_BYTES, 0)))
		return rc;
	if (r->ncomments > MAX_ITEMS || (r->ncomments && !r->comments))
		return diag_set(&s->base.err, 0, "a response has too many comments");
	for (size_t i = 0; i < r->ncomments; i++) {
		if ((rc = sq_check_text(s, "a comment", r->comments[i], SQ_MAX_COMMENT_BYTES, 0)))
			return rc;
	}
	return 0;
}

/* Inserts a response and its non-empty comments under random ids, in wave. */
static int sq_response_insert(struct sq *s, long wave, const struct response *r)
{
	sqlite3_stmt *q = sq_stmt(s, Q_RESP_ADD);
	int rc;

	if (!q)
		return ERR_IO;
	if (!(rc = sq_bind_int(s, q, 2, wave)) && !(rc = sq_bind_int(s, q, 3, r->unit_id)) &&
	    !(rc = sq_bind_int(s, q, 4, r->age_band)) &&
	    !(rc = sq_bind_int(s, q, 5, r->tenure_band)) &&
	    !(rc = sq_bind_text(s, q, 6, r->contract)) && !(rc = sq_bind_text(s, q, 7, r->shift)) &&
	    !(rc = sq_bind_text(s, q, 8, r->function_group)) &&
	    !(rc = sq_bind_blob(s, q, 9, r->answers, r->nanswers)))
		rc = sq_insert_random(s, q, "cannot store the response");
	sq_done(q);
	for (size_t i = 0; i < r->ncomments && !rc; i++) {
		if (!r->comments[i] || !*r->comments[i])
			continue;
		q = sq_stmt(s, Q_COMMENT_ADD);
		if (!q)
			return ERR_IO;
		if (!(rc = sq_bind_int(s, q, 2, wave)) && !(rc = sq_bind_int(s, q, 3, r->unit_id)) &&
		    !(rc = sq_bind_int(s, q, 4, (int64_t)i)) &&
		    !(rc = sq_bind_text(s, q, 5, r->comments[i])))
			rc = sq_insert_random(s, q, "cannot store a comment");
		sq_done(q);
	}
	if (rc && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		diag_set(&s->base.err, 0, "the response names a wave or unit that does not exist");
	return rc;
}

static int sq_response_submit(struct store *st, const uint8_t hash[32], const struct response *r)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long wave = 0;
	int rc = sq_check_response(s, r);

	if (rc)
		return rc;
	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = sq_invitation_open(s, hash, &wave);
	if (rc)
		goto out;
	if (r->wave_id && r->wave_id != wave) {
		rc = diag_set(&s->base.err, 0, "the response is for another wave than its "
						   "invitation");
		goto out;
	}
	q = sq_stmt(s, Q_INV_USE);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_run(s, q, "cannot mark the invitation used");
	else
		sq_done(q);
	if (!rc && sqlite3_changes(s->db) != 1) {
		diag_set(&s->base.err, 0, "this invitation was used already");
		rc = ERR_CONFLICT;
	}
	if (!rc)
		rc = sq_response_insert(s, wave, r);
out:
	/* synchronous=FULL: once COMMIT returns, the response is on disk */
	rc = sq_end(s, rc);
	if (rc == 0) {
		/*
		 * Until a checkpoint, the write-ahead log holds this response
		 * next to the invitation it used. Move it into the database and
		 * empty the log now (best effort: a reader may hold it back, and
		 * the next submit tries again).
		 */
		sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	return rc;
}

static long sq_responses_count(struct store *st, long wave_id)
{
	return sq_count(sq_of(st), Q_RESP_COUNT, wave_id, "cannot count responses");
}

static int sq_responses_each(struct store *st, long wave_id,
			     int (*cb)(void *ctx, const struct response *r), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_RESP_EACH);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, wave_id);
	/* strings and answers are borrowed from SQLite for the duration of cb */
	while (!rc && (rc = sq_step(s, q, "cannot read responses")) == 1) {
		const unsigned char *c = sqlite3_column_text(q, 4);
		const unsigned char *sh = sqlite3_column_text(q, 5);
		const unsigned char *fg = sqlite3_column_text(q, 6);
		const void *a = sqlite3_column_blob(q, 7);
		struct response r = {
			.wave_id = (long)sqlite3_column_int64(q, 0),
			.unit_id = (long)sqlite3_column_int64(q, 1),
			.age_band = sqlite3_column_int(q, 2),
			.tenure_band = sqlite3_column_int(q, 3),
			.contract = (char *)(c ? c : (const unsigned char *)""),
			.shift = (char *)(sh ? sh : (const unsigned char *)""),
			.function_group = (char *)(fg ? fg : (const unsigned char *)""),
			.answers = (uint8_t *)a,
			.nanswers = a ? (size_t)sqlite3_column_bytes(q, 7) : 0,
		};
		rc = cb(ctx, &r);
	}
	sq_done(q);
	return rc;
}

static int sq_comments_each(struct store *st, long wave_id,
			    int (*cb)(void *ctx, long unit_id, int question, const char *text),
			    void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_COMMENT_EACH);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, wave_id);
	while (!rc && (rc = sq_step(s, q, "cannot read comments")) == 1) {
		const char *t = (const char *)sqlite3_column_text(q, 2);
		rc = cb(ctx, (long)sqlite3_column_int64(q, 0), sqlite3_column_int(q, 1),
			t ? t : "");
	}
	sq_done(q);
	return rc;
}

static int sq_responses_insert(struct store *st, const struct response *r, size_t n)
{
	struct sq *s = sq_of(st);
	int rc;

	for (size_t i = 0; i < n; i++) {
		if ((rc = sq_check_response(s, &r[i])))
			return rc;
	}
	rc = sq_begin(s);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = sq_response_insert(s, r[i].wave_id, &r[i]);
	return sq_end(s, rc);
}

/* ---- users and sessions ---- */

static int sq_user_add(struct store *st, const struct user *u, long *id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = sq_check_text(s, "the login", u->login, MAX_ID_BYTES, 1)) ||
	    (rc = sq_check_text(s, "the password hash", u->pw_hash, PASSWORD_HASH_BYTES - 1, 1)) ||
	    (rc = sq_check_text(s, "the display name", u->display_name, MAX_NAME_BYTES, 0)))
		return rc;
	if (u->role <= ROLE_NONE || u->role > ROLE_EMPLOYEE)
		return diag_set(&s->base.err, 0, "user '%s' has no valid role", u->login);
	if ((unsigned)u->lang >= LANG_COUNT)
		return diag_set(&s->base.err, 0, "user '%s' has an unknown language", u->login);
	q = sq_stmt(s, Q_USER_ADD);
	if (!q)
		return ERR_IO;
	if (!(rc = sq_bind_text(s, q, 1, u->login)) && !(rc = sq_bind_text(s, q, 2, u->pw_hash)) &&
	    !(rc = sq_bind_text(s, q, 3, role_name(u->role))) &&
	    !(rc = sq_bind_id_or_null(s, q, 4, u->unit_id)) &&
	    !(rc = sq_bind_text(s, q, 5, lang_code(u->lang))) &&
	    !(rc = sq_bind_text(s, q, 6, u->display_name)))
		rc = sq_step(s, q, "cannot store the user");
	sq_done(q);
	if (rc == ERR_CONFLICT)
		diag_set(&s->base.err, 0, "user '%s' exists already", u->login);
	else if (rc && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		diag_set(&s->base.err, 0, "user '%s': unit %ld does not exist", u->login, u->unit_id);
	if (!rc)
		*id = (long)sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_user_read(struct sq *s, sqlite3_stmt *q, struct user *out)
{
	int rc = sq_step(s, q, "cannot read a user");

	if (rc == 1) {
		const char *role = (const char *)sqlite3_column_text(q, 3);
		out->id = (long)sqlite3_column_int64(q, 0);
		out->login = sq_col_str(q, 1);
		out->pw_hash = sq_col_str(q, 2);
		if (role_parse(role, &out->role) != 0)
			out->role = ROLE_NONE;
		out->unit_id = (long)sqlite3_column_int64(q, 4);
		out->lang = sq_col_lang(q, 5);
		out->display_name = sq_col_str(q, 6);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such user");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_user_get(struct store *st, long id, struct user *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_USER_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (rc) {
		sq_done(q);
		return rc;
	}
	return sq_user_read(s, q, out);
}

static int sq_user_by_login(struct store *st, const char *login, struct user *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_USER_BY_LOGIN);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_bind_text(s, q, 1, login);
	if (rc) {
		sq_done(q);
		return rc;
	}
	return sq_user_read(s, q, out);
}

/* Runs an UPDATE or DELETE bound by the caller; ERR_NOT_FOUND when no row changed. */
static int sq_change_one(struct sq *s, sqlite3_stmt *q, int rc, const char *what)
{
	if (!rc)
		rc = sq_run(s, q, what);
	else
		sq_done(q);
	if (!rc && sqlite3_changes(s->db) == 0) {
		diag_set(&s->base.err, 0, "%s: not found", what);
		rc = ERR_NOT_FOUND;
	}
	return rc;
}

static int sq_user_set_password(struct store *st, long id, const char *pw_hash)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc = sq_check_text(s, "the password hash", pw_hash, PASSWORD_HASH_BYTES - 1, 1);

	if (rc)
		return rc;
	q = sq_stmt(s, Q_USER_SET_PW);
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_text(s, q, 2, pw_hash);
	return sq_change_one(s, q, rc, "cannot change the password");
}

static int sq_session_put(struct store *st, const uint8_t hash[32], const struct session *se)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_SESS_PUT);
	int rc;

	if (!q)
		return ERR_IO;
	if (strnlen(se->csrf, sizeof(se->csrf)) != TOKEN_TEXT_BYTES)
		return diag_set(&s->base.err, 0, "a session needs a CSRF token");
	if (!(rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES)) &&
	    !(rc = sq_bind_int(s, q, 2, se->user_id)) &&
	    !(rc = sq_bind_int(s, q, 3, se->created)) &&
	    !(rc = sq_bind_int(s, q, 4, se->last_seen)) && !(rc = sq_bind_text(s, q, 5, se->csrf)))
		rc = sq_step(s, q, "cannot store the session");
	sq_done(q);
	return rc;
}

static int sq_session_get(struct store *st, const uint8_t hash[32], struct session *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_SESS_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_step(s, q, "cannot read a session");
	if (rc == 1) {
		const char *csrf = (const char *)sqlite3_column_text(q, 3);
		out->user_id = (long)sqlite3_column_int64(q, 0);
		out->created = sqlite3_column_int64(q, 1);
		out->last_seen = sqlite3_column_int64(q, 2);
		snprintf(out->csrf, sizeof(out->csrf), "%s", csrf ? csrf : "");
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such session");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_session_touch(struct store *st, const uint8_t hash[32], int64_t now)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_SESS_TOUCH);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_bind_int(s, q, 2, now);
	return sq_change_one(s, q, rc, "cannot touch the session");
}

static int sq_session_delete(struct store *st, const uint8_t hash[32])
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_SESS_DELETE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	return sq_change_one(s, q, rc, "cannot delete the session");
}

static int sq_sessions_expire(struct store *st, int64_t idle_before, long *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_SESS_EXPIRE);
	int rc;

	*n = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, idle_before);
	if (!rc)
		rc = sq_run(s, q, "cannot expire sessions");
	else
		sq_done(q);
	if (!rc)
		*n = sqlite3_changes(s->db);
	return rc;
}

static int sq_employee_names(struct store *st,
			     int (*cb)(void *ctx, const char *first, const char *last), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_EMPLOYEE_NAMES);
	int rc = 0;

	if (!q)
		return ERR_IO;
	while (!rc && (rc = sq_step(s, q, "cannot read employee names")) == 1) {
		const char *f = (const char *)sqlite3_column_text(q, 0);
		const char *l = (const char *)sqlite3_column_text(q, 1);
		rc = cb(ctx, f ? f : "", l ? l : "");
	}
	sq_done(q);
	return rc;
}

static long sq_generation(struct store *st)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_GENERATION);
	long n = -1;

	if (!q)
		return -1;
	if (sq_step(s, q, "cannot read the generation") == 1)
		n = (long)sqlite3_column_int64(q, 0);
	sq_done(q);
	return n;
}

static int sq_norm_put(struct store *st, const char *name, const char *source, size_t len)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_NORM_PUT);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_text(s, q, 1, name);
	if (!rc)
		rc = sq_bind_blob(s, q, 2, source ? source : "", len);
	if (!rc)
		return sq_run(s, q, "cannot store the norm");
	sq_done(q);
	return rc;
}

static int sq_norm_get(struct store *st, char **name, char **source, size_t *len)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_NORM_GET);
	int rc;

	*name = *source = NULL;
	*len = 0;
	if (!q)
		return ERR_IO;
	rc = sq_step(s, q, "cannot read the norm");
	if (rc == 1) {
		const char *nm = (const char *)sqlite3_column_text(q, 0);
		const void *p = sqlite3_column_blob(q, 1);
		size_t n = (size_t)sqlite3_column_bytes(q, 1);
		*name = xstrdup(nm ? nm : "");
		*source = xmalloc(n + 1);
		if (n)
			memcpy(*source, p, n);
		(*source)[n] = '\0';
		*len = n;
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_norm_clear(struct store *st)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_NORM_CLEAR);

	if (!q)
		return ERR_IO;
	return sq_run(s, q, "cannot remove the norm");
}

/* The audit log keeps short texts: longer ones are cut, never refused. */
#define SQ_MAX_AUDIT_BYTES 1000

static int sq_bind_cut(struct sq *s, sqlite3_stmt *q, int i, const char *t)
{
	size_t n = t ? strlen(t) : 0;

	if (n <= SQ_MAX_AUDIT_BYTES)
		return sq_bind_text(s, q, i, t);
	n = SQ_MAX_AUDIT_BYTES;
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
		n--; /* not inside a UTF-8 sequence */
	if (sqlite3_bind_text(q, i, t, (int)n, SQLITE_TRANSIENT) != SQLITE_OK)
		return sq_fail(s, "cannot bind a value");
	return 0;
}

static int sq_audit_add(struct store *st, const char *actor, const char *action,
			const char *object, const char *detail)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_AUDIT_ADD);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, (int64_t)time(NULL));
	if (!rc)
		rc = sq_bind_cut(s, q, 2, actor);
	if (!rc)
		rc = sq_bind_cut(s, q, 3, action);
	if (!rc)
		rc = sq_bind_cut(s, q, 4, object);
	if (!rc)
		rc = sq_bind_cut(s, q, 5, detail);
	if (!rc)
		return sq_run(s, q, "cannot write the audit log");
	sq_done(q);
	return rc;
}

static int sq_audit_each(struct store *st, long limit, long offset,
			 int (*cb)(void *ctx, const struct audit_entry *e), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_AUDIT_EACH);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, limit < 0 ? 0 : limit);
	if (!rc)
		rc = sq_bind_int(s, q, 2, offset < 0 ? 0 : offset);
	while (!rc && (rc = sq_step(s, q, "cannot read the audit log")) == 1) {
		const char *a = (const char *)sqlite3_column_text(q, 1);
		const char *b = (const char *)sqlite3_column_text(q, 2);
		const char *c = (const char *)sqlite3_column_text(q, 3);
		const char *d = (const char *)sqlite3_column_text(q, 4);
		struct audit_entry e = {
			.at = (int64_t)sqlite3_column_int64(q, 0),
			.actor = a ? a : "",
			.action = b ? b : "",
			.object = c ? c : "",
			.detail = d ? d : "",
		};
		if ((rc = cb(ctx, &e)) != 0)
			break;
	}
	sq_done(q);
	return rc;
}

/* ---- password reset links ---- */

static int sq_reset_put(struct store *st, const uint8_t hash[32], long user_id, int64_t expires)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_RESET_PUT);
	int rc;

	if (!q)
		return ERR_IO;
	if (!(rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES)) &&
	    !(rc = sq_bind_int(s, q, 2, user_id)) && !(rc = sq_bind_int(s, q, 3, expires)))
		rc = sq_step(s, q, "cannot store the reset link");
	sq_done(q);
	return rc;
}

/* The user of an unused, unexpired reset link; ERR_NOT_FOUND otherwise. */
static int sq_reset_find(struct sq *s, const uint8_t hash[32], int64_t now, long *user_id)
{
	sqlite3_stmt *q = sq_stmt(s, Q_RESET_CHECK);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_bind_int(s, q, 2, now);
	if (!rc)
		rc = sq_step(s, q, "cannot read the reset link");
	if (rc == 1) {
		*user_id = (long)sqlite3_column_int64(q, 0);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such reset link, or used or expired");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_reset_check(struct store *st, const uint8_t hash[32], int64_t now)
{
	long user_id;

	return sq_reset_find(sq_of(st), hash, now, &user_id);
}

static int sq_reset_use(struct store *st, const uint8_t hash[32], int64_t now,
			const char *pw_hash)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long user_id = 0;
	int rc = sq_check_text(s, "the password hash", pw_hash, PASSWORD_HASH_BYTES - 1, 1);

	if (rc)
		return rc;
	if ((rc = sq_begin(s)))
		return rc;
	rc = sq_reset_find(s, hash, now, &user_id);
	if (!rc) {
		q = sq_stmt(s, Q_RESET_USE);
		rc = q ? sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES) : ERR_IO;
		if (q)
			rc = sq_change_one(s, q, rc, "cannot mark the reset link used");
	}
	if (!rc) {
		q = sq_stmt(s, Q_USER_SET_PW);
		rc = q ? sq_bind_int(s, q, 1, user_id) : ERR_IO;
		if (q && !rc)
			rc = sq_bind_text(s, q, 2, pw_hash);
		if (q)
			rc = sq_change_one(s, q, rc, "cannot change the password");
	}
	if (!rc) {
		q = sq_stmt(s, Q_SESS_DELETE_USER);
		rc = q ? sq_bind_int(s, q, 1, user_id) : ERR_IO;
		if (q && !rc)
			rc = sq_run(s, q, "cannot end the user's sessions");
		else if (q)
			sq_done(q);
	}
	return sq_end(s, rc);
}

/* ---- TOTP second factor ---- */

static int sq_totp_set(struct store *st, long user_id, const uint8_t *secret, size_t len)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_TOTP_SET);
	uint8_t *sealed = NULL;
	size_t slen = 0;
	int rc;

	if (!q)
		return ERR_IO;
	if (secret && len)
		sealed = token_seal(s->key, secret, len, &slen);
	rc = sq_bind_int(s, q, 1, user_id);
	if (!rc)
		rc = sq_bind_blob(s, q, 2, sealed, slen);
	rc = sq_change_one(s, q, rc, "cannot change the second factor");
	free(sealed);
	return rc;
}

static int sq_totp_get(struct store *st, long user_id, uint8_t **secret, size_t *len)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_TOTP_GET);
	int rc;

	*secret = NULL;
	*len = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, user_id);
	if (!rc)
		rc = sq_step(s, q, "cannot read the second factor");
	if (rc == 1) {
		const void *p = sqlite3_column_blob(q, 0);
		int n = sqlite3_column_bytes(q, 0);
		rc = 0;
		if (!p || n <= 0 || token_open(s->key, p, (size_t)n, secret, len)) {
			diag_set(&s->base.err, 0, "the second factor's secret cannot be opened");
			rc = ERR_GENERIC;
		}
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no second factor");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_totp_use(struct store *st, long user_id, int64_t step)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_TOTP_USE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, user_id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, step);
	rc = sq_change_one(s, q, rc, "the code was used already");
	return rc == ERR_NOT_FOUND ? ERR_CONFLICT : rc;
}

static int sq_pending_put(struct store *st, const uint8_t hash[32], long user_id, int64_t now,
			  int64_t drop_before)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_PENDING_EXPIRE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, drop_before);
	if (!rc)
		rc = sq_run(s, q, "cannot drop old pending logins");
	else
		sq_done(q);
	if (rc || !(q = sq_stmt(s, Q_PENDING_PUT)))
		return rc ? rc : ERR_IO;
	if (!(rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES)) &&
	    !(rc = sq_bind_int(s, q, 2, user_id)) && !(rc = sq_bind_int(s, q, 3, now)))
		rc = sq_step(s, q, "cannot store the pending login");
	sq_done(q);
	return rc;
}

static int sq_pending_get(struct store *st, const uint8_t hash[32], int64_t since, long *user_id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_PENDING_GET);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	if (!rc)
		rc = sq_bind_int(s, q, 2, since);
	if (!rc)
		rc = sq_step(s, q, "cannot read the pending login");
	if (rc == 1) {
		*user_id = (long)sqlite3_column_int64(q, 0);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&s->base.err, 0, "no such pending login");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_pending_delete(struct store *st, const uint8_t hash[32])
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_stmt(s, Q_PENDING_DELETE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_blob(s, q, 1, hash, TOKEN_HASH_BYTES);
	return sq_change_one(s, q, rc, "cannot delete the pending login");
}

static const struct store_ops sq_ops = {
	.close = sq_close,
	.org_get = sq_org_get,
	.org_set = sq_org_set,
	.units_import = sq_units_import,
	.employees_import = sq_employees_import,
	.units_list = sq_units_list,
	.unit_code_exists = sq_unit_code_exists,
	.employees_count = sq_employees_count,
	.instrument_put = sq_instrument_put,
	.instrument_source = sq_instrument_source,
	.wave_create = sq_wave_create,
	.wave_get = sq_wave_get,
	.wave_list = sq_wave_list,
	.wave_close = sq_wave_close,
	.wave_participation = sq_wave_participation,
	.wave_invitations = sq_wave_invitations,
	.invitation_get = sq_invitation_get,
	.invitation_save_draft = sq_invitation_save_draft,
	.response_submit = sq_response_submit,
	.responses_count = sq_responses_count,
	.responses_each = sq_responses_each,
	.responses_insert = sq_responses_insert,
	.user_add = sq_user_add,
	.user_get = sq_user_get,
	.user_by_login = sq_user_by_login,
	.user_set_password = sq_user_set_password,
	.session_put = sq_session_put,
	.session_get = sq_session_get,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.set_sync = sq_set_sync,
	.comments_each = sq_comments_each,
	.sessions_expire = sq_sessions_expire,
	.employee_names = sq_employee_names,
	.generation = sq_generation,
	.norm_put = sq_norm_put,
	.norm_get = sq_norm_get,
	.norm_clear = sq_norm_clear,
	.audit_add = sq_audit_add,
	.audit_each = sq_audit_each,
	.reset_put = sq_reset_put,
	.reset_check = sq_reset_check,
	.reset_use = sq_reset_use,
	.totp_set = sq_totp_set,
	.totp_get = sq_totp_get,
	.totp_use = sq_totp_use,
	.pending_put = sq_pending_put,
	.pending_get = sq_pending_get,
	.pending_delete = sq_pending_delete,
	.absence = &sq_absence_ops,
	.absence_followup = &sq_absence_followup_ops,
	.action = &sq_action_ops,
	.workshop = &sq_workshop_ops,
};

/*
 * Calls cb for every response of the waves in wave_ids (n of them) in one
 * sequential pass over the responses table. responses_each goes through
 * the wave index, and with random response ids every row it finds costs a
 * seek into the table; reading the table in its own order once is about
 * four times faster for a report, which wants every closed wave anyway.
 * r and what it points to are borrowed for the call; comments are not
 * filled; cb must not use this store. SQLite only: ERR_GENERIC on another
 * back end. Returns 0, cb's first non-zero result, or an error with
 * st->err set.
 */
int store_responses_scan(struct store *st, const long *wave_ids, size_t n,
			 int (*cb)(void *ctx, const struct response *r), void *ctx)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = NULL;
	int rc = 0, step;

	if (st->ops != &sq_ops) {
		diag_set(&st->err, 0, "store_responses_scan needs the SQLite back end");
		return ERR_GENERIC;
	}
	if (sqlite3_prepare_v3(s->db, "SELECT wave_id, unit_id, age_band, tenure_band, contract,"
				      " shift, function_group, answers FROM responses NOT INDEXED",
			       -1, 0, &q, NULL) != SQLITE_OK)
		return sq_fail(s, "cannot read responses");
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		long wave = (long)sqlite3_column_int64(q, 0);
		size_t i;
		for (i = 0; i < n && wave_ids[i] != wave; i++)
			;
		if (i == n)
			continue;
		const unsigned char *c = sqlite3_column_text(q, 4);
		const unsigned char *sh = sqlite3_column_text(q, 5);
		const unsigned char *fg = sqlite3_column_text(q, 6);
		const void *a = sqlite3_column_blob(q, 7);
		struct response r = {
			.wave_id = wave,
			.unit_id = (long)sqlite3_column_int64(q, 1),
			.age_band = sqlite3_column_int(q, 2),
			.tenure_band = sqlite3_column_int(q, 3),
			.contract = (char *)(c ? c : (const unsigned char *)""),
			.shift = (char *)(sh ? sh : (const unsigned char *)""),
			.function_group = (char *)(fg ? fg : (const unsigned char *)""),
			.answers = (uint8_t *)a,
			.nanswers = a ? (size_t)sqlite3_column_bytes(q, 7) : 0,
		};
		if ((rc = cb(ctx, &r)) != 0)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_fail(s, "cannot read responses");
	sqlite3_finalize(q);
	return rc;
}
