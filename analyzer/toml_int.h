/* toml_int: the TOML reader's state, shared by toml.c (document structure) and
 * toml_scalar.c (strings, numbers, booleans, dates). Not for other modules. */
#ifndef AIREADY_TOML_INT_H
#define AIREADY_TOML_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dom.h"

typedef struct toml_parser {
    const char *p, *end;
    uint32_t line;
    unsigned depth; /* open arrays and inline tables */
    bool failed;
    buf err;
} toml_parser;

/* Records "line N: ..." as the error unless one is recorded already; returns false. */
bool tomlp_fail(toml_parser *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The byte `ahead` bytes on, or -1 past the end. */
int tomlp_peek(const toml_parser *t, size_t ahead);
/* Consumes LF or CRLF and counts the line; false (consuming nothing) otherwise. */
bool tomlp_newline(toml_parser *t);
/* At a quote: reads a basic or literal string, multi-line ones only when allowed. */
bool tomlp_string(toml_parser *t, buf *out, bool allow_multiline);
/* A boolean, integer, float or date/time at the cursor. */
bool tomlp_scalar(toml_parser *t, dom **out);
/* Describes the byte at the cursor for an error message ("'x'", "byte 0x01", "end of input"). */
const char *tomlp_what(const toml_parser *t, char tmp[16]);

#endif
