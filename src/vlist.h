/* vlist: the laid-out document as the later stages read it: the vertical
 * list of lines, glue, table rows and figures, the structure elements they
 * belong to, and the pages pagebreak cuts the list into.  para, list,
 * table, floats and contents fill the list; layout drives them and owns the
 * result (layout_free).  Items and structure elements live in the
 * document's arena. */
#ifndef SATZ_VLIST_H
#define SATZ_VLIST_H

#include <pango/pangocairo.h>

#include "doc.h"
#include "hyphenate.h"
#include "ligature.h"
#include "style.h"

/* A structure element of the tagged PDF (cairo tag names). */
typedef struct snode snode;
struct snode {
	const char *tag;       /* "Document", "Sect", "H1", "P", "L", "LI", ... */
	snode *parent;
	int depth;
	const char *numbering; /* L: its /ListNumbering ("/Decimal", "/Disc", ...), or NULL */
};

/* One line of a paragraph, justified by widening its spaces only.  A
 * one-line text (number, label, running head) has a layout of its own.
 * The lines of a broken paragraph are cut from the paragraph's shaping;
 * only the words at their edges are shaped again (a word broken at a
 * hyphen, ligatures and kerning there), see para.c. */
typedef struct {
	PangoLayout *layout;   /* a one-line text; NULL for a broken paragraph's line */
	unsigned char *glyphs; /* a broken paragraph's line: its glyph runs,
				* packed (para.c), owned by the paragraph */
	const char *text;      /* the line's text, with an added hyphen */
	size_t start;          /* byte offset of its text in the paragraph */
	double x;              /* left edge within the paragraph, pt */
	double natural;        /* natural width before justification, pt */
	double ratio;          /* adjustment ratio of the spaces from the line breaker */
	double expand;         /* font expansion: the glyphs are drawn 1 + expand
				* times as wide (a justified line's one factor) */
	bool hyphen;           /* ends in a hyphen (added or of the text) */
	bool added_hyphen;     /* the hyphen is the line breaker's, not the text's */
	double overfull;       /* pt beyond the measure, 0 if it fits */
	int first_note, n_notes; /* footnotes referenced on the line (numbers - 1) */
} pline;

/* One laid-out piece of text with its spans' byte offsets. */
typedef struct para {
	PangoLayout *layout;   /* the first line's layout, for one-line texts */
	pline *lines;
	int n_lines;
	const itext *text;     /* NULL for generated text (numbers, labels) */
	size_t *span_start;    /* byte offset of each span in the paragraph text */
	size_t *span_len;      /* its length there (notes and references get text) */
	const char **span_dest; /* internal link target of each span, or NULL */
	size_t *joint;         /* compound joints: byte offsets of the letter after
				* each and of its end; no ligature joins it */
	size_t n_joints;
	rgb color;
	const font_style *font;
	double ascent;         /* baseline below the top of a line box, pt */
	double leading;        /* height of one line box, pt */
	int refs;              /* layout passes holding its glyph runs */
} para;

/* Counts for satz render --stats. */
typedef struct {
	int paragraphs, lines, hyphenated, longest_run, loose, tight, overfull;
	int shaped_ahead;      /* paragraphs preshape's thread shaped (pass 1) */
	int widows, orphans, stranded_headings;
	/* seconds, over all layout passes; main adds its own stages */
	double t_load, t_style, t_shape, t_break, t_pages, t_draw, t_finish;
	int passes;            /* layout passes (page numbers of references) */
} layout_stats;

enum vkind { V_LINE, V_GLUE, V_BREAK, V_ROW, V_FIGURE };

/* A box (definition, key message): its frame is drawn behind the items
 * that carry it, on every page they reach. */
typedef struct {
	const block *block;
	double x, width;       /* frame, from the margin, pt */
	snode *tag;
} lbox;

/* A table cell: its paragraphs, stacked. */
typedef struct {
	struct para **paras;
	size_t n;
	double x, width;       /* from the table's left edge, pt */
	double height;         /* content, pt */
	snode *tag;            /* TH or TD */
	/* a row taller than a page is set in parts: the lines of its cells
	 * (counted over all paragraphs) from line_from, line_count of them;
	 * line_count -1: all */
	int line_from, line_count;
} lcell;

typedef struct ltable ltable;

typedef struct {
	ltable *table;
	lcell *cells;
	size_t index;          /* row number; the header row is 0 when there is one */
	bool header;
	bool foot;             /* a row of the table's foot (a sum row), in bold */
	bool goes_on, went_on; /* a part of a tall row: more follows, or came before */
	snode *tag;            /* TR */
} lrow;

struct ltable {
	const block *block;
	double x, width;       /* from the margin, pt */
	lrow *header;          /* repeated on every page the table runs over */
	double header_height;  /* pt */
	snode *tag;            /* Table */
};

typedef struct {
	const block *block;
	cairo_surface_t *image; /* PNG or JPEG (with its data attached) */
	void *svg;             /* RsvgHandle for SVG */
	const chart_data *chart; /* a chart drawn from data */
	const char *font;      /* family of the chart's labels */
	double x, width, height; /* pt */
	snode *tag;            /* Figure */
} lfigure;

/* A footnote, set at the foot of the page that references it. */
typedef struct {
	const ispan *ref;
	struct para *text;
	struct para *label;
	double height;         /* with the space above it, pt */
	snode *tag;            /* Note */
	int page;              /* the page it is set on */
	const snode *anchor;   /* the element its mark is drawn in (draw sets it) */
} lnote;

/* One structure element cairo wrote, in the order draw opened them: the
 * element of the layout it is a part of, or NULL for a Span or Link of its
 * own; lang is the language of a Span of text in another language, actual
 * the ActualText of a Span of a Synopse's changed words ("gestrichen: …").
 * finish merges the parts of an element that cairo wrote as several (at
 * page breaks) into one. */
typedef struct {
	const snode *node;
	const char *lang;
	const char *actual;
} tag_open;

typedef struct {
	enum vkind kind;
	double height;         /* pt taken on the page */
	bool keep;             /* no page break directly after this item */
	para *para;            /* V_LINE */
	int line;              /* V_LINE: line number in para */
	double x;              /* V_LINE: left edge of the line box, from the margin, pt */
	snode *tag;            /* V_LINE: its structure element */
	/* a label (list marker, heading number in the contents) drawn left of
	 * the line, in its own structure element */
	para *label;
	double label_x;
	snode *label_tag;
	const block *heading;  /* first line of a section heading: dest, outline */
	const block *toc;      /* last line of a contents entry: leaders, page */
	const block *toc_any;  /* every line of a contents entry: the link */
	const char *toc_dest;  /* its destination */
	double toc_right;      /* right edge of the entry's text, pt */
	lbox *box;             /* the box the item lies in, or NULL */
	lrow *row;             /* V_ROW */
	lfigure *figure;       /* V_FIGURE */
	const char *dest;      /* a destination named here (table, figure id) */
	const block *anchor;   /* a table or figure starting here, for its page */
	bool landscape;        /* set on a landscape page (a wide table) */
} vitem;

typedef struct {
	size_t first, count;   /* items on this page */
	const block *chapter;  /* the chapter running on this page, or NULL */
	bool landscape;        /* turned: page_height wide, page_width high */
	size_t col_first[4];   /* first item of each column; [0] is first */
	int n_cols;            /* columns used on the page (1 without columns) */
	/* footnote lines set at the foot: from note fn_from (index), line
	 * fn_from_line, to note fn_to, before line fn_to_line; fn_from -1: none */
	int fn_from, fn_from_line, fn_to, fn_to_line;
} page;

typedef struct layout {
	const document *doc;
	const style *st;
	vitem *items;
	size_t n_items, cap_items;
	page *pages;           /* pages[0] is the cover */
	size_t n_pages;
	snode *root;           /* "Document" */
	snode *cover_tag;
	const block **sections; /* every section, with the page of its heading */
	int *section_page;
	size_t n_sections;
	PangoLayout **layouts;  /* every layout made, to release */
	size_t n_layouts, cap_layouts;
	para **broken;          /* broken paragraphs held, to release their runs */
	size_t n_broken, cap_broken;
	double measure;         /* text width, pt */
	double measure_landscape; /* text width on a landscape page, pt */
	int columns;            /* text columns of body pages */
	double col_measure;     /* width of one column, pt */
	size_t body_start;      /* the first item after the contents */
	const hyph_dict *hyph;  /* NULL: no hyphenation */
	const lig_list *lig;    /* compound joints without ligatures; NULL: none */
	layout_stats stats;
	lnote *notes;           /* [number - 1] */
	int n_notes;
	const struct layout *prev; /* the previous pass, for page numbers in references */
	const block **anchors;  /* tables and figures, with their pages */
	int *anchor_page;
	size_t n_anchors;
	bool refs_changed;      /* a reference's text differs from the previous pass */
	lfigure **figures;      /* pictures to release */
	size_t n_figures;
	struct xref_use {
		doc_target target;
		int page;       /* the page printed, 0 for "??" */
	} *xrefs;
	size_t n_xrefs;
	/* the paragraphs broken in this pass, by text, font and shape: the
	 * next pass takes those whose text did not change (page numbers of
	 * references) instead of shaping and breaking them again */
	GHashTable *made;
	/* one-line texts made in this pass by the same key: list marks,
	 * numbers, running heads repeat, and a layout each costs a kilobyte */
	GHashTable *one_lines;
	/* paragraphs shaped ahead on a second thread (pass 1), or NULL */
	struct preshaper *pre;
	tag_open *opened;       /* draw's structure elements, in order */
	size_t n_opened, cap_opened;
} layout;
/* A new structure element below parent (NULL: the root). */
snode *vl_snode(layout *l, const char *tag, snode *parent);
/* Appends an item of the kind, all its other fields zero. */
vitem *vl_push(layout *l, enum vkind kind);
/* Vertical space of h pt; space next to space takes the larger.  keep: no
 * page break here. */
void vl_glue(layout *l, double h, bool keep);
/* A forced page break (a space before it is dropped). */
void vl_page_break(layout *l);
/* The destination name of a target (its id, or "tab.3", "fn.2"). */
const char *vl_dest(const layout *l, const doc_target *t);
/* The page a section, table or figure starts on, 0 if unknown. */
int vl_block_page(const layout *l, const block *b);
/* 1-based page number of a section's heading. */
int vl_section_page(const layout *l, const block *sec);

#endif
