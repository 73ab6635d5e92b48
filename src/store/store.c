/*
 * store.c: what every back end shares: opening by name, releasing the
 * structs the store hands out, role names and the connection pool.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

static const char *const role_names[] = {
	[ROLE_NONE] = "none",
	[ROLE_ADMIN] = "admin",
	[ROLE_ADVISOR] = "advisor",
	[ROLE_HR] = "hr",
	[ROLE_MANAGER] = "manager",
	[ROLE_COMMITTEE] = "committee",
	[ROLE_EMPLOYEE] = "employee",
};

/* Returns the role's stable name ("admin", "advisor", ...; "none"); static. */
const char *role_name(enum role r)
{
	if ((unsigned)r >= ARRAY_SIZE(role_names))
		return "none";
	return role_names[r];
}

/*
 * Parses a role name (case-insensitive; "none" is not a role one can
 * hold). Returns 0 and sets *out, or -1.
 */
int role_parse(const char *s, enum role *out)
{
	if (!s)
		return -1;
	for (size_t i = ROLE_ADMIN; i < ARRAY_SIZE(role_names); i++) {
		if (strcasecmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Opens the store named by path: a file name (or ":memory:") for SQLite;
 * "postgres://" and "postgresql://" URLs are recognised but not supported
 * yet. Returns a store the caller closes with st->ops->close(st), or NULL
 * with d set.
 */
struct store *store_open(const char *path, struct diag *d)
{
	if (!path || !*path) {
		diag_set(d, 0, "no database given");
		return NULL;
	}
	if (starts_with(path, "postgres://") || starts_with(path, "postgresql://")) {
		diag_set(d, 0, "PostgreSQL is not supported yet: give a SQLite file name");
		return NULL;
	}
	return store_sqlite_open(path, d);
}

/* Frees what org settings own and empties the struct. */
void org_settings_release(struct org_settings *o)
{
	if (!o)
		return;
	free(o->name);
	free(o->base_url);
	free(o->help_trusted);
	free(o->help_advisor);
	free(o->help_eap);
	free(o->help_other);
	memset(o, 0, sizeof(*o));
}

/* Frees a unit's strings and empties it. */
void unit_release(struct unit *u)
{
	if (!u)
		return;
	free(u->code);
	free(u->name);
	memset(u, 0, sizeof(*u));
}

/* Releases n units and frees the array (as units_list() returns it). */
void units_free(struct unit *u, size_t n)
{
	if (!u)
		return;
	for (size_t i = 0; i < n; i++)
		unit_release(&u[i]);
	free(u);
}

/* Frees an employee's strings and empties it. */
void employee_release(struct employee *e)
{
	if (!e)
		return;
	free(e->code);
	free(e->first_name);
	free(e->last_name);
	free(e->email);
	free(e->contract);
	free(e->shift);
	free(e->function_group);
	memset(e, 0, sizeof(*e));
}

/* Frees a wave's strings and empties it. */
void wave_release(struct wave *w)
{
	if (!w)
		return;
	free(w->title);
	free(w->opens);
	free(w->closes);
	memset(w, 0, sizeof(*w));
}

/* Releases n waves and frees the array (as wave_list() returns it). */
void waves_free(struct wave *w, size_t n)
{
	if (!w)
		return;
	for (size_t i = 0; i < n; i++)
		wave_release(&w[i]);
	free(w);
}

/* Frees what an invitation owns and empties it. */
void invitation_release(struct invitation *inv)
{
	if (!inv)
		return;
	free(inv->draft);
	free(inv->contract);
	free(inv->shift);
	free(inv->function_group);
	memset(inv, 0, sizeof(*inv));
}

/* Frees what a response owns (answers, comments, bands) and empties it. */
void response_release(struct response *r)
{
	if (!r)
		return;
	free(r->contract);
	free(r->shift);
	free(r->function_group);
	free(r->answers);
	if (r->comments) {
		for (size_t i = 0; i < r->ncomments; i++)
			free(r->comments[i]);
		free(r->comments);
	}
	memset(r, 0, sizeof(*r));
}

/* Frees a user's strings and empties it. */
void user_release(struct user *u)
{
	if (!u)
		return;
	free(u->login);
	free(u->pw_hash);
	free(u->display_name);
	memset(u, 0, sizeof(*u));
}

/*
 * Opens size connections to path for a server's threads. Returns 0, or
 * ERR_IO with d set (and nothing left open). Release with
 * store_pool_release() once every connection is back.
 */
int store_pool_init(struct store_pool *p, const char *path, size_t size, struct diag *d)
{
	memset(p, 0, sizeof(*p));
	if (size == 0)
		return diag_set(d, 0, "a store pool needs at least one connection");
	p->free = xcalloc(size, sizeof(*p->free));
	for (size_t i = 0; i < size; i++) {
		struct store *st = store_open(path, d);
		if (!st) {
			while (p->nfree > 0) {
				struct store *o = p->free[--p->nfree];
				o->ops->close(o);
			}
			free(p->free);
			p->free = NULL;
			return ERR_IO;
		}
		p->free[p->nfree++] = st;
	}
	p->size = size;
	if (pthread_mutex_init(&p->lock, NULL) != 0 || pthread_cond_init(&p->cond, NULL) != 0)
		abort(); /* glibc never fails these with default attributes */
	return 0;
}

/* Takes a connection, waiting until one is free. Give it back with store_pool_put(). */
struct store *store_pool_get(struct store_pool *p)
{
	struct store *st;

	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	st = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return st;
}

/* Gives back a connection taken with store_pool_get(). */
void store_pool_put(struct store_pool *p, struct store *st)
{
	pthread_mutex_lock(&p->lock);
	if (p->nfree >= p->size)
		abort(); /* more connections returned than taken: a caller bug */
	p->free[p->nfree++] = st;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* Closes every connection (all must have been given back) and frees the pool. */
void store_pool_release(struct store_pool *p)
{
	if (!p->free)
		return;
	while (p->nfree > 0) {
		struct store *st = p->free[--p->nfree];
		st->ops->close(st);
	}
	free(p->free);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	memset(p, 0, sizeof(*p));
}
