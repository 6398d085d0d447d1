/* classify: what kind of file a path is, from its name and (for scripts) its first line. */
#ifndef AIREADY_CLASSIFY_H
#define AIREADY_CLASSIFY_H

#include <stddef.h>

#include "lang.h"

typedef struct file_kind {
    lang lang;
    file_class cls;
} file_kind;

/* Classifies by path (relative, '/'-separated). */
file_kind classify_path(const char *path);
/* For a file the name did not classify: a "#!" line naming python or node. */
file_kind classify_shebang(file_kind k, const char *text, size_t len);
/* Files whose names say they are generated or vendored bundles (*.min.js, *.bundle.js,
 * *_pb2.py, *.generated.ts ...): skipped like minified files. */
int classify_is_generated(const char *path);
/* Files whose names say they hold credentials (.env, .env.production, secrets.toml,
 * credentials.json, .npmrc, .pypirc, .netrc, *.pem, *.key ...; not .env.example). */
int classify_is_secret_file(const char *path);

#endif
