/* source: one file's bytes, read once, with a line index. Lines end at \n, \r\n or a lone \r. */
#ifndef AIREADY_SOURCE_H
#define AIREADY_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fsafe.h"
#include "lang.h"

struct redact_map;

typedef struct source {
    const char *path;   /* relative to the scanned root, '/'-separated */
    lang lang;          /* LANG_NONE when not parsed */
    file_class cls;
    const char *text;   /* the file's bytes, NUL-terminated (the NUL is not counted) */
    size_t len;
    uint32_t *line_starts; /* byte offset of each line's first byte */
    uint32_t n_lines;
    bool valid_utf8;
    bool owns_text;     /* text was read by source_load and is freed by source_free */
    /* the secrets the rule pass found in text (redact.h), for every later stage that cuts
     * text out of the file; NULL before that pass or when it found none */
    const struct redact_map *secrets;
} source;

/* Why a file was not analysed. SKIP_NONE means it was read. */
typedef enum skip_reason {
    SKIP_NONE = 0,
    SKIP_BINARY,
    SKIP_TOO_LARGE,
    SKIP_MINIFIED,
    SKIP_UNREADABLE,
    SKIP_SYMLINK,          /* a link inside the root: its target is scanned at its own path */
    SKIP_SYMLINK_OUTSIDE,  /* a link that leads out of the scanned root */
    SKIP_SYMLINK_BROKEN,
    SKIP_SPECIAL,          /* fifo, socket, device */
    SKIP_EXCLUDED_DIR,     /* .git, node_modules, virtualenvs, build output, vendored code */
    SKIP_GITIGNORED,       /* matched by a .gitignore */
    SKIP_EXCLUDED,         /* matched by --exclude or the config's exclude list */
    SKIP_GENERATED,        /* *.min.js, *_pb2.py and other generated files */
    SKIP_REASON_COUNT
} skip_reason;

const char *skip_reason_name(skip_reason r);

typedef struct source_limits {
    size_t max_file_size;   /* bytes; larger files are SKIP_TOO_LARGE */
    size_t max_line_length; /* a code file whose average line exceeds this... see source.c */
} source_limits;

/* Reads rel, a path beneath the scanned root, through fsafe (never outside the root, never
 * through a symlink, never a fifo or device) into *out (path/lang/cls are set by the
 * caller). UTF-16 with a BOM is decoded to UTF-8; a lone '\r' becomes '\n' (same offsets).
 * Returns SKIP_NONE when the file was read for analysis; otherwise the reason, with detail
 * in *detail (static string). SKIP_BINARY and SKIP_MINIFIED still leave the text and its
 * line index in *out, for the rules that need no parse (the secret rules). Call
 * source_free in every case. */
skip_reason source_load(source *out, const fsafe_root *root, const char *rel, const source_limits *lim,
                        const char **detail);
/* The same for a descriptor the caller opened; it is closed here. */
skip_reason source_load_fd(source *out, int fd, const source_limits *lim, const char **detail);
/* Builds a source over caller-owned text (tests, rule self-tests). Text must stay alive. */
void source_init_text(source *out, const char *path, lang l, const char *text, size_t len);
void source_free(source *s);

/* 1-based line and column (column in bytes, 1-based) of a byte offset. */
uint32_t source_line_of(const source *s, size_t offset);
uint32_t source_column_of(const source *s, size_t offset);
/* The text of 1-based line n without its newline. */
const char *source_line_text(const source *s, uint32_t n, size_t *len);

#endif
