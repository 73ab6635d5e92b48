/*
 * demo_absence.c: three years of absence records and HR events for the
 * demo organisation, so that its unit pages show warning lights with a
 * trend.
 *
 * The model, per person and year: a number of spells drawn around a rate
 * that grows with the team's strain (the teams demo.c makes worse show
 * more absence, Team Wilg most of all) and with the person's own
 * frailty; lengths from a mix of one-day, short, medium and a few long
 * spells (some long ones ending in a half-time resumption, some still
 * running); kinds mostly illness, some private accidents, a few work
 * accidents (with their HR event), one maternity leave; part-timers work
 * 50 to 80 %; a few hires and leavers. Ter Linde's strain falls over the
 * three years, as its survey scores improve. Deterministic from the seed
 * and the day the demo is made.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/absence.h"
#include "core/banned.h"
#include "demo.h"
#include "store/store_absence.h"

#define DA_YEARS 3
#define DA_MAX_SPELLS 64

/* Teams demo.c makes clearly worse or better (its strain column), by unit code. */
static const struct {
	const char *code;
	double strain;
} da_teams[] = {
	{"TL-ZA2-W", 1.0}, {"GL-US1-I", 0.6}, {"TZ-NZ-1", 0.45}, {"TL-ZA2-B", 0.3},
	{"GL-NUIT-1", 0.3}, {"TL-NT-1", 0.2}, {"GL-NET-1", 0.2}, {"TZ-VN-K", -0.6},
	{"TL-AD-1", -0.35}, {"TL-TD-1", -0.2}, {"TZ-VZ-K", -0.2}, {"GL-ADM-1", -0.1},
};

struct da_rng {
	uint64_t s;
};

static uint64_t da_next(struct da_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double da_unif(struct da_rng *r)
{
	return (double)(da_next(r) >> 11) / 9007199254740992.0;
}

static double da_gauss(struct da_rng *r)
{
	double u = da_unif(r), v = da_unif(r);
	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static int da_poisson(struct da_rng *r, double lambda)
{
	double l = exp(-lambda), p = 1.0;
	int k = 0;
	do {
		k++;
		p *= da_unif(r);
	} while (p > l && k < 50);
	return k - 1;
}

static uint64_t da_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct da_unit {
	long id;
	const char *code; /* borrowed from the unit list */
};

struct da {
	struct da_unit *units;
	size_t nunits;
	struct absence_row *rec;
	size_t nrec, caprec;
	struct hr_event_row *ev;
	size_t nev, capev;
	uint64_t seed;
	int32_t today, from;
	int maternity_done;
	long people;
};

static void da_add(struct da *d, struct absence_row r)
{
	if (d->nrec == d->caprec) {
		d->caprec = d->caprec ? d->caprec * 2 : 1024;
		d->rec = xrealloc(d->rec, d->caprec * sizeof(*d->rec));
	}
	d->rec[d->nrec++] = r;
}

static void da_event(struct da *d, long emp, int32_t date, int type, int value)
{
	if (d->nev == d->capev) {
		d->capev = d->capev ? d->capev * 2 : 256;
		d->ev = xrealloc(d->ev, d->capev * sizeof(*d->ev));
	}
	d->ev[d->nev++] = (struct hr_event_row){emp, date, type, value};
}

static const char *da_unit_code(const struct da *d, long unit_id)
{
	for (size_t i = 0; i < d->nunits; i++)
		if (d->units[i].id == unit_id)
			return d->units[i].code;
	return "";
}

static double da_team_strain(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(da_teams); i++)
		if (strcmp(da_teams[i].code, code) == 0)
			return da_teams[i].strain;
	/* care and night teams carry more absence than kitchen and office */
	if (strstr(code, "-ZA") || strstr(code, "-US") || strstr(code, "-GZ"))
		return 0.15;
	if (strstr(code, "-AD") || strstr(code, "-ADM") || strstr(code, "-PL"))
		return -0.2;
	return 0;
}

struct da_spell {
	int32_t start, len;
	int kind, pct, cert, open;
};

static int da_cmp_spell(const void *a, const void *b)
{
	const struct da_spell *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* One spell's length in days: mostly short, some medium, a few long. */
static int32_t da_length(struct da_rng *r)
{
	double u = da_unif(r);
	if (u < 0.32)
		return 1;
	if (u < 0.60)
		return 2 + (int32_t)(da_unif(r) * 3);
	if (u < 0.90)
		return 5 + (int32_t)(da_unif(r) * 6);
	if (u < 0.985)
		return 11 + (int32_t)(da_unif(r) * 20);
	return 31 + (int32_t)(da_unif(r) * 60);
}

static int da_person(void *ctx, const struct absence_staff *p)
{
	struct da *d = ctx;
	struct da_rng r = {d->seed ^ da_hash(p->code)};
	struct da_spell sp[DA_MAX_SPELLS];
	const char *code = da_unit_code(d, p->unit_id);
	int tl = strncmp(code, "TL-", 3) == 0;
	double strain = da_team_strain(code);
	double frailty = 0.7 * da_gauss(&r) - 0.25;
	int n = 0;
	int32_t hired = d->from, left = 0;

	d->people++;
	/* working time: part-timers 50 to 80 % */
	if (strcmp(p->contract, "part-time") == 0) {
		static const int fte[] = {50, 60, 75, 80};
		da_event(d, p->id, d->from, HR_FTE, fte[da_next(&r) % 4]);
	}
	/* a few joined during the three years, a few left */
	if (da_unif(&r) < 0.12) {
		hired = d->from + 30 + (int32_t)(da_unif(&r) * (double)(d->today - d->from - 60));
		da_event(d, p->id, hired, HR_HIRE,
			 strcmp(p->contract, "part-time") == 0 ? 80 : 100);
	} else if (da_unif(&r) < 0.08) {
		left = d->from + 200 + (int32_t)(da_unif(&r) * (double)(d->today - d->from - 230));
		da_event(d, p->id, left, HR_LEAVE, 0);
	}
	for (int y = 0; y < DA_YEARS; y++) {
		int32_t ys = d->from + y * 365;
		/* Ter Linde gets better over the years, as its survey scores do */
		double site = tl ? 0.35 - 0.3 * y : 0;
		double lambda = 1.3 * exp(0.75 * strain + frailty + site);
		int k = da_poisson(&r, lambda);
		for (int i = 0; i < k && n < DA_MAX_SPELLS - 2; i++) {
			struct da_spell s = {0};
			double u = da_unif(&r);
			s.start = ys + (int32_t)(da_unif(&r) * 365);
			s.len = da_length(&r);
			s.kind = u < 0.86   ? ABS_ILLNESS
				 : u < 0.96 ? ABS_PRIVATE_ACCIDENT
					    : ABS_OTHER;
			s.pct = 100;
			s.cert = s.len == 1 && da_unif(&r) < 0.7 ? CERT_NONE_DAY1 : CERT_MEDICAL;
			sp[n++] = s;
		}
	}
	/* long absences: some with a half-time resumption, some still running */
	if (da_unif(&r) < 0.008 + 0.05 * (strain > 0.5)) {
		struct da_spell s = {0};
		s.start = d->from + (int32_t)(da_unif(&r) * (double)(d->today - d->from - 100));
		s.len = 120 + (int32_t)(da_unif(&r) * 300);
		s.kind = ABS_ILLNESS;
		s.pct = 100;
		s.cert = CERT_MEDICAL;
		s.open = da_unif(&r) < 0.4;
		sp[n++] = s;
		if (!s.open) {
			struct da_spell h = s;
			h.start = s.start + s.len;
			h.len = 30 + (int32_t)(da_unif(&r) * 60);
			h.pct = 50;
			sp[n++] = h;
		}
	}
	/* one maternity leave, in a care team */
	int32_t mat = 0;
	if (!d->maternity_done && strcmp(code, "TL-ZA1-E") == 0 && hired == d->from && !left &&
	    n < DA_MAX_SPELLS) {
		struct da_spell s = {0};
		s.start = d->today - 240;
		s.len = 105; /* 15 weeks */
		s.kind = ABS_MATERNITY;
		s.pct = 100;
		s.cert = CERT_MEDICAL;
		sp[n++] = s;
		mat = s.start;
		d->maternity_done = 1;
	}
	/* a few work accidents, most with some days off */
	if (da_unif(&r) < 0.015 + 0.02 * (strain > 0.5) && n < DA_MAX_SPELLS) {
		struct da_spell s = {0};
		s.start = d->from + (int32_t)(da_unif(&r) * (double)(d->today - d->from - 40));
		s.len = da_unif(&r) < 0.25 ? 0 : 3 + (int32_t)(da_unif(&r) * 25);
		s.kind = ABS_WORK_ACCIDENT;
		s.pct = 100;
		s.cert = CERT_MEDICAL;
		da_event(d, p->id, s.start, HR_WORK_ACCIDENT, 0);
		if (s.len)
			sp[n++] = s;
	}
	qsort(sp, (size_t)n, sizeof(sp[0]), da_cmp_spell);
	/* keep what fits: employed, in the past, not overlapping the one before */
	int32_t last_end = INT32_MIN / 2;
	for (int i = 0; i < n; i++) {
		struct da_spell *s = &sp[i];
		int32_t end = s->start + s->len - 1;
		int partial = s->pct < 100;
		if (s->start < hired || s->start > d->today || (left && s->start > left))
			continue;
		if (s->start <= last_end)
			continue;
		/* nothing else during the maternity leave, nor starting into it */
		if (mat && s->kind != ABS_MATERNITY && s->start <= mat + 104 && end >= mat)
			continue;
		if (partial && s->start != last_end + 1)
			continue;
		if (left && end > left)
			end = left;
		if (s->open || end >= d->today)
			end = DAY_OPEN;
		da_add(d, (struct absence_row){p->id, s->start, end, s->kind, s->pct, s->cert});
		if (end == DAY_OPEN)
			break;
		last_end = end;
	}
	return 0;
}

/*
 * Adds absence records and HR events for every employee of the store,
 * over the three years up to today (a day number; 0 for today, UTC).
 * Returns 0 or the store's error.
 */
int demo_absence_generate(struct store *st, uint64_t seed, int32_t today)
{
	struct da d = {.seed = seed * 0x2545f4914f6cdd1dULL + 77, .today = today};
	struct unit *u = NULL;
	size_t nu = 0;
	int rc;

	if (today == 0) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		d.today = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	d.from = d.today - DA_YEARS * 365 + 1;
	if ((rc = st->ops->units_list(st, &u, &nu)))
		return rc;
	d.units = xcalloc(nu + 1, sizeof(*d.units));
	for (size_t i = 0; i < nu; i++)
		d.units[i] = (struct da_unit){u[i].id, u[i].code};
	d.nunits = nu;
	rc = st->ops->absence->people_each(st, da_person, &d);
	if (!rc)
		rc = st->ops->absence->events_put(st, d.ev, d.nev, 1, 0, NULL);
	if (!rc)
		rc = st->ops->absence->records_put(st, d.rec, d.nrec, 1, 0, NULL);
	free(d.rec);
	free(d.ev);
	free(d.units);
	units_free(u, nu);
	return rc;
}
