/* load: reads a YAML file into a tree of ynodes that keep their source
 * positions.  The tree, the file's text and its name live in the caller's
 * arena.  Anchors, aliases and duplicate keys are refused here, so later
 * stages see a plain tree. */
#ifndef SATZ_LOAD_H
#define SATZ_LOAD_H

#include "base.h"

enum ynode_kind { Y_SCALAR, Y_MAP, Y_SEQ };

typedef struct ynode ynode;
struct ynode {
	enum ynode_kind kind;
	srcpos pos;
	const char *value;   /* Y_SCALAR: UTF-8, NUL-terminated */
	size_t len;
	bool plain;          /* an unquoted scalar (null, numbers may apply) */
	ynode **items;       /* Y_SEQ: items; Y_MAP: keys and values, alternating */
	size_t n;            /* Y_SEQ: items; Y_MAP: pairs */
};

/* Limits; every one has its own error message. */
#define LOAD_MAX_BYTES (8u << 20)
#define LOAD_MAX_DEPTH 64

/* Returns the root, or NULL after reporting an error.  A file that holds
 * no document yields an empty map. */
ynode *load_yaml(arena *a, const char *path);
/* The same, from memory (used by tests and fuzzing). */
ynode *load_yaml_mem(arena *a, const char *name, const char *text, size_t len);

/* The text of a scalar that is not empty, else NULL. */
const char *yscalar(const ynode *n);
ynode *ymap_get(const ynode *map, const char *key);
ynode *ymap_key(const ynode *map, size_t i);
ynode *ymap_val(const ynode *map, size_t i);
const char *ynode_kind_name(enum ynode_kind k);

#endif
