/* rules_load: reading rule files (libyaml) into compiled rules, with validation. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "fsafe.h"
#include "bounds.h"
#include "readcap.h"
#include "rules_impl.h"
#include "yamlguard.h"

typedef struct loader {
    rules_errors *e;
    const char *file;
    const char *text;      /* the file, to find the indentation of block scalars */
    yaml_document_t *doc;
    rule_list *out;
} loader;

/* --- YAML helpers ---------------------------------------------------------------- */

static yaml_node_t *node_of(const loader *ld, int idx)
{
    return yaml_document_get_node(ld->doc, idx);
}

static uint32_t line_of(const yaml_node_t *n) { return (uint32_t)n->start_mark.line + 1; }
static uint32_t col_of(const yaml_node_t *n) { return (uint32_t)n->start_mark.column + 1; }

#define ERR_AT(ld, n, ...) rules_error((ld)->e, (ld)->file, line_of(n), col_of(n), __VA_ARGS__)

static void pos_of(const loader *ld, const yaml_node_t *n, text_pos *p)
{
    p->file = ld->file;
    p->line = line_of(n);
    p->col = col_of(n);
    p->block = false;
    if (n->type != YAML_SCALAR_NODE) return;
    yaml_scalar_style_t st = n->data.scalar.style;
    if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
        /* content starts on the line after the indicator, at that line's indentation */
        p->block = true;
        p->line++;
        const char *s = ld->text;
        for (uint32_t l = 1; l < p->line && s; l++) {
            s = strchr(s, '\n');
            if (s) s++;
        }
        uint32_t ind = 0;
        while (s && s[ind] == ' ') ind++;
        p->col = ind + 1;
    } else if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        p->col++;
    }
}

static const char *scalar(const loader *ld, const yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SCALAR_NODE) {
        ERR_AT(ld, n, "'%s' must be a string", key);
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}

static const char *nonempty(const loader *ld, const yaml_node_t *n, const char *key)
{
    const char *s = scalar(ld, n, key);
    if (s && !*s) {
        ERR_AT(ld, n, "'%s' is empty", key);
        return NULL;
    }
    return s;
}

static bool parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return false;
    *out = v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes")) { *out = true; return true; }
    if (!strcmp(s, "false") || !strcmp(s, "no")) { *out = false; return true; }
    return false;
}

/* A string or a list of strings. */
static bool str_or_list(const loader *ld, const yaml_node_t *n, const char *key, str_list *out)
{
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = nonempty(ld, n, key);
        if (!s) return false;
        VEC_PUSH(out, xstrdup(s));
        return true;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        ERR_AT(ld, n, "'%s' must be a string or a list of strings", key);
        return false;
    }
    bool ok = true;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const char *s = nonempty(ld, node_of(ld, *it), key);
        if (s) VEC_PUSH(out, xstrdup(s));
        else ok = false;
    }
    if (ok && out->len == 0) {
        ERR_AT(ld, n, "'%s' is an empty list", key);
        ok = false;
    }
    return ok;
}

/* --- rule keys ------------------------------------------------------------------- */

#define K_QUERY (1u << RULE_QUERY)
#define K_REGEX (1u << RULE_REGEX)
#define K_PATH (1u << RULE_PATH)
#define K_PACKAGE (1u << RULE_PACKAGE)
#define K_ALL (K_QUERY | K_REGEX | K_PATH | K_PACKAGE)

typedef struct key_spec {
    const char *name;
    unsigned kinds;
} key_spec;

enum {
    KEY_ID, KEY_ITEM, KEY_EFFECT, KEY_SEVERITY, KEY_SEV_TESTS, KEY_MESSAGE, KEY_REMEDIATION,
    KEY_LANGUAGES, KEY_FILES, KEY_EXCLUDE, KEY_KEYWORDS, KEY_TESTS,
    KEY_QUERY, KEY_CAPTURE, KEY_INSIDE, KEY_NOT_INSIDE,
    KEY_REGEX, KEY_SECRET_GROUP, KEY_ENTROPY, KEY_SECRET, KEY_ALLOW,
    KEY_PATH, KEY_CONTAINS, KEY_PACKAGE, KEY_ECOSYSTEM,
    KEY_FALLBACK, KEY_FILE_CONTAINS, KEY_FILE_NOT_CONTAINS, KEY_VERSIONS,
    KEY_ESCALATE_WITH, KEY_ESCALATE_TO, KEY_STRENGTH, KEY_LOCAL_TARGET, KEY_CHECKSUM, KEY_OWNS_PREFIXES,
    KEY_SWITCHES_OFF, KEY_SWITCHES_OFF_SCOPE,
    KEY_KEYWORD_LINE,
    KEY_COUNT
};

static const key_spec keys[KEY_COUNT] = {
    [KEY_ID] = {"id", K_ALL},
    [KEY_ITEM] = {"item", K_ALL},
    [KEY_EFFECT] = {"effect", K_ALL},
    [KEY_SEVERITY] = {"severity", K_ALL},
    [KEY_SEV_TESTS] = {"severity_in_tests", K_QUERY | K_REGEX | K_PATH},
    [KEY_STRENGTH] = {"strength", K_ALL},
    [KEY_MESSAGE] = {"message", K_ALL},
    [KEY_REMEDIATION] = {"remediation", K_ALL},
    [KEY_LANGUAGES] = {"languages", K_QUERY | K_REGEX},
    [KEY_FILES] = {"files", K_QUERY | K_REGEX},
    [KEY_EXCLUDE] = {"exclude", K_QUERY | K_REGEX | K_PATH},
    [KEY_KEYWORDS] = {"keywords", K_QUERY | K_REGEX},
    [KEY_TESTS] = {"tests", K_ALL},
    [KEY_QUERY] = {"query", K_QUERY},
    [KEY_CAPTURE] = {"capture", K_QUERY},
    [KEY_INSIDE] = {"inside", K_QUERY},
    [KEY_NOT_INSIDE] = {"not_inside", K_QUERY},
    [KEY_REGEX] = {"regex", K_REGEX},
    [KEY_SECRET_GROUP] = {"secret_group", K_REGEX},
    [KEY_ENTROPY] = {"entropy", K_REGEX},
    [KEY_SECRET] = {"secret", K_REGEX},
    [KEY_ALLOW] = {"allow", K_REGEX},
    [KEY_PATH] = {"path", K_PATH},
    [KEY_CONTAINS] = {"contains", K_PATH},
    [KEY_PACKAGE] = {"package", K_PACKAGE},
    [KEY_ECOSYSTEM] = {"ecosystem", K_PACKAGE},
    [KEY_FALLBACK] = {"fallback", K_REGEX},
    [KEY_LOCAL_TARGET] = {"local_target", K_REGEX},
    [KEY_CHECKSUM] = {"checksum", K_REGEX},
    [KEY_OWNS_PREFIXES] = {"owns_prefixes", K_REGEX},
    [KEY_KEYWORD_LINE] = {"keyword_line", K_REGEX},
    [KEY_FILE_CONTAINS] = {"file_contains", K_QUERY | K_REGEX | K_PATH},
    [KEY_FILE_NOT_CONTAINS] = {"file_not_contains", K_QUERY | K_REGEX | K_PATH},
    [KEY_VERSIONS] = {"versions", K_PACKAGE},
    [KEY_ESCALATE_WITH] = {"escalate_with", K_ALL},
    [KEY_ESCALATE_TO] = {"escalate_to", K_ALL},
    [KEY_SWITCHES_OFF] = {"switches_off", K_QUERY | K_REGEX},
    [KEY_SWITCHES_OFF_SCOPE] = {"switches_off_scope", K_QUERY | K_REGEX},
};

static const char *const kind_hint[RULE_KIND_COUNT] = {
    "query rules", "regex rules", "path rules", "package rules",
};

/* Values of one rule mapping by key; 0 when absent. */
typedef struct rule_src {
    const yaml_node_t *map;
    const yaml_node_t *key_node[KEY_COUNT];
    const yaml_node_t *val[KEY_COUNT];
} rule_src;

static int key_index(const char *name)
{
    for (int i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].name, name) == 0) return i;
    return -1;
}

static bool collect_keys(const loader *ld, const yaml_node_t *map, rule_src *rs)
{
    bool ok = true;
    memset(rs, 0, sizeof *rs);
    rs->map = map;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_of(ld, p->key);
        if (k->type != YAML_SCALAR_NODE) { ERR_AT(ld, k, "rule keys must be strings"); ok = false; continue; }
        const char *name = (const char *)k->data.scalar.value;
        int i = key_index(name);
        if (i < 0) { ERR_AT(ld, k, "unknown key '%s'", name); ok = false; continue; }
        if (rs->val[i]) { ERR_AT(ld, k, "duplicate key '%s'", name); ok = false; continue; }
        rs->key_node[i] = k;
        rs->val[i] = node_of(ld, p->value);
    }
    return ok;
}

static bool pick_kind(const loader *ld, rule_src *rs, rule_kind *kind)
{
    static const int matcher_keys[RULE_KIND_COUNT] = {KEY_QUERY, KEY_REGEX, KEY_PATH, KEY_PACKAGE};
    int found = -1;
    for (int k = 0; k < RULE_KIND_COUNT; k++) {
        if (!rs->val[matcher_keys[k]]) continue;
        if (found >= 0) {
            ERR_AT(ld, rs->key_node[matcher_keys[k]], "a rule has one matcher; found both '%s' and '%s'",
                   keys[matcher_keys[found]].name, keys[matcher_keys[k]].name);
            return false;
        }
        found = k;
    }
    if (found < 0) {
        ERR_AT(ld, rs->map, "rule has no matcher: add one of query, regex, path, package");
        return false;
    }
    *kind = (rule_kind)found;
    bool ok = true;
    for (int i = 0; i < KEY_COUNT; i++)
        if (rs->val[i] && !(keys[i].kinds & (1u << found))) {
            ERR_AT(ld, rs->key_node[i], "key '%s' does not apply to %s", keys[i].name, kind_hint[found]);
            ok = false;
        }
    return ok;
}

static bool id_valid(const char *id)
{
    /* dotted lower-case segments: secrets.openai-api-key */
    int segs = 0;
    const char *p = id;
    for (;;) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) return false;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_') p++;
        segs++;
        if (*p == '\0') return segs >= 2;
        if (*p != '.') return false;
        p++;
    }
}

static bool parse_items(const loader *ld, const yaml_node_t *n, rule *r)
{
    str_list raw = {0};
    bool ok = str_or_list(ld, n, "item", &raw);
    for (size_t i = 0; ok && i < raw.len; i++) {
        long v;
        if (!parse_long(raw.items[i], &v) || v < 1 || v > 50) {
            ERR_AT(ld, n, "'item' must be a checklist number 1..50 (got '%s')", raw.items[i]);
            ok = false;
        } else if (r->n_items == FINDING_MAX_ITEMS) {
            ERR_AT(ld, n, "'item' lists more than %d items", FINDING_MAX_ITEMS);
            ok = false;
        } else {
            r->items[r->n_items++] = (uint8_t)v;
        }
    }
    for (size_t i = 0; i < raw.len; i++) free(raw.items[i]);
    VEC_FREE(&raw);
    return ok;
}

static bool parse_languages(const loader *ld, const yaml_node_t *n, rule *r)
{
    str_list raw = {0};
    bool ok = str_or_list(ld, n, "languages", &raw);
    for (size_t i = 0; ok && i < raw.len; i++) {
        lang l = lang_from_name(raw.items[i]);
        if (l == LANG_NONE) {
            ERR_AT(ld, n, "unknown language '%s' (python, javascript, typescript, tsx)", raw.items[i]);
            ok = false;
        }
        r->langs[l] = true;
    }
    r->has_langs = ok;
    for (size_t i = 0; i < raw.len; i++) free(raw.items[i]);
    VEC_FREE(&raw);
    return ok;
}

static bool parse_globs(const loader *ld, const yaml_node_t *n, const char *key, glob_list *out)
{
    str_list text = {0};
    bool ok = str_or_list(ld, n, key, &text);
    text_pos at;
    pos_of(ld, n, &at);
    for (size_t i = 0; ok && i < text.len; i++) ok = rules_check_glob(text.items[i], &at, ld->e);
    for (size_t i = 0; ok && i < text.len; i++) VEC_PUSH(out, rules_glob_compile(text.items[i]));
    for (size_t i = 0; i < text.len; i++) free(text.items[i]);
    VEC_FREE(&text);
    return ok;
}


/* strength: proves (default) or indicates. Only supporting evidence has a strength: an
 * indicating finding is listed as evidence but never makes an item Ready on its own. */
static bool load_strength(const loader *ld, const rule_src *rs, rule *r)
{
    if (!rs->val[KEY_STRENGTH]) return true;
    const char *s = scalar(ld, rs->val[KEY_STRENGTH], "strength");
    if (!s) return false;
    if (strcmp(s, "indicates") == 0) r->indicates = true;
    else if (strcmp(s, "proves") != 0) {
        ERR_AT(ld, rs->val[KEY_STRENGTH], "bad strength '%s' (proves, indicates)", s);
        return false;
    }
    if (r->effect != EFFECT_SUPPORTS) {
        ERR_AT(ld, rs->val[KEY_STRENGTH], "'strength' is only for rules with effect: supports");
        return false;
    }
    return true;
}

/* switches_off: this violating rule matches a setting whose value turns a feature off (a
 * limiter whose maximum is 0); a supporting finding of a rule matching the glob at the same
 * place (file and line) only indicates its item (docs/rules.md). */
static bool load_switches_off(const loader *ld, const rule_src *rs, rule *r)
{
    if (!rs->val[KEY_SWITCHES_OFF]) {
        if (rs->val[KEY_SWITCHES_OFF_SCOPE]) {
            ERR_AT(ld, rs->val[KEY_SWITCHES_OFF_SCOPE], "'switches_off_scope' needs 'switches_off'");
            return false;
        }
        return true;
    }
    const char *g = nonempty(ld, rs->val[KEY_SWITCHES_OFF], "switches_off");
    if (!g) return false;
    if (r->effect != EFFECT_VIOLATES) {
        ERR_AT(ld, rs->val[KEY_SWITCHES_OFF], "'switches_off' is only for rules with effect: violates");
        return false;
    }
    r->switches_off = xstrdup(g);
    if (rs->val[KEY_SWITCHES_OFF_SCOPE]) {
        const char *sc = scalar(ld, rs->val[KEY_SWITCHES_OFF_SCOPE], "switches_off_scope");
        if (!sc) return false;
        if (!strcmp(sc, "file")) r->switches_off_file = true;
        else if (strcmp(sc, "place") != 0) {
            ERR_AT(ld, rs->val[KEY_SWITCHES_OFF_SCOPE], "bad switches_off_scope '%s' (place, file)", sc);
            return false;
        }
    }
    return true;
}

/* escalate_with / escalate_to: this rule's findings take escalate_to's severity (default
 * blocker) when a finding of a rule matching escalate_with exists anywhere in the scan. */
static bool load_escalation(const loader *ld, const rule_src *rs, rule *r)
{
    if (!rs->val[KEY_ESCALATE_WITH]) {
        if (rs->val[KEY_ESCALATE_TO]) {
            ERR_AT(ld, rs->val[KEY_ESCALATE_TO], "'escalate_to' needs 'escalate_with'");
            return false;
        }
        return true;
    }
    const yaml_node_t *wn = rs->val[KEY_ESCALATE_WITH];
    if (wn->type == YAML_SEQUENCE_NODE) {
        /* every condition must hold: a glob, or a list of globs of which one will do.
         * Stored as conditions separated by '\n', alternatives by '|' (rule ids have
         * neither). */
        buf b = {0};
        for (yaml_node_item_t *it = wn->data.sequence.items.start; it < wn->data.sequence.items.top; it++) {
            str_list alts = {0};
            bool ok = str_or_list(ld, node_of(ld, *it), "escalate_with", &alts);
            if (ok && b.len) buf_putc(&b, '\n');
            for (size_t k = 0; ok && k < alts.len; k++) {
                if (strpbrk(alts.items[k], "|\n")) {
                    ERR_AT(ld, node_of(ld, *it), "'escalate_with': a rule glob has no '|' or line break");
                    ok = false;
                } else buf_printf(&b, "%s%s", k ? "|" : "", alts.items[k]);
            }
            for (size_t k = 0; k < alts.len; k++) free(alts.items[k]);
            free(alts.items);
            if (!ok) { buf_free(&b); return false; }
        }
        if (!b.len) {
            ERR_AT(ld, wn, "'escalate_with' is an empty list");
            buf_free(&b);
            return false;
        }
        r->escalate_with = buf_take(&b);
        r->escalate_all = true;
    } else {
        const char *with = nonempty(ld, wn, "escalate_with");
        if (!with) return false;
        r->escalate_with = xstrdup(with);
    }
    r->escalate_to = SEV_BLOCKER;
    if (rs->val[KEY_ESCALATE_TO]) {
        const char *to = scalar(ld, rs->val[KEY_ESCALATE_TO], "escalate_to");
        if (!to || !severity_from_name(to, &r->escalate_to)) {
            ERR_AT(ld, rs->val[KEY_ESCALATE_TO], "bad escalate_to '%s' (blocker, warning, info)", to ? to : "");
            return false;
        }
    }
    return true;
}

static bool parse_common(const loader *ld, const rule_src *rs, rule *r)
{
    static const int required[] = {KEY_ID, KEY_ITEM, KEY_EFFECT, KEY_SEVERITY, KEY_MESSAGE};
    bool ok = true;
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!rs->val[required[i]]) {
            ERR_AT(ld, rs->map, "missing required key '%s'", keys[required[i]].name);
            ok = false;
        }
    if (!ok) return false;
    const char *id = nonempty(ld, rs->val[KEY_ID], "id");
    if (id && !id_valid(id)) {
        ERR_AT(ld, rs->val[KEY_ID], "bad id '%s': dotted lower-case words, e.g. secrets.openai-api-key", id);
        id = NULL;
    }
    if (!id) return false;
    r->id = xstrdup(id);
    ok &= parse_items(ld, rs->val[KEY_ITEM], r);
    const char *s = scalar(ld, rs->val[KEY_EFFECT], "effect");
    if (s && !effect_from_name(s, &r->effect)) {
        ERR_AT(ld, rs->val[KEY_EFFECT], "bad effect '%s' (supports, violates, informs)", s);
        ok = false;
    }
    ok &= s != NULL;
    s = scalar(ld, rs->val[KEY_SEVERITY], "severity");
    if (s && !severity_from_name(s, &r->severity)) {
        ERR_AT(ld, rs->val[KEY_SEVERITY], "bad severity '%s' (blocker, warning, info)", s);
        ok = false;
    }
    ok &= s != NULL;
    if (rs->val[KEY_SEV_TESTS]) {
        s = scalar(ld, rs->val[KEY_SEV_TESTS], "severity_in_tests");
        if (s && !severity_from_name(s, &r->test_severity)) {
            ERR_AT(ld, rs->val[KEY_SEV_TESTS], "bad severity_in_tests '%s' (blocker, warning, info)", s);
            s = NULL;
        }
        r->has_test_severity = s != NULL;
        ok &= s != NULL;
    }
    ok &= load_strength(ld, rs, r);
    ok &= load_escalation(ld, rs, r);
    ok &= load_switches_off(ld, rs, r);
    s = nonempty(ld, rs->val[KEY_MESSAGE], "message");
    if (s) r->message = xstrdup(s);
    ok &= s != NULL;
    if (rs->val[KEY_REMEDIATION]) {
        s = nonempty(ld, rs->val[KEY_REMEDIATION], "remediation");
        if (s) r->remediation = xstrdup(s);
        ok &= s != NULL;
    } else if (r->effect == EFFECT_VIOLATES) {
        ERR_AT(ld, rs->map, "missing required key 'remediation' (required when effect is violates)");
        ok = false;
    }
    if (rs->val[KEY_LANGUAGES]) ok &= parse_languages(ld, rs->val[KEY_LANGUAGES], r);
    if (rs->val[KEY_FILES]) ok &= parse_globs(ld, rs->val[KEY_FILES], "files", &r->files);
    if (rs->val[KEY_EXCLUDE]) ok &= parse_globs(ld, rs->val[KEY_EXCLUDE], "exclude", &r->exclude);
    if (rs->val[KEY_KEYWORDS]) ok &= str_or_list(ld, rs->val[KEY_KEYWORDS], "keywords", &r->keywords);
    return ok;
}

static pcre2_code *compile_at(const loader *ld, const yaml_node_t *n, const char *key,
                              uint32_t options);

/* file_contains / file_not_contains: one regex each, over the whole file. */
static bool parse_file_conditions(const loader *ld, const rule_src *rs, rule *r)
{
    bool ok = true;
    if (rs->val[KEY_FILE_CONTAINS]) {
        r->file_contains = compile_at(ld, rs->val[KEY_FILE_CONTAINS], "file_contains", PCRE2_MULTILINE);
        ok &= r->file_contains != NULL;
    }
    if (rs->val[KEY_FILE_NOT_CONTAINS]) {
        r->file_not_contains = compile_at(ld, rs->val[KEY_FILE_NOT_CONTAINS], "file_not_contains", PCRE2_MULTILINE);
        ok &= r->file_not_contains != NULL;
    }
    return ok;
}

/* --- matchers -------------------------------------------------------------------- */

static bool query_text(const loader *ld, const yaml_node_t *n, const char *key, query_src *out)
{
    const char *text = nonempty(ld, n, key);
    if (!text) return false;
    out->text = xstrdup(text);
    pos_of(ld, n, &out->pos);
    return true;
}

/* The texts are compiled later, all rules of a language together (rules_query.c). */
static bool parse_query_rule(const loader *ld, const rule_src *rs, rule *r)
{
    if (!r->has_langs) {
        ERR_AT(ld, rs->map, "missing required key 'languages' (query rules)");
        return false;
    }
    if (rs->val[KEY_CAPTURE]) {
        const char *c = nonempty(ld, rs->val[KEY_CAPTURE], "capture");
        if (!c) return false;
        r->capture = xstrdup(c[0] == '@' ? c + 1 : c);
    }
    bool ok = query_text(ld, rs->val[KEY_QUERY], "query", &r->query[ROLE_MATCH]);
    if (rs->val[KEY_INSIDE]) ok &= query_text(ld, rs->val[KEY_INSIDE], "inside", &r->query[ROLE_INSIDE]);
    if (rs->val[KEY_NOT_INSIDE])
        ok &= query_text(ld, rs->val[KEY_NOT_INSIDE], "not_inside", &r->query[ROLE_NOT_INSIDE]);
    return ok;
}

static pcre2_code *compile_at(const loader *ld, const yaml_node_t *n, const char *key,
                              uint32_t options)
{
    const char *text = nonempty(ld, n, key);
    if (!text) return NULL;
    text_pos at;
    pos_of(ld, n, &at);
    return rules_compile_regex(text, options, &at, key, ld->e);
}

static uint32_t capture_count(const pcre2_code *re)
{
    uint32_t n = 0;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
    return n;
}

/* owns_prefixes: prefixes of the rule's own token format, each one of its keywords (so
 * the prefilter already finds it); only on a provider-specific secret rule. */
static bool parse_owned_prefixes(const loader *ld, const rule_src *rs, rule *r)
{
    const yaml_node_t *n = rs->val[KEY_OWNS_PREFIXES];
    if (!str_or_list(ld, n, "owns_prefixes", &r->owned_prefixes)) return false;
    if (!r->secret || r->fallback) {
        ERR_AT(ld, n, "'owns_prefixes' applies to secret rules that are not fallback rules");
        return false;
    }
    for (size_t i = 0; i < r->owned_prefixes.len; i++) {
        const char *p = r->owned_prefixes.items[i];
        bool kw = false;
        for (size_t k = 0; k < r->keywords.len && !kw; k++) kw = strcasecmp(r->keywords.items[k], p) == 0;
        if (!kw || strlen(p) < 3) {
            ERR_AT(ld, n, "owns_prefixes: '%s' must be one of the rule's keywords (3 characters or more)", p);
            return false;
        }
    }
    return true;
}

static bool parse_regex_extras(const loader *ld, const rule_src *rs, rule *r)
{
    bool ok = true;
    if (rs->val[KEY_SECRET_GROUP]) {
        const char *s = scalar(ld, rs->val[KEY_SECRET_GROUP], "secret_group");
        long v;
        if (s && (!parse_long(s, &v) || v < 0 || (uint32_t)v > capture_count(r->re))) {
            ERR_AT(ld, rs->val[KEY_SECRET_GROUP], "'secret_group' must name a group of the regex (0..%u)",
                   capture_count(r->re));
            ok = false;
        } else if (s) {
            r->secret_group = (uint32_t)v;
        } else ok = false;
    }
    if (rs->val[KEY_ENTROPY]) {
        const char *s = scalar(ld, rs->val[KEY_ENTROPY], "entropy");
        char *end = NULL;
        double v = s ? strtod(s, &end) : -1;
        if (!s || end == s || *end || v < 0 || v > 8) {
            ERR_AT(ld, rs->val[KEY_ENTROPY], "'entropy' must be a number of bits per character, 0..8");
            ok = false;
        } else r->entropy = v;
    }
    if (rs->val[KEY_SECRET]) {
        const char *s = scalar(ld, rs->val[KEY_SECRET], "secret");
        if (!s || !parse_bool(s, &r->secret)) {
            ERR_AT(ld, rs->val[KEY_SECRET], "'secret' must be true or false");
            ok = false;
        }
    }
    if (rs->val[KEY_FALLBACK]) {
        const char *s = scalar(ld, rs->val[KEY_FALLBACK], "fallback");
        if (!s || !parse_bool(s, &r->fallback)) {
            ERR_AT(ld, rs->val[KEY_FALLBACK], "'fallback' must be true or false");
            ok = false;
        } else if (r->fallback && !r->secret) {
            ERR_AT(ld, rs->val[KEY_FALLBACK], "'fallback' applies to secret rules (add secret: true)");
            ok = false;
        }
    }
    if (rs->val[KEY_LOCAL_TARGET]) {
        const char *s = scalar(ld, rs->val[KEY_LOCAL_TARGET], "local_target");
        if (!s || !parse_bool(s, &r->local_target)) {
            ERR_AT(ld, rs->val[KEY_LOCAL_TARGET], "'local_target' must be true or false");
            ok = false;
        } else if (r->local_target && !r->secret) {
            ERR_AT(ld, rs->val[KEY_LOCAL_TARGET], "'local_target' applies to secret rules (add secret: true)");
            ok = false;
        }
    }
    if (rs->val[KEY_CHECKSUM]) {
        const char *s = scalar(ld, rs->val[KEY_CHECKSUM], "checksum");
        r->checksum = s ? secret_checksum_parse(s) : SECRET_CHECKSUM_NONE;
        if (r->checksum == SECRET_CHECKSUM_NONE) {
            ERR_AT(ld, rs->val[KEY_CHECKSUM], "'checksum' must name a token checksum scheme (%s)",
                   secret_checksum_names());
            ok = false;
        } else if (!r->secret) {
            ERR_AT(ld, rs->val[KEY_CHECKSUM], "'checksum' applies to secret rules (add secret: true)");
            ok = false;
        }
    }
    if (rs->val[KEY_OWNS_PREFIXES]) ok &= parse_owned_prefixes(ld, rs, r);
    if (rs->val[KEY_KEYWORD_LINE]) {
        const char *s = scalar(ld, rs->val[KEY_KEYWORD_LINE], "keyword_line");
        if (!s || !parse_bool(s, &r->keyword_line)) {
            ERR_AT(ld, rs->val[KEY_KEYWORD_LINE], "'keyword_line' must be true or false");
            ok = false;
        } else if (r->keyword_line && !rs->val[KEY_KEYWORDS]) {
            ERR_AT(ld, rs->val[KEY_KEYWORD_LINE], "'keyword_line' needs keywords");
            ok = false;
        }
    }
    if (rs->val[KEY_ALLOW]) {
        const yaml_node_t *n = rs->val[KEY_ALLOW];
        if (n->type == YAML_SCALAR_NODE) {
            pcre2_code *re = compile_at(ld, n, "allow", 0);
            if (re) VEC_PUSH(&r->allow, re);
            else ok = false;
        } else if (n->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
                pcre2_code *re = compile_at(ld, node_of(ld, *it), "allow", 0);
                if (re) VEC_PUSH(&r->allow, re);
                else ok = false;
            }
        } else {
            ERR_AT(ld, n, "'allow' must be a regex or a list of regexes");
            ok = false;
        }
    }
    return ok;
}

static bool parse_regex_rule(const loader *ld, const rule_src *rs, rule *r)
{
    bool ok = true;
    if (!r->has_langs && r->files.len == 0) {
        ERR_AT(ld, rs->map, "a regex rule needs 'languages' or 'files' (files: ['*'] for every file)");
        ok = false;
    }
    /* with keywords the pattern runs only from the lines holding one (an offset limit);
     * after a PCRE2 limit, line by line (match_regex.c): every rule needs offset limits */
    r->re = compile_at(ld, rs->val[KEY_REGEX], "regex", PCRE2_MULTILINE | PCRE2_USE_OFFSET_LIMIT);
    if (!r->re) return false;
    return parse_regex_extras(ld, rs, r) && ok;
}

static bool parse_path_rule(const loader *ld, const rule_src *rs, rule *r)
{
    bool ok = parse_globs(ld, rs->val[KEY_PATH], "path", &r->paths);
    if (rs->val[KEY_CONTAINS]) {
        r->re = compile_at(ld, rs->val[KEY_CONTAINS], "contains", PCRE2_MULTILINE);
        ok &= r->re != NULL;
    }
    return ok;
}

static bool parse_package_rule(const loader *ld, const rule_src *rs, rule *r)
{
    bool ok = str_or_list(ld, rs->val[KEY_PACKAGE], "package", &r->packages);
    if (rs->val[KEY_ECOSYSTEM]) {
        const char *s = scalar(ld, rs->val[KEY_ECOSYSTEM], "ecosystem");
        if (!s || (strcmp(s, "pypi") && strcmp(s, "npm"))) {
            ERR_AT(ld, rs->val[KEY_ECOSYSTEM], "'ecosystem' must be pypi or npm");
            return false;
        }
        r->ecosystem = xstrdup(s);
    }
    if (ok && rs->val[KEY_VERSIONS]) {
        str_list ranges = {0};
        ok = str_or_list(ld, rs->val[KEY_VERSIONS], "versions", &ranges);
        for (size_t i = 0; ok && i < ranges.len; i++) {
            ver_range vr = {0};
            const char *why = NULL;
            if (!rules_parse_range(ranges.items[i], &vr, &why)) {
                ERR_AT(ld, rs->val[KEY_VERSIONS], "bad version range '%s': %s", ranges.items[i], why);
                ok = false;
            }
            VEC_PUSH(&r->versions, vr); /* pushed even when bad, so rule_free releases it */
        }
        for (size_t i = 0; i < ranges.len; i++) free(ranges.items[i]);
        VEC_FREE(&ranges);
    }
    /* with no ecosystem the name is compared per dependency (see match_packages) */
    if (ok && r->ecosystem && !strcmp(r->ecosystem, "pypi"))
        for (size_t i = 0; i < r->packages.len; i++) rules_normalize_pypi(r->packages.items[i]);
    return ok;
}

/* --- tests ----------------------------------------------------------------------- */

static lang lang_of_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return LANG_NONE;
    dot++;
    if (!strcmp(dot, "py") || !strcmp(dot, "pyi")) return LANG_PYTHON;
    if (!strcmp(dot, "js") || !strcmp(dot, "mjs") || !strcmp(dot, "cjs") || !strcmp(dot, "jsx"))
        return LANG_JAVASCRIPT;
    if (!strcmp(dot, "ts") || !strcmp(dot, "mts") || !strcmp(dot, "cts")) return LANG_TYPESCRIPT;
    if (!strcmp(dot, "tsx")) return LANG_TSX;
    return LANG_NONE;
}

static lang first_lang(const rule *r)
{
    for (int l = 1; l < LANG_COUNT; l++)
        if (r->langs[l]) return (lang)l;
    return LANG_NONE;
}

static bool case_keys_ok(const loader *ld, const yaml_node_t *map, const char *const *allowed)
{
    bool ok = true;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_of(ld, p->key);
        const char *name = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?";
        bool known = false;
        for (const char *const *a = allowed; *a; a++) known |= !strcmp(*a, name);
        if (!known) { ERR_AT(ld, k, "unknown key '%s' in a test case", name); ok = false; }
    }
    return ok;
}

static const char *case_get(const loader *ld, const yaml_node_t *map, const char *key, bool *ok)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_of(ld, p->key);
        if (k->type != YAML_SCALAR_NODE || strcmp((const char *)k->data.scalar.value, key)) continue;
        const char *v = scalar(ld, node_of(ld, p->value), key);
        if (!v) *ok = false;
        return v;
    }
    return NULL;
}

static bool code_case(const loader *ld, const yaml_node_t *n, const rule *r, rule_case *c)
{
    static const char *const allowed[] = {"code", "language", "path", NULL};
    const char *code = NULL, *language = NULL, *path = NULL;
    bool ok = true;
    if (n->type == YAML_SCALAR_NODE) code = (const char *)n->data.scalar.value;
    else {
        ok = case_keys_ok(ld, n, allowed);
        code = case_get(ld, n, "code", &ok);
        language = case_get(ld, n, "language", &ok);
        path = case_get(ld, n, "path", &ok);
        if (ok && !code) { ERR_AT(ld, n, "test case has no 'code'"); return false; }
    }
    if (!ok) return false;
    c->code = xstrdup(code);
    c->path = path ? xstrdup(path) : NULL;
    if (language) {
        c->lang = lang_from_name(language);
        if (c->lang == LANG_NONE) { ERR_AT(ld, n, "unknown language '%s' in a test case", language); return false; }
    } else if (path) {
        c->lang = lang_of_path(path);
    } else if (r->has_langs) {
        c->lang = first_lang(r);
    } else {
        ERR_AT(ld, n, "a test case of a rule without 'languages' needs a path: {code: ..., path: ...}");
        return false;
    }
    if (r->kind == RULE_QUERY && (c->lang == LANG_NONE || !r->langs[c->lang])) {
        ERR_AT(ld, n, "test case language '%s' is not among the rule's languages", lang_name(c->lang));
        return false;
    }
    return true;
}

static bool path_case(const loader *ld, const yaml_node_t *n, rule_case *c)
{
    static const char *const allowed[] = {"path", "code", NULL};
    bool ok = true;
    const char *path = NULL, *code = "";
    if (n->type == YAML_SCALAR_NODE) path = (const char *)n->data.scalar.value;
    else {
        ok = case_keys_ok(ld, n, allowed);
        path = case_get(ld, n, "path", &ok);
        const char *cd = case_get(ld, n, "code", &ok);
        if (cd) code = cd;
    }
    if (ok && (!path || !*path)) { ERR_AT(ld, n, "test case has no 'path'"); return false; }
    if (!ok) return false;
    c->path = xstrdup(path);
    c->code = xstrdup(code);
    c->lang = lang_of_path(path);
    return true;
}

static bool package_case(const loader *ld, const yaml_node_t *n, const rule *r, rule_case *c)
{
    static const char *const allowed[] = {"package", "ecosystem", "spec", NULL};
    bool ok = true;
    const char *pkg = NULL, *eco = NULL, *spec = "";
    if (n->type == YAML_SCALAR_NODE) pkg = (const char *)n->data.scalar.value;
    else {
        ok = case_keys_ok(ld, n, allowed);
        pkg = case_get(ld, n, "package", &ok);
        eco = case_get(ld, n, "ecosystem", &ok);
        const char *sp = case_get(ld, n, "spec", &ok);
        if (sp) spec = sp;
    }
    if (ok && (!pkg || !*pkg)) { ERR_AT(ld, n, "test case has no 'package'"); return false; }
    if (!ok) return false;
    if (!eco) eco = r->ecosystem ? r->ecosystem : "pypi";
    if (strcmp(eco, "pypi") && strcmp(eco, "npm")) {
        ERR_AT(ld, n, "test case ecosystem must be pypi or npm");
        return false;
    }
    c->package = xstrdup(pkg);
    c->ecosystem = xstrdup(eco);
    c->spec = xstrdup(spec);
    return true;
}

static bool parse_case_list(const loader *ld, const yaml_node_t *n, rule *r, rule_case_list *out)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        ERR_AT(ld, n, "test cases must be a list");
        return false;
    }
    bool ok = true;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *cn = node_of(ld, *it);
        if (cn->type != YAML_SCALAR_NODE && cn->type != YAML_MAPPING_NODE) {
            ERR_AT(ld, cn, "a test case is a string or a mapping");
            ok = false;
            continue;
        }
        rule_case c = {0};
        c.line = line_of(cn);
        bool good = r->kind == RULE_PATH ? path_case(ld, cn, &c)
                  : r->kind == RULE_PACKAGE ? package_case(ld, cn, r, &c)
                  : code_case(ld, cn, r, &c);
        VEC_PUSH(out, c); /* pushed even when bad, so rule_free releases it */
        ok &= good;
    }
    return ok;
}

static bool parse_tests(const loader *ld, const yaml_node_t *n, rule *r)
{
    if (n->type != YAML_MAPPING_NODE) {
        ERR_AT(ld, n, "'tests' must be a mapping with 'match' and 'no_match' lists");
        return false;
    }
    bool ok = true;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_of(ld, p->key);
        const char *name = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?";
        if (!strcmp(name, "match")) ok &= parse_case_list(ld, node_of(ld, p->value), r, &r->cases_match);
        else if (!strcmp(name, "no_match")) ok &= parse_case_list(ld, node_of(ld, p->value), r, &r->cases_no_match);
        else { ERR_AT(ld, k, "unknown key '%s' in tests (match, no_match)", name); ok = false; }
    }
    return ok;
}

/* --- files ----------------------------------------------------------------------- */

static void parse_rule(loader *ld, const yaml_node_t *map)
{
    if (map->type != YAML_MAPPING_NODE) {
        ERR_AT(ld, map, "each entry of 'rules' must be a mapping");
        return;
    }
    rule_src rs;
    rule r = {0};
    r.file = xstrdup(ld->file);
    r.line = line_of(map);
    bool ok = collect_keys(ld, map, &rs);
    ok = pick_kind(ld, &rs, &r.kind) && ok;
    ok = ok && parse_common(ld, &rs, &r);
    if (ok) {
        switch (r.kind) {
        case RULE_QUERY: ok = parse_query_rule(ld, &rs, &r); break;
        case RULE_REGEX: ok = parse_regex_rule(ld, &rs, &r); break;
        case RULE_PATH: ok = parse_path_rule(ld, &rs, &r); break;
        default: ok = parse_package_rule(ld, &rs, &r); break;
        }
        ok = parse_file_conditions(ld, &rs, &r) && ok;
    }
    if (ok && rs.val[KEY_TESTS]) ok = parse_tests(ld, rs.val[KEY_TESTS], &r);
    for (int i = 0; i < ROLE_COUNT; i++) r.query[i].pos.file = r.file; /* outlives the loader */
    if (ok) VEC_PUSH(ld->out, r);
    else rule_free(&r);
}

static bool date_valid(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != sizeof shape - 1) return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]) return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void parse_document(loader *ld)
{
    yaml_node_t *root = yaml_document_get_root_node(ld->doc);
    if (!root) {
        rules_error(ld->e, ld->file, 0, 0, "empty rule file (expected a mapping with 'rules:')");
        return;
    }
    if (root->type != YAML_MAPPING_NODE) {
        ERR_AT(ld, root, "a rule file is a mapping with a 'rules:' list");
        return;
    }
    const yaml_node_t *list = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_of(ld, p->key);
        const char *name = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?";
        if (!strcmp(name, "last_reviewed")) {
            /* when a curated data file (e.g. known-vulnerable versions) was last checked */
            const yaml_node_t *v = node_of(ld, p->value);
            if (v->type != YAML_SCALAR_NODE || !date_valid((const char *)v->data.scalar.value))
                ERR_AT(ld, v, "'last_reviewed' must be a date, YYYY-MM-DD");
            continue;
        }
        if (strcmp(name, "rules")) {
            ERR_AT(ld, k, "unknown top-level key '%s' (only 'rules' and 'last_reviewed')", name);
            continue;
        }
        list = node_of(ld, p->value);
    }
    if (!list) {
        ERR_AT(ld, root, "missing top-level key 'rules'");
        return;
    }
    if (list->type != YAML_SEQUENCE_NODE) {
        ERR_AT(ld, list, "'rules' must be a list of rules");
        return;
    }
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++)
        parse_rule(ld, node_of(ld, *it));
}

static void load_yaml_text(const char *name, const char *text, size_t len, rule_list *out,
                           rules_errors *e)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    size_t dl, dc;
    if (!yamlguard_depth_ok(text, len, BOUNDS_YAML_MAX_DEPTH, &dl, &dc)) {
        rules_error(e, name, (uint32_t)dl, (uint32_t)dc, "nested deeper than %d levels", BOUNDS_YAML_MAX_DEPTH);
        yaml_parser_delete(&parser);
        return;
    }
    if (!yaml_parser_load(&parser, &doc)) {
        const char *ctx = parser.context ? parser.context : "";
        rules_error(e, name, (uint32_t)parser.problem_mark.line + 1, (uint32_t)parser.problem_mark.column + 1,
                    "bad YAML: %s%s%s", parser.problem ? parser.problem : "parse error",
                    *ctx ? " " : "", ctx);
        yaml_parser_delete(&parser);
        return;
    }
    loader ld = {e, name, text, &doc, out};
    parse_document(&ld);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

/* A rule file, read whole up to BOUNDS_RULE_FILE_MAX_BYTES; NULL with *too_large or errno. */
static char *read_file(const char *path, size_t *len, bool *too_large)
{
    *too_large = false;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = {0};
    readcap_status st = readcap_stream(f, BOUNDS_RULE_FILE_MAX_BYTES, &b);
    int read_errno = errno;
    fclose(f);
    errno = read_errno;
    if (st != READCAP_OK) {
        *too_large = st == READCAP_TOO_LARGE;
        return NULL;
    }
    *len = b.len;
    return buf_take(&b);
}

static bool is_rule_file(const char *name)
{
    size_t n = strlen(name);
    bool yml = (n > 4 && !strcmp(name + n - 4, ".yml")) || (n > 5 && !strcmp(name + n - 5, ".yaml"));
    return yml && strcmp(name, "checklist.yaml") && strcmp(name, "checklist.yml") &&
           !strstr(name, ".test.") && name[0] != '.';
}

/* A rule file found: its name in messages, and for a repository's rules its path
 * beneath the scanned root (read through fsafe), else NULL (read by name). */
typedef struct rule_file {
    char *name;
    char *rel;
} rule_file;
typedef VEC(rule_file) rule_file_list;

static int cmp_rule_file(const void *a, const void *b)
{
    return strcmp(((const rule_file *)a)->name, ((const rule_file *)b)->name);
}

static void push_rule_file(rule_file_list *out, char *name, char *rel)
{
    rule_file f = {name, rel};
    VEC_PUSH(out, f);
}

static void find_rule_files(const char *dir, rule_file_list *out, rules_errors *e)
{
    DIR *d = opendir(dir);
    if (!d) {
        rules_error(e, dir, 0, 0, "cannot read rules folder: %s", strerror(errno));
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        buf p = {0};
        buf_printf(&p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p.data, &st) != 0) { buf_free(&p); continue; }
        /* rules/sdks holds the SDK catalog of the call-site analysis (calls_catalog_load), not rules */
        if (S_ISDIR(st.st_mode) && strcmp(de->d_name, "sdks") != 0) find_rule_files(p.data, out, e);
        else if (S_ISREG(st.st_mode) && is_rule_file(de->d_name)) { push_rule_file(out, buf_take(&p), NULL); continue; }
        buf_free(&p);
    }
    closedir(d);
}

/* --- rules folders of the scanned repository --------------------------------------- */

/* A repository's rules folder is read like every repository file (fsafe.h): beneath the
 * root, never through a symlink. A link in it is an error; nothing it points to is read. */
enum { REPO_RULES_MAX_DEPTH = 16 };

typedef struct repo_walk {
    const fsafe_root *fs;
    rule_file_list *out;
    rules_errors *e;
} repo_walk;

static void find_repo_rule_files(const repo_walk *rw, int dirfd, const char *name, const char *rel, int depth)
{
    if (depth > REPO_RULES_MAX_DEPTH) {
        rules_error(rw->e, name, 0, 0, "rules folder nested deeper than %d levels", REPO_RULES_MAX_DEPTH);
        return;
    }
    int lfd = dup(dirfd);
    DIR *d = lfd < 0 ? NULL : fdopendir(lfd);
    if (!d) {
        rules_error(rw->e, name, 0, 0, "cannot read rules folder: %s", strerror(errno));
        if (lfd >= 0) close(lfd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        buf p = {0}, r = {0};
        buf_printf(&p, "%s/%s", name, de->d_name);
        buf_printf(&r, "%s/%s", rel, de->d_name);
        struct stat st;
        fsafe_error fe;
        int fd;
        if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            /* gone since it was listed */
        } else if (S_ISLNK(st.st_mode)) {
            fsafe_error link = {FSAFE_SYMLINK, 0};
            rules_error(rw->e, p.data, 0, 0, "not loaded: %s", fsafe_strerror(&link));
        } else if (S_ISDIR(st.st_mode)) {
            if ((fd = fsafe_openat(dirfd, de->d_name, FSAFE_DIR, &fe)) < 0) {
                rules_error(rw->e, p.data, 0, 0, "cannot read rules folder: %s", fsafe_strerror(&fe));
            } else {
                find_repo_rule_files(rw, fd, p.data, r.data, depth + 1);
                close(fd);
            }
        } else if (S_ISREG(st.st_mode) && is_rule_file(de->d_name)) {
            push_rule_file(rw->out, buf_take(&p), buf_take(&r));
        }
        buf_free(&p);
        buf_free(&r);
    }
    closedir(d);
}

/* The rules folders the repository's .aiready.yml names (checked there; again here). */
static void find_repo_rules(const fsafe_root *fs, const rules_repo *repo, rule_file_list *out, rules_errors *e)
{
    repo_walk rw = {fs, out, e};
    for (size_t i = 0; i < repo->n; i++) {
        buf name = {0};
        buf_printf(&name, "%s/%s", repo->root, repo->dirs[i]);
        fsafe_error fe;
        int fd = fsafe_open(fs, repo->dirs[i], FSAFE_DIR, &fe);
        if (fd < 0) {
            rules_error(e, name.data, 0, 0, "cannot read the repository's rules folder: %s", fsafe_strerror(&fe));
        } else {
            find_repo_rule_files(&rw, fd, name.data, repo->dirs[i], 0);
            close(fd);
        }
        buf_free(&name);
    }
}

static char *read_repo_file(const fsafe_root *fs, const char *rel, size_t *len, const char **why,
                            bool *too_large)
{
    fsafe_error fe;
    int fd = fsafe_open(fs, rel, FSAFE_FILE, &fe);
    if (fd < 0) {
        *why = fsafe_strerror(&fe);
        return NULL;
    }
    bool truncated = false;
    char *text = fsafe_read_fd(fd, BOUNDS_RULE_FILE_MAX_BYTES, len, &truncated);
    if (!text) *why = strerror(errno);
    else if (truncated) {
        free(text);
        *too_large = true;
        return NULL;
    }
    return text;
}

/* --- the rule set ---------------------------------------------------------------- */

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const rule *)a)->id, ((const rule *)b)->id);
}

static void check_duplicates(ruleset *rs, rules_errors *e)
{
    for (size_t i = 1; i < rs->rules.len; i++) {
        const rule *a = &rs->rules.items[i - 1], *b = &rs->rules.items[i];
        if (strcmp(a->id, b->id) == 0)
            rules_error(e, b->file, b->line, 0, "duplicate rule id '%s' (also at %s:%u)",
                        b->id, a->file, a->line);
    }
}

static bool listed(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], id)) return true;
    return false;
}

/* Every id names a rule, or one sel->also_known accepts (kept in *other). */
static void check_select(const ruleset *rs, const rules_select *sel, const char *const *ids, size_t n,
                         const char *opt, str_list *other, rules_errors *e)
{
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < rs->rules.len && !found; k++) found = !strcmp(rs->rules.items[k].id, ids[i]);
        if (found) continue;
        if (sel->also_known && sel->also_known(ids[i])) VEC_PUSH(other, xstrdup(ids[i]));
        else rules_error(e, opt, 0, 0, "no rule with id '%s'", ids[i]);
    }
}

static void apply_select(ruleset *rs, const rules_select *sel, rules_errors *e)
{
    if (!sel) return;
    check_select(rs, sel, sel->only, sel->n_only, "--only", &rs->only_other, e);
    check_select(rs, sel, sel->disable, sel->n_disable, "--disable", &rs->disable_other, e);
    rs->only_given = sel->n_only > 0;
    if (e->count) return;
    uint32_t *map = xcalloc(rs->rules.len + 1, sizeof *map);
    size_t w = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        rule *r = &rs->rules.items[i];
        bool keep = (sel->n_only == 0 || listed(r->id, sel->only, sel->n_only)) &&
                    !listed(r->id, sel->disable, sel->n_disable);
        map[i] = keep ? (uint32_t)w : NO_RULE;
        if (keep) rs->rules.items[w++] = *r;
        else {
            VEC_PUSH(&rs->dropped, xstrdup(r->id));
            rule_free(r);
        }
    }
    rs->rules.len = w;
    /* the dropped rules' patterns stay in the compiled queries, ignored */
    rules_queries_remap(rs, map);
    free(map);
}

static uint32_t ovector_of(const pcre2_code *re)
{
    uint32_t n = 0;
    if (re) pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
    return n + 1;
}

static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

static uint32_t query_ovector(const lang_query *lq)
{
    uint32_t m = 1;
    for (uint32_t k = 0; k < lq->n_patterns; k++)
        for (size_t u = 0; u < lq->pats[k].len; u++)
            for (size_t i = 0; i < lq->pats[k].items[u].preds.len; i++)
                m = max_u32(m, ovector_of(lq->pats[k].items[u].preds.items[i].re));
    return m;
}

/* Shared read-only state: keyword automaton, ovector size, languages in use. */
static void finish(ruleset *rs)
{
    rs->pf = prefilter_new();
    rs->max_ovector = 1;
    for (size_t i = 0; i < rs->rules.len; i++) {
        rule *r = &rs->rules.items[i];
        r->n_kw = r->keywords.len;
        r->kw_ids = xcalloc(r->n_kw ? r->n_kw : 1, sizeof *r->kw_ids);
        for (size_t k = 0; k < r->n_kw; k++)
            r->kw_ids[k] = prefilter_add(rs->pf, r->keywords.items[k], strlen(r->keywords.items[k]));
        rs->max_ovector = max_u32(rs->max_ovector, ovector_of(r->re));
        for (size_t k = 0; k < r->allow.len; k++) rs->max_ovector = max_u32(rs->max_ovector, ovector_of(r->allow.items[k]));
        if (r->file_contains) rs->max_ovector = max_u32(rs->max_ovector, ovector_of(r->file_contains));
        if (r->file_not_contains) rs->max_ovector = max_u32(rs->max_ovector, ovector_of(r->file_not_contains));
        for (size_t k = 0; k < r->owned_prefixes.len; k++) VEC_PUSH(&rs->owned_prefixes, r->owned_prefixes.items[k]);
    }
    for (int l = 1; l < LANG_COUNT; l++) rs->max_ovector = max_u32(rs->max_ovector, query_ovector(&rs->lq[l]));
    rules_queries_add_words(rs);
    prefilter_build(rs->pf);
    rules_queries_build_gates(rs);
    for (size_t i = 0; i < rs->rules.len; i++) /* regex keywords: where they are matters */
        if (rs->rules.items[i].kind == RULE_REGEX)
            for (size_t k = 0; k < rs->rules.items[i].n_kw; k++) rs->positional[rs->rules.items[i].kw_ids[k]] = 1;
}

static ruleset *conclude(ruleset *rs, const rules_select *sel, rules_errors *e, char **err)
{
    if (rs->rules.len) qsort(rs->rules.items, rs->rules.len, sizeof *rs->rules.items, cmp_rule);
    /* every check runs, so one start-up names every broken rule */
    check_duplicates(rs, e);
    rules_build_queries(rs, e);
    if (e->count == 0) apply_select(rs, sel, e);
    if (e->count) {
        if (e->count > 1) buf_printf(&e->text, "%zu errors in rule files\n", e->count);
        *err = buf_take(&e->text);
        rules_free(rs);
        return NULL;
    }
    buf_free(&e->text);
    finish(rs);
    *err = NULL;
    return rs;
}

ruleset *rules_load(const char *const *dirs, size_t n, const rules_select *sel, char **err)
{
    return rules_load_with_repo(dirs, n, NULL, sel, err);
}

ruleset *rules_load_with_repo(const char *const *dirs, size_t n, const rules_repo *repo,
                              const rules_select *sel, char **err)
{
    ruleset *rs = xcalloc(1, sizeof *rs);
    rules_errors e = {0};
    rule_file_list found = {0};
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(dirs[i], &st) != 0) rules_error(&e, dirs[i], 0, 0, "no such rules folder");
        else if (S_ISDIR(st.st_mode)) find_rule_files(dirs[i], &found, &e);
        else push_rule_file(&found, xstrdup(dirs[i]), NULL);
    }
    int sys = 0;
    fsafe_root *fs = repo && repo->n ? fsafe_root_open(repo->root, 0, &sys) : NULL;
    if (repo && repo->n && !fs) rules_error(&e, repo->root, 0, 0, "cannot read the repository: %s", strerror(sys));
    if (fs) find_repo_rules(fs, repo, &found, &e);
    if (found.len) qsort(found.items, found.len, sizeof *found.items, cmp_rule_file);
    for (size_t i = 0; i < found.len; i++) {
        const rule_file *f = &found.items[i];
        VEC_PUSH(&rs->files, f->name);
        size_t len;
        const char *why = NULL;
        bool too_large = false;
        char *text = f->rel ? read_repo_file(fs, f->rel, &len, &why, &too_large) : read_file(f->name, &len, &too_large);
        if (!text) {
            char size[32];
            if (too_large)
                rules_error(&e, f->name, 0, 0, "larger than %s; not read",
                            readcap_size_name(BOUNDS_RULE_FILE_MAX_BYTES, size));
            else
                rules_error(&e, f->name, 0, 0, "cannot read: %s", why ? why : strerror(errno));
        } else {
            load_yaml_text(f->name, text, len, &rs->rules, &e);
            free(text);
        }
        free(f->rel);
    }
    VEC_FREE(&found);
    fsafe_root_close(fs);
    return conclude(rs, sel, &e, err);
}

ruleset *rules_load_text(const char *name, const char *yaml, const rules_select *sel, char **err)
{
    ruleset *rs = xcalloc(1, sizeof *rs);
    rules_errors e = {0};
    load_yaml_text(name, yaml, strlen(yaml), &rs->rules, &e);
    return conclude(rs, sel, &e, err);
}

void rules_free(ruleset *rs)
{
    if (!rs) return;
    VEC_FREE(&rs->owned_prefixes); /* borrowed from the rules */
    for (size_t i = 0; i < rs->rules.len; i++) rule_free(&rs->rules.items[i]);
    VEC_FREE(&rs->rules);
    for (size_t i = 0; i < rs->files.len; i++) free(rs->files.items[i]);
    VEC_FREE(&rs->files);
    str_list *lists[] = {&rs->dropped, &rs->only_other, &rs->disable_other};
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
        for (size_t i = 0; i < lists[k]->len; i++) free(lists[k]->items[i]);
        VEC_FREE(lists[k]);
    }
    rules_queries_free(rs);
    free(rs->positional);
    prefilter_free(rs->pf);
    free(rs);
}

bool rules_knows(const ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->rules.len; i++)
        if (!strcmp(rs->rules.items[i].id, id)) return true;
    for (size_t i = 0; i < rs->dropped.len; i++)
        if (!strcmp(rs->dropped.items[i], id)) return true;
    return false;
}

static bool in_list(const str_list *l, const char *id)
{
    for (size_t i = 0; i < l->len; i++)
        if (!strcmp(l->items[i], id)) return true;
    return false;
}

bool rules_selected(const ruleset *rs, const char *id)
{
    if (!rs->only_given && !rs->disable_other.len && !rs->dropped.len) return true; /* no selection */
    if (in_list(&rs->dropped, id)) return false;
    if (rules_has_id(rs, id)) return true;
    if (rs->only_given && !in_list(&rs->only_other, id)) return false;
    return !in_list(&rs->disable_other, id);
}

bool rules_disable_names(const ruleset *rs, const char *id)
{
    return in_list(&rs->disable_other, id);
}

size_t rules_count(const ruleset *rs)
{
    return rs->rules.len;
}

void rules_info(const ruleset *rs, size_t i, rule_info *out)
{
    const rule *r = &rs->rules.items[i];
    out->id = r->id;
    out->items = r->items;
    out->n_items = r->n_items;
    out->effect = r->effect;
    out->severity = r->severity;
    out->indicates = r->indicates;
    out->message = r->message;
    out->remediation = r->remediation;
    out->kind = rule_kind_name(r->kind);
    out->file = r->file;
    out->line = r->line;
}

static const rule *rule_by_id(const ruleset *rs, const char *id)
{
    size_t lo = 0, hi = rs->rules.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(rs->rules.items[mid].id, id);
        if (c == 0) return &rs->rules.items[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static bool same_place(const finding *a, const finding *b, bool whole_file)
{
    if (!a->file || !b->file || strcmp(a->file, b->file) != 0) return false;
    return whole_file || (a->line && a->line == b->line);
}

/* A supporting finding at the place of a violation that switches it off only indicates:
 * `rateLimit({ max: maxCount })` where maxCount is 0 unless a variable is set limits
 * nothing (LABELLING: "an option whose value switches the feature off"). */
static void mark_switched_off(const ruleset *rs, finding *f, size_t n, size_t v)
{
    const rule *r = rule_by_id(rs, f[v].rule);
    if (!r || !r->switches_off) return;
    for (size_t i = 0; i < n; i++) {
        if (i == v || f[i].effect != EFFECT_SUPPORTS || f[i].indicates || !f[i].rule) continue;
        if (!same_place(&f[i], &f[v], r->switches_off_file) || !glob_match(r->switches_off, f[i].rule)) continue;
        f[i].indicates = true;
        buf m = {0};
        if (r->switches_off_file)
            buf_printf(&m, "%s (switched off in this file: %s at line %u)", f[i].message ? f[i].message : "", f[v].rule,
                       f[v].line);
        else
            buf_printf(&m, "%s (switched off here: %s)", f[i].message ? f[i].message : "", f[v].rule);
        free(f[i].message);
        f[i].message = buf_take(&m);
    }
}

void rules_mark_strength(const ruleset *rs, finding *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!f[i].rule || f[i].effect != EFFECT_SUPPORTS) continue;
        const rule *r = rule_by_id(rs, f[i].rule);
        if (r && r->indicates) f[i].indicates = true;
    }
    for (size_t v = 0; v < n; v++)
        if (f[v].rule && f[v].effect == EFFECT_VIOLATES) mark_switched_off(rs, f, n, v);
}

bool rules_has_id(const ruleset *rs, const char *id)
{
    return id && rule_by_id(rs, id) != NULL;
}
