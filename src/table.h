/* table: tables in the vertical list: column widths from fixed, relative
 * and automatic columns, cells set as paragraphs, decimal alignment, one
 * V_ROW item per row (a row taller than a page in parts), the header row
 * repeated by draw on every page the table runs over, and turned pages for
 * landscape tables. */
#ifndef SATZ_TABLE_H
#define SATZ_TABLE_H

#include "vlist.h"

/* The table block b, with its caption, at x, width pt wide. */
void table_lay(layout *l, const block *b, snode *parent, double x, double width);

#endif
