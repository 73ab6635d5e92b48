/*
 * absence.h: absence records and HR events, the spells built from them and
 * the absence indicators of a group of employees over a period (DOMAIN.md
 * 4.1; every formula and edge case is written out in docs/absences.md).
 *
 * Absences are health data (DOMAIN.md 6.1): a record says who, when, what
 * kind (in the words of a medical certificate: illness or accident, never
 * a diagnosis) and how much of the work the person cannot do. There is no
 * field for a diagnosis and there never will be.
 *
 * Dates are day numbers: days since 1970-01-01 (negative before), on the
 * proleptic Gregorian calendar. All counting is in calendar days.
 *
 * Pure computation: no I/O, no globals. The indicator functions work on an
 * absence_book (all records and events sorted once by employee), in linear
 * passes over the employees asked for.
 */
#ifndef HARTSLAG_ABSENCE_H
#define HARTSLAG_ABSENCE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* ---- dates ---- */

/* The end of a record that is still running. Day 0 (1970-01-01) is never a real end. */
#define DAY_OPEN 0
/* Dates accepted in absence data: 1950-01-01 .. 2199-12-31. */
#define DAY_MIN (-7305)
#define DAY_MAX 84005

/* The day number of y-m-d, or INT32_MIN when it is not a date of the calendar. */
int32_t day_from_ymd(int y, int m, int d);
/* Splits a day number into year, month (1..12) and day (1..31). */
void day_to_ymd(int32_t day, int *y, int *m, int *d);
/*
 * Parses exactly "YYYY-MM-DD" (strict: ten characters, a real date within
 * DAY_MIN..DAY_MAX). Returns 0 and sets *out, or -1.
 */
int day_parse(struct str s, int32_t *out);
/* Parses exactly "DD/MM/YYYY" (also D/M/YYYY and with '.' or '-'), same range. */
int day_parse_dmy(struct str s, int32_t *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void day_format(int32_t day, char out[11]);
/*
 * The same day n months later (n may be negative); the last day of the
 * month when the month is shorter (31 Jan + 1 month = 28/29 Feb).
 */
int32_t day_add_months(int32_t day, int n);

/* ---- the data ---- */

/*
 * The kind of an absence, as payroll and HR systems export it. Protected
 * kinds (maternity/birth and other protected leave) are never held against
 * anyone: they are left out of every indicator and of the presence policy
 * by default (settings can change that for the rate only).
 */
enum absence_kind {
	ABS_ILLNESS = 0,       /* illness (ziekte / maladie) */
	ABS_PRIVATE_ACCIDENT,  /* accident outside work */
	ABS_WORK_ACCIDENT,     /* work accident or occupational disease */
	ABS_MATERNITY,         /* maternity, birth leave (protected) */
	ABS_PROTECTED,         /* other protected leave: prophylactic, adoption, care (protected) */
	ABS_OTHER,             /* anything else the payroll exports (unpaid leave, ...) */
	ABS_KIND_COUNT
};
#define ABS_KIND_BIT(k) (1u << (k))
#define ABS_KINDS_ALL ((1u << ABS_KIND_COUNT) - 1)
/* Sickness in the Belgian benchmark sense: illness and private accident. */
#define ABS_KINDS_SICKNESS (ABS_KIND_BIT(ABS_ILLNESS) | ABS_KIND_BIT(ABS_PRIVATE_ACCIDENT))
#define ABS_KINDS_PROTECTED (ABS_KIND_BIT(ABS_MATERNITY) | ABS_KIND_BIT(ABS_PROTECTED))

/*
 * Whether kind is in the set kinds; 0 for a value that is no kind at all
 * (a stored byte out of range must not become a shift past the width).
 */
int absence_kind_in(unsigned kinds, unsigned kind);

/* What backs the absence; never what it is about. */
enum absence_cert {
	CERT_UNKNOWN = 0,
	CERT_NONE_DAY1,   /* one-day absence without certificate (employers >= 50 workers) */
	CERT_MEDICAL,     /* medical certificate */
	CERT_COUNT
};

/*
 * One absence as exported: employee, first and last day (inclusive; end
 * DAY_OPEN while running), kind, incapacity in percent (100 = full; 50 =
 * half-time resumption) and certificate. line is the CSV line it came
 * from (0 when not imported), for error reports.
 */
struct absence_record {
	long employee_id;
	int32_t start;
	int32_t end;
	int32_t line;
	unsigned char kind; /* enum absence_kind */
	unsigned char pct;  /* 1..100 */
	unsigned char cert; /* enum absence_cert */
};

enum hr_event_type {
	HR_HIRE = 0,          /* employed from date; value = FTE percent (0: keep/100) */
	HR_LEAVE,             /* date = last day employed */
	HR_FTE,               /* FTE percent = value from date */
	HR_WORK_ACCIDENT,     /* a work accident on date (with or without absence) */
	HR_EVENT_COUNT
};

struct hr_event {
	long employee_id;
	int32_t date;
	int32_t line;
	unsigned char type;  /* enum hr_event_type */
	unsigned char value; /* FTE percent 1..100 for HR_HIRE/HR_FTE, else 0 */
};

/* Orders records by employee, then start, then end (open last). */
void absence_sort_records(struct absence_record *rec, size_t n);
/* Orders events by employee, then date, then type. */
void hr_sort_events(struct hr_event *ev, size_t n);

/*
 * Finds the first two records of one employee that share a day, in rec
 * sorted by absence_sort_records. Returns 1 and sets *a and *b (a before
 * b) or 0 when there is none. Linear.
 */
int absence_check_overlap(const struct absence_record *rec, size_t n, size_t *a, size_t *b);
/*
 * Calls cb for every record that shares a day with an earlier record of
 * the same employee (with the earlier record that reaches furthest).
 * Returns the number of such pairs. Linear.
 */
size_t absence_overlaps(const struct absence_record *rec, size_t n,
			void (*cb)(void *ctx, const struct absence_record *a,
				   const struct absence_record *b),
			void *ctx);

/* ---- settings ---- */

/* Spell length classes of Belgian practice (Securex, SD Worx). */
enum absence_class { ABS_SHORT = 0, ABS_MEDIUM, ABS_LONG, ABS_CLASS_COUNT };

/*
 * What counts, for the indicators. Every field has a default from
 * absence_settings_default(); docs/absences.md gives the source of each.
 */
struct absence_settings {
	unsigned kinds;            /* kinds in the sickness indicators: illness + private
				      accident */
	unsigned kinds_bradford;   /* kinds in the Bradford factor: illness + private accident */
	int relapse_days;          /* a record starting within this many days after a spell
				      ends continues it: 14 (the RIT's "uninterrupted") */
	int short_max_days;        /* spells of at most this many days are short: 30 (< 1 month) */
	int medium_max_days;       /* at most this many medium, longer long: 365 (1 year) */
	int frequent_spells;       /* a frequent absentee has at least this many spells: 3 */
	int frequent_window_days;  /* ... in the window of this many days ending at `to`: 365 */
	int bradford_window_days;  /* 364 (52 weeks) */
	int bradford_threshold;    /* share above this Bradford factor: 100 */
	int default_fte;           /* FTE percent of an employee without FTE data: 100 */
};

void absence_settings_default(struct absence_settings *s);
/* Checks ranges (days 0..3660, windows 7..3660, fte 1..100, ...). Returns 0 or ERR_INVALID. */
int absence_settings_check(const struct absence_settings *s);

/* ---- spells ---- */

/*
 * A spell: one uninterrupted absence, made of one or more records joined
 * (overlapping, adjacent, partial resumption after full incapacity, or a
 * relapse within relapse_days). days counts the calendar days with a
 * record (the gaps of a relapse are not absent days); end is DAY_OPEN
 * while the last record runs.
 */
struct absence_spell {
	int32_t start;
	int32_t end;
	int32_t days;       /* absent calendar days, up to `asof` for an open spell */
	double wdays;       /* the same weighted by pct/100 */
	unsigned kinds;     /* ABS_KIND_BIT of every kind in it */
};

/*
 * Builds the spells of ONE employee from rec (that employee's records,
 * sorted by start), keeping only records whose kind is in kinds. Open
 * spells are counted up to asof (days after asof are not yet absent).
 * out must have room for n spells. Returns the number of spells.
 */
size_t absence_spells(const struct absence_record *rec, size_t n, unsigned kinds,
		      int relapse_days, int32_t asof, struct absence_spell *out);

/* ---- the book: everything sorted once ---- */

struct absence_emp {
	long employee_id;
	size_t rec_off, rec_n; /* the employee's records in book->rec */
	size_t ev_off, ev_n;   /* the employee's events in book->ev */
};

struct absence_book {
	const struct absence_record *rec; /* borrowed, sorted */
	size_t nrec;
	const struct hr_event *ev;        /* borrowed, sorted */
	size_t nev;
	struct absence_emp *emp;          /* owned: every employee with a record or an event */
	size_t nemp;
};

/*
 * Sorts rec and ev in place (they stay the caller's and must outlive the
 * book) and indexes them per employee. Linear after the sorts. Returns 0.
 */
int absence_book_init(struct absence_book *b, struct absence_record *rec, size_t nrec,
		      struct hr_event *ev, size_t nev);
void absence_book_release(struct absence_book *b);
/* The entry of one employee, or NULL when the book has nothing about them. */
const struct absence_emp *absence_book_find(const struct absence_book *b, long employee_id);

/* ---- indicators ---- */

/*
 * The indicators of a group over [from, to] (inclusive). Counts are exact;
 * the figures are NAN when their denominator is zero. Which of them may be
 * shown is decided by absence_suppress_units() on headcount.
 */
struct absence_indicators {
	int32_t from, to;
	long period_days;
	long headcount;          /* employees employed on at least one day of the period */
	double avg_headcount;    /* employed person-days / period days */
	double fte_days;         /* employed days x FTE */
	double absent_days;      /* absent days x FTE x pct, counted kinds, while employed */
	double class_days[ABS_CLASS_COUNT];
	double rate;             /* 100 x absent_days / fte_days */
	double rate_class[ABS_CLASS_COUNT];
	long new_spells;         /* spells starting in the period */
	double frequency;        /* new_spells / avg_headcount x 365 / period_days */
	long ended_spells;       /* spells ending in the period */
	double mean_duration;    /* their mean length in absent days, days before `from` included */
	double days_per_head;    /* unweighted absent days / avg_headcount, annualised */
	long zero_absence;       /* employees without an absent day in the period */
	double zero_share;       /* percent of headcount */
	long frequent;           /* employees with >= frequent_spells in the window ending at to */
	double frequent_share;   /* percent of headcount */
	double bradford_mean;    /* mean Bradford factor over headcount, window ending at to */
	long bradford_over;      /* employees above bradford_threshold */
	double bradford_over_share;
	long leavers;            /* HR_LEAVE events in the period */
	double turnover;         /* percent: leavers / avg_headcount, annualised */
	long accidents;          /* HR_WORK_ACCIDENT events in the period */
	double accidents_per_100; /* per 100 average heads, annualised */
};

/*
 * Computes the indicators for the employees in ids (n ids, any order,
 * duplicates counted once) over [from, to]. An employee without any hire
 * event counts as employed throughout; one without FTE data at
 * default_fte. Returns 0, or ERR_INVALID when from > to or the settings
 * are out of range.
 */
int absence_indicators(const struct absence_book *b, const long *ids, size_t n,
		       int32_t from, int32_t to, const struct absence_settings *s,
		       struct absence_indicators *out);

/* One employee over a window, for the presence policy and the HR view. */
struct absence_person {
	long spells;      /* spells with a day in the window */
	double days;      /* their absent days in the window, weighted by pct */
	double bradford;  /* spells^2 x days */
	int32_t last_start; /* start of the latest of them, 0 when none */
};
/*
 * The spells of kinds of one employee in [to - window_days + 1, to], with
 * the Bradford factor S^2 x D. Returns 0 (a person without records has
 * zeroes) or ERR_INVALID.
 */
int absence_person_window(const struct absence_book *b, long employee_id, int32_t to,
			  int window_days, unsigned kinds, int relapse_days,
			  struct absence_person *out);

/* The Bradford factor of s spells and d days: s^2 x d. */
double absence_bradford(long s, double d);

/*
 * The indicators as a list, for warning lights and tables. The codes are
 * stable (stored in settings); names are N_() texts to pass through T().
 */
enum absence_ind {
	AI_RATE = 0,          /* absence rate, % */
	AI_RATE_SHORT,        /* rate of short spells, % */
	AI_RATE_MEDIUM,
	AI_RATE_LONG,
	AI_FREQUENCY,         /* spells per head per year */
	AI_MEAN_DURATION,     /* days */
	AI_ZERO_SHARE,        /* % (lower is worse) */
	AI_FREQUENT_SHARE,    /* % */
	AI_BRADFORD_MEAN,
	AI_BRADFORD_OVER_SHARE, /* % */
	AI_TURNOVER,          /* %/year */
	AI_ACCIDENTS,         /* per 100 heads per year */
	AI_COUNT
};
double absence_indicator_value(const struct absence_indicators *v, enum absence_ind i);
/* "rate", "rate_short", ... or NULL for an unknown i. */
const char *absence_indicator_code(enum absence_ind i);
/* The indicator with that code, or -1. */
int absence_indicator_by_code(const char *code);
/* English name as N_() text ("Absence rate"); T() it. */
const char *absence_indicator_name(enum absence_ind i);
/* The unit as N_() text ("%", "days", ...), or "" (not to be translated) for none. */
const char *absence_indicator_unit(enum absence_ind i);
/* Decimals to show (1 or 2; 0 for Bradford). */
int absence_indicator_decimals(enum absence_ind i);

/* English name of a kind as N_() text, and its stable code ("illness", ...). */
const char *absence_kind_name(enum absence_kind k);
const char *absence_kind_code(enum absence_kind k);

/* ---- anonymity of unit figures ---- */

/*
 * Which units' absence figures may be shown: heads[u] is the headcount of
 * unit u with its descendants, parent[u] its parent (-1 for a root). A
 * figure is shown only when its group has at least k people and, for
 * every shown unit, what is left after taking away its nearest shown
 * descendants is nobody or at least k people (complementary suppression,
 * the survey engine's rule from suppress.c). Sets show[u] (nunits bytes).
 * Returns 0, or ERR_INVALID for k < 3 or a parent array that is not a
 * forest.
 */
int absence_suppress_units(int nunits, const int *parent, const long *heads, int k,
			   unsigned char *show);

#endif
