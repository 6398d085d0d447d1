/* rule_text: rule-level descriptions (rule_text.h). */
#include <string.h>

#include "rule_text.h"
#include "suppress.h"

/* The ids emitted from C; a new one is a row (sorted by id is not required). */
static const struct {
    const char *id;
    rule_text text;
} stage_rules[] = {
    {"access.model-endpoint-unauthenticated",
     {"A web route reaches a model call with no authentication in front of it.",
      "Require an authenticated user before the model call (an auth dependency or decorator, auth middleware "
      "registered before the route, a Next.js middleware matcher covering it, Gradio auth=, a Streamlit login "
      "gate, or gateway auth), check roles for admin operations, and rate-limit the route per user."}},
    {"access.model-endpoint-authenticated", {"A web route that reaches a model call requires authentication.", NULL}},
    {"access.model-endpoint-roles", {"A web route that reaches a model call checks the user's role.", NULL}},
    {"model-call.no-timeout",
     {"A model call has no timeout: a hung provider blocks the request indefinitely.",
      "Set an explicit, finite timeout on the client or the call (e.g. timeout=30) and show users a fallback when it fires."}},
    {"model-call.timeout", {"A model call sets an explicit timeout.", NULL}},
    {"model-call.timeout-default", {"A model call relies on the SDK's default timeout.", NULL}},
    {"model-call.retries-disabled",
     {"A model call has retries switched off.",
      "Allow bounded retries with backoff for 429/5xx (e.g. max_retries=2) or wrap the call in a retry policy."}},
    {"model-call.no-retry",
     {"A model call is not retried: the SDK does not retry by default and nothing adds it.",
      "Add bounded retries with exponential backoff (tenacity, backoff, p-retry, or the SDK's retry option)."}},
    {"model-call.retry", {"A model call is retried with backoff.", NULL}},
    {"model-call.retry-default", {"A model call relies on the SDK's default retries.", NULL}},
    {"model-call.unlogged",
     {"A model call is neither logged nor traced.",
      "Log or trace every model call (model, latency, tokens, status): a tracing decorator, a wrapped client, "
      "global instrumentation, or a logger call next to the call."}},
    {"model-call.logged", {"A model call is logged or traced.", NULL}},
    {"model-call.pinned-model", {"A model call names a pinned, dated model snapshot.", NULL}},
    {"model-call.unpinned-model",
     {"A model call uses a floating model alias, whose behaviour can change without notice.",
      "Pin a dated model snapshot (e.g. gpt-4o-2024-08-06) in one configuration place so behaviour does not change under you."}},
    {"model-call.model-from-request",
     {"A model call takes its model id from the request: the client chooses the model and its cost.",
      "Choose the model on the server (configuration or an allow-list of ids); never pass the client's model id through."}},
    {"model-call.model-not-literal", {"A model call's model id is not a literal aiready can read.", NULL}},
    {"model-call.no-max-tokens",
     {"A generating model call sets no output token limit.",
      "Set an output token limit (max_tokens / max_output_tokens / maxOutputTokens) sized for the feature."}},
    {"model-call.max-tokens", {"A model call caps its output tokens.", NULL}},
    {"model-call.unhandled-error",
     {"A model call is not inside error handling in its function or its callers.",
      "Catch provider errors (rate limit, timeout, outage) around the call and give the user a fallback."}},
    {"model-call.error-handled", {"A model call's provider errors are handled.", NULL}},
    {"model-call.validated-output", {"A model call's output is schema-validated.", NULL}},
    {"model-call.weakly-validated-output", {"A model call's output is parsed as JSON without a schema.", NULL}},
    {"model-call.unvalidated-output",
     {"A model call's output is used without validation.",
      "Use structured output with a schema, or validate the text before passing it downstream."}},
    {"model-call.versioned-prompt", {"A model call's prompt is loaded from a versioned prompt file or registry.", NULL}},
    {"model-call.inline-prompt", {"A model call's prompt is written inline in code.", NULL}},
    {"model-call.unbounded-context",
     {"Conversation history, retrieved documents or tool output grow into a model call's prompt with no count or truncation.",
      "Bound the context before the call: a window on history, a cap on retrieved chunks, or token counting with truncation."}},
    {"model-call.bounded-context", {"A model call's growing context is counted or truncated before the call.", NULL}},
    {"model-call.user-input-in-prompt", {"User input reaches a model call's prompt.", NULL}},
    {"model-call.unresolved-receiver", {"A call looks like a model call but its client could not be resolved.", NULL}},
    {"model-call.output-to-exec",
     {"Model output is executed as code.",
      "Never eval/exec model output. Parse it into a constrained structure (schema-validated JSON) and act on "
      "that, or run it in a real sandbox."}},
    {"model-call.output-to-shell",
     {"Model output reaches a shell command.",
      "Do not pass model output to a shell. Map validated output to an allow-list of commands and pass arguments "
      "as a list without shell=True."}},
    {"model-call.output-to-sql",
     {"Model output is used to build SQL.",
      "Do not let model output build SQL strings. Use parameterised queries, or validate generated SQL against an "
      "allow-list on a read-only connection."}},
    {"model-call.output-to-html",
     {"Model output is rendered as raw HTML.",
      "Escape or sanitise model output before rendering it as HTML (DOMPurify, bleach/nh3), or render it as text."}},
    {"model-call.output-to-deserialization",
     {"Model output is deserialised unsafely.",
      "Never deserialise model output with pickle or yaml.load; use json with a schema, or yaml.safe_load."}},
    {"model-call.output-to-path",
     {"Model output is used as a file path.",
      "Do not derive file paths from model output; map it to an allow-list of names inside a fixed directory."}},
    {"ci.benchmark", {"A CI job runs benchmarks.", NULL}},
    {"ci.deploy-job", {"A CI job deploys.", NULL}},
    {"ci.eval-gate", {"A CI job gates on evaluation results.", NULL}},
    {"ci.eval-results-saved", {"A CI job keeps its evaluation results.", NULL}},
    {"ci.load-test", {"A CI job runs a load test.", NULL}},
    {"ci.rollback-job", {"A CI job rolls a deployment back.", NULL}},
    {"ci.scheduled-drift", {"A scheduled CI job checks for drift.", NULL}},
    {"ci.scheduled-eval", {"A scheduled CI job runs evaluations.", NULL}},
    {"ci.scheduled-job", {"A CI job runs on a schedule.", NULL}},
    {"ci.scheduled-reindex", {"A scheduled CI job rebuilds an index.", NULL}},
    {"ci.security-scan", {"A CI job runs a security scan.", NULL}},
    {"ci.test-job", {"A CI job runs the tests.", NULL}},
    {SUPPRESS_BAD_RULE,
     {"An aiready-ignore comment is malformed or names no known rule, so it suppresses nothing.",
      "Write \"aiready-ignore: RULE_ID reason\" with an id from `aiready rules list` (or one the call-site "
      "analysis emits), on the finding's line or alone on the line before it."}},
    {"aiready.attestation-rejected",
     {"An attestation in .aiready.yml was rejected, so the item it claims is judged without it.",
      "Fix or remove the attestation in .aiready.yml (docs/config.md): a valid owner, date and expiry, "
      "evidence that exists, and a claim the item allows."}},
    {SUPPRESS_UNKNOWN_RULE,
     {"An aiready-ignore comment names a rule id no rule has, so it suppresses nothing.",
      "Use the rule id exactly as the report prints it (`aiready rules list` shows every rule); a misspelt "
      "id hides nothing and silently stops working."}},
};

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
    for (size_t i = 0; i < sizeof stage_rules / sizeof *stage_rules; i++)
        if (!strcmp(stage_rules[i].id, id)) {
            *out = stage_rules[i].text;
            return true;
        }
    return false;
}

bool rule_text_known(const ruleset *rs, const char *id)
{
    if (rs && rules_knows(rs, id)) return true;
    for (size_t i = 0; i < sizeof stage_rules / sizeof *stage_rules; i++)
        if (!strcmp(stage_rules[i].id, id)) return true;
    return false;
}
