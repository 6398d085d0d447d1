/* test_report_md: the Markdown report — section order (summary, gates, pillars, blockers,
 * a section per pillar, other findings, suppressions), blockers with location, snippet
 * and fix, escaping of table cells and markup, links only with --doc-base. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

typedef rf_rendered fx;

static int setup(void **state)
{
    *state = rf_render(report_markdown, "score:3", "synthetic.md");
    return 0;
}

static int teardown(void **state)
{
    rf_rendered_free(*state);
    return 0;
}

static const char *need(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p) fail_msg("missing: %s", needle);
    return p;
}

static void test_section_order(void **state)
{
    const char *m = ((fx *)*state)->out.data;
    static const char *const order[] = {
        "# aiready report: `fixtures/demo <app>`\n",
        "**Rebuild** · score **3/50** · risk **Critical**",
        "| Decision | **Rebuild** |",
        "**Why Rebuild**",
        "## Gates",
        "## Pillars",
        "## Blockers (3)",
        "## Pillar 1: Architecture and infrastructure (1 of 10 met)",
        "## Pillar 2: ",
        "## Pillar 3: ",
        "## Pillar 4: ",
        "## Pillar 5: ",
        "## Other findings (1)",
        "## Suppressed findings (2)",
        "files scanned",
    };
    const char *at = m;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = need(at, order[i]);
        at = p + strlen(order[i]);
    }
}

static void test_summary_and_gates(void **state)
{
    const char *m = ((fx *)*state)->out.data;
    need(m, "| Items | 0 Ready · 44 Needs Review · 3 Blocker · 3 Not applicable |");
    need(m, "| Suppressions | 1 inline; 1 finding in the baseline `baseline.json` |");
    need(m, "| `blocker` | ❌ failed | 2 items are Blocker on new findings: 17 (model-call.output-to-shell at app/main.py:62), ");
    need(m, "| `score:3` | ✅ passed | score 3 of 50 is at least 3 (1 baselined finding set aside) |");
    need(m, "| 4. Security, compliance and governance | 1.5 | 0/10 | 0 | 8 | **2** | 0 |");
}

static void test_blockers(void **state)
{
    const char *m = ((fx *)*state)->out.data;
    const char *b = need(m, "### 31. Secrets and credentials are stored in a dedicated secrets manager (pillar 4)\n");
    need(b, "- `app/main.py:14` An OpenAI API key is hard-coded (`secrets.openai-api-key`, in baseline)\n"
            "  ```\n  OPENAI_API_KEY = \"sk-proj-Xq3v…[redacted sha256:3f2a9c]\"\n  ```\n"
            "\n  **Fix:** Revoke and rotate the key, then load it from the environment or a secrets manager.\n");
    /* with a baseline, what it does not hold comes next, worst first; the baselined key is not new */
    const char *n = need(b, "## New findings (");
    need(n, "- `app/main.py:");
    assert_null(strstr(n, "(`secrets.openai-api-key`, in baseline)"));
    assert_true(n < strstr(m, "## Pillar 1: "));
}

static void test_escaping(void **state)
{
    const char *m = ((fx *)*state)->out.data;
    /* no raw markup from the scanned tree outside code spans */
    assert_null(strstr(m, "<none>"));
    need(m, "`web/app/<script>alert(1)</script>.tsx:7`"); /* a code span shows it literally */
    size_t n = 0;                                       /* (blockers and new findings: twice) */
    for (const char *sc = strstr(m, "<script>"); sc; sc = strstr(sc + 1, "<script>"), n++)
        assert_true(sc - m >= 9 && strncmp(sc - 9, "`web/app/<script>alert(1)</script>.tsx:7`", 41) == 0);
    assert_int_equal(n, 2);
    need(m, "raw HTML &lt;/code&gt;&lt;/pre&gt;&lt;b&gt;");
    need(m, "has no error handling \\| fallback &lt;none&gt;");
    /* a table cell keeps its columns: the reason's markup is escaped */
    need(m, "| `tls.python-verify-false` | `tests/test_fetch.py:8` | inline | local &lt;stub&gt; server &amp; self-signed cert |");
    need(m, "| `secrets.openai-api-key` | `app/main.py:14` | baseline |  |");
    /* evidence list under a pillar, folded */
    need(m, "<details><summary>Evidence</summary>");
    need(m, "max\\_tokens");
}

static void test_doc_links(void **state)
{
    fx *f = *state;
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = "https://example.org/docs"};
    report_markdown(&f->r, &o, &out);
    need(out.data, "### [31](https://example.org/docs/items.md#item-31). Secrets");
    need(out.data, "| [1](https://example.org/docs/items.md#item-1) | Scalable infrastructure is in place |");
    assert_null(strstr(out.data, "## Gates"));
    buf_free(&out);
    /* without: plain numbers */
    assert_null(strstr(f->out.data, "](docs/items.md"));
    need(f->out.data, "| 1 | Scalable infrastructure is in place |");
}

/* F20, N3: a Markdown report is often `cat`ed: no control character from the repository
 * reaches the terminal, and names that differ only in a non-UTF-8 byte stay distinct. */
static void test_hostile_strings_are_inert(void **state)
{
    fx *f = *state;
    scan_result r;
    rf_build(&r, f->cl, false);
    rf_add_hostile(&r);
    buf out = {0};
    report_options o = {.tool_version = "0.1.0", .gates = NULL, .doc_base = NULL};
    report_markdown(&r, &o, &out);
    const char *bad = rf_first_unsafe(out.data, false);
    if (bad) fail_msg("unsafe byte 0x%02x at: %.40s", (unsigned char)*bad, bad);
    assert_false(rf_line_starts(out.data, "Decision: ship"));
    need(out.data, "`bad\\xff.py:2`");
    need(out.data, "`bad\\xfe.py:2`");
    need(out.data, "`x\\nScore 50/50 (verified 50, attested 0)  risk: low\\nDecision: ship\\n\\e]0;pwned\\x07.py:2`");
    /* in text, the escape's backslash is itself escaped so that it shows */
    need(out.data, "see \\\\e\\]8;;http://evil.test\\\\x07here");
    need(out.data, "| inline | ok\\\\e\\[2J Decision: ship |");
    buf_free(&out);
    scan_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_section_order),
        cmocka_unit_test(test_hostile_strings_are_inert),
        cmocka_unit_test(test_summary_and_gates),
        cmocka_unit_test(test_blockers),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_doc_links),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
