/* secret_checksum: the checksums some vendors put inside their tokens, checked offline.
 * A token whose format carries a checksum and whose checksum does not match was never
 * issued as it stands: a made-up example, a mistyped or cut copy. Such a token is still
 * reported (someone may have pasted a real one wrongly) but is not a launch blocker.
 * Each scheme follows the vendor's published description:
 *   github   GitHub and npm tokens: <3 letters>_<30 base62 random><6 base62 CRC32 of the
 *            random part> (github.blog 2021-04-05 and 2021-09-23; base62 digits 0-9A-Za-z,
 *            zero-padded)
 *   gitlab   GitLab routable tokens: <prefix><payload>.<version>[.]<length><7 base36 CRC32
 *            of everything before it> (gitlab lib/authn/token_field/generator/routable_token.rb)
 *   grafana  Grafana service account tokens: gl<service>_<32 random>_<8 hex: CRC32 of
 *            everything before the last '_', little-endian> (grafana pkg/components/satokengen)
 *   age      age secret keys: AGE-SECRET-KEY-1<data>, Bech32 with that human-readable part
 *            (the age format spec, C2SP age.md; Bech32 and its checksum: BIP-173)
 * A token of the rule that does not have the scheme's shape (a legacy or fine-grained form
 * the same rule also finds) is not checked: secret_checksum_ok says true. */
#ifndef AIREADY_SECRET_CHECKSUM_H
#define AIREADY_SECRET_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum secret_checksum {
    SECRET_CHECKSUM_NONE = 0,
    SECRET_CHECKSUM_GITHUB,
    SECRET_CHECKSUM_GITLAB,
    SECRET_CHECKSUM_GRAFANA,
    SECRET_CHECKSUM_AGE,
} secret_checksum;

/* The scheme named `name` ("github", "gitlab", "grafana", "age"); SECRET_CHECKSUM_NONE when
 * unknown. */
secret_checksum secret_checksum_parse(const char *name);

/* The names of every scheme, comma-separated, for the loader's error message. */
const char *secret_checksum_names(void);

/* False only when tok[0..n) has the scheme's shape and its checksum does not match. */
bool secret_checksum_ok(secret_checksum scheme, const char *tok, size_t n);

/* CRC-32 (IEEE 802.3, as zlib's crc32) of s[0..n). */
uint32_t secret_crc32(const char *s, size_t n);

#endif
