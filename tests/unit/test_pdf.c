/*
 * test_pdf.c: invitation letters and personal feedback as PDF. Renders
 * real documents and, where poppler-utils and zbar-tools are installed,
 * reads them back: the text must really be in the PDF and the QR code
 * must decode to the link.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "report/pdf.h"

#define URL_EN "https://welzijn.example.be/s/Qm9vLXRva2VuLWVuLTAxMjM0NTY3ODlhYmNkZWZnaGlq"
#define URL_NL "https://welzijn.example.be/s/NL-tok_0123456789abcdefghijABCDEFGHIJ-_xyz0"
#define URL_FR "https://welzijn.example.be/s/FRtoken-9876543210zyxwvutsrqponmlkjihgf_-01"

/* ---- a small instrument built by hand ---- */

static void set_text(struct text *t, const char *nl, const char *fr, const char *en)
{
	t->t[LANG_NL] = xstrdup(nl);
	t->t[LANG_FR] = xstrdup(fr);
	t->t[LANG_EN] = xstrdup(en);
}

static void add_scale(struct instrument *ins, const char *id, enum scale_kind kind, int hib,
		      double orange, double red, const char *nl, const char *fr, const char *en)
{
	struct scale *sc = &ins->scales[ins->nscales++];
	memset(sc, 0, sizeof(*sc));
	sc->id = xstrdup(id);
	sc->kind = kind;
	sc->higher_is_better = hib;
	sc->orange = orange;
	sc->red = red;
	sc->points = 5;
	sc->min_items = 1;
	set_text(&sc->name, nl, fr, en);
	const char *zone[3] = {"groen", "oranje", "rood"};
	for (int z = 0; z < 3; z++) {
		char b[3][200];
		snprintf(b[0], sizeof(b[0]), "NL-feedback %s %s: praat erover met je team.", id,
			 zone[z]);
		snprintf(b[1], sizeof(b[1]), "FR-feedback %s %s : parlez-en avec l'équipe.",
			 id, zone[z]);
		snprintf(b[2], sizeof(b[2]), "EN-feedback %s %s: talk about it with your team.", id,
			 zone[z]);
		set_text(&sc->feedback[z], b[0], b[1], b[2]);
	}
}

static void make_instrument(struct instrument *ins)
{
	memset(ins, 0, sizeof(*ins));
	ins->id = xstrdup("test-jdr");
	ins->version = 1;
	set_text(&ins->title, "Werkbeleving", "Vécu du travail", "Work experience");
	ins->scales = xcalloc(4, sizeof(*ins->scales));
	add_scale(ins, "workload", SCALE_DEMAND, 0, 3.0, 3.8, "Werkdruk", "Charge de travail",
		  "Workload");
	add_scale(ins, "autonomy", SCALE_RESOURCE, 1, 3.0, 2.2, "Autonomie", "Autonomie",
		  "Autonomy");
	add_scale(ins, "support", SCALE_RESOURCE, 1, 3.2, 2.5, "Steun van collega's",
		  "Soutien des collègues", "Support from colleagues");
	add_scale(ins, "vigour", SCALE_OUTCOME, 1, 3.0, 2.0, "Energie", "Énergie", "Vigour");
}

static void free_instrument(struct instrument *ins)
{
	for (int i = 0; i < ins->nscales; i++) {
		struct scale *sc = &ins->scales[i];
		free(sc->id);
		text_release(&sc->name);
		for (int z = 0; z < 3; z++)
			text_release(&sc->feedback[z]);
	}
	free(ins->scales);
	free(ins->id);
	text_release(&ins->title);
}

/* ---- helpers to read a PDF back ---- */

struct tmp {
	char dir[64];
	char pdf[96];
};

static void tmp_init(struct tmp *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/hartslag-test-pdf-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->pdf, sizeof(t->pdf), "%s/doc.pdf", t->dir);
}

static void tmp_write(struct tmp *t, const struct buf *b)
{
	FILE *f = fopen(t->pdf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

static void tmp_release(struct tmp *t)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

static int have(const char *prog)
{
	return access(prog, X_OK) == 0;
}

/* Runs cmd and returns its standard output (caller frees), or NULL. */
static char *run(const char *cmd)
{
	struct buf b = BUF_INIT(16 * 1024 * 1024);
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	int st = pclose(p);
	if (st != 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, &n);
}

/* Collapses every run of white space (no-break spaces too) into one space, in place. */
static void squeeze(char *s)
{
	char *w = s;
	int sp = 0;
	for (char *r = s; *r; r++) {
		if (isspace((unsigned char)*r)) {
			sp = 1;
			continue;
		}
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			sp = 1;
			r++;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* Removes all white space, in place (a wrapped link comes back whole). */
static void unspace(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++)
		if (!isspace((unsigned char)*r))
			*w++ = *r;
	*w = '\0';
}

/* The text of pages first..last (0 for all), white space squeezed; caller frees. */
static char *pdf_words(struct tmp *t, int first, int last)
{
	char cmd[256];
	if (first)
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -f %d -l %d '%s' -", first, last,
			 t->pdf);
	else
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", t->pdf);
	char *s = run(cmd);
	assert_non_null(s);
	squeeze(s);
	return s;
}

static long pdf_pages(struct tmp *t)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", t->pdf);
	char *s = run(cmd);
	assert_non_null(s);
	char *p = strstr(s, "Pages:");
	assert_non_null(p);
	long n = strtol(p + 6, NULL, 10);
	free(s);
	return n;
}

#define assert_contains(hay, needle)                                                      \
	do {                                                                                \
		if (!strstr((hay), (needle)))                                               \
			fail_msg("'%s' not found in: %.2000s", (needle), (hay));            \
	} while (0)
#define assert_not_contains(hay, needle)                                                  \
	do {                                                                                \
		if (strstr((hay), (needle)))                                                \
			fail_msg("'%s' unexpectedly found", (needle));                      \
	} while (0)

static void assert_pdf_shape(const struct buf *b, size_t from)
{
	assert_true(b->len > from + 1000);
	assert_memory_equal(b->p + from, "%PDF-", 5);
	/* %%EOF, perhaps followed by an end of line */
	const char *end = b->p + b->len;
	while (end > b->p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	assert_true(end - b->p >= 5);
	assert_memory_equal(end - 5, "%%EOF", 5);
}

static const struct letters_info info = {
	.org_name = "Stad Hartveld",
	.wave_title = "Welzijnsbevraging 2025",
	.closes = "2025-03-31",
	.min_group = 5,
	.help_trusted = "Ann Peeters, 09 123 45 67, vertrouwen@hartveld.be",
	.help_advisor = "Mensura, Dirk Janssens, 02 555 55 55",
};

/* ---- letters ---- */

static void test_letters_three_languages(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	const struct letter l[] = {
		{"Jan", "Janssens", "Team Noord", LANG_EN, URL_EN},
		{"An", "Peeters", "Onthaal", LANG_NL, URL_NL},
		{"Zoé", "Lefèvre", "Accueil", LANG_FR, URL_FR},
	};

	assert_int_equal(pdf_letters(&info, l, ARRAY_SIZE(l), &out), 0);
	assert_pdf_shape(&out, 0);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text not checked\n");
		buf_release(&out);
		return;
	}
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, &out);
	assert_int_equal(pdf_pages(&t), 3);

	char *en = pdf_words(&t, 1, 1);
	assert_contains(en, "Dear Jan,");
	assert_contains(en, "Jan Janssens");
	assert_contains(en, "Team Noord");
	assert_contains(en, "Your answers are anonymous");
	assert_contains(en, "groups of at least 5 people");
	assert_contains(en, "31 March 2025");
	assert_contains(en, "about 15 minutes");
	assert_contains(en, "Ann Peeters, 09 123 45 67");
	assert_contains(en, "Mensura, Dirk Janssens");
	assert_contains(en, "Stad Hartveld");
	assert_contains(en, "Welzijnsbevraging 2025");
	unspace(en);
	assert_contains(en, URL_EN);
	assert_not_contains(en, URL_NL); /* one person's link on one person's page */

	char *nl = pdf_words(&t, 2, 2);
	assert_contains(nl, "Beste An,");
	assert_contains(nl, "Je antwoorden zijn anoniem");
	assert_contains(nl, "minstens 5 personen");
	assert_contains(nl, "31 maart 2025");
	assert_contains(nl, "Vertrouwenspersoon");
	assert_contains(nl, "Preventieadviseur psychosociale aspecten");
	assert_contains(nl, "Ann Peeters, 09 123 45 67");
	unspace(nl);
	assert_contains(nl, URL_NL);

	char *fr = pdf_words(&t, 3, 3);
	assert_contains(fr, "Bonjour Zoé,");
	assert_contains(fr, "Zoé Lefèvre");
	assert_contains(fr, "Vos réponses sont anonymes");
	assert_contains(fr, "au moins 5 personnes");
	assert_contains(fr, "31 mars 2025");
	unspace(fr);
	assert_contains(fr, URL_FR);

	free(en);
	free(nl);
	free(fr);
	tmp_release(&t);
	buf_release(&out);
}

static void test_letters_hostile_names(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	char long_name[400];
	memset(long_name, 'W', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	const char *meta = "Robert'); DROP TABLE employees;--";
	const char *html = "<b>O'Brien & \"Söhne\"</b>";
	struct letters_info li = info;
	li.org_name = "<script>alert(1)</script> & Co";
	li.help_trusted = NULL;
	li.help_advisor = "";
	const struct letter l[] = {
		{meta, html, "R&D <lab>", LANG_EN, URL_EN},
		{long_name, long_name, long_name, LANG_NL, URL_NL},
		{"Bad\xff\xfe utf8\x01", NULL, NULL, LANG_FR, URL_FR},
		{"", "Nobody", "", LANG_EN, URL_EN},
	};

	assert_int_equal(pdf_letters(&li, l, ARRAY_SIZE(l), &out), 0);
	assert_pdf_shape(&out, 0);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text not checked\n");
		buf_release(&out);
		return;
	}
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, &out);
	/* However long a name, one sheet per person. */
	assert_int_equal(pdf_pages(&t), 4);

	char *p1 = pdf_words(&t, 1, 1);
	assert_contains(p1, "Dear Robert'); DROP TABLE employees;--,");
	assert_contains(p1, "<b>O'Brien & \"Söhne\"</b>");
	assert_contains(p1, "R&D <lab>");
	assert_contains(p1, "<script>alert(1)</script> & Co");
	/* no contacts set: no section about them */
	assert_not_contains(p1, "Questions?");
	char *p2 = pdf_words(&t, 2, 2);
	assert_contains(p2, "WWWWWWWWWWWWWWWWWWWW");
	assert_contains(p2, "…"); /* clipped, not overflowing */
	char *p3 = pdf_words(&t, 3, 3);
	assert_contains(p3, "Bonjour Bad");
	assert_contains(p3, "utf8");
	char *p4 = pdf_words(&t, 4, 4);
	assert_contains(p4, "Dear colleague,");

	free(p1);
	free(p2);
	free(p3);
	free(p4);
	tmp_release(&t);
	buf_release(&out);
}

static void test_letters_qr_decodes(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	const struct letter l[] = {
		{"An", "Peeters", "Onthaal", LANG_NL, URL_NL},
	};

	if (!have("/usr/bin/zbarimg") || !have("/usr/bin/pdftoppm")) {
		print_message("zbarimg or pdftoppm missing (zbar-tools, poppler-utils): QR code "
			      "not decoded\n");
		skip();
	}
	assert_int_equal(pdf_letters(&info, l, 1, &out), 0);
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, &out);
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "pdftoppm -r 150 -gray -png -singlefile '%s' '%s/page' && "
		 "zbarimg --quiet --raw '%s/page.png' 2>/dev/null",
		 t.pdf, t.dir, t.dir);
	char *s = run(cmd);
	assert_non_null(s);
	while (*s && isspace((unsigned char)s[strlen(s) - 1]))
		s[strlen(s) - 1] = '\0';
	assert_string_equal(s, URL_NL);
	free(s);
	tmp_release(&t);
	buf_release(&out);
}

static void test_letters_long_link_wraps_whole(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	char url[400];
	int n = snprintf(url, sizeof(url), "https://welzijn.example.be/s/");
	for (int i = 0; n < 300; i++)
		url[n++] = "abcdefghijklmnopqrstuvwxyz-_0123456789"[i % 38];
	url[n] = '\0';
	const struct letter l[] = {{"Els", "Maes", "IT", LANG_EN, url}};

	assert_int_equal(pdf_letters(&info, l, 1, &out), 0);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): link not checked\n");
		buf_release(&out);
		return;
	}
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, &out);
	char *s = pdf_words(&t, 0, 0);
	unspace(s);
	/* Wrapped over lines, but no character added or lost (no hyphens). */
	assert_contains(s, url);
	free(s);
	tmp_release(&t);
	buf_release(&out);
}

static void test_letters_errors(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	struct letter ok = {"Jan", "Janssens", "Team", LANG_EN, URL_EN};
	struct letter nourl = {"Jan", "Janssens", "Team", LANG_EN, NULL};
	struct letters_info weak = info;
	weak.min_group = 2;
	struct letters_info noclose = info;
	noclose.closes = NULL;
	struct letters_info noorg = info;
	noorg.org_name = "";

	assert_int_equal(pdf_letters(&info, &ok, 0, &out), ERR_INVALID);
	assert_int_equal(pdf_letters(&info, &nourl, 1, &out), ERR_INVALID);
	assert_int_equal(pdf_letters(&weak, &ok, 1, &out), ERR_INVALID);
	assert_int_equal(pdf_letters(&noclose, &ok, 1, &out), ERR_INVALID);
	assert_int_equal(pdf_letters(&noorg, &ok, 1, &out), ERR_INVALID);
	assert_int_equal(out.len, 0);

	/* The PDF is appended after what the buffer held. */
	assert_int_equal(buf_puts(&out, "head"), 0);
	assert_int_equal(pdf_letters(&info, &ok, 1, &out), 0);
	assert_memory_equal(out.p, "head%PDF-", 9);
	assert_pdf_shape(&out, 4);
	buf_release(&out);

	/* Past the ceiling: an error, and the buffer released. */
	struct buf small = BUF_INIT(4096);
	assert_int_equal(pdf_letters(&info, &ok, 1, &small), ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
}

static void test_letters_300_fast(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	enum { N = 300 };
	struct letter *l = xcalloc(N, sizeof(*l));
	char(*urls)[128] = xcalloc(N, sizeof(*urls));
	char(*names)[32] = xcalloc(N, sizeof(*names));
	for (int i = 0; i < N; i++) {
		snprintf(urls[i], sizeof(urls[i]),
			 "https://welzijn.example.be/s/tok%040d", i);
		snprintf(names[i], sizeof(names[i]), "Werknemer %d", i);
		l[i] = (struct letter){names[i], "Test", "Productie", (enum lang)(i % 3), urls[i]};
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(pdf_letters(&info, l, N, &out), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	print_message("300 letters: %.2f s, %zu bytes\n", secs, out.len);
	assert_pdf_shape(&out, 0);
	/* "A few seconds" on a normal machine; generous for sanitizer builds. */
	assert_true(secs < 30.0);
	if (have("/usr/bin/pdfinfo")) {
		struct tmp t;
		tmp_init(&t);
		tmp_write(&t, &out);
		assert_int_equal(pdf_pages(&t), N);
		tmp_release(&t);
	}
	free(l);
	free(urls);
	free(names);
	buf_release(&out);
}

/* ---- feedback ---- */

static struct org_settings org = {
	.name = "Stad Hartveld",
	.lang = LANG_NL,
	.min_group = 5,
	.comment_min = 10,
	.help_trusted = "Ann Peeters, 09 123 45 67",
	.help_advisor = "Mensura, Dirk Janssens",
	.help_eap = NULL,
	.help_other = "Huisarts of CAW, 0800 13 500",
};

static void test_feedback_nl(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	make_instrument(&ins);
	/* workload orange, autonomy red, support none, vigour green */
	double scores[] = {3.4, 2.0, NAN, 4.2};

	assert_int_equal(pdf_feedback(&ins, scores, LANG_NL, &org, &out), 0);
	assert_pdf_shape(&out, 0);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text of the feedback not "
			      "checked\n");
		goto done;
	}
	struct tmp t;
	tmp_init(&t);
	tmp_write(&t, &out);
	char *s = pdf_words(&t, 0, 0);
	assert_contains(s, "Jouw persoonlijke feedback");
	assert_contains(s, "Werkbeleving");
	assert_contains(s, "niet met je naam bewaard");
	assert_contains(s, "Wat je werk van je vraagt");
	assert_contains(s, "Werkdruk");
	assert_contains(s, "3,4 op 5");
	assert_contains(s, "Oranje zone");
	assert_contains(s, "NL-feedback workload oranje");
	assert_not_contains(s, "NL-feedback workload groen");
	assert_contains(s, "Autonomie");
	assert_contains(s, "2,0 op 5");
	assert_contains(s, "NL-feedback autonomy rood");
	assert_contains(s, "Steun van collega's");
	assert_contains(s, "Geen score: te weinig vragen beantwoord.");
	assert_not_contains(s, "NL-feedback support");
	assert_contains(s, "Energie");
	assert_contains(s, "NL-feedback vigour groen");
	assert_contains(s, "Hulp");
	assert_contains(s, "Vertrouwenspersoon");
	assert_contains(s, "Ann Peeters, 09 123 45 67");
	assert_contains(s, "Mensura, Dirk Janssens");
	assert_contains(s, "Huisarts of CAW");
	assert_not_contains(s, "Hulpprogramma"); /* help_eap not set */
	assert_contains(s, "112");
	assert_contains(s, "Zelfmoordlijn op 1813");
	assert_contains(s, "0800 32 123");
	assert_not_contains(s, "EN-feedback");
	free(s);
	tmp_release(&t);
done:
	buf_release(&out);
	free_instrument(&ins);
}

static void test_feedback_fr_en_and_no_org(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	make_instrument(&ins);
	double scores[] = {4.5, 4.0, 3.0, NAN};

	assert_int_equal(pdf_feedback(&ins, scores, LANG_FR, &org, &out), 0);
	assert_pdf_shape(&out, 0);
	size_t fr_len = out.len;
	assert_int_equal(pdf_feedback(&ins, scores, LANG_EN, NULL, &out), 0);
	assert_pdf_shape(&out, fr_len);
	if (!have("/usr/bin/pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text of the feedback not "
			      "checked\n");
		goto done;
	}
	struct tmp t;
	tmp_init(&t);
	struct buf one = {out.p, fr_len, fr_len, fr_len};
	tmp_write(&t, &one);
	char *s = pdf_words(&t, 0, 0);
	assert_contains(s, "Votre retour personnel");
	assert_contains(s, "Charge de travail");
	assert_contains(s, "4,5 sur 5");
	assert_contains(s, "Zone rouge");
	assert_contains(s, "FR-feedback workload rood");
	assert_contains(s, "Personne de confiance");
	assert_contains(s, "Centre de Prévention du Suicide au 0800 32 123");
	assert_contains(s, "1813");
	free(s);

	struct buf two = {out.p + fr_len, out.len - fr_len, out.len - fr_len, out.len - fr_len};
	tmp_write(&t, &two);
	s = pdf_words(&t, 0, 0);
	assert_contains(s, "Your personal feedback");
	assert_contains(s, "4.5 of 5");
	assert_contains(s, "Red zone");
	assert_contains(s, "Vigour");
	assert_contains(s, "No score");
	assert_contains(s, "call 112");
	assert_contains(s, "Zelfmoordlijn on 1813");
	assert_not_contains(s, "Trusted person"); /* no organisation given */
	free(s);
	tmp_release(&t);
done:
	buf_release(&out);
	free_instrument(&ins);
}

static void test_feedback_many_scales_pages(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	make_instrument(&ins);
	/* 24 scales cannot fit on one page: blocks move to the next pages */
	for (int i = 0; i < ins.nscales; i++) {
		free(ins.scales[i].id);
		text_release(&ins.scales[i].name);
		for (int z = 0; z < 3; z++)
			text_release(&ins.scales[i].feedback[z]);
	}
	free(ins.scales);
	ins.nscales = 0;
	ins.scales = xcalloc(24, sizeof(*ins.scales));
	double scores[24];
	for (int i = 0; i < 24; i++) {
		char id[16];
		snprintf(id, sizeof(id), "s%02d", i);
		add_scale(&ins, id, (enum scale_kind)(i % 4), i % 4 != 0, 3.0, i % 4 ? 2.0 : 4.0,
			  id, id, id);
		scores[i] = 1.0 + (i % 9) * 0.5;
	}
	assert_int_equal(pdf_feedback(&ins, scores, LANG_EN, &org, &out), 0);
	assert_pdf_shape(&out, 0);
	if (have("/usr/bin/pdftotext")) {
		struct tmp t;
		tmp_init(&t);
		tmp_write(&t, &out);
		assert_true(pdf_pages(&t) >= 2);
		char *s = pdf_words(&t, 0, 0);
		for (int i = 0; i < 24; i++) {
			char fb[64];
			snprintf(fb, sizeof(fb), "EN-feedback s%02d", i);
			assert_contains(s, fb);
		}
		assert_contains(s, "Page 2");
		free(s);
		tmp_release(&t);
	}
	buf_release(&out);
	free_instrument(&ins);
}

static void test_feedback_errors(void **state)
{
	(void)state;
	struct instrument ins;
	struct buf out = BUF_INIT(MAX_PDF_BYTES);
	double scores[] = {3.0, 3.0, 3.0, 3.0};
	make_instrument(&ins);
	assert_int_equal(pdf_feedback(NULL, scores, LANG_EN, &org, &out), ERR_INVALID);
	assert_int_equal(pdf_feedback(&ins, NULL, LANG_EN, &org, &out), ERR_INVALID);
	struct buf small = BUF_INIT(2000);
	assert_int_equal(pdf_feedback(&ins, scores, LANG_EN, &org, &small), ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
	buf_release(&out);
	free_instrument(&ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_three_languages),
		cmocka_unit_test(test_letters_hostile_names),
		cmocka_unit_test(test_letters_qr_decodes),
		cmocka_unit_test(test_letters_long_link_wraps_whole),
		cmocka_unit_test(test_letters_errors),
		cmocka_unit_test(test_letters_300_fast),
		cmocka_unit_test(test_feedback_nl),
		cmocka_unit_test(test_feedback_fr_en_and_no_org),
		cmocka_unit_test(test_feedback_many_scales_pages),
		cmocka_unit_test(test_feedback_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
