/*
 * fuzz_absence.c: the first byte says where to split the rest into
 * absences.csv and hr_events.csv; both are parsed with a look-up that
 * knows every code starting with 'E'. The report must agree with the
 * return codes and be sorted by line; every parsed record must be valid
 * and free of overlaps; the parsed data then go through the indicators
 * and the presence policy, which must give finite counts.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/absence_import.h"
#include "core/absence_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Codes starting with 'E' are known; the id is a hash of the code. */
static long lookup_e(void *ctx, const char *code)
{
	(void)ctx;
	if (code[0] != 'E')
		return 0;
	unsigned long h = 5381;
	for (const char *p = code; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return (long)(h % 1000000) + 1;
}

static void check_report(const struct import_report *rep, int rc)
{
	if ((rc == 0) != (rep->n == 0) || (rc != 0 && rc != ERR_INVALID))
		abort();
	if (rep->n > MAX_IMPORT_ERRORS + 1)
		abort();
	size_t sorted = rep->n > MAX_IMPORT_ERRORS ? MAX_IMPORT_ERRORS : rep->n;
	for (size_t i = 0; i < rep->n; i++)
		if (!rep->errors[i].msg || rep->errors[i].line < 0)
			abort();
	for (size_t i = 1; i < sorted; i++)
		if (rep->errors[i].line < rep->errors[i - 1].line)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t rest = size - 1;
	size_t split = rest * data[0] / 255;
	const char *abs_csv = (const char *)data + 1;
	const char *ev_csv = abs_csv + split;

	struct absence_table t;
	struct hr_event_table e;
	struct import_report rep = {.lang = (enum lang)(data[0] % LANG_COUNT)};
	int rc = absence_parse_records(abs_csv, split, lookup_e, NULL, &t, &rep);
	check_report(&rep, rc);
	for (size_t i = 0; i < t.n; i++) {
		const struct absence_record *r = &t.rows[i];
		if (r->employee_id <= 0 || r->start < DAY_MIN || r->start > DAY_MAX ||
		    (r->end != DAY_OPEN && (r->end < r->start || r->end > DAY_MAX)) ||
		    r->pct < 1 || r->pct > 100 || r->kind >= ABS_KIND_COUNT ||
		    r->cert >= CERT_COUNT)
			abort();
	}
	size_t a, b;
	if (absence_check_overlap(t.rows, t.n, &a, &b))
		abort();
	import_report_release(&rep);
	rc = absence_parse_events(ev_csv, rest - split, lookup_e, NULL, &e, &rep);
	check_report(&rep, rc);
	for (size_t i = 0; i < e.n; i++)
		if (e.rows[i].type >= HR_EVENT_COUNT || e.rows[i].value > 100)
			abort();
	import_report_release(&rep);

	if (t.n || e.n) {
		struct absence_book book;
		struct absence_settings s;
		struct absence_indicators v;
		absence_settings_default(&s);
		absence_book_init(&book, t.rows, t.n, e.rows, e.n);
		long *ids = malloc((book.nemp + 1) * sizeof(long));
		for (size_t i = 0; i < book.nemp; i++)
			ids[i] = book.emp[i].employee_id;
		int32_t to = day_from_ymd(2025, 12, 31);
		if (absence_indicators(&book, ids, book.nemp, to - 364, to, &s, &v) != 0)
			abort();
		if (v.headcount < 0 || (size_t)v.headcount > book.nemp || v.absent_days < 0 ||
		    (!isnan(v.rate) && (v.rate < 0 || v.rate > 100.0 + 1e-9)))
			abort();
		struct presence_policy p;
		struct policy_hit hits[4];
		presence_policy_default(&p);
		for (size_t i = 0; i < book.nemp && i < 50; i++) {
			const struct absence_emp *x = &book.emp[i];
			const struct absence_record *r = x->rec_n ? book.rec + x->rec_off : NULL;
			if (policy_evaluate(&p, x->employee_id, r, x->rec_n, to, hits, 4) < 0)
				abort();
		}
		free(ids);
		absence_book_release(&book);
	}
	absence_table_release(&t);
	hr_event_table_release(&e);
	return 0;
}
