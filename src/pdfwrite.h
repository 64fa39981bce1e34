/* pdfwrite: a pdoc written as one linearised PDF 1.7 file ("fast web
 * view", ISO 32000-1 Annex F) with object streams and cross-reference
 * streams, and a deterministic /ID from the file's content.  What is not
 * reachable from the trailer is left out.  Owns nothing after it returns. */
#ifndef SATZ_PDFWRITE_H
#define SATZ_PDFWRITE_H

#include <stdio.h>

#include "pdfobj.h"

/* Writes d to out; false after reporting why it cannot (no pages).  Write
 * errors show on out, for the caller.  Sets every stream's /Length.
 * eol: an end of line before every endstream (PDF/A-2 6.1.7.1; false only
 * for the tests of satz verify). */
bool pdf_write_linear(pdoc *d, FILE *out, bool eol);
/* data deflated with zlib's default level, in a block of its size (the
 * caller's to free; a stream keeps it until the file is written). */
unsigned char *pdf_deflate(const void *data, size_t len, size_t *zlen);

#endif
