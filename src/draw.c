/* draw: cairo painting; tags are opened and closed along the structure
 * path of each line, so structure elements may span pages. */
#include "draw.h"
#include "figure.h"
#include "para.h"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PI 3.14159265358979323846

typedef struct {
	layout *l;
	const style *st;
	cairo_t *cr;
	cairo_surface_t *surface;
	snode *open[64];
	int n_open;
	int outline[DOC_MAX_SECTION_LEVEL + 2];
	para *dot;           /* one leader dot */
	int page_no;         /* 1-based, the page being drawn */
	cairo_surface_t *watermark; /* the draft watermark, recorded once */
	const snode **parents; /* sorted: structure elements with children */
	size_t n_parents;
	bool mixed;          /* the open element has children: text in a Span */
	bool record;         /* note each structure element in l->opened */
	bool artifact;       /* drawing a repeated table header: no tags */
} painter;

/* Opens a structure element and notes which element of the layout it is
 * part of (NULL: a Span or Link of its own), for finish to merge parts. */
static void begin_struct(painter *P, const char *tag, const snode *node, const char *lang,
			 const char *attrs)
{
	layout *l = P->l;
	if (P->record) {
		if (l->n_opened == l->cap_opened)
			l->opened = xrealloc(l->opened, (l->cap_opened = l->cap_opened
				? l->cap_opened * 2 : 1024) * sizeof *l->opened);
		l->opened[l->n_opened++] = (tag_open){ node, lang, NULL };
	}
	cairo_tag_begin(P->cr, tag, attrs);
}

static void set_color(cairo_t *cr, rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* The element s is tagged in: a figure's caption follows the figure as
 * its sibling, so the Figure has no children and cairo marks the picture
 * as its content (cairo marks content only in childless elements). */
static snode *tag_parent(const snode *s)
{
	snode *p = s->parent;
	if (p && strcmp(s->tag, "Caption") == 0 && strcmp(p->tag, "Figure") == 0)
		return p->parent;
	return p;
}

/* Closes the tags that are not on target's path and opens the rest. */
static void switch_tag(painter *P, snode *target)
{
	snode *path[64];
	int n = 0;
	for (snode *s = target; s && n < 64; s = tag_parent(s))
		n++;
	int k = n;
	for (snode *s = target; s && k > 0; s = tag_parent(s))
		path[--k] = s;
	int common = 0;
	while (common < P->n_open && common < n && P->open[common] == path[common])
		common++;
	while (P->n_open > common)
		cairo_tag_end(P->cr, P->open[--P->n_open]->tag);
	for (int i = common; i < n; i++) {
		begin_struct(P, path[i]->tag, path[i], NULL, NULL);
		P->open[P->n_open++] = path[i];
	}
}

static int cmp_ptr(const void *a, const void *b)
{
	const snode *x = *(const snode *const *)a, *y = *(const snode *const *)b;
	return x < y ? -1 : x > y;
}

static void add_parents(const snode ***v, size_t *n, size_t *cap, const snode *s)
{
	for (s = s ? tag_parent(s) : NULL; s; s = tag_parent(s)) {
		if (*n == *cap)
			*v = xrealloc(*v, (*cap = *cap ? *cap * 2 : 256) * sizeof **v);
		(*v)[(*n)++] = s;
	}
}

/* cairo marks content only in structure elements without children; what
 * is drawn in the others is outside any marked content, which finish.c
 * turns into artifacts.  So decorations are drawn with only parents open,
 * and text with children beside it goes into a Span. */
static void find_parents(painter *P)
{
	const layout *l = P->l;
	const snode **v = NULL;
	size_t n = 0, cap = 0;
	add_parents(&v, &n, &cap, vl_snode(P->l, "P", P->l->cover_tag));
	for (size_t k = 0; k < l->n_items; k++) {
		const vitem *it = &l->items[k];
		add_parents(&v, &n, &cap, it->tag);
		add_parents(&v, &n, &cap, it->label_tag);
		if (it->kind == V_ROW && it->row) {
			add_parents(&v, &n, &cap, it->row->tag);
			for (size_t c = 0; c < it->row->table->block->table->n_cols; c++)
				add_parents(&v, &n, &cap, it->row->cells[c].tag);
		}
		if (it->kind == V_FIGURE && it->figure)
			add_parents(&v, &n, &cap, it->figure->tag);
	}
	for (int i = 0; i < l->n_notes; i++)
		add_parents(&v, &n, &cap, l->notes[i].tag);
	qsort(v, n, sizeof *v, cmp_ptr);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	P->parents = v;
	P->n_parents = u;
}

static bool is_parent(const painter *P, const snode *s)
{
	return P->n_parents && bsearch(&s, P->parents, P->n_parents, sizeof *P->parents, cmp_ptr);
}

/* Closes open elements without children, so what is drawn next (running
 * heads, rules, fills, the watermark) is outside marked content. */
static void to_container(painter *P)
{
	while (P->n_open > 0 && !is_parent(P, P->open[P->n_open - 1]))
		cairo_tag_end(P->cr, P->open[--P->n_open]->tag);
}

/* Quotes a value for cairo's attribute syntax. */
static void attr_string(strbuf *b, const char *s)
{
	sb_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			sb_addc(b, '\\');
		sb_addc(b, *s);
	}
	sb_addc(b, '\'');
}

static void begin_dest(painter *P, const char *name)
{
	strbuf a = { 0 };
	sb_adds(&a, "name=");
	attr_string(&a, name);
	cairo_tag_begin(P->cr, CAIRO_TAG_DEST, a.s);
	sb_free(&a);
}

/* The index of the span at a byte offset of the paragraph text, or -1. */
static long span_at(const para *p, size_t offset)
{
	if (!p->text || p->text->n == 0)
		return -1;
	size_t lo = 0, hi = p->text->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (p->span_start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

/* What a span links to: an address, or a destination in the document. */
static const char *link_key(const para *p, long i)
{
	if (i < 0)
		return NULL;
	const ispan *s = &p->text->spans[i];
	return s->href ? s->href : p->span_dest[i];
}

static void begin_link(painter *P, const ispan *s, const char *dest, double x, double y,
		       double w, double h)
{
	strbuf a = { 0 };
	if (s->href && strncmp(s->href, "file:", 5) == 0) {
		/* another PDF beside this one: a relative address, which
		 * viewers resolve against this file's place (cairo 1.16's own
		 * links to files break its output) */
		sb_adds(&a, "uri=");
		attr_string(&a, s->href + 5);
	} else if (s->href) {
		sb_adds(&a, "uri=");
		attr_string(&a, s->href);
	} else {
		sb_adds(&a, "dest=");
		attr_string(&a, dest);
	}
	sb_printf(&a, " rect=[%.2f %.2f %.2f %.2f]", x, y, w, h);
	begin_struct(P, CAIRO_TAG_LINK, NULL, NULL, a.s);
	sb_free(&a);
}

/* Shows a glyph run with its baseline's left end at (x, y).  A character
 * no font has would be pango's hex box, whose digits reach the text layer
 * as text ("06 18 F0"): it is shown as an empty glyph, which keeps the
 * character itself for the text layer, and its box is drawn as a path. */
static void show_run(painter *P, const char *text, PangoGlyphItem *gi, double x, double y)
{
	const PangoGlyphString *gs = gi->glyphs;
	bool unknown = false;
	for (int g = 0; g < gs->num_glyphs; g++)
		unknown |= (gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
	cairo_move_to(P->cr, x, y);
	if (!unknown) {
		pango_cairo_show_glyph_item(P->cr, text, gi);
		return;
	}
	PangoGlyphItem copy = *gi;
	copy.glyphs = pango_glyph_string_copy(gi->glyphs);
	double gx = x;
	for (int g = 0; g < gs->num_glyphs; g++) {
		PangoGlyphInfo *info = &copy.glyphs->glyphs[g];
		if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			PangoRectangle ink;
			pango_font_get_glyph_extents(gi->item->analysis.font, info->glyph, &ink, NULL);
			double bw = ink.width / (double)PANGO_SCALE, bh = ink.height / (double)PANGO_SCALE;
			double lw = bw / 12;
			cairo_save(P->cr);
			cairo_set_line_width(P->cr, lw);
			cairo_rectangle(P->cr, gx + ink.x / (double)PANGO_SCALE + lw / 2,
					y + ink.y / (double)PANGO_SCALE + lw / 2, bw - lw, bh - lw);
			cairo_stroke(P->cr);
			cairo_restore(P->cr);
			info->glyph = PANGO_GLYPH_EMPTY;
		}
		gx += info->geometry.width / (double)PANGO_SCALE;
	}
	cairo_move_to(P->cr, x, y);
	pango_cairo_show_glyph_item(P->cr, text, &copy);
	pango_glyph_string_free(copy.glyphs);
	/* the characters themselves, for the text layer: an invisible glyph
	 * (the font's space) whose text they are */
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(gi->item->analysis.font));
	hb_font_t *hb = pango_font_get_hb_font(gi->item->analysis.font);
	hb_codepoint_t space = 0;
	hb_font_get_nominal_glyph(hb, ' ', &space);
	gx = x;
	for (int g = 0; g < gs->num_glyphs; g++) {
		const PangoGlyphInfo *info = &gs->glyphs[g];
		if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			int start = gs->log_clusters[g], end = gi->item->length;
			for (int h = 0; h < gs->num_glyphs; h++)
				if (gs->log_clusters[h] > start && gs->log_clusters[h] < end)
					end = gs->log_clusters[h];
			/* as wide as the box, so that readers see no gap */
			cairo_text_extents_t ext;
			cairo_glyph_t glyph = { space, 0, 0 };
			cairo_scaled_font_glyph_extents(sf, &glyph, 1, &ext);
			double w = info->geometry.width / (double)PANGO_SCALE;
			cairo_text_cluster_t cluster = { end - start, 1 };
			cairo_save(P->cr);
			cairo_translate(P->cr, gx, y);
			if (ext.x_advance > 0)
				cairo_scale(P->cr, w / ext.x_advance, 1);
			cairo_set_scaled_font(P->cr, sf);
			cairo_show_text_glyphs(P->cr, text + gi->item->offset + start, end - start,
					       &glyph, 1, &cluster, 1, 0);
			cairo_restore(P->cr);
		}
		gx += info->geometry.width / (double)PANGO_SCALE;
	}
}

/* Shows run gi of line k of p (show_run); an added hyphen at the end of
 * the line is given the text U+00AD (soft hyphen), so cairo writes it with
 * that /ActualText and screen readers and text extraction read the word
 * whole (ISO 32000-1 14.8.2.2.3). */
static void show_line_run(painter *P, const para *p, int k, const char *text,
			  PangoGlyphItem *gi, double x, double y)
{
	size_t len = strlen(text), end = (size_t)gi->item->offset + (size_t)gi->item->length;
	if (!p->lines[k].added_hyphen || end != len || len == 0 || text[len - 1] != '-') {
		show_run(P, text, gi, x, y);
		return;
	}
	char *soft = xmalloc(len + 2);
	memcpy(soft, text, len - 1);
	memcpy(soft + len - 1, "\xc2\xad", 3);
	PangoItem item = *gi->item;
	item.length++;
	PangoGlyphItem copy = *gi;
	copy.item = &item;
	show_run(P, soft, &copy, x, y);
	free(soft);
}

/* A run's change in a Synopse: IN_DEL, IN_INS or 0. */
static unsigned change_of(const para *p, long i)
{
	return i < 0 ? 0 : p->text->spans[i].flags & (IN_DEL | IN_INS);
}

/* Colours of a Synopse's struck and inserted words: dark red and dark
 * green, each above 7:1 against white (WCAG AAA), and told apart by their
 * lines too, for readers who cannot tell the colours apart. */
static const rgb deleted_color = { 0x9b / 255.0, 0x1c / 255.0, 0x1c / 255.0 };
static const rgb inserted_color = { 0x14 / 255.0, 0x5c / 255.0, 0x2e / 255.0 };

/* "gestrichen: Wald und": what a screen reader says for the changed words
 * from run r on (the runs of the same change on this line), which colour
 * and lines do not reach; finish sets it as the Span's /ActualText. */
static const char *change_text(const painter *P, const para *p, GSList *r,
			       const char *text, size_t offset, unsigned change)
{
	strbuf b = { 0 };
	sb_adds(&b, change & IN_DEL ? "gestrichen: " : "eingefügt: ");
	for (GSList *q = r; q; q = q->next) {
		PangoGlyphItem *g = q->data;
		if (change_of(p, span_at(p, offset + (size_t)g->item->offset)) != change)
			break;
		sb_add(&b, text + g->item->offset, (size_t)g->item->length);
	}
	const char *s = arena_strdup(P->l->doc->a, b.s);
	sb_free(&b);
	return s;
}

/* A line through (IN_DEL) or under (IN_INS) a run, where the font puts
 * its strikethrough or underline, in the font's thickness.  (Pango's own
 * strikethrough and underline attributes, set on these runs by para, are
 * drawn only by pango's renderer for whole layout lines; draw shows each
 * run itself.) */
static void change_line(painter *P, PangoGlyphItem *gi, unsigned change, double x, double base,
			double w)
{
	PangoFontMetrics *m = pango_font_get_metrics(gi->item->analysis.font, NULL);
	int pos = change & IN_DEL ? pango_font_metrics_get_strikethrough_position(m)
				  : pango_font_metrics_get_underline_position(m);
	int thick = change & IN_DEL ? pango_font_metrics_get_strikethrough_thickness(m)
				    : pango_font_metrics_get_underline_thickness(m);
	pango_font_metrics_unref(m);
	cairo_rectangle(P->cr, x, base - pos / (double)PANGO_SCALE, w, thick / (double)PANGO_SCALE);
	cairo_fill(P->cr);
}

/* Draws line k of p with its left edge at x and its line box top at y;
 * runs that belong to a link are wrapped in a Link tag, text in another
 * language in a Span that finish gives its /Lang, a Synopse's changed
 * words in a Span that finish gives its /ActualText. */
static void draw_para_line(painter *P, const para *p, int k, double x, double y)
{
	const char *text;
	size_t offset;
	PangoLayoutLine scratch;
	PangoLayoutLine *line = para_line(p, k, &scratch, &text, &offset);
	double base = y + p->ascent;
	double cx = x + p->lines[k].x;
	/* font expansion: the line's glyphs and spaces drawn 1 + e times as
	 * wide, through the text matrix, so the font stays one subset */
	double f = 1 + p->lines[k].expand;
	const char *open_key = NULL, *open_lang = NULL;
	unsigned open_change = 0;   /* the change of the open Span */
	bool mixed = P->mixed, open_span = false, tags = !P->artifact;
	for (size_t i = 0; p->text && !mixed && i < p->text->n; i++)
		mixed = link_key(p, (long)i) != NULL || p->text->spans[i].lang ||
			change_of(p, (long)i);
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *gi = r->data;
		double w = f * pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
		long si = span_at(p, offset + (size_t)gi->item->offset);
		const ispan *s = si >= 0 ? &p->text->spans[si] : NULL;
		const char *key = link_key(p, si);
		const char *lang = s && !key ? s->lang : NULL;
		unsigned change = key ? 0 : change_of(p, si);
		if (tags && open_key && key != open_key) {
			cairo_tag_end(P->cr, CAIRO_TAG_LINK);
			open_key = NULL;
		}
		if (tags && open_span && (key || lang != open_lang || change != open_change)) {
			cairo_tag_end(P->cr, "Span");
			open_span = false;
		}
		if (tags && !key && mixed && !open_span) {
			begin_struct(P, "Span", NULL, lang, NULL);
			if (change && P->record)
				P->l->opened[P->l->n_opened - 1].actual =
					change_text(P, p, r, text, offset, change);
			open_span = true;
			open_lang = lang;
			open_change = change;
		}
		if (tags && key && !open_key) {
			double lw = 0;
			for (GSList *q = r; q; q = q->next) {
				PangoGlyphItem *g2 = q->data;
				if (link_key(p, span_at(p, offset + (size_t)g2->item->offset)) != key)
					break;
				lw += f * pango_glyph_string_get_width(g2->glyphs) / (double)PANGO_SCALE;
			}
			begin_link(P, s, key, cx, y, lw, p->leading);
			open_key = key;
		}
		/* a footnote mark is where the note links back to, and the
		 * element it is in is where the note goes in the structure */
		bool note_ref = tags && s && s->note;
		if (note_ref) {
			char name[32];
			snprintf(name, sizeof name, "name='fnref.%d'", s->number);
			cairo_tag_begin(P->cr, CAIRO_TAG_DEST, name);
			if (s->number >= 1 && s->number <= P->l->n_notes && P->n_open > 0)
				P->l->notes[s->number - 1].anchor = P->open[P->n_open - 1];
		}
		unsigned mark = s ? s->flags & (IN_DEL | IN_INS) : 0;
		set_color(P->cr, key ? P->st->link : mark & IN_DEL ? deleted_color :
			  mark ? inserted_color : p->color);
		/* superscripts (footnote marks) are runs with a raised baseline */
		if (f != 1) {
			cairo_save(P->cr);
			cairo_translate(P->cr, cx, base - gi->y_offset / (double)PANGO_SCALE);
			cairo_scale(P->cr, f, 1);
			show_line_run(P, p, k, text, gi, 0, 0);
			cairo_restore(P->cr);
		} else {
			show_line_run(P, p, k, text, gi, cx, base - gi->y_offset / (double)PANGO_SCALE);
		}
		if (mark)
			change_line(P, gi, mark, cx, base, w);
		if (note_ref)
			cairo_tag_end(P->cr, CAIRO_TAG_DEST);
		cx += w;
	}
	if (open_key)
		cairo_tag_end(P->cr, CAIRO_TAG_LINK);
	if (open_span)
		cairo_tag_end(P->cr, "Span");
	para_line_done(&scratch);
}

static double text_width(const para *p)
{
	return para_line_width(p, 0);
}

static void draw_leaders(painter *P, const vitem *v, double left, double y, int page_no)
{
	const style *st = P->st;
	char buf[16];
	snprintf(buf, sizeof buf, "%d", page_no);
	/* a chapter's number in the chapter entry's font */
	para *num = para_text(P->l, buf, v->toc->level == 1 ? v->para->font : &st->toc_entry, 0,
				PANGO_ALIGN_LEFT);
	double nw = text_width(num);
	double right = left + P->l->measure;
	double gap = st->toc_leader_gap;
	double step = st->toc_leader_step;
	double dw = text_width(P->dot);
	/* dots on a grid shared by all entries, as in LaTeX */
	for (double x = left + ceil((v->toc_right + gap) / step) * step;
	     x + dw <= right - nw - gap; x += step) {
		set_color(P->cr, P->st->toc_entry.color);
		cairo_move_to(P->cr, x, y + P->dot->ascent);
		pango_cairo_show_layout_line(P->cr,
					     pango_layout_get_line_readonly(P->dot->layout, 0));
	}
	set_color(P->cr, v->para->color);
	cairo_move_to(P->cr, right - nw, y + v->para->ascent);
	pango_cairo_show_layout_line(P->cr, pango_layout_get_line_readonly(num->layout, 0));
}

static void add_outline(painter *P, const block *h)
{
	strbuf dest = { 0 }, title = { 0 };
	sb_adds(&dest, "dest=");
	attr_string(&dest, h->id);
	if (h->number && h->number[0])
		sb_printf(&title, "%s %s", h->number, h->plain);
	else
		sb_adds(&title, h->plain);
	int level = h->level < 1 ? 1 : h->level;
	int parent = level > 1 ? P->outline[level - 1] : CAIRO_PDF_OUTLINE_ROOT;
	P->outline[level] = cairo_pdf_surface_add_outline(
		P->surface, parent, title.s, dest.s,
		level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	sb_free(&dest);
	sb_free(&title);
}

static void draw_item(painter *P, const vitem *v, double left, double y)
{
	if (v->label) {
		switch_tag(P, v->label_tag);
		draw_para_line(P, v->label, 0, left + v->label_x, y);
	}
	switch_tag(P, v->tag);
	if (v->dest)
		begin_dest(P, v->dest);
	if (v->heading) {
		strbuf a = { 0 };
		sb_adds(&a, "name=");
		attr_string(&a, v->heading->id);
		cairo_tag_begin(P->cr, CAIRO_TAG_DEST, a.s);
		sb_free(&a);
		add_outline(P, v->heading);
	}
	if (v->toc_any) {
		strbuf a = { 0 };
		sb_adds(&a, "dest=");
		attr_string(&a, v->toc_dest);
		sb_printf(&a, " rect=[%.2f %.2f %.2f %.2f]", left, y, P->l->measure,
			  v->para->leading);
		begin_struct(P, CAIRO_TAG_LINK, NULL, NULL, a.s);
		sb_free(&a);
	}
	draw_para_line(P, v->para, v->line, left + v->x, y);
	/* a paragraph's lines are drawn once, in order (unlike table cells,
	 * whose header rows repeat, and notes) */
	if (v->line == v->para->n_lines - 1)
		para_drop_runs(v->para);
	if (v->toc)
		draw_leaders(P, v, left, y, vl_block_page(P->l, v->toc));
	if (v->toc_any)
		cairo_tag_end(P->cr, CAIRO_TAG_LINK);
	if (v->heading)
		cairo_tag_end(P->cr, CAIRO_TAG_DEST);
	if (v->dest)
		cairo_tag_end(P->cr, CAIRO_TAG_DEST);
}

static const char *const months[] = {
	"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"
};

void format_date_de(const char *iso, char *buf, size_t size)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		snprintf(buf, size, "%s", iso);
	else
		/* the day stays with its month: "15.\u00a0September 2021" */
		snprintf(buf, size, "%d.\xc2\xa0%s %d", d, months[m - 1], y);
}

/* The left edge of the text area: with facing pages the inner margin is on
 * the right of even (left-hand) pages; the measure stays the same. */
static double page_left(const style *st, int page_no)
{
	return st->facing && page_no % 2 == 0 ? st->margin_outer : st->margin_inner;
}

/* cairo analyses each page before writing it and unions every drawing's
 * extents into a region of the page it covers: each union costs as much
 * as the region has bands (lines of text), a page of lines costs their
 * square.  A first drawing over the whole page makes that region one
 * rectangle, which every later union leaves as it is.  Its path encloses
 * nothing (the page's rectangle twice, even-odd), so nothing is painted
 * and the page stays transparent for overlays; finishing makes it an
 * artifact like any drawing outside the structure. */
static void draw_paper(painter *P)
{
	cairo_save(P->cr);
	cairo_set_source_rgb(P->cr, 1, 1, 1);
	cairo_set_fill_rule(P->cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_rectangle(P->cr, 0, 0, P->st->page_width, P->st->page_height);
	cairo_rectangle(P->cr, 0, 0, P->st->page_width, P->st->page_height);
	cairo_fill(P->cr);
	cairo_restore(P->cr);
}

/* The draft watermark as outlines around (0, 0), recorded once: it is
 * not text of the document, so text extraction and search skip it, and
 * every page paints the same recording, which the PDF holds once (a form
 * XObject) instead of each page repeating a few hundred path points. */
static cairo_surface_t *record_watermark(painter *P)
{
	const draft_style *ds = &P->st->draft;
	const para *p = para_text(P->l, ds->text, &ds->font, 0, PANGO_ALIGN_LEFT);
	double w = text_width(p), r = hypot(w, p->leading) / 2 + 1;
	cairo_rectangle_t extents = { -r, -r, 2 * r, 2 * r };
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
	cairo_t *cr = cairo_create(rec);
	cairo_rotate(cr, -ds->angle * PI / 180);
	cairo_move_to(cr, -w / 2, p->ascent - p->leading / 2);
	PangoLayoutLine scratch;
	pango_cairo_layout_line_path(cr, para_line(p, 0, &scratch, NULL, NULL));
	para_line_done(&scratch);
	set_color(cr, ds->font.color);
	cairo_fill(cr);
	cairo_destroy(cr);
	return rec;
}

/* The draft watermark under everything else on the page. */
static void draw_watermark(painter *P)
{
	const draft_style *ds = &P->st->draft;
	if (!ds->text || !*ds->text || strcmp(P->l->doc->status, "entwurf") != 0)
		return;
	if (!P->watermark)
		P->watermark = record_watermark(P);
	cairo_t *cr = P->cr;
	cairo_save(cr);
	cairo_translate(cr, P->st->page_width / 2, P->st->page_height / 2);
	cairo_set_source_surface(cr, P->watermark, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void draw_logo(painter *P)
{
	const style *st = P->st;
	const cover_style *cv = &st->cover;
	double x = isnan(cv->logo_x) ? st->margin_inner : cv->logo_x;
	double w = cv->logo_width, h = w * cv->logo_aspect;
	cairo_t *cr = P->cr;
	size_t n = strlen(cv->logo);
	GError *err = NULL;
	cairo_save(cr);
	if (n > 4 && strcasecmp(cv->logo + n - 4, ".png") == 0) {
		cairo_surface_t *img = cairo_image_surface_create_from_png(cv->logo);
		if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
			cairo_translate(cr, x, cv->logo_y);
			cairo_scale(cr, w / cairo_image_surface_get_width(img),
				    h / cairo_image_surface_get_height(img));
			cairo_set_source_surface(cr, img, 0, 0);
			cairo_paint(cr);
		}
		cairo_surface_destroy(img);
	} else {
		RsvgHandle *svg = rsvg_handle_new_from_file(cv->logo, &err);
		RsvgRectangle box = { x, cv->logo_y, w, h };
		if (svg)
			rsvg_handle_render_document(svg, cr, &box, &err);
		if (err)
			diag(DIAG_WARNING, (srcpos){ 0 }, "cannot draw logo %s: %s", cv->logo,
			     err->message);
		g_clear_error(&err);
		if (svg)
			g_object_unref(svg);
	}
	cairo_restore(cr);
}

/* A cover text's left edge and the width it may fill. */
static double cover_x(const style *st, const cover_text *t, double *width)
{
	double x = isnan(t->x) ? st->margin_inner : t->x;
	*width = fmax(st->page_width - st->margin_outer - x, 20);
	return x;
}

/* Draws text at t's left edge with its top at y, in a P of its own;
 * returns the y below it. */
static double draw_cover_text(painter *P, const cover_text *t, const char *text, double y)
{
	double width, x = cover_x(P->st, t, &width);
	para *p = para_text(P->l, text, &t->font, width, PANGO_ALIGN_LEFT);
	switch_tag(P, vl_snode(P->l, "P", P->l->cover_tag));
	for (int k = 0; k < p->n_lines; k++, y += p->leading)
		draw_para_line(P, p, k, x, y);
	return y;
}

static void draw_cover(painter *P)
{
	const style *st = P->st;
	const cover_style *cv = &st->cover;
	const document *d = P->l->doc;
	cairo_t *cr = P->cr;
	switch_tag(P, P->l->cover_tag);
	if (cv->band_height > 0) {
		set_color(cr, cv->band_color);
		cairo_rectangle(cr, 0, 0, st->page_width, cv->band_height);
		cairo_fill(cr);
	}
	if (cv->logo)
		draw_logo(P);
	if (cv->tagline.text && *cv->tagline.text)
		draw_cover_text(P, &cv->tagline, cv->tagline.text, cv->tagline.y);
	draw_cover_text(P, &cv->publisher, d->publisher, cv->publisher.y);
	double y = draw_cover_text(P, &cv->title, d->title, cv->title.y);
	if (d->subtitle) {
		cover_text sub = cv->subtitle;   /* under the title, at its left edge */
		sub.x = cv->title.x;
		draw_cover_text(P, &sub, d->subtitle, y + sub.space_before);
	}

	char date[64];
	format_date_de(d->date, date, sizeof date);
	strbuf meta = { 0 };
	for (size_t i = 0; i < d->n_authors; i++)
		sb_printf(&meta, "%s%s", i ? ", " : "", d->authors[i]);
	if (d->n_authors)
		sb_addc(&meta, '\n');
	sb_printf(&meta, "Stand: %s\nVersion %s", date, d->version);
	if (strcmp(d->status, "entwurf") == 0)
		sb_adds(&meta, " \xc2\xb7 Entwurf");
	else if (strcmp(d->status, "beschlossen") == 0)   /* a Synopse: neither */
		sb_adds(&meta, " \xc2\xb7 beschlossene Fassung");
	if (cv->meta_rule > 0) {
		to_container(P);
		double width, x = cover_x(st, &cv->meta, &width);
		set_color(cr, cv->meta_rule_color);
		double top = cv->meta.y - cv->meta_rule_gap - cv->meta_rule;
		cairo_rectangle(cr, x, top, cv->meta_rule_width, cv->meta_rule);
		cairo_fill(cr);
	}
	draw_cover_text(P, &cv->meta, meta.s, cv->meta.y);
	sb_free(&meta);
}

/* The part of a running header or footer for this page: the first page
 * after the cover, then left or right pages, then the plain part. */
static const char *running_part(const running_style *rs, int page_no, int which)
{
	const run_parts *side = page_no % 2 == 0 ? &rs->left_page : &rs->right_page;
	const run_parts *order[] = { page_no == 2 ? &rs->first : NULL, side, &rs->all };
	for (size_t i = 0; i < 3; i++) {
		if (!order[i])
			continue;
		const char *s = which == 0 ? order[i]->left : which == 1 ? order[i]->centre
									 : order[i]->right;
		if (s)
			return s;
	}
	return "";
}

/* One line of three parts: the centre keeps its width, left and right
 * share the rest and are cut with "…" rather than collide. */
static void draw_parts(painter *P, const running_style *rs, const char *const text[3],
		       double left, double y)
{
	double w = P->l->measure, gap = rs->font.size;
	double nat[3];
	for (int i = 0; i < 3; i++)
		nat[i] = *text[i] ? text_width(para_text(P->l, text[i], &rs->font, 0,
							  PANGO_ALIGN_LEFT)) : 0;
	double cw = fmin(nat[1], w), lw, rw;
	if (cw > 0) {
		lw = rw = (w - cw) / 2 - gap;
	} else {
		lw = fmax((w - gap) / 2, w - gap - nat[2]);
		rw = fmax((w - gap) / 2, w - gap - nat[0]);
	}
	static const PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
						PANGO_ALIGN_RIGHT };
	double width[] = { lw, cw, rw }, x[] = { left, left + (w - cw) / 2, left + w - rw };
	for (int i = 0; i < 3; i++) {
		if (!*text[i] || width[i] <= 0)
			continue;
		para *p = para_text_fit(P->l, text[i], &rs->font, width[i], align[i]);
		draw_para_line(P, p, 0, x[i], y);
	}
}

static void draw_running_line(painter *P, const running_style *rs,
			      const char *const *fields, double left, double y)
{
	const char *text[3];
	for (int i = 0; i < 3; i++)
		text[i] = style_expand(P->l->doc->a, running_part(rs, P->page_no, i), fields);
	draw_parts(P, rs, text, left, y);
}

static void draw_running(painter *P, const page *pg)
{
	const style *st = P->st;
	const document *d = P->l->doc;
	double left = page_left(st, P->page_no), width = P->l->measure;
	char date[64], page_no[16], pages[16];
	format_date_de(d->date, date, sizeof date);
	snprintf(page_no, sizeof page_no, "%d", P->page_no);
	snprintf(pages, sizeof pages, "%zu", P->l->n_pages);
	const char *section = NULL;
	if (pg->chapter)
		section = pg->chapter->number && *pg->chapter->number
			  ? arena_printf(d->a, "%s\xe2\x80\x82%s", pg->chapter->number,
					 pg->chapter->plain)
			  : pg->chapter->plain;
	const char *fields[SF_COUNT] = {
		[SF_TITLE] = d->title, [SF_SUBTITLE] = d->subtitle, [SF_PUBLISHER] = d->publisher,
		[SF_SECTION] = section, [SF_PAGE] = page_no, [SF_PAGES] = pages,
		[SF_VERSION] = d->version, [SF_DATE] = date,
	};
	const running_style *h = &st->header, *f = &st->footer;
	double head_y = st->margin_top - h->offset - h->font.leading;
	draw_running_line(P, h, fields, left, head_y);
	if (h->rule > 0) {
		set_color(P->cr, h->rule_color);
		cairo_rectangle(P->cr, left, head_y + h->font.leading + h->rule_gap, width,
				h->rule);
		cairo_fill(P->cr);
	}
	double foot_y = st->page_height - st->margin_bottom + f->offset;
	draw_running_line(P, f, fields, left, foot_y);
	if (f->rule > 0) {
		set_color(P->cr, f->rule_color);
		cairo_rectangle(P->cr, left, foot_y - f->rule_gap - f->rule, width, f->rule);
		cairo_fill(P->cr);
	}
}

static void set_metadata(painter *P, const draw_options *opt)
{
	const document *d = P->l->doc;
	cairo_surface_t *s = P->surface;
	strbuf b = { 0 };
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	for (size_t i = 0; i < d->n_authors; i++)
		sb_printf(&b, "%s%s", i ? ", " : "", d->authors[i]);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
				       b.len ? b.s : d->publisher);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
				       d->subtitle ? d->subtitle : d->title);
	b.len = 0;
	if (b.s)
		b.s[0] = '\0';
	for (size_t i = 0; i < d->n_keywords; i++)
		sb_printf(&b, "%s%s", i ? ", " : "", d->keywords[i]);
	if (b.len)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, b.s);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, opt->creator);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, opt->date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, opt->date);
	sb_free(&b);
}

typedef struct {
	FILE *f;
	const draw_sink *to;   /* instead of f */
	bool failed;
} sink;

static cairo_status_t write_sink(void *closure, const unsigned char *data, unsigned len)
{
	sink *s = closure;
	if (s->to ? !s->to->write(s->to->closure, data, len)
		  : fwrite(data, 1, len, s->f) != len) {
		s->failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* cairo has written everything of the pages drawn so far. */
static void pages_written(const sink *s)
{
	if (s->to && s->to->page_done)
		s->to->page_done(s->to->closure);
}

static void fill_rect(cairo_t *cr, rgb c, double x, double y, double w, double h)
{
	set_color(cr, c);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* dest, if set, is named at the first cell (tags must nest inside it). */
static void draw_row(painter *P, const lrow *row, double left, double y, double h,
		     const char *dest)
{
	const style *st = P->st;
	const ltable *t = row->table;
	double x0 = left + t->x;
	size_t body_index = row->index - (t->header ? 1 : 0);
	const table_data *td = t->block->table;
	bool first_foot = row->foot && body_index == td->n_rows - td->n_foot;
	if (row->header)
		fill_rect(P->cr, st->table_head_fill, x0, y, t->width, h);
	else if (body_index % 2 == 1 && !row->foot)
		fill_rect(P->cr, st->table_zebra, x0, y, t->width, h);
	if (first_foot && !row->went_on)   /* the foot (a sum) under a rule of its own */
		fill_rect(P->cr, st->table_rule, x0, y, t->width, 0.9);
	if (!row->goes_on)   /* the parts of a tall row share one rule, at its end */
		fill_rect(P->cr, st->table_rule, x0, y + h - 0.4, t->width, 0.4);
	for (size_t c = 0; c < t->block->table->n_cols; c++) {
		const lcell *cell = &row->cells[c];
		if (!P->artifact)
			switch_tag(P, cell->tag);
		if (dest && c == 0)
			begin_dest(P, dest);
		double cy = y + (row->went_on ? 0 : st->cell_pad);
		int at = 0;   /* line number over the cell's paragraphs */
		int last = cell->line_count < 0 ? INT_MAX : cell->line_from + cell->line_count;
		for (size_t k = 0; k < cell->n; k++) {
			const para *p = cell->paras[k];
			for (int ln = 0; ln < p->n_lines; ln++, at++) {
				if (at < cell->line_from || at >= last)
					continue;
				draw_para_line(P, p, ln, x0 + cell->x + st->cell_pad, cy);
				cy += p->leading;
			}
			if (at > cell->line_from && at <= last)
				cy += 3;
		}
		if (dest && c == 0)
			cairo_tag_end(P->cr, CAIRO_TAG_DEST);
	}
}

/* The item's own content, inside its structure element. */
static void draw_content(painter *P, const vitem *v, double left, double y)
{
	if (v->kind == V_LINE) {
		draw_item(P, v, left, y);
	} else if (v->kind == V_ROW) {
		switch_tag(P, v->row->tag);
		draw_row(P, v->row, left, y, v->height, v->dest);
	} else if (v->kind == V_FIGURE) {
		switch_tag(P, v->tag);
		if (v->dest)
			begin_dest(P, v->dest);
		figure_draw(P->cr, v->figure, left + v->figure->x, y);
		if (v->dest)
			cairo_tag_end(P->cr, CAIRO_TAG_DEST);
	}
}

/* Frames of the boxes that have items on the page, behind the text. */
static void draw_boxes(painter *P, const page *p, double left)
{
	const style *st = P->st;
	double y = st->margin_top;
	const lbox *cur = NULL;
	double top = 0, bottom = 0;
	for (size_t k = p->first; k <= p->first + p->count; k++) {
		const vitem *v = k < p->first + p->count ? &P->l->items[k] : NULL;
		const lbox *b = v ? v->box : NULL;
		if (b != cur && cur) {
			fill_rect(P->cr, st->box_fill, left + cur->x, top, cur->width, bottom - top);
			fill_rect(P->cr, st->box_frame, left + cur->x, top, 2.5, bottom - top);
		}
		if (!v)
			break;
		if (b && b != cur)
			top = y;
		cur = b;
		if (v->kind != V_BREAK && !(k == p->first && v->kind == V_GLUE))
			y += v->height;
		if (b)
			bottom = y;
	}
}

/* Lines [from, to) of footnote i at y; the number and the destination
 * only where the note begins. */
static void draw_note_lines(painter *P, int i, int from, int to, double left, double y)
{
	const style *st = P->st;
	const lnote *n = &P->l->notes[i];
	switch_tag(P, n->tag);
	char name[32];
	snprintf(name, sizeof name, "fn.%d", n->ref->number);
	if (from == 0) {
		begin_dest(P, name);
		/* the number links back to the mark in the text */
		strbuf a = { 0 };
		sb_printf(&a, "dest='fnref.%d' rect=[%.2f %.2f %.2f %.2f]", n->ref->number, left, y,
			  st->footnote.size * 1.6, n->text->leading);
		begin_struct(P, CAIRO_TAG_LINK, NULL, NULL, a.s);
		sb_free(&a);
		draw_para_line(P, n->label, 0, left, y);
		cairo_tag_end(P->cr, CAIRO_TAG_LINK);
	}
	P->mixed = true;   /* the Note holds the Link of its number */
	for (int k = from; k < to; k++)
		draw_para_line(P, n->text, k, left + st->footnote.size * 1.6,
			       y + (k - from) * n->text->leading);
	P->mixed = false;
	if (from == 0)
		cairo_tag_end(P->cr, CAIRO_TAG_DEST);
}

/* The footnotes of the page, under a short rule at its foot: the lines the
 * page breaker gave it (a long note may run on), or, in columns, the
 * notes the column refers to. */
static void draw_notes(painter *P, const page *p, double left)
{
	const style *st = P->st;
	const layout *l = P->l;
	int first = -1, last = -1, first_line = 0, last_line = -1;
	if (l->columns == 1) {
		first = p->fn_from;
		last = p->fn_to;
		first_line = p->fn_from_line;
		last_line = p->fn_to_line;
	} else {
		for (size_t k = p->first; k < p->first + p->count; k++) {
			const vitem *v = &l->items[k];
			if (v->kind != V_LINE)
				continue;
			const pline *ln = &v->para->lines[v->line];
			for (int n = 0; n < ln->n_notes; n++) {
				if (first < 0)
					first = ln->first_note + n;
				last = ln->first_note + n;
			}
		}
		if (last >= 0)
			last_line = l->notes[last].text->n_lines;
	}
	if (first < 0)
		return;
	double h = 0;
	for (int i = first; i <= last; i++) {
		int from = i == first ? first_line : 0;
		int to = i == last ? last_line : l->notes[i].text->n_lines;
		h += (to - from) * st->footnote.leading + (to == l->notes[i].text->n_lines ? 2 : 0);
	}
	double y = st->page_height - st->margin_bottom - h;
	to_container(P);
	fill_rect(P->cr, st->footnote.color, left, y - st->footnote.leading / 2, 50, 0.5);
	for (int i = first; i <= last; i++) {
		int from = i == first ? first_line : 0;
		int to = i == last ? last_line : l->notes[i].text->n_lines;
		draw_note_lines(P, i, from, to, left, y);
		y += (to - from) * st->footnote.leading + (to == l->notes[i].text->n_lines ? 2 : 0);
	}
}

/* The items of one column of a page at left, with the boxes behind them
 * and the footnotes they refer to at the column's foot. */
static void draw_frame(painter *P, const page *p, double left)
{
	const style *st = P->st;
	const layout *l = P->l;
	to_container(P);
	draw_boxes(P, p, left);
	double y = st->margin_top;
	const vitem *top = p->count ? &l->items[p->first] : NULL;
	if (top && top->kind == V_ROW && !top->row->header && top->row->table->header &&
	    top->row->index > 1) {
		/* a table continued from the last page repeats its header, as
		 * an artifact: the header row is in the structure once */
		const lrow *hr = top->row->table->header;
		to_container(P);
		P->artifact = true;
		draw_row(P, hr, left, y, top->row->table->header_height, NULL);
		P->artifact = false;
		y += top->row->table->header_height;
	}
	for (size_t k = p->first; k < p->first + p->count; k++) {
		const vitem *v = &l->items[k];
		if (v->kind == V_LINE || v->kind == V_ROW || v->kind == V_FIGURE)
			draw_content(P, v, left, y);
		if (v->kind != V_BREAK && !(k == p->first && v->kind == V_GLUE))
			y += v->height;
	}
	draw_notes(P, p, left);
}

static bool draw_into(layout *l, sink sk, const draw_options *opt)
{
	const style *st = l->st;
	painter P = { .l = l, .st = st };
	P.surface = cairo_pdf_surface_create_for_stream(write_sink, &sk, st->page_width,
							st->page_height);
	P.cr = cairo_create(P.surface);
	set_metadata(&P, opt);
	P.dot = para_text(l, ".", &st->toc_entry, 0, PANGO_ALIGN_LEFT);
	find_parents(&P);
	P.record = true;
	l->n_opened = 0;
	for (int i = 0; i < l->n_notes; i++)
		l->notes[i].anchor = NULL;

	P.page_no = 1;
	draw_paper(&P);
	draw_watermark(&P);
	switch_tag(&P, l->root);
	draw_cover(&P);
	cairo_show_page(P.cr);
	pages_written(&sk);
	style turned = *st;   /* the style of a landscape page: width and height swapped */
	turned.page_width = st->page_height;
	turned.page_height = st->page_width;
	double portrait_measure = l->measure;
	for (size_t pg = 1; pg < l->n_pages; pg++) {
		const page *p = &l->pages[pg];
		P.page_no = (int)pg + 1;
		bool land = p->landscape;
		if (land || pg == 1 || l->pages[pg - 1].landscape)
			cairo_pdf_surface_set_size(P.surface, land ? st->page_height : st->page_width,
						   land ? st->page_width : st->page_height);
		P.st = land ? &turned : st;
		l->measure = land ? l->measure_landscape : portrait_measure;
		to_container(&P);
		draw_paper(&P);
		draw_watermark(&P);
		draw_running(&P, p);
		double left = page_left(st, P.page_no);
		for (int c = 0; c < p->n_cols; c++) {
			/* each column is a frame of its own: boxes, items, notes */
			page frame = *p;
			frame.first = p->col_first[c];
			frame.count = (c + 1 < p->n_cols ? p->col_first[c + 1] : p->first + p->count) -
				      frame.first;
			draw_frame(&P, &frame, left + c * (l->col_measure + st->column_gap));
		}
		cairo_show_page(P.cr);
		pages_written(&sk);
	}
	l->measure = portrait_measure;
	P.st = st;
	switch_tag(&P, NULL);
	cairo_destroy(P.cr);
	if (P.watermark)
		cairo_surface_destroy(P.watermark);
	cairo_surface_finish(P.surface);
	cairo_status_t status = cairo_surface_status(P.surface);
	cairo_surface_destroy(P.surface);
	free(P.parents);
	if (status != CAIRO_STATUS_SUCCESS || sk.failed) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "writing the PDF failed: %s",
		     sk.failed ? "cannot write (disk full?)" : cairo_status_to_string(status));
		return false;
	}
	return true;
}

bool draw_pdf(layout *l, FILE *out, const draw_options *opt)
{
	return draw_into(l, (sink){ out, NULL, false }, opt);
}

bool draw_pdf_sink(layout *l, const draw_sink *to, const draw_options *opt)
{
	return draw_into(l, (sink){ NULL, to, false }, opt);
}

/* The cover (page 1) as a PNG thumbnail, width_px wide, drawn by the same
 * code as the PDF's cover into a cairo image surface (tags are ignored
 * there).  Written to out; false after reporting an error. */
bool draw_cover_png(layout *l, FILE *out, int width_px)
{
	const style *st = l->st;
	double scale = width_px / st->page_width;
	int height_px = (int)ceil(st->page_height * scale);
	painter P = { .l = l, .st = st };
	P.surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
	P.cr = cairo_create(P.surface);
	cairo_set_source_rgb(P.cr, 1, 1, 1);
	cairo_paint(P.cr);
	cairo_scale(P.cr, scale, scale);
	find_parents(&P);
	P.page_no = 1;
	draw_watermark(&P);
	switch_tag(&P, l->root);
	draw_cover(&P);
	switch_tag(&P, NULL);
	cairo_destroy(P.cr);
	if (P.watermark)
		cairo_surface_destroy(P.watermark);
	cairo_surface_flush(P.surface);
	sink sk = { out, NULL, false };
	cairo_status_t status = cairo_surface_status(P.surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_write_to_png_stream(P.surface, write_sink, &sk);
	cairo_surface_destroy(P.surface);
	free(P.parents);
	if (status != CAIRO_STATUS_SUCCESS || sk.failed) {
		diag(DIAG_ERROR, (srcpos){ 0 }, "writing the cover PNG failed: %s",
		     sk.failed ? "cannot write (disk full?)" : cairo_status_to_string(status));
		return false;
	}
	return true;
}
