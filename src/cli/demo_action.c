/*
 * demo_action.c: the action plans of the demo organisation (issue 6).
 *
 * After the second closed wave (2024) the units made their 2025 plans,
 * with that wave as baseline, on the four IGLO levels; the third closed
 * wave (2025) then shows their effect. The actions sit where the demo's
 * latent model moves: WZC Ter Linde (Ghent) improves from wave to wave,
 * Team Wilg (dementia ward) is the worst team, Les Glycines (Brussels)
 * stays about the same. Some actions are approved and communicated (they
 * appear on 'you said, we did'), one is overdue, one stalled, one still
 * proposed, one dropped; two actions of the 2026 plan wait for the next
 * wave. Baselines are the figures the report shows (hidden ones stay
 * empty). Deterministic: fixed days, no clock.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/action.h"
#include "report/action_export.h"
#include "report/report.h"
#include "store/store_action.h"

struct demo_act {
	const char *unit;  /* unit code; NULL: the organisation as a whole */
	int wave;          /* baseline: 1 the 2024 wave, 2 the 2025 wave */
	const char *theme;
	const char *indicator; /* the scale that should move; NULL: the theme */
	enum iglo_level level;
	const char *title;
	const char *description;
	const char *owner;
	const char *due;
	enum action_status status;
	int quick_win;
	const char *absence;   /* absence indicator instead of the theme scale */
	double absence_base, absence_target;
	int communicated;
	const char *created, *approved, *progress; /* days; progress: last status change */
};

static const struct demo_act demo_acts[] = {
	{"TL", 1, "workload", "exhaustion", IGLO_ORGANISATION,
	 "Extra zorgkundige in de ochtendshift",
	 "Van 7 tot 11 uur een extra zorgkundige op elke zorgafdeling, betaald uit de "
	 "vrijgekomen middelen van de uitzendkrachten.",
	 "Directie Ter Linde", "2025-05-31", ACTION_DONE, 0, NULL, 0, 0, 1, "2024-11-14",
	 "2024-12-05", "2025-05-20"},
	{"TL-ZA2-W", 1, "emotional_load", NULL, IGLO_GROUP, "Intervisie na moeilijke situaties",
	 "Elke maand een uur intervisie onder begeleiding van de psycholoog, en een korte "
	 "nabespreking na een overlijden of agressie.",
	 "Hoofdverpleegkundige 2de verdieping", "2025-03-31", ACTION_DONE, 0, NULL, 0, 0, 1,
	 "2024-11-14", "2024-12-05", "2025-04-02"},
	{"TL-ZA2-W", 1, "support_manager", NULL, IGLO_LEADER, "Wekelijks teamoverleg van 15 minuten",
	 "Elke dinsdag om 14 uur staan we kort samen: wat loopt goed, wat zit vast, wie heeft "
	 "hulp nodig.",
	 "Hoofdverpleegkundige 2de verdieping", "2025-01-31", ACTION_DONE, 1, NULL, 0, 0, 1,
	 "2024-11-14", "2024-12-05", "2025-01-28"},
	{"TL-ZA2-W", 1, "workload", NULL, IGLO_INDIVIDUAL, "Opleiding prioriteiten stellen",
	 "Twee halve dagen opleiding voor wie het wil: prioriteiten stellen en nee zeggen "
	 "zonder schuldgevoel.",
	 "Vormingsverantwoordelijke", "2025-09-30", ACTION_IN_PROGRESS, 0, NULL, 0, 0, 0,
	 "2024-11-14", "2024-12-05", "2025-10-01"},
	{NULL, 1, "work_ability", NULL, IGLO_ORGANISATION, "Aanwezigheidsbeleid: terugkeergesprekken",
	 "Na elke afwezigheid een kort, steunend terugkeergesprek met de leidinggevende, volgens "
	 "een gids die met het comité werd afgesproken.",
	 "HR-dienst", "2026-12-31", ACTION_IN_PROGRESS, 0, "frequency", 1.4, 1.1, 1,
	 "2024-11-20", "2024-12-12", "2025-02-03"},
	{"GL", 1, "work_life", NULL, IGLO_ORGANISATION, "Horaires connus quatre semaines à l'avance",
	 "Les plannings sont publiés quatre semaines à l'avance; un échange se demande via la "
	 "coordinatrice.",
	 "Direction Les Glycines", "2025-06-30", ACTION_DONE, 0, NULL, 0, 0, 1, "2024-11-18",
	 "2024-12-10", "2025-06-25"},
	{"GL-US1-I", 1, "physical_load", NULL, IGLO_INDIVIDUAL, "Formation manutention et lève-personne",
	 "Chaque membre de l'équipe suit la formation manutention; deux lève-personnes "
	 "supplémentaires.",
	 "Conseiller en prévention", "2025-10-31", ACTION_IN_PROGRESS, 0, NULL, 0, 0, 0,
	 "2024-11-18", "2024-12-10", "2025-11-04"},
	{"TZ", 1, "appreciation", NULL, IGLO_LEADER, "Maandelijkse erkenning in de teamvergadering",
	 "De coördinator noemt elke maand wat goed ging, met naam als de persoon dat wil.",
	 "Coördinatie thuiszorg", "2025-12-31", ACTION_PROPOSED, 1, NULL, 0, 0, 0, "2024-11-25",
	 NULL, NULL},
	{"TL-NT-1", 1, "connectedness", NULL, IGLO_GROUP, "Overdrachtsmoment nacht en dag",
	 "Een gezamenlijk kwartier bij de wissel van de nacht- naar de dagploeg.", "Nachtploeg",
	 "2025-04-30", ACTION_DROPPED, 1, NULL, 0, 0, 0, "2024-11-14", "2024-12-05",
	 "2025-02-10"},
	{"TL-ZA2-W", 2, "workload", NULL, IGLO_ORGANISATION, "Herverdeling van de zorgzwaarte",
	 "Bewoners met de hoogste zorgnood worden over de twee afdelingen van de tweede "
	 "verdieping verdeeld.",
	 "Directie Ter Linde", "2027-03-31", ACTION_APPROVED, 0, NULL, 0, 0, 1, "2025-11-12",
	 "2025-12-03", NULL},
	{"TZ-NZ-1", 2, "work_life", NULL, IGLO_ORGANISATION, "Vaste rustdagen in het nachtrooster",
	 "Elk lid van het nachtzorgteam krijgt twee vaste rustdagen per week.", "Planning",
	 "2026-12-31", ACTION_IN_PROGRESS, 0, NULL, 0, 0, 0, "2025-11-12", "2025-12-03",
	 "2026-10-20"},
	{NULL, 1, "emotional_load", NULL, IGLO_ORGANISATION, "Collegiale opvang na schokkende "
	 "gebeurtenissen",
	 "Een team van opgeleide collega's vangt medewerkers op na agressie, een overlijden of "
	 "een ongeval; de preventieadviseur volgt op.",
	 "Preventieadviseur psychosociaal", "2025-04-30", ACTION_DONE, 0, NULL, 0, 0, 1,
	 "2024-11-20", "2024-12-12", "2025-04-28"},
	{"TL-ZA1", 1, "workload", NULL, IGLO_GROUP, "Zorgtaken herverdeeld over de ploeg",
	 "De ploeg verdeelt de zware zorgmomenten elke week opnieuw, met een tilhulp per gang.",
	 "Hoofdverpleegkundige 1ste verdieping", "2025-03-31", ACTION_DONE, 0, NULL, 0, 0, 1,
	 "2024-11-14", "2024-12-05", "2025-03-25"},
	{"TL-ZA1", 1, "role_conflict", NULL, IGLO_LEADER, "Eén aanspreekpunt per dienst",
	 "Per dienst is één verpleegkundige het aanspreekpunt, zodat opdrachten elkaar niet "
	 "meer tegenspreken.",
	 "Hoofdverpleegkundige 1ste verdieping", "2025-02-28", ACTION_DONE, 1, NULL, 0, 0, 1,
	 "2024-11-14", "2024-12-05", "2025-02-20"},
	{"TL-ZA0-A", 1, "exhaustion", NULL, IGLO_INDIVIDUAL, "Echte pauzes in een rustige ruimte",
	 "Iedereen neemt zijn pauze buiten de afdeling, in de nieuwe rustruimte; de collega's "
	 "nemen de bel over.",
	 "Teamcoach Linde A", "2025-02-15", ACTION_DONE, 1, NULL, 0, 0, 0, "2024-11-14",
	 "2024-12-05", "2025-02-10"},
	{"TL-ZA2", 1, "role_clarity", NULL, IGLO_ORGANISATION, "Nieuwe taakomschrijvingen",
	 "De taakomschrijvingen van zorgkundigen en verpleegkundigen op de tweede verdieping "
	 "werden herschreven.",
	 "Directie Ter Linde", "2025-06-30", ACTION_DONE, 0, NULL, 0, 0, 1, "2024-11-14",
	 "2024-12-05", "2025-07-01"},
};

static int64_t demo_day(const char *iso)
{
	long days = 0;
	if (!iso || action_date_parse(str_from(iso), &days))
		return 0;
	return (int64_t)days * 86400 + 9 * 3600;
}

static long demo_unit_id(const struct unit *u, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (u[i].code && strcmp(u[i].code, code) == 0)
			return u[i].id;
	return -1;
}

/* The figure the report shows for the unit and scale in wave w, or NAN. */
static double demo_baseline(const struct report *r, size_t w, long unit_id, const char *scale)
{
	struct figure f;
	int s = instrument_scale_index(&r->ins, str_from(scale));
	int u = -1;
	if (unit_id)
		u = report_unit_index(r, unit_id);
	else
		for (size_t i = 0; i < r->nunits && u < 0; i++)
			if (r->parent[i] < 0)
				u = (int)i;
	if (s < 0 || u < 0 || w >= r->nwaves)
		return NAN;
	report_figure(r, w, u, s, &f);
	return f.shown ? round(f.mean * 100) / 100 : NAN;
}

static int demo_one(struct store *st, const struct report *r, const struct unit *u, size_t nu,
		    const struct demo_act *x, long workshop_id)
{
	struct action a;
	long id;
	int rc;

	action_init(&a);
	a.unit_id = x->unit ? demo_unit_id(u, nu, x->unit) : 0;
	if (a.unit_id < 0)
		return 0; /* an instrument or tree without that unit: skip it */
	size_t w = (size_t)x->wave;
	a.year = x->wave == 1 ? 2025 : 2026;
	a.theme = (char *)x->theme;
	a.level = x->level;
	a.title = (char *)x->title;
	a.description = (char *)x->description;
	a.owner = (char *)x->owner;
	a.due = (char *)x->due;
	a.status = ACTION_PROPOSED;
	a.quick_win = x->quick_win;
	/* Team Wilg's plan after the 2024 wave came out of the demo's workshop */
	if (x->unit && strcmp(x->unit, "TL-ZA2-W") == 0 && x->wave == 1)
		a.workshop_id = workshop_id;
	if (x->absence) {
		/*
		 * The baseline is the measured value of the year before the plan's
		 * (as the action form fills it in), else the written one.
		 */
		double v;
		a.indicator_absence = (char *)x->absence;
		a.baseline = x->absence_base;
		a.target = x->absence_target;
		if (action_absence_value(st, x->absence, a.unit_id, a.year - 1, &v) == 0) {
			a.baseline = round(v * 100) / 100;
			a.target = round(v * x->absence_target / x->absence_base * 100) / 100;
		}
	} else if (r && w < r->nwaves) {
		const char *ind = x->indicator ? x->indicator : x->theme;
		int s = instrument_scale_index(&r->ins, str_from(ind));
		if (s >= 0) {
			a.indicator_scale = (char *)ind;
			a.baseline = demo_baseline(r, w, a.unit_id, ind);
			a.baseline_wave_id = r->waves[w].wave.id;
			if (!isnan(a.baseline))
				a.target = a.baseline +
					   (r->ins.scales[s].higher_is_better ? 0.3 : -0.3);
		}
	}
	rc = st->ops->action->add(st, &a, demo_day(x->created), "manager", &id);
	if (!rc && x->approved)
		rc = st->ops->action->approve(st, id, demo_day(x->approved), "preventie",
					      "Goedgekeurd in het directiecomité; budget voorzien.");
	if (!rc && x->progress && x->status != ACTION_APPROVED && x->status != ACTION_PROPOSED) {
		if (x->status == ACTION_DONE)
			rc = st->ops->action->set_status(st, id, ACTION_IN_PROGRESS,
							 demo_day(x->approved) + 86400, "manager",
							 "");
		if (!rc)
			rc = st->ops->action->set_status(st, id, x->status, demo_day(x->progress),
							 "manager", "");
	}
	if (!rc && x->communicated)
		rc = st->ops->action->communicate(st, id, demo_day(x->approved) + 7 * 86400);
	return rc;
}

/*
 * Adds the demo's action plans to a store holding the demo organisation
 * with its closed waves, and switches 'you said, we did' on for invitation
 * links and the public link. Returns 0 or the store's error.
 */
int demo_actions(struct store *st, long workshop_id)
{
	struct report r;
	struct diag d = {0};
	struct unit *u = NULL;
	size_t nu = 0;
	int rc;

	/*
	 * Without a report (no closed wave, or an instrument whose source
	 * cannot be read back, as in the unit test) the actions come without
	 * baselines.
	 */
	int have = report_load(st, 0, &r, &d) == 0;
	rc = st->ops->units_list(st, &u, &nu);
	for (size_t i = 0; i < ARRAY_SIZE(demo_acts) && !rc; i++)
		rc = demo_one(st, have ? &r : NULL, u, nu, &demo_acts[i], workshop_id);
	if (!rc) {
		struct store_yousaid ys;
		rc = st->ops->action->yousaid_get(st, &ys);
		ys.via_invitation = 1;
		ys.via_public = 1;
		ys.gpp_first_year = 2024;
		if (!rc)
			rc = st->ops->action->yousaid_set(st, &ys, 0);
	}
	units_free(u, nu);
	if (have)
		report_release(&r);
	return rc;
}
