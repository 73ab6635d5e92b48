/*
 * org.c: reads units.csv and employees.csv as HR systems export them and
 * checks them row by row. Nothing here stops at the first problem: every
 * row is checked and every problem goes to the import report with its line
 * and a message that says what to fix, so that HR can correct the file in
 * one go. Only a CSV syntax error stops reading (the rows after it cannot
 * be trusted).
 *
 * Ids are looked up in small open-addressing hash tables, so that 100,000
 * employees are checked in linear time.
 */
#include "org.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "i18n.h"
#include "sheet.h"

/* ---------------------------------------------------------------------- */
/* Import report */

/*
 * Adds a problem to the report; the report owns the message. Past
 * MAX_IMPORT_ERRORS problems one last entry says so (in r->lang) and the
 * rest are dropped, which keeps a file of garbage from filling memory.
 */
void import_report_add(struct import_report *r, long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT(2048);
	va_list ap;

	if (r->n > MAX_IMPORT_ERRORS)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->errors = xrealloc(r->errors, r->cap * sizeof(*r->errors));
	}
	if (r->n == MAX_IMPORT_ERRORS) {
		r->errors[r->n].line = line;
		r->errors[r->n].msg = xasprintf(T(r->lang, "more than %d problems; correct these "
						  "and import again to see the rest"),
						MAX_IMPORT_ERRORS);
		r->n++;
		return;
	}
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->errors[r->n].line = line;
	r->errors[r->n].msg = buf_detach(&b, NULL);
	r->n++;
}

/*
 * Frees every message and leaves the report empty. The language stays, so
 * that a report can be reused for the next file.
 */
void import_report_release(struct import_report *r)
{
	enum lang l = r->lang;
	for (size_t i = 0; i < r->n; i++)
		free(r->errors[i].msg);
	free(r->errors);
	memset(r, 0, sizeof(*r));
	r->lang = l;
}

/*
 * Sorts the entries added since `from` by line, keeping the order of
 * entries on the same line (merge sort). The "too many problems" entry
 * stays last.
 */
static void report_sort(struct import_report *r, size_t from)
{
	size_t end = r->n > MAX_IMPORT_ERRORS ? MAX_IMPORT_ERRORS : r->n;
	if (end <= from + 1)
		return;
	size_t n = end - from;
	struct row_error *a = r->errors + from;
	struct row_error *tmp = xmalloc(n * sizeof(*tmp));
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = a[j].line < a[i].line ? a[j++] : a[i++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
		}
		memcpy(a, tmp, n * sizeof(*a));
	}
	free(tmp);
}

/* ---------------------------------------------------------------------- */
/* Id look-ups */

struct idmap_entry {
	const char *key; /* borrowed from a table row; NULL when the slot is free */
	size_t len;
	uint64_t hash;
	long val;
};

struct idmap {
	struct idmap_entry *e;
	size_t cap; /* a power of two */
	size_t n;
};

static uint64_t idmap_hash(struct str k)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
	for (size_t i = 0; i < k.len; i++) {
		h ^= (unsigned char)k.p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static void idmap_init(struct idmap *m, size_t expect)
{
	m->cap = 64;
	while (m->cap < 2 * expect)
		m->cap *= 2;
	m->e = xcalloc(m->cap, sizeof(*m->e));
	m->n = 0;
}

static void idmap_release(struct idmap *m)
{
	free(m->e);
	m->e = NULL;
	m->cap = m->n = 0;
}

static struct idmap_entry *idmap_slot(const struct idmap *m, struct str k, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	for (;;) {
		struct idmap_entry *e = &m->e[i];
		if (!e->key || (e->hash == h && e->len == k.len && memcmp(e->key, k.p, k.len) == 0))
			return e;
		i = (i + 1) & (m->cap - 1);
	}
}

/* The value stored for k, or -1. */
static long idmap_get(const struct idmap *m, struct str k)
{
	struct idmap_entry *e = idmap_slot(m, k, idmap_hash(k));
	return e->key ? e->val : -1;
}

/* Stores key (borrowed, NUL-terminated, must outlive the map) -> val. */
static void idmap_put(struct idmap *m, const char *key, long val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct idmap bigger;
		bigger.cap = m->cap * 2;
		bigger.n = m->n;
		bigger.e = xcalloc(bigger.cap, sizeof(*bigger.e));
		for (size_t i = 0; i < m->cap; i++) {
			struct idmap_entry *o = &m->e[i];
			if (o->key)
				*idmap_slot(&bigger, (struct str){o->key, o->len}, o->hash) = *o;
		}
		free(m->e);
		*m = bigger;
	}
	struct str k = str_from(key);
	uint64_t h = idmap_hash(k);
	struct idmap_entry *e = idmap_slot(m, k, h);
	if (!e->key)
		m->n++;
	*e = (struct idmap_entry){key, k.len, h, val};
}

/* ---------------------------------------------------------------------- */
/* Columns and rows */

/*
 * A column's messages are whole sentences per field (the doubled ones
 * below, and the labels in a list of missing columns), so that
 * translators never have to fit a label into someone else's sentence.
 */
static const char *quote_c(struct quoted *q, const char *s)
{
	return quote(q, str_from(s));
}

/* The text values that check_text() checks, each with its own messages. */
enum text_field {
	TX_UNIT_ID, TX_UNIT_PARENT, TX_UNIT_NAME, TX_EMPLOYEE_ID, TX_EMPLOYEE_UNIT,
	TX_FIRST_NAME, TX_LAST_NAME, TX_EMAIL, TX_CONTRACT, TX_SHIFT, TX_FUNCTION_GROUP
};

/* Reports value v (quoted) of field f as longer than MAX_NAME_BYTES. */
static void report_too_long(struct import_report *rep, long line, enum text_field f,
			    const char *who, const char *v)
{
	enum lang l = rep->lang;
	int max = MAX_NAME_BYTES;
	switch (f) {
	case TX_UNIT_ID:
		import_report_add(rep, line, T(l, "unit: id '%s' is longer than %d bytes; "
				  "shorten it"), v, max);
		break;
	case TX_UNIT_PARENT:
		import_report_add(rep, line, T(l, "unit '%s': parent id '%s' is longer than %d "
				  "bytes; shorten it"), who, v, max);
		break;
	case TX_UNIT_NAME:
		import_report_add(rep, line, T(l, "unit '%s': name '%s' is longer than %d bytes; "
				  "shorten it"), who, v, max);
		break;
	case TX_EMPLOYEE_ID:
		import_report_add(rep, line, T(l, "employee: id '%s' is longer than %d bytes; "
				  "shorten it"), v, max);
		break;
	case TX_EMPLOYEE_UNIT:
		import_report_add(rep, line, T(l, "employee '%s': unit id '%s' is longer than %d "
				  "bytes; shorten it"), who, v, max);
		break;
	case TX_FIRST_NAME:
		import_report_add(rep, line, T(l, "employee '%s': first name '%s' is longer than "
				  "%d bytes; shorten it"), who, v, max);
		break;
	case TX_LAST_NAME:
		import_report_add(rep, line, T(l, "employee '%s': last name '%s' is longer than "
				  "%d bytes; shorten it"), who, v, max);
		break;
	case TX_EMAIL:
		import_report_add(rep, line, T(l, "employee '%s': e-mail address '%s' is longer "
				  "than %d bytes; shorten it"), who, v, max);
		break;
	case TX_CONTRACT:
		import_report_add(rep, line, T(l, "employee '%s': contract '%s' is longer than %d "
				  "bytes; shorten it"), who, v, max);
		break;
	case TX_SHIFT:
		import_report_add(rep, line, T(l, "employee '%s': shift '%s' is longer than %d "
				  "bytes; shorten it"), who, v, max);
		break;
	case TX_FUNCTION_GROUP:
		import_report_add(rep, line, T(l, "employee '%s': function group '%s' is longer "
				  "than %d bytes; shorten it"), who, v, max);
		break;
	}
}

/* Reports value v (quoted) of field f as holding a control character. */
static void report_control(struct import_report *rep, long line, enum text_field f,
			   const char *who, const char *v)
{
	enum lang l = rep->lang;
	switch (f) {
	case TX_UNIT_ID:
		import_report_add(rep, line, T(l, "unit: id '%s' contains a line break or "
				  "control character; remove it"), v);
		break;
	case TX_UNIT_PARENT:
		import_report_add(rep, line, T(l, "unit '%s': parent id '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_UNIT_NAME:
		import_report_add(rep, line, T(l, "unit '%s': name '%s' contains a line break or "
				  "control character; remove it"), who, v);
		break;
	case TX_EMPLOYEE_ID:
		import_report_add(rep, line, T(l, "employee: id '%s' contains a line break or "
				  "control character; remove it"), v);
		break;
	case TX_EMPLOYEE_UNIT:
		import_report_add(rep, line, T(l, "employee '%s': unit id '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_FIRST_NAME:
		import_report_add(rep, line, T(l, "employee '%s': first name '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_LAST_NAME:
		import_report_add(rep, line, T(l, "employee '%s': last name '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_EMAIL:
		import_report_add(rep, line, T(l, "employee '%s': e-mail address '%s' contains a "
				  "line break or control character; remove it"), who, v);
		break;
	case TX_CONTRACT:
		import_report_add(rep, line, T(l, "employee '%s': contract '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_SHIFT:
		import_report_add(rep, line, T(l, "employee '%s': shift '%s' contains a line "
				  "break or control character; remove it"), who, v);
		break;
	case TX_FUNCTION_GROUP:
		import_report_add(rep, line, T(l, "employee '%s': function group '%s' contains a "
				  "line break or control character; remove it"), who, v);
		break;
	}
}

/*
 * Checks value v of field f for length and control characters. who is the
 * quoted id of the unit or employee the value belongs to (unused for the
 * ids themselves). Returns 0, or -1 after reporting.
 */
static int check_text(struct import_report *rep, long line, enum text_field f,
		      const char *who, struct str v)
{
	struct quoted q;
	if (v.len > MAX_NAME_BYTES) {
		report_too_long(rep, line, f, who, quote(&q, v));
		return -1;
	}
	for (size_t i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if (c < 0x20 || c == 0x7f) {
			report_control(rep, line, f, who, quote(&q, v));
			return -1;
		}
	}
	return 0;
}

static char *dup_str(struct str v)
{
	return xstrndup(v.p, v.len);
}

/* ---------------------------------------------------------------------- */
/* Units */

enum { U_ID, U_PARENT, U_NAME, U_NFIELDS };

static const char *const u_id_names[] = {
	"unit_id", "id", "code", "afdeling_id", "eenheid", "code_unite", "code_unité", NULL};
static const char *const u_parent_names[] = {
	"parent_id", "parent", "ouder", "parent_unit", NULL};
static const char *const u_name_names[] = {"name", "naam", "nom", NULL};

static const struct sheet_field unit_spec[U_NFIELDS] = {
	[U_ID] = {N_("unit id"), u_id_names, 1,
		N_("columns '%s' and '%s' both hold the unit id; "
		   "remove or rename one of them")},
	[U_PARENT] = {N_("parent unit id"), u_parent_names, 1,
		N_("columns '%s' and '%s' both hold the parent unit id; "
		   "remove or rename one of them")},
	[U_NAME] = {N_("unit name"), u_name_names, 1,
		N_("columns '%s' and '%s' both hold the unit name; "
		   "remove or rename one of them")},
};

static void unit_add(struct unit_table *t, size_t *cap, struct str id, struct str parent,
		     struct str name, long line)
{
	if (t->n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		t->rows = xrealloc(t->rows, *cap * sizeof(*t->rows));
	}
	struct unit_row *u = &t->rows[t->n++];
	u->code = dup_str(id);
	u->parent_code = parent.len ? dup_str(parent) : NULL;
	u->name = dup_str(name);
	u->line = line;
}

/* Reports one cycle; members are in child -> parent order. */
static void report_cycle(const struct unit_table *t, const size_t *m, size_t n,
			 struct import_report *rep)
{
	enum lang l = rep->lang;
	struct buf b = BUF_INIT(4096); /* 'A' -> 'B' -> 'A', the same in every language */
	struct quoted q;
	size_t first = 0;
	int cut = 0;

	for (size_t k = 1; k < n; k++)
		if (t->rows[m[k]].line < t->rows[m[first]].line)
			first = k;
	const struct unit_row *u = &t->rows[m[first]];
	if (n == 1) {
		import_report_add(rep, u->line, T(l, "unit '%s' is its own parent; correct its "
						  "parent id"), quote_c(&q, u->code));
		return;
	}
	for (size_t k = 0; k <= n; k++) {
		if (k == 8 && n > 8) {
			cut = 1;
			break;
		}
		buf_printf(&b, "%s'%s'", k ? " -> " : "",
			   quote_c(&q, t->rows[m[(first + k) % n]].code));
	}
	if (cut)
		import_report_add(rep, u->line, T(l, "units form a cycle: %s -> ... (%zu units "
			"in all) (each arrow points to the parent); give one of them another "
			"parent"), buf_cstr(&b), n);
	else
		import_report_add(rep, u->line, T(l, "units form a cycle: %s (each arrow "
			"points to the parent); give one of them another parent"),
			buf_cstr(&b));
	buf_release(&b);
}

/*
 * Checks the tree: one root, parents that exist, no cycles, depth at most
 * MAX_UNIT_DEPTH. Each unit is walked once towards the root; state marks
 * units being walked (1) and done (2), so a walk that meets a unit of its
 * own path has found a cycle.
 */
static void check_tree(const struct unit_table *t, const struct idmap *map,
		       int (*known)(void *ctx, const char *code), void *ctx,
		       struct import_report *rep)
{
	size_t n = t->n;
	long *parent = xmalloc((n + 1) * sizeof(*parent));
	unsigned char *state = xcalloc(n + 1, 1);
	int *depth = xcalloc(n + 1, sizeof(*depth));
	size_t *path = xmalloc((n + 1) * sizeof(*path));
	size_t *pos = xmalloc((n + 1) * sizeof(*pos));
	long root = -1;

	for (size_t i = 0; i < n; i++) {
		const struct unit_row *u = &t->rows[i];
		struct quoted q1, q2, q3;
		parent[i] = -1;
		if (!u->parent_code) {
			if (root < 0) {
				root = (long)i;
				continue;
			}
			import_report_add(rep, u->line, T(rep->lang, "unit '%s' has no parent, "
				"but unit '%s' on line %ld is already the top of the tree; give "
				"'%s' a parent id (only one unit may have an empty parent id)"),
				quote_c(&q1, u->code), quote_c(&q2, t->rows[root].code),
				t->rows[root].line, quote_c(&q3, u->code));
			continue;
		}
		long j = idmap_get(map, str_from(u->parent_code));
		if (j >= 0) {
			parent[i] = j;
			continue;
		}
		if (known && known(ctx, u->parent_code))
			continue;
		import_report_add(rep, u->line, T(rep->lang, "unit '%s' has parent '%s', which "
			"does not exist; add unit '%s' to units.csv or correct the parent id"),
			quote_c(&q1, u->code), quote_c(&q2, u->parent_code),
			quote_c(&q3, u->parent_code));
	}

	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		long cur = (long)i;
		int base;
		if (state[i])
			continue;
		while (cur >= 0 && state[cur] == 0) {
			state[cur] = 1;
			pos[cur] = len;
			path[len++] = (size_t)cur;
			cur = parent[cur];
		}
		size_t top = len;
		if (cur >= 0 && state[cur] == 1) {
			top = pos[cur];
			report_cycle(t, path + top, len - top, rep);
			for (size_t k = top; k < len; k++) {
				state[path[k]] = 2;
				depth[path[k]] = -1;
			}
			base = -1;
		} else {
			base = cur >= 0 ? depth[cur] : 0;
		}
		/* Down from the top of the path: each unit is one deeper. */
		for (size_t k = top; k-- > 0;) {
			size_t u = path[k];
			state[u] = 2;
			if (base < 0) {
				depth[u] = -1; /* under a cycle, reported already */
				continue;
			}
			depth[u] = ++base;
			if (depth[u] == MAX_UNIT_DEPTH + 1) {
				struct quoted q;
				import_report_add(rep, t->rows[u].line, T(rep->lang, "unit '%s' "
					"is %d levels deep; at most %d levels are allowed, so "
					"attach it higher in the tree"),
					quote_c(&q, t->rows[u].code), depth[u], MAX_UNIT_DEPTH);
			}
		}
	}
	free(parent);
	free(state);
	free(depth);
	free(path);
	free(pos);
}

/*
 * Reads units. out receives every unit that has a usable, unique id, even
 * when problems are reported, so that employees can still be checked
 * against them: the caller releases out in every case. Problems are added
 * to rep (owned by the caller). Returns 0 when rep is empty, else
 * ERR_INVALID.
 */
int org_parse_units(const char *data, size_t len, struct unit_table *out,
		    int (*known)(void *ctx, const char *code), void *ctx,
		    struct import_report *rep)
{
	struct sheet s;
	struct idmap map;
	size_t cap = 0;
	size_t from = rep->n;
	int rc;

	out->rows = NULL;
	out->n = 0;
	idmap_init(&map, 64);
	if (sheet_open(&s, data, len, unit_spec, U_NFIELDS, "units.csv", rep) < 0)
		goto out;
	long rows_before = rep->rows;
	while ((rc = sheet_next(&s, rep)) == 1) {
		struct str id = sheet_get(&s, U_ID);
		struct str parent = sheet_get(&s, U_PARENT);
		struct str name = sheet_get(&s, U_NAME);
		long line = s.row.line;
		struct quoted q;

		if (id.len == 0) {
			import_report_add(rep, line, T(rep->lang, "unit id is empty; every unit "
						       "needs an id"));
			continue;
		}
		if (check_text(rep, line, TX_UNIT_ID, NULL, id))
			continue;
		const char *who = quote(&q, id);
		check_text(rep, line, TX_UNIT_PARENT, who, parent);
		check_text(rep, line, TX_UNIT_NAME, who, name);
		if (name.len == 0)
			import_report_add(rep, line, T(rep->lang, "unit '%s' has an empty name; "
						       "give it a name"), who);
		long first = idmap_get(&map, id);
		if (first >= 0) {
			import_report_add(rep, line, T(rep->lang, "unit id '%s' appears twice; "
						       "first on line %ld; give each unit its own "
						       "id"), who, out->rows[first].line);
			continue;
		}
		unit_add(out, &cap, id, parent, name, line);
		idmap_put(&map, out->rows[out->n - 1].code, (long)(out->n - 1));
	}
	if (s.stopped)
		goto out; /* the tree is incomplete: checking it would mislead */
	if (rep->rows == rows_before)
		import_report_add(rep, s.header_line, T(rep->lang, "units.csv has no units; add "
							"one line per unit below the header"));
	check_tree(out, &map, known, ctx, rep);
out:
	sheet_close(&s);
	idmap_release(&map);
	report_sort(rep, from);
	return rep->n ? ERR_INVALID : 0;
}

/* Frees every row. */
void unit_table_release(struct unit_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].code);
		free(t->rows[i].parent_code);
		free(t->rows[i].name);
	}
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

/* ---------------------------------------------------------------------- */
/* Employees */

enum {
	E_ID, E_UNIT, E_FIRST, E_LAST, E_EMAIL, E_LANG, E_BIRTH, E_START,
	E_CONTRACT, E_SHIFT, E_FGROUP, E_NFIELDS
};

static const char *const e_id_names[] = {
	"employee_id", "personeelsnummer", "matricule", "id", NULL};
static const char *const e_unit_names[] = {
	"unit_id", "unit", "afdeling", "eenheid", "unite", "unité", NULL};
static const char *const e_first_names[] = {
	"first_name", "voornaam", "prenom", "prénom", NULL};
static const char *const e_last_names[] = {
	"last_name", "achternaam", "naam", "nom", NULL};
static const char *const e_email_names[] = {"email", "e_mail", "mail", "courriel", NULL};
static const char *const e_lang_names[] = {"language", "taal", "langue", NULL};
static const char *const e_birth_names[] = {
	"birth_year", "geboortejaar", "annee_naissance", "année_naissance", NULL};
static const char *const e_start_names[] = {
	"start_year", "in_dienst", "annee_entree", "année_entrée", NULL};
static const char *const e_contract_names[] = {
	"contract", "contract_type", "type_contrat", NULL};
static const char *const e_shift_names[] = {
	"shift", "ploeg", "equipe", "équipe", "regime", "régime", NULL};
static const char *const e_fgroup_names[] = {
	"function_group", "functiegroep", "groupe_fonction", NULL};

static const struct sheet_field employee_spec[E_NFIELDS] = {
	[E_ID] = {N_("employee id"), e_id_names, 1,
		N_("columns '%s' and '%s' both hold the employee id; "
		   "remove or rename one of them")},
	[E_UNIT] = {N_("unit id"), e_unit_names, 1,
		N_("columns '%s' and '%s' both hold the unit id; "
		   "remove or rename one of them")},
	[E_FIRST] = {N_("first name"), e_first_names, 0,
		N_("columns '%s' and '%s' both hold the first name; "
		   "remove or rename one of them")},
	[E_LAST] = {N_("last name"), e_last_names, 0,
		N_("columns '%s' and '%s' both hold the last name; "
		   "remove or rename one of them")},
	[E_EMAIL] = {N_("e-mail address"), e_email_names, 0,
		N_("columns '%s' and '%s' both hold the e-mail address; "
		   "remove or rename one of them")},
	[E_LANG] = {N_("language"), e_lang_names, 0,
		N_("columns '%s' and '%s' both hold the language; "
		   "remove or rename one of them")},
	[E_BIRTH] = {N_("birth year"), e_birth_names, 0,
		N_("columns '%s' and '%s' both hold the birth year; "
		   "remove or rename one of them")},
	[E_START] = {N_("start year"), e_start_names, 0,
		N_("columns '%s' and '%s' both hold the start year; "
		   "remove or rename one of them")},
	[E_CONTRACT] = {N_("contract"), e_contract_names, 0,
		N_("columns '%s' and '%s' both hold the contract; "
		   "remove or rename one of them")},
	[E_SHIFT] = {N_("shift"), e_shift_names, 0,
		N_("columns '%s' and '%s' both hold the shift; "
		   "remove or rename one of them")},
	[E_FGROUP] = {N_("function group"), e_fgroup_names, 0,
		N_("columns '%s' and '%s' both hold the function group; "
		   "remove or rename one of them")},
};

/* Parses n (1..4) digits; returns the value or -1. */
static long digits(const char *p, size_t n)
{
	long v = 0;
	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int date_ok(long y, long m, long d)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/*
 * Reads a year: "1990", "1990-05-31", or day/month/year as "31/05/1990"
 * (also with '-' or '.' and one-digit day or month). Returns 0 and sets
 * *year, or -1.
 */
static int parse_year(struct str s, long *year)
{
	long y, m, d;
	if (s.len == 4) {
		y = digits(s.p, 4);
	} else if (s.len == 10 && s.p[4] == '-' && s.p[7] == '-') {
		y = digits(s.p, 4);
		m = digits(s.p + 5, 2);
		d = digits(s.p + 8, 2);
		if (y < 0 || m < 0 || d < 0 || !date_ok(y, m, d))
			return -1;
	} else {
		/* d{1,2} sep m{1,2} sep yyyy, one separator throughout */
		size_t i = 0, j;
		char sep;
		while (i < s.len && s.p[i] >= '0' && s.p[i] <= '9')
			i++;
		if (i == 0 || i > 2 || i >= s.len)
			return -1;
		sep = s.p[i];
		if (sep != '/' && sep != '-' && sep != '.')
			return -1;
		d = digits(s.p, i);
		j = i + 1;
		while (j < s.len && s.p[j] >= '0' && s.p[j] <= '9')
			j++;
		if (j == i + 1 || j - i - 1 > 2 || j >= s.len || s.p[j] != sep)
			return -1;
		m = digits(s.p + i + 1, j - i - 1);
		if (s.len - j - 1 != 4)
			return -1;
		y = digits(s.p + j + 1, 4);
		if (y < 0 || !date_ok(y, m, d))
			return -1;
	}
	if (y < 0)
		return -1;
	*year = y;
	return 0;
}

/* One @, something before it, no spaces or specials, a dot inside the domain. */
static int email_ok(struct str s)
{
	const char *at = NULL;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c <= ' ' || c == 0x7f || strchr("\"(),:;<>[\\]", c))
			return 0;
		if (c == '@') {
			if (at)
				return 0;
			at = s.p + i;
		}
	}
	if (!at || at == s.p)
		return 0;
	struct str dom = {at + 1, (size_t)(s.p + s.len - at - 1)};
	if (dom.len < 3 || dom.p[0] == '.' || dom.p[dom.len - 1] == '.')
		return 0;
	if (!memchr(dom.p, '.', dom.len))
		return 0;
	for (size_t i = 0; i + 1 < dom.len; i++)
		if (dom.p[i] == '.' && dom.p[i + 1] == '.')
			return 0;
	return 1;
}

/*
 * Reads and checks the birth year (start 0) or start year (start 1) of
 * employee who (quoted id); returns the year, 0 when empty or bad.
 */
static int year_field(struct import_report *rep, long line, const char *who, int start,
		      struct str v, int this_year)
{
	enum lang l = rep->lang;
	struct quoted q;
	long y;
	if (v.len == 0)
		return 0;
	if (parse_year(v, &y)) {
		import_report_add(rep, line, start
			? T(l, "employee '%s' has start year '%s', which is not a year or a "
			    "date; write it as 1990, 1990-05-31 or 31/05/1990")
			: T(l, "employee '%s' has birth year '%s', which is not a year or a "
			    "date; write it as 1990, 1990-05-31 or 31/05/1990"),
			who, quote(&q, v));
		return 0;
	}
	if (y < 1900 || y > this_year) {
		import_report_add(rep, line, start
			? T(l, "employee '%s' has start year '%s'; use a year between 1900 and %d")
			: T(l, "employee '%s' has birth year '%s'; use a year between 1900 and %d"),
			who, quote(&q, v), this_year);
		return 0;
	}
	return (int)y;
}

/* A unit look-up that asks known() at most once per code. */
struct unit_lookup {
	const struct idmap *units;
	int (*known)(void *ctx, const char *code);
	void *ctx;
	struct idmap cache; /* code -> 1 known, 0 unknown; keys owned by the rows */
};

static int unit_exists(struct unit_lookup *l, const char *code)
{
	struct str k = str_from(code);
	if (l->units && idmap_get(l->units, k) >= 0)
		return 1;
	if (!l->known)
		return 0;
	long v = idmap_get(&l->cache, k);
	if (v < 0) {
		v = l->known(l->ctx, code) ? 1 : 0;
		idmap_put(&l->cache, code, v);
	}
	return v == 1;
}

static void employee_add(struct employee_table *t, size_t *cap, const struct employee_row *e)
{
	if (t->n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		t->rows = xrealloc(t->rows, *cap * sizeof(*t->rows));
	}
	t->rows[t->n++] = *e;
}

/*
 * Reads employees. out receives every employee with a usable, unique id,
 * even when problems are reported; the caller releases out in every case.
 * Problems go to rep. Returns 0 when rep is empty, else ERR_INVALID.
 */
int org_parse_employees(const char *data, size_t len, enum lang default_lang, int this_year,
			const struct unit_table *units,
			int (*known)(void *ctx, const char *code), void *ctx,
			struct employee_table *out, struct import_report *rep)
{
	struct sheet s;
	struct idmap ids;
	struct idmap unit_ids;
	struct unit_lookup look = {NULL, known, ctx, {NULL, 0, 0}};
	size_t cap = 0;
	size_t from = rep->n;
	int rc;

	out->rows = NULL;
	out->n = 0;
	idmap_init(&ids, 1024);
	idmap_init(&unit_ids, units ? units->n : 0);
	idmap_init(&look.cache, 64);
	if (units) {
		for (size_t i = 0; i < units->n; i++)
			idmap_put(&unit_ids, units->rows[i].code, (long)i);
		look.units = &unit_ids;
	}
	if (sheet_open(&s, data, len, employee_spec, E_NFIELDS, "employees.csv", rep) < 0)
		goto out;
	long rows_before = rep->rows;
	while ((rc = sheet_next(&s, rep)) == 1) {
		struct str id = sheet_get(&s, E_ID);
		long line = s.row.line;
		struct quoted q, q2;
		struct employee_row e;
		enum lang l = rep->lang;

		if (id.len == 0) {
			import_report_add(rep, line, T(l, "employee id is empty; every employee "
						       "needs an id (personnel number)"));
			continue;
		}
		if (check_text(rep, line, TX_EMPLOYEE_ID, NULL, id))
			continue;
		const char *who = quote(&q, id);
		long first = idmap_get(&ids, id);
		if (first >= 0) {
			import_report_add(rep, line, T(l, "employee id '%s' appears twice; first "
						       "on line %ld; give each employee their own "
						       "id"), who, out->rows[first].line);
			continue;
		}
		static const struct {
			int field;
			enum text_field tx;
		} texts[] = {
			{E_UNIT, TX_EMPLOYEE_UNIT}, {E_FIRST, TX_FIRST_NAME},
			{E_LAST, TX_LAST_NAME}, {E_EMAIL, TX_EMAIL}, {E_CONTRACT, TX_CONTRACT},
			{E_SHIFT, TX_SHIFT}, {E_FGROUP, TX_FUNCTION_GROUP},
		};
		int text_bad[E_NFIELDS] = {0};
		for (size_t k = 0; k < ARRAY_SIZE(texts); k++) {
			text_bad[texts[k].field] = check_text(rep, line, texts[k].tx, who,
							      sheet_get(&s, texts[k].field));
		}
		struct str unit = text_bad[E_UNIT] ? (struct str){"", 0} : sheet_get(&s, E_UNIT);
		struct str email = text_bad[E_EMAIL] ? (struct str){"", 0} : sheet_get(&s, E_EMAIL);
		struct str lang = sheet_get(&s, E_LANG);

		memset(&e, 0, sizeof(e));
		e.line = line;
		e.code = dup_str(id);
		e.unit_code = dup_str(unit);
		if (unit.len == 0 && !text_bad[E_UNIT]) {
			import_report_add(rep, line, T(l, "employee '%s' has no unit id; put the "
						       "id of the unit from units.csv"), who);
		} else if (unit.len && !unit_exists(&look, e.unit_code)) {
			import_report_add(rep, line, T(l, "employee '%s' is in unit '%s', which "
						       "does not exist; add the unit to units.csv "
						       "or correct the unit id"),
					  who, quote(&q2, unit));
		}
		if (email.len && !email_ok(email))
			import_report_add(rep, line, T(l, "employee '%s' has e-mail address '%s', "
						       "which is not valid: it needs exactly one "
						       "@, no spaces and a dot in the domain"),
					  who, quote(&q2, email));
		e.lang = default_lang;
		if (lang.len) {
			enum lang el;
			if (lang_parse(lang, &el) == 0)
				e.lang = el;
			else
				import_report_add(rep, line, T(l, "employee '%s' has language "
							       "'%s'; use nl, fr or en"),
						  who, quote(&q2, lang));
		}
		e.birth_year = year_field(rep, line, who, 0, sheet_get(&s, E_BIRTH), this_year);
		e.start_year = year_field(rep, line, who, 1, sheet_get(&s, E_START), this_year);
		if (e.birth_year && e.start_year && e.start_year < e.birth_year + 14)
			import_report_add(rep, line, T(l, "employee '%s' has start year %d, less "
						       "than 14 years after birth year %d; check "
						       "both years"),
					  who, e.start_year, e.birth_year);
		e.first_name = dup_str(text_bad[E_FIRST] ? (struct str){"", 0}
							 : sheet_get(&s, E_FIRST));
		e.last_name = dup_str(text_bad[E_LAST] ? (struct str){"", 0}
						       : sheet_get(&s, E_LAST));
		e.email = dup_str(email);
		e.contract = dup_str(text_bad[E_CONTRACT] ? (struct str){"", 0}
							  : sheet_get(&s, E_CONTRACT));
		e.shift = dup_str(text_bad[E_SHIFT] ? (struct str){"", 0}
						    : sheet_get(&s, E_SHIFT));
		e.function_group = dup_str(text_bad[E_FGROUP] ? (struct str){"", 0}
							      : sheet_get(&s, E_FGROUP));
		employee_add(out, &cap, &e);
		idmap_put(&ids, out->rows[out->n - 1].code, (long)(out->n - 1));
	}
	if (!s.stopped && rep->rows == rows_before)
		import_report_add(rep, s.header_line, T(rep->lang, "employees.csv has no "
							"employees; add one line per employee "
							"below the header"));
out:
	sheet_close(&s);
	idmap_release(&ids);
	idmap_release(&unit_ids);
	idmap_release(&look.cache);
	report_sort(rep, from);
	return rep->n ? ERR_INVALID : 0;
}

/* Frees every row. */
void employee_table_release(struct employee_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct employee_row *e = &t->rows[i];
		free(e->code);
		free(e->unit_code);
		free(e->first_name);
		free(e->last_name);
		free(e->email);
		free(e->contract);
		free(e->shift);
		free(e->function_group);
	}
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

/* ---------------------------------------------------------------------- */
/* Bands */

/*
 * Age band from the birth year: 1 (<25), 2 (25-34), 3 (35-44), 4 (45-54),
 * 5 (55+), or 0 when the birth year is unknown or after year.
 */
int age_band(int birth_year, int year)
{
	if (birth_year <= 0 || year < birth_year)
		return 0;
	int age = year - birth_year;
	if (age < 25)
		return 1;
	if (age < 35)
		return 2;
	if (age < 45)
		return 3;
	if (age < 55)
		return 4;
	return 5;
}

/*
 * Tenure band from the start year: 1 (<1), 2 (1-4), 3 (5-9), 4 (10-19),
 * 5 (20+ years), or 0 when the start year is unknown or after year.
 */
int tenure_band(int start_year, int year)
{
	if (start_year <= 0 || year < start_year)
		return 0;
	int t = year - start_year;
	if (t < 1)
		return 1;
	if (t < 5)
		return 2;
	if (t < 10)
		return 3;
	if (t < 20)
		return 4;
	return 5;
}
