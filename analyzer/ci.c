/* ci: GitHub Actions, GitLab CI and CircleCI configurations, read per job (see ci.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "bounds.h"
#include "buf.h"
#include "ci.h"
#include "yamlguard.h"
#include "glob.h"
#include "redact.h"
#include "sha256.h"

/* --- patterns -------------------------------------------------------------------- */

enum {
    P_TEST,        /* a test-suite command */
    P_DEPLOY_CMD,  /* a deploy command */
    P_DEPLOY_USES, /* a deploy action (GitHub uses:, CircleCI orb command) */
    P_DEPLOY_ENV,  /* an environment name that means deployment */
    P_DEPLOY_NAME, /* a job named for deployment */
    P_EVAL,        /* an LLM eval run */
    P_LOAD,        /* a load test */
    P_BENCH,       /* a latency benchmark */
    P_ROLLBACK_CMD,
    P_ROLLBACK_NAME,
    P_DEP_SCAN,    /* dependency scanners (item 37) */
    P_CODE_SCAN,   /* SAST, IaC, container and secret scanners (item 40) */
    P_UPLOAD,      /* keeps results: artifact upload, promptfoo -o */
    P_DRIFT,
    P_REINDEX,
    P_SCHEDULE_IF, /* GitLab rules: if: $CI_PIPELINE_SOURCE == "schedule" */
    P_DOCS,        /* documentation sites: deploying them is not deploying the service */
    P_TEST_LABEL,  /* a step name or action input that says the step runs tests */
    P_ANY,
    P_COUNT
};

static const char *const pattern_text[P_COUNT] = {
    [P_TEST] = "(^|[\\s;&|(])(pytest|py\\.test|python3? -m (pytest|unittest)|tox|nox|"
               "(npm|pnpm|yarn|bun)( run)? test(:\\S*)?|npx (vitest|jest|mocha|playwright test)|vitest( run)?|jest|mocha|"
               "playwright test|cypress run|go test|cargo (test|nextest)|make (test|check)|rspec|phpunit|"
               "(poetry|uv|hatch|pdm) run (pytest|test))(\\s|$)",
    [P_DEPLOY_CMD] = "\\b(fly(ctl)? deploy|vercel\\b[^\\n]*(deploy|--prod)|netlify deploy|helm (upgrade|install)|"
                     "kubectl (apply|set image|rollout restart)|terraform apply|pulumi up|"
                     "(serverless|sls) deploy|sam deploy|cdk deploy|gcloud (run|app|functions) deploy|"
                     "az (webapp|containerapp|functionapp)\\b[^\\n]*\\b(deploy|up|update)|aws ecs update-service|"
                     "eb deploy|railway up|docker push|heroku container:release|git push heroku|"
                     "wrangler (deploy|publish)|firebase deploy|modal deploy|kamal deploy|"
                     "(make|npm run|pnpm( run)?|yarn|just|task) deploy\\b|\\S*deploy\\S*\\.sh\\b)",
    [P_DEPLOY_USES] = "^(aws-actions/amazon-ecs-deploy-task-definition|google-github-actions/deploy-|"
                      "azure/(webapps-deploy|functions-action|k8s-deploy|container-apps-deploy-action)|"
                      "superfly/flyctl-actions|amondnet/vercel-action|cloudflare/wrangler-action|"
                      "FirebaseExtended/action-hosting-deploy|akhileshns/heroku-deploy|"
                      "[\\w-]+/[\\w-]*deploy[\\w-]*)|/deploy",
    [P_DEPLOY_ENV] = "\\b(prod|production|staging|stage|live|preview|release|deploy\\w*)\\b",
    [P_DEPLOY_NAME] = "(^|[\\W_])deploy",
    [P_EVAL] = "\\b(promptfoo(@\\S+)? eval|deepeval test run|oaieval|inspect eval|braintrust eval|lm_eval|"
               "(pytest|py\\.test)\\b[^\\n]*\\bevals?\\b|python3? -m evals?\\b|python3? \\S*evals?/\\S+\\.py|"
               "(npm|pnpm|yarn)( run)? evals?\\b|make evals?\\b)",
    [P_LOAD] = "\\b(k6 (run|cloud)|locust\\b[^\\n]*(--headless|-f\\s)|artillery run|jmeter -n|gatling|"
               "vegeta attack|hey -[nzc]|wrk -[tcd]|oha -[nzc]|autocannon -[cdp]|genai-perf|guidellm benchmark)",
    [P_BENCH] = "\\b((pytest|py\\.test)\\b[^\\n]*--benchmark|vitest bench|asv run|hyperfine)\\b",
    [P_ROLLBACK_CMD] = "\\b(kubectl (-n \\S+ )?rollout undo|helm rollback|fly(ctl)? releases rollback|"
                       "vercel rollback|heroku rollback|kubectl argo rollouts (abort|undo))\\b",
    [P_ROLLBACK_NAME] = "roll[-_ ]?back|revert",
    [P_DEP_SCAN] = "(^|[\\s/])(pip-audit|gh-action-pip-audit|safety (check|scan)|npm audit|pnpm audit|yarn (npm )?audit|"
                   "snyk( test|/actions)|osv-scanner|dependency-review-action|grype|anchore/scan-action|"
                   "trivy (fs|repo|image|sbom)|trivy-action|Dependency-Scanning|dependency_scanning)\\b",
    [P_CODE_SCAN] = "(^|[\\s/])(codeql-action/(init|analyze)|semgrep|bandit|checkov|tfsec|trivy config|"
                    "gitleaks|trufflehog|SAST|Secret-Detection|Container-Scanning|"
                    "hadolint|kics|garak)\\b",
    [P_UPLOAD] = "^actions/upload-artifact|\\bpromptfoo(@\\S+)? eval\\b[^\\n]*\\s(-o|--output)\\s|store_artifacts",
    [P_DRIFT] = "drift",
    [P_REINDEX] = "\\b(ingest\\w*|re-?index\\w*|embed\\w*|sync\\w*|crawl\\w*|refresh\\w*|scrape\\w*)\\b",
    [P_SCHEDULE_IF] = "==\\s*[\"']?schedule\\b",
    [P_DOCS] = "pages|\\bdocs?\\b|mkdocs|sphinx|storybook|docusaurus",
    [P_TEST_LABEL] = "^((run|unit|integration|e2e|end-to-end|smoke|api)[ -])*tests?\\b|\\b(run|unit|integration|e2e|smoke)[ -]tests?\\b|"
                     "\\btests? with\\b|^pytest(-args)?$|^(jest|vitest|playwright)$",
    [P_ANY] = "\\S",
};

static pcre2_code *patterns[P_COUNT];
static pthread_once_t patterns_once = PTHREAD_ONCE_INIT;

static void compile_patterns(void)
{
    for (int i = 0; i < P_COUNT; i++) {
        int err;
        PCRE2_SIZE off;
        patterns[i] = pcre2_compile((PCRE2_SPTR)pattern_text[i], PCRE2_ZERO_TERMINATED,
                                    PCRE2_CASELESS | PCRE2_MULTILINE, &err, &off, NULL);
        if (!patterns[i]) {
            /* a bug in the table above, not in the input */
            fprintf(stderr, "aiready: ci pattern %d does not compile at %zu\n", i, (size_t)off);
            abort();
        }
    }
}

/* --- state ----------------------------------------------------------------------- */

typedef struct ctx {
    const source *src;
    yaml_document_t *doc;
    pcre2_match_data *md;
    finding_list *out;
    /* Aliases make a document a graph: a few hundred bytes can reach billions of nodes
     * (F07, F08). Flattening scripts and includes visits at most BOUNDS_CI_NODE_BUDGET
     * nodes, BOUNDS_CI_MAX_DEPTH deep, and expands a sequence once per job (stamp == gen);
     * mapping lookups compare at most BOUNDS_CI_WORK_BUDGET keys. Past any of these the
     * analysis stops (stop) and the file gets a note. */
    size_t nodes_left, work_left;
    uint32_t *stamp, gen;
    bool stop;
    const char *stop_why;
    uint32_t stop_line;
} ctx;

/* What one step does: a command (run, script line), an action (uses, orb command), or a
 * label (a step's name, the keys of its `with:`), which only ever counts as a hint that
 * a job runs tests. */
typedef enum step_kind { STEP_RUN = 0, STEP_ACTION = 1, STEP_LABEL = 2 } step_kind;

typedef struct step {
    const char *text;
    bool is_action;
    const yaml_node_t *at;
    step_kind kind;
} step;

typedef VEC(step) step_list;

typedef struct job {
    const char *id;
    const char *name;         /* display name, may be NULL */
    const yaml_node_t *key;   /* the job's key: where job-level findings point */
    const char *env;          /* environment name, may be NULL */
    const yaml_node_t *env_at;
    const char *stage;        /* GitLab stage, may be NULL */
    const yaml_node_t *stage_at;
    bool scheduled;
    const char *schedule;     /* cron text when known */
    bool dispatch;            /* can be started by hand (workflow_dispatch, when: manual) */
    step_list steps;
} job;

static yaml_node_t *node_at(const ctx *c, int idx) { return yaml_document_get_node(c->doc, idx); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static void stop(ctx *c, const char *why, const yaml_node_t *at)
{
    if (c->stop) return;
    c->stop = true;
    c->stop_why = why;
    c->stop_line = at ? (uint32_t)at->start_mark.line + 1 : 0;
}

static yaml_node_t *map_get(ctx *c, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE || c->stop) return NULL;
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    if (n > c->work_left) {
        stop(c, "more mapping keys are reached through aliases than the analysis reads", map);
        return NULL;
    }
    c->work_left -= n;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(node_at(c, p->key));
        if (k && !strcmp(k, key)) return node_at(c, p->value);
    }
    return NULL;
}

static bool re_find(ctx *c, int pat, const char *s, size_t *start, size_t *end)
{
    if (!s) return false;
    int rc = pcre2_match(patterns[pat], (PCRE2_SPTR)s, strlen(s), 0, 0, c->md, NULL);
    if (rc < 0) return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    if (start) *start = ov[0];
    if (end) *end = ov[1];
    return true;
}

static bool re(ctx *c, int pat, const char *s) { return re_find(c, pat, s, NULL, NULL); }

/* --- findings -------------------------------------------------------------------- */

static char *line_snippet(const source *s, uint32_t line)
{
    size_t len = 0;
    const char *t = line && line <= s->n_lines ? source_line_text(s, line, &len) : NULL;
    if (!t) return xstrdup("");
    while (len && (*t == ' ' || *t == '\t')) t++, len--;
    while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\r')) len--;
    if (len > 200) len = 200;
    return redact_source_dup(s, t, len);
}

static void emit(ctx *c, const char *rule, const uint8_t *items, uint8_t n_items, effect eff,
                 const yaml_node_t *at, const char *job_id, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static void emit(ctx *c, const char *rule, const uint8_t *items, uint8_t n_items, effect eff,
                 const yaml_node_t *at, const char *job_id, const char *fmt, ...)
{
    finding f = {0};
    f.rule = xstrdup(rule);
    memcpy(f.items, items, n_items);
    f.n_items = n_items;
    f.effect = eff;
    f.severity = SEV_INFO;
    buf m = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    f.message = buf_take(&m);
    f.file = xstrdup(c->src->path);
    f.line = at ? (uint32_t)at->start_mark.line + 1 : 0;
    f.column = at ? (uint32_t)at->start_mark.column + 1 : 0;
    f.end_line = f.line;
    f.end_column = f.column;
    f.snippet = line_snippet(c->src, f.line);
    /* stable across line moves: rule, path, job and the normalised line */
    buf fp = {0};
    buf_puts(&fp, rule);
    buf_putc(&fp, '\0');
    buf_puts(&fp, c->src->path);
    buf_putc(&fp, '\0');
    buf_puts(&fp, job_id ? job_id : "");
    buf_putc(&fp, '\0');
    bool space = false;
    for (const char *p = f.snippet; *p; p++) {
        if (*p == ' ' || *p == '\t') { space = true; continue; }
        if (space) buf_putc(&fp, ' ');
        space = false;
        buf_putc(&fp, *p);
    }
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(fp.data, fp.len, hex);
    buf_free(&fp);
    f.fingerprint = xstrdup(hex);
    VEC_PUSH(c->out, f);
}

#define ITEMS(...) (const uint8_t[]){__VA_ARGS__}, (uint8_t)sizeof((const uint8_t[]){__VA_ARGS__})

static const char *label(const job *j) { return j->name ? j->name : j->id; }

/* The text a pattern found, for messages: at most 40 bytes. */
static char *found_text(ctx *c, int pat, const char *s)
{
    size_t a, b;
    if (!re_find(c, pat, s, &a, &b)) return xstrdup("");
    while (a < b && (s[a] == ' ' || s[a] == '/' || s[a] == ';' || s[a] == '&' || s[a] == '|' || s[a] == '('))
        a++;
    if (b - a > 40) b = a + 40;
    return xstrndup(s + a, b - a);
}

/* --- one job --------------------------------------------------------------------- */

static const step *first_step(ctx *c, const job *j, int pat, int want_action)
{
    for (size_t i = 0; i < j->steps.len; i++) {
        const step *s = &j->steps.items[i];
        if (want_action >= 0 && (int)s->kind != want_action) continue;
        if (re(c, pat, s->text)) return s;
    }
    return NULL;
}

static bool any_text(ctx *c, const job *j, int pat)
{
    return re(c, pat, j->id) || re(c, pat, j->name) || first_step(c, j, pat, -1) != NULL;
}

static void judge_job(ctx *c, const job *j)
{
    const step *s;
    const char *who = label(j);

    /* deploy (publishing a documentation site is not deploying the service) */
    bool docs = re(c, P_DOCS, j->id) || re(c, P_DOCS, j->name);
    if (docs)
        ;
    else if (j->env && re(c, P_DEPLOY_ENV, j->env))
        emit(c, "ci.deploy-job", ITEMS(5), EFFECT_SUPPORTS, j->env_at, j->id,
             "CI job '%s' deploys to the '%s' environment", who, j->env);
    else if (((s = first_step(c, j, P_DEPLOY_USES, 1)) && !re(c, P_DOCS, s->text)) ||
             (s = first_step(c, j, P_DEPLOY_CMD, 0))) {
        char *what = found_text(c, s->is_action ? P_DEPLOY_USES : P_DEPLOY_CMD, s->text);
        emit(c, "ci.deploy-job", ITEMS(5), EFFECT_SUPPORTS, s->at, j->id, "CI job '%s' deploys (%s)", who, what);
        free(what);
    } else if (j->stage && !strcasecmp(j->stage, "deploy") && j->steps.len)
        emit(c, "ci.deploy-job", ITEMS(5), EFFECT_SUPPORTS, j->stage_at, j->id,
             "CI job '%s' runs in the deploy stage", who);
    else if (first_step(c, j, P_ANY, STEP_RUN) && (re(c, P_DEPLOY_NAME, j->id) || re(c, P_DEPLOY_NAME, j->name)))
        /* a job named for deployment that runs commands of its own (scripts we cannot
         * see into); one that only calls actions is judged by those actions */
        emit(c, "ci.deploy-job", ITEMS(5), EFFECT_SUPPORTS, j->key, j->id, "CI job '%s' is a deploy job", who);

    /* tests, evals, load tests, benchmarks */
    if ((s = first_step(c, j, P_TEST, STEP_RUN)) || (s = first_step(c, j, P_TEST_LABEL, STEP_LABEL))) {
        char *what = found_text(c, s->kind == STEP_RUN ? P_TEST : P_TEST_LABEL, s->text);
        emit(c, "ci.test-job", ITEMS(5, 44), EFFECT_INFORMS, s->at, j->id, "CI job '%s' runs tests (%s)", who, what);
        free(what);
    }
    const step *eval = first_step(c, j, P_EVAL, 0);
    if (eval) {
        char *what = found_text(c, P_EVAL, eval->text);
        emit(c, "ci.eval-gate", ITEMS(13), EFFECT_SUPPORTS, eval->at, j->id,
             "CI job '%s' runs the LLM evaluation suite (%s)", who, what);
        free(what);
        if ((s = first_step(c, j, P_UPLOAD, -1)))
            emit(c, "ci.eval-results-saved", ITEMS(25), EFFECT_SUPPORTS, s->at, j->id,
                 "CI job '%s' keeps its evaluation results", who);
    }
    if ((s = first_step(c, j, P_LOAD, 0))) {
        char *what = found_text(c, P_LOAD, s->text);
        emit(c, "ci.load-test", ITEMS(4), EFFECT_SUPPORTS, s->at, j->id, "CI job '%s' runs a load test (%s)", who, what);
        free(what);
    }
    if ((s = first_step(c, j, P_BENCH, 0))) {
        char *what = found_text(c, P_BENCH, s->text);
        emit(c, "ci.benchmark", ITEMS(2), EFFECT_SUPPORTS, s->at, j->id, "CI job '%s' runs a benchmark (%s)", who, what);
        free(what);
    }

    /* rollback */
    if ((s = first_step(c, j, P_ROLLBACK_CMD, 0))) {
        char *what = found_text(c, P_ROLLBACK_CMD, s->text);
        emit(c, "ci.rollback-job", ITEMS(6), EFFECT_SUPPORTS, s->at, j->id, "CI job '%s' rolls back a release (%s)", who, what);
        free(what);
    } else if (j->steps.len && (re(c, P_ROLLBACK_NAME, j->id) || re(c, P_ROLLBACK_NAME, j->name)))
        emit(c, "ci.rollback-job", ITEMS(6), EFFECT_SUPPORTS, j->key, j->id, "CI job '%s' is a rollback job%s", who,
             j->dispatch ? " started by hand" : "");

    /* security scans: one finding per step */
    for (size_t i = 0; i < j->steps.len; i++) {
        const step *st = &j->steps.items[i];
        if (st->kind == STEP_LABEL) continue;
        int pat = re(c, P_DEP_SCAN, st->text) ? P_DEP_SCAN : re(c, P_CODE_SCAN, st->text) ? P_CODE_SCAN : -1;
        if (pat < 0) continue;
        char *what = found_text(c, pat, st->text);
        if (pat == P_DEP_SCAN)
            emit(c, "ci.security-scan", ITEMS(37), EFFECT_SUPPORTS, st->at, j->id,
                 "CI job '%s' scans dependencies for vulnerabilities (%s)", who, what);
        else
            emit(c, "ci.security-scan", ITEMS(40), EFFECT_SUPPORTS, st->at, j->id,
                 "CI job '%s' runs a security scan (%s)", who, what);
        free(what);
    }

    /* schedules */
    if (j->scheduled) {
        emit(c, "ci.scheduled-job", ITEMS(15, 19, 25), EFFECT_INFORMS, j->key, j->id,
             "CI job '%s' runs on a schedule%s%s%s", who, j->schedule ? " (" : "",
             j->schedule ? j->schedule : "", j->schedule ? ")" : "");
        if (any_text(c, j, P_DRIFT))
            emit(c, "ci.scheduled-drift", ITEMS(15), EFFECT_SUPPORTS, j->key, j->id,
                 "Scheduled CI job '%s' runs drift monitoring", who);
        if (eval)
            emit(c, "ci.scheduled-eval", ITEMS(25), EFFECT_SUPPORTS, j->key, j->id,
                 "Scheduled CI job '%s' runs evaluations, tracking quality over time", who);
        if (any_text(c, j, P_REINDEX))
            emit(c, "ci.scheduled-reindex", ITEMS(19), EFFECT_INFORMS, j->key, j->id,
                 "Scheduled CI job '%s' refreshes ingested data", who);
    }
}

/* --- step collection ------------------------------------------------------------- */

static void add_step(job *j, const char *text, bool action, const yaml_node_t *at)
{
    if (!text || !*text) return;
    step s = {text, action, at, action ? STEP_ACTION : STEP_RUN};
    VEC_PUSH(&j->steps, s);
}

static void add_label(job *j, const char *text, const yaml_node_t *at)
{
    if (!text || !*text) return;
    step s = {text, false, at, STEP_LABEL};
    VEC_PUSH(&j->steps, s);
}

/* Whether a flattening walk may enter node n at depth (see ctx): a sequence already
 * expanded for this job (an alias reached again) adds nothing new and is skipped. */
static bool may_enter(ctx *c, const yaml_node_t *n, int depth)
{
    if (!n || c->stop) return false;
    if (depth > BOUNDS_CI_MAX_DEPTH) {
        stop(c, "lists are nested deeper than the analysis follows", n);
        return false;
    }
    if (c->nodes_left == 0) {
        stop(c, "more nodes are reached through aliases than the analysis visits", n);
        return false;
    }
    c->nodes_left--;
    if (n->type != YAML_SEQUENCE_NODE) return true;
    uint32_t *st = &c->stamp[n - c->doc->nodes.start];
    if (*st == c->gen) return false;
    *st = c->gen;
    return true;
}

/* A script: a string or a list of strings (nested lists are flattened, as GitLab does). */
static void add_script(ctx *c, job *j, const yaml_node_t *n, int depth)
{
    if (!may_enter(c, n, depth)) return;
    if (n->type == YAML_SCALAR_NODE) add_step(j, scalar(n), false, n);
    else if (n->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top && !c->stop; it++)
            add_script(c, j, node_at(c, *it), depth + 1);
}

static void env_of(ctx *c, job *j, const yaml_node_t *env)
{
    if (!env) return;
    if (env->type == YAML_MAPPING_NODE) {
        const yaml_node_t *name = map_get(c, env, "name");
        j->env = scalar(name);
        j->env_at = name;
    } else {
        j->env = scalar(env);
        j->env_at = env;
    }
}

/* --- GitHub Actions -------------------------------------------------------------- */

static void github(ctx *c, const yaml_node_t *root)
{
    const yaml_node_t *on = map_get(c, root, "on");
    if (!on) on = map_get(c, root, "true"); /* a YAML 1.1 reader would have made 'on' a bool */
    bool scheduled = false, dispatch = false;
    const char *cron = NULL;
    if (on && on->type == YAML_MAPPING_NODE) {
        const yaml_node_t *sch = map_get(c, on, "schedule");
        if (sch) {
            scheduled = true;
            if (sch->type == YAML_SEQUENCE_NODE && sch->data.sequence.items.start < sch->data.sequence.items.top)
                cron = scalar(map_get(c, node_at(c, *sch->data.sequence.items.start), "cron"));
        }
        dispatch = map_get(c, on, "workflow_dispatch") != NULL;
    } else if (on && on->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = on->data.sequence.items.start; it < on->data.sequence.items.top; it++) {
            const char *ev = scalar(node_at(c, *it));
            if (ev && !strcmp(ev, "workflow_dispatch")) dispatch = true;
        }
    } else if (scalar(on) && !strcmp(scalar(on), "workflow_dispatch")) {
        dispatch = true;
    }
    const yaml_node_t *jobs = map_get(c, root, "jobs");
    if (!jobs || jobs->type != YAML_MAPPING_NODE) return;
    for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start; p < jobs->data.mapping.pairs.top && !c->stop; p++) {
        const yaml_node_t *key = node_at(c, p->key), *body = node_at(c, p->value);
        if (!scalar(key) || !body || body->type != YAML_MAPPING_NODE) continue;
        job j = {0};
        j.id = scalar(key);
        j.key = key;
        j.name = scalar(map_get(c, body, "name"));
        j.scheduled = scheduled;
        j.schedule = cron;
        j.dispatch = dispatch;
        env_of(c, &j, map_get(c, body, "environment"));
        const yaml_node_t *uses = map_get(c, body, "uses"); /* a reusable workflow */
        add_step(&j, scalar(uses), true, uses);
        const yaml_node_t *steps = map_get(c, body, "steps");
        if (steps && steps->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = steps->data.sequence.items.start; it < steps->data.sequence.items.top; it++) {
                const yaml_node_t *st = node_at(c, *it);
                const yaml_node_t *run = map_get(c, st, "run"), *u = map_get(c, st, "uses");
                add_step(&j, scalar(run), false, run);
                add_step(&j, scalar(u), true, u);
                const yaml_node_t *nm = map_get(c, st, "name"), *with = map_get(c, st, "with");
                add_label(&j, scalar(nm), nm ? nm : st);
                if (u && with && with->type == YAML_MAPPING_NODE)
                    for (yaml_node_pair_t *q = with->data.mapping.pairs.start; q < with->data.mapping.pairs.top; q++)
                        add_label(&j, scalar(node_at(c, q->key)), node_at(c, q->key));
                /* docker/build-push-action ships an image only with push: true */
                if (u && scalar(u) && !strncmp(scalar(u), "docker/build-push-action", 24)) {
                    const char *push = scalar(map_get(c, map_get(c, st, "with"), "push"));
                    if (push && !strcmp(push, "true")) add_step(&j, "docker push", false, u);
                }
            }
        judge_job(c, &j);
        VEC_FREE(&j.steps);
    }
}

/* --- GitLab CI ------------------------------------------------------------------- */

static bool gitlab_reserved(const char *k)
{
    static const char *const reserved[] = {"image", "services", "stages", "types", "before_script",
                                           "after_script", "variables", "cache", "include", "default",
                                           "workflow", "spec", NULL};
    for (const char *const *r = reserved; *r; r++)
        if (!strcmp(*r, k)) return true;
    return k[0] == '.';
}

static bool seq_has(ctx *c, const yaml_node_t *n, const char *word)
{
    if (scalar(n)) return !strcmp(scalar(n), word);
    if (!n || n->type != YAML_SEQUENCE_NODE) return false;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
        if (scalar(node_at(c, *it)) && !strcmp(scalar(node_at(c, *it)), word)) return true;
    return false;
}

static void gitlab_includes(ctx *c, const yaml_node_t *inc, int depth)
{
    if (!may_enter(c, inc, depth)) return;
    if (inc->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = inc->data.sequence.items.start; it < inc->data.sequence.items.top && !c->stop; it++)
            gitlab_includes(c, node_at(c, *it), depth + 1);
        return;
    }
    const yaml_node_t *t = map_get(c, inc, "template");
    const char *tpl = scalar(t);
    if (!tpl) return;
    job j = {0};
    j.id = "include";
    j.key = t;
    add_step(&j, tpl, true, t);
    for (size_t i = 0; i < j.steps.len; i++) {
        const step *st = &j.steps.items[i];
        if (re(c, P_DEP_SCAN, st->text))
            emit(c, "ci.security-scan", ITEMS(37), EFFECT_SUPPORTS, st->at, "include",
                 "The GitLab pipeline includes dependency scanning (%s)", tpl);
        else if (re(c, P_CODE_SCAN, st->text))
            emit(c, "ci.security-scan", ITEMS(40), EFFECT_SUPPORTS, st->at, "include",
                 "The GitLab pipeline includes a security scan (%s)", tpl);
    }
    VEC_FREE(&j.steps);
}

static void gitlab(ctx *c, const yaml_node_t *root)
{
    c->gen++;
    gitlab_includes(c, map_get(c, root, "include"), 0);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !c->stop; p++) {
        const yaml_node_t *key = node_at(c, p->key), *body = node_at(c, p->value);
        const char *id = scalar(key);
        if (!id || gitlab_reserved(id) || !body || body->type != YAML_MAPPING_NODE) continue;
        const yaml_node_t *script = map_get(c, body, "script"), *trigger = map_get(c, body, "trigger");
        if (!script && !trigger) continue; /* not a job */
        job j = {0};
        j.id = id;
        j.key = key;
        const yaml_node_t *stage = map_get(c, body, "stage");
        j.stage = scalar(stage);
        j.stage_at = stage;
        env_of(c, &j, map_get(c, body, "environment"));
        c->gen++; /* a new job: its sequences may be expanded again */
        add_script(c, &j, map_get(c, body, "before_script"), 0);
        add_script(c, &j, script, 0);
        add_script(c, &j, map_get(c, body, "after_script"), 0);
        const yaml_node_t *only = map_get(c, body, "only");
        if (seq_has(c, only, "schedules") || seq_has(c, map_get(c, only, "refs"), "schedules")) j.scheduled = true;
        const yaml_node_t *rules = map_get(c, body, "rules");
        if (rules && rules->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = rules->data.sequence.items.start; it < rules->data.sequence.items.top; it++) {
                const yaml_node_t *r = node_at(c, *it);
                const char *cond = scalar(map_get(c, r, "if"));
                const char *when = scalar(map_get(c, r, "when"));
                if (cond && re(c, P_SCHEDULE_IF, cond) && !(when && !strcmp(when, "never"))) j.scheduled = true;
                if (when && !strcmp(when, "manual")) j.dispatch = true;
            }
        const char *when = scalar(map_get(c, body, "when"));
        if (when && !strcmp(when, "manual")) j.dispatch = true;
        judge_job(c, &j);
        VEC_FREE(&j.steps);
    }
}

/* --- CircleCI -------------------------------------------------------------------- */

static bool name_in(const char *const *names, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], id)) return true;
    return false;
}

static void circle(ctx *c, const yaml_node_t *root)
{
    /* jobs that a scheduled workflow runs */
    VEC(const char *) sched = {0};
    const char *cron = NULL;
    const yaml_node_t *wfs = map_get(c, root, "workflows");
    if (wfs && wfs->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = wfs->data.mapping.pairs.start; p < wfs->data.mapping.pairs.top; p++) {
            const yaml_node_t *wf = node_at(c, p->value), *trig = map_get(c, wf, "triggers");
            bool scheduled = false;
            if (trig && trig->type == YAML_SEQUENCE_NODE)
                for (yaml_node_item_t *it = trig->data.sequence.items.start; it < trig->data.sequence.items.top; it++) {
                    const yaml_node_t *s = map_get(c, node_at(c, *it), "schedule");
                    if (s) {
                        scheduled = true;
                        if (!cron) cron = scalar(map_get(c, s, "cron"));
                    }
                }
            const yaml_node_t *wjobs = map_get(c, wf, "jobs");
            if (!scheduled || !wjobs || wjobs->type != YAML_SEQUENCE_NODE) continue;
            for (yaml_node_item_t *it = wjobs->data.sequence.items.start; it < wjobs->data.sequence.items.top; it++) {
                const yaml_node_t *e = node_at(c, *it);
                if (scalar(e)) VEC_PUSH(&sched, scalar(e));
                else if (e->type == YAML_MAPPING_NODE && e->data.mapping.pairs.start < e->data.mapping.pairs.top)
                    if (scalar(node_at(c, e->data.mapping.pairs.start->key)))
                        VEC_PUSH(&sched, scalar(node_at(c, e->data.mapping.pairs.start->key)));
            }
        }
    const yaml_node_t *jobs = map_get(c, root, "jobs");
    if (jobs && jobs->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start; p < jobs->data.mapping.pairs.top && !c->stop; p++) {
            const yaml_node_t *key = node_at(c, p->key), *body = node_at(c, p->value);
            if (!scalar(key) || !body || body->type != YAML_MAPPING_NODE) continue;
            job j = {0};
            j.id = scalar(key);
            j.key = key;
            j.scheduled = name_in(sched.items, sched.len, j.id);
            j.schedule = j.scheduled ? cron : NULL;
            /* CircleCI's `environment:` holds variables, not a deploy target: not read */
            const yaml_node_t *steps = map_get(c, body, "steps");
            if (steps && steps->type == YAML_SEQUENCE_NODE)
                for (yaml_node_item_t *it = steps->data.sequence.items.start; it < steps->data.sequence.items.top; it++) {
                    const yaml_node_t *st = node_at(c, *it);
                    if (scalar(st)) { add_step(&j, scalar(st), true, st); continue; }
                    if (!st || st->type != YAML_MAPPING_NODE) continue;
                    for (yaml_node_pair_t *q = st->data.mapping.pairs.start; q < st->data.mapping.pairs.top; q++) {
                        const yaml_node_t *k = node_at(c, q->key), *v = node_at(c, q->value);
                        const char *kn = scalar(k);
                        if (!kn) continue;
                        if (!strcmp(kn, "run")) {
                            const yaml_node_t *cmd = scalar(v) ? v : map_get(c, v, "command");
                            add_step(&j, scalar(cmd), false, cmd);
                            add_label(&j, scalar(map_get(c, v, "name")), map_get(c, v, "name"));
                        } else {
                            add_step(&j, kn, true, k); /* checkout, store_artifacts, orb/command */
                        }
                    }
                }
            judge_job(c, &j);
            VEC_FREE(&j.steps);
        }
    VEC_FREE(&sched);
}

/* --- entry points ---------------------------------------------------------------- */

ci_kind ci_kind_of(const char *path)
{
    if (!path) return CI_NONE;
    if (glob_match(".github/workflows/*.{yml,yaml}", path) || glob_match("**/.github/workflows/*.{yml,yaml}", path))
        return CI_GITHUB;
    if (glob_match("**/.gitlab-ci.yml", path) || glob_match("**/*.gitlab-ci.yml", path)) return CI_GITLAB;
    if (glob_match("**/.circleci/config.{yml,yaml}", path)) return CI_CIRCLE;
    return CI_NONE;
}

void ci_analyze(const source *src, finding_list *out)
{
    bounds_notes notes = {0};
    ci_analyze_noted(src, out, &notes);
    bounds_notes_free(&notes);
}

void ci_analyze_noted(const source *src, finding_list *out, bounds_notes *notes)
{
    ci_kind kind = ci_kind_of(src->path);
    if (kind == CI_NONE || !src->text) return;
    pthread_once(&patterns_once, compile_patterns);
    size_t dl, dc;
    if (!yamlguard_depth_ok(src->text, src->len, BOUNDS_YAML_MAX_DEPTH, &dl, &dc)) {
        bounds_note(notes, "CI configuration not analysed: nested deeper than %d levels (line %zu)",
                    BOUNDS_YAML_MAX_DEPTH, dl);
        return;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_parser_delete(&parser);
        return; /* not valid YAML: other stages report unreadable configuration */
    }
    ctx c = {.src = src, .doc = &doc, .md = pcre2_match_data_create(16, NULL), .out = out,
             .nodes_left = BOUNDS_CI_NODE_BUDGET, .work_left = BOUNDS_CI_WORK_BUDGET,
             .stamp = xcalloc((size_t)(doc.nodes.top - doc.nodes.start) + 1, sizeof(uint32_t))};
    size_t first = out->len;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        if (kind == CI_GITHUB) github(&c, root);
        else if (kind == CI_GITLAB) gitlab(&c, root);
        else circle(&c, root);
    }
    if (c.stop)
        bounds_note(notes, "CI configuration analysed only in part: %s (near line %u); the jobs after it were not "
                    "read", c.stop_why, c.stop_line);
    if (out->len > first)
        qsort(out->items + first, out->len - first, sizeof *out->items, finding_compare);
    free(c.stamp);
    pcre2_match_data_free(c.md);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}
