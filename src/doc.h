/* doc: the document model: metadata and a tree of blocks, with what the
 * later stages ask of it (targets of ids, walks, numbers, a dump).  parse
 * builds it from a source, generate completes it; everything is allocated
 * in the document's arena. */
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
	B_TABLE,     /* table; caption, id, number */
	B_FIGURE,    /* figure; caption, id, number */
	B_BOX,       /* text: its title (may be empty); children: blocks */
	B_DEFLIST,   /* children: B_ITEM with term, text */
	B_CELL,      /* children: B_PARA (a table cell) */
	B_CHART,     /* chart; caption, id, number: a figure drawn from data */
	B_GENERATED, /* source, level; caption, id: a block that generate makes
		      * from shared data and other sources; none is left after it */
};

/* A bar chart from data: values[s * n_labels + i] is series s at label i;
 * more than one series stack. */
typedef struct {
	const char **labels;
	size_t n_labels;
	const char **series;
	const char **colors;    /* "#rrggbb" per series */
	size_t n_series;
	double *values;
	const char *unit;       /* "Projekte", "Einwohner" */
	const char *alt;        /* generated from the data */
} chart_data;

/* A project of a Teilstrategie's portfolio. */
typedef struct {
	const char *title, *field, *goal, *status, *period, *partners;
	const char *municipality;  /* id */
} project;

enum list_format {
	LF_BULLET, LF_DECIMAL, LF_LOWER_ALPHA, LF_UPPER_ALPHA, LF_LOWER_ROMAN,
	LF_UPPER_ROMAN, LF_CHECK
};

enum col_align { AL_LEFT, AL_RIGHT, AL_CENTER, AL_DECIMAL };

/* A length as written: "30mm" (pt > 0), "40%" (percent > 0), "2fr" (fr > 0),
 * or "auto" (all 0). */
typedef struct {
	double pt, percent, fr;
} length;

typedef struct {
	itext title;            /* header cell; n == 0 when the column has none */
	length width;
	enum col_align align;
} column;

typedef struct {
	column *cols;
	size_t n_cols, n_rows;  /* rows: the body's and the foot's */
	size_t n_foot;          /* the last n_foot rows are the foot (a sum row) */
	struct block **cells;   /* n_rows * n_cols, row-major, B_CELL */
	bool header;            /* the column titles form a header row */
	bool landscape;         /* set on a landscape page of its own */
} table_data;

typedef struct {
	const char *path;       /* as written, relative to the source */
	const char *file;       /* path to open, from the working directory */
	const char *alt;        /* alternative text, required */
	length width, height;
	srcpos path_pos;
} figure_data;

typedef struct block block;
struct block {
	enum block_kind kind;
	srcpos pos;
	itext text;             /* B_PARA, B_ITEM; B_SECTION: its title */
	const char *id;         /* B_SECTION: link target, always set;
				 * B_TABLE, B_FIGURE: set when given */
	const char *number;     /* B_SECTION: "2.1"; B_TABLE, B_FIGURE: "3" */
	const char *plain;      /* B_SECTION: title as plain text */
	int level;              /* B_SECTION: 1 for chapters; B_LIST: depth;
				 * B_GENERATED: the level of its section */
	bool numbered;          /* B_LIST */
	enum list_format format; /* B_LIST */
	int start;              /* B_LIST: the first item's number */
	const char *suffix;     /* B_LIST: "." or ")" after the number */
	bool checked;           /* B_ITEM of a checklist */
	itext term;             /* B_ITEM of a definition list */
	itext by;               /* B_QUOTE attribution; n == 0 if none */
	itext caption;          /* B_TABLE, B_FIGURE; n == 0 if none */
	table_data *table;      /* B_TABLE */
	figure_data *figure;    /* B_FIGURE */
	chart_data *chart;      /* B_CHART */
	const ynode *source;    /* B_GENERATED: the block as written */
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
	srcpos identity_pos;     /* the key that tells which document this is:
				 * municipality, number or kind (synopse) */
	block *body;            /* a B_SECTION of level 0 holding the text */
	const char **files;     /* files the document reads (images), for make */
	size_t n_files;
	int n_tables, n_figures, n_notes;
	/* Teilstrategien and guides */
	const char *municipality;   /* id in sources/data/municipalities.yaml */
	int number;                 /* a guide's number */
	const char *topic, *audience, *summary;
	project *projects;
	size_t n_projects;
	struct shared_data *data;   /* sources/data, loaded on first use */
	int include_depth;          /* documents loaded to include from this one */
	const ynode *root;          /* the YAML it was read from */
	const void *ids;        /* doc_named[n_ids]: every id in the document */
	size_t n_ids;
} document;

/* What an id names, for cross-references. */
enum target_kind { T_SECTION, T_TABLE, T_FIGURE, T_NOTE };

typedef struct {
	enum target_kind kind;
	const block *block;     /* T_SECTION, T_TABLE, T_FIGURE */
	const ispan *note;      /* T_NOTE */
} doc_target;

typedef struct {
	const char *id;
	srcpos pos;
	doc_target t;
} doc_named;

/* What id names; false if nothing. */
bool doc_find_target(const document *d, const char *id, doc_target *out);

/* Building blocks. */
block *doc_block_new(arena *a, enum block_kind kind, srcpos pos);
void doc_block_children(arena *a, block *b, block **children, size_t n);
/* Inline markup of text at pos; false after an error.  Footnotes are
 * numbered by doc_number. */
bool doc_text(document *d, const char *text, srcpos pos, itext *out);
/* Adds a file the document reads, for make. */
void doc_add_file(document *d, const char *path);

/* Numbers the tables, the figures (charts among them) and the footnotes
 * of the complete document in reading order. */
void doc_number(document *d);

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
