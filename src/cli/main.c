/*
 * main.c: the hartslag program. One binary for every task: set up a
 * database, import the organisation, run survey waves, serve the web
 * application, run the demo.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "core/embed.h"
#include "core/instrument.h"
#include "store/token.h"
#include "web/server.h"

static const struct {
	const char *name;
	int (*fn)(struct cli *c);
	const char *help;
} commands[] = {
	{"demo", cmd_demo, "create a demo organisation and serve it"},
	{"init", cmd_init, "create a new database"},
	{"serve", cmd_serve, "serve the web application"},
	{"import", cmd_import, "import units or employees from CSV"},
	{"wave", cmd_wave, "create, list, close survey waves; export links and letters"},
	{"user", cmd_user, "add accounts, set passwords"},
	{"instrument", cmd_instrument, "check an instrument file"},
	{"norm", cmd_norm, "load the external benchmark reports compare with"},
	{"report", cmd_report, "group reports of closed waves as PDF, XLSX, CSV or JSON"},
	{"absence", cmd_absence_followup, "tasks, rtw [--due-before DATE], policy show: follow-up"},
	{"absence", cmd_absence, "import absence records and HR events; absence indicators"},
	{"action", cmd_action, "list the action plans; export the yearly plan as PDF or XLSX"},
};

int cli_error(const struct cli *c UNUSED, const char *tmpl, ...)
{
	va_list ap;
	va_start(ap, tmpl);
	char *s = tmpl_fillva(tmpl, ap);
	va_end(ap);
	fprintf(stderr, "hartslag: %s\n", s);
	free(s);
	return 1;
}

struct store *cli_open(const struct cli *c)
{
	struct diag d = {{0}, 0};
	struct store *st = store_open(c->db, &d);
	if (!st)
		cli_error(c, T(c->lang, "cannot open the database '{1}': {2}"), c->db, d.msg, NULL);
	return st;
}

char *cli_read_file(const struct cli *c, const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error(c, T(c->lang, "cannot read '{1}': {2}"), path, strerror(errno), NULL);
		return NULL;
	}
	struct buf b = BUF_INIT(max);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_append(&b, chunk, n)) {
			fclose(f);
			cli_error(c, T(c->lang, "'{1}' is too large"), path, NULL);
			return NULL;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		buf_release(&b);
		cli_error(c, T(c->lang, "cannot read '{1}'"), path, NULL);
		return NULL;
	}
	return buf_detach(&b, len);
}

static int is_opt_with_value(const char *a)
{
	static const char *const with_value[] = {"--db", "--port", "--host", "--seed", "--title",
						 "--opens", "--closes", "--units", "--out",
						 "--role", "--unit", "--name", "--password-file",
						 "--instrument", "--threads", "--who", "--lang",
						 "--from", "--to", "--period"};
	for (size_t i = 0; i < ARRAY_SIZE(with_value); i++)
		if (strcmp(a, with_value[i]) == 0)
			return 1;
	return 0;
}

const char *cli_opt(const struct cli *c, const char *name)
{
	for (int i = 0; i < c->argc - 1; i++)
		if (strcmp(c->argv[i], name) == 0)
			return c->argv[i + 1];
	return NULL;
}

int cli_flag(const struct cli *c, const char *name)
{
	for (int i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], name) == 0)
			return 1;
	return 0;
}

const char *cli_arg(const struct cli *c, int n)
{
	for (int i = 0; i < c->argc; i++) {
		if (strncmp(c->argv[i], "--", 2) == 0) {
			if (is_opt_with_value(c->argv[i]))
				i++;
			continue;
		}
		if (n-- == 0)
			return c->argv[i];
	}
	return NULL;
}

int cmd_init(struct cli *c)
{
	struct stat sb;
	if (stat(c->db, &sb) == 0)
		return cli_error(c, T(c->lang, "'{1}' exists already; choose another --db or "
					       "remove it first"),
				 c->db, NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	struct org_settings org;
	long id;
	int rc = st->ops->org_get(st, &org);
	if (rc == 0) {
		const char *name = cli_opt(c, "--name");
		const char *lang = cli_opt(c, "--lang");
		if (name) {
			free(org.name);
			org.name = xstrdup(name);
		}
		if (lang && lang_parse(str_from(lang), &org.lang)) {
			org_settings_release(&org);
			st->ops->close(st);
			return cli_error(c, T(c->lang, "unknown language '{1}': use nl, fr or en"),
					 lang, NULL);
		}
		rc = st->ops->org_set(st, &org) || instrument_default(st, &id);
		org_settings_release(&org);
	}
	if (rc)
		cli_error(c, T(c->lang, "cannot set up '{1}': {2}"), c->db, st->err.msg, NULL);
	else
		printf("%s\n", T(c->lang, "Database created. Next: import the units (hartslag "
					  "import units FILE) and the employees (hartslag import "
					  "employees FILE), then add a user (hartslag user add LOGIN "
					  "--role admin)."));
	st->ops->close(st);
	return rc ? 1 : 0;
}

int cli_serve(struct cli *c, const char *banner)
{
	struct app app;
	struct server_config cfg = {0};
	struct diag d = {{0}, 0};
	long port = 8080, threads = 2;
	const char *ps = cli_opt(c, "--port");
	const char *ts = cli_opt(c, "--threads");
	sigset_t set;

	if (ps && str_to_long(str_from(ps), 0, 65535, &port))
		return cli_error(c, T(c->lang, "'{1}' is not a port number (0 to 65535)"), ps,
				 NULL);
	if (ts && str_to_long(str_from(ts), 1, 64, &threads))
		return cli_error(c, T(c->lang, "'{1}' is not a number of threads (1 to 64)"), ts,
				 NULL);
	cfg.db_path = c->db;
	cfg.host = cli_opt(c, "--host") ? cli_opt(c, "--host") : "127.0.0.1";
	cfg.port = (uint16_t)port;
	cfg.threads = (unsigned)threads;
	cfg.secure_cookies = cli_flag(c, "--secure-cookies");
	cfg.quiet = cli_flag(c, "--quiet");

	/* Threads started by the server inherit this mask; main waits. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (server_start(&app, &cfg, &d) != 0)
		return cli_error(c, T(c->lang, "cannot start the server: {1}"), d.msg, NULL);
	char *url = xasprintf("http://%s:%u", cfg.host, (unsigned)app.port);
	char *text = tmpl_fill(banner ? banner : "", url, NULL);
	printf("%s\n%s %s/\n", text, T(c->lang, "Hartslag is running at"), url);
	free(text);
	free(url);
	printf("%s\n", T(c->lang, "Press Ctrl-C to stop."));
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	server_stop(&app);
	return 0;
}

int cmd_serve(struct cli *c)
{
	struct stat sb;
	if (stat(c->db, &sb) != 0)
		return cli_error(c, T(c->lang, "there is no database '{1}': create one with "
					       "'hartslag init --db {1}' or try 'hartslag demo'"),
				 c->db, NULL);
	return cli_serve(c, NULL);
}

int cmd_instrument(struct cli *c)
{
	const char *sub = cli_arg(c, 0), *path = cli_arg(c, 1);
	struct instrument ins;
	struct diag d = {{0}, 0};
	if (!sub || strcmp(sub, "check") != 0 || !path)
		return cli_error(c, T(c->lang, "usage: hartslag instrument check FILE"), NULL);
	if (instrument_load_file(&ins, path, &d)) {
		char line[32];
		snprintf(line, sizeof(line), "%ld", d.line);
		return cli_error(c, T(c->lang, "{1}:{2}: {3}"), path, line, d.msg, NULL);
	}
	printf("%s: %s %d, %d scales, %d items, %d pages\n", path, ins.id, ins.version,
	       ins.nscales, ins.nitems, ins.npages);
	instrument_release(&ins);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: hartslag COMMAND [--db FILE] [options]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nRun 'hartslag demo' to try it; see README.md and docs/ for more.\n");
}

int main(int argc, char **argv)
{
	struct cli c;
	const char *envlang = getenv("LANGUAGE");

	if (!envlang || !*envlang)
		envlang = getenv("LC_ALL");
	if (!envlang || !*envlang)
		envlang = getenv("LANG");
	memset(&c, 0, sizeof(c));
	c.lang = LANG_EN;
	if (envlang)
		lang_parse(str_from(envlang), &c.lang);
	if (token_init()) {
		fprintf(stderr, "hartslag: libsodium could not start\n");
		return 1;
	}
	i18n_init();
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	c.argc = argc - 2;
	c.argv = argv + 2;
	c.db = cli_opt(&c, "--db");
	if (!c.db)
		c.db = getenv("HARTSLAG_DB");
	if (!c.db || !*c.db)
		c.db = strcmp(argv[1], "demo") == 0 ? "hartslag-demo.db" : "hartslag.db";
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(&c);
	fprintf(stderr, "hartslag: '%s' is not a command\n\n", argv[1]);
	usage(stderr);
	return 2;
}
