/* calls: model call sites and how each is made (issue: model call sites). */
#ifndef AIREADY_CALLS_H
#define AIREADY_CALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "buf.h"
#include "finding.h"
#include "lang.h"
#include "source.h"

typedef struct model_call {
    char *file;
    uint32_t line, column;
    lang lang;
    char *provider;    /* library at the call site, e.g. "openai" */
    char *api;         /* e.g. "chat.completions.create" */
    char *model;       /* literal model id or NULL */
    bool model_pinned;
    char *confidence;  /* "high" | "medium" */
    char *retry;       /* "explicit" | "sdk-default" | "disabled" | "none" */
    char *retry_source;
    char *timeout;     /* "explicit" | "sdk-default" | "none" */
    char *timeout_source;
    bool logged;
    char *logged_source;
    bool error_handled;
    bool max_tokens;
    char *output_validated; /* "true" | "weak" | "false" */
    char *prompt_source;    /* "inline" | "file" | "registry" | "unknown" */
    bool user_input_in_prompt;
    char **output_sinks;
    uint32_t n_output_sinks;
} model_call;

typedef VEC(model_call) model_call_list;

void model_call_free(model_call *c);
void model_call_list_free(model_call_list *l);
int model_call_compare(const void *a, const void *b); /* by file, line, column */

#endif
