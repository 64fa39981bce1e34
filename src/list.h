/* list: bulleted, numbered and check lists (markers right-aligned in their
 * own column, nested lists indented) and definition lists, pushed into the
 * vertical list as L, LI, Lbl and LBody structure elements. */
#ifndef SATZ_LIST_H
#define SATZ_LIST_H

#include "vlist.h"

/* The list block and its nested lists, at x, width pt wide. */
void list_lay(layout *l, const block *list, snode *parent, double x, double width);
/* A definition list: each term in bold, its text indented below it. */
void list_lay_definitions(layout *l, const block *dl, snode *parent, double x, double width);

#endif
