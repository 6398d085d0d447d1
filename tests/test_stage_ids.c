/* The ids the analysis stages emit from C (model-call.*, access.model-endpoint-*, ci.*,
 * aiready.*: rule_text.h) are rules like any other to the user. For every id the binary
 * can emit — read from the sources, so a new id cannot be missed — this checks, on the
 * aiready binary built beside this test:
 * - `aiready rules list` lists it, and `rules list --only ID` / `--disable ID` select it;
 * - `aiready explain ID` gives its whole page (stage, what it finds, effect and severity,
 *   items, how to fix);
 * - `aiready scan --only ID` reports exactly its findings (and aiready's own warnings,
 *   which --only keeps) and `--disable ID` none of them, on a repository that has some (a
 *   golden fixture, or the small repository below for the ids no fixture emits);
 * - every finding of it in those scans has the effect and items of its row, and no higher
 *   severity. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <regex.h>

#include "dom.h"
#include "jsonr.h"
#include "rule_text.h"
#include "suppress.h"
#include "testutil.h"

/* ---- the ids in the sources ----------------------------------------------------------- */

typedef VEC(char *) id_list;

static bool has(const id_list *l, const char *id)
{
    for (size_t i = 0; i < l->len; i++)
        if (!strcmp(l->items[i], id)) return true;
    return false;
}

static void add_id(id_list *l, const char *id)
{
    if (!has(l, id)) VEC_PUSH(l, xstrdup(id));
}

static void free_ids(id_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i]);
    VEC_FREE(l);
}

/* Stage ids quoted in the .c files of dir (rule_text.c, the table itself, left out). The
 * same prefixes name rule-file rules too (access.*, ci.github-actions-*): those are never
 * quoted in C. */
static void ids_in_dir(const char *dir, regex_t *re, id_list *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 3 || strcmp(de->d_name + n - 2, ".c") || !strcmp(de->d_name, "rule_text.c")) continue;
        char *path = tu_path(dir, de->d_name);
        size_t len;
        char *text = tu_read_file(path, &len);
        free(path);
        regmatch_t m[2];
        for (const char *p = text; regexec(re, p, 2, m, 0) == 0; p += m[0].rm_eo) {
            char *id = xstrndup(p + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
            if (strcmp(id + strlen(id) - 2, ".h") != 0) add_id(out, id); /* "ci.h" is an include */
            free(id);
        }
        free(text);
    }
    closedir(d);
}

static void source_ids(id_list *out)
{
    regex_t re;
    assert_int_equal(regcomp(&re, "\"((model-call|access|ci|aiready)\\.[a-z0-9-]+)\"", REG_EXTENDED), 0);
    ids_in_dir("analyzer", &re, out);
    ids_in_dir("analyzer/calls", &re, out);
    regfree(&re);
    add_id(out, SUPPRESS_BAD_RULE); /* emitted through their macros */
    add_id(out, SUPPRESS_UNKNOWN_RULE);
}

/* Every id the sources emit has a row, and every row is an id the sources emit. */
static void test_table_is_the_sources(void **state)
{
    id_list ids = {0};
    source_ids(&ids);
    assert_true(ids.len >= 45);
    for (size_t i = 0; i < ids.len; i++)
        if (!rule_text_stage_find(ids.items[i])) fail_msg("%s is emitted but has no row in analyzer/rule_text.c", ids.items[i]);
    for (size_t i = 0; i < ids.len; i++) assert_true(rule_text_known(NULL, ids.items[i]));
    assert_int_equal(rule_text_stage_count(), ids.len);
    for (size_t i = 0; i < rule_text_stage_count(); i++) {
        const stage_rule *r = rule_text_stage(i);
        assert_true(has(&ids, r->id));
        assert_non_null(r->text.description);
        assert_null(strchr(r->text.description, '%'));
        /* a finding that says something is wrong says how to fix it */
        if (r->effect == EFFECT_VIOLATES) assert_non_null(r->text.fix);
        /* only aiready's warnings about its own settings bear on no item */
        assert_true(r->n_items > 0 || !strncmp(r->id, "aiready.", 8));
    }
    free_ids(&ids);
}

/* ---- the binary ------------------------------------------------------------------------- */

static char *bin;

static int bin_setup(void **state)
{
    bin = tu_aiready_path();
    return 0;
}

static int bin_teardown(void **state)
{
    free(bin);
    return 0;
}

#define NEED_BIN() do { if (!bin) fail_msg("BUILD/aiready not found beside this test binary"); } while (0)

static tu_run_result run_ok(char *const argv[])
{
    tu_run_result r = tu_run(argv);
    if (r.status != 0) fail_msg("%s %s %s: exit %d: %s", argv[1], argv[2], argv[3] ? argv[3] : "", r.status, r.err);
    return r;
}

/* Whether some line of text starts with id followed by a blank. */
static bool lists(const char *text, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (!strncmp(p, id, n) && p[n] == ' ') return true;
    return false;
}

/* argv: bin, then words, then OPT ID for every row of the table (ids NULL) or every id of
 * ids; NULL-terminated. */
static char **with_ids(const char *const *words, size_t n_words, const char *opt, const id_list *ids)
{
    size_t rows = ids ? ids->len : rule_text_stage_count();
    char **argv = xcalloc(1 + n_words + 2 * rows + 1, sizeof *argv);
    size_t n = 0;
    argv[n++] = bin;
    for (size_t i = 0; i < n_words; i++) argv[n++] = (char *)words[i];
    for (size_t i = 0; i < rows; i++) {
        argv[n++] = (char *)opt;
        argv[n++] = ids ? ids->items[i] : (char *)rule_text_stage(i)->id;
    }
    return argv;
}

static void test_rules_list(void **state)
{
    NEED_BIN();
    static const char *const list[] = {"rules", "list"};
    char *all[] = {bin, "rules", "list", NULL};
    tu_run_result r = run_ok(all);
    size_t rows = rule_text_stage_count();
    for (size_t i = 0; i < rows; i++) {
        const char *id = rule_text_stage(i)->id;
        if (!lists(r.out, id)) fail_msg("aiready rules list does not list %s", id);
    }
    size_t lines = tu_count_lines(r.out);
    tu_run_free(&r);
    char **argv = with_ids(list, 2, "--only", NULL);
    r = run_ok(argv);
    for (size_t i = 0; i < rows; i++) assert_true(lists(r.out, rule_text_stage(i)->id));
    assert_int_equal(tu_count_lines(r.out), rows + 2); /* a header, the rules, the count */
    tu_run_free(&r);
    free(argv);
    argv = with_ids(list, 2, "--disable", NULL);
    r = run_ok(argv);
    for (size_t i = 0; i < rows; i++) assert_false(lists(r.out, rule_text_stage(i)->id));
    assert_int_equal(tu_count_lines(r.out), lines - rows);
    tu_run_free(&r);
    free(argv);
}

static void test_explain(void **state)
{
    NEED_BIN();
    static const char *const sections[] = {"\nWhat it finds\n  ", "\nEffect: ", "   Severity: ",
                                           "\nChecklist items it is evidence for\n  ", "\nHow to fix\n  ",
                                           " with --disable "};
    for (size_t i = 0; i < rule_text_stage_count(); i++) {
        const stage_rule *s = rule_text_stage(i);
        char *argv[] = {bin, "explain", (char *)s->id, NULL};
        tu_run_result r = run_ok(argv);
        buf head = {0};
        buf_printf(&head, "Rule %s\nEmitted by %s (no rule file): %s\n", s->id, s->stage, s->doc);
        if (strncmp(r.out, head.data, head.len)) fail_msg("explain %s starts: %.200s", s->id, r.out);
        for (size_t k = 0; k < sizeof sections / sizeof *sections; k++)
            if (!strstr(r.out, sections[k])) fail_msg("explain %s has no '%s'", s->id, sections[k]);
        assert_non_null(strstr(r.out, s->text.description));
        if (s->text.fix) assert_non_null(strstr(r.out, s->text.fix));
        for (uint8_t k = 0; k < s->n_items; k++) {
            char item[8];
            snprintf(item, sizeof item, "%2u. ", s->items[k]);
            assert_non_null(strstr(r.out, item));
        }
        buf_free(&head);
        tu_run_free(&r);
    }
}

/* ---- scans ------------------------------------------------------------------------------ */

/* Findings of one scan: per stage id, how many (reported and suppressed), and the total. */
typedef struct tally {
    size_t *n;        /* per row of the table */
    size_t total;
} tally;

static size_t row_of(const char *id)
{
    for (size_t i = 0; i < rule_text_stage_count(); i++)
        if (!strcmp(rule_text_stage(i)->id, id)) return i;
    return SIZE_MAX;
}

static severity severity_of(const char *s)
{
    return !strcmp(s, "blocker") ? SEV_BLOCKER : !strcmp(s, "warning") ? SEV_WARNING : SEV_INFO;
}

/* Holds a finding of a stage id to its row: its effect (when the report gives one), items
 * among the row's, severity no higher. */
static void check_row(const dom *f, const stage_rule *s, const char *where)
{
    const char *eff = dom_get_str(f, "effect");
    if (eff && strcmp(eff, effect_name(s->effect)))
        fail_msg("%s: a %s finding has effect %s, its row %s", where, s->id, eff, effect_name(s->effect));
    if (severity_of(dom_get_str(f, "severity")) > s->severity)
        fail_msg("%s: a %s finding is %s, above its row's %s", where, s->id, dom_get_str(f, "severity"),
                 severity_name(s->severity));
    const dom *items = dom_get(f, "items");
    for (size_t k = 0; k < dom_len(items); k++) {
        int64_t it = dom_int(dom_at(items, k));
        bool in = false;
        for (uint8_t j = 0; j < s->n_items; j++) in |= s->items[j] == it;
        if (!in) fail_msg("%s: a %s finding names item %lld, not in its row", where, s->id, (long long)it);
    }
}

static void count_list(const dom *list, const char *where, tally *t)
{
    for (size_t i = 0; i < dom_len(list); i++) {
        const dom *f = dom_at(list, i);
        const char *id = dom_get_str(f, "rule");
        assert_non_null(id);
        t->total++;
        size_t row = row_of(id);
        if (row == SIZE_MAX) continue;
        check_row(f, rule_text_stage(row), where);
        t->n[row]++;
    }
}

/* What tests/golden.sh passes, so that a scan here reports what the fixture's
 * expected.json holds. */
static const char *const golden_args[] = {"--format", "json", "--no-progress", "--jobs", "2",
                                          "--exclude", "/expected.json", "--exclude", "/expected.txt",
                                          "--exclude", "/expected.sarif", "--exclude", "/expected.md",
                                          "--exclude", "/expected.html", "--exclude", "/expected.cdx",
                                          "--exclude", "/expected-calls.json", "--exclude", "/EXPECTED.tsv",
                                          "--exclude", "/README.fixture.md"};
enum { N_GOLDEN_ARGS = sizeof golden_args / sizeof *golden_args };

static tally tally_json(const char *json, const char *where)
{
    char *err = NULL;
    dom *d = jsonr_parse(json, strlen(json), 64, &err);
    if (!d) fail_msg("%s: not JSON: %s", where, err);
    tally t = {xcalloc(rule_text_stage_count(), sizeof(size_t)), 0};
    count_list(dom_get(d, "findings"), where, &t);
    count_list(dom_get(d, "suppressed"), where, &t);
    dom_free(d);
    return t;
}

/* Scans dir as tests/golden.sh does, with OPT ID for every id of ids (opt NULL: none). */
static tally scan(const char *dir, const char *opt, const id_list *ids)
{
    const char *words[2 + N_GOLDEN_ARGS] = {"scan", dir};
    memcpy(words + 2, golden_args, sizeof golden_args);
    id_list none = {0};
    char **argv = with_ids(words, 2 + N_GOLDEN_ARGS, opt, opt ? ids : &none);
    tu_run_result r = run_ok(argv);
    tally t = tally_json(r.out, dir);
    tu_run_free(&r);
    free(argv);
    return t;
}

/* The golden report of a fixture, as a tally (the golden test holds the scan to it). */
static tally golden(const char *dir)
{
    char *path = tu_path(dir, "expected.json");
    size_t len;
    char *text = tu_read_file(path, &len);
    tally t = tally_json(text, path);
    free(text);
    free(path);
    return t;
}

/* Ids no golden fixture emits today, in one small repository. */
static char *extra_repo(void)
{
    char *dir = tu_tmpdir();
    tu_writes(dir, "app.py",
              "import pickle\n"
              "from openai import OpenAI\n"
              "client = OpenAI()\n\n"
              "def answer(q):\n"
              "    r = client.chat.completions.create(model=\"gpt-4o\", messages=[{\"role\": \"user\", \"content\": q}])\n"
              "    text = r.choices[0].message.content\n"
              "    obj = pickle.loads(text)\n"
              "    with open(text) as fh:\n"
              "        return fh.read(), obj\n\n"
              "x = 1  # aiready-ignore: tls.no-such-rule misspelt on purpose\n");
    tu_writes(dir, ".github/workflows/bench.yml",
              "on: push\njobs:\n  bench:\n    runs-on: ubuntu-latest\n    steps:\n"
              "      - run: pytest tests --benchmark-only\n");
    return dir;
}

/* One repository and the ids it is the first to emit: --only them reports their findings
 * and nothing else, --disable them all of the rest and none of them. */
static void check_source(const char *dir, const tally *all, const bool *mine)
{
    id_list ids = {0};
    size_t want = 0;
    for (size_t i = 0; i < rule_text_stage_count(); i++)
        if (mine[i]) { VEC_PUSH(&ids, xstrdup(rule_text_stage(i)->id)); want += all->n[i]; }
    if (!ids.len) return;
    tally only = scan(dir, "--only", &ids), off = scan(dir, "--disable", &ids);
    for (size_t i = 0; i < rule_text_stage_count(); i++) {
        if (!mine[i]) continue;
        const char *id = rule_text_stage(i)->id;
        if (only.n[i] != all->n[i]) fail_msg("--only %s on %s: %zu of its findings, want %zu", id, dir, only.n[i], all->n[i]);
        if (off.n[i]) fail_msg("--disable %s on %s: %zu of its findings left", id, dir, off.n[i]);
    }
    /* aiready's warnings about the user's settings stay under --only */
    size_t own = 0;
    for (size_t i = 0; i < rule_text_stage_count(); i++)
        if (!mine[i] && !strncmp(rule_text_stage(i)->id, "aiready.", 8)) own += all->n[i];
    if (only.total != want + own)
        fail_msg("--only on %s: %zu findings, want the %zu of the ids named and %zu warnings", dir, only.total, want, own);
    if (off.total != all->total - want) fail_msg("--disable on %s: %zu findings, want %zu", dir, off.total, all->total - want);
    free(only.n);
    free(off.n);
    free_ids(&ids);
}

static void test_scan_selects(void **state)
{
    NEED_BIN();
    setenv("AIREADY_TODAY", "2026-11-25", 1); /* as tests/golden.sh: attestation dates */
    size_t rows = rule_text_stage_count();
    bool *covered = xcalloc(rows, sizeof *covered), *mine = xcalloc(rows, sizeof *mine);
    id_list dirs = {0};
    DIR *d = opendir("fixtures");
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.') VEC_PUSH(&dirs, tu_path("fixtures", de->d_name));
    closedir(d);
    for (size_t k = 0; k < dirs.len; k++) {
        tally t = golden(dirs.items[k]); /* also holds every finding to its row */
        memset(mine, 0, rows * sizeof *mine);
        for (size_t i = 0; i < rows; i++)
            if (t.n[i] && !covered[i]) covered[i] = mine[i] = true;
        check_source(dirs.items[k], &t, mine);
        free(t.n);
    }
    char *extra = extra_repo();
    tally t = scan(extra, NULL, NULL);
    memset(mine, 0, rows * sizeof *mine);
    for (size_t i = 0; i < rows; i++)
        if (t.n[i] && !covered[i]) covered[i] = mine[i] = true;
    check_source(extra, &t, mine);
    free(t.n);
    for (size_t i = 0; i < rows; i++)
        if (!covered[i]) fail_msg("%s: no fixture emits it (add it to extra_repo in this test)", rule_text_stage(i)->id);
    tu_rmtree(extra);
    free(extra);
    free_ids(&dirs);
    free(covered);
    free(mine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_the_sources),
        cmocka_unit_test(test_rules_list),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_scan_selects),
    };
    return cmocka_run_group_tests(tests, bin_setup, bin_teardown);
}
