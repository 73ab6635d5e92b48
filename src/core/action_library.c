/*
 * action_library.c: the strict loader and the search of the action
 * library (format in docs/action-library.md). The file is read line by
 * line; the first fault stops the parse with the line and what is wrong,
 * and nothing is kept, as with instrument files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "action_library.h"
#include "embed.h"

#define FORMAT_LINE "hartslag-actions"
#define FORMAT_VERSION 1
#define QUOTE_MAX 64
#define DEFAULT_NAME "library/actions.txt"

enum lkey { LK_THEME, LK_LEVEL, LK_QUICK_WIN, LK_INDICATOR, LK_TITLE, LK_TEXT, LK_COUNT };

static const struct {
	const char *name;
	int text;     /* one per language: name.nl, name.fr, name.en */
	int required;
} lkeys[LK_COUNT] = {
	[LK_THEME] = {"theme", 0, 1},
	[LK_LEVEL] = {"level", 0, 1},
	[LK_QUICK_WIN] = {"quick_win", 0, 1},
	[LK_INDICATOR] = {"indicator", 0, 0},
	[LK_TITLE] = {"title", 1, 1},
	[LK_TEXT] = {"text", 1, 1},
};

struct lparser {
	struct action_library *lib;
	const struct instrument *ins;
	struct diag *d;
	long line;
	int in_action;        /* a section is open */
	long sect_line;
	long seen[LK_COUNT][LANG_COUNT];
};

static int fail(struct lparser *p, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct lparser *p, long line, const char *fmt, ...)
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

static int qlen(struct str s)
{
	return s.len > QUOTE_MAX ? QUOTE_MAX : (int)s.len;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* An action id: [a-z0-9_-], 1..MAX_ID_BYTES; a theme: the same without '-'. */
static int id_ok(struct str s, int dash)
{
	if (s.len == 0 || s.len > MAX_ID_BYTES)
		return 0;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-')))
			return 0;
	}
	return 1;
}

static void lib_action_release(struct lib_action *a)
{
	free(a->id);
	for (int i = 0; i < a->nthemes; i++)
		free(a->themes[i]);
	free(a->themes);
	free(a->indicator);
	text_release(&a->title);
	text_release(&a->description);
	memset(a, 0, sizeof(*a));
}

void action_library_release(struct action_library *lib)
{
	for (int i = 0; i < lib->n; i++)
		lib_action_release(&lib->actions[i]);
	free(lib->actions);
	memset(lib, 0, sizeof(*lib));
}

static struct lib_action *cur(struct lparser *p)
{
	return &p->lib->actions[p->lib->n - 1];
}

/* Checks that the open action has every required key; called at its end. */
static int close_action(struct lparser *p)
{
	static const char *const lang_sfx[LANG_COUNT] = {"nl", "fr", "en"};

	if (!p->in_action)
		return 0;
	for (int k = 0; k < LK_COUNT; k++) {
		if (!lkeys[k].required)
			continue;
		for (int l = 0; l < (lkeys[k].text ? LANG_COUNT : 1); l++) {
			if (p->seen[k][l])
				continue;
			if (lkeys[k].text)
				return fail(p, p->sect_line, "action '%s' has no %s.%s", cur(p)->id,
					    lkeys[k].name, lang_sfx[l]);
			return fail(p, p->sect_line, "action '%s' has no %s", cur(p)->id, lkeys[k].name);
		}
	}
	p->in_action = 0;
	return 0;
}

static int open_action(struct lparser *p, struct str line)
{
	struct str id;

	if (line.len < 2 || line.p[line.len - 1] != ']')
		return fail(p, p->line, "a section line must end with ']'");
	struct str inner = str_trim((struct str){line.p + 1, line.len - 2});
	if (inner.len < 7 || memcmp(inner.p, "action", 6) || !is_space(inner.p[6]))
		return fail(p, p->line, "unknown section '[%.*s]' (expected '[action <id>]')",
			    qlen(inner), inner.p);
	id = str_trim((struct str){inner.p + 7, inner.len - 7});
	if (!id_ok(id, 1))
		return fail(p, p->line,
			    "action id '%.*s' must be 1 to %d characters of a-z, 0-9, '_' and '-'",
			    qlen(id), id.p, MAX_ID_BYTES);
	if (action_library_find(p->lib, id))
		return fail(p, p->line, "action '%.*s' is defined twice", qlen(id), id.p);
	if (p->lib->n >= MAX_LIBRARY_ACTIONS)
		return fail(p, p->line, "too many actions (at most %d)", MAX_LIBRARY_ACTIONS);
	p->lib->actions = xrealloc(p->lib->actions, ((size_t)p->lib->n + 1) * sizeof(*p->lib->actions));
	memset(&p->lib->actions[p->lib->n], 0, sizeof(*p->lib->actions));
	p->lib->actions[p->lib->n++].id = xstrndup(id.p, id.len);
	p->in_action = 1;
	p->sect_line = p->line;
	memset(p->seen, 0, sizeof(p->seen));
	return 0;
}

static int set_themes(struct lparser *p, struct str v)
{
	struct lib_action *a = cur(p);
	size_t i = 0;

	while (i < v.len) {
		while (i < v.len && is_space(v.p[i]))
			i++;
		size_t s = i;
		while (i < v.len && !is_space(v.p[i]))
			i++;
		if (i == s)
			break;
		struct str t = {v.p + s, i - s};
		if (!id_ok(t, 0))
			return fail(p, p->line, "theme '%.*s' is not a scale id (a-z, 0-9, '_')",
				    qlen(t), t.p);
		if (p->ins && instrument_scale_index(p->ins, t) < 0)
			return fail(p, p->line, "theme '%.*s' is not a scale of instrument '%s'",
				    qlen(t), t.p, p->ins->id);
		if (lib_action_has_theme(a, t))
			return fail(p, p->line, "theme '%.*s' is named twice", qlen(t), t.p);
		if (a->nthemes >= MAX_LIBRARY_THEMES)
			return fail(p, p->line, "too many themes (at most %d)", MAX_LIBRARY_THEMES);
		a->themes = xrealloc(a->themes, ((size_t)a->nthemes + 1) * sizeof(*a->themes));
		a->themes[a->nthemes++] = xstrndup(t.p, t.len);
	}
	if (a->nthemes == 0)
		return fail(p, p->line, "'theme' needs at least one scale id");
	return 0;
}

static int set_indicator(struct lparser *p, struct str v)
{
	enum action_absind ai;

	if (action_absind_parse(v, &ai) == 0) {
		cur(p)->indicator = xstrdup(action_absind_code(ai));
		return 0;
	}
	if (!id_ok(v, 0) || (p->ins && instrument_scale_index(p->ins, v) < 0))
		return fail(p, p->line,
			    "indicator '%.*s' is neither a scale nor an absence indicator "
			    "(absence_rate, frequency, mean_duration, zero_absence, "
			    "frequent_absentees, bradford, turnover, work_accidents)",
			    qlen(v), v.p);
	cur(p)->indicator = xstrndup(v.p, v.len);
	return 0;
}

static int set_text(struct lparser *p, enum lkey k, enum lang l, struct str v)
{
	size_t max = k == LK_TITLE ? MAX_LIBRARY_TITLE : MAX_LIBRARY_TEXT;
	struct text *t = k == LK_TITLE ? &cur(p)->title : &cur(p)->description;

	if (v.len == 0)
		return fail(p, p->line, "'%s.%s' is empty", lkeys[k].name, lang_code(l));
	if (v.len > max)
		return fail(p, p->line, "'%s.%s' is too long (%zu bytes, at most %zu)", lkeys[k].name,
			    lang_code(l), v.len, max);
	t->t[l] = xstrndup(v.p, v.len);
	return 0;
}

/* One "key value" line inside an action. */
static int key_line(struct lparser *p, struct str line)
{
	size_t i = 0;
	enum lang l = LANG_NL;
	int k;

	while (i < line.len && !is_space(line.p[i]))
		i++;
	struct str key = {line.p, i};
	struct str v = str_trim((struct str){line.p + i, line.len - i});
	struct str base = key;
	const char *dot = memchr(key.p, '.', key.len);
	if (dot) {
		base.len = (size_t)(dot - key.p);
		struct str sfx = {dot + 1, key.len - base.len - 1};
		if (!(sfx.len == 2 && lang_parse(sfx, &l) == 0 && !memcmp(sfx.p, lang_code(l), 2)))
			return fail(p, p->line, "unknown language '%.*s' in key '%.*s' (use nl, fr or en)",
				    qlen(sfx), sfx.p, qlen(key), key.p);
	}
	for (k = 0; k < LK_COUNT; k++)
		if (str_eq_lit(base, lkeys[k].name))
			break;
	if (k == LK_COUNT)
		return fail(p, p->line, "unknown key '%.*s'", qlen(key), key.p);
	if (lkeys[k].text && !dot)
		return fail(p, p->line, "'%s' needs a language: %s.nl, %s.fr and %s.en",
			    lkeys[k].name, lkeys[k].name, lkeys[k].name, lkeys[k].name);
	if (!lkeys[k].text && dot)
		return fail(p, p->line, "'%s' takes no language suffix", lkeys[k].name);
	int slot = lkeys[k].text ? (int)l : 0;
	if (p->seen[k][slot])
		return fail(p, p->line, "'%.*s' is given twice (first on line %ld)", qlen(key), key.p,
			    p->seen[k][slot]);
	p->seen[k][slot] = p->line;
	if (!lkeys[k].text && v.len == 0)
		return fail(p, p->line, "'%s' needs a value", lkeys[k].name);

	switch ((enum lkey)k) {
	case LK_THEME:
		return set_themes(p, v);
	case LK_LEVEL: {
		enum iglo_level lv;
		if (iglo_parse(v, &lv) || !(str_eq_lit(v, iglo_code(lv))))
			return fail(p, p->line,
				    "level '%.*s' must be individual, group, leader or organisation",
				    qlen(v), v.p);
		cur(p)->level = lv;
		return 0;
	}
	case LK_QUICK_WIN:
		if (str_eq_lit(v, "yes"))
			cur(p)->quick_win = 1;
		else if (str_eq_lit(v, "no"))
			cur(p)->quick_win = 0;
		else
			return fail(p, p->line, "'quick_win' must be 'yes' or 'no', not '%.*s'", qlen(v),
				    v.p);
		return 0;
	case LK_INDICATOR:
		return set_indicator(p, v);
	case LK_TITLE:
	case LK_TEXT:
		return set_text(p, (enum lkey)k, l, v);
	case LK_COUNT:
		break;
	}
	return fail(p, p->line, "unknown key '%.*s'", qlen(key), key.p);
}

/* The first meaningful line: "hartslag-actions 1". */
static int header_line(struct lparser *p, struct str line)
{
	size_t n = sizeof(FORMAT_LINE) - 1;
	long v;

	if (line.len <= n || memcmp(line.p, FORMAT_LINE, n) || !is_space(line.p[n]))
		return fail(p, p->line, "not an action library: the first line must be '%s %d'",
			    FORMAT_LINE, FORMAT_VERSION);
	struct str ver = str_trim((struct str){line.p + n, line.len - n});
	if (str_to_long(ver, 0, 1000000, &v) || v != FORMAT_VERSION)
		return fail(p, p->line, "format version '%.*s' is not supported (this Hartslag reads %d)",
			    qlen(ver), ver.p, FORMAT_VERSION);
	return 0;
}

static int parse_lines(struct lparser *p, const char *data, size_t len)
{
	size_t pos = 0;
	int header = 0, rc;

	if (len > MAX_LIBRARY_BYTES)
		return fail(p, 0, "the file is too large (at most %d bytes)", MAX_LIBRARY_BYTES);
	/* A byte order mark from an editor is harmless: skip it. */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		struct str line = {data + pos, end - pos};
		pos = nl ? end + 1 : len;
		p->line++;
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (line.len > MAX_LIBRARY_LINE)
			return fail(p, p->line, "the line is too long (at most %d bytes)", MAX_LIBRARY_LINE);
		if (!utf8_valid(line.p, line.len))
			return fail(p, p->line, "the line is not valid UTF-8");
		for (size_t i = 0; i < line.len; i++) {
			unsigned char c = (unsigned char)line.p[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return fail(p, p->line, "the line contains a control character");
		}
		line = str_trim(line);
		if (line.len == 0 || line.p[0] == '#')
			continue;
		if (!header) {
			if ((rc = header_line(p, line)))
				return rc;
			header = 1;
			continue;
		}
		if (line.p[0] == '[') {
			if ((rc = close_action(p)) || (rc = open_action(p, line)))
				return rc;
			continue;
		}
		if (!p->in_action)
			return fail(p, p->line, "'%.*s' is outside an [action <id>] section",
				    qlen(line), line.p);
		if ((rc = key_line(p, line)))
			return rc;
	}
	if (!header)
		return fail(p, p->line ? p->line : 1, "the file is empty: the first line must be '%s %d'",
			    FORMAT_LINE, FORMAT_VERSION);
	if ((rc = close_action(p)))
		return rc;
	if (p->lib->n == 0)
		return fail(p, p->line, "the library has no actions");
	return 0;
}

int action_library_parse(struct action_library *lib, const char *name, const char *data,
			 size_t len, const struct instrument *ins, struct diag *d)
{
	struct lparser p = {.lib = lib, .ins = ins, .d = d};

	(void)name; /* messages carry the line; the caller names the file */
	memset(lib, 0, sizeof(*lib));
	if (d) {
		d->msg[0] = '\0';
		d->line = 0;
	}
	int rc = parse_lines(&p, data, len);
	if (rc)
		action_library_release(lib);
	return rc;
}

int action_library_load_default(struct action_library *lib, const struct instrument *ins,
				struct diag *d)
{
	const struct embedded_file *f = embed_find(DEFAULT_NAME);

	if (!f) {
		memset(lib, 0, sizeof(*lib));
		return diag_set(d, 0, "%s is not built in", DEFAULT_NAME);
	}
	return action_library_parse(lib, DEFAULT_NAME, (const char *)f->data, f->len, ins, d);
}

const struct lib_action *action_library_find(const struct action_library *lib, struct str id)
{
	for (int i = 0; i < lib->n; i++)
		if (str_eq(str_from(lib->actions[i].id), id))
			return &lib->actions[i];
	return NULL;
}

int lib_action_has_theme(const struct lib_action *a, struct str theme)
{
	for (int i = 0; i < a->nthemes; i++)
		if (str_eq(str_from(a->themes[i]), theme))
			return 1;
	return 0;
}

/* ------------------------------------------------------------ search */

/*
 * Latin-1 Supplement letters (U+00C0..U+00FF) without accents, lower case;
 * "" for the signs that are not letters (multiplication, division).
 */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

int action_library_fold(struct buf *b, struct str s)
{
	int rc = 0;

	for (size_t i = 0; i < s.len && rc == 0; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 'A' && c <= 'Z') {
			rc = buf_putc(b, (char)(c - 'A' + 'a'));
		} else if (c == 0xC3 && i + 1 < s.len && (unsigned char)s.p[i + 1] >= 0x80 &&
			   (unsigned char)s.p[i + 1] <= 0xBF) {
			/* U+00C0..U+00FF: 0xC3 0x80..0xBF. */
			rc = buf_puts(b, latin1_fold[(unsigned char)s.p[i + 1] - 0x80]);
			i++;
		} else if (c == 0xC5 && i + 1 < s.len &&
			   ((unsigned char)s.p[i + 1] == 0x92 || (unsigned char)s.p[i + 1] == 0x93)) {
			rc = buf_puts(b, "oe"); /* U+0152, U+0153 */
			i++;
		} else if (c == 0xE2 && i + 2 < s.len && (unsigned char)s.p[i + 1] == 0x80 &&
			   ((unsigned char)s.p[i + 2] == 0x99 || (unsigned char)s.p[i + 2] == 0x98)) {
			rc = buf_putc(b, '\''); /* typographic apostrophes as typed ones */
			i += 2;
		} else {
			rc = buf_putc(b, (char)c);
		}
	}
	return rc;
}

/* Separators between query words: ASCII spaces and punctuation. */
static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' ||
	       c == '?' || c == '"' || c == '(' || c == ')' || c == '/' || c == '-' || c == '\'' ||
	       c == '\n' || c == '\r';
}

/* 1 when every word of the folded query occurs in hay. */
static int words_in(const char *q, size_t qlen, const char *hay)
{
	size_t i = 0;

	while (i < qlen) {
		while (i < qlen && is_sep(q[i]))
			i++;
		size_t s = i;
		while (i < qlen && !is_sep(q[i]))
			i++;
		if (i == s)
			break;
		char *w = xstrndup(q + s, i - s);
		int found = strstr(hay, w) != NULL;
		free(w);
		if (!found)
			return 0;
	}
	return 1;
}

static int entry_matches(const struct lib_action *a, const char *q, size_t qlen, enum lang lang)
{
	struct buf hay = BUF_INIT(4 * (MAX_LIBRARY_TITLE + MAX_LIBRARY_TEXT) + 8);
	int ok;

	/* Folding never more than doubles a text, so the ceiling is not reached. */
	action_library_fold(&hay, str_from(text_get(&a->title, lang)));
	buf_putc(&hay, '\n');
	action_library_fold(&hay, str_from(text_get(&a->description, lang)));
	ok = words_in(q, qlen, buf_cstr(&hay));
	buf_release(&hay);
	return ok;
}

size_t action_library_search(const struct action_library *lib, struct str query, enum lang lang,
			     struct str theme, int level, int *out, size_t max)
{
	struct buf q = BUF_INIT(4 * MAX_LIBRARY_LINE);
	size_t found = 0;

	if (query.len > MAX_LIBRARY_LINE)
		query.len = MAX_LIBRARY_LINE;
	action_library_fold(&q, query);
	/* Two passes keep library order within quick wins and the rest. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < lib->n; i++) {
			const struct lib_action *a = &lib->actions[i];
			if (a->quick_win != (pass == 0))
				continue;
			if (theme.len && !lib_action_has_theme(a, theme))
				continue;
			if (level >= 0 && (int)a->level != level)
				continue;
			if (!entry_matches(a, buf_cstr(&q), q.len, lang))
				continue;
			if (found < max)
				out[found] = i;
			found++;
		}
	}
	buf_release(&q);
	return found;
}
