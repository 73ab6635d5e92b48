/*
 * test_api.c: the JSON API and the report downloads against the real
 * server, on the demo organisation (three closed waves): the answers'
 * shape, nothing but {"hidden": true} for a suppressed figure, a manager
 * kept to their own units (403 for any other), refusals when logged out,
 * errors as JSON in the user's language.
 */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

struct fixture {
	struct server srv;
	char password[64];
	char *admin;   /* "hs=..." */
	char *manager;
};

/*
 * Starts "hartslag demo" on a free port: it creates the demo organisation
 * and serves it. Reads the banner for the port and the password.
 */
static int demo_up(struct server *s, char *pw, size_t pwlen)
{
	int fd[2];
	const char *bin = getenv("HARTSLAG_BIN");
	if (!bin || pipe(fd))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setenv("LANGUAGE", "en", 1);
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

static char *login(struct fixture *f, const char *user)
{
	char body[200];
	struct http_resp r;
	snprintf(body, sizeof(body), "login=%s&password=%s&next=%%2Fadmin", user, f->password);
	assert_int_equal(http(&f->srv, "POST", "/login", NULL, NULL, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	char *hs = http_set_cookie(&r, "hs");
	assert_non_null(hs);
	http_resp_release(&r);
	size_t n = strlen(hs) + 4;
	char *c = malloc(n);
	snprintf(c, n, "hs=%s", hs);
	free(hs);
	return c;
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
	f->admin = login(f, "admin");
	f->manager = login(f, "manager");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	harness_cleanup(&f->srv);
	free(f->admin);
	free(f->manager);
	free(f);
	return 0;
}

/* GET path with cookie (may be NULL) and language; returns the status. */
static int get(struct fixture *f, const char *cookie, const char *lang, const char *path,
	       struct http_resp *r)
{
	char h[600];
	snprintf(h, sizeof(h), "Accept-Language: %s\r\n%s%s%s", lang, cookie ? "Cookie: " : "",
		 cookie ? cookie : "", cookie ? "\r\n" : "");
	assert_int_equal(http(&f->srv, "GET", path, h, NULL, NULL, 0, r), 0);
	return r->status;
}

static json_t *get_json(struct fixture *f, const char *cookie, const char *lang,
			const char *path, int expect)
{
	struct http_resp r;
	json_error_t err;
	int st = get(f, cookie, lang, path, &r);
	if (st != expect)
		fprintf(stderr, "%s: %d\n%s\n", path, st, r.body);
	assert_int_equal(st, expect);
	char *type = http_header(&r, "Content-Type");
	assert_non_null(type);
	assert_non_null(strstr(type, "application/json"));
	free(type);
	json_t *j = json_loadb(r.body, r.body_len, 0, &err);
	if (!j)
		fprintf(stderr, "%s: not JSON: %s\n", path, err.text);
	assert_non_null(j);
	http_resp_release(&r);
	return j;
}

/* The error text of a JSON refusal; checks its shape. */
static char *error_of(json_t *j)
{
	assert_true(json_is_object(j));
	assert_int_equal(json_object_size(j), 1);
	const char *e = json_string_value(json_object_get(j, "error"));
	assert_non_null(e);
	assert_true(strlen(e) > 5);
	char *s = strdup(e);
	json_decref(j);
	return s;
}

static void test_logged_out(void **state)
{
	struct fixture *f = *state;
	struct http_resp r;

	char *en = error_of(get_json(f, NULL, "en", "/api/waves", 401));
	char *nl = error_of(get_json(f, NULL, "nl", "/api/report", 401));
	/* In the user's language. */
	assert_string_not_equal(en, nl);
	free(en);
	free(nl);
	/* A download sends a browser to the login page. */
	assert_int_equal(get(f, NULL, "en", "/reports/export?format=csv", &r), 303);
	char *loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_non_null(strstr(loc, "/login"));
	free(loc);
	http_resp_release(&r);
	/* A forged cookie is no better. */
	free(error_of(get_json(f, "hs=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "en", "/api/report",
			  401)));
}

static void test_waves(void **state)
{
	struct fixture *f = *state;
	json_t *j = get_json(f, f->admin, "en", "/api/waves", 200);
	json_t *waves = json_object_get(j, "waves");
	assert_int_equal(json_array_size(waves), 3);
	for (size_t i = 0; i < json_array_size(waves); i++) {
		json_t *w = json_array_get(waves, i);
		assert_true(json_integer_value(json_object_get(w, "id")) > 0);
		assert_true(strlen(json_string_value(json_object_get(w, "title"))) > 0);
		assert_int_equal(strlen(json_string_value(json_object_get(w, "opens"))), 10);
		assert_int_equal(strlen(json_string_value(json_object_get(w, "closes"))), 10);
		assert_true(json_integer_value(json_object_get(w, "respondents")) >= 5);
	}
	json_decref(j);
	/* The manager may list them too. */
	j = get_json(f, f->manager, "en", "/api/waves", 200);
	assert_int_equal(json_array_size(json_object_get(j, "waves")), 3);
	json_decref(j);
}

/* Checks every figure: either numbers and no marker, or the marker alone. */
static void check_figures(json_t *rep, size_t *shown, size_t *hidden)
{
	json_t *figs = json_object_get(rep, "figures");
	assert_true(json_array_size(figs) > 0);
	*shown = *hidden = 0;
	for (size_t i = 0; i < json_array_size(figs); i++) {
		json_t *o = json_array_get(figs, i);
		if (json_is_true(json_object_get(o, "hidden"))) {
			assert_int_equal(json_object_size(o), 3);
			assert_null(json_object_get(o, "mean"));
			assert_null(json_object_get(o, "n"));
			(*hidden)++;
		} else {
			assert_true(json_integer_value(json_object_get(o, "n")) >= 5);
			assert_true(json_is_number(json_object_get(o, "mean")));
			(*shown)++;
		}
	}
}

static void test_report(void **state)
{
	struct fixture *f = *state;
	size_t shown, hidden;
	char path[128];

	json_t *j = get_json(f, f->admin, "en", "/api/report", 200);
	json_t *unit = json_object_get(j, "unit");
	long root = (long)json_integer_value(json_object_get(unit, "id"));
	assert_true(root > 0);
	assert_true(strstr(json_string_value(json_object_get(j, "organisation")), "Demo") != NULL);
	assert_true(json_array_size(json_object_get(j, "scales")) > 5);
	check_figures(j, &shown, &hidden);
	assert_true(shown > 0);
	/* The demo has small teams: some figures are hidden. */
	assert_true(hidden > 0);
	json_t *units = json_object_get(j, "units");
	assert_true(json_array_size(units) > 1);
	for (size_t i = 0; i < json_array_size(units); i++)
		assert_true(json_integer_value(
				    json_object_get(json_array_get(units, i), "respondents")) >= 5);
	/* The newest wave by default. */
	long newest = (long)json_integer_value(json_object_get(json_object_get(j, "wave"), "id"));
	json_decref(j);

	/* Another wave and a unit by number. */
	json_t *w = get_json(f, f->admin, "en", "/api/waves", 200);
	long oldest = 0;
	json_t *waves = json_object_get(w, "waves");
	for (size_t i = 0; i < json_array_size(waves); i++) {
		long id = (long)json_integer_value(json_object_get(json_array_get(waves, i), "id"));
		if (id != newest)
			oldest = id;
	}
	json_decref(w);
	assert_true(oldest > 0);
	snprintf(path, sizeof(path), "/api/report?wave=%ld&unit=%ld", oldest, root);
	j = get_json(f, f->admin, "fr", path, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "wave"), "id")),
			 oldest);
	assert_string_equal(json_string_value(json_object_get(j, "language")), "fr");
	json_decref(j);

	/* Bad and unknown arguments. */
	free(error_of(get_json(f, f->admin, "en", "/api/report?wave=abc", 400)));
	free(error_of(get_json(f, f->admin, "en", "/api/report?wave=99999", 404)));
	free(error_of(get_json(f, f->admin, "en", "/api/report?unit=99999", 404)));
}

static void test_manager_scope(void **state)
{
	struct fixture *f = *state;
	struct http_resp r;
	char path[160];
	size_t shown, hidden;

	json_t *all = get_json(f, f->admin, "en", "/api/report", 200);
	long root = (long)json_integer_value(json_object_get(json_object_get(all, "unit"), "id"));
	size_t nall = json_array_size(json_object_get(all, "figures"));
	json_decref(all);

	/* Without a unit: the manager's own. */
	json_t *j = get_json(f, f->manager, "en", "/api/report", 200);
	long own = (long)json_integer_value(json_object_get(json_object_get(j, "unit"), "id"));
	assert_true(own > 0);
	assert_true(own != root);
	assert_true(json_array_size(json_object_get(j, "figures")) < nall);
	check_figures(j, &shown, &hidden);
	json_t *units = json_object_get(j, "units");
	for (size_t i = 0; i < json_array_size(units); i++)
		assert_true(json_integer_value(json_object_get(json_array_get(units, i), "id")) !=
			    root);
	json_decref(j);

	snprintf(path, sizeof(path), "/api/report?unit=%ld", own);
	json_decref(get_json(f, f->manager, "en", path, 200));

	/* The organisation, or a unit that does not exist: 403 alike. */
	snprintf(path, sizeof(path), "/api/report?unit=%ld", root);
	char *e = error_of(get_json(f, f->manager, "en", path, 403));
	free(e);
	free(error_of(get_json(f, f->manager, "nl", "/api/report?unit=99999", 403)));
	snprintf(path, sizeof(path), "/reports/export?unit=%ld&format=csv", root);
	assert_int_equal(get(f, f->manager, "en", path, &r), 403);
	assert_null(strstr(r.body, "Testorganisatie"));
	http_resp_release(&r);
	snprintf(path, sizeof(path), "/reports/export?unit=%ld&format=csv", own);
	assert_int_equal(get(f, f->manager, "en", path, &r), 200);
	http_resp_release(&r);
}

static void test_downloads(void **state)
{
	struct fixture *f = *state;
	struct http_resp r;
	static const struct {
		const char *format;
		const char *type;
		const char *magic;
	} formats[] = {
		{"csv", "text/csv", "\xef\xbb\xbf"},
		{"xlsx", "application/vnd.openxmlformats", "PK"},
		{"pdf", "application/pdf", "%PDF-"},
		{"json", "application/json", "{"},
	};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char path[64];
		snprintf(path, sizeof(path), "/reports/export?format=%s", formats[i].format);
		assert_int_equal(get(f, f->admin, "nl", path, &r), 200);
		char *type = http_header(&r, "Content-Type");
		char *disp = http_header(&r, "Content-Disposition");
		assert_non_null(type);
		assert_non_null(disp);
		assert_non_null(strstr(type, formats[i].type));
		assert_non_null(strstr(disp, "attachment"));
		assert_non_null(strstr(disp, formats[i].format));
		assert_memory_equal(r.body, formats[i].magic, strlen(formats[i].magic));
		free(type);
		free(disp);
		http_resp_release(&r);
	}
	assert_int_equal(get(f, f->admin, "en", "/reports/export?format=exe", &r), 400);
	http_resp_release(&r);
	assert_int_equal(get(f, f->admin, "en", "/reports/export", &r), 400);
	http_resp_release(&r);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* hartslag report on the same database: the exports and their errors. */
static void test_command_line(void **state)
{
	struct fixture *f = *state;
	char pdf[400], norm[400], *out = NULL;

	const char *csv[] = {"report", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, csv), 0);
	assert_memory_equal(out, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(out, ";Workload;"));
	assert_non_null(strstr(out, ";hidden\r\n"));
	free(out);

	const char *json[] = {"report", "--format", "json", "--lang", "fr", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, json), 0);
	assert_non_null(strstr(out, "\"language\":\"fr\""));
	free(out);

	snprintf(pdf, sizeof(pdf), "%s/org.pdf", f->srv.dir);
	const char *nopdf[] = {"report", "--format", "pdf", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, nopdf), 1);
	assert_non_null(strstr(out, "--out"));
	free(out);
	const char *topdf[] = {"report", "--format", "pdf", "--out", pdf, NULL};
	assert_int_equal(harness_cli(&f->srv, &out, topdf), 0);
	free(out);
	FILE *fp = fopen(pdf, "rb");
	char magic[6] = {0};
	assert_non_null(fp);
	assert_int_equal(fread(magic, 1, 5, fp), 5);
	fclose(fp);
	assert_string_equal(magic, "%PDF-");

	const char *unit[] = {"report", "--unit", "NO-SUCH-UNIT", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, unit), 1);
	assert_non_null(strstr(out, "NO-SUCH-UNIT"));
	free(out);
	const char *still_open[] = {"report", "--wave", "4", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, still_open), 1);
	assert_non_null(strstr(out, "still open"));
	free(out);
	const char *typo[] = {"report", "--fromat", "pdf", NULL};
	assert_int_equal(harness_cli(&f->srv, &out, typo), 1);
	assert_non_null(strstr(out, "--fromat"));
	free(out);

	/* A norm adds its verdicts. */
	snprintf(norm, sizeof(norm), "%s/norm.csv", f->srv.dir);
	write_text(norm, "scale,mean,sd\nworkload,1.5,0.5\n");
	const char *withnorm[] = {"report", "--norm", norm, NULL};
	assert_int_equal(harness_cli(&f->srv, &out, withnorm), 0);
	assert_non_null(strstr(out, ";clearly worse;"));
	free(out);
	write_text(norm, "scale,mean\nworkload,1.5\n");
	assert_int_equal(harness_cli(&f->srv, &out, withnorm), 1);
	assert_non_null(strstr(out, "norm.csv:1:"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logged_out),
		cmocka_unit_test(test_waves),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_manager_scope),
		cmocka_unit_test(test_downloads),
		cmocka_unit_test(test_command_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
