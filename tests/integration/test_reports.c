/*
 * test_reports.c: the report pages against the real server and a real
 * database: an organisation imported over HTTP, a wave answered by every
 * employee through their personal links and closed; then the overview
 * with shown and hidden cells, a small team without figures, a manager
 * kept to their own units, a committee member who sees the reports, and
 * nothing for a visitor who is not logged in.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "session.h"



/* The server of the running test, cleaned up even when an assertion fails. */






/* Answers the whole survey behind token; who varies the answers between people. */
static void answer(const struct server *srv, const char *token, int who)
{
	struct session anon = {0};
	struct http_resp r;
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", token);
	for (int page = 1, guard = 0;; page++) {
		char url[160];
		snprintf(url, sizeof(url), "/s/%s?p=%d", token, page);
		get(srv, &anon, url, &r);
		assert_int_equal(r.status, 200);
		char body[16384];
		int bl = snprintf(body, sizeof(body), "p=%d", page);
		int items = 0;
		for (const char *q = strstr(r.body, "name=\"a_"); q;
		     q = strstr(q + 1, "name=\"a_")) {
			char name[80];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(q + 6, "\""), q + 6);
			if (strstr(body, name))
				continue;
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "&%s=%d", name,
				       1 + (items + who * 3 + (who % 4) * items) % 5);
			items++;
		}
		int last = strstr(r.body, "value=\"submit\"") != NULL;
		http_resp_release(&r);
		snprintf(body + bl, sizeof(body) - (size_t)bl, last ? "&go=submit" : "&go=next");
		post(srv, &anon, path, body, &r);
		assert_true(r.status == 200 || r.status == 303);
		http_resp_release(&r);
		if (last)
			return;
		assert_true(++guard < 30);
	}
}

/* The id of the unit called name, from the overview's links. */
static long unit_link(const char *html, const char *name)
{
	char want[200];
	snprintf(want, sizeof(want), ">%s</a>", name);
	const char *p = strstr(html, want);
	if (!p)
		return -1;
	const char *a = p;
	while (a > html && strncmp(a, "/reports/unit/", 14) != 0)
		a--;
	if (a == html)
		return -1;
	return strtol(a + 14, NULL, 10);
}

static void test_reports(void **state)
{
	(void)state;
	struct server srv;
	struct session admin, mgr, committee, nobody = {0};
	struct http_resp r;
	char path[160];

	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	user_add(&srv, "hilde", "admin", NULL);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hilde", &admin);

	/* Before any wave closes there are no results. */
	get(&srv, &admin, "/reports", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "No results yet"));
	http_resp_release(&r);

	import_csv(&srv, &admin, "units", "tests/data/csv/units.csv");
	import_csv(&srv, &admin, "employees", "tests/data/csv/employees.csv");
	user_add(&srv, "marc", "manager", "ZORG-GER");
	user_add(&srv, "carla", "committee", NULL);
	long wave = wave_create(&srv, &admin, "Welzijn 2026");
	char tok[64][64];
	int n = wave_tokens(&srv, &admin, wave, tok, 64);
	assert_int_equal(n, 30);
	for (int i = 0; i < n; i++)
		answer(&srv, tok[i], i);

	/* Open wave: still no results (DESIGN rule 3). */
	get(&srv, &admin, "/reports", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);

	char body[256];
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	post(&srv, &admin, path, body, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);

	/* The overview: a heatmap with shown and hidden cells, a legend, sort links. */
	get(&srv, &admin, "/reports", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "table class=\"data heatmap\""));
	assert_non_null(strstr(r.body, "class=\"hm hm-hidden\""));
	assert_true(strstr(r.body, "class=\"hm hm-green\"") ||
		    strstr(r.body, "class=\"hm hm-orange\"") ||
		    strstr(r.body, "class=\"hm hm-red\""));
	assert_non_null(strstr(r.body, "hidden to protect anonymity"));
	assert_non_null(strstr(r.body, "class=\"hm-legend\""));
	assert_non_null(strstr(r.body, "&amp;sort=resp&amp;dir=asc"));
	assert_non_null(strstr(r.body, "Zorggroep De Linde vzw"));
	long fin = unit_link(r.body, "Boekhouding; facturatie");
	long ger = unit_link(r.body, "Team Geriatrie");
	long adm = unit_link(r.body, "Administratie");
	long zorg = unit_link(r.body, "Zorg");
	assert_true(fin > 0 && ger > 0 && adm > 0 && zorg > 0);
	http_resp_release(&r);

	/* Sorted by respondents, descending: the organisation comes first. */
	snprintf(path, sizeof(path), "/reports?wave=%ld&sort=resp&dir=desc", wave);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "aria-sort=\"descending\""));
	const char *tbody = strstr(r.body, "<tbody>");
	assert_non_null(tbody);
	const char *first = strstr(tbody, "</a>");
	assert_non_null(first);
	assert_true(first - tbody < 400 && strstr(tbody, "Zorggroep De Linde vzw") < first);
	http_resp_release(&r);

	/* Sorted by a scale and by name; the top level only. */
	snprintf(path, sizeof(path), "/reports?wave=%ld&sort=workload&dir=asc", wave);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "aria-sort=\"ascending\""));
	http_resp_release(&r);
	get(&srv, &admin, "/reports?sort=unit&dir=desc", &r);
	assert_int_equal(r.status, 200);
	assert_true(strstr(r.body, ">Zorg</a>") < strstr(r.body, ">Administratie</a>"));
	http_resp_release(&r);
	get(&srv, &admin, "/reports?depth=1", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Showing the top level: 1 of 10 units."));
	assert_null(strstr(r.body, ">Zorg</a>"));
	http_resp_release(&r);
	get(&srv, &admin, "/reports?sort=nonsense&dir=up&depth=x", &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);

	/* An unknown wave, or one that is not closed, has no results. */
	get(&srv, &admin, "/reports?wave=999999", &r);
	assert_int_equal(r.status, 404);
	http_resp_release(&r);

	/* A small team (3 people): no figures, and why, with a link to its parent. */
	snprintf(path, sizeof(path), "/reports/unit/%ld", fin);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "No figures can be shown for this unit"));
	assert_null(strstr(r.body, "class=\"data figures\""));
	snprintf(path, sizeof(path), "href=\"/reports/unit/%ld?wave=%ld\"", adm, wave);
	assert_non_null(strstr(r.body, path));
	http_resp_release(&r);

	/* The whole organisation: figures, charts, strengths and attention points. */
	get(&srv, &admin, "/reports", &r);
	long org = unit_link(r.body, "Zorggroep De Linde vzw");
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", org);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "class=\"data figures\""));
	assert_non_null(strstr(r.body, "<h2>Strengths</h2>"));
	assert_non_null(strstr(r.body, "<h2>Attention points</h2>"));
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "role=\"img\""));
	assert_non_null(strstr(r.body, "30</strong> respondents"));
	assert_non_null(strstr(r.body, "Quality of the questionnaire"));
	/* the same report as a file */
	char *dl = strstr(r.body, "/reports/export?wave=");
	assert_non_null(dl);
	char dlpath[200];
	snprintf(dlpath, sizeof(dlpath), "%.*s", (int)strcspn(dl, "\""), dl);
	/* 30 respondents: key drivers are shown (from 25 on) */
	assert_non_null(strstr(r.body, "class=\"data drivers\""));
	http_resp_release(&r);

	/* The download link works (its &amp; as in the page's attribute). */
	for (char *q = strstr(dlpath, "&amp;"); q; q = strstr(q, "&amp;"))
		memmove(q + 1, q + 5, strlen(q + 5) + 1);
	get(&srv, &admin, dlpath, &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	http_resp_release(&r);

	/* A manager: their own team only. */
	login_as(&srv, "marc", &mgr);
	get(&srv, &mgr, "/reports", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Team Geriatrie"));
	assert_null(strstr(r.body, "Administratie"));
	assert_null(strstr(r.body, "Boekhouding"));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", ger);
	get(&srv, &mgr, path, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Quality of the questionnaire"));
	assert_null(strstr(r.body, "class=\"data drivers\""));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", adm);
	get(&srv, &mgr, path, &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", zorg);
	get(&srv, &mgr, path, &r);
	assert_int_equal(r.status, 403);
	http_resp_release(&r);

	/* The prevention committee sees the reports. */
	login_as(&srv, "carla", &committee);
	get(&srv, &committee, "/reports", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Administratie"));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", adm);
	get(&srv, &committee, path, &r);
	assert_int_equal(r.status, 200);
	http_resp_release(&r);

	/* Logged out: sent to the login page, nothing shown. */
	get(&srv, &nobody, "/reports", &r);
	assert_int_equal(r.status, 303);
	assert_null(strstr(r.body, "heatmap"));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/unit/%ld", org);
	get(&srv, &nobody, path, &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);

	session_release(&admin);
	session_release(&mgr);
	session_release(&committee);
	test_teardown(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_reports, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
