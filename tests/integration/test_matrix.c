/*
 * test_matrix.c: the authorisation matrix. A database set up through the
 * command line (organisation, accounts of every role, a wave answered over
 * HTTP and closed), the real server, and every route of src/web/routes.c
 * called with each of its methods by every role and by a visitor without
 * an account; each answer is checked against the table below. The table
 * must name every route of routes.c: a route added there without a row
 * here fails the test.
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

#define PASSWORD "correct horse battery"

enum who { ANON, ADMIN, ADVISOR, HR, COMMITTEE, MGR_A, MGR_B, NWHO };
static const char *const who_name[NWHO] = {"anon",      "admin", "advisor", "hr",
					   "committee", "mgrA",  "mgrB"};
static const char *const who_login[NWHO] = {NULL,    "hilde", "adri", "hanne",
					    "carla", "marc",  "mona"};

#define A(w) (1u << (w))
#define ALL (A(ANON) | A(ADMIN) | A(ADVISOR) | A(HR) | A(COMMITTEE) | A(MGR_A) | A(MGR_B))
#define LOGGED (ALL & ~A(ANON))
#define STAFF (A(ADMIN) | A(ADVISOR) | A(HR))
#define VIEWERS (STAFF | A(COMMITTEE) | A(MGR_A) | A(MGR_B))
#define ADMIN_HR (A(ADMIN) | A(HR))

/*
 * One cell row: a route of routes.c (method and pattern) and the concrete
 * path it is called with ({W} = the closed wave, {UA}/{UB} = the units of
 * manager A and B, {T} = a personal link token).
 */
struct row {
	const char *method;
	const char *pattern;
	const char *path;
	unsigned allowed;
};

static const struct row table[] = {
	{"GET", "/", "/", ALL},
	{"GET", "/code", "/code", ALL},
	{"GET", "/static/*", "/static/site.css", ALL},
	{"GET", "/login", "/login", ALL},
	{"POST", "/login", "/login", ALL},
	{"POST", "/login/totp", "/login/totp", ALL},
	{"POST", "/logout", "/logout", LOGGED},
	{"GET", "/reset/*", "/reset/{T}", ALL},
	{"POST", "/reset/*", "/reset/{T}", ALL},
	{"GET", "/s/*", "/s/{T}", ALL},
	{"POST", "/s/*", "/s/{T}", ALL},
	{"POST", "/feedback.pdf", "/feedback.pdf", ALL},
	{"GET", "/admin", "/admin", VIEWERS},
	{"GET", "/admin/units", "/admin/units", STAFF},
	{"GET", "/admin/import", "/admin/import", ADMIN_HR},
	{"POST", "/admin/import/units", "/admin/import/units", ADMIN_HR},
	{"POST", "/admin/import/employees", "/admin/import/employees", ADMIN_HR},
	{"GET", "/admin/waves/new", "/admin/waves/new", STAFF},
	{"POST", "/admin/waves", "/admin/waves", STAFF},
	{"GET", "/admin/waves/*", "/admin/waves/{W}", VIEWERS},
	{"GET", "/admin/waves/*/links.csv", "/admin/waves/{W}/links.csv", ADMIN_HR},
	{"GET", "/admin/waves/*/letters.pdf", "/admin/waves/{W}/letters.pdf", ADMIN_HR},
	{"POST", "/admin/waves/*/close", "/admin/waves/{W}/close", STAFF},
	{"GET", "/admin/settings", "/admin/settings", A(ADMIN)},
	{"POST", "/admin/settings", "/admin/settings", A(ADMIN)},
	{"GET", "/admin/audit", "/admin/audit", A(ADMIN) | A(ADVISOR)},
	{"GET", "/api/waves", "/api/waves", VIEWERS},
	{"GET", "/api/report", "/api/report?wave={W}&unit={UA}", VIEWERS & ~A(MGR_B)},
	{"GET", "/api/report", "/api/report?wave={W}&unit={UB}", VIEWERS & ~A(MGR_A)},
	{"GET", "/reports/export", "/reports/export?wave={W}&format=csv", VIEWERS},
	{"GET", "/reports", "/reports", VIEWERS},
	{"GET", "/reports/unit/*", "/reports/unit/{UA}?wave={W}", VIEWERS & ~A(MGR_B)},
	{"GET", "/reports/unit/*", "/reports/unit/{UB}?wave={W}", VIEWERS & ~A(MGR_A)},
	/* absences: the import is person-level health data (HR only) */
	{"GET", "/admin/absences", "/admin/absences", A(HR)},
	{"POST", "/admin/absences/import", "/admin/absences/import", A(HR)},
	{"POST", "/admin/absences/events", "/admin/absences/events", A(HR)},
	{"GET", "/admin/absences/settings", "/admin/absences/settings", ADMIN_HR},
	{"POST", "/admin/absences/settings", "/admin/absences/settings", ADMIN_HR},
	{"GET", "/reports/absences", "/reports/absences", VIEWERS},
	/* presence policy tasks and return to work (ids that do not exist: 404 past the roles) */
	{"GET", "/tasks", "/tasks", A(HR) | A(MGR_A) | A(MGR_B)},
	{"GET", "/tasks/*", "/tasks/1", A(HR) | A(MGR_A) | A(MGR_B)},
	{"POST", "/tasks/*/done", "/tasks/1/done", A(HR) | A(MGR_A) | A(MGR_B)},
	{"GET", "/admin/absences/policy", "/admin/absences/policy", ADMIN_HR},
	{"POST", "/admin/absences/policy", "/admin/absences/policy", ADMIN_HR},
	{"GET", "/rtw", "/rtw", A(HR) | A(MGR_A) | A(MGR_B)},
	{"POST", "/rtw", "/rtw", A(HR)},
	{"GET", "/rtw/*", "/rtw/1", A(HR) | A(MGR_A) | A(MGR_B)},
	{"POST", "/rtw/*/step", "/rtw/1/step", A(HR) | A(MGR_A) | A(MGR_B)},
	{"POST", "/rtw/*/notes", "/rtw/1/notes", A(HR) | A(MGR_A) | A(MGR_B)},
	/* workshops: facilitators (managers for their own units); participants with a code */
	{"GET", "/workshops", "/workshops", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/workshops/new", "/workshops/new?unit={UA}", STAFF | A(MGR_A)},
	{"GET", "/workshops/new", "/workshops/new?unit={UB}", STAFF | A(MGR_B)},
	{"POST", "/workshops", "/workshops", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/workshops/*", "/workshops/1", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/workshops/*/state", "/workshops/1/state", STAFF | A(MGR_A) | A(MGR_B)},
	{"POST", "/workshops/*/phase", "/workshops/1/phase", STAFF | A(MGR_A) | A(MGR_B)},
	{"POST", "/workshops/*/themes", "/workshops/1/themes", STAFF | A(MGR_A) | A(MGR_B)},
	{"POST", "/workshops/*/actions", "/workshops/1/actions", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/w", "/w", ALL},
	{"GET", "/w/*", "/w/{T}", ALL},
	{"POST", "/w/*", "/w/{T}", ALL},
	{"GET", "/w/*/state", "/w/{T}/state", ALL},
	/* action plans (an action id that does not exist: 404 is "let in") */
	{"GET", "/actions", "/actions", VIEWERS},
	{"POST", "/actions", "/actions", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/actions/new", "/actions/new", STAFF | A(MGR_A) | A(MGR_B)},
	{"GET", "/actions/gpp", "/actions/gpp", VIEWERS},
	{"GET", "/actions/plan.pdf", "/actions/plan.pdf", VIEWERS},
	{"GET", "/actions/plan.xlsx", "/actions/plan.xlsx", VIEWERS},
	{"GET", "/actions/unit/*", "/actions/unit/{UA}", VIEWERS & ~A(MGR_B)},
	{"GET", "/actions/unit/*", "/actions/unit/{UB}", VIEWERS & ~A(MGR_A)},
	{"GET", "/actions/*", "/actions/1", VIEWERS},
	{"POST", "/actions/*", "/actions/1", STAFF | A(MGR_A) | A(MGR_B)},
	{"POST", "/actions/*/status", "/actions/1/status", STAFF | A(MGR_A) | A(MGR_B)},
	{"POST", "/actions/*/approve", "/actions/1/approve", A(ADMIN) | A(ADVISOR)},
	{"POST", "/actions/*/communicate", "/actions/1/communicate", A(ADMIN) | A(ADVISOR)},
	{"GET", "/s/*/yousaid", "/s/{T}/yousaid", ALL},
	{"GET", "/admin/yousaid", "/admin/yousaid", A(ADMIN)},
	{"POST", "/admin/yousaid", "/admin/yousaid", A(ADMIN)},
	{"GET", "/y/*", "/y/0123456789abcdef0123456789abcdef", ALL},
};
#define NROWS (sizeof(table) / sizeof(table[0]))

struct session {
	char *cookie; /* "hs=..." */
	char *csrf;
};

static struct server *current;

static int teardown(void **state)
{
	(void)state;
	if (current) {
		harness_cleanup(current);
		current = NULL;
	}
	return 0;
}

static void session_release(struct session *s)
{
	free(s->cookie);
	free(s->csrf);
	memset(s, 0, sizeof(*s));
}

static char *headers_for(const struct session *s, const char *extra)
{
	size_t n = 160 + (s->cookie ? strlen(s->cookie) : 0) + (extra ? strlen(extra) : 0) +
		   (s->csrf ? strlen(s->csrf) : 0);
	char *h = malloc(n);
	snprintf(h, n, "Accept-Language: en\r\n%s%s%s%s%s%s%s", s->cookie ? "Cookie: " : "",
		 s->cookie ? s->cookie : "", s->cookie ? "\r\n" : "",
		 s->csrf ? "X-CSRF-Token: " : "", s->csrf ? s->csrf : "", s->csrf ? "\r\n" : "",
		 extra ? extra : "");
	return h;
}

static void get(const struct server *srv, const struct session *s, const char *path,
		struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(srv, "GET", path, h, NULL, NULL, 0, r), 0);
	free(h);
}

static void post(const struct server *srv, const struct session *s, const char *path,
		 const char *ctype, const char *body, size_t len, struct http_resp *r)
{
	char *h = headers_for(s, NULL);
	assert_int_equal(http(srv, "POST", path, h, ctype, body, len, r), 0);
	free(h);
}

static void cli_ok(struct server *srv, const char *const *args)
{
	char *out = NULL;
	int rc = harness_cli(srv, &out, args);
	if (rc)
		fprintf(stderr, "%s\n", out ? out : "");
	assert_int_equal(rc, 0);
	free(out);
}

static void pwfile(struct server *srv, char *out, size_t n)
{
	snprintf(out, n, "%s/pw", srv->dir);
	FILE *f = fopen(out, "w");
	assert_non_null(f);
	fputs(PASSWORD "\n", f);
	fclose(f);
}

static void add_user(struct server *srv, const char *login, const char *role, const char *unit)
{
	char pw[400];
	pwfile(srv, pw, sizeof(pw));
	const char *args[] = {"user", "add", login, "--role", role, "--password-file", pw,
			      unit ? "--unit" : NULL, unit, NULL};
	cli_ok(srv, args);
}

static void login(const struct server *srv, const char *user, struct session *s)
{
	struct http_resp r;
	char body[256];
	memset(s, 0, sizeof(*s));
	snprintf(body, sizeof(body), "login=%s&password=correct+horse+battery&next=%%2Fadmin",
		 user);
	assert_int_equal(http(srv, "POST", "/login", NULL, NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	char *hs = http_set_cookie(&r, "hs");
	assert_non_null(hs);
	s->cookie = malloc(strlen(hs) + 4);
	snprintf(s->cookie, strlen(hs) + 4, "hs=%s", hs);
	free(hs);
	http_resp_release(&r);
	get(srv, s, "/admin", &r);
	assert_int_equal(r.status, 200);
	s->csrf = html_input_value(r.body, "csrf");
	assert_non_null(s->csrf);
	http_resp_release(&r);
}

static long create_wave(const struct server *srv, const struct session *s)
{
	struct http_resp r;
	get(srv, s, "/admin/waves/new", &r);
	assert_int_equal(r.status, 200);
	const char *p = strstr(r.body, "name=\"unit\" value=\"");
	assert_non_null(p);
	long unit = strtol(p + strlen("name=\"unit\" value=\""), NULL, 10);
	http_resp_release(&r);
	char body[512];
	snprintf(body, sizeof(body),
		 "csrf=%s&title=Welzijn+2026&opens=2026-01-01&closes=2099-12-31&unit=%ld", s->csrf,
		 unit);
	post(srv, s, "/admin/waves", NULL, body, strlen(body), &r);
	assert_int_equal(r.status, 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	long id = strtol(loc + strlen("/admin/waves/"), NULL, 10);
	free(loc);
	http_resp_release(&r);
	return id;
}

static int tokens(const struct server *srv, const struct session *s, long wave, char tok[][64],
		  int max)
{
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof(path), "/admin/waves/%ld/links.csv", wave);
	get(srv, s, path, &r);
	assert_int_equal(r.status, 200);
	int n = 0;
	for (const char *p = strstr(r.body, "/s/"); p && n < max; p = strstr(p + 3, "/s/")) {
		size_t l = strcspn(p + 3, "\r\n\";");
		assert_true(l < 64);
		memcpy(tok[n], p + 3, l);
		tok[n][l] = '\0';
		n++;
	}
	http_resp_release(&r);
	return n;
}

static void answer(const struct server *srv, const char *token, int who)
{
	struct session anon = {0};
	struct http_resp r;
	char path[128];
	snprintf(path, sizeof(path), "/s/%.63s", token);
	for (int page = 1, guard = 0;; page++) {
		char url[160];
		snprintf(url, sizeof(url), "/s/%.63s?p=%d", token, page);
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
				       1 + (items + who) % 5);
			items++;
		}
		int last = strstr(r.body, "value=\"submit\"") != NULL;
		http_resp_release(&r);
		snprintf(body + bl, sizeof(body) - (size_t)bl, last ? "&go=submit" : "&go=next");
		post(srv, &anon, path, NULL, body, strlen(body), &r);
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

/* Replaces {W}, {UA}, {UB}, {T} in the row's path. */
static void expand(const char *tpl, char *out, size_t n, long wave, long ua, long ub,
		   const char *tok)
{
	size_t o = 0;
	for (const char *p = tpl; *p && o + 64 < n;) {
		if (strncmp(p, "{W}", 3) == 0) {
			o += (size_t)snprintf(out + o, n - o, "%ld", wave);
			p += 3;
		} else if (strncmp(p, "{UA}", 4) == 0) {
			o += (size_t)snprintf(out + o, n - o, "%ld", ua);
			p += 4;
		} else if (strncmp(p, "{UB}", 4) == 0) {
			o += (size_t)snprintf(out + o, n - o, "%ld", ub);
			p += 4;
		} else if (strncmp(p, "{T}", 3) == 0) {
			o += (size_t)snprintf(out + o, n - o, "%s", tok);
			p += 3;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

/* Every "{GET|POST, "/path"" of routes.c has a row here, and every row a route. */
static void test_table_covers_routes(void **state)
{
	(void)state;
	char *src = source_file("src/web/routes.c", NULL);
	const char *start = strstr(src, "routes[] = {");
	assert_non_null(start);
	const char *end = strstr(start, "};");
	assert_non_null(end);
	int found = 0, missing = 0;
	char seen[NROWS];
	memset(seen, 0, sizeof(seen));
	for (const char *p = strchr(start, '\n'); p && p < end; p = strchr(p + 1, '\n')) {
		const char *l = p + 1;
		while (*l == '\t' || *l == ' ')
			l++;
		const char *m;
		if (strncmp(l, "{GET, \"", 7) == 0)
			m = "GET";
		else if (strncmp(l, "{POST, \"", 8) == 0)
			m = "POST";
		else
			continue;
		const char *q = strchr(l, '"') + 1;
		size_t len = strcspn(q, "\"");
		int hit = 0;
		for (size_t i = 0; i < NROWS; i++)
			if (strcmp(table[i].method, m) == 0 && strlen(table[i].pattern) == len &&
			    strncmp(table[i].pattern, q, len) == 0) {
				hit = 1;
				seen[i] = 1;
			}
		if (!hit) {
			fprintf(stderr, "route %s %.*s of routes.c is not in the matrix table\n", m,
				(int)len, q);
			missing++;
		}
		found++;
	}
	/* Any other kind of line in the table (a new method macro) must be noticed too. */
	for (const char *p = strchr(start, '\n'); p && p < end; p = strchr(p + 1, '\n')) {
		const char *l = p + 1;
		while (*l == '\t' || *l == ' ')
			l++;
		if (*l == '{' && strncmp(l, "{GET, \"", 7) != 0 && strncmp(l, "{POST, \"", 8) != 0) {
			fprintf(stderr, "unknown route line in routes.c: %.60s\n", l);
			missing++;
		}
	}
	for (size_t i = 0; i < NROWS; i++)
		if (!seen[i]) {
			fprintf(stderr, "matrix row %s %s is not a route of routes.c\n",
				table[i].method, table[i].pattern);
			missing++;
		}
	assert_true(found >= 20);
	assert_int_equal(missing, 0);
	free(src);
}

/* 1 when the answer lets the caller in; 0 when it refuses; -1 when neither is clear. */
static int judge(const struct row *row, enum who w, const struct http_resp *r)
{
	int api = strncmp(row->path, "/api/", 5) == 0;
	char *loc = http_header(r, "Location");
	int to_login = r->status == 303 && loc && strncmp(loc, "/login", 6) == 0;
	free(loc);
	if (w == ANON && api && r->status == 401)
		return 0;
	if (w == ANON && !api && to_login)
		return 0;
	if (r->status == 403 && !(w == ANON && api))
		return 0;
	if (r->status == 401 && !(row->path[1] == 'l' && strcmp(row->method, "POST") == 0))
		return -1;
	if (r->status == 403 || to_login)
		return -1;
	return 1;
}

static void test_matrix(void **state)
{
	(void)state;
	struct server srv;
	struct session s[NWHO];
	struct http_resp r;
	char path[300], body[600];
	memset(s, 0, sizeof(s));

	harness_init(&srv);
	current = &srv;
	const char *init[] = {"init", "--name", "Testorganisatie", NULL};
	cli_ok(&srv, init);
	const char *iu[] = {"import", "units", NULL, NULL};
	const char *ie[] = {"import", "employees", NULL, NULL};
	char up[1024], ep[1024];
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	snprintf(up, sizeof(up), "%s/tests/data/csv/units.csv", root ? root : ".");
	snprintf(ep, sizeof(ep), "%s/tests/data/csv/employees.csv", root ? root : ".");
	iu[2] = up;
	ie[2] = ep;
	cli_ok(&srv, iu);
	cli_ok(&srv, ie);
	add_user(&srv, "hilde", "admin", NULL);
	add_user(&srv, "adri", "advisor", NULL);
	add_user(&srv, "hanne", "hr", NULL);
	add_user(&srv, "carla", "committee", NULL);
	add_user(&srv, "marc", "manager", "ZORG-GER");
	add_user(&srv, "mona", "manager", "ZORG-REV");
	/* The employee role has no account: 'user add' refuses it. */
	{
		char pw[400], *out = NULL;
		pwfile(&srv, pw, sizeof(pw));
		const char *emp[] = {"user", "add", "erik", "--role", "employee",
				     "--password-file", pw, NULL};
		assert_int_not_equal(harness_cli(&srv, &out, emp), 0);
		free(out);
	}
	assert_int_equal(server_up(&srv), 0);
	login(&srv, "hilde", &s[ADMIN]);
	long wave = create_wave(&srv, &s[ADMIN]);
	char tok[64][64];
	int n = tokens(&srv, &s[ADMIN], wave, tok, 64);
	assert_true(n >= 8);
	for (int i = 0; i < 8; i++)
		answer(&srv, tok[i], i);
	snprintf(path, sizeof(path), "/admin/waves/%ld/close", wave);
	snprintf(body, sizeof(body), "csrf=%s", s[ADMIN].csrf);
	post(&srv, &s[ADMIN], path, NULL, body, strlen(body), &r);
	assert_int_equal(r.status, 303);
	http_resp_release(&r);
	get(&srv, &s[ADMIN], "/reports", &r);
	assert_int_equal(r.status, 200);
	long ua = unit_link(r.body, "Team Geriatrie"), ub = unit_link(r.body, "Team Revalidatie");
	assert_true(ua > 0 && ub > 0 && ua != ub);
	http_resp_release(&r);
	for (int w = ADVISOR; w < NWHO; w++)
		login(&srv, who_login[w], &s[w]);

	size_t ulen, elen;
	char *units_csv = source_file("tests/data/csv/units.csv", &ulen);
	char *emp_csv = source_file("tests/data/csv/employees.csv", &elen);
	int bad = 0;
	char cell[NROWS][NWHO];
	int code[NROWS][NWHO];
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *row = &table[i];
		expand(row->path, path, sizeof(path), wave, ua, ub, tok[n - 1]);
		for (int w = 0; w < NWHO; w++) {
			struct session fresh = {0};
			const struct session *ss = &s[w];
			/* Logging in or out ends the session: use one of its own. */
			int own = w != ANON && (strcmp(row->pattern, "/logout") == 0 ||
						strcmp(row->pattern, "/login") == 0);
			if (own) {
				login(&srv, who_login[w], &fresh);
				ss = &fresh;
			}
			if (strcmp(row->method, "GET") == 0) {
				get(&srv, ss, path, &r);
			} else if (strcmp(row->pattern, "/admin/import/units") == 0) {
				post(&srv, ss, path, "text/csv", units_csv, ulen, &r);
			} else if (strcmp(row->pattern, "/admin/import/employees") == 0) {
				post(&srv, ss, path, "text/csv", emp_csv, elen, &r);
			} else {
				if (strcmp(row->pattern, "/login") == 0)
					snprintf(body, sizeof(body),
						 "login=%s&password=correct+horse+battery",
						 who_login[w] ? who_login[w] : "hilde");
				else if (strcmp(row->pattern, "/admin/waves") == 0)
					snprintf(body, sizeof(body),
						 "csrf=%s&title=Matrix&opens=2026-01-01&closes="
						 "2099-12-31&unit=%ld",
						 ss->csrf ? ss->csrf : "", ua);
				else if (strcmp(row->pattern, "/s/*") == 0)
					snprintf(body, sizeof(body), "p=1&go=next");
				else
					snprintf(body, sizeof(body), "csrf=%s",
						 ss->csrf ? ss->csrf : "");
				post(&srv, ss, path, NULL, body, strlen(body), &r);
			}
			int got = judge(row, (enum who)w, &r);
			int want = (row->allowed & A(w)) != 0;
			code[i][w] = r.status;
			cell[i][w] = got == want ? (want ? '+' : '-') : '!';
			if (got != want) {
				fprintf(stderr, "MISMATCH %s %s as %s: %d (want %s)\n%.300s\n",
					row->method, path, who_name[w], r.status,
					want ? "allowed" : "refused", r.head);
				bad++;
			}
			http_resp_release(&r);
			session_release(&fresh);
		}
	}
	printf("authorisation matrix (+ allowed, - refused, ! wrong; HTTP status):\n%-44s",
	       "route");
	for (int w = 0; w < NWHO; w++)
		printf(" %-9s", who_name[w]);
	printf("\n");
	for (size_t i = 0; i < NROWS; i++) {
		char label[80];
		snprintf(label, sizeof(label), "%s %s", table[i].method, table[i].path);
		printf("%-44.44s", label);
		for (int w = 0; w < NWHO; w++)
			printf(" %c %-7d", cell[i][w], code[i][w]);
		printf("\n");
	}
	free(units_csv);
	free(emp_csv);
	for (int w = 0; w < NWHO; w++)
		session_release(&s[w]);
	assert_int_equal(bad, 0);
	harness_cleanup(&srv);
	current = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_covers_routes),
		cmocka_unit_test_teardown(test_matrix, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
