/* Tests for --history (history.c): a repository made here with libgit2, holding a key that
 * was removed, a key on a branch HEAD never reached, a key still in the working tree, and
 * the same key in several blobs; the scan reports each once, at its first commit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "rules.h"
#include "scan.h"
#include "testutil.h"
#include "shipped_rules.h"

/* Random strings of the shipped rules' shapes, made for this test. */
#define OPENAI_KEY "sk-proj-Qm7x2LpV9sT4nR8wK3jH6dF1gZ5cB0aYeU4iO7pN2mX9vL3kJ8hG1fT3BlbkFJr5T8yU2iO6pA4sD9fG3hJ7kL1zX5cV0bN4mQ8wE2rT6yU1iO3p"
#define ANTHROPIC_KEY "sk-ant-api03-Zx8Cv7Bn6Mq5Wl4Ek3Rj2Th1Yg9Uf8Id7Os6Pa5Sd4Df3Gh2Jk1Lz9Xc8Vb7Nm6Qw5Er4Ty3Ui2Op1As9Dd8Ff7Gg6Hh5Jj4Kk3Ll2AA"
#define GOOGLE_KEY "AIzaR7kP2mQ9xV4nL8sT3wJ6hD1fG5cB0aYeU4i"

static void put(const char *root, const char *rel, const char *text)
{
    tu_write(root, rel, text, strlen(text));
}

static void rm(const char *root, const char *rel)
{
    char *p = tu_path(root, rel);
    unlink(p);
    free(p);
}

/* Commits the working tree's listed paths (added or removed) on HEAD, at time t. */
static void commit(git_repository *repo, const char *const *paths, int64_t t, const char *msg)
{
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, repo), 0);
    for (size_t i = 0; paths[i]; i++) {
        const char *wd = git_repository_workdir(repo);
        char *p = tu_path(wd, paths[i]);
        bool exists = access(p, F_OK) == 0;
        free(p);
        assert_int_equal(exists ? git_index_add_bypath(idx, paths[i]) : git_index_remove_bypath(idx, paths[i]), 0);
    }
    assert_int_equal(git_index_write(idx), 0);
    git_oid tree_id, commit_id, parent_id;
    assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
    git_tree *tree;
    assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
    git_signature *sig;
    assert_int_equal(git_signature_new(&sig, "t", "t@example.invalid", (git_time_t)t, 0), 0);
    git_commit *parent = NULL;
    if (git_reference_name_to_id(&parent_id, repo, "HEAD") == 0) assert_int_equal(git_commit_lookup(&parent, repo, &parent_id), 0);
    const git_commit *parents[] = {parent};
    assert_int_equal(git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL, msg, tree, parent ? 1 : 0, parents), 0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(idx);
}

static const history_secret *find(const history_result *h, const char *rule, const char *file)
{
    for (size_t i = 0; i < h->secrets.len; i++)
        if (!strcmp(h->secrets.items[i].finding.rule, rule) && !strcmp(h->secrets.items[i].finding.file, file))
            return &h->secrets.items[i];
    return NULL;
}

static void test_history_finds_removed_and_branch_keys(void **state)
{
    (void)state;
    git_libgit2_init();
    char *root = tu_tmpdir();
    git_repository *repo;
    assert_int_equal(git_repository_init(&repo, root, 0), 0);

    put(root, "app.py", "import os\nKEY = \"" OPENAI_KEY "\"\n");
    put(root, "notes.txt", "anthropic: " ANTHROPIC_KEY "\n");
    commit(repo, (const char *[]){"app.py", "notes.txt", NULL}, 1714557600, "one"); /* 2024-05-01T10:00:00Z */
    put(root, "app.py", "import os\n\nKEY = \"" OPENAI_KEY "\"\n");                  /* a second blob, same key */
    commit(repo, (const char *[]){"app.py", NULL}, 1714644000, "two");
    put(root, "app.py", "import os\nKEY = os.environ[\"OPENAI_API_KEY\"]\n");
    commit(repo, (const char *[]){"app.py", NULL}, 1714730400, "three");
    /* a branch HEAD does not reach: a key only there */
    git_oid head;
    assert_int_equal(git_reference_name_to_id(&head, repo, "HEAD"), 0);
    git_commit *hc;
    assert_int_equal(git_commit_lookup(&hc, repo, &head), 0);
    git_reference *br;
    assert_int_equal(git_branch_create(&br, repo, "old", hc, 0), 0);
    assert_int_equal(git_repository_set_head(repo, "refs/heads/old"), 0);
    put(root, "cfg/gemini.env", "GOOGLE_API_KEY=" GOOGLE_KEY "\n");
    commit(repo, (const char *[]){"cfg/gemini.env", NULL}, 1714816800, "four");
    assert_int_equal(git_repository_set_head(repo, "refs/heads/master"), 0);
    git_repository_set_head(repo, "refs/heads/main");
    rm(root, "cfg/gemini.env");
    git_reference_free(br);
    git_commit_free(hc);
    git_repository_free(repo);

    ruleset *rs = load_shipped();
    assert_non_null(rs);
    scan_options opt = {0};
    opt.path = root;
    opt.jobs = 2;
    opt.max_file_size = 2u << 20;
    opt.rules = rs;
    opt.history = true;
    scan_result r;
    char *err = NULL;
    assert_int_equal(scan_run(&opt, &r, &err), 0);
    assert_non_null(r.history);
    const history_result *h = r.history;
    assert_int_equal(h->commits, 4);
    const history_secret *o = find(h, "secrets.openai-api-key", "app.py");
    assert_non_null(o);
    assert_false(o->in_working_tree);
    assert_string_equal(o->date, "2024-05-01T10:00:00Z");
    assert_int_equal(o->finding.line, 2); /* the first blob's line */
    assert_int_equal(o->blobs, 2);       /* the second blob holds it at line 3: same fingerprint */
    assert_null(strstr(o->finding.snippet, OPENAI_KEY));
    const history_secret *a = find(h, "secrets.anthropic-api-key", "notes.txt");
    assert_non_null(a);
    assert_true(a->in_working_tree);
    const history_secret *g = NULL;
    for (size_t i = 0; i < h->secrets.len; i++)
        if (!strcmp(h->secrets.items[i].finding.file, "cfg/gemini.env")) g = &h->secrets.items[i];
    assert_non_null(g);
    assert_false(g->in_working_tree);
    assert_string_equal(g->date, "2024-05-04T10:00:00Z");
    /* history-only secrets are findings too (item 31); the one still in the tree is not repeated */
    size_t openai = 0, anthropic = 0;
    for (size_t i = 0; i < r.findings.len; i++) {
        const finding *f = &r.findings.items[i];
        if (!strcmp(f->rule, "secrets.openai-api-key")) {
            openai++;
            assert_non_null(strstr(f->message, "in git history only (commit "));
            assert_null(strstr(f->snippet, OPENAI_KEY));
        }
        if (!strcmp(f->rule, "secrets.anthropic-api-key")) anthropic++;
    }
    assert_int_equal(openai, 1);
    assert_int_equal(anthropic, 1);
    scan_result_free(&r);
    rules_free(rs);
    tu_rmtree(root);
    free(root);
    git_libgit2_shutdown();
}

static void test_not_a_repository(void **state)
{
    (void)state;
    char *root = tu_tmpdir();
    put(root, "a.py", "x = 1\n");
    ruleset *rs = load_shipped();
    history_options ho = {root, rs, 1 << 20, 1, false};
    history_result h;
    char *err = NULL;
    assert_int_equal(history_scan(&ho, &h, &err), -1);
    assert_non_null(strstr(err, "not the top folder of a git repository"));
    free(err);
    history_result_free(&h);
    rules_free(rs);
    tu_rmtree(root);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_finds_removed_and_branch_keys),
        cmocka_unit_test(test_not_a_repository),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
