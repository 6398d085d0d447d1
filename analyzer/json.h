/* json: a streaming JSON writer with two-space indentation. Strings are escaped, and
 * bytes that are not valid UTF-8 become U+FFFD, so any file content can be written (report
 * writers show file names with safe_text.h first, so those stay distinct); C0 and C1
 * controls, DEL and the bidi controls are written as \u escapes. */
#ifndef AIREADY_JSON_H
#define AIREADY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSON_MAX_DEPTH 64

typedef struct json_writer {
    buf *out;
    int depth;
    bool first[JSON_MAX_DEPTH]; /* no value written yet at this depth */
    bool after_key;
    bool compact;               /* one line, no indentation */
} json_writer;

void json_init(json_writer *w, buf *out, bool compact);
void json_object_begin(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_end(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *s);          /* NULL writes null */
void json_string_n(json_writer *w, const char *s, size_t n);
void json_int(json_writer *w, int64_t v);
void json_double(json_writer *w, double v);
void json_bool(json_writer *w, bool v);
void json_null(json_writer *w);

/* key + value shorthands */
void json_kv_string(json_writer *w, const char *key, const char *s);
void json_kv_int(json_writer *w, const char *key, int64_t v);
void json_kv_bool(json_writer *w, const char *key, bool v);

/* Appends s escaped for a JSON string body (no quotes). */
void json_escape(buf *out, const char *s, size_t n);

#endif
