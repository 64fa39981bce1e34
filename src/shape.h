/* shape: a paragraph's text shaped as one line with pango, on any thread
 * with the caller's context: the attributes of its spans (emphasis,
 * links, notes, languages, a Synopse's changes) and of its compound joints,
 * and what the line breaker reads of the result (lb_text).  para shapes
 * with the process's context, preshape with its thread's. */
#ifndef SATZ_SHAPE_H
#define SATZ_SHAPE_H

#include "linebreak.h"
#include "vlist.h"

/* "Abschnitt 3.2", "Tabelle 4 auf Seite 17": the text of reference s to t,
 * appended to out, with the page numbers of the layout pass prev (NULL:
 * "??"); returns the page printed, or 0. */
int shape_xref(const style *st, const layout *prev, const ispan *s, const doc_target *t,
	       strbuf *out);
/* Whether span s is a reference that prints a page, which may change
 * from one layout pass to the next. */
bool shape_prints_page(const ispan *s);
/* What span s gives its paragraph's text, appended to out, as the layout
 * sets it in the pass after prev: a footnote mark's number, a reference's
 * words (shape_xref; *printed is the page they print), else its own
 * text.  When it links to a section, table, figure or note of d, *target
 * says where and the result is true. */
bool shape_span(const document *d, const style *st, const layout *prev, const ispan *s,
		strbuf *out, doc_target *target, int *printed);
/* The compound joints of text where no ligature may form (ligature.h), as
 * pairs of byte offsets: the letter after each joint and its end; *pairs
 * is malloc'd (NULL when there are none), the result is their number. */
size_t shape_joints(const lig_list *lig, const char *text, size_t len, size_t **pairs);
/* The pango description of font style f (the caller frees it). */
PangoFontDescription *shape_font(const font_style *f);
/* Attributes of p's spans within [a, b) of its text, shifted to start at
 * a; with_hyphen extends the last span over an added hyphen. */
PangoAttrList *shape_attrs(const para *p, const style *st, const font_style *f, size_t a,
			   size_t b, bool with_hyphen);
/* p's text shaped as one line on ctx; *out points into the layout
 * returned (the caller frees out->runs and unrefs the layout). */
PangoLayout *shape_whole(PangoContext *ctx, const para *p, const style *st,
			 const font_style *f, const PangoFontDescription *d, const char *text,
			 size_t len, lb_text *out);
/* The text t in font f shaped as one line on ctx, for another thread: it
 * reads only d, st, lig and prev (the layout pass before, whose pages
 * references print, or NULL), and keeps nothing of pango's but copies of
 * the runs.  shape_free releases *out. */
void shape_ahead(PangoContext *ctx, const document *d, const style *st, const lig_list *lig,
		 const layout *prev, const itext *t, const font_style *f, lb_text *out);
void shape_free(lb_text *t);

#endif
