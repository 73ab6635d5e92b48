/*
 * instrument.h: a questionnaire as data. An instrument file (format in
 * docs/instrument-format.md) defines answer scales, scales of items with
 * reverse keying, the scale kind (demand, resource, outcome, need), the
 * 5 A's domain, risk zones and plain-language feedback, with every text in
 * nl, fr and en. The loader is strict: any fault gives file, line and what
 * is wrong, and nothing is loaded.
 */
#ifndef HARTSLAG_INSTRUMENT_H
#define HARTSLAG_INSTRUMENT_H

#include <stdint.h>

#include "lang.h"
#include "util.h"

enum scale_kind {
	SCALE_DEMAND,   /* job demand: higher is worse */
	SCALE_RESOURCE, /* job resource: higher is better */
	SCALE_OUTCOME,  /* engagement, exhaustion, ...: direction per scale */
	SCALE_NEED,     /* basic psychological need (SDT): higher is better */
};

/* The five danger sources of Belgian law ("5 A's"). */
enum five_a {
	FIVE_A_NONE,         /* outcomes and needs carry no domain */
	FIVE_A_ORGANISATION, /* arbeidsorganisatie */
	FIVE_A_CONTENT,      /* arbeidsinhoud */
	FIVE_A_CONDITIONS,   /* arbeidsvoorwaarden */
	FIVE_A_CIRCUMSTANCES,/* arbeidsomstandigheden */
	FIVE_A_RELATIONS,    /* interpersoonlijke relaties op het werk */
};

enum risk_zone {
	ZONE_NONE = -1, /* no valid score */
	ZONE_GREEN = 0,
	ZONE_ORANGE = 1,
	ZONE_RED = 2,
};

struct answer_scale {
	char *id;
	int points;                            /* answers are 1..points */
	struct text labels[MAX_ANSWER_POINTS]; /* labels[0] is answer 1 */
};

struct item {
	char *id;
	struct text text;
	int scale;        /* index into instrument.scales */
	int answer_scale; /* index into instrument.answer_scales */
	int reverse;      /* 1 if reverse-keyed: points + 1 - answer */
};

struct scale {
	char *id;
	struct text name;        /* short name: "Workload" */
	struct text description; /* what it measures, one sentence */
	struct text feedback[3]; /* plain-language text per zone, for the respondent */
	enum scale_kind kind;
	enum five_a five_a;
	int higher_is_better;
	double orange; /* cut point into the orange zone */
	double red;    /* cut point into the red zone */
	int min_items; /* valid score needs at least this many answered items */
	int *items;    /* indices into instrument.items */
	int nitems;
	int points;    /* answer points shared by all its items */
};

struct page {
	struct text title;
	int *items; /* indices into instrument.items, in display order */
	int nitems;
};

/* An open question; answers are comments, reported only at the comment minimum. */
struct open_question {
	char *id;
	struct text text;
};

struct instrument {
	char *id;      /* "hartslag-jdr" */
	int version;
	struct text title;
	struct text intro;
	struct answer_scale *answer_scales;
	int nanswer_scales;
	struct scale *scales;
	int nscales;
	struct item *items;
	int nitems;
	struct page *pages;
	int npages;
	struct open_question *open;
	int nopen;
};

/*
 * Parses an instrument from memory. name is used in messages (a file
 * name). Returns 0, or ERR_INVALID with d->line and d->msg set ("line 12:
 * scale 'workload' has no item") and ins left empty. On success the
 * caller releases ins with instrument_release().
 */
int instrument_parse(struct instrument *ins, const char *name, const char *data, size_t len,
		     struct diag *d);
/* Reads and parses a file; errors as instrument_parse, also for I/O. */
int instrument_load_file(struct instrument *ins, const char *path, struct diag *d);
void instrument_release(struct instrument *ins);

/* Returns the index of the scale or item with that id, or -1. */
int instrument_scale_index(const struct instrument *ins, struct str id);
int instrument_item_index(const struct instrument *ins, struct str id);

/*
 * Scores a respondent. answers has ins->nitems bytes: 0 for missing, else
 * the chosen answer 1..points as shown (before reverse keying). Sets
 * scores[s] for every scale to the mean of the keyed answers, or NAN when
 * fewer than min_items are answered. Returns the number of valid scores.
 */
int instrument_score(const struct instrument *ins, const uint8_t *answers, double *scores);
/* Returns 1 if every answer is 0 or within its item's answer scale. */
int instrument_answers_valid(const struct instrument *ins, const uint8_t *answers);

/* The zone of a score on a scale (ZONE_NONE for NAN). */
enum risk_zone scale_zone(const struct scale *sc, double score);

/* The zone in words in l: "Green zone", ..., "No score"; borrowed from the catalog. */
const char *zone_word(enum risk_zone z, enum lang l);
const char *scale_kind_name(enum scale_kind k); /* "demand", ... */
const char *five_a_name(enum five_a f);         /* "organisation", ... */

#endif
