/* rule_text: rule-level descriptions (rule_text.h). */
#include <string.h>

#include "rule_text.h"
#include "suppress.h"

/* Which stage emits a row's id, and the document that defines its findings. */
#define CALLS "the call-site analysis", "docs/calls.md#findings-rule-ids"
#define ACCESS "the access analysis of web routes that reach a model call", "docs/calls.md#web-handlers-item-32"
#define CI "the CI job analysis", "docs/evidence.md#the-ci-stage"
#define SUPPRESS "the reading of aiready-ignore comments", "docs/reports.md#inline-aiready-ignore-rule_id-reason"
#define CONFIG "the check of .aiready.yml attestations", "docs/config.md#checks-the-attestation-does-not-hold-up"
#define ITEMS(...) {__VA_ARGS__}, (uint8_t)sizeof((uint8_t[]){__VA_ARGS__})
#define NO_ITEMS {0}, 0

/* The ids emitted from C; a new one is a row (sorted by id is not required). Effect and
 * items are those every finding of the id has (a finding may name fewer of the items);
 * severity is the highest one a finding of it is given (lower ones in tests, for local
 * runtimes...). tests/test_stage_ids.c holds every finding of the golden fixtures to them. */
static const stage_rule stage_rules[] = {
    {"access.model-endpoint-unauthenticated", ACCESS, EFFECT_VIOLATES, SEV_BLOCKER, "warning when the service is not shown to be exposed, info under test paths", ITEMS(32),
     {"A web route reaches a model call with no authentication in front of it.",
      "Require an authenticated user before the model call (an auth dependency or decorator, auth middleware "
      "registered before the route, a Next.js middleware matcher covering it, Gradio auth=, a Streamlit login "
      "gate, or gateway auth), check roles for admin operations, and rate-limit the route per user."}},
    {"access.model-endpoint-authenticated", ACCESS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(32),
     {"A web route that reaches a model call requires authentication.", NULL}},
    {"access.model-endpoint-roles", ACCESS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(32),
     {"A web route that reaches a model call checks the user's role.", NULL}},
    {"model-call.no-timeout", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a local runtime, or for a call in tests", ITEMS(41),
     {"A model call has no timeout: a hung provider blocks the request indefinitely.",
      "Set an explicit, finite timeout on the client or the call (e.g. timeout=30) and show users a fallback when it fires."}},
    {"model-call.timeout", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(41),
     {"A model call sets an explicit timeout.", NULL}},
    {"model-call.timeout-default", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(41),
     {"A model call relies on the SDK's default timeout.", NULL}},
    {"model-call.retries-disabled", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(3),
     {"A model call has retries switched off.",
      "Allow bounded retries with backoff for 429/5xx (e.g. max_retries=2) or wrap the call in a retry policy."}},
    {"model-call.no-retry", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a local runtime, or for a call in tests", ITEMS(3),
     {"A model call is not retried: the SDK does not retry by default and nothing adds it.",
      "Add bounded retries with exponential backoff (tenacity, backoff, p-retry, or the SDK's retry option)."}},
    {"model-call.retry", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(3),
     {"A model call is retried with backoff.", NULL}},
    {"model-call.retry-default", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(3),
     {"A model call relies on the SDK's default retries.", NULL}},
    {"model-call.unlogged", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(21),
     {"A model call is neither logged nor traced.",
      "Log or trace every model call (model, latency, tokens, status): a tracing decorator, a wrapped client, "
      "global instrumentation, or a logger call next to the call."}},
    {"model-call.logged", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(21),
     {"A model call is logged or traced.", NULL}},
    {"model-call.pinned-model", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(18),
     {"A model call names a pinned, dated model snapshot.", NULL}},
    {"model-call.unpinned-model", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(18),
     {"A model call uses a floating model alias, whose behaviour can change without notice.",
      "Pin a dated model snapshot (e.g. gpt-4o-2024-08-06) in one configuration place so behaviour does not change under you."}},
    {"model-call.model-from-request", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(18, 40),
     {"A model call takes its model id from the request: the client chooses the model and its cost.",
      "Choose the model on the server (configuration or an allow-list of ids); never pass the client's model id through."}},
    {"model-call.model-not-literal", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(18),
     {"A model call's model id is not a literal aiready can read.", NULL}},
    {"model-call.no-max-tokens", CALLS, EFFECT_VIOLATES, SEV_INFO, NULL, ITEMS(9, 26),
     {"A generating model call sets no output token limit.",
      "Set an output token limit (max_tokens / max_output_tokens / maxOutputTokens) sized for the feature."}},
    {"model-call.max-tokens", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(9, 26),
     {"A model call caps its output tokens.", NULL}},
    {"model-call.unhandled-error", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(41),
     {"A model call is not inside error handling in its function or its callers.",
      "Catch provider errors (rate limit, timeout, outage) around the call and give the user a fallback."}},
    {"model-call.error-handled", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(41),
     {"A model call's provider errors are handled.", NULL}},
    {"model-call.validated-output", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(17),
     {"A model call's output is schema-validated.", NULL}},
    {"model-call.weakly-validated-output", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(17),
     {"A model call's output is parsed as JSON without a schema.", NULL}},
    {"model-call.unvalidated-output", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(17),
     {"A model call's output is used without validation.",
      "Use structured output with a schema, or validate the text before passing it downstream."}},
    {"model-call.versioned-prompt", CALLS, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(12),
     {"A model call's prompt is loaded from a versioned prompt file or registry.", NULL}},
    {"model-call.inline-prompt", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(12),
     {"A model call's prompt is written inline in code.", NULL}},
    {"model-call.unbounded-context", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(2, 9, 26, 41),
     {"Conversation history, retrieved documents or tool output grow into a model call's prompt with no count or truncation.",
      "Bound the context before the call: a window on history, a cap on retrieved chunks, or token counting with truncation."}},
    {"model-call.bounded-context", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(2, 9, 26, 41),
     {"A model call's growing context is counted or truncated before the call.", NULL}},
    {"model-call.user-input-in-prompt", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(17, 40),
     {"User input reaches a model call's prompt.", NULL}},
    {"model-call.unresolved-receiver", CALLS, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(21),
     {"A call looks like a model call but its client could not be resolved.", NULL}},
    {"model-call.output-to-exec", CALLS, EFFECT_VIOLATES, SEV_BLOCKER, "info for a call in tests", ITEMS(17, 39),
     {"Model output is executed as code.",
      "Never eval/exec model output. Parse it into a constrained structure (schema-validated JSON) and act on "
      "that, or run it in a real sandbox."}},
    {"model-call.output-to-shell", CALLS, EFFECT_VIOLATES, SEV_BLOCKER, "info for a call in tests", ITEMS(17, 39),
     {"Model output reaches a shell command.",
      "Do not pass model output to a shell. Map validated output to an allow-list of commands and pass arguments "
      "as a list without shell=True."}},
    {"model-call.output-to-sql", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(17, 39),
     {"Model output is used to build SQL.",
      "Do not let model output build SQL strings. Use parameterised queries, or validate generated SQL against an "
      "allow-list on a read-only connection."}},
    {"model-call.output-to-html", CALLS, EFFECT_VIOLATES, SEV_BLOCKER, "info for a call in tests", ITEMS(17, 39),
     {"Model output is rendered as raw HTML.",
      "Escape or sanitise model output before rendering it as HTML (DOMPurify, bleach/nh3), or render it as text."}},
    {"model-call.output-to-deserialization", CALLS, EFFECT_VIOLATES, SEV_BLOCKER, "info for a call in tests", ITEMS(17, 39),
     {"Model output is deserialised unsafely.",
      "Never deserialise model output with pickle or yaml.load; use json with a schema, or yaml.safe_load."}},
    {"model-call.output-to-path", CALLS, EFFECT_VIOLATES, SEV_WARNING, "info for a call in tests", ITEMS(17, 39),
     {"Model output is used as a file path.",
      "Do not derive file paths from model output; map it to an allow-list of names inside a fixed directory."}},
    {"ci.benchmark", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(2),
     {"A CI job runs benchmarks.", NULL}},
    {"ci.deploy-job", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(5),
     {"A CI job deploys.", NULL}},
    {"ci.eval-gate", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(13),
     {"A CI job gates on evaluation results.", NULL}},
    {"ci.eval-results-saved", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(25),
     {"A CI job keeps its evaluation results.", NULL}},
    {"ci.load-test", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(4),
     {"A CI job runs a load test.", NULL}},
    {"ci.rollback-job", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(6),
     {"A CI job rolls a deployment back.", NULL}},
    {"ci.scheduled-drift", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(15),
     {"A scheduled CI job checks for drift.", NULL}},
    {"ci.scheduled-eval", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(25),
     {"A scheduled CI job runs evaluations.", NULL}},
    {"ci.scheduled-job", CI, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(15, 19, 25),
     {"A CI job runs on a schedule.", NULL}},
    {"ci.scheduled-reindex", CI, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(19),
     {"A scheduled CI job rebuilds an index.", NULL}},
    {"ci.security-scan", CI, EFFECT_SUPPORTS, SEV_INFO, NULL, ITEMS(37, 40),
     {"A CI job runs a security scan.", NULL}},
    {"ci.test-job", CI, EFFECT_INFORMS, SEV_INFO, NULL, ITEMS(5, 44),
     {"A CI job runs the tests.", NULL}},
    {SUPPRESS_BAD_RULE, SUPPRESS, EFFECT_INFORMS, SEV_WARNING, NULL, NO_ITEMS,
     {"An aiready-ignore comment is malformed or names no known rule, so it suppresses nothing.",
      "Write \"aiready-ignore: RULE_ID reason\" with an id from `aiready rules list` (or one the call-site "
      "analysis emits), on the finding's line or alone on the line before it."}},
    {"aiready.attestation-rejected", CONFIG, EFFECT_INFORMS, SEV_WARNING, NULL, NO_ITEMS,
     {"An attestation in .aiready.yml was rejected, so the item it claims is judged without it.",
      "Fix or remove the attestation in .aiready.yml (docs/config.md): a valid owner, date and expiry, "
      "evidence that exists, and a claim the item allows."}},
    {SUPPRESS_UNKNOWN_RULE, SUPPRESS, EFFECT_INFORMS, SEV_WARNING, NULL, NO_ITEMS,
     {"An aiready-ignore comment names a rule id no rule has, so it suppresses nothing.",
      "Use the rule id exactly as the report prints it (`aiready rules list` shows every rule); a misspelt "
      "id hides nothing and silently stops working."}},
};

enum { N_STAGE = sizeof stage_rules / sizeof *stage_rules };

size_t rule_text_stage_count(void)
{
    return N_STAGE;
}

const stage_rule *rule_text_stage(size_t i)
{
    return i < N_STAGE ? &stage_rules[i] : NULL;
}

const stage_rule *rule_text_stage_find(const char *id)
{
    for (size_t i = 0; id && i < N_STAGE; i++)
        if (!strcmp(stage_rules[i].id, id)) return &stage_rules[i];
    return NULL;
}

bool rule_text_is_stage(const char *id)
{
    return rule_text_stage_find(id) != NULL;
}

void rule_text_stage_info(const stage_rule *r, rule_info *out)
{
    memset(out, 0, sizeof *out);
    out->id = r->id;
    out->items = r->items;
    out->n_items = r->n_items;
    out->effect = r->effect;
    out->severity = r->severity;
    out->message = r->text.description;
    out->remediation = r->text.fix;
    out->kind = "stage";
    out->file = r->doc;
}

bool rule_text_info(const ruleset *rs, const char *id, rule_info *out)
{
    for (size_t i = 0; rs && i < rules_count(rs); i++) {
        rules_info(rs, i, out);
        if (!strcmp(out->id, id)) return true;
    }
    const stage_rule *r = rule_text_stage_find(id);
    if (r) rule_text_stage_info(r, out);
    return r != NULL;
}

bool rule_text_lookup(const ruleset *rs, const char *id, rule_text *out)
{
    for (size_t i = 0; rs && i < rules_count(rs); i++) {
        rule_info ri;
        rules_info(rs, i, &ri);
        if (!strcmp(ri.id, id)) {
            *out = (rule_text){ri.message, ri.remediation};
            return true;
        }
    }
    const stage_rule *r = rule_text_stage_find(id);
    if (r) *out = r->text;
    return r != NULL;
}

bool rule_text_known(const ruleset *rs, const char *id)
{
    return (rs && rules_knows(rs, id)) || rule_text_is_stage(id);
}
