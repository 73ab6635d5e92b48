/*
 * server.c: libmicrohttpd glue. The access handler is called several times
 * per request (headers, body chunks, end); the body is gathered into a
 * capped buffer, then the route runs with a store connection from the pool.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/embed.h"
#include "core/i18n.h"
#include "store/store_absence.h"

struct conn_ctx {
	struct buf body;
	size_t limit;
	int too_large;
};

static const char *const security_headers[][2] = {
	{"Content-Security-Policy",
	 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	 "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

static enum http_method method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return HTTP_GET;
	if (strcmp(m, "HEAD") == 0)
		return HTTP_HEAD;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	return HTTP_OTHER;
}

/*
 * libmicrohttpd would decode %HH in paths and query arguments before the
 * handler sees them, and http_clean_path/form_parse decode again: a
 * double decoding ("%2500" -> "%00" -> NUL). Keep them raw instead, so
 * that each byte is decoded exactly once, by our own checked decoders.
 */
static size_t keep_escaped(void *cls UNUSED, struct MHD_Connection *c UNUSED, char *s)
{
	return strlen(s);
}

/* Rebuilds the raw query string (still percent-encoded) for form_parse. */
static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind UNUSED,
				     const char *key, const char *value)
{
	struct buf *b = cls;
	if (b->len)
		buf_putc(b, '&');
	buf_puts(b, key);
	if (value) {
		buf_putc(b, '=');
		buf_puts(b, value);
	}
	return MHD_YES;
}

static enum MHD_Result send_simple(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								  MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)n);
}

static enum MHD_Result run_request(struct app *app, struct MHD_Connection *c, const char *url,
				   const char *method, struct conn_ctx *ctx)
{
	struct req r;
	struct resp rs;
	enum MHD_Result ret;

	memset(&r, 0, sizeof(r));
	resp_init(&rs);
	r.app = app;
	r.method = method_of(method);
	r.body = ctx->body;
	buf_init(&ctx->body, 0);
	r.secure = app->secure_cookies;
	client_ip(c, r.client_ip, sizeof(r.client_ip));

	r.path = http_clean_path(url, MAX_URL_BYTES);
	struct buf q = BUF_INIT(MAX_URL_BYTES * 3);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &q);
	int bad = !r.path || form_parse(&r.query, buf_cstr(&q), q.len) != 0;
	buf_release(&q);

	r.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	r.accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	r.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	if (cookie && strlen(cookie) < 8192) {
		r.cookie_header = xstrdup(cookie);
		r.ncookies = http_parse_cookies(r.cookie_header, r.cookies, MAX_COOKIES);
	}
	if (!bad && r.method == HTTP_POST &&
	    http_content_type_is(r.content_type, "application/x-www-form-urlencoded"))
		bad = form_parse(&r.form, buf_cstr(&r.body), r.body.len) != 0;

	if (bad) {
		free(r.path);
		form_release(&r.query);
		free(r.cookie_header);
		buf_release(&r.body);
		resp_release(&rs);
		return send_simple(c, MHD_HTTP_BAD_REQUEST,
				   "Bad request: the address or form could not be read.\n");
	}

	r.st = store_pool_get(&app->pool);
	routes_dispatch(&r, &rs);
	store_pool_put(&app->pool, r.st);

	struct MHD_Response *mr;
	if (rs.body.len) {
		size_t len;
		char *body = buf_detach(&rs.body, &len);
		mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!mr)
			free(body);
	} else {
		mr = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!mr) {
		ret = MHD_NO;
		goto out;
	}
	MHD_add_response_header(mr, "Content-Type", rs.content_type);
	for (size_t i = 0; i < ARRAY_SIZE(security_headers); i++)
		MHD_add_response_header(mr, security_headers[i][0], security_headers[i][1]);
	if (app->secure_cookies)
		MHD_add_response_header(mr, "Strict-Transport-Security", "max-age=31536000");
	MHD_add_response_header(mr, "Cache-Control",
				rs.cache ? "public, max-age=3600" : "no-store");
	if (rs.location)
		MHD_add_response_header(mr, "Location", rs.location);
	if (rs.disposition)
		MHD_add_response_header(mr, "Content-Disposition", rs.disposition);
	for (size_t i = 0; i < rs.ncookies; i++)
		MHD_add_response_header(mr, "Set-Cookie", rs.cookies[i]);
	MHD_add_response_header(mr, "Content-Language", lang_code(r.lang));
	ret = MHD_queue_response(c, (unsigned)rs.status, mr);
	MHD_destroy_response(mr);
	if (!app->quiet) {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* The log names no token: survey paths are cut after /s/. */
		const char *p = r.path;
		int survey = strncmp(p, "/s/", 3) == 0;
		fprintf(stderr, "%s %s %s%s %d\n", ts, method, survey ? "/s/" : p,
			survey ? "…" : "", rs.status);
	}
out:
	free(r.path);
	form_release(&r.query);
	form_release(&r.form);
	free(r.cookie_header);
	buf_release(&r.body);
	user_release(&r.user);
	resp_release(&rs);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version UNUSED,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct conn_ctx *ctx = *con_cls;

	if (!ctx) {
		ctx = xcalloc(1, sizeof(*ctx));
		char *path = http_clean_path(url, MAX_URL_BYTES);
		ctx->limit = path ? routes_body_limit(method_of(method), path) : 0;
		free(path);
		buf_init(&ctx->body, ctx->limit);
		*con_cls = ctx;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!ctx->too_large &&
		    (ctx->limit == 0 || buf_append(&ctx->body, upload_data, *upload_size)))
			ctx->too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	if (ctx->too_large)
		return send_simple(c, MHD_HTTP_CONTENT_TOO_LARGE,
				   "The request body is too large for this address.\n");
	return run_request(app, c, url, method, ctx);
}

static void on_completed(void *cls UNUSED, struct MHD_Connection *c UNUSED, void **con_cls,
			 enum MHD_RequestTerminationCode toe UNUSED)
{
	struct conn_ctx *ctx = *con_cls;
	if (ctx) {
		buf_release(&ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

static void absence_entry_free(struct absence_entry *e)
{
	for (size_t i = 0; i < e->nper; i++)
		absence_figures_release(&e->per[i].f);
	absence_view_release(&e->v);
	free(e);
}

int server_start(struct app *app, const struct server_config *cfg, struct diag *d)
{
	struct sockaddr_in sa;

	memset(app, 0, sizeof(*app));
	app->secure_cookies = cfg->secure_cookies;
	app->quiet = cfg->quiet;
	pthread_mutex_init(&app->icache_lock, NULL);
	pthread_mutex_init(&app->report_lock, NULL);
	pthread_mutex_init(&app->absence_lock, NULL);
	i18n_init();
	unsigned threads = cfg->threads ? cfg->threads : 2;
	if (store_pool_init(&app->pool, cfg->db_path, threads + 1, d))
		return -1;
	ratelimit_init(&app->limits);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->host ? cfg->host : "127.0.0.1", &sa.sin_addr) != 1) {
		store_pool_release(&app->pool);
		ratelimit_release(&app->limits);
		return diag_set(d, 0, "'%s' is not an IPv4 address to listen on", cfg->host);
	}
	app->daemon = MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, cfg->port, NULL, NULL, on_request,
		app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
		threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64u,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_STRICT_FOR_CLIENT, 1,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, app, MHD_OPTION_UNESCAPE_CALLBACK,
		keep_escaped, NULL, MHD_OPTION_END);
	if (!app->daemon) {
		store_pool_release(&app->pool);
		ratelimit_release(&app->limits);
		return diag_set(d, 0, "cannot listen on %s port %u: is it in use? Choose another "
				"with --port",
				cfg->host ? cfg->host : "127.0.0.1", cfg->port);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(app->daemon,
							     MHD_DAEMON_INFO_BIND_PORT);
	app->port = di ? di->port : cfg->port;
	return 0;
}

void server_stop(struct app *app)
{
	if (app->daemon)
		MHD_stop_daemon(app->daemon);
	app->daemon = NULL;
	store_pool_release(&app->pool);
	for (size_t i = 0; i < app->nicache; i++) {
		instrument_release(&app->icache[i]->ins);
		free(app->icache[i]);
	}
	free(app->icache);
	app->icache = NULL;
	app->nicache = 0;
	pthread_mutex_destroy(&app->icache_lock);
	if (app->report) {
		report_release(&app->report->r);
		free(app->report);
		app->report = NULL;
	}
	pthread_mutex_destroy(&app->report_lock);
	if (app->absence) {
		absence_entry_free(app->absence);
		app->absence = NULL;
	}
	pthread_mutex_destroy(&app->absence_lock);
	if (app->limits.slots)
		ratelimit_release(&app->limits);
}

const struct instrument *app_instrument(struct app *app, struct store *st, long id)
{
	const struct instrument *res = NULL;
	char *src = NULL;
	size_t len;
	struct diag d;

	pthread_mutex_lock(&app->icache_lock);
	for (size_t i = 0; i < app->nicache; i++) {
		if (app->icache[i]->id == id) {
			res = &app->icache[i]->ins;
			goto out;
		}
	}
	if (st->ops->instrument_source(st, id, &src, &len))
		goto out;
	struct cached_instrument *ci = xcalloc(1, sizeof(*ci));
	ci->id = id;
	if (instrument_parse(&ci->ins, "stored instrument", src, len, &d)) {
		diag_set(&st->err, d.line, "stored instrument %ld: %s", id, d.msg);
		free(ci);
		goto out;
	}
	app->icache = xrealloc(app->icache, (app->nicache + 1) * sizeof(*app->icache));
	app->icache[app->nicache++] = ci;
	res = &ci->ins;
out:
	pthread_mutex_unlock(&app->icache_lock);
	free(src);
	return res;
}

int instrument_default(struct store *st, long *id)
{
	const struct embedded_file *f = embed_find("instruments/hartslag-jdr.instrument");
	struct instrument ins;
	struct diag d = {{0}, 0};
	if (!f || instrument_parse(&ins, "hartslag-jdr", (const char *)f->data, f->len, &d))
		return diag_set(&st->err, d.line, "the built-in instrument does not load");
	int rc = st->ops->instrument_put(st, ins.id, ins.version, (const char *)f->data, f->len,
					 id);
	instrument_release(&ins);
	return rc;
}

/* Frees an entry nobody holds once it is no longer the current one. */
static void entry_drop(struct app *app, struct report_entry *e)
{
	if (e && e->refs == 0 && e != app->report) {
		report_release(&e->r);
		free(e);
	}
}

const struct report *app_report_get(struct app *app, struct store *st, struct diag *d,
				    int *err)
{
	const struct report *res = NULL;
	long gen = st->ops->generation(st);

	*err = 0;
	pthread_mutex_lock(&app->report_lock);
	if (app->report && gen >= 0 && app->report->generation == gen) {
		app->report->refs++;
		res = &app->report->r;
		goto out;
	}
	struct report_entry *old = app->report;
	app->report = NULL;
	entry_drop(app, old);
	struct report_entry *e = xcalloc(1, sizeof(*e));
	*err = report_load(st, 0, &e->r, d);
	if (*err) {
		free(e);
		goto out;
	}
	e->generation = gen;
	e->refs = 1;
	app->report = gen >= 0 ? e : NULL; /* without a generation, never shared */
	res = &e->r;
out:
	pthread_mutex_unlock(&app->report_lock);
	return res;
}

void app_report_put(struct app *app, const struct report *r)
{
	if (!r)
		return;
	struct report_entry *e = (struct report_entry *)((char *)r - offsetof(struct report_entry, r));
	pthread_mutex_lock(&app->report_lock);
	e->refs--;
	entry_drop(app, e);
	pthread_mutex_unlock(&app->report_lock);
}

/* Frees an absence entry nobody holds once it is no longer the current one. */
static void absence_drop(struct app *app, struct absence_entry *e)
{
	if (e && e->refs == 0 && e != app->absence)
		absence_entry_free(e);
}

static struct absence_entry *absence_entry_of(const struct absence_view *v)
{
	return (struct absence_entry *)((char *)v - offsetof(struct absence_entry, v));
}

const struct absence_view *app_absence_get(struct app *app, struct store *st, int *err)
{
	const struct absence_view *res = NULL;
	long gen = st->ops->generation(st);
	long agen = st->ops->absence->generation(st);

	*err = 0;
	pthread_mutex_lock(&app->absence_lock);
	if (app->absence && gen >= 0 && agen >= 0 && app->absence->generation == gen &&
	    app->absence->abs_generation == agen) {
		app->absence->refs++;
		res = &app->absence->v;
		goto out;
	}
	struct absence_entry *old = app->absence;
	app->absence = NULL;
	absence_drop(app, old);
	struct absence_entry *e = xcalloc(1, sizeof(*e));
	*err = absence_view_load(st, &e->v);
	if (*err) {
		free(e);
		goto out;
	}
	e->generation = gen;
	e->abs_generation = agen;
	e->refs = 1;
	/* without generations, never shared */
	app->absence = gen >= 0 && agen >= 0 ? e : NULL;
	res = &e->v;
out:
	pthread_mutex_unlock(&app->absence_lock);
	return res;
}

void app_absence_put(struct app *app, const struct absence_view *v)
{
	if (!v)
		return;
	struct absence_entry *e = absence_entry_of(v);
	pthread_mutex_lock(&app->absence_lock);
	e->refs--;
	absence_drop(app, e);
	pthread_mutex_unlock(&app->absence_lock);
}

int app_absence_figures(struct app *app, const struct absence_view *v, int32_t from, int32_t to,
			struct absence_figures *out, int *owned)
{
	struct absence_entry *e = absence_entry_of(v);
	int rc = 0;

	*owned = 0;
	pthread_mutex_lock(&app->absence_lock);
	for (size_t i = 0; i < e->nper; i++) {
		if (e->per[i].from == from && e->per[i].to == to) {
			*out = e->per[i].f;
			goto out;
		}
	}
	if (e->nper == APP_ABSENCE_PERIODS) {
		*owned = 1; /* full: this one is the caller's (computed outside the lock) */
		goto out;
	}
	rc = absence_figures_compute(&e->v, from, to, &e->per[e->nper].f);
	if (rc == 0) {
		e->per[e->nper].from = from;
		e->per[e->nper].to = to;
		*out = e->per[e->nper++].f;
	}
out:
	pthread_mutex_unlock(&app->absence_lock);
	if (*owned)
		rc = absence_figures_compute(v, from, to, out);
	return rc;
}
