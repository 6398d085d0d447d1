/* output: writing a report to the file named by --output.
 *
 * A regular file is replaced atomically, so a crash never leaves half a report behind:
 * the report is written to a temporary beside it, synced, and renamed over it. The
 * temporary is an O_TMPFILE where the file system has them: it has no name until it is
 * complete, and is linked under a unique name just before the rename, so even SIGKILL
 * leaves nothing behind. Elsewhere it is a mkstemp file. While a named temporary exists,
 * SIGINT, SIGTERM and SIGHUP unlink it before the process dies of the signal.
 *
 * A path that exists and is not a regular file — a device, a FIFO, /dev/stdout — is
 * written directly, never replaced; /dev/stdout, /dev/stderr, /dev/fd/N and
 * /proc/self/fd/N write to that descriptor of this process. (`-o -` means standard
 * output; the command line maps it before this module.) */
#ifndef AIREADY_OUTPUT_H
#define AIREADY_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0, or -1 with *err set. */
int output_write_atomic(const char *path, const char *data, size_t len, char **err);

/* The same, with knobs for tests: no_tmpfile forces the mkstemp temporary; before_rename,
 * when set, is called with the temporary's name once it exists under it (the moment a
 * signal must clean it up). */
typedef struct output_opts {
    bool no_tmpfile;
    void (*before_rename)(void *ctx, const char *tmp_name);
    void *ctx;
} output_opts;
int output_write(const char *path, const char *data, size_t len, const output_opts *opts, char **err);

/* Whether the file at path starts like a report aiready wrote, in any format (JSON,
 * SARIF, Markdown, HTML, text). */
bool output_is_report(const char *path);

/* Checks an --output path before a scan of root (a realpath): a non-empty regular file
 * inside root that is not an earlier aiready report is refused — it is part of the
 * scanned tree, and the report would overwrite it. Returns 0, or -1 with *err set. */
int output_check_target(const char *path, const char *root, char **err);

#endif
