/*
 * agg.c: the report engine (agg.h). A response is added once, to the
 * unit its respondent belongs to (direct members); agg_finish then rolls
 * every figure up the tree, children before parents, in O(units x scales)
 * per band value, never per response per ancestor.
 *
 * Locality: responses arrive in any order (the store's are random), so
 * agg_add only computes each scale's (answered items, keyed sum) and keeps
 * a small record; agg_finish sorts the records by unit (counting sort) and
 * adds them unit by unit, touching each unit's accumulators while they
 * are in cache. Whole-wave figures (missing items, alpha) are added at once.
 *
 * Exact sums: a score is sum / cnt with cnt answered items between
 * min_items and the scale's nitems, so mult x score is an integer when
 * mult is the least common multiple of min_items..nitems (12 for scales
 * of 4 items with 3 needed). The engine adds these integers in int64, so
 * every sum is exact and independent of the order of the responses;
 * moments are set from them once, at the end. A lookup table per scale
 * gives, for each (cnt, sum), the integer score, its zone (by
 * scale_zone(), the same rule as the respondent's feedback) and its
 * histogram bin, so the inner loop has no division and no branch on cut
 * points.
 *
 * Memory: the cells of all units are one block (unit[0].cell), and the
 * cells of each band value one block of nunits x nscales (band[d][v].cell
 * for unit 0); agg_free frees them through those pointers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "agg.h"

#define NVALUES_BAND 6 /* age and tenure bands 0 (unknown) .. 5 */
#define MAX_VALUES (AGG_MAX_LABELS + 1)
#define MAX_KEYED_SUM (12 * MAX_ANSWER_POINTS) /* a scale has at most 12 items */
#define REC_BANDS 4                         /* record: int32 unit, then band values */
#define REC_CODES (REC_BANDS + DIM_COUNT + 3) /* then uint16 codes, aligned */

/* What a (cnt, sum) of a scale gives. */
struct lut_entry {
	int32_t v;     /* mult x score */
	uint8_t zone;  /* enum risk_zone (never ZONE_NONE here) */
	uint8_t bin;   /* histogram bin */
};

struct scale_plan {
	int nitems;
	int min_items;
	int points;
	int mult;
	const int *items;        /* borrowed from the instrument */
	uint8_t rev[12];         /* reverse-keyed, per item of the scale */
	int stride;              /* MAX_KEYED_SUM + 1 */
	struct lut_entry *lut;   /* [(nitems + 1) * stride], by cnt then sum */
};

/*
 * What the builder adds per group and scale: one cache line, so that a
 * response touches one line per scale (responses come in random order of
 * units). Turned into struct agg_cell by agg_finish.
 */
struct acc {
	int32_t n;
	int32_t zone[3];
	int32_t hist[AGG_BINS];
	int64_t s, ss;           /* sums of mult x score and its square */
};

/* Accumulators aligned to a cache line; raw is what to free. */
struct acc_block {
	struct acc *acc;         /* [nunits * nscales] */
	void *raw;
};

/* The accumulators of one band value. */
struct band_block {
	struct acc_block a;
	long *nresp;             /* [nunits], NULL until the value is first seen */
};

struct agg_builder {
	const struct instrument *ins;
	int nunits, nscales, nitems;
	int *parent;
	int *order;              /* children before parents */
	struct scale_plan *plan; /* [nscales] */
	int want_drivers, skip_bands, started;

	struct agg_wave *w;      /* the result being filled */
	struct acc_block ua;     /* units, made and filled by agg_finish */

	/*
	 * One record per response: unit, band values and per scale the index
	 * of its (cnt, sum) in the scale's table (0: no score). agg_finish
	 * adds them unit by unit, so that each unit's accumulators are
	 * touched while they are in cache, whatever the order of arrival.
	 */
	uint8_t *rec;
	size_t nrec, caprec, recsize;
	struct band_block bb[DIM_COUNT][MAX_VALUES];
	char *labels[DIM_COUNT][MAX_VALUES];
	int nlabels[DIM_COUNT];

	/* Cronbach's alpha: complete answers of a scale, keyed */
	int64_t *isum, *isq;     /* [nitems] */
	int64_t *an, *ats, *atq; /* [nscales] */

	/* key drivers: 6 sums (n, sx, sy, sxx, syy, sxy) per pair, in mult units */
	int nres, nout;
	int *res, *out;
	int64_t *dunit;          /* [nunits * nres * nout * 6] */
	int64_t *dall;           /* [nscales * nscales * 6] */
	int32_t *vs;             /* [nscales] scratch: this response's mult x score, -1 none */
};

static int gcd(int a, int b)
{
	while (b) {
		int t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Builds the lookup table of scale s. */
static void plan_scale(struct scale_plan *p, const struct instrument *ins, int s)
{
	const struct scale *sc = &ins->scales[s];

	p->nitems = sc->nitems;
	p->min_items = sc->min_items > 0 ? sc->min_items : 1;
	p->points = sc->points;
	if (p->points < 2 && sc->nitems > 0)
		p->points = ins->answer_scales[ins->items[sc->items[0]].answer_scale].points;
	p->items = sc->items;
	p->mult = 1;
	for (int c = p->min_items; c <= p->nitems; c++)
		p->mult = p->mult / gcd(p->mult, c) * c;
	for (int k = 0; k < p->nitems && k < 12; k++)
		p->rev[k] = (uint8_t)(ins->items[sc->items[k]].reverse != 0);
	p->stride = MAX_KEYED_SUM + 1;
	p->lut = xcalloc((size_t)(p->nitems + 1) * p->stride, sizeof(*p->lut));
	for (int c = p->min_items; c <= p->nitems; c++) {
		for (int sum = c; sum <= c * p->points && sum <= MAX_KEYED_SUM; sum++) {
			struct lut_entry *e = &p->lut[c * p->stride + sum];
			int bin = AGG_BINS * (sum - c) / (c * (p->points - 1));
			e->v = (int32_t)(p->mult / c * sum);
			e->zone = (uint8_t)scale_zone(sc, (double)sum / c);
			e->bin = (uint8_t)(bin < AGG_BINS ? bin : AGG_BINS - 1);
		}
	}
}

/*
 * Orders the units children first (by depth, deepest first) into order.
 * Returns 0, or -1 when parent is not one tree: an index out of range, a
 * cycle, or not exactly one root.
 */
static int tree_order(int n, const int *parent, int *order)
{
	int *depth = xmalloc((size_t)n * sizeof(int));
	int *stack = xmalloc((size_t)n * sizeof(int));
	int roots = 0, maxd = 0, rc = 0;

	for (int u = 0; u < n; u++) {
		depth[u] = -1; /* unknown; -2 on the current path */
		if (parent[u] < -1 || parent[u] >= n)
			rc = -1;
		if (parent[u] == -1)
			roots++;
	}
	if (rc || roots != 1)
		goto out;
	for (int u = 0; u < n && !rc; u++) {
		int top = 0, v = u;
		while (v != -1 && depth[v] == -1) {
			depth[v] = -2;
			stack[top++] = v;
			v = parent[v];
		}
		if (v != -1 && depth[v] == -2) {
			rc = -1; /* came back to the path: a cycle */
			break;
		}
		int d = v == -1 ? -1 : depth[v];
		while (top > 0) {
			depth[stack[--top]] = ++d;
			if (d > maxd)
				maxd = d;
		}
	}
	if (rc)
		goto out;
	/* counting sort by depth, deepest first */
	int *count = xcalloc((size_t)maxd + 2, sizeof(int));
	for (int u = 0; u < n; u++)
		count[maxd - depth[u] + 1]++;
	for (int d = 1; d <= maxd + 1; d++)
		count[d] += count[d - 1];
	for (int u = 0; u < n; u++)
		order[count[maxd - depth[u]]++] = u;
	free(count);
out:
	free(depth);
	free(stack);
	return rc || roots != 1 ? -1 : 0;
}

/* Zeroed accumulators for nc cells, on a cache-line boundary. */
static void acc_alloc(struct acc_block *a, size_t nc)
{
	a->raw = xcalloc(nc + 1, sizeof(struct acc));
	uintptr_t p = (uintptr_t)a->raw, line = sizeof(struct acc);
	a->acc = (struct acc *)((p + line - 1) / line * line);
}

static void acc_free(struct acc_block *a)
{
	free(a->raw);
	a->raw = NULL;
	a->acc = NULL;
}

/*
 * Starts a wave for ins (borrowed until agg_finish) and a tree of nunits
 * units given by parent indices (copied). Returns a builder, or NULL when
 * the units do not form one tree (a cycle, no root or several roots, a
 * parent index out of range, no units) or ins has no scales. The builder
 * is consumed by agg_finish.
 */
struct agg_builder *agg_begin(const struct instrument *ins, int nunits, const int *parent)
{
	if (!ins || nunits <= 0 || !parent || ins->nscales <= 0)
		return NULL;
	int *order = xmalloc((size_t)nunits * sizeof(int));
	if (tree_order(nunits, parent, order)) {
		free(order);
		return NULL;
	}
	for (int s = 0; s < ins->nscales; s++) {
		if (ins->scales[s].nitems > 12 || ins->scales[s].nitems < 1) {
			free(order);
			return NULL;
		}
	}
	struct agg_builder *b = xcalloc(1, sizeof(*b));

	b->ins = ins;
	b->nunits = nunits;
	b->nscales = ins->nscales;
	b->nitems = ins->nitems;
	b->order = order;
	b->parent = xmalloc((size_t)nunits * sizeof(int));
	memcpy(b->parent, parent, (size_t)nunits * sizeof(int));
	b->plan = xcalloc((size_t)b->nscales, sizeof(*b->plan));
	for (int s = 0; s < b->nscales; s++)
		plan_scale(&b->plan[s], ins, s);

	b->w = xcalloc(1, sizeof(*b->w));
	b->w->nunits = nunits;
	b->w->nscales = b->nscales;
	b->w->nitems = b->nitems;
	b->w->unit = xcalloc((size_t)nunits, sizeof(*b->w->unit));
	b->w->item_missing = xcalloc((size_t)b->nitems > 0 ? (size_t)b->nitems : 1, sizeof(long));
	b->recsize = (REC_CODES + 2 * (size_t)b->nscales + 3) / 4 * 4;
	b->isum = xcalloc((size_t)b->nitems + 1, sizeof(int64_t));
	b->isq = xcalloc((size_t)b->nitems + 1, sizeof(int64_t));
	b->an = xcalloc((size_t)b->nscales, sizeof(int64_t));
	b->ats = xcalloc((size_t)b->nscales, sizeof(int64_t));
	b->atq = xcalloc((size_t)b->nscales, sizeof(int64_t));
	b->vs = xcalloc((size_t)b->nscales, sizeof(int32_t));
	return b;
}

/*
 * Asks for key drivers in the result; ignored after the first agg_add.
 */
void agg_want_drivers(struct agg_builder *b)
{
	if (b && !b->started)
		b->want_drivers = 1;
}

/*
 * Asks for no breakdown bands; ignored after the first agg_add.
 */
void agg_skip_bands(struct agg_builder *b)
{
	if (b && !b->started)
		b->skip_bands = 1;
}

/*
 * Returns the value of label in dimension d: 0 for NULL or "", the band
 * number for age and tenure ("0".."5"), else the label's index (from 1 in
 * order of first sight). -1 for a 33rd distinct label, a bad age or tenure
 * band, or a bad d. Labels are copied.
 */
int agg_band_value(struct agg_builder *b, enum agg_dim d, const char *label)
{
	if (!b || (unsigned)d >= DIM_COUNT)
		return -1;
	if (!label || !*label)
		return 0;
	if (d == DIM_AGE || d == DIM_TENURE) {
		if (label[0] >= '0' && label[0] < '0' + NVALUES_BAND && label[1] == '\0')
			return label[0] - '0';
		return -1;
	}
	for (int v = 1; v <= b->nlabels[d]; v++) {
		if (strcmp(b->labels[d][v], label) == 0)
			return v;
	}
	if (b->nlabels[d] >= AGG_MAX_LABELS)
		return -1;
	b->labels[d][++b->nlabels[d]] = xstrdup(label);
	return b->nlabels[d];
}

/* The accumulators of value v of dimension d, made on first use. */
static struct band_block *band_block(struct agg_builder *b, int d, int v)
{
	struct band_block *k = &b->bb[d][v];
	if (!k->nresp) {
		acc_alloc(&k->a, (size_t)b->nunits * b->nscales);
		k->nresp = xcalloc((size_t)b->nunits, sizeof(long));
	}
	return k;
}

static void driver_add(int64_t *p, int64_t x, int64_t y)
{
	p[0]++;
	p[1] += x;
	p[2] += y;
	p[3] += x * x;
	p[4] += y * y;
	p[5] += x * y;
}

/* Key drivers of one response, from b->vs. */
static void drivers_add(struct agg_builder *b, int u)
{
	int64_t *du = b->dunit + (size_t)u * b->nres * b->nout * 6;
	for (int i = 0; i < b->nres; i++) {
		int32_t x = b->vs[b->res[i]];
		if (x < 0)
			continue;
		for (int j = 0; j < b->nout; j++) {
			int32_t y = b->vs[b->out[j]];
			if (y >= 0)
				driver_add(du + ((size_t)i * b->nout + j) * 6, x, y);
		}
	}
	for (int s = 0; s < b->nscales; s++) {
		int32_t x = b->vs[s];
		if (x < 0)
			continue;
		for (int t = s + 1; t < b->nscales; t++) {
			int32_t y = b->vs[t];
			if (y >= 0)
				driver_add(b->dall + ((size_t)s * b->nscales + t) * 6, x, y);
		}
	}
}

/* Sets up the driver accumulators at the first response. */
static void drivers_start(struct agg_builder *b)
{
	b->res = xcalloc((size_t)b->nscales, sizeof(int));
	b->out = xcalloc((size_t)b->nscales, sizeof(int));
	for (int s = 0; s < b->nscales; s++) {
		enum scale_kind k = b->ins->scales[s].kind;
		if (k == SCALE_RESOURCE || k == SCALE_NEED)
			b->res[b->nres++] = s;
		else if (k == SCALE_OUTCOME)
			b->out[b->nout++] = s;
	}
	b->dunit = xcalloc((size_t)b->nunits * b->nres * b->nout * 6 + 1, sizeof(int64_t));
	b->dall = xcalloc((size_t)b->nscales * b->nscales * 6, sizeof(int64_t));
}

/*
 * Adds one response of a direct member of unit u. band may be NULL (all
 * unknown); a band value out of range counts as unknown (0). Answers
 * outside 1..points count as missing. A unit index out of range is
 * ignored. Nothing is allocated per response except a band value's
 * accumulators on its first use.
 */
void agg_add(struct agg_builder *b, int u, const int band[DIM_COUNT], const uint8_t *answers)
{
	if (!b || u < 0 || u >= b->nunits || !answers)
		return;
	if (!b->started) {
		b->started = 1;
		if (b->want_drivers)
			drivers_start(b);
	}
	if (b->nrec == b->caprec) {
		b->caprec = b->caprec ? 2 * b->caprec : 4096;
		b->rec = xrealloc(b->rec, b->caprec * b->recsize);
	}
	uint8_t *r = b->rec + b->nrec++ * b->recsize;
	int32_t u32 = u;
	memcpy(r, &u32, sizeof(u32));
	for (int d = 0; d < DIM_COUNT; d++) {
		int v = band ? band[d] : 0;
		int nv = d == DIM_AGE || d == DIM_TENURE ? NVALUES_BAND : b->nlabels[d] + 1;
		r[REC_BANDS + d] = (uint8_t)(v < 0 || v >= nv ? 0 : v);
	}
	b->w->nresp++;

	long *missing = b->w->item_missing;
	for (int s = 0; s < b->nscales; s++) {
		const struct scale_plan *p = &b->plan[s];
		int sum = 0, cnt = 0;
		uint16_t code = 0;
		for (int k = 0; k < p->nitems; k++) {
			int a = answers[p->items[k]];
			if (a < 1 || a > p->points) {
				missing[p->items[k]]++;
				continue;
			}
			sum += p->rev[k] ? p->points + 1 - a : a;
			cnt++;
		}
		if (cnt >= p->min_items)
			code = (uint16_t)(cnt * p->stride + sum);
		memcpy(r + REC_CODES + 2 * s, &code, sizeof(code));
		if (cnt == p->nitems) {
			b->an[s]++;
			b->ats[s] += sum;
			b->atq[s] += (int64_t)sum * sum;
			for (int k = 0; k < p->nitems; k++) {
				int a = answers[p->items[k]];
				int64_t x = p->rev[k] ? p->points + 1 - a : a;
				b->isum[p->items[k]] += x;
				b->isq[p->items[k]] += x * x;
			}
		}
	}
}

/* Adds one record to its unit's (and bands') accumulators and drivers. */
static void rec_add(struct agg_builder *b, const uint8_t *r)
{
	int32_t u;
	memcpy(&u, r, sizeof(u));
	const size_t base = (size_t)u * b->nscales;
	struct acc *ua = b->ua.acc + base;
	struct band_block *blk[DIM_COUNT];
	int nb = 0;

	if (!b->skip_bands) {
		for (int d = 0; d < DIM_COUNT; d++) {
			blk[nb] = band_block(b, d, r[REC_BANDS + d]);
			blk[nb++]->nresp[u]++;
		}
	}
	for (int s = 0; s < b->nscales; s++) {
		uint16_t code;
		memcpy(&code, r + REC_CODES + 2 * s, sizeof(code));
		if (!code) {
			b->vs[s] = -1;
			continue;
		}
		const struct lut_entry *e = &b->plan[s].lut[code];
		int64_t v = e->v;
		struct acc *c = &ua[s];
		c->n++;
		c->zone[e->zone]++;
		c->hist[e->bin]++;
		c->s += v;
		c->ss += v * v;
		for (int i = 0; i < nb; i++) {
			struct acc *bc = &blk[i]->a.acc[base + s];
			bc->n++;
			bc->zone[e->zone]++;
			bc->hist[e->bin]++;
			bc->s += v;
			bc->ss += v * v;
		}
		b->vs[s] = e->v;
	}
	if (b->want_drivers)
		drivers_add(b, u);
}

/*
 * Adds every record, unit by unit (a counting sort by unit), and sets the
 * units' own respondent counts. Frees the records.
 */
static void records_add(struct agg_builder *b)
{
	size_t *start = xcalloc((size_t)b->nunits + 1, sizeof(size_t));
	uint32_t *perm = xmalloc((b->nrec ? b->nrec : 1) * sizeof(uint32_t));
	int32_t u;

	acc_alloc(&b->ua, (size_t)b->nunits * b->nscales);
	for (size_t i = 0; i < b->nrec; i++) {
		memcpy(&u, b->rec + i * b->recsize, sizeof(u));
		start[u + 1]++;
	}
	for (int k = 0; k < b->nunits; k++) {
		b->w->unit[k].nresp = (long)start[k + 1];
		start[k + 1] += start[k];
	}
	for (size_t i = 0; i < b->nrec; i++) {
		memcpy(&u, b->rec + i * b->recsize, sizeof(u));
		perm[start[u]++] = (uint32_t)i;
	}
	for (size_t i = 0; i < b->nrec; i++) {
		if (i + 8 < b->nrec)
			__builtin_prefetch(b->rec + (size_t)perm[i + 8] * b->recsize);
		rec_add(b, b->rec + (size_t)perm[i] * b->recsize);
	}
	free(start);
	free(perm);
	free(b->rec);
	b->rec = NULL;
}

/* Adds the accumulators of a child into its parent, for every scale. */
static void acc_add(struct acc *into, const struct acc *from, int nscales)
{
	for (int s = 0; s < nscales; s++) {
		into[s].n += from[s].n;
		for (int z = 0; z < 3; z++)
			into[s].zone[z] += from[s].zone[z];
		for (int h = 0; h < AGG_BINS; h++)
			into[s].hist[h] += from[s].hist[h];
		into[s].s += from[s].s;
		into[s].ss += from[s].ss;
	}
}

/*
 * Rolls a block of accumulators up the tree (children first), then turns
 * it into cells with moments in score points. Returns the cells
 * ([nunits * nscales], caller frees) and frees the accumulators.
 */
static struct agg_cell *roll_up(const struct agg_builder *b, struct acc_block *blk, long *nresp)
{
	const int ns = b->nscales;
	struct acc *a = blk->acc;
	for (int i = 0; i < b->nunits; i++) {
		int u = b->order[i], p = b->parent[u];
		if (p < 0)
			continue;
		nresp[p] += nresp[u];
		acc_add(a + (size_t)p * ns, a + (size_t)u * ns, ns);
	}
	struct agg_cell *cell = xcalloc((size_t)b->nunits * ns, sizeof(*cell));
	for (size_t i = 0; i < (size_t)b->nunits * ns; i++) {
		const struct acc *x = &a[i];
		double m = b->plan[i % ns].mult;
		cell[i].m.n = x->n;
		cell[i].m.sum = (double)x->s / m;
		cell[i].m.sumsq = (double)x->ss / (m * m);
		for (int z = 0; z < 3; z++)
			cell[i].zone[z] = x->zone[z];
		for (int h = 0; h < AGG_BINS; h++)
			cell[i].hist[h] = x->hist[h];
	}
	acc_free(blk);
	return cell;
}

static void pair_set(struct agg_pair *p, const int64_t *a, double mx, double my)
{
	p->n = (long)a[0];
	p->sx = (double)a[1] / mx;
	p->sy = (double)a[2] / my;
	p->sxx = (double)a[3] / (mx * mx);
	p->syy = (double)a[4] / (my * my);
	p->sxy = (double)a[5] / (mx * my);
}

/* Rolls the drivers up and converts them to score points. */
static struct agg_drivers *drivers_finish(struct agg_builder *b)
{
	struct agg_drivers *dr = xcalloc(1, sizeof(*dr));
	const size_t np = (size_t)b->nres * b->nout;
	const int ns = b->nscales;

	for (int i = 0; i < b->nunits; i++) {
		int u = b->order[i], p = b->parent[u];
		if (p < 0)
			continue;
		int64_t *to = b->dunit + (size_t)p * np * 6, *from = b->dunit + (size_t)u * np * 6;
		for (size_t k = 0; k < np * 6; k++)
			to[k] += from[k];
	}
	dr->nres = b->nres;
	dr->nout = b->nout;
	dr->res = b->res;
	dr->out = b->out;
	b->res = b->out = NULL;
	dr->unit = xcalloc((size_t)b->nunits * np + 1, sizeof(*dr->unit));
	for (int u = 0; u < b->nunits; u++) {
		for (int i = 0; i < dr->nres; i++) {
			for (int j = 0; j < dr->nout; j++) {
				size_t k = ((size_t)u * dr->nres + i) * dr->nout + j;
				pair_set(&dr->unit[k], b->dunit + k * 6, b->plan[dr->res[i]].mult,
					 b->plan[dr->out[j]].mult);
			}
		}
	}
	dr->all = xcalloc((size_t)ns * ns, sizeof(*dr->all));
	for (int s = 0; s < ns; s++) {
		for (int t = s + 1; t < ns; t++) {
			const int64_t *a = b->dall + ((size_t)s * ns + t) * 6;
			int64_t sw[6] = {a[0], a[2], a[1], a[4], a[3], a[5]};
			pair_set(&dr->all[(size_t)s * ns + t], a, b->plan[s].mult, b->plan[t].mult);
			pair_set(&dr->all[(size_t)t * ns + s], sw, b->plan[t].mult, b->plan[s].mult);
		}
	}
	return dr;
}

/* Cronbach's alpha of every scale over the complete answers of the wave. */
static void alpha_finish(struct agg_builder *b)
{
	struct agg_wave *w = b->w;
	w->alpha = xcalloc((size_t)b->nscales, sizeof(double));
	for (int s = 0; s < b->nscales; s++) {
		const struct scale_plan *p = &b->plan[s];
		double n = (double)b->an[s], var[12];
		w->alpha[s] = NAN;
		if (b->an[s] < 2)
			continue;
		for (int k = 0; k < p->nitems; k++) {
			double sx = (double)b->isum[p->items[k]], sxx = (double)b->isq[p->items[k]];
			var[k] = (sxx - sx * sx / n) / (n - 1);
		}
		double ts = (double)b->ats[s], tq = (double)b->atq[s];
		w->alpha[s] = stats_alpha(p->nitems, var, (tq - ts * ts / n) / (n - 1));
	}
}

/* Frees what only the builder uses. */
static void builder_free(struct agg_builder *b)
{
	for (int s = 0; s < b->nscales; s++)
		free(b->plan[s].lut);
	free(b->plan);
	free(b->parent);
	free(b->order);
	acc_free(&b->ua);
	for (int d = 0; d < DIM_COUNT; d++) {
		for (int v = 0; v < MAX_VALUES; v++) {
			acc_free(&b->bb[d][v].a);
			free(b->bb[d][v].nresp);
			free(b->labels[d][v]);
		}
	}
	free(b->isum);
	free(b->isq);
	free(b->an);
	free(b->ats);
	free(b->atq);
	free(b->res);
	free(b->out);
	free(b->dunit);
	free(b->dall);
	free(b->vs);
	free(b->rec);
	free(b);
}

/* Hands the band blocks of dimension d over to the wave as groups. */
static void bands_finish(struct agg_builder *b, int d)
{
	struct agg_wave *w = b->w;
	int nv = d == DIM_AGE || d == DIM_TENURE ? NVALUES_BAND : b->nlabels[d] + 1;

	w->nvalues[d] = nv;
	w->labels[d] = xcalloc((size_t)nv, sizeof(char *));
	w->band[d] = xcalloc((size_t)b->nunits * nv, sizeof(struct agg_group));
	for (int v = 0; v < nv; v++) {
		struct band_block *k = band_block(b, d, v);
		if (d == DIM_AGE || d == DIM_TENURE)
			w->labels[d][v] = v ? xasprintf("%d", v) : xstrdup("");
		else
			w->labels[d][v] = xstrdup(v ? b->labels[d][v] : "");
		struct agg_cell *cell = roll_up(b, &k->a, k->nresp);
		for (int u = 0; u < b->nunits; u++) {
			struct agg_group *g = &w->band[d][(size_t)u * nv + v];
			g->nresp = k->nresp[u];
			g->cell = cell + (size_t)u * b->nscales;
		}
	}
}

/*
 * Rolls every unit's figures up the tree (each unit with all its
 * descendants), sets moments from the exact sums, Cronbach's alpha per
 * scale, and bands and drivers as asked. Frees the builder. Returns the
 * wave (caller frees with agg_free), or NULL for a NULL builder.
 */
struct agg_wave *agg_finish(struct agg_builder *b)
{
	if (!b)
		return NULL;
	struct agg_wave *w = b->w;
	long *nresp = xcalloc((size_t)b->nunits, sizeof(long));

	records_add(b);
	for (int u = 0; u < b->nunits; u++)
		nresp[u] = w->unit[u].nresp;
	struct agg_cell *cell = roll_up(b, &b->ua, nresp);
	for (int u = 0; u < b->nunits; u++) {
		w->unit[u].nresp = nresp[u];
		w->unit[u].cell = cell + (size_t)u * b->nscales;
	}
	free(nresp);
	if (!b->skip_bands) {
		for (int d = 0; d < DIM_COUNT; d++)
			bands_finish(b, d);
	}
	alpha_finish(b);
	if (b->want_drivers) {
		if (!b->started)
			drivers_start(b);
		w->drivers = drivers_finish(b);
	}
	builder_free(b);
	return w;
}

/*
 * Frees a wave and everything in it; NULL is fine.
 */
void agg_free(struct agg_wave *w)
{
	if (!w)
		return;
	if (w->unit)
		free(w->unit[0].cell);
	free(w->unit);
	for (int d = 0; d < DIM_COUNT; d++) {
		int nv = w->nvalues[d];
		if (w->band[d]) {
			for (int v = 0; v < nv; v++)
				free(w->band[d][v].cell); /* unit 0 of value v: the block */
		}
		free(w->band[d]);
		if (w->labels[d]) {
			for (int v = 0; v < nv; v++)
				free(w->labels[d][v]);
		}
		free(w->labels[d]);
	}
	free(w->item_missing);
	free(w->alpha);
	if (w->drivers) {
		free(w->drivers->res);
		free(w->drivers->out);
		free(w->drivers->unit);
		free(w->drivers->all);
		free(w->drivers);
	}
	free(w);
}

/*
 * Returns Pearson's r of a driver pair for unit u (-1: the whole wave, any
 * two scales), with the number of respondents with both scores in *n;
 * NAN (and *n 0) when there is no such figure.
 */
double agg_driver_r(const struct agg_wave *w, int u, int resource_scale, int outcome_scale,
		    long *n)
{
	const struct agg_pair *p = NULL;
	const struct agg_drivers *dr = w ? w->drivers : NULL;

	if (n)
		*n = 0;
	if (!dr || resource_scale < 0 || resource_scale >= w->nscales || outcome_scale < 0 ||
	    outcome_scale >= w->nscales || u < -1 || u >= w->nunits)
		return NAN;
	if (u == -1) {
		if (resource_scale == outcome_scale)
			return NAN;
		p = &dr->all[(size_t)resource_scale * w->nscales + outcome_scale];
	} else {
		int i = -1, j = -1;
		for (int k = 0; k < dr->nres; k++)
			if (dr->res[k] == resource_scale)
				i = k;
		for (int k = 0; k < dr->nout; k++)
			if (dr->out[k] == outcome_scale)
				j = k;
		if (i < 0 || j < 0)
			return NAN;
		p = &dr->unit[((size_t)u * dr->nres + i) * dr->nout + j];
	}
	if (n)
		*n = p->n;
	return stats_pearson(p->n, p->sx, p->sy, p->sxx, p->syy, p->sxy);
}
