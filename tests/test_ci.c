/* ci: jobs told apart in GitHub Actions, GitLab CI and CircleCI configurations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci.h"

static finding_list run(const char *path, const char *text)
{
    source s;
    source_init_text(&s, path, LANG_NONE, text, strlen(text));
    finding_list fl = {0};
    ci_analyze(&s, &fl);
    source_free(&s);
    return fl;
}

static size_t count(const finding_list *fl, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < fl->len; i++) n += !strcmp(fl->items[i].rule, rule);
    return n;
}

static const finding *find(const finding_list *fl, const char *rule, size_t nth)
{
    for (size_t i = 0; i < fl->len; i++)
        if (!strcmp(fl->items[i].rule, rule) && nth-- == 0) return &fl->items[i];
    return NULL;
}

static void test_kind_of(void **state)
{
    (void)state;
    assert_int_equal(ci_kind_of(".github/workflows/ci.yml"), CI_GITHUB);
    assert_int_equal(ci_kind_of("svc/.github/workflows/deploy.yaml"), CI_GITHUB);
    assert_int_equal(ci_kind_of(".gitlab-ci.yml"), CI_GITLAB);
    assert_int_equal(ci_kind_of("ci/deploy.gitlab-ci.yml"), CI_GITLAB);
    assert_int_equal(ci_kind_of(".circleci/config.yml"), CI_CIRCLE);
    assert_int_equal(ci_kind_of(".github/dependabot.yml"), CI_NONE);
    assert_int_equal(ci_kind_of("workflows/ci.yml"), CI_NONE);
    assert_false(ci_is_config("docs/.gitlab-ci.md"));
}

/* The point of parsing: the deploy step belongs to the deploy job, the tests to the test
 * job, and only the scheduled workflow's jobs are scheduled. */
static const char github_ci[] =
    "name: ci\n"
    "on:\n"
    "  push:\n"
    "    branches: [main]\n"
    "jobs:\n"
    "  test:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - run: pip install -r requirements.txt\n"
    "      - run: pytest -q\n"
    "      - uses: pypa/gh-action-pip-audit@v1.1.0\n"
    "  deploy:\n"
    "    needs: test\n"
    "    runs-on: ubuntu-latest\n"
    "    environment: production\n"
    "    steps:\n"
    "      - uses: superfly/flyctl-actions/setup-flyctl@master\n"
    "      - run: flyctl deploy --remote-only\n";

static void test_github_jobs(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/ci.yml", github_ci);
    assert_int_equal(count(&fl, "ci.test-job"), 1);
    assert_int_equal(count(&fl, "ci.deploy-job"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-job"), 0);
    assert_int_equal(count(&fl, "ci.security-scan"), 1);
    const finding *t = find(&fl, "ci.test-job", 0);
    assert_int_equal(t->line, 11);
    assert_string_equal(t->file, ".github/workflows/ci.yml");
    assert_string_equal(t->snippet, "- run: pytest -q");
    assert_int_equal(t->effect, EFFECT_INFORMS);
    assert_non_null(strstr(t->message, "'test'"));
    const finding *d = find(&fl, "ci.deploy-job", 0);
    assert_int_equal(d->line, 16); /* the environment line */
    assert_int_equal(d->effect, EFFECT_SUPPORTS);
    assert_int_equal(d->n_items, 1);
    assert_int_equal(d->items[0], 5);
    assert_non_null(strstr(d->message, "production"));
    const finding *sc = find(&fl, "ci.security-scan", 0);
    assert_int_equal(sc->items[0], 37);
    assert_int_equal(sc->line, 12);
    assert_int_equal(strlen(sc->fingerprint), 64);
    /* sorted by line */
    for (size_t i = 1; i < fl.len; i++) assert_true(finding_compare(&fl.items[i - 1], &fl.items[i]) <= 0);
    finding_list_free(&fl);
}

/* A workflow where the word "deploy" only appears in a test job must not yield a deploy job. */
static void test_github_no_false_deploy(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/ci.yml",
                          "on: [push, pull_request]\n"
                          "jobs:\n"
                          "  test:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - name: test the deploy helpers\n"
                          "        run: npm test\n"
                          "  docs:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    environment: github-pages\n"
                          "    steps:\n"
                          "      - uses: actions/deploy-pages@v4\n");
    assert_int_equal(count(&fl, "ci.deploy-job"), 0);
    assert_int_equal(count(&fl, "ci.test-job"), 1);
    finding_list_free(&fl);
}

static void test_github_schedule(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/nightly.yml",
                          "on:\n"
                          "  schedule:\n"
                          "    - cron: '0 3 * * *'\n"
                          "  workflow_dispatch:\n"
                          "jobs:\n"
                          "  evals:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - run: npx promptfoo eval -c promptfooconfig.yaml -o out/results.json\n"
                          "      - uses: actions/upload-artifact@v4\n"
                          "  reindex:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - run: python -m app.reindex --all\n"
                          "  drift:\n"
                          "    name: Weekly drift report\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - run: python monitor/report.py\n");
    assert_int_equal(count(&fl, "ci.scheduled-job"), 3);
    const finding *s = find(&fl, "ci.scheduled-job", 0);
    assert_non_null(strstr(s->message, "0 3 * * *"));
    assert_int_equal(count(&fl, "ci.eval-gate"), 1);
    assert_int_equal(count(&fl, "ci.eval-results-saved"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-eval"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-reindex"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-drift"), 1);
    assert_int_equal(count(&fl, "ci.deploy-job"), 0);
    finding_list_free(&fl);
}

static void test_github_rollback_load_bench(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/ops.yaml",
                          "on:\n"
                          "  workflow_dispatch:\n"
                          "jobs:\n"
                          "  rollback:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - run: ./scripts/rollback.sh\n"
                          "  load:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - run: k6 run load/chat.js\n"
                          "      - run: pytest bench/ --benchmark-only\n"
                          "  scan:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - uses: github/codeql-action/init@v3\n"
                          "      - run: semgrep ci\n");
    assert_int_equal(count(&fl, "ci.rollback-job"), 1);
    assert_non_null(strstr(find(&fl, "ci.rollback-job", 0)->message, "by hand"));
    assert_int_equal(count(&fl, "ci.load-test"), 1);
    assert_int_equal(count(&fl, "ci.benchmark"), 1);
    assert_int_equal(count(&fl, "ci.test-job"), 1); /* pytest in the benchmark step */
    assert_int_equal(count(&fl, "ci.security-scan"), 2);
    assert_int_equal(find(&fl, "ci.security-scan", 0)->items[0], 40);
    finding_list_free(&fl);
}

static void test_github_build_push(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/image.yml",
                          "on: push\n"
                          "jobs:\n"
                          "  image:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - uses: docker/build-push-action@v6\n"
                          "        with:\n"
                          "          push: true\n"
                          "  build-only:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - uses: docker/build-push-action@v6\n"
                          "        with:\n"
                          "          push: false\n");
    assert_int_equal(count(&fl, "ci.deploy-job"), 1);
    assert_int_equal(find(&fl, "ci.deploy-job", 0)->line, 6);
    finding_list_free(&fl);
    /* a job named deploy that only calls non-deploy actions (a README generator) */
    fl = run(".github/workflows/sponsors.yml",
             "on:\n"
             "  schedule:\n"
             "    - cron: 0 0 * * *\n"
             "jobs:\n"
             "  deploy:\n"
             "    runs-on: ubuntu-latest\n"
             "    steps:\n"
             "      - uses: JamesIves/github-sponsors-readme-action@v1.2.2\n"
             "      - uses: peter-evans/create-pull-request@v5\n"
             "  deploy-app:\n"
             "    runs-on: ubuntu-latest\n"
             "    steps:\n"
             "      - run: python scripts/publish.py\n");
    assert_int_equal(count(&fl, "ci.deploy-job"), 1);
    assert_non_null(strstr(find(&fl, "ci.deploy-job", 0)->message, "'deploy-app'"));
    finding_list_free(&fl);
}

/* Tests run by an action or named as tests count; a name alone never makes a deploy. */
static void test_github_test_labels(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/app.yml",
                          "on: push\n"
                          "jobs:\n"
                          "  streamlit:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - uses: streamlit/streamlit-app-action@v0.0.3\n"
                          "        with:\n"
                          "          app-path: Chatbot.py\n"
                          "          pytest-args: -v\n"
                          "  compose:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - name: Run tests with Docker Compose\n"
                          "        run: docker-compose --profile test run --rm app-tests\n"
                          "  lint:\n"
                          "    runs-on: ubuntu-latest\n"
                          "    steps:\n"
                          "      - name: Deploy preview lint\n"
                          "        run: npm run lint\n");
    assert_int_equal(count(&fl, "ci.test-job"), 2);
    assert_int_equal(find(&fl, "ci.test-job", 0)->line, 9);
    assert_int_equal(find(&fl, "ci.test-job", 1)->line, 13);
    assert_int_equal(count(&fl, "ci.deploy-job"), 0);
    finding_list_free(&fl);
}

static void test_gitlab(void **state)
{
    (void)state;
    finding_list fl = run(".gitlab-ci.yml",
                          "stages: [test, deploy]\n"
                          "include:\n"
                          "  - template: Security/SAST.gitlab-ci.yml\n"
                          "  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\n"
                          ".base:\n"
                          "  script: [echo template]\n"
                          "unit:\n"
                          "  stage: test\n"
                          "  script:\n"
                          "    - pip install -e .\n"
                          "    - pytest\n"
                          "release:\n"
                          "  stage: deploy\n"
                          "  environment:\n"
                          "    name: production\n"
                          "  script: ./scripts/release.sh\n"
                          "nightly-ingest:\n"
                          "  stage: test\n"
                          "  rules:\n"
                          "    - if: '$CI_PIPELINE_SOURCE == \"schedule\"'\n"
                          "  script: python -m app.ingest\n"
                          "not-scheduled:\n"
                          "  rules:\n"
                          "    - if: '$CI_PIPELINE_SOURCE != \"schedule\"'\n"
                          "  script: echo hi\n");
    assert_int_equal(count(&fl, "ci.test-job"), 1);
    assert_int_equal(count(&fl, "ci.deploy-job"), 1);
    assert_int_equal(find(&fl, "ci.deploy-job", 0)->line, 15);
    assert_int_equal(count(&fl, "ci.scheduled-job"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-reindex"), 1);
    assert_int_equal(count(&fl, "ci.security-scan"), 2);
    assert_int_equal(find(&fl, "ci.security-scan", 0)->items[0], 40);
    assert_int_equal(find(&fl, "ci.security-scan", 1)->items[0], 37);
    finding_list_free(&fl);
}

static void test_circle(void **state)
{
    (void)state;
    finding_list fl = run(".circleci/config.yml",
                          "version: 2.1\n"
                          "orbs:\n"
                          "  heroku: circleci/heroku@2\n"
                          "jobs:\n"
                          "  test:\n"
                          "    docker: [{image: cimg/python:3.12}]\n"
                          "    steps:\n"
                          "      - checkout\n"
                          "      - run:\n"
                          "          name: tests\n"
                          "          command: python -m pytest\n"
                          "  ship:\n"
                          "    docker: [{image: cimg/base:stable}]\n"
                          "    steps:\n"
                          "      - heroku/deploy-via-git\n"
                          "  evals:\n"
                          "    docker: [{image: cimg/node:20.0}]\n"
                          "    steps:\n"
                          "      - run: npx promptfoo eval\n"
                          "workflows:\n"
                          "  main:\n"
                          "    jobs: [test, ship]\n"
                          "  nightly:\n"
                          "    triggers:\n"
                          "      - schedule:\n"
                          "          cron: \"0 1 * * *\"\n"
                          "          filters: {branches: {only: [main]}}\n"
                          "    jobs:\n"
                          "      - evals\n");
    assert_int_equal(count(&fl, "ci.test-job"), 1);
    assert_int_equal(count(&fl, "ci.deploy-job"), 1);
    assert_int_equal(count(&fl, "ci.eval-gate"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-job"), 1);
    assert_int_equal(count(&fl, "ci.scheduled-eval"), 1);
    assert_non_null(strstr(find(&fl, "ci.scheduled-job", 0)->message, "'evals'"));
    finding_list_free(&fl);
}

static void test_bad_input(void **state)
{
    (void)state;
    finding_list fl = run(".github/workflows/broken.yml", "jobs: [\n  - unclosed\n");
    assert_int_equal(fl.len, 0);
    fl = run(".github/workflows/empty.yml", "");
    assert_int_equal(fl.len, 0);
    fl = run(".github/workflows/list.yml", "- a\n- b\n");
    assert_int_equal(fl.len, 0);
    fl = run(".github/workflows/odd.yml", "on: push\njobs:\n  a: 3\n  b:\n    steps: oops\n  c:\n    steps: [1, [2], {run: [x]}]\n");
    assert_int_equal(fl.len, 0);
    fl = run("src/app.py", github_ci);
    assert_int_equal(fl.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_of),
        cmocka_unit_test(test_github_jobs),
        cmocka_unit_test(test_github_no_false_deploy),
        cmocka_unit_test(test_github_schedule),
        cmocka_unit_test(test_github_rollback_load_bench),
        cmocka_unit_test(test_github_build_push),
        cmocka_unit_test(test_github_test_labels),
        cmocka_unit_test(test_gitlab),
        cmocka_unit_test(test_circle),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
