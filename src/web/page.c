/*
 * page.c: the page layout shared by every screen, messages, CSRF checks
 * and small formatting helpers.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

static void lang_switch(struct hw *w, struct req *r)
{
	HW_LIT(w, "<nav class=\"langs\" aria-label=\"");
	hw_text(w, T(r->lang, "Language"));
	HW_LIT(w, "\"><ul>");
	for (int l = 0; l < LANG_COUNT; l++) {
		/* The same page in language l: its query kept, but for lang. */
		struct buf href = BUF_INIT(MAX_URL_BYTES * 3);
		buf_puts(&href, r->path);
		buf_putc(&href, '?');
		for (size_t i = 0; i < r->query.n; i++) {
			if (strcmp(r->query.fields[i].name, "lang") == 0)
				continue;
			form_encode(&href, str_from(r->query.fields[i].name));
			buf_putc(&href, '=');
			form_encode(&href, (struct str){r->query.fields[i].value,
							 r->query.fields[i].value_len});
			buf_putc(&href, '&');
		}
		buf_printf(&href, "lang=%s", lang_code((enum lang)l));
		HW_LIT(w, "<li>");
		if ((enum lang)l == r->lang) {
			HW_LIT(w, "<span aria-current=\"true\"");
			hw_attr(w, "lang", lang_code((enum lang)l));
			HW_LIT(w, ">");
			hw_text(w, lang_name((enum lang)l));
			HW_LIT(w, "</span>");
		} else {
			HW_LIT(w, "<a");
			hw_attr(w, "href", buf_cstr(&href));
			hw_attr(w, "lang", lang_code((enum lang)l));
			hw_attr(w, "hreflang", lang_code((enum lang)l));
			HW_LIT(w, ">");
			hw_text(w, lang_name((enum lang)l));
			HW_LIT(w, "</a>");
		}
		HW_LIT(w, "</li>");
		buf_release(&href);
	}
	HW_LIT(w, "</ul></nav>");
}

void page_begin(struct hw *w, struct req *r, const char *title)
{
	HW_LIT(w, "<!DOCTYPE html>\n<html");
	hw_attr(w, "lang", lang_code(r->lang));
	HW_LIT(w, "><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<title>");
	hw_text(w, title);
	HW_LIT(w, " · Hartslag</title>"
		  "<link rel=\"icon\" href=\"data:,\">"
		  "<link rel=\"stylesheet\" href=\"/static/site.css\">"
		  "<script src=\"/static/site.js\" defer></script>"
		  "</head><body><a class=\"skip\" href=\"#main\">");
	hw_text(w, T(r->lang, "Skip to content"));
	HW_LIT(w, "</a><header class=\"top\"><a class=\"brand\" href=\"/\">"
		  "<span aria-hidden=\"true\">♥</span> Hartslag</a>");
	if (r->logged_in) {
		HW_LIT(w, "<nav class=\"main\" aria-label=\"");
		hw_text(w, T(r->lang, "Main menu"));
		HW_LIT(w, "\"><ul><li><a href=\"/admin\">");
		hw_text(w, T(r->lang, "Overview"));
		HW_LIT(w, "</a></li><li><a href=\"/reports\">");
		hw_text(w, T(r->lang, "Reports"));
		HW_LIT(w, "</a></li><li><a href=\"/actions\">");
		hw_text(w, T(r->lang, "Action plans"));
		HW_LIT(w, "</a></li>");
		if (r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR ||
		    r->user.role == ROLE_ADVISOR || r->user.role == ROLE_MANAGER) {
			HW_LIT(w, "<li><a href=\"/workshops\">");
			hw_text(w, T(r->lang, "Workshops"));
			HW_LIT(w, "</a></li>");
		}
		if (r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR ||
		    r->user.role == ROLE_ADVISOR) {
			HW_LIT(w, "<li><a href=\"/admin/units\">");
			hw_text(w, T(r->lang, "Organisation"));
			HW_LIT(w, "</a></li>");
		}
		if (r->user.role == ROLE_ADMIN || r->user.role == ROLE_HR) {
			HW_LIT(w, "<li><a href=\"/admin/import\">");
			hw_text(w, T(r->lang, "Import"));
			HW_LIT(w, "</a></li>");
		}
		/* presence policy tasks and return to work: HR and managers */
		if (r->user.role == ROLE_HR || r->user.role == ROLE_MANAGER) {
			HW_LIT(w, "<li><a href=\"/tasks\">");
			hw_text(w, T(r->lang, "Tasks"));
			HW_LIT(w, "</a></li><li><a href=\"/rtw\">");
			hw_text(w, T(r->lang, "Return to work"));
			HW_LIT(w, "</a></li>");
		}
		if (r->user.role == ROLE_HR) {
			HW_LIT(w, "<li><a href=\"/admin/absences\">");
			hw_text(w, T(r->lang, "Absences"));
			HW_LIT(w, "</a></li>");
		} else if (r->user.role == ROLE_ADMIN) {
			HW_LIT(w, "<li><a href=\"/admin/absences/settings\">");
			hw_text(w, T(r->lang, "Absences"));
			HW_LIT(w, "</a></li>");
		}
		if (r->user.role == ROLE_ADMIN) {
			HW_LIT(w, "<li><a href=\"/admin/settings\">");
			hw_text(w, T(r->lang, "Settings"));
			HW_LIT(w, "</a></li>");
		}
		if (r->user.role == ROLE_ADMIN || r->user.role == ROLE_ADVISOR) {
			HW_LIT(w, "<li><a href=\"/admin/audit\">");
			hw_text(w, T(r->lang, "Audit log"));
			HW_LIT(w, "</a></li>");
		}
		HW_LIT(w, "</ul></nav><form class=\"logout\" method=\"post\" action=\"/logout\">");
		page_csrf_field(w, r);
		HW_LIT(w, "<span class=\"who\">");
		hw_text(w, r->user.display_name && *r->user.display_name ? r->user.display_name
									 : r->user.login);
		HW_LIT(w, "</span> <button type=\"submit\" class=\"link\">");
		hw_text(w, T(r->lang, "Log out"));
		HW_LIT(w, "</button></form>");
	}
	lang_switch(w, r);
	HW_LIT(w, "</header><main id=\"main\">");
}

void page_end(struct hw *w, struct req *r)
{
	HW_LIT(w, "</main><footer><p>");
	hw_text(w, T(r->lang, "Hartslag: well-being at work, measured anonymously."));
	HW_LIT(w, "</p></footer></body></html>\n");
}

int page_finish(struct req *r, struct resp *rs, struct hw *w)
{
	if (hw_status(w)) {
		buf_reset(&rs->body);
		rs->status = 500;
		rs->content_type = "text/plain; charset=utf-8";
		buf_puts(&rs->body, T(r->lang, "This page is too large to show. Tell your "
					      "administrator which page it was.\n"));
		return ERR_TOO_LARGE;
	}
	return 0;
}

int page_message(struct req *r, struct resp *rs, int status, const char *title,
		 const char *msg, const char *next_href, const char *next_label)
{
	struct hw w;
	buf_reset(&rs->body);
	rs->status = status;
	rs->content_type = "text/html; charset=utf-8";
	hw_init(&w, &rs->body);
	page_begin(&w, r, title);
	HW_LIT(&w, "<section class=\"message\"><h1>");
	hw_text(&w, title);
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, msg);
	HW_LIT(&w, "</p>");
	if (next_href) {
		HW_LIT(&w, "<p><a class=\"button\"");
		hw_attr(&w, "href", next_href);
		HW_LIT(&w, ">");
		hw_text(&w, next_label);
		HW_LIT(&w, "</a></p>");
	}
	HW_LIT(&w, "</section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

void page_csrf_field(struct hw *w, const struct req *r)
{
	if (!r->logged_in)
		return;
	HW_LIT(w, "<input type=\"hidden\" name=\"csrf\"");
	hw_attr(w, "value", r->session.csrf);
	HW_LIT(w, ">");
}

int csrf_ok(const struct req *r)
{
	if (!r->logged_in)
		return 0;
	const char *t = form_get(&r->form, "csrf");
	if (!t)
		t = r->csrf_header;
	if (!t)
		return 0;
	return token_equal(str_from(t), str_from(r->session.csrf));
}

void hw_number(struct hw *w, enum lang l, long n)
{
	char digits[32], out[48];
	const char *sep = l == LANG_NL ? "." : (l == LANG_FR ? "\u202f" : ",");
	int neg = n < 0;
	snprintf(digits, sizeof(digits), "%ld", neg ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0) {
			size_t sl = strlen(sep);
			memcpy(out + o, sep, sl);
			o += sl;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	hw_text(w, out);
}

int this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
