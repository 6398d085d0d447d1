/* fuzz_ci: the CI configuration analysis (ci.c over libyaml): GitHub Actions workflows,
 * GitLab CI and CircleCI configurations, jobs, steps, schedules and the findings made
 * from them.
 *
 * Input: one named file (fuzz_util.h). A path that names a CI configuration
 * (.github/workflows/x.yml, .gitlab-ci.yml, .circleci/config.yml) is read as that system's;
 * any other path is replaced by one of those three, picked by a hash of the path.
 *
 * Checks beyond the sanitizers: each finding is whole (rule, message, file, snippet,
 * fingerprint), and its line is a line of the file as the rest of aiready counts lines
 * (libyaml also breaks lines at a lone CR, NEL, LS and PS; a finding once named a later
 * line than the one it meant, or one past the end of the file: the reproducer
 * fuzz/regressions/ci/cr-line-breaks guards the fix). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ci_paths[] = {".github/workflows/ci.yml", ".gitlab-ci.yml", ".circleci/config.yml"};

static void check(const finding_list *fl, const source *src)
{
    for (size_t i = 0; i < fl->len; i++) {
        const finding *f = &fl->items[i];
        if (!f->rule || !f->message || !f->file || !f->snippet || !f->fingerprint) abort();
        if (f->line < 1 || f->line > src->n_lines) {
            fprintf(stderr, "fuzz_ci: %s finding at line %u of a %u-line file\n", f->rule, f->line, src->n_lines);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    const char *path = fs.f[0].path;
    if (ci_kind_of(path) == CI_NONE) path = ci_paths[fz_hash(path) % 3];
    source src;
    source_init_text(&src, path, LANG_NONE, fs.f[0].text, fs.f[0].len);
    src.cls = CLASS_CONFIG;
    finding_list fl = {0};
    ci_analyze(&src, &fl);
    check(&fl, &src);
    finding_list_free(&fl);
    source_free(&src);
    fz_files_free(&fs);
    return 0;
}
