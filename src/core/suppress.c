/*
 * suppress.c: what of a wave may be shown (DESIGN.md anonymity rules 1, 2
 * and 4) and the screening of comments. docs/anonymity.md describes the
 * rules, the guaranteed property and how tests/unit/test_attack.c tries to
 * break it.
 *
 * For one scale the shown unit figures cut the respondents with a valid
 * score into regions: the people of a shown unit who are in none of its
 * shown descendants. The tree rule keeps every region empty or at least
 * k. A dimension's shown bands then cut each region into cells by band
 * value: a value is "anchored" for a region when some shown ancestor (or
 * the unit itself) shows that value's band. Every anchored cell, and the
 * rest of the region together (the pool), must be empty or at least k.
 * These cells are exactly the classes of people who belong to the same
 * shown figures, so every sum or difference of shown figures of that scale
 * and dimension is a union of them: none isolates 1 to k-1 people.
 */
#include <stddef.h>
#include <stdint.h>

#include "suppress.h"
#include "util.h"

/* The unit tree: children in one array, units in breadth-first order. */
struct tree {
	int n;
	const int *parent;
	int *first;  /* [n + 1]: children of u are kids[first[u] .. first[u + 1]) */
	int *kids;   /* [n] */
	int *order;  /* [n]: roots first, every unit after its parent */
	int *stack;  /* [n] scratch */
	int *list;   /* [n] scratch: nearest shown descendants */
};

static void tree_release(struct tree *t)
{
	free(t->first);
	free(t->kids);
	free(t->order);
	free(t->stack);
	free(t->list);
}

/* Builds t from parent; ERR_INVALID unless it is a forest of n units. */
static int tree_init(struct tree *t, int n, const int *parent)
{
	size_t sz = n > 0 ? (size_t)n : 1;
	int rc = ERR_INVALID;

	t->n = n;
	t->parent = parent;
	t->first = xcalloc(sz + 1, sizeof(int));
	t->kids = xmalloc(sz * sizeof(int));
	t->order = xmalloc(sz * sizeof(int));
	t->stack = xmalloc(sz * sizeof(int));
	t->list = xmalloc(sz * sizeof(int));
	for (int u = 0; u < n; u++) {
		if (parent[u] < -1 || parent[u] >= n || parent[u] == u)
			goto out;
		if (parent[u] >= 0)
			t->first[parent[u] + 1]++;
	}
	for (int u = 0; u < n; u++)
		t->first[u + 1] += t->first[u];
	/* stack as the fill position of each unit's children */
	for (int u = 0; u < n; u++)
		t->stack[u] = t->first[u];
	for (int u = 0; u < n; u++)
		if (parent[u] >= 0)
			t->kids[t->stack[parent[u]]++] = u;
	int m = 0;
	for (int u = 0; u < n; u++)
		if (parent[u] < 0)
			t->order[m++] = u;
	for (int i = 0; i < m; i++) {
		int u = t->order[i];
		for (int j = t->first[u]; j < t->first[u + 1]; j++)
			t->order[m++] = t->kids[j];
	}
	if (m != n) /* a cycle: some units never reach a root */
		goto out;
	rc = 0;
out:
	if (rc)
		tree_release(t);
	return rc;
}

/*
 * Appends to t->list (from *len) the nearest shown descendants of u: the
 * shown units below u with no shown unit between.
 */
static void nearest_shown(struct tree *t, int u, const unsigned char *show, int *len)
{
	int sp = 0;
	for (int j = t->first[u]; j < t->first[u + 1]; j++)
		t->stack[sp++] = t->kids[j];
	while (sp) {
		int v = t->stack[--sp];
		if (show[v]) {
			t->list[(*len)++] = v;
			continue;
		}
		for (int j = t->first[v]; j < t->first[v + 1]; j++)
			t->stack[sp++] = t->kids[j];
	}
}

/*
 * The tree rule on the counts cnt[u] (u with its descendants): shows the
 * units with a count of at least k whose remainder (count minus the
 * counts of the nearest shown descendants) is 0 or at least k, hiding
 * descendants where needed. Sets show[u], and rem[u] for shown u.
 * Bottom-up, so each unit's remainder is settled before its ancestors',
 * and hiding below a unit changes only that unit's remainder: one pass
 * reaches the fixed point. Returns how many units it hid beyond the
 * count rule.
 */
static long tree_rule(struct tree *t, const long *cnt, long k, unsigned char *show, long *rem)
{
	long hidden = 0;

	for (int u = 0; u < t->n; u++) {
		show[u] = cnt[u] >= k;
		rem[u] = 0;
	}
	for (int i = t->n; i-- > 0;) {
		int u = t->order[i];
		if (!show[u])
			continue;
		int len = 0;
		nearest_shown(t, u, show, &len);
		long r = cnt[u];
		for (int j = 0; j < len; j++)
			r -= cnt[t->list[j]];
		while (r != 0 && r < k) {
			/*
			 * Hide the smallest nearest shown descendant whose own
			 * remainder is not empty (hiding it adds that remainder
			 * here); if all are empty, the smallest (it is the sum of
			 * its own shown descendants, so nothing is lost) and look
			 * again one level down. The list is never empty here: then
			 * r would be the unit's own count, at least k.
			 */
			int best = -1, any = -1;
			for (int j = 0; j < len; j++) {
				int v = t->list[j];
				long c = cnt[v];
				if (any < 0 || c < cnt[t->list[any]] ||
				    (c == cnt[t->list[any]] && v < t->list[any]))
					any = j;
				if (rem[v] == 0)
					continue;
				if (best < 0 || c < cnt[t->list[best]] ||
				    (c == cnt[t->list[best]] && v < t->list[best]))
					best = j;
			}
			if (best < 0)
				best = any;
			if (best < 0)
				break; /* inconsistent counts; r is then the unit's own count */
			int v = t->list[best];
			show[v] = 0;
			hidden++;
			r += rem[v];
			t->list[best] = t->list[--len];
			nearest_shown(t, v, show, &len);
		}
		rem[u] = r;
	}
	return hidden;
}

/*
 * One pass of the pool rule over the units in breadth-first order. anch[u,
 * v] says whether value v is anchored in u's region (a shown band of v at
 * u or above). It is inherited from the parent, which a repair elsewhere
 * may have made stale; stale only means "anchored" where it no longer is,
 * which makes a pool look smaller. So a pool that looks valid is valid, and
 * one that looks too small is computed again from the unit's own chain
 * before anything is hidden. Returns the number of repairs.
 */
static long pool_pass(const struct tree *t, const struct agg_wave *w, int d, int s, long k,
		      const unsigned char *show, unsigned char *band, const long *cells,
		      unsigned char *anch)
{
	int n = w->nunits, nv = w->nvalues[d], ns = w->nscales;
	long repairs = 0;
#define AT(u, v) ((size_t)(u) * (size_t)nv + (size_t)(v))
#define BI(u, v) (AT(u, v) * (size_t)ns + (size_t)s)

	for (int i = 0; i < n; i++) {
		int u = t->order[i], p = t->parent[u];
		for (int v = 0; v < nv; v++)
			anch[AT(u, v)] = band[BI(u, v)] || (p >= 0 && anch[AT(p, v)]);
		if (!show[u])
			continue;
		long pool = 0;
		for (int v = 0; v < nv; v++)
			if (!anch[AT(u, v)])
				pool += cells[AT(u, v)];
		if (pool == 0 || pool >= k)
			continue;
		pool = 0;
		for (int v = 0; v < nv; v++) {
			int a = u;
			while (a >= 0 && !band[BI(a, v)])
				a = t->parent[a];
			anch[AT(u, v)] = a >= 0;
			if (!anch[AT(u, v)])
				pool += cells[AT(u, v)];
		}
		if (pool == 0 || pool >= k)
			continue;
		/* un-anchor the smallest non-empty anchored cell: the pool grows by at least k */
		int pick = -1;
		for (int v = 0; v < nv; v++)
			if (anch[AT(u, v)] && cells[AT(u, v)] > 0 &&
			    (pick < 0 || cells[AT(u, v)] < cells[AT(u, pick)]))
				pick = v;
		if (pick < 0)
			continue; /* only with inconsistent counts */
		for (int a = u; a >= 0; a = t->parent[a])
			band[BI(a, pick)] = 0;
		anch[AT(u, pick)] = 0;
		repairs++;
	}
#undef AT
#undef BI
	return repairs;
}

/*
 * The bands of dimension d on scale s, given the shown units (show) of
 * that scale. Fills out->band[d] for s.
 */
static void bands_rule(struct tree *t, const struct agg_wave *w, int d, int s, long k,
		       const unsigned char *show, struct shown *out, long *cells,
		       unsigned char *bad, unsigned char *anch)
{
	int n = w->nunits, nv = w->nvalues[d], ns = w->nscales;
	unsigned char *band = out->band[d];
	const struct agg_group *g = w->band[d];
#define CNT(u, v) (g[(size_t)(u) * (size_t)nv + (size_t)(v)].cell[s].m.n)
#define AT(u, v) ((size_t)(u) * (size_t)nv + (size_t)(v))
#define BI(u, v) (AT(u, v) * (size_t)ns + (size_t)s)

	/*
	 * cells[u, v]: for a shown u, the people of value v in u's region
	 * (its count minus its nearest shown descendants'); for a hidden u,
	 * first the sum over its nearest shown descendants, passed upwards.
	 */
	for (size_t i = 0; i < (size_t)n * (size_t)nv; i++)
		cells[i] = 0;
	for (int i = n; i-- > 0;) {
		int u = t->order[i], p = t->parent[u];
		for (int v = 0; v < nv; v++) {
			long below = cells[AT(u, v)];
			long up = show[u] ? CNT(u, v) : below;
			if (show[u])
				cells[AT(u, v)] = CNT(u, v) - below;
			if (p >= 0)
				cells[AT(p, v)] += up;
		}
	}
	/*
	 * A cell of 1 to k-1 people may never be anchored: no band of its
	 * value is shown at its unit or above. bad[u, v] marks such a cell
	 * at u or anywhere below u.
	 */
	for (int i = n; i-- > 0;) {
		int u = t->order[i], p = t->parent[u];
		for (int v = 0; v < nv; v++) {
			long c = cells[AT(u, v)];
			if (show[u] && c != 0 && c < k)
				bad[AT(u, v)] = 1;
			if (p >= 0 && bad[AT(u, v)])
				bad[AT(p, v)] = 1;
		}
	}
	for (int u = 0; u < n; u++)
		for (int v = 0; v < nv; v++)
			band[BI(u, v)] = show[u] && CNT(u, v) >= k && !bad[AT(u, v)];
	/*
	 * The pool (the unanchored cells of a region together) must be empty
	 * or at least k. Unanchoring a value adds a cell of 0 or at least k to
	 * every pool it touches, so a repair never breaks a pool that was
	 * valid. Passes in breadth-first order until one repairs nothing
	 * (normally the first; the second only confirms).
	 */
	while (pool_pass(t, w, d, s, k, show, band, cells, anch))
		;
#undef CNT
#undef AT
#undef BI
}

/* Frees what suppress_wave() filled in s and empties it; harmless twice. */
void shown_release(struct shown *s)
{
	if (!s)
		return;
	free(s->unit);
	for (int d = 0; d < DIM_COUNT; d++)
		free(s->band[d]);
	free(s->unit_resp);
	*s = (struct shown){0};
}

/*
 * Decides what of w may be shown with minimum k: per scale the tree rule on
 * valid counts, then the cell and pool rules of each dimension's bands;
 * the tree rule on respondent counts for unit_resp. Fills out (the caller
 * frees it with shown_release). Returns 0, or ERR_INVALID for k < 3 or a
 * parent array that is not a tree (out is then empty).
 */
int suppress_wave(const struct agg_wave *w, const int *parent, int k, struct shown *out)
{
	struct tree t;
	int n = w->nunits, ns = w->nscales;
	size_t nu = n > 0 ? (size_t)n : 1;
	int rc;

	*out = (struct shown){0};
	if (k < 3 || n < 0 || ns < 0)
		return ERR_INVALID;
	if ((rc = tree_init(&t, n, parent)))
		return rc;
	out->unit = xcalloc(nu * (size_t)(ns ? ns : 1), 1);
	out->unit_resp = xcalloc(nu, 1);
	int maxv = 1;
	for (int d = 0; d < DIM_COUNT; d++) {
		int nv = w->nvalues[d];
		out->band[d] = xcalloc(nu * (size_t)(nv > 0 ? nv : 1) * (size_t)(ns ? ns : 1), 1);
		if (nv > maxv)
			maxv = nv;
	}
	long *cnt = xmalloc(nu * sizeof(long));
	long *rem = xmalloc(nu * sizeof(long));
	unsigned char *show = xmalloc(nu);
	long *cells = xmalloc(nu * (size_t)maxv * sizeof(long));
	unsigned char *bad = xmalloc(nu * (size_t)maxv);
	unsigned char *anch = xmalloc(nu * (size_t)maxv);

	for (int u = 0; u < n; u++)
		cnt[u] = w->unit[u].nresp;
	tree_rule(&t, cnt, k, out->unit_resp, rem);
	for (int s = 0; s < ns; s++) {
		for (int u = 0; u < n; u++)
			cnt[u] = w->unit[u].cell[s].m.n;
		tree_rule(&t, cnt, k, show, rem);
		for (int u = 0; u < n; u++)
			out->unit[(size_t)u * (size_t)ns + (size_t)s] = show[u];
		for (int d = 0; d < DIM_COUNT; d++) {
			if (w->nvalues[d] <= 0)
				continue;
			memset(bad, 0, nu * (size_t)w->nvalues[d]);
			bands_rule(&t, w, d, s, k, show, out, cells, bad, anch);
		}
	}
	free(cnt);
	free(rem);
	free(show);
	free(cells);
	free(bad);
	free(anch);
	tree_release(&t);
	return 0;
}

/*
 * The tree rule on writers (people who wrote a comment, per unit with its
 * descendants) with the comment minimum cmin. Sets show[u] for every unit.
 * Returns 0, or ERR_INVALID for cmin < 3 or a parent array that is not a
 * tree.
 */
int suppress_comments(int nunits, const int *parent, const long *writers, int cmin,
		      unsigned char *show)
{
	struct tree t;
	int rc;

	if (cmin < 3 || nunits < 0)
		return ERR_INVALID;
	if ((rc = tree_init(&t, nunits, parent)))
		return rc;
	long *rem = xmalloc((nunits > 0 ? (size_t)nunits : 1) * sizeof(long));
	tree_rule(&t, writers, cmin, show, rem);
	free(rem);
	tree_release(&t);
	return 0;
}

/*
 * Comment screening. The text is decoded once into code points with their
 * byte offsets; the recognisers mark whole code points to cut, and the
 * output replaces each run of marked code points by one "[…]". Invalid
 * UTF-8 bytes become U+FFFD, so the result is always valid UTF-8 and a cut
 * never falls inside a character.
 */
#define SCREEN_MARK "[\xe2\x80\xa6]"

struct scan {
	uint32_t *cp;      /* [n] code points */
	size_t *off;       /* [n + 1] byte offset of each in the input */
	unsigned char *cut; /* [n] */
	size_t n;
};

/* Decodes one code point at p (len bytes left); 0xFFFD and 1 byte when invalid. */
static uint32_t utf8_next(const unsigned char *p, size_t len, size_t *used)
{
	uint32_t c = p[0], min;
	size_t need;

	*used = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, c &= 0x07, min = 0x10000;
	else
		return 0xfffd;
	if (len < need + 1)
		return 0xfffd;
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0xfffd;
	*used = need + 1;
	return c;
}

static void utf8_put(struct buf *b, uint32_t c)
{
	char s[4];
	size_t n;

	if (c < 0x80) {
		s[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6)), s[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12)), s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	} else {
		s[0] = (char)(0xf0 | (c >> 18)), s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f)), s[3] = (char)(0x80 | (c & 0x3f)), n = 4;
	}
	if (buf_append(b, s, n))
		abort(); /* the buffer has no ceiling but memory */
}

/*
 * Folds case and the accents of Latin-1 and Latin Extended-A letters:
 * É, é and e compare equal. Other scripts keep their code point.
 */
static uint32_t fold(uint32_t c)
{
	/* U+00C0..U+017F; '-' keeps the letter (Æ, ß, Œ and the like) */
	static const char latin[] =
		"aaaaaa-ceeeeiiiidnooooo-ouuuuy--aaaaaa-ceeeeiiiidnooooo-ouuuuy-y"
		"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii--jjkk-lllllll"
		"lllnnnnnn---oooooo--rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
	_Static_assert(sizeof(latin) == 0x180 - 0xc0 + 1, "one letter per code point");

	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (c >= 0xc0 && c < 0x180 && latin[c - 0xc0] != '-')
		return (uint32_t)(unsigned char)latin[c - 0xc0];
	return c;
}

/*
 * Letters and digits of any script; the punctuation of Latin-1 and of
 * Unicode's general punctuation block are not.
 */
static int is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xc0 || c == 0xd7 || c == 0xf7 || c == 0xfffd)
		return 0;
	if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f))
		return 0;
	return 1;
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == 0xa0 || c == 0x202f || (c >= 0x2000 && c <= 0x200b) || c == 0x3000;
}

/*
 * Marks [from, to) to cut; returns how many were not marked yet. A cut
 * becomes "[…]", which is neither a letter nor a digit nor part of an
 * address: the tests below see a cut code point the same way, so that
 * screening the result again finds nothing new.
 */
static size_t mark(struct scan *t, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++) {
		n += !t->cut[i];
		t->cut[i] = 1;
	}
	return n;
}

static int word_at(const struct scan *t, size_t i)
{
	return !t->cut[i] && is_word(t->cp[i]);
}

static int digit_at(const struct scan *t, size_t i)
{
	return !t->cut[i] && is_digit(t->cp[i]);
}

/* Does the text at i start with lit (ASCII, lower case), case-insensitively? */
static int starts_with(const struct scan *t, size_t i, const char *lit)
{
	for (size_t j = 0; lit[j]; j++)
		if (i + j >= t->n || fold(t->cp[i + j]) != (uint32_t)(unsigned char)lit[j])
			return 0;
	return 1;
}

/* Trailing punctuation that ends a sentence rather than a URL or address. */
static int is_trailing(uint32_t c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
	       c == ')' || c == ']' || c == '}' || c == '\'' || c == '"' || c == '-';
}

static size_t screen_urls(struct scan *t)
{
	size_t added = 0;

	static const char *const starts[] = {"http://", "https://", "ftp://", "www."};

	for (size_t i = 0; i < t->n; i++) {
		if (t->cut[i] || (i > 0 && word_at(t, i - 1)))
			continue;
		size_t k;
		for (k = 0; k < ARRAY_SIZE(starts); k++)
			if (starts_with(t, i, starts[k]))
				break;
		if (k == ARRAY_SIZE(starts))
			continue;
		size_t e = i;
		while (e < t->n && !is_space(t->cp[e]) && t->cp[e] != '<' && t->cp[e] != '>' &&
		       t->cp[e] != '"')
			e++;
		while (e > i && !t->cut[e - 1] && is_trailing(t->cp[e - 1]))
			e--;
		added += mark(t, i, e);
		i = e;
	}
	return added;
}

static int is_local_char(uint32_t c)
{
	return is_word(c) || (c < 0x80 && c && strchr(".!#$%&'*+/=?^_`{|}~-", (int)c));
}

static size_t screen_emails(struct scan *t)
{
	size_t added = 0;

	for (size_t a = 0; a < t->n; a++) {
		if (t->cp[a] != '@' || t->cut[a])
			continue;
		size_t s = a;
		while (s > 0 && !t->cut[s - 1] && is_local_char(t->cp[s - 1]))
			s--;
		size_t e = a + 1;
		while (e < t->n && !t->cut[e] &&
		       (is_word(t->cp[e]) || t->cp[e] == '-' || t->cp[e] == '.'))
			e++;
		while (e > a + 1 && (t->cp[e - 1] == '.' || t->cp[e - 1] == '-'))
			e--;
		/* a dot inside the domain with at least two characters after the last */
		size_t dot = 0;
		for (size_t j = a + 2; j < e; j++)
			if (t->cp[j] == '.')
				dot = j;
		if (s == a || !dot || e - dot < 3)
			continue;
		added += mark(t, s, e);
		a = e - 1;
	}
	return added;
}

/* Runs of at least 8 digits with spaces, dots, slashes, dashes and brackets between. */
static size_t screen_phones(struct scan *t)
{
	size_t added = 0;

	for (size_t i = 0; i < t->n; i++) {
		uint32_t c = t->cp[i];
		if (t->cut[i] || (i > 0 && digit_at(t, i - 1)))
			continue;
		if (!is_digit(c) && !(c == '+' && i + 1 < t->n && digit_at(t, i + 1)))
			continue;
		size_t j = c == '+' ? i + 1 : i, last = j;
		int digits = 0, gap = 0;
		for (; j < t->n && !t->cut[j]; j++) {
			uint32_t d = t->cp[j];
			if (is_digit(d)) {
				digits++;
				gap = 0;
				last = j + 1;
			} else if ((d == ' ' || d == 0xa0 || d == '.' || d == '/' || d == '-' ||
				    d == '(' || d == ')') && ++gap <= 3) {
				continue;
			} else {
				break;
			}
		}
		if (digits >= 8)
			added += mark(t, i, last);
		i = last > i ? last - 1 : i;
	}
	return added;
}

static size_t screen_names(struct scan *t, const uint32_t *ftext, const char *const *names,
			   size_t nnames)
{
	size_t added = 0;
	uint32_t *fname = NULL;
	size_t cap = 0;

	for (size_t k = 0; k < nnames; k++) {
		const unsigned char *p = (const unsigned char *)names[k];
		if (!p)
			continue;
		size_t len = strlen((const char *)p), m = 0;
		if (len + 1 > cap) {
			cap = len + 1;
			fname = xrealloc(fname, cap * sizeof(uint32_t));
		}
		for (size_t o = 0, used; o < len; o += used)
			fname[m++] = fold(utf8_next(p + o, len - o, &used));
		size_t b = 0;
		/*
		 * A name is letters with spaces, hyphens, apostrophes or dots
		 * between; anything else (a stray "@", a bracket) is no name
		 * and could match across a "[…]" when screened again.
		 */
		while (m > b && !is_word(fname[m - 1]))
			m--;
		while (b < m && !is_word(fname[b]))
			b++;
		int ok = 1;
		for (size_t j = b; j < m && ok; j++)
			ok = is_word(fname[j]) || fname[j] == ' ' || fname[j] == '-' ||
			     fname[j] == '\'' || fname[j] == 0x2019 || fname[j] == '.';
		if (!ok || m - b < 2 || m - b > t->n)
			continue;
		const uint32_t *f = fname + b;
		size_t fl = m - b;
		for (size_t i = 0; i + fl <= t->n; i++) {
			if (ftext[i] != f[0] || (i > 0 && word_at(t, i - 1)))
				continue;
			if (i + fl < t->n && word_at(t, i + fl))
				continue;
			if (memcmp(ftext + i, f, fl * sizeof(uint32_t)) == 0)
				added += mark(t, i, i + fl);
		}
	}
	free(fname);
	return added;
}

/*
 * Returns a copy of text (caller frees; "" for NULL) with e-mail addresses,
 * URLs, phone numbers and the given names as whole words replaced by "[…]",
 * always valid UTF-8. docs/anonymity.md lists what each recogniser takes.
 */
char *screen_comment(const char *text, const char *const *names, size_t nnames)
{
	if (!text)
		return xstrdup("");
	size_t len = strlen(text);
	struct scan t = {
		.cp = xmalloc((len + 1) * sizeof(uint32_t)),
		.off = xmalloc((len + 1) * sizeof(size_t)),
		.cut = xcalloc(len + 1, 1),
	};
	const unsigned char *p = (const unsigned char *)text;
	for (size_t o = 0, used; o < len; o += used) {
		t.off[t.n] = o;
		t.cp[t.n++] = utf8_next(p + o, len - o, &used);
	}
	t.off[t.n] = len;

	/*
	 * A cut can make its neighbour a whole word or the start of an
	 * address ("12345678Jan"): repeat until nothing new is cut.
	 */
	uint32_t *ftext = xmalloc((t.n + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < t.n; i++)
		ftext[i] = fold(t.cp[i]);
	for (size_t added = 1; added;) {
		added = screen_urls(&t);
		added += screen_emails(&t);
		added += screen_phones(&t);
		if (names && nnames)
			added += screen_names(&t, ftext, names, nnames);
	}
	free(ftext);

	struct buf b = BUF_INIT(5 * len + sizeof(SCREEN_MARK));
	for (size_t i = 0; i < t.n; i++) {
		if (t.cut[i]) {
			if (i == 0 || !t.cut[i - 1])
				if (buf_puts(&b, SCREEN_MARK))
					abort();
			continue;
		}
		if (t.cp[i] == 0xfffd || t.cp[i] < 0x80)
			utf8_put(&b, t.cp[i]);
		else if (buf_append(&b, text + t.off[i], t.off[i + 1] - t.off[i]))
			abort();
	}
	free(t.cp);
	free(t.off);
	free(t.cut);
	return buf_detach(&b, NULL);
}
