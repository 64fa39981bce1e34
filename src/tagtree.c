/* tagtree: one read of cairo's structure elements in the order cairo made
 * them (which is the order draw opened them, and the tree's preorder) into
 * plain arrays, a representative for each element of the layout, new kid
 * lists, the notes moved; then only the elements that changed are written
 * back, the ParentTree follows, and the attributes cairo cannot write are
 * added. */
#include "tagtree.h"

#include <stdlib.h>
#include <string.h>

/* A kid as read: marked content on the element's page, another element
 * (its object number until the walk ends, then its index), or an object
 * kept as it is (a marked-content or object reference). */
enum { K_MCID, K_ELEM, K_RAW };

typedef struct {
	int kind;
	int v;                 /* MCID, or object number / index */
	pval *raw;             /* where the kid is written in its element */
} rkid;

/* A kid of a merged element: an element (by index), or an MCID with the
 * page it is on when that is another page than the element's (then an
 * MCR is written), or a raw object. */
typedef struct {
	int kind;
	int v;
	int page;              /* element index whose /Pg the MCID is on */
	pval *raw;
} kid;

typedef struct {
	kid *v;
	size_t n, cap;
} kidlist;

typedef struct {
	pdoc *d;
	int *elem;             /* cairo's elements in preorder (object numbers) */
	int *parent;           /* index of the parent element, -1 at the top */
	int *pg;               /* object number of the element's /Pg, 0: none */
	size_t *kid_from, *kid_to; /* its kids in rk */
	rkid *rk;
	size_t n_rk, cap_rk;
	size_t n, cap;
	int *by_id;            /* object number -> element index + 1 */
	size_t n_ids;
	int *rep;              /* the first part of the same layout element */
	int *up;               /* the representative's parent after merging */
	bool *dirty;           /* its kids change */
	bool *moved;           /* a note placed after its anchor */
	kidlist *kids;         /* of representatives */
} tree;

static void kid_add(kidlist *k, kid v)
{
	if (k->n == k->cap)
		k->v = xrealloc(k->v, (k->cap = k->cap ? k->cap * 2 : 4) * sizeof *k->v);
	k->v[k->n++] = v;
}

static void kid_insert(kidlist *k, size_t at, kid v)
{
	kid_add(k, v);
	memmove(k->v + at + 1, k->v + at, (k->n - 1 - at) * sizeof *k->v);
	k->v[at] = v;
}

static void rk_add(tree *t, rkid k)
{
	if (t->n_rk == t->cap_rk)
		t->rk = xrealloc(t->rk, (t->cap_rk = t->cap_rk ? t->cap_rk * 2 : 4096) * sizeof *t->rk);
	t->rk[t->n_rk++] = k;
}

static void note_id(tree *t, int id, int index)
{
	if ((size_t)id >= t->n_ids) {
		size_t m = t->n_ids ? t->n_ids : 1024;
		while (m <= (size_t)id)
			m *= 2;
		t->by_id = xrealloc(t->by_id, m * sizeof *t->by_id);
		memset(t->by_id + t->n_ids, 0, (m - t->n_ids) * sizeof *t->by_id);
		t->n_ids = m;
	}
	t->by_id[id] = index + 1;
}

static pval *elem_dict(const tree *t, int i)
{
	return &t->d->obj[t->elem[i]]->v;
}

/* An element: a reference to a dictionary with /S. */
static bool is_elem(const pdoc *d, const pval *v)
{
	if (!v || v->kind != PV_REF || v->u.i <= 0 || v->u.i >= d->n)
		return false;
	const pobj *o = d->obj[v->u.i];
	return !o->stream && o->v.kind == PV_DICT && pv_get(&o->v, "S");
}

/* Element i's kids into rk; its element kids pushed on the walk's stack
 * in reverse, so they come off in order. */
static void read_kids(tree *t, size_t i, int **stack, size_t *n, size_t *cap)
{
	pval *k = pv_get(elem_dict(t, i), "K");
	bool arr = k && k->kind == PV_ARRAY;
	uint32_t nk = arr ? k->n : !k || k->kind == PV_NULL ? 0 : 1;
	t->kid_from[i] = t->n_rk;
	for (uint32_t j = 0; j < nk; j++) {
		pval *c = arr ? &k->u.v[j] : k;
		if (c->kind == PV_INT)
			rk_add(t, (rkid){ K_MCID, (int)c->u.i, NULL });
		else if (is_elem(t->d, c))
			rk_add(t, (rkid){ K_ELEM, (int)c->u.i, c });
		else
			rk_add(t, (rkid){ K_RAW, 0, c });
	}
	t->kid_to[i] = t->n_rk;
	for (size_t j = t->kid_to[i]; j-- > t->kid_from[i];) {
		if (t->rk[j].kind != K_ELEM)
			continue;
		if (*n == *cap)
			*stack = xrealloc(*stack, (*cap *= 2) * sizeof **stack);
		(*stack)[(*n)++] = (int)j;   /* the kid's place in rk */
	}
}

static void grow(tree *t)
{
	if (t->n < t->cap)
		return;
	t->cap = t->cap ? t->cap * 2 : 1024;
	t->elem = xrealloc(t->elem, t->cap * sizeof *t->elem);
	t->parent = xrealloc(t->parent, t->cap * sizeof *t->parent);
	t->pg = xrealloc(t->pg, t->cap * sizeof *t->pg);
	t->kid_from = xrealloc(t->kid_from, t->cap * sizeof *t->kid_from);
	t->kid_to = xrealloc(t->kid_to, t->cap * sizeof *t->kid_to);
}

/* Adds element o (parent index parent) and reads it; false if reached
 * before (a cycle, or an element with two parents). */
static bool add_elem(tree *t, const pval *o, int parent, int **stack, size_t *n, size_t *cap)
{
	int id = (int)o->u.i;
	if (id <= 0 || ((size_t)id < t->n_ids && t->by_id[id]))
		return false;
	grow(t);
	size_t i = t->n++;
	note_id(t, id, (int)i);
	t->elem[i] = id;
	t->parent[i] = parent;
	pval *pg = pv_get(elem_dict(t, i), "Pg");
	t->pg[i] = pg && pg->kind == PV_REF ? (int)pg->u.i : 0;
	read_kids(t, i, stack, n, cap);
	return true;
}

/* The elements in preorder, each with its parent and kids. */
static bool collect(tree *t, pval *top, kidlist *tops)
{
	size_t cap = 256, n = 0;
	int *stack = xmalloc(cap * sizeof *stack);   /* places in rk */
	bool ok = true;
	bool arr = top && top->kind == PV_ARRAY;
	uint32_t nt = arr ? top->n : top ? 1 : 0;
	for (uint32_t j = 0; j < nt && ok; j++) {
		pval *o = arr ? &top->u.v[j] : top;
		if (!is_elem(t->d, o))
			continue;
		kid_add(tops, (kid){ K_ELEM, (int)t->n, 0, 0 });
		ok = add_elem(t, o, -1, &stack, &n, &cap);
		while (ok && n > 0) {
			size_t at = (size_t)stack[--n];
			/* the parent: the element whose kids hold place at */
			int parent = -1;
			for (size_t lo = 0, hi = t->n; lo < hi;) {
				size_t mid = (lo + hi) / 2;
				if (t->kid_to[mid] <= at)
					lo = mid + 1;
				else if (t->kid_from[mid] > at)
					hi = mid;
				else {
					parent = (int)mid;
					break;
				}
			}
			t->rk[at].v = (int)t->n;   /* now its index */
			ok = add_elem(t, t->rk[at].raw, parent, &stack, &n, &cap);
		}
	}
	free(stack);
	return ok;
}

typedef struct {
	const snode *node;
	int index;
} node_at;

static int cmp_node_at(const void *a, const void *b)
{
	const node_at *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* rep[i]: the first of cairo's elements that belong to the same element
 * of the layout as element i (i itself for Spans, Links and the first). */
static void find_reps(tree *t, const layout *l, node_at *sorted)
{
	for (size_t i = 0; i < t->n; i++) {
		t->rep[i] = (int)i;
		sorted[i] = (node_at){ l->opened[i].node, (int)i };
	}
	qsort(sorted, t->n, sizeof *sorted, cmp_node_at);
	for (size_t i = 1; i < t->n; i++)
		if (sorted[i].node && sorted[i].node == sorted[i - 1].node) {
			int r = t->rep[sorted[i - 1].index];
			t->rep[sorted[i].index] = r;
			t->dirty[r] = true;
		}
}

/* The representative of a layout element, or -1 if cairo wrote none. */
static int rep_of(const tree *t, const node_at *sorted, const snode *s)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted[mid].node < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && sorted[lo].node == s ? t->rep[sorted[lo].index] : -1;
}

/* Appends element i's kids to its representative's list: marked content
 * on another page than the representative's, with that page; each merged
 * child once. */
static void gather(tree *t, size_t i, bool *placed)
{
	int r = t->rep[i];
	bool other_page = t->pg[i] > 0 && t->pg[i] != t->pg[r];
	for (size_t j = t->kid_from[i]; j < t->kid_to[i]; j++) {
		const rkid *k = &t->rk[j];
		if (k->kind == K_ELEM) {
			int cr = t->rep[k->v];
			if (cr != k->v)
				t->dirty[r] = true;   /* a part of a merged child */
			if (!placed[cr]) {
				placed[cr] = true;
				t->up[cr] = r;
				kid_add(&t->kids[r], (kid){ K_ELEM, cr, 0, 0 });
			}
		} else if (k->kind == K_MCID) {
			kid_add(&t->kids[r], (kid){ K_MCID, k->v, other_page ? (int)i : -1, 0 });
		} else {
			pval *raw = pdf_deref(t->d, k->raw);
			pval *pg = pv_get(elem_dict(t, i), "Pg");
			if (other_page && raw && raw->kind == PV_DICT && !pv_get(raw, "Pg") && pg)
				pv_set(t->d, raw, "Pg", *pg);
			kid_add(&t->kids[r], (kid){ K_RAW, 0, -1, k->raw });
		}
	}
}

/* Where a note goes: inside the element that references it when that is
 * a cell, caption or label (their parents take no notes), else right
 * after it, after the notes already placed there. */
static void place_note(tree *t, const layout *l, int note, int anchor)
{
	int from = t->up[note];
	if (from >= 0) {
		kidlist *k = &t->kids[from];
		for (size_t j = 0; j < k->n; j++)
			if (k->v[j].kind == K_ELEM && k->v[j].v == note) {
				memmove(k->v + j, k->v + j + 1, (k->n - j - 1) * sizeof *k->v);
				k->n--;
				break;
			}
		t->dirty[from] = true;
	}
	int parent = t->up[anchor];
	static const char *const inside[] = { "TD", "TH", "Caption", "Lbl", NULL };
	const char *tag = l->opened[anchor].node ? l->opened[anchor].node->tag : "";
	bool in = parent < 0;
	for (int i = 0; inside[i] && !in; i++)
		in = strcmp(tag, inside[i]) == 0;
	kid nk = { K_ELEM, note, 0, 0 };
	if (in) {
		kid_add(&t->kids[anchor], nk);
		t->up[note] = anchor;
		t->dirty[anchor] = true;
	} else {
		kidlist *k = &t->kids[parent];
		size_t at = 0;
		while (at < k->n && !(k->v[at].kind == K_ELEM && k->v[at].v == anchor))
			at++;
		at = at < k->n ? at + 1 : k->n;
		while (at < k->n && k->v[at].kind == K_ELEM && t->moved[k->v[at].v])
			at++;
		kid_insert(k, at, nk);
		t->up[note] = parent;
		t->dirty[parent] = true;
	}
	t->moved[note] = true;
}

typedef struct {
	char *id;
	int elem;
} note_id_t;

static int cmp_note_id(const void *a, const void *b)
{
	return strcmp(((const note_id_t *)a)->id, ((const note_id_t *)b)->id);
}

/* /ID on every note, in an /IDTree on the structure tree root. */
static void set_note_ids(tree *t, const layout *l, const node_at *sorted, pval *str)
{
	pdoc *d = t->d;
	note_id_t *ids = xmalloc(((size_t)l->n_notes + 1) * sizeof *ids);
	size_t n = 0;
	for (int i = 0; i < l->n_notes; i++) {
		int r = l->notes[i].tag ? rep_of(t, sorted, l->notes[i].tag) : -1;
		if (r < 0)
			continue;
		strbuf b = { 0 };
		sb_printf(&b, "note.%d", i + 1);
		ids[n++] = (note_id_t){ b.s, r };
		pv_set(d, elem_dict(t, r), "ID", pv_string(d, b.s, b.len));
	}
	qsort(ids, n, sizeof *ids, cmp_note_id);
	if (n > 0) {
		pval names = pv_array(d, (uint32_t)(2 * n));
		for (size_t i = 0; i < n; i++) {
			pv_push(d, &names, pv_string(d, ids[i].id, strlen(ids[i].id)));
			pv_push(d, &names, pv_ref(t->elem[ids[i].elem]));
		}
		pval tree_dict = pv_dict(d, 1);
		pv_set(d, &tree_dict, "Names", names);
		pv_set(d, str, "IDTree", tree_dict);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i].id);
	free(ids);
}

static int index_of(const tree *t, const pval *o)
{
	int id = o->kind == PV_REF ? (int)o->u.i : 0;
	return id > 0 && (size_t)id < t->n_ids ? t->by_id[id] - 1 : -1;
}

/* A reference to an element that is a part: to its representative. */
static void to_rep(tree *t, pval *v)
{
	int e = index_of(t, v);
	if (e >= 0 && t->rep[e] != e)
		*v = pv_ref(t->elem[t->rep[e]]);
}

/* The ParentTree's values (page arrays and annotations' elements) name
 * the representatives. */
static void fix_parent_tree(tree *t, pval *node, int depth)
{
	node = pdf_deref(t->d, node);
	if (depth > 32 || !node || node->kind != PV_DICT)
		return;
	pval *kids = pdf_get(t->d, node, "Kids");
	for (uint32_t i = 0; kids && kids->kind == PV_ARRAY && i < kids->n; i++)
		fix_parent_tree(t, &kids->u.v[i], depth + 1);
	pval *nums = pdf_get(t->d, node, "Nums");
	uint32_t n = nums && nums->kind == PV_ARRAY ? nums->n : 0;
	for (uint32_t i = 1; i < n; i += 2) {
		pval *v = &nums->u.v[i];
		pval *arr = pdf_deref(t->d, v);
		if (arr && arr->kind == PV_ARRAY) {
			for (uint32_t j = 0; j < arr->n; j++)
				to_rep(t, &arr->u.v[j]);
		} else {
			to_rep(t, v);
		}
	}
}

static void tree_free(tree *t)
{
	for (size_t i = 0; t->kids && i < t->n; i++)
		free(t->kids[i].v);
	free(t->kids);
	free(t->elem);
	free(t->parent);
	free(t->pg);
	free(t->kid_from);
	free(t->kid_to);
	free(t->rk);
	free(t->by_id);
	free(t->rep);
	free(t->up);
	free(t->dirty);
	free(t->moved);
}

/* Writes a changed representative's kids, and its parent where that
 * changed. */
static void write_elem(tree *t, size_t i, int str)
{
	pdoc *d = t->d;
	pval *e = elem_dict(t, i);
	if (t->dirty[i]) {
		pval arr = pv_array(d, (uint32_t)t->kids[i].n);
		for (size_t j = 0; j < t->kids[i].n; j++) {
			const kid *k = &t->kids[i].v[j];
			if (k->kind == K_ELEM) {
				pv_push(d, &arr, pv_ref(t->elem[k->v]));
			} else if (k->kind == K_MCID && k->page >= 0) {
				pval mcr = pv_dict(d, 3);
				pv_set(d, &mcr, "Type", pv_name(d, "MCR"));
				pval *pg = pv_get(elem_dict(t, (size_t)k->page), "Pg");
				pv_set(d, &mcr, "Pg", pg ? *pg : pv_null());
				pv_set(d, &mcr, "MCID", pv_int(k->v));
				pv_push(d, &arr, mcr);
			} else if (k->kind == K_MCID) {
				pv_push(d, &arr, pv_int(k->v));
			} else {
				pv_push(d, &arr, *k->raw);
			}
		}
		pv_set(d, e, "K", arr);
	}
	int old = t->parent[i] >= 0 ? t->parent[i] : -1;
	if (t->up[i] != old)
		pv_set(d, e, "P", pv_ref(t->up[i] >= 0 ? t->elem[t->up[i]] : str));
}

bool tagtree_fix(pdoc *d, pval *root, const layout *l)
{
	pval *str_ref = pv_get(root, "StructTreeRoot");
	pval *str = pdf_deref(d, str_ref);
	if (!str || str->kind != PV_DICT || str_ref->kind != PV_REF)
		return true;
	int str_num = (int)str_ref->u.i;
	tree t = { .d = d };
	kidlist top = { 0 };
	bool ok = collect(&t, pdf_get(d, str, "K"), &top);
	if (!ok || t.n != l->n_opened) {
		diag(DIAG_ERROR, (srcpos){ 0 },
		     "finishing the PDF failed: cairo wrote %zu structure elements, satz opened %zu "
		     "(a bug in satz: please report it with the source)", t.n, l->n_opened);
		free(top.v);
		tree_free(&t);
		return false;
	}
	size_t n = t.n;
	t.rep = xmalloc((n + 1) * sizeof *t.rep);
	t.up = xmalloc((n + 1) * sizeof *t.up);
	t.dirty = xcalloc(n + 1, sizeof *t.dirty);
	t.moved = xcalloc(n + 1, sizeof *t.moved);
	t.kids = xcalloc(n + 1, sizeof *t.kids);
	bool *placed = xcalloc(n + 1, sizeof *placed);
	node_at *sorted = xmalloc((n + 1) * sizeof *sorted);
	find_reps(&t, l, sorted);
	bool top_dirty = false;
	for (size_t j = 0; j < top.n; j++) {
		int r = t.rep[top.v[j].v];
		top_dirty |= r != top.v[j].v;
		if (!placed[r]) {
			placed[r] = true;
			t.up[r] = -1;
		}
		top.v[j].v = r;
	}
	for (size_t i = 0; i < n; i++)
		gather(&t, i, placed);

	/* footnotes right after the element their mark is in */
	for (int i = 0; i < l->n_notes; i++) {
		const lnote *nt = &l->notes[i];
		int note = nt->tag ? rep_of(&t, sorted, nt->tag) : -1;
		int anchor = nt->anchor ? rep_of(&t, sorted, nt->anchor) : -1;
		if (note >= 0 && anchor >= 0 && note != anchor && t.up[anchor] != note) {
			if (t.up[note] < 0) {   /* a note at the top: out of the top list */
				for (size_t j = 0; j < top.n; j++)
					if (top.v[j].v == note) {
						memmove(top.v + j, top.v + j + 1, (top.n - j - 1) * sizeof *top.v);
						top.n--;
						top_dirty = true;
						break;
					}
			}
			place_note(&t, l, note, anchor);
		}
	}

	/* only what changed is written back; header cells and language spans
	 * get their attributes */
	for (size_t i = 0; i < n; i++) {
		if (t.rep[i] != (int)i)
			continue;
		write_elem(&t, i, str_num);
		const snode *s = l->opened[i].node;
		pval *e = elem_dict(&t, i);
		if (s && strcmp(s->tag, "TH") == 0) {
			pval a = pv_dict(d, 2);
			pv_set(d, &a, "O", pv_name(d, "Table"));
			pv_set(d, &a, "Scope", pv_name(d, "Column"));
			pv_set(d, e, "A", a);
		}
		if (s && s->numbering) {
			pval a = pv_dict(d, 2);
			pv_set(d, &a, "O", pv_name(d, "List"));
			/* the name is given with its slash */
			pv_set(d, &a, "ListNumbering", pv_name(d, s->numbering + (s->numbering[0] == '/')));
			pv_set(d, e, "A", a);
		}
		if (l->opened[i].lang)
			pv_set(d, e, "Lang", pv_text(d, l->opened[i].lang));
		if (l->opened[i].actual)   /* a Synopse's changed words */
			pv_set(d, e, "ActualText", pv_text(d, l->opened[i].actual));
	}
	if (top_dirty) {
		pval arr = pv_array(d, (uint32_t)top.n);
		for (size_t j = 0; j < top.n; j++)
			pv_push(d, &arr, pv_ref(t.elem[top.v[j].v]));
		pv_set(d, str, "K", arr);
	}
	free(top.v);
	fix_parent_tree(&t, pv_get(str, "ParentTree"), 0);
	set_note_ids(&t, l, sorted, str);
	free(placed);
	free(sorted);
	tree_free(&t);
	return true;
}
