/* fuzz_config: loading and checking `.aiready.yml` (config.c): YAML shape, keys, dates,
 * owners, attestation evidence (files read and matched against the checklist's keywords)
 * and waivers.
 *
 * Input: named files (fuzz_util.h). The first is the configuration, written into a
 * scratch root as `.aiready.yaml` when its path says so and as `.aiready.yml` otherwise;
 * the others are written at their paths, so attestations can name evidence the input
 * provides. The root also holds a folder `tools/aiready-rules` for `rules:` to name.
 * Today is fixed (2026-11-01), and the keywords are the shipped checklist's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "fuzz_util.h"
#include "glob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *root;
static config_keywords_store keywords;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    root = fz_tmpdir("config");
    char *checklist = malloc(strlen(fz_rules_dir()) + 32);
    sprintf(checklist, "%s/checklist.yaml", fz_rules_dir());
    char *err = NULL;
    if (config_keywords_load(checklist, &keywords, &err) != 0) {
        fprintf(stderr, "fuzz_config: %s\n", err);
        abort();
    }
    free(checklist);
    if (!fz_write_file(root, "tools/aiready-rules/.keep", "", 0)) abort();
    return 0;
}

/* Touches what the scan reads of a loaded configuration. */
static void use(const aiready_config *c)
{
    for (size_t i = 0; i < c->n_exclude; i++) glob_match(c->exclude[i], "src/app.py");
    for (size_t i = 0; i < c->n_waivers; i++) {
        const waiver *w = &c->waivers[i];
        if (!w->rule || (!w->valid && !w->invalid_reason)) abort();
        if (w->path) glob_match(w->path, "src/app.py");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    const char *name = strcmp(fs.f[0].path, ".aiready.yaml") ? ".aiready.yml" : ".aiready.yaml";
    fz_write_file(root, name, fs.f[0].text, fs.f[0].len);
    bool written[FZ_MAX_FILES] = {true};
    for (size_t i = 1; i < fs.n; i++) written[i] = fz_write_file(root, fs.f[i].path, fs.f[i].text, fs.f[i].len);

    aiready_config c;
    char *err = NULL;
    if (config_load_with(root, "2026-11-01", &keywords.kw, &c, &err) == 0) {
        use(&c);
        config_free(&c);
    } else if (!err) {
        abort(); /* config.h: a failure always says why */
    }
    free(err);

    for (size_t i = fs.n; i-- > 1;)
        if (written[i]) fz_remove_file(root, fs.f[i].path);
    fz_remove_file(root, name);
    fz_files_free(&fs);
    return 0;
}
