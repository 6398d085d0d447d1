#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "utf16.h"

static const char *const skip_names[SKIP_REASON_COUNT] = {
    "none", "binary", "too_large", "minified", "unreadable",
    "symlink", "symlink_outside_root", "symlink_broken", "special_file",
    "excluded_dir", "gitignored", "excluded", "generated",
};

const char *skip_reason_name(skip_reason r)
{
    return (r >= 0 && r < SKIP_REASON_COUNT) ? skip_names[r] : "unknown";
}

/* Reads the whole of fd; files can grow or shrink while we read them. */
static bool read_all(int fd, size_t expect, size_t max, char **out, size_t *out_len)
{
    size_t cap = expect + 1, len = 0;
    char *data = xmalloc(cap + 1);
    for (;;) {
        if (len == cap) {
            if (cap > max) break;
            cap *= 2;
            data = xrealloc(data, cap + 1);
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            free(data);
            return false;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    data[len] = '\0';
    *out = data;
    *out_len = len;
    return true;
}

/* Binary: a NUL byte in the first 8 KiB (what git and ripgrep do). */
static bool looks_binary(const char *text, size_t len)
{
    size_t n = len < 8192 ? len : 8192;
    return memchr(text, '\0', n) != NULL;
}

/* A line ends at '\n', at '\r\n', and at a lone '\r' (old Mac line endings, which Python,
 * JavaScript and YAML all accept). */
static bool ends_line(const char *text, size_t len, size_t i)
{
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

static void build_line_index(source *s)
{
    uint32_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        if (ends_line(s->text, s->len, i)) n++;
    s->line_starts = xmalloc(n * sizeof *s->line_starts);
    s->line_starts[0] = 0;
    uint32_t k = 1;
    for (size_t i = 0; i < s->len; i++)
        if (ends_line(s->text, s->len, i)) s->line_starts[k++] = (uint32_t)(i + 1);
    s->n_lines = n;
}

/* A lone '\r' becomes '\n', byte for byte, so that offsets and columns stay those of the
 * file, and tree-sitter and every regex rule see the lines the language sees. */
static void normalise_lone_cr(char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')) text[i] = '\n';
}

static bool js_family(lang l) { return l == LANG_JAVASCRIPT || l == LANG_TYPESCRIPT || l == LANG_TSX; }

/* Minified or generated code: very long lines. A bundle (JavaScript, TypeScript) is
 * judged on its average line over the whole file, so one long line (a data URI, a long
 * string, a padded comment) among ordinary ones is fine. Other code (Python) is never
 * minified by hand: it counts as minified only when nearly every line is long. */
static bool looks_minified(const source *s, size_t max_line)
{
    if (s->len < 4096 || max_line == 0) return false;
    if (js_family(s->lang)) return s->len / s->n_lines > max_line;
    uint32_t nonempty = 0, long_lines = 0;
    for (uint32_t i = 0; i < s->n_lines; i++) {
        size_t end = i + 1 < s->n_lines ? s->line_starts[i + 1] : s->len;
        size_t n = end - s->line_starts[i];
        if (n > 1) nonempty++;
        if (n > max_line) long_lines++;
    }
    return nonempty && long_lines * 10 >= (uint64_t)nonempty * 9;
}

static bool utf8_valid(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

/* UTF-16 with a BOM, decoded (utf16.h); other text is kept as read. */
static void decode(char **data, size_t *len)
{
    if (!utf16_has_bom(*data, *len)) return;
    buf b = {0};
    utf16_to_utf8(*data, *len, &b);
    free(*data);
    *len = b.len;
    *data = buf_take(&b);
}

skip_reason source_load_fd(source *out, int fd, const source_limits *lim, const char **detail)
{
    *detail = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *detail = strerror(errno);
        close(fd);
        return SKIP_UNREADABLE;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return SKIP_SPECIAL;
    }
    if ((size_t)st.st_size > lim->max_file_size) {
        close(fd);
        return SKIP_TOO_LARGE;
    }
    char *data;
    size_t len;
    bool ok = read_all(fd, (size_t)st.st_size, lim->max_file_size, &data, &len);
    int saved = errno;
    close(fd);
    if (!ok) {
        *detail = strerror(saved);
        return SKIP_UNREADABLE;
    }
    if (len > lim->max_file_size) {
        free(data);
        return SKIP_TOO_LARGE;
    }
    decode(&data, &len);
    bool binary = looks_binary(data, len);
    if (!binary) normalise_lone_cr(data, len);
    out->text = data;
    out->len = len;
    out->owns_text = true;
    build_line_index(out);
    out->valid_utf8 = utf8_valid((const unsigned char *)data, len);
    if (binary) return SKIP_BINARY;
    if (out->cls == CLASS_CODE && looks_minified(out, lim->max_line_length)) return SKIP_MINIFIED;
    return SKIP_NONE;
}

static skip_reason open_error(const fsafe_error *e, const char **detail)
{
    if (e->status == FSAFE_NOT_REGULAR) return SKIP_SPECIAL;
    *detail = fsafe_strerror(e);
    return SKIP_UNREADABLE;
}

skip_reason source_load(source *out, const fsafe_root *root, const char *rel, const source_limits *lim,
                        const char **detail)
{
    *detail = NULL;
    fsafe_error e;
    int fd = fsafe_open(root, rel, FSAFE_FILE, &e);
    if (fd < 0) return open_error(&e, detail);
    return source_load_fd(out, fd, lim, detail);
}

void source_init_text(source *out, const char *path, lang l, const char *text, size_t len)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->lang = l;
    out->cls = l == LANG_NONE ? CLASS_OTHER : CLASS_CODE;
    out->text = text;
    out->len = len;
    build_line_index(out);
    out->valid_utf8 = utf8_valid((const unsigned char *)text, len);
}

void source_free(source *s)
{
    if (s->owns_text) free((char *)s->text);
    s->text = NULL;
    s->owns_text = false;
    free(s->line_starts);
    s->line_starts = NULL;
    s->n_lines = 0;
}

uint32_t source_line_of(const source *s, size_t offset)
{
    uint32_t lo = 0, hi = s->n_lines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= offset) lo = mid;
        else hi = mid;
    }
    return lo + 1;
}

uint32_t source_column_of(const source *s, size_t offset)
{
    uint32_t line = source_line_of(s, offset);
    return (uint32_t)(offset - s->line_starts[line - 1]) + 1;
}

const char *source_line_text(const source *s, uint32_t n, size_t *len)
{
    if (n == 0 || n > s->n_lines) { *len = 0; return ""; }
    size_t start = s->line_starts[n - 1];
    size_t end = n < s->n_lines ? s->line_starts[n] - 1 : s->len;
    if (end > start && s->text[end - 1] == '\r') end--;
    *len = end - start;
    return s->text + start;
}
