/* secret_context: see secret_context.h. */
#include "secret_context.h"

#include <string.h>

#include "provenance.h"

typedef struct why_name {
    const char *why;  /* provenance_info.why */
    const char *name; /* as the finding's message names it */
} why_name;

static const why_name DEMOTED[] = {
    {"docs", "documentation"},        {"example", "an example"},
    {"notebook", "a notebook"},       {"data", "a data file"},
    {"dump", "a dump"},               {"translation", "a translation file"},
    {"example-env", "an example env file"}, {"template", "a template"},
    {"vendored", "vendored code"},    {"test", "a test or fixture"},
};

const char *secret_context_demotes(const char *path)
{
    provenance_info p = provenance_of_path(path ? path : "");
    if (provenance_is_operative(p.kind) || !p.why) return NULL;
    for (size_t i = 0; i < sizeof DEMOTED / sizeof *DEMOTED; i++)
        if (!strcmp(p.why, DEMOTED[i].why)) return DEMOTED[i].name;
    return NULL;
}
