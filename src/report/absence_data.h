/*
 * absence_data.h: absence data between the store and the pages and commands
 * (absence_data.c): importing CSV through the product's one path (parse,
 * check against what is stored, store all or nothing), the absence
 * settings as named values, and the unit figures with their warning
 * lights under the anonymity rules.
 *
 * Person-level absence data never leave this module except for the
 * import's row-by-row report (HR only): everything a unit page or the
 * indicators command shows is a unit figure, suppressed when its group
 * is smaller than the organisation's k or could be worked out by
 * difference (absence_suppress_units).
 */
#ifndef HARTSLAG_REPORT_ABSENCE_DATA_H
#define HARTSLAG_REPORT_ABSENCE_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "core/absence.h"
#include "core/absence_import.h"
#include "core/absence_rules.h"
#include "core/org.h"
#include "store/store.h"

/* ---- settings ---- */

/*
 * The indicator settings and warning-light thresholds: the defaults,
 * overlaid with what the organisation stored (absence_settings table).
 * A stored value that no longer parses keeps its default. Returns 0 or
 * the store's error.
 */
int absence_settings_load(struct store *st, struct absence_settings *as,
			  struct light_settings *ls);
/*
 * Stores both (checked first: ERR_INVALID with d set when out of range).
 * When changes is not NULL it gets a readable "name: old -> new; ..."
 * list of what changed (caller frees; "" when nothing), for the audit log.
 */
int absence_settings_save(struct store *st, const struct absence_settings *as,
			  const struct light_settings *ls, char **changes, struct diag *d);

/* ---- import ---- */

struct absence_import_result {
	size_t imported; /* rows stored */
	long replaced;   /* stored rows the file replaced */
	double parse_s;  /* seconds parsing and checking the file */
	double store_s;  /* seconds storing it */
};

/*
 * Imports absences.csv (events = 0) or hr_events.csv (events = 1): reads
 * the employee codes, parses and validates every row, checks the file
 * against the stored records that stay (no overlaps), and stores it in
 * one transaction. Problems go to rep (in rep->lang) with their lines and
 * nothing is written. progress (may be NULL) is called with 1, 2 and 3
 * as the steps finish. Returns 0, ERR_INVALID (see rep) or the store's
 * error (also added to rep).
 */
int absence_import(struct store *st, const char *data, size_t len, int events,
		   enum absence_import_mode mode, struct import_report *rep,
		   struct absence_import_result *res, void (*progress)(void *ctx, int step),
		   void *pctx);

/* ---- unit figures ---- */

/* A period of the selector: the last 12 months, a quarter or a year. */
struct absence_period {
	int32_t from, to;
	int32_t prev_from, prev_to; /* the period of the same kind just before */
	char key[16];               /* "12m", "2026q3", "2025": the ?period= value */
};

/*
 * The period for the selector key (NULL or "" for the last 12 months up
 * to today). Returns 0, or -1 for a key that is not one.
 */
int absence_period_parse(const char *key, int32_t today, struct absence_period *out);

#define ABS_TREND_POINTS 8 /* quarters in a trend line */

/* Everything needed to show the figures of units, loaded once per request. */
struct absence_view {
	struct absence_settings as;
	struct light_settings ls;
	int k;                        /* the organisation's min_group */
	struct unit *units;           /* pre-order */
	size_t nunits;
	int *parent;                  /* index of the parent, -1 for a root */
	int *end;                     /* subtree of u: units [u, end[u]) */
	long *emp;                    /* employee ids ordered by unit index */
	size_t *off;                  /* employees of unit u: emp[off[u] .. off[u + 1]) */
	struct absence_record *rec;
	size_t nrec;
	struct hr_event *ev;
	size_t nev;
	struct absence_book book;
	long generation;              /* the absence part's, when loaded */
};

/* Loads the view (about the whole organisation). Returns 0 or the store's error. */
int absence_view_load(struct store *st, struct absence_view *v);
void absence_view_release(struct absence_view *v);
/* The index of unit id, or -1. */
int absence_view_unit(const struct absence_view *v, long unit_id);

/* The figures of every unit over one period, suppressed. */
struct absence_figures {
	struct absence_indicators *ind; /* per unit (subtree) */
	unsigned char *show;            /* per unit: 1 when its figures may be shown */
};

/* Computes and suppresses the figures of every unit over [from, to]. Returns 0 or ERR_INVALID. */
int absence_figures_compute(const struct absence_view *v, int32_t from, int32_t to,
			    struct absence_figures *out);
void absence_figures_release(struct absence_figures *f);
/* The values of unit u for the lights: NAN where hidden. */
void absence_figures_values(const struct absence_figures *f, int u, double out[AI_COUNT]);

/* ---- words and numbers, shared by the pages and the commands ---- */

/*
 * The value of indicator i with its decimals in the language's notation
 * ("3,25" in nl and fr, "3.25" in en); "–" for NAN.
 */
void absence_format_value(char *dst, size_t n, enum absence_ind i, double v, enum lang l);
/*
 * The threshold of a light in words ("orange from 4.00, red from 6.00";
 * "no threshold"); caller frees.
 */
char *absence_threshold_text(const struct light_threshold *t, enum absence_ind i, enum lang l);
/* An arrow for a trend: "↑", "↓", "→" or "" for none. */
const char *absence_trend_arrow(enum trend t);

#endif
