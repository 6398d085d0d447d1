/* report_warn: the user's own mistakes a scan found — suppression comments that suppress
 * nothing, attestations not used, waivers not applied — as one-line warnings that every
 * format shows and the command line repeats on standard error (report.h). */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "safe_text.h"
#include "suppress.h"

static void add(report_warnings *w, buf *b)
{
    VEC_PUSH(w, buf_take(b));
}

void report_warnings_collect(const scan_result *r, report_warnings *out)
{
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (strcmp(f->rule, SUPPRESS_BAD_RULE) && strcmp(f->rule, SUPPRESS_UNKNOWN_RULE)) continue;
        buf b = {0};
        safe_put(&b, f->file, SAFE_CONTROLS | SAFE_PATH);
        buf_printf(&b, ":%u: ", f->line);
        safe_put(&b, f->message, SAFE_CONTROLS);
        add(out, &b);
    }
    for (int i = 0; r->checklist && i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &r->items.items[i];
        if (!it->rejection) continue;
        buf b = {0};
        buf_printf(&b, "item %d: ", it->id); /* the rejection names the file and line */
        safe_put(&b, it->rejection, SAFE_CONTROLS);
        add(out, &b);
    }
    for (size_t i = 0; r->config && i < r->config->n_waivers; i++) {
        const waiver *wv = &r->config->waivers[i];
        if (wv->valid) continue;
        buf b = {0};
        safe_put(&b, r->config->file ? r->config->file : ".aiready.yml", SAFE_CONTROLS | SAFE_PATH);
        buf_printf(&b, ":%u: the waiver of ", wv->line);
        safe_put(&b, wv->rule ? wv->rule : "?", SAFE_CONTROLS);
        buf_puts(&b, " is not applied: ");
        safe_put(&b, wv->invalid_reason ? wv->invalid_reason : "invalid", SAFE_CONTROLS);
        add(out, &b);
    }
}

void report_warnings_free(report_warnings *w)
{
    for (size_t i = 0; i < w->len; i++) free(w->items[i]);
    VEC_FREE(w);
}
