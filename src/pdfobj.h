/* pdfobj: the objects of one PDF in memory, for finishing: cairo's file
 * read through its cross-reference table, values looked up, made and
 * changed, and a value written in PDF syntax.  The pdoc owns every value
 * (in its arena) and the stream data made for it; what was read points
 * into the caller's buffer, which must outlive the pdoc.  pdf_free frees
 * it all. */
#ifndef SATZ_PDFOBJ_H
#define SATZ_PDFOBJ_H

#include <stdbool.h>
#include <stdint.h>

#include "base.h"

typedef enum {
	PV_NULL, PV_BOOL, PV_INT, PV_REAL, PV_STRING, PV_NAME, PV_ARRAY, PV_DICT, PV_REF
} pv_kind;

typedef struct pval pval;
struct pval {
	uint8_t kind;
	bool raw;        /* a string as written in the file, delimiters and all */
	uint32_t n;      /* bytes of a string, name or real; items of an array;
			  * key-value pairs of a dictionary */
	uint32_t cap;    /* room in v */
	union {
		bool b;
		long long i;     /* an integer; the object number of a reference */
		const char *s;   /* string bytes; a name without its '/', as
				  * written; a real as written */
		pval *v;         /* array items; a dictionary's keys (names)
				  * and values, alternating */
	} u;
};

typedef struct {
	pval v;                      /* the object; a stream's dictionary */
	const unsigned char *data;   /* a stream's bytes, filters applied */
	size_t len;
	bool stream;
} pobj;

typedef struct {
	arena *a;
	pobj **obj;                  /* by object number (0 is unused); an
				      * object stays where it is */
	int n;                       /* object numbers are 1 .. n - 1 */
	int cap;
	pval trailer;
	unsigned char **owned;       /* stream data made in finishing */
	size_t n_owned, cap_owned;
	size_t read_at;              /* reading: where the next object starts */
	bool read_done;              /* the trailer is read */
} pdoc;

/* Reads the PDF in buf[len] (objects one after the other, then the
 * cross-reference table and the trailer, as cairo writes it) into d; false
 * after reporting what could not be read. */
bool pdf_read(pdoc *d, const char *buf, size_t len);
/* The same while the file is being written: pdf_begin once, then
 * pdf_read_more with the bytes written so far (buf only grows and never
 * moves): it reads every object that is complete and leaves the rest for
 * the next call; with final, what is left must be the cross-reference
 * table and the trailer.  *news (xmalloc'ed, the caller frees) gets the
 * numbers of the objects this call read.  False with *error set when the
 * file cannot be read; nothing is reported (the caller may be a thread of
 * its own). */
void pdf_begin(pdoc *d);
bool pdf_read_more(pdoc *d, const char *buf, size_t len, bool final, const char **error,
		   int **news, size_t *n_news);
void pdf_free(pdoc *d);

pval pv_null(void);
pval pv_bool(bool b);
pval pv_int(long long i);
pval pv_ref(int num);
pval pv_name(pdoc *d, const char *name);              /* without the '/' */
pval pv_string(pdoc *d, const char *bytes, size_t n);
pval pv_text(pdoc *d, const char *utf8);              /* a text string */
pval pv_array(pdoc *d, uint32_t cap);
pval pv_dict(pdoc *d, uint32_t cap);

void pv_push(pdoc *d, pval *array, pval item);
pval *pv_get(const pval *dict, const char *key);      /* NULL when absent */
void pv_set(pdoc *d, pval *dict, const char *key, pval v);
void pv_del(pval *dict, const char *key);
bool pv_is_name(const pval *v, const char *name);
/* A reference's object (its dictionary for a stream), v itself when it is
 * no reference, NULL for a missing object. */
pval *pdf_deref(const pdoc *d, pval *v);
/* A dictionary's value of key, through a reference; NULL when absent. */
pval *pdf_get(const pdoc *d, const pval *dict, const char *key);
/* A string's bytes (literal and hex strings decoded), NUL-terminated, in
 * the arena; *n their number. */
const char *pv_bytes(pdoc *d, const pval *s, size_t *n);
/* A text string as UTF-8 (PDFDocEncoding's ASCII part or UTF-16BE). */
const char *pv_utf8(pdoc *d, const pval *s);

/* The page objects in order, in *pages (xmalloc'ed, the caller frees). */
size_t pdf_pages(const pdoc *d, int **pages);

int pdf_add(pdoc *d, pval v);                         /* a new object's number */
/* A new stream; data is the pdoc's from now on (freed with it). */
int pdf_add_stream(pdoc *d, pval dict, unsigned char *data, size_t len);
/* Replaces stream num's data; data is the pdoc's from now on. */
void pdf_set_stream(pdoc *d, int num, unsigned char *data, size_t len);

/* Appends v in PDF syntax, references renumbered through renumber[old]
 * (n entries; a reference to an object without a number is null) when it
 * is not NULL; the bytes of a stream are not part of it. */
void pv_write(strbuf *b, const pval *v, const int *renumber, int n);
void pv_write_int(strbuf *b, long long v);

#endif
