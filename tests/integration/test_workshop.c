/*
 * test_workshop.c: the team workshop against the real server on the demo
 * organisation. The demo manager starts a workshop from their team's
 * report; several participants (each a browser with its own cookie) join
 * with the code, add points, vote and brainstorm, interleaved, and some
 * vote from several threads at once; the manager turns ideas into
 * proposed actions. Also: wrong and ended codes, phase rules, form
 * tokens, a manager kept out of another unit's workshop, and anonymity:
 * the database itself holds nothing that ties a participant to a point,
 * a dot or an idea, and ids do not follow the order of writing.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "harness.h"

#define NPART 4      /* participants */
#define NTHREADS 6   /* simultaneous ballots of one participant */
#define NPOINTS 8    /* own points written, in a known order */

struct client {
	char *cookie; /* "hs=..." or "wsp=..." */
	char *csrf;
	char *ft;     /* participants: the form token */
};

struct fixture {
	struct server srv;
	char password[64];
	struct client admin, manager;
	long manager_unit, other_unit;
};

static int demo_up(struct server *s, char *pw, size_t pwlen)
{
	int fd[2];
	const char *bin = getenv("HARTSLAG_BIN");
	if (!bin || pipe(fd))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		char logpath[400];
		snprintf(logpath, sizeof(logpath), "%s/server.log", s->dir);
		int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (logfd >= 0) {
			dup2(logfd, 2);
			close(logfd);
		}
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(bin, bin, "demo", "--db", s->db, "--port", "0", "--quiet", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	s->pid = pid;
	static char buf[65536];
	size_t len = 0;
	ssize_t k;
	struct pollfd pfd = {fd[0], POLLIN, 0};
	while (len < sizeof(buf) - 1 && poll(&pfd, 1, 120000) > 0 &&
	       (k = read(fd[0], buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)k;
		buf[len] = '\0';
		if (strstr(buf, "Press Ctrl-C"))
			break;
	}
	close(fd[0]);
	const char *p = strstr(buf, "is running at http://127.0.0.1:");
	const char *a = strstr(buf, "admin / ");
	if (!p || !a)
		return -1;
	s->port = (int)strtol(p + strlen("is running at http://127.0.0.1:"), NULL, 10);
	a += strlen("admin / ");
	size_t n = strcspn(a, " \r\n");
	if (n == 0 || n >= pwlen)
		return -1;
	memcpy(pw, a, n);
	pw[n] = '\0';
	return 0;
}

static void client_release(struct client *c)
{
	free(c->cookie);
	free(c->csrf);
	free(c->ft);
	memset(c, 0, sizeof(*c));
}

static int req(const struct server *srv, const struct client *c, const char *method,
	       const char *path, const char *body, struct http_resp *r)
{
	char h[800];
	snprintf(h, sizeof(h), "Accept-Language: en\r\n%s%s%s", c && c->cookie ? "Cookie: " : "",
		 c && c->cookie ? c->cookie : "", c && c->cookie ? "\r\n" : "");
	int rc = http(srv, method, path, h, NULL, body, body ? strlen(body) : 0, r);
	return rc ? -1 : r->status;
}

static int status_of(const struct server *srv, const struct client *c, const char *method,
		     const char *path, const char *body)
{
	struct http_resp r;
	int st = req(srv, c, method, path, body, &r);
	if (st >= 0)
		http_resp_release(&r);
	return st;
}

static void login(struct fixture *f, const char *user, struct client *c)
{
	char body[200];
	struct http_resp r;
	memset(c, 0, sizeof(*c));
	snprintf(body, sizeof(body), "login=%s&password=%s&next=%%2Fadmin", user, f->password);
	assert_int_equal(req(&f->srv, NULL, "POST", "/login", body, &r), 303);
	char *hs = http_set_cookie(&r, "hs");
	assert_non_null(hs);
	http_resp_release(&r);
	size_t n = strlen(hs) + 4;
	c->cookie = malloc(n);
	snprintf(c->cookie, n, "hs=%s", hs);
	free(hs);
	assert_int_equal(req(&f->srv, c, "GET", "/admin", NULL, &r), 200);
	c->csrf = html_input_value(r.body, "csrf");
	assert_non_null(c->csrf);
	http_resp_release(&r);
}

/* The first unit a facilitator may choose on /workshops/new. */
static long first_unit(struct fixture *f, const struct client *c)
{
	struct http_resp r;
	assert_int_equal(req(&f->srv, c, "GET", "/workshops/new", NULL, &r), 200);
	const char *p = strstr(r.body, "<option value=\"");
	assert_non_null(p);
	long id = strtol(p + strlen("<option value=\""), NULL, 10);
	http_resp_release(&r);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	harness_init(&f->srv);
	*state = f;
	if (demo_up(&f->srv, f->password, sizeof(f->password))) {
		fprintf(stderr, "the demo did not start (see %s/server.log)\n", f->srv.dir);
		return -1;
	}
	login(f, "admin", &f->admin);
	login(f, "manager", &f->manager);
	f->manager_unit = first_unit(f, &f->manager);
	f->other_unit = first_unit(f, &f->admin); /* the root: above the manager's unit */
	assert_true(f->manager_unit != f->other_unit);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	harness_cleanup(&f->srv);
	client_release(&f->admin);
	client_release(&f->manager);
	free(f);
	return 0;
}

/* Starts a workshop for unit as c; returns its id, the code in code[8]. */
static long start(struct fixture *f, const struct client *c, long unit, int dots, char *code)
{
	char body[300];
	struct http_resp r;
	snprintf(body, sizeof(body), "csrf=%s&unit=%ld&dots=%d", c->csrf, unit, dots);
	assert_int_equal(req(&f->srv, c, "POST", "/workshops", body, &r), 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_true(strncmp(loc, "/workshops/", 11) == 0);
	long id = strtol(loc + 11, NULL, 10);
	http_resp_release(&r);
	assert_int_equal(req(&f->srv, c, "GET", loc, NULL, &r), 200);
	free(loc);
	const char *p = strstr(r.body, "class=\"ws-code\">");
	assert_non_null(p);
	p += strlen("class=\"ws-code\">");
	int k = 0;
	for (; *p && *p != '<' && k < 7; p++)
		if (*p != '-')
			code[k++] = *p;
	code[k] = '\0';
	assert_int_equal(k, 6);
	/* the projected screen has a QR code and the join address */
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "/w</p>"));
	http_resp_release(&r);
	return id;
}

static int phase(struct fixture *f, const struct client *c, long id, const char *to)
{
	char path[80], body[200];
	snprintf(path, sizeof(path), "/workshops/%ld/phase", id);
	snprintf(body, sizeof(body), "csrf=%s&to=%s", c->csrf, to);
	return status_of(&f->srv, c, "POST", path, body);
}

/* A participant's browser opens the workshop: cookie, and the form token when a form shows. */
static void open_page(struct fixture *f, struct client *p, const char *code)
{
	char path[40];
	struct http_resp r;
	snprintf(path, sizeof(path), "/w/%s", code);
	assert_int_equal(req(&f->srv, p, "GET", path, NULL, &r), 200);
	char *c = http_set_cookie(&r, "wsp");
	if (c) {
		assert_null(p->cookie); /* a joined browser keeps its cookie */
		size_t n = strlen(c) + 5;
		p->cookie = malloc(n);
		snprintf(p->cookie, n, "wsp=%s", c);
		free(c);
		char *h = http_header(&r, "Set-Cookie");
		assert_non_null(strstr(h, "SameSite=Strict"));
		assert_non_null(strstr(h, "HttpOnly"));
		char want[40];
		snprintf(want, sizeof(want), "Path=/w/%s", code);
		assert_non_null(strstr(h, want));
		free(h);
	}
	assert_non_null(p->cookie);
	char *ft = html_input_value(r.body, "ft");
	if (ft) {
		free(p->ft);
		p->ft = ft;
	}
	http_resp_release(&r);
}

static int part_post(struct fixture *f, const struct client *p, const char *code,
		     const char *fields, int js)
{
	char path[48], body[1200];
	snprintf(path, sizeof(path), "/w/%s%s", code, js ? "?js=1" : "");
	snprintf(body, sizeof(body), "ft=%s&%s", p->ft ? p->ft : "", fields);
	return status_of(&f->srv, p, "POST", path, body);
}

static json_t *state(struct fixture *f, const struct client *c, const char *path)
{
	struct http_resp r;
	assert_int_equal(req(&f->srv, c, "GET", path, NULL, &r), 200);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	assert_non_null(j);
	http_resp_release(&r);
	return j;
}

/* The id (as text) of the item whose title is title, or NULL. */
static const char *item_id(json_t *s, const char *title)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(s, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "title")), title) == 0)
			return json_string_value(json_object_get(it, "id"));
	return NULL;
}

static long votes_total(json_t *s)
{
	size_t i;
	json_t *it;
	long t = 0;
	json_array_foreach(json_object_get(s, "items"), i, it)
		t += (long)json_integer_value(json_object_get(it, "votes"));
	return t;
}

struct ballot_job {
	struct fixture *f;
	const struct client *p;
	const char *code;
	char fields[96];
	int status;
};

static void *ballot_thread(void *arg)
{
	struct ballot_job *b = arg;
	b->status = part_post(b->f, b->p, b->code, b->fields, 0);
	return NULL;
}

static sqlite3 *open_db(struct fixture *f)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->srv.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long query_long(sqlite3 *db, const char *sql, const char *arg)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	long v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The column names of table, comma-separated, in order. */
static void columns(sqlite3 *db, const char *table, char *out, size_t n)
{
	char sql[120];
	sqlite3_stmt *q;
	snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	out[0] = '\0';
	size_t k = 0;
	while (sqlite3_step(q) == SQLITE_ROW)
		k += (size_t)snprintf(out + k, n - k, "%s%s", k ? "," : "",
				      (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
}

static void test_flow(void **state_)
{
	struct fixture *f = *state_;
	struct client part[NPART];
	char code[8], path[96], fields[600];
	struct http_resp r;
	memset(part, 0, sizeof(part));

	/* The team's report offers the workshop; the manager starts one. */
	snprintf(path, sizeof(path), "/reports/unit/%ld", f->manager_unit);
	assert_int_equal(req(&f->srv, &f->manager, "GET", path, NULL, &r), 200);
	snprintf(path, sizeof(path), "/workshops/new?unit=%ld", f->manager_unit);
	assert_non_null(strstr(r.body, path));
	http_resp_release(&r);
	long id = start(f, &f->manager, f->manager_unit, 3, code);
	char spath[64], pstate[48];
	snprintf(spath, sizeof(spath), "/workshops/%ld/state", id);
	snprintf(pstate, sizeof(pstate), "/w/%s/state", code);

	/* The walls come from the report: the demo team has attention points. */
	json_t *s = state(f, &f->manager, spath);
	assert_string_equal(json_string_value(json_object_get(s, "phase")), "walls");
	size_t report_items = json_array_size(json_object_get(s, "items"));
	assert_true(report_items >= 1);
	json_decref(s);

	/* Codes: typed loosely, wrong, malformed. */
	char loose[32];
	snprintf(loose, sizeof(loose), "/w?code=%c%c%c-%c%c%c", code[0] | 0x20, code[1] | 0x20,
		 code[2] | 0x20, code[3] | 0x20, code[4] | 0x20, code[5] | 0x20);
	assert_int_equal(req(&f->srv, NULL, "GET", loose, NULL, &r), 303);
	char *loc = http_header(&r, "Location");
	snprintf(path, sizeof(path), "/w/%s", code);
	assert_string_equal(loc, path);
	free(loc);
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/w/%c%c%c-%s", code[0] | 0x20, code[1], code[2], code + 3);
	assert_int_equal(req(&f->srv, NULL, "GET", path, NULL, &r), 303);
	assert_null(http_set_cookie(&r, "wsp")); /* the cookie only at the canonical address */
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/w/%s", strcmp(code, "222222") ? "222222" : "333333");
	assert_int_equal(status_of(&f->srv, NULL, "GET", path, NULL), 404);
	assert_int_equal(status_of(&f->srv, NULL, "GET", "/w/not-a-code", NULL), 404);

	/* Everyone joins; the screen counts them. */
	for (int i = 0; i < NPART; i++)
		open_page(f, &part[i], code);
	open_page(f, &part[0], code); /* again: the same browser, no second place */
	s = state(f, &f->manager, spath);
	assert_int_equal(json_integer_value(json_object_get(s, "participants")), NPART);
	json_decref(s);

	/* Nothing can be added in the walls phase, and no vote before voting. */
	assert_int_equal(phase(f, &f->manager, id, "voting"), 409); /* two steps at once */
	assert_int_equal(phase(f, &f->manager, id, "own_points"), 303);
	for (int i = 0; i < NPART; i++)
		open_page(f, &part[i], code);
	assert_non_null(part[0].ft);
	assert_int_equal(part_post(f, &part[0], code, "do=vote&d_1=1", 0), 409);

	/* Own points, interleaved between browsers, one through workshop.js. */
	for (int k = 0; k < NPOINTS; k++) {
		snprintf(fields, sizeof(fields), "do=point&text=Own+point+%d", k);
		assert_int_equal(part_post(f, &part[k % NPART], code, fields, k == 3), k == 3 ? 200 : 303);
	}
	/* A point too long, an empty one, a wrong form token, no cookie at all. */
	{
		char big[401];
		memset(big, 'x', 400);
		big[400] = '\0';
		snprintf(fields, sizeof(fields), "do=point&text=%s", big);
		assert_int_equal(part_post(f, &part[1], code, fields, 0), 400);
		assert_int_equal(part_post(f, &part[1], code, "do=point&text=+++", 0), 400);
		struct client forged = {part[1].cookie, NULL, part[2].ft};
		assert_int_equal(part_post(f, &forged, code, "do=point&text=forged", 0), 403);
		struct client none = {NULL, NULL, part[1].ft};
		assert_int_equal(part_post(f, &none, code, "do=point&text=forged", 1), 403);
	}
	s = state(f, &part[2], pstate);
	assert_int_equal(json_array_size(json_object_get(s, "items")), report_items + NPOINTS);
	assert_null(json_object_get(json_array_get(json_object_get(s, "items"), 0), "votes"));
	json_decref(s);

	/* Voting: the budget holds under simultaneous ballots. */
	assert_int_equal(phase(f, &f->manager, id, "voting"), 303);
	assert_int_equal(part_post(f, &part[0], code, "do=point&text=late", 0), 409);
	s = state(f, &f->manager, spath);
	const char *p0 = item_id(s, "Own point 0"), *p1 = item_id(s, "Own point 1");
	assert_non_null(p0);
	assert_non_null(p1);
	char id0[32], id1[32];
	snprintf(id0, sizeof(id0), "%s", p0);
	snprintf(id1, sizeof(id1), "%s", p1);
	json_decref(s);
	pthread_t th[NPART][NTHREADS];
	struct ballot_job jobs[NPART][NTHREADS];
	for (int i = 0; i < NPART; i++)
		for (int t = 0; t < NTHREADS; t++) {
			jobs[i][t] = (struct ballot_job){f, &part[i], code, "", 0};
			snprintf(jobs[i][t].fields, sizeof(jobs[i][t].fields), "do=vote&d_%s=1",
				 t % 2 ? id1 : id0);
			assert_int_equal(pthread_create(&th[i][t], NULL, ballot_thread, &jobs[i][t]), 0);
		}
	int ok = 0, refused = 0;
	for (int i = 0; i < NPART; i++)
		for (int t = 0; t < NTHREADS; t++) {
			pthread_join(th[i][t], NULL);
			if (jobs[i][t].status == 303)
				ok++;
			else if (jobs[i][t].status == 409)
				refused++;
		}
	assert_int_equal(ok, NPART * 3);
	assert_int_equal(refused, NPART * (NTHREADS - 3));
	s = state(f, &f->manager, spath);
	assert_int_equal(votes_total(s), NPART * 3);
	json_decref(s);
	s = state(f, &part[0], pstate);
	assert_int_equal(json_integer_value(json_object_get(s, "dots_left")), 0);
	assert_null(json_object_get(json_array_get(json_object_get(s, "items"), 0), "votes"));
	json_decref(s);

	/* Brainstorm: the themes with most dots are chosen by default. */
	assert_int_equal(phase(f, &f->manager, id, "brainstorm"), 303);
	for (int i = 0; i < NPART; i++)
		open_page(f, &part[i], code);
	s = state(f, &part[1], pstate);
	/* after the voting, participants see the dots too */
	assert_int_equal(votes_total(s), NPART * 3);
	size_t i_;
	json_t *it;
	int chosen = 0;
	const char *unchosen = NULL;
	json_array_foreach(json_object_get(s, "items"), i_, it) {
		if (json_is_true(json_object_get(it, "chosen")))
			chosen++;
		else
			unchosen = json_string_value(json_object_get(it, "id"));
	}
	assert_true(chosen >= 2);
	assert_non_null(unchosen);
	snprintf(fields, sizeof(fields), "do=idea&item=%s&level=group&text=Weekly+huddle", id0);
	assert_int_equal(part_post(f, &part[1], code, fields, 0), 303);
	snprintf(fields, sizeof(fields), "do=idea&item=%s&level=organisation&text=More+staff", id1);
	assert_int_equal(part_post(f, &part[2], code, fields, 1), 200);
	snprintf(fields, sizeof(fields), "do=idea&item=%s&level=leader&text=Nope", unchosen);
	assert_int_equal(part_post(f, &part[3], code, fields, 0), 400);
	snprintf(fields, sizeof(fields), "do=idea&item=%s&level=sideways&text=Nope", id0);
	assert_int_equal(part_post(f, &part[3], code, fields, 0), 400);
	json_decref(s);
	s = state(f, &f->manager, spath);
	assert_int_equal(json_array_size(json_object_get(s, "ideas")), 2);
	char idea[32] = "";
	json_array_foreach(json_object_get(s, "ideas"), i_, it)
		if (strcmp(json_string_value(json_object_get(it, "text")), "Weekly huddle") == 0)
			snprintf(idea, sizeof(idea), "%s",
				 json_string_value(json_object_get(it, "id")));
	assert_true(idea[0] != '\0');
	json_decref(s);

	/* Actions: ticked ideas become proposed actions of the team's plan. */
	assert_int_equal(phase(f, &f->manager, id, "actions"), 303);
	snprintf(fields, sizeof(fields), "do=idea&item=%s&level=group&text=Too+late", id0);
	assert_int_equal(part_post(f, &part[1], code, fields, 0), 409);
	snprintf(path, sizeof(path), "/workshops/%ld", id);
	assert_int_equal(req(&f->srv, &f->manager, "GET", path, NULL, &r), 200);
	char sel[64];
	snprintf(sel, sizeof(sel), "name=\"theme_%s\"", id0);
	assert_non_null(strstr(r.body, sel));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/workshops/%ld/actions", id);
	/* without a theme for the own point, nothing at all is added */
	char other_idea[32] = "";
	s = state(f, &f->manager, spath);
	json_array_foreach(json_object_get(s, "ideas"), i_, it)
		if (strcmp(json_string_value(json_object_get(it, "text")), "More staff") == 0)
			snprintf(other_idea, sizeof(other_idea), "%s",
				 json_string_value(json_object_get(it, "id")));
	json_decref(s);
	snprintf(fields, sizeof(fields), "csrf=%s&idea=%s&idea=%s&theme_%s=workload",
		 f->manager.csrf, idea, other_idea, id0);
	assert_int_equal(status_of(&f->srv, &f->manager, "POST", path, fields), 400);
	{
		char idt[32];
		snprintf(idt, sizeof(idt), "%ld", id);
		sqlite3 *db0 = open_db(f);
		assert_int_equal(query_long(db0, "SELECT count(*) FROM actions WHERE workshop_id = ?1",
					    idt),
				 0);
		sqlite3_close(db0);
	}
	/* an own point needs a theme: one of the scales offered */
	snprintf(fields, sizeof(fields), "csrf=%s&idea=%s&theme_%s=workload", f->manager.csrf,
		 idea, id0);
	assert_int_equal(req(&f->srv, &f->manager, "POST", path, fields, &r), 303);
	loc = http_header(&r, "Location");
	assert_non_null(strstr(loc, "made=1"));
	free(loc);
	http_resp_release(&r);
	/* the same idea twice makes no second action */
	assert_int_equal(status_of(&f->srv, &f->manager, "POST", path, fields), 303);
	char idtext[32];
	snprintf(idtext, sizeof(idtext), "%ld", id);
	sqlite3 *db = open_db(f);
	assert_int_equal(query_long(db, "SELECT count(*) FROM actions WHERE workshop_id = ?1",
				    idtext),
			 1);
	assert_int_equal(query_long(db, "SELECT count(*) FROM actions WHERE workshop_id = ?1"
					" AND status = 0 AND level = 1",
				    idtext),
			 1);
	long act = query_long(db, "SELECT id FROM actions WHERE workshop_id = ?1", idtext);
	sqlite3_close(db);
	/* the action says where it came from, linked to the workshop's screen */
	snprintf(path, sizeof(path), "/actions/%ld", act);
	assert_int_equal(req(&f->srv, &f->manager, "GET", path, NULL, &r), 200);
	snprintf(sel, sizeof(sel), "href=\"/workshops/%ld\"", id);
	assert_non_null(strstr(r.body, sel));
	assert_non_null(strstr(r.body, "From the workshop"));
	http_resp_release(&r);

	/* Back and forth, then the end: the code stops working. */
	assert_int_equal(phase(f, &f->manager, id, "brainstorm"), 303);
	assert_int_equal(phase(f, &f->manager, id, "actions"), 303);
	assert_int_equal(phase(f, &f->manager, id, "closed"), 303);
	assert_int_equal(phase(f, &f->manager, id, "actions"), 409);
	snprintf(path, sizeof(path), "/w/%s", code);
	assert_int_equal(status_of(&f->srv, &part[0], "GET", path, NULL), 410);
	assert_int_equal(status_of(&f->srv, &part[0], "GET", pstate, NULL), 410);

	/* Anonymity, read from the database file itself. */
	db = open_db(f);
	char cols[400];
	columns(db, "workshop_items", cols, sizeof(cols));
	assert_string_equal(cols, "id,workshop_id,kind,scale,text,votes,chosen");
	columns(db, "workshop_ideas", cols, sizeof(cols));
	assert_string_equal(cols, "id,workshop_id,item_id,level,text,chosen");
	columns(db, "workshop_participants", cols, sizeof(cols));
	assert_string_equal(cols, "workshop_id,hash,dots_used");
	/* no table points at a participant, and no ballot table exists */
	assert_int_equal(query_long(db, "SELECT count(*) FROM sqlite_master m,"
					" pragma_foreign_key_list(m.name) k"
					" WHERE k.\"table\" = 'workshop_participants'",
				    NULL),
			 0);
	assert_int_equal(query_long(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
					" AND name LIKE 'workshop%'",
				    NULL),
			 4);
	/* the participants' rows hold only the dots used: all spent */
	assert_int_equal(query_long(db, "SELECT count(*) FROM workshop_participants p JOIN"
					" workshops w ON w.id = p.workshop_id WHERE w.id = ?1"
					" AND p.dots_used = 3",
				    idtext),
			 NPART);
	/* ids are random: big, and in id order the points are not in writing order */
	assert_int_equal(query_long(db, "SELECT count(*) FROM workshop_items WHERE workshop_id = ?1"
					" AND id < 4294967296",
				    idtext),
			 0);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT text FROM workshop_items WHERE"
						    " workshop_id = ?1 AND kind = 2 ORDER BY id",
						    -1, &q, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(q, 1, idtext, -1, SQLITE_STATIC);
		int k = 0, in_order = 1;
		while (sqlite3_step(q) == SQLITE_ROW) {
			char want[32];
			snprintf(want, sizeof(want), "Own point %d", k++);
			if (strcmp(want, (const char *)sqlite3_column_text(q, 0)) != 0)
				in_order = 0;
		}
		sqlite3_finalize(q);
		assert_int_equal(k, NPOINTS);
		assert_false(in_order);
	}
	/* no column anywhere in the workshop tables looks like a time */
	assert_int_equal(query_long(db, "SELECT count(*) FROM sqlite_master m,"
					" pragma_table_info(m.name) c WHERE m.name LIKE 'workshop%'"
					" AND (c.name LIKE '%time%' OR c.name LIKE '%at'"
					" OR c.name LIKE '%seen%' OR c.name LIKE 'participant%')",
				    NULL),
			 0);
	sqlite3_close(db);
	for (int i = 0; i < NPART; i++)
		client_release(&part[i]);
}

/* A manager runs workshops for their own units only. */
static void test_other_unit(void **state_)
{
	struct fixture *f = *state_;
	char code[8], path[96], body[200];
	/* the demo's Team Wilg actions came out of its finished workshop */
	sqlite3 *demo_db = open_db(f);
	assert_true(query_long(demo_db, "SELECT count(*) FROM actions a JOIN workshops w"
					" ON w.id = a.workshop_id WHERE w.unit_id = a.unit_id"
					" AND ?1 = '1'",
			       "1") >= 3);
	sqlite3_close(demo_db);
	long id = start(f, &f->admin, f->other_unit, 2, code);
	snprintf(path, sizeof(path), "/workshops/%ld", id);
	assert_int_equal(status_of(&f->srv, &f->manager, "GET", path, NULL), 403);
	assert_int_equal(status_of(&f->srv, &f->admin, "GET", path, NULL), 200);
	snprintf(path, sizeof(path), "/workshops/%ld/state", id);
	assert_int_equal(status_of(&f->srv, &f->manager, "GET", path, NULL), 403);
	assert_int_equal(phase(f, &f->manager, id, "own_points"), 403);
	snprintf(body, sizeof(body), "csrf=%s&unit=%ld&dots=3", f->manager.csrf, f->other_unit);
	assert_int_equal(status_of(&f->srv, &f->manager, "POST", "/workshops", body), 403);
	snprintf(path, sizeof(path), "/workshops/new?unit=%ld", f->other_unit);
	assert_int_equal(status_of(&f->srv, &f->manager, "GET", path, NULL), 403);
	/* the list shows the manager's workshops only */
	struct http_resp r;
	assert_int_equal(req(&f->srv, &f->manager, "GET", "/workshops", NULL, &r), 200);
	snprintf(path, sizeof(path), "/workshops/%ld\"", id);
	assert_null(strstr(r.body, path));
	http_resp_release(&r);
	/* a session POST without the CSRF token is refused */
	snprintf(path, sizeof(path), "/workshops/%ld/phase", id);
	assert_int_equal(status_of(&f->srv, &f->admin, "POST", path, "to=own_points"), 403);
	/* dots out of range */
	snprintf(body, sizeof(body), "csrf=%s&unit=%ld&dots=11", f->admin.csrf, f->other_unit);
	assert_int_equal(status_of(&f->srv, &f->admin, "POST", "/workshops", body), 400);

	/* A code works on the workshop's day and the next, not later. */
	struct client p = {0};
	open_page(f, &p, code);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->srv.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char sql[160];
	snprintf(sql, sizeof(sql), "UPDATE workshops SET created = '2000-01-01' WHERE id = %ld", id);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	snprintf(path, sizeof(path), "/w/%s", code);
	assert_int_equal(status_of(&f->srv, &p, "GET", path, NULL), 410);
	assert_int_equal(status_of(&f->srv, NULL, "GET", path, NULL), 410);
	/* the screen says so instead of showing a code that does not work */
	struct http_resp r2;
	snprintf(path, sizeof(path), "/workshops/%ld", id);
	assert_int_equal(req(&f->srv, &f->admin, "GET", path, NULL, &r2), 200);
	assert_non_null(strstr(r2.body, "The code of this workshop has expired"));
	assert_null(strstr(r2.body, "ws-code"));
	http_resp_release(&r2);
	client_release(&p);
}

/* Guessing codes: past the limit even a right code gets nowhere without a cookie. */
static void test_guessing(void **state_)
{
	struct fixture *f = *state_;
	char code[8], path[64];
	(void)start(f, &f->admin, f->other_unit, 3, code);
	struct client joined = {0};
	open_page(f, &joined, code);
	int last = 0;
	for (int i = 0; i < 25; i++) {
		snprintf(path, sizeof(path), "/w/%s", strcmp(code, "222222") ? "222222" : "333333");
		last = status_of(&f->srv, NULL, "GET", path, NULL);
	}
	assert_int_equal(last, 429);
	snprintf(path, sizeof(path), "/w/%s", code);
	assert_int_equal(status_of(&f->srv, NULL, "GET", path, NULL), 429);
	/* a browser that joined before keeps working */
	assert_int_equal(status_of(&f->srv, &joined, "GET", path, NULL), 200);
	client_release(&joined);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_other_unit),
		cmocka_unit_test(test_guessing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
