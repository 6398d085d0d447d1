/* portfolio: `aiready portfolio DIR... [--list FILE]` scans many repositories and writes
 * one comparison report (docs/portfolio.md).
 *
 * Each repository is scanned once by a child `aiready scan` (this same binary, one
 * --jobs worker each, `--also html=FILE`), which writes that repository's own JSON and HTML reports under
 * OUT/repos/; up to --jobs repositories are scanned at once. The comparison is read back
 * from those JSON reports and written as OUT/portfolio.json, portfolio.md and
 * portfolio.html, each row linking to the repository's own report. A repository whose
 * scan fails is a row with its error, never the end of the run. */
#ifndef AIREADY_PORTFOLIO_H
#define AIREADY_PORTFOLIO_H

/* argv holds the arguments after "portfolio". Returns the exit status: 0 every
 * repository was scanned, 1 some scan failed (the reports are still written), 2 usage
 * or fatal error. */
int portfolio_main(int argc, char **argv, const char *tool_version);

#endif
