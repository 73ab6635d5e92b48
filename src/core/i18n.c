/*
 * i18n.c: a reader for GNU .mo catalogs (magic 0x950412de, sorted tables)
 * and the process-wide catalogs built into the binary.
 */
#include "i18n.h"

#include <pthread.h>
#include <string.h>

#include "embed.h"

#define MO_MAGIC 0x950412deu

static uint32_t rd32(const struct catalog *c, uint32_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	if (c->swap)
		v = __builtin_bswap32(v);
	return v;
}

/* Reads entry i of a string table; returns 0 and sets *p, *len, or -1. */
static int entry(const struct catalog *c, uint32_t table, uint32_t i, const char **p,
		 uint32_t *len)
{
	uint32_t l = rd32(c, table + 8 * i);
	uint32_t off = rd32(c, table + 8 * i + 4);
	if (off >= c->len || l >= c->len - off || c->data[off + l] != '\0')
		return -1;
	*p = (const char *)c->data + off;
	*len = l;
	return 0;
}

int catalog_parse(struct catalog *c, const uint8_t *data, size_t len)
{
	uint32_t magic;

	memset(c, 0, sizeof(*c));
	if (len < 28 || len > UINT32_MAX)
		return ERR_INVALID;
	memcpy(&magic, data, 4);
	c->data = data;
	c->len = len;
	if (magic == MO_MAGIC)
		c->swap = 0;
	else if (__builtin_bswap32(magic) == MO_MAGIC)
		c->swap = 1;
	else
		goto bad; /* leaves c empty, as every other failure does */
	c->n = rd32(c, 8);
	c->orig = rd32(c, 12);
	c->trans = rd32(c, 16);
	if (c->n > len / 16 || c->orig > len || c->trans > len ||
	    (size_t)c->n * 8 > len - c->orig || (size_t)c->n * 8 > len - c->trans)
		goto bad;
	for (uint32_t i = 0; i < c->n; i++) {
		const char *p;
		uint32_t l;
		if (entry(c, c->orig, i, &p, &l) || entry(c, c->trans, i, &p, &l))
			goto bad;
	}
	return 0;
bad:
	memset(c, 0, sizeof(*c));
	return ERR_INVALID;
}

/* Binary search on the sorted original strings (msgid, whole key). */
static int find(const struct catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *p;
		uint32_t l;
		if (entry(c, c->orig, mid, &p, &l))
			return -1;
		int cmp = strcmp(msgid, p);
		if (cmp == 0)
			return (int)mid;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *catalog_get(const struct catalog *c, const char *msgid)
{
	if (!c || !c->data)
		return NULL;
	int i = find(c, msgid);
	if (i < 0)
		return NULL;
	const char *p;
	uint32_t l;
	if (entry(c, c->trans, (uint32_t)i, &p, &l) || l == 0)
		return NULL;
	return p;
}

const char *catalog_get_plural(const struct catalog *c, const char *msgid, int idx)
{
	/* Plural entries are keyed by "singular\0plural" and sorted by the
	 * singular, so the same search finds them. */
	if (!c || !c->data)
		return NULL;
	int i = find(c, msgid);
	if (i < 0)
		return NULL;
	const char *t;
	uint32_t tl;
	if (entry(c, c->trans, (uint32_t)i, &t, &tl) || tl == 0)
		return NULL;
	const char *end = t + tl;
	for (int k = 0; k < idx && t < end; k++)
		t += strlen(t) + 1;
	return t < end ? t : NULL;
}

static struct catalog catalogs[LANG_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	static const char *const names[LANG_COUNT] = {"po/nl.mo", "po/fr.mo", NULL};
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!names[l])
			continue;
		const struct embedded_file *f = embed_find(names[l]);
		if (f)
			catalog_parse(&catalogs[l], f->data, f->len);
	}
}

void i18n_init(void)
{
	pthread_once(&once, load);
}

const char *T(enum lang l, const char *msgid)
{
	i18n_init();
	if ((unsigned)l >= LANG_COUNT)
		return msgid;
	const char *t = catalog_get(&catalogs[l], msgid);
	return t ? t : msgid;
}

const char *NT(enum lang l, const char *singular, const char *plural, long n)
{
	int idx;
	i18n_init();
	if (l == LANG_FR)
		idx = n > 1;
	else
		idx = n != 1;
	if ((unsigned)l < LANG_COUNT) {
		const char *t = catalog_get_plural(&catalogs[l], singular, idx);
		if (t)
			return t;
	}
	return idx ? plural : singular;
}

char *tmpl_fillv(const char *tmpl, const char *const *args, int n)
{
	struct buf b = BUF_INIT(1024 * 1024);
	const char *p = tmpl;
	while (*p) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			int i = p[1] - '1';
			if (i < n && args[i])
				buf_puts(&b, args[i]);
			p += 3;
			continue;
		}
		buf_putc(&b, *p++);
	}
	return buf_detach(&b, NULL);
}

char *tmpl_fillva(const char *tmpl, va_list ap)
{
	const char *args[9];
	int n = 0;
	while (n < 9) {
		const char *a = va_arg(ap, const char *);
		if (!a)
			break;
		args[n++] = a;
	}
	return tmpl_fillv(tmpl, args, n);
}

char *tmpl_fill(const char *tmpl, ...)
{
	va_list ap;
	va_start(ap, tmpl);
	char *s = tmpl_fillva(tmpl, ap);
	va_end(ap);
	return s;
}
