/* attest: a human attestation for one checklist item, as read from the repository's
 * configuration (filled by the config stage; items.c only reads it). */
#ifndef AIREADY_ATTEST_H
#define AIREADY_ATTEST_H

#include <stdbool.h>
#include <stdint.h>

typedef struct attestation {
    int item;             /* checklist item 1..50 */
    bool not_applicable;  /* claims "not applicable" instead of "ready" */
    char *owner;          /* accountable person, e.g. "Jane Doe <jane@corp.example>" */
    char *date;           /* ISO date the attestation was made */
    char *expires;        /* ISO date after which it no longer counts */
    char *evidence;       /* repository path or http(s) URL; may be NULL */
    char *note;           /* free text shown in the report; may be NULL */
    char *reason;         /* why the item does not apply (not_applicable); may be NULL */
    bool valid;           /* the config stage checked owner, dates, evidence */
    char *invalid_reason; /* why not valid, e.g. "expired on 2025-07-15"; NULL when valid */
    char *file;           /* where it was declared, relative to the scanned root */
    uint32_t line;        /* 1-based line of the declaration */
    /* Added for the verdict stage: true when `evidence` is a repository file that exists
     * and mentions the item's attestation keywords; false for an unchecked external URL
     * or no evidence. Shown in the item summary, it does not change the status. */
    bool evidence_checked;
} attestation;

#endif
