/* No output ever prints a secret whole. For every shipped secret rule and each of its
 * `match` cases, the secret (the rule's secret group on that case) must not appear in any
 * field of any finding reported for the case — snippet, message, remediation, file,
 * fingerprint — and the snippet must carry the redaction marker instead. The
 * `rules test` report and the secrets-eval listing print only these fields; report
 * writers (JSON, text) print only finding fields too, so this covers every format that
 * exists on this branch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "match.h"
#include "parse.h"
#include "rules.h"
#include "rules_impl.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_field_holds_a_secret),
        cmocka_unit_test(test_marker_shape),
        cmocka_unit_test(test_rules_test_report_redacts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
