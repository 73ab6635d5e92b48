/*
 * store.h: the one storage interface. The rest of Hartslag sees only
 * these functions; the SQLite back end (store_sqlite.c) is the embedded
 * default, and a PostgreSQL back end can be added behind the same table of
 * operations without touching callers.
 *
 * A struct store is one connection: use it from one thread at a time. A
 * server keeps a pool (struct store_pool) of them. Every write that must
 * be all-or-nothing runs in one transaction inside the back end.
 *
 * Ownership: strings in returned structs are owned by the struct and freed
 * by the matching *_release() function.
 */
#ifndef HARTSLAG_STORE_H
#define HARTSLAG_STORE_H

#include <pthread.h>
#include <stdint.h>

#include "core/lang.h"
#include "core/org.h"
#include "core/util.h"

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN,
	ROLE_ADVISOR,   /* prevention advisor psychosocial aspects */
	ROLE_HR,
	ROLE_MANAGER,   /* scoped to a unit and its descendants */
	ROLE_COMMITTEE, /* prevention committee: reports only */
	ROLE_EMPLOYEE,
};
const char *role_name(enum role r); /* "admin", "advisor", ... */
int role_parse(const char *s, enum role *out);

/* Organisation-wide settings. */
struct org_settings {
	char *name;
	enum lang lang;    /* default language */
	int min_group;     /* k: minimum respondents for any figure (>= 3) */
	int comment_min;   /* minimum respondents for comments (>= min_group) */
	char *base_url;    /* used in invitation links, e.g. "https://welzijn.example.be" */
	char *help_trusted;/* trusted person (vertrouwenspersoon): name, phone, e-mail */
	char *help_advisor;/* prevention advisor psychosocial aspects */
	char *help_eap;    /* employee assistance programme */
	char *help_other;  /* anything else: doctor, helpline */
};
void org_settings_release(struct org_settings *o);

struct unit {
	long id;
	char *code;
	long parent_id; /* 0 for the root */
	char *name;
	int depth;      /* 0 for the root */
	long employees; /* employees directly in this unit */
};

struct employee {
	long id;
	char *code;
	long unit_id;
	char *first_name;
	char *last_name;
	char *email;
	enum lang lang;
	int birth_year;
	int start_year;
	char *contract;
	char *shift;
	char *function_group;
};

enum wave_status {
	WAVE_OPEN = 1,
	WAVE_CLOSED = 2,
};

struct wave {
	long id;
	char *title;
	long instrument_id; /* row in the instruments table */
	char *opens;        /* "YYYY-MM-DD" */
	char *closes;
	enum wave_status status;
	long invited;       /* invitations */
	long answered;      /* used invitations */
};

/* Participation of one unit (direct members only; callers roll up). */
struct participation {
	long unit_id;
	long invited;
	long answered;
};

/* What a survey page needs to know about the token it was given. */
struct invitation {
	long wave_id;
	long employee_id;
	int used;
	enum lang lang;
	uint8_t *draft; /* sealed draft answers, or NULL */
	size_t draft_len;
	/* the respondent's situation at answering time, copied into the response */
	long unit_id;
	int age_band;
	int tenure_band;
	char *contract;
	char *shift;
	char *function_group;
};

/* Ceilings the store enforces on what survey pages send it. */
#define STORE_MAX_COMMENT_BYTES 8000     /* one answer to an open question */
#define STORE_MAX_DRAFT_BYTES (64 * 1024) /* one sealed draft */

/* One stored response: no employee, no token, no time. */
struct response {
	long wave_id;
	long unit_id;
	int age_band;
	int tenure_band;
	char *contract;
	char *shift;
	char *function_group;
	uint8_t *answers; /* one byte an item: 0 missing, else 1..points */
	size_t nanswers;
	char **comments;  /* one per open question, NULL or "" when none */
	size_t ncomments;
};

/* A personal link, for mail merge and letters. */
struct invitation_export {
	char *employee_code;
	char *first_name;
	char *last_name;
	char *email;
	enum lang lang;
	char *unit_name;
	char token[TOKEN_TEXT_BYTES + 1];
	int used;
};

struct user {
	long id;
	char *login;
	char *pw_hash; /* Argon2id string */
	enum role role;
	long unit_id;  /* scope for managers, else 0 */
	enum lang lang;
	char *display_name;
};

struct session {
	long user_id;
	int64_t created;   /* unix seconds */
	int64_t last_seen;
	char csrf[TOKEN_TEXT_BYTES + 1];
};

struct store;
/* The operations of the feature parts, each declared in its own header. */
struct store_absence_ops;  /* store/store_absence.h */
struct store_action_ops;   /* store/store_action.h */
struct store_workshop_ops; /* store/store_workshop.h */
struct store_absence_followup_ops; /* store/store_absence_followup.h */

/* One line of the audit log (see audit_each: borrowed). */
struct audit_entry {
	int64_t at; /* Unix time, UTC */
	const char *actor;
	const char *action;
	const char *object;
	const char *detail;
};

struct store_ops {
	void (*close)(struct store *st);

	int (*org_get)(struct store *st, struct org_settings *out);
	int (*org_set)(struct store *st, const struct org_settings *in);

	/* Inserts or updates units by code, all or nothing. */
	int (*units_import)(struct store *st, const struct unit_table *t);
	/* Inserts or updates employees by code, all or nothing. */
	int (*employees_import)(struct store *st, const struct employee_table *t);
	/* Units in tree pre-order (parents before children, siblings by name). */
	int (*units_list)(struct store *st, struct unit **out, size_t *n);
	int (*unit_code_exists)(struct store *st, const char *code);
	long (*employees_count)(struct store *st);

	/* Stores an instrument's source text; returns its row id in *id. */
	int (*instrument_put)(struct store *st, const char *ident, int version, const char *source,
			      size_t len, long *id);
	/* Returns the source text (caller frees). */
	int (*instrument_source)(struct store *st, long id, char **source, size_t *len);

	/*
	 * Creates an open wave with one invitation per employee in the given
	 * units and their descendants. Tokens are made with token_new() and
	 * stored as hash plus sealed copy. Returns the wave id in *id.
	 */
	int (*wave_create)(struct store *st, const struct wave *w, const long *unit_ids, size_t n,
			   long *id);
	int (*wave_get)(struct store *st, long id, struct wave *out);
	/* All waves, newest first. */
	int (*wave_list)(struct store *st, struct wave **out, size_t *n);
	int (*wave_close)(struct store *st, long id);
	int (*wave_participation)(struct store *st, long id, struct participation **out,
				  size_t *n);
	/* Calls cb for every invitation of the wave, sorted by unit, name. */
	int (*wave_invitations)(struct store *st, long id,
				int (*cb)(void *ctx, const struct invitation_export *e), void *ctx);

	int (*invitation_get)(struct store *st, const uint8_t hash[32], struct invitation *out);
	int (*invitation_save_draft)(struct store *st, const uint8_t hash[32], const uint8_t *draft,
				     size_t len, enum lang lang);
	/*
	 * In one transaction: checks the invitation is unused and its wave
	 * open, marks it used, drops its draft, inserts the response under a
	 * random id. Returns 0 once committed durably, ERR_CONFLICT when the
	 * token was used already or the wave is closed, ERR_NOT_FOUND.
	 */
	int (*response_submit)(struct store *st, const uint8_t hash[32], const struct response *r);
	long (*responses_count)(struct store *st, long wave_id);
	/*
	 * Calls cb for each response of a wave (order carries no meaning). r and
	 * what it points to are borrowed for the call; comments are not filled
	 * (see comments_each); cb must not use this store.
	 */
	int (*responses_each)(struct store *st, long wave_id,
			      int (*cb)(void *ctx, const struct response *r), void *ctx);
	/* Bulk insert for the demo and benchmarks (no invitation involved). */
	int (*responses_insert)(struct store *st, const struct response *r, size_t n);

	int (*user_add)(struct store *st, const struct user *u, long *id);
	int (*user_get)(struct store *st, long id, struct user *out);
	int (*user_by_login)(struct store *st, const char *login, struct user *out);
	int (*user_set_password)(struct store *st, long id, const char *pw_hash);

	int (*session_put)(struct store *st, const uint8_t hash[32], const struct session *s);
	int (*session_get)(struct store *st, const uint8_t hash[32], struct session *out);
	int (*session_touch)(struct store *st, const uint8_t hash[32], int64_t now);
	int (*session_delete)(struct store *st, const uint8_t hash[32]);

	/*
	 * Switches durability: full = 1 (the default, synchronous=FULL: every
	 * commit is on disk at return) or 0 (synchronous=OFF). Only for
	 * generating data (demo, benchmarks); never while serving.
	 */
	int (*set_sync)(struct store *st, int full);
	/*
	 * Calls cb for each comment of a wave (order carries no meaning). Comments
	 * are stored apart from responses and cannot be joined to them; question
	 * is the index of the open question. cb must not use this store.
	 */
	int (*comments_each)(struct store *st, long wave_id,
			     int (*cb)(void *ctx, long unit_id, int question, const char *text),
			     void *ctx);
	/* Deletes sessions last seen before idle_before (unix seconds); *n gets the count. */
	int (*sessions_expire)(struct store *st, int64_t idle_before, long *n);
	/*
	 * Calls cb with the first and last name of every employee (for screening
	 * comments for names). cb must not use this store.
	 */
	int (*employee_names)(struct store *st,
			      int (*cb)(void *ctx, const char *first, const char *last), void *ctx);
	/*
	 * A number that changes whenever units, waves or settings change (what
	 * closed-wave reports depend on); -1 on error.
	 */
	long (*generation)(struct store *st);
	/*
	 * The external benchmark (norm) reports compare with: its name and the
	 * file it came from (checked by the caller). norm_get gives
	 * ERR_NOT_FOUND when none is loaded; name and source are the caller's.
	 */
	int (*norm_put)(struct store *st, const char *name, const char *source, size_t len);
	int (*norm_get)(struct store *st, char **name, char **source, size_t *len);
	int (*norm_clear)(struct store *st);
	/*
	 * The append-only audit log: audit_add writes one entry stamped with
	 * the current time (texts longer than 1000 bytes are cut). audit_each
	 * calls cb for at most limit entries, newest first, skipping offset;
	 * the entry is borrowed for the call and cb must not use this store.
	 * Both return 0, cb's first non-zero result, or an error with st->err.
	 */
	int (*audit_add)(struct store *st, const char *actor, const char *action,
			 const char *object, const char *detail);
	int (*audit_each)(struct store *st, long limit, long offset,
			  int (*cb)(void *ctx, const struct audit_entry *e), void *ctx);
	/*
	 * Password reset links: reset_put stores the hash of a new link's
	 * token for user_id, valid until expires (unix seconds). reset_check
	 * gives 0 when the link is unused and unexpired at now, else
	 * ERR_NOT_FOUND. reset_use, in one transaction, checks the link the
	 * same way, sets the user's password hash, marks the link used and
	 * deletes all the user's sessions; ERR_NOT_FOUND for an unknown, used
	 * or expired link.
	 */
	int (*reset_put)(struct store *st, const uint8_t hash[32], long user_id, int64_t expires);
	int (*reset_check)(struct store *st, const uint8_t hash[32], int64_t now);
	int (*reset_use)(struct store *st, const uint8_t hash[32], int64_t now,
			 const char *pw_hash);
	/*
	 * TOTP second factor. totp_set stores the secret (len bytes) sealed
	 * with the server key, or turns the factor off when secret is NULL;
	 * ERR_NOT_FOUND for an unknown user. totp_get opens it (*secret:
	 * caller frees); ERR_NOT_FOUND when the user has none. totp_use
	 * records that the code of step was accepted; ERR_CONFLICT when that
	 * step or a later one was used already, so a code works only once.
	 */
	int (*totp_set)(struct store *st, long user_id, const uint8_t *secret, size_t len);
	int (*totp_get)(struct store *st, long user_id, uint8_t **secret, size_t *len);
	int (*totp_use)(struct store *st, long user_id, int64_t step);
	/*
	 * Logins waiting for their second factor, by the hash of a token in
	 * a cookie. pending_put also drops those created before drop_before;
	 * pending_get finds one created at since or later (ERR_NOT_FOUND
	 * otherwise); pending_delete ends it.
	 */
	int (*pending_put)(struct store *st, const uint8_t hash[32], long user_id, int64_t now,
			   int64_t drop_before);
	int (*pending_get)(struct store *st, const uint8_t hash[32], int64_t since, long *user_id);
	int (*pending_delete)(struct store *st, const uint8_t hash[32]);

	/*
	 * The feature parts: absences and presence policy, action plans,
	 * workshops. Each is a table of operations in its own header,
	 * implemented per back end in store_<backend>_<feature>.c.
	 */
	const struct store_absence_ops *absence;
	const struct store_action_ops *action;
	const struct store_workshop_ops *workshop;
	/* presence policy tasks and return to work: store/store_absence_followup.h */
	const struct store_absence_followup_ops *absence_followup;
};

struct store {
	const struct store_ops *ops;
	struct diag err; /* last error, for messages */
};

/*
 * Opens (creating if needed) and migrates the database at path, and loads
 * (creating if needed) the server key in path + ".key" that seals
 * invitation tokens. Returns
 * NULL with d set on failure. Close with st->ops->close(st).
 */
struct store *store_open(const char *path, struct diag *d);
/* The SQLite back end behind store_open(); ":memory:" gets a throw-away key. */
struct store *store_sqlite_open(const char *path, struct diag *d);

void unit_release(struct unit *u);
void units_free(struct unit *u, size_t n);
void employee_release(struct employee *e);
void wave_release(struct wave *w);
void waves_free(struct wave *w, size_t n);
void invitation_release(struct invitation *inv);
void response_release(struct response *r);
void user_release(struct user *u);

/* A fixed pool of connections shared by server threads. */
struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct store **free;
	size_t nfree;
	size_t size;
};
int store_pool_init(struct store_pool *p, const char *path, size_t size, struct diag *d);
struct store *store_pool_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *st);
void store_pool_release(struct store_pool *p);

/*
 * Calls cb for every response of the n waves in wave_ids, in one
 * sequential pass over all responses (the report's fast path: about four
 * times faster than responses_each per wave on SQLite, whose wave index
 * leads to a seek per row). r is borrowed for the call, comments are not
 * filled, cb must not use this store. SQLite only for now (ERR_GENERIC
 * otherwise). Returns 0, cb's first non-zero result, or an error with
 * st->err set.
 */
int store_responses_scan(struct store *st, const long *wave_ids, size_t n,
			 int (*cb)(void *ctx, const struct response *r), void *ctx);

#endif
