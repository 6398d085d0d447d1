#include "history.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "match.h"
#include "pool.h"
#include "redact.h"
#include "source.h"
#include "strset.h"
#include "suppress.h"

/* One blob to search: where the walk first met it. */
typedef struct blob_job {
    git_oid oid;
    char *path;
    uint32_t commit; /* index into the commit table */
} blob_job;

typedef struct commit_info {
    char id[41];
    int64_t time;
} commit_info;

typedef struct collect {
    strset *seen;               /* tree and blob ids, hex */
    VEC(blob_job) blobs;
    VEC(commit_info) commits;
    size_t trees;
} collect;

/* ---- walking ---------------------------------------------------------------------- */

typedef struct tree_ctx {
    collect *c;
    uint32_t commit;
} tree_ctx;

static int on_entry(const char *root, const git_tree_entry *e, void *payload)
{
    tree_ctx *t = payload;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_tree_entry_id(e));
    git_object_t type = git_tree_entry_type(e);
    if (type == GIT_OBJECT_TREE) {
        if (!strset_add(t->c->seen, hex)) return 1; /* seen: skip the whole subtree */
        t->c->trees++;
        return 0;
    }
    if (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) return 0;
    if (!strset_add(t->c->seen, hex)) return 0;
    buf path = {0};
    buf_printf(&path, "%s%s", root, git_tree_entry_name(e));
    blob_job j = {*git_tree_entry_id(e), buf_take(&path), t->commit};
    VEC_PUSH(&t->c->blobs, j);
    return 0;
}

static int walk_commit(git_repository *repo, const git_oid *id, collect *c)
{
    git_commit *commit = NULL;
    git_tree *tree = NULL;
    if (git_commit_lookup(&commit, repo, id) != 0) return -1;
    int rc = git_commit_tree(&tree, commit);
    if (rc == 0) {
        commit_info ci;
        git_oid_tostr(ci.id, sizeof ci.id, id);
        ci.time = (int64_t)git_commit_time(commit);
        VEC_PUSH(&c->commits, ci);
        char hex[GIT_OID_HEXSZ + 1];
        git_oid_tostr(hex, sizeof hex, git_tree_id(tree));
        if (strset_add(c->seen, hex)) {
            c->trees++;
            tree_ctx t = {c, (uint32_t)(c->commits.len - 1)};
            rc = git_tree_walk(tree, GIT_TREEWALK_PRE, on_entry, &t);
        }
    }
    git_tree_free(tree);
    git_commit_free(commit);
    return rc;
}

static char *git_error_text(const char *what)
{
    const git_error *e = git_error_last();
    buf m = {0};
    buf_printf(&m, "%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
    return buf_take(&m);
}

/* Pushes every ref (refs/heads, refs/tags, refs/remotes, refs/stash...) and HEAD. */
static int push_refs(git_repository *repo, git_revwalk *walk, size_t *n_refs)
{
    git_reference_iterator *it = NULL;
    if (git_reference_iterator_new(&it, repo) != 0) return -1;
    git_reference *ref;
    while (git_reference_next(&ref, it) == 0) {
        git_reference *resolved = NULL;
        if (git_reference_resolve(&resolved, ref) == 0) {
            git_object *obj = NULL;
            /* tags point at tag objects: peel to the commit; refs to non-commits are skipped */
            if (git_reference_peel(&obj, resolved, GIT_OBJECT_COMMIT) == 0) {
                if (git_revwalk_push(walk, git_object_id(obj)) == 0) (*n_refs)++;
                git_object_free(obj);
            }
            git_reference_free(resolved);
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    git_error_clear();
    if (git_revwalk_push_head(walk) == 0) (*n_refs)++; /* a detached HEAD */
    git_error_clear();
    return 0;
}

static int collect_blobs(git_repository *repo, collect *c, size_t *n_refs, char **err)
{
    git_revwalk *walk = NULL;
    if (git_revwalk_new(&walk, repo) != 0) {
        *err = git_error_text("cannot walk the history");
        return -1;
    }
    git_revwalk_sorting(walk, GIT_SORT_TIME | GIT_SORT_REVERSE);
    if (push_refs(repo, walk, n_refs) != 0) {
        *err = git_error_text("cannot list the refs");
        git_revwalk_free(walk);
        return -1;
    }
    git_oid id;
    int rc = 0;
    while (git_revwalk_next(&id, walk) == 0) {
        if (walk_commit(repo, &id, c) != 0) {
            char hex[GIT_OID_HEXSZ + 1];
            git_oid_tostr(hex, sizeof hex, &id);
            buf what = {0};
            buf_printf(&what, "cannot read commit %s", hex);
            *err = git_error_text(what.data);
            buf_free(&what);
            rc = -1;
            break;
        }
    }
    git_revwalk_free(walk);
    return rc;
}

/* ---- searching -------------------------------------------------------------------- */

typedef struct search {
    const history_options *opt;
    const collect *c;
    git_repository **repos;   /* one per worker */
    match_state **match;      /* one per worker */
    redact_map **values;      /* one per worker: the values of the secrets it found */
    finding_list *found;      /* per blob */
    bool *too_large;          /* per blob */
    bool *scanned;            /* per blob */
    bool *missing;            /* per blob */
} search;

static void search_blob(void *ctx, int worker, size_t i)
{
    search *s = ctx;
    const blob_job *j = &s->c->blobs.items[i];
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, s->repos[worker], &j->oid) != 0) {
        s->missing[i] = true;
        git_error_clear();
        return;
    }
    git_object_size_t n = git_blob_rawsize(blob);
    if ((uint64_t)n > (uint64_t)s->opt->max_file_size) {
        s->too_large[i] = true;
        git_blob_free(blob);
        return;
    }
    char *text = xmalloc((size_t)n + 1);
    memcpy(text, git_blob_rawcontent(blob), (size_t)n);
    text[n] = '\0';
    git_blob_free(blob);
    file_kind k = classify_path(j->path);
    source src;
    source_init_text(&src, j->path, k.lang, text, (size_t)n);
    src.cls = k.cls;
    match_file_secret_rules(s->match[worker], &src, &s->found[i]);
    redact_map_merge(s->values[worker], match_file_secrets(s->match[worker]));
    if (!s->opt->no_suppress && s->found[i].len) {
        suppression_list honoured = {0};
        suppress_apply(&src, &s->found[i], &honoured, &s->found[i]);
        suppression_list_free(&honoured);
    }
    s->scanned[i] = true;
    source_free(&src);
    free(text);
}

static void format_date(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) { strcpy(out, "?"); return; }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int cmp_secret(const void *a, const void *b)
{
    return finding_compare(&((const history_secret *)a)->finding, &((const history_secret *)b)->finding);
}

/* Keeps one entry per fingerprint: the first blob in walk order (oldest commit). */
static void gather(history_result *out, const collect *c, finding_list *found)
{
    strset *fps = strset_new();
    for (size_t i = 0; i < c->blobs.len; i++) {
        for (size_t k = 0; k < found[i].len; k++) {
            finding *f = &found[i].items[k];
            if (f->rule && strcmp(f->rule, SUPPRESS_BAD_RULE) == 0) { finding_free(f); continue; }
            if (f->fingerprint && !strset_add(fps, f->fingerprint)) {
                for (size_t m = 0; m < out->secrets.len; m++)
                    if (strcmp(out->secrets.items[m].finding.fingerprint, f->fingerprint) == 0) {
                        out->secrets.items[m].blobs++;
                        break;
                    }
                finding_free(f);
                continue;
            }
            history_secret h = {0};
            h.finding = *f;
            const commit_info *ci = &c->commits.items[c->blobs.items[i].commit];
            memcpy(h.commit, ci->id, sizeof h.commit);
            h.time = ci->time;
            format_date(ci->time, h.date);
            h.blobs = 1;
            VEC_PUSH(&out->secrets, h);
        }
        free(found[i].items);
    }
    strset_free(fps);
    if (out->secrets.len > 1) qsort(out->secrets.items, out->secrets.len, sizeof *out->secrets.items, cmp_secret);
}

static uint64_t ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)(now.tv_sec - start->tv_sec) * 1000 + (uint64_t)((now.tv_nsec - start->tv_nsec) / 1000000);
}

static void collect_free(collect *c)
{
    for (size_t i = 0; i < c->blobs.len; i++) free(c->blobs.items[i].path);
    VEC_FREE(&c->blobs);
    VEC_FREE(&c->commits);
    strset_free(c->seen);
}

static int search_all(const history_options *opt, const collect *c, history_result *out, char **err)
{
    int jobs = opt->jobs > 0 ? opt->jobs : pool_default_jobs();
    search s = {opt, c, xcalloc((size_t)jobs, sizeof(git_repository *)), xcalloc((size_t)jobs, sizeof(match_state *)),
                xcalloc((size_t)jobs, sizeof(redact_map *)),
                xcalloc(c->blobs.len ? c->blobs.len : 1, sizeof(finding_list)),
                xcalloc(c->blobs.len ? c->blobs.len : 1, sizeof(bool)),
                xcalloc(c->blobs.len ? c->blobs.len : 1, sizeof(bool)),
                xcalloc(c->blobs.len ? c->blobs.len : 1, sizeof(bool))};
    int rc = 0;
    for (int w = 0; w < jobs && rc == 0; w++) {
        if (git_repository_open_ext(&s.repos[w], opt->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
            *err = git_error_text(opt->path);
            rc = -1;
        }
        s.match[w] = match_state_new(opt->rules);
        s.values[w] = redact_map_new();
    }
    if (rc == 0) pool_run(jobs, c->blobs.len, search_blob, &s, NULL);
    for (size_t i = 0; i < c->blobs.len; i++) {
        out->blobs_scanned += s.scanned[i];
        out->blobs_too_large += s.too_large[i];
        out->blobs_missing += s.missing[i];
    }
    if (rc == 0) gather(out, c, s.found);
    else
        for (size_t i = 0; i < c->blobs.len; i++) finding_list_free(&s.found[i]);
    for (int w = 0; w < jobs; w++) {
        git_repository_free(s.repos[w]);
        if (s.match[w]) match_state_free(s.match[w]);
        if (rc == 0) redact_map_merge(out->values, s.values[w]);
        redact_map_free(s.values[w]);
    }
    free(s.values);
    free(s.repos);
    free(s.match);
    free(s.found);
    free(s.too_large);
    free(s.scanned);
    free(s.missing);
    return rc;
}

int history_scan(const history_options *opt, history_result *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->values = redact_map_new();
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    git_libgit2_init();
    git_repository *repo = NULL;
    int rc = -1;
    if (git_repository_open_ext(&repo, opt->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
        buf m = {0};
        buf_printf(&m, "--history: %s is not the top folder of a git repository", opt->path);
        *err = buf_take(&m);
        git_libgit2_shutdown();
        return -1;
    }
    collect c = {strset_new(), {0}, {0}, 0};
    if (collect_blobs(repo, &c, &out->refs, err) == 0) {
        out->commits = c.commits.len;
        out->trees = c.trees;
        out->blobs = c.blobs.len;
        rc = search_all(opt, &c, out, err);
    }
    collect_free(&c);
    git_repository_free(repo);
    git_libgit2_shutdown();
    out->duration_ms = ms_since(&start);
    return rc;
}

/* "[redacted sha256:0123abcd]" in a snippet: the short hash of the secret itself. */
static bool redaction_token(const char *snippet, char out[9])
{
    const char *p = snippet ? strstr(snippet, "redacted sha256:") : NULL;
    if (!p) return false;
    p += strlen("redacted sha256:");
    size_t n = strspn(p, "0123456789abcdef");
    if (n < 8) return false;
    memcpy(out, p, 8);
    out[8] = '\0';
    return true;
}

static bool in_tree(const history_secret *h, const finding_list *findings, size_t n)
{
    char want[9], have[9];
    bool token = redaction_token(h->finding.snippet, want);
    for (size_t i = 0; i < n; i++) {
        const finding *f = &findings->items[i];
        if (!f->rule || strcmp(f->rule, h->finding.rule) != 0) continue;
        if (f->fingerprint && h->finding.fingerprint && strcmp(f->fingerprint, h->finding.fingerprint) == 0) return true;
        if (token && redaction_token(f->snippet, have) && strcmp(want, have) == 0) return true;
    }
    return false;
}

size_t history_merge(history_result *h, finding_list *findings)
{
    size_t n = findings->len, added = 0;
    for (size_t i = 0; i < h->secrets.len; i++) {
        history_secret *s = &h->secrets.items[i];
        s->in_working_tree = in_tree(s, findings, n);
        if (s->in_working_tree) continue;
        finding f = suppress_copy_finding(&s->finding);
        buf m = {0};
        buf_printf(&m, "%s, in git history only (commit %.12s, %.10s): rotate it, removing it from the files does not revoke it",
                   s->finding.message ? s->finding.message : "a secret", s->commit, s->date);
        free(f.message);
        f.message = buf_take(&m);
        f.cell = 0;
        VEC_PUSH(findings, f);
        added++;
    }
    return added;
}

void history_result_free(history_result *h)
{
    for (size_t i = 0; i < h->secrets.len; i++) finding_free(&h->secrets.items[i].finding);
    VEC_FREE(&h->secrets);
    redact_map_free(h->values);
    h->values = NULL;
}
