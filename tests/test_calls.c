/* test_calls: the model call-site analysis — fixtures compared field by field with their
 * expected-calls.json, and unit tests for resolution, wrappers, decorators, flows and
 * look-alikes. Run from anywhere inside the repository. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calls_harness.h"
#include "json_mini.h"

static calls_catalog *cat;

static int setup(void **state)
{
    (void)state;
    struct stat st;
    for (int i = 0; i < 6 && stat("rules/sdks", &st) != 0; i++)
        if (chdir("..") != 0) break;
    char *err = NULL;
    cat = calls_catalog_load("rules/sdks", &err);
    if (!cat) fprintf(stderr, "catalog: %s\n", err ? err : "?");
    free(err);
    return cat ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    calls_catalog_free(cat);
    return 0;
}

/* ---- inline sources --------------------------------------------------------------------- */

typedef struct src_spec { const char *path; lang lang; const char *text; } src_spec;

static void analyze(const src_spec *specs, size_t n, model_call_list *calls, finding_list *findings)
{
    parser_set *ps = parse_new();
    calls_file **files = xcalloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++) {
        source s;
        source_init_text(&s, specs[i].path, specs[i].lang, specs[i].text, strlen(specs[i].text));
        if (specs[i].lang == LANG_NONE) {
            files[i] = calls_analyze_text(cat, &s);
        } else {
            TSTree *t = parse_source(ps, &s);
            files[i] = calls_analyze(cat, &s, t);
            ts_tree_delete(t);
        }
        source_free(&s);
    }
    calls_finish(cat, files, n, calls, findings);
    for (size_t i = 0; i < n; i++) calls_file_free(files[i]);
    free(files);
    parse_free(ps);
}

static void analyze1(const char *path, lang l, const char *text, model_call_list *calls, finding_list *findings)
{
    src_spec s = {path, l, text};
    analyze(&s, 1, calls, findings);
}

static const model_call *at_line(const model_call_list *l, uint32_t line)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].line == line) return &l->items[i];
    return NULL;
}

static bool has_finding(const finding_list *f, const char *rule, uint32_t line)
{
    for (size_t i = 0; i < f->len; i++)
        if (!strcmp(f->items[i].rule, rule) && (line == 0 || f->items[i].line == line)) return true;
    return false;
}

static bool has_sink(const model_call *c, const char *kind)
{
    for (uint32_t i = 0; i < c->n_output_sinks; i++)
        if (!strcmp(c->output_sinks[i], kind)) return true;
    return false;
}

/* ---- fixtures ---------------------------------------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
    fclose(f);
    return buf_take(&b);
}

static bool field_matches(const model_call *c, const char *key, const jval *v, char *why, size_t whylen)
{
    const char *s = NULL;
    bool isbool = false, b = false;
    if (!strcmp(key, "file")) s = c->file;
    else if (!strcmp(key, "language")) s = lang_name(c->lang);
    else if (!strcmp(key, "provider")) s = c->provider;
    else if (!strcmp(key, "api")) s = c->api;
    else if (!strcmp(key, "model")) s = c->model;
    else if (!strcmp(key, "confidence")) s = c->confidence;
    else if (!strcmp(key, "retry")) s = c->retry;
    else if (!strcmp(key, "retry_source")) s = c->retry_source;
    else if (!strcmp(key, "timeout")) s = c->timeout;
    else if (!strcmp(key, "timeout_source")) s = c->timeout_source;
    else if (!strcmp(key, "logged_source")) s = c->logged_source;
    else if (!strcmp(key, "prompt_source")) s = c->prompt_source;
    else if (!strcmp(key, "kind")) s = c->kind;
    else if (!strcmp(key, "model_source")) s = c->model_source;
    else if (!strcmp(key, "in_tests")) isbool = true, b = c->in_tests;
    else if (!strcmp(key, "model_pinned")) isbool = true, b = c->model_pinned;
    else if (!strcmp(key, "logged")) isbool = true, b = c->logged;
    else if (!strcmp(key, "error_handled")) isbool = true, b = c->error_handled;
    else if (!strcmp(key, "max_tokens")) isbool = true, b = c->max_tokens;
    else if (!strcmp(key, "user_input_in_prompt")) isbool = true, b = c->user_input_in_prompt;
    else if (!strcmp(key, "context_bounded")) {
        /* null: no growing context seen; true / false: bounded or not */
        bool ok = v->kind == JS_NULL ? c->context_bounded == MC_CTX_NONE
                                     : v->kind == JS_BOOL && c->context_bounded == (v->b ? MC_CTX_BOUNDED : MC_CTX_UNBOUNDED);
        if (!ok) snprintf(why, whylen, "context_bounded %d", c->context_bounded);
        return ok;
    } else if (!strcmp(key, "line")) return v->kind == JS_NUM && (uint32_t)v->num == c->line;
    else if (!strcmp(key, "column")) {
        if (v->kind == JS_NUM && (uint32_t)v->num == c->column) return true;
        snprintf(why, whylen, "column %u", c->column);
        return false;
    } else if (!strcmp(key, "output_validated")) {
        const char *want = v->kind == JS_BOOL ? (v->b ? "true" : "false") : v->str;
        if (want && !strcmp(want, c->output_validated)) return true;
        snprintf(why, whylen, "%s", c->output_validated);
        return false;
    } else if (!strcmp(key, "output_sinks")) {
        bool ok = v->kind == JS_ARR && v->len == c->n_output_sinks;
        for (size_t i = 0; ok && i < v->len; i++) ok = has_sink(c, v->items[i].str);
        if (!ok) snprintf(why, whylen, "%u sinks", c->n_output_sinks);
        return ok;
    } else {
        snprintf(why, whylen, "unknown key");
        return false;
    }
    if (isbool) {
        if (v->kind == JS_BOOL && v->b == b) return true;
        snprintf(why, whylen, "%s", b ? "true" : "false");
        return false;
    }
    if (v->kind == JS_NULL && !s) return true;
    if (v->kind == JS_STR && s && !strcmp(v->str, s)) return true;
    snprintf(why, whylen, "%s", s ? s : "null");
    return false;
}

static void check_fixture(const char *dir)
{
    model_call_list calls = {0};
    finding_list findings = {0};
    harness_scan(cat, dir, &calls, &findings);
    buf path = {0};
    buf_printf(&path, "%s/expected-calls.json", dir);
    char *text = read_file(path.data);
    assert_non_null(text);
    const char *p = text;
    jval doc;
    assert_true(jparse(&p, &doc));
    const jval *exp = jget(&doc, "model_calls");
    assert_non_null(exp);
    int bad = 0;
    bool *seen = xcalloc(calls.len + 1, 1);
    for (size_t i = 0; i < exp->len; i++) {
        const jval *e = &exp->items[i];
        const jval *ef = jget(e, "file"), *el = jget(e, "line");
        const model_call *c = NULL;
        for (size_t k = 0; k < calls.len && !c; k++)
            if (!seen[k] && !strcmp(calls.items[k].file, ef->str) && calls.items[k].line == (uint32_t)el->num) {
                c = &calls.items[k];
                seen[k] = true;
            }
        if (!c) {
            print_error("%s: expected call at %s:%d not found\n", dir, ef->str, (int)el->num);
            bad++;
            continue;
        }
        for (size_t k = 0; k < e->len; k++) {
            char why[256] = "";
            if (!field_matches(c, e->keys[k], &e->items[k], why, sizeof why)) {
                print_error("%s: %s:%u %s: got %s\n", dir, c->file, c->line, e->keys[k], why);
                bad++;
            }
        }
    }
    for (size_t k = 0; k < calls.len; k++)
        if (!seen[k]) {
            print_error("%s: unexpected call at %s:%u (%s %s)\n", dir, calls.items[k].file, calls.items[k].line,
                        calls.items[k].provider, calls.items[k].api);
            bad++;
        }
    const jval *ef = jget(&doc, "findings");
    for (size_t i = 0; ef && i < ef->len; i++) {
        const jval *f = &ef->items[i];
        const char *rule = jget(f, "rule")->str, *file = jget(f, "file")->str;
        uint32_t line = (uint32_t)jget(f, "line")->num;
        bool found = false;
        for (size_t k = 0; k < findings.len && !found; k++)
            found = !strcmp(findings.items[k].rule, rule) && !strcmp(findings.items[k].file, file) && findings.items[k].line == line;
        if (!found) {
            print_error("%s: expected finding %s at %s:%u not found\n", dir, rule, file, line);
            bad++;
        }
    }
    /* Every finding carries a fingerprint and its checklist items. */
    for (size_t k = 0; k < findings.len; k++) {
        assert_int_equal(strlen(findings.items[k].fingerprint), 64);
        assert_true(findings.items[k].n_items > 0);
    }
    free(seen);
    jfree(&doc);
    free(text);
    buf_free(&path);
    model_call_list_free(&calls);
    finding_list_free(&findings);
    assert_int_equal(bad, 0);
}

static void test_fixture_python(void **state) { (void)state; check_fixture("fixtures/calls-python"); }
static void test_fixture_js(void **state) { (void)state; check_fixture("fixtures/calls-js"); }
static void test_fixture_traced(void **state) { (void)state; check_fixture("fixtures/calls-python-traced"); }
/* issue 11: handles through factories, methods, module state, chains, graphs, local runtimes */
static void test_fixture_handles_py(void **state) { (void)state; check_fixture("fixtures/calls-handles-python"); }
static void test_fixture_handles_js(void **state) { (void)state; check_fixture("fixtures/calls-handles-js"); }
/* handles through globals, attributes set in other methods, re-exports, factories of
 * factories across files, imported aliases, typed legacy engines, SageMaker */
static void test_fixture_tracking_py(void **state) { (void)state; check_fixture("fixtures/calls-tracking-python"); }
/* constructor injection, https.request with host and path from a helper's callers, Together */
static void test_fixture_tracking_js(void **state) { (void)state; check_fixture("fixtures/calls-tracking-js"); }
/* handles assigned in alternative branches (try/except, if/elif), classes imported from an
 * SDK submodule, annotated assignments (agent: Pregel = ...), an imported handle's method
 * passed to an invoker (add_task), and tracing switched on only in an example env file */
static void test_fixture_branches_py(void **state) { (void)state; check_fixture("fixtures/calls-branches-python"); }
/* raw HTTP to a speech model's route (ElevenLabs /v1/text-to-speech/) after a base; res.send
 * after the handler sets a non-HTML Content-Type is no HTML sink, a request header is no proof;
 * a streaming callback's parameter is the output (a worker posts it, the page renders it) */
static void test_fixture_http_js(void **state) { (void)state; check_fixture("fixtures/calls-http-js"); }
/* handles derived from another module's model (withStructuredOutput, bind_tools, with_retry),
 * factories called inline, closures over a parameter, chained graph builders, model ids and
 * URLs from another module's config (class constants, settings instances, env defaults) */
static void test_fixture_derived_py(void **state) { (void)state; check_fixture("fixtures/calls-derived-python"); }
static void test_fixture_derived_js(void **state) { (void)state; check_fixture("fixtures/calls-derived-js"); }

/* Debug-level logging counts only where some file turns it on unconditionally
 * (LABELLING.md: debug logs that are off by default do not log the call). */
static void test_debug_logging(void **state)
{
    (void)state;
    static const char *const call =
        "import logging\n"
        "import anthropic\n"
        "logger = logging.getLogger(__name__)\n"
        "client = anthropic.Anthropic()\n"
        "def ask(q):\n"
        "    r = client.messages.create(model='claude-3-5-haiku-20241022', max_tokens=9, messages=[])\n"
        "    logger.debug('reply %s', r)\n"
        "    return r\n";
    static const struct { const char *setup; bool logged; } cases[] = {
        {"import logging\nlogging.basicConfig(level=logging.DEBUG)\n", true},
        {"import logging\nlogging.getLogger().setLevel(\"DEBUG\")\n", true},
        {"import logging, os\nlogging.basicConfig(level=logging.DEBUG if os.getenv('DEBUG') else logging.INFO)\n", false},
        {"import logging\n# logging.basicConfig(level=logging.DEBUG)\nlogging.basicConfig(level=logging.INFO)\n", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        src_spec specs[2] = {{"app/ask.py", LANG_PYTHON, call}, {"app/log_setup.py", LANG_PYTHON, cases[i].setup}};
        model_call_list calls = {0};
        finding_list fs = {0};
        analyze(specs, 2, &calls, &fs);
        assert_int_equal(calls.len, 1);
        assert_int_equal(calls.items[0].logged, cases[i].logged);
        model_call_list_free(&calls);
        finding_list_free(&fs);
    }
}

/* ---- unit tests -------------------------------------------------------------------------- */

static void test_resolution_aliases(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("a.py", LANG_PYTHON,
             "import openai as oa\n"
             "from openai import OpenAI as C\n"
             "from anthropic import Anthropic\n"
             "c = C()\n"
             "class Bot:\n"
             "    def __init__(self):\n"
             "        self.llm = Anthropic(max_retries=5)\n"
             "    def go(self, q):\n"
             "        return self.llm.messages.create(model='claude-3-opus-20240229', max_tokens=5, messages=[])\n"
             "def f(q):\n"
             "    c.chat.completions.create(model='gpt-4o', messages=[])\n"
             "    oa.OpenAI().embeddings.create(model='text-embedding-3-small', input=q)\n",
             &calls, &fs);
    assert_int_equal(calls.len, 3);
    const model_call *m = at_line(&calls, 9);
    assert_non_null(m);
    assert_string_equal(m->provider, "anthropic");
    assert_string_equal(m->retry, "explicit");
    assert_string_equal(m->retry_source, "a.py:7");
    assert_string_equal(m->function, "Bot.go");
    assert_string_equal(at_line(&calls, 11)->api, "chat.completions.create");
    assert_string_equal(at_line(&calls, 12)->kind, "embedding");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_resolution_js(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("a.ts", LANG_TYPESCRIPT,
             "import * as AI from 'ai';\n"
             "const { OpenAI } = require('openai');\n"
             "class Svc {\n"
             "  private client = new OpenAI({ timeout: 1000 });\n"
             "  async run(q: string) {\n"
             "    return this.client.responses.create({ model: 'gpt-4o', input: q });\n"
             "  }\n"
             "}\n"
             "export const go = async () => AI.generateText({ model: 'openai/gpt-4o', prompt: 'hi', maxOutputTokens: 5 });\n",
             &calls, &fs);
    assert_int_equal(calls.len, 2);
    assert_string_equal(at_line(&calls, 6)->timeout, "explicit");
    assert_string_equal(at_line(&calls, 6)->timeout_source, "a.ts:4");
    assert_string_equal(at_line(&calls, 9)->provider, "vercel-ai");
    assert_true(at_line(&calls, 9)->max_tokens);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_lookalikes(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"l.py", LANG_PYTHON,
         "from twilio.rest import Client\n"
         "import torch\n"
         "from sqlmodel import Session, select\n"
         "client = Client('a', 'b')\n"
         "def f(m, engine, H):\n"
         "    client.messages.create(to='+1', from_='+2', body='hi')\n"
         "    m.eval()\n"
         "    # openai.ChatCompletion.create(model='gpt-4')\n"
         "    s = \"client.chat.completions.create(model='gpt-4o')\"\n"
         "    with Session(engine) as session:\n"
         "        return session.exec(select(H)).all()\n"},
        {"l.js", LANG_JAVASCRIPT,
         "const m = /a(b)/.exec(s);\n"
         "const x = 'openai.chat.completions.create()';\n"
         "// anthropic.messages.create({ model: 'claude-3' })\n"
         "Model.find().exec();\n"},
    };
    analyze(s, 2, &calls, &fs);
    assert_int_equal(calls.len, 0);
    assert_int_equal(fs.len, 0);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_medium_confidence(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("m.py", LANG_PYTHON,
             "import openai, anthropic\n"
             "def f(client, sms):\n"
             "    client.chat.completions.create(model='gpt-4o-mini', messages=[])\n"
             "    sms.messages.create(to='+1', body='x')\n"
             "    client.messages.create(model='claude-3-5-sonnet-20241022', max_tokens=10, messages=[])\n",
             &calls, &fs);
    assert_int_equal(calls.len, 2);
    assert_string_equal(at_line(&calls, 3)->confidence, "medium");
    assert_string_equal(at_line(&calls, 5)->provider, "anthropic");
    assert_null(at_line(&calls, 4));
    model_call_list_free(&calls);
    finding_list_free(&fs);
    /* the same shapes in a file that imports no SDK (a test of a mocked client): no call */
    analyze1("tests/test_m.py", LANG_PYTHON,
             "async def test_create(mock_anthropic_client):\n"
             "    r = await mock_anthropic_client.messages.create(model='claude-sonnet-4', max_tokens=10, messages=[])\n"
             "    mock_anthropic_client.messages.create.assert_called_once()\n",
             &calls, &fs);
    assert_int_equal(calls.len, 0);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_decorators(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("d.py", LANG_PYTHON,
             "import backoff\n"
             "from langsmith import traceable\n"
             "from ollama import Client\n"
             "ol = Client()\n"
             "@backoff.on_exception(backoff.expo, Exception, max_tries=3)\n"
             "def a(q):\n"
             "    return ol.chat(model='llama3', messages=[])\n"
             "@traceable(run_type='llm')\n"
             "def b(q):\n"
             "    return ol.chat(model='llama3', messages=[])\n"
             "def c(q):\n"
             "    print('calling')\n"
             "    try:\n"
             "        return ol.chat(model='llama3', messages=[])\n"
             "    except Exception as e:\n"
             "        logger.info('failed')\n",
             &calls, &fs);
    assert_int_equal(calls.len, 3);
    assert_string_equal(at_line(&calls, 7)->retry, "explicit");
    assert_string_equal(at_line(&calls, 7)->retry_source, "d.py:5");
    assert_false(at_line(&calls, 7)->logged);
    assert_true(at_line(&calls, 10)->logged);
    assert_string_equal(at_line(&calls, 10)->retry, "none");
    /* print() and error-only logging do not count as logging */
    assert_false(at_line(&calls, 14)->logged);
    assert_true(at_line(&calls, 14)->error_handled);
    assert_true(has_finding(&fs, "model-call.unlogged", 14));
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_wrappers_across_files(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"pkg/llm.py", LANG_PYTHON,
         "from openai import OpenAI\n"
         "client = OpenAI()\n"
         "def complete(prompt, **kw):\n"
         "    r = client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': prompt}], **kw)\n"
         "    return r.choices[0].message.content\n"},
        {"pkg/api.py", LANG_PYTHON,
         "import subprocess\n"
         "from .llm import complete, client\n"
         "def handler(q):\n"
         "    try:\n"
         "        cmd = complete(q, max_tokens=50)\n"
         "    except Exception:\n"
         "        return None\n"
         "    subprocess.run(cmd, shell=True)\n"
         "def emb(q):\n"
         "    return client.embeddings.create(model='text-embedding-3-large', input=q)\n"},
    };
    analyze(s, 2, &calls, &fs);
    assert_int_equal(calls.len, 2);
    const model_call *w = at_line(&calls, 4);
    assert_non_null(w);
    assert_false(w->error_handled); /* lexical (LABELLING.md): only the caller has a try */
    assert_true(w->max_tokens);
    assert_true(has_sink(w, "shell"));
    assert_true(has_finding(&fs, "model-call.output-to-shell", 8));
    const model_call *e = at_line(&calls, 10);
    assert_non_null(e);
    assert_string_equal(e->file, "pkg/api.py");
    assert_string_equal(e->kind, "embedding");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_flows(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("f.ts", LANG_TYPESCRIPT,
             "import OpenAI from 'openai';\n"
             "import DOMPurify from 'dompurify';\n"
             "import { PrismaClient } from '@prisma/client';\n"
             "const client = new OpenAI();\n"
             "const db = new PrismaClient();\n"
             "export async function a(el: HTMLElement) {\n"
             "  const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"
             "  el.innerHTML = DOMPurify.sanitize(r.choices[0].message.content);\n"
             "  const data = JSON.parse(r.choices[0].message.content ?? '{}');\n"
             "  await db.$queryRaw`SELECT * FROM t WHERE id = ${data.id}`;\n"
             "}\n"
             "export async function b(el: HTMLElement) {\n"
             "  const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"
             "  const html = `<p>${r.choices[0].message.content}</p>`;\n"
             "  el.innerHTML = html;\n"
             "  await db.$queryRawUnsafe(`SELECT * FROM t WHERE name = '${html}'`);\n"
             "}\n",
             &calls, &fs);
    assert_int_equal(calls.len, 2);
    const model_call *a = at_line(&calls, 7), *b = at_line(&calls, 13);
    assert_int_equal(a->n_output_sinks, 0);
    assert_string_equal(a->output_validated, "weak");
    assert_true(has_sink(b, "html"));
    assert_true(has_sink(b, "sql"));
    assert_true(has_finding(&fs, "model-call.output-to-html", 15));
    assert_true(has_finding(&fs, "model-call.output-to-sql", 16));
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_python_sql_params(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("s.py", LANG_PYTHON,
             "import litellm, yaml, pickle\n"
             "def f(cur):\n"
             "    out = litellm.completion(model='gpt-4o', messages=[])\n"
             "    name = out.choices[0].message.content\n"
             "    cur.execute('SELECT * FROM t WHERE name = ?', (name,))\n"
             "    yaml.load(name, Loader=yaml.SafeLoader)\n"
             "    data = pickle.loads(name.encode())\n"
             "    return ast.literal_eval(name)\n",
             &calls, &fs);
    assert_int_equal(calls.len, 1);
    const model_call *c = at_line(&calls, 3);
    assert_false(has_sink(c, "sql"));
    assert_int_equal(c->n_output_sinks, 0); /* .encode() is a sanitizer-like conversion */
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* Dated snapshot ids are pinned; aliases and undated ids are not (LABELLING.md). */
static void test_pinned_ids(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("t.py", LANG_PYTHON,
             "from openai import OpenAI\n"
             "c = OpenAI()\n"
             "c.chat.completions.create(model='gemini-2.5-pro-exp-03-25', messages=[])\n"
             "c.chat.completions.create(model='Qwen/Qwen3-235B-A22B-Instruct-2507-FP8', messages=[])\n"
             "c.chat.completions.create(model='owner/sd:db21e45d3f7023abc2a46ee38a23973f6dce16bb082a930b0c49861f96d1e5bf', messages=[])\n"
             "c.chat.completions.create(model='gemini-2.5-pro-exp', messages=[])\n"
             "c.chat.completions.create(model='Qwen/Qwen2.5-72B-Instruct-FP8', messages=[])\n"
             "c.chat.completions.create(model='llama3.1:8b', messages=[])\n",
             &calls, &fs);
    assert_true(at_line(&calls, 3)->model_pinned);
    assert_true(at_line(&calls, 4)->model_pinned);
    assert_true(at_line(&calls, 5)->model_pinned);
    assert_false(at_line(&calls, 6)->model_pinned);
    assert_false(at_line(&calls, 7)->model_pinned);
    assert_false(at_line(&calls, 8)->model_pinned);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A counted loop whose handler falls through to a wait retries the call; a polling loop
 * that sleeps does not, nor a counted one whose handler re-raises. */
static void test_retry_loop_fall_through(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("t.py", LANG_PYTHON,
             "import time\n"
             "from openai import OpenAI\n"
             "c = OpenAI()\n"
             "def ask(q):\n"
             "    for attempt in range(3):\n"
             "        try:\n"
             "            return c.chat.completions.create(model='gpt-4o', messages=[])\n"
             "        except Exception as e:\n"
             "            print(e)\n"
             "        time.sleep(1)\n"
             "def poll():\n"
             "    while True:\n"
             "        try:\n"
             "            c.chat.completions.create(model='gpt-4o', messages=[])\n"
             "        except Exception as e:\n"
             "            print(e)\n"
             "        time.sleep(60)\n"
             "def once():\n"
             "    for attempt in range(3):\n"
             "        try:\n"
             "            return c.chat.completions.create(model='gpt-4o', messages=[])\n"
             "        except Exception:\n"
             "            raise\n"
             "        time.sleep(1)\n",
             &calls, &fs);
    assert_string_equal(at_line(&calls, 7)->retry, "explicit");
    assert_string_not_equal(at_line(&calls, 14)->retry, "explicit");
    assert_string_not_equal(at_line(&calls, 21)->retry, "explicit");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_defaults_and_disabling(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("t.py", LANG_PYTHON,
             "from openai import OpenAI\n"
             "from google import genai\n"
             "a = OpenAI(timeout=None, max_retries=0)\n"
             "g = genai.Client()\n"
             "a.chat.completions.create(model='gpt-4o-2024-08-06', messages=[])\n"
             "g.models.generate_content(model='gemini-2.0-flash', contents='hi')\n",
             &calls, &fs);
    const model_call *o = at_line(&calls, 5), *g = at_line(&calls, 6);
    assert_string_equal(o->timeout, "none");
    assert_string_equal(o->retry, "disabled");
    assert_true(o->model_pinned);
    assert_string_equal(g->timeout, "none");
    assert_string_equal(g->retry, "none");
    assert_false(g->model_pinned);
    assert_true(has_finding(&fs, "model-call.retries-disabled", 5));
    assert_true(has_finding(&fs, "model-call.no-timeout", 6));
    assert_true(has_finding(&fs, "model-call.unpinned-model", 6));
    assert_true(has_finding(&fs, "model-call.pinned-model", 5));
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_global_instrumentation(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {".env", LANG_NONE, "OPENAI_BASE_URL=https://oai.helicone.ai/v1\n"},
        {"x.py", LANG_PYTHON, "import openai\nopenai.chat.completions.create(model='gpt-4o', messages=[])\n"},
    };
    analyze(s, 2, &calls, &fs);
    assert_int_equal(calls.len, 1);
    assert_true(calls.items[0].logged);
    assert_string_equal(calls.items[0].logged_source, ".env:1");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_catalog_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/aiready-cat-XXXXXX";
    assert_non_null(mkdtemp(dir));
    buf p = {0};
    buf_printf(&p, "%s/bad.yaml", dir);
    FILE *f = fopen(p.data, "w");
    fputs("sdks:\n  - id: x\n    provider: y\n    languages: [python]\n    modules: [m]\n    calls: [a]\n"
          "    params: {model: [model], colour: [x]}\n    defaults: {retries: 0}\n", f);
    fclose(f);
    char *err = NULL;
    calls_catalog *c = calls_catalog_load(dir, &err);
    assert_null(c);
    assert_non_null(err);
    assert_non_null(strstr(err, "bad.yaml:7: unknown key 'colour'"));
    assert_non_null(strstr(err, "bad.yaml:8: sdk 'x': defaults.verified"));
    free(err);
    remove(p.data);
    rmdir(dir);
    buf_free(&p);
}

/* issue 11: handles tracked through globals, attributes set in other methods, constructor
 * injection, aliases and re-exports, and an instance passed as self; none where the value
 * is not a handle. */
static void test_tracking(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"rt/local.py", LANG_PYTHON,
         "from transformers import AutoModelForCausalLM, AutoTokenizer\n"
         "model = None\n"
         "tok = None\n"
         "def load():\n"
         "    global model, tok\n"
         "    model = AutoModelForCausalLM.from_pretrained('gpt2').cuda()\n"
         "    tok = AutoTokenizer.from_pretrained('gpt2')\n"
         "def run(x):\n"
         "    ids = tok(x)\n"
         "    return model.generate(ids)\n"
         "class Holder:\n"
         "    def __init__(self):\n"
         "        self.m = None\n"
         "    def load(self):\n"
         "        self.m = AutoModelForCausalLM.from_pretrained('gpt2')\n"
         "        self.t = AutoTokenizer.from_pretrained('gpt2')\n"
         "    def run(self, x):\n"
         "        return self.m.generate(self.t(x))\n"},
        {"svc/bot.py", LANG_PYTHON,
         "from openai import OpenAI\n"
         "class Bot:\n"
         "    def __init__(self, client, name):\n"
         "        self.client = client\n"
         "        self.name = name\n"
         "    def reply(self, text):\n"
         "        return self.client.chat.completions.create(model='gpt-4o', messages=[])\n"
         "    def shout(self):\n"
         "        return self.name.upper()\n"
         "bot = Bot(OpenAI(max_retries=5), 'x')\n"},
        {"svc/plain.py", LANG_PYTHON,
         "class Relay:\n"
         "    def __init__(self, client):\n"
         "        self.client = client\n"
         "    def send(self, text):\n"
         "        return self.client.chat.completions.create(model='gpt-4o', messages=[])\n"
         "relay = Relay(None)\n"},
        {"pkg/__init__.py", LANG_PYTHON, "from .clients import make\n"},
        {"pkg/clients.py", LANG_PYTHON,
         "from anthropic import Anthropic\n"
         "def make():\n"
         "    return Anthropic(timeout=15)\n"},
        {"svc/cog.py", LANG_PYTHON,
         "from pkg import make\n"
         "from svc.turn import turn\n"
         "class Cog:\n"
         "    def __init__(self):\n"
         "        self.client = make()\n"
         "    def on_message(self, m):\n"
         "        return turn(self, m)\n"},
        {"svc/turn.py", LANG_PYTHON,
         "def turn(cog, m):\n"
         "    return cog.client.messages.create(model='claude-3-5-haiku-latest', max_tokens=50, messages=[])\n"},
    };
    analyze(s, 7, &calls, &fs);
    const model_call *glob = NULL, *attr = NULL, *inj = NULL, *self_arg = NULL;
    for (size_t i = 0; i < calls.len; i++) {
        const model_call *c = &calls.items[i];
        if (!strcmp(c->file, "rt/local.py") && c->line == 10) glob = c;
        if (!strcmp(c->file, "rt/local.py") && c->line == 18) attr = c;
        if (!strcmp(c->file, "svc/bot.py") && c->line == 7) inj = c;
        if (!strcmp(c->file, "svc/turn.py") && c->line == 2) self_arg = c;
        assert_false(!strcmp(c->file, "rt/local.py") && c->line == 9); /* a tokenizer is no model */
        assert_false(!strcmp(c->file, "svc/bot.py") && c->line == 9);  /* self.name.upper() */
        assert_false(!strcmp(c->file, "svc/plain.py"));                /* Relay(None): no handle */
    }
    assert_int_equal(calls.len, 4);
    assert_non_null(glob); /* `global model` assigned in load(), used in run() */
    assert_string_equal(glob->provider, "huggingface");
    assert_non_null(attr); /* self.m = None in __init__, the model in load() */
    assert_string_equal(attr->api, "generate");
    assert_non_null(inj); /* Bot(OpenAI(max_retries=5)): the injected client and its options */
    assert_string_equal(inj->retry, "explicit");
    assert_string_equal(inj->retry_source, "svc/bot.py:10");
    assert_non_null(self_arg); /* turn(self, m): the caller's self.client, made in pkg/clients.py */
    assert_string_equal(self_arg->provider, "anthropic");
    assert_string_equal(self_arg->timeout, "explicit");
    assert_string_equal(self_arg->timeout_source, "pkg/clients.py:3");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_indirections(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"svc/llm.py", LANG_PYTHON,
         "from langchain_openai import ChatOpenAI\n"
         "from langchain.chains import SQLDatabaseChain\n"
         "def get_llm():\n"
         "    return ChatOpenAI(model='gpt-4o-mini', timeout=10)\n"
         "class Helper:\n"
         "    def __init__(self, chain: SQLDatabaseChain):\n"
         "        self.chain = chain\n"
         "    def ask(self, q):\n"
         "        return self.chain.run(q)\n"
         "class MyChain(SQLDatabaseChain):\n"
         "    def _call(self, inputs):\n"
         "        return self.llm_chain.predict(input=inputs['q'])\n"
         "    def other(self):\n"
         "        return self.database.run('select 1')\n"},
        {"svc/api.py", LANG_PYTHON,
         "from flask import request\n"
         "from svc.llm import get_llm, Helper\n"
         "llm = get_llm()\n"
         "helper = Helper(None)\n"
         "def handler():\n"
         "    a = llm.invoke('hi')\n"
         "    return helper.ask(request.json['q'])\n"},
        {"web/models.ts", LANG_TYPESCRIPT,
         "export async function list() { return fetch('https://openrouter.ai/api/v1/models'); }\n"
         "export class Gemini {\n"
         "  endpoint = 'https://generativelanguage.googleapis.com/v1beta/models';\n"
         "  async run(model: string, body: string) {\n"
         "    const url = `${this.endpoint}/${model}:generateContent`;\n"
         "    return fetch(url, { method: 'POST', body });\n"
         "  }\n"
         "}\n"},
    };
    analyze(s, 3, &calls, &fs);
    const model_call *f = NULL, *typed = NULL, *custom = NULL, *gem = NULL;
    for (size_t i = 0; i < calls.len; i++) {
        const model_call *c = &calls.items[i];
        if (!strcmp(c->file, "svc/api.py") && c->line == 6) f = c;
        if (!strcmp(c->file, "svc/llm.py") && c->line == 9) typed = c;
        if (!strcmp(c->file, "svc/llm.py") && c->line == 12) custom = c;
        if (!strcmp(c->file, "web/models.ts") && c->line == 6) gem = c;
        assert_false(!strcmp(c->file, "svc/llm.py") && c->line == 14); /* self.database.run */
        assert_false(!strcmp(c->file, "web/models.ts") && c->line == 1);  /* lists models */
    }
    assert_non_null(f); /* llm = get_llm() from another file: the factory's client */
    assert_string_equal(f->timeout, "explicit");
    assert_string_equal(f->timeout_source, "svc/llm.py:4");
    assert_non_null(typed); /* self.chain: SQLDatabaseChain from a type annotation */
    assert_string_equal(typed->confidence, "medium");
    assert_true(typed->user_input_in_prompt); /* helper.ask(request.json[...]) one caller up */
    assert_non_null(custom); /* a custom chain's inherited model */
    assert_non_null(gem);   /* URL built from a class field */
    assert_string_equal(gem->provider, "raw_http");
    assert_int_equal(calls.len, 4);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* Calls under tests stay in the inventory; all their findings are informational. */
static void test_calls_in_tests(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list findings = {0};
    harness_scan(cat, "fixtures/calls-python", &calls, &findings);
    size_t n_test = 0;
    for (size_t i = 0; i < calls.len; i++) {
        bool t = !strncmp(calls.items[i].file, "tests/", 6);
        assert_int_equal(calls.items[i].in_tests, t);
        n_test += t;
    }
    assert_int_equal(n_test, 1);
    size_t n = 0;
    for (size_t i = 0; i < findings.len; i++)
        if (!strncmp(findings.items[i].file, "tests/", 6)) {
            assert_int_equal(findings.items[i].severity, SEV_INFO);
            n++;
        }
    assert_true(n >= 5);
    model_call_list_free(&calls);
    finding_list_free(&findings);
}

static void test_null_slots(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    calls_file *files[2] = {NULL, NULL};
    calls_finish(cat, files, 2, &calls, &fs);
    assert_int_equal(calls.len, 0);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_catalog_loads(void **state)
{
    (void)state;
    assert_true(calls_catalog_sdk_count(cat) >= 25);
}

/* A model host's root (or /v1/) concatenated with a computed path is a model call, as the
 * template `https://api.openai.com/${endpoint}` is; a literal non-inference path is not. */
static void test_http_concatenated_path(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("main.js", LANG_JAVASCRIPT,
             "const axios = require('axios');\n"
             "async function call(endpoint, data) {\n"
             "  return axios.post('https://api.openai.com/' + endpoint, data);\n"            /* 3 */
             "}\n"
             "async function models(id) {\n"
             "  return axios.get('https://api.openai.com/v1/models/' + id);\n"               /* 6 */
             "}\n"
             "async function v1(p, data) {\n"
             "  return axios.post(\"https://api.openai.com/v1/\" +\n    p, data);\n"          /* 9 */
             "}\n",
             &calls, &fs);
    bool l3 = false, l6 = false, l9 = false;
    for (size_t i = 0; i < calls.len; i++) {
        l3 |= calls.items[i].line == 3;
        l6 |= calls.items[i].line == 6;
        l9 |= calls.items[i].line == 9;
    }
    assert_true(l3);
    assert_false(l6);
    assert_true(l9);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* An instance of another module's class reaches the model handle its constructor keeps in
 * an attribute: `llm = LLM(...)`; `llm.chat_model.invoke(q)`, also held in `self.llm`. */
static void test_instance_attribute_handle(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"pkg/llm.py", LANG_PYTHON,
         "from langchain_openai import ChatOpenAI\n"
         "class LLM:\n"
         "    def __init__(self, model, max_tokens=2048):\n"
         "        self.chat_model = ChatOpenAI(model=model, max_tokens=max_tokens)\n"
         "        self.name = model\n"},
        {"pkg/use.py", LANG_PYTHON,
         "from pkg.llm import LLM\n"
         "def run(q):\n"
         "    llm = LLM('gpt-4o')\n"
         "    return llm.chat_model.invoke(q)\n"                 /* 4 */
         "class Extractor:\n"
         "    def __init__(self):\n"
         "        self.llm = LLM('gpt-4o')\n"
         "    def describe(self, code):\n"
         "        return self.llm.chat_model.invoke(code)\n"     /* 9 */
         "    def label(self):\n"
         "        return self.llm.name.upper()\n"},              /* 11: not a handle */
    };
    analyze(s, 2, &calls, &fs);
    bool l4 = false, l9 = false;
    for (size_t i = 0; i < calls.len; i++) {
        const model_call *c = &calls.items[i];
        assert_false(!strcmp(c->file, "pkg/use.py") && c->line == 11);
        if (!strcmp(c->file, "pkg/use.py") && c->line == 4) { l4 = true; assert_true(c->max_tokens); }
        if (!strcmp(c->file, "pkg/use.py") && c->line == 9) l9 = true;
    }
    assert_true(l4);
    assert_true(l9);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A handle kept in a repository-wide slot (Streamlit session state) is read back on another
 * page, directly or passed to a helper in a third file; other slots are not handles. */
static void test_global_slot_handle(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"pages/settings.py", LANG_PYTHON,
         "import streamlit as st\n"
         "from langchain_ollama import OllamaLLM\n"
         "def apply():\n"
         "    st.session_state.llm = OllamaLLM(model='llama3', num_predict=512)\n"
         "    st.session_state.llm.invoke('Hello')\n"},                      /* 5 */
        {"pages/chat.py", LANG_PYTHON,
         "import streamlit as st\n"
         "from lib.rag import answer\n"
         "prompt = st.chat_input('Ask')\n"
         "if prompt:\n"
         "    q = st.session_state.llm.invoke('Rewrite: ' + prompt)\n"      /* 5 */
         "    answer(prompt, st.session_state.llm)\n"
         "    st.session_state.counter.increment()\n"},                     /* 7: not a handle */
        {"lib/rag.py", LANG_PYTHON,
         "from langchain.prompts import PromptTemplate\n"
         "def answer(q, llm):\n"
         "    return llm.stream(q)\n"},                                      /* 3 */
    };
    analyze(s, 3, &calls, &fs);
    bool set5 = false, chat5 = false, rag3 = false;
    for (size_t i = 0; i < calls.len; i++) {
        const model_call *c = &calls.items[i];
        assert_false(!strcmp(c->file, "pages/chat.py") && c->line == 7);
        set5 |= !strcmp(c->file, "pages/settings.py") && c->line == 5;
        if (!strcmp(c->file, "pages/chat.py") && c->line == 5) {
            chat5 = true;
            assert_true(c->max_tokens);          /* the options of the handle in the slot */
            assert_true(c->user_input_in_prompt);
        }
        rag3 |= !strcmp(c->file, "lib/rag.py") && c->line == 3;
    }
    assert_true(set5);
    assert_true(chat5);
    assert_true(rag3);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A method passed to asgiref's sync_to_async is called where the wrapper is awaited. */
static void test_sync_to_async_invoker(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("bot.py", LANG_PYTHON,
             "from asgiref.sync import sync_to_async\n"
             "from openai import OpenAI\n"
             "client = OpenAI()\n"
             "async def reply(history):\n"
             "    create = sync_to_async(client.chat.completions.create, thread_sensitive=True)\n"
             "    return await create(model='gpt-4o', messages=history)\n",
             &calls, &fs);
    assert_int_equal(calls.len, 1);
    assert_true(calls.items[0].line == 5 || calls.items[0].line == 6);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* OpenAI-compatible image generation and Cloudflare Workers AI routes on a configured base
 * are model calls; the same base's other routes are not. */
static void test_http_image_and_workers_ai_paths(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("api.ts", LANG_TYPESCRIPT,
             "export class Img {\n"
             "  constructor(private baseUrl: string, private account: string) {}\n"
             "  async draw(prompt: string) {\n"
             "    return fetch(`${this.baseUrl}/images/generations`, { method: 'POST', body: prompt });\n"   /* 4 */
             "  }\n"
             "  async flux(model: string, prompt: string) {\n"
             "    return fetch(`https://api.cloudflare.com/client/v4/accounts/${this.account}/ai/run/${model}`, { method: 'POST', body: prompt });\n" /* 7 */
             "  }\n"
             "  async files() {\n"
             "    return fetch(`${this.baseUrl}/files`);\n"                                                 /* 10 */
             "  }\n"
             "}\n",
             &calls, &fs);
    bool l4 = false, l7 = false;
    for (size_t i = 0; i < calls.len; i++) {
        l4 |= calls.items[i].line == 4;
        l7 |= calls.items[i].line == 7;
        assert_false(calls.items[i].line == 10);
    }
    assert_true(l4);
    assert_true(l7);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A legacy chain's async call (`await chain.acall(inputs)`) and Anthropic's legacy Text
 * Completions route (`/v1/complete`) are model calls. */
static void test_chain_acall_and_legacy_complete(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    analyze1("qa.py", LANG_PYTHON,
             "from langchain.chains import RetrievalQA\n"
             "class Bot:\n"
             "    def setup(self, llm, retriever):\n"
             "        self.dbqa = RetrievalQA.from_chain_type(llm=llm, retriever=retriever)\n"
             "    async def aquery(self, prompt):\n"
             "        return await self.dbqa.acall({'query': prompt})\n",      /* 6 */
             &calls, &fs);
    assert_int_equal(calls.len, 1);
    assert_int_equal(calls.items[0].line, 6);
    model_call_list_free(&calls);
    finding_list_free(&fs);
    calls = (model_call_list){0};
    fs = (finding_list){0};
    analyze1("popup.js", LANG_JAVASCRIPT,
             "async function ask(prompt, key) {\n"
             "  return fetch('https://api.anthropic.com/v1/complete', { method: 'POST', body: JSON.stringify({ prompt }) });\n"
             "}\n",
             &calls, &fs);
    assert_int_equal(calls.len, 1);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A handle returned inside a tuple by another module's function: `store, qa = bootstrap()`
 * then `qa(q)`; the other elements are not handles. */
static void test_tuple_return_across_files(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"pkg/boot.py", LANG_PYTHON,
         "from langchain.chains import ConversationalRetrievalChain\n"
         "from langchain_openai import ChatOpenAI\n"
         "def bootstrap(retriever):\n"
         "    llm = ChatOpenAI(model='gpt-4o', timeout=30)\n"
         "    qa = ConversationalRetrievalChain.from_llm(llm, retriever=retriever)\n"
         "    return retriever, qa\n"},
        {"pkg/app.py", LANG_PYTHON,
         "from pkg.boot import bootstrap\n"
         "def main(retriever, question):\n"
         "    store, qa = bootstrap(retriever)\n"
         "    store.search(question)\n"              /* 4: not a handle */
         "    return qa(question)\n"},               /* 5 */
    };
    analyze(s, 2, &calls, &fs);
    bool l5 = false;
    for (size_t i = 0; i < calls.len; i++) {
        const model_call *c = &calls.items[i];
        assert_false(!strcmp(c->file, "pkg/app.py") && c->line == 4);
        if (!strcmp(c->file, "pkg/app.py") && c->line == 5) l5 = true;
    }
    assert_true(l5);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_loads),
        cmocka_unit_test(test_catalog_errors),
        cmocka_unit_test(test_resolution_aliases),
        cmocka_unit_test(test_resolution_js),
        cmocka_unit_test(test_lookalikes),
        cmocka_unit_test(test_medium_confidence),
        cmocka_unit_test(test_decorators),
        cmocka_unit_test(test_wrappers_across_files),
        cmocka_unit_test(test_flows),
        cmocka_unit_test(test_python_sql_params),
        cmocka_unit_test(test_defaults_and_disabling),
        cmocka_unit_test(test_global_instrumentation),
        cmocka_unit_test(test_indirections),
        cmocka_unit_test(test_fixture_handles_py),
        cmocka_unit_test(test_fixture_handles_js),
        cmocka_unit_test(test_fixture_tracking_py),
        cmocka_unit_test(test_fixture_tracking_js),
        cmocka_unit_test(test_fixture_branches_py),
        cmocka_unit_test(test_fixture_http_js),
        cmocka_unit_test(test_pinned_ids),
        cmocka_unit_test(test_retry_loop_fall_through),
        cmocka_unit_test(test_fixture_derived_py),
        cmocka_unit_test(test_fixture_derived_js),
        cmocka_unit_test(test_debug_logging),
        cmocka_unit_test(test_tracking),
        cmocka_unit_test(test_calls_in_tests),
        cmocka_unit_test(test_null_slots),
        cmocka_unit_test(test_fixture_python),
        cmocka_unit_test(test_fixture_js),
        cmocka_unit_test(test_fixture_traced),
        cmocka_unit_test(test_http_concatenated_path),
        cmocka_unit_test(test_instance_attribute_handle),
        cmocka_unit_test(test_global_slot_handle),
        cmocka_unit_test(test_sync_to_async_invoker),
        cmocka_unit_test(test_http_image_and_workers_ai_paths),
        cmocka_unit_test(test_chain_acall_and_legacy_complete),
        cmocka_unit_test(test_tuple_return_across_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
