/* inline: the small markup of paragraph text (emphasis, strong, links,
 * non-breaking space, soft hyphen, escapes, typographic quotes and dashes),
 * parsed into a flat list of styled spans.  Spans live in the caller's
 * arena.  See docs/source-format.md for the syntax. */
#ifndef SATZ_INLINE_H
#define SATZ_INLINE_H

#include "base.h"

enum {
	IN_EMPH = 1 << 0,
	IN_STRONG = 1 << 1,
	/* a Synopse's changes (synopse.c): words of the old version that the
	 * new one drops, struck through, and words it adds, underlined */
	IN_DEL = 1 << 2,
	IN_INS = 1 << 3,
};

typedef struct itext itext;

/* The forms of a cross-reference: [@id], [@id:page], [@id:full], [@id:title]. */
enum xref_form { XREF_NUMBER, XREF_PAGE, XREF_FULL, XREF_TITLE };

typedef struct {
	const char *text;   /* UTF-8, markup resolved; NBSP and SHY as characters */
	size_t len;
	unsigned flags;     /* IN_* */
	const char *href;   /* external link target, or NULL */
	const char *ref;    /* internal link target (a section id), or NULL */
	srcpos pos;         /* where the span starts in the source */
	srcpos target_pos;  /* links: where the target starts */
	const itext *note;  /* a footnote reference: the note's text; the span's
			     * own text is empty, the layout sets the number */
	int number;         /* a footnote's number, counted by doc */
	const char *note_id; /* a footnote's id: ^[text]{#id} */
	const char *xref;   /* a cross-reference to this id; text set by the layout */
	enum xref_form xref_form;
	const char *lang;   /* BCP 47 language of the text: [text]{lang=en} */
} ispan;

struct itext {
	ispan *spans;
	size_t n;
	srcpos pos;
};

/* Parses text that starts at pos; quoted tells whether the YAML scalar was
 * quoted (positions then start one column later).  Returns false after
 * reporting an error. */
bool inline_parse(arena *a, const char *text, srcpos pos, bool single_line,
		  itext *out);

/* The plain text of spans, for the outline, metadata and the TOC. */
char *inline_plain(arena *a, const itext *t);
/* The same, appended to b. */
void inline_plain_to(strbuf *b, const itext *t);

/* Writes the spans in the test format of tests/inline.spec. */
void inline_dump(const itext *t, strbuf *out);

#endif
