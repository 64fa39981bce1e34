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
};

typedef struct {
	const char *text;   /* UTF-8, markup resolved; NBSP and SHY as characters */
	size_t len;
	unsigned flags;     /* IN_* */
	const char *href;   /* external link target, or NULL */
	const char *ref;    /* internal link target (a section id), or NULL */
	srcpos pos;         /* where the span starts in the source */
	srcpos target_pos;  /* links: where the target starts */
} ispan;

typedef struct {
	ispan *spans;
	size_t n;
	srcpos pos;
} itext;

/* Parses text that starts at pos; quoted tells whether the YAML scalar was
 * quoted (positions then start one column later).  Returns false after
 * reporting an error. */
bool inline_parse(arena *a, const char *text, srcpos pos, bool single_line,
		  itext *out);

/* The plain text of spans, for the outline, metadata and the TOC. */
char *inline_plain(arena *a, const itext *t);

/* Writes the spans in the test format of tests/inline.spec. */
void inline_dump(const itext *t, strbuf *out);

#endif
