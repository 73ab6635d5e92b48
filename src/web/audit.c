/*
 * audit.c: the audit log as staff see it (admins and prevention advisors),
 * and the one call the other pages use to add to it. The log holds what
 * staff changed or looked at; nothing from answering a survey ever goes
 * in (anonymity).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define AUDIT_PAGE_ROWS 100

/*
 * Adds an entry with the logged-in user's login as actor. A failure is
 * logged on stderr and does not stop the request (the change is done).
 */
void audit(struct req *r, const char *action, const char *object, const char *detail)
{
	const char *actor = r->logged_in && r->user.login ? r->user.login : "?";

	if (r->st->ops->audit_add(r->st, actor, action, object, detail ? detail : ""))
		fprintf(stderr, "audit log: %s\n", r->st->err.msg);
}

struct audit_rows {
	struct hw *w;
	int n;
};

static int audit_row(void *ctx, const struct audit_entry *e)
{
	struct audit_rows *ar = ctx;
	struct hw *w = ar->w;
	time_t t = (time_t)e->at;
	struct tm tm;
	char when[32] = "?";

	if (++ar->n > AUDIT_PAGE_ROWS)
		return 0; /* the extra row only tells there is a next page */
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	HW_LIT(w, "<tr><td>");
	hw_text(w, when);
	HW_LIT(w, "</td><td>");
	hw_text(w, e->actor);
	HW_LIT(w, "</td><td>");
	hw_text(w, e->action);
	HW_LIT(w, "</td><td>");
	hw_text(w, e->object);
	HW_LIT(w, "</td><td>");
	hw_text(w, e->detail);
	HW_LIT(w, "</td></tr>");
	return 0;
}

int admin_audit(struct req *r, struct resp *rs)
{
	long page = 1;
	const char *p = form_get(&r->query, "page");
	struct hw w;
	struct buf rows = BUF_INIT(MAX_PAGE_BYTES);
	struct hw rw;
	struct audit_rows ar = {&rw, 0};

	if (p && str_to_long(str_from(p), 1, LONG_MAX / AUDIT_PAGE_ROWS - 1, &page))
		page = 1;
	hw_init(&rw, &rows);
	if (r->st->ops->audit_each(r->st, AUDIT_PAGE_ROWS + 1, (page - 1) * AUDIT_PAGE_ROWS,
				   audit_row, &ar)) {
		buf_release(&rows);
		fprintf(stderr, "store error: %s\n", r->st->err.msg);
		return page_message(r, rs, 500, T(r->lang, "Something went wrong"),
				    T(r->lang, "The audit log could not be read. Try again in a "
					       "moment; if it persists, tell your administrator."),
				    "/admin", T(r->lang, "Back to the overview"));
	}
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Audit log"));
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(r->lang, "Audit log"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "What staff and the command line changed, imported, viewed or "
			       "exported, newest first. Times are in UTC. Nothing about answering "
			       "a survey is recorded."));
	HW_LIT(&w, "</p>");
	if (ar.n == 0) {
		HW_LIT(&w, "<p>");
		hw_text(&w, T(r->lang, "No entries on this page."));
		HW_LIT(&w, "</p>");
	} else {
		HW_LIT(&w, "<table class=\"data\"><thead><tr><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Time (UTC)"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Who"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Action"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Object"));
		HW_LIT(&w, "</th><th scope=\"col\">");
		hw_text(&w, T(r->lang, "Details"));
		HW_LIT(&w, "</th></tr></thead><tbody>");
		hw_markup(&w, &rows);
		HW_LIT(&w, "</tbody></table>");
	}
	if (page > 1 || ar.n > AUDIT_PAGE_ROWS) {
		HW_LIT(&w, "<nav class=\"pages\"><p>");
		if (page > 1) {
			HW_LIT(&w, "<a");
			hw_attrf(&w, "href", "/admin/audit?page=%ld", page - 1);
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, "Newer entries"));
			HW_LIT(&w, "</a> ");
		}
		if (ar.n > AUDIT_PAGE_ROWS) {
			HW_LIT(&w, "<a");
			hw_attrf(&w, "href", "/admin/audit?page=%ld", page + 1);
			HW_LIT(&w, ">");
			hw_text(&w, T(r->lang, "Older entries"));
			HW_LIT(&w, "</a>");
		}
		HW_LIT(&w, "</p></nav>");
	}
	buf_release(&rows);
	page_end(&w, r);
	return page_finish(r, rs, &w);
}
