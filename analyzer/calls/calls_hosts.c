/* calls_hosts: what the SDK catalog says about where an SDK's calls go (for the AI bill
 * of materials, report_cyclonedx.c). */
#include <string.h>

#include "calls_int.h"

const char *const *calls_catalog_sdk_hosts(const calls_catalog *cat, const char *sdk_id, size_t *n)
{
    *n = 0;
    for (size_t i = 0; cat && sdk_id && i < cat->sdks.len; i++) {
        const cat_sdk *s = &cat->sdks.items[i];
        if (!s->id || strcmp(s->id, sdk_id) != 0) continue;
        *n = s->hosts.len;
        return (const char *const *)s->hosts.items;
    }
    return NULL;
}
