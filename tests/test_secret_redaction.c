/* No output ever prints a secret whole. For every shipped secret rule and each of its
 * `match` cases, the secret (the rule's secret group on that case) must not appear in any
 * field of any finding reported for the case — snippet, message, remediation, file,
 * fingerprint — and the snippet must carry the redaction marker instead. The
 * `rules test` report and the secrets-eval listing print only these fields. Last, a
 * repository full of secrets is scanned end to end and rendered in every report format
 * (JSON, text, verbose and colour text, SARIF, Markdown, HTML): no secret appears in
 * any of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "checklist.h"
#include "match.h"
#include "parse.h"
#include "report.h"
#include "rules.h"
#include "rules_impl.h"
#include "scan.h"

static ruleset *load_shipped(void)
{
    buf dir = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&dir, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_puts(&dir, "../rules");
    const char *dirs[] = {dir.data};
    char *err = NULL;
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    if (!rs) fprintf(stderr, "%s", err);
    free(err);
    buf_free(&dir);
    return rs;
}

static bool leaks(const char *field, const char *secret)
{
    return field && strstr(field, secret) != NULL;
}

static const char *default_path(lang l)
{
    switch (l) {
    case LANG_PYTHON: return "snippet.py";
    case LANG_JAVASCRIPT: return "snippet.js";
    case LANG_TYPESCRIPT: return "snippet.ts";
    case LANG_TSX: return "snippet.tsx";
    default: return "snippet.txt";
    }
}

static void test_no_field_holds_a_secret(void **state)
{
    (void)state;
    ruleset *rs = load_shipped();
    assert_non_null(rs);
    match_state *ms = match_state_new(rs);
    parser_set *ps = parse_new();
    pcre2_match_data *md = pcre2_match_data_create(rs->max_ovector, NULL);
    size_t checked = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_REGEX || !r->secret) continue;
        for (size_t c = 0; c < r->cases_match.len; c++) {
            const rule_case *rc = &r->cases_match.items[c];
            size_t len = strlen(rc->code);
            if (pcre2_match(r->re, (PCRE2_SPTR)rc->code, len, 0, 0, md, NULL) < 0) continue;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t gs = ov[2 * r->secret_group], ge = ov[2 * r->secret_group + 1];
            if (gs == PCRE2_UNSET || ge - gs < 8) continue;
            char *secret = xstrndup(rc->code + gs, ge - gs);
            source s;
            source_init_text(&s, rc->path ? rc->path : default_path(rc->lang), rc->lang, rc->code, len);
            TSTree *t = match_needs_tree(ms, &s) ? parse_source(ps, &s) : NULL;
            finding_list fl = {0};
            match_file(ms, &s, t, &fl);
            if (t) ts_tree_delete(t);
            bool marked = false;
            for (size_t k = 0; k < fl.len; k++) {
                const finding *f = &fl.items[k];
                if (leaks(f->snippet, secret) || leaks(f->message, secret) || leaks(f->remediation, secret) ||
                    leaks(f->file, secret) || leaks(f->fingerprint, secret))
                    fail_msg("%s (%s:%u): finding of %s prints the secret: %s", r->id, r->file, rc->line, f->rule,
                             f->snippet);
                if (!strcmp(f->rule, r->id) && strstr(f->snippet, "[redacted sha256:")) marked = true;
            }
            if (!marked) fail_msg("%s (%s:%u): no redaction marker in its own finding", r->id, r->file, rc->line);
            checked++;
            finding_list_free(&fl);
            source_free(&s);
            free(secret);
        }
    }
    assert_true(checked >= 50);
    pcre2_match_data_free(md);
    parse_free(ps);
    match_state_free(ms);
    rules_free(rs);
}

/* The redacted form: a short prefix (at most a quarter of the secret, at most 4 bytes),
 * then "…[redacted sha256:" and 8 hex digits of the secret's hash. */
static void test_marker_shape(void **state)
{
    (void)state;
    const char *yaml =
        "rules:\n"
        "  - id: secrets.t\n"
        "    item: 31\n"
        "    effect: violates\n"
        "    severity: blocker\n"
        "    message: m\n"
        "    remediation: r\n"
        "    files: ['*']\n"
        "    regex: 'key=\"(sk-[a-z0-9]{20})\"'\n"
        "    secret_group: 1\n"
        "    secret: true\n";
    char *err = NULL;
    ruleset *rs = rules_load_text("t.yml", yaml, NULL, &err);
    assert_non_null(rs);
    match_state *ms = match_state_new(rs);
    const char *code = "key=\"sk-abcdefghij0123456789\"  # again: sk-abcdefghij0123456789\n";
    source s;
    source_init_text(&s, "a.py", LANG_PYTHON, code, strlen(code));
    finding_list fl = {0};
    match_file(ms, &s, NULL, &fl);
    assert_int_equal(fl.len, 1);
    const char *snip = fl.items[0].snippet;
    assert_null(strstr(snip, "sk-abcdefghij0123456789"));
    assert_non_null(strstr(snip, "key=\"sk-a\xe2\x80\xa6[redacted sha256:"));
    /* the second, echoed copy on the same line is redacted too */
    assert_null(strstr(snip, "again: sk-abcdefghij"));
    finding_list_free(&fl);
    source_free(&s);
    match_state_free(ms);
    rules_free(rs);
}

/* `rules test` prints the snippet of a no_match case that matched: redacted as well. */
static void test_rules_test_report_redacts(void **state)
{
    (void)state;
    const char *yaml =
        "rules:\n"
        "  - id: secrets.t\n"
        "    item: 31\n"
        "    effect: violates\n"
        "    severity: blocker\n"
        "    message: m\n"
        "    remediation: r\n"
        "    files: ['*']\n"
        "    regex: 'tok_([A-Za-z0-9]{24})'\n"
        "    secret_group: 1\n"
        "    secret: true\n"
        "    tests:\n"
        "      match: [{path: a.txt, code: 'tok_Zq8xW2pL9mR4vT7nB1cK5hJ3'}]\n"
        "      no_match: [{path: a.txt, code: 'oops tok_Ab8xW2pL9mR4vT7nB1cK5hJ3'}]\n";
    char *err = NULL;
    ruleset *rs = rules_load_text("t.yml", yaml, NULL, &err);
    assert_non_null(rs);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_false(rules_test_report(rs, f));
    fclose(f);
    assert_non_null(strstr(out, "no_match case matched"));
    assert_null(strstr(out, "Ab8xW2pL9mR4vT7nB1cK5hJ3"));
    assert_non_null(strstr(out, "[redacted sha256:"));
    free(out);
    rules_free(rs);
}

/* --- end to end: scan a repository, render every format ----------------------------- */

static void put_file(const char *dir, const char *rel, const char *text)
{
    buf p = {0};
    buf_printf(&p, "%s/%s", dir, rel);
    char *slash = strrchr(p.data, '/');
    *slash = '\0';
    buf mk = {0};
    buf_printf(&mk, "mkdir -p '%s'", p.data);
    assert_int_equal(system(mk.data), 0);
    *slash = '/';
    FILE *f = fopen(p.data, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    buf_free(&mk);
    buf_free(&p);
}

static void test_every_report_format_redacts(void **state)
{
    (void)state;
    /* generated for this test; each must be found and never printed */
    static const char *const secrets[] = {
        "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",
        "sk-ant-api03-mhwdDk4vJ_CsJ63cBGiDTZJTPCoc0xkQyiN6Ig-lJeqDzjqRk6SYf8U96lpx0Y9SyLj3iMQ-Td2MhxSAjyHNaXObwJ6JRAA",
        "ghp_OcVwWBhqG5KSFdPE0SPgjtHfb1F6w70WAKad",
        "Zk8wq2LmR7xPq",
        "q8Zr2LmX4vT9wKp1Yc7Nd3Hs6Bf0Gj5E",
        "MIIEowIBAAKCAQEAu3Ld9QZ0Lo+3bT8m1mY0n3vC2uF4pQ7W9sA1dE6xR5hK8jN2",
    };
    char tmpl[] = "/tmp/aiready-redaction.XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    buf t = {0};
    buf_printf(&t, "import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=\"%s\")\n"
                   "ANTHROPIC_API_KEY = \"%s\"  # and again: %s\n", secrets[0], secrets[1], secrets[1]);
    put_file(dir, "app/main.py", t.data);
    buf_free(&t);
    buf_printf(&t, "GITHUB_TOKEN=%s\nDATABASE_URL=postgresql://app:%s@db.prod.example.com:5432/app\n"
                   "BILLING_SERVICE_API_KEY=%s\n", secrets[2], secrets[3], secrets[4]);
    put_file(dir, ".env", t.data);
    buf_free(&t);
    buf_printf(&t, "-----BEGIN RSA PRIVATE KEY-----\n%s\nbV4cX7zL0aS9fG3hJ5kM8nP1qT4wY6eR2tU0iO9pA3sD5fG7hJ9kL1zX3cV5bN7m\n"
                   "-----END RSA PRIVATE KEY-----\n", secrets[5]);
    put_file(dir, "deploy/id_rsa", t.data);
    buf_free(&t);

    ruleset *rs = load_shipped();
    assert_non_null(rs);
    buf cl_path = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&cl_path, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_puts(&cl_path, "../rules/checklist.yaml");
    char *err = NULL;
    checklist *cl = checklist_load(cl_path.data, &err);
    if (!cl) fprintf(stderr, "%s\n", err ? err : "checklist");
    free(err);
    assert_non_null(cl);
    scan_options opt = {0};
    opt.path = dir;
    opt.jobs = 2;
    opt.max_file_size = 2u << 20;
    opt.checklist = cl;
    opt.rules = rs;
    scan_result r;
    err = NULL;
    assert_int_equal(scan_run(&opt, &r, &err), 0);
    size_t secret_findings = 0;
    for (size_t i = 0; i < r.findings.len; i++)
        secret_findings += !strncmp(r.findings.items[i].rule, "secrets.", 8) && r.findings.items[i].line > 0;
    assert_true(secret_findings >= 6);

    report_options plain = {0}, verbose = {0}, color = {0};
    plain.tool_version = verbose.tool_version = color.tool_version = "test";
    verbose.verbose = color.verbose = true;
    color.color = true;
    enum { N_OUT = 7 };
    buf outs[N_OUT] = {{0}};
    report_json(&r, &plain, &outs[0]);
    report_text(&r, &plain, &outs[1]);
    report_text(&r, &verbose, &outs[2]);
    report_text(&r, &color, &outs[3]);
    report_sarif(&r, &plain, &outs[4]);
    report_markdown(&r, &plain, &outs[5]);
    report_html(&r, &plain, &outs[6]);
    static const char *const names[N_OUT] = {"json", "text", "text --verbose", "text (colour)", "sarif", "markdown", "html"};
    /* JSON carries every snippet: redacted ones */
    assert_non_null(strstr(outs[0].data, "[redacted sha256:"));
    for (size_t k = 0; k < N_OUT; k++) {
        assert_true(outs[k].len > 0);
        for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
            if (strstr(outs[k].data, secrets[i]))
                fail_msg("the %s report prints secret %zu", names[k], i);
        buf_free(&outs[k]);
    }
    scan_result_free(&r);
    checklist_free(cl);
    rules_free(rs);
    buf_free(&cl_path);
    buf rm = {0};
    buf_printf(&rm, "rm -rf '%s'", dir);
    if (system(rm.data) != 0) fprintf(stderr, "could not remove %s\n", dir);
    buf_free(&rm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_field_holds_a_secret),
        cmocka_unit_test(test_marker_shape),
        cmocka_unit_test(test_rules_test_report_redacts),
        cmocka_unit_test(test_every_report_format_redacts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
