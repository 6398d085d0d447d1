/* calls_report: findings for each judged model call (rule ids model-call.*), with the
 * checklist items they bear on, so that item resolution sees evidence both ways. */
#include "calls_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

typedef struct emit {
    const model_call *mc;
    const raw_call *rc;
    finding_list *out;
} emit;

static void add(emit *e, const char *rule, const uint8_t *items, int nitems, effect eff, severity sev,
                const char *file, uint32_t line, uint32_t col, const char *snippet, const char *remediation,
                const char *fmt, ...) __attribute__((format(printf, 12, 13)));

static void add(emit *e, const char *rule, const uint8_t *items, int nitems, effect eff, severity sev,
                const char *file, uint32_t line, uint32_t col, const char *snippet, const char *remediation,
                const char *fmt, ...)
{
    finding f = {0};
    f.rule = xstrdup(rule);
    for (int i = 0; i < nitems && i < FINDING_MAX_ITEMS; i++) f.items[f.n_items++] = items[i];
    f.effect = eff;
    /* A model call in tests stays in the inventory; its findings only inform the reader. */
    f.severity = e->mc->in_tests ? SEV_INFO : sev;
    buf m = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    f.message = buf_take(&m);
    f.remediation = remediation ? xstrdup(remediation) : NULL;
    f.file = xstrdup(file);
    f.line = f.end_line = line;
    f.column = col;
    f.end_column = col;
    f.snippet = xstrdup(snippet ? snippet : "");
    /* Stable across line moves: the rule, the file and the call's own text. */
    buf fp = {0};
    buf_printf(&fp, "%s\n%s\n%s", rule, file, e->mc->snippet ? e->mc->snippet : "");
    char hex[65];
    sha256_hex(fp.data, fp.len, hex);
    buf_free(&fp);
    f.fingerprint = xstrdup(hex);
    VEC_PUSH(e->out, f);
}

#define ITEMS(...) (const uint8_t[]){__VA_ARGS__}, (int)sizeof((const uint8_t[]){__VA_ARGS__})

static const char *what(const model_call *mc)
{
    return mc->api;
}

static void sink_findings(emit *e, const sink_list *sinks, const char *const *files)
{
    static const char *const rules[SINK_COUNT] = {
        "model-call.output-to-exec", "model-call.output-to-shell", "model-call.output-to-sql",
        "model-call.output-to-html", "model-call.output-to-deserialization", "model-call.output-to-path"};
    static const char *const desc[SINK_COUNT] = {
        "is executed as code", "reaches a shell command", "is used to build SQL", "is rendered as raw HTML",
        "is deserialised unsafely", "is used as a file path"};
    static const char *const fix[SINK_COUNT] = {
        "Never eval/exec model output. Parse it into a constrained structure (schema-validated JSON) and act on that, or run it in a real sandbox.",
        "Do not pass model output to a shell. Map validated output to an allow-list of commands and pass arguments as a list without shell=True.",
        "Do not let model output build SQL strings. Use parameterised queries, or validate generated SQL against an allow-list on a read-only connection.",
        "Escape or sanitise model output before rendering it as HTML (DOMPurify, bleach/nh3), or render it as text.",
        "Never deserialise model output with pickle or yaml.load; use json with a schema, or yaml.safe_load.",
        "Do not derive file paths from model output; map it to an allow-list of names inside a fixed directory."};
    for (size_t i = 0; i < sinks->len; i++) {
        const sink_hit *h = &sinks->items[i];
        buf snip = {0};
        buf_printf(&snip, "%s(...)", h->what);
        /* LABELLING.md's Blocker bar for 17/39: code execution (deserialisation included), a
         * shell or unsanitised HTML; model-built SQL and file paths are warnings */
        severity sev = h->kind == SINK_SQL || h->kind == SINK_PATH ? SEV_WARNING : SEV_BLOCKER;
        add(e, rules[h->kind], ITEMS(17, 39), EFFECT_VIOLATES, sev, files[i], h->line, h->col, snip.data,
            fix[h->kind], "Output of the %s call at %s:%u %s via %s", what(e->mc), e->mc->file, e->mc->line,
            desc[h->kind], h->what);
        buf_free(&snip);
    }
}

void calls_emit_findings(const calls_catalog *cat, const model_call *mc, const raw_call *rc,
                         const sink_list *sinks, const char *const *sink_files, finding_list *out)
{
    (void)cat;
    emit e = {mc, rc, out};
    const char *file = mc->file, *snip = rc->line_text;
    uint32_t line = mc->line, col = mc->column;
    bool local = false;
    int sdk = rc->sdk;
    if (sdk >= 0) local = cat->sdks.items[sdk].local;
    bool gen = strcmp(mc->kind, "chat") == 0;
    const char *p = mc->provider, *api = what(mc);

    /* timeout: item 41 (fallback UX). A timeout is not a latency benchmark (item 2). */
    if (!strcmp(mc->timeout, "none"))
        add(&e, "model-call.no-timeout", ITEMS(41), EFFECT_VIOLATES, local ? SEV_INFO : SEV_WARNING, file, line, col, snip,
            "Set an explicit, finite timeout on the client or the call (e.g. timeout=30) and show users a fallback when it fires.",
            "%s %s has no timeout: a hung provider blocks this request indefinitely (%s)", p, api, mc->timeout_source);
    else if (!strcmp(mc->timeout, "explicit"))
        add(&e, "model-call.timeout", ITEMS(41), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s has an explicit timeout (%s)", p, api, mc->timeout_source);
    else
        add(&e, "model-call.timeout-default", ITEMS(41), EFFECT_INFORMS, SEV_INFO, file, line, col, snip,
            "Consider a timeout matched to the endpoint's latency budget; SDK defaults are often minutes long.",
            "%s %s relies on the SDK's default timeout (%s)", p, api, mc->timeout_source);

    /* retries: item 3 (failover) */
    if (!strcmp(mc->retry, "disabled"))
        add(&e, "model-call.retries-disabled", ITEMS(3), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Allow bounded retries with backoff for 429/5xx (e.g. max_retries=2) or wrap the call in a retry policy.",
            "%s %s has retries switched off (%s)", p, api, mc->retry_source);
    else if (!strcmp(mc->retry, "none"))
        add(&e, "model-call.no-retry", ITEMS(3), EFFECT_VIOLATES, local ? SEV_INFO : SEV_WARNING, file, line, col, snip,
            "Add bounded retries with exponential backoff (tenacity, backoff, p-retry, or the SDK's retry option).",
            "%s %s is not retried: the SDK does not retry by default and nothing adds it (%s)", p, api, mc->retry_source);
    else if (!strcmp(mc->retry, "explicit"))
        add(&e, "model-call.retry", ITEMS(3), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s is retried (%s, %s)", p, api, mc->retry, mc->retry_source);
    else /* the SDK's own retries: nothing was decided about failover */
        add(&e, "model-call.retry-default", ITEMS(3), EFFECT_INFORMS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s relies on the SDK's default retries (%s)", p, api, mc->retry_source);

    /* logging / tracing: item 21 (and 26: tracing tools record token usage) */
    if (!mc->logged)
        add(&e, "model-call.unlogged", ITEMS(21), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Log or trace every model call (model, latency, tokens, status): a tracing decorator, a wrapped client, "
            "global instrumentation, or a logger call next to the call.",
            "%s %s is neither logged nor traced", p, api);
    else
        add(&e, "model-call.logged", ITEMS(21), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s is logged or traced (%s)", p, api, mc->logged_source);

    /* model pinning: item 18 */
    if (mc->model && mc->model_pinned)
        add(&e, "model-call.pinned-model", ITEMS(18), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s uses the pinned model snapshot %s", p, api, mc->model);
    else if (mc->model && !local)
        add(&e, "model-call.unpinned-model", ITEMS(18), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Pin a dated model snapshot (e.g. gpt-4o-2024-08-06) in one configuration place so behaviour does not change under you.",
            "%s %s uses the floating model alias '%s'%s", p, api, mc->model,
            !strcmp(mc->model_source, "config") ? " (resolved from configuration)" : "");
    if (!strcmp(mc->model_source, "request"))
        add(&e, "model-call.model-from-request", ITEMS(18, 40), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Choose the model on the server (configuration or an allow-list of ids); never pass the client's model id through.",
            "%s %s takes its model id from the request: the client chooses the model and its cost", p, api);
    else if (!mc->model && gen)
        add(&e, "model-call.model-not-literal", ITEMS(18), EFFECT_INFORMS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s takes its model id from %s; pinning cannot be checked here", p, api,
            !strcmp(mc->model_source, "config") ? "configuration" : "a variable or the SDK default");

    /* output token limit: context for items 9 (cost controls) and 26 (cost per inference);
     * a cap on one call is neither a budget nor cost tracking, so it only informs. */
    if (gen && !mc->max_tokens)
        add(&e, "model-call.no-max-tokens", ITEMS(9, 26), EFFECT_VIOLATES, SEV_INFO, file, line, col, snip,
            "Set an output token limit (max_tokens / max_output_tokens / maxOutputTokens) sized for the feature.",
            "%s %s sets no output token limit", p, api);
    else if (gen)
        add(&e, "model-call.max-tokens", ITEMS(9, 26), EFFECT_INFORMS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s caps output tokens", p, api);

    /* error handling: item 41 */
    if (!mc->error_handled)
        add(&e, "model-call.unhandled-error", ITEMS(41), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Catch provider errors (rate limit, timeout, outage) around the call and give the user a fallback.",
            "%s %s is not inside error handling in its function or its callers", p, api);
    else
        add(&e, "model-call.error-handled", ITEMS(41), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s has error handling", p, api);

    /* output validation: item 17 */
    if (gen) {
        if (!strcmp(mc->output_validated, "true"))
            add(&e, "model-call.validated-output", ITEMS(17), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
                "%s %s output is schema-validated", p, api);
        else if (!strcmp(mc->output_validated, "weak"))
            add(&e, "model-call.weakly-validated-output", ITEMS(17), EFFECT_INFORMS, SEV_INFO, file, line, col, snip,
                "Validate parsed JSON against a schema (pydantic, zod, structured outputs).",
                "%s %s output is parsed as JSON without a schema", p, api);
        else
            add(&e, "model-call.unvalidated-output", ITEMS(17), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
                "Use structured output with a schema, or validate the text before passing it downstream.",
                "%s %s output is used without validation", p, api);
    }

    /* prompt source: item 12 */
    if (gen) {
        if (!strcmp(mc->prompt_source, "file") || !strcmp(mc->prompt_source, "registry"))
            add(&e, "model-call.versioned-prompt", ITEMS(12), EFFECT_SUPPORTS, SEV_INFO, file, line, col, snip, NULL,
                "%s %s takes its prompt from a %s", p, api, mc->prompt_source);
        else
            add(&e, "model-call.inline-prompt", ITEMS(12), EFFECT_INFORMS, SEV_INFO, file, line, col, snip,
                "Keep prompts in versioned files or a prompt registry and log the prompt version with each call.",
                "%s %s prompt is %s", p, api, !strcmp(mc->prompt_source, "inline") ? "written inline in code" : "of unknown origin");
        if (mc->user_input_in_prompt)
            add(&e, "model-call.user-input-in-prompt", ITEMS(17, 40), EFFECT_INFORMS, SEV_INFO, file, line, col, snip,
                "Treat the output as untrusted (prompt injection): validate it and keep it away from code, shell, SQL and HTML sinks.",
                "Request data reaches the prompt of %s %s", p, api);
    }

    /* context growth: items 9 and 26 (cost grows with every turn), 2 (latency), 41 (context
     * overflow errors) */
    if (gen && mc->context_bounded == MC_CTX_UNBOUNDED)
        add(&e, "model-call.unbounded-context", ITEMS(2, 9, 26, 41), EFFECT_VIOLATES, SEV_WARNING, file, line, col, snip,
            "Count tokens (tiktoken, get_num_tokens) and trim history to a window, cap retrieved chunks (k=...) and "
            "truncate tool output before the call.",
            "%s %s sends conversation history, retrieved documents or tool output that nothing counts or truncates (%s)",
            p, api, mc->context_source);
    else if (gen && mc->context_bounded == MC_CTX_BOUNDED)
        add(&e, "model-call.bounded-context", ITEMS(2, 9, 26, 41), EFFECT_INFORMS, SEV_INFO, file, line, col, snip, NULL,
            "%s %s bounds the context it sends (%s)", p, api, mc->context_source);

    if (!strcmp(mc->confidence, "medium"))
        add(&e, "model-call.unresolved-receiver", ITEMS(21), EFFECT_INFORMS, SEV_INFO, file, line, col, snip, NULL,
            "%s looks like a %s call but its client could not be resolved; judged against %s defaults", api, p, p);

    sink_findings(&e, sinks, sink_files);
}
