/* newsource: `satz new KIND [TITLE]`: a new source from a template, with
 * the schema line, today's date (SOURCE_DATE_EPOCH when set) and TODO
 * placeholders that parse reports as warnings until they are replaced.
 * A guide gets the next free number of sources/leitfaeden/, a
 * Teilstrategie the first municipality of sources/data that has none.
 * Never overwrites a file. */
#ifndef SATZ_NEWSOURCE_H
#define SATZ_NEWSOURCE_H

#include "base.h"

/* The kinds `satz new` makes, NULL-ended. */
extern const char *const newsource_kinds[];

/* Writes the new source under sources (the sources directory, with a
 * trailing '/') and sets *path to it (free it).  title may be NULL.
 * Returns 0, or after reporting an error 1 (the data, a file that
 * exists) or 3 (the file cannot be written). */
int newsource_write(const char *sources, const char *kind, const char *title, char **path);

#endif
