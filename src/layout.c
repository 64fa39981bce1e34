/* layout: vertical list and first-fit page breaking with keeps. */
#include "layout.h"
#include "figure.h"
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

/* The pass holds p's glyph runs until layout_free. */
static void keep_para(layout *l, para *p)
{
	if (l->n_broken == l->cap_broken) {
		l->cap_broken = l->cap_broken ? l->cap_broken * 2 : 64;
		l->broken = xrealloc(l->broken, l->cap_broken * sizeof *l->broken);
	}
	l->broken[l->n_broken++] = p;
	p->refs++;
}

static void free_run(void *data)
{
	PangoGlyphItem *gi = data;
	pango_item_free(gi->item);
	pango_glyph_string_free(gi->glyphs);
	g_slice_free(PangoGlyphItem, gi);
}

static void release_para(para *p)
{
	if (--p->refs > 0)
		return;
	for (int k = 0; k < p->n_lines; k++)
		g_slist_free_full(p->lines[k].line.runs, free_run);
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

/* Ascent and descent of a font, cached: asking pango for metrics costs a
 * font load each time, and a document uses a dozen fonts. */
static void font_extents(const font_style *f, double *asc, double *desc)
{
	static struct {
		char family[64];
		double size, asc, desc;
		int weight;
		bool italic;
	} cache[32];
	static int n_cache;
	for (int i = 0; i < n_cache; i++)
		if (cache[i].size == f->size && cache[i].weight == f->weight &&
		    cache[i].italic == f->italic && strcmp(cache[i].family, f->family) == 0) {
			*asc = cache[i].asc;
			*desc = cache[i].desc;
			return;
		}
	PangoFontDescription *d = font_desc(f);
	PangoFontMetrics *m = pango_context_get_metrics(fonts_context(), d, NULL);
	*asc = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
	*desc = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
	pango_font_metrics_unref(m);
	pango_font_description_free(d);
	if (n_cache < 32 && strlen(f->family) < sizeof cache[0].family) {
		strcpy(cache[n_cache].family, f->family);
		cache[n_cache].size = f->size;
		cache[n_cache].weight = f->weight;
		cache[n_cache].italic = f->italic;
		cache[n_cache].asc = *asc;
		cache[n_cache++].desc = *desc;
	}
}

static void set_metrics(para *p, const font_style *f)
{
	double asc, desc;
	font_extents(f, &asc, &desc);
	p->leading = f->leading;
	/* centre the font's height in the line box, as TeX's struts do */
	p->ascent = (f->leading - (asc + desc)) / 2 + asc;
}

PangoLayoutLine *para_line(const para *p, int k, const char **text, size_t *offset)
{
	pline *ln = &p->lines[k];
	if (text)
		*text = ln->layout ? pango_layout_get_text(ln->layout) : ln->text;
	if (offset)
		*offset = ln->start;
	return ln->layout ? pango_layout_get_line_readonly(ln->layout, 0) : &ln->line;
}

static double line_natural(PangoLayout *pl);

double para_line_width(const para *p, int k)
{
	const pline *ln = &p->lines[k];
	return ln->layout ? line_natural(ln->layout) : ln->natural;
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
		size_t sa = p->span_start[i], sb = sa + p->span_len[i];
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
		if (s->note) {
			at = pango_attr_font_scale_new(PANGO_FONT_SCALE_SUPERSCRIPT);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
			at = pango_attr_baseline_shift_new(PANGO_BASELINE_SHIFT_SUPERSCRIPT);
			at->start_index = from, at->end_index = to;
			pango_attr_list_insert(attrs, at);
		}
		if (s->href || p->span_dest[i]) {
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

/* Widens (or narrows) every inter-word space of a line by extra pt. */
static void spread_spaces(GSList *runs, const char *text, double extra)
{
	int add = (int)lround(extra * PANGO_SCALE);
	for (GSList *r = runs; r; r = r->next) {
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
	bool hyphenate;        /* running text: hyphenate if the style says so */
} para_shape;

static double aligned_x(const para_shape *sh, double line_width, double natural)
{
	if (sh->align == PANGO_ALIGN_RIGHT)
		return line_width - natural;
	if (sh->align == PANGO_ALIGN_CENTER)
		return (line_width - natural) / 2;
	return 0;
}

/* Bytes of the first n characters of s. */
static size_t utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;
	for (size_t c = 0; s[i] && c < n; c++) {
		unsigned cp;
		i += (size_t)utf8_decode(s + i, &cp);
	}
	return i;
}

/* A paragraph shaped once as one line; its lines are cut from it. */
typedef struct {
	const char *text;         /* the paragraph's text */
	size_t len;
	PangoGlyphItem **runs;    /* its runs, in text order */
	size_t n_runs;
	size_t next;              /* first run not wholly before the line being cut */
	const font_style *f;
	const PangoFontDescription *font;
} shaped_para;

static PangoGlyphItem *copy_run(const PangoGlyphItem *r, int shift)
{
	PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
	gi->item = pango_item_copy(r->item);
	gi->item->offset += shift;
	gi->glyphs = pango_glyph_string_copy(r->glyphs);
	gi->y_offset = r->y_offset;
	gi->start_x_offset = r->start_x_offset;
	gi->end_x_offset = r->end_x_offset;
	return gi;
}

/* The first glyph of gs whose cluster starts at or after byte x. */
static int glyph_at(const PangoGlyphString *gs, int x)
{
	int lo = 0, hi = gs->num_glyphs;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (gs->log_clusters[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The glyphs of run r for the paragraph's bytes [a, b), with offsets from
 * the line's start; NULL when a or b is inside a cluster or the run is
 * set right to left (the caller shapes the piece again). */
static PangoGlyphItem *cut_run(const PangoGlyphItem *r, const char *text, size_t a, size_t b,
			       size_t line_start)
{
	const PangoGlyphString *gs = r->glyphs;
	int off = r->item->offset, n = gs->num_glyphs;
	if (r->item->analysis.level % 2)
		return NULL;
	int ga = glyph_at(gs, (int)a - off), gb = glyph_at(gs, (int)b - off);
	if (ga == n || gs->log_clusters[ga] != (int)a - off ||
	    (gb < n && gs->log_clusters[gb] != (int)b - off))
		return NULL;
	PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
	gi->item = pango_item_copy(r->item);
	gi->item->offset = (int)(a - line_start);
	gi->item->length = (int)(b - a);
	gi->item->num_chars = (int)g_utf8_strlen(text + a, (gssize)(b - a));
	gi->glyphs = pango_glyph_string_new();
	pango_glyph_string_set_size(gi->glyphs, gb - ga);
	memcpy(gi->glyphs->glyphs, gs->glyphs + ga, (size_t)(gb - ga) * sizeof *gs->glyphs);
	for (int g = 0; g < gb - ga; g++)
		gi->glyphs->log_clusters[g] = gs->log_clusters[ga + g] - ((int)a - off);
	gi->y_offset = r->y_offset;
	return gi;
}

/* Prepends to *out the paragraph's glyphs for [a, b); false when a piece
 * cannot be cut (what was prepended stays for the caller to free). */
static bool cut_glyphs(shaped_para *sp, size_t a, size_t b, size_t line_start, GSList **out)
{
	while (sp->next < sp->n_runs &&
	       (size_t)(sp->runs[sp->next]->item->offset + sp->runs[sp->next]->item->length) <= a)
		sp->next++;
	for (size_t i = sp->next; i < sp->n_runs; i++) {
		const PangoGlyphItem *r = sp->runs[i];
		size_t ra = (size_t)r->item->offset, rb = ra + (size_t)r->item->length;
		if (ra >= b)
			break;
		PangoGlyphItem *gi = cut_run(r, sp->text, a > ra ? a : ra, b < rb ? b : rb,
					     line_start);
		if (!gi)
			return false;
		*out = g_slist_prepend(*out, gi);
	}
	return true;
}

/* Prepends to *out the paragraph's bytes [a, b), and a hyphen if asked,
 * shaped on their own: a word cut at the line's edge. */
static void shape_piece(layout *l, const para *p, const shaped_para *sp, size_t a, size_t b,
			bool hyphen, size_t line_start, GSList **out)
{
	strbuf s = { 0 };
	sb_add(&s, sp->text + a, b - a);
	if (hyphen)
		sb_addc(&s, '-');
	PangoAttrList *attrs = line_attrs(p, l->st, sp->f, a, b, hyphen);
	PangoLayout *pl = pango_layout_new(fonts_context());
	pango_layout_set_font_description(pl, sp->font);
	pango_layout_set_text(pl, s.s ? s.s : "", (int)s.len);
	pango_layout_set_attributes(pl, attrs);
	pango_attr_list_unref(attrs);
	for (GSList *ln = pango_layout_get_lines_readonly(pl); ln; ln = ln->next)
		for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next)
			*out = g_slist_prepend(*out, copy_run(r->data, (int)(a - line_start)));
	g_object_unref(pl);
	sb_free(&s);
}

/* The glyph runs of the line [a, e): the paragraph's own glyphs between
 * the first and the last space, the words at the edges shaped again when
 * the line starts or ends inside a word (so a broken word gets its
 * hyphen, and no ligature or kerning spans the break). */
static GSList *line_runs(layout *l, const para *p, shaped_para *sp, const lb_line *ln)
{
	const char *text = sp->text;
	size_t a = ln->start, e = ln->end, head = a, tail = e;
	if (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n')
		while (head < e && text[head] != ' ')
			head++;
	if (ln->hyphen || (e < sp->len && text[e] != ' ' && text[e] != '\n'))
		while (tail > head && text[tail - 1] != ' ')
			tail--;
	GSList *runs = NULL;
	if (head < tail) {
		if (head > a)
			shape_piece(l, p, sp, a, head, false, a, &runs);
		if (cut_glyphs(sp, head, tail, a, &runs)) {
			if (tail < e || ln->hyphen)
				shape_piece(l, p, sp, tail, e, ln->hyphen, a, &runs);
			return g_slist_reverse(runs);
		}
		g_slist_free_full(runs, free_run);
		runs = NULL;
	}
	if (a < e || ln->hyphen)
		shape_piece(l, p, sp, a, e, ln->hyphen, a, &runs);
	return g_slist_reverse(runs);
}

static double runs_width(GSList *runs)
{
	int w = 0;
	for (GSList *r = runs; r; r = r->next)
		w += pango_glyph_string_get_width(((PangoGlyphItem *)r->data)->glyphs);
	return w / (double)PANGO_SCALE;
}

static void set_line(layout *l, para *p, int k, const para_shape *sh, const lb_line *ln,
		     shaped_para *sp)
{
	pline *pl = &p->lines[k];
	strbuf s = { 0 };
	sb_add(&s, sp->text + ln->start, ln->end - ln->start);
	if (ln->hyphen)
		sb_addc(&s, '-');
	pl->text = arena_strndup(l->doc->a, s.s ? s.s : "", s.len);
	pl->line.runs = line_runs(l, p, sp, ln);
	pl->line.length = (int)s.len;
	pl->line.is_paragraph_start = k == 0;
	pl->start = ln->start;
	pl->ratio = ln->ratio;
	pl->first_note = -1;
	for (size_t i = 0; p->text && i < p->text->n; i++)
		if (p->text->spans[i].note && p->span_start[i] >= ln->start &&
		    p->span_start[i] < ln->end + (ln->last ? 1 : 0)) {
			if (pl->first_note < 0)
				pl->first_note = p->text->spans[i].number - 1;
			pl->n_notes++;
		}
	pl->hyphen = ln->hyphen || ln->explicit_hyphen;
	double natural = pl->natural = runs_width(pl->line.runs);
	double offset = k == 0 ? (sh->indent > 0 ? sh->indent : 0)
			       : (sh->indent < 0 ? -sh->indent : 0);
	unsigned first_cp, last_cp;
	double first_w = edge_glyph(&pl->line, pl->text, false, &first_cp);
	double last_w = edge_glyph(&pl->line, pl->text, true, &last_cp);
	double left = l->st->protrude ? protrusion(first_cp, false) * first_w : 0;
	double right = l->st->protrude ? protrusion(last_cp, true) * last_w : 0;
	int spaces = count_spaces(pl->text, s.len);
	double room = ln->width + left + right - natural;
	if (spaces > 0 && ((sh->justify && !ln->last) || room < 0)) {
		/* justify; a last or ragged line only ever shrinks to fit */
		spread_spaces(pl->line.runs, pl->text,
			      (sh->justify && !ln->last ? room : fmin(room, 0)) / spaces);
		pl->x = offset - left;
	} else {
		pl->x = offset + aligned_x(sh, ln->width, natural) -
			(sh->align == PANGO_ALIGN_LEFT ? left : 0);
	}
	pl->overfull = ln->overfull > 0.1 ? ln->overfull : 0;
	sb_free(&s);
}

/* Warns of the paragraph's overfull lines, named by their start (a
 * 10,000-letter word is not repeated). */
static void warn_overfull(layout *l, const para *p)
{
	for (int k = 0; k < p->n_lines; k++) {
		const pline *pl = &p->lines[k];
		if (pl->overfull <= 0)
			continue;
		const char *s = pl->text;
		size_t len = strlen(s);
		int show = len > 60 ? (int)utf8_prefix(s, 57) : (int)len;
		diag(DIAG_WARNING, pos_of(p, pl->start, l->doc->path),
		     "overfull line (+%.1fpt) in paragraph: '%.*s%s'; rephrase or allow a break "
		     "(\\- marks a possible hyphen)", pl->overfull, show, s, len > 60 ? "…" : "");
		l->stats.overfull++;
	}
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

const char *layout_dest(const layout *l, const doc_target *t)
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

static int target_page(const layout *l, const doc_target *t)
{
	if (!l)
		return 0;
	if (t->kind == T_NOTE)
		return t->note->number <= l->n_notes ? l->notes[t->note->number - 1].page : 0;
	return layout_block_page(l, t->block);
}

/* "Abschnitt 3.2", "Tabelle 4 auf Seite 17": the text of a reference. */
static const char *xref_text(layout *l, const ispan *s, const doc_target *t)
{
	arena *a = l->doc->a;
	const style *st = l->st;
	const char *number;
	switch (t->kind) {
	case T_SECTION:
		number = arena_printf(a, "%s\xc2\xa0%s", st->name_section, t->block->number);
		break;
	case T_TABLE:
		number = arena_printf(a, "%s\xc2\xa0%s", st->name_table, t->block->number);
		break;
	case T_FIGURE:
		number = arena_printf(a, "%s\xc2\xa0%s", st->name_figure, t->block->number);
		break;
	default:
		number = arena_printf(a, "%s\xc2\xa0%d", st->name_note, t->note->number);
		break;
	}
	int pg = target_page(l->prev, t);
	const char *page_text = pg ? arena_printf(a, "%s\xc2\xa0%d", st->name_page, pg)
				     : arena_printf(a, "%s\xc2\xa0??", st->name_page);
	if (s->xref_form == XREF_PAGE || s->xref_form == XREF_FULL) {
		/* only a printed page number can change with the layout */
		l->xrefs = xrealloc(l->xrefs, (l->n_xrefs + 1) * sizeof *l->xrefs);
		l->xrefs[l->n_xrefs++] = (struct xref_use){ *t, pg };
	}
	switch (s->xref_form) {
	case XREF_PAGE:
		return page_text;
	case XREF_FULL:
		return arena_printf(a, "%s %s %s", number, st->name_on_page, page_text);
	case XREF_TITLE:
		if (t->kind == T_SECTION)
			return t->block->plain;
		if ((t->kind == T_TABLE || t->kind == T_FIGURE) && t->block->caption.n)
			return inline_plain(a, &t->block->caption);
		return number;
	default:
		return number;
	}
}

static void lay_note(layout *l, const ispan *s);

/* The text a span contributes to its paragraph, and its link target. */
static const char *span_text(layout *l, const ispan *s, size_t *len, const char **dest)
{
	doc_target t;
	*dest = NULL;
	if (s->note) {
		lay_note(l, s);
		*dest = arena_printf(l->doc->a, "fn.%d", s->number);
		const char *num = arena_printf(l->doc->a, "%d", s->number);
		*len = strlen(num);
		return num;
	}
	if (s->xref && doc_find_target(l->doc, s->xref, &t)) {
		*dest = layout_dest(l, &t);
		const char *txt = xref_text(l, s, &t);
		*len = strlen(txt);
		return txt;
	}
	if (s->ref && doc_find_target(l->doc, s->ref, &t))
		*dest = layout_dest(l, &t);
	return s->text;
}

/* The paragraph the previous pass broke from the same text, font and
 * shape, now also this pass's; NULL if there is none.  *key is set to
 * the look-up key (the caller's to insert or free). */
static para *reuse_para(layout *l, const itext *t, const font_style *f, const para_shape *sh,
			const char *text, char **key)
{
	strbuf k = { 0 };
	/* the font by value: callers pass styles built on the stack */
	sb_printf(&k, "%p %s %.4f %d %d %.4f %.4f %.4f %.4f %s|%.4f %.4f %d %d %d\n%s",
		  (const void *)t, f->family, f->size, f->weight, f->italic, f->leading,
		  f->color.r, f->color.g, f->color.b, f->features ? f->features : "", sh->width,
		  sh->indent, sh->justify, (int)sh->align, sh->hyphenate, text);
	*key = k.s;
	para *p = l->prev ? g_hash_table_lookup(l->prev->made, k.s) : NULL;
	if (!p)
		return NULL;
	keep_para(l, p);
	g_hash_table_insert(l->made, k.s, p);
	*key = NULL;
	return p;
}

static para *make_para(layout *l, const itext *t, const char *plain,
		       const font_style *f, para_shape sh)
{
	para *p = arena_alloc(l->doc->a, sizeof *p);
	para *reused;
	char *key = NULL;
	p->color = f->color;
	font_style *fc = arena_alloc(l->doc->a, sizeof *fc);
	*fc = *f;   /* callers pass styles built on the stack */
	p->font = fc;
	strbuf all = { 0 };
	if (t) {
		p->text = t;
		p->span_start = arena_alloc(l->doc->a, (t->n + 1) * sizeof *p->span_start);
		p->span_len = arena_alloc(l->doc->a, (t->n + 1) * sizeof *p->span_len);
		p->span_dest = arena_alloc(l->doc->a, (t->n + 1) * sizeof *p->span_dest);
		for (size_t i = 0; i < t->n; i++) {
			const ispan *s = &t->spans[i];
			size_t len = s->len;
			const char *txt = span_text(l, s, &len, &p->span_dest[i]);
			p->span_start[i] = all.len;
			p->span_len[i] = len;
			sb_add(&all, txt, len);
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
		p->lines[0] = (pline){ .layout = pl, .first_note = -1 };
		if (sh.width > 0)
			p->lines[0].x = aligned_x(&sh, sh.width, line_natural(pl));
	} else if ((reused = reuse_para(l, t, f, &sh, text, &key))) {
		p = reused;
	} else {
		double t0 = now();
		/* shaped once: the breaker measures it, the lines are cut from it */
		PangoAttrList *attrs = line_attrs(p, l->st, f, 0, all.len, false);
		PangoLayout *whole = pango_layout_new(fonts_context());
		pango_layout_set_font_description(whole, d);
		pango_layout_set_text(whole, text, (int)all.len);
		pango_layout_set_attributes(whole, attrs);
		pango_attr_list_unref(attrs);
		lb_params lp = { sh.width, sh.indent, sh.justify,
				 sh.hyphenate && l->st->hyphenate ? l->hyph : NULL,
				 l->st->hyph_left, l->st->hyph_right };
		pango_layout_get_lines_readonly(whole);   /* shapes it */
		double t1 = now();
		lb_result res;
		lb_break(whole, &lp, &res);
		double t2 = now();
		shaped_para sp = { .text = text, .len = all.len, .f = f, .font = d };
		size_t cap = 0;
		for (GSList *ln = pango_layout_get_lines_readonly(whole); ln; ln = ln->next)
			for (GSList *r = ((PangoLayoutLine *)ln->data)->runs; r; r = r->next) {
				if (sp.n_runs == cap) {
					cap = cap ? 2 * cap : 16;
					sp.runs = xrealloc(sp.runs, cap * sizeof *sp.runs);
				}
				sp.runs[sp.n_runs++] = r->data;
			}
		p->n_lines = res.n;
		p->lines = arena_alloc(l->doc->a, (size_t)res.n * sizeof *p->lines);
		for (int k = 0; k < res.n; k++)
			set_line(l, p, k, &sh, &res.lines[k], &sp);
		free(sp.runs);
		g_object_unref(whole);
		lb_result_free(&res);
		keep_para(l, p);
		l->stats.t_break += t2 - t1;
		l->stats.t_shape += (t1 - t0) + (now() - t2);
		g_hash_table_insert(l->made, key, p);
		key = NULL;
	}
	if (sh.width > 0 && !sh.ellipsize) {   /* broken into lines */
		warn_overfull(l, p);
		count_lines(l, p, &sh);
	}
	p->layout = p->lines[0].layout;
	pango_font_description_free(d);
	check_glyphs(p, l->doc->path);
	sb_free(&all);
	free(key);
	return p;
}

para *layout_text(layout *l, const char *text, const font_style *f, double width,
		  PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, false, false };
	return make_para(l, NULL, text, f, sh);
}

para *layout_text_fit(layout *l, const char *text, const font_style *f, double width,
		      PangoAlignment align)
{
	para_shape sh = { width, 0, false, align, true, false };
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
	if (l->n_items && l->items[l->n_items - 1].kind == V_GLUE &&
	    !l->items[l->n_items - 1].box) {
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

static void lay_heading(layout *l, const block *sec, snode *sect, double width)
{
	const heading_style *hs = &l->st->heading[sec->level];
	if (hs->new_page)
		page_break(l);
	else
		glue(l, hs->space_before, false);
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
	para *num = layout_text(l, spans[0].text, &hs->font, 0, PANGO_ALIGN_LEFT);
	PangoRectangle logical;
	pango_layout_get_extents(num->layout, NULL, &logical);
	para_shape sh = { width, -logical.width / (double)PANGO_SCALE, false,
			  PANGO_ALIGN_LEFT, false, false };
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
	para_shape sh = { width, indent, justify, PANGO_ALIGN_LEFT, false, true };
	para *p = make_para(l, t, NULL, f, sh);
	push_lines(l, p, x, layout_snode(l, "P", parent));
}

static void roman(strbuf *b, int n, bool upper)
{
	static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	static const char *const lo[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x",
					  "ix", "v", "iv", "i" };
	static const char *const up[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X",
					  "IX", "V", "IV", "I" };
	for (int k = 0; k < 13; k++)
		while (n >= val[k]) {
			sb_adds(b, upper ? up[k] : lo[k]);
			n -= val[k];
		}
}

/* The marker of item n (1-based) of a list: "•", "3.", "c)", "iv.", "☐". */
static const char *list_mark(layout *l, const block *list, const block *item, int n)
{
	const style *st = l->st;
	strbuf b = { 0 };
	switch (list->format) {
	case LF_BULLET:
		return st->bullets[(list->level - 1) % 3];
	case LF_CHECK:
		return item->checked ? "\xe2\x98\x91" : "\xe2\x98\x90";
	case LF_DECIMAL:
		sb_printf(&b, "%d", n);
		break;
	case LF_LOWER_ALPHA:
	case LF_UPPER_ALPHA:
		/* a..z, aa..zz */
		for (int k = 0; k <= (n - 1) / 26; k++)
			sb_addc(&b, (char)((list->format == LF_LOWER_ALPHA ? 'a' : 'A') + (n - 1) % 26));
		break;
	case LF_LOWER_ROMAN:
	case LF_UPPER_ROMAN:
		roman(&b, n, list->format == LF_UPPER_ROMAN);
		break;
	}
	sb_adds(&b, list->suffix ? list->suffix : ".");
	const char *r = arena_strdup(l->doc->a, b.s);
	sb_free(&b);
	return r;
}

static void lay_blocks(layout *l, const block *parent, snode *tag, double x, double width);

static void lay_list(layout *l, const block *list, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *L = layout_snode(l, "L", parent);
	double indent = st->list_indent + (list->numbered ? 4 : 0);
	if (list->numbered && (list->format == LF_LOWER_ROMAN || list->format == LF_UPPER_ROMAN ||
			       list->start + (int)list->n > 99))
		indent += 8;
	for (size_t i = 0; i < list->n; i++) {
		const block *item = list->children[i];
		snode *li = layout_snode(l, "LI", L);
		const char *mark = list_mark(l, list, item, list->start + (int)i);
		para *label = layout_text(l, mark, &st->body, indent - 4, PANGO_ALIGN_RIGHT);
		snode *body = layout_snode(l, "LBody", li);
		para_shape sh = { width - indent, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
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

/* Definition list: the term in bold, its description indented below. */
static void lay_deflist(layout *l, const block *dl, snode *parent, double x, double width)
{
	const style *st = l->st;
	snode *L = layout_snode(l, "L", parent);
	font_style term = st->body;
	term.weight = 700;
	for (size_t i = 0; i < dl->n; i++) {
		const block *item = dl->children[i];
		snode *li = layout_snode(l, "LI", L);
		para_shape sh = { width, 0, false, PANGO_ALIGN_LEFT, false, false };
		size_t first = push_lines(l, make_para(l, &item->term, NULL, &term, sh), x,
					  layout_snode(l, "Lbl", li));
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;   /* a term stays with its text */
		sh = (para_shape){ width - st->list_indent, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
		push_lines(l, make_para(l, &item->text, NULL, &st->body, sh), x + st->list_indent,
			   layout_snode(l, "P", layout_snode(l, "LBody", li)));
		if (i + 1 < dl->n)
			glue(l, st->list_item_skip + 2, false);
	}
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
	box->tag = layout_snode(l, "Div", parent);
	double pad = st->box_pad;
	size_t start = l->n_items;
	push(l, V_GLUE)->height = pad;
	l->items[start].keep = true;
	if (b->text.n) {
		font_style title = st->body;
		title.family = st->heading[3].font.family;
		title.weight = 700;
		title.color = st->box_frame;
		para_shape sh = { width - 2 * pad, 0, false, PANGO_ALIGN_LEFT, false, false };
		size_t first = push_lines(l, make_para(l, &b->text, NULL, &title, sh), x + pad,
					  layout_snode(l, "P", box->tag));
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;
		glue(l, 3, true);
	}
	lay_blocks(l, b, box->tag, x + pad, width - 2 * pad);
	if (l->n_items > start && l->items[l->n_items - 1].kind == V_GLUE)
		l->n_items--;   /* the last block's space after */
	push(l, V_GLUE)->height = pad;
	for (size_t k = start; k < l->n_items; k++)
		if (!l->items[k].box)
			l->items[k].box = box;
}


/* "Tabelle 3: " in bold before a caption. */
static itext *numbered_caption(layout *l, const char *name, const block *b)
{
	itext *t = arena_alloc(l->doc->a, sizeof *t);
	ispan *spans = arena_alloc(l->doc->a, (b->caption.n + 1) * sizeof *spans);
	spans[0] = (ispan){ .text = arena_printf(l->doc->a, "%s\xc2\xa0%s%s", name, b->number,
						 b->caption.n ? ": " : ""),
			    .flags = IN_STRONG, .pos = b->pos };
	spans[0].len = strlen(spans[0].text);
	if (b->caption.n)
		memcpy(spans + 1, b->caption.spans, b->caption.n * sizeof *spans);
	*t = (itext){ spans, b->caption.n + 1, b->caption.n ? b->caption.pos : b->pos };
	return t;
}

static size_t lay_caption(layout *l, const char *name, const block *b, snode *parent,
			  double x, double width)
{
	para_shape sh = { width, 0, false, PANGO_ALIGN_LEFT, false, true };
	para *p = make_para(l, numbered_caption(l, name, b), NULL, &l->st->caption, sh);
	return push_lines(l, p, x, layout_snode(l, "Caption", parent));
}

static double para_natural(const para *p)
{
	double w = 0;
	for (int k = 0; k < p->n_lines; k++)
		w = fmax(w, p->lines[k].x + para_line_width(p, k));
	return w;
}

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
			best = fmax(best, para_natural(layout_text(l, w, f, 0, PANGO_ALIGN_LEFT)));
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
				para *one = make_para(l, texts[k], NULL, f,
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
	const char *text;
	para_line(p, 0, &text, NULL);
	const char *comma = strrchr(text, ',');
	if (!comma)
		return para_line_width(p, 0);
	char *pre = arena_strndup(l->doc->a, text, (size_t)(comma - text));
	return para_natural(layout_text(l, pre, &l->st->table_text, 0, PANGO_ALIGN_LEFT));
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
	row->cells = arena_alloc(l->doc->a, nc * sizeof *row->cells);
	row->tag = layout_snode(l, "TR", t->tag);
	double x = 0;
	for (size_t c = 0; c < nc; c++) {
		lcell *cell = &row->cells[c];
		const column *col = &td->cols[c];
		cell->x = x;
		cell->width = w[c];
		cell->tag = layout_snode(l, header ? "TH" : "TD", row->tag);
		cell->line_count = -1;
		x += w[c];
		const font_style *f = header ? &st->table_head : &st->table_text;
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
			para *p = make_para(l, txt, NULL, f, sh);
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
		vitem *v = push(l, V_ROW);
		v->row = part;
		v->tag = row->tag;
		v->height = lines * lead + (part->went_on ? 0 : st->cell_pad) +
			    (part->goes_on ? 0 : st->cell_pad + 6);
	}
}

static void lay_table(layout *l, const block *b, snode *parent, double x, double width)
{
	const style *st = l->st;
	const table_data *td = b->table;
	size_t start = l->n_items;
	if (td->landscape) {
		/* a wide table gets turned pages of its own */
		page_break(l);
		start = l->n_items;
		x = 0;
		width = l->measure_landscape;
	}
	ltable *t = arena_alloc(l->doc->a, sizeof *t);
	t->block = b;
	t->x = x;
	t->width = width;
	t->tag = layout_snode(l, "Table", parent);
	size_t first = l->n_items;
	if (b->caption.n || b->id) {
		lay_caption(l, st->name_table, b, t->tag, x, width);
		for (size_t k = first; k < l->n_items; k++)
			l->items[k].keep = true;
		glue(l, 4, true);
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
		vitem *v = push(l, V_ROW);
		v->row = rows[r];
		v->tag = rows[r]->tag;
		v->height = h + 2 * st->cell_pad;
		/* the header stays with the first row */
		v->keep = r == 0 && td->header && nr > 1;
	}
	free(rows);
	l->items[first].anchor = b;
	l->items[first].dest = layout_dest(l, &(doc_target){ T_TABLE, b, NULL });
	if (td->landscape) {
		for (size_t k = start; k < l->n_items; k++)
			l->items[k].landscape = true;
		page_break(l);
	}
}

static void lay_figure(layout *l, const block *b, snode *parent, double x, double width)
{
	lfigure *f = arena_alloc(l->doc->a, sizeof *f);
	f->block = b;
	f->tag = layout_snode(l, "Figure", parent);
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
	vitem *v = push(l, V_FIGURE);
	v->figure = f;
	v->height = f->height;
	v->tag = f->tag;
	v->keep = true;
	glue(l, 5, true);
	lay_caption(l, l->st->name_figure, b, f->tag, x, width);
	l->items[first].anchor = b;
	l->items[first].dest = layout_dest(l, &(doc_target){ T_FIGURE, b, NULL });
}

static void lay_note(layout *l, const ispan *s)
{
	lnote *n = &l->notes[s->number - 1];
	if (n->text)
		return;
	const style *st = l->st;
	n->ref = s;
	double num_w = st->footnote.size * 1.6;
	para_shape sh = { l->col_measure - num_w, 0, st->justify, PANGO_ALIGN_LEFT, false, true };
	n->text = make_para(l, s->note, NULL, &st->footnote, sh);
	n->label = layout_text(l, arena_printf(l->doc->a, "%d", s->number), &st->footnote,
			       0, PANGO_ALIGN_LEFT);
	n->height = n->text->n_lines * st->footnote.leading + 2;
	n->tag = layout_snode(l, "Note", l->root);
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
		para_shape sh = { width - 2 * in, 0, false, PANGO_ALIGN_RIGHT, false, false };
		para *p = make_para(l, by, NULL, &st->body, sh);
		l->items[l->n_items - 1].keep = true;   /* the source stays with the quote */
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
			lay_heading(l, b, sect, width);
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
		case B_DEFLIST:
			lay_deflist(l, b, tag, x, width);
			glue(l, st->par_skip, false);
			break;
		case B_BOX:
			glue(l, st->par_skip, false);
			lay_box(l, b, tag, x, width);
			glue(l, st->par_skip * 1.5, false);
			break;
		case B_TABLE:
			glue(l, st->par_skip * 1.5, false);
			lay_table(l, b, tag, x, width);
			glue(l, st->par_skip * 2, false);
			break;
		case B_FIGURE:
			glue(l, st->par_skip * 1.5, false);
			lay_figure(l, b, tag, x, width);
			glue(l, st->par_skip * 2, false);
			break;
		case B_CHART:
			glue(l, st->par_skip * 1.5, false);
			lay_figure(l, b, tag, x, width);
			glue(l, st->par_skip * 2, false);
			break;
		case B_ITEM:
		case B_CELL:
			break;
		}
	}
}

static itext *numbered_caption(layout *l, const char *name, const block *b);

/* One entry of the contents or of a list of tables or figures: number,
 * text, dot leaders and page, all one link. */
static void toc_entry(layout *l, snode *toc, const block *b, const itext *text,
		      const char *number, const char *dest, int level)
{
	const style *st = l->st;
	double em = st->toc_entry.size;
	double page_col = 2.5 * em;
	double indent = level == 2 ? 2.0 * em : 0;
	double numw = level == 2 ? 2.6 * em : 2.0 * em;
	font_style f = st->toc_entry;
	if (level == 1) {
		f.weight = 700;
		glue(l, em * 0.6, false);
	}
	para_shape sh = { l->measure - indent - numw - page_col, 0, false, PANGO_ALIGN_LEFT,
			  false, false };
	para *p = make_para(l, text, NULL, &f, sh);
	snode *toci = layout_snode(l, "TOCI", toc);
	size_t k = push_lines(l, p, indent + numw, layout_snode(l, "P", toci));
	l->items[k].label = layout_text(l, number, &f, numw, PANGO_ALIGN_LEFT);
	l->items[k].label_x = indent;
	l->items[k].label_tag = layout_snode(l, "Lbl", toci);
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
	para *tp = make_para(l, NULL, title, &st->toc_title, sh);
	size_t first = push_lines(l, tp, 0, layout_snode(l, "H1", l->root));
	l->items[first].heading = tb;
	l->items[first].keep = true;
	glue(l, st->heading[1].space_after + 4, true);
	return layout_snode(l, "TOC", l->root);
}

static void lay_toc(layout *l)
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
		page_break(l);
		snode *list = toc_title(l, tables ? st->name_tables : st->name_figures,
					tables ? "toc.tabellen" : "toc.abbildungen");
		block_iter_init(&it, d->body);
		for (const block *b; (b = block_iter_next(&it));) {
			if (b->kind != (tables ? B_TABLE : B_FIGURE))
				continue;
			doc_target t = { tables ? T_TABLE : T_FIGURE, b, NULL };
			const itext *cap = b->caption.n ? &b->caption :
					   numbered_caption(l, tables ? st->name_table : st->name_figure, b);
			toc_entry(l, list, b, cap, b->number, layout_dest(l, &t), 0);
		}
		block_iter_free(&it);
	}
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
						 : layout_block_page(l, t->block);
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

int layout_block_page(const layout *l, const block *b)
{
	if (b->kind == B_SECTION)
		return layout_section_page(l, b);
	for (size_t i = 0; i < l->n_anchors; i++)
		if (l->anchors[i] == b)
			return l->anchor_page[i];
	return 0;
}

/* A figure that would leave the page before it half empty floats: the
 * text after it moves up to fill that page (as LaTeX's floats do), and
 * the figure heads the next page.  Returns whether anything moved. */
static bool float_figures(layout *l)
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
			const layout *prev)
{
	layout *l = xcalloc(1, sizeof *l);
	l->hyph = hyph;
	l->doc = d;
	l->st = st;
	l->prev = prev;
	if (prev) {   /* times add up over the passes */
		l->stats.t_shape = prev->stats.t_shape;
		l->stats.t_break = prev->stats.t_break;
		l->stats.t_pages = prev->stats.t_pages;
	}
	l->stats.passes = prev ? prev->stats.passes + 1 : 1;
	l->made = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	l->measure = st->page_width - st->margin_inner - st->margin_outer;
	l->measure_landscape = st->page_height - st->margin_inner - st->margin_outer;
	/* body pages may have columns; the contents and the cover have one */
	l->columns = st->columns > 1 ? st->columns : 1;
	l->col_measure = (l->measure - (l->columns - 1) * st->column_gap) / l->columns;
	l->notes = xcalloc((size_t)d->n_notes + 1, sizeof *l->notes);
	l->n_notes = d->n_notes;
	l->root = layout_snode(l, "Document", NULL);
	l->cover_tag = layout_snode(l, "Div", l->root);
	lay_toc(l);
	l->body_start = l->n_items;
	lay_blocks(l, d->body, l->root, 0, l->col_measure);
	double t0 = now();
	pb_paginate(l);
	for (int round = 0; round < 8 && l->columns == 1 && float_figures(l); round++) {
		free(l->pages);
		l->stats.widows = l->stats.orphans = l->stats.stranded_headings = 0;
		pb_paginate(l);
	}
	l->stats.t_pages += now() - t0;
	assign_pages(l);
	assign_anchors(l);
	check_page_limit(l);
	l->prev = NULL;   /* not ours to keep */
	return l;
}

void layout_release_drawn(layout *l)
{
	for (size_t i = 0; i < l->n_broken; i++)
		release_para(l->broken[i]);
	l->n_broken = 0;
	for (size_t i = 0; i < l->n_layouts; i++)
		g_object_unref(l->layouts[i]);
	l->n_layouts = 0;
	g_hash_table_remove_all(l->made);
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
		release_para(l->broken[i]);
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
	g_hash_table_destroy(l->made);
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
