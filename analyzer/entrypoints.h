/* entrypoints: code under a folder that is usually not the application's own (scripts/)
 * which the application's configuration names as something it runs — a Streamlit page
 * list (`.streamlit/pages.toml`: path = "scripts/qa.py"), a Procfile, a Dockerfile's CMD,
 * a platform config's start command. Such a file is operative code (docs/scoring.md,
 * "Provenance"): a Streamlit app whose pages live in scripts/ renders them to every
 * visitor. CI workflows, Makefiles and package.json are not launchers: the tasks they run
 * (tests, builds, seeding) are not the deployed application. */
#ifndef AIREADY_ENTRYPOINTS_H
#define AIREADY_ENTRYPOINTS_H

#include "fsafe.h"
#include "strset.h"
#include "walk.h"

/* The walked files (paths) that applied configuration names as entry points, among code
 * files whose path alone makes them scripts; NULL when there are none. Reads at most a
 * bounded number of configuration files, each capped. */
strset *entrypoints_find(const fsafe_root *fs, const walk_list *files);

#endif
