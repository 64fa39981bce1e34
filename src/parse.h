/* parse: reads a loaded YAML tree into the document model and checks it
 * against source format v1 (docs/source-format.md): every key, value, id
 * and reference, each mistake reported at its position.  Generated blocks
 * (docs/shared-data.md) are checked for their keys and left in the tree as
 * B_GENERATED placeholders for generate, the stage after this one.
 * Everything lives in the caller's arena. */
#ifndef SATZ_PARSE_H
#define SATZ_PARSE_H

#include "doc.h"

/* The document of a source file; NULL when nothing could be built.  *ok
 * is false when errors were reported (the document is then only good for
 * finding further errors). */
document *parse_file(arena *a, const char *path, bool *ok);
/* The same from a loaded tree. */
document *parse_tree(arena *a, const char *path, const ynode *root, bool *ok);
/* Checks that every link and cross-reference of the complete document
 * (generated blocks expanded) names an id that exists; false after
 * reporting those that do not. */
bool parse_check_refs(document *d);

#endif
