#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsafe.h"
#include "git_index.h"
#include "ignore.h"

/* Folders nobody wants scanned: VCS data, dependencies, virtualenvs, caches, build output. */
static const char *const excluded_dirs[] = {
    ".git", ".hg", ".svn", "node_modules", "bower_components", "jspm_packages", ".venv",
    "venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox",
    "dist", "build", ".next", ".nuxt", ".svelte-kit", ".turbo", ".parcel-cache",
    ".cache", "site-packages", "vendor", "third_party", ".terraform", ".serverless",
    ".eggs", "coverage", "htmlcov", ".ipynb_checkpoints", ".idea", ".vscode-test",
};

typedef struct walker {
    const char *root;
    size_t root_len;
    ignore_set *ignores;  /* .gitignore files on the path from the root */
    ignore_set *excludes; /* --exclude: checked first, never re-included by a .gitignore */
    const walk_options *opt;
    walk_result *out;
    buf abs;      /* absolute path of the current entry (may be longer than PATH_MAX) */
    unsigned depth; /* folders below the root currently open */
    tracked_index *tracked; /* the checkout's index: tracked files are never "ignored" */
    bool in_checkout;   /* a .git was found at or above the root */
} walker;

static bool is_excluded_dir_name(const char *name)
{
    for (size_t i = 0; i < sizeof excluded_dirs / sizeof *excluded_dirs; i++)
        if (strcmp(name, excluded_dirs[i]) == 0) return true;
    /* *.egg-info */
    size_t n = strlen(name);
    return n > 9 && strcmp(name + n - 9, ".egg-info") == 0;
}

static void push_entry(walk_list *list, const char *rel, file_kind k, skip_reason why,
                       const char *detail)
{
    walk_entry e = {xstrdup(rel), k, why, detail, false, 0};
    VEC_PUSH(list, e);
}

/* A folder skipped whole. */
static void push_dir(walk_list *list, const char *rel, skip_reason why, const char *detail)
{
    walk_entry e = {xstrdup(rel), {LANG_NONE, CLASS_OTHER}, why, detail, true, 0};
    VEC_PUSH(list, e);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the entry names of the folder dirfd, sorted so the walk is deterministic. */
static char **read_names(int dirfd, size_t *count, int *err)
{
    int fd = dup(dirfd); /* closedir closes the descriptor fdopendir was given */
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) {
        *err = errno;
        if (fd >= 0) close(fd);
        return NULL;
    }
    VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        VEC_PUSH(&names, xstrdup(de->d_name));
    }
    closedir(d);
    /* An empty folder has no array: qsort and bsearch must not see NULL (UB). */
    if (names.len > 1) qsort(names.items, names.len, sizeof *names.items, cmp_names);
    *count = names.len;
    *err = 0;
    return names.items;
}

static bool has_name(char **names, size_t n, const char *name)
{
    return n > 0 && bsearch(&name, names, n, sizeof *names, cmp_names) != NULL;
}

/* A .gitignore that is a link, a fifo or a folder is not read (the walk lists it). */
static void load_gitignore(walker *w, int dirfd, const char *rel_dir)
{
    fsafe_error e;
    int fd = fsafe_openat(dirfd, ".gitignore", FSAFE_FILE, &e);
    if (fd < 0) return;
    size_t len = 0;
    char *text = fsafe_read_fd(fd, 1u << 20, &len, NULL);
    if (text && len) ignore_add_file(w->ignores, rel_dir, text, len);
    free(text);
}

/* resolved (a realpath) is the root or below it. When the root is "/", every path is. */
static bool within_root(const walker *w, const char *resolved)
{
    if (w->root_len == 1 && w->root[0] == '/') return true;
    return strncmp(resolved, w->root, w->root_len) == 0
           && (resolved[w->root_len] == '/' || resolved[w->root_len] == '\0');
}

/* A symlink is reported, never followed: see walk.h. Its target is only resolved by
 * name, to say whether it stays inside the root. */
static void classify_link(walker *w, int dirfd, const char *name, const char *rel)
{
    char resolved[PATH_MAX];
    file_kind k = classify_path(rel);
    buf proc = {0};
    const char *link = w->abs.data;
    if (w->abs.len >= PATH_MAX) { /* too long to name: through the open folder */
        buf_printf(&proc, "/proc/self/fd/%d/%s", dirfd, name);
        link = proc.data;
    }
    bool ok = realpath(link, resolved) != NULL;
    int err = errno;
    buf_free(&proc);
    if (!ok)
        push_entry(&w->out->skipped, rel, k, SKIP_SYMLINK_BROKEN,
                   err == ELOOP ? "symlink loop" : err == ENAMETOOLONG ? "target path too long" : "target does not exist");
    else if (within_root(w, resolved))
        push_entry(&w->out->skipped, rel, k, SKIP_SYMLINK, "scanned at its target's path");
    else
        push_entry(&w->out->skipped, rel, k, SKIP_SYMLINK_OUTSIDE, "target is outside the scanned root");
}

static void walk_entries(walker *w, int dirfd, const char *rel_dir);

/* A path a .gitignore names is still part of the repository when git tracks it (git
 * ignores only untracked files): a committed .env must stay visible. Outside a checkout
 * (an export or download of the repository) nothing shows a file was left out of the
 * commit, so files whose names say they hold credentials are kept too. */
static bool committed_anyway(const walker *w, const char *rel, bool is_dir)
{
    if (w->tracked) return is_dir ? tracked_index_tracks_under(w->tracked, rel) : tracked_index_tracks(w->tracked, rel);
    return !w->in_checkout && !is_dir && classify_is_secret_file(rel);
}

static skip_reason ignored(const walker *w, const char *rel, bool is_dir)
{
    if (ignore_match(w->excludes, rel, is_dir)) return SKIP_EXCLUDED;
    if (ignore_match(w->ignores, rel, is_dir) && !committed_anyway(w, rel, is_dir)) return SKIP_GITIGNORED;
    return SKIP_NONE;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* Enters the folder name of dirfd, never through a link. */
static void walk_subdir(walker *w, int dirfd, const char *name, const char *rel)
{
    if (w->depth >= WALK_MAX_DEPTH) {
        push_dir(&w->out->skipped, rel, SKIP_UNREADABLE, "nested deeper than " STR(WALK_MAX_DEPTH) " folders");
        return;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        push_dir(&w->out->skipped, rel, SKIP_UNREADABLE, strerror(errno));
        return;
    }
    w->depth++;
    walk_entries(w, fd, rel);
    w->depth--;
    close(fd);
}

static void visit(walker *w, int dirfd, const char *rel_dir, const char *name)
{
    buf rel = {0};
    if (*rel_dir) buf_printf(&rel, "%s/%s", rel_dir, name);
    else buf_puts(&rel, name);
    size_t keep = w->abs.len;
    buf_printf(&w->abs, "/%s", name);

    struct stat st;
    skip_reason ign;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        push_entry(&w->out->skipped, rel.data, classify_path(rel.data), SKIP_UNREADABLE, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        if ((ign = ignored(w, rel.data, true)) != SKIP_NONE)
            push_dir(&w->out->skipped, rel.data, ign, "folder");
        else if (is_excluded_dir_name(name))
            push_dir(&w->out->skipped, rel.data, SKIP_EXCLUDED_DIR, "folder");
        else
            walk_subdir(w, dirfd, name, rel.data);
    } else if ((ign = ignored(w, rel.data, false)) != SKIP_NONE) {
        push_entry(&w->out->skipped, rel.data, classify_path(rel.data), ign, NULL);
    } else if (S_ISLNK(st.st_mode)) {
        classify_link(w, dirfd, name, rel.data);
    } else if (!S_ISREG(st.st_mode)) {
        push_entry(&w->out->skipped, rel.data, classify_path(rel.data), SKIP_SPECIAL, NULL);
    } else if (classify_is_generated(rel.data)) {
        push_entry(&w->out->skipped, rel.data, classify_path(rel.data), SKIP_GENERATED, NULL);
    } else {
        push_entry(&w->out->files, rel.data, classify_path(rel.data), SKIP_NONE, NULL);
        w->out->files.items[w->out->files.len - 1].size = (uint64_t)st.st_size;
    }
    w->abs.len = keep;
    w->abs.data[keep] = '\0';
    buf_free(&rel);
}

static void walk_entries(walker *w, int dirfd, const char *rel_dir)
{
    size_t n = 0;
    int err = 0;
    char **names = read_names(dirfd, &n, &err);
    if (!names && err) {
        push_dir(&w->out->skipped, *rel_dir ? rel_dir : ".", SKIP_UNREADABLE, strerror(err));
        return;
    }
    /* A folder holding pyvenv.cfg is a virtualenv, whatever its name. */
    if (*rel_dir && has_name(names, n, "pyvenv.cfg")) {
        push_dir(&w->out->skipped, rel_dir, SKIP_EXCLUDED_DIR, "virtualenv (pyvenv.cfg)");
    } else {
        size_t mark = ignore_mark(w->ignores);
        if (!w->opt->no_ignore && has_name(names, n, ".gitignore")) load_gitignore(w, dirfd, rel_dir);
        for (size_t i = 0; i < n; i++) visit(w, dirfd, rel_dir, names[i]);
        ignore_truncate(w->ignores, mark);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

static int cmp_entries(const void *a, const void *b)
{
    return strcmp(((const walk_entry *)a)->path, ((const walk_entry *)b)->path);
}

static void sort_entries(walk_list *l)
{
    if (l->len > 1) qsort(l->items, l->len, sizeof *l->items, cmp_entries);
}

static int root_error(const char *root, const char *why, char **err)
{
    buf m = {0};
    buf_printf(&m, "%s: %s", root, why);
    *err = buf_take(&m);
    return -1;
}

/* The root must be a folder we can list: a scan that silently saw nothing would pass. */
static int check_root(const char *root, char **err)
{
    struct stat st;
    /* errno only means something when a call failed: a root that is a file would
     * otherwise be reported with whatever errno an earlier call left behind. */
    if (stat(root, &st) != 0) return root_error(root, strerror(errno), err);
    if (!S_ISDIR(st.st_mode)) return root_error(root, "not a directory", err);
    DIR *d = opendir(root);
    if (!d) return root_error(root, strerror(errno), err);
    closedir(d);
    return 0;
}

int walk_tree(const char *root, const walk_options *opt, walk_result *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (check_root(root, err) != 0) return -1;
    walker w = {root, strlen(root), ignore_new(), ignore_new(), opt, out, {0}, 0, NULL, false};
    if (!opt->no_ignore) w.tracked = tracked_index_load(root, &w.in_checkout);
    while (w.root_len > 1 && root[w.root_len - 1] == '/') w.root_len--;
    buf_append(&w.abs, root, w.root_len);
    /* Command-line patterns, as git's --exclude reads them (no comments, no trimming). */
    for (size_t i = 0; i < opt->n_excludes; i++) ignore_add_exclude(w.excludes, opt->excludes[i]);
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        push_dir(&out->skipped, ".", SKIP_UNREADABLE, strerror(errno)); /* gone since check_root */
    } else {
        walk_entries(&w, fd, "");
        close(fd);
    }
    ignore_free(w.ignores);
    ignore_free(w.excludes);
    tracked_index_free(w.tracked);
    buf_free(&w.abs);
    sort_entries(&out->files);
    sort_entries(&out->skipped);
    return 0;
}

void walk_result_free(walk_result *r)
{
    for (size_t i = 0; i < r->files.len; i++) free(r->files.items[i].path);
    for (size_t i = 0; i < r->skipped.len; i++) free(r->skipped.items[i].path);
    VEC_FREE(&r->files);
    VEC_FREE(&r->skipped);
}
