#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

static int fail(char **err, const char *what, const char *path)
{
    buf m = {0};
    buf_printf(&m, "%s %s: %s", what, path, strerror(errno));
    *err = buf_take(&m);
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int output_write_atomic(const char *path, const char *data, size_t len, char **err)
{
    buf tmp = {0};
    buf_printf(&tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        int rc = fail(err, "cannot create a temporary file beside", path);
        buf_free(&tmp);
        return rc;
    }
    int rc = 0;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) rc = fail(err, "cannot write", tmp.data);
    if (close(fd) != 0 && rc == 0) rc = fail(err, "cannot write", tmp.data);
    /* mkstemp makes the file 0600; a report is an ordinary file. */
    if (rc == 0) {
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp.data, 0666 & ~mask);
    }
    if (rc == 0 && rename(tmp.data, path) != 0) rc = fail(err, "cannot rename the report to", path);
    if (rc != 0) unlink(tmp.data);
    buf_free(&tmp);
    return rc;
}
