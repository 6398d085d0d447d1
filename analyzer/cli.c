#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"

bool cli_parse_size(const char *s, size_t *out)
{
    /* Digits first: strtoull would skip blanks and accept a sign, turning " -1" into
     * the largest size. */
    if (*s < '0' || *s > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno) return false;
    unsigned long long mult = 1;
    if (*end) {
        if (!strcasecmp(end, "k") || !strcasecmp(end, "kb") || !strcasecmp(end, "kib")) mult = 1024ULL;
        else if (!strcasecmp(end, "m") || !strcasecmp(end, "mb") || !strcasecmp(end, "mib")) mult = 1024ULL * 1024;
        else if (!strcasecmp(end, "g") || !strcasecmp(end, "gb") || !strcasecmp(end, "gib")) mult = 1024ULL * 1024 * 1024;
        else if (!strcasecmp(end, "b")) mult = 1;
        else return false;
    }
    if (v > (unsigned long long)SIZE_MAX / mult) return false;
    *out = (size_t)(v * mult);
    return true;
}

static int usage_error(char **err, const char *fmt, const char *arg)
{
    buf m = {0};
    buf_printf(&m, fmt, arg);
    *err = buf_take(&m);
    return -1;
}

/* Accepts "--name value" and "--name=value". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

/* The formats by name and by file extension; a new format is one row. */
static const struct {
    const char *name;
    cli_format format;
    const char *extensions; /* space-separated, with the dot */
} formats[] = {
    {"text", FORMAT_TEXT, ".txt .text"},
    {"json", FORMAT_JSON, ".json"},
    {"sarif", FORMAT_SARIF, ".sarif"},
    {"markdown", FORMAT_MARKDOWN, ".md .markdown"},
    {"md", FORMAT_MARKDOWN, ""},
    {"html", FORMAT_HTML, ".html .htm"},
    {"cyclonedx", FORMAT_CYCLONEDX, ".cdx.json .cdx"},
};

cli_format cli_format_named(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(name, formats[i].name)) return formats[i].format;
    return FORMAT_DEFAULT;
}

/* The longest extension of the table that ends the file name (".cdx.json" before ".json"),
 * compared without case; a name that is only the extension (".json") has none. */
cli_format cli_format_for_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(base), best = 0;
    cli_format found = FORMAT_DEFAULT;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        for (const char *e = formats[i].extensions; *e;) {
            size_t m = strcspn(e, " ");
            if (m < len && m > best && !strncasecmp(e, base + len - m, m)) {
                best = m;
                found = formats[i].format;
            }
            e += m + (e[m] == ' ');
        }
    }
    return found;
}

static int parse_format(const char *v, cli_scan *out, char **err)
{
    out->format = cli_format_named(v);
    if (out->format == FORMAT_DEFAULT)
        return usage_error(err, "unknown --format '%s' (text, json, sarif, markdown, html, cyclonedx)", v);
    return 0;
}

/* -o FILE (format NULL: --format or the extension decides) or --also FORMAT=FILE (that
 * format, whatever --format says); each file once, "-" being standard output. */
static int add_output(const char *v, const char *format, cli_scan *out, char **err)
{
    const char *path = strcmp(v, "-") ? v : NULL; /* a file named '-' is "./-" */
    for (size_t k = 0; k < out->outputs.len; k++) {
        const char *p = out->outputs.items[k].path;
        if ((!p && !path) || (p && path && !strcmp(p, path))) return usage_error(err, "-o '%s' is given twice", v);
    }
    cli_output o = {path, FORMAT_DEFAULT, false};
    if (format) {
        o.format = cli_format_named(format);
        o.fixed = true;
        if (o.format == FORMAT_DEFAULT)
            return usage_error(err, "unknown --also format '%s' (text, json, sarif, markdown, html, cyclonedx)", format);
    }
    VEC_PUSH(&out->outputs, o);
    return 0;
}

/* --also FORMAT=FILE: -o FILE in FORMAT, kept for scripts that name the format. */
static int parse_also(const char *v, cli_scan *out, char **err)
{
    const char *eq = strchr(v, '=');
    if (!eq || eq == v || !eq[1]) return usage_error(err, "--also takes FORMAT=FILE (e.g. html=report.html), not '%s'", v);
    char *fmt = xstrndup(v, (size_t)(eq - v));
    int rc = add_output(eq + 1, fmt, out, err);
    free(fmt);
    return rc;
}

/* --format applies to every -o; without it each file's extension decides (--also files
 * keep their own format). */
static void resolve_outputs(cli_scan *out)
{
    for (size_t i = 0; i < out->outputs.len; i++) {
        cli_output *o = &out->outputs.items[i];
        if (o->fixed) continue;
        o->format = out->format != FORMAT_DEFAULT ? out->format : o->path ? cli_format_for_path(o->path) : FORMAT_DEFAULT;
    }
    out->output = out->outputs.len ? out->outputs.items[0].path : NULL;
}

/* "blocker", "score:30", or several separated by commas. */
static int parse_fail_on(const char *v, cli_scan *out, char **err)
{
    if (!*v) return usage_error(err, "%s", "--fail-on needs a gate: blocker, critical, rebuild or score:N");
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char *one = xstrndup(p, n);
        gate g;
        bool ok = gate_parse(one, &g);
        free(one);
        if (!ok)
            return usage_error(err, "unknown --fail-on '%s' (blocker, critical, rebuild, score:N with N from 0 to 50)", v);
        VEC_PUSH(&out->fail_on, g);
        if (!comma) return 0;
        p = comma + 1;
    }
}

static int parse_jobs(const char *v, cli_scan *out, char **err)
{
    char *end;
    long n = strtol(v, &end, 10);
    /* Digits only: strtol also accepts " 3" and "+3". */
    if (*v < '0' || *v > '9' || *end || n < 1 || n > 256) return usage_error(err, "--jobs takes a number from 1 to 256, not '%s'", v);
    out->jobs = (int)n;
    return 0;
}

/* --file-timeout SECONDS: whole seconds, 0 for none, at most a day. */
static int parse_file_timeout(const char *v, cli_scan *out, char **err)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || n < 0 || n > 86400)
        return usage_error(err, "--file-timeout takes whole seconds from 0 (no limit) to 86400, not '%s'", v);
    out->file_timeout_ms = (uint32_t)n * 1000u;
    return 0;
}

int cli_parse_scan(int argc, char **argv, cli_scan *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->max_file_size = 2u * 1024 * 1024;
    out->file_timeout_ms = BOUNDS_FILE_TIMEOUT_MS;
    out->markdown_limit = CLI_MARKDOWN_LIMIT;
    bool options_end = false; /* after "--" every argument is a PATH */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        int rc = 0;
        if (options_end || (a[0] != '-' || a[1] == '\0')) {
            if (out->path) return usage_error(err, "only one PATH may be scanned, got another: '%s'", a);
            out->path = a;
            continue;
        }
        if (!strcmp(a, "--")) options_end = true;
        else if ((v = option_value(argc, argv, &i, "--format"))) rc = parse_format(v, out, err);
        else if ((v = option_value(argc, argv, &i, "--output")) || (v = option_value(argc, argv, &i, "-o"))) {
            if (!*v) return usage_error(err, "%s needs a file name", a);
            rc = add_output(v, NULL, out, err);
        } else if ((v = option_value(argc, argv, &i, "--jobs")) || (v = option_value(argc, argv, &i, "-j")))
            rc = parse_jobs(v, out, err);
        else if ((v = option_value(argc, argv, &i, "--max-file-size"))) {
            if (!cli_parse_size(v, &out->max_file_size) || out->max_file_size == 0)
                return usage_error(err, "--max-file-size takes a size such as 2MB or 500k, not '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--file-timeout"))) {
            rc = parse_file_timeout(v, out, err);
        } else if ((v = option_value(argc, argv, &i, "--markdown-limit"))) {
            if (!cli_parse_size(v, &out->markdown_limit) || (out->markdown_limit && out->markdown_limit < 4096))
                return usage_error(err, "--markdown-limit takes a size of at least 4k, or 0 for none, not '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--exclude"))) {
            if (!*v) return usage_error(err, "%s needs a glob", a);
            VEC_PUSH(&out->excludes, v);
        } else if ((v = option_value(argc, argv, &i, "--rules"))) {
            if (!*v) return usage_error(err, "%s needs a folder", a);
            VEC_PUSH(&out->rule_dirs, v);
        } else if ((v = option_value(argc, argv, &i, "--only"))) {
            if (!*v) return usage_error(err, "%s needs a rule id", a);
            VEC_PUSH(&out->only, v);
        } else if ((v = option_value(argc, argv, &i, "--disable"))) {
            if (!*v) return usage_error(err, "%s needs a rule id", a);
            VEC_PUSH(&out->disable, v);
        } else if ((v = option_value(argc, argv, &i, "--fail-on"))) rc = parse_fail_on(v, out, err);
        else if ((v = option_value(argc, argv, &i, "--baseline"))) {
            if (!*v) return usage_error(err, "%s needs a file (a previous --format json report)", a);
            out->baseline = v;
        } else if ((v = option_value(argc, argv, &i, "--doc-base"))) {
            if (!*v) return usage_error(err, "%s needs a URL", a);
            out->doc_base = v;
        } else if ((v = option_value(argc, argv, &i, "--diff"))) {
            if (!*v || *v == '-') return usage_error(err, "--diff needs a commit (a branch, tag or hash), not '%s'", v);
            out->diff_ref = v;
        } else if (!strcmp(a, "--staged")) out->staged = true;
        else if (!strcmp(a, "--no-suppress")) out->no_suppress = true;
        else if (!strcmp(a, "--no-repo-config")) out->no_repo_config = true;
        else if (!strcmp(a, "--history")) out->history = true;
        else if ((v = option_value(argc, argv, &i, "--also"))) rc = parse_also(v, out, err);
        else if (!strcmp(a, "--no-ignore")) out->no_ignore = true;
        else if (!strcmp(a, "--no-progress")) out->no_progress = true;
        else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) out->verbose = true;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) out->quiet = true;
        else return usage_error(err, "unknown option '%s' (see aiready scan --help)", a);
        if (rc) return rc;
    }
    if (!out->path) out->path = ".";
    if (out->quiet && out->verbose) return usage_error(err, "%s", "--quiet and --verbose contradict each other");
    resolve_outputs(out);
    return 0;
}

void cli_scan_free(cli_scan *c)
{
    VEC_FREE(&c->outputs);
    VEC_FREE(&c->excludes);
    VEC_FREE(&c->rule_dirs);
    VEC_FREE(&c->only);
    VEC_FREE(&c->disable);
    VEC_FREE(&c->fail_on);
}
