/* source: one file's bytes, read once, with a line index. */
#ifndef AIREADY_SOURCE_H
#define AIREADY_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Reads abs_path into *out (path/lang/cls are set by the caller). Returns SKIP_NONE on
 * success; otherwise the reason, with errno-derived detail in *detail (static string). */
skip_reason source_load(source *out, const char *abs_path, const source_limits *lim,
                        const char **detail);
/* Builds a source over caller-owned text (tests, rule self-tests). Text must stay alive. */
void source_init_text(source *out, const char *path, lang l, const char *text, size_t len);
void source_free(source *s);

/* 1-based line and column (column in bytes, 1-based) of a byte offset. */
uint32_t source_line_of(const source *s, size_t offset);
uint32_t source_column_of(const source *s, size_t offset);
/* The text of 1-based line n without its newline. */
const char *source_line_text(const source *s, uint32_t n, size_t *len);

#endif
