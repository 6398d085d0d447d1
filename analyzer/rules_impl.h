/* rules_impl: the compiled form of a rule, shared by the rules_* and match_* files.
 * Nothing outside those files includes this header: the rest of the analyzer sees
 * only rules.h and match.h. */
#ifndef AIREADY_RULES_IMPL_H
#define AIREADY_RULES_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "buf.h"
#include "finding.h"
#include "glob.h"
#include "lang.h"
#include "prefilter.h"
#include "secret_checksum.h"
#include "rules.h"

typedef enum rule_kind { RULE_QUERY = 0, RULE_REGEX, RULE_PATH, RULE_PACKAGE, RULE_KIND_COUNT } rule_kind;

typedef VEC(char *) str_list;

/* A rule glob. Most are "*", a file name, or a name with one '*' ("*.env", ".env.*",
 * "docker-compose*.yml"): those are compared directly; the rest go through glob.h's
 * matcher (same meaning, slower). */
typedef enum glob_kind { GLOB_ANY, GLOB_NAME, GLOB_NAME_STAR, GLOB_OTHER } glob_kind;

typedef struct rule_glob {
    glob_kind kind;
    char *lit;                /* GLOB_NAME: the name; GLOB_NAME_STAR: the name, '*' cut out */
    size_t lit_len;           /* strlen(lit) */
    size_t star;              /* GLOB_NAME_STAR: where the '*' was */
    glob_pat *pat;            /* GLOB_OTHER */
    str_list tails;           /* GLOB_OTHER: a matching path ends with one of these
                               * (empty: no such literal ending is known) */
    char *need;               /* GLOB_OTHER: text every matching path contains, or NULL */
} rule_glob;

typedef VEC(rule_glob) glob_list;

/* Where a YAML scalar starts, to turn offsets inside it into file positions. */
typedef struct text_pos {
    const char *file;
    uint32_t line, col;  /* 1-based, of the scalar's first content byte */
    bool block;          /* literal/folded block: content starts on the next line */
} text_pos;

/* A text predicate of a tree-sitter query, evaluated by the engine. */
typedef enum pred_op { PRED_EQ, PRED_NOT_EQ, PRED_MATCH, PRED_NOT_MATCH, PRED_ANY_OF } pred_op;

typedef struct predicate {
    pred_op op;
    uint32_t capture;     /* left-hand capture id */
    int32_t rhs_capture;  /* #eq? against another capture, else -1 */
    char *literal;        /* #eq? / #not-eq? string */
    pcre2_code *re;       /* #match? / #not-match? */
    str_list values;      /* #any-of? */
} predicate;

typedef VEC(predicate) predicate_list;

/* A query rule has up to three queries: what it reports, and its scopes. */
typedef enum query_role { ROLE_MATCH = 0, ROLE_INSIDE, ROLE_NOT_INSIDE, ROLE_COUNT } query_role;

typedef struct query_src {
    char *text;          /* NULL when absent */
    text_pos pos;
} query_src;

#define NO_RULE UINT32_MAX

/* All query rules of one language are compiled into one tree-sitter query, so a file
 * is walked once whatever the number of rules. Patterns that differ only in their
 * predicates (many rules look for "a call named X") are compiled once and shared:
 * each of their users — a rule's pattern — keeps its own predicates. */
typedef struct pattern_user {
    uint32_t rule;            /* index in ruleset.rules; NO_RULE when deselected */
    query_role role;
    int32_t locate;           /* capture that locates the node; -1: the first capture */
    predicate_list preds;     /* capture ids of the combined query */
    uint32_t *words;          /* prefilter ids: one of these must occur inside the match */
    size_t n_words;           /* 0: no such word is known */
} pattern_user;

typedef VEC(pattern_user) pattern_user_list;

typedef struct lang_query {
    TSQuery *q;               /* NULL: no query rule for this language */
    pattern_user_list *pats;  /* users, per pattern of q */
    uint32_t n_patterns;
    /* When every pattern starts at one known node type (or an alternation of them), the
     * matcher runs q only at nodes of those types: roots[symbol] is 1 + the index of the
     * type's gate, 0 for other types. NULL: run q over the whole tree. */
    uint16_t *roots;
    uint32_t n_symbols;       /* entries of roots */
    VEC(struct root_pair { uint16_t symbol; uint32_t pattern; }) root_pairs;
    /* A gate opens a node to the query when some pattern starting at its type could
     * pass its predicates there: one of the pattern's literals occurs inside the node. */
    VEC(struct node_gate { bool always; uint8_t *words; /* per prefilter id */ }) gates;
} lang_query;

/* A test case from the rule's `tests:` block. */
typedef struct rule_case {
    char *code;       /* snippet (may be "" for path cases) */
    char *path;       /* virtual path; NULL: derived from the language */
    lang lang;
    char *package;    /* package cases */
    char *ecosystem;
    char *spec;
    uint32_t line;    /* where the case is written */
} rule_case;

typedef VEC(rule_case) rule_case_list;

/* `versions:` of a package rule: a dependency matches when its version (lockfile, else
 * the exact pin of its spec) satisfies every clause of some range. */
typedef enum ver_op { VER_LT, VER_LE, VER_GT, VER_GE, VER_EQ, VER_NE } ver_op;

typedef struct ver_clause {
    ver_op op;
    char *version;
} ver_clause;

typedef VEC(ver_clause) ver_range;
typedef VEC(ver_range) version_ranges;

typedef struct rule {
    char *id;
    uint8_t items[FINDING_MAX_ITEMS];
    uint8_t n_items;
    effect effect;
    severity severity;
    bool has_test_severity;
    severity test_severity;   /* severity_in_tests */
    bool indicates;           /* strength: indicates (supporting evidence that is not proof) */
    char *message;
    char *remediation;        /* may be NULL */
    char *file;               /* rule file and line of the rule's first key */
    uint32_t line;
    rule_kind kind;

    bool langs[LANG_COUNT];   /* `languages:`; all false: any file */
    bool has_langs;
    glob_list files;          /* `files:` globs; empty: no path restriction */
    glob_list exclude;
    str_list keywords;
    uint32_t *kw_ids;         /* prefilter ids of keywords */
    size_t n_kw;

    /* query */
    query_src query[ROLE_COUNT];
    char *capture;            /* `capture:`; NULL: "match", else the first capture */

    /* regex; `contains` of a path rule uses re too */
    pcre2_code *re;
    uint32_t secret_group;
    double entropy;           /* 0: no floor */
    bool secret;
    bool fallback;            /* secret rule reported only where no other secret rule matched */
    bool local_target;        /* the secret is sent where nearby lines say: a local host demotes it */
    secret_checksum checksum; /* the token format's own checksum: a mismatch demotes it */
    str_list owned_prefixes;  /* prefixes of its token format: fallback rules leave those values to it */
    bool keyword_line;        /* every match starts on a keyword's line, at or before it (match_regex.c) */
    VEC(pcre2_code *) allow;

    /* file conditions (query, regex, path): the rule applies to a file only when
     * file_contains matches somewhere in it and file_not_contains nowhere */
    pcre2_code *file_contains;
    pcre2_code *file_not_contains;

    /* path */
    glob_list paths;

    /* package */
    str_list packages;        /* PyPI names normalised when the ecosystem is pypi */
    char *ecosystem;          /* NULL: either */
    version_ranges versions;  /* empty: any version (and unversioned dependencies) */

    char *escalate_with;      /* rule-id glob; NULL: no escalation. With escalate_all,
                                 conditions separated by '\n', each of '|'-separated globs */
    bool escalate_all;        /* the list form: every condition, from operative places */
    severity escalate_to;
    char *switches_off;       /* rule-id glob: supporting findings at this finding's place
                                 only indicate (a setting that turns the feature off) */
    bool switches_off_file;   /* switches_off_scope: file — anywhere in the same file */

    rule_case_list cases_match;
    rule_case_list cases_no_match;
} rule;

typedef VEC(rule) rule_list;

struct ruleset {
    rule_list rules;
    str_list files;           /* the rule files read, sorted */
    str_list dropped;         /* ids --only / --disable left out: still known (rules_knows) */
    bool only_given;          /* --only named ids: ids of no rule file not among them are out */
    str_list only_other;      /* --only / --disable ids of no rule file (rules_select.also_known) */
    str_list disable_other;
    prefilter *pf;
    str_list owned_prefixes;  /* every secret rule's owns_prefixes (borrowed), for fallback rules */
    uint32_t max_ovector;     /* pairs needed by the largest regex */
    uint8_t *positional;      /* per prefilter id: a gate word, whose offsets are kept */
    lang_query lq[LANG_COUNT];
};

const char *rule_kind_name(rule_kind k);
void rule_free(rule *r);

/* Error collector: "file:line:col: message" lines. */
typedef struct rules_errors {
    buf text;
    size_t count;
} rules_errors;

void rules_error(rules_errors *e, const char *file, uint32_t line, uint32_t col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

void text_pos_at(const text_pos *p, const char *text, size_t offset, uint32_t *line, uint32_t *col);

/* rules_compile.c: each returns false after reporting to e. */
pcre2_code *rules_compile_regex(const char *pattern, uint32_t options, const text_pos *at,
                                const char *what, rules_errors *e);
bool rules_check_glob(const char *glob, const text_pos *at, rules_errors *e);
rule_glob rules_glob_compile(const char *text);
/* path_len and base_len: strlen(path), strlen(base), computed once by the caller for
 * all the globs a path is tried against. */
bool rules_glob_match(const rule_glob *g, const char *path, size_t path_len, const char *base, size_t base_len);
void rules_normalize_pypi(char *name);

/* rules_version.c: version ranges of package rules. */
/* Parses ">=1.2, <1.4" (also "==1.0", "!=1.1", "<2"); false with a message in *why. */
bool rules_parse_range(const char *text, ver_range *out, const char **why);
void rules_ranges_free(version_ranges *v);
/* Compares release versions: numeric dot segments, then pre-release tags
 * (dev < a/alpha < b/beta < rc < final < post), PEP 440 and semver spellings. */
int rules_version_cmp(const char *a, const char *b);
/* The version a dependency resolves to: the lockfile's, else the exact pin of its spec
 * ("==1.2.3", "===1.2.3"; npm "1.2.3", "=1.2.3", "v1.2.3"); NULL when none. malloc'd. */
char *rules_dep_version(const char *resolved, const char *spec, bool pypi);
bool rules_version_in(const version_ranges *v, const char *version);

/* rules_query.c: compiles each language's combined query from the rules' query,
 * inside and not_inside texts, reporting errors at the rule that caused them, and
 * gives query rules without `keywords` the words their #eq?/#any-of? literals require. */
bool rules_build_queries(ruleset *rs, rules_errors *e);
/* Registers the literals each pattern requires (before prefilter_build), then builds
 * the gates from them (after). */
void rules_queries_add_words(ruleset *rs);
void rules_queries_build_gates(ruleset *rs);
/* After selection: map[i] is rule i's new index, or NO_RULE when it was dropped. */
void rules_queries_remap(ruleset *rs, const uint32_t *map);
void rules_queries_free(ruleset *rs);

#endif
