/* setup.cfg: [options] install_requires and tests_require, [options.extras_require].
 * Read as setuptools reads it: INI sections, options continued on indented lines, full-line
 * comments; a value spread over lines holds one requirement a line, a one-line value holds
 * requirements separated by ';'. "file:" values name requirement files (includes). */
#include "manifest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct cfg_item {
    const char *s;
    size_t n;
    uint32_t line;
} cfg_item;

typedef struct cfg_ctx {
    const char *path;
    manifest_result *out;
    const char *sec, *key;
    size_t sec_len, key_len;
    VEC(cfg_item) items; /* the option's value: its first line, then continuation lines */
    bool continued;
} cfg_ctx;

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) { (*s)++; (*n)--; }
    while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

static bool is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* install_requires, install-requires and Install_Requires are one option to setuptools. */
static bool key_is(const cfg_ctx *c, const char *word)
{
    if (c->key_len != strlen(word)) return false;
    for (size_t i = 0; i < c->key_len; i++) {
        char k = (char)tolower((unsigned char)c->key[i]);
        if ((k == '-' ? '_' : k) != word[i]) return false;
    }
    return true;
}

static void requirement(cfg_ctx *c, const char *s, size_t n, uint32_t line, bool dev)
{
    for (size_t i = 1; i < n; i++) /* an inline comment */
        if (s[i] == '#' && isspace((unsigned char)s[i - 1])) { n = i; break; }
    trim(&s, &n);
    if (n && s[0] != '#') mf_add_pep508(c->out, s, n, c->path, line, dev);
}

/* "file: a.txt, b.txt" */
static void file_includes(cfg_ctx *c, const char *s, size_t n, uint32_t line)
{
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ',' || isspace((unsigned char)s[i]))) i++;
        size_t j = i;
        while (j < n && s[j] != ',' && !isspace((unsigned char)s[j])) j++;
        char *p = j > i ? mf_join(c->path, s + i, j - i) : NULL;
        if (p) {
            manifest_include inc = {.path = p, .kind = MANIFEST_REQUIREMENTS, .from = xstrdup(c->path), .line = line};
            VEC_PUSH(&c->out->includes, inc);
        }
        i = j;
    }
}

static void requirement_list(cfg_ctx *c, bool dev)
{
    cfg_item *first = c->items.len ? &c->items.items[0] : NULL;
    if (first && first->n >= 5 && strncmp(first->s, "file:", 5) == 0) {
        for (size_t i = 0; i < c->items.len; i++) {
            cfg_item *it = &c->items.items[i];
            size_t skip = i == 0 ? 5 : 0;
            file_includes(c, it->s + skip, it->n - skip, it->line);
        }
        return;
    }
    for (size_t i = 0; i < c->items.len; i++) {
        cfg_item *it = &c->items.items[i];
        if (c->continued) {
            requirement(c, it->s, it->n, it->line, dev);
            continue;
        }
        for (size_t a = 0; a <= it->n;) {
            size_t b = a;
            while (b < it->n && it->s[b] != ';') b++;
            requirement(c, it->s + a, b - a, it->line, dev);
            a = b + 1;
        }
    }
}

static void flush(cfg_ctx *c)
{
    if (c->key && is(c->sec, c->sec_len, "options")) {
        if (key_is(c, "install_requires")) requirement_list(c, false);
        else if (key_is(c, "tests_require")) requirement_list(c, true);
    } else if (c->key && is(c->sec, c->sec_len, "options.extras_require")) {
        requirement_list(c, true);
    }
    c->key = NULL;
    c->items.len = 0;
    c->continued = false;
}

static void physical_line(cfg_ctx *c, const char *s, size_t n, uint32_t line)
{
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (!tn || t[0] == '#' || t[0] == ';') return; /* blank lines and comments do not end a value */
    if (t != s && c->key) {                       /* indented: a continuation */
        VEC_PUSH(&c->items, ((cfg_item){t, tn, line}));
        c->continued = true;
        return;
    }
    flush(c);
    if (t[0] == '[') {
        const char *close = memchr(t, ']', tn);
        c->sec = t + 1;
        c->sec_len = close ? (size_t)(close - t - 1) : 0;
        trim(&c->sec, &c->sec_len);
        return;
    }
    size_t eq = 0;
    while (eq < tn && t[eq] != '=' && t[eq] != ':') eq++;
    if (eq >= tn) return; /* not an option line: setuptools would fail, we just skip it */
    const char *k = t, *v = t + eq + 1;
    size_t kn = eq, vn = tn - eq - 1;
    trim(&k, &kn);
    trim(&v, &vn);
    c->key = k;
    c->key_len = kn;
    if (vn) VEC_PUSH(&c->items, ((cfg_item){v, vn, line}));
}

void manifest_read_setup_cfg(const char *path, const char *text, size_t len, manifest_result *out)
{
    cfg_ctx c = {.path = path, .out = out, .sec = "", .sec_len = 0};
    uint32_t line = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        physical_line(&c, p, n, ++line);
        p = nl ? nl + 1 : end;
    }
    flush(&c);
    VEC_FREE(&c.items);
}
