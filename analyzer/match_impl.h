/* match_impl: what the match_* files share. Not for use outside them. */
#ifndef AIREADY_MATCH_IMPL_H
#define AIREADY_MATCH_IMPL_H

#include "match.h"
#include "redact.h"
#include "rules_impl.h"

typedef struct byte_range {
    uint32_t start, end;
} byte_range;

typedef VEC(byte_range) range_list;

/* A node located by a pattern of the combined query, before scopes are applied. */
typedef struct query_hit {
    uint32_t rule;
    query_role role;
    uint32_t start, end;
} query_hit;

typedef VEC(query_hit) query_hit_list;

/* Where a gate word ends in the current file (prefilter order: by end). */
typedef struct word_at {
    uint32_t id, end;
} word_at;

struct match_state {
    const ruleset *rs;
    TSQueryCursor *cursor;
    pcre2_match_data *md;
    pcre2_match_context *mctx;   /* offset limits for keyword windows */
    uint32_t *by_id;             /* words grouped by keyword: by_id[id]..by_id[id+1] in word_ends */
    uint32_t *word_ends;
    range_list windows;          /* scratch: where a regex rule's matches may start */
    uint8_t *active;             /* per rule: a query rule that runs on this file */
    uint8_t *seen;               /* per keyword: occurs in the current file */
    VEC(word_at) words;          /* gate words of the current file, by end offset */
    /* Per file, from the rules active on it (match_query.c): which gates have an active
     * user, whether one of those users has no gate word, and where the words of the
     * active users lie (by end offset). */
    uint8_t *gate_live;
    size_t gate_live_cap;
    uint8_t *live_word;          /* per keyword */
    bool live_always;
    range_list live_at;
    const source *seen_for;      /* match_needs_tree's file, until match_file */
    bool any_active;             /* what match_needs_tree's mark of `active` returned */
    const char *seen_text;
    size_t seen_len;
    query_hit_list hits;
    range_list secrets;          /* per file: secrets found, redacted in every snippet */
    redact_map *redact;          /* per file: those secrets, sealed for redaction */
    pcre2_match_context *limits; /* PCRE2 match, depth and heap limits of regex rules */
    uint64_t deadline;           /* of the query rules (bounds.h; 0: none) */
    bool timed_out;              /* the current file's queries stopped at the deadline */
    uint32_t timeout_line;       /* where (0: inside one query run) */
    unsigned pred_errors;        /* #match? searches stopped at a PCRE2 limit */
    uint32_t pred_error_line;
    bounds_notes notes;          /* limits the current file reached */
};

/* The parts of a result that become a finding. */
typedef struct match_hit {
    size_t start, end;           /* located range */
    size_t secret_start, secret_end; /* for secret rules: the secret; else equal to the range */
    bool whole_file;             /* path rule without contains: no line */
} match_hit;

bool match_any_glob(const glob_list *globs, const char *path);
bool match_rule_applies(const rule *r, const source *s);
bool match_keywords_ok(const match_state *ms, const rule *r);
/* file_contains / file_not_contains of r hold for s. */
bool match_file_conditions_ok(match_state *ms, const rule *r, const source *s);

/* Runs the language's combined query once; reports for rules marked in ms->active. */
void match_queries(match_state *ms, const source *s, const TSTree *tree, finding_list *out);
void match_regex_rule(match_state *ms, const rule *r, const source *s, finding_list *out);
void match_path_rule(match_state *ms, const rule *r, const source *s, finding_list *out);

/* match_emit.c. match_emit appends a finding without its snippet and, for a secret
 * rule, records the secret in secrets (may be NULL for non-secret rules). */
void match_emit(const rule *r, const source *s, const match_hit *h, finding_list *out,
                range_list *secrets);
/* For out[first..]: sorts, builds snippets with every secret of the file redacted (the
 * sealed map of s; NULL for none), and makes equal fingerprints distinct by order of
 * occurrence. */
void match_finish(const source *s, finding_list *out, size_t first, const redact_map *secrets);
double match_entropy(const char *s, size_t n);

#endif
