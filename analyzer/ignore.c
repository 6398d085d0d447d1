/* ignore: a stack of compiled gitignore patterns; see ignore.h for the rules. Line
 * parsing mirrors git's dir.c (add_patterns_from_buffer, trim_trailing_spaces,
 * parse_path_pattern); matching is glob.c without braces, which anchors a pattern with a
 * '/' and matches one without at any depth, as gitignore does. */
#include "ignore.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "glob.h"

typedef struct ignore_pattern {
    glob_pat *glob;
    char *base;      /* the .gitignore's directory: "" or "a/b" */
    size_t base_len;
    bool negate;
    bool dir_only;
} ignore_pattern;

typedef VEC(ignore_pattern) pattern_list;

struct ignore_set {
    pattern_list cmdline; /* ignore_add_exclude: consulted first */
    pattern_list pats;    /* the .gitignore stack */
};

ignore_set *ignore_new(void)
{
    return xcalloc(1, sizeof(ignore_set));
}

static void pattern_free(ignore_pattern *p)
{
    glob_pat_free(p->glob);
    free(p->base);
}

void ignore_free(ignore_set *s)
{
    if (!s) return;
    ignore_truncate(s, 0);
    VEC_FREE(&s->pats);
    for (size_t i = 0; i < s->cmdline.len; i++) pattern_free(&s->cmdline.items[i]);
    VEC_FREE(&s->cmdline);
    free(s);
}

size_t ignore_mark(const ignore_set *s)
{
    return s->pats.len;
}

void ignore_truncate(ignore_set *s, size_t mark)
{
    while (s->pats.len > mark) pattern_free(&s->pats.items[--s->pats.len]);
}

/* Removes trailing spaces that are not escaped with '\' (git's trim_trailing_spaces). */
static void trim_trailing_spaces(char *line)
{
    char *last_space = NULL;
    for (char *p = line; *p; p++) {
        if (*p == ' ') {
            if (!last_space) last_space = p;
            continue;
        }
        if (*p == '\\' && !*++p) return;
        last_space = NULL;
    }
    if (last_space) *last_space = '\0';
}

/* Appends one pattern, already stripped of comments and trailing spaces, to list: the
 * '!' and trailing '/' of parse_path_pattern, then the glob. text is consumed. */
static void add_parsed(pattern_list *list, const char *base, char *text)
{
    ignore_pattern p = { 0 };
    char *pat = text;
    if (*pat == '!') {
        p.negate = true;
        pat++;
    }
    size_t n = strlen(pat);
    if (n && pat[n - 1] == '/') {
        p.dir_only = true;
        pat[--n] = '\0';
    }
    /* "", "!" and "/" name nothing; a lone "/" would otherwise anchor an empty pattern */
    if (n == 0 || strcmp(pat, "/") == 0) {
        free(text);
        return;
    }
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/') blen--;
    p.glob = glob_compile(pat, GLOB_F_NO_BRACES | GLOB_F_STRICT_CLASSES);
    p.base = xstrndup(base, blen);
    p.base_len = blen;
    VEC_PUSH(list, p);
    free(text);
}

/* One line of a .gitignore, without its line end. */
static void add_line(pattern_list *list, const char *base, const char *line, size_t len)
{
    if (len == 0 || line[0] == '#') return;
    char *text = xstrndup(line, len);
    trim_trailing_spaces(text);
    add_parsed(list, base, text);
}

void ignore_add_pattern(ignore_set *s, const char *base, const char *pattern)
{
    add_line(&s->pats, base, pattern, strlen(pattern));
}

void ignore_add_exclude(ignore_set *s, const char *pattern)
{
    add_parsed(&s->cmdline, "", xstrdup(pattern));
}

void ignore_add_file(ignore_set *s, const char *base, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r') n--;
        add_line(&s->pats, base, p, n);
        p = nl ? nl + 1 : end;
    }
}

/* The part of path below the pattern's base, or NULL when path is not below it. */
static const char *below_base(const ignore_pattern *p, const char *path)
{
    if (p->base_len == 0) return path;
    if (strncmp(path, p->base, p->base_len) != 0 || path[p->base_len] != '/') return NULL;
    return path + p->base_len + 1;
}

/* The newest pattern of list that matches path, or NULL. */
static const ignore_pattern *last_match(const pattern_list *list, const char *path,
                                        bool is_dir)
{
    for (size_t i = list->len; i-- > 0;) {
        const ignore_pattern *p = &list->items[i];
        if (p->dir_only && !is_dir) continue;
        const char *rel = below_base(p, path);
        if (rel && glob_pat_match(p->glob, rel)) return p;
    }
    return NULL;
}

bool ignore_match(const ignore_set *s, const char *path, bool is_dir)
{
    const ignore_pattern *p = last_match(&s->cmdline, path, is_dir);
    if (!p) p = last_match(&s->pats, path, is_dir);
    return p && !p->negate;
}
