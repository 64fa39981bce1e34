/* vlist: building the vertical list and looking up where blocks landed. */
#include "vlist.h"

#include <math.h>
#include <string.h>

snode *vl_snode(layout *l, const char *tag, snode *parent)
{
	snode *s = arena_alloc(l->doc->a, sizeof *s);
	s->tag = tag;
	s->parent = parent;
	s->depth = parent ? parent->depth + 1 : 0;
	return s;
}

const char *vl_dest(const layout *l, const doc_target *t)
{
	arena *a = l->doc->a;
	switch (t->kind) {
	case T_SECTION:
		return t->block->id;
	case T_TABLE:
		return t->block->id ? t->block->id : arena_printf(a, "tab.%s", t->block->number);
	case T_FIGURE:
		return t->block->id ? t->block->id : arena_printf(a, "fig.%s", t->block->number);
	case T_NOTE:
		return arena_printf(a, "fn.%d", t->note->number);
	}
	return NULL;
}

vitem *vl_push(layout *l, enum vkind kind)
{
	if (l->n_items == l->cap_items) {
		l->cap_items = l->cap_items ? l->cap_items * 2 : 256;
		l->items = xrealloc(l->items, l->cap_items * sizeof *l->items);
	}
	vitem *v = &l->items[l->n_items++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	return v;
}

void vl_glue(layout *l, double h, bool keep)
{
	if (l->n_items && l->items[l->n_items - 1].kind == V_GLUE &&
	    !l->items[l->n_items - 1].box) {
		vitem *g = &l->items[l->n_items - 1];
		g->height = fmax(g->height, h);
		g->keep = g->keep || keep;
		return;
	}
	vitem *g = vl_push(l, V_GLUE);
	g->height = h;
	g->keep = keep;
}

void vl_page_break(layout *l)
{
	if (l->n_items && l->items[l->n_items - 1].kind == V_BREAK)
		return;
	if (l->n_items && l->items[l->n_items - 1].kind == V_GLUE)
		l->n_items--;
	vl_push(l, V_BREAK);
}

int vl_section_page(const layout *l, const block *sec)
{
	for (size_t i = 0; i < l->n_sections; i++)
		if (l->sections[i] == sec)
			return l->section_page[i];
	return 0;
}

int vl_block_page(const layout *l, const block *b)
{
	if (b->kind == B_SECTION)
		return vl_section_page(l, b);
	for (size_t i = 0; i < l->n_anchors; i++)
		if (l->anchors[i] == b)
			return l->anchor_page[i];
	return 0;
}
