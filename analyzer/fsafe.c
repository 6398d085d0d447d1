/* fsafe: openat2 beneath the root, or a component walk without following links (fsafe.h). */
#define _GNU_SOURCE /* O_PATH, openat2 */
#include "fsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/syscall.h>
#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define FSAFE_HAVE_OPENAT2 1
#endif
#endif

#include "buf.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

struct fsafe_root {
    int fd;
    bool openat2;  /* probed once at open: the kernel has it and no filter forbids it */
};

static int set_sys(fsafe_error *e, int sys)
{
    e->status = FSAFE_SYSTEM;
    e->sys = sys;
    return -1;
}

static int set_status(fsafe_error *e, fsafe_status s)
{
    e->status = s;
    e->sys = 0;
    return -1;
}

#ifdef FSAFE_HAVE_OPENAT2
static int sys_openat2(int dirfd, const char *path, int flags)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)flags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}
#endif

static bool probe_openat2(int fd)
{
#ifdef FSAFE_HAVE_OPENAT2
    int t = sys_openat2(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (t < 0) return false; /* ENOSYS, or EPERM from a seccomp filter: walk instead */
    close(t);
    return true;
#else
    (void)fd;
    return false;
#endif
}

fsafe_root *fsafe_root_open(const char *path, unsigned options, int *sys)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *sys = errno;
        return NULL;
    }
    fsafe_root *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    r->openat2 = !(options & FSAFE_PORTABLE) && probe_openat2(fd);
    return r;
}

void fsafe_root_close(fsafe_root *r)
{
    if (!r) return;
    close(r->fd);
    free(r);
}

int fsafe_root_fd(const fsafe_root *r) { return r->fd; }

/* --- paths ------------------------------------------------------------------------ */

/* rel without '.', empty components and resolved '..', into out ("" for the root).
 * False when rel is absolute or climbs above the root. */
static bool normalise(const char *rel, buf *out)
{
    buf_append(out, "", 0);
    if (rel[0] == '/') return false;
    VEC(size_t) starts = {0};
    bool ok = true;
    for (const char *s = rel; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (starts.len == 0) { ok = false; break; }
            size_t at = starts.items[--starts.len];
            out->len = at ? at - 1 : 0; /* drop the component and the '/' before it */
            out->data[out->len] = '\0';
        } else if (n > 0 && !(n == 1 && s[0] == '.')) {
            if (out->len) buf_putc(out, '/');
            VEC_PUSH(&starts, out->len);
            buf_append(out, s, n);
        }
        s += n;
        while (*s == '/') s++;
    }
    VEC_FREE(&starts);
    return ok;
}

bool fsafe_path_inside(const char *rel)
{
    buf b = {0};
    bool ok = normalise(rel, &b);
    buf_free(&b);
    return ok;
}

/* --- the last component ------------------------------------------------------------- */

static bool valid_name(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* Looks at name before opening it, so that no fifo or device is ever opened, then
 * checks the opened descriptor again (the entry may have changed in between). */
int fsafe_openat(int dirfd, const char *name, fsafe_want want, fsafe_error *e)
{
    if (!valid_name(name)) return set_status(e, FSAFE_ESCAPE);
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return set_sys(e, errno);
    if (S_ISLNK(st.st_mode)) return set_status(e, FSAFE_SYMLINK);
    bool dir = S_ISDIR(st.st_mode);
    if (dir && !(want & FSAFE_DIR)) return set_status(e, FSAFE_NOT_REGULAR);
    if (!dir && !(want & FSAFE_FILE)) return set_status(e, FSAFE_NOT_DIR);
    if (!dir && !S_ISREG(st.st_mode)) return set_status(e, FSAFE_NOT_REGULAR);
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (dir ? O_DIRECTORY : 0));
    if (fd < 0) return errno == ELOOP ? set_status(e, FSAFE_SYMLINK) : set_sys(e, errno); /* became a link */
    if (fstat(fd, &st) != 0) {
        int saved = errno;
        close(fd);
        return set_sys(e, saved);
    }
    if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        close(fd);
        return set_status(e, dir ? FSAFE_NOT_DIR : FSAFE_NOT_REGULAR);
    }
    e->status = FSAFE_OK;
    e->sys = 0;
    return fd;
}

/* --- the folders on the way ----------------------------------------------------------- */

/* Why openat(dirfd, name, O_DIRECTORY | O_NOFOLLOW) failed with err: a link is reported
 * as one (Linux says ENOTDIR or ELOOP). */
static int step_error(int dirfd, const char *name, int err, fsafe_error *e)
{
    struct stat st;
    if ((err == ENOTDIR || err == ELOOP) && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0
        && S_ISLNK(st.st_mode))
        return set_status(e, FSAFE_SYMLINK);
    return set_sys(e, err);
}

/* The folder holding the last component of path (normalised, non-empty), opened one
 * component at a time with O_NOFOLLOW. Returns a descriptor the caller closes, or
 * r->fd itself when the path has one component. */
static int walk_parent(const fsafe_root *r, char *path, char **last, fsafe_error *e)
{
    int cur = r->fd;
    char *s = path;
    for (char *slash; (slash = strchr(s, '/')) != NULL; s = slash + 1) {
        *slash = '\0';
        int next = openat(cur, s, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int rc = next < 0 ? step_error(cur, s, errno, e) : 0;
        *slash = '/';
        if (cur != r->fd) close(cur);
        if (rc < 0) return -1;
        cur = next;
    }
    *last = s;
    return cur;
}

#ifdef FSAFE_HAVE_OPENAT2
/* The same with one openat2 call. -2: openat2 cannot do it (a path longer than
 * PATH_MAX, a retry the kernel asks for): walk instead. */
static int openat2_parent(const fsafe_root *r, char *path, char **last, fsafe_error *e)
{
    char *slash = strrchr(path, '/');
    if (!slash) {
        *last = path;
        return r->fd;
    }
    *slash = '\0';
    int fd = sys_openat2(r->fd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    int err = errno;
    *slash = '/';
    if (fd >= 0) {
        *last = slash + 1;
        return fd;
    }
    if (err == ELOOP) return set_status(e, FSAFE_SYMLINK);
    if (err == EXDEV) return set_status(e, FSAFE_ESCAPE);
    if (err == ENAMETOOLONG || err == EAGAIN || err == ENOSYS || err == EPERM || err == EINVAL) return -2;
    return set_sys(e, err);
}
#endif

int fsafe_open(const fsafe_root *r, const char *rel, fsafe_want want, fsafe_error *e)
{
    buf path = {0};
    if (!normalise(rel, &path)) {
        buf_free(&path);
        return set_status(e, FSAFE_ESCAPE);
    }
    int fd;
    if (path.len == 0) { /* the root itself */
        fd = (want & FSAFE_DIR) ? openat(r->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK) : -1;
        if (!(want & FSAFE_DIR)) set_status(e, FSAFE_NOT_REGULAR);
        else if (fd < 0) set_sys(e, errno);
        else e->status = FSAFE_OK;
        buf_free(&path);
        return fd;
    }
    char *last = NULL;
    int parent = -2;
#ifdef FSAFE_HAVE_OPENAT2
    if (r->openat2) parent = openat2_parent(r, path.data, &last, e);
#endif
    if (parent == -2) parent = walk_parent(r, path.data, &last, e);
    fd = parent < 0 ? -1 : fsafe_openat(parent, last, want, e);
    if (parent >= 0 && parent != r->fd) close(parent);
    buf_free(&path);
    return fd;
}

/* --- reading ----------------------------------------------------------------------- */

char *fsafe_read_fd(int fd, size_t max, size_t *len, bool *truncated)
{
    buf b = {0};
    buf_append(&b, "", 0);
    char chunk[16384];
    bool more = false;
    for (;;) {
        size_t want = b.len < max ? max - b.len : 1; /* one byte past max: is there more? */
        if (want > sizeof chunk) want = sizeof chunk;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int saved = errno;
            buf_free(&b);
            close(fd);
            errno = saved;
            return NULL;
        }
        if (n == 0) break;
        if (b.len >= max) {
            more = true;
            break;
        }
        buf_append(&b, chunk, (size_t)n);
    }
    close(fd);
    if (truncated) *truncated = more;
    *len = b.len;
    return buf_take(&b);
}

const char *fsafe_strerror(const fsafe_error *e)
{
    switch (e->status) {
    case FSAFE_OK: return "no error";
    case FSAFE_ESCAPE: return "not a path inside the repository (absolute, or '..' above it)";
    case FSAFE_SYMLINK: return "a symlink or a path through one; aiready never follows links in the repository";
    case FSAFE_NOT_REGULAR: return "not a regular file";
    case FSAFE_NOT_DIR: return "not a folder";
    case FSAFE_SYSTEM: break;
    }
    return strerror(e->sys);
}
