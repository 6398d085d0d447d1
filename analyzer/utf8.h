/* utf8: validating and encoding UTF-8, for the readers of TOML, JSON and the like. */
#ifndef AIREADY_UTF8_H
#define AIREADY_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Length (1-4) of the well-formed UTF-8 sequence at p, or 0 when it is not one:
 * overlong forms, surrogates and code points above U+10FFFF are rejected. */
size_t utf8_seq_len(const char *p, const char *end);
/* Appends code point cp (a Unicode scalar value) to b. */
void utf8_put(buf *b, uint32_t cp);
/* True when cp is a Unicode scalar value (not a surrogate, at most U+10FFFF). */
int utf8_is_scalar(uint32_t cp);

#endif
