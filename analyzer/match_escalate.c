/* match_escalate: the repository-stage join of rules that are only dangerous together
 * (escalate_with / escalate_to in docs/rules.md): e.g. a known-vulnerable library version
 * is a blocker once the vulnerable component is used somewhere. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "glob.h"
#include "match.h"
#include "provenance.h"
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

/* Whether a finding comes from operative code or applied configuration (its stamp from
 * the file's reading, else its path). */
static bool operative(const finding *f)
{
    provenance_info p = provenance_of_path(f->file ? f->file : "");
    if (f->prov) p.kind = (provenance)f->prov;
    return provenance_is_operative(p.kind);
}

/* The first operative finding of any of the '|'-separated globs in [s, e), or NULL. */
static const finding *first_of_any(const finding_list *fl, const char *s, const char *e)
{
    for (size_t i = 0; i < fl->len; i++) {
        const finding *f = &fl->items[i];
        if (!f->rule || !operative(f)) continue;
        for (const char *a = s; a < e;) {
            const char *bar = memchr(a, '|', (size_t)(e - a));
            const char *end = bar ? bar : e;
            char *g = xstrndup(a, (size_t)(end - a));
            bool hit = glob_match(g, f->rule);
            free(g);
            if (hit) return f;
            a = bar ? bar + 1 : e;
        }
    }
    return NULL;
}

/* The list form of escalate_with: every condition has an operative finding; their
 * places are appended to *m. */
static bool all_hold(const finding_list *fl, const char *conds, buf *m)
{
    buf where = {0};
    for (const char *c = conds; *c;) {
        const char *nl = strchr(c, '\n');
        const char *end = nl ? nl : c + strlen(c);
        const finding *w = first_of_any(fl, c, end);
        if (!w) { buf_free(&where); return false; }
        buf_printf(&where, "%s%s at %s:%u", where.len ? ", " : "", w->rule, w->file, w->line);
        c = nl ? nl + 1 : end;
    }
    buf_printf(m, "; together with %s", where.data);
    buf_free(&where);
    return true;
}

void match_escalate(const ruleset *rs, finding_list *fl)
{
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        const rule *r = f->rule ? rule_by_id(rs, f->rule) : NULL;
        if (!r || !r->escalate_with || f->severity >= r->escalate_to) continue;
        if (r->escalate_all) {
            buf m = {0};
            buf_puts(&m, f->message);
            if (!operative(f) || !all_hold(fl, r->escalate_with, &m)) { buf_free(&m); continue; }
            free(f->message);
            f->message = buf_take(&m);
            f->severity = r->escalate_to;
            continue;
        }
        const finding *with = first_of(fl, r->escalate_with);
        if (!with) continue;
        buf m = {0};
        buf_printf(&m, "%s; together with %s at %s:%u", f->message, with->rule, with->file, with->line);
        free(f->message);
        f->message = buf_take(&m);
        f->severity = r->escalate_to;
    }
}
