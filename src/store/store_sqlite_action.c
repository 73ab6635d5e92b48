/*
 * store_sqlite_action.c: action plans in SQLite (the part "action").
 *
 * Tables: actions (one row an action), action_history (every status
 * change: the day, the status, who) and action_settings (one row: who may
 * open 'you said, we did' and the public link's key). See store_action.h
 * for the contract and sq_int.h for how a part plugs into the back end.
 */
#include "store/store_action.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/util.h"
#include "store/sq_int.h"

/*
 * Never edit a shipped migration: add one. workshop_id has no foreign key
 * because the workshop part migrates after this one.
 */
static const char *const sq_action_migrations[] = {
	/* 1: actions, their status history, the settings of the part */
	"CREATE TABLE actions ("
	" id INTEGER PRIMARY KEY,"
	" unit_id INTEGER REFERENCES units (id)," /* NULL: organisation-wide */
	" year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),"
	" theme TEXT NOT NULL,"
	" level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 15),"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL,"
	" owner TEXT NOT NULL,"
	" due TEXT NOT NULL,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 15),"
	" quick_win INTEGER NOT NULL CHECK (quick_win IN (0, 1)),"
	" indicator_scale TEXT NOT NULL,"
	" indicator_absence TEXT NOT NULL,"
	" baseline REAL,"
	" target REAL,"
	" baseline_wave INTEGER REFERENCES waves (id),"
	" workshop_id INTEGER,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" status_changed INTEGER NOT NULL,"
	" approved INTEGER NOT NULL DEFAULT 0,"
	" communicated INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX actions_year_unit ON actions (year, unit_id);"
	"CREATE INDEX actions_unit ON actions (unit_id);"
	"CREATE INDEX actions_workshop ON actions (workshop_id) WHERE workshop_id IS NOT NULL;"
	"CREATE TABLE action_history ("
	" seq INTEGER PRIMARY KEY,"
	" action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,"
	" at INTEGER NOT NULL,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 15),"
	" approval INTEGER NOT NULL CHECK (approval IN (0, 1)),"
	" login TEXT NOT NULL,"
	" note TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX action_history_action ON action_history (action_id, seq);"
	"CREATE TABLE action_settings ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" via_invitation INTEGER NOT NULL CHECK (via_invitation IN (0, 1)),"
	" via_public INTEGER NOT NULL CHECK (via_public IN (0, 1)),"
	" public_key TEXT NOT NULL,"
	" gpp_first_year INTEGER NOT NULL DEFAULT 0,"
	" stall_days INTEGER NOT NULL DEFAULT 0 CHECK (stall_days BETWEEN 0 AND 3650)"
	") STRICT;",
};

const struct sq_part sq_action_part = {
	"action", sq_action_migrations, ARRAY_SIZE(sq_action_migrations)
};

enum {
	A_ADD = SQ_X_ACTION,
	A_HIST_ADD,
	A_GET,
	A_UPDATE,
	A_STATUS,
	A_APPROVE,
	A_COMMUNICATE,
	A_REMOVE,
	A_LIST,
	A_HISTORY,
	A_SET_GET,
	A_SET_INIT,
	A_SET_PUT,
	A_END
};
_Static_assert((int)A_END <= (int)SQ_X_WORKSHOP, "the action part has 64 statement slots");

#define A_COLUMNS                                                                          \
	"id, unit_id, year, theme, level, title, description, owner, due, status, quick_win, " \
	"indicator_scale, indicator_absence, baseline, target, baseline_wave, workshop_id, "  \
	"created, updated, status_changed, approved, communicated"

static const char *const a_sql[] = {
	[A_ADD - SQ_X_ACTION] =
		"INSERT INTO actions (id, unit_id, year, theme, level, title, description, owner,"
		" due, status, quick_win, indicator_scale, indicator_absence, baseline, target,"
		" baseline_wave, workshop_id, created, updated, status_changed, approved,"
		" communicated)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?18, ?18, ?19, ?20)",
	[A_HIST_ADD - SQ_X_ACTION] =
		"INSERT INTO action_history (action_id, at, status, approval, login, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[A_GET - SQ_X_ACTION] = "SELECT " A_COLUMNS " FROM actions WHERE id = ?1",
	[A_UPDATE - SQ_X_ACTION] =
		"UPDATE actions SET year = ?2, theme = ?3, level = ?4, title = ?5, description = ?6,"
		" owner = ?7, due = ?8, quick_win = ?9, indicator_scale = ?10,"
		" indicator_absence = ?11, baseline = ?12, target = ?13, baseline_wave = ?14,"
		" updated = ?15 WHERE id = ?1",
	[A_STATUS - SQ_X_ACTION] =
		"UPDATE actions SET status_changed = CASE WHEN status = ?2 THEN status_changed"
		" ELSE ?3 END, updated = ?3, status = ?2 WHERE id = ?1",
	/* only a proposed action can be approved */
	[A_APPROVE - SQ_X_ACTION] =
		"UPDATE actions SET status = ?2, approved = ?3, updated = ?3, status_changed = ?3"
		" WHERE id = ?1 AND status = ?4",
	[A_COMMUNICATE - SQ_X_ACTION] =
		"UPDATE actions SET communicated = ?2 WHERE id = ?1",
	[A_REMOVE - SQ_X_ACTION] = "DELETE FROM actions WHERE id = ?1",
	/* ?N = 0 (or '', or -1) means "any"; a list of units is filtered in C */
	[A_LIST - SQ_X_ACTION] =
		"SELECT " A_COLUMNS " FROM actions"
		" WHERE (?1 = 0 OR (?1 = -1 AND unit_id IS NULL) OR unit_id = ?1)"
		" AND (?2 = 0 OR year BETWEEN ?2 AND ?3)"
		" AND (?4 = -1 OR status = ?4)"
		" AND (?5 = -1 OR level = ?5)"
		" AND (?6 = '' OR theme = ?6)"
		" AND (?7 = 0 OR workshop_id = ?7)"
		" AND (?8 = 0 OR communicated <> 0)"
		" ORDER BY year, unit_id IS NOT NULL, unit_id, level, due = '', due, title, id",
	[A_HISTORY - SQ_X_ACTION] =
		"SELECT at, status, approval, login, note FROM action_history WHERE action_id = ?1"
		" ORDER BY seq",
	[A_SET_GET - SQ_X_ACTION] =
		"SELECT via_invitation, via_public, public_key, gpp_first_year, stall_days"
		" FROM action_settings WHERE id = 1",
	[A_SET_INIT - SQ_X_ACTION] =
		"INSERT OR IGNORE INTO action_settings (id, via_invitation, via_public, public_key)"
		" VALUES (1, 1, 0, ?1)",
	[A_SET_PUT - SQ_X_ACTION] =
		"UPDATE action_settings SET via_invitation = ?1, via_public = ?2,"
		" public_key = CASE WHEN ?3 = '' THEN public_key ELSE ?3 END, gpp_first_year = ?4,"
		" stall_days = ?5 WHERE id = 1",
};

static sqlite3_stmt *a_stmt(struct sq *s, int slot)
{
	return sq_xstmt(s, slot, a_sql[slot - SQ_X_ACTION]);
}

/*
 * The store sets and frees struct action itself (as action_init and
 * action_release do) so that it links without core's action.c.
 */
static void a_init(struct action *a)
{
	memset(a, 0, sizeof(*a));
	a->baseline = NAN;
	a->target = NAN;
}

static void a_release(struct action *a)
{
	free(a->theme);
	free(a->title);
	free(a->description);
	free(a->owner);
	free(a->due);
	free(a->indicator_scale);
	free(a->indicator_absence);
	a_init(a);
}

void store_actions_free(struct action *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++)
		a_release(&a[i]);
	free(a);
}

void store_action_events_free(struct store_action_event *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e[i].user);
		free(e[i].note);
	}
	free(e);
}

void store_action_filter_init(struct store_action_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->status = -1;
	f->level = -1;
}

/* A finite number or NAN (none); infinities have no meaning as a figure. */
static int a_num_ok(struct store *st, const char *what, double v)
{
	if (!isnan(v) && !isfinite(v))
		return diag_set(&st->err, 0, "%s is not a number", what);
	return 0;
}

/*
 * Checks the shape of what add and update store. The meaning (theme a
 * scale of the instrument, target on the better side...) is
 * action_validate's, run by callers for messages in the user's language.
 */
static int a_check(struct store *st, const struct action *a)
{
	struct sq *s = sq_of(st);
	int rc;

	if (a->year < ACTION_MIN_YEAR || a->year > ACTION_MAX_YEAR)
		return diag_set(&st->err, 0, "the year %d is out of range", a->year);
	if ((unsigned)a->level >= IGLO_COUNT)
		return diag_set(&st->err, 0, "unknown level %d", (int)a->level);
	if ((unsigned)a->status >= ACTION_STATUS_COUNT)
		return diag_set(&st->err, 0, "unknown status %d", (int)a->status);
	if (a->quick_win != 0 && a->quick_win != 1)
		return diag_set(&st->err, 0, "the quick-win flag must be 0 or 1");
	if ((rc = sq_check_text(s, "the theme", a->theme, ACTION_MAX_IDENT, 1)) ||
	    (rc = sq_check_text(s, "the title", a->title, ACTION_MAX_TITLE, 1)) ||
	    (rc = sq_check_text(s, "the description", a->description, ACTION_MAX_DESCRIPTION,
				0)) ||
	    (rc = sq_check_text(s, "the owner", a->owner, ACTION_MAX_OWNER, 0)) ||
	    (rc = sq_check_text(s, "the indicator scale", a->indicator_scale, ACTION_MAX_IDENT,
				0)) ||
	    (rc = sq_check_text(s, "the absence indicator", a->indicator_absence,
				ACTION_MAX_IDENT, 0)) ||
	    (rc = a_num_ok(st, "the baseline", a->baseline)) ||
	    (rc = a_num_ok(st, "the target", a->target)))
		return rc;
	if (a->due && *a->due && !sq_date_ok(a->due))
		return diag_set(&st->err, 0, "the due date is not a date (YYYY-MM-DD)");
	if (a->unit_id < 0 || a->baseline_wave_id < 0 || a->workshop_id < 0)
		return diag_set(&st->err, 0, "a negative id");
	return 0;
}

static int a_check_user(struct store *st, const char *user, const char *note)
{
	struct sq *s = sq_of(st);
	int rc = sq_check_text(s, "the user", user, STORE_ACTION_MAX_USER, 1);

	if (!rc)
		rc = sq_check_text(s, "the note", note, STORE_ACTION_MAX_NOTE, 0);
	return rc;
}

static int a_bind_num(struct sq *s, sqlite3_stmt *q, int i, double v)
{
	int rc = isnan(v) ? sqlite3_bind_null(q, i) : sqlite3_bind_double(q, i, v);

	return rc == SQLITE_OK ? 0 : sq_fail(s, "cannot bind a number");
}

static double a_col_num(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

/* A text column as a new string, NULL for "" (core's "none"). */
static char *a_col_opt(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return t && *t ? xstrdup((const char *)t) : NULL;
}

/* Reads a row of A_COLUMNS into out. */
static void a_row(sqlite3_stmt *q, struct action *out)
{
	a_init(out);
	out->id = (long)sqlite3_column_int64(q, 0);
	out->unit_id = (long)sqlite3_column_int64(q, 1);
	out->year = sqlite3_column_int(q, 2);
	out->theme = sq_col_str(q, 3);
	out->level = (enum iglo_level)sqlite3_column_int(q, 4);
	out->title = sq_col_str(q, 5);
	out->description = sq_col_str(q, 6);
	out->owner = sq_col_str(q, 7);
	out->due = a_col_opt(q, 8);
	out->status = (enum action_status)sqlite3_column_int(q, 9);
	out->quick_win = sqlite3_column_int(q, 10);
	out->indicator_scale = a_col_opt(q, 11);
	out->indicator_absence = a_col_opt(q, 12);
	out->baseline = a_col_num(q, 13);
	out->target = a_col_num(q, 14);
	out->baseline_wave_id = (long)sqlite3_column_int64(q, 15);
	out->workshop_id = (long)sqlite3_column_int64(q, 16);
	out->created = sqlite3_column_int64(q, 17);
	out->updated = sqlite3_column_int64(q, 18);
	out->status_changed = sqlite3_column_int64(q, 19);
	out->approved = sqlite3_column_int64(q, 20);
	out->communicated = sqlite3_column_int64(q, 21);
}

/* Appends a history line; inside the caller's transaction. */
static int a_history_add(struct sq *s, long id, int64_t at, int status, int approval,
			 const char *user, const char *note)
{
	sqlite3_stmt *q = a_stmt(s, A_HIST_ADD);
	int rc;

	if (!q)
		return ERR_IO;
	if (!(rc = sq_bind_int(s, q, 1, id)) && !(rc = sq_bind_int(s, q, 2, at)) &&
	    !(rc = sq_bind_int(s, q, 3, status)) && !(rc = sq_bind_int(s, q, 4, approval)) &&
	    !(rc = sq_bind_text(s, q, 5, user)) && !(rc = sq_bind_text(s, q, 6, note)))
		return sq_run(s, q, "cannot store the status history");
	sq_done(q);
	return rc;
}

/* Runs q (bound unless rc) and says ERR_NOT_FOUND when no row changed. */
static int a_change_one(struct store *st, sqlite3_stmt *q, int rc, const char *what)
{
	struct sq *s = sq_of(st);

	if (!rc)
		rc = sq_run(s, q, what);
	else
		sq_done(q);
	if (!rc && sqlite3_changes(sq_db(s)) == 0) {
		diag_set(&st->err, 0, "%s: no such action", what);
		rc = ERR_NOT_FOUND;
	}
	return rc;
}

static int sq_action_add(struct store *st, const struct action *a, int64_t now,
			 const char *user, long *id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	*id = 0;
	if ((rc = a_check(st, a)) || (rc = a_check_user(st, user, NULL)))
		return rc;
	if ((rc = sq_begin(s)))
		return rc;
	if (!(q = a_stmt(s, A_ADD)))
		return sq_end(s, ERR_IO);
	if (!(rc = sq_bind_id_or_null(s, q, 2, a->unit_id)) &&
	    !(rc = sq_bind_int(s, q, 3, a->year)) && !(rc = sq_bind_text(s, q, 4, a->theme)) &&
	    !(rc = sq_bind_int(s, q, 5, a->level)) && !(rc = sq_bind_text(s, q, 6, a->title)) &&
	    !(rc = sq_bind_text(s, q, 7, a->description)) &&
	    !(rc = sq_bind_text(s, q, 8, a->owner)) && !(rc = sq_bind_text(s, q, 9, a->due)) &&
	    !(rc = sq_bind_int(s, q, 10, a->status)) &&
	    !(rc = sq_bind_int(s, q, 11, a->quick_win)) &&
	    !(rc = sq_bind_text(s, q, 12, a->indicator_scale)) &&
	    !(rc = sq_bind_text(s, q, 13, a->indicator_absence)) &&
	    !(rc = a_bind_num(s, q, 14, a->baseline)) && !(rc = a_bind_num(s, q, 15, a->target)) &&
	    !(rc = sq_bind_id_or_null(s, q, 16, a->baseline_wave_id)) &&
	    !(rc = sq_bind_id_or_null(s, q, 17, a->workshop_id)) &&
	    !(rc = sq_bind_int(s, q, 18, now)) && !(rc = sq_bind_int(s, q, 19, a->approved)) &&
	    !(rc = sq_bind_int(s, q, 20, a->communicated)))
		rc = sq_insert_random(s, q, "cannot store the action");
	if (!rc)
		*id = (long)sqlite3_last_insert_rowid(sq_db(s));
	sq_done(q);
	if (!rc)
		rc = a_history_add(s, *id, now, a->status, 0, user, "");
	rc = sq_end(s, rc);
	if (rc)
		*id = 0;
	return rc;
}

static int sq_action_get(struct store *st, long id, struct action *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_GET);
	int rc;

	a_init(out);
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read the action");
	if (rc == 1) {
		a_row(q, out);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&st->err, 0, "no action %ld", id);
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int sq_action_update(struct store *st, const struct action *a, int64_t now)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc = a_check(st, a);

	if (rc)
		return rc;
	if (!(q = a_stmt(s, A_UPDATE)))
		return ERR_IO;
	if (!(rc = sq_bind_int(s, q, 1, a->id)) && !(rc = sq_bind_int(s, q, 2, a->year)) &&
	    !(rc = sq_bind_text(s, q, 3, a->theme)) && !(rc = sq_bind_int(s, q, 4, a->level)) &&
	    !(rc = sq_bind_text(s, q, 5, a->title)) &&
	    !(rc = sq_bind_text(s, q, 6, a->description)) &&
	    !(rc = sq_bind_text(s, q, 7, a->owner)) && !(rc = sq_bind_text(s, q, 8, a->due)) &&
	    !(rc = sq_bind_int(s, q, 9, a->quick_win)) &&
	    !(rc = sq_bind_text(s, q, 10, a->indicator_scale)) &&
	    !(rc = sq_bind_text(s, q, 11, a->indicator_absence)) &&
	    !(rc = a_bind_num(s, q, 12, a->baseline)) && !(rc = a_bind_num(s, q, 13, a->target)) &&
	    !(rc = sq_bind_id_or_null(s, q, 14, a->baseline_wave_id)))
		rc = sq_bind_int(s, q, 15, now);
	return a_change_one(st, q, rc, "cannot change the action");
}

static int sq_action_set_status(struct store *st, long id, enum action_status status,
				int64_t now, const char *user, const char *note)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((unsigned)status >= ACTION_STATUS_COUNT)
		return diag_set(&st->err, 0, "unknown status %d", (int)status);
	if ((rc = a_check_user(st, user, note)) || (rc = sq_begin(s)))
		return rc;
	if (!(q = a_stmt(s, A_STATUS)))
		return sq_end(s, ERR_IO);
	if (!(rc = sq_bind_int(s, q, 1, id)) && !(rc = sq_bind_int(s, q, 2, status)))
		rc = sq_bind_int(s, q, 3, now);
	rc = a_change_one(st, q, rc, "cannot change the status");
	if (!rc)
		rc = a_history_add(s, id, now, status, 0, user, note);
	return sq_end(s, rc);
}

static int sq_action_approve(struct store *st, long id, int64_t now, const char *user,
			     const char *note)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = a_check_user(st, user, note)) || (rc = sq_begin(s)))
		return rc;
	if (!(q = a_stmt(s, A_APPROVE)))
		return sq_end(s, ERR_IO);
	if (!(rc = sq_bind_int(s, q, 1, id)) && !(rc = sq_bind_int(s, q, 2, ACTION_APPROVED)) &&
	    !(rc = sq_bind_int(s, q, 3, now)))
		rc = sq_bind_int(s, q, 4, ACTION_PROPOSED);
	rc = a_change_one(st, q, rc, "cannot approve the action");
	if (rc == ERR_NOT_FOUND) {
		/* tell an unknown action from one that is not proposed */
		struct action a;
		if (sq_action_get(st, id, &a) == 0) {
			diag_set(&st->err, 0, "only a proposed action can be approved");
			rc = ERR_CONFLICT;
		}
		a_release(&a);
	}
	if (!rc)
		rc = a_history_add(s, id, now, ACTION_APPROVED, 1, user, note);
	return sq_end(s, rc);
}

static int sq_action_communicate(struct store *st, long id, int64_t now)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_COMMUNICATE);
	int rc;

	if (!q)
		return ERR_IO;
	if (!(rc = sq_bind_int(s, q, 1, id)))
		rc = sq_bind_int(s, q, 2, now > 0 ? now : 0);
	return a_change_one(st, q, rc, "cannot mark the action communicated");
}

static int sq_action_remove(struct store *st, long id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_REMOVE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	return a_change_one(st, q, rc, "cannot delete the action");
}

static int a_unit_in(const struct store_action_filter *f, long unit_id)
{
	if (!f->unit_ids)
		return 1;
	for (size_t i = 0; i < f->n_units; i++) {
		if (f->unit_ids[i] == unit_id)
			return 1;
	}
	return 0;
}

static int sq_action_list(struct store *st, const struct store_action_filter *f,
			  struct action **out, size_t *n)
{
	struct store_action_filter all;
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_LIST);
	struct action *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	if (!f) {
		store_action_filter_init(&all);
		f = &all;
	}
	if (!(rc = sq_bind_int(s, q, 1, f->unit_id)) && !(rc = sq_bind_int(s, q, 2, f->year)) &&
	    !(rc = sq_bind_int(s, q, 3, f->year_to > f->year ? f->year_to : f->year)) &&
	    !(rc = sq_bind_int(s, q, 4, f->status < 0 ? -1 : f->status)) &&
	    !(rc = sq_bind_int(s, q, 5, f->level < 0 ? -1 : f->level)) &&
	    !(rc = sq_bind_text(s, q, 6, f->theme ? f->theme : "")) &&
	    !(rc = sq_bind_int(s, q, 7, f->workshop_id)))
		rc = sq_bind_int(s, q, 8, f->communicated != 0);
	while (!rc && (rc = sq_step(s, q, "cannot list the actions")) == 1) {
		rc = 0;
		if (!a_unit_in(f, (long)sqlite3_column_int64(q, 1)))
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		a_row(q, &v[len++]);
	}
	sq_done(q);
	if (rc) {
		store_actions_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
	return 0;
}

static int sq_action_history(struct store *st, long id, struct store_action_event **out,
			     size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_HISTORY);
	struct store_action_event *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	while (!rc && (rc = sq_step(s, q, "cannot read the status history")) == 1) {
		rc = 0;
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[len].at = sqlite3_column_int64(q, 0);
		v[len].status = (enum action_status)sqlite3_column_int(q, 1);
		v[len].approval = sqlite3_column_int(q, 2);
		v[len].user = sq_col_str(q, 3);
		v[len].note = sq_col_str(q, 4);
		len++;
	}
	sq_done(q);
	if (rc) {
		store_action_events_free(v, len);
		return rc;
	}
	*out = v;
	*n = len;
	return 0;
}

/* A fresh public key: 16 random bytes as 32 hex digits. */
static void a_new_key(char key[STORE_ACTION_KEY_BYTES + 1])
{
	unsigned char raw[STORE_ACTION_KEY_BYTES / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(key, STORE_ACTION_KEY_BYTES + 1, raw, sizeof(raw));
}

static int sq_action_yousaid_get(struct store *st, struct store_yousaid *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = a_stmt(s, A_SET_INIT);
	char key[STORE_ACTION_KEY_BYTES + 1];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	/* the row is made on first use, so that its key is random per database */
	a_new_key(key);
	rc = sq_bind_text(s, q, 1, key);
	if (!rc)
		rc = sq_run(s, q, "cannot store the 'you said, we did' settings");
	else
		sq_done(q);
	if (rc)
		return rc;
	if (!(q = a_stmt(s, A_SET_GET)))
		return ERR_IO;
	rc = sq_step(s, q, "cannot read the 'you said, we did' settings");
	if (rc == 1) {
		const unsigned char *k = sqlite3_column_text(q, 2);
		out->via_invitation = sqlite3_column_int(q, 0);
		out->via_public = sqlite3_column_int(q, 1);
		if (k)
			snprintf(out->key, sizeof(out->key), "%s", (const char *)k);
		out->gpp_first_year = sqlite3_column_int(q, 3);
		out->stall_days = sqlite3_column_int(q, 4);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&st->err, 0, "the 'you said, we did' settings are missing");
		rc = ERR_GENERIC;
	}
	sq_done(q);
	return rc;
}

static int sq_action_yousaid_set(struct store *st, const struct store_yousaid *in, int new_key)
{
	struct sq *s = sq_of(st);
	struct store_yousaid cur;
	char key[STORE_ACTION_KEY_BYTES + 1] = "";
	sqlite3_stmt *q;
	int rc;

	if ((in->via_invitation != 0 && in->via_invitation != 1) ||
	    (in->via_public != 0 && in->via_public != 1))
		return diag_set(&st->err, 0, "the switches must be 0 or 1");
	if (in->gpp_first_year != 0 &&
	    (in->gpp_first_year < ACTION_MIN_YEAR || in->gpp_first_year > ACTION_MAX_YEAR))
		return diag_set(&st->err, 0, "the year %d is out of range", in->gpp_first_year);
	if (in->stall_days < 0 || in->stall_days > 3650)
		return diag_set(&st->err, 0, "the stall days must be between 0 and 3650");
	if ((rc = sq_action_yousaid_get(st, &cur)))
		return rc;
	if (new_key)
		a_new_key(key);
	if (!(q = a_stmt(s, A_SET_PUT)))
		return ERR_IO;
	if (!(rc = sq_bind_int(s, q, 1, in->via_invitation)) &&
	    !(rc = sq_bind_int(s, q, 2, in->via_public)) && !(rc = sq_bind_text(s, q, 3, key)) &&
	    !(rc = sq_bind_int(s, q, 4, in->gpp_first_year)))
		rc = sq_bind_int(s, q, 5, in->stall_days);
	if (!rc)
		return sq_run(s, q, "cannot store the 'you said, we did' settings");
	sq_done(q);
	return rc;
}

const struct store_action_ops sq_action_ops = {
	.add = sq_action_add,
	.get = sq_action_get,
	.update = sq_action_update,
	.set_status = sq_action_set_status,
	.approve = sq_action_approve,
	.communicate = sq_action_communicate,
	.remove = sq_action_remove,
	.list = sq_action_list,
	.history = sq_action_history,
	.yousaid_get = sq_action_yousaid_get,
	.yousaid_set = sq_action_yousaid_set,
};
