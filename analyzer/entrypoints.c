/* entrypoints: scripts the application's configuration runs (entrypoints.h). */
#include "entrypoints.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "provenance.h"

enum { LAUNCHERS_MAX = 64, LAUNCHER_BYTES = 256 * 1024 };

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool is_code_path(const char *p)
{
    static const char *const exts[] = {".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".tsx", ".jsx", NULL};
    size_t n = strlen(p);
    for (const char *const *e = exts; *e; e++) {
        size_t m = strlen(*e);
        if (n > m && strcmp(p + n - m, *e) == 0) return true;
    }
    return false;
}

/* Applied configuration that launches the application: not CI (tasks, not the deployed
 * service), not a Makefile and not package.json (its scripts are mostly developer tasks:
 * build, seed, lint). */
static bool is_launcher(const char *path)
{
    if (strncmp(path, ".github/", 8) == 0 || strstr(path, "/.github/")) return false;
    const char *b = base_of(path);
    if (!strcmp(b, "Makefile") || !strcmp(b, "package.json")) return false;
    return provenance_of_path(path).kind == PROV_CONFIG;
}

typedef VEC(const char *) path_list;

static path_list candidates(const walk_list *files)
{
    path_list c = {0};
    for (size_t i = 0; i < files->len; i++) {
        const walk_entry *e = &files->items[i];
        if (e->skip != SKIP_NONE || e->is_dir || !is_code_path(e->path)) continue;
        provenance_info p = provenance_of_path(e->path);
        if (p.kind == PROV_OTHER && p.why && !strcmp(p.why, "script")) VEC_PUSH(&c, e->path);
    }
    return c;
}

static char *read_capped(const fsafe_root *fs, const char *path, size_t *len)
{
    fsafe_error e;
    int fd = fsafe_open(fs, path, FSAFE_FILE, &e);
    if (fd < 0) return NULL;
    bool truncated = false;
    char *t = fsafe_read_fd(fd, LAUNCHER_BYTES, len, &truncated);
    close(fd);
    return t;
}

/* Whether text names path as a whole token ("scripts/qa.py", "./scripts/qa.py"). */
static bool names(const char *t, size_t n, const char *path)
{
    size_t m = strlen(path);
    for (const char *p = t; p + m <= t + n; p++) {
        if (*p != *path || memcmp(p, path, m) != 0) continue;
        char before = p > t ? p[-1] : ' ', after = p + m < t + n ? p[m] : ' ';
        bool left = !(before == '_' || before == '-' || (before >= 'a' && before <= 'z') ||
                      (before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9'));
        bool right = !(after == '_' || after == '-' || (after >= 'a' && after <= 'z') ||
                       (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9'));
        if (left && right) return true;
    }
    return false;
}

strset *entrypoints_find(const fsafe_root *fs, const walk_list *files)
{
    path_list c = candidates(files);
    if (!c.len) return NULL;
    strset *found = NULL;
    size_t read = 0;
    for (size_t i = 0; i < files->len && read < LAUNCHERS_MAX; i++) {
        const walk_entry *e = &files->items[i];
        if (e->skip != SKIP_NONE || e->is_dir || !is_launcher(e->path)) continue;
        size_t len = 0;
        char *t = read_capped(fs, e->path, &len);
        read++;
        if (!t) continue;
        for (size_t k = 0; k < c.len; k++) {
            if (!names(t, len, c.items[k])) continue;
            if (!found) found = strset_new();
            strset_add(found, c.items[k]);
        }
        free(t);
    }
    VEC_FREE(&c);
    return found;
}
