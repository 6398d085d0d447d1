/* fuzz_ignore: .gitignore semantics (ignore.c, over glob.c with gitignore flags).
 *
 * Input: named files (fuzz_util.h). What a file does depends on its name:
 *   DIR/.gitignore   its content is added as that folder's .gitignore ("" for the root)
 *   DIR/-pattern     each line is added with ignore_add_pattern in DIR
 *   -exclude         each line is added as a command-line --exclude pattern
 *   anything else    its path, and each line of its content, are asked about, as a file
 *                    and as a folder (the first 24 questions)
 * After the questions the pattern stack is cut back to where it stood after the first
 * file (ignore_mark / ignore_truncate), as the walker does on leaving a folder, and the
 * questions are asked again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Calls fn on each line of text (the text is modified: newlines become NULs). */
static void each_line(char *text, void (*fn)(ignore_set *, const char *, const char *), ignore_set *s,
                      const char *dir)
{
    for (char *line = text; line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        fn(s, dir, line);
        line = nl ? nl + 1 : NULL;
    }
}

static void add_pattern(ignore_set *s, const char *dir, const char *line) { ignore_add_pattern(s, dir, line); }
static void add_exclude(ignore_set *s, const char *dir, const char *line) { (void)dir; ignore_add_exclude(s, line); }
/* Questions per pass: more make each input slower without reaching new code. */
enum { MAX_QUESTIONS = 24 };
static size_t asked;

static void ask(ignore_set *s, const char *dir, const char *line)
{
    (void)dir;
    if (asked++ >= MAX_QUESTIONS) return;
    ignore_match(s, line, false);
    ignore_match(s, line, true);
}

static void add_file(ignore_set *s, fz_file *f)
{
    char *slash = strrchr(f->path, '/');
    const char *name = slash ? slash + 1 : f->path;
    if (slash) *slash = '\0';
    const char *dir = slash ? f->path : "";
    if (!strcmp(name, ".gitignore")) ignore_add_file(s, dir, f->text, f->len);
    else if (!strcmp(name, "-pattern")) each_line(f->text, add_pattern, s, dir);
    else if (!strcmp(name, "-exclude") && !slash) each_line(f->text, add_exclude, s, dir);
    if (slash) *slash = '/';
}

static bool is_question(const fz_file *f)
{
    const char *slash = strrchr(f->path, '/');
    const char *name = slash ? slash + 1 : f->path;
    return strcmp(name, ".gitignore") && strcmp(name, "-pattern") && strcmp(f->path, "-exclude");
}

static void ask_all(ignore_set *s, const fz_files *fs)
{
    asked = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (!is_question(&fs->f[i])) continue;
        ask(s, "", fs->f[i].path);
        char *copy = fz_strndup((const uint8_t *)fs->f[i].text, fs->f[i].len);
        each_line(copy, ask, s, "");
        free(copy);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_files fs;
    fz_files_split(data, size, &fs);
    ignore_set *s = ignore_new();
    size_t mark = 0;
    for (size_t i = 0; i < fs.n; i++) {
        add_file(s, &fs.f[i]);
        if (i == 0) mark = ignore_mark(s);
    }
    ask_all(s, &fs);
    ignore_truncate(s, mark);
    ask_all(s, &fs);
    ignore_free(s);
    fz_files_free(&fs);
    return 0;
}
