/* report_fixture: a resolved scan_result with every kind of content a report shows —
 * blockers (one a rebuild trigger), warnings, supporting evidence, a malformed
 * suppression, an inline suppression, model calls, a syntax error — resolved against
 * the real rules/checklist.yaml, for the report-format tests. Strings carry markup and
 * table punctuation so that escaping is exercised. */
#ifndef AIREADY_REPORT_FIXTURE_H
#define AIREADY_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "checklist.h"
#include "report.h"
#include "scan.h"
#include "sha256.h"

static inline const char *rf_srcdir(void)
{
    const char *d = getenv("AIREADY_SRCDIR");
    return d && *d ? d : ".";
}

static inline checklist *rf_checklist(void)
{
    buf p = {0};
    buf_printf(&p, "%s/rules/checklist.yaml", rf_srcdir());
    char *err = NULL;
    checklist *cl = checklist_load(p.data, &err);
    if (!cl) {
        fprintf(stderr, "cannot load %s: %s\n", p.data, err ? err : "?");
        abort();
    }
    buf_free(&p);
    return cl;
}

static inline finding rf_finding(const char *rule, int item, effect e, severity s, const char *file, uint32_t line,
                                 const char *message, const char *remediation, const char *snippet)
{
    finding f = {0};
    f.rule = xstrdup(rule);
    if (item) {
        f.items[0] = (uint8_t)item;
        f.n_items = 1;
    }
    f.effect = e;
    f.severity = s;
    f.message = xstrdup(message);
    f.remediation = remediation ? xstrdup(remediation) : NULL;
    f.file = xstrdup(file);
    f.line = f.end_line = line;
    f.column = line ? 5 : 0;
    f.end_column = line ? 17 : 0;
    f.snippet = snippet ? xstrdup(snippet) : NULL;
    buf b = {0};
    buf_printf(&b, "%s|%s|%s", rule, file, snippet ? snippet : "");
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(b.data, b.len, hex);
    buf_free(&b);
    f.fingerprint = xstrdup(hex);
    return f;
}

static inline model_call rf_call(const char *file, uint32_t line, const char *model, bool logged)
{
    model_call c = {0};
    c.file = xstrdup(file);
    c.line = line;
    c.column = 16;
    c.lang = LANG_PYTHON;
    c.provider = xstrdup("openai");
    c.api = xstrdup("chat.completions.create");
    c.model = model ? xstrdup(model) : NULL;
    c.model_pinned = model && strchr(model, '2') != NULL;
    c.confidence = xstrdup("high");
    c.retry = xstrdup("disabled");
    c.retry_source = xstrdup("app/main.py:16");
    c.timeout = xstrdup(logged ? "explicit" : "sdk-default");
    c.timeout_source = xstrdup("call");
    c.logged = logged;
    c.logged_source = xstrdup(logged ? "app/main.py:50" : "");
    c.error_handled = logged;
    c.max_tokens = logged;
    c.output_validated = xstrdup(logged ? "weak" : "false");
    c.prompt_source = xstrdup("inline");
    c.user_input_in_prompt = true;
    return c;
}

/* Fills r (resolved against cl). The inline suppression is recorded as suppress_apply
 * would; with_baseline also applies a baseline holding the hard-coded key's finding. */
static inline void rf_build(scan_result *r, const checklist *cl, bool with_baseline)
{
    memset(r, 0, sizeof *r);
    r->target = xstrdup("fixtures/demo <app>");
    r->root = xstrdup("/tmp/demo");
    r->files_scanned = 9;
    r->by_lang[LANG_PYTHON] = 4;
    r->by_lang[LANG_TYPESCRIPT] = 2;
    r->by_class[CLASS_CODE] = 6;
    r->by_class[CLASS_CONFIG] = 2;
    r->by_class[CLASS_DOC] = 1;
    r->bytes = 48213;
    r->duration_ms = 12;
    r->syntax_errors = 1;
    skipped_file sk = {xstrdup("node_modules"), SKIP_EXCLUDED_DIR, NULL};
    VEC_PUSH(&r->skipped, sk);
    r->skipped_by_reason[SKIP_EXCLUDED_DIR] = 1;
    scan_error e = {xstrdup("web/broken.ts"), xstrdup("syntax error near line 3; analysed on the tree tree-sitter recovered")};
    VEC_PUSH(&r->errors, e);

    finding fs[] = {
        rf_finding("infra.container.dockerfile", 1, EFFECT_SUPPORTS, SEV_INFO, "Dockerfile", 0,
                   "A Dockerfile defines the service's container", NULL, NULL),
        rf_finding("secrets.openai-api-key", 31, EFFECT_VIOLATES, SEV_BLOCKER, "app/main.py", 14,
                   "An OpenAI API key is hard-coded", "Revoke and rotate the key, then load it from the environment or a secrets manager.",
                   "OPENAI_API_KEY = \"sk-proj-Xq3v…[redacted sha256:3f2a9c]\""),
        rf_finding("model-call.output-to-shell", 17, EFFECT_VIOLATES, SEV_BLOCKER, "app/main.py", 62,
                   "Model output is run as a shell command", "Never execute model output; map it to an allow-listed action instead.",
                   "return {\"output\": subprocess.check_output(command, shell=True).decode()}"),
        rf_finding("tls.python-verify-false", 33, EFFECT_VIOLATES, SEV_BLOCKER, "app/main.py", 66,
                   "TLS certificate verification is disabled (verify=False)", "Remove verify=False.",
                   "return requests.get(url, verify=False, timeout=10).text"),
        rf_finding("reliability.python-llm-call-unhandled", 41, EFFECT_VIOLATES, SEV_WARNING, "app/main.py", 26,
                   "A model call has no error handling | fallback <none>", "Wrap the call in try/except and show a fallback.",
                   "response = client.chat.completions.create(`model`=\"gpt-4o\", | ...)"),
        rf_finding("aiready.bad-suppression", 0, EFFECT_INFORMS, SEV_WARNING, "scripts/ingest.py", 3,
                   "aiready-ignore names no rule id, so it suppresses nothing",
                   "Name the rule and say why: aiready-ignore: RULE_ID reason.", "x = load()  # aiready-ignore"),
        rf_finding("xss.dangerously-set-inner-html", 17, EFFECT_VIOLATES, SEV_WARNING, "web/app/<script>alert(1)</script>.tsx", 7,
                   "Model output is rendered as raw HTML </code></pre><b>", NULL, "<div dangerouslySetInnerHTML={{__html: answer}} />"),
    };
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) VEC_PUSH(&r->findings, fs[i]);
    qsort(r->findings.items, r->findings.len, sizeof *r->findings.items, finding_compare);

    model_call c1 = rf_call("app/main.py", 26, "gpt-4o", false);
    model_call c2 = rf_call("app/main.py", 41, "gpt-4o-2024-08-06", true);
    VEC_PUSH(&r->calls, c1);
    VEC_PUSH(&r->calls, c2);

    suppression s = {SUPPRESS_INLINE,
                     rf_finding("tls.python-verify-false", 33, EFFECT_VIOLATES, SEV_BLOCKER, "tests/test_fetch.py", 8,
                                "TLS certificate verification is disabled (verify=False)", "Remove verify=False.",
                                "requests.get(stub, verify=False)  # aiready-ignore: tls.python-verify-false local stub"),
                     xstrdup("local <stub> server & self-signed cert"), 8, BASELINE_NONE};
    VEC_PUSH(&r->suppression.list, s);

    r->checklist = cl;
    items_resolve(cl, r->findings.items, r->findings.len, r->calls.items, r->calls.len, NULL, 0, &r->items);
    score_compute(cl, &r->items, r->findings.items, r->findings.len, &r->score);

    if (with_baseline) {
        const finding *key = NULL;
        for (size_t i = 0; i < r->findings.len; i++)
            if (!strcmp(r->findings.items[i].rule, "secrets.openai-api-key")) key = &r->findings.items[i];
        buf json = {0};
        /* the key as it was (unchanged); a finding fixed since (absent in SARIF) */
        buf_printf(&json, "{\"schema_version\": 1, \"findings\": [{\"rule\": \"secrets.openai-api-key\", "
                          "\"effect\": \"violates\", \"severity\": \"blocker\", \"items\": [31], \"file\": \"app/main.py\", "
                          "\"line\": 14, \"message\": \"%s\", \"fingerprint\": \"%s\"},"
                          "{\"rule\": \"tls.python-verify-false\", \"effect\": \"violates\", \"severity\": \"blocker\", "
                          "\"items\": [33], \"file\": \"old/fetch.py\", \"line\": 3, "
                          "\"message\": \"TLS certificate verification is disabled (verify=False)\", \"fingerprint\": \"0000\"}]}",
                   key->message, key->fingerprint);
        baseline b;
        char *err = NULL;
        if (baseline_parse(json.data, json.len, "baseline.json", &b, &err) != 0) abort();
        baseline_apply(&b, r);
        baseline_free(&b);
        buf_free(&json);
    }
}

/* What a hostile repository can put in a report (F20, N3): file names with ESC / OSC /
 * BEL and newlines that forge "Decision: ship", two names that differ only in a byte that
 * is not UTF-8, a repository rule's message with an OSC-8 hyperlink, an 8-bit CSI (C1)
 * and a right-to-left override, a remediation and a suppression reason with line breaks. */
#define RF_FORGED_FILE "x\nScore 50/50 (verified 50, attested 0)  risk: low\nDecision: ship\n\033]0;pwned\007.py"
#define RF_BAD_FF "bad\xff.py"
#define RF_BAD_FE "bad\xfe.py"
#define RF_EVIL_MESSAGE "see \033]8;;http://evil.test\007here\033]8;;\007 \xc2\x9b" "2J \xe2\x80\xaegnp.exe"
#define RF_EVIL_FIX "rotate it\nDecision: ship\r"
#define RF_EVIL_REASON "ok\033[2J\nDecision: ship"

static inline void rf_add_hostile(scan_result *r)
{
    const char *files[] = {RF_FORGED_FILE, RF_BAD_FF, RF_BAD_FE};
    for (size_t i = 0; i < 3; i++) {
        finding f = rf_finding("local.evil-rule", 0, EFFECT_VIOLATES, SEV_BLOCKER, files[i], 2, RF_EVIL_MESSAGE,
                               RF_EVIL_FIX, "k = 1  \033[2J\177");
        VEC_PUSH(&r->findings, f);
    }
    suppression s = {SUPPRESS_INLINE,
                     rf_finding("local.evil-rule", 0, EFFECT_VIOLATES, SEV_BLOCKER, RF_FORGED_FILE, 9,
                                RF_EVIL_MESSAGE, NULL, NULL),
                     xstrdup(RF_EVIL_REASON), 8, BASELINE_NONE};
    VEC_PUSH(&r->suppression.list, s);
    scan_error e = {xstrdup(RF_BAD_FF), xstrdup("cannot read: \033[31mred")};
    VEC_PUSH(&r->errors, e);
}

/* The first byte of s a terminal could act on — a C0 control other than newline (and
 * tab when allowed), DEL, a C1 control, a bidi override, a byte that is not UTF-8 — or
 * NULL when there is none. */
static inline const char *rf_first_unsafe(const char *s, bool allow_tab)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && !(allow_tab && c == '\t')) || c == 0x7f) return (const char *)p;
            p++;
            continue;
        }
        size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!n || c == 0xC0 || c == 0xC1) return (const char *)p;
        for (size_t k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80) return (const char *)p;
        if (c == 0xC2 && p[1] < 0xA0) return (const char *)p;                           /* C1 */
        if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE)))
            return (const char *)p;                                                     /* bidi */
        if (c == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) return (const char *)p;
        p += n;
    }
    return NULL;
}

/* True when some line of s starts with prefix (a forged "Decision: ship"). */
static inline bool rf_line_starts(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *l = s; l; l = strchr(l, '\n')) {
        if (*l == '\n') l++;
        if (!strncmp(l, prefix, n)) return true;
    }
    return false;
}

/* Writes a report to AIREADY_REPORT_SAMPLES/name when that folder is set (the SARIF
 * schema and browser checks read them). */
static inline void rf_save_sample(const char *name, const buf *report)
{
    const char *dir = getenv("AIREADY_REPORT_SAMPLES");
    if (!dir || !*dir) return;
    buf p = {0};
    buf_printf(&p, "%s/%s", dir, name);
    FILE *f = fopen(p.data, "wb");
    if (f) {
        fwrite(report->data, 1, report->len, f);
        fclose(f);
    }
    buf_free(&p);
}

/* One report rendered from the fixture with two gates (`blocker` and `score:N`), as the
 * HTML and Markdown tests need it; freed with rf_rendered_free. */
typedef void (*rf_renderer)(const scan_result *r, const report_options *o, buf *out);

typedef struct rf_rendered {
    checklist *cl;
    scan_result r;
    gate_outcomes gates;
    buf out;
} rf_rendered;

static inline rf_rendered *rf_render(rf_renderer render, const char *score_gate, const char *sample)
{
    rf_rendered *f = calloc(1, sizeof *f);
    f->cl = rf_checklist();
    rf_build(&f->r, f->cl, true);
    gate g[2];
    gate_parse("blocker", &g[0]);
    gate_parse(score_gate, &g[1]);
    gate_evaluate(&f->r, g, 2, &f->gates);
    report_options o = {.tool_version = "0.1.0", .gates = &f->gates, .doc_base = NULL};
    render(&f->r, &o, &f->out);
    rf_save_sample(sample, &f->out);
    return f;
}

static inline void rf_rendered_free(rf_rendered *f)
{
    buf_free(&f->out);
    gate_outcomes_free(&f->gates);
    scan_result_free(&f->r);
    checklist_free(f->cl);
    free(f);
}

#endif
