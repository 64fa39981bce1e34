/* ligature: the word list of compound joints and its matching. */
#include "ligature.h"
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An entry: its letters, lower-cased, and a joint before letter k when
 * joint[k] is set. */
typedef struct {
	unsigned *cp;
	bool *joint;
	size_t n;
} entry;

struct lig_list {
	char *path;
	entry *e;
	size_t n;
};

/* Letters of the Latin alphabets German uses. */
static bool is_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) || c == 0x1e9e;
}

static unsigned lower(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 0x20;
	return c == 0x1e9e ? 0xdf : c;
}

static void add_entry(lig_list *l, const unsigned *cp, const bool *joint, size_t n)
{
	if ((l->n & (l->n - 1)) == 0)   /* grows at powers of two */
		l->e = xrealloc(l->e, (l->n ? 2 * l->n : 1) * sizeof *l->e);
	entry *e = &l->e[l->n++];
	e->cp = xmalloc(n * sizeof *e->cp);
	e->joint = xmalloc(n * sizeof *e->joint);
	memcpy(e->cp, cp, n * sizeof *cp);
	memcpy(e->joint, joint, n * sizeof *joint);
	e->n = n;
}

/* One line of the list; false after an error at its position. */
static bool parse_line(lig_list *l, const char *s, srcpos pos)
{
	unsigned cp[128];
	bool joint[128] = { false };
	size_t n = 0, joints = 0;
	for (size_t i = 0; s[i] && s[i] != '#' && s[i] != '\n';) {
		unsigned c;
		int k = utf8_decode(s + i, &c);
		srcpos at = pos;
		at.col += (int)utf8_chars(s, i);
		if (c == ' ' || c == '\t' || c == '\r') {
			i += (size_t)k;
			continue;
		}
		if (c == '|') {
			if (n < 2 || cp[n - 1] != 'f' || joint[n]) {
				diag(DIAG_ERROR, at, "a joint needs an 'f' and one more letter before "
				     "it (ligatures begin with f): write e.g. Auf|lage");
				return false;
			}
			joint[n] = true;
			joints++;
		} else if (!is_letter(c) || n == 127) {
			diag(DIAG_ERROR, at, n == 127 ? "entry longer than 127 letters" :
			     "'%.*s' is not a letter; an entry is a word with '|' at its joints, "
			     "e.g. Auf|lage", k, s + i);
			return false;
		} else {
			cp[n++] = lower(c);
		}
		i += (size_t)k;
	}
	if (n == 0)
		return true;   /* an empty or comment line */
	for (size_t k = 0; k <= n; k++)
		if (joint[k] && n - k < 2) {
			diag(DIAG_ERROR, pos, "entry ends right after a joint; give at least two "
			     "letters after it, so that it cannot match where there is none");
			return false;
		}
	if (!joints) {
		diag(DIAG_ERROR, pos, "entry without a joint inside it; mark the joint with "
		     "'|', e.g. Auf|lage");
		return false;
	}
	add_entry(l, cp, joint, n);
	return true;
}

/* Entries in the order of their first letter, so that a word's letter
 * finds the entries that can start there by a binary search. */
static int cmp_first(const void *a, const void *b)
{
	unsigned x = ((const entry *)a)->cp[0], y = ((const entry *)b)->cp[0];
	return x < y ? -1 : x > y;
}

lig_list *lig_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		diag(DIAG_ERROR, (srcpos){ path, 0, 0 }, "cannot read the ligature list: %s",
		     strerror(errno));
		return NULL;
	}
	lig_list *l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	char line[1024];
	bool ok = true;
	for (int no = 1; fgets(line, sizeof line, f); no++)
		ok &= parse_line(l, line, (srcpos){ l->path, no, 1 });
	fclose(f);
	if (!ok) {
		lig_free(l);
		return NULL;
	}
	if (l->n)
		qsort(l->e, l->n, sizeof *l->e, cmp_first);
	return l;
}

void lig_free(lig_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].cp);
		free(l->e[i].joint);
	}
	free(l->e);
	free(l->path);
	free(l);
}

const char *lig_path(const lig_list *l)
{
	return l->path;
}

/* The first entry whose first letter is not below c. */
static size_t first_entry(const lig_list *l, unsigned c)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->e[mid].cp[0] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Marks the joints of the entries in one word: cp[0..n) lower-cased,
 * at[k] the byte offset of letter k in the text. */
static size_t mark_word(const lig_list *l, const unsigned *cp, const size_t *at, size_t n,
			bool *joints)
{
	size_t count = 0;
	for (size_t s = 0; s + 1 < n; s++)
		for (size_t i = first_entry(l, cp[s]); i < l->n && l->e[i].cp[0] == cp[s]; i++) {
			const entry *e = &l->e[i];
			if (s + e->n > n)
				continue;
			size_t k = 1;
			while (k < e->n && cp[s + k] == e->cp[k])
				k++;
			if (k < e->n)
				continue;
			for (k = 1; k < e->n; k++)
				if (e->joint[k] && !joints[at[s + k]]) {
					joints[at[s + k]] = true;
					count++;
				}
		}
	return count;
}

size_t lig_joints(const lig_list *l, const char *text, size_t len, bool *joints)
{
	memset(joints, 0, len + 1);
	if (!l)
		return 0;
	unsigned cp[256];
	size_t at[256], n = 0, count = 0;
	bool f = false;
	for (size_t i = 0; i <= len;) {
		unsigned c = 0;
		int k = i < len ? utf8_decode(text + i, &c) : 1;
		if (i < len && is_letter(c) && n < 256) {
			cp[n] = lower(c);
			f |= cp[n] == 'f';
			at[n++] = i;
		} else {
			/* only words with an f can hold an f-ligature */
			if (f)
				count += mark_word(l, cp, at, n, joints);
			n = 0;
			f = false;
		}
		i += (size_t)k;
	}
	return count;
}

char *lig_show(const lig_list *l, const char *word)
{
	size_t len = strlen(word);
	bool *joints = xmalloc(len + 1);
	lig_joints(l, word, len, joints);
	strbuf b = { 0 };
	sb_add(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		if (joints[i])
			sb_addc(&b, '|');
		sb_addc(&b, word[i]);
	}
	free(joints);
	return b.s;
}
