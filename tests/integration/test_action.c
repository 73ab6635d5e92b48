/*
 * test_action.c: action plans against the real server and a real database.
 * An organisation with two waves answered through the personal links: the
 * first is the baseline, the second raises every answer, so the workload
 * scale (higher is worse) of the whole organisation must come out "clearly
 * worse" as the action's effect, with the words of the reports, and a team
 * of three must say its figures are hidden. In between: actions made,
 * changed, approved and communicated over HTTP with CSRF; managers kept to
 * their own units (also when guessing ids); the committee reading the
 * plan; hostile input in every field; 'you said, we did' with a used
 * invitation of a closed wave and with the public key (404 when off); and
 * the PDF and XLSX of the yearly plan, from the web and the command line.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "session.h"

#define NEMP 30

/* Answers every item of the survey behind token with value (1..5). */
static void answer(const struct server *srv, const char *token, int value)
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
		for (const char *q = strstr(r.body, "name=\"a_"); q;
		     q = strstr(q + 1, "name=\"a_")) {
			char name[80];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(q + 6, "\""), q + 6);
			if (strstr(body, name))
				continue;
			bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "&%s=%d", name, value);
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

/* The id of the unit called name, from the report overview's links. */
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

/*
 * Posts a new action (fields is the urlencoded rest of the form) and
 * returns its id from the redirect, or 0 with *status set when refused.
 */
static long create(const struct server *srv, const struct session *s, const char *fields,
		   int *status)
{
	struct http_resp r;
	size_t n = strlen(fields) + 200;
	char *body = malloc(n);
	snprintf(body, n, "csrf=%s&%s", s->csrf, fields);
	post(srv, s, "/actions", body, &r);
	free(body);
	*status = r.status;
	long id = 0;
	if (r.status == 303) {
		char *loc = http_header(&r, "Location");
		assert_non_null(loc);
		assert_memory_equal(loc, "/actions/", 9);
		id = strtol(loc + 9, NULL, 10);
		free(loc);
	}
	http_resp_release(&r);
	return id;
}

static int post_status(const struct server *srv, const struct session *s, const char *path,
		       const char *fields)
{
	struct http_resp r;
	char body[4096];
	snprintf(body, sizeof(body), "csrf=%s%s%s", s->csrf ? s->csrf : "", *fields ? "&" : "",
		 fields);
	post(srv, s, path, body, &r);
	int st = r.status;
	http_resp_release(&r);
	return st;
}

static int get_status(const struct server *srv, const struct session *s, const char *path)
{
	struct http_resp r;
	get(srv, s, path, &r);
	int st = r.status;
	http_resp_release(&r);
	return st;
}

/* 1 when the body of GET path contains needle. */
static int page_has(const struct server *srv, const struct session *s, const char *path,
		    const char *needle)
{
	struct http_resp r;
	get(srv, s, path, &r);
	assert_int_equal(r.status, 200);
	int has = strstr(r.body, needle) != NULL;
	if (!has)
		fprintf(stderr, "%s has no '%s'\n", path, needle);
	http_resp_release(&r);
	return has;
}

static void test_action(void **state)
{
	(void)state;
	struct server srv;
	struct session admin, advisor, marc, mona, carla, nobody = {0};
	struct http_resp r;
	char path[256], fields[2048];
	char tok1[64][64], tok2[64][64];
	int st;

	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	user_add(&srv, "hilde", "admin", NULL);
	user_add(&srv, "adri", "advisor", NULL);
	user_add(&srv, "carla", "committee", NULL);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hilde", &admin);
	import_csv(&srv, &admin, "units", "tests/data/csv/units.csv");
	import_csv(&srv, &admin, "employees", "tests/data/csv/employees.csv");
	user_add(&srv, "marc", "manager", "ZORG-GER");
	user_add(&srv, "mona", "manager", "ZORG-REV");

	/* Before any wave has closed the plan exists, empty. */
	assert_true(page_has(&srv, &admin, "/actions", "No actions yet."));

	/* Wave 1, the baseline: low answers (1, 2, 3 in turn). */
	long w1 = wave_create(&srv, &admin, "Baseline 2025");
	int n = wave_tokens(&srv, &admin, w1, tok1, 64);
	assert_int_equal(n, NEMP);
	for (int i = 0; i < n; i++)
		answer(&srv, tok1[i], 1 + i % 3);
	wave_close(&srv, &admin, w1);

	get(&srv, &admin, "/reports", &r);
	assert_int_equal(r.status, 200);
	long org = unit_link(r.body, "Zorggroep De Linde vzw");
	long ger = unit_link(r.body, "Team Geriatrie");
	long rev = unit_link(r.body, "Team Revalidatie");
	long fin = unit_link(r.body, "Boekhouding; facturatie");
	assert_true(org > 0 && ger > 0 && rev > 0 && fin > 0);
	http_resp_release(&r);
	login_as(&srv, "adri", &advisor);
	login_as(&srv, "marc", &marc);
	login_as(&srv, "mona", &mona);
	login_as(&srv, "carla", &carla);

	/* The form: the baseline filled in from the report, the unit's attention points first. */
	snprintf(path, sizeof(path), "/actions/new?unit=%ld&theme=workload", org);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	char *base = html_input_value(r.body, "baseline");
	assert_non_null(base);
	assert_string_equal(base, "2.50"); /* (3 v + (6 - v)) / 4 over v = 1, 2, 3 */
	free(base);
	assert_non_null(strstr(r.body, "name=\"indicator_absence\""));
	http_resp_release(&r);

	/* Admin: an action of the organisation on workload; the baseline comes from the report. */
	snprintf(fields, sizeof(fields),
		 "unit=%ld&title=Minder+administratie&description=Formulieren+schrappen"
		 "&theme=workload&level=organisation&owner=Directie&due=2020-01-31&year=2026"
		 "&indicator_scale=workload&indicator_absence=&baseline=&target=2.2",
		 org);
	long a_org = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	assert_true(a_org > 0);
	/* and one of a team of three, whose figures the report hides */
	snprintf(fields, sizeof(fields),
		 "unit=%ld&title=Rustig+kwartier&theme=workload&level=group&owner=Team"
		 "&due=&year=2026&indicator_scale=workload&baseline=&target=",
		 fin);
	long a_fin = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);

	/* A manager: in their own team yes, in another team no. */
	snprintf(fields, sizeof(fields),
		 "unit=%ld&title=Teamoverleg+geriatrie&theme=support_manager&level=leader"
		 "&owner=Marc&due=2099-06-30&year=2026&quick_win=1&indicator_scale=support_manager",
		 ger);
	long a_ger = create(&srv, &marc, fields, &st);
	assert_int_equal(st, 303);
	snprintf(fields, sizeof(fields), "unit=%ld&title=Elders&theme=workload&level=group&year=2026",
		 rev);
	assert_int_equal(create(&srv, &marc, fields, &st), 0);
	assert_int_equal(st, 403);
	snprintf(fields, sizeof(fields), "unit=%ld&title=Overal&theme=workload&level=group&year=2026",
		 org);
	assert_int_equal(create(&srv, &marc, fields, &st), 0);
	assert_int_equal(st, 403);

	/* The other manager cannot see, change or move it, whatever id they try. */
	snprintf(path, sizeof(path), "/actions/%ld", a_ger);
	assert_int_equal(get_status(&srv, &mona, path), 403);
	assert_int_equal(post_status(&srv, &mona, path, "title=Gekaapt&theme=workload"), 403);
	snprintf(path, sizeof(path), "/actions/%ld/status", a_ger);
	assert_int_equal(post_status(&srv, &mona, path, "status=dropped"), 403);
	snprintf(path, sizeof(path), "/actions/unit/%ld", ger);
	assert_int_equal(get_status(&srv, &mona, path), 403);
	snprintf(path, sizeof(path), "/actions/%ld", a_ger + 1);
	assert_int_equal(get_status(&srv, &mona, path), 404);
	assert_int_equal(get_status(&srv, &mona, "/actions/123456789"), 404);
	assert_int_equal(get_status(&srv, &mona, "/actions/-1"), 404);
	assert_int_equal(get_status(&srv, &mona, "/actions/unit/987654321"), 404);
	snprintf(path, sizeof(path), "/actions/new?unit=%ld", ger);
	assert_int_equal(get_status(&srv, &mona, path), 403);
	snprintf(path, sizeof(path), "/actions/plan.pdf?unit=%ld", ger);
	assert_int_equal(get_status(&srv, &mona, path), 403);
	get(&srv, &mona, "/actions?year=0", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Teamoverleg geriatrie"));
	assert_null(strstr(r.body, "Minder administratie"));
	http_resp_release(&r);
	/* the manager of the team sees it, and the team's plan */
	snprintf(path, sizeof(path), "/actions/unit/%ld", ger);
	assert_true(page_has(&srv, &marc, path, "Teamoverleg geriatrie"));

	/* The committee reads the plan but changes nothing. */
	assert_true(page_has(&srv, &carla, "/actions?year=2026", "Minder administratie"));
	snprintf(path, sizeof(path), "/actions/%ld", a_ger);
	assert_true(page_has(&srv, &carla, path, "Teamoverleg geriatrie"));
	assert_true(page_has(&srv, &carla, "/actions/gpp", "Global prevention plan"));
	snprintf(fields, sizeof(fields), "unit=%ld&title=X&theme=workload&level=group&year=2026",
		 org);
	assert_int_equal(create(&srv, &carla, fields, &st), 0);
	assert_int_equal(st, 403);
	snprintf(path, sizeof(path), "/actions/%ld/approve", a_org);
	assert_int_equal(post_status(&srv, &carla, path, ""), 403);
	/* nor can a manager approve */
	assert_int_equal(post_status(&srv, &marc, path, ""), 403);
	/* no CSRF token: refused */
	{
		struct session nocsrf = {marc.cookie, NULL};
		snprintf(path, sizeof(path), "/actions/%ld/status", a_ger);
		assert_int_equal(post_status(&srv, &nocsrf, path, "status=dropped"), 403);
	}
	/* nobody logged in: to the login page */
	assert_int_equal(get_status(&srv, &nobody, "/actions"), 303);

	/* Status: a proposed action is approved by management, not by a status change. */
	snprintf(path, sizeof(path), "/actions/%ld/status", a_ger);
	assert_int_equal(post_status(&srv, &marc, path, "status=approved"), 409);
	assert_int_equal(post_status(&srv, &marc, path, "status=flying"), 409);
	/* communicating before approval is refused */
	snprintf(path, sizeof(path), "/actions/%ld/communicate", a_org);
	assert_int_equal(post_status(&srv, &admin, path, "publish=1"), 409);
	/* the advisor approves, with the decision documented */
	snprintf(path, sizeof(path), "/actions/%ld/approve", a_org);
	assert_int_equal(post_status(&srv, &advisor, path, "note=Budget+voorzien"), 303);
	assert_int_equal(post_status(&srv, &advisor, path, "note=Twee+keer"), 409);
	snprintf(path, sizeof(path), "/actions/%ld/approve", a_ger);
	assert_int_equal(post_status(&srv, &advisor, path, ""), 303);
	snprintf(path, sizeof(path), "/actions/%ld/status", a_ger);
	assert_int_equal(post_status(&srv, &marc, path, "status=in_progress&note=Gestart"), 303);
	snprintf(path, sizeof(path), "/actions/%ld", a_org);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "approved by management"));
	assert_non_null(strstr(r.body, "Budget voorzien"));
	assert_non_null(strstr(r.body, "adri"));
	assert_non_null(strstr(r.body, "overdue")); /* due 2020-01-31, not done */
	http_resp_release(&r);
	/* communicated: it goes on 'you said, we did' */
	snprintf(path, sizeof(path), "/actions/%ld/communicate", a_org);
	assert_int_equal(post_status(&srv, &admin, path, "publish=1"), 303);

	/* Edit by the manager of the team. */
	snprintf(path, sizeof(path), "/actions/%ld", a_ger);
	assert_int_equal(post_status(&srv, &marc, path,
				     "title=Teamoverleg+geriatrie+wekelijks&theme=support_manager"
				     "&level=leader&owner=Marc&due=2099-06-30&year=2026"
				     "&indicator_scale=support_manager"),
			 303);
	assert_true(page_has(&srv, &marc, path, "Teamoverleg geriatrie wekelijks"));

	/* Hostile input in every field: a clear refusal (422), never stored, always escaped. */
	static const char *const bad[] = {
		"title=&theme=workload&level=group&year=2026",
		"title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&theme=nope&level=group&year=2026",
		"title=A&theme=workload&level=x&year=2026",
		"title=A&theme=workload&level=group&year=99999",
		"title=A&theme=workload&level=group&year=2026&due=2026-02-30",
		"title=A&theme=workload&level=group&year=2026&due=%3Cb%3E",
		"title=A&theme=workload&level=group&year=2026&baseline=abc",
		"title=A&theme=workload&level=group&year=2026&target=1e999",
		"title=A&theme=workload&level=group&year=2026&indicator_scale=..%2F..%2Fetc",
		"title=A&theme=workload&level=group&year=2026&indicator_absence=%27%3B+DROP+TABLE",
		"title=%FF%FE&theme=workload&level=group&year=2026",
		"title=A%00B&theme=workload&level=group&year=2026",
		"title=A&theme=workload&level=group&year=2026&description=%01%02",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(fields, sizeof(fields), "unit=%ld&%s", org, bad[i]);
		long id = create(&srv, &admin, fields, &st);
		/* bytes that are not UTF-8 text are refused by the form layer (400) */
		int want = strstr(bad[i], "%FF") || strstr(bad[i], "%00") ? 400 : 422;
		if (st != want)
			fprintf(stderr, "hostile input %zu: %d\n", i, st);
		assert_int_equal(st, want);
		assert_int_equal(id, 0);
	}
	{
		/* a very long owner and description */
		size_t big = 20000;
		char *b = malloc(big + 200);
		int o = snprintf(b, 200, "unit=%ld&title=A&theme=workload&level=group&year=2026&owner=",
				 org);
		memset(b + o, 'x', big);
		b[o + big] = '\0';
		assert_int_equal(create(&srv, &admin, b, &st), 0);
		assert_int_equal(st, 422);
		free(b);
	}
	snprintf(fields, sizeof(fields), "unit=abc&title=A&theme=workload&level=group&year=2026");
	assert_int_equal(create(&srv, &admin, fields, &st), 0);
	assert_int_equal(st, 422);
	snprintf(fields, sizeof(fields), "unit=424242&title=A&theme=workload&level=group&year=2026");
	assert_int_equal(create(&srv, &admin, fields, &st), 0);
	assert_int_equal(st, 422);
	/* hostile text that is valid is stored and shown escaped */
	snprintf(fields, sizeof(fields),
		 "unit=%ld&title=%%3Cimg+src%%3Dx+onerror%%3Dalert(1)%%3E+%%26+%%22q%%22&theme=workload"
		 "&level=individual&owner=%%3D1%%2B1&year=2026&description=%%3Cscript%%3E",
		 org);
	long a_xss = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	snprintf(path, sizeof(path), "/actions/%ld", a_xss);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "<img src=x"));
	assert_null(strstr(r.body, "<script>"));
	assert_non_null(strstr(r.body, "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
	http_resp_release(&r);
	/* only the valid actions exist */
	get(&srv, &admin, "/actions?year=0", &r);
	assert_int_equal(r.status, 200);
	int rows = 0;
	for (const char *p = strstr(r.body, "href=\"/actions/"); p;
	     p = strstr(p + 1, "href=\"/actions/"))
		rows += p[15] >= '1' && p[15] <= '9';
	assert_int_equal(rows, 4);
	http_resp_release(&r);

	/* No effect yet: no wave after the baseline. */
	snprintf(path, sizeof(path), "/actions/%ld", a_org);
	assert_true(page_has(&srv, &admin, path, "once a survey wave after the baseline wave"));

	/* Wave 2: every answer two points higher; workload rises from 2.5 to 3.5. */
	long w2 = wave_create(&srv, &admin, "Opvolging 2026");
	n = wave_tokens(&srv, &admin, w2, tok2, 64);
	assert_int_equal(n, NEMP);
	for (int i = 0; i < n; i++)
		answer(&srv, tok2[i], 3 + i % 3);
	wave_close(&srv, &admin, w2);

	/* The effect, with the verdict words of the reports. */
	snprintf(path, sizeof(path), "/actions/%ld", a_org);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "clearly worse"));
	assert_non_null(strstr(r.body, "Baseline 2025"));
	assert_non_null(strstr(r.body, "target not yet reached"));
	http_resp_release(&r);
	/* the report itself says the same about workload since the previous wave */
	snprintf(path, sizeof(path), "/reports/unit/%ld", org);
	get(&srv, &admin, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "clearly worse"));
	assert_non_null(strstr(r.body, "Minder administratie")); /* the plan on the report */
	snprintf(fields, sizeof(fields), "href=\"/actions/unit/%ld\"", org);
	assert_non_null(strstr(r.body, fields));
	http_resp_release(&r);
	/* the team of three: hidden, and said so */
	snprintf(path, sizeof(path), "/actions/%ld", a_fin);
	assert_true(page_has(&srv, &admin, path, "hidden to protect anonymity"));
	assert_true(page_has(&srv, &admin, "/actions?year=2026", "clearly worse"));

	/* 'You said, we did' with a used invitation of the closed first wave. */
	snprintf(path, sizeof(path), "/s/%s/yousaid", tok1[0]);
	get(&srv, &nobody, path, &r);
	assert_int_equal(r.status, 200);
	/* in the employee's language (the first employees speak nl or fr), never logged in */
	assert_true(strstr(r.body, "<h1>Jullie zeiden, wij deden</h1>") ||
		    strstr(r.body, "<h1>Vous avez dit, nous avons fait</h1>"));
	assert_null(strstr(r.body, "Log out"));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/s/%s/yousaid?lang=en", tok1[0]);
	get(&srv, &nobody, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "You said, we did"));
	assert_non_null(strstr(r.body, "Minder administratie"));        /* communicated */
	assert_null(strstr(r.body, "Teamoverleg geriatrie"));           /* not communicated */
	assert_non_null(strstr(r.body, "clearly worse"));
	http_resp_release(&r);
	assert_int_equal(get_status(&srv, &nobody, "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/yousaid"),
			 404);
	/* the used link itself says where to see what was done */
	snprintf(path, sizeof(path), "/s/%s", tok1[0]);
	get(&srv, &nobody, path, &r);
	assert_int_equal(r.status, 409);
	snprintf(fields, sizeof(fields), "href=\"/s/%s/yousaid\"", tok1[0]);
	assert_non_null(strstr(r.body, fields));
	http_resp_release(&r);
	/* the public link is off by default */
	get(&srv, &admin, "/admin/yousaid", &r);
	assert_int_equal(r.status, 200);
	const char *k = strstr(r.body, "/y/");
	assert_non_null(k);
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)strcspn(k + 3, "<\""), k + 3);
	assert_int_equal(strlen(key), 32);
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/y/%s", key);
	assert_int_equal(get_status(&srv, &nobody, path), 404);
	assert_int_equal(post_status(&srv, &admin, "/admin/yousaid",
				     "via_invitation=1&via_public=1&gpp_first_year=2025&stall_days=30"),
			 200);
	assert_true(page_has(&srv, &nobody, path, "Minder administratie"));
	key[0] = key[0] == 'a' ? 'b' : 'a';
	snprintf(path, sizeof(path), "/y/%s", key);
	assert_int_equal(get_status(&srv, &nobody, path), 404);
	assert_int_equal(post_status(&srv, &admin, "/admin/yousaid", "gpp_first_year=abc"), 422);
	/* both off: 404 on both ways in */
	assert_int_equal(post_status(&srv, &admin, "/admin/yousaid", ""), 200);
	key[0] = key[0] == 'a' ? 'b' : 'a';
	snprintf(path, sizeof(path), "/y/%s", key);
	assert_int_equal(get_status(&srv, &nobody, path), 404);
	snprintf(path, sizeof(path), "/s/%s/yousaid", tok1[0]);
	assert_int_equal(get_status(&srv, &nobody, path), 404);
	/* and with 'you said, we did' off for invitation links, no link to it */
	snprintf(path, sizeof(path), "/s/%s", tok1[0]);
	get(&srv, &nobody, path, &r);
	assert_int_equal(r.status, 409);
	assert_null(strstr(r.body, "/yousaid"));
	http_resp_release(&r);

	/* The yearly plan as PDF and XLSX. */
	get(&srv, &carla, "/actions/plan.pdf?year=2026", &r);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 1000);
	assert_memory_equal(r.body, "%PDF", 4);
	http_resp_release(&r);
	get(&srv, &admin, "/actions/plan.xlsx?year=2026", &r);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK", 2);
	int sheet = 0;
	for (size_t i = 0; i + 24 < r.body_len && !sheet; i++)
		sheet = memcmp(r.body + i, "xl/worksheets/sheet1.xml", 24) == 0;
	assert_true(sheet);
	http_resp_release(&r);
	/* and from the command line */
	{
		char out[400], *text = NULL;
		snprintf(out, sizeof(out), "%s/plan.xlsx", srv.dir);
		const char *ex[] = {"action", "export", "--year", "2026", "--format", "xlsx", "-o",
				    out, NULL};
		cli_ok(&srv, ex);
		FILE *f = fopen(out, "rb");
		assert_non_null(f);
		char magic[2] = {0};
		assert_int_equal(fread(magic, 1, 2, f), 2);
		fclose(f);
		assert_memory_equal(magic, "PK", 2);
		const char *ls[] = {"action", "list", "--year", "2026", NULL};
		assert_int_equal(harness_cli(&srv, &text, ls), 0);
		assert_non_null(strstr(text, "Minder administratie"));
		assert_non_null(strstr(text, "clearly worse"));
		assert_non_null(strstr(text, "overdue"));
		free(text);
		/* --flagged: the overdue one with its owner, for reminders; the rest left out */
		const char *lf[] = {"action", "list", "--year", "2026", "--flagged", NULL};
		text = NULL;
		assert_int_equal(harness_cli(&srv, &text, lf), 0);
		assert_non_null(strstr(text, "Minder administratie"));
		assert_non_null(strstr(text, "\tDirectie\t"));
		assert_null(strstr(text, "Rustig kwartier"));
		free(text);
		const char *bad_fmt[] = {"action", "export", "--year", "2026", "--format", "doc",
					 NULL};
		text = NULL;
		assert_int_not_equal(harness_cli(&srv, &text, bad_fmt), 0);
		free(text);
	}

	session_release(&admin);
	session_release(&advisor);
	session_release(&marc);
	session_release(&mona);
	session_release(&carla);
	test_teardown(NULL);
}

/*
 * The effect of an action on an absence indicator: the value of the year
 * after the plan's year measured from the imported absence data, the
 * verdict and the target; a unit below k says it is hidden.
 */
static void test_absence_effect(void **state)
{
	(void)state;
	struct server srv;
	struct session admin;
	char fields[1024], path[400], needle[64], d[2][24];
	struct http_resp r;
	int st;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	int year = tm.tm_year + 1900;
	harness_init(&srv);
	test_server = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	user_add(&srv, "hilde", "admin", NULL);
	char up[1024], ep[1024];
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	snprintf(up, sizeof(up), "%s/tests/data/csv/units.csv", root ? root : ".");
	snprintf(ep, sizeof(ep), "%s/tests/data/csv/employees.csv", root ? root : ".");
	const char *iu[] = {"import", "units", up, NULL};
	const char *ie[] = {"import", "employees", ep, NULL};
	cli_ok(&srv, iu);
	cli_ok(&srv, ie);
	/* two one-day spells this year for ten people (first day of the year: always past) */
	snprintf(path, sizeof(path), "%s/absences.csv", srv.dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "employee;start;end;kind;percentage\n");
	snprintf(d[0], sizeof(d[0]), "%04d-01-01", year);
	snprintf(d[1], sizeof(d[1]), "%04d-01-01", year - 1);
	for (int e = 1001; e <= 1010; e++) {
		fprintf(f, "%d;%s;%s;illness;100\n", e, d[0], d[0]);
		fprintf(f, "%d;%s;%s;illness;100\n", e, d[1], d[1]);
	}
	fclose(f);
	const char *ia[] = {"absence", "import", path, NULL};
	cli_ok(&srv, ia);
	assert_int_equal(server_up(&srv), 0);
	login_as(&srv, "hilde", &admin);

	/* the whole organisation (30 people): measured, improved, target reached */
	snprintf(fields, sizeof(fields),
		 "unit=0&title=Terugkeergesprekken&theme=workload&level=organisation"
		 "&owner=HR&due=&year=%d&indicator_scale=&indicator_absence=frequency"
		 "&baseline=5&target=4",
		 year - 1);
	long a = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	snprintf(path, sizeof(path), "/actions/%ld", a);
	snprintf(needle, sizeof(needle), "Measured in %d", year);
	assert_true(page_has(&srv, &admin, path, needle));
	assert_true(page_has(&srv, &admin, path, "improved"));
	/* with no action in this year yet, the plans page opens on last year's plan */
	snprintf(needle, sizeof(needle), "The yearly action plan %d:", year - 1);
	assert_true(page_has(&srv, &admin, "/actions", needle));
	assert_true(page_has(&srv, &admin, "/actions", "Terugkeergesprekken"));
	assert_true(page_has(&srv, &admin, path, "target reached"));

	/* a plan whose next year has not begun: nothing measured yet */
	snprintf(fields, sizeof(fields),
		 "unit=0&title=Later&theme=workload&level=organisation&owner=HR&due=&year=%d"
		 "&indicator_scale=&indicator_absence=frequency&baseline=5&target=4",
		 year);
	a = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	snprintf(path, sizeof(path), "/actions/%ld", a);
	snprintf(needle, sizeof(needle), "The effect shows from %d on", year + 1);
	assert_true(page_has(&srv, &admin, path, needle));
	/*
	 * Left empty, the baseline of an absence indicator is the unit's value
	 * in the year before the plan's: 10 spells among 30 people, 0.33.
	 */
	snprintf(fields, sizeof(fields),
		 "unit=0&title=Zonder+vertrekpunt&theme=workload&level=organisation&owner=HR&due="
		 "&year=%d&indicator_scale=&indicator_absence=frequency&baseline=&target=0.2",
		 year);
	a = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	snprintf(path, sizeof(path), "/actions/%ld", a);
	assert_true(page_has(&srv, &admin, path, "<dt>Baseline</dt><dd>0.3"));
	/* once this year has one, it opens on this year's */
	snprintf(needle, sizeof(needle), "The yearly action plan %d:", year);
	assert_true(page_has(&srv, &admin, "/actions", needle));
	get(&srv, &admin, "/actions", &r);
	assert_null(strstr(r.body, "Terugkeergesprekken"));
	http_resp_release(&r);

	/* Boekhouding (3 people) is below k: hidden, no value */
	get(&srv, &admin, "/actions/new", &r);
	assert_int_equal(r.status, 200);
	char *opt = strstr(r.body, "Boekhouding; facturatie");
	assert_non_null(opt);
	char *v = opt;
	while (v > r.body && strncmp(v, "value=\"", 7) != 0)
		v--;
	long fin = strtol(v + 7, NULL, 10);
	http_resp_release(&r);
	assert_true(fin > 0);
	snprintf(fields, sizeof(fields),
		 "unit=%ld&title=Klein&theme=workload&level=group&owner=Team&due=&year=%d"
		 "&indicator_scale=&indicator_absence=frequency&baseline=5&target=4",
		 fin, year - 1);
	a = create(&srv, &admin, fields, &st);
	assert_int_equal(st, 303);
	snprintf(path, sizeof(path), "/actions/%ld", a);
	assert_true(page_has(&srv, &admin, path, "absence figures of this unit are hidden"));
	snprintf(needle, sizeof(needle), "Measured in %d", year);
	get(&srv, &admin, path, &r);
	assert_null(strstr(r.body, needle));
	http_resp_release(&r);
	session_release(&admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_action, test_teardown),
		cmocka_unit_test_teardown(test_absence_effect, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
