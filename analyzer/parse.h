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

#endif
