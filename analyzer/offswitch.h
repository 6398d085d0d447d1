/* offswitch: evidence that exists only when someone switches it on.
 *
 * A rate limiter written inside `if (process.env.KV_URL && …) {…}`, tracing set up under
 * `if CALLBACK_MODULE is not None:` or a feature behind `process.env.X && f()` runs only
 * when that setting is set. LABELLING.md: "an option whose value switches the feature off
 * … is not evidence", and a tracing variable someone would have to set does not log. Such
 * a finding is *gated*: supporting evidence in a gated branch only indicates the item
 * (docs/scoring.md, "Proof"), and a violation there is an alternative path, not the core
 * flow (docs/scoring.md, "Rebuild").
 *
 * A branch is gated when its condition reads the environment (process.env, import.meta.env,
 * os.environ, os.getenv, Deno.env) or tests a configuration constant (an UPPER_CASE name, or
 * an attribute of settings/config) for truth or None. A condition that selects the
 * deployment environment (NODE_ENV, APP_ENV, ENVIRONMENT, VERCEL_ENV, STAGE) is not a
 * feature switch: the branch runs in production. A conditional value whose other branch is
 * nothing (`x if flag else None`, `flag ? x : undefined`) is opt-in whatever the flag is
 * called: off unless someone sets it. Pure functions over a parsed tree. */
#ifndef AIREADY_OFFSWITCH_H
#define AIREADY_OFFSWITCH_H

#include <stdint.h>
#include <tree_sitter/api.h>

#include "finding.h"
#include "source.h"

/* The line (1-based) of the condition that gates the code at (line, column) (1-based, bytes)
 * of s, or 0 when the place is not inside a gated branch. */
uint32_t offswitch_gate_line(const source *s, TSNode root, uint32_t line, uint32_t column);

/* The same for a node: the gate of its innermost gated ancestor branch, or 0. */
uint32_t offswitch_gate_of(const source *s, TSNode node);

/* Stamps every finding of fl in s's file (with a line) with its gate (finding.gate_line);
 * supporting findings in a gated branch only indicate, and their message says why. */
void offswitch_mark(const source *s, TSTree *tree, finding_list *fl);

#endif
