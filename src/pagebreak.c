/* pagebreak: dynamic programming over the legal breaks of each stretch of
 * the vertical list between forced breaks. */
#include "pagebreak.h"

#include <math.h>
#include <stdlib.h>

enum {
	KEEP_BROKEN = 1000000,   /* a keep broken because nothing else fits */
	SPLIT_NOTE = 200,        /* a footnote continued on the next page */
	IN_PARAGRAPH = 30,       /* a paragraph continued on the next page */
	EMPTY_WEIGHT = 1000,     /* times the cube of the empty share of a page */
};

static bool is_content(const vitem *v)
{
	return v->kind == V_LINE || v->kind == V_ROW || v->kind == V_FIGURE;
}

/* Footnotes referenced by an item, pt. */
static double notes_height(const layout *l, const vitem *v)
{
	if (v->kind != V_LINE)
		return 0;
	const pline *ln = &v->para->lines[v->line];
	double h = 0;
	for (int n = 0; n < ln->n_notes; n++)
		h += l->notes[ln->first_note + n].height;
	return h;
}

/* A table continued at the top of a page repeats its header row. */
static double top_extra(const vitem *v)
{
	if (v->kind != V_ROW || v->row->header || !v->row->table->header ||
	    v->row->index <= 1)
		return 0;
	return v->row->table->header_height;
}

static void add_page(layout *l, size_t first, size_t count)
{
	if ((l->n_pages & (l->n_pages - 1)) == 0)  /* a power of two: grow */
		l->pages = xrealloc(l->pages, 2 * l->n_pages * sizeof *l->pages);
	l->pages[l->n_pages++] = (page){ first, count, NULL, l->items[first].landscape,
					  { first, 0, 0, 0 }, 1, -1, 0, 0, 0 };
}

/* The cost of breaking before item k (between k-1 and k). */
static double break_cost(const layout *l, size_t k, size_t end)
{
	if (k == end)
		return 0;
	const vitem *before = &l->items[k - 1], *after = &l->items[k];
	double c = before->keep ? KEEP_BROKEN : 0;
	if (before->kind == V_LINE && after->kind == V_LINE && before->para == after->para)
		c += IN_PARAGRAPH;
	return c;
}

static double content_height(const layout *l, size_t first, size_t count)
{
	double h = 0, glue = 0;
	for (size_t k = first; k < first + count; k++) {
		const vitem *v = &l->items[k];
		if (is_content(v)) {
			h += glue + v->height;
			glue = 0;
		} else if (v->kind == V_GLUE && h > 0) {
			glue += v->height;   /* counts only between items */
		}
	}
	return h + (count ? top_extra(&l->items[first]) : 0);
}

/* Which footnote lines go on each new page: a page's notes, after what
 * runs on from the page before, as far as the room under its text goes. */
static void place_notes(layout *l, size_t from, double avail, int *note, int *line)
{
	double lead = l->st->footnote.leading;
	for (size_t pg = from; pg < l->n_pages; pg++) {
		page *p = &l->pages[pg];
		p->fn_from = -1;
		int last = *note - (*line == 0 ? 1 : 0);   /* the last note begun */
		for (size_t k = p->first; k < p->first + p->count; k++) {
			const vitem *v = &l->items[k];
			if (v->kind == V_LINE) {
				const pline *ln = &v->para->lines[v->line];
				if (ln->n_notes)
					last = ln->first_note + ln->n_notes - 1;
			}
		}
		if (last < *note)
			continue;   /* nothing to set here */
		double room = avail - content_height(l, p->first, p->count) - lead;
		p->fn_from = *note;
		p->fn_from_line = *line;
		while (*note <= last) {
			const lnote *n = &l->notes[*note];
			int lines = n->text ? n->text->n_lines : 0;
			int fit = (int)floor((room + 0.01) / lead);
			if (lines - *line <= fit || *note == p->fn_from) {
				/* the rest of this note fits, or it is the first: at
				 * least some of it is set here */
				int take = lines - *line <= fit ? lines - *line : fit > 2 ? fit : 2;
				room -= take * lead + (take == lines - *line ? 2 : 0);
				*line += take;
				if (*line < lines)
					break;   /* runs on to the next page */
				(*note)++;
				*line = 0;
			} else {
				if (fit >= 2) {   /* begin it here, continue it there */
					*line = fit;
					room = 0;
				}
				break;
			}
		}
		p->fn_to = *line ? *note : *note - 1;
		p->fn_to_line = *line ? *line : (l->notes[*note - 1].text ?
						 l->notes[*note - 1].text->n_lines : 0);
	}
}

/* Pages for items [a, b): carry_in pt of footnotes run on into the first
 * page; returns what runs on out of the last. */
static double paginate_stretch(layout *l, size_t a, size_t b, double avail, double carry_in)
{
	size_t n = b - a;
	double lead = l->st->footnote.leading;
	double *cost = xmalloc((n + 1) * sizeof *cost);
	double *carry = xcalloc(n + 1, sizeof *carry);   /* notes run on past break k */
	size_t *prev = xmalloc((n + 1) * sizeof *prev);
	cost[0] = 0;
	carry[0] = carry_in;
	for (size_t k = 1; k <= n; k++) {
		cost[k] = INFINITY;
		prev[k] = 0;
		double brk = break_cost(l, a + k, b);
		/* walk back over possible page starts; height counts from the
		 * first line at or after the start to the last line before k */
		double sum = 0, content = 0, notes = 0;
		bool seen_line = false;
		for (size_t i = k; i-- > 0;) {
			const vitem *v = &l->items[a + i];
			if (is_content(v)) {
				sum += v->height;
				notes += notes_height(l, v);
				seen_line = true;
				content = sum + top_extra(v);
			} else if (seen_line) {
				sum += v->height;   /* trailing glue does not count */
			}
			if (!seen_line)
				continue;
			bool lone = is_content(v) && sum == v->height;
			if (content > avail + 0.01 && !lone)
				break;   /* more would overflow; a lone item is let through */
			if (i > 0 && !isfinite(cost[i]))
				continue;
			double fn = carry[i] + notes;
			double total = content + (fn > 0 ? fn + lead : 0), out = 0, pen = 0;
			if (total > avail + 0.01) {
				/* a long footnote runs on to the next page, two of
				 * its lines at least staying here */
				if (fn > 0 && content + 3 * lead <= avail) {
					out = ceil((total - avail) / lead) * lead;
					pen = SPLIT_NOTE;
				} else if (!lone) {
					continue;
				}
			}
			double empty = fmax(0, 1 - fmin(total, avail) / avail);
			/* multiplications: pow() cost a call per pair of breaks */
			double c = cost[i] + brk + pen +
				   (k == n ? 0 : EMPTY_WEIGHT * (empty * empty * empty));
			if (c < cost[k]) {
				cost[k] = c;
				prev[k] = i;
				carry[k] = out;
			}
		}
	}
	double carry_out = carry[n];
	/* collect the breaks backwards, then emit the pages in order */
	size_t *stack = xmalloc((n + 1) * sizeof *stack);
	size_t top = 0;
	for (size_t k = n; k > 0; k = prev[k])
		stack[top++] = k;
	size_t start = 0;
	while (top) {
		size_t k = stack[--top];
		size_t first = start;
		while (first < k && !is_content(&l->items[a + first]))
			first++;   /* glue vanishes at the top of a page */
		if (first < k)
			add_page(l, a + first, k - first);
		start = k;
	}
	free(stack);
	free(cost);
	free(carry);
	free(prev);
	return carry_out;
}

/* Widows, orphans and headings at a page's foot, for --stats and tests. */
static void count_breaks(layout *l)
{
	for (size_t p = 1; p + 1 < l->n_pages; p++) {
		const page *a = &l->pages[p], *b = &l->pages[p + 1];
		size_t last = a->first + a->count;
		while (last > a->first && l->items[last - 1].kind != V_LINE)
			last--;
		if (last == a->first || b->count == 0)
			continue;
		const vitem *end = &l->items[last - 1], *top = &l->items[b->first];
		if (end->tag && end->tag->tag[0] == 'H')
			l->stats.stranded_headings++;
		if (top->kind != V_LINE || top->para != end->para)
			continue;
		int before = 0, after = 0;
		for (size_t k = last; k-- > a->first && l->items[k].para == end->para;)
			before++;
		for (size_t k = b->first; k < b->first + b->count && l->items[k].para == end->para; k++)
			after++;
		l->stats.orphans += before == 1;
		l->stats.widows += after == 1;
	}
}

/* The frames made since page `from` become the columns of pages. */
static void into_columns(layout *l, size_t from)
{
	size_t out = from;
	for (size_t f = from; f < l->n_pages; f += (size_t)l->columns) {
		page pg = l->pages[f];
		pg.n_cols = 1;
		for (int c = 1; c < l->columns && f + (size_t)c < l->n_pages; c++) {
			const page *col = &l->pages[f + (size_t)c];
			pg.col_first[c] = col->first;
			pg.count = col->first + col->count - pg.first;
			pg.n_cols++;
		}
		l->pages[out++] = pg;
	}
	l->n_pages = out;
}

void pb_paginate(layout *l)
{
	const style *st = l->st;
	double avail = st->page_height - st->margin_top - st->margin_bottom;
	l->pages = xmalloc(sizeof *l->pages);
	l->pages[0] = (page){ 0, 0, NULL, false, { 0, 0, 0, 0 }, 1, -1, 0, 0, 0 };  /* the cover */
	l->n_pages = 1;
	size_t a = 0;
	double carry = 0;
	int note = 0, line = 0;
	while (a < l->n_items) {
		size_t b = a;
		while (b < l->n_items && l->items[b].kind != V_BREAK)
			b++;
		/* turned pages are as high as the portrait ones are wide */
		bool land = b > a && l->items[a].landscape;
		double here = land ? st->page_width - st->margin_top - st->margin_bottom : avail;
		size_t before = l->n_pages;
		if (b > a) {
			carry = paginate_stretch(l, a, b, here, carry);
			place_notes(l, before, here, &note, &line);
		}
		if (!land && a >= l->body_start && l->columns > 1)
			into_columns(l, before);
		a = b + 1;
	}
	/* a footnote still running at the end gets pages of its own */
	while (l->n_items && line > 0 && note < l->n_notes) {
		size_t before = l->n_pages;
		add_page(l, l->n_items - 1, 0);
		int was = line;
		place_notes(l, before, avail, &note, &line);
		if (line == was)
			break;   /* no progress: a note line taller than a page */
	}
	count_breaks(l);
}
