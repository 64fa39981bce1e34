/* vcontent: the content-stream and font checks of `satz verify`, with a
 * content-stream reader of their own (not finish's): marked content
 * (Matterhorn 01-003, 01-004, 01-005), graphics-state nesting (PDF/A
 * 6.1.13-8), and every glyph shown checked against its font: dictionary
 * keys, embedded program, /CIDToGIDMap, widths against the program's,
 * glyph present and not .notdef, ToUnicode entry and value (PDF/A
 * 6.2.11, Matterhorn 31).  A vfonts lives for one file. */
#ifndef SATZ_VCONTENT_H
#define SATZ_VCONTENT_H

#include "vreport.h"

typedef struct vfonts vfonts;

vfonts *vfonts_new(void);
void vfonts_free(vfonts *f);

/* The MCIDs a page's content marks, in order. */
typedef struct {
	int *v;
	size_t n, cap;
} vmcids;

/* Reads page n (1-based) of the file: reports the rules above, and
 * appends the MCIDs it marks to mcids. */
void vcontent_page(vcheck *c, vfonts *f, qpdf_oh page, int page_no, vmcids *mcids);

#endif
