/* table: tables in the vertical list. */
#include "table.h"
#include "para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The widest word of a cell's text, pt: a column is never narrower. */
static double longest_word(layout *l, const itext *t, const font_style *f)
{
	char *plain = inline_plain(l->doc->a, t);
	double best = 0;
	/* words end at spaces; a non-breaking space (C2 A0) joins its words */
	for (char *w = plain, *e; *w; w = *e ? e + 1 : e) {
		e = strchr(w, ' ');
		if (!e)
			e = w + strlen(w);
		char save = *e;
		*e = '\0';
		if (*w)
			best = fmax(best, para_natural(para_text(l, w, f, 0, PANGO_ALIGN_LEFT)));
		*e = save;
	}
	return best;
}

/* Column widths: fixed and percentage columns first, automatic ones from
 * their content, the rest shared by fr. */
static double *column_widths(layout *l, const table_data *td, double width)
{
	const style *st = l->st;
	size_t nc = td->n_cols;
	double *w = arena_alloc(l->doc->a, nc * sizeof *w);
	double *maxw = xcalloc(nc, sizeof *maxw), *minw = xcalloc(nc, sizeof *minw);
	double fixed = 0, fr = 0, auto_max = 0, auto_min = 0;
	for (size_t c = 0; c < nc; c++) {
		const column *col = &td->cols[c];
		if (col->width.pt || col->width.percent) {
			w[c] = col->width.pt ? col->width.pt : width * col->width.percent / 100;
			fixed += w[c];
			continue;
		}
		if (col->width.fr) {
			fr += col->width.fr;
			continue;
		}
		for (size_t r = 0; r <= td->n_rows; r++) {
			const itext *texts[33];
			const font_style *f = r == 0 ? &st->table_head : &st->table_text;
			size_t nt = 0;
			if (r == 0 && col->title.n)
				texts[nt++] = &col->title;
			else if (r > 0)
				for (size_t k = 0; k < td->cells[(r - 1) * nc + c]->n && nt < 33; k++)
					texts[nt++] = &td->cells[(r - 1) * nc + c]->children[k]->text;
			for (size_t k = 0; k < nt; k++) {
				if (texts[k]->n == 0)
					continue;
				para *one = para_make(l, texts[k], NULL, f,
						      (para_shape){ 0, 0, false, PANGO_ALIGN_LEFT, false, false });
				maxw[c] = fmax(maxw[c], para_natural(one) + 2 * st->cell_pad);
				minw[c] = fmax(minw[c], longest_word(l, texts[k], f) + 2 * st->cell_pad);
			}
		}
		maxw[c] = fmax(maxw[c], 2 * st->cell_pad + 6);
		minw[c] = fmax(minw[c], 2 * st->cell_pad + 6);
		auto_max += maxw[c];
		auto_min += minw[c];
	}
	double rest = width - fixed;
	for (size_t c = 0; c < nc; c++) {
		const column *col = &td->cols[c];
		if (col->width.pt || col->width.percent || col->width.fr)
			continue;
		if (auto_max <= rest && fr > 0)
			w[c] = maxw[c];
		else if (auto_max <= rest)
			w[c] = maxw[c] + (rest - auto_max) * maxw[c] / auto_max;  /* fill the width */
		else if (auto_min < rest)
			w[c] = minw[c] + (rest - auto_min) * (maxw[c] - minw[c]) / (auto_max - auto_min);
		else
			w[c] = minw[c];
	}
	double used = 0;
	for (size_t c = 0; c < nc; c++)
		if (!td->cols[c].width.fr)
			used += w[c];
	for (size_t c = 0; c < nc; c++)
		if (td->cols[c].width.fr)
			w[c] = fmax(width - used, 0) * td->cols[c].width.fr / fr;
	free(maxw);
	free(minw);
	return w;
}

/* Width of a cell's text before its decimal comma, for decimal alignment. */
static double before_comma(layout *l, const para *p)
{
	const char *text = para_line_text(p, 0);
	const char *comma = strrchr(text, ',');
	if (!comma)
		return para_line_width(p, 0);
	char *pre = arena_strndup(l->doc->a, text, (size_t)(comma - text));
	return para_natural(para_text(l, pre, &l->st->table_text, 0, PANGO_ALIGN_LEFT));
}

static lrow *make_row(layout *l, ltable *t, const double *w, size_t r, bool header)
{
	const style *st = l->st;
	const table_data *td = t->block->table;
	size_t nc = td->n_cols;
	lrow *row = arena_alloc(l->doc->a, sizeof *row);
	row->table = t;
	row->index = r;
	row->header = header;
	row->foot = !header && r - (td->header ? 1 : 0) >= td->n_rows - td->n_foot;
	row->cells = arena_alloc(l->doc->a, nc * sizeof *row->cells);
	font_style bold = st->table_text;
	bold.weight = 700;
	row->tag = vl_snode(l, "TR", t->tag);
	double x = 0;
	for (size_t c = 0; c < nc; c++) {
		lcell *cell = &row->cells[c];
		const column *col = &td->cols[c];
		cell->x = x;
		cell->width = w[c];
		cell->tag = vl_snode(l, header ? "TH" : "TD", row->tag);
		cell->line_count = -1;
		x += w[c];
		const font_style *f = header ? &st->table_head : row->foot ? &bold : &st->table_text;
		PangoAlignment al = col->align == AL_RIGHT || col->align == AL_DECIMAL ? PANGO_ALIGN_RIGHT :
				    col->align == AL_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
		para_shape sh = { w[c] - 2 * st->cell_pad, 0, false, header && al == PANGO_ALIGN_RIGHT ?
				  PANGO_ALIGN_RIGHT : al, false, true };
		const block *src = header ? NULL : td->cells[(r - (td->header ? 1 : 0)) * nc + c];
		size_t n = header ? (col->title.n ? 1 : 0) : src->n;
		cell->paras = arena_alloc(l->doc->a, (n + 1) * sizeof *cell->paras);
		for (size_t k = 0; k < n; k++) {
			const itext *txt = header ? &col->title : &src->children[k]->text;
			if (txt->n == 0)
				continue;
			para *p = para_make(l, txt, NULL, f, sh);
			cell->paras[cell->n++] = p;
			cell->height += p->n_lines * f->leading + (cell->n > 1 ? 3 : 0);
		}
	}
	return row;
}

/* Lines up the decimal commas of a column: every cell's text is shifted so
 * its comma sits where the widest integer part ends. */
static void align_decimals(layout *l, lrow **rows, size_t nr, size_t c)
{
	double pre_max = 0, post_max = 0;
	for (size_t r = 0; r < nr; r++) {
		lcell *cell = &rows[r]->cells[c];
		if (rows[r]->header || cell->n != 1 || cell->paras[0]->n_lines != 1)
			continue;
		double nat = para_line_width(cell->paras[0], 0);
		double pre = before_comma(l, cell->paras[0]);
		pre_max = fmax(pre_max, pre);
		post_max = fmax(post_max, nat - pre);
	}
	for (size_t r = 0; r < nr; r++) {
		lcell *cell = &rows[r]->cells[c];
		if (rows[r]->header || cell->n != 1 || cell->paras[0]->n_lines != 1)
			continue;
		para *p = cell->paras[0];
		double inner = cell->width - 2 * l->st->cell_pad;
		double pre = before_comma(l, p);
		/* right-aligned block of width pre_max + post_max, comma at pre_max */
		p->lines[0].x = inner - (pre_max + post_max) + (pre_max - pre);
	}
}

/* A row taller than a page: parts of whole lines, each filling a page
 * under the repeated header, all in the row's structure element. */
static void split_row(layout *l, ltable *t, lrow *row, double room)
{
	const style *st = l->st;
	size_t nc = t->block->table->n_cols;
	double lead = st->table_text.leading;
	int per = (int)floor((room - 2 * st->cell_pad - 6) / lead);
	int most = 0;
	for (size_t c = 0; c < nc; c++) {
		int lines = 0;
		for (size_t k = 0; k < row->cells[c].n; k++)
			lines += row->cells[c].paras[k]->n_lines;
		most = lines > most ? lines : most;
	}
	/* parts of a third of a page at most, so pages before fill up */
	per = per / 3 > 4 ? per / 3 : per;
	if (per < 1)
		per = 1;
	for (int from = 0; from < most; from += per) {
		lrow *part = arena_alloc(l->doc->a, sizeof *part);
		*part = *row;
		part->cells = arena_alloc(l->doc->a, nc * sizeof *part->cells);
		memcpy(part->cells, row->cells, nc * sizeof *part->cells);
		for (size_t c = 0; c < nc; c++) {
			part->cells[c].line_from = from;
			part->cells[c].line_count = per;
		}
		part->went_on = from > 0;
		part->goes_on = from + per < most;
		int lines = most - from < per ? most - from : per;
		vitem *v = vl_push(l, V_ROW);
		v->row = part;
		v->tag = row->tag;
		v->height = lines * lead + (part->went_on ? 0 : st->cell_pad) +
			    (part->goes_on ? 0 : st->cell_pad + 6);
	}
}

/* Whether a page may break after row r of the body (0-based; the header
 * row when header): never after the header; a table of up to 10 body
 * rows stays whole (where it fits a page: keeps give way when nothing
 * else fits); a longer one keeps at least 3 body rows on each side of a
 * break, so a repeated header never heads fewer than 3 rows, and its
 * foot (a sum row) stays with the last of them. */
static bool may_break_after(const table_data *td, size_t r, bool header)
{
	size_t body = td->n_rows - td->n_foot;
	if (header || body <= 10 || r >= body)
		return false;
	return r + 1 >= 3 && body - (r + 1) >= 3;
}

void table_lay(layout *l, const block *b, snode *parent, double x, double width)
{
	const style *st = l->st;
	const table_data *td = b->table;
	size_t start = l->n_items;
	if (td->landscape) {
		/* a wide table gets turned pages of its own */
		vl_page_break(l);
		start = l->n_items;
		x = 0;
		width = l->measure_landscape;
	}
	ltable *t = arena_alloc(l->doc->a, sizeof *t);
	t->block = b;
	t->x = x;
	t->width = width;
	t->tag = vl_snode(l, "Table", parent);
	size_t first = l->n_items;
	if (b->caption.n || b->id) {
		para_caption(l, st->name_table, b, t->tag, x, width);
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;
		vl_glue(l, 4, true);
	}
	double *w = column_widths(l, td, width);
	size_t nr = td->n_rows + (td->header ? 1 : 0);
	lrow **rows = xmalloc(nr * sizeof *rows);
	for (size_t r = 0; r < nr; r++)
		rows[r] = make_row(l, t, w, r, td->header && r == 0);
	for (size_t c = 0; c < td->n_cols; c++)
		if (td->cols[c].align == AL_DECIMAL)
			align_decimals(l, rows, nr, c);
	if (td->header)
		t->header = rows[0];
	double page_h = (td->landscape ? st->page_width : st->page_height) - st->margin_top -
			st->margin_bottom;
	for (size_t r = 0; r < nr; r++) {
		double h = 0;
		for (size_t c = 0; c < td->n_cols; c++)
			h = fmax(h, rows[r]->cells[c].height);
		if (r == 0 && td->header)
			t->header_height = h + 2 * st->cell_pad;
		if (h + 2 * st->cell_pad > page_h - t->header_height && !rows[r]->header) {
			split_row(l, t, rows[r], page_h - t->header_height);
			continue;
		}
		vitem *v = vl_push(l, V_ROW);
		v->row = rows[r];
		v->tag = rows[r]->tag;
		v->height = h + 2 * st->cell_pad;
		v->keep = r + 1 < nr && !may_break_after(td, r - (td->header ? 1 : 0), r == 0 && td->header);
	}
	free(rows);
	l->items[first].anchor = b;
	l->items[first].dest = vl_dest(l, &(doc_target){ T_TABLE, b, NULL });
	if (td->landscape) {
		for (size_t k = start; k < l->n_items; k++)
			l->items[k].landscape = true;
		vl_page_break(l);
	}
}
