/*
 * cli.h: the sub-commands of the hartslag program and what they share.
 */
#ifndef HARTSLAG_CLI_H
#define HARTSLAG_CLI_H

#include <stdio.h>

#include "core/i18n.h"
#include "core/lang.h"
#include "store/store.h"

struct cli {
	const char *db;   /* --db, $HARTSLAG_DB, or "hartslag.db" */
	enum lang lang;   /* from $LANG / $LANGUAGE */
	int argc;         /* the sub-command's own arguments */
	char **argv;
};

/* Prints "hartslag: <message>" in the user's language to stderr; returns 1. */
int cli_error(const struct cli *c, const char *tmpl, ...);
/* Opens the database or prints why not; NULL on failure. */
struct store *cli_open(const struct cli *c);
/* Reads a whole file (at most max bytes); caller frees. NULL with a message. */
char *cli_read_file(const struct cli *c, const char *path, size_t max, size_t *len);
/* The value of --name VALUE among c's arguments, or NULL. */
const char *cli_opt(const struct cli *c, const char *name);
/* 1 if --name is among c's arguments. */
int cli_flag(const struct cli *c, const char *name);
/* The n-th argument that is neither an option nor an option's value, or NULL. */
const char *cli_arg(const struct cli *c, int n);

/*
 * A progress bar on stderr when it is a terminal ("\r[#####     ] 45%
 * label"), else nothing until the end line.
 */
struct progress {
	const char *label;
	long total;
	long done;
	int tty;
	int last_pct;
};
void progress_start(struct progress *p, const char *label, long total);
void progress_set(struct progress *p, long done);
void progress_end(struct progress *p);

int cmd_init(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_demo(struct cli *c);
int cmd_import(struct cli *c);
int cmd_wave(struct cli *c);
int cmd_user(struct cli *c);
int cmd_instrument(struct cli *c);
int cmd_norm(struct cli *c);
int cmd_report(struct cli *c);
int cmd_absence(struct cli *c); /* cmd_absence.c */
/* absence tasks, absence policy show; the rest on to cmd_absence (cmd_absence_followup.c) */
int cmd_absence_followup(struct cli *c);
int cmd_action(struct cli *c);

/*
 * Serves until SIGINT/SIGTERM (shared by serve and demo). banner is printed
 * first, with {1} replaced by the server's address.
 */
int cli_serve(struct cli *c, const char *banner);

#endif
