/* layout: vertical list and first-fit page breaking with keeps. */
#include "layout.h"
#include "fonts.h"
#include "linebreak.h"
#include "pagebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

snode *layout_snode(layout *l, const char *tag, snode *parent)
{
	snode *s = arena_alloc(l->doc->a, sizeof *s);
	s->tag = tag;
	s->parent = parent;
	s->depth = parent ? parent->depth + 1 : 0;
	return s;
}

static void keep_layout(layout *l, PangoLayout *pl)
{
	if (l->n_layouts == l->cap_layouts) {
		l->cap_layouts = l->cap_layouts ? l->cap_layouts * 2 : 64;
		l->layouts = xrealloc(l->layouts, l->cap_layouts * sizeof *l->layouts);
	}
	l->layouts[l->n_layouts++] = pl;
}

static PangoFontDescription *font_desc(const font_style *f)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, f->family);
	pango_font_description_set_absolute_size(d, f->size * PANGO_SCALE);
	pango_font_description_set_weight(d, (PangoWeight)f->weight);
	pango_font_description_set_style(d, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	return d;
}

static void set_metrics(para *p, const font_style *f)
{
	PangoFontDescription *d = font_desc(f);
	PangoFontMetrics *m = pango_context_get_metrics(fonts_context(), d, NULL);
	double asc = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
	double desc = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
	pango_font_metrics_unref(m);
	pango_font_description_free(d);
	p->leading = f->leading;
	/* centre the font's height in the line box, as TeX's struts do */
	p->ascent = (f->leading - (asc + desc)) / 2 + asc;
}

PangoLayoutLine *para_line(const para *p, int k, const char **text, size_t *offset)
{
	const pline *ln = &p->lines[k];
	if (text)
		*text = pango_layout_get_text(ln->layout);
	if (offset)
		*offset = ln->start;
	return pango_layout_get_line_readonly(ln->layout, 0);
}

static srcpos pos_of(const para *p, size_t off, const char *path)
{
	srcpos pos = { path, 0, 0 };
	if (p->text) {
		pos = p->text->pos;
		for (size_t s = 0; s < p->text->n && p->span_start[s] <= off; s++)
			pos = p->text->spans[s].pos;
	}
	return pos;
}

/* Warn once per paragraph for each character that no font in fonts/ has. */
static void check_glyphs(const para *p, const char *path)
{
	unsigned warned[16];
	int n_warned = 0;
	for (int k = 0; k < p->n_lines; k++) {
		const char *text;
		size_t start;
		PangoLayoutLine *line = para_line(p, k, &text, &start);
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			for (int g = 0; g < run->glyphs->num_glyphs; g++) {
				if (!(run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
					continue;
				size_t off = (size_t)run->item->offset +
					     (size_t)run->glyphs->log_clusters[g];
				unsigned cp;
				utf8_decode(text + off, &cp);
				bool seen = false;
				for (int w = 0; w < n_warned; w++)
					seen |= warned[w] == cp;
				if (seen)
					continue;
				if (n_warned < 16)
					warned[n_warned++] = cp;
				diag(DIAG_WARNING, pos_of(p, start + off, path),
				     "no font in fonts/ has the character U+%04X; it prints as a box "
				     "(use another character or add a font that has it)", cp);
			}
		}
	}
}

/* OpenType features of the font style, for the whole text. */
static void add_features(PangoAttrList *attrs, const font_style *f)
{
	if (!f->features || !*f->features)
		return;
	pango_attr_list_insert_before(attrs, pango_attr_font_features_new(f->features));
}

/* Attributes of the spans within [a, b) of the paragraph text, shifted to
 * the line; with_hyphen extends the last span over the added hyphen. */
static PangoAttrList *line_attrs(const para *p, const style *st, const font_style *f,
				 size_t a, size_t b, bool with_hyphen)
{
	PangoAttrList *attrs = pango_attr_list_new();
	add_features(attrs, f);
	if (!p->text)
		return attrs;
	const itext *t = p->text;
	for (size_t i = 0; i < t->n; i++) {
		const ispan *s = &t->spans[i];
		size_t sa = p->span_start[i], sb = sa + s->len;
		if (sb <= a || sa >= b)
			continue;
		guint from = (guint)((sa > a ? sa : a) - a);
		guint to = (guint)((sb < b ? sb : b) - a) + (with_hyphen && sb >= b ? 1 : 0);
		PangoAttribute *at;
		if (s->flags & IN_EMPH) {
			at = pango_attr_style_new(PANGO_STYLE_ITALIC);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->flags & IN_STRONG) {
			at = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->href || s->ref) {
			/* splits runs at link edges, so draw finds whole links */
			at = pango_attr_foreground_new((guint16)(st->link.r * 65535),
						       (guint16)(st->link.g * 65535),
						       (guint16)(st->link.b * 65535));
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
	}
	return attrs;
}

static PangoLayout *shape_line(layout *l, const PangoFontDescription *d, const char *text,
			       size_t len, PangoAttrList *attrs)
{
	PangoLayout *pl = pango_layout_new(fonts_context());
	keep_layout(l, pl);
	pango_layout_set_font_description(pl, d);
	pango_layout_set_text(pl, text, (int)len);
	pango_layout_set_attributes(pl, attrs);
	return pl;
}

static double line_natural(PangoLayout *pl)
{
	PangoRectangle logical;
	pango_layout_get_extents(pl, NULL, &logical);
	return logical.width / (double)PANGO_SCALE;
}

/* Character protrusion into the margins, as a share of the glyph's width
 * (after LaTeX's microtype): punctuation and hyphens hang out, so the
 * margins look straight. */
static double protrusion(unsigned cp, bool right)
{
	switch (cp) {
	case '-': case 0x2010: case 0xad:
		return right ? 0.7 : 0;
	case '.': case ',':
		return right ? 0.7 : 0;
	case ':': case ';':
		return right ? 0.4 : 0;
	case '!': case '?':
		return right ? 0.2 : 0;
	case 0x2013: case 0x2014:
		return right ? 0.3 : 0.2;
	case 0x201e: case 0x201a: case 0x201c: case 0x2018: case 0x201d: case 0x2019:
	case '"': case '\'': case 0xab: case 0xbb:
		return 0.5;
	default:
		return 0;
	}
}

/* Width of the first (or last) glyph of a shaped line and its character. */
static double edge_glyph(PangoLayoutLine *line, const char *text, bool last, unsigned *cp)
{
	*cp = 0;
	if (!line->runs)
		return 0;
	GSList *r = line->runs;
	if (last)
		r = g_slist_last(r);
	PangoGlyphItem *gi = r->data;
	if (gi->glyphs->num_glyphs == 0)
		return 0;
	int g = last ? gi->glyphs->num_glyphs - 1 : 0;
	utf8_decode(text + gi->item->offset + gi->glyphs->log_clusters[g], cp);
	return gi->glyphs->glyphs[g].geometry.width / (double)PANGO_SCALE;
}

/* Widens (or narrows) every inter-word space of the line by extra pt. */
static void spread_spaces(PangoLayout *pl, double extra)
{
	const char *text = pango_layout_get_text(pl);
	PangoLayoutLine *line = pango_layout_get_line(pl, 0);
	int add = (int)lround(extra * PANGO_SCALE);
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *gi = r->data;
		for (int g = 0; g < gi->glyphs->num_glyphs; g++)
			if (text[gi->item->offset + gi->glyphs->log_clusters[g]] == ' ')
				gi->glyphs->glyphs[g].geometry.width += add;
	}
}

static int count_spaces(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == ' ';
	return c;
}

typedef struct {
	double width, indent;  /* pt */
	bool justify;
	PangoAlignment align;
	bool ellipsize;        /* one line, cut with "…" to fit width */
} para_shape;

static double aligned_x(const para_shape *sh, double line_width, double natural)
{
	if (sh->align == PANGO_ALIGN_RIGHT)
		return line_width - natural;
	if (sh->align == PANGO_ALIGN_CENTER)
		return (line_width - natural) / 2;
	return 0;
}

static void set_line(layout *l, para *p, int k, const para_shape *sh, const lb_line *ln,
		     const char *text, const font_style *f, const PangoFontDescription *d)
{
	pline *pl = &p->lines[k];
	strbuf s = { 0 };
	sb_add(&s, text + ln->start, ln->end - ln->start);
	if (ln->hyphen)
		sb_addc(&s, '-');
	PangoAttrList *attrs = line_attrs(p, l->st, f, ln->start, ln->end, ln->hyphen);
	pl->layout = shape_line(l, d, s.s ? s.s : "", s.len, attrs);
	pango_attr_list_unref(attrs);
	pl->start = ln->start;
	pl->ratio = ln->ratio;
	pl->hyphen = ln->hyphen || ln->explicit_hyphen;
	double natural = line_natural(pl->layout);
	double offset = k == 0 ? (sh->indent > 0 ? sh->indent : 0)
			       : (sh->indent < 0 ? -sh->indent : 0);
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl->layout, 0);
	unsigned first_cp, last_cp;
	double first_w = edge_glyph(line, s.s ? s.s : "", false, &first_cp);
	double last_w = edge_glyph(line, s.s ? s.s : "", true, &last_cp);
	double left = l->st->protrude ? protrusion(first_cp, false) * first_w : 0;
	double right = l->st->protrude ? protrusion(last_cp, true) * last_w : 0;
	int spaces = count_spaces(s.s ? s.s : "", s.len);
	double room = ln->width + left + right - natural;
	if (spaces > 0 && ((sh->justify && !ln->last) || room < 0)) {
		/* justify; a last or ragged line only ever shrinks to fit */
		spread_spaces(pl->layout, (sh->justify && !ln->last ? room : fmin(room, 0)) / spaces);
		pl->x = offset - left;
	} else {
		pl->x = offset + aligned_x(sh, ln->width, natural) -
			(sh->align == PANGO_ALIGN_LEFT ? left : 0);
	}
	if (ln->overfull > 0.1) {
		diag(DIAG_WARNING, pos_of(p, ln->start, l->doc->path),
		     "overfull line (+%.1fpt) in paragraph: '%s'; rephrase or allow a break "
		     "(\\- marks a possible hyphen)", ln->overfull, s.s ? s.s : "");
		l->stats.overfull++;
	}
	sb_free(&s);
}

static void count_lines(layout *l, const para *p, const para_shape *sh)
{
	int run = 0;
	l->stats.paragraphs++;
	for (int k = 0; k < p->n_lines; k++) {
		const pline *ln = &p->lines[k];
		l->stats.lines++;
		if (ln->hyphen) {
			l->stats.hyphenated++;
			if (++run > l->stats.longest_run)
				l->stats.longest_run = run;
		} else {
			run = 0;
		}
		if (sh->justify && k < p->n_lines - 1) {
			l->stats.loose += ln->ratio > 1;
			l->stats.tight += ln->ratio < -0.5;
		}
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static para *make_para(layout *l, const itext *t, const char *plain,
		       const font_style *f, para_shape sh)
{
	para *p = arena_alloc(l->doc->a, sizeof *p);
	p->color = f->color;
	strbuf all = { 0 };
	if (t) {
		p->text = t;
		p->span_start = arena_alloc(l->doc->a, (t->n + 1) * sizeof *p->span_start);
		for (size_t i = 0; i < t->n; i++) {
			p->span_start[i] = all.len;
			sb_add(&all, t->spans[i].text, t->spans[i].len);
		}
	} else {
		sb_adds(&all, plain);
	}
	const char *text = all.s ? all.s : "";
	PangoFontDescription *d = font_desc(f);
	set_metrics(p, f);
	if (sh.width <= 0 || sh.ellipsize) {
		/* one line: numbers, labels, running heads */
		PangoAttrList *attrs = line_attrs(p, l->st, f, 0, all.len, false);
		p->n_lines = 1;
		p->lines = arena_alloc(l->doc->a, sizeof *p->lines);
		PangoLayout *pl = shape_line(l, d, text, all.len, attrs);
		pango_attr_list_unref(attrs);
		if (sh.ellipsize) {
			pango_layout_set_width(pl, (int)lround(sh.width * PANGO_SCALE));
			pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
		}
		p->lines[0] = (pline){ pl, 0, 0, 0, false };
		if (sh.width > 0)
			p->lines[0].x = aligned_x(&sh, sh.width, line_natural(pl));
	} else {
		double t0 = now();
		PangoAttrList *attrs = line_attrs(p, l->st, f, 0, all.len, false);
		lb_params lp = { sh.width, sh.indent, sh.justify, l->st->hyphenate ? l->hyph : NULL,
				 l->st->hyph_left, l->st->hyph_right };
		lb_result res;
		lb_break(fonts_context(), text, all.len, attrs, d, &lp, &res);
		pango_attr_list_unref(attrs);
		double t1 = now();
		p->n_lines = res.n;
		p->lines = arena_alloc(l->doc->a, (size_t)res.n * sizeof *p->lines);
		for (int k = 0; k < res.n; k++)
			set_line(l, p, k, &sh, &res.lines[k], text, f, d);
		lb_result_free(&res);
		l->stats.t_break += t1 - t0;
		l->stats.t_shape += now() - t1;
		count_lines(l, p, &sh);
	}
	p->layout = p->lines[0].layout;
	pango_font_description_free(d);
	check_glyphs(p, l->doc->path);
	sb_free(&all);
	return p;
}

para *layout_text(layout *l, const char *text, const font_style *f, double width,
		  PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, false };
	return make_para(l, NULL, text, f, sh);
}

para *layout_text_fit(layout *l, const char *text, const font_style *f, double width,
		      PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, true };
	return make_para(l, NULL, text, f, sh);
}

static vitem *push(layout *l, enum vkind kind)
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

static void glue(layout *l, double h, bool keep)
{
	if (l->n_items && l->items[l->n_items - 1].kind == V_GLUE) {
		vitem *g = &l->items[l->n_items - 1];
		g->height = fmax(g->height, h);
		g->keep = g->keep || keep;
		return;
	}
	vitem *g = push(l, V_GLUE);
	g->height = h;
	g->keep = keep;
}

static void page_break(layout *l)
{
	if (l->n_items && l->items[l->n_items - 1].kind == V_BREAK)
		return;
	if (l->n_items && l->items[l->n_items - 1].kind == V_GLUE)
		l->n_items--;
	push(l, V_BREAK);
}

/* Pushes the lines of p; returns the index of the first.  Keeps at least
 * two lines of a paragraph on each side of a page break. */
static size_t push_lines(layout *l, para *p, double x, snode *tag)
{
	int n = p->n_lines;
	size_t first = l->n_items;
	for (int k = 0; k < n; k++) {
		vitem *v = push(l, V_LINE);
		v->height = p->leading;
		v->para = p;
		v->line = k;
		v->x = x;
		v->tag = tag;
		v->keep = k < n - 1 && !(k >= 1 && n - 1 - k >= 2);
	}
	return first;
}

static const char *const heading_tags[] = { "P", "H1", "H2", "H3", "H4" };

static void lay_blocks(layout *l, const block *parent, snode *tag, double x,
		       double width);

static void lay_heading(layout *l, const block *sec, snode *sect)
{
	const heading_style *hs = &l->st->heading[sec->level];
	if (hs->new_page)
		page_break(l);
	else
		glue(l, hs->space_before, false);
	/* the number is part of the heading's text, with a hanging indent */
	itext t = sec->text;
	ispan *spans = arena_alloc(l->doc->a, (t.n + 1) * sizeof *spans);
	spans[0] = (ispan){ .text = arena_printf(l->doc->a, "%s\xe2\x80\x82", sec->number),
			    .pos = sec->pos };
	spans[0].len = strlen(spans[0].text);
	memcpy(spans + 1, t.spans, t.n * sizeof *spans);
	itext *num_text = arena_alloc(l->doc->a, sizeof *num_text);
	*num_text = (itext){ spans, t.n + 1, t.pos };
	/* a hanging indent: a long title's second line starts under the title */
	para *num = layout_text(l, spans[0].text, &hs->font, 0, PANGO_ALIGN_LEFT);
	PangoRectangle logical;
	pango_layout_get_extents(num->layout, NULL, &logical);
	para_shape sh = { l->measure, -logical.width / (double)PANGO_SCALE, false,
			  PANGO_ALIGN_LEFT, false };
	para *p = make_para(l, num_text, NULL, &hs->font, sh);
	snode *h = layout_snode(l, heading_tags[sec->level], sect);
	size_t first = push_lines(l, p, 0, h);
	for (size_t i = first; i < l->n_items; i++)
		l->items[i].keep = true;
	l->items[first].heading = sec;
	glue(l, hs->space_after, true);
}

static void lay_para(layout *l, const itext *t, const font_style *f, snode *parent,
		     double x, double width, double indent, bool justify)
{
	para_shape sh = { width, indent, justify, PANGO_ALIGN_LEFT, false };
	para *p = make_para(l, t, NULL, f, sh);
	push_lines(l, p, x, layout_snode(l, "P", parent));
}

static void lay_list(layout *l, const block *list, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *L = layout_snode(l, "L", parent);
	double indent = st->list_indent + (list->numbered ? 4 : 0);
	for (size_t i = 0; i < list->n; i++) {
		const block *item = list->children[i];
		snode *li = layout_snode(l, "LI", L);
		const char *mark = list->numbered ? arena_printf(l->doc->a, "%zu.", i + 1)
						  : st->bullets[(list->level - 1) % 3];
		para *label = layout_text(l, mark, &st->body, indent - 4, PANGO_ALIGN_RIGHT);
		snode *body = layout_snode(l, "LBody", li);
		para_shape sh = { width - indent, 0, st->justify, PANGO_ALIGN_LEFT, false };
		para *p = make_para(l, &item->text, NULL, &st->body, sh);
		size_t first = push_lines(l, p, x + indent, layout_snode(l, "P", body));
		l->items[first].label = label;
		l->items[first].label_x = x;
		l->items[first].label_tag = layout_snode(l, "Lbl", li);
		for (size_t k = 0; k < item->n; k++) {
			glue(l, st->list_item_skip, false);
			lay_list(l, item->children[k], body, x + indent, width - indent);
		}
		if (i + 1 < list->n)
			glue(l, st->list_item_skip, false);
	}
}

static void lay_quote(layout *l, const block *q, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *bq = layout_snode(l, "BlockQuote", parent);
	double in = st->quote_indent;
	for (size_t i = 0; i < q->n; i++) {
		if (i)
			glue(l, st->par_skip / 2, false);
		lay_para(l, &q->children[i]->text, &st->quote, bq, x + in, width - 2 * in, 0,
			 st->justify);
	}
	if (q->by.n) {
		/* the attribution, set flush right after a dash */
		itext *by = arena_alloc(l->doc->a, sizeof *by);
		ispan *spans = arena_alloc(l->doc->a, (q->by.n + 1) * sizeof *spans);
		spans[0] = (ispan){ .text = "\xe2\x80\x94\xc2\xa0", .len = 5, .pos = q->by.pos };
		memcpy(spans + 1, q->by.spans, q->by.n * sizeof *spans);
		*by = (itext){ spans, q->by.n + 1, q->by.pos };
		para_shape sh = { width - 2 * in, 0, false, PANGO_ALIGN_RIGHT, false };
		para *p = make_para(l, by, NULL, &st->body, sh);
		glue(l, 2, true);
		push_lines(l, p, x + in, layout_snode(l, "P", bq));
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
			snode *sect = layout_snode(l, "Sect", tag);
			add_section(l, b);
			lay_heading(l, b, sect);
			lay_blocks(l, b, sect, x, width);
			break;
		}
		case B_PARA:
			lay_para(l, &b->text, &st->body, tag, x, width, st->par_indent, st->justify);
			glue(l, st->par_skip, false);
			break;
		case B_LIST:
			lay_list(l, b, tag, x, width);
			glue(l, st->par_skip, false);
			break;
		case B_QUOTE:
			glue(l, st->par_skip, false);
			lay_quote(l, b, tag, x, width);
			glue(l, st->par_skip * 1.5, false);
			break;
		case B_ITEM:
			break;
		}
	}
}

static void lay_toc(layout *l)
{
	const style *st = l->st;
	snode *toc = layout_snode(l, "TOC", l->root);
	/* the title of the contents is a heading of its own, in the outline */
	static block title_block = { .kind = B_SECTION, .id = "toc.inhalt", .plain = "Inhalt",
				     .level = 1, .number = "" };
	para_shape sh = { l->measure, 0, false, PANGO_ALIGN_LEFT, false };
	para *tp = make_para(l, NULL, "Inhalt", &st->toc_title, sh);
	size_t first = push_lines(l, tp, 0, layout_snode(l, "H1", l->root));
	l->items[first].heading = &title_block;
	l->items[first].keep = true;
	glue(l, st->heading[1].space_after + 4, true);

	double em = st->toc_entry.size;
	double page_col = 2.5 * em;
	block_iter it;
	block_iter_init(&it, l->doc->body);
	for (const block *b; (b = block_iter_next(&it));) {
		if (b->kind != B_SECTION || b->level < 1 || b->level > st->toc_depth)
			continue;
		double indent = b->level == 1 ? 0 : 2.0 * em;
		double numw = b->level == 1 ? 2.0 * em : 2.6 * em;
		font_style f = st->toc_entry;
		if (b->level == 1) {
			f.weight = 700;
			glue(l, em * 0.6, false);
		}
		sh = (para_shape){ l->measure - indent - numw - page_col, 0, false, PANGO_ALIGN_LEFT, false };
		para *p = make_para(l, &b->text, NULL, &f, sh);
		snode *toci = layout_snode(l, "TOCI", toc);
		size_t k = push_lines(l, p, indent + numw, layout_snode(l, "P", toci));
		l->items[k].label = layout_text(l, b->number, &f, numw, PANGO_ALIGN_LEFT);
		l->items[k].label_x = indent;
		l->items[k].label_tag = layout_snode(l, "Lbl", toci);
		for (size_t j = k; j < l->n_items; j++) {
			l->items[j].toc_any = b;
			l->items[j].keep = j + 1 < l->n_items;
		}
		l->items[l->n_items - 1].toc = b;
		const pline *lastl = &p->lines[p->n_lines - 1];
		l->items[l->n_items - 1].toc_right = indent + numw + lastl->x +
						     line_natural(lastl->layout);
	}
	block_iter_free(&it);
	page_break(l);
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

int layout_section_page(const layout *l, const block *sec)
{
	for (size_t i = 0; i < l->n_sections; i++)
		if (l->sections[i] == sec)
			return l->section_page[i];
	return 0;
}

layout *layout_document(const document *d, const style *st, const hyph_dict *hyph)
{
	layout *l = xcalloc(1, sizeof *l);
	l->hyph = hyph;
	l->doc = d;
	l->st = st;
	l->measure = st->page_width - st->margin_inner - st->margin_outer;
	l->root = layout_snode(l, "Document", NULL);
	l->cover_tag = layout_snode(l, "Div", l->root);
	lay_toc(l);
	lay_blocks(l, d->body, l->root, 0, l->measure);
	pb_paginate(l);
	assign_pages(l);
	return l;
}

void layout_free(layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_layouts; i++)
		g_object_unref(l->layouts[i]);
	free(l->layouts);
	free(l->items);
	free(l->pages);
	free(l->sections);
	free(l->section_page);
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
			const char *text;
			para_line(v->para, v->line, &text, NULL);
			sb_printf(out, "  %-10s %s\n", v->tag->tag, text);
		}
	}
}
