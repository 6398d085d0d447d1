/* redact: no output prints a secret whole.
 *
 * A redact_map holds the secrets known at some point of the scan:
 * - ranges: where the rule pass found secrets in one file's text (its base);
 * - values: secret texts, looked for anywhere (a key pasted twice, a key found in one file
 *   and quoted by a finding of another).
 * Every place that copies text out of a file cuts it with redact_source_cut (the cut never
 * leaves part of a secret of that file), and the repository stage passes every string of
 * the result through redact_string with the values of every secret of the scan (see
 * scan_redact.h). A secret is replaced by a marker: a short prefix and a hash,
 * "sk-p…[redacted sha256:62380763]".
 *
 * A map is filled, then sealed (sorted), then only read: one map per worker or per stage,
 * never shared while it is filled. Sealed maps may be read by any number of threads. */
#ifndef AIREADY_REDACT_H
#define AIREADY_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "source.h"

/* Values shorter than this are not looked for elsewhere: too many innocent strings hold
 * them. Their own ranges are still redacted. */
#define REDACT_MIN_ECHO 6
/* A string that ends (or reaches a "…" cut) with at least this many bytes that begin a
 * known secret, or starts with as many that end one, is taken to hold a cut secret. */
#define REDACT_MIN_PARTIAL 8

typedef struct redact_map redact_map;

redact_map *redact_map_new(void);
void redact_map_free(redact_map *m);

/* Forgets every secret; base[0, base_len) becomes the text that ranges refer to (NULL:
 * values only). The map is unsealed. */
void redact_map_reset(redact_map *m, const char *base, size_t base_len);
/* A secret at base[start, end): redacted there, and its text everywhere else. */
void redact_map_add_range(redact_map *m, size_t start, size_t end);
/* A secret's text, looked for anywhere (copied). */
void redact_map_add_value(redact_map *m, const char *s, size_t n);
/* Adds the values of src, and the text of every range of src (as values), to m. */
void redact_map_merge(redact_map *m, const redact_map *src);
/* Sorts what was added; required before the map is read. */
void redact_map_seal(redact_map *m);

/* Ranges plus values held (0: nothing to redact). */
size_t redact_map_size(const redact_map *m);

/* Appends text[from, to) to out with every secret replaced by its marker (m may be NULL).
 * When text is m's base, its ranges apply; values apply to any text. A secret that
 * crosses to is replaced whole (the marker stands for all of it); one that crosses from
 * shows as a marker without its prefix. Each byte costs a binary search at most. */
void redact_append(const redact_map *m, const char *text, size_t len, size_t from, size_t to, buf *out);

/* One marker in the output of redact_append_mapped: text[raw_start, raw_end) became
 * out[red_start, red_end). */
typedef struct redact_span {
    size_t raw_start, raw_end, red_start, red_end;
} redact_span;
typedef VEC(redact_span) redact_span_list;
/* redact_append that also records where each marker went (spans appended in order, with
 * offsets relative to out's length before the call), to map offsets of text into out. */
void redact_append_mapped(const redact_map *m, const char *text, size_t len, size_t from, size_t to,
                          buf *out, redact_span_list *spans);

/* s->text[from, to) redacted with the secrets the rule pass found in s (s->secrets). */
void redact_source_cut(const source *s, size_t from, size_t to, buf *out);
/* A copy of t[0, n), a piece of s->text, redacted the same way: what every stage that
 * quotes its file uses instead of xstrndup. */
char *redact_source_dup(const source *s, const char *t, size_t n);

/* Redacts a whole string by value, including a secret cut off at either end of it or at
 * a "…" inside it. Returns a new string, or NULL when nothing in s is secret. */
char *redact_string(const redact_map *m, const char *s);
/* *s redacted in place (freed and replaced when it changes); true when it changed. */
bool redact_in_place(const redact_map *m, char **s);

/* The marker for a secret: its first bytes when with_prefix, then "…[redacted sha256:"
 * and 8 hex digits of its hash, then "]". */
void redact_marker(buf *out, const char *secret, size_t n, bool with_prefix);

/* How many bytes of s[0, n) to quote when at most max are wanted: all of them when they
 * fit, else max moved back to the start of the word it cuts (a word: no blank or quote;
 * a quoted word keeps its closing quote), so that a quote holds every word of it whole —
 * a secret whole, where the secret rules can find it, or not at all. 0 when the first
 * word is longer than max. */
size_t redact_clip_len(const char *s, size_t n, size_t max);

#endif
