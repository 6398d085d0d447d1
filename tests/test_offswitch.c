/* offswitch.c: evidence inside a branch that runs only when a setting is set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "offswitch.h"
#include "parse.h"

/* The gate line of the first occurrence of `needle` in code (0: not gated). */
static uint32_t gate(const char *path, lang l, const char *code, const char *needle)
{
    source s;
    source_init_text(&s, path, l, code, strlen(code));
    parser_set *ps = parse_new();
    TSTree *t = parse_source(ps, &s);
    assert_non_null(t);
    const char *at = strstr(code, needle);
    assert_non_null(at);
    size_t off = (size_t)(at - code);
    uint32_t line = source_line_of(&s, off), col = source_column_of(&s, off);
    uint32_t g = offswitch_gate_line(&s, ts_tree_root_node(t), line, col);
    ts_tree_delete(t);
    parse_free(ps);
    source_free(&s);
    return g;
}

static void test_env_gated_js(void **state)
{
    (void)state;
    const char *code = "let ratelimit;\n"
                       "if (process.env.KV_REST_API_URL && process.env.KV_REST_API_TOKEN) {\n"
                       "  ratelimit = new Ratelimit({ limiter: Ratelimit.slidingWindow(50, '1 d') });\n"
                       "}\n"
                       "const limiter = rateLimit({ max: 5 });\n";
    assert_int_equal(gate("route.ts", LANG_TYPESCRIPT, code, "new Ratelimit"), 2);
    assert_int_equal(gate("route.ts", LANG_TYPESCRIPT, code, "rateLimit({"), 0);
}

static void test_and_guard_and_else_js(void **state)
{
    (void)state;
    const char *code = "process.env.SENTRY_DSN && Sentry.init({ dsn: process.env.SENTRY_DSN });\n"
                       "if (isSet(process.env.OPENAI_API_KEY)) { api = new ChatGPTAPI({}) }\n"
                       "else { api = new Proxy({}) }\n";
    assert_int_equal(gate("a.js", LANG_JAVASCRIPT, code, "Sentry.init"), 1);
    assert_int_equal(gate("a.js", LANG_JAVASCRIPT, code, "new Proxy"), 2);
    /* a configured choice among alternative backends */
    const char *alt = "if (this._opts.type == 'browser') {\n  api = new Browser()\n} else if (this._opts.type == 'official') {\n"
                      "  api = new Official()\n}\nif (msg.type == 'text') { reply() }\n";
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, alt, "new Browser"), 1);
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, alt, "new Official"), 3); /* the innermost gate */
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, alt, "reply()"), 0);
}

static void test_python_constant_none(void **state)
{
    (void)state;
    const char *code = "CALLBACK = os.environ.get('CALLBACK')\n"
                       "if CALLBACK is not None:\n"
                       "    litellm.callbacks = [load(CALLBACK)]\n"
                       "if settings.ENABLE_TRACING:\n"
                       "    setup_tracing()\n"
                       "logger.info('ready')\n";
    assert_int_equal(gate("app.py", LANG_PYTHON, code, "litellm.callbacks"), 2);
    assert_int_equal(gate("app.py", LANG_PYTHON, code, "setup_tracing"), 4);
    assert_int_equal(gate("app.py", LANG_PYTHON, code, "logger.info"), 0);
    const char *svc = "if tracing_is_enabled():\n    @router.post('/feedback')\n    def feedback(): pass\n"
                      "if is_valid(x):\n    save(x)\n";
    assert_int_equal(gate("runs.py", LANG_PYTHON, svc, "@router.post"), 1);
    assert_int_equal(gate("runs.py", LANG_PYTHON, svc, "save(x)"), 0);
}

/* An opt-in value: there only when an option is set, otherwise nothing. */
static void test_opt_in_value(void **state)
{
    (void)state;
    const char *py = "def build(tools, interrupt_before_action: bool = False):\n"
                     "    return workflow.compile(\n"
                     "        interrupt_before=['action'] if interrupt_before_action else None,\n"
                     "    )\n"
                     "def other(approve):\n"
                     "    return workflow.compile(interrupt_before=['action'] if approve else ['tools'])\n";
    /* a finding on the option's name is judged by its value */
    assert_int_equal(gate("agent.py", LANG_PYTHON, py, "interrupt_before="), 3);
    assert_int_equal(gate("agent.py", LANG_PYTHON, py, "interrupt_before=['action'] if approve"), 0);
    assert_int_equal(gate("agent.py", LANG_PYTHON, py, "['action'] if interrupt"), 3);
    /* both branches hold a value: not opt-in */
    assert_int_equal(gate("agent.py", LANG_PYTHON, py, "['action'] if approve"), 0);
    const char *js = "const cfg = opts.review ? { interruptBefore: ['tools'] } : undefined;\n"
                     "const lim = fast ? 10 : 20;\n";
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, js, "{ interruptBefore"), 1);
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, js, "10 :"), 0);
    const char *opt = "const app = workflow.compile({ interruptBefore: review ? ['tools'] : [] });\n"
                      "const b = workflow.compile({ interruptBefore: ['tools'] });\n";
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, opt, "interruptBefore: review"), 1);
    assert_int_equal(gate("a.ts", LANG_TYPESCRIPT, opt, "interruptBefore: ['tools']"), 0);
}

/* Not a feature switch: the branch runs in production, or the condition is not a setting. */
static void test_not_gated(void **state)
{
    (void)state;
    const char *js = "if (process.env.NODE_ENV === 'production') { app.use(rateLimit({ max: 5 })) }\n"
                     "if (user.isAdmin) { audit.log(user) }\n";
    assert_int_equal(gate("a.js", LANG_JAVASCRIPT, js, "rateLimit"), 0);
    assert_int_equal(gate("a.js", LANG_JAVASCRIPT, js, "audit.log"), 0);
    const char *py = "if __name__ == '__main__':\n    app.run()\n"
                     "if len(messages) > 10:\n    messages = messages[-10:]\n"
                     "if not os.getenv('OPENAI_API_KEY'):\n    raise SystemExit(1)\n"
                     "client = OpenAI(max_retries=3)\n";
    assert_int_equal(gate("a.py", LANG_PYTHON, py, "app.run"), 0);
    assert_int_equal(gate("a.py", LANG_PYTHON, py, "messages[-10:]"), 0);
    assert_int_equal(gate("a.py", LANG_PYTHON, py, "OpenAI(max_retries"), 0);
    /* the condition itself is not inside its branch */
    assert_int_equal(gate("a.py", LANG_PYTHON, py, "os.getenv"), 0);
}

/* A supporting finding in a gated branch only indicates, and says why; a violation keeps
 * its effect and records the gate. */
static void test_mark(void **state)
{
    (void)state;
    const char *code = "if (process.env.UPSTASH_URL) {\n  limiter = new Ratelimit({})\n}\n";
    source s;
    source_init_text(&s, "app/api/route.ts", LANG_TYPESCRIPT, code, strlen(code));
    parser_set *ps = parse_new();
    TSTree *t = parse_source(ps, &s);
    finding_list fl = {0};
    finding a = {0}, b = {0};
    a.rule = xstrdup("cost.rate-limiter");
    a.effect = EFFECT_SUPPORTS;
    a.message = xstrdup("A rate limiter");
    a.file = xstrdup("app/api/route.ts");
    a.line = 2; a.column = 3;
    b = a;
    b.rule = xstrdup("arch.x");
    b.effect = EFFECT_VIOLATES;
    b.message = xstrdup("bad");
    b.file = xstrdup("app/api/route.ts");
    VEC_PUSH(&fl, a);
    VEC_PUSH(&fl, b);
    offswitch_mark(&s, t, &fl);
    assert_true(fl.items[0].indicates);
    assert_int_equal(fl.items[0].gate_line, 1);
    assert_non_null(strstr(fl.items[0].message, "only when a setting is set"));
    assert_false(fl.items[1].indicates);
    assert_int_equal(fl.items[1].gate_line, 1);
    assert_string_equal(fl.items[1].message, "bad");
    finding_list_free(&fl);
    ts_tree_delete(t);
    parse_free(ps);
    source_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_gated_js),
        cmocka_unit_test(test_and_guard_and_else_js),
        cmocka_unit_test(test_python_constant_none),
        cmocka_unit_test(test_opt_in_value),
        cmocka_unit_test(test_not_gated),
        cmocka_unit_test(test_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
