/*
 * test_export.c: the report exports from a real store. A small
 * organisation answers two closed waves: ORG (5 people of its own), A
 * (10), B "=1+2 Team" (7) and S (2, too few to be shown). Every format
 * must carry the shown figures, nothing but "hidden" for S, and a
 * neutralised unit name that starts with '='.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/i18n.h"
#include "report/export.h"
#include "report/report.h"

struct fixture {
	char path[96];
	char dir[64];
	struct store *st;
	struct report r;
	int root, a, b, s;
};

static void add_unit(struct unit_table *t, const char *code, const char *parent, const char *name)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	struct unit_row *u = &t->rows[t->n++];
	memset(u, 0, sizeof(*u));
	u->code = xstrdup(code);
	u->parent_code = parent ? xstrdup(parent) : NULL;
	u->name = xstrdup(name);
	u->line = (long)t->n + 1;
}

static long unit_id(struct store *st, const char *code)
{
	struct unit *u;
	size_t n;
	long id = 0;
	assert_int_equal(st->ops->units_list(st, &u, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].code, code) == 0)
			id = u[i].id;
	units_free(u, n);
	assert_true(id > 0);
	return id;
}

/* Adds n responses of unit code to the wave; the answers vary with i and shift. */
static void answer(struct store *st, long wave, const char *code, int n, int shift)
{
	struct response *rs = xcalloc((size_t)n, sizeof(*rs));
	uint8_t (*ans)[4] = xcalloc((size_t)n, sizeof(*ans));
	long uid = unit_id(st, code);
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 4; k++)
			ans[i][k] = (uint8_t)(1 + (i + k + shift) % 5);
		rs[i].wave_id = wave;
		rs[i].unit_id = uid;
		rs[i].contract = (char *)"";
		rs[i].shift = (char *)"";
		rs[i].function_group = (char *)"";
		rs[i].answers = ans[i];
		rs[i].nanswers = 4;
	}
	assert_int_equal(st->ops->responses_insert(st, rs, (size_t)n), 0);
	free(ans);
	free(rs);
}

static long closed_wave(struct store *st, long iid, long root, const char *title, int shift)
{
	struct wave w = {
		.title = (char *)title,
		.instrument_id = iid,
		.opens = "2026-01-05",
		.closes = "2026-02-05",
	};
	long id = 0;
	int rc = st->ops->wave_create(st, &w, &root, 1, &id);
	if (rc)
		fprintf(stderr, "wave_create: %s\n", st->err.msg);
	assert_int_equal(rc, 0);
	answer(st, id, "ORG", 5, shift);
	answer(st, id, "A", 10, shift + 1);
	answer(st, id, "B", 7, shift + 2);
	answer(st, id, "S", 2, shift + 3);
	assert_int_equal(st->ops->wave_close(st, id), 0);
	return id;
}

static int index_of(const struct report *r, const char *code)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (strcmp(r->units[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct diag d = {{0}, 0};
	struct unit_table t = {0};
	size_t len;
	long iid;

	snprintf(f->dir, sizeof(f->dir), "/tmp/hartslag-test-export-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/db", f->dir);
	f->st = store_open(f->path, &d);
	if (!f->st) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		return -1;
	}
	struct store *st = f->st;
	struct org_settings org;
	assert_int_equal(st->ops->org_get(st, &org), 0);
	free(org.name);
	org.name = xstrdup("Testorganisatie");
	org.min_group = 5;
	assert_int_equal(st->ops->org_set(st, &org), 0);
	org_settings_release(&org);

	add_unit(&t, "ORG", NULL, "Testorganisatie");
	add_unit(&t, "A", "ORG", "Afdeling A");
	add_unit(&t, "B", "ORG", "=1+2 Team");
	add_unit(&t, "S", "ORG", "Small team");
	assert_int_equal(st->ops->units_import(st, &t), 0);
	for (size_t i = 0; i < t.n; i++) {
		free(t.rows[i].code);
		free(t.rows[i].parent_code);
		free(t.rows[i].name);
	}
	free(t.rows);
	/* One employee, so that a wave has someone to invite. */
	struct employee_row er = {
		.code = (char *)"E1", .unit_code = (char *)"A", .first_name = (char *)"An",
		.last_name = (char *)"Peeters", .email = (char *)"", .lang = LANG_NL,
		.contract = (char *)"", .shift = (char *)"", .function_group = (char *)"",
	};
	struct employee_table et = {&er, 1};
	assert_int_equal(st->ops->employees_import(st, &et), 0);

	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	char *path = xasprintf("%s/tests/data/instruments/valid-minimal.instrument",
			       root ? root : ".");
	FILE *fp = fopen(path, "rb");
	free(path);
	assert_non_null(fp);
	char *src = xmalloc(65536);
	len = fread(src, 1, 65535, fp);
	fclose(fp);
	assert_int_equal(st->ops->instrument_put(st, "mini", 3, src, len, &iid), 0);
	free(src);

	long rid = unit_id(st, "ORG");
	closed_wave(st, iid, rid, "Meting 2025", 0);
	closed_wave(st, iid, rid, "Meting 2026", 1);

	int rc = report_load(st, 0, &f->r, &d);
	if (rc)
		fprintf(stderr, "report_load: %d %s\n", rc, d.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(f->r.nwaves, 2);
	f->root = index_of(&f->r, "ORG");
	f->a = index_of(&f->r, "A");
	f->b = index_of(&f->r, "B");
	f->s = index_of(&f->r, "S");
	assert_true(f->root >= 0 && f->a >= 0 && f->b >= 0 && f->s >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const suffix[] = {"", "-wal", "-shm", ".key", "-journal"};
	report_release(&f->r);
	f->st->ops->close(f->st);
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The line of the CSV whose first field is code and fifth starts with scale. */
static char *csv_line(const char *csv, const char *code, const char *scale)
{
	const char *p = csv;
	size_t cl = strlen(code);
	while (p && *p) {
		const char *e = strstr(p, "\r\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > cl && strncmp(p, code, cl) == 0 && p[cl] == ';') {
			char *line = xstrndup(p, n);
			if (strstr(line, scale))
				return line;
			free(line);
		}
		p = e ? e + 2 : NULL;
	}
	return NULL;
}

/* Splits a CSV line without quotes into fields (modifies line). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *e = strchr(p, ';');
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return n;
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);
	char *fl[32];

	assert_int_equal(export_csv(&f->r, 1, f->root, LANG_EN, &out), 0);
	assert_memory_equal(out.p, "\xef\xbb\xbf", 3);
	/* 4 units x 2 scales and a header. */
	size_t rows = 0;
	for (const char *p = out.p; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	assert_int_equal(rows, 9);

	char *line = csv_line(out.p, "A", "Workload");
	assert_non_null(line);
	int n = split(line, fl, 32);
	assert_int_equal(n, 16);
	assert_string_equal(fl[1], "Afdeling A");
	assert_string_equal(fl[2], "Meting 2026");
	assert_string_equal(fl[3], "workload");
	assert_string_equal(fl[5], "10");
	assert_true(fl[6][0] >= '1' && fl[6][0] <= '5');
	assert_string_equal(fl[15], "");
	free(line);

	/* S: too small. No number at all, only the marker. */
	line = csv_line(out.p, "S", "Support");
	assert_non_null(line);
	n = split(line, fl, 32);
	assert_int_equal(n, 16);
	for (int i = 5; i < 15; i++)
		assert_string_equal(fl[i], "");
	assert_string_equal(fl[15], "hidden");
	free(line);

	/* The unit name that starts with '=' is neutralised. */
	line = csv_line(out.p, "B", "Workload");
	assert_non_null(line);
	n = split(line, fl, 32);
	assert_string_equal(fl[1], "'=1+2 Team");
	free(line);

	/* A unit's export holds only that unit and what is below it. */
	buf_reset(&out);
	assert_int_equal(export_csv(&f->r, 1, f->a, LANG_NL, &out), 0);
	assert_null(csv_line(out.p, "B", "Werkdruk"));
	line = csv_line(out.p, "A", "Werkdruk");
	assert_non_null(line);
	n = split(line, fl, 32);
	assert_non_null(strchr(fl[6], ','));
	free(line);
	buf_release(&out);

	struct buf small = BUF_INIT(100);
	assert_int_equal(export_csv(&f->r, 1, f->root, LANG_EN, &small), ERR_TOO_LARGE);
	assert_int_equal(export_csv(&f->r, 2, f->root, LANG_EN, &small), ERR_INVALID);
	assert_int_equal(export_csv(&f->r, 0, 99, LANG_EN, &small), ERR_INVALID);
	buf_release(&small);
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);
	json_error_t err;

	assert_int_equal(export_json(&f->r, 1, f->root, LANG_FR, &out), 0);
	json_t *j = json_loadb(out.p, out.len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "language")), "fr");
	assert_int_equal(json_integer_value(json_object_get(j, "min_group")), 5);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "wave"),
								 "title")),
			    "Meting 2026");

	/* The tree names only groups that may be named: S is not in it. */
	json_t *units = json_object_get(j, "units");
	int seen_a = 0;
	for (size_t i = 0; i < json_array_size(units); i++) {
		json_t *u = json_array_get(units, i);
		const char *code = json_string_value(json_object_get(u, "code"));
		assert_string_not_equal(code, "S");
		if (strcmp(code, "A") == 0) {
			seen_a = 1;
			assert_int_equal(json_integer_value(json_object_get(u, "respondents")), 10);
		}
	}
	assert_true(seen_a);

	json_t *figs = json_object_get(j, "figures");
	assert_int_equal(json_array_size(figs), 8);
	int hidden = 0, shown = 0;
	for (size_t i = 0; i < json_array_size(figs); i++) {
		json_t *o = json_array_get(figs, i);
		const char *code = json_string_value(json_object_get(o, "unit"));
		if (strcmp(code, "S") == 0) {
			/* Nothing but the unit, the scale and the marker. */
			assert_true(json_is_true(json_object_get(o, "hidden")));
			assert_int_equal(json_object_size(o), 3);
			hidden++;
		} else if (strcmp(code, "A") == 0) {
			assert_null(json_object_get(o, "hidden"));
			assert_int_equal(json_integer_value(json_object_get(o, "n")), 10);
			assert_true(json_is_real(json_object_get(o, "mean")));
			assert_non_null(json_object_get(json_object_get(o, "zone_shares"), "red"));
			shown++;
		}
	}
	assert_int_equal(hidden, 2);
	assert_int_equal(shown, 2);
	json_decref(j);
	/* Slashes are escaped: the JSON can sit in a <script> block. */
	assert_null(strstr(out.p, "</"));
	buf_release(&out);
}

static int have(const char *path)
{
	return access(path, X_OK) == 0;
}

static void write_file(const char *path, const struct buf *b)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b->p, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

/* Runs cmd and returns its standard output; caller frees. */
static char *run(const char *cmd)
{
	struct buf b = BUF_INIT(16 * 1024 * 1024);
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	pclose(p);
	size_t len;
	return buf_detach(&b, &len);
}

static void test_xlsx(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);
	char path[128], cmd[300];

	assert_int_equal(export_xlsx(&f->r, 1, f->root, LANG_EN, &out), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.p, "PK\x03\x04", 4);
	if (!have("/usr/bin/unzip")) {
		print_message("unzip missing: the cells of the XLSX are not checked\n");
		buf_release(&out);
		return;
	}
	snprintf(path, sizeof(path), "%s/r.xlsx", f->dir);
	write_file(path, &out);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/sharedStrings.xml", path);
	char *strings = run(cmd);
	assert_true(strstr(strings, "&apos;=1+2 Team") || strstr(strings, "'=1+2 Team"));
	assert_non_null(strstr(strings, "Afdeling A"));
	/* The neutralised text is the only form of it. */
	assert_null(strstr(strings, ">=1+2 Team"));
	free(strings);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml", path);
	char *book = run(cmd);
	assert_non_null(strstr(book, "name=\"Overview\""));
	assert_non_null(strstr(book, "name=\"Scales\""));
	assert_non_null(strstr(book, "name=\"About\""));
	free(book);
	snprintf(cmd, sizeof(cmd), "unzip -l '%s'", path);
	char *list = run(cmd);
	assert_non_null(strstr(list, "xl/worksheets/sheet3.xml"));
	free(list);
	/* No formula anywhere. */
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' 'xl/worksheets/*.xml'", path);
	char *sheets = run(cmd);
	assert_null(strstr(sheets, "<f>"));
	assert_non_null(strstr(sheets, "<v>"));
	free(sheets);
	unlink(path);
	buf_release(&out);
}

static void test_pdf(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);
	char path[128], cmd[300];

	for (int l = 0; l < LANG_COUNT; l++) {
		buf_reset(&out);
		assert_int_equal(export_pdf(&f->r, 1, f->a, (enum lang)l, &out), 0);
		assert_memory_equal(out.p, "%PDF-", 5);
	}
	buf_reset(&out);
	assert_int_equal(export_pdf(&f->r, 1, f->root, LANG_EN, &out), 0);
	assert_memory_equal(out.p, "%PDF-", 5);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text not checked\n");
		buf_release(&out);
		return;
	}
	snprintf(path, sizeof(path), "%s/r.pdf", f->dir);
	write_file(path, &out);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	char *text = run(cmd);
	assert_non_null(strstr(text, "Organisation report"));
	assert_non_null(strstr(text, "Workload"));
	assert_non_null(strstr(text, "Support"));
	assert_non_null(strstr(text, "Meting 2026"));
	assert_non_null(strstr(text, "What suppression means"));
	free(text);

	buf_reset(&out);
	assert_int_equal(export_pdf(&f->r, 1, f->s, LANG_EN, &out), 0);
	write_file(path, &out);
	text = run(cmd);
	assert_non_null(strstr(text, "Small team"));
	assert_non_null(strstr(text, "Hidden to protect anonymity."));
	free(text);
	unlink(path);
	buf_release(&out);
}

static void test_dispatch_and_scope(void **state)
{
	struct fixture *f = *state;
	enum export_format fmt;
	struct buf out = BUF_INIT(MAX_EXPORT_BYTES);

	assert_int_equal(export_format_parse("xlsx", &fmt), 0);
	assert_int_equal(fmt, EXPORT_XLSX);
	assert_int_equal(export_format_parse("XLS", &fmt), -1);
	assert_int_equal(export_format_parse(NULL, &fmt), -1);
	assert_string_equal(export_format_ext(EXPORT_PDF), "pdf");
	assert_string_equal(export_format_type(EXPORT_PDF), "application/pdf");
	assert_true(export_unit_within(&f->r, f->a, f->root));
	assert_true(export_unit_within(&f->r, f->a, f->a));
	assert_false(export_unit_within(&f->r, f->root, f->a));
	assert_false(export_unit_within(&f->r, f->b, f->a));
	assert_false(export_unit_within(&f->r, -1, f->a));
	assert_int_equal(export_report(&f->r, 0, f->root, LANG_EN, EXPORT_JSON, &out), 0);
	assert_int_equal(out.p[0], '{');
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch_and_scope, setup, teardown),
	};
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
