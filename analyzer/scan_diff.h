/* scan_diff: keeps the findings on changed lines (--diff REF, --staged). */
#ifndef AIREADY_SCAN_DIFF_H
#define AIREADY_SCAN_DIFF_H

#include "gitdiff.h"
#include "scan.h"

/* Drops every finding whose file:line d does not hold (a finding of line 0: whose file d
 * does not hold; one of no file: always) and the items' references to them. The items'
 * statuses, the score and the decision are left as judged on the whole tree. Call before
 * baseline_apply. */
void scan_keep_changed(scan_result *r, const gitdiff *d);

#endif
