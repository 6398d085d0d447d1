/* deps: the dependency inventory read from manifests and lockfiles. */
#ifndef AIREADY_DEPS_H
#define AIREADY_DEPS_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

typedef struct dependency {
    char *name;       /* normalised: PyPI names per PEP 503, npm names as written */
    char *ecosystem;  /* "pypi" or "npm" */
    char *spec;       /* declared specifier, e.g. ">=1.2,<2"; "" when none */
    char *resolved;   /* version from a lockfile, or NULL */
    char *file;       /* manifest path relative to the root */
    uint32_t line;    /* 1-based line of the declaration */
    bool dev;         /* dev / test / optional group */
    bool pinned;      /* the declared spec names one exact version (==1.2.3; 1.2.3 in npm and
                         Poetry); a lockfile sets resolved, never pinned */
} dependency;

typedef VEC(dependency) dependency_list;

void dependency_free(dependency *d);
void dependency_list_free(dependency_list *l);
int dependency_compare(const void *a, const void *b); /* by ecosystem, name, file, line */

#endif
