#include "classify.h"

#include <string.h>
#include <strings.h>

#include "manifest.h"

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

struct ext_kind {
    const char *ext;
    lang lang;
    file_class cls;
};

static const struct ext_kind ext_kinds[] = {
    {".py", LANG_PYTHON, CLASS_CODE},     {".pyi", LANG_PYTHON, CLASS_CODE},
    {".js", LANG_JAVASCRIPT, CLASS_CODE}, {".mjs", LANG_JAVASCRIPT, CLASS_CODE},
    {".cjs", LANG_JAVASCRIPT, CLASS_CODE}, {".jsx", LANG_JAVASCRIPT, CLASS_CODE},
    {".ts", LANG_TYPESCRIPT, CLASS_CODE}, {".mts", LANG_TYPESCRIPT, CLASS_CODE},
    {".cts", LANG_TYPESCRIPT, CLASS_CODE}, {".tsx", LANG_TSX, CLASS_CODE},
    {".ipynb", LANG_NONE, CLASS_NOTEBOOK},
    {".yml", LANG_NONE, CLASS_CONFIG},    {".yaml", LANG_NONE, CLASS_CONFIG},
    {".json", LANG_NONE, CLASS_CONFIG},   {".toml", LANG_NONE, CLASS_CONFIG},
    {".ini", LANG_NONE, CLASS_CONFIG},    {".cfg", LANG_NONE, CLASS_CONFIG},
    {".tf", LANG_NONE, CLASS_CONFIG},     {".hcl", LANG_NONE, CLASS_CONFIG},
    {".conf", LANG_NONE, CLASS_CONFIG},   {".env", LANG_NONE, CLASS_CONFIG},
    {".properties", LANG_NONE, CLASS_CONFIG},
    {".md", LANG_NONE, CLASS_DOC},        {".markdown", LANG_NONE, CLASS_DOC},
    {".mdx", LANG_NONE, CLASS_DOC},       {".rst", LANG_NONE, CLASS_DOC},
    {".adoc", LANG_NONE, CLASS_DOC},      {".txt", LANG_NONE, CLASS_DOC},
};

static const char *const manifest_names[] = {
    "pyproject.toml", "Pipfile", "Pipfile.lock", "setup.cfg", "setup.py", "poetry.lock",
    "uv.lock", "package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml",
    "yarn.lock", "environment.yml", "conda.yml",
};

static const char *const config_names[] = {
    "Dockerfile", "Containerfile", "Procfile", "Makefile", "Jenkinsfile", ".dockerignore",
    ".gitignore", "CODEOWNERS", ".aiready.yml", ".aiready.yaml",
};

static int is_requirements(const char *base, const char *path)
{
    if (!ends_with(base, ".txt") && !ends_with(base, ".in")) return 0;
    if (starts_with(base, "requirements") || starts_with(base, "constraints")) return 1;
    if (strstr(base, "-requirements.") || strstr(base, "_requirements.")) return 1;
    /* requirements/base.txt, requirements/dev.txt */
    return strstr(path, "requirements/") != NULL;
}

file_kind classify_path(const char *path)
{
    const char *base = basename_of(path);
    file_kind k = {LANG_NONE, CLASS_OTHER};
    if (manifest_kind_of(path) != MANIFEST_NONE) { k.cls = CLASS_MANIFEST; return k; }
    for (size_t i = 0; i < sizeof manifest_names / sizeof *manifest_names; i++)
        if (strcmp(base, manifest_names[i]) == 0) { k.cls = CLASS_MANIFEST; return k; }
    if (is_requirements(base, path)) { k.cls = CLASS_MANIFEST; return k; }
    for (size_t i = 0; i < sizeof config_names / sizeof *config_names; i++)
        if (strcmp(base, config_names[i]) == 0) { k.cls = CLASS_CONFIG; return k; }
    /* .env, .env.local, .env.production; Dockerfile.prod, app.Dockerfile */
    if (strcmp(base, ".env") == 0 || starts_with(base, ".env.") || starts_with(base, "Dockerfile.")
        || ends_with(base, ".Dockerfile") || starts_with(base, "docker-compose")) {
        k.cls = CLASS_CONFIG;
        return k;
    }
    for (size_t i = 0; i < sizeof ext_kinds / sizeof *ext_kinds; i++)
        if (ends_with_ci(base, ext_kinds[i].ext)) {
            k.lang = ext_kinds[i].lang;
            k.cls = ext_kinds[i].cls;
            return k;
        }
    if (strncmp(base, "README", 6) == 0 || strncmp(base, "LICENSE", 7) == 0
        || strncmp(base, "SECURITY", 8) == 0 || strncmp(base, "CHANGELOG", 9) == 0)
        k.cls = CLASS_DOC;
    return k;
}

file_kind classify_shebang(file_kind k, const char *text, size_t len)
{
    if (k.cls != CLASS_OTHER || len < 3 || text[0] != '#' || text[1] != '!') return k;
    const char *nl = memchr(text, '\n', len);
    size_t n = nl ? (size_t)(nl - text) : len;
    char line[256];
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, text, n);
    line[n] = '\0';
    if (strstr(line, "python")) { k.lang = LANG_PYTHON; k.cls = CLASS_CODE; }
    else if (strstr(line, "node") || strstr(line, "deno") || strstr(line, "bun")) {
        k.lang = LANG_JAVASCRIPT;
        k.cls = CLASS_CODE;
    }
    return k;
}

int classify_is_generated(const char *path)
{
    const char *base = basename_of(path);
    static const char *const suffixes[] = {
        ".min.js", ".min.mjs", ".min.cjs", ".bundle.js", ".chunk.js", "_pb2.py", "_pb2_grpc.py",
        "_pb2.pyi", ".generated.ts", ".generated.js", ".gen.ts", ".d.ts.map", ".js.map",
    };
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (ends_with(base, suffixes[i])) return 1;
    return 0;
}

int classify_is_secret_file(const char *path)
{
    const char *base = basename_of(path);
    static const char *const names[] = {
        ".env", "secrets.toml", "secrets.json", "secrets.yaml", "secrets.yml", "credentials.json",
        ".npmrc", ".pypirc", ".netrc", ".dockercfg",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(base, names[i]) == 0) return 1;
    /* .env.local, .env.production, prod.env; not the documented example files */
    if (strncmp(base, ".env.", 5) == 0 || ends_with(base, ".env")) {
        static const char *const examples[] = {".example", ".sample", ".template", ".dist", ".defaults"};
        for (size_t i = 0; i < sizeof examples / sizeof *examples; i++)
            if (ends_with(base, examples[i])) return 0;
        return 1;
    }
    return ends_with(base, ".pem") || ends_with(base, ".key") || ends_with(base, ".p12") ||
           ends_with(base, ".pfx");
}
