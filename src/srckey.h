/* srckey: every key of source format v1 (docs/source-format.md,
 * docs/shared-data.md), grouped by the mapping it stands in: its type,
 * whether it is required, its allowed values and its one-line description
 * (the one table of them).  parse and generate check sources against it;
 * schema turns it into a JSON Schema and the key reference of the docs.
 * Static data only. */
#ifndef SATZ_SRCKEY_H
#define SATZ_SRCKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "base.h"

enum sv_type {
	SV_TEXT,        /* a text with inline markup, not empty */
	SV_PLAIN,       /* a text without markup, not empty */
	SV_TEXTS,       /* a text or a list of texts */
	SV_TITLE,       /* a text with markup, or nothing (box, table) */
	SV_CHOICE,      /* one of values */
	SV_CHOICES,     /* one of values, or a list of them */
	SV_DATE,        /* YYYY-MM-DD */
	SV_LANGUAGE,    /* a language tag: de, de-DE */
	SV_ID,          /* a-z, 0-9, '-' */
	SV_STYLE,       /* the name of a sheet in styles/ */
	SV_MUNICIPALITY, SV_FIELD, SV_TOPIC,   /* ids in sources/data */
	SV_NUMBER,      /* a whole number from min to max */
	SV_BOOL,        /* true, false, yes, no */
	SV_LENGTH,      /* 80mm, 8cm, 120pt, 50% */
	SV_WIDTH,       /* a length, 2fr or auto */
	SV_LIST_FORMAT, /* 1. 1) a) a. A. i. I. ... (srckey_list_numbers) */
	SV_PICTURE,     /* a .png, .jpg, .jpeg or .svg file, relative */
	SV_INCLUDE,     /* FILE.yaml#id, relative to sources/ */
	SV_FOLDER,      /* a folder under sources/ */
	SV_BLOCKS,      /* a list of blocks */
	SV_ITEMS,       /* list items: text, or a map (srcmap_item) */
	SV_CHECK_ITEMS, /* checklist items: "[x] text", "[ ] text" or a map */
	SV_PARAS,       /* a text or a list of 1 to max paragraphs */
	SV_MAPS,        /* a list of 1 or more mappings of `map` */
	SV_COLUMNS,     /* 1 to max columns: a title or a map (srcmap_column) */
	SV_ROWS,        /* 1 or more rows, each a list of cells */
};

enum {
	SK_REQUIRED = 1,   /* the key cannot be left out */
	SK_KIND = 2,       /* the first key of a block: names its kind */
};

typedef struct srcmap srcmap;

typedef struct {
	const char *key;
	enum sv_type type;
	unsigned flags;
	const char *const *values;  /* SV_CHOICE, SV_CHOICES: NULL-ended */
	int min, max;               /* SV_NUMBER; SV_PARAS, SV_COLUMNS: max */
	const char *only;           /* applies to the block kind so named only */
	const srcmap *map;          /* SV_MAPS: the mapping of each entry */
	const char *def;            /* what leaving it out means, or NULL */
	const char *doc;            /* one line for the docs and the schema */
} srckey;

struct srcmap {
	const char *name;     /* as messages name it: "section", "the document" */
	const char *id;       /* its name in the schema and the docs */
	const char *doc;
	const srckey *keys;   /* ends with key NULL */
	bool generated;       /* read by generate, not by parse */
};

/* A kind of block: its first key, the mapping it is written as. */
typedef struct {
	const char *key;
	const srcmap *map;
	bool generated;       /* made by generate (docs/shared-data.md) */
} srcblock;

extern const srcmap srcmap_document, srcmap_section, srcmap_paragraph,
	srcmap_list, srcmap_item, srcmap_definitions, srcmap_definition,
	srcmap_quote, srcmap_box, srcmap_table, srcmap_column, srcmap_figure,
	srcmap_project, srcmap_chart;

/* Every kind of block, in the order messages list them; ends with key NULL. */
extern const srcblock srcblocks[];
/* Every mapping of the format, in the order of the docs; ends with NULL. */
extern const srcmap *const srcmaps[];

/* Number formats of numbered lists: a first character and a suffix. */
extern const char srckey_list_numbers[];   /* "1aAiI" */
extern const char srckey_list_suffixes[];  /* ".)" */

/* The limits of the format's nesting. */
#define SRC_MAX_LIST_DEPTH 3
#define SRC_MAX_CELL_PARAS 32
#define SRC_MAX_QUOTE_PARAS 64
#define SRC_MAX_COLUMNS 64

const srckey *srcmap_find(const srcmap *m, const char *key);
/* The block kind whose first key is key, or NULL. */
const srcblock *srcblock_find(const char *key);
/* Whether some mapping requires a text key of this name (for messages). */
bool srckey_required(const char *key);
/* The key names of m (or, m NULL, the first keys of all blocks),
 * NULL-ended; free() the array, not the names. */
const char **srcmap_names(const srcmap *m);
/* The type as the docs name it: "text", "date YYYY-MM-DD", ... */
const char *srckey_type_doc(const srckey *k);

#endif
