/* calls: model call sites and how each is made (issue: model call sites). */
#ifndef AIREADY_CALLS_H
#define AIREADY_CALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "bounds.h"
#include "buf.h"
#include "finding.h"
#include "lang.h"
#include "source.h"

/* context_bounded: no growing context seen (JSON null; the zero value), counted or truncated
 * before the call (true), or not (false). */
enum { MC_CTX_NONE = 0, MC_CTX_BOUNDED, MC_CTX_UNBOUNDED };

typedef struct model_call {
    char *file;
    uint32_t line, column;
    lang lang;
    char *provider;    /* library at the call site, e.g. "openai" */
    char *api;         /* e.g. "chat.completions.create" */
    char *model;       /* literal model id or NULL */
    bool model_pinned;
    char *confidence;  /* "high" | "medium" */
    char *retry;       /* "explicit" | "sdk-default" | "disabled" | "none" */
    char *retry_source;
    char *timeout;     /* "explicit" | "sdk-default" | "none" */
    char *timeout_source;
    bool logged;
    char *logged_source;
    bool error_handled;
    bool max_tokens;
    char *output_validated; /* "true" | "weak" | "false" */
    char *prompt_source;    /* "inline" | "file" | "registry" | "unknown" */
    bool user_input_in_prompt;
    char **output_sinks;    /* sink kinds reached: "exec" "shell" "sql" "html" "deserialize" "path" */
    uint32_t n_output_sinks;
    /* additions (not in the original contract) */
    char *kind;             /* "chat" | "embedding" | "image" */
    char *function;         /* enclosing function ("Class.method"), NULL at module level */
    char *snippet;          /* the call's source, whitespace collapsed, clipped */
    char *sdk;              /* catalog entry id, e.g. "openai-python" */
    char *model_source;     /* "literal" | "config" | "request" | "unknown" */
    bool in_tests;          /* under a test or fixture path: inventory only, no coverage */
    uint8_t context_bounded; /* history / retrieved documents / tool output in the prompt: MC_CTX_* */
    char *context_source;   /* file:line of the evidence (the bound, or where the context grows) */
    bool in_notebook;       /* in a notebook's code cell: line is the raw .ipynb line */
    uint32_t cell, cell_line; /* in_notebook: 1-based cell and line in the cell */
} model_call;

typedef VEC(model_call) model_call_list;

void model_call_free(model_call *c);
void model_call_list_free(model_call_list *l);
int model_call_compare(const void *a, const void *b); /* by file, line, column */

/* ---- analysis API ---------------------------------------------------------------------
 * 1. Once at start-up: cat = calls_catalog_load("rules/sdks", &err) (shared read-only).
 * 2. Per file, in any worker thread: calls_analyze(cat, src, tree) for parsed code files,
 *    calls_analyze_text(cat, src) for other text files (.env*, YAML, ...). The tree and the
 *    source are only read during the call; the result owns all its memory.
 * 3. After all files, single-threaded: calls_finish(cat, files, n, &calls, &findings) with
 *    the results in path order; then calls_file_free each and calls_catalog_free. */
typedef struct calls_catalog calls_catalog;
typedef struct calls_file calls_file;

/* Loads every *.yaml / *.yml in dir. On error returns NULL and sets *err (caller frees) to
 * "file:line: message" lines. */
calls_catalog *calls_catalog_load(const char *dir, char **err);
void calls_catalog_free(calls_catalog *cat);
size_t calls_catalog_sdk_count(const calls_catalog *cat);
/* The API hosts the catalog lists for SDK sdk_id (`hosts:`), *n of them; NULL when none. */
const char *const *calls_catalog_sdk_hosts(const calls_catalog *cat, const char *sdk_id, size_t *n);

/* The catalog's own examples (`tests:` of each SDK entry, docs/calls.md): snippets that
 * must yield a call of `api` at `line` reported by entry `sdk` (match) or no call at all
 * (no_match). The test suite runs every one through calls_analyze (tests/test_calls_catalog.c). */
typedef struct calls_example {
    const char *sdk;        /* catalog entry id */
    const char *file;       /* rules/sdks/NAME.yaml */
    uint32_t yaml_line;     /* where the case is written */
    bool match;
    lang lang;
    const char *code;
    const char *api;        /* match: the api the call reports */
    uint32_t line;          /* match: the call's line in code (default: its last non-blank line) */
} calls_example;
size_t calls_catalog_examples(const calls_catalog *cat, const calls_example **out);
const char *calls_catalog_sdk_id(const calls_catalog *cat, size_t i);  /* i < calls_catalog_sdk_count */
/* How a report cites an entry's defaults: "rules/sdks/NAME.yaml#ID" — by entry id, so the
 * citation does not move when the catalog file is edited. */
const char *calls_catalog_sdk_cite(const calls_catalog *cat, size_t i);

/* Whether calls_analyze would walk this code file's tree (cheap word check): when false,
 * the file need not be parsed for the call-site analysis. */
bool calls_wants_tree(const source *src);
calls_file *calls_analyze(const calls_catalog *cat, const source *src, const TSTree *tree);
/* calls_analyze, stopped when deadline passes (bounds.h; 0: none), with a note saying so. */
calls_file *calls_analyze_until(const calls_catalog *cat, const source *src, const TSTree *tree,
                                uint64_t deadline);
calls_file *calls_analyze_text(const calls_catalog *cat, const source *src);
void calls_file_free(calls_file *f);
size_t calls_file_count(const calls_file *f); /* call sites found in the file (before finish) */
/* Moves the notes of limits the analysis of f reached (bounds.h) to the end of out. */
void calls_file_take_notes(calls_file *f, bounds_notes *out);
const char *calls_file_path(const calls_file *f);
/* Trims the file's facts to their size (they are kept until calls_finish). */
void calls_file_compact(calls_file *f);

/* Resolves wrappers and imports across files, applies repository-wide instrumentation and
 * appends the model calls (sorted by file, line, column) and their findings (sorted) to the
 * lists. files[] is in path order; NULL slots (files not analysed) are skipped. */
void calls_finish(const calls_catalog *cat, calls_file *const *files, size_t n,
                  model_call_list *out_calls, finding_list *out_findings);

#endif
