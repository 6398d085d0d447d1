#include "lang.h"

#include <string.h>

static const char *const lang_names[LANG_COUNT] = {"none", "python", "javascript", "typescript", "tsx"};
static const char *const class_names[CLASS_COUNT] = {"other", "code", "notebook", "config", "manifest", "doc"};

const char *lang_name(lang l)
{
    return (l >= 0 && l < LANG_COUNT) ? lang_names[l] : "none";
}

lang lang_from_name(const char *name)
{
    for (int i = 1; i < LANG_COUNT; i++)
        if (strcmp(name, lang_names[i]) == 0) return (lang)i;
    return LANG_NONE;
}

const char *file_class_name(file_class c)
{
    return (c >= 0 && c < CLASS_COUNT) ? class_names[c] : "other";
}
