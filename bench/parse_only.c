/* parse_only: the floor for aiready's per-file work. Reads each file of a list (one path
 * per line, relative to ROOT) and parses it with tree-sitter, single-threaded, nothing
 * else: no walk, no classification beyond the extension, no line index, no UTF-8 check.
 * Built by bench/run.sh against build/deps/libts.a.
 *
 * With THREADS > 1 the list is shared by that many threads, each with its own parsers,
 * taking the next file from one counter: `parse_only ROOT LIST 2` against
 * `parse_only ROOT LIST 1` is the two-thread ceiling of this machine for parsing.
 *
 * usage: parse_only ROOT LIST [THREADS]     prints: files, bytes, trees with errors */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

enum { L_NONE = -1, L_PY, L_JS, L_TS, L_TSX, L_COUNT };

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The same extensions aiready parses (analyzer/classify.c). */
static int lang_of(const char *path)
{
    static const struct { const char *ext; int lang; } exts[] = {
        {".py", L_PY}, {".pyi", L_PY}, {".js", L_JS}, {".mjs", L_JS}, {".cjs", L_JS},
        {".jsx", L_JS}, {".ts", L_TS}, {".mts", L_TS}, {".cts", L_TS}, {".tsx", L_TSX},
    };
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (ends_with(path, exts[i].ext)) return exts[i].lang;
    return L_NONE;
}

static char *read_file(int dirfd, const char *path, size_t *len)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size, n = 0;
    char *data = malloc(cap + 1);
    ssize_t r;
    while (data && n < cap && (r = read(fd, data + n, cap - n)) > 0) n += (size_t)r;
    close(fd);
    if (data) data[n] = '\0';
    *len = n;
    return data;
}

struct work {
    int dirfd;
    char **paths;
    size_t npaths;
    atomic_size_t next;
    atomic_size_t files, with_errors;
    atomic_ullong bytes;
};

static void *parse_worker(void *arg)
{
    struct work *w = arg;
    const TSLanguage *langs[L_COUNT] = {tree_sitter_python(), tree_sitter_javascript(),
                                        tree_sitter_typescript(), tree_sitter_tsx()};
    TSParser *parsers[L_COUNT];
    for (int l = 0; l < L_COUNT; l++) {
        parsers[l] = ts_parser_new();
        ts_parser_set_language(parsers[l], langs[l]);
    }
    for (;;) {
        size_t i = atomic_fetch_add(&w->next, 1);
        if (i >= w->npaths) break;
        int l = lang_of(w->paths[i]);
        if (l == L_NONE) continue;
        size_t len;
        char *text = read_file(w->dirfd, w->paths[i], &len);
        if (!text) continue;
        TSTree *tree = ts_parser_parse_string(parsers[l], NULL, text, (uint32_t)len);
        if (tree) {
            if (ts_node_has_error(ts_tree_root_node(tree))) atomic_fetch_add(&w->with_errors, 1);
            ts_tree_delete(tree);
        }
        free(text);
        atomic_fetch_add(&w->files, 1);
        atomic_fetch_add(&w->bytes, len);
    }
    for (int l = 0; l < L_COUNT; l++) ts_parser_delete(parsers[l]);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: parse_only ROOT LIST [THREADS]\n");
        return 2;
    }
    int threads = argc == 4 ? atoi(argv[3]) : 1;
    if (threads < 1 || threads > 64) threads = 1;
    int dirfd = open(argv[1], O_RDONLY | O_DIRECTORY);
    FILE *list = fopen(argv[2], "r");
    if (dirfd < 0 || !list) {
        perror("parse_only");
        return 2;
    }
    struct work w = {.dirfd = dirfd};
    size_t cap = 0;
    char line[4096];
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line) continue;
        if (w.npaths == cap) {
            cap = cap ? 2 * cap : 1024;
            w.paths = realloc(w.paths, cap * sizeof *w.paths);
            if (!w.paths) return 2;
        }
        w.paths[w.npaths++] = strdup(line);
    }
    fclose(list);
    pthread_t tid[64];
    for (int t = 1; t < threads; t++) pthread_create(&tid[t], NULL, parse_worker, &w);
    parse_worker(&w);
    for (int t = 1; t < threads; t++) pthread_join(tid[t], NULL);
    close(dirfd);
    for (size_t i = 0; i < w.npaths; i++) free(w.paths[i]);
    free(w.paths);
    printf("files %zu bytes %llu with_errors %zu\n", (size_t)w.files, (unsigned long long)w.bytes,
           (size_t)w.with_errors);
    return 0;
}
