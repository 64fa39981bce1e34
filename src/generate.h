/* generate: the stage after parse.  It makes the generated blocks from the
 * shared data (data) and from other sources, each in place of the
 * placeholder parse left: portfolios, the municipality table, included
 * sections, the visions and portfolios of all Teilstrategien, the field
 * matrix, charts and the guide catalogue.  generate_document is the whole
 * of reading a source (parse, generate, number, check references); other
 * documents that generated blocks read are read the same way.  Everything
 * lives in the document's arena. */
#ifndef SATZ_GENERATE_H
#define SATZ_GENERATE_H

#include "doc.h"

/* Reads, checks and completes a source file; NULL after reporting every
 * error found. */
document *generate_document(arena *a, const char *path);
/* The same from a loaded tree (tests, fuzzing). */
document *generate_from_tree(arena *a, const char *path, const ynode *root);

#endif
