/*
 * survey.c: answering a survey with a personal link, and the personal
 * feedback that follows. Works without JavaScript: every page is a form
 * that saves progress (a draft sealed with a key derived from the link
 * itself, so the server cannot read it without the link) and redirects to
 * the next page. The response is stored without employee, link or time,
 * and committed before the feedback page is shown.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/pdf.h"
#include "report/svg.h"
#include "store/store_action.h"
#include "web.h"

#define DRAFT_VERSION 1
#define MAX_COMMENT_BYTES 2000

struct draft {
	int page;
	uint8_t answers[MAX_ITEMS];
	char *comments[8];
	int ncomments;
};

static void draft_release(struct draft *d)
{
	for (int i = 0; i < d->ncomments; i++)
		free(d->comments[i]);
	d->ncomments = 0;
}

/* Everything a survey request needs, looked up from the token. */
struct ctx {
	struct str token;
	uint8_t hash[TOKEN_HASH_BYTES];
	struct invitation inv;
	struct wave wave;
	const struct instrument *ins;
	struct org_settings org;
	struct draft draft;
};

static void ctx_release(struct ctx *c)
{
	invitation_release(&c->inv);
	wave_release(&c->wave);
	org_settings_release(&c->org);
	draft_release(&c->draft);
}

static int not_found(struct req *r, struct resp *rs)
{
	return page_message(r, rs, 404, T(r->lang, "This link is not valid"),
			    T(r->lang, "We do not know this survey link. Check that you used the "
				       "whole link or typed the code exactly as it is on your "
				       "invitation. If it still does not work, ask HR for a new "
				       "invitation."),
			    "/", T(r->lang, "Enter a code"));
}

/* More than TOKEN_MAX_UNKNOWN unknown tokens from one IP per window: 429. */
#define TOKEN_MAX_UNKNOWN 20
#define TOKEN_WINDOW_SECONDS (10 * 60)

/*
 * An unknown token: counted per IP (valid tokens never are), and refused
 * with 429 past the limit, so links cannot be guessed in bulk.
 */
static int unknown_token(struct req *r, struct resp *rs)
{
	unsigned n = ratelimit_hit(&r->app->limits, "token-ip", r->client_ip, ratelimit_now(),
				   TOKEN_WINDOW_SECONDS);
	if (n <= TOKEN_MAX_UNKNOWN)
		return not_found(r, rs);
	return page_message(r, rs, 429, T(r->lang, "Too many unknown codes"),
			    T(r->lang, "Too many links or codes that we do not know came from "
				       "your connection. Wait ten minutes, then type the code "
				       "exactly as it is on your invitation. If it still does "
				       "not work, ask HR for a new invitation."),
			    "/", T(r->lang, "Enter a code"));
}

/*
 * The address of 'you said, we did' for the link in r->param, when the
 * organisation lets invitation links open it (caller frees), else NULL.
 */
static char *yousaid_href(struct req *r)
{
	struct store_yousaid ys;

	if (!r->st->ops->action || r->st->ops->action->yousaid_get(r->st, &ys) ||
	    !ys.via_invitation || !r->param.len)
		return NULL;
	return xasprintf("/s/%.*s/yousaid", (int)r->param.len, r->param.p);
}

static int already_answered(struct req *r, struct resp *rs)
{
	char *ys = yousaid_href(r);
	int rc = page_message(r, rs, 409, T(r->lang, "You have already answered"),
			      T(r->lang, "This link has been used to send answers already, and a "
					 "link answers only once. Your answers are saved. Thank "
					 "you for taking part."),
			      ys, T(r->lang, "See what was done with the results"));
	free(ys);
	return rc;
}

static int closed(struct req *r, struct resp *rs)
{
	char *ys = yousaid_href(r);
	int rc = page_message(r, rs, 410, T(r->lang, "This survey is closed"),
			      T(r->lang, "The survey this link belongs to is closed, so it no "
					 "longer takes answers. The results will be discussed in "
					 "your team."),
			      ys, T(r->lang, "See what was done with the results"));
	free(ys);
	return rc;
}

static void draft_decode(struct ctx *c)
{
	uint8_t key[SERVER_KEY_BYTES];
	uint8_t *plain = NULL;
	size_t len = 0;

	memset(&c->draft, 0, sizeof(c->draft));
	if (!c->inv.draft || !c->inv.draft_len)
		return;
	token_draft_key(c->token, key);
	if (token_open(key, c->inv.draft, c->inv.draft_len, &plain, &len))
		return; /* unreadable draft: start afresh rather than fail */
	if (len < 4 || plain[0] != DRAFT_VERSION)
		goto out;
	size_t n = (size_t)plain[2] | ((size_t)plain[3] << 8);
	if (n != (size_t)c->ins->nitems || len < 4 + n)
		goto out;
	c->draft.page = plain[1];
	memcpy(c->draft.answers, plain + 4, n);
	if (!instrument_answers_valid(c->ins, c->draft.answers)) {
		memset(c->draft.answers, 0, sizeof(c->draft.answers));
		goto out;
	}
	size_t pos = 4 + n;
	for (int i = 0; i < c->ins->nopen && i < (int)ARRAY_SIZE(c->draft.comments); i++) {
		if (len - pos < 2)
			break;
		size_t cl = (size_t)plain[pos] | ((size_t)plain[pos + 1] << 8);
		pos += 2;
		if (cl > len - pos || cl > MAX_COMMENT_BYTES)
			break;
		c->draft.comments[i] = xstrndup((const char *)plain + pos, cl);
		c->draft.ncomments = i + 1;
		pos += cl;
	}
out:
	free(plain);
}

static int draft_save(struct req *r, struct ctx *c)
{
	uint8_t key[SERVER_KEY_BYTES];
	struct buf b = BUF_INIT(MAX_ITEMS + 8 * (MAX_COMMENT_BYTES + 2) + 8);
	size_t n = (size_t)c->ins->nitems;
	uint8_t head[4] = {DRAFT_VERSION, (uint8_t)c->draft.page, (uint8_t)(n & 0xff),
			   (uint8_t)(n >> 8)};
	buf_append(&b, head, 4);
	buf_append(&b, c->draft.answers, n);
	for (int i = 0; i < c->ins->nopen && i < (int)ARRAY_SIZE(c->draft.comments); i++) {
		const char *s = i < c->draft.ncomments && c->draft.comments[i] ?
					c->draft.comments[i] : "";
		size_t l = strlen(s);
		uint8_t lh[2] = {(uint8_t)(l & 0xff), (uint8_t)(l >> 8)};
		buf_append(&b, lh, 2);
		buf_append(&b, s, l);
	}
	token_draft_key(c->token, key);
	size_t slen;
	uint8_t *sealed = token_seal(key, (const uint8_t *)buf_cstr(&b), b.len, &slen);
	buf_release(&b);
	int rc = r->st->ops->invitation_save_draft(r->st, c->hash, sealed, slen, r->lang);
	free(sealed);
	return rc;
}

/*
 * Looks up the token in r->param. Returns 0 with c filled, or answers the
 * request itself (not found, used, closed) and returns -1.
 */
static int ctx_load(struct req *r, struct resp *rs, struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->token = r->param;
	if (token_hash(c->token, c->hash) ||
	    r->st->ops->invitation_get(r->st, c->hash, &c->inv)) {
		unknown_token(r, rs);
		return -1;
	}
	if (!r->lang_from_query)
		r->lang = c->inv.lang;
	if (c->inv.used) {
		already_answered(r, rs);
		ctx_release(c);
		return -1;
	}
	if (r->st->ops->wave_get(r->st, c->inv.wave_id, &c->wave) || c->wave.status != WAVE_OPEN) {
		closed(r, rs);
		ctx_release(c);
		return -1;
	}
	c->ins = app_instrument(r->app, r->st, c->wave.instrument_id);
	if (!c->ins || r->st->ops->org_get(r->st, &c->org)) {
		page_message(r, rs, 500, T(r->lang, "Something went wrong"),
			     T(r->lang, "The survey could not be loaded. Try again in a moment; "
					"if it persists, tell HR."),
			     NULL, NULL);
		ctx_release(c);
		return -1;
	}
	draft_decode(c);
	return 0;
}

static void survey_url(struct hw *w, const struct ctx *c, int page)
{
	hw_attrf(w, "href", "/s/%.*s?p=%d", (int)c->token.len, c->token.p, page);
}

static char *num(long n)
{
	return xasprintf("%ld", n);
}

static void hw_tmpl1(struct hw *w, const char *tmpl, long a)
{
	char *na = num(a);
	char *s = tmpl_fill(tmpl, na, NULL);
	hw_text(w, s);
	free(s);
	free(na);
}

static void progress(struct hw *w, struct req *r, const struct ctx *c, int page)
{
	int total = c->ins->npages + 1;
	char *a = num(page), *b = num(total);
	char *s = tmpl_fill(T(r->lang, "Step {1} of {2}"), a, b, NULL);
	HW_LIT(w, "<div class=\"progress\"><progress");
	hw_attrf(w, "value", "%d", page);
	hw_attrf(w, "max", "%d", total);
	hw_attr(w, "aria-label", s);
	HW_LIT(w, "></progress><span>");
	hw_text(w, s);
	HW_LIT(w, "</span></div>");
	free(s);
	free(a);
	free(b);
}

static void rules(struct hw *w, struct req *r, const struct ctx *c)
{
	HW_LIT(w, "<section class=\"rules\"><h2>");
	hw_text(w, T(r->lang, "How your answers are protected"));
	HW_LIT(w, "</h2><ul><li>");
	hw_text(w, T(r->lang, "Your answers are stored without your name, without this link "
			      "and without the time you answered. Nobody in your organisation "
			      "can see your individual answers."));
	HW_LIT(w, "</li><li>");
	hw_tmpl1(w, T(r->lang, "Results are only shown for groups of at least {1} people, "
			       "and never in a way that lets anyone work out a smaller group."),
		 c->org.min_group);
	HW_LIT(w, "</li><li>");
	hw_tmpl1(w, T(r->lang, "Written comments are only shown for groups of at least {1} "
			       "people, in random order, with names and contact details "
			       "removed. Please do not write names."),
		 c->org.comment_min);
	HW_LIT(w, "</li><li>");
	hw_text(w, T(r->lang, "Results of the group become visible only after the survey "
			      "closes. Until then, HR only sees how many people have answered."));
	HW_LIT(w, "</li><li>");
	hw_text(w, T(r->lang, "Your progress is saved after every page, locked with your "
			      "personal link: you can stop and continue later with the same "
			      "link. The link answers only once."));
	HW_LIT(w, "</li><li>");
	hw_text(w, T(r->lang, "Right after you finish, you see your own profile. It is made "
			      "from your answers on the spot and is not kept."));
	HW_LIT(w, "</li></ul></section>");
}

static int page_intro(struct req *r, struct resp *rs, struct ctx *c)
{
	struct hw w;
	hw_init(&w, &rs->body);
	page_begin(&w, r, text_get(&c->ins->title, r->lang));
	HW_LIT(&w, "<article class=\"survey\"><h1>");
	hw_text(&w, c->wave.title);
	HW_LIT(&w, "</h1><p class=\"org\">");
	hw_text(&w, c->org.name);
	HW_LIT(&w, "</p><p>");
	hw_text(&w, text_get(&c->ins->intro, r->lang));
	HW_LIT(&w, "</p><p>");
	{
		char *a = num(c->ins->nitems), *b = num((c->ins->nitems + 5) / 6);
		char *s = tmpl_fill(T(r->lang, "{1} short questions, about {2} minutes. You can "
					       "skip any question."), a, b, NULL);
		hw_text(&w, s);
		free(s);
		free(a);
		free(b);
	}
	HW_LIT(&w, "</p>");
	rules(&w, r, c);
	if (c->wave.closes && *c->wave.closes) {
		HW_LIT(&w, "<p>");
		char *s = tmpl_fill(T(r->lang, "You can answer until {1}."), c->wave.closes, NULL);
		hw_text(&w, s);
		free(s);
		HW_LIT(&w, "</p>");
	}
	HW_LIT(&w, "<p><a class=\"button primary\"");
	survey_url(&w, c, c->draft.page > 0 ? c->draft.page : 1);
	HW_LIT(&w, ">");
	hw_text(&w, c->draft.page > 0 ? T(r->lang, "Continue where you left off")
				      : T(r->lang, "Start"));
	HW_LIT(&w, "</a></p></article>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

static void form_open(struct hw *w, const struct ctx *c, int page)
{
	HW_LIT(w, "<form method=\"post\" class=\"survey-form\"");
	hw_attrf(w, "action", "/s/%.*s", (int)c->token.len, c->token.p);
	HW_LIT(w, "><input type=\"hidden\" name=\"p\"");
	hw_attrf(w, "value", "%d", page);
	HW_LIT(w, ">");
}

static void item_field(struct hw *w, struct req *r, const struct ctx *c, int idx, int number)
{
	const struct item *it = &c->ins->items[idx];
	const struct answer_scale *as = &c->ins->answer_scales[it->answer_scale];
	int chosen = c->draft.answers[idx];

	HW_LIT(w, "<fieldset class=\"item\"><legend><span class=\"qn\">");
	hw_textf(w, "%d.", number);
	HW_LIT(w, "</span> ");
	hw_text(w, text_get(&it->text, r->lang));
	HW_LIT(w, "</legend><div class=\"options\">");
	for (int v = 1; v <= as->points; v++) {
		HW_LIT(w, "<label class=\"opt\"><input type=\"radio\"");
		hw_attrf(w, "name", "a_%s", it->id);
		hw_attrf(w, "value", "%d", v);
		if (chosen == v)
			HW_LIT(w, " checked");
		HW_LIT(w, "><span>");
		hw_text(w, text_get(&as->labels[v - 1], r->lang));
		HW_LIT(w, "</span></label>");
	}
	HW_LIT(w, "<label class=\"opt skip\"><input type=\"radio\"");
	hw_attrf(w, "name", "a_%s", it->id);
	HW_LIT(w, " value=\"0\"");
	if (chosen == 0)
		HW_LIT(w, " checked");
	HW_LIT(w, "><span>");
	hw_text(w, T(r->lang, "No answer"));
	HW_LIT(w, "</span></label></div></fieldset>");
}

static int page_questions(struct req *r, struct resp *rs, struct ctx *c, int p)
{
	const struct page *pg = &c->ins->pages[p - 1];
	struct hw w;
	int number = 1;

	for (int i = 0; i < p - 1; i++)
		number += c->ins->pages[i].nitems;
	hw_init(&w, &rs->body);
	page_begin(&w, r, text_get(&pg->title, r->lang));
	HW_LIT(&w, "<article class=\"survey\">");
	progress(&w, r, c, p);
	HW_LIT(&w, "<h1>");
	hw_text(&w, text_get(&pg->title, r->lang));
	HW_LIT(&w, "</h1>");
	form_open(&w, c, p);
	for (int i = 0; i < pg->nitems; i++)
		item_field(&w, r, c, pg->items[i], number + i);
	HW_LIT(&w, "<div class=\"nav\">");
	HW_LIT(&w, "<button type=\"submit\" name=\"go\" value=\"next\" class=\"primary\">");
	hw_text(&w, T(r->lang, "Save and continue"));
	HW_LIT(&w, "</button><button type=\"submit\" name=\"go\" value=\"back\">");
	hw_text(&w, T(r->lang, "Back"));
	HW_LIT(&w, "</button></div></form><p class=\"small\">");
	hw_text(&w, T(r->lang, "Your answers on this page are saved when you go on or back. "
			       "You can close the page and continue later with the same link."));
	HW_LIT(&w, "</p></article>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

static int page_finalise(struct req *r, struct resp *rs, struct ctx *c, int p)
{
	struct hw w;
	int answered = 0;
	for (int i = 0; i < c->ins->nitems; i++)
		answered += c->draft.answers[i] != 0;
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Send your answers"));
	HW_LIT(&w, "<article class=\"survey\">");
	progress(&w, r, c, p);
	HW_LIT(&w, "<h1>");
	hw_text(&w, T(r->lang, "Almost done"));
	HW_LIT(&w, "</h1><p>");
	{
		char *a = num(answered), *b = num(c->ins->nitems);
		char *s = tmpl_fill(T(r->lang, "You answered {1} of {2} questions."), a, b, NULL);
		hw_text(&w, s);
		free(s);
		free(a);
		free(b);
	}
	HW_LIT(&w, "</p>");
	form_open(&w, c, p);
	for (int i = 0; i < c->ins->nopen && i < (int)ARRAY_SIZE(c->draft.comments); i++) {
		HW_LIT(&w, "<div class=\"field\"><label");
		hw_attrf(&w, "for", "c_%s", c->ins->open[i].id);
		HW_LIT(&w, ">");
		hw_text(&w, text_get(&c->ins->open[i].text, r->lang));
		HW_LIT(&w, "</label><p class=\"small\"");
		hw_attrf(&w, "id", "h_%s", c->ins->open[i].id);
		HW_LIT(&w, ">");
		hw_tmpl1(&w, T(r->lang, "Optional. Shown only for groups of at least {1} people, "
					"without names or contact details."),
			 c->org.comment_min);
		HW_LIT(&w, "</p><textarea rows=\"5\"");
		hw_attrf(&w, "maxlength", "%d", MAX_COMMENT_BYTES / 2);
		hw_attrf(&w, "id", "c_%s", c->ins->open[i].id);
		hw_attrf(&w, "name", "c_%s", c->ins->open[i].id);
		hw_attrf(&w, "aria-describedby", "h_%s", c->ins->open[i].id);
		HW_LIT(&w, ">");
		if (i < c->draft.ncomments)
			hw_text(&w, c->draft.comments[i]);
		HW_LIT(&w, "</textarea></div>");
	}
	HW_LIT(&w, "<p>");
	hw_text(&w, T(r->lang, "When you send your answers, they are stored anonymously and "
			       "this link can no longer be used. You then see your own profile."));
	HW_LIT(&w, "</p><div class=\"nav\"><button type=\"submit\" name=\"go\" value=\"submit\" "
		   "class=\"primary\">");
	hw_text(&w, T(r->lang, "Send my answers"));
	HW_LIT(&w, "</button><button type=\"submit\" name=\"go\" value=\"back\">");
	hw_text(&w, T(r->lang, "Back"));
	HW_LIT(&w, "</button></div></form></article>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int survey_get(struct req *r, struct resp *rs)
{
	struct ctx c;
	long p = 0;
	if (ctx_load(r, rs, &c))
		return 0;
	const char *ps = form_get(&r->query, "p");
	if (ps && str_to_long(str_from(ps), 0, c.ins->npages + 1, &p))
		p = 0;
	if (r->lang_from_query && c.inv.lang != r->lang)
		draft_save(r, &c); /* keep the chosen language for the next pages */
	int rc;
	if (p == 0)
		rc = page_intro(r, rs, &c);
	else if (p <= c.ins->npages)
		rc = page_questions(r, rs, &c, (int)p);
	else
		rc = page_finalise(r, rs, &c, (int)p);
	ctx_release(&c);
	return rc;
}

/* Letters for answers in the compact form used by the PDF download. */
static const char answer_chars[] = "0123456789ab";

static void encode_answers(const struct instrument *ins, const uint8_t *a, char *out)
{
	for (int i = 0; i < ins->nitems; i++)
		out[i] = answer_chars[a[i] < MAX_ANSWER_POINTS + 1 ? a[i] : 0];
	out[ins->nitems] = '\0';
}

static int decode_answers(const struct instrument *ins, const char *s, uint8_t *a)
{
	if (!s || strlen(s) != (size_t)ins->nitems)
		return -1;
	for (int i = 0; i < ins->nitems; i++) {
		const char *p = strchr(answer_chars, s[i]);
		if (!p || !s[i])
			return -1;
		a[i] = (uint8_t)(p - answer_chars);
	}
	return instrument_answers_valid(ins, a) ? 0 : -1;
}

static void help_section(struct hw *w, struct req *r, const struct org_settings *org)
{
	const struct {
		const char *label;
		const char *value;
	} rows[] = {
		{T(r->lang, "Trusted person"), org->help_trusted},
		{T(r->lang, "Prevention advisor for psychosocial aspects"), org->help_advisor},
		{T(r->lang, "Employee assistance programme"), org->help_eap},
		{T(r->lang, "Other help"), org->help_other},
	};
	HW_LIT(w, "<section class=\"help\"><h2>");
	hw_text(w, T(r->lang, "Help"));
	HW_LIT(w, "</h2><p>");
	hw_text(w, T(r->lang, "If something in your profile worries you, talk about it. These "
			      "people listen in confidence:"));
	HW_LIT(w, "</p><dl>");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!rows[i].value || !*rows[i].value)
			continue;
		HW_LIT(w, "<dt>");
		hw_text(w, rows[i].label);
		HW_LIT(w, "</dt><dd>");
		hw_text(w, rows[i].value);
		HW_LIT(w, "</dd>");
	}
	HW_LIT(w, "</dl><p>");
	hw_text(w, T(r->lang, "In an emergency, call 112. To talk to someone at any time: "
			      "Zelfmoordlijn 1813 (Dutch), Centre de Prévention du Suicide "
			      "0800 32 123 (French)."));
	HW_LIT(w, "</p></section>");
}

static const char *const zone_class[] = {"zone-green", "zone-orange", "zone-red"};

static int page_feedback(struct req *r, struct resp *rs, const struct ctx *c,
			 const uint8_t *answers)
{
	double scores[MAX_SCALES];
	struct hw w;
	struct buf svg = BUF_INIT(MAX_PAGE_BYTES);
	char enc[MAX_ITEMS + 1];
	static const enum scale_kind kinds[] = {SCALE_DEMAND, SCALE_RESOURCE, SCALE_OUTCOME,
						SCALE_NEED};
	const char *kind_titles[] = {T(r->lang, "Demands of your work"),
				     T(r->lang, "Resources in your work"),
				     T(r->lang, "How you are doing"),
				     T(r->lang, "Your basic needs at work")};

	instrument_score(c->ins, answers, scores);
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Your profile"));
	HW_LIT(&w, "<article class=\"feedback\"><p class=\"done\" role=\"status\">");
	hw_text(&w, T(r->lang, "Thank you. Your answers are saved."));
	HW_LIT(&w, "</p><h1>");
	hw_text(&w, T(r->lang, "Your profile"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "This profile is made from your answers, for you alone. It is "
			       "not stored and nobody else sees it. Download or print it now if "
			       "you want to keep it: once you leave this page it is gone."));
	HW_LIT(&w, "</p>");
	if (svg_feedback(&svg, c->ins, scores, r->lang) == 0) {
		HW_LIT(&w, "<figure class=\"chart\">");
		hw_markup(&w, &svg);
		HW_LIT(&w, "</figure>");
	}
	buf_release(&svg);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		int any = 0;
		for (int s = 0; s < c->ins->nscales; s++)
			any |= c->ins->scales[s].kind == kinds[k];
		if (!any)
			continue;
		HW_LIT(&w, "<section class=\"group\"><h2>");
		hw_text(&w, kind_titles[k]);
		HW_LIT(&w, "</h2>");
		for (int s = 0; s < c->ins->nscales; s++) {
			const struct scale *sc = &c->ins->scales[s];
			if (sc->kind != kinds[k])
				continue;
			enum risk_zone z = scale_zone(sc, scores[s]);
			HW_LIT(&w, "<div class=\"scale\"><h3>");
			hw_text(&w, text_get(&sc->name, r->lang));
			HW_LIT(&w, " <span class=\"badge ");
			hw_text(&w, z == ZONE_NONE ? "zone-none" : zone_class[z]);
			HW_LIT(&w, "\">");
			hw_text(&w, zone_word(z, r->lang));
			HW_LIT(&w, "</span></h3><p>");
			if (z == ZONE_NONE)
				hw_text(&w, T(r->lang, "Too few questions answered for a score."));
			else
				hw_text(&w, text_get(&sc->feedback[z], r->lang));
			HW_LIT(&w, "</p></div>");
		}
		HW_LIT(&w, "</section>");
	}
	help_section(&w, r, &c->org);
	encode_answers(c->ins, answers, enc);
	HW_LIT(&w, "<form method=\"post\" action=\"/feedback.pdf\" class=\"download\">"
		   "<input type=\"hidden\" name=\"w\"");
	hw_attrf(&w, "value", "%ld", c->wave.id);
	HW_LIT(&w, "><input type=\"hidden\" name=\"a\"");
	hw_attr(&w, "value", enc);
	HW_LIT(&w, "><input type=\"hidden\" name=\"lang\"");
	hw_attr(&w, "value", lang_code(r->lang));
	HW_LIT(&w, "><button type=\"submit\" class=\"primary\">");
	hw_text(&w, T(r->lang, "Download my profile (PDF)"));
	HW_LIT(&w, "</button></form>");
	char *ys = yousaid_href(r);
	if (ys) {
		HW_LIT(&w, "<p><a");
		hw_attr(&w, "href", ys);
		HW_LIT(&w, ">");
		hw_text(&w, T(r->lang, "See what was done with the results of earlier surveys"));
		HW_LIT(&w, "</a></p>");
		free(ys);
	}
	HW_LIT(&w, "</article>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

/* Takes the answers of page p (and comments on the last page) from the form. */
static int take_answers(struct req *r, struct ctx *c, int p)
{
	if (p >= 1 && p <= c->ins->npages) {
		const struct page *pg = &c->ins->pages[p - 1];
		for (int i = 0; i < pg->nitems; i++) {
			int idx = pg->items[i];
			const struct item *it = &c->ins->items[idx];
			char name[MAX_ID_BYTES + 4];
			snprintf(name, sizeof(name), "a_%s", it->id);
			const char *v = form_get(&r->form, name);
			long val;
			if (!v) {
				continue; /* not answered: keep what was there */
			}
			if (str_to_long(str_from(v), 0,
					c->ins->answer_scales[it->answer_scale].points, &val))
				return -1;
			c->draft.answers[idx] = (uint8_t)val;
		}
	} else if (p == c->ins->npages + 1) {
		for (int i = 0; i < c->ins->nopen && i < (int)ARRAY_SIZE(c->draft.comments); i++) {
			char name[MAX_ID_BYTES + 4];
			snprintf(name, sizeof(name), "c_%s", c->ins->open[i].id);
			const char *v = form_get(&r->form, name);
			if (!v)
				continue;
			if (strlen(v) > MAX_COMMENT_BYTES)
				return -1;
			while (c->draft.ncomments <= i)
				c->draft.comments[c->draft.ncomments++] = NULL;
			free(c->draft.comments[i]);
			c->draft.comments[i] = xstrdup(v);
		}
	}
	return 0;
}

static int submit(struct req *r, struct resp *rs, struct ctx *c)
{
	struct response resp;
	char *comments[8] = {0};

	memset(&resp, 0, sizeof(resp));
	resp.wave_id = c->inv.wave_id;
	resp.unit_id = c->inv.unit_id;
	resp.age_band = c->inv.age_band;
	resp.tenure_band = c->inv.tenure_band;
	resp.contract = c->inv.contract;
	resp.shift = c->inv.shift;
	resp.function_group = c->inv.function_group;
	resp.answers = c->draft.answers;
	resp.nanswers = (size_t)c->ins->nitems;
	for (int i = 0; i < c->draft.ncomments; i++)
		comments[i] = c->draft.comments[i];
	resp.comments = comments;
	resp.ncomments = (size_t)c->draft.ncomments;
	int rc = r->st->ops->response_submit(r->st, c->hash, &resp);
	if (rc == ERR_CONFLICT)
		return already_answered(r, rs);
	if (rc)
		return page_message(r, rs, 503, T(r->lang, "Your answers could not be saved yet"),
				    T(r->lang, "Nothing is lost: your answers are kept with your "
					       "link. Wait a moment and press the button again."),
				    NULL, NULL);
	return page_feedback(r, rs, c, c->draft.answers);
}

int survey_post(struct req *r, struct resp *rs)
{
	struct ctx c;
	long p;
	if (ctx_load(r, rs, &c))
		return 0;
	const char *ps = form_get(&r->form, "p");
	const char *go = form_get(&r->form, "go");
	int rc;
	if (!ps || str_to_long(str_from(ps), 1, c.ins->npages + 1, &p) || take_answers(r, &c, (int)p)) {
		rc = page_message(r, rs, 400, T(r->lang, "This form could not be read"),
				  T(r->lang, "Some answers were not valid. Go back to the survey "
					     "with your link and try again."),
				  NULL, NULL);
		goto out;
	}
	if (go && strcmp(go, "submit") == 0 && p == c.ins->npages + 1) {
		rc = submit(r, rs, &c);
		goto out;
	}
	int next = (int)p + ((go && strcmp(go, "back") == 0) ? -1 : 1);
	if (next < 0)
		next = 0;
	if (next > c.ins->npages + 1)
		next = c.ins->npages + 1;
	c.draft.page = next;
	if (draft_save(r, &c)) {
		rc = page_message(r, rs, 503, T(r->lang, "Your answers could not be saved yet"),
				  T(r->lang, "Wait a moment, then go back and press the button "
					     "again."),
				  NULL, NULL);
		goto out;
	}
	char loc[128];
	snprintf(loc, sizeof(loc), "/s/%.*s?p=%d", (int)c.token.len, c.token.p, next);
	rc = resp_redirect(rs, loc);
out:
	ctx_release(&c);
	return rc;
}

int survey_feedback_pdf(struct req *r, struct resp *rs)
{
	uint8_t answers[MAX_ITEMS];
	double scores[MAX_SCALES];
	struct wave wv;
	struct org_settings org;
	long wid;
	const char *ws = form_get(&r->form, "w");
	enum lang l;

	if (form_get(&r->form, "lang") && lang_parse(str_from(form_get(&r->form, "lang")), &l) == 0)
		r->lang = l;
	memset(&wv, 0, sizeof(wv));
	memset(&org, 0, sizeof(org));
	if (!ws || str_to_long(str_from(ws), 1, LONG_MAX, &wid) ||
	    r->st->ops->wave_get(r->st, wid, &wv))
		goto bad;
	const struct instrument *ins = app_instrument(r->app, r->st, wv.instrument_id);
	if (!ins || decode_answers(ins, form_get(&r->form, "a"), answers) ||
	    r->st->ops->org_get(r->st, &org))
		goto bad;
	instrument_score(ins, answers, scores);
	if (pdf_feedback(ins, scores, r->lang, &org, &rs->body)) {
		wave_release(&wv);
		org_settings_release(&org);
		return page_message(r, rs, 500, T(r->lang, "The PDF could not be made"),
				    T(r->lang, "Go back to your profile and print the page "
					       "instead."),
				    NULL, NULL);
	}
	rs->content_type = "application/pdf";
	rs->disposition = xstrdup("attachment; filename=\"hartslag-profile.pdf\"");
	wave_release(&wv);
	org_settings_release(&org);
	return 0;
bad:
	wave_release(&wv);
	org_settings_release(&org);
	return page_message(r, rs, 400, T(r->lang, "This form could not be read"),
			    T(r->lang, "Go back to your profile and press the download button "
				       "again."),
			    NULL, NULL);
}

int page_home(struct req *r, struct resp *rs)
{
	struct hw w;
	if (r->logged_in)
		return resp_redirect(rs, "/admin");
	hw_init(&w, &rs->body);
	page_begin(&w, r, T(r->lang, "Welcome"));
	HW_LIT(&w, "<section class=\"narrow\"><h1>");
	hw_text(&w, T(r->lang, "Welcome to Hartslag"));
	HW_LIT(&w, "</h1><p>");
	hw_text(&w, T(r->lang, "Did you get an invitation to a survey? Open the link in it, scan "
			       "its QR code with your phone, or type the code here."));
	HW_LIT(&w, "</p><form method=\"get\" action=\"/code\" class=\"stack\"><label for=\"t\">");
	hw_text(&w, T(r->lang, "Your personal code"));
	HW_LIT(&w, "</label><input id=\"t\" name=\"t\" autocomplete=\"off\" autocapitalize=\"off\" "
		   "spellcheck=\"false\" required maxlength=\"200\"><button type=\"submit\" "
		   "class=\"primary\">");
	hw_text(&w, T(r->lang, "Go to my survey"));
	HW_LIT(&w, "</button></form><p class=\"small\"><a href=\"/login\">");
	hw_text(&w, T(r->lang, "Log in for HR, prevention advisors, managers and committee members"));
	HW_LIT(&w, "</a></p></section>");
	page_end(&w, r);
	return page_finish(r, rs, &w);
}

int page_code(struct req *r, struct resp *rs)
{
	const char *t = form_get(&r->query, "t");
	uint8_t hash[TOKEN_HASH_BYTES];
	char tok[TOKEN_TEXT_BYTES + 1];
	size_t n = 0;

	/* Accept a pasted whole link as well as the bare code. */
	if (t) {
		const char *s = strstr(t, "/s/");
		s = s ? s + 3 : t;
		for (; *s && n < TOKEN_TEXT_BYTES; s++)
			if (*s != ' ')
				tok[n++] = *s;
	}
	tok[n] = '\0';
	if (n != TOKEN_TEXT_BYTES || token_hash(str_from(tok), hash))
		return unknown_token(r, rs);
	char loc[64];
	snprintf(loc, sizeof(loc), "/s/%s", tok);
	return resp_redirect(rs, loc);
}
