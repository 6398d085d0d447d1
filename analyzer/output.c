/* output: the --output file (output.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

static int fail(char **err, const char *what, const char *path)
{
    buf m = {0};
    buf_printf(&m, "%s %s: %s", what, path, strerror(errno));
    *err = buf_take(&m);
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* --- the named temporary, and the signals that must remove it ------------------------ */

/* The one temporary that exists under a name, for the signal handler. Only the thread
 * writing the report sets it, after the scan's workers have finished; the handler reads
 * the name only while pending is 1, and the name is complete before pending is set. */
static char pending_name[PATH_MAX];
static volatile sig_atomic_t pending;

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

typedef struct saved_signals {
    struct sigaction old[N_CLEANUP_SIGNALS];
    bool installed[N_CLEANUP_SIGNALS];
} saved_signals;

/* Async-signal-safe: unlink, then die of the same signal (SA_RESETHAND restored the
 * default action; the signal is blocked in the handler and delivered on return). */
static void on_signal(int sig)
{
    if (pending) unlink(pending_name);
    raise(sig);
}

static void arm(const char *name, saved_signals *saved)
{
    if (strlen(name) >= sizeof pending_name) return; /* cannot happen: names come from PATH_MAX paths */
    memcpy(pending_name, name, strlen(name) + 1);
    pending = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
        saved->installed[i] = false;
        if (sigaction(cleanup_signals[i], NULL, &saved->old[i]) != 0) continue;
        if (saved->old[i].sa_handler == SIG_IGN) continue; /* nohup: keep ignoring it */
        saved->installed[i] = sigaction(cleanup_signals[i], &sa, NULL) == 0;
    }
}

static void disarm(saved_signals *saved)
{
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
        if (saved->installed[i]) sigaction(cleanup_signals[i], &saved->old[i], NULL);
    pending = 0;
}

/* --- direct writes ---------------------------------------------------------------- */

/* /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the descriptor; -1 otherwise. */
static int own_descriptor(const char *path)
{
    if (!strcmp(path, "/dev/stdout")) return STDOUT_FILENO;
    if (!strcmp(path, "/dev/stderr")) return STDERR_FILENO;
    const char *n = !strncmp(path, "/dev/fd/", 8) ? path + 8 : !strncmp(path, "/proc/self/fd/", 14) ? path + 14 : NULL;
    if (!n || *n < '0' || *n > '9') return -1;
    char *end;
    long fd = strtol(n, &end, 10);
    return *end || fd > INT_MAX ? -1 : (int)fd;
}

static int write_direct(const char *path, const char *data, size_t len, char **err)
{
    int own = own_descriptor(path);
    int fd = own >= 0 ? own : open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return fail(err, "cannot open", path);
    int rc = write_all(fd, data, len) == 0 ? 0 : fail(err, "cannot write", path);
    if (own < 0 && close(fd) != 0 && rc == 0) rc = fail(err, "cannot write", path);
    return rc;
}

/* --- the temporary ------------------------------------------------------------------- */

static void umask_mode(mode_t *mode)
{
    mode_t mask = umask(0);
    umask(mask);
    *mode = 0666 & ~mask;
}

static int finish(const char *tmp, const char *path, const output_opts *o, char **err)
{
    if (o && o->before_rename) o->before_rename(o->ctx, tmp);
    if (rename(tmp, path) != 0) return fail(err, "cannot rename the report to", path);
    return 0;
}

/* mkstemp beside path; the name is armed for the signal handler throughout. */
static int write_mkstemp(const char *path, const char *data, size_t len, const output_opts *o, char **err)
{
    buf tmp = {0};
    buf_printf(&tmp, "%s.tmp.XXXXXX", path);
    saved_signals saved;
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) sigaddset(&block, cleanup_signals[i]);
    /* no signal between the file's creation and the handler knowing its name */
    sigprocmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp.data);
    if (fd >= 0) arm(tmp.data, &saved);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        int rc = fail(err, "cannot create a temporary file beside", path);
        buf_free(&tmp);
        return rc;
    }
    int rc = 0;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) rc = fail(err, "cannot write", tmp.data);
    /* mkstemp makes the file 0600; a report is an ordinary file. */
    mode_t mode;
    umask_mode(&mode);
    if (rc == 0 && fchmod(fd, mode) != 0) rc = fail(err, "cannot write", tmp.data);
    if (close(fd) != 0 && rc == 0) rc = fail(err, "cannot write", tmp.data);
    if (rc == 0) rc = finish(tmp.data, path, o, err);
    if (rc != 0) unlink(tmp.data);
    disarm(&saved);
    buf_free(&tmp);
    return rc;
}

#ifdef O_TMPFILE
/* A unique name beside path for linkat, which will not replace an existing file. */
static void temp_name(buf *out, const char *path, unsigned attempt)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t v = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)getpid() << 20 ^ (uint64_t)attempt * 40503u;
    out->len = 0;
    buf_printf(out, "%s.tmp.", path);
    for (int i = 0; i < 6; i++, v /= 62) buf_putc(out, chars[v % 62]);
}

/* 1 when written, 0 when O_TMPFILE cannot be used here (the caller falls back), -1 on a
 * real error. */
static int write_tmpfile(const char *path, const char *data, size_t len, const output_opts *o, char **err)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    mode_t mode;
    umask_mode(&mode);
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    free(dir);
    if (fd < 0) return 0; /* not supported by this kernel or file system, or no such folder: mkstemp says why */
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int rc = fail(err, "cannot write the report to", path);
        close(fd);
        return rc;
    }
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    buf tmp = {0};
    saved_signals saved;
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) sigaddset(&block, cleanup_signals[i]);
    int linked = -1;
    for (unsigned attempt = 0; attempt < 100 && linked != 0; attempt++) {
        temp_name(&tmp, path, attempt);
        sigprocmask(SIG_BLOCK, &block, &old);
        linked = linkat(AT_FDCWD, proc, AT_FDCWD, tmp.data, AT_SYMLINK_FOLLOW);
        int link_errno = errno;
        if (linked == 0) arm(tmp.data, &saved);
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (linked != 0 && link_errno != EEXIST) break;
    }
    close(fd);
    if (linked != 0) { /* no /proc, or the file system cannot link it: fall back */
        buf_free(&tmp);
        return 0;
    }
    int rc = finish(tmp.data, path, o, err);
    if (rc != 0) unlink(tmp.data);
    disarm(&saved);
    buf_free(&tmp);
    return rc == 0 ? 1 : -1;
}
#endif

int output_write(const char *path, const char *data, size_t len, const output_opts *o, char **err)
{
    struct stat st;
    if (own_descriptor(path) >= 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
        return write_direct(path, data, len, err);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return fail(err, "cannot write the report to", path);
    }
#ifdef O_TMPFILE
    if (!(o && o->no_tmpfile)) {
        int rc = write_tmpfile(path, data, len, o, err);
        if (rc != 0) return rc < 0 ? -1 : 0;
    }
#endif
    return write_mkstemp(path, data, len, o, err);
}

int output_write_atomic(const char *path, const char *data, size_t len, char **err)
{
    return output_write(path, data, len, NULL, err);
}

/* --- what may be overwritten ---------------------------------------------------------- */

bool output_is_report(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    char head[4097];
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    if (n <= 0) return false;
    head[n] = '\0';
    if (memchr(head, '\0', (size_t)n)) return false;
    /* JSON ("tool": {"name": "aiready") and SARIF (driver "name": "aiready") */
    if (head[0] == '{' && strstr(head, "\"name\": \"aiready\"")) return true;
    if (!strncmp(head, "# aiready report: ", 18)) return true;                         /* Markdown */
    if (!strncmp(head, "<!DOCTYPE html>", 15) && strstr(head, "<meta name=\"generator\" content=\"aiready\">"))
        return true;                                                                    /* HTML */
    return !strncmp(head, "aiready  ", 9) || !strncmp(head, "\033[1maiready\033[0m  ", 17); /* text */
}

int output_check_target(const char *path, const char *root, char **err)
{
    struct stat st;
    if (own_descriptor(path) >= 0 || lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return 0;
    /* where the file is: its folder's realpath, and its name */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    char real[PATH_MAX];
    bool inside = false;
    if (realpath(dir, real)) {
        size_t n = strlen(root);
        bool root_is_slash = n == 1 && root[0] == '/';
        inside = !strcmp(real, root) || root_is_slash || (!strncmp(real, root, n) && real[n] == '/');
    }
    free(dir);
    if (!inside || output_is_report(path)) return 0;
    buf m = {0};
    buf_printf(&m, "refusing to write the report over %s: it is a file of the scanned folder, not an earlier "
                   "aiready report (choose another --output)", path);
    *err = buf_take(&m);
    return -1;
}
