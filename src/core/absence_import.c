/*
 * absence_import.c: absences.csv and hr_events.csv as Belgian payroll and
 * HR systems export them (absence_import.h). As in org.c, nothing stops at
 * the first problem: every row is checked and every problem goes to the
 * report with its line, so that HR can correct the file in one go; only a
 * CSV syntax error stops reading. The header and value synonyms are listed
 * in docs/absences.md.
 */
#include "absence_import.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "i18n.h"
#include "sheet.h"

/* ---------------------------------------------------------------------- */
/* Employee codes */

void absence_codes_add(struct absence_codes *t, const char *code, long id)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->code = xrealloc(t->code, t->cap * sizeof(*t->code));
		t->id = xrealloc(t->id, t->cap * sizeof(*t->id));
	}
	t->code[t->n] = xstrdup(code);
	t->id[t->n] = id;
	t->n++;
}

/* Sorts codes and ids together through an index (ids ride along). */
struct code_pair {
	char *code;
	long id;
};

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct code_pair *)a)->code, ((const struct code_pair *)b)->code);
}

void absence_codes_sort(struct absence_codes *t)
{
	if (t->n < 2)
		return;
	struct code_pair *p = xmalloc(t->n * sizeof(*p));
	for (size_t i = 0; i < t->n; i++)
		p[i] = (struct code_pair){t->code[i], t->id[i]};
	qsort(p, t->n, sizeof(*p), pair_cmp);
	for (size_t i = 0; i < t->n; i++) {
		t->code[i] = p[i].code;
		t->id[i] = p[i].id;
	}
	free(p);
}

long absence_codes_lookup(void *ctx, const char *code)
{
	const struct absence_codes *t = ctx;
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->code[mid], code);
		if (c == 0)
			return t->id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void absence_codes_release(struct absence_codes *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->code[i]);
	free(t->code);
	free(t->id);
	memset(t, 0, sizeof(*t));
}

/* ---------------------------------------------------------------------- */
/* Names and values */

/* The index of the list in which the normalised v is found, or -1. */
static int word_find(struct str v, const char *const *const *lists, int nlists)
{
	char w[SHEET_MAX_WORD];
	if (sheet_norm(v, w, sizeof(w)))
		return -1;
	for (int k = 0; k < nlists; k++)
		for (size_t j = 0; lists[k][j]; j++)
			if (strcmp(w, lists[k][j]) == 0)
				return k;
	return -1;
}

static const char *const kind_illness[] = {
	"illness", "sickness", "sick", "ziekte", "ziek", "ziekteverzuim", "maladie", "malade",
	NULL};
static const char *const kind_private[] = {
	"private_accident", "privé_ongeval", "ongeval_privé",
	"ongeval_privéleven", "accident_privé", "accident_vie_privée",
	"accident_de_la_vie_privée", NULL};
static const char *const kind_work[] = {
	"work_accident", "accident_at_work", "occupational_disease", "arbeidsongeval",
	"werkongeval", "beroepsziekte", "accident_du_travail", "accident_de_travail",
	"maladie_professionnelle", NULL};
static const char *const kind_maternity[] = {
	"maternity", "maternity_leave", "birth", "birth_leave", "paternity", "moederschap",
	"moederschapsrust", "bevalling", "bevallingsrust", "zwangerschap", "geboorte",
	"geboorteverlof", "vaderschapsverlof", "maternité", "congé_de_maternité",
	"repos_de_maternité", "naissance", "congé_de_naissance", "paternité", NULL};
static const char *const kind_protected[] = {
	"protected", "protected_leave", "prophylactic", "prophylactic_leave", "adoption",
	"adoption_leave", "foster_care", "care_leave", "profylactisch", "profylactisch_verlof",
	"moederschapsbescherming", "adoptie", "adoptieverlof", "pleegzorg", "pleegzorgverlof",
	"zorgverlof", "écartement", "écartement_prophylactique", "congé_prophylactique",
	"congé_d'adoption", "accueil", "congé_d'accueil", NULL};
static const char *const kind_other[] = {
	"other", "andere", "ander", "overige", "overig", "autre", "autres", "divers", NULL};

int absence_kind_parse(struct str v)
{
	static const char *const *const lists[ABS_KIND_COUNT] = {
		[ABS_ILLNESS] = kind_illness, [ABS_PRIVATE_ACCIDENT] = kind_private,
		[ABS_WORK_ACCIDENT] = kind_work, [ABS_MATERNITY] = kind_maternity,
		[ABS_PROTECTED] = kind_protected, [ABS_OTHER] = kind_other,
	};
	return word_find(v, lists, ABS_KIND_COUNT);
}

int absence_cert_parse(struct str v)
{
	static const char *const unknown[] = {
		"", "unknown", "onbekend", "inconnu", "?", NULL};
	static const char *const none[] = {
		"no", "none", "nee", "neen", "geen", "non", "aucun", "0", "day1", "day_1",
		"dag1", "dag_1", "jour1", "jour_1", "without", "zonder", "sans", NULL};
	static const char *const medical[] = {
		"yes", "ja", "oui", "1", "medical", "medical_certificate", "certificate", "medisch",
		"medisch_attest", "attest", "certificaat", "doktersbriefje", "ziektebriefje",
		"médical", "certificat", "certificat_médical", NULL};
	static const char *const *const lists[CERT_COUNT] = {
		[CERT_UNKNOWN] = unknown, [CERT_NONE_DAY1] = none, [CERT_MEDICAL] = medical,
	};
	return word_find(v, lists, CERT_COUNT);
}

int hr_event_parse(struct str v)
{
	static const char *const hire[] = {
		"hire", "hired", "entry", "start", "in_dienst", "indiensttreding", "aanwerving",
		"instroom", "entrée", "embauche", "engagement", "entrée_en_service", NULL};
	static const char *const leave[] = {
		"leave", "leaver", "exit", "end", "uit_dienst", "uitdiensttreding", "vertrek",
		"uitstroom", "sortie", "départ", "fin", "sortie_de_service", NULL};
	static const char *const fte[] = {
		"fte", "fte_change", "work_time", "regime", "arbeidsregime", "tewerkstellingsbreuk",
		"wijziging_fte", "wijziging_regime", "vte", "régime", "changement_de_régime",
		"temps_de_travail", NULL};
	static const char *const *const lists[HR_EVENT_COUNT] = {
		[HR_HIRE] = hire, [HR_LEAVE] = leave, [HR_FTE] = fte,
		[HR_WORK_ACCIDENT] = kind_work,
	};
	return word_find(v, lists, HR_EVENT_COUNT);
}

int absence_pct_parse(struct str v, int *out)
{
	v = str_trim(v);
	if (v.len > 0 && v.p[v.len - 1] == '%') {
		v.len--;
		v = str_trim(v);
	}
	size_t i = 0;
	long whole = 0, frac = 0, scale = 1;
	while (i < v.len && v.p[i] >= '0' && v.p[i] <= '9' && i < 4)
		whole = whole * 10 + (v.p[i++] - '0');
	if (i == 0)
		return -1;
	if (i < v.len && (v.p[i] == ',' || v.p[i] == '.')) {
		size_t st = ++i;
		while (i < v.len && v.p[i] >= '0' && v.p[i] <= '9' && i - st < 4) {
			frac = frac * 10 + (v.p[i++] - '0');
			scale *= 10;
		}
		if (i == st)
			return -1;
	}
	if (i != v.len)
		return -1;
	/* in hundredths, rounded half up to a whole percent */
	long h = whole * 100 + frac * 100 / scale;
	if (h < 100 || h > 10000)
		return -1;
	*out = (int)((h + 50) / 100);
	return 0;
}

/* A date as YYYY-MM-DD or DD/MM/YYYY. */
static int date_parse(struct str v, int32_t *out)
{
	return day_parse(v, out) == 0 || day_parse_dmy(v, out) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------------- */
/* Sheets (the header-mapping reader of org.c, for these two files) */

static const char *const names_employee[] = {
	"employee", "employee_id", "employee_number", "personeelsnummer", "personeelsnr",
	"stamnummer", "werknemer", "werknemer_id", "medewerker", "matricule",
	"numéro_de_personnel",
	"employé", "travailleur", NULL};
static const char *const names_start[] = {
	"start", "start_date", "from", "first_day", "begin", "begindatum", "startdatum", "van",
	"vanaf", "eerste_dag", "début", "date_de_début", "du", "premier_jour", NULL};
static const char *const names_end[] = {
	"end", "end_date", "to", "until", "last_day", "einde", "einddatum", "tot", "tot_en_met",
	"laatste_dag", "fin", "date_de_fin", "au", "dernier_jour", NULL};
static const char *const names_kind[] = {
	"kind", "type", "absence_type", "reason", "soort", "aard", "afwezigheidstype", "reden",
	"type_afwezigheid", "motif", "nature", "type_d'absence", "type_absence", NULL};
static const char *const names_pct[] = {
	"percentage", "pct", "percent", "incapacity", "%", "arbeidsongeschiktheid", "ao_percentage",
	"pourcentage", "incapacité", "taux", NULL};
static const char *const names_cert[] = {
	"certificate", "medical_certificate", "attest", "certificaat", "ziektebriefje",
	"doktersbriefje", "certificat", "certificat_médical", NULL};
static const char *const names_date[] = {
	"date", "day", "datum", "dag", NULL};
static const char *const names_event[] = {
	"event", "type", "kind", "gebeurtenis", "soort", "événement", "évènement", NULL};
static const char *const names_value[] = {
	"value", "fte", "fte_percentage", "percentage", "regime", "waarde", "vte", "valeur",
	"pourcentage", "régime", NULL};

enum { A_EMP, A_START, A_END, A_KIND, A_PCT, A_CERT, A_NFIELDS };
static const struct sheet_field absence_spec[A_NFIELDS] = {
	[A_EMP] = {N_("employee id"), names_employee, 1, NULL},
	[A_START] = {N_("first day"), names_start, 1, NULL},
	[A_END] = {N_("last day"), names_end, 0, NULL},
	[A_KIND] = {N_("kind of absence"), names_kind, 1, NULL},
	[A_PCT] = {N_("percentage of incapacity"), names_pct, 0, NULL},
	[A_CERT] = {N_("certificate"), names_cert, 0, NULL},
};

enum { H_EMP, H_DATE, H_EVENT, H_VALUE, H_NFIELDS };
static const struct sheet_field event_spec[H_NFIELDS] = {
	[H_EMP] = {N_("employee id"), names_employee, 1, NULL},
	[H_DATE] = {N_("date"), names_date, 1, NULL},
	[H_EVENT] = {N_("event"), names_event, 1, NULL},
	[H_VALUE] = {N_("FTE percentage"), names_value, 0, NULL},
};

/*
 * Looks up the employee of the current row. Returns the id, or 0 after
 * reporting the problem.
 */
static long row_employee(struct import_report *rep, long line, struct str v,
			 absence_lookup_fn lookup, void *ctx)
{
	struct quoted q;
	char code[MAX_NAME_BYTES + 1];

	if (v.len == 0) {
		import_report_add(rep, line, T(rep->lang, "the employee id is empty; fill it in "
					       "or remove the line"));
		return 0;
	}
	if (v.len > MAX_NAME_BYTES) {
		import_report_add(rep, line, T(rep->lang, "employee id '%s' is longer than %d "
					       "bytes; shorten it"), quote(&q, v), MAX_NAME_BYTES);
		return 0;
	}
	memcpy(code, v.p, v.len);
	code[v.len] = '\0';
	long id = lookup(ctx, code);
	if (id <= 0) {
		import_report_add(rep, line, T(rep->lang, "employee '%s' is not in the "
					       "organisation; import the employees first or "
					       "correct the id"), quote(&q, v));
		return 0;
	}
	return id;
}

/* A required or optional date field. Returns 0 (empty ok when optional), -1 reported. */
static int row_date(struct import_report *rep, long line, struct str v, const char *label,
		    int required, int32_t *out)
{
	struct quoted q;
	*out = DAY_OPEN;
	if (v.len == 0) {
		if (!required)
			return 0;
		import_report_add(rep, line, T(rep->lang, "the %s is empty; fill in a date as "
					       "YYYY-MM-DD or DD/MM/YYYY"), label);
		return -1;
	}
	if (date_parse(v, out)) {
		import_report_add(rep, line,
				  T(rep->lang, "the %s '%s' is not a date between 1950 and 2199; "
				    "write it as YYYY-MM-DD or DD/MM/YYYY"),
				  label, quote(&q, v));
		return -1;
	}
	return 0;
}

/*
 * Sorts the report entries added since `from` by line, keeping the order
 * of entries on one line (merge sort, as org.c): overlaps are found in
 * employee order, the user reads the file in line order. The "too many
 * problems" entry stays last.
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
/* absences.csv */

struct overlap_ctx {
	struct import_report *rep;
};

static void report_overlap(void *ctx, const struct absence_record *a,
			   const struct absence_record *b)
{
	struct overlap_ctx *o = ctx;
	char a1[11], a2[11], b1[11], b2[11];
	day_format(a->start, a1);
	day_format(b->start, b1);
	if (a->end == DAY_OPEN)
		memcpy(a2, "...", 4);
	else
		day_format(a->end, a2);
	if (b->end == DAY_OPEN)
		memcpy(b2, "...", 4);
	else
		day_format(b->end, b2);
	import_report_add(o->rep, b->line, T(o->rep->lang, "this absence (%s to %s) overlaps the "
					     "absence of the same employee on line %ld (%s to %s); "
					     "an employee can be absent only once a day: merge or "
					     "correct the two lines"),
			  b1, b2, (long)a->line, a1, a2);
}

int absence_parse_records(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			  struct absence_table *out, struct import_report *rep)
{
	struct sheet s;
	size_t before = rep->n;
	long rows_before = rep->rows;
	size_t cap = 0;
	const char *what = T(rep->lang, "the absence file");

	memset(out, 0, sizeof(*out));
	if (sheet_open(&s, data, len, absence_spec, A_NFIELDS, what, rep)) {
		sheet_close(&s);
		return ERR_INVALID;
	}
	int rc;
	while ((rc = sheet_next(&s, rep)) == 1) {
		long line = s.row.line;
		struct quoted q;
		struct absence_record r = {0, 0, 0, 0, 0, 100, CERT_UNKNOWN};
		int ok = 1;

		if (out->n >= MAX_CSV_ROWS) {
			import_report_add(rep, line,
					  T(rep->lang, "more than %d absences in one file; "
					    "split the file by period"), MAX_CSV_ROWS);
			break;
		}
		r.line = line > INT32_MAX ? INT32_MAX : (int32_t)line;
		r.employee_id = row_employee(rep, line, sheet_get(&s, A_EMP), lookup, ctx);
		if (r.employee_id == 0)
			ok = 0;
		if (row_date(rep, line, sheet_get(&s, A_START), T(rep->lang, "first day"), 1,
			     &r.start))
			ok = 0;
		if (row_date(rep, line, sheet_get(&s, A_END), T(rep->lang, "last day"), 0, &r.end))
			ok = 0;
		else if (r.end == DAY_OPEN && sheet_get(&s, A_END).len) {
			/* day 0 marks a running absence (DAY_OPEN); no real absence ends then */
			import_report_add(rep, line,
					  T(rep->lang, "the last day cannot be 1 January 1970; "
					    "leave it empty for an absence that is still running"));
			ok = 0;
		}
		if (ok && r.end != DAY_OPEN && r.end < r.start) {
			import_report_add(rep, line, T(rep->lang, "the last day comes before the "
						       "first day; swap or correct them"));
			ok = 0;
		}
		struct str kv = sheet_get(&s, A_KIND);
		int kind = absence_kind_parse(kv);
		if (kind < 0) {
			import_report_add(rep, line,
					  T(rep->lang, "unknown kind of absence '%s'; use illness, "
					    "private accident, work accident, maternity, "
					    "protected leave or other"),
					  quote(&q, kv));
			ok = 0;
		}
		struct str pv = sheet_get(&s, A_PCT);
		int pct = 100;
		if (pv.len && absence_pct_parse(pv, &pct)) {
			import_report_add(rep, line, T(rep->lang, "the percentage '%s' is not a "
						       "number from 1 to 100; write 100 for full "
						       "incapacity, 50 for half-time resumption"),
					  quote(&q, pv));
			ok = 0;
		}
		struct str cv = sheet_get(&s, A_CERT);
		int cert = absence_cert_parse(cv);
		if (cert < 0) {
			import_report_add(rep, line, T(rep->lang, "unknown certificate value '%s'; "
						       "use yes, no (a first day without "
						       "certificate) or leave it empty"),
					  quote(&q, cv));
			ok = 0;
		}
		if (!ok)
			continue;
		r.kind = (unsigned char)kind;
		r.pct = (unsigned char)pct;
		r.cert = (unsigned char)cert;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 256;
			out->rows = xrealloc(out->rows, cap * sizeof(*out->rows));
		}
		out->rows[out->n++] = r;
	}
	sheet_close(&s);
	if (rc == 0 && rep->rows == rows_before && rep->n == before)
		import_report_add(rep, s.header_line, T(rep->lang, "the absence file has no "
							"absences; add one line per absence "
							"below the header"));
	if (rep->n == before) {
		struct overlap_ctx oc = {rep};
		absence_sort_records(out->rows, out->n);
		absence_overlaps(out->rows, out->n, report_overlap, &oc);
	}
	if (rep->n != before) {
		report_sort(rep, before);
		absence_table_release(out);
		return ERR_INVALID;
	}
	out->span_from = out->rows[0].start;
	out->span_to = out->rows[0].end;
	for (size_t i = 0; i < out->n; i++) {
		if (out->rows[i].start < out->span_from)
			out->span_from = out->rows[i].start;
		if (out->span_to != DAY_OPEN &&
		    (out->rows[i].end == DAY_OPEN || out->rows[i].end > out->span_to))
			out->span_to = out->rows[i].end;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* hr_events.csv */

int absence_parse_events(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			 struct hr_event_table *out, struct import_report *rep)
{
	struct sheet s;
	size_t before = rep->n;
	long rows_before = rep->rows;
	size_t cap = 0;
	const char *what = T(rep->lang, "the HR events file");

	memset(out, 0, sizeof(*out));
	if (sheet_open(&s, data, len, event_spec, H_NFIELDS, what, rep)) {
		sheet_close(&s);
		return ERR_INVALID;
	}
	int rc;
	while ((rc = sheet_next(&s, rep)) == 1) {
		long line = s.row.line;
		struct quoted q;
		struct hr_event e = {0, 0, 0, 0, 0};
		int ok = 1;

		if (out->n >= MAX_CSV_ROWS) {
			import_report_add(rep, line,
					  T(rep->lang, "more than %d events in one file; "
					    "split the file by period"), MAX_CSV_ROWS);
			break;
		}
		e.line = line > INT32_MAX ? INT32_MAX : (int32_t)line;
		e.employee_id = row_employee(rep, line, sheet_get(&s, H_EMP), lookup, ctx);
		if (e.employee_id == 0)
			ok = 0;
		if (row_date(rep, line, sheet_get(&s, H_DATE), T(rep->lang, "date"), 1, &e.date))
			ok = 0;
		struct str tv = sheet_get(&s, H_EVENT);
		int type = hr_event_parse(tv);
		if (type < 0) {
			import_report_add(rep, line,
					  T(rep->lang, "unknown event '%s'; use hire, leave, fte "
					    "or work accident"), quote(&q, tv));
			ok = 0;
		}
		struct str vv = sheet_get(&s, H_VALUE);
		int v = 0;
		if (type == HR_FTE && vv.len == 0) {
			import_report_add(rep, line, T(rep->lang, "an FTE change needs the new FTE "
						       "percentage in the value column"));
			ok = 0;
		} else if ((type == HR_HIRE || type == HR_FTE) && vv.len &&
			   absence_pct_parse(vv, &v)) {
			import_report_add(rep, line,
					  T(rep->lang, "the FTE percentage '%s' is not a number "
					    "from 1 to 100; write 100 for full-time, 50 for "
					    "half-time"), quote(&q, vv));
			ok = 0;
		}
		if (!ok)
			continue;
		e.type = (unsigned char)type;
		e.value = (unsigned char)v;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 256;
			out->rows = xrealloc(out->rows, cap * sizeof(*out->rows));
		}
		out->rows[out->n++] = e;
	}
	sheet_close(&s);
	if (rc == 0 && rep->rows == rows_before && rep->n == before)
		import_report_add(rep, s.header_line, T(rep->lang, "the HR events file has no "
							"events; add one line per event below "
							"the header"));
	if (rep->n == before) {
		hr_sort_events(out->rows, out->n);
		for (size_t i = 1; i < out->n; i++) {
			const struct hr_event *a = &out->rows[i - 1], *b = &out->rows[i];
			if (a->employee_id == b->employee_id && a->date == b->date &&
			    a->type == b->type && (b->type == HR_HIRE || b->type == HR_LEAVE ||
						   b->type == HR_FTE))
				import_report_add(rep, b->line,
						  T(rep->lang, "the same event for the same "
						    "employee on the same day as on line %ld; "
						    "remove one of them"), (long)a->line);
		}
	}
	if (rep->n != before) {
		report_sort(rep, before);
		hr_event_table_release(out);
		return ERR_INVALID;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* What an import replaces */

/* Whether t has a record of this employee (t->rows sorted by employee). */
static int table_has(const struct absence_table *t, long id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->rows[mid].employee_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->rows[lo].employee_id == id;
}

int absence_import_replaces(const struct absence_table *t, enum absence_import_mode m,
			    const struct absence_record *r)
{
	if (m != ABS_IMPORT_REPLACE || t->n == 0)
		return 0;
	if (r->start < t->span_from)
		return 0;
	if (t->span_to != DAY_OPEN && r->start > t->span_to)
		return 0;
	return table_has(t, r->employee_id);
}

static int32_t end_of_rec(const struct absence_record *r)
{
	return r->end == DAY_OPEN ? INT32_MAX : r->end;
}

int absence_import_check(const struct absence_table *t, enum absence_import_mode m,
			 const struct absence_record *stored, size_t nstored,
			 struct import_report *rep)
{
	size_t before = rep->n;
	size_t n = 0;

	/* the stored records that stay, of employees in the file, then the file's */
	struct absence_record *all = xmalloc((nstored + t->n + 1) * sizeof(*all));
	for (size_t i = 0; i < nstored; i++) {
		if (!table_has(t, stored[i].employee_id) ||
		    absence_import_replaces(t, m, &stored[i]))
			continue;
		all[n] = stored[i];
		all[n].line = 0; /* marks a stored record */
		n++;
	}
	for (size_t i = 0; i < t->n; i++)
		all[n++] = t->rows[i];
	absence_sort_records(all, n);
	/*
	 * Per employee, the stored record and the file's record reaching
	 * furthest so far: a record that overlaps any earlier record of the
	 * other side overlaps the one of them reaching furthest.
	 */
	const struct absence_record *far[2] = {NULL, NULL}; /* [0] stored, [1] file */
	for (size_t i = 0; i < n; i++) {
		const struct absence_record *b = &all[i];
		int side = b->line != 0;
		if (i == 0 || b->employee_id != all[i - 1].employee_id)
			far[0] = far[1] = NULL;
		const struct absence_record *a = far[!side];
		if (a && b->start <= end_of_rec(a)) {
			const struct absence_record *st = side ? a : b;
			const struct absence_record *nw = side ? b : a;
			char s1[11], s2[11];
			day_format(st->start, s1);
			if (st->end == DAY_OPEN)
				memcpy(s2, "...", 4);
			else
				day_format(st->end, s2);
			import_report_add(rep, nw->line, T(rep->lang, "this absence overlaps an "
							   "absence of the same employee that is "
							   "already stored (%s to %s); correct the "
							   "line or import the full period again"),
					  s1, s2);
		}
		if (!far[side] || end_of_rec(b) > end_of_rec(far[side]))
			far[side] = b;
	}
	free(all);
	report_sort(rep, before);
	return rep->n == before ? 0 : ERR_INVALID;
}

void absence_table_release(struct absence_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

void hr_event_table_release(struct hr_event_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
