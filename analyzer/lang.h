/* lang: the languages and file classes aiready knows about. */
#ifndef AIREADY_LANG_H
#define AIREADY_LANG_H

#include <stdbool.h>

/* Languages parsed with tree-sitter. LANG_NONE for every other file. */
typedef enum lang {
    LANG_NONE = 0,
    LANG_PYTHON,
    LANG_JAVASCRIPT,
    LANG_TYPESCRIPT,
    LANG_TSX,
    LANG_COUNT
} lang;

/* What a file is, for the stages that pick files by kind. */
typedef enum file_class {
    CLASS_OTHER = 0, /* text of no special kind: still seen by regex rules */
    CLASS_CODE,      /* python, javascript, typescript, tsx */
    CLASS_NOTEBOOK,  /* .ipynb: code cells analysed as Python (notebook.h) */
    CLASS_CONFIG,    /* yaml, json, toml, ini, env, Dockerfile, ... */
    CLASS_MANIFEST,  /* requirements*.txt, pyproject.toml, package.json, lockfiles */
    CLASS_DOC,       /* markdown, rst, txt, adoc */
    CLASS_COUNT
} file_class;

const char *lang_name(lang l);        /* "python", ... ; "none" for LANG_NONE */
lang lang_from_name(const char *name); /* LANG_NONE when unknown */
const char *file_class_name(file_class c);

#endif
