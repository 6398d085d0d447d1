/* notebook: a Jupyter notebook (.ipynb) read as the texts the analyses run on.
 *
 * The notebook's JSON is read once into two texts, each with a map from its lines back to
 * the notebook (cell number, line in the cell, line in the raw .ipynb file):
 *   code     the code cells of a Python notebook, one after another, as a Python file.
 *            IPython syntax that is not Python (`%magic`, `!shell`, `x = !cmd`, `obj?`,
 *            and whole `%%bash`-style cell magics) becomes a comment, so the rest parses
 *            and the secret rules still see those lines.
 *   secrets  what only the secret rules read: markdown and raw cells, the code cells of
 *            a notebook in another language, and the stored outputs (stream text, text
 *            data, tracebacks).
 * Every analysis of a .py file runs on the code text (analyze.c); findings and model calls
 * are moved back to notebook locations with notebook_locate. docs/notebooks.md. */
#ifndef AIREADY_NOTEBOOK_H
#define AIREADY_NOTEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calls.h"
#include "finding.h"
#include "suppress.h"

typedef struct notebook notebook;

/* Where a line of one of the texts came from. */
typedef struct notebook_loc {
    uint32_t raw_line;  /* 1-based line in the .ipynb file */
    uint32_t cell;      /* 1-based cell number, counting every cell */
    uint32_t cell_line; /* 1-based line in the cell's source, or in the output text */
    bool in_output;     /* a stored output of the cell, not its source */
    uint8_t col_shift;  /* bytes inserted before the line's text (the '#' of a magic) */
} notebook_loc;

bool notebook_is_path(const char *path); /* ends in .ipynb (any case) */

/* Reads the notebook's JSON. Returns NULL with *error set ("line N: ...", caller frees)
 * when it is not a notebook aiready can read; never aborts on bad input. */
notebook *notebook_read(const char *path, const char *json, size_t len, char **error);
void notebook_free(notebook *nb);

const char *notebook_path(const notebook *nb);
bool notebook_is_python(const notebook *nb);
const char *notebook_code(const notebook *nb, size_t *len);    /* NUL-terminated */
const char *notebook_secrets(const notebook *nb, size_t *len); /* NUL-terminated */
size_t notebook_cells(const notebook *nb);

/* The location of 1-based line `line` of the code (secrets == false) or secrets text;
 * false when the line is not in the text. */
bool notebook_locate(const notebook *nb, bool secrets, uint32_t line, notebook_loc *out);

/* Moves a finding made on one of the texts to the notebook: line and end_line become
 * lines of the raw file, cell/cell_line are set, columns lose any inserted '#'. */
void notebook_place_finding(const notebook *nb, bool secrets, finding *f);

/* Repository stage: the notebook of a path among nbs[0..n) (in path order), or NULL. */
const notebook *notebook_find(notebook *const *nbs, size_t n, const char *path);
/* Places what the repository stage made in notebooks' code text (model calls, their
 * findings and suppressions): anything in a notebook not placed yet (cell 0). */
void notebook_place_late(notebook *const *nbs, size_t n, finding_list *findings, model_call_list *calls,
                         suppression_list *suppressed);

#endif
