/* fuzz_manifest: the manifest and lockfile readers (manifest*.c, lockfile_*.c, pep508.c,
 * and the TOML / JSON / YAML readers under them), then manifest_resolve over what they
 * read, as the repository stage joins declared dependencies to locked versions.
 *
 * Input: up to four named files (fuzz_util.h). A path whose name is a manifest or lockfile
 * (requirements.txt, pyproject.toml, package-lock.json, ...) is read as that; any other
 * path is read as one of the kinds, picked by a hash of the path, so every reader gets
 * inputs even when the mutated name no longer says which one is meant.
 *
 * Checks beyond the sanitizers: every entry carries its name and ecosystem, and an
 * include (-r / -c / file:) never leaves the scanned root. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_file(const fz_file *f, manifest_result *r)
{
    manifest_kind k = manifest_kind_of(f->path);
    if (k == MANIFEST_NONE) k = (manifest_kind)(1 + fz_hash(f->path) % (MANIFEST_KIND_COUNT - 1));
    manifest_parse_as(k, f->path, f->text, f->len, r);
}

static bool escapes_root(const char *p)
{
    if (p[0] == '/') return true;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.') return true;
        s += n;
        if (*s) s++;
    }
    return false;
}

static void check(const manifest_result *r)
{
    for (size_t i = 0; i < r->deps.len; i++) {
        const dependency *d = &r->deps.items[i];
        if (!d->name || !d->ecosystem || !d->spec || !d->file) abort();
    }
    for (size_t i = 0; i < r->locks.len; i++) {
        const lock_entry *e = &r->locks.items[i];
        if (!e->name || !e->ecosystem || !e->version || !e->file) abort();
    }
    for (size_t i = 0; i < r->includes.len; i++)
        if (escapes_root(r->includes.items[i].path)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    manifest_result r = {0};
    for (size_t i = 0; i < fs.n; i++) read_file(&fs.f[i], &r);
    check(&r);
    manifest_resolve(&r.deps, r.locks.items, r.locks.len);
    manifest_result_free(&r);
    fz_files_free(&fs);
    return 0;
}
