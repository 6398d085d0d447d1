/* repo_config: what the repository's .aiready.yml changed, for the reports (repo_config.h). */
#include "repo_config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "ignore.h"
#include "rule_text.h"

const char *repo_config_find(const char *root)
{
    static const char *const names[] = {".aiready.yml", ".aiready.yaml"};
    for (int i = 0; i < 2; i++) {
        buf p = {0};
        buf_printf(&p, "%s/%s", root, names[i]);
        struct stat st;
        bool there = lstat(p.data, &st) == 0;
        buf_free(&p);
        if (there) return names[i];
    }
    return NULL;
}

static size_t count_rules_under(const ruleset *rules, const char *dir)
{
    size_t n = 0, len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--;
    for (size_t i = 0; rules && i < rules_count(rules); i++) {
        rule_info ri;
        rules_info(rules, i, &ri);
        if (ri.file && !strncmp(ri.file, dir, len) && (ri.file[len] == '/' || ri.file[len] == '\0')) n++;
    }
    return n;
}

void repo_config_init(repo_config_view *v, const aiready_config *cfg, const char *ignored_file,
                      const char *ignored_by, const ruleset *rules)
{
    memset(v, 0, sizeof *v);
    if (!cfg || !cfg->file) {
        v->file = ignored_file ? xstrdup(ignored_file) : NULL;
        v->ignored_by = ignored_file ? ignored_by : NULL;
        return;
    }
    v->config = cfg;
    v->file = xstrdup(cfg->file);
    v->disabled_findings = xcalloc(cfg->n_disable + 1, sizeof *v->disabled_findings);
    v->disabled_blockers = xcalloc(cfg->n_disable + 1, sizeof *v->disabled_blockers);
    v->rules_loaded = xcalloc(cfg->n_rules + 1, sizeof *v->rules_loaded);
    v->waived_findings = xcalloc(cfg->n_waivers + 1, sizeof *v->waived_findings);
    for (size_t k = 0; k < cfg->n_rules; k++) v->rules_loaded[k] = count_rules_under(rules, cfg->rules_abs[k]);
}

void repo_config_free(repo_config_view *v)
{
    free(v->file);
    free(v->disabled_findings);
    free(v->disabled_blockers);
    free(v->rules_loaded);
    free(v->waived_findings);
    memset(v, 0, sizeof *v);
}

/* --- disabled rules ------------------------------------------------------------------ */

typedef struct id_entry {
    const char *id;
    size_t entry; /* index in config->disable: the first entry naming the id */
} id_entry;

static int cmp_id_entry(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->entry > y->entry) - (x->entry < y->entry);
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const id_entry *)elem)->id);
}

/* The disable entries sorted by id; a lookup takes the first entry of an id. */
static id_entry *sorted_ids(const aiready_config *cfg)
{
    id_entry *ids = xcalloc(cfg->n_disable + 1, sizeof *ids);
    for (size_t k = 0; k < cfg->n_disable; k++) ids[k] = (id_entry){cfg->disable[k], k};
    if (cfg->n_disable > 1) qsort(ids, cfg->n_disable, sizeof *ids, cmp_id_entry);
    return ids;
}

static const id_entry *lookup(const id_entry *ids, size_t n, const char *id)
{
    const id_entry *e = bsearch(id, ids, n, sizeof *ids, cmp_key);
    while (e && e > ids && !strcmp(e[-1].id, id)) e--;
    return e;
}

void repo_config_set_aside(repo_config_view *v, finding_list *findings, suppression_list *honoured)
{
    const aiready_config *cfg = v->config;
    if (!cfg || !cfg->n_disable) return;
    id_entry *ids = sorted_ids(cfg);
    size_t kept = 0;
    for (size_t i = 0; i < findings->len; i++) {
        finding *f = &findings->items[i];
        const id_entry *e = f->rule ? lookup(ids, cfg->n_disable, f->rule) : NULL;
        if (!e) {
            findings->items[kept++] = *f;
            continue;
        }
        uint32_t line = cfg->disable_line ? cfg->disable_line[e->entry] : 0;
        buf why = {0};
        buf_printf(&why, "disabled by repository config (%s:%u)", cfg->file, line);
        suppression s = {SUPPRESS_CONFIG, *f, buf_take(&why), line, BASELINE_NONE};
        VEC_PUSH(honoured, s);
        v->disabled_findings[e->entry]++;
        v->disabled_total++;
        if (f->severity == SEV_BLOCKER) {
            v->disabled_blockers[e->entry]++;
            v->disabled_blockers_total++;
        }
    }
    findings->len = kept;
    free(ids);
}

int repo_config_check_disable(const aiready_config *cfg, const ruleset *rules, const char *const *cli_disable,
                              size_t n_cli_disable, bool only, char **err)
{
    *err = NULL;
    if (!cfg || only) return 0;
    buf e = {0};
    size_t bad = 0;
    for (size_t k = 0; k < cfg->n_disable; k++) {
        const char *id = cfg->disable[k];
        /* a rule file's id, or one an analysis stage emits (its findings are set aside too) */
        bool found = rules ? rule_text_known(rules, id) : rule_text_is_stage(id);
        for (size_t i = 0; i < n_cli_disable && !found; i++) found = !strcmp(cli_disable[i], id);
        if (found) continue;
        buf_printf(&e, "%s:%u: 'disable': no rule with id '%s'\n", cfg->file,
                   cfg->disable_line ? cfg->disable_line[k] : 0, id);
        bad++;
    }
    if (!bad) return 0;
    *err = buf_take(&e);
    return -1;
}

/* --- excludes ------------------------------------------------------------------------- */

void repo_config_count_excluded(repo_config_view *v, const char *const *excluded, size_t n, size_t files_scanned)
{
    const aiready_config *cfg = v->config;
    if (!cfg || !cfg->n_exclude) return;
    ignore_set *set = ignore_new();
    for (size_t k = 0; k < cfg->n_exclude; k++) ignore_add_exclude(set, cfg->exclude[k]);
    for (size_t i = 0; i < n; i++)
        if (ignore_match(set, excluded[i], false) || ignore_match(set, excluded[i], true))
            v->excluded_paths++;
    ignore_free(set);
    v->excluded_everything = files_scanned == 0 && v->excluded_paths > 0;
}

char *repo_config_warning(const repo_config_view *v)
{
    if (!v->config) return NULL;
    buf m = {0};
    if (v->excluded_everything)
        buf_printf(&m, "warning: nothing was scanned: the repository's %s excludes every file (%zu path%s); "
                       "its report says nothing about the code (--no-repo-config ignores the file)",
                   v->file, v->excluded_paths, v->excluded_paths == 1 ? "" : "s");
    else if (v->disabled_blockers_total)
        buf_printf(&m, "warning: the repository's %s disables rules that found %zu blocker finding%s; they are "
                       "listed as suppressed and count for nothing (--no-repo-config counts them)",
                   v->file, v->disabled_blockers_total, v->disabled_blockers_total == 1 ? "" : "s");
    else
        return NULL;
    return buf_take(&m);
}
