/*
 * store_absence_followup.h: what follows from absences for one person:
 * the presence policy's settings, the tasks it gives managers (a talk,
 * attention), return-to-work plans and the re-integration deadlines that
 * remind HR. The part "absence_followup" of the store (sq_int.h).
 *
 * Nothing here holds the content of a talk or a diagnosis: a task is
 * open or done on a date; a plan has dated steps with done flags and one
 * short field for practical agreements (hours, tasks, tools), labelled as
 * such wherever it is edited. The absences themselves live in the part
 * "absence" (store_absence.h).
 *
 * Ownership: strings in returned structs are owned by them and freed by
 * the matching *_free() function. Dates are "YYYY-MM-DD".
 */
#ifndef HARTSLAG_STORE_ABSENCE_FOLLOWUP_H
#define HARTSLAG_STORE_ABSENCE_FOLLOWUP_H

#include <stddef.h>

#include "core/absence_rules.h"
#include "store/store.h"

/* Ceilings the store enforces. */
#define FOLLOWUP_MAX_PLAN_STEPS 40  /* steps of one return-to-work plan */
#define FOLLOWUP_MAX_NOTES 1000     /* bytes of practical agreements */
#define FOLLOWUP_MAX_KEY 64         /* a trigger identity or a step key */

enum followup_status {
	FOLLOWUP_OPEN = 0,
	FOLLOWUP_DONE = 1,
};

/* A task for a manager (or HR), with its person. */
struct followup_task {
	long id;
	long employee_id;
	char *employee_name;  /* "First Last" */
	long unit_id;         /* the employee's unit when the task was made */
	char *unit_name;
	char *step_key;       /* the action's code when it triggered (policy_action_code) */
	int action;           /* enum policy_action */
	char *trigger_id;     /* the rule engine's stable identity */
	long manager_id;      /* user who holds the talk; 0: none, on HR's list */
	long manager2_id;     /* their manager for TALK_PLUS; 0 otherwise or none */
	int flagged;          /* no manager found for some assignee */
	char *created;
	char *due;
	int status;           /* FOLLOWUP_OPEN / FOLLOWUP_DONE */
	char *done_on;        /* "" while open */
};
void followup_tasks_free(struct followup_task *t, size_t n);
/* Frees what one task (task_get) holds. */
void followup_task_release(struct followup_task *t);

/* A new task as generation makes it. */
struct followup_task_new {
	long employee_id;
	long unit_id;
	const char *step_key;
	int action;
	const char *trigger_id;
	long manager_id;
	long manager2_id;
	int flagged;
	const char *created;
	const char *due;
};

/* Plan steps that remind of a re-integration deadline have this phase. */
#define RTW_PHASE_DEADLINE RTW_PHASE_COUNT

/*
 * One step of a stored plan. key names where its texts come from:
 * "s<i>" the i-th step of the plan's template (rtw_plan), "r<k>" the
 * re-integration reminder of kind k (rit_reminders).
 */
struct rtw_plan_step {
	int pos;
	char key[FOLLOWUP_MAX_KEY + 1];
	char *title;      /* the core's N_() message ids, kept with the step */
	char *text;
	int phase;        /* enum rtw_phase, or RTW_PHASE_DEADLINE */
	char due[11];
	int done;
	char done_on[11]; /* "" while open */
};

struct rtw_plan {
	long id;
	long employee_id;
	char *employee_name;
	long unit_id;
	char *unit_name;
	long manager_id;     /* the person's own manager (who ticks steps); 0: none */
	int kind;            /* enum rtw_template */
	char start[11];      /* start of the absence or leave */
	char ret[11];        /* (expected) return date */
	char created[11];
	char *notes;         /* practical agreements only */
	struct rtw_plan_step *steps;
	size_t nsteps;
	size_t open_steps;   /* filled by lists */
	char next_due[11];   /* earliest open step's due date, "" if none (lists) */
};
void rtw_plans_free(struct rtw_plan *p, size_t n);
/* Frees what one plan (plan_get) holds. */
void rtw_plan_release(struct rtw_plan *p);

/* Who a list is for: everything (HR), or the tasks/plans of one manager. */
struct followup_scope {
	int all;           /* HR: all tasks and plans */
	long manager_id;   /* the manager user */
	long unit_id;      /* their unit: persons in it and below */
};

struct store_absence_followup_ops {
	/*
	 * The presence policy. policy_get gives ERR_NOT_FOUND when none was
	 * ever saved (the caller uses presence_policy_default). policy_set
	 * replaces it in one transaction; the caller checks it first.
	 */
	int (*policy_get)(struct store *st, struct presence_policy *out);
	int (*policy_set)(struct store *st, const struct presence_policy *p);

	/*
	 * Inserts the tasks whose trigger_id is not stored yet, in one
	 * transaction; *added gets how many were new. Also records stamp
	 * (what the data looked like) so that followup_stale can tell.
	 */
	int (*tasks_add)(struct store *st, const struct followup_task_new *t, size_t n,
			 const char *stamp, long *added);
	/* The stamp of the last generation, "" if none; caller frees. */
	int (*tasks_stamp)(struct store *st, char **stamp);
	/*
	 * Re-assigns an open task (a manager account was added since): sets
	 * manager_id, manager2_id and flagged.
	 */
	int (*task_assign)(struct store *st, long id, long manager_id, long manager2_id,
			   int flagged);
	/*
	 * Tasks in scope, open first by due date, then done (newest first);
	 * due_before ("" for any) keeps only open tasks due before it.
	 */
	int (*tasks_list)(struct store *st, const struct followup_scope *sc,
			  const char *due_before, struct followup_task **out, size_t *n);
	/* One task, only when in scope (ERR_NOT_FOUND otherwise). */
	int (*task_get)(struct store *st, const struct followup_scope *sc, long id,
			struct followup_task *out);
	/* Marks a task in scope done on date; ERR_NOT_FOUND out of scope. */
	int (*task_done)(struct store *st, const struct followup_scope *sc, long id,
			 const char *date);

	/* Creates a plan with its steps, in one transaction; *id gets its id. */
	int (*plan_create)(struct store *st, const struct rtw_plan *p, long *id);
	/* Plans in scope, open steps first (no steps filled). */
	int (*plans_list)(struct store *st, const struct followup_scope *sc,
			  struct rtw_plan **out, size_t *n);
	/* One plan with its steps, only when in scope. */
	int (*plan_get)(struct store *st, const struct followup_scope *sc, long id,
			struct rtw_plan *out);
	/* Sets a plan's manager (the person's own manager, found again). */
	int (*plan_assign)(struct store *st, long id, long manager_id);
	/* Sets a step done (on date) or open again (date NULL). */
	int (*plan_step_set)(struct store *st, const struct followup_scope *sc, long id, int pos,
			     const char *date);
	/* Replaces the practical agreements of a plan in scope. */
	int (*plan_notes_set)(struct store *st, const struct followup_scope *sc, long id,
			      const char *notes);

	/*
	 * Re-integration deadline settings: ERR_NOT_FOUND when never saved
	 * (the caller uses rit_settings_default).
	 */
	int (*deadlines_get)(struct store *st, struct rit_settings *out);
	int (*deadlines_set)(struct store *st, const struct rit_settings *in);

	/* Manager accounts: user id and unit, for assigning tasks. */
	int (*managers)(struct store *st, long **user_ids, long **unit_ids, size_t *n);
	/* An employee's id by code; ERR_NOT_FOUND. */
	int (*employee_by_code)(struct store *st, const char *code, long *id);
	/* An employee's name and unit; ERR_NOT_FOUND. */
	int (*employee_brief)(struct store *st, long id, char **name, long *unit_id);
};

/* The SQLite implementation (store_sqlite_absence_followup.c). */
extern const struct sq_part sq_part_absence_followup;
extern const struct store_absence_followup_ops sq_absence_followup_ops;

/*
 * The manager who holds a talk for a person in unit_id: a manager account
 * of that unit or of the nearest ancestor (the lowest user id when a unit
 * has several). *second gets the manager of the next ancestor up above
 * that unit (for the talk with the manager's manager), 0 when none.
 * Returns the user id, or 0 when no unit up the tree has a manager.
 * units come from units_list (parents before children).
 */
long followup_assign(const struct unit *units, size_t nunits, const long *mgr_users,
		     const long *mgr_units, size_t nmgr, long unit_id, long *second);

/*
 * Task generation: runs the presence policy (core/absence_rules.h) over
 * every employee's absence records as of the day asof and stores the
 * tasks not made before (their trigger identity is unique, so running
 * again adds nothing twice). Each task goes to the employee's manager
 * (followup_assign); a talk with the manager's manager also to the
 * manager one level up; a referral to the occupational physician to HR.
 * A task for a unit without a manager stays with HR, flagged. Open tasks
 * and plans whose person or managers moved are assigned again. *added
 * (may be NULL) gets the number of new tasks. Returns 0 or an app_err
 * with st->err set.
 */
int followup_generate(struct store *st, int32_t asof, long *added);
/*
 * Generates only when something it depends on (absence records, units,
 * manager accounts, the policy, the day) changed since the last run: a
 * few small queries when nothing did. *added as above.
 */
int followup_refresh(struct store *st, int32_t asof, long *added);
/*
 * The manager who holds talks for a person of unit_id now (followup_assign
 * over the stored units and manager accounts): 0 when none. Returns 0 or
 * an error with st->err set.
 */
int followup_manager_of(struct store *st, long unit_id, long *manager_id);
/* The policy in force: the saved one, or the default. */
int followup_policy(struct store *st, struct presence_policy *out);
/* The re-integration deadlines in force: saved, or the default. */
int followup_deadlines(struct store *st, struct rit_settings *out);
/*
 * The steps of a new plan of template t for an absence from start with
 * the first day back on ret: the template's steps and, for a long
 * illness, the reminders of the re-integration trajectory as of its
 * deadlines in force (request: the day a trajectory was requested, 0
 * when not). Titles and texts are borrowed N_() ids. Returns the count.
 */
size_t followup_plan_steps(struct store *st, enum rtw_template t, int32_t start, int32_t ret,
			   int32_t request, struct rtw_plan_step *out, size_t cap);
/*
 * For the demo organisation, after its absences exist: generates the
 * tasks as of asof (0: today) and makes up to two return-to-work plans (the latest
 * long illness and the latest return after birth, people who have a
 * manager first). Returns 0 or an error with st->err set.
 */
int followup_demo(struct store *st, int32_t asof);

#endif
