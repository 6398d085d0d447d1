#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void assert_hex(const void *data, size_t len, const char *want)
{
    char out[SHA256_HEX_LEN + 1];
    memset(out, 'X', sizeof out);
    sha256_hex(data, len, out);
    assert_string_equal(out, want);
}

/* Hashes data fed in pieces of `chunk` bytes (the last may be shorter). */
static void stream_hex(const void *data, size_t len, size_t chunk, char out[SHA256_HEX_LEN + 1])
{
    sha256_ctx c;
    uint8_t d[SHA256_DIGEST_LEN];
    const uint8_t *p = data;
    sha256_init(&c);
    for (size_t off = 0; off < len; off += chunk)
        sha256_update(&c, p + off, len - off < chunk ? len - off : chunk);
    sha256_final(&c, d);
    sha256_to_hex(d, out);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
static void test_nist_empty(void **state)
{
    (void)state;
    assert_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_hex(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_nist_abc(void **state)
{
    (void)state;
    assert_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_nist_448_bits(void **state)
{
    (void)state;
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(m), 56);
    assert_hex(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_nist_896_bits(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m), 112);
    assert_hex(m, 112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_nist_million_a(void **state)
{
    (void)state;
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    size_t n = 1000000;
    char *m = malloc(n);
    assert_non_null(m);
    memset(m, 'a', n);
    assert_hex(m, n, want);
    /* streamed in pieces that straddle block boundaries in every way */
    size_t chunks[] = { 1, 3, 63, 64, 65, 1000, 4096, 999999 };
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        char out[SHA256_HEX_LEN + 1];
        stream_hex(m, n, chunks[i], out);
        assert_string_equal(out, want);
    }
    free(m);
}

/* Lengths around the padding boundary: 55 fits the length in one block, 56..63 need a
 * second one. Expected values from coreutils sha256sum. */
static void test_padding_boundaries(void **state)
{
    (void)state;
    static const struct { size_t n; const char *hex; } v[] = {
        { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
        { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
        { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
        { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
        { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
        { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
        { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
        { 127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a" },
        { 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
    };
    char m[128];
    memset(m, 'a', sizeof m);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) assert_hex(m, v[i].n, v[i].hex);
}

/* Every split of a message into two updates (including empty ones) gives the same digest,
 * and binary data with NUL bytes is hashed by length, not as a string. */
static void test_streaming_splits(void **state)
{
    (void)state;
    uint8_t m[1024];
    for (size_t i = 0; i < sizeof m; i++) m[i] = (uint8_t)i;
    const char *want = "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9";
    assert_hex(m, sizeof m, want);
    for (size_t cut = 0; cut <= 200; cut++) {
        sha256_ctx c;
        uint8_t d[SHA256_DIGEST_LEN];
        char out[SHA256_HEX_LEN + 1];
        sha256_init(&c);
        sha256_update(&c, m, cut);
        sha256_update(&c, m + cut, 0);
        sha256_update(&c, m + cut, sizeof m - cut);
        sha256_final(&c, d);
        sha256_to_hex(d, out);
        assert_string_equal(out, want);
    }
    for (size_t chunk = 1; chunk <= 130; chunk++) {
        char out[SHA256_HEX_LEN + 1];
        stream_hex(m, sizeof m, chunk, out);
        assert_string_equal(out, want);
    }
}

/* A context can be reused after sha256_init; sha256_to_hex writes lower-case hex. */
static void test_reinit_and_hex(void **state)
{
    (void)state;
    sha256_ctx c;
    uint8_t d[SHA256_DIGEST_LEN];
    char out[SHA256_HEX_LEN + 1];
    sha256_init(&c);
    sha256_update(&c, "garbage", 7);
    sha256_final(&c, d);
    sha256_init(&c);
    sha256_update(&c, "ab", 2);
    sha256_update(&c, "c", 1);
    sha256_final(&c, d);
    assert_int_equal(d[0], 0xba);
    assert_int_equal(d[31], 0xad);
    sha256_to_hex(d, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(strlen(out), SHA256_HEX_LEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nist_empty),
        cmocka_unit_test(test_nist_abc),
        cmocka_unit_test(test_nist_448_bits),
        cmocka_unit_test(test_nist_896_bits),
        cmocka_unit_test(test_nist_million_a),
        cmocka_unit_test(test_padding_boundaries),
        cmocka_unit_test(test_streaming_splits),
        cmocka_unit_test(test_reinit_and_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
