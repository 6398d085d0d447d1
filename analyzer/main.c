/* aiready: command-line entry point. Parsing lives in cli.c, the work in scan.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist.h"
#include "cli.h"
#include "explain.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "scan.h"

#ifndef AIREADY_VERSION
#define AIREADY_VERSION "dev"
#endif

static const char usage[] =
    "usage: aiready scan [PATH] [options]     scan a repository (default: .)\n"
    "       aiready rules list|test [DIR...]      list the rules, or run their tests\n"
    "       aiready explain ITEM                  what a checklist item means and how it is judged\n"
    "       aiready --version | --help\n"
    "\n"
    "scan options:\n"
    "  --format text|json     report format (text on a terminal, json otherwise)\n"
    "  -o, --output FILE      write the report to FILE (atomically)\n"
    "  -j, --jobs N           worker threads (default: one per core)\n"
    "  --max-file-size SIZE   skip larger files (default 2MB)\n"
    "  --exclude GLOB         skip matching paths (gitignore syntax; repeatable)\n"
    "  --no-ignore            do not read .gitignore files\n"
    "  --no-progress          never show progress\n"
    "  -v, --verbose          list all evidence in the text report\n"
    "  --rules DIR            also load the rules in DIR (repeatable)\n"
    "  --only RULE_ID         run only these rules (repeatable)\n"
    "  --disable RULE_ID      do not run this rule (repeatable)\n"
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

static int emit(const cli_scan *c, const scan_result *r)
{
    bool tty = isatty(STDOUT_FILENO) && !c->output;
    cli_format fmt = c->format != FORMAT_DEFAULT ? c->format : (tty ? FORMAT_TEXT : FORMAT_JSON);
    const char *no_color = getenv("NO_COLOR");
    report_options ro = {tty && !(no_color && *no_color), c->verbose, AIREADY_VERSION};
    buf out = {0};
    if (fmt == FORMAT_JSON) report_json(r, &ro, &out);
    else report_text(r, &ro, &out);
    int rc = 0;
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

/* The shipped rules plus --rules folders, with --only / --disable; NULL after saying why. */
static ruleset *load_rules(const char *rules_dir, const cli_scan *c)
{
    VEC(const char *) dirs = {0};
    VEC_PUSH(&dirs, rules_dir);
    for (size_t i = 0; i < c->rule_dirs.len; i++) VEC_PUSH(&dirs, c->rule_dirs.items[i]);
    rules_select sel = {c->only.items, c->only.len, c->disable.items, c->disable.len};
    char *err = NULL;
    ruleset *rs = rules_load(dirs.items, dirs.len, &sel, &err);
    free(dirs.items);
    if (!rs) {
        fprintf(stderr, "aiready: invalid rules:\n%s\n", err);
        free(err);
    }
    return rs;
}

static int cmd_explain(int argc, char **argv)
{
    if (argc != 1) return fatal("usage: aiready explain ITEM (a checklist item number, 1-50)");
    char *dir;
    checklist *cl = load_checklist(&dir);
    if (!cl) { free(dir); return 2; }
    int item = 0;
    int rc = 0;
    if (!explain_parse_item(argv[0], &item)) {
        rc = fatal("explain takes a checklist item number from 1 to 50");
    } else {
        buf out = {0};
        explain_item(cl, item, &out);
        fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
    }
    checklist_free(cl);
    free(dir);
    return rc;
}

static int cmd_scan(int argc, char **argv)
{
    cli_scan c;
    char *err = NULL;
    if (cli_parse_scan(argc, argv, &c, &err) != 0) {
        int rc = fatal(err);
        free(err);
        cli_scan_free(&c);
        return rc;
    }
    char *rules_dir;
    checklist *cl = load_checklist(&rules_dir);
    if (!cl) {
        free(rules_dir);
        cli_scan_free(&c);
        return 2;
    }
    ruleset *rules = load_rules(rules_dir, &c);
    if (!rules) {
        checklist_free(cl);
        free(rules_dir);
        cli_scan_free(&c);
        return 2;
    }
    scan_options opt = {c.path, c.jobs, c.max_file_size, c.excludes.items, c.excludes.len,
                        c.no_ignore, want_progress(&c), cl, rules};
    scan_result r;
    int rc;
    if (scan_run(&opt, &r, &err) != 0) {
        rc = fatal(err);
        free(err);
    } else {
        rc = emit(&c, &r);
        scan_result_free(&r);
    }
    rules_free(rules);
    checklist_free(cl);
    free(rules_dir);
    cli_scan_free(&c);
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
    if (!strcmp(cmd, "rules") && argc >= 3 && !strcmp(argv[2], "list")) return rules_cmd_list(argc - 3, argv + 3);
    if (!strcmp(cmd, "rules") && argc >= 3 && !strcmp(argv[2], "test")) return rules_cmd_test(argc - 3, argv + 3);
    fprintf(stderr, "aiready: unknown command '%s'\n%s", cmd, usage);
    return 2;
}
