/*
 * store_sqlite_absence_followup.c: the SQLite part "absence_followup":
 * presence policy settings, the tasks the policy gives managers, return-
 * to-work plans and re-integration deadline settings
 * (store_absence_followup.h).
 *
 * Privacy is in the schema: a task row has a person, a step, who does it,
 * a due date and open/done with a date, and no column where the content
 * of a talk could go; a plan has dated steps and one short field for
 * practical agreements, no diagnosis. Task and plan ids are random, so an
 * id says nothing about how many there are or in which order they came,
 * and every read of a person's row carries the caller's scope in its
 * WHERE clause: a manager's query cannot return another team's row.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "store/sq_int.h"
#include "store/store_absence.h"
#include "store/store_absence_followup.h"

static const char *const followup_migrations[] = {
	/* 1: the first schema */
	/* the presence policy, once saved (absent: the core's default) */
	"CREATE TABLE followup_policy ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" window_days INTEGER NOT NULL,"
	" kinds INTEGER NOT NULL,"
	" relapse_days INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE followup_policy_steps ("
	" pos INTEGER PRIMARY KEY CHECK (pos >= 0),"
	" min_spells INTEGER NOT NULL,"
	" min_bradford INTEGER NOT NULL,"
	" action INTEGER NOT NULL CHECK (action BETWEEN 0 AND 15),"
	" due_days INTEGER NOT NULL"
	") STRICT;"
	/*
	 * A task: who, which step, who talks, when due, done or not and when.
	 * Nothing about the talk itself. trigger_id is the rule engine's
	 * identity of one firing, so generating again adds nothing twice.
	 */
	"CREATE TABLE followup_tasks ("
	" id INTEGER PRIMARY KEY,"
	" employee_id INTEGER NOT NULL REFERENCES employees (id),"
	" unit_id INTEGER NOT NULL REFERENCES units (id),"
	" step_key TEXT NOT NULL,"
	" action INTEGER NOT NULL CHECK (action BETWEEN 0 AND 15),"
	" trigger_id TEXT NOT NULL UNIQUE CHECK (length(trigger_id) BETWEEN 1 AND 200),"
	" manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
	" manager2_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
	" flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),"
	" created TEXT NOT NULL,"
	" due TEXT NOT NULL,"
	" status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),"
	" done_on TEXT,"
	" CHECK ((status = 1) = (done_on IS NOT NULL))"
	") STRICT;"
	"CREATE INDEX followup_tasks_manager ON followup_tasks (manager_id);"
	"CREATE INDEX followup_tasks_manager2 ON followup_tasks (manager2_id);"
	"CREATE INDEX followup_tasks_employee ON followup_tasks (employee_id);"
	/* what the absence data looked like at the last generation */
	"CREATE TABLE followup_stamp ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" stamp TEXT NOT NULL"
	") STRICT;"
	/* return-to-work plans: dates and steps, practical agreements only */
	"CREATE TABLE rtw_plans ("
	" id INTEGER PRIMARY KEY,"
	" employee_id INTEGER NOT NULL REFERENCES employees (id),"
	" manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 15),"
	" start TEXT NOT NULL,"
	" ret TEXT NOT NULL,"
	" created TEXT NOT NULL,"
	" notes TEXT NOT NULL DEFAULT '' CHECK (length(CAST(notes AS BLOB)) <= 1000)"
	") STRICT;"
	"CREATE INDEX rtw_plans_employee ON rtw_plans (employee_id);"
	"CREATE INDEX rtw_plans_manager ON rtw_plans (manager_id);"
	"CREATE TABLE rtw_steps ("
	" plan_id INTEGER NOT NULL REFERENCES rtw_plans (id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),"
	" title TEXT NOT NULL CHECK (length(title) <= 500),"
	" text TEXT NOT NULL CHECK (length(text) <= 2000),"
	" phase INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 15),"
	" due TEXT NOT NULL,"
	" done_on TEXT,"
	" PRIMARY KEY (plan_id, pos)"
	") STRICT, WITHOUT ROWID;"
	/* the re-integration deadlines by name (rit_settings), once saved */
	"CREATE TABLE rtw_deadlines ("
	" key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),"
	" value INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;",
};

const struct sq_part sq_part_absence_followup = {
	"absence_followup",
	followup_migrations,
	sizeof(followup_migrations) / sizeof(followup_migrations[0]),
};

/* Statement slots: SQ_X_ABSENCE + 32..63. */
enum {
	S_POLICY_GET = SQ_X_ABSENCE + 32,
	S_POLICY_SAVED,
	S_POLICY_CLEAR,
	S_POLICY_ADD,
	S_POLICY_MARK,
	S_TASK_ADD,
	S_STAMP_GET,
	S_STAMP_SET,
	S_TASK_ASSIGN,
	S_TASKS_LIST,
	S_TASK_DONE,
	S_PLAN_ADD,
	S_PLAN_STEP_ADD,
	S_PLANS_LIST,
	S_PLAN_STEPS,
	S_PLAN_STEP_SET,
	S_PLAN_NOTES,
	S_DEADLINES_GET,
		S_DEADLINE_ADD,
	S_MANAGERS,
	S_EMPLOYEE,
	S_PLAN_ASSIGN,
	S_EMPLOYEE_CODE,
	S_LAST,
};
_Static_assert(S_LAST <= SQ_X_ABSENCE + 64, "absence_followup has slots 32..63 of absence");

/*
 * The scope of a read, as SQL: ?1 all (HR), ?2 the manager user, ?3 their
 * unit. A manager's row must be theirs to do AND about a person in their
 * unit or below, now (a person who moved to another team leaves it).
 */
#define SCOPE_CTE                                                                          \
	"WITH RECURSIVE sub(id) AS (SELECT ?3 UNION"                                       \
	" SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
#define TASK_SCOPE                                                                         \
	"(?1 OR ((t.manager_id = ?2 OR t.manager2_id = ?2) AND e.unit_id IN sub))"
#define PLAN_SCOPE "(?1 OR (p.manager_id = ?2 AND e.unit_id IN sub))"

static int bind_scope(struct sq *s, sqlite3_stmt *q, const struct followup_scope *sc)
{
	int rc;

	if ((rc = sq_bind_int(s, q, 1, sc->all ? 1 : 0)) ||
	    (rc = sq_bind_int(s, q, 2, sc->all ? 0 : sc->manager_id)) ||
	    (rc = sq_bind_int(s, q, 3, sc->all ? 0 : sc->unit_id)))
		return rc;
	return 0;
}

/* A manager with no unit sees nothing: not a scope of all. */
static int scope_ok(const struct followup_scope *sc)
{
	return sc->all || (sc->manager_id > 0 && sc->unit_id > 0);
}

/* ---- presence policy ---- */

static int fu_policy_get(struct store *st, struct presence_policy *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_POLICY_SAVED,
				   "SELECT window_days, kinds, relapse_days FROM followup_policy");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ERR_IO;
	rc = sq_step(s, q, "cannot read the presence policy");
	if (rc > 0) {
		out->window_days = sqlite3_column_int(q, 0);
		out->kinds = (unsigned)sqlite3_column_int64(q, 1);
		out->relapse_days = sqlite3_column_int(q, 2);
	}
	sq_done(q);
	if (rc <= 0)
		return rc < 0 ? rc : ERR_NOT_FOUND;
	q = sq_xstmt(s, S_POLICY_GET,
		     "SELECT min_spells, min_bradford, action, due_days FROM followup_policy_steps"
		     " ORDER BY pos");
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot read the presence policy")) > 0) {
		if (out->nsteps >= MAX_POLICY_STEPS)
			continue;
		struct policy_step *p = &out->steps[out->nsteps++];
		p->min_spells = sqlite3_column_int(q, 0);
		p->min_bradford = sqlite3_column_int(q, 1);
		p->action = (unsigned char)sqlite3_column_int(q, 2);
		p->due_days = sqlite3_column_int(q, 3);
	}
	sq_done(q);
	return rc < 0 ? rc : 0;
}

static int fu_policy_set(struct store *st, const struct presence_policy *p)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if (p->nsteps < 0 || p->nsteps > MAX_POLICY_STEPS) {
		diag_set(&st->err, 0, "too many presence policy steps");
		return ERR_INVALID;
	}
	if ((rc = sq_begin(s)))
		return rc;
	q = sq_xstmt(s, S_POLICY_CLEAR,
		     "INSERT INTO followup_policy (id, window_days, kinds, relapse_days)"
		     " VALUES (1, ?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET"
		     " window_days = excluded.window_days, kinds = excluded.kinds,"
		     " relapse_days = excluded.relapse_days");
	if (!q)
		rc = ERR_IO;
	else if (!(rc = sq_bind_int(s, q, 1, p->window_days)) &&
		 !(rc = sq_bind_int(s, q, 2, p->kinds)) &&
		 !(rc = sq_bind_int(s, q, 3, p->relapse_days)))
		rc = sq_run(s, q, "cannot save the presence policy");
	else
		sq_done(q);
	if (!rc) {
		q = sq_xstmt(s, S_POLICY_MARK, "DELETE FROM followup_policy_steps");
		rc = q ? sq_run(s, q, "cannot save the presence policy") : ERR_IO;
	}
	for (int i = 0; !rc && i < p->nsteps; i++) {
		const struct policy_step *x = &p->steps[i];
		q = sq_xstmt(s, S_POLICY_ADD,
			     "INSERT INTO followup_policy_steps (pos, min_spells, min_bradford,"
			     " action, due_days) VALUES (?1, ?2, ?3, ?4, ?5)");
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_int(s, q, 1, i)) && !(rc = sq_bind_int(s, q, 2, x->min_spells)) &&
		    !(rc = sq_bind_int(s, q, 3, x->min_bradford)) &&
		    !(rc = sq_bind_int(s, q, 4, x->action)) &&
		    !(rc = sq_bind_int(s, q, 5, x->due_days)))
			rc = sq_run(s, q, "cannot save a presence policy step");
		else
			sq_done(q);
	}
	return sq_end(s, rc);
}

/* ---- tasks ---- */

static int fu_tasks_add(struct store *st, const struct followup_task_new *t, size_t n,
			const char *stamp, long *added)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	*added = 0;
	if ((rc = sq_begin(s)))
		return rc;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct followup_task_new *p = &t[i];
		if (!sq_date_ok(p->created) || !sq_date_ok(p->due)) {
			diag_set(&st->err, 0, "a task needs valid dates");
			rc = ERR_INVALID;
			break;
		}
		q = sq_xstmt(s, S_TASK_ADD,
			     "INSERT INTO followup_tasks (id, employee_id, unit_id, step_key, action,"
			     " trigger_id, manager_id, manager2_id, flagged, created, due)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
			     " ON CONFLICT (trigger_id) DO NOTHING");
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_int(s, q, 2, p->employee_id)) &&
		    !(rc = sq_bind_int(s, q, 3, p->unit_id)) &&
		    !(rc = sq_bind_text(s, q, 4, p->step_key)) &&
		    !(rc = sq_bind_int(s, q, 5, p->action)) &&
		    !(rc = sq_bind_text(s, q, 6, p->trigger_id)) &&
		    !(rc = sq_bind_id_or_null(s, q, 7, p->manager_id)) &&
		    !(rc = sq_bind_id_or_null(s, q, 8, p->manager2_id)) &&
		    !(rc = sq_bind_int(s, q, 9, p->flagged ? 1 : 0)) &&
		    !(rc = sq_bind_text(s, q, 10, p->created)) &&
		    !(rc = sq_bind_text(s, q, 11, p->due)))
			rc = sq_insert_random(s, q, "cannot add a task");
		if (!rc)
			*added += sqlite3_changes(sq_db(s));
		sq_done(q);
	}
	if (!rc && stamp) {
		q = sq_xstmt(s, S_STAMP_SET,
			     "INSERT INTO followup_stamp VALUES (1, ?1)"
			     " ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp");
		if (!q)
			rc = ERR_IO;
		else if (!(rc = sq_bind_text(s, q, 1, stamp)))
			rc = sq_run(s, q, "cannot record the generation");
		else
			sq_done(q);
	}
	rc = sq_end(s, rc);
	if (rc)
		*added = 0;
	return rc;
}

static int fu_tasks_stamp(struct store *st, char **stamp)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_STAMP_GET, "SELECT stamp FROM followup_stamp");
	int rc;

	*stamp = NULL;
	if (!q)
		return ERR_IO;
	rc = sq_step(s, q, "cannot read the generation stamp");
	if (rc >= 0)
		*stamp = rc ? sq_col_str(q, 0) : xstrdup("");
	sq_done(q);
	return rc < 0 ? rc : 0;
}

static int fu_task_assign(struct store *st, long id, long manager_id, long manager2_id,
			  int flagged)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_TASK_ASSIGN,
				   "UPDATE followup_tasks SET manager_id = ?2, manager2_id = ?3,"
				   " flagged = ?4 WHERE id = ?1 AND status = 0");
	int rc;

	if (!q)
		return ERR_IO;
	if ((rc = sq_bind_int(s, q, 1, id)) || (rc = sq_bind_id_or_null(s, q, 2, manager_id)) ||
	    (rc = sq_bind_id_or_null(s, q, 3, manager2_id)) ||
	    (rc = sq_bind_int(s, q, 4, flagged ? 1 : 0))) {
		sq_done(q);
		return rc;
	}
	return sq_run(s, q, "cannot assign a task");
}

static void task_read(sqlite3_stmt *q, struct followup_task *t)
{
	t->id = (long)sqlite3_column_int64(q, 0);
	t->employee_id = (long)sqlite3_column_int64(q, 1);
	t->employee_name = sq_col_str(q, 2);
	t->unit_id = (long)sqlite3_column_int64(q, 3);
	t->unit_name = sq_col_str(q, 4);
	t->step_key = sq_col_str(q, 5);
	t->action = sqlite3_column_int(q, 6);
	t->trigger_id = sq_col_str(q, 7);
	t->manager_id = (long)sqlite3_column_int64(q, 8);
	t->manager2_id = (long)sqlite3_column_int64(q, 9);
	t->flagged = sqlite3_column_int(q, 10);
	t->created = sq_col_str(q, 11);
	t->due = sq_col_str(q, 12);
	t->status = sqlite3_column_int(q, 13);
	t->done_on = sq_col_str(q, 14);
}

void followup_task_release(struct followup_task *t)
{
	free(t->employee_name);
	free(t->unit_name);
	free(t->step_key);
	free(t->trigger_id);
	free(t->created);
	free(t->due);
	free(t->done_on);
	memset(t, 0, sizeof(*t));
}

void followup_tasks_free(struct followup_task *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		followup_task_release(&t[i]);
	free(t);
}

/*
 * ?4: one task id, or 0 for all; ?5: "" or a date open tasks must be due
 * before. The unit shown is the person's unit now.
 */
static const char tasks_sql[] =
	SCOPE_CTE
	"SELECT t.id, t.employee_id, trim(e.first_name || ' ' || e.last_name), e.unit_id,"
	" COALESCE(un.name, ''), t.step_key, t.action, t.trigger_id, COALESCE(t.manager_id, 0),"
	" COALESCE(t.manager2_id, 0), t.flagged, t.created, t.due, t.status,"
	" COALESCE(t.done_on, '')"
	" FROM followup_tasks t JOIN employees e ON e.id = t.employee_id"
	" LEFT JOIN units un ON un.id = e.unit_id"
	" WHERE " TASK_SCOPE " AND (?4 = 0 OR t.id = ?4)"
	" AND (?5 = '' OR (t.status = 0 AND t.due < ?5))"
	" ORDER BY t.status, CASE WHEN t.status = 0 THEN t.due END,"
	" t.done_on DESC, e.last_name, e.first_name, t.id";

static int tasks_query(struct store *st, const struct followup_scope *sc, long id,
		       const char *due_before, struct followup_task **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	*out = NULL;
	*n = 0;
	if (!scope_ok(sc))
		return 0;
	q = sq_xstmt(s, S_TASKS_LIST, tasks_sql);
	if (!q)
		return ERR_IO;
	if ((rc = bind_scope(s, q, sc)) || (rc = sq_bind_int(s, q, 4, id)) ||
	    (rc = sq_bind_text(s, q, 5, due_before ? due_before : ""))) {
		sq_done(q);
		return rc;
	}
	struct followup_task *v = NULL;
	size_t cap = 0;
	while ((rc = sq_step(s, q, "cannot read the tasks")) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		memset(&v[*n], 0, sizeof(v[*n]));
		task_read(q, &v[(*n)++]);
	}
	sq_done(q);
	if (rc < 0) {
		followup_tasks_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int fu_tasks_list(struct store *st, const struct followup_scope *sc,
			 const char *due_before, struct followup_task **out, size_t *n)
{
	if (due_before && *due_before && !sq_date_ok(due_before)) {
		diag_set(&st->err, 0, "not a date: %s", due_before);
		return ERR_INVALID;
	}
	return tasks_query(st, sc, 0, due_before, out, n);
}

static int fu_task_get(struct store *st, const struct followup_scope *sc, long id,
		       struct followup_task *out)
{
	struct followup_task *v;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return ERR_NOT_FOUND;
	if ((rc = tasks_query(st, sc, id, "", &v, &n)))
		return rc;
	if (n != 1) {
		followup_tasks_free(v, n);
		return ERR_NOT_FOUND;
	}
	*out = v[0];
	free(v);
	return 0;
}

static int fu_task_done(struct store *st, const struct followup_scope *sc, long id,
			const char *date)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if (!sq_date_ok(date)) {
		diag_set(&st->err, 0, "not a date");
		return ERR_INVALID;
	}
	if (!scope_ok(sc))
		return ERR_NOT_FOUND;
	q = sq_xstmt(s, S_TASK_DONE,
		     SCOPE_CTE "UPDATE followup_tasks AS t SET status = 1, done_on = ?5"
			       " FROM employees e WHERE e.id = t.employee_id AND t.id = ?4 AND "
			       TASK_SCOPE);
	if (!q)
		return ERR_IO;
	if ((rc = bind_scope(s, q, sc)) || (rc = sq_bind_int(s, q, 4, id)) ||
	    (rc = sq_bind_text(s, q, 5, date))) {
		sq_done(q);
		return rc;
	}
	if ((rc = sq_run(s, q, "cannot mark the task done")))
		return rc;
	return sqlite3_changes(sq_db(s)) == 1 ? 0 : ERR_NOT_FOUND;
}

/* ---- return-to-work plans ---- */

static void rtw_steps_free(struct rtw_plan_step *x, size_t n)
{
	for (size_t i = 0; x && i < n; i++) {
		free(x[i].title);
		free(x[i].text);
	}
	free(x);
}

void rtw_plan_release(struct rtw_plan *p)
{
	free(p->employee_name);
	free(p->unit_name);
	free(p->notes);
	rtw_steps_free(p->steps, p->nsteps);
	memset(p, 0, sizeof(*p));
}

void rtw_plans_free(struct rtw_plan *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		rtw_plan_release(&p[i]);
	free(p);
}

static int plan_assign(struct sq *s, long id, long manager_id)
{
	sqlite3_stmt *q = sq_xstmt(s, S_PLAN_ASSIGN,
				   "UPDATE rtw_plans SET manager_id = ?2 WHERE id = ?1");
	int rc;

	if (!q)
		return ERR_IO;
	if ((rc = sq_bind_int(s, q, 1, id)) || (rc = sq_bind_id_or_null(s, q, 2, manager_id))) {
		sq_done(q);
		return rc;
	}
	return sq_run(s, q, "cannot assign a plan");
}

static int fu_plan_assign(struct store *st, long id, long manager_id)
{
	return plan_assign(sq_of(st), id, manager_id);
}

static int fu_plan_create(struct store *st, const struct rtw_plan *p, long *id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	*id = 0;
	if (p->kind < 0 || p->kind >= RTW_TEMPLATE_COUNT || !sq_date_ok(p->start) ||
	    !sq_date_ok(p->ret) || !sq_date_ok(p->created) ||
	    p->nsteps > FOLLOWUP_MAX_PLAN_STEPS) {
		diag_set(&st->err, 0, "a plan needs a kind, valid dates and at most %d steps",
			 FOLLOWUP_MAX_PLAN_STEPS);
		return ERR_INVALID;
	}
	if ((rc = sq_check_text(s, "notes", p->notes, FOLLOWUP_MAX_NOTES, 0)))
		return rc;
	if ((rc = sq_begin(s)))
		return rc;
	q = sq_xstmt(s, S_PLAN_ADD,
		     "INSERT INTO rtw_plans (id, employee_id, manager_id, kind, start, ret, created,"
		     " notes) VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7)");
	if (!q)
		rc = ERR_IO;
	else if (!(rc = sq_bind_int(s, q, 2, p->employee_id)) &&
		 !(rc = sq_bind_int(s, q, 3, p->kind)) && !(rc = sq_bind_text(s, q, 4, p->start)) &&
		 !(rc = sq_bind_text(s, q, 5, p->ret)) &&
		 !(rc = sq_bind_text(s, q, 6, p->created)) &&
		 !(rc = sq_bind_text(s, q, 7, p->notes)))
		rc = sq_insert_random(s, q, "cannot create the plan");
	if (q)
		sq_done(q);
	long pid = rc ? 0 : (long)sqlite3_last_insert_rowid(sq_db(s));
	for (size_t i = 0; !rc && i < p->nsteps; i++) {
		const struct rtw_plan_step *x = &p->steps[i];
		if (!sq_date_ok(x->due)) {
			diag_set(&st->err, 0, "a plan step needs a valid date");
			rc = ERR_INVALID;
			break;
		}
		q = sq_xstmt(s, S_PLAN_STEP_ADD,
			     "INSERT INTO rtw_steps (plan_id, pos, key, phase, due, done_on, title,"
			     " text) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)");
		if (!q) {
			rc = ERR_IO;
			break;
		}
		if (!(rc = sq_bind_int(s, q, 1, pid)) && !(rc = sq_bind_int(s, q, 2, (int64_t)i)) &&
		    !(rc = sq_bind_text(s, q, 3, x->key)) && !(rc = sq_bind_int(s, q, 4, x->phase)) &&
		    !(rc = sq_bind_text(s, q, 5, x->due)) &&
		    !(rc = sq_bind_text(s, q, 6, x->title)) &&
		    !(rc = sq_bind_text(s, q, 7, x->text)))
			rc = sq_run(s, q, "cannot add a plan step");
		else
			sq_done(q);
	}
	if (!rc && p->manager_id > 0)
		rc = plan_assign(s, pid, p->manager_id);
	rc = sq_end(s, rc);
	if (!rc)
		*id = pid;
	return rc;
}

static const char plans_sql[] =
	SCOPE_CTE
	"SELECT p.id, p.employee_id, trim(e.first_name || ' ' || e.last_name), e.unit_id,"
	" COALESCE(un.name, ''), p.kind, p.start, p.ret, p.created, p.notes,"
	" (SELECT count(*) FROM rtw_steps x WHERE x.plan_id = p.id AND x.done_on IS NULL),"
	" COALESCE((SELECT min(x.due) FROM rtw_steps x WHERE x.plan_id = p.id"
	"  AND x.done_on IS NULL), ''), COALESCE(p.manager_id, 0)"
	" FROM rtw_plans p JOIN employees e ON e.id = p.employee_id"
	" LEFT JOIN units un ON un.id = e.unit_id"
	" WHERE " PLAN_SCOPE " AND (?4 = 0 OR p.id = ?4)"
	" ORDER BY (SELECT count(*) FROM rtw_steps x WHERE x.plan_id = p.id"
	"  AND x.done_on IS NULL) = 0, 12, e.last_name, e.first_name, p.id";

static int plans_query(struct store *st, const struct followup_scope *sc, long id,
		       struct rtw_plan **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	*out = NULL;
	*n = 0;
	if (!scope_ok(sc))
		return 0;
	q = sq_xstmt(s, S_PLANS_LIST, plans_sql);
	if (!q)
		return ERR_IO;
	if ((rc = bind_scope(s, q, sc)) || (rc = sq_bind_int(s, q, 4, id))) {
		sq_done(q);
		return rc;
	}
	struct rtw_plan *v = NULL;
	size_t cap = 0;
	while ((rc = sq_step(s, q, "cannot read the plans")) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		struct rtw_plan *p = &v[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = (long)sqlite3_column_int64(q, 0);
		p->employee_id = (long)sqlite3_column_int64(q, 1);
		p->employee_name = sq_col_str(q, 2);
		p->unit_id = (long)sqlite3_column_int64(q, 3);
		p->unit_name = sq_col_str(q, 4);
		p->kind = sqlite3_column_int(q, 5);
		snprintf(p->start, sizeof(p->start), "%s", (const char *)sqlite3_column_text(q, 6));
		snprintf(p->ret, sizeof(p->ret), "%s", (const char *)sqlite3_column_text(q, 7));
		snprintf(p->created, sizeof(p->created), "%s",
			 (const char *)sqlite3_column_text(q, 8));
		p->notes = sq_col_str(q, 9);
		p->open_steps = (size_t)sqlite3_column_int64(q, 10);
		snprintf(p->next_due, sizeof(p->next_due), "%s",
			 (const char *)sqlite3_column_text(q, 11));
		p->manager_id = (long)sqlite3_column_int64(q, 12);
	}
	sq_done(q);
	if (rc < 0) {
		rtw_plans_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int fu_plans_list(struct store *st, const struct followup_scope *sc,
			 struct rtw_plan **out, size_t *n)
{
	return plans_query(st, sc, 0, out, n);
}

static int fu_plan_get(struct store *st, const struct followup_scope *sc, long id,
		       struct rtw_plan *out)
{
	struct sq *s = sq_of(st);
	struct rtw_plan *v;
	size_t n, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return ERR_NOT_FOUND;
	if ((rc = plans_query(st, sc, id, &v, &n)))
		return rc;
	if (n != 1) {
		rtw_plans_free(v, n);
		return ERR_NOT_FOUND;
	}
	*out = v[0];
	free(v);
	sqlite3_stmt *q = sq_xstmt(s, S_PLAN_STEPS,
				   "SELECT pos, key, phase, due, COALESCE(done_on, ''), title, text"
				   " FROM rtw_steps"
				   " WHERE plan_id = ?1 ORDER BY due, pos");
	if (!q)
		rc = ERR_IO;
	else
		rc = sq_bind_int(s, q, 1, id);
	while (!rc) {
		int r = sq_step(s, q, "cannot read the plan's steps");
		if (r <= 0) {
			rc = r;
			break;
		}
		if (out->nsteps == cap) {
			cap = cap ? cap * 2 : 16;
			out->steps = xrealloc(out->steps, cap * sizeof(*out->steps));
		}
		struct rtw_plan_step *x = &out->steps[out->nsteps++];
		memset(x, 0, sizeof(*x));
		x->pos = sqlite3_column_int(q, 0);
		snprintf(x->key, sizeof(x->key), "%s", (const char *)sqlite3_column_text(q, 1));
		x->phase = sqlite3_column_int(q, 2);
		snprintf(x->due, sizeof(x->due), "%s", (const char *)sqlite3_column_text(q, 3));
		snprintf(x->done_on, sizeof(x->done_on), "%s",
			 (const char *)sqlite3_column_text(q, 4));
		x->done = x->done_on[0] != '\0';
		x->title = sq_col_str(q, 5);
		x->text = sq_col_str(q, 6);
	}
	sq_done(q);
	if (rc)
		rtw_plan_release(out);
	return rc;
}

static int fu_plan_step_set(struct store *st, const struct followup_scope *sc, long id,
			    int pos, const char *date)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if (date && !sq_date_ok(date)) {
		diag_set(&st->err, 0, "not a date");
		return ERR_INVALID;
	}
	if (!scope_ok(sc))
		return ERR_NOT_FOUND;
	q = sq_xstmt(s, S_PLAN_STEP_SET,
		     SCOPE_CTE "UPDATE rtw_steps SET done_on = ?6 WHERE plan_id = ?4 AND pos = ?5"
			       " AND plan_id IN (SELECT p.id FROM rtw_plans p JOIN employees e"
			       " ON e.id = p.employee_id WHERE " PLAN_SCOPE ")");
	if (!q)
		return ERR_IO;
	if ((rc = bind_scope(s, q, sc)) || (rc = sq_bind_int(s, q, 4, id)) ||
	    (rc = sq_bind_int(s, q, 5, pos)) ||
	    (rc = date ? sq_bind_text(s, q, 6, date) : sq_bind_blob(s, q, 6, NULL, 0))) {
		sq_done(q);
		return rc;
	}
	if ((rc = sq_run(s, q, "cannot update the plan step")))
		return rc;
	return sqlite3_changes(sq_db(s)) == 1 ? 0 : ERR_NOT_FOUND;
}

static int fu_plan_notes_set(struct store *st, const struct followup_scope *sc, long id,
			     const char *notes)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = sq_check_text(s, "notes", notes, FOLLOWUP_MAX_NOTES, 0)))
		return rc;
	if (!scope_ok(sc))
		return ERR_NOT_FOUND;
	q = sq_xstmt(s, S_PLAN_NOTES,
		     SCOPE_CTE "UPDATE rtw_plans AS p SET notes = ?5 FROM employees e"
			       " WHERE e.id = p.employee_id AND p.id = ?4 AND " PLAN_SCOPE);
	if (!q)
		return ERR_IO;
	if ((rc = bind_scope(s, q, sc)) || (rc = sq_bind_int(s, q, 4, id)) ||
	    (rc = sq_bind_text(s, q, 5, notes))) {
		sq_done(q);
		return rc;
	}
	if ((rc = sq_run(s, q, "cannot save the agreements")))
		return rc;
	return sqlite3_changes(sq_db(s)) == 1 ? 0 : ERR_NOT_FOUND;
}

/* ---- re-integration deadlines ---- */

/* The fields of struct rit_settings by their stored names. */
static const struct {
	const char *key;
	size_t off;
} rit_fields[] = {
	{"info_days", offsetof(struct rit_settings, info_days)},
	{"tnw_days", offsetof(struct rit_settings, tnw_days)},
	{"employer_months", offsetof(struct rit_settings, employer_months)},
	{"assessment_days", offsetof(struct rit_settings, assessment_days)},
	{"plan_a_days", offsetof(struct rit_settings, plan_a_days)},
	{"plan_b_months", offsetof(struct rit_settings, plan_b_months)},
	{"reply_days", offsetof(struct rit_settings, reply_days)},
	{"reassess_c_months", offsetof(struct rit_settings, reassess_c_months)},
};

static int fu_deadlines_get(struct store *st, struct rit_settings *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_DEADLINES_GET, "SELECT key, value FROM rtw_deadlines");
	int rc, found = 0;

	/* Names saved by an older version keep their value; new ones their default. */
	rit_settings_default(out);
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot read the deadlines")) > 0) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		for (size_t i = 0; k && i < ARRAY_SIZE(rit_fields); i++)
			if (strcmp(k, rit_fields[i].key) == 0) {
				*(int *)((char *)out + rit_fields[i].off) = sqlite3_column_int(q, 1);
				found = 1;
			}
	}
	sq_done(q);
	if (rc < 0)
		return rc;
	return found ? 0 : ERR_NOT_FOUND;
}

static int fu_deadlines_set(struct store *st, const struct rit_settings *in)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((rc = sq_begin(s)))
		return rc;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(rit_fields); i++) {
		q = sq_xstmt(s, S_DEADLINE_ADD,
			     "INSERT INTO rtw_deadlines (key, value) VALUES (?1, ?2)"
			     " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
		if (!q) {
			rc = ERR_IO;
			break;
		}
		int v = *(const int *)((const char *)in + rit_fields[i].off);
		if (!(rc = sq_bind_text(s, q, 1, rit_fields[i].key)) && !(rc = sq_bind_int(s, q, 2, v)))
			rc = sq_run(s, q, "cannot save a deadline");
		else
			sq_done(q);
	}
	return sq_end(s, rc);
}

/* ---- people ---- */

static int fu_managers(struct store *st, long **user_ids, long **unit_ids, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_MANAGERS,
				   "SELECT id, unit_id FROM users WHERE role = 'manager'"
				   " AND unit_id IS NOT NULL ORDER BY id");
	int rc;
	size_t cap = 0;

	*user_ids = *unit_ids = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot read the managers")) > 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*user_ids = xrealloc(*user_ids, cap * sizeof(long));
			*unit_ids = xrealloc(*unit_ids, cap * sizeof(long));
		}
		(*user_ids)[*n] = (long)sqlite3_column_int64(q, 0);
		(*unit_ids)[*n] = (long)sqlite3_column_int64(q, 1);
		(*n)++;
	}
	sq_done(q);
	if (rc < 0) {
		free(*user_ids);
		free(*unit_ids);
		*user_ids = *unit_ids = NULL;
		*n = 0;
	}
	return rc < 0 ? rc : 0;
}

static int fu_employee_by_code(struct store *st, const char *code, long *id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_EMPLOYEE_CODE, "SELECT id FROM employees WHERE code = ?1");
	int rc;

	*id = 0;
	if (!q)
		return ERR_IO;
	if ((rc = sq_bind_text(s, q, 1, code))) {
		sq_done(q);
		return rc;
	}
	rc = sq_step(s, q, "cannot read the employee");
	if (rc > 0)
		*id = (long)sqlite3_column_int64(q, 0);
	sq_done(q);
	return rc < 0 ? rc : (rc ? 0 : ERR_NOT_FOUND);
}

static int fu_employee_brief(struct store *st, long id, char **name, long *unit_id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_xstmt(s, S_EMPLOYEE,
				   "SELECT trim(first_name || ' ' || last_name), unit_id"
				   " FROM employees WHERE id = ?1");
	int rc;

	*name = NULL;
	*unit_id = 0;
	if (!q)
		return ERR_IO;
	if ((rc = sq_bind_int(s, q, 1, id))) {
		sq_done(q);
		return rc;
	}
	rc = sq_step(s, q, "cannot read the employee");
	if (rc > 0) {
		*name = sq_col_str(q, 0);
		*unit_id = (long)sqlite3_column_int64(q, 1);
	}
	sq_done(q);
	return rc < 0 ? rc : (rc ? 0 : ERR_NOT_FOUND);
}

const struct store_absence_followup_ops sq_absence_followup_ops = {
	.policy_get = fu_policy_get,
	.policy_set = fu_policy_set,
	.tasks_add = fu_tasks_add,
	.tasks_stamp = fu_tasks_stamp,
	.task_assign = fu_task_assign,
	.tasks_list = fu_tasks_list,
	.task_get = fu_task_get,
	.task_done = fu_task_done,
	.plan_create = fu_plan_create,
	.plans_list = fu_plans_list,
	.plan_get = fu_plan_get,
	.plan_assign = fu_plan_assign,
	.plan_step_set = fu_plan_step_set,
	.plan_notes_set = fu_plan_notes_set,
	.deadlines_get = fu_deadlines_get,
	.deadlines_set = fu_deadlines_set,
	.managers = fu_managers,
	.employee_by_code = fu_employee_by_code,
	.employee_brief = fu_employee_brief,
};

/* ---- assignment (back-end independent) ---- */

/* The index of unit id in units, or -1. */
static long unit_index(const struct unit *units, size_t n, long id)
{
	for (size_t i = 0; i < n; i++)
		if (units[i].id == id)
			return (long)i;
	return -1;
}

/* The lowest manager user id of unit, or 0. */
static long manager_of(const long *mgr_users, const long *mgr_units, size_t nmgr, long unit)
{
	long best = 0;
	for (size_t i = 0; i < nmgr; i++)
		if (mgr_units[i] == unit && (best == 0 || mgr_users[i] < best))
			best = mgr_users[i];
	return best;
}

long followup_assign(const struct unit *units, size_t nunits, const long *mgr_users,
		     const long *mgr_units, size_t nmgr, long unit_id, long *second)
{
	long first = 0, u = unit_id;
	size_t guard = 0;

	*second = 0;
	/* Up the tree to the first unit with a manager; guard against a cycle. */
	while (u && guard++ <= nunits) {
		long m = manager_of(mgr_users, mgr_units, nmgr, u);
		long i = unit_index(units, nunits, u);
		if (m && !first) {
			first = m;
		} else if (m && first && m != first) {
			*second = m;
			break;
		}
		if (i < 0)
			break;
		u = units[i].parent_id;
	}
	return first;
}

/*
 * ---- generation (back-end independent: only store operations) ----
 *
 * Kept in this file so that everything that makes or moves a task is in
 * one place; it reads the absence part through st->ops->absence.
 */

int followup_policy(struct store *st, struct presence_policy *out)
{
	int rc = st->ops->absence_followup->policy_get(st, out);
	if (rc == ERR_NOT_FOUND) {
		presence_policy_default(out);
		return 0;
	}
	return rc;
}

int followup_deadlines(struct store *st, struct rit_settings *out)
{
	int rc = st->ops->absence_followup->deadlines_get(st, out);
	if (rc == ERR_NOT_FOUND) {
		rit_settings_default(out);
		return 0;
	}
	return rc;
}

/* People by id, with their unit. */
struct gen_person {
	long id;
	long unit_id;
};

struct gen {
	const struct presence_policy *policy;
	int32_t asof;
	struct gen_person *people;
	size_t npeople, cappeople;
	struct absence_record *rec; /* the current employee's records */
	size_t nrec, caprec;
	long emp;
	struct policy_hit *hits;    /* all hits */
	size_t nhits, caphits;
	int err;
};

static int gen_person_cb(void *ctx, const struct absence_staff *p)
{
	struct gen *g = ctx;
	if (g->npeople == g->cappeople) {
		g->cappeople = g->cappeople ? g->cappeople * 2 : 256;
		g->people = xrealloc(g->people, g->cappeople * sizeof(*g->people));
	}
	g->people[g->npeople++] = (struct gen_person){p->id, p->unit_id};
	return 0;
}

static int person_cmp(const void *a, const void *b)
{
	long x = ((const struct gen_person *)a)->id, y = ((const struct gen_person *)b)->id;
	return (x > y) - (x < y);
}

static long person_unit(const struct gen *g, long id)
{
	struct gen_person key = {id, 0};
	const struct gen_person *p =
		bsearch(&key, g->people, g->npeople, sizeof(*g->people), person_cmp);
	return p ? p->unit_id : 0;
}

/* Evaluates the policy for the employee whose records are gathered. */
static void gen_flush(struct gen *g)
{
	if (!g->nrec || g->err)
		return;
	for (;;) {
		size_t room = g->caphits - g->nhits;
		int n = policy_evaluate(g->policy, g->emp, g->rec, g->nrec, g->asof,
					g->hits + g->nhits, room);
		if (n < 0) {
			g->err = n;
			return;
		}
		if ((size_t)n <= room) {
			/*
			 * One talk covers the pattern so far: only the latest spell's
			 * hit becomes a task. An earlier spell's hit can never be the
			 * latest again, so later runs do not bring it back.
			 */
			struct policy_hit *h = g->hits + g->nhits;
			size_t best = 0;
			for (size_t i = 1; i < (size_t)n; i++)
				if (h[i].trigger_start > h[best].trigger_start ||
				    (h[i].trigger_start == h[best].trigger_start &&
				     h[i].step > h[best].step))
					best = i;
			if (n > 0) {
				h[0] = h[best];
				g->nhits++;
			}
			break;
		}
		g->caphits = g->caphits * 2 + (size_t)n + 64;
		g->hits = xrealloc(g->hits, g->caphits * sizeof(*g->hits));
	}
	g->nrec = 0;
}

static int gen_record_cb(void *ctx, const struct absence_row *r)
{
	struct gen *g = ctx;
	if (r->employee_id != g->emp) {
		gen_flush(g);
		g->emp = r->employee_id;
		g->nrec = 0;
	}
	if (g->nrec == g->caprec) {
		g->caprec = g->caprec ? g->caprec * 2 : 64;
		g->rec = xrealloc(g->rec, g->caprec * sizeof(*g->rec));
	}
	g->rec[g->nrec++] = (struct absence_record){
		.employee_id = r->employee_id,
		.start = r->start,
		.end = r->end,
		.kind = (unsigned char)r->kind,
		.pct = (unsigned char)r->pct,
		.cert = (unsigned char)r->certificate,
	};
	return g->err;
}

/*
 * The assignment of every unit, worked out once per run: the same rule as
 * followup_assign, in O(n log n) for the whole tree instead of a walk
 * with linear look-ups per task (an organisation of 100 000 people has
 * thousands of units and as many tasks).
 */
struct unit_assign {
	long unit_id;
	long m1, m2; /* followup_assign's result and *second */
};

struct assigner {
	struct unit_assign *u; /* sorted by unit_id */
	size_t n;
};

static int ua_cmp(const void *a, const void *b)
{
	long x = ((const struct unit_assign *)a)->unit_id;
	long y = ((const struct unit_assign *)b)->unit_id;
	return (x > y) - (x < y);
}

static struct unit_assign *ua_find(const struct assigner *as, long unit_id)
{
	struct unit_assign key = {unit_id, 0, 0};
	return bsearch(&key, as->u, as->n, sizeof(*as->u), ua_cmp);
}

static void assigner_build(struct assigner *as, const struct unit *units, size_t nunits,
			   const long *mu, const long *mun, size_t nm)
{
	/* m1 holds the unit's own lowest manager, m2 its parent, until resolved */
	as->n = nunits;
	as->u = xcalloc(nunits ? nunits : 1, sizeof(*as->u));
	for (size_t i = 0; i < nunits; i++)
		as->u[i] = (struct unit_assign){units[i].id, 0, units[i].parent_id};
	qsort(as->u, as->n, sizeof(*as->u), ua_cmp);
	long *own = xcalloc(nunits ? nunits : 1, sizeof(long));
	long *parent = xcalloc(nunits ? nunits : 1, sizeof(long));
	for (size_t i = 0; i < as->n; i++)
		parent[i] = as->u[i].m2;
	for (size_t i = 0; i < nm; i++) {
		struct unit_assign *x = ua_find(as, mun[i]);
		if (x) {
			size_t k = (size_t)(x - as->u);
			if (!own[k] || mu[i] < own[k])
				own[k] = mu[i];
		}
	}
	for (size_t i = 0; i < as->n; i++) {
		long first = 0, second = 0, u = as->u[i].unit_id;
		for (size_t guard = 0; u && guard <= as->n; guard++) {
			struct unit_assign *x = ua_find(as, u);
			if (!x)
				break;
			size_t k = (size_t)(x - as->u);
			long m = own[k];
			if (m && !first) {
				first = m;
			} else if (m && first && m != first) {
				second = m;
				break;
			}
			u = parent[k];
		}
		as->u[i].m1 = first;
		as->u[i].m2 = second;
	}
	free(own);
	free(parent);
}

/* The manager of a person in unit (and the next one up in *second), as followup_assign. */
static long assigner_get(const struct assigner *as, long unit, long *second)
{
	const struct unit_assign *x = ua_find(as, unit);
	*second = x ? x->m2 : 0;
	return x ? x->m1 : 0;
}

/* Who does a task of action for a person in unit: see followup_generate. */
static void assign_task(const struct assigner *as, long unit, int action, long *m1, long *m2,
			int *flagged)
{
	long second = 0;
	*m1 = *m2 = 0;
	*flagged = 0;
	if (action == POLICY_REFER_PHYSICIAN)
		return; /* HR arranges it: on HR's list by design, not flagged */
	*m1 = assigner_get(as, unit, &second);
	if (action == POLICY_TALK_MANAGER_PLUS)
		*m2 = second;
	*flagged = *m1 == 0 || (action == POLICY_TALK_MANAGER_PLUS && *m2 == 0);
}

/* Assigns open tasks and plans again where people or managers moved. */
static int reassign(struct store *st, const struct assigner *as)
{
	const struct store_absence_followup_ops *fo = st->ops->absence_followup;
	struct followup_scope all = {.all = 1};
	struct followup_task *t;
	struct rtw_plan *p;
	size_t n;
	int rc = fo->tasks_list(st, &all, "", &t, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		long m1, m2;
		int fl;
		if (t[i].status != FOLLOWUP_OPEN)
			continue;
		assign_task(as, t[i].unit_id, t[i].action, &m1, &m2, &fl);
		if (m1 != t[i].manager_id || m2 != t[i].manager2_id || fl != t[i].flagged)
			rc = fo->task_assign(st, t[i].id, m1, m2, fl);
	}
	followup_tasks_free(t, n);
	if (rc)
		return rc;
	rc = fo->plans_list(st, &all, &p, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		long second;
		long m = assigner_get(as, p[i].unit_id, &second);
		if (m != p[i].manager_id)
			rc = fo->plan_assign(st, p[i].id, m);
	}
	rtw_plans_free(p, n);
	return rc;
}

/* What generation depends on, as one text (see followup_refresh). */
static char *gen_stamp(struct store *st, const struct presence_policy *pol, int32_t asof,
		       const long *mu, const long *mun, size_t nm)
{
	struct buf b = BUF_INIT(8192);
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < nm; i++) {
		h = (h ^ (uint64_t)mu[i]) * 1099511628211u;
		h = (h ^ (uint64_t)mun[i]) * 1099511628211u;
	}
	buf_printf(&b, "a%ld u%ld d%ld m%zu:%llx p%d,%u,%d", st->ops->absence->generation(st),
		   st->ops->generation(st), (long)asof, nm, (unsigned long long)h,
		   pol->window_days, pol->kinds, pol->relapse_days);
	for (int i = 0; i < pol->nsteps; i++)
		buf_printf(&b, ";%d,%d,%d,%d", pol->steps[i].min_spells, pol->steps[i].min_bradford,
			   pol->steps[i].action, pol->steps[i].due_days);
	return buf_detach(&b, NULL);
}

static int generate(struct store *st, int32_t asof, int only_if_stale, long *added)
{
	const struct store_absence_followup_ops *fo = st->ops->absence_followup;
	struct presence_policy pol;
	struct unit *units = NULL;
	size_t nunits = 0, nm = 0;
	long *mu = NULL, *mun = NULL;
	char *stamp = NULL, *old = NULL;
	struct gen g = {0};
	struct assigner as = {0};
	struct followup_task_new *tn = NULL;
	char **ids = NULL;
	int rc;

	if (added)
		*added = 0;
	if (!st->ops->absence) {
		diag_set(&st->err, 0, "this database has no absence data");
		return ERR_GENERIC;
	}
	if ((rc = followup_policy(st, &pol)) || (rc = fo->managers(st, &mu, &mun, &nm)))
		goto out;
	stamp = gen_stamp(st, &pol, asof, mu, mun, nm);
	if (only_if_stale) {
		if ((rc = fo->tasks_stamp(st, &old)))
			goto out;
		if (strcmp(old, stamp) == 0)
			goto out;
	}
	if ((rc = st->ops->units_list(st, &units, &nunits)))
		goto out;
	assigner_build(&as, units, nunits, mu, mun, nm);
	g.policy = &pol;
	g.asof = asof;
	g.emp = -1;
	if ((rc = st->ops->absence->people_each(st, gen_person_cb, &g)))
		goto out;
	qsort(g.people, g.npeople, sizeof(*g.people), person_cmp);
	if ((rc = st->ops->absence->records_each(st, gen_record_cb, &g)))
		goto out;
	gen_flush(&g);
	if ((rc = g.err)) {
		diag_set(&st->err, 0, "the presence policy cannot be evaluated");
		goto out;
	}
	char today_s[11];
	day_format(asof, today_s);
	tn = xcalloc(g.nhits ? g.nhits : 1, sizeof(*tn));
	ids = xcalloc(g.nhits ? g.nhits : 1, sizeof(*ids));
	char (*dues)[11] = xcalloc(g.nhits ? g.nhits : 1, sizeof(*dues));
	size_t nt = 0;
	for (size_t i = 0; i < g.nhits; i++) {
		const struct policy_hit *h = &g.hits[i];
		long unit = person_unit(&g, h->employee_id);
		if (!unit)
			continue;
		char start[11];
		day_format(h->trigger_start, start);
		ids[nt] = xasprintf("%ld:%s:%s", h->employee_id, start,
				    policy_action_code((enum policy_action)h->action));
		day_format(h->due, dues[nt]);
		struct followup_task_new *t = &tn[nt];
		t->employee_id = h->employee_id;
		t->unit_id = unit;
		t->step_key = policy_action_code((enum policy_action)h->action);
		t->action = h->action;
		t->trigger_id = ids[nt];
		t->created = today_s;
		t->due = dues[nt];
		assign_task(&as, unit, h->action, &t->manager_id, &t->manager2_id, &t->flagged);
		nt++;
	}
	long n_added = 0;
	rc = fo->tasks_add(st, tn, nt, stamp, &n_added);
	if (added)
		*added = n_added;
	if (!rc)
		rc = reassign(st, &as);
	for (size_t i = 0; i < nt; i++)
		free(ids[i]);
	free(dues);
out:
	free(as.u);
	free(ids);
	free(tn);
	free(g.people);
	free(g.rec);
	free(g.hits);
	units_free(units, nunits);
	free(mu);
	free(mun);
	free(stamp);
	free(old);
	return rc;
}

int followup_manager_of(struct store *st, long unit_id, long *manager_id)
{
	struct unit *units = NULL;
	size_t nunits = 0, nm = 0;
	long *mu = NULL, *mun = NULL, second;
	int rc;

	*manager_id = 0;
	if (!(rc = st->ops->units_list(st, &units, &nunits)) &&
	    !(rc = st->ops->absence_followup->managers(st, &mu, &mun, &nm)))
		*manager_id = followup_assign(units, nunits, mu, mun, nm, unit_id, &second);
	units_free(units, nunits);
	free(mu);
	free(mun);
	return rc;
}

int followup_generate(struct store *st, int32_t asof, long *added)
{
	return generate(st, asof, 0, added);
}

int followup_refresh(struct store *st, int32_t asof, long *added)
{
	return generate(st, asof, 1, added);
}

size_t followup_plan_steps(struct store *st, enum rtw_template t, int32_t start, int32_t ret,
			   int32_t request, struct rtw_plan_step *out, size_t cap)
{
	struct rtw_step tmpl[MAX_RTW_STEPS];
	size_t n = 0;
	int m = rtw_plan(t, start, ret, tmpl, MAX_RTW_STEPS);
	for (int i = 0; i < m && i < MAX_RTW_STEPS && n < cap; i++) {
		struct rtw_plan_step *x = &out[n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->key, sizeof(x->key), "s%d", i);
		x->phase = tmpl[i].phase;
		/* a step that waits for the return date falls due on it */
		day_format(tmpl[i].due ? tmpl[i].due : ret, x->due);
		x->title = (char *)tmpl[i].title;
		x->text = (char *)tmpl[i].text;
	}
	if (t != RTW_LONG_ILLNESS)
		return n;
	struct rit_settings rs;
	struct rit_reminder rem[RIT_REMINDER_COUNT * 2];
	struct rit_case c = {.incapacity_start = start, .request = request};
	if (followup_deadlines(st, &rs))
		rit_settings_default(&rs);
	int k = rit_reminders(&rs, &c, rem, ARRAY_SIZE(rem));
	for (int i = 0; i < k && i < (int)ARRAY_SIZE(rem) && n < cap; i++) {
		struct rtw_plan_step *x = &out[n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->key, sizeof(x->key), "r%d", rem[i].kind);
		x->phase = RTW_PHASE_DEADLINE;
		day_format(rem[i].due, x->due);
		x->title = (char *)rem[i].title;
		x->text = (char *)rem[i].text;
	}
	return n;
}

/* The demo's candidates: long illnesses and birth leaves up to asof. */
struct demo_pick {
	struct absence_row *ill, *birth;
	size_t nill, nbirth, capill, capbirth;
	int32_t asof;
};

static void demo_push(struct absence_row **v, size_t *n, size_t *cap, const struct absence_row *r)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = *r;
}

static int demo_pick_cb(void *ctx, const struct absence_row *r)
{
	struct demo_pick *d = ctx;
	int32_t end = r->end ? r->end : d->asof;
	if (r->start > d->asof)
		return 0;
	if (r->kind == ABS_ILLNESS && end - r->start >= 14)
		demo_push(&d->ill, &d->nill, &d->capill, r);
	if (r->kind == ABS_MATERNITY)
		demo_push(&d->birth, &d->nbirth, &d->capbirth, r);
	return 0;
}

/*
 * The best of v for a demo plan: a person who has a manager (so that the
 * demo's manager sees a plan), then a long absence (six weeks or more),
 * then the latest; NULL if none.
 */
static const struct absence_row *demo_best(const struct absence_row *v, size_t n,
					   const struct gen *g, const struct assigner *as,
					   int32_t asof)
{
	const struct absence_row *best = NULL;
	int best_rank = -1;
	for (size_t i = 0; i < n; i++) {
		long second;
		long unit = person_unit(g, v[i].employee_id);
		int mgr = unit && assigner_get(as, unit, &second) != 0;
		int32_t end = v[i].end ? v[i].end : asof;
		int rank = mgr * 2 + (end - v[i].start >= 42);
		if (rank > best_rank || (rank == best_rank && v[i].start > best->start)) {
			best = &v[i];
			best_rank = rank;
		}
	}
	return best;
}

static int demo_plan(struct store *st, const struct absence_row *a, enum rtw_template t,
		     int32_t asof)
{
	struct rtw_plan_step steps[FOLLOWUP_MAX_PLAN_STEPS];
	struct rtw_plan p = {0};
	int32_t ret = a->end ? a->end + 1 : asof + 21;
	long id;
	p.employee_id = a->employee_id;
	p.kind = t;
	day_format(a->start, p.start);
	day_format(ret, p.ret);
	day_format(asof, p.created);
	p.notes = "";
	p.steps = steps;
	p.nsteps = followup_plan_steps(st, t, a->start, ret, 0, steps, ARRAY_SIZE(steps));
	return st->ops->absence_followup->plan_create(st, &p, &id);
}

int followup_demo(struct store *st, int32_t asof)
{
	struct demo_pick d = {.asof = asof};
	struct gen g = {0};
	struct assigner as = {0};
	struct unit *units = NULL;
	size_t nunits = 0, nm = 0;
	long *mu = NULL, *mun = NULL;
	int rc;

	if (!asof) {
		char t[11];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(t, sizeof(t), "%Y-%m-%d", &tm);
		day_parse(str_from(t), &asof);
		d.asof = asof;
	}
	if ((rc = followup_generate(st, asof, NULL)) ||
	    (rc = st->ops->absence->records_each(st, demo_pick_cb, &d)) ||
	    (rc = st->ops->absence->people_each(st, gen_person_cb, &g)) ||
	    (rc = st->ops->units_list(st, &units, &nunits)) ||
	    (rc = st->ops->absence_followup->managers(st, &mu, &mun, &nm)))
		goto out;
	qsort(g.people, g.npeople, sizeof(*g.people), person_cmp);
	assigner_build(&as, units, nunits, mu, mun, nm);
	const struct absence_row *ill = demo_best(d.ill, d.nill, &g, &as, asof);
	const struct absence_row *birth = demo_best(d.birth, d.nbirth, &g, &as, asof);
	if (ill && (rc = demo_plan(st, ill, RTW_LONG_ILLNESS, asof)))
		goto out;
	if (birth && (rc = demo_plan(st, birth, RTW_BIRTH, asof)))
		goto out;
	/* the plans' managers, by the same rule as the tasks' */
	rc = followup_generate(st, asof, NULL);
out:
	free(as.u);
	free(d.ill);
	free(d.birth);
	free(g.people);
	units_free(units, nunits);
	free(mu);
	free(mun);
	return rc;
}
