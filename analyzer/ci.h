/* ci: CI configuration read far enough to tell its jobs apart.
 *
 * A regex over a workflow file cannot say which job a step belongs to, nor whether the
 * job that deploys is the one that runs on a schedule. This stage reads the YAML of
 * GitHub Actions workflows, GitLab CI and CircleCI configurations (libyaml) and reports
 * per job what it does, each finding pointing at the line that shows it:
 *
 *   rule id              item(s)      effect    when
 *   ci.test-job          5, 44        informs   a job runs a test suite (pytest, npm test, ...)
 *   ci.deploy-job        5            supports  a job deploys (deploy environment, deploy
 *                                               action or command, GitLab deploy stage)
 *   ci.scheduled-job     15, 19, 25   informs   a job runs on a schedule (cron)
 *   ci.security-scan     37 or 40     supports  a step scans dependencies (37) or code,
 *                                               IaC, containers or secrets (40)
 *   ci.eval-gate         13           supports  a job runs an LLM eval suite (promptfoo
 *                                               eval, deepeval test run, pytest evals, ...)
 *   ci.eval-results-saved 25          supports  an eval job keeps its results (artifact upload)
 *   ci.load-test         4            supports  a job runs a load test (k6, locust, artillery, ...)
 *   ci.benchmark         2            supports  a job runs a latency benchmark
 *   ci.rollback-job      6            supports  a job rolls a release back
 *   ci.scheduled-drift   15           supports  a scheduled job runs drift monitoring
 *   ci.scheduled-eval    25           supports  a scheduled job runs evals
 *   ci.scheduled-reindex 19           informs   a scheduled job re-ingests or re-indexes data
 *
 * At most one finding per job and rule (security scans: one per step and tool). The
 * findings carry file, line, column, a snippet of that line and a fingerprint computed
 * as match.c computes them. Jenkinsfiles are Groovy and handled by rules/delivery.
 *
 * Wiring: for every file with ci_is_config(path) true, after source_load, call
 * ci_analyze(&src, &findings) next to match_file; it is thread-safe (no shared state).
 * Its ids have rows in rule_text.c, so the rules list, --only / --disable, .aiready.yml
 * `disable:` and `aiready explain` know them. */
#ifndef AIREADY_CI_H
#define AIREADY_CI_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "finding.h"
#include "source.h"

typedef enum ci_kind {
    CI_NONE = 0,
    CI_GITHUB,  /* .github/workflows/<name>.yml|yaml */
    CI_GITLAB,  /* .gitlab-ci.yml, *.gitlab-ci.yml */
    CI_CIRCLE,  /* .circleci/config.yml|yaml */
} ci_kind;

/* Which CI system a path (relative, '/'-separated) configures; CI_NONE for others. */
ci_kind ci_kind_of(const char *path);
static inline bool ci_is_config(const char *path) { return ci_kind_of(path) != CI_NONE; }

/* Appends the findings for one CI configuration file (sorted with finding_compare).
 * Files that are not CI configurations, or are not valid YAML, add nothing. */
void ci_analyze(const source *src, finding_list *out);
/* ci_analyze, with a note for each limit that cut the analysis short (bounds.h): nesting
 * deeper than BOUNDS_YAML_MAX_DEPTH, alias graphs past the node and work budgets. */
void ci_analyze_noted(const source *src, finding_list *out, bounds_notes *notes);

#endif
