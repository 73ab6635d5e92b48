/*
 * server.h: the HTTP server (libmicrohttpd, thread pool with epoll) and
 * what every handler shares: the connection pool, the instrument cache and
 * the route table.
 */
#ifndef HARTSLAG_SERVER_H
#define HARTSLAG_SERVER_H

#include <pthread.h>
#include <stdint.h>

#include "core/instrument.h"
#include "http.h"
#include "ratelimit.h"
#include "report/absence_data.h"
#include "report/report.h"
#include "store/store.h"

struct cached_instrument {
	long id;
	struct instrument ins;
};

/* A loaded report shared by requests until the data it comes from changes. */
struct report_entry {
	struct report r;
	long generation;
	int refs;
};

/*
 * The absence data shared by requests until records, events, settings,
 * people or units change, with the figures of the periods asked for so
 * far (at most APP_ABSENCE_PERIODS; later ones are computed per request).
 */
#define APP_ABSENCE_PERIODS 64
struct absence_entry {
	struct absence_view v;
	long generation;     /* the store's (units, settings) */
	long abs_generation; /* the absence part's (records, events, its settings, people) */
	int refs;
	size_t nper;
	struct {
		int32_t from, to;
		struct absence_figures f;
	} per[APP_ABSENCE_PERIODS];
};

struct app {
	struct store_pool pool;
	pthread_mutex_t report_lock;
	struct report_entry *report; /* the current one, or NULL */
	pthread_mutex_t absence_lock;
	struct absence_entry *absence; /* the current one, or NULL */
	pthread_mutex_t icache_lock;
	struct cached_instrument **icache; /* each entry allocated: pointers stay valid */
	size_t nicache;
	int secure_cookies; /* Secure flag on cookies (served over TLS) */
	struct ratelimit limits; /* failed logins, unknown survey tokens */
	struct MHD_Daemon *daemon;
	uint16_t port;
	int quiet;
};

struct server_config {
	const char *db_path;
	const char *host; /* "127.0.0.1" by default */
	uint16_t port;    /* 0: any free port */
	unsigned threads;
	int secure_cookies;
	int quiet;        /* no request log */
};

/*
 * Opens the database pool and starts listening. Returns 0, or -1 with d
 * set. app->port holds the port actually bound.
 */
int server_start(struct app *app, const struct server_config *cfg, struct diag *d);
void server_stop(struct app *app);

/*
 * The parsed instrument with that row id, cached for the life of the
 * server (instruments never change once stored). Returns NULL with a
 * message in st->err when it cannot be loaded. Borrowed.
 */
const struct instrument *app_instrument(struct app *app, struct store *st, long id);

/*
 * Stores the built-in instrument (instruments/hartslag-jdr.instrument) if
 * it is not stored yet, and sets *id to its row. Returns 0 or an error
 * with st->err set.
 */
int instrument_default(struct store *st, long *id);

/*
 * The group report of the closed waves, loaded once and shared until units,
 * waves or settings change (read-only: pages must not modify it). Returns
 * NULL with *err set (ERR_NOT_FOUND: no closed wave yet) and d filled.
 * Every report got must be given back with app_report_put.
 */
const struct report *app_report_get(struct app *app, struct store *st, struct diag *d,
				    int *err);
void app_report_put(struct app *app, const struct report *r);

/*
 * The absence data (report/absence_data.h), loaded once and shared until
 * they change (read-only). Returns NULL with *err set and a message in
 * st->err. Every view got must be given back with app_absence_put.
 */
const struct absence_view *app_absence_get(struct app *app, struct store *st, int *err);
void app_absence_put(struct app *app, const struct absence_view *v);
/*
 * The suppressed figures of every unit over [from, to] for a view got
 * from app_absence_get, computed once per view and period. *out is
 * shared and valid until the view is put back when *owned is 0; when 1
 * (too many periods asked for) it is the caller's to release with
 * absence_figures_release. Returns 0 or ERR_INVALID.
 */
int app_absence_figures(struct app *app, const struct absence_view *v, int32_t from, int32_t to,
			struct absence_figures *out, int *owned);

/* Route dispatch (routes.c): fills rs for r. */
void routes_dispatch(struct req *r, struct resp *rs);
/* The body limit for a method and path: 0 when the route takes no body. */
size_t routes_body_limit(enum http_method m, const char *path);

#endif
