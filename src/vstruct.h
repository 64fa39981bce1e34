/* vstruct: the structure-tree checks of `satz verify`: standard types and
 * role map (Matterhorn 02), table, list and TOC nesting (09-004..006),
 * figures' alternative text (13-004), headings (14-002, 14-003), header
 * cells' scope (15-003), notes' IDs (19-003, 19-004), links' elements
 * (28-011), every element's /P and /Lang (PDF/UA 7.1-12, 7.2-29), the
 * ParentTree against the elements and the pages' marked content (ISO
 * 32000-1 14.7.4.4), and satz's own rules on what page breaks must not do
 * to the structure (a section cut without its heading, a repeated header
 * row tagged as content). */
#ifndef SATZ_VSTRUCT_H
#define SATZ_VSTRUCT_H

#include "vcontent.h"

/* mcids[i] are the MCIDs that page i + 1's content marks. */
void vstruct_check(vcheck *c, qpdf_oh root, const vmcids *mcids, int n_pages);

#endif
