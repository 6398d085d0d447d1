/* checklist_fixture: builds checklist YAML in memory for the verdict tests.
 * Layout (line numbers the malformed-input tests rely on):
 *   lines 1-8   header: version, 5 pillars, "items:"
 *   item N      starts at line 9 + 8 * (N - 1) while every earlier item is a default one
 * A default item is 8 lines; overrides[N] replaces everything after "pillar:". */
#ifndef AIREADY_CHECKLIST_FIXTURE_H
#define AIREADY_CHECKLIST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checklist.h"

#define FIXTURE_FIRST_ITEM_LINE 9
#define FIXTURE_ITEM_LINES 8

static inline const char *fixture_srcdir(void)
{
    const char *d = getenv("AIREADY_SRCDIR");
    return d && *d ? d : ".";
}

/* The path of a file in the source tree (tests run from the repository root). */
static inline char *fixture_path(const char *rel)
{
    buf b = {0};
    buf_printf(&b, "%s/%s", fixture_srcdir(), rel);
    return buf_take(&b);
}

static inline void fixture_header(buf *b, const char *decision)
{
    buf_puts(b, "version: 1\n"
                "pillars:\n"
                "  - {id: 1, name: \"Architecture\", weight: 1.5}\n"
                "  - {id: 2, name: \"Model\", weight: 1}\n"
                "  - {id: 3, name: \"Observability\", weight: 1}\n"
                "  - {id: 4, name: \"Security\", weight: 1.5}\n"
                "  - {id: 5, name: \"Product\", weight: 1}\n");
    if (decision) buf_puts(b, decision);
    buf_puts(b, "items:\n");
}

static inline void fixture_default_body(buf *b, int id)
{
    buf_printf(b, "    title: \"Item %d\"\n"
                  "    description: \"What item %d means.\"\n"
                  "    strategy: presence\n"
                  "    ready_evidence: \"Evidence %d.\"\n"
                  "    needs_review: \"Check item %d.\"\n"
                  "    remediation: \"Fix item %d.\"\n", id, id, id, id, id);
}

/* YAML text for 50 items; overrides may be NULL, or indexed by id (1..50). skip_id > 0
 * leaves that item out. The caller frees the result. */
static inline char *fixture_yaml(const char *const *overrides, int skip_id, const char *decision)
{
    buf b = {0};
    fixture_header(&b, decision);
    for (int id = 1; id <= CHECKLIST_ITEMS; id++) {
        if (id == skip_id) continue;
        buf_printf(&b, "  - id: %d\n    pillar: %d\n", id, (id - 1) / 10 + 1);
        if (overrides && overrides[id]) buf_puts(&b, overrides[id]);
        else fixture_default_body(&b, id);
    }
    return buf_take(&b);
}

/* Parses fixture YAML and fails the test (printing the loader's errors) when invalid. */
static inline checklist *fixture_checklist(const char *const *overrides, const char *decision)
{
    char *yaml = fixture_yaml(overrides, 0, decision);
    char *err = NULL;
    checklist *cl = checklist_parse(yaml, strlen(yaml), "fixture.yaml", &err);
    if (!cl) {
        fprintf(stderr, "fixture checklist invalid:\n%s\n", err ? err : "(no message)");
        free(err);
        free(yaml);
        abort();
    }
    free(yaml);
    return cl;
}

#endif
