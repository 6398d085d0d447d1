/* calls_snippet: the shared setup of the call-site tests — find and load the shipped SDK
 * catalog, and run the call analysis on in-memory sources the way the pipeline does
 * (calls_analyze per file, calls_finish over all). Header-only; include it once per program. */
#ifndef AIREADY_CALLS_SNIPPET_H
#define AIREADY_CALLS_SNIPPET_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calls.h"
#include "parse.h"
#include "source.h"

typedef struct snippet_src { const char *path; lang lang; const char *text; } snippet_src;

/* Loads rules/sdks, moving up from the current directory to the repository root first
 * (tests run from build/ or from the root). NULL after printing why. */
static calls_catalog *snippet_catalog(void)
{
    struct stat st;
    for (int i = 0; i < 6 && stat("rules/sdks", &st) != 0; i++)
        if (chdir("..") != 0) break;
    char *err = NULL;
    calls_catalog *cat = calls_catalog_load("rules/sdks", &err);
    if (!cat) fprintf(stderr, "catalog: %s\n", err ? err : "?");
    free(err);
    return cat;
}

/* Analyses n sources (code parsed; LANG_NONE through calls_analyze_text) as one repository. */
static void snippet_analyze(const calls_catalog *cat, const snippet_src *specs, size_t n, model_call_list *calls,
                            finding_list *findings)
{
    parser_set *ps = parse_new();
    calls_file **files = xcalloc(n ? n : 1, sizeof *files);
    for (size_t i = 0; i < n; i++) {
        source s;
        source_init_text(&s, specs[i].path, specs[i].lang, specs[i].text, strlen(specs[i].text));
        if (specs[i].lang == LANG_NONE) {
            files[i] = calls_analyze_text(cat, &s);
        } else {
            TSTree *t = parse_source(ps, &s);
            files[i] = calls_analyze(cat, &s, t);
            if (t) ts_tree_delete(t);
        }
        source_free(&s);
    }
    calls_finish(cat, files, n, calls, findings);
    for (size_t i = 0; i < n; i++) calls_file_free(files[i]);
    free(files);
    parse_free(ps);
}

/* The file name a snippet of language l is analysed under. */
static const char *snippet_path(lang l)
{
    switch (l) {
    case LANG_PYTHON: return "app/snippet.py";
    case LANG_TYPESCRIPT: return "src/snippet.ts";
    case LANG_TSX: return "src/snippet.tsx";
    default: return "src/snippet.js";
    }
}

#endif
