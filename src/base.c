/* base: allocation, arena, strings, diagnostics. */
/* MAP_ANONYMOUS and MAP_NORESERVE for vbuf (Linux and the BSDs have them) */
#define _DEFAULT_SOURCE 1
#include "base.h"

#include <errno.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("satz: error: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("satz: error: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("satz: error: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* The arena is a list of blocks; large requests get a block of their own. */
struct block {
	struct block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
};

enum { BLOCK_SIZE = 64 * 1024, ALIGN = _Alignof(max_align_t) };

arena *arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
		b = xmalloc(sizeof(struct block) + size);
		b->used = 0;
		b->size = size;
		if (size == n && a->head) {
			/* keep the current block open for small requests */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

static void sb_grow(strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_add(strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_adds(strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_addc(strbuf *b, char c)
{
	sb_add(b, &c, 1);
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

void sb_free(strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

bool read_file(const char *path, size_t limit, strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len <= limit)
		sb_add(out, chunk, got);
	bool failed = ferror(f);
	int err = errno;
	fclose(f);
	if (failed) {
		sb_free(out);
		errno = err ? err : EIO;
		return false;
	}
	return true;
}

static int n_errors, n_warnings;
static strbuf *captured;

void diag_capture(strbuf *b)
{
	captured = b;
}

void vdiag(enum diag_level level, srcpos pos, const char *fmt, va_list ap)
{
	static const char *const names[] = { "note", "warning", "error" };
	strbuf line = { 0 };
	if (level == DIAG_ERROR)
		n_errors++;
	else if (level == DIAG_WARNING)
		n_warnings++;
	if (pos.file)
		sb_printf(&line, "%s:%d:%d: ", pos.file, pos.line, pos.col);
	else
		sb_adds(&line, "satz: ");
	sb_printf(&line, "%s: ", names[level]);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *msg = xmalloc((size_t)n + 1);
	vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	sb_add(&line, msg, (size_t)n);
	sb_addc(&line, '\n');
	free(msg);
	if (captured)
		sb_add(captured, line.s, line.len);
	else
		fputs(line.s, stderr);
	sb_free(&line);
}

void diag(enum diag_level level, srcpos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(level, pos, fmt, ap);
	va_end(ap);
}

int diag_errors(void) { return n_errors; }
int diag_warnings(void) { return n_warnings; }
void diag_reset(void) { n_errors = n_warnings = 0; }

/* Levenshtein distance, bounded: words are keys, a few dozen bytes. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag_prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag_prev + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag_prev = up;
		}
	}
	return row[lb];
}

const char *closest_word(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (; *candidates; candidates++) {
		size_t d = edit_distance(word, *candidates);
		if (d < best_d) {
			best_d = d;
			best = *candidates;
		}
	}
	size_t len = strlen(word);
	size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

bool utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2; min = 0x80; c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3; min = 0x800; c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4; min = 0x10000; c &= 0x07;
		} else {
			goto bad;
		}
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto bad;
		i += len;
	}
	return true;
bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

int utf8_decode(const char *s, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	int len = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 :
		  (p[0] & 0xf8) == 0xf0 ? 4 : 1;
	unsigned c = len == 2 ? p[0] & 0x1f : len == 3 ? p[0] & 0x0f :
		     len == 4 ? p[0] & 0x07 : 0xfffd;
	for (int k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return k;
		}
		c = (c << 6) | (p[k] & 0x3f);
	}
	*cp = c;
	return len;
}

int utf8_encode(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* A limit from the environment (docs/robustness.md), else def; a value
 * that is not a whole number from 1 to max is reported once and ignored. */
size_t env_limit(const char *var, size_t def, size_t max)
{
	const char *v = getenv(var);
	if (!v || !*v)
		return def;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || *end || n < 1 || n > max || v[0] == '-') {
		static const char *warned;
		if (warned != var && max < 1000000)
			diag(DIAG_WARNING, (srcpos){ NULL, 0, 0 },
			     "%s='%s' is not a whole number from 1 to %zu; using %zu",
			     var, v, max, def);
		else if (warned != var)
			diag(DIAG_WARNING, (srcpos){ NULL, 0, 0 },
			     "%s='%s' is not a whole number above 0; using %zu", var, v, def);
		warned = var;
		return def;
	}
	return (size_t)n;
}

double clock_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bool idset_add(idset *s, int id)
{
	if (id <= 0)
		return true;
	size_t i = (size_t)id;
	if (i >= s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		while (cap <= i)
			cap *= 2;
		s->seen = xrealloc(s->seen, cap);
		memset(s->seen + s->cap, 0, cap - s->cap);
		s->cap = cap;
	}
	if (s->seen[i])
		return false;
	s->seen[i] = 1;
	return true;
}

void idset_free(idset *s)
{
	free(s->seen);
	s->seen = NULL;
	s->cap = 0;
}

#define VBUF_SPACE ((size_t)16 << 30)

void vbuf_init(vbuf *b)
{
	memset(b, 0, sizeof *b);
	void *p = mmap(NULL, VBUF_SPACE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p != MAP_FAILED) {
		b->s = p;
		b->cap = VBUF_SPACE;
		b->fixed = true;
	}
}

bool vbuf_add(vbuf *b, const void *s, size_t n)
{
	if (n > b->cap - b->len) {
		if (b->fixed)
			return false;
		size_t cap = b->cap ? b->cap : 1 << 16;
		while (cap - b->len < n)
			cap += cap / 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	return true;
}

void vbuf_drop(const vbuf *b, const void *s, size_t n)
{
	const unsigned char *p = s;
	long size = sysconf(_SC_PAGESIZE);
	/* not b->len: the writing thread moves it while another drops */
	if (!b->fixed || size <= 0 || p < b->s || p + n > b->s + b->cap)
		return;
	uintptr_t page = (uintptr_t)size, from = ((uintptr_t)p + page - 1) & ~(page - 1),
		  to = ((uintptr_t)p + n) & ~(page - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

void vbuf_free(vbuf *b)
{
	if (b->fixed)
		munmap(b->s, b->cap);
	else
		free(b->s);
	memset(b, 0, sizeof *b);
}
