/*
 * test_demo.c: the demo organisation, generated into temporary databases:
 * counts, wave states, the intended structure of the answers, and the same
 * counts for the same seed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/demo.h"
#include "core/embed.h"
#include "core/instrument.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_absence.h"
#include "store/token.h"

struct gen {
	char path[64];
	struct store *st;
	struct instrument ins;
	struct demo_info info;
	double seconds;
};

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", ".key"};
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		unlink(p);
		free(p);
	}
}

static void load_default_instrument(struct instrument *ins)
{
	const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
	struct diag d = {0};
	assert_non_null(f);
	if (instrument_parse(ins, "hartslag-jdr.instrument", (const char *)f->data, f->len, &d))
		fail_msg("instrument: line %ld: %s", d.line, d.msg);
}

static void load_minimal_instrument(struct instrument *ins)
{
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	char *path = xasprintf("%s/tests/data/instruments/valid-minimal.instrument",
			       root ? root : ".");
	struct diag d = {0};
	if (instrument_load_file(ins, path, &d))
		fail_msg("%s: line %ld: %s", path, d.line, d.msg);
	free(path);
}

/* Opens a fresh temporary store, stores ins and generates the demo with seed. */
static void generate(struct gen *g, int minimal, uint64_t seed)
{
	struct diag d = {0};
	struct timespec t0, t1;
	long iid = 0;
	int fd, rc;

	memset(g, 0, sizeof(*g));
	snprintf(g->path, sizeof(g->path), "/tmp/hartslag-test-demo-XXXXXX");
	fd = mkstemp(g->path);
	assert_true(fd >= 0);
	close(fd);
	g->st = store_open(g->path, &d);
	if (!g->st)
		fail_msg("store_open: %s", d.msg);
	if (minimal)
		load_minimal_instrument(&g->ins);
	else
		load_default_instrument(&g->ins);
	char text[] = "instrument source stand-in";
	assert_int_equal(g->st->ops->instrument_put(g->st, g->ins.id, g->ins.version, text,
						    sizeof(text) - 1, &iid),
			 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = demo_generate(g->st, &g->ins, iid, seed, &g->info);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc)
		fail_msg("demo_generate: %s", g->st->err.msg);
	g->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void gen_release(struct gen *g)
{
	if (g->st)
		g->st->ops->close(g->st);
	instrument_release(&g->ins);
	remove_db(g->path);
}

static long unit_by_code(struct store *st, const char *code)
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

/* Scores of a wave's responses, gathered for the checks below. */
struct tally {
	const struct instrument *ins;
	int demand, engage, exhaust; /* scale indices, -1 when absent */
	long worst, best;           /* unit ids */
	double sum_worst, sum_best;
	long n_worst, n_best;
	double sum_demand;
	long n_demand;
	/* for a correlation of engagement and exhaustion */
	double sx, sy, sxx, syy, sxy;
	long nxy;
	/* reverse-keyed consistency: raw answers of normal vs reverse items of one scale */
	int rscale;
	double ra, rb, raa, rbb, rab;
	long nr;
	long items, missing;
	long responses;
};

static int tally_cb(void *ctx, const struct response *r)
{
	struct tally *t = ctx;
	const struct instrument *ins = t->ins;
	double scores[MAX_SCALES];

	assert_int_equal(r->nanswers, (size_t)ins->nitems);
	assert_int_equal(instrument_answers_valid(ins, r->answers), 1);
	instrument_score(ins, r->answers, scores);
	t->responses++;
	for (size_t i = 0; i < r->nanswers; i++) {
		t->items++;
		t->missing += r->answers[i] == 0;
	}
	if (t->demand >= 0 && !isnan(scores[t->demand])) {
		t->sum_demand += scores[t->demand];
		t->n_demand++;
		if (r->unit_id == t->worst) {
			t->sum_worst += scores[t->demand];
			t->n_worst++;
		} else if (r->unit_id == t->best) {
			t->sum_best += scores[t->demand];
			t->n_best++;
		}
	}
	if (t->engage >= 0 && t->exhaust >= 0 && !isnan(scores[t->engage]) &&
	    !isnan(scores[t->exhaust])) {
		double x = scores[t->engage], y = scores[t->exhaust];
		t->sx += x;
		t->sy += y;
		t->sxx += x * x;
		t->syy += y * y;
		t->sxy += x * y;
		t->nxy++;
	}
	if (t->rscale >= 0) {
		const struct scale *sc = &ins->scales[t->rscale];
		double a = 0, b = 0;
		int na = 0, nb = 0;
		for (int k = 0; k < sc->nitems; k++) {
			int it = sc->items[k];
			if (!r->answers[it])
				continue;
			if (ins->items[it].reverse) {
				b += r->answers[it];
				nb++;
			} else {
				a += r->answers[it];
				na++;
			}
		}
		if (na && nb) {
			a /= na;
			b /= nb;
			t->ra += a;
			t->rb += b;
			t->raa += a * a;
			t->rbb += b * b;
			t->rab += a * b;
			t->nr++;
		}
	}
	return 0;
}

static double corr(double n, double sx, double sy, double sxx, double syy, double sxy)
{
	double cov = sxy - sx * sy / n;
	double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
	return cov / sqrt(vx * vy);
}

static void tally_init(struct tally *t, const struct instrument *ins, struct store *st,
		       const char *worst, const char *best)
{
	memset(t, 0, sizeof(*t));
	t->ins = ins;
	t->demand = t->engage = t->exhaust = t->rscale = -1;
	for (int s = 0; s < ins->nscales; s++) {
		const struct scale *sc = &ins->scales[s];
		int has_rev = 0, has_norm = 0;
		if (sc->kind == SCALE_DEMAND && t->demand < 0)
			t->demand = s;
		if (sc->kind == SCALE_OUTCOME && strstr(sc->id, "engage"))
			t->engage = s;
		if (sc->kind == SCALE_OUTCOME && strstr(sc->id, "exhaust"))
			t->exhaust = s;
		for (int k = 0; k < sc->nitems; k++) {
			if (ins->items[sc->items[k]].reverse)
				has_rev = 1;
			else
				has_norm = 1;
		}
		if (has_rev && has_norm && t->rscale < 0)
			t->rscale = s;
	}
	t->worst = unit_by_code(st, worst);
	t->best = unit_by_code(st, best);
}

struct wave_counts {
	long invited[8], answered[8];
	int status[8];
	size_t n;
};

static void wave_counts(struct store *st, struct wave_counts *c)
{
	struct wave *w;
	size_t n;
	memset(c, 0, sizeof(*c));
	assert_int_equal(st->ops->wave_list(st, &w, &n), 0);
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		c->invited[i] = w[i].invited;
		c->answered[i] = w[i].answered;
		c->status[i] = w[i].status;
	}
	c->n = n;
	waves_free(w, n);
}

static void test_demo_default_instrument(void **state)
{
	struct gen g;
	struct store *st;
	struct wave *w;
	size_t nw;
	int closed = 0, open = 0;

	(void)state;
	generate(&g, 0, 42);
	st = g.st;
	printf("# demo generated in %.2f s: %ld units, %ld employees, %ld waves, %ld responses\n",
	       g.seconds, g.info.units, g.info.employees, g.info.waves, g.info.responses);

	/* counts */
	assert_int_equal(g.info.units, 55); /* 1 + 3 sites + 20 departments + 31 teams */
	assert_true(g.info.employees >= 300 && g.info.employees <= 400);
	assert_int_equal(st->ops->employees_count(st), g.info.employees);
	assert_true(st->ops->absence->records_count(st) > g.info.employees); /* 3 years */
	assert_int_equal(g.info.waves, 4);
	assert_true(g.info.open_wave_id > 0);
	assert_string_equal(g.info.admin_login, "admin");
	assert_true(strlen(g.info.admin_password) >= 12);

	/* three closed yearly waves, one open wave about 40 % answered */
	assert_int_equal(st->ops->wave_list(st, &w, &nw), 0);
	assert_int_equal(nw, 4);
	long total = 0;
	for (size_t i = 0; i < nw; i++) {
		long n = st->ops->responses_count(st, w[i].id);
		double rate = (double)w[i].answered / (double)w[i].invited;
		assert_int_equal(n, w[i].answered);
		total += n;
		if (w[i].status == WAVE_CLOSED) {
			closed++;
			assert_true(rate > 0.55 && rate < 0.85);
		} else {
			open++;
			assert_int_equal(w[i].id, g.info.open_wave_id);
			assert_non_null(strstr(w[i].title, "2026"));
			assert_true(rate > 0.25 && rate < 0.55);
		}
	}
	assert_int_equal(w[0].id, g.info.open_wave_id); /* newest first */
	assert_non_null(strstr(w[3].title, "2023"));
	assert_true(w[3].invited < w[0].invited); /* people joined since 2023 */
	waves_free(w, nw);
	assert_int_equal(closed, 3);
	assert_int_equal(open, 1);
	assert_int_equal(total, g.info.responses);

	/* the sample links are unused invitations of the open wave */
	for (size_t i = 0; i < ARRAY_SIZE(g.info.sample_tokens); i++) {
		uint8_t h[TOKEN_HASH_BYTES];
		struct invitation inv;
		assert_int_equal(token_hash(str_from(g.info.sample_tokens[i]), h), 0);
		assert_int_equal(st->ops->invitation_get(st, h, &inv), 0);
		assert_int_equal(inv.wave_id, g.info.open_wave_id);
		assert_int_equal(inv.used, 0);
		invitation_release(&inv);
	}

	/* the answers of the closed waves carry the intended structure */
	struct tally t;
	tally_init(&t, &g.ins, st, "TL-ZA2-W", "TZ-VN-K");
	assert_true(t.demand >= 0);
	assert_true(t.engage >= 0 && t.exhaust >= 0);
	assert_true(t.rscale >= 0);
	assert_int_equal(st->ops->wave_list(st, &w, &nw), 0);
	for (size_t i = 0; i < nw; i++) {
		if (w[i].status == WAVE_CLOSED)
			assert_int_equal(st->ops->responses_each(st, w[i].id, tally_cb, &t), 0);
	}
	double worst = t.sum_worst / (double)t.n_worst, best = t.sum_best / (double)t.n_best;
	printf("# %s: worst team %.2f (n=%ld), best team %.2f (n=%ld), all %.2f\n",
	       g.ins.scales[t.demand].id, worst, t.n_worst, best, t.n_best,
	       t.sum_demand / (double)t.n_demand);
	assert_true(t.n_worst >= 15 && t.n_best >= 15);
	assert_true(worst > best + 0.5);
	double r = corr((double)t.nxy, t.sx, t.sy, t.sxx, t.syy, t.sxy);
	double rr = corr((double)t.nr, t.ra, t.rb, t.raa, t.rbb, t.rab);
	double miss = (double)t.missing / (double)t.items;
	printf("# r(engagement, exhaustion) = %.2f, r(normal, reverse items of %s) = %.2f, "
	       "missing %.1f %%\n",
	       r, g.ins.scales[t.rscale].id, rr, 100 * miss);
	assert_true(r < -0.2);
	assert_true(rr < -0.2); /* reverse items mirror the others */
	assert_true(miss > 0.005 && miss < 0.05);

	/* Ter Linde improves from 2023 (w[3]) to 2025 (w[1]): mean demand over its teams */
	struct unit *u;
	size_t nu;
	double tl_mean[2];
	assert_int_equal(st->ops->units_list(st, &u, &nu), 0);
	for (int k = 0; k < 2; k++) {
		double sum = 0;
		long n = 0;
		for (size_t j = 0; j < nu; j++) {
			struct tally tw;
			if (strncmp(u[j].code, "TL-", 3) != 0 || u[j].depth != 3)
				continue;
			tally_init(&tw, &g.ins, st, u[j].code, "TZ-VN-K");
			assert_int_equal(st->ops->responses_each(st, w[k == 0 ? 3 : 1].id, tally_cb,
								 &tw),
					 0);
			sum += tw.sum_worst;
			n += tw.n_worst;
		}
		assert_true(n > 50);
		tl_mean[k] = sum / (double)n;
	}
	units_free(u, nu);
	waves_free(w, nw);
	printf("# Ter Linde %s: 2023 %.2f, 2025 %.2f\n", g.ins.scales[t.demand].id, tl_mean[0],
	       tl_mean[1]);
	assert_true(tl_mean[0] > tl_mean[1] + 0.2);

	/* users: one per role, the manager scoped to a department */
	struct user usr;
	static const char *const logins[] = {"admin", "preventie", "hr", "comite", "manager"};
	static const enum role roles[] = {ROLE_ADMIN, ROLE_ADVISOR, ROLE_HR, ROLE_COMMITTEE,
					  ROLE_MANAGER};
	for (size_t i = 0; i < ARRAY_SIZE(logins); i++) {
		assert_int_equal(st->ops->user_by_login(st, logins[i], &usr), 0);
		assert_int_equal(usr.role, roles[i]);
		if (roles[i] == ROLE_MANAGER)
			assert_int_equal(usr.unit_id, unit_by_code(st, "TL-ZA2"));
		if (i == 0)
			assert_int_equal(password_verify(usr.pw_hash, g.info.admin_password), 1);
		user_release(&usr);
	}
	struct org_settings o;
	assert_int_equal(st->ops->org_get(st, &o), 0);
	assert_non_null(strstr(o.name, "Demo"));
	assert_true(strlen(o.help_trusted) > 0 && strlen(o.help_advisor) > 0 &&
		    strlen(o.help_eap) > 0);
	org_settings_release(&o);

	/* a store that is not empty is refused */
	struct demo_info again;
	assert_int_equal(demo_generate(st, &g.ins, 1, 42, &again), ERR_CONFLICT);
	gen_release(&g);
}

struct comment_count {
	long n;
};

static int count_comment(void *ctx, long unit, int q, const char *text)
{
	struct comment_count *c = ctx;
	(void)unit;
	assert_int_equal(q, 0);
	assert_true(strlen(text) > 10);
	c->n++;
	return 0;
}

static void test_demo_same_seed_same_counts(void **state)
{
	struct gen a, b;
	struct wave_counts ca, cb;

	(void)state;
	generate(&a, 0, 7);
	generate(&b, 0, 7);
	assert_int_equal(a.info.units, b.info.units);
	assert_int_equal(a.info.employees, b.info.employees);
	assert_int_equal(a.info.waves, b.info.waves);
	assert_int_equal(a.info.responses, b.info.responses);
	wave_counts(a.st, &ca);
	wave_counts(b.st, &cb);
	assert_int_equal(ca.n, cb.n);
	for (size_t i = 0; i < ca.n; i++) {
		assert_int_equal(ca.invited[i], cb.invited[i]);
		assert_int_equal(ca.answered[i], cb.answered[i]);
		assert_int_equal(ca.status[i], cb.status[i]);
	}
	/* comments were written in the closed waves */
	struct comment_count cc = {0};
	struct wave *w;
	size_t nw;
	assert_int_equal(a.st->ops->wave_list(a.st, &w, &nw), 0);
	for (size_t i = 0; i < nw; i++)
		assert_int_equal(a.st->ops->comments_each(a.st, w[i].id, count_comment, &cc), 0);
	waves_free(w, nw);
	assert_true(cc.n > 20);
	/* but the tokens are fresh */
	assert_string_not_equal(a.info.sample_tokens[0], b.info.sample_tokens[0]);
	gen_release(&a);
	gen_release(&b);
}

static void test_demo_other_instrument(void **state)
{
	struct gen g;
	struct tally t;
	struct wave *w;
	size_t nw;

	(void)state;
	generate(&g, 1, 42);
	assert_int_equal(g.info.waves, 4);
	assert_true(g.info.responses > 500);
	tally_init(&t, &g.ins, g.st, "TL-ZA2-W", "TZ-VN-K");
	assert_true(t.demand >= 0);
	assert_int_equal(g.st->ops->wave_list(g.st, &w, &nw), 0);
	for (size_t i = 0; i < nw; i++)
		assert_int_equal(g.st->ops->responses_each(g.st, w[i].id, tally_cb, &t), 0);
	waves_free(w, nw);
	assert_true(t.sum_worst / (double)t.n_worst > t.sum_best / (double)t.n_best + 0.5);
	gen_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_default_instrument),
		cmocka_unit_test(test_demo_same_seed_same_counts),
		cmocka_unit_test(test_demo_other_instrument),
	};
	if (token_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
