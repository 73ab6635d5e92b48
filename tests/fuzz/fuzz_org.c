/*
 * fuzz_org.c: the first byte says where to split the rest into units.csv
 * and employees.csv; both are parsed, the employees against the units,
 * with a store that knows every code starting with 'K'. The report must
 * agree with the return codes and be sorted by line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int known_k(void *ctx, const char *code)
{
	(*(long *)ctx)++;
	return code[0] == 'K';
}

static void check_report(const struct import_report *rep, int rc)
{
	if ((rc == 0) != (rep->n == 0) || (rc != 0 && rc != ERR_INVALID))
		abort();
	size_t sorted = rep->n > MAX_IMPORT_ERRORS ? MAX_IMPORT_ERRORS : rep->n;
	if (rep->n > MAX_IMPORT_ERRORS + 1)
		abort();
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
	const char *units_csv = (const char *)data + 1;
	const char *emps_csv = units_csv + split;
	long calls = 0;

	struct unit_table units;
	struct employee_table emps;
	struct import_report rep = {0};
	int rc = org_parse_units(units_csv, split, &units, known_k, &calls, &rep);
	check_report(&rep, rc);
	for (size_t i = 0; i < units.n; i++)
		if (!units.rows[i].code[0] || !units.rows[i].name || units.rows[i].line < 1)
			abort();
	import_report_release(&rep);

	rc = org_parse_employees(emps_csv, rest - split, LANG_NL, 2025, &units, known_k, &calls,
				 &emps, &rep);
	check_report(&rep, rc);
	for (size_t i = 0; i < emps.n; i++) {
		const struct employee_row *e = &emps.rows[i];
		if (!e->code[0] || (unsigned)e->lang >= LANG_COUNT ||
		    (e->birth_year && (e->birth_year < 1900 || e->birth_year > 2025)) ||
		    (e->start_year && (e->start_year < 1900 || e->start_year > 2025)))
			abort();
		if (age_band(e->birth_year, 2025) < 0 || age_band(e->birth_year, 2025) > 5 ||
		    tenure_band(e->start_year, 2025) < 0 || tenure_band(e->start_year, 2025) > 5)
			abort();
	}
	import_report_release(&rep);
	employee_table_release(&emps);
	unit_table_release(&units);
	return 0;
}
