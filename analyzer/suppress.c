#include "suppress.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"
#include "sha256.h"

/* Which comment openers may introduce the marker in a file. */
enum {
    OPEN_HASH = 1,       /* #            python, yaml, toml, shell, Dockerfile, .env ... */
    OPEN_SLASHES = 2,    /* //           JS/TS */
    OPEN_BLOCK = 4,      /* / *  and a leading * on a block comment's continuation line */
    OPEN_HTML = 8,       /* <!--         markdown, HTML */
    OPEN_ANY = 15,
};

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : "";
}

static bool ext_in(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(ext, *list)) return true;
    return false;
}

static int openers_for(const source *src)
{
    static const char *const hash[] = {"py", "pyi", "pyw", "yml", "yaml", "toml", "sh", "bash", "zsh",
                                       "cfg", "ini", "conf", "env", "txt", "r", "rb", "pl", "tf", NULL};
    static const char *const slashes[] = {"js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts",
                                          "jsonc", "json5", "go", "java", "kt", "rs", "swift",
                                          "c", "h", "cc", "cpp", "cs", "scss", "less", NULL};
    static const char *const html[] = {"md", "markdown", "mdx", "html", "htm", "xml", "svg", NULL};
    if (src->lang == LANG_PYTHON) return OPEN_HASH;
    if (src->lang == LANG_JAVASCRIPT || src->lang == LANG_TYPESCRIPT || src->lang == LANG_TSX)
        return OPEN_SLASHES | OPEN_BLOCK;
    const char *ext = extension(src->path);
    const char *slash = strrchr(src->path, '/');
    const char *base = slash ? slash + 1 : src->path;
    if (ext_in(ext, hash) || !strncmp(base, "Dockerfile", 10) || !strncmp(base, "Containerfile", 13)
        || !strcmp(base, "Makefile") || !strncmp(base, ".env", 4) || !strcmp(base, "Procfile"))
        return OPEN_HASH;
    static const char *const none[] = {"json", "sarif", "map", NULL}; /* no comments at all */
    if (ext_in(ext, none)) return 0;
    if (ext_in(ext, slashes)) return OPEN_SLASHES | OPEN_BLOCK;
    if (!strcasecmp(ext, "css")) return OPEN_BLOCK;
    if (ext_in(ext, html)) return OPEN_HTML;
    return OPEN_ANY; /* unknown syntax: any of them */
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Whether line[0..at) ends, blanks aside, with a comment opener allowed here. */
static bool opened_by_comment(const char *line, size_t at, int openers)
{
    size_t n = at;
    while (n > 0 && is_blank(line[n - 1])) n--;
    if (n == 0) return false;
    if ((openers & OPEN_HASH) && line[n - 1] == '#') return true;
    if ((openers & OPEN_SLASHES) && ends_with(line, n, "//")) return true;
    if ((openers & OPEN_HTML) && ends_with(line, n, "<!--")) return true;
    if (openers & OPEN_BLOCK) {
        if (ends_with(line, n, "/*")) return true;
        /* " * aiready-ignore: ..." inside a block comment */
        size_t k = 0;
        while (k < n && is_blank(line[k])) k++;
        if (k == n - 1 && line[k] == '*') return true;
    }
    return false;
}

/* A line holding only a comment (or a comment's continuation or end). */
static bool comment_line(const char *line, size_t n, int openers)
{
    size_t k = 0;
    while (k < n && (is_blank(line[k]) || line[k] == '\r')) k++;
    if (k == n) return false;
    const char *p = line + k;
    size_t m = n - k;
    if ((openers & OPEN_HASH) && p[0] == '#') return true;
    if ((openers & OPEN_SLASHES) && m >= 2 && !memcmp(p, "//", 2)) return true;
    if ((openers & OPEN_BLOCK) && (p[0] == '*' || (m >= 2 && !memcmp(p, "/*", 2)))) return true;
    if ((openers & OPEN_HTML) && m >= 4 && !memcmp(p, "<!--", 4)) return true;
    if ((openers & OPEN_HTML) && m >= 3 && !memcmp(p, "-->", 3)) return true;
    if (m >= 2 && !memcmp(p, "#!", 2)) return true;
    return false;
}

static bool blank_line(const char *line, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!is_blank(line[k]) && line[k] != '\r') return false;
    return true;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* A rule id as rules are named: dotted lower-case segments, at least two. */
static bool valid_rule_id(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.') return false;
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (!id_char(s[i])) return false;
        if (s[i] == '.') {
            if (s[i + 1] == '.' || s[i + 1] == '-' || s[i + 1] == '_') return false;
            dots++;
        }
    }
    return dots > 0 && s[0] != '-' && s[0] != '_';
}

typedef struct directive {
    uint32_t line;   /* of the comment */
    uint32_t next;   /* a comment alone on its line: the line of code it precedes; else 0 */
    uint32_t column; /* of the marker */
    char **rules;
    size_t n_rules;
    char *reason;    /* NULL when none */
    bool valid;
    bool header;     /* in the file's leading comment block */
} directive;

typedef VEC(directive) directive_list;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Trims blanks and a trailing comment closer from the reason text. */
static char *take_reason(const char *p, size_t n)
{
    while (n && is_space(*p)) { p++; n--; }
    /* a separator between the ids and the reason: "--", "-", ":" or an em dash */
    if (n >= 3 && !memcmp(p, "\xE2\x80\x94", 3)) { p += 3; n -= 3; }
    else if (n >= 2 && !memcmp(p, "--", 2) && (n == 2 || p[2] != '>')) { p += 2; n -= 2; }
    else if (n && (*p == '-' || *p == ':') && (n == 1 || is_space(p[1]))) { p++; n--; }
    while (n && is_space(*p)) { p++; n--; }
    for (;;) {
        while (n && is_space(p[n - 1])) n--;
        if (ends_with(p, n, "-->")) n -= 3;
        else if (ends_with(p, n, "*/")) n -= 2;
        else break;
    }
    return n ? xstrndup(p, n) : NULL;
}

/* Parses the text after the marker: [:] RULE_ID[,RULE_ID...] [reason]. */
static void parse_directive(const char *p, size_t n, directive *d)
{
    size_t i = 0;
    if (i < n && p[i] == ':') i++;
    for (;;) {
        while (i < n && is_space(p[i])) i++;
        size_t start = i;
        while (i < n && id_char(p[i])) i++;
        /* an id ends at a blank, a comma or the end of the comment */
        bool ends = i == n || is_space(p[i]) || p[i] == ',' || (n - i >= 2 && !memcmp(p + i, "*/", 2))
                    || (n - i >= 3 && !memcmp(p + i, "-->", 3));
        size_t len = i - start;
        if (len && p[i - 1] == '.') len--; /* a sentence's full stop */
        if (!ends || !valid_rule_id(p + start, len)) {
            if (d->n_rules == 0) return; /* no rule id: not valid */
            i = start;
            break;
        }
        d->rules = xrealloc(d->rules, (d->n_rules + 1) * sizeof *d->rules);
        d->rules[d->n_rules++] = xstrndup(p + start, len);
        size_t j = i;
        while (j < n && is_space(p[j])) j++;
        if (j < n && p[j] == ',') { i = j + 1; continue; }
        break;
    }
    d->valid = true;
    d->reason = take_reason(p + i, n - i);
}

static void find_directives(const source *src, directive_list *out)
{
    int openers = openers_for(src);
    size_t mlen = strlen(SUPPRESS_MARKER);
    bool in_header = true;
    for (uint32_t ln = 1; ln <= src->n_lines; ln++) {
        size_t n;
        const char *line = source_line_text(src, ln, &n);
        bool alone = comment_line(line, n, openers);
        bool header = in_header && (alone || blank_line(line, n));
        if (!header) in_header = false;
        for (size_t at = 0; at + mlen <= n; at++) {
            if (memcmp(line + at, SUPPRESS_MARKER, mlen) != 0) continue;
            size_t after = at + mlen;
            if (after < n && (id_char(line[after]) && line[after] != '.')) continue; /* aiready-ignored */
            if (at > 0 && (id_char(line[at - 1]) || line[at - 1] == '`' || line[at - 1] == '\'' || line[at - 1] == '"'))
                continue;
            if (!opened_by_comment(line, at, openers)) continue;
            directive d = {0};
            d.line = ln;
            d.column = (uint32_t)at + 1;
            d.header = header;
            if (alone) {
                /* the first line after the comment block it stands in */
                uint32_t m = ln + 1;
                for (; m <= src->n_lines; m++) {
                    size_t mn;
                    const char *ml = source_line_text(src, m, &mn);
                    if (!comment_line(ml, mn, openers)) break;
                }
                d.next = m <= src->n_lines ? m : 0;
            }
            parse_directive(line + after, n - after, &d);
            VEC_PUSH(out, d);
            break; /* one directive per line */
        }
    }
}

static bool contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = s; k <= n && (p = memchr(p, needle[0], n - k + 1 - (size_t)(p - s))); p++)
        if (!memcmp(p, needle, k)) return true;
    return false;
}

static bool names_rule(const directive *d, const char *rule)
{
    for (size_t i = 0; i < d->n_rules; i++)
        if (!strcmp(d->rules[i], rule)) return true;
    return false;
}

/* The directive that suppresses f, or NULL. */
static const directive *match(const directive_list *dl, const finding *f)
{
    for (size_t i = 0; i < dl->len; i++) {
        const directive *d = &dl->items[i];
        if (!d->valid || !names_rule(d, f->rule)) continue;
        if (f->line == 0 ? d->header : (f->line == d->line || (d->next && f->line == d->next))) return d;
    }
    return NULL;
}

static char *dupnull(const char *s) { return s ? xstrdup(s) : NULL; }

finding suppress_copy_finding(const finding *f)
{
    finding c = *f;
    c.rule = dupnull(f->rule);
    c.message = dupnull(f->message);
    c.remediation = dupnull(f->remediation);
    c.file = dupnull(f->file);
    c.snippet = dupnull(f->snippet);
    c.fingerprint = dupnull(f->fingerprint);
    return c;
}

/* A warning at the directive: rule SUPPRESS_BAD_RULE, message msg; the fingerprint covers
 * the file, the comment's text and which (the unknown id, or "" for a comment with none). */
static finding bad_suppression(const source *src, const directive *d, const char *msg, const char *which)
{
    size_t n;
    const char *line = source_line_text(src, d->line, &n);
    size_t k = 0;
    while (k < n && is_space(line[k])) k++;
    size_t len = n - k > 200 ? 200 : n - k;
    while (len && is_space(line[k + len - 1])) len--;
    finding f = {0};
    f.rule = xstrdup(SUPPRESS_BAD_RULE);
    f.effect = EFFECT_INFORMS;
    f.severity = SEV_WARNING;
    f.message = xstrdup(msg);
    f.remediation = xstrdup(*which ? "Use the rule id the report shows for the finding (`aiready rules list` lists "
                                     "the rule files' ids); a misspelt id suppresses nothing."
                                   : "Name the rule and say why: aiready-ignore: RULE_ID reason "
                                     "(the rule id is in the report). A bare ignore would hide every "
                                     "finding on the line, present and future, so it is not honoured.");
    f.file = xstrdup(src->path);
    f.line = f.end_line = d->line;
    f.column = d->column;
    f.end_column = d->column + (uint32_t)strlen(SUPPRESS_MARKER);
    f.snippet = redact_source_dup(src, line + k, len);
    buf b = {0};
    buf_puts(&b, SUPPRESS_BAD_RULE);
    buf_putc(&b, '\0');
    buf_puts(&b, src->path);
    buf_putc(&b, '\0');
    buf_append(&b, line + k, len);
    if (*which) {
        buf_putc(&b, '\0');
        buf_puts(&b, which);
    }
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(b.data, b.len, hex);
    buf_free(&b);
    f.fingerprint = xstrdup(hex);
    return f;
}

void suppress_apply(const source *src, finding_list *findings, suppression_list *honoured,
                    finding_list *problems)
{
    if (!src->text || !src->len || !openers_for(src)) return;
    /* the marker must appear somewhere before any line is looked at */
    if (!contains(src->text, src->len, SUPPRESS_MARKER)) return;
    directive_list dl = {0};
    find_directives(src, &dl);
    size_t kept = 0;
    for (size_t i = 0; i < findings->len; i++) {
        finding *f = &findings->items[i];
        const directive *d = f->rule && f->file && !strcmp(f->file, src->path) ? match(&dl, f) : NULL;
        if (!d) {
            findings->items[kept++] = *f;
            continue;
        }
        suppression s = {SUPPRESS_INLINE, *f, d->reason ? xstrdup(d->reason) : NULL, d->line, BASELINE_NONE};
        VEC_PUSH(honoured, s);
    }
    findings->len = kept;
    for (size_t i = 0; i < dl.len; i++) {
        if (!dl.items[i].valid) {
            finding bad = bad_suppression(src, &dl.items[i], "aiready-ignore names no rule id, so it suppresses nothing", "");
            VEC_PUSH(problems, bad);
        }
        for (size_t k = 0; k < dl.items[i].n_rules; k++) free(dl.items[i].rules[k]);
        free(dl.items[i].rules);
        free(dl.items[i].reason);
    }
    VEC_FREE(&dl);
}

/* A warning for a suppression comment naming a rule id no rule has: it suppresses nothing. */
static finding unknown_id(const source *src, const directive *d, const char *id)
{
    buf m = {0};
    buf_printf(&m, "aiready-ignore names the unknown rule id '%s', so it suppresses nothing", id);
    finding f = bad_suppression(src, d, m.data, id);
    buf_free(&m);
    free(f.rule);
    free(f.fingerprint);
    f.rule = xstrdup(SUPPRESS_UNKNOWN_RULE);
    buf fp = {0};
    buf_printf(&fp, "%s%c%s%c%s", SUPPRESS_UNKNOWN_RULE, 0, src->path, 0, id);
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(fp.data, fp.len, hex);
    buf_free(&fp);
    f.fingerprint = xstrdup(hex);
    return f;
}

void suppress_check_ids(const source *src, bool (*known)(const char *id, const void *ctx), const void *ctx,
                        finding_list *problems)
{
    if (!src->text || !src->len || !openers_for(src) || !known) return;
    if (!contains(src->text, src->len, SUPPRESS_MARKER)) return;
    directive_list dl = {0};
    find_directives(src, &dl);
    for (size_t i = 0; i < dl.len; i++) {
        directive *d = &dl.items[i];
        for (size_t k = 0; k < d->n_rules; k++) {
            if (d->valid && !known(d->rules[k], ctx)) {
                finding f = unknown_id(src, d, d->rules[k]);
                VEC_PUSH(problems, f);
            }
            free(d->rules[k]);
        }
        free(d->rules);
        free(d->reason);
    }
    VEC_FREE(&dl);
}

int suppression_compare(const void *pa, const void *pb)
{
    const suppression *a = pa, *b = pb;
    int c = finding_compare(&a->finding, &b->finding);
    if (c) return c;
    return (int)a->kind - (int)b->kind;
}

void suppression_list_free(suppression_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        finding_free(&l->items[i].finding);
        free(l->items[i].reason);
    }
    VEC_FREE(l);
}

void suppression_state_free(suppression_state *s)
{
    suppression_list_free(&s->list);
    finding_list_free(&s->absent);
    free(s->states);
    free(s->baseline_file);
    free(s->baselined);
    memset(s, 0, sizeof *s);
}

const char *suppression_kind_name(suppression_kind k)
{
    return k == SUPPRESS_BASELINE ? "baseline" : k == SUPPRESS_CONFIG ? "config" : "inline";
}

size_t suppression_count(const suppression_state *s, suppression_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < s->list.len; i++) n += s->list.items[i].kind == k;
    return n;
}
