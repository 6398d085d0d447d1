/* calls_harness: scans a directory with the calls API the way the pipeline will (files in
 * path order, code parsed, other text files through calls_analyze_text) — for tests and for
 * trying the analysis on real repositories. Header-only; include it once per program. */
#ifndef AIREADY_CALLS_HARNESS_H
#define AIREADY_CALLS_HARNESS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "calls.h"
#include "parse.h"
#include "source.h"

typedef VEC(char *) harness_paths;

static int harness_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool harness_skip_dir(const char *name)
{
    static const char *const skip[] = {".git", "node_modules", "venv", ".venv", "env", "dist", "build", "__pycache__",
                                       ".next", "site-packages", ".mypy_cache", "coverage", NULL};
    for (int i = 0; skip[i]; i++)
        if (!strcmp(name, skip[i])) return true;
    return false;
}

static void harness_list(const char *root, const char *rel, harness_paths *out)
{
    buf dirpath = {0};
    buf_printf(&dirpath, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dirpath.data);
    buf_free(&dirpath);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        buf r = {0};
        buf_printf(&r, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
        buf full = {0};
        buf_printf(&full, "%s/%s", root, r.data);
        struct stat st;
        if (lstat(full.data, &st) == 0) {
            if (S_ISDIR(st.st_mode) && !harness_skip_dir(de->d_name)) harness_list(root, r.data, out);
            else if (S_ISREG(st.st_mode)) VEC_PUSH(out, xstrdup(r.data));
        }
        buf_free(&full);
        buf_free(&r);
    }
    closedir(d);
}

static lang harness_lang(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return LANG_NONE;
    if (!strcmp(dot, ".py")) return LANG_PYTHON;
    if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs") || !strcmp(dot, ".cjs") || !strcmp(dot, ".jsx")) return LANG_JAVASCRIPT;
    if (!strcmp(dot, ".ts") || !strcmp(dot, ".mts") || !strcmp(dot, ".cts")) return LANG_TYPESCRIPT;
    if (!strcmp(dot, ".tsx")) return LANG_TSX;
    return LANG_NONE;
}

static bool harness_text_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return !strncmp(base, ".env", 4) || (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".toml") ||
                                                  !strcmp(dot, ".env") || !strcmp(dot, ".cfg") || !strcmp(dot, ".ini")));
}

/* Scans root; fills calls and findings. Returns the number of files analysed. */
static size_t harness_scan(const calls_catalog *cat, const char *root, model_call_list *calls, finding_list *findings)
{
    harness_paths paths = {0};
    harness_list(root, "", &paths);
    qsort(paths.items, paths.len, sizeof *paths.items, harness_cmp);
    VEC(calls_file *) files = {0};
    parser_set *ps = parse_new();
    source_limits lim = {4 << 20, 2000};
    int sys = 0;
    fsafe_root *fs = fsafe_root_open(root, 0, &sys);
    for (size_t i = 0; fs && i < paths.len; i++) {
        lang l = harness_lang(paths.items[i]);
        if (l == LANG_NONE && !harness_text_file(paths.items[i])) continue;
        source src = {0};
        src.path = paths.items[i];
        src.lang = l;
        src.cls = l == LANG_NONE ? CLASS_CONFIG : CLASS_CODE;
        const char *detail;
        if (source_load(&src, fs, paths.items[i], &lim, &detail) == SKIP_NONE) {
            calls_file *f;
            if (l != LANG_NONE) {
                TSTree *t = parse_source(ps, &src);
                f = calls_analyze(cat, &src, t);
                if (t) ts_tree_delete(t);
            } else {
                f = calls_analyze_text(cat, &src);
            }
            VEC_PUSH(&files, f);
        }
        source_free(&src);
    }
    fsafe_root_close(fs);
    parse_free(ps);
    calls_finish(cat, files.items, files.len, calls, findings);
    size_t n = files.len;
    for (size_t i = 0; i < files.len; i++) calls_file_free(files.items[i]);
    VEC_FREE(&files);
    for (size_t i = 0; i < paths.len; i++) free(paths.items[i]);
    VEC_FREE(&paths);
    return n;
}

static inline void harness_json_str(buf *b, const char *s)
{
    if (!s) { buf_puts(b, "null"); return; }
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') { buf_putc(b, '\\'); buf_putc(b, *s); }
        else if ((unsigned char)*s < 0x20) buf_printf(b, "\\u%04x", (unsigned char)*s);
        else buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

static inline void harness_call_json(buf *b, const model_call *c)
{
    buf_puts(b, "{\"file\": ");
    harness_json_str(b, c->file);
    buf_printf(b, ", \"line\": %u, \"column\": %u, \"language\": \"%s\", \"provider\": ", c->line, c->column, lang_name(c->lang));
    harness_json_str(b, c->provider);
    buf_puts(b, ", \"api\": ");
    harness_json_str(b, c->api);
    buf_puts(b, ", \"model\": ");
    harness_json_str(b, c->model);
    buf_printf(b, ", \"model_pinned\": %s, \"confidence\": ", c->model_pinned ? "true" : "false");
    harness_json_str(b, c->confidence);
    buf_puts(b, ", \"retry\": ");
    harness_json_str(b, c->retry);
    buf_puts(b, ", \"retry_source\": ");
    harness_json_str(b, c->retry_source);
    buf_puts(b, ", \"timeout\": ");
    harness_json_str(b, c->timeout);
    buf_puts(b, ", \"timeout_source\": ");
    harness_json_str(b, c->timeout_source);
    buf_printf(b, ", \"logged\": %s, \"logged_source\": ", c->logged ? "true" : "false");
    harness_json_str(b, c->logged_source);
    buf_printf(b, ", \"error_handled\": %s, \"max_tokens\": %s, \"output_validated\": ", c->error_handled ? "true" : "false",
               c->max_tokens ? "true" : "false");
    if (!strcmp(c->output_validated, "weak")) harness_json_str(b, "weak");
    else buf_puts(b, c->output_validated);
    buf_puts(b, ", \"prompt_source\": ");
    harness_json_str(b, c->prompt_source);
    buf_printf(b, ", \"user_input_in_prompt\": %s, \"output_sinks\": [", c->user_input_in_prompt ? "true" : "false");
    for (uint32_t i = 0; i < c->n_output_sinks; i++) {
        if (i) buf_puts(b, ", ");
        harness_json_str(b, c->output_sinks[i]);
    }
    buf_puts(b, "], \"kind\": ");
    harness_json_str(b, c->kind);
    buf_puts(b, ", \"function\": ");
    harness_json_str(b, c->function);
    buf_puts(b, "}");
}

#endif
