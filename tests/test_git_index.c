/* git_index.c: tracked paths from a git index (v2 and v4 entries, a root inside the
 * checkout), and secret_context.c: where a secret sits decides its severity. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "classify.h"
#include "git_index.h"
#include "secret_context.h"

static void put32(buf *b, uint32_t v)
{
    char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    buf_append(b, c, 4);
}

/* 62 bytes of stat data, object name and flags (name length in the low 12 bits). */
static void put_fixed(buf *b, size_t name_len)
{
    char zero[60] = {0};
    buf_append(b, zero, sizeof zero);
    buf_putc(b, (char)((name_len >> 8) & 0x0F));
    buf_putc(b, (char)(name_len & 0xFF));
}

static buf index_v2(const char *const *paths, size_t n)
{
    buf b = {0};
    buf_append(&b, "DIRC", 4);
    put32(&b, 2);
    put32(&b, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        size_t start = b.len, len = strlen(paths[i]);
        put_fixed(&b, len);
        buf_append(&b, paths[i], len);
        size_t entry = b.len - start, padded = (entry + 8) & ~(size_t)7;
        while (b.len - start < padded) buf_putc(&b, '\0');
    }
    return b;
}

static void test_v2_paths_and_folders(void **state)
{
    (void)state;
    const char *paths[] = {".env", "app/main.py", "backend/.env", "docs/a.md"};
    buf b = index_v2(paths, 4);
    tracked_index *ix = tracked_index_parse((const unsigned char *)b.data, b.len, "");
    assert_non_null(ix);
    assert_true(tracked_index_tracks(ix, ".env"));
    assert_true(tracked_index_tracks(ix, "backend/.env"));
    assert_false(tracked_index_tracks(ix, "local.env"));
    assert_true(tracked_index_tracks_under(ix, "backend"));
    assert_false(tracked_index_tracks_under(ix, "back"));
    assert_false(tracked_index_tracks_under(ix, "secret"));
    tracked_index_free(ix);
    /* scanning backend/: paths are relative to it */
    ix = tracked_index_parse((const unsigned char *)b.data, b.len, "backend/");
    assert_non_null(ix);
    assert_true(tracked_index_tracks(ix, ".env"));
    assert_false(tracked_index_tracks(ix, "app/main.py"));
    tracked_index_free(ix);
    buf_free(&b);
}

static void test_v4_prefix_compression(void **state)
{
    (void)state;
    buf b = {0};
    buf_append(&b, "DIRC", 4);
    put32(&b, 4);
    put32(&b, 2);
    put_fixed(&b, 8);
    buf_putc(&b, 0); /* strip nothing */
    buf_append(&b, "app/a.py", 9);
    put_fixed(&b, 9);
    buf_putc(&b, 4); /* strip "a.py" */
    buf_append(&b, ".env.x", 7);
    tracked_index *ix = tracked_index_parse((const unsigned char *)b.data, b.len, "");
    assert_non_null(ix);
    assert_true(tracked_index_tracks(ix, "app/a.py"));
    assert_true(tracked_index_tracks(ix, "app/.env.x"));
    tracked_index_free(ix);
    buf_free(&b);
}

static void test_malformed(void **state)
{
    (void)state;
    assert_null(tracked_index_parse((const unsigned char *)"DIRX\0\0\0\2\0\0\0\0", 12, ""));
    const char *paths[] = {"a.py"};
    buf b = index_v2(paths, 1);
    assert_null(tracked_index_parse((const unsigned char *)b.data, b.len - 8, ""));
    b.data[11] = 9; /* claims 9 entries */
    assert_null(tracked_index_parse((const unsigned char *)b.data, b.len, ""));
    buf_free(&b);
}

static void test_secret_files(void **state)
{
    (void)state;
    assert_true(classify_is_secret_file(".env"));
    assert_true(classify_is_secret_file("backend/.env.production"));
    assert_true(classify_is_secret_file("prod.env"));
    assert_true(classify_is_secret_file(".streamlit/secrets.toml"));
    assert_false(classify_is_secret_file(".env.example"));
    assert_false(classify_is_secret_file("app/env.py"));
}

static void test_secret_context(void **state)
{
    (void)state;
    assert_null(secret_context_demotes("app/config.py"));
    assert_null(secret_context_demotes(".env"));
    assert_null(secret_context_demotes("scripts/deploy.sh"));
    assert_string_equal(secret_context_demotes("README.md"), "documentation");
    assert_string_equal(secret_context_demotes("locales/de.json"), "a translation file");
    assert_string_equal(secret_context_demotes("data/train.csv"), "a dataset");
    assert_string_equal(secret_context_demotes("eval/qa.jsonl"), "a dataset");
    assert_null(secret_context_demotes("app/keys.txt"));
    assert_string_equal(secret_context_demotes(".env.example"), "an example env file");
    assert_string_equal(secret_context_demotes("notebooks/explore.ipynb"), "a notebook");
    /* a request's own lines naming a loopback host */
    const char *lab = "req = {\n  'url': 'http://127.0.0.1:5000/x',\n  'Authorization': 'Bearer K'\n}\n";
    assert_string_equal(secret_context_local_target(lab, strlen(lab), strstr(lab, "K'") - lab),
                        "a request to a local host");
    const char *v6 = "fetch('http://[::1]:8080/a', {headers: {Authorization: 'Bearer K'}})\n";
    assert_non_null(secret_context_local_target(v6, strlen(v6), strstr(v6, "K'") - v6));
    const char *remote = "req = {'url': 'https://api.example.com/x', 'Authorization': 'Bearer K'}\n";
    assert_null(secret_context_local_target(remote, strlen(remote), strstr(remote, "K'") - remote));
    const char *lookalike = "url = 'https://localhost.example.com/x'; auth = 'Bearer K'\n";
    assert_null(secret_context_local_target(lookalike, strlen(lookalike), strstr(lookalike, "K'") - lookalike));
    const char *below = "auth = 'Bearer K'\n\n\n\n\nurl = 'http://localhost:3000'\n";
    assert_null(secret_context_local_target(below, strlen(below), strstr(below, "K'") - below));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_paths_and_folders),
        cmocka_unit_test(test_v4_prefix_compression),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_secret_files),
        cmocka_unit_test(test_secret_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
