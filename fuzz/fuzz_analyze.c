/* fuzz_analyze: the per-file analysis on fuzzed code, with the shipped rules and SDK
 * catalog loaded once, as a scan runs it: analyze_file (source checks, classification,
 * tree-sitter parse, regex / path / query rules, call-site facts, suppression comments,
 * CI and manifest readers), then the repository stage of the model-call analysis
 * (calls_finish: wrappers and imports across the files, judgement, the item-32 join of
 * web handlers) and rule escalation.
 *
 * Input: up to four named files (fuzz_util.h), written into a scratch root at their paths
 * and analysed in path order. The path decides how a file is read (app.py, web/route.ts,
 * .github/workflows/ci.yml, requirements.txt, ...); a path that is not a plain relative
 * one (empty, "..", odd bytes) is replaced by "app.py", "app.js", "app.ts" or "app.tsx"
 * (picked by a hash of it) so most inputs reach the parsers. Files whose names mark them
 * generated (*.min.js, *_pb2.py) are skipped, as the walk skips them.
 *
 * Checks beyond the sanitizers: each finding and model call is whole (its strings set,
 * a finding's end not before its start). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "fuzz_util.h"
#include "fsafe.h"
#include "match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *root;
static analyze_ctx ctx;
static analyze_worker *worker;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    root = fz_tmpdir("analyze");
    const char *dirs[] = {fz_rules_dir()};
    char *err = NULL;
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    if (!rs) { fprintf(stderr, "fuzz_analyze: %s\n", err); abort(); }
    char *sdks = malloc(strlen(fz_rules_dir()) + 8);
    sprintf(sdks, "%s/sdks", fz_rules_dir());
    calls_catalog *cat = calls_catalog_load(sdks, &err);
    if (!cat) { fprintf(stderr, "fuzz_analyze: %s\n", err); abort(); }
    free(sdks);
    int sys = 0;
    fsafe_root *fs = fsafe_root_open(root, 0, &sys); /* files are read beneath it, as in a scan */
    if (!fs) { fprintf(stderr, "fuzz_analyze: %s\n", strerror(sys)); abort(); }
    ctx = (analyze_ctx){.root = root, .fs = fs, .limits = {2u * 1024 * 1024, 1000}, .rules = rs, .calls = cat};
    worker = analyze_worker_new(&ctx);
    return 0;
}

static const char *const code_paths[] = {"app.py", "app.js", "app.ts", "app.tsx"};

typedef struct job {
    const char *path;  /* where the file was written; NULL when it was not */
    file_result res;
} job;

static int cmp_job(const void *a, const void *b)
{
    const job *x = a, *y = b;
    if (!x->path || !y->path) return !x->path - !y->path;
    return strcmp(x->path, y->path);
}

static void check_finding(const finding *f)
{
    if (!f->rule || !f->message || !f->file || !f->snippet || !f->fingerprint) abort();
    if (f->line && f->end_line < f->line) abort();
}

static void check_call(const model_call *c)
{
    if (!c->file || !c->provider || !c->api || !c->confidence || !c->line) abort();
}

static void analyze_one(job *j)
{
    walk_entry e = {.path = (char *)j->path, .kind = classify_path(j->path), .skip = SKIP_NONE};
    analyze_file(worker, &e, &j->res);
    for (size_t i = 0; i < j->res.findings.len; i++) check_finding(&j->res.findings.items[i]);
}

/* The repository stage over the files' call-site facts (path order) and findings. */
static void repository_stage(job *jobs, size_t n)
{
    calls_file *files[FZ_MAX_FILES] = {0};
    finding_list all = {0};
    for (size_t i = 0; i < n; i++) {
        files[i] = jobs[i].res.calls;
        for (size_t k = 0; k < jobs[i].res.findings.len; k++) VEC_PUSH(&all, jobs[i].res.findings.items[k]);
        jobs[i].res.findings.len = 0; /* now owned by all */
    }
    model_call_list calls = {0};
    size_t first = all.len;
    calls_finish(ctx.calls, files, n, &calls, &all);
    for (size_t i = first; i < all.len; i++) check_finding(&all.items[i]);
    for (size_t i = 0; i < calls.len; i++) check_call(&calls.items[i]);
    if (all.len > 1) qsort(all.items, all.len, sizeof *all.items, finding_compare);
    match_escalate(ctx.rules, &all);
    model_call_list_free(&calls);
    finding_list_free(&all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    job jobs[FZ_MAX_FILES] = {{0}};
    for (size_t i = 0; i < fs.n; i++) {
        const char *p = fs.f[i].path;
        if (classify_is_generated(p)) continue;
        if (fz_write_file(root, p, fs.f[i].text, fs.f[i].len)) jobs[i].path = p;
        else if (p = code_paths[fz_hash(p) % 4], fz_write_file(root, p, fs.f[i].text, fs.f[i].len)) jobs[i].path = p;
    }
    qsort(jobs, fs.n, sizeof *jobs, cmp_job);
    size_t n = 0;
    while (n < fs.n && jobs[n].path) analyze_one(&jobs[n++]);
    repository_stage(jobs, n);
    for (size_t i = 0; i < n; i++) {
        file_result_free(&jobs[i].res);
        fz_remove_file(root, jobs[i].path);
    }
    fz_files_free(&fs);
    return 0;
}
