/* gitdiff: changed lines from git (gitdiff.h). */
#include "gitdiff.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* "path" or a C-quoted "\"pa\\tth\"" as git writes names with unusual bytes. */
static char *unquote(const char *s, size_t n)
{
    if (n < 2 || s[0] != '"' || s[n - 1] != '"') return xstrndup(s, n);
    buf b = {0};
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        if (c != '\\' || i + 2 >= n) { buf_putc(&b, c); continue; }
        c = s[++i];
        if (c >= '0' && c <= '7' && i + 2 < n) {
            int v = (c - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0');
            buf_putc(&b, (char)v);
            i += 2;
        } else {
            buf_putc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'a' ? '\a' : c == 'b' ? '\b'
                             : c == 'f' ? '\f' : c == 'v' ? '\v' : c);
        }
    }
    if (!b.data) return xstrdup("");
    return buf_take(&b);
}

void gitdiff_parse(const char *text, size_t len, gitdiff *out)
{
    gitdiff_file *cur = NULL;
    for (size_t at = 0; at < len;) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + 1;
        if (n >= 6 && !strncmp(line, "+++ ", 4)) {
            cur = NULL;
            if (n >= 9 && !strncmp(line + 4, "/dev/null", 9)) continue;
            const char *p = line + 4;
            size_t m = n - 4;
            char *name = unquote(p, m);
            const char *rel = !strncmp(name, "b/", 2) ? name + 2 : name;
            gitdiff_file f = {xstrdup(rel), {0}};
            free(name);
            VEC_PUSH(&out->files, f);
            cur = &out->files.items[out->files.len - 1];
        } else if (cur && n > 3 && !strncmp(line, "@@ ", 3)) {
            /* @@ -a,b +c,d @@: d lines from c on the new side (d omitted: 1; 0: a deletion) */
            const char *plus = memchr(line, '+', n);
            if (!plus) continue;
            char *end;
            unsigned long c = strtoul(plus + 1, &end, 10), d = 1;
            if (*end == ',') d = strtoul(end + 1, NULL, 10);
            if (d == 0) continue;
            gitdiff_range r = {(uint32_t)c, (uint32_t)(c + d - 1)};
            VEC_PUSH(&cur->ranges, r);
        }
    }
}

/* The environment for git: ours without any GIT_* variable (GIT_DIR, GIT_EXTERNAL_DIFF...
 * would change what runs), plus the settings that keep it inert. */
static char **git_env(void)
{
    static const char *const add[] = {"GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0",
                                      "GIT_PAGER=cat", "LC_ALL=C"};
    size_t n = 0;
    for (char **e = environ; *e; e++) n++;
    char **env = xcalloc(n + sizeof add / sizeof *add + 1, sizeof *env);
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "GIT_", 4) && strncmp(*e, "LC_ALL=", 7)) env[k++] = *e;
    for (size_t i = 0; i < sizeof add / sizeof *add; i++) env[k++] = (char *)add[i];
    env[k] = NULL;
    return env;
}

int gitdiff_read(const char *root, const char *ref, bool staged, gitdiff *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (ref && ref[0] == '-') {
        buf m = {0};
        buf_printf(&m, "--diff takes a commit, not '%s'", ref);
        *err = buf_take(&m);
        return -1;
    }
    const char *argv[24];
    int a = 0;
    argv[a++] = "git";
    argv[a++] = "-C";
    argv[a++] = root;
    argv[a++] = "-c";
    argv[a++] = "core.fsmonitor=false";
    argv[a++] = "-c";
    argv[a++] = "core.quotePath=true";
    argv[a++] = "-c";
    argv[a++] = "diff.external=";
    argv[a++] = "diff";
    argv[a++] = "--no-ext-diff";
    argv[a++] = "--no-textconv";
    argv[a++] = "--no-color";
    argv[a++] = "--no-renames";
    argv[a++] = "--relative";   /* paths relative to root, even in a subfolder of the repository */
    argv[a++] = "--unified=0";
    if (staged) argv[a++] = "--cached";
    if (ref) {
        argv[a++] = ref;
        if (!staged) argv[a++] = "HEAD";
    }
    argv[a++] = "--";
    argv[a] = NULL;

    int pipefd[2];
    if (pipe(pipefd) != 0) {
        *err = xstrdup("cannot run git: no pipe");
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    /* git's own messages would break the one-line error; ours says what failed */
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    char **env = git_env();
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        buf m = {0};
        buf_printf(&m, "cannot run git for %s: %s", staged ? "--staged" : "--diff", strerror(rc));
        *err = buf_take(&m);
        return -1;
    }
    buf text = {0};
    char chunk[65536];
    ssize_t got;
    while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR))
        if (got > 0) buf_append(&text, chunk, (size_t)got);
    close(pipefd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        buf_free(&text);
        buf m = {0};
        buf_printf(&m, "git diff %s failed (is '%s' a git repository%s%s%s?)", staged ? "--cached" : ref, root,
                   ref ? " with a commit '" : "", ref ? ref : "", ref ? "'" : "");
        *err = buf_take(&m);
        return -1;
    }
    gitdiff_parse(text.data ? text.data : "", text.len, out);
    buf_free(&text);
    return 0;
}

bool gitdiff_has(const gitdiff *d, const char *path, uint32_t line)
{
    for (size_t i = 0; i < d->files.len; i++) {
        const gitdiff_file *f = &d->files.items[i];
        if (strcmp(f->path, path)) continue;
        if (line == 0) return true;
        for (size_t k = 0; k < f->ranges.len; k++)
            if (line >= f->ranges.items[k].first && line <= f->ranges.items[k].last) return true;
        return false;
    }
    return false;
}

void gitdiff_free(gitdiff *d)
{
    for (size_t i = 0; i < d->files.len; i++) {
        free(d->files.items[i].path);
        VEC_FREE(&d->files.items[i].ranges);
    }
    VEC_FREE(&d->files);
}
