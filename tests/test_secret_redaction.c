/* No output ever prints a secret whole. For every shipped secret rule and each of its
 * `match` cases, the secret (the rule's secret group on that case) must not appear in any
 * field of any finding reported for the case — snippet, message, remediation, file,
 * fingerprint — and the snippet must carry the redaction marker instead. The
 * `rules test` report and the secrets-eval listing print only these fields. A repository
 * full of secrets is scanned end to end and rendered in every report format (JSON, text,
 * verbose and colour text, SARIF, Markdown, HTML): no secret appears in any of them.
 * Then every secret of every rule's match cases is planted where each kind of output
 * quotes it — a model call's line (Python and TypeScript), a Next.js route handler, a CI
 * `run:` line, an aiready-ignore reason, a package.json dependency URL, a `model=`
 * argument, an invalid requirement line, a file only a `-r` include reads — and every
 * format is searched for it. Last, the one-line JSON of many keys (robustness F04) keeps
 * every key of every snippet redacted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "calls.h"
#include "checklist.h"
#include "json.h"
#include "match.h"
#include "parse.h"
#include "report.h"
#include "rules.h"
#include "rules_impl.h"
#include "scan.h"
#include "shipped_rules.h"

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
    for (char *s = p.data + strlen(dir) + 1; (s = strchr(s, '/')); s++) { /* mkdir -p */
        *s = '\0';
        if (mkdir(p.data, 0755) != 0) assert_true(errno == EEXIST);
        *s = '/';
    }
    FILE *f = fopen(p.data, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
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

/* --- every secret, everywhere it can be quoted ---------------------------------------- */

typedef struct planted {
    char *secret;
    const rule *r;
    const rule_case *c;
    bool plain; /* no quote, backslash, blank, '#', '$' or newline: fits every context */
} planted;

typedef VEC(planted) planted_list;

static bool is_plain(const char *s)
{
    return !strpbrk(s, "\"'\\` \t\n\r#$");
}

/* The secret of every match case of every shipped secret rule (8 bytes or more), once. */
static void collect_secrets(const ruleset *rs, planted_list *out)
{
    pcre2_match_data *md = pcre2_match_data_create(rs->max_ovector, NULL);
    for (size_t i = 0; i < rs->rules.len; i++) {
        const rule *r = &rs->rules.items[i];
        if (r->kind != RULE_REGEX || !r->secret) continue;
        for (size_t c = 0; c < r->cases_match.len; c++) {
            const rule_case *rc = &r->cases_match.items[c];
            if (pcre2_match(r->re, (PCRE2_SPTR)rc->code, strlen(rc->code), 0, 0, md, NULL) < 0) continue;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t gs = ov[2 * r->secret_group], ge = ov[2 * r->secret_group + 1];
            if (gs == PCRE2_UNSET || ge - gs < 8) continue;
            char *secret = xstrndup(rc->code + gs, ge - gs);
            bool seen = false;
            for (size_t k = 0; k < out->len && !seen; k++) seen = !strcmp(out->items[k].secret, secret);
            if (seen) { free(secret); continue; }
            planted p = {secret, r, rc, is_plain(secret)};
            VEC_PUSH(out, p);
        }
    }
    pcre2_match_data_free(md);
}

static void planted_free(planted_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i].secret);
    VEC_FREE(l);
}

static char *src_dir(const char *rel)
{
    buf p = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&p, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_puts(&p, rel);
    return buf_take(&p);
}

/* The longest run of letters and digits in s: no report format escapes it, so finding it
 * means the secret (or most of it) is there, escaped or not. */
static char *probe_of(const char *s)
{
    size_t best = 0, best_len = 0;
    for (size_t i = 0; s[i];) {
        size_t j = i;
        while ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')) j++;
        if (j - i > best_len) { best = i; best_len = j - i; }
        i = j > i ? j : i + 1;
    }
    return xstrndup(s + best, best_len);
}

/* Fails when out holds the secret whole: as it is, JSON-escaped, or its longest run of
 * letters and digits when that is 12 bytes or more. */
static void assert_no_secret(const char *format, const char *out, const planted *p)
{
    buf esc = {0};
    json_escape(&esc, p->secret, strlen(p->secret));
    char *probe = probe_of(p->secret);
    const char *hit = strstr(out, p->secret) ? p->secret : strstr(out, esc.data) ? esc.data
                      : strlen(probe) >= 12 && strstr(out, probe) ? probe : NULL;
    if (hit) {
        const char *at = strstr(out, hit);
        size_t back = at - out > 120 ? 120 : (size_t)(at - out);
        fail_msg("the %s report prints a secret of %s (%s:%u): ...%.*s...", format, p->r->id, p->r->file, p->c->line,
                 (int)(back + strlen(hit) + 40), at - back);
    }
    free(probe);
    buf_free(&esc);
}

typedef struct rendered {
    buf out[7];
} rendered;

static const char *const format_names[7] = {"json", "text", "text --verbose", "text (colour)", "sarif", "markdown", "html"};

static void render_all(const scan_result *r, rendered *rd)
{
    memset(rd, 0, sizeof *rd);
    report_options plain = {0}, verbose = {0}, color = {0};
    plain.tool_version = verbose.tool_version = color.tool_version = "test";
    verbose.verbose = color.verbose = true;
    color.color = true;
    report_json(r, &plain, &rd->out[0]);
    report_text(r, &plain, &rd->out[1]);
    report_text(r, &verbose, &rd->out[2]);
    report_text(r, &color, &rd->out[3]);
    report_sarif(r, &plain, &rd->out[4]);
    report_markdown(r, &plain, &rd->out[5]);
    report_html(r, &plain, &rd->out[6]);
}

static void rendered_check_free(rendered *rd, const planted_list *pl)
{
    for (size_t k = 0; k < 7; k++) {
        assert_true(rd->out[k].len > 0);
        for (size_t i = 0; i < pl->len; i++) assert_no_secret(format_names[k], rd->out[k].data, &pl->items[i]);
        buf_free(&rd->out[k]);
    }
}

static bool marked(const char *s)
{
    return s && strstr(s, "[redacted sha256:");
}

static void scan_dir(const char *dir, scan_result *r, checklist **cl, ruleset **rs, calls_catalog **cat)
{
    *rs = load_shipped();
    assert_non_null(*rs);
    char *err = NULL;
    char *p = src_dir("../rules/checklist.yaml");
    *cl = checklist_load(p, &err);
    free(p);
    if (!*cl) fprintf(stderr, "%s\n", err ? err : "checklist");
    free(err);
    assert_non_null(*cl);
    p = src_dir("../rules/sdks");
    err = NULL;
    *cat = calls_catalog_load(p, &err);
    free(p);
    if (!*cat) fprintf(stderr, "%s\n", err ? err : "catalog");
    free(err);
    assert_non_null(*cat);
    scan_options opt = {0};
    opt.path = dir;
    opt.jobs = 2;
    opt.max_file_size = 2u << 20;
    opt.checklist = *cl;
    opt.rules = *rs;
    opt.calls = *cat;
    err = NULL;
    assert_int_equal(scan_run(&opt, r, &err), 0);
}

static void remove_dir(const char *dir)
{
    buf rm = {0};
    buf_printf(&rm, "rm -rf '%s'", dir);
    if (system(rm.data) != 0) fprintf(stderr, "could not remove %s\n", dir);
    buf_free(&rm);
}

/* n bytes of filler text */
static const char *pad(size_t n)
{
    static char text[256];
    static const char words[] = "lorem ipsum dolor sit amet ";
    if (n >= sizeof text) n = sizeof text - 1;
    for (size_t i = 0; i < n; i++) text[i] = words[i % (sizeof words - 1)];
    text[n] = '\0';
    return text;
}

/* Every secret in its own match case (where its rule finds it), and each plain one also
 * on lines that every other kind of output quotes — some padded so that the key crosses
 * the place where that output clips its quote (160 bytes of a call or handler line, 200
 * of a line). */
static void plant_everywhere(const char *dir, const planted_list *pl)
{
    buf py = {0}, ts = {0}, ci = {0}, pkg = {0}, t = {0};
    buf_puts(&py, "import openai\nclient = openai.OpenAI()\n");
    buf_puts(&ts, "import OpenAI from \"openai\";\n");
    buf_puts(&ci, "name: ci\non: [push]\njobs:\n");
    buf_puts(&pkg, "{\"name\": \"x\", \"version\": \"1.0.0\", \"dependencies\": {");
    size_t n_pkg = 0;
    for (size_t i = 0; i < pl->len; i++) {
        const planted *p = &pl->items[i];
        t.len = 0;
        buf_printf(&t, "cases/%zu/%s", i, p->c->path ? p->c->path : default_path(p->c->lang));
        put_file(dir, t.data, p->c->code);
        if (!p->plain) continue;
        const char *k = p->secret;
        /* a key on the line of a model call, Python and TypeScript */
        buf_printf(&py, "r%zu = openai.OpenAI(api_key=\"%s\").chat.completions.create(model=\"gpt-4o\", "
                        "messages=[{\"role\": \"user\", \"content\": \"hi\"}])\n", i, k);
        /* a key as the model id, and in the reason of a suppression */
        buf_printf(&py, "# aiready-ignore: model-call.unlogged rotated, the old one was %s\n", k);
        buf_printf(&py, "m%zu = client.chat.completions.create(model=\"%s\", messages=[])\n", i, k);
        /* the key from byte 150 of the call's text, and from byte 190 of the line */
        buf_printf(&py, "p%zu = openai.OpenAI(default_headers={\"X-Pad\": \"%s\"}, api_key=\"%s\").chat.completions"
                        ".create(model=\"gpt-4o\", messages=[])\n", i, pad(96), k);
        buf_printf(&py, "q%05zu = openai.OpenAI(default_headers={\"X-Pad\": \"%s\"}, api_key=\"%s\").chat.completions"
                        ".create(model=\"gpt-4o\", messages=[])\n", i, pad(126), k);
        buf_printf(&ts, "export async function f%zu() { return await new OpenAI({ apiKey: \"%s\" }).chat.completions"
                        ".create({ model: \"gpt-4o\", messages: [] }); }\n", i, k);
        /* a Next.js route handler on one line */
        t.len = 0;
        buf_printf(&t, "import OpenAI from \"openai\";\nexport async function POST(req: Request) { const c = new "
                       "OpenAI({ apiKey: \"%s\" }); const r = await c.chat.completions.create({ model: \"gpt-4o\", "
                       "messages: [] }); return Response.json(r); }\n", k);
        /* the key from byte 150 of the handler's line */
        buf_printf(&t, "export async function PUT(req: Request) { const pad = \"%s\"; const c = new OpenAI({ apiKey: "
                       "\"%s\" }); return Response.json(await c.chat.completions.create({ model: \"gpt-4o\", "
                       "messages: [] })); }\n", pad(60), k);
        buf rel = {0};
        buf_printf(&rel, "app/api/r%zu/route.ts", i);
        put_file(dir, rel.data, t.data);
        /* CI run: lines that test, evaluate and deploy */
        buf_printf(&ci, "  t%zu:\n    runs-on: ubuntu-latest\n    steps:\n      - run: OPENAI_API_KEY=%s pytest -q\n"
                        "      - run: GH_TOKEN=%s kubectl apply -f k8s/\n", i, k, k);
        /* the key from byte 190 of the line */
        buf_printf(&ci, "  e%zu:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo '%s' && OPENAI_API_KEY=%s "
                        "python -m evals.run\n", i, pad(160), k);
        /* a dependency URL with the key as its query */
        buf_printf(&pkg, "%s\"d%zu\": \"https://npm.acme.io/d/-/d-1.0.0.tgz?token=%s\"", n_pkg++ ? ", " : "", i, k);
        /* an invalid requirement line, quoted by errors[] */
        rel.len = 0;
        buf_printf(&rel, "svc%zu/requirements.txt", i);
        t.len = 0;
        buf_printf(&t, "token %s\n", k);
        put_file(dir, rel.data, t.data);
        buf_free(&rel);
    }
    buf_puts(&pkg, "}}\n");
    put_file(dir, "app/calls.py", py.data);
    put_file(dir, "web/calls.ts", ts.data);
    put_file(dir, ".github/workflows/ci.yml", ci.data);
    put_file(dir, "package.json", pkg.data);
    buf_free(&py);
    buf_free(&ts);
    buf_free(&ci);
    buf_free(&pkg);
    buf_free(&t);
}

static size_t count_marked_findings(const scan_result *r, const char *rule_prefix, const char *file_prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.len; i++) {
        const finding *f = &r->findings.items[i];
        if (!strncmp(f->rule, rule_prefix, strlen(rule_prefix)) && !strncmp(f->file, file_prefix, strlen(file_prefix)) &&
            marked(f->snippet))
            n++;
    }
    return n;
}

static void test_every_secret_everywhere(void **state)
{
    (void)state;
    ruleset *rs0 = load_shipped();
    assert_non_null(rs0);
    planted_list pl = {0};
    collect_secrets(rs0, &pl);
    size_t plain = 0, short_plain = 0;
    for (size_t i = 0; i < pl.len; i++) {
        plain += pl.items[i].plain;
        /* an invalid requirement is quoted up to 80 bytes, whole words only */
        short_plain += pl.items[i].plain && strlen("token ") + strlen(pl.items[i].secret) <= 80;
    }
    assert_true(pl.len >= 50);
    assert_true(plain >= 40);
    char tmpl[] = "/tmp/aiready-redaction-all.XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    plant_everywhere(dir, &pl);

    scan_result r;
    checklist *cl;
    ruleset *rs;
    calls_catalog *cat;
    scan_dir(dir, &r, &cl, &rs, &cat);

    /* each kind of output did quote the planted keys (redacted), so the search below means
     * something */
    assert_true(count_marked_findings(&r, "model-call.", "app/calls.py") >= plain);
    assert_true(count_marked_findings(&r, "model-call.", "web/calls.ts") >= plain);
    assert_true(count_marked_findings(&r, "access.", "app/api/") >= plain);
    assert_true(count_marked_findings(&r, "ci.", ".github/") >= plain);
    size_t reasons = 0, models = 0, specs = 0, errors = 0, messages = 0;
    for (size_t i = 0; i < r.suppression.list.len; i++) reasons += marked(r.suppression.list.items[i].reason);
    for (size_t i = 0; i < r.calls.len; i++) models += marked(r.calls.items[i].model);
    for (size_t i = 0; i < r.deps.len; i++) specs += marked(r.deps.items[i].spec);
    for (size_t i = 0; i < r.errors.len; i++) errors += marked(r.errors.items[i].message);
    for (size_t i = 0; i < r.findings.len; i++) messages += marked(r.findings.items[i].message);
    assert_true(reasons >= plain);
    assert_true(models >= plain);
    assert_true(specs >= plain);
    assert_true(errors >= short_plain && short_plain >= 20);
    assert_true(messages >= plain); /* "uses the floating model alias '…'" */

    rendered rd;
    render_all(&r, &rd);
    rendered_check_free(&rd, &pl);
    scan_result_free(&r);
    calls_catalog_free(cat);
    checklist_free(cl);
    rules_free(rs);
    rules_free(rs0);
    planted_free(&pl);
    remove_dir(dir);
}

/* Plants the one-line cases of pl from *next on, at most UNSCANNED_BATCH of them, each in
 * its own folder: the file (gitignored) and a requirements.txt including it with -r.
 * Returns the number planted; *short_lines counts those short enough to be quoted whole. */
enum { UNSCANNED_BATCH = 40 }; /* below inventory.c's 50 listed include problems */

static size_t plant_includes(const char *dir, const planted_list *pl, size_t *next, planted_list *used,
                             size_t *short_lines)
{
    buf t = {0}, rel = {0};
    size_t n = 0;
    for (; *next < pl->len && n < UNSCANNED_BATCH; (*next)++) {
        const planted *p = &pl->items[*next];
        const char *line = strstr(p->c->code, p->secret);
        if (strchr(p->c->code, '\n') && strchr(p->c->code, '\n') < strchr(p->c->code, '\0') - 1) continue;
        if (!line) continue;
        const char *path = p->c->path ? p->c->path : default_path(p->c->lang);
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        /* outside a checkout the walker keeps credential files (.env, ...) even when
         * ignored: those are scanned, and this test is about files that are not */
        if (classify_is_secret_file(base)) continue;
        rel.len = 0;
        buf_printf(&rel, "svc%zu/%s", *next, base);
        put_file(dir, rel.data, p->c->code);
        rel.len = 0;
        buf_printf(&rel, "svc%zu/.gitignore", *next);
        t.len = 0;
        buf_printf(&t, "%s\n", base);
        put_file(dir, rel.data, t.data);
        rel.len = 0;
        buf_printf(&rel, "svc%zu/requirements.txt", *next);
        t.len = 0;
        buf_printf(&t, "-r %s\nflask==3.0.0\n", base);
        put_file(dir, rel.data, t.data);
        VEC_PUSH(used, *p);
        *short_lines += strlen(p->c->code) <= 81;
        n++;
    }
    buf_free(&t);
    buf_free(&rel);
    return n;
}

/* A file that no rule pass reads — gitignored, reached only by a requirements `-r` — can
 * still be quoted by errors[] or become a dependency: the secret rules redact those
 * strings themselves. The cases go in batches, each scan listing every include problem
 * (inventory.c lists 50 and counts the rest). */
static void test_unscanned_include(void **state)
{
    (void)state;
    ruleset *rs0 = load_shipped();
    assert_non_null(rs0);
    planted_list pl = {0};
    collect_secrets(rs0, &pl);
    size_t next = 0, total = 0, quoted = 0, short_lines = 0;
    while (next < pl.len) {
        char tmpl[] = "/tmp/aiready-redaction-inc.XXXXXX";
        char *dir = mkdtemp(tmpl);
        assert_non_null(dir);
        planted_list used = {0};
        size_t n = plant_includes(dir, &pl, &next, &used, &short_lines);
        if (n) {
            scan_result r;
            checklist *cl;
            ruleset *rs;
            calls_catalog *cat;
            scan_dir(dir, &r, &cl, &rs, &cat);
            /* the includes were read and quoted, their secrets seen by no rule pass */
            for (size_t i = 0; i < r.errors.len; i++) quoted += marked(r.errors.items[i].message);
            for (size_t i = 0; i < r.deps.len; i++)
                quoted += marked(r.deps.items[i].name) || marked(r.deps.items[i].spec);
            for (size_t i = 0; i < r.findings.len; i++)
                assert_false(!strncmp(r.findings.items[i].rule, "secrets.", 8) && r.findings.items[i].line > 0);
            rendered rd;
            render_all(&r, &rd);
            rendered_check_free(&rd, &used);
            scan_result_free(&r);
            calls_catalog_free(cat);
            checklist_free(cl);
            rules_free(rs);
            total += n;
        }
        VEC_FREE(&used);
        remove_dir(dir);
    }
    assert_true(total >= 40);
    if (quoted < short_lines * 3 / 4) fail_msg("%zu of %zu short lines quoted", quoted, short_lines);
    rules_free(rs0);
    planted_free(&pl);
}

/* Robustness F04: one line of JSON holding many keys. Every finding's snippet is a window
 * of about 200 bytes around its own key, which it shows redacted, and no key is whole in
 * any snippet. (Before, each snippet redacted the whole line against every key: 1000 keys
 * took 195 s; see bench/README.md.) */
static void test_one_line_of_many_keys(void **state)
{
    (void)state;
    enum { N = 1000 };
    ruleset *rs = load_shipped();
    assert_non_null(rs);
    match_state *ms = match_state_new(rs);
    char (*keys)[33] = xcalloc(N, sizeof *keys);
    uint32_t seed = 3;
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    buf line = {0};
    buf_putc(&line, '[');
    for (int i = 0; i < N; i++) {
        for (int k = 0; k < 32; k++) {
            seed = seed * 1103515245u + 12345u;
            keys[i][k] = alnum[(seed >> 16) % 62];
        }
        buf_printf(&line, "%s{\"name\": \"svc%d\", \"api_key\": \"%s\"}", i ? ", " : "", i, keys[i]);
    }
    buf_puts(&line, "]\n");
    source s;
    source_init_text(&s, "creds.json", LANG_NONE, line.data, line.len);
    finding_list fl = {0};
    match_file(ms, &s, NULL, &fl);
    /* the keys the rules take for secrets (a random one may look like a placeholder) */
    bool *secret = xcalloc(N, sizeof *secret);
    size_t n_secret = 0;
    for (size_t i = 0; i < fl.len; i++) {
        const finding *f = &fl.items[i];
        if (strncmp(f->rule, "secrets.", 8) || !f->line) continue;
        for (int k = 0; k < N; k++)
            if (!memcmp(line.data + f->column - 1, keys[k], 32) && !secret[k]) { secret[k] = true; n_secret++; }
    }
    assert_true(n_secret >= N * 9 / 10);
    for (size_t i = 0; i < fl.len; i++) {
        const finding *f = &fl.items[i];
        assert_true(strlen(f->snippet) <= 200 + 2 * 3 + 40);
        for (int k = 0; k < N; k++)
            if (secret[k] && strstr(f->snippet, keys[k]))
                fail_msg("snippet of %s at column %u prints key %d", f->rule, f->column, k);
        if (strncmp(f->rule, "secrets.", 8)) continue;
        /* its own key, redacted, near the start of the window */
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%.4s\xe2\x80\xa6[redacted", line.data + f->column - 1);
        const char *at = strstr(f->snippet, prefix);
        if (!at || at - f->snippet > 60) fail_msg("snippet at column %u does not show its key first: %s", f->column, f->snippet);
    }
    free(secret);
    finding_list_free(&fl);
    source_free(&s);
    buf_free(&line);
    free(keys);
    match_state_free(ms);
    rules_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_field_holds_a_secret),
        cmocka_unit_test(test_marker_shape),
        cmocka_unit_test(test_rules_test_report_redacts),
        cmocka_unit_test(test_every_report_format_redacts),
        cmocka_unit_test(test_every_secret_everywhere),
        cmocka_unit_test(test_unscanned_include),
        cmocka_unit_test(test_one_line_of_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
