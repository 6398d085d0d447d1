/* yamlguard: nesting of YAML checked with the event parser (see yamlguard.h). */
#include "yamlguard.h"

#include <yaml.h>

bool yamlguard_depth_ok(const char *text, size_t len, int max_depth, size_t *line, size_t *col)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return true; /* the loader will fail the same way */
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    bool ok = true;
    int depth = 0;
    for (bool more = true; more && ok;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) break; /* invalid: for the loader to report */
        switch (e.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > max_depth) {
                ok = false;
                *line = e.start_mark.line + 1;
                *col = e.start_mark.column + 1;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_DOCUMENT_END_EVENT: /* the loader reads the first document only */
        case YAML_STREAM_END_EVENT:
            more = false;
            break;
        default:
            break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    return ok;
}
