/*
 * report.h: a group report as pages and exports see it. report_load()
 * reads the closed waves from the store, runs the engine (core/agg.h) and
 * the suppression (core/suppress.h) once; every view below returns only
 * what the suppression allows, so no page, export or API answer can show
 * more than the rules permit.
 */
#ifndef HARTSLAG_REPORT_H
#define HARTSLAG_REPORT_H

#include "core/agg.h"
#include "core/instrument.h"
#include "core/stats.h"
#include "core/suppress.h"
#include "store/store.h"

/* An external benchmark per scale (docs/reports.md: CSV scale,mean,sd[,n]). */
struct norm_scale {
	char *scale;  /* scale id */
	double mean;
	double sd;
	long n;       /* 0: a population norm */
};
struct norm {
	char *name;
	struct norm_scale *s;
	size_t n;
};
/*
 * Parses a norm file (CSV with a header: scale;mean;sd and optionally n).
 * Errors, in lang, with their line in d. Caller releases.
 */
int norm_parse(struct norm *nm, const char *name, const char *data, size_t len, enum lang lang,
	       struct diag *d);
void norm_release(struct norm *nm);

struct report_wave {
	struct wave wave;
	struct agg_wave *agg;
	struct shown shown;
	unsigned char *comments_shown; /* [nunits] */
	char **comments;               /* screened, sorted by unit index (pre-order) */
	int *comment_unit;             /* [ncomments] unit index of each comment */
	size_t ncomments;
};

struct report {
	struct instrument ins;          /* the instrument of the waves */
	struct org_settings org;
	struct unit *units;             /* pre-order, as units_list gives them */
	size_t nunits;
	int *parent;                    /* [nunits] index of the parent, -1 for the root */
	struct id_index *ix;            /* unit ids to indices, sorted by id */
	struct report_wave *waves;      /* closed waves of this instrument, oldest first */
	size_t nwaves;
	struct norm norm;               /* empty when none is loaded */
};

/*
 * Loads every closed wave of the instrument used by the newest closed wave
 * (instrument_id 0) or of the given instrument. Returns 0, ERR_NOT_FOUND
 * when there is no closed wave, or an error with d set. Release with
 * report_release.
 */
int report_load(struct store *st, long instrument_id, struct report *r, struct diag *d);
void report_release(struct report *r);
/* The index of the unit with that id, or -1. */
int report_unit_index(const struct report *r, long unit_id);

/* One figure, after suppression: shown is 0 when it must not be shown. */
struct figure {
	int shown;
	long n;
	double mean;
	double sd;
	double zone_share[3];  /* share of valid scores per zone */
	long hist[AGG_BINS];
	enum risk_zone zone;   /* zone of the mean */
};
/* Unit u (index) on scale s in wave w (index into r->waves). */
void report_figure(const struct report *r, size_t w, int u, int s, struct figure *f);
/* Unit u, band value v of dimension d, scale s. */
void report_band_figure(const struct report *r, size_t w, int u, enum agg_dim d, int v, int s,
			struct figure *f);
/* Respondents of unit u in wave w, or -1 when the group must not be named. */
long report_respondents(const struct report *r, size_t w, int u);

struct scale_view {
	struct figure f;
	struct comparison vs_org;   /* against the whole organisation (the root) */
	struct comparison vs_norm;  /* against the loaded norm (VERDICT_NONE if none) */
	struct comparison vs_prev;  /* against the same unit's previous wave */
	int has_prev;
};
/* Everything the unit page shows for one scale. */
void report_scale_view(const struct report *r, size_t w, int u, int s, struct scale_view *v);

enum point_kind {
	POINT_STRENGTH,  /* 'jubelmuur' */
	POINT_ATTENTION, /* 'klaagmuur' */
};
struct point {
	int scale;
	enum point_kind kind;
	const char *reason; /* a literal English msgid: translate with T() */
};
/*
 * Strengths and attention points of unit u in wave w by the documented rule
 * (docs/reports.md). Fills at most max points, strongest first; returns
 * the number.
 */
size_t report_points(const struct report *r, size_t w, int u, struct point *out, size_t max);

/*
 * The comments of unit u (with its descendants) in wave w, when they may
 * be shown (comment minimum, same differencing rule as figures): screened
 * for names, e-mail addresses and phone numbers, in a new random order at
 * every call (never grouped by team). Sets *out to a new array of strings
 * borrowed from the report (caller frees the array only; NULL when none
 * may be shown) and returns their number.
 */
size_t report_comments(const struct report *r, size_t w, int u, const char ***out);

#endif
