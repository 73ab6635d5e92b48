/*
 * absence_data.c: absence data between the store and the pages and
 * commands: the one import path, the settings as named values, and the
 * suppressed unit figures (see absence.h).
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/absence_data.h"
#include "core/banned.h"
#include "core/i18n.h"
#include "store/store_absence.h"
#include "store/store_absence_followup.h"

/* ---- settings as named values ---- */

static const struct {
	const char *name;
	size_t off;
} int_settings[] = {
	{"relapse_days", offsetof(struct absence_settings, relapse_days)},
	{"short_max_days", offsetof(struct absence_settings, short_max_days)},
	{"medium_max_days", offsetof(struct absence_settings, medium_max_days)},
	{"frequent_spells", offsetof(struct absence_settings, frequent_spells)},
	{"frequent_window_days", offsetof(struct absence_settings, frequent_window_days)},
	{"bradford_window_days", offsetof(struct absence_settings, bradford_window_days)},
	{"bradford_threshold", offsetof(struct absence_settings, bradford_threshold)},
	{"default_fte", offsetof(struct absence_settings, default_fte)},
};

static const struct {
	const char *name;
	size_t off;
} light_int_settings[] = {
	{"min_lit_orange", offsetof(struct light_settings, min_lit_orange)},
	{"min_lit_red", offsetof(struct light_settings, min_lit_red)},
	{"min_red_red", offsetof(struct light_settings, min_red_red)},
};

static const char *const rule_codes[] = {"off", "abs", "prev"};

#define NSETTINGS (2 + ARRAY_SIZE(int_settings) + ARRAY_SIZE(light_int_settings) + 1 + AI_COUNT)
#define LIGHT_PREFIX "light."

static int parse_int(const char *v, int *out)
{
	long n;
	if (str_to_long(str_from(v), -1000000, 1000000, &n))
		return -1;
	*out = (int)n;
	return 0;
}

static int parse_double(const char *v, double *out)
{
	char *end;
	double x;
	if (!*v)
		return -1;
	x = strtod(v, &end);
	if (*end || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

/* "illness,private_accident" -> bits; -1 for an unknown code. */
static int parse_kinds(const char *v, unsigned *out)
{
	unsigned bits = 0;
	const char *p = v;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int found = 0;
		for (int k = 0; k < ABS_KIND_COUNT; k++) {
			const char *c = absence_kind_code((enum absence_kind)k);
			if (strlen(c) == n && memcmp(c, p, n) == 0) {
				bits |= ABS_KIND_BIT(k);
				found = 1;
			}
		}
		if (!found)
			return -1;
		p = e ? e + 1 : p + n;
	}
	*out = bits;
	return 0;
}

static char *kinds_text(unsigned bits)
{
	struct buf b = BUF_INIT(1024);
	for (int k = 0; k < ABS_KIND_COUNT; k++) {
		if (bits & ABS_KIND_BIT(k)) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, absence_kind_code((enum absence_kind)k));
		}
	}
	return buf_detach(&b, NULL);
}

/* "abs,higher,3.5,5" */
static int parse_light(const char *v, struct light_threshold *t)
{
	char rule[8], dir[8];
	double o, r;
	int n = 0;
	struct light_threshold x = {0};

	if (sscanf(v, "%7[a-z],%7[a-z],%lf,%lf%n", rule, dir, &o, &r, &n) != 4 || v[n] ||
	    !isfinite(o) || !isfinite(r))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(rule_codes); i++)
		if (strcmp(rule, rule_codes[i]) == 0)
			x.rule = (unsigned char)(i + 1);
	if (!x.rule || (strcmp(dir, "higher") != 0 && strcmp(dir, "lower") != 0))
		return -1;
	x.rule--;
	x.higher_is_worse = strcmp(dir, "higher") == 0;
	x.orange = o;
	x.red = r;
	*t = x;
	return 0;
}

static char *light_text(const struct light_threshold *t)
{
	return xasprintf("%s,%s,%.10g,%.10g", rule_codes[t->rule < 3 ? t->rule : 0],
			 t->higher_is_worse ? "higher" : "lower", t->orange, t->red);
}

struct load_ctx {
	struct absence_settings *as;
	struct light_settings *ls;
};

static int load_one(void *ctx, const char *name, const char *value)
{
	struct load_ctx *c = ctx;
	int iv;
	double dv;
	unsigned bits;

	for (size_t i = 0; i < ARRAY_SIZE(int_settings); i++) {
		if (strcmp(name, int_settings[i].name) == 0 && parse_int(value, &iv) == 0)
			memcpy((char *)c->as + int_settings[i].off, &iv, sizeof(iv));
	}
	for (size_t i = 0; i < ARRAY_SIZE(light_int_settings); i++) {
		if (strcmp(name, light_int_settings[i].name) == 0 && parse_int(value, &iv) == 0)
			memcpy((char *)c->ls + light_int_settings[i].off, &iv, sizeof(iv));
	}
	if (strcmp(name, "kinds") == 0 && parse_kinds(value, &bits) == 0)
		c->as->kinds = bits;
	if (strcmp(name, "kinds_bradford") == 0 && parse_kinds(value, &bits) == 0)
		c->as->kinds_bradford = bits;
	if (strcmp(name, "trend_tolerance") == 0 && parse_double(value, &dv) == 0)
		c->ls->trend_tolerance = dv;
	if (strncmp(name, LIGHT_PREFIX, strlen(LIGHT_PREFIX)) == 0) {
		int i = absence_indicator_by_code(name + strlen(LIGHT_PREFIX));
		struct light_threshold t;
		if (i >= 0 && i < AI_COUNT && parse_light(value, &t) == 0)
			c->ls->t[i] = t;
	}
	return 0;
}

int absence_settings_load(struct store *st, struct absence_settings *as,
			  struct light_settings *ls)
{
	struct absence_settings a;
	struct light_settings l;
	struct load_ctx c = {&a, &l};
	int rc;

	absence_settings_default(&a);
	light_settings_default(&l);
	rc = st->ops->absence->settings_each(st, load_one, &c);
	if (rc)
		return rc;
	/* a stored set that no longer holds together falls back as a whole */
	if (absence_settings_check(&a))
		absence_settings_default(&a);
	if (light_settings_check(&l))
		light_settings_default(&l);
	*as = a;
	*ls = l;
	return 0;
}

/* Every setting as a name and its value in text; caller frees the values. */
static size_t settings_pairs(const struct absence_settings *as, const struct light_settings *ls,
			     char *names[NSETTINGS], char *values[NSETTINGS])
{
	size_t n = 0;
	int iv;

	names[n] = xstrdup("kinds");
	values[n++] = kinds_text(as->kinds);
	names[n] = xstrdup("kinds_bradford");
	values[n++] = kinds_text(as->kinds_bradford);
	for (size_t i = 0; i < ARRAY_SIZE(int_settings); i++) {
		memcpy(&iv, (const char *)as + int_settings[i].off, sizeof(iv));
		names[n] = xstrdup(int_settings[i].name);
		values[n++] = xasprintf("%d", iv);
	}
	for (size_t i = 0; i < ARRAY_SIZE(light_int_settings); i++) {
		memcpy(&iv, (const char *)ls + light_int_settings[i].off, sizeof(iv));
		names[n] = xstrdup(light_int_settings[i].name);
		values[n++] = xasprintf("%d", iv);
	}
	names[n] = xstrdup("trend_tolerance");
	values[n++] = xasprintf("%.10g", ls->trend_tolerance);
	for (int i = 0; i < AI_COUNT; i++) {
		const char *code = absence_indicator_code((enum absence_ind)i);
		names[n] = xasprintf(LIGHT_PREFIX "%s", code);
		values[n++] = light_text(&ls->t[i]);
	}
	return n;
}

static void pairs_free(char **a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i]);
}

int absence_settings_save(struct store *st, const struct absence_settings *as,
			  const struct light_settings *ls, char **changes, struct diag *d)
{
	char *names[NSETTINGS], *values[NSETTINGS], *dnames[NSETTINGS], *dvalues[NSETTINGS];
	char *onames[NSETTINGS], *ovalues[NSETTINGS];
	const char *put[NSETTINGS];
	struct absence_settings da, oa;
	struct light_settings dl, ol;
	struct buf ch = BUF_INIT(64 * 1024);
	size_t n, dn, on;
	int rc;

	if (changes)
		*changes = NULL;
	if (absence_settings_check(as) || light_settings_check(ls))
		return diag_set(d, 0, "settings out of range");
	rc = absence_settings_load(st, &oa, &ol);
	if (rc) {
		diag_set(d, 0, "%s", st->err.msg);
		return rc;
	}
	absence_settings_default(&da);
	light_settings_default(&dl);
	n = settings_pairs(as, ls, names, values);
	dn = settings_pairs(&da, &dl, dnames, dvalues);
	on = settings_pairs(&oa, &ol, onames, ovalues);
	/* only what differs from the default is stored: new defaults then reach everyone */
	for (size_t i = 0; i < n; i++) {
		put[i] = i < dn && strcmp(values[i], dvalues[i]) == 0 ? NULL : values[i];
		if (i < on && strcmp(values[i], ovalues[i]) != 0)
			buf_printf(&ch, "%s%s: %s -> %s", ch.len ? "; " : "", names[i], ovalues[i],
				   values[i]);
	}
	rc = st->ops->absence->settings_set(st, (const char *const *)names, put, n);
	if (rc)
		diag_set(d, 0, "%s", st->err.msg);
	else if (changes)
		*changes = buf_detach(&ch, NULL);
	buf_release(&ch);
	pairs_free(names, n);
	pairs_free(values, n);
	pairs_free(dnames, dn);
	pairs_free(dvalues, dn);
	pairs_free(onames, on);
	pairs_free(ovalues, on);
	return rc;
}

/* ---- import ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_code(void *ctx, const struct absence_staff *p)
{
	absence_codes_add(ctx, p->code, p->id);
	return 0;
}

/* Whether employee id has a row in t (rows sorted by employee). */
static int table_has(const struct absence_table *t, long id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->rows[mid].employee_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->rows[lo].employee_id == id;
}

struct stored_ctx {
	const struct absence_table *t;
	struct absence_record *rec;
	size_t n, cap;
};

static int collect_stored(void *ctx, const struct absence_row *r)
{
	struct stored_ctx *c = ctx;
	if (!table_has(c->t, r->employee_id))
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->rec = xrealloc(c->rec, c->cap * sizeof(*c->rec));
	}
	c->rec[c->n++] = (struct absence_record){
		.employee_id = r->employee_id,
		.start = r->start,
		.end = r->end,
		.kind = (unsigned char)r->kind,
		.pct = (unsigned char)r->pct,
		.cert = (unsigned char)r->certificate,
	};
	return 0;
}

static int import_records(struct store *st, const char *data, size_t len,
			  enum absence_import_mode mode, struct absence_codes *codes,
			  struct import_report *rep, struct absence_import_result *res,
			  void (*progress)(void *ctx, int step), void *pctx)
{
	struct absence_table t = {0};
	struct stored_ctx sc = {0};
	struct absence_row *rows = NULL;
	double t0 = now_s();
	int rc;

	rc = absence_parse_records(data, len, absence_codes_lookup, codes, &t, rep);
	if (rc)
		goto out;
	if (progress)
		progress(pctx, 1);
	sc.t = &t;
	rc = st->ops->absence->records_each(st, collect_stored, &sc);
	if (rc) {
		import_report_add(rep, 0, T(rep->lang, "the absences could not be saved: %s"),
				  st->err.msg);
		goto out;
	}
	rc = absence_import_check(&t, mode, sc.rec, sc.n, rep);
	if (rc)
		goto out;
	res->parse_s = now_s() - t0;
	if (progress)
		progress(pctx, 2);
	t0 = now_s();
	rows = xmalloc((t.n ? t.n : 1) * sizeof(*rows));
	for (size_t i = 0; i < t.n; i++)
		rows[i] = (struct absence_row){
			.employee_id = t.rows[i].employee_id,
			.start = t.rows[i].start,
			.end = t.rows[i].end,
			.kind = t.rows[i].kind,
			.pct = t.rows[i].pct,
			.certificate = t.rows[i].cert,
		};
	int32_t from = 1, to = 0; /* adding: nothing replaced */
	if (mode == ABS_IMPORT_REPLACE && t.n) {
		from = t.span_from;
		to = t.span_to == DAY_OPEN ? INT32_MAX : t.span_to;
	}
	rc = st->ops->absence->records_put(st, rows, t.n, from, to, &res->replaced);
	if (rc) {
		import_report_add(rep, 0, T(rep->lang, "the absences could not be saved: %s"),
				  st->err.msg);
		goto out;
	}
	res->imported = t.n;
	res->store_s = now_s() - t0;
	if (progress)
		progress(pctx, 3);
out:
	free(rows);
	free(sc.rec);
	absence_table_release(&t);
	return rc;
}

static int import_events(struct store *st, const char *data, size_t len,
			 enum absence_import_mode mode, struct absence_codes *codes,
			 struct import_report *rep, struct absence_import_result *res,
			 void (*progress)(void *ctx, int step), void *pctx)
{
	struct hr_event_table t = {0};
	struct hr_event_row *rows = NULL;
	double t0 = now_s();
	int32_t from = 1, to = 0;
	int rc;

	rc = absence_parse_events(data, len, absence_codes_lookup, codes, &t, rep);
	if (rc)
		goto out;
	res->parse_s = now_s() - t0;
	if (progress) {
		progress(pctx, 1);
		progress(pctx, 2);
	}
	t0 = now_s();
	rows = xmalloc((t.n ? t.n : 1) * sizeof(*rows));
	for (size_t i = 0; i < t.n; i++) {
		rows[i] = (struct hr_event_row){
			.employee_id = t.rows[i].employee_id,
			.date = t.rows[i].date,
			.type = t.rows[i].type,
			.value = t.rows[i].value,
		};
		if (i == 0 || t.rows[i].date < from)
			from = t.rows[i].date;
		if (i == 0 || t.rows[i].date > to)
			to = t.rows[i].date;
	}
	if (mode == ABS_IMPORT_ADD || t.n == 0) {
		from = 1;
		to = 0;
	}
	rc = st->ops->absence->events_put(st, rows, t.n, from, to, &res->replaced);
	if (rc) {
		import_report_add(rep, 0, T(rep->lang, "the HR events could not be saved: %s"),
				  st->err.msg);
		goto out;
	}
	res->imported = t.n;
	res->store_s = now_s() - t0;
	if (progress)
		progress(pctx, 3);
out:
	free(rows);
	hr_event_table_release(&t);
	return rc;
}

int absence_import(struct store *st, const char *data, size_t len, int events,
		   enum absence_import_mode mode, struct import_report *rep,
		   struct absence_import_result *res, void (*progress)(void *ctx, int step),
		   void *pctx)
{
	struct absence_codes codes = {0};
	int rc;

	memset(res, 0, sizeof(*res));
	rc = st->ops->absence->people_each(st, add_code, &codes);
	if (rc) {
		import_report_add(rep, 0, T(rep->lang, "the absences could not be saved: %s"),
				  st->err.msg);
		absence_codes_release(&codes);
		return rc;
	}
	absence_codes_sort(&codes);
	if (events)
		rc = import_events(st, data, len, mode, &codes, rep, res, progress, pctx);
	else
		rc = import_records(st, data, len, mode, &codes, rep, res, progress, pctx);
	absence_codes_release(&codes);
	/*
	 * The presence policy's tasks follow the new records at once (the
	 * import is committed whatever happens here; a failure is caught up
	 * by the next tasks page or command).
	 */
	if (!rc && st->ops->absence_followup)
		followup_refresh(st, (int32_t)(time(NULL) / 86400), NULL);
	return rc;
}

/* ---- periods ---- */

static int32_t quarter_start(int y, int q)
{
	return day_from_ymd(y, 3 * (q - 1) + 1, 1);
}

int absence_period_parse(const char *key, int32_t today, struct absence_period *out)
{
	struct absence_period p = {0};
	int y, q;
	char tail;

	if (!key || !*key || strcmp(key, "12m") == 0) {
		p.to = today;
		p.from = day_add_months(today, -12) + 1;
		p.prev_to = p.from - 1;
		p.prev_from = day_add_months(p.prev_to, -12) + 1;
		snprintf(p.key, sizeof(p.key), "12m");
	} else if (sscanf(key, "%4dq%1d%c", &y, &q, &tail) == 2 && strlen(key) == 6 &&
		   y >= 1950 && y <= 2199 && q >= 1 && q <= 4) {
		p.from = quarter_start(y, q);
		p.to = day_add_months(p.from, 3) - 1;
		p.prev_from = day_add_months(p.from, -3);
		p.prev_to = p.from - 1;
		snprintf(p.key, sizeof(p.key), "%dq%d", y, q);
	} else if (sscanf(key, "%4d%c", &y, &tail) == 1 && strlen(key) == 4 && y >= 1950 &&
		   y <= 2199) {
		p.from = day_from_ymd(y, 1, 1);
		p.to = day_from_ymd(y, 12, 31);
		p.prev_from = day_from_ymd(y - 1, 1, 1);
		p.prev_to = p.from - 1;
		snprintf(p.key, sizeof(p.key), "%d", y);
	} else {
		return -1;
	}
	*out = p;
	return 0;
}

/* ---- the view ---- */

struct staff_ctx {
	const struct id_index *ix;
	size_t nix;
	long *id;
	int *unit;
	size_t n, cap;
};

static int add_staff(void *ctx, const struct absence_staff *p)
{
	struct staff_ctx *c = ctx;
	int u = id_index_find(c->ix, c->nix, p->unit_id);
	if (u < 0)
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->id = xrealloc(c->id, c->cap * sizeof(*c->id));
		c->unit = xrealloc(c->unit, c->cap * sizeof(*c->unit));
	}
	c->id[c->n] = p->id;
	c->unit[c->n++] = u;
	return 0;
}

struct rec_ctx {
	struct absence_record *rec;
	size_t n, cap;
};

static int add_rec(void *ctx, const struct absence_row *r)
{
	struct rec_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->rec = xrealloc(c->rec, c->cap * sizeof(*c->rec));
	}
	c->rec[c->n++] = (struct absence_record){
		.employee_id = r->employee_id,
		.start = r->start,
		.end = r->end,
		.kind = (unsigned char)r->kind,
		.pct = (unsigned char)r->pct,
		.cert = (unsigned char)r->certificate,
	};
	return 0;
}

struct ev_ctx {
	struct hr_event *ev;
	size_t n, cap;
};

static int add_ev(void *ctx, const struct hr_event_row *e)
{
	struct ev_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->ev = xrealloc(c->ev, c->cap * sizeof(*c->ev));
	}
	c->ev[c->n++] = (struct hr_event){
		.employee_id = e->employee_id,
		.date = e->date,
		.type = (unsigned char)e->type,
		.value = (unsigned char)e->value,
	};
	return 0;
}

int absence_view_load(struct store *st, struct absence_view *v)
{
	struct org_settings org;
	struct id_index *ix = NULL;
	struct staff_ctx sc = {0};
	struct rec_ctx rc_ = {0};
	struct ev_ctx ec = {0};
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = st->ops->org_get(st, &org)))
		return rc;
	v->k = org.min_group;
	org_settings_release(&org);
	v->generation = st->ops->absence->generation(st);
	if ((rc = absence_settings_load(st, &v->as, &v->ls)) ||
	    (rc = st->ops->units_list(st, &v->units, &v->nunits)))
		goto fail;
	ix = xcalloc(v->nunits + 1, sizeof(*ix));
	for (size_t i = 0; i < v->nunits; i++)
		ix[i] = (struct id_index){v->units[i].id, (int)i};
	id_index_sort(ix, v->nunits);
	v->parent = xcalloc(v->nunits + 1, sizeof(int));
	v->end = xcalloc(v->nunits + 1, sizeof(int));
	for (size_t i = 0; i < v->nunits; i++)
		v->parent[i] = v->units[i].parent_id ? id_index_find(ix, v->nunits,
								   v->units[i].parent_id)
						     : -1;
	/* pre-order: a subtree runs until the next unit at the same depth or above */
	for (size_t i = 0; i < v->nunits; i++) {
		size_t e = i + 1;
		while (e < v->nunits && v->units[e].depth > v->units[i].depth)
			e++;
		v->end[i] = (int)e;
	}
	sc.ix = ix;
	sc.nix = v->nunits;
	if ((rc = st->ops->absence->people_each(st, add_staff, &sc)))
		goto fail;
	/* employees ordered by unit index, so that a subtree's people are one slice */
	v->off = xcalloc(v->nunits + 2, sizeof(size_t));
	for (size_t i = 0; i < sc.n; i++)
		v->off[sc.unit[i] + 1]++;
	for (size_t u = 0; u < v->nunits; u++)
		v->off[u + 1] += v->off[u];
	v->emp = xcalloc(sc.n + 1, sizeof(long));
	{
		size_t *fill = xcalloc(v->nunits + 1, sizeof(size_t));
		for (size_t i = 0; i < sc.n; i++) {
			int u = sc.unit[i];
			v->emp[v->off[u] + fill[u]++] = sc.id[i];
		}
		free(fill);
	}
	if ((rc = st->ops->absence->records_each(st, add_rec, &rc_)) ||
	    (rc = st->ops->absence->events_each(st, add_ev, &ec)))
		goto fail;
	v->rec = rc_.rec;
	v->nrec = rc_.n;
	v->ev = ec.ev;
	v->nev = ec.n;
	rc_.rec = NULL;
	ec.ev = NULL;
	absence_book_init(&v->book, v->rec, v->nrec, v->ev, v->nev);
	free(ix);
	free(sc.id);
	free(sc.unit);
	return 0;
fail:
	free(ix);
	free(sc.id);
	free(sc.unit);
	free(rc_.rec);
	free(ec.ev);
	absence_view_release(v);
	return rc;
}

void absence_view_release(struct absence_view *v)
{
	absence_book_release(&v->book);
	units_free(v->units, v->nunits);
	free(v->parent);
	free(v->end);
	free(v->emp);
	free(v->off);
	free(v->rec);
	free(v->ev);
	memset(v, 0, sizeof(*v));
}

int absence_view_unit(const struct absence_view *v, long unit_id)
{
	for (size_t i = 0; i < v->nunits; i++)
		if (v->units[i].id == unit_id)
			return (int)i;
	return -1;
}

int absence_figures_compute(const struct absence_view *v, int32_t from, int32_t to,
			    struct absence_figures *out)
{
	size_t n = v->nunits;
	long *heads = xcalloc(n + 1, sizeof(long));
	int rc = 0;

	out->ind = xcalloc(n + 1, sizeof(*out->ind));
	out->show = xcalloc(n + 1, 1);
	for (size_t u = 0; u < n && !rc; u++) {
		size_t a = v->off[u], b = v->off[v->end[u]];
		rc = absence_indicators(&v->book, v->emp + a, b - a, from, to, &v->as,
					&out->ind[u]);
		heads[u] = out->ind[u].headcount;
	}
	if (!rc && n)
		rc = absence_suppress_units((int)n, v->parent, heads, v->k, out->show);
	free(heads);
	if (rc)
		absence_figures_release(out);
	return rc;
}

void absence_figures_release(struct absence_figures *f)
{
	free(f->ind);
	free(f->show);
	f->ind = NULL;
	f->show = NULL;
}

void absence_figures_values(const struct absence_figures *f, int u, double out[AI_COUNT])
{
	for (int i = 0; i < AI_COUNT; i++)
		out[i] = f->show[u] ? absence_indicator_value(&f->ind[u], (enum absence_ind)i)
				    : NAN;
}

/* ---- words and numbers ---- */

void absence_format_value(char *dst, size_t n, enum absence_ind i, double v, enum lang l)
{
	if (!isfinite(v)) {
		snprintf(dst, n, "–");
		return;
	}
	snprintf(dst, n, "%.*f", absence_indicator_decimals(i), v);
	if (l != LANG_EN) {
		char *dot = strchr(dst, '.');
		if (dot)
			*dot = ',';
	}
}

char *absence_threshold_text(const struct light_threshold *t, enum absence_ind i, enum lang l)
{
	char o[32], r[32];

	if (t->rule == LIGHT_OFF)
		return xstrdup(T(l, "no threshold"));
	if (t->rule == LIGHT_VS_PREV) {
		snprintf(o, sizeof(o), "%.0f", t->orange);
		snprintf(r, sizeof(r), "%.0f", t->red);
		return tmpl_fill(t->higher_is_worse
					 ? T(l, "orange from a rise of {1} %, red from {2} % "
						"against the previous period")
					 : T(l, "orange from a fall of {1} %, red from {2} % "
						"against the previous period"),
				 o, r, NULL);
	}
	absence_format_value(o, sizeof(o), i, t->orange, l);
	absence_format_value(r, sizeof(r), i, t->red, l);
	return tmpl_fill(t->higher_is_worse ? T(l, "orange from {1}, red from {2}")
					    : T(l, "orange at {1} or less, red at {2} or less"),
			 o, r, NULL);
}

const char *absence_trend_arrow(enum trend t)
{
	switch (t) {
	case TREND_UP:
		return "↑";
	case TREND_DOWN:
		return "↓";
	case TREND_SAME:
		return "→";
	case TREND_NONE:
		break;
	}
	return "";
}
