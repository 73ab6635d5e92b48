/*
 * report.c: loads the closed waves of an instrument from the store, runs
 * the engine and the suppression once, and answers the views that pages,
 * exports and the API use. Nothing leaves this file that the suppression
 * has not allowed.
 */
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/i18n.h"
#include "report.h"

#define REPORT_BANDS_MAX_UNITS 2000

struct load_ctx {
	struct agg_builder *b;
	const struct id_index *ix;
	size_t nix;
	long skipped; /* responses of units no longer in the tree */
};

static int add_response(void *vctx, const struct response *resp)
{
	struct load_ctx *c = vctx;
	int u = id_index_find(c->ix, c->nix, resp->unit_id);
	if (u < 0) {
		c->skipped++;
		return 0;
	}
	int band[DIM_COUNT];
	band[DIM_AGE] = resp->age_band >= 0 && resp->age_band <= 5 ? resp->age_band : 0;
	band[DIM_TENURE] = resp->tenure_band >= 0 && resp->tenure_band <= 5 ? resp->tenure_band
									      : 0;
	band[DIM_CONTRACT] = agg_band_value(c->b, DIM_CONTRACT, resp->contract);
	band[DIM_SHIFT] = agg_band_value(c->b, DIM_SHIFT, resp->shift);
	band[DIM_FUNCTION] = agg_band_value(c->b, DIM_FUNCTION, resp->function_group);
	for (int d = 0; d < DIM_COUNT; d++)
		if (band[d] < 0)
			band[d] = 0; /* beyond the band limit: counted as unknown */
	agg_add(c->b, u, band, resp->answers);
	return 0;
}

struct comments_ctx {
	const struct id_index *ix;
	size_t nix;
	int question;
	char **text;
	int *unit;
	size_t n;
	long *writers; /* [nunits] direct writers of this question */
};

static int add_comment(void *vctx, long unit_id, int question, const char *text)
{
	struct comments_ctx *c = vctx;
	int u = id_index_find(c->ix, c->nix, unit_id);
	if (u < 0 || !text || !*text)
		return 0;
	if (c->question >= 0) {
		if (question == c->question)
			c->writers[u]++;
		return 0;
	}
	c->text = xrealloc(c->text, (c->n + 1) * sizeof(*c->text));
	c->unit = xrealloc(c->unit, (c->n + 1) * sizeof(*c->unit));
	c->text[c->n] = xstrdup(text);
	c->unit[c->n] = u;
	c->n++;
	return 0;
}

struct named {
	char **names;
	size_t n;
};

static int collect_name(void *vctx, const char *first, const char *last)
{
	struct named *c = vctx;
	const char *both[2] = {first, last};
	for (int i = 0; i < 2; i++) {
		if (!both[i] || strlen(both[i]) < 2)
			continue;
		c->names = xrealloc(c->names, (c->n + 1) * sizeof(*c->names));
		c->names[c->n++] = xstrdup(both[i]);
	}
	return 0;
}

/* Comments of one wave: allowed units, screened texts sorted by unit index. */
static int load_comments(struct store *st, struct report *r, struct report_wave *rw,
			 const struct id_index *ix, const struct named *names)
{
	struct comments_ctx c = {.ix = ix, .nix = r->nunits, .question = -1};
	size_t nu = r->nunits;
	int rc;

	rw->comments_shown = xcalloc(nu ? nu : 1, 1);
	for (size_t u = 0; u < nu; u++)
		rw->comments_shown[u] = 1;
	/* Per open question, the comment rule on the people who answered it. */
	c.writers = xcalloc(nu ? nu : 1, sizeof(long));
	unsigned char *show = xcalloc(nu ? nu : 1, 1);
	long *closure = xcalloc(nu ? nu : 1, sizeof(long));
	for (int q = 0; q < (r->ins.nopen ? r->ins.nopen : 1); q++) {
		memset(c.writers, 0, nu * sizeof(long));
		c.question = q;
		if ((rc = st->ops->comments_each(st, rw->wave.id, add_comment, &c)))
			goto out;
		/* Pre-order: a reverse pass adds each unit into its parent. */
		memcpy(closure, c.writers, nu * sizeof(long));
		for (size_t u = nu; u-- > 0;)
			if (r->parent[u] >= 0)
				closure[r->parent[u]] += closure[u];
		if (suppress_comments((int)nu, r->parent, closure, r->org.comment_min, show)) {
			rc = ERR_INVALID;
			goto out;
		}
		for (size_t u = 0; u < nu; u++)
			rw->comments_shown[u] &= show[u];
	}
	c.question = -1;
	if ((rc = st->ops->comments_each(st, rw->wave.id, add_comment, &c)))
		goto out;
	/* Sort by unit index so that a subtree's comments are one range. */
	size_t *order = xmalloc((c.n ? c.n : 1) * sizeof(*order));
	size_t k = 0;
	for (size_t u = 0; u < nu; u++)
		for (size_t i = 0; i < c.n; i++)
			if ((size_t)c.unit[i] == u)
				order[k++] = i;
	rw->comments = xmalloc((c.n ? c.n : 1) * sizeof(char *));
	rw->comment_unit = xmalloc((c.n ? c.n : 1) * sizeof(int));
	for (size_t i = 0; i < c.n; i++) {
		rw->comments[i] = screen_comment(c.text[order[i]], (const char *const *)names->names,
						 names->n);
		rw->comment_unit[i] = c.unit[order[i]];
	}
	rw->ncomments = c.n;
	free(order);
	rc = 0;
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.text[i]);
	free(c.text);
	free(c.unit);
	free(c.writers);
	free(show);
	free(closure);
	return rc;
}

static int cmp_wave_date(const void *a, const void *b)
{
	const struct report_wave *x = a, *y = b;
	int c = strcmp(x->wave.opens ? x->wave.opens : "", y->wave.opens ? y->wave.opens : "");
	if (c)
		return c;
	return (x->wave.id > y->wave.id) - (x->wave.id < y->wave.id);
}

int report_load(struct store *st, long instrument_id, struct report *r, struct diag *d)
{
	struct wave *waves = NULL;
	size_t nw = 0;
	struct id_index *ix = NULL;
	struct named names = {0};
	char *src = NULL;
	size_t srclen;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = st->ops->org_get(st, &r->org)))
		goto store_err;
	if ((rc = st->ops->units_list(st, &r->units, &r->nunits)))
		goto store_err;
	if ((rc = st->ops->wave_list(st, &waves, &nw)))
		goto store_err;
	/* wave_list gives the newest first. */
	for (size_t i = 0; i < nw && instrument_id == 0; i++)
		if (waves[i].status == WAVE_CLOSED)
			instrument_id = waves[i].instrument_id;
	if (instrument_id == 0 || r->nunits == 0) {
		rc = ERR_NOT_FOUND;
		diag_set(d, 0, "there is no closed survey wave yet");
		goto out;
	}
	if ((rc = st->ops->instrument_source(st, instrument_id, &src, &srclen)))
		goto store_err;
	if ((rc = instrument_parse(&r->ins, "stored instrument", src, srclen, d)))
		goto out;

	/* The norm was checked when it was loaded; a file that no longer
	 * parses (an instrument without its scales, say) is simply not used. */
	char *nname = NULL, *nsrc = NULL;
	size_t nlen;
	if (st->ops->norm_get(st, &nname, &nsrc, &nlen) == 0) {
		struct diag nd;
		if (norm_parse(&r->norm, nname, nsrc, nlen, LANG_EN, &nd))
			memset(&r->norm, 0, sizeof(r->norm));
	}
	free(nname);
	free(nsrc);

	r->parent = xmalloc(r->nunits * sizeof(int));
	ix = xmalloc(r->nunits * sizeof(*ix));
	for (size_t i = 0; i < r->nunits; i++) {
		ix[i].id = r->units[i].id;
		ix[i].index = (int)i;
	}
	id_index_sort(ix, r->nunits);
	for (size_t i = 0; i < r->nunits; i++)
		r->parent[i] = r->units[i].parent_id ? id_index_find(ix, r->nunits, r->units[i].parent_id)
						     : -1;
	if (st->ops->employee_names)
		st->ops->employee_names(st, collect_name, &names);

	for (size_t i = 0; i < nw; i++) {
		if (waves[i].status != WAVE_CLOSED || waves[i].instrument_id != instrument_id)
			continue;
		r->waves = xrealloc(r->waves, (r->nwaves + 1) * sizeof(*r->waves));
		struct report_wave *rw = &r->waves[r->nwaves];
		memset(rw, 0, sizeof(*rw));
		rw->wave = waves[i];
		memset(&waves[i], 0, sizeof(waves[i])); /* ownership moves */
		r->nwaves++;
		struct load_ctx lc = {.ix = ix, .nix = r->nunits};
		lc.b = agg_begin(&r->ins, (int)r->nunits, r->parent);
		if (!lc.b) {
			rc = diag_set(d, 0, "the unit tree is not a tree");
			goto out;
		}
		agg_want_drivers(lc.b);
		/*
		 * Breakdown bands keep a cell per unit, band value and scale: for
		 * a very large tree that is gigabytes. Above REPORT_BANDS_MAX_UNITS
		 * units, bands are left out (docs/reports.md).
		 */
		if (r->nunits > REPORT_BANDS_MAX_UNITS)
			agg_skip_bands(lc.b);
		rc = st->ops->responses_each(st, rw->wave.id, add_response, &lc);
		rw->agg = agg_finish(lc.b);
		if (rc)
			goto store_err;
		if ((rc = suppress_wave(rw->agg, r->parent, r->org.min_group, &rw->shown))) {
			diag_set(d, 0, "the minimum group size %d is not allowed", r->org.min_group);
			goto out;
		}
		if ((rc = load_comments(st, r, rw, ix, &names)))
			goto store_err;
	}
	if (r->nwaves == 0) {
		rc = ERR_NOT_FOUND;
		diag_set(d, 0, "there is no closed survey wave yet");
		goto out;
	}
	qsort(r->waves, r->nwaves, sizeof(*r->waves), cmp_wave_date);
	rc = 0;
	goto out;
store_err:
	diag_set(d, 0, "%s", st->err.msg);
out:
	for (size_t i = 0; i < names.n; i++)
		free(names.names[i]);
	free(names.names);
	r->ix = ix;
	free(src);
	waves_free(waves, nw);
	if (rc)
		report_release(r);
	return rc;
}

void report_release(struct report *r)
{
	for (size_t w = 0; w < r->nwaves; w++) {
		struct report_wave *rw = &r->waves[w];
		wave_release(&rw->wave);
		if (rw->agg)
			agg_free(rw->agg);
		shown_release(&rw->shown);
		free(rw->comments_shown);
		for (size_t i = 0; i < rw->ncomments; i++)
			free(rw->comments[i]);
		free(rw->comments);
		free(rw->comment_unit);
	}
	free(r->waves);
	instrument_release(&r->ins);
	org_settings_release(&r->org);
	units_free(r->units, r->nunits);
	free(r->parent);
	free(r->ix);
	norm_release(&r->norm);
	memset(r, 0, sizeof(*r));
}

int report_unit_index(const struct report *r, long unit_id)
{
	return r->ix ? id_index_find(r->ix, r->nunits, unit_id) : -1;
}

static void fill(const struct report *r, int s, const struct agg_cell *c, int shown,
		 struct figure *f)
{
	memset(f, 0, sizeof(*f));
	f->mean = f->sd = NAN;
	f->zone = ZONE_NONE;
	if (!shown || c->m.n <= 0)
		return;
	f->shown = 1;
	f->n = c->m.n;
	f->mean = moments_mean(&c->m);
	f->sd = moments_sd(&c->m);
	for (int z = 0; z < 3; z++)
		f->zone_share[z] = (double)c->zone[z] / (double)c->m.n;
	memcpy(f->hist, c->hist, sizeof(f->hist));
	f->zone = scale_zone(&r->ins.scales[s], f->mean);
}

void report_figure(const struct report *r, size_t w, int u, int s, struct figure *f)
{
	const struct report_wave *rw = &r->waves[w];
	size_t i = (size_t)u * (size_t)r->ins.nscales + (size_t)s;
	fill(r, s, &rw->agg->unit[u].cell[s], rw->shown.unit[i], f);
}

void report_band_figure(const struct report *r, size_t w, int u, enum agg_dim d, int v, int s,
			struct figure *f)
{
	const struct report_wave *rw = &r->waves[w];
	int nv = rw->agg->nvalues[d];
	if (v < 0 || v >= nv) {
		fill(r, s, NULL, 0, f);
		return;
	}
	size_t g = (size_t)u * (size_t)nv + (size_t)v;
	size_t i = g * (size_t)r->ins.nscales + (size_t)s;
	fill(r, s, &rw->agg->band[d][g].cell[s], rw->shown.band[d][i], f);
}

long report_respondents(const struct report *r, size_t w, int u)
{
	const struct report_wave *rw = &r->waves[w];
	return rw->shown.unit_resp[u] ? rw->agg->unit[u].nresp : -1;
}

static void no_comparison(struct comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->diff = c->d = c->t = c->df = c->p = NAN;
	c->verdict = VERDICT_NONE;
}

void report_scale_view(const struct report *r, size_t w, int u, int s, struct scale_view *v)
{
	const struct scale *sc = &r->ins.scales[s];
	long k = r->org.min_group;
	memset(v, 0, sizeof(*v));
	report_figure(r, w, u, s, &v->f);
	no_comparison(&v->vs_org);
	no_comparison(&v->vs_norm);
	no_comparison(&v->vs_prev);
	if (!v->f.shown)
		return;
	const struct moments *m = &r->waves[w].agg->unit[u].cell[s].m;
	int root = -1;
	for (size_t i = 0; i < r->nunits && root < 0; i++)
		if (r->parent[i] < 0)
			root = (int)i;
	struct figure org;
	if (root >= 0 && root != u) {
		report_figure(r, w, root, s, &org);
		if (org.shown)
			stats_compare(m, &r->waves[w].agg->unit[root].cell[s].m, sc->higher_is_better,
				      k, &v->vs_org);
	}
	for (size_t i = 0; i < r->norm.n; i++)
		if (strcmp(r->norm.s[i].scale, sc->id) == 0)
			stats_compare_norm(m, r->norm.s[i].mean, r->norm.s[i].sd, r->norm.s[i].n,
					   sc->higher_is_better, k, &v->vs_norm);
	if (w > 0) {
		struct figure prev;
		report_figure(r, w - 1, u, s, &prev);
		if (prev.shown) {
			v->has_prev = 1;
			stats_compare(m, &r->waves[w - 1].agg->unit[u].cell[s].m,
				      sc->higher_is_better, k, &v->vs_prev);
		}
	}
}

static int worse(enum verdict v)
{
	return v == VERDICT_CLEARLY_WORSE ? 2 : v == VERDICT_WORSE ? 1 : 0;
}

static int better(enum verdict v)
{
	return v == VERDICT_CLEARLY_BETTER ? 2 : v == VERDICT_BETTER ? 1 : 0;
}

struct candidate {
	struct point p;
	int weight;
};

static int cmp_points(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->weight != y->weight)
		return y->weight - x->weight;
	return x->p.scale - y->p.scale;
}

size_t report_points(const struct report *r, size_t w, int u, struct point *out, size_t max)
{
	struct candidate cand[MAX_SCALES * 2];
	size_t n = 0;

	/*
	 * The rule (docs/reports.md): an attention point is a scale in the red
	 * zone, or in the orange zone and worse than the organisation or than
	 * last time; a strength is a scale in the green zone that is better than
	 * the organisation or than last time, or, for the organisation itself,
	 * any green scale. Weight: zone (red 2, orange 1) plus how much worse
	 * (clearly 2, somewhat 1) against each reference; the heaviest first.
	 */
	for (int s = 0; s < r->ins.nscales; s++) {
		struct scale_view v;
		report_scale_view(r, w, u, s, &v);
		if (!v.f.shown)
			continue;
		int wo = worse(v.vs_org.verdict) + worse(v.vs_prev.verdict) +
			 worse(v.vs_norm.verdict);
		int be = better(v.vs_org.verdict) + better(v.vs_prev.verdict) +
			 better(v.vs_norm.verdict);
		if (v.f.zone == ZONE_RED || (v.f.zone == ZONE_ORANGE && wo > 0)) {
			cand[n].p.scale = s;
			cand[n].p.kind = POINT_ATTENTION;
			cand[n].weight = (v.f.zone == ZONE_RED ? 2 : 1) + wo;
			if (worse(v.vs_prev.verdict))
				cand[n].p.reason = N_("worse than last time");
			else if (worse(v.vs_org.verdict))
				cand[n].p.reason = N_("worse than the organisation");
			else if (worse(v.vs_norm.verdict))
				cand[n].p.reason = N_("worse than the benchmark");
			else
				cand[n].p.reason = N_("in the red zone");
			n++;
		} else if (v.f.zone == ZONE_GREEN &&
			   (be > 0 || r->parent[u] < 0)) {
			cand[n].p.scale = s;
			cand[n].p.kind = POINT_STRENGTH;
			cand[n].weight = be + 1;
			if (better(v.vs_prev.verdict))
				cand[n].p.reason = N_("better than last time");
			else if (better(v.vs_org.verdict))
				cand[n].p.reason = N_("better than the organisation");
			else if (better(v.vs_norm.verdict))
				cand[n].p.reason = N_("better than the benchmark");
			else
				cand[n].p.reason = N_("in the green zone");
			n++;
		}
	}
	qsort(cand, n, sizeof(cand[0]), cmp_points);
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++)
		out[k++] = cand[i].p;
	return k;
}

size_t report_comments(const struct report *r, size_t w, int u, const char ***out)
{
	const struct report_wave *rw = &r->waves[w];
	*out = NULL;
	if (!rw->comments_shown[u])
		return 0;
	/* The subtree of u is the pre-order range [u, end). */
	int end = u + 1;
	while ((size_t)end < r->nunits && r->units[end].depth > r->units[u].depth)
		end++;
	size_t n = 0;
	for (size_t i = 0; i < rw->ncomments; i++)
		n += rw->comment_unit[i] >= u && rw->comment_unit[i] < end;
	if (n == 0)
		return 0;
	const char **a = xmalloc(n * sizeof(*a));
	size_t k = 0;
	for (size_t i = 0; i < rw->ncomments; i++)
		if (rw->comment_unit[i] >= u && rw->comment_unit[i] < end)
			a[k++] = rw->comments[i];
	for (size_t i = n - 1; i > 0; i--) { /* Fisher–Yates with a CSPRNG */
		size_t j = randombytes_uniform((uint32_t)(i + 1));
		const char *t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	*out = a;
	return n;
}

int norm_parse(struct norm *nm, const char *name, const char *data, size_t len, enum lang lang,
	       struct diag *d)
{
	struct csv_reader cr;
	struct csv_row row;
	int col[4] = {-1, -1, -1, -1}; /* scale, mean, sd, n */
	static const char *const names[4] = {"scale", "mean", "sd", "n"};
	int rc;

	memset(nm, 0, sizeof(*nm));
	if ((rc = csv_open(&cr, data, len, lang, d)))
		return rc;
	if ((rc = csv_next(&cr, &row, d)) != 1) {
		csv_release(&cr);
		return rc < 0 ? rc : diag_set(d, 1, T(lang, "the norm file is empty"));
	}
	for (size_t i = 0; i < row.n; i++)
		for (int k = 0; k < 4; k++)
			if (str_eq_lit(str_trim(row.f[i]), names[k]))
				col[k] = (int)i;
	if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
		csv_release(&cr);
		return diag_set(d, row.line, T(lang, "the norm file needs the columns scale, mean "
						     "and sd"));
	}
	nm->name = xstrdup(name ? name : "norm");
	while ((rc = csv_next(&cr, &row, d)) == 1) {
		char buf[64];
		double v[3] = {0, 0, 0};
		long n = 0;
		for (int k = 1; k < 3; k++) {
			if ((size_t)col[k] >= row.n || row.f[col[k]].len >= sizeof(buf))
				goto bad;
			memcpy(buf, row.f[col[k]].p, row.f[col[k]].len);
			buf[row.f[col[k]].len] = '\0';
			for (char *p = buf; *p; p++)
				if (*p == ',')
					*p = '.';
			char *end;
			v[k] = strtod(buf, &end);
			if (end == buf || *end || !isfinite(v[k]))
				goto bad;
		}
		if (v[2] <= 0)
			goto bad;
		if (col[3] >= 0 && (size_t)col[3] < row.n && row.f[col[3]].len &&
		    str_to_long(str_trim(row.f[col[3]]), 0, 100000000, &n))
			goto bad;
		if ((size_t)col[0] >= row.n || row.f[col[0]].len == 0)
			goto bad;
		nm->s = xrealloc(nm->s, (nm->n + 1) * sizeof(*nm->s));
		nm->s[nm->n].scale = xstrndup(row.f[col[0]].p, row.f[col[0]].len);
		nm->s[nm->n].mean = v[1];
		nm->s[nm->n].sd = v[2];
		nm->s[nm->n].n = n;
		nm->n++;
		continue;
bad:
		csv_release(&cr);
		norm_release(nm);
		return diag_set(d, row.line, T(lang, "this row needs a scale id, a mean, a positive "
						     "sd and optionally a whole number n"));
	}
	csv_release(&cr);
	if (rc < 0) {
		norm_release(nm);
		return rc;
	}
	return 0;
}

void norm_release(struct norm *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->s[i].scale);
	free(nm->s);
	free(nm->name);
	memset(nm, 0, sizeof(*nm));
}
