/* parse: tree-sitter languages and per-worker parsers. */
#ifndef AIREADY_PARSE_H
#define AIREADY_PARSE_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "lang.h"
#include "source.h"

/* The tree-sitter language for l, or NULL for LANG_NONE. Shared, read-only. */
const TSLanguage *parse_language(lang l);

/* One parser per language, owned by one worker thread. */
typedef struct parser_set parser_set;

parser_set *parse_new(void);
void parse_free(parser_set *p);

/* Parses s->text with its language. Returns NULL only when tree-sitter gives up (it
 * recovers from syntax errors: check parse_has_error). The caller deletes the tree. */
TSTree *parse_source(parser_set *p, const source *s);
bool parse_has_error(const TSTree *t);

/* Why parse_source_until returned no tree. */
typedef enum parse_status {
    PARSE_OK = 0,
    PARSE_FAILED,     /* tree-sitter gave up, or the language has no grammar */
    PARSE_TIMEOUT,    /* the deadline passed while parsing */
    PARSE_TOO_DEEP,   /* Python indented more than BOUNDS_PY_MAX_INDENT levels (*levels) */
} parse_status;

/* parse_source, stopped at deadline (bounds.h; 0: none). Python nested more than
 * BOUNDS_PY_MAX_INDENT indentation levels is not parsed at all: the grammar's scanner
 * state cannot hold that many levels. *levels: the levels seen (Python; else 0). */
TSTree *parse_source_until(parser_set *p, const source *s, uint64_t deadline, parse_status *st,
                           uint32_t *levels);

/* Indentation levels of Python text (blank and comment lines aside), counting no further
 * than stop_at + 1. Bracketed continuation lines count too: an upper bound. */
uint32_t parse_python_indent_levels(const char *text, size_t len, uint32_t stop_at);

#endif
