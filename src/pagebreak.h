/* pagebreak: cuts the vertical list of a layout into pages by total fit,
 * as the line breaker does for lines: every way of filling the pages is
 * weighed (empty space at the foot of a page, breaks inside paragraphs),
 * and the cheapest wins.  Keeps (widows, orphans, headings with their
 * text) are hard unless nothing else fits. */
#ifndef SATZ_PAGEBREAK_H
#define SATZ_PAGEBREAK_H

#include "vlist.h"

/* Fills l->pages (pages[0] is the cover) from l->items. */
void pb_paginate(layout *l);

#endif
