#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "entrypoints.h"
#include "glob.h"
#include "history.h"
#include "inventory.h"
#include "match.h"
#include "notebook.h"
#include "pool.h"
#include "provenance.h"
#include "redact.h"
#include "scan_redact.h"
#include "sha256.h"
#include "walk.h"

/* Moves src's entries to the end of dst (the repository-wide accumulator). */
static void manifest_append(manifest_result *dst, manifest_result *src)
{
    for (size_t k = 0; k < src->deps.len; k++) VEC_PUSH(&dst->deps, src->deps.items[k]);
    for (size_t k = 0; k < src->locks.len; k++) VEC_PUSH(&dst->locks, src->locks.items[k]);
    for (size_t k = 0; k < src->includes.len; k++) VEC_PUSH(&dst->includes, src->includes.items[k]);
    for (size_t k = 0; k < src->workspaces.len; k++) VEC_PUSH(&dst->workspaces, src->workspaces.items[k]);
    src->deps.len = src->locks.len = src->includes.len = src->workspaces.len = 0;
}

/* What the repository stage needs from every file, gathered in path order. */
typedef struct repo_acc {
    manifest_result manifests;
    VEC(calls_file *) calls;
    redact_map *secrets;  /* the values of every secret the files' rule passes found */
    VEC(notebook *) notebooks; /* line maps, in path order */
} repo_acc;

typedef struct scan_job {
    const walk_list *files;
    const size_t *order;  /* the files in the order workers take them (schedule_largest_first) */
    file_result *results;
    analyze_worker **workers;
    struct timespec start;
    bool progress;
    bool progress_shown;
} scan_job;

static uint64_t ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)(now.tv_sec - start->tv_sec) * 1000
           + (uint64_t)((now.tv_nsec - start->tv_nsec) / 1000000);
}

static void run_one(void *ctx, int worker, size_t i)
{
    scan_job *job = ctx;
    size_t k = job->order[i];
    analyze_file(job->workers[worker], &job->files->items[k], &job->results[k]);
}

typedef struct sched_key {
    uint64_t size;
    size_t index;
} sched_key;

static int cmp_larger_first(const void *pa, const void *pb)
{
    const sched_key *a = pa, *b = pb;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The largest files are analysed first. Parsing one takes the most transient memory (a
 * 1.5 MB bundle's tree-sitter stack and tree, ~75 MiB), and what the files analysed before
 * it keep for the repository stage (the call facts) adds to that; taken first, their
 * freed memory is reused by what later files keep. With several workers it also keeps one
 * large file from ending the run alone. Results are still merged in path order, so the
 * report does not depend on the schedule. */
static size_t *schedule_largest_first(const walk_list *files)
{
    size_t n = files->len ? files->len : 1;
    sched_key *keys = xmalloc(n * sizeof *keys);
    for (size_t i = 0; i < files->len; i++) keys[i] = (sched_key){files->items[i].size, i};
    if (files->len > 1) qsort(keys, files->len, sizeof *keys, cmp_larger_first);
    size_t *order = xmalloc(n * sizeof *order);
    for (size_t i = 0; i < files->len; i++) order[i] = keys[i].index;
    free(keys);
    return order;
}

/* Progress on stderr, only for a terminal and only once the scan has taken a second. */
static void tick(void *ctx, size_t done, size_t total)
{
    scan_job *job = ctx;
    if (!job->progress || ms_since(&job->start) < 1000) return;
    fprintf(stderr, "\raiready: %zu/%zu files", done, total);
    job->progress_shown = true;
}

static void add_skipped(scan_result *r, const char *path, skip_reason why, const char *detail)
{
    skipped_file s = {xstrdup(path), why, detail};
    VEC_PUSH(&r->skipped, s);
    r->skipped_by_reason[why]++;
}

static int cmp_skipped(const void *a, const void *b)
{
    return strcmp(((const skipped_file *)a)->path, ((const skipped_file *)b)->path);
}

static void add_error(scan_result *r, const char *file, char *message)
{
    scan_error e = {xstrdup(file), message};
    VEC_PUSH(&r->errors, e);
}

/* What the walk could not enter or look at was never scanned: a problem (errors[]),
 * not only a skip, so that a scan that missed files does not read as clean. */
static void add_walk_skip(scan_result *r, const walk_entry *e)
{
    add_skipped(r, e->path, e->skip, e->why);
    if (e->skip != SKIP_UNREADABLE) return;
    buf m = {0};
    if (e->is_dir) buf_printf(&m, "nothing under this folder was scanned: %s", e->why ? e->why : "unknown error");
    else buf_printf(&m, "cannot read: %s", e->why ? e->why : "unknown error");
    add_error(r, e->path, buf_take(&m));
}

static void merge_findings(scan_result *r, const walk_entry *e, file_result *fr)
{
    for (size_t k = 0; k < fr->notes.len; k++) add_error(r, e->path, fr->notes.items[k]);
    fr->notes.len = 0;
    for (size_t k = 0; k < fr->findings.len; k++) VEC_PUSH(&r->findings, fr->findings.items[k]);
    fr->findings.len = 0;
    for (size_t k = 0; k < fr->suppressed.len; k++) VEC_PUSH(&r->suppression.list, fr->suppressed.items[k]);
    fr->suppressed.len = 0;
}

/* Moves one file's contribution into the result, in path order. */
static void merge_file(scan_result *r, repo_acc *acc, const walk_entry *e, file_result *fr)
{
    if (fr->skipped != SKIP_NONE) {
        add_skipped(r, e->path, fr->skipped, fr->skip_detail);
        if (fr->skipped == SKIP_UNREADABLE) {
            buf m = {0};
            buf_printf(&m, "cannot read: %s", fr->skip_detail ? fr->skip_detail : "unknown error");
            add_error(r, e->path, buf_take(&m));
        }
        merge_findings(r, e, fr); /* the secret rules ran on binary and minified files */
        return;
    }
    r->files_scanned++;
    r->bytes += fr->bytes;
    r->by_class[fr->kind.cls]++;
    if (fr->kind.cls == CLASS_CODE) r->by_lang[fr->kind.lang]++;
    if (fr->kind.cls == CLASS_NOTEBOOK) r->notebooks++;
    if (fr->invalid_utf8) r->invalid_utf8++;
    if (fr->parsed) r->parsed++;
    if (fr->syntax_error) {
        r->syntax_errors++;
        buf m = {0};
        buf_printf(&m, "syntax error near line %u; analysed on the tree tree-sitter recovered",
                   fr->syntax_error_line);
        add_error(r, e->path, buf_take(&m));
    }
    if (fr->error) {
        add_error(r, e->path, fr->error);
        fr->error = NULL;
    }
    merge_findings(r, e, fr);
    if (fr->manifest.error) {
        add_error(r, e->path, fr->manifest.error);
        fr->manifest.error = NULL;
    }
    manifest_append(&acc->manifests, &fr->manifest);
    redact_map_merge(acc->secrets, fr->secrets);
    if (fr->calls) {
        VEC_PUSH(&acc->calls, fr->calls);
        fr->calls = NULL;
    }
    if (fr->notebook) {
        VEC_PUSH(&acc->notebooks, fr->notebook);
        fr->notebook = NULL;
    }
}

static void run_workers(const scan_options *opt, const analyze_ctx *actx, const walk_list *files,
                        scan_result *out, repo_acc *acc, struct timespec start)
{
    int jobs = opt->jobs > 0 ? opt->jobs : pool_default_jobs();
    size_t *order = schedule_largest_first(files);
    scan_job job = {files, order, xcalloc(files->len ? files->len : 1, sizeof(file_result)),
                    xcalloc((size_t)jobs, sizeof(analyze_worker *)), start, opt->progress, false};
    for (int i = 0; i < jobs; i++) job.workers[i] = analyze_worker_new(actx);
    pool_run(jobs, files->len, run_one, &job, opt->progress ? tick : NULL);
    if (job.progress_shown) fprintf(stderr, "\r\033[K");
    for (size_t i = 0; i < files->len; i++) {
        merge_file(out, acc, &files->items[i], &job.results[i]);
        file_result_free(&job.results[i]);
    }
    for (int i = 0; i < jobs; i++) analyze_worker_free(job.workers[i]);
    free(job.workers);
    free(job.results);
    free(order);
}

static void finish_inventory(scan_result *out, const analyze_ctx *actx, manifest_result *manifests)
{
    inventory_problems problems = {0};
    inventory_finish(actx->fs, &actx->limits, manifests, &out->deps, &problems);
    for (size_t i = 0; i < problems.len; i++) {
        add_error(out, problems.items[i].file, problems.items[i].message);
        free(problems.items[i].file);
    }
    free(problems.items);
    manifest_result_free(manifests);
}

static bool waiver_covers(const waiver *w, const finding *f)
{
    return w->valid && f->severity == SEV_BLOCKER && f->rule && strcmp(w->rule, f->rule) == 0
           && (!w->path || (w->path_glob ? glob_pat_match(w->path_glob, f->file) : glob_match(w->path, f->file)))
           && (!w->fingerprint || (f->fingerprint && strcmp(w->fingerprint, f->fingerprint) == 0));
}

/* A valid waiver turns a blocker into a warning: the item can no longer be a Blocker, yet
 * its violating evidence keeps it from Ready. The finding says who waived it, until when. */
static void apply_waivers(const aiready_config *cfg, scan_result *out)
{
    for (size_t i = 0; i < out->findings.len; i++) {
        finding *f = &out->findings.items[i];
        for (size_t k = 0; k < cfg->n_waivers; k++) {
            const waiver *w = &cfg->waivers[k];
            if (!waiver_covers(w, f)) continue;
            buf m = {0};
            buf_printf(&m, "%s (waived by %s until %s: %s)", f->message, w->owner,
                       w->expires ? w->expires : "?", w->reason ? w->reason : "no reason given");
            free(f->message);
            f->message = buf_take(&m);
            f->severity = SEV_WARNING;
            out->waived++;
            if (out->repo.waived_findings) out->repo.waived_findings[k]++;
            break;
        }
    }
}

/* Applies aiready-ignore comments to findings made in the repository stage, file by file:
 * those files are read again, which is cheap since few files hold a model call. */
static void suppress_late(scan_result *out, const analyze_ctx *actx, const repo_acc *acc, finding_list *late)
{
    size_t i = 0;
    while (i < late->len) {
        size_t j = i;
        while (j < late->len && strcmp(late->items[j].file, late->items[i].file) == 0) j++;
        finding_list one = {0}, ignored_problems = {0};
        for (size_t k = i; k < j; k++) VEC_PUSH(&one, late->items[k]);
        source src = {0};
        src.path = late->items[i].file;
        const char *detail;
        const notebook *nb = notebook_find(acc->notebooks.items, acc->notebooks.len, src.path);
        size_t nb_len;
        if (nb) { /* a notebook's findings are on its code text until placed */
            const char *text = notebook_code(nb, &nb_len);
            source_init_text(&src, late->items[i].file, LANG_PYTHON, text, nb_len);
            suppress_apply(&src, &one, &out->suppression.list, &ignored_problems);
        } else if (*src.path && source_load(&src, actx->fs, src.path, &actx->limits, &detail) == SKIP_NONE)
            suppress_apply(&src, &one, &out->suppression.list, &ignored_problems);
        source_free(&src);
        for (size_t k = 0; k < one.len; k++) VEC_PUSH(&out->findings, one.items[k]);
        free(one.items);
        finding_list_free(&ignored_problems); /* already reported by the per-file stage */
        i = j;
    }
    free(late->items);
}

/* Model calls: cross-file resolution over every file's facts, in path order. */
static void finish_calls(scan_result *out, const scan_options *opt, const analyze_ctx *actx, repo_acc *acc)
{
    if (opt->calls) {
        finding_list late = {0};
        calls_finish(opt->calls, acc->calls.items, acc->calls.len, &out->calls, &late);
        if (late.len > 1) qsort(late.items, late.len, sizeof *late.items, finding_compare);
        if (opt->no_suppress) {
            for (size_t k = 0; k < late.len; k++) VEC_PUSH(&out->findings, late.items[k]);
            free(late.items);
        } else {
            suppress_late(out, actx, acc, &late);
        }
    }
    notebook_place_late(acc->notebooks.items, acc->notebooks.len, &out->findings, &out->calls,
                        &out->suppression.list);
    for (size_t i = 0; i < acc->notebooks.len; i++) notebook_free(acc->notebooks.items[i]);
    VEC_FREE(&acc->notebooks);
    for (size_t i = 0; i < acc->calls.len; i++) { /* limits the repository stage reached */
        bounds_notes notes = {0};
        calls_file_take_notes(acc->calls.items[i], &notes);
        for (size_t k = 0; k < notes.len; k++) add_error(out, calls_file_path(acc->calls.items[i]), notes.items[k]);
        VEC_FREE(&notes);
        calls_file_free(acc->calls.items[i]);
    }
    VEC_FREE(&acc->calls);
}

/* Findings of the repository stage (model calls, item 32's join) in a script the
 * configuration runs are operative code, like the file's own (entrypoints.h). */
static void stamp_entry_points(const strset *entries, finding_list *fl)
{
    if (!entries) return;
    for (size_t i = 0; i < fl->len; i++) {
        finding *f = &fl->items[i];
        if (!f->prov && f->file && strset_has(entries, f->file)) f->prov = PROV_CODE;
    }
}

/* Findings made in the repository stage (model calls) join a file's own: each file keeps
 * at most BOUNDS_FINDINGS_PER_FILE, the most severe. findings is sorted by file. */
static void cap_per_file(scan_result *out)
{
    finding_list *l = &out->findings;
    finding_list kept = {0};
    for (size_t i = 0, j; i < l->len; i = j) {
        const char *file = l->items[i].file ? l->items[i].file : "";
        for (j = i + 1; j < l->len && strcmp(l->items[j].file ? l->items[j].file : "", file) == 0;) j++;
        finding_list one = {l->items + i, j - i, j - i};
        size_t dropped = *file ? finding_list_cap(&one, 0, BOUNDS_FINDINGS_PER_FILE) : 0;
        if (dropped) {
            buf m = {0};
            buf_printf(&m, "%zu more findings not listed: with the model-call findings the file has more than %d; "
                       "the most severe were kept", dropped, BOUNDS_FINDINGS_PER_FILE);
            add_error(out, one.items[0].file, buf_take(&m)); /* file may have been freed */
        }
        for (size_t k = 0; k < one.len; k++) VEC_PUSH(&kept, one.items[k]);
    }
    free(l->items);
    *l = kept;
}

/* Whether findings of id stay under --only / --disable. aiready's warnings about the
 * user's own settings (aiready.*: a misspelt suppression, a rejected attestation) stay
 * under --only, which chooses what to analyse; only --disable naming one drops it. */
static bool selected(const ruleset *rs, const char *id)
{
    if (!id || rules_selected(rs, id)) return true;
    return !strncmp(id, "aiready.", 8) && !rules_disable_names(rs, id);
}

/* --only / --disable of the ids the analysis stages emit (rule_text.h): their findings,
 * and their suppressed findings, go before anything is judged, as a left-out rule file's
 * never appear. (The coverage items read the model calls themselves: they stay.) */
static void drop_unselected(const ruleset *rs, scan_result *out)
{
    size_t kept = 0;
    finding_list *fl = &out->findings;
    for (size_t i = 0; i < fl->len; i++) {
        if (selected(rs, fl->items[i].rule)) fl->items[kept++] = fl->items[i];
        else finding_free(&fl->items[i]);
    }
    fl->len = kept;
    suppression_list *sl = &out->suppression.list;
    kept = 0;
    for (size_t i = 0; i < sl->len; i++) {
        if (selected(rs, sl->items[i].finding.rule)) sl->items[kept++] = sl->items[i];
        else {
            finding_free(&sl->items[i].finding);
            free(sl->items[i].reason);
        }
    }
    sl->len = kept;
}

/* A rejected attestation is a warning in every report format: a finding of no item, added
 * after the items are resolved (so it changes no status), naming where it was declared. */
static void add_rejections(const aiready_config *cfg, const ruleset *rules, scan_result *out)
{
    for (int i = 0; i < CHECKLIST_ITEMS; i++) {
        const resolved_item *it = &out->items.items[i];
        if (it->rejected_attestation < 0 || !it->rejection) continue;
        const attestation *a = &cfg->attestations[it->rejected_attestation];
        if (rules && !selected(rules, "aiready.attestation-rejected")) continue;
        finding f = {0};
        f.rule = xstrdup("aiready.attestation-rejected");
        f.effect = EFFECT_INFORMS;
        f.severity = SEV_WARNING;
        buf m = {0};
        buf_printf(&m, "Item %d: %s", it->id, it->rejection);
        f.message = buf_take(&m);
        f.remediation = xstrdup("Fix or remove the attestation in .aiready.yml (docs/config.md): a valid owner, "
                                "date and expiry, evidence that exists, and a claim the item allows.");
        f.file = xstrdup(a->file ? a->file : "");
        f.line = f.end_line = a->line;
        buf fp = {0};
        buf_printf(&fp, "aiready.attestation-rejected\n%s\n%d", f.file, it->id);
        char hex[SHA256_HEX_LEN + 1];
        sha256_hex(fp.data, fp.len, hex);
        buf_free(&fp);
        f.fingerprint = xstrdup(hex);
        VEC_PUSH(&out->findings, f);
    }
}

/* Items and score, from every finding and model call of the scan. */
static void resolve_verdict(const scan_options *opt, scan_result *out)
{
    out->checklist = opt->checklist;
    out->config = opt->config;
    const attestation *att = opt->config ? opt->config->attestations : NULL;
    size_t n_att = opt->config ? opt->config->n_attestations : 0;
    items_resolve(opt->checklist, out->findings.items, out->findings.len, out->calls.items,
                  out->calls.len, att, n_att, &out->items);
    if (opt->config) add_rejections(opt->config, opt->rules, out);
    score_compute(opt->checklist, &out->items, out->findings.items, out->findings.len, &out->score);
}

static void count_config_excludes(scan_result *out)
{
    VEC(const char *) excluded = {0};
    for (size_t i = 0; i < out->skipped.len; i++)
        if (out->skipped.items[i].reason == SKIP_EXCLUDED) VEC_PUSH(&excluded, out->skipped.items[i].path);
    repo_config_count_excluded(&out->repo, excluded.items, excluded.len, out->files_scanned);
    VEC_FREE(&excluded);
}

/* --history: the secret rules over every blob of the repository's history; secrets found
 * only there join the findings (docs/history.md), before the verdict is resolved. */
static int history_stage(const scan_options *opt, scan_result *out, char **err)
{
    history_options ho = {out->root, opt->rules, opt->max_file_size, opt->jobs, opt->no_suppress};
    out->history = xcalloc(1, sizeof *out->history);
    if (!opt->rules) return 0;
    if (history_scan(&ho, out->history, err) != 0) return -1;
    if (out->history->blobs_missing) {
        buf m = {0};
        buf_printf(&m, "--history: %zu blobs named in the history are absent from the object store (a partial or "
                       "shallow clone?); they were not searched", out->history->blobs_missing);
        add_error(out, "", buf_take(&m));
    }
    if (history_merge(out->history, &out->findings) && out->findings.len > 1)
        qsort(out->findings.items, out->findings.len, sizeof *out->findings.items, finding_compare);
    return 0;
}

int scan_run(const scan_options *opt, scan_result *out, char **err)
{
    memset(out, 0, sizeof *out);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char root[PATH_MAX];
    if (!realpath(opt->path, root)) {
        buf m = {0};
        buf_printf(&m, "%s: %s", opt->path, strerror(errno));
        *err = buf_take(&m);
        return -1;
    }
    repo_config_init(&out->repo, opt->config, opt->config_ignored, opt->config_ignored_by, opt->rules);
    walk_options wopt = {opt->excludes, opt->n_excludes, opt->no_ignore};
    walk_result walked;
    if (walk_tree(root, &wopt, &walked, err) != 0) {
        repo_config_free(&out->repo);
        return -1;
    }
    out->target = xstrdup(opt->path);
    out->root = xstrdup(root);
    for (size_t i = 0; i < walked.skipped.len; i++) add_walk_skip(out, &walked.skipped.items[i]);

    int sys = 0;
    fsafe_root *fs = fsafe_root_open(root, 0, &sys);
    if (!fs) {
        walk_result_free(&walked);
        buf m = {0};
        buf_printf(&m, "%s: %s", opt->path, strerror(sys));
        *err = buf_take(&m);
        scan_result_free(out);
        memset(out, 0, sizeof *out);
        return -1;
    }
    analyze_ctx actx = {.root = root, .fs = fs, .limits = {opt->max_file_size, 1000}, .rules = opt->rules,
                        .calls = opt->calls, .no_suppress = opt->no_suppress,
                        .file_timeout_ms = opt->file_timeout_ms};
    strset *entries = entrypoints_find(fs, &walked.files);
    actx.entry_points = entries;
    repo_acc acc = {0};
    acc.secrets = redact_map_new();
    run_workers(opt, &actx, &walked.files, out, &acc, start);
    out->suppression.ignored = opt->no_suppress;
    walk_result_free(&walked);
    finish_inventory(out, &actx, &acc.manifests);
    finish_calls(out, opt, &actx, &acc);
    stamp_entry_points(entries, &out->findings);
    strset_free(entries);
    fsafe_root_close(fs);
    if (opt->rules) match_packages(opt->rules, out->deps.items, out->deps.len, &out->findings);
    /* the repository's disabled rules ran: their findings are set aside, not dropped */
    repo_config_set_aside(&out->repo, &out->findings, &out->suppression.list);
    if (opt->rules) drop_unselected(opt->rules, out);

    /* Empty lists have no array, and qsort(NULL, 0, ...) is undefined behaviour. */
    if (out->skipped.len > 1)
        qsort(out->skipped.items, out->skipped.len, sizeof *out->skipped.items, cmp_skipped);
    if (out->findings.len > 1)
        qsort(out->findings.items, out->findings.len, sizeof *out->findings.items, finding_compare);
    cap_per_file(out);
    if (opt->rules) match_escalate(opt->rules, &out->findings);
    /* history's secrets are found with the same secret rules (and the same context
     * severity), and pass the same strength marks and redaction as the working tree's */
    if (opt->history && history_stage(opt, out, err) != 0) {
        redact_map_free(acc.secrets);
        scan_result_free(out);
        memset(out, 0, sizeof *out);
        return -1;
    }
    if (opt->rules) rules_mark_strength(opt->rules, out->findings.items, out->findings.len);
    if (out->suppression.list.len > 1)
        qsort(out->suppression.list.items, out->suppression.list.len, sizeof *out->suppression.list.items,
              suppression_compare);
    if (opt->checklist && opt->config) apply_waivers(opt->config, out);
    /* last, once every string is made: nothing is kept before it is redacted */
    scan_redact(out, acc.secrets, opt->rules);
    redact_map_free(acc.secrets);
    if (opt->checklist) resolve_verdict(opt, out);
    count_config_excludes(out);
    out->duration_ms = ms_since(&start);
    return 0;
}

void scan_result_free(scan_result *r)
{
    free(r->target);
    free(r->root);
    for (size_t i = 0; i < r->skipped.len; i++) free(r->skipped.items[i].path);
    VEC_FREE(&r->skipped);
    for (size_t i = 0; i < r->errors.len; i++) {
        free(r->errors.items[i].file);
        free(r->errors.items[i].message);
    }
    VEC_FREE(&r->errors);
    finding_list_free(&r->findings);
    model_call_list_free(&r->calls);
    dependency_list_free(&r->deps);
    suppression_state_free(&r->suppression);
    repo_config_free(&r->repo);
    if (r->history) {
        history_result_free(r->history);
        free(r->history);
    }
    if (r->checklist) {
        items_free(&r->items);
        score_free(&r->score);
    }
}
