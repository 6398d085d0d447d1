// glob: a pattern compiles to a program for a Thompson NFA (a Pike VM without
// captures): byte-consuming instructions plus SPLIT/JMP for '*', "**" and braces. The
// simulation keeps the set of live instructions per input byte, so its cost is bounded by
// program size times path length, whatever the pattern.
#include "glob.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef enum op {
    OP_BYTE,     /* one byte equal to arg */
    OP_ANY_SEG,  /* one byte other than '/' */
    OP_ANY,      /* any byte, '/' included ("**") */
    OP_CLASS,    /* one byte in classes[x] ('/' is never in a class) */
    OP_SPLIT,    /* continue at x and at y */
    OP_JMP,      /* continue at x */
    OP_MATCH,
} op;

typedef struct insn {
    uint8_t op;
    uint8_t arg; /* OP_BYTE: the byte */
    uint32_t x, y; /* OP_CLASS: x = class index; OP_SPLIT: both; OP_JMP: x */
} insn;

typedef struct byteset { uint8_t bits[32]; } byteset;

struct glob_pat {
    insn *prog;
    size_t n;
    byteset *classes;
    bool never; /* a lone trailing '\': matches nothing */
};

/* ---- compiler ---------------------------------------------------------------------- */

typedef struct compiler {
    VEC(insn) prog;
    VEC(byteset) classes;
    bool braces; /* {a,b} is alternation */
    bool strict; /* a malformed class makes the pattern match nothing */
    bool never;
    /* Braces matched once, before compiling (braces only): for the '{' at offset i of
     * base, close[i] is 1 + the offset of its '}' (0: none), comma[i] whether the group
     * has a top-level ','. Looking each one up again would make nested braces quadratic. */
    const char *base;
    uint32_t *close;
    uint8_t *comma;
} compiler;

/* Where a sequence being compiled stops, and what surrounds it. */
typedef struct seq_ctx {
    bool in_group;     /* stops at a top-level ',' or '}' of the current brace group */
    bool end_boundary; /* the end of this sequence is a segment boundary */
} seq_ctx;

static size_t emit(compiler *c, op o, uint8_t arg, uint32_t x, uint32_t y)
{
    insn i = { (uint8_t)o, arg, x, y };
    VEC_PUSH(&c->prog, i);
    return c->prog.len - 1;
}

static uint32_t here(const compiler *c)
{
    return (uint32_t)c->prog.len;
}

static void set_bit(byteset *s, unsigned char ch)
{
    s->bits[ch >> 3] |= (uint8_t)(1u << (ch & 7));
}

static bool has_bit(const byteset *s, unsigned char ch)
{
    return s->bits[ch >> 3] & (1u << (ch & 7));
}

/* At p (inside a class) "[:": git's rule is that this starts a POSIX class when the
 * first ']' after it follows a ':' with something in between. Returns 1 and adds the
 * class to s (advancing *pp) for a known name, -1 for an unknown one, 0 when this is no
 * POSIX class and the '[' is an ordinary member. */
static int posix_class(const char **pp, byteset *s)
{
    static const struct { const char *name; int (*fn)(int); } tab[] = {
        { "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
        { "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
        { "lower", islower }, { "print", isprint }, { "punct", ispunct },
        { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
    };
    const char *name = *pp + 2;
    const char *close = strchr(name, ']');
    if (!close || close == name || close[-1] != ':') return 0;
    size_t len = (size_t)(close - 1 - name);
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        if (strlen(tab[i].name) != len || strncmp(name, tab[i].name, len) != 0) continue;
        for (int ch = 0; ch < 128; ch++) /* ASCII only, as git */
            if (tab[i].fn(ch)) set_bit(s, (unsigned char)ch);
        *pp = close + 1;
        return 1;
    }
    return -1;
}

/* Reads one class member byte at *pp (handling '\'), advancing; false at the end. */
static bool class_byte(const char **pp, unsigned char *out)
{
    const char *p = *pp;
    if (*p == '\\' && p[1]) p++;
    if (!*p) return false;
    *out = (unsigned char)*p;
    *pp = p + 1;
    return true;
}

typedef enum class_status {
    CLASS_OK,
    CLASS_UNCLOSED,  /* no closing ']' */
    CLASS_BAD_NAME,  /* "[:name:]" with an unknown name (only reported when strict) */
} class_status;

/* Parses the class that starts at p ('[') into *set (may be NULL to only measure) and
 * sets *end after its ']'. When not strict, an unknown "[:name:]" is read as members. */
static class_status parse_class(const char *p, bool strict, byteset *set, const char **end)
{
    byteset s = { { 0 } };
    bool negate = false;
    p++;
    if (*p == '!' || *p == '^') { negate = true; p++; }
    bool first = true;
    while (*p && (*p != ']' || first)) {
        first = false;
        if (p[0] == '[' && p[1] == ':') {
            int r = posix_class(&p, &s);
            if (r > 0) continue;
            if (r < 0 && strict) return CLASS_BAD_NAME;
        }
        unsigned char lo, hi;
        if (!class_byte(&p, &lo)) return CLASS_UNCLOSED;
        hi = lo;
        if (p[0] == '-' && p[1] && p[1] != ']') {
            p++;
            if (!class_byte(&p, &hi)) return CLASS_UNCLOSED;
        }
        for (unsigned ch = lo; ch <= hi; ch++) set_bit(&s, (unsigned char)ch);
    }
    if (*p != ']') return CLASS_UNCLOSED;
    if (set) {
        for (int i = 0; i < 32; i++) set->bits[i] = negate ? (uint8_t)~s.bits[i] : s.bits[i];
        set->bits['/' >> 3] &= (uint8_t)~(1u << ('/' & 7));
    }
    *end = p + 1;
    return CLASS_OK;
}

/* Skips one pattern element that cannot open or close a brace group: an escape, a
 * terminated class, or a single byte. */
static const char *skip_element(const char *p, bool strict)
{
    if (*p == '\\') return p[1] ? p + 2 : p + 1;
    const char *end;
    if (*p == '[' && parse_class(p, strict, NULL, &end) == CLASS_OK) return end;
    return p + 1;
}

/* Fills c->close and c->comma for pattern (see compiler): one pass with a stack of the
 * open braces, over the same elements compile_seq reads. Every unescaped brace nests. */
static void match_braces(compiler *c, const char *pattern)
{
    size_t n = strlen(pattern);
    c->base = pattern;
    c->close = xcalloc(n + 1, sizeof *c->close);
    c->comma = xcalloc(n + 1, 1);
    VEC(uint32_t) open = { 0 };
    for (const char *p = pattern; *p; p = skip_element(p, c->strict)) {
        uint32_t at = (uint32_t)(p - pattern);
        if (*p == '{') VEC_PUSH(&open, at);
        else if (*p == '}' && open.len) c->close[open.items[--open.len]] = at + 1;
        else if (*p == ',' && open.len) c->comma[open.items[open.len - 1]] = 1;
    }
    VEC_FREE(&open);
}

/* For the '{' at p: the matching '}', or NULL. *comma tells whether the group has a
 * top-level ',' (without one the braces are literal). */
static const char *brace_close(const compiler *c, const char *p, bool *comma)
{
    size_t at = (size_t)(p - c->base);
    *comma = c->comma[at];
    return c->close[at] ? c->base + c->close[at] - 1 : NULL;
}

static bool is_group_brace(const compiler *c, const char *p, const char **close)
{
    bool comma;
    *close = brace_close(c, p, &comma);
    return *close && comma;
}

/* "**" + "/": zero or more whole segments, i.e. "" or anything ending in '/'. */
static void emit_globstar_slash(compiler *c)
{
    size_t skip = emit(c, OP_SPLIT, 0, 0, 0);
    uint32_t loop = here(c);
    size_t split = emit(c, OP_SPLIT, 0, 0, 0);
    c->prog.items[split].x = here(c);
    emit(c, OP_ANY, 0, 0, 0);
    emit(c, OP_JMP, 0, loop, 0);
    c->prog.items[split].y = here(c);
    emit(c, OP_BYTE, '/', 0, 0);
    c->prog.items[skip].x = loop;
    c->prog.items[skip].y = here(c);
}

/* A loop over one consuming instruction: '*' (OP_ANY_SEG) or a trailing "**" (OP_ANY). */
static void emit_star(compiler *c, op each)
{
    uint32_t loop = here(c);
    size_t split = emit(c, OP_SPLIT, 0, 0, 0);
    c->prog.items[split].x = here(c);
    emit(c, each, 0, 0, 0);
    emit(c, OP_JMP, 0, loop, 0);
    c->prog.items[split].y = here(c);
}

static bool ends_sequence(const compiler *c, const seq_ctx *ctx, const char *p)
{
    if (!*p) return true;
    return c->braces && ctx->in_group && (*p == ',' || *p == '}');
}

static const char *compile_seq(compiler *c, const char *p, bool seg_start, seq_ctx ctx);

/* The group "{a,b,...}" at p whose '}' is close. Returns the position after close. */
static const char *compile_group(compiler *c, const char *p, const char *close,
                                 bool seg_start, const seq_ctx *outer)
{
    seq_ctx inner = {
        .in_group = true,
        .end_boundary = close[1] == '/' ||
                        (ends_sequence(c, outer, close + 1) && outer->end_boundary),
    };
    VEC(size_t) exits = { 0 };
    p++; /* '{' */
    for (;;) {
        /* Each alternative but the last is the first branch of a SPLIT whose second
         * branch is the next alternative; the last one's SPLIT becomes a plain JMP. */
        size_t split = emit(c, OP_SPLIT, 0, here(c) + 1, 0);
        p = compile_seq(c, p, seg_start, inner);
        if (p == close) {
            c->prog.items[split].op = OP_JMP;
            break;
        }
        VEC_PUSH(&exits, emit(c, OP_JMP, 0, 0, 0));
        c->prog.items[split].y = here(c);
        p++; /* ',' */
    }
    for (size_t i = 0; i < exits.len; i++) c->prog.items[exits.items[i]].x = here(c);
    VEC_FREE(&exits);
    return close + 1;
}

/* The '[' at p: a class, or a literal '[' when malformed (strict: the pattern fails). */
static const char *compile_class(compiler *c, const char *p)
{
    byteset set;
    const char *end;
    class_status st = parse_class(p, c->strict, &set, &end);
    if (st == CLASS_OK) {
        VEC_PUSH(&c->classes, set);
        emit(c, OP_CLASS, 0, (uint32_t)(c->classes.len - 1), 0);
        return end;
    }
    if (c->strict) c->never = true;
    emit(c, OP_BYTE, '[', 0, 0);
    return p + 1;
}

static const char *compile_stars(compiler *c, const char *p, bool seg_start, const seq_ctx *ctx)
{
    const char *q = p;
    while (*q == '*') q++;
    bool globstar = q - p >= 2 && seg_start;
    if (globstar && *q == '/') {
        emit_globstar_slash(c);
        return q + 1;
    }
    if (globstar && ends_sequence(c, ctx, q) && ctx->end_boundary) {
        emit_star(c, OP_ANY);
        return q;
    }
    emit_star(c, OP_ANY_SEG);
    return q;
}

/* Compiles elements from p until the end of the sequence; returns where it stopped. */
static const char *compile_seq(compiler *c, const char *p, bool seg_start, seq_ctx ctx)
{
    int literal_braces = 0; /* open literal '{'s whose '}' must stay literal too */
    while (*p) {
        if (c->braces && ctx.in_group && literal_braces == 0 && (*p == ',' || *p == '}'))
            break;
        const char *close;
        bool next_seg_start = false;
        if (*p == '*') {
            const char *q = compile_stars(c, p, seg_start, &ctx);
            next_seg_start = q[-1] == '/';
            p = q;
        } else if (*p == '?') {
            emit(c, OP_ANY_SEG, 0, 0, 0);
            p++;
        } else if (*p == '[') {
            p = compile_class(c, p);
        } else if (c->braces && *p == '{' && is_group_brace(c, p, &close)) {
            p = compile_group(c, p, close, seg_start, &ctx);
            next_seg_start = false;
        } else if (*p == '\\') {
            if (!p[1]) { c->never = true; return p + 1; }
            emit(c, OP_BYTE, (uint8_t)p[1], 0, 0);
            next_seg_start = p[1] == '/';
            p += 2;
        } else {
            if (c->braces && *p == '{' && brace_close(c, p, &(bool){ false })) literal_braces++;
            else if (c->braces && *p == '}' && literal_braces > 0) literal_braces--;
            emit(c, OP_BYTE, (uint8_t)*p, 0, 0);
            next_seg_start = *p == '/';
            p++;
        }
        seg_start = next_seg_start;
    }
    return p;
}

glob_pat *glob_compile(const char *pattern, unsigned flags)
{
    compiler c = {
        .braces = !(flags & GLOB_F_NO_BRACES),
        .strict = flags & GLOB_F_STRICT_CLASSES,
    };
    const char *p = pattern;
    if (c.braces) match_braces(&c, pattern);
    if (!strchr(pattern, '/'))
        emit_globstar_slash(&c); /* basename at any depth */
    else if (*p == '/')
        p++;
    compile_seq(&c, p, true, (seq_ctx){ false, true });
    emit(&c, OP_MATCH, 0, 0, 0);
    free(c.close);
    free(c.comma);

    glob_pat *g = xmalloc(sizeof *g);
    g->prog = c.prog.items;
    g->n = c.prog.len;
    g->classes = c.classes.items;
    g->never = c.never;
    return g;
}

void glob_pat_free(glob_pat *g)
{
    if (!g) return;
    free(g->prog);
    free(g->classes);
    free(g);
}

/* ---- simulation -------------------------------------------------------------------- */

typedef struct thread_list {
    uint32_t *pcs;
    size_t len;
} thread_list;

typedef struct sim {
    const glob_pat *g;
    uint32_t *seen;  /* seen[pc] == gen: pc is already in the list being built */
    uint32_t *stack; /* for the epsilon closure */
    uint32_t gen;
} sim;

/* Adds pc and everything reachable from it through SPLIT/JMP to list. */
static void add_closure(sim *s, thread_list *list, uint32_t pc)
{
    size_t top = 0;
    s->stack[top++] = pc;
    while (top) {
        pc = s->stack[--top];
        if (s->seen[pc] == s->gen) continue;
        s->seen[pc] = s->gen;
        const insn *i = &s->g->prog[pc];
        if (i->op == OP_JMP) {
            s->stack[top++] = i->x;
        } else if (i->op == OP_SPLIT) {
            s->stack[top++] = i->y; /* pushed first, so x is explored first */
            s->stack[top++] = i->x;
        } else {
            list->pcs[list->len++] = pc;
        }
    }
}

static bool consumes(const glob_pat *g, const insn *i, unsigned char ch)
{
    switch ((op)i->op) {
    case OP_BYTE:    return ch == i->arg;
    case OP_ANY_SEG: return ch != '/';
    case OP_ANY:     return true;
    case OP_CLASS:   return has_bit(&g->classes[i->x], ch);
    default:         return false;
    }
}

static bool run(sim *s, thread_list *cur, thread_list *next, const char *path)
{
    s->gen++;
    cur->len = 0;
    add_closure(s, cur, 0);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (cur->len == 0) return false;
        s->gen++;
        next->len = 0;
        for (size_t k = 0; k < cur->len; k++) {
            uint32_t pc = cur->pcs[k];
            if (consumes(s->g, &s->g->prog[pc], *p)) add_closure(s, next, pc + 1);
        }
        thread_list t = *cur;
        *cur = *next;
        *next = t;
    }
    for (size_t k = 0; k < cur->len; k++)
        if (s->g->prog[cur->pcs[k]].op == OP_MATCH) return true;
    return false;
}

bool glob_pat_match(const glob_pat *g, const char *path)
{
    if (g->never) return false;
    /* seen, two thread lists and the closure stack (at most two pushes per instruction
     * visited, plus the first): 5n + 1 words, on the stack for the usual short pattern. */
    enum { SMALL = 96 };
    uint32_t small[5 * SMALL + 1];
    size_t n = g->n;
    uint32_t *mem = n <= SMALL ? small : xmalloc((5 * n + 1) * sizeof *mem);
    memset(mem, 0, n * sizeof *mem);
    sim s = { g, mem, mem + 3 * n, 0 };
    thread_list a = { mem + n, 0 }, b = { mem + 2 * n, 0 };
    bool m = run(&s, &a, &b, path);
    if (mem != small) free(mem);
    return m;
}

bool glob_match(const char *pattern, const char *path)
{
    glob_pat *g = glob_compile(pattern, 0);
    bool m = glob_pat_match(g, path);
    glob_pat_free(g);
    return m;
}
