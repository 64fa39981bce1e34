/* tagtree: one pass over cairo's structure elements in the order cairo made
 * them (which is the order draw opened them, and the tree's preorder), a
 * representative for each element of the layout, new kid lists, then the
 * notes, the ParentTree and the attributes cairo cannot write. */
#include "tagtree.h"

#include <stdlib.h>
#include <string.h>

/* A kid of a merged element: another element (by index) or an object
 * kept as it is (a marked-content reference, an object reference). */
typedef struct {
	int elem;              /* index of an element, or -1 */
	qpdf_oh raw;
} kid;

typedef struct {
	kid *v;
	size_t n, cap;
} kidlist;

typedef struct {
	qpdf_data q;
	qpdf_oh *elem;         /* cairo's elements in preorder */
	int *parent;           /* index of the parent element, -1 at the top */
	int *rep;              /* the first part of the same layout element */
	int *up;               /* the representative's parent after merging */
	kidlist *kids;         /* of representatives */
	bool *moved;           /* a note placed after its anchor */
	size_t n, cap;
	int *by_id;            /* object number -> element index + 1 */
	size_t n_ids;
} tree;

static void kid_add(kidlist *k, int elem, qpdf_oh raw)
{
	if (k->n == k->cap)
		k->v = xrealloc(k->v, (k->cap = k->cap ? k->cap * 2 : 4) * sizeof *k->v);
	k->v[k->n++] = (kid){ elem, raw };
}

static void kid_insert(kidlist *k, size_t at, int elem)
{
	kid_add(k, elem, 0);
	memmove(k->v + at + 1, k->v + at, (k->n - 1 - at) * sizeof *k->v);
	k->v[at] = (kid){ elem, 0 };
}

static bool is_elem(qpdf_data q, qpdf_oh o)
{
	if (!qpdf_oh_is_dictionary(q, o) || !qpdf_oh_has_key(q, o, "/S"))
		return false;
	qpdf_oh t = qpdf_oh_get_key(q, o, "/Type");
	return !qpdf_oh_is_name_and_equals(q, t, "/MCR") &&
	       !qpdf_oh_is_name_and_equals(q, t, "/OBJR");
}

static bool has_type(qpdf_data q, qpdf_oh e, const char *s)
{
	return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, e, "/S"), s);
}

static int index_of(const tree *t, qpdf_oh o)
{
	int id = qpdf_oh_get_object_id(t->q, o);
	return id > 0 && (size_t)id < t->n_ids ? t->by_id[id] - 1 : -1;
}

/* The elements in preorder, each with its parent; false on a cycle. */
static bool collect(tree *t, qpdf_oh top)
{
	qpdf_data q = t->q;
	size_t cap = 64, n = 0;
	struct item { qpdf_oh o; int parent; } *stack = xmalloc(cap * sizeof *stack);
	stack[n++] = (struct item){ top, -1 };
	bool ok = true;
	while (n > 0 && ok) {
		struct item it = stack[--n];
		if (qpdf_oh_is_array(q, it.o)) {
			for (int i = qpdf_oh_get_array_n_items(q, it.o) - 1; i >= 0; i--) {
				if (n == cap)
					stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
				stack[n++] = (struct item){ qpdf_oh_get_array_item(q, it.o, i), it.parent };
			}
			continue;
		}
		if (!is_elem(q, it.o))
			continue;
		int id = qpdf_oh_get_object_id(q, it.o);
		if (id > 0) {
			if ((size_t)id >= t->n_ids) {
				size_t m = t->n_ids ? t->n_ids : 1024;
				while (m <= (size_t)id)
					m *= 2;
				t->by_id = xrealloc(t->by_id, m * sizeof *t->by_id);
				memset(t->by_id + t->n_ids, 0, (m - t->n_ids) * sizeof *t->by_id);
				t->n_ids = m;
			}
			if (t->by_id[id]) {
				ok = false;   /* an element reached twice */
				break;
			}
			t->by_id[id] = (int)t->n + 1;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 1024;
			t->elem = xrealloc(t->elem, t->cap * sizeof *t->elem);
			t->parent = xrealloc(t->parent, t->cap * sizeof *t->parent);
		}
		t->elem[t->n] = it.o;
		t->parent[t->n] = it.parent;
		int self = (int)t->n++;
		if (n == cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
		stack[n++] = (struct item){ qpdf_oh_get_key(q, it.o, "/K"), self };
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
		if (sorted[i].node && sorted[i].node == sorted[i - 1].node)
			t->rep[sorted[i].index] = t->rep[sorted[i - 1].index];
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

static bool same_object(qpdf_data q, qpdf_oh a, qpdf_oh b)
{
	int x = qpdf_oh_get_object_id(q, a), y = qpdf_oh_get_object_id(q, b);
	return x > 0 && x == y;
}

/* Appends element i's kids to its representative's list: marked content
 * on another page than the representative's /Pg as a reference with its
 * own /Pg, each merged child once. */
static void gather(tree *t, size_t i, bool *placed)
{
	qpdf_data q = t->q;
	int r = t->rep[i];
	qpdf_oh e = t->elem[i];
	qpdf_oh pg = qpdf_oh_get_key(q, e, "/Pg");
	qpdf_oh rpg = qpdf_oh_get_key(q, t->elem[r], "/Pg");
	bool other_page = qpdf_oh_is_dictionary(q, pg) && !same_object(q, pg, rpg);
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int j = 0; j < n; j++) {
		qpdf_oh c = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, j) : k;
		if (qpdf_oh_is_null(q, c))
			continue;
		int ci = is_elem(q, c) ? index_of(t, c) : -1;
		if (ci >= 0) {
			int cr = t->rep[ci];
			if (!placed[cr]) {
				placed[cr] = true;
				t->up[cr] = r;
				kid_add(&t->kids[r], cr, 0);
			}
		} else if (other_page && qpdf_oh_is_integer(q, c)) {
			qpdf_oh mcr = qpdf_oh_new_dictionary(q);
			qpdf_oh_replace_key(q, mcr, "/Type", qpdf_oh_new_name(q, "/MCR"));
			qpdf_oh_replace_key(q, mcr, "/Pg", pg);
			qpdf_oh_replace_key(q, mcr, "/MCID", c);
			kid_add(&t->kids[r], -1, mcr);
		} else {
			if (other_page && qpdf_oh_is_dictionary(q, c) && !qpdf_oh_has_key(q, c, "/Pg"))
				qpdf_oh_replace_key(q, c, "/Pg", pg);
			kid_add(&t->kids[r], -1, c);
		}
	}
}

/* Where a note goes: inside the element that references it when that is
 * a cell, caption or label (their parents take no notes), else right
 * after it, after the notes already placed there. */
static void place_note(tree *t, int note, int anchor)
{
	qpdf_data q = t->q;
	int from = t->up[note];
	if (from >= 0) {
		kidlist *k = &t->kids[from];
		for (size_t j = 0; j < k->n; j++)
			if (k->v[j].elem == note) {
				memmove(k->v + j, k->v + j + 1, (k->n - j - 1) * sizeof *k->v);
				k->n--;
				break;
			}
	}
	int parent = t->up[anchor];
	static const char *const inside[] = { "/TD", "/TH", "/Caption", "/Lbl", NULL };
	bool in = parent < 0;
	for (int i = 0; inside[i] && !in; i++)
		in = has_type(q, t->elem[anchor], inside[i]);
	if (in) {
		kid_add(&t->kids[anchor], note, 0);
		t->up[note] = anchor;
	} else {
		kidlist *k = &t->kids[parent];
		size_t at = 0;
		while (at < k->n && k->v[at].elem != anchor)
			at++;
		at = at < k->n ? at + 1 : k->n;
		while (at < k->n && k->v[at].elem >= 0 && t->moved[k->v[at].elem])
			at++;
		kid_insert(k, at, note);
		t->up[note] = parent;
	}
	t->moved[note] = true;
}

typedef struct {
	char *id;
	int elem;
} note_id;

static int cmp_note_id(const void *a, const void *b)
{
	return strcmp(((const note_id *)a)->id, ((const note_id *)b)->id);
}

/* /ID on every note, in an /IDTree on the structure tree root. */
static void set_note_ids(tree *t, const layout *l, const node_at *sorted, qpdf_oh str)
{
	qpdf_data q = t->q;
	note_id *ids = xmalloc(((size_t)l->n_notes + 1) * sizeof *ids);
	size_t n = 0;
	for (int i = 0; i < l->n_notes; i++) {
		int r = l->notes[i].tag ? rep_of(t, sorted, l->notes[i].tag) : -1;
		if (r < 0 || !has_type(q, t->elem[r], "/Note"))
			continue;
		strbuf b = { 0 };
		sb_printf(&b, "note.%d", i + 1);
		ids[n++] = (note_id){ b.s, r };
		qpdf_oh_replace_key(q, t->elem[r], "/ID", qpdf_oh_new_string(q, b.s));
	}
	qsort(ids, n, sizeof *ids, cmp_note_id);
	if (n > 0) {
		qpdf_oh names = qpdf_oh_new_array(q);
		for (size_t i = 0; i < n; i++) {
			qpdf_oh_append_item(q, names, qpdf_oh_new_string(q, ids[i].id));
			qpdf_oh_append_item(q, names, t->elem[ids[i].elem]);
		}
		qpdf_oh tree_dict = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, tree_dict, "/Names", names);
		qpdf_oh_replace_key(q, str, "/IDTree", tree_dict);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i].id);
	free(ids);
}

/* The ParentTree's values (page arrays and annotations' elements) name
 * the representatives. */
static void fix_parent_tree(tree *t, qpdf_oh node, int depth)
{
	qpdf_data q = t->q;
	if (depth > 32 || !qpdf_oh_is_dictionary(q, node))
		return;
	qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
	for (int i = 0; qpdf_oh_is_array(q, kids) && i < qpdf_oh_get_array_n_items(q, kids); i++)
		fix_parent_tree(t, qpdf_oh_get_array_item(q, kids, i), depth + 1);
	qpdf_oh nums = qpdf_oh_get_key(q, node, "/Nums");
	int n = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
	for (int i = 1; i < n; i += 2) {
		qpdf_oh v = qpdf_oh_get_array_item(q, nums, i);
		if (qpdf_oh_is_array(q, v)) {
			int m = qpdf_oh_get_array_n_items(q, v);
			for (int j = 0; j < m; j++) {
				int e = index_of(t, qpdf_oh_get_array_item(q, v, j));
				if (e >= 0 && t->rep[e] != e)
					qpdf_oh_set_array_item(q, v, j, t->elem[t->rep[e]]);
			}
		} else {
			int e = index_of(t, v);
			if (e >= 0 && t->rep[e] != e)
				qpdf_oh_set_array_item(q, nums, i, t->elem[t->rep[e]]);
		}
	}
}

static void tree_free(tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->kids ? t->kids[i].v : NULL);
	free(t->kids);
	free(t->elem);
	free(t->parent);
	free(t->rep);
	free(t->up);
	free(t->moved);
	free(t->by_id);
}

bool tagtree_fix(qpdf_data q, qpdf_oh root, const layout *l)
{
	qpdf_oh str = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, str))
		return true;
	tree t = { .q = q };
	bool ok = collect(&t, qpdf_oh_get_key(q, str, "/K"));
	if (!ok || t.n != l->n_opened) {
		diag(DIAG_ERROR, (srcpos){ 0 },
		     "finishing the PDF failed: cairo wrote %zu structure elements, satz opened %zu "
		     "(a bug in satz: please report it with the source)", t.n, l->n_opened);
		tree_free(&t);
		return false;
	}
	size_t n = t.n;
	t.rep = xmalloc((n + 1) * sizeof *t.rep);
	t.up = xmalloc((n + 1) * sizeof *t.up);
	t.kids = xcalloc(n + 1, sizeof *t.kids);
	t.moved = xcalloc(n + 1, sizeof *t.moved);
	bool *placed = xcalloc(n + 1, sizeof *placed);
	node_at *sorted = xmalloc((n + 1) * sizeof *sorted);
	find_reps(&t, l, sorted);
	kidlist top = { 0 };
	for (size_t i = 0; i < n; i++) {
		int r = t.rep[i];
		if (t.parent[i] < 0 && !placed[r]) {
			placed[r] = true;
			t.up[r] = -1;
			kid_add(&top, r, 0);
		}
		gather(&t, i, placed);
	}

	/* footnotes right after the element their mark is in */
	for (int i = 0; i < l->n_notes; i++) {
		const lnote *nt = &l->notes[i];
		int note = nt->tag ? rep_of(&t, sorted, nt->tag) : -1;
		int anchor = nt->anchor ? rep_of(&t, sorted, nt->anchor) : -1;
		if (note >= 0 && anchor >= 0 && note != anchor && t.up[anchor] != note)
			place_note(&t, note, anchor);
	}

	/* the merged elements: their kids, their parent */
	for (size_t i = 0; i < n; i++) {
		if (t.rep[i] != (int)i)
			continue;
		qpdf_oh e = t.elem[i];
		qpdf_oh arr = qpdf_oh_new_array(q);
		for (size_t j = 0; j < t.kids[i].n; j++) {
			const kid *k = &t.kids[i].v[j];
			qpdf_oh_append_item(q, arr, k->elem >= 0 ? t.elem[k->elem] : k->raw);
		}
		qpdf_oh_replace_key(q, e, "/K", arr);
		qpdf_oh_replace_key(q, e, "/P", t.up[i] >= 0 ? t.elem[t.up[i]] : str);
		if (has_type(q, e, "/TH")) {
			qpdf_oh a = qpdf_oh_new_dictionary(q);
			qpdf_oh_replace_key(q, a, "/O", qpdf_oh_new_name(q, "/Table"));
			qpdf_oh_replace_key(q, a, "/Scope", qpdf_oh_new_name(q, "/Column"));
			qpdf_oh_replace_key(q, e, "/A", a);
		}
		if (l->opened[i].lang)
			qpdf_oh_replace_key(q, e, "/Lang", qpdf_oh_new_unicode_string(q, l->opened[i].lang));
	}
	qpdf_oh arr = qpdf_oh_new_array(q);
	for (size_t j = 0; j < top.n; j++)
		qpdf_oh_append_item(q, arr, t.elem[top.v[j].elem]);
	qpdf_oh_replace_key(q, str, "/K", arr);
	free(top.v);

	fix_parent_tree(&t, qpdf_oh_get_key(q, str, "/ParentTree"), 0);
	set_note_ids(&t, l, sorted, str);
	free(placed);
	free(sorted);
	tree_free(&t);
	return true;
}
