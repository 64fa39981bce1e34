/* layout: turns a document into pages.  It walks the document's blocks
 * (sections, paragraphs, quotes, boxes; lists, tables, figures and the
 * contents through their modules) into one vertical list, has pagebreak
 * cut it into pages, moves floats, and records on which page each section,
 * table, figure and footnote lands.  The result (vlist.h), in the
 * document's arena with pango objects released by layout_free, is what
 * draw paints. */
#ifndef SATZ_LAYOUT_H
#define SATZ_LAYOUT_H

#include "vlist.h"

/* The most pages a document may have unless SATZ_MAX_PAGES says otherwise. */
#define LAYOUT_MAX_PAGES 2000

/* Lays out the document.  prev, the previous pass or NULL, gives the page
 * numbers that cross-references print; repeat until refs_changed is false.
 * A page count over the limit is reported as an error (diag_errors()).
 * pre (or NULL) holds paragraphs shaped ahead on a second thread. */
layout *layout_document(const document *d, const style *st, const hyph_dict *hyph,
			const lig_list *lig, layout *prev, struct preshaper *pre);
/* Numbers the sections as the style's heading formats say ("2.1",
 * "A.1", none). */
void layout_number_sections(const document *d, const style *st);
void layout_free(layout *l);
/* Frees what the next pass does not read of this one (its items, pages
 * and pictures): only its paragraphs (layout.made), its one-line texts
 * (which the next pass takes over) and where its sections, anchors and
 * notes landed stay, so two passes are not held whole at once. */
void layout_keep_lookups(layout *l);
/* Frees what only a next pass would read (the paragraphs' look-up keys,
 * which hold their texts) and the vertical list's spare room, once the
 * layout is final and before drawing, which needs memory of its own. */
void layout_drop_lookups(layout *l);
/* Releases the shaped text and the decoded pictures once the pages are
 * drawn, before finishing needs the memory: nothing can be drawn or
 * measured after this. */
void layout_release_drawn(layout *l);
/* The text lines of every page, for --dump=pages. */
void layout_dump(const layout *l, strbuf *out);

#endif
