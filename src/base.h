/* base: memory (xmalloc, the per-document arena), growable strings, source
 * positions and diagnostics.  Everything here is used by every stage. */
#ifndef SATZ_BASE_H
#define SATZ_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

/* Out of memory aborts inside these; callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* An arena owns everything of one document: source text, trees, runs,
 * lines and pages.  It is freed once, with arena_free. */
typedef struct arena arena;
arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);         /* zeroed, aligned for double */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable byte string, NUL-terminated at all times. */
typedef struct {
	char *s;
	size_t len, cap;
} strbuf;
void sb_add(strbuf *b, const char *s, size_t n);
void sb_adds(strbuf *b, const char *s);
void sb_addc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);

/* Reads a whole file into out (appended), at most limit bytes plus one
 * so a caller sees it was larger.  False with errno set when it cannot
 * be opened or read; out is then empty. */
bool read_file(const char *path, size_t limit, strbuf *out);

/* A position in a source file: 1-based line and column (in characters). */
typedef struct {
	const char *file;
	int line, col;
} srcpos;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* Prints "file:line:col: level: message" to stderr and remembers the worst
 * level seen.  A position with a NULL file prints without the position. */
void diag(enum diag_level level, srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vdiag(enum diag_level level, srcpos pos, const char *fmt, va_list ap);
int diag_errors(void);     /* errors reported so far */
int diag_warnings(void);
void diag_reset(void);
/* Sends diagnostics to b instead of stderr (tests, fuzzing); NULL restores. */
void diag_capture(strbuf *b);

/* The closest of the NULL-terminated candidates to word, or NULL when none
 * is close enough to be a plausible typo. */
const char *closest_word(const char *word, const char *const *candidates);
/* A limit from the environment variable var (docs/robustness.md), else
 * def; a value that is not a whole number from 1 to max is reported once
 * and ignored. */
size_t env_limit(const char *var, size_t def, size_t max);

/* A set of positive ids (PDF object numbers) seen on a walk, growing as
 * needed; idset_free releases it. */
typedef struct {
	unsigned char *seen;
	size_t cap;
} idset;
/* Adds id; false when it was in the set already.  Ids <= 0 (direct
 * objects, which cannot close a cycle) are never kept: always true. */
bool idset_add(idset *s, int id);
void idset_free(idset *s);

/* A byte buffer that stays where it is while it grows: its address space
 * is reserved once and memory is used only as far as it is written, so
 * another thread may read what was written while it grows (fixed), and a
 * large buffer costs no copies.  Where address space cannot be reserved
 * it is an ordinary growing buffer that may move (fixed false). */
typedef struct {
	unsigned char *s;
	size_t len, cap;
	bool fixed;
} vbuf;
void vbuf_init(vbuf *b);
/* Appends s[n]; false when the buffer cannot hold it (more than the
 * reserved 16 GiB). */
bool vbuf_add(vbuf *b, const void *s, size_t n);
void vbuf_free(vbuf *b);
/* Gives back the memory of the whole pages inside s[n] of a fixed buffer,
 * bytes no one reads again (reading them later gives zeros). */
void vbuf_drop(const vbuf *b, const void *s, size_t n);

/* Seconds on the monotonic clock, for the stage times of --stats. */
double clock_seconds(void);

/* UTF-8 helpers. */
bool utf8_valid(const char *s, size_t n, size_t *bad_offset);
int utf8_decode(const char *s, unsigned *cp);  /* bytes used, >= 1 */
int utf8_encode(unsigned cp, char out[4]);     /* bytes written */
size_t utf8_chars(const char *s, size_t n);

#endif
