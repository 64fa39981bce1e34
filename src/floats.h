/* floats: figures and charts in the vertical list (the picture, loaded by
 * figure, and its caption), and, once pages are cut, the moving of a figure
 * that would leave the page before it half empty to the head of the next
 * page, the text after it moving up (as LaTeX's floats do). */
#ifndef SATZ_FLOATS_H
#define SATZ_FLOATS_H

#include "vlist.h"

/* The figure or chart b, centred in [x, x + width]. */
void floats_lay(layout *l, const block *b, snode *parent, double x, double width);
/* Moves figures after pagination; returns whether anything moved (then
 * the caller cuts the pages again). */
bool floats_place(layout *l);

#endif
