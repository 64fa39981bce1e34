/* hyphenate: Liang's pattern algorithm over a trie mapped from the data
 * file, with the project's exception list used first. */
#include "hyphenate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

/* The data file is read by mapping it, without parsing, so it is laid out
 * as the arrays the algorithm walks.  Integers are in the byte order of the
 * machine that wrote it (it is made by the build; another order is
 * rejected).  After the header:
 *   alpha[n_alpha]      uint32: code point of symbol s+1, ascending; the
 *                       word boundary is '.'; symbol 0 is "no pattern
 *                       has this letter" and is on no edge
 *   first[n_nodes + 1]  uint32: the edges of node v are first[v] up to
 *                       first[v+1], ordered by symbol; node 0 is the root
 *   value[n_nodes]      uint32: 0, or 1 + where node v's pattern values
 *                       start in values[]
 *   child[n_edges]      uint32: node an edge leads to
 *   sym[n_edges]        uint8: symbol of an edge
 *   values[n_values]    uint8 runs, each ended by 0: (offset << 4 | digit)
 *                       for the pattern's nonzero digits, offset k being
 *                       the gap before its k-th symbol */
enum { HYF_VERSION = 1, HYF_BYTE_ORDER = 0x01020304, HYF_MAX_PATTERN = 15 };
static const char hyf_magic[8] = "SATZHYF";

struct hyf_header {
	char magic[8];
	uint32_t version, byte_order, file_size;
	uint32_t n_alpha, n_nodes, n_edges, n_values, n_patterns;
	uint32_t off_alpha, off_first, off_value, off_child, off_sym;
	uint32_t off_values;
	char source[64];        /* file name of the patterns, for people */
};
_Static_assert(sizeof(struct hyf_header) == 8 + 14 * 4 + 64,
	       "the header has no padding");

/* Longer "words" are not words; they get no breaks and cost nothing. */
enum { MAX_CHARS = 256 };

/* An exception: a lower-cased word and where it breaks. */
struct exc {
	char *key;              /* lower-cased UTF-8, NULL in a free slot */
	size_t key_len;
	int n_chars;
	int line;
	bool *marks;            /* marks[k]: break before letter k */
};

struct hyph_dict {
	void *map;
	size_t map_size;
	const uint32_t *alpha, *first, *value, *child;
	const uint8_t *sym, *values;
	uint32_t n_alpha, n_nodes, n_edges, n_values;
	uint8_t latin[256];     /* symbol of each code point below 256 */
	struct exc *exc;        /* open addressing, exc_cap a power of 2 */
	size_t exc_cap, exc_len;
	char *paths[2];
	const char *files[3];
};

/* Letters: Latin (with the extended blocks), Greek, Cyrillic.  Everything
 * else makes a word something else (a number, a URL, a symbol). */
static bool is_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	       (c >= 0x386 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff) ||
	       (c >= 0x1e00 && c <= 0x1eff);
}

static unsigned to_lower(unsigned c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c == 0x130)
		return 'i';
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c & 1 ? c + 1 : c;
	if (c == 0x178)
		return 0xff;
	if (c == 0x1e9e)        /* capital sharp s */
		return 0xdf;
	if ((c >= 0x1e00 && c <= 0x1e95) || (c >= 0x1ea0 && c <= 0x1eff))
		return c | 1;
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

static bool is_upper(unsigned c)
{
	return to_lower(c) != c;
}

static int symbol_of(const hyph_dict *d, unsigned c)
{
	if (c < 256)
		return d->latin[c];
	size_t lo = 0, hi = d->n_alpha;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->alpha[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n_alpha && d->alpha[lo] == c ? (int)lo + 1 : 0;
}

/* FNV-1a; keys are short words. */
static size_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* ---- Loading ---------------------------------------------------------- */

static bool section_ok(const struct hyf_header *h, uint32_t off,
		       uint32_t count, size_t size, size_t align)
{
	return off % align == 0 && off >= sizeof *h &&
	       (uint64_t)off + (uint64_t)count * size <= h->file_size;
}

/* Checks everything the walk relies on, so a damaged file is an error
 * here and never a read out of bounds later. */
static const char *check_data(hyph_dict *d, const unsigned char *base,
			      size_t size)
{
	struct hyf_header h;
	if (size < sizeof h)
		return "too short";
	memcpy(&h, base, sizeof h);
	if (memcmp(h.magic, hyf_magic, sizeof hyf_magic) != 0)
		return "not a satz hyphenation file";
	if (h.byte_order != HYF_BYTE_ORDER)
		return "made on a machine of another byte order";
	if (h.version != HYF_VERSION)
		return "made by another version of mkhyph";
	if (h.file_size != size)
		return "truncated";
	if (h.n_alpha == 0 || h.n_alpha > 255 || h.n_nodes == 0 ||
	    !section_ok(&h, h.off_alpha, h.n_alpha, 4, 4) ||
	    !section_ok(&h, h.off_first, h.n_nodes + 1, 4, 4) ||
	    !section_ok(&h, h.off_value, h.n_nodes, 4, 4) ||
	    !section_ok(&h, h.off_child, h.n_edges, 4, 4) ||
	    !section_ok(&h, h.off_sym, h.n_edges, 1, 1) ||
	    !section_ok(&h, h.off_values, h.n_values, 1, 1))
		return "bad section table";
	d->alpha = (const uint32_t *)(base + h.off_alpha);
	d->first = (const uint32_t *)(base + h.off_first);
	d->value = (const uint32_t *)(base + h.off_value);
	d->child = (const uint32_t *)(base + h.off_child);
	d->sym = base + h.off_sym;
	d->values = base + h.off_values;
	d->n_alpha = h.n_alpha;
	d->n_nodes = h.n_nodes;
	d->n_edges = h.n_edges;
	d->n_values = h.n_values;
	for (uint32_t i = 1; i < h.n_alpha; i++)
		if (d->alpha[i] <= d->alpha[i - 1])
			return "alphabet out of order";
	if (d->first[0] != 0 || d->first[h.n_nodes] != h.n_edges)
		return "bad node table";
	for (uint32_t v = 0; v < h.n_nodes; v++) {
		if (d->first[v + 1] < d->first[v])
			return "bad node table";
		if (d->value[v] > h.n_values)
			return "bad value index";
	}
	for (uint32_t e = 0; e < h.n_edges; e++)
		if (d->child[e] >= h.n_nodes || d->sym[e] == 0 ||
		    d->sym[e] > h.n_alpha)
			return "bad edge";
	if (h.n_values > 0 && d->values[h.n_values - 1] != 0)
		return "bad values";
	memset(d->latin, 0, sizeof d->latin);
	for (uint32_t i = 0; i < h.n_alpha; i++)
		if (d->alpha[i] < 256)
			d->latin[d->alpha[i]] = (uint8_t)(i + 1);
	if (d->latin['.'] == 0)
		return "no word boundary symbol";
	return NULL;
}

static bool map_data(hyph_dict *d, const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: %s (it is made by "
		     "src/tools/mkhyph; run make)", path, strerror(errno));
		return false;
	}
	struct stat st;
	void *map = MAP_FAILED;
	const char *why = NULL;
	if (fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (st.st_size < (off_t)sizeof(struct hyf_header) ||
		 (uint64_t)st.st_size > UINT32_MAX)
		why = "not a satz hyphenation file";
	else if ((map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			     fd, 0)) == MAP_FAILED)
		why = strerror(errno);
	close(fd);
	if (!why) {
		d->map = map;
		d->map_size = (size_t)st.st_size;
		why = check_data(d, map, d->map_size);
	}
	if (why) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: %s (remake it with "
		     "src/tools/mkhyph)", path, why);
		return false;
	}
	return true;
}

static struct exc *exc_slot(const hyph_dict *d, const char *key, size_t n)
{
	if (!d->exc_cap)
		return NULL;
	size_t mask = d->exc_cap - 1;
	for (size_t i = hash_bytes(key, n) & mask;; i = (i + 1) & mask) {
		struct exc *x = &d->exc[i];
		if (!x->key || (x->key_len == n && memcmp(x->key, key, n) == 0))
			return x;
	}
}

static void exc_grow(hyph_dict *d)
{
	struct exc *old = d->exc;
	size_t old_cap = d->exc_cap;
	d->exc_cap = old_cap ? old_cap * 2 : 64;
	d->exc = xcalloc(d->exc_cap, sizeof *d->exc);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key)
			*exc_slot(d, old[i].key, old[i].key_len) = old[i];
	free(old);
}

/* One line of the exception list, comment and blanks removed. */
static void add_exception(hyph_dict *d, const char *file, int line_no,
			  int col0, const char *s, size_t n)
{
	srcpos pos = { file, line_no, col0 };
	size_t bad;
	if (!utf8_valid(s, n, &bad)) {
		pos.col += (int)utf8_chars(s, bad);
		diag(DIAG_ERROR, pos, "invalid UTF-8");
		return;
	}
	strbuf key = { 0 };
	bool marks[MAX_CHARS + 1] = { false };
	int n_chars = 0;
	bool hyphen = false;
	for (size_t i = 0; i < n;) {
		unsigned c;
		int k = utf8_decode(s + i, &c);
		if (c == '-') {
			if (n_chars == 0 || hyphen || i + 1 == n) {
				diag(DIAG_ERROR, pos, "a '-' must stand "
				     "between two letters, as in "
				     "'Ge-samt-stra-te-gie'");
				goto skip;
			}
			hyphen = true;
		} else if (c == ' ' || c == '\t') {
			diag(DIAG_ERROR, pos, "one word a line (put '#' before "
			     "a comment)");
			goto skip;
		} else if (!is_letter(c)) {
			diag(DIAG_ERROR, pos, "'%.*s' is not a letter; a word "
			     "with digits, dots or symbols is never hyphenated",
			     k, s + i);
			goto skip;
		} else if (n_chars == MAX_CHARS) {
			diag(DIAG_ERROR, pos, "word longer than %d letters",
			     MAX_CHARS);
			goto skip;
		} else {
			marks[n_chars++] = hyphen;
			hyphen = false;
			char buf[4];
			int w = utf8_encode(to_lower(c), buf);
			sb_add(&key, buf, (size_t)w);
		}
		i += (size_t)k;
		pos.col++;
	}
	if (n_chars == 0)
		goto skip;
	if ((d->exc_len + 1) * 2 > d->exc_cap)
		exc_grow(d);
	struct exc *x = exc_slot(d, key.s, key.len);
	if (x->key) {
		diag(DIAG_WARNING, (srcpos){ file, line_no, col0 },
		     "'%.*s' is listed before, on line %d; this line counts",
		     (int)n, s, x->line);
		free(x->marks);
		free(key.s);
	} else {
		x->key = key.s;
		x->key_len = key.len;
		d->exc_len++;
	}
	x->n_chars = n_chars;
	x->line = line_no;
	x->marks = memcpy(xmalloc((size_t)n_chars), marks, (size_t)n_chars);
	return;
skip:
	sb_free(&key);
}

static bool read_exceptions(hyph_dict *d, const char *path)
{
	strbuf text = { 0 };
	if (!read_file(path, SIZE_MAX - 1, &text)) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: %s", path, strerror(errno));
		return false;
	}
	const char *s = text.s ? text.s : "";
	if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;         /* a byte order mark some editors write */
	int line_no = 1;
	while (*s) {
		size_t len = strcspn(s, "\n");
		size_t end = strcspn(s, "#\n");
		size_t beg = 0;
		while (beg < end && (s[beg] == ' ' || s[beg] == '\t'))
			beg++;
		while (end > beg && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
				     s[end - 1] == '\r'))
			end--;
		if (end > beg)
			add_exception(d, path, line_no, 1 + (int)beg,
				      s + beg, end - beg);
		s += len + (s[len] == '\n');
		line_no++;
	}
	sb_free(&text);
	return true;
}

hyph_dict *hyph_load(const char *data_path, const char *exceptions_path)
{
	hyph_dict *d = xcalloc(1, sizeof *d);
	if (!map_data(d, data_path) ||
	    (exceptions_path && !read_exceptions(d, exceptions_path))) {
		hyph_free(d);
		return NULL;
	}
	int n = 0;
	d->paths[0] = xstrdup(data_path);
	d->files[n++] = d->paths[0];
	if (exceptions_path) {
		d->paths[1] = xstrdup(exceptions_path);
		d->files[n++] = d->paths[1];
	}
	d->files[n] = NULL;
	return d;
}

void hyph_free(hyph_dict *d)
{
	if (!d)
		return;
	if (d->map)
		munmap(d->map, d->map_size);
	for (size_t i = 0; i < d->exc_cap; i++) {
		free(d->exc[i].key);
		free(d->exc[i].marks);
	}
	free(d->exc);
	free(d->paths[0]);
	free(d->paths[1]);
	free(d);
}

const char *const *hyph_files(const hyph_dict *d)
{
	return d->files;
}

/* ---- Hyphenating ------------------------------------------------------ */

/* Liang: every pattern that matches somewhere in the word raises the
 * values in the gaps it covers; odd values are breaks.  sym[0..n+1] is the
 * word between boundary symbols, pts[0..n+2] starts at zero; pts[k] is the
 * gap before sym[k]. */
static void liang(const hyph_dict *d, const uint8_t *sym, int n, uint8_t *pts)
{
	for (int i = 0; i <= n + 1; i++) {
		uint32_t v = 0;
		for (int j = i; j <= n + 1; j++) {
			uint8_t s = sym[j];
			uint32_t e = d->first[v], end = d->first[v + 1];
			while (e < end && d->sym[e] < s)
				e++;
			if (e == end || d->sym[e] != s)
				break;
			v = d->child[e];
			if (!d->value[v])
				continue;
			for (const uint8_t *p = d->values + d->value[v] - 1; *p;
			     p++) {
				int at = i + (*p >> 4);
				if (at <= n + 2 && pts[at] < (*p & 15))
					pts[at] = *p & 15;
			}
		}
	}
}

static bool in_ascii_set(unsigned c, const char *set)
{
	return c > 0 && c < 0x80 && strchr(set, (int)c);
}

static bool is_quote_or_bracket(unsigned c)
{
	return in_ascii_set(c, "\"'()[]{}") || c == 0xab || c == 0xbb ||
	       (c >= 0x2018 && c <= 0x201f) || c == 0x2039 || c == 0x203a;
}

static bool is_hyphen(unsigned c)
{
	return c == '-' || c == 0x2010;
}

/* The code point that ends at byte end (> 0) of s, and where it starts. */
static unsigned last_char(const char *s, size_t end, size_t *start)
{
	size_t i = end - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	unsigned c;
	utf8_decode(s + i, &c);
	*start = i;
	return c;
}

/* Narrows [*b, *e) to the word inside enclosing punctuation. */
static void trim_punctuation(const char *s, size_t *b, size_t *e)
{
	while (*b < *e) {
		unsigned c;
		int k = utf8_decode(s + *b, &c);
		if (!is_quote_or_bracket(c) && c != 0xbf && c != 0xa1)
			break;
		*b += (size_t)k;
	}
	bool dot = false;
	while (*e > *b) {
		size_t start;
		unsigned c = last_char(s, *e, &start);
		if (c == '.' && !dot)
			dot = true;
		else if (!is_quote_or_bracket(c) && !in_ascii_set(c, ",;:!?") &&
			 c != 0x2026)
			break;
		*e = start;
	}
}

int hyph_word(const hyph_dict *d, const char *word, size_t len,
	      int left_min, int right_min, bool *breaks)
{
	if (len)
		memset(breaks, 0, len);
	if (!utf8_valid(word, len, NULL))
		return 0;
	size_t b = 0, e = len;
	trim_punctuation(word, &b, &e);

	/* The characters of the word, where they start, and what they are. */
	unsigned cps[MAX_CHARS + 1];
	size_t at[MAX_CHARS + 1];
	int n = 0, n_letters = 0, n_upper = 0, inner_hyphens = 0;
	bool soft = false, upper_inside = false;
	for (size_t i = b; i < e;) {
		if (n == MAX_CHARS)
			return 0;
		unsigned c;
		int k = utf8_decode(word + i, &c);
		if (is_letter(c)) {
			if (is_upper(c)) {
				n_upper++;
				upper_inside |= n_letters > 0;
			}
			n_letters++;
		} else if (is_hyphen(c) || c == 0x2011) {
			inner_hyphens += i > b && i + (size_t)k < e;
		} else if (c == 0xad) {
			soft = true;
		} else {
			return 0;       /* digits, dots, URLs, symbols */
		}
		cps[n] = c;
		at[n++] = i;
		i += (size_t)k;
	}
	at[n] = e;
	if (left_min < 1)
		left_min = 1;
	if (right_min < 1)
		right_min = 1;
	if (n_letters < HYPH_MIN_WORD)
		return 0;

	/* Existing hyphens and soft hyphens are the only breaks. */
	int count = 0;
	if (inner_hyphens || soft) {
		int seen = 0;
		for (int i = 0; i < n; i++) {
			if (is_letter(cps[i])) {
				seen++;
				continue;
			}
			if ((is_hyphen(cps[i]) || cps[i] == 0xad) &&
			    seen >= left_min && n_letters - seen >= right_min &&
			    i + 1 < n && is_letter(cps[i + 1])) {
				breaks[at[i + 1]] = true;
				count++;
			}
		}
		return count;
	}

	/* Only letters now, maybe after or before one hyphen: the word's
	 * lower-cased letters, as symbols and as the exceptions' key. */
	int first = is_letter(cps[0]) ? 0 : 1;
	int last = is_letter(cps[n - 1]) ? n : n - 1;
	uint8_t sym[MAX_CHARS + 2];
	char key[4 * MAX_CHARS];
	size_t key_len = 0;
	sym[0] = d->latin['.'];
	for (int i = first; i < last; i++) {
		unsigned c = to_lower(cps[i]);
		sym[i - first + 1] = (uint8_t)symbol_of(d, c);
		key_len += (size_t)utf8_encode(c, key + key_len);
	}
	int m = last - first;
	sym[m + 1] = d->latin['.'];

	uint8_t pts[MAX_CHARS + 3] = { 0 };
	struct exc *x = exc_slot(d, key, key_len);
	if (x && x->key) {
		for (int k = 1; k < m; k++)
			pts[k + 1] = x->marks[k];
	} else {
		/* Abbreviations and names written with inner capitals. */
		bool all_caps = n_upper == n_letters;
		if ((all_caps && n_letters <= 5) || (upper_inside && !all_caps))
			return 0;
		liang(d, sym, m, pts);
	}
	for (int k = left_min; k <= m - right_min; k++) {
		if (pts[k + 1] & 1) {
			breaks[at[first + k]] = true;
			count++;
		}
	}
	return count;
}

char *hyph_show(const hyph_dict *d, const char *word)
{
	size_t len = strlen(word);
	bool *breaks = xmalloc(len + 1);
	hyph_word(d, word, len, HYPH_LEFT_MIN, HYPH_RIGHT_MIN, breaks);
	strbuf b = { 0 };
	sb_add(&b, "", 0);
	for (size_t i = 0; i < len;) {
		if (breaks[i]) {
			size_t start;
			unsigned prev = last_char(word, i, &start);
			if (!is_hyphen(prev))
				sb_addc(&b, '-');
		}
		unsigned c;
		int k = utf8_decode(word + i, &c);
		if (c != 0xad)
			sb_add(&b, word + i, (size_t)k);
		i += (size_t)k;
	}
	free(breaks);
	return b.s;
}

/* ---- Compiling the patterns (build time) ------------------------------ */

struct pattern {
	unsigned *cps;          /* letters and '.', lower-case */
	uint8_t digits[HYF_MAX_PATTERN + 1];
	int len;
	srcpos pos;
};

struct bnode {
	uint32_t *kids;         /* indexes of nodes, ordered by symbol */
	uint8_t *kid_sym;
	int n_kids, cap_kids;
	int pattern;            /* index into the patterns, or -1 */
};

/* One whitespace-separated pattern such as ".ab3a" or "2z3um4t". */
static bool parse_pattern(const char *s, size_t n, srcpos pos,
			  struct pattern *p)
{
	memset(p, 0, sizeof *p);
	p->pos = pos;
	size_t bad;
	if (!utf8_valid(s, n, &bad)) {
		diag(DIAG_ERROR, pos, "invalid UTF-8");
		return false;
	}
	unsigned cps[HYF_MAX_PATTERN + 1];
	bool digit = false;
	for (size_t i = 0; i < n;) {
		unsigned c;
		int k = utf8_decode(s + i, &c);
		if (c >= '0' && c <= '9') {
			if (digit) {
				diag(DIAG_ERROR, pos, "two digits in a row in "
				     "pattern '%.*s'", (int)n, s);
				return false;
			}
			digit = true;
			p->digits[p->len] = (uint8_t)(c - '0');
		} else if (p->len == HYF_MAX_PATTERN) {
			diag(DIAG_ERROR, pos, "pattern '%.*s' is longer "
			     "than %d letters", (int)n, s, HYF_MAX_PATTERN);
			return false;
		} else if (c == '.' ? (p->len > 0 && i + (size_t)k < n) :
			   !is_letter(c) || is_upper(c)) {
			diag(DIAG_ERROR, pos, "'%.*s' in pattern '%.*s': "
			     "patterns have lower-case letters, digits and '.' "
			     "at their ends", k, s + i, (int)n, s);
			return false;
		} else {
			cps[p->len++] = c;
			digit = false;
		}
		i += (size_t)k;
	}
	if (p->len == 0 || (p->len == 1 && cps[0] == '.')) {
		diag(DIAG_ERROR, pos, "pattern '%.*s' has no letters",
		     (int)n, s);
		return false;
	}
	p->cps = memcpy(xmalloc((size_t)p->len * sizeof *cps), cps,
			(size_t)p->len * sizeof *cps);
	return true;
}

struct patterns {
	struct pattern *v;
	size_t len, cap;
};

static void add_pattern(struct patterns *ps, const char *s, size_t n,
			srcpos pos)
{
	struct pattern p;
	if (!parse_pattern(s, n, pos, &p))
		return;
	if (ps->len == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4096;
		ps->v = xrealloc(ps->v, ps->cap * sizeof *ps->v);
	}
	ps->v[ps->len++] = p;
}

/* TeX syntax as far as pattern files use it: '%' comments, control words,
 * braced groups.  Only \patterns{...} counts when the file has it; a file
 * without it is a plain list of patterns.  Returns whether it has it; adds
 * to ps the patterns inside it (group) or outside any group (!group). */
static bool parse_patterns(const char *path, const char *s, bool group,
			   struct patterns *ps)
{
	srcpos pos = { path, 1, 1 };
	int depth = 0, group_depth = -1;  /* depth inside \patterns{ */
	bool seen = false;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == '%') {
			s += strcspn(s, "\n");
		} else if (c == '\n') {
			s++;
			pos.line++;
			pos.col = 1;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			s++;
			pos.col++;
		} else if (c == '{') {
			depth++;
			s++;
			pos.col++;
		} else if (c == '}') {
			if (depth == group_depth)
				group_depth = -1;
			depth -= depth > 0;
			s++;
			pos.col++;
		} else if (c == '\\') {
			size_t n = 1;
			while ((s[n] >= 'a' && s[n] <= 'z') ||
			       (s[n] >= 'A' && s[n] <= 'Z'))
				n++;
			if (n == 1 && s[n])
				n++;
			if (n == 9 && strncmp(s, "\\patterns", 9) == 0 &&
			    s[n] == '{') {
				group_depth = depth + 1;
				seen = true;
			} else if (ps && n == 12 && s[n] == '{' &&
				   strncmp(s, "\\hyphenation", 12) == 0) {
				diag(DIAG_WARNING, pos, "\\hyphenation{...} "
				     "is left out; such words belong in the "
				     "exception list");
			}
			s += n;
			pos.col += (int)n;
		} else {
			size_t n = strcspn(s, " \t\r\n%{}\\");
			if (ps && (group ? depth == group_depth : depth == 0))
				add_pattern(ps, s, n, pos);
			pos.col += (int)utf8_chars(s, n);
			s += n;
		}
	}
	return seen;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

/* The trie while it is built: growable nodes over the parsed patterns. */
struct builder {
	struct patterns ps;
	unsigned *alpha;        /* code point of symbol s+1 */
	size_t n_alpha;
	struct bnode *nodes;
	size_t n_nodes, cap_nodes;
};

static bool read_patterns(struct builder *bd, const char *path)
{
	strbuf text = { 0 };
	if (!read_file(path, SIZE_MAX - 1, &text)) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: %s", path, strerror(errno));
		return false;
	}
	int errors = diag_errors();
	const char *src = text.s ? text.s : "";
	bool group = parse_patterns(path, src, true, NULL);
	parse_patterns(path, src, group, &bd->ps);
	sb_free(&text);
	if (diag_errors() != errors)
		return false;
	if (bd->ps.len == 0) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: no patterns", path);
		return false;
	}
	return true;
}

/* The alphabet: every code point the patterns use, and '.'. */
static bool make_alphabet(struct builder *bd, const char *path)
{
	size_t n = 1;
	for (size_t i = 0; i < bd->ps.len; i++)
		n += (size_t)bd->ps.v[i].len;
	unsigned *a = bd->alpha = xmalloc(n * sizeof *a);
	n = 0;
	a[n++] = '.';
	for (size_t i = 0; i < bd->ps.len; i++)
		for (int k = 0; k < bd->ps.v[i].len; k++)
			a[n++] = bd->ps.v[i].cps[k];
	qsort(a, n, sizeof *a, cmp_unsigned);
	bd->n_alpha = 0;
	for (size_t i = 0; i < n; i++)
		if (bd->n_alpha == 0 || a[i] != a[bd->n_alpha - 1])
			a[bd->n_alpha++] = a[i];
	if (bd->n_alpha > 255) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: more than 255 different "
		     "letters", path);
		return false;
	}
	return true;
}

static uint32_t bnode_new(struct builder *bd)
{
	if (bd->n_nodes == bd->cap_nodes) {
		bd->cap_nodes = bd->cap_nodes ? bd->cap_nodes * 2 : 4096;
		bd->nodes = xrealloc(bd->nodes,
				     bd->cap_nodes * sizeof *bd->nodes);
	}
	bd->nodes[bd->n_nodes] = (struct bnode){ NULL, NULL, 0, 0, -1 };
	return (uint32_t)bd->n_nodes++;
}

/* The child of node v for symbol s, made if missing. */
static uint32_t bnode_child(struct builder *bd, uint32_t v, uint8_t s)
{
	struct bnode *b = &bd->nodes[v];
	int j = 0;
	while (j < b->n_kids && b->kid_sym[j] < s)
		j++;
	if (j < b->n_kids && b->kid_sym[j] == s)
		return b->kids[j];
	uint32_t w = bnode_new(bd);
	b = &bd->nodes[v];
	if (b->n_kids == b->cap_kids) {
		b->cap_kids = b->cap_kids ? b->cap_kids * 2 : 2;
		b->kids = xrealloc(b->kids,
				   (size_t)b->cap_kids * sizeof *b->kids);
		b->kid_sym = xrealloc(b->kid_sym, (size_t)b->cap_kids);
	}
	size_t after = (size_t)(b->n_kids - j);
	memmove(b->kids + j + 1, b->kids + j, after * sizeof *b->kids);
	memmove(b->kid_sym + j + 1, b->kid_sym + j, after);
	b->kids[j] = w;
	b->kid_sym[j] = s;
	b->n_kids++;
	return w;
}

static void insert_pattern(struct builder *bd, size_t i)
{
	struct pattern *p = &bd->ps.v[i];
	uint32_t v = 0;
	for (int k = 0; k < p->len; k++) {
		unsigned *hit = bsearch(&p->cps[k], bd->alpha, bd->n_alpha,
					sizeof *bd->alpha, cmp_unsigned);
		v = bnode_child(bd, v, (uint8_t)(hit - bd->alpha + 1));
	}
	if (bd->nodes[v].pattern < 0) {
		bd->nodes[v].pattern = (int)i;
		return;
	}
	/* TeX refuses these; patgen never writes them. */
	struct pattern *q = &bd->ps.v[bd->nodes[v].pattern];
	diag(DIAG_WARNING, p->pos, "pattern repeated (first on line %d); "
	     "the higher values count", q->pos.line);
	for (int k = 0; k <= p->len; k++)
		if (q->digits[k] < p->digits[k])
			q->digits[k] = p->digits[k];
}

/* The values of a pattern as stored: (offset << 4 | digit) and a 0; runs
 * that are the same are stored once. */
struct value_runs {
	strbuf bytes;
	uint32_t *slots;        /* 1 + offset of a run, 0 when free */
	size_t cap;
};

static uint32_t value_run(struct value_runs *r, const struct pattern *p)
{
	char run[HYF_MAX_PATTERN + 2];
	size_t n = 0;
	for (int k = 0; k <= p->len; k++)
		if (p->digits[k])
			run[n++] = (char)(k << 4 | p->digits[k]);
	if (n == 0)
		return 0;
	run[n++] = 0;
	size_t mask = r->cap - 1;
	for (size_t i = hash_bytes(run, n) & mask;; i = (i + 1) & mask) {
		uint32_t v = r->slots[i];
		if (!v) {
			r->slots[i] = (uint32_t)r->bytes.len + 1;
			sb_add(&r->bytes, run, n);
			return r->slots[i];
		}
		if (v - 1 + n <= r->bytes.len &&
		    memcmp(r->bytes.s + v - 1, run, n) == 0)
			return v;
	}
}

static bool write_data(const char *path, const struct hyf_header *h,
		       const void *const *parts, const size_t *sizes, int n)
{
	strbuf tmp = { 0 };
	sb_printf(&tmp, "%s.tmp", path);
	FILE *f = fopen(tmp.s, "wb");
	bool ok = f != NULL;
	if (ok) {
		ok = fwrite(h, sizeof *h, 1, f) == 1;
		for (int i = 0; ok && i < n; i++)
			ok = sizes[i] == 0 ||
			     fwrite(parts[i], sizes[i], 1, f) == 1;
		ok = (fclose(f) == 0) && ok;
		if (ok)
			ok = rename(tmp.s, path) == 0;
		if (!ok)
			remove(tmp.s);
	}
	if (!ok)
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: %s", path,
		     strerror(errno));
	sb_free(&tmp);
	return ok;
}

/* Lays the trie out breadth first, so that each node's edges are
 * consecutive, and writes the data file. */
static bool write_trie(const struct builder *bd, const char *patterns_path,
		       const char *out_path)
{
	size_t n = bd->n_nodes;
	uint32_t *order = xmalloc(n * sizeof *order);
	uint32_t *first = xcalloc(n + 1, sizeof *first);
	uint32_t *value = xcalloc(n, sizeof *value);
	uint32_t *child = xmalloc(n * sizeof *child);
	uint32_t *alpha = xmalloc(bd->n_alpha * sizeof *alpha);
	uint8_t *sym = xmalloc(n);
	struct value_runs runs = { { 0 }, NULL, 1 };
	while (runs.cap < bd->ps.len * 2 + 16)
		runs.cap *= 2;
	runs.slots = xcalloc(runs.cap, sizeof *runs.slots);
	sb_add(&runs.bytes, "", 0);
	size_t n_edges = 0, tail = 1;
	order[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bnode *b = &bd->nodes[order[i]];
		first[i] = (uint32_t)n_edges;
		if (b->pattern >= 0)
			value[i] = value_run(&runs, &bd->ps.v[b->pattern]);
		for (int j = 0; j < b->n_kids; j++) {
			sym[n_edges] = b->kid_sym[j];
			child[n_edges++] = (uint32_t)tail;
			order[tail++] = b->kids[j];
		}
	}
	first[n] = (uint32_t)n_edges;
	for (size_t i = 0; i < bd->n_alpha; i++)
		alpha[i] = bd->alpha[i];

	struct hyf_header h = { { 0 }, HYF_VERSION, HYF_BYTE_ORDER, 0,
		(uint32_t)bd->n_alpha, (uint32_t)n, (uint32_t)n_edges,
		(uint32_t)runs.bytes.len, (uint32_t)bd->ps.len,
		0, 0, 0, 0, 0, 0, { 0 } };
	memcpy(h.magic, hyf_magic, sizeof h.magic);
	const char *base = strrchr(patterns_path, '/');
	snprintf(h.source, sizeof h.source, "%s",
		 base ? base + 1 : patterns_path);
	const void *parts[] = { alpha, first, value, child, sym, runs.bytes.s };
	size_t sizes[] = { bd->n_alpha * 4, (n + 1) * 4, n * 4, n_edges * 4,
			   n_edges, runs.bytes.len };
	uint32_t *offs[] = { &h.off_alpha, &h.off_first, &h.off_value,
			     &h.off_child, &h.off_sym, &h.off_values };
	uint64_t off = sizeof h;
	for (int i = 0; i < 6; i++) {
		*offs[i] = (uint32_t)off;
		off += sizes[i];
	}
	bool ok = off <= UINT32_MAX;
	if (!ok) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "%s: too many patterns",
		     patterns_path);
	} else {
		h.file_size = (uint32_t)off;
		ok = write_data(out_path, &h, parts, sizes, 6);
	}
	free(order);
	free(first);
	free(value);
	free(child);
	free(alpha);
	free(sym);
	free(runs.slots);
	sb_free(&runs.bytes);
	return ok;
}

bool hyph_compile(const char *patterns_path, const char *out_path)
{
	struct builder bd = { 0 };
	bool ok = read_patterns(&bd, patterns_path) &&
		  make_alphabet(&bd, patterns_path);
	if (ok) {
		bnode_new(&bd);
		for (size_t i = 0; i < bd.ps.len; i++)
			insert_pattern(&bd, i);
		ok = write_trie(&bd, patterns_path, out_path);
	}
	for (size_t i = 0; i < bd.n_nodes; i++) {
		free(bd.nodes[i].kids);
		free(bd.nodes[i].kid_sym);
	}
	free(bd.nodes);
	for (size_t i = 0; i < bd.ps.len; i++)
		free(bd.ps.v[i].cps);
	free(bd.ps.v);
	free(bd.alpha);
	return ok;
}
