/* doc: the document model (metadata and a tree of blocks) built from a
 * loaded YAML tree and validated against source format v1.  Everything is
 * allocated in the document's arena. */
#ifndef SATZ_DOC_H
#define SATZ_DOC_H

#include "base.h"
#include "inline.h"
#include "load.h"

enum block_kind {
	B_SECTION,   /* title, id, children: blocks */
	B_PARA,      /* text */
	B_LIST,      /* numbered, children: B_ITEM */
	B_ITEM,      /* text, children: nested B_LIST */
	B_QUOTE,     /* children: B_PARA; by: attribution */
};

typedef struct block block;
struct block {
	enum block_kind kind;
	srcpos pos;
	itext text;             /* B_PARA, B_ITEM; B_SECTION: its title */
	const char *id;         /* B_SECTION: link target, always set */
	const char *number;     /* B_SECTION: "2.1" */
	const char *plain;      /* B_SECTION: title as plain text */
	int level;              /* B_SECTION: 1 for chapters; B_LIST: depth */
	bool numbered;          /* B_LIST */
	itext by;               /* B_QUOTE attribution; n == 0 if none */
	block **children;
	size_t n;
};

#define DOC_MAX_SECTION_LEVEL 4

typedef struct {
	arena *a;
	const char *path;
	const char *kind, *title, *subtitle, *publisher, *date, *version;
	const char *status, *language, *style;
	const char **authors, **keywords;
	size_t n_authors, n_keywords;
	srcpos style_pos;
	block *body;            /* a B_SECTION of level 0 holding the text */
} document;

/* Loads and validates a source file; NULL after reporting every error found. */
document *doc_load(arena *a, const char *path);
/* The same from a loaded tree (tests, fuzzing). */
document *doc_from_tree(arena *a, const char *path, const ynode *root);

/* The section with this id, or NULL. */
const block *doc_find_section(const document *d, const char *id);

/* Pre-order walk over a block tree with an explicit stack, so input
 * nesting never becomes C recursion. */
typedef struct {
	const block **stack;
	size_t top, cap;
} block_iter;
void block_iter_init(block_iter *it, const block *root);
const block *block_iter_next(block_iter *it);   /* NULL at the end */
void block_iter_free(block_iter *it);

/* Writes the block tree in the test format of --dump=tree. */
void doc_dump(const document *d, strbuf *out);

#endif
