/*
 * progress.c: progress bars for long command-line work.
 */
#include <unistd.h>

#include "cli.h"
#include "core/util.h"

void progress_start(struct progress *p, const char *label, long total)
{
	p->label = label;
	p->total = total > 0 ? total : 1;
	p->done = 0;
	p->tty = isatty(STDERR_FILENO);
	p->last_pct = -1;
	progress_set(p, 0);
}

void progress_set(struct progress *p, long done)
{
	p->done = done;
	if (!p->tty)
		return;
	int pct = (int)(done * 100 / p->total);
	if (pct > 100)
		pct = 100;
	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	char bar[31];
	int fill = pct * 30 / 100;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %3d%% %s", bar, pct, p->label);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->tty) {
		p->last_pct = -1;
		progress_set(p, p->total);
		fputc('\n', stderr);
	}
}
