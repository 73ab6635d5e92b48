/*
 * test_store.c: the SQLite store on a temporary file: migrations, imports,
 * waves and invitations, responses (and that they cannot be tied to a
 * person), drafts, users and sessions, all-or-nothing writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/util.h"
#include "store/store.h"
#include "store/token.h"

struct fixture {
	char path[64];
	struct store *st;
	long instrument;
};

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", ".key", "-journal"};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		unlink(p);
		free(p);
	}
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag d = {0};
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/hartslag-test-store-XXXXXX");
	fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->st = store_open(f->path, &d);
	if (!f->st) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->st)
		f->st->ops->close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

/* Opens the database file directly, to look at what is really stored. */
static sqlite3 *raw_open(const struct fixture *f)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	return db;
}

static long raw_long(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long v;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* ---- building imports ---- */

static void add_unit(struct unit_table *t, const char *code, const char *parent, const char *name)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	t->rows[t->n] = (struct unit_row){
		.code = xstrdup(code),
		.parent_code = parent ? xstrdup(parent) : NULL,
		.name = xstrdup(name),
		.line = (long)t->n + 2,
	};
	t->n++;
}

static void free_units(struct unit_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].code);
		free(t->rows[i].parent_code);
		free(t->rows[i].name);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

static void add_emp(struct employee_table *t, const char *code, const char *unit,
		    const char *first, const char *last, enum lang lang, int birth, int start)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	t->rows[t->n] = (struct employee_row){
		.code = xstrdup(code),
		.unit_code = xstrdup(unit),
		.first_name = xstrdup(first),
		.last_name = xstrdup(last),
		.email = xstrdup(""),
		.lang = lang,
		.birth_year = birth,
		.start_year = start,
		.contract = xstrdup("full-time"),
		.shift = xstrdup("day"),
		.function_group = xstrdup("care"),
		.line = (long)t->n + 2,
	};
	t->n++;
}

static void free_emps(struct employee_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct employee_row *r = &t->rows[i];
		free(r->code);
		free(r->unit_code);
		free(r->first_name);
		free(r->last_name);
		free(r->email);
		free(r->contract);
		free(r->shift);
		free(r->function_group);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/*
 * ORG
 *  +- A (Site A)         A1 (Afdeling 1), A2 (Afdeling 2) below; A2T below A2
 *  +- B (Site B)         B1 below
 * Children are listed before their parents on purpose.
 */
static void load_org(struct fixture *f)
{
	struct unit_table u = {0};
	struct employee_table e = {0};
	struct store *st = f->st;

	add_unit(&u, "A2T", "A2", "Team nacht");
	add_unit(&u, "A1", "A", "Afdeling 1");
	add_unit(&u, "B1", "B", "Keuken");
	add_unit(&u, "A2", "A", "Afdeling 2");
	add_unit(&u, "B", "ORG", "Site B");
	add_unit(&u, "A", "ORG", "Site A");
	add_unit(&u, "ORG", NULL, "Zorggroep");
	assert_int_equal(st->ops->units_import(st, &u), 0);
	free_units(&u);

	add_emp(&e, "E1", "A1", "An", "Peeters", LANG_NL, 1980, 2010);
	add_emp(&e, "E2", "A1", "Bart", "Janssens", LANG_NL, 1995, 2020);
	add_emp(&e, "E3", "A2", "Chloé", "Dubois", LANG_FR, 1970, 2000);
	add_emp(&e, "E4", "A2T", "Dirk", "Maes", LANG_NL, 1960, 1990);
	add_emp(&e, "E5", "B1", "Eva", "Claes", LANG_EN, 1990, 2015);
	add_emp(&e, "E6", "ORG", "Frank", "Wouters", LANG_NL, 1975, 2005);
	assert_int_equal(st->ops->employees_import(st, &e), 0);
	free_emps(&e);

	assert_int_equal(st->ops->instrument_put(st, "test", 1, "instrument text", 15,
						 &f->instrument),
			 0);
}

static long unit_id(struct store *st, const char *code)
{
	struct unit *u;
	size_t n;
	long id = 0;
	assert_int_equal(st->ops->units_list(st, &u, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(u[i].code, code) == 0)
			id = u[i].id;
	}
	units_free(u, n);
	assert_true(id > 0);
	return id;
}

static long make_wave(struct fixture *f, const char *title, const long *units, size_t n)
{
	struct wave w = {
		.title = (char *)title,
		.instrument_id = f->instrument,
		.opens = "2026-01-05",
		.closes = "2026-02-05",
	};
	long id = 0;
	int rc = f->st->ops->wave_create(f->st, &w, units, n, &id);
	if (rc)
		fprintf(stderr, "wave_create: %s\n", f->st->err.msg);
	assert_int_equal(rc, 0);
	assert_true(id > 0);
	return id;
}

/* Collects the tokens of a wave, keyed by employee code. */
struct tokens {
	char code[16][16];
	char token[16][TOKEN_TEXT_BYTES + 1];
	int used[16];
	char unit[16][32];
	size_t n;
};

static int collect(void *ctx, const struct invitation_export *e)
{
	struct tokens *t = ctx;
	assert_true(t->n < 16);
	snprintf(t->code[t->n], sizeof(t->code[0]), "%s", e->employee_code);
	memcpy(t->token[t->n], e->token, sizeof(e->token));
	snprintf(t->unit[t->n], sizeof(t->unit[0]), "%s", e->unit_name);
	t->used[t->n] = e->used;
	t->n++;
	return 0;
}

static const char *token_of(const struct tokens *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->code[i], code) == 0)
			return t->token[i];
	}
	fail_msg("no invitation for %s", code);
	return NULL;
}

static void hash_of(const char *token, uint8_t hash[TOKEN_HASH_BYTES])
{
	assert_int_equal(token_hash(str_from(token), hash), 0);
}

static struct response sample_response(long unit, uint8_t first)
{
	static uint8_t answers[2][8];
	static char *comments[2] = {"", ""};
	uint8_t *a = answers[first & 1];
	for (int i = 0; i < 8; i++)
		a[i] = (uint8_t)(1 + (first + i) % 5);
	return (struct response){
		.unit_id = unit,
		.age_band = 2,
		.tenure_band = 3,
		.contract = "full-time",
		.shift = "day",
		.function_group = "care",
		.answers = a,
		.nanswers = 8,
		.comments = comments,
		.ncomments = 2,
	};
}

/* ---- tests ---- */

static void test_migrate_and_reopen(void **state)
{
	struct fixture *f = *state;
	struct diag d = {0};
	sqlite3 *db;
	struct stat sb;

	db = raw_open(f);
	assert_true(raw_long(db, "PRAGMA user_version") >= 1);
	assert_int_equal(raw_long(db, "SELECT count(*) FROM org"), 1);
	sqlite3_close(db);

	/* a database created by the store is private, its key too */
	{
		char *fresh = xasprintf("%s-fresh", f->path);
		char *key = xasprintf("%s.key", fresh);
		struct store *st = store_open(fresh, &d);
		assert_non_null(st);
		assert_int_equal(stat(fresh, &sb), 0);
		assert_int_equal(sb.st_mode & 077, 0);
		assert_int_equal(stat(key, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		st->ops->close(st);
		remove_db(fresh);
		free(key);
		free(fresh);
	}

	load_org(f);
	f->st->ops->close(f->st);
	f->st = store_open(f->path, &d);
	assert_non_null(f->st);
	assert_int_equal(f->st->ops->employees_count(f->st), 6);

	/* a database from a newer program is refused */
	f->st->ops->close(f->st);
	f->st = NULL;
	db = raw_open(f);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(f->path, &d));
	assert_non_null(strstr(d.msg, "newer"));
}

static void test_not_a_database(void **state)
{
	struct fixture *f = *state;
	struct diag d = {0};
	char *p = xasprintf("%s-junk", f->path);
	FILE *fp = fopen(p, "wb");

	(void)f;
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database ", fp);
	fclose(fp);
	assert_null(store_open(p, &d));
	assert_non_null(strstr(d.msg, "not a database"));
	remove_db(p);
	free(p);

	assert_null(store_open("postgres://db.example/hartslag", &d));
	assert_non_null(strstr(d.msg, "PostgreSQL is not supported yet"));
}

/* The norm is kept as its file; changing it moves the generation (reports reload). */
static void test_norm_and_generation(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	char *name, *src;
	size_t len;

	assert_int_equal(st->ops->norm_get(st, &name, &src, &len), ERR_NOT_FOUND);
	long g0 = st->ops->generation(st);
	assert_true(g0 >= 0);
	const char *csv = "scale;mean;sd\nworkload;2.9;0.8\n";
	assert_int_equal(st->ops->norm_put(st, "Sector 2025", csv, strlen(csv)), 0);
	long g1 = st->ops->generation(st);
	assert_true(g1 > g0);
	assert_int_equal(st->ops->norm_get(st, &name, &src, &len), 0);
	assert_string_equal(name, "Sector 2025");
	assert_int_equal(len, strlen(csv));
	assert_memory_equal(src, csv, len);
	free(name);
	free(src);
	assert_int_equal(st->ops->norm_put(st, "Sector 2026", "x", 1), 0);
	assert_int_equal(st->ops->norm_get(st, &name, &src, &len), 0);
	assert_string_equal(name, "Sector 2026");
	free(name);
	free(src);
	assert_int_equal(st->ops->norm_clear(st), 0);
	assert_int_equal(st->ops->norm_get(st, &name, &src, &len), ERR_NOT_FOUND);
	assert_true(st->ops->generation(st) > g1);
	/* Settings move it too. */
	struct org_settings o;
	assert_int_equal(st->ops->org_get(st, &o), 0);
	long g2 = st->ops->generation(st);
	assert_int_equal(st->ops->org_set(st, &o), 0);
	org_settings_release(&o);
	assert_true(st->ops->generation(st) > g2);
}

static void test_org_settings(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct org_settings o, o2;

	assert_int_equal(st->ops->org_get(st, &o), 0);
	assert_string_equal(o.name, "Organisation");
	assert_int_equal(o.min_group, 5);
	assert_int_equal(o.comment_min, 10);
	assert_int_equal(o.lang, LANG_NL);
	org_settings_release(&o);

	struct org_settings in = {
		.name = "Zorggroep 'Test'; DROP TABLE org; --",
		.lang = LANG_FR,
		.min_group = 6,
		.comment_min = 12,
		.base_url = "https://welzijn.example.be",
		.help_trusted = "Vertrouwenspersoon: Marie, 02 123 45 67",
		.help_advisor = "Preventieadviseur: IDEWE-demo",
		.help_eap = "EAP 0800 00 000",
		.help_other = NULL,
	};
	assert_int_equal(st->ops->org_set(st, &in), 0);
	assert_int_equal(st->ops->org_get(st, &o2), 0);
	assert_string_equal(o2.name, in.name);
	assert_int_equal(o2.lang, LANG_FR);
	assert_int_equal(o2.min_group, 6);
	assert_int_equal(o2.comment_min, 12);
	assert_string_equal(o2.base_url, in.base_url);
	assert_string_equal(o2.help_trusted, in.help_trusted);
	assert_string_equal(o2.help_advisor, in.help_advisor);
	assert_string_equal(o2.help_eap, in.help_eap);
	assert_string_equal(o2.help_other, "");
	org_settings_release(&o2);

	/* k below 3, comments below k, empty name, bad UTF-8: refused, nothing changed */
	in.min_group = 2;
	assert_int_equal(st->ops->org_set(st, &in), ERR_INVALID);
	in.min_group = 8;
	in.comment_min = 7;
	assert_int_equal(st->ops->org_set(st, &in), ERR_INVALID);
	in.comment_min = 10;
	in.name = "";
	assert_int_equal(st->ops->org_set(st, &in), ERR_INVALID);
	in.name = "bad \xff utf-8";
	assert_int_equal(st->ops->org_set(st, &in), ERR_INVALID);
	assert_int_equal(st->ops->org_get(st, &o2), 0);
	assert_int_equal(o2.min_group, 6);
	org_settings_release(&o2);
}

static void test_units_import_and_list(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct unit *u;
	size_t n;
	static const char *const order[] = {"ORG", "A", "A1", "A2", "A2T", "B", "B1"};
	static const int depth[] = {0, 1, 2, 2, 3, 1, 2};

	load_org(f);
	assert_int_equal(st->ops->units_list(st, &u, &n), 0);
	assert_int_equal(n, 7);
	/* pre-order, siblings by name: ORG, Site A, Afd. 1, Afd. 2, Team nacht, Site B, Keuken */
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		assert_string_equal(u[i].code, order[i]);
		assert_int_equal(u[i].depth, depth[i]);
	}
	assert_int_equal(u[0].parent_id, 0);
	assert_int_equal(u[0].employees, 1); /* E6 sits at the top */
	assert_int_equal(u[2].employees, 2); /* A1: E1, E2 */
	assert_int_equal(u[1].employees, 0); /* A */
	assert_int_equal(u[2].parent_id, u[1].id);
	assert_int_equal(st->ops->unit_code_exists(st, "A2T"), 1);
	assert_int_equal(st->ops->unit_code_exists(st, "ZZ"), 0);
	units_free(u, n);
}

static void test_units_upsert(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct unit_table t = {0};
	long a1 = 0, b = 0;
	struct unit *u;
	size_t n;

	load_org(f);
	a1 = unit_id(st, "A1");
	b = unit_id(st, "B");
	/* rename A1 and move it under B; add a new unit */
	add_unit(&t, "A1", "B", "Afdeling 1 (verhuisd)");
	add_unit(&t, "B2", "B", "Schoonmaak");
	assert_int_equal(st->ops->units_import(st, &t), 0);
	free_units(&t);
	assert_int_equal(unit_id(st, "A1"), a1);
	assert_int_equal(st->ops->units_list(st, &u, &n), 0);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(u[i].code, "A1") == 0) {
			assert_string_equal(u[i].name, "Afdeling 1 (verhuisd)");
			assert_int_equal(u[i].parent_id, b);
			assert_int_equal(u[i].depth, 2);
		}
	}
	units_free(u, n);
}

static void test_units_refused_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct unit_table t = {0};
	sqlite3 *db;
	long before;

	load_org(f);
	db = raw_open(f);
	before = raw_long(db, "SELECT count(*) FROM units");

	/* a new unit then one whose parent does not exist: nothing stays */
	add_unit(&t, "C", "ORG", "Site C");
	add_unit(&t, "C1", "NOPE", "Lost");
	assert_int_equal(st->ops->units_import(st, &t), ERR_INVALID);
	assert_non_null(strstr(st->err.msg, "NOPE"));
	assert_int_equal(st->err.line, 3);
	free_units(&t);
	assert_int_equal(raw_long(db, "SELECT count(*) FROM units"), before);
	assert_int_equal(st->ops->unit_code_exists(st, "C"), 0);

	/* a cycle through stored units: A under A2T */
	add_unit(&t, "A", "A2T", "Site A");
	assert_int_equal(st->ops->units_import(st, &t), ERR_INVALID);
	assert_non_null(strstr(st->err.msg, "cycle"));
	free_units(&t);

	/* a second root */
	add_unit(&t, "X", NULL, "Another organisation");
	assert_int_equal(st->ops->units_import(st, &t), ERR_INVALID);
	assert_non_null(strstr(st->err.msg, "root"));
	free_units(&t);

	/* an empty name, a NULL code */
	add_unit(&t, "Y", "ORG", "");
	assert_int_equal(st->ops->units_import(st, &t), ERR_INVALID);
	free_units(&t);

	assert_int_equal(raw_long(db, "SELECT count(*) FROM units"), before);
	assert_int_equal(raw_long(db, "SELECT count(*) FROM units WHERE parent_id IS NULL"), 1);
	sqlite3_close(db);
	/* and the store still works */
	assert_int_equal(unit_id(st, "A") > 0, 1);
}

static void test_employees_import(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct employee_table e = {0};
	sqlite3 *db;

	load_org(f);
	assert_int_equal(st->ops->employees_count(st), 6);
	/* upsert: E1 moves to B1, E7 is new */
	add_emp(&e, "E1", "B1", "An", "Peeters-Vos", LANG_NL, 1980, 2010);
	add_emp(&e, "E7", "A1", "Gil", "Lambert", LANG_FR, 2001, 2024);
	assert_int_equal(st->ops->employees_import(st, &e), 0);
	free_emps(&e);
	assert_int_equal(st->ops->employees_count(st), 7);
	db = raw_open(f);
	assert_int_equal(raw_long(db, "SELECT count(*) FROM employees e JOIN units u"
				      " ON u.id = e.unit_id WHERE e.code = 'E1' AND u.code = 'B1'"
				      " AND e.last_name = 'Peeters-Vos'"),
			 1);

	/* failing midway (row 3 names a unit that does not exist): nothing stays */
	add_emp(&e, "E8", "A1", "Hilde", "Smet", LANG_NL, 1985, 2012);
	add_emp(&e, "E2", "B1", "Bart", "Changed", LANG_NL, 1995, 2020);
	add_emp(&e, "E9", "NOWHERE", "Ivo", "Goossens", LANG_NL, 1985, 2012);
	assert_int_equal(st->ops->employees_import(st, &e), ERR_INVALID);
	assert_non_null(strstr(st->err.msg, "NOWHERE"));
	assert_int_equal(st->err.line, 4);
	free_emps(&e);
	assert_int_equal(st->ops->employees_count(st), 7);
	assert_int_equal(raw_long(db, "SELECT count(*) FROM employees"
				      " WHERE last_name = 'Changed'"),
			 0);

	/* a bad row is refused before anything is written */
	add_emp(&e, "E10", "A1", "Jan", "Bad\xc3", LANG_NL, 1985, 2012);
	assert_int_equal(st->ops->employees_import(st, &e), ERR_INVALID);
	free_emps(&e);
	add_emp(&e, "E11", "A1", "Jan", "Oud", LANG_NL, 1066, 2012);
	assert_int_equal(st->ops->employees_import(st, &e), ERR_INVALID);
	free_emps(&e);
	assert_int_equal(st->ops->employees_count(st), 7);
	sqlite3_close(db);
}

static void test_sql_metacharacters(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct unit_table u = {0};
	struct employee_table e = {0};
	const char *evil = "O'Brien\"; DROP TABLE units; -- %s %n \\ ` ?1 :x @y $z";
	struct unit *list;
	size_t n;
	struct tokens t = {0};
	int found = 0;

	load_org(f);
	add_unit(&u, "Q'1", "ORG", evil);
	assert_int_equal(st->ops->units_import(st, &u), 0);
	free_units(&u);
	add_emp(&e, "E'; --", "Q'1", evil, evil, LANG_NL, 1980, 2010);
	assert_int_equal(st->ops->employees_import(st, &e), 0);
	free_emps(&e);
	assert_int_equal(st->ops->units_list(st, &list, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i].code, "Q'1") == 0) {
			assert_string_equal(list[i].name, evil);
			found = 1;
		}
	}
	units_free(list, n);
	assert_true(found);
	long q1 = unit_id(st, "Q'1");
	long wave = make_wave(f, evil, &q1, 1);
	struct wave w;
	assert_int_equal(st->ops->wave_get(st, wave, &w), 0);
	assert_string_equal(w.title, evil);
	wave_release(&w);
	assert_int_equal(st->ops->wave_invitations(st, wave, collect, &t), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.code[0], "E'; --");
	assert_int_equal(strncmp(t.unit[0], evil, sizeof(t.unit[0]) - 1), 0);
	assert_int_equal(st->ops->employees_count(st), 7);
}

static void test_wave_population(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct tokens t = {0};
	struct wave w;
	long a = 0, b1 = 0, wave;
	struct participation *p;
	size_t np;

	load_org(f);
	a = unit_id(st, "A");
	b1 = unit_id(st, "B1");
	/* A's subtree (A1, A2, A2T) and B1: E1..E5, not E6 at the top */
	long units[] = {a, b1, a};
	wave = make_wave(f, "Welzijnsbevraging 2026", units, ARRAY_SIZE(units));
	assert_int_equal(st->ops->wave_invitations(st, wave, collect, &t), 0);
	assert_int_equal(t.n, 5);
	for (size_t i = 0; i < t.n; i++) {
		assert_string_not_equal(t.code[i], "E6");
		assert_int_equal(strlen(t.token[i]), TOKEN_TEXT_BYTES);
		assert_int_equal(t.used[i], 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t.token[i], t.token[j]);
	}
	/* by unit name: Afdeling 1 (E2 Janssens, E1 Peeters), Afdeling 2, Keuken, Team nacht */
	assert_string_equal(t.code[0], "E2");
	assert_string_equal(t.code[1], "E1");
	assert_string_equal(t.code[2], "E3");
	assert_string_equal(t.code[3], "E5");
	assert_string_equal(t.code[4], "E4");

	assert_int_equal(st->ops->wave_get(st, wave, &w), 0);
	assert_string_equal(w.title, "Welzijnsbevraging 2026");
	assert_int_equal(w.status, WAVE_OPEN);
	assert_int_equal(w.invited, 5);
	assert_int_equal(w.answered, 0);
	wave_release(&w);

	/* a second wave on the root invites everybody; the list is newest first */
	long root = unit_id(st, "ORG");
	long wave2 = make_wave(f, "Pulse", &root, 1);
	struct wave *all;
	size_t nall;
	assert_int_equal(st->ops->wave_list(st, &all, &nall), 0);
	assert_int_equal(nall, 2);
	assert_int_equal(all[0].id, wave2);
	assert_int_equal(all[0].invited, 6);
	waves_free(all, nall);

	/* answer two in A1 and one in B1, then count */
	uint8_t h[TOKEN_HASH_BYTES];
	const char *who[] = {"E1", "E2", "E5"};
	for (size_t i = 0; i < ARRAY_SIZE(who); i++) {
		struct invitation inv;
		hash_of(token_of(&t, who[i]), h);
		assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
		struct response r = sample_response(inv.unit_id, (uint8_t)i);
		assert_int_equal(st->ops->response_submit(st, h, &r), 0);
		invitation_release(&inv);
	}
	assert_int_equal(st->ops->wave_participation(st, wave, &p, &np), 0);
	long inv_total = 0, ans_total = 0;
	for (size_t i = 0; i < np; i++) {
		if (p[i].unit_id == unit_id(st, "A1")) {
			assert_int_equal(p[i].invited, 2);
			assert_int_equal(p[i].answered, 2);
		}
		if (p[i].unit_id == b1) {
			assert_int_equal(p[i].invited, 1);
			assert_int_equal(p[i].answered, 1);
		}
		inv_total += p[i].invited;
		ans_total += p[i].answered;
	}
	free(p);
	assert_int_equal(inv_total, 5);
	assert_int_equal(ans_total, 3);
	assert_int_equal(st->ops->responses_count(st, wave), 3);
	assert_int_equal(st->ops->responses_count(st, wave2), 0);
	assert_int_equal(st->ops->wave_get(st, wave, &w), 0);
	assert_int_equal(w.answered, 3);
	wave_release(&w);

	/* refused waves: unknown unit, no units, bad dates, unknown instrument */
	struct wave bad = {.title = "x", .instrument_id = f->instrument, .opens = "2026-01-01",
			   .closes = "2026-02-01"};
	long id, nounit = 999999;
	assert_int_equal(st->ops->wave_create(st, &bad, &nounit, 1, &id), ERR_INVALID);
	assert_int_equal(st->ops->wave_create(st, &bad, NULL, 0, &id), ERR_INVALID);
	bad.closes = "2026-13-01";
	assert_int_equal(st->ops->wave_create(st, &bad, &a, 1, &id), ERR_INVALID);
	bad.closes = "2025-12-01";
	assert_int_equal(st->ops->wave_create(st, &bad, &a, 1, &id), ERR_INVALID);
	bad.closes = "2026-02-01";
	bad.instrument_id = 4242;
	assert_int_equal(st->ops->wave_create(st, &bad, &a, 1, &id), ERR_INVALID);
	assert_non_null(strstr(st->err.msg, "instrument"));
	assert_int_equal(st->ops->wave_list(st, &all, &nall), 0);
	assert_int_equal(nall, 2);
	waves_free(all, nall);
}

static void test_invitation_and_submit(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct tokens t = {0};
	struct invitation inv;
	uint8_t h[TOKEN_HASH_BYTES];
	long a, wave;

	load_org(f);
	a = unit_id(st, "A");
	wave = make_wave(f, "W", &a, 1);
	assert_int_equal(st->ops->wave_invitations(st, wave, collect, &t), 0);

	hash_of(token_of(&t, "E3"), h);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_int_equal(inv.wave_id, wave);
	assert_int_equal(inv.used, 0);
	assert_int_equal(inv.lang, LANG_FR);
	assert_int_equal(inv.unit_id, unit_id(st, "A2"));
	assert_int_equal(inv.age_band, 5);    /* born 1970 */
	assert_int_equal(inv.tenure_band, 5); /* since 2000 */
	assert_string_equal(inv.contract, "full-time");
	assert_string_equal(inv.shift, "day");
	assert_string_equal(inv.function_group, "care");
	assert_null(inv.draft);

	struct response r = sample_response(inv.unit_id, 1);
	char *comments[] = {"De planning is te krap.", ""};
	r.comments = comments;
	r.ncomments = 2;
	invitation_release(&inv);
	assert_int_equal(st->ops->response_submit(st, h, &r), 0);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_int_equal(inv.used, 1);
	invitation_release(&inv);
	/* the second submit of the same token is refused and stores nothing */
	assert_int_equal(st->ops->response_submit(st, h, &r), ERR_CONFLICT);
	assert_int_equal(st->ops->responses_count(st, wave), 1);

	/* an unknown token */
	char other[TOKEN_TEXT_BYTES + 1];
	token_new(other);
	hash_of(other, h);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), ERR_NOT_FOUND);
	assert_int_equal(st->ops->response_submit(st, h, &r), ERR_NOT_FOUND);

	/* hostile responses are refused before anything is written */
	hash_of(token_of(&t, "E4"), h);
	struct response bad = r;
	uint8_t big[8] = {1, 2, 3, 200, 1, 1, 1, 1};
	bad.answers = big;
	assert_int_equal(st->ops->response_submit(st, h, &bad), ERR_INVALID);
	bad = r;
	bad.nanswers = 0;
	assert_int_equal(st->ops->response_submit(st, h, &bad), ERR_INVALID);
	bad = r;
	char *badc[] = {"ok", "\xc0\xaf"};
	bad.comments = badc;
	assert_int_equal(st->ops->response_submit(st, h, &bad), ERR_INVALID);
	bad = r;
	bad.unit_id = 987654;
	assert_int_equal(st->ops->response_submit(st, h, &bad), ERR_INVALID);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_int_equal(inv.used, 0); /* rolled back */
	invitation_release(&inv);
	assert_int_equal(st->ops->responses_count(st, wave), 1);
}

struct seen {
	size_t n;
	long unit;
	uint8_t first;
	char text[64];
	int question;
};

static int count_response(void *ctx, const struct response *r)
{
	struct seen *s = ctx;
	s->n++;
	s->unit = r->unit_id;
	s->first = r->answers[0];
	assert_int_equal(r->nanswers, 8);
	assert_string_equal(r->contract, "full-time");
	return 0;
}

static int count_comment(void *ctx, long unit, int question, const char *text)
{
	struct seen *s = ctx;
	s->n++;
	s->unit = unit;
	s->question = question;
	snprintf(s->text, sizeof(s->text), "%s", text);
	return 0;
}

static void test_response_unlinkable(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct tokens t = {0};
	uint8_t h[TOKEN_HASH_BYTES];
	long a, wave;
	sqlite3 *db;
	sqlite3_stmt *q;

	load_org(f);
	a = unit_id(st, "A");
	wave = make_wave(f, "W", &a, 1);
	assert_int_equal(st->ops->wave_invitations(st, wave, collect, &t), 0);
	hash_of(token_of(&t, "E1"), h);
	struct response r = sample_response(unit_id(st, "A1"), 3);
	char *comments[] = {"", "Meer overleg graag"};
	r.comments = comments;
	r.ncomments = 2;
	assert_int_equal(st->ops->response_submit(st, h, &r), 0);

	/* no column of responses or comments can point at a person, a token or a time */
	static const char *const forbidden[] = {"employee", "token", "invitation", "time",
						"date", "created", "user", "email", "name"};
	static const char *const tables[] = {"responses", "comments"};
	db = raw_open(f);
	for (size_t ti = 0; ti < ARRAY_SIZE(tables); ti++) {
		char sql[64];
		int cols = 0;
		snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", tables[ti]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(q, 1);
			for (size_t k = 0; k < ARRAY_SIZE(forbidden); k++) {
				if (strcasestr(col, forbidden[k]))
					fail_msg("%s.%s links to a person", tables[ti], col);
			}
			cols++;
		}
		sqlite3_finalize(q);
		assert_true(cols > 3);
	}
	/* invitations carry no time either */
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA table_info(invitations)", -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 1);
		assert_null(strcasestr(col, "time"));
		assert_null(strcasestr(col, "date"));
		assert_null(strcasestr(col, "created"));
	}
	sqlite3_finalize(q);

	/* the comment is stored apart, without the answers */
	struct seen s = {0};
	assert_int_equal(st->ops->comments_each(st, wave, count_comment, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text, "Meer overleg graag");
	assert_int_equal(s.question, 1);
	assert_int_equal(s.unit, unit_id(st, "A1"));
	memset(&s, 0, sizeof(s));
	assert_int_equal(st->ops->responses_each(st, wave, count_response, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.first, r.answers[0]);

	/* 50 inserts: ids do not follow insert order */
	for (int i = 0; i < 50; i++) {
		struct response one = sample_response(a, (uint8_t)i);
		char marker[16];
		snprintf(marker, sizeof(marker), "c%02d", i);
		one.contract = marker;
		one.wave_id = wave;
		one.ncomments = 0;
		assert_int_equal(st->ops->responses_insert(st, &one, 1), 0);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT id FROM responses WHERE contract LIKE 'c__'"
					    " ORDER BY contract",
					    -1, &q, NULL),
			 SQLITE_OK);
	int64_t prev = -1, maxid = 0;
	int rises = 0, rows = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (prev >= 0 && id > prev)
			rises++;
		if (id > maxid)
			maxid = id;
		prev = id;
		rows++;
	}
	sqlite3_finalize(q);
	assert_int_equal(rows, 50);
	assert_true(rises < 45 && rises > 4); /* random order: about 25 rises */
	assert_true(maxid > ((int64_t)1 << 40));
	sqlite3_close(db);
	assert_int_equal(st->ops->responses_count(st, wave), 51);
}

static void test_drafts_and_closed_wave(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct tokens t = {0};
	struct invitation inv;
	uint8_t h[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES];
	const uint8_t draft[] = "sealed draft bytes \x00\x01\x02";
	long a, wave;

	load_org(f);
	a = unit_id(st, "A");
	wave = make_wave(f, "W", &a, 1);
	assert_int_equal(st->ops->wave_invitations(st, wave, collect, &t), 0);
	hash_of(token_of(&t, "E2"), h);
	hash_of(token_of(&t, "E4"), h2);

	assert_int_equal(st->ops->invitation_save_draft(st, h, draft, sizeof(draft), LANG_EN), 0);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_int_equal(inv.draft_len, sizeof(draft));
	assert_memory_equal(inv.draft, draft, sizeof(draft));
	assert_int_equal(inv.lang, LANG_EN);
	invitation_release(&inv);
	/* too large a draft is refused, the old one stays */
	uint8_t *huge = xcalloc(1, STORE_MAX_DRAFT_BYTES + 1);
	assert_int_equal(st->ops->invitation_save_draft(st, h, huge, STORE_MAX_DRAFT_BYTES + 1,
							LANG_EN),
			 ERR_INVALID);
	free(huge);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_int_equal(inv.draft_len, sizeof(draft));
	invitation_release(&inv);

	/* a submit drops the draft; a used invitation takes no new draft */
	struct response r = sample_response(unit_id(st, "A1"), 0);
	assert_int_equal(st->ops->response_submit(st, h, &r), 0);
	assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
	assert_null(inv.draft);
	invitation_release(&inv);
	assert_int_equal(st->ops->invitation_save_draft(st, h, draft, sizeof(draft), LANG_NL),
			 ERR_CONFLICT);

	/* E4 saves a draft, then the wave closes: drafts go, submits are refused */
	assert_int_equal(st->ops->invitation_save_draft(st, h2, draft, 5, LANG_NL), 0);
	assert_int_equal(st->ops->wave_close(st, wave), 0);
	struct wave w;
	assert_int_equal(st->ops->wave_get(st, wave, &w), 0);
	assert_int_equal(w.status, WAVE_CLOSED);
	wave_release(&w);
	assert_int_equal(st->ops->invitation_get(st, h2, &inv), 0);
	assert_null(inv.draft);
	invitation_release(&inv);
	assert_int_equal(st->ops->response_submit(st, h2, &r), ERR_CONFLICT);
	assert_non_null(strstr(st->err.msg, "closed"));
	assert_int_equal(st->ops->invitation_save_draft(st, h2, draft, 5, LANG_NL), ERR_CONFLICT);
	assert_int_equal(st->ops->responses_count(st, wave), 1);
	assert_int_equal(st->ops->wave_close(st, 777), ERR_NOT_FOUND);
}

static void test_instruments(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	long id1, id2, id3;
	char *src;
	size_t len;

	assert_int_equal(st->ops->instrument_put(st, "jdr", 1, "abc\0def", 7, &id1), 0);
	assert_int_equal(st->ops->instrument_put(st, "jdr", 1, "abc\0def", 7, &id2), 0);
	assert_int_equal(id1, id2);
	assert_int_equal(st->ops->instrument_put(st, "jdr", 1, "abc\0deg", 7, &id3), ERR_CONFLICT);
	assert_int_equal(st->ops->instrument_put(st, "jdr", 2, "abc\0deg", 7, &id3), 0);
	assert_int_not_equal(id3, id1);
	assert_int_equal(st->ops->instrument_source(st, id1, &src, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(src, "abc\0def", 7);
	assert_int_equal(src[7], '\0');
	free(src);
	assert_int_equal(st->ops->instrument_source(st, 9999, &src, &len), ERR_NOT_FOUND);
	assert_int_equal(st->ops->instrument_put(st, "", 1, "x", 1, &id3), ERR_INVALID);
	assert_int_equal(st->ops->instrument_put(st, "jdr", 3, "", 0, &id3), ERR_INVALID);
}

static void test_users_sessions(void **state)
{
	struct fixture *f = *state;
	struct store *st = f->st;
	struct user u = {.login = "admin", .pw_hash = "$argon2id$fake", .role = ROLE_ADMIN,
			 .lang = LANG_FR, .display_name = "Beheerder"};
	struct user got;
	long id, id2;
	uint8_t h[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES];
	char tok[TOKEN_TEXT_BYTES + 1];

	load_org(f);
	assert_int_equal(st->ops->user_add(st, &u, &id), 0);
	assert_int_equal(st->ops->user_add(st, &u, &id2), ERR_CONFLICT);
	u.login = "ADMIN"; /* logins ignore case */
	assert_int_equal(st->ops->user_add(st, &u, &id2), ERR_CONFLICT);
	u.login = "chef";
	u.role = ROLE_MANAGER;
	u.unit_id = 4242;
	assert_int_equal(st->ops->user_add(st, &u, &id2), ERR_INVALID);
	u.unit_id = unit_id(st, "A");
	assert_int_equal(st->ops->user_add(st, &u, &id2), 0);
	u.role = ROLE_NONE;
	u.login = "nobody";
	assert_int_equal(st->ops->user_add(st, &u, &id2), ERR_INVALID);

	assert_int_equal(st->ops->user_by_login(st, "Admin", &got), 0);
	assert_int_equal(got.id, id);
	assert_int_equal(got.role, ROLE_ADMIN);
	assert_int_equal(got.lang, LANG_FR);
	assert_int_equal(got.unit_id, 0);
	assert_string_equal(got.display_name, "Beheerder");
	user_release(&got);
	assert_int_equal(st->ops->user_by_login(st, "chef", &got), 0);
	assert_int_equal(got.role, ROLE_MANAGER);
	assert_int_equal(got.unit_id, unit_id(st, "A"));
	user_release(&got);
	assert_int_equal(st->ops->user_by_login(st, "x' OR '1'='1", &got), ERR_NOT_FOUND);
	assert_int_equal(st->ops->user_set_password(st, id, "$argon2id$new"), 0);
	assert_int_equal(st->ops->user_get(st, id, &got), 0);
	assert_string_equal(got.pw_hash, "$argon2id$new");
	user_release(&got);
	assert_int_equal(st->ops->user_set_password(st, 999, "$argon2id$new"), ERR_NOT_FOUND);

	struct session s = {.user_id = id, .created = 1000, .last_seen = 1000};
	struct session sg;
	token_new(tok);
	hash_of(tok, h);
	token_new(s.csrf);
	assert_int_equal(st->ops->session_put(st, h, &s), 0);
	assert_int_equal(st->ops->session_get(st, h, &sg), 0);
	assert_int_equal(sg.user_id, id);
	assert_string_equal(sg.csrf, s.csrf);
	assert_int_equal(st->ops->session_touch(st, h, 5000), 0);
	assert_int_equal(st->ops->session_get(st, h, &sg), 0);
	assert_int_equal(sg.last_seen, 5000);
	token_new(tok);
	hash_of(tok, h2);
	assert_int_equal(st->ops->session_get(st, h2, &sg), ERR_NOT_FOUND);
	assert_int_equal(st->ops->session_put(st, h2, &s), 0); /* last seen 1000 */
	long n = 0;
	assert_int_equal(st->ops->sessions_expire(st, 2000, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(st->ops->session_get(st, h2, &sg), ERR_NOT_FOUND);
	assert_int_equal(st->ops->session_delete(st, h), 0);
	assert_int_equal(st->ops->session_get(st, h, &sg), ERR_NOT_FOUND);
	assert_int_equal(st->ops->session_delete(st, h), ERR_NOT_FOUND);
}

static void test_roles(void **state)
{
	enum role r;
	(void)state;
	for (int i = ROLE_ADMIN; i <= ROLE_EMPLOYEE; i++) {
		assert_int_equal(role_parse(role_name((enum role)i), &r), 0);
		assert_int_equal(r, i);
	}
	assert_int_equal(role_parse("HR", &r), 0);
	assert_int_equal(r, ROLE_HR);
	assert_int_equal(role_parse("none", &r), -1);
	assert_int_equal(role_parse("root", &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
}

static void test_key_missing_refused(void **state)
{
	struct fixture *f = *state;
	struct diag d = {0};
	char *key = xasprintf("%s.key", f->path);
	long a;
	struct tokens t1 = {0}, t2 = {0};

	load_org(f);
	a = unit_id(f->st, "A");
	long wave = make_wave(f, "W", &a, 1);
	assert_int_equal(f->st->ops->wave_invitations(f->st, wave, collect, &t1), 0);
	f->st->ops->close(f->st);
	/* reopening with the same key gives the same tokens back */
	f->st = store_open(f->path, &d);
	assert_non_null(f->st);
	assert_int_equal(f->st->ops->wave_invitations(f->st, wave, collect, &t2), 0);
	assert_int_equal(t1.n, t2.n);
	assert_memory_equal(t1.token, t2.token, sizeof(t1.token));
	f->st->ops->close(f->st);
	f->st = NULL;
	/* without the key the store refuses to start rather than make a new one */
	assert_int_equal(unlink(key), 0);
	assert_null(store_open(f->path, &d));
	assert_non_null(strstr(d.msg, "missing"));
	free(key);
}

static void test_pool(void **state)
{
	struct fixture *f = *state;
	struct store_pool p;
	struct diag d = {0};

	assert_int_equal(store_pool_init(&p, f->path, 3, &d), 0);
	struct store *a = store_pool_get(&p);
	struct store *b = store_pool_get(&p);
	assert_ptr_not_equal(a, b);
	assert_int_equal(a->ops->employees_count(a), 0);
	store_pool_put(&p, a);
	store_pool_put(&p, b);
	store_pool_release(&p);
	assert_int_equal(store_pool_init(&p, "/nonexistent-dir/x.db", 2, &d), ERR_IO);
	assert_true(d.msg[0] != '\0');
}

struct racer {
	struct store_pool *pool;
	const uint8_t *hash;
	long unit;
	int rc;
};

static void *race_submit(void *arg)
{
	struct racer *r = arg;
	struct store *st = store_pool_get(r->pool);
	struct response resp = sample_response(r->unit, 1);
	r->rc = st->ops->response_submit(st, r->hash, &resp);
	store_pool_put(r->pool, st);
	return NULL;
}

static void test_submit_race(void **state)
{
	enum { N = 6 };
	struct fixture *f = *state;
	struct store_pool pool;
	struct diag d = {0};
	struct tokens t = {0};
	uint8_t h[TOKEN_HASH_BYTES];
	struct racer r[N];
	pthread_t th[N];
	int ok = 0, conflict = 0;

	load_org(f);
	long a = unit_id(f->st, "A");
	long wave = make_wave(f, "W", &a, 1);
	assert_int_equal(f->st->ops->wave_invitations(f->st, wave, collect, &t), 0);
	hash_of(token_of(&t, "E1"), h);
	/* the same token submitted at once from separate connections: one wins */
	assert_int_equal(store_pool_init(&pool, f->path, N, &d), 0);
	for (int i = 0; i < N; i++) {
		r[i] = (struct racer){&pool, h, a, 99};
		assert_int_equal(pthread_create(&th[i], NULL, race_submit, &r[i]), 0);
	}
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		ok += r[i].rc == 0;
		conflict += r[i].rc == ERR_CONFLICT;
	}
	store_pool_release(&pool);
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, N - 1);
	assert_int_equal(f->st->ops->responses_count(f->st, wave), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_norm_and_generation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_import_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_upsert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_refused_all_or_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_employees_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_metacharacters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wave_population, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invitation_and_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_unlinkable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drafts_and_closed_wave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instruments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_sessions, setup, teardown),
		cmocka_unit_test(test_roles),
		cmocka_unit_test_setup_teardown(test_key_missing_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_race, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
