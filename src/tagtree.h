/* tagtree: the structure tree of cairo's PDF made whole in finishing.
 * cairo 1.16 writes an element that runs over a page break (a paragraph,
 * list, section, table, quote, box) as several; tagtree merges the parts
 * into one element whose marked-content references lie on several pages
 * (/Pg per reference), moves each footnote right after the element that
 * references it, gives notes an /ID (and the /IDTree), header cells their
 * /Scope and spans in another language their /Lang, and rewrites the
 * ParentTree to match.  Called by finish; owns nothing after it returns. */
#ifndef SATZ_TAGTREE_H
#define SATZ_TAGTREE_H

#include "pdfobj.h"
#include "vlist.h"

/* Rewrites the structure tree under the catalog root's /StructTreeRoot in
 * d.  l is the
 * layout draw painted: its record of opened elements (l->opened) names the
 * element of the layout each of cairo's elements is a part of, and its
 * notes where their marks are.  False after reporting an error (cairo's
 * tree does not match the record). */
bool tagtree_fix(pdoc *d, pval *root, const layout *l);

#endif
