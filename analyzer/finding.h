/* finding: one piece of evidence produced by a rule or an analysis stage. */
#ifndef AIREADY_FINDING_H
#define AIREADY_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FINDING_MAX_ITEMS 8

typedef enum effect { EFFECT_SUPPORTS = 0, EFFECT_VIOLATES, EFFECT_INFORMS } effect;
typedef enum severity { SEV_INFO = 0, SEV_WARNING, SEV_BLOCKER } severity;

typedef struct finding {
    char *rule;        /* rule id, e.g. "secrets.openai-api-key" */
    uint8_t items[FINDING_MAX_ITEMS]; /* checklist items (1..50) */
    uint8_t n_items;
    effect effect;
    severity severity;
    char *message;
    char *remediation; /* may be NULL */
    char *file;        /* relative to the scanned root; "" for repository-wide evidence */
    uint32_t line, column, end_line, end_column; /* 1-based; 0 when not tied to a line */
    char *snippet;     /* the matched line(s), with any secret already redacted */
    char *fingerprint; /* stable across line moves: hash of rule + path + normalised match */
    uint8_t prov;      /* provenance (provenance.h) of the place; 0: judge by `file` */
    bool indicates;    /* supporting evidence that only indicates, never proves (rule strength) */
    uint32_t gate_line; /* >0: inside a branch that runs only when a setting is set, gated by the
                         * condition on this line (offswitch.h) */
    /* in a notebook (notebook.h): line is the raw .ipynb line; cell and cell_line (1-based)
     * locate it in the notebook, in_output when it is in a stored output. 0: not a notebook */
    uint32_t cell, cell_line;
    bool in_output;
} finding;

const char *effect_name(effect e);
const char *severity_name(severity s);
bool effect_from_name(const char *s, effect *out);
bool severity_from_name(const char *s, severity *out);

void finding_free(finding *f);
/* Orders findings by file, line, column, rule, message: the report's order. */
int finding_compare(const void *a, const void *b);


#include "buf.h"
typedef VEC(finding) finding_list;
void finding_list_free(finding_list *l);
/* Keeps at most `keep` of the findings l[first..], the most severe (then the earliest),
 * in their order; frees the others and returns how many there were. */
size_t finding_list_cap(finding_list *l, size_t first, size_t keep);

#endif
