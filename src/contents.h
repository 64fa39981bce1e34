/* contents: the table of contents and the lists of tables and figures at
 * the head of the vertical list: entries with number, text, dot leaders
 * and page, each one link (draw prints the page numbers, which the
 * previous layout pass found). */
#ifndef SATZ_CONTENTS_H
#define SATZ_CONTENTS_H

#include "vlist.h"

/* Pushes the contents and the lists the style asks for, each ending in a
 * page break. */
void contents_lay(layout *l);

#endif
