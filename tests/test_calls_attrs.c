/* test_calls_attrs: per-call attributes that hold across functions and files (issue 11):
 * request data followed into the prompt (binding hops, appends, loop variables, value
 * invokers, a chain's input object), sinks reached through star imports, sanitiser names,
 * and model output joined with client code that renders it as raw HTML. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calls_harness.h"

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

typedef struct src_spec { const char *path; lang lang; const char *text; } src_spec;

static void analyze(const src_spec *specs, size_t n, model_call_list *calls, finding_list *findings)
{
    parser_set *ps = parse_new();
    calls_file **files = xcalloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++) {
        source s;
        source_init_text(&s, specs[i].path, specs[i].lang, specs[i].text, strlen(specs[i].text));
        TSTree *t = parse_source(ps, &s);
        files[i] = calls_analyze(cat, &s, t);
        ts_tree_delete(t);
        source_free(&s);
    }
    calls_finish(cat, files, n, calls, findings);
    for (size_t i = 0; i < n; i++) calls_file_free(files[i]);
    free(files);
    parse_free(ps);
}

static const model_call *at(const model_call_list *l, const char *file, uint32_t line)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].line == line && !strcmp(l->items[i].file, file)) return &l->items[i];
    return NULL;
}

static bool has_sink(const model_call *c, const char *kind)
{
    for (uint32_t i = 0; i < c->n_output_sinks; i++)
        if (!strcmp(c->output_sinks[i], kind)) return true;
    return false;
}

/* Runs one Python file and returns user_input_in_prompt of the call at line. */
static bool py_user_input(const char *text, uint32_t line)
{
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"m.py", LANG_PYTHON, text};
    analyze(&s, 1, &calls, &fs);
    const model_call *c = at(&calls, "m.py", line);
    assert_non_null(c);
    bool ui = c->user_input_in_prompt;
    model_call_list_free(&calls);
    finding_list_free(&fs);
    return ui;
}

#define PY_HEAD "from flask import request\nfrom openai import OpenAI\nclient = OpenAI()\n"

/* Request data many assignments away (more than the old seven AST levels). */
static void test_prompt_binding_hops(void **state)
{
    (void)state;
    assert_true(py_user_input(PY_HEAD
                              "def run():\n"                                        /* 4 */
                              "    body = request.get_json()\n"
                              "    rec = {'q': body['question']}\n"
                              "    q = rec['q']\n"
                              "    cleaned = q.strip()\n"
                              "    parts = ['Answer briefly.', cleaned]\n"
                              "    text = '\\n'.join(parts)\n"
                              "    msgs = [{'role': 'system', 'content': 'terse'}, {'role': 'user', 'content': text}]\n"
                              "    return client.chat.completions.create(model='gpt-4o', messages=msgs)\n", 12));
}

/* A name fed by appends and a loop variable; a fixed prompt stays false. */
static void test_prompt_feeds(void **state)
{
    (void)state;
    assert_true(py_user_input(PY_HEAD
                              "def run():\n"
                              "    msgs = [{'role': 'system', 'content': 'terse'}]\n"
                              "    for item in request.json['history']:\n"
                              "        msgs.append({'role': 'user', 'content': item})\n"
                              "    client.chat.completions.create(model='gpt-4o', messages=msgs)\n"
                              "run()\n", 8));
    assert_false(py_user_input(PY_HEAD
                               "def run():\n"
                               "    msgs = [{'role': 'system', 'content': 'terse'}]\n"
                               "    for item in ['a', 'b']:\n"
                               "        msgs.append({'role': 'user', 'content': item})\n"
                               "    client.chat.completions.create(model='gpt-4o', messages=msgs)\n"
                               "run()\n", 8));
}

/* x = f(x): the x before the assignment is followed, without looping. */
static void test_prompt_self_reference(void **state)
{
    (void)state;
    assert_true(py_user_input(PY_HEAD
                              "def trim(m):\n"
                              "    return m[-5:]\n"
                              "def run():\n"
                              "    msgs = request.json['messages']\n"
                              "    msgs = trim(msgs)\n"
                              "    msgs = trim(msgs)\n"
                              "    client.chat.completions.create(model='gpt-4o', messages=msgs)\n"
                              "run()\n", 10));
}

/* asyncio.to_thread(input, ...) reads the user as input(...) does. */
static void test_prompt_value_invoker(void **state)
{
    (void)state;
    assert_true(py_user_input(PY_HEAD
                              "import asyncio\n"
                              "async def run():\n"
                              "    q = await asyncio.to_thread(input, 'You: ')\n"
                              "    client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': q}])\n"
                              "asyncio.run(run())\n", 7));
}

/* Any template variable of a chain's input object is prompt text; its options are not. */
static void test_prompt_input_object(void **state)
{
    (void)state;
    const char *head = "from flask import request\n"
                       "from langchain_openai import ChatOpenAI\n"
                       "from langchain_core.prompts import PromptTemplate\n"
                       "llm = ChatOpenAI(model='gpt-4o')\n"
                       "chain = PromptTemplate.from_template('Say {text}') | llm\n";
    char buf1[1024], buf2[1024];
    snprintf(buf1, sizeof buf1, "%s"
             "def run():\n"
             "    return chain.invoke({'text': request.json['t']})\n"
             "run()\n", head);
    snprintf(buf2, sizeof buf2, "%s"
             "def run():\n"
             "    return chain.invoke({'text': 'hello', 'configurable': request.json['cfg']})\n"
             "run()\n", head);
    assert_true(py_user_input(buf1, 7));
    assert_false(py_user_input(buf2, 7));
}

/* `from helpers import *`: the caller's sink is the wrapper's call's sink. */
static void test_star_import_sink(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"helpers.py", LANG_PYTHON,
         "from openai import OpenAI\n"
         "client = OpenAI()\n"
         "def ask(q):\n"
         "    r = client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': q}])\n"
         "    return r.choices[0].message.content\n"},
        {"page.py", LANG_PYTHON,
         "import os\n"
         "from helpers import *\n"
         "def show(q):\n"
         "    out = ask(q)\n"
         "    os.system(out)\n"},
    };
    analyze(s, 2, &calls, &fs);
    const model_call *c = at(&calls, "helpers.py", 4);
    assert_non_null(c);
    assert_true(has_sink(c, "shell"));
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A helper whose name says it sanitises (safe_join) neutralises the value; the raw name is a path sink. */
static void test_sanitizer_names(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"f.py", LANG_PYTHON,
                  "from openai import OpenAI\n"
                  "client = OpenAI()\n"
                  "def a():\n"
                  "    n = client.chat.completions.create(model='gpt-4o', messages=[]).choices[0].message.content\n"
                  "    open(safe_join('out', n), 'w').write('x')\n"
                  "def b():\n"
                  "    n = client.chat.completions.create(model='gpt-4o', messages=[]).choices[0].message.content\n"
                  "    open(n, 'w').write('x')\n"};
    analyze(&s, 1, &calls, &fs);
    assert_int_equal(at(&calls, "f.py", 4)->n_output_sinks, 0);
    assert_true(has_sink(at(&calls, "f.py", 7), "path"));
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static const char *const route_ts =
    "import { openai } from '@ai-sdk/openai';\n"
    "import { streamText } from 'ai';\n"
    "export async function POST(req: Request) {\n"
    "  const { messages } = await req.json();\n"
    "  const result = streamText({ model: openai('gpt-4o'), messages });\n"
    "  return result.toDataStreamResponse();\n"
    "}\n";

/* Returns whether the route's call (line 5 of app/api/chat/route.ts) gets an html sink
 * with the given client file. */
static bool route_html_with(const char *client_path, const char *client_text)
{
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {{"app/api/chat/route.ts", LANG_TYPESCRIPT, route_ts}, {client_path, LANG_TSX, client_text}};
    analyze(s, 2, &calls, &fs);
    const model_call *c = at(&calls, "app/api/chat/route.ts", 5);
    assert_non_null(c);
    bool html = has_sink(c, "html");
    model_call_list_free(&calls);
    finding_list_free(&fs);
    return html;
}

static void test_client_html_join(void **state)
{
    (void)state;
    const char *raw = "import { useChat } from 'ai/react';\n"
                      "export default function C() {\n"
                      "  const { messages } = useChat();\n"
                      "  return <div>{messages.map((m) => <p dangerouslySetInnerHTML={{ __html: m.content }} />)}</div>;\n"
                      "}\n";
    const char *clean = "import { useChat } from 'ai/react';\n"
                        "import DOMPurify from 'dompurify';\n"
                        "export default function C() {\n"
                        "  const { messages } = useChat();\n"
                        "  return <div>{messages.map((m) => <p dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(m.content) }} />)}</div>;\n"
                        "}\n";
    const char *jsonld = "import { useChat } from 'ai/react';\n"
                         "export default function C() {\n"
                         "  const { messages } = useChat();\n"
                         "  return <script dangerouslySetInnerHTML={{ __html: JSON.stringify({ n: messages.length }) }} />;\n"
                         "}\n";
    const char *no_receive = "export default function C({ text }: { text: string }) {\n"
                             "  return <p dangerouslySetInnerHTML={{ __html: text }} />;\n"
                             "}\n";
    assert_true(route_html_with("app/chat/page.tsx", raw));
    assert_false(route_html_with("web/chat/page.tsx", raw));     /* another part of the repository */
    assert_false(route_html_with("app/chat/page.tsx", clean));   /* sanitised */
    assert_false(route_html_with("app/chat/page.tsx", jsonld));  /* JSON for a script tag */
    assert_false(route_html_with("app/chat/page.tsx", no_receive)); /* renders what it is given */
}

/* Options in a dict splatted into the call: a wrapper parameter that is None is no limit. */
static void test_splat_options(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"k.py", LANG_PYTHON,
                  "from openai import OpenAI\n"
                  "client = OpenAI()\n"
                  "def a(m, limit=None):\n"
                  "    kw = dict(model='gpt-4o', messages=m, max_tokens=limit)\n"
                  "    return client.chat.completions.create(**kw)\n"
                  "def b(m):\n"
                  "    kw = {'model': 'gpt-4o', 'messages': m}\n"
                  "    kw['max_tokens'] = 64\n"
                  "    return client.chat.completions.create(**kw)\n"};
    analyze(&s, 1, &calls, &fs);
    assert_false(at(&calls, "k.py", 5)->max_tokens);
    assert_true(at(&calls, "k.py", 9)->max_tokens);
    model_call_list_free(&calls);
    finding_list_free(&fs);
    /* the same wrapper, every caller passing max_tokens: a limit */
    src_spec s2 = {"k.py", LANG_PYTHON,
                   "from openai import OpenAI\n"
                   "client = OpenAI()\n"
                   "def a(m, max_tokens=None):\n"
                   "    return client.chat.completions.create(model='gpt-4o', messages=m, max_tokens=max_tokens)\n"
                   "def b():\n"
                   "    return a([], max_tokens=100)\n"};
    calls = (model_call_list){0};
    fs = (finding_list){0};
    analyze(&s2, 1, &calls, &fs);
    assert_true(at(&calls, "k.py", 4)->max_tokens);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A closure written inside a try body is lexically in it; a top-level helper is not. */
static void test_closure_in_try(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"r.ts", LANG_TYPESCRIPT,
                  "import OpenAI from 'openai';\n"
                  "const client = new OpenAI();\n"
                  "async function helper() {\n"
                  "  return client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"
                  "}\n"
                  "export async function POST(req: Request) {\n"
                  "  try {\n"
                  "    const describe = async () => {\n"
                  "      return client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"
                  "    };\n"
                  "    return await describe();\n"
                  "  } catch (e) {\n"
                  "    return helper();\n"
                  "  }\n"
                  "}\n"};
    analyze(&s, 1, &calls, &fs);
    assert_true(at(&calls, "r.ts", 9)->error_handled);
    assert_false(at(&calls, "r.ts", 4)->error_handled);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A fixed prompt is never user input, however far the text travels. */
static void test_fixed_prompt(void **state)
{
    (void)state;
    assert_false(py_user_input(PY_HEAD
                               "def run():\n"
                               "    base = 'Say hello'\n"
                               "    text = base + ' politely'\n"
                               "    client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': text}])\n"
                               "run()\n", 7));
}

static void test_fixture_attrs_python(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    harness_scan(cat, "fixtures/calls-attrs-python", &calls, &fs);
    assert_true(at(&calls, "app/cli.py", 12)->user_input_in_prompt);
    assert_true(at(&calls, "app/chain_vars.py", 10)->user_input_in_prompt);
    assert_false(at(&calls, "app/chain_vars.py", 14)->user_input_in_prompt);
    assert_true(at(&calls, "app/history.py", 11)->user_input_in_prompt);
    assert_true(at(&calls, "web/views.py", 9)->user_input_in_prompt);
    assert_true(has_sink(at(&calls, "pages/helpers.py", 7), "html"));
    assert_int_equal(at(&calls, "tools/save.py", 11)->n_output_sinks, 0);
    assert_true(has_sink(at(&calls, "tools/save.py", 18), "path"));
    assert_true(at(&calls, "app/kwargs.py", 10)->max_tokens);      /* {key: 500}, key a literal name */
    const model_call *o = at(&calls, "app/kwargs.py", 17);         /* opts["timeout"], opts.update(...) */
    assert_true(o->max_tokens);
    assert_string_equal(o->timeout, "explicit");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

static void test_fixture_attrs_js(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    harness_scan(cat, "fixtures/calls-attrs-js", &calls, &fs);
    const model_call *route = at(&calls, "app/api/chat/route.ts", 6);
    assert_non_null(route);
    assert_true(has_sink(route, "html"));
    assert_true(route->user_input_in_prompt);
    assert_true(at(&calls, "app/lib/dom.js", 5)->user_input_in_prompt);
    assert_false(at(&calls, "app/lib/dom.js", 10)->user_input_in_prompt);
    assert_int_equal(at(&calls, "server/api.ts", 8)->n_output_sinks, 0);
    assert_int_equal(at(&calls, "server/api.ts", 16)->n_output_sinks, 0);
    assert_true(at(&calls, "server/params.ts", 12)->max_tokens);    /* {...} as Params */
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A request timeout the deployment applies (a serverless function's, a deploy proxy's)
 * bounds the calls of operative code, not of scripts; a healthcheck's timeout is not one. */
static const char *deployed_timeout(const char *cfg_path, const char *cfg, const char *call_path)
{
    static char got[32];
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[2] = {{cfg_path, LANG_NONE, cfg},
                     {call_path, LANG_PYTHON,
                      "from openai import OpenAI\n"
                      "client = OpenAI()\n"
                      "def handler(event, ctx):\n"
                      "    return client.chat.completions.create(model='gpt-4o', messages=[])\n"}};
    analyze(s, 2, &calls, &fs);
    const model_call *c = at(&calls, call_path, 4);
    assert_non_null(c);
    snprintf(got, sizeof got, "%s", c->timeout);
    model_call_list_free(&calls);
    finding_list_free(&fs);
    return got;
}

static void test_deployed_timeout(void **state)
{
    (void)state;
    const char *sls = "service: bot\nprovider:\n  name: aws\n  runtime: python3.12\n  timeout: 30\n";
    assert_string_equal(deployed_timeout("serverless.yml", sls, "app/handler.py"), "explicit");
    /* a script the deployment never runs keeps the SDK default */
    assert_string_equal(deployed_timeout("serverless.yml", sls, "scripts/batch.py"), "sdk-default");
    /* an env value named like a timeout is not the function's timeout */
    assert_string_equal(deployed_timeout("serverless.yml", "provider:\n  environment:\n    OPENAI_TIMEOUT_SECONDS: 25\n",
                                         "app/handler.py"), "sdk-default");
    assert_string_equal(deployed_timeout("lambda.tf",
                                         "resource \"aws_lambda_function\" \"llm\" {\n  handler = \"h.handler\"\n  timeout = 20\n}\n",
                                         "h.py"), "explicit");
    /* Terraform timeouts of other resources do not bound the function */
    assert_string_equal(deployed_timeout("db.tf", "resource \"aws_db_instance\" \"d\" {\n  timeout = 20\n}\n", "h.py"),
                        "sdk-default");
    const char *kamal = "service: app\nproxy:\n  app_port: 3000\n  response_timeout: 300\n";
    assert_string_equal(deployed_timeout("config/deploy.yml", kamal, "app/main.py"), "explicit");
    const char *health = "service: app\nproxy:\n  healthcheck:\n    path: /up\n    timeout: 3\n";
    assert_string_equal(deployed_timeout("config/deploy.yml", health, "app/main.py"), "sdk-default");
}

/* A platform decorator's options (Modal @stub.function(retries=..., timeout=...)) retry and
 * time out the calls of the function; the receiver is resolved through its assignment. */
static void test_platform_decorator_options(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"gen.py", LANG_PYTHON,
                  "import modal\n"
                  "import openai\n"
                  "stub = modal.Stub('x')\n"
                  "app = modal.App('y')\n"
                  "@stub.function(retries=modal.Retries(max_retries=5), timeout=120)\n"
                  "def a(p):\n"
                  "    return openai.ChatCompletion.create(model='gpt-4', messages=p)\n"      /* 7 */
                  "@app.function(timeout=None, retries=0)\n"
                  "def b(p):\n"
                  "    return openai.ChatCompletion.create(model='gpt-4', messages=p)\n"      /* 10 */
                  "@app.function(image=None)\n"
                  "def c(p):\n"
                  "    return openai.ChatCompletion.create(model='gpt-4', messages=p)\n"      /* 13 */
                  "other = make_thing()\n"
                  "@other.function(timeout=5, retries=3)\n"
                  "def d(p):\n"
                  "    return openai.ChatCompletion.create(model='gpt-4', messages=p)\n"};   /* 17 */
    analyze(&s, 1, &calls, &fs);
    const model_call *c = at(&calls, "gen.py", 7);
    assert_string_equal(c->retry, "explicit");
    assert_string_equal(c->timeout, "explicit");
    /* switched off, or not given: the SDK's defaults */
    assert_string_not_equal(at(&calls, "gen.py", 10)->timeout, "explicit");
    assert_string_not_equal(at(&calls, "gen.py", 10)->retry, "explicit");
    assert_string_not_equal(at(&calls, "gen.py", 13)->timeout, "explicit");
    assert_string_not_equal(at(&calls, "gen.py", 13)->retry, "explicit");
    /* a decorator of something that is not Modal */
    assert_string_not_equal(at(&calls, "gen.py", 17)->timeout, "explicit");
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A server action's parameters are request data: any client can call it with any
 * arguments, whatever the app's own callers pass. A helper of a non-action module is
 * judged by its callers. */
static void test_server_action_params(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s[] = {
        {"app/abstract/actions.ts", LANG_TYPESCRIPT,
         "'use server';\n"
         "import { openai } from '@ai-sdk/openai';\n"
         "import { generateText } from 'ai';\n"
         "export async function generate(message: string, mode: string) {\n"
         "  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: message });\n"  /* 5 */
         "  return text;\n"
         "}\n"},
        {"app/inline.ts", LANG_TYPESCRIPT,
         "import { openai } from '@ai-sdk/openai';\n"
         "import { generateText } from 'ai';\n"
         "export async function act(input: string) {\n"
         "  'use server';\n"
         "  return generateText({ model: openai('gpt-4o-mini'), prompt: input });\n"               /* 5 */
         "}\n"
         "export async function helper(topic: string) {\n"
         "  return generateText({ model: openai('gpt-4o-mini'), prompt: topic });\n"               /* 8 */
         "}\n"},
        {"app/page.tsx", LANG_TYPESCRIPT,
         "import { generate } from './abstract/actions';\n"
         "import { helper } from './inline';\n"
         "export async function go() { await generate('fixed', 'abstract'); return helper('weather'); }\n"},
    };
    analyze(s, 3, &calls, &fs);
    assert_true(at(&calls, "app/abstract/actions.ts", 5)->user_input_in_prompt);
    assert_true(at(&calls, "app/inline.ts", 5)->user_input_in_prompt);
    assert_false(at(&calls, "app/inline.ts", 8)->user_input_in_prompt);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

/* A repository's own logging helper called bare after the call logs it (logInfo(...));
 * a debug helper or one before the call does not. */
static void test_bare_log_helpers(void **state)
{
    (void)state;
    model_call_list calls = {0};
    finding_list fs = {0};
    src_spec s = {"svc.ts", LANG_TYPESCRIPT,
                  "import Anthropic from '@anthropic-ai/sdk';\n"
                  "import { logInfo, logDebug } from './utils/logger';\n"
                  "const anthropic = new Anthropic();\n"
                  "export async function summarize(text: string) {\n"
                  "  const r = await anthropic.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 512, messages: [] });\n" /* 5 */
                  "  logInfo('summary', { usage: r.usage });\n"
                  "  return r;\n"
                  "}\n"
                  "export async function quiet(text: string) {\n"
                  "  logInfo('asking', { text });\n"
                  "  const r = await anthropic.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 512, messages: [] });\n" /* 11 */
                  "  logDebug('done', { r });\n"
                  "  return r;\n"
                  "}\n"};
    analyze(&s, 1, &calls, &fs);
    assert_true(at(&calls, "svc.ts", 5)->logged);
    assert_false(at(&calls, "svc.ts", 11)->logged);
    model_call_list_free(&calls);
    finding_list_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prompt_binding_hops),
        cmocka_unit_test(test_prompt_feeds),
        cmocka_unit_test(test_prompt_self_reference),
        cmocka_unit_test(test_prompt_value_invoker),
        cmocka_unit_test(test_prompt_input_object),
        cmocka_unit_test(test_star_import_sink),
        cmocka_unit_test(test_sanitizer_names),
        cmocka_unit_test(test_client_html_join),
        cmocka_unit_test(test_fixed_prompt),
        cmocka_unit_test(test_closure_in_try),
        cmocka_unit_test(test_splat_options),
        cmocka_unit_test(test_deployed_timeout),
        cmocka_unit_test(test_platform_decorator_options),
        cmocka_unit_test(test_server_action_params),
        cmocka_unit_test(test_bare_log_helpers),
        cmocka_unit_test(test_fixture_attrs_python),
        cmocka_unit_test(test_fixture_attrs_js),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
