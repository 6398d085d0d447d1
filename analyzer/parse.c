#include "parse.h"

#include <stdlib.h>

#include "bounds.h"
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
    parse_status st;
    uint32_t levels;
    return parse_source_until(p, s, 0, &st, &levels);
}

uint32_t parse_python_indent_levels(const char *text, size_t len, uint32_t stop_at)
{
    VEC(uint32_t) stack = {0};
    uint32_t most = 0;
    size_t i = 0;
    while (i < len && most <= stop_at) {
        uint32_t col = 0;
        for (; i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f'); i++)
            col = text[i] == '\t' ? (col / 8 + 1) * 8 : text[i] == ' ' ? col + 1 : 0;
        bool blank = i >= len || text[i] == '\n' || text[i] == '\r' || text[i] == '#';
        while (i < len && text[i] != '\n') i++;
        i++;
        if (blank) continue;
        while (stack.len && stack.items[stack.len - 1] > col) stack.len--;
        if (col > 0 && (!stack.len || stack.items[stack.len - 1] < col)) VEC_PUSH(&stack, col);
        if (stack.len > most) most = (uint32_t)stack.len;
    }
    VEC_FREE(&stack);
    return most;
}

static const char *read_text(void *payload, uint32_t at, TSPoint pos, uint32_t *n)
{
    (void)pos;
    const source *s = payload;
    if (at >= s->len) { *n = 0; return ""; }
    *n = (uint32_t)(s->len - at);
    return s->text + at;
}

/* tree-sitter's progress callback: true stops the parse. */
static bool past_deadline(TSParseState *state)
{
    return bounds_expired(*(const uint64_t *)state->payload);
}

TSTree *parse_source_until(parser_set *p, const source *s, uint64_t deadline, parse_status *st,
                           uint32_t *levels)
{
    *st = PARSE_FAILED;
    *levels = 0;
    if (s->lang <= LANG_NONE || s->lang >= LANG_COUNT) return NULL;
    if (s->lang == LANG_PYTHON) {
        *levels = parse_python_indent_levels(s->text, s->len, BOUNDS_PY_MAX_INDENT);
        if (*levels > BOUNDS_PY_MAX_INDENT) { *st = PARSE_TOO_DEEP; return NULL; }
    }
    TSParser *tp = parser_for(p, s->lang);
    if (!tp) return NULL;
    /* Files are capped well below 4 GiB by --max-file-size, so the length fits. */
    TSInput in = {(void *)s, read_text, TSInputEncodingUTF8, NULL};
    TSParseOptions opt = {&deadline, deadline ? past_deadline : NULL};
    TSTree *t = ts_parser_parse_with_options(tp, NULL, in, opt);
    if (t) { *st = PARSE_OK; return t; }
    ts_parser_reset(tp); /* a stopped parse would otherwise resume on the next file */
    *st = bounds_expired(deadline) ? PARSE_TIMEOUT : PARSE_FAILED;
    return NULL;
}

bool parse_has_error(const TSTree *t)
{
    return ts_node_has_error(ts_tree_root_node(t));
}
