/* sha256: SHA-256 (FIPS 180-4), one-shot and streaming. */
#ifndef AIREADY_SHA256_H
#define AIREADY_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 64 /* without the NUL */

/* Streaming state. Its layout is public only so that it can live on the stack; treat
 * the fields as private. One context per thread; contexts share nothing. */
typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t total;     /* bytes hashed so far */
    uint8_t block[64];  /* the pending partial block */
    size_t used;        /* bytes in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes the digest; the context must be re-initialised before further use. */
void sha256_final(sha256_ctx *c, uint8_t out[SHA256_DIGEST_LEN]);

/* Lower-case hex of a digest, NUL-terminated. */
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_LEN], char out[SHA256_HEX_LEN + 1]);
/* The lower-case hex digest of data, NUL-terminated. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

#endif
