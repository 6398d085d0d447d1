/* report_common: small helpers shared by the report formats. */
#include <string.h>

#include "report.h"

const char *report_decision_label(score_decision d)
{
    return d == DECISION_SHIP ? "Ship" : d == DECISION_REFACTOR ? "Refactor" : "Rebuild";
}

const char *report_risk_label(score_risk r)
{
    switch (r) {
    case RISK_STRONG: return "Strong";
    case RISK_MODERATE: return "Moderate";
    case RISK_HIGH: return "High";
    default: return "Critical";
    }
}

bool report_baselined(const scan_result *r, size_t i)
{
    return r->suppression.baselined && i < r->findings.len && r->suppression.baselined[i];
}

void report_item_url(const report_options *o, int item, buf *out)
{
    const char *base = o && o->doc_base && *o->doc_base ? o->doc_base : "docs";
    size_t n = strlen(base);
    while (n > 1 && base[n - 1] == '/') n--;
    buf_printf(out, "%.*s/items.md#item-%d", (int)n, base, item);
}

void report_decision_line(const scan_result *r, buf *out)
{
    const score_result *sc = &r->score;
    buf_printf(out, "Decision: %s  score %u/50  risk %s  %u blocker%s, %u to review", report_decision_label(sc->decision),
               sc->score, score_risk_name(sc->risk), sc->blockers, sc->blockers == 1 ? "" : "s", sc->needs_review);
}
