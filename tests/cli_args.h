/* cli_args: cli_parse_scan on a NULL-terminated argument list, for the CLI tests.
 * Header-only (each tests/test_*.c is one translation unit). */
#ifndef AIREADY_CLI_ARGS_H
#define AIREADY_CLI_ARGS_H

#include <stdarg.h>

#include "cli.h"

static int parse(cli_scan *c, char **err, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, err);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && argc < 31) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    *err = NULL;
    return cli_parse_scan(argc, argv, c, err);
}

#endif
