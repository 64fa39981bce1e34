/* synopse: the Synopse of two versions of one document.  Their complete
 * models (generated blocks expanded) are compared section by section,
 * each section's paragraphs, list items, table rows and captions one by
 * one, and each changed paragraph word by word; the result is a new
 * document model, with the deleted words marked IN_DEL and the inserted
 * ones IN_INS, that the usual stages lay out, draw and finish.  Everything
 * it makes lives in the arena it is given; the two documents are read
 * only (their sections must be numbered, layout_number_sections). */
#ifndef SATZ_SYNOPSE_H
#define SATZ_SYNOPSE_H

#include "doc.h"
#include "style.h"

/* What the two versions are called: "2026.1" and "2026-12-03" (a date as
 * YYYY-MM-DD; a longer ISO time is cut to its date). */
typedef struct {
	const char *old_version, *old_date;
	const char *new_version, *new_date;
} synopse_labels;

typedef struct {
	size_t sections;   /* sections of the new version, and those removed */
	size_t changed;    /* of them: changed, added or removed */
} synopse_counts;

/* True when old and new are versions of one document: the same kind, and
 * for a Teilstrategie the same municipality, for a guide the same number,
 * for a test document the same title.  Else reports why not, at new's
 * identifying key, and returns false. */
bool synopse_same_document(const document *old, const document *new);

/* The Synopse of old and new, typeset in the style st (its names of
 * sections, tables and figures print references), or NULL when their text
 * is the same; counts tells how many sections there are and changed. */
document *synopse_build(arena *a, const document *old, const document *new,
			const style *st, const synopse_labels *labels,
			synopse_counts *counts);

/* The word difference of two texts in a test format: deleted words as
 * [-...-], inserted ones as {+...+}, the rest as it is. */
void synopse_diff_words(const char *old, const char *new, strbuf *out);

#endif
