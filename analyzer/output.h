/* output: writing a report to a file atomically (temporary file, then rename), so a
 * crash never leaves half a report behind. */
#ifndef AIREADY_OUTPUT_H
#define AIREADY_OUTPUT_H

#include <stddef.h>

/* Returns 0, or -1 with *err set. */
int output_write_atomic(const char *path, const char *data, size_t len, char **err);

#endif
