/* fuzz_util: helpers shared by the harnesses (see fuzz_util.h). */
#define _XOPEN_SOURCE 700
#include "fuzz_util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules.h"

char *fz_strndup(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) abort();
    if (n) memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

/* --- named files ------------------------------------------------------------------- */

/* Where the file that starts at data[from] ends: before a "\n\0" separator, or size. */
static size_t file_end(const uint8_t *data, size_t size, size_t from, bool last)
{
    if (last) return size;
    for (size_t i = from; i + 1 < size; i++)
        if (data[i] == '\n' && data[i + 1] == '\0') return i;
    return size;
}

void fz_files_split(const uint8_t *data, size_t size, fz_files *out)
{
    memset(out, 0, sizeof *out);
    size_t at = 0;
    for (;;) {
        fz_file *f = &out->f[out->n++];
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t body = nl ? (size_t)(nl - data) + 1 : at;
        f->path = fz_strndup(data + at, nl ? (size_t)(nl - (data + at)) : 0);
        size_t end = file_end(data, size, body, out->n == FZ_MAX_FILES);
        f->text = fz_strndup(data + body, end - body);
        f->len = end - body;
        if (end == size) break;
        at = end + 2; /* past the "\n\0" separator */
    }
}

void fz_files_free(fz_files *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].path);
        free(fs->f[i].text);
    }
    fs->n = 0;
}

uint32_t fz_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* --- scratch folder ---------------------------------------------------------------- */

static char *tmp_roots[8];
static size_t n_tmp_roots;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static void remove_tmp_roots(void)
{
    for (size_t i = 0; i < n_tmp_roots; i++) nftw(tmp_roots[i], remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fz_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    char *dir = malloc(strlen(base) + strlen(tag) + 32);
    if (!dir) abort();
    sprintf(dir, "%s/aiready-fuzz-%s.XXXXXX", base, tag);
    if (!mkdtemp(dir) || n_tmp_roots == sizeof tmp_roots / sizeof *tmp_roots) {
        fprintf(stderr, "fuzz: cannot make a scratch folder %s: %s\n", dir, strerror(errno));
        abort();
    }
    if (n_tmp_roots == 0) atexit(remove_tmp_roots);
    tmp_roots[n_tmp_roots++] = dir;
    return dir;
}

static bool plain_relative(const char *rel)
{
    size_t n = strlen(rel);
    if (n == 0 || n > FZ_MAX_PATH || rel[0] == '/' || rel[n - 1] == '/') return false;
    for (const char *seg = rel; *seg;) {
        size_t k = strcspn(seg, "/");
        if (k == 0 || (k == 1 && seg[0] == '.') || (k == 2 && seg[0] == '.' && seg[1] == '.')) return false;
        for (size_t i = 0; i < k; i++) {
            char c = seg[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      strchr("._@+-", c);
            if (!ok) return false;
        }
        seg += k;
        if (*seg == '/') seg++;
    }
    return true;
}

/* Removes the folders of path p (root's length rn) that are left empty, deepest first. */
static void prune_parents(char *p, size_t rn)
{
    for (char *s = strrchr(p, '/'); s && s > p + rn; s = strrchr(p, '/')) {
        *s = '\0';
        if (rmdir(p) != 0) break;
    }
}

void fz_remove_file(const char *root, const char *rel)
{
    size_t rn = strlen(root);
    char *p = malloc(rn + strlen(rel) + 2);
    if (!p) abort();
    sprintf(p, "%s/%s", root, rel);
    unlink(p);
    prune_parents(p, rn);
    free(p);
}

bool fz_write_file(const char *root, const char *rel, const char *text, size_t len)
{
    if (!plain_relative(rel)) return false;
    size_t rn = strlen(root);
    char *p = malloc(rn + strlen(rel) + 2);
    if (!p) abort();
    sprintf(p, "%s/%s", root, rel);
    for (char *s = p + rn + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
    bool ok = fd >= 0 && (len == 0 || write(fd, text, len) == (ssize_t)len);
    if (fd >= 0) close(fd);
    if (!ok) {
        if (fd >= 0) unlink(p);
        prune_parents(p, rn);
    }
    free(p);
    return ok;
}

/* --- rules, dom, sinks ---------------------------------------------------------------- */

const char *fz_rules_dir(void)
{
    static char *dir;
    if (!dir) dir = rules_default_dir();
    if (!dir) {
        fprintf(stderr, "fuzz: no rules folder (set AIREADY_RULES)\n");
        abort();
    }
    return dir;
}

size_t fz_dom_walk(const dom *v)
{
    if (!v) return 0;
    size_t n = 1;
    volatile size_t sink = dom_line(v) + (size_t)dom_bool(v) + (size_t)dom_int(v);
    (void)dom_float(v);
    (void)dom_type_name(dom_type_of(v));
    const char *s = dom_str(v);
    if (s) {
        size_t len = dom_str_len(v);
        for (size_t i = 0; i < len; i++) sink += (unsigned char)s[i];
    }
    for (size_t i = 0; i < dom_len(v); i++) {
        const char *k = dom_key(v, i);
        if (k) sink += strlen(k) + (dom_get(v, k) != NULL);
        n += fz_dom_walk(dom_at(v, i));
    }
    (void)sink;
    return n;
}

bool fz_open_checks(void)
{
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("AIREADY_FUZZ_OPEN_CHECKS");
        on = v && !strcmp(v, "1");
    }
    return on;
}

FILE *fz_devnull(void)
{
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    if (!f) abort();
    return f;
}
