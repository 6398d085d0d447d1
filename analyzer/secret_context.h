/* secret_context: where a hard-coded secret sits decides its severity (checklist item 31).
 * A live-looking credential in operative code or applied configuration is a blocker; the
 * same in documentation, a translation, a dataset, an example env file, a notebook or
 * another non-operative file (provenance.h) is reported as a warning that names the
 * context, and does not block the launch by itself. Test and fixture paths keep the rule's
 * severity_in_tests (usually info). Scripts stay blockers: they run with the key. */
#ifndef AIREADY_SECRET_CONTEXT_H
#define AIREADY_SECRET_CONTEXT_H

#include <stddef.h>

#include "finding.h"

/* The context a secret at `path` is demoted for ("documentation", "a translation file",
 * ...), or NULL when it keeps its severity. */
const char *secret_context_demotes(const char *path);

/* For a credential sent in a request (an Authorization header, a bearer token): the
 * context "a request to a local host" when the request's own lines — up to
 * SECRET_CONTEXT_LINES_BEFORE lines above the secret at offset `at` of text[0..len) and
 * SECRET_CONTEXT_LINES_AFTER below — name a loopback host (localhost, 127.x.x.x, 0.0.0.0,
 * [::1]) as a URL's host or a Host value; NULL otherwise. A credential of a local
 * development server is a development credential: reported, not a blocker. */
enum { SECRET_CONTEXT_LINES_BEFORE = 8, SECRET_CONTEXT_LINES_AFTER = 3 };
const char *secret_context_local_target(const char *text, size_t len, size_t at);

#endif
