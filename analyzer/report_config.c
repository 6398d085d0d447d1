/* report_config: the repository configuration in the reports (report_config.h). */
#include "report_config.h"

#include <stdlib.h>
#include <string.h>


#define ROWS_PER_SETTING 20

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

static void push(config_rows *out, uint32_t line, const char *setting, char *value, char *what, bool notable)
{
    config_row row = {line, setting, value, what, notable};
    VEC_PUSH(out, row);
}

static char *fmt_count(size_t n, const char *what)
{
    buf b = {0};
    buf_printf(&b, "%zu %s%s", n, what, plural(n));
    return buf_take(&b);
}

/* Shows entry k of n? Every notable entry, and the first ones up to the cap. */
typedef struct cap {
    bool all;
    size_t shown, hidden;
} cap;

static bool show(cap *c, bool notable)
{
    if (c->all || notable || c->shown < ROWS_PER_SETTING) {
        c->shown++;
        return true;
    }
    c->hidden++;
    return false;
}

static void summary_row(config_rows *out, const char *setting, const cap *c, const char *what)
{
    if (!c->hidden) return;
    buf v = {0}, e = {0};
    buf_printf(&v, "%zu more", c->hidden);
    buf_printf(&e, "%s (every entry is in the JSON report)", what);
    push(out, 0, setting, buf_take(&v), buf_take(&e), false);
}

static void exclude_rows(const scan_result *r, bool all, config_rows *out)
{
    const aiready_config *cfg = r->repo.config;
    if (!cfg->n_exclude) return;
    cap c = {all, 0, 0};
    for (size_t k = 0; k < cfg->n_exclude; k++)
        if (show(&c, false)) push(out, cfg->exclude_line[k], "exclude", xstrdup(cfg->exclude[k]), xstrdup(""), false);
    summary_row(out, "exclude", &c, "patterns");
    size_t n = r->repo.excluded_paths;
    buf e = {0};
    buf_printf(&e, "%zu path%s excluded%s", n, plural(n), r->repo.excluded_everything ? ", nothing was scanned" : "");
    push(out, 0, "exclude", xstrdup("in all"), buf_take(&e), n > 0);
}

static void disable_rows(const scan_result *r, bool all, config_rows *out)
{
    const aiready_config *cfg = r->repo.config;
    cap c = {all, 0, 0};
    size_t quiet_hidden = 0;
    for (size_t k = 0; k < cfg->n_disable; k++) {
        size_t n = r->repo.disabled_findings[k], b = r->repo.disabled_blockers[k];
        if (!show(&c, n > 0)) { quiet_hidden++; continue; }
        buf e = {0};
        if (n) {
            buf_printf(&e, "%zu finding%s set aside", n, plural(n));
            if (b) buf_printf(&e, " (%zu blocker%s)", b, plural(b));
        } else {
            buf_puts(&e, "no finding");
        }
        push(out, cfg->disable_line[k], "disable", xstrdup(cfg->disable[k]), buf_take(&e), n > 0);
    }
    summary_row(out, "disable", &c, "rule ids that found nothing");
}

static void rules_rows(const scan_result *r, config_rows *out)
{
    const aiready_config *cfg = r->repo.config;
    for (size_t k = 0; k < cfg->n_rules; k++)
        push(out, cfg->rules_line[k], "rules", xstrdup(cfg->rules[k]), fmt_count(r->repo.rules_loaded[k], "rule loaded"),
             r->repo.rules_loaded[k] > 0);
}

static void waiver_rows(const scan_result *r, config_rows *out)
{
    const aiready_config *cfg = r->repo.config;
    for (size_t k = 0; k < cfg->n_waivers; k++) {
        const waiver *w = &cfg->waivers[k];
        buf v = {0}, e = {0};
        buf_puts(&v, w->rule ? w->rule : "");
        if (w->path) buf_printf(&v, " path %s", w->path);
        if (w->fingerprint) buf_printf(&v, " fingerprint %.12s", w->fingerprint);
        size_t n = r->repo.waived_findings[k];
        if (w->valid)
            buf_printf(&e, "valid: by %s until %s; %zu blocker finding%s lowered to warning", w->owner ? w->owner : "?",
                       w->expires ? w->expires : "?", n, plural(n));
        else
            buf_printf(&e, "not valid: %s", w->invalid_reason ? w->invalid_reason : "?");
        push(out, w->line, "waiver", buf_take(&v), buf_take(&e), n > 0);
    }
}

static void attestation_rows(const scan_result *r, bool all, config_rows *out)
{
    const aiready_config *cfg = r->repo.config;
    cap c = {all, 0, 0};
    for (size_t k = 0; k < cfg->n_attestations; k++) {
        const attestation *a = &cfg->attestations[k];
        if (!show(&c, false)) continue;
        buf v = {0}, e = {0};
        buf_printf(&v, "item %d%s", a->item, a->not_applicable ? " not applicable" : "");
        if (a->valid)
            buf_printf(&e, "valid: by %s%s", a->owner ? a->owner : "?",
                       a->evidence && !a->evidence_checked && !a->not_applicable ? " (evidence not checked)" : "");
        else
            buf_printf(&e, "not valid: %s", a->invalid_reason ? a->invalid_reason : "?");
        push(out, a->line, "attestation", buf_take(&v), buf_take(&e), a->valid);
    }
    summary_row(out, "attestation", &c, "attestations");
}

void report_config_rows(const scan_result *r, bool all, config_rows *out)
{
    if (!r->repo.config) return;
    exclude_rows(r, all, out);
    disable_rows(r, all, out);
    rules_rows(r, out);
    waiver_rows(r, out);
    attestation_rows(r, all, out);
}

void report_config_rows_free(config_rows *rows)
{
    for (size_t i = 0; i < rows->len; i++) {
        free(rows->items[i].value);
        free(rows->items[i].effect);
    }
    VEC_FREE(rows);
}

void report_config_headline(const scan_result *r, buf *out)
{
    const repo_config_view *v = &r->repo;
    if (!v->file) return;
    if (!v->config) {
        buf_printf(out, "%s at the scanned root was ignored (%s): none of its excludes, disabled rules, rule "
                        "folders, waivers or attestations applies.", v->file, v->ignored_by ? v->ignored_by : "?");
        return;
    }
    const aiready_config *c = v->config;
    buf_printf(out, "%s at the scanned root was applied (--no-repo-config ignores it): %zu exclude pattern%s (%zu "
                    "path%s excluded), %zu disabled rule%s (%zu finding%s set aside, %zu blocker%s), %zu rule "
                    "folder%s, %zu waiver%s, %zu attestation%s.",
               v->file, c->n_exclude, plural(c->n_exclude), v->excluded_paths, plural(v->excluded_paths), c->n_disable,
               plural(c->n_disable), v->disabled_total, plural(v->disabled_total), v->disabled_blockers_total,
               plural(v->disabled_blockers_total), c->n_rules, plural(c->n_rules), c->n_waivers, plural(c->n_waivers),
               c->n_attestations, plural(c->n_attestations));
}

void report_config_nothing_scanned(const scan_result *r, buf *out)
{
    if (!r->repo.excluded_everything) return;
    buf_printf(out, "Nothing was scanned: the repository's own %s excludes every file (%zu path%s). This report says "
                    "nothing about the code, and every --fail-on gate fails; --no-repo-config scans it.",
               r->repo.file, r->repo.excluded_paths, plural(r->repo.excluded_paths));
}

/* --- JSON ------------------------------------------------------------------------------ */

static void kv_line(json_writer *w, uint32_t line) { json_kv_int(w, "line", line); }

static void json_waivers(json_writer *w, const repo_config_view *v)
{
    json_key(w, "waivers");
    json_array_begin(w);
    for (size_t k = 0; v->config && k < v->config->n_waivers; k++) {
        const waiver *x = &v->config->waivers[k];
        json_object_begin(w);
        json_kv_string(w, "rule", x->rule);
        json_kv_string(w, "path", x->path);
        json_kv_string(w, "fingerprint", x->fingerprint);
        json_kv_string(w, "owner", x->owner);
        json_kv_string(w, "date", x->date);
        json_kv_string(w, "expires", x->expires);
        json_kv_string(w, "reason", x->reason);
        json_kv_bool(w, "valid", x->valid);
        json_kv_string(w, "invalid_reason", x->invalid_reason);
        kv_line(w, x->line);
        json_kv_int(w, "findings", (int64_t)v->waived_findings[k]);
        json_object_end(w);
    }
    json_array_end(w);
}

void report_json_repo_config(json_writer *w, const scan_result *r)
{
    const repo_config_view *v = &r->repo;
    const aiready_config *c = v->config;
    json_object_begin(w);
    json_kv_string(w, "file", v->file);
    json_kv_bool(w, "applied", c != NULL);
    json_kv_string(w, "ignored_by", v->ignored_by);
    json_key(w, "exclude");
    json_array_begin(w);
    for (size_t k = 0; c && k < c->n_exclude; k++) {
        json_object_begin(w);
        json_kv_string(w, "pattern", c->exclude[k]);
        kv_line(w, c->exclude_line[k]);
        json_object_end(w);
    }
    json_array_end(w);
    json_kv_int(w, "excluded_paths", (int64_t)v->excluded_paths);
    json_kv_bool(w, "excluded_everything", v->excluded_everything);
    json_key(w, "disable");
    json_array_begin(w);
    for (size_t k = 0; c && k < c->n_disable; k++) {
        json_object_begin(w);
        json_kv_string(w, "rule", c->disable[k]);
        kv_line(w, c->disable_line[k]);
        json_kv_int(w, "findings", (int64_t)v->disabled_findings[k]);
        json_kv_int(w, "blockers", (int64_t)v->disabled_blockers[k]);
        json_object_end(w);
    }
    json_array_end(w);
    json_kv_int(w, "disabled_findings", (int64_t)v->disabled_total);
    json_key(w, "rules");
    json_array_begin(w);
    for (size_t k = 0; c && k < c->n_rules; k++) {
        json_object_begin(w);
        json_kv_string(w, "folder", c->rules[k]);
        kv_line(w, c->rules_line[k]);
        json_kv_int(w, "rules_loaded", (int64_t)v->rules_loaded[k]);
        json_object_end(w);
    }
    json_array_end(w);
    json_waivers(w, v);
    json_key(w, "attestations");
    json_array_begin(w);
    for (size_t k = 0; c && k < c->n_attestations; k++) {
        json_object_begin(w);
        json_kv_int(w, "item", c->attestations[k].item);
        kv_line(w, c->attestations[k].line);
        json_kv_bool(w, "valid", c->attestations[k].valid);
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
}
