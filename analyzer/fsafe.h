/* fsafe: opening the scanned repository's files without ever leaving it.
 *
 * The repository is hostile input. A committed symlink (`home -> /home/runner`) combined
 * with a path written in one of its files (`-r home/.config/gh/hosts.yml`, attestation
 * evidence, a `rules:` folder) must never make aiready read outside the scanned root.
 * Every path aiready opens inside the repository goes through fsafe_open:
 *
 *  - the path is relative and '/'-separated. An absolute path, or a '..' that climbs
 *    above the root, is refused (FSAFE_ESCAPE) before any system call; '.' and '..'
 *    inside the path are resolved by name, which is sound because no component may be
 *    a link;
 *  - no component is followed when it is a symlink, not only the last one
 *    (FSAFE_SYMLINK): openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel
 *    has it, otherwise one openat(O_NOFOLLOW | O_DIRECTORY) per component;
 *  - the last component is looked at (fstatat, no follow) before it is opened, and is
 *    opened O_NONBLOCK: a fifo never blocks and a device is never opened. A file must be
 *    a regular file, a folder a folder (FSAFE_NOT_REGULAR / FSAFE_NOT_DIR).
 *
 * The root itself is the user's choice (the command line) and is opened as given. One
 * fsafe_root is opened per scan and only read afterwards, so worker threads share it. */
#ifndef AIREADY_FSAFE_H
#define AIREADY_FSAFE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fsafe_root fsafe_root;

typedef enum fsafe_status {
    FSAFE_OK = 0,
    FSAFE_ESCAPE,      /* an absolute path, or '..' above the root */
    FSAFE_SYMLINK,     /* the path is, or goes through, a symlink */
    FSAFE_NOT_REGULAR, /* a file was wanted: a fifo, socket, device or folder */
    FSAFE_NOT_DIR,     /* a folder was wanted */
    FSAFE_SYSTEM,      /* a system error: errno in sys (ENOENT, EACCES, ...) */
} fsafe_status;

typedef struct fsafe_error {
    fsafe_status status;
    int sys;           /* errno, for FSAFE_SYSTEM */
} fsafe_error;

/* What may be opened: a regular file, a folder, or either (FSAFE_ANY). */
typedef enum fsafe_want { FSAFE_FILE = 1, FSAFE_DIR = 2, FSAFE_ANY = 3 } fsafe_want;

/* fsafe_root_open options. FSAFE_PORTABLE: never use openat2, always walk component by
 * component (tests run both ways). */
enum { FSAFE_PORTABLE = 1 };

/* Opens the folder at path (followed: it is the user's). NULL with *sys = errno. */
fsafe_root *fsafe_root_open(const char *path, unsigned options, int *sys);
void fsafe_root_close(fsafe_root *r);
/* The root folder's descriptor (owned by r): for fstatat / fsafe_openat on the root. */
int fsafe_root_fd(const fsafe_root *r);

/* Opens rel beneath the root: a descriptor (O_RDONLY, O_CLOEXEC, O_NONBLOCK; the
 * caller closes it), or -1 with *e set. "" and "." name the root itself. */
int fsafe_open(const fsafe_root *r, const char *rel, fsafe_want want, fsafe_error *e);

/* Opens one entry, name (no '/', not "." or ".."), of the folder dirfd, under the same
 * rules: the walker and the folder walks use it for entries they listed. */
int fsafe_openat(int dirfd, const char *name, fsafe_want want, fsafe_error *e);

/* Reads at most max bytes of fd (a regular file), NUL-terminated; closes fd. NULL with
 * errno on a read error. *truncated (may be NULL) says the file holds more. */
char *fsafe_read_fd(int fd, size_t max, size_t *len, bool *truncated);

/* A short phrase for e, static: "not a regular file", strerror(sys), ... */
const char *fsafe_strerror(const fsafe_error *e);

/* False when rel is absolute or climbs above the root with '..' (no system call). */
bool fsafe_path_inside(const char *rel);

#endif
