/* rules_compile: regexes, glob checks, errors and positions, freeing rules. */
#include <stdarg.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "rules_impl.h"

static const char *const kind_names[RULE_KIND_COUNT] = {"query", "regex", "path", "package"};

const char *rule_kind_name(rule_kind k)
{
    return (k >= 0 && k < RULE_KIND_COUNT) ? kind_names[k] : "?";
}

void rules_error(rules_errors *e, const char *file, uint32_t line, uint32_t col,
                 const char *fmt, ...)
{
    if (line && col) buf_printf(&e->text, "%s:%u:%u: ", file, line, col);
    else if (line) buf_printf(&e->text, "%s:%u: ", file, line);
    else buf_printf(&e->text, "%s: ", file);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&e->text, fmt, ap);
    va_end(ap);
    buf_putc(&e->text, '\n');
    e->count++;
}

void text_pos_at(const text_pos *p, const char *text, size_t offset, uint32_t *line, uint32_t *col)
{
    uint32_t nl = 0;
    size_t last = 0;
    bool seen_nl = false;
    for (size_t i = 0; i < offset && text[i]; i++)
        if (text[i] == '\n') { nl++; last = i + 1; seen_nl = true; }
    *line = p->line + nl;
    if (p->block) *col = p->col + (uint32_t)(offset - last);
    else *col = seen_nl ? (uint32_t)(offset - last) + 1 : p->col + (uint32_t)offset;
}

pcre2_code *rules_compile_regex(const char *pattern, uint32_t options, const text_pos *at,
                                const char *what, rules_errors *e)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        uint32_t line, col;
        text_pos_at(at, pattern, off, &line, &col);
        rules_error(e, at->file, line, col, "%s does not compile: %s (at offset %zu)",
                    what, (const char *)msg, (size_t)off);
        return NULL;
    }
    /* No JIT (an unsupported platform) only costs speed: the interpreter takes over. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* --- globs, names, keywords --------------------------------------------------- */

bool rules_check_glob(const char *g, const text_pos *at, rules_errors *e)
{
    const char *why = NULL;
    int braces = 0;
    if (!*g) why = "empty glob";
    else if (strlen(g) > BOUNDS_GLOB_MAX_LEN) why = "longer than " BOUNDS_STR(BOUNDS_GLOB_MAX_LEN) " bytes";
    else if (strncmp(g, "./", 2) == 0) why = "globs are relative to the scanned root: drop the leading './'";
    for (const char *p = g; !why && *p; p++) {
        if (*p == '\\') {
            if (!p[1]) why = "trailing backslash";
            else p++;
        } else if (*p == '[') {
            const char *q = p + 1;
            if (*q == '!' || *q == '^') q++;
            if (*q == ']') q++;
            while (*q && *q != ']') q++;
            if (!*q) why = "unterminated '['";
            else p = q;
        } else if (*p == '{') braces++;
        else if (*p == '}') { if (--braces < 0) why = "unbalanced '}'"; }
        else if (p[0] == '*' && p[1] == '*') {
            bool seg_start = (p == g || p[-1] == '/');
            bool seg_end = (p[2] == '\0' || p[2] == '/');
            if (!seg_start || !seg_end) why = "'**' must be a whole path segment (use '*' within a name)";
            p++;
        }
    }
    if (!why && braces > 0) why = "unterminated '{'";
    if (why) rules_error(e, at->file, at->line, at->col, "bad glob '%s': %s", g, why);
    return why == NULL;
}

static bool plain(const char *s)
{
    return !strpbrk(s, "*?[]{}\\/");
}

static bool special(char c)
{
    return c && strchr("*?[]{}\\", c);
}

/* The literal endings one of which every path matching g ends with: its plain suffix,
 * or the plain alternatives of a final {a,b}. Lets most paths skip the matcher. */
static void glob_tails(const char *g, str_list *out)
{
    size_t n = strlen(g), i = n;
    while (i > 0 && !special(g[i - 1])) i--;
    if (i < n && g[i] == '/') i++; /* a leading slash anchors; after a double star it may stand for nothing */
    if (i < n) {
        VEC_PUSH(out, xstrdup(g + i));
        return;
    }
    if (n == 0 || g[n - 1] != '}') return;
    const char *open = strrchr(g, '{');
    /* an escaped '{', or one with no top-level ',', is literal text (glob.h): no alternatives */
    if (!open || (open > g && open[-1] == '\\') || !strchr(open, ',')) return;
    for (const char *p = open + 1; p < g + n - 1; p++)
        if (special(*p)) return; /* nested or wild alternatives */
    for (const char *p = open + 1;;) {
        const char *e = p;
        while (*e != ',' && *e != '}') e++;
        if (e == p) { /* an empty alternative: no literal ending */
            for (size_t k = 0; k < out->len; k++) free(out->items[k]);
            out->len = 0;
            return;
        }
        VEC_PUSH(out, xstrndup(p, (size_t)(e - p)));
        if (*e == '}') return;
        p = e + 1;
    }
}

/* The longest run of name characters (letters, digits, '_', '-', '.') in a pattern
 * without braces, classes or escapes: a matching path holds it verbatim ('*', '?' and
 * "**" only add bytes; '/' is left out, as the one beside "**" may stand for nothing).
 * Lets most paths skip the matcher of a glob with no literal ending ("docs/x/y*"). NULL
 * when the pattern has no such run or syntax this reading does not cover. */
static char *glob_need(const char *g)
{
    if (strpbrk(g, "{}[]\\")) return NULL;
    size_t best = 0, best_at = 0;
    for (size_t i = 0; g[i];) {
        size_t j = i;
        while (g[j] && (isalnum((unsigned char)g[j]) || g[j] == '_' || g[j] == '-' || g[j] == '.')) j++;
        if (j - i > best) best = j - i, best_at = i;
        i = j > i ? j : i + 1;
    }
    return best >= 3 ? xstrndup(g + best_at, best) : NULL;
}

rule_glob rules_glob_compile(const char *text)
{
    rule_glob g = {GLOB_OTHER, NULL, 0, 0, NULL, {0}, NULL};
    const char *star = strchr(text, '*');
    if (!strcmp(text, "*") || !strcmp(text, "**") || !strcmp(text, "**/*")) {
        g.kind = GLOB_ANY;
    } else if (plain(text)) {
        g.kind = GLOB_NAME;
        g.lit = xstrdup(text);
        g.lit_len = strlen(text);
    } else if (star && star[1] != '*') {
        char *cut = xstrdup(text);
        memmove(cut + (star - text), star + 1, strlen(star + 1) + 1);
        if (plain(cut)) {
            g.kind = GLOB_NAME_STAR;
            g.lit = cut;
            g.lit_len = strlen(cut);
            g.star = (size_t)(star - text);
            return g;
        }
        free(cut);
    }
    if (g.kind == GLOB_OTHER) {
        g.pat = glob_compile(text, 0);
        glob_tails(text, &g.tails);
        if (!g.tails.len) g.need = glob_need(text);
    }
    return g;
}

bool rules_glob_match(const rule_glob *g, const char *path, size_t path_len, const char *base, size_t base_len)
{
    size_t n, m;
    switch (g->kind) {
    case GLOB_ANY: return true;
    case GLOB_NAME: return base_len == g->lit_len && !memcmp(base, g->lit, base_len);
    case GLOB_NAME_STAR: /* prefix lit[..star), suffix lit[star..) */
        n = base_len;
        m = g->lit_len;
        return n >= m && !memcmp(base, g->lit, g->star) &&
               !memcmp(base + n - (m - g->star), g->lit + g->star, m - g->star);
    default:
        if (g->tails.len) {
            n = path_len;
            bool ends = false;
            for (size_t i = 0; i < g->tails.len && !ends; i++) {
                m = strlen(g->tails.items[i]);
                ends = n >= m && !memcmp(path + n - m, g->tails.items[i], m);
            }
            if (!ends) return false;
        }
        if (g->need && !strstr(path, g->need)) return false;
        return glob_pat_match(g->pat, path);
    }
}

void rules_normalize_pypi(char *name)
{
    char *w = name;
    for (const char *r = name; *r;) {
        if (*r == '-' || *r == '_' || *r == '.') {
            while (*r == '-' || *r == '_' || *r == '.') r++;
            *w++ = '-';
            continue;
        }
        char c = *r++;
        *w++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    *w = '\0';
}

static void str_list_free(str_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i]);
    VEC_FREE(l);
}

static void glob_list_free(glob_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].lit);
        free(l->items[i].need);
        if (l->items[i].pat) glob_pat_free(l->items[i].pat);
        for (size_t k = 0; k < l->items[i].tails.len; k++) free(l->items[i].tails.items[k]);
        VEC_FREE(&l->items[i].tails);
    }
    VEC_FREE(l);
}

static void case_list_free(rule_case_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        rule_case *c = &l->items[i];
        free(c->code);
        free(c->path);
        free(c->package);
        free(c->ecosystem);
        free(c->spec);
    }
    VEC_FREE(l);
}

void rule_free(rule *r)
{
    free(r->id);
    free(r->message);
    free(r->remediation);
    free(r->file);
    glob_list_free(&r->files);
    glob_list_free(&r->exclude);
    str_list_free(&r->keywords);
    str_list_free(&r->owned_prefixes);
    free(r->kw_ids);
    for (int i = 0; i < ROLE_COUNT; i++) free(r->query[i].text);
    free(r->capture);
    if (r->re) pcre2_code_free(r->re);
    for (size_t i = 0; i < r->allow.len; i++) pcre2_code_free(r->allow.items[i]);
    VEC_FREE(&r->allow);
    if (r->file_contains) pcre2_code_free(r->file_contains);
    if (r->file_not_contains) pcre2_code_free(r->file_not_contains);
    rules_ranges_free(&r->versions);
    glob_list_free(&r->paths);
    str_list_free(&r->packages);
    free(r->ecosystem);
    free(r->escalate_with);
    free(r->switches_off);
    case_list_free(&r->cases_match);
    case_list_free(&r->cases_no_match);
    memset(r, 0, sizeof *r);
}
