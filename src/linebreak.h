/* linebreak: total-fit (Knuth–Plass) paragraph breaking over widths
 * measured from the paragraph shaped once with pango (the caller's
 * layout, whose glyphs the lines then reuse): boxes, glue that
 * stretches and shrinks, penalties at hyphens; demerits for hyphens, for
 * hyphens on consecutive lines (never more than two), for adjacent lines of
 * very different tightness and for a hyphen on the last full line.  The
 * result is a list of line ranges; lb_result_free releases it. */
#ifndef SATZ_LINEBREAK_H
#define SATZ_LINEBREAK_H

#include <pango/pango.h>
#include <stdbool.h>

#include "hyphenate.h"

typedef struct {
	double width;            /* the measure, pt */
	double indent;           /* > 0 indents the first line; < 0 hangs the others */
	bool justify;            /* false: ragged right, with a ragged cost */
	const hyph_dict *hyph;   /* NULL: no automatic hyphenation */
	int left_min, right_min; /* letters kept before and after a hyphen */
	double expansion;        /* font expansion: glyph widths may change by this
				  * share (0.02) on a justified line; 0: none */
	bool protrude;           /* punctuation hangs into the margins (lb_protrusion),
				  * so a line may hold that much more */
} lb_params;

/* The step of font expansion: a line's glyphs are scaled by a multiple of
 * it, so a document uses few distinct scalings and stays reproducible. */
#define LB_EXPANSION_STEP 0.005

typedef struct {
	size_t start, end;       /* bytes of the paragraph text set on the line */
	bool hyphen;             /* a '-' is drawn after end */
	bool explicit_hyphen;    /* the line ends after a hyphen of the text */
	double width;            /* the line's measure, pt */
	double natural;          /* its natural width, pt (with the hyphen) */
	double ratio;            /* adjustment of the spaces: < 0 shrunk, > 0 stretched */
	double expand;           /* glyph widths change by this share: a multiple of
				  * LB_EXPANSION_STEP within the limit; 0 on last lines */
	double overfull;         /* pt beyond the measure at full shrink; 0 if it fits */
	bool last;               /* the paragraph's last line */
} lb_line;

typedef struct {
	lb_line *lines;
	int n;
} lb_result;

/* A paragraph shaped as one line (no width): its text, its glyph runs in
 * text order, pango's log attributes (one more than its characters) and
 * its font; ctx measures the added hyphen. */
typedef struct {
	const char *text;
	size_t len;
	PangoGlyphItem **runs;
	size_t n_runs;
	const PangoLogAttr *attrs;
	int n_attrs;
	const PangoFontDescription *font;
	PangoContext *ctx;
} lb_text;

/* Breaks the text t into lines.  Always succeeds: without a feasible
 * solution it takes the least bad one, whose overfull lines have natural
 * > width. */
void lb_break(const lb_text *t, const lb_params *p, lb_result *out);
/* How far a character at the start (right false) or the end of a line
 * hangs into the margin, as a share of its width (after LaTeX's
 * microtype): punctuation and hyphens, so the margins look straight. */
double lb_protrusion(unsigned cp, bool right);
void lb_result_free(lb_result *r);

#endif
