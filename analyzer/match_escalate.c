/* match_escalate: the repository-stage join of rules that are only dangerous together
 * (escalate_with / escalate_to in docs/rules.md): e.g. a known-vulnerable library version
 * is a blocker once the vulnerable component is used somewhere. */
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "match.h"
#include "rules_impl.h"

static int cmp_rule_id(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const rule *)elem)->id);
}

static const rule *rule_by_id(const ruleset *rs, const char *id)
{
    return bsearch(id, rs->rules.items, rs->rules.len, sizeof *rs->rules.items, cmp_rule_id);
}

/* The first finding (in report order) of a rule matching the glob, or NULL. */
static const finding *first_of(const finding_list *fl, const char *glob)
{
    for (size_t i = 0; i < fl->len; i++)
        if (fl->items[i].rule && glob_match(glob, fl->items[i].rule)) return &fl->items[i];
    return NULL;
}

void match_escalate(const ruleset *rs, finding_list *fl)
{
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        const rule *r = f->rule ? rule_by_id(rs, f->rule) : NULL;
        if (!r || !r->escalate_with || f->severity >= r->escalate_to) continue;
        const finding *with = first_of(fl, r->escalate_with);
        if (!with) continue;
        buf m = {0};
        buf_printf(&m, "%s; together with %s at %s:%u", f->message, with->rule, with->file, with->line);
        free(f->message);
        f->message = buf_take(&m);
        f->severity = r->escalate_to;
    }
}
