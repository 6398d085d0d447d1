/* scan_diff: --diff REF / --staged — the findings of a scan cut to the changed lines
 * (gitdiff.h); the items, the score and the decision stay as judged on the whole tree. */
#include <stdlib.h>

#include "scan_diff.h"

void scan_keep_changed(scan_result *r, const gitdiff *d)
{
    size_t n = r->findings.len, kept = 0;
    size_t *map = xcalloc(n + 1, sizeof *map); /* old index -> new index + 1; 0: dropped */
    for (size_t i = 0; i < n; i++) {
        finding *f = &r->findings.items[i];
        if (f->file && *f->file && gitdiff_has(d, f->file, f->line)) {
            map[i] = kept + 1;
            r->findings.items[kept++] = *f;
        } else {
            finding_free(f);
        }
    }
    r->findings.len = kept;
    r->changed_only = true;
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        resolved_item *it = &r->items.items[i];
        size_t w = 0;
        for (size_t k = 0; k < it->n_evidence; k++)
            if (map[it->evidence[k]]) it->evidence[w++] = map[it->evidence[k]] - 1;
        it->n_evidence = w;
    }
    free(map);
}
