/* coverage: the characters no font of fonts/ has, which would print as
 * boxes: one warning per text, at the place the text is written, naming
 * every such character of it ("U+1F680 🚀, U+0645 م").  Each text of a
 * document is checked once, however often it is printed (cover, header,
 * metadata).  Needs fonts_init; reads nothing of the layout. */
#ifndef SATZ_COVERAGE_H
#define SATZ_COVERAGE_H

#include "doc.h"

/* Warns about the texts of the complete document d. */
void coverage_document(const document *d);
/* Warns about one text as written at pos (a style sheet's value). */
void coverage_text(const char *text, srcpos pos);

#endif
