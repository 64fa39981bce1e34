/* layout: the block walker and the layout passes. */
#include "layout.h"
#include "contents.h"
#include "figure.h"
#include "floats.h"
#include "list.h"
#include "pagebreak.h"
#include "para.h"
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const heading_tags[] = { "P", "H1", "H2", "H3", "H4" };

static void lay_blocks(layout *l, const block *parent, snode *tag, double x,
		       double width);

static void lay_heading(layout *l, const block *sec, snode *sect, double width)
{
	const heading_style *hs = &l->st->heading[sec->level];
	if (hs->new_page)
		vl_page_break(l);
	else
		vl_glue(l, hs->space_before, false);
	/* the number is part of the heading's text, with a hanging indent */
	itext t = sec->text;
	ispan *spans = arena_alloc(l->doc->a, (t.n + 1) * sizeof *spans);
	spans[0] = (ispan){ .text = sec->number[0] ? arena_printf(l->doc->a, "%s\xe2\x80\x82",
								     sec->number) : "",
			    .pos = sec->pos };
	spans[0].len = strlen(spans[0].text);
	memcpy(spans + 1, t.spans, t.n * sizeof *spans);
	itext *num_text = arena_alloc(l->doc->a, sizeof *num_text);
	*num_text = (itext){ spans, t.n + 1, t.pos };
	/* a hanging indent: a long title's second line starts under the title */
	para *num = para_text(l, spans[0].text, &hs->font, 0, PANGO_ALIGN_LEFT);
	PangoRectangle logical;
	pango_layout_get_extents(num->layout, NULL, &logical);
	para_shape sh = { width, -logical.width / (double)PANGO_SCALE, false,
			  PANGO_ALIGN_LEFT, false, false };
	para *p = para_make(l, num_text, NULL, &hs->font, sh);
	snode *h = vl_snode(l, heading_tags[sec->level], sect);
	size_t first = para_push(l, p, 0, h);
	for (size_t i = first; i < l->n_items; i++)
		l->items[i].keep = true;
	l->items[first].heading = sec;
	vl_glue(l, hs->space_after, true);
}

/* A box: a frame with a fill, an optional title, and blocks inside; the
 * frame follows its items over page breaks. */
static void lay_box(layout *l, const block *b, snode *parent, double x, double width)
{
	const style *st = l->st;
	lbox *box = arena_alloc(l->doc->a, sizeof *box);
	box->block = b;
	box->x = x;
	box->width = width;
	box->tag = vl_snode(l, "Div", parent);
	double pad = st->box_pad;
	size_t start = l->n_items;
	vl_push(l, V_GLUE)->height = pad;
	l->items[start].keep = true;
	if (b->text.n) {
		font_style title = st->body;
		title.family = st->heading[3].font.family;
		title.weight = 700;
		title.color = st->box_frame;
		para_shape sh = { width - 2 * pad, 0, false, PANGO_ALIGN_LEFT, false, false };
		size_t first = para_push(l, para_make(l, &b->text, NULL, &title, sh), x + pad,
					  vl_snode(l, "P", box->tag));
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;
		vl_glue(l, 3, true);
	}
	lay_blocks(l, b, box->tag, x + pad, width - 2 * pad);
	if (l->n_items > start && l->items[l->n_items - 1].kind == V_GLUE)
		l->n_items--;   /* the last block's space after */
	vl_push(l, V_GLUE)->height = pad;
	for (size_t k = start; k < l->n_items; k++)
		if (!l->items[k].box)
			l->items[k].box = box;
}


static void lay_quote(layout *l, const block *q, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *bq = vl_snode(l, "BlockQuote", parent);
	double in = st->quote_indent;
	for (size_t i = 0; i < q->n; i++) {
		if (i)
			vl_glue(l, st->par_skip / 2, false);
		para_lay(l, &q->children[i]->text, &st->quote, bq, x + in, width - 2 * in, 0,
			 st->justify);
	}
	if (q->by.n) {
		/* the attribution, set flush right after a dash */
		itext *by = arena_alloc(l->doc->a, sizeof *by);
		ispan *spans = arena_alloc(l->doc->a, (q->by.n + 1) * sizeof *spans);
		spans[0] = (ispan){ .text = "\xe2\x80\x94\xc2\xa0", .len = 5, .pos = q->by.pos };
		memcpy(spans + 1, q->by.spans, q->by.n * sizeof *spans);
		*by = (itext){ spans, q->by.n + 1, q->by.pos };
		para_shape sh = { width - 2 * in, 0, false, PANGO_ALIGN_RIGHT, false, false };
		para *p = para_make(l, by, NULL, &st->body, sh);
		l->items[l->n_items - 1].keep = true;   /* the source stays with the quote */
		vl_glue(l, 2, true);
		para_push(l, p, x + in, vl_snode(l, "P", bq));
	}
}

static void add_section(layout *l, const block *sec)
{
	l->sections = xrealloc(l->sections, (l->n_sections + 1) * sizeof *l->sections);
	l->section_page = xrealloc(l->section_page, (l->n_sections + 1) * sizeof *l->section_page);
	l->sections[l->n_sections] = sec;
	l->section_page[l->n_sections++] = 0;
}

static void lay_blocks(layout *l, const block *parent, snode *tag, double x, double width)
{
	const style *st = l->st;
	for (size_t i = 0; i < parent->n; i++) {
		const block *b = parent->children[i];
		switch (b->kind) {
		case B_SECTION: {
			snode *sect = vl_snode(l, "Sect", tag);
			add_section(l, b);
			lay_heading(l, b, sect, width);
			lay_blocks(l, b, sect, x, width);
			break;
		}
		case B_PARA:
			para_lay(l, &b->text, &st->body, tag, x, width, st->par_indent, st->justify);
			vl_glue(l, st->par_skip, false);
			break;
		case B_LIST:
			list_lay(l, b, tag, x, width);
			vl_glue(l, st->par_skip, false);
			break;
		case B_QUOTE:
			vl_glue(l, st->par_skip, false);
			lay_quote(l, b, tag, x, width);
			vl_glue(l, st->par_skip * 1.5, false);
			break;
		case B_DEFLIST:
			list_lay_definitions(l, b, tag, x, width);
			vl_glue(l, st->par_skip, false);
			break;
		case B_BOX:
			vl_glue(l, st->par_skip, false);
			lay_box(l, b, tag, x, width);
			vl_glue(l, st->par_skip * 1.5, false);
			break;
		case B_TABLE:
			vl_glue(l, st->par_skip * 1.5, false);
			table_lay(l, b, tag, x, width);
			vl_glue(l, st->par_skip * 2, false);
			break;
		case B_FIGURE:
			vl_glue(l, st->par_skip * 1.5, false);
			floats_lay(l, b, tag, x, width);
			vl_glue(l, st->par_skip * 2, false);
			break;
		case B_CHART:
			vl_glue(l, st->par_skip * 1.5, false);
			floats_lay(l, b, tag, x, width);
			vl_glue(l, st->par_skip * 2, false);
			break;
		case B_ITEM:
		case B_CELL:
		case B_GENERATED:   /* expanded by generate before layout */
			break;
		}
	}
}

static void assign_pages(layout *l)
{
	const block *chapter = NULL, *carried = NULL;
	size_t s = 0;
	for (size_t pg = 1; pg < l->n_pages; pg++) {
		page *p = &l->pages[pg];
		const block *first_here = NULL;
		for (size_t k = p->first; k < p->first + p->count; k++) {
			const block *h = l->items[k].heading;
			size_t found = s;
			if (!h)
				continue;
			while (found < l->n_sections && l->sections[found] != h)
				found++;
			if (found == l->n_sections)
				continue;   /* the title of the contents */
			s = found;
			l->section_page[s] = (int)pg + 1;
			if (h->level == 1) {
				/* the header names the first chapter starting here */
				if (!first_here)
					first_here = h;
				chapter = h;
			}
		}
		p->chapter = first_here ? first_here : carried;
		carried = chapter;
	}
}

/* Pages of tables and figures, and whether a reference printed a page
 * that has changed since the previous pass. */
static void assign_anchors(layout *l)
{
	for (size_t pg = 1; pg < l->n_pages; pg++) {
		const page *p = &l->pages[pg];
		for (size_t k = p->first; k < p->first + p->count; k++) {
			const vitem *v = &l->items[k];
			if (v->anchor) {
				l->anchors = xrealloc(l->anchors, (l->n_anchors + 1) * sizeof *l->anchors);
				l->anchor_page = xrealloc(l->anchor_page,
							  (l->n_anchors + 1) * sizeof *l->anchor_page);
				l->anchors[l->n_anchors] = v->anchor;
				l->anchor_page[l->n_anchors++] = (int)pg + 1;
			}
			if (v->kind != V_LINE)
				continue;
			const pline *ln = &v->para->lines[v->line];
			for (int n = 0; n < ln->n_notes; n++)
				l->notes[ln->first_note + n].page = (int)pg + 1;
		}
	}
	for (size_t i = 0; i < l->n_xrefs; i++) {
		const doc_target *t = &l->xrefs[i].target;
		int now_page = t->kind == T_NOTE ? l->notes[t->note->number - 1].page
						 : vl_block_page(l, t->block);
		if (now_page != l->xrefs[i].page)
			l->refs_changed = true;
	}
}

void layout_number_sections(const document *d, const style *st)
{
	int counters[DOC_MAX_SECTION_LEVEL + 1] = { 0 };
	block_iter it;
	block_iter_init(&it, d->body);
	for (const block *c; (c = block_iter_next(&it));) {
		if (c->kind != B_SECTION || c->level < 1)
			continue;
		counters[c->level - 1]++;
		for (int k = c->level; k < DOC_MAX_SECTION_LEVEL; k++)
			counters[k] = 0;
		/* the document's tree is built for the layout; numbers follow the style */
		((block *)c)->number = style_number(d->a, st->heading[c->level].numbering,
						    counters, c->level);
	}
	block_iter_free(&it);
}

/* A document longer than SATZ_MAX_PAGES (default 2000) is refused at the
 * first block past the limit: a runaway source must not fill the disk. */
static void check_page_limit(layout *l)
{
	size_t max = env_limit("SATZ_MAX_PAGES", LAYOUT_MAX_PAGES, 1000000);
	if (l->n_pages <= max)
		return;
	srcpos pos = { l->doc->path, 1, 1 };
	const page *p = &l->pages[max];
	for (size_t k = p->first; k < p->first + p->count; k++)
		if (l->items[k].kind == V_LINE && l->items[k].para->text) {
			pos = l->items[k].para->text->pos;
			break;
		}
	diag(DIAG_ERROR, pos, "the document would have %zu pages, more than the limit of %zu; "
	     "split it (or raise SATZ_MAX_PAGES)", l->n_pages, max);
}

layout *layout_document(const document *d, const style *st, const hyph_dict *hyph,
			const lig_list *lig, layout *prev, struct preshaper *pre)
{
	layout *l = xcalloc(1, sizeof *l);
	l->hyph = hyph;
	l->lig = lig;
	l->doc = d;
	l->st = st;
	l->prev = prev;
	l->pre = pre;
	if (prev) {   /* times add up over the passes */
		l->stats.t_shape = prev->stats.t_shape;
		l->stats.t_break = prev->stats.t_break;
		l->stats.t_pages = prev->stats.t_pages;
		l->stats.shaped_ahead = prev->stats.shaped_ahead;
	}
	l->stats.passes = prev ? prev->stats.passes + 1 : 1;
	l->made = g_hash_table_new_full(para_key_hash, para_key_equal, free, NULL);
	l->one_lines = g_hash_table_new_full(para_key_hash, para_key_equal, free, NULL);
	if (prev) {
		/* the one-line texts go on: the same text, style and shape make
		 * the same line in every pass */
		GHashTable *empty = l->one_lines;
		l->one_lines = prev->one_lines;
		prev->one_lines = empty;
		l->layouts = prev->layouts;
		l->n_layouts = prev->n_layouts;
		l->cap_layouts = prev->cap_layouts;
		prev->layouts = NULL;
		prev->n_layouts = prev->cap_layouts = 0;
	}
	l->measure = st->page_width - st->margin_inner - st->margin_outer;
	l->measure_landscape = st->page_height - st->margin_inner - st->margin_outer;
	/* body pages may have columns; the contents and the cover have one */
	l->columns = st->columns > 1 ? st->columns : 1;
	l->col_measure = (l->measure - (l->columns - 1) * st->column_gap) / l->columns;
	l->notes = xcalloc((size_t)d->n_notes + 1, sizeof *l->notes);
	l->n_notes = d->n_notes;
	l->root = vl_snode(l, "Document", NULL);
	l->cover_tag = vl_snode(l, "Div", l->root);
	contents_lay(l);
	l->body_start = l->n_items;
	lay_blocks(l, d->body, l->root, 0, l->col_measure);
	double t0 = clock_seconds();
	pb_paginate(l);
	for (int round = 0; round < 8 && l->columns == 1 && floats_place(l); round++) {
		free(l->pages);
		l->stats.widows = l->stats.orphans = l->stats.stranded_headings = 0;
		pb_paginate(l);
	}
	l->stats.t_pages += clock_seconds() - t0;
	assign_pages(l);
	assign_anchors(l);
	check_page_limit(l);
	l->prev = NULL;   /* not ours to keep */
	l->pre = NULL;
	return l;
}

void layout_keep_lookups(layout *l)
{
	for (size_t i = 0; i < l->n_figures; i++)
		figure_free(l->figures[i]);
	l->n_figures = 0;
	free(l->items);
	l->items = NULL;
	l->n_items = l->cap_items = 0;
	free(l->pages);
	l->pages = NULL;
	l->n_pages = 0;
}

void layout_drop_lookups(layout *l)
{
	g_hash_table_remove_all(l->made);
	l->items = xrealloc(l->items, (l->n_items ? l->n_items : 1) * sizeof *l->items);
	l->cap_items = l->n_items;
}

void layout_release_drawn(layout *l)
{
	for (size_t i = 0; i < l->n_broken; i++)
		para_release(l->broken[i]);
	l->n_broken = 0;
	for (size_t i = 0; i < l->n_layouts; i++)
		g_object_unref(l->layouts[i]);
	l->n_layouts = 0;
	g_hash_table_remove_all(l->one_lines);
	for (size_t i = 0; i < l->n_figures; i++)
		figure_free(l->figures[i]);
	l->n_figures = 0;
}

void layout_free(layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_layouts; i++)
		g_object_unref(l->layouts[i]);
	free(l->layouts);
	for (size_t i = 0; i < l->n_broken; i++)
		para_release(l->broken[i]);
	free(l->broken);
	free(l->items);
	free(l->pages);
	free(l->sections);
	free(l->section_page);
	for (size_t i = 0; i < l->n_figures; i++)
		figure_free(l->figures[i]);
	free(l->figures);
	free(l->notes);
	free(l->anchors);
	free(l->anchor_page);
	free(l->xrefs);
	free(l->opened);
	g_hash_table_destroy(l->made);
	g_hash_table_destroy(l->one_lines);
	free(l);
}

void layout_dump(const layout *l, strbuf *out)
{
	for (size_t pg = 1; pg < l->n_pages; pg++) {
		const page *p = &l->pages[pg];
		sb_printf(out, "page %zu\n", pg + 1);
		for (size_t k = p->first; k < p->first + p->count; k++) {
			const vitem *v = &l->items[k];
			if (v->kind != V_LINE)
				continue;
			const char *text = para_line_text(v->para, v->line);
			sb_printf(out, "  %-10s %s\n", v->tag->tag, text);
		}
	}
}

