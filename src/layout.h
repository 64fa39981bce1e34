/* layout: turns a document into pages.  Paragraphs become pango layouts
 * (v1: pango's own line breaking), their lines become items of one
 * vertical list, and the list is cut into pages that respect widows,
 * orphans and headings kept with their text.  The result, in the document's
 * arena (pango objects are released by layout_free), is what draw paints. */
#ifndef SATZ_LAYOUT_H
#define SATZ_LAYOUT_H

#include <pango/pangocairo.h>

#include "doc.h"
#include "style.h"

/* A structure element of the tagged PDF (cairo tag names). */
typedef struct snode snode;
struct snode {
	const char *tag;       /* "Document", "Sect", "H1", "P", "L", "LI", ... */
	snode *parent;
	int depth;
};

/* One laid-out piece of text with its spans' byte offsets. */
typedef struct {
	PangoLayout *layout;
	const itext *text;     /* NULL for generated text (numbers, labels) */
	size_t *span_start;    /* byte offset of each span in the layout text */
	rgb color;
	double ascent;         /* baseline below the top of a line box, pt */
	double leading;        /* height of one line box, pt */
	double *line_x;        /* left edge of each line in the layout, pt */
	int n_lines;
} para;

enum vkind { V_LINE, V_GLUE, V_BREAK };

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
	double toc_right;      /* right edge of the entry's text, pt */
} vitem;

typedef struct {
	size_t first, count;   /* items on this page */
	const block *chapter;  /* the chapter running on this page, or NULL */
} page;

typedef struct {
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
	double measure;         /* text width, pt */
} layout;

/* Lays out the document; returns NULL after reporting errors. */
layout *layout_document(const document *d, const style *st);
void layout_free(layout *l);
/* 1-based page number of a section's heading. */
int layout_section_page(const layout *l, const block *sec);
/* A laid-out paragraph for text drawn outside the vertical list (cover,
 * header, footer). */
para *layout_text(layout *l, const char *text, const font_style *f, double width,
		  PangoAlignment align);
/* The same on one line, cut with "…" where it is wider than width. */
para *layout_text_fit(layout *l, const char *text, const font_style *f, double width,
		      PangoAlignment align);
snode *layout_snode(layout *l, const char *tag, snode *parent);
void layout_dump(const layout *l, strbuf *out);

#endif
