/*
 * demo_workshop.c: one finished team workshop in the demo organisation.
 *
 * After the 2024 wave, Team Wilg (the dementia ward, the demo's worst
 * team) met around its report: the walls came from the report's
 * strengths and attention points, the team added its own points, nine
 * phones put three dots each, and the brainstorm on the chosen themes gave
 * ideas on the four IGLO levels; the ideas that became the team's 2025
 * actions (demo_action.c) are marked as such. It goes through the same
 * store operations as the web pages, with the same anonymity: random
 * participant tokens, dots as counters. Deterministic but for those ids.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/demo.h"
#include "core/action.h"
#include "core/workshop.h"
#include "report/report.h"
#include "store/store_workshop.h"

#define DEMO_WS_UNIT "TL-ZA2-W"
#define DEMO_WS_WAVE 1 /* the 2024 wave among the closed ones, oldest first */
#define DEMO_WS_DAY "2024-11-07"
#define DEMO_WS_PHONES 9
#define DEMO_WS_DOTS 3
#define DEMO_WS_MAX_POINTS 8

static const char *const own_points[] = {
	"Na een overlijden gaan we meteen door naar de volgende bewoner",
	"We weten niet wie we kunnen bellen als het 's avonds misloopt",
	"Goede sfeer onder collega's in de nachtdienst",
};

/* Ideas on a theme (a scale, or an own point by its index): level, text, became an action. */
struct demo_idea {
	const char *scale;  /* NULL: the own point own */
	int own;
	enum iglo_level level;
	const char *text;
	int action;
};

static const struct demo_idea ideas[] = {
	{"emotional_load", 0, IGLO_GROUP, "Intervisie na moeilijke situaties", 1},
	{"emotional_load", 0, IGLO_INDIVIDUAL, "Even naar buiten na een zware situatie, zonder je "
					       "te moeten verantwoorden", 0},
	{"emotional_load", 0, IGLO_ORGANISATION, "Psycholoog één halve dag per week op de "
						 "afdeling", 0},
	{NULL, 0, IGLO_LEADER, "Wekelijks teamoverleg van 15 minuten", 1},
	{NULL, 0, IGLO_GROUP, "Een moment om stil te staan bij wie overleden is", 0},
	{NULL, 1, IGLO_LEADER, "Een lijst met wie je 's avonds en 's nachts kunt bellen", 0},
	{"workload", 0, IGLO_INDIVIDUAL, "Opleiding prioriteiten stellen", 1},
	{"workload", 0, IGLO_ORGANISATION, "Extra handen in de ochtendshift", 0},
};

/* Dots: each phone's ballot as indices into the chosen themes (three dots). */
static const int ballots[DEMO_WS_PHONES][DEMO_WS_DOTS] = {
	{0, 0, 1}, {0, 1, 2}, {1, 1, 0}, {0, 2, 2}, {0, 1, 1},
	{2, 0, 1}, {0, 0, 0}, {1, 2, 0}, {1, 0, 2},
};

static long find_item(const struct ws_item *it, size_t n, const char *scale, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if ((scale && it[i].kind != WS_ITEM_OWN && strcmp(it[i].scale, scale) == 0) ||
		    (text && it[i].kind == WS_ITEM_OWN && strcmp(it[i].text, text) == 0))
			return it[i].id;
	return 0;
}

/* Writes the workshop; ERR_NOT_FOUND quietly skips it (no such team or wave). */
static int demo_ws_run(struct store *st, const struct report *r, long *ws_id)
{
	const struct store_workshop_ops *ops = st->ops->workshop;
	long unit = 0;
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].code && strcmp(r->units[i].code, DEMO_WS_UNIT) == 0)
			unit = r->units[i].id;
	int u = report_unit_index(r, unit);
	if (!unit || u < 0 || r->nwaves <= DEMO_WS_WAVE)
		return 0;

	/* The walls of the 2024 report, as the facilitator started them. */
	struct point pts[DEMO_WS_MAX_POINTS];
	struct ws_item walls[DEMO_WS_MAX_POINTS];
	size_t np = report_points(r, DEMO_WS_WAVE, u, pts, DEMO_WS_MAX_POINTS);
	memset(walls, 0, sizeof(walls));
	for (size_t i = 0; i < np; i++) {
		walls[i].kind = pts[i].kind == POINT_STRENGTH ? WS_ITEM_STRENGTH : WS_ITEM_ATTENTION;
		walls[i].scale = r->ins.scales[pts[i].scale].id;
		walls[i].text = (char *)pts[i].reason;
	}
	struct workshop w = {0};
	w.unit_id = unit;
	w.wave_id = r->waves[DEMO_WS_WAVE].wave.id;
	w.dots = DEMO_WS_DOTS;
	memcpy(w.created, DEMO_WS_DAY, sizeof(w.created));
	uint8_t rnd[WORKSHOP_CODE_RANDOM_BYTES], h[32];
	char code[WORKSHOP_CODE_LEN + 1];
	randombytes_buf(rnd, sizeof(rnd));
	if (workshop_code_make(rnd, sizeof(rnd), code))
		return diag_set(&st->err, 0, "cannot make a workshop code");
	memcpy(w.code, code, sizeof(code));
	crypto_generichash(h, sizeof(h), (const unsigned char *)code, strlen(code), NULL, 0);
	int rc = ops->create(st, &w, h, walls, np);

	/* Own points, then nine phones vote. */
	if (!rc)
		rc = ops->set_phase(st, w.id, WS_WALLS, WS_OWN_POINTS);
	*ws_id = w.id;
	for (size_t i = 0; i < ARRAY_SIZE(own_points) && !rc; i++)
		rc = ops->item_add(st, w.id, own_points[i], NULL);
	if (!rc)
		rc = ops->set_phase(st, w.id, WS_OWN_POINTS, WS_VOTING);
	struct ws_item *items = NULL;
	size_t ni = 0;
	if (!rc)
		rc = ops->items(st, w.id, &items, &ni);
	long themes[3] = {find_item(items, ni, "emotional_load", NULL),
			  find_item(items, ni, NULL, own_points[0]),
			  find_item(items, ni, "workload", NULL)};
	if (!themes[0] || !themes[2]) {
		/* the 2024 report did not name them: the other own points instead */
		themes[0] = find_item(items, ni, NULL, own_points[1]);
		themes[2] = find_item(items, ni, NULL, own_points[2]);
	}
	for (int p = 0; p < DEMO_WS_PHONES && !rc; p++) {
		uint8_t hash[32];
		randombytes_buf(hash, sizeof(hash));
		struct vote v[DEMO_WS_DOTS];
		size_t nv = 0;
		for (int d = 0; d < DEMO_WS_DOTS; d++) {
			long id = themes[ballots[p][d]];
			size_t k = 0;
			while (k < nv && v[k].item != id)
				k++;
			if (k == nv)
				v[nv++] = (struct vote){id, 0};
			v[k].dots++;
		}
		rc = ops->join(st, w.id, hash);
		if (!rc)
			rc = ops->vote(st, w.id, hash, v, nv);
	}

	/* The brainstorm on the three themes, then the actions, then closed. */
	for (int t = 0; t < 3 && !rc; t++)
		rc = ops->item_choose(st, w.id, themes[t], 1);
	if (!rc)
		rc = ops->set_phase(st, w.id, WS_VOTING, WS_BRAINSTORM);
	long made[ARRAY_SIZE(ideas)] = {0};
	for (size_t i = 0; i < ARRAY_SIZE(ideas) && !rc; i++) {
		long item = ideas[i].scale ? find_item(items, ni, ideas[i].scale, NULL)
					   : find_item(items, ni, NULL, own_points[ideas[i].own]);
		if (!item || (item != themes[0] && item != themes[1] && item != themes[2]))
			item = themes[i % 3];
		rc = ops->idea_add(st, w.id, item, (int)ideas[i].level, ideas[i].text, &made[i]);
	}
	if (!rc)
		rc = ops->set_phase(st, w.id, WS_BRAINSTORM, WS_ACTIONS);
	for (size_t i = 0; i < ARRAY_SIZE(ideas) && !rc; i++)
		if (ideas[i].action)
			rc = ops->idea_mark(st, w.id, made[i]);
	if (!rc)
		rc = ops->set_phase(st, w.id, WS_ACTIONS, WS_CLOSED);
	ws_items_free(items, ni);
	return rc;
}

int demo_workshop(struct store *st, long *id)
{
	struct report r;
	struct diag d = {0};
	*id = 0;
	/* Without a report (as in the unit test's instrument) there is no workshop to show. */
	if (report_load(st, 0, &r, &d))
		return 0;
	int rc = demo_ws_run(st, &r, id);
	report_release(&r);
	return rc;
}
