/* readcap: a file read whole, up to a cap. A larger file is refused before it is read
 * further (a 3 GB sparse .aiready.yml costs a few bytes on disk and nothing here). */
#ifndef AIREADY_READCAP_H
#define AIREADY_READCAP_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

typedef enum readcap_status { READCAP_OK = 0, READCAP_TOO_LARGE, READCAP_ERROR } readcap_status;

/* Reads f to its end into out (which it replaces; NUL-terminated) when that is at most
 * cap bytes; otherwise out is left empty. READCAP_ERROR: a read error (errno). */
readcap_status readcap_stream(FILE *f, size_t cap, buf *out);

/* "1 MiB", "8 MiB", "512 KiB": a cap for messages. */
const char *readcap_size_name(size_t cap, char tmp[32]);

#endif
