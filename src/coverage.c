/* coverage: texts against the characters of fonts/. */
#include "coverage.h"
#include "fonts.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	unsigned *cps;      /* the different characters missing, in order */
	size_t n, cap;
	srcpos at;          /* where the first of them is written */
} missing;

static void scan(missing *m, const char *s, size_t len, srcpos pos)
{
	for (size_t i = 0; i < len;) {
		unsigned cp;
		i += (size_t)utf8_decode(s + i, &cp);
		if (!fonts_lack(cp))
			continue;
		if (!m->n)
			m->at = pos;
		bool seen = false;
		for (size_t k = 0; k < m->n; k++)
			seen |= m->cps[k] == cp;
		if (seen)
			continue;
		if (m->n == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 8;
			m->cps = xrealloc(m->cps, m->cap * sizeof *m->cps);
		}
		m->cps[m->n++] = cp;
	}
}

/* Reports the characters of m, if any, and frees them. */
static void report(missing *m, bool show)
{
	if (!m->n || !show) {
		free(m->cps);
		return;
	}
	strbuf list = { 0 };
	for (size_t k = 0; k < m->n; k++) {
		char ch[8] = { 0 };
		utf8_encode(m->cps[k], ch);
		sb_printf(&list, "%sU+%04X %s", k ? ", " : "", m->cps[k], ch);
	}
	if (m->n == 1)
		diag(DIAG_WARNING, m->at, "no font in fonts/ has the character %s; it prints as "
		     "a box (use another character or add a font that has it)", list.s);
	else
		diag(DIAG_WARNING, m->at, "no font in fonts/ has the characters %s; they print "
		     "as boxes (use other characters or add a font that has them)", list.s);
	sb_free(&list);
	free(m->cps);
}

void coverage_text(const char *text, srcpos pos)
{
	missing m = { 0 };
	scan(&m, text, strlen(text), pos);
	report(&m, true);
}

/* The texts already checked, by position: a text included twice, or a
 * generated table's cells, are reported once. */
typedef struct {
	srcpos *seen;
	size_t n, cap;
} checked;

static bool first_time(checked *c, srcpos pos)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->seen[i].line == pos.line && c->seen[i].col == pos.col &&
		    (c->seen[i].file == pos.file ||
		     (c->seen[i].file && pos.file && strcmp(c->seen[i].file, pos.file) == 0)))
			return false;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->seen = xrealloc(c->seen, c->cap * sizeof *c->seen);
	}
	c->seen[c->n++] = pos;
	return true;
}

static void check_itext(checked *c, const itext *t)
{
	if (!t || !t->n)
		return;
	missing m = { 0 };
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		scan(&m, s->text, s->len, s->pos.line ? s->pos : t->pos);
		if (s->note)
			check_itext(c, s->note);   /* a note is a text of its own */
	}
	report(&m, m.n && first_time(c, t->pos.line ? t->pos : m.at));
}

/* A metadata value as written: a text or a list of texts. */
static void check_yaml(checked *c, const ynode *n)
{
	if (!n)
		return;
	if (n->kind == Y_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			check_yaml(c, n->items[i]);
		return;
	}
	if (n->kind != Y_SCALAR)
		return;
	srcpos at = n->pos;
	if (!n->plain && !memchr(n->value, '\n', n->len))
		at.col++;   /* the opening quote */
	missing m = { 0 };
	scan(&m, n->value, n->len, at);
	report(&m, m.n && first_time(c, at));
}

void coverage_document(const document *d)
{
	if (!fonts_context())
		return;
	checked c = { 0 };
	static const char *const meta[] = {
		"title", "subtitle", "publisher", "authors", "version", "keywords",
		"audience", "summary", NULL
	};
	for (size_t i = 0; d->root && meta[i]; i++)
		check_yaml(&c, ymap_get(d->root, meta[i]));
	block_iter it;
	block_iter_init(&it, d->body);
	for (const block *b; (b = block_iter_next(&it));) {
		check_itext(&c, &b->text);
		check_itext(&c, &b->term);
		check_itext(&c, &b->by);
		check_itext(&c, &b->caption);
		if (b->table)
			for (size_t k = 0; k < b->table->n_cols; k++)
				check_itext(&c, &b->table->cols[k].title);
		if (b->chart) {
			const chart_data *ch = b->chart;
			for (size_t k = 0; k < ch->n_labels; k++)
				coverage_text(ch->labels[k], b->pos);
		}
	}
	block_iter_free(&it);
	free(c.seen);
}
