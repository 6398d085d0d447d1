/* scan_redact: one pass over a scan result, redacting every string that may quote a
 * scanned file. */
#include "scan_redact.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "match.h"

/* The secret rules over the strings that no file's rule pass saw; what they find joins
 * the scan's secrets. */
static void rules_pass(char **s, const char *path, match_state *ms, redact_map *secrets)
{
    if (!*s || !**s) return;
    char *r = match_redact_text(ms, path, *s, secrets);
    if (r) { free(*s); *s = r; }
}

static void free_text_pass(scan_result *r, const ruleset *rules, redact_map *secrets)
{
    if (!rules || (!r->errors.len && !r->deps.len)) return;
    match_state *ms = match_state_new(rules);
    for (size_t i = 0; i < r->errors.len; i++)
        rules_pass(&r->errors.items[i].message, r->errors.items[i].file, ms, secrets);
    for (size_t i = 0; i < r->deps.len; i++) {
        dependency *d = &r->deps.items[i];
        rules_pass(&d->name, d->file, ms, secrets); /* a bare key is a valid requirement name */
        rules_pass(&d->spec, d->file, ms, secrets);
        rules_pass(&d->resolved, d->file, ms, secrets);
    }
    match_state_free(ms);
}

static void finding_pass(const redact_map *m, finding *f)
{
    redact_in_place(m, &f->message);
    redact_in_place(m, &f->remediation);
    redact_in_place(m, &f->snippet);
}

static void call_pass(const redact_map *m, model_call *c)
{
    char **fields[] = {&c->provider, &c->api, &c->model, &c->confidence, &c->retry, &c->retry_source,
                       &c->timeout, &c->timeout_source, &c->logged_source, &c->output_validated,
                       &c->prompt_source, &c->kind, &c->function, &c->snippet, &c->sdk, &c->model_source};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) redact_in_place(m, fields[k]);
    for (uint32_t k = 0; k < c->n_output_sinks; k++) redact_in_place(m, &c->output_sinks[k]);
}

void scan_redact(scan_result *r, redact_map *secrets, const ruleset *rules)
{
    free_text_pass(r, rules, secrets);
    if (r->history) redact_map_merge(secrets, r->history->values); /* keys only in history too */
    redact_map_seal(secrets);
    if (!redact_map_size(secrets)) return;
    for (size_t i = 0; i < r->findings.len; i++) finding_pass(secrets, &r->findings.items[i]);
    for (size_t i = 0; i < r->suppression.list.len; i++) {
        suppression *s = &r->suppression.list.items[i];
        redact_in_place(secrets, &s->reason);
        finding_pass(secrets, &s->finding);
    }
    for (size_t i = 0; i < r->calls.len; i++) call_pass(secrets, &r->calls.items[i]);
    for (size_t i = 0; i < r->deps.len; i++) {
        dependency *d = &r->deps.items[i];
        redact_in_place(secrets, &d->name);
        redact_in_place(secrets, &d->spec);
        redact_in_place(secrets, &d->resolved);
    }
    for (size_t i = 0; i < r->errors.len; i++) redact_in_place(secrets, &r->errors.items[i].message);
    for (size_t i = 0; r->history && i < r->history->secrets.len; i++)
        finding_pass(secrets, &r->history->secrets.items[i].finding);
}
