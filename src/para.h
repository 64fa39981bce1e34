/* para: paragraphs shaped with pango and broken into lines by linebreak:
 * a paragraph is shaped once, its lines are cut from that shaping and
 * justified by widening spaces, with punctuation protruding into the
 * margin.  The texts that spans bring in are made here too: numbers and
 * page references of cross-references, and footnotes, which are laid out
 * when the paragraph that references them is.  A para lives in the
 * document's arena; its glyph runs and pango layouts are held by the
 * layout pass (para_release, layout_free). */
#ifndef SATZ_PARA_H
#define SATZ_PARA_H

#include "vlist.h"

/* How a text is set. */
typedef struct {
	double width, indent;  /* pt; width 0: one line of natural width */
	bool justify;
	PangoAlignment align;
	bool ellipsize;        /* one line, cut with "…" to fit width */
	bool hyphenate;        /* running text: hyphenate if the style says so */
} para_shape;

/* Sets the text t (or plain text when t is NULL) in font f. */
para *para_make(layout *l, const itext *t, const char *plain, const font_style *f,
		para_shape sh);
/* A laid-out paragraph for text drawn outside the vertical list (cover,
 * header, footer, labels). */
para *para_text(layout *l, const char *text, const font_style *f, double width,
		PangoAlignment align);
/* The same on one line, cut with "…" where it is wider than width. */
para *para_text_fit(layout *l, const char *text, const font_style *f, double width,
		    PangoAlignment align);
/* Pushes the lines of p into the vertical list at x, in structure element
 * tag; returns the index of the first.  Keeps at least two lines of a
 * paragraph on each side of a page break. */
size_t para_push(layout *l, para *p, double x, snode *tag);
/* A paragraph of running text in a P element below parent. */
void para_lay(layout *l, const itext *t, const font_style *f, snode *parent,
	      double x, double width, double indent, bool justify);
/* "Tabelle 3: " in bold before the caption of b. */
itext *para_numbered_caption(layout *l, const char *name, const block *b);
/* The numbered caption of b in a Caption element; returns its first item. */
size_t para_caption(layout *l, const char *name, const block *b, snode *parent,
		    double x, double width);
/* The widest line of p, with its offset, pt. */
double para_natural(const para *p);

/* Line k of p, its text, and the byte offset of that text in the
 * paragraph (for span look-ups).  A broken paragraph's line is unpacked
 * into *scratch, to be freed with para_line_done; only its runs may be
 * read (it is not pango's, so pango's line functions do not take it). */
PangoLayoutLine *para_line(const para *p, int k, PangoLayoutLine *scratch, const char **text,
			   size_t *offset);
void para_line_done(PangoLayoutLine *scratch);
/* The text of line k of p. */
const char *para_line_text(const para *p, int k);
/* Natural width of line k of p, pt (before justification). */
double para_line_width(const para *p, int k);
/* Drops one layout pass's hold on p's glyph runs; the last frees them. */
void para_release(para *p);
/* Frees the glyph runs of p's lines once they are drawn (draw calls it
 * after a paragraph's last line, so a long document never holds all its
 * glyphs while cairo and finishing grow); para_release is still called. */
void para_drop_runs(para *p);
/* The hash and equality of the keys of layout.made (binary keys that
 * para makes: a length, then the bytes). */
guint para_key_hash(gconstpointer key);
gboolean para_key_equal(gconstpointer a, gconstpointer b);

#endif
