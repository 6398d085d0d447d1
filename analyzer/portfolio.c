#include "portfolio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "dom.h"
#include "json.h"
#include "jsonr.h"
#include "output.h"
#include "pool.h"
#include "safe_text.h"

extern char **environ;

#define PILLARS 5
#define ITEMS 50

/* ---- one repository --------------------------------------------------------------- */

typedef struct provider_count {
    char *name;
    size_t calls;
} provider_count;

typedef struct repo {
    char *path;            /* as given */
    char *name;            /* unique, file-name safe: OUT/repos/NAME.json */
    bool ok;
    char *error;           /* why the scan or its report failed */
    int exit_status;       /* of the scan: 0, or 1 when a gate failed (none is passed) */
    int64_t score, max_score, blockers, needs_review, pillar_blockers[PILLARS];
    char *risk, *decision;
    size_t model_calls, notebook_calls;
    VEC(provider_count) providers;
    char item_status[ITEMS + 1]; /* per item: 'b' blocker, 'r' needs review, 'y' ready, 'n' n/a */
    char *item_title[ITEMS + 1];
    int item_pillar[ITEMS + 1];
} repo;

typedef struct portfolio {
    const char *self;      /* this binary */
    const char *out_dir;
    VEC(repo) repos;
    VEC(const char *) pass; /* options passed to every scan */
} portfolio;

static void repo_free(repo *r)
{
    free(r->path);
    free(r->name);
    free(r->error);
    free(r->risk);
    free(r->decision);
    for (size_t i = 0; i < r->providers.len; i++) free(r->providers.items[i].name);
    VEC_FREE(&r->providers);
    for (int i = 0; i <= ITEMS; i++) free(r->item_title[i]);
}

/* ---- arguments -------------------------------------------------------------------- */

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "aiready: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, " (see aiready portfolio --help)\n"); /* one line, as every usage error */
    return 2;
}

/* The last path component, reduced to [A-Za-z0-9._-]; unique among the repositories. */
static char *name_for(const portfolio *p, const char *path)
{
    char *real = realpath(path, NULL);
    const char *src = real ? real : path;
    size_t n = strlen(src);
    while (n > 1 && src[n - 1] == '/') n--;
    size_t start = n;
    while (start > 0 && src[start - 1] != '/') start--;
    buf base = {0};
    for (size_t i = start; i < n; i++) {
        char c = src[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        buf_putc(&base, ok ? c : '_');
    }
    if (!base.len || base.data[0] == '.') buf_puts(&base, "repo");
    free(real);
    for (int k = 1;; k++) {
        buf cand = {0};
        if (k == 1) buf_puts(&cand, base.data);
        else buf_printf(&cand, "%s-%d", base.data, k);
        bool taken = false;
        for (size_t i = 0; i < p->repos.len && !taken; i++) taken = strcmp(p->repos.items[i].name, cand.data) == 0;
        if (!taken) {
            buf_free(&base);
            return buf_take(&cand);
        }
        buf_free(&cand);
    }
}

static void add_repo(portfolio *p, const char *path)
{
    repo r = {0};
    r.path = xstrdup(path);
    r.name = name_for(p, path);
    VEC_PUSH(&p->repos, r);
}

/* --list FILE: one path per line; blank lines and lines starting with '#' are skipped. */
static int read_list(portfolio *p, const char *file)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!f) {
        fprintf(stderr, "aiready: --list %s: %s\n", file, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (*s && *s != '#') add_repo(p, s);
    }
    free(line);
    if (f != stdin) fclose(f);
    return 0;
}

static int parse_jobs(const char *v, int *jobs)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || n < 1 || n > 256) return -1;
    *jobs = (int)n;
    return 0;
}

/* ---- scanning --------------------------------------------------------------------- */

static char *out_path(const portfolio *p, const char *name, const char *ext)
{
    buf b = {0};
    buf_printf(&b, "%s/repos/%s.%s", p->out_dir, name, ext);
    return buf_take(&b);
}

/* Runs `aiready scan PATH --format FMT -o FILE --jobs 1 --no-progress ...`; its stderr
 * goes to ERRFILE. Returns the exit status, or -1 when it did not run to the end. */
static int run_scan(const portfolio *p, const repo *r, const char *file, const char *also, const char *errfile)
{
    VEC(char *) argv = {0};
    VEC_PUSH(&argv, (char *)p->self);
    VEC_PUSH(&argv, (char *)"scan");
    VEC_PUSH(&argv, (char *)"--format");
    VEC_PUSH(&argv, (char *)"json");
    VEC_PUSH(&argv, (char *)"--also");
    VEC_PUSH(&argv, (char *)also);
    VEC_PUSH(&argv, (char *)"-o");
    VEC_PUSH(&argv, (char *)file);
    VEC_PUSH(&argv, (char *)"--jobs");
    VEC_PUSH(&argv, (char *)"1");
    VEC_PUSH(&argv, (char *)"--no-progress");
    for (size_t i = 0; i < p->pass.len; i++) VEC_PUSH(&argv, (char *)p->pass.items[i]);
    VEC_PUSH(&argv, (char *)"--");
    VEC_PUSH(&argv, r->path);
    VEC_PUSH(&argv, NULL);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, p->self, &fa, NULL, argv.items, environ);
    posix_spawn_file_actions_destroy(&fa);
    VEC_FREE(&argv);
    if (rc != 0) return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The scan's stderr (first line), for the row's error. */
static char *first_error_line(const char *errfile, int status)
{
    buf m = {0};
    FILE *f = fopen(errfile, "r");
    char line[512];
    if (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        buf_puts(&m, line);
    } else if (status < 0) {
        buf_puts(&m, "the scan did not finish (killed by a signal)");
    } else {
        buf_printf(&m, "the scan exited with status %d", status);
    }
    if (f) fclose(f);
    return buf_take(&m);
}

static void read_report(repo *r, const char *json_file);

static void scan_one(void *ctx, int worker, size_t i)
{
    (void)worker;
    portfolio *p = ctx;
    repo *r = &p->repos.items[i];
    char *json = out_path(p, r->name, "json"), *html = out_path(p, r->name, "html"),
         *err = out_path(p, r->name, "err");
    buf also = {0};
    buf_printf(&also, "html=%s", html);
    int st = run_scan(p, r, json, also.data, err);
    buf_free(&also);
    r->exit_status = st;
    if (st == 0 || st == 1) {
        read_report(r, json);
    } else {
        r->error = first_error_line(err, st);
    }
    if (r->ok) unlink(err);
    free(json);
    free(html);
    free(err);
}

/* ---- reading a scan's JSON report ------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
    fclose(f);
    *n = b.len;
    if (!b.data) buf_puts(&b, "");
    return buf_take(&b);
}

static void count_provider(repo *r, const char *name)
{
    if (!name) name = "unknown";
    for (size_t i = 0; i < r->providers.len; i++)
        if (strcmp(r->providers.items[i].name, name) == 0) {
            r->providers.items[i].calls++;
            return;
        }
    provider_count pc = {xstrdup(name), 1};
    size_t at = r->providers.len;
    VEC_PUSH(&r->providers, pc);
    while (at > 0 && strcmp(r->providers.items[at - 1].name, name) > 0) { /* keep sorted */
        r->providers.items[at] = r->providers.items[at - 1];
        r->providers.items[--at] = pc;
    }
}

static char status_code(const char *s)
{
    if (!s) return '?';
    if (!strcmp(s, "blocker")) return 'b';
    if (!strcmp(s, "needs_review")) return 'r';
    if (!strcmp(s, "ready")) return 'y';
    if (!strcmp(s, "not_applicable")) return 'n';
    return '?';
}

static void read_report(repo *r, const char *json_file)
{
    size_t n = 0;
    char *text = slurp(json_file, &n);
    char *perr = NULL;
    dom *root = text ? jsonr_parse(text, n, 0, &perr) : NULL;
    const dom *sum = dom_get(root, "summary");
    if (!root || perr || dom_type_of(sum) != DOM_TABLE) {
        buf m = {0};
        buf_printf(&m, "cannot read the scan's report %s%s%s", json_file, perr ? ": " : "", perr ? perr : "");
        r->error = buf_take(&m);
        free(perr);
        dom_free(root);
        free(text);
        return;
    }
    r->ok = true;
    r->score = dom_int(dom_get(sum, "score"));
    r->max_score = dom_int(dom_get(sum, "max_score"));
    r->blockers = dom_int(dom_get(sum, "blocker"));
    r->needs_review = dom_int(dom_get(sum, "needs_review"));
    r->risk = xstrdup(dom_get_str(sum, "risk_level") ? dom_get_str(sum, "risk_level") : "?");
    r->decision = xstrdup(dom_get_str(sum, "decision") ? dom_get_str(sum, "decision") : "?");
    const dom *pillars = dom_get(sum, "pillars");
    for (size_t i = 0; i < dom_len(pillars); i++) {
        int64_t id = dom_int(dom_get(dom_at(pillars, i), "id"));
        if (id >= 1 && id <= PILLARS) r->pillar_blockers[id - 1] = dom_int(dom_get(dom_at(pillars, i), "blocker"));
    }
    const dom *items = dom_get(root, "items");
    for (size_t i = 0; i < dom_len(items); i++) {
        const dom *it = dom_at(items, i);
        int64_t id = dom_int(dom_get(it, "id"));
        if (id < 1 || id > ITEMS) continue;
        r->item_status[id] = status_code(dom_get_str(it, "status"));
        r->item_pillar[id] = (int)dom_int(dom_get(it, "pillar"));
        free(r->item_title[id]);
        r->item_title[id] = xstrdup(dom_get_str(it, "title") ? dom_get_str(it, "title") : "");
    }
    const dom *calls = dom_get(root, "model_calls");
    r->model_calls = dom_len(calls);
    for (size_t i = 0; i < r->model_calls; i++) {
        const dom *c = dom_at(calls, i);
        count_provider(r, dom_get_str(c, "provider"));
        if (dom_bool(dom_get(c, "in_notebook"))) r->notebook_calls++;
    }
    dom_free(root);
    free(text);
}

/* ---- the comparison --------------------------------------------------------------- */

typedef struct item_row {
    int id, pillar;
    const char *title;
    size_t blocker_in, review_in;
} item_row;

static int cmp_item_row(const void *a, const void *b)
{
    const item_row *x = a, *y = b;
    if (x->blocker_in != y->blocker_in) return x->blocker_in > y->blocker_in ? -1 : 1;
    if (x->review_in != y->review_in) return x->review_in > y->review_in ? -1 : 1;
    return x->id - y->id;
}

/* Items by how many repositories they fail in (Blocker), then how many they are not yet
 * Ready in (Needs Review); all 50, most failing first. */
static void rank_items(const portfolio *p, item_row rows[ITEMS])
{
    for (int id = 1; id <= ITEMS; id++) {
        item_row *row = &rows[id - 1];
        memset(row, 0, sizeof *row);
        row->id = id;
        for (size_t i = 0; i < p->repos.len; i++) {
            const repo *r = &p->repos.items[i];
            if (!r->ok) continue;
            if (!row->title && r->item_title[id]) {
                row->title = r->item_title[id];
                row->pillar = r->item_pillar[id];
            }
            row->blocker_in += r->item_status[id] == 'b';
            row->review_in += r->item_status[id] == 'r';
        }
        if (!row->title) row->title = "";
    }
    qsort(rows, ITEMS, sizeof *rows, cmp_item_row);
}

static void write_json(const portfolio *p, const item_row *rows, const char *version, buf *out)
{
    json_writer w;
    json_init(&w, out, false);
    json_object_begin(&w);
    json_kv_int(&w, "schema_version", 1);
    json_key(&w, "tool");
    json_object_begin(&w);
    json_kv_string(&w, "name", "aiready");
    json_kv_string(&w, "version", version);
    json_object_end(&w);
    json_key(&w, "repositories");
    json_array_begin(&w);
    for (size_t i = 0; i < p->repos.len; i++) {
        const repo *r = &p->repos.items[i];
        json_object_begin(&w);
        json_kv_string(&w, "name", r->name);
        json_kv_string(&w, "path", r->path);
        json_kv_bool(&w, "scanned", r->ok);
        if (!r->ok) {
            json_kv_string(&w, "error", r->error);
            json_object_end(&w);
            continue;
        }
        buf link = {0};
        buf_printf(&link, "repos/%s.json", r->name);
        json_kv_string(&w, "report_json", link.data);
        link.len = 0;
        buf_printf(&link, "repos/%s.html", r->name);
        json_kv_string(&w, "report_html", link.data);
        buf_free(&link);
        json_kv_int(&w, "score", r->score);
        json_kv_int(&w, "max_score", r->max_score);
        json_kv_string(&w, "risk_level", r->risk);
        json_kv_string(&w, "decision", r->decision);
        json_kv_int(&w, "blockers", r->blockers);
        json_key(&w, "blockers_by_pillar");
        json_array_begin(&w);
        for (int k = 0; k < PILLARS; k++) json_int(&w, r->pillar_blockers[k]);
        json_array_end(&w);
        json_kv_int(&w, "needs_review", r->needs_review);
        json_kv_int(&w, "model_calls", (int64_t)r->model_calls);
        json_kv_int(&w, "model_calls_in_notebooks", (int64_t)r->notebook_calls);
        json_key(&w, "providers");
        json_object_begin(&w);
        for (size_t k = 0; k < r->providers.len; k++) json_kv_int(&w, r->providers.items[k].name, (int64_t)r->providers.items[k].calls);
        json_object_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_key(&w, "items");
    json_array_begin(&w);
    for (int k = 0; k < ITEMS; k++) {
        const item_row *row = &rows[k];
        json_object_begin(&w);
        json_kv_int(&w, "id", row->id);
        json_kv_int(&w, "pillar", row->pillar);
        json_kv_string(&w, "title", row->title);
        json_kv_int(&w, "blocker_in", (int64_t)row->blocker_in);
        json_kv_int(&w, "needs_review_in", (int64_t)row->review_in);
        json_key(&w, "blocked");
        json_array_begin(&w);
        for (size_t i = 0; i < p->repos.len; i++)
            if (p->repos.items[i].ok && p->repos.items[i].item_status[row->id] == 'b') json_string(&w, p->repos.items[i].name);
        json_array_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_object_end(&w);
}

/* Markdown table cells, as report_md.c writes text: control characters as escapes
 * (safe_text.h), Markdown and HTML punctuation escaped, so that no repository name or
 * error can break the table, inject markup or drive a terminal. */
static void md_cell(buf *out, const char *raw)
{
    if (!raw) return;
    buf safe = {0};
    for (const char *s = safe_str(&safe, raw, SAFE_CONTROLS | SAFE_LAYOUT); *s; s++) {
        switch (*s) {
        case '\n': case '\r': buf_putc(out, ' '); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '&': buf_puts(out, "&amp;"); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~':
            buf_putc(out, '\\');
            buf_putc(out, *s);
            break;
        default: buf_putc(out, *s);
        }
    }
    buf_free(&safe);
}

static void providers_text(const repo *r, buf *out)
{
    for (size_t k = 0; k < r->providers.len; k++)
        buf_printf(out, "%s%s %zu", k ? ", " : "", r->providers.items[k].name, r->providers.items[k].calls);
    if (!r->providers.len) buf_puts(out, "-");
}

static size_t top_items(const item_row *rows)
{
    size_t n = 0;
    while (n < ITEMS && n < 10 && (rows[n].blocker_in || rows[n].review_in)) n++;
    return n;
}

static void write_markdown(const portfolio *p, const item_row *rows, buf *out)
{
    buf_printf(out, "# aiready portfolio: %zu repositories\n\n", p->repos.len);
    buf_puts(out, "| repository | score | risk | decision | blockers by pillar (1-5) | model calls | providers |\n");
    buf_puts(out, "|---|---:|---|---|---|---:|---|\n");
    for (size_t i = 0; i < p->repos.len; i++) {
        const repo *r = &p->repos.items[i];
        buf_puts(out, "| ");
        if (r->ok) {
            buf_puts(out, "[");
            md_cell(out, r->name);
            buf_printf(out, "](repos/%s.html)", r->name);
        } else {
            md_cell(out, r->name);
        }
        if (!r->ok) {
            buf_puts(out, " | - | - | not scanned: ");
            md_cell(out, r->error);
            buf_puts(out, " | - | - | - |\n");
            continue;
        }
        buf_printf(out, " | %lld/%lld | %s | %s | ", (long long)r->score, (long long)r->max_score, r->risk, r->decision);
        for (int k = 0; k < PILLARS; k++) buf_printf(out, "%s%lld", k ? " · " : "", (long long)r->pillar_blockers[k]);
        buf_printf(out, " | %zu | ", r->model_calls);
        buf prov = {0};
        providers_text(r, &prov);
        md_cell(out, prov.data);
        buf_free(&prov);
        buf_puts(out, " |\n");
    }
    size_t n = top_items(rows);
    buf_puts(out, "\n## Items that fail most often\n\n");
    if (!n) {
        buf_puts(out, "No item is a Blocker or Needs Review in any scanned repository.\n");
        return;
    }
    buf_puts(out, "| item | pillar | Blocker in | Needs Review in |\n|---|---:|---:|---:|\n");
    for (size_t k = 0; k < n; k++) {
        buf_printf(out, "| %d ", rows[k].id);
        md_cell(out, rows[k].title);
        buf_printf(out, " | %d | %zu | %zu |\n", rows[k].pillar, rows[k].blocker_in, rows[k].review_in);
    }
    buf_puts(out, "\nEach repository's own report is linked from its name (`repos/NAME.html`; JSON beside it).\n");
}

/* HTML text, control characters first shown as escapes (safe_text.h), as report_html.c. */
static void esc(buf *out, const char *raw)
{
    if (!raw) return;
    buf safe = {0};
    for (const char *s = safe_str(&safe, raw, SAFE_CONTROLS | SAFE_LAYOUT); *s; s++) {
        switch (*s) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#39;"); break;
        default: buf_putc(out, *s);
        }
    }
    buf_free(&safe);
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>aiready portfolio</title>\n<style>\n"
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1d1d1f}\n"
    "table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border-bottom:1px solid #ddd;padding:.4em .6em;text-align:left}\n"
    "th{background:#f4f4f6}td.n{text-align:right}.ship{color:#17723b}.refactor{color:#9a6700}.rebuild{color:#b42318}\n"
    ".bad{color:#b42318;font-weight:600}.err{color:#b42318}\n"
    "</style>\n</head>\n<body>\n";

static void write_html(const portfolio *p, const item_row *rows, buf *out)
{
    buf_puts(out, html_head);
    buf_printf(out, "<h1>aiready portfolio: %zu repositories</h1>\n", p->repos.len);
    buf_puts(out, "<table>\n<thead><tr><th>repository</th><th>score</th><th>risk</th><th>decision</th>"
                  "<th>blockers by pillar (1-5)</th><th>model calls</th><th>providers</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < p->repos.len; i++) {
        const repo *r = &p->repos.items[i];
        buf_puts(out, "<tr><td>");
        if (r->ok) {
            buf_puts(out, "<a href=\"repos/");
            esc(out, r->name);
            buf_puts(out, ".html\">");
            esc(out, r->name);
            buf_puts(out, "</a>");
        } else {
            esc(out, r->name);
        }
        buf_puts(out, "</td>");
        if (!r->ok) {
            buf_puts(out, "<td colspan=\"6\" class=\"err\">not scanned: ");
            esc(out, r->error);
            buf_puts(out, "</td></tr>\n");
            continue;
        }
        buf_printf(out, "<td class=\"n\">%lld/%lld</td><td>", (long long)r->score, (long long)r->max_score);
        esc(out, r->risk);
        buf_puts(out, "</td><td class=\"");
        esc(out, r->decision);
        buf_puts(out, "\">");
        esc(out, r->decision);
        buf_puts(out, "</td><td>");
        for (int k = 0; k < PILLARS; k++)
            buf_printf(out, "%s<span%s>%lld</span>", k ? " · " : "", r->pillar_blockers[k] ? " class=\"bad\"" : "",
                       (long long)r->pillar_blockers[k]);
        buf_printf(out, "</td><td class=\"n\">%zu</td><td>", r->model_calls);
        buf prov = {0};
        providers_text(r, &prov);
        esc(out, prov.data);
        buf_free(&prov);
        buf_puts(out, "</td></tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n<h2>Items that fail most often</h2>\n");
    size_t n = top_items(rows);
    if (!n) buf_puts(out, "<p>No item is a Blocker or Needs Review in any scanned repository.</p>\n");
    else {
        buf_puts(out, "<table>\n<thead><tr><th>item</th><th>pillar</th><th>Blocker in</th><th>Needs Review in</th></tr></thead>\n<tbody>\n");
        for (size_t k = 0; k < n; k++) {
            buf_printf(out, "<tr><td>%d ", rows[k].id);
            esc(out, rows[k].title);
            buf_printf(out, "</td><td class=\"n\">%d</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n", rows[k].pillar,
                       rows[k].blocker_in, rows[k].review_in);
        }
        buf_puts(out, "</tbody>\n</table>\n");
    }
    buf_puts(out, "</body>\n</html>\n");
}

/* ---- main ------------------------------------------------------------------------- */

static int write_file(const portfolio *p, const char *name, const buf *b)
{
    buf path = {0};
    buf_printf(&path, "%s/%s", p->out_dir, name);
    char *err = NULL;
    int rc = output_write_atomic(path.data, b->data ? b->data : "", b->len, &err);
    if (rc != 0) {
        fprintf(stderr, "aiready: %s\n", err);
        free(err);
    }
    buf_free(&path);
    return rc;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) return 0;
    fprintf(stderr, "aiready: cannot create %s: %s\n", path, strerror(errno));
    return -1;
}

static int parse_args(portfolio *p, int argc, char **argv, int *jobs)
{
    bool paths_only = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (paths_only || a[0] != '-' || !a[1]) { add_repo(p, a); continue; }
        if (!strcmp(a, "--")) { paths_only = true; continue; }
        bool has_value = !strcmp(a, "--list") || !strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--jobs")
                         || !strcmp(a, "-j") || !strcmp(a, "--exclude") || !strcmp(a, "--max-file-size");
        if (has_value && i + 1 >= argc) return usage("%s needs a value", a);
        if (!strcmp(a, "--list")) {
            if (read_list(p, argv[++i]) != 0) return 2;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) p->out_dir = argv[++i];
        else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
            if (parse_jobs(argv[++i], jobs) != 0) return usage("--jobs takes a number from 1 to 256, not '%s'", argv[i]);
        } else if (!strcmp(a, "--exclude") || !strcmp(a, "--max-file-size")) {
            VEC_PUSH(&p->pass, a);
            VEC_PUSH(&p->pass, argv[++i]);
        } else if (!strcmp(a, "--history") || !strcmp(a, "--no-suppress") || !strcmp(a, "--no-ignore")) VEC_PUSH(&p->pass, a);
        else return usage("unknown option '%s'", a);
    }
    if (!p->repos.len) return usage("%s", "no repository given (DIR... or --list FILE)");
    return 0;
}

int portfolio_main(int argc, char **argv, const char *tool_version)
{
    portfolio p = {0};
    p.out_dir = "aiready-portfolio";
    int jobs = pool_default_jobs();
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    int rc = parse_args(&p, argc, argv, &jobs);
    if (rc == 0 && n <= 0) {
        fprintf(stderr, "aiready: portfolio: cannot find its own binary (/proc/self/exe)\n");
        rc = 2;
    }
    buf repos_dir = {0};
    buf_printf(&repos_dir, "%s/repos", p.out_dir);
    if (rc == 0 && (make_dir(p.out_dir) != 0 || make_dir(repos_dir.data) != 0)) rc = 2;
    buf_free(&repos_dir);
    if (rc == 0) {
        self[n] = '\0';
        p.self = self;
        pool_run(jobs, p.repos.len, scan_one, &p, NULL);
        item_row rows[ITEMS];
        rank_items(&p, rows);
        buf j = {0}, m = {0}, h = {0};
        write_json(&p, rows, tool_version, &j);
        write_markdown(&p, rows, &m);
        write_html(&p, rows, &h);
        if (write_file(&p, "portfolio.json", &j) || write_file(&p, "portfolio.md", &m) || write_file(&p, "portfolio.html", &h))
            rc = 2;
        buf_free(&j);
        buf_free(&m);
        buf_free(&h);
        size_t failed = 0;
        for (size_t i = 0; i < p.repos.len; i++)
            if (!p.repos.items[i].ok) {
                failed++;
                fprintf(stderr, "aiready: portfolio: %s: %s\n", p.repos.items[i].path, p.repos.items[i].error);
            }
        if (rc == 0 && failed) rc = 1;
        if (rc != 2)
            fprintf(stderr, "aiready: portfolio of %zu repositories (%zu not scanned) in %s/portfolio.{json,md,html}\n",
                    p.repos.len, failed, p.out_dir);
    }
    for (size_t i = 0; i < p.repos.len; i++) repo_free(&p.repos.items[i]);
    VEC_FREE(&p.repos);
    VEC_FREE(&p.pass);
    return rc;
}
