/* floats: figures in the vertical list, and moved after pagination. */
#include "floats.h"
#include "figure.h"
#include "para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void floats_lay(layout *l, const block *b, snode *parent, double x, double width)
{
	lfigure *f = arena_alloc(l->doc->a, sizeof *f);
	f->block = b;
	f->tag = vl_snode(l, "Figure", parent);
	if (b->kind == B_CHART) {
		/* a chart from data: vectors and text in the caption's font */
		f->chart = b->chart;
		f->font = l->st->caption.family;
		f->width = width;
		f->height = fmin(width * 0.5, 75 * 72 / 25.4);
	} else if (!figure_load(f, b, width, l->st->page_height - l->st->margin_top -
				l->st->margin_bottom - 3 * l->st->caption.leading)) {
		return;
	}
	l->figures = xrealloc(l->figures, (l->n_figures + 1) * sizeof *l->figures);
	l->figures[l->n_figures++] = f;
	f->x = x + (width - f->width) / 2;
	size_t first = l->n_items;
	vitem *v = vl_push(l, V_FIGURE);
	v->figure = f;
	v->height = f->height;
	v->tag = f->tag;
	v->keep = true;
	vl_glue(l, 5, true);
	para_caption(l, l->st->name_figure, b, f->tag, x, width);
	l->items[first].anchor = b;
	l->items[first].dest = vl_dest(l, &(doc_target){ T_FIGURE, b, NULL });
}

/* A figure that would leave the page before it half empty floats: the
 * text after it moves up to fill that page (as LaTeX's floats do), and
 * the figure heads the next page.  Returns whether anything moved. */
bool floats_place(layout *l)
{
	const style *st = l->st;
	double avail = st->page_height - st->margin_top - st->margin_bottom;
	bool moved = false;
	for (size_t pg = 1; pg + 1 < l->n_pages; pg++) {
		const page *p = &l->pages[pg], *next = &l->pages[pg + 1];
		if (next->count == 0 || l->items[next->first].kind != V_FIGURE)
			continue;
		double used = 0;
		for (size_t k = p->first; k < p->first + p->count; k++)
			if (k > p->first || l->items[k].kind != V_GLUE)
				used += l->items[k].height;
		double room = avail - used - st->par_skip * 2;
		if (room < 0.25 * avail)
			continue;
		/* the figure with its caption */
		size_t g = next->first;
		while (g < l->n_items && l->items[g].keep)
			g++;
		g++;
		if (g < l->n_items && l->items[g].kind == V_GLUE)
			g++;   /* the space after the caption stays with it */
		/* the text after it that fits the room, ending where a break is allowed */
		size_t m = g, fit = g;
		double h = 0;
		while (m < l->n_items && (l->items[m].kind == V_LINE || l->items[m].kind == V_GLUE) &&
		       !l->items[m].box) {
			h += l->items[m].height;
			if (h > room)
				break;
			m++;
			if (!l->items[m - 1].keep && l->items[m - 1].kind == V_LINE)
				fit = m;
		}
		if (fit == g)
			continue;
		/* rotate [figure group][text] into [text][figure group] */
		size_t a = next->first, n1 = g - a, n2 = fit - g;
		vitem *tmp = xmalloc(n1 * sizeof *tmp);
		memcpy(tmp, &l->items[a], n1 * sizeof *tmp);
		memmove(&l->items[a], &l->items[g], n2 * sizeof *tmp);
		memcpy(&l->items[a + n2], tmp, n1 * sizeof *tmp);
		free(tmp);
		moved = true;
	}
	return moved;
}
