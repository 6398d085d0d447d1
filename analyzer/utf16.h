/* utf16: text written as UTF-16 with a byte order mark (what Windows PowerShell 5's `>`
 * and Notepad's "Unicode" write), decoded to UTF-8 so that every rule reads it like any
 * other text. Without a BOM nothing is guessed: the bytes stay as they are. */
#ifndef AIREADY_UTF16_H
#define AIREADY_UTF16_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* True when text starts with a UTF-16 BOM (FF FE little-endian, FE FF big-endian) and is
 * not UTF-32 (FF FE 00 00). */
bool utf16_has_bom(const char *text, size_t len);

/* Appends text (starting with its BOM) to out as UTF-8, without the BOM. Unpaired
 * surrogates and a trailing odd byte become U+FFFD. Line breaks stay where they were,
 * so line numbers are those of the decoded text. */
void utf16_to_utf8(const char *text, size_t len, buf *out);

#endif
