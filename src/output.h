/* output: files written safely.  A file is written to a temporary name in
 * its directory and renamed into place only when complete, so a failed or
 * killed build never leaves a partial file or loses the last good one.
 * Also the make dependency files satz writes next to its outputs. */
#ifndef SATZ_OUTPUT_H
#define SATZ_OUTPUT_H

#include <stdio.h>

#include "base.h"

typedef struct {
	char *path, *tmp;
	FILE *f;
} outfile;

bool out_open(outfile *o, const char *path);
bool out_commit(outfile *o);   /* false after reporting an I/O error */
void out_abort(outfile *o);    /* removes the temporary file */

/* Creates the parent directories of path. */
bool out_mkdirs(const char *path);

/* Writes "target: prereqs" and an empty rule per prerequisite (as gcc -MP
 * does) to depfile, safely. */
bool out_write_deps(const char *depfile, const char *target,
		    const char *const *prereqs, size_t n);

#endif
