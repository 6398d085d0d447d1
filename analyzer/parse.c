#include "parse.h"

#include <stdlib.h>

#include "buf.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

struct parser_set {
    TSParser *parsers[LANG_COUNT];
};

const TSLanguage *parse_language(lang l)
{
    switch (l) {
    case LANG_PYTHON: return tree_sitter_python();
    case LANG_JAVASCRIPT: return tree_sitter_javascript();
    case LANG_TYPESCRIPT: return tree_sitter_typescript();
    case LANG_TSX: return tree_sitter_tsx();
    default: return NULL;
    }
}

parser_set *parse_new(void)
{
    return xcalloc(1, sizeof(parser_set));
}

void parse_free(parser_set *p)
{
    if (!p) return;
    for (int i = 0; i < LANG_COUNT; i++)
        if (p->parsers[i]) ts_parser_delete(p->parsers[i]);
    free(p);
}

/* Parsers are created on first use so a worker that never sees TSX never builds one. */
static TSParser *parser_for(parser_set *p, lang l)
{
    if (!p->parsers[l]) {
        TSParser *tp = ts_parser_new();
        if (!ts_parser_set_language(tp, parse_language(l))) {
            ts_parser_delete(tp);
            return NULL;
        }
        p->parsers[l] = tp;
    }
    return p->parsers[l];
}

TSTree *parse_source(parser_set *p, const source *s)
{
    if (s->lang <= LANG_NONE || s->lang >= LANG_COUNT) return NULL;
    TSParser *tp = parser_for(p, s->lang);
    if (!tp) return NULL;
    /* Files are capped well below 4 GiB by --max-file-size, so the length fits. */
    return ts_parser_parse_string(tp, NULL, s->text, (uint32_t)s->len);
}

bool parse_has_error(const TSTree *t)
{
    return ts_node_has_error(ts_tree_root_node(t));
}
