#include "rulesdir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

static char *if_rules_dir(const char *dir)
{
    buf p = {0};
    buf_printf(&p, "%s/checklist.yaml", dir);
    struct stat st;
    bool ok = stat(p.data, &st) == 0 && S_ISREG(st.st_mode);
    buf_free(&p);
    return ok ? xstrdup(dir) : NULL;
}

static char *exe_dir(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return NULL;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return xstrdup(path);
}

char *rulesdir_find(void)
{
    const char *env = getenv("AIREADY_RULES");
    if (env && *env) return if_rules_dir(env);
    char *exe = exe_dir();
    char *found = NULL;
    if (exe) {
        static const char *const rel[] = {"/../share/aiready/rules", "/../rules"};
        for (size_t i = 0; i < 2 && !found; i++) {
            buf p = {0};
            buf_printf(&p, "%s%s", exe, rel[i]);
            char real[PATH_MAX];
            if (realpath(p.data, real)) found = if_rules_dir(real);
            buf_free(&p);
        }
        free(exe);
    }
    return found ? found : if_rules_dir("rules");
}
