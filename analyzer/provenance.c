#include "provenance.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* ---- path ----------------------------------------------------------------------- */

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool ends_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool starts_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_ci(const char *s, const char *needle)
{
    size_t m = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, m) == 0) return true;
    return false;
}

static bool in_list(const char *seg, size_t n, const char *const *list)
{
    for (const char *const *w = list; *w; w++)
        if (strlen(*w) == n && strncasecmp(*w, seg, n) == 0) return true;
    return false;
}

/* Directory names and what they make of everything beneath them. */
typedef struct dir_rule {
    const char *const *names;
    const char *why;
} dir_rule;

static const char *const test_dirs[] = {"test", "tests", "__tests__", "__mocks__", "spec", "specs",
    "fixtures", "fixture", "testdata", "test_data", "cassettes", "e2e", "mocks", NULL};
static const char *const example_dirs[] = {"example", "examples", "sample", "samples", "tutorial",
    "tutorials", "playground", NULL};
static const char *const script_dirs[] = {"scripts", "script", NULL};
static const char *const vendored_dirs[] = {"vendor", "vendors", "vendored", "third_party",
    "third-party", "thirdparty", "external", "node_modules", "site-packages", ".venv", "venv",
    "bower_components", NULL};
static const char *const data_dirs[] = {"data", "dataset", "datasets", "corpus", "dumps", "dump",
    "exports", "seed_data", NULL};
static const char *const dead_dirs[] = {"old", "deprecated", "archive", "archived", "legacy",
    "unused", "attic", "_old", "bak", NULL};
static const char *const translation_dirs[] = {"locales", "locale", "i18n", "l10n",
    "translations", "translation", NULL};

static const dir_rule dir_rules[] = {
    {vendored_dirs, "vendored"}, {test_dirs, "test"}, {example_dirs, "example"},
    {dead_dirs, "dead-code"},    {data_dirs, "data"}, {translation_dirs, "translation"},
    {script_dirs, "script"},
};

static const char *const doc_dirs[] = {"docs", "doc", "documentation", "wiki", "runbooks",
    "runbook", "playbooks", "policies", "adr", NULL};

/* Language codes that name a translated copy (docs/zh/..., README.ko.md). */
static const char *const lang_codes[] = {"zh", "zh-cn", "zh_cn", "zh-tw", "zh_tw", "zh-hans",
    "zh-hant", "cn", "tw", "ja", "jp", "ko", "kr", "es", "fr", "de", "pt", "pt-br", "pt_br", "ru",
    "it", "vi", "tr", "ar", "fa", "hi", "id", "th", "pl", "nl", "uk", "he", "en", "en-us", NULL};

static const char *dir_reason(const char *path, bool *under_docs, bool *lang_dir)
{
    const char *seg = path;
    for (const char *p = path; *p; p++) {
        if (*p != '/') continue;
        size_t n = (size_t)(p - seg);
        for (size_t r = 0; r < sizeof dir_rules / sizeof *dir_rules; r++)
            if (in_list(seg, n, dir_rules[r].names)) return dir_rules[r].why;
        if (in_list(seg, n, doc_dirs)) *under_docs = true;
        if (in_list(seg, n, lang_codes)) *lang_dir = true;
        seg = p + 1;
    }
    return NULL;
}

static bool is_test_file(const char *b)
{
    if (ends_ci(b, ".py") && (starts_ci(b, "test_") || ends_ci(b, "_test.py") || !strcmp(b, "conftest.py")))
        return true;
    return strstr(b, ".test.") || strstr(b, ".spec.") || strstr(b, "_test.") || strstr(b, ".stories.");
}

/* .env.example, example.env, env.sample, config.yaml.example, settings.template.json; not
 * template.yaml / template.yml / template.json, the default name of an AWS SAM or
 * CloudFormation template that `sam deploy` applies. */
static bool is_example_file(const char *b)
{
    static const char *const deployed[] = {"template.yaml", "template.yml", "template.json", NULL};
    for (const char *const *d = deployed; *d; d++)
        if (!strcmp(b, *d)) return false;
    static const char *const marks[] = {"example", "sample", "template", ".dist", "tmpl", NULL};
    for (const char *const *m = marks; *m; m++)
        if (has_ci(b, *m)) return true;
    return false;
}

static bool is_env_like(const char *b)
{
    return starts_ci(b, ".env") || starts_ci(b, "env.") || ends_ci(b, ".env") || has_ci(b, ".env.");
}

/* README.ko.md, README_zh-CN.md, README-ja.md: a translated copy. */
static bool is_translated_doc(const char *b)
{
    if (!starts_ci(b, "readme") || (b[6] != '.' && b[6] != '_' && b[6] != '-')) return false;
    const char *code = b + 7;
    const char *dot = strchr(code, '.');
    if (!dot || dot == code) return false; /* README.md */
    return in_list(code, (size_t)(dot - code), lang_codes);
}

/* Well-known third-party bundles committed as single files. */
static bool is_vendored_bundle(const char *b)
{
    static const char *const names[] = {"pdf.worker", "pdf.mjs", "jquery", "bootstrap.", "lodash.",
        "purify.", "highlight.pack", "mathjax", NULL};
    if (!ends_ci(b, ".js") && !ends_ci(b, ".mjs")) return false;
    for (const char *const *n = names; *n; n++)
        if (starts_ci(b, *n)) return true;
    return false;
}

static bool has_ext(const char *b, const char *const *exts)
{
    for (const char *const *e = exts; *e; e++)
        if (ends_ci(b, *e)) return true;
    return false;
}

static const char *const code_exts[] = {".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts",
    ".cts", ".tsx", ".go", ".java", ".kt", ".rb", ".rs", ".php", ".cs", ".swift", ".scala", ".html",
    ".htm", ".vue", ".svelte", ".astro", ".jinja", ".jinja2", ".j2", ".ejs", ".hbs", ".erb", NULL};
static const char *const config_exts[] = {".yml", ".yaml", ".json", ".jsonc", ".json5", ".toml", ".prisma", ".rules", ".ini", ".cfg", ".tf",
    ".tfvars", ".hcl", ".conf", ".env", ".properties", ".sh", ".bash", ".sql", ".lock", ".nix", NULL};
static const char *const doc_exts[] = {".md", ".markdown", ".mdx", ".rst", ".adoc", NULL};
static const char *const data_exts[] = {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".log",
    ".pdf", ".xlsx", ".xls", ".pkl", ".npy", ".txt", ".xml", NULL};
static const char *const config_names[] = {"Dockerfile", "Containerfile", "Procfile", "Makefile",
    "Jenkinsfile", "CODEOWNERS", ".dockerignore", ".gitignore", "Pipfile", "Gemfile", "Caddyfile",
    "nginx.conf", NULL};
/* Documents by name wherever they are: README, SECURITY, RUNBOOK ... (any extension). */
static const char *const doc_stems[] = {"readme", "security", "runbook", "changelog", "contributing",
    "governance", "incident", "postmortem", "post-mortem", "sla", "slo", "oncall", "on-call",
    "privacy", "license", "owners", "maintainers", NULL};

static bool is_doc_name(const char *b)
{
    for (const char *const *s = doc_stems; *s; s++) {
        size_t n = strlen(*s);
        if (strncasecmp(b, *s, n) == 0 && (b[n] == '\0' || b[n] == '.' || b[n] == '_' || b[n] == '-'))
            return true;
    }
    return false;
}

static provenance_info info(provenance k, const char *why)
{
    provenance_info i = {k, why};
    return i;
}

/* A file outside every "other" directory, judged by its name. */
static provenance_info by_name(const char *path, const char *b, bool under_docs, bool lang_dir)
{
    if (is_test_file(b)) return info(PROV_OTHER, "test");
    if (ends_ci(b, ".ipynb")) return info(PROV_OTHER, "notebook");
    if (is_vendored_bundle(b)) return info(PROV_OTHER, "vendored");
    if (is_translated_doc(b)) return info(PROV_OTHER, "translation");
    if (strstr(path, ".github/ISSUE_TEMPLATE") || strstr(path, ".github/PULL_REQUEST_TEMPLATE")
        || starts_ci(b, "pull_request_template"))
        return info(PROV_OTHER, "template");
    bool doc = has_ext(b, doc_exts) || is_doc_name(b);
    if (doc || (under_docs && ends_ci(b, ".txt"))) {
        /* a post-mortem or incident template is the project's own process document */
        if (has_ci(b, "example") || has_ci(b, "sample")) return info(PROV_OTHER, "example");
        if (lang_dir) return info(PROV_OTHER, "translation");
        return info(PROV_DOCS, "docs");
    }
    if (is_env_like(b) && is_example_file(b)) return info(PROV_OTHER, "example-env");
    if (under_docs) return info(PROV_OTHER, "example"); /* code or config illustrating the docs */
    if (!strcmp(b, "CODEOWNERS")) return info(PROV_DOCS, "docs");
    if (has_ext(b, code_exts)) return starts_ci(b, "example") ? info(PROV_OTHER, "example") : info(PROV_CODE, "code");
    if (is_example_file(b)) return info(PROV_OTHER, "example");
    bool cfg = has_ext(b, config_exts) || in_list(b, strlen(b), config_names) || is_env_like(b)
               || starts_ci(b, "Dockerfile") || ends_ci(b, ".Dockerfile") || starts_ci(b, "requirements")
               || starts_ci(b, "docker-compose");
    if (cfg) {
        if (is_example_file(b)) return info(PROV_OTHER, "example");
        if (has_ci(b, "dump") || has_ci(b, "mock") || has_ci(b, "dataset"))
            return info(PROV_OTHER, "data");
        return info(PROV_CONFIG, "config");
    }
    if (has_ext(b, data_exts)) return info(PROV_OTHER, "data");
    return info(PROV_OTHER, "data");
}

provenance_info provenance_of_path(const char *path)
{
    if (!path || !*path) return info(PROV_CONFIG, "config");
    bool under_docs = false, lang_dir = false;
    const char *why = dir_reason(path, &under_docs, &lang_dir);
    if (why) return info(PROV_OTHER, why);
    return by_name(path, base_of(path), under_docs, lang_dir);
}

bool provenance_is_operative(provenance p) { return p == PROV_CODE || p == PROV_CONFIG; }

const char *provenance_name(provenance p)
{
    static const char *const names[] = {"unknown", "code", "config", "docs", "other"};
    return (unsigned)p < PROV_COUNT ? names[p] : "unknown";
}

/* ---- position: comments and docstrings in code ----------------------------------- */

struct provenance_map {
    provenance_info file;
    uint8_t *text_line; /* [line - 1]: 1 when the line is a comment or inside one */
    uint32_t n_lines;
};

typedef enum lex_state { LX_CODE, LX_BLOCK, LX_TRIPLE1, LX_TRIPLE2, LX_TEMPLATE } lex_state;

typedef struct lexer {
    const char *t;
    size_t len, i;
    lex_state st;
    bool python;
} lexer;

/* Skips a one-line string or regex literal opened at t[i] by `q`. */
static void skip_inline(lexer *L, char q)
{
    for (L->i++; L->i < L->len && L->t[L->i] != '\n'; L->i++) {
        if (L->t[L->i] == '\\') { L->i++; continue; }
        if (L->t[L->i] == q) { L->i++; return; }
    }
}

static bool at(const lexer *L, const char *s)
{
    size_t n = strlen(s);
    return L->i + n <= L->len && memcmp(L->t + L->i, s, n) == 0;
}

/* Whether '/' at t[i] starts a JS regex literal: after an operator or at a line start. */
static bool regex_start(const lexer *L)
{
    size_t k = L->i;
    while (k > 0 && (L->t[k - 1] == ' ' || L->t[k - 1] == '\t')) k--;
    if (k == 0 || L->t[k - 1] == '\n') return true;
    return strchr("(,=:[!&|?{};+-*%<>~^", L->t[k - 1]) != NULL;
}

/* Advances inside a multi-line construct until it closes; true when it closed. */
static bool close_multi(lexer *L)
{
    const char *end = L->st == LX_BLOCK ? "*/" : L->st == LX_TRIPLE1 ? "'''" : L->st == LX_TRIPLE2 ? "\"\"\"" : "`";
    for (; L->i < L->len && L->t[L->i] != '\n'; L->i++) {
        if (L->st != LX_BLOCK && L->t[L->i] == '\\') { L->i++; continue; }
        if (at(L, end)) {
            L->i += strlen(end);
            L->st = LX_CODE;
            return true;
        }
    }
    return false;
}

/* Lexes one line from t[i] (the line start); returns whether it is text, not code. */
static bool lex_line(lexer *L)
{
    bool text = L->st != LX_CODE; /* starts inside a comment, docstring or template */
    if (text && !close_multi(L)) goto eol;
    bool first = !text;
    while (L->i < L->len && L->t[L->i] != '\n') {
        char c = L->t[L->i];
        if (c == ' ' || c == '\t' || c == '\r') { L->i++; continue; }
        bool comment = L->python ? c == '#' : at(L, "//");
        if (comment) {
            if (first) text = true;
            goto eol;
        }
        first = false;
        if (L->python && (at(L, "'''") || at(L, "\"\"\""))) {
            L->st = c == '\'' ? LX_TRIPLE1 : LX_TRIPLE2;
            L->i += 3;
            if (!close_multi(L)) goto eol;
        } else if (!L->python && at(L, "/*")) {
            bool line_start = true;
            for (size_t k = L->i; k > 0 && L->t[k - 1] != '\n'; k--)
                if (L->t[k - 1] != ' ' && L->t[k - 1] != '\t') { line_start = false; break; }
            L->st = LX_BLOCK;
            L->i += 2;
            if (line_start) text = true;
            if (!close_multi(L)) goto eol;
        } else if (!L->python && c == '`') {
            L->st = LX_TEMPLATE;
            L->i++;
            if (!close_multi(L)) goto eol;
        } else if (c == '"' || c == '\'') {
            skip_inline(L, c);
        } else if (!L->python && c == '/' && regex_start(L)) {
            skip_inline(L, '/');
        } else {
            L->i++;
        }
    }
eol:
    while (L->i < L->len && L->t[L->i] != '\n') L->i++;
    if (L->i < L->len) L->i++;
    return text;
}

static bool lang_of(const char *b, bool *python)
{
    *python = ends_ci(b, ".py") || ends_ci(b, ".pyi");
    static const char *const js[] = {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", NULL};
    return *python || has_ext(b, js);
}

static provenance_map *map_new(const char *path, const char *text, size_t len, bool entry)
{
    provenance_map *m = xcalloc(1, sizeof *m);
    m->file = provenance_of_path(path);
    if (entry && m->file.kind == PROV_OTHER) m->file = info(PROV_CODE, "entry-point");
    bool python;
    if (m->file.kind != PROV_CODE || !text || !lang_of(base_of(path ? path : ""), &python)) return m;
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    m->text_line = xcalloc(lines, 1);
    m->n_lines = lines;
    lexer L = {text, len, 0, LX_CODE, python};
    for (uint32_t ln = 0; ln < lines && L.i <= len; ln++) {
        if (L.i == len) break;
        m->text_line[ln] = lex_line(&L);
    }
    return m;
}

provenance_map *provenance_map_new(const char *path, const char *text, size_t len)
{
    return map_new(path, text, len, false);
}

provenance_map *provenance_map_new_entry(const char *path, const char *text, size_t len)
{
    return map_new(path, text, len, true);
}

void provenance_map_free(provenance_map *m)
{
    if (!m) return;
    free(m->text_line);
    free(m);
}

provenance_info provenance_map_at(const provenance_map *m, uint32_t line)
{
    if (!m) return info(PROV_UNKNOWN, "unknown");
    if (line == 0 || !m->text_line || line > m->n_lines || !m->text_line[line - 1]) return m->file;
    return info(PROV_OTHER, "comment");
}
