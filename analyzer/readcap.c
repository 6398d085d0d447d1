/* readcap: a file read whole, up to a cap (see readcap.h). */
#include "readcap.h"

#include <stdint.h>
#include <sys/stat.h>

readcap_status readcap_stream(FILE *f, size_t cap, buf *out)
{
    buf_free(out);
    struct stat st; /* a regular file says its size: no need to read up to the cap */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)cap)
        return READCAP_TOO_LARGE;
    char chunk[65536];
    for (;;) {
        size_t want = sizeof chunk;
        if (cap - out->len + 1 < want) want = cap - out->len + 1; /* one byte past the cap tells */
        size_t n = fread(chunk, 1, want, f);
        if (n == 0) break;
        if (out->len + n > cap) {
            buf_free(out);
            return READCAP_TOO_LARGE;
        }
        buf_append(out, chunk, n);
    }
    if (ferror(f)) {
        buf_free(out);
        return READCAP_ERROR;
    }
    return READCAP_OK;
}

const char *readcap_size_name(size_t cap, char tmp[32])
{
    if (cap >= (1u << 20) && cap % (1u << 20) == 0) snprintf(tmp, 32, "%zu MiB", cap >> 20);
    else if (cap >= 1024 && cap % 1024 == 0) snprintf(tmp, 32, "%zu KiB", cap >> 10);
    else snprintf(tmp, 32, "%zu bytes", cap);
    return tmp;
}
