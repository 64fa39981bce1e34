/* contents: the table of contents and the lists of tables and figures. */
#include "contents.h"
#include "para.h"

/* One entry of the contents or of a list of tables or figures: number,
 * text, dot leaders and page, all one link. */
static void toc_entry(layout *l, snode *toc, const block *b, const itext *text,
		      const char *number, const char *dest, int level)
{
	const style *st = l->st;
	double em = st->toc_entry.size;
	double page_col = 2.5 * em;
	double indent = level == 2 ? 2.0 * em : 0;
	/* a heading without a number (numbering: "") has no number column */
	double numw = !number || !*number ? 0 : level == 2 ? 2.6 * em : 2.0 * em;
	font_style f = st->toc_entry;
	if (level == 1) {
		f.weight = 700;
		vl_glue(l, em * 0.6, false);
	}
	para_shape sh = { l->measure - indent - numw - page_col, 0, false, PANGO_ALIGN_LEFT,
			  false, false };
	para *p = para_make(l, text, NULL, &f, sh);
	snode *toci = vl_snode(l, "TOCI", toc);
	size_t k = para_push(l, p, indent + numw, vl_snode(l, "P", toci));
	if (numw > 0) {
		l->items[k].label = para_text(l, number, &f, numw, PANGO_ALIGN_LEFT);
		l->items[k].label_x = indent;
		l->items[k].label_tag = vl_snode(l, "Lbl", toci);
	}
	for (size_t j = k; j < l->n_items; j++) {
		l->items[j].toc_any = b;
		l->items[j].toc_dest = dest;
		l->items[j].keep = j + 1 < l->n_items;
	}
	l->items[l->n_items - 1].toc = b;
	const pline *lastl = &p->lines[p->n_lines - 1];
	l->items[l->n_items - 1].toc_right = indent + numw + lastl->x + para_line_width(p, p->n_lines - 1);
}

/* A title of the contents or of a list: a heading of its own, in the outline. */
static snode *toc_title(layout *l, const char *title, const char *id)
{
	const style *st = l->st;
	block *tb = arena_alloc(l->doc->a, sizeof *tb);
	*tb = (block){ .kind = B_SECTION, .id = id, .plain = title, .level = 1, .number = "" };
	para_shape sh = { l->measure, 0, false, PANGO_ALIGN_LEFT, false, false };
	para *tp = para_make(l, NULL, title, &st->toc_title, sh);
	size_t first = para_push(l, tp, 0, vl_snode(l, "H1", l->root));
	l->items[first].heading = tb;
	l->items[first].keep = true;
	vl_glue(l, st->heading[1].space_after + 4, true);
	return vl_snode(l, "TOC", l->root);
}

void contents_lay(layout *l)
{
	const style *st = l->st;
	const document *d = l->doc;
	snode *toc = toc_title(l, st->name_contents, "toc.inhalt");
	block_iter it;
	block_iter_init(&it, d->body);
	for (const block *b; (b = block_iter_next(&it));)
		if (b->kind == B_SECTION && b->level >= 1 && b->level <= st->toc_depth)
			toc_entry(l, toc, b, &b->text, b->number, b->id, b->level);
	block_iter_free(&it);
	/* the lists of tables and figures follow, each on its own page */
	for (int pass = 0; pass < 2; pass++) {
		bool tables = pass == 0;
		if (tables ? !st->list_of_tables || !d->n_tables : !st->list_of_figures || !d->n_figures)
			continue;
		vl_page_break(l);
		snode *list = toc_title(l, tables ? st->name_tables : st->name_figures,
					tables ? "toc.tabellen" : "toc.abbildungen");
		block_iter_init(&it, d->body);
		for (const block *b; (b = block_iter_next(&it));) {
			if (b->kind != (tables ? B_TABLE : B_FIGURE))
				continue;
			doc_target t = { tables ? T_TABLE : T_FIGURE, b, NULL };
			const itext *cap = b->caption.n ? &b->caption :
					   para_numbered_caption(l, tables ? st->name_table : st->name_figure, b);
			toc_entry(l, list, b, cap, b->number, vl_dest(l, &t), 0);
		}
		block_iter_free(&it);
	}
	vl_page_break(l);
}
