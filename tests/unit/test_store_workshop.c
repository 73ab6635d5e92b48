/*
 * test_store_workshop.c: the store part "workshop" on a temporary file:
 * creation with the report's items and the code (found by hash, shown
 * again), phases checked inside the writing transaction, the dot budget
 * (also from several connections at once), ballots that fail leave
 * nothing, ideas only on chosen themes, limits, and what the database
 * holds afterwards.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/util.h"
#include "core/workshop.h"
#include "store/store.h"
#include "store/store_workshop.h"
#include "store/token.h"

struct fixture {
	char path[64];
	struct store *st;
	long unit;
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
	snprintf(f->path, sizeof(f->path), "/tmp/hartslag-test-ws-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->st = store_open(f->path, &d);
	if (!f->st) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		return -1;
	}
	struct unit_row row = {.code = "T1", .parent_code = NULL, .name = "Team 1", .line = 2};
	struct unit_table t = {&row, 1};
	if (f->st->ops->units_import(f->st, &t))
		return -1;
	struct unit *u = NULL;
	size_t n = 0;
	if (f->st->ops->units_list(f->st, &u, &n) || n != 1)
		return -1;
	f->unit = u[0].id;
	units_free(u, n);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	f->st->ops->close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

static void hash_of(const char *s, uint8_t out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)s, strlen(s), NULL, 0);
}

/* A workshop with two report items, in phase p; *items gets them (caller frees). */
static long make(struct fixture *f, const char *code, int dots, enum workshop_phase p)
{
	const struct store_workshop_ops *ops = f->st->ops->workshop;
	struct ws_item in[2] = {
		{.kind = WS_ITEM_STRENGTH, .scale = "autonomy", .text = "better than the organisation"},
		{.kind = WS_ITEM_ATTENTION, .scale = "workload", .text = "worse than last time"},
	};
	struct workshop w = {0};
	uint8_t h[32];
	w.unit_id = f->unit;
	w.dots = dots;
	snprintf(w.code, sizeof(w.code), "%s", code);
	hash_of(code, h);
	assert_int_equal(ops->create(f->st, &w, h, in, 2), 0);
	for (enum workshop_phase q = WS_WALLS; q < p; q++)
		assert_int_equal(ops->set_phase(f->st, w.id, q, q + 1), 0);
	return w.id;
}

static long item_of(struct fixture *f, long id, int kind)
{
	struct ws_item *it;
	size_t n;
	long r = 0;
	assert_int_equal(f->st->ops->workshop->items(f->st, id, &it, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (it[i].kind == kind)
			r = it[i].id;
	ws_items_free(it, n);
	assert_true(r != 0);
	return r;
}

static long votes_of(struct fixture *f, long id, long item)
{
	struct ws_item *it;
	size_t n;
	long v = -1;
	assert_int_equal(f->st->ops->workshop->items(f->st, id, &it, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (it[i].id == item)
			v = it[i].votes;
	ws_items_free(it, n);
	return v;
}

static void test_create_and_find(void **state)
{
	struct fixture *f = *state;
	const struct store_workshop_ops *ops = f->st->ops->workshop;
	long id = make(f, "ABC234", 3, WS_WALLS);
	struct workshop w;
	uint8_t h[32];
	hash_of("ABC234", h);
	assert_int_equal(ops->by_code(f->st, h, &w), 0);
	assert_int_equal(w.id, id);
	assert_string_equal(w.code, "ABC234");
	assert_int_equal(w.phase, WS_WALLS);
	assert_int_equal(w.dots, 3);
	assert_int_equal(strlen(w.created), 10);
	hash_of("ABC235", h);
	assert_int_equal(ops->by_code(f->st, h, &w), ERR_NOT_FOUND);
	/* the same code twice is a conflict */
	struct workshop again = {.unit_id = f->unit, .dots = 2};
	snprintf(again.code, sizeof(again.code), "ABC234");
	hash_of("ABC234", h);
	assert_int_equal(ops->create(f->st, &again, h, NULL, 0), ERR_CONFLICT);
	/* dots out of range, a bad item */
	again.dots = 11;
	hash_of("XYZ234", h);
	assert_int_equal(ops->create(f->st, &again, h, NULL, 0), ERR_INVALID);
	struct workshop *all;
	size_t n;
	assert_int_equal(ops->list(f->st, &all, &n), 0);
	assert_int_equal(n, 1);
	free(all);
}

static void test_phases(void **state)
{
	struct fixture *f = *state;
	const struct store_workshop_ops *ops = f->st->ops->workshop;
	long id = make(f, "PHA234", 3, WS_WALLS);
	uint8_t p[32];
	randombytes_buf(p, sizeof(p));
	assert_int_equal(ops->join(f->st, id, p), 0);
	long strength = item_of(f, id, WS_ITEM_STRENGTH);
	struct vote v = {strength, 1};
	/* walls: no points, no votes, no ideas */
	assert_int_equal(ops->item_add(f->st, id, "early", NULL), ERR_CONFLICT);
	assert_int_equal(ops->vote(f->st, id, p, &v, 1), ERR_CONFLICT);
	assert_int_equal(ops->idea_add(f->st, id, strength, 0, "early", NULL), ERR_CONFLICT);
	/* a stale "from" is refused: two screens pressed next at once */
	assert_int_equal(ops->set_phase(f->st, id, WS_WALLS, WS_OWN_POINTS), 0);
	assert_int_equal(ops->set_phase(f->st, id, WS_WALLS, WS_OWN_POINTS), ERR_CONFLICT);
	assert_int_equal(ops->set_phase(f->st, 12345, WS_WALLS, WS_OWN_POINTS), ERR_NOT_FOUND);
	long own = 0;
	assert_int_equal(ops->item_add(f->st, id, "Our own point", &own), 0);
	assert_int_equal(ops->item_add(f->st, id, "", NULL), ERR_INVALID);
	assert_int_equal(ops->vote(f->st, id, p, &v, 1), ERR_CONFLICT);
	assert_int_equal(ops->set_phase(f->st, id, WS_OWN_POINTS, WS_VOTING), 0);
	assert_int_equal(ops->item_add(f->st, id, "late", NULL), ERR_CONFLICT);
	assert_int_equal(ops->vote(f->st, id, p, &v, 1), 0);
	/* ideas only in the brainstorm, and only on chosen themes */
	assert_int_equal(ops->set_phase(f->st, id, WS_VOTING, WS_BRAINSTORM), 0);
	assert_int_equal(ops->vote(f->st, id, p, &v, 1), ERR_CONFLICT);
	assert_int_equal(ops->idea_add(f->st, id, own, 1, "Not chosen", NULL), ERR_NOT_FOUND);
	assert_int_equal(ops->item_choose(f->st, id, own, 1), 0);
	long idea = 0;
	assert_int_equal(ops->idea_add(f->st, id, own, 1, "Chosen", &idea), 0);
	assert_int_equal(ops->idea_add(f->st, id, own, 4, "No such level", NULL), ERR_INVALID);
	assert_int_equal(ops->idea_mark(f->st, id, idea), 0);
	assert_int_equal(ops->idea_mark(f->st, id, idea + 1), ERR_NOT_FOUND);
	struct ws_idea *ideas;
	size_t n;
	assert_int_equal(ops->ideas(f->st, id, &ideas, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ideas[0].chosen, 1);
	assert_int_equal(ideas[0].level, 1);
	assert_int_equal(ideas[0].item_id, own);
	ws_ideas_free(ideas, n);
}

static void test_budget(void **state)
{
	struct fixture *f = *state;
	const struct store_workshop_ops *ops = f->st->ops->workshop;
	long id = make(f, "BUD234", 3, WS_VOTING);
	long a = item_of(f, id, WS_ITEM_STRENGTH), b = item_of(f, id, WS_ITEM_ATTENTION);
	uint8_t p[32], stranger[32];
	randombytes_buf(p, sizeof(p));
	randombytes_buf(stranger, sizeof(stranger));
	assert_int_equal(ops->join(f->st, id, p), 0);
	assert_int_equal(ops->join(f->st, id, p), 0); /* again: still one place */
	struct workshop w;
	assert_int_equal(ops->get(f->st, id, &w), 0);
	assert_int_equal(w.participants, 1);
	struct vote two[2] = {{a, 2}, {b, 1}};
	struct vote bad[2] = {{a, 1}, {999, 1}};
	int used = -1;
	/* an unknown item undoes the whole ballot */
	assert_int_equal(ops->vote(f->st, id, p, bad, 2), ERR_NOT_FOUND);
	assert_int_equal(ops->dots_used(f->st, id, p, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(votes_of(f, id, a), 0);
	/* not joined: no vote */
	assert_int_equal(ops->vote(f->st, id, stranger, two, 1), ERR_CONFLICT);
	assert_int_equal(ops->dots_used(f->st, id, stranger, &used), ERR_NOT_FOUND);
	/* three dots, then none left */
	assert_int_equal(ops->vote(f->st, id, p, two, 2), 0);
	assert_int_equal(ops->vote(f->st, id, p, two + 1, 1), ERR_CONFLICT);
	assert_int_equal(ops->dots_used(f->st, id, p, &used), 0);
	assert_int_equal(used, 3);
	assert_int_equal(votes_of(f, id, a), 2);
	assert_int_equal(votes_of(f, id, b), 1);
}

struct racer {
	const char *path;
	long id, item;
	const uint8_t *hash;
	int ok;
};

/* One connection of its own, one dot at a time until refused. */
static void *race(void *arg)
{
	struct racer *r = arg;
	struct diag d = {0};
	struct store *st = store_open(r->path, &d);
	if (!st)
		return NULL;
	struct vote v = {r->item, 1};
	for (int i = 0; i < 4; i++)
		if (st->ops->workshop->vote(st, r->id, r->hash, &v, 1) == 0)
			r->ok++;
	st->ops->close(st);
	return NULL;
}

static void test_budget_concurrent(void **state)
{
	struct fixture *f = *state;
	long id = make(f, "RAC234", 5, WS_VOTING);
	long a = item_of(f, id, WS_ITEM_STRENGTH);
	uint8_t p[32];
	randombytes_buf(p, sizeof(p));
	assert_int_equal(f->st->ops->workshop->join(f->st, id, p), 0);
	pthread_t th[6];
	struct racer rs[6];
	for (int i = 0; i < 6; i++) {
		rs[i] = (struct racer){f->path, id, a, p, 0};
		assert_int_equal(pthread_create(&th[i], NULL, race, &rs[i]), 0);
	}
	int ok = 0;
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		ok += rs[i].ok;
	}
	assert_int_equal(ok, 5);
	assert_int_equal(votes_of(f, id, a), 5);
}

static void test_stored_shape(void **state)
{
	struct fixture *f = *state;
	long id = make(f, "SHA234", 3, WS_OWN_POINTS);
	for (int i = 0; i < 10; i++) {
		char t[32];
		snprintf(t, sizeof(t), "point %02d", i);
		assert_int_equal(f->st->ops->workshop->item_add(f->st, id, t, NULL), 0);
	}
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT text, id FROM workshop_items"
					    " WHERE kind = 2 ORDER BY id",
					    -1, &q, NULL),
			 SQLITE_OK);
	int k = 0, in_order = 1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		char want[32];
		snprintf(want, sizeof(want), "point %02d", k++);
		if (strcmp(want, (const char *)sqlite3_column_text(q, 0)) != 0)
			in_order = 0;
		assert_true(sqlite3_column_int64(q, 1) > 0xffffffffLL);
	}
	sqlite3_finalize(q);
	assert_int_equal(k, 10);
	assert_false(in_order);
	/* the code is not stored in clear */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM workshops WHERE"
					    " instr(code_sealed, 'SHA234') OR instr(code_hash, 'SHA234')",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

int main(void)
{
	if (token_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stored_shape, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
