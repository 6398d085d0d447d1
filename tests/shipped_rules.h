/* shipped_rules: the rules/ folder of this source tree, loaded whole (found from this
 * header's own path, so it works from any working directory). Header-only; include it
 * after <cmocka.h>, since a load failure fails the test. */
#ifndef AIREADY_SHIPPED_RULES_H
#define AIREADY_SHIPPED_RULES_H

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rules.h"

static ruleset *load_shipped(void)
{
    buf dir = {0};
    const char *slash = strrchr(__FILE__, '/');
    if (slash) buf_append(&dir, __FILE__, (size_t)(slash - __FILE__ + 1));
    buf_puts(&dir, "../rules");
    const char *dirs[] = {dir.data};
    char *err = NULL;
    ruleset *rs = rules_load(dirs, 1, NULL, &err);
    buf_free(&dir);
    if (!rs) fail_msg("%s", err ? err : "rules_load failed");
    free(err);
    return rs;
}

#endif
