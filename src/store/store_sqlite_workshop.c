/*
 * store_sqlite_workshop.c: the SQLite part "workshop" (store_workshop.h).
 *
 * What is stored, and why it cannot point at a participant:
 *
 *  - workshops: unit, wave, the hash of the session code and the code
 *    sealed with the server key, phase, dots per person, facilitator and
 *    the day it was created (a day, never a time).
 *  - workshop_items and workshop_ideas: random ids, no time column, no
 *    participant column. Read in id order, which is random.
 *  - workshop_participants: the hash of a random per-workshop cookie
 *    token and the number of dots used; WITHOUT ROWID, so not even a row
 *    id counts arrivals.
 *
 * A vote raises the participant's dots_used and the item's votes in one
 * transaction; afterwards the write-ahead log is checkpointed and
 * truncated, so the frames of that transaction (a participant's page next
 * to an item's page) do not stay on disk side by side.
 */
#include "store/store_workshop.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/action.h"
#include "core/util.h"
#include "core/workshop.h"
#include "store/sq_int.h"
#include "store/token.h"

static const char *const ws_migrations[] = {
	/* 1: workshops, their items, ideas and participants */
	"CREATE TABLE workshops ("
	" id INTEGER PRIMARY KEY,"
	" unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,"
	" wave_id INTEGER REFERENCES waves (id) ON DELETE SET NULL,"
	" code_hash BLOB NOT NULL UNIQUE CHECK (length(code_hash) = 32),"
	" code_sealed BLOB NOT NULL,"
	" phase INTEGER NOT NULL DEFAULT 0 CHECK (phase BETWEEN 0 AND 5),"
	" dots INTEGER NOT NULL CHECK (dots BETWEEN 1 AND 10),"
	" facilitator_id INTEGER REFERENCES users (id) ON DELETE SET NULL,"
	" created TEXT NOT NULL CHECK (length(created) = 10)"
	") STRICT;"
	"CREATE INDEX workshops_unit ON workshops (unit_id);"

	"CREATE TABLE workshop_items ("
	" id INTEGER PRIMARY KEY,"
	" workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
	" scale TEXT NOT NULL DEFAULT '',"
	" text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),"
	" votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),"
	" chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1))"
	") STRICT;"
	"CREATE INDEX workshop_items_ws ON workshop_items (workshop_id);"

	"CREATE TABLE workshop_ideas ("
	" id INTEGER PRIMARY KEY,"
	" workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,"
	" item_id INTEGER NOT NULL REFERENCES workshop_items (id) ON DELETE CASCADE,"
	" level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),"
	" text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),"
	" chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1))"
	") STRICT;"
	"CREATE INDEX workshop_ideas_ws ON workshop_ideas (workshop_id);"

	"CREATE TABLE workshop_participants ("
	" workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,"
	" hash BLOB NOT NULL CHECK (length(hash) = 32),"
	" dots_used INTEGER NOT NULL DEFAULT 0 CHECK (dots_used >= 0),"
	" PRIMARY KEY (workshop_id, hash)"
	") STRICT, WITHOUT ROWID;",
};

const struct sq_part sq_workshop_part = {
	"workshop", ws_migrations, sizeof(ws_migrations) / sizeof(ws_migrations[0]),
};

enum {
	W_INSERT = SQ_X_WORKSHOP,
	W_ITEM_INSERT,
	W_GET,
	W_BY_CODE,
	W_LIST,
	W_SET_PHASE,
	W_ITEMS,
	W_PHASE,
	W_ITEM_COUNT,
	W_ITEM_CHOOSE,
	W_JOIN,
	W_PART_COUNT,
	W_DOTS_USED,
	W_USE_DOTS,
	W_ITEM_VOTE,
	W_IDEAS,
	W_IDEA_COUNT,
	W_ITEM_CHOSEN,
	W_IDEA_INSERT,
	W_IDEA_MARK,
	W_LAST
};
_Static_assert(W_LAST <= SQ_X_WORKSHOP + 64, "workshop statement slots overflow");

#define WS_COLS                                                                          \
	"w.id, w.unit_id, coalesce(w.wave_id, 0), w.phase, w.dots,"                      \
	" coalesce(w.facilitator_id, 0), w.created, w.code_sealed,"                      \
	" (SELECT count(*) FROM workshop_participants p WHERE p.workshop_id = w.id)"

static const char *const ws_sql[] = {
	[W_INSERT - SQ_X_WORKSHOP] =
		"INSERT INTO workshops (id, unit_id, wave_id, code_hash, code_sealed, phase, dots,"
		" facilitator_id, created) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8)",
	[W_ITEM_INSERT - SQ_X_WORKSHOP] =
		"INSERT INTO workshop_items (id, workshop_id, kind, scale, text)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[W_GET - SQ_X_WORKSHOP] = "SELECT " WS_COLS " FROM workshops w WHERE w.id = ?1",
	[W_BY_CODE - SQ_X_WORKSHOP] = "SELECT " WS_COLS " FROM workshops w WHERE w.code_hash = ?1",
	[W_LIST - SQ_X_WORKSHOP] = "SELECT " WS_COLS " FROM workshops w"
				   " ORDER BY w.created DESC, w.id",
	[W_SET_PHASE - SQ_X_WORKSHOP] = "UPDATE workshops SET phase = ?3 WHERE id = ?1 AND phase = ?2",
	[W_ITEMS - SQ_X_WORKSHOP] = "SELECT id, kind, scale, text, votes, chosen"
				    " FROM workshop_items WHERE workshop_id = ?1 ORDER BY id",
	[W_PHASE - SQ_X_WORKSHOP] = "SELECT phase, dots FROM workshops WHERE id = ?1",
	[W_ITEM_COUNT - SQ_X_WORKSHOP] =
		"SELECT (SELECT count(*) FROM workshop_ideas WHERE workshop_id = ?1)"
		" + (SELECT count(*) FROM workshop_items WHERE workshop_id = ?1)",
	[W_ITEM_CHOOSE - SQ_X_WORKSHOP] =
		"UPDATE workshop_items SET chosen = ?3 WHERE id = ?2 AND workshop_id = ?1",
	[W_JOIN - SQ_X_WORKSHOP] = "INSERT INTO workshop_participants (workshop_id, hash)"
				   " VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	[W_PART_COUNT - SQ_X_WORKSHOP] =
		"SELECT count(*) FROM workshop_participants WHERE workshop_id = ?1",
	[W_DOTS_USED - SQ_X_WORKSHOP] = "SELECT dots_used FROM workshop_participants"
					" WHERE workshop_id = ?1 AND hash = ?2",
	[W_USE_DOTS - SQ_X_WORKSHOP] =
		"UPDATE workshop_participants SET dots_used = dots_used + ?3"
		" WHERE workshop_id = ?1 AND hash = ?2 AND dots_used + ?3 <= ?4",
	[W_ITEM_VOTE - SQ_X_WORKSHOP] =
		"UPDATE workshop_items SET votes = votes + ?3 WHERE id = ?2 AND workshop_id = ?1",
	[W_IDEAS - SQ_X_WORKSHOP] = "SELECT id, item_id, level, text, chosen"
				    " FROM workshop_ideas WHERE workshop_id = ?1 ORDER BY id",
	[W_IDEA_COUNT - SQ_X_WORKSHOP] =
		"SELECT (SELECT count(*) FROM workshop_ideas WHERE workshop_id = ?1)"
		" + (SELECT count(*) FROM workshop_items WHERE workshop_id = ?1)",
	[W_ITEM_CHOSEN - SQ_X_WORKSHOP] = "SELECT chosen FROM workshop_items"
					  " WHERE id = ?2 AND workshop_id = ?1",
	[W_IDEA_INSERT - SQ_X_WORKSHOP] =
		"INSERT INTO workshop_ideas (id, workshop_id, item_id, level, text)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[W_IDEA_MARK - SQ_X_WORKSHOP] =
		"UPDATE workshop_ideas SET chosen = 1 WHERE id = ?2 AND workshop_id = ?1",
};

static sqlite3_stmt *ws_stmt(struct sq *s, int slot)
{
	return sq_xstmt(s, slot, ws_sql[slot - SQ_X_WORKSHOP]);
}

/*
 * After a participant's write: moves the write-ahead log into the database
 * and empties it, so the log does not keep a participant's join or dots
 * next to the item or idea written just after (best effort: a reader may
 * hold the log back, and the next write tries again).
 */
static void ws_forget_log(struct sq *s)
{
	sqlite3_wal_checkpoint_v2(sq_db(s), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void ws_item_release(struct ws_item *it)
{
	free(it->scale);
	free(it->text);
	memset(it, 0, sizeof(*it));
}

void ws_items_free(struct ws_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ws_item_release(&it[i]);
	free(it);
}

void ws_idea_release(struct ws_idea *d)
{
	free(d->text);
	memset(d, 0, sizeof(*d));
}

void ws_ideas_free(struct ws_idea *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ws_idea_release(&d[i]);
	free(d);
}

/* Today as "YYYY-MM-DD" (UTC): the only date a workshop keeps. */
static void ws_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Runs a single-number query with ?1 = id (and ?2 = a blob when given). */
static int ws_count(struct sq *s, int slot, long id, long *out, const char *what)
{
	sqlite3_stmt *q = ws_stmt(s, slot);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc) {
		rc = sq_step(s, q, what);
		if (rc == 1) {
			*out = (long)sqlite3_column_int64(q, 0);
			rc = 0;
		} else if (rc == 0) {
			rc = ERR_NOT_FOUND;
		}
	}
	sq_done(q);
	return rc;
}

/*
 * Reads the workshop's phase (and dots per person) inside the caller's
 * transaction and checks it with accepts: ERR_CONFLICT when the phase does
 * not take this kind of input, ERR_NOT_FOUND for an unknown workshop.
 */
static int ws_check_phase(struct store *st, long id, int (*accepts)(enum workshop_phase p),
			  int *dots)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_PHASE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read the workshop");
	if (rc == 0) {
		diag_set(&st->err, 0, "no such workshop");
		rc = ERR_NOT_FOUND;
	} else if (rc == 1) {
		int phase = sqlite3_column_int(q, 0);
		if (dots)
			*dots = sqlite3_column_int(q, 1);
		rc = 0;
		if (phase < 0 || phase >= WS_PHASE_COUNT || !accepts((enum workshop_phase)phase)) {
			diag_set(&st->err, 0, "the workshop is not in that phase");
			rc = ERR_CONFLICT;
		}
	}
	sq_done(q);
	return rc;
}

static int ws_create(struct store *st, struct workshop *w, const uint8_t code_hash[32],
		     const struct ws_item *items, size_t n)
{
	struct sq *s = sq_of(st);
	size_t clen = strnlen(w->code, sizeof(w->code));
	size_t slen = 0;
	uint8_t *sealed = NULL;
	sqlite3_stmt *q;
	int rc;

	if (clen == 0 || clen > WS_CODE_MAX_BYTES)
		return diag_set(&st->err, 0, "the session code is empty or too long");
	if (w->dots < 1 || w->dots > WORKSHOP_MAX_DOTS)
		return diag_set(&st->err, 0, "dots per person must be 1 to %d", WORKSHOP_MAX_DOTS);
	if (n > WORKSHOP_MAX_ITEMS)
		return diag_set(&st->err, 0, "too many items");
	for (size_t i = 0; i < n; i++) {
		if (items[i].kind < WS_ITEM_STRENGTH || items[i].kind > WS_ITEM_OWN)
			return diag_set(&st->err, 0, "unknown item kind");
		rc = sq_check_text(s, "an item's text", items[i].text, 1000, 1);
		if (!rc)
			rc = sq_check_text(s, "an item's scale", items[i].scale, MAX_ID_BYTES, 0);
		if (rc)
			return rc;
	}
	sealed = token_seal(sq_key(s), (const uint8_t *)w->code, clen, &slen);
	if (!sq_date_ok(w->created))
		ws_today(w->created); /* a set day only from the demo and imports */
	rc = sq_begin(s);
	if (rc)
		goto out;
	q = ws_stmt(s, W_INSERT);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	int64_t id = sq_random_id();
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, w->unit_id);
	if (!rc)
		rc = sq_bind_id_or_null(s, q, 3, w->wave_id);
	if (!rc)
		rc = sq_bind_blob(s, q, 4, code_hash, 32);
	if (!rc)
		rc = sq_bind_blob(s, q, 5, sealed, slen);
	if (!rc)
		rc = sq_bind_int(s, q, 6, w->dots);
	if (!rc)
		rc = sq_bind_id_or_null(s, q, 7, w->facilitator_id);
	if (!rc)
		rc = sq_bind_text(s, q, 8, w->created);
	if (!rc)
		rc = sq_run(s, q, "cannot store the workshop");
	else
		sq_done(q);
	if (rc)
		goto out;
	q = ws_stmt(s, W_ITEM_INSERT);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		rc = sq_bind_int(s, q, 2, id);
		if (!rc)
			rc = sq_bind_int(s, q, 3, items[i].kind);
		if (!rc)
			rc = sq_bind_text(s, q, 4, items[i].scale);
		if (!rc)
			rc = sq_bind_text(s, q, 5, items[i].text);
		if (!rc)
			rc = sq_insert_random(s, q, "cannot store a workshop item");
		sq_done(q);
	}
	if (!rc) {
		w->id = (long)id;
		w->phase = WS_WALLS;
		w->participants = 0;
	}
out:
	free(sealed);
	return sq_end(s, rc);
}

/* Fills out from a row of WS_COLS. */
static int ws_row(struct store *st, sqlite3_stmt *q, struct workshop *out)
{
	struct sq *s = sq_of(st);
	memset(out, 0, sizeof(*out));
	out->id = (long)sqlite3_column_int64(q, 0);
	out->unit_id = (long)sqlite3_column_int64(q, 1);
	out->wave_id = (long)sqlite3_column_int64(q, 2);
	int phase = sqlite3_column_int(q, 3);
	out->phase = phase >= 0 && phase < WS_PHASE_COUNT ? (enum workshop_phase)phase : WS_CLOSED;
	out->dots = sqlite3_column_int(q, 4);
	out->facilitator_id = (long)sqlite3_column_int64(q, 5);
	const unsigned char *c = sqlite3_column_text(q, 6);
	if (c)
		memcpy(out->created, c, strnlen((const char *)c, 10));
	out->participants = (long)sqlite3_column_int64(q, 8);
	size_t slen = 0, plen = 0;
	uint8_t *sealed = sq_col_blob(q, 7, &slen), *plain = NULL;
	int rc = 0;
	if (!sealed || token_open(sq_key(s), sealed, slen, &plain, &plen) ||
	    plen > WS_CODE_MAX_BYTES)
		rc = diag_set(&st->err, 0, "the workshop's code cannot be opened");
	else
		memcpy(out->code, plain, plen);
	free(sealed);
	free(plain);
	return rc;
}

static int ws_one(struct store *st, int slot, long id, const uint8_t *hash,
		  struct workshop *out)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, slot);
	int rc;

	if (!q)
		return ERR_IO;
	rc = hash ? sq_bind_blob(s, q, 1, hash, 32) : sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_step(s, q, "cannot read the workshop");
	if (rc == 0) {
		diag_set(&st->err, 0, "no such workshop");
		rc = ERR_NOT_FOUND;
	} else if (rc == 1) {
		rc = ws_row(st, q, out);
	}
	sq_done(q);
	return rc;
}

static int ws_get(struct store *st, long id, struct workshop *out)
{
	return ws_one(st, W_GET, id, NULL, out);
}

static int ws_by_code(struct store *st, const uint8_t code_hash[32], struct workshop *out)
{
	return ws_one(st, W_BY_CODE, 0, code_hash, out);
}

static int ws_list(struct store *st, struct workshop **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_LIST);
	struct workshop *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	while ((rc = sq_step(s, q, "cannot list workshops")) == 1) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		rc = ws_row(st, q, &v[k]);
		if (rc)
			break;
		k++;
	}
	sq_done(q);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* Runs an UPDATE of one row of the workshop; ERR_NOT_FOUND when none changed. */
static int ws_update(struct store *st, sqlite3_stmt *q, int rc, const char *what)
{
	struct sq *s = sq_of(st);
	if (!rc)
		rc = sq_run(s, q, what);
	else
		sq_done(q);
	if (!rc && sqlite3_changes(sq_db(s)) != 1) {
		diag_set(&st->err, 0, "%s: not found", what);
		rc = ERR_NOT_FOUND;
	}
	return rc;
}

static int ws_set_phase(struct store *st, long id, enum workshop_phase from,
			enum workshop_phase to)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int rc;

	if ((int)to < 0 || to >= WS_PHASE_COUNT || (int)from < 0 || from >= WS_PHASE_COUNT)
		return diag_set(&st->err, 0, "unknown workshop phase");
	q = ws_stmt(s, W_SET_PHASE);
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, from);
	if (!rc)
		rc = sq_bind_int(s, q, 3, to);
	rc = ws_update(st, q, rc, "cannot change the workshop's phase");
	if (rc == ERR_NOT_FOUND) {
		/* Unknown, or moved by someone else meanwhile. */
		struct workshop w;
		if (ws_get(st, id, &w) == 0) {
			diag_set(&st->err, 0, "the workshop has moved to another phase meanwhile");
			rc = ERR_CONFLICT;
		}
	}
	return rc;
}

static int ws_items(struct store *st, long id, struct ws_item **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_ITEMS);
	struct ws_item *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	while (!rc && (rc = sq_step(s, q, "cannot read the workshop's items")) == 1) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[k].id = (long)sqlite3_column_int64(q, 0);
		v[k].kind = sqlite3_column_int(q, 1);
		v[k].scale = sq_col_str(q, 2);
		v[k].text = sq_col_str(q, 3);
		v[k].votes = (long)sqlite3_column_int64(q, 4);
		v[k].chosen = sqlite3_column_int(q, 5);
		k++;
		rc = 0;
	}
	sq_done(q);
	if (rc) {
		ws_items_free(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

static int ws_item_add(struct store *st, long id, const char *text, long *item_id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long count = 0;
	int rc = sq_check_text(s, "the point", text, WORKSHOP_MAX_TEXT, 1);

	if (rc)
		return rc;
	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = ws_check_phase(st, id, workshop_phase_accepts_points, NULL);
	if (!rc)
		rc = ws_count(s, W_ITEM_COUNT, id, &count, "cannot count the items");
	if (!rc && count >= WORKSHOP_MAX_ITEMS) {
		diag_set(&st->err, 0, "the workshop has %d points and ideas already",
			 WORKSHOP_MAX_ITEMS);
		rc = ERR_CONFLICT;
	}
	if (rc)
		goto out;
	q = ws_stmt(s, W_ITEM_INSERT);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 2, id);
	if (!rc)
		rc = sq_bind_int(s, q, 3, WS_ITEM_OWN);
	if (!rc)
		rc = sq_bind_text(s, q, 4, "");
	if (!rc)
		rc = sq_bind_text(s, q, 5, text);
	if (!rc)
		rc = sq_insert_random(s, q, "cannot store the point");
	if (!rc && item_id)
		*item_id = (long)sqlite3_last_insert_rowid(sq_db(s));
	sq_done(q);
out:
	rc = sq_end(s, rc);
	if (rc == 0)
		ws_forget_log(s);
	return rc;
}

static int ws_item_choose(struct store *st, long id, long item_id, int chosen)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_ITEM_CHOOSE);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, item_id);
	if (!rc)
		rc = sq_bind_int(s, q, 3, chosen ? 1 : 0);
	return ws_update(st, q, rc, "cannot choose the theme");
}

static int ws_dots_used(struct store *st, long id, const uint8_t hash[32], int *used);

static int ws_join(struct store *st, long id, const uint8_t hash[32])
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long count = 0;
	int used, rc;

	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = ws_dots_used(st, id, hash, &used);
	if (rc != ERR_NOT_FOUND)
		goto out; /* there already, or an error */
	rc = ws_count(s, W_PART_COUNT, id, &count, "cannot count the participants");
	if (!rc && count >= WORKSHOP_MAX_PARTICIPANTS) {
		diag_set(&st->err, 0, "the workshop has %d participants already",
			 WORKSHOP_MAX_PARTICIPANTS);
		rc = ERR_CONFLICT;
	}
	if (rc)
		goto out;
	q = ws_stmt(s, W_JOIN);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_blob(s, q, 2, hash, 32);
	if (!rc)
		rc = sq_run(s, q, "cannot join the workshop");
	else
		sq_done(q);
out:
	rc = sq_end(s, rc);
	if (rc == 0)
		ws_forget_log(s);
	return rc;
}

static int ws_dots_used(struct store *st, long id, const uint8_t hash[32], int *used)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_DOTS_USED);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_blob(s, q, 2, hash, 32);
	if (!rc)
		rc = sq_step(s, q, "cannot read the participant");
	if (rc == 1) {
		*used = sqlite3_column_int(q, 0);
		rc = 0;
	} else if (rc == 0) {
		diag_set(&st->err, 0, "this browser has not joined the workshop");
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	return rc;
}

static int ws_vote(struct store *st, long id, const uint8_t hash[32], const struct vote *ballot,
		   size_t n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	int dots = 0, total = 0, rc;

	if (n == 0 || n > WORKSHOP_MAX_ITEMS)
		return diag_set(&st->err, 0, "an empty or too long ballot");
	for (size_t i = 0; i < n; i++) {
		if (ballot[i].dots < 1 || ballot[i].dots > WORKSHOP_MAX_DOTS)
			return diag_set(&st->err, 0, "a ballot line is 1 to %d dots",
					WORKSHOP_MAX_DOTS);
		total += ballot[i].dots;
	}
	if (total > WORKSHOP_MAX_DOTS)
		return diag_set(&st->err, 0, "a ballot has at most %d dots", WORKSHOP_MAX_DOTS);
	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = ws_check_phase(st, id, workshop_phase_accepts_votes, &dots);
	if (rc)
		goto out;
	/* The budget: only a row with enough dots left changes. */
	q = ws_stmt(s, W_USE_DOTS);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_blob(s, q, 2, hash, 32);
	if (!rc)
		rc = sq_bind_int(s, q, 3, total);
	if (!rc)
		rc = sq_bind_int(s, q, 4, dots);
	rc = ws_update(st, q, rc, "cannot use the dots");
	if (rc == ERR_NOT_FOUND) {
		diag_set(&st->err, 0, "not enough dots left, or not joined");
		rc = ERR_CONFLICT;
	}
	q = rc ? NULL : ws_stmt(s, W_ITEM_VOTE);
	if (!rc && !q)
		rc = ERR_IO;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = sq_bind_int(s, q, 1, id);
		if (!rc)
			rc = sq_bind_int(s, q, 2, ballot[i].item);
		if (!rc)
			rc = sq_bind_int(s, q, 3, ballot[i].dots);
		rc = ws_update(st, q, rc, "cannot count the vote");
	}
out:
	rc = sq_end(s, rc);
	if (rc == 0)
		ws_forget_log(s);
	return rc;
}

static int ws_ideas(struct store *st, long id, struct ws_idea **out, size_t *n)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_IDEAS);
	struct ws_idea *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	while (!rc && (rc = sq_step(s, q, "cannot read the workshop's ideas")) == 1) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[k].id = (long)sqlite3_column_int64(q, 0);
		v[k].item_id = (long)sqlite3_column_int64(q, 1);
		v[k].level = sqlite3_column_int(q, 2);
		v[k].text = sq_col_str(q, 3);
		v[k].chosen = sqlite3_column_int(q, 4);
		k++;
		rc = 0;
	}
	sq_done(q);
	if (rc) {
		ws_ideas_free(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

static int ws_idea_add(struct store *st, long id, long item_id, int level, const char *text,
		       long *idea_id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q;
	long count = 0, chosen = 0;
	int rc = sq_check_text(s, "the idea", text, WORKSHOP_MAX_TEXT, 1);

	if (rc)
		return rc;
	if (level < 0 || level >= IGLO_COUNT)
		return diag_set(&st->err, 0, "unknown IGLO level %d", level);
	rc = sq_begin(s);
	if (rc)
		return rc;
	rc = ws_check_phase(st, id, workshop_phase_accepts_ideas, NULL);
	if (rc)
		goto out;
	q = ws_stmt(s, W_ITEM_CHOSEN);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, item_id);
	if (!rc)
		rc = sq_step(s, q, "cannot read the theme");
	if (rc == 1) {
		chosen = sqlite3_column_int(q, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = ERR_NOT_FOUND;
	}
	sq_done(q);
	if (!rc && !chosen)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_NOT_FOUND)
		diag_set(&st->err, 0, "that is not a chosen theme of this workshop");
	if (!rc)
		rc = ws_count(s, W_IDEA_COUNT, id, &count, "cannot count the ideas");
	if (!rc && count >= WORKSHOP_MAX_ITEMS) {
		diag_set(&st->err, 0, "the workshop has %d points and ideas already",
			 WORKSHOP_MAX_ITEMS);
		rc = ERR_CONFLICT;
	}
	if (rc)
		goto out;
	q = ws_stmt(s, W_IDEA_INSERT);
	if (!q) {
		rc = ERR_IO;
		goto out;
	}
	rc = sq_bind_int(s, q, 2, id);
	if (!rc)
		rc = sq_bind_int(s, q, 3, item_id);
	if (!rc)
		rc = sq_bind_int(s, q, 4, level);
	if (!rc)
		rc = sq_bind_text(s, q, 5, text);
	if (!rc)
		rc = sq_insert_random(s, q, "cannot store the idea");
	if (!rc && idea_id)
		*idea_id = (long)sqlite3_last_insert_rowid(sq_db(s));
	sq_done(q);
out:
	rc = sq_end(s, rc);
	if (rc == 0)
		ws_forget_log(s);
	return rc;
}

static int ws_idea_mark(struct store *st, long id, long idea_id)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = ws_stmt(s, W_IDEA_MARK);
	int rc;

	if (!q)
		return ERR_IO;
	rc = sq_bind_int(s, q, 1, id);
	if (!rc)
		rc = sq_bind_int(s, q, 2, idea_id);
	return ws_update(st, q, rc, "cannot mark the idea");
}

const struct store_workshop_ops sq_workshop_ops = {
	.create = ws_create,
	.get = ws_get,
	.by_code = ws_by_code,
	.list = ws_list,
	.set_phase = ws_set_phase,
	.items = ws_items,
	.item_add = ws_item_add,
	.item_choose = ws_item_choose,
	.join = ws_join,
	.dots_used = ws_dots_used,
	.vote = ws_vote,
	.ideas = ws_ideas,
	.idea_add = ws_idea_add,
	.idea_mark = ws_idea_mark,
};
