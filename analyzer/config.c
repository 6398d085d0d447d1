/* config: .aiready.yml at the scanned root, read with libyaml and checked (config.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "bounds.h"
#include "buf.h"
#include "config.h"
#include "fsafe.h"
#include "readcap.h"
#include "rules.h"
#include "yamlguard.h"

enum { EVIDENCE_MAX_BYTES = 4 << 20, EVIDENCE_MAX_FILES = 200, EVIDENCE_MAX_DEPTH = 4 };

typedef struct loader {
    const char *file;  /* name shown in messages */
    yaml_document_t *doc;
    buf errors;
    size_t n_errors;
    const fsafe_root *fs; /* the scanned root, for the checks of `rules` folders */
} loader;

static yaml_node_t *node_at(const loader *ld, int idx) { return yaml_document_get_node(ld->doc, idx); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static uint32_t line_of(const yaml_node_t *n) { return (uint32_t)n->start_mark.line + 1; }

static void err_at(loader *ld, const yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_at(loader *ld, const yaml_node_t *n, const char *fmt, ...)
{
    buf_printf(&ld->errors, "%s:%u:%u: ", ld->file, n ? line_of(n) : 0, n ? (uint32_t)n->start_mark.column + 1 : 0);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&ld->errors, fmt, ap);
    va_end(ap);
    buf_putc(&ld->errors, '\n');
    ld->n_errors++;
}

/* Iterates a mapping's pairs, reporting non-string and duplicate keys. */
typedef struct pair_ref {
    const char *key;
    const yaml_node_t *key_node, *value;
} pair_ref;

static size_t pairs_of(loader *ld, const yaml_node_t *map, pair_ref *out, size_t max)
{
    size_t n = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node_at(ld, p->key);
        const char *name = scalar(k);
        if (!name) { err_at(ld, k, "keys must be strings"); continue; }
        bool dup = false;
        for (size_t i = 0; i < n && !dup; i++) dup = !strcmp(out[i].key, name);
        if (dup) { err_at(ld, k, "duplicate key '%s'", name); continue; }
        if (n == max) { err_at(ld, k, "unknown key '%s'", name); continue; }
        out[n].key = name;
        out[n].key_node = k;
        out[n].value = node_at(ld, p->value);
        n++;
    }
    return n;
}

static bool known(const char *key, const char *const *allowed)
{
    for (const char *const *a = allowed; *a; a++)
        if (!strcmp(*a, key)) return true;
    return false;
}

static void list_allowed(buf *b, const char *const *allowed)
{
    for (const char *const *a = allowed; *a; a++) buf_printf(b, "%s%s", a == allowed ? "" : ", ", *a);
}

static void unknown_key(loader *ld, const pair_ref *p, const char *where, const char *const *allowed)
{
    buf b = {0};
    list_allowed(&b, allowed);
    err_at(ld, p->key_node, "unknown key '%s' in %s (known: %s)", p->key, where, b.data);
    buf_free(&b);
}

static const char *string_value(loader *ld, const pair_ref *p)
{
    const char *s = scalar(p->value);
    if (!s) err_at(ld, p->value, "'%s' must be a string", p->key);
    return s;
}

static bool parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes")) { *out = true; return true; }
    if (!strcmp(s, "false") || !strcmp(s, "no")) { *out = false; return true; }
    return false;
}

static bool rule_id_valid(const char *id)
{
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

/* A list of non-empty strings (a single string is a list of one), with the line of each
 * entry in *lines (for the report's view of the configuration). */
static char **string_list(loader *ld, const pair_ref *p, size_t *n, uint32_t **lines)
{
    *n = 0;
    VEC(char *) v = {0};
    VEC(uint32_t) at = {0};
    if (scalar(p->value)) {
        if (!*scalar(p->value)) err_at(ld, p->value, "'%s' is empty", p->key);
        else { VEC_PUSH(&v, xstrdup(scalar(p->value))); VEC_PUSH(&at, line_of(p->value)); }
    } else if (p->value->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = p->value->data.sequence.items.start; it < p->value->data.sequence.items.top; it++) {
            const yaml_node_t *e = node_at(ld, *it);
            const char *s = scalar(e);
            if (!s || !*s) { err_at(ld, e, "'%s' entries must be non-empty strings", p->key); continue; }
            VEC_PUSH(&v, xstrdup(s));
            VEC_PUSH(&at, line_of(e));
        }
    } else {
        err_at(ld, p->value, "'%s' must be a list of strings", p->key);
    }
    *n = v.len;
    *lines = at.items;
    return v.items;
}

/* --- dates and owners ------------------------------------------------------------ */

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

bool config_parse_date(const char *s, int *ymd)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return false;
    *ymd = y * 10000 + m * 100 + d;
    return true;
}

static int add_months(int ymd, int months)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    if (d > days_in(y, m)) d = days_in(y, m);
    return y * 10000 + m * 100 + d;
}

static void fmt_date(int ymd, char out[16])
{
    snprintf(out, 16, "%04d-%02d-%02d", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

static bool ci_equal(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

bool config_owner_is_placeholder(const char *owner)
{
    if (!owner) return true;
    while (isspace((unsigned char)*owner)) owner++;
    size_t n = strlen(owner);
    while (n && isspace((unsigned char)owner[n - 1])) n--;
    if (n == 0) return true;
    char *o = xstrndup(owner, n);
    static const char *const words[] = {"todo", "tbd", "tba", "me", "myself", "someone", "somebody", "owner",
                                        "name", "your name", "n/a", "na", "none", "nobody", "unknown",
                                        "team", "the team", "admin", "user", "?", "-", NULL};
    bool bad = false;
    for (const char *const *w = words; *w && !bad; w++) bad = ci_equal(o, *w);
    /* TODO/TBD anywhere, a run of x's, a <...> hole without an address in it */
    for (char *p = o; *p; p++) *p = (char)tolower((unsigned char)*p);
    if (strstr(o, "todo") || strstr(o, "tbd") || strstr(o, "fixme") || strstr(o, "xxx") || strstr(o, "changeme"))
        bad = true;
    for (const char *lt = strchr(o, '<'); lt && !bad; lt = strchr(lt + 1, '<')) {
        const char *gt = strchr(lt, '>');
        if (!gt || !memchr(lt, '@', (size_t)(gt - lt))) bad = true;
    }
    if (!bad && (strstr(o, "example.com") || strstr(o, "example.org") || strstr(o, "example.net") ||
                 strstr(o, ".example>") || (n > 8 && !strcmp(o + strlen(o) - 8, ".example")) || strstr(o, "@example")))
        bad = true;
    free(o);
    return bad;
}

/* --- evidence -------------------------------------------------------------------- */

static bool is_url(const char *s) { return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7); }

static bool path_escapes(const char *p)
{
    if (p[0] == '/' || p[0] == '\\') return true;
    const char *s = p;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') return true;
        if (!e) break;
        s = e + 1;
    }
    return false;
}

/* Whether the file fd, or any file under the folder fd, matches re. Takes fd. Entries
 * are opened beneath it (fsafe_openat): a link in the evidence folder is not followed. */
static bool mentions(int fd, const pcre2_code *re, pcre2_match_data *md, int depth, int *budget)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || *budget <= 0) { close(fd); return false; }
    if (S_ISREG(st.st_mode)) {
        (*budget)--;
        size_t len = 0;
        char *text = fsafe_read_fd(fd, EVIDENCE_MAX_BYTES, &len, NULL);
        if (!text) return false;
        bool hit = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL) >= 0;
        free(text);
        return hit;
    }
    int lfd = S_ISDIR(st.st_mode) && depth <= EVIDENCE_MAX_DEPTH ? dup(fd) : -1;
    DIR *d = lfd < 0 ? NULL : fdopendir(lfd);
    if (!d) {
        if (lfd >= 0) close(lfd);
        close(fd);
        return false;
    }
    /* sorted, so the budget is spent the same way every run */
    VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') VEC_PUSH(&names, xstrdup(de->d_name));
    closedir(d);
    for (size_t i = 1; i < names.len; i++)
        for (size_t k = i; k > 0 && strcmp(names.items[k - 1], names.items[k]) > 0; k--) {
            char *t = names.items[k];
            names.items[k] = names.items[k - 1];
            names.items[k - 1] = t;
        }
    bool hit = false;
    for (size_t i = 0; i < names.len; i++) {
        if (!hit) {
            fsafe_error e;
            int child = fsafe_openat(fd, names.items[i], FSAFE_ANY, &e);
            if (child >= 0) hit = mentions(child, re, md, depth + 1, budget);
        }
        free(names.items[i]);
    }
    VEC_FREE(&names);
    close(fd);
    return hit;
}

typedef struct checker {
    const fsafe_root *fs; /* the scanned root: evidence is read beneath it only */
    int today;
    const config_keywords *kw;
} checker;

static void add_reason(buf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(buf *why, const char *fmt, ...)
{
    if (why->len) buf_puts(why, "; ");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(why, fmt, ap);
    va_end(ap);
}

/* owner, date and expiry: shared by attestations and waivers. */
static void check_dates(const checker *ck, const char *owner, const char *date, const char *expires,
                        bool expires_required, buf *why)
{
    if (config_owner_is_placeholder(owner))
        add_reason(why, owner && *owner ? "owner '%s' is a placeholder, not a named person" : "no owner%s",
                   owner && *owner ? owner : "");
    int d = 0, e = 0;
    char s[16];
    if (!date || !*date) add_reason(why, "no date");
    else if (!config_parse_date(date, &d)) add_reason(why, "date '%s' is not a date (YYYY-MM-DD)", date);
    else if (d > ck->today) add_reason(why, "date %s is in the future", date);
    if (!expires || !*expires) {
        if (expires_required) add_reason(why, "no expiry date");
        else if (d) {
            /* without an explicit expiry an attestation lasts 12 months */
            e = add_months(d, 12);
            if (ck->today > e) { fmt_date(e, s); add_reason(why, "expired on %s (12 months after its date)", s); }
        }
        return;
    }
    if (!config_parse_date(expires, &e)) { add_reason(why, "expiry '%s' is not a date (YYYY-MM-DD)", expires); return; }
    if (d && e < d) add_reason(why, "expires (%s) before its date (%s)", expires, date);
    else if (d && e > add_months(d, 12)) add_reason(why, "expiry %s is more than 12 months after the date %s", expires, date);
    if (ck->today > e) add_reason(why, "expired on %s", expires);
}

static void check_attestation(const checker *ck, attestation *a)
{
    buf why = {0};
    check_dates(ck, a->owner, a->date, a->expires, false, &why);
    a->evidence_checked = false;
    if (a->not_applicable && (!a->reason || !*a->reason)) add_reason(&why, "not_applicable needs a reason");
    if (!a->not_applicable && (!a->evidence || !*a->evidence))
        add_reason(&why, "no evidence (a repository path or an https URL)");
    if (a->evidence && *a->evidence && !is_url(a->evidence)) {
        if (path_escapes(a->evidence)) {
            add_reason(&why, "evidence '%s' is not a path inside the repository", a->evidence);
        } else {
            fsafe_error fe = {FSAFE_SYSTEM, ENOENT};
            int fd = ck->fs ? fsafe_open(ck->fs, a->evidence, FSAFE_ANY, &fe) : -1;
            if (fd < 0 && fe.status == FSAFE_SYSTEM && (fe.sys == ENOENT || fe.sys == ENOTDIR)) {
                add_reason(&why, "evidence %s does not exist in the repository", a->evidence);
            } else if (fd < 0) {
                add_reason(&why, "evidence %s cannot be read: %s", a->evidence, fsafe_strerror(&fe));
            } else if (!a->not_applicable && ck->kw && ck->kw->pattern[a->item]) {
                int ec;
                PCRE2_SIZE eo;
                const char *pat = ck->kw->pattern[a->item];
                pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &ec, &eo, NULL);
                if (re) {
                    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
                    int budget = EVIDENCE_MAX_FILES;
                    if (mentions(fd, re, md, 0, &budget)) a->evidence_checked = true;
                    else add_reason(&why, "evidence %s does not mention what item %d is about (/%s/)", a->evidence, a->item, pat);
                    fd = -1; /* mentions closed it */
                    pcre2_match_data_free(md);
                    pcre2_code_free(re);
                }
            }
            if (fd >= 0) close(fd);
        }
    }
    a->valid = why.len == 0;
    a->invalid_reason = why.len ? buf_take(&why) : NULL;
    buf_free(&why);
}

static void check_waiver(const checker *ck, waiver *w)
{
    buf why = {0};
    check_dates(ck, w->owner, w->date, w->expires, true, &why);
    if (!w->reason || !*w->reason) add_reason(&why, "no reason (the compensating control)");
    w->valid = why.len == 0;
    w->invalid_reason = why.len ? buf_take(&why) : NULL;
    buf_free(&why);
}

/* --- sections -------------------------------------------------------------------- */

static void parse_attestation(loader *ld, const yaml_node_t *n, aiready_config *c, const uint32_t *seen_line)
{
    static const char *const allowed[] = {"item", "owner", "date", "expires", "evidence", "note",
                                          "not_applicable", "reason", NULL};
    if (n->type != YAML_MAPPING_NODE) { err_at(ld, n, "each attestation is a mapping (item, owner, date, ...)"); return; }
    pair_ref ps[16];
    size_t np = pairs_of(ld, n, ps, 16);
    attestation a = {0};
    a.line = line_of(n);
    a.file = xstrdup(ld->file);
    bool ok = true, have_item = false;
    for (size_t i = 0; i < np; i++) {
        const pair_ref *p = &ps[i];
        if (!known(p->key, allowed)) { unknown_key(ld, p, "an attestation", allowed); ok = false; continue; }
        const char *s = string_value(ld, p);
        if (!s) { ok = false; continue; }
        if (!strcmp(p->key, "item")) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || *end || v < 1 || v > CONFIG_ITEMS) {
                err_at(ld, p->value, "'item' must be a checklist item number 1..%d (got '%s')", CONFIG_ITEMS, s);
                ok = false;
            } else {
                a.item = (int)v;
                have_item = true;
            }
        } else if (!strcmp(p->key, "not_applicable")) {
            if (!parse_bool(s, &a.not_applicable)) { err_at(ld, p->value, "'not_applicable' must be true or false"); ok = false; }
        } else {
            char **slot = !strcmp(p->key, "owner") ? &a.owner : !strcmp(p->key, "date") ? &a.date
                        : !strcmp(p->key, "expires") ? &a.expires : !strcmp(p->key, "evidence") ? &a.evidence
                        : !strcmp(p->key, "note") ? &a.note : &a.reason;
            *slot = xstrdup(s);
        }
    }
    if (!have_item && ok) { err_at(ld, n, "attestation without 'item'"); ok = false; }
    if (ok && seen_line[a.item]) {
        err_at(ld, n, "item %d is attested twice (also at line %u)", a.item, seen_line[a.item]);
        ok = false;
    }
    if (!ok) {
        free(a.owner); free(a.date); free(a.expires); free(a.evidence); free(a.note); free(a.reason); free(a.file);
        return;
    }
    c->attestations = xrealloc(c->attestations, (c->n_attestations + 1) * sizeof *c->attestations);
    c->attestations[c->n_attestations++] = a;
}

static void parse_waiver(loader *ld, const yaml_node_t *n, aiready_config *c)
{
    static const char *const allowed[] = {"rule", "path", "fingerprint", "owner", "date", "expires", "reason", NULL};
    if (n->type != YAML_MAPPING_NODE) { err_at(ld, n, "each waiver is a mapping (rule, owner, date, expires, reason)"); return; }
    pair_ref ps[16];
    size_t np = pairs_of(ld, n, ps, 16);
    waiver w = {0};
    w.line = line_of(n);
    bool ok = true;
    for (size_t i = 0; i < np; i++) {
        const pair_ref *p = &ps[i];
        if (!known(p->key, allowed)) { unknown_key(ld, p, "a waiver", allowed); ok = false; continue; }
        const char *s = string_value(ld, p);
        if (!s) { ok = false; continue; }
        if (!strcmp(p->key, "rule") && !rule_id_valid(s)) {
            err_at(ld, p->value, "'rule' must be a rule id such as tls.python-verify-false (got '%s')", s);
            ok = false;
            continue;
        }
        if (!strcmp(p->key, "path") && strlen(s) > BOUNDS_GLOB_MAX_LEN) {
            err_at(ld, p->value, "'path' is a glob of at most %d bytes", BOUNDS_GLOB_MAX_LEN);
            ok = false;
            continue;
        }
        char **slot = !strcmp(p->key, "rule") ? &w.rule : !strcmp(p->key, "path") ? &w.path
                    : !strcmp(p->key, "fingerprint") ? &w.fingerprint : !strcmp(p->key, "owner") ? &w.owner
                    : !strcmp(p->key, "date") ? &w.date : !strcmp(p->key, "expires") ? &w.expires : &w.reason;
        *slot = xstrdup(s);
    }
    if (ok && !w.rule) { err_at(ld, n, "waiver without 'rule'"); ok = false; }
    if (!ok) {
        free(w.rule); free(w.path); free(w.fingerprint); free(w.owner); free(w.date); free(w.expires); free(w.reason);
        return;
    }
    if (w.path) w.path_glob = glob_compile(w.path, 0); /* once, not per finding (F25) */
    c->waivers = xrealloc(c->waivers, (c->n_waivers + 1) * sizeof *c->waivers);
    c->waivers[c->n_waivers++] = w;
}

/* A repository's rules folder is a folder of the repository: not an absolute path, not
 * above the root, not a symlink or a path through one (other folders: --rules). */
static void check_rules_folder(loader *ld, const yaml_node_t *at, const char *rel)
{
    fsafe_error e = {FSAFE_SYSTEM, ENOENT};
    int fd = ld->fs ? fsafe_open(ld->fs, rel, FSAFE_DIR, &e) : -1;
    if (fd >= 0) {
        close(fd);
        return;
    }
    if (e.status == FSAFE_SYSTEM && (e.sys == ENOENT || e.sys == ENOTDIR))
        err_at(ld, at, "rules folder '%s' does not exist", rel);
    else if (e.status == FSAFE_ESCAPE || e.status == FSAFE_SYMLINK)
        err_at(ld, at, "rules folder '%s' is not a folder inside the repository (%s); a folder elsewhere can be given with --rules",
               rel, e.status == FSAFE_ESCAPE ? "an absolute path or '..' above the root" : "it is a symlink or goes through one");
    else
        err_at(ld, at, "rules folder '%s' cannot be read: %s", rel, fsafe_strerror(&e));
}

static void parse_root(loader *ld, const yaml_node_t *root, const char *root_dir, aiready_config *c)
{
    static const char *const allowed[] = {"version", "exclude", "disable", "rules", "attestations", "waivers", NULL};
    if (root->type != YAML_MAPPING_NODE) { err_at(ld, root, "the configuration is a mapping (version, exclude, ...)"); return; }
    pair_ref ps[16];
    size_t np = pairs_of(ld, root, ps, 16);
    bool have_version = false;
    uint32_t seen[CONFIG_ITEMS + 1] = {0};
    for (size_t i = 0; i < np; i++) {
        const pair_ref *p = &ps[i];
        if (!known(p->key, allowed)) { unknown_key(ld, p, "the configuration", allowed); continue; }
        if (!strcmp(p->key, "version")) {
            const char *s = string_value(ld, p);
            have_version = true;
            if (s && strcmp(s, "1")) err_at(ld, p->value, "unsupported version '%s' (this aiready reads version 1)", s);
            else if (s) c->version = 1;
        } else if (!strcmp(p->key, "exclude")) {
            c->exclude = string_list(ld, p, &c->n_exclude, &c->exclude_line);
            for (size_t k = 0; k < c->n_exclude; k++)
                if (strlen(c->exclude[k]) > BOUNDS_GLOB_MAX_LEN)
                    err_at(ld, p->value, "'exclude' globs are at most %d bytes long", BOUNDS_GLOB_MAX_LEN);
        } else if (!strcmp(p->key, "disable")) {
            c->disable = string_list(ld, p, &c->n_disable, &c->disable_line);
            for (size_t k = 0; k < c->n_disable; k++)
                if (!rule_id_valid(c->disable[k]))
                    err_at(ld, p->value, "'disable' entries are rule ids such as ux.fallback-message (got '%s')", c->disable[k]);
        } else if (!strcmp(p->key, "rules")) {
            c->rules = string_list(ld, p, &c->n_rules, &c->rules_line);
            c->rules_abs = xcalloc(c->n_rules ? c->n_rules : 1, sizeof *c->rules_abs);
            for (size_t k = 0; k < c->n_rules; k++) {
                check_rules_folder(ld, p->value, c->rules[k]);
                buf b = {0};
                buf_printf(&b, "%s/%s", root_dir, c->rules[k]);
                c->rules_abs[k] = buf_take(&b);
            }
        } else if (!strcmp(p->key, "attestations") || !strcmp(p->key, "waivers")) {
            bool att = !strcmp(p->key, "attestations");
            if (p->value->type == YAML_SCALAR_NODE && !*scalar(p->value)) continue; /* "attestations:" left empty */
            if (p->value->type != YAML_SEQUENCE_NODE) { err_at(ld, p->value, "'%s' must be a list", p->key); continue; }
            for (yaml_node_item_t *it = p->value->data.sequence.items.start; it < p->value->data.sequence.items.top; it++) {
                if (att) {
                    size_t before = c->n_attestations;
                    parse_attestation(ld, node_at(ld, *it), c, seen);
                    if (c->n_attestations > before) seen[c->attestations[before].item] = c->attestations[before].line;
                } else {
                    parse_waiver(ld, node_at(ld, *it), c);
                }
            }
        }
    }
    if (!have_version) err_at(ld, root, "missing 'version: 1'");
}

/* --- entry points ---------------------------------------------------------------- */

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void config_free(aiready_config *c)
{
    if (!c) return;
    free(c->file);
    strv_free(c->exclude, c->n_exclude);
    strv_free(c->disable, c->n_disable);
    strv_free(c->rules, c->n_rules);
    strv_free(c->rules_abs, c->rules_abs ? c->n_rules : 0);
    free(c->exclude_line);
    free(c->disable_line);
    free(c->rules_line);
    for (size_t i = 0; i < c->n_attestations; i++) {
        attestation *a = &c->attestations[i];
        free(a->owner); free(a->date); free(a->expires); free(a->evidence); free(a->note); free(a->reason);
        free(a->invalid_reason); free(a->file);
    }
    free(c->attestations);
    for (size_t i = 0; i < c->n_waivers; i++) {
        waiver *w = &c->waivers[i];
        free(w->rule); free(w->path); free(w->fingerprint); free(w->owner); free(w->date); free(w->expires);
        free(w->reason); free(w->invalid_reason);
        glob_pat_free(w->path_glob);
    }
    free(c->waivers);
    memset(c, 0, sizeof *c);
}

static bool today_of(const char *today, int *ymd)
{
    if (today) return config_parse_date(today, ymd);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    *ymd = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return true;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether the root holds an entry called name, whatever it is (a link, a fifo: reading
 * it then fails with a clear error instead of the file being silently ignored). */
static bool present(const fsafe_root *fs, const char *name)
{
    struct stat st;
    return fstatat(fsafe_root_fd(fs), name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int fail_with(fsafe_root *fs, char **err, char *message)
{
    fsafe_root_close(fs);
    *err = message;
    return -1;
}

int config_load_with(const char *root, const char *today, const config_keywords *kw, aiready_config *out, char **err)
{
    memset(out, 0, sizeof *out);
    *err = NULL;
    checker ck = {NULL, 0, kw};
    if (!today_of(today, &ck.today)) {
        buf b = {0};
        buf_printf(&b, "config: today '%s' is not a date (YYYY-MM-DD)\n", today);
        *err = buf_take(&b);
        return -1;
    }
    int sys = 0;
    fsafe_root *fs = fsafe_root_open(root, 0, &sys);
    if (!fs) return 0; /* no readable root, no configuration: the scan says why */
    ck.fs = fs;
    static const char *const names[] = {".aiready.yml", ".aiready.yaml"};
    const char *name = NULL;
    for (int i = 0; i < 2; i++) {
        if (!present(fs, names[i])) continue;
        if (name) {
            buf b = {0};
            buf_printf(&b, "%s: both .aiready.yml and .aiready.yaml exist; keep one\n", names[1]);
            return fail_with(fs, err, buf_take(&b));
        }
        name = names[i];
    }
    if (!name) {
        fsafe_root_close(fs);
        return 0;
    }
    /* like every repository file: a regular file, not a link (N2), never blocking */
    fsafe_error fe;
    int fd = fsafe_open(fs, name, FSAFE_FILE, &fe);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fd >= 0 && !f) {
        fe.status = FSAFE_SYSTEM;
        fe.sys = errno;
        close(fd);
    }
    buf text = {0};
    readcap_status rs = f ? readcap_stream(f, BOUNDS_CONFIG_MAX_BYTES, &text) : READCAP_ERROR;
    int read_errno = errno;
    if (f) fclose(f);
    if (rs != READCAP_OK) {
        char size[32];
        buf b = {0};
        if (rs == READCAP_TOO_LARGE)
            buf_printf(&b, "%s: larger than %s; not read\n", name, readcap_size_name(BOUNDS_CONFIG_MAX_BYTES, size));
        else
            buf_printf(&b, "%s: cannot read: %s\n", name, f ? strerror(read_errno) : fsafe_strerror(&fe));
        buf_free(&text);
        return fail_with(fs, err, buf_take(&b));
    }
    loader ld = {name, NULL, {0}, 0, fs};
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)(text.data ? text.data : ""), text.len);
    out->file = xstrdup(name);
    size_t dl, dc;
    if (!yamlguard_depth_ok(text.data ? text.data : "", text.len, BOUNDS_YAML_MAX_DEPTH, &dl, &dc)) {
        buf_printf(&ld.errors, "%s:%zu:%zu: nested deeper than %d levels\n", name, dl, dc, BOUNDS_YAML_MAX_DEPTH);
        ld.n_errors++;
    } else if (!yaml_parser_load(&parser, &doc)) {
        buf_printf(&ld.errors, "%s:%zu:%zu: bad YAML: %s%s%s\n", name, parser.problem_mark.line + 1,
                   parser.problem_mark.column + 1, parser.problem ? parser.problem : "parse error",
                   parser.context ? " " : "", parser.context ? parser.context : "");
        ld.n_errors++;
    } else {
        ld.doc = &doc;
        yaml_node_t *rootn = yaml_document_get_root_node(&doc);
        if (!rootn) { buf_printf(&ld.errors, "%s:1:1: empty configuration (expected 'version: 1')\n", name); ld.n_errors++; }
        else parse_root(&ld, rootn, root, out);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    buf_free(&text);
    if (ld.n_errors) {
        if (ld.n_errors > 1) buf_printf(&ld.errors, "%zu errors in %s\n", ld.n_errors, name);
        config_free(out);
        return fail_with(fs, err, buf_take(&ld.errors));
    }
    buf_free(&ld.errors);
    for (size_t i = 0; i < out->n_attestations; i++) check_attestation(&ck, &out->attestations[i]);
    for (size_t i = 0; i < out->n_waivers; i++) check_waiver(&ck, &out->waivers[i]);
    fsafe_root_close(fs);
    return 0;
}

int config_load(const char *root, const char *today, aiready_config *out, char **err)
{
    config_keywords_store store;
    memset(&store, 0, sizeof store);
    char *dir = rules_default_dir();
    bool have = false;
    if (dir) {
        buf p = {0};
        buf_printf(&p, "%s/checklist.yaml", dir);
        char *kerr = NULL;
        if (exists(p.data)) have = config_keywords_load(p.data, &store, &kerr) == 0;
        free(kerr); /* a broken checklist is reported by the checklist stage */
        buf_free(&p);
        free(dir);
    }
    int rc = config_load_with(root, today, have ? &store.kw : NULL, out, err);
    config_keywords_free(&store);
    return rc;
}

/* --- keywords -------------------------------------------------------------------- */

int config_keywords_load(const char *path, config_keywords_store *store, char **err)
{
    memset(store, 0, sizeof *store);
    *err = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        buf b = {0};
        buf_printf(&b, "%s: cannot read: %s\n", path, strerror(errno));
        *err = buf_take(&b);
        return -1;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int rc = 0;
    if (!yaml_parser_load(&parser, &doc)) {
        buf b = {0};
        buf_printf(&b, "%s:%zu: bad YAML: %s\n", path, parser.problem_mark.line + 1, parser.problem ? parser.problem : "parse error");
        *err = buf_take(&b);
        rc = -1;
    } else {
        loader ld = {path, &doc, {0}, 0, NULL};
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        yaml_node_t *items = NULL;
        if (root && root->type == YAML_MAPPING_NODE)
            for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++)
                if (scalar(node_at(&ld, p->key)) && !strcmp(scalar(node_at(&ld, p->key)), "items")) items = node_at(&ld, p->value);
        if (items && items->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = items->data.sequence.items.start; it < items->data.sequence.items.top; it++) {
                yaml_node_t *item = node_at(&ld, *it);
                if (!item || item->type != YAML_MAPPING_NODE) continue;
                long id = 0;
                const char *kw = NULL;
                for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
                    const char *k = scalar(node_at(&ld, p->key)), *v = scalar(node_at(&ld, p->value));
                    if (!k || !v) continue;
                    if (!strcmp(k, "id")) id = strtol(v, NULL, 10);
                    else if (!strcmp(k, "attestation_keywords")) kw = v;
                }
                if (id >= 1 && id <= CONFIG_ITEMS && kw && *kw && !store->owned[id]) {
                    store->owned[id] = xstrdup(kw);
                    store->kw.pattern[id] = store->owned[id];
                }
            }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

void config_keywords_free(config_keywords_store *store)
{
    for (int i = 0; i <= CONFIG_ITEMS; i++) free(store->owned[i]);
    memset(store, 0, sizeof *store);
}
