/*
 * bench_report.c: the survey-report benchmark (../shared/bench/README.md)
 * run through the product itself: the data goes into the product's SQLite
 * store through store.h, and the report comes out of the store through
 * responses_each and the report engine (core/agg.h). bench/run.sh drives it.
 *
 *   bench_report import DB DATADIR INSTRUMENT   units, one employee, 3 waves, responses
 *   bench_report report DB OUT.csv [bands] [each]
 *                                               the benchmark's report CSV (with bands;
 *                                               wave by wave through responses_each)
 *   bench_report scan DB                        reading alone (the store's share)
 *   bench_report page DB REPS                   one department's page, REPS times
 *
 * Every command prints key=value lines (seconds, MiB) for run.sh. The data
 * is gen.c's output, trusted: the parsing here is deliberately plain.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/util.h"
#include "core/agg.h"
#include "core/i18n.h"
#include "core/instrument.h"
#include "core/org.h"
#include "core/stats.h"
#include "store/store.h"

#define NWAVES_MAX 16
#define BENCH_MIN_GROUP 5 /* the benchmark's suppression: nresp < 5 */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: wall time on a shared machine also counts other people's work. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0; /* kilobytes on Linux */
}

static int die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_report: %s: %s\n", what, msg);
	return 1;
}

/* Reads a whole file; caller frees. NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT((size_t)2 << 30);
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_append(&b, chunk, n)) {
			fclose(f);
			return NULL;
		}
	}
	fclose(f);
	return buf_detach(&b, len);
}

/* The next field of a CSV line (no quoting in gen.c's output). */
static struct str field(const char **p, const char *end)
{
	const char *s = *p;
	while (*p < end && **p != ',' && **p != '\n' && **p != '\r')
		(*p)++;
	struct str f = {s, (size_t)(*p - s)};
	if (*p < end && **p == ',')
		(*p)++;
	return f;
}

static void next_line(const char **p, const char *end)
{
	while (*p < end && **p != '\n')
		(*p)++;
	if (*p < end)
		(*p)++;
}

static long to_long(struct str s)
{
	long v = 0;
	if (str_to_long(s, -1000000000L, 1000000000L, &v))
		return -1;
	return v;
}

/* ---- import ---- */

static const char *const labels[] = {"", "1", "2", "3", "4", "5"};

static int import_units(struct store *st, const char *dir, long *nunits)
{
	char *path = xasprintf("%s/units.csv", dir);
	size_t len;
	char *data = slurp(path, &len);
	int rc = 0;

	if (!data) {
		rc = die(path, strerror(errno));
		free(path);
		return rc;
	}
	const char *p = data, *end = data + len;
	struct unit_table t = {NULL, 0};
	size_t cap = 0;
	next_line(&p, end); /* header */
	while (p < end) {
		struct str id = field(&p, end), parent = field(&p, end), name = field(&p, end);
		next_line(&p, end);
		if (t.n == cap) {
			cap = cap ? 2 * cap : 1024;
			t.rows = xrealloc(t.rows, cap * sizeof(*t.rows));
		}
		struct unit_row *r = &t.rows[t.n++];
		memset(r, 0, sizeof(*r));
		r->code = xstrndup(id.p, id.len);
		r->parent_code = parent.len ? xstrndup(parent.p, parent.len) : NULL;
		r->name = xstrndup(name.p, name.len);
		r->line = (long)t.n + 1;
	}
	if (st->ops->units_import(st, &t))
		rc = die("units_import", st->err.msg);
	*nunits = (long)t.n;
	for (size_t i = 0; i < t.n; i++) {
		free(t.rows[i].code);
		free(t.rows[i].parent_code);
		free(t.rows[i].name);
	}
	free(t.rows);
	free(data);
	free(path);
	return rc;
}

/* A store unit id per unit code (the benchmark's unit_id); codes are numbers. */
struct unit_map {
	long *id_of_code; /* [maxcode + 1], 0 when absent */
	long maxcode;
	struct unit *u;
	size_t n;
};

static int unit_map_load(struct store *st, struct unit_map *m)
{
	memset(m, 0, sizeof(*m));
	if (st->ops->units_list(st, &m->u, &m->n))
		return die("units_list", st->err.msg);
	for (size_t i = 0; i < m->n; i++) {
		long c = to_long(str_from(m->u[i].code));
		if (c > m->maxcode)
			m->maxcode = c;
	}
	m->id_of_code = xcalloc((size_t)m->maxcode + 1, sizeof(long));
	for (size_t i = 0; i < m->n; i++) {
		long c = to_long(str_from(m->u[i].code));
		if (c >= 0)
			m->id_of_code[c] = m->u[i].id;
	}
	return 0;
}

static void unit_map_release(struct unit_map *m)
{
	free(m->id_of_code);
	units_free(m->u, m->n);
}

static int cmd_import(const char *db, const char *dir, const char *ins_path)
{
	struct diag d = {{0}, 0};
	double t0 = now(), c0 = cpu();
	struct store *st = store_open(db, &d);
	long nunits = 0;
	int rc = 1;

	if (!st)
		return die(db, d.msg);
	/* throw-away data: no fsync per commit (the demo does the same) */
	st->ops->set_sync(st, 0);
	if (import_units(st, dir, &nunits))
		goto out;
	double t_units = now();

	/* one employee, so that the store lets waves be created */
	struct employee_row er = {.code = "bench-1", .unit_code = "1", .first_name = "",
				  .last_name = "", .email = "", .lang = LANG_EN,
				  .contract = "", .shift = "", .function_group = "", .line = 2};
	struct employee_table et = {&er, 1};
	if (st->ops->employees_import(st, &et)) {
		die("employees_import", st->err.msg);
		goto out;
	}
	size_t ilen;
	char *isrc = slurp(ins_path, &ilen);
	long ins_id = 0;
	if (!isrc) {
		die(ins_path, strerror(errno));
		goto out;
	}
	if (st->ops->instrument_put(st, "bench", 1, isrc, ilen, &ins_id)) {
		free(isrc);
		die("instrument_put", st->err.msg);
		goto out;
	}
	free(isrc);

	struct unit_map m;
	if (unit_map_load(st, &m))
		goto out;
	char *path = xasprintf("%s/responses.csv", dir);
	size_t len;
	char *data = slurp(path, &len);
	if (!data) {
		die(path, strerror(errno));
		free(path);
		unit_map_release(&m);
		goto out;
	}
	double t_read = now();
	const char *p = data, *end = data + len;
	size_t n = 0, cap = 0;
	struct response *r = NULL;
	long wave_ids[NWAVES_MAX], wave_year[NWAVES_MAX], root = m.id_of_code[1];
	int nwaves = 0;

	next_line(&p, end);
	rc = 0;
	while (p < end && !rc) {
		long year = to_long(field(&p, end)), code = to_long(field(&p, end));
		long age = to_long(field(&p, end));
		field(&p, end); /* gender: not a breakdown of the product */
		long con = to_long(field(&p, end)), ten = to_long(field(&p, end));
		long shf = to_long(field(&p, end));
		int w;
		for (w = 0; w < nwaves && wave_year[w] != year; w++)
			;
		if (w == nwaves) {
			if (nwaves == NWAVES_MAX)
				break;
			char title[32], opens[16], closes[16];
			snprintf(title, sizeof(title), "%ld", year);
			snprintf(opens, sizeof(opens), "%ld-03-01", year);
			snprintf(closes, sizeof(closes), "%ld-03-31", year);
			struct wave wv = {.title = title, .instrument_id = ins_id, .opens = opens,
					  .closes = closes};
			if (st->ops->wave_create(st, &wv, &root, 1, &wave_ids[w])) {
				rc = die("wave_create", st->err.msg);
				break;
			}
			wave_year[w] = year;
			nwaves++;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			r = xrealloc(r, cap * sizeof(*r));
		}
		struct response *x = &r[n++];
		memset(x, 0, sizeof(*x));
		x->wave_id = wave_ids[w];
		x->unit_id = code >= 0 && code <= m.maxcode ? m.id_of_code[code] : 0;
		x->age_band = (int)age;
		x->tenure_band = (int)ten;
		x->contract = (char *)labels[con >= 0 && con <= 5 ? con : 0];
		x->shift = (char *)labels[shf >= 0 && shf <= 5 ? shf : 0];
		x->function_group = (char *)"";
		x->answers = xmalloc(60);
		x->nanswers = 60;
		for (int i = 0; i < 60; i++) {
			struct str f = field(&p, end);
			x->answers[i] = f.len == 1 ? (uint8_t)(f.p[0] - '0') : 0;
		}
		next_line(&p, end);
	}
	free(data);
	free(path);
	double t_parsed = now();
	if (!rc && st->ops->responses_insert(st, r, n))
		rc = die("responses_insert", st->err.msg);
	double t_inserted = now();
	for (int w = 0; w < nwaves && !rc; w++) {
		if (st->ops->wave_close(st, wave_ids[w]))
			rc = die("wave_close", st->err.msg);
	}
	for (size_t i = 0; i < n; i++)
		free(r[i].answers);
	free(r);
	unit_map_release(&m);
	printf("import_units=%ld\nimport_responses=%zu\nimport_waves=%d\n", nunits, n, nwaves);
	printf("import_units_s=%.3f\nimport_parse_s=%.3f\nimport_insert_s=%.3f\n", t_units - t0,
	       t_parsed - t_read, t_inserted - t_parsed);
	printf("import_s=%.3f\nimport_cpu_s=%.3f\nimport_peak_rss_mib=%.0f\n", now() - t0,
	       cpu() - c0, peak_rss_mib());
out:
	st->ops->close(st);
	return rc;
}

/* ---- the report from the store ---- */

/* The tree, waves and instrument as the store has them. */
struct model {
	struct store *st;
	struct unit *u;
	size_t n;
	int *parent;         /* [n] index of the parent, -1 for the root */
	long *code;          /* [n] the benchmark's unit_id */
	int *by_code;        /* [n] unit indices sorted by code */
	int root;            /* index of the root */
	long *idx_of_id;     /* [maxid + 1] index + 1 of a store unit id, 0 when none */
	long maxid;
	struct instrument ins;
	long wave_id[NWAVES_MAX];
	long year[NWAVES_MAX];
	int nwaves;
};

struct code_idx {
	long code;
	int idx;
};

static int by_code(const void *a, const void *b)
{
	long x = ((const struct code_idx *)a)->code, y = ((const struct code_idx *)b)->code;
	return (x > y) - (x < y);
}

static int model_load(struct model *md, const char *db)
{
	struct diag d = {{0}, 0};
	memset(md, 0, sizeof(*md));
	md->st = store_open(db, &d);
	if (!md->st)
		return die(db, d.msg);
	struct store *st = md->st;
	if (st->ops->units_list(st, &md->u, &md->n))
		return die("units_list", st->err.msg);
	for (size_t i = 0; i < md->n; i++)
		if (md->u[i].id > md->maxid)
			md->maxid = md->u[i].id;
	md->idx_of_id = xcalloc((size_t)md->maxid + 1, sizeof(long));
	md->parent = xmalloc(md->n * sizeof(int));
	md->code = xmalloc(md->n * sizeof(long));
	md->by_code = xmalloc(md->n * sizeof(int));
	for (size_t i = 0; i < md->n; i++)
		md->idx_of_id[md->u[i].id] = (long)i + 1;
	for (size_t i = 0; i < md->n; i++) {
		long p = md->u[i].parent_id;
		md->parent[i] = p > 0 && p <= md->maxid ? (int)md->idx_of_id[p] - 1 : -1;
		md->code[i] = to_long(str_from(md->u[i].code));
	}
	struct code_idx *ci = xmalloc(md->n * sizeof(*ci));
	for (size_t i = 0; i < md->n; i++)
		ci[i] = (struct code_idx){md->code[i], (int)i};
	qsort(ci, md->n, sizeof(*ci), by_code);
	for (size_t i = 0; i < md->n; i++)
		md->by_code[i] = ci[i].idx;
	free(ci);
	md->root = -1;
	for (size_t i = 0; i < md->n; i++)
		if (md->parent[i] < 0)
			md->root = (int)i;

	struct wave *wv;
	size_t nw;
	if (st->ops->wave_list(st, &wv, &nw))
		return die("wave_list", st->err.msg);
	long ins_id = 0;
	for (size_t i = nw; i-- > 0 && md->nwaves < NWAVES_MAX;) {
		/* wave_list is newest first: this walks oldest first */
		md->wave_id[md->nwaves] = wv[i].id;
		md->year[md->nwaves] = to_long(str_from(wv[i].title));
		md->nwaves++;
		ins_id = wv[i].instrument_id;
	}
	waves_free(wv, nw);
	char *src;
	size_t len;
	if (st->ops->instrument_source(st, ins_id, &src, &len))
		return die("instrument_source", st->err.msg);
	int rc = instrument_parse(&md->ins, "bench", src, len, &d);
	free(src);
	if (rc)
		return die("instrument", d.msg);
	return 0;
}

static void model_release(struct model *md)
{
	if (md->st)
		md->st->ops->close(md->st);
	units_free(md->u, md->n);
	free(md->parent);
	free(md->code);
	free(md->by_code);
	free(md->idx_of_id);
	instrument_release(&md->ins);
}

struct feed {
	const struct model *md;
	struct agg_builder *b;
	int bands;
	long bad;
	long rows;
};

static int feed_one(void *ctx, const struct response *r)
{
	struct feed *f = ctx;
	const struct model *md = f->md;
	long u = r->unit_id > 0 && r->unit_id <= md->maxid ? md->idx_of_id[r->unit_id] - 1 : -1;

	f->rows++;
	if (u < 0 || r->nanswers < (size_t)md->ins.nitems) {
		f->bad++;
		return 0;
	}
	int band[DIM_COUNT] = {0};
	if (f->bands) {
		band[DIM_AGE] = r->age_band;
		band[DIM_TENURE] = r->tenure_band;
		band[DIM_CONTRACT] = agg_band_value(f->b, DIM_CONTRACT, r->contract);
		band[DIM_SHIFT] = agg_band_value(f->b, DIM_SHIFT, r->shift);
		band[DIM_FUNCTION] = agg_band_value(f->b, DIM_FUNCTION, r->function_group);
	}
	agg_add(f->b, (int)u, band, r->answers);
	return 0;
}

struct feed_all {
	const struct model *md;
	struct feed f[NWAVES_MAX];
};

static int feed_wave(void *ctx, const struct response *r)
{
	struct feed_all *fa = ctx;
	for (int w = 0; w < fa->md->nwaves; w++) {
		if (fa->md->wave_id[w] == r->wave_id)
			return feed_one(&fa->f[w], r);
	}
	return 0;
}

/* Finishes every other wave from first (the second core's half). */
struct finish_job {
	struct feed *f;
	struct agg_wave **aw;
	int nwaves;
	int first;
};

static void *finish_worker(void *arg)
{
	struct finish_job *j = arg;
	for (int w = j->first; w < j->nwaves; w += 2)
		j->aw[w] = agg_finish(j->f[w].b);
	return NULL;
}

/*
 * Runs the engine on every wave from the store: with scan, in one pass
 * (store_responses_scan), else wave by wave (responses_each). Fills aw;
 * returns 0 or 1.
 */
static int aggregate(const struct model *md, int bands, int scan, struct agg_wave **aw,
		     long *bad)
{
	struct feed_all fa;
	int rc = 0;

	fa.md = md;
	for (int w = 0; w < md->nwaves; w++) {
		fa.f[w] = (struct feed){md, agg_begin(&md->ins, (int)md->n, md->parent), bands, 0, 0};
		if (!fa.f[w].b)
			return die("agg_begin", "the units are not one tree");
		if (!bands)
			agg_skip_bands(fa.f[w].b);
	}
	if (scan) {
		rc = store_responses_scan(md->st, md->wave_id, (size_t)md->nwaves, feed_wave, &fa);
	} else {
		for (int w = 0; w < md->nwaves && !rc; w++)
			rc = md->st->ops->responses_each(md->st, md->wave_id[w], feed_one, &fa.f[w]);
	}
	double t = now();
	struct finish_job fj = {fa.f, aw, md->nwaves, 1};
	pthread_t th;
	int threaded = md->nwaves > 1 && pthread_create(&th, NULL, finish_worker, &fj) == 0;
	for (int w = 0; w < md->nwaves; w += threaded ? 2 : 1)
		aw[w] = agg_finish(fa.f[w].b);
	if (threaded)
		pthread_join(th, NULL);
	for (int w = 0; w < md->nwaves; w++)
		*bad += fa.f[w].bad;
	if (getenv("BENCH_VERBOSE"))
		fprintf(stderr, "agg_finish of %d waves: %.3f s\n", md->nwaves, now() - t);
	if (rc)
		return die("reading responses", md->st->err.msg);
	return 0;
}

static const char digits2[201] = "00010203040506070809101112131415161718192021222324"
				  "25262728293031323334353637383940414243444546474849"
				  "50515253545556575859606162636465666768697071727374"
				  "75767778798081828384858687888990919293949596979899";

/* Four digits of v (0..9999), zero-padded. */
static char *put4(char *p, unsigned v)
{
	memcpy(p, digits2 + 2 * (v / 100), 2);
	memcpy(p + 2, digits2 + 2 * (v % 100), 2);
	return p + 4;
}

/* Appends v >= 0 with 12 decimals (what the C reference prints), fast. */
static char *put_fixed12(char *p, double v)
{
	unsigned long long x = (unsigned long long)(v * 1e12 + 0.5);
	unsigned long long ip = x / 1000000000000ULL, fp = x % 1000000000000ULL;
	char t[24];
	int n = 0;
	do {
		t[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (n)
		*p++ = t[--n];
	*p++ = '.';
	p = put4(p, (unsigned)(fp / 100000000ULL));
	p = put4(p, (unsigned)(fp / 10000ULL % 10000ULL));
	return put4(p, (unsigned)(fp % 10000ULL));
}

static char *put_long(char *p, long v)
{
	char t[24];
	int n = 0;
	if (v < 0) {
		*p++ = '-';
		v = -v;
	}
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

/*
 * Writes the benchmark's CSV: every unit x wave x scale, sorted by
 * unit_id, wave, scale; with nresp < 5 n, mean, sd and risk are empty.
 * risk is the red zone's share (the instrument's red cut points are the
 * benchmark's risk thresholds).
 */
/* Formats the rows of units by_code[from..to) into b. */
static void format_units(const struct model *md, struct agg_wave *const *aw, size_t from,
			 size_t to, struct buf *b)
{
	int ns = md->ins.nscales;
	size_t need = (to - from) * (size_t)md->nwaves * ns * 80 + 1;

	buf_reset(b);
	if (b->cap < need) {
		free(b->p);
		b->p = xmalloc(need);
		b->cap = need;
	}
	char *p = b->p;
	for (size_t i = from; i < to; i++) {
		int u = md->by_code[i];
		for (int w = 0; w < md->nwaves; w++) {
			const struct agg_group *g = &aw[w]->unit[u];
			for (int s = 0; s < ns; s++) {
				p = put_long(p, md->code[u]);
				*p++ = ',';
				p = put_long(p, md->year[w]);
				*p++ = ',';
				p = put_long(p, s + 1);
				*p++ = ',';
				const struct agg_cell *c = &g->cell[s];
				if (g->nresp < BENCH_MIN_GROUP) {
					*p++ = ',';
					*p++ = ',';
					*p++ = ',';
				} else {
					p = put_long(p, c->m.n);
					*p++ = ',';
					if (c->m.n > 0)
						p = put_fixed12(p, moments_mean(&c->m));
					*p++ = ',';
					if (c->m.n > 1)
						p = put_fixed12(p, moments_sd(&c->m));
					*p++ = ',';
					if (c->m.n > 0)
						p = put_fixed12(p, (double)c->zone[ZONE_RED] /
									 (double)c->m.n);
				}
				*p++ = '\n';
			}
		}
	}
	b->len = (size_t)(p - b->p);
}

#define WRITE_CHUNK 256 /* units formatted at a time */
#define WRITE_BATCH 32  /* chunks per batch shared by the two threads */

/* Half of a batch: every other chunk from first. */
struct write_job {
	const struct model *md;
	struct agg_wave *const *aw;
	size_t from, nchunks;
	int first;
	struct buf *bufs; /* [WRITE_BATCH] */
};

static void *write_worker(void *arg)
{
	struct write_job *j = arg;
	for (size_t c = (size_t)j->first; c < j->nchunks; c += 2) {
		size_t a = j->from + c * WRITE_CHUNK, z = a + WRITE_CHUNK;
		format_units(j->md, j->aw, a, z < j->md->n ? z : j->md->n, &j->bufs[c]);
	}
	return NULL;
}

/*
 * Writes the benchmark's CSV: every unit x wave x scale, sorted by
 * unit_id, wave, scale; with nresp < 5 n, mean, sd and risk are empty.
 * risk is the red zone's share (the instrument's red cut points are the
 * benchmark's risk thresholds). Two threads format batches of units; the
 * main thread writes them in order.
 */
static int write_csv(const struct model *md, struct agg_wave **aw, const char *out)
{
	FILE *f = fopen(out, "wb");
	if (!f)
		return die(out, strerror(errno));
	struct buf *bufs = xcalloc(WRITE_BATCH, sizeof(*bufs));
	size_t per_batch = (size_t)WRITE_CHUNK * WRITE_BATCH;

	fputs("unit_id,wave,scale,n,mean,sd,risk\n", f);
	for (size_t from = 0; from < md->n; from += per_batch) {
		size_t left = md->n - from;
		size_t nchunks = (left < per_batch ? left + WRITE_CHUNK - 1 : per_batch) / WRITE_CHUNK;
		struct write_job jobs[2];
		pthread_t t;
		for (int k = 0; k < 2; k++)
			jobs[k] = (struct write_job){md, aw, from, nchunks, k, bufs};
		int threaded = pthread_create(&t, NULL, write_worker, &jobs[1]) == 0;
		write_worker(&jobs[0]);
		if (threaded)
			pthread_join(t, NULL);
		else
			write_worker(&jobs[1]);
		for (size_t c = 0; c < nchunks; c++)
			fwrite(bufs[c].p, 1, bufs[c].len, f);
	}
	for (int c = 0; c < WRITE_BATCH; c++)
		free(bufs[c].p);
	free(bufs);
	if (fclose(f))
		return die(out, strerror(errno));
	return 0;
}

static int cmd_report(const char *db, const char *out, int bands, int scan)
{
	double t0 = now(), c0 = cpu();
	struct model md;
	struct agg_wave *aw[NWAVES_MAX] = {NULL};
	long bad = 0;
	int rc = 1;

	if (model_load(&md, db))
		goto out;
	double t_open = now();
	if (aggregate(&md, bands, scan, aw, &bad))
		goto out;
	double t_agg = now();
	if (write_csv(&md, aw, out))
		goto out;
	double t_end = now();
	rc = 0;
	printf("report_bands=%d\nreport_read=%s\nreport_units=%zu\nreport_waves=%d\n"
	       "report_bad_rows=%ld\n", bands, scan ? "store_responses_scan" : "responses_each",
	       md.n, md.nwaves, bad);
	printf("report_open_s=%.3f\nreport_read_agg_s=%.3f\nreport_write_s=%.3f\n", t_open - t0,
	       t_agg - t_open, t_end - t_agg);
	printf("report_s=%.3f\nreport_cpu_s=%.3f\nreport_peak_rss_mib=%.0f\n", t_end - t0,
	       cpu() - c0, peak_rss_mib());
out:
	for (int w = 0; w < md.nwaves; w++)
		agg_free(aw[w]);
	model_release(&md);
	return rc;
}

static int count_one(void *ctx, const struct response *r)
{
	long *n = ctx;
	*n += r->answers[0] != 0;
	return 0;
}

/* store_responses_scan with a callback that does nothing: the store's share of a report. */
static int cmd_scan(const char *db)
{
	struct model md;
	long n = 0;
	int rc = 1;

	if (model_load(&md, db))
		goto out;
	double t0 = now(), c0 = cpu();
	if (store_responses_scan(md.st, md.wave_id, (size_t)md.nwaves, count_one, &n)) {
		die("store_responses_scan", md.st->err.msg);
		goto out;
	}
	printf("scan_s=%.3f\nscan_cpu_s=%.3f\n", now() - t0, cpu() - c0);
	rc = 0;
out:
	model_release(&md);
	return rc;
}

/* ---- a unit page ---- */

/*
 * What a unit page computes for unit u: per wave and scale its figure
 * (n, mean, SD, zone shares), the comparison with the organisation and with
 * the previous wave, the verdicts in words; written into page as text.
 */
static void unit_page(const struct model *md, struct agg_wave **aw, int u, struct buf *page)
{
	int ns = md->ins.nscales;
	int root = md->root;

	buf_reset(page);
	for (int w = 0; w < md->nwaves; w++) {
		for (int s = 0; s < ns; s++) {
			const struct scale *sc = &md->ins.scales[s];
			const struct agg_cell *c = &aw[w]->unit[u].cell[s];
			const struct agg_cell *o = &aw[w]->unit[root].cell[s];
			struct comparison vs_org, vs_prev;
			double z[3];
			for (int k = 0; k < 3; k++)
				z[k] = c->m.n ? (double)c->zone[k] / (double)c->m.n : NAN;
			stats_compare(&c->m, &o->m, sc->higher_is_better, BENCH_MIN_GROUP, &vs_org);
			if (w > 0)
				stats_compare(&c->m, &aw[w - 1]->unit[u].cell[s].m,
					      sc->higher_is_better, BENCH_MIN_GROUP, &vs_prev);
			else
				vs_prev.verdict = VERDICT_NONE;
			buf_printf(page, "%ld %d %ld %.2f %.2f %.0f%% %.0f%% %.0f%% %s %.3f %s\n",
				   md->year[w], s + 1, c->m.n, moments_mean(&c->m),
				   moments_sd(&c->m), 100 * z[0], 100 * z[1], 100 * z[2],
				   verdict_text(vs_org.verdict, LANG_NL),
				   vs_org.verdict == VERDICT_NONE ? NAN : vs_org.p,
				   verdict_text(vs_prev.verdict, LANG_NL));
		}
	}
}

static int cmd_page(const char *db, int reps)
{
	struct model md;
	struct agg_wave *aw[NWAVES_MAX] = {NULL};
	struct buf page = BUF_INIT(MAX_PAGE_BYTES);
	long bad = 0;
	int rc = 1, u = -1, ndep = 0;

	i18n_init();
	if (model_load(&md, db))
		goto out;
	/* a department in the middle of the tree: depth 2 */
	for (size_t i = 0; i < md.n; i++)
		ndep += md.u[i].depth == 2;
	for (size_t i = 0, k = 0; i < md.n; i++) {
		if (md.u[i].depth == 2 && (int)k++ == ndep / 2) {
			u = (int)i;
			break;
		}
	}
	if (u < 0) {
		die("page", "no unit at depth 2");
		goto out;
	}
	/* (a) from the store as it is: every response of every wave, each time */
	int cold_reps = reps < 10 ? reps : 10;
	double t0 = now(), c0 = cpu();
	for (int r = 0; r < cold_reps; r++) {
		for (int w = 0; w < md.nwaves; w++) {
			agg_free(aw[w]);
			aw[w] = NULL;
		}
		if (aggregate(&md, 0, 1, aw, &bad))
			goto out;
		unit_page(&md, aw, u, &page);
	}
	double t_cold = (now() - t0) / cold_reps, c_cold = (cpu() - c0) / cold_reps;
	/* (b) from the figures kept in memory once a wave is closed (the server's report cache) */
	t0 = now();
	c0 = cpu();
	for (int r = 0; r < reps; r++)
		unit_page(&md, aw, u, &page);
	double t_warm = (now() - t0) / reps, c_warm = (cpu() - c0) / reps;
	printf("page_unit=%s\npage_unit_respondents=%ld\npage_bytes=%zu\n", md.u[u].code,
	       aw[md.nwaves - 1]->unit[u].nresp, page.len);
	printf("page_from_store_ms=%.2f\npage_from_store_cpu_ms=%.2f\npage_from_store_reps=%d\n",
	       1000 * t_cold, 1000 * c_cold, cold_reps);
	printf("page_from_memory_ms=%.4f\npage_from_memory_cpu_ms=%.4f\npage_from_memory_reps=%d\n",
	       1000 * t_warm, 1000 * c_warm, reps);
	rc = 0;
out:
	for (int w = 0; w < NWAVES_MAX; w++)
		agg_free(aw[w]);
	buf_release(&page);
	model_release(&md);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	long reps = 0;

	if (!strcmp(cmd, "import") && argc == 5)
		return cmd_import(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "report") && argc >= 4) {
		int bands = 0, scan = 1;
		for (int i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "bands"))
				bands = 1;
			else if (!strcmp(argv[i], "each"))
				scan = 0;
		}
		return cmd_report(argv[2], argv[3], bands, scan);
	}
	if (!strcmp(cmd, "scan") && argc == 3)
		return cmd_scan(argv[2]);
	if (!strcmp(cmd, "page") && argc == 4 && !str_to_long(str_from(argv[3]), 1, 100000, &reps))
		return cmd_page(argv[2], (int)reps);
	fprintf(stderr, "usage: bench_report import DB DATADIR INSTRUMENT\n"
			"       bench_report report DB OUT.csv [bands] [each]\n"
			"       bench_report scan DB\n"
			"       bench_report page DB REPS\n");
	return 2;
}
