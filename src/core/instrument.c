/*
 * instrument.c: the strict loader of instrument files (format in
 * docs/instrument-format.md). The file is read line by line; every fault
 * stops the parse with "what is wrong" and the line it is on, and nothing
 * is kept. References (an item's scale, a page's items) may point forward:
 * they are resolved once the whole file is read, still with their line.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* System headers first: banned.h (through util.h) must come after them. */
#include "util.h"
#include "instrument.h"

#define FORMAT_LINE "hartslag-instrument"
#define FORMAT_VERSION 1

/* Format rules (not resource limits): items per scale. */
#define SCALE_MIN_ITEMS 2
#define SCALE_MAX_ITEMS 12
/* Answer scales and open questions share the ceiling of scales. */
#define MAX_ANSWER_SCALES MAX_SCALES
#define MAX_OPEN_QUESTIONS MAX_SCALES
/* Pages are never empty, so there are at most as many as items. */
#define MAX_PAGES MAX_ITEMS
/* Longest key and longest quoted value in a message. */
#define MAX_KEY_BYTES 64
#define QUOTE_MAX 64

enum key_flags {
	KEY_TEXT = 1 << 0,     /* a text: name.nl, name.fr and name.en, all required */
	KEY_REQUIRED = 1 << 1, /* must be present once */
	KEY_MULTI = 1 << 2,    /* may repeat (a page's item lines) */
};

struct keyspec {
	const char *name;
	unsigned flags;
};

enum sect {
	SECT_HEADER,
	SECT_ANSWERS,
	SECT_SCALE,
	SECT_ITEM,
	SECT_PAGE,
	SECT_OPEN,
	SECT_COUNT
};

enum { HK_ID, HK_VERSION, HK_TITLE, HK_INTRO };
static const struct keyspec header_keys[] = {
	[HK_ID] = {"id", KEY_REQUIRED},
	[HK_VERSION] = {"version", KEY_REQUIRED},
	[HK_TITLE] = {"title", KEY_TEXT},
	[HK_INTRO] = {"intro", KEY_TEXT},
};

enum { AK_POINTS };
static const struct keyspec answers_keys[] = {
	[AK_POINTS] = {"points", KEY_REQUIRED},
};

enum {
	SK_KIND, SK_FIVE_A, SK_HIB, SK_ORANGE, SK_RED, SK_MIN_ITEMS,
	SK_NAME, SK_DESCRIPTION, SK_FB_GREEN, SK_FB_ORANGE, SK_FB_RED
};
static const struct keyspec scale_keys[] = {
	[SK_KIND] = {"kind", KEY_REQUIRED},
	[SK_FIVE_A] = {"five_a", 0},
	[SK_HIB] = {"higher_is_better", KEY_REQUIRED},
	[SK_ORANGE] = {"orange", KEY_REQUIRED},
	[SK_RED] = {"red", KEY_REQUIRED},
	[SK_MIN_ITEMS] = {"min_items", 0},
	[SK_NAME] = {"name", KEY_TEXT},
	[SK_DESCRIPTION] = {"description", KEY_TEXT},
	[SK_FB_GREEN] = {"feedback.green", KEY_TEXT},
	[SK_FB_ORANGE] = {"feedback.orange", KEY_TEXT},
	[SK_FB_RED] = {"feedback.red", KEY_TEXT},
};

enum { IK_SCALE, IK_ANSWERS, IK_REVERSE, IK_TEXT };
static const struct keyspec item_keys[] = {
	[IK_SCALE] = {"scale", KEY_REQUIRED},
	[IK_ANSWERS] = {"answers", KEY_REQUIRED},
	[IK_REVERSE] = {"reverse", 0},
	[IK_TEXT] = {"text", KEY_TEXT},
};

enum { PK_TITLE, PK_ITEM };
static const struct keyspec page_keys[] = {
	[PK_TITLE] = {"title", KEY_TEXT},
	[PK_ITEM] = {"item", KEY_MULTI},
};

enum { OK_TEXT };
static const struct keyspec open_keys[] = {
	[OK_TEXT] = {"text", KEY_TEXT},
};

#define MAX_SECTION_KEYS 11

struct section_spec {
	const char *name; /* as written between brackets */
	const char *noun; /* in messages */
	int has_id;
	const struct keyspec *keys;
	int nkeys;
};

static const struct section_spec sections[SECT_COUNT] = {
	[SECT_HEADER] = {"", "the file header", 0, header_keys, (int)ARRAY_SIZE(header_keys)},
	[SECT_ANSWERS] = {"answers", "answer scale", 1, answers_keys,
			  (int)ARRAY_SIZE(answers_keys)},
	[SECT_SCALE] = {"scale", "scale", 1, scale_keys, (int)ARRAY_SIZE(scale_keys)},
	[SECT_ITEM] = {"item", "item", 1, item_keys, (int)ARRAY_SIZE(item_keys)},
	[SECT_PAGE] = {"page", "page", 0, page_keys, (int)ARRAY_SIZE(page_keys)},
	[SECT_OPEN] = {"open", "open question", 1, open_keys, (int)ARRAY_SIZE(open_keys)},
};

/* Where things were written, for messages about them after the parse. */
struct scale_src {
	long line;
};

struct item_src {
	long line;
	long scale_line;
	long answers_line;
	struct str scale_ref;   /* borrowed from the input */
	struct str answers_ref;
	long page_line;         /* line of the page entry that placed it, 0 if none */
};

struct page_ref {
	int page;
	struct str id; /* borrowed from the input */
	long line;
};

struct parser {
	struct instrument *ins;
	const char *name;
	struct diag *d;
	long line;
	enum sect sect;
	long sect_line;
	int cur; /* index of the object of the current section */
	long seen[MAX_SECTION_KEYS][LANG_COUNT];
	long label_seen[MAX_ANSWER_POINTS][LANG_COUNT];
	long answers_line[MAX_ANSWER_SCALES];
	long open_line[MAX_OPEN_QUESTIONS];
	long page_line[MAX_PAGES];
	struct scale_src scale_src[MAX_SCALES];
	long scale_key_line[MAX_SCALES][MAX_SECTION_KEYS];
	struct item_src item_src[MAX_ITEMS];
	struct page_ref refs[MAX_ITEMS];
	int nrefs;
};

static int fail(struct parser *p, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, long line, const char *fmt, ...)
{
	if (p->d) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->d->msg, sizeof(p->d->msg), fmt, ap);
		va_end(ap);
		p->d->line = line;
	}
	return ERR_INVALID;
}

/* Length to print of a quoted piece of input: long values are cut. */
static int qlen(struct str s)
{
	return s.len > QUOTE_MAX ? QUOTE_MAX : (int)s.len;
}

static void *grow(void *arr, int n, size_t size)
{
	char *p = xrealloc(arr, ((size_t)n + 1) * size);
	memset(p + (size_t)n * size, 0, size);
	return p;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A language suffix exactly as written in keys: "nl", "fr" or "en". */
static int lang_exact(struct str code, enum lang *out)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (str_eq_lit(code, lang_code((enum lang)l))) {
			*out = (enum lang)l;
			return 0;
		}
	}
	return -1;
}

static int id_valid(struct str s)
{
	if (s.len < 1 || s.len > MAX_ID_BYTES)
		return 0;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static int check_id(struct parser *p, struct str s)
{
	if (!id_valid(s))
		return fail(p, p->line,
			    "invalid id '%.*s': an id is 1 to %d of a-z, 0-9, '_' and '-'",
			    qlen(s), s.p, MAX_ID_BYTES);
	return 0;
}

static int parse_yes_no(struct parser *p, struct str key, struct str v, int *out)
{
	if (str_eq_lit(v, "yes"))
		*out = 1;
	else if (str_eq_lit(v, "no"))
		*out = 0;
	else
		return fail(p, p->line, "'%.*s' must be 'yes' or 'no', not '%.*s'", qlen(key),
			    key.p, qlen(v), v.p);
	return 0;
}

/*
 * A cut point: 1 or 2 digits, optionally '.' and 1 to 4 digits. Parsed as
 * an integer over a power of ten, so that "3.4" is the same double as a
 * mean of 17/5, and without strtod (which follows the locale).
 */
static int parse_cut(struct parser *p, struct str key, struct str v, double *out)
{
	long mant = 0;
	long scale = 1;
	size_t i = 0, ndig = 0, nfrac = 0;

	/* The digit counts are checked inside the loops: mant stays small. */
	for (; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
		if (++ndig > 2)
			goto bad;
		mant = mant * 10 + (v.p[i] - '0');
	}
	if (ndig == 0)
		goto bad;
	if (i < v.len && v.p[i] == '.') {
		for (i++; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
			if (++nfrac > 4)
				goto bad;
			mant = mant * 10 + (v.p[i] - '0');
			scale *= 10;
		}
		if (nfrac == 0)
			goto bad;
	}
	if (i != v.len)
		goto bad;
	*out = (double)mant / (double)scale;
	return 0;
bad:
	return fail(p, p->line, "'%.*s' must be a number like 3 or 3.25, not '%.*s'", qlen(key),
		    key.p, qlen(v), v.p);
}

/* Levenshtein distance of short strings (both at most MAX_KEY_BYTES). */
static size_t distance(struct str a, const char *b)
{
	size_t bl = strlen(b);
	size_t row[MAX_KEY_BYTES + 1];

	if (a.len > MAX_KEY_BYTES || bl > MAX_KEY_BYTES)
		return (size_t)-1;
	for (size_t j = 0; j <= bl; j++)
		row[j] = j;
	for (size_t i = 1; i <= a.len; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bl; j++) {
			size_t up = row[j];
			size_t best = diag + (a.p[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[bl];
}

/* Keeps the closest candidate within 2 edits of s. */
static void suggest_consider(struct str s, const char *cand, const char **best, size_t *bestd)
{
	size_t dist = distance(s, cand);
	if (dist <= 2 && dist < s.len && dist < *bestd) {
		*best = cand;
		*bestd = dist;
	}
}

static int unknown_key(struct parser *p, struct str key)
{
	const struct section_spec *spec = &sections[p->sect];
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	char cands[MAX_SECTION_KEYS][LANG_COUNT][MAX_KEY_BYTES];

	/* A text key with a language we do not know, or with none. */
	for (int k = 0; k < spec->nkeys; k++) {
		size_t n = strlen(spec->keys[k].name);
		if (!(spec->keys[k].flags & KEY_TEXT))
			continue;
		if (key.len == n && memcmp(key.p, spec->keys[k].name, n) == 0)
			return fail(p, p->line,
				    "key '%s' needs a language: %s.nl, %s.fr and %s.en",
				    spec->keys[k].name, spec->keys[k].name, spec->keys[k].name,
				    spec->keys[k].name);
		if (key.len <= n + 1 || memcmp(key.p, spec->keys[k].name, n) != 0 ||
		    key.p[n] != '.')
			continue;
		struct str code = {key.p + n + 1, key.len - n - 1};
		if (memchr(code.p, '.', code.len) == NULL)
			return fail(p, p->line, "unknown language '%.*s' in key '%.*s' "
				    "(texts need nl, fr and en)", qlen(code), code.p, qlen(key),
				    key.p);
	}
	for (int k = 0; k < spec->nkeys; k++) {
		const struct keyspec *ks = &spec->keys[k];
		if (!(ks->flags & KEY_TEXT)) {
			suggest_consider(key, ks->name, &best, &bestd);
			continue;
		}
		for (int l = 0; l < LANG_COUNT; l++) {
			snprintf(cands[k][l], sizeof(cands[k][l]), "%s.%s", ks->name,
				 lang_code((enum lang)l));
			suggest_consider(key, cands[k][l], &best, &bestd);
		}
	}
	if (p->sect == SECT_ANSWERS)
		suggest_consider(key, "label.1.nl", &best, &bestd);
	if (best)
		return fail(p, p->line, "unknown key '%.*s' (did you mean '%s'?)", qlen(key), key.p,
			    best);
	if (p->sect == SECT_HEADER)
		return fail(p, p->line, "unknown key '%.*s' in the file header", qlen(key), key.p);
	return fail(p, p->line, "unknown key '%.*s' in %s", qlen(key), key.p,
		    sections[p->sect].noun);
}

static int set_text(struct parser *p, struct text *t, enum lang l, struct str v)
{
	if (v.len > MAX_TEXT_BYTES)
		return fail(p, p->line, "text is %zu bytes long; the limit is %d", v.len,
			    MAX_TEXT_BYTES);
	assert(t->t[l] == NULL);
	t->t[l] = xstrndup(v.p, v.len);
	return 0;
}

/* Names the current object in messages: "scale 'workload'", "page 3". */
static int obj_name(const struct parser *p, char *out, size_t outsz)
{
	const struct instrument *ins = p->ins;
	switch (p->sect) {
	case SECT_HEADER:
		return snprintf(out, outsz, "the file header");
	case SECT_ANSWERS:
		return snprintf(out, outsz, "answer scale '%s'", ins->answer_scales[p->cur].id);
	case SECT_SCALE:
		return snprintf(out, outsz, "scale '%s'", ins->scales[p->cur].id);
	case SECT_ITEM:
		return snprintf(out, outsz, "item '%s'", ins->items[p->cur].id);
	case SECT_PAGE:
		return snprintf(out, outsz, "page %d", p->cur + 1);
	case SECT_OPEN:
		return snprintf(out, outsz, "open question '%s'", ins->open[p->cur].id);
	case SECT_COUNT:
		break;
	}
	return snprintf(out, outsz, "?");
}

/* The text of key k in the current object, or NULL if k is not a text. */
static struct text *text_slot(struct parser *p, int k)
{
	struct instrument *ins = p->ins;
	switch (p->sect) {
	case SECT_HEADER:
		return k == HK_TITLE ? &ins->title : k == HK_INTRO ? &ins->intro : NULL;
	case SECT_SCALE: {
		struct scale *sc = &ins->scales[p->cur];
		switch (k) {
		case SK_NAME:
			return &sc->name;
		case SK_DESCRIPTION:
			return &sc->description;
		case SK_FB_GREEN:
			return &sc->feedback[ZONE_GREEN];
		case SK_FB_ORANGE:
			return &sc->feedback[ZONE_ORANGE];
		case SK_FB_RED:
			return &sc->feedback[ZONE_RED];
		default:
			return NULL;
		}
	}
	case SECT_ITEM:
		return k == IK_TEXT ? &ins->items[p->cur].text : NULL;
	case SECT_PAGE:
		return k == PK_TITLE ? &ins->pages[p->cur].title : NULL;
	case SECT_OPEN:
		return k == OK_TEXT ? &ins->open[p->cur].text : NULL;
	case SECT_ANSWERS:
	case SECT_COUNT:
		break;
	}
	return NULL;
}

static int lookup_enum(struct str v, const char *(*name)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (str_eq_lit(v, name(i)))
			return i;
	return -1;
}

static const char *kind_name_i(int i)
{
	return scale_kind_name((enum scale_kind)i);
}

static const char *five_a_name_i(int i)
{
	return five_a_name((enum five_a)i);
}

/* Sets a non-text key of the current section. */
static int set_value(struct parser *p, int k, struct str key, struct str v)
{
	struct instrument *ins = p->ins;
	long n;

	switch (p->sect) {
	case SECT_HEADER:
		if (k == HK_ID) {
			if (check_id(p, v))
				return ERR_INVALID;
			ins->id = xstrndup(v.p, v.len);
		} else if (k == HK_VERSION) {
			if (str_to_long(v, 1, 1000000, &n))
				return fail(p, p->line,
					    "'version' must be a whole number from 1 to 1000000, "
					    "not '%.*s'", qlen(v), v.p);
			ins->version = (int)n;
		}
		return 0;
	case SECT_ANSWERS:
		if (str_to_long(v, 2, MAX_ANSWER_POINTS, &n))
			return fail(p, p->line, "'points' must be a whole number from 2 to %d, "
				    "not '%.*s'", MAX_ANSWER_POINTS, qlen(v), v.p);
		ins->answer_scales[p->cur].points = (int)n;
		return 0;
	case SECT_SCALE: {
		struct scale *sc = &ins->scales[p->cur];
		int i;
		p->scale_key_line[p->cur][k] = p->line;
		switch (k) {
		case SK_KIND:
			i = lookup_enum(v, kind_name_i, SCALE_NEED + 1);
			if (i < 0)
				return fail(p, p->line, "unknown kind '%.*s' (use demand, "
					    "resource, outcome or need)", qlen(v), v.p);
			sc->kind = (enum scale_kind)i;
			return 0;
		case SK_FIVE_A:
			i = lookup_enum(v, five_a_name_i, FIVE_A_RELATIONS + 1);
			if (i < 0)
				return fail(p, p->line, "unknown five_a '%.*s' (use "
					    "organisation, content, conditions, circumstances, "
					    "relations or none)", qlen(v), v.p);
			sc->five_a = (enum five_a)i;
			return 0;
		case SK_HIB:
			return parse_yes_no(p, key, v, &sc->higher_is_better);
		case SK_ORANGE:
			return parse_cut(p, key, v, &sc->orange);
		case SK_RED:
			return parse_cut(p, key, v, &sc->red);
		case SK_MIN_ITEMS:
			if (str_to_long(v, 1, SCALE_MAX_ITEMS, &n))
				return fail(p, p->line, "'min_items' must be a whole number from 1 "
					    "to %d, not '%.*s'", SCALE_MAX_ITEMS, qlen(v), v.p);
			sc->min_items = (int)n;
			return 0;
		default:
			break;
		}
		break;
	}
	case SECT_ITEM: {
		struct item_src *src = &p->item_src[p->cur];
		if (k == IK_REVERSE)
			return parse_yes_no(p, key, v, &ins->items[p->cur].reverse);
		if (check_id(p, v))
			return ERR_INVALID;
		if (k == IK_SCALE) {
			src->scale_ref = v;
			src->scale_line = p->line;
		} else {
			src->answers_ref = v;
			src->answers_line = p->line;
		}
		return 0;
	}
	case SECT_PAGE:
		if (check_id(p, v))
			return ERR_INVALID;
		if (p->nrefs == MAX_ITEMS)
			return fail(p, p->line, "too many item lines on pages; an instrument has "
				    "at most %d items", MAX_ITEMS);
		p->refs[p->nrefs++] = (struct page_ref){p->cur, v, p->line};
		ins->pages[p->cur].nitems++;
		return 0;
	case SECT_OPEN:
	case SECT_COUNT:
		break;
	}
	assert(!"set_value: key without a setter");
	return ERR_GENERIC;
}

/* label.N.LANG in an answers section. */
static int set_label(struct parser *p, struct str key, struct str v)
{
	struct str rest = {key.p + 6, key.len - 6};
	const char *dot = memchr(rest.p, '.', rest.len);
	struct str num, code;
	long n;
	enum lang l;

	if (!dot)
		return fail(p, p->line, "key '%.*s' must be label.N.nl, label.N.fr or label.N.en",
			    qlen(key), key.p);
	num = (struct str){rest.p, (size_t)(dot - rest.p)};
	code = (struct str){dot + 1, rest.len - num.len - 1};
	if (str_to_long(num, 1, MAX_ANSWER_POINTS, &n) || num.p[0] == '+' || num.p[0] == '0')
		return fail(p, p->line, "label number '%.*s' must be from 1 to %d", qlen(num),
			    num.p, MAX_ANSWER_POINTS);
	if (lang_exact(code, &l))
		return fail(p, p->line,
			    "unknown language '%.*s' in key '%.*s' (texts need nl, fr and en)",
			    qlen(code), code.p, qlen(key), key.p);
	if (p->label_seen[n - 1][l])
		return fail(p, p->line, "duplicate key '%.*s' (first on line %ld)", qlen(key),
			    key.p, p->label_seen[n - 1][l]);
	p->label_seen[n - 1][l] = p->line;
	return set_text(p, &p->ins->answer_scales[p->cur].labels[n - 1], l, v);
}

static int key_line(struct parser *p, struct str line)
{
	const struct section_spec *spec = &sections[p->sect];
	size_t i = 0;
	struct str key, v;

	while (i < line.len && !is_space(line.p[i]))
		i++;
	key = (struct str){line.p, i};
	v = str_trim((struct str){line.p + i, line.len - i});

	if (p->sect == SECT_ANSWERS && key.len > 6 && memcmp(key.p, "label.", 6) == 0) {
		if (v.len == 0)
			return fail(p, p->line, "key '%.*s' has no value", qlen(key), key.p);
		return set_label(p, key, v);
	}
	for (int k = 0; k < spec->nkeys; k++) {
		const struct keyspec *ks = &spec->keys[k];
		size_t n = strlen(ks->name);
		int lang = 0;
		if (ks->flags & KEY_TEXT) {
			enum lang l;
			if (key.len != n + 3 || memcmp(key.p, ks->name, n) != 0 || key.p[n] != '.')
				continue;
			if (lang_exact((struct str){key.p + n + 1, 2}, &l))
				continue;
			lang = (int)l;
		} else if (key.len != n || memcmp(key.p, ks->name, n) != 0) {
			continue;
		}
		if (v.len == 0)
			return fail(p, p->line, "key '%.*s' has no value", qlen(key), key.p);
		if (!(ks->flags & KEY_MULTI)) {
			if (p->seen[k][lang])
				return fail(p, p->line, "duplicate key '%.*s' (first on line %ld)",
					    qlen(key), key.p, p->seen[k][lang]);
			p->seen[k][lang] = p->line;
		}
		if (ks->flags & KEY_TEXT)
			return set_text(p, text_slot(p, k), (enum lang)lang, v);
		return set_value(p, k, key, v);
	}
	return unknown_key(p, key);
}

/* Checks what a section must hold, once it is complete. */
static int close_section(struct parser *p)
{
	const struct section_spec *spec = &sections[p->sect];
	struct instrument *ins = p->ins;
	char who[128];

	obj_name(p, who, sizeof(who));
	for (int k = 0; k < spec->nkeys; k++) {
		const struct keyspec *ks = &spec->keys[k];
		if ((ks->flags & KEY_REQUIRED) && !p->seen[k][0])
			return fail(p, p->sect_line, "%s has no '%s'", who, ks->name);
		if (!(ks->flags & KEY_TEXT))
			continue;
		for (int l = 0; l < LANG_COUNT; l++)
			if (!p->seen[k][l])
				return fail(p, p->sect_line, "%s has no '%s.%s'", who, ks->name,
					    lang_code((enum lang)l));
	}
	switch (p->sect) {
	case SECT_ANSWERS: {
		const struct answer_scale *as = &ins->answer_scales[p->cur];
		for (int n = 0; n < MAX_ANSWER_POINTS; n++) {
			for (int l = 0; l < LANG_COUNT; l++) {
				if (n >= as->points && p->label_seen[n][l])
					return fail(p, p->label_seen[n][l],
						    "label %d is beyond the %d points of %s", n + 1,
						    as->points, who);
				if (n < as->points && !p->label_seen[n][l])
					return fail(p, p->sect_line, "%s has no 'label.%d.%s'", who,
						    n + 1, lang_code((enum lang)l));
			}
		}
		break;
	}
	case SECT_SCALE: {
		const struct scale *sc = &ins->scales[p->cur];
		const long *kl = p->scale_key_line[p->cur];
		int want = sc->kind == SCALE_DEMAND ? 0 : 1;
		if ((sc->kind == SCALE_DEMAND || sc->kind == SCALE_RESOURCE) &&
		    sc->five_a == FIVE_A_NONE)
			return fail(p, kl[SK_FIVE_A] ? kl[SK_FIVE_A] : p->sect_line,
				    "%s is a %s and needs 'five_a' (organisation, content, "
				    "conditions, circumstances or relations)", who,
				    scale_kind_name(sc->kind));
		if ((sc->kind == SCALE_OUTCOME || sc->kind == SCALE_NEED) &&
		    sc->five_a != FIVE_A_NONE)
			return fail(p, kl[SK_FIVE_A], "%s is %s %s and carries no 5 A's domain; "
				    "write 'five_a none' or leave the key out", who,
				    sc->kind == SCALE_OUTCOME ? "an" : "a",
				    scale_kind_name(sc->kind));
		if (sc->kind != SCALE_OUTCOME && sc->higher_is_better != want)
			return fail(p, kl[SK_HIB], "%s is a %s and must have 'higher_is_better %s'",
				    who, scale_kind_name(sc->kind), want ? "yes" : "no");
		if (!sc->higher_is_better && !(sc->orange < sc->red))
			return fail(p, kl[SK_RED], "'red' (%g) must be above 'orange' (%g) when "
				    "higher is worse", sc->red, sc->orange);
		if (sc->higher_is_better && !(sc->red < sc->orange))
			return fail(p, kl[SK_RED], "'red' (%g) must be below 'orange' (%g) when "
				    "higher is better", sc->red, sc->orange);
		break;
	}
	case SECT_PAGE:
		if (ins->pages[p->cur].nitems == 0)
			return fail(p, p->sect_line, "%s has no items", who);
		break;
	case SECT_HEADER:
	case SECT_ITEM:
	case SECT_OPEN:
	case SECT_COUNT:
		break;
	}
	return 0;
}

/*
 * Index lookups by id. Linear: an instrument has at most a few hundred
 * objects and is parsed once.
 */
static int id_is(const char *s, struct str id)
{
	return s && strlen(s) == id.len && memcmp(s, id.p, id.len) == 0;
}

static int find_answers(const struct instrument *ins, struct str id)
{
	for (int i = 0; i < ins->nanswer_scales; i++)
		if (id_is(ins->answer_scales[i].id, id))
			return i;
	return -1;
}

static int find_scale(const struct instrument *ins, struct str id)
{
	for (int i = 0; i < ins->nscales; i++)
		if (id_is(ins->scales[i].id, id))
			return i;
	return -1;
}

static int find_item(const struct instrument *ins, struct str id)
{
	for (int i = 0; i < ins->nitems; i++)
		if (id_is(ins->items[i].id, id))
			return i;
	return -1;
}

static int find_open(const struct instrument *ins, struct str id)
{
	for (int i = 0; i < ins->nopen; i++)
		if (id_is(ins->open[i].id, id))
			return i;
	return -1;
}

static int too_many(struct parser *p, const char *what, int max)
{
	return fail(p, p->line, "too many %s; the limit is %d", what, max);
}

/* Starts the section of a "[kind id]" line; the previous one is closed. */
static int open_section(struct parser *p, struct str line)
{
	struct instrument *ins = p->ins;
	struct str inner, kind, id = {NULL, 0};
	const char *sp;
	int s, prev = -1;

	if (line.len < 2 || line.p[line.len - 1] != ']')
		return fail(p, p->line, "a section line must end with ']'");
	inner = (struct str){line.p + 1, line.len - 2};
	sp = memchr(inner.p, ' ', inner.len);
	kind = (struct str){inner.p, sp ? (size_t)(sp - inner.p) : inner.len};
	if (sp)
		id = (struct str){sp + 1, inner.len - kind.len - 1};

	for (s = SECT_ANSWERS; s < SECT_COUNT; s++)
		if (str_eq_lit(kind, sections[s].name))
			break;
	if (s == SECT_COUNT) {
		const char *best = NULL;
		size_t bestd = (size_t)-1;
		for (int k = SECT_ANSWERS; k < SECT_COUNT; k++)
			suggest_consider(kind, sections[k].name, &best, &bestd);
		if (best)
			return fail(p, p->line, "unknown section '%.*s' (did you mean '%s'?)",
				    qlen(kind), kind.p, best);
		return fail(p, p->line, "unknown section '%.*s' (use answers, scale, item, page "
			    "or open)", qlen(kind), kind.p);
	}
	if (sections[s].has_id && !sp)
		return fail(p, p->line, "section '%s' needs an id: [%s some-id]", sections[s].name,
			    sections[s].name);
	if (!sections[s].has_id && sp)
		return fail(p, p->line, "section '%s' takes no id: write [%s]", sections[s].name,
			    sections[s].name);
	if (sp && check_id(p, id))
		return ERR_INVALID;

	if (close_section(p))
		return ERR_INVALID;

	switch (s) {
	case SECT_ANSWERS:
		prev = find_answers(ins, id);
		if (prev >= 0)
			return fail(p, p->line, "duplicate answer scale '%.*s' (first on line %ld)",
				    qlen(id), id.p, p->answers_line[prev]);
		if (ins->nanswer_scales == MAX_ANSWER_SCALES)
			return too_many(p, "answer scales", MAX_ANSWER_SCALES);
		ins->answer_scales = grow(ins->answer_scales, ins->nanswer_scales,
					  sizeof(*ins->answer_scales));
		p->cur = ins->nanswer_scales++;
		ins->answer_scales[p->cur].id = xstrndup(id.p, id.len);
		p->answers_line[p->cur] = p->line;
		break;
	case SECT_SCALE:
		prev = find_scale(ins, id);
		if (prev >= 0)
			return fail(p, p->line, "duplicate scale '%.*s' (first on line %ld)",
				    qlen(id), id.p, p->scale_src[prev].line);
		if (ins->nscales == MAX_SCALES)
			return too_many(p, "scales", MAX_SCALES);
		ins->scales = grow(ins->scales, ins->nscales, sizeof(*ins->scales));
		p->cur = ins->nscales++;
		ins->scales[p->cur].id = xstrndup(id.p, id.len);
		p->scale_src[p->cur].line = p->line;
		break;
	case SECT_ITEM:
	case SECT_OPEN:
		/* Items and open questions are both questions: one namespace. */
		prev = find_item(ins, id);
		if (prev >= 0)
			return fail(p, p->line, "duplicate id '%.*s' (item on line %ld)",
				    qlen(id), id.p, p->item_src[prev].line);
		prev = find_open(ins, id);
		if (prev >= 0)
			return fail(p, p->line, "duplicate id '%.*s' (open question on line %ld)",
				    qlen(id), id.p, p->open_line[prev]);
		if (s == SECT_ITEM) {
			if (ins->nitems == MAX_ITEMS)
				return too_many(p, "items", MAX_ITEMS);
			ins->items = grow(ins->items, ins->nitems, sizeof(*ins->items));
			p->cur = ins->nitems++;
			ins->items[p->cur].id = xstrndup(id.p, id.len);
			ins->items[p->cur].scale = -1;
			ins->items[p->cur].answer_scale = -1;
			p->item_src[p->cur].line = p->line;
		} else {
			if (ins->nopen == MAX_OPEN_QUESTIONS)
				return too_many(p, "open questions", MAX_OPEN_QUESTIONS);
			ins->open = grow(ins->open, ins->nopen, sizeof(*ins->open));
			p->cur = ins->nopen++;
			ins->open[p->cur].id = xstrndup(id.p, id.len);
			p->open_line[p->cur] = p->line;
		}
		break;
	case SECT_PAGE:
		if (ins->npages == MAX_PAGES)
			return too_many(p, "pages", MAX_PAGES);
		ins->pages = grow(ins->pages, ins->npages, sizeof(*ins->pages));
		p->cur = ins->npages++;
		p->page_line[p->cur] = p->line;
		break;
	default:
		assert(!"open_section: unknown section");
	}
	p->sect = (enum sect)s;
	p->sect_line = p->line;
	memset(p->seen, 0, sizeof(p->seen));
	memset(p->label_seen, 0, sizeof(p->label_seen));
	return 0;
}

/* Resolves the references of items and pages and checks the whole. */
static int finish(struct parser *p)
{
	struct instrument *ins = p->ins;
	int count[MAX_SCALES] = {0};
	int first[MAX_SCALES];

	if (ins->nitems == 0)
		return fail(p, 1, "the instrument has no items");

	for (int s = 0; s < ins->nscales; s++)
		first[s] = -1;
	for (int i = 0; i < ins->nitems; i++) {
		struct item *it = &ins->items[i];
		const struct item_src *src = &p->item_src[i];
		it->scale = find_scale(ins, src->scale_ref);
		if (it->scale < 0)
			return fail(p, src->scale_line, "unknown scale '%.*s'",
				    qlen(src->scale_ref), src->scale_ref.p);
		it->answer_scale = find_answers(ins, src->answers_ref);
		if (it->answer_scale < 0)
			return fail(p, src->answers_line, "unknown answer scale '%.*s'",
				    qlen(src->answers_ref), src->answers_ref.p);
		struct scale *sc = &ins->scales[it->scale];
		int pts = ins->answer_scales[it->answer_scale].points;
		if (first[it->scale] < 0) {
			first[it->scale] = i;
			sc->points = pts;
		} else if (sc->points != pts) {
			return fail(p, src->answers_line,
				    "item '%s' has %d answer points but scale '%s' has items with "
				    "%d (item '%s'); a scale's items share one number of points",
				    it->id, pts, sc->id, sc->points,
				    ins->items[first[it->scale]].id);
		}
		count[it->scale]++;
	}

	for (int s = 0; s < ins->nscales; s++) {
		struct scale *sc = &ins->scales[s];
		const long *kl = p->scale_key_line[s];
		if (count[s] < SCALE_MIN_ITEMS || count[s] > SCALE_MAX_ITEMS)
			return fail(p, p->scale_src[s].line,
				    "scale '%s' has %d item%s; a scale needs %d to %d", sc->id,
				    count[s], count[s] == 1 ? "" : "s", SCALE_MIN_ITEMS,
				    SCALE_MAX_ITEMS);
		sc->items = xcalloc((size_t)count[s], sizeof(*sc->items));
		if (sc->min_items == 0)
			sc->min_items = count[s] - 1 < 1 ? 1 : count[s] - 1;
		else if (sc->min_items > count[s])
			return fail(p, kl[SK_MIN_ITEMS], "'min_items' is %d but scale '%s' has "
				    "only %d items", sc->min_items, sc->id, count[s]);
		if (!sc->higher_is_better) {
			if (!(sc->orange > 1.0))
				return fail(p, kl[SK_ORANGE], "'orange' (%g) must be above 1 when "
					    "higher is worse", sc->orange);
			if (sc->red > sc->points)
				return fail(p, kl[SK_RED], "'red' (%g) must be at most %d, the "
					    "answer points of scale '%s'", sc->red, sc->points,
					    sc->id);
		} else {
			if (sc->red < 1.0)
				return fail(p, kl[SK_RED], "'red' (%g) must be at least 1",
					    sc->red);
			if (!(sc->orange < sc->points))
				return fail(p, kl[SK_ORANGE], "'orange' (%g) must be below %d, the "
					    "answer points of scale '%s', when higher is better",
					    sc->orange, sc->points, sc->id);
		}
	}
	for (int i = 0; i < ins->nitems; i++) {
		struct scale *sc = &ins->scales[ins->items[i].scale];
		sc->items[sc->nitems++] = i;
	}

	for (int pg = 0; pg < ins->npages; pg++) {
		ins->pages[pg].items = xcalloc((size_t)ins->pages[pg].nitems, sizeof(int));
		ins->pages[pg].nitems = 0;
	}
	for (int r = 0; r < p->nrefs; r++) {
		const struct page_ref *ref = &p->refs[r];
		struct page *pg = &ins->pages[ref->page];
		int i = find_item(ins, ref->id);
		if (i < 0) {
			if (find_open(ins, ref->id) >= 0)
				return fail(p, ref->line, "open question '%.*s' cannot be on a "
					    "page; open questions come after the last page",
					    qlen(ref->id), ref->id.p);
			return fail(p, ref->line, "unknown item '%.*s'", qlen(ref->id), ref->id.p);
		}
		if (p->item_src[i].page_line)
			return fail(p, ref->line, "item '%s' is already on a page (line %ld)",
				    ins->items[i].id, p->item_src[i].page_line);
		p->item_src[i].page_line = ref->line;
		pg->items[pg->nitems++] = i;
	}
	for (int i = 0; i < ins->nitems; i++)
		if (!p->item_src[i].page_line)
			return fail(p, p->item_src[i].line, "item '%s' is on no page",
				    ins->items[i].id);
	return 0;
}

/* Checks the bytes of one line (without its line break). */
static int check_line_bytes(struct parser *p, struct str line)
{
	const char *nul;

	if (line.len > MAX_INSTRUMENT_LINE)
		return fail(p, p->line, "line is %zu bytes long; the limit is %d", line.len,
			    MAX_INSTRUMENT_LINE);
	nul = memchr(line.p, '\0', line.len);
	if (nul)
		return fail(p, p->line, "NUL byte at column %zu", (size_t)(nul - line.p) + 1);
	if (!utf8_valid(line.p, line.len))
		return fail(p, p->line, "invalid UTF-8");
	for (size_t i = 0; i < line.len; i++) {
		unsigned char c = (unsigned char)line.p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(p, p->line, "control character 0x%02x at column %zu", c, i + 1);
	}
	return 0;
}

static int check_format_line(struct parser *p, struct str line)
{
	struct str want = STR_LIT(FORMAT_LINE " ");
	long v;

	if (line.len > want.len && memcmp(line.p, want.p, want.len) == 0) {
		struct str num = {line.p + want.len, line.len - want.len};
		if (str_to_long(num, 1, FORMAT_VERSION, &v) == 0 && num.p[0] != '+' &&
		    num.p[0] != '0')
			return 0;
		return fail(p, p->line, "format version '%.*s' is not supported; this Hartslag "
			    "reads version %d", qlen(num), num.p, FORMAT_VERSION);
	}
	return fail(p, p->line, "the first line must be '%s %d'", FORMAT_LINE, FORMAT_VERSION);
}

static int parse_lines(struct parser *p, const char *data, size_t len)
{
	const char *cur = data, *end = data + len;

	/* A byte-order mark, as some editors on Windows write, is allowed. */
	if (len >= 3 && memcmp(cur, "\xef\xbb\xbf", 3) == 0)
		cur += 3;
	if (cur == end)
		return fail(p, 1, "the file is empty; the first line must be '%s %d'",
			    FORMAT_LINE, FORMAT_VERSION);
	while (cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		struct str line = {cur, nl ? (size_t)(nl - cur) : (size_t)(end - cur)};

		cur = nl ? nl + 1 : end;
		p->line++;
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (check_line_bytes(p, line))
			return ERR_INVALID;
		line = str_trim(line);
		if (p->line == 1) {
			if (check_format_line(p, line))
				return ERR_INVALID;
			continue;
		}
		if (line.len == 0 || line.p[0] == '#')
			continue;
		if (line.p[0] == '[') {
			if (open_section(p, line))
				return ERR_INVALID;
		} else if (key_line(p, line)) {
			return ERR_INVALID;
		}
	}
	if (close_section(p))
		return ERR_INVALID;
	return finish(p);
}

/*
 * Parses an instrument from data (borrowed, len bytes, need not end in
 * NUL). name only labels whole-file messages. Returns 0 with ins filled
 * (the caller releases it with instrument_release()), or ERR_INVALID with
 * d->line and d->msg set (the message names no line: the caller adds it)
 * and ins empty; nothing stays allocated on failure.
 */
int instrument_parse(struct instrument *ins, const char *name, const char *data, size_t len,
		     struct diag *d)
{
	struct parser *p;
	int rc;

	memset(ins, 0, sizeof(*ins));
	if (d) {
		d->msg[0] = '\0';
		d->line = 0;
	}
	if (len > MAX_INSTRUMENT_BYTES)
		return diag_set(d, 0, "'%s' is %zu bytes; an instrument file may have at most %d",
				name ? name : "instrument", len, MAX_INSTRUMENT_BYTES);
	p = xcalloc(1, sizeof(*p));
	p->ins = ins;
	p->name = name;
	p->d = d;
	p->sect = SECT_HEADER;
	p->sect_line = 1;
	rc = parse_lines(p, data, len);
	free(p);
	if (rc)
		instrument_release(ins);
	return rc;
}

static const char *errno_text(int e)
{
	switch (e) {
	case ENOENT:
		return "no such file";
	case EACCES:
		return "permission denied";
	case EISDIR:
		return "is a directory";
	default:
		return "read error";
	}
}

/*
 * Reads the file at path (at most MAX_INSTRUMENT_BYTES) and parses it.
 * Returns 0 (caller releases ins), ERR_IO when the file cannot be read,
 * or ERR_INVALID as instrument_parse(); on failure ins is empty and d says
 * why (d->line 0 for I/O and size).
 */
int instrument_load_file(struct instrument *ins, const char *path, struct diag *d)
{
	struct buf b = BUF_INIT(MAX_INSTRUMENT_BYTES);
	char chunk[16384];
	FILE *f;
	int rc = 0;

	memset(ins, 0, sizeof(*ins));
	f = fopen(path, "rb");
	if (!f) {
		diag_set(d, 0, "cannot open '%s': %s", path, errno_text(errno));
		return ERR_IO;
	}
	for (;;) {
		size_t n = fread(chunk, 1, sizeof(chunk), f);
		if (n && buf_append(&b, chunk, n)) {
			rc = diag_set(d, 0, "'%s' is larger than %d bytes, the limit for an "
				      "instrument file", path, MAX_INSTRUMENT_BYTES);
			goto out;
		}
		if (n < sizeof(chunk))
			break;
	}
	if (ferror(f)) {
		diag_set(d, 0, "cannot read '%s': %s", path, errno_text(errno));
		rc = ERR_IO;
		goto out;
	}
	rc = instrument_parse(ins, path, b.p ? b.p : "", b.len, d);
out:
	fclose(f);
	buf_release(&b);
	return rc;
}

/*
 * Frees everything ins owns and empties it; safe on an empty or partly
 * built instrument and when called twice.
 */
void instrument_release(struct instrument *ins)
{
	free(ins->id);
	text_release(&ins->title);
	text_release(&ins->intro);
	for (int i = 0; i < ins->nanswer_scales; i++) {
		free(ins->answer_scales[i].id);
		for (int k = 0; k < MAX_ANSWER_POINTS; k++)
			text_release(&ins->answer_scales[i].labels[k]);
	}
	free(ins->answer_scales);
	for (int i = 0; i < ins->nscales; i++) {
		struct scale *sc = &ins->scales[i];
		free(sc->id);
		text_release(&sc->name);
		text_release(&sc->description);
		for (int z = 0; z < 3; z++)
			text_release(&sc->feedback[z]);
		free(sc->items);
	}
	free(ins->scales);
	for (int i = 0; i < ins->nitems; i++) {
		free(ins->items[i].id);
		text_release(&ins->items[i].text);
	}
	free(ins->items);
	for (int i = 0; i < ins->npages; i++) {
		text_release(&ins->pages[i].title);
		free(ins->pages[i].items);
	}
	free(ins->pages);
	for (int i = 0; i < ins->nopen; i++) {
		free(ins->open[i].id);
		text_release(&ins->open[i].text);
	}
	free(ins->open);
	memset(ins, 0, sizeof(*ins));
}

/* Returns the index of the scale with that id, or -1. */
int instrument_scale_index(const struct instrument *ins, struct str id)
{
	return find_scale(ins, id);
}

/* Returns the index of the item with that id, or -1. */
int instrument_item_index(const struct instrument *ins, struct str id)
{
	return find_item(ins, id);
}
