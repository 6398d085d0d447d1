#include "notebook.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dom.h"
#include "jsonr.h"

/* One text with the location of each of its lines. */
typedef struct nb_text {
    buf text;
    VEC(notebook_loc) lines;
} nb_text;

struct notebook {
    char *path;
    bool python;
    size_t cells;
    nb_text code, secrets;
};

bool notebook_is_path(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 6 && strcasecmp(path + n - 6, ".ipynb") == 0;
}

/* --- IPython syntax ---------------------------------------------------------------- */

static const char *skip_blank(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

static bool is_ident(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.'; }

/* `x = !ls`, `a, b = %sx cmd`: an assignment whose right side is a magic or a shell. */
static bool is_magic_assignment(const char *s, const char *end)
{
    const char *p = s;
    while (p < end && (is_ident(*p) || *p == ',' || *p == ' ' || *p == '\t')) p++;
    if (p == s || p >= end || *p != '=' || (p + 1 < end && p[1] == '=')) return false;
    p = skip_blank(p + 1, end);
    return p < end && (*p == '!' || *p == '%');
}

/* `obj?`, `obj??`, `?obj`: IPython help. */
static bool is_help(const char *s, const char *end)
{
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (s < end && *s == '?') return true;
    if (end == s || end[-1] != '?') return false;
    const char *p = end - 1;
    if (p > s && p[-1] == '?') p--;
    if (p == s) return false;
    for (const char *q = s; q < p; q++)
        if (!is_ident(*q)) return false;
    return true;
}

/* `pip install x`, `conda install y`: automagics, never Python. */
static bool is_automagic(const char *p, const char *end)
{
    static const char *const cmds[] = {"pip", "conda", "mamba"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        size_t n = strlen(cmds[i]);
        if ((size_t)(end - p) <= n || memcmp(p, cmds[i], n) != 0 || (p[n] != ' ' && p[n] != '\t')) continue;
        const char *q = skip_blank(p + n, end), *w = q;
        while (q < end && isalpha((unsigned char)*q)) q++;
        return q > w && (q == end || *q == ' ' || *q == '\t' || *q == '\r');
    }
    return false;
}

/* Whether a line of a code cell is IPython syntax rather than Python. */
static bool is_ipython_line(const char *s, const char *end)
{
    const char *p = skip_blank(s, end);
    if (p >= end) return false;
    if (*p == '%' || *p == '!' || is_automagic(p, end)) return true;
    return is_magic_assignment(p, end) || is_help(p, end);
}

/* Cell magics whose body is still Python. */
static bool python_cell_magic(const char *name, size_t n)
{
    static const char *const ok[] = {"time", "timeit", "capture", "prun", "memit", "debug", "python", "python3"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strlen(ok[i]) == n && memcmp(ok[i], name, n) == 0) return true;
    return false;
}

/* --- building the texts ------------------------------------------------------------ */

/* Appends one line (without its newline) and its location. */
static void add_line(nb_text *t, const char *s, size_t n, notebook_loc loc, bool comment)
{
    if (n && s[n - 1] == '\r') n--;
    loc.col_shift = 0;
    if (comment) {
        const char *p = skip_blank(s, s + n);
        size_t indent = (size_t)(p - s);
        buf_append(&t->text, s, indent);
        buf_putc(&t->text, '#');
        buf_append(&t->text, p, n - indent);
        loc.col_shift = 1;
    } else {
        buf_append(&t->text, s, n);
    }
    buf_putc(&t->text, '\n');
    VEC_PUSH(&t->lines, loc);
}

/* A cell's source or an output's text: a string, or an array of strings (each usually
 * one line, on its own raw line). Calls fn for every line with its raw line. */
typedef void (*line_fn)(void *ctx, const char *s, size_t n, uint32_t raw_line);

/* Joins the pieces of a multi-line string array into whole lines (an element need not end
 * with a newline; the next one then continues the line), calling fn per line. */
typedef struct joiner {
    buf line;
    uint32_t raw_line;
    bool have;
} joiner;

static void join_piece(joiner *j, const char *s, size_t n, uint32_t raw_line)
{
    if (!j->have) j->raw_line = raw_line;
    buf_append(&j->line, s, n);
    j->have = true;
}

static void each_line(const dom *v, line_fn fn, void *ctx)
{
    joiner j = {{0}, 0, false};
    size_t n = dom_type_of(v) == DOM_ARRAY ? dom_len(v) : 1;
    for (size_t i = 0; i < n; i++) {
        const dom *e = dom_type_of(v) == DOM_ARRAY ? dom_at(v, i) : v;
        if (dom_type_of(e) != DOM_STRING) continue;
        const char *s = dom_str(e), *end = s + dom_str_len(e);
        while (s < end) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            const char *stop = nl ? nl : end;
            join_piece(&j, s, (size_t)(stop - s), dom_line(e));
            if (nl) {
                fn(ctx, j.line.data ? j.line.data : "", j.line.len, j.raw_line);
                j.line.len = 0;
                j.have = false;
            }
            s = stop + (nl ? 1 : 0);
        }
    }
    if (j.have) fn(ctx, j.line.data ? j.line.data : "", j.line.len, j.raw_line);
    buf_free(&j.line);
}

/* Collects a cell's lines first, to look at its first line before deciding. */
typedef struct line_rec {
    size_t off, len;
    uint32_t raw;
} line_rec;

typedef struct cell_lines {
    buf text;
    VEC(line_rec) lines;
} cell_lines;

static void collect(void *ctx, const char *s, size_t n, uint32_t raw_line)
{
    cell_lines *c = ctx;
    line_rec r = {c->text.len, n, raw_line};
    buf_append(&c->text, s, n);
    VEC_PUSH(&c->lines, r);
}

static void cell_lines_free(cell_lines *c)
{
    buf_free(&c->text);
    VEC_FREE(&c->lines);
}

/* Whether the whole cell is in another language (`%%bash`, `%%writefile`, `%%html`...). */
static bool foreign_cell(const cell_lines *c, size_t *magic_line)
{
    for (size_t i = 0; i < c->lines.len; i++) {
        const char *s = c->text.data + c->lines.items[i].off, *end = s + c->lines.items[i].len;
        const char *p = skip_blank(s, end);
        if (p == end) continue;
        if (end - p < 2 || p[0] != '%' || p[1] != '%') return false;
        *magic_line = i;
        const char *name = p + 2, *q = name;
        while (q < end && is_ident(*q)) q++;
        return !python_cell_magic(name, (size_t)(q - name));
    }
    return false;
}

static void add_code_cell(notebook *nb, const dom *cell, uint32_t number)
{
    cell_lines c = {0};
    each_line(dom_get(cell, "source"), collect, &c);
    size_t magic = (size_t)-1;
    bool foreign = foreign_cell(&c, &magic);
    bool continued = false; /* a magic line ending in '\' continues on the next line */
    for (size_t i = 0; i < c.lines.len; i++) {
        const char *s = c.text.data ? c.text.data + c.lines.items[i].off : "";
        size_t n = c.lines.items[i].len;
        notebook_loc loc = {c.lines.items[i].raw, number, (uint32_t)i + 1, false, 0};
        if (!nb->python) {
            add_line(&nb->secrets, s, n, loc, false);
            continue;
        }
        bool ipy = foreign || continued || i == magic || is_ipython_line(s, s + n);
        continued = ipy && n && s[n - 1] == '\\';
        add_line(&nb->code, s, n, loc, ipy);
    }
    cell_lines_free(&c);
}

typedef struct out_ctx {
    notebook *nb;
    uint32_t cell, line;
} out_ctx;

static void add_output_line(void *ctx, const char *s, size_t n, uint32_t raw_line)
{
    out_ctx *o = ctx;
    notebook_loc loc = {raw_line, o->cell, ++o->line, true, 0};
    add_line(&o->nb->secrets, s, n, loc, false);
}

/* Stored outputs: stream text, text and script data (not images), error tracebacks. */
static void add_outputs(notebook *nb, const dom *cell, uint32_t number)
{
    const dom *outs = dom_get(cell, "outputs");
    out_ctx o = {nb, number, 0};
    for (size_t i = 0; i < dom_len(outs); i++) {
        const dom *out = dom_at(outs, i);
        each_line(dom_get(out, "text"), add_output_line, &o);
        each_line(dom_get(out, "traceback"), add_output_line, &o);
        const dom *data = dom_get(out, "data");
        for (size_t k = 0; k < dom_len(data); k++) {
            const char *mime = dom_key(data, k);
            if (mime && (strncmp(mime, "text/", 5) == 0 || strcmp(mime, "application/javascript") == 0))
                each_line(dom_at(data, k), add_output_line, &o);
        }
    }
}

typedef struct src_ctx {
    notebook *nb;
    uint32_t cell, line;
} src_ctx;

static void add_doc_line(void *ctx, const char *s, size_t n, uint32_t raw_line)
{
    src_ctx *c = ctx;
    notebook_loc loc = {raw_line, c->cell, ++c->line, false, 0};
    add_line(&c->nb->secrets, s, n, loc, false);
}

static bool language_is_python(const dom *root)
{
    const char *name = dom_str(dom_path(root, "metadata", "kernelspec", "language", NULL));
    if (!name) name = dom_str(dom_path(root, "metadata", "language_info", "name", NULL));
    return !name || strncasecmp(name, "python", 6) == 0;
}

notebook *notebook_read(const char *path, const char *json, size_t len, char **error)
{
    *error = NULL;
    char *perr = NULL;
    dom *root = jsonr_parse(json, len, 0, &perr);
    const dom *cells = dom_get(root, "cells");
    if (perr || dom_type_of(root) != DOM_TABLE || dom_type_of(cells) != DOM_ARRAY) {
        buf m = {0};
        if (perr) buf_printf(&m, "malformed notebook (%s); read as plain text", perr);
        else if (dom_type_of(root) != DOM_TABLE) buf_puts(&m, "malformed notebook (not a JSON object); read as plain text");
        else buf_puts(&m, "not a notebook aiready can read (no \"cells\" list: nbformat 4 is read); read as plain text");
        *error = buf_take(&m);
        free(perr);
        dom_free(root);
        return NULL;
    }
    notebook *nb = xcalloc(1, sizeof *nb);
    nb->path = xstrdup(path);
    nb->python = language_is_python(root);
    nb->cells = dom_len(cells);
    for (size_t i = 0; i < nb->cells; i++) {
        const dom *cell = dom_at(cells, i);
        uint32_t number = (uint32_t)i + 1;
        const char *type = dom_get_str(cell, "cell_type");
        if (type && strcmp(type, "code") == 0) {
            add_code_cell(nb, cell, number);
            add_outputs(nb, cell, number);
        } else {
            src_ctx c = {nb, number, 0};
            each_line(dom_get(cell, "source"), add_doc_line, &c);
        }
    }
    if (!nb->code.text.data) buf_puts(&nb->code.text, "");
    if (!nb->secrets.text.data) buf_puts(&nb->secrets.text, "");
    dom_free(root);
    return nb;
}

void notebook_free(notebook *nb)
{
    if (!nb) return;
    free(nb->path);
    buf_free(&nb->code.text);
    VEC_FREE(&nb->code.lines);
    buf_free(&nb->secrets.text);
    VEC_FREE(&nb->secrets.lines);
    free(nb);
}

const char *notebook_path(const notebook *nb) { return nb->path; }
bool notebook_is_python(const notebook *nb) { return nb->python; }
size_t notebook_cells(const notebook *nb) { return nb->cells; }

const char *notebook_code(const notebook *nb, size_t *len)
{
    *len = nb->code.text.len;
    return nb->code.text.data;
}

const char *notebook_secrets(const notebook *nb, size_t *len)
{
    *len = nb->secrets.text.len;
    return nb->secrets.text.data;
}

bool notebook_locate(const notebook *nb, bool secrets, uint32_t line, notebook_loc *out)
{
    const nb_text *t = secrets ? &nb->secrets : &nb->code;
    if (line == 0 || line > t->lines.len) return false;
    *out = t->lines.items[line - 1];
    return true;
}

static uint32_t unshift(uint32_t col, uint8_t shift)
{
    return col > shift ? col - shift : col;
}

void notebook_place_finding(const notebook *nb, bool secrets, finding *f)
{
    notebook_loc a, b;
    if (f->cell || !notebook_locate(nb, secrets, f->line, &a)) return;
    f->cell = a.cell;
    f->cell_line = a.cell_line;
    f->in_output = a.in_output;
    f->column = unshift(f->column, a.col_shift);
    if (notebook_locate(nb, secrets, f->end_line, &b) && b.cell == a.cell && b.in_output == a.in_output) {
        f->end_line = b.raw_line;
        f->end_column = unshift(f->end_column, b.col_shift);
    } else {
        f->end_line = a.raw_line;
        f->end_column = 0;
    }
    f->line = a.raw_line;
}

const notebook *notebook_find(notebook *const *nbs, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(nbs[mid]->path, path);
        if (c == 0) return nbs[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

void notebook_place_late(notebook *const *nbs, size_t n, finding_list *findings, model_call_list *calls,
                         suppression_list *suppressed)
{
    if (n == 0) return;
    for (size_t i = 0; i < findings->len; i++) {
        finding *f = &findings->items[i];
        const notebook *nb = f->file && !f->cell ? notebook_find(nbs, n, f->file) : NULL;
        if (nb) notebook_place_finding(nb, false, f);
    }
    for (size_t i = 0; i < suppressed->len; i++) {
        suppression *s = &suppressed->items[i];
        const notebook *nb = s->finding.file && !s->finding.cell ? notebook_find(nbs, n, s->finding.file) : NULL;
        notebook_loc loc;
        if (!nb) continue;
        if (notebook_locate(nb, false, s->comment_line, &loc)) s->comment_line = loc.raw_line;
        notebook_place_finding(nb, false, &s->finding);
    }
    for (size_t i = 0; i < calls->len; i++) {
        model_call *c = &calls->items[i];
        const notebook *nb = c->file && !c->in_notebook ? notebook_find(nbs, n, c->file) : NULL;
        notebook_loc loc;
        if (!nb || !notebook_locate(nb, false, c->line, &loc)) continue;
        c->in_notebook = true;
        c->cell = loc.cell;
        c->cell_line = loc.cell_line;
        c->line = loc.raw_line;
        c->column = unshift(c->column, loc.col_shift);
    }
}
