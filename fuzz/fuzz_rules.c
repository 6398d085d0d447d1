/* fuzz_rules: loading a rule file (rules_load.c, rules_compile.c, rules_query.c,
 * rules_version.c, prefilter.c): YAML shape, validation, PCRE2 JIT compilation,
 * tree-sitter query compilation and predicates, keyword prefilter. A rule file that loads
 * is then run as the scan would run it: its own tests (rules_test_report), and every rule
 * kind over a fixed Python file, a fixed TypeScript file and a fixed dependency list, with
 * escalation after.
 *
 * Input: the text of a rule file (YAML, read up to its first NUL byte).
 *
 * Known leaks (N6 in the robustness report; not fixed yet) are suppressed here by name
 * and nothing else, so LeakSanitizer still reports any other leak of rule loading:
 *  - tree-sitter 0.25.0 leaks a capture-quantifier list when a query fails to compile
 *    (lib/src/query.c:704 capture_quantifiers_add_for_id and :716 _add_all, under
 *    ts_query__parse_pattern): not our code, so it stays suppressed until tree-sitter
 *    is upgraded past it;
 *  - add_rule_query (analyzer/rules_query.c:395) leaves a rejected pattern without freeing
 *    the predicates parse_pattern_predicates (rules_query.c:223) made for it.
 * Delete a line below when its defect is fixed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "match.h"
#include "parse.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
    return "leak:capture_quantifiers_add\n"
           "leak:parse_pattern_predicates\n";
}

static const char python_text[] =
    "import os, pickle, subprocess\n"
    "from openai import OpenAI\n"
    "client = OpenAI(api_key=os.environ['OPENAI_API_KEY'], timeout=30)\n"
    "def answer(q):\n"
    "    r = client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': q}])\n"
    "    subprocess.run(r.choices[0].message.content, shell=True)\n"
    "    return pickle.loads(q)\n";
static const char ts_text[] =
    "import OpenAI from 'openai';\n"
    "const key = 'sk-proj-0123456789abcdefABCDEF0123456789abcdef';\n"
    "export async function POST(req: Request) {\n"
    "  const o = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });\n"
    "  return o.chat.completions.create({ model: 'gpt-4o', messages: await req.json() });\n"
    "}\n";

static struct {
    source src;
    TSTree *tree;
} samples[2];
static dependency deps[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    parser_set *ps = parse_new();
    source_init_text(&samples[0].src, "app/main.py", LANG_PYTHON, python_text, sizeof python_text - 1);
    source_init_text(&samples[1].src, "web/app/api/chat/route.ts", LANG_TYPESCRIPT, ts_text, sizeof ts_text - 1);
    samples[0].src.cls = samples[1].src.cls = CLASS_CODE;
    for (size_t i = 0; i < 2; i++) samples[i].tree = parse_source(ps, &samples[i].src);
    parse_free(ps);
    deps[0] = (dependency){"openai", "pypi", "==0.28.1", "0.28.1", "requirements.txt", 1, false, true};
    deps[1] = (dependency){"langchain", "pypi", ">=0.0.100", NULL, "requirements.txt", 2, false, false};
    deps[2] = (dependency){"next", "npm", "^13.4.0", "13.4.2", "web/package.json", 5, false, false};
    return 0;
}

static void run(const ruleset *rs)
{
    for (size_t i = 0; i < rules_count(rs); i++) {
        rule_info info;
        rules_info(rs, i, &info);
        if (!info.id || !info.message || !info.kind) abort();
    }
    rules_test_report(rs, fz_devnull());
    finding_list fl = {0};
    match_state *ms = match_state_new(rs);
    for (size_t i = 0; i < 2; i++) {
        match_needs_tree(ms, &samples[i].src);
        match_file(ms, &samples[i].src, samples[i].tree, &fl);
    }
    match_state_free(ms);
    match_packages(rs, deps, sizeof deps / sizeof *deps, &fl);
    match_escalate(rs, &fl);
    finding_list_free(&fl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_strndup(data, size);
    char *err = NULL;
    ruleset *rs = rules_load_text("fuzz.yml", text, NULL, &err);
    if (rs) run(rs);
    else if (!err) abort(); /* rules.h: a failure always says why */
    rules_free(rs);
    free(err);
    free(text);
    return 0;
}
