/* bounds: the analyzer's resource limits in one place, and the notes that say one was
 * reached.
 *
 * A scanned repository may be hostile: deep nesting, alias bombs, huge files, files full of
 * model calls. Every stage that reads such input is bounded in time, memory and stack, and
 * a bound that cuts an analysis short never does so silently: the stage records a note,
 * and each note becomes an `errors[]` entry of the file it concerns, so that a clean result
 * is never claimed for something that was not fully analysed. docs/limits.md lists every
 * limit and what is reported when it is reached. */
#ifndef AIREADY_BOUNDS_H
#define AIREADY_BOUNDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Files read whole (a larger one is refused with an error, not read). */
#define BOUNDS_CONFIG_MAX_BYTES ((size_t)1 << 20)      /* .aiready.yml */
#define BOUNDS_RULE_FILE_MAX_BYTES ((size_t)8 << 20)   /* one rule file, --rules or repo rules: */
#define BOUNDS_BASELINE_MAX_BYTES ((size_t)256 << 20)  /* --baseline FILE */

/* YAML read with libyaml's loader (.aiready.yml, rule files, CI files): nesting of block
 * and flow collections, checked with the event parser before the loader runs. */
#define BOUNDS_YAML_MAX_DEPTH 128
/* CI files: nodes visited while flattening scripts and includes (aliases count each time
 * they are reached), and the nesting followed. */
#define BOUNDS_CI_NODE_BUDGET 100000
#define BOUNDS_CI_MAX_DEPTH 64
#define BOUNDS_CI_WORK_BUDGET 10000000     /* mapping keys compared in one CI file */

/* Rules. */
#define BOUNDS_QUERY_MAX_DEPTH 256          /* ( and [ nesting of a tree-sitter query */
#define BOUNDS_GLOB_MAX_LEN 4096            /* bytes of one glob (rule files:, waiver path:) */
#define BOUNDS_REGEX_MATCH_LIMIT 1000000u   /* PCRE2 match limit of one regex rule search */
#define BOUNDS_REGEX_DEPTH_LIMIT 10000u     /* PCRE2 backtracking depth (interpreter) */
#define BOUNDS_REGEX_HEAP_LIMIT_KIB 65536u  /* PCRE2 heap of one search: 64 MiB */
#define BOUNDS_REGEX_LIMIT_HITS 16          /* limit hits before a rule gives up on a file */

/* Per file. */
#define BOUNDS_PY_MAX_INDENT 400            /* Python indentation levels parsed */
#define BOUNDS_CALLS_PER_FILE 5000          /* model calls analysed */
#define BOUNDS_FINDINGS_PER_FILE 10000      /* findings kept (the most severe first) */
#define BOUNDS_EVAL_DEPTH 256               /* nested evaluations of one expression */
#define BOUNDS_FILE_TIMEOUT_MS 10000u       /* default --file-timeout */

#define BOUNDS_STR_(x) #x
#define BOUNDS_STR(x) BOUNDS_STR_(x)  /* a limit in a message: "longer than " BOUNDS_STR(...) */

/* Deadlines: milliseconds on the monotonic clock; 0 stands for none. */
uint64_t bounds_now_ms(void);
uint64_t bounds_deadline(uint32_t budget_ms); /* now + budget_ms, or 0 when budget_ms is 0 */
bool bounds_expired(uint64_t deadline);

/* Notes: "what was cut short, and where", one per limit reached. */
typedef VEC(char *) bounds_notes;

void bounds_note(bounds_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* bounds_note, unless n already holds the same note. */
void bounds_note_once(bounds_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Moves every note of src to the end of dst. */
void bounds_notes_move(bounds_notes *dst, bounds_notes *src);
void bounds_notes_free(bounds_notes *n);

#endif
