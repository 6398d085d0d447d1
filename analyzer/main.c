/* aiready: command-line entry point (interim). The scan CLI lives on main (cli.c); this
 * branch only dispatches `aiready rules list|test` so that rule packs can be validated
 * here. When merging with main, keep main's main() and add the `rules` branch below. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "rules")) {
        if (!strcmp(argv[2], "list")) return rules_cmd_list(argc - 3, argv + 3);
        if (!strcmp(argv[2], "test")) return rules_cmd_test(argc - 3, argv + 3);
    }
    fputs("usage: aiready rules list|test [DIR...]\n", stderr);
    return 2;
}
