/* vstruct: one walk over the structure tree collecting each element's
 * type, parent and references; the rules on each element as it is met;
 * then the ParentTree and the annotations against what was collected. */
#include "vstruct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ISO 32000-1 14.8.4: the standard structure types. */
static const char *const standard[] = {
	"/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption", "/TOC",
	"/TOCI", "/Index", "/NonStruct", "/Private", "/H", "/H1", "/H2", "/H3", "/H4",
	"/H5", "/H6", "/P", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD",
	"/THead", "/TBody", "/TFoot", "/Span", "/Quote", "/Note", "/Reference", "/BibEntry",
	"/Code", "/Link", "/Annot", "/Ruby", "/RB", "/RT", "/RP", "/Warichu", "/WT", "/WP",
	"/Figure", "/Formula", "/Form", NULL
};

static bool in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

/* A reference from an element to content: marked content on a page, or
 * an annotation (mcid -1). */
typedef struct {
	int page, mcid, elem, annot;
} ref;

static int cmp_ref(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	if (x->mcid != y->mcid)
		return x->mcid < y->mcid ? -1 : 1;
	if (x->annot != y->annot)
		return x->annot < y->annot ? -1 : 1;
	return (x->elem > y->elem) - (x->elem < y->elem);
}

typedef struct {
	vcheck *c;
	qpdf_oh rolemap;
	ref *refs;
	size_t n_refs, cap_refs;
	char **ids;
	int *id_elem;
	size_t n_ids;
	int last_level;
} walk;

static void add_ref(walk *w, int page, int mcid, int elem, int annot)
{
	if (w->n_refs == w->cap_refs)
		w->refs = xrealloc(w->refs, (w->cap_refs = w->cap_refs ? w->cap_refs * 2 : 256) *
				   sizeof *w->refs);
	w->refs[w->n_refs++] = (ref){ page, mcid, elem, annot };
}

/* The standard type of an element's /S, through the role map; NULL if it
 * has none (reported). */
static const char *std_type(walk *w, qpdf_oh e, int id, char *buf, size_t size)
{
	qpdf_data q = w->c->q;
	qpdf_oh s = qpdf_oh_get_key(q, e, "/S");
	if (!qpdf_oh_is_name(q, s))
		return NULL;
	snprintf(buf, size, "%s", qpdf_oh_get_name(q, s));
	if (in_set(buf, standard)) {
		if (qpdf_oh_is_dictionary(q, w->rolemap) && qpdf_oh_has_key(q, w->rolemap, buf))
			vfail(w->c, "Matterhorn 02-004", id, "the role map remaps the standard type %s", buf + 1);
		return buf;
	}
	for (int hops = 0; hops < 16; hops++) {
		qpdf_oh to = qpdf_oh_get_key_if_dict(q, w->rolemap, buf);
		if (!qpdf_oh_is_name(q, to))
			break;
		snprintf(buf, size, "%s", qpdf_oh_get_name(q, to));
		if (in_set(buf, standard))
			return buf;
	}
	vfail(w->c, "Matterhorn 02-001", id, "the structure type %s is neither standard nor role-mapped to one",
	      qpdf_oh_get_name(q, s) + 1);
	return NULL;
}

/* /A holds an attribute object of owner o with key k (an array may hold
 * several, with revision numbers between). */
static bool has_attr(qpdf_data q, qpdf_oh e, const char *o, const char *k)
{
	qpdf_oh a = qpdf_oh_get_key(q, e, "/A");
	int n = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh d = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_item(q, a, i) : a;
		if (qpdf_oh_is_dictionary(q, d) &&
		    qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/O"), o) &&
		    qpdf_oh_has_key(q, d, k))
			return true;
	}
	return false;
}

/* The /ListNumbering of a List attribute object of e, or null. */
static qpdf_oh list_numbering(qpdf_data q, qpdf_oh e)
{
	qpdf_oh a = qpdf_oh_get_key(q, e, "/A");
	int n = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh d = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_item(q, a, i) : a;
		if (qpdf_oh_is_dictionary(q, d) &&
		    qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/O"), "/List") &&
		    qpdf_oh_has_key(q, d, "/ListNumbering"))
			return qpdf_oh_get_key(q, d, "/ListNumbering");
	}
	return qpdf_oh_new_null(q);
}

typedef struct {
	qpdf_oh o;
	int parent_id;
	char parent_type[64];
	qpdf_oh page;          /* the /Pg in force */
} item;

/* Nesting of ISO 32000-1 Tables 333, 336 and 337 (Matterhorn 09-004..006). */
static void check_nesting(walk *w, const char *type, const char *parent, int id)
{
	static const struct { const char *child, *parents, *rule; } rules[] = {
		{ "/TR", "/Table/THead/TBody/TFoot/", "Matterhorn 09-004" },
		{ "/TH", "/TR/", "Matterhorn 09-004" },
		{ "/TD", "/TR/", "Matterhorn 09-004" },
		{ "/THead", "/Table/", "Matterhorn 09-004" },
		{ "/TBody", "/Table/", "Matterhorn 09-004" },
		{ "/TFoot", "/Table/", "Matterhorn 09-004" },
		{ "/LI", "/L/", "Matterhorn 09-005" },
		{ "/LBody", "/LI/", "Matterhorn 09-005" },
		{ "/Lbl", "/LI/TOCI/BibEntry/Note/", "Matterhorn 09-005" },
		{ "/TOCI", "/TOC/", "Matterhorn 09-006" },
	};
	static const struct { const char *parent, *children, *rule; } kids[] = {
		{ "/Table", "/TR/THead/TBody/TFoot/Caption/", "Matterhorn 09-004" },
		{ "/TR", "/TH/TD/", "Matterhorn 09-004" },
		{ "/THead", "/TR/", "Matterhorn 09-004" },
		{ "/TBody", "/TR/", "Matterhorn 09-004" },
		{ "/TFoot", "/TR/", "Matterhorn 09-004" },
		{ "/L", "/L/LI/Caption/", "Matterhorn 09-005" },
		{ "/LI", "/Lbl/LBody/", "Matterhorn 09-005" },
		{ "/TOC", "/TOC/TOCI/Caption/", "Matterhorn 09-006" },
	};
	char key[80];
	snprintf(key, sizeof key, "%s/", type);
	char pkey[80];
	snprintf(pkey, sizeof pkey, "%s/", parent);
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (strcmp(type, rules[i].child) == 0 && !strstr(rules[i].parents, pkey))
			vfail(w->c, rules[i].rule, id, "a %s element inside %s", type + 1,
			      *parent ? parent + 1 : "the structure tree root");
	for (size_t i = 0; i < sizeof kids / sizeof *kids; i++)
		if (strcmp(parent, kids[i].parent) == 0 && !strstr(kids[i].children, key))
			vfail(w->c, kids[i].rule, id, "a %s element inside %s", type + 1, parent + 1);
}

/* The rules on one element; pushes its kids. */
static void element(walk *w, const item *it, item **stack, size_t *n, size_t *cap)
{
	vcheck *c = w->c;
	qpdf_data q = c->q;
	qpdf_oh e = it->o;
	int id = qpdf_oh_get_object_id(q, e);
	char buf[60];
	const char *type = std_type(w, e, id, buf, sizeof buf);
	if (!qpdf_oh_has_key(q, e, "/P"))
		vfail(c, "PDF/UA 7.1-12", id, "a structure element has no /P (parent)");
	qpdf_oh lang = qpdf_oh_get_key(q, e, "/Lang");
	if (qpdf_oh_is_string(q, lang) && !vlang_valid(qpdf_oh_get_utf8_value(q, lang)))
		vfail(c, "PDF/UA 7.2-29", id, "the /Lang '%s' is not a language tag",
		      qpdf_oh_get_utf8_value(q, lang));
	if (type) {
		check_nesting(w, type, it->parent_type, id);
		if (strcmp(type, "/Figure") == 0 || strcmp(type, "/Formula") == 0) {
			qpdf_oh alt = qpdf_oh_get_key(q, e, "/Alt");
			qpdf_oh act = qpdf_oh_get_key(q, e, "/ActualText");
			if (!(qpdf_oh_is_string(q, alt) && *qpdf_oh_get_utf8_value(q, alt)) &&
			    !(qpdf_oh_is_string(q, act) && *qpdf_oh_get_utf8_value(q, act)))
				vfail(c, strcmp(type, "/Figure") == 0 ? "Matterhorn 13-004" : "Matterhorn 17-002",
				      id, "a %s has no alternative text (/Alt)", type + 1);
		} else if (type[1] == 'H' && type[2] >= '1' && type[2] <= '6' && !type[3]) {
			int level = type[2] - '0';
			if (w->last_level == 0 && level != 1)
				vfail(c, "Matterhorn 14-002", id, "the first heading is H%d, not H1", level);
			else if (level > w->last_level + 1 && w->last_level > 0)
				vfail(c, "Matterhorn 14-003", id, "heading H%d follows H%d: a level is skipped",
				      level, w->last_level);
			w->last_level = level;
		} else if (strcmp(type, "/L") == 0) {
			/* ordered or not, a screen reader says so: satz writes
			 * ListNumbering on every list */
			static const char *const numberings[] = {
				"/None", "/Disc", "/Circle", "/Square", "/Decimal", "/UpperRoman",
				"/LowerRoman", "/UpperAlpha", "/LowerAlpha", NULL
			};
			qpdf_oh v = list_numbering(q, e);
			if (!qpdf_oh_is_name(q, v))
				vfail(c, "satz 5", id, "a list (L) has no /ListNumbering");
			else if (!in_set(qpdf_oh_get_name(q, v), numberings))
				vfail(c, "Matterhorn 16-002", id, "/ListNumbering %s is not one of PDF's "
				      "values (None, Disc, Circle, Square, Decimal, UpperRoman, LowerRoman, "
				      "UpperAlpha, LowerAlpha)", qpdf_oh_get_name(q, v));
		} else if (strcmp(type, "/TH") == 0 && !has_attr(q, e, "/Table", "/Scope") &&
			   !has_attr(q, e, "/Table", "/Headers")) {
			vfail(c, "Matterhorn 15-003", id, "a header cell (TH) has no /Scope");
		} else if (strcmp(type, "/Note") == 0) {
			qpdf_oh nid = qpdf_oh_get_key(q, e, "/ID");
			if (!qpdf_oh_is_string(q, nid) || !*qpdf_oh_get_utf8_value(q, nid)) {
				vfail(c, "Matterhorn 19-003", id, "a Note has no /ID");
			} else {
				w->ids = xrealloc(w->ids, (w->n_ids + 1) * sizeof *w->ids);
				w->id_elem = xrealloc(w->id_elem, (w->n_ids + 1) * sizeof *w->id_elem);
				w->ids[w->n_ids] = xstrdup(qpdf_oh_get_utf8_value(q, nid));
				w->id_elem[w->n_ids++] = id;
			}
		}
	}
	/* the kids: elements pushed, content references collected, and
	 * satz's rules on what a page break must not do */
	qpdf_oh pg = qpdf_oh_get_key(q, e, "/Pg");
	if (!qpdf_oh_is_dictionary(q, pg))
		pg = it->page;
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	int nk = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	bool first_elem = true, body_row = false;
	size_t at = *n;
	for (int i = 0; i < nk; i++) {
		qpdf_oh kid = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k;
		if (qpdf_oh_is_integer(q, kid)) {
			add_ref(w, qpdf_oh_get_object_id(q, pg), qpdf_oh_get_int_value_as_int(q, kid), id, 0);
			continue;
		}
		if (!qpdf_oh_is_dictionary(q, kid))
			continue;
		qpdf_oh kt = qpdf_oh_get_key(q, kid, "/Type");
		qpdf_oh kpg = qpdf_oh_get_key(q, kid, "/Pg");
		if (!qpdf_oh_is_dictionary(q, kpg))
			kpg = pg;
		if (qpdf_oh_is_name_and_equals(q, kt, "/MCR")) {
			qpdf_oh m = qpdf_oh_get_key(q, kid, "/MCID");
			if (qpdf_oh_is_integer(q, m))
				add_ref(w, qpdf_oh_get_object_id(q, kpg), qpdf_oh_get_int_value_as_int(q, m), id, 0);
			continue;
		}
		if (qpdf_oh_is_name_and_equals(q, kt, "/OBJR")) {
			add_ref(w, qpdf_oh_get_object_id(q, kpg), -1, id,
				qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, kid, "/Obj")));
			continue;
		}
		if (!qpdf_oh_has_key(q, kid, "/S"))
			continue;
		qpdf_oh ks = qpdf_oh_get_key(q, kid, "/S");
		const char *kname = qpdf_oh_is_name(q, ks) ? qpdf_oh_get_name(q, ks) : "";
		if (type && strcmp(type, "/Sect") == 0 && first_elem &&
		    !(kname[1] == 'H' && (kname[2] == '\0' || (kname[2] >= '1' && kname[2] <= '6' && !kname[3]))))
			vfail(c, "satz 3", id, "a Sect does not begin with its heading (%s): a section cut in two at a page break?",
			      kname + 1);
		first_elem = false;
		if (type && strcmp(type, "/Table") == 0 && strcmp(kname, "/TR") == 0) {
			/* a header row after a body row: a repeated header tagged as content */
			qpdf_oh rk = qpdf_oh_get_key(q, kid, "/K");
			qpdf_oh cell = qpdf_oh_is_array(q, rk) ? qpdf_oh_get_array_item(q, rk, 0) : rk;
			bool th = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key_if_dict(q, cell, "/S"), "/TH");
			if (th && body_row)
				vfail(c, "satz 4", qpdf_oh_get_object_id(q, kid),
				      "a header row (TH) follows body rows in a Table: a header repeated at a page break must be an artifact");
			body_row |= !th;
		}
		if (*n == *cap)
			*stack = xrealloc(*stack, (*cap *= 2) * sizeof **stack);
		item ni = { kid, id, "", pg };
		snprintf(ni.parent_type, sizeof ni.parent_type, "%s", type ? type : "");
		(*stack)[(*n)++] = ni;
	}
	/* kids in order: reverse what was pushed */
	for (size_t a = at, b = *n; b > a + 1; a++, b--) {
		item tmp = (*stack)[a];
		(*stack)[a] = (*stack)[b - 1];
		(*stack)[b - 1] = tmp;
	}
	if (type && strcmp(type, "/Table") == 0) {
		/* satz's own rule: every table has column titles (TH) */
		bool th = false;
		for (size_t i = at; i < *n && !th; i++) {
			qpdf_oh rk = qpdf_oh_get_key(q, (*stack)[i].o, "/K");
			int m = qpdf_oh_is_array(q, rk) ? qpdf_oh_get_array_n_items(q, rk) : 1;
			for (int j = 0; j < m && !th; j++) {
				qpdf_oh cell = qpdf_oh_is_array(q, rk) ? qpdf_oh_get_array_item(q, rk, j) : rk;
				th = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key_if_dict(q, cell, "/S"), "/TH");
			}
		}
		if (!th)
			vfail(c, "satz 2", id, "a Table has no header cell (TH)");
	}
}

/* The values of a number tree, by key. */
typedef struct {
	int key;
	qpdf_oh value;
} numval;

static void number_tree(qpdf_data q, qpdf_oh node, numval **v, size_t *n, int depth, idset *seen)
{
	if (depth > 32 || !qpdf_oh_is_dictionary(q, node) ||
	    !idset_add(seen, qpdf_oh_get_object_id(q, node)))
		return;
	qpdf_oh kids = qpdf_oh_get_key(q, node, "/Kids");
	for (int i = 0; qpdf_oh_is_array(q, kids) && i < qpdf_oh_get_array_n_items(q, kids); i++)
		number_tree(q, qpdf_oh_get_array_item(q, kids, i), v, n, depth + 1, seen);
	qpdf_oh nums = qpdf_oh_get_key(q, node, "/Nums");
	int m = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
	for (int i = 0; i + 1 < m; i += 2) {
		qpdf_oh k = qpdf_oh_get_array_item(q, nums, i);
		if (!qpdf_oh_is_integer(q, k))
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = (numval){ qpdf_oh_get_int_value_as_int(q, k), qpdf_oh_get_array_item(q, nums, i + 1) };
	}
}

static const numval *find_num(const numval *v, size_t n, int key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].key == key)
			return &v[i];
	return NULL;
}

static bool has_ref(const walk *w, int page, int mcid, int elem, int annot)
{
	ref r = { page, mcid, elem, annot };
	return bsearch(&r, w->refs, w->n_refs, sizeof r, cmp_ref) != NULL;
}

/* The ParentTree maps each marked-content sequence of a page and each
 * annotation to the element that references it, and nothing else. */
static void check_parent_tree(walk *w, qpdf_oh str, const vmcids *mcids, int n_pages)
{
	vcheck *c = w->c;
	qpdf_data q = c->q;
	numval *v = NULL;
	size_t nv = 0;
	idset seen = { 0 };
	number_tree(q, qpdf_oh_get_key(q, str, "/ParentTree"), &v, &nv, 0, &seen);
	idset_free(&seen);
	qsort(w->refs, w->n_refs, sizeof *w->refs, cmp_ref);
	const char *rule = "ISO 32000-1 14.7.4.4";
	for (int p = 0; p < n_pages; p++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)p);
		int pid = qpdf_oh_get_object_id(q, pg);
		qpdf_oh sp = qpdf_oh_get_key(q, pg, "/StructParents");
		const numval *entry = qpdf_oh_is_integer(q, sp)
			? find_num(v, nv, qpdf_oh_get_int_value_as_int(q, sp)) : NULL;
		int reported = 0;
		for (size_t i = 0; i < mcids[p].n && reported < 3; i++) {
			int m = mcids[p].v[i];
			qpdf_oh e = entry && qpdf_oh_is_array(q, entry->value) &&
					    m < qpdf_oh_get_array_n_items(q, entry->value)
				    ? qpdf_oh_get_array_item(q, entry->value, m) : 0;
			int eid = e ? qpdf_oh_get_object_id(q, e) : 0;
			if (eid <= 0) {
				vfail(c, rule, pid, "page %d marks MCID %d, which the ParentTree does not map to an element",
				      p + 1, m);
				reported++;
			} else if (!has_ref(w, pid, m, eid, 0)) {
				vfail(c, rule, eid, "the ParentTree maps MCID %d of page %d to an element that does not reference it",
				      m, p + 1);
				reported++;
			}
		}
		/* annotations: the Link element they belong to (Matterhorn 28-011) */
		qpdf_oh annots = qpdf_oh_get_key(q, pg, "/Annots");
		int na = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
		for (int i = 0; i < na; i++) {
			qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
			int aid = qpdf_oh_get_object_id(q, a);
			if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key_if_dict(q, a, "/Subtype"), "/Link"))
				continue;
			qpdf_oh spk = qpdf_oh_get_key(q, a, "/StructParent");
			const numval *ae = qpdf_oh_is_integer(q, spk)
				? find_num(v, nv, qpdf_oh_get_int_value_as_int(q, spk)) : NULL;
			int eid = ae ? qpdf_oh_get_object_id(q, ae->value) : 0;
			bool link = ae && qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key_if_dict(q, ae->value, "/S"), "/Link");
			if (!link || !has_ref(w, pid, -1, eid, aid))
				vfail(c, "Matterhorn 28-011", aid, "a link on page %d is not in a Link structure element",
				      p + 1);
		}
	}
	/* every reference of an element: marked content that is on its page */
	int reported = 0;
	for (size_t i = 0; i < w->n_refs && reported < 3; i++) {
		const ref *r = &w->refs[i];
		if (r->mcid < 0)
			continue;
		int p = 0;
		while (p < n_pages && qpdf_oh_get_object_id(q, qpdf_get_page_n(q, (size_t)p)) != r->page)
			p++;
		bool found = false;
		for (size_t j = 0; p < n_pages && j < mcids[p].n && !found; j++)
			found = mcids[p].v[j] == r->mcid;
		if (!found) {
			vfail(c, rule, r->elem, "an element references MCID %d %s, where no content has it",
			      r->mcid, p < n_pages ? "on its page" : "without a page");
			reported++;
		}
	}
	free(v);
}

void vstruct_check(vcheck *c, qpdf_oh root, const vmcids *mcids, int n_pages)
{
	qpdf_data q = c->q;
	qpdf_oh str = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, str)) {
		/* no structure: no link is in a Link element */
		for (int p = 0; p < n_pages; p++) {
			qpdf_oh annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Annots");
			int na = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
			for (int i = 0; i < na; i++) {
				qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
				if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key_if_dict(q, a, "/Subtype"), "/Link"))
					vfail(c, "Matterhorn 28-011", qpdf_oh_get_object_id(q, a),
					      "a link on page %d is not in a Link structure element", p + 1);
			}
		}
		return;
	}
	walk w = { .c = c, .rolemap = qpdf_oh_get_key(q, str, "/RoleMap") };
	size_t cap = 64, n = 0;
	item *stack = xmalloc(cap * sizeof *stack);
	idset seen = { 0 };
	qpdf_oh k = qpdf_oh_get_key(q, str, "/K");
	int nk = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = nk - 1; i >= 0; i--) {
		if (n == cap)
			stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
		stack[n++] = (item){ qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k, 0, "", 0 };
	}
	size_t visits = 0;
	while (n > 0) {
		item it = stack[--n];
		if (++visits > 10000000) {
			vfail(c, "PDF/UA 7.1-11", 0, "the structure tree does not end (a cycle?)");
			break;
		}
		if (!qpdf_oh_is_dictionary(q, it.o) || !qpdf_oh_has_key(q, it.o, "/S") ||
		    !idset_add(&seen, qpdf_oh_get_object_id(q, it.o)))
			continue;
		element(&w, &it, &stack, &n, &cap);
	}
	free(stack);
	idset_free(&seen);

	/* notes: unique IDs, each in the IDTree (Matterhorn 19-004) */
	qpdf_oh idtree = qpdf_oh_get_key(q, str, "/IDTree");
	qpdf_oh names = qpdf_oh_get_key_if_dict(q, idtree, "/Names");
	int nn = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names) : 0;
	for (size_t i = 0; i < w.n_ids; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(w.ids[i], w.ids[j]) == 0) {
				vfail(c, "Matterhorn 19-004", w.id_elem[i], "two Notes have the /ID '%s'", w.ids[i]);
				break;
			}
		bool listed = false;
		for (int j = 0; j + 1 < nn && !listed; j += 2)
			listed = strcmp(qpdf_oh_get_utf8_value(q, qpdf_oh_get_array_item(q, names, j)), w.ids[i]) == 0 &&
				 qpdf_oh_get_object_id(q, qpdf_oh_get_array_item(q, names, j + 1)) == w.id_elem[i];
		if (!listed)
			vfail(c, "Matterhorn 19-004", w.id_elem[i], "the /ID '%s' of a Note is not in the /IDTree", w.ids[i]);
	}
	check_parent_tree(&w, str, mcids, n_pages);
	for (size_t i = 0; i < w.n_ids; i++)
		free(w.ids[i]);
	free(w.ids);
	free(w.id_elem);
	free(w.refs);
}
