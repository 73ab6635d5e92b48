/*
 * workshop.c: phases, session codes, dot voting and guiding questions of a
 * team workshop. See workshop.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "workshop.h"

static const char *const phase_codes[WS_PHASE_COUNT] = {
	"walls", "own_points", "voting", "brainstorm", "actions", "closed",
};

static const char *const phase_names[WS_PHASE_COUNT] = {
	N_("Strengths and attention points"),
	N_("Your own points"),
	N_("Dot voting"),
	N_("Brainstorm"),
	N_("Actions"),
	N_("Closed"),
};

/* Compares a str with a code, ignoring ASCII case. */
static int code_eq(struct str s, const char *code)
{
	size_t n = strlen(code);
	if (s.len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != code[i])
			return 0;
	}
	return 1;
}

const char *workshop_phase_code(enum workshop_phase p)
{
	return (unsigned)p < WS_PHASE_COUNT ? phase_codes[p] : "?";
}

int workshop_phase_parse(struct str s, enum workshop_phase *out)
{
	s = str_trim(s);
	for (int i = 0; i < WS_PHASE_COUNT; i++) {
		if (code_eq(s, phase_codes[i])) {
			*out = (enum workshop_phase)i;
			return 0;
		}
	}
	return -1;
}

const char *workshop_phase_name(enum workshop_phase p, enum lang lang)
{
	return (unsigned)p < WS_PHASE_COUNT ? T(lang, phase_names[p]) : "?";
}

/*
 * One step at a time keeps the room together: the facilitator cannot skip
 * the voting that chooses the themes. Going back one step lets a group add
 * a point it forgot. Closing is possible from anywhere (a workshop that
 * ends early), and final, so the tally and ideas cannot change afterwards.
 */
int workshop_phase_allowed(enum workshop_phase from, enum workshop_phase to)
{
	if ((unsigned)from >= WS_PHASE_COUNT || (unsigned)to >= WS_PHASE_COUNT)
		return 0;
	if (from == WS_CLOSED || from == to)
		return 0;
	if (to == WS_CLOSED)
		return 1;
	return (int)to == (int)from + 1 || (int)to == (int)from - 1;
}

int workshop_phase_accepts_points(enum workshop_phase p)
{
	return p == WS_OWN_POINTS;
}

int workshop_phase_accepts_ideas(enum workshop_phase p)
{
	return p == WS_BRAINSTORM;
}

int workshop_phase_accepts_votes(enum workshop_phase p)
{
	return p == WS_VOTING;
}

static const char *const wall_codes[WALL_COUNT] = {"strengths", "attention"};
static const char *const wall_names[WALL_COUNT] = {
	N_("Strengths: what goes well"),
	N_("Attention points: what could be better"),
};

const char *workshop_wall_code(enum workshop_wall w)
{
	return (unsigned)w < WALL_COUNT ? wall_codes[w] : "?";
}

int workshop_wall_parse(struct str s, enum workshop_wall *out)
{
	s = str_trim(s);
	for (int i = 0; i < WALL_COUNT; i++) {
		if (code_eq(s, wall_codes[i])) {
			*out = (enum workshop_wall)i;
			return 0;
		}
	}
	return -1;
}

const char *workshop_wall_name(enum workshop_wall w, enum lang lang)
{
	return (unsigned)w < WALL_COUNT ? T(lang, wall_names[w]) : "?";
}

/* ------------------------------------------------------------ codes */

#define CODE_SYMBOLS (sizeof(WORKSHOP_CODE_ALPHABET) - 1)
/* The largest multiple of the alphabet size that fits a byte: 8 * 31. */
#define CODE_BYTE_LIMIT (256 / CODE_SYMBOLS * CODE_SYMBOLS)

int workshop_code_make(const uint8_t *rnd, size_t n, char out[WORKSHOP_CODE_LEN + 1])
{
	static const char alphabet[] = WORKSHOP_CODE_ALPHABET;
	size_t k = 0;

	/* Rejection sampling: a plain modulo would favour the first 8 symbols. */
	for (size_t i = 0; i < n && k < WORKSHOP_CODE_LEN; i++) {
		if (rnd[i] >= CODE_BYTE_LIMIT)
			continue;
		out[k++] = alphabet[rnd[i] % CODE_SYMBOLS];
	}
	out[k] = '\0';
	if (k < WORKSHOP_CODE_LEN) {
		out[0] = '\0';
		return ERR_INVALID;
	}
	return 0;
}

int workshop_code_parse(struct str in, char out[WORKSHOP_CODE_LEN + 1])
{
	size_t k = 0;

	for (size_t i = 0; i < in.len; i++) {
		char c = in.p[i];
		if (c == ' ' || c == '\t' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == '\0' || !strchr(WORKSHOP_CODE_ALPHABET, c) || k == WORKSHOP_CODE_LEN) {
			out[0] = '\0';
			return -1;
		}
		out[k++] = c;
	}
	out[k] = '\0';
	if (k != WORKSHOP_CODE_LEN) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

void workshop_code_format(const char *code, char out[WORKSHOP_CODE_LEN + 2])
{
	size_t half = WORKSHOP_CODE_LEN / 2, k = 0;

	for (size_t i = 0; i < WORKSHOP_CODE_LEN && code[i]; i++) {
		if (i == half)
			out[k++] = '-';
		out[k++] = code[i];
	}
	out[k] = '\0';
}

/* ------------------------------------------------------------ texts */

/* Fills d with a translated message with up to two arguments; returns ERR_INVALID. */
static int fail(struct diag *d, enum lang lang, const char *msgid, const char *a1, const char *a2)
{
	char *m = tmpl_fill(T(lang, msgid), a1, a2, (const char *)NULL);
	int rc = diag_set(d, 0, "%s", m);
	free(m);
	return rc;
}

int workshop_text_check(struct str in, enum lang lang, struct str *out, struct diag *d)
{
	struct str s = str_trim(in);
	char max[24];

	/* Newlines count as blank at the ends too: a phone keyboard adds them. */
	while (s.len && (s.p[0] == '\n' || s.p[0] == '\r'))
		s = str_trim((struct str){s.p + 1, s.len - 1});
	while (s.len && (s.p[s.len - 1] == '\n' || s.p[s.len - 1] == '\r'))
		s = str_trim((struct str){s.p, s.len - 1});
	if (s.len == 0)
		return fail(d, lang, N_("Write something first."), NULL, NULL);
	if (s.len > WORKSHOP_MAX_TEXT) {
		snprintf(max, sizeof(max), "%d", WORKSHOP_MAX_TEXT);
		return fail(d, lang, N_("The text is too long (at most {1} characters)."), max, NULL);
	}
	if (!utf8_valid(s.p, s.len))
		return fail(d, lang, N_("The text contains characters that are not valid."), NULL, NULL);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return fail(d, lang, N_("The text contains characters that are not valid."),
				    NULL, NULL);
	}
	*out = s;
	return 0;
}

/* ------------------------------------------------------------ voting */

void vote_rules_default(struct vote_rules *r)
{
	r->budget = WORKSHOP_DOTS_DEFAULT;
	r->stacking = 1;
}

int vote_rules_check(const struct vote_rules *r, enum lang lang, struct diag *d)
{
	char max[24];

	if (r->budget < 1 || r->budget > WORKSHOP_MAX_DOTS) {
		snprintf(max, sizeof(max), "%d", WORKSHOP_MAX_DOTS);
		return fail(d, lang, N_("Each participant gets between 1 and {1} dots."), max, NULL);
	}
	if (r->stacking != 0 && r->stacking != 1)
		return fail(d, lang, N_("Stacking dots is either allowed or not."), NULL, NULL);
	return 0;
}

static int item_known(const long *items, size_t n, long item)
{
	for (size_t i = 0; i < n; i++)
		if (items[i] == item)
			return (int)i;
	return -1;
}

int ballot_check(const struct vote *ballot, size_t n, const struct vote_rules *r,
		 const long *items, size_t n_items, enum lang lang, struct diag *d)
{
	long total = 0;
	char num[24];

	if (vote_rules_check(r, lang, d))
		return ERR_INVALID;
	if (n == 0)
		return fail(d, lang, N_("Place at least one dot."), NULL, NULL);
	if (n > n_items || n > WORKSHOP_MAX_ITEMS)
		return fail(d, lang, N_("This vote names a point that cannot be voted on."), NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		if (item_known(items, n_items, ballot[i].item) < 0)
			return fail(d, lang, N_("This vote names a point that cannot be voted on."),
				    NULL, NULL);
		for (size_t j = 0; j < i; j++)
			if (ballot[j].item == ballot[i].item)
				return fail(d, lang, N_("A point appears twice in this vote."), NULL,
					    NULL);
		if (ballot[i].dots < 1)
			return fail(d, lang, N_("A point needs at least one dot."), NULL, NULL);
		if (ballot[i].dots > 1 && !r->stacking)
			return fail(d, lang, N_("Put at most one dot on each point."), NULL, NULL);
		/* Checked one line at a time, so a huge pile cannot overflow the sum. */
		total += ballot[i].dots;
		if (total > r->budget)
			break;
	}
	if (total > r->budget) {
		snprintf(num, sizeof(num), "%d", r->budget);
		return fail(d, lang, N_("You have {1} dots: place no more than that."), num, NULL);
	}
	return 0;
}

/* Most dots, then most ballots, then earliest item: a total order. */
static int tally_cmp(const void *pa, const void *pb)
{
	const struct tally_row *a = pa, *b = pb;

	if (a->dots != b->dots)
		return a->dots > b->dots ? -1 : 1;
	if (a->votes != b->votes)
		return a->votes > b->votes ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

size_t workshop_tally(const long *items, size_t n_items, const struct vote *votes, size_t n_votes,
		      struct tally_row *rows)
{
	size_t skipped = 0;
	struct id_index *ix = xcalloc(n_items ? n_items : 1, sizeof(*ix));

	for (size_t i = 0; i < n_items; i++) {
		rows[i] = (struct tally_row){items[i], (int)i, 0, 0};
		ix[i] = (struct id_index){items[i], (int)i};
	}
	/* A bisected look-up: a workshop of 100 phones sends many votes. */
	id_index_sort(ix, n_items);
	for (size_t v = 0; v < n_votes; v++) {
		int at = id_index_find(ix, n_items, votes[v].item);
		if (at < 0 || votes[v].dots <= 0) {
			skipped++;
			continue;
		}
		rows[at].dots += votes[v].dots;
		rows[at].votes++;
	}
	free(ix);
	if (n_items > 1)
		qsort(rows, n_items, sizeof(*rows), tally_cmp);
	return skipped;
}

size_t workshop_top(const struct tally_row *rows, size_t n, size_t want, int *tie_at_cut)
{
	size_t k = 0;

	while (k < n && k < want && rows[k].dots > 0)
		k++;
	if (tie_at_cut)
		*tie_at_cut = k > 0 && k < n && rows[k].dots > 0 && rows[k].dots == rows[k - 1].dots;
	return k;
}

/* ------------------------------------------------------------ guiding questions */

/*
 * From the cocreation workshops (survey feedback): first whether the team
 * recognises the results and what explains them, then what to keep and
 * what to tackle first, then per IGLO level what can be done.
 */
static const struct workshop_question questions[] = {
	{WS_WALLS, N_("Do we recognise these results?")},
	{WS_WALLS, N_("What explains these scores?")},
	{WS_OWN_POINTS, N_("What is missing from the walls?")},
	{WS_OWN_POINTS, N_("Which strengths do we want to keep and reinforce?")},
	{WS_VOTING, N_("Which attention points should we tackle first?")},
	{WS_BRAINSTORM, N_("What can we do ourselves, starting tomorrow?")},
	{WS_BRAINSTORM, N_("What can we do together as a team?")},
	{WS_BRAINSTORM, N_("What do we need from our manager?")},
	{WS_BRAINSTORM, N_("What do we need from the organisation?")},
	{WS_ACTIONS, N_("Who does what, by when, and how will we see that it helped?")},
};

const struct workshop_question *workshop_questions(size_t *n)
{
	*n = ARRAY_SIZE(questions);
	return questions;
}

const char *workshop_question_text(size_t i, enum lang lang)
{
	return i < ARRAY_SIZE(questions) ? T(lang, questions[i].text) : "";
}

size_t workshop_questions_of(enum workshop_phase p, size_t *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < ARRAY_SIZE(questions); i++) {
		if (questions[i].phase != p)
			continue;
		if (k < max)
			out[k] = i;
		k++;
	}
	return k;
}
