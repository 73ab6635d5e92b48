/*
 * cmd_norm.c: hartslag norm load FILE [--name NAME] | show | clear: the
 * external benchmark that group reports compare with (docs/reports.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"

static int norm_load(struct cli *c, struct store *st, const char *path)
{
	struct norm nm;
	struct diag d = {{0}, 0};
	size_t len;
	char *src = cli_read_file(c, path, 1024 * 1024, &len);
	if (!src)
		return 1;
	const char *name = cli_opt(c, "--name") ? cli_opt(c, "--name") : path;
	if (norm_parse(&nm, name, src, len, c->lang, &d)) {
		char line[32];
		snprintf(line, sizeof(line), "%ld", d.line);
		free(src);
		return cli_error(c, "{1}:{2}: {3}", path, line, d.msg, NULL);
	}
	int rc = st->ops->norm_put(st, name, src, len);
	free(src);
	if (rc) {
		norm_release(&nm);
		return cli_error(c, T(c->lang, "cannot store the norm: {1}"), st->err.msg, NULL);
	}
	printf("%s: %zu %s\n", name, nm.n, T(c->lang, "scales in the norm; reports compare with "
						 "it from now on"));
	norm_release(&nm);
	return 0;
}

int cmd_norm(struct cli *c)
{
	const char *sub = cli_arg(c, 0);
	int rc;
	if (!sub || (strcmp(sub, "load") == 0 && !cli_arg(c, 1)))
		return cli_error(c, T(c->lang, "usage: hartslag norm load FILE [--name NAME] | "
					       "hartslag norm show | hartslag norm clear"),
				 NULL);
	struct store *st = cli_open(c);
	if (!st)
		return 1;
	if (strcmp(sub, "load") == 0) {
		rc = norm_load(c, st, cli_arg(c, 1));
	} else if (strcmp(sub, "show") == 0) {
		char *name, *src;
		size_t len;
		rc = st->ops->norm_get(st, &name, &src, &len);
		if (rc == ERR_NOT_FOUND) {
			printf("%s\n", T(c->lang, "no norm is loaded"));
			rc = 0;
		} else if (rc == 0) {
			printf("# %s\n", name);
			fwrite(src, 1, len, stdout);
			free(name);
			free(src);
		} else {
			rc = cli_error(c, "{1}", st->err.msg, NULL);
		}
	} else if (strcmp(sub, "clear") == 0) {
		rc = st->ops->norm_clear(st) ? cli_error(c, "{1}", st->err.msg, NULL) : 0;
	} else {
		rc = cli_error(c, T(c->lang, "unknown norm command '{1}'"), sub, NULL);
	}
	st->ops->close(st);
	return rc;
}
