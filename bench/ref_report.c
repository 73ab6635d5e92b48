/*
 * ref_report.c: the benchmark's report (../shared/bench/README.md) in plain
 * single-threaded C, straight from the CSV files: the reference figure
 * bench/run.sh measures on the same machine in the same run, so that the
 * product's time is compared with something measured here and now.
 *
 *   ref_report DATADIR OUT.csv
 *
 * Sums are exact integers (12 x score). Each response is added to its
 * team; teams are then rolled up to their ancestors, children first.
 * Prints ref_s (wall), ref_cpu_s and ref_peak_rss_mib.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/util.h"

#define NSCALE 15
#define NWAVE_MAX 8

struct cell {
	int64_t n, s12, ss144, risk;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: wall time on a shared machine also counts other people's work. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = xmalloc((size_t)n + 1);
	*len = fread(p, 1, (size_t)n, f);
	p[*len] = '\0';
	fclose(f);
	return p;
}

static long num(const char **p)
{
	long v = 0;
	while (**p >= '0' && **p <= '9')
		v = v * 10 + (*(*p)++ - '0');
	if (**p == ',')
		(*p)++;
	return v;
}

static void skip_line(const char **p)
{
	while (**p && **p != '\n')
		(*p)++;
	if (**p)
		(*p)++;
}

static char *put_long(char *p, long v)
{
	char t[24];
	int n = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

static char *put_fixed12(char *p, double v)
{
	long long x = llround(v * 1e12);
	p = put_long(p, (long)(x / 1000000000000LL));
	*p++ = '.';
	long long fp = x % 1000000000000LL;
	for (int i = 11; i >= 0; i--) {
		p[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	return p + 12;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: ref_report DATADIR OUT.csv\n");
		return 2;
	}
	double t0 = now(), c0 = cpu();
	char *path = xasprintf("%s/units.csv", argv[1]);
	size_t len;
	char *units = slurp(path, &len);
	if (!units) {
		fprintf(stderr, "ref_report: %s: %s\n", path, strerror(errno));
		return 1;
	}
	free(path);
	/* units: ids are 1..n in gen.c, a parent's id below its children's; not relied on */
	long maxid = 0, nu = 0;
	const char *p = units;
	skip_line(&p);
	for (const char *q = p; *q; skip_line(&q)) {
		long id = num(&q);
		if (id > maxid)
			maxid = id;
		nu++;
	}
	long *parent = xcalloc((size_t)maxid + 1, sizeof(long));
	int *depth = xcalloc((size_t)maxid + 1, sizeof(int));
	long *ids = xmalloc((size_t)nu * sizeof(long));
	nu = 0;
	for (const char *q = p; *q; skip_line(&q)) {
		long id = num(&q);
		parent[id] = *q == ',' ? 0 : num(&q);
		ids[nu++] = id;
	}
	free(units);
	int maxd = 0;
	for (long i = 0; i < nu; i++) {
		int d = 0;
		for (long v = parent[ids[i]]; v; v = parent[v])
			d++;
		depth[ids[i]] = d;
		if (d > maxd)
			maxd = d;
	}

	path = xasprintf("%s/responses.csv", argv[1]);
	char *resp = slurp(path, &len);
	if (!resp) {
		fprintf(stderr, "ref_report: %s: %s\n", path, strerror(errno));
		return 1;
	}
	free(path);
	long years[NWAVE_MAX];
	int nw = 0;
	size_t stride = (size_t)NWAVE_MAX * NSCALE;
	struct cell *cell = xcalloc(((size_t)maxid + 1) * stride, sizeof(*cell));
	int64_t *nresp = xcalloc(((size_t)maxid + 1) * NWAVE_MAX, sizeof(int64_t));
	p = resp;
	skip_line(&p);
	while (*p) {
		long year = num(&p), unit = num(&p);
		for (int k = 0; k < 5; k++)
			num(&p);
		int w;
		for (w = 0; w < nw && years[w] != year; w++)
			;
		if (w == nw)
			years[nw++] = year;
		nresp[unit * NWAVE_MAX + w]++;
		struct cell *c = &cell[unit * stride + (size_t)w * NSCALE];
		for (int k = 0; k < NSCALE; k++) {
			int sum = 0, cnt = 0;
			for (int i = 0; i < 4; i++) {
				if (*p >= '1' && *p <= '5') {
					int x = *p++ - '0';
					sum += i == 3 ? 6 - x : x;
					cnt++;
				}
				if (*p == ',')
					p++;
			}
			if (cnt < 3)
				continue;
			int64_t v = 12 / cnt * sum; /* 12 x score */
			c[k].n++;
			c[k].s12 += v;
			c[k].ss144 += v * v;
			c[k].risk += k < 8 ? v >= 42 : v <= 30;
		}
		skip_line(&p);
	}
	free(resp);
	/* roll up, deepest first */
	for (int d = maxd; d > 0; d--) {
		for (long i = 0; i < nu; i++) {
			long u = ids[i], q = parent[u];
			if (depth[u] != d)
				continue;
			for (size_t k = 0; k < stride; k++) {
				cell[q * stride + k].n += cell[u * stride + k].n;
				cell[q * stride + k].s12 += cell[u * stride + k].s12;
				cell[q * stride + k].ss144 += cell[u * stride + k].ss144;
				cell[q * stride + k].risk += cell[u * stride + k].risk;
			}
			for (int w = 0; w < NWAVE_MAX; w++)
				nresp[q * NWAVE_MAX + w] += nresp[u * NWAVE_MAX + w];
		}
	}
	/* waves in order of year */
	int order[NWAVE_MAX];
	for (int w = 0; w < nw; w++)
		order[w] = w;
	for (int a = 1; a < nw; a++)
		for (int b = a; b > 0 && years[order[b]] < years[order[b - 1]]; b--) {
			int t = order[b];
			order[b] = order[b - 1];
			order[b - 1] = t;
		}
	FILE *f = fopen(argv[2], "wb");
	if (!f) {
		fprintf(stderr, "ref_report: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	fputs("unit_id,wave,scale,n,mean,sd,risk\n", f);
	size_t cap = 1 << 20, ol = 0;
	char *ob = xmalloc(cap);
	for (long u = 1; u <= maxid; u++) {
		if (u != 1 && !parent[u])
			continue; /* no such unit */
		for (int oi = 0; oi < nw; oi++) {
			int w = order[oi];
			for (int k = 0; k < NSCALE; k++) {
				const struct cell *c = &cell[u * stride + (size_t)w * NSCALE + k];
				char *o = ob + ol;
				o = put_long(o, u);
				*o++ = ',';
				o = put_long(o, years[w]);
				*o++ = ',';
				o = put_long(o, k + 1);
				*o++ = ',';
				if (nresp[u * NWAVE_MAX + w] < 5) {
					*o++ = ',';
					*o++ = ',';
					*o++ = ',';
				} else {
					double n = (double)c->n;
					o = put_long(o, (long)c->n);
					*o++ = ',';
					if (c->n > 0)
						o = put_fixed12(o, (double)c->s12 / (12 * n));
					*o++ = ',';
					if (c->n > 1) {
						double v = ((double)c->ss144 -
							    (double)c->s12 * (double)c->s12 / n) /
							   (144 * (n - 1));
						o = put_fixed12(o, sqrt(v > 0 ? v : 0));
					}
					*o++ = ',';
					if (c->n > 0)
						o = put_fixed12(o, (double)c->risk / n);
				}
				*o++ = '\n';
				ol = (size_t)(o - ob);
				if (ol > cap - 256) {
					fwrite(ob, 1, ol, f);
					ol = 0;
				}
			}
		}
	}
	fwrite(ob, 1, ol, f);
	fclose(f);
	free(ob);
	free(cell);
	free(nresp);
	free(parent);
	free(depth);
	free(ids);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("ref_s=%.3f\nref_cpu_s=%.3f\nref_peak_rss_mib=%.0f\n", now() - t0, cpu() - c0,
	       ru.ru_maxrss / 1024.0);
	return 0;
}
