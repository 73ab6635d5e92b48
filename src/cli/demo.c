/*
 * demo.c: a realistic synthetic organisation, "Zorggroep Hartslag-Demo",
 * for trying Hartslag and for tests.
 *
 * A Belgian care group: two nursing homes (one in Ghent, in Dutch; one in
 * Brussels, in French) and a home-care service in the Meetjesland, about
 * 320 people in departments and teams. Three closed yearly waves (2023 to
 * 2025) and one open wave (2026) about 40 % answered.
 *
 * Everything but the tokens and the password is deterministic from the
 * seed: our own xoshiro256** (seeded by splitmix64), no rand(), no clock.
 * Answers come from a latent model in the spirit of bench/gen.c: a strain
 * factor per person, team, department and site (plus noise per wave)
 * drives the demands up and the resources down; engagement follows the
 * resources, exhaustion the demands, intention to leave the exhaustion.
 * "Team Wilg" (dementia ward in Ghent) is clearly the worst team and
 * "Team Kaprijke" (home nursing) the best; the Ghent nursing home improves
 * visibly from wave to wave. Scales are mapped to these factors by their
 * kind and id, so any instrument works.
 *
 * Responses go through the real path: wave_create, the invitation's token
 * from wave_invitations, token_hash, invitation_get, response_submit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/demo.h"
#include "core/org.h"
#include "core/util.h"
#include "store/store_absence_followup.h"
#include "store/token.h"

/* The demo's "now": bands and waves are placed relative to this year. */
#define DEMO_YEAR 2026
#define DEMO_FIRST_WAVE 2023
#define DEMO_WAVES 4

/* ---- random numbers ---- */

struct demo_rng {
	uint64_t s[4];
};

static uint64_t demo_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = demo_splitmix64(&x);
}

static uint64_t demo_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t demo_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = demo_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = demo_rotl(s[3], 45);
	return res;
}

/* Uniform in [0, 1). */
static double demo_unif(struct demo_rng *r)
{
	return (double)(demo_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [lo, hi]. */
static int demo_irange(struct demo_rng *r, int lo, int hi)
{
	return lo + (int)(demo_unif(r) * (hi - lo + 1));
}

/* Standard normal (Box-Muller, no caching: one call, two draws). */
static double demo_gauss(struct demo_rng *r)
{
	double u1 = demo_unif(r), u2 = demo_unif(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* A stream of its own for one (seed, purpose, index), independent of draw order elsewhere. */
static void demo_rng_for(struct demo_rng *r, uint64_t seed, uint64_t purpose, uint64_t index)
{
	demo_rng_seed(r, seed ^ (purpose * 0xd1b54a32d192ed03ULL) ^
			      (index * 0x9e3779b97f4a7c15ULL));
}

/* ---- the organisation ---- */

enum demo_kind {
	K_CARE,       /* care unit of a nursing home */
	K_NIGHT,      /* night team */
	K_KITCHEN,
	K_CLEANING,
	K_TECHNICAL,
	K_ADMIN,
	K_DIRECTION,
	K_HOME_NURSING,
	K_FAMILY_CARE,
};

struct demo_site {
	const char *code;
	const char *name;
	double lang_mix[LANG_COUNT]; /* share of nl, fr, en speakers */
	double effect[DEMO_WAVES];   /* site strain per wave: Ter Linde improves */
};

static const struct demo_site demo_sites[] = {
	{"TL", "WZC Ter Linde (Gent)", {0.93, 0.03, 0.04}, {0.45, 0.25, 0.05, -0.10}},
	{"GL", "Résidence Les Glycines (Bruxelles)", {0.10, 0.84, 0.06}, {0.15, 0.20, 0.15, 0.20}},
	{"TZ", "Thuiszorg Meetjesland", {0.92, 0.00, 0.08}, {0.00, 0.05, 0.00, 0.05}},
};

struct demo_team {
	int site;
	const char *dept_code;
	const char *dept_name;
	const char *code;
	const char *name;
	int size;
	enum demo_kind kind;
	double strain; /* a fixed effect: some teams are clearly worse or better */
};

static const struct demo_team demo_teams[] = {
	{0, "TL-ZA0", "Zorgafdeling gelijkvloers", "TL-ZA0-A", "Team Linde A", 14, K_CARE, 0},
	{0, "TL-ZA0", "Zorgafdeling gelijkvloers", "TL-ZA0-B", "Team Linde B", 13, K_CARE, 0.1},
	{0, "TL-ZA1", "Zorgafdeling 1ste verdieping", "TL-ZA1-E", "Team Eik", 14, K_CARE, 0},
	{0, "TL-ZA1", "Zorgafdeling 1ste verdieping", "TL-ZA1-B", "Team Beuk", 12, K_CARE, -0.1},
	{0, "TL-ZA2", "Zorgafdeling 2de verdieping (dementie)", "TL-ZA2-W", "Team Wilg", 15, K_CARE,
	 0.95},
	{0, "TL-ZA2", "Zorgafdeling 2de verdieping (dementie)", "TL-ZA2-B", "Team Berk", 12, K_CARE,
	 0.3},
	{0, "TL-NT", "Nachtteam Ter Linde", "TL-NT-1", "Nachtploeg Ter Linde", 10, K_NIGHT, 0.2},
	{0, "TL-KE", "Keuken Ter Linde", "TL-KE-1", "Keuken en bediening", 12, K_KITCHEN, 0},
	{0, "TL-SC", "Schoonmaak Ter Linde", "TL-SC-1", "Schoonmaakploeg", 11, K_CLEANING, 0.1},
	{0, "TL-TD", "Technische dienst Ter Linde", "TL-TD-1", "Techniek en onderhoud", 5,
	 K_TECHNICAL, -0.2},
	{0, "TL-AD", "Administratie Ter Linde", "TL-AD-1", "Onthaal en administratie", 7, K_ADMIN,
	 -0.3},
	{0, "TL-AD", "Administratie Ter Linde", "TL-AD-2", "Directie Ter Linde", 4, K_DIRECTION, 0},
	{1, "GL-US0", "Unité de soins rez-de-chaussée", "GL-US0-M", "Équipe Mimosa", 13, K_CARE, 0},
	{1, "GL-US0", "Unité de soins rez-de-chaussée", "GL-US0-L", "Équipe Lilas", 12, K_CARE, 0.1},
	{1, "GL-US1", "Unité de soins 1er étage", "GL-US1-I", "Équipe Iris", 14, K_CARE, 0.6},
	{1, "GL-US1", "Unité de soins 1er étage", "GL-US1-J", "Équipe Jasmin", 11, K_CARE, 0},
	{1, "GL-NUIT", "Équipe de nuit", "GL-NUIT-1", "Veilleurs de nuit", 9, K_NIGHT, 0.3},
	{1, "GL-CUI", "Cuisine", "GL-CUI-1", "Cuisine et service", 11, K_KITCHEN, 0},
	{1, "GL-NET", "Nettoyage", "GL-NET-1", "Équipe nettoyage", 10, K_CLEANING, 0.2},
	{1, "GL-TEC", "Service technique", "GL-TEC-1", "Maintenance", 4, K_TECHNICAL, 0},
	{1, "GL-ADM", "Administration", "GL-ADM-1", "Accueil et administration", 6, K_ADMIN, -0.1},
	{1, "GL-ADM", "Administration", "GL-ADM-2", "Direction Les Glycines", 3, K_DIRECTION, 0},
	{2, "TZ-VN", "Thuisverpleging Noord", "TZ-VN-E", "Team Eeklo", 14, K_HOME_NURSING, 0},
	{2, "TZ-VN", "Thuisverpleging Noord", "TZ-VN-K", "Team Kaprijke", 11, K_HOME_NURSING,
	 -0.65},
	{2, "TZ-VZ", "Thuisverpleging Zuid", "TZ-VZ-A", "Team Aalter", 13, K_HOME_NURSING, 0},
	{2, "TZ-VZ", "Thuisverpleging Zuid", "TZ-VZ-K", "Team Knesselare", 12, K_HOME_NURSING,
	 -0.2},
	{2, "TZ-GZ", "Gezinszorg", "TZ-GZ-O", "Team Gezinszorg Oost", 15, K_FAMILY_CARE, 0.1},
	{2, "TZ-GZ", "Gezinszorg", "TZ-GZ-W", "Team Gezinszorg West", 14, K_FAMILY_CARE, 0},
	{2, "TZ-NZ", "Nachtzorg", "TZ-NZ-1", "Nachtzorgteam", 8, K_NIGHT, 0.5},
	{2, "TZ-PL", "Planning en administratie", "TZ-PL-1", "Planning", 6, K_ADMIN, 0.1},
	{2, "TZ-PL", "Planning en administratie", "TZ-PL-2", "Coördinatie thuiszorg", 4,
	 K_DIRECTION, 0},
};

#define DEMO_NTEAMS ARRAY_SIZE(demo_teams)
#define DEMO_ROOT_CODE "ZHD"
#define DEMO_ORG_NAME "Zorggroep Hartslag-Demo"
#define DEMO_MANAGER_UNIT "TL-ZA2" /* the "manager" demo user's department */

static const char *const nl_first[] = {
	"An", "Annelies", "Bart", "Bram", "Caroline", "Dirk", "Els", "Eline", "Evi", "Frank",
	"Greet", "Hanne", "Hilde", "Ilse", "Jan", "Jens", "Jolien", "Karen", "Kathleen", "Koen",
	"Lien", "Lore", "Marc", "Marleen", "Nathalie", "Nele", "Pieter", "Rita", "Sander", "Sarah",
	"Sofie", "Stijn", "Tine", "Tom", "Veerle", "Wim", "Wouter", "Yasmine", "Nadia", "Fatma",
	"Mohamed", "Ayşe", "Joke", "Katrien", "Lotte", "Ruben", "Griet", "Elke",
};
static const char *const nl_last[] = {
	"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
	"Wouters", "De Smet", "Vermeulen", "Van de Velde", "De Vos", "Hermans", "Van den Broeck",
	"Pauwels", "Aerts", "De Clercq", "Desmet", "Verhoeven", "Van Damme", "De Backer",
	"Lambrechts", "Coppens", "Martens", "Vandenberghe", "Van Hecke", "De Meyer", "Smets",
	"Bogaert", "Verstraete", "Van Acker", "El Amrani", "Yılmaz", "Demir", "Haddad", "De Wilde",
	"Van Parys", "D'Hondt", "Vercruysse",
};
static const char *const fr_first[] = {
	"Marie", "Sophie", "Julie", "Camille", "Nathalie", "Isabelle", "Céline", "Aurélie",
	"Amandine", "Sarah", "Fatima", "Aïcha", "Nadia", "Laura", "Émilie", "Jean", "Pierre",
	"Luc", "Philippe", "Olivier", "Nicolas", "Thomas", "Maxime", "Julien", "Karim", "Mehdi",
	"Youssef", "François", "Michel", "Benoît", "Mamadou", "Awa", "Ana", "Joana", "Grégory",
	"Hélène",
};
static const char *const fr_last[] = {
	"Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Lejeune",
	"Renard", "Dumont", "Lemaire", "Mathieu", "Gilson", "Jacquet", "François", "Collard",
	"Lecomte", "Hubert", "Denis", "Noël", "Benali", "El Idrissi", "Bennani", "Diallo",
	"Ndiaye", "Kabongo", "Mukendi", "Da Silva", "Pereira", "Kowalski", "Nowak", "Popescu",
	"Delvaux", "Wauters",
};
static const char *const en_first[] = {
	"Grace", "John", "Emily", "David", "Aisha", "Priya", "Michael", "Olga", "Ahmed", "Maria",
	"Joseph", "Ngozi", "Tomasz", "Elena",
};
static const char *const en_last[] = {
	"Smith", "Okafor", "Mensah", "Patel", "Kowalczyk", "Ivanova", "Murphy", "Rossi",
	"Santos", "Nguyen", "O'Brien", "Adeyemi",
};

/* Comments, without names, by language and tone (0 critical, 1 positive). */
static const char *const demo_comments[LANG_COUNT][2][6] = {
	[LANG_NL] = {
		{"De werkdruk op onze afdeling is de laatste maanden veel te hoog.",
		 "Er zijn te weinig collega's op de late dienst; we komen niet toe aan echte zorg.",
		 "Ik zou graag meer inspraak hebben in de planning.",
		 "Vervangingen bij ziekte worden te laat geregeld.",
		 "De registratie kost veel tijd die we niet aan de bewoners kunnen besteden.",
		 "Na een zware dienst is er geen moment om even stil te staan bij wat er gebeurde."},
		{"De sfeer in ons team is goed, we helpen elkaar.",
		 "Fijn dat de leidinggevende tijd maakt voor een gesprek.",
		 "De opleiding rond dementie was heel nuttig.",
		 "Graag meer van deze bevragingen, en vooral terugkoppeling achteraf.",
		 "Het nieuwe overleg bij de start van de dienst helpt echt.",
		 "Ik werk hier graag, de bewoners geven veel terug."},
	},
	[LANG_FR] = {
		{"La charge de travail est trop lourde, surtout le week-end.",
		 "Nous manquons de personnel pour les soins du soir.",
		 "Les horaires changent trop souvent et trop tard.",
		 "On aimerait être davantage consultés sur l'organisation du travail.",
		 "Le matériel de levage manque souvent à l'étage.",
		 "Il n'y a pas de moment pour parler des situations difficiles."},
		{"Bonne entente dans l'équipe, on peut compter les uns sur les autres.",
		 "La formation sur la manutention était utile.",
		 "Merci pour ce questionnaire, j'espère qu'il y aura un retour.",
		 "La nouvelle organisation des pauses est une vraie amélioration.",
		 "Je me sens écoutée par ma responsable.",
		 "Les résidents et leurs familles nous témoignent beaucoup de reconnaissance."},
	},
	[LANG_EN] = {
		{"Too many short-notice schedule changes.",
		 "The workload on late shifts is not sustainable.",
		 "Information from management often arrives too late.",
		 "It is hard to follow meetings when everything is only in Dutch.",
		 "We need more time for handovers between shifts.",
		 "Travel time between clients is not counted realistically."},
		{"Good support from colleagues.",
		 "Thanks for asking, please share the results with us.",
		 "The language course offered last year helped me a lot.",
		 "My team leader is approachable and fair.",
		 "I like the variety in my work.",
		 "The new planning tool makes my rounds easier."},
	},
};

/* ---- people ---- */

struct demo_person {
	int team;
	char code[16];
	enum lang lang;
	int birth_year;
	int start_year;
	const char *contract;
	const char *shift;
	const char *function_group;
	/* persistent latent traits */
	double strain;
	double scale_eff[MAX_SCALES];
	double missing; /* probability to skip an item */
};

static const char *demo_pick(struct demo_rng *r, const char *const *list, size_t n)
{
	return list[(size_t)(demo_unif(r) * (double)n) % n];
}

static enum lang demo_pick_lang(struct demo_rng *r, const double *mix)
{
	double u = demo_unif(r), c = 0;
	for (int l = 0; l < LANG_COUNT; l++) {
		c += mix[l];
		if (u < c)
			return (enum lang)l;
	}
	return LANG_NL;
}

/* Lower-case ASCII for an e-mail local part: accents folded, others dropped. */
static void demo_mail_part(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p++;
		if (c >= 'A' && c <= 'Z') {
			buf_putc(b, (char)(c - 'A' + 'a'));
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			buf_putc(b, (char)c);
		} else if (c == 0xc3 && *p) {
			/* U+00C0..U+00FF: map the common Latin-1 letters */
			static const char fold[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
			unsigned d = *p++;
			unsigned i = (d - 0x80) & 0x1f;
			if (fold[i] != '/')
				buf_putc(b, fold[i]);
		} else if ((c == 0xc4 && *p == 0xb1) || (c == 0xc5 && *p == 0x9f)) {
			buf_putc(b, c == 0xc4 ? 'i' : 's'); /* Turkish dotless i, s-cedilla */
			p++;
		} else if (c >= 0x80) {
			/* other non-ASCII letters: skip their continuation bytes */
			while ((*p & 0xc0) == 0x80)
				p++;
		}
	}
}

/* Builds an e-mail address, unique among the first n rows. Caller frees. */
static char *demo_email(const char *first, const char *last, const struct employee_row *rows,
			size_t n)
{
	for (int k = 1;; k++) {
		struct buf b = BUF_INIT(MAX_NAME_BYTES);
		int dup = 0;
		demo_mail_part(&b, first);
		buf_putc(&b, '.');
		demo_mail_part(&b, last);
		if (k > 1)
			buf_printf(&b, "%d", k);
		buf_puts(&b, "@hartslag-demo.example");
		char *mail = buf_detach(&b, NULL);
		for (size_t i = 0; i < n && !dup; i++)
			dup = strcmp(rows[i].email, mail) == 0;
		if (!dup)
			return mail;
		free(mail);
	}
}

/* Function group, contract, shift and e-mail habits by kind of team. */
static void demo_job(struct demo_rng *r, enum demo_kind kind, int first_of_team,
		     struct demo_person *p, double *no_mail)
{
	double u = demo_unif(r), c = demo_unif(r), s = demo_unif(r);

	p->contract = c < 0.40 ? "full-time" : c < 0.90 ? "part-time" : "temporary";
	p->shift = s < 0.55 ? "day" : "late";
	switch (kind) {
	case K_CARE:
		p->function_group = first_of_team ? "management" : u < 0.28 ? "nursing" : "care";
		*no_mail = first_of_team ? 0 : u < 0.28 ? 0.10 : 0.55;
		break;
	case K_NIGHT:
		p->function_group = u < 0.3 ? "nursing" : "care";
		p->shift = "night";
		*no_mail = u < 0.3 ? 0.10 : 0.55;
		break;
	case K_KITCHEN:
	case K_CLEANING:
		p->function_group = "support";
		p->shift = kind == K_CLEANING || s < 0.6 ? "day" : "late";
		*no_mail = 0.80;
		break;
	case K_TECHNICAL:
		p->function_group = "support";
		p->shift = "day";
		*no_mail = 0.30;
		break;
	case K_ADMIN:
		p->function_group = "admin";
		p->shift = "day";
		p->contract = c < 0.6 ? "full-time" : c < 0.95 ? "part-time" : "temporary";
		*no_mail = 0;
		break;
	case K_DIRECTION:
		p->function_group = "management";
		p->shift = "day";
		p->contract = c < 0.9 ? "full-time" : "part-time";
		*no_mail = 0;
		break;
	case K_HOME_NURSING:
		p->function_group = first_of_team ? "management" : u < 0.7 ? "nursing" : "care";
		p->shift = s < 0.7 ? "day" : "late";
		*no_mail = 0.15;
		break;
	case K_FAMILY_CARE:
		p->function_group = first_of_team ? "management" : "care";
		p->shift = "day";
		*no_mail = first_of_team ? 0 : 0.60;
		break;
	}
}

/* ---- building the store ---- */

struct demo {
	struct store *st;
	const struct instrument *ins;
	long instrument_id;
	uint64_t seed;
	struct unit_table units;
	struct employee_table emps;
	struct demo_person *people;
	size_t npeople;
	double team_strain[DEMO_NTEAMS];
	double team_rate[DEMO_NTEAMS];
	double team_scale[DEMO_NTEAMS][MAX_SCALES];
	double item_offset[MAX_ITEMS];
	double scale_mu[MAX_SCALES];
	struct demo_info *info;
};

static void demo_add_unit(struct unit_table *t, const char *code, const char *parent,
			  const char *name)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	t->rows[t->n] = (struct unit_row){
		.code = xstrdup(code),
		.parent_code = parent ? xstrdup(parent) : NULL,
		.name = xstrdup(name),
		.line = (long)t->n + 1,
	};
	t->n++;
}

static void demo_build_units(struct demo *d)
{
	demo_add_unit(&d->units, DEMO_ROOT_CODE, NULL, DEMO_ORG_NAME);
	for (size_t s = 0; s < ARRAY_SIZE(demo_sites); s++)
		demo_add_unit(&d->units, demo_sites[s].code, DEMO_ROOT_CODE, demo_sites[s].name);
	for (size_t t = 0; t < DEMO_NTEAMS; t++) {
		const struct demo_team *tm = &demo_teams[t];
		if (t == 0 || strcmp(demo_teams[t - 1].dept_code, tm->dept_code) != 0)
			demo_add_unit(&d->units, tm->dept_code, demo_sites[tm->site].code,
				      tm->dept_name);
		demo_add_unit(&d->units, tm->code, tm->dept_code, tm->name);
	}
}

static void demo_build_people(struct demo *d)
{
	size_t total = 0, k = 0;

	for (size_t t = 0; t < DEMO_NTEAMS; t++)
		total += (size_t)demo_teams[t].size;
	d->people = xcalloc(total, sizeof(*d->people));
	d->emps.rows = xcalloc(total, sizeof(*d->emps.rows));
	for (size_t t = 0; t < DEMO_NTEAMS; t++) {
		const struct demo_team *tm = &demo_teams[t];
		for (int i = 0; i < tm->size; i++, k++) {
			struct demo_person *p = &d->people[k];
			struct employee_row *e = &d->emps.rows[k];
			struct demo_rng r;
			const char *first, *last;
			double no_mail = 0;

			demo_rng_for(&r, d->seed, 1, k);
			p->team = (int)t;
			snprintf(p->code, sizeof(p->code), "D%04zu", k + 1);
			p->lang = demo_pick_lang(&r, demo_sites[tm->site].lang_mix);
			if (p->lang == LANG_FR) {
				first = demo_pick(&r, fr_first, ARRAY_SIZE(fr_first));
				last = demo_pick(&r, fr_last, ARRAY_SIZE(fr_last));
			} else if (p->lang == LANG_EN) {
				first = demo_pick(&r, en_first, ARRAY_SIZE(en_first));
				last = demo_pick(&r, en_last, ARRAY_SIZE(en_last));
			} else {
				first = demo_pick(&r, nl_first, ARRAY_SIZE(nl_first));
				last = demo_pick(&r, nl_last, ARRAY_SIZE(nl_last));
			}
			/* ages 19..64, a little more weight in the middle */
			int age = 19 + (int)((demo_unif(&r) + demo_unif(&r)) * 23.0);
			p->birth_year = DEMO_YEAR - age;
			/* tenure: many short, some very long */
			int max_tenure = age - 18;
			int tenure = (int)(-log(1.0 - demo_unif(&r) * 0.999) * 7.0);
			if (tenure > max_tenure)
				tenure = max_tenure;
			p->start_year = DEMO_YEAR - tenure;
			demo_job(&r, tm->kind, i == 0, p, &no_mail);
			p->strain = 0.55 * demo_gauss(&r);
			for (int s = 0; s < MAX_SCALES; s++)
				p->scale_eff[s] = 0.35 * demo_gauss(&r);
			p->missing = demo_unif(&r) < 0.10 ? 0.11 : 0.01;

			*e = (struct employee_row){
				.code = xstrdup(p->code),
				.unit_code = xstrdup(tm->code),
				.first_name = xstrdup(first),
				.last_name = xstrdup(last),
				.lang = p->lang,
				.birth_year = p->birth_year,
				.start_year = p->start_year,
				.contract = xstrdup(p->contract),
				.shift = xstrdup(p->shift),
				.function_group = xstrdup(p->function_group),
				.line = (long)k + 2,
			};
			e->email = demo_unif(&r) < no_mail ? xstrdup("")
							  : demo_email(first, last, d->emps.rows, k);
		}
	}
	d->npeople = total;
	d->emps.n = total;
}

static void demo_build_effects(struct demo *d)
{
	struct demo_rng r;

	demo_rng_for(&r, d->seed, 2, 0);
	for (size_t t = 0; t < DEMO_NTEAMS; t++) {
		d->team_strain[t] = demo_teams[t].strain + 0.15 * demo_gauss(&r);
		d->team_rate[t] = 0.55 + 0.30 * demo_unif(&r);
		for (int s = 0; s < MAX_SCALES; s++)
			d->team_scale[t][s] = 0.12 * demo_gauss(&r);
	}
	for (int i = 0; i < MAX_ITEMS; i++)
		d->item_offset[i] = 0.2 * demo_gauss(&r);
	for (int s = 0; s < MAX_SCALES; s++)
		d->scale_mu[s] = 0.3 * (demo_unif(&r) - 0.5);
}

/* What drives a scale in the latent model. */
enum demo_factor {
	F_DEMAND,
	F_RARE_EVENT, /* unwanted behaviour and the like: mostly "never" */
	F_RESOURCE,
	F_NEED,
	F_ENGAGEMENT,
	F_EXHAUSTION,
	F_LEAVE,
	F_GOOD_OUTCOME,
	F_BAD_OUTCOME,
};

static int demo_id_has(const char *id, const char *const *words)
{
	for (; *words; words++) {
		if (strstr(id, *words))
			return 1;
	}
	return 0;
}

static enum demo_factor demo_factor_of(const struct scale *sc)
{
	static const char *const rare[] = {"unwanted", "violence", "harass", "bully", "aggress",
					   NULL};
	static const char *const exhaust[] = {"exhaust", "burnout", "fatigue", "strain", NULL};
	static const char *const leave[] = {"leave", "turnover", "quit", NULL};
	static const char *const engage[] = {"engage", "vigour", "vigor", "enthus", "dedic",
					     NULL};
	const char *id = sc->id ? sc->id : "";

	switch (sc->kind) {
	case SCALE_DEMAND:
		return demo_id_has(id, rare) ? F_RARE_EVENT : F_DEMAND;
	case SCALE_RESOURCE:
		return F_RESOURCE;
	case SCALE_NEED:
		return F_NEED;
	case SCALE_OUTCOME:
		if (demo_id_has(id, exhaust))
			return F_EXHAUSTION;
		if (demo_id_has(id, leave))
			return F_LEAVE;
		if (demo_id_has(id, engage))
			return F_ENGAGEMENT;
		return sc->higher_is_better ? F_GOOD_OUTCOME : F_BAD_OUTCOME;
	}
	return F_DEMAND;
}

/* Latent scores of one respondent in one wave, on a 1..5 metric. */
struct demo_latent {
	double demand, resource, exhaustion, engagement, leave;
};

static double demo_clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Fills answers (ins->nitems bytes) and returns the respondent's strain. */
static double demo_answers(struct demo *d, struct demo_rng *w, int wave,
			   const struct demo_person *p, uint8_t *answers)
{
	const struct instrument *ins = d->ins;
	const struct demo_team *tm = &demo_teams[p->team];
	double strain = demo_sites[tm->site].effect[wave] + d->team_strain[p->team] + p->strain +
			0.30 * demo_gauss(w);
	struct demo_latent l;
	double lat[MAX_SCALES];

	if (strcmp(p->shift, "night") == 0)
		strain += 0.15;
	if (strcmp(p->contract, "temporary") == 0)
		strain += 0.10;
	l.demand = strain;
	l.resource = -0.8 * strain + 0.25 * demo_gauss(w);
	l.exhaustion = 2.4 + 0.9 * l.demand + 0.3 * demo_gauss(w);
	l.engagement = 3.7 + 0.8 * l.resource + 0.3 * demo_gauss(w);
	l.leave = 1.8 + 0.7 * (l.exhaustion - 2.4) - 0.2 * (l.engagement - 3.7) +
		  0.3 * demo_gauss(w);

	for (int s = 0; s < ins->nscales && s < MAX_SCALES; s++) {
		const struct scale *sc = &ins->scales[s];
		double base = 0;
		switch (demo_factor_of(sc)) {
		case F_DEMAND:
			base = 2.8 + l.demand;
			if (sc->id && strstr(sc->id, "physical") &&
			    strcmp(p->function_group, "admin") == 0)
				base -= 0.8;
			if (sc->id && strstr(sc->id, "emotional") &&
			    (tm->kind == K_CARE || tm->kind == K_NIGHT))
				base += 0.3;
			/* care jobs are secure, except for temporary contracts */
			if (sc->id && strstr(sc->id, "insecur"))
				base += strcmp(p->contract, "temporary") == 0 ? 0.3 : -0.6;
			break;
		case F_RARE_EVENT:
			base = 1.5 + 0.4 * l.demand;
			break;
		case F_RESOURCE:
			base = 3.5 + l.resource;
			break;
		case F_NEED:
			base = 3.7 + 0.75 * l.resource;
			break;
		case F_ENGAGEMENT:
			base = l.engagement;
			break;
		case F_EXHAUSTION:
			base = l.exhaustion;
			break;
		case F_LEAVE:
			base = l.leave;
			break;
		case F_GOOD_OUTCOME:
			base = 3.7 - 0.5 * (l.exhaustion - 2.4) + 0.3 * l.resource;
			break;
		case F_BAD_OUTCOME:
			base = 2.4 + 0.6 * l.demand;
			break;
		}
		base += d->scale_mu[s] + d->team_scale[p->team][s] + p->scale_eff[s];
		lat[s] = base;
	}
	for (int i = 0; i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];
		int points = ins->answer_scales[it->answer_scale].points;
		double x;
		int v;

		answers[i] = 0;
		if (demo_unif(w) < p->missing)
			continue;
		x = it->scale >= 0 && it->scale < MAX_SCALES ? lat[it->scale] : 3.0;
		x += d->item_offset[i % MAX_ITEMS] + 0.6 * demo_gauss(w);
		/* from the 1..5 metric to the item's points */
		x = 1.0 + (x - 1.0) * (points - 1) / 4.0;
		v = (int)lrint(demo_clamp(x, 1, points));
		/* reverse-keyed items are answered as shown: the mirror of the keyed score */
		if (it->reverse)
			v = points + 1 - v;
		answers[i] = (uint8_t)v;
	}
	return strain;
}

struct demo_invite {
	char code[16];
	char token[TOKEN_TEXT_BYTES + 1];
};

struct demo_invites {
	struct demo_invite *v;
	size_t n, cap;
};

static int demo_collect(void *ctx, const struct invitation_export *e)
{
	struct demo_invites *iv = ctx;
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 512;
		iv->v = xrealloc(iv->v, iv->cap * sizeof(*iv->v));
	}
	struct demo_invite *x = &iv->v[iv->n++];
	snprintf(x->code, sizeof(x->code), "%s", e->employee_code);
	memcpy(x->token, e->token, sizeof(x->token));
	return 0;
}

/* The person behind an employee code "Dnnnn", or NULL. */
static const struct demo_person *demo_person_of(const struct demo *d, const char *code)
{
	long n;
	if (code[0] != 'D' || str_to_long(str_from(code + 1), 1, (long)d->npeople, &n) != 0)
		return NULL;
	return &d->people[n - 1];
}

/* Answers one invitation through the real survey path. */
static int demo_respond(struct demo *d, struct demo_rng *w, int wave, const struct demo_person *p,
			const char *token)
{
	struct store *st = d->st;
	uint8_t hash[TOKEN_HASH_BYTES];
	struct invitation inv;
	uint8_t answers[MAX_ITEMS];
	char *comments[MAX_SCALES] = {0};
	int rc;

	if (token_hash(str_from(token), hash) != 0)
		return diag_set(&st->err, 0, "the store gave back a malformed token");
	rc = st->ops->invitation_get(st, hash, &inv);
	if (rc)
		return rc;
	double strain = demo_answers(d, w, wave, p, answers);
	int nopen = d->ins->nopen < MAX_SCALES ? d->ins->nopen : MAX_SCALES;
	for (int q = 0; q < nopen; q++) {
		if (demo_unif(w) < 0.16) {
			int tone = strain > 0.3 ? 0 : strain < -0.2 ? 1 : demo_unif(w) < 0.5;
			int k = demo_irange(w, 0, 5);
			comments[q] = (char *)demo_comments[inv.lang][tone][k];
		}
	}
	struct response r = {
		.wave_id = inv.wave_id,
		.unit_id = inv.unit_id,
		.age_band = inv.age_band,
		.tenure_band = inv.tenure_band,
		.contract = inv.contract,
		.shift = inv.shift,
		.function_group = inv.function_group,
		.answers = answers,
		.nanswers = (size_t)d->ins->nitems,
		.comments = comments,
		.ncomments = (size_t)nopen,
	};
	rc = st->ops->response_submit(st, hash, &r);
	invitation_release(&inv);
	return rc;
}

/* Imports the employees who had started by the given year (an upsert: repeats are harmless). */
static int demo_import_staff(struct demo *d, int year)
{
	struct employee_table t = {xcalloc(d->emps.n, sizeof(*t.rows)), 0};
	int rc;

	for (size_t i = 0; i < d->emps.n; i++) {
		if (d->emps.rows[i].start_year <= year)
			t.rows[t.n++] = d->emps.rows[i];
	}
	rc = d->st->ops->employees_import(d->st, &t);
	free(t.rows); /* the rows' strings belong to d->emps */
	return rc;
}

static int demo_wave(struct demo *d, int wave, long root)
{
	struct store *st = d->st;
	int year = DEMO_FIRST_WAVE + wave;
	int open = wave == DEMO_WAVES - 1;
	char title[64], opens[32], closes[32];
	struct demo_invites iv = {0};
	size_t *unanswered = NULL, nun = 0;
	struct demo_rng w;
	double rate[DEMO_NTEAMS];
	long id = 0;
	int rc;

	rc = demo_import_staff(d, year);
	if (rc)
		return rc;
	snprintf(title, sizeof(title), "Welzijnsbevraging %d", year);
	snprintf(opens, sizeof(opens), "%d-10-%02d", year, 2 + wave);
	snprintf(closes, sizeof(closes), "%d-%s", year, open ? "12-18" : "10-27");
	struct wave wv = {.title = title, .instrument_id = d->instrument_id, .opens = opens,
			  .closes = closes};
	rc = st->ops->wave_create(st, &wv, &root, 1, &id);
	if (rc)
		return rc;
	rc = st->ops->wave_invitations(st, id, demo_collect, &iv);
	if (rc)
		goto out;
	unanswered = xcalloc(iv.n ? iv.n : 1, sizeof(*unanswered));
	demo_rng_for(&w, d->seed, 3, (uint64_t)wave);
	for (size_t t = 0; t < DEMO_NTEAMS; t++) {
		rate[t] = d->team_rate[t] + 0.05 * (2 * demo_unif(&w) - 1);
		if (open)
			rate[t] *= 0.55; /* the open wave is under way */
	}
	for (size_t i = 0; i < iv.n && !rc; i++) {
		const struct demo_person *p = demo_person_of(d, iv.v[i].code);
		if (!p) {
			rc = diag_set(&st->err, 0, "unexpected employee '%s' in the demo",
				      iv.v[i].code);
			break;
		}
		if (demo_unif(&w) < rate[p->team]) {
			rc = demo_respond(d, &w, wave, p, iv.v[i].token);
			if (!rc)
				d->info->responses++;
		} else {
			unanswered[nun++] = i;
		}
	}
	if (rc)
		goto out;
	if (open) {
		/* a few unused links spread over the organisation, to try the survey */
		size_t want = ARRAY_SIZE(d->info->sample_tokens);
		for (size_t j = 0; j < want && j < nun; j++)
			memcpy(d->info->sample_tokens[j], iv.v[unanswered[j * nun / want]].token,
			       TOKEN_TEXT_BYTES + 1);
		d->info->open_wave_id = id;
	} else {
		rc = st->ops->wave_close(st, id);
	}
	if (!rc)
		d->info->waves++;
out:
	if (iv.v)
		sodium_memzero(iv.v, iv.n * sizeof(*iv.v));
	free(iv.v);
	free(unanswered);
	return rc;
}

static int demo_settings(struct demo *d)
{
	struct store *st = d->st;
	struct org_settings o;
	int rc = st->ops->org_get(st, &o);

	if (rc)
		return rc;
	/* keep base_url: the caller knows where it serves */
	struct org_settings in = {
		.name = DEMO_ORG_NAME,
		.lang = LANG_NL,
		.min_group = 5,
		.comment_min = 10,
		.base_url = o.base_url,
		.help_trusted = "Vertrouwenspersoon / personne de confiance (demo): Els Van Damme, "
				"09 000 00 01, vertrouwenspersoon@hartslag-demo.example",
		.help_advisor = "Preventieadviseur psychosociale aspecten / conseiller en prévention "
				"aspects psychosociaux (demo): Karim Benali, Externe Dienst Demo "
				"vzw, 02 000 00 02, psy@edpb-demo.example",
		.help_eap = "Employee assistance programme (demo): 0800 00 000, 24/7, gratis en "
			    "anoniem / gratuit et anonyme",
		.help_other = "Arbeidsarts / médecin du travail (demo): Externe Dienst Demo vzw, "
			      "02 000 00 03",
	};
	rc = st->ops->org_set(st, &in);
	org_settings_release(&o);
	return rc;
}

static int demo_users(struct demo *d, long root)
{
	struct store *st = d->st;
	struct unit *u = NULL;
	size_t nu = 0;
	long manager_unit = root;
	char hash[PASSWORD_HASH_BYTES];
	char pw[TOKEN_TEXT_BYTES + 1];
	int rc;

	rc = st->ops->units_list(st, &u, &nu);
	if (rc)
		return rc;
	for (size_t i = 0; i < nu; i++) {
		if (strcmp(u[i].code, DEMO_MANAGER_UNIT) == 0)
			manager_unit = u[i].id;
	}
	units_free(u, nu);

	/* one random password for all demo users, hashed once */
	token_new(pw);
	pw[16] = '\0';
	rc = password_hash(pw, hash);
	if (rc) {
		sodium_memzero(pw, sizeof(pw));
		return diag_set(&st->err, 0, "cannot hash the demo password");
	}
	snprintf(d->info->admin_login, sizeof(d->info->admin_login), "admin");
	memcpy(d->info->admin_password, pw, 17); /* 16 characters and the NUL */
	sodium_memzero(pw, sizeof(pw));

	const struct user users[] = {
		{.login = "admin", .role = ROLE_ADMIN, .display_name = "Beheerder (demo)"},
		{.login = "preventie", .role = ROLE_ADVISOR,
		 .display_name = "Preventieadviseur psychosociaal (demo)"},
		{.login = "hr", .role = ROLE_HR, .display_name = "HR-dienst (demo)"},
		{.login = "comite", .role = ROLE_COMMITTEE, .display_name = "Comité PBW (demo)"},
		{.login = "manager", .role = ROLE_MANAGER, .unit_id = manager_unit,
		 .display_name = "Hoofdverpleegkundige 2de verdieping (demo)"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(users) && !rc; i++) {
		struct user x = users[i];
		long id;
		x.pw_hash = hash;
		x.lang = LANG_NL;
		rc = st->ops->user_add(st, &x, &id);
	}
	return rc;
}

static void demo_release(struct demo *d)
{
	unit_table_release(&d->units);
	employee_table_release(&d->emps);
	free(d->people);
}

/*
 * Fills an empty store with Zorggroep Hartslag-Demo: units, employees,
 * settings, users (admin, preventie, hr, comite, manager, all with the
 * random password in out->admin_password), three closed waves and one open
 * wave with responses and comments, made with instrument ins stored as
 * instrument_id. Deterministic from seed except tokens and the password.
 * Returns 0 with out filled, ERR_CONFLICT when the store is not empty, or
 * the store's error (st->err says what). Data written before an error
 * stays: use a fresh database.
 */
int demo_generate(struct store *st, const struct instrument *ins, long instrument_id,
		  uint64_t seed, struct demo_info *out)
{
	struct demo d = {.st = st, .ins = ins, .instrument_id = instrument_id, .seed = seed,
			 .info = out};
	struct unit *u = NULL;
	size_t nu = 0;
	long root = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ins || ins->nitems <= 0 || ins->nitems > MAX_ITEMS || ins->nscales <= 0)
		return diag_set(&st->err, 0, "the demo needs an instrument with items");
	rc = st->ops->units_list(st, &u, &nu);
	if (rc)
		return rc;
	units_free(u, nu);
	if (nu > 0 || st->ops->employees_count(st) != 0) {
		diag_set(&st->err, 0, "the demo needs an empty database");
		return ERR_CONFLICT;
	}
	rc = st->ops->set_sync(st, 0);
	if (rc)
		return rc;
	demo_build_units(&d);
	demo_build_people(&d);
	demo_build_effects(&d);
	rc = st->ops->units_import(st, &d.units);
	if (rc)
		goto out;
	rc = st->ops->units_list(st, &u, &nu);
	if (rc)
		goto out;
	root = nu > 0 ? u[0].id : 0;
	out->units = (long)nu;
	units_free(u, nu);
	if ((rc = demo_settings(&d)) || (rc = demo_users(&d, root)))
		goto out;
	for (int wave = 0; wave < DEMO_WAVES && !rc; wave++)
		rc = demo_wave(&d, wave, root);
	if (rc)
		goto out;
	if ((rc = demo_absence_generate(st, seed, 0)))
		goto out;
	/* the presence policy's tasks and two return-to-work plans (absence_followup) */
	if ((rc = followup_demo(st, 0)))
		goto out;
	out->employees = st->ops->employees_count(st);
	/* the workshop first: Team Wilg's actions came out of it */
	long ws = 0;
	rc = demo_workshop(st, &ws);
	if (!rc)
		rc = demo_actions(st, ws);
out:
	demo_release(&d);
	{
		int rc2 = st->ops->set_sync(st, 1);
		if (!rc)
			rc = rc2;
	}
	return rc;
}
