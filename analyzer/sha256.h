/* sha256: digests for fingerprints and redaction markers. */
#ifndef AIREADY_SHA256_H
#define AIREADY_SHA256_H

#include <stddef.h>

/* Writes the lowercase hex digest of data and a NUL into out. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
