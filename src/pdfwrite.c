/* pdfwrite: linearised output in one pass over objects serialised once.
 * Which part of the file an object goes to (the first page's section, a
 * later page's, the objects pages share, the rest) follows from what
 * uses it, by the rules of Annex F as qpdf --check applies them; objects
 * of one part (and page) share object streams, so a stream belongs where
 * its objects do, and the hint tables describe exactly that layout. */
#include "pdfwrite.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* who uses an object */
enum { U_SEEN = 1, U_ROOT = 2, U_OUTLINES = 4, U_OPEN = 8, U_OTHER = 16, U_PAGE0 = 32,
       U_MULTI = 64 };
/* what it is, then: the catalog, outlines, what opening the document
 * needs, first page only, first page and others, one later page only,
 * several later pages, the rest */
enum { C_ROOT, C_OPEN, C_FPAGE, C_FPAGE_SHARED, C_OUTLINES_FIRST, C_PAGE, C_SHARED,
       C_OUTLINES, C_OTHER };

#define OBJSTM_MAX 100   /* objects in one object stream (qpdf's default too) */
#define W1 4             /* bytes of an offset or object number in the xref streams */
#define W2 2             /* bytes of an index in an object stream */

typedef struct {
	int old;                 /* the pdoc's object; 0 for an object stream */
	int num;                 /* its number in the file */
	int cat, page;           /* category; page of C_PAGE and C_OTHER, or -1 */
	int part;                /* 4, 6, 7, 8, 9 */
	size_t first, count;     /* an object stream: members[first ..] */
	strbuf head;             /* "N 0 obj\n" up to the stream's bytes */
	const unsigned char *data;
	size_t dlen;
	unsigned char *owned;
	const char *tail;
	size_t len, off;         /* off: as if there were no hint stream */
} item;

typedef struct {
	pval *v;
	bool top;
} frame;

typedef struct {
	pdoc *d;
	int n;
	unsigned char *users;
	int *page;               /* the later page using an object, -1 */
	int *stamp, cur;
	frame *stack;
	size_t n_stack, cap_stack;
	int *pages;              /* page objects in order */
	size_t n_pages, cap_pages;
	int **uses;              /* objects each page reaches */
	size_t *n_uses, *cap_uses;
	bool outlines_first;     /* /PageMode /UseOutlines */
	int outlines;            /* the /Outlines object */
	int *item_of;            /* object -> its item (the object stream it is in) */
	int *renumber;
	const char *stream_tail;   /* "\nendstream\nendobj\n" */
	int *members;            /* objects in object streams, stream by stream */
	size_t n_members;
	item *items;
	size_t n_items;
} writer;

static void push(writer *w, pval *v, bool top)
{
	if (w->n_stack == w->cap_stack)
		w->stack = xrealloc(w->stack, (w->cap_stack = w->cap_stack ? w->cap_stack * 2 : 256) *
					      sizeof *w->stack);
	w->stack[w->n_stack++] = (frame){ v, top };
}

static bool is_page_dict(const writer *w, int num)
{
	const pobj *o = w->d->obj[num];
	return !o->stream && o->v.kind == PV_DICT && pv_is_name(pv_get(&o->v, "Type"), "Page");
}

static void note_use(writer *w, int page, int num)
{
	if (w->n_uses[page] == w->cap_uses[page])
		w->uses[page] = xrealloc(w->uses[page], (w->cap_uses[page] = w->cap_uses[page]
			? w->cap_uses[page] * 2 : 32) * sizeof **w->uses);
	w->uses[page][w->n_uses[page]++] = num;
}

/* Marks everything reachable from start as used by flag (a page when flag
 * is 0: page index page), not crossing into other pages and not up from
 * a page to its parent. */
static void walk(writer *w, pval *start, unsigned flag, int page)
{
	w->cur++;
	push(w, start, true);
	while (w->n_stack > 0) {
		frame f = w->stack[--w->n_stack];
		pval *v = f.v;
		int num = 0;
		if (v->kind == PV_REF) {
			num = (int)v->u.i;
			if (num <= 0 || num >= w->n || (w->d->obj[num]->v.kind == PV_NULL &&
							!w->d->obj[num]->stream))
				continue;
			v = &w->d->obj[num]->v;
		}
		bool page_node = num ? is_page_dict(w, num)
				     : v->kind == PV_DICT && pv_is_name(pv_get(v, "Type"), "Page");
		if (page_node && !f.top)
			continue;
		if (num) {
			if (w->stamp[num] == w->cur)
				continue;
			w->stamp[num] = w->cur;
			w->users[num] |= U_SEEN | flag;
			if (!flag && page == 0) {
				w->users[num] |= U_PAGE0;
				note_use(w, 0, num);
			} else if (!flag) {
				if (w->page[num] < 0)
					w->page[num] = page;
				else if (w->page[num] != page)
					w->users[num] |= U_MULTI;
				note_use(w, page, num);
			}
		}
		if (v->kind == PV_ARRAY) {
			for (uint32_t i = v->n; i-- > 0;)
				push(w, &v->u.v[i], false);
		} else if (v->kind == PV_DICT) {
			for (uint32_t i = v->n; i-- > 0;) {
				if (page_node && pv_is_name(&v->u.v[2 * i], "Parent"))
					continue;
				push(w, &v->u.v[2 * i + 1], false);
			}
		}
	}
}

static int category(const writer *w, int num)
{
	unsigned u = w->users[num];
	if (u & U_ROOT)
		return C_ROOT;
	if (u & U_OUTLINES)
		return w->outlines_first ? C_OUTLINES_FIRST : C_OUTLINES;
	if (u & U_OPEN)
		return C_OPEN;
	if (u & U_PAGE0)
		return !(u & U_OTHER) && w->page[num] < 0 ? C_FPAGE : C_FPAGE_SHARED;
	if (w->page[num] >= 0 && !(u & (U_MULTI | U_OTHER)))
		return C_PAGE;
	if (u & U_MULTI)
		return C_SHARED;
	return C_OTHER;
}

static int part_of(int cat)
{
	switch (cat) {
	case C_ROOT: case C_OPEN: return 4;
	case C_FPAGE: case C_FPAGE_SHARED: case C_OUTLINES_FIRST: return 6;
	case C_PAGE: return 7;
	case C_SHARED: return 8;
	default: return 9;
	}
}

/* The pages in order, their inherited attributes moved onto them. */
static bool find_pages(writer *w, pval *root)
{
	static const char *const inherited[] = { "Resources", "MediaBox", "CropBox", "Rotate" };
	pdoc *d = w->d;
	pval *top = pv_get(root, "Pages");
	if (!top || top->kind != PV_REF)
		return false;
	struct { int num; pval inh[4]; } *st = xmalloc(64 * sizeof *st);
	size_t n = 0, cap = 64;
	idset seen = { 0 };
	st[n].num = (int)top->u.i;
	memset(st[n].inh, 0, sizeof st[n].inh);
	n++;
	while (n > 0) {
		int num = st[--n].num;
		pval inh[4];
		memcpy(inh, st[n].inh, sizeof inh);
		if (num <= 0 || num >= w->n || !idset_add(&seen, num))
			continue;
		pval *node = &d->obj[num]->v;
		if (node->kind != PV_DICT)
			continue;
		if (is_page_dict(w, num)) {
			for (int k = 0; k < 4; k++)
				if (inh[k].kind != PV_NULL && !pv_get(node, inherited[k]))
					pv_set(d, node, inherited[k], inh[k]);
			if (w->n_pages == w->cap_pages)
				w->pages = xrealloc(w->pages, (w->cap_pages = w->cap_pages
					? w->cap_pages * 2 : 64) * sizeof *w->pages);
			w->pages[w->n_pages++] = num;
			continue;
		}
		for (int k = 0; k < 4; k++) {
			pval *v = pv_get(node, inherited[k]);
			if (v) {
				inh[k] = *v;
				pv_del(node, inherited[k]);
			}
		}
		pval *kids = pdf_deref(d, pv_get(node, "Kids"));
		for (uint32_t i = kids && kids->kind == PV_ARRAY ? kids->n : 0; i-- > 0;) {
			if (kids->u.v[i].kind != PV_REF)
				continue;
			if (n == cap)
				st = xrealloc(st, (cap *= 2) * sizeof *st);
			st[n].num = (int)kids->u.v[i].u.i;
			memcpy(st[n].inh, inh, sizeof inh);
			n++;
		}
	}
	idset_free(&seen);
	free(st);
	return w->n_pages > 0;
}

/* Who uses what: every page, the trailer's entries, the catalog's. */
static void find_users(writer *w, pval *root, int root_num)
{
	pdoc *d = w->d;
	for (size_t i = 0; i < w->n_pages; i++) {
		pval ref = pv_ref(w->pages[i]);
		walk(w, &ref, 0, (int)i);
	}
	pval *info = pv_get(&d->trailer, "Info");
	if (info)
		walk(w, info, U_OTHER, 0);
	static const char *const open[] = { "ViewerPreferences", "PageMode", "Threads",
					    "OpenAction", "AcroForm", NULL };
	for (uint32_t i = 0; i < root->n; i++) {
		const pval *key = &root->u.v[2 * i];
		unsigned flag = U_OTHER;
		for (int k = 0; open[k]; k++)
			if (pv_is_name(key, open[k]))
				flag = U_OPEN;
		if (pv_is_name(key, "Outlines"))
			flag = U_OUTLINES;
		walk(w, &root->u.v[2 * i + 1], flag, 0);
	}
	w->users[root_num] |= U_SEEN | U_ROOT;
}

typedef struct {
	int cat, page, num;
} sortkey;

static int cmp_sortkey(const void *a, const void *b)
{
	const sortkey *x = a, *y = b;
	if (x->cat != y->cat)
		return x->cat - y->cat;
	if (x->page != y->page)
		return x->page - y->page;
	return x->num - y->num;
}

static item *new_item(writer *w, size_t *cap)
{
	if (w->n_items == *cap)
		w->items = xrealloc(w->items, (*cap = *cap ? *cap * 2 : 256) * sizeof *w->items);
	item *it = &w->items[w->n_items++];
	memset(it, 0, sizeof *it);
	it->page = -1;
	return it;
}

/* Items: every object that is written on its own (streams, pages, the
 * catalog) and object streams holding the rest, a part's (and page's)
 * objects together. */
static void make_items(writer *w, int root_num)
{
	pdoc *d = w->d;
	size_t cap = 0;
	sortkey *loose = xmalloc((size_t)w->n * sizeof *loose);
	size_t n_loose = 0;
	bool *is_page = xcalloc((size_t)w->n, sizeof *is_page);
	for (size_t i = 0; i < w->n_pages; i++)
		is_page[w->pages[i]] = true;
	w->item_of = xmalloc((size_t)w->n * sizeof *w->item_of);
	for (int num = 1; num < w->n; num++) {
		w->item_of[num] = -1;
		if (!(w->users[num] & U_SEEN))
			continue;
		int cat = category(w, num);
		int page = cat == C_PAGE || cat == C_OTHER ? w->page[num] : -1;
		if (d->obj[num]->stream || is_page[num] || num == root_num) {
			item *it = new_item(w, &cap);
			it->old = num;
			it->cat = is_page[num] && num == w->pages[0] ? C_FPAGE : cat;
			it->page = page;
			w->item_of[num] = (int)(it - w->items);
			continue;
		}
		loose[n_loose++] = (sortkey){ cat, page, num };
	}
	qsort(loose, n_loose, sizeof *loose, cmp_sortkey);
	w->members = xmalloc((n_loose + 1) * sizeof *w->members);
	for (size_t i = 0; i < n_loose;) {
		size_t j = i;
		/* the outlines in one stream, so their hint table is one group */
		size_t max = loose[i].cat == C_OUTLINES || loose[i].cat == C_OUTLINES_FIRST
			     ? 65535 : OBJSTM_MAX;
		while (j < n_loose && j - i < max && loose[j].cat == loose[i].cat &&
		       loose[j].page == loose[i].page)
			j++;
		item *it = new_item(w, &cap);
		it->cat = loose[i].cat;
		it->page = loose[i].page;
		it->first = w->n_members;
		it->count = j - i;
		for (size_t k = i; k < j; k++) {
			w->item_of[loose[k].num] = (int)(it - w->items);
			w->members[w->n_members++] = loose[k].num;
		}
		i = j;
	}
	for (size_t i = 0; i < w->n_items; i++)
		w->items[i].part = part_of(w->items[i].cat);
	free(loose);
	free(is_page);
}

/* The order within a part: the catalog, then what opening needs; the
 * first page, its own objects, the shared ones; each later page with its
 * own objects; the /Outlines object before its items. */
static int rank(const writer *w, const item *it)
{
	if (it->old && it->old == w->pages[0])
		return 0;
	if (it->part == 7)
		return it->old && is_page_dict(w, it->old) ? 0 : 1;
	if (it->cat == C_OUTLINES || it->cat == C_OUTLINES_FIRST) {
		bool has = it->old == w->outlines;
		for (size_t k = 0; !has && !it->old && k < it->count; k++)
			has = w->members[it->first + k] == w->outlines;
		return has ? 2 : 3;
	}
	return it->cat == C_ROOT ? 0 : 1 + it->cat;
}

static const writer *sort_w;

static int cmp_items(const void *a, const void *b)
{
	const item *x = a, *y = b;
	const writer *w = sort_w;
	if (x->part != y->part)
		return x->part - y->part;
	if (x->part == 7 && x->page != y->page)
		return x->page - y->page;
	int rx = rank(w, x), ry = rank(w, y);
	if (rx != ry)
		return rx - ry;
	int kx = x->old ? x->old : w->members[x->first];
	int ky = y->old ? y->old : w->members[y->first];
	return kx - ky;
}

unsigned char *pdf_deflate(const void *data, size_t len, size_t *zlen)
{
	uLongf z = compressBound(len);
	unsigned char *out = xmalloc(z);
	if (compress2(out, &z, data, len, Z_DEFAULT_COMPRESSION) != Z_OK)
		abort();   /* only when out of memory */
	*zlen = z;
	/* kept until the file is written: not the worst case's room */
	return xrealloc(out, z ? z : 1);
}

static void serialise(writer *w, item *it)
{
	pdoc *d = w->d;
	strbuf *h = &it->head;
	pv_write_int(h, it->num);
	sb_add(h, " 0 obj\n", 7);
	if (!it->old) {
		strbuf idx = { 0 }, body = { 0 };
		for (size_t k = 0; k < it->count; k++) {
			int num = w->members[it->first + k];
			if (k)
				sb_addc(&idx, ' ');
			pv_write_int(&idx, w->renumber[num]);
			sb_addc(&idx, ' ');
			pv_write_int(&idx, (long long)body.len);
			if (k)
				sb_addc(&body, '\n');
			pv_write(&body, &d->obj[num]->v, w->renumber, w->n);
		}
		sb_addc(&idx, '\n');
		size_t first = idx.len;
		sb_add(&idx, body.s ? body.s : "", body.len);
		it->owned = pdf_deflate(idx.s, idx.len, &it->dlen);
		it->data = it->owned;
		sb_add(h, "<</Type/ObjStm/N ", 17);
		pv_write_int(h, (long long)it->count);
		sb_add(h, "/First ", 7);
		pv_write_int(h, (long long)first);
		sb_add(h, "/Filter/FlateDecode/Length ", 27);
		pv_write_int(h, (long long)it->dlen);
		sb_add(h, ">>\nstream\n", 10);
		it->tail = w->stream_tail;
		sb_free(&idx);
		sb_free(&body);
	} else if (d->obj[it->old]->stream) {
		pobj *o = d->obj[it->old];
		pv_write(h, &o->v, w->renumber, w->n);
		sb_add(h, "\nstream\n", 8);
		it->data = o->data;
		it->dlen = o->len;
		it->tail = w->stream_tail;
	} else {
		pv_write(h, &d->obj[it->old]->v, w->renumber, w->n);
		it->tail = "\nendobj\n";
	}
	it->len = it->head.len + it->dlen + strlen(it->tail);
}

/* Every second item from `from` on, serialised: what one thread does. */
typedef struct {
	writer *w;
	size_t from, step;
} serialiser;

static void *serialise_some(void *arg)
{
	serialiser *s = arg;
	for (size_t i = s->from; i < s->w->n_items; i += s->step)
		serialise(s->w, &s->w->items[i]);
	return NULL;
}

/* Serialises all items, on two threads where a second one can be made:
 * each item's bytes (and the deflate of an object stream, most of the
 * work) depend on that item and on the objects, which nothing changes
 * now, so the file is the same whichever thread made which item. */
static void serialise_all(writer *w)
{
	serialiser odd = { w, 1, 2 };
	pthread_t t;
	bool threaded = w->n_items > 1 && pthread_create(&t, NULL, serialise_some, &odd) == 0;
	serialiser even = { w, 0, threaded ? 2 : 1 };
	serialise_some(&even);
	if (threaded)
		pthread_join(t, NULL);
}

/* --- the hint stream ---------------------------------------------------- */

typedef struct {
	strbuf *b;
	unsigned acc;
	int n;
} bitw;

static void bits(bitw *bw, unsigned long long v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		bw->acc = bw->acc << 1 | (unsigned)((v >> i) & 1);
		if (++bw->n == 8) {
			sb_addc(bw->b, (char)bw->acc);
			bw->acc = 0;
			bw->n = 0;
		}
	}
}

static void bits_flush(bitw *bw)
{
	if (bw->n)
		bits(bw, 0, 8 - bw->n);
}

static int nbits(long long v)
{
	int n = 0;
	for (; v > 0; v >>= 1)
		n++;
	return n;
}

typedef struct {
	int nobjects;
	long long length;
	int *shared;
	size_t n_shared;
} page_hint;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The page offset, shared object and outline hint tables (Annex F.4) of
 * the items laid out in [from, to) after the hint stream; *s and *o the
 * offsets of the second and third table. */
static void hint_tables(writer *w, strbuf *out, int *s, int *o)
{
	size_t np = w->n_pages;
	page_hint *ph = xcalloc(np, sizeof *ph);
	/* shared object identifiers: the first page's items, then part 8's */
	int *shared_id = xmalloc(w->n_items * sizeof *shared_id);
	int n6 = 0, n8 = 0;
	size_t first8 = 0, outline_first = SIZE_MAX;
	int outline_n = 0;
	long long outline_len = 0;
	for (size_t i = 0; i < w->n_items; i++) {
		item *it = &w->items[i];
		shared_id[i] = -1;
		if (it->part == 6)
			shared_id[i] = n6++;
	}
	for (size_t i = 0; i < w->n_items; i++) {
		item *it = &w->items[i];
		if (it->part == 8) {
			if (n8 == 0)
				first8 = i;
			shared_id[i] = n6 + n8++;
		}
		if (it->part == 6) {
			ph[0].nobjects++;
			ph[0].length += (long long)it->len;
		} else if (it->part == 7) {
			ph[it->page].nobjects++;
			ph[it->page].length += (long long)it->len;
		}
		if (it->cat == C_OUTLINES || it->cat == C_OUTLINES_FIRST) {
			if (outline_first == SIZE_MAX)
				outline_first = i;
			outline_n++;
			outline_len += (long long)it->len;
		}
	}
	for (size_t p = 1; p < np; p++) {
		page_hint *h = &ph[p];
		h->shared = xmalloc((w->n_uses[p] + 1) * sizeof *h->shared);
		for (size_t k = 0; k < w->n_uses[p]; k++) {
			int id = shared_id[w->item_of[w->uses[p][k]]];
			if (id >= 0)
				h->shared[h->n_shared++] = id;
		}
		qsort(h->shared, h->n_shared, sizeof *h->shared, cmp_int);
		size_t u = 0;
		for (size_t k = 0; k < h->n_shared; k++)
			if (u == 0 || h->shared[u - 1] != h->shared[k])
				h->shared[u++] = h->shared[k];
		h->n_shared = u;
	}
	int min_obj = INT32_MAX, max_obj = 0, max_shared = 0;
	long long min_len = INT64_MAX, max_len = 0;
	for (size_t p = 0; p < np; p++) {
		min_obj = ph[p].nobjects < min_obj ? ph[p].nobjects : min_obj;
		max_obj = ph[p].nobjects > max_obj ? ph[p].nobjects : max_obj;
		min_len = ph[p].length < min_len ? ph[p].length : min_len;
		max_len = ph[p].length > max_len ? ph[p].length : max_len;
		max_shared = (int)ph[p].n_shared > max_shared ? (int)ph[p].n_shared : max_shared;
	}
	const item *page0 = NULL;
	for (size_t i = 0; i < w->n_items && !page0; i++)
		if (w->items[i].old == w->pages[0])
			page0 = &w->items[i];
	int b_obj = nbits(max_obj - min_obj), b_len = nbits(max_len - min_len);
	int b_nshared = nbits(max_shared), b_id = nbits(n6 + n8);
	bitw bw = { out, 0, 0 };
	bits(&bw, (unsigned long long)min_obj, 32);
	bits(&bw, page0->off, 32);
	bits(&bw, (unsigned long long)b_obj, 16);
	bits(&bw, (unsigned long long)min_len, 32);
	bits(&bw, (unsigned long long)b_len, 16);
	bits(&bw, 0, 32);                          /* content offsets: 0, as Acrobat */
	bits(&bw, 0, 16);
	bits(&bw, (unsigned long long)min_len, 32); /* content length: the page length */
	bits(&bw, (unsigned long long)b_len, 16);
	bits(&bw, (unsigned long long)b_nshared, 16);
	bits(&bw, (unsigned long long)b_id, 16);
	bits(&bw, 0, 16);                          /* numerators */
	bits(&bw, 4, 16);                          /* denominator (unused) */
	for (size_t p = 0; p < np; p++)
		bits(&bw, (unsigned long long)(ph[p].nobjects - min_obj), b_obj);
	bits_flush(&bw);
	for (size_t p = 0; p < np; p++)
		bits(&bw, (unsigned long long)(ph[p].length - min_len), b_len);
	bits_flush(&bw);
	for (size_t p = 0; p < np; p++)
		bits(&bw, ph[p].n_shared, b_nshared);
	bits_flush(&bw);
	for (size_t p = 0; p < np; p++)
		for (size_t k = 0; k < ph[p].n_shared; k++)
			bits(&bw, (unsigned long long)ph[p].shared[k], b_id);
	bits_flush(&bw);
	for (size_t p = 0; p < np; p++)
		bits(&bw, (unsigned long long)(ph[p].length - min_len), b_len);
	bits_flush(&bw);

	*s = (int)out->len;
	long long min_g = INT64_MAX, max_g = 0;
	for (size_t i = 0; i < w->n_items; i++)
		if (shared_id[i] >= 0) {
			long long l = (long long)w->items[i].len;
			min_g = l < min_g ? l : min_g;
			max_g = l > max_g ? l : max_g;
		}
	if (n6 + n8 == 0)
		min_g = max_g = 0;
	int b_g = nbits(max_g - min_g);
	bits(&bw, n8 ? (unsigned long long)w->items[first8].num : 0, 32);
	bits(&bw, n8 ? w->items[first8].off : 0, 32);
	bits(&bw, (unsigned long long)n6, 32);
	bits(&bw, (unsigned long long)(n6 + n8), 32);
	bits(&bw, 0, 16);                          /* one object a group */
	bits(&bw, (unsigned long long)min_g, 32);
	bits(&bw, (unsigned long long)b_g, 16);
	for (int pass = 6; pass <= 8; pass += 2)
		for (size_t i = 0; i < w->n_items; i++)
			if (w->items[i].part == pass)
				bits(&bw, (unsigned long long)((long long)w->items[i].len - min_g), b_g);
	bits_flush(&bw);
	for (int k = 0; k < n6 + n8; k++)
		bits(&bw, 0, 1);                   /* no MD5 signatures */
	bits_flush(&bw);

	*o = 0;
	if (outline_n > 0) {
		*o = (int)out->len;
		bits(&bw, (unsigned long long)w->items[outline_first].num, 32);
		bits(&bw, w->items[outline_first].off, 32);
		bits(&bw, (unsigned long long)outline_n, 32);
		bits(&bw, (unsigned long long)outline_len, 32);
	}
	for (size_t p = 0; p < np; p++)
		free(ph[p].shared);
	free(ph);
	free(shared_id);
}

/* --- the file --------------------------------------------------------- */

/* A 128-bit digest of the file's objects for its /ID: two 64-bit lanes
 * of multiply-xorshift mixing, enough to tell documents apart (the /ID
 * is an identifier, not a signature). */
typedef struct {
	uint64_t a, b;
} digest;

static void digest_add(digest *g, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint64_t v = 0;
		size_t k = n - i < 8 ? n - i : 8;
		memcpy(&v, s + i, k);
		i += k;
		g->a = (g->a ^ v) * 0x9e3779b97f4a7c15ULL;
		g->a ^= g->a >> 29;
		g->b = (g->b + v) * 0xc2b2ae3d27d4eb4fULL;
		g->b ^= g->b >> 31;
	}
}

static void put_be(unsigned char *p, unsigned long long v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* An xref stream's entries for objects [from, to). */
static void xref_entries(const size_t *offset, const int *in_stm, const int *stm_index,
			 int from, int to, strbuf *out)
{
	for (int num = from; num < to; num++) {
		unsigned char e[1 + W1 + W2] = { 0 };
		if (offset[num]) {
			e[0] = 1;
			put_be(e + 1, offset[num], W1);
		} else if (in_stm[num]) {
			e[0] = 2;
			put_be(e + 1, (unsigned long long)in_stm[num], W1);
			put_be(e + 1 + W1, (unsigned long long)stm_index[num], W2);
		}
		sb_add(out, (const char *)e, sizeof e);
	}
}

static void id_string(strbuf *b, const unsigned char id[16])
{
	static const char hex[] = "0123456789abcdef";
	for (int k = 0; k < 2; k++) {
		sb_addc(b, '<');
		for (int i = 0; i < 16; i++) {
			char h[2] = { hex[id[i] >> 4], hex[id[i] & 15] };
			sb_add(b, h, 2);
		}
		sb_addc(b, '>');
	}
}

/* The linearization dictionary, padded to exactly size bytes (0: as it
 * comes). */
static void lin_dict(strbuf *b, int num, long long L, long long H0, long long H1, int O,
		     long long E, size_t N, long long T)
{
	pv_write_int(b, num);
	sb_adds(b, " 0 obj\n<</Linearized 1/L ");
	pv_write_int(b, L);
	sb_adds(b, "/H[");
	pv_write_int(b, H0);
	sb_addc(b, ' ');
	pv_write_int(b, H1);
	sb_adds(b, "]/O ");
	pv_write_int(b, O);
	sb_adds(b, "/E ");
	pv_write_int(b, E);
	sb_adds(b, "/N ");
	pv_write_int(b, (long long)N);
	sb_adds(b, "/T ");
	pv_write_int(b, T);
	sb_adds(b, ">>\nendobj\n");
}

static void xref1_head(strbuf *b, int num, size_t len, int from, int count, int root,
		       int info, int size, long long prev, const unsigned char id[16])
{
	pv_write_int(b, num);
	sb_adds(b, " 0 obj\n<</Type/XRef/W[1 " );
	pv_write_int(b, W1);
	sb_addc(b, ' ');
	pv_write_int(b, W2);
	sb_adds(b, "]/Index[");
	pv_write_int(b, from);
	sb_addc(b, ' ');
	pv_write_int(b, count);
	sb_adds(b, "]/Length ");
	pv_write_int(b, (long long)len);
	sb_adds(b, "/Root ");
	pv_write_int(b, root);
	sb_adds(b, " 0 R");
	if (info > 0) {
		sb_adds(b, "/Info ");
		pv_write_int(b, info);
		sb_adds(b, " 0 R");
	}
	sb_adds(b, "/Size ");
	pv_write_int(b, size);
	sb_adds(b, "/Prev ");
	pv_write_int(b, prev);
	sb_adds(b, "/ID[");
	id_string(b, id);
	sb_adds(b, "]>>\nstream\n");
}

static void pad(strbuf *b, size_t to)
{
	/* spaces, then an end of line before the next object */
	while (b->len + 1 < to)
		sb_addc(b, ' ');
	sb_addc(b, '\n');
}

static void put_item(FILE *out, const item *it)
{
	fwrite(it->head.s, 1, it->head.len, out);
	if (it->dlen)
		fwrite(it->data, 1, it->dlen, out);
	fputs(it->tail, out);
}

/* Numbers the objects inside the object streams of the later parts (late)
 * or of the first page's parts from next on, and records which stream
 * holds each and where; returns the next free number. */
static int number_members(writer *w, bool late, int next, int *in_stm, int *stm_index)
{
	for (size_t i = 0; i < w->n_items; i++) {
		const item *it = &w->items[i];
		if ((it->part >= 7) != late)
			continue;
		for (size_t k = 0; k < it->count; k++) {
			w->renumber[w->members[it->first + k]] = next;
			in_stm[next] = it->num;
			stm_index[next] = (int)k;
			next++;
		}
	}
	return next;
}

static void writer_free(writer *w)
{
	for (size_t i = 0; i < w->n_items; i++) {
		sb_free(&w->items[i].head);
		free(w->items[i].owned);
	}
	for (size_t p = 0; p < w->n_pages; p++)
		free(w->uses[p]);
	free(w->uses);
	free(w->n_uses);
	free(w->cap_uses);
	free(w->items);
	free(w->members);
	free(w->renumber);
	free(w->item_of);
	free(w->users);
	free(w->page);
	free(w->stamp);
	free(w->stack);
	free(w->pages);
}

bool pdf_write_linear(pdoc *d, FILE *out, bool eol)
{
	static const char header[] = "%PDF-1.7\n%\xbf\xf7\xa2\xfe\n";
	writer w = { .d = d, .n = d->n,
		     .stream_tail = eol ? "\nendstream\nendobj\n" : "endstream\nendobj\n" };
	pval *rootref = pv_get(&d->trailer, "Root");
	pval *root = pdf_deref(d, rootref);
	if (!rootref || rootref->kind != PV_REF || !root || root->kind != PV_DICT ||
	    !find_pages(&w, root)) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "finishing the PDF failed: it has no pages");
		writer_free(&w);
		return false;
	}
	int root_num = (int)rootref->u.i;
	w.outlines_first = pv_is_name(pdf_get(d, root, "PageMode"), "UseOutlines") &&
			   pv_get(root, "Outlines");
	pval *ol = pv_get(root, "Outlines");
	w.outlines = ol && ol->kind == PV_REF ? (int)ol->u.i : 0;
	size_t n = (size_t)w.n;
	/* direct lengths: cairo's indirect ones are left behind */
	for (int num = 1; num < w.n; num++)
		if (d->obj[num]->stream)
			pv_set(d, &d->obj[num]->v, "Length", pv_int((long long)d->obj[num]->len));
	w.users = xcalloc(n, 1);
	w.page = xmalloc(n * sizeof *w.page);
	for (size_t i = 0; i < n; i++)
		w.page[i] = -1;
	w.stamp = xcalloc(n, sizeof *w.stamp);
	w.uses = xcalloc(w.n_pages, sizeof *w.uses);
	w.n_uses = xcalloc(w.n_pages, sizeof *w.n_uses);
	w.cap_uses = xcalloc(w.n_pages, sizeof *w.cap_uses);
	find_users(&w, root, root_num);
	make_items(&w, root_num);
	sort_w = &w;
	qsort(w.items, w.n_items, sizeof *w.items, cmp_items);
	for (size_t i = 0; i < w.n_items; i++) {
		item *it = &w.items[i];
		if (it->old)
			w.item_of[it->old] = (int)i;
		for (size_t k = 0; k < it->count; k++)
			w.item_of[w.members[it->first + k]] = (int)i;
	}

	/* numbers: the later parts from 1, their xref stream, their streams'
	 * objects; then the linearization dictionary, the first page's xref
	 * stream, part 4, the hint stream, part 6, their streams' objects */
	w.renumber = xcalloc(n, sizeof *w.renumber);
	int next = 1;
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part >= 7)
			w.items[i].num = next++;
	int xref2 = next++;
	int second_size = 0, lin = 0, xref1 = 0, hint = 0;
	int *in_stm = NULL, *stm_index = NULL;
	size_t total_cap = n + w.n_items + 8;
	in_stm = xcalloc(total_cap, sizeof *in_stm);
	stm_index = xcalloc(total_cap, sizeof *stm_index);
	next = number_members(&w, true, next, in_stm, stm_index);
	second_size = next;
	lin = next++;
	xref1 = next++;
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part == 4)
			w.items[i].num = next++;
	hint = next++;
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part == 6)
			w.items[i].num = next++;
	next = number_members(&w, false, next, in_stm, stm_index);
	int total = next;
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].old)
			w.renumber[w.items[i].old] = w.items[i].num;

	/* each item's bytes, and its place as if there were no hint stream */
	serialise_all(&w);
	digest g = { 0x7361747a2d696431ULL, 0x6c696e6561726973ULL };
	for (size_t i = 0; i < w.n_items; i++) {
		item *it = &w.items[i];
		digest_add(&g, (const unsigned char *)it->head.s, it->head.len);
		if (it->dlen)
			digest_add(&g, it->data, it->dlen);
	}
	unsigned char id[16];
	put_be(id, g.a, 8);
	put_be(id + 8, g.b, 8);
	pval *info = pv_get(&d->trailer, "Info");
	int info_num = info && info->kind == PV_REF && info->u.i > 0 && info->u.i < w.n
		       ? w.renumber[info->u.i] : 0;
	int root_new = w.renumber[root_num];
	int n1 = total - lin;
	/* room for the linearization dictionary and the first xref stream,
	 * with every number at its widest */
	strbuf probe = { 0 };
	lin_dict(&probe, lin, 9999999999LL, 9999999999LL, 9999999999LL, 99999999, 9999999999LL,
		 99999999, 9999999999LL);
	size_t lin_room = probe.len + 2;
	probe.len = 0;
	xref1_head(&probe, xref1, (size_t)n1 * (1 + W1 + W2), 99999999, 99999999, 99999999,
		   99999999, 99999999, 9999999999LL, id);
	size_t xref1_room = probe.len + (size_t)n1 * (1 + W1 + W2) + 30;
	sb_free(&probe);
	size_t pos = sizeof header - 1 + lin_room + xref1_room;
	size_t *offset = xcalloc(total_cap, sizeof *offset);   /* real offsets */
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part == 4) {
			w.items[i].off = pos;
			pos += w.items[i].len;
		}
	size_t hint_at = pos;
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part > 4) {
			w.items[i].off = pos;
			pos += w.items[i].len;
		}
	size_t xref2_at = pos;

	/* the hint stream, from offsets without it */
	strbuf tables = { 0 };
	int s_off, o_off;
	hint_tables(&w, &tables, &s_off, &o_off);
	item hi = { .num = hint };
	hi.owned = pdf_deflate(tables.s, tables.len, &hi.dlen);
	hi.data = hi.owned;
	pv_write_int(&hi.head, hint);
	sb_adds(&hi.head, " 0 obj\n<</Filter/FlateDecode/S ");
	pv_write_int(&hi.head, s_off);
	if (o_off) {
		sb_adds(&hi.head, "/O ");
		pv_write_int(&hi.head, o_off);
	}
	sb_adds(&hi.head, "/Length ");
	pv_write_int(&hi.head, (long long)hi.dlen);
	sb_adds(&hi.head, ">>\nstream\n");
	hi.tail = w.stream_tail;
	hi.len = hi.head.len + hi.dlen + strlen(hi.tail);
	sb_free(&tables);
	size_t H = hi.len;

	long long part6_end = 0;
	for (size_t i = 0; i < w.n_items; i++) {
		item *it = &w.items[i];
		offset[it->num] = it->off + (it->part > 4 ? H : 0);
		if (it->part == 6)
			part6_end = (long long)(offset[it->num] + it->len);
	}
	offset[hint] = hint_at;
	size_t lin_at = sizeof header - 1, xref1_at = lin_at + lin_room;
	offset[lin] = lin_at;
	offset[xref1] = xref1_at;
	xref2_at += H;
	offset[xref2] = xref2_at;

	/* the main xref stream: objects 0 .. second_size - 1 */
	strbuf x2 = { 0 };
	xref_entries(offset, in_stm, stm_index, 0, second_size, &x2);
	size_t z2len;
	unsigned char *z2 = pdf_deflate(x2.s, x2.len, &z2len);
	sb_free(&x2);
	strbuf x2h = { 0 };
	pv_write_int(&x2h, xref2);
	sb_adds(&x2h, " 0 obj\n<</Type/XRef/W[1 ");
	pv_write_int(&x2h, W1);
	sb_addc(&x2h, ' ');
	pv_write_int(&x2h, W2);
	sb_adds(&x2h, "]/Size ");
	pv_write_int(&x2h, second_size);
	sb_adds(&x2h, "/ID[");
	id_string(&x2h, id);
	sb_adds(&x2h, "]/Filter/FlateDecode/Length ");
	pv_write_int(&x2h, (long long)z2len);
	sb_adds(&x2h, ">>\nstream\n");
	const char *x2tail = eol ? "\nendstream\nendobj\nstartxref\n"
				 : "endstream\nendobj\nstartxref\n";
	strbuf end = { 0 };
	pv_write_int(&end, (long long)xref1_at);
	sb_adds(&end, "\n%%EOF\n");
	long long file_len = (long long)(xref2_at + x2h.len + z2len + strlen(x2tail) + end.len);

	/* the first page's part: linearization dictionary and xref stream */
	strbuf first = { 0 };
	lin_dict(&first, lin, file_len, (long long)hint_at, (long long)H,
		 w.renumber[w.pages[0]], part6_end, w.n_pages, (long long)xref2_at - 1);
	pad(&first, lin_room);
	strbuf x1 = { 0 };
	xref_entries(offset, in_stm, stm_index, lin, total, &x1);
	xref1_head(&first, xref1, x1.len, lin, n1, root_new, info_num, total,
		   (long long)xref2_at, id);
	sb_add(&first, x1.s, x1.len);
	sb_adds(&first, w.stream_tail);
	pad(&first, lin_room + xref1_room);
	sb_free(&x1);

	fwrite(header, 1, sizeof header - 1, out);
	fwrite(first.s, 1, first.len, out);
	for (size_t i = 0; i < w.n_items; i++) {
		if (w.items[i].part == 4)
			put_item(out, &w.items[i]);
	}
	put_item(out, &hi);
	for (size_t i = 0; i < w.n_items; i++)
		if (w.items[i].part > 4)
			put_item(out, &w.items[i]);
	fwrite(x2h.s, 1, x2h.len, out);
	fwrite(z2, 1, z2len, out);
	fputs(x2tail, out);
	fwrite(end.s, 1, end.len, out);

	sb_free(&first);
	sb_free(&x2h);
	sb_free(&end);
	free(z2);
	sb_free(&hi.head);
	free(hi.owned);
	free(offset);
	free(in_stm);
	free(stm_index);
	writer_free(&w);
	return true;
}
