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

/* A loopback host at text[i]: the name, bounded as a host is (a URL's `//` or a quote,
 * space, `=` or `:` before it; a port, path, quote, space or the end after it). */
static bool loopback_at(const char *text, size_t len, size_t i)
{
    static const char *const hosts[] = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]"};
    if (i > 0 && !strchr("/\"' \t=:`", text[i - 1])) return false;
    for (size_t k = 0; k < sizeof hosts / sizeof *hosts; k++) {
        size_t n = strlen(hosts[k]);
        if (i + n > len || memcmp(text + i, hosts[k], n) != 0) continue;
        if (i + n == len || strchr(":/\"' \t,\r\n`", text[i + n])) return true;
    }
    return false;
}

const char *secret_context_local_target(const char *text, size_t len, size_t at)
{
    if (!text || at > len) return NULL;
    size_t from = at, to = at;
    for (int n = 0; from > 0 && n <= SECRET_CONTEXT_LINES_BEFORE; from--)
        if (text[from - 1] == '\n' && ++n > SECRET_CONTEXT_LINES_BEFORE) break;
    for (int n = 0; to < len; to++)
        if (text[to] == '\n' && ++n > SECRET_CONTEXT_LINES_AFTER) break;
    for (size_t i = from; i < to; i++)
        if (loopback_at(text, len, i)) return "a request to a local host";
    return NULL;
}
