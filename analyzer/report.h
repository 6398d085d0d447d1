/* report: every output format, each written from the same resolved scan_result. */
#ifndef AIREADY_REPORT_H
#define AIREADY_REPORT_H

#include <stdbool.h>

#include "buf.h"
#include "scan.h"

typedef struct report_options {
    bool color;    /* ANSI colour (text only) */
    bool verbose;  /* list all evidence (text only) */
    const char *tool_version;
} report_options;

void report_json(const scan_result *r, const report_options *o, buf *out);
void report_text(const scan_result *r, const report_options *o, buf *out);

#endif
