/* finish: turns cairo's PDF into a tagged PDF/UA-1 and PDF/A-2u file with
 * libqpdf: language, XMP metadata, sRGB output intent, alternative texts,
 * the structure tree made whole (tagtree), fonts completed, annotation
 * flags and link actions, content outside the structure marked as
 * artifacts, a deterministic /ID, object streams and linearisation.  The caller owns
 * everything it passes; nothing is kept. */
#ifndef SATZ_FINISH_H
#define SATZ_FINISH_H

#include <stdio.h>

#include "vlist.h"

typedef struct {
	const char *language;    /* BCP 47, "de" */
	const char *date;        /* ISO 8601 UTC, "2020-06-15T00:00:00Z" */
	const char *producer;    /* "satz 0.1.0" */
	const char *icc_path;    /* the sRGB profile to embed */
	const char *const *alts; /* alternative text of the Nth Figure element */
	size_t n_alts;
	const document *doc;     /* names link targets for /Contents; may be NULL */
	const layout *layout;    /* what draw painted: merges the structure
				  * elements cairo wrote in parts (tagtree);
				  * may be NULL */
} finish_info;

/* Reads the PDF in pdf[len] and writes the finished file to out; false
 * after reporting an error (write errors show on out, for the caller). */
bool finish_pdf(const char *pdf, size_t len, FILE *out, const finish_info *info);

/* Finishing while cairo writes: finish_begin starts reading raw on a
 * thread of its own (raw must not move: raw->fixed; otherwise everything
 * happens in finish_end), finish_feed tells it that cairo has written
 * everything up to raw->len so far (call it from the drawing thread after
 * each page), and finish_end, once the file is complete, finishes it as
 * finish_pdf does and frees f.  finish_end(f, NULL, NULL) only stops and
 * frees it (after drawing failed). */
typedef struct finisher finisher;
finisher *finish_begin(const vbuf *raw);
void finish_feed(finisher *f);
bool finish_end(finisher *f, FILE *out, const finish_info *info);

/* The alternative texts of l's figures and charts in drawing order, an
 * xmalloc'ed array of *n pointers into the document's arena. */
const char **finish_figure_alts(const layout *l, size_t *n);

/* Rewrites the content stream s[n] with every painting operation outside
 * marked content wrapped in /Artifact BMC ... EMC and appends it to out;
 * returns how many there were, or -1 (out unchanged) when the stream
 * cannot be read.  With out NULL it only counts (satz verify). */
long finish_wrap_unmarked(const unsigned char *s, size_t n, strbuf *out);

/* Where the sRGB profile is: $SATZ_ICC, else Debian's icc-profiles-free. */
const char *finish_icc_path(void);

#endif
