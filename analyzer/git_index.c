/* git_index: see git_index.h. Format: git's Documentation/gitformat-index.txt. */
#include "git_index.h"

#include <limits.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

#define INDEX_MAX_BYTES (256u << 20) /* a larger index is not read */

struct tracked_index {
    char **paths; /* relative to the scanned root, sorted */
    size_t n;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* git's offset varint (v4 path prefix lengths). Returns false past the end. */
static bool read_varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
    if (*p >= end) return false;
    unsigned char c = *(*p)++;
    size_t v = c & 127;
    while (c & 128) {
        if (*p >= end || v > (SIZE_MAX >> 8)) return false;
        c = *(*p)++;
        v = ((v + 1) << 7) | (c & 127);
    }
    *out = v;
    return true;
}

static void keep_path(tracked_index *ix, size_t *cap, const char *path, size_t plen, const char *prefix)
{
    size_t pre = strlen(prefix);
    if (plen <= pre || strncmp(path, prefix, pre) != 0) return;
    if (ix->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        ix->paths = xrealloc(ix->paths, *cap * sizeof *ix->paths);
    }
    char *s = xmalloc(plen - pre + 1);
    memcpy(s, path + pre, plen - pre);
    s[plen - pre] = '\0';
    ix->paths[ix->n++] = s;
}

tracked_index *tracked_index_parse(const unsigned char *data, size_t len, const char *prefix)
{
    if (len < 12 || memcmp(data, "DIRC", 4) != 0) return NULL;
    uint32_t version = be32(data + 4), count = be32(data + 8);
    if (version < 2 || version > 4) return NULL;
    tracked_index *ix = xcalloc(1, sizeof *ix);
    size_t cap = 0;
    const unsigned char *p = data + 12, *end = data + len;
    buf prev = {0};
    buf_puts(&prev, "");
    bool ok = true;
    for (uint32_t i = 0; i < count && ok; i++) {
        const unsigned char *start = p;
        if ((size_t)(end - p) < 62) { ok = false; break; }
        unsigned flags = (unsigned)p[60] << 8 | p[61];
        p += 62;
        if (version >= 3 && (flags & 0x4000)) {
            if (end - p < 2) { ok = false; break; }
            p += 2;
        }
        if (version == 4) {
            size_t strip;
            if (!read_varint(&p, end, &strip) || strip > prev.len) { ok = false; break; }
            const unsigned char *nul = memchr(p, '\0', (size_t)(end - p));
            if (!nul) { ok = false; break; }
            prev.len -= strip;
            buf_append(&prev, (const char *)p, (size_t)(nul - p));
            p = nul + 1;
        } else {
            const unsigned char *nul = memchr(p, '\0', (size_t)(end - p));
            if (!nul) { ok = false; break; }
            prev.len = 0;
            buf_append(&prev, (const char *)p, (size_t)(nul - p));
            size_t entry = (size_t)(nul - start);
            size_t padded = (entry + 8) & ~(size_t)7; /* 1..8 NULs */
            if (padded > (size_t)(end - start)) { ok = false; break; }
            p = start + padded;
        }
        keep_path(ix, &cap, prev.data, prev.len, prefix);
    }
    buf_free(&prev);
    if (!ok) {
        tracked_index_free(ix);
        return NULL;
    }
    if (ix->n > 1) qsort(ix->paths, ix->n, sizeof *ix->paths, cmp_str);
    return ix;
}

/* Reads a regular file of at most INDEX_MAX_BYTES. Never through a final symlink and
 * never blocking: a hostile ".git" file may point gitdir at a fifo (compare F06). */
static char *slurp_limited(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > INDEX_MAX_BYTES) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return NULL;
    }
    buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (b.len + n > INDEX_MAX_BYTES) {
            fclose(f);
            buf_free(&b);
            return NULL;
        }
        buf_append(&b, tmp, n);
    }
    fclose(f);
    *len = b.len;
    return b.data ? buf_take(&b) : NULL;
}

/* dir/.git as a folder, or a "gitdir: X" file (worktrees, submodules): the git dir. */
static char *git_dir_at(const char *dir)
{
    buf p = {0};
    buf_printf(&p, "%s/.git", dir);
    struct stat st;
    if (lstat(p.data, &st) != 0) {
        buf_free(&p);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) return buf_take(&p);
    if (!S_ISREG(st.st_mode)) {
        buf_free(&p);
        return NULL;
    }
    size_t len = 0;
    char *text = slurp_limited(p.data, &len);
    buf_free(&p);
    if (!text || len < 8 || strncmp(text, "gitdir: ", 8) != 0) {
        free(text);
        return NULL;
    }
    size_t e = len;
    while (e > 8 && (text[e - 1] == '\n' || text[e - 1] == '\r' || text[e - 1] == ' ')) e--;
    buf g = {0};
    if (text[8] != '/') buf_printf(&g, "%s/", dir);
    buf_append(&g, text + 8, e - 8);
    free(text);
    return buf_take(&g);
}

tracked_index *tracked_index_load(const char *root, bool *in_checkout)
{
    *in_checkout = false;
    char top[PATH_MAX];
    if (strlen(root) >= sizeof top) return NULL;
    strcpy(top, root);
    size_t n = strlen(top);
    while (n > 1 && top[n - 1] == '/') top[--n] = '\0';
    char *gitdir = NULL;
    for (;;) {
        if ((gitdir = git_dir_at(top)) != NULL) break;
        char *slash = strrchr(top, '/');
        if (!slash || slash == top) return NULL;
        *slash = '\0';
    }
    *in_checkout = true;
    /* the scanned root's path inside the checkout, with a trailing '/' */
    buf prefix = {0};
    size_t tl = strlen(top);
    if (strlen(root) > tl && root[tl] == '/') {
        buf_puts(&prefix, root + tl + 1);
        while (prefix.len && prefix.data[prefix.len - 1] == '/') prefix.len--;
        if (prefix.len) buf_putc(&prefix, '/');
    }
    if (!prefix.data) buf_puts(&prefix, "");
    prefix.data[prefix.len] = '\0';
    buf ip = {0};
    buf_printf(&ip, "%s/index", gitdir);
    free(gitdir);
    size_t len = 0;
    char *data = slurp_limited(ip.data, &len);
    buf_free(&ip);
    tracked_index *ix = data ? tracked_index_parse((const unsigned char *)data, len, prefix.data) : NULL;
    free(data);
    /* A root below the checkout's top: when the index tracks nothing in it (an export
     * unpacked in an ignored build folder) it is not part of that checkout; when it does
     * (a package of a monorepo, a committed test fixture) its .gitignore files are honoured
     * as written, and the index is used only for a scan of the whole checkout. */
    if (ix && prefix.len) {
        if (ix->n == 0) *in_checkout = false;
        tracked_index_free(ix);
        ix = NULL;
    }
    buf_free(&prefix);
    return ix;
}

void tracked_index_free(tracked_index *ix)
{
    if (!ix) return;
    for (size_t i = 0; i < ix->n; i++) free(ix->paths[i]);
    free(ix->paths);
    free(ix);
}

bool tracked_index_tracks(const tracked_index *ix, const char *rel)
{
    return ix && ix->n && bsearch(&rel, ix->paths, ix->n, sizeof *ix->paths, cmp_str) != NULL;
}

bool tracked_index_tracks_under(const tracked_index *ix, const char *rel)
{
    if (!ix || !ix->n) return false;
    size_t rl = strlen(rel), lo = 0, hi = ix->n;
    /* first path >= "rel/" */
    buf key = {0};
    buf_printf(&key, "%s/", rel);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->paths[mid], key.data) < 0) lo = mid + 1;
        else hi = mid;
    }
    buf_free(&key);
    return lo < ix->n && strncmp(ix->paths[lo], rel, rl) == 0 && ix->paths[lo][rl] == '/';
}
