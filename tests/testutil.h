/* testutil: helpers shared by the cmocka tests. Header-only because the Makefile builds
 * each tests/test_*.c as one translation unit; every helper is static and marked unused.
 *
 * - temporary trees: tu_tmpdir, tu_write, tu_mkdirs, tu_symlink, tu_rmtree, tu_deep_tree
 * - running a function as an unprivileged user (tests run as root, where chmod 000 does
 *   not stop reads): tu_run_as_nobody
 * - a strict JSON checker (RFC 8259 grammar, strings must be valid UTF-8): tu_json_valid
 * - the aiready binary built beside the test binary, run with captured output: tu_run */
#ifndef AIREADY_TESTUTIL_H
#define AIREADY_TESTUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"

#define TU_UNUSED __attribute__((unused))

/* ---- temporary trees ------------------------------------------------------------- */

/* A fresh directory under /tmp; its realpath (so tests can compare with walk roots). */
TU_UNUSED static char *tu_tmpdir(void)
{
    char tmpl[] = "/tmp/aiready-test-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    char real[PATH_MAX];
    if (!realpath(tmpl, real)) abort();
    return xstrdup(real);
}

TU_UNUSED static char *tu_path(const char *root, const char *rel)
{
    buf b = {0};
    buf_printf(&b, "%s/%s", root, rel);
    return buf_take(&b);
}

/* mkdir -p root/rel */
TU_UNUSED static void tu_mkdirs(const char *root, const char *rel)
{
    char *p = tu_path(root, rel);
    for (char *s = p + strlen(root) + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    mkdir(p, 0755);
    free(p);
}

/* Writes root/rel (creating its folders) with n bytes of data. */
TU_UNUSED static void tu_write(const char *root, const char *rel, const void *data, size_t n)
{
    const char *slash = strrchr(rel, '/');
    if (slash) {
        char *dir = xstrndup(rel, (size_t)(slash - rel));
        tu_mkdirs(root, dir);
        free(dir);
    }
    char *p = tu_path(root, rel);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(p);
        abort();
    }
    free(p);
}

TU_UNUSED static void tu_writes(const char *root, const char *rel, const char *text)
{
    tu_write(root, rel, text, strlen(text));
}

/* root/rel -> target (target is used verbatim: relative or absolute). */
TU_UNUSED static void tu_symlink(const char *root, const char *rel, const char *target)
{
    char *p = tu_path(root, rel);
    if (symlink(target, p) != 0) {
        perror(p);
        abort();
    }
    free(p);
}

/* Empties the folder dirfd (closed here), by descriptors so that trees deeper than
 * PATH_MAX go too; never follows symlinks. */
TU_UNUSED static void tu_rmtree_fd(int dirfd)
{
    fchmod(dirfd, 0755);
    int lfd = dup(dirfd);
    DIR *d = lfd < 0 ? NULL : fdopendir(lfd);
    VEC(char *) names = {0};
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) VEC_PUSH(&names, xstrdup(de->d_name));
    if (d) closedir(d);
    for (size_t i = 0; i < names.len; i++) {
        struct stat st;
        if (fstatat(dirfd, names.items[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
            fchmodat(dirfd, names.items[i], 0755, 0);
            int fd = openat(dirfd, names.items[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (fd >= 0) tu_rmtree_fd(fd);
            unlinkat(dirfd, names.items[i], AT_REMOVEDIR);
        } else {
            unlinkat(dirfd, names.items[i], 0);
        }
        free(names.items[i]);
    }
    free(names.items);
    close(dirfd);
}

/* rm -rf path; never follows symlinks. Restores permissions tests took away. */
TU_UNUSED static void tu_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0755);
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (fd >= 0) tu_rmtree_fd(fd);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Creates depth nested folders called name under root (mkdirat: the path may be longer
 * than PATH_MAX) and writes file (may be NULL) with text in the deepest one. */
TU_UNUSED static void tu_deep_tree(const char *root, const char *name, int depth, const char *file, const char *text)
{
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    for (int i = 0; fd >= 0 && i < depth; i++) {
        mkdirat(fd, name, 0755);
        int next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        close(fd);
        fd = next;
    }
    if (fd < 0) abort();
    if (file) {
        int f = openat(fd, file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (f < 0 || write(f, text, strlen(text)) != (ssize_t)strlen(text)) abort();
        close(f);
    }
    close(fd);
}

TU_UNUSED static char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    if (len) *len = b.len;
    return buf_take(&b);
}

/* ---- privileges ----------------------------------------------------------------- */

/* Runs fn(arg) in a child process as nobody (uid/gid 65534) and returns its result
 * (0 = passed), or -1 when privileges cannot be dropped (then the caller skips). The
 * tree the child reads must be world-traversable. */
TU_UNUSED static int tu_run_as_nobody(int (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(125);
        _exit(fn(arg) ? 1 : 0);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 1;
    if (WEXITSTATUS(status) == 125) return -1;
    return WEXITSTATUS(status);
}

/* ---- a strict JSON checker ------------------------------------------------------- */

typedef struct tu_json {
    const unsigned char *p, *end;
    int depth;
} tu_json;

TU_UNUSED static bool tu_json_value(tu_json *j);

TU_UNUSED static void tu_json_ws(tu_json *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')) j->p++;
}

TU_UNUSED static bool tu_json_lit(tu_json *j, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0) return false;
    j->p += n;
    return true;
}

TU_UNUSED static bool tu_hex4(const unsigned char *p)
{
    for (int i = 0; i < 4; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
            return false;
    return true;
}

/* One UTF-8 sequence starting at j->p (not ASCII); strict, like RFC 3629. */
TU_UNUSED static bool tu_json_utf8(tu_json *j)
{
    unsigned c = *j->p, cp, min;
    int n;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (j->end - j->p <= n) return false;
    for (int k = 1; k <= n; k++) {
        if ((j->p[k] & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (j->p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    j->p += n + 1;
    return true;
}

TU_UNUSED static bool tu_json_string(tu_json *j)
{
    if (j->p >= j->end || *j->p != '"') return false;
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        unsigned char c = *j->p;
        if (c < 0x20) return false;
        if (c == '\\') {
            if (j->end - j->p < 2) return false;
            unsigned char e = j->p[1];
            if (e == 'u') {
                if (j->end - j->p < 6 || !tu_hex4(j->p + 2)) return false;
                j->p += 6;
            } else if (strchr("\"\\/bfnrt", e) && e) {
                j->p += 2;
            } else {
                return false;
            }
        } else if (c >= 0x80) {
            if (!tu_json_utf8(j)) return false;
        } else {
            j->p++;
        }
    }
    if (j->p >= j->end) return false;
    j->p++;
    return true;
}

TU_UNUSED static bool tu_json_number(tu_json *j)
{
    const unsigned char *s = j->p;
    if (j->p < j->end && *j->p == '-') j->p++;
    if (j->p >= j->end || *j->p < '0' || *j->p > '9') return false;
    if (*j->p == '0') j->p++;
    else while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9') return false;
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9') return false;
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    }
    return j->p > s;
}

TU_UNUSED static bool tu_json_container(tu_json *j, char close, bool object)
{
    if (++j->depth > 200) return false;
    j->p++;
    tu_json_ws(j);
    if (j->p < j->end && *j->p == (unsigned char)close) {
        j->p++;
        j->depth--;
        return true;
    }
    for (;;) {
        tu_json_ws(j);
        if (object) {
            if (!tu_json_string(j)) return false;
            tu_json_ws(j);
            if (j->p >= j->end || *j->p != ':') return false;
            j->p++;
        }
        if (!tu_json_value(j)) return false;
        tu_json_ws(j);
        if (j->p >= j->end) return false;
        if (*j->p == ',') { j->p++; continue; }
        if (*j->p != (unsigned char)close) return false;
        j->p++;
        j->depth--;
        return true;
    }
}

TU_UNUSED static bool tu_json_value(tu_json *j)
{
    tu_json_ws(j);
    if (j->p >= j->end) return false;
    switch (*j->p) {
    case '{': return tu_json_container(j, '}', true);
    case '[': return tu_json_container(j, ']', false);
    case '"': return tu_json_string(j);
    case 't': return tu_json_lit(j, "true");
    case 'f': return tu_json_lit(j, "false");
    case 'n': return tu_json_lit(j, "null");
    default: return tu_json_number(j);
    }
}

/* True when s[0..n) is exactly one JSON value (surrounding whitespace allowed). */
TU_UNUSED static bool tu_json_valid(const char *s, size_t n)
{
    tu_json j = {(const unsigned char *)s, (const unsigned char *)s + n, 0};
    if (!tu_json_value(&j)) return false;
    tu_json_ws(&j);
    return j.p == j.end;
}

/* ---- the aiready binary ----------------------------------------------------------- */

/* BUILD/aiready for a test binary at BUILD/tests/test_x: found from /proc/self/exe, so
 * it is right for build/ and build/san/ alike, whatever the working directory. */
TU_UNUSED static char *tu_aiready_path(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return NULL;
    self[n] = '\0';
    for (int k = 0; k < 2; k++) {
        char *slash = strrchr(self, '/');
        if (!slash) return NULL;
        *slash = '\0';
    }
    char *p = tu_path(self, "aiready");
    if (access(p, X_OK) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

typedef struct tu_run_result {
    int status;   /* exit status, or -1 when the process did not exit normally */
    char *out;    /* everything written to stdout */
    char *err;    /* everything written to stderr */
} tu_run_result;

TU_UNUSED static char *tu_slurp_fd(int fd)
{
    buf b = {0};
    char chunk[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, chunk, sizeof chunk)) > 0) buf_append(&b, chunk, (size_t)n);
    close(fd);
    return buf_take(&b);
}

TU_UNUSED static int tu_tmpfile(void)
{
    char tmpl[] = "/tmp/aiready-test-out-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) abort();
    unlink(tmpl);
    return fd;
}

/* Runs argv[0] with argv (NULL-terminated), stdin from /dev/null, output captured. */
TU_UNUSED static tu_run_result tu_run(char *const argv[])
{
    tu_run_result r = {-1, NULL, NULL};
    int out = tu_tmpfile(), err = tu_tmpfile();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.status = WEXITSTATUS(status);
    r.out = tu_slurp_fd(out);
    r.err = tu_slurp_fd(err);
    return r;
}

TU_UNUSED static void tu_run_free(tu_run_result *r)
{
    free(r->out);
    free(r->err);
}

TU_UNUSED static size_t tu_count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s == '\n') n++;
    return n;
}

#endif
