/* secret_checksum: CRC-32, and each vendor scheme on tokens made for this test (valid
 * ones computed by the scheme's description, then one character changed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "secret_checksum.h"

static bool ok(secret_checksum s, const char *t)
{
    return secret_checksum_ok(s, t, strlen(t));
}

static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(secret_crc32("123456789", 9), 0xCBF43926u); /* the standard check value */
    assert_int_equal(secret_crc32("", 0), 0u);
}

static void test_parse(void **state)
{
    (void)state;
    assert_int_equal(secret_checksum_parse("github"), SECRET_CHECKSUM_GITHUB);
    assert_int_equal(secret_checksum_parse("gitlab"), SECRET_CHECKSUM_GITLAB);
    assert_int_equal(secret_checksum_parse("grafana"), SECRET_CHECKSUM_GRAFANA);
    assert_int_equal(secret_checksum_parse("age"), SECRET_CHECKSUM_AGE);
    assert_int_equal(secret_checksum_parse("crc32"), SECRET_CHECKSUM_NONE);
}

static void test_github(void **state)
{
    (void)state;
    assert_true(ok(SECRET_CHECKSUM_GITHUB, "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"));
    assert_true(ok(SECRET_CHECKSUM_GITHUB, "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"));
    assert_true(ok(SECRET_CHECKSUM_GITHUB, "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"));
    /* one character of the random part or of the checksum changed */
    assert_false(ok(SECRET_CHECKSUM_GITHUB, "ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1R0TBOdo"));
    assert_false(ok(SECRET_CHECKSUM_GITHUB, "ghp_QsR6RZ24lPoQj3oPUlieI2nVsbBi1R0TBOdO"));
    assert_false(ok(SECRET_CHECKSUM_GITHUB, "npm_Pd72QNWSF3EH6FEhcKtkErbdgVK0lE89hxt9"));
    /* a checksum too large for 32 bits */
    assert_false(ok(SECRET_CHECKSUM_GITHUB, "ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1Rzzzzzz"));
    /* other forms of the same rule are not checked */
    assert_true(ok(SECRET_CHECKSUM_GITHUB,
                   "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"));
}

static void test_gitlab(void **state)
{
    (void)state;
    assert_true(ok(SECRET_CHECKSUM_GITLAB, "glpat-FnNI_uOBUdOAs2e_Rnn-bG86MWEyYgo.01.0v03txpkq"));
    assert_true(ok(SECRET_CHECKSUM_GITLAB, "glpat-FnNI_uOBUdOAs2e_Rnn-bG86MWEyYgo.010v1s1rgyo"));
    assert_false(ok(SECRET_CHECKSUM_GITLAB, "glpat-FnNI_uOBUdOAs2e_Rnn-bG86MWEyYgo.01.0v03txpkr"));
    assert_false(ok(SECRET_CHECKSUM_GITLAB, "glpat-FnNI_uOBUdOAs2e_Rnn-bG86MWEyYgO.01.0v03txpkq"));
    assert_true(ok(SECRET_CHECKSUM_GITLAB, "glpat-V9YZGWNkJnsrUgBhcpqI")); /* legacy: no checksum */
}

static void test_grafana(void **state)
{
    (void)state;
    assert_true(ok(SECRET_CHECKSUM_GRAFANA, "glsa_wqxDqMrz4iKFJpKp4mSxieBPO9DyaUB7_d5acda87"));
    assert_false(ok(SECRET_CHECKSUM_GRAFANA, "glsa_wqxDqMrz4iKFJpKp4mSxieBPO9DyaUB7_d5acda88"));
    assert_false(ok(SECRET_CHECKSUM_GRAFANA, "glsa_BqxNK9fxP7uLT5rXuBk0CNgwNiCMNBxZ_0c811cc1"));
    /* glc_ cloud tokens and legacy eyJrIjoi keys carry none */
    assert_true(ok(SECRET_CHECKSUM_GRAFANA, "glc_o7LjmL4bHyVZJ20fdb+d7deor8fuA9dvhMzHW64eplsjRRkqclBdx7HI4VgmfkqiEZIKQ60ZGZbJ6ajz=="));
}

/* the example key of age's README and one of the age test vectors (CCTV) */
static void test_age(void **state)
{
    (void)state;
    assert_true(ok(SECRET_CHECKSUM_AGE, "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"));
    assert_true(ok(SECRET_CHECKSUM_AGE, "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"));
    assert_false(ok(SECRET_CHECKSUM_AGE, "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM2"));
    assert_false(ok(SECRET_CHECKSUM_AGE, "AGE-SECRET-KEY-1HJCRJVK7EE3A5N8CRP8YSEUGZKNW90Y5UR2RGYAS8L279LFP6LCQUEGAEX"));
    /* 'b' is not a Bech32 character */
    assert_false(ok(SECRET_CHECKSUM_AGE, "AGE-SECRET-KEY-1BGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"));
    assert_true(ok(SECRET_CHECKSUM_AGE, "dop_v1_0f3a")); /* not an age key: not checked */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),   cmocka_unit_test(test_parse),   cmocka_unit_test(test_github),
        cmocka_unit_test(test_gitlab),  cmocka_unit_test(test_grafana), cmocka_unit_test(test_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
