/* synopse: two versions of a document compared on their models and set
 * side by side (see synopse.h and docs/releases.md). */
#include "synopse.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"

/* --- the difference of two sequences -------------------------------------
 * Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its
 * Variations", 1986), written here because Debian packages no C library
 * that diffs sequences of words.  Its cost grows with the number of
 * differences D, not with the length: a long paragraph with a changed word
 * is cheap.  It keeps the furthest points of every step (D squared
 * integers) to walk back, so D is capped; past the cap the two sequences
 * count as wholly different. */

/* Edits past which two sequences count as wholly different. */
#define MAX_EDITS 2000

/* A compared thing: a word, or a paragraph's whole text. */
typedef struct {
	const char *s;
	size_t n;
	uint32_t h;           /* FNV-1a of s[0..n) */
} tok;

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static tok tok_of(const char *s, size_t n)
{
	return (tok){ s, n, hash(s, n) };
}

static bool tok_eq(const tok *a, const tok *b)
{
	return a->h == b->h && a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

enum { ED_SAME, ED_DEL, ED_INS };

/* One step of an edit script: SAME keeps a[i] (= b[j]), DEL drops a[i],
 * INS adds b[j]. */
typedef struct {
	unsigned char op;
	size_t i, j;
} edit;

typedef struct {
	edit *e;
	size_t n, cap;
	size_t changes;       /* DEL and INS steps */
} script;

static void script_add(script *s, unsigned char op, size_t i, size_t j)
{
	if (s->n == s->cap)
		s->e = xrealloc(s->e, (s->cap = s->cap ? 2 * s->cap : 16) * sizeof *s->e);
	s->e[s->n++] = (edit){ op, i, j };
	s->changes += op != ED_SAME;
}

/* The shortest edit script from a[0..n) to b[0..m) into out (appended);
 * false, with out unchanged, when it needs more than max_d changes. */
static bool diff(const tok *a, size_t n, const tok *b, size_t m, size_t max_d, script *out)
{
	size_t pre = 0, suf = 0;
	while (pre < n && pre < m && tok_eq(&a[pre], &b[pre]))
		pre++;
	while (suf < n - pre && suf < m - pre && tok_eq(&a[n - 1 - suf], &b[m - 1 - suf]))
		suf++;
	const tok *A = a + pre, *B = b + pre;
	int N = (int)(n - pre - suf), M = (int)(m - pre - suf);
	int lim = N + M;
	if ((size_t)lim > max_d)
		lim = (int)max_d;
	if (lim > MAX_EDITS)
		lim = MAX_EDITS;
	/* v[k + off]: the furthest x on diagonal k; trace[d]: v after step d,
	 * for k from -d to d */
	int off = lim + 1;
	int *v = xcalloc((size_t)(2 * lim + 3), sizeof *v);
	int **trace = xcalloc((size_t)lim + 1, sizeof *trace);
	int d = 0;
	bool found = N == 0 && M == 0;
	for (d = 0; d <= lim && !found; d++) {
		for (int k = -d; k <= d; k += 2) {
			int x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1])
				? v[off + k + 1] : v[off + k - 1] + 1;
			int y = x - k;
			while (x < N && y < M && tok_eq(&A[x], &B[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= N && y >= M) {
				found = true;
				break;
			}
		}
		trace[d] = xmalloc((size_t)(2 * d + 1) * sizeof **trace);
		memcpy(trace[d], v + off - d, (size_t)(2 * d + 1) * sizeof **trace);
		if (found)
			break;
	}
	if (found) {
		/* walk back from (N, M), collecting the steps in reverse */
		script rev = { 0 };
		int x = N, y = M;
		for (int dd = found && (N || M) ? d : 0; dd > 0; dd--) {
			const int *pv = trace[dd - 1] + (dd - 1);   /* pv[k], k in [-(dd-1), dd-1] */
			int k = x - y;
			int pk = k == -dd || (k != dd && pv[k - 1] < pv[k + 1]) ? k + 1 : k - 1;
			int px = pv[pk], py = px - pk;
			int sx = pk == k + 1 ? px : px + 1;   /* where the snake starts */
			while (x > sx) {
				x--, y--;
				script_add(&rev, ED_SAME, pre + (size_t)x, pre + (size_t)y);
			}
			if (pk == k + 1)
				script_add(&rev, ED_INS, pre + (size_t)px, pre + (size_t)py);
			else
				script_add(&rev, ED_DEL, pre + (size_t)px, pre + (size_t)py);
			x = px, y = py;
		}
		while (x > 0) {
			x--, y--;
			script_add(&rev, ED_SAME, pre + (size_t)x, pre + (size_t)y);
		}
		for (size_t i = 0; i < pre; i++)
			script_add(out, ED_SAME, i, i);
		for (size_t i = rev.n; i-- > 0;)
			script_add(out, rev.e[i].op, rev.e[i].i, rev.e[i].j);
		for (size_t i = 0; i < suf; i++)
			script_add(out, ED_SAME, n - suf + i, m - suf + i);
		free(rev.e);
	}
	for (int i = 0; i <= lim; i++)
		free(trace[i]);
	free(trace);
	free(v);
	return found;
}

/* The edit script from a to b; wholly different past MAX_EDITS. */
static void diff_or_replace(const tok *a, size_t n, const tok *b, size_t m, script *out)
{
	if (diff(a, n, b, m, MAX_EDITS, out))
		return;
	for (size_t i = 0; i < n; i++)
		script_add(out, ED_DEL, i, 0);
	for (size_t j = 0; j < m; j++)
		script_add(out, ED_INS, 0, j);
}

/* --- what is compared ----------------------------------------------------- */

/* A paragraph-sized piece of a section: a paragraph, a list item, a table
 * row, a caption.  Its label (a list item's number, "Tabelle 3:") is shown
 * and not compared. */
typedef struct {
	const char *label;    /* NULL for none */
	const char *text;     /* plain, words separated by one space */
	tok *w;               /* its words */
	size_t nw;
	tok whole;
	srcpos pos;
} unit;

/* A section with its own text (its subsections are sections of their own). */
typedef struct {
	const block *sec;     /* NULL: the text before the first section */
	const char *number;   /* as printed: "3.1", or "" */
	const char *title;
	tok key;              /* its id when the source gave one, else its title */
	unit *u;
	size_t n, cap;
	tok *words;           /* all its words, to pair renamed sections */
	size_t n_words;
} ssec;

typedef struct {
	arena *a;
	const document *d;
	const style *st;
	ssec *s;
	size_t n, cap;
} sections;

/* Text with every run of white space made one space, trimmed. */
static const char *squeeze(arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool space = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
		if (space) {
			if (k > 0 && out[k - 1] != ' ')
				out[k++] = ' ';
		} else {
			out[k++] = s[i];
		}
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return out;
}

/* "Abschnitt 3.2": a reference's text as the layout prints its number
 * (page numbers are not the text's: a page reference prints the number). */
static void add_xref(strbuf *b, const sections *S, const ispan *s)
{
	doc_target t;
	const char *nb = "\xc2\xa0";
	if (!doc_find_target(S->d, s->xref, &t)) {
		sb_adds(b, s->xref);
		return;
	}
	if (s->xref_form == XREF_TITLE && t.kind == T_SECTION) {
		sb_adds(b, t.block->plain);
		return;
	}
	switch (t.kind) {
	case T_SECTION:
		sb_printf(b, "%s%s%s", S->st->name_section, nb, t.block->number);
		break;
	case T_TABLE:
		sb_printf(b, "%s%s%s", S->st->name_table, nb, t.block->number);
		break;
	case T_FIGURE:
		sb_printf(b, "%s%s%s", S->st->name_figure, nb, t.block->number);
		break;
	default:
		sb_printf(b, "%s%s%d", S->st->name_note, nb, t.note->number);
		break;
	}
}

/* The words of an inline text: spans, references as their text, a
 * footnote in brackets where its mark is. */
static void add_itext(strbuf *b, const sections *S, const itext *t, bool in_note)
{
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		if (s->note && !in_note) {
			sb_adds(b, " [Fußnote: ");
			add_itext(b, S, s->note, true);   /* notes hold no notes */
			sb_adds(b, "] ");
		} else if (s->xref) {
			add_xref(b, S, s);
		} else if (s->text) {
			sb_add(b, s->text, s->len);
		}
	}
}

/* The words of a squeezed text, pointing into it. */
static tok *split_words(arena *a, const char *t, size_t *n)
{
	size_t nw = *t ? 1 : 0;
	for (const char *p = t; *p; p++)
		nw += *p == ' ';
	tok *w = arena_alloc(a, (nw + 1) * sizeof *w);
	*n = 0;
	for (const char *p = t; *p;) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		w[(*n)++] = tok_of(p, len);
		p += len + (e ? 1 : 0);
	}
	return w;
}

static ssec *new_section(sections *S, const block *sec)
{
	if (S->n == S->cap)
		S->s = xrealloc(S->s, (S->cap = S->cap ? 2 * S->cap : 32) * sizeof *S->s);
	ssec *x = &S->s[S->n++];
	memset(x, 0, sizeof *x);
	x->sec = sec;
	x->number = sec && sec->number ? sec->number : "";
	x->title = sec ? (sec->plain ? sec->plain : "") : "Vor dem ersten Abschnitt";
	bool own_id = sec && sec->id && !strchr(sec->id, '.');   /* sec.N, gen.N: made up */
	const char *key = own_id ? arena_printf(S->a, "#%s", sec->id) : x->title;
	x->key = tok_of(key, strlen(key));
	return x;
}

static void add_unit(sections *S, size_t owner, const char *label, const char *text,
		     srcpos pos)
{
	const char *t = squeeze(S->a, text, strlen(text));
	if (!*t && !label)
		return;
	ssec *x = &S->s[owner];
	if (x->n == x->cap)
		x->u = xrealloc(x->u, (x->cap = x->cap ? 2 * x->cap : 16) * sizeof *x->u);
	unit *u = &x->u[x->n++];
	u->label = label;
	u->text = t;
	u->pos = pos;
	u->whole = tok_of(t, strlen(t));
	u->w = split_words(S->a, t, &u->nw);
}

static const char *itext_plain(sections *S, const itext *t)
{
	strbuf b = { 0 };
	add_itext(&b, S, t, false);
	const char *s = arena_strdup(S->a, b.s ? b.s : "");
	sb_free(&b);
	return s;
}

/* A list item's marker, as the layout numbers it. */
static const char *item_label(arena *a, const block *list, size_t i)
{
	if (!list->numbered)
		return "\xe2\x80\xa2";   /* a bullet; check lists too */
	int n = list->start + (int)i;
	static const char *const formats[] = {
		[LF_DECIMAL] = "{1}", [LF_LOWER_ALPHA] = "{1:a}", [LF_UPPER_ALPHA] = "{1:A}",
		[LF_LOWER_ROMAN] = "{1:i}", [LF_UPPER_ROMAN] = "{1:I}",
	};
	const char *f = list->format < sizeof formats / sizeof *formats && formats[list->format]
			? formats[list->format] : "{1}";
	return arena_printf(a, "%s%s", style_number(a, f, &n, 1),
			    list->suffix ? list->suffix : ".");
}

/* A pending piece of the walk: a block in the section owner, or (item)
 * a list item with its label, or (by) a quotation's attribution. */
typedef struct {
	const block *b;
	size_t owner;
	const char *label;
	bool by;
} pending;

typedef struct {
	pending *p;
	size_t n, cap;
} pstack;

static void ppush(pstack *st, const block *b, size_t owner, const char *label, bool by)
{
	if (st->n == st->cap)
		st->p = xrealloc(st->p, (st->cap = st->cap ? 2 * st->cap : 64) * sizeof *st->p);
	st->p[st->n++] = (pending){ b, owner, label, by };
}

static void push_children(pstack *st, const block *b, size_t owner)
{
	for (size_t i = b->n; i-- > 0;)
		ppush(st, b->children[i], owner, NULL, false);
}

static void add_table(sections *S, const block *b, size_t owner)
{
	const table_data *t = b->table;
	if (b->caption.n)
		add_unit(S, owner, arena_printf(S->a, "%s %s:", S->st->name_table, b->number),
			 itext_plain(S, &b->caption), b->pos);
	strbuf row = { 0 };
	if (t->header) {
		for (size_t c = 0; c < t->n_cols; c++) {
			sb_adds(&row, c ? " | " : "");
			add_itext(&row, S, &t->cols[c].title, false);
		}
		add_unit(S, owner, "Spalten:", row.s ? row.s : "", b->pos);
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		row.len = 0;
		if (row.s)
			row.s[0] = '\0';
		for (size_t c = 0; c < t->n_cols; c++) {
			const block *cell = t->cells[r * t->n_cols + c];
			sb_adds(&row, c ? " | " : "");
			for (size_t k = 0; cell && k < cell->n; k++) {
				sb_adds(&row, k ? " " : "");
				add_itext(&row, S, &cell->children[k]->text, false);
			}
		}
		add_unit(S, owner, NULL, row.s ? row.s : "", t->cells[r * t->n_cols]->pos);
	}
	sb_free(&row);
}

/* Every section of d with its paragraphs, in reading order (an explicit
 * stack: nesting never becomes recursion). */
static void collect(sections *S)
{
	pstack st = { 0 };
	new_section(S, NULL);
	push_children(&st, S->d->body, 0);
	while (st.n > 0) {
		pending p = st.p[--st.n];
		const block *b = p.b;
		arena *a = S->a;
		if (p.by) {
			add_unit(S, p.owner, "\xe2\x80\x94", itext_plain(S, &b->by), b->pos);
			continue;
		}
		switch (b->kind) {
		case B_SECTION:
			new_section(S, b);
			push_children(&st, b, S->n - 1);
			break;
		case B_PARA:
			add_unit(S, p.owner, NULL, itext_plain(S, &b->text), b->pos);
			break;
		case B_LIST:
		case B_DEFLIST:
			for (size_t i = b->n; i-- > 0;)
				ppush(&st, b->children[i], p.owner,
				      b->kind == B_LIST ? item_label(a, b, i) : NULL, false);
			break;
		case B_ITEM: {
			const char *t = itext_plain(S, &b->text);
			if (b->term.n)
				t = arena_printf(a, "%s – %s", itext_plain(S, &b->term), t);
			add_unit(S, p.owner, p.label, t, b->pos);
			push_children(&st, b, p.owner);
			break;
		}
		case B_QUOTE:
			if (b->by.n)
				ppush(&st, b, p.owner, NULL, true);
			push_children(&st, b, p.owner);
			break;
		case B_BOX:
			if (b->text.n)
				add_unit(S, p.owner, "Kasten:", itext_plain(S, &b->text), b->pos);
			push_children(&st, b, p.owner);
			break;
		case B_TABLE:
			add_table(S, b, p.owner);
			break;
		case B_FIGURE:
			add_unit(S, p.owner, arena_printf(a, "%s %s:", S->st->name_figure, b->number),
				 b->caption.n ? itext_plain(S, &b->caption)
					      : (b->figure && b->figure->alt ? b->figure->alt : ""),
				 b->pos);
			break;
		case B_CHART:
			add_unit(S, p.owner, arena_printf(a, "%s %s:", S->st->name_figure, b->number),
				 arena_printf(a, "%s – %s", itext_plain(S, &b->caption),
					      b->chart && b->chart->alt ? b->chart->alt : ""),
				 b->pos);
			break;
		case B_CELL:
		case B_GENERATED:
			push_children(&st, b, p.owner);
			break;
		}
	}
	free(st.p);
	for (size_t i = 0; i < S->n; i++) {   /* a section's words, to pair renamed ones */
		ssec *x = &S->s[i];
		for (size_t k = 0; k < x->n; k++)
			x->n_words += x->u[k].nw;
		x->words = arena_alloc(S->a, (x->n_words + 1) * sizeof *x->words);
		x->n_words = 0;
		for (size_t k = 0; k < x->n; k++) {
			memcpy(x->words + x->n_words, x->u[k].w, x->u[k].nw * sizeof *x->words);
			x->n_words += x->u[k].nw;
		}
	}
}

static void sections_free(sections *S)
{
	for (size_t i = 0; i < S->n; i++)
		free(S->s[i].u);
	free(S->s);
}

/* Two texts are the same paragraph reworded when at least half their
 * words are kept: script gets the word edits then. */
static bool similar(const tok *a, size_t n, const tok *b, size_t m, script *words)
{
	script s = { 0 };
	if (!diff(a, n, b, m, (n + m) / 2, &s)) {
		free(s.e);
		return false;
	}
	if (words)
		*words = s;
	else
		free(s.e);
	return true;
}

/* --- aligning ------------------------------------------------------------- */

enum { ROW_SAME, ROW_CHANGED, ROW_DEL, ROW_INS };

/* A row of the Synopse: an old and a new unit side by side. */
typedef struct {
	int kind;
	const unit *l, *r;    /* NULL on the side without it */
	script words;         /* ROW_CHANGED: from l's words to r's */
} row;

typedef struct {
	row *r;
	size_t n, cap;
	bool changed;
} rows;

static void row_add(rows *R, int kind, const unit *l, const unit *r, script words)
{
	if (R->n == R->cap)
		R->r = xrealloc(R->r, (R->cap = R->cap ? 2 * R->cap : 16) * sizeof *R->r);
	R->r[R->n++] = (row){ kind, l, r, words };
	R->changed |= kind != ROW_SAME;
}

/* How far ahead a deleted paragraph looks for its reworded version. */
#define PAIR_WINDOW 6

/* Old units a[i0..i1) against new units b[j0..j1), none equal: a pair
 * that keeps half its words is a reworded paragraph, the rest deleted or
 * inserted, in order. */
static void align_gap(rows *R, const unit *a, size_t i0, size_t i1, const unit *b, size_t j0,
		      size_t j1)
{
	size_t j = j0;
	for (size_t i = i0; i < i1; i++) {
		script w = { 0 };
		size_t hit = j1;
		for (size_t k = j; k < j1 && k < j + PAIR_WINDOW; k++)
			if (similar(a[i].w, a[i].nw, b[k].w, b[k].nw, &w)) {
				hit = k;
				break;
			}
		if (hit == j1) {
			row_add(R, ROW_DEL, &a[i], NULL, (script){ 0 });
			continue;
		}
		for (; j < hit; j++)
			row_add(R, ROW_INS, NULL, &b[j], (script){ 0 });
		row_add(R, ROW_CHANGED, &a[i], &b[hit], w);
		j = hit + 1;
	}
	for (; j < j1; j++)
		row_add(R, ROW_INS, NULL, &b[j], (script){ 0 });
}

/* The rows of a section present in both versions. */
static rows align_units(const ssec *o, const ssec *n)
{
	rows R = { 0 };
	tok *a = xmalloc((o->n + 1) * sizeof *a), *b = xmalloc((n->n + 1) * sizeof *b);
	for (size_t i = 0; i < o->n; i++)
		a[i] = o->u[i].whole;
	for (size_t j = 0; j < n->n; j++)
		b[j] = n->u[j].whole;
	script s = { 0 };
	diff_or_replace(a, o->n, b, n->n, &s);
	size_t i = 0, j = 0;
	for (size_t k = 0; k <= s.n; k++) {
		if (k < s.n && s.e[k].op != ED_SAME)
			continue;
		/* the changes before this kept unit: from (i, j) to it */
		size_t i1 = k < s.n ? s.e[k].i : o->n, j1 = k < s.n ? s.e[k].j : n->n;
		align_gap(&R, o->u, i, i1, n->u, j, j1);
		if (k < s.n)
			row_add(&R, ROW_SAME, &o->u[i1], &n->u[j1], (script){ 0 });
		i = i1 + 1, j = j1 + 1;
	}
	free(s.e);
	free(a);
	free(b);
	R.changed |= strcmp(o->title, n->title) != 0;
	return R;
}

static void rows_free(rows *R)
{
	for (size_t i = 0; i < R->n; i++)
		free(R->r[i].words.e);
	free(R->r);
}

/* A pair of sections: both set, or one removed (n NULL) or added (o NULL). */
typedef struct {
	const ssec *o, *n;
} spair;

static bool similar_titles(const ssec *o, const ssec *n)
{
	arena *a = arena_new();
	size_t no, nn;
	const tok *wo = split_words(a, squeeze(a, o->title, strlen(o->title)), &no);
	const tok *wn = split_words(a, squeeze(a, n->title, strlen(n->title)), &nn);
	bool yes = similar(wo, no, wn, nn, NULL);
	arena_free(a);
	return yes;
}

/* Sections of both versions in order: equal keys first, then in each gap
 * a section whose title or text mostly stayed, the rest removed or added. */
static spair *align_sections(const sections *O, const sections *N, size_t *np)
{
	tok *a = xmalloc((O->n + 1) * sizeof *a), *b = xmalloc((N->n + 1) * sizeof *b);
	for (size_t i = 0; i < O->n; i++)
		a[i] = O->s[i].key;
	for (size_t j = 0; j < N->n; j++)
		b[j] = N->s[j].key;
	script s = { 0 };
	diff_or_replace(a, O->n, b, N->n, &s);
	spair *p = xmalloc((O->n + N->n + 1) * sizeof *p);
	size_t np_ = 0, i = 0, j = 0;
	for (size_t k = 0; k <= s.n; k++) {
		if (k < s.n && s.e[k].op != ED_SAME)
			continue;
		size_t i1 = k < s.n ? s.e[k].i : O->n, j1 = k < s.n ? s.e[k].j : N->n;
		for (; i < i1; i++) {
			const ssec *o = &O->s[i];
			size_t hit = j1;
			for (size_t q = j; q < j1 && q < j + PAIR_WINDOW && hit == j1; q++) {
				const ssec *n = &N->s[q];
				/* renamed in place: the same number and a title that
				 * keeps half its words */
				bool renamed = strcmp(o->number, n->number) == 0 &&
					       (o->sec ? o->sec->level : 0) == (n->sec ? n->sec->level : 0) &&
					       similar_titles(o, n);
				if (renamed ||
				    (o->n_words && similar(o->words, o->n_words, n->words,
							   n->n_words, NULL)))
					hit = q;
			}
			if (hit == j1) {
				p[np_++] = (spair){ o, NULL };
				continue;
			}
			for (; j < hit; j++)
				p[np_++] = (spair){ NULL, &N->s[j] };
			p[np_++] = (spair){ o, &N->s[hit] };
			j = hit + 1;
		}
		for (; j < j1; j++)
			p[np_++] = (spair){ NULL, &N->s[j] };
		if (k < s.n)
			p[np_++] = (spair){ &O->s[i1], &N->s[j1] };
		i = i1 + 1, j = j1 + 1;
	}
	free(s.e);
	free(a);
	free(b);
	*np = np_;
	return p;
}

/* --- the Synopse as a document ---------------------------------------------- */

typedef struct {
	arena *a;
	document *d;
	const synopse_labels *lb;
	int ids;
	/* spans being built */
	ispan *sp;
	size_t n, cap;
	srcpos pos;
} builder;

static void span(builder *B, const char *text, size_t len, unsigned flags)
{
	if (len == 0)
		return;
	if (B->n > 0 && B->sp[B->n - 1].flags == flags) {   /* join equal neighbours */
		ispan *s = &B->sp[B->n - 1];
		char *t = arena_alloc(B->a, s->len + len + 1);
		memcpy(t, s->text, s->len);
		memcpy(t + s->len, text, len);
		s->text = t;
		s->len += len;
		return;
	}
	if (B->n == B->cap)
		B->sp = xrealloc(B->sp, (B->cap = B->cap ? 2 * B->cap : 16) * sizeof *B->sp);
	ispan *s = &B->sp[B->n++];
	memset(s, 0, sizeof *s);
	s->text = arena_strndup(B->a, text, len);
	s->len = len;
	s->flags = flags;
	s->pos = B->pos;
}

static void spans(builder *B, const char *text, unsigned flags)
{
	span(B, text, strlen(text), flags);
}

static itext take(builder *B)
{
	itext t = { arena_alloc(B->a, (B->n + 1) * sizeof *B->sp), B->n, B->pos };
	if (B->n)
		memcpy(t.spans, B->sp, B->n * sizeof *B->sp);
	B->n = 0;
	return t;
}

static block *para_block(builder *B)
{
	block *p = doc_block_new(B->a, B_PARA, B->pos);
	p->text = take(B);
	return p;
}

static block *plain_para(builder *B, const char *text)
{
	spans(B, text, 0);
	return para_block(B);
}

static block *section(builder *B, const char *number, const char *title, int level)
{
	block *s = doc_block_new(B->a, B_SECTION, B->pos);
	spans(B, title, 0);
	s->text = take(B);
	s->plain = arena_strdup(B->a, title);
	s->number = number;
	s->level = level;
	s->id = arena_printf(B->a, "syn.%d", ++B->ids);
	return s;
}

/* A growing list of blocks. */
typedef struct {
	block **b;
	size_t n, cap;
} blist;

static void badd(blist *l, block *b)
{
	if (l->n == l->cap)
		l->b = xrealloc(l->b, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof *l->b);
	l->b[l->n++] = b;
}

static void bset(builder *B, block *parent, blist *l)
{
	doc_block_children(B->a, parent, l->b, l->n);
	free(l->b);
	*l = (blist){ 0 };
}

/* Words of u, those with edits of op in script s marked with flag; the
 * space between a marked and an unmarked word goes with the unmarked one,
 * so a line under or through words never runs into their neighbours. */
static void marked_words(builder *B, const unit *u, const script *s, int op, unsigned flag)
{
	if (u->label) {
		spans(B, u->label, 0);
		spans(B, " ", 0);
	}
	unsigned prev = 0;
	bool first = true;
	for (size_t k = 0; k < s->n; k++) {
		const edit *e = &s->e[k];
		if (e->op != ED_SAME && e->op != op)
			continue;
		const tok *w = &u->w[op == ED_DEL ? e->i : e->j];
		unsigned f = e->op == op ? flag : 0;
		if (!first)
			span(B, " ", 1, f && prev ? f : 0);
		span(B, w->s, w->n, f);
		prev = f;
		first = false;
	}
}

/* All of u with every word marked. */
static void all_words(builder *B, const unit *u, unsigned flag)
{
	if (u->label) {
		spans(B, u->label, 0);
		spans(B, " ", 0);
	}
	spans(B, u->text, flag);
}

/* The first words of an unchanged paragraph. */
#define UNCHANGED_WORDS 8

static void first_words(builder *B, const unit *u)
{
	if (u->label) {
		spans(B, u->label, 0);
		spans(B, " ", 0);
	}
	if (u->nw <= UNCHANGED_WORDS + 2) {
		spans(B, u->text, 0);
		spans(B, " ", 0);
	} else {
		const tok *last = &u->w[UNCHANGED_WORDS - 1];
		span(B, u->text, (size_t)(last->s + last->n - u->text), 0);
		spans(B, " \xe2\x80\xa6 ", 0);
	}
	spans(B, "(unverändert)", IN_EMPH);
}

static block *cell_of(builder *B, block *p)
{
	block *c = doc_block_new(B->a, B_CELL, B->pos);
	doc_block_children(B->a, c, &p, 1);
	return c;
}

static block *note_para(builder *B, const char *text)
{
	spans(B, text, IN_EMPH);
	return para_block(B);
}

/* The table of one changed section: "Fassung OLD" | "Fassung NEW". */
static block *synopse_table(builder *B, const rows *R, const ssec *o, const ssec *n)
{
	arena *a = B->a;
	size_t nr = R->n + (o && n && strcmp(o->title, n->title) != 0);
	block *t = doc_block_new(a, B_TABLE, B->pos);
	table_data *td = arena_alloc(a, sizeof *td);
	t->table = td;
	td->n_cols = 2;
	td->header = true;
	td->cols = arena_alloc(a, 2 * sizeof *td->cols);
	const char *heads[2] = { B->lb->old_version, B->lb->new_version };
	bool same = strcmp(heads[0], heads[1]) == 0;   /* two drafts of one version */
	for (int c = 0; c < 2; c++) {
		spans(B, arena_printf(a, "Fassung %s%s", heads[c],
				      !same ? "" : c ? " (neu)" : " (bisher)"), 0);
		td->cols[c].title = take(B);
		td->cols[c].width.fr = 1;
		td->cols[c].align = AL_LEFT;
	}
	td->cells = arena_alloc(a, (2 * nr + 1) * sizeof *td->cells);
	size_t r = 0;
	if (o && n && strcmp(o->title, n->title) != 0) {   /* a new title */
		unit uo = { .label = "Überschrift:", .text = o->title };
		unit un = { .label = "Überschrift:", .text = n->title };
		uo.w = split_words(a, uo.text, &uo.nw);
		un.w = split_words(a, un.text, &un.nw);
		script s = { 0 };
		diff_or_replace(uo.w, uo.nw, un.w, un.nw, &s);
		marked_words(B, &uo, &s, ED_DEL, IN_DEL);
		td->cells[r * 2] = cell_of(B, para_block(B));
		marked_words(B, &un, &s, ED_INS, IN_INS);
		td->cells[r * 2 + 1] = cell_of(B, para_block(B));
		free(s.e);
		r++;
	}
	for (size_t i = 0; i < R->n; i++, r++) {
		const row *x = &R->r[i];
		B->pos = (x->r ? x->r : x->l)->pos;
		switch (x->kind) {
		case ROW_SAME:
			first_words(B, x->l);
			td->cells[r * 2] = cell_of(B, para_block(B));
			first_words(B, x->r);
			td->cells[r * 2 + 1] = cell_of(B, para_block(B));
			break;
		case ROW_CHANGED:
			marked_words(B, x->l, &x->words, ED_DEL, IN_DEL);
			td->cells[r * 2] = cell_of(B, para_block(B));
			marked_words(B, x->r, &x->words, ED_INS, IN_INS);
			td->cells[r * 2 + 1] = cell_of(B, para_block(B));
			break;
		case ROW_DEL:
			all_words(B, x->l, IN_DEL);
			td->cells[r * 2] = cell_of(B, para_block(B));
			td->cells[r * 2 + 1] = cell_of(B, note_para(B, "(entfällt)"));
			break;
		default:
			td->cells[r * 2] = cell_of(B, note_para(B, "(neu)"));
			all_words(B, x->r, IN_INS);
			td->cells[r * 2 + 1] = cell_of(B, para_block(B));
			break;
		}
	}
	td->n_rows = r;
	doc_block_children(a, t, td->cells, 2 * r);
	return t;
}

/* A section of one side only: all its paragraphs, marked. */
static rows one_side(const ssec *x, bool added)
{
	rows R = { 0 };
	for (size_t i = 0; i < x->n; i++)
		row_add(&R, added ? ROW_INS : ROW_DEL, added ? NULL : &x->u[i],
			added ? &x->u[i] : NULL, (script){ 0 });
	R.changed = true;
	return R;
}

static const char *date_de(arena *a, const char *iso)
{
	char buf[64];
	format_date_de(iso, buf, sizeof buf);
	return arena_strdup(a, buf);
}

static const char *heading_of(arena *a, const ssec *x)
{
	return x->number[0] ? arena_printf(a, "%s %s", x->number, x->title) : x->title;
}

static void copy_meta(builder *B, const document *new, size_t changed, size_t total)
{
	document *d = B->d;
	arena *a = B->a;
	const synopse_labels *lb = B->lb;
	d->a = a;
	d->path = new->path;
	d->kind = new->kind;
	d->title = arena_printf(a, "Synopse: %s", new->title);
	d->subtitle = arena_printf(a, "Fassung %s vom %s und Fassung %s vom %s\n"
				   "%zu von %zu Abschnitten geändert",
				   lb->old_version, date_de(a, lb->old_date), lb->new_version,
				   date_de(a, lb->new_date), changed, total);
	d->publisher = new->publisher;
	d->authors = new->authors;
	d->n_authors = new->n_authors;
	d->date = lb->new_date;
	d->version = lb->new_version;
	/* a Synopse is no adopted text; a draft's stays marked as a draft */
	d->status = strcmp(new->status, "entwurf") == 0 ? "entwurf" : "synopse";
	d->language = new->language;
	d->style = new->style;
	d->style_pos = new->style_pos;
	d->identity_pos = new->identity_pos;
	d->municipality = new->municipality;
	d->number = new->number;
	d->topic = new->topic;
	const char **kw = arena_alloc(a, (new->n_keywords + 3) * sizeof *kw);
	kw[0] = "Synopse";
	kw[1] = arena_printf(a, "Fassung %s", lb->old_version);
	kw[2] = arena_printf(a, "Fassung %s", lb->new_version);
	for (size_t i = 0; i < new->n_keywords; i++)
		kw[3 + i] = new->keywords[i];
	d->keywords = kw;
	d->n_keywords = new->n_keywords + 3;
}

/* ISO date or time to YYYY-MM-DD. */
static const char *day(arena *a, const char *iso)
{
	return iso && strlen(iso) > 10 ? arena_strndup(a, iso, 10) : iso;
}

document *synopse_build(arena *a, const document *old, const document *new,
			const style *st, const synopse_labels *labels_in,
			synopse_counts *counts)
{
	synopse_labels lb = *labels_in;
	lb.old_date = day(a, lb.old_date);
	lb.new_date = day(a, lb.new_date);
	sections O = { .a = a, .d = old, .st = st }, N = { .a = a, .d = new, .st = st };
	collect(&O);
	collect(&N);
	size_t np;
	spair *pairs = align_sections(&O, &N, &np);
	rows *R = xcalloc(np + 1, sizeof *R);
	size_t changed = 0, total = 0;
	for (size_t k = 0; k < np; k++) {
		const spair *p = &pairs[k];
		bool empty_lead = (p->o ? !p->o->sec && !p->o->n : true) &&
				  (p->n ? !p->n->sec && !p->n->n : true);
		if (empty_lead)
			continue;   /* no text before the first section in either */
		total++;
		R[k] = p->o && p->n ? align_units(p->o, p->n) : one_side(p->o ? p->o : p->n, !p->o);
		changed += R[k].changed;
	}
	counts->sections = total;
	counts->changed = changed;
	document *d = NULL;
	if (changed == 0)
		goto done;

	d = arena_alloc(a, sizeof *d);
	builder B = { .a = a, .d = d, .lb = &lb, .pos = { new->path, 1, 1 } };
	copy_meta(&B, new, changed, total);
	d->body = doc_block_new(a, B_SECTION, B.pos);
	d->body->id = "dokument";
	blist body = { 0 }, part = { 0 }, same = { 0 };

	block *intro = section(&B, "", "Zu dieser Synopse", 1);
	badd(&part, plain_para(&B, arena_printf(a,
		"Diese Synopse stellt die Fassung %s vom %s und die Fassung %s vom %s "
		"des Dokuments „%s“ einander gegenüber. Von %zu Abschnitten %s %zu "
		"geändert, hinzugekommen oder entfallen.", lb.old_version,
		date_de(a, lb.old_date), lb.new_version, date_de(a, lb.new_date), new->title,
		total, changed == 1 ? "ist" : "sind", changed)));
	badd(&part, plain_para(&B,
		"Jeder geänderte Abschnitt folgt als Tabelle: links die bisherige, rechts "
		"die neue Fassung, Absatz für Absatz. Gestrichene Wörter sind links rot "
		"und durchgestrichen, eingefügte Wörter rechts grün und unterstrichen. "
		"Unveränderte "
		"Absätze eines geänderten Abschnitts sind auf ihre ersten Wörter gekürzt und "
		"mit „(unverändert)“ gekennzeichnet. Die unveränderten Abschnitte sind am "
		"Ende aufgeführt."));
	bset(&B, intro, &part);
	badd(&body, intro);

	block *chg = section(&B, "", "Geänderte Abschnitte", 1);
	for (size_t k = 0; k < np; k++) {
		const spair *p = &pairs[k];
		if (!R[k].changed)
			continue;
		const ssec *x = p->n ? p->n : p->o;
		B.pos = x->sec ? x->sec->pos : B.pos;
		const char *title = !p->o ? arena_printf(a, "%s (neu)", x->title) :
				    !p->n ? arena_printf(a, "%s (entfällt)", x->title) : x->title;
		block *s = section(&B, x->number, title, 2);
		blist in = { 0 };
		if (p->o && p->n && (strcmp(p->o->number, p->n->number) != 0))
			badd(&in, note_para(&B, arena_printf(a, "Bisher Abschnitt %s.",
							     heading_of(a, p->o))));
		if (!p->o)
			badd(&in, note_para(&B, arena_printf(a, "Neuer Abschnitt in der Fassung %s.",
							     lb.new_version)));
		if (!p->n)
			badd(&in, note_para(&B, arena_printf(a, "In der Fassung %s entfällt dieser "
							     "Abschnitt.", lb.new_version)));
		if (R[k].n || (p->o && p->n))
			badd(&in, synopse_table(&B, &R[k], p->o, p->n));
		bset(&B, s, &in);
		badd(&part, s);
	}
	bset(&B, chg, &part);
	badd(&body, chg);

	block *rest = section(&B, "", "Unveränderte Abschnitte", 1);
	block *list = doc_block_new(a, B_LIST, B.pos);
	for (size_t k = 0; k < np; k++) {
		const spair *p = &pairs[k];
		if (R[k].changed || !p->n || !p->n->sec)
			continue;
		block *it = doc_block_new(a, B_ITEM, B.pos);
		spans(&B, heading_of(a, p->n), 0);
		it->text = take(&B);
		badd(&same, it);
	}
	if (same.n) {
		badd(&part, plain_para(&B, arena_printf(a, "In beiden Fassungen gleich %s "
						       "diese %s:", same.n == 1 ? "ist" : "sind",
						       same.n == 1 ? "Abschnitt" : "Abschnitte")));
		list->level = 1;
		bset(&B, list, &same);
		badd(&part, list);
	} else {
		badd(&part, plain_para(&B, "Keiner; jeder Abschnitt ist geändert."));
	}
	bset(&B, rest, &part);
	badd(&body, rest);
	bset(&B, d->body, &body);
	free(B.sp);
	doc_number(d);
done:
	for (size_t k = 0; k < np; k++)
		rows_free(&R[k]);
	free(R);
	free(pairs);
	sections_free(&O);
	sections_free(&N);
	return d;
}

bool synopse_same_document(const document *old, const document *new)
{
	const char *why = NULL;
	arena *a = new->a;
	if (strcmp(old->kind, new->kind) != 0)
		why = arena_printf(a, "a %s and a %s", old->kind, new->kind);
	else if ((old->municipality || new->municipality) &&
		 (!old->municipality || !new->municipality ||
		  strcmp(old->municipality, new->municipality) != 0))
		why = arena_printf(a, "the %s of %s and that of %s", new->kind,
				   old->municipality ? old->municipality : "no municipality",
				   new->municipality ? new->municipality : "no municipality");
	else if (old->number != new->number)
		why = arena_printf(a, "%s %d and %s %d", old->kind, old->number, new->kind,
				   new->number);
	else if (strcmp(new->kind, "test") == 0 && strcmp(old->title, new->title) != 0)
		why = arena_printf(a, "the test documents '%s' and '%s'", old->title, new->title);
	if (!why)
		return true;
	diag(DIAG_ERROR, new->identity_pos, "%s and %s are not versions of one document (%s); "
	     "a Synopse compares two versions of the same document", old->path, new->path, why);
	return false;
}

void synopse_diff_words(const char *old, const char *new, strbuf *out)
{
	arena *a = arena_new();
	const char *t[2] = { squeeze(a, old, strlen(old)), squeeze(a, new, strlen(new)) };
	size_t n[2];
	tok *w[2] = { split_words(a, t[0], &n[0]), split_words(a, t[1], &n[1]) };
	script s = { 0 };
	diff_or_replace(w[0], n[0], w[1], n[1], &s);
	int open = ED_SAME;
	for (size_t k = 0; k < s.n; k++) {
		const edit *e = &s.e[k];
		if (k)
			sb_adds(out, e->op == open ? " " : "");
		if (e->op != open) {
			sb_adds(out, open == ED_DEL ? "-]" : open == ED_INS ? "+}" : "");
			sb_adds(out, k ? " " : "");
			sb_adds(out, e->op == ED_DEL ? "[-" : e->op == ED_INS ? "{+" : "");
			open = e->op;
		}
		const tok *x = e->op == ED_INS ? &w[1][e->j] : &w[0][e->i];
		sb_add(out, x->s, x->n);
	}
	sb_adds(out, open == ED_DEL ? "-]" : open == ED_INS ? "+}" : "");
	free(s.e);
	arena_free(a);
}
