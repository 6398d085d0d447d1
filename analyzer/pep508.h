/* pep508: Python requirement strings ("name[extra] >=1,<2 ; marker", "name @ url"),
 * PEP 503 name normalisation and the "pins one version" test on specifiers. */
#ifndef AIREADY_PEP508_H
#define AIREADY_PEP508_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pep508_req {
    char *name;   /* as written */
    char *extras; /* "a,b" without spaces; "" when none */
    char *spec;   /* specifiers without spaces (">=1,<2"), or the URL of "name @ url"; "" when none */
    char *marker; /* the text after ';', trimmed; "" when none */
    bool is_url;
} pep508_req;

/* Parses s[0..len). On failure returns false with *why set to a static message, and
 * leaves *out empty. */
bool pep508_parse(const char *s, size_t len, pep508_req *out, const char **why);
void pep508_free(pep508_req *r);

/* PEP 503: lower case, each run of '-', '_' and '.' becomes one '-'. */
char *pep508_normalize(const char *name, size_t len);
/* True when a PEP 440 specifier set names exactly one version: a clause "==V" without a
 * wildcard, or "===V". ">=1,<2", "~=1.2", "==1.*" and "" are not pinned. */
bool pep508_spec_pinned(const char *spec);
/* True for PEP 508 name characters (letters, digits, '-', '_', '.'). */
bool pep508_name_char(int c);

#endif
