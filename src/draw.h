/* draw: paints a laid-out document into a PDF with cairo: the cover, the
 * running header and footer, every line inside its structure tag, links,
 * destinations, the outline and the document information. */
#ifndef SATZ_DRAW_H
#define SATZ_DRAW_H

#include <stdio.h>

#include "vlist.h"

typedef struct {
	const char *creator;   /* "satz 0.1.0" */
	const char *date;      /* ISO 8601, e.g. 2020-06-15T00:00:00Z */
} draw_options;

/* Writes the PDF to out; returns false after reporting an error. */
bool draw_pdf(layout *l, FILE *out, const draw_options *opt);

/* Where draw_pdf_sink writes: write takes each piece cairo writes (false:
 * it cannot, the drawing fails); page_done, when not NULL, is called
 * whenever cairo has written everything of the pages drawn so far. */
typedef struct {
	bool (*write)(void *closure, const unsigned char *data, size_t n);
	void (*page_done)(void *closure);
	void *closure;
} draw_sink;
bool draw_pdf_sink(layout *l, const draw_sink *to, const draw_options *opt);

/* Writes the cover (page 1) as a PNG width_px pixels wide, drawn with
 * cairo into an image surface; returns false after reporting an error. */
bool draw_cover_png(layout *l, FILE *out, int width_px);

/* "15. Juni 2020" from "2020-06-15". */
void format_date_de(const char *iso, char *buf, size_t size);

#endif
