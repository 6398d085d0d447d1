/* config: .aiready.yml parsing, errors with file:line:col, attestation and waiver checks. */
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
#include "config.h"

#define TODAY "2025-06-01"

static char *make_root(void)
{
    char tmpl[] = "/tmp/aiready-config-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return xstrdup(d);
}

static void write_file(const char *root, const char *rel, const char *text)
{
    buf p = {0};
    buf_printf(&p, "%s/%s", root, rel);
    /* create parent folders */
    for (char *s = p.data + strlen(root) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(p.data, 0755);
        *s = '/';
    }
    FILE *f = fopen(p.data, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    buf_free(&p);
}

static void remove_tree(const char *root)
{
    buf cmd = {0};
    buf_printf(&cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd.data), 0);
    buf_free(&cmd);
}

static config_keywords keywords(void)
{
    config_keywords kw;
    memset(&kw, 0, sizeof kw);
    kw.pattern[10] = "RPO|RTO|restore|disaster recovery";
    kw.pattern[38] = "owner|accountab|governance";
    kw.pattern[43] = "SLA|service level agreement|uptime|99\\.";
    return kw;
}

/* Loads a config whose text is given; returns the rc; *err set on failure. */
static int load_text(const char *root, const char *text, aiready_config *c, char **err)
{
    write_file(root, ".aiready.yml", text);
    config_keywords kw = keywords();
    return config_load_with(root, TODAY, &kw, c, err);
}

static void test_no_file(void **state)
{
    (void)state;
    char *root = make_root();
    aiready_config c;
    char *err = (char *)1;
    assert_int_equal(config_load_with(root, TODAY, NULL, &c, &err), 0);
    assert_null(err);
    assert_null(c.file);
    assert_int_equal(c.version, 0);
    assert_int_equal(c.n_attestations, 0);
    config_free(&c);
    remove_tree(root);
    free(root);
}

static const char full[] =
    "version: 1\n"
    "exclude: [\"vendor/**\", \"notebooks/**\"]\n"
    "disable: [ux.fallback-message]\n"
    "rules: [tools/rules]\n"
    "attestations:\n"
    "  - item: 10\n"
    "    owner: \"Jane Doe <jane@acme.io>\"\n"
    "    date: 2025-01-15\n"
    "    expires: 2025-07-15\n"
    "    evidence: docs/dr/drill.md\n"
    "    note: \"Restore drill: RTO 45 min\"\n"
    "  - item: 14\n"
    "    not_applicable: true\n"
    "    reason: \"No ingestion; prompt-only app\"\n"
    "    owner: \"@jdoe\"\n"
    "    date: 2025-02-01\n"
    "  - item: 43\n"
    "    owner: Sam Lee\n"
    "    date: 2025-03-01\n"
    "    evidence: https://contracts.acme.io/sla/chat\n"
    "waivers:\n"
    "  - rule: tls.python-verify-false\n"
    "    path: src/clients/vector.py\n"
    "    owner: \"Sam Lee <sam@acme.io>\"\n"
    "    date: 2025-05-01\n"
    "    expires: 2025-07-01\n"
    "    reason: Private VPC endpoint\n";

static void test_full(void **state)
{
    (void)state;
    char *root = make_root();
    write_file(root, "docs/dr/drill.md", "# Restore drill\n\nRestored the database in 40 minutes.\n");
    write_file(root, "tools/rules/x.yml", "rules: []\n");
    aiready_config c;
    char *err = NULL;
    int rc = load_text(root, full, &c, &err);
    if (rc) fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    assert_string_equal(c.file, ".aiready.yml");
    assert_int_equal(c.version, 1);
    assert_int_equal(c.n_exclude, 2);
    assert_string_equal(c.exclude[1], "notebooks/**");
    assert_int_equal(c.n_disable, 1);
    assert_string_equal(c.disable[0], "ux.fallback-message");
    assert_int_equal(c.n_rules, 1);
    assert_non_null(strstr(c.rules_abs[0], "/tools/rules"));
    /* each entry's line, for the report's view of the configuration */
    assert_int_equal(c.exclude_line[0], 2);
    assert_int_equal(c.exclude_line[1], 2);
    assert_int_equal(c.disable_line[0], 3);
    assert_int_equal(c.rules_line[0], 4);
    assert_int_equal(c.n_attestations, 3);

    const attestation *a = &c.attestations[0];
    assert_int_equal(a->item, 10);
    assert_true(a->valid);
    assert_null(a->invalid_reason);
    assert_true(a->evidence_checked);
    assert_string_equal(a->owner, "Jane Doe <jane@acme.io>");
    assert_string_equal(a->date, "2025-01-15");
    assert_string_equal(a->note, "Restore drill: RTO 45 min");
    assert_string_equal(a->file, ".aiready.yml");
    assert_int_equal(a->line, 6);

    const attestation *na = &c.attestations[1];
    assert_true(na->not_applicable);
    assert_true(na->valid);
    assert_string_equal(na->reason, "No ingestion; prompt-only app");
    assert_false(na->evidence_checked);

    const attestation *url = &c.attestations[2];
    assert_true(url->valid); /* external evidence: accepted, unchecked */
    assert_false(url->evidence_checked);

    assert_int_equal(c.n_waivers, 1);
    assert_true(c.waivers[0].valid);
    assert_string_equal(c.waivers[0].rule, "tls.python-verify-false");
    assert_string_equal(c.waivers[0].path, "src/clients/vector.py");
    config_free(&c);
    remove_tree(root);
    free(root);
}

/* Each malformed file fails with the given "file:line:col: ..." text in the message. */
static void expect_error(const char *text, const char *needle)
{
    char *root = make_root();
    aiready_config c;
    char *err = NULL;
    int rc = load_text(root, text, &c, &err);
    if (rc == 0 || !err || !strstr(err, needle)) fprintf(stderr, "case:\n%s\ngot: %s\n", text, err ? err : "(no error)");
    assert_int_equal(rc, -1);
    assert_non_null(err);
    assert_non_null(strstr(err, needle));
    assert_null(c.file); /* zeroed on failure */
    free(err);
    remove_tree(root);
    free(root);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("version: 1\nexlude: [a]\n", ".aiready.yml:2:1: unknown key 'exlude' in the configuration");
    expect_error("exclude: [a]\n", ".aiready.yml:1:1: missing 'version: 1'");
    expect_error("version: 2\n", ".aiready.yml:1:10: unsupported version '2'");
    expect_error("version: 1\nversion: 1\n", ".aiready.yml:2:1: duplicate key 'version'");
    expect_error("version: 1\nexclude: {a: b}\n", ".aiready.yml:2:10: 'exclude' must be a list of strings");
    expect_error("version: 1\nexclude: [\"\"]\n", "entries must be non-empty strings");
    expect_error("version: 1\ndisable: [NotAnId]\n", "'disable' entries are rule ids");
    expect_error("version: 1\nrules: [missing/folder]\n", "rules folder 'missing/folder' does not exist");
    expect_error("version: 1\nattestations: {item: 1}\n", ".aiready.yml:2:15: 'attestations' must be a list");
    expect_error("version: 1\nattestations:\n  - item: 51\n    owner: x\n", ".aiready.yml:3:11: 'item' must be a checklist item number 1..50 (got '51')");
    expect_error("version: 1\nattestations:\n  - item: ten\n", "'item' must be a checklist item number");
    expect_error("version: 1\nattestations:\n  - owner: Jane Doe\n", ".aiready.yml:3:5: attestation without 'item'");
    expect_error("version: 1\nattestations:\n  - item: 3\n    ownr: Jane\n", ".aiready.yml:4:5: unknown key 'ownr' in an attestation");
    expect_error("version: 1\nattestations:\n  - item: 3\n    not_applicable: maybe\n", "'not_applicable' must be true or false");
    expect_error("version: 1\nattestations:\n  - item: 3\n    owner: [a, b]\n", ".aiready.yml:4:12: 'owner' must be a string");
    expect_error("version: 1\nattestations:\n  - item: 3\n  - item: 3\n", ".aiready.yml:4:5: item 3 is attested twice (also at line 3)");
    expect_error("version: 1\nattestations:\n  - 3\n", "each attestation is a mapping");
    expect_error("version: 1\nwaivers:\n  - path: a.py\n", "waiver without 'rule'");
    expect_error("version: 1\nwaivers:\n  - rule: x\n", "'rule' must be a rule id");
    expect_error("version: 1\nwaivers:\n  - rule: a.b\n    because: x\n", "unknown key 'because' in a waiver");
    expect_error("version: 1\nexclude: [a\n", ".aiready.yml:3:1: bad YAML");
    expect_error("- a\n- b\n", "the configuration is a mapping");
    expect_error("", "empty configuration");
}

static void test_both_files(void **state)
{
    (void)state;
    char *root = make_root();
    write_file(root, ".aiready.yml", "version: 1\n");
    write_file(root, ".aiready.yaml", "version: 1\n");
    aiready_config c;
    char *err = NULL;
    assert_int_equal(config_load_with(root, TODAY, NULL, &c, &err), -1);
    assert_non_null(strstr(err, "both .aiready.yml and .aiready.yaml"));
    free(err);
    remove_tree(root);
    free(root);
}

static void test_yaml_extension(void **state)
{
    (void)state;
    char *root = make_root();
    write_file(root, ".aiready.yaml", "version: 1\nattestations:\n");
    aiready_config c;
    char *err = NULL;
    assert_int_equal(config_load_with(root, TODAY, NULL, &c, &err), 0);
    assert_string_equal(c.file, ".aiready.yaml");
    assert_int_equal(c.n_attestations, 0);
    config_free(&c);
    remove_tree(root);
    free(root);
}

/* One attestation for item 10 with the given fields; returns its invalid_reason (or ""). */
static char *reason_for(const char *fields, bool *valid)
{
    char *root = make_root();
    write_file(root, "docs/dr.md", "# DR\nRPO 15 min, RTO 1 h\n");
    write_file(root, "docs/unrelated.md", "# Style guide\nUse tabs.\n");
    write_file(root, "docs/dr-folder/a.md", "nothing here\n");
    write_file(root, "docs/dr-folder/sub/b.md", "Restore tested on 2025-05-01\n");
    buf text = {0};
    buf_printf(&text, "version: 1\nattestations:\n  - item: 10\n%s", fields);
    aiready_config c;
    char *err = NULL;
    int rc = load_text(root, text.data, &c, &err);
    if (rc) fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    assert_int_equal(c.n_attestations, 1);
    *valid = c.attestations[0].valid;
    char *r = xstrdup(c.attestations[0].invalid_reason ? c.attestations[0].invalid_reason : "");
    assert_true(*valid == (*r == '\0'));
    config_free(&c);
    buf_free(&text);
    remove_tree(root);
    free(root);
    return r;
}

static void expect_invalid(const char *fields, const char *needle)
{
    bool valid;
    char *r = reason_for(fields, &valid);
    if (valid || !strstr(r, needle)) fprintf(stderr, "fields:\n%sreason: '%s'\n", fields, r);
    assert_false(valid);
    assert_non_null(strstr(r, needle));
    free(r);
}

static void expect_valid(const char *fields)
{
    bool valid;
    char *r = reason_for(fields, &valid);
    if (!valid) fprintf(stderr, "fields:\n%sreason: '%s'\n", fields, r);
    assert_true(valid);
    free(r);
}

#define GOOD_OWNER "    owner: Jane Doe\n"
#define GOOD_DATE "    date: 2025-05-01\n"
#define GOOD_EVIDENCE "    evidence: docs/dr.md\n"

static void test_attestation_checks(void **state)
{
    (void)state;
    expect_valid(GOOD_OWNER GOOD_DATE GOOD_EVIDENCE);
    expect_valid(GOOD_OWNER GOOD_DATE "    evidence: docs/dr-folder\n"); /* a folder: any file mentions it */
    expect_valid(GOOD_OWNER GOOD_DATE "    evidence: https://wiki.acme.io/dr\n");
    expect_valid(GOOD_OWNER "    date: 2025-06-01\n" GOOD_EVIDENCE); /* today is fine */
    expect_valid(GOOD_OWNER GOOD_DATE "    expires: 2026-05-01\n" GOOD_EVIDENCE); /* exactly 12 months */

    expect_invalid("    owner: TODO\n" GOOD_DATE GOOD_EVIDENCE, "owner 'TODO' is a placeholder");
    expect_invalid("    owner: \"<name>\"\n" GOOD_DATE GOOD_EVIDENCE, "placeholder");
    expect_invalid("    owner: me\n" GOOD_DATE GOOD_EVIDENCE, "placeholder");
    expect_invalid("    owner: jane@example.com\n" GOOD_DATE GOOD_EVIDENCE, "placeholder");
    expect_invalid("    owner: \"\"\n" GOOD_DATE GOOD_EVIDENCE, "no owner");
    expect_invalid(GOOD_DATE GOOD_EVIDENCE, "no owner");
    expect_invalid(GOOD_OWNER GOOD_EVIDENCE, "no date");
    expect_invalid(GOOD_OWNER "    date: 2025-13-01\n" GOOD_EVIDENCE, "date '2025-13-01' is not a date");
    expect_invalid(GOOD_OWNER "    date: 15/01/2025\n" GOOD_EVIDENCE, "is not a date");
    expect_invalid(GOOD_OWNER "    date: 2025-02-29\n" GOOD_EVIDENCE, "is not a date");
    expect_invalid(GOOD_OWNER "    date: 2025-06-02\n" GOOD_EVIDENCE, "date 2025-06-02 is in the future");
    expect_invalid(GOOD_OWNER "    date: 2025-01-01\n    expires: 2025-05-31\n" GOOD_EVIDENCE, "expired on 2025-05-31");
    expect_invalid(GOOD_OWNER "    date: 2024-05-01\n" GOOD_EVIDENCE, "expired on 2025-05-01 (12 months after its date)");
    expect_invalid(GOOD_OWNER GOOD_DATE "    expires: 2026-05-02\n" GOOD_EVIDENCE, "more than 12 months after the date");
    expect_invalid(GOOD_OWNER GOOD_DATE "    expires: 2025-04-01\n" GOOD_EVIDENCE, "before its date");
    expect_invalid(GOOD_OWNER GOOD_DATE "    expires: soon\n" GOOD_EVIDENCE, "expiry 'soon' is not a date");
    expect_invalid(GOOD_OWNER GOOD_DATE, "no evidence");
    expect_invalid(GOOD_OWNER GOOD_DATE "    evidence: docs/missing.md\n", "evidence docs/missing.md does not exist");
    expect_invalid(GOOD_OWNER GOOD_DATE "    evidence: docs/unrelated.md\n", "does not mention what item 10 is about");
    expect_invalid(GOOD_OWNER GOOD_DATE "    evidence: ../outside.md\n", "not a path inside the repository");
    expect_invalid(GOOD_OWNER GOOD_DATE "    evidence: /etc/passwd\n", "not a path inside the repository");
    expect_invalid(GOOD_OWNER GOOD_DATE "    not_applicable: true\n", "not_applicable needs a reason");
    /* several problems are all named */
    bool valid;
    char *r = reason_for("    owner: TBD\n    date: 2030-01-01\n", &valid);
    assert_false(valid);
    assert_non_null(strstr(r, "placeholder"));
    assert_non_null(strstr(r, "in the future"));
    assert_non_null(strstr(r, "no evidence"));
    free(r);
}

static void test_waiver_checks(void **state)
{
    (void)state;
    char *root = make_root();
    aiready_config c;
    char *err = NULL;
    int rc = load_text(root,
                       "version: 1\n"
                       "waivers:\n"
                       "  - rule: tls.python-verify-false\n"
                       "    owner: Sam Lee\n"
                       "    date: 2025-05-01\n"
                       "    reason: VPC only\n"
                       "  - rule: tls.python-verify-false\n"
                       "    owner: Sam Lee\n"
                       "    date: 2025-01-01\n"
                       "    expires: 2025-02-01\n"
                       "  - rule: cors.wildcard\n"
                       "    fingerprint: abc\n"
                       "    owner: someone\n"
                       "    date: 2025-05-01\n"
                       "    expires: 2025-08-01\n"
                       "    reason: demo\n",
                       &c, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(c.n_waivers, 3);
    assert_false(c.waivers[0].valid);
    assert_non_null(strstr(c.waivers[0].invalid_reason, "no expiry date"));
    assert_false(c.waivers[1].valid);
    assert_non_null(strstr(c.waivers[1].invalid_reason, "expired on 2025-02-01"));
    assert_non_null(strstr(c.waivers[1].invalid_reason, "no reason"));
    assert_false(c.waivers[2].valid);
    assert_non_null(strstr(c.waivers[2].invalid_reason, "placeholder"));
    assert_string_equal(c.waivers[2].fingerprint, "abc");
    assert_int_equal(c.waivers[2].line, 11);
    config_free(&c);
    remove_tree(root);
    free(root);
}

static void test_placeholders_and_dates(void **state)
{
    (void)state;
    const char *bad[] = {NULL, "", "  ", "TODO", "tbd", "Me", "someone", "<owner>", "Jane <name>", "xxx",
                         "owner@example.com", "Jane Doe <jane@corp.example>", "N/A", "TODO: find owner", NULL};
    for (size_t i = 1; bad[i]; i++) assert_true(config_owner_is_placeholder(bad[i]));
    assert_true(config_owner_is_placeholder(NULL));
    const char *good[] = {"Jane Doe", "Jane Doe <jane@acme.io>", "@jdoe", "ai-governance@acme.io", "Head of Support", NULL};
    for (size_t i = 0; good[i]; i++) assert_false(config_owner_is_placeholder(good[i]));
    int d;
    assert_true(config_parse_date("2024-02-29", &d));
    assert_int_equal(d, 20240229);
    assert_false(config_parse_date("2100-02-29", &d));
    assert_true(config_parse_date("2000-02-29", &d));
    assert_false(config_parse_date("2025-1-01", &d));
    assert_false(config_parse_date("2025-01-01T00:00", &d));
    assert_false(config_parse_date("2025-00-10", &d));
    assert_false(config_parse_date("2025-04-31", &d));
    assert_false(config_parse_date(NULL, &d));
    /* a bad `today` is the caller's error */
    aiready_config c;
    char *err = NULL;
    assert_int_equal(config_load_with("/nonexistent", "tomorrow", NULL, &c, &err), -1);
    assert_non_null(strstr(err, "today"));
    free(err);
}

static const char checklist[] =
    "version: 1\n"
    "pillars: []\n"
    "items:\n"
    "  - id: 10\n"
    "    title: DR\n"
    "    attestation_keywords: 'RPO|RTO|restore|disaster recovery'\n"
    "  - id: 43\n"
    "    attestation_keywords: 'SLA|uptime'\n"
    "  - id: 99\n"
    "    attestation_keywords: 'ignored'\n"
    "  - id: 5\n";

static void test_keywords_from_checklist(void **state)
{
    (void)state;
    char *root = make_root();
    write_file(root, "rules/checklist.yaml", checklist);
    buf p = {0};
    buf_printf(&p, "%s/rules/checklist.yaml", root);
    config_keywords_store st;
    char *err = NULL;
    assert_int_equal(config_keywords_load(p.data, &st, &err), 0);
    assert_string_equal(st.kw.pattern[10], "RPO|RTO|restore|disaster recovery");
    assert_string_equal(st.kw.pattern[43], "SLA|uptime");
    assert_null(st.kw.pattern[5]);
    assert_null(st.kw.pattern[1]);
    config_keywords_free(&st);
    assert_int_equal(config_keywords_load("/nonexistent/checklist.yaml", &st, &err), -1);
    free(err);

    /* config_load finds the keywords through AIREADY_RULES */
    buf rules = {0};
    buf_printf(&rules, "%s/rules", root);
    setenv("AIREADY_RULES", rules.data, 1);
    write_file(root, "docs/style.md", "Use tabs.\n");
    write_file(root, ".aiready.yml",
               "version: 1\nattestations:\n  - item: 10\n    owner: Jane Doe\n    date: 2025-05-01\n    evidence: docs/style.md\n");
    aiready_config c;
    assert_int_equal(config_load(root, TODAY, &c, &err), 0);
    assert_false(c.attestations[0].valid);
    assert_non_null(strstr(c.attestations[0].invalid_reason, "does not mention"));
    config_free(&c);
    /* without a checklist the keyword check is skipped */
    setenv("AIREADY_RULES", "/nonexistent", 1);
    assert_int_equal(config_load(root, TODAY, &c, &err), 0);
    assert_true(c.attestations[0].valid);
    assert_false(c.attestations[0].evidence_checked);
    config_free(&c);
    unsetenv("AIREADY_RULES");
    buf_free(&rules);
    buf_free(&p);
    remove_tree(root);
    free(root);
}

/* The configurations shipped with the evidence fixtures (run from the repository root). */
static void test_fixture_configs(void **state)
{
    (void)state;
    config_keywords kw;
    memset(&kw, 0, sizeof kw);
    kw.pattern[10] = "RPO|RTO|restore|disaster recovery";
    kw.pattern[38] = "owner|accountab|governance";
    kw.pattern[46] = "runbook|mitigat|diagnos";
    kw.pattern[48] = "limitation|training|guidance";
    kw.pattern[49] = "go.?no.?go|launch criteria|release criteria|sign.?off";
    aiready_config c;
    char *err = NULL;
    if (access("fixtures/evidence-full/.aiready.yml", R_OK) != 0) skip();
    assert_int_equal(config_load_with("fixtures/evidence-full", TODAY, &kw, &c, &err), 0);
    assert_int_equal(c.n_attestations, 2);
    assert_true(c.attestations[0].valid);
    assert_true(c.attestations[0].evidence_checked);
    assert_true(c.attestations[1].valid);
    assert_false(c.attestations[1].evidence_checked);
    config_free(&c);
    assert_int_equal(config_load_with("fixtures/evidence-partial", TODAY, &kw, &c, &err), 0);
    assert_int_equal(c.n_attestations, 3);
    for (size_t i = 0; i < 3; i++) assert_false(c.attestations[i].valid);
    assert_non_null(strstr(c.attestations[0].invalid_reason, "placeholder"));
    assert_non_null(strstr(c.attestations[1].invalid_reason, "does not exist"));
    assert_non_null(strstr(c.attestations[2].invalid_reason, "in the future"));
    config_free(&c);
    assert_int_equal(config_load_with("fixtures/evidence-none", TODAY, &kw, &c, &err), 0);
    assert_null(c.file);
    config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_both_files),
        cmocka_unit_test(test_yaml_extension),
        cmocka_unit_test(test_attestation_checks),
        cmocka_unit_test(test_waiver_checks),
        cmocka_unit_test(test_placeholders_and_dates),
        cmocka_unit_test(test_keywords_from_checklist),
        cmocka_unit_test(test_fixture_configs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
