/* figure: pictures for figures: PNG (decoded by cairo), JPEG (embedded in
 * the PDF unchanged, through cairo's mime data) and SVG (drawn as vectors
 * by librsvg).  A loaded lfigure owns its surface or handle until
 * figure_free. */
#ifndef SATZ_FIGURE_H
#define SATZ_FIGURE_H

#include <cairo.h>
#include <stdbool.h>

#include "vlist.h"

/* The most pixels a picture may have (a guard against decompression bombs). */
#define FIGURE_MAX_PIXELS (50u * 1000u * 1000u)

/* Loads the picture of figure b and sizes it: the width or height the
 * source gives, else its natural size (96 pixels per inch), never wider
 * than max_width nor taller than max_height.  False after an error at the
 * figure's path. */
bool figure_load(lfigure *f, const block *b, double max_width, double max_height);
void figure_draw(cairo_t *cr, const lfigure *f, double x, double y);
void figure_free(lfigure *f);

#endif
