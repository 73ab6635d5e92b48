/*
 * absence_rules.c: warning lights, presence policy and return to work
 * (absence_rules.h). Being written: the functions below return
 * ERR_GENERIC until they are filled in.
 */
#include <math.h>
#include <string.h>

#include "absence_rules.h"
#include "i18n.h"

void light_settings_default(struct light_settings *s) { memset(s, 0, sizeof(*s)); }
int light_settings_check(const struct light_settings *s) { (void)s; return ERR_GENERIC; }
int light_evaluate(const struct light_settings *s, const double cur[AI_COUNT],
		   const double prev[AI_COUNT], struct light_result *out)
{ (void)s; (void)cur; (void)prev; memset(out, 0, sizeof(*out)); return ERR_GENERIC; }
enum light light_of(const struct light_threshold *t, double cur, double prev)
{ (void)t; (void)cur; (void)prev; return LIGHT_NONE; }
enum trend trend_of(double cur, double prev, double tol) { (void)cur; (void)prev; (void)tol; return TREND_NONE; }
const char *light_code(enum light l) { (void)l; return "none"; }
const char *light_name(enum light l) { (void)l; return ""; }
const char *trend_name(enum trend t) { (void)t; return ""; }
void presence_policy_default(struct presence_policy *p) { memset(p, 0, sizeof(*p)); }
int presence_policy_check(const struct presence_policy *p) { (void)p; return ERR_GENERIC; }
int policy_evaluate(const struct presence_policy *p, long employee_id,
		    const struct absence_record *rec, size_t n, int32_t asof,
		    struct policy_hit *out, size_t cap)
{ (void)p; (void)employee_id; (void)rec; (void)n; (void)asof; (void)out; (void)cap; return ERR_GENERIC; }
const char *policy_action_name(enum policy_action a) { (void)a; return ""; }
const char *policy_action_code(enum policy_action a) { (void)a; return ""; }
const char *const *policy_guide(enum policy_action a, size_t *n) { (void)a; *n = 0; return NULL; }
int rtw_plan(enum rtw_template t, int32_t start, int32_t ret, struct rtw_step *out, size_t cap)
{ (void)t; (void)start; (void)ret; (void)out; (void)cap; return ERR_GENERIC; }
const char *rtw_template_name(enum rtw_template t) { (void)t; return ""; }
const char *rtw_template_code(enum rtw_template t) { (void)t; return ""; }
const char *rtw_phase_name(enum rtw_phase p) { (void)p; return ""; }
void rit_settings_default(struct rit_settings *s) { memset(s, 0, sizeof(*s)); }
int rit_settings_check(const struct rit_settings *s) { (void)s; return ERR_GENERIC; }
int rit_reminders(const struct rit_settings *s, const struct rit_case *c,
		  struct rit_reminder *out, size_t cap)
{ (void)s; (void)c; (void)out; (void)cap; return ERR_GENERIC; }
