/* seedgen: writes seed inputs for the fuzz harnesses from the project's own files (run by
 * fuzz/seeds.sh at build time; not a harness). Reads requests from stdin, one a line,
 * fields separated by tabs, and writes each seed into OUTDIR under a name made from its
 * content's hash, so equal seeds are written once:
 *
 *   raw FILE              the file as it is
 *   named NAME FILE       NAME "\n" and the file: a "named file" input (fuzz_util.h)
 *   strings FILE [NAME]   every C string literal of FILE (adjacent literals joined, escapes
 *                         decoded), with NAME "\n" in front when NAME is given
 *   pairs FILE            "A\nB" for each literal A directly followed by ", B" where A is a
 *                         short single line: the (path, text) and (pattern, path)
 *                         arguments of the tests
 *   ruletests FILE        each inline test case of a rule file (tests: match / no_match) as
 *                         "PATH\nCODE", PATH as `aiready rules test` names the case
 *
 * Usage: seedgen OUTDIR < requests */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "dom.h"
#include "sha256.h"
#include "yamlr.h"

static const char *outdir;
static size_t written;

static void emit(const char *data, size_t len)
{
    char hex[65];
    sha256_hex(data, len, hex);
    buf path = {0};
    buf_printf(&path, "%s/%.16s", outdir, hex);
    FILE *f = fopen(path.data, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        perror(path.data);
        exit(1);
    }
    fclose(f);
    buf_free(&path);
    written++;
}

static void emit_named(const char *name, const char *data, size_t len)
{
    buf b = {0};
    if (name) buf_printf(&b, "%s\n", name);
    buf_append(&b, data, len);
    emit(b.data, b.len);
    buf_free(&b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
    fclose(f);
    *len = b.len;
    if (!b.data) buf_append(&b, "", 0);
    return buf_take(&b);
}

/* --- C string literals ------------------------------------------------------------- */

typedef struct lit {
    buf text;
    bool then_comma; /* followed by ',' and then another literal */
} lit;

typedef VEC(lit) lit_list;

static const char *skip_space(const char *p, const char *end)
{
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
        if (p + 1 < end && p[0] == '/' && p[1] == '/') {
            while (p < end && *p != '\n') p++;
        } else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : end;
        } else {
            return p;
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the literal whose opening quote is at p into b; returns past its closing quote. */
static const char *read_literal(const char *p, const char *end, buf *b)
{
    static const char esc_in[] = "ntrabfv\\\"'?", esc_out[] = "\n\t\r\a\b\f\v\\\"'?";
    for (p++; p < end && *p != '"'; p++) {
        if (*p != '\\' || p + 1 >= end) { buf_putc(b, *p); continue; }
        p++;
        const char *e = strchr(esc_in, *p);
        if (e && *p) { buf_putc(b, esc_out[e - esc_in]); continue; }
        int v = 0;
        if (*p == 'x') {
            while (p + 1 < end && hexval(p[1]) >= 0) v = v * 16 + hexval(*++p);
        } else if (*p >= '0' && *p <= '7') {
            v = *p - '0';
            for (int k = 1; k < 3 && p + 1 < end && p[1] >= '0' && p[1] <= '7'; k++) v = v * 8 + (*++p - '0');
        } else {
            v = (unsigned char)*p; /* an escape C does not know: keep the character */
        }
        buf_putc(b, (char)v);
    }
    return p < end ? p + 1 : end;
}

static void c_literals(const char *src, size_t len, lit_list *out)
{
    const char *p = src, *end = src + len;
    while ((p = skip_space(p, end)) < end) {
        if (*p == '\'') { /* a character literal: may hold a quote */
            for (p++; p < end && *p != '\''; p++)
                if (*p == '\\') p++;
            p++;
            continue;
        }
        if (*p != '"') { p++; continue; }
        lit l = {{0}, false};
        buf_append(&l.text, "", 0);
        while (p < end && *p == '"') p = skip_space(read_literal(p, end, &l.text), end);
        if (p < end && *p == ',') {
            const char *q = skip_space(p + 1, end);
            l.then_comma = q < end && *q == '"';
        }
        VEC_PUSH(out, l);
    }
}

static void do_strings(const char *file, const char *name, bool pairs)
{
    size_t len;
    char *src = slurp(file, &len);
    lit_list ls = {0};
    c_literals(src, len, &ls);
    for (size_t i = 0; i < ls.len; i++) {
        const buf *a = &ls.items[i].text;
        if (!pairs) {
            if (a->len) emit_named(name, a->data, a->len);
        } else if (ls.items[i].then_comma && i + 1 < ls.len && a->len > 0 && a->len <= 160 && !memchr(a->data, '\n', a->len)) {
            emit_named(a->data, ls.items[i + 1].text.data, ls.items[i + 1].text.len);
        }
    }
    for (size_t i = 0; i < ls.len; i++) buf_free(&ls.items[i].text);
    VEC_FREE(&ls);
    free(src);
}

/* --- rule test cases --------------------------------------------------------------- */

static const char *snippet_path(const char *language)
{
    if (!language) return NULL;
    if (!strcmp(language, "python")) return "snippet.py";
    if (!strcmp(language, "javascript")) return "snippet.js";
    if (!strcmp(language, "typescript")) return "snippet.ts";
    if (!strcmp(language, "tsx")) return "snippet.tsx";
    return NULL;
}

/* A path a glob matches, roughly: "**" + "/" dropped, wildcards and classes become 'x',
 * a brace its first alternative. */
static char *path_from_glob(const char *g)
{
    buf b = {0};
    while (!strncmp(g, "**/", 3) || *g == '/') g += *g == '/' ? 1 : 3;
    for (const char *p = g; *p; p++) {
        if (*p == '*' || *p == '?') {
            while (p[1] == '*') p++;
            buf_putc(&b, 'x');
        } else if (*p == '[') {
            const char *e = strchr(p + 1, ']');
            buf_putc(&b, 'x');
            if (e) p = e;
        } else if (*p == '{') {
            const char *e = strpbrk(p + 1, ",}");
            buf_append(&b, p + 1, e ? (size_t)(e - p - 1) : strlen(p + 1));
            const char *close = strchr(p, '}');
            if (!close) break;
            p = close;
        } else {
            buf_putc(&b, *p);
        }
    }
    return buf_take(&b);
}

static const char *first_str(const dom *v)
{
    return dom_type_of(v) == DOM_ARRAY ? dom_str(dom_at(v, 0)) : dom_str(v);
}

static void emit_case(const dom *rule, const dom *c)
{
    const char *code = dom_type_of(c) == DOM_TABLE ? dom_get_str(c, "code") : dom_str(c);
    if (!code) return;
    const char *path = dom_type_of(c) == DOM_TABLE ? dom_get_str(c, "path") : NULL;
    if (!path && dom_type_of(c) == DOM_TABLE) path = snippet_path(dom_get_str(c, "language"));
    if (!path) path = snippet_path(first_str(dom_get(rule, "languages")));
    char *made = NULL;
    if (!path && first_str(dom_get(rule, "files"))) path = made = path_from_glob(first_str(dom_get(rule, "files")));
    emit_named(path ? path : "snippet.txt", code, strlen(code));
    free(made);
}

static void do_ruletests(const char *file)
{
    size_t len;
    char *text = slurp(file, &len);
    char *err = NULL;
    dom *root = yamlr_parse(text, len, &err);
    const dom *rules = dom_get(root, "rules");
    for (size_t i = 0; i < dom_len(rules); i++) {
        const dom *r = dom_at(rules, i), *tests = dom_get(r, "tests");
        static const char *const kinds[] = {"match", "no_match"};
        for (size_t k = 0; k < 2; k++) {
            const dom *cases = dom_get(tests, kinds[k]);
            for (size_t j = 0; j < dom_len(cases); j++) emit_case(r, dom_at(cases, j));
        }
    }
    dom_free(root);
    free(err);
    free(text);
}

/* --- requests ------------------------------------------------------------------------ */

static void request(char *line)
{
    char *f[4] = {0};
    size_t n = 0;
    for (char *t = line; t && n < 4; n++) {
        f[n] = t;
        t = strchr(t, '\t');
        if (t) *t++ = '\0';
    }
    if (n >= 2 && !strcmp(f[0], "raw")) {
        size_t len;
        char *text = slurp(f[1], &len);
        emit(text, len);
        free(text);
    } else if (n >= 3 && !strcmp(f[0], "named")) {
        size_t len;
        char *text = slurp(f[2], &len);
        emit_named(f[1], text, len);
        free(text);
    } else if (n >= 2 && !strcmp(f[0], "strings")) {
        do_strings(f[1], n >= 3 && *f[2] ? f[2] : NULL, false);
    } else if (n >= 2 && !strcmp(f[0], "pairs")) {
        do_strings(f[1], NULL, true);
    } else if (n >= 2 && !strcmp(f[0], "ruletests")) {
        do_ruletests(f[1]);
    } else {
        fprintf(stderr, "seedgen: bad request '%s'\n", line);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seedgen OUTDIR < requests\n");
        return 2;
    }
    outdir = argv[1];
    mkdir(outdir, 0755);
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (*line) request(line);
    }
    printf("%zu\n", written);
    return 0;
}
