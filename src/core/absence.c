/*
 * absence.c: dates, spells and the absence indicators (absence.h). The
 * formulas and their edge cases are written out in docs/absences.md; the
 * comments here say how, and why where it is not obvious.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "absence.h"
#include "i18n.h"
#include "suppress.h"

/* ---- dates (Howard Hinnant's days_from_civil / civil_from_days) ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int32_t day_from_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return INT32_MIN;
	long yy = m <= 2 ? y - 1 : y;
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long mp = m > 2 ? m - 3 : m + 9;
	long doy = (153 * mp + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	long z = (long)day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

/* Reads n digits at p into *v. Returns 0 or -1. */
static int digits(const char *p, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

static int day_in_range(int y, int m, int d, int32_t *out)
{
	int32_t day = day_from_ymd(y, m, d);
	if (day == INT32_MIN || day < DAY_MIN || day > DAY_MAX)
		return -1;
	*out = day;
	return 0;
}

int day_parse(struct str s, int32_t *out)
{
	int y, m, d;
	if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
		return -1;
	if (digits(s.p, 4, &y) || digits(s.p + 5, 2, &m) || digits(s.p + 8, 2, &d))
		return -1;
	return day_in_range(y, m, d, out);
}

int day_parse_dmy(struct str s, int32_t *out)
{
	int part[3];
	size_t i = 0;
	char sep = 0;

	for (int k = 0; k < 3; k++) {
		size_t st = i;
		while (i < s.len && s.p[i] >= '0' && s.p[i] <= '9')
			i++;
		size_t n = i - st;
		if (n == 0 || n > (k == 2 ? 4u : 2u) || (k == 2 && n != 4))
			return -1;
		digits(s.p + st, n, &part[k]);
		if (k < 2) {
			if (i >= s.len || (s.p[i] != '/' && s.p[i] != '.' && s.p[i] != '-'))
				return -1;
			if (k == 0)
				sep = s.p[i];
			else if (s.p[i] != sep)
				return -1;
			i++;
		}
	}
	if (i != s.len)
		return -1;
	return day_in_range(part[2], part[1], part[0], out);
}

void day_format(int32_t day, char out[11])
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int32_t day_add_months(int32_t day, int n)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	long mm = (long)y * 12 + (m - 1) + n;
	y = (int)(mm >= 0 ? mm / 12 : (mm - 11) / 12);
	m = (int)(mm - (long)y * 12) + 1;
	if (y < 1 || y > 9999)
		return day;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	return day_from_ymd(y, m, d);
}

/* ---- records ---- */

int absence_kind_in(unsigned kinds, unsigned kind)
{
	return kind < ABS_KIND_COUNT && (kinds & ABS_KIND_BIT(kind));
}

/* The last day of a record, with a running record reaching to the end of time. */
static int32_t end_of(int32_t end)
{
	return end == DAY_OPEN ? INT32_MAX : end;
}

static int rec_cmp(const void *pa, const void *pb)
{
	const struct absence_record *a = pa, *b = pb;
	if (a->employee_id != b->employee_id)
		return a->employee_id < b->employee_id ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	int32_t ea = end_of(a->end), eb = end_of(b->end);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/*
 * Payroll exports and the store usually hand records over in order
 * already: one linear check saves the sort (and the second sort of the
 * import followed by absence_book_init).
 */
void absence_sort_records(struct absence_record *rec, size_t n)
{
	size_t i = 1;
	while (i < n && rec_cmp(&rec[i - 1], &rec[i]) <= 0)
		i++;
	if (i < n)
		qsort(rec, n, sizeof(*rec), rec_cmp);
}

static int ev_cmp(const void *pa, const void *pb)
{
	const struct hr_event *a = pa, *b = pb;
	if (a->employee_id != b->employee_id)
		return a->employee_id < b->employee_id ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

void hr_sort_events(struct hr_event *ev, size_t n)
{
	size_t i = 1;
	while (i < n && ev_cmp(&ev[i - 1], &ev[i]) <= 0)
		i++;
	if (i < n)
		qsort(ev, n, sizeof(*ev), ev_cmp);
}

size_t absence_overlaps(const struct absence_record *rec, size_t n,
			void (*cb)(void *ctx, const struct absence_record *a,
				   const struct absence_record *b),
			void *ctx)
{
	size_t pairs = 0;
	size_t far = 0; /* the record of this employee reaching furthest so far */

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || rec[i].employee_id != rec[i - 1].employee_id) {
			far = i;
			continue;
		}
		if (rec[i].start <= end_of(rec[far].end)) {
			pairs++;
			if (cb)
				cb(ctx, &rec[far], &rec[i]);
		}
		if (end_of(rec[i].end) > end_of(rec[far].end))
			far = i;
	}
	return pairs;
}

struct first_pair {
	const struct absence_record *a, *b;
};

static void take_first(void *ctx, const struct absence_record *a, const struct absence_record *b)
{
	struct first_pair *f = ctx;
	if (!f->a) {
		f->a = a;
		f->b = b;
	}
}

int absence_check_overlap(const struct absence_record *rec, size_t n, size_t *a, size_t *b)
{
	struct first_pair f = {NULL, NULL};
	if (!absence_overlaps(rec, n, take_first, &f))
		return 0;
	*a = (size_t)(f.a - rec);
	*b = (size_t)(f.b - rec);
	return 1;
}

/* ---- settings ---- */

void absence_settings_default(struct absence_settings *s)
{
	s->kinds = ABS_KINDS_SICKNESS;
	s->kinds_bradford = ABS_KINDS_SICKNESS;
	s->relapse_days = 14;
	s->short_max_days = 30;
	s->medium_max_days = 365;
	s->frequent_spells = 3;
	s->frequent_window_days = 365;
	s->bradford_window_days = 364;
	s->bradford_threshold = 100;
	s->default_fte = 100;
}

int absence_settings_check(const struct absence_settings *s)
{
	if ((s->kinds & ~ABS_KINDS_ALL) || (s->kinds_bradford & ~ABS_KINDS_ALL))
		return ERR_INVALID;
	if (s->relapse_days < 0 || s->relapse_days > 3660)
		return ERR_INVALID;
	if (s->short_max_days < 1 || s->medium_max_days <= s->short_max_days ||
	    s->medium_max_days > 3660)
		return ERR_INVALID;
	if (s->frequent_spells < 1 || s->frequent_spells > 1000)
		return ERR_INVALID;
	if (s->frequent_window_days < 7 || s->frequent_window_days > 3660 ||
	    s->bradford_window_days < 7 || s->bradford_window_days > 3660)
		return ERR_INVALID;
	if (s->bradford_threshold < 0 || s->bradford_threshold > 100000000)
		return ERR_INVALID;
	if (s->default_fte < 1 || s->default_fte > 100)
		return ERR_INVALID;
	return 0;
}

/* ---- spells ---- */

/* Days of [a, b] (empty when b < a), in a type that does not overflow. */
static long span(int32_t a, int32_t b)
{
	return b < a ? 0 : (long)b - (long)a + 1;
}

/*
 * The spells of one employee's records; also, when spell_of is non-NULL,
 * the spell of each record (-1 for records left out). A record joins the
 * current spell when it starts at most relapse_days after the furthest
 * day reached so far. Records starting after asof have not happened yet.
 */
static size_t build_spells(const struct absence_record *rec, size_t n, unsigned kinds,
			   int relapse_days, int32_t asof, struct absence_spell *out,
			   long *spell_of)
{
	size_t ns = 0;
	int32_t reach = 0; /* furthest end (end_of) of the current spell */

	for (size_t i = 0; i < n; i++) {
		const struct absence_record *r = &rec[i];
		if (spell_of)
			spell_of[i] = -1;
		if (!absence_kind_in(kinds, r->kind) || r->start > asof)
			continue;
		int32_t e = end_of(r->end);
		int32_t last = e < asof ? e : asof; /* last day that counts */
		struct absence_spell *s;
		if (ns > 0 && (long)r->start <= (long)reach + relapse_days + 1) {
			s = &out[ns - 1];
			int32_t first = r->start;
			int32_t covered = reach < asof ? reach : asof;
			if (first <= covered)
				first = covered + 1;
			long d = span(first, last);
			s->days += (int32_t)d;
			s->wdays += (double)d * r->pct / 100.0;
			if (e > reach) {
				reach = e;
				s->end = r->end;
			}
		} else {
			s = &out[ns++];
			s->start = r->start;
			s->end = r->end;
			long d = span(r->start, last);
			s->days = (int32_t)d;
			s->wdays = (double)d * r->pct / 100.0;
			s->kinds = 0;
			reach = e;
		}
		s->kinds |= ABS_KIND_BIT(r->kind);
		if (spell_of)
			spell_of[i] = (long)ns - 1;
	}
	return ns;
}

size_t absence_spells(const struct absence_record *rec, size_t n, unsigned kinds,
		      int relapse_days, int32_t asof, struct absence_spell *out)
{
	return build_spells(rec, n, kinds, relapse_days, asof, out, NULL);
}

double absence_bradford(long s, double d)
{
	return (double)s * (double)s * d;
}

/* ---- the book ---- */

int absence_book_init(struct absence_book *b, struct absence_record *rec, size_t nrec,
		      struct hr_event *ev, size_t nev)
{
	absence_sort_records(rec, nrec);
	hr_sort_events(ev, nev);
	b->rec = rec;
	b->nrec = nrec;
	b->ev = ev;
	b->nev = nev;
	b->emp = xmalloc((nrec + nev + 1) * sizeof(*b->emp));
	b->nemp = 0;

	size_t i = 0, j = 0;
	while (i < nrec || j < nev) {
		long id;
		if (j >= nev || (i < nrec && rec[i].employee_id <= ev[j].employee_id))
			id = rec[i].employee_id;
		else
			id = ev[j].employee_id;
		struct absence_emp *e = &b->emp[b->nemp++];
		e->employee_id = id;
		e->rec_off = i;
		while (i < nrec && rec[i].employee_id == id)
			i++;
		e->rec_n = i - e->rec_off;
		e->ev_off = j;
		while (j < nev && ev[j].employee_id == id)
			j++;
		e->ev_n = j - e->ev_off;
	}
	return 0;
}

void absence_book_release(struct absence_book *b)
{
	free(b->emp);
	b->emp = NULL;
	b->nemp = 0;
}

const struct absence_emp *absence_book_find(const struct absence_book *b, long employee_id)
{
	size_t lo = 0, hi = b->nemp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->emp[mid].employee_id < employee_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->nemp && b->emp[lo].employee_id == employee_id)
		return &b->emp[lo];
	return NULL;
}

/* ---- indicators ---- */

/* A stretch of employment at one FTE. */
struct seg {
	int32_t from, to;
	int fte;
};

/*
 * The employment of one employee within [from, to] as stretches at one
 * FTE, from the events in date order. Before the first hire or leave an
 * employee is employed if that first event is a leave, or if there is
 * none; the FTE is default_fte until a hire or FTE event sets one. A
 * leave's date is the last day employed. Returns the number of stretches
 * (at most 2 x nev + 1, the size of segs).
 */
static size_t employment(const struct hr_event *ev, size_t nev, int32_t from, int32_t to,
			 int default_fte, struct seg *segs)
{
	int employed = 1;
	int fte = default_fte;
	size_t ns = 0;
	long cur = (long)INT32_MIN; /* the current state holds from this day */

	for (size_t i = 0; i < nev; i++) {
		if (ev[i].type == HR_HIRE) {
			employed = 0;
			break;
		}
		if (ev[i].type == HR_LEAVE)
			break;
	}
	for (size_t i = 0; i <= nev; i++) {
		long change;    /* the new state holds from this day */
		if (i == nev)
			change = (long)INT32_MAX + 1;
		else if (ev[i].type == HR_LEAVE)
			change = (long)ev[i].date + 1;
		else if (ev[i].type == HR_HIRE || ev[i].type == HR_FTE)
			change = ev[i].date;
		else
			continue;
		long a = cur > from ? cur : from;
		long b = change - 1 < to ? change - 1 : to;
		if (employed && a <= b) {
			if (ns > 0 && segs[ns - 1].fte == fte && segs[ns - 1].to + 1L == a)
				segs[ns - 1].to = (int32_t)b;
			else
				segs[ns++] = (struct seg){(int32_t)a, (int32_t)b, fte};
		}
		if (i == nev)
			break;
		if (change > cur)
			cur = change;
		switch (ev[i].type) {
		case HR_HIRE:
			employed = 1;
			if (ev[i].value)
				fte = ev[i].value;
			break;
		case HR_LEAVE:
			employed = 0;
			break;
		case HR_FTE:
			if (ev[i].value)
				fte = ev[i].value;
			break;
		}
	}
	return ns;
}

/*
 * One employee over a window [wfrom, to]: spells of kinds with a day in
 * it (S) and their pct-weighted absent days within it (D). spells has
 * room for n spells.
 */
static void window_of(const struct absence_record *rec, size_t n, int32_t wfrom, int32_t to,
		      unsigned kinds, int relapse_days, struct absence_spell *spells,
		      struct absence_person *out)
{
	size_t ns = build_spells(rec, n, kinds, relapse_days, to, spells, NULL);
	out->spells = 0;
	out->days = 0;
	out->bradford = 0;
	out->last_start = 0;
	for (size_t i = 0; i < ns; i++) {
		if (end_of(spells[i].end) < wfrom)
			continue;
		out->spells++;
		out->last_start = spells[i].start;
	}
	for (size_t i = 0; i < n; i++) {
		const struct absence_record *r = &rec[i];
		if (!absence_kind_in(kinds, r->kind))
			continue;
		int32_t a = r->start > wfrom ? r->start : wfrom;
		int32_t e = end_of(r->end);
		int32_t b = e < to ? e : to;
		out->days += (double)span(a, b) * r->pct / 100.0;
	}
	out->bradford = absence_bradford(out->spells, out->days);
}

int absence_person_window(const struct absence_book *b, long employee_id, int32_t to,
			  int window_days, unsigned kinds, int relapse_days,
			  struct absence_person *out)
{
	memset(out, 0, sizeof(*out));
	if (window_days < 1 || window_days > 3660 || relapse_days < 0 || relapse_days > 3660)
		return ERR_INVALID;
	const struct absence_emp *e = absence_book_find(b, employee_id);
	if (!e || e->rec_n == 0)
		return 0;
	struct absence_spell *sp = xmalloc(e->rec_n * sizeof(*sp));
	window_of(b->rec + e->rec_off, e->rec_n, to - window_days + 1, to, kinds, relapse_days,
		  sp, out);
	free(sp);
	return 0;
}

static int long_cmp(const void *pa, const void *pb)
{
	long a = *(const long *)pa, b = *(const long *)pb;
	return (a > b) - (a < b);
}

static enum absence_class class_of(const struct absence_settings *s, long days)
{
	if (days <= s->short_max_days)
		return ABS_SHORT;
	if (days <= s->medium_max_days)
		return ABS_MEDIUM;
	return ABS_LONG;
}

/* Scratch space for one call, sized for the largest employee. */
struct scratch {
	struct absence_spell *spells;
	long *spell_of;
	struct seg *segs;
};

/* Adds one employee's figures to out (sums; the ratios come at the end). */
static void add_employee(const struct absence_book *b, const struct absence_emp *e,
			 int32_t from, int32_t to, const struct absence_settings *s,
			 struct scratch *sc, struct absence_indicators *out)
{
	/* (no pointer arithmetic on an empty book's NULL arrays) */
	size_t nrec = e ? e->rec_n : 0;
	const struct absence_record *rec = nrec ? b->rec + e->rec_off : NULL;
	size_t nev = e ? e->ev_n : 0;
	const struct hr_event *ev = nev ? b->ev + e->ev_off : NULL;

	size_t nseg = employment(ev, nev, from, to, s->default_fte, sc->segs);
	long employed = 0;
	for (size_t i = 0; i < nseg; i++) {
		long len = span(sc->segs[i].from, sc->segs[i].to);
		employed += len;
		out->fte_days += (double)len * sc->segs[i].fte / 100.0;
	}
	if (employed == 0)
		return; /* not in this period's headcount: none of their figures count */
	out->headcount++;
	out->avg_headcount += (double)employed; /* person-days; divided at the end */

	for (size_t i = 0; i < nev; i++) {
		if (ev[i].date < from || ev[i].date > to)
			continue;
		if (ev[i].type == HR_LEAVE)
			out->leavers++;
		else if (ev[i].type == HR_WORK_ACCIDENT)
			out->accidents++;
	}

	/* spells of the counted kinds, as of `to` */
	size_t ns = build_spells(rec, nrec, s->kinds, s->relapse_days, to, sc->spells,
				 sc->spell_of);
	long absent_raw = 0;
	size_t k = 0; /* segment cursor: records come in start order */
	for (size_t i = 0; i < nrec; i++) {
		if (sc->spell_of[i] < 0)
			continue;
		const struct absence_record *r = &rec[i];
		int32_t a = r->start > from ? r->start : from;
		int32_t e2 = end_of(r->end);
		int32_t z = e2 < to ? e2 : to;
		if (a > z)
			continue;
		while (k < nseg && sc->segs[k].to < a)
			k++;
		enum absence_class c = class_of(s, sc->spells[sc->spell_of[i]].days);
		for (size_t j = k; j < nseg && sc->segs[j].from <= z; j++) {
			int32_t sa = a > sc->segs[j].from ? a : sc->segs[j].from;
			int32_t sz = z < sc->segs[j].to ? z : sc->segs[j].to;
			long len = span(sa, sz);
			double w = (double)len * sc->segs[j].fte / 100.0 * r->pct / 100.0;
			out->absent_days += w;
			out->class_days[c] += w;
			absent_raw += len;
		}
	}
	/* overlapping records (never imported) would count a day twice; harmless */
	out->days_per_head += (double)absent_raw;
	if (absent_raw == 0)
		out->zero_absence++;

	long in_window = 0;
	int32_t fwfrom = to - s->frequent_window_days + 1;
	for (size_t i = 0; i < ns; i++) {
		const struct absence_spell *sp = &sc->spells[i];
		if (sp->start >= from && sp->start <= to)
			out->new_spells++;
		if (sp->end != DAY_OPEN && sp->end >= from && sp->end <= to) {
			out->ended_spells++;
			out->mean_duration += sp->days;
		}
		if (end_of(sp->end) >= fwfrom)
			in_window++;
	}
	if (in_window >= s->frequent_spells)
		out->frequent++;

	struct absence_person p = {0, 0, 0, 0};
	if (nrec)
		window_of(rec, nrec, to - s->bradford_window_days + 1, to, s->kinds_bradford,
			  s->relapse_days, sc->spells, &p);
	out->bradford_mean += p.bradford;
	if (p.bradford > s->bradford_threshold)
		out->bradford_over++;
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

int absence_indicators(const struct absence_book *b, const long *ids, size_t n,
		       int32_t from, int32_t to, const struct absence_settings *s,
		       struct absence_indicators *out)
{
	memset(out, 0, sizeof(*out));
	if (from > to || absence_settings_check(s))
		return ERR_INVALID;
	out->from = from;
	out->to = to;
	out->period_days = span(from, to);

	long *u = xmalloc((n ? n : 1) * sizeof(long));
	if (n)
		memcpy(u, ids, n * sizeof(long));
	qsort(u, n, sizeof(long), long_cmp);
	size_t nu = 0;
	size_t maxrec = 1, maxev = 0;
	const struct absence_emp **emp = xmalloc((n ? n : 1) * sizeof(*emp));
	for (size_t i = 0; i < n; i++) {
		if (nu > 0 && u[nu - 1] == u[i])
			continue;
		u[nu] = u[i];
		emp[nu] = absence_book_find(b, u[i]);
		if (emp[nu] && emp[nu]->rec_n > maxrec)
			maxrec = emp[nu]->rec_n;
		if (emp[nu] && emp[nu]->ev_n > maxev)
			maxev = emp[nu]->ev_n;
		nu++;
	}
	struct scratch sc;
	sc.spells = xmalloc(maxrec * sizeof(*sc.spells));
	sc.spell_of = xmalloc(maxrec * sizeof(*sc.spell_of));
	sc.segs = xmalloc((2 * maxev + 2) * sizeof(*sc.segs));
	for (size_t i = 0; i < nu; i++)
		add_employee(b, emp[i], from, to, s, &sc, out);
	free(sc.spells);
	free(sc.spell_of);
	free(sc.segs);
	free(emp);
	free(u);

	double pd = (double)out->period_days;
	double year = 365.0 / pd;
	double person_days = out->avg_headcount;
	out->avg_headcount = person_days / pd;
	out->rate = 100.0 * ratio(out->absent_days, out->fte_days);
	for (int c = 0; c < ABS_CLASS_COUNT; c++)
		out->rate_class[c] = 100.0 * ratio(out->class_days[c], out->fte_days);
	out->frequency = ratio((double)out->new_spells, out->avg_headcount) * year;
	out->mean_duration = ratio(out->mean_duration, (double)out->ended_spells);
	out->days_per_head = ratio(out->days_per_head, out->avg_headcount) * year;
	out->zero_share = 100.0 * ratio((double)out->zero_absence, (double)out->headcount);
	out->frequent_share = 100.0 * ratio((double)out->frequent, (double)out->headcount);
	out->bradford_mean = ratio(out->bradford_mean, (double)out->headcount);
	out->bradford_over_share = 100.0 * ratio((double)out->bradford_over,
						 (double)out->headcount);
	out->turnover = 100.0 * ratio((double)out->leavers, out->avg_headcount) * year;
	out->accidents_per_100 = 100.0 * ratio((double)out->accidents, out->avg_headcount) * year;
	return 0;
}

/* ---- the indicator list ---- */

static const struct {
	const char *code;
	const char *name;
	const char *unit;
	int decimals;
} ind_info[AI_COUNT] = {
	/* xgettext:no-c-format */
	[AI_RATE] = {"rate", N_("Absence rate"), N_("% of working time"), 2},
	[AI_RATE_SHORT] = {"rate_short", N_("Short absence rate (< 1 month)"),
			   /* xgettext:no-c-format */
			   N_("% of working time"), 2},
	[AI_RATE_MEDIUM] = {"rate_medium", N_("Medium absence rate (1 month to 1 year)"),
			    /* xgettext:no-c-format */
			    N_("% of working time"), 2},
	[AI_RATE_LONG] = {"rate_long", N_("Long absence rate (> 1 year)"),
			  /* xgettext:no-c-format */
			  N_("% of working time"), 2},
	[AI_FREQUENCY] = {"frequency", N_("Absence frequency"),
			  N_("spells per head per year"), 2},
	[AI_MEAN_DURATION] = {"mean_duration", N_("Mean duration of ended spells"),
			      N_("days"), 1},
	[AI_ZERO_SHARE] = {"zero_share", N_("Employees without absence"), N_("%"), 1},
	[AI_FREQUENT_SHARE] = {"frequent_share", N_("Frequent absentees (3 or more spells a year)"),
			       N_("%"), 1},
	[AI_BRADFORD_MEAN] = {"bradford_mean", N_("Mean Bradford factor"), "", 0},
	[AI_BRADFORD_OVER_SHARE] = {"bradford_over_share",
				    N_("Employees above the Bradford threshold"), N_("%"), 1},
	[AI_TURNOVER] = {"turnover", N_("Turnover"), N_("% per year"), 1},
	[AI_ACCIDENTS] = {"accidents", N_("Work accidents"), N_("per 100 heads per year"), 2},
};

double absence_indicator_value(const struct absence_indicators *v, enum absence_ind i)
{
	switch (i) {
	case AI_RATE: return v->rate;
	case AI_RATE_SHORT: return v->rate_class[ABS_SHORT];
	case AI_RATE_MEDIUM: return v->rate_class[ABS_MEDIUM];
	case AI_RATE_LONG: return v->rate_class[ABS_LONG];
	case AI_FREQUENCY: return v->frequency;
	case AI_MEAN_DURATION: return v->mean_duration;
	case AI_ZERO_SHARE: return v->zero_share;
	case AI_FREQUENT_SHARE: return v->frequent_share;
	case AI_BRADFORD_MEAN: return v->bradford_mean;
	case AI_BRADFORD_OVER_SHARE: return v->bradford_over_share;
	case AI_TURNOVER: return v->turnover;
	case AI_ACCIDENTS: return v->accidents_per_100;
	case AI_COUNT: break;
	}
	return NAN;
}

const char *absence_indicator_code(enum absence_ind i)
{
	return (unsigned)i < AI_COUNT ? ind_info[i].code : NULL;
}

int absence_indicator_by_code(const char *code)
{
	for (int i = 0; i < AI_COUNT; i++)
		if (strcmp(ind_info[i].code, code) == 0)
			return i;
	return -1;
}

const char *absence_indicator_name(enum absence_ind i)
{
	return (unsigned)i < AI_COUNT ? ind_info[i].name : "";
}

const char *absence_indicator_unit(enum absence_ind i)
{
	return (unsigned)i < AI_COUNT ? ind_info[i].unit : "";
}

int absence_indicator_decimals(enum absence_ind i)
{
	return (unsigned)i < AI_COUNT ? ind_info[i].decimals : 1;
}

static const struct {
	const char *code;
	const char *name;
} kind_info[ABS_KIND_COUNT] = {
	[ABS_ILLNESS] = {"illness", N_("Illness")},
	[ABS_PRIVATE_ACCIDENT] = {"private_accident", N_("Accident outside work")},
	[ABS_WORK_ACCIDENT] = {"work_accident", N_("Work accident")},
	[ABS_MATERNITY] = {"maternity", N_("Maternity or birth leave")},
	[ABS_PROTECTED] = {"protected", N_("Other protected leave")},
	[ABS_OTHER] = {"other", N_("Other absence")},
};

const char *absence_kind_name(enum absence_kind k)
{
	return (unsigned)k < ABS_KIND_COUNT ? kind_info[k].name : "";
}

const char *absence_kind_code(enum absence_kind k)
{
	return (unsigned)k < ABS_KIND_COUNT ? kind_info[k].code : "";
}

/* ---- anonymity ---- */

/*
 * The survey engine's tree rule for comments is exactly the rule unit
 * figures need (a group of people per unit, shown or not), so it is
 * reused rather than written twice.
 */
int absence_suppress_units(int nunits, const int *parent, const long *heads, int k,
			   unsigned char *show)
{
	if (k < 3)
		return ERR_INVALID;
	return suppress_comments(nunits, parent, heads, k, show);
}
