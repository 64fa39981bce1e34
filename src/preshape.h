/* preshape: the document's running text shaped ahead, on a second thread
 * with a font map of its own, while the layout breaks what came before.
 * The thread walks the model in reading order (body paragraphs, list
 * items, quotes, footnotes) and shapes each text with the font the layout
 * will most likely ask for; para_make takes what matches its own text and
 * font and shapes the rest itself, so what the thread guesses wrong costs
 * time, never output.  It stays a few dozen paragraphs ahead of the
 * layout, so it holds little memory. */
#ifndef SATZ_PRESHAPE_H
#define SATZ_PRESHAPE_H

#include "shape.h"

typedef struct preshaper preshaper;

/* Starts the thread for a layout pass: the first (prev NULL), or a later
 * one, which shapes again only the texts that print references (their
 * page numbers come from prev).  NULL when the thread cannot be started,
 * there is nothing to shape, or SATZ_PRESHAPE=0 (the layout then shapes
 * everything itself, to the same output). */
preshaper *preshape_start(const document *d, const style *st, const lig_list *lig,
			  const layout *prev);
/* The text t in font f, shaped ahead, when the thread shaped exactly this
 * text (text[len]) in this font; false otherwise (the caller shapes it).
 * Fonts in *out are the thread's: pack them with fonts_own. */
bool preshape_take(preshaper *ps, const itext *t, const font_style *f, const char *text,
		   size_t len, lb_text *out);
/* Stops the thread and frees what was not taken. */
void preshape_stop(preshaper *ps);

#endif
