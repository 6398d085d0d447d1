/* report_history: the `history` object of the JSON report (--history, docs/history.md). */
#include <stdlib.h>

#include "history.h"
#include "json.h"
#include "report.h"
#include "safe_text.h"

void report_json_history(json_writer *w, const history_result *h)
{
    json_key(w, "history");
    json_object_begin(w);
    json_kv_int(w, "refs", (int64_t)h->refs);
    json_kv_int(w, "commits", (int64_t)h->commits);
    json_kv_int(w, "trees", (int64_t)h->trees);
    json_kv_int(w, "blobs", (int64_t)h->blobs);
    json_kv_int(w, "blobs_scanned", (int64_t)h->blobs_scanned);
    json_kv_int(w, "blobs_too_large", (int64_t)h->blobs_too_large);
    json_kv_int(w, "blobs_missing", (int64_t)h->blobs_missing);
    json_kv_int(w, "duration_ms", (int64_t)h->duration_ms);
    json_key(w, "secrets");
    json_array_begin(w);
    for (size_t i = 0; i < h->secrets.len; i++) {
        const history_secret *s = &h->secrets.items[i];
        const finding *f = &s->finding;
        json_object_begin(w);
        json_kv_string(w, "rule", f->rule);
        json_kv_string(w, "severity", severity_name(f->severity));
        char *file = safe_path_dup(f->file); /* as the report's other file names */
        json_kv_string(w, "file", file);
        free(file);
        json_kv_int(w, "line", f->line);
        json_kv_string(w, "commit", s->commit);
        json_kv_string(w, "date", s->date);
        json_kv_int(w, "blobs", (int64_t)s->blobs);
        json_kv_bool(w, "in_working_tree", s->in_working_tree);
        json_kv_string(w, "snippet", f->snippet);
        json_kv_string(w, "fingerprint", f->fingerprint);
        json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
}
