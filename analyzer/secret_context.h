/* secret_context: where a hard-coded secret sits decides its severity (checklist item 31).
 * A live-looking credential in operative code or applied configuration is a blocker; the
 * same in documentation, a translation, a dataset, an example env file, a notebook or
 * another non-operative file (provenance.h) is reported as a warning that names the
 * context, and does not block the launch by itself. Test and fixture paths keep the rule's
 * severity_in_tests (usually info). Scripts stay blockers: they run with the key. */
#ifndef AIREADY_SECRET_CONTEXT_H
#define AIREADY_SECRET_CONTEXT_H

#include "finding.h"

/* The context a secret at `path` is demoted for ("documentation", "a translation file",
 * ...), or NULL when it keeps its severity. */
const char *secret_context_demotes(const char *path);

#endif
