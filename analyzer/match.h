/* match: running a loaded rule set over files and dependencies.
 *
 * The ruleset (rules.h) is shared read-only; each worker thread owns one match_state
 * (query cursors, PCRE2 match data, keyword marks). Per file the pipeline calls:
 *
 *     if (match_needs_tree(ms, src)) tree = parse_source(parser, src);
 *     match_file(ms, src, tree, &findings);
 *
 * match_needs_tree scans the file once for every rule keyword; match_file reuses that
 * scan when called next for the same source. */
#ifndef AIREADY_MATCH_H
#define AIREADY_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "bounds.h"
#include "deps.h"
#include "finding.h"
#include "rules.h"
#include "source.h"

typedef struct match_state match_state;

match_state *match_state_new(const ruleset *rs);
void match_state_free(match_state *ms);

/* True when some query rule applies to the file (language, files/exclude globs) and
 * its keywords occur in it. When false, parsing the file serves no rule. */
bool match_needs_tree(match_state *ms, const source *s);

/* Appends the findings of every applicable rule to out, sorted (finding_compare) and
 * fingerprinted. Regex and path rules run on any text file; query rules only when a
 * tree (of s->text in s->lang) is given. */
void match_file(match_state *ms, const source *s, const TSTree *tree, finding_list *out);

/* Only the secret rules (regex rules with `secret: true`), for a file that is not
 * analysed otherwise (binary, minified): they need no parse. Appends like match_file. */
void match_file_secret_rules(match_state *ms, const source *s, finding_list *out);

/* The secrets the last match_file call found in its source (sealed, redact.h): valid
 * until the next call on ms, and only while that source's text is. */
const struct redact_map *match_file_secrets(const match_state *ms);

/* The secret rules (secret: true) over a string that never was part of a scanned file (a
 * manifest error quoting an included file, a dependency spec), as if it were a line of
 * path — and each piece of it in quotes, too: returns it with every secret they find
 * redacted, or NULL when they find none; the secrets' values are added to found. */
char *match_redact_text(match_state *ms, const char *path, const char *text, struct redact_map *found);
/* The deadline (bounds.h; 0: none) of the next match_file's query rules: a query that
 * runs past it stops, with a note. Regex rules have their own limits (docs/limits.md). */
void match_set_deadline(match_state *ms, uint64_t deadline);
/* Moves the notes of limits the last match_file reached (bounds.h) to the end of out. */
void match_take_notes(match_state *ms, bounds_notes *out);

/* Package rules over the dependency inventory; appends sorted findings to out. */
void match_packages(const ruleset *rs, const dependency *deps, size_t n, finding_list *out);

/* Repository stage, once every finding is known: raises the findings of rules with
 * escalate_with to their escalate_to severity when a finding of a matching rule exists. */
void match_escalate(const ruleset *rs, finding_list *findings);

/* Test and fixture paths (tests/, test_*.py, *.spec.ts, __tests__/, fixtures/, ...),
 * where rules with severity_in_tests report at that severity. */
bool match_is_test_path(const char *path);

#endif
