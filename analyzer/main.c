/* aiready: command-line entry point. Parsing lives in cli.c, the work in scan.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "checklist.h"
#include "cli.h"
#include "config.h"
#include "explain.h"
#include "output.h"
#include "portfolio.h"
#include "repo_config.h"
#include "report.h"
#include "rules.h"
#include "scan.h"

#ifndef AIREADY_VERSION
#define AIREADY_VERSION "dev"
#endif

static const char usage[] =
    "usage: aiready scan [PATH] [options]     scan a repository (default: .)\n"
    "       aiready portfolio DIR... [--list FILE] [-o OUTDIR] [--jobs N]\n"
    "                                             compare many repositories (docs/portfolio.md)\n"
    "       aiready rules list|test [DIR...]      list the rules, or run their tests\n"
    "       aiready explain ITEM|RULE_ID          what an item or a rule means, how it is judged\n"
    "       aiready --version | --help\n"
    "\n"
    "scan options:\n"
    "  --format FORMAT        text, json, sarif, markdown, html or cyclonedx (the AI\n"
    "                         bill of materials; text on a terminal, json otherwise)\n"
    "  -o, --output FILE      write the report to FILE (atomically; - is standard output;\n"
    "                         a device or FIFO is written directly)\n"
    "  -j, --jobs N           worker threads (default: one per core)\n"
    "  --max-file-size SIZE   skip larger files (default 2MB)\n"
    "  --file-timeout SECONDS time allowed to parse and analyse one file's tree (default\n"
    "                         10, 0: no limit); past it the file's errors say what was cut\n"
    "  --exclude GLOB         skip matching paths (gitignore syntax; repeatable)\n"
    "  --no-ignore            do not read .gitignore files\n"
    "  --no-progress          never show progress\n"
    "  -v, --verbose          list all evidence in the text report\n"
    "  --rules DIR            also load the rules in DIR (repeatable)\n"
    "  --only RULE_ID         run only these rules (repeatable)\n"
    "  --disable RULE_ID      do not run this rule (repeatable)\n"
    "  --fail-on GATE         exit 1 when the gate fails: blocker, critical, rebuild or\n"
    "                         score:N (repeatable, or comma-separated)\n"
    "  --baseline FILE        a previous JSON report: its findings do not fail gates\n"
    "  --no-repo-config       ignore the scanned repository's .aiready.yml (its excludes,\n"
    "                         disabled rules, rule folders, waivers and attestations)\n"
    "  --no-suppress          ignore aiready-ignore comments, the baseline and the\n"
    "                         repository's .aiready.yml (audits; implies --no-repo-config)\n"
    "  --doc-base URL         where docs/ is published, for links in SARIF and Markdown\n"
    "  --also FORMAT=FILE     also write the report in FORMAT to FILE (repeatable)\n"
    "  --history              also search every blob in the git history for secrets\n"
    "\n"
    "exit status: 0 scan completed, 1 a gate failed, 2 usage or fatal error\n";

static int fatal(const char *msg)
{
    fprintf(stderr, "aiready: %s\n", msg);
    return 2;
}

static bool want_progress(const cli_scan *c)
{
    const char *ci = getenv("CI");
    return !c->no_progress && isatty(STDERR_FILENO) && !(ci && *ci && strcmp(ci, "false") != 0);
}

static void render(cli_format fmt, const scan_result *r, const report_options *ro, buf *out)
{
    switch (fmt) {
    case FORMAT_JSON: report_json(r, ro, out); break;
    case FORMAT_SARIF: report_sarif(r, ro, out); break;
    case FORMAT_MARKDOWN: report_markdown(r, ro, out); break;
    case FORMAT_HTML: report_html(r, ro, out); break;
    case FORMAT_CYCLONEDX: report_cyclonedx(r, ro, out); break;
    default: report_text(r, ro, out); break;
    }
}

static int emit(const cli_scan *c, const scan_result *r, const gate_outcomes *gates, const calls_catalog *cat)
{
    bool tty = isatty(STDOUT_FILENO) && !c->output;
    cli_format fmt = c->format != FORMAT_DEFAULT ? c->format : (tty ? FORMAT_TEXT : FORMAT_JSON);
    const char *no_color = getenv("NO_COLOR");
    report_options ro = {tty && !(no_color && *no_color), c->verbose, AIREADY_VERSION, gates, c->doc_base, cat};
    buf out = {0};
    int rc = 0;
    for (size_t i = 0; i < c->also.len && rc == 0; i++) { /* --also FORMAT=FILE */
        report_options plain = ro;
        plain.color = false;
        render(c->also.items[i].format, r, &plain, &out);
        char *err = NULL;
        if (output_write_atomic(c->also.items[i].file, out.data, out.len, &err) != 0) {
            rc = fatal(err);
            free(err);
        }
        out.len = 0;
    }
    if (rc != 0) {
        buf_free(&out);
        return rc;
    }
    render(fmt, r, &ro, &out);
    if (c->output) {
        char *err = NULL;
        if (output_write_atomic(c->output, out.data, out.len, &err) != 0) {
            rc = fatal(err);
            free(err);
        }
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        rc = fatal("cannot write the report to standard output");
    }
    buf_free(&out);
    return rc;
}

/* The checklist from the rules folder; NULL after printing why. */
static checklist *load_checklist(char **rules_dir)
{
    *rules_dir = rules_default_dir();
    if (!*rules_dir) {
        fatal("cannot find the rules folder (set AIREADY_RULES to the folder holding checklist.yaml)");
        return NULL;
    }
    buf path = {0};
    buf_printf(&path, "%s/checklist.yaml", *rules_dir);
    char *err = NULL;
    checklist *cl = checklist_load(path.data, &err);
    buf_free(&path);
    if (!cl) {
        fprintf(stderr, "aiready: invalid checklist:\n%s\n", err);
        free(err);
    }
    return cl;
}

/* The shipped rules plus --rules folders and the repository's own rules folders (read
 * beneath its root only; repo may be NULL), with --only / --disable; NULL after saying why. */
static ruleset *load_rules(const char *rules_dir, const cli_scan *c, const rules_repo *repo)
{
    VEC(const char *) dirs = {0};
    VEC_PUSH(&dirs, rules_dir);
    for (size_t i = 0; i < c->rule_dirs.len; i++) VEC_PUSH(&dirs, c->rule_dirs.items[i]);
    rules_select sel = {c->only.items, c->only.len, c->disable.items, c->disable.len};
    char *err = NULL;
    ruleset *rs = rules_load_with_repo(dirs.items, dirs.len, repo, &sel, &err);
    free(dirs.items);
    if (!rs) {
        fprintf(stderr, "aiready: invalid rules:\n%s\n", err);
        free(err);
    }
    return rs;
}

static int cmd_explain(int argc, char **argv)
{
    if (argc != 1) return fatal("usage: aiready explain ITEM|RULE_ID (an item number 1-50, or a rule id)");
    char *dir;
    checklist *cl = load_checklist(&dir);
    if (!cl) { free(dir); return 2; }
    int item = 0, rc = 0;
    buf out = {0};
    if (explain_parse_item(argv[0], &item)) {
        explain_item(cl, item, &out);
    } else {
        cli_scan none = {0};
        ruleset *rs = load_rules(dir, &none, NULL);
        if (!rs) rc = 2;
        else if (!explain_rule(cl, rs, argv[0], &out))
            rc = fatal("no checklist item or rule by that name (items are 1-50; `aiready rules list` lists rule ids)");
        if (rs) rules_free(rs);
    }
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    checklist_free(cl);
    free(dir);
    return rc;
}

/* The SDK catalog of the call-site analysis: rules/sdks. NULL after saying why. */
static calls_catalog *load_catalog(const char *rules_dir)
{
    buf dir = {0};
    buf_printf(&dir, "%s/sdks", rules_dir);
    char *err = NULL;
    calls_catalog *cat = calls_catalog_load(dir.data, &err);
    buf_free(&dir);
    if (!cat) {
        fprintf(stderr, "aiready: invalid SDK catalog:\n%s\n", err);
        free(err);
    }
    return cat;
}

/* Everything one scan loads before it runs; released by session_free. */
typedef struct session {
    cli_scan cli;
    char *rules_dir;
    checklist *checklist;
    config_keywords keywords;
    aiready_config config;
    ruleset *rules;
    calls_catalog *calls;
    baseline baseline;
    VEC(const char *) excludes; /* --exclude plus the config's exclude */
} session;

static void session_free(session *s)
{
    baseline_free(&s->baseline);
    if (s->rules) rules_free(s->rules);
    if (s->calls) calls_catalog_free(s->calls);
    config_free(&s->config);
    if (s->checklist) checklist_free(s->checklist);
    free(s->rules_dir);
    VEC_FREE(&s->excludes);
    cli_scan_free(&s->cli);
}

/* The flag that makes the scan ignore the repository's .aiready.yml, or NULL. */
static const char *config_ignored_by(const cli_scan *c)
{
    return c->no_repo_config ? "--no-repo-config" : c->no_suppress ? "--no-suppress" : NULL;
}

/* The repository's .aiready.yml: its excludes join the command line's (its rule folders are
 * read by load_rules, beneath the root);
 * its disabled rules still run and are set aside after the scan (repo_config.h); its
 * attestations and waivers go to the verdict. Not read at all under --no-repo-config or
 * --no-suppress. Returns 0, or 2 after saying why. */
static int load_config(session *s)
{
    for (int i = 1; i <= CHECKLIST_ITEMS; i++) {
        const checklist_item *it = checklist_item_get(s->checklist, i);
        s->keywords.pattern[i] = it ? it->attestation_keywords : NULL;
    }
    char *err = NULL;
    /* AIREADY_TODAY=YYYY-MM-DD judges attestation dates as of that day: reproducible
     * audits and golden tests that do not expire. */
    const char *today = getenv("AIREADY_TODAY");
    int ymd;
    if (today && *today && !config_parse_date(today, &ymd)) {
        fprintf(stderr, "aiready: AIREADY_TODAY must be a date, YYYY-MM-DD, not '%s'\n", today);
        return 2;
    }
    if (config_ignored_by(&s->cli)) return 0;
    if (config_load_with(s->cli.path, today && *today ? today : NULL, &s->keywords, &s->config, &err) != 0) {
        fprintf(stderr, "aiready: invalid configuration:\n%s\n", err);
        free(err);
        return 2;
    }
    for (size_t i = 0; i < s->cli.excludes.len; i++) VEC_PUSH(&s->excludes, s->cli.excludes.items[i]);
    for (size_t i = 0; i < s->config.n_exclude; i++) VEC_PUSH(&s->excludes, s->config.exclude[i]);
    return 0;
}

/* -o onto a file of the scanned tree would destroy it: refused before anything is scanned,
 * unless it is an earlier report. */
static int check_output(const cli_scan *c)
{
    char root[PATH_MAX];
    if ((!c->output && !c->also.len) || !realpath(c->path, root)) return 0; /* a bad PATH is reported by the scan */
    for (size_t i = 0; i <= c->also.len; i++) { /* -o, then every --also FILE */
        const char *file = i < c->also.len ? c->also.items[i].file : c->output;
        char *err = NULL;
        if (!file || output_check_target(file, root, &err) == 0) continue;
        int rc = fatal(err);
        free(err);
        return rc;
    }
    return 0;
}

static int session_open(session *s, int argc, char **argv)
{
    char *err = NULL;
    if (cli_parse_scan(argc, argv, &s->cli, &err) != 0) {
        int rc = fatal(err);
        free(err);
        return rc;
    }
    if (check_output(&s->cli) != 0) return 2;
    if (!(s->checklist = load_checklist(&s->rules_dir))) return 2;
    if (load_config(s) != 0) return 2;
    rules_repo repo = {s->cli.path, (const char *const *)s->config.rules, s->config.n_rules};
    if (!(s->rules = load_rules(s->rules_dir, &s->cli, &repo))) return 2;
    if (repo_config_check_disable(&s->config, s->rules, s->cli.disable.items, s->cli.disable.len,
                                  s->cli.only.len > 0, &err) != 0) {
        fprintf(stderr, "aiready: invalid configuration:\n%s", err);
        free(err);
        return 2;
    }
    if (!(s->calls = load_catalog(s->rules_dir))) return 2;
    /* read before the scan, so a bad baseline fails at once */
    if (s->cli.baseline && !s->cli.no_suppress && baseline_load(s->cli.baseline, &s->baseline, &err) != 0) {
        int rc = fatal(err);
        free(err);
        return rc;
    }
    return 0;
}

/* Gates are judged after the report is written; a failed one exits 1. */
static int judge_gates(const session *s, const scan_result *r)
{
    gate_outcomes gates = {0};
    gate_evaluate(r, s->cli.fail_on.items, s->cli.fail_on.len, &gates);
    int rc = emit(&s->cli, r, &gates, s->calls);
    char *warning = repo_config_warning(&r->repo);
    if (warning) fprintf(stderr, "aiready: %s\n", warning);
    free(warning);
    for (size_t i = 0; rc == 0 && i < gates.len; i++) {
        if (!gates.items[i].failed) continue;
        buf name = {0};
        gate_format(&gates.items[i].gate, &name);
        fprintf(stderr, "aiready: gate failed: --fail-on %s: %s\n", name.data, gates.items[i].detail);
        buf_free(&name);
    }
    if (rc == 0 && gate_any_failed(&gates)) rc = 1;
    gate_outcomes_free(&gates);
    return rc;
}

static int cmd_scan(int argc, char **argv)
{
    session s = {0};
    int rc = session_open(&s, argc, argv);
    if (rc != 0) {
        session_free(&s);
        return rc;
    }
    const char *ignored_by = config_ignored_by(&s.cli);
    scan_options opt = {s.cli.path, s.cli.jobs, s.cli.max_file_size, s.excludes.items, s.excludes.len,
                        s.cli.no_ignore, want_progress(&s.cli), s.checklist, s.rules, s.cli.no_suppress,
                        &s.config, s.calls, ignored_by ? repo_config_find(s.cli.path) : NULL, ignored_by,
                        s.cli.file_timeout_ms, s.cli.history};
    scan_result r;
    char *err = NULL;
    if (scan_run(&opt, &r, &err) != 0) {
        rc = fatal(err);
        free(err);
    } else {
        if (s.cli.baseline && !s.cli.no_suppress) baseline_apply(&s.baseline, &r);
        rc = judge_gates(&s, &r);
        scan_result_free(&r);
    }
    session_free(&s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("aiready %s\n", AIREADY_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "scan")) return cmd_scan(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain")) return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(cmd, "portfolio")) return portfolio_main(argc - 2, argv + 2, AIREADY_VERSION);
    if (!strcmp(cmd, "rules") && argc >= 3 && !strcmp(argv[2], "list")) return rules_cmd_list(argc - 3, argv + 3);
    if (!strcmp(cmd, "rules") && argc >= 3 && !strcmp(argv[2], "test")) return rules_cmd_test(argc - 3, argv + 3);
    fprintf(stderr, "aiready: unknown command '%s'\n%s", cmd, usage);
    return 2;
}
