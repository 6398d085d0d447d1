/* aiready: command-line entry point. Parsing lives in cli.c, the work in scan.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
#include "rule_text.h"
#include "rules.h"
#include "scan.h"
#include "scan_diff.h"

#ifndef AIREADY_VERSION
#define AIREADY_VERSION "dev"
#endif

/* The help of each command (`aiready help CMD`, `aiready CMD --help`); the table of
 * commands at the end of this file names them. */
static const char usage[] =
    "usage: aiready COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  scan [PATH]            scan a repository (default: .) and report its readiness\n"
    "  portfolio DIR...       scan many repositories and compare them (docs/portfolio.md)\n"
    "  rules list|test [DIR]  list the rules, or run their tests\n"
    "  explain ITEM|RULE_ID   what an item or a rule means, how it is judged\n"
    "  help [COMMAND]         this text, or the options of COMMAND\n"
    "\n"
    "  aiready --version      the version\n"
    "  aiready COMMAND --help the options of COMMAND\n"
    "\n"
    "exit status: 0 done, 1 a --fail-on gate failed (scan) or a rule test failed (rules test),\n"
    "2 usage or fatal error (one line on standard error)\n";

static const char scan_help[] =
    "usage: aiready scan [PATH] [options]\n"
    "Scans the repository at PATH (default: .) and reports its findings and readiness.\n"
    "\n"
    "output:\n"
    "  -o, --output FILE      write the report to FILE (repeatable: one scan, several\n"
    "                         reports). The format follows the extension: .json .sarif\n"
    "                         .md .html .txt .cdx.json; - is standard output; a regular file\n"
    "                         is replaced atomically, a device or FIFO written directly\n"
    "  --format FORMAT        text, json, sarif, markdown, html or cyclonedx (the AI bill of\n"
    "                         materials), for every -o (default: the file's extension; on\n"
    "                         standard output text on a terminal, json otherwise)\n"
    "  --also FORMAT=FILE     -o FILE in FORMAT, whatever --format and the extension say\n"
    "                         (repeatable)\n"
    "  -q, --quiet            only the decision line, gate results and errors (reports still\n"
    "                         go to -o files)\n"
    "  -v, --verbose          the text report lists all evidence and every Needs Review item\n"
    "  --doc-base URL         where docs/ is published, for links in SARIF and Markdown\n"
    "  --markdown-limit SIZE  keep the Markdown report under SIZE (default 60000, for a\n"
    "                         pull-request comment; 0: no limit): blockers and new findings\n"
    "                         first, the rest summarised with counts\n"
    "  --no-progress          never show progress\n"
    "\n"
    "what is scanned:\n"
    "  -j, --jobs N           worker threads (default: one per core)\n"
    "  --max-file-size SIZE   skip larger files (default 2MB)\n"
    "  --file-timeout SECONDS time allowed to parse and analyse one file's tree (default\n"
    "                         10, 0: no limit); past it the file's errors say what was cut\n"
    "  --exclude GLOB         skip matching paths (gitignore syntax; repeatable)\n"
    "  --no-ignore            do not read .gitignore files\n"
    "  --rules DIR            also load the rules in DIR (repeatable)\n"
    "  --only RULE_ID         report only these rules (repeatable; ids: aiready rules list)\n"
    "  --disable RULE_ID      leave this rule out (repeatable; ids: aiready rules list)\n"
    "\n"
    "changed code only:\n"
    "  --diff REF             report only findings on lines changed between REF and HEAD\n"
    "                         (items and score are still judged on the whole tree)\n"
    "  --staged               report only findings on lines staged for commit (pre-commit)\n"
    "\n"
    "gates and suppressions:\n"
    "  --fail-on GATE         exit 1 when the gate fails: blocker, critical, rebuild or\n"
    "                         score:N (repeatable, or comma-separated)\n"
    "  --baseline FILE        a previous JSON report: its findings do not fail gates\n"
    "  --no-repo-config       ignore the scanned repository's .aiready.yml (its excludes,\n"
    "                         disabled rules, rule folders, waivers and attestations)\n"
    "  --no-suppress          ignore aiready-ignore comments, the baseline and the\n"
    "                         repository's .aiready.yml (audits; implies --no-repo-config)\n"
    "  --history              also search every blob in the git history for secrets\n"
    "                         (docs/history.md)\n"
    "\n"
    "exit status: 0 scan completed, 1 a gate failed, 2 usage or fatal error\n";

static const char rules_help[] =
    "usage: aiready rules list [DIR...] [--rules DIR]... [--only ID]... [--disable ID]...\n"
    "       aiready rules test [DIR...] [--rules DIR]... [--only ID]... [--disable ID]...\n"
    "list: one line per rule (id, items, severity, message), the ids the analysis stages\n"
    "emit (model-call.*, ...) included. test: runs every rule file's own tests\n"
    "(docs/rules.md). DIR defaults to the shipped rules folder.\n"
    "\n"
    "exit status: 0 done, 1 a rule test failed, 2 usage or fatal error\n";

static const char explain_help[] =
    "usage: aiready explain ITEM|RULE_ID\n"
    "What checklist item ITEM (1-50) asks and how it is judged, or what rule RULE_ID finds\n"
    "and which items it counts for (`aiready rules list` lists the ids).\n";

static const char portfolio_help[] =
    "usage: aiready portfolio DIR... [--list FILE] [-o OUTDIR] [--jobs N] [--history]\n"
    "                         [--exclude GLOB]... [--max-file-size SIZE] [--no-ignore] [--no-suppress]\n"
    "Scans each repository (DIR..., or one path a line in FILE) with `aiready scan`, N at once,\n"
    "and writes OUTDIR/portfolio.json, .md and .html comparing them, with each repository's\n"
    "own JSON and HTML report under OUTDIR/repos/ (default OUTDIR: aiready-portfolio).\n"
    "The other options are passed to every scan. docs/portfolio.md\n"
    "\n"
    "exit status: 0 every repository scanned, 1 some could not be, 2 usage or fatal error\n";

static const char help_help[] =
    "usage: aiready help [COMMAND]\n"
    "The commands, or the options of COMMAND.\n";

/* Prints "aiready: what: detail" on one line: the lines of a multi-line detail (one per
 * problem) are joined with "; ". Returns 2. */
static int fatal_detail(const char *what, const char *detail)
{
    buf line = {0};
    buf_printf(&line, "aiready: %s", what);
    const char *sep = ": ";
    for (const char *p = detail ? detail : ""; *p;) {
        size_t n = strcspn(p, "\n");
        if (n) {
            buf_printf(&line, "%s%.*s", sep, (int)n, p);
            sep = "; ";
        }
        p += n + (p[n] == '\n');
    }
    fprintf(stderr, "%s\n", line.data);
    buf_free(&line);
    return 2;
}

static int fatal(const char *msg)
{
    fprintf(stderr, "aiready: %s\n", msg);
    return 2;
}

static bool want_progress(const cli_scan *c)
{
    const char *ci = getenv("CI");
    return !c->no_progress && !c->quiet && isatty(STDERR_FILENO) && !(ci && *ci && strcmp(ci, "false") != 0);
}

/* The format of one output: its own, else text on a terminal and JSON elsewhere. */
static cli_format output_format(const cli_output *o)
{
    if (o->format != FORMAT_DEFAULT) return o->format;
    return !o->path && isatty(STDOUT_FILENO) ? FORMAT_TEXT : FORMAT_JSON;
}

/* Where the text report wraps: the terminal's width on a terminal, else $COLUMNS, else 100. */
static size_t text_width(const cli_output *o)
{
    struct winsize ws;
    if (!o->path && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    long n = cols && *cols ? strtol(cols, NULL, 10) : 0;
    return n >= 40 && n <= 1000 ? (size_t)n : 100;
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

static int write_one(const cli_output *o, const buf *out)
{
    if (o->path) {
        char *err = NULL;
        if (output_write_atomic(o->path, out->data ? out->data : "", out->len, &err) == 0) return 0;
        int rc = fatal(err);
        free(err);
        return rc;
    }
    if (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) != 0)
        return fatal("cannot write the report to standard output");
    return 0;
}

/* Whether some -o names where the report goes (--also files add to standard output). */
static bool has_plain_output(const cli_scan *c)
{
    for (size_t i = 0; i < c->outputs.len; i++)
        if (!c->outputs.items[i].fixed) return true;
    return false;
}

/* Every -o and --also from the one scan; standard output too when no -o names where the
 * report goes, unless --quiet. */
static int emit(const cli_scan *c, const ruleset *rules, const calls_catalog *cat, const scan_result *r,
                const gate_outcomes *gates)
{
    size_t n = c->outputs.len;
    cli_output *outs = xcalloc(n + 1, sizeof *outs);
    if (n) memcpy(outs, c->outputs.items, n * sizeof *outs);
    if (!has_plain_output(c) && !c->quiet) outs[n++] = (cli_output){NULL, c->format, false};
    const char *no_color = getenv("NO_COLOR");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        bool color = !outs[i].path && isatty(STDOUT_FILENO) && !(no_color && *no_color);
        report_options ro = {.color = color, .verbose = c->verbose, .tool_version = AIREADY_VERSION, .gates = gates,
                             .doc_base = c->doc_base, .calls = cat, .markdown_limit = c->markdown_limit,
                             .rules = rules, .width = text_width(&outs[i])};
        buf out = {0};
        render(output_format(&outs[i]), r, &ro, &out);
        rc = write_one(&outs[i], &out);
        buf_free(&out);
    }
    free(outs);
    return rc;
}

/* --quiet: the decision line, on standard output unless a report is written there. */
static void print_decision(const cli_scan *c, const scan_result *r)
{
    bool report_on_stdout = false;
    for (size_t i = 0; i < c->outputs.len; i++) report_on_stdout |= !c->outputs.items[i].path;
    buf line = {0};
    report_decision_line(r, &line);
    fprintf(report_on_stdout ? stderr : stdout, "%s\n", line.data);
    if (!report_on_stdout) fflush(stdout);
    buf_free(&line);
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
        fatal_detail("invalid checklist", err);
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
    rules_select sel = {c->only.items, c->only.len, c->disable.items, c->disable.len, rule_text_is_stage};
    char *err = NULL;
    ruleset *rs = rules_load_with_repo(dirs.items, dirs.len, repo, &sel, &err);
    free(dirs.items);
    if (!rs) {
        fatal_detail("invalid rules", err);
        free(err);
    }
    return rs;
}

static int cmd_portfolio(int argc, char **argv)
{
    return portfolio_main(argc, argv, AIREADY_VERSION);
}

static int cmd_explain(int argc, char **argv)
{
    if (argc != 1) return fatal("explain takes one ITEM (1-50) or RULE_ID (see aiready explain --help)");
    char *dir;
    checklist *cl = load_checklist(&dir);
    if (!cl) { free(dir); return 2; }
    int item = 0, rc = 0;
    buf out = {0};
    if (explain_parse_item(argv[0], &item)) {
        explain_item(cl, item, &out);
    } else if (rule_text_is_stage(argv[0])) {
        explain_rule(cl, NULL, dir, argv[0], &out); /* needs no rule file: no need to load them */
    } else {
        cli_scan none = {0};
        ruleset *rs = load_rules(dir, &none, NULL);
        if (!rs) rc = 2;
        else if (!explain_rule(cl, rs, dir, argv[0], &out))
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
        fatal_detail("invalid SDK catalog", err);
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
        fatal_detail("invalid configuration", err);
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
    if (!c->outputs.len || !realpath(c->path, root)) return 0; /* a bad PATH is reported by the scan */
    for (size_t i = 0; i < c->outputs.len; i++) {
        char *err = NULL;
        if (!c->outputs.items[i].path || output_check_target(c->outputs.items[i].path, root, &err) == 0) continue;
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
        fatal_detail("invalid configuration", err);
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
    int rc = emit(&s->cli, s->rules, s->calls, r, &gates);
    if (rc == 0 && s->cli.quiet && r->checklist) print_decision(&s->cli, r);
    char *warning = s->cli.quiet ? NULL : repo_config_warning(&r->repo);
    if (warning) fprintf(stderr, "aiready: %s\n", warning);
    free(warning);
    report_warnings mistakes = {0};
    if (!s->cli.quiet) report_warnings_collect(r, &mistakes);
    for (size_t i = 0; i < mistakes.len && i < 10; i++) fprintf(stderr, "aiready: warning: %s\n", mistakes.items[i]);
    if (mistakes.len > 10) fprintf(stderr, "aiready: warning: and %zu more (see the report)\n", mistakes.len - 10);
    report_warnings_free(&mistakes);
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

/* --diff REF / --staged: only the findings on changed lines are reported; the items and
 * the score stay judged on the whole tree. Returns 0, or 2 after saying why. */
static int keep_changed(const cli_scan *c, scan_result *r)
{
    if (!c->diff_ref && !c->staged) return 0;
    gitdiff d;
    char *err = NULL;
    if (gitdiff_read(c->path, c->diff_ref, c->staged, &d, &err) != 0) {
        int rc = fatal(err);
        free(err);
        return rc;
    }
    scan_keep_changed(r, &d);
    gitdiff_free(&d);
    return 0;
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
    } else if (keep_changed(&s.cli, &r) != 0) {
        rc = 2;
        scan_result_free(&r);
    } else {
        if (s.cli.baseline && !s.cli.no_suppress) baseline_apply(&s.baseline, &r);
        rc = judge_gates(&s, &r);
        scan_result_free(&r);
    }
    session_free(&s);
    return rc;
}

/* `aiready rules list|test ...` */
static int cmd_rules(int argc, char **argv)
{
    if (argc >= 1 && !strcmp(argv[0], "list")) return rules_cmd_list(argc - 1, argv + 1);
    if (argc >= 1 && !strcmp(argv[0], "test")) return rules_cmd_test(argc - 1, argv + 1);
    if (argc == 0) return fatal("rules needs a subcommand: list or test (see aiready rules --help)");
    fprintf(stderr, "aiready: unknown rules subcommand '%s' (list or test; see aiready rules --help)\n", argv[0]);
    return 2;
}

static int cmd_help(int argc, char **argv);

/* The commands; a new command is one row and its help text. */
typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"scan", cmd_scan, scan_help},
    {"rules", cmd_rules, rules_help},
    {"explain", cmd_explain, explain_help},
    {"portfolio", cmd_portfolio, portfolio_help},
    {"help", cmd_help, help_help},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(commands[i].name, name)) return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    buf names = {0};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        buf_printf(&names, "%s%s", i ? ", " : "", commands[i].name);
    fprintf(stderr, "aiready: unknown command '%s' (%s; see aiready --help)\n", name, names.data);
    buf_free(&names);
    return 2;
}

static int cmd_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc > 1) return fatal("help takes one COMMAND (see aiready --help)");
    const command *c = find_command(argv[0]);
    if (!c) return unknown_command(argv[0]);
    fputs(c->help, stdout);
    return 0;
}

/* -h or --help among a command's options (before "--") asks for its help. */
static bool asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 2) return fatal("no command given (scan, portfolio, rules, explain or help; see aiready --help)");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) return cmd_help(0, NULL);
    if (!strcmp(cmd, "--version")) {
        printf("aiready %s\n", AIREADY_VERSION);
        return 0;
    }
    const command *c = find_command(cmd);
    if (!c) return unknown_command(cmd);
    if (c->run != cmd_help && asks_help(argc - 2, argv + 2)) {
        fputs(c->help, stdout);
        return 0;
    }
    return c->run(argc - 2, argv + 2);
}
