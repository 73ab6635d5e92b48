/*
 * absence_import.c: absences and HR events from CSV (absence_import.h).
 * Being written: the parsers return ERR_GENERIC until they are filled in.
 */
#include <stdlib.h>
#include <string.h>

#include "absence_import.h"
#include "i18n.h"

void absence_codes_add(struct absence_codes *t, const char *code, long id) { (void)t; (void)code; (void)id; }
void absence_codes_sort(struct absence_codes *t) { (void)t; }
long absence_codes_lookup(void *ctx, const char *code) { (void)ctx; (void)code; return 0; }
void absence_codes_release(struct absence_codes *t) { (void)t; }
int absence_parse_records(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			  struct absence_table *out, struct import_report *rep)
{ (void)data; (void)len; (void)lookup; (void)ctx; (void)rep; memset(out, 0, sizeof(*out)); return ERR_GENERIC; }
int absence_parse_events(const char *data, size_t len, absence_lookup_fn lookup, void *ctx,
			 struct hr_event_table *out, struct import_report *rep)
{ (void)data; (void)len; (void)lookup; (void)ctx; (void)rep; memset(out, 0, sizeof(*out)); return ERR_GENERIC; }
int absence_import_replaces(const struct absence_table *t, enum absence_import_mode m,
			    const struct absence_record *r) { (void)t; (void)m; (void)r; return 0; }
int absence_import_check(const struct absence_table *t, enum absence_import_mode m,
			 const struct absence_record *stored, size_t nstored,
			 struct import_report *rep)
{ (void)t; (void)m; (void)stored; (void)nstored; (void)rep; return ERR_GENERIC; }
void absence_table_release(struct absence_table *t) { free(t->rows); memset(t, 0, sizeof(*t)); }
void hr_event_table_release(struct hr_event_table *t) { free(t->rows); memset(t, 0, sizeof(*t)); }
int absence_kind_parse(struct str v) { (void)v; return -1; }
int absence_cert_parse(struct str v) { (void)v; return -1; }
int hr_event_parse(struct str v) { (void)v; return -1; }
int absence_pct_parse(struct str v, int *out) { (void)v; (void)out; return -1; }
