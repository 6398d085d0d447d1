#include <string.h>

#include "report.h"

typedef struct style {
    const char *bold, *dim, *red, *yellow, *green, *reset;
} style;

static style make_style(bool color)
{
    if (!color) return (style){"", "", "", "", "", ""};
    return (style){"\033[1m", "\033[2m", "\033[31m", "\033[33m", "\033[32m", "\033[0m"};
}

static void write_files(const scan_result *r, const style *s, buf *out)
{
    buf_printf(out, "%saiready%s  %s\n", s->bold, s->reset, r->target);
    buf_printf(out, "  files scanned: %zu (", r->files_scanned);
    const char *sep = "";
    for (int l = LANG_NONE + 1; l < LANG_COUNT; l++) {
        if (!r->by_lang[l]) continue;
        buf_printf(out, "%s%s %zu", sep, lang_name((lang)l), r->by_lang[l]);
        sep = ", ";
    }
    if (r->notebooks) { buf_printf(out, "%snotebook %zu", sep, r->notebooks); sep = ", "; }
    buf_printf(out, "%s%zu other)  %.1f MB in %llu ms\n", sep,
               r->by_class[CLASS_CONFIG] + r->by_class[CLASS_MANIFEST] + r->by_class[CLASS_DOC]
                   + r->by_class[CLASS_OTHER],
               (double)r->bytes / 1e6, (unsigned long long)r->duration_ms);
    size_t skipped = 0;
    for (int k = 1; k < SKIP_REASON_COUNT; k++) skipped += r->skipped_by_reason[k];
    if (skipped) {
        buf_printf(out, "  skipped: %zu (", skipped);
        sep = "";
        for (int k = 1; k < SKIP_REASON_COUNT; k++) {
            if (!r->skipped_by_reason[k]) continue;
            buf_printf(out, "%s%s %zu", sep, skip_reason_name((skip_reason)k), r->skipped_by_reason[k]);
            sep = ", ";
        }
        buf_puts(out, ")\n");
    }
    if (r->syntax_errors || r->invalid_utf8 || r->errors.len)
        buf_printf(out, "  %s%zu syntax errors, %zu files not valid UTF-8, %zu problems (see --format json)%s\n",
                   s->dim, r->syntax_errors, r->invalid_utf8, r->errors.len, s->reset);
}

static const char *severity_color(const style *s, severity sev)
{
    return sev == SEV_BLOCKER ? s->red : sev == SEV_WARNING ? s->yellow : s->dim;
}

static void write_findings(const scan_result *r, const style *s, const report_options *o, buf *out)
{
    if (!r->findings.len) return;
    buf_printf(out, "\n%sFindings%s (%zu)\n", s->bold, s->reset, r->findings.len);
    for (int sev = SEV_BLOCKER; sev >= SEV_INFO; sev--) {
        for (size_t i = 0; i < r->findings.len; i++) {
            const finding *f = &r->findings.items[i];
            if ((int)f->severity != sev) continue;
            if (!o->verbose && f->effect == EFFECT_SUPPORTS) continue;
            buf_printf(out, "  %s%-7s%s %s:%u  %s  %s[%s]%s\n", severity_color(s, f->severity),
                       severity_name(f->severity), s->reset, f->file, f->line, f->message, s->dim,
                       f->rule, s->reset);
            if (f->remediation && f->severity == SEV_BLOCKER)
                buf_printf(out, "          fix: %s\n", f->remediation);
        }
    }
}

void report_text(const scan_result *r, const report_options *o, buf *out)
{
    style s = make_style(o->color);
    write_files(r, &s, out);
    if (r->calls.len) buf_printf(out, "  model call sites: %zu\n", r->calls.len);
    write_findings(r, &s, o, out);
}
