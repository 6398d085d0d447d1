/* secret_context: see secret_context.h. */
#include "secret_context.h"

#include <stdbool.h>
#include <string.h>

#include "provenance.h"

typedef struct why_name {
    const char *why;  /* provenance_info.why */
    const char *name; /* as the finding's message names it */
} why_name;

static const why_name DEMOTED[] = {
    {"docs", "documentation"},        {"example", "an example"},
    {"notebook", "a notebook"},       {"data", "a dataset"},
    {"dump", "a dump"},               {"translation", "a translation file"},
    {"example-env", "an example env file"}, {"template", "a template"},
    {"vendored", "vendored code"},
};
/* Tests and fixtures are not here: a rule's severity_in_tests (match_is_test_path)
 * already sets their severity, usually info. */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "Data" in provenance.c covers any text file; a secret is demoted only in a dataset: a
 * tabular or record file, or a file under a data / dataset folder. A keys.txt the app
 * reads at start-up stays a blocker. */
static bool is_dataset(const char *path)
{
    static const char *const exts[] = {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".xls"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (ends_with(path, exts[i])) return true;
    static const char *const dirs[] = {"data/", "datasets/", "dataset/", "corpus/"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        size_t n = strlen(dirs[i]);
        if (strncmp(path, dirs[i], n) == 0) return true;
        for (const char *q = strstr(path, dirs[i]); q; q = strstr(q + 1, dirs[i]))
            if (q > path && q[-1] == '/') return true;
    }
    return false;
}

const char *secret_context_demotes(const char *path)
{
    path = path ? path : "";
    provenance_info p = provenance_of_path(path);
    if (provenance_is_operative(p.kind) || !p.why) return NULL;
    if (!strcmp(p.why, "data") && !is_dataset(path)) return NULL;
    for (size_t i = 0; i < sizeof DEMOTED / sizeof *DEMOTED; i++)
        if (!strcmp(p.why, DEMOTED[i].why)) return DEMOTED[i].name;
    return NULL;
}
